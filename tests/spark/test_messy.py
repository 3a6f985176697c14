"""The job on a small hand-made raw dump: exact records and every messy case counted."""

import json
import os

import pytest

import prepare
from conftest import by_uuid, jpeg_header, read_records, write, write_json


def label(name, conf, boxes=(), **extra):
    """A DetectLabels label as Rekognition writes it (v2 shape)."""
    d = {"Name": name, "Confidence": conf,
         "Instances": [{"BoundingBox": {"Width": b[2], "Height": b[3], "Left": b[0], "Top": b[1]},
                        "Confidence": 99.0} for b in boxes],
         "Parents": [{"Name": "Clothing"}]}
    d.update(extra)
    return d


def word(text, conf, box=None, kind="WORD"):
    """A DetectText detection."""
    d = {"DetectedText": text, "Type": kind, "Id": 0, "Confidence": conf}
    if box:
        d["Geometry"] = {"BoundingBox": {"Width": box[2], "Height": box[3],
                                         "Left": box[0], "Top": box[1]},
                         "Polygon": [{"X": box[0], "Y": box[1]}]}
    return d


def make_dump(raw):
    """A raw dump with one of each kind of mess; returns nothing, see EXPECTED."""
    items = [
        # Older duplicate of aaa1: must lose against the later row in the other file.
        {"uuid": "aaa1", "timestamp": "2024-03-27T13:41:53.182Z",
         "productTypes": ["Old"], "colors": [], "brands": [], "sizes": []},
        # Same instant as the next row, written earlier: loses the tie.
        {"uuid": "bbb2", "timestamp": "2024-05-01T08:00:00Z",
         "productTypes": ["Tie-loser"], "colors": [], "brands": [], "sizes": []},
        {"uuid": " bbb2 ", "timestamp": "2024-05-01T10:00:00+02:00",
         "productTypes": ["T-shirt", " ", ""], "colors": [" white "], "brands": ["H&M"],
         "sizes": None},
    ]
    lines = [json.dumps(x, ensure_ascii=False) for x in items]
    lines += [
        '{"uuid": "bad uuid!", "timestamp": "2024-01-01T00:00:00Z"}',
        '{"uuid": "ccc3", "timestamp": "2024-13-45T00:00:00Z"}',
        '{"uuid": "ccc4", "timestamp": "yesterday"}',
        '{"uuid": "ddd5", "timestamp": ',
        'not json at all',
    ]
    # Invalid UTF-8 inside a string: the row is dropped, never written on.
    bad_utf8 = b'{"uuid": "fff8", "timestamp": "2024-01-01T00:00:00Z", "brands": ["Bad\xff\xfe"]}'
    write(os.path.join(raw, "items", "part-0.jsonl"),
          ("\n".join(lines) + "\n").encode("utf-8") + bad_utf8 + b"\n")
    newer = {"uuid": "aaa1", "timestamp": "2024-03-28T08:00:00.5Z",
             "productTypes": ["Jeans", "Dress_pants"], "colors": ["blue"],
             "brands": ["Levi's", "Comme des Garçons"], "sizes": ["W31", "L32"]}
    # A BOM, CRLF line ends and an empty line: tolerated, not counted.
    write(os.path.join(raw, "items", "part-1.jsonl"),
          "\ufeff" + json.dumps(newer, ensure_ascii=False) + "\r\n\r\n")

    img = lambda u, k: os.path.join(raw, "images", u, "image-%d.jpg" % k)  # noqa: E731
    lab = lambda u, k: os.path.join(raw, "labels", u, "image-%d.json" % k)  # noqa: E731
    txt = lambda u, k: os.path.join(raw, "text", u, "image-%d.json" % k)  # noqa: E731

    # aaa1/image-0: complete, with extra keys and nested parents; a 3 GB sparse
    # file: were its content read (binaryFile's content column), Spark would
    # refuse it (over 2 GB) and the test would take minutes.
    write(img("aaa1", 0), jpeg_header(3024, 4032, fill=3))
    os.truncate(img("aaa1", 0), 3 << 30)
    write_json(lab("aaa1", 0), {
        "Labels": [label("Jeans", 99.98, [(0.12, 0.08, 0.55, 0.83)]),
                   label("Clothing", 100, [],
                         Parents=[{"Name": "Apparel", "Parents": [{"Name": "X"}]}],
                         Categories=[{"Name": "Apparel and Accessories"}], Aliases=[])],
        "LabelModelVersion": "3.0", "OrientationCorrection": "ROTATE_0",
        "ImageProperties": {"Quality": {"Brightness": 80.1}}})
    write_json(txt("aaa1", 0), {"TextDetections": [
        word("BDG URBAN", 99.0, (0.1, 0.1, 0.3, 0.05), kind="LINE"),
        word("BDG", 100, (0.1, 0.1, 0.1, 0.05)),
        word("URBAN", 98.66)]})
    # aaa1/image-1: a big EXIF segment (the header is past the first 64 KB),
    # labels without Instances at all, a label missing its Confidence.
    write(img("aaa1", 1), jpeg_header(1200, 1600, app1=100000))
    write_json(lab("aaa1", 1), {"Labels": [
        {"Name": "Pants", "Confidence": 99.5},
        {"Name": "Shorts"},
        {"Name": "Denim", "Confidence": 150.0},
        label("Jacket", 91.25, [(0.5, 0.5, 0.1, 0.1)]),
        {"Name": "Pocket", "Confidence": 60.0,
         "Instances": [{"BoundingBox": {"Width": "wide", "Left": 0.1}}, {"Confidence": 1.0},
                       {"BoundingBox": {"Width": 0.1, "Height": 0.2, "Left": 0.3, "Top": 0.4}}]}]})
    write_json(txt("aaa1", 1), {"TextDetections": [
        word("W31", 99.81), {"Type": "WORD", "Confidence": 12.0}, word("L32", 99.97)]})
    # aaa1/image-2: responses but no photo.
    write_json(lab("aaa1", 2), {"Labels": [label("Clothing", 99.0)]})
    write_json(txt("aaa1", 2), {"TextDetections": []})
    # aaa1/image-3: a photo without any response, and with a header that is not JPEG.
    write(img("aaa1", 3), b"GIF89a" + b"\x00" * 100)
    # aaa1/image-10: orders after image-3 (numbers, not strings), malformed responses.
    write(img("aaa1", 10), jpeg_header(640, 480, sof=0xC2))
    write(lab("aaa1", 10), '{"Labels": [{"Name": "Jeans", ')
    write_json(txt("aaa1", 10), {"TextModelVersion": "3.0"})
    # bbb2: an item row whose photos dir is missing; ccc3/ccc4 have no valid row.
    # orphan9: photos and responses, no item row.
    write(img("orphan9", 0), jpeg_header(100, 100))
    write(img("orphan9", 1), jpeg_header(100, 100))
    write_json(lab("orphan9", 0), {"Labels": []})
    # A label response whose JSON is an array, and one with Labels of the wrong type.
    write(img("eee6", 0), jpeg_header(10, 10))
    write(lab("eee6", 0), "[1, 2]")
    write_json(txt("eee6", 0), {"TextDetections": "none"})
    # Files that do not follow the layout.
    write(os.path.join(raw, "images", "aaa1", "thumbnail.jpg"), jpeg_header(1, 1))
    write(os.path.join(raw, "images", "bad uuid", "image-0.jpg"), jpeg_header(1, 1))
    write(os.path.join(raw, "labels", "bad uuid", "image-0.json"), "{}")
    write(os.path.join(raw, "images", "aaa1", "notes.txt"), "ignored: not *.jpg")


