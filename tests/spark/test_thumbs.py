"""The job's --thumbs (issue 9 §3), end to end in local mode: rummage gen --format
raw with photos, four of them replaced by hostile files -> the job with thumbs ->
rummage index on its output with the raw photos removed (no --image-root): a
thumbnail stored for every photo the job could read, the others counted in the
run report and missing in the index."""

import base64
import glob
import gzip
import io
import json
import os
import shutil
import subprocess

import pytest

import prepare
from conftest import read_records

RUMMAGE = os.environ.get("RUMMAGE")
CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpus", "jpeg")
# Photo i of the sorted listing becomes this corpus file; None: left as made.
HOSTILE = {0: ("garbage.jpg", "not_a_jpeg"),
           1: ("huge-60000x60000.jpg", "too_many_pixels"),
           2: ("huge-progressive-40000x20000.jpg", "too_many_pixels"),
           3: ("truncated.jpg", "undecodable"),
           4: ("cmyk.jpg", None)}


def rummage(*args):
    """Runs the rummage binary; its stdout (a failure fails the test)."""
    p = subprocess.run([RUMMAGE] + list(args), capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, "rummage %s: %s" % (" ".join(args), p.stderr[-2000:])
    return p.stdout


def thumb_lines(out):
    """The _thumbs lines, parsed."""
    lines = []
    for p in sorted(glob.glob(os.path.join(out, "_thumbs", "part-*"))):
        with gzip.open(p, "rt", encoding="utf-8") as f:
            lines += [json.loads(x) for x in f if x.strip()]
    return lines


def test_thumbs_end_to_end(spark, tmp_path):
    if not RUMMAGE:
        pytest.fail("RUMMAGE (the rummage binary) is not set; meson test sets it")
    from PIL import Image
    raw, out = str(tmp_path / "raw"), str(tmp_path / "out")
    rummage("gen", "--format", "raw", "--items", "30", "--seed", "5", "--max-side", "1200",
            "--threads", "1", "--quiet", raw)
    photos = sorted(glob.glob(os.path.join(raw, "images", "*", "image-*.jpg")))
    bad = set()
    for i, (name, why) in HOSTILE.items():
        shutil.copy(os.path.join(CORPUS, name), photos[i])
        if why:
            bad.add(os.path.relpath(photos[i], raw))

    rep = prepare.run(spark, raw, out, thumbs=True)
    n = rep["written"]["images"]
    assert n == len(photos) > 60
    t = rep["thumbnails"]
    assert t["written"] == n - len(bad)
    assert t["failed"] == len(bad)
    want = {}
    for name, why in HOSTILE.values():
        if why:
            want[why] = want.get(why, 0) + 1
    assert t["failed_by_reason"] == want
    assert t["dir"] == os.path.join(out, "_thumbs") and t["bytes"] > 0

    # Every line: a photo of a written record, a JPEG that decodes, 384 px long.
    recs = [json.loads(x) for x in read_records(out)]
    paths = {(r["uuid"], im["path"]): im for r in recs for im in r["images"]}
    lines = thumb_lines(out)
    got = {(x["uuid"], x["path"]) for x in lines}
    assert len(got) == len(lines) == n - len(bad)
    assert got == {k for k in paths if k[1] not in bad}
    for x in lines:
        im = Image.open(io.BytesIO(base64.b64decode(x["jpeg"])))
        im.load()
        assert im.format == "JPEG" and (im.width, im.height) == (x["width"], x["height"])
        src = paths[(x["uuid"], x["path"])]
        if src["path"] != os.path.relpath(photos[4], raw):
            assert max(im.width, im.height) == 384, x["path"]
            assert abs(im.width / im.height - src["width"] / src["height"]) < 0.02

    # The raw photos never reach the gateway: only OUT does.
    shutil.rmtree(os.path.join(raw, "images"))
    db = str(tmp_path / "t.db")
    rummage("index", "--quiet", "--db", db, out)
    acct = json.loads(rummage("info", "--json", "--db", db))["accounting"]
    assert acct["photos"] == n
    assert acct["thumbs"] == acct["thumbs_spark"] == n - len(bad)
    assert acct["photos_missing"] == len(bad) and acct["photos_corrupt"] == 0
    # Every stored thumbnail has its perceptual hash (near-duplicates are
    # found without the originals), one per (item, photo).
    hashes = [json.loads(line) for line in
              rummage("info", "--phashes", "--db", db).splitlines()]
    assert len(hashes) == n - len(bad)
    assert len({(h["uuid"], h["photo"]) for h in hashes}) == len(hashes)
    with open(db + ".rejects", encoding="utf-8") as f:
        rejects = f.read()
    for p in bad:
        assert "photo not found: %s" % os.path.join(os.path.realpath(out), p) in rejects


def test_make_thumb_limits(tmp_path):
    """The UDF body refuses, by reason and before Pillow allocates, what the
    indexer would refuse; it makes a 384-px thumbnail of a good photo."""
    from conftest import jpeg_header
    cases = {
        "progressive.jpg": (jpeg_header(10000, 10000, sof=0xC2), "progressive_too_large"),
        "sides.jpg": (jpeg_header(30001, 16), "too_many_pixels"),
        "empty.jpg": (b"", "not_a_jpeg"),
        "headers.jpg": (jpeg_header(640, 480), "undecodable"),
    }
    for name, (data, why) in cases.items():
        p = tmp_path / name
        p.write_bytes(data)
        assert prepare.make_thumb(str(p), len(data)) == (None, None, None, why), name
    ok = os.path.join(CORPUS, "ok-baseline.jpg")
    assert prepare.make_thumb(ok, 65 * 1024 * 1024) == (None, None, None, "file_too_large")
    jpeg, w, h, why = prepare.make_thumb(ok, os.path.getsize(ok), size=100)
    assert why is None and (w, h) == (100, 75) and bytes(jpeg[:2]) == b"\xff\xd8"
