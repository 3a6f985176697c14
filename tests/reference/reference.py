#!/usr/bin/env python3
"""A reference implementation of rummage's data contract (issue 2, §2-§3).

Written from the contract alone, sharing nothing with the C engine, and
kept simple on purpose: every query is a linear scan over every item.
It is the oracle of tests/e2e and tests/hostile; it can also be run by
hand to see what rummage *should* answer:

    python3 tests/reference/reference.py validate DIR...
    python3 tests/reference/reference.py query [--limit N] [--facet-limit K]
        [--min-confidence C] DIR... -- 'QUERY'

Only the Python standard library is used.
"""

import calendar
import gzip
import json
import math
import datetime
import os
import re
import sys
import unicodedata

MAX_LINE = 16 * 1024 * 1024
DEFAULT_THRESHOLD = 50.0
PREDICTION_FIELDS = (("brand", "brands"), ("type", "productTypes"),
                     ("color", "colors"), ("size", "sizes"))
# Any-rank fields: the value anywhere in the ranked list.
RANKED_FIELDS = {"brands": "brand", "types": "type", "colors": "color",
                 "sizes": "size"}
FACETS = ("brand", "type", "color", "size", "label", "text")
FIELDS = ("brand", "type", "color", "size", "label", "text", "date", "uuid") + \
    tuple(RANKED_FIELDS) + ("hour", "weekday", "ocr", "similar", "dup")
