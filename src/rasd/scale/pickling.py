"""Making rasd's errors survive pickling, so they can cross process boundaries.

``RasdError(where, problem)`` takes two arguments but, like every exception,
pickles as ``cls(message)``; unpickling it in a worker then fails, which kills
the worker that receives it. Registering a reducer that rebuilds the error from
``(where, problem)`` fixes that for every pickler (multiprocessing, cloudpickle).
"""
from __future__ import annotations

import copyreg

from rasd import errors


def _rebuild(cls: type, where: str, problem: str) -> errors.RasdError:
    return cls(where, problem)


def _reduce(error: errors.RasdError):
    return _rebuild, (type(error), error.where, error.problem)


def register_error_pickling() -> None:
    """Register the reducer for RasdError and each of its subclasses (idempotent)."""
    pending = [errors.RasdError]
    while pending:
        cls = pending.pop()
        copyreg.pickle(cls, _reduce)
        pending.extend(cls.__subclasses__())
