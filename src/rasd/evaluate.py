"""Scoring predicted events against gold, by the coding guide's matching rules.

A predicted event matches a gold event of the same report when the event_type is
equal, the places are within 10 km and the dates within one day. Gold events
marked ``optional`` are neither required (no miss when absent) nor false
positives (a prediction matching one is not counted).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable, Optional

from rasd.lexicon.loader import load_yaml

MATCH_KM = 10.0
MATCH_DAYS = 1


@dataclass(frozen=True)
class ScoredEvent:
    doc_id: str
    event_date: date
    event_type: str
    sub_event_type: str
    actor1: Optional[str]
    actor2: Optional[str]
    latitude: Optional[float]
    longitude: Optional[float]
    fatalities: Optional[int]
    location: Optional[str]
    optional: bool = False


@dataclass
class Scores:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    agreement_counts: dict[str, int] = field(default_factory=dict)
    matched: int = 0
    misses: list[ScoredEvent] = field(default_factory=list)
    spurious: list[ScoredEvent] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 0.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def agreement(self, name: str) -> float:
        return self.agreement_counts.get(name, 0) / self.matched if self.matched else 0.0

    def as_dict(self) -> dict:
        return {
            "precision": round(self.precision, 4), "recall": round(self.recall, 4),
            "f1": round(self.f1, 4), "true_positives": self.true_positives,
            "false_positives": self.false_positives, "false_negatives": self.false_negatives,
            "matched": self.matched,
            "agreement": {name: round(self.agreement(name), 4) for name in AGREEMENT_FIELDS},
        }


AGREEMENT_FIELDS = ("sub_event_type", "actor1", "actor2", "event_date", "fatalities")


def _km(a: ScoredEvent, b: ScoredEvent) -> float:
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return math.inf
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def is_match(gold: ScoredEvent, pred: ScoredEvent) -> bool:
    return (gold.event_type == pred.event_type
            and abs((gold.event_date - pred.event_date).days) <= MATCH_DAYS
            and _km(gold, pred) <= MATCH_KM)


def _families() -> dict[str, str]:
    """Actor name → its family, from the actor dictionary (plus the guide's IRGC rule)."""
    try:
        actors = load_yaml("actors.yaml") or []
    except FileNotFoundError:
        actors = []
    families = {a["name"]: a["family"] for a in actors if a.get("family")}
    families.setdefault("Military Forces of Iran: Islamic Revolutionary Guard Corps", "Iran-backed Militias")
    return families


def actor_agrees(gold: Optional[str], pred: Optional[str], families: dict[str, str]) -> bool:
    """Equal, or the prediction is a more specific member of the gold's family."""
    return gold == pred or (pred is not None and families.get(pred) == gold)


def _pair_score(gold: ScoredEvent, pred: ScoredEvent) -> tuple:
    return (gold.sub_event_type == pred.sub_event_type, gold.event_date == pred.event_date,
            -_km(gold, pred))


def _match_document(gold: list[ScoredEvent], pred: list[ScoredEvent]) -> list[tuple[ScoredEvent, ScoredEvent]]:
    """Greedy one-to-one matching, best pairs first, required gold before optional."""
    pairs = [(g, p) for g in gold for p in pred if is_match(g, p)]
    pairs.sort(key=lambda gp: (not gp[0].optional, _pair_score(*gp)), reverse=True)
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    matched = []
    for g, p in pairs:
        if id(g) in used_gold or id(p) in used_pred:
            continue
        used_gold.add(id(g))
        used_pred.add(id(p))
        matched.append((g, p))
    return matched


def score(gold: Iterable[ScoredEvent], pred: Iterable[ScoredEvent]) -> Scores:
    by_doc_gold: dict[str, list[ScoredEvent]] = {}
    by_doc_pred: dict[str, list[ScoredEvent]] = {}
    for event in gold:
        by_doc_gold.setdefault(event.doc_id, []).append(event)
    for event in pred:
        by_doc_pred.setdefault(event.doc_id, []).append(event)
    families = _families()
    scores = Scores(agreement_counts={name: 0 for name in AGREEMENT_FIELDS})
    for doc_id in sorted(set(by_doc_gold) | set(by_doc_pred)):
        _score_document(by_doc_gold.get(doc_id, []), by_doc_pred.get(doc_id, []), scores, families)
    return scores


def _score_document(gold: list[ScoredEvent], pred: list[ScoredEvent], scores: Scores,
                    families: dict[str, str]) -> None:
    matched = _match_document(gold, pred)
    matched_gold = {id(g) for g, _ in matched}
    matched_pred = {id(p) for _, p in matched}
    for g, p in matched:
        if g.optional:
            continue
        scores.true_positives += 1
        scores.matched += 1
        counts = scores.agreement_counts
        counts["sub_event_type"] += g.sub_event_type == p.sub_event_type
        counts["actor1"] += actor_agrees(g.actor1, p.actor1, families)
        counts["actor2"] += actor_agrees(g.actor2, p.actor2, families)
        counts["event_date"] += g.event_date == p.event_date
        counts["fatalities"] += (g.fatalities or 0) == (p.fatalities or 0)
    for g in gold:
        if id(g) not in matched_gold and not g.optional:
            scores.false_negatives += 1
            scores.misses.append(g)
    for p in pred:
        if id(p) not in matched_pred:
            scores.false_positives += 1
            scores.spurious.append(p)


def _scored_event(doc_id: str, record: dict, optional: bool = False) -> ScoredEvent:
    return ScoredEvent(
        doc_id=str(doc_id), event_date=date.fromisoformat(str(record["event_date"])[:10]),
        event_type=record["event_type"], sub_event_type=record.get("sub_event_type") or "",
        actor1=record.get("actor1"), actor2=record.get("actor2"),
        latitude=record.get("latitude"), longitude=record.get("longitude"),
        fatalities=record.get("fatalities"), location=record.get("location"), optional=optional,
    )


def _read_jsonl(path: Path) -> Iterable[tuple[int, dict]]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: malformed JSON ({exc.msg})") from None


def load_gold(path: Path) -> list[ScoredEvent]:
    events = []
    for number, doc in _read_jsonl(path):
        try:
            events.extend(_scored_event(doc["id"], e, bool(e.get("optional"))) for e in doc["events"])
        except (KeyError, ValueError, TypeError) as exc:
            raise ValueError(f"{path}:{number}: not a gold report ({exc})") from None
    return events


def load_predictions(path: Path) -> list[ScoredEvent]:
    events = []
    for number, record in _read_jsonl(path):
        try:
            events.append(_scored_event(record["doc_id"], record))
        except (KeyError, ValueError, TypeError) as exc:
            raise ValueError(f"{path}:{number}: not an event record ({exc})") from None
    return events


def evaluate_files(gold: Path, pred: Path) -> Scores:
    return score(load_gold(gold), load_predictions(pred))


def _describe(event: ScoredEvent) -> str:
    return (f"{event.doc_id} {event.event_date} {event.sub_event_type} | {event.actor1} → "
            f"{event.actor2} | {event.location}")


def format_scores(scores: Scores, details: bool = False) -> str:
    lines = [
        f"events: precision {scores.precision:.3f}  recall {scores.recall:.3f}  F1 {scores.f1:.3f}",
        f"  true positives {scores.true_positives}, false positives {scores.false_positives}, "
        f"misses {scores.false_negatives}",
        f"agreement on {scores.matched} matched events:",
    ]
    lines += [f"  {name:<15} {scores.agreement(name):.3f}" for name in AGREEMENT_FIELDS]
    if details:
        lines += ["misses:"] + [f"  - {_describe(e)}" for e in scores.misses]
        lines += ["false positives:"] + [f"  + {_describe(e)}" for e in scores.spurious]
    return "\n".join(lines)
