#!/usr/bin/env bash
# bench/thumbs.sh [--build DIR] [--baseline RUMMAGE] [--runs N] [--dir DIR]
#                 [--items N] [--max-side PX] [--threads N]
#
# The thumbnail phase of `rummage index` (issue 9 §4), side by side in one
# run, on the same photos, median of N rounds (each round runs every tool
# once, in turn, so machine load hits them alike):
#   1. rummage index --threads T (384-px thumbnails into the index);
#   2. the same with --baseline RUMMAGE, an older build (optional);
#   3. vipsthumbnail --size 384 (libvips, Debian libvips-tools) over the
#      same photos, batched 200 a process, T processes at once (xargs -P).
# Photos: `rummage gen --items 500 --seed 1 --max-side 2048` by default,
# 1,415 photos of 1.5-3.1 megapixels (the demo's photos capped at 2048 px);
# --max-side 0 gives the demo's own, phone-sized up to 12 MP.
# Prints photos/s (wall) and CPU ms per photo (user+sys of the process tree).
set -euo pipefail
cd "$(dirname "$0")/.."
build=build
baseline=
runs=5
dir=bench/out/thumbs
items=500
max_side=2048
threads=2
while [ $# -gt 0 ]; do
	case "$1" in
	--build) build=$2; shift 2 ;;
	--baseline) baseline=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	--dir) dir=$2; shift 2 ;;
	--items) items=$2; shift 2 ;;
	--max-side) max_side=$2; shift 2 ;;
	--threads) threads=$2; shift 2 ;;
	*) sed -n '2,3p' "$0" >&2; exit 2 ;;
	esac
done
[ -x "$build/rummage" ] || { echo "bench: $build/rummage missing; build it first" >&2; exit 1; }
command -v vipsthumbnail >/dev/null ||
	{ echo "bench: vipsthumbnail missing (apt-get install libvips-tools; ./run bench does)" >&2; exit 1; }
size_args=(--max-side "$max_side")
[ "$max_side" = 0 ] && size_args=(--full-size)
data=$dir/photos-$items-$max_side
mkdir -p "$dir"
if [ ! -f "$data/_SUCCESS" ]; then
	echo "==> $items items, photos ${size_args[*]}" >&2
	rm -rf "$data"
	"$build/rummage" gen --format records --items "$items" --seed 1 "${size_args[@]}" \
	    --quiet "$data"
fi

exec python3 - "$build/rummage" "$baseline" "$data" "$dir" "$runs" "$threads" <<'PY'
import glob, os, resource, shutil, statistics, subprocess, sys, time
rummage, baseline, data, d, runs, threads = sys.argv[1:7]
runs, threads = int(runs), int(threads)
photos = sorted(glob.glob(os.path.join(data, "images", "*", "image-*.jpg")))
n = len(photos)
out = subprocess.run(["identify", "-format", "%w %h\n"] + photos[:200],
                     capture_output=True, text=True).stdout.split("\n") \
    if shutil.which("identify") else []
sizes = [int(a) * int(b) / 1e6 for a, b in (l.split() for l in out if l)]
vipsout = os.path.abspath(os.path.join(d, "vips"))  # -o is relative to each input


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(argv, **kw):
    c0, t0 = children_cpu(), time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, **kw)
    return time.perf_counter() - t0, children_cpu() - c0


def index(binary):
    db = os.path.join(d, "t.db")
    return timed([binary, "index", "--db", db, "--threads", str(threads), "--quiet", data])


def vips():
    shutil.rmtree(vipsout, ignore_errors=True)
    os.makedirs(vipsout)
    lst = os.path.join(d, "vips-list")
    with open(lst, "w") as f:
        f.write("\n".join(photos) + "\n")
    # xargs gives each process 200 photos, and each process its own output
    # directory (photo names repeat across items).
    script = ('i=$$; mkdir -p "%s/$i" && exec vipsthumbnail --size 384 '
              '-o "%s/$i/%%s.jpg[Q=85]" "$@"' % (vipsout, vipsout))
    return timed(["xargs", "-a", lst, "-d", "\n", "-P", str(threads), "-n", "200",
                  "sh", "-c", script, "sh"])


tools = [("rummage index (this build)", lambda: index(rummage))]
if baseline:
    tools.append(("rummage index (baseline %s)" % baseline, lambda: index(baseline)))
tools.append(("vipsthumbnail, %d processes" % threads, vips))
res = {name: [] for name, _ in tools}
for r in range(runs):
    for name, fn in tools:
        res[name].append(fn())
    print("round %d/%d done" % (r + 1, runs), file=sys.stderr)
print("%d photos%s, %d threads, median of %d rounds, load average %.1f at the end"
      % (n, " (%.1f-%.1f MP in the first 200)" % (min(sizes), max(sizes)) if sizes else "",
         threads, runs, os.getloadavg()[0]))
print("| tool | photos/s (wall) | CPU ms per photo |")
print("|---|---|---|")
for name, _ in tools:
    wall = statistics.median(w for w, _ in res[name])
    cpu = statistics.median(c for _, c in res[name])
    print("| %s | %.0f | %.2f |" % (name, n / wall, cpu * 1000 / n))
shutil.rmtree(vipsout, ignore_errors=True)
PY
