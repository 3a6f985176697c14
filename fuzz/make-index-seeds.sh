#!/bin/sh
# fuzz/make-index-seeds.sh [build/rummage] -- rebuild fuzz/seeds-index at
# the current index format (run it after a CATALOG_SCHEMA_VERSION bump, or
# the fuzzer and tests/ fuzz-index-regress stop at the version check):
# an empty index, three and forty items from the reference generator, and
# twelve items with 48-px thumbnails of generated photos.
set -eu
cd "$(dirname "$0")/.."
rummage=${1:-build/rummage}
py=python3
[ -x .venv/bin/python ] && py=.venv/bin/python
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=fuzz/seeds-index

mkdir -p "$tmp/empty"
: >"$tmp/empty/part-00000.json"
for n in 3 40; do
  "$py" -c 'import sys; sys.path.insert(0, "tests/reference"); import gen; gen.generate(sys.argv[1], int(sys.argv[2]), 7)' "$tmp/r$n" "$n"
done
"$rummage" gen --format records --items 12 --seed 3 --max-side 96 "$tmp/photos" >/dev/null
"$rummage" index --quiet --no-thumbs --db "$out/empty" "$tmp/empty"
"$rummage" index --quiet --no-thumbs --db "$out/three" "$tmp/r3"
"$rummage" index --quiet --no-thumbs --db "$out/forty" "$tmp/r40"
"$rummage" index --quiet --thumb-size 48 --db "$out/photos" "$tmp/photos"
rm -f "$out"/*.rejects
ls -l "$out"
