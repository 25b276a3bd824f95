"""Coded provisions as a REFI-QDA project (.qdpx): what a QDA tool reads maps back to units and competences."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile

import pandas as pd
import pytest
from ruamel.yaml import YAML

from civcomm.analysis.lawcoding import AUTO_CODER, HAND_CODER, auto_code_units, hand_units_and_codes, qda_codings
from civcomm.data.models import LegalAct
from civcomm.output.refiqda import PROJECT_NS, QdcError, act_document, build_qdpx, guid_for, read_qdpx

from .conftest import ROOT, civcomm

NS = {"q": PROJECT_NS}


class _Label(dict):
    pass


class _Comp:
    def __init__(self, label: str, group: str = "communicative"):
        self.label, self.group, self.definition = _Label(en=label), group, f"{label}."


COMPS = {"openness_transparency": _Comp("Openness"), "crisis_communication": _Comp("Crisis communication")}


@pytest.fixture
def fixture_project(fixture_data):
    raw = YAML(typ="safe").load((ROOT / "tests/fixtures/legal/kz_law_fixture.yaml").read_text(encoding="utf-8"))
    units, hand = hand_units_and_codes([LegalAct.model_validate(raw)])
    auto = auto_code_units(units, list(COMPS))
    return qda_codings(units, hand[hand["competence_id"].isin(COMPS)], auto)


def _write(tmp_path, data: bytes, name: str = "p.qdpx"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_round_trip_maps_every_coding_back_to_its_unit_and_span(tmp_path, fixture_project):
    units, codings = fixture_project
    assert set(codings) == {HAND_CODER, AUTO_CODER} and len(codings[HAND_CODER]) == 3
    back = read_qdpx(_write(tmp_path, build_qdpx(units, codings, COMPS)), known_ids=list(COMPS))
    assert back.units == list(units["unit_id"])  # uncoded units travel too (they count in agreement)
    assert back.coders == [HAND_CODER, AUTO_CODER]
    texts = dict(zip(units["unit_id"], units["text"]))
    hand = back.codings[back.codings["coder"] == HAND_CODER]
    assert sorted(zip(hand["unit_id"], hand["competence_id"])) == sorted(
        zip(codings[HAND_CODER]["unit_id"], codings[HAND_CODER]["competence_id"]))
    for r in hand.itertuples():  # a hand code covers its whole provision
        assert (r.start, r.end, r.text) == (0, len(texts[r.unit_id]), texts[r.unit_id])
    auto = back.codings[back.codings["coder"] == AUTO_CODER]
    expected = codings[AUTO_CODER]
    assert sorted(zip(auto["unit_id"], auto["competence_id"], auto["start"], auto["end"], auto["text"])) == sorted(
        zip(expected["unit_id"], expected["competence_id"], expected["start"], expected["end"], expected["term"]))
    assert "ашықтығы" in set(auto["text"])


def test_project_xml_is_consistent_and_the_bytes_deterministic(fixture_project):
    units, codings = fixture_project
    data = build_qdpx(units, codings, COMPS)
    assert build_qdpx(units, codings, COMPS) == data
    z = zipfile.ZipFile(io.BytesIO(data))
    assert z.namelist()[0] == "project.qde" and all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in z.infolist())
    root = ET.fromstring(z.read("project.qde"))
    assert root.tag == f"{{{PROJECT_NS}}}Project"
    assert [c.tag.split("}")[1] for c in root] == ["Users", "CodeBook", "Sources"]  # the schema's order
    users = {u.get("guid") for u in root.iterfind("q:Users/q:User", NS)}
    codes = {c.get("guid") for c in root.iter(f"{{{PROJECT_NS}}}Code") if c.get("isCodable") == "true"}
    assert codes == {guid_for(c) for c in COMPS}  # the same GUIDs as the .qdc codebook
    for src in root.iterfind("q:Sources/q:TextSource", NS):
        text = z.read("sources/" + src.get("plainTextPath").removeprefix("internal://")).decode("utf-8")
        for sel in src.iterfind("q:PlainTextSelection", NS):
            a, b = int(sel.get("startPosition")), int(sel.get("endPosition"))
            assert 0 <= a < b <= len(text) and text[a:b].startswith(sel.get("name"))
            assert sel.get("creatingUser") in users
            for ref in sel.iterfind("q:Coding/q:CodeRef", NS):
                assert ref.get("targetGUID") in codes


def test_act_document_offsets_point_at_each_unit_text():
    units = pd.DataFrame({"unit_id": ["a:1", "a:2"], "text": ["Бірінші.", "Second one."]})
    text, starts = act_document(units)
    assert text == "[a:1]\nБірінші.\n\n[a:2]\nSecond one.\n\n"
    assert [text[starts[u]:starts[u] + len(t)] for u, t in zip(units["unit_id"], units["text"])] == list(units["text"])


def test_export_refuses_unknown_codes_and_spans_outside_the_text_listing_all():
    units = pd.DataFrame({"unit_id": ["a:1"], "act_id": ["a"], "text": ["Кризис."]})
    bad = {"x": pd.DataFrame({"unit_id": ["a:1", "a:1"], "competence_id": ["nonexistent", "crisis_communication"],
                              "start": [0, 3], "end": [6, 99]})}
    with pytest.raises(ValueError) as err:
        build_qdpx(units, bad, COMPS)
    assert "competence 'nonexistent' is not in the codebook" in str(err.value)
    assert "span 3-99 outside the text (0-7)" in str(err.value)


def test_codings_made_in_another_tool_are_read_with_their_user_and_unknown_codes(tmp_path, fixture_project):
    units, codings = fixture_project
    z = zipfile.ZipFile(io.BytesIO(build_qdpx(units, codings, COMPS)))
    files = {n: z.read(n) for n in z.namelist()}
    root = ET.fromstring(files["project.qde"])
    q = f"{{{PROJECT_NS}}}"
    ET.SubElement(root.find(f"{q}Users"), f"{q}User", {"guid": "11111111-2222-3333-4444-555555555555",
                                                        "name": "second coder"})
    codebook = root.find(f"{q}CodeBook/{q}Codes")
    ET.SubElement(codebook, f"{q}Code", {"guid": "AAAAAAAA-2222-3333-4444-555555555555", "name": "new code",
                                          "isCodable": "true"})
    src = root.find(f"{q}Sources/{q}TextSource")
    text = files["sources/" + src.get("plainTextPath").removeprefix("internal://")].decode()
    _, starts = act_document(units)
    a = starts["fixture_act:art2_p2"] + len("Қызметші ")
    sel = ET.SubElement(src, f"{q}PlainTextSelection", {"guid": "BBBBBBBB-2222-3333-4444-555555555555",
                                                         "startPosition": str(a), "endPosition": str(a + 11),
                                                         "creatingUser": "11111111-2222-3333-4444-555555555555"})
    for guid in (guid_for("openness_transparency"), "AAAAAAAA-2222-3333-4444-555555555555"):
        ET.SubElement(ET.SubElement(sel, f"{q}Coding", {"guid": guid[:-1] + "0"}), f"{q}CodeRef", {"targetGUID": guid})
    files["project.qde"] = ET.tostring(root, encoding="utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as w:
        for n, d in files.items():
            w.writestr(n, d)
    back = read_qdpx(_write(tmp_path, out.getvalue()), known_ids=list(COMPS))
    theirs = back.codings[back.codings["coder"] == "second coder"]
    assert list(theirs["unit_id"]) == ["fixture_act:art2_p2"] * 2
    assert list(theirs["start"]) == [len("Қызметші ")] * 2 and theirs.iloc[0]["text"] == text[a:a + 11]
    assert theirs.iloc[0]["competence_id"] == "openness_transparency" and pd.isna(theirs.iloc[1]["competence_id"])


@pytest.mark.parametrize("content,expected", [
    (b"not a zip", "not a zip file"),
    ("zip-without-project", "no project.qde inside"),
    ("zip-bad-xml", "project.qde: not readable XML"),
    ("zip-missing-source", "which the zip does not hold"),
])
def test_unreadable_projects_say_file_and_what_was_expected(tmp_path, content, expected):
    if isinstance(content, str):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as w:
            if content == "zip-without-project":
                w.writestr("other.xml", "<x/>")
            elif content == "zip-bad-xml":
                w.writestr("project.qde", "<Project")
            else:
                w.writestr("project.qde", f'<Project xmlns="{PROJECT_NS}" name="x"><Sources>'
                                          '<TextSource guid="A" name="s" plainTextPath="internal://gone.txt"/>'
                                          "</Sources></Project>")
        content = out.getvalue()
    path = _write(tmp_path, content)
    with pytest.raises(QdcError) as err:
        read_qdpx(path)
    assert str(path) in str(err.value) and expected in str(err.value)


def test_cli_exports_the_projects_codes_and_reads_them_back_with_agreement(tmp_path):
    path = tmp_path / "kz_law.qdpx"
    r = civcomm("qdpx", "export", str(path), "--lang", "kk")
    assert r.returncode == 0, r.stderr
    r = civcomm("qdpx", "import", str(path), "--out", str(tmp_path / "codings.csv"))
    assert r.returncode == 0, r.stderr
    codings = pd.read_csv(tmp_path / "codings.csv", encoding="utf-8-sig")
    assert set(codings["coder"]) == {HAND_CODER, AUTO_CODER} and codings["unit_id"].notna().all()
    assert f"agreement of '{AUTO_CODER}' with '{HAND_CODER}'" in r.stderr and "kappa=" in r.stderr
    bad = tmp_path / "bad.qdpx"
    bad.write_text("no zip")
    r = civcomm("qdpx", "import", str(bad))
    assert r.returncode == 2 and str(bad) in r.stderr and "expected a REFI-QDA project" in r.stderr
