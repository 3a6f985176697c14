#!/usr/bin/env python3
"""The browser end to end, in a private tmux server: facet filtering by
keys (with disjunctive counts), a typed query with a live error marker,
totals equal to `rummage query --json` for the same query, the confidence
threshold, undo/redo, clear, the help overlay, resizing to 40x10, below
the minimum and back, the detail and charts views, and quitting.

    tests/ui/test_browse.py [build/rummage]
"""

import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from uitest import (Tmux, TempDir, fail, make_index, query_on,  # noqa: E402
                    query_total, run, rummage_path, total_on)


def check_total(t, db, what, threshold=None):
    """The screen's total equals `rummage query --json` for its query."""
    s = t.screen()
    q = query_on(s)
    want = query_total(db, q, threshold)
    got = total_on(s)
    if got != want:
        fail("%s: screen total %d != rummage query total %d for %r" %
             (what, got, want, q), s)
    print("ok - %s: %r -> %d items" % (what, q, got))
    return q, got


def catalog_quote(v):
    """A value as the query language wants it (quoted when needed)."""
    if re.fullmatch(r"[A-Za-z0-9_.&'-]+", v):
        return v
    return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'


def pick_label(db):
    """A label with fewer items at confidence 90 than at 50."""
    r = run(["query", "--db", db, "--json", "--limit", "0",
             "--facet-limit", "0", ""])
    labels = json.loads(r.stdout)["facets"]["label"]
    for name in labels:
        q = "label:" + catalog_quote(name)
        if query_total(db, q, 90) < query_total(db, q, 50):
            return name
    fail("no label whose count depends on the threshold")


def chips(screen):
    return screen.splitlines()[1]


def main():
    with TempDir() as tmp:
        db = make_index(tmp, items=500)
        t = Tmux()
        try:
            run_session(t, db)
        finally:
            t.kill()
    print("all browse tests passed")


