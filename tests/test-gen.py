#!/usr/bin/env python3
"""test-gen.py - checks of `rummage gen` (python3 standard library + ImageMagick).

- determinism: the same arguments give identical bytes, whatever --threads;
- records follow contract section 2 byte for byte (key order, number format,
  ranges), part files gzip'd and plain, _SUCCESS and Hadoop .crc files;
- photos decode and have the declared bytes/width/height, and each drawn OCR
  word's box holds dark text on a light tag;
- raw -> records: applying the mapping below to `--format raw` gives exactly
  the records of `--format records` (this is the mapping the Spark job uses);
- distributions look like the real thing; bad arguments exit 2.

Run: RUMMAGE=build/rummage python3 tests/test-gen.py
"""
import datetime
import glob
import gzip
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from collections import Counter

RUMMAGE = os.environ.get("RUMMAGE", "build/rummage")
FAILURES = []


def check(cond, msg):
    if not cond:
        FAILURES.append(msg)
        print("FAIL:", msg, file=sys.stderr)
    return cond


def gen(out, *args, expect=0):
    p = subprocess.run([RUMMAGE, "gen", "--quiet", *args, out],
                       capture_output=True, text=True)
    check(p.returncode == expect,
          "gen %s: exit %d, expected %d: %s" % (" ".join(args), p.returncode, expect, p.stderr))
    return p


def tree(root):
    """{relative path: bytes} of every file under root."""
    files = {}
    for d, _, names in os.walk(root):
        for n in names:
            p = os.path.join(d, n)
            with open(p, "rb") as f:
                files[os.path.relpath(p, root)] = f.read()
    return files


