"""Sheet, column and programme-key names a workbook may use in any of the six languages.

The format's own names are English (``actors``, ``ties``, ``formal_influence`` …) and stay
the contract: a workbook written by this tool always uses them. A person who builds a
workbook by hand may also name its sheets and columns in Lithuanian, Latvian, Estonian,
Russian or Hebrew — ``dalyviai``/``ryšiai``, ``участники``/``связи``, ``שחקנים``/``קשרים`` —
and the reader takes them as the English ones. Names are compared as
:func:`~stakeholder_map.workbook.read.canonical_name` compares them (case, spaces and
hyphens ignored). docs/workbook.md lists every accepted name (tests keep it in step).
"""

from __future__ import annotations

import re
from types import MappingProxyType

__all__ = ["COLUMN_NAMES", "PROGRAMME_KEY_NAMES", "SHEET_NAMES", "column_key", "programme_key",
           "sheet_key"]

_Names = dict[str, dict[str, tuple[str, ...]]]
"""English name → language → the names accepted in that language."""

SHEET_NAMES: _Names = {
    "actors": {"lt": ("dalyviai",), "lv": ("dalībnieki",), "et": ("osalejad",),
               "ru": ("участники",), "he": ("שחקנים",)},
    "ties": {"lt": ("ryšiai",), "lv": ("saites",), "et": ("seosed",), "ru": ("связи",),
             "he": ("קשרים",)},
    "agreements": {"lt": ("susitarimai",), "lv": ("vienošanās",), "et": ("kokkulepped",),
                   "ru": ("соглашения",), "he": ("הסכמים",)},
    "agreement_parties": {"lt": ("susitarimų šalys",), "lv": ("vienošanās puses",),
                          "et": ("kokkulepete osapooled",), "ru": ("стороны соглашений",),
                          "he": ("צדדים להסכמים",)},
    "forums": {"lt": ("forumai",), "lv": ("forumi",), "et": ("foorumid",), "ru": ("форумы",),
               "he": ("פורומים",)},
    "forum_members": {"lt": ("forumų nariai",), "lv": ("forumu dalībnieki",),
                      "et": ("foorumite liikmed",), "ru": ("участники форумов",),
                      "he": ("חברי פורומים",)},
    "programme": {"lt": ("programa",), "lv": ("programma",), "et": ("programm",),
                  "ru": ("программа",), "he": ("תוכנית",)},
    "sectors": {"lt": ("sektoriai",), "lv": ("sektori",), "et": ("sektorid",),
                "ru": ("секторы", "сектора"), "he": ("מגזרים",)},
}
"""Each sheet's names in the other five languages."""

_SHARED_COLUMNS: _Names = {
    "id": {"lt": ("id",), "lv": ("id",), "et": ("id",), "ru": ("ид", "идентификатор"),
           "he": ("מזהה",)},
    "name": {"lt": ("pavadinimas", "vardas"), "lv": ("nosaukums", "vārds"),
             "et": ("nimi", "nimetus"), "ru": ("название", "имя"), "he": ("שם",)},
    "kind": {"lt": ("rūšis",), "lv": ("veids",), "et": ("liik",), "ru": ("вид",),
             "he": ("סוג",)},
    "role": {"lt": ("vaidmuo",), "lv": ("loma",), "et": ("roll",), "ru": ("роль",),
             "he": ("תפקיד",)},
    "notes": {"lt": ("pastabos",), "lv": ("piezīmes",), "et": ("märkused",),
              "ru": ("заметки", "примечания"), "he": ("הערות",)},
    "since": {"lt": ("nuo",), "lv": ("kopš",), "et": ("alates",), "ru": ("с",),
              "he": ("מאז",)},
    "actor": {"lt": ("dalyvis",), "lv": ("dalībnieks",), "et": ("osaleja",),
              "ru": ("участник",), "he": ("שחקן",)},
}

