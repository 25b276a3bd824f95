"""REFI-QDA exchange for QualCoder, NVivo, MAXQDA, ATLAS.ti: the codebook (.qdc) and coded texts (.qdpx).

Codebook (.qdc), namespace ``urn:QDA-XML:codebook:1.0``:
``<CodeBook><Codes><Code guid name isCodable><Description/>...</Code></Codes><Sets/></CodeBook>``.
Competences are codable codes grouped under one non-codable parent per codebook group; GUIDs are
uuid5 of the competence id, so the same codebook always gives the same GUIDs and an imported code
is recognised by its GUID even after a tool renamed it.

Project (.qdpx), namespace ``urn:QDA-XML:project:1.0``: a zip of ``project.qde`` and
``sources/<GUID>.txt``. One text source per act, made of its provisions, each opened by a line
``[unit id]`` so that a selection made in any tool maps back to a provision; one user per coder
(the hand codes of data/kz_law, the automatic coder); a coding is a ``PlainTextSelection`` (the
matched term's span, or the whole provision for a hand code) with a ``Coding`` whose ``CodeRef``
is the competence's GUID. Positions count Unicode characters, as Python's str offsets do.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from civcomm.output.atomic import zip_bytes

NS = "urn:QDA-XML:codebook:1.0"
PROJECT_NS = "urn:QDA-XML:project:1.0"
GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://civcomm.invalid/codebook")
ID_MARK = re.compile(r"\[civcomm id: ([a-z][a-z0-9_]*)\]")
GROUP_COLOURS = {"communicative": "#2B6CB0", "general": "#718096"}


class QdcError(ValueError):
    """A .qdc file that is not a REFI-QDA codebook (the CLI exits 2)."""


def guid_for(key: str) -> str:
    """Deterministic GUID (upper-case, as REFI-QDA tools write them) for a competence id or group."""
    return str(uuid.uuid5(GUID_NAMESPACE, key)).upper()


@dataclass
class QdcCode:
    guid: str
    name: str
    description: str
    is_codable: bool
    competence_id: str | None
    group: str | None


def _add_codes(parent: ET.Element, ns: str, competences: dict, lang: str) -> None:
    codes = ET.SubElement(parent, f"{{{ns}}}Codes")
    groups: dict[str, ET.Element] = {}
    for cid, comp in competences.items():
        group = getattr(comp, "group", None) or "other"
        if group not in groups:
            g = ET.SubElement(codes, f"{{{ns}}}Code", {"guid": guid_for(f"group:{group}"), "name": group,
                                                        "isCodable": "false",
                                                        "color": GROUP_COLOURS.get(group, "#A0AEC0")})
            ET.SubElement(g, f"{{{ns}}}Description").text = f"civcomm codebook group '{group}'"
            groups[group] = g
        label = comp.label.get(lang) if hasattr(comp.label, "get") else str(comp.label)
        code = ET.SubElement(groups[group], f"{{{ns}}}Code", {"guid": guid_for(cid), "name": label or cid,
                                                              "isCodable": "true",
                                                              "color": GROUP_COLOURS.get(group, "#A0AEC0")})
        ET.SubElement(code, f"{{{ns}}}Description").text = f"{comp.definition}\n\n[civcomm id: {cid}]"


def _xml(root: ET.Element) -> bytes:
    ET.indent(root, space="  ")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def build_qdc(competences: dict, lang: str = "en") -> bytes:
    """The REFI-QDA codebook XML for ``competences`` (id -> model with label, group, definition)."""
    ET.register_namespace("", NS)
    root = ET.Element(f"{{{NS}}}CodeBook", {"origin": "civcomm"})
    _add_codes(root, NS, competences, lang)
    return _xml(root)


def read_qdc(path: Path, known_ids: list[str] | None = None) -> list[QdcCode]:
    """Codes of a .qdc file, each mapped back to a competence id (by the id mark, else by GUID)."""
    path = Path(path)
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise QdcError(f"{path}: not readable XML ({exc}) (expected a REFI-QDA codebook, <CodeBook xmlns=\"{NS}\">)") from None
    if root.tag != f"{{{NS}}}CodeBook":
        raise QdcError(f"{path}: root element is {root.tag} (expected CodeBook in namespace {NS})")
    by_guid = {guid_for(c): c for c in (known_ids or [])}
    out: list[QdcCode] = []

    def walk(el: ET.Element, group: str | None) -> None:
        for code in el.findall(f"{{{NS}}}Code"):
            desc_el = code.find(f"{{{NS}}}Description")
            desc = (desc_el.text or "") if desc_el is not None else ""
            mark = ID_MARK.search(desc)
            guid = code.get("guid", "").upper()
            codable = code.get("isCodable", "true").lower() == "true"
            cid = mark.group(1) if mark else by_guid.get(guid)
            out.append(QdcCode(guid, code.get("name", ""), ID_MARK.sub("", desc).strip(), codable,
                               cid if codable else None, group))
            walk(code, code.get("name") if not codable else group)

    codes_el = root.find(f"{{{NS}}}Codes")
    if codes_el is None:
        raise QdcError(f"{path}: no <Codes> element (expected a REFI-QDA codebook)")
    walk(codes_el, None)
    return out


# --------------------------------------------------------------------------- project (.qdpx)

UNIT_HEADER = re.compile(r"^\[([^\]\n]+)\]\n", re.M)
CODING_COLUMNS = ["coder", "unit_id", "competence_id", "start", "end", "text"]


def act_document(units: pd.DataFrame) -> tuple[str, dict[str, int]]:
    """The text source of one act: each unit as "[unit id]\\n<text>\\n\\n"; and where each unit's text starts."""
    parts, starts, pos = [], {}, 0
    for unit_id, text in zip(units["unit_id"], units["text"]):
        header = f"[{unit_id}]\n"
        starts[unit_id] = pos + len(header)
        parts.append(f"{header}{text}\n\n")
        pos += len(header) + len(text) + 2
    return "".join(parts), starts


