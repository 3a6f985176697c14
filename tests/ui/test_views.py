#!/usr/bin/env python3
"""The views you act on (issue 10 section 2), driven in tmux:

- the charts' timeline: a range marked with h/l and m, applied with
  Enter, shows its date:A..B term in the query bar, and the total equals
  both the range's count on screen and `rummage query --json` for the
  query; a second range replaces the first (one date: term), u undoes;
- the hour-of-day and weekday charts show, for every hour and day, what
  `query --json` counts for hour:H and weekday:D with the query, and
  `rummage stats` prints the same;
- the OCR agreement chart lists brands lowest share first, each share
  equal to query's ocr:brand count over the brand's items;
- Tab picks from the hours, the weekdays and the brands the same way:
  a brand: term, hour:18..20 and weekday:sat join the query, the totals
  equal the pick's count and query's;
- the crosstab: a cell moved to and applied with Enter puts both of its
  terms in the query bar and the total equals the cell's count and
  query's; a -ocr:brand column works the same; r and n/p change fields;
- at 40x10 and in the C locale the views still draw and work.

    tests/ui/test_views.py [build/rummage]
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from uitest import (Tmux, TempDir, fail, make_index, query_on,  # noqa: E402
                    query_total, record, rummage_path, run, total_on,
                    write_records)

UTF8 = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "xterm-256color"}
RANGE = re.compile(r"range: (\S+) \.\. (\S+)\s+(\d+) items\s+"
                   r"\(Enter: (date:\S+)\)")
CURSOR = re.compile(r"cursor: (\S+) \.\. (\S+)\s+(\d+) items\s+"
                    r"\(m marks a range; Enter: (date:\S+)\)")
TERM = r'(-?\w+:(?:"(?:[^"\\]|\\.)*"|\S+))'
# The cell line; its position part may be cut off on a narrow screen.
CELL = re.compile(r"cell: %s %s\s+(\d+) items(?:\s+\((\d+) of \d+ rows, "
                  r"(\d+) of \d+ columns\))?" % (TERM, TERM))
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


SESSIONS = [0]


def start(tmp, db, query="", width=120, height=60, env=UTF8):
    """The browser on db in a tmux server of its own."""
    SESSIONS[0] += 1
    t = Tmux("views%d" % SESSIONS[0])
    argv = [rummage_path(), "browse", "--db", db]
    if query:
        argv += ["--query", query]
    t.start(argv, env=env, width=width, height=height)
    t.wait_for("items")
    return t


def both(q, term):
    """q and term joined as the query bar would show them."""
    return (q + " " + term).strip()


def check_timeline(db):
    """Mark a range, apply it, then a narrower one; undo."""
    t = start(None, db)
    try:
        t.keys("v")
        s = t.wait(lambda s: CURSOR.search(s), "the timeline's cursor line")
        t.keys(*["h"] * 5)
        t.keys("m")
        t.keys(*["h"] * 12)
        # Keys arrive one by one: wait for all twelve ('^' and 12 '=').
        s = t.wait(lambda s: RANGE.search(s) and
                   re.search(r"\^={12}(\s|$)", s, re.M), "a marked range")
        m = RANGE.search(s)
        count, term = int(m.group(3)), m.group(4)
        if m.group(1) > m.group(2):
            fail("the range runs backwards: " + m.group(0), s)
        t.keys("Enter")
        s = t.wait(lambda s: query_on(s) == term, "the range in the query "
                   "bar: " + term)
        if total_on(s) != count:
            fail("range said %d items, the query bar %d" % (count,
                                                            total_on(s)), s)
        if total_on(s) != query_total(db, term):
            fail("total %d != rummage query %r = %d" % (
                total_on(s), term, query_total(db, term)), s)
        # The timeline is now the range's, finer; Enter on the cursor's
        # bucket (no mark) replaces the date: term instead of OR-ing.
        s = t.wait(lambda s: CURSOR.search(s) and
                   CURSOR.search(s).group(4) != term, "the new timeline")
        m = CURSOR.search(s)
        # Move left until the cursor's bucket holds items.
        for _ in range(40):
            if int(m.group(3)) > 0:
                break
            t.keys("h")
            prev = m.group(0)
            s = t.wait(lambda s: CURSOR.search(s) and
                       CURSOR.search(s).group(0) != prev, "the cursor moves")
            m = CURSOR.search(s)
        count2, term2 = int(m.group(3)), m.group(4)
        t.keys("Enter")
        s = t.wait(lambda s: query_on(s) == term2, "the second term " + term2)
        if total_on(s) != count2 or count2 != query_total(db, term2):
            fail("second range: screen %d, bucket %d, query %d" % (
                total_on(s), count2, query_total(db, term2)), s)
        t.keys("u")
        t.wait(lambda s: query_on(s) == term, "undo back to " + term)
        t.keys("q", "q")
        t.wait_exit()
    finally:
        t.kill()


def clock_rows(screen):
    """{hour or weekday: count} from the charts' hour and weekday rows."""
    hours, days = {}, {}
    for line in screen.splitlines():
        m = re.match(r"  (\d\d) +(\d+) +[\d.]+%( |$)", line)
        if m:
            hours[m.group(1)] = int(m.group(2))
        m = re.search(r"  (%s) +(\d+) +[\d.]+%%( |$)" % "|".join(DAYS),
                      line)
        if m:
            days[m.group(1)] = int(m.group(2))
    return hours, days