COLUMN_NAMES: dict[str, _Names] = {
    "actors": {
        "id": _SHARED_COLUMNS["id"], "name": _SHARED_COLUMNS["name"],
        "sector": {"lt": ("sektorius",), "lv": ("sektors",), "et": ("sektor",),
                   "ru": ("сектор",), "he": ("מגזר",)},
        "kind": _SHARED_COLUMNS["kind"],
        "parent": {"lt": ("priklauso",), "lv": ("pieder",), "et": ("kuulub",),
                   "ru": ("входит в",), "he": ("שייך ל",)},
        "role": _SHARED_COLUMNS["role"],
        "region": {"lt": ("regionas",), "lv": ("reģions",), "et": ("piirkond",),
                   "ru": ("регион",), "he": ("אזור",)},
        "formal_influence": {"lt": ("formali įtaka",), "lv": ("formālā ietekme",),
                             "et": ("formaalne mõju",), "ru": ("формальное влияние",),
                             "he": ("השפעה פורמלית",)},
        "informal_influence": {"lt": ("neformali įtaka",), "lv": ("neformālā ietekme",),
                               "et": ("mitteformaalne mõju",), "ru": ("личное влияние",),
                               "he": ("השפעה אישית",)},
        "engagement": {"lt": ("įsitraukimas",), "lv": ("iesaiste",), "et": ("kaasatus",),
                       "ru": ("вовлечённость", "вовлеченность"), "he": ("מעורבות",)},
        "target_engagement": {"lt": ("siekiamas įsitraukimas",), "lv": ("mērķa iesaiste",),
                              "et": ("sihtkaasatus",),
                              "ru": ("целевая вовлечённость", "целевая вовлеченность"),
                              "he": ("מעורבות יעד",)},
        "burned": {"lt": ("nusivylęs",), "lv": ("vīlies",), "et": ("pettunud",),
                   "ru": ("обжёгся", "обжегся"), "he": ("נכווה",)},
        "tags": {"lt": ("žymos",), "lv": ("birkas",), "et": ("sildid",), "ru": ("метки",),
                 "he": ("תגיות",)},
        "notes": _SHARED_COLUMNS["notes"],
    },
    "ties": {
        "source": {"lt": ("nuo dalyvio",), "lv": ("no",), "et": ("lähtekoht",),
                   "ru": ("источник",), "he": ("מקור",)},
        "target": {"lt": ("iki dalyvio",), "lv": ("uz",), "et": ("sihtkoht",),
                   "ru": ("цель",), "he": ("יעד",)},
        "type": {"lt": ("tipas",), "lv": ("tips",), "et": ("tüüp",), "ru": ("тип",),
                 "he": ("סוג",)},
        "weight": {"lt": ("svoris",), "lv": ("svars",), "et": ("kaal",), "ru": ("вес",),
                   "he": ("משקל",)},
        "trust": {"lt": ("pasitikėjimas",), "lv": ("uzticēšanās",), "et": ("usaldus",),
                  "ru": ("доверие",), "he": ("אמון",)},
        "value": {"lt": ("vertė",), "lv": ("vērtība",), "et": ("väärtus",),
                  "ru": ("ценность",), "he": ("ערך",)},
        "since": _SHARED_COLUMNS["since"],
        "until": {"lt": ("iki",), "lv": ("līdz",), "et": ("kuni",), "ru": ("по",),
                  "he": ("עד",)},
        "notes": _SHARED_COLUMNS["notes"],
    },
    "agreements": {
        "id": _SHARED_COLUMNS["id"],
        "title": {"lt": ("pavadinimas",), "lv": ("nosaukums",), "et": ("pealkiri",),
                  "ru": ("название",), "he": ("כותרת",)},
        "kind": _SHARED_COLUMNS["kind"],
        "signed": {"lt": ("pasirašytas",), "lv": ("parakstīta",), "et": ("allkirjastatud",),
                   "ru": ("подписано",), "he": ("נחתם",)},
        "expires": {"lt": ("galioja iki",), "lv": ("derīga līdz",), "et": ("kehtib kuni",),
                    "ru": ("действует до",), "he": ("בתוקף עד",)},
        "status": {"lt": ("būsena",), "lv": ("statuss",), "et": ("olek",), "ru": ("статус",),
                   "he": ("מצב",)},
    },
    "agreement_parties": {
        "agreement": {"lt": ("susitarimas",), "lv": ("vienošanās",), "et": ("kokkulepe",),
                      "ru": ("соглашение",), "he": ("הסכם",)},
        "actor": _SHARED_COLUMNS["actor"],
        "responsibility": {"lt": ("atsakomybė",), "lv": ("atbildība",), "et": ("vastutus",),
                           "ru": ("ответственность",), "he": ("אחריות",)},
    },
    "forums": {
        "id": _SHARED_COLUMNS["id"], "name": _SHARED_COLUMNS["name"],
        "kind": _SHARED_COLUMNS["kind"],
        "required_sectors": {"lt": ("reikalingi sektoriai",), "lv": ("vajadzīgie sektori",),
                             "et": ("vajalikud sektorid",), "ru": ("нужные секторы",),
                             "he": ("מגזרים נדרשים",)},
    },
    "forum_members": {
        "forum": {"lt": ("forumas",), "lv": ("forums",), "et": ("foorum",), "ru": ("форум",),
                  "he": ("פורום",)},
        "actor": _SHARED_COLUMNS["actor"], "role": _SHARED_COLUMNS["role"],
        "since": _SHARED_COLUMNS["since"],
    },
    "programme": {
        "key": {"lt": ("raktas",), "lv": ("atslēga",), "et": ("võti",), "ru": ("ключ",),
                "he": ("מפתח",)},
        "value": {"lt": ("reikšmė",), "lv": ("vērtība",), "et": ("väärtus",),
                  "ru": ("значение",), "he": ("ערך",)},
    },
    "sectors": {
        "id": _SHARED_COLUMNS["id"], "name": _SHARED_COLUMNS["name"],
        "core": {"lt": ("pagrindinis",), "lv": ("pamata",), "et": ("põhiline",),
                 "ru": ("основной",), "he": ("ליבה",)},
        "aliases": {"lt": ("kiti pavadinimai",), "lv": ("citi nosaukumi",),
                    "et": ("muud nimed",), "ru": ("другие названия",),
                    "he": ("שמות נוספים",)},
    },
}
"""Each sheet's columns in the other five languages."""

