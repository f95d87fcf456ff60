"""Dev-set and seed scores must not fall below their floors: event F1 ≥ 0.85 (issue 8; issue 2
set 0.80), actor1 agreement ≥ 0.85 and date agreement ≥ 0.90 on the dev set; every required
event of the seed report found, with precision ≥ 0.7."""
import json
from datetime import date
from pathlib import Path

import pytest

from rasd.evaluate import load_gold, score, _scored_event
from rasd.model import Report
from rasd.pipeline import extract_report

DEV = Path(__file__).parent / "data" / "dev.jsonl"
# A second set written later by another of us, in other outlets' styles (tests/data/HELDOUT.md);
# its floor guards against rules that only fit the dev set.
HELDOUT = Path(__file__).parent / "data" / "heldout.jsonl"
HELDOUT_FLOORS = {"f1": 0.80, "actor1": 0.80, "event_date": 0.95}
SEED = Path(__file__).parents[1].parent / "shared" / "gold" / "seed.jsonl"
FLOORS = {"f1": 0.85, "actor1": 0.95, "event_date": 0.95}


def predict(path: Path):
    preds = []
    for line in path.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        report = Report(id=doc["id"], text=doc["text"], published=date.fromisoformat(doc["published"]))
        preds += [_scored_event(e.doc_id, e.to_record()) for e in extract_report(report)]
    return score(load_gold(path), preds)


def test_dev_set_scores_stay_above_the_floor():
    scores = predict(DEV)
    assert scores.f1 >= FLOORS["f1"], scores.as_dict()
    assert scores.agreement("actor1") >= FLOORS["actor1"], scores.as_dict()
    assert scores.agreement("event_date") >= FLOORS["event_date"], scores.as_dict()


@pytest.mark.skipif(not SEED.exists(), reason="shared seed report not beside the project")
def test_seed_report_finds_every_required_event():
    scores = predict(SEED)
    assert scores.false_negatives == 0 and scores.precision >= 0.7, scores.as_dict()


def test_second_gold_set_scores_stay_above_its_floor():
    scores = predict(HELDOUT)
    assert scores.f1 >= HELDOUT_FLOORS["f1"], scores.as_dict()
    assert scores.agreement("actor1") >= HELDOUT_FLOORS["actor1"], scores.as_dict()
    assert scores.agreement("event_date") >= HELDOUT_FLOORS["event_date"], scores.as_dict()
