#!/usr/bin/env python3
"""rummage's Spark job: the marketplace's raw dump -> item records.

    spark-submit spark/prepare.py --raw RAW_DIR --out OUT_DIR [--report PATH] [--thumbs]
    python3 spark/prepare.py --raw RAW_DIR --out OUT_DIR      (local[*])

Input is contract section 1 (RAW/items/*.jsonl, RAW/images/<uuid>/image-<k>.jpg,
RAW/labels/<uuid>/image-<k>.json, RAW/text/<uuid>/image-<k>.json), output is
contract section 2: gzip'd JSON lines, one record per uuid, plus _SUCCESS and a
run report. With --thumbs, also a thumbnail of every photo, made where the
photos are, in OUT_DIR/_thumbs (contract section 3; needs Pillow on the
executors). doc/spark.md explains the choices and the knobs.
"""

import argparse
import datetime
import io
import json
import math
import os
import sys
import time

from pyspark import SparkConf, SparkContext, StorageLevel
from pyspark.sql import SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql import types as T

# Output part files are sized for the indexer: about this many gzip'd MB each.
PART_MB = 128
# Gzip'd record bytes per byte of raw metadata (items + labels + text), measured on
# `rummage gen --format raw` output; see doc/spark.md. Only decides the part count.
OUT_PER_META_BYTE = 0.06
# The JPEG header UDF reads this much first; more only when APPn segments are larger.
HEADER_FIRST_READ = 65536
HEADER_MAX_SEGMENTS = 64
# --thumbs: the longest side, as rummage index's default --thumb-size.
THUMB_SIZE = 384
# The indexer's limits for a photo (common/image.h): what it would refuse to
# decode is refused here too, before Pillow allocates anything.
IMAGE_MAX_PIXELS = 100 * 1000 * 1000
IMAGE_MAX_SIDE = 30000
IMAGE_MAX_COEF_BYTES = 96 * 1024 * 1024
IMAGE_MAX_FILE_BYTES = 64 * 1024 * 1024
# Gzip'd bytes of _thumbs per photo (base64 of a ~15 KB JPEG, gzip takes most
# of base64's third back); only decides the number of _thumbs part files.
THUMB_OUT_BYTES = 20000

UUID_RE = r"^[0-9A-Za-z_-]{1,64}$"
TS_RE = (r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?"
         r"(Z|[+-][0-9]{2}:[0-9]{2})$")
# Java's \s is ASCII whitespace: the same set C's isspace() trims.
TRIM_RE = r"^\s+|\s+$"
PHOTO_RE = r"/images/([^/]+)/image-([0-9]{1,9})\.jpg$"


def response_re(kind):
    """The path pattern of one response kind: uuid and photo number."""
    return r"/" + kind + r"/([^/]+)/image-([0-9]{1,9})\.json$"


# --- schemas --------------------------------------------------------------------

ITEM_SCHEMA = T.StructType([
    T.StructField("uuid", T.StringType()),
    T.StructField("timestamp", T.StringType()),
    T.StructField("productTypes", T.ArrayType(T.StringType())),
    T.StructField("colors", T.ArrayType(T.StringType())),
    T.StructField("brands", T.ArrayType(T.StringType())),
    T.StructField("sizes", T.ArrayType(T.StringType())),
    T.StructField("_corrupt_record", T.StringType()),
])

# Responses are parsed in two levels: the list as raw JSON strings, then each
# element on its own, so one odd label costs that label, not the photo's response.
LABELS_TOP = T.StructType([
    T.StructField("Labels", T.ArrayType(T.StringType())),
    T.StructField("_corrupt_record", T.StringType()),
])
TEXT_TOP = T.StructType([
    T.StructField("TextDetections", T.ArrayType(T.StringType())),
    T.StructField("_corrupt_record", T.StringType()),
])
BOX_IN = T.StructType([
    T.StructField("Width", T.DoubleType()),
    T.StructField("Height", T.DoubleType()),
    T.StructField("Left", T.DoubleType()),
    T.StructField("Top", T.DoubleType()),
])
LABEL_IN = T.StructType([
    T.StructField("Name", T.StringType()),
    T.StructField("Confidence", T.DoubleType()),
    T.StructField("Instances", T.ArrayType(T.StringType())),
    T.StructField("_corrupt_record", T.StringType()),
])
INSTANCE_IN = T.StructType([
    T.StructField("BoundingBox", BOX_IN),
    T.StructField("_corrupt_record", T.StringType()),
])
WORD_IN = T.StructType([
    T.StructField("DetectedText", T.StringType()),
    T.StructField("Type", T.StringType()),
    T.StructField("Confidence", T.DoubleType()),
    T.StructField("Geometry", T.StructType([T.StructField("BoundingBox", BOX_IN)])),
    T.StructField("_corrupt_record", T.StringType()),
])

