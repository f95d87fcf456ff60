"""Which of a clause's place mentions are where the event happened, and how precisely.

"بلدة السيال في ريف مدينة البوكمال": السيال is the place, البوكمال only context.
"أحياء التمو والأربعين في مدينة الميادين": neighbourhoods are coded to their town
(precision 2). "بين بلدتي X وY": one event, near X. Governorates named beside a
town are context; alone they place the event at precision 3.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from rasd.document import Document
from rasd.gazetteer.index import Gazetteer, Place
from rasd.lexicon.loader import load_yaml
from rasd.recognize.places import PlaceMention

TOWN_KINDS = {"city", "town", "village", "admin3", "admin2"}
AREA_KINDS = {"admin1", "country", "region"}
NEIGHBOURHOOD_WINDOW = 10  # words from a neighbourhood to the town that holds it
CONTEXT_WINDOW = 12  # words from a place to a later "ريف X" / "شرق X" that qualifies it


@dataclass(frozen=True)
class EventPlace:
    place: Place
    mention: PlaceMention
    precision: int
    confidence: float
    between: bool = False  # "بين الصرفند والبيسارية": a spot between two places, near the first


def _precision(mention: PlaceMention, place: Place) -> int:
    if place.kind in AREA_KINDS:
        return 3
    if mention.after_direction:
        # "جنوب X" with no nearer place named: somewhere near X, not X itself
        return max(2, place.precision)
    head = mention.head.value[1] if mention.head else None
    if head is not None:
        return max(head, place.precision)
    return place.precision


def _is_qualifier(doc: Document, mention: PlaceMention, earlier: list[PlaceMention]) -> bool:
    """A countryside/compass/governorate mention that qualifies an earlier place."""
    if not earlier or mention.found.first - earlier[-1].found.last > CONTEXT_WINDOW:
        return False
    # "في جبل قنديل وقضاء العمادية": a district joined by "و" is a second place, not a qualifier
    joined = (mention.head.clitic if mention.head is not None else mention.found.clitic).startswith("و")
    # "قاعدة كي وان قرب كركوك": the town near which a named place lies is a reference point
    qualifying_head = mention.head_class in ("countryside", "region") or (
        mention.head_class in ("district", "vicinity") and not joined and not _after_between(doc, mention))
    area = mention.best is not None and (mention.best.kind in AREA_KINDS or (
        mention.best.kind in ("admin2", "admin3") and not joined))
    return mention.after_direction or qualifying_head or area or _holds_site(doc, mention, earlier[-1])


SITE_KINDS = {"airport", "base", "camp", "prison", "crossing", "dam", "bridge", "landmark",
              "oil_field", "gas_field"}
SITE_TOWN_GAP = 2  # "مطار معيتيقة في طرابلس": the town right after a site holds it


def _holds_site(doc: Document, mention: PlaceMention, site: PlaceMention) -> bool:
    """A town named right after a site, with في or ب, is where the site is, not a second place."""
    return (site.best is not None and site.best.kind in SITE_KINDS and mention.best is not None
            and mention.best.kind in TOWN_KINDS | {"city"}
            and mention.found.first - site.found.last <= SITE_TOWN_GAP and _has_locative(doc, mention.found.first))


def _is_neighbourhood(mention: PlaceMention) -> bool:
    return mention.head_class in ("neighbourhood", "area") or (
        mention.best is not None and mention.best.kind in ("neighbourhood", "landmark"))


def _holding_town(mention: PlaceMention, later: list[PlaceMention]) -> Optional[PlaceMention]:
    """The town a neighbourhood lies in: the next town named close after it, preferring one
    with a settlement head or a city over a village ("مواقع كلابة والكمب شمالي مدينة تعز")."""
    near = [o for o in later if o.found.first - mention.found.last <= NEIGHBOURHOOD_WINDOW
            and o.best is not None and o.best.kind in TOWN_KINDS | {"city"}]
    headed = [o for o in near if o.head_class == "settlement" or o.best.kind in ("city", "town")]
    return (headed or near or [None])[0]


def _after_between(doc: Document, mention: PlaceMention) -> bool:
    start = mention.head.first if mention.head else mention.found.first
    return doc.positions("roles", "between").any_within(start - 1, start + 1)


def _joined_by_between(doc: Document, mention: PlaceMention, following: Optional[PlaceMention]) -> bool:
    """"بين بلدتي X وY", "طريق X – Y": one place between two, coded near the first."""
    if _after_between(doc, mention):
        return True
    if following is None or following.found.first != mention.found.last:
        return False
    gap = doc.norm.text[doc.tokens[mention.found.last - 1].end:doc.tokens[following.found.first].start]
    return gap.strip() == "-"


def _current_town(doc: Document, mention: PlaceMention) -> Optional[PlaceMention]:
    """The town the report is talking about before this mention ("حي الروضة شرقي المدينة")."""
    return doc.positions("places").last_before(
        mention.found.first, lambda m: m.best is not None and m.best.kind in ("city", "town"))


def _origin_tokens(doc: Document, first: int, last: int, kinds: set[str]) -> set[int]:
    """Tokens from "المتمركزة في…" (the attacker's own positions) or "على بعد…" (a point of
    reference) up to the next event cue."""
    tokens: set[int] = set()
    origins = [m for m in doc.within("origins", first, last) if m.value in kinds]
    if not origins:
        return tokens
    cue_starts = sorted(c.first for c in doc.within("cues", first, last))
    for match in origins:
        start = match.last
        stops = doc.within("origin_stops", start, last)
        cue_starts = sorted(cue_starts + stops[:1])
        stop = next((c for c in cue_starts if c >= start), last)
        tokens.update(range(start, stop))
    return tokens


def _neighbourhood_place(doc: Document, mention: PlaceMention, later: list[PlaceMention],
                         place: Place, precision: int):
    """(place, precision, town mention used) for a neighbourhood-like mention: the town that
    holds it; a known neighbourhood's parent; a village or district named as an area
    ("منطقتي رغوان والكسارة") is itself; an unknown one lies in the report's current town."""
    town = _holding_town(mention, later)
    if mention.head_class == "neighbourhood" and mention.best.kind != "neighbourhood":
        # "حي الروضة": a quarter of the town named next, or of the one the report is about,
        # not a village of the same name elsewhere
        town = town or _current_town(doc, mention)
        if town is not None:
            return town.best, 2, town if town in later else None
    # "سن الفيل شرقي بيروت": a place east of a town is not in it, unless its own coordinates
    # are only borrowed from a district town.
    outside = town is not None and town.after_direction and mention.best.precision == 1
    if town is not None and not outside and (town.head_class == "settlement" or mention.best.kind not in TOWN_KINDS):
        return town.best, 2, town
    if mention.best.kind == "neighbourhood" and mention.best.parent_id:
        return doc.gazetteer.parent(mention.best) or place, 2, None
    if mention.best.kind in TOWN_KINDS:
        return place, max(precision, 2), None
    current = _current_town(doc, mention)
    return (current.best, 2, None) if current else (place, precision, None)


