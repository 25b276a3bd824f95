"""Interface strings exist in every report language."""

from __future__ import annotations

from civcomm.i18n import STRINGS, t

EMPTY_ON_PURPOSE = {("translation_note", "kk")}  # Kazakh is the original: no translation note


def test_every_interface_string_has_kk_ru_and_en():
    missing = [(k, lang) for k, entry in STRINGS.items() for lang in ("kk", "ru", "en")
               if not entry.get(lang) and (k, lang) not in EMPTY_ON_PURPOSE]
    assert not missing, missing


def test_format_strings_take_the_same_fields_in_every_language():
    import string

    for key, entry in STRINGS.items():
        fields = {lang: sorted(f for _, f, _, _ in string.Formatter().parse(entry[lang]) if f)
                  for lang in ("kk", "ru", "en")}
        assert fields["kk"] == fields["ru"] == fields["en"], (key, fields)
    assert "55" in t("inputs_summary", "kk").format(acts=0, provisions=0, hand_acts=17, units=55, codes=85)
