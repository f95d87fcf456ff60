"""The unit-of-analysis rule inside one report: fill in missing attackers and places
from the report's discourse, then merge candidates that are the same event.
"""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Optional

from rasd.lexicon.loader import load_yaml

from rasd.assemble.events import Candidate
from rasd.assemble.nearby import CandidateIndex
from rasd.assemble.places import AREA_KINDS
from rasd.gazetteer.resolve import haversine_km
from rasd.recognize.numbers import KILLED_KINDS

VAGUE_HEADS = {"countryside", "region"}


def is_vague(candidate: Candidate) -> bool:
    """No place of its own, only a governorate or a countryside, or a governorate's name
    that may be its capital ("في دير الزور"): a restatement, maybe."""
    place = candidate.place
    if place is None or candidate.place_inherited:
        return True
    if place.place.kind in AREA_KINDS:
        return True
    kinds = {p.kind for p in place.mention.candidates}
    if place.mention.head_class == "region":
        return True  # "محافظة X", "مقاطعة الشهباء": a region, whatever town shares its name
    if place.mention.head_class in VAGUE_HEADS:
        return "admin1" in kinds  # "ريف إدلب" is vague, "ريف عين عيسى" or "بادية السخنة" a place
    return "admin1" in kinds and place.mention.head is None


def fill_from_discourse(candidates: list[Candidate]) -> None:
    """Attackers and places a clause leaves out come from the report's earlier events;
    the target of a response ("ردت قسد بقصف…") is whoever acted before."""
    told = _Told()
    for candidate in candidates:
        previous = told.last_of_family.get(candidate.kind.family)
        if candidate.response and not candidate.roles.targets and previous and previous.roles.agents:
            previous_agent = previous.roles.agents[0]
            if not candidate.agent or candidate.agent.name != previous_agent.name:
                candidate.roles.targets = [previous_agent]
        if candidate.kind.similar and previous:
            _repeat(candidate, previous)
        if not candidate.roles.agents and candidate.response:
            # "ردّت على مصادر النيران": the other side answers; not the attacker before
            actor = _nearest_armed_actor(candidate, [], exclude=told.attackers)
            candidate.roles.agents = [actor] if actor else []
        if not candidate.roles.agents:
            donor = _agent_donor(candidate, told)
            if donor is None and candidate.kind.event_type == "Strategic developments":
                candidate.roles.agents = _own_force(candidate) or (
                    [actor] if (actor := _nearest_armed_actor(candidate, candidates)) else [])
            elif donor is not None:
                candidate.roles.agents = donor.roles.agents[:1]
                if not candidate.roles.targets and donor.sentence == candidate.sentence:
                    candidate.roles.targets = donor.roles.targets[:1]
        if candidate.place is None:
            # another side's act told after this one's is not placed where the first one was
            donor = next((c for c in reversed(told.placed) if c.sentence == candidate.sentence
                          or _compatible(c, candidate)), None)
            if donor is not None:
                candidate.place = donor.place
                candidate.place_inherited = True
        told.add(candidate)


class _Told:
    """What the candidates told so far offer the next one (each is final once told)."""

    def __init__(self) -> None:
        self.last_of_family: dict[str, Candidate] = {}
        self.placed: list[Candidate] = []
        self.attackers: set[str] = set()  # each one's first attacker
        self.with_agents_by_sentence: dict[int, list[Candidate]] = {}
        self.with_agents_by_type: dict[str, list[Candidate]] = {}

    def add(self, candidate: Candidate) -> None:
        self.last_of_family[candidate.kind.family] = candidate
        if candidate.place is not None:
            self.placed.append(candidate)
        if candidate.roles.agents:
            self.attackers.add(candidate.roles.agents[0].name)
            self.with_agents_by_sentence.setdefault(candidate.sentence, []).append(candidate)
            self.with_agents_by_type.setdefault(candidate.kind.sub_event_type, []).append(candidate)


def _own_force(candidate: Candidate) -> list:
    """"أوقفت دورية من الجيش اللبناني…": the force named in the clause made the arrest."""
    forces = [t for t in candidate.roles.targets if t.actor.inter == "State forces"]
    if forces:
        candidate.roles.targets = [t for t in candidate.roles.targets if t is not forces[0]]
    return forces[:1]


