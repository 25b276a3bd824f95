"""Parse the plain text of a Kazakh or Russian legal act into a provisions table (one row per unit).

Recognises the layout of acts as officially published (adilet.zan.kz and the printed gazettes):
chapters ("1-тарау" / "Глава 1"), articles ("5-бап" / "Статья 5", also inserted "5-1"),
paragraphs ("1."), subparagraphs ("1)"), notes ("Ескерту." / "Примечание.", "Сноска.") and
amendment notes ("алып тасталды - ҚР ... Заңымен" / "исключен Законом РК от ..."), which are moved
out of the text into their own column. Bytes are decoded as UTF-8 (with or without BOM), UTF-16
with BOM, CP1251 or KZ-1048; which one was detected is reported, never guessed silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from civcomm.data.yamlio import read_bounded

PARSER_LANGS = ("kk", "ru")  # the languages of the official texts the parser reads
COLUMNS = ["provision_id", "act_id", "lang", "chapter", "chapter_title", "article", "article_title",
           "paragraph", "subparagraph", "kind", "text", "amendment_notes", "is_repealed", "line"]
MAX_BYTES = 50_000_000


class LegalTextError(ValueError):
    """A file that cannot be read as a legal text (the CLI exits 2 with this message)."""


@dataclass
class ParseResult:
    """The provisions of one act, the encoding detected and what the parser had to guess."""

    provisions: pd.DataFrame
    encoding: str = "utf-8"
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- bytes -> text

_KK_ONLY = set("әғқңөұүһӘҒҚҢӨҰҮҺ")
_CP1251_ONLY = set("ђѓљњќћџЂЃЉЊЌЋЏ")  # the letters KZ-1048 replaces with Kazakh ones


def _plausible(text: str) -> bool:
    """Text a person wrote: no NULs or control bytes, and mostly letters, digits and punctuation."""
    if not text.strip():
        return True
    controls = sum(1 for ch in text if ch < " " and ch not in "\n\r\t\f")
    if controls:
        return False
    visible = [ch for ch in text if not ch.isspace()]
    letters = sum(ch.isalpha() for ch in visible)
    return letters >= 0.5 * len(visible)


def decode_bytes(raw: bytes, shown: str) -> tuple[str, str]:
    """(text, encoding name). Raises LegalTextError naming the file and the encodings expected."""
    expected = "expected UTF-8 (with or without BOM), UTF-16 with BOM, CP1251 or KZ-1048 text"
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8"), "utf-8-sig (UTF-8 with BOM)"
        except UnicodeDecodeError as exc:
            raise LegalTextError(f"{shown}: starts with a UTF-8 BOM but byte {exc.start + 3} is not UTF-8 ({expected})") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16 (with BOM)"
        except UnicodeDecodeError:
            raise LegalTextError(f"{shown}: starts with a UTF-16 BOM but is not UTF-16 ({expected})") from None
    try:
        text = raw.decode("utf-8")
        if _plausible(text):
            return text, "utf-8"
        raise LegalTextError(f"{shown}: decodes as UTF-8 but holds control bytes or few letters: not a text file ({expected})")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    candidates = []
    for enc in ("cp1251", "kz1048"):
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        cyr = sum("\u0400" <= ch <= "\u04ff" for ch in text)
        if _plausible(text) and cyr >= 0.3 * sum(ch.isalpha() for ch in text):
            candidates.append((enc, text))
    if not candidates:
        line = raw[: utf8_error.start].count(b"\n") + 1
        raise LegalTextError(f"{shown}:{line}: bytes are not text: not UTF-8 (byte {utf8_error.start}) and not "
                             f"Cyrillic CP1251/KZ-1048 ({expected})")
    by_enc = dict(candidates)
    if "kz1048" in by_enc and "cp1251" in by_enc:
        kk = sum(ch in _KK_ONLY for ch in by_enc["kz1048"])
        serbian = sum(ch in _CP1251_ONLY for ch in by_enc["cp1251"])
        if kk > serbian:
            return by_enc["kz1048"], "kz1048 (Windows Kazakh)"
        return by_enc["cp1251"], "cp1251 (Windows Cyrillic)"
    enc, text = candidates[0]
    return text, "cp1251 (Windows Cyrillic)" if enc == "cp1251" else "kz1048 (Windows Kazakh)"


def read_text(path: Path) -> tuple[str, str]:
    """Read ``path`` as a legal text: (text, encoding). Empty or undecodable files raise LegalTextError."""
    shown = str(path)
    raw, why = read_bounded(path, MAX_BYTES)
    if why == "no such file":
        raise LegalTextError(f"{shown}: no such file (expected a plain-text legal act, <act_id>.<lang>.txt)")
    if why:
        raise LegalTextError(f"{shown}: {why.replace('data file', 'legal act')}")
    text, enc = decode_bytes(raw, shown)
    if not text.strip("\ufeff \t\r\n\f"):
        raise LegalTextError(f"{shown}: file is empty (expected the plain text of a legal act)")
    return text, enc


# --------------------------------------------------------------------------- cleaning

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–—]\s*\d{1,4}\s*[-–—]|\d{1,4}|(?:стр\.?|страница|бет|page)\s*\d{1,4}(?:\s*(?:из|of|/)\s*\d{1,4})?"
    r"|\d{1,4}\s*(?:-бет|бет))\s*$", re.IGNORECASE)
_HYPHEN_BREAK = re.compile(r"(\w+)[-\u00ad]\n[ \t]*(\w+)")


def clean_text(text: str) -> tuple[str, list[str]]:
    """Normalise line ends, drop page-break artefacts, join words hyphenated across lines.

    A line-end hyphen is dropped ("коммуника-\\nция" -> "коммуникация") unless the same word occurs
    hyphenated inside a line elsewhere in the text ("өзін-өзі"), where the hyphen is real.
    """
    notes: list[str] = []
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    lines = text.split("\n")
    out, dropped = [], 0
    for i, line in enumerate(lines):
        prev_blank = i == 0 or not lines[i - 1].strip() or "\f" in lines[i - 1]
        next_blank = i + 1 >= len(lines) or not lines[i + 1].strip() or "\f" in lines[i + 1]
        if _PAGE_NUMBER.match(line.replace("\f", "")) and ("\f" in line or (prev_blank and next_blank)) and line.strip("\f \t"):
            dropped += 1
            continue
        out.append(line.replace("\f", ""))
    if dropped:
        notes.append(f"dropped {dropped} page-number line(s)")
    text = "\n".join(out)
    text = re.sub(r"[ \t]+\n", "\n", text)
    # a page break inside a paragraph leaves blank lines between a line and its lower-case continuation
    text, n_gap = re.subn(r"(?<=[\w,])\n{2,}(?=[ \t]*[a-zа-яәғқңөұүһі])", "\n", text)
    real = {m.group(0).lower() for m in re.finditer(r"\w+-\w+", text)}
    joined = 0

    def _join(m: re.Match) -> str:
        nonlocal joined
        left, right = m.group(1), m.group(2)
        if not right[0].islower() or f"{left}-{right}".lower() in real:
            return f"{left}-{right}" if m.group(0)[len(left)] == "-" else f"{left}{right}"
        joined += 1
        return left + right

    text = _HYPHEN_BREAK.sub(_join, text)
    text = text.replace("\u00ad", "")
    if joined:
        notes.append(f"joined {joined} word(s) hyphenated across lines")
    if n_gap:
        notes.append(f"closed {n_gap} page break(s) inside paragraphs")
    return text, notes


# --------------------------------------------------------------------------- structure

NUM = r"(\d+(?:-\d+)*)"
MARKERS = {
    "kk": {
        "chapter": re.compile(rf"^{NUM}-тарау(?:\.\s*(.*))?$", re.IGNORECASE),
        "article": re.compile(rf"^{NUM}-бап(?:\.\s*(.*))?$", re.IGNORECASE),
        "note": re.compile(r"^(?:Ескерту|Ескертпе|Ескертулер)\b\s*[.:]?\s*(.*)$", re.IGNORECASE),
    },
    "ru": {
        "chapter": re.compile(rf"^Глава\s+{NUM}(?:\.\s*(.*))?$", re.IGNORECASE),
        "article": re.compile(rf"^Статья\s+{NUM}(?:\.\s*(.*))?$", re.IGNORECASE),
        "note": re.compile(r"^(?:Примечание|Примечания|Сноска)\b\s*[.:]?\s*(.*)$", re.IGNORECASE),
    },
}
PARAGRAPH = re.compile(rf"^{NUM}\.\s+(\S.*)$")
SUBPARAGRAPH = re.compile(rf"^{NUM}\)\s*(\S.*)$")

_ISSUER_KK = r"(?:Заң|Жарлығ|[Ққ]аулыс|[Бб]ұйрығ|[Шш]ешім)ымен"
_ISSUER_RU = r"(?:Закон|Указ|[Пп]остановлени|[Пп]риказ|[Рр]ешени)(?:ом|ем|а|я)"
AMENDMENT = {
    "kk": re.compile(
        r"\(?(?:[Аа]лып\s+тасталды|[Өө]згеріс(?:тер)?\s+енгізілді|[Жж]аңа\s+редакцияда\s+жазылды"
        r"|[Тт]олықтырылды|[Кк]үші\s+жойылды)"
        rf"\s*[-–—]?\s*(?:ҚР|Қазақстан\s+Республикасының)[^\n]*?{_ISSUER_KK}"
        r"(?:\s*\([^()\n]*\))?\)?[.;]?"
        # the reverse order inside brackets: "(ҚР 2020.02.02 № 2-VI Заңымен өзгеріс енгізілді)"
        rf"|\((?:ҚР|Қазақстан\s+Республикасының)[^\n()]*?{_ISSUER_KK}\s+(?:алып\s+тасталды|өзгеріс(?:тер)?\s+"
        r"енгізілді|жаңа\s+редакцияда\s+жазылды|толықтырылды|күші\s+жойылды)\)[.;]?"),
    "ru": re.compile(
        r"\(?(?:[Ии]сключен[аоы]?|[Ии]зложен[аоы]?\s+в\s+редакции|[Дд]ополнен[аоы]?|[Ии]зменен[аоы]?"
        r"|с\s+изменени(?:ем|ями)|[Уу]тратил[аои]?\s+силу|[Вв]несен[аоы]?)"
        rf"[^\n]*?{_ISSUER_RU}\s+(?:РК|Республики\s+Казахстан)\s+от\s+[^\n]*?№\s*[\w-]+"
        r"(?:\s*\([^()\n]*\))?\)?[.;]?"),
}
_REPEAL = {"kk": re.compile(r"алып\s+тасталды|күші\s+жойылды", re.IGNORECASE),
           "ru": re.compile(r"исключен|утратил[аои]?\s+силу", re.IGNORECASE)}
# titles of the general part of an act: mentions there are declarations, not duties
GENERAL_PART = {
    "kk": re.compile(r"жалпы\s+ережелер|негізгі\s+ұғымдар|қағидаттар|принциптер|мақсаттар", re.IGNORECASE),
    "ru": re.compile(r"общие\s+положения|основные\s+понятия|принцип|цели\s+и\s+задачи", re.IGNORECASE),
}


def split_amendments(text: str, lang: str) -> tuple[str, list[str]]:
    """Move amendment notes out of a provision's text: (text without them, the notes)."""
    notes = [m.group(0).strip() for m in AMENDMENT[lang].finditer(text)]
    if not notes:
        return text.strip(), []
    rest = AMENDMENT[lang].sub(" ", text)
    rest = re.sub(r"\s{2,}", " ", rest).strip(" \t\n-–—;")
    return rest, notes


