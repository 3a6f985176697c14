#!/usr/bin/env bash
# Valgrind over the main paths of a plain (non-sanitizer) build: gen with
# photos, index with thumbnails, query (table and JSON, every term kind),
# info, stats, the browser's smoke mode on a pty and a script through its
# charts and crosstab. Any error or leak
# fails the test. JSIMD_FORCENONE: libjpeg-turbo's SIMD code reads
# padding valgrind cannot know is unused (a known false positive).
set -euo pipefail
RUMMAGE=${1:?usage: run.sh PATH/TO/rummage}
command -v valgrind >/dev/null || { echo "FAIL: valgrind not installed (./run setup installs it)"; exit 1; }
tmp=$(mktemp -d /tmp/rummage-valgrind-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export JSIMD_FORCENONE=1
vg() {
  valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
    --show-leak-kinds=definite,indirect "$@"
}
"$RUMMAGE" gen --format records --items 12 --seed 5 --max-side 320 --quiet "$tmp/rec"
vg "$RUMMAGE" index --db "$tmp/x.db" "$tmp/rec" > "$tmp/index.out"
grep -q "indexed 12 items" "$tmp/index.out"
vg "$RUMMAGE" info --db "$tmp/x.db" > /dev/null
vg "$RUMMAGE" info --db "$tmp/x.db" --json > /dev/null
for q in '' 'type:jeans -color:black' 'label:Clothing>=73.5 text:a*' 'date:2023..2024-06 "Levi'"'"'s"' 'brand:zara brand:h&m size:xl'; do
  vg "$RUMMAGE" query --db "$tmp/x.db" "$q" > /dev/null
  vg "$RUMMAGE" query --db "$tmp/x.db" --json --facet-limit 0 --min-confidence 70 "$q" > /dev/null
done
status=0
vg "$RUMMAGE" query --db "$tmp/x.db" 'brand:"open' 2> /dev/null || status=$?
[ "$status" -eq 2 ]
vg "$RUMMAGE" stats --db "$tmp/x.db" --width 100 > /dev/null
if command -v script >/dev/null; then
  TERM=xterm-256color RUMMAGE_GRAPHICS=blocks script -qec \
    "valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect $RUMMAGE browse --db $tmp/x.db --max-frames 3" \
    "$tmp/browse.typescript" > /dev/null < /dev/null
  grep -q "frames: 3" "$tmp/browse.typescript"
  # The charts (a timeline range, an hour, a brand) and the crosstab (a
  # cell, the rows' field changed), their terms applied, counted in line.
  # The crosstab bound to F5 here, whatever its default key.
  mkdir -p "$tmp/cfg/rummage"
  printf '[key-bindings]\ncrosstab = F5\n' > "$tmp/cfg/rummage/config"
  XDG_CONFIG_HOME=$tmp/cfg TERM=xterm-256color RUMMAGE_GRAPHICS=blocks script -qec \
    "valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect $RUMMAGE browse --db $tmp/x.db --script 'vhmh<Enter><Tab>jm<Enter><Tab><Tab><Enter>ujl<Enter><F5>rjl<Enter>'" \
    "$tmp/views.typescript" > /dev/null < /dev/null
  grep -q "filter changes" "$tmp/views.typescript"
fi
echo "valgrind: clean"