EXPECTED = [
    '{"uuid":"aaa1","timestamp":"2024-03-28T08:00:00.5Z","productTypes":["Jeans","Dress_pants"],'
    '"colors":["blue"],"brands":["Levi\'s","Comme des Garçons"],"sizes":["W31","L32"],"images":['
    '{"name":"image-0.jpg","path":"images/aaa1/image-0.jpg","bytes":BYTES0,"width":3024,"height":4032,'
    '"labels":[{"name":"Jeans","confidence":99.98,"boxes":[{"left":0.12,"top":0.08,"width":0.55,"height":0.83}]},'
    '{"name":"Clothing","confidence":100.0,"boxes":[]}],'
    '"text":[{"text":"BDG","confidence":100.0,"box":{"left":0.1,"top":0.1,"width":0.1,"height":0.05}},'
    '{"text":"URBAN","confidence":98.66}]},'
    '{"name":"image-1.jpg","path":"images/aaa1/image-1.jpg","bytes":BYTES1,"width":1200,"height":1600,'
    '"labels":[{"name":"Pants","confidence":99.5,"boxes":[]},'
    '{"name":"Jacket","confidence":91.25,"boxes":[{"left":0.5,"top":0.5,"width":0.1,"height":0.1}]},'
    '{"name":"Pocket","confidence":60.0,"boxes":[{"left":0.3,"top":0.4,"width":0.1,"height":0.2}]}],'
    '"text":[{"text":"W31","confidence":99.81},{"text":"L32","confidence":99.97}]},'
    '{"name":"image-3.jpg","path":"images/aaa1/image-3.jpg","bytes":106,"labels":[],"text":[]},'
    '{"name":"image-10.jpg","path":"images/aaa1/image-10.jpg","bytes":BYTES10,"width":640,"height":480,'
    '"labels":[],"text":[]}]}',
    '{"uuid":"bbb2","timestamp":"2024-05-01T10:00:00+02:00","productTypes":["T-shirt"],'
    '"colors":["white"],"brands":["H&M"],"sizes":[],"images":[]}',
]


