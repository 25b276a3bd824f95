"""Export and import the competence codebook as a REFI-QDA codebook (.qdc) for QualCoder, NVivo, MAXQDA, ATLAS.ti.

The file follows the REFI-QDA Codebook standard (namespace ``urn:QDA-XML:codebook:1.0``):
``<CodeBook><Codes><Code guid name isCodable><Description/>...</Code></Codes><Sets/></CodeBook>``.
Competences are codable codes grouped under one non-codable parent per codebook group; GUIDs are
uuid5 of the competence id, so the same codebook always gives the same GUIDs and an imported code
is recognised by its GUID even after a tool renamed it.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

NS = "urn:QDA-XML:codebook:1.0"
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


def build_qdc(competences: dict, lang: str = "en") -> bytes:
    """The REFI-QDA codebook XML for ``competences`` (id -> model with label, group, definition)."""
    ET.register_namespace("", NS)
    root = ET.Element(f"{{{NS}}}CodeBook", {"origin": "civcomm"})
    codes = ET.SubElement(root, f"{{{NS}}}Codes")
    groups: dict[str, ET.Element] = {}
    for cid, comp in competences.items():
        group = getattr(comp, "group", None) or "other"
        if group not in groups:
            g = ET.SubElement(codes, f"{{{NS}}}Code", {"guid": guid_for(f"group:{group}"), "name": group,
                                                         "isCodable": "false",
                                                         "color": GROUP_COLOURS.get(group, "#A0AEC0")})
            ET.SubElement(g, f"{{{NS}}}Description").text = f"civcomm codebook group '{group}'"
            groups[group] = g
        label = comp.label.get(lang) if hasattr(comp.label, "get") else str(comp.label)
        code = ET.SubElement(groups[group], f"{{{NS}}}Code", {"guid": guid_for(cid), "name": label or cid,
                                                               "isCodable": "true",
                                                               "color": GROUP_COLOURS.get(group, "#A0AEC0")})
        ET.SubElement(code, f"{{{NS}}}Description").text = f"{comp.definition}\n\n[civcomm id: {cid}]"
    ET.indent(root, space="  ")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


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
