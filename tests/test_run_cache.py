"""The no-op path of `civcomm run` skips re-validation only while a run's inputs are unchanged."""

from __future__ import annotations

import shutil

from .conftest import ROOT, civcomm


def test_changed_data_is_validated_again_after_a_clean_run(tmp_path, fixture_copy):
    root = tmp_path / "proj"
    (root / "notebooks").mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "fixtures" / "notebooks" / "91_fixture_codebook.py", root / "notebooks")
    (root / "notebooks" / "runs.yaml").write_text("runs:\n  - notebook: 91_fixture_codebook.py\n")
    env = {"CIVCOMM_ROOT": str(root), "CIVCOMM_DATA": str(fixture_copy), "CIVCOMM_OUTPUTS": str(root / "outputs")}
    assert civcomm("run", env=env).returncode == 0
    country = sorted((fixture_copy / "countries").glob("*.yaml"))[0]
    country.write_text(country.read_text(encoding="utf-8") + "misspelt_key: 1\n", encoding="utf-8")
    # the codebook notebook does not read countries, but a run that must start a kernel checks all data
    codebook = fixture_copy / "codebook.yaml"
    codebook.write_text(codebook.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    proc = civcomm("run", env=env)
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert "misspelt_key" in proc.stderr and "no notebook was run" in proc.stderr