@dataclass
class _Unit:
    kind: str
    chapter: str | None
    chapter_title: str | None
    article: str | None
    article_title: str | None
    paragraph: str | None
    subparagraph: str | None
    line: int
    parts: list[str]


def _other_lang(lang: str) -> str:
    return "ru" if lang == "kk" else "kk"


def _count_markers(lines: list[str], lang: str) -> int:
    mk = MARKERS[lang]
    return sum(1 for ln in lines if mk["chapter"].match(ln) or mk["article"].match(ln))


def parse_text(text: str, lang: str, act_id: str) -> ParseResult:
    """Parse cleaned or raw text into provisions (see module docstring)."""
    if lang not in PARSER_LANGS:
        raise LegalTextError(f"unknown language '{lang}' (expected one of: {', '.join(PARSER_LANGS)})")
    text, warnings = clean_text(text)
    lines = [ln.strip() for ln in text.split("\n")]
    mk = MARKERS[lang]
    structural = sum(1 for ln in lines if mk["chapter"].match(ln) or mk["article"].match(ln)
                     or PARAGRAPH.match(ln) or SUBPARAGRAPH.match(ln))
    if structural == 0:
        hint = ""
        if _count_markers(lines, _other_lang(lang)):
            hint = f"; the text has {_other_lang(lang)} chapter/article headings: did you mean --lang {_other_lang(lang)}?"
        warnings.append(f"{act_id}: no chapter, article, paragraph or subparagraph markers recognised for "
                        f"lang={lang}; split into one provision per paragraph (blank-line separated){hint}")
        return ParseResult(_blocks(text, lang, act_id), warnings=warnings)

    units: list[_Unit] = []
    chapter = chapter_title = article = article_title = paragraph = None
    current: _Unit | None = None

    def start(kind: str, line_no: int, first: str, paragraph_: str | None = None, sub: str | None = None) -> _Unit:
        u = _Unit(kind, chapter, chapter_title, article, article_title, paragraph_, sub, line_no, [first] if first else [])
        units.append(u)
        return u

    for no, line in enumerate(lines, start=1):
        if not line:
            continue
        if m := mk["chapter"].match(line):
            chapter, article, article_title, paragraph = m.group(1), None, None, None
            head = m.group(2) or ""
            chapter_title, notes = split_amendments(head, lang)
            current = None
            if notes:
                current = start("heading", no, head)
            continue
        if m := mk["article"].match(line):
            article, paragraph = m.group(1), None
            head = m.group(2) or ""
            article_title, notes = split_amendments(head, lang)
            current = None
            if notes:
                current = start("heading", no, head)  # "5-бап. Алып тасталды - ҚР ... Заңымен."
            continue
        if m := mk["note"].match(line):
            current = start("note", no, m.group(1))  # notes belong to the article, not its last paragraph
            continue
        if m := PARAGRAPH.match(line):
            paragraph = m.group(1)
            current = start("text", no, m.group(2), paragraph)
            continue
        if m := SUBPARAGRAPH.match(line):
            current = start("text", no, m.group(2), paragraph, m.group(1))
            continue
        if current is None or current.kind == "heading" or (current.kind == "preamble" and article is not None):
            current = start("preamble" if chapter is None and article is None else "text", no, line, paragraph)
        else:
            current.parts.append(line)
    return ParseResult(_frame(units, lang, act_id), warnings=warnings)


