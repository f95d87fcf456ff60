"""Corpora name reports by long hashes: extraction takes ids of any length; only the store,
whose columns are 200 characters wide, refuses them — with an error naming the report."""
from __future__ import annotations

import json
from datetime import date

import pytest

from rasd.errors import InputError
from rasd.io.readers import read_jsonl_lines
from rasd.model import Report
from rasd.store import Store

LONG_ID = "P" + "0123456789abcdef" * 18 + "_7"
TEXT = "قصفت طائرات حربية صباح اليوم بلدة كفرنبل في ريف إدلب الجنوبي، ما أدى إلى مقتل ثلاثة مدنيين."


def test_a_long_id_is_read_for_extraction():
    line = json.dumps({"id": LONG_ID, "text": TEXT, "published": "2023-11-13"}, ensure_ascii=False)
    (item,) = read_jsonl_lines([line], "corpus.jsonl")
    assert item.error is None and item.report.id == LONG_ID


def test_the_store_refuses_an_id_wider_than_its_column_and_names_it(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'r.db'}")
    try:
        with pytest.raises(InputError, match="'id' too long"):
            store.ingest(Report(id=LONG_ID, text=TEXT, published=date(2023, 11, 13)))
        assert store.ingest(Report(id="short", text=TEXT, published=date(2023, 11, 13))).status == "new"
    finally:
        store.close()
