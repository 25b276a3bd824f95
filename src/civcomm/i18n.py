"""Interface strings of tables and figures in kk, ru and en (not facts: captions quoted from the
dissertation live in the data or are cited where they are defined here)."""

from __future__ import annotations

LANGS = ("kk", "ru", "en")

# Captions quoted from the dissertation are verbatim in kk; ru/en are project translations.
STRINGS: dict[str, dict[str, str]] = {
    "table": {"kk": "Кесте", "ru": "Таблица", "en": "Table"},
    "note": {"kk": "Ескерту", "ru": "Примечание", "en": "Note"},
    "country": {"kk": "Ел", "ru": "Страна", "en": "Country"},
    "country_code": {"kk": "Ел коды", "ru": "Код страны", "en": "Country code"},
    "order": {"kk": "№", "ru": "№", "en": "No."},
    "approach": {"kk": "Ерекше тәсілі", "ru": "Отличительный подход", "en": "Distinctive approach"},
    "sources": {"kk": "Дереккөздер", "ru": "Источники", "en": "Sources"},
    "competence": {"kk": "Құзырет", "ru": "Компетенция", "en": "Competence"},
    "total": {"kk": "Барлығы", "ru": "Итого", "en": "Total"},
    "quote": {"kk": "Дәйексөз", "ru": "Цитата", "en": "Quote"},
    "levels": {"kk": "Деңгейлер", "ru": "Уровни", "en": "Levels"},
    "bibliography": {"kk": "Пайдаланылған дереккөздер", "ru": "Использованные источники", "en": "Sources cited"},
    "undated": {"kk": "Күні көрсетілмеген", "ru": "Без даты", "en": "Undated"},
    "timeline_caption": {"kk": "Нормативтік актілер уақыт бойынша (түрі × күні)", "ru": "Нормативные акты во времени (тип × дата)",
                         "en": "Legal and normative acts over time (type × date)"},
    "computed_table5_caption": {"kk": "5-кесте есептелген: №71 бұйрық × шетелдік тәжірибе × мүмкін толықтырулар",
                                "ru": "Таблица 5, рассчитанная: приказ №71 × зарубежная практика × возможные дополнения",
                                "en": "Table 5 computed: Order No. 71 × practice abroad × possible additions"},
    "computed_table5_note": {"kk": "Жоба деректерінен есептелген (елдер файлдарындағы деңгейге байланысты екпіндер минус №71 бұйрық талаптары); автордың бағаны салыстыру үшін берілген.",
                             "ru": "Рассчитано по данным проекта (акценты стран по уровням минус требования приказа №71); колонка автора приведена для сравнения.",
                             "en": "Computed from the project's data (level-specific emphases in the country files minus Order No. 71's requirements); the author's column is shown for comparison."},
    "table5_agreement_caption": {"kk": "Есептелген және автордың толықтыруларының сәйкестігі", "ru": "Совпадение рассчитанных и авторских дополнений",
                          "en": "Agreement of computed and author's additions"},
    "computed_table6_caption": {"kk": "6-кесте: елдер файлдарынан есептелген көрсеткіштер", "ru": "Таблица 6: показатели, рассчитанные по файлам стран",
                                "en": "Table 6: indicators computed from the country files"},
    "kazakh_check_caption": {"kk": "5-кестедегі Қазақстан ұяшығы мен №71 бұйрық", "ru": "Ячейка «Казахстан» таблицы 5 и приказ №71",
                             "en": "Table 5's Kazakhstan cell against Order No. 71"},
    "acts_caption": {"kk": "Нормативтік актілер", "ru": "Нормативные акты", "en": "Legal and normative acts"},
    "provisions_caption": {"kk": "Ережелер және кодталған құзыреттер", "ru": "Положения и закодированные компетенции",
                           "en": "Provisions and the competences coded"},
    "codes_caption": {"kk": "№71 бұйрық санаттары және лауазым деңгейлері", "ru": "Категории приказа №71 и уровни должностей",
                      "en": "Order No. 71 categories and job levels"},
    "block": {"kk": "Блок", "ru": "Блок", "en": "Block"},
    "provenance": {"kk": "Шығу тегі", "ru": "Происхождение", "en": "Provenance"},
    # diss_kz l.339 (kk verbatim); ru/en project translations
    "table2_caption": {
        "kk": "Мемлекеттік қызметшілердің коммуникативтік құзыреттілігін дамытудағы елдердің тәсілдерін салыстырмалы талдау",
        "ru": "Сравнительный анализ подходов стран к развитию коммуникативной компетентности государственных служащих",
        "en": "Comparative analysis of countries' approaches to developing civil servants' communicative competence",
    },
    "table2_note": {
        "kk": "Диссертацияның 1.3-бөліміндегі тізім (328–337-жолдар) негізінде қалпына келтірілді; кестенің өзі мәтінде сақталмаған.",
        "ru": "Восстановлено по перечню раздела 1.3 диссертации (строки 328–337); тело таблицы в тексте не сохранилось. Русский текст — перевод проекта.",
        "en": "Rebuilt from the numbered list in §1.3 of the dissertation (lines 328–337); the table body is not in the text. English text is the project's translation.",
    },
    "matrix_caption": {
        "kk": "Ел × құзырет: елдер файлдарындағы дәйексөзбен расталған екпіндер",
        "ru": "Страна × компетенция: акценты, подтверждённые цитатами в файлах стран",
        "en": "Country × competence: emphases backed by quotes in the country files",
    },
    "matrix_note": {
        "kk": "Жоба деректерінен есептелген; автордың кестесі емес.",
        "ru": "Рассчитано по данным проекта; это не таблица автора.",
        "en": "Computed from the project's data; not the author's table.",
    },
    # survey figures (notebooks/04_survey_figures.py)
    "share_pct": {"kk": "Үлесі, %", "ru": "Доля, %", "en": "Share, %"},
    "n": {"kk": "Саны", "ru": "Число", "en": "Count"},
    "option": {"kk": "Жауап нұсқасы", "ru": "Вариант ответа", "en": "Answer option"},
    "series": {"kk": "Қатар", "ru": "Ряд", "en": "Series"},
    "survey_n_note": {"kk": "N = {n} респондент", "ru": "N = {n} респондентов", "en": "N = {n:,} respondents"},
    "survey_multiple_note": {
        "kk": "Бірнеше жауап: үлестердің қосындысы 100%-дан асады",
        "ru": "Несколько ответов: сумма долей больше 100%",
        "en": "Multiple response: the shares add up to more than 100%",
    },
    "survey_derived_n": {
        "kk": "Саны жоба есептеген: үлес × N / 100.",
        "ru": "Число рассчитано проектом: доля × N / 100.",
        "en": "Counts computed by the project as share × N / 100.",
    },
    "claim_rank": {
        "kk": "«{option}»: {of} нұсқаның {rank}-орны ({share:.1f}%)",
        "ru": "«{option}»: {rank}-е место из {of} ({share:.1f}%)",
        "en": "'{option}': rank {rank} of {of} ({share:.1f}%)",
    },
    "claim_mean": {
        "kk": "{series}: орташа балл {mean:.2f}, ең жоғары балл {top:.1f}%",
        "ru": "{series}: средний балл {mean:.2f}, высший балл {top:.1f}%",
        "en": "{series}: mean score {mean:.2f}, top score {top:.1f}%",
    },
    "claim_answered": {
        "kk": "жауаптар {counted}, N = {n} ({missing} жауап жоқ)",
        "ru": "ответов {counted} из N = {n} ({missing} без ответа)",
        "en": "{counted:,} answers of N = {n:,} ({missing} missing)",
    },
    "claim_share": {
        "kk": "{series}: {options} – {share:.1f}%",
        "ru": "{series}: {options} – {share:.1f}%",
        "en": "{series}: {options} – {share:.1f}%",
    },
    "supported": {"kk": "расталады", "ru": "подтверждается", "en": "supported"},
    "contradicted": {"kk": "расталмайды", "ru": "не подтверждается", "en": "contradicted"},
    "text_says": {"kk": "Мәтінде", "ru": "Что сказано в тексте", "en": "What the text says"},
    "data_show": {"kk": "Деректер көрсеткені", "ru": "Что показывают данные", "en": "What the data show"},
    "verdict": {"kk": "Қорытынды", "ru": "Вывод", "en": "Verdict"},
    "claims_caption": {
        "kk": "Мәтін мен деректер: суреттердің сандарымен тексерілген тұжырымдар",
        "ru": "Текст и данные: утверждения, проверенные на числах рисунков",
        "en": "What the text says vs what the data show",
    },
    "claims_note": {
        "kk": "Әр тұжырымның тексеру тәсілі «how_tested» бағанында (ағылшынша). Жоба талдауы.",
        "ru": "Как проверено каждое утверждение – в столбце how_tested (по-английски). Анализ проекта.",
        "en": "How each sentence was formalised is in the how_tested column. The project's analysis, not the authors'.",
    },
    "design_caption": {
        "kk": "Эмпирикалық зерттеулердің құрылымы",
        "ru": "Дизайн эмпирических исследований",
        "en": "Design of the empirical studies",
    },
    "checks_caption": {
        "kk": "Тексерулер: N, жауаптар, үлестердің қосындысы",
        "ru": "Проверки: N, ответы, сумма долей",
        "en": "Checks: N, answers counted, sum of shares, choices per respondent",
    },
    "notes_caption": {
        "kk": "Дереккөздердегі сәйкессіздіктер (data_notes)",
        "ru": "Несоответствия в источниках (data_notes)",
        "en": "Inconsistencies recorded in the sources (data_notes)",
    },
    "questions_caption": {
        "kk": "2022 және 2023 жылғы сауалнамалардың сұрақтары",
        "ru": "Вопросы опросов 2022 и 2023 годов",
        "en": "The questions of the 2022 and 2023 surveys side by side",
    },
    "translation_note": {
        "kk": "",
        "ru": "Русский текст — перевод проекта с казахского оригинала.",
        "en": "English text is the project's translation of the Kazakh original.",
    },
    # legal-text analysis (notebooks/03_code_legal_texts.py); project wording, not the dissertation's
    "act": {"kk": "Акт", "ru": "Акт", "en": "Act"},
    "inputs_summary": {
        "kk": "ресми мәтіндер: {acts} акт, {provisions} ереже; қолмен кодталған актілер: {hand_acts}, "
              "{units} ереже, {codes} қолмен қойылған код",
        "ru": "официальные тексты: актов {acts}, положений {provisions}; акты с ручной кодировкой: {hand_acts}, "
              "положений {units}, ручных кодов {codes}",
        "en": "official texts: {acts} act(s), {provisions} provisions; hand-coded acts: {hand_acts}, "
              "{units} provisions, {codes} hand codes",
    },
    "no_official_texts": {
        "kk": "data/kz_law/texts/ қалтасында ресми мәтіндер жоқ: автоматты кодтар жоқ (сол қалтадағы README-ді қараңыз)",
        "ru": "в data/kz_law/texts/ нет официальных текстов: автоматических кодов нет (см. README в этой папке)",
        "en": "no official texts in data/kz_law/texts/: no automatic codes (see the README there)",
    },
    "no_hand_codes": {
        "kk": "data/kz_law ішінде мәтіні бар қолмен кодталған ережелер әлі жоқ: келісім есептелмеді",
        "ru": "в data/kz_law пока нет положений с текстом и ручными кодами: согласие не вычислено",
        "en": "no hand-coded provisions with text in data/kz_law yet: agreement not computed",
    },
    "codings_count": {"kk": "кодтаулар", "ru": "кодировки", "en": "codings"},
    "coverage_caption": {
        "kk": "Құзырет × акт: құзырет кодталған ережелер саны (Қазақстан)",
        "ru": "Компетенция × акт: число положений, закодированных компетенцией (Казахстан)",
        "en": "Competence × act: provisions coded with the competence (Kazakhstan)",
    },
    "emphasis_by_country_caption": {
        "kk": "Құзырет × ел: елдер файлдарындағы екпіндер",
        "ru": "Компетенция × страна: акценты в файлах стран",
        "en": "Competence × country: emphases in the country files",
    },
    "gap_caption": {
        "kk": "Олқылықтар: шетелде кемінде {n} елде баса айтылған, ал Қазақстан заңнамасында жоқ немесе тек жалпы түрде аталған құзыреттер",
        "ru": "Пробелы: компетенции, которые подчёркивают не менее {n} стран, но которых нет в праве Казахстана или они названы лишь в общем виде",
        "en": "Gaps: competences emphasised by at least {n} countries abroad and absent or only general in Kazakh law",
    },
    "gap_note": {
        "kk": "«Жалпы» – тек преамбулада, негізгі ұғымдарда немесе қағидаттарда аталған. Жоба деректерінен есептелген.",
        "ru": "«Общий» – упомянута только в преамбуле, основных понятиях или принципах. Рассчитано по данным проекта.",
        "en": "'General' = named only in a preamble, definitions or principles. Computed from the project's data.",
    },
    "segments_caption": {
        "kk": "Автоматты кодталған үзінділер", "ru": "Автоматически закодированные фрагменты",
        "en": "Automatically coded segments",
    },
    "agreement_caption": {
        "kk": "Автоматты кодтау мен қолмен кодтаудың сәйкестігі", "ru": "Согласие автоматического и ручного кодирования",
        "en": "Agreement of automatic with hand coding",
    },
    "disagreements_caption": {
        "kk": "Сәйкес келмейтін үзінділер", "ru": "Расходящиеся фрагменты", "en": "Disagreeing segments",
    },
    "countries_abroad": {"kk": "Шетелдер саны", "ru": "Число стран", "en": "Countries abroad"},
    "kz_status": {"kk": "Қазақстан заңнамасында", "ru": "В праве Казахстана", "en": "In Kazakh law"},
}