ROLE_REACH = 2  # "محافظ X", "ابن بلدة X": the role word stands right before X (a head between)
FACILITY_REACH = 5  # "مشفى إدلب الوطني في سرمين": the facility's own place follows this close


CAUSE_REACH = 3  # "تضامناً مع أهالي غزة": the cause's places follow this close
ALL_ROLES = frozenset({"title", "origin", "destination", "caption", "facility", "cause"})
# A caption's, a destination's, a job title's or a cause's place is never where the event
# happened, even when the clause names no other; an origin may be ("مسلحين من أبناء بلدة كويا").
NEVER_EVENT_PLACES = frozenset({"destination", "caption", "title", "cause"})


def _role_tokens(doc: Document, first: int, last: int, kinds: frozenset[str] = ALL_ROLES) -> set[int]:
    """First tokens of place mentions a role word makes other than the event's place: a job
    title's or a person's origin (the place right after), a destination or a photo caption
    (up to the next event cue), a protest's cause (the places just after), a facility named
    after another town than the one it is in."""
    blocked: set[int] = set()
    roles = [r for r in doc.within("place_roles", first, last) if r.value in kinds]
    if not roles:
        return blocked
    starts = sorted(m.found.first for m in doc.within("places", first, last))
    cue_starts = sorted(c.first for c in doc.within("cues", first, last))
    for role in roles:
        after = [s for s in starts if role.last <= s <= role.last + ROLE_REACH]
        if role.value in ("title", "origin") and after:
            blocked.add(after[0])
        elif role.value == "cause":
            blocked.update(s for s in starts if role.last <= s <= role.last + CAUSE_REACH)
        elif role.value in ("destination", "caption"):
            stop = next((c for c in cue_starts if c >= role.last), last)
            blocked.update(s for s in starts if role.last <= s < stop)
        elif role.value == "facility" and after:
            located = [s for s in starts if after[0] < s <= after[0] + FACILITY_REACH
                       and _has_locative(doc, s)]
            if located:
                blocked.add(after[0])
    return blocked


def _has_locative(doc: Document, token: int) -> bool:
    """The place at ``token`` comes after "في" or the clitic ب ("في سرمين", "بسرمين")."""
    mention = doc.within("places", token, token + 1)[0]
    start = mention.head.first if mention.head else token
    clitic = mention.head.clitic if mention.head else mention.found.clitic
    words, clitics = _locatives()
    return clitic.endswith(clitics) or (start > 0 and doc.tokens[start - 1].text in words)


@lru_cache(maxsize=1)
def _locatives() -> tuple[frozenset[str], tuple[str, ...]]:
    raw = load_yaml("place_heads.yaml")["locatives"]
    return frozenset(raw["words"]), tuple(raw["clitics"])


