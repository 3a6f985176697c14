#!/usr/bin/env bash
# bench/browse-frames.sh [--items N] [--rummage PATH] [--dir DIR]
#
# The browser's speed (issue 3): frame times while navigating (target: a
# repaint within one 16 ms frame) and filter-change times, a query plus the
# recount of every facet (target: under 50 ms), over an N-item index
# (default 1,000,000) made with `rummage gen --no-images`. The browser runs
# its scripted-input mode (--script) on a 160x50 screen written to
# /dev/null, so only rummage's own work is measured, and prints p50/p95/max
# of each on stderr. The index is kept in DIR for the next run.
set -euo pipefail
cd "$(dirname "$0")/.."
items=1000000
rummage=build/rummage
dir=bench/out/browse
while [ $# -gt 0 ]; do
	case "$1" in
	--items) items=$2; shift 2 ;;
	--rummage) rummage=$2; shift 2 ;;
	--dir) dir=$2; shift 2 ;;
	*) echo "usage: $0 [--items N] [--rummage PATH] [--dir DIR]" >&2; exit 2 ;;
	esac
done
mkdir -p "$dir"
db=$dir/browse-$items.db
if [ ! -f "$db" ]; then
	echo "==> generating $items items (no images)" >&2
	rm -rf "$dir/records-$items"
	"$rummage" gen --format records --items "$items" --seed 7 --no-images \
	    "$dir/records-$items" >/dev/null
	echo "==> indexing" >&2
	"$rummage" index --db "$db" --quiet --no-thumbs "$dir/records-$items"
fi

# Navigation: line and page moves, both ends, over the whole result.
nav=""
for i in $(seq 1 100); do nav+="j"; done
for i in $(seq 1 20); do nav+="<PageDown>"; done
nav+="G"
for i in $(seq 1 20); do nav+="<PageUp>"; done
nav+="g"
for i in $(seq 1 50); do nav+="k"; done
nav+="<Tab>"
for i in $(seq 1 50); do nav+="j"; done

# Filter changes: facet selections (OR, AND, exclude), undo/redo, the
# threshold, typed queries, clear.
filt="<Tab><Enter>j<Enter>l<Enter>l<Enter>lx"
filt+="uuuu<C-r><C-r>++--c"
filt+="<Esc>/type:Jeans<Enter>/<C-u>label:Denim<Enter>/<C-u>-color:black brand:Zara<Enter>c"
filt+="/<C-u>date:2024<Enter>c/<C-u>text:ZARA<Enter>c"

run() {
	RUMMAGE_GRAPHICS=none TERM=xterm-256color LINES=50 COLUMNS=160 \
	    LANG=C.UTF-8 LC_ALL=C.UTF-8 XDG_CONFIG_HOME=/nonexistent \
	    "$rummage" browse --db "$db" --script "$1" </dev/null >/dev/null
}
echo "== browse over $items items ($rummage)"
echo "-- navigation"
run "$nav" 2>&1 | sed 's/^/   /'
echo "-- filter changes (query + every facet)"
run "$filt" 2>&1 | sed 's/^/   /'

# The views that count more with the result (issue 10): the same typed
# queries, threshold steps, undo and clear in the list, in the charts
# (the timeline, hours, weekdays and OCR agreement counted with the
# result) and in the crosstab (brand x type, 20 x 20 cells). ':' edits
# the query in every view, so the keys mean the same in all three.
views=":<C-u>type:Jeans<Enter>:<C-u>label:Denim<Enter>"
views+=":<C-u>-color:black brand:Zara<Enter>:<C-u>date:2024<Enter>"
views+=":<C-u>text:ZARA<Enter>++--uuuu<C-r><C-r>c"
for v in list charts crosstab; do
	case $v in
	list) keys="$views" ;;
	charts) keys="v$views" ;;
	crosstab) keys="t$views" ;;
	esac
	echo "-- filter changes in the $v view"
	run "$keys" 2>&1 | sed 's/^/   /'
done
