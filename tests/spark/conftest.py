"""Shared fixtures for the Spark job's tests: one local SparkSession, raw-dump helpers."""

import glob
import gzip
import json
import os
import struct
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "spark"))


@pytest.fixture(scope="session")
def spark():
    """One small local SparkSession for the whole suite (JVM start-up costs seconds)."""
    from pyspark.sql import SparkSession
    s = (SparkSession.builder.master("local[2]").appName("rummage-spark-tests")
         .config("spark.ui.enabled", "false")
         .config("spark.sql.shuffle.partitions", "4")
         .config("spark.default.parallelism", "2")
         .config("spark.driver.memory", "1g")
         .config("spark.sql.session.timeZone", "UTC")
         # Serial listing: a Spark job per listing of a few hundred dirs costs seconds here.
         .config("spark.sql.sources.parallelPartitionDiscovery.threshold", "100000")
         .getOrCreate())
    s.sparkContext.setLogLevel("ERROR")
    yield s
    s.stop()


def jpeg_header(width, height, app1=0, fill=0, sof=0xC0):
    """The first bytes of a JPEG: SOI, APP0, an optional APP1 of app1 bytes, SOF, EOI.

    Enough for a header reader; not decodable (the job never decodes)."""
    out = b"\xff\xd8"
    out += b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    while app1 > 0:
        n = min(app1, 65533)
        out += b"\xff\xe1" + struct.pack(">H", n + 2) + b"\x00" * n
        app1 -= n
    out += b"\xff\xdb" + struct.pack(">H", 67) + b"\x00" + bytes(range(64))
    out += b"\xff" * fill
    out += (b"\xff" + bytes([sof]) + struct.pack(">HBHHB", 17, 8, height, width, 3)
            + b"\x01\x22\x00\x02\x11\x01\x03\x11\x01")
    return out + b"\xff\xd9"


def write(path, data):
    """Writes bytes or text to path, making its directory."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def write_json(path, obj):
    """Writes obj pretty-printed, as the real responses come."""
    write(path, json.dumps(obj, indent=4, ensure_ascii=False))


def read_records(out):
    """All record lines of a Spark output directory, in file order."""
    lines = []
    for p in sorted(glob.glob(os.path.join(out, "part-*"))):
        opener = gzip.open if p.endswith(".gz") else open
        with opener(p, "rt", encoding="utf-8") as f:
            lines.extend(line.rstrip("\n") for line in f if line.strip())
    return lines


def by_uuid(lines):
    """Record lines sorted by uuid."""
    return sorted(lines, key=lambda s: json.loads(s)["uuid"])