def run_session(t, db):
    t.start([rummage_path(), "browse", "--db", db],
            env={"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
                 "RUMMAGE_GRAPHICS": "none", "XDG_CONFIG_HOME": "/nonexistent",
                 "TERM": "tmux-256color"})
    s = t.wait_for(" items")
    all_items = total_on(s)
    if all_items != query_total(db, ""):
        fail("the empty query does not show every item", s)
    if "no filters" not in chips(s):
        fail("no 'no filters' hint without a query", s)
    # The hints say what to do from where the focus is: the list.
    if "Tab to the facets" not in chips(s) or "Enter open" not in \
            s.splitlines()[-1]:
        fail("the start-up hints are not the list's", s)
    print("ok - starts with all %d items" % all_items)

    # Facets: Tab focuses the sidebar (brand), Enter selects the first value.
    t.keys("Tab")
    s = t.wait(lambda s: "Enter on a value adds it" in chips(s),
               "the facets' hint")
    if "Enter select" not in s.splitlines()[-1]:
        fail("the facets' status hints", s)
    s = t.wait(lambda s: "values" in s, "the facet sidebar")
    t.keys("Enter")
    s = t.wait(lambda s: " 1 brand:" in chips(s), "a brand chip")
    q1, n1 = check_total(t, db, "brand facet selected")
    if "counts: OR" not in s:
        fail("the brand facet with a selection is not marked disjunctive", s)
    if n1 == 0 or n1 >= all_items:
        fail("selecting a brand did not filter", s)
    # OR within a facet: the second value too.
    t.keys("j", "Enter")
    s = t.wait(lambda s: " 2 brand:" in chips(s), "a second brand chip")
    q2, n2 = check_total(t, db, "two brands (OR)")
    if n2 <= n1:
        fail("a second brand did not widen the result (OR)", s)

    # AND across facets: the type facet (l moves to the next facet).
    t.keys("l")
    t.wait(lambda s: re.search(r"\d+ values", s) is not None, "type facet")
    t.keys("Enter")
    s = t.wait(lambda s: " 3 type:" in chips(s), "a type chip")
    q3, n3 = check_total(t, db, "brands AND type")
    if n3 > n2:
        fail("AND across facets widened the result", s)

    # Exclude a colour.
    t.keys("l")
    t.wait(lambda s: "color" in s, "color facet")
    t.keys("x")
    s = t.wait(lambda s: "-color:" in chips(s), "an excluded colour chip")
    q4, n4 = check_total(t, db, "excluded colour")

    # Undo and redo walk the history of queries.
    t.keys("u")
    s = t.wait(lambda s: "-color:" not in chips(s), "undo of the exclusion")
    if query_on(s) != q3:
        fail("undo did not restore %r" % q3, s)
    check_total(t, db, "after undo")
    t.keys("u")
    s = t.wait(lambda s: "type:" not in chips(s), "second undo")
    if query_on(s) != q2:
        fail("second undo did not restore %r" % q2, s)
    t.keys("C-r")
    s = t.wait(lambda s: "type:" in chips(s), "redo")
    if query_on(s) != q3:
        fail("redo did not restore %r" % q3, s)
    check_total(t, db, "after redo")
    print("ok - undo/redo")

    # Digits remove a chip; c clears everything.
    t.keys("1")
    s = t.wait(lambda s: " 2 type:" in chips(s), "chip 1 removed")
    check_total(t, db, "chip 1 removed")
    t.keys("c")
    s = t.wait(lambda s: "no filters" in chips(s), "clear")
    if total_on(s) != all_items:
        fail("clear did not bring back every item", s)

    # The date facet (months, newest first): color -> size -> label ->
    # text -> date.
    t.keys("l", "l", "l", "l")
    s = t.wait(lambda s: re.search(r"^\s+\d{4}-\d\d\s+\d+",
                                   s.splitlines()[4]) is not None,
               "the date facet")
    month, count = s.splitlines()[4].split()[:2]
    t.keys("Enter")
    s = t.wait(lambda s: " 1 date:" in chips(s), "a date chip")
    q, n = check_total(t, db, "date facet")
    if q != "date:" + month or n != int(count):
        fail("date chip %r with %d items; the facet said %s %s" %
             (q, n, month, count), s)
    t.keys("c")
    t.wait(lambda s: "no filters" in chips(s), "clear")

    # A typed query: live error marker while malformed, then the result.
    t.keys("Escape")  # the facets give the focus back to the list
    t.keys("/")
    t.wait_for("Query> ")
    t.text("type:Jeans brand:")
    s = t.wait(lambda s: "^" in chips(s) and "column" in chips(s),
               "the error marker")
    t.text('"Zara"')
    t.wait(lambda s: "column" not in chips(s), "the error to go")
    t.keys("BSpace")  # malformed again (unbalanced quote)
    t.wait(lambda s: "column" in chips(s), "the error marker again")
    t.text('"')
    t.keys("Enter")
    s = t.wait(lambda s: s.startswith("Query: ") and "type:Jeans" in s,
               "the typed query applied")
    check_total(t, db, "typed query")

    # The threshold: label terms and counts follow it. A label whose
    # count differs between 50 and 90 makes the check bite.
    label = pick_label(db)
    t.keys("c", "/")
    t.wait_for("Query> ")
    t.text("label:" + catalog_quote(label))
    t.keys("Enter")
    s = t.wait(lambda s: "label:" in chips(s), "label query")
    _, at50 = check_total(t, db, "label at 50")
    for _ in range(8):
        t.keys("+")
    s = t.wait_for("conf>=90")
    q, at90 = check_total(t, db, "label at 90", threshold=90)
    if at90 >= at50:
        fail("a higher threshold did not find fewer items", s)
    t.keys("u")
    t.wait_for("conf>=85")
    print("ok - threshold")

    # The help overlay lists the keys and any key closes it.
    t.keys("?")
    s = t.wait_for("rummage keys")
    for needle in ("undo", "export", "threshold", "Control+r"):
        if needle not in s:
            fail("help does not mention %r" % needle, s)
    # Grouped by view, each group's help text in one column after the
    # keys; Enter means one thing in the list, another in the facets.
    x0 = next(l.find("rummage keys") for l in s.splitlines()
              if "rummage keys" in l)
    lines = [l[x0:x0 + 76] for l in s.splitlines()]
    groups = [i for i, l in enumerate(lines)
              if l.strip() in ("Everywhere", "List", "Facets", "Detail",
                               "Charts", "Editing the query")]
    if [lines[i].strip() for i in groups[:3]] != ["Everywhere", "List",
                                                   "Facets"]:
        fail("help is not grouped by view", s)
    body = [l for l in lines[groups[1] + 1:groups[2]] if l.strip()]
    known = r"(open the item|to the facets|edit the query|sort:|the result)"
    starts = {re.search(r"(?<=\S)(\s+)" + known, l).end(1) for l in body
              if re.search(known, l)}
    if len(body) < 4 or len(starts) != 1:
        fail("the List group's keys are not in one column: %r" % body, s)
    t.keys("Escape")
    t.wait(lambda s: "rummage keys" not in s, "help to close")
    print("ok - help overlay")

    # Detail and charts views.
    t.keys("c", "Enter")
    s = t.wait_for("Item ")
    if "time" not in s or "brands" not in s:
        fail("the detail lacks the time or predictions", s)
    t.keys("Escape", "v")
    s = t.wait_for("Items over time")
    # The timeline, hours, weekdays and OCR agreement come first; the
    # top brands below.
    t.keys(*["j"] * 50)
    s = t.wait(lambda s: "Top brand" in s, "the charts' top brands")
    # G: the last page (data quality); the label charted by default is
    # the one stats picks, never "Clothing" (always 90-100).
    r = run(["stats", "--db", db, "--width", "120"])
    m = re.search(r"Best confidence of label '([^']*)'", r.stdout)
    if m is None or m.group(1) == "Clothing":
        fail("stats charts label %r" % (m and m.group(1)))
    t.keys("G")
    s = t.wait_for("Data quality")
    if "label '%s' only below" % m.group(1) not in s:
        fail("the charts' default label is not %r" % m.group(1), s)
    # '/' types the label to chart, as stats --label names it.
    t.keys("/")
    t.wait_for("label to chart:")
    t.text("Clothing")
    t.keys("Enter", "G")
    s = t.wait_for("label 'Clothing' only below")
    r = run(["stats", "--db", db, "--width", "120", "--label", "Clothing"])
    want = re.search(r"label 'Clothing' only below.*", r.stdout).group(0)
    if want not in s:
        fail("the typed label's figures differ from stats --label: %r" %
             want, s)
    t.keys("Escape")
    t.wait(lambda s: "Top brand" not in s and "Data quality" not in s,
           "charts to close")
    print("ok - detail and charts")

    # Sorting: oldest first, then most photos first (wide enough for the
    # uuid column, which gives way first).
    r = run(["query", "--db", db, "--json", "--limit", "100000", ""])
    newest_first = json.loads(r.stdout)["items"]
    # At 80x24 the list keeps a short uuid (a prefix), brand and type.
    t.resize(80, 24)
    s = t.wait(lambda s: " uuid " in s.splitlines()[2] and
               newest_first[0][:8] in s.splitlines()[3], "a short uuid")
    head = s.splitlines()[2]
    if "brand" not in head or "type" not in head or \
            newest_first[0][:9] in s.splitlines()[3]:
        fail("at 80x24: not date, short uuid, brand, type", s)
    print("ok - 80x24: the list keeps an 8-character uuid")
    t.resize(160, 40)
    # The whole uuid (at 80 columns it was a prefix).
    t.wait(lambda s: " uuid " in s.splitlines()[2] and
           newest_first[0] in s.splitlines()[3], "the uuid column")
    t.keys("s")
    s = t.wait_for("sorted by oldest")
    first = s.splitlines()[3]
    if newest_first[-1] not in first:
        fail("sorted by oldest, the first row is not %s" % newest_first[-1],
             s)
    t.keys("s")
    s = t.wait_for("sorted by photos")
    header = s.splitlines()[2]
    if " ph" not in header:
        fail("no photos column", s)
    col = header.index(" ph") + 1
    counts = [int(line[col:col + 2]) for line in s.splitlines()[3:-1]
              if line[col:col + 2].strip().isdigit()]
    if not counts or counts != sorted(counts, reverse=True) or \
            counts[0] < 5:
        fail("sorted by photos: %r" % counts[:10], s)
    t.keys("s", "s")
    t.wait_for("sorted by newest")
    t.resize(120, 40)
    print("ok - sort by oldest and by photos")

    # Resize: 40x10 still works, smaller says so, and back.
    t.resize(40, 10)
    s = t.wait(lambda s: len(s.splitlines()[0]) <= 40 and " items" in s,
               "the 40x10 layout")
    if "too small" in s:
        fail("40x10 is the minimum and must still work", s)
    t.resize(39, 9)
    s = t.wait_for("too small")
    t.resize(120, 40)
    s = t.wait(lambda s: " items" in s and "too small" not in s,
               "the full layout again")
    if total_on(s) != all_items:
        fail("resizing changed the result", s)
    print("ok - resize")

    t.keys("q")
    t.wait_exit()
    print("ok - quit with status 0, nothing reported at exit")
    t.kill()

    # A slow index: a spinner while counting, and keys keep working.
    t = Tmux("slow")
    try:
        slow_session(t, db)
    finally:
        t.kill()


