#!/usr/bin/env python3
"""Writes tests/hostile/cases/ and tests/hostile/manifest.json.

Each hostile line sits here next to its expected outcome and the reason,
so the corpus can be read (some lines hold bytes an editor mangles) and
regenerated: `python3 tests/hostile/make-cases.py`. Both outputs are
committed; run.py reads only them.

Expectations, per line:
  "indexed"              the record is in the index (its uuid finds it)
  ["prefix", ...]        rejected, the reason starts with one of these
  {"either": [...]}      the contract leaves it open: indexed, or rejected
                         with one of these prefixes — but never a crash
Per case, "queries" check what the index then answers.
Huge lines (> 16 MiB) are made at run time by run.py, not committed.
"""

import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
TS = '"timestamp":"2024-01-01T00:00:00Z"'
JSON = ["not valid JSON"]


def rec(uuid, rest=""):
    """A record line with this uuid and extra members (a JSON fragment)."""
    return ('{"uuid":"%s",%s%s}' % (uuid, TS, "," + rest if rest else "")).encode()


CASES = {}

CASES["not-json"] = {"lines": [
    (b"not json", JSON),
    (b'{"uuid":"nj1",' + TS.encode(), JSON),                 # truncated
    (rec("nj2") + b" trailing", JSON),
    (rec("nj3") + rec("nj4"), JSON),                          # two objects
    (b'{"uuid":"nj5",' + TS.encode() + b",}", JSON),          # trailing comma
    (b"{'uuid':'nj6'}", JSON),
    (rec("nj7", '"brands":[NaN]'), JSON),
    (rec("nj8", '"x":"unterminated}'), JSON),
    (rec("nj9", '"x":"bad escape \\q"'), JSON),
    (rec("nj10", '"x":"raw\ttab"'), JSON),                    # control char
    (rec("nj11", '"x":Infinity'), JSON),
    (rec("nj12", '"x":[1,2'), JSON),
    (rec("ok-nj1") + b"   \t", "indexed"),                    # trailing blanks
    (b"  " + rec("ok-nj2"), "indexed"),                       # leading blanks
    (b'{ "uuid" : "ok-nj3" , "timestamp" : "2024-01-01T00:00:00Z" }', "indexed"),
]}

CASES["not-object"] = {"lines": [
    (b"[1,2,3]", ["not a JSON object"]),
    (b'"just a string"', ["not a JSON object"]),
    (b"42", ["not a JSON object"]),
    (b"null", ["not a JSON object"]),
    (b"true", ["not a JSON object"]),
    (b"[" + rec("no1") + b"]", ["not a JSON object"]),
]}

U = ["uuid:"]
CASES["uuid"] = {"lines": [
    (b"{" + TS.encode() + b"}", U),                            # missing
    (b'{"uuid":123,' + TS.encode() + b"}", U),
    (rec(""), U),
    (rec("a" * 65), U),
    (rec("b" * 64), "indexed"),
    (rec("a"), "indexed"),
    (rec("has space"), U),
    (rec("\u00fcmlaut"), U),
    (rec("a/b"), U),
    (b'{"uuid":null,' + TS.encode() + b"}", U),
    (rec("A_b-9"), "indexed"),
    (rec("../../etc"), U),
    (b'{"uuid":["x"],' + TS.encode() + b"}", U),
    (rec("tab\\tuuid"), U),                                  # "\t" escape
], "queries": [
    {"q": "uuid:A_b-9", "total": 1},
    {"q": "uuid:a_b-9", "total": 0},                          # exact, no folding
    {"q": "uuid:" + "b" * 64, "total": 1},
    {"q": "uuid:a uuid:A_b-9", "total": 2},                   # uuid terms OR-ed
]}


def ts(uuid, value):
    return ('{"uuid":"%s","timestamp":%s}' % (uuid, value)).encode()


