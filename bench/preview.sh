#!/usr/bin/env bash
# bench/preview.sh [--build DIR] [--runs N] [--dir DIR]
#
# Photo previews (issue 4), side by side in one run, whole process each
# (start, decode, scale, encode, write), median of N runs:
#   1. a 384-px thumbnail (as stored in the index) to a sixel of the same
#      size: rummage's preview path vs img2sixel vs chafa -f sixel;
#   2. a 12-megapixel original (4000x3000) to a ~640x480 pane sixel, twice:
#      a smooth photo (a generated one scaled up) and a noisy one
#      (ImageMagick's plasma fractal, the worst case for JPEG decoding);
# and, in process, the thumbnail path as the browser runs it (index read,
# decode, boxes, sixel), median and p95 per photo over 50 items.
# The actual output size of every tool is printed: chafa sizes in cells
# (8x8 pixels in sixel mode without a terminal to ask), so it gets
# --font-ratio=1/1 and -s in 8-pixel cells, which gives the same pixels.
# rummage's side is build/tests/preview-bench (the code of ui/preview.c).
set -euo pipefail
cd "$(dirname "$0")/.."
build=build
runs=21
dir=bench/out/preview
while [ $# -gt 0 ]; do
	case "$1" in
	--build) build=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	--dir) dir=$2; shift 2 ;;
	*) echo "usage: $0 [--build DIR] [--runs N] [--dir DIR]" >&2; exit 2 ;;
	esac
done
pb=$build/tests/preview-bench
for p in "$build/rummage" "$pb"; do
	[ -x "$p" ] || { echo "bench: $p missing; build $build first" >&2; exit 1; }
done
for p in img2sixel chafa convert; do
	command -v "$p" >/dev/null || { echo "bench: $p missing (./run setup)" >&2; exit 1; }
done
mkdir -p "$dir"
if [ ! -f "$dir/x.db" ]; then
	echo "==> 50 items with photos up to 1600 px, indexed" >&2
	rm -rf "$dir/rec"
	"$build/rummage" gen --format records --items 50 --seed 7 --max-side 1600 \
	    "$dir/rec" >/dev/null
	"$build/rummage" index --db "$dir/x.db" "$dir/rec" >/dev/null
fi
"$pb" extract "$dir/x.db" "$dir/thumb.jpg"
if [ ! -f "$dir/photo-12mp.jpg" ]; then
	src=$(find "$dir/rec/images" -name 'image-0.jpg' | sort | head -1)
	convert "$src" -resize '4000x3000!' -quality 92 "$dir/photo-12mp.jpg"
	convert -size 4000x3000 -seed 7 plasma:fractal -quality 92 "$dir/noise-12mp.jpg"
fi

echo "==> in process: thumbnail from the index to sixel bytes (with boxes)" >&2
"$pb" thumbs "$dir/x.db" 50 384 384 >/dev/null

exec python3 - "$pb" "$dir" "$runs" <<'PY'
import re, statistics, subprocess, sys, time
pb, d, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])

def size(out):
    m = re.search(rb'"\d+;\d+;(\d+);(\d+)', out)
    return "%sx%s" % (m.group(1).decode(), m.group(2).decode()) if m else "?"

def bench(argv):
    out = subprocess.run(argv, stdout=subprocess.PIPE, check=True).stdout
    ts = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, check=True)
        ts.append((time.perf_counter() - t0) * 1000)
    return statistics.median(ts), size(out), len(out)

thumb = d + "/thumb.jpg"
tw, th = map(int, subprocess.run(["identify", "-format", "%w %h", thumb],
    stdout=subprocess.PIPE, check=True).stdout.split())
cases = [
    ("thumbnail %dx%d" % (tw, th), [
        ("rummage", [pb, "jpeg", thumb, str(tw), str(th)]),
        ("img2sixel", ["img2sixel", thumb]),
        ("chafa", ["chafa", "-f", "sixel", "--font-ratio=1/1", "-s",
                   "%dx%d" % (tw // 8, th // 8), thumb]),
    ]),
]
for name in ("photo", "noise"):
    big = "%s/%s-12mp.jpg" % (d, name)
    cases.append(("12 MP %s -> 640x480" % name, [
        ("rummage", [pb, "jpeg", big, "640", "480"]),
        ("img2sixel", ["img2sixel", "-w", "640", "-h", "480", big]),
        ("chafa", ["chafa", "-f", "sixel", "--font-ratio=1/1", "-s", "80x60",
                   big]),
    ]))
print("%-26s %-10s %10s %10s %10s" % ("case", "tool", "median ms", "size", "bytes"))
for title, tools in cases:
    for tool, argv in tools:
        ms, sz, n = bench(argv)
        print("%-26s %-10s %10.1f %10s %10d" % (title, tool, ms, sz, n))
PY
