"""Throughput of the dictionary coder against a naive loop of one `str.contains` per lexicon term.

Usage: python benchmarks/bench_coder.py [--n 100000] [--lang kk ru] [--repeat 3]

The corpus is synthetic and generated with a fixed seed: provisions of ~300 UTF-8 bytes made of
filler words, with inflected forms of the codebook's own stems mixed in (about one coded term per
provision). Nothing is written to data/ or outputs/; the script prints a markdown table.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time

import pandas as pd
from baselines import naive_code

from civcomm.analysis.coding import Coder, _workers
from civcomm.data.project import Project

SEED = 20261122
FILLER = {
    "kk": ["мемлекеттік", "орган", "қызметші", "тәртібі", "белгіленген", "осы", "заңға", "сәйкес", "жүзеге",
           "асырады", "талаптарын", "қамтамасыз", "етеді", "уәкілетті", "лауазымды", "адам", "мерзімде",
           "құқығы", "бар", "міндетті", "және", "немесе", "бойынша", "шешім", "қабылдайды", "ереже", "қағидалар"],
    "ru": ["государственный", "орган", "служащий", "порядке", "установленном", "настоящим", "законом",
           "осуществляет", "обеспечивает", "требования", "уполномоченный", "должностное", "лицо", "сроки",
           "право", "обязан", "и", "или", "по", "решение", "принимает", "правила", "положение", "соответствии"],
}
SUFFIXES = {"kk": ["", "ы", "тығы", "тықты", "дың", "ға", "лар", "лардың", "мен", "ін"],
            "ru": ["", "и", "ью", "ой", "ого", "ых", "ами", "а", "е", "ом"]}


def make_corpus(n: int, lang: str, stems: list[str], seed: int = SEED, target_bytes: int = 300) -> pd.DataFrame:
    rng = random.Random(seed)
    filler, suffixes = FILLER[lang], SUFFIXES[lang]
    texts = []
    for _ in range(n):
        words, size = [], 0
        while size < target_bytes:
            if rng.random() < 0.025:
                w = " ".join(part + rng.choice(suffixes) for part in rng.choice(stems).split())
            else:
                w = rng.choice(filler)
            words.append(w)
            size += len(w.encode()) + 1
        texts.append(" ".join(words).capitalize() + ".")
    return pd.DataFrame({"provision_id": [f"synthetic.{lang}.p{i}" for i in range(n)], "text": texts})


def best_of(fn, repeat: int) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000, help="provisions in the synthetic corpus")
    ap.add_argument("--lang", nargs="+", default=["kk", "ru"], choices=["kk", "ru"])
    ap.add_argument("--repeat", type=int, default=3, help="runs of the coder (best time counts)")
    args = ap.parse_args(argv)
    project, _ = Project.check()  # only the codebook is needed; other data may be in flux
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPU(s), Python {platform.python_version()}, "
          f"pandas {pd.__version__}; load average {os.getloadavg()[0]:.1f}; corpus seed {SEED}\n")
    print("| lang | provisions | MB (UTF-8) | stems | segments | coder s (processes) | coder provisions/s "
          "| naive s | naive provisions/s | ratio | coder s, 1 process | ratio, 1 process |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    worst_rate, worst_ratio = float("inf"), float("inf")
    for lang in args.lang:
        lexicon = {cid: c.lexicon.get(lang, []) for cid, c in project.vocab("competence").items()}
        stems = sorted({s for v in lexicon.values() for s in v})
        corpus = make_corpus(args.n, lang, stems)
        mb = sum(len(t.encode()) for t in corpus["text"]) / 1e6
        # the coder as the reports run it (with the exclusion contexts); compiling is part of neither timing
        coder = Coder.from_competences(project.vocab("competence"), lang)
        t_coder, segments = best_of(lambda: coder.code_frame(corpus), args.repeat)
        t_one, one = best_of(lambda: coder.code_frame(corpus, workers=1), args.repeat)
        assert one.equals(segments), "the coder's result depends on the number of processes"
        t_naive, _ = best_of(lambda: naive_code(corpus, lexicon), 1)
        procs = _workers(None, sum(map(len, corpus["text"])))
        rate = args.n / t_coder
        ratio = t_naive / t_coder
        worst_rate, worst_ratio = min(worst_rate, rate), min(worst_ratio, ratio)
        print(f"| {lang} | {args.n:,} | {mb:.1f} | {len(stems)} | {len(segments):,} | {t_coder:.2f} ({procs}) "
              f"| {rate:,.0f} | {t_naive:.2f} | {args.n / t_naive:,.0f} | {ratio:.1f}x | {t_one:.2f} "
              f"| {t_naive / t_one:.1f}x |")
    print(f"\nslowest coder: {worst_rate:,.0f} provisions/s (target >= 50,000); "
          f"smallest ratio to the naive loop: {worst_ratio:.1f}x (target >= 10x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