def _blocks(text: str, lang: str, act_id: str) -> pd.DataFrame:
    units, line_no = [], 1
    for block in re.split(r"\n[ \t]*\n", text):
        stripped = block.strip()
        if stripped:
            first = line_no + block[: len(block) - len(block.lstrip())].count("\n")
            units.append(_Unit("block", None, None, None, None, None, None, first, [stripped.replace("\n", " ")]))
        line_no += block.count("\n") + 2
    return _frame(units, lang, act_id)


def _locator(u: _Unit) -> str:
    parts = []
    if u.article:
        parts.append(f"art{u.article}")
    elif u.chapter:
        parts.append(f"ch{u.chapter}")
    if u.paragraph:
        parts.append(f"p{u.paragraph}")
    if u.subparagraph:
        parts.append(f"sp{u.subparagraph}")
    if u.kind in ("note", "preamble", "block", "amendment"):
        parts.append(u.kind)
    return ".".join(parts)


def _frame(units: list[_Unit], lang: str, act_id: str) -> pd.DataFrame:
    rows, seen = [], {}
    for u in units:
        raw = " ".join(u.parts)
        raw = re.sub(r"\s+", " ", raw).strip()
        text, notes = split_amendments(raw, lang)
        kind = "text" if u.kind == "heading" else u.kind
        if u.kind == "note" and notes:
            # an amendment footnote ("Ескерту. 1-бапқа өзгеріс енгізілді - ҚР ... Заңымен."): the whole
            # note is the amendment record of the article (or chapter) it follows
            kind, text, notes = "amendment", "", [raw]
        u.kind = kind
        loc = _locator(u)
        seen[loc] = seen.get(loc, 0) + 1
        if u.kind in ("note", "preamble", "block", "amendment"):
            loc = f"{loc}{seen[loc]}"
        elif seen[loc] > 1:
            loc = f"{loc}~{seen[loc]}"
        rows.append({
            "provision_id": f"{act_id}.{lang}.{loc}",
            "act_id": act_id, "lang": lang,
            "chapter": u.chapter, "chapter_title": u.chapter_title or None,
            "article": u.article, "article_title": u.article_title or None,
            "paragraph": u.paragraph, "subparagraph": u.subparagraph,
            "kind": kind,
            "text": text, "amendment_notes": " | ".join(notes) or None,
            "is_repealed": bool(notes) and not text and any(_REPEAL[lang].search(n) for n in notes),
            "line": u.line,
        })
    return pd.DataFrame(rows, columns=COLUMNS)


