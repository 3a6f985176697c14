"""End to end: rummage gen --format raw -> the job == rummage gen --format records,
and rummage index/query give the same answers on both."""

import collections
import json
import os
import subprocess

import pytest

import prepare
from conftest import read_records

RUMMAGE = os.environ.get("RUMMAGE")
GEN_ARGS = ["--items", "200", "--seed", "7", "--max-side", "300", "--threads", "1"]


def rummage(*args, check=True):
    """Runs the rummage binary; its CompletedProcess."""
    p = subprocess.run([RUMMAGE] + list(args), capture_output=True, text=True, timeout=300)
    if check:
        assert p.returncode == 0, "rummage %s: %s" % (" ".join(args), p.stderr[-2000:])
    return p


def have_gen():
    """Why the e2e test cannot run, or None when it can: then it fails."""
    if not RUMMAGE:
        return "RUMMAGE (the rummage binary) is not set; meson test sets it"
    if not os.access(RUMMAGE, os.X_OK):
        return "RUMMAGE=%s is not executable" % RUMMAGE
    if rummage("gen", "--help", check=False).returncode != 0:
        return "%s has no gen subcommand yet" % RUMMAGE
    return None


@pytest.fixture(scope="module")
def e2e(spark, tmp_path_factory):
    """gen raw + gen records + the job on raw: (raw, records, spark out, report, base)."""
    why = have_gen()
    if why:
        pytest.fail(why)
    base = tmp_path_factory.mktemp("e2e")
    raw, recs, out = str(base / "raw"), str(base / "records"), str(base / "out")
    rummage("gen", "--format", "raw", *GEN_ARGS, "--quiet", raw)
    rummage("gen", "--format", "records", *GEN_ARGS, "--quiet", recs)
    rep = prepare.run(spark, raw, out)
    return raw, recs, out, rep, base


def test_records_equal_generator(e2e):
    raw, recs, out, rep, _ = e2e
    mine, theirs = read_records(out), read_records(recs)
    assert len(mine) == len(theirs) == 200
    key = lambda r: r["uuid"]  # noqa: E731
    assert sorted(map(json.loads, mine), key=key) == sorted(map(json.loads, theirs), key=key)
    # Byte for byte, after sorting lines: key order, number spelling, escapes, omissions.
    assert sorted(mine) == sorted(theirs)
    assert rep["written"]["records"] == 200
    assert rep["read"]["photos"] == rep["written"]["images"] > 200
    bad = {k: v for k, v in rep["skipped"].items() if v and not isinstance(v, dict)}
    assert bad == {}


def queries(recs):
    """A dozen fixed queries plus some built from values the records really hold."""
    top = collections.defaultdict(collections.Counter)
    for line in read_records(recs):
        r = json.loads(line)
        for field, key in (("brand", "brands"), ("type", "productTypes"),
                           ("color", "colors"), ("size", "sizes")):
            if r[key]:
                top[field][r[key][0]] += 1
        for img in r["images"]:
            for lab in img["labels"]:
                top["label"][lab["name"]] += 1
            for t in img["text"]:
                top["text"][t["text"]] += 1
    q = ["", "type:Jeans", "label:Clothing>=90", "brand:zara -color:black",
         "date:2024-01..2024-06", "date:2023", "color:black color:blue -type:Jeans",
         "label:Person", "size:M", "brand:\"H&M\"", "text:ZARA*", "jeans"]
    for field in ("brand", "type", "color", "size", "label", "text"):
        for value, _ in top[field].most_common(2):
            q.append('%s:"%s"' % (field, value.replace("\\", "\\\\").replace('"', '\\"')))
    return q


def test_index_and_query_agree(e2e):
    raw, recs, out, _, base = e2e
    a, b = str(base / "A.db"), str(base / "B.db")
    rummage("index", "--quiet", "--db", a, out, "--image-root", raw)
    rummage("index", "--quiet", "--db", b, recs)
    nonempty = 0
    for q in queries(recs):
        pa = rummage("query", "--db", a, "--limit", "50", "--json", q)
        pb = rummage("query", "--db", b, "--limit", "50", "--json", q)
        ja, jb = json.loads(pa.stdout), json.loads(pb.stdout)
        assert ja == jb, q
        nonempty += ja["total"] > 0
    assert nonempty >= 12


def test_no_images_dump_equals_generator(e2e, spark):
    """A dump without images/ (gen --no-images): image entries from the responses,
    without bytes/width/height, still byte-identical to the generator's records."""
    base = e2e[4]
    args = ["--items", "100", "--seed", "5", "--no-images", "--threads", "1", "--quiet"]
    raw, recs, out = str(base / "raw-ni"), str(base / "records-ni"), str(base / "out-ni")
    rummage("gen", "--format", "raw", *args, raw)
    rummage("gen", "--format", "records", *args, recs)
    rep = prepare.run(spark, raw, out)
    mine, theirs = read_records(out), read_records(recs)
    assert len(mine) == 100
    assert sorted(mine) == sorted(theirs)
    assert rep["images_dir"] is False
    assert rep["written"]["images"] == rep["read"]["label_responses"] > 100
    assert all("bytes" not in img for r in map(json.loads, mine) for img in r["images"])
