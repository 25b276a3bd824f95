"""Benchmark part 'law': the official texts of Law 416-V parsed, aligned and read into events in one process, and
the coder measured on them.

``law_parse_align_s``: the median of several runs of parsing both languages (``legaltext.parse_file``),
aligning them (``lawalign.align``) and reading the amendment notes into events (``amendments.read_events``),
imports and the project's data not counted (a report has both loaded already). The naive baseline is what a
user ran before: ``civcomm parse <file>`` once per language as a command (imports and all), one after the
other. Reported "not available" where the official texts are absent.

The coder on the official text: ``coder_precision_kk``, ``coder_recall_kk`` (and ``_ru``) against the project's
reference hand reading (data/kz_law/readings/z1500000416.yaml, every competence, codes of strength explicit or
general), the same against the blind holdout reading (``..._holdout``), and ``coder_kk_ru_kappa``: Cohen's kappa of
the Kazakh and the Russian codes over every unit both texts print x every competence.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ACT = "z1500000416"


def bench_law(args, log) -> dict:
    from civcomm.analysis.amendments import read_events
    from civcomm.analysis.lawalign import align
    from civcomm.analysis.lawtexts import find_texts
    from civcomm.analysis.legaltext import parse_file

    import pandas as pd

    files = find_texts()
    if (ACT, "kk") not in files or (ACT, "ru") not in files:
        return {"law_parse_align_s": None, "law_note": f"the official texts of {ACT} are not in the official-texts folders"}

    def once():
        frames = [parse_file(files[(ACT, lang)]).provisions for lang in ("kk", "ru")]
        both = pd.concat(frames, ignore_index=True)
        aligned = align(both, ACT)
        events = read_events(both).events
        return len(aligned), len(events)

    once()  # warm the regex caches, as a report's second act would find them
    ours = []
    for i in range(max(args.repeat, 5)):
        t0 = time.perf_counter()
        units, events = once()
        ours.append(time.perf_counter() - t0)
    naive = []
    for i in range(args.repeat):
        t0 = time.perf_counter()
        for lang in ("kk", "ru"):
            subprocess.run([sys.executable, "-m", "civcomm", "parse", str(files[(ACT, lang)]), "--out", "/dev/null"],
                           check=True, capture_output=True)
        naive.append(time.perf_counter() - t0)
    log(f"law: parse+align+events {statistics.median(ours):.3f}s in one process; two `civcomm parse` commands "
        f"{statistics.median(naive):.2f}s")
    coder = coder_measures(log)
    return {**coder, "law_parse_align_s": statistics.median(ours), "law_naive_s": statistics.median(naive),
            "law_ratio": statistics.median(ours) / statistics.median(naive), "law_units": units, "law_events": events,
            "law_files": [str(files[(ACT, lang)]) for lang in ("kk", "ru")],
            "samples_law": {"parse_align_s": ours, "naive_s": naive}}


def coder_measures(log) -> dict:
    """Precision and recall of the coder on the official text against the hand readings, and kk/ru kappa."""
    from civcomm.analysis.lawreading import code_official, measure
    from civcomm.analysis.lawtexts import read_law_texts
    from civcomm.data.project import Project

    project = Project.load()
    law = read_law_texts([ACT], project=project)
    segments = code_official(law, project=project)
    competences = list(project.vocab("competence"))
    out = {}
    for role, suffix in (("reference", ""), ("holdout", "_holdout")):
        m = measure(segments, law, project, ACT, competences, role=role)
        for lang, a in m.per_lang.items():
            out[f"coder_precision_{lang}{suffix}"] = a.overall["precision"]
            out[f"coder_recall_{lang}{suffix}"] = a.overall["recall"]
            out[f"coder_units_{lang}{suffix}"] = a.overall["n_units"]
        if role == "reference" and m.kk_ru is not None:
            out["coder_kk_ru_kappa"] = m.kk_ru.overall["kappa"]
            out["coder_kk_ru_units"] = m.kk_ru.overall["n_units"]
    log("coder on the official text: " + ", ".join(f"{k} {v:.3f}" for k, v in out.items() if isinstance(v, float)))
    return out
