"""The catalog index: one page per language, every report by topic with its tables, figures and graph files,
no dead link, no file of the bundle left unlisted."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape

from civcomm.core.i18n import t
from civcomm.report.notebook import FILES_MIME
from civcomm.runner import bundle


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.lang = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "html":
            self.lang = a.get("lang", "")


def parse(path: Path) -> Links:
    p = Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def dead_links(root: Path, page: Path) -> list[str]:
    """Links of ``page`` to a missing file, or to an anchor its target does not have."""
    dead = []
    for href in parse(page).hrefs:
        if re.match(r"^[a-z]+:", href):
            dead.append(href)  # the index links only inside the bundle
            continue
        target, _, anchor = href.partition("#")
        path = root / target
        if not path.is_file() or (anchor and anchor not in parse(path).ids):
            dead.append(href)
    return dead


def bundle_files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for folder in ("reports", "tables", "figures", "graphs", "pdf")
            if (root / folder).is_dir() for p in (root / folder).rglob("*") if p.is_file() and not p.name.startswith(".")}


def _notebook(path: Path, lang: str, records: list[dict]) -> None:
    cells = [{"cell_type": "markdown", "metadata": {}, "source": f"# Title in {lang}\n\nThe `first` sentence. The second."},
             {"cell_type": "code", "metadata": {}, "source": "", "execution_count": 1,
              "outputs": [{"output_type": "display_data", "metadata": {}, "data": {FILES_MIME: r, "text/plain": ""}}
                          for r in records]}]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")


def test_a_bundle_is_catalogued_per_language_with_nothing_dead_or_unlisted(tmp_path):
    out = tmp_path / "outputs"
    manifest = {"reports": {}, "adhoc": {}, "data_version": "dv123", "commit": "c0ffee"}
    for lang in ("kk", "ru", "en"):
        rid = f"01_x.lang-{lang}"
        manifest["reports"][rid] = {"notebook": "01_x.py", "params": {"lang": lang}}
        (out / "reports").mkdir(parents=True, exist_ok=True)
        (out / "reports" / f"{rid}.html").write_text('<div id="t-tab">x</div>', encoding="utf-8")
        files = [f"tables/tab.{lang}.{x}" for x in ("csv", "docx")] + [f"figures/fig.{lang}.svg"]
        for f in files:
            (out / f).parent.mkdir(parents=True, exist_ok=True)
            (out / f).write_text("x", encoding="utf-8")
        _notebook(out / "notebooks" / f"{rid}.ipynb", lang, [
            {"kind": "table", "name": "tab", "title": f"Table 5 – caption {lang}", "anchor": "t-tab", "files": files[:2]},
            {"kind": "figure", "name": "fig", "title": "a figure", "anchor": None, "files": files[2:]}])
    (out / "tables" / "left_over.csv").write_text("x", encoding="utf-8")  # written by no report
    manifest["adhoc"]["01_x.countries-AAA"] = {"notebook": "01_x.py", "params": {"countries": ["AAA"]}}
    adhoc = out / "adhoc" / "01_x.countries-AAA"
    (adhoc / "reports").mkdir(parents=True)
    (adhoc / "reports" / "01_x.countries-AAA.html").write_text("x", encoding="utf-8")
    written = bundle.write_index(manifest, out, stale={"01_x.countries-AAA"}, topics={"01_x.py": "survey"})
    assert sorted(p.name for p in written) == sorted(bundle.INDEX_PAGES.values())
    linked: set[str] = set()
    for lang, page in bundle.INDEX_PAGES.items():
        path = out / page
        links = parse(path)
        assert links.lang == lang
        assert dead_links(out, path) == []
        linked |= {h.partition("#")[0] for h in links.hrefs}
        text = path.read_text(encoding="utf-8")
        # its own language's report only, under its topic, with title, summary, table caption and files
        assert f"reports/01_x.lang-{lang}.html#t-tab" in text
        assert [o for o in ("kk", "ru", "en") if o != lang and f"01_x.lang-{o}.html" in text] == []
        assert f"Title in {lang}" in text and "The first sentence." in text and "The second" not in text
        assert t("topic_survey", lang) in text and f"Table 5 – caption {lang}" in text
        assert t("index_adhoc", lang) in text and "adhoc/01_x.countries-AAA/reports/01_x.countries-AAA.html" in text
        assert text.count(f"<b>{t('index_stale', lang)}</b>") == 1
        assert "dv123" in text and "c0ffee" in text
        assert "tables/left_over.csv" in text  # listed under the other files
        assert all(f'href="{other}"' in text for o, other in bundle.INDEX_PAGES.items() if o != lang)  # the switch
    assert bundle_files(out) <= linked


@pytest.mark.slow
def test_the_regenerated_index_links_every_report_and_file(regenerated):
    # the index as the run wrote it (no test may add files to the shared bundle: test_trust compares it)
    linked: set[str] = set()
    for lang, page in bundle.INDEX_PAGES.items():
        path = regenerated / page
        assert dead_links(regenerated, path) == [], page
        links = parse(path)
        linked |= {h.partition("#")[0] for h in links.hrefs}
        text = path.read_text(encoding="utf-8")
        reports = sorted(p.stem for p in (regenerated / "reports").glob(f"*.lang-{lang}.html"))
        assert reports and all(f'href="reports/{rid}.html"' in text for rid in reports)
        for topic in ("countries", "law", "survey", "stakeholders"):
            assert str(escape(t(f"topic_{topic}", lang))) in text  # as Jinja escapes it
        # the publication tables, in the report and as Word and LaTeX
        assert f"tables/table5_computed.{lang}.docx" in text and f"tables/table2.{lang}.tex" in text
        assert re.search(rf'href="reports/03_compare_requirements\.lang-{lang}\.html#t-table5_computed"', text)
        assert f"graphs/kaz_network.{lang}.gexf" in text
    assert bundle_files(regenerated) <= linked, sorted(bundle_files(regenerated) - linked)[:10]


def test_a_summary_is_the_first_sentence_not_cut_at_an_abbreviation():
    text = "Table 5 recomputed from Order No. 71's requirements per level (§1.3). The second sentence."
    assert bundle._summary(text) == "Table 5 recomputed from Order No. 71's requirements per level (§1.3)."
    assert bundle._summary("Бірінші сөйлем №71 бұйрық. Екінші.") == "Бірінші сөйлем №71 бұйрық."
