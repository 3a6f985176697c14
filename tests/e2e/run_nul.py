#!/usr/bin/env python3
"""Records whose strings hold "\\u0000" (valid JSON, valid UTF-8) are
indexed, and a NUL in a value is a character like any other: it is kept
(a brand "A\\u0000B" is neither "A" nor "AB"), it comes back in
`query --json` as "\\u0000", and the table shows it escaped, never raw.

    RUMMAGE=build/rummage python3 tests/e2e/run_nul.py
"""

import json
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "reference"))
import cli          # noqa: E402
from cli import fail  # noqa: E402


def record(uuid, day, brands, label=None, text=None):
    rec = {"uuid": uuid, "timestamp": "2024-01-%02dT00:00:00Z" % day,
           "brands": brands, "colors": ["red"]}
    if label is not None or text is not None:
        rec["images"] = [{"labels": [{"name": label, "confidence": 99}] if label else [],
                          "text": [{"text": text, "confidence": 99}] if text else []}]
    return json.dumps(rec)  # ensure_ascii: a NUL is written "\u0000"


def main():
    tmp = tempfile.mkdtemp(prefix="rummage-nul-")
    try:
        os.mkdir(os.path.join(tmp, "in"))
        lines = [record("n1", 3, ["A\0B"], label="Je\0ans", text="x\0y"),
                 record("n2", 2, ["A"], label="Jeans"),
                 record("n3", 1, ["A\0"])]
        assert all("\\u0000" in l for l in (lines[0], lines[2]))
        with open(os.path.join(tmp, "in", "part-00000.json"), "w") as f:
            f.write("\n".join(lines) + "\n")
        db = os.path.join(tmp, "t.db")
        p = cli.index(db, [os.path.join(tmp, "in")])
        if p.returncode != 0:
            fail("index failed (%d): %s" % (p.returncode, p.stderr.decode(errors="replace")))
            return cli.verdict()
        rejects = cli.read_rejects(db)
        if rejects:
            fail("records with \\u0000 rejected: %r" % rejects)
        if cli.info_json(db)["items"] != 3:
            fail("info: %r items, want 3" % cli.info_json(db)["items"])

        status, out, err = cli.query_json(db, "color:red")
        if status != 0:
            fail("query color:red failed (%d): %s" % (status, err))
            return cli.verdict()
        out = cli.as_dict(out)
        if out["items"] != ["n1", "n2", "n3"]:
            fail("color:red items %r, want n1 n2 n3" % out["items"])
        if out["facets"]["brand"] != {"A": 1, "A\0": 1, "A\0B": 1}:
            fail("brand facet %r: NULs must be kept and compare as themselves"
                 % out["facets"]["brand"])
        if out["facets"]["label"] != {"Je\0ans": 1, "Jeans": 1}:
            fail("label facet %r" % out["facets"]["label"])

        # A value with a NUL matches only itself.
        for q, want in (("brand:A", ["n2"]), ("label:Jeans", ["n2"]),
                        ("text:xy", []), ("brand:AB", [])):
            status, out, err = cli.query_json(db, q)
            # as_dict turns an empty list into {}: either means no items.
            got = (cli.as_dict(out)["items"] or []) if status == 0 else err
            if got != want:
                fail("%s: %r, want %r" % (q, got, want))

        # The table: the item is there, its NUL shown escaped, none raw.
        p = cli.run(["query", "--db", db, "color:red"])
        text = p.stdout
        if p.returncode != 0 or b"\0" in text:
            fail("query table: status %d, raw NUL %s" % (p.returncode, b"\0" in text))
        for want in (b"A\\x00B", b"Je\\x00ans", b"n1"):
            if want not in text:
                fail("query table lacks %r:\n%s" % (want, text.decode(errors="replace")))
    finally:
        shutil.rmtree(tmp)
    return cli.verdict()


if __name__ == "__main__":
    sys.exit(main())