def _nearest_armed_actor(candidate: Candidate, others: list[Candidate], exclude: set[str] = frozenset()):
    """For a move that needs an actor (arrests, closures): the armed actor named last
    before it, in its sentence or the one before ("أعلن جهاز مكافحة الإرهاب… اعتقال"),
    that is not the attacker of another event there."""
    doc = candidate.doc
    first = doc.sentences[max(0, candidate.sentence - 1)].first
    attackers = {a.name for c in others if c is not candidate for a in c.roles.agents} | set(exclude)
    before = [a for a in doc.within("actors", first, candidate.first)
              if a.actor.inter not in ("Civilians", "Protesters") and a.name not in attackers]
    return before[-1] if before else None


# Whoever intercepts an attack is not the attacker of the sentence before.
OWN_ACTOR_TYPES = {"Disrupted weapons use"}


def _agent_donor(candidate: Candidate, told: _Told) -> Optional[Candidate]:
    """Whose attacker a clause without one inherits: the previous clause of the same sentence
    ("نصب مقاتلون كميناً… وفجّروا عبوة"), else an earlier event of the same kind (aircraft
    after artillery may be someone else's)."""
    sub_event_type = candidate.kind.sub_event_type
    own_type = sub_event_type in OWN_ACTOR_TYPES
    generic = _generic(candidate)  # "وأسفر العدوان عن…" refers back to an attack, not to any act

    def fits(donor: Candidate) -> bool:
        return (not own_type or donor.kind.sub_event_type == sub_event_type) and (
            not generic or donor.kind.family == candidate.kind.family)

    same_sentence = told.with_agents_by_sentence.get(candidate.sentence, ())
    donor = next((c for c in reversed(same_sentence) if fits(c)), None)
    if donor is not None:
        return donor
    return next((c for c in reversed(told.with_agents_by_type.get(sub_event_type, ())) if fits(c)), None)


def _repeat(candidate: Candidate, previous: Candidate) -> None:
    """'قصف مماثل': the same kind of event as the one before, by the same attacker."""
    candidate.kind = type(candidate.kind)(
        previous.kind.sub_event_type, previous.kind.event_type, previous.kind.family,
        candidate.kind.trigger, candidate.kind.typing_cue, True)
    if not candidate.roles.agents:
        candidate.roles.agents = previous.roles.agents[:1]


def _agent_name(candidate: Candidate) -> Optional[str]:
    return candidate.agent.name if candidate.agent else None


def _pair(candidate: Candidate) -> frozenset:
    names = {_agent_name(candidate), candidate.target.name if candidate.target else None}
    return frozenset(names - {None})


SYMMETRIC_TYPES = {"Battles"}  # a clash is one event whoever the report names first


def _compatible(a: Candidate, b: Candidate) -> bool:
    """Same attacker, one unknown, or the same two sides named the other way round
    ("اشتباكات بين قسد والعشائر"); in a clash any shared side; crowds always."""
    if {a.kind.event_type, b.kind.event_type} <= CROWD_TYPES:
        return True
    names = {_agent_name(a), _agent_name(b)}
    if len(names - {None}) <= 1 or (len(_pair(a)) == 2 and _pair(a) == _pair(b)):
        return True
    if _generic(a) or _generic(b):  # "عدوان على جنين" then "مواجهات بين المقاومين والاحتلال"
        return bool(_pair(a) & _pair(b))
    if a.kind.event_type not in SYMMETRIC_TYPES:
        return False
    return bool(_pair(a) & _pair(b)) or len(_pair(a)) < 2 or len(_pair(b)) < 2


CROWD_TYPES = {"Protests", "Riots"}  # a protest that turns violent is coded once, as the riot


WEAK_PRIORITY = 2  # "انفجار", "قصف": says that something exploded, not how


def _generic(candidate: Candidate) -> bool:
    cue = candidate.kind.typing_cue.value
    return cue.role == "generic" or cue.priority <= WEAK_PRIORITY


def _same_type(a: Candidate, b: Candidate) -> bool:
    """Same sub-event type, or one of them only typed by a generic verb; protests and
    riots at one place and day are one event."""
    if {a.kind.event_type, b.kind.event_type} <= CROWD_TYPES:
        return True
    if a.kind.event_type != b.kind.event_type:
        return False
    if a.kind.event_type == "Battles":
        return True  # the clash that won a town is part of the territorial change
    return a.kind.sub_event_type == b.kind.sub_event_type or _generic(a) or _generic(b)


VIOLENT_FAMILIES = {"remote", "battle", "civilians"}  # a vague "attack" can be any of these
SAME_PLACE_KM = 5.0
DISTINCT_PLACES_KM = 1.0
SETTLEMENTS = {"city", "town", "village"}  # a landmark or district near a town may be that town  # two gazetteer entries for one town (district and city, say)


