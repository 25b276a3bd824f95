"""Exports: CSV with BOM, XLSX readable by openpyxl, identical bytes for identical tables, atomic."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from civcomm.output import atomic
from civcomm.output import tables as export


def frame():
    return pd.DataFrame({"country": ["Қазақстан", "Сингапур"], "refs": [["a#1", "b"], ["c"]], "n": [1, 2]})


def test_csv_has_bom_and_cyrillic(tmp_path):
    path, = export.write_table(frame(), "t", lang="kk", formats=["csv"], out_dir=tmp_path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "Қазақстан" in data.decode("utf-8-sig")
    assert "a#1; b" in data.decode("utf-8-sig")


def test_xlsx_opens_and_is_deterministic(tmp_path):
    a, = export.write_table(frame(), "t", formats=["xlsx"], out_dir=tmp_path / "a")
    b, = export.write_table(frame(), "t", formats=["xlsx"], out_dir=tmp_path / "b")
    assert a.read_bytes() == b.read_bytes()
    ws = openpyxl.load_workbook(io.BytesIO(a.read_bytes())).active
    assert [c.value for c in ws[1]] == ["country", "refs", "n"]
    assert ws["A2"].value == "Қазақстан"


def test_unknown_format_is_an_error(tmp_path):
    with pytest.raises(ValueError, match="unknown table format 'pdf'"):
        export.write_table(frame(), "t", formats=["pdf"], out_dir=tmp_path)


def test_failed_write_keeps_previous_file(tmp_path, monkeypatch):
    path = tmp_path / "x.csv"
    atomic.atomic_write_bytes(path, b"old")

    def boom(*a, **k):
        raise OSError("disk full")
    monkeypatch.setattr(atomic.os, "replace", boom)
    with pytest.raises(OSError):
        atomic.atomic_write_bytes(path, b"new")
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.csv"]


def test_xlsx_carries_no_save_time():
    from civcomm.present.tablespec import generic_spec, render

    data = export.xlsx_bytes(render(generic_spec("t", frame()), frame(), "kk"))
    import zipfile
    core = zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z</dcterms:modified>" in core
    assert all(i.date_time == atomic.FIXED_ZIP_TIME for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
