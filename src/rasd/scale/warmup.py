"""Loading lexicons and the gazetteer once per worker process, before any report.

The pipeline loads its data lazily (module-level caches). A worker that warms up
by coding one small built-in report pays that cost once at start-up instead of on
its first real report, and every later report reuses the loaded data. Warming up
goes through the public pipeline, so it loads whatever the pipeline needs without
this module knowing the internals.
"""
from __future__ import annotations

import logging
from datetime import date

log = logging.getLogger(__name__)

# Written for warm-up only: touches cue, actor, weapon, place, date and number lexicons.
WARMUP_TEXT = (
    "قصفت طائرات حربية صباح اليوم بلدة في ريف إدلب الجنوبي بالصواريخ، "
    "ما أدى إلى مقتل ثلاثة مدنيين وإصابة خمسة آخرين يوم الأحد."
)

_warmups = 0


def warm_up() -> None:
    """Load the pipeline's data in this process (idempotent; never raises)."""
    global _warmups
    if _warmups:
        return
    _warmups += 1
    from rasd.pipeline import extract, tune_collection_for_batches

    tune_collection_for_batches()  # a worker process does nothing but code reports: for good

    try:
        extract(WARMUP_TEXT, date(2020, 1, 1), doc_id="warm-up")
    except Exception as exc:  # noqa: BLE001 - a broken pipeline shows on the real reports
        log.warning("warm-up failed: %s", exc)


def warmups_done() -> int:
    """How many times this process warmed up (1 once warmed, for tests and checks)."""
    return _warmups
