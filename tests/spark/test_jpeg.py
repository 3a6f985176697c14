"""The JPEG header reader behind the job's only UDF: size from the SOF marker, never a crash."""

import io
import os
import struct
import subprocess

import pytest

import prepare
from conftest import jpeg_header


def size(data):
    """jpeg_size of bytes in memory."""
    return prepare.jpeg_size(io.BytesIO(data))


def segment(marker, payload):
    """A marker segment with its length field."""
    return b"\xff" + bytes([marker]) + struct.pack(">H", len(payload) + 2) + payload


@pytest.mark.parametrize("args,expect", [
    ([], (64, 48)),
    (["-interlace", "JPEG"], (64, 48)),          # progressive: SOF2
    (["-sampling-factor", "1x1"], (64, 48)),
])
def test_real_jpegs(tmp_path, args, expect):
    p = tmp_path / "x.jpg"
    subprocess.run(["convert", "-size", "64x48", "xc:red"] + args + [str(p)], check=True)
    with open(p, "rb") as f:
        assert prepare.jpeg_size(f) == expect
    assert prepare.photo_size(str(p)) == expect
    assert prepare.photo_size("file:" + str(p)) == expect
    assert prepare.photo_size("file://" + str(p)) == expect


def test_big_comment_before_sof(tmp_path):
    """A 200 KB COM segment: the reader seeks past the first 64 KB window."""
    p = tmp_path / "c.jpg"
    comment = tmp_path / "comment.txt"
    comment.write_text("x" * 60000)
    subprocess.run(["convert", "-size", "30x20", "xc:blue", "-comment", "@" + str(comment),
                    str(p)], check=True)
    data = p.read_bytes()
    # Four 60 KB comments in front of the frame header.
    soi, rest = data[:2], data[2:]
    big = soi + segment(0xFE, b"y" * 60000) * 4 + rest
    assert size(big) == (30, 20)


def test_synthetic_headers():
    assert size(jpeg_header(3024, 4032)) == (3024, 4032)
    assert size(jpeg_header(1, 65535, fill=7)) == (1, 65535)
    assert size(jpeg_header(800, 600, app1=200000)) == (800, 600)
    assert size(jpeg_header(800, 600, sof=0xC1)) == (800, 600)
    assert size(jpeg_header(800, 600, sof=0xCF)) == (800, 600)


@pytest.mark.parametrize("marker", [0xC4, 0xC8, 0xCC])
def test_dht_jpg_dac_are_not_frames(marker):
    """C4/C8/CC sit among the SOF codes but carry no size: skip them."""
    fake = segment(marker, b"\x08\x00\x10\x00\x20\x03" + b"\x00" * 20)
    data = jpeg_header(640, 480)
    assert size(data[:2] + fake + data[2:]) == (640, 480)


def test_standalone_markers_are_skipped():
    data = jpeg_header(320, 200)
    assert size(data[:2] + b"\xff\xd0\xff\x01" + data[2:]) == (320, 200)


@pytest.mark.parametrize("data", [
    b"",
    b"\xff",
    b"\xff\xd8",
    b"GIF89a\x01\x00\x01\x00",
    b"\x89PNG\r\n\x1a\n",
    jpeg_header(640, 480)[:40],                       # cut inside the tables
    jpeg_header(640, 480, app1=100000)[:70000],       # cut inside a big APP1
    jpeg_header(0, 480),                              # width 0
    jpeg_header(640, 0),                              # height 0: DNL, not supported
    b"\xff\xd8" + segment(0xDA, b"\x00" * 10),        # scan data before any frame
    b"\xff\xd8\xff\xd9",                              # EOI at once
    b"\xff\xd8\xff\xe0\x00\x01",                      # length 1
    b"\xff\xd8\x00\x00\x00\x00",                      # garbage where a marker belongs
    b"\xff\xd8" + segment(0xE1, b"") * 100 + jpeg_header(9, 9)[2:],   # too many segments
    b"\xff\xd8\xff\xc0\x00\x11\x08\x00",             # SOF cut short
])
def test_unreadable_headers(data):
    assert size(data) is None


def test_missing_and_remote_files(tmp_path):
    assert prepare.photo_size(str(tmp_path / "nope.jpg")) is None
    assert prepare.photo_size(str(tmp_path)) is None       # a directory
    # No HDFS here (and maybe no pyarrow): unreadable, counted, never an exception.
    assert prepare.photo_size("hdfs://nonexistent.invalid:8020/images/a/image-0.jpg") is None


def test_reads_only_the_header(tmp_path):
    """A 3 GB sparse photo: its size comes from the first bytes, the rest is never read."""
    p = tmp_path / "huge.jpg"
    with open(p, "wb") as f:
        f.write(jpeg_header(6000, 8000))
        f.truncate(3 << 30)
    assert os.path.getsize(p) == 3 << 30

    class Counting(io.FileIO):
        read_bytes = 0

        def read(self, n=-1):
            b = super().read(n)
            Counting.read_bytes += len(b)
            return b

    with Counting(str(p), "rb") as f:
        assert prepare.jpeg_size(f) == (6000, 8000)
    assert Counting.read_bytes <= 65536
