#!/usr/bin/env bash
# `make catalogs`: extract every translatable string into the template, bring each
# language's catalog up to date with it (new strings empty, changed ones marked fuzzy for
# review) and compile the catalogs the package ships. See docs/translating.md.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
LOCALE=stakeholder_map/locale
POT=$LOCALE/messages.pot
"$BIN/pybabel" extract -F babel.cfg -o "$POT" \
  -k N_ -k ngettext:1,2 -k pgettext:1c,2 -k lazy:1 \
  --add-location=file --sort-by-file --no-wrap \
  --project=stakeholder-map --copyright-holder="The stakeholder-map authors" \
  --msgid-bugs-address="https://github.com/stakeholder-map/stakeholder-map/issues" \
  stakeholder_map dashboards
for lang in lt lv et ru he; do
  if [ -f "$LOCALE/$lang/LC_MESSAGES/messages.po" ]; then
    "$BIN/pybabel" update -i "$POT" -d "$LOCALE" -l "$lang" --no-wrap --ignore-obsolete
  else
    "$BIN/pybabel" init -i "$POT" -d "$LOCALE" -l "$lang" --no-wrap
  fi
done
"$BIN/pybabel" compile -d "$LOCALE" --statistics
