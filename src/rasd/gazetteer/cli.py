"""`rasd gazetteer …`: import place tables into the user layer, look names up.

The lead's CLI calls :func:`register` to mount these commands.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from rasd.errors import RasdError
from rasd.gazetteer.importers import AdminLocator, country_name, import_file
from rasd.gazetteer.index import Gazetteer, Place
from rasd.gazetteer.resolve import PlaceContext, Scored, haversine_km, rank
from rasd.lexicon.matcher import tokenize
from rasd.text.normalize import normalize_key

gazetteer_app = typer.Typer(help="Look places up and add your own place tables.",
                            no_args_is_help=True)
_AREA_KINDS = {"country", "admin1", "admin2", "admin3", "region"}


def register(app: typer.Typer) -> None:
    """Mount the `gazetteer` sub-app on the main CLI."""
    app.add_typer(gazetteer_app, name="gazetteer")


def _console() -> Console:
    console = Console()
    # Piped or captured output: a wide table reads better than one folded to 80 columns.
    return console if console.is_terminal else Console(width=200)


@gazetteer_app.command("import")
def import_command(
    file: Path = typer.Argument(..., help="GeoNames dump (XX.txt) or OCHA P-code table "
                                          "(.csv/.xlsx)"),
    country: Optional[str] = typer.Option(
        None, "--country", help="ISO code or name: keep only its rows (GeoNames) or set it "
                                "(OCHA tables without a country column)"),
) -> None:
    """Import a place table into your gazetteer layer (merged at the next load)."""
    console = _console()
    try:
        locator = AdminLocator(Gazetteer.load()) if file.suffix.lower() in (".txt", ".tsv") \
            else None
        result = import_file(file, country, locator=locator)
    except RasdError as err:
        console.print(f"error: {err}", markup=False, highlight=False)
        raise typer.Exit(1) from None
    console.print(f"imported {result.imported} places ({result.skipped} rows skipped) "
                  f"into {result.path}", markup=False, highlight=False)


@gazetteer_app.command("lookup")
def lookup_command(
    name: str = typer.Argument(..., help="Arabic place name as written"),
    country: Optional[str] = typer.Option(None, "--country", help="the report's country"),
    near: list[str] = typer.Option([], "--near", help="another place the report names "
                                                      "(repeatable)"),
    limit: int = typer.Option(15, "--limit", help="candidates shown"),
    text: Optional[str] = typer.Option(None, "--text", help="a sentence naming the place: "
                                                            "say what role the sentence gives it"),
) -> None:
    """Show every place called NAME, best first, with why it ranks where it does: its
    frequency as an ordinary word, its distance from the --near places and, with --text,
    the role a sentence gives it (job title, origin, destination, team…)."""
    console = _console()
    gazetteer = Gazetteer.load()
    hint = country_name(country) if country else None
    key, candidates = find_candidates(gazetteer, name)
    if not candidates:
        console.print(f"no place called {name!r} (key {key!r})", markup=False)
        raise typer.Exit(1)
    context = PlaceContext(country_hint=hint)
    for other in near:
        place = _best_place(gazetteer, other, hint)
        if place is None:
            console.print(f"warning: --near {other!r} is not in the gazetteer", markup=False)
            continue
        context.admin_hints.append(place)
    ranked = rank(candidates, context)
    console.print(_header(name, key, ranked, context, gazetteer), markup=False)
    for line in explain(gazetteer, key, ranked, context.admin_hints, text):
        console.print(line, markup=False, highlight=False)
    console.print(_table(ranked[:limit]))


def explain(gazetteer: Gazetteer, key: str, ranked: list[Scored], near: list[Place],
            text: str | None = None) -> list[str]:
    """The recogniser's decisions about a name, in words: word frequency against the
    place's rank, the spelling rule that gave the name to a place, support and distance from the report's other places, the role a
    sentence gives it."""
    from rasd.recognize.places import FAR_KM, news_rank, supported_by, word_evidence

    rank_value = max(news_rank(s.place) for s in ranked)
    lines = [f"as a word: {word_evidence(key, rank_value, gazetteer).describe()} "
             f"(rank {rank_value:.2f}); a word-like name is a place only after a head "
             "(قرية، بلدة، حي…), or after a preposition with the report's places near it"]
    lines += [f"{s.place.id}: {key!r} is a spelling variant of {s.place.name_ar!r} ({rule}; "
              "spelling_variants.yaml)" for s in ranked
              if (rule := gazetteer.variant_rule(key, s.place))]
    located = [p for p in near if p.has_coords]
    for scored in ranked[:3] if located else ():
        place = scored.place
        support = supported_by(place, near)
        if place.has_coords:
            km = min(haversine_km(place.lat, place.lon, p.lat, p.lon) for p in located)
            far = "; a namesake that far is never chosen over a nearer one" if km >= FAR_KM else ""
            lines.append(f"{place.id}: {km:.0f} km from the nearest --near place{far}; "
                         f"support: {support or 'none'}")
    if text:
        lines.append(describe_role(gazetteer, key, text))
    return lines


def describe_role(gazetteer: Gazetteer, key: str, text: str) -> str:
    """What role the words before the name give it in ``text`` (place_roles.yaml)."""
    from rasd.recognize.places import find_place_roles
    from rasd.text.normalize import normalize

    normalised = normalize(text).text
    tokens = tokenize(normalised)
    at = next((m.first for m in gazetteer.matcher().find(tokens) if m.key == key), None)
    if at is None:
        return f"in the text: {key!r} is not found"
    roles = [r for r in find_place_roles(tokens, normalised) if r.last <= at]
    near = [r for r in roles if at - r.last <= 2]
    destination = [r for r in roles if r.value in ("destination", "caption")]
    role = near[-1] if near else (destination[-1] if destination else None)
    if role is None:
        return "in the text: no role word before it: it may be where the event happened"
    word = normalised[role.start:role.end]
    return f"in the text: after {word!r} ({ROLE_MEANING[role.value]})"


ROLE_MEANING = {
    "organisation": "part of a team's or organisation's name: not a place mention",
    "title": "a job title's place: not where the event happened",
    "origin": "a person's origin: not where the event happened",
    "destination": "where people went: not where the event happened",
    "facility": "a facility's name: its own town is where it is, when one follows",
    "caption": "a photo caption's place: not where the event happened",
}


def find_candidates(gazetteer: Gazetteer, name: str) -> tuple[str, list[Place]]:
    """The places a name stands for: its key, or failing that the longest phrase the
    matcher finds at its start (which strips clitics: "بالبوكمال")."""
    key = normalize_key(name)
    candidates = gazetteer.candidates(key)
    if candidates:
        return key, candidates
    tokens = tokenize(key)
    match = gazetteer.matcher().match_at(tokens, 0) if tokens else None
    if match is None:
        return key, []
    return match.key, gazetteer.candidates(match.key)


def _best_place(gazetteer: Gazetteer, name: str, hint: str | None) -> Place | None:
    _, candidates = find_candidates(gazetteer, name)
    ranked = rank(candidates, PlaceContext(country_hint=hint))
    return ranked[0].place if ranked else None


def _header(name: str, key: str, ranked: list[Scored], context: PlaceContext,
            gazetteer: Gazetteer) -> str:
    parts = [f"{name} → {len(ranked)} candidate(s) for key '{key}'"]
    if context.country_hint:
        parts.append(f"country {context.country_hint}")
    for hint in context.admin_hints:
        parts.append(f"near {hint.name_ar} ({hint.id}, {hint.kind})")
    if gazetteer.is_common_word(key):
        parts.append("an ordinary word too: a place only after a head (مدينة، قرية…)")
    return "; ".join(parts)


def _table(ranked: list[Scored]) -> Table:
    table = Table(show_lines=False)
    for column, options in (("#", {"justify": "right"}), ("score", {"justify": "right"}),
                            ("id", {"no_wrap": True}), ("Arabic", {}), ("English", {}),
                            ("kind", {}), ("country", {}), ("admin1 / admin2", {}),
                            ("lat, lon", {"no_wrap": True}), ("why", {"overflow": "fold"})):
        table.add_column(column, **options)
    for position, scored in enumerate(ranked, start=1):
        place = scored.place
        admin = " / ".join(a for a in (place.admin1, place.admin2) if a)
        where = f"{place.lat:.4f}, {place.lon:.4f}" if place.has_coords else "—"
        table.add_row(str(position), f"{scored.score:.3f}", place.id, place.name_ar,
                      place.name_en, place.kind, place.country, admin, where,
                      "; ".join(scored.reasons))
    return table