T = ["timestamp:"]
CASES["timestamp"] = {"lines": [
    (b'{"uuid":"t1"}', T),
    (ts("t2", '"2023-02-29T10:00:00Z"'), T),                 # not a leap year
    (ts("leap", '"2024-02-29T10:00:00Z"'), "indexed"),
    (ts("t4", '"2024-03-27T13:41:53"'), T),                  # no zone
    (ts("t5", '"2024-13-01T00:00:00Z"'), T),
    (ts("t6", '"2024-04-31T00:00:00Z"'), T),
    (ts("t7", '"2024-03-27T25:00:00Z"'), T),
    (ts("t8", '"2024-03-27T13:60:00Z"'), T),
    (ts("t9", "1711547313182"), T),                           # a number
    (ts("t10", '""'), T),
    (ts("t11", '"yesterday"'), T),
    (ts("off", '"2024-03-27T23:30:00-02:00"'), "indexed"),   # 01:30Z on the 28th
    (ts("frac7", '"2024-03-27T13:41:53.1234567Z"'), "indexed"),
    (ts("ist", '"2024-03-27T13:41:53+05:30"'), "indexed"),
    (ts("t15", '"2024-03-27"'), T),                           # a date, no time
    (ts("eoy", '"2023-12-31T23:59:59.999Z"'), "indexed"),
    (ts("cet", '"2024-01-01T00:30:00+01:00"'), "indexed"),  # 2023-12-31T23:30Z
    (ts("t18", "null"), T),
    (ts("t19", '"2024-03-27T13:41:53.Z"'), T),               # empty fraction
    (ts("t20", '"0000-00-00T00:00:00Z"'), T),
    (ts("t21", '"2024-02-30T00:00:00Z"'), T),
], "queries": [
    {"q": "uuid:leap date:2024-02-29", "total": 1},
    {"q": "uuid:off date:2024-03-28", "total": 1},
    {"q": "uuid:off date:2024-03-27", "total": 0},
    {"q": "uuid:eoy date:2023", "total": 1},
    {"q": "uuid:eoy date:2024", "total": 0},
    {"q": "uuid:eoy date:2023-12-31", "total": 1},
    {"q": "uuid:cet date:2023-12-31", "total": 1},
    {"q": "uuid:cet date:2024-01", "total": 0},
    {"q": "uuid:ist date:2024-03-27..2024-03-27", "total": 1},
    {"q": "date:2024-03", "total": 3},                        # off, frac7, ist
    # Newest first: off (01:30Z 28th), frac7 (13:41:53.123Z), ist (08:11:53Z).
    {"q": "date:2024-03", "items": ["off", "frac7", "ist"]},
    {"q": "", "items": ["off", "frac7", "ist", "leap", "eoy", "cet"]},
]}