# Near-duplicate photos (doc/index-format.md): DCT hashes at most this many
# bits apart, and no colour-layout cell's Cb or Cr more than this apart.
PHASH_NEAR = 6
PHASH_CHROMA = 4
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def fold(s):
    """Unicode NFKC case folding, as close to utf8proc's NFKC_Casefold as
    Python gets (the outer NFKC recomposes what casefold decomposed)."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", s).casefold())


def fold_key(s):
    """Sort key for folded values: bytewise UTF-8."""
    return s.encode("utf-8")


# ---------------------------------------------------------------------------
# §2 item records: reading, validating, de-duplicating

class Reject(Exception):
    """A record rejected whole; str() is the reason."""


def _reject_constant(name):
    # NaN and Infinity are not JSON (RFC 8259); Python would accept them.
    raise ValueError("not JSON: " + name)


def _is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and \
        math.isfinite(v)


def _check_confidence(v, where):
    if not _is_number(v) or v < 0 or v > 100:
        raise Reject(where + ": expected a number from 0 to 100")
    return float(v)


def _check_box(box, where):
    # All four fractions are required; their range is not checked
    # (Rekognition itself reports boxes reaching past the photo's edge).
    if not isinstance(box, dict) or \
            not all(_is_number(box.get(k)) for k in ("left", "top", "width", "height")):
        raise Reject(where + ": expected numbers left, top, width and height")


def _optional_list(obj, key, where):
    v = obj.get(key)
    if v is None:
        return []
    if not isinstance(v, list):
        raise Reject(where + ": expected an array")
    return v


UUID_RE = re.compile(r"[0-9A-Za-z_-]{1,64}")
TS_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})"
                   r"(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})")


def parse_timestamp(s):
    """ISO 8601 with a zone -> UTC milliseconds (fraction truncated).
    Raises ValueError when it is not a real date and time."""
    m = TS_RE.fullmatch(s)
    if not m:
        raise ValueError("not ISO 8601 with a zone")
    y, mo, d, h, mi, sec = (int(m.group(i)) for i in range(1, 7))
    if not 1 <= mo <= 12 or not 1 <= d <= calendar.monthrange(y, mo)[1]:
        raise ValueError("no such date")
    if h > 23 or mi > 59 or sec > 59:
        raise ValueError("no such time")
    frac = m.group(7) or ""
    ms = int((frac + "000")[:3])
    zone = m.group(8)
    off = 0
    if zone != "Z":
        oh, om = int(zone[1:3]), int(zone[4:6])
        if oh > 23 or om > 59:
            raise ValueError("bad offset")
        off = (oh * 60 + om) * 60 * (1 if zone[0] == "+" else -1)
    secs = calendar.timegm((y, mo, d, h, mi, sec)) - off
    # rummage keeps four-digit years in UTC (doc/data-format.md).
    if not TS_MIN_MS <= secs * 1000 + ms <= TS_MAX_MS:
        raise ValueError("outside years 0000-9999 UTC")
    return secs * 1000 + ms


TS_MIN_MS = -62167219200000     # 0000-01-01T00:00:00.000Z
TS_MAX_MS = 253402300799999     # 9999-12-31T23:59:59.999Z


def validate(obj):
    """Validate a decoded record; return the item dict or raise Reject."""
    if not isinstance(obj, dict):
        raise Reject("not a JSON object")
    uuid = obj.get("uuid")
    if not isinstance(uuid, str) or not UUID_RE.fullmatch(uuid):
        raise Reject("uuid: missing or invalid")
    ts = obj.get("timestamp")
    if not isinstance(ts, str):
        raise Reject("timestamp: missing or invalid")
    try:
        ts_ms = parse_timestamp(ts)
    except ValueError as e:
        raise Reject("timestamp: " + str(e))
    item = {"uuid": uuid, "ts": ts_ms, "top": {}, "ranked": {}, "labels": [],
            "texts": [], "photos": 0}
    for field, key in PREDICTION_FIELDS:
        values = obj.get(key)
        if values is None:
            values = []
        if not isinstance(values, list) or \
                not all(isinstance(v, str) for v in values):
            raise Reject(key + ": expected an array of strings")
        values = [v for v in values if v != ""]  # "" is not a value
        item["top"][field] = values[0] if values else None
        item["ranked"][field] = values
    images = obj.get("images")
    if images is None:
        images = []
    if not isinstance(images, list) or \
            not all(isinstance(im, dict) for im in images):
        raise Reject("images: expected an array of objects")
    for i, im in enumerate(images):
        where = "images[%d]" % i
        for k in ("name", "path"):
            if im.get(k) is not None and not isinstance(im[k], str):
                raise Reject("%s.%s: expected a string" % (where, k))
        for k in ("bytes", "width", "height"):
            v = im.get(k)
            if v is not None and (not isinstance(v, int) or isinstance(v, bool) or v < 0):
                raise Reject("%s.%s: expected a non-negative integer" % (where, k))
        for j, lab in enumerate(_optional_list(im, "labels", where + ".labels")):
            w = "%s.labels[%d]" % (where, j)
            if not isinstance(lab, dict):
                raise Reject(w + ": expected an object")
            if not isinstance(lab.get("name"), str):
                raise Reject(w + ".name: expected a string")
            conf = _check_confidence(lab.get("confidence"), w + ".confidence")
            for b, box in enumerate(_optional_list(lab, "boxes", w + ".boxes")):
                _check_box(box, "%s.boxes[%d]" % (w, b))
            item["labels"].append((lab["name"], conf))
        for j, frag in enumerate(_optional_list(im, "text", where + ".text")):
            w = "%s.text[%d]" % (where, j)
            if not isinstance(frag, dict):
                raise Reject(w + ": expected an object")
            if not isinstance(frag.get("text"), str):
                raise Reject(w + ".text: expected a string")
            conf = _check_confidence(frag.get("confidence"), w + ".confidence")
            if frag.get("box") is not None:
                _check_box(frag["box"], w + ".box")
            item["texts"].append((frag["text"], conf))
    item["photos"] = len(images)
    return item


def parse_line(raw):
    """bytes of one line (no newline, no CR) -> item dict, or raise Reject."""
    if len(raw) > MAX_LINE:
        raise Reject("line too long")
    try:
        text = raw.decode("utf-8", errors="strict")
    except UnicodeDecodeError:
        raise Reject("invalid UTF-8")
    try:
        obj = json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        raise Reject("not valid JSON")
    # Python accepts lone surrogates in \u escapes; they are not text.
    try:
        json.dumps(obj, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise Reject("not valid JSON")
    return validate(obj)


def part_files(directory):
    """The part files of a Spark output directory, in name order."""
    names = []
    for name in os.listdir(directory):
        if name.startswith(".") or not name.startswith("part-"):
            continue
        if not (name.endswith(".json") or name.endswith(".json.gz")):
            continue
        if os.path.isfile(os.path.join(directory, name)):
            names.append(name)
    return [os.path.join(directory, n) for n in sorted(names, key=fold_key)]


def read_lines(path):
    """(line number, bytes) of each non-blank line; BOM and CR removed.
    Lines of only spaces and tabs count as empty: skipped, not counted."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    for n, line in enumerate(lines, 1):
        if line.endswith(b"\r"):
            line = line[:-1]
        if line.strip(b" \t"):
            yield n, line


