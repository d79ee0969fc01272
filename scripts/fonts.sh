#!/usr/bin/env bash
# Regenerate the fonts the readiness pack, the standalone map and the comparison report embed
# (stakeholder_map/outputs/fonts/*.woff2): subsets of Noto Sans, Noto Sans Hebrew, Noto Sans
# Math and Noto Sans Symbols 2 (SIL Open Font License 1.1, see OFL.txt there), one file per
# script and weight so a chart embeds only what its text needs. Not part of the build: the
# subsets are committed; run this only to change what they cover.
#
# Needs Debian's fonts-noto-core (the TTFs) and fonttools with brotli (pyftsubset, woff2):
#   apt-get install fonts-noto-core fonttools python3-brotli
# The ranges are written once, here: faces.csv beside the subsets lists each file with its
# weight and range, and stakeholder_map/outputs/fonts/__init__.py makes the CSS from it.
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=${NOTO_DIR:-/usr/share/fonts/truetype/noto}
OUT=stakeholder_map/outputs/fonts
PYFTSUBSET=${PYFTSUBSET:-pyftsubset}

# Latin: ASCII, Latin-1 and Latin Extended-A (Lithuanian ąčęėįšųūž, Latvian āčēģīķļņšūž,
# Estonian õäöüšž), typographic punctuation and a few signs.
LATIN="U+0000-00FF,U+0100-017F,U+0131,U+0152-0153,U+0218-021B,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0300-0304,U+0308,U+030C,U+2000-206F,U+20AC,U+2116,U+2122"
CYRILLIC="U+0400-045F,U+0490-0491,U+20BD"
HEBREW="U+0590-05FF,U+20AA,U+25CC,U+FB1D-FB4F"
MATH="U+2190-2195,U+2212,U+2248,U+2260,U+2264-2265,U+27E6-27E7"   # arrows, − ≈ ≠ ≤ ≥, ⟦ ⟧
SYMBOLS="U+25CB,U+25CF,U+25D0,U+2713,U+2715"                        # ○ ● ◐ ✓ ✕

echo "file,weight,unicode_range" > "$OUT/faces.csv"
subset() {  # source-ttf ranges output-name weight
  "$PYFTSUBSET" "$SRC/$1" --unicodes="$2" --flavor=woff2 --no-hinting \
    --output-file="$OUT/$3.woff2"
  echo "$3.woff2,$4,\"$2\"" >> "$OUT/faces.csv"
}
for weight in Regular Bold; do
  css=$([ "$weight" = Bold ] && echo 700 || echo 400)
  subset "NotoSans-$weight.ttf" "$LATIN" "latin-$weight" "$css"
  subset "NotoSans-$weight.ttf" "$CYRILLIC" "cyrillic-$weight" "$css"
  subset "NotoSansHebrew-$weight.ttf" "$HEBREW" "hebrew-$weight" "$css"
done
subset NotoSansMath-Regular.ttf "$MATH" math-Regular 400
subset NotoSansSymbols2-Regular.ttf "$SYMBOLS" symbols-Regular 400
ls -l "$OUT"/*.woff2