BOX_OUT = T.StructType([
    T.StructField("left", T.DoubleType()),
    T.StructField("top", T.DoubleType()),
    T.StructField("width", T.DoubleType()),
    T.StructField("height", T.DoubleType()),
])
LABEL_OUT = T.StructType([
    T.StructField("name", T.StringType()),
    T.StructField("confidence", T.DoubleType()),
    T.StructField("boxes", T.ArrayType(BOX_OUT)),
])
TEXT_OUT = T.StructType([
    T.StructField("text", T.StringType()),
    T.StructField("confidence", T.DoubleType()),
    T.StructField("box", BOX_OUT),
])
IMAGE_OUT = T.StructType([
    T.StructField("name", T.StringType()),
    T.StructField("path", T.StringType()),
    T.StructField("bytes", T.LongType()),
    T.StructField("width", T.IntegerType()),
    T.StructField("height", T.IntegerType()),
    T.StructField("labels", T.ArrayType(LABEL_OUT)),
    T.StructField("text", T.ArrayType(TEXT_OUT)),
])
SIZE_OUT = T.StructType([
    T.StructField("width", T.IntegerType()),
    T.StructField("height", T.IntegerType()),
])
# A thumbnail, or why there is none (error: a word, counted in the report).
THUMB_OUT = T.StructType([
    T.StructField("jpeg", T.BinaryType()),
    T.StructField("width", T.IntegerType()),
    T.StructField("height", T.IntegerType()),
    T.StructField("error", T.StringType()),
])

JSON_OPTS = {"mode": "PERMISSIVE", "columnNameOfCorruptRecord": "_corrupt_record"}


# --- the JPEG header ---------------------------------------------------------------

# SOF0..SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range.
SOF_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
# Markers without a length field.
STANDALONE_MARKERS = frozenset(range(0xD0, 0xD8)) | {0x01}


class _Window:
    """A seekable file seen through a small buffer: bytes by absolute offset."""

    def __init__(self, f):
        self.f = f
        self.base = 0
        self.buf = f.read(HEADER_FIRST_READ)

    def need(self, off, n):
        """The n bytes at off, reading more when they are past the buffer; None at EOF."""
        if off < self.base or off + n > self.base + len(self.buf):
            self.f.seek(off)
            self.base = off
            self.buf = self.f.read(max(n, 4096))
        if off + n > self.base + len(self.buf):
            return None
        return self.buf[off - self.base:off - self.base + n]


def jpeg_size(f):
    """(width, height) from the SOF marker of the JPEG file f, None when unreadable.

    Reads the first 64 KB and seeks over larger APPn segments; never decodes.
    """
    frame = jpeg_frame(f)
    return frame[:2] if frame else None