class Dataset:
    """Every item of some record directories after validation and dedup."""

    def __init__(self, inputs):
        self.rejects = []       # (path, line, reason)
        self.acct = {"files": 0, "lines": 0, "indexed": 0, "rejected": 0,
                     "duplicates": 0, "photos": 0, "input_bytes": 0}
        self.line_bytes = 0     # bytes of non-empty lines, without CR/LF
        by_uuid = {}
        for d in inputs:
            files = part_files(d) if os.path.isdir(d) else [d]
            for path in files:
                self.acct["files"] += 1
                opener = gzip.open if path.endswith(".gz") else open
                with opener(path, "rb") as f:
                    self.acct["input_bytes"] += len(f.read())
                for n, raw in read_lines(path):
                    self.acct["lines"] += 1
                    self.line_bytes += len(raw)
                    try:
                        item = parse_line(raw)
                    except Reject as e:
                        self.rejects.append((path, n, str(e)))
                        continue
                    old = by_uuid.get(item["uuid"])
                    if old is not None:
                        self.acct["duplicates"] += 1
                        if old["ts"] > item["ts"]:
                            continue   # the earlier-read, later record stays
                    by_uuid[item["uuid"]] = item
        self.acct["rejected"] = len(self.rejects)
        self.items = sorted(by_uuid.values(),
                            key=lambda it: (-it["ts"], it["uuid"].encode()))
        self.acct["indexed"] = len(self.items)
        self.acct["photos"] = sum(it["photos"] for it in self.items)
        # Folded forms, computed once; spellings seen per folded value.
        self.spellings = {f: {} for f in FACETS}
        for it in self.items:
            it["franked"] = {f: {fold(v) for v in vs}
                             for f, vs in it["ranked"].items()}
            it["ftop"] = {}
            for f, v in it["top"].items():
                it["ftop"][f] = None if v is None else fold(v)
                if v is not None:
                    self.spellings[f].setdefault(fold(v), set()).add(v)
            it["flabels"] = [(fold(n), c) for n, c in it["labels"]]
            it["ftexts"] = [(fold(t), c) for t, c in it["texts"]]
            for n, _ in it["labels"]:
                self.spellings["label"].setdefault(fold(n), set()).add(n)
            for t, _ in it["texts"]:
                self.spellings["text"].setdefault(fold(t), set()).add(t)
            it["near"] = set()

    def load_phashes(self, lines):
        """Group the photos by their perceptual hashes, as rummage stored
        them (`rummage info --phashes`, JSON lines), by brute force: every
        pair of photos of two items. it["near"]: the near items' uuids."""
        photos = []
        for line in lines:
            if line.strip():
                h = json.loads(line)
                photos.append((h["uuid"], int(h["dct"], 16), h["chroma"]))
        by_uuid = {it["uuid"]: it for it in self.items}
        for i, (ua, da, ca) in enumerate(photos):
            for ub, db, cb in photos[i + 1:]:
                if ua == ub or bin(da ^ db).count("1") > PHASH_NEAR:
                    continue
                if all(abs(x - y) <= PHASH_CHROMA for x, y in zip(ca, cb)):
                    by_uuid[ua]["near"].add(ub)
                    by_uuid[ub]["near"].add(ua)


# ---------------------------------------------------------------------------
# §3 queries

class QueryError(Exception):
    pass


def _scan_value(q, i):
    """Read a value (quoted or not) at q[i]; return (value, quoted, next i)."""
    if i < len(q) and q[i] == '"':
        out = []
        i += 1
        while i < len(q):
            c = q[i]
            if c == "\\" and i + 1 < len(q) and q[i + 1] in '"\\':
                out.append(q[i + 1])     # \" and \\; any other \ is literal
                i += 2
            elif c == '"':
                return "".join(out), True, i + 1
            else:
                out.append(c)
                i += 1
        raise QueryError("unbalanced quote")
    j = i
    while j < len(q) and q[j] not in BLANKS:
        if q[j] == '"':
            raise QueryError("quote inside a word")
        j += 1
    return q[i:j], False, j


DAY_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _date_span(s):
    """'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' -> [start, end) UTC milliseconds."""
    m = DAY_RE.fullmatch(s)
    if not m:
        raise QueryError("bad date " + s)
    y = int(m.group(1))
    if m.group(2) is None:
        return calendar.timegm((y, 1, 1, 0, 0, 0)) * 1000, \
            calendar.timegm((y + 1, 1, 1, 0, 0, 0)) * 1000
    mo = int(m.group(2))
    if not 1 <= mo <= 12:
        raise QueryError("bad month " + s)
    if m.group(3) is None:
        ny, nm = (y + 1, 1) if mo == 12 else (y, mo + 1)
        return calendar.timegm((y, mo, 1, 0, 0, 0)) * 1000, \
            calendar.timegm((ny, nm, 1, 0, 0, 0)) * 1000
    d = int(m.group(3))
    if not 1 <= d <= calendar.monthrange(y, mo)[1]:
        raise QueryError("bad day " + s)
    start = calendar.timegm((y, mo, d, 0, 0, 0)) * 1000
    return start, start + 86400 * 1000


