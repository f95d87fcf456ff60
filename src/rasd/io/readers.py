"""Reading reports from .txt, .jsonl and .html files, directories and stdin.

Readers never raise for one bad report: they yield a :class:`ReadItem` holding
either a validated :class:`Report` or the :class:`InputError` that names the
input and its problem, so a batch goes on past a malformed line.
"""
from __future__ import annotations

import json
import os
import re
import stat
import sys
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, BinaryIO, Iterable, Iterator, Optional, Union

from rasd.errors import InputError
from rasd.model import Report

MAX_REPORT_CHARS = 200_000  # ~100 A4 pages: longer "reports" are dumps, not articles
MIN_ARABIC_SHARE = 0.3
MAX_ID_CHARS = MAX_SOURCE_CHARS = 200  # the store's column widths (checked where reports are stored)
MAX_URL_CHARS = 2000
REPORT_SUFFIXES = {".txt", ".jsonl", ".html", ".htm"}
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")  # in a Python str, only unpaired ones remain
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100  # publication dates outside are typing errors
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3]")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class ReadItem:
    """One report read from an input, or why it could not be."""

    where: str  # file:line, file, or "<stdin>"
    report: Optional[Report] = None
    error: Optional[InputError] = None


def text_problem(value: str, limit: Optional[int] = None) -> Optional[str]:
    """What makes ``value`` unfit to store, or None. The one rule for every text field
    (report text, API fields, query parameters): no NUL character (PostgreSQL refuses
    it), no unpaired surrogate (not Unicode: it cannot be encoded to UTF-8 for any
    reader), at most ``limit`` characters."""
    if "\x00" in value:
        return "contains a NUL character"
    lone = _LONE_SURROGATE.search(value)
    if lone:
        return f"contains an unpaired surrogate (U+{ord(lone.group()):04X}), which is not valid Unicode"
    if limit is not None and len(value) > limit:
        return f"too long ({len(value):,} characters; limit {limit:,})"
    return None


def stored_field_problem(report: Report) -> Optional[str]:
    """Why ``report`` does not fit the store's columns, or None."""
    for name, value, limit in (("id", report.id, MAX_ID_CHARS), ("source", report.source, MAX_SOURCE_CHARS)):
        problem = text_problem(value, limit) if value else None
        if problem:
            return f"'{name}' {problem}"
    return None


def parse_published(value: object, where: str) -> date:
    """A publication date from a date, an ISO date or an ISO date-time string."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return _plausible(value, where)
    if not value or not isinstance(value, str):
        raise InputError(where, "missing 'published' date (YYYY-MM-DD)")
    text = value.strip()
    try:
        day = date.fromisoformat(text) if len(text) <= 10 else datetime.fromisoformat(text).date()
    except ValueError:
        raise InputError(where, f"invalid 'published' date {value[:40]!r} (expected YYYY-MM-DD)") from None
    return _plausible(day, where)


def _plausible(day: date, where: str) -> date:
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise InputError(where, f"implausible 'published' date {day} (years {EARLIEST_YEAR}-{LATEST_YEAR})")
    return day


def make_report(where: str, doc_id: str, text: object, published: object,
                source: object = None, url: object = None,
                max_chars: int = MAX_REPORT_CHARS) -> Report:
    """Validate the parts of a report; raise :class:`InputError` naming ``where``."""
    if not isinstance(text, str) or not text.strip():
        raise InputError(where, "empty text")
    if len(text) > max_chars:
        raise InputError(where, f"text too long ({len(text):,} characters; limit {max_chars:,})")
    if "\x00" in text:
        raise InputError(where, "binary content (NUL bytes) in text")
    # Extraction takes ids and sources of any length (corpora use long hashes as ids); the
    # store's column widths are checked by the store (`stored_field_problem`).
    for name, value, limit in (("text", text, None), ("id", str(doc_id), None),
                               ("source", source, None), ("url", url, MAX_URL_CHARS)):
        problem = text_problem(str(value), limit) if value else None
        if problem:
            raise InputError(where, f"'{name}' {problem}")
    letters = len(_LETTER.findall(text))
    arabic = len(_ARABIC_LETTER.findall(text))
    if letters == 0 or arabic / letters < MIN_ARABIC_SHARE:
        raise InputError(where, "text is not Arabic")
    return Report(
        id=str(doc_id), text=text, published=parse_published(published, where),
        source=str(source) if source else None, url=str(url) if url else None,
    )


def _decode(raw: bytes, where: str) -> str:
    if b"\x00" in raw[:4096]:
        raise InputError(where, "binary file, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(where, f"not UTF-8 (byte {exc.start})") from None


def read_jsonl_lines(lines: Iterable[str], name: str, max_chars: int = MAX_REPORT_CHARS,
                     default_published: Optional[date] = None) -> Iterator[ReadItem]:
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield read_jsonl_record(line, name, number, max_chars, default_published)


def read_jsonl_record(line: str, name: str, number: int, max_chars: int,
                       default_published: Optional[date]) -> ReadItem:
    where = f"{name}:{number}"
    try:
        record = json.loads(line)
        if not isinstance(record, dict):
            raise InputError(where, "a JSONL line must be an object")
        doc_id = record.get("id") or f"{Path(name).stem}-{number}"
        where = f"{where} (id {doc_id})"
        report = make_report(where, doc_id, record.get("text"),
                             record.get("published") or default_published,
                             record.get("source"), record.get("url"), max_chars)
        return ReadItem(where, report=report)
    except json.JSONDecodeError as exc:
        return ReadItem(where, error=InputError(where, f"malformed JSON ({exc.msg}, column {exc.colno})"))
    except InputError as exc:
        return ReadItem(exc.where, error=exc)


def open_regular(path: Path, where: str) -> BinaryIO:
    """``path`` opened for reading if it is a regular file; InputError otherwise.

    Opened non-blocking, so a FIFO cannot hang us before we see what it is; devices
    (/dev/zero), FIFOs and sockets are refused by what the open file *is* (fstat),
    not by its name, so a symbolic link to one is refused too."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise InputError(where, f"cannot read file ({exc.strerror})") from None
    kind = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(kind):
        os.close(descriptor)
        raise InputError(where, f"not a regular file ({_kind_name(kind)}); give a file or a directory")
    os.set_blocking(descriptor, True)
    return os.fdopen(descriptor, "rb")