def slow_session(t, db):
    t.start([rummage_path(), "browse", "--db", db],
            env={"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
                 "RUMMAGE_GRAPHICS": "none", "XDG_CONFIG_HOME": "/nonexistent",
                 "TERM": "tmux-256color", "RUMMAGE_COUNT_DELAY_MS": "1500"})
    s = t.wait_for(" items", timeout=30)
    t.keys("Tab", "Enter")
    s = t.wait_for("counting...", settled=False)
    t.keys("?")   # help opens while the count is still running
    s = t.wait(lambda s: "rummage keys" in s and "counting..." in s,
               "help during a count", settled=False)
    t.keys("Escape")
    s = t.wait(lambda s: " 1 brand:" in chips(s), "the answer", timeout=30)
    check_total(t, db, "after a slow count")
    # Typed ahead: only the last query counts.
    t.keys(":")   # the query bar from the facets
    t.text(" type:Jeans")
    t.keys("Enter")
    s = t.wait(lambda s: s.startswith("Query: ") and
               "type:Jeans" in s.splitlines()[0],
               "the typed-ahead query", timeout=60)
    if query_on(s) != "brand:Zara type:Jeans":
        fail("typed ahead: %r" % query_on(s), s)
    check_total(t, db, "typed ahead during slow counts")
    t.keys("q")
    t.wait_exit()
    print("ok - slow counting: spinner, keys keep working")
    print("ok - quit with status 0, nothing reported at exit")


if __name__ == "__main__":
    main()