def build_qdpx(units: pd.DataFrame, codings: dict[str, pd.DataFrame], competences: dict, lang: str = "en",
               name: str = "civcomm") -> bytes:
    """A REFI-QDA project: the units' texts (one source per act) coded by each coder in ``codings``.

    ``units``: unit_id, act_id, text (units without text are left out). ``codings``: coder name ->
    DataFrame with unit_id, competence_id and, for span codes, start and end (offsets into the
    unit's text); a row without a span codes the whole unit. Codes of competences missing from
    ``competences`` are refused (ValueError), as are spans outside the unit's text.
    """
    units = units.dropna(subset=["text"])
    ET.register_namespace("", PROJECT_NS)
    ns = PROJECT_NS
    root = ET.Element(f"{{{ns}}}Project", {"name": name, "origin": "civcomm"})
    users = ET.SubElement(root, f"{{{ns}}}Users")
    for coder in codings:
        ET.SubElement(users, f"{{{ns}}}User", {"guid": guid_for(f"user:{coder}"), "name": coder})
    codebook = ET.SubElement(root, f"{{{ns}}}CodeBook")
    _add_codes(codebook, ns, competences, lang)
    sources = ET.SubElement(root, f"{{{ns}}}Sources")
    files: dict[str, bytes] = {}
    problems = []
    for act_id, part in units.groupby("act_id", sort=True):
        text, starts = act_document(part)
        lengths = dict(zip(part["unit_id"], part["text"].str.len()))
        src_guid = guid_for(f"source:{act_id}")
        src = ET.SubElement(sources, f"{{{ns}}}TextSource", {"guid": src_guid, "name": str(act_id),
                                                             "plainTextPath": f"internal://{src_guid}.txt"})
        selections: dict[tuple, list[str]] = {}
        for coder, frame in codings.items():
            spans = "start" in frame.columns and "end" in frame.columns
            for r in frame[frame["unit_id"].isin(starts)].itertuples(index=False):
                if r.competence_id not in competences:
                    problems.append(f"{coder}: {r.unit_id}: competence '{r.competence_id}' is not in the codebook")
                    continue
                a, b = (int(r.start), int(r.end)) if spans and pd.notna(r.start) else (0, lengths[r.unit_id])
                if not 0 <= a < b <= lengths[r.unit_id]:
                    problems.append(f"{coder}: {r.unit_id}: span {a}-{b} outside the text (0-{lengths[r.unit_id]})")
                    continue
                key = (coder, starts[r.unit_id] + a, starts[r.unit_id] + b)
                if r.competence_id not in selections.setdefault(key, []):
                    selections[key].append(r.competence_id)
        for (coder, a, b), cids in sorted(selections.items(), key=lambda kv: (kv[0][1], kv[0][2], kv[0][0])):
            user = guid_for(f"user:{coder}")
            sel = ET.SubElement(src, f"{{{ns}}}PlainTextSelection", {
                "guid": guid_for(f"selection:{coder}:{act_id}:{a}:{b}"), "name": text[a:b][:60],
                "startPosition": str(a), "endPosition": str(b), "creatingUser": user})
            for cid in cids:
                coding = ET.SubElement(sel, f"{{{ns}}}Coding", {"guid": guid_for(f"coding:{coder}:{act_id}:{a}:{b}:{cid}"),
                                                                 "creatingUser": user})
                ET.SubElement(coding, f"{{{ns}}}CodeRef", {"targetGUID": guid_for(cid)})
        files[f"sources/{src_guid}.txt"] = text.encode("utf-8")
    if problems:
        raise ValueError("codings that cannot be exported:\n  " + "\n  ".join(problems))
    return zip_bytes({"project.qde": _xml(root), **dict(sorted(files.items()))})


