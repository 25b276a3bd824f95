"""`civcomm merge`: shards' outputs/ joined into one bundle; mismatched or conflicting bundles refused (exit 2)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from civcomm import cli
from civcomm.runner import merge
from civcomm.runner.merge import strip_provenance

STAMP = {"commit": "a" * 40, "data_version": "0123456789ab", "code_version": "ba9876543210"}


def _report(rid: str, body: str, run_at: str = "2026-11-28 10:00:00") -> bytes:
    return (f'<html><body><div class="civcomm-provenance"><table><tr><th>run at (UTC)</th><td>{run_at}</td></tr>'
            f"</table></div><p>{body}</p></body></html>\n").encode()


def _bundle(root: Path, reports: dict[str, str], files: dict[str, bytes] | None = None, shard: str | None = None,
            run_at: str = "2026-11-28 10:00:00", **stamp) -> Path:
    """A bundle as `civcomm run` leaves it: manifest, index, assets, reports, tables."""
    manifest = {**STAMP, **stamp, "shard": shard, "reports": {}}
    for rid, body in reports.items():
        manifest["reports"][rid] = {"notebook": rid.split(".")[0] + ".py", "params": {"lang": rid[-2:]},
                                    "key": f"key-{rid}", "reads": {"data/codebook.yaml": "f" * 64}}
        (root / "reports").mkdir(parents=True, exist_ok=True)
        (root / "reports" / f"{rid}.html").write_bytes(_report(rid, body, run_at))
    for rel, data in {"assets/plotly.min.js": b"/* plotly */", **(files or {})}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    (root / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (root / "index.html").write_text(f"<p>index of {root.name} only</p>", encoding="utf-8")
    return root


def _merge(*args: str | Path) -> int:
    return cli.main(["merge", *map(str, args)])


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def shards(tmp_path) -> tuple[Path, Path]:
    a = _bundle(tmp_path / "s1", {"01_x.lang-en": "English", "01_x.lang-ru": "Russian"}, shard="1/2",
                files={"tables/t.en.csv": b"a,b\n1,2\n", "tables/common.csv": b"id\nx\n"})
    b = _bundle(tmp_path / "s2", {"01_x.lang-kk": "Kazakh"}, shard="2/2", run_at="2026-11-28 10:05:00",
                files={"tables/t.kk.csv": b"a,b\n3,4\n", "tables/common.csv": b"id\nx\n"})
    return a, b


def test_two_shards_become_one_bundle_with_one_manifest_and_index(shards, tmp_path, capsys):
    out = tmp_path / "merged"
    assert _merge(*shards, "--out", out) == 0
    files = _snapshot(out)
    assert sorted(files) == ["assets/plotly.min.js", "datapackage.json", "index.html", "index.kk.html", "index.ru.html",
                             "manifest.json",
                             "reports/01_x.lang-en.html", "reports/01_x.lang-kk.html", "reports/01_x.lang-ru.html",
                             "sources.bib", "sources.json", "tables/common.csv", "tables/t.en.csv", "tables/t.kk.csv"]
    package = json.loads(files["datapackage.json"])  # rebuilt for the merged bundle: every shard's tables
    assert sorted(r["path"] for r in package["resources"]) == ["tables/common.csv", "tables/t.en.csv", "tables/t.kk.csv"]
    assert files["reports/01_x.lang-kk.html"] == (shards[1] / "reports/01_x.lang-kk.html").read_bytes()
    manifest = json.loads(files["manifest.json"])
    assert sorted(manifest["reports"]) == ["01_x.lang-en", "01_x.lang-kk", "01_x.lang-ru"]
    assert manifest["shard"] is None and manifest["commit"] == STAMP["commit"]
    index = "".join(files[p].decode() for p in ("index.html", "index.kk.html", "index.ru.html"))
    assert all(f'href="reports/{rid}.html"' in index for rid in manifest["reports"])
    assert 'href="tables/t.kk.csv"' in index and 'href="tables/t.en.csv"' in index
    # the bundles' data version and commit, not those of the checkout the merge runs in
    assert STAMP["data_version"] in index and STAMP["commit"] in index
    assert "3 report(s)" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir() if ".merge-" in p.name] == []


def test_argument_order_does_not_change_the_bundle(shards, tmp_path):
    assert _merge(*shards, "--out", tmp_path / "ab") == 0
    assert _merge(*reversed(shards), "--out", tmp_path / "ba") == 0
    ab, ba = _snapshot(tmp_path / "ab"), _snapshot(tmp_path / "ba")
    assert ab.keys() == ba.keys()
    assert all(strip_provenance(rel, ab[rel]) == strip_provenance(rel, ba[rel]) for rel in ab)


@pytest.mark.parametrize("key, shown", [("commit", "commit"), ("data_version", "data version"),
                                        ("code_version", "code version")])
def test_bundles_of_different_commits_or_data_are_refused_and_the_target_kept(shards, tmp_path, capsys, key, shown):
    target = _bundle(tmp_path / "outputs", {"01_x.lang-en": "the last good bundle"})
    before = _snapshot(target)
    manifest = json.loads((shards[1] / "manifest.json").read_text())
    manifest[key] = "b" * len(STAMP[key])
    (shards[1] / "manifest.json").write_text(json.dumps(manifest))
    assert _merge(*shards, "--out", target) == 2
    err = capsys.readouterr().err.splitlines()
    assert f"s2/manifest.json: {key}: made from {shown} '{'b' * len(STAMP[key])}', but" in err[0]
    assert f"(expected bundles of one {shown}" in err[0] and "s1" in err[0]
    assert err[-1].endswith("left as it was") and len(err) == 2
    assert _snapshot(target) == before


def test_a_bundle_without_a_recorded_commit_is_refused(shards, capsys, tmp_path):
    manifest = json.loads((shards[0] / "manifest.json").read_text())
    del manifest["commit"]
    (shards[0] / "manifest.json").write_text(json.dumps(manifest))
    assert _merge(*shards, "--out", tmp_path / "m") == 2
    assert "s1/manifest.json: commit: not recorded" in capsys.readouterr().err
    assert not (tmp_path / "m").exists()


def test_same_file_with_different_bytes_is_refused_naming_it(shards, tmp_path, capsys):
    (shards[1] / "tables" / "common.csv").write_bytes(b"id\ny\n")
    (shards[1] / "assets" / "plotly.min.js").write_bytes(b"/* another plotly */")
    assert _merge(*shards, "--out", tmp_path / "m") == 2
    err = capsys.readouterr().err
    assert "s2/tables/common.csv: differs from" in err and "s1/tables/common.csv" in err
    assert "s2/assets/plotly.min.js: differs from" in err  # every conflict in one run
    assert not (tmp_path / "m").exists()


def test_reports_are_compared_without_their_provenance_block(tmp_path, capsys):
    a = _bundle(tmp_path / "a", {"01_x.lang-en": "same"}, run_at="2026-11-28 10:00:00")
    b = _bundle(tmp_path / "b", {"01_x.lang-en": "same"}, run_at="2026-11-28 11:30:00")
    assert _merge(a, b, "--out", tmp_path / "m") == 0  # only the run date differs
    assert (tmp_path / "m" / "reports/01_x.lang-en.html").read_bytes() == (a / "reports/01_x.lang-en.html").read_bytes()
    (b / "reports/01_x.lang-en.html").write_bytes(_report("01_x.lang-en", "changed"))
    assert _merge(a, b, "--out", tmp_path / "m2") == 2
    assert "b/reports/01_x.lang-en.html: differs from" in capsys.readouterr().err


def test_strip_provenance_only_touches_the_provenance_block():
    html = _report("r", "body")
    assert strip_provenance("reports/r.html", html) == b"<html><body><provenance/><p>body</p></body></html>\n"
    nb = {"cells": [{"outputs": [{"data": {"text/html": ['<div class="civcomm-provenance">run at 1</div>']}},
                                 {"data": {"text/html": ["<table>kept</table>"]}}]}]}
    stripped = json.loads(strip_provenance("notebooks/r.ipynb", json.dumps(nb).encode()))
    assert stripped["cells"][0]["outputs"][0]["data"]["text/html"] == ["<provenance/>"]
    assert stripped["cells"][0]["outputs"][1]["data"]["text/html"] == ["<table>kept</table>"]
    # other kinds of file have no provenance block: compared byte for byte
    assert strip_provenance("tables/t.html.csv", html) == html


def test_a_missing_shard_is_refused(tmp_path, capsys):
    one = _bundle(tmp_path / "one", {"01_x.lang-en": "a"}, shard="1/3")
    three = _bundle(tmp_path / "three", {"01_x.lang-ru": "c"}, shard="3/3")
    assert _merge(one, three, "--out", tmp_path / "m") == 2
    assert "shard(s) 2/3 missing: the bundles given are shards 1/3, 3/3" in capsys.readouterr().err


def test_a_report_recorded_differently_is_refused(shards, tmp_path, capsys):
    manifest = json.loads((shards[1] / "manifest.json").read_text())
    manifest["reports"]["01_x.lang-en"] = {"notebook": "01_x.py", "params": {"lang": "en"}, "key": "other"}
    (shards[1] / "manifest.json").write_text(json.dumps(manifest))
    assert _merge(*shards, "--out", tmp_path / "m") == 2
    assert "s2/manifest.json: reports.01_x.lang-en.key: differs from the record in" in capsys.readouterr().err


def test_manifest_keys_a_later_runner_adds_are_carried_along(shards, tmp_path, capsys):
    for i, s in enumerate(shards):
        manifest = json.loads((s / "manifest.json").read_text())
        manifest["validated_digest"] = "d" * 12
        manifest["adhoc"] = {f"run{i}": {"params": {"lang": "en"}}}
        (s / "manifest.json").write_text(json.dumps(manifest))
    assert _merge(*shards, "--out", tmp_path / "m") == 0
    manifest = json.loads((tmp_path / "m" / "manifest.json").read_text())
    assert manifest["validated_digest"] == "d" * 12 and sorted(manifest["adhoc"]) == ["run0", "run1"]
    manifest = json.loads((shards[1] / "manifest.json").read_text())
    manifest["validated_digest"] = "e" * 12
    (shards[1] / "manifest.json").write_text(json.dumps(manifest))
    assert _merge(*shards, "--out", tmp_path / "m2") == 2
    assert "s2/manifest.json: validated_digest: differs from the record in" in capsys.readouterr().err


def test_not_a_bundle_is_refused(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert _merge(tmp_path / "empty", tmp_path / "nowhere", "--out", tmp_path / "m") == 2
    err = capsys.readouterr().err
    assert "empty/manifest.json: missing (expected the outputs/ folder of a `civcomm run`)" in err
    assert "nowhere: not a folder" in err


def test_links_in_a_bundle_are_refused(shards, tmp_path, capsys):
    (shards[1] / "tables" / "link.csv").symlink_to(shards[1] / "tables" / "t.kk.csv")
    (shards[1] / "graphs").symlink_to(tmp_path)
    assert _merge(*shards, "--out", tmp_path / "m") == 2
    err = capsys.readouterr().err
    assert "s2/tables/link.csv: not a regular file" in err and "s2/graphs: not a regular file" in err


def test_a_folder_that_is_not_a_bundle_is_never_replaced(shards, tmp_path, capsys):
    precious = tmp_path / "thesis"
    precious.mkdir()
    (precious / "chapter1.docx").write_bytes(b"months of work")
    assert _merge(*shards, "--out", precious) == 2
    assert "thesis: exists and is not a civcomm bundle" in capsys.readouterr().err
    assert _snapshot(precious) == {"chapter1.docx": b"months of work"}


def test_merging_into_an_earlier_bundle_replaces_it_and_keeps_its_readme(shards, tmp_path):
    target = _bundle(tmp_path / "outputs", {"01_x.lang-en": "old", "99_gone.lang-en": "removed from runs"},
                     files={"README.md": b"# outputs/ (generated)\n", "tables/stale.csv": b"old\n"})
    assert _merge(shards[0], shards[1], "--out", target) == 0
    files = _snapshot(target)
    assert "reports/99_gone.lang-en.html" not in files and "tables/stale.csv" not in files
    assert files["README.md"] == b"# outputs/ (generated)\n"
    assert b"English" in files["reports/01_x.lang-en.html"]


def test_a_bundle_can_be_merged_into_itself(shards):
    a, b = shards
    assert _merge(a, b, "--out", a) == 0
    assert (a / "reports" / "01_x.lang-kk.html").is_file()
    assert json.loads((a / "manifest.json").read_text())["shard"] is None


def test_a_write_that_fails_half_way_leaves_the_target_as_it_was(shards, tmp_path, monkeypatch, capsys):
    target = _bundle(tmp_path / "outputs", {"01_x.lang-en": "the last good bundle"})
    before = _snapshot(target)
    copied = []

    def failing_copy(src, dst, *args, **kwargs):
        if len(copied) == 3:
            raise OSError(28, "No space left on device", str(dst))
        copied.append(dst)
        return real_copy(src, dst, *args, **kwargs)

    real_copy = shutil.copyfile
    monkeypatch.setattr(merge.shutil, "copyfile", failing_copy)
    assert _merge(*shards, "--out", target) == 2
    err = capsys.readouterr().err
    assert "No space left on device" in err and "left as it was" in err
    assert _snapshot(target) == before
    assert [p.name for p in tmp_path.iterdir() if ".merge-" in p.name] == []


def test_without_an_atomic_exchange_the_two_renames_give_the_same_bundle(shards, tmp_path, monkeypatch):
    target = _bundle(tmp_path / "outputs", {"01_x.lang-en": "old"})
    assert _merge(*shards, "--out", tmp_path / "exchanged") == 0
    monkeypatch.setattr(merge, "_exchange", lambda a, b: False)
    assert _merge(*shards, "--out", target) == 0
    assert _snapshot(target).keys() == _snapshot(tmp_path / "exchanged").keys()
    assert [p.name for p in tmp_path.iterdir() if ".merge-" in p.name] == []
