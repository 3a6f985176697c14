#!/usr/bin/env bash
# bench/thumbsize.sh [--build DIR] [--items N] [--dir DIR] [SIZE...]
#
# The thumbnail-size trade-off (issue 9 §2): for each longest side SIZE
# (default 128 192 256 384 512 640 768), `rummage index --thumb-size SIZE`
# over the same N items (default 60, photos up to 1600 px as phones make
# them), then:
#   bytes/photo  the stored thumbnail JPEG, mean (what the index grows by);
#   index MB     the whole index file;
#   PSNR         how close the detail pane's picture made from the
#                thumbnail is to the one made from the original (the best
#                the pane can show), both filling the pane as
#                ui/photo.c does, and its sharpness: the picture's mean
#                luma gradient over the original picture's (1.00 = as
#                sharp; enlarging a small thumbnail blurs it, and PSNR
#                alone also counts resampling differences that no eye
#                sees); median and p10 over every photo, for
#                the pane of a 160x50 terminal (640x920 px with 10x20
#                cells) and of a 100x40 one (400x720), and for a grid
#                tile (180x198 px, bench/grid.sh's).
# rummage's side is build/tests/preview-bench sharp.
set -euo pipefail
cd "$(dirname "$0")/.."
build=build
items=60
dir=bench/out/thumbsize
sizes=()
while [ $# -gt 0 ]; do
	case "$1" in
	--build) build=$2; shift 2 ;;
	--items) items=$2; shift 2 ;;
	--dir) dir=$2; shift 2 ;;
	-*) echo "usage: $0 [--build DIR] [--items N] [--dir DIR] [SIZE...]" >&2; exit 2 ;;
	*) sizes+=("$1"); shift ;;
	esac
done
[ ${#sizes[@]} -gt 0 ] || sizes=(128 192 256 384 512 640 768)
pb=$build/tests/preview-bench
for p in "$build/rummage" "$pb"; do
	[ -x "$p" ] || { echo "bench: $p missing; build $build first" >&2; exit 1; }
done
mkdir -p "$dir"
if [ ! -f "$dir/rec-$items/_SUCCESS" ]; then
	echo "==> $items items with photos up to 1600 px" >&2
	rm -rf "$dir/rec-$items"
	"$build/rummage" gen --format records --items "$items" --seed 11 \
	    --max-side 1600 "$dir/rec-$items" >/dev/null
fi
printf '%-5s %11s %8s %7s | %-22s | %-22s | %-22s\n' size bytes/photo \
    "index MB" "index s" "160x50 pane PSNR sharp" "100x40 pane PSNR sharp" \
    "grid tile PSNR sharp"
for s in "${sizes[@]}"; do
	db=$dir/t-$s.db
	rm -f "$db" "$db-lock" "$db.rejects"
	t0=$(date +%s.%N)
	"$build/rummage" index --db "$db" --quiet --thumb-size "$s" "$dir/rec-$items"
	t1=$(date +%s.%N)
	read -r n bytes pa _ sa _ < <("$pb" sharp "$db" 640 920)
	read -r _ _ pb_ _ sb _ < <("$pb" sharp "$db" 400 720)
	read -r _ _ pc _ sc _ < <("$pb" sharp "$db" 180 198)
	mb=$(stat -c %s "$db" | awk '{ printf "%.1f", $1 / 1048576 }')
	printf '%-5s %11s %8s %7.1f | %7s dB %7s    | %7s dB %7s    | %7s dB %7s\n' \
	    "$s" "$bytes" "$mb" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" "$pa" "$sa" \
	    "$pb_" "$sb" "$pc" "$sc"
done
echo "($n photos; medians: PSNR against the original's picture, and its detail over the original's)"