BLANKS = " \t"    # terms are separated by spaces or tabs
NUM_RE = re.compile(r"(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def _span_value(field, s):
    if field == "hour":
        if re.fullmatch(r"[0-9]{1,2}", s) and int(s) <= 23:
            return int(s)
    elif s in WEEKDAYS:
        return WEEKDAYS.index(s)
    raise QueryError("bad " + field)


def _span(field, v):
    """hour:A..B / weekday:A..B -> the set of values (A > B wraps)."""
    a, sep, b = v.partition("..")
    lo = _span_value(field, a)
    hi = _span_value(field, b) if sep else lo
    n = 24 if field == "hour" else 7
    out, x = set(), lo
    while True:
        out.add(x)
        if x == hi:
            return out
        x = (x + 1) % n


def ocr_brand(it, thr):
    """The top-1 brand is read in the item's OCR text at >= thr: the folded
    brand is a fragment, or each whitespace-separated word of it is one."""
    brand = it["ftop"]["brand"]
    if brand is None:
        return False
    best = {}
    for x, c in it["ftexts"]:
        best[x] = max(best.get(x, -1), c)
    if best.get(brand, -1) >= thr:
        return True
    words = brand.split()
    return bool(words) and all(best.get(w, -1) >= thr for w in words)


def parse_query(q):
    """Query text -> list of terms (dicts). Raises QueryError."""
    terms = []
    i = 0
    while True:
        while i < len(q) and q[i] in BLANKS:
            i += 1
        if i >= len(q):
            return terms
        t = {"neg": False, "field": None, "min": None, "prefix": False}
        if q[i] == "-":
            t["neg"] = True
            i += 1
        m = re.compile(r"([A-Za-z0-9_]+):").match(q, i)
        if m:
            if m.group(1) not in FIELDS:
                raise QueryError("unknown field " + m.group(1))
            t["field"] = m.group(1)
            i = m.end()
        value, quoted, i = _scan_value(q, i)
        if t["field"] == "label" and q.startswith(">=", i):
            j = i + 2
            while j < len(q) and q[j] not in BLANKS:
                j += 1
            num = q[i + 2:j]
            if not NUM_RE.fullmatch(num) or float(num) > 100:
                raise QueryError("bad confidence " + num)
            t["min"] = float(num)
            i = j
        elif not quoted and ">=" in value:
            if t["field"] == "label":
                value, num = value.split(">=", 1)
                if not NUM_RE.fullmatch(num) or float(num) > 100:
                    raise QueryError("bad confidence " + num)
                t["min"] = float(num)
            else:
                raise QueryError(">= is only allowed on label")
        if i < len(q) and q[i] not in BLANKS:
            raise QueryError("junk after value")
        if value == "":
            raise QueryError("empty value")
        if not quoted and value.endswith("*") and t["field"] in ("text", None):
            t["prefix"] = True
            value = value[:-1]
            if value == "":
                raise QueryError("empty prefix")
        if t["field"] in ("hour", "weekday"):
            t["span"] = _span(t["field"], fold(value))
        if t["field"] == "ocr" and fold(value) != "brand":
            raise QueryError("expected ocr:brand")
        if t["field"] == "dup" and fold(value) not in ("yes", "no"):
            raise QueryError("expected dup:yes or dup:no")
        if t["field"] == "date":
            a, sep, b = value.partition("..")
            if sep:
                sa, ea = _date_span(a)
                sb, eb = _date_span(b)
                if sa > sb:
                    raise QueryError("range backwards")
                t["span"] = (sa, eb)
            else:
                t["span"] = _date_span(value)
        t["value"] = value
        t["fvalue"] = value if t["field"] in ("uuid", "similar") else fold(value)
        terms.append(t)


def term_matches(t, it, threshold):
    """Does item it match term t (ignoring negation)?"""
    f, v = t["field"], t["fvalue"]
    thr = t["min"] if t["min"] is not None else threshold
    if f in ("brand", "type", "color", "size"):
        return it["ftop"][f] == v
    if f in RANKED_FIELDS:
        return v in it["franked"][RANKED_FIELDS[f]]
    if f == "hour":
        return (it["ts"] // 3600000) % 24 in t["span"]
    if f == "weekday":
        return (it["ts"] // 86400000 + 3) % 7 in t["span"]
    if f == "ocr":
        return ocr_brand(it, threshold)
    if f == "label":
        return any(n == v and c >= thr for n, c in it["flabels"])
    if f == "text":
        if t["prefix"]:
            return any(x.startswith(v) and c >= thr for x, c in it["ftexts"])
        return any(x == v and c >= thr for x, c in it["ftexts"])
    if f == "date":
        return t["span"][0] <= it["ts"] < t["span"][1]
    if f == "uuid":
        return it["uuid"] == v
    if f == "similar":
        return v in it["near"]
    if f == "dup":
        return bool(it["near"]) == (v == "yes")
    # A bare word; ending in '*' it is a text prefix, the rest literal.
    if t["prefix"]:
        lit = v + "*"
        return any(it["ftop"][g] == lit for g in ("brand", "type", "color", "size")) \
            or any(n == lit and c >= thr for n, c in it["flabels"]) \
            or any(x.startswith(v) and c >= thr for x, c in it["ftexts"])
    return any(it["ftop"][g] == v for g in ("brand", "type", "color", "size")) \
        or any(n == v and c >= thr for n, c in it["flabels"]) \
        or any(x == v and c >= thr for x, c in it["ftexts"])


def item_matches(terms, it, threshold):
    groups = {}
    for k, t in enumerate(terms):
        if t["neg"]:
            if term_matches(t, it, threshold):
                return False
            continue
        key = t["field"] if t["field"] is not None else ("word", k)
        groups.setdefault(key, []).append(t)
    return all(any(term_matches(t, it, threshold) for t in g)
               for g in groups.values())


def facet(ds, result, field, threshold, limit):
    """[(folded value, count)] in facet order."""
    counts = {}
    for it in result:
        if field == "label":
            values = {n for n, c in it["flabels"] if c >= threshold}
        elif field == "text":
            values = {x for x, c in it["ftexts"] if c >= threshold}
        elif field == "date":
            values = {month_of(it["ts"])}
        else:
            values = {it["ftop"][field]} - {None}
        for v in values:
            counts[v] = counts.get(v, 0) + 1
    if field == "date":
        order = sorted(counts.items(), key=lambda kv: kv[0], reverse=True)
    else:
        order = sorted(counts.items(), key=lambda kv: (-kv[1], fold_key(kv[0])))
    return order if limit == 0 else order[:limit]


def month_of(ms):
    """"YYYY-MM" of UTC milliseconds."""
    d = datetime.datetime(1970, 1, 1) + datetime.timedelta(milliseconds=ms)
    return "%04d-%02d" % (d.year, d.month)


def run_query(ds, text, threshold=DEFAULT_THRESHOLD, limit=20, facet_limit=10,
              disjunctive=False):
    """What `rummage query --json [--disjunctive]` must answer, facet keys
    folded. Disjunctive: a facet whose field has positive terms is counted
    as if those terms were removed (its exclusions stay), and the date
    facet (months) is added."""
    terms = parse_query(text)
    result = [it for it in ds.items if item_matches(terms, it, threshold)]
    facets = {}
    for f in FACETS + (("date",) if disjunctive else ()):
        over = result
        if disjunctive and any(t["field"] == f and not t["neg"] for t in terms):
            rest = [t for t in terms if t["field"] != f or t["neg"]]
            over = [it for it in ds.items if item_matches(rest, it, threshold)]
        facets[f] = facet(ds, over, f, threshold, facet_limit)
    return {"total": len(result),
            "items": [it["uuid"] for it in result[:limit]],
            "facets": facets}


def main(argv):
    import argparse
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    v = sub.add_parser("validate")
    v.add_argument("inputs", nargs="+")
    q = sub.add_parser("query")
    q.add_argument("--limit", type=int, default=20)
    q.add_argument("--facet-limit", type=int, default=10)
    q.add_argument("--min-confidence", type=float, default=DEFAULT_THRESHOLD)
    q.add_argument("--disjunctive", action="store_true")
    q.add_argument("inputs", nargs="+")
    q.add_argument("query")
    a = ap.parse_args(argv)
    ds = Dataset(a.inputs)
    if a.cmd == "validate":
        for path, n, why in ds.rejects:
            print("%s:%d: %s" % (path, n, why))
        print(json.dumps(ds.acct))
        return 0
    try:
        r = run_query(ds, a.query, a.min_confidence, a.limit, a.facet_limit,
                      a.disjunctive)
    except QueryError as e:
        print("bad query: %s" % e, file=sys.stderr)
        return 2
    r["facets"] = {f: dict(kv) for f, kv in r["facets"].items()}
    print(json.dumps(r, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