def check_clock(db, q):
    """Every hour and weekday count on screen equals query's."""
    t = start(None, db, query=q, height=60)
    try:
        t.keys("v")
        s = t.wait(lambda s: len(clock_rows(s)[0]) == 24 and
                   len(clock_rows(s)[1]) == 7, "24 hours and 7 days")
        hours, days = clock_rows(s)
        if sum(hours.values()) != total_on(s) or \
                sum(days.values()) != total_on(s):
            fail("hours sum %d, days sum %d, total %d" % (
                sum(hours.values()), sum(days.values()), total_on(s)), s)
        for h, n in hours.items():
            want = query_total(db, both(q, "hour:" + h))
            if n != want:
                fail("hour %s: screen %d, query %d (%r)" % (h, n, want, q), s)
        for d, n in days.items():
            want = query_total(db, both(q, "weekday:" + d))
            if n != want:
                fail("weekday %s: screen %d, query %d (%r)" % (d, n, want, q),
                     s)
        # `rummage stats` prints the same hours and weekdays.
        r = run(["stats", "--db", db, "--width", "100", "--"] +
                (q.split() if q else []), env=dict(os.environ, **UTF8))
        part = r.stdout[r.stdout.find("Items per hour of the day"):]
        if r.returncode != 0 or clock_rows(part) != (hours, days):
            fail("stats %r: hours/weekdays %r differ from the browser's %r" %
                 (q, clock_rows(part), (hours, days)), r.stdout[-3000:])
        # OCR agreement: lowest share first, each share as query counts it.
        t.keys(*["j"] * 30)
        s = t.wait_for("OCR agreement by brand")
        rows = re.findall(r"^  (.+?) +([\d.]+)% +(\d+) of (\d+) ", s, re.M)
        if not rows:
            fail("no OCR agreement rows", s)
        shares = [int(c) / int(n) for _, _, c, n in rows]
        if shares != sorted(shares):
            fail("agreement not lowest first: %r" % rows, s)
        name, _, confirmed, items = rows[0]
        bq = both(q, 'brand:"%s"' % name.strip())
        if query_total(db, bq) != int(items) or \
                query_total(db, both(bq, "ocr:brand")) != int(confirmed):
            fail("agreement of %r: %s of %s, query %d of %d" % (
                name, confirmed, items, query_total(db, both(bq, "ocr:brand")),
                query_total(db, bq)), s)
        t.keys("Escape", "q")
        t.wait_exit()
    finally:
        t.kill()


PICK = re.compile(r"picked (hours?|weekdays?) (\S+)(?: \.\. (\S+))?: (\d+) "
                  r"items .*Enter: ((?:hour|weekday):\S+)\)")