def act_id_from_path(path: Path) -> tuple[str, str | None]:
    """``z1500000416.kk.txt`` -> ("z1500000416", "kk"); other names give (stem, None)."""
    parts = path.name.split(".")
    if len(parts) >= 3 and parts[-2] in PARSER_LANGS:
        return ".".join(parts[:-2]), parts[-2]
    return path.stem, None


def parse_file(path: Path, lang: str | None = None, act_id: str | None = None) -> ParseResult:
    """Read, decode and parse one act; ``lang``/``act_id`` default to the file name's."""
    path = Path(path)
    name_id, name_lang = act_id_from_path(path)
    lang = lang or name_lang
    if lang not in PARSER_LANGS:
        raise LegalTextError(f"{path}: cannot tell the language (expected --lang kk|ru or a file named <act_id>.kk.txt / <act_id>.ru.txt)")
    text, encoding = read_text(path)
    result = parse_text(text, lang, act_id or name_id)
    result.encoding = encoding
    return result


def parse_dir(directory: Path) -> tuple[pd.DataFrame, list[str]]:
    """Every ``<act_id>.<lang>.txt`` in ``directory`` parsed into one table (and the messages)."""
    frames, messages = [], []
    for path in sorted(Path(directory).glob("*.txt")):
        act_id, lang = act_id_from_path(path)
        if lang is None:
            messages.append(f"{path.name}: skipped (expected a name like <act_id>.kk.txt or <act_id>.ru.txt)")
            continue
        try:
            res = parse_file(path)
        except LegalTextError as exc:
            messages.append(str(exc))
            continue
        messages.append(f"{path.name}: {len(res.provisions)} provisions, encoding {res.encoding}")
        messages += res.warnings
        frames.append(res.provisions)
    if not frames:
        return pd.DataFrame(columns=COLUMNS), messages
    return pd.concat(frames, ignore_index=True), messages


