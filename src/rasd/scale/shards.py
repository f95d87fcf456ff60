"""Input shards of a large corpus: finding them, fingerprinting them, reading them.

A shard is one JSONL file (optionally compressed) or one Parquet file with the
columns id, text, published, source, url, on any filesystem fsspec knows (local
paths, s3://, gs://, hdfs://, ...). Reading streams line by line or by Parquet
record batch, so a shard is never held in memory whole.

A large shard is split into parts of about N reports (:func:`split_shard`), so one
big file keeps a whole cluster busy: an uncompressed JSONL file by line ranges (the
byte offsets found in one pass over the file, the first line number kept so every
report reads exactly as in one piece), a Parquet file by runs of row groups. A
compressed JSONL file cannot be entered in the middle and stays one part.
"""
from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass, replace
from datetime import date
from typing import Iterator, Optional

import fsspec
from fsspec.core import url_to_fs

from rasd.errors import InputError
from rasd.io.readers import MAX_REPORT_CHARS, ReadItem, make_report
# The JSONL line parser behind read_jsonl, reused so a shard reads exactly as `rasd extract` reads it.
from rasd.io.readers import read_jsonl_record

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".jsonl.bz2", ".jsonl.xz", ".jsonl.zst")
PARQUET_SUFFIXES = (".parquet", ".pq")
PARQUET_COLUMNS = ("id", "text", "published", "source", "url")
PARQUET_BATCH = 512
# fsspec info() keys that change when a file's content does, by filesystem.
_VERSION_KEYS = ("mtime", "LastModified", "last_modified", "updated", "ETag", "etag", "md5Hash", "generation")


@dataclass(frozen=True)
class ReadOptions:
    """How reports are read, as given to `rasd extract` (part of the manifest)."""

    published: Optional[date] = None
    source: Optional[str] = None
    max_chars: int = MAX_REPORT_CHARS


@dataclass(frozen=True)
class Shard:
    """One input file, or one part of it: where it is, what it looks like now, where its
    events go."""

    url: str  # fsspec URL, or a plain path for local files
    kind: str  # "jsonl" | "parquet"
    fingerprint: str  # changes when the file changes
    part: Optional[int] = None  # None: the whole file
    start: int = 0  # JSONL: first byte; Parquet: first row group
    end: Optional[int] = None  # one past the last byte / row group (None: to the end)
    first_number: int = 1  # line (JSONL) or row (Parquet) number of the part's first report

    @property
    def key(self) -> str:
        """Names the unit of work in the manifest: the URL, with the part number if split."""
        return self.url if self.part is None else f"{self.url}#part-{self.part:05d}"

    @property
    def stem(self) -> str:
        return stem_of(self.url)

    @property
    def output_name(self) -> str:
        """The Parquet partition for this shard: stable across runs, unique per URL and part."""
        digest = hashlib.sha1(self.url.encode("utf-8")).hexdigest()[:10]
        part = "" if self.part is None else f"-part{self.part:05d}"
        return f"{self.stem}-{digest}{part}.parquet"


def stem_of(url: str) -> str:
    """The file name without its shard suffix: "2019-03.jsonl.gz" → "2019-03"."""
    name = posixpath.basename(url.rstrip("/"))
    for suffix in JSONL_SUFFIXES + PARQUET_SUFFIXES:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


def shard_kind(path: str) -> Optional[str]:
    lower = path.lower()
    if lower.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if lower.endswith(PARQUET_SUFFIXES):
        return "parquet"
    return None


def _display_url(fs: fsspec.AbstractFileSystem, path: str) -> str:
    return path if "file" in _protocols(fs) else fs.unstrip_protocol(path)


def _protocols(fs: fsspec.AbstractFileSystem) -> tuple[str, ...]:
    return (fs.protocol,) if isinstance(fs.protocol, str) else tuple(fs.protocol)


def fingerprint(fs: fsspec.AbstractFileSystem, path: str) -> str:
    """Size plus the filesystem's version stamp, or a content hash where it has none."""
    info = fs.info(path)
    for key in _VERSION_KEYS:
        if info.get(key) is not None:
            return f"size={info.get('size')};{key}={info[key]}"
    digest = hashlib.sha256()
    with fs.open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return f"size={info.get('size')};sha256={digest.hexdigest()}"


def list_shards(inputs: list[str]) -> tuple[list[Shard], list[InputError]]:
    """Every shard named by ``inputs`` (files, directories, globs, URLs), in a stable order."""
    shards: list[Shard] = []
    problems: list[InputError] = []
    for name in inputs:
        try:
            shards.extend(_expand(name))
        except InputError as exc:
            problems.append(exc)
        except (OSError, ValueError, ImportError) as exc:
            problems.append(InputError(name, f"cannot list shards ({type(exc).__name__}: {exc})"))
    return shards, problems


def _expand(name: str) -> list[Shard]:
    fs, path = url_to_fs(name)
    if any(char in path for char in "*?["):
        paths = sorted(fs.glob(path))
    elif fs.isdir(path):
        paths = sorted(p for p in fs.find(path) if shard_kind(p))
    elif fs.exists(path):
        if not shard_kind(path):
            raise InputError(name, "not a shard (expected .jsonl[.gz] or .parquet)")
        paths = [path]
    else:
        raise InputError(name, "no such file or directory")
    found = [Shard(_display_url(fs, p), shard_kind(p), fingerprint(fs, p)) for p in paths if shard_kind(p)]
    if not found:
        raise InputError(name, "no .jsonl or .parquet shards found")
    return found


