"""The law's commands of `civcomm`: `parse` an official text or an act, `code` a text, `qdc` and `qdpx` (REFI-QDA).

Each takes the parsed arguments and returns the exit code; what they need is imported when they run, so that
`civcomm` starts fast whichever command it runs. ``--law-texts`` (``law_texts_option``) is also an option of
`validate`, `run` and `preview`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from civcomm.core.exits import EXIT_BAD_INPUT, EXIT_OK

LAW_TEXTS_HELP = ("folder of the official texts of acts, <act>.<lang>.txt (default: $CIVCOMM_LAW_TEXTS, else "
                  "../shared/sources/kz_law beside the project; data/kz_law/texts/ is always searched first)")


def _codebook_competences():
    """The codebook's competences, even when other data files have problems (exit 2 if the codebook has)."""
    from civcomm.data.project import Project

    project, problems = Project.check()
    cb = project.one("codebook")
    if cb is None:  # the codebook itself did not validate; cross-file problems are `validate`'s business
        own = [p for p in problems if p.path.endswith("codebook.yaml")]
        for p in own or ["data/codebook.yaml: missing or unreadable (expected the competence codebook)"]:
            print(p, file=sys.stderr)
        return None
    return dict(cb.competences)


def _write_csv(df, out: str | None) -> None:
    from civcomm.output.atomic import atomic_write_bytes
    from civcomm.output.tables import csv_bytes

    if out:
        atomic_write_bytes(Path(out), csv_bytes(df))
    else:
        sys.stdout.write(df.to_csv(index=False, lineterminator="\n"))


def law_texts_option(args: argparse.Namespace) -> None:
    """``--law-texts DIR``: the official-texts folder for this process and the kernels it starts."""
    import os

    from civcomm.core.paths import LAW_TEXTS_ENV

    if getattr(args, "law_texts", None):
        os.environ[LAW_TEXTS_ENV] = str(Path(args.law_texts).resolve())


def parse(args: argparse.Namespace) -> int:
    """One file (its units as CSV), or an act id: both official texts found, checked, aligned, events read."""
    law_texts_option(args)
    target = Path(args.target)
    if target.is_file() or target.suffix == ".txt" or "/" in args.target:
        return _parse_file(args, target)
    return _parse_act(args)


def _parse_file(args: argparse.Namespace, path: Path) -> int:
    from civcomm.analysis.legaltext import LegalTextError, parse_file
    from civcomm.analysis.lawtexts import registered, shape_problems, truncation_problem
    from civcomm.analysis.textfile import act_id_from_path

    try:
        res = parse_file(path, lang=args.lang, act_id=args.act_id)
    except LegalTextError as exc:
        print(exc, file=sys.stderr)
        return EXIT_BAD_INPUT
    act, lang = act_id_from_path(path)
    record = _registered_quietly(registered).get((args.act_id or act, args.lang or lang))
    bad = shape_problems(res, record[1], path) if record else []
    if not bad and (why := truncation_problem(res, path)):
        bad = [why]
    if bad:
        for line in bad:
            print(line, file=sys.stderr)
        return EXIT_BAD_INPUT
    for w in res.warnings:
        print(f"{path}: warning: {w}", file=sys.stderr)
    _write_csv(res.provisions, args.out)
    print(f"{path}: encoding {res.encoding}; {len(res.provisions)} rows"
          + (f" -> {args.out}" if args.out else ""), file=sys.stderr)
    return EXIT_OK


def _registered_quietly(registered) -> dict:
    """The official texts data/sources.yaml records, or none when data/ cannot be loaded (a file is parsed
    on its own then)."""
    from civcomm.data.problems import DataError

    try:
        return registered()
    except DataError:
        return {}


def _parse_act(args: argparse.Namespace) -> int:
    from civcomm.analysis.amendments import by_amending_act
    from civcomm.analysis.lawtexts import alignment_counts, read_law_texts, text_counts
    from civcomm.core.paths import law_texts_dirs
    from civcomm.data.problems import DataError
    from civcomm.output.atomic import atomic_write_bytes
    from civcomm.output.tables import csv_bytes

    try:
        law = read_law_texts([args.target])
    except DataError as exc:
        print(exc, file=sys.stderr)
        return EXIT_BAD_INPUT
    for line in law.problems:
        print(line, file=sys.stderr)
    if not law.files:
        where = ", ".join(str(d) for d in law_texts_dirs()) or "no official-texts folder"
        print(f"{args.target}: no official text found (expected {args.target}.kk.txt or {args.target}.ru.txt in: "
              f"{where}; --law-texts DIR names another folder)", file=sys.stderr)
        return EXIT_BAD_INPUT
    for (act, lang, sid) in law.missing:
        print(f"{act}.{lang}.txt: not found (data/sources.yaml records it as {sid})", file=sys.stderr)
    for r in text_counts(law).itertuples():
        print(f"{r.file} ({r.folder}, {r.encoding}, {r.n_lines} lines): {r.n_chapters} chapters, {r.n_articles} "
              f"articles; {r.n_law_units} units of law ({r.n_repealed} repealed, {r.n_notes} notes), "
              f"{r.n_editorial} editorial rows, {r.n_amendment_notes} amendment notes, {r.n_signature} signature; "
              f"{r.n_marker_in_text} units holding an editorial marker; {r.n_events} amendment events "
              f"({r.n_pending} pending) from {r.n_amending_acts} amending acts")
    for r in alignment_counts(law).itertuples():
        print(f"{r.act_id} kk/ru: {r.n_both} units in both, {r.n_kk_only} only in kk, {r.n_ru_only} only in ru "
              f"({r.n_unexplained} not listed as a real difference)")
    per_act = by_amending_act(law.events)
    if not per_act.empty:
        print("amendment events per amending act (kk / ru):")
        wide = per_act.pivot_table(index=["amending_date", "amending_act"], columns="lang", values="events",
                                   fill_value=0, aggfunc="sum")
        for (date, number), row in wide.iterrows():
            print(f"  {date} № {number}: " + " / ".join(str(int(row.get(lang, 0))) for lang in ("kk", "ru")))
    if args.out:
        out = Path(args.out)
        for name, df in (("units", law.provisions), ("aligned", law.aligned), ("events", law.events),
                         ("amending_acts", per_act)):
            atomic_write_bytes(out / f"{args.target}.{name}.csv", csv_bytes(df))
        print(f"-> {out}/{args.target}.{{units,aligned,events,amending_acts}}.csv", file=sys.stderr)
    return EXIT_BAD_INPUT if law.problems or len(law.unexplained) else EXIT_OK


