#!/usr/bin/env bash
# `make catalogs`: extract every translatable string into each domain's template, bring
# each language's catalog up to date with it (new strings empty, changed ones marked fuzzy
# for review) and compile the catalogs the package ships. See docs/translating.md.
#
# One domain per part of the product (the list is DOMAINS in stakeholder_map/i18n.py), so
# a translator (or a developer) works on one part's files at a time.
# `scripts/catalogs.sh dashboard outputs` does only those domains.
set -euo pipefail
cd "$(dirname "$0")/.."
ONLY=" $* "
BIN=${BIN:-.venv/bin}
LOCALE=stakeholder_map/locale
mapfile -t LINES < <("$BIN/python" -c '
from stakeholder_map.i18n import DOMAINS
for domain, paths in DOMAINS.items():
    print(domain, *paths)')
for line in "${LINES[@]}"; do
  read -r domain paths <<<"$line"
  if [ "$ONLY" != "  " ] && [[ "$ONLY" != *" $domain "* ]]; then continue; fi
  # shellcheck disable=SC2086
  "$BIN/pybabel" extract -F babel.cfg -o "$LOCALE/$domain.pot" \
    -k N_ -k ngettext:1,2 -k pgettext:1c,2 \
    --add-location=file --sort-by-file --no-wrap \
    --project=stakeholder-map --copyright-holder="The stakeholder-map authors" \
    $paths
  for lang in lt lv et ru he; do
    po="$LOCALE/$lang/LC_MESSAGES/$domain.po"
    if [ -f "$po" ]; then
      "$BIN/pybabel" update -D "$domain" -i "$LOCALE/$domain.pot" -d "$LOCALE" -l "$lang" \
        --no-wrap --ignore-obsolete
    else
      "$BIN/pybabel" init -D "$domain" -i "$LOCALE/$domain.pot" -d "$LOCALE" -l "$lang" --no-wrap
    fi
  done
  "$BIN/pybabel" compile -D "$domain" -d "$LOCALE" --statistics
done
