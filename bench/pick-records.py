#!/usr/bin/env python3
"""bench/pick-records.py IN_DIR OUT_DIR [--items N (100000)] [--min-bytes B]
[--max-bytes B] [--per-part N] — item records of a chosen size, for
measuring the indexer's records/s on records of that size (issue 13:
"about 2.5 KB").

Reads the part files of IN_DIR (a `rummage gen --format records`
output, plain or gzip'd) in name order and copies, unchanged, the first
N lines whose length in bytes (without the newline) lies in
[min, max]. Writes them as OUT_DIR/part-NNNNN.json (even parts) and
part-NNNNN.json.gz (odd parts, gzip level 6), as the generator mixes
the two, and _SUCCESS. Prints the count and the mean record size.
"""
import argparse
import gzip
import os
import sys


def lines(in_dir):
    for name in sorted(os.listdir(in_dir)):
        if not name.startswith("part-"):
            continue
        path = os.path.join(in_dir, name)
        opener = gzip.open if name.endswith(".gz") else open
        with opener(path, "rb") as f:
            yield from f


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("in_dir")
    ap.add_argument("out_dir")
    ap.add_argument("--items", type=int, default=100000)
    ap.add_argument("--min-bytes", type=int, default=2000)
    ap.add_argument("--max-bytes", type=int, default=3000)
    ap.add_argument("--per-part", type=int, default=5000)
    a = ap.parse_args()
    if os.path.exists(a.out_dir) and os.listdir(a.out_dir):
        sys.exit("pick-records: %s is not empty; name a new directory" % a.out_dir)
    os.makedirs(a.out_dir, exist_ok=True)
    kept = total = part = 0
    out = None
    for line in lines(a.in_dir):
        body = line.rstrip(b"\r\n")
        if not a.min_bytes <= len(body) <= a.max_bytes:
            continue
        if kept % a.per_part == 0:
            if out is not None:
                out.close()
            name = "part-%05d.json" % part
            path = os.path.join(a.out_dir, name)
            out = gzip.open(path + ".gz", "wb", compresslevel=6) \
                if part % 2 else open(path, "wb")
            part += 1
        out.write(body + b"\n")
        kept += 1
        total += len(body) + 1
        if kept == a.items:
            break
    if out is not None:
        out.close()
    open(os.path.join(a.out_dir, "_SUCCESS"), "w").close()
    if kept < a.items:
        sys.exit("pick-records: only %d records of %d-%d bytes in %s" %
                 (kept, a.min_bytes, a.max_bytes, a.in_dir))
    print("%d records in %d parts, %.2f MB, %.0f bytes a record" %
          (kept, part, total / 1e6, total / kept))


if __name__ == "__main__":
    main()