def check_picks(db):
    """Tab to the brands, Enter; Tab round to the hours, pick 18..20 with
    j and m, Enter; Tab to the weekdays, pick sat, Enter: each term joins
    the query and the totals equal the pick's count and query's."""
    t = start(None, db)
    try:
        t.keys("v")
        t.wait(lambda s: CURSOR.search(s), "the charts")
        t.keys("Tab", "Tab", "Tab")
        s = t.wait(lambda s: re.search(r"Enter: (brand:\S+) \(j/k move\)", s),
                   "a brand picked")
        brand = re.search(r"Enter: (brand:\S+) \(j/k move\)", s).group(1)
        t.keys("Enter")
        s = t.wait(lambda s: query_on(s) == brand, brand)
        if total_on(s) != query_total(db, brand):
            fail("brand: screen %d, query %d" % (
                total_on(s), query_total(db, brand)), s)
        t.keys("Tab", "Tab")
        t.wait(lambda s: PICK.search(s) and PICK.search(s).group(1) == "hour",
               "the hours")
        t.keys(*["j"] * 18)
        t.keys("m", "j", "j")
        s = t.wait(lambda s: PICK.search(s) and
                   PICK.search(s).group(3) == "20", "hours 18 .. 20")
        m = PICK.search(s)
        if m.group(5) != "hour:18..20" or m.group(2) != "18":
            fail("picked %r" % m.group(0), s)
        t.keys("Enter")
        want = both(brand, "hour:18..20")
        s = t.wait(lambda s: query_on(s) == want, want)
        if total_on(s) != int(m.group(4)) or \
                total_on(s) != query_total(db, want):
            fail("hours: picked %s, screen %d, query %d" % (
                m.group(4), total_on(s), query_total(db, want)), s)
        t.keys("Tab", *["j"] * 5)
        s = t.wait(lambda s: PICK.search(s) and
                   PICK.search(s).group(2) == "sat", "weekday sat")
        m = PICK.search(s)
        t.keys("Enter")
        want = both(want, "weekday:sat")
        s = t.wait(lambda s: query_on(s) == want, want)
        if total_on(s) != int(m.group(4)) or \
                total_on(s) != query_total(db, want):
            fail("weekday: picked %s, screen %d, query %d" % (
                m.group(4), total_on(s), query_total(db, want)), s)
        t.keys("q", "q")
        t.wait_exit()
    finally:
        t.kill()


def cell_at(t, keys, row, col, what):
    """Send keys in the crosstab, wait for the cursor on cell (row, col),
    1-based; the screen and the cell line's match."""
    t.keys(*keys)
    s = t.wait(lambda s: CELL.search(s) and CELL.search(s).group(4) and
               (int(CELL.search(s).group(4)), int(CELL.search(s).group(5)))
               == (row, col), what)
    return s, CELL.search(s)


def check_crosstab(db):
    """Apply a brand x type cell, then a brand x -ocr:brand one."""
    t = start(None, db)
    try:
        t.keys("T")
        s = t.wait(lambda s: CELL.search(s) and "brand down" in s and
                   "type across" in s, "the crosstab")
        s, m = cell_at(t, ["j", "l", "l"], 2, 3, "the cell to move")
        rt, ct, n = m.group(1), m.group(2), int(m.group(3))
        if not (rt.startswith("brand:") and ct.startswith("type:")):
            fail("unexpected cell terms %s %s" % (rt, ct), s)
        # The cell's count is the one in the table, row 2, column 3.
        row = [ln for ln in s.splitlines()[4:] if re.match(r"\S", ln)][1]
        cells = re.findall(r"\d+", row[19:])
        if int(cells[2]) != n:
            fail("table shows %s, the cell line %d" % (cells[2], n), s)
        t.keys("Enter")
        want = both(rt, ct)
        s = t.wait(lambda s: query_on(s) == want, "both terms: " + want)
        if total_on(s) != n or n != query_total(db, want):
            fail("cell %d, screen %d, query %d" % (
                n, total_on(s), query_total(db, want)), s)

        # Columns: p from type goes round to ocr (brand is the rows).
        t.keys("c", "T")
        t.wait(lambda s: query_on(s) == "" and CELL.search(s) and
               "type across" in s, "the crosstab again")
        t.keys("p")
        s = t.wait(lambda s: "ocr across" in s and CELL.search(s) and
                   "ocr:brand" in CELL.search(s).group(2), "ocr columns")
        row = int(CELL.search(s).group(4))  # the row stays where it was
        s, m = cell_at(t, ["l"], row, 2, "the -ocr:brand column")
        if m.group(2) != "-ocr:brand":
            fail("second column is %s" % m.group(2), s)
        rt, n = m.group(1), int(m.group(3))
        t.keys("Enter")
        want = both(rt, "-ocr:brand")
        s = t.wait(lambda s: query_on(s) == want, "both terms: " + want)
        if total_on(s) != n or n != query_total(db, want):
            fail("-ocr cell %d, screen %d, query %d" % (
                n, total_on(s), query_total(db, want)), s)
        # r changes the rows' field.
        t.keys("T", "r")
        t.wait(lambda s: "type down" in s and "ocr across" in s and
               CELL.search(s), "type rows")
        t.keys("Escape", "q")
        t.wait_exit()
    finally:
        t.kill()