def is_general_part(chapter_title: str | None, article_title: str | None, kind: str | None, lang: str) -> bool:
    """True for the preamble and for chapters/articles titled as general provisions, definitions or principles."""
    if kind in ("preamble",):
        return True
    pattern = GENERAL_PART.get(lang)
    return bool(pattern and any(isinstance(t, str) and pattern.search(t) for t in (chapter_title, article_title)))


def read_units(path, lang: str) -> pd.DataFrame:
    """A provisions CSV (with provision_id and text) or a plain text file parsed as an act."""
    path = Path(path)
    if not path.is_file():
        raise LegalTextError(f"{path}: no such file (expected a provisions CSV or a plain-text act)")
    if path.suffix.lower() == ".csv":
        try:
            df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise LegalTextError(f"{path}: not a readable UTF-8 CSV ({exc}) (expected a provisions table "
                                 "with columns provision_id and text)") from None
        missing = [c for c in ("provision_id", "text") if c not in df.columns]
        if missing:
            raise LegalTextError(f"{path}:1: missing column(s) {', '.join(missing)} (expected a provisions table "
                                 "with columns provision_id and text, as `civcomm parse` writes)")
        return df
    if lang in ("kk", "ru"):
        return parse_file(path, lang=lang).provisions
    text, _ = read_text(path)
    return pd.DataFrame({"provision_id": [path.stem], "text": [text]})