CASES["types"] = {"lines": [
    (rec("y1", '"brands":"Zara"'), ["brands: expected an array of strings"]),
    (rec("y2", '"brands":[1]'), ["brands: expected an array of strings"]),
    (rec("y3", '"productTypes":{"a":1}'), ["productTypes: expected"]),
    (rec("y4", '"colors":true'), ["colors: expected"]),
    (rec("y5", '"sizes":[["W31"]]'), ["sizes: expected"]),
    (rec("y6", '"images":{}'), ["images: expected an array of objects"]),
    (rec("y7", '"images":["x"]'), ["images"]),
    (rec("y8", '"images":[{"labels":"Jeans"}]'), ["images[0].labels"]),
    (rec("y9", '"images":[{"labels":[{"name":"Jeans","confidence":"99"}]}]'),
     ["images[0].labels[0].confidence: expected"]),
    (rec("y10", '"images":[{"labels":[{"name":"Jeans","confidence":100.5}]}]'),
     ["images[0].labels[0].confidence: expected a number from 0 to 100"]),
    (rec("y11", '"images":[{"labels":[{"name":"Jeans","confidence":-0.1}]}]'),
     ["images[0].labels[0].confidence: expected a number from 0 to 100"]),
    (rec("y12", '"images":[{"labels":[{"name":"Jeans","confidence":true}]}]'),
     ["images[0].labels[0].confidence: expected"]),
    (rec("y13", '"images":[{"labels":[{"name":"Jeans","confidence":null}]}]'),
     ["images[0].labels[0].confidence"]),                    # required
    (rec("y14", '"images":[{"labels":[{"name":5,"confidence":50}]}]'),
     ["images[0].labels[0].name"]),
    (rec("y15", '"images":[{"text":[{"text":5,"confidence":50}]}]'),
     ["images[0].text[0].text"]),
    (rec("y16", '"images":[{"text":[{"text":"AY","confidence":101}]}]'),
     ["images[0].text[0].confidence: expected a number from 0 to 100"]),
    (rec("y17", '"images":[{"labels":[{"name":"J","confidence":50,"boxes":"x"}]}]'),
     ["images[0].labels[0].boxes"]),
    (rec("y18", '"images":[{"labels":[{"name":"J","confidence":50,"boxes":'
         '[{"left":"a","top":0,"width":1,"height":1}]}]}]'),
     ["images[0].labels[0].boxes[0]"]),
    (rec("y19", '"images":[{},{"labels":[]},{"labels":[{"name":"A","confidence":1},'
         '{"name":"B","confidence":200}]}]'),
     ["images[2].labels[1].confidence: expected a number from 0 to 100"]),
    (rec("y20", '"images":[{"text":[{"text":"AY","confidence":50,"box":"x"}]}]'),
     ["images[0].text[0].box"]),
    (rec("y21", '"images":[{"name":5}]'), ["images[0].name"]),
    (rec("y22", '"images":[{"bytes":"big"}]'), ["images[0].bytes"]),
    (rec("y23", '"images":[{"labels":[5]}]'), ["images[0].labels[0]"]),
    (rec("y24", '"images":[{"text":["AY"]}]'), ["images[0].text[0]"]),
    (rec("y25", '"images":[{"labels":[{"name":"J","confidence":1E400}]}]'),
     JSON + ["images[0].labels[0].confidence"]),
    (rec("nulls", '"brands":null,"productTypes":null,"colors":null,"sizes":null,'
         '"images":null'), "indexed"),
    (rec("nullimg", '"images":[{"labels":null,"text":null,"name":null,"path":null,'
         '"bytes":null,"width":null,"height":null}]'), "indexed"),
    (rec("nullbox", '"images":[{"labels":[{"name":"Boxless","confidence":60,'
         '"boxes":null}]}]'), "indexed"),
    (rec("edges", '"images":[{"labels":[{"name":"Zero","confidence":0},'
         '{"name":"Hundred","confidence":100}]}]'), "indexed"),
    (rec("unknown", '"extra":{"deep":[1,2,{"x":null}]},"Brands":5,"IMAGES":"x"'),
     "indexed"),                                              # names are case-sensitive
    (rec("emptyfirst", '"brands":["","Zara"]'), "indexed"),   # "" is not a value
    (rec("onlyempty", '"brands":[""]'), "indexed"),
    (rec("ocrbox", '"images":[{"text":[{"text":"OCRBOX","confidence":90,'
         '"box":{"left":0.1,"top":0.1,"width":0.2,"height":0.1}}]}]'), "indexed"),
    (rec("bigint", '"images":[{"bytes":123456789012345678901234567890}]'),
     {"either": JSON + ["images[0].bytes"]}),
    (rec("y26", '"images":[{"bytes":-5}]'), ["images[0].bytes"]),
    (rec("y27", '"images":[{"width":1.5}]'), ["images[0].width"]),
    (rec("y28", '"images":[{"height":true}]'), ["images[0].height"]),
    (rec("dims", '"images":[{"bytes":0,"width":3024,"height":4032}]'), "indexed"),
    (rec("y29", '"images":[{"labels":[{"name":"J","confidence":50,"boxes":'
         '[{"left":0.1}]}]}]'), ["images[0].labels[0].boxes[0]"]),   # all four required
    (rec("wildbox", '"images":[{"labels":[{"name":"Wild","confidence":60,"boxes":'
         '[{"left":1.5,"top":-0.2,"width":2,"height":0}]}]}]'), "indexed"),
], "queries": [
    {"q": "uuid:edges label:Zero>=0", "total": 1},
    {"q": "uuid:edges label:Zero", "total": 0},
    {"q": "uuid:edges label:Hundred>=100", "total": 1},
    {"q": "uuid:nullbox label:boxless", "total": 1},
    {"q": "uuid:emptyfirst brand:zara", "total": 1},
    {"q": "uuid:onlyempty", "facets": {"brand": {}}},
    {"q": "uuid:unknown", "facets": {"brand": {}}},
    {"q": "text:ocrbox", "total": 1},
]}