def t(key: str, lang: str) -> str:
    """The interface string ``key`` in ``lang`` (KeyError names the missing key)."""
    entry = STRINGS[key]
    return entry.get(lang) or entry["en"]


def caption(number: int, key: str, lang: str) -> str:
    """A dissertation-style caption: 'Кесте 2 – ...' / 'Таблица 2 – ...' / 'Table 2 – ...'."""
    return f"{t('table', lang)} {number} – {t(key, lang)}"

# stakeholder graphs (issue 5); project translations
STRINGS.update({
    "manage_closely": {"kk": "Мұқият басқару", "ru": "Тесно управлять", "en": "Manage closely"},
    "keep_satisfied": {"kk": "Қанағаттандырып отыру", "ru": "Поддерживать удовлетворённость", "en": "Keep satisfied"},
    "keep_informed": {"kk": "Хабардар етіп отыру", "ru": "Держать в курсе", "en": "Keep informed"},
    "monitor": {"kk": "Бақылау", "ru": "Наблюдать", "en": "Monitor"},
    "power": {"kk": "Билік (ықпал)", "ru": "Власть (влияние)", "en": "Power"},
    "interest": {"kk": "Мүдде", "ru": "Интерес", "en": "Interest"},
    "low": {"kk": "төмен", "ru": "низкий", "en": "low"},
    "medium": {"kk": "орташа", "ru": "средний", "en": "medium"},
    "high": {"kk": "жоғары", "ru": "высокий", "en": "high"},
    "sourced": {"kk": "дереккөзде", "ru": "по источнику", "en": "sourced"},
    "derived": {"kk": "ережемен есептелген", "ru": "выведено по правилу", "en": "derived by rule"},
    "network_caption": {"kk": "Мемлекеттік қызметшілердің коммуникациясына ықпал ететін актерлер желісі",
                        "ru": "Сеть акторов, влияющих на коммуникацию государственных служащих",
                        "en": "Network of actors that shape civil servants' communication"},
    "metrics_caption": {"kk": "Желі көрсеткіштері", "ru": "Метрики сети", "en": "Network metrics"},
    "grid_caption": {"kk": "Билік пен мүдде торы (Мендлоу)", "ru": "Сетка «власть–интерес» (Мендлоу)",
                     "en": "Power-interest grid (Mendelow)"},
    "countries_caption": {"kk": "Елдердің институционалдық графтары", "ru": "Институциональные графы стран",
                          "en": "Countries' institutional graphs"},
    "similarity_caption": {"kk": "Елдердің құзыреттер профилінің ұқсастығы (Жаккар)",
                           "ru": "Сходство профилей компетенций стран (Жаккар)",
                           "en": "Similarity of countries' competence profiles (Jaccard)"},
    "left_out": {"kk": "Байланыссыз актерлер (суретте жоқ)", "ru": "Акторы без связей (не показаны)",
                 "en": "Actors without a tie (not drawn)"},
    "notes_in_english": {"kk": "Байланыстар туралы ескертпелер жобаның дереккөздерді ағылшын тіліндегі қысқаша баяндауы.",
                         "ru": "Примечания к связям — краткие изложения источников проектом на английском языке.",
                         "en": "Notes on ties are the project's English summaries of the sources."},
    "inferred_tie": {"kk": "жоба тұжырымдаған байланыс (дереккөз бір тарапын атамайды)",
                     "ru": "выведенная связь (источник не называет одну из сторон)",
                     "en": "inferred tie (the source does not name an endpoint)"},
    "inferred_caption": {"kk": "Жоба тұжырымдаған байланыстар: дереккөз атамайтын тараптар",
                         "ru": "Выведенные связи: стороны, которые источник не называет, а проект определил",
                         "en": "Inferred ties: endpoints the source does not name and the project reads in"},
    "inferred_count": {"kk": "Байланыстар: {total}, оның ішінде дереккөз бір тарапын атамайтындары: {n} (inferred)",
                       "ru": "У {n} из {total} связей одна из сторон в источнике не названа (inferred)",
                       "en": "{n} of {total} ties have an endpoint the source does not name (inferred)"},
    "graph_note": {"kk": "Жоба деректерінен есептелген; әр байланыс дереккөзге сілтейді.",
                   "ru": "Рассчитано по данным проекта; каждая связь ссылается на источник.",
                   "en": "Computed from the project's data; every tie cites its source."},
})

