"""Query parameters of the incident-level reads on top of the shared event filter."""
from __future__ import annotations

from enum import Enum
from typing import Optional

from fastapi import Depends, Query

from rasd.api.filters import event_filter
from rasd.store.records import EventFilter


class Review(str, Enum):
    contested = "contested"
    needs_review = "needs_review"


class Sort(str, Enum):
    newest = "newest"
    oldest = "oldest"


def review_filter(
    base: EventFilter = Depends(event_filter),
    review: Optional[Review] = Query(None, description="contested: outlets disagree on who or how many; "
                                     "needs_review: low confidence, one source or conflicting figures"),
    incident_id: Optional[int] = Query(None, ge=1, description="only this incident's events"),
) -> EventFilter:
    if review is None and incident_id is None:
        return base
    return base.model_copy(update={"review": review.value if review else None, "incident_id": incident_id})
