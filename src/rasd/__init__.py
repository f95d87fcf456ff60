"""rasd (رصد): Arabic conflict reports → ACLED-coded, geocoded, evidence-grounded events.

    >>> import rasd, datetime
    >>> events = rasd.extract(text, published=datetime.date(2023, 11, 13))
"""
from rasd.errors import InputError, RasdError
from rasd.model import Event, Mention, Report, Span
from rasd.pipeline import annotate, extract

__all__ = ["extract", "annotate", "Event", "Mention", "Report", "Span", "RasdError", "InputError"]
__version__ = "0.1.0"
