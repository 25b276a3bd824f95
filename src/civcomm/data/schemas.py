"""Generate JSON Schemas from the pydantic models, for editor support (kept in sync by a test)."""

from __future__ import annotations

import json
from pathlib import Path

from civcomm.core.paths import project_root
from civcomm.data.kinds import MODELS


def schema_texts() -> dict[str, str]:
    """File name -> JSON text of every model's schema, deterministic."""
    out = {}
    for kind, cls in sorted(MODELS.items()):
        schema = cls.model_json_schema()
        out[f"{kind}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return out


def write_schemas(out_dir: Path | None = None) -> list[Path]:
    out_dir = out_dir or project_root() / "schemas"
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = out_dir / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
