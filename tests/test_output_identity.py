"""Outputs (events and mentions) stay byte-identical to the stored fingerprints on the dev
and held-out sets, the shared seed and a 3,000-report open-vocabulary corpus.

A speed or memory change must not change a single output. When outputs change on purpose
(extraction work), regenerate the fixture in its own commit:

    .venv/bin/python scripts/output_hashes.py --write
"""
import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).parents[1] / "scripts" / "output_hashes.py"


def _script():
    spec = importlib.util.spec_from_file_location("output_hashes", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hashes = _script()


@pytest.fixture(scope="module")
def expected() -> dict:
    import json

    return json.loads(hashes.FIXTURE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("corpus", ["dev", "heldout", "seed", "open-vocabulary"])
def test_outputs_match_the_fingerprints(corpus, expected):
    lines = hashes.corpus_lines(corpus)
    if lines is None:
        pytest.skip(f"{corpus}: corpus file absent")
    actual = {corpus: hashes.corpus_hashes(lines, corpus)}
    changed = hashes.differences({corpus: expected[corpus]}, actual)
    assert not changed, f"{len(changed)} report(s) changed, first: {changed[:10]}"


def test_a_changed_output_is_reported(expected):
    altered = {"dev": dict(expected["dev"], **{"DV-01": "0" * 16})}
    assert hashes.differences(expected, altered) == ["dev:DV-01"]