def event_places(doc: Document, first: int, last: int, remote: bool = True) -> list[EventPlace]:
    """The places of tokens [first, last) where the event happened. For attacks from afar
    (``remote``) the attacker's own positions ("المتمركزة في…") are left out; so are places
    named only as a title's, an origin, a destination or a facility's name (place_roles.yaml)."""
    kinds = {"origin", "reference", "natives"} if remote else {"reference", "natives"}
    roles = _role_tokens(doc, first, last)
    places = _places_outside(doc, first, last, _origin_tokens(doc, first, last, kinds) | roles)
    if not places:  # "مسلحين من أبناء بلدة كويا": where they come from is all the clause names
        never = _role_tokens(doc, first, last, NEVER_EVENT_PLACES)
        places = _places_outside(doc, first, last, _origin_tokens(doc, first, last, kinds - {"natives"}) | never)
    if places and all(_names_area(p) for p in places):
        return _towns_listed_next(doc, last) or places
    return places


def _names_area(place: EventPlace) -> bool:
    """A governorate, district or countryside ("ريف إدلب"), not a town."""
    return place.place.kind in AREA_KINDS | {"admin2", "admin3"} or place.mention.head_class in (
        "countryside", "region")


LIST_GAP = 2  # "بلدات كفرنبل، وحاس وكفرومة": towns of one list stand this close


def _towns_listed_next(doc: Document, last: int) -> list[EventPlace]:
    """"قصفت الطائرات ريف إدلب، وطال القصف بلدات كفرنبل وحاس": a clause naming only an area
    takes the towns the sentence lists next (a settlement head, then names joined by و or ،)."""
    sentence = doc.sentences[doc.sentence_of(max(last - 1, 0))]
    elsewhere = _role_tokens(doc, last, sentence.last)  # "ونزح الأهالي إلى بلدات…": not where it was
    later = [m for m in doc.within("places", last, sentence.last) if m.best is not None
             and m.found.first not in elsewhere]
    start = next((i for i, m in enumerate(later) if m.head_class == "settlement"
                  and m.best.kind in TOWN_KINDS), None)
    if start is None:
        return []
    towns = [later[start]]
    for mention in later[start + 1:]:
        if mention.found.first - towns[-1].found.last > LIST_GAP or mention.best.kind not in TOWN_KINDS:
            break
        towns.append(mention)
    return [EventPlace(m.best, m, _precision(m, m.best), m.confidence) for m in towns]


def _places_outside(doc: Document, first: int, last: int, origins: set[int]) -> list[EventPlace]:
    mentions = [m for m in doc.within("places", first, last) if m.best is not None
                and m.best.kind != "country" and m.found.first not in origins
                and m.found.first >= doc.dateline_end]
    chosen: list[EventPlace] = []
    skip: set[int] = set()
    for i, mention in enumerate(mentions):
        if i in skip or _is_qualifier(doc, mention, mentions[:i]):
            continue
        place, precision = _area_seat(doc.gazetteer, mention.best), _precision(mention, mention.best)
        if _is_neighbourhood(mention):
            place, precision, town = _neighbourhood_place(doc, mention, mentions[i + 1:], place, precision)
            if town is not None and town in mentions:
                skip.add(mentions.index(town))
        following = mentions[i + 1] if i + 1 < len(mentions) else None
        between = following is not None and _joined_by_between(doc, mention, following)
        if between:
            skip.add(i + 1)
            precision = max(precision, 2)
        if all(c.place.id != place.id for c in chosen):
            chosen.append(EventPlace(place, mention, precision, mention.confidence, between))
    return _drop_areas_beside_towns(chosen)


def _area_seat(gazetteer: Gazetteer, place: Place) -> Place:
    """A governorate is coded at its capital (ACLED), when a town of that name exists."""
    if place.kind not in ("admin1", "admin2"):
        return place
    seats = [p for p in gazetteer.lookup(place.name_ar)
             if p.kind in ("city", "town") and p.country == place.country and p.has_coords]
    if not seats:
        return place
    seat = max(seats, key=lambda p: p.importance)
    return Place(**{**{f: getattr(place, f) for f in place.__dataclass_fields__},
                    "lat": seat.lat, "lon": seat.lon})


def _drop_areas_beside_towns(places: list[EventPlace]) -> list[EventPlace]:
    """A governorate named next to a town in it only says where the town is."""
    towns = [p.place for p in places if p.place.kind not in AREA_KINDS]

    def holds_a_town(area: Place) -> bool:
        if area.kind == "country":
            return any(t.country == area.country for t in towns)
        return any(t.admin1 == area.admin1 and t.country == area.country for t in towns)

    return [p for p in places if p.place.kind not in AREA_KINDS or not holds_a_town(p.place)]