def split_shard(shard: Shard, reports_per_part: int) -> list[Shard]:
    """The shard as parts of about ``reports_per_part`` reports, in order (itself if small)."""
    if shard.part is not None or reports_per_part < 1:
        return [shard]
    fs, path = url_to_fs(shard.url)
    if shard.kind == "parquet":
        bounds = _row_group_runs(fs, path, reports_per_part)
    elif _compression(shard.url) is None:
        bounds = _line_runs(fs, path, reports_per_part)
    else:
        return [shard]
    if len(bounds) < 2:
        return [shard]
    ends = [start for start, _ in bounds[1:]] + [None]
    return [replace(shard, part=n, start=start, end=end, first_number=first)
            for n, ((start, first), end) in enumerate(zip(bounds, ends))]


def _compression(url: str) -> Optional[str]:
    return fsspec.utils.infer_compression(url)


def _line_runs(fs: fsspec.AbstractFileSystem, path: str, lines_per_run: int) -> list[tuple[int, int]]:
    """(first byte, first line number) of consecutive runs of ``lines_per_run`` lines."""
    bounds, lines, offset, target = [(0, 1)], 0, 0, lines_per_run
    size = fs.size(path)
    with fs.open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            at = 0
            while lines + block.count(b"\n", at) >= target:
                for _ in range(target - lines):  # the boundary falls in this block: walk to it
                    at = block.index(b"\n", at) + 1
                lines, target = target, target + lines_per_run
                if offset + at < size:
                    bounds.append((offset + at, lines + 1))
            lines += block.count(b"\n", at)
            offset += len(block)
    return bounds


def _row_group_runs(fs: fsspec.AbstractFileSystem, path: str, rows_per_run: int) -> list[tuple[int, int]]:
    """(first row group, first row number) of consecutive runs of about ``rows_per_run`` rows."""
    import pyarrow.parquet as pq

    with fs.open(path, "rb") as handle:
        meta = pq.ParquetFile(handle).metadata
        bounds, rows, run = [(0, 1)], 0, 0
        for group in range(meta.num_row_groups):
            if run >= rows_per_run:
                bounds.append((group, rows + 1))
                run = 0
            count = meta.row_group(group).num_rows
            rows, run = rows + count, run + count
    return bounds


def read_shard(shard: Shard, options: ReadOptions) -> Iterator[ReadItem]:
    """Every report in a shard, as `rasd extract` would read it; bad rows become error items."""
    if shard.kind == "parquet":
        return _read_parquet(shard, options)
    return _read_jsonl(shard, options)


def _lines(handle, start: int, end: Optional[int], url: str) -> Iterator[bytes]:
    """The lines of ``handle`` from byte ``start`` to byte ``end`` (a line boundary)."""
    if start == 0 and end is None:
        yield from handle
        return
    if start > 0:
        handle.seek(start - 1)
        if handle.read(1) != b"\n":  # the task fails (and is retried, then reported)
            raise InputError(url, f"changed since it was split: byte {start} no longer begins a line")
    handle.seek(start)
    at = start
    while end is None or at < end:
        raw = handle.readline()
        if not raw:
            return
        at += len(raw)
        yield raw


def _read_jsonl(shard: Shard, options: ReadOptions) -> Iterator[ReadItem]:
    url = shard.url
    with fsspec.open(url, "rb", compression="infer") as handle:
        for number, raw in enumerate(_lines(handle, shard.start, shard.end, url),
                                       start=shard.first_number):
            try:
                line = raw.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                where = f"{url}:{number}"
                yield ReadItem(where, error=InputError(where, f"not UTF-8 (byte {exc.start})"))
                continue
            if line.strip():
                yield read_jsonl_record(line, url, number, options.max_chars, options.published)


def _read_parquet(shard: Shard, options: ReadOptions) -> Iterator[ReadItem]:
    import pyarrow.parquet as pq

    url = shard.url
    with fsspec.open(url, "rb") as handle:
        table = pq.ParquetFile(handle)
        columns = [c for c in PARQUET_COLUMNS if c in table.schema_arrow.names]
        if "text" not in columns:
            raise InputError(url, "Parquet shard has no 'text' column")
        number = shard.first_number - 1
        groups = range(shard.start, table.num_row_groups if shard.end is None else shard.end)
        for batch in table.iter_batches(batch_size=PARQUET_BATCH, columns=columns,
                                           row_groups=list(groups)):
            for row in batch.to_pylist():
                number += 1
                yield _parquet_row(row, url, number, options)


def _parquet_row(row: dict, url: str, number: int, options: ReadOptions) -> ReadItem:
    doc_id = row.get("id") or f"{stem_of(url)}-{number}"
    where = f"{url}:row {number} (id {doc_id})"
    try:
        report = make_report(where, doc_id, row.get("text"), row.get("published") or options.published,
                             row.get("source") or options.source, row.get("url"), options.max_chars)
        return ReadItem(where, report=report)
    except InputError as exc:
        return ReadItem(where, error=exc)

