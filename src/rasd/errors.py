"""Errors a user can cause: each names the input and the problem, on one line."""
from __future__ import annotations


class RasdError(Exception):
    """Base of every error caused by user input; ``str()`` is the one-line message."""

    def __init__(self, where: str, problem: str):
        self.where = where
        self.problem = problem
        super().__init__(f"{where}: {problem}")

    def __reduce__(self):
        # Picklable across worker processes (the default would pass one argument).
        return (type(self), (self.where, self.problem))


class InputError(RasdError):
    """A file, line or report that cannot be read or is not a valid report."""


class ExtractionError(RasdError):
    """A readable report that the pipeline could not process."""