def check_small(db):
    """40x10, C locale, no colours: both views draw and apply."""
    env = {"LANG": "C", "LC_ALL": "C", "NO_COLOR": "1", "TERM": "xterm"}
    t = start(None, db, width=40, height=10, env=env)
    try:
        t.keys("v")
        s = t.wait(lambda s: "|" in s and "Items over time" in s,
                   "ASCII timeline")
        if any(ord(c) > 127 for c in s):
            fail("non-ASCII on a C-locale screen", s)
        t.keys("m", "h", "h", "Enter")
        s = t.wait(lambda s: query_on(s).startswith("date:"), "a date term")
        # The bar is too narrow for the whole query: read it wider.
        t.resize(120, 10)
        t.keys("C-l")     # tmux keeps the cut-off text: repaint it all
        s = t.wait(lambda s: re.match(r"Query: date:\S+ +\d+ items",
                                      s.splitlines()[0]), "the wide bar")
        q = query_on(s)
        if total_on(s) != query_total(db, q):
            fail("small: total differs from query", s)
        t.resize(40, 10)
        t.keys("C-l", "T")
        s = t.wait(lambda s: CELL.search(s) and
                   len(s.splitlines()[0]) <= 40, "the crosstab at 40x10")
        m = CELL.search(s)
        t.keys("Enter")
        s = t.wait(lambda s: "cell:" not in s, "the list after Enter")
        t.resize(120, 10)
        t.keys("C-l")
        want = both(q, both(m.group(1), m.group(2)))
        s = t.wait(lambda s: query_on(s) == want, "both terms at 40x10")
        if total_on(s) != int(m.group(3)) or \
                total_on(s) != query_total(db, want):
            fail("small: cell %s, total %d" % (m.group(3), total_on(s)), s)
        t.keys("q")
        t.wait_exit()
    finally:
        t.kill()


def check_hostile(tmp):
    """A brand holding terminal controls is shown escaped in the crosstab,
    the agreement chart and the cell line: the screen is never cleared or
    rung, and the cell still applies."""
    evil = "Evil\u001b[2J\u001b]0;pwned\u0007X"
    recs = [record("h%02d" % i, i, evil if i % 2 else "Zara",
                   texts=(("EVIL", 90.0),)) for i in range(24)]
    records = os.path.join(tmp, "hostile")
    write_records(records, recs)
    os.makedirs(os.path.join(tmp, "h"))
    db = make_index(os.path.join(tmp, "h"), records=records)
    t = start(None, db)
    try:
        t.keys("T")
        s = t.wait(lambda s: CELL.search(s) and "Evil" in s, "the crosstab")
        lines = s.splitlines()
        if not lines[0].startswith("Query:") or "brand down" not in s or \
                "pwned" in lines[0]:
            fail("a hostile brand disturbed the screen", s)
        t.keys("v")
        s = t.wait(lambda s: "OCR agreement" in s and "Evil" in s,
                   "the hostile brand in the agreement chart")
        if not s.splitlines()[0].startswith("Query:"):
            fail("a hostile brand disturbed the charts", s)
        t.keys("T")
        t.wait(lambda s: CELL.search(s), "the crosstab again")
        t.keys("Enter")
        s = t.wait(lambda s: "cell:" not in s and total_on(s) == 12,
                   "the hostile cell applied")
        t.keys("q")
        t.wait_exit()
    finally:
        t.kill()


def main():
    with TempDir() as tmp:
        db = make_index(tmp, items=1500)
        if query_total(db, "ocr:brand") == 0:
            fail("the generated data has no ocr:brand item to test with")
        check_timeline(db)
        check_clock(db, "")
        check_clock(db, "type:Jeans")
        check_picks(db)
        check_crosstab(db)
        check_small(db)
        check_hostile(tmp)
    print("ok")


if __name__ == "__main__":
    main()
