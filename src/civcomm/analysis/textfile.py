"""A legal act's plain-text file as lines: bytes decoded (the encoding reported), line ends and page artefacts normalised.

Bytes are decoded as UTF-8 (with or without BOM), UTF-16 with BOM, CP1251 or KZ-1048; which one was
detected is reported, never guessed silently. Cleaning never removes a line: a page-number line becomes
an empty line, so every line number the parser reports is the file's own.
"""

from __future__ import annotations

import re
from pathlib import Path

from civcomm.data.yamlio import read_bounded

PARSER_LANGS = ("kk", "ru")  # the languages of the official texts the parser reads
MAX_BYTES = 50_000_000


class LegalTextError(ValueError):
    """A file that cannot be read as a legal text (the CLI exits 2 with this message)."""


# --------------------------------------------------------------------------- bytes -> text

_KK_ONLY = set("әғқңөұүһӘҒҚҢӨҰҮҺ")
_CP1251_ONLY = set("ђѓљњќћџЂЃЉЊЌЋЏ")  # the letters KZ-1048 replaces with Kazakh ones


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_SPACE = re.compile(r"\s+")
_LETTERS = re.compile(r"[^\W\d_]+")


def _plausible(text: str) -> bool:
    """Text a person wrote: no NULs or control bytes, and mostly letters, digits and punctuation."""
    if not text.strip():
        return True
    if _CONTROL.search(text):
        return False
    visible = _SPACE.sub("", text)
    others = len(_LETTERS.sub("", visible))  # the regex engine counts, not a loop over characters
    return len(visible) - others >= 0.5 * len(visible)


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


def act_id_from_path(path: Path) -> tuple[str, str | None]:
    """``z1500000416.kk.txt`` -> ("z1500000416", "kk"); other names give (stem, None)."""
    parts = Path(path).name.split(".")
    if len(parts) >= 3 and parts[-2] in PARSER_LANGS and parts[-1] == "txt":
        return ".".join(parts[:-2]), parts[-2]
    return Path(path).stem, None


# --------------------------------------------------------------------------- text -> lines

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–—]\s*\d{1,4}\s*[-–—]|\d{1,4}|(?:стр\.?|страница|бет|page)\s*\d{1,4}(?:\s*(?:из|of|/)\s*\d{1,4})?"
    r"|\d{1,4}\s*(?:-бет|бет))\s*$", re.IGNORECASE)


def clean_lines(text: str) -> tuple[list[str], list[str]]:
    """The text's lines (1-based line n is ``lines[n - 1]``), line ends and invisible characters
    normalised, trailing whitespace dropped; a page-number line standing between blank lines or at a
    form feed becomes an empty line. Also what was done, for the parser's messages."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    lines = text.split("\n")
    out, dropped = [], 0
    for i, line in enumerate(lines):
        prev_blank = i == 0 or not lines[i - 1].strip() or "\f" in lines[i - 1]
        next_blank = i + 1 >= len(lines) or not lines[i + 1].strip() or "\f" in lines[i + 1]
        if (line.strip("\f \t") and _PAGE_NUMBER.match(line.replace("\f", ""))
                and ("\f" in line or (prev_blank and next_blank))):
            dropped += 1
            out.append("")
            continue
        out.append(line.replace("\f", "").rstrip())
    notes = [f"dropped {dropped} page-number line(s)"] if dropped else []
    return out, notes


_WORD_PAIR = re.compile(r"\w+-\w+")


def real_hyphenated(lines: list[str]) -> set[str]:
    """Words written with a hyphen inside a line ("өзін-өзі"): a line-end hyphen before such a word's
    second half is a real hyphen, not a word broken across lines."""
    return {m.group(0).lower() for line in lines for m in _WORD_PAIR.finditer(line)}


def join_line(left: str, right: str, real: set[str]) -> tuple[str, bool]:
    """``left`` and its continuation line ``right`` as one text; True when a word broken by a hyphen at
    the line end was joined. The publisher's copies break lines around lost links ("ҚР 09.01.2026 " /
    "№ 256-VIII" / " (алғашқы ..."): their own spaces are kept, and a space is added only where
    neither side has one and the right side does not start with closing punctuation."""
    if not left:
        return right.lstrip(), False
    tail = left.rstrip()
    head = right.lstrip()
    if tail[-1:] in ("-", "\u00ad") and len(tail) > 1 and tail[-2].isalpha() and head[:1].islower():
        word_left = re.search(r"(\w+)[-\u00ad]$", tail)
        word_right = re.match(r"\w+", head)
        pair = f"{word_left.group(1)}-{word_right.group(0)}".lower() if word_left and word_right else ""
        if tail[-1] == "\u00ad" or pair not in real:
            return tail[:-1] + head, True
        return tail + head, False
    if left[-1:].isspace() or right[:1].isspace():
        return tail + " " + head if head[:1] not in ")]},.;:!?" else tail + head, False
    if head[:1] in ")]},.;:!?" or tail[-1:] in "([{":
        return tail + head, False
    return tail + " " + head, False
