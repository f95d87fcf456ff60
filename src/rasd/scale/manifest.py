"""The manifest of a Dask extraction: what became of each input shard (or part of one).

Written beside the Parquet partitions as ``manifest.json`` after every finished
or failed shard, so an interrupted run loses nothing and a re-run knows which
shards it can skip: those marked done, whose partition exists and whose input
has the same fingerprint and was read with the same options.
"""
from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone
from typing import Literal, Optional

import fsspec
from pydantic import BaseModel, Field, ValidationError

from rasd.scale.shards import ReadOptions, Shard

MANIFEST_NAME = "manifest.json"
MAX_LISTED_ERRORS = 1000  # per shard; failed_reports always has the full count


class PartRecord(BaseModel):
    """Which part of its file a task read (large files are split into parts of N reports)."""

    file: str
    number: int
    unit: Literal["bytes", "row groups"]
    start: int
    end: Optional[int] = None  # None: to the end of the file
    first_number: int  # line (JSONL) or row (Parquet) number of its first report


def part_record(shard: Shard) -> Optional[PartRecord]:
    if shard.part is None:
        return None
    return PartRecord(file=shard.url, number=shard.part, unit="row groups" if shard.kind == "parquet" else "bytes",
                      start=shard.start, end=shard.end, first_number=shard.first_number)


class ShardRecord(BaseModel):
    status: Literal["done", "failed"]
    part: Optional[PartRecord] = None  # None: the whole file
    fingerprint: str
    output: Optional[str] = None  # partition file name, relative to the output directory
    reports: int = 0
    events: int = 0
    failed_reports: int = 0
    errors: list[str] = Field(default_factory=list)  # one line per failed report (capped)
    error: Optional[str] = None  # why the whole shard failed
    attempts: int = 0
    seconds: float = 0.0
    finished: str = Field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))


class Manifest(BaseModel):
    version: int = 1
    options: dict = Field(default_factory=dict)
    reports_per_task: Optional[int] = None  # the size files were split by (each record has its part)
    shards: dict[str, ShardRecord] = Field(default_factory=dict)

    def is_finished(self, shard: Shard, outputs: set[str]) -> bool:
        """Done, from the same input, as the same part of it (a split by another size makes
        other parts under the same numbers), and its partition is there."""
        record = self.shards.get(shard.key)
        return (record is not None and record.status == "done" and record.fingerprint == shard.fingerprint
                and record.part == part_record(shard) and record.output in outputs)


def options_record(options: ReadOptions) -> dict:
    return {"published": options.published.isoformat() if options.published else None,
            "source": options.source, "max_chars": options.max_chars}


def load_manifest(root: str) -> tuple[Manifest, Optional[str]]:
    """The manifest in ``root`` (empty if none), and a warning if it was unreadable."""
    fs, path = fsspec.core.url_to_fs(root)
    target = f"{path.rstrip('/')}/{MANIFEST_NAME}"
    if not fs.exists(target):
        return Manifest(), None
    try:
        with fs.open(target, "r", encoding="utf-8") as handle:
            return Manifest.model_validate(json.load(handle)), None
    except (ValueError, ValidationError) as exc:
        return Manifest(), f"{root}/{MANIFEST_NAME}: unreadable manifest, starting afresh ({type(exc).__name__})"


def save_manifest(root: str, manifest: Manifest) -> None:
    """Replace the manifest in one step (write aside, then move), so it is never half-written."""
    fs, path = fsspec.core.url_to_fs(root)
    target = f"{path.rstrip('/')}/{MANIFEST_NAME}"
    temporary = f"{target}.{uuid.uuid4().hex}.tmp"
    with fs.open(temporary, "w", encoding="utf-8") as handle:
        handle.write(manifest.model_dump_json(indent=2))
    fs.mv(temporary, target)
