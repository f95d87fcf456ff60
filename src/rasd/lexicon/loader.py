"""Reading the package's data files (lexicons, cue lists, clitics)."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml


@lru_cache(maxsize=None)
def data_path(name: str) -> Path:
    return Path(str(resources.files("rasd") / "data" / name))


@lru_cache(maxsize=None)
def load_yaml(name: str) -> Any:
    with data_path(name).open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