def code(args: argparse.Namespace) -> int:
    from civcomm.analysis.coding import Coder
    from civcomm.analysis.legaltext import LAW_KINDS, LegalTextError, read_units

    comps = _codebook_competences()
    if comps is None:
        return EXIT_BAD_INPUT
    unknown = [c for c in args.competence if c not in comps]
    if unknown:
        print(f"unknown competence(s) {', '.join(unknown)} (expected one of: {', '.join(comps)})", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        units = read_units(Path(args.file), args.lang)
    except LegalTextError as exc:
        print(exc, file=sys.stderr)
        return EXIT_BAD_INPUT
    if "kind" in units.columns:  # a parsed act: its law text only, never the publisher's rows (notes, contents)
        units = units[units["kind"].isin(LAW_KINDS) & (units["text"] != "")]
    coder = Coder.from_competences(comps, args.lang, args.competence)
    keep = [c for c in ("act_id",) if c in units.columns]
    segments = coder.code_frame(units, keep=keep)
    _write_csv(segments, args.out)
    print(f"{args.file}: {len(units)} unit(s), {len(segments)} coded segment(s) with {coder.n_stems} {args.lang} stems"
          + (f" -> {args.out}" if args.out else ""), file=sys.stderr)
    return EXIT_OK


def qdc(args: argparse.Namespace) -> int:
    from civcomm.output.atomic import atomic_write_bytes
    from civcomm.output.refiqda import QdcError, build_qdc, read_qdc

    comps = _codebook_competences()
    if comps is None:
        return EXIT_BAD_INPUT
    if args.action == "export":
        atomic_write_bytes(Path(args.file), build_qdc(comps, lang=args.lang))
        print(f"{args.file}: {len(comps)} codes (REFI-QDA codebook)", file=sys.stderr)
        return EXIT_OK
    try:
        codes = read_qdc(Path(args.file), known_ids=list(comps))
    except QdcError as exc:
        print(exc, file=sys.stderr)
        return EXIT_BAD_INPUT
    print("competence_id,guid,name,status")
    seen = set()
    for c in codes:
        if not c.is_codable:
            continue
        status = "new (not in data/codebook.yaml)" if c.competence_id not in comps else (
            "same" if c.description.strip() == comps[c.competence_id].definition.strip() else "definition changed")
        seen.add(c.competence_id)
        print(f"{c.competence_id or ''},{c.guid},\"{c.name}\",{status}")
    for cid in comps:
        if cid not in seen:
            print(f"{cid},,,missing from the .qdc file")
    return EXIT_OK


def qdpx(args: argparse.Namespace) -> int:
    from civcomm.output.refiqda import QdcError, read_qdpx

    comps = _codebook_competences()
    if comps is None:
        return EXIT_BAD_INPUT
    if args.action == "export":
        from civcomm.analysis import lawcoding
        from civcomm.data.project import Project
        from civcomm.output.atomic import atomic_write_bytes
        from civcomm.output.refiqda import build_qdpx

        project, problems = Project.check()
        if problems:
            for p in sorted(set(problems)):
                print(p, file=sys.stderr)
            print(f"{len(set(problems))} problem(s) in data/: not exported", file=sys.stderr)
            return EXIT_BAD_INPUT
        coded = lawcoding.code_kz_law(project=project)
        units, codings = coded.qda_units, coded.qda_codings
        atomic_write_bytes(Path(args.file), build_qdpx(units, codings, comps, lang=args.lang))
        counts = ", ".join(f"{coder}: {len(df)}" for coder, df in codings.items())
        print(f"{args.file}: {units['act_id'].nunique()} act(s), {len(units)} provisions; codings {counts}",
              file=sys.stderr)
        return EXIT_OK
    try:
        project = read_qdpx(Path(args.file), known_ids=list(comps))
    except QdcError as exc:
        print(exc, file=sys.stderr)
        return EXIT_BAD_INPUT
    codings = project.codings
    _write_csv(codings, args.out)
    coders = [c for c in project.coders if c in set(codings["coder"])]
    for coder in coders:
        part = codings[codings["coder"] == coder]
        print(f"{args.file}: {coder}: {len(part)} coding(s) of {part['unit_id'].nunique()} unit(s)"
              f"{'; ' + str(part['competence_id'].isna().sum()) + ' with codes not in the codebook' if part['competence_id'].isna().any() else ''}",
              file=sys.stderr)
    if len(coders) >= 2:
        from civcomm.analysis.agreement import agreement

        a, b = (codings[codings["coder"] == c].dropna(subset=["unit_id", "competence_id"]) for c in coders[:2])
        units = project.units or sorted(set(codings["unit_id"].dropna()))
        rep = agreement(a, b, units=units)
        print(f"agreement of '{coders[1]}' with '{coders[0]}' over the project's {len(units)} unit(s): {rep.summary()}",
              file=sys.stderr)
    return EXIT_OK