@dataclass
class QdpxProject:
    codings: pd.DataFrame  # CODING_COLUMNS
    units: list[str]  # every unit id found in the sources, coded or not
    coders: list[str]  # the users, in the order the project lists them


def read_qdpx(path: Path, known_ids: list[str] | None = None) -> QdpxProject:
    """Codings of a REFI-QDA project, mapped back to units and competences.

    One row per coding: coder (the user's name), unit_id (from the "[unit id]" line before the
    selection), competence_id (from the code's id mark or GUID; None for a code the codebook lacks),
    start and end relative to the unit's text, and the selected text. Selections in sources without
    unit lines get unit_id None and offsets into the whole source.
    """
    path = Path(path)
    expected = "expected a REFI-QDA project: a zip holding project.qde"
    try:
        z = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise QdcError(f"{path}: not a zip file ({exc}) ({expected})") from None
    with z:
        names = set(z.namelist())
        if "project.qde" not in names:
            raise QdcError(f"{path}: no project.qde inside ({expected})")
        try:
            root = ET.fromstring(z.read("project.qde"))
        except ET.ParseError as exc:
            raise QdcError(f"{path}: project.qde: not readable XML ({exc}) ({expected})") from None
        ns = PROJECT_NS
        if root.tag != f"{{{ns}}}Project":
            raise QdcError(f"{path}: project.qde: root element is {root.tag} (expected Project in namespace {ns})")
        users = {u.get("guid", "").upper(): u.get("name") or u.get("guid") for u in root.iter(f"{{{ns}}}User")}
        by_guid = {guid_for(c): c for c in (known_ids or [])}
        code_ids = {}
        for code in root.iter(f"{{{ns}}}Code"):
            desc = code.find(f"{{{ns}}}Description")
            mark = ID_MARK.search(desc.text or "") if desc is not None else None
            guid = code.get("guid", "").upper()
            code_ids[guid] = mark.group(1) if mark else by_guid.get(guid)
        rows, all_units = [], []
        for src in root.iter(f"{{{ns}}}TextSource"):
            text = _source_text(z, names, src, path)
            heads = [(m.end(), m.group(1)) for m in UNIT_HEADER.finditer(text)]
            all_units += [uid for _, uid in heads]
            for sel in src.findall(f"{{{ns}}}PlainTextSelection"):
                try:
                    a, b = int(sel.get("startPosition")), int(sel.get("endPosition"))
                except (TypeError, ValueError):
                    raise QdcError(f"{path}: selection {sel.get('guid')} in source '{src.get('name')}': positions "
                                   f"{sel.get('startPosition')!r}-{sel.get('endPosition')!r} (expected whole numbers)") from None
                unit, off = None, 0
                for start, uid in heads:
                    if start <= a:
                        unit, off = uid, start
                for coding in sel.findall(f"{{{ns}}}Coding"):
                    ref = coding.find(f"{{{ns}}}CodeRef")
                    user = coding.get("creatingUser") or sel.get("creatingUser") or ""
                    rows.append({"coder": users.get(user.upper(), user or None), "unit_id": unit,
                                 "competence_id": code_ids.get((ref.get("targetGUID") or "").upper()) if ref is not None else None,
                                 "start": a - off, "end": b - off, "text": text[a:b]})
    return QdpxProject(pd.DataFrame(rows, columns=CODING_COLUMNS), list(dict.fromkeys(all_units)), list(users.values()))


def _source_text(z: zipfile.ZipFile, names: set[str], src: ET.Element, path: Path) -> str:
    content = src.find(f"{{{PROJECT_NS}}}PlainTextContent")
    if content is not None and content.text is not None:
        return content.text
    ref = src.get("plainTextPath") or ""
    inner = "sources/" + ref[len("internal://"):] if ref.startswith("internal://") else None
    if inner not in names:
        raise QdcError(f"{path}: source '{src.get('name')}' points to {ref!r}, which the zip does not hold "
                       "(expected internal://<file> under sources/, or PlainTextContent)")
    try:
        return z.read(inner).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise QdcError(f"{path}: {inner}: not UTF-8 ({exc}) (expected a plain-text source in UTF-8)") from None
