"""The no-op path of `civcomm run` skips re-validation only while a run's inputs are unchanged."""

from __future__ import annotations

import shutil

from .conftest import ROOT, civcomm


def _project_running(notebook: str, tmp_path, data) -> dict[str, str]:
    """A project in ``tmp_path`` whose runs.yaml runs one fixture notebook on ``data``: its environment."""
    root = tmp_path / "proj"
    (root / "notebooks").mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "fixtures" / "notebooks" / notebook, root / "notebooks")
    (root / "notebooks" / "runs.yaml").write_text(f"runs:\n  - notebook: {notebook}\n")
    return {"CIVCOMM_ROOT": str(root), "CIVCOMM_DATA": str(data), "CIVCOMM_OUTPUTS": str(root / "outputs")}


def test_changed_data_is_validated_again_after_a_clean_run(tmp_path, fixture_copy):
    env = _project_running("91_fixture_codebook.py", tmp_path, fixture_copy)
    assert civcomm("run", env=env).returncode == 0
    country = sorted((fixture_copy / "countries").glob("*.yaml"))[0]
    country.write_text(country.read_text(encoding="utf-8") + "misspelt_key: 1\n", encoding="utf-8")
    # the codebook notebook does not read countries, but a run that must start a kernel checks all data
    codebook = fixture_copy / "codebook.yaml"
    codebook.write_text(codebook.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    proc = civcomm("run", env=env)
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert "misspelt_key" in proc.stderr and "no notebook was run" in proc.stderr


def test_an_official_text_dropped_into_the_texts_folder_reruns_the_notebook_that_lists_it(tmp_path, fixture_copy):
    env = _project_running("92_fixture_texts.py", tmp_path, fixture_copy)
    texts = fixture_copy / "kz_law" / "texts"
    assert not texts.exists()
    first = civcomm("run", env=env)
    assert first.returncode == 0 and "1 ran" in first.stderr, first.stderr[-2000:]
    assert "0 ran, 1 skipped" in civcomm("run", env=env).stderr
    texts.mkdir()
    (texts / "fixture_act.kk.txt").write_text("1-бап. Жалпы ережелер\n1. Мемлекеттік органдар ашықтығы.\n",
                                              encoding="utf-8")
    second = civcomm("run", env=env)
    assert "1 ran" in second.stderr, second.stderr[-2000:]
    assert "0 ran, 1 skipped" in civcomm("run", env=env).stderr
    (texts / "fixture_act.kk.txt").write_text("1-бап. Жалпы ережелер\n1. Өзгертілген мәтін.\n", encoding="utf-8")
    assert "1 ran" in civcomm("run", env=env).stderr