# Merging compares the same pairs of places in every pass, and news names the same towns
# report after report.
_km = lru_cache(maxsize=65_536)(haversine_km)


def _same_place(a: Candidate, b: Candidate) -> bool:
    """One gazetteer entry, or two entries for one town (its district and its city); two
    villages each named precisely are two places, however close (coding guide)."""
    if a.place is None or b.place is None:
        return False
    pa, pb = a.place.place, b.place.place
    if pa.id == pb.id:
        return True
    if not (pa.has_coords and pb.has_coords):
        return False
    both_named = (pa.kind in SETTLEMENTS and pb.kind in SETTLEMENTS
                  and not a.place.between and not b.place.between)
    reach = DISTINCT_PLACES_KM if both_named else SAME_PLACE_KM
    return _km(pa.lat, pa.lon, pb.lat, pb.lon) <= reach


def _same_event(a: Candidate, b: Candidate) -> bool:
    """Same type, day, place and actors; a generic restatement ("استهدفت عصابات داعش
    قطعاتنا في الطارمية") matches an event of any type there, a day either side."""
    if not (_same_place(a, b) and _compatible(a, b)):
        return False
    if _same_type(a, b) and a.date.day == b.date.day:
        return True
    violent = {a.kind.family, b.kind.family} <= VIOLENT_FAMILIES
    return violent and (_generic(a) or _generic(b)) and abs((a.date.day - b.date.day).days) <= 1


CASUALTY_SENTENCES = 1  # a restatement further away may give totals of several events


def _absorb(keeper: Candidate, other: Candidate, same_place: bool = False) -> None:
    stronger = other.kind.typing_cue.value.priority > keeper.kind.typing_cue.value.priority
    if stronger and _generic(keeper) and not _generic(other) and not _same_type(keeper, other):
        # "عدوان على جنين… مواجهات عنيفة": the specific account says what it was and who
        keeper.kind = other.kind
        keeper.roles.agents = other.roles.agents or keeper.roles.agents
        keeper.roles.targets = other.roles.targets or keeper.roles.targets
    elif stronger and _same_type(keeper, other):
        keeper.kind = other.kind
    keeper.weapons = sorted(set(keeper.weapons) | set(other.weapons))
    near = abs(other.sentence - keeper.sentence) <= CASUALTY_SENTENCES
    if same_place or near:  # a distant restatement may give totals of several events
        keeper.casualties += other.casualties
    if not near:
        return  # nor is a distant speaker's attribution the attacker of this event
    keeper.time_found = keeper.time_found or other.time_found
    if not keeper.roles.agents:
        keeper.roles.agents = other.roles.agents
    if not keeper.roles.targets:
        keeper.roles.targets = other.roles.targets


def _restated(candidate: Candidate, pool: Optional[CandidateIndex]) -> Optional[Candidate]:
    """The event a vague candidate restates (same type and day), nearest first: a specific
    one inside its area; for a candidate with no place at all, any other (``pool``). A
    candidate typed only by a generic verb ("في هجمات شنّها…") says nothing of its type: in
    its own sentence it is part of any event."""
    if pool is None:
        return None
    day = candidate.date.day
    if candidate.place_inherited:  # a place borrowed from the story told before: only there,
        nearby = pool.near(candidate, sentences=CASUALTY_SENTENCES)  # or in the sentences just before
        nearby = [c for c in nearby if _same_place(c, candidate)
                  or abs(candidate.sentence - c.sentence) <= CASUALTY_SENTENCES]
    elif candidate.place is None:
        nearby = pool.on_day(day)
    elif candidate.place.place.kind == "country":
        nearby = pool.in_country(day, candidate.place.place.country)
    else:
        nearby = pool.in_governorate(day, candidate.place.place.admin1)
    same = [c for c in nearby if c is not candidate and c.place is not None and c.date.day == day
            and _compatible(c, candidate) and _inside(c, candidate)
            and (_same_type(c, candidate) or (_generic(candidate) and c.sentence == candidate.sentence))]
    return min(same, key=lambda c: abs(c.first - candidate.first), default=None)


def _inside(specific: Candidate, vague: Candidate) -> bool:
    """The specific event lies in the vague one's area (or the vague one names none)."""
    if vague.place is None or vague.place_inherited:
        return True
    area = vague.place.place
    if area.kind == "country":
        return specific.place.place.country == area.country
    return specific.place.place.admin1 == area.admin1


