"""Country files as DataFrames: names, Table 2 rows, emphases, methods, institutions, figures."""

from __future__ import annotations

import pandas as pd

from civcomm.data import cache
from civcomm.data.models import Country


def load_countries(countries: list[str] | None = None, include_baseline: bool = True) -> list[Country]:
    """Validated country models, ordered by ISO3; ``countries`` ([] or None = all) filters them."""
    project = cache.use("country")
    wanted = set(countries or [])
    out = [c for c in project.all("country")
           if (not wanted or c.country in wanted) and (include_baseline or not c.is_baseline)]
    return sorted(out, key=lambda c: c.country)


def country_names(lang: str) -> dict[str, str]:
    """ISO3 -> country name in ``lang``."""
    return {c.country: c.names.get(lang) for c in load_countries()}


def emphases_frame(countries: list[str] | None = None, lang: str = "en") -> pd.DataFrame:
    """One row per (country, competence) emphasis with its levels, quote and refs."""
    rows = []
    for c in load_countries(countries):
        for e in c.emphases:
            rows.append({
                "country_code": c.country,
                "competence_id": e.competence,
                "levels": list(e.levels),
                "quote": e.quote.get(lang) if e.quote else None,
                "quote_kk": e.quote.kk if e.quote else None,
                "refs": list(e.refs),
            })
    return pd.DataFrame(rows, columns=["country_code", "competence_id", "levels", "quote", "quote_kk", "refs"])
