"""Actor families and "unknown" actors, for deciding whether two reports' actors agree."""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

from rasd.lexicon.loader import data_path, load_yaml

UNKNOWN_PREFIX = "Unidentified"


@lru_cache(maxsize=1)
def family_of_actor() -> dict[str, str]:
    """Canonical actor name → family name (the lead's actors.yaml wins when it has families)."""
    families = _families_from_actor_dictionary()
    if families:
        return families
    return {member: family for family, members in load_yaml("actor_families.yaml").items()
            for member in members}


def _families_from_actor_dictionary() -> dict[str, str]:
    if not data_path("actors.yaml").exists():
        return {}
    try:
        entries = load_yaml("actors.yaml")
    except Exception:  # noqa: BLE001 - a half-written dictionary must not break the store
        return {}
    if not isinstance(entries, list):
        return {}
    return {entry["name"]: entry["family"] for entry in entries
            if isinstance(entry, dict) and entry.get("name") and entry.get("family")}


def family(actor: Optional[str]) -> Optional[str]:
    """The family an actor belongs to; a family (or an actor without one) is its own."""
    if actor is None:
        return None
    return family_of_actor().get(actor, actor)


def is_unknown(actor: Optional[str]) -> bool:
    return actor is None or actor.startswith(UNKNOWN_PREFIX)


def actors_compatible(a: Optional[str], b: Optional[str]) -> Optional[str]:
    """Why two actor names can be the same party ("same", "one unknown", "same family"), or None."""
    if a == b:
        return "same"
    if is_unknown(a) or is_unknown(b):
        return "one unknown"
    if family(a) == family(b):
        return f"same family ({family(a)})"
    return None
