"""The publisher's amendment notes of a parsed act read as events: which unit, which amending act, what it did, when in force.

Sources of events, all rows of ``legaltext.parse_text``: the amendment notes after an article ("Ескерту.
10-бапқа өзгерістер енгізілді – ҚР 03.07.2017 № 86-VI ... ; 26.11.2019 № 273-VI (...) Заңдарымен." /
"Сноска. Статья 10 с изменениями, внесенными законами РК от ..."), the notes cut out of a unit's own line
("2) алып тасталды – ҚР 03.07.2020 № 357-VI Заңымен (...)") and the publisher's editorial notes that name
an amending act ("16) тармақшаға өзгеріс енгізу көзделген – ..." / "В подпункт 16) предусматривается
изменение ..."), which announce changes foreseen but not yet in force (``is_pending``). A note that names
an amending act but cannot be read into events is reported with its line, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

EVENT_COLUMNS = ["act_id", "lang", "note_id", "line", "origin", "scope", "chapter", "article", "paragraph",
                 "subparagraph", "part", "action", "amending_act", "amending_date", "amending_form", "in_force",
                 "in_force_date", "is_pending"]
ACTIONS = ("amended", "new_wording", "added", "repealed", "heading_changed", "words_replaced", "suspended",
           "deferred")

_DATE = r"(\d{2}\.\d{2}\.\d{4}|\d{4}\.\d{2}\.\d{2})"
# an amending act as the notes cite it: "ҚР 06.04.2016 № 484-V", "от 26.11.2019 № 273-VI", "2019.01.01 № 1-VI"
CITE = re.compile(rf"{_DATE}\s*(?:ж\.|жылғы)?\s*№\s*([0-9]+(?:-[A-Za-zІіVvXx]+)?)")
_LOOSE_CITE = re.compile(r"№\s*\d")
ACTION_WORDS = {
    "kk": [("heading_changed", r"тақырыбы[^–\-—;]*?(?:жаңа\s+редакцияда|өзгеріс)"),
           ("amended", r"өзгеріс(?:тер)?\s+енгіз(?:ілді|у)"), ("new_wording", r"жаңа\s+редакцияда"),
           ("added", r"толықтыр(?:ылды|у)"), ("repealed", r"алып\s+тасталды|күші\s+жойылды"),
           ("words_replaced", r"ауыстыр(?:у|ылды)"), ("suspended", r"тоқтатыла\s+тұрады"),
           ("deferred", r"бастап\s+қолданысқа\s+енгізіледі")],
    "ru": [("heading_changed", r"заголов\w*[^;]*?(?:в\s+редакции|изменени)"),
           ("amended", r"изменени(?:ем|ями|е|я)"), ("new_wording", r"в\s+редакции"),
           ("added", r"дополн(?:ен[аоы]?|ить)"), ("repealed", r"исключ(?:ен[аоы]?)?\b|утратил[аои]?\s+силу"),
           ("words_replaced", r"заменить|заменены"), ("suspended", r"приостановлен[аоы]?"),
           ("deferred", r"вводится\s+в\s+действие\s+с\s+\d")],
}
PENDING = {"kk": re.compile(r"көзделген|көзделеді"), "ru": re.compile(r"предусм[ао]тр\w*")}
_ORDINALS = {"kk": ["бірінші", "екінші", "үшінші", "төртінші", "бесінші", "алтыншы", "жетінші", "сегізінші"],
             "ru": ["перв", "втор", "трет", "четверт", "пят", "шест", "седьм", "восьм"]}
N = r"(\d+(?:-\d+)*)"
UNIT_REFS = {  # what a note's head says it concerns
    "kk": [("whole", re.compile(r"[Бб]үкіл\s+мәтін")), ("preamble", re.compile(r"[Кк]іріспе")),
           ("chapter", re.compile(rf"{N}-тара[уy]")), ("article", re.compile(rf"{N}-ба[пб]")),
           ("paragraph", re.compile(rf"{N}-тармақ(?!ша)")), ("subparagraph", re.compile(rf"{N}\)\s*тармақша")),
           ("part", re.compile(r"(" + "|".join(_ORDINALS["kk"]) + r")\s+бөлі"))],
    "ru": [("whole", re.compile(r"[Пп]о\s+всему\s+тексту")), ("preamble", re.compile(r"[Пп]реамбул")),
           ("chapter", re.compile(rf"[Гг]лав\w*\s+{N}")), ("article", re.compile(rf"[Сс]тать\w*\s+{N}")),
           ("paragraph", re.compile(rf"(?<!под)[Пп]ункт\w*\s+{N}(?!\))")),
           ("subparagraph", re.compile(rf"[Пп]одпункт\w*\s+{N}\)")),
           ("part", re.compile(r"[Чч]аст\w*\s+(" + "|".join(_ORDINALS["ru"]) + r")\w*"))],
}
_CONSTITUTIONAL = {"kk": re.compile(r"Конституциялық\s+заң", re.IGNORECASE),
                   "ru": re.compile(r"Конституционн\w+\s+закон", re.IGNORECASE)}
_IN_FORCE_DATE = re.compile(rf"{_DATE}\s*(?:бастап|дейін)|\bс\s+{_DATE}|до\s+{_DATE}")


def iso(date: str) -> str:
    """'06.04.2016' or '2016.04.06' -> '2016-04-06'."""
    a, b, c = date.split(".")
    return f"{a}-{b}-{c}" if len(a) == 4 else f"{c}-{b}-{a}"


def normalise_number(number: str) -> str:
    """The amending act's number with the convocation in Latin capitals ('163-VІ' with a Cyrillic І -> '163-VI')."""
    return number.replace("І", "I").replace("і", "I").upper()