ESC = "\\u001b[2J\\u001b]0;pwned\\u0007"
CASES["escapes"] = {"lines": [
    (rec("esc1", '"brands":["%s"]' % ESC), "indexed"),
    (rec("esc2", '"brands":["\\u009b31mC1"]'), "indexed"),
    (rec("esc3", '"images":[{"labels":[{"name":"\\u202eevil","confidence":90}]}]'),
     "indexed"),
    (rec("esc4", '"brands":["Quote\\"Back\\\\slash"]'), "indexed"),
    (rec("esc5", '"brands":["\\ud83d\\ude00 emoji"]'), "indexed"),
    (rec("esc6", '"brands":["\\ud800"]'),
     JSON + ["invalid UTF-8", "brands"]),                    # lone surrogate
    (rec("nul1", '"extra":"a\\u0000b"'), {"either": JSON}),
    (rec("nul2", '"brands":["a\\u0000b"]'), {"either": JSON + ["brands"]}),
    (rec("esc7", '"brands":["Line\\nBreak"],"images":[{"labels":'
         '[{"name":"\\u001b[31mred","confidence":99}]}]'), "indexed"),
], "queries": [
    {"q": "uuid:esc1", "facets": {"brand": {"\x1b[2J\x1b]0;pwned\x07": 1}},
     "table_safe": True},
    {"q": "uuid:esc2", "facets": {"brand": {"\x9b31mC1": 1}}, "table_safe": True},
    {"q": "uuid:esc3", "facets": {"label": {"\u202eevil": 1}}, "table_safe": True},
    {"q": "uuid:esc4", "facets": {"brand": {'Quote"Back\\slash': 1}}},
    {"q": 'brand:"quote\\"back\\\\slash"', "total": 1},     # \" and \\ in quotes
    {"q": "uuid:esc5", "facets": {"brand": {"\U0001F600 emoji": 1}}},
    {"q": "uuid:esc7", "facets": {"brand": {"Line\nBreak": 1},
                                  "label": {"\x1b[31mred": 1}}, "table_safe": True},
    {"q": "", "table_safe": True},
]}

BOM = b"\xef\xbb\xbf"
CASES["bom-crlf"] = {"lines": [
    (BOM + rec("bom1"), "indexed"),
    (rec("crlf2"), "indexed"),
    (b"", None),                                              # skipped, not counted
    (rec("crlf4", '"brands":["Zara"]'), "indexed"),
    (BOM + rec("bommid"), JSON),                              # BOM only at the start
    (rec("crlf6", '"brands":["Mango"]'), "indexed"),
], "crlf": True, "queries": [
    {"q": "uuid:crlf4", "facets": {"brand": {"Zara": 1}}},   # no stray CR
    {"q": "brand:mango", "total": 1},
]}

CASES["blank-lines"] = {"lines": [
    (rec("bl1"), "indexed"),
    (b"   ", None),                                           # blank: skipped
    (b"\t", None),
    (rec("bl4"), "indexed"),
    (b"", None),
    (b"not json", JSON),                                      # still line 6
], "queries": [{"q": "", "total": 2}]}

CASES["invalid-utf8"] = {"lines": [
    (rec("u1", '"brands":["Caf\xe9"]').replace(b"\xc3\xa9", b"\xe9"), ["invalid UTF-8"]),
    (rec("u2", '"brands":["x"]').replace(b'"x"', b'"\xc0\xaf"'), ["invalid UTF-8"]),
    (rec("u3", '"brands":["x"]').replace(b'"x"', b'"\xed\xa0\x80"'), ["invalid UTF-8"]),
    (rec("u4", '"brands":["x"]').replace(b'"x"', b'"\xf4\x90\x80\x80"'), ["invalid UTF-8"]),
    (rec("u5", '"brands":["x"]').replace(b'"x"', b'"ok\xe2\x82"'), ["invalid UTF-8"]),
    (rec("u6", '"extra":"x"').replace(b'"x"', b'"\x80"'), ["invalid UTF-8"]),
    (rec("u7", '"x":1').replace(b'"x"', b'"\xff"'), ["invalid UTF-8"]),     # in a key
    (rec("u8", '"brands":["x"]').replace(b'"x"', b'"\xf0\x9f\x98\x80"'), "indexed"),
    (rec("u9", '"brands":["x"]').replace(b'"x"', b'"\xfe"'), ["invalid UTF-8"]),
    (b'{"uuid":"u10",\xff' + TS.encode() + b"}", ["invalid UTF-8"] + JSON),
], "queries": [
    {"q": "brand:\U0001F600", "total": 1},
]}

