"""Fill a domain's catalogs from a JSON file of translations (for translators and helpers).

    .venv/bin/python scripts/po_fill.py DOMAIN FILE.json

FILE.json maps each language to {English message: translation}; a plural message is keyed
by its singular and given a list of the language's forms; a message with a context
(``pgettext``) is keyed ``"context\u0004message"``, as gettext joins them.
Entries filled are marked reviewed
(not fuzzy); messages the catalog does not hold are reported. Then run
``scripts/catalogs.sh DOMAIN`` (or ``make catalogs``) to compile.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

LOCALE = Path(__file__).resolve().parent.parent / "stakeholder_map" / "locale"


def main(domain: str, source: str) -> int:
    wanted = json.loads(Path(source).read_text(encoding="utf-8"))
    status = 0
    for lang, table in wanted.items():
        path = LOCALE / lang / "LC_MESSAGES" / f"{domain}.po"
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        for message in catalog:
            if not message.id:
                continue
            key = message.id if isinstance(message.id, str) else message.id[0]
            if message.context:
                key = f"{message.context}\x04{key}"
            if key not in table:
                continue
            text = table.pop(key)
            if isinstance(message.id, (tuple, list)):
                forms = text if isinstance(text, list) else [text]
                if len(forms) != catalog.num_plurals:
                    print(f"{lang}: {key!r} needs {catalog.num_plurals} forms, got {len(forms)}")
                    status = 1
                    continue
                message.string = tuple(forms)
            else:
                message.string = text if isinstance(text, str) else text[0]
            message.flags.discard("fuzzy")
            message.previous_id = []
        for key in table:
            print(f"{lang}: not in {domain}.po: {key!r}")
            status = 1
        with path.open("wb") as fh:
            write_po(fh, catalog, width=0, sort_by_file=True, include_previous=False)
    return status


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