# column headers of the computed Tables 5 and 6 (issue 3b); project translations. The DataFrames keep
# their stable column names (exports, tests); notebooks rename for display with ``headers``.
STRINGS.update({
    "col_level": {"kk": "Жұмыс деңгейі", "ru": "Уровень должности", "en": "Job level"},
    "col_level_code": {"kk": "Деңгей коды", "ru": "Код уровня", "en": "Level code"},
    "col_kazakhstan": {"kk": "Қазақстан (№71 бұйрық)", "ru": "Казахстан (приказ №71)", "en": "Kazakhstan (Order No. 71)"},
    "col_international": {"kk": "Шетелдік тәжірибе (елдер)", "ru": "Зарубежная практика (страны)",
                          "en": "Practice abroad (countries)"},
    "col_computed_additions": {"kk": "Есептелген толықтырулар", "ru": "Рассчитанные дополнения", "en": "Computed additions"},
    "col_author_additions": {"kk": "Автордың толықтырулары", "ru": "Дополнения автора", "en": "Author's additions"},
    "col_n_matched": {"kk": "Сәйкес (саны)", "ru": "Совпадают (число)", "en": "Matched (n)"},
    "col_n_only_computed": {"kk": "Тек есептелген (саны)", "ru": "Только рассчитанные (число)", "en": "Only computed (n)"},
    "col_n_only_author": {"kk": "Тек автордікі (саны)", "ru": "Только авторские (число)", "en": "Only the author's (n)"},
    "col_matched": {"kk": "Сәйкес", "ru": "Совпадают", "en": "Matched"},
    "col_only_computed": {"kk": "Тек есептелген", "ru": "Только рассчитанные", "en": "Only computed"},
    "col_only_author": {"kk": "Тек автордікі", "ru": "Только авторские", "en": "Only the author's"},
    "col_item_kk": {"kk": "Автордың ұяшығындағы тармақ", "ru": "Пункт ячейки автора (на казахском)", "en": "Item of the author's cell (Kazakh)"},
    "col_competence_id": {"kk": "Құзырет коды", "ru": "Код компетенции", "en": "Competence id"},
    "col_competence": {"kk": "Құзырет", "ru": "Компетенция", "en": "Competence"},
    "col_strength_code": {"kk": "Сәйкестік күші", "ru": "Сила соответствия", "en": "Strength of match"},
    "col_is_in_order71": {"kk": "№71 бұйрықта бар ма", "ru": "Есть в приказе №71", "en": "In Order No. 71"},
    "col_refs": {"kk": "Дереккөздер", "ru": "Источники", "en": "Sources"},
    "col_raw_code": {"kk": "Басылған код", "ru": "Код в тексте", "en": "Code as printed"},
    "col_code": {"kk": "Қалыпқа келтірілген код", "ru": "Нормализованный код", "en": "Normalised code"},
    "col_has_lookalike": {"kk": "Кириллица әріптері бар", "ru": "Есть кириллические буквы", "en": "Has Cyrillic look-alikes"},
    "col_order71_levels": {"kk": "№71 бұйрық бойынша деңгейлер", "ru": "Уровни по приказу №71", "en": "Levels under Order No. 71"},
    "col_is_consistent": {"kk": "Сәйкес келеді", "ru": "Согласуется", "en": "Consistent"},
    "col_row_id": {"kk": "Жол коды", "ru": "Код строки", "en": "Row id"},
    "col_criterion": {"kk": "Критерий", "ru": "Критерий", "en": "Criterion"},
    "col_named_countries": {"kk": "Ұяшықта аталған елдер", "ru": "Страны, названные в ячейке", "en": "Countries named in the cell"},
    "col_named_with_file": {"kk": "Аталғандардың файлы барлары", "ru": "Названные, у которых есть файл",
                            "en": "Named countries with a file"},
    "col_named_showing": {"kk": "Аталғандардың тәжірибені көрсететіндері", "ru": "Названные, показывающие практику",
                          "en": "Named countries showing the practice"},
    "col_n_countries_showing": {"kk": "Тәжірибені көрсететін елдер саны", "ru": "Число стран с практикой",
                                "en": "Countries showing the practice (n)"},
    "col_n_countries": {"kk": "Шетелдер саны", "ru": "Число зарубежных стран", "en": "Countries abroad (n)"},
    "col_countries_showing": {"kk": "Тәжірибені көрсететін елдер", "ru": "Страны с практикой", "en": "Countries showing the practice"},
    "col_kaz_shows": {"kk": "Қазақстан файлында бар", "ru": "Есть в файле Казахстана", "en": "Kazakhstan's file shows it"},
    "col_rule": {"kk": "Есептеу ережесі", "ru": "Правило расчёта", "en": "Rule"},
})


def headers(columns, lang: str) -> dict[str, str]:
    """Display headers in ``lang`` for the stable column names that have a ``col_<name>`` string
    (use as ``df.rename(columns=headers(df.columns, lang))``; other columns keep their names)."""
    return {c: t(f"col_{c}", lang) for c in columns if f"col_{c}" in STRINGS}