@pytest.fixture(scope="module")
def messy(spark, tmp_path_factory):
    """The job run once on the messy dump: (raw dir, out dir, report)."""
    base = tmp_path_factory.mktemp("messy")
    raw, out = str(base / "raw"), str(base / "out")
    make_dump(raw)
    rep = prepare.run(spark, raw, out)
    return raw, out, rep


def expected(raw):
    """EXPECTED with the photo sizes filled in from the files."""
    size = lambda k: os.path.getsize(os.path.join(raw, "images", "aaa1", "image-%d.jpg" % k))  # noqa: E731
    return [e.replace("BYTES0", str(size(0))).replace("BYTES10", str(size(10)))
            .replace("BYTES1", str(size(1))) for e in EXPECTED]


def test_records_are_exact(messy):
    raw, out, _ = messy
    assert by_uuid(read_records(out)) == expected(raw)


def test_output_layout(messy):
    _, out, rep = messy
    names = os.listdir(out)
    assert "_SUCCESS" in names
    parts = [n for n in names if n.startswith("part-")]
    assert parts and all(n.endswith(".json.gz") for n in parts)
    assert rep["written"]["part_files"] == len(parts) == 1
    # The default report lands beside the output directory.
    with open(out + ".report.json") as f:
        assert json.load(f) == rep


def test_report_counts(messy):
    _, _, rep = messy
    assert rep["read"] == {"item_rows": 10, "photos": 7, "label_responses": 6,
                           "text_responses": 5, "metadata_bytes": rep["read"]["metadata_bytes"]}
    assert rep["written"]["records"] == 2
    assert rep["written"]["images"] == 4
    assert rep["written"]["labels"] == 5
    assert rep["written"]["text"] == 4
    s = rep["skipped"]
    assert s["item_row_malformed"] == 3          # truncated line, not JSON, invalid UTF-8
    assert s["item_row_bad_uuid"] == 1
    assert s["item_row_bad_timestamp"] == 2      # month 13, "yesterday"
    assert s["item_row_duplicate"] == 2          # the older aaa1, the tie-losing bbb2
    assert s["photo_without_item"] == 3          # orphan9 x2, eee6
    assert s["uuid_without_item"] == 2
    assert s["labels_without_photo"] == 1        # aaa1/image-2
    assert s["text_without_photo"] == 1
    assert s["labels_malformed_json"] == 1       # aaa1/image-10
    assert s["labels_bad_shape"] == 1            # eee6: an array
    assert s["labels_missing_key"] == 0
    assert s["text_malformed_json"] == 0
    assert s["text_bad_shape"] == 1              # eee6: TextDetections a string
    assert s["text_missing_key"] == 1            # aaa1/image-10
    assert s["label_entries_invalid"] == 2       # no Confidence, confidence 150
    assert s["label_boxes_invalid"] == 2         # Width "wide", no BoundingBox
    assert s["word_entries_invalid"] == 1        # no DetectedText
    assert s["word_boxes_invalid"] == 0
    assert s["unrecognised_paths"] == {"images": 2, "labels": 1, "text": 0}
    i = rep["incomplete"]
    assert i["photo_without_labels"] == 2        # aaa1/image-3, orphan9/image-1
    assert i["photo_without_text"] == 3          # aaa1/image-3, orphan9 x2
    assert i["photo_header_unreadable"] == 1     # the GIF
    assert i["item_without_photos"] == 1         # bbb2
    assert i["labels_without_instances"] >= 2


def test_existing_output_is_kept(spark, messy, tmp_path):
    raw, out, _ = messy
    with pytest.raises(FileExistsError, match="already exists"):
        prepare.run(spark, raw, out, report=str(tmp_path / "r.json"))
    assert not (tmp_path / "r.json").exists()
    assert by_uuid(read_records(out)) == expected(raw)


def test_without_images_dir(spark, messy, tmp_path):
    """A dump without images/: image entries from the responses, no bytes/width/height."""
    raw, _, _ = messy
    import shutil
    noimg = str(tmp_path / "raw")
    shutil.copytree(raw, noimg, ignore=shutil.ignore_patterns("images"))
    out = str(tmp_path / "out")
    rep = prepare.run(spark, noimg, out, report=str(tmp_path / "r.json"), parts=3)
    recs = {json.loads(x)["uuid"]: json.loads(x) for x in read_records(out)}
    assert sorted(recs) == ["aaa1", "bbb2"]
    imgs = recs["aaa1"]["images"]
    assert [x["name"] for x in imgs] == ["image-0.jpg", "image-1.jpg", "image-2.jpg",
                                         "image-10.jpg"]
    assert all("bytes" not in x and "width" not in x for x in imgs)
    assert imgs[2]["labels"] == [{"name": "Clothing", "confidence": 99.0, "boxes": []}]
    assert rep["images_dir"] is False
    assert rep["skipped"]["labels_without_photo"] == 0
    assert rep["written"]["part_files"] == 3