def _detentions_by_authorities(candidates: list[Candidate]) -> None:
    """"اختطفت مليشيا الحوثي…": a detention by state forces or a de facto authority is an
    arrest (coding guide), whatever the outlet calls it."""
    defaults = load_yaml("event_defaults.yaml")
    authorities = set(defaults["de_facto_authorities"])
    arrests = load_yaml("cues.yaml")["sub_event_types"]["Arrests"]
    for candidate in candidates:
        agent = candidate.agent
        if candidate.kind.sub_event_type != "Abduction/forced disappearance" or agent is None:
            continue
        if agent.name in authorities or agent.actor.inter == "State forces":
            candidate.kind = replace(candidate.kind, sub_event_type="Arrests", event_type=arrests,
                                     family="strategic")


def _coreference() -> dict:
    return load_yaml("coreference.yaml")


def _part_of(candidate: Candidate, larger: Candidate) -> bool:
    """A strike or shelling at a battle's place and day, by one side on the other; the
    destruction a strike caused, by the same attacker."""
    if candidate.kind.sub_event_type not in _coreference()["parts_of"].get(larger.kind.event_type, ()):
        return False
    if candidate.date.day != larger.date.day or not _same_place(candidate, larger) or candidate.casualties:
        return False  # an act with a toll of its own is an event of its own
    if larger.kind.event_type != "Battles":
        return _agent_name(candidate) in (None, _agent_name(larger))
    sides = _pair(larger)
    target = candidate.target.name if candidate.target else None
    on_a_side = target in sides or (target is None and candidate.civilian_found is None)
    return bool(sides) and _agent_name(candidate) in sides and on_a_side


def _dispersed(candidate: Candidate, protest: Candidate) -> bool:
    """A force's act on a crowd told with the protest: the intervention in that protest."""
    rules = _coreference()["crowd_interventions"]
    if protest.kind.event_type not in CROWD_TYPES or candidate.kind.sub_event_type not in rules["absorbed"]:
        return False
    if candidate.date.day != protest.date.day or abs(candidate.sentence - protest.sentence) > rules["sentences"]:
        return False
    return candidate.place is None or protest.place is None or _same_place(candidate, protest)


def _absorb_intervention(protest: Candidate, act: Candidate) -> None:
    rules = _coreference()["crowd_interventions"]
    protest.casualties += act.casualties
    protest.roles.targets = protest.roles.targets or act.roles.agents
    if protest.kind.sub_event_type in rules["keep"]:
        return
    killed = any(c.value.kind in KILLED_KINDS for c in protest.casualties)
    sub = rules["retype_with_deaths"] if killed else rules["retype"]
    types = load_yaml("cues.yaml")["sub_event_types"]
    protest.kind = replace(protest.kind, sub_event_type=sub, event_type=types[sub])


def _parts_of_larger_events(candidates: list[Candidate]) -> list[Candidate]:
    """Sub-actions of a battle and interventions in a protest join the larger event."""
    rules = _coreference()
    parts = {sub for subs in rules["parts_of"].values() for sub in subs}
    interventions = set(rules["crowd_interventions"]["absorbed"])
    reach = rules["crowd_interventions"]["sentences"]
    index = CandidateIndex(candidates)
    kept: list[Candidate] = []
    for candidate in candidates:
        sub_event_type = candidate.kind.sub_event_type
        if sub_event_type in parts:
            larger = next((c for c in index.near(candidate) if c is not candidate and _part_of(candidate, c)), None)
            if larger is not None:
                _absorb(larger, candidate, same_place=True)
                continue
        if sub_event_type in interventions:
            protest = next((c for c in index.around(candidate.sentence, reach)
                            if c is not candidate and _dispersed(candidate, c)), None)
            if protest is not None:
                _absorb_intervention(protest, candidate)
                continue
        kept.append(candidate)
    return kept


def merge_candidates(candidates: list[Candidate]) -> list[Candidate]:
    fill_from_discourse(candidates)
    _detentions_by_authorities(candidates)
    candidates = _parts_of_larger_events(candidates)
    specific = [c for c in candidates if not is_vague(c)]
    pool = CandidateIndex(specific) if specific else None
    everyone = CandidateIndex(candidates)
    kept = CandidateIndex()
    out: list[Candidate] = []
    for candidate in candidates:
        if is_vague(candidate):
            target = _restated(candidate, pool or (everyone if candidate.place is None else None))
            if target is not None:
                _absorb(target, candidate)
                continue
        twin = next((k for k in kept.near(candidate) if _same_event(k, candidate)), None)
        if twin is not None:
            _absorb(twin, candidate, same_place=True)
        else:
            kept.add(candidate)
            out.append(candidate)
    return out
