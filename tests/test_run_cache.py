"""The no-op path of `civcomm run` skips re-validation only while data and code are unchanged."""

from __future__ import annotations

import json

from civcomm import run

from .conftest import civcomm


def test_validated_key_follows_every_data_byte(fixture_copy):
    code = run.code_fingerprint()
    before = run.validated_key(code)
    assert run.validated_key(code) == before
    target = sorted(fixture_copy.rglob("*.yaml"))[0]
    target.write_text(target.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert run.validated_key(code) != before
    assert run.validated_key(code + "x") != run.validated_key(code)


def test_changed_data_is_validated_again_despite_an_old_clean_check(fixture_copy, tmp_outputs):
    stale = run.validated_key(run.code_fingerprint())
    tmp_outputs.mkdir(parents=True)
    (tmp_outputs / "manifest.json").write_text(json.dumps({"reports": {}, "validated": stale}), encoding="utf-8")
    country = sorted((fixture_copy / "countries").glob("*.yaml"))[0]
    country.write_text(country.read_text(encoding="utf-8") + "misspelt_key: 1\n", encoding="utf-8")
    proc = civcomm("run", "01", "-p", "lang=en", env={"CIVCOMM_DATA": str(fixture_copy),
                                                      "CIVCOMM_OUTPUTS": str(tmp_outputs)})
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert "misspelt_key" in proc.stderr