PROGRAMME_KEY_NAMES: _Names = {
    "name": _SHARED_COLUMNS["name"],
    "backbone": {"lt": ("koordinuojanti organizacija",), "lv": ("koordinējošā organizācija",),
                 "et": ("koordineeriv organisatsioon",), "ru": ("координатор",),
                 "he": ("ארגון שדרה",)},
    "as_of": {"lt": ("būklė",), "lv": ("dati uz",), "et": ("seisuga",),
              "ru": ("по состоянию на",), "he": ("נכון ל",)},
    "wave": {"lt": ("banga",), "lv": ("vilnis",), "et": ("laine",), "ru": ("волна",),
             "he": ("גל",)},
    "language": {"lt": ("kalba",), "lv": ("valoda",), "et": ("keel",), "ru": ("язык",),
                 "he": ("שפה",)},
}
"""The ``programme`` sheet's keys in the other five languages."""


def _fold(text: str) -> str:
    """As ``canonical_name`` (kept here so this table module imports nothing)."""
    return re.sub(r"[\s\-_]+", "_", text.strip().lower()).strip("_")


def _index(names: _Names) -> MappingProxyType[str, str]:
    index: dict[str, str] = {}
    for english, by_language in names.items():
        for words in by_language.values():
            for word in words:
                folded = _fold(word)
                if index.get(folded, english) != english:
                    raise ValueError(f"{word!r} names both {index[folded]!r} and {english!r}")
                index[folded] = english
    return MappingProxyType(index)


_SHEETS = _index(SHEET_NAMES)
_COLUMNS = {sheet: _index(columns) for sheet, columns in COLUMN_NAMES.items()}
_KEYS = _index(PROGRAMME_KEY_NAMES)


def sheet_key(name: str) -> str | None:
    """The English sheet a (canonical) name in another language stands for, or ``None``.

    >>> sheet_key("ryšiai"), sheet_key("שחקנים"), sheet_key("Участники"), sheet_key("x")
    ('ties', 'actors', 'actors', None)
    """
    return _SHEETS.get(_fold(name))


def column_key(sheet: str, name: str) -> str | None:
    """The English column of ``sheet`` a (canonical) name in another language stands for.

    >>> column_key("actors", "Formali įtaka"), column_key("ties", "מקור")
    ('formal_influence', 'source')
    """
    table = _COLUMNS.get(sheet)
    return table.get(_fold(name)) if table else None


def programme_key(name: str) -> str | None:
    """The English ``programme`` key a name in another language stands for.

    >>> programme_key("Язык"), programme_key("ארגון שדרה")
    ('language', 'backbone')
    """
    return _KEYS.get(_fold(name))