def coef_bytes(width, height, marker, comps):
    """The coefficient memory a progressive JPEG needs to decode (image.c's rule), else 0."""
    if marker not in (0xC2, 0xC6, 0xCA, 0xCE) or not comps:
        return 0
    hmax = max(max(c >> 4 for c in comps), 1)
    vmax = max(max(c & 15 for c in comps), 1)
    total = 0
    for c in comps:
        cw = (width * ((c >> 4) or 1) + hmax - 1) // hmax
        ch = (height * ((c & 15) or 1) + vmax - 1) // vmax
        total += ((cw + 15) // 8) * ((ch + 15) // 8) * 128
    return total


def jpeg_frame(f):
    """(width, height, coefficient bytes) from the SOF segment of the JPEG file f, or None."""
    w = _Window(f)
    if w.need(0, 2) != b"\xff\xd8":
        return None
    off = 2
    for _ in range(HEADER_MAX_SEGMENTS):
        b = w.need(off, 1)
        if b is None or b[0] != 0xFF:
            return None
        # Any number of 0xFF fill bytes may precede the marker code.
        while b is not None and b[0] == 0xFF:
            off += 1
            b = w.need(off, 1)
        if b is None:
            return None
        marker = b[0]
        off += 1
        if marker in STANDALONE_MARKERS:
            continue
        if marker in (0x00, 0xD8, 0xD9, 0xDA):
            return None     # stuffed byte, second SOI, EOI or scan data before any SOF
        seg = w.need(off, 2)
        if seg is None:
            return None
        length = seg[0] << 8 | seg[1]
        if length < 2:
            return None
        if marker in SOF_MARKERS:
            sof = w.need(off + 2, 5)
            if sof is None or length < 8:
                return None
            height = sof[1] << 8 | sof[2]
            width = sof[3] << 8 | sof[4]
            if width == 0 or height == 0:
                return None     # height 0 means a DNL segment later: not worth chasing
            # The components' sampling factors, for coef_bytes (progressive only).
            ncomp = w.need(off + 7, 1)
            ncomp = ncomp[0] if ncomp is not None else 0
            comps = w.need(off + 8, 3 * ncomp) if ncomp and length >= 8 + 3 * ncomp else None
            sampling = [comps[3 * i + 1] for i in range(ncomp)] if comps else []
            return (width, height, coef_bytes(width, height, marker, sampling))
        off += length
    return None


_remote_fs = {}


def open_photo(path):
    """A binary file object for a photo path as Spark lists it (file:, hdfs:, s3a:...)."""
    if path.startswith("file:"):
        local = path[5:]
        if local.startswith("//"):
            local = local[2:]       # file:///x, or file://host/x which has no meaning here
            local = local[local.index("/"):] if "/" in local else local
        return open(local, "rb")
    if "://" not in path:
        return open(path, "rb")
    # Python workers have no Hadoop FileSystem; pyarrow's HDFS (libhdfs) and S3
    # clients read the same paths. Only needed on a cluster (doc/spark.md).
    from pyarrow import fs as pafs
    from urllib.parse import urlsplit
    uri = "s3://" + path[len("s3a://"):] if path.startswith("s3a://") else path
    parts = urlsplit(uri)
    key = (parts.scheme, parts.netloc)
    if key not in _remote_fs:
        _remote_fs[key] = pafs.FileSystem.from_uri(uri)[0]
    inner = parts.netloc + parts.path if parts.scheme == "s3" else parts.path
    return _remote_fs[key].open_input_file(inner)


def photo_size(path):
    """The UDF body: width and height of the photo at path, None when unreadable."""
    try:
        with open_photo(path) as f:
            return jpeg_size(f)
    except Exception:   # noqa: BLE001 -- an unreadable photo is counted, never fatal
        return None


def fit_size(width, height, box):
    """The size a width x height photo takes in a box x box square (never enlarged)."""
    f = min(1.0, box / width, box / height)
    return max(1, min(box, int(width * f + 0.5))), max(1, min(box, int(height * f + 0.5)))


def make_thumb(path, nbytes, size=THUMB_SIZE):
    """The --thumbs UDF body: (jpeg, width, height, None), or (None,) * 3 + (why,).

    Memory stays bounded per photo: the size from the listing and the frame
    header are checked against the indexer's limits before the file is read
    or Pillow allocates; Pillow's draft() then decodes at the smallest DCT
    scale that still covers the thumbnail (as rummage index does), so a
    12 MP photo is decoded at 1/8. A hostile or broken file is a reason,
    never an exception: the job goes on and the report counts it.
    """
    def fail(why):
        return (None, None, None, why)
    if nbytes is not None and nbytes > IMAGE_MAX_FILE_BYTES:
        return fail("file_too_large")
    try:
        from PIL import Image
        Image.MAX_IMAGE_PIXELS = IMAGE_MAX_PIXELS
        with open_photo(path) as f:
            frame = jpeg_frame(f)
            if frame is None:
                return fail("not_a_jpeg")
            width, height, coef = frame
            if width > IMAGE_MAX_SIDE or height > IMAGE_MAX_SIDE or \
                    width * height > IMAGE_MAX_PIXELS:
                return fail("too_many_pixels")
            if coef > IMAGE_MAX_COEF_BYTES:
                return fail("progressive_too_large")
            f.seek(0)
            data = f.read(IMAGE_MAX_FILE_BYTES + 1)
        if len(data) > IMAGE_MAX_FILE_BYTES:
            return fail("file_too_large")
        im = Image.open(io.BytesIO(data), formats=["JPEG"])
        im.draft("RGB", fit_size(width, height, size))
        if im.mode != "RGB":
            im = im.convert("RGB")      # CMYK, grey
        im.thumbnail((size, size), Image.Resampling.BOX, reducing_gap=None)
        out = io.BytesIO()
        im.save(out, "JPEG", quality=85)
        return (bytearray(out.getvalue()), im.width, im.height, None)
    except ImportError:
        raise               # no Pillow on this executor: a set-up error, not a photo's
    except Exception:   # noqa: BLE001 -- a photo Pillow cannot decode is counted, never fatal
        return fail("undecodable")


# --- helpers ---------------------------------------------------------------------

def clean_strings(col):
    """An array of strings trimmed, without nulls and empty strings; [] when absent."""
    trimmed = F.transform(col, lambda x: F.regexp_replace(x, TRIM_RE, ""))
    kept = F.filter(trimmed, lambda x: x.isNotNull() & (x != ""))
    return F.coalesce(kept, F.array().cast(T.ArrayType(T.StringType())))


def finite(col):
    """True when a double is present and finite (NaN sorts above everything in Spark)."""
    return col.isNotNull() & col.between(-1e300, 1e300)


def confidence_ok(col):
    """A confidence the indexer accepts: a number from 0 to 100."""
    return col.isNotNull() & col.between(0.0, 100.0)


def box_out(box):
    """A Rekognition BoundingBox as a record box, null unless all four numbers are finite."""
    ok = (box.isNotNull() & finite(box["Left"]) & finite(box["Top"])
          & finite(box["Width"]) & finite(box["Height"]))
    return F.when(ok, F.struct(box["Left"].alias("left"), box["Top"].alias("top"),
                               box["Width"].alias("width"), box["Height"].alias("height")))


def hadoop_fs(spark, path):
    """The Hadoop FileSystem and Path objects (driver side, through py4j) for path."""
    jvm = spark._jvm
    p = jvm.org.apache.hadoop.fs.Path(path)
    return p.getFileSystem(spark._jsc.hadoopConfiguration()), p


def path_exists(spark, path):
    """Whether path exists on its Hadoop file system."""
    fs, p = hadoop_fs(spark, path)
    return fs.exists(p)


def path_bytes(spark, path):
    """Total bytes under path (0 when absent): one namenode call on HDFS."""
    fs, p = hadoop_fs(spark, path)
    if not fs.exists(p):
        return 0
    return fs.getContentSummary(p).getLength()


def write_text(spark, path, text):
    """Writes text to path on its Hadoop file system, replacing it."""
    fs, p = hadoop_fs(spark, path)
    out = fs.create(p, True)
    try:
        out.write(bytearray(text.encode("utf-8")))
    finally:
        out.close()


def join_path(root, *parts):
    """root/parts... for local paths and URIs alike."""
    return "/".join([root.rstrip("/")] + list(parts))


def empty_text_df(spark):
    """A frame shaped like a wholetext read with no files."""
    return spark.createDataFrame([], T.StructType([
        T.StructField("value", T.StringType()), T.StructField("file", T.StringType())]))


# --- the stages ------------------------------------------------------------------

def read_items(spark, raw):
    """Item rows, cleaned and checked, with a status per row and a tie-break order."""
    path = join_path(raw, "items")
    if not path_exists(spark, path):
        schema = T.StructType(ITEM_SCHEMA.fields + [T.StructField("file", T.StringType())])
        df = spark.createDataFrame([], schema)
    else:
        df = (spark.read.schema(ITEM_SCHEMA).options(**JSON_OPTS)
              .option("recursiveFileLookup", "true")
              .option("pathGlobFilter", "*.{jsonl,jsonl.gz,json,json.gz}")
              .json(path)
              .withColumn("file", F.col("_metadata.file_path")))
    uuid = F.regexp_replace(F.col("uuid"), TRIM_RE, "")
    ts = F.regexp_replace(F.col("timestamp"), TRIM_RE, "")
    df = df.select(
        uuid.alias("uuid"), ts.alias("timestamp"),
        clean_strings(F.col("productTypes")).alias("productTypes"),
        clean_strings(F.col("colors")).alias("colors"),
        clean_strings(F.col("brands")).alias("brands"),
        clean_strings(F.col("sizes")).alias("sizes"),
        F.col("_corrupt_record").isNotNull().alias("corrupt"),
        F.col("file"), F.monotonically_increasing_id().alias("row"))
    instant = F.expr("try_cast(timestamp AS TIMESTAMP)")
    status = (F.when(F.col("corrupt"), "item_row_malformed")
              .when(F.col("uuid").isNull() | ~F.col("uuid").rlike(UUID_RE), "item_row_bad_uuid")
              .when(F.col("timestamp").isNull() | ~F.col("timestamp").rlike(TS_RE)
                    | instant.isNull(), "item_row_bad_timestamp")
              .otherwise("ok"))
    return df.withColumn("instant", instant).withColumn("status", status)


def latest_items(items):
    """One row per uuid among the good rows: latest timestamp, then the later file and row."""
    good = items.filter(F.col("status") == "ok").repartition("uuid")
    order = Window.partitionBy("uuid").orderBy(
        F.col("instant").desc(), F.col("file").desc(), F.col("row").desc())
    return (good.withColumn("rank", F.row_number().over(order))
            .select("uuid", "timestamp", "productTypes", "colors", "brands", "sizes",
                    (F.col("rank") == 1).alias("latest")))


def read_photos(spark, raw, images_dir):
    """Photo files listed (never read here): uuid, photo number, size, path."""
    if not images_dir:
        return spark.createDataFrame([], T.StructType([
            T.StructField("uuid", T.StringType()), T.StructField("kstr", T.StringType()),
            T.StructField("bytes", T.LongType()), T.StructField("fullpath", T.StringType())]))
    # binaryFile reads a file's content only when the content column is selected;
    # selecting path and length makes it a parallel listing with sizes (doc/spark.md).
    df = (spark.read.format("binaryFile")
          .option("recursiveFileLookup", "true").option("pathGlobFilter", "*.jpg")
          .load(join_path(raw, "images"))
          .select(F.col("path").alias("fullpath"), F.col("length").alias("bytes")))
    return df.select(path_uuid("fullpath", PHOTO_RE), path_k("fullpath", PHOTO_RE),
                     "bytes", "fullpath")


def path_uuid(path, pattern):
    """The uuid in a listed path; for a path off the layout, "!" + the path.

    Such a key is unique and matches no item, so it joins with nothing and is counted."""
    uuid = F.regexp_extract(path, pattern, 1)
    return F.when(uuid.rlike(UUID_RE), uuid).otherwise(F.concat(F.lit("!"), path)).alias("uuid")


def path_k(path, pattern):
    """The photo number in a listed path, as written ("" off the layout)."""
    return F.regexp_extract(path, pattern, 2).alias("kstr")


def read_responses(spark, raw, kind):
    """One row per response file of kind (labels or text): uuid, photo number, JSON text."""
    path = join_path(raw, kind)
    if not path_exists(spark, path):
        df = empty_text_df(spark)
    else:
        # text()'s own wholetext argument overrides .option("wholetext"): pass it there.
        df = (spark.read.option("recursiveFileLookup", "true").option("pathGlobFilter", "*.json")
              .text(path, wholetext=True).select("value", F.col("_metadata.file_path").alias("file")))
    pattern = response_re(kind)
    return df.select(path_uuid("file", pattern), path_k("file", pattern), "value")


def response_status(top, key):
    """malformed_json / bad_shape / missing_key / ok for one parsed response."""
    # get_json_object parses the file a second time: only for the ones that failed.
    corrupt = F.col(top)["_corrupt_record"].isNotNull()
    return (F.when(corrupt & F.get_json_object(F.col("value"), "$").isNull(), "malformed_json")
            .when(corrupt, "bad_shape")
            .when(F.col(top)[key].isNull(), "missing_key")
            .otherwise("ok"))


def parse_labels(df):
    """DetectLabels responses -> record labels, with counts of what was dropped."""
    df = df.withColumn("top", F.from_json("value", LABELS_TOP, JSON_OPTS))
    df = df.withColumn("rstatus", response_status("top", "Labels"))
    raw = F.when(F.col("rstatus") == "ok", F.col("top")["Labels"]).otherwise(
        F.array().cast(T.ArrayType(T.StringType())))
    parsed = F.transform(raw, lambda s: F.from_json(s, LABEL_IN, JSON_OPTS))
    df = df.withColumn("parsed", parsed)
    good = F.filter(F.col("parsed"), lambda x: x.isNotNull() & x["_corrupt_record"].isNull()
                    & x["Name"].isNotNull() & confidence_ok(x["Confidence"]))

    def instances(x):
        inst = F.transform(F.coalesce(x["Instances"], F.array().cast(T.ArrayType(T.StringType()))),
                           lambda s: F.from_json(s, INSTANCE_IN, JSON_OPTS))
        boxes = F.transform(inst, lambda i: box_out(i["BoundingBox"]))
        return F.filter(boxes, lambda b: b.isNotNull())

    labels = F.transform(good, lambda x: F.struct(
        x["Name"].alias("name"), x["Confidence"].alias("confidence"),
        instances(x).alias("boxes")))
    n_inst = F.aggregate(good, F.lit(0), lambda acc, x: acc + F.coalesce(
        F.size(F.coalesce(x["Instances"], F.array().cast(T.ArrayType(T.StringType())))), F.lit(0)))
    df = df.select(
        "uuid", "kstr", "rstatus",
        labels.alias("labels"),
        (F.size("parsed") - F.size(good)).alias("labels_dropped"),
        F.size(F.filter(good, lambda x: F.coalesce(F.size(x["Instances"]), F.lit(0)) <= 0))
        .alias("labels_no_instances"),
        n_inst.alias("instances_in"))
    n_boxes = F.aggregate(F.col("labels"), F.lit(0), lambda acc, x: acc + F.size(x["boxes"]))
    return df.withColumn("boxes_dropped", F.col("instances_in") - n_boxes).drop("instances_in")


def parse_text(df):
    """DetectText responses -> record text (WORD detections), with drop counts."""
    df = df.withColumn("top", F.from_json("value", TEXT_TOP, JSON_OPTS))
    df = df.withColumn("rstatus", response_status("top", "TextDetections"))
    raw = F.when(F.col("rstatus") == "ok", F.col("top")["TextDetections"]).otherwise(
        F.array().cast(T.ArrayType(T.StringType())))
    parsed = F.transform(raw, lambda s: F.from_json(s, WORD_IN, JSON_OPTS))
    df = df.withColumn("parsed", parsed)
    # A detection that does not even say its Type is malformed, not a LINE.
    words = F.filter(F.col("parsed"), lambda x: x.isNull() | x["_corrupt_record"].isNotNull()
                     | (F.coalesce(x["Type"], F.lit("WORD")) == "WORD"))
    good = F.filter(words, lambda x: x.isNotNull() & x["_corrupt_record"].isNull()
                    & x["DetectedText"].isNotNull() & confidence_ok(x["Confidence"])
                    & x["Type"].isNotNull())
    text = F.transform(good, lambda x: F.struct(
        x["DetectedText"].alias("text"), x["Confidence"].alias("confidence"),
        box_out(x["Geometry"]["BoundingBox"]).alias("box")))
    df = df.select("uuid", "kstr", "rstatus", text.alias("text"),
                   (F.size(words) - F.size(good)).alias("words_dropped"),
                   F.size(F.filter(good, lambda x: x["Geometry"]["BoundingBox"].isNotNull()))
                   .alias("boxes_in"))
    n_boxes = F.size(F.filter(F.col("text"), lambda x: x["box"].isNotNull()))
    return df.withColumn("boxes_dropped", F.col("boxes_in") - n_boxes).drop("boxes_in")


def photo_rows(photos, labels, text, images_dir, thumb_size=None):
    """Photos joined with their responses: one row per (uuid, photo number) seen anywhere.

    With thumb_size, each photo's thumbnail (THUMB_OUT) is made here, on the executors."""
    size_udf = F.udf(photo_size, SIZE_OUT)
    photos = photos.withColumn("size", size_udf("fullpath"))
    if thumb_size:
        thumb_udf = F.udf(lambda p, n: make_thumb(p, n, thumb_size), THUMB_OUT)
        photos = photos.withColumn("thumb", thumb_udf("fullpath", "bytes"))
    else:
        photos = photos.withColumn("thumb", F.lit(None).cast(THUMB_OUT))
    photos = photos.drop("fullpath")
    lab = labels.select(
        "uuid", "kstr", F.lit(True).alias("has_labels"), F.col("rstatus").alias("labels_status"),
        "labels", "labels_dropped", "labels_no_instances",
        F.col("boxes_dropped").alias("label_boxes_dropped"))
    txt = text.select(
        "uuid", "kstr", F.lit(True).alias("has_text"), F.col("rstatus").alias("text_status"),
        "text", "words_dropped", F.col("boxes_dropped").alias("text_boxes_dropped"))
    # One shuffle by uuid for all three; the per-photo merge and the per-item
    # grouping after it then run where the data already is (hash(uuid) clusters
    # (uuid, kstr) too), and so does the join with the item rows.
    both = photos.unionByName(lab, allowMissingColumns=True).unionByName(
        txt, allowMissingColumns=True)
    cols = [c for c in both.columns if c not in ("uuid", "kstr")]
    rows = both.repartition("uuid").groupBy("uuid", "kstr").agg(
        *[F.first(c, ignorenulls=True).alias(c) for c in cols])
    off_layout = F.col("uuid").startswith("!")
    has_photo = F.col("bytes").isNotNull()
    kept = ~off_layout & (has_photo if images_dir else (F.col("has_labels") | F.col("has_text")))
    empty_labels = F.array().cast(T.ArrayType(LABEL_OUT))
    empty_text = F.array().cast(T.ArrayType(TEXT_OUT))
    name = F.concat(F.lit("image-"), F.col("kstr"), F.lit(".jpg"))
    image = F.struct(
        name.alias("name"),
        F.concat(F.lit("images/"), F.col("uuid"), F.lit("/"), name).alias("path"),
        F.col("bytes"),
        F.col("size")["width"].alias("width"), F.col("size")["height"].alias("height"),
        F.coalesce(F.col("labels"), empty_labels).alias("labels"),
        F.coalesce(F.col("text"), empty_text).alias("text"))
    return rows.select(
        "uuid", F.col("kstr").cast("int").alias("k"), "kstr", off_layout.alias("off_layout"),
        has_photo.alias("has_photo"), F.coalesce(kept, F.lit(False)).alias("kept"),
        F.coalesce("has_labels", F.lit(False)).alias("has_labels"),
        F.coalesce("has_text", F.lit(False)).alias("has_text"),
        "labels_status", "text_status",
        (has_photo & F.col("size").isNull()).alias("header_unreadable"),
        F.coalesce("labels_dropped", F.lit(0)).alias("labels_dropped"),
        F.coalesce("labels_no_instances", F.lit(0)).alias("labels_no_instances"),
        F.coalesce("label_boxes_dropped", F.lit(0)).alias("label_boxes_dropped"),
        F.coalesce("words_dropped", F.lit(0)).alias("words_dropped"),
        F.coalesce("text_boxes_dropped", F.lit(0)).alias("text_boxes_dropped"),
        image.alias("image"), "thumb")


def records(items, photos):
    """Item rows joined with their photos' image entries, one record per uuid."""
    kept = photos.filter("kept")
    images = kept.groupBy("uuid").agg(
        F.sort_array(F.collect_list(F.struct("k", "kstr", "image"))).alias("imgs"))
    images = images.select("uuid", F.transform("imgs", lambda x: x["image"]).alias("images"))
    latest = items.filter("latest").drop("latest")
    empty = F.array().cast(T.ArrayType(IMAGE_OUT))
    return (latest.join(images, "uuid", "left")
            .select("uuid", "timestamp", "productTypes", "colors", "brands", "sizes",
                    F.coalesce(F.col("images"), empty).alias("images")))


def part_count(spark, raw, part_mb, parts):
    """How many part files: from the raw metadata's size, at least one."""
    if parts:
        return parts, 0
    meta = sum(path_bytes(spark, join_path(raw, d)) for d in ("items", "labels", "text"))
    est = meta * OUT_PER_META_BYTE
    return max(1, int(math.ceil(est / (part_mb * 1024 * 1024)))), meta


def counts_by(df, col):
    """{value: count} of a small aggregate: the only thing the driver collects."""
    return {r[0]: r[1] for r in df.groupBy(col).count().collect()}


def write_thumbs(rows, latest, out, part_mb):
    """OUT/_thumbs: one JSON line per thumbnail of a written record's photo (contract §3)."""
    written = latest.filter("latest").select("uuid")
    thumbs = (rows.filter(F.col("kept") & F.col("thumb.jpeg").isNotNull())
              .join(written, "uuid", "left_semi")
              .select("uuid", F.col("image.path").alias("path"),
                      F.col("thumb.width").alias("width"), F.col("thumb.height").alias("height"),
                      F.col("thumb.jpeg").alias("jpeg")))
    n = rows.filter("kept").count()
    nparts = max(1, int(math.ceil(n * THUMB_OUT_BYTES / (part_mb * 1024.0 * 1024.0))))
    # The JSON writer spells binary columns in base64; gzip wins back most of its third.
    (thumbs.repartition(nparts, "uuid").sortWithinPartitions("uuid", "path")
     .write.mode("errorifexists").option("compression", "gzip").json(join_path(out, "_thumbs")))


def run(spark, raw, out, report=None, overwrite=False, part_mb=PART_MB, parts=None,
        thumbs=False, thumb_size=THUMB_SIZE):
    """Runs the job; returns the report (also written as JSON beside the output).

    thumbs: also make a thumbnail of every photo (longest side thumb_size) in OUT/_thumbs."""
    started = time.time()
    if __name__ != "__main__" and os.path.exists(__file__):
        spark.sparkContext.addPyFile(os.path.abspath(__file__))
    sc_conf = spark.sparkContext.getConf()
    if not sc_conf.contains("spark.sql.files.openCostInBytes"):
        # Response files are a few KB: the 4 MB default would make a task per 32 files.
        spark.conf.set("spark.sql.files.openCostInBytes", str(64 * 1024))
    spark.conf.set("spark.sql.jsonGenerator.ignoreNullFields", "true")

    if not overwrite and path_exists(spark, out):
        # Before any work: the writer would say the same after the whole job.
        raise FileExistsError("path %s already exists (use --overwrite to replace it)" % out)
    images_dir = path_exists(spark, join_path(raw, "images"))
    nparts, meta_bytes = part_count(spark, raw, part_mb, parts)

    items = read_items(spark, raw).persist(StorageLevel.MEMORY_AND_DISK)
    latest = latest_items(items).persist(StorageLevel.MEMORY_AND_DISK)
    labels = parse_labels(read_responses(spark, raw, "labels"))
    text = parse_text(read_responses(spark, raw, "text"))
    photos_raw = read_photos(spark, raw, images_dir)
    # Listing names that are not RAW/<kind>/<uuid>/image-<k>.<ext> are counted and skipped.
    rows = photo_rows(photos_raw, labels, text, images_dir,
                      thumb_size if thumbs else None).persist(StorageLevel.MEMORY_AND_DISK)

    recs = records(latest, rows)
    (recs.repartition(nparts, "uuid").sortWithinPartitions("uuid")
     .write.mode("overwrite" if overwrite else "errorifexists")
     .option("compression", "gzip").option("ignoreNullFields", "true")
     .json(out))
    if thumbs:
        # After the records: their writer owns OUT (and replaces it with --overwrite).
        write_thumbs(rows, latest, out, part_mb)

    # The accounting: small aggregates only.
    item_status = counts_by(items, "status")
    item_latest = counts_by(latest, "latest")
    item_uuids = latest.filter("latest").select("uuid", F.lit(True).alias("has_item"))
    p = rows.join(item_uuids, "uuid", "left").withColumn(
        "has_item", F.coalesce("has_item", F.lit(False)))
    i = lambda c: F.sum(F.col(c).cast("long"))  # noqa: E731
    ok = ~F.col("off_layout")
    # Files off the layout are counted as such and nothing else.
    for c in ("labels_status", "text_status", "header_unreadable", "labels_dropped",
              "labels_no_instances", "label_boxes_dropped", "words_dropped", "text_boxes_dropped"):
        p = p.withColumn(c, F.when(ok, F.col(c)))
    agg = p.agg(
        F.count(F.when(ok & F.col("has_photo"), 1)).alias("photos"),
        F.count(F.when(ok & F.col("has_labels"), 1)).alias("label_responses"),
        F.count(F.when(ok & F.col("has_text"), 1)).alias("text_responses"),
        F.count(F.when(~ok & F.col("has_photo"), 1)).alias("images_off_layout"),
        F.count(F.when(~ok & F.col("has_labels"), 1)).alias("labels_off_layout"),
        F.count(F.when(~ok & F.col("has_text"), 1)).alias("text_off_layout"),
        F.count(F.when(F.col("kept") & F.col("has_item"), 1)).alias("images_written"),
        F.count(F.when(F.col("kept") & ~F.col("has_item"), 1)).alias("photos_without_item"),
        F.countDistinct(F.when(F.col("kept") & ~F.col("has_item"), F.col("uuid")))
        .alias("uuids_without_item"),
        F.count(F.when(ok & ~F.col("kept") & F.col("has_labels"), 1)).alias("labels_without_photo"),
        F.count(F.when(ok & ~F.col("kept") & F.col("has_text"), 1)).alias("text_without_photo"),
        F.count(F.when(F.col("kept") & ~F.col("has_labels"), 1)).alias("photo_without_labels"),
        F.count(F.when(F.col("kept") & ~F.col("has_text"), 1)).alias("photo_without_text"),
        F.count(F.when(F.col("header_unreadable"), 1)).alias("header_unreadable"),
        F.count(F.when(F.col("labels_status") == "malformed_json", 1)).alias("labels_malformed_json"),
        F.count(F.when(F.col("labels_status") == "bad_shape", 1)).alias("labels_bad_shape"),
        F.count(F.when(F.col("labels_status") == "missing_key", 1)).alias("labels_missing_key"),
        F.count(F.when(F.col("text_status") == "malformed_json", 1)).alias("text_malformed_json"),
        F.count(F.when(F.col("text_status") == "bad_shape", 1)).alias("text_bad_shape"),
        F.count(F.when(F.col("text_status") == "missing_key", 1)).alias("text_missing_key"),
        i("labels_dropped").alias("labels_dropped"),
        i("labels_no_instances").alias("labels_no_instances"),
        i("label_boxes_dropped").alias("label_boxes_dropped"),
        i("words_dropped").alias("words_dropped"),
        i("text_boxes_dropped").alias("text_boxes_dropped"),
        F.sum(F.when(F.col("kept") & F.col("has_item"), F.size("image.labels"))).alias("labels_written"),
        F.sum(F.when(F.col("kept") & F.col("has_item"), F.size("image.text"))).alias("text_written"),
        F.count(F.when(F.col("kept") & F.col("has_item") & F.col("thumb.jpeg").isNotNull(), 1))
        .alias("thumbs_written"),
        F.count(F.when(F.col("kept") & F.col("has_item") & F.col("thumb.error").isNotNull(), 1))
        .alias("thumbs_failed"),
    ).first().asDict()
    thumb_failures = counts_by(
        p.filter(F.col("kept") & F.col("has_item") & F.col("thumb.error").isNotNull())
        .select(F.col("thumb.error").alias("why")), "why") if thumbs else {}
    photo_uuids = rows.filter("kept").select("uuid").distinct()
    items_without_photos = item_uuids.join(photo_uuids, "uuid", "left_anti").count()
    n = lambda k: int(agg.get(k) or 0)  # noqa: E731

    written_files = part_files(spark, out)
    rep = {
        "job": "rummage spark/prepare.py",
        "raw": raw,
        "out": out,
        "spark_version": spark.version,
        "master": spark.sparkContext.master,
        "started": iso(started),
        "seconds": round(time.time() - started, 1),
        "images_dir": bool(images_dir),
        "read": {
            "item_rows": sum(item_status.values()),
            "photos": n("photos"),
            "label_responses": n("label_responses"),
            "text_responses": n("text_responses"),
            "metadata_bytes": int(meta_bytes),
        },
        "written": {
            "records": item_latest.get(True, 0),
            "images": n("images_written"),
            "labels": n("labels_written"),
            "text": n("text_written"),
            "part_files": len(written_files),
            "bytes": sum(s for _, s in written_files),
        },
        # Whole things left out of the output, by reason.
        "skipped": {
            "item_row_malformed": item_status.get("item_row_malformed", 0),
            "item_row_bad_uuid": item_status.get("item_row_bad_uuid", 0),
            "item_row_bad_timestamp": item_status.get("item_row_bad_timestamp", 0),
            "item_row_duplicate": item_latest.get(False, 0),
            "photo_without_item": n("photos_without_item"),
            "uuid_without_item": n("uuids_without_item"),
            "labels_without_photo": n("labels_without_photo"),
            "text_without_photo": n("text_without_photo"),
            "labels_malformed_json": n("labels_malformed_json"),
            "labels_bad_shape": n("labels_bad_shape"),
            "labels_missing_key": n("labels_missing_key"),
            "text_malformed_json": n("text_malformed_json"),
            "text_bad_shape": n("text_bad_shape"),
            "text_missing_key": n("text_missing_key"),
            "label_entries_invalid": n("labels_dropped"),
            "label_boxes_invalid": n("label_boxes_dropped"),
            "word_entries_invalid": n("words_dropped"),
            "word_boxes_invalid": n("text_boxes_dropped"),
            "unrecognised_paths": {"images": n("images_off_layout"),
                                   "labels": n("labels_off_layout"),
                                   "text": n("text_off_layout")},
        },
        # Written, but with something missing.
        "incomplete": {
            "photo_without_labels": n("photo_without_labels"),
            "photo_without_text": n("photo_without_text"),
            "photo_header_unreadable": n("header_unreadable"),
            "item_without_photos": items_without_photos,
            "labels_without_instances": n("labels_no_instances"),
        },
    }
    if thumbs:
        rep["thumbnails"] = {
            "dir": join_path(out, "_thumbs"), "size": thumb_size,
            "written": n("thumbs_written"),
            "failed": n("thumbs_failed"),       # photos written without a thumbnail, by reason:
            "failed_by_reason": dict(sorted(thumb_failures.items())),
            "bytes": sum(s for _, s in part_files(spark, join_path(out, "_thumbs"))),
        }
    for df in (rows, latest, items):
        df.unpersist()
    text_out = json.dumps(rep, indent=2, sort_keys=False) + "\n"
    write_text(spark, report or default_report(out), text_out)
    return rep


def part_files(spark, out):
    """(name, bytes) of the part files in the output directory (driver-side listing)."""
    fs, p = hadoop_fs(spark, out)
    res = []
    for st in fs.listStatus(p):
        name = st.getPath().getName()
        if name.startswith("part-"):
            res.append((name, st.getLen()))
    return res


def default_report(out):
    """OUT_DIR/../<name>.report.json."""
    trimmed = out.rstrip("/")
    parent, _, name = trimmed.rpartition("/")
    return (parent or ".") + "/" + name + ".report.json"


def iso(t):
    """A Unix time as ISO 8601 UTC."""
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%SZ")


def session(app="rummage-prepare"):
    """The SparkSession: local[*] only when nothing (spark-submit, defaults) set a master."""
    builder = SparkSession.builder.appName(app)
    # Start the JVM first: spark-submit's --master and spark-defaults.conf live there,
    # and a SparkConf made before it exists would see nothing and override them.
    SparkContext._ensure_initialized()
    conf = SparkConf()
    if not conf.contains("spark.master"):
        builder = builder.master("local[*]")
    # Local workers run this Python, with its packages (Pillow for --thumbs),
    # not whatever python3 comes first on PATH.
    if conf.get("spark.master", "local[*]").startswith("local") and \
            "PYSPARK_PYTHON" not in os.environ and not conf.contains("spark.pyspark.python"):
        os.environ["PYSPARK_PYTHON"] = sys.executable
    return builder.getOrCreate()


def main(argv=None):
    """Command line: parse, run, print a summary."""
    ap = argparse.ArgumentParser(description="raw marketplace dump -> rummage item records")
    ap.add_argument("--raw", required=True, help="the raw dump's root (any Hadoop path)")
    ap.add_argument("--out", required=True, help="output directory for the records")
    ap.add_argument("--report", help="run report path (default OUT/../<name>.report.json)")
    ap.add_argument("--overwrite", action="store_true", help="replace an existing OUT")
    ap.add_argument("--part-mb", type=int, default=PART_MB,
                    help="target gzip'd size of a part file in MB (default 128)")
    ap.add_argument("--parts", type=int, help="exact number of part files")
    ap.add_argument("--thumbs", action="store_true",
                    help="also make a thumbnail of every photo in OUT/_thumbs (needs Pillow)")
    ap.add_argument("--thumb-size", type=int, default=THUMB_SIZE,
                    help="longest side of the thumbnails (default %d)" % THUMB_SIZE)
    args = ap.parse_args(argv)
    if not 16 <= args.thumb_size <= 4096:
        ap.error("--thumb-size must be from 16 to 4096")
    if args.parts is not None and args.parts < 1:
        ap.error("--parts must be at least 1")
    if args.part_mb < 1:
        ap.error("--part-mb must be at least 1")
    spark = session()
    try:
        try:
            rep = run(spark, args.raw, args.out, args.report, args.overwrite, args.part_mb,
                      args.parts, args.thumbs, args.thumb_size)
        except FileExistsError as e:
            print("prepare: %s" % e, file=sys.stderr)
            return 1
    finally:
        spark.stop()
    w, s = rep["written"], rep["skipped"]
    skipped = {k: v for k, v in s.items() if v and not isinstance(v, dict)}
    print("prepare: %d records, %d images, %d part files in %s (%.1f s); skipped: %s"
          % (w["records"], w["images"], w["part_files"], args.out, rep["seconds"],
             json.dumps(skipped) if skipped else "nothing"), file=sys.stderr)
    if args.thumbs:
        t = rep["thumbnails"]
        print("prepare: %d thumbnails in %s, %d photos without one%s"
              % (t["written"], t["dir"], t["failed"],
                 " " + json.dumps(t["failed_by_reason"]) if t["failed"] else ""),
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
