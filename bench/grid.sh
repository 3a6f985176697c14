#!/usr/bin/env bash
# bench/grid.sh [--build DIR] [--pages N] [--runs N] [--dir DIR]
#
# The grid view (issue 9 §1), side by side in one run: a screenful of
# tiles at 160x50 cells (10x20-pixel cells: 6x4 tiles of 180x198 pixels
# beside the sidebar) drawn from the index as sixel, page after page.
#   rummage    `rummage browse --view grid --script '<PageDown>'...` in
#              sixel mode; its own frame times (draw + doupdate + the
#              sixel written to a file), median over the pages, and
#              the whole process for one page (start, open, count, draw);
#   baseline   what a user would script: the same 24 thumbnails (taken
#              out of the index by preview-bench tiles) through
#              ImageMagick `montage -tile 6x4 -geometry 180x198+5+11`
#              piped to img2sixel, one whole pipeline per page, median.
# The bytes per page are printed for both. The index (300 items with
# photos) is kept in DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
build=build
pages=10
runs=11
dir=bench/out/grid
while [ $# -gt 0 ]; do
	case "$1" in
	--build) build=$2; shift 2 ;;
	--pages) pages=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	--dir) dir=$2; shift 2 ;;
	*) echo "usage: $0 [--build DIR] [--pages N] [--runs N] [--dir DIR]" >&2; exit 2 ;;
	esac
done
pb=$build/tests/preview-bench
for p in "$build/rummage" "$pb"; do
	[ -x "$p" ] || { echo "bench: $p missing; build $build first" >&2; exit 1; }
done
for p in montage img2sixel; do
	command -v "$p" >/dev/null || { echo "bench: $p missing (./run setup)" >&2; exit 1; }
done
mkdir -p "$dir"
items=$(( (pages + 1) * 24 + 12 ))
if [ ! -f "$dir/x-$items.db" ]; then
	echo "==> $items items with photos, indexed" >&2
	rm -rf "$dir/rec"
	"$build/rummage" gen --format records --items "$items" --seed 9 \
	    --max-side 800 "$dir/rec" >/dev/null
	"$build/rummage" index --db "$dir/x-$items.db" "$dir/rec" >/dev/null
fi
rm -rf "$dir/tiles"
mkdir -p "$dir/tiles"
"$pb" tiles "$dir/x-$items.db" $(( (pages + 1) * 24 )) "$dir/tiles" >/dev/null

exec python3 - "$build/rummage" "$dir" "$items" "$pages" "$runs" <<'PY'
import glob, os, re, statistics, subprocess, sys, time
rummage, d, items, pages, runs = sys.argv[1], sys.argv[2], sys.argv[3], \
    int(sys.argv[4]), int(sys.argv[5])
db = "%s/x-%s.db" % (d, items)
env = dict(os.environ, RUMMAGE_GRAPHICS="sixel", TERM="xterm-256color",
           LINES="50", COLUMNS="160", LANG="C.UTF-8", LC_ALL="C.UTF-8",
           XDG_CONFIG_HOME="/nonexistent")
for k in ("NO_COLOR", "COLORTERM", "TMUX"):
    env.pop(k, None)

def browse(script, out):
    # stdin a pipe nobody writes: not "typed ahead", so every sixel is
    # written (the browser skips writing while keys wait).
    with open(out, "wb") as f:
        p = subprocess.run([rummage, "browse", "--db", db, "--view", "grid",
                            "--script", script], stdin=subprocess.PIPE,
                           stdout=f, stderr=subprocess.PIPE, env=env,
                           check=True)
    return p.stderr.decode()

# rummage: frame times over the pages, in one process per run.
frames = []
for _ in range(3):
    err = browse("<PageDown>" * pages, d + "/rummage.out")
    m = re.search(r"frames: (\d+), p50 ([\d.]+) ms, p95 ([\d.]+) ms", err)
    if not m:
        sys.exit("bench: no frame times from rummage: " + err)
    frames.append((float(m.group(2)), float(m.group(3))))
out = open(d + "/rummage.out", "rb").read()
r_bytes = len(out) // (pages + 1)
r_tiles = out.count(b"\x1bP")
# rummage, whole process, one page.
ts = []
for _ in range(runs):
    t0 = time.perf_counter()
    browse("", d + "/one.out")
    ts.append((time.perf_counter() - t0) * 1000)
r_proc = statistics.median(ts)

# The baseline: montage | img2sixel, one pipeline per page.
tiles = sorted(glob.glob(d + "/tiles/tile-*.jpg"))
ts, nbytes = [], []
for p in range(min(pages + 1, len(tiles) // 24)):
    page = tiles[p * 24:(p + 1) * 24]
    argv = ["sh", "-c", 'montage "$@" -background black -tile 6x4 '
            '-geometry 180x198+5+11 png:- | img2sixel > "%s/base.out"' % d,
            "sh"] + page
    for _ in range(max(1, runs // 4)):
        t0 = time.perf_counter()
        subprocess.run(argv, check=True)
        ts.append((time.perf_counter() - t0) * 1000)
    nbytes.append(os.path.getsize(d + "/base.out"))
b_ms = statistics.median(ts)

print("grid at 160x50 (6x4 tiles of 180x198 px), %d pages, load %.1f"
      % (pages, os.getloadavg()[0]))
print("%-44s %10s %12s" % ("", "median ms", "bytes/page"))
print("%-44s %10.1f %12d" % ("rummage: a page from the index (frame p50)",
                             statistics.median(f[0] for f in frames), r_bytes))
print("%-44s %10.1f %12s" % ("rummage: frame p95",
                             statistics.median(f[1] for f in frames), ""))
print("%-44s %10.1f %12s" % ("rummage: whole process, first page", r_proc, ""))
print("%-44s %10.1f %12d" % ("montage | img2sixel: a page", b_ms,
                             int(statistics.median(nbytes))))
print("(%d sixel tiles written by rummage over %d frames)" % (r_tiles, pages + 1))
PY