def _kind_name(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "not a file"


def read_regular_file(path: Path, where: str, max_bytes: int) -> bytes:
    """The bytes of a regular file, refused beyond ``max_bytes`` — counted while reading,
    never trusted from the file's stated size (/proc files say 0, others may grow)."""
    with open_regular(path, where) as handle:
        content = handle.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise InputError(where, f"file too large (more than {max_bytes:,} bytes)")
    return content


def read_jsonl(path: Path, max_chars: int = MAX_REPORT_CHARS,
               default_published: Optional[date] = None) -> Iterator[ReadItem]:
    try:
        handle = open_regular(path, str(path))
    except InputError as exc:
        yield ReadItem(str(path), error=exc)
        return
    with handle:
        for number, raw in enumerate(handle, start=1):
            try:
                line = _decode(raw, f"{path}:{number}")
            except InputError as exc:
                yield ReadItem(exc.where, error=exc)
                continue
            if line.strip():
                yield read_jsonl_record(line, str(path), number, max_chars, default_published)


def html_to_text(html: str, where: str) -> tuple[str, Optional[str], Optional[str]]:
    """Main text, publication date and title of an article page (trafilatura)."""
    import trafilatura

    document = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    if document is None or not (document.text or "").strip():
        raise InputError(where, "no article text found in the HTML page")
    return document.text, document.date, document.url


def read_text_file(path: Path, published: Optional[date], source: Optional[str],
                   max_chars: int = MAX_REPORT_CHARS) -> ReadItem:
    where = str(path)
    try:
        text = _decode(read_regular_file(path, where, max_chars * 8), where)
        url = None
        page_date: object = published
        if path.suffix.lower() in {".html", ".htm"}:
            text, found_date, url = html_to_text(text, where)
            page_date = published or found_date
        report = make_report(where, path.stem, text, page_date, source, url, max_chars)
        return ReadItem(where, report=report)
    except InputError as exc:
        return ReadItem(where, error=exc)
    except OSError as exc:
        return ReadItem(where, error=InputError(where, f"cannot read file ({exc.strerror})"))


def walk_files(root: Path, suffixes: set[str]) -> Iterator[Union[Path, ReadItem]]:
    """Files below ``root`` with one of ``suffixes``, in a stable order; what cannot be
    looked at (an unreadable directory, a broken symbolic link) comes as a ReadItem
    naming it, so nothing is skipped silently."""
    try:
        entries = sorted(os.scandir(root), key=lambda entry: entry.name)
    except OSError as exc:
        yield ReadItem(str(root), error=InputError(str(root), f"cannot read directory ({exc.strerror})"))
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.is_symlink() and not path.exists():
            yield ReadItem(str(path), error=InputError(str(path), "broken symbolic link"))
        elif entry.is_symlink() and path.is_dir():  # could loop back up: name it, don't follow
            yield ReadItem(str(path), error=InputError(str(path), "symbolic link to a directory, not followed "
                                                                  "(give the directory itself)"))
        elif entry.is_dir(follow_symlinks=False):
            yield from walk_files(path, suffixes)
        elif path.suffix.lower() in suffixes:
            yield path


def iter_files(root: Path) -> Iterator[Union[Path, ReadItem]]:
    """Report files below ``root`` (and ReadItems for what could not be looked at)."""
    return walk_files(root, REPORT_SUFFIXES)


def read_stdin(stream: IO[str], published: Optional[date], source: Optional[str],
               max_chars: int = MAX_REPORT_CHARS) -> Iterator[ReadItem]:
    where = "<stdin>"
    try:
        text = stream.read()
    except UnicodeDecodeError as exc:
        yield ReadItem(where, error=InputError(where, f"not UTF-8 (byte {exc.start})"))
        return
    if text.lstrip().startswith("{"):
        yield from read_jsonl_lines(text.splitlines(), where, max_chars, published)
        return
    try:
        yield ReadItem(where, report=make_report(where, "stdin", text, published, source, None, max_chars))
    except InputError as exc:
        yield ReadItem(where, error=exc)


def read_inputs(inputs: Iterable[str], published: Optional[date] = None,
                source: Optional[str] = None, max_chars: int = MAX_REPORT_CHARS,
                stdin: Optional[IO[str]] = None) -> Iterator[ReadItem]:
    """Every report in ``inputs`` (paths, directories or "-"), in order."""
    for name in inputs:
        if name == "-":
            yield from read_stdin(stdin or sys.stdin, published, source, max_chars)
            continue
        path = Path(name)
        if path.is_dir():
            for found in iter_files(path):
                if isinstance(found, ReadItem):
                    yield found
                else:
                    yield from read_inputs([str(found)], published, source, max_chars)
        elif not path.exists():
            problem = "broken symbolic link" if path.is_symlink() else "no such file or directory"
            yield ReadItem(name, error=InputError(name, problem))
        elif path.suffix.lower() == ".jsonl":
            yield from read_jsonl(path, max_chars, published)
        else:
            yield read_text_file(path, published, source, max_chars)
