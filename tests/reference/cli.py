"""Helpers shared by the e2e, hostile and crash tests: run build/rummage
and read what it says. Standard library only."""

import json
import os
import re
import subprocess
import sys


def rummage_path():
    """The binary under test: $RUMMAGE, else build/rummage."""
    path = os.environ.get("RUMMAGE")
    if not path:
        here = os.path.dirname(os.path.abspath(__file__))
        path = os.path.join(here, "..", "..", "build", "rummage")
    if not os.access(path, os.X_OK):
        sys.exit("rummage binary not found: set RUMMAGE (tried %s)" % path)
    return path


def run(args, **kw):
    """Run rummage with args; CompletedProcess with bytes stdout/stderr."""
    return subprocess.run([rummage_path()] + list(args), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=kw.pop("timeout", 300),
                          **kw)


def index(db, inputs, extra=()):
    """Build db from inputs without thumbnails; the CompletedProcess."""
    return run(["index", "--db", db, "--no-thumbs", "--quiet"] + list(extra) +
               list(inputs))


def query_args(db, text, limit=None, facet_limit=None, min_confidence=None,
               disjunctive=False):
    args = ["query", "--db", db, "--json"] + (["--disjunctive"] if disjunctive else [])
    if limit is not None:
        args += ["--limit", str(limit)]
    if facet_limit is not None:
        args += ["--facet-limit", str(facet_limit)]
    if min_confidence is not None:
        args += ["--min-confidence", str(min_confidence)]
    # A query starting with '-' would read as an option.
    return args + (["--", text] if text.startswith("-") else [text])


def pairs_no_dups(pairs):
    """object_pairs_hook keeping order and refusing duplicate keys."""
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ValueError("duplicate keys in a JSON object: %r" % keys)
    return pairs


def query_json(db, text, **kw):
    """(exit status, decoded JSON or None, stderr text) of rummage query."""
    p = run(query_args(db, text, **kw))
    out = None
    if p.returncode == 0:
        out = json.loads(p.stdout.decode("utf-8"), object_pairs_hook=pairs_no_dups)
    return p.returncode, out, p.stderr.decode("utf-8", "replace")


def as_dict(pairs):
    """Turn object_pairs_hook output back into dicts, recursively."""
    if isinstance(pairs, list) and all(isinstance(p, tuple) for p in pairs):
        return {k: as_dict(v) for k, v in pairs}
    if isinstance(pairs, list):
        return [as_dict(v) for v in pairs]
    return pairs


def info_json(db):
    p = run(["info", "--db", db, "--json"])
    if p.returncode != 0:
        raise AssertionError("rummage info failed (%d): %s" %
                             (p.returncode, p.stderr.decode(errors="replace")))
    return json.loads(p.stdout.decode("utf-8"))


REJECT_RE = re.compile(r"^(.*?):(\d+): (.*)$")


def read_rejects(db):
    """[(file basename, line, reason)] from db.rejects (empty if absent).
    Photo problems ("photo K of item UUID: ...") are not record rejects
    and are left out."""
    path = db + ".rejects"
    if not os.path.exists(path):
        return []
    out = []
    with open(path, "rb") as f:
        for raw in f.read().split(b"\n"):
            if not raw or raw.startswith(b"photo "):
                continue
            m = REJECT_RE.match(raw.decode("utf-8", "replace"))
            if not m:
                raise AssertionError("malformed rejects line: %r" % raw)
            out.append((os.path.basename(m.group(1)), int(m.group(2)), m.group(3)))
    return out


def iso_to_ms(s):
    """'2024-03-27T13:41:53.182Z' (any zone spelling the contract allows)."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import reference
    return reference.parse_timestamp(s)


# What every check script does with a failed expectation: say it at once
# and keep going, then one verdict and exit status at the end.
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg, flush=True)


def verdict():
    """Print the closing line; return the exit status."""
    if failures:
        print("%d failure(s)" % len(failures))
        return 1
    print("ok")
    return 0

