"""`rasd gazetteer lookup|import`, mounted on a local Typer app."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from rasd.gazetteer.cli import register

FIXTURES = Path(__file__).parent / "fixtures" / "gazetteer"


@pytest.fixture
def app(tmp_path, tmp_path_factory, monkeypatch) -> typer.Typer:
    monkeypatch.setenv("RASD_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "rasd-cache"))
    monkeypatch.setenv("RASD_DATA_DIR", str(tmp_path / "data"))
    app = typer.Typer()

    @app.callback()
    def main() -> None:  # a group, so "gazetteer" stays a sub-command
        pass

    register(app)
    return app


def run(app: typer.Typer, *args: str):
    return CliRunner().invoke(app, list(args))


def test_lookup_shows_why_one_wins(app):
    result = run(app, "gazetteer", "lookup", "الصالحية", "--country", "SY",
                 "--near", "البوكمال")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "near البوكمال" in out
    first_row = next(line for line in out.splitlines() if re.match(r"│\s+1 │", line))
    assert "sy:C5181" in first_row and "same district" in out
    assert out.index("sy:C5181") < out.index("sy:C6416")


def test_lookup_strips_clitics_and_flags_common_words(app):
    result = run(app, "gazetteer", "lookup", "بالبوكمال")
    assert result.exit_code == 0 and "sy:C5167" in result.output
    common = run(app, "gazetteer", "lookup", "السوق")
    assert "ordinary word" in common.output


def test_lookup_explains_frequency_distance_and_role(app):
    result = run(app, "gazetteer", "lookup", "حلب", "--near", "إدلب",
                 "--text", "قال محافظ حلب إن القصف طال بلدة عندان")
    assert result.exit_code == 0, result.output
    assert "word frequency" in result.output and "reads as a name" in result.output
    assert "km from the nearest --near place" in result.output
    assert "job title" in result.output


def test_lookup_says_which_spelling_rule_found_a_place(app):
    # Rawanduz is also written without the و of its last syllable
    result = run(app, "gazetteer", "lookup", "راوندز")
    assert result.exit_code == 0, result.output
    assert "spelling variant of 'راوندوز' (long vowel dropped" in result.output
    own = run(app, "gazetteer", "lookup", "راوندوز")
    assert "spelling variant" not in own.output


def test_lookup_unknown(app):
    result = run(app, "gazetteer", "lookup", "مكانلاوجودله")
    assert result.exit_code == 1 and "no place called" in result.output


def test_import_then_lookup(app):
    result = run(app, "gazetteer", "import", str(FIXTURES / "ocha_pcodes.csv"))
    assert result.exit_code == 0, result.output
    assert "imported 2 places (1 rows skipped)" in result.output
    found = run(app, "gazetteer", "lookup", "التوخار")
    assert found.exit_code == 0 and "user:X9002" in found.output


def test_import_bad_file_is_one_line(app):
    result = run(app, "gazetteer", "import", str(FIXTURES / "bad_geonames.txt"))
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:") and "bad_geonames.txt:2" in lines[0]