@dataclass
class Events:
    """The events of one or more acts, and the notes that could not be read into events (file:line: why)."""

    events: pd.DataFrame
    problems: list[str] = field(default_factory=list)


_OPENING = re.compile(r"\s*(?:(?:Конституциялық\s+)?[Зз]аң(?:дар)?ымен|(?:Конституционн\w+\s+)?[Зз]акон\w*)?\s*\(")


def _parenthesised(text: str, start: int) -> tuple[str | None, int]:
    """The words in the brackets opening at or after ``start`` (skipping spaces and the issuer's word), and
    where they end; (None, start) if no bracket follows."""
    m = _OPENING.match(text, start)
    if not m:
        return None, start
    depth, i = 1, m.end()
    while i < len(text) and depth:
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        i += 1
    return re.sub(r"\s+", " ", text[m.end(): i - 1]).strip(), i


def _outside_brackets(text: str) -> str:
    """``text`` with what stands in brackets blanked out (same length): the entry-into-force phrases
    "(01.01.2020 бастап қолданысқа енгізіледі)" / "(вводится в действие с ...)" are not actions."""
    out, depth = [], 0
    for ch in text:
        depth += ch == "("
        out.append(ch if depth == 0 else " ")
        depth -= ch == ")" and depth > 0
    return "".join(out)


def _actions(text: str, lang: str) -> list[tuple[int, str]]:
    """(position, action) of every action word in a note outside brackets, in order; a heading change wins
    over its verb."""
    text = _outside_brackets(text)
    found: list[tuple[int, int, str]] = []
    for action, pattern in ACTION_WORDS[lang]:
        for m in re.finditer(pattern, text, re.IGNORECASE):
            if not any(a <= m.start() < b for a, b, _ in found):
                found.append((m.start(), m.end(), action))
    return sorted((a, action) for a, _, action in found)


def _target(head: str, lang: str, context: dict) -> tuple[str, dict]:
    """(scope, unit) a note's head names, completed from where the note stands (``context``)."""
    named: dict = {}
    for kind, pattern in UNIT_REFS[lang]:
        for m in pattern.finditer(head):
            if kind in ("whole", "preamble"):
                named.setdefault(kind, True)
            elif kind == "part":
                word = m.group(1).lower()
                named.setdefault("part", next(i + 1 for i, o in enumerate(_ORDINALS[lang]) if word.startswith(o)))
            else:
                named[kind] = m.group(1)  # the last one named is the one acted on ("4-тарау 24-1-баппен")
    if "whole" in named:
        return "act", {}
    if "preamble" in named:
        return "preamble", {}
    unit = {k: named.get(k) for k in ("chapter", "article", "paragraph", "subparagraph", "part")}
    if unit["chapter"] and not unit["article"]:
        return "chapter", unit
    if not unit["article"]:
        unit["article"] = context.get("article")
        if not unit["paragraph"] and unit["subparagraph"]:
            unit["paragraph"] = context.get("paragraph")
    unit["chapter"] = unit["chapter"] or context.get("chapter")
    if unit["subparagraph"]:
        scope = "subparagraph"
    elif unit["paragraph"]:
        scope = "paragraph"
    elif unit["article"]:
        scope = "article"
    else:
        scope = "unknown"
    return scope, unit


