"""The real Rekognition responses (data/rekognition, see SOURCES.md) parse and land in records."""

import json
import os
import shutil

import pytest

import prepare
from conftest import jpeg_header, read_records, write

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "rekognition")
LABELS = sorted(os.listdir(os.path.join(DATA, "labels")))
TEXT = sorted(os.listdir(os.path.join(DATA, "text")))


def reference_labels(resp):
    """What the contract says the labels become, computed here in plain Python."""
    out = []
    for lab in resp["Labels"]:
        boxes = [{"left": i["BoundingBox"]["Left"], "top": i["BoundingBox"]["Top"],
                  "width": i["BoundingBox"]["Width"], "height": i["BoundingBox"]["Height"]}
                 for i in lab.get("Instances", [])]
        out.append({"name": lab["Name"], "confidence": float(lab["Confidence"]), "boxes": boxes})
    return out


def reference_text(resp):
    """WORD detections in response order, with their boxes."""
    out = []
    for d in resp["TextDetections"]:
        if d["Type"] != "WORD":
            continue
        b = d["Geometry"]["BoundingBox"]
        out.append({"text": d["DetectedText"], "confidence": float(d["Confidence"]),
                    "box": {"left": b["Left"], "top": b["Top"], "width": b["Width"],
                            "height": b["Height"]}})
    return out


@pytest.fixture(scope="module")
def real(spark, tmp_path_factory):
    """A dump of one item whose photo k has labels file LABELS[k] and text file TEXT[k]."""
    base = tmp_path_factory.mktemp("real")
    raw, out = str(base / "raw"), str(base / "out")
    write(os.path.join(raw, "items", "items.jsonl"),
          '{"uuid":"real0001","timestamp":"2019-01-01T00:00:00Z","productTypes":["Skateboard"]}\n')
    for k in range(max(len(LABELS), len(TEXT))):
        write(os.path.join(raw, "images", "real0001", "image-%d.jpg" % k), jpeg_header(1024, 768))
        if k < len(LABELS):
            os.makedirs(os.path.join(raw, "labels", "real0001"), exist_ok=True)
            shutil.copy(os.path.join(DATA, "labels", LABELS[k]),
                        os.path.join(raw, "labels", "real0001", "image-%d.json" % k))
        if k < len(TEXT):
            os.makedirs(os.path.join(raw, "text", "real0001"), exist_ok=True)
            shutil.copy(os.path.join(DATA, "text", TEXT[k]),
                        os.path.join(raw, "text", "real0001", "image-%d.json" % k))
    # As URIs this time: any Hadoop path works, file:// included.
    rep = prepare.run(spark, "file://" + raw, "file://" + out)
    with open(out + ".report.json") as f:
        assert json.load(f) == rep
    recs = [json.loads(x) for x in read_records(out)]
    return rep, recs


def test_real_responses_land_in_records(real):
    rep, recs = real
    assert len(recs) == 1
    images = recs[0]["images"]
    assert [x["name"] for x in images] == ["image-%d.jpg" % k for k in range(len(images))]
    for k, name in enumerate(LABELS):
        with open(os.path.join(DATA, "labels", name)) as f:
            assert images[k]["labels"] == reference_labels(json.load(f)), name
    for k, name in enumerate(TEXT):
        with open(os.path.join(DATA, "text", name)) as f:
            assert images[k]["text"] == reference_text(json.load(f)), name
    assert all(x["width"] == 1024 and x["height"] == 768 for x in images)


def test_real_responses_are_not_messy(real):
    rep, _ = real
    assert rep["read"]["label_responses"] == len(LABELS)
    assert rep["read"]["text_responses"] == len(TEXT)
    bad = {k: v for k, v in rep["skipped"].items() if v and not isinstance(v, dict)}
    assert bad == {}
    # The aws-cli example has labels with empty Instances; the old-model ones have none.
    assert rep["incomplete"]["labels_without_instances"] > 0
    assert rep["written"]["labels"] == sum(
        len(json.load(open(os.path.join(DATA, "labels", n)))["Labels"]) for n in LABELS)
    # Each response's WORD detections, counted from the files themselves.
    assert rep["written"]["text"] == sum(
        len(reference_text(json.load(open(os.path.join(DATA, "text", n))))) for n in TEXT)