CASES["nul"] = {"lines": [
    (rec("n1", '"brands":["x"]').replace(b'"x"', b'"a\x00b"'), JSON),
    (rec("n2") + b"\x00garbage", JSON),                        # NUL then junk
    (b"\x00", JSON),
    (rec("n4") + b"\x00", JSON),
    (rec("n5-ok"), "indexed"),
]}

DEEP = 100000
CASES["deep"] = {"lines": [
    (rec("deep1", '"extra":' + "[" * 100 + "]" * 100), "indexed"),
    (rec("deep2", '"extra":' + "[" * DEEP + "]" * DEEP), {"either": JSON}),
    (rec("deep3", '"brands":[[[["x"]]]]'), ["brands"]),
    (rec("deep4", '"extra":' + '{"a":' * 5000 + "1" + "}" * 5000), {"either": JSON}),
    (rec("deep5", '"images":' + "[" * DEEP + "]" * DEEP), ["images"] + JSON),
    (rec("deep-ok"), "indexed"),
]}

CASES["numbers"] = {"lines": [
    (rec("c1", '"images":[{"labels":[{"name":"L","confidence":100.0000001}]}]'),
     ["images[0].labels[0].confidence"]),
    (rec("c2", '"images":[{"labels":[{"name":"Almost","confidence":99.999999999}]}]'),
     "indexed"),
    (rec("c3", '"images":[{"labels":[{"name":"Exp","confidence":1e2}]}]'), "indexed"),
    (rec("c4", '"images":[{"labels":[{"name":"NegZero","confidence":-0}]}]'), "indexed"),
    (rec("c5", '"images":[{"labels":[{"name":"L","confidence":"NaN"}]}]'),
     ["images[0].labels[0].confidence"]),
    (rec("c6", '"images":[{"labels":[{"name":"Boundary","confidence":50}]}]'), "indexed"),
    (rec("c7", '"images":[{"text":[{"text":"Below","confidence":49.99}]}]'), "indexed"),
    (rec("c8", '"images":[{"labels":[{"name":"L","confidence":-1e-300}]}]'),
     ["images[0].labels[0].confidence"]),
    (rec("c9", '"images":[{"labels":[{"name":"Sci","confidence":5.5E+1}]}]'), "indexed"),
], "queries": [
    {"q": "label:Boundary", "total": 1},
    {"q": "label:Boundary", "total": 0, "opts": {"min_confidence": 50.0001}},
    {"q": "label:Boundary>=50", "total": 1, "opts": {"min_confidence": 90}},
    {"q": "text:below", "total": 0},
    {"q": "text:below", "total": 1, "opts": {"min_confidence": 49.99}},
    {"q": "below", "total": 1, "opts": {"min_confidence": 49.99}},
    {"q": "text:bel*", "total": 1, "opts": {"min_confidence": 49.99}},
    {"q": "label:Exp>=100", "total": 1},
    {"q": "label:negzero>=0", "total": 1},
    {"q": "label:sci>=55", "total": 1},
    {"q": "label:sci>=55.001", "total": 0},
    {"q": "label:almost>=99.99999", "total": 1},
    {"q": "", "facets": {"label": {"Almost": 1, "Boundary": 1, "Exp": 1, "Sci": 1}}},
    {"q": "", "facets": {"label": {"Almost": 1, "Boundary": 1, "Exp": 1,
                                   "NegZero": 1, "Sci": 1}},
     "opts": {"min_confidence": 0}},
]}