def dumps(obj):
    """Contract serialisation: compact, UTF-8, shortest round-trip numbers."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def record_lines(root):
    """(part name, line) of every record, parts in name order."""
    out = []
    for p in sorted(glob.glob(os.path.join(root, "part-*.json*"))):
        opener = gzip.open if p.endswith(".gz") else open
        with opener(p, "rb") as f:
            for line in f.read().decode("utf-8").split("\n"):
                if line:
                    out.append((os.path.basename(p), line))
    return out


def jpeg_size(data):
    """(width, height) from the SOF header of a JPEG."""
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return None
        m = data[i + 1]
        if 0xC0 <= m <= 0xCF and m not in (0xC4, 0xC8, 0xCC):
            h, w = struct.unpack(">HH", data[i + 5:i + 9])
            return w, h
        i += 2 + struct.unpack(">H", data[i + 2:i + 4])[0]
    return None


def decode(path):
    """The RGB pixels of a JPEG through ImageMagick."""
    return subprocess.run(["convert", path, "-depth", "8", "rgb:-"],
                          capture_output=True, check=True).stdout


# ---------------------------------------------------------------------------
# The raw -> record mapping (contract section 1 -> section 2).

def raw_to_records(raw):
    """Apply the mapping to a raw dump; returns {uuid: record line}."""
    out = {}
    for p in sorted(glob.glob(os.path.join(raw, "items", "*.jsonl"))):
        with open(p, encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                uuid = row["uuid"]
                rec = {k: row[k] for k in ("uuid", "timestamp", "productTypes", "colors",
                                           "brands", "sizes")}
                ks = sorted(int(re.match(r"image-(\d+)\.json$", n).group(1))
                            for n in os.listdir(os.path.join(raw, "labels", uuid)))
                images = []
                for k in ks:
                    img = {"name": "image-%d.jpg" % k, "path": "images/%s/image-%d.jpg" % (uuid, k)}
                    photo = os.path.join(raw, "images", uuid, "image-%d.jpg" % k)
                    if os.path.exists(photo):
                        with open(photo, "rb") as f:
                            data = f.read()
                        img["bytes"] = len(data)
                        img["width"], img["height"] = jpeg_size(data)
                    with open(os.path.join(raw, "labels", uuid, "image-%d.json" % k), encoding="utf-8") as f:
                        labels = json.load(f)
                    img["labels"] = [
                        {"name": l["Name"], "confidence": l["Confidence"],
                         "boxes": [{"left": i["BoundingBox"]["Left"], "top": i["BoundingBox"]["Top"],
                                    "width": i["BoundingBox"]["Width"], "height": i["BoundingBox"]["Height"]}
                                   for i in l.get("Instances", [])]}
                        for l in labels["Labels"]]
                    with open(os.path.join(raw, "text", uuid, "image-%d.json" % k), encoding="utf-8") as f:
                        text = json.load(f)
                    img["text"] = [
                        {"text": d["DetectedText"], "confidence": d["Confidence"],
                         "box": {"left": d["Geometry"]["BoundingBox"]["Left"],
                                 "top": d["Geometry"]["BoundingBox"]["Top"],
                                 "width": d["Geometry"]["BoundingBox"]["Width"],
                                 "height": d["Geometry"]["BoundingBox"]["Height"]}}
                        for d in text["TextDetections"] if d["Type"] == "WORD"]
                    images.append(img)
                rec["images"] = images
                out[uuid] = dumps(rec)
    return out


# ---------------------------------------------------------------------------

ITEM_KEYS = ["uuid", "timestamp", "productTypes", "colors", "brands", "sizes", "images"]
IMAGE_KEYS = ["name", "path", "bytes", "width", "height", "labels", "text"]
BOX_KEYS = ["left", "top", "width", "height"]


def check_box(b, where):
    check(list(b) == BOX_KEYS, "%s: box keys %s" % (where, list(b)))
    for k in BOX_KEYS:
        check(isinstance(b[k], float) and 0.001 <= b[k] <= 1, "%s: box %s = %r" % (where, k, b[k]))
    check(b["left"] + b["width"] <= 1.0000001 and b["top"] + b["height"] <= 1.0000001,
          "%s: box outside the photo %r" % (where, b))


def check_records(root, images):
    """Contract section 2, byte for byte; returns the parsed records."""
    check(os.path.isfile(os.path.join(root, "_SUCCESS")), "no _SUCCESS")
    parts = sorted(glob.glob(os.path.join(root, "part-*.json*")))
    check(any(p.endswith(".gz") for p in parts) and any(p.endswith(".json") for p in parts),
          "want both gzip'd and plain parts: %s" % parts)
    for p in parts:
        # Hadoop checksum files: "crc\0", bytes per checksum, CRC-32 per chunk.
        crc = os.path.join(root, "." + os.path.basename(p) + ".crc")
        if check(os.path.isfile(crc), "no %s" % crc):
            c = open(crc, "rb").read()
            data = open(p, "rb").read()
            want = b"crc\0" + struct.pack(">I", 512) + b"".join(
                struct.pack(">I", zlib.crc32(data[i:i + 512])) for i in range(0, len(data), 512))
            check(c == want, "%s does not match its part" % crc)
    recs = []
    for part, line in record_lines(root):
        r = json.loads(line)
        where = "%s %s" % (part, r.get("uuid"))
        check(dumps(r) == line, "%s: not in the contract's serialisation:\n%s\n%s" % (where, line, dumps(r)))
        check(list(r) == ITEM_KEYS, "%s: keys %s" % (where, list(r)))
        check(re.fullmatch(r"[0-9a-f]{16}", r["uuid"]) is not None, "%s: uuid" % where)
        check(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", r["timestamp"]) is not None,
              "%s: timestamp %s" % (where, r["timestamp"]))
        t = datetime.datetime.strptime(r["timestamp"], "%Y-%m-%dT%H:%M:%S.%fZ")
        check(datetime.datetime(2023, 1, 1) <= t < datetime.datetime(2025, 1, 1), "%s: %s" % (where, t))
        for f in ("productTypes", "colors", "brands", "sizes"):
            v = r[f]
            check(1 <= len(v) <= 5 and len(set(v)) == len(v) and all(isinstance(s, str) and s for s in v),
                  "%s: %s %r" % (where, f, v))
        check(1 <= len(r["images"]) <= 5, "%s: %d images" % (where, len(r["images"])))
        for k, img in enumerate(r["images"]):
            w = "%s image %d" % (where, k)
            keys = IMAGE_KEYS if images else [k2 for k2 in IMAGE_KEYS if k2 not in ("bytes", "width", "height")]
            check(list(img) == keys, "%s: keys %s" % (w, list(img)))
            check(img["name"] == "image-%d.jpg" % k, w + ": name")
            check(img["path"] == "images/%s/image-%d.jpg" % (r["uuid"], k), w + ": path")
            check(5 <= len(img["labels"]) <= 25, "%s: %d labels" % (w, len(img["labels"])))
            names = [l["name"] for l in img["labels"]]
            check(len(set(names)) == len(names), w + ": duplicate labels")
            confs = [l["confidence"] for l in img["labels"]]
            check(confs == sorted(confs, reverse=True), w + ": labels not by confidence")
            for l in img["labels"]:
                check(list(l) == ["name", "confidence", "boxes"], "%s: label keys %s" % (w, list(l)))
                check(isinstance(l["confidence"], float) and 1 <= l["confidence"] <= 100,
                      "%s: confidence %r" % (w, l["confidence"]))
                for b in l["boxes"]:
                    check_box(b, w)
            for t in img["text"]:
                check(list(t) == ["text", "confidence", "box"], "%s: text keys %s" % (w, list(t)))
                check(isinstance(t["confidence"], float) and 1 <= t["confidence"] <= 100, w + ": text conf")
                check(t["text"] != "" and " " not in t["text"], "%s: word %r" % (w, t["text"]))
                check_box(t["box"], w)
        recs.append(r)
    check(len({r["uuid"] for r in recs}) == len(recs), "duplicate uuids")
    return recs


def check_photos(root, recs, limit):
    """Photos: declared size, decodable, OCR words dark on a light tag."""
    checked_words = 0
    photos = 0
    for r in recs:
        for img in r["images"]:
            path = os.path.join(root, img["path"])
            data = open(path, "rb").read()
            check(len(data) == img["bytes"], "%s: %d bytes, record says %d" % (path, len(data), img["bytes"]))
            check(jpeg_size(data) == (img["width"], img["height"]), "%s: SOF size" % path)
            if photos >= limit:
                continue
            photos += 1
            W, H = img["width"], img["height"]
            px = decode(path)
            if not check(len(px) == W * H * 3, "%s: decoded %d bytes" % (path, len(px))):
                continue

            def lum(x, y):
                i = (y * W + x) * 3
                return (299 * px[i] + 587 * px[i + 1] + 114 * px[i + 2]) // 1000

            for t in img["text"]:
                if t["confidence"] < 80:     # OCR noise: not drawn
                    continue
                b = t["box"]
                x0, y0 = round(b["left"] * W), round(b["top"] * H)
                x1, y1 = round((b["left"] + b["width"]) * W), round((b["top"] + b["height"]) * H)
                if y1 - y0 < 6:
                    continue
                inside = [lum(x, y) for y in range(y0, y1) for x in range(x0, x1)]
                dark = sum(1 for v in inside if v < 110)
                # The tag margin just above the word (half a line) is light.
                my = max(0, y0 - max(2, (y1 - y0) // 3))
                above = [lum(x, y) for y in range(my, y0 - 1) for x in range(x0, x1)]
                check(dark >= len(inside) * 0.06,
                      "%s: word %r box has %d/%d dark pixels" % (path, t["text"], dark, len(inside)))
                check(max(inside) > 170, "%s: word %r box has no light background" % (path, t["text"]))
                if above:
                    check(sum(above) / len(above) > 170,
                          "%s: no light tag above %r (%.0f)" % (path, t["text"], sum(above) / len(above)))
                checked_words += 1
    check(checked_words >= 10, "only %d OCR words could be checked" % checked_words)
    return checked_words


def check_distributions(recs):
    """The shape of the data: long tails, rhythm, notations."""
    n = len(recs)
    brands = Counter(r["brands"][0] for r in recs)
    top = brands.most_common()
    check(len(brands) >= 200, "only %d distinct top brands in %d items" % (len(brands), n))
    check(top[0][1] >= 15 * max(1, top[len(top) // 2][1]), "brands not long-tailed: %s" % top[:3])
    everything = Counter(b for r in recs for b in r["brands"])
    for b in ("Levi's", "H&M", "Zara", "BDG", "Chloé", "Comme des Garçons", "ユニクロ", "無印良品"):
        check(everything[b] > 0, "brand %s never generated" % b)
    types = Counter(r["productTypes"][0] for r in recs)
    check(len(types) >= 60, "only %d product types" % len(types))
    check(types["Jeans"] > 0 and types["Dress_pants"] > 0 and types["T-shirt"] > 0 and types["Sneakers"] > 0,
          "missing common types")
    check(len({r["colors"][0] for r in recs}) >= 18, "too few colours")
    sizes = [s for r in recs for s in r["sizes"]]
    for pat in (r"W\d\d", r"L\d\d", r"XS|S|M|L|XL|XXL", r"\d\d", r"EU \d\d(\.5)?", r"US \d+", r"\d{1,2}Y", r"1\d\d"):
        check(any(re.fullmatch(pat, s) for s in sizes), "no size like %s" % pat)
    days = Counter(datetime.datetime.strptime(r["timestamp"][:10], "%Y-%m-%d").weekday() for r in recs)
    check(days[6] > 1.3 * days[1], "Sundays (%d) not busier than Tuesdays (%d)" % (days[6], days[1]))
    hours = Counter(int(r["timestamp"][11:13]) for r in recs)
    check(hours[20] > 3 * hours[3], "evenings (%d) not busier than nights (%d)" % (hours[20], hours[3]))
    photos = Counter(len(r["images"]) for r in recs)
    check(set(photos) == {1, 2, 3, 4, 5}, "photo counts %s" % photos)
    labels = [len(i["labels"]) for r in recs for i in r["images"]]
    check(min(labels) == 5 and max(labels) >= 24, "labels per photo %d..%d" % (min(labels), max(labels)))
    confs = [l["confidence"] for r in recs for i in r["images"] for l in i["labels"]]
    low = sum(1 for c in confs if c < 50)
    check(0.05 * len(confs) < low < 0.5 * len(confs), "%d of %d confidences below 50" % (low, len(confs)))
    # The OCR reads the brand on the tag: the top brand is among the words often.
    with_tag = [r for r in recs if any(t["confidence"] >= 90 for i in r["images"] for t in i["text"])]
    hits = sum(1 for r in with_tag if any(
        t["text"].upper() == r["brands"][0].split(" ")[0].upper() for i in r["images"] for t in i["text"]))
    check(hits >= 0.6 * len(with_tag), "brand read on the tag in %d of %d items" % (hits, len(with_tag)))
    words = {t["text"] for r in recs for i in r["images"] for t in i["text"]}
    check({"MADE", "100%", "COTTON"} & words, "no care-label noise in the OCR")
    # Truth first most of the time: the garment label agrees with the top type.
    return top[:5]


def main():
    tmp = tempfile.mkdtemp(prefix="test-gen-")
    try:
        a, b, c = (os.path.join(tmp, x) for x in "abc")
        small = ["--items", "50", "--seed", "7", "--max-side", "400", "--parts", "3"]

        # Determinism, whatever --threads.
        gen(a, "--format", "records", "--threads", "2", *small)
        gen(b, "--format", "records", "--threads", "2", *small)
        gen(c, "--format", "records", "--threads", "1", *small)
        ta, tb, tc = tree(a), tree(b), tree(c)
        check(len(ta) > 50, "only %d files" % len(ta))
        check(ta == tb, "two runs differ: %s" % sorted(set(ta.items()) ^ set(tb.items()))[:3])
        check(ta == tc, "--threads 1 and 2 differ")
        d = os.path.join(tmp, "d")
        gen(d, "--format", "records", "--items", "50", "--seed", "8", "--max-side", "400", "--parts", "3")
        check(tree(d) != ta, "another seed gives the same data")

        recs = check_records(a, images=True)
        check(len(recs) == 50, "%d records" % len(recs))
        check(len(glob.glob(os.path.join(a, "part-*"))) == 3, "--parts 3 not honoured")
        words = check_photos(a, recs, limit=60)

        # raw -> records, photos included.
        raw = os.path.join(tmp, "raw")
        gen(raw, "--format", "raw", "--threads", "1", *small)
        mapped = raw_to_records(raw)
        lines = {json.loads(l)["uuid"]: l for _, l in record_lines(a)}
        check(mapped == lines, "raw -> records differs from --format records (%d vs %d items, %d equal)" % (
            len(mapped), len(lines), sum(1 for u in lines if mapped.get(u) == lines[u])))
        rt = tree(raw)
        check(all(rt.get(p) == v for p, v in ta.items() if p.startswith("images/")), "raw photos differ")
        check(not os.path.exists(os.path.join(raw, "_SUCCESS")), "raw dump has _SUCCESS")
        lab = json.load(open(glob.glob(os.path.join(raw, "labels", "*", "image-0.json"))[0]))
        check(lab["LabelModelVersion"] == "3.0" and all(
            set(l) >= {"Name", "Confidence", "Instances", "Parents"} for l in lab["Labels"]), "DetectLabels shape")
        for p in glob.glob(os.path.join(raw, "text", "*", "*.json")):
            det = json.load(open(p))["TextDetections"]
            kinds = [x["Type"] for x in det]
            check(kinds == sorted(kinds), "%s: LINEs not before WORDs" % p)
            ids = {x["Id"] for x in det if x["Type"] == "LINE"}
            check(all(x.get("ParentId") in ids for x in det if x["Type"] == "WORD"), p + ": ParentId")
            check(all(len(x["Geometry"]["Polygon"]) == 4 for x in det), p + ": Polygon")

        # Without photos: no bytes/width/height, no images/, same metadata otherwise.
        na, nraw = os.path.join(tmp, "na"), os.path.join(tmp, "nraw")
        gen(na, "--format", "records", "--no-images", *small)
        gen(nraw, "--format", "raw", "--no-images", *small)
        check(not os.path.exists(os.path.join(na, "images")), "--no-images wrote images/")
        check(not os.path.exists(os.path.join(nraw, "images")), "raw --no-images wrote images/")
        nrecs = check_records(na, images=False)
        stripped = [dict(r, images=[{k: v for k, v in i.items() if k not in ("bytes", "width", "height")}
                                    for i in r["images"]]) for r in recs]
        check(nrecs == stripped, "--no-images changes the metadata")
        nlines = {json.loads(l)["uuid"]: l for _, l in record_lines(na)}
        check(raw_to_records(nraw) == nlines, "raw -> records differs without images")

        # Distributions over more items (metadata only: fast).
        big = os.path.join(tmp, "big")
        gen(big, "--no-images", "--items", "6000", "--seed", "1")
        brecs = check_records(big, images=False)
        check(len(glob.glob(os.path.join(big, "part-*"))) == 2, "6000 items are not 2 parts by default")
        top = check_distributions(brecs)

        # Usage errors exit 2; a used directory is refused; --force replaces our files only.
        for bad in (["--items", "abc"], ["--items", "0"], ["--format", "xml"], ["--bogus"],
                    ["--max-side", "3"], ["--threads"], ["--seed", "-1"]):
            gen(os.path.join(tmp, "bad"), *bad, expect=2)
        p = subprocess.run([RUMMAGE, "gen"], capture_output=True, text=True)
        check(p.returncode == 2 and "OUT_DIR" in p.stderr, "missing OUT_DIR: %d %s" % (p.returncode, p.stderr))
        p = subprocess.run([RUMMAGE, "gen", "--help"], capture_output=True, text=True)
        check(p.returncode == 0 and "--format" in p.stdout, "--help")
        p = gen(na, "--items", "5", expect=2)
        check("not empty" in p.stderr, "refusal message: %s" % p.stderr)
        open(os.path.join(na, "notes.txt"), "w").write("mine")
        gen(na, "--items", "5", "--force", "--no-images")
        check(len(glob.glob(os.path.join(na, "part-*"))) == 1, "--force left old parts")
        check(os.path.exists(os.path.join(na, "notes.txt")), "--force removed a file it did not write")
        check(len(record_lines(na)) == 5, "--force output has %d records" % len(record_lines(na)))

        print("test-gen: %d OCR words checked in photos; top brands %s" % (words, top))
    finally:
        shutil.rmtree(tmp)
    if FAILURES:
        print("%d check(s) failed" % len(FAILURES), file=sys.stderr)
        sys.exit(1)
    print("test-gen: all checks passed")


if __name__ == "__main__":
    main()
