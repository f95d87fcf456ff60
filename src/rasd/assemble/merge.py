"""The unit-of-analysis rule inside one report: fill in missing attackers and places
from the report's discourse, then merge candidates that are the same event.
"""
from __future__ import annotations

from typing import Optional

from rasd.assemble.events import Candidate
from rasd.assemble.places import AREA_KINDS

VAGUE_HEADS = {"countryside", "region"}


def is_vague(candidate: Candidate) -> bool:
    """No place of its own, or only a governorate / a countryside: a restatement, maybe."""
    place = candidate.place
    if place is None or candidate.place_inherited:
        return True
    return place.place.kind in AREA_KINDS or place.mention.head_class in VAGUE_HEADS


def fill_from_discourse(candidates: list[Candidate]) -> None:
    """Attackers and places a clause leaves out come from the report's earlier events."""
    for index, candidate in enumerate(candidates):
        earlier = [c for c in candidates[:index] if c.kind.family == candidate.kind.family]
        if candidate.kind.similar and earlier:
            _repeat(candidate, earlier[-1])
        if not candidate.roles.agents:
            donor = next((c for c in reversed(earlier) if c.roles.agents), None)
            if donor is not None:
                candidate.roles.agents = donor.roles.agents[:1]
        if candidate.place is None:
            donor = next((c for c in reversed(candidates[:index]) if c.place is not None), None)
            if donor is not None:
                candidate.place = donor.place
                candidate.place_inherited = True


def _repeat(candidate: Candidate, previous: Candidate) -> None:
    """'قصف مماثل': the same kind of event as the one before, by the same attacker."""
    candidate.kind = type(candidate.kind)(
        previous.kind.sub_event_type, previous.kind.event_type, previous.kind.family,
        candidate.kind.trigger, candidate.kind.typing_cue, True)
    if not candidate.roles.agents:
        candidate.roles.agents = previous.roles.agents[:1]


def _agent_name(candidate: Candidate) -> Optional[str]:
    return candidate.agent.name if candidate.agent else None


def _compatible(a: Candidate, b: Candidate) -> bool:
    names = {_agent_name(a), _agent_name(b)}
    return len(names - {None}) <= 1


def _same_event(a: Candidate, b: Candidate) -> bool:
    return (a.kind.event_type == b.kind.event_type and a.date.day == b.date.day
            and a.place is not None and b.place is not None
            and a.place.place.id == b.place.place.id and _compatible(a, b))


def _absorb(keeper: Candidate, other: Candidate) -> None:
    keeper.casualties += other.casualties
    keeper.weapons = sorted(set(keeper.weapons) | set(other.weapons))
    if not keeper.roles.agents:
        keeper.roles.agents = other.roles.agents
    if not keeper.roles.targets:
        keeper.roles.targets = other.roles.targets
    if keeper.civilian_found is None and not keeper.roles.targets:
        keeper.civilian_found = other.civilian_found


def _restated(candidate: Candidate, specific: list[Candidate]) -> Optional[Candidate]:
    """The specific event a vague candidate restates (same type and day), nearest first."""
    same = [c for c in specific if c.kind.event_type == candidate.kind.event_type
            and c.date.day == candidate.date.day and _compatible(c, candidate)]
    return min(same, key=lambda c: abs(c.first - candidate.first), default=None)


def merge_candidates(candidates: list[Candidate]) -> list[Candidate]:
    fill_from_discourse(candidates)
    specific = [c for c in candidates if not is_vague(c)]
    kept: list[Candidate] = []
    for candidate in candidates:
        if is_vague(candidate):
            target = _restated(candidate, specific)
            if target is not None:
                _absorb(target, candidate)
                continue
        twin = next((k for k in kept if _same_event(k, candidate)), None)
        if twin is not None:
            _absorb(twin, candidate)
        else:
            kept.append(candidate)
    return kept
