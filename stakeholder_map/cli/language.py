"""The language a command speaks: ``--lang``, else the programme's own ``language``
setting, else the environment's (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``), else
English.

A command that writes something a person reads takes :data:`lang_option`. The language is
set before the workbook is read (so a file that cannot be read is reported in ``--lang`` or
the environment's language) and, when ``--lang`` was not given, set again to the
programme's own language once its ``programme`` sheet is read — before the workbook is
validated, so its problems are reported in the programme's language too.
"""

from __future__ import annotations

import click

from stakeholder_map.i18n import (
    LANGUAGES,
    PSEUDO,
    language_from_env,
    normalise_language,
    set_language,
)
from stakeholder_map.workbook.names import programme_key
from stakeholder_map.workbook.read import RawWorkbook, canonical_name

__all__ = ["adopt_programme_language", "lang_option", "workbook_language"]

_EXPLICIT = "stakeholder_map.lang_explicit"


def _set_lang(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    chosen = normalise_language(value) if value else None
    if value and chosen is None:
        raise click.BadParameter(f"{value!r} is not one of {', '.join(LANGUAGES)}",
                                 ctx=ctx, param_hint="--lang")
    ctx.meta[_EXPLICIT] = chosen is not None
    set_language(chosen or language_from_env())
    return chosen


lang_option = click.option(
    "--lang", metavar="LANG", callback=_set_lang, expose_value=False, is_eager=True,
    help="Language of what is written for people: " + ", ".join(LANGUAGES) + " [default: "
         "the programme's own 'language' setting, else LANG, else en].")
"""``--lang xx``: sets the language of the command (not passed to the command itself)."""


def _explicit() -> bool:
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.meta.get(_EXPLICIT))


def workbook_language(book: RawWorkbook) -> str | None:
    """The ``language`` setting of a workbook's ``programme`` sheet, read before validation
    (``None`` when it has none or names one the tool does not speak)."""
    sheet = book.sheets.get("programme")
    if sheet is None or "key" not in sheet.frame or "value" not in sheet.frame:
        return None
    for key, value in zip(sheet.frame["key"], sheet.frame["value"], strict=True):
        name = canonical_name(str(key))
        if (programme_key(name) or name) == "language":
            lang = normalise_language(str(value))
            return lang if lang != PSEUDO else None
    return None


def adopt_programme_language(language: str | None) -> None:
    """Speak the programme's language from now on, unless ``--lang`` chose one."""
    if language and not _explicit():
        set_language(language)