def read_note(text: str, lang: str, context: dict, edition_date: str | None = None,
              origin: str = "amendment") -> tuple[list[dict], str | None]:
    """The events of one note, or ([], why) when it names an amending act but cannot be read."""
    whole = re.fullmatch(r"\s*\((.*)\)[.;]?\s*", text, re.S)  # "(ҚР ... Заңымен өзгеріс енгізілді)": one bracket
    if whole and "(" not in whole.group(1).split(")")[0]:
        text = whole.group(1)
    cites = list(CITE.finditer(text))
    loose = len(_LOOSE_CITE.findall(text))
    if not cites:
        return [], (f"names an amending act but no date and number could be read (expected 'DD.MM.YYYY № N')"
                    if loose else None)
    if len(cites) < loose:
        return [], f"{loose} act numbers (№) but only {len(cites)} with a date (expected 'DD.MM.YYYY № N' for each)"
    actions = _actions(text, lang)
    if not actions:
        return [], "no action words (expected e.g. 'өзгерістер енгізілді', 'алып тасталды', 'с изменениями', 'исключен')"
    first_action = actions[0][0]
    head = text[: min(cites[0].start(), max(first_action, 0) + 200)]
    scope, unit = _target(head, lang, context)
    if scope == "unknown":
        return [], "does not say which unit it concerns and stands outside any article"
    pending = bool(PENDING[lang].search(text)) if origin == "editorial" else False
    events = []
    for i, m in enumerate(cites):
        # kk names the form after the act ("№ 86-VI Конституциялық заңымен"), ru before it
        window = (text[m.start(): cites[i + 1].start() if i + 1 < len(cites) else len(text)] if lang == "kk"
                  else text[cites[i - 1].end() if i else 0: m.start()])
        before = [a for pos, a in actions if pos < m.start()]
        action = before[-1] if before else actions[0][1]
        in_force, _ = _parenthesised(text, m.end())
        # the entry-into-force phrase also stands before the act in some editorial notes
        phrase = in_force or ""
        when = _IN_FORCE_DATE.search(phrase) or (_IN_FORCE_DATE.search(text[: m.start()]) if origin == "editorial" else None)
        in_force_date = iso(next(g for g in when.groups() if g)) if when else None
        is_pending = pending or (action == "deferred") or bool(
            in_force_date and edition_date and in_force_date > edition_date and action != "suspended")
        events.append({"origin": origin, "scope": scope, **unit, "action": action,
                       "amending_act": normalise_number(m.group(2)), "amending_date": iso(m.group(1)),
                       "amending_form": "constitutional_law" if _CONSTITUTIONAL[lang].search(window) else "law",
                       "in_force": in_force, "in_force_date": in_force_date, "is_pending": is_pending})
    return events, None


def read_events(provisions: pd.DataFrame, edition_dates: dict[str, str] | None = None,
                paths: dict[tuple[str, str], str] | None = None) -> Events:
    """Every event of every act and language in ``provisions`` (rows of ``legaltext.parse_text``).

    ``edition_dates`` (act id -> ISO date of the edition read) marks events in force only after it as
    pending; ``paths`` ((act, lang) -> file shown in messages) names the file in each problem.
    """
    rows, problems = [], []
    for r in provisions.itertuples(index=False):
        context = {"chapter": r.chapter, "article": r.article, "paragraph": r.paragraph,
                   "subparagraph": r.subparagraph}
        if r.kind == "amendment":
            note, origin = r.editorial, "amendment"
        elif r.kind == "editorial" and isinstance(r.editorial, str) and r.marker != "court":
            note, origin = r.editorial, "editorial"
        elif r.kind in ("text", "preamble") and isinstance(r.amendment_notes, str):
            note, origin = r.amendment_notes, "inline"
        else:
            continue
        edition = (edition_dates or {}).get(r.act_id)
        events, why = read_note(note, r.lang, context, edition, origin)
        if origin == "inline":  # the note stands in the unit's own line: that unit is the target
            for e in events:
                e.update(scope="subparagraph" if r.subparagraph else "paragraph" if r.paragraph else "article",
                         chapter=r.chapter, article=r.article, paragraph=r.paragraph,
                         subparagraph=r.subparagraph, part=None)
        if why:
            shown = (paths or {}).get((r.act_id, r.lang), f"{r.act_id}.{r.lang}.txt")
            problems.append(f"{shown}:{r.line}: {origin} note not read into events: {why}: '{note[:80]}'")
            continue
        for e in events:
            rows.append({"act_id": r.act_id, "lang": r.lang, "note_id": r.provision_id, "line": r.line, **e})
    return Events(pd.DataFrame(rows, columns=EVENT_COLUMNS), problems)


def by_amending_act(events: pd.DataFrame) -> pd.DataFrame:
    """Events counted per amending act and language: date, number, form, events, pending events."""
    if events.empty:
        return pd.DataFrame(columns=["amending_date", "amending_act", "amending_form", "lang", "events", "pending"])
    g = events.groupby(["amending_date", "amending_act", "lang"], sort=True)
    out = g.agg(amending_form=("amending_form", "first"), events=("action", "size"),
                pending=("is_pending", "sum")).reset_index()
    out["pending"] = out["pending"].astype(int)
    return out[["amending_date", "amending_act", "amending_form", "lang", "events", "pending"]]