# A directory case: several part files and files that must be ignored.
DUPS = {
    "part-00000.json": [
        (b'{"uuid":"d1","timestamp":"2024-01-01T00:00:00Z","brands":["First"]}', "indexed"),
        (b'{"uuid":"d1","timestamp":"2024-01-01T00:00:00.000Z","brands":["Second"]}',
         "indexed"),                                         # tie: read later wins
        (b'{"uuid":"d2","timestamp":"2024-02-01T00:00:00Z","brands":["Later"]}', "indexed"),
        (b'{"uuid":"d2","timestamp":"2024-01-01T00:00:00Z","brands":["Earlier"]}',
         "indexed"),                                         # older: loses
        (b'{"uuid":"d3","timestamp":"2024-01-01T01:00:00+01:00","brands":["A"]}', "indexed"),
        (b'{"uuid":"d4","timestamp":"2024-01-01T00:00:00.1234Z","brands":["T1"]}', "indexed"),
        (b'{"uuid":"d4","timestamp":"2024-01-01T00:00:00.1239Z","brands":["T2"]}',
         "indexed"),                                         # equal in ms: later wins
        (b'{"uuid":"d5","timestamp":"2024-03-01T00:00:00Z","brands":["Good"]}', "indexed"),
        (b'{"uuid":"d5","timestamp":"2024-04-01T00:00:00Z","brands":"bad"}',
         ["brands: expected an array of strings"]),         # rejected: d5 stays
    ],
    "part-00001.json": [
        (b'{"uuid":"d3","timestamp":"2024-01-01T00:00:00Z","brands":["B"]}',
         "indexed"),                                         # tie across files: B
        (b'{"uuid":"d1","timestamp":"2023-12-31T23:59:59.999Z","brands":["Third"]}',
         "indexed"),                                         # older: loses
    ],
    "notes.json": [(b'{"uuid":"d9","timestamp":"2024-01-01T00:00:00Z"}', None)],
    ".part-00002.json": [(b'{"uuid":"d8","timestamp":"2024-01-01T00:00:00Z"}', None)],
    ".part-00000.json.crc": [(b"\xff\xfe crc", None)],
    "part-00000.json.crc": [(b"\xff\xfe crc", None)],
    "_SUCCESS": [],
}
DUPS_QUERIES = [
    {"q": "uuid:d1", "facets": {"brand": {"Second": 1}}},
    {"q": "uuid:d2", "facets": {"brand": {"Later": 1}}},
    {"q": "uuid:d3", "facets": {"brand": {"B": 1}}},
    {"q": "uuid:d4", "facets": {"brand": {"T2": 1}}},
    {"q": "uuid:d5", "facets": {"brand": {"Good": 1}}},
    {"q": "uuid:d8 uuid:d9", "total": 0},                     # ignored files
    {"q": "", "total": 5, "items": ["d5", "d2", "d4", "d1", "d3"]},
    {"q": "brand:first brand:earlier brand:third brand:a", "total": 0},
]
DUPS_ACCOUNTING = {"files": 2, "lines": 11, "indexed": 5, "rejected": 1, "duplicates": 5}


def write_lines(path, lines, crlf=False):
    end = b"\r\n" if crlf else b"\n"
    with open(path, "wb") as f:
        f.write(b"".join(line + end for line, _ in lines))


def main():
    cases = os.path.join(HERE, "cases")
    os.makedirs(cases, exist_ok=True)
    manifest = {}
    for name, case in CASES.items():
        write_lines(os.path.join(cases, name + ".jsonl"), case["lines"], case.get("crlf"))
        manifest[name] = {
            "lines": {str(n): e for n, (_, e) in enumerate(case["lines"], 1) if e is not None},
            "queries": case.get("queries", []),
        }
    d = os.path.join(cases, "duplicates")
    os.makedirs(d, exist_ok=True)
    lines = {}
    for fname, flines in DUPS.items():
        write_lines(os.path.join(d, fname), flines)
        for n, (_, e) in enumerate(flines, 1):
            if e is not None:
                lines["%s:%d" % (fname, n)] = e
    manifest["duplicates"] = {"dir": True, "lines": lines, "queries": DUPS_QUERIES,
                              "accounting": DUPS_ACCOUNTING}
    with open(os.path.join(HERE, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, ensure_ascii=True)
        f.write("\n")


if __name__ == "__main__":
    main()
