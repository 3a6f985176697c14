#!/usr/bin/env python3
"""Write item records (contract §2) for the end-to-end tests, deterministically.

Independent of `rummage gen`: it deliberately produces the awkward cases
the contract allows — duplicates (later, earlier and equal timestamps),
CJK, accents, decomposed and full-width spellings, quotes, zone offsets,
timestamp ties, nulls, empty strings in prediction lists, unknown fields,
blank lines, a BOM, CRLF line ends, a gzip'd part — plus a few lines that
must be rejected. Standard library only.

    python3 tests/reference/gen.py --items 3000 --seed 11 OUT_DIR
"""

import argparse
import gzip
import json
import os
import random

BRANDS = [
    "Zara", "H&M", "Levi's", "Nike", "adidas", "Mango", "Uniqlo", "BDG",
    "Urban Outfitters", "Chloé", "Comme des Garçons", "ユニクロ", "無印良品",
    "Acne Studios", "Tommy Hilfiger", "Ralph Lauren", "COS", "& Other Stories",
    "Weekday", "Monki", "Massimo Dutti", "Hollister", "Gap", "Esprit",
    "s.Oliver", "Only", "Vero Moda", "Jack & Jones", "Pull&Bear", "Bershka",
    "Stradivarius", "Reserved", "Bonprix", "Desigual", "Guess", "Diesel",
    "Wrangler", "Lee", "Carhartt WIP", "The North Face", "Patagonia",
    "Mads Nørgaard", "Ganni", "Samsøe Samsøe", "Filippa K", "Arket",
    "Boss", "Calvin Klein", "Marc O'Polo", "Superdry", "Vans", "Converse",
    "Dr. Martens", "Birkenstock", "Søstrene Grene", "이랜드", "Ünique",
    "Ａｐｒｉｌ", "The \"Kooples\"", "Maison Kitsuné", "Straße", "HAY", "Away",
]
# Other spellings of the same folded value, used now and then.
VARIANTS = {
    "Zara": ["ZARA", "zara", "ＺＡＲＡ"],
    "Levi's": ["LEVI'S", "levi's"],
    "Chloé": ["CHLOÉ", "Chloe\u0301"],
    "adidas": ["Adidas", "ADIDAS"],
    "Straße": ["STRASSE", "strasse"],
    "H&M": ["h&m"],
}
TYPES = [
    "Jeans", "Dress_pants", "T-shirt", "Sneakers", "Dress", "Skirt", "Blazer",
    "Coat", "Jacket", "Hoodie", "Sweater", "Cardigan", "Shirt", "Blouse",
    "Shorts", "Leggings", "Sweatpants", "Boots", "Sandals", "Handbag",
    "Backpack", "Scarf", "Hat", "Belt", "Jumpsuit", "Top", "Polo_shirt",
    "Vest", "Swimsuit", "Pyjamas",
]
COLORS = ["black", "white", "blue", "grey", "beige", "brown", "red", "green",
          "navy", "pink", "yellow", "orange", "purple", "khaki", "multicolour",
          "silver", "gold", "Bordeaux", "türkis"]
SIZES = ["XS", "S", "M", "L", "XL", "XXL", "34", "36", "38", "40", "42", "44",
         "W28", "W30", "W31", "W32", "L30", "L32", "L34", "EU 39", "EU 42",
         "US 9", "UK 7", "116", "128", "140", "One size", "ＸＬ"]
LABELS = ["Clothing", "Apparel", "Pants", "Jeans", "Denim", "Shirt", "Sleeve",
          "Coat", "Jacket", "Footwear", "Shoe", "Sneaker", "Boot", "Dress",
          "Skirt", "Handbag", "Bag", "Accessories", "Hat", "Text", "Number",
          "Person", "Human", "Hanger", "Floor", "Wood", "Home Decor", "Blazer",
          "Sweater", "Hoodie", "Sweatshirt", "Shorts", "Fashion", "Pattern",
          "Plaid", "Lace", "Sun Hat", "Long Sleeve", "Label", "Logo",
          "Underwear", "Belt", "Purse", "Scarf", "Vest", "Knitwear", "Fleece"]
NOISE = ["100%", "COTTON", "MADE IN", "ITALY", "CHINA", "BANGLADESH", "WASH",
         "30°", "RN 54867", "CA 12345", "Polyester", "綿100%", "중국산",
         "Größe", "Taille", "NAY", "AY", "AYMT", "Maya", "SLIM FIT", "REGULAR",
         "ÉTÉ", "ＬＯＧＯ", "O'NEILL", "\"QUOTED\"", "a\u00a0b", "x–y"]


def zipf_choice(rng, values, s=1.1):
    weights = [1.0 / (k + 1) ** s for k in range(len(values))]
    return rng.choices(values, weights=weights)[0]


def ranked(rng, values, top, n):
    """A ranked prediction list starting with top, n entries, distinct."""
    out = [top]
    while len(out) < n:
        v = rng.choice(values)
        if v not in out:
            out.append(v)
    return out


def confidence(rng, low=0.0):
    """A Rekognition-like confidence: mostly high, some exact boundaries."""
    r = rng.random()
    if r < 0.03:
        return rng.choice([50, 50.0, 100, 0, 75.5, 99.99])
    if r < 0.6:
        return round(rng.uniform(max(low, 90.0), 100.0), rng.choice([2, 3, 5]))
    return round(rng.uniform(low, 100.0), rng.choice([1, 2, 4]))


def box(rng):
    left, top = rng.uniform(0, 0.5), rng.uniform(0, 0.5)
    return {"left": round(left, 4), "top": round(top, 4),
            "width": round(rng.uniform(0.05, 1 - left), 4),
            "height": round(rng.uniform(0.05, 1 - top), 4)}


def timestamp(rng, ms):
    """Format UTC milliseconds in one of several ISO 8601 spellings."""
    import datetime
    utc = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc) + \
        datetime.timedelta(milliseconds=ms)
    style = rng.random()
    if style < 0.15:
        off = rng.choice([60, 120, -300, 330, -570, 840, -720])
        local = utc + datetime.timedelta(minutes=off)
        sign = "+" if off >= 0 else "-"
        zone = "%s%02d:%02d" % (sign, abs(off) // 60, abs(off) % 60)
    else:
        local, zone = utc, "Z"
    base = local.strftime("%Y-%m-%dT%H:%M:%S")
    frac = "%03d" % (ms % 1000)
    if style < 0.05 and ms % 1000 == 0:
        return base + zone                      # no fraction
    if 0.05 <= style < 0.1:
        return base + "." + frac + str(rng.randrange(1000)) + zone  # truncated
    if 0.1 <= style < 0.13 and frac.endswith("00"):
        return base + "." + frac[0] + zone      # one digit
    return base + "." + frac + zone


def make_item(rng, uuid, ms):
    brand = zipf_choice(rng, BRANDS)
    if brand in VARIANTS and rng.random() < 0.3:
        brand = rng.choice(VARIANTS[brand])
    rec = {"uuid": uuid, "timestamp": timestamp(rng, ms)}
    ty = zipf_choice(rng, TYPES, 0.8)
    for key, values, top in (("productTypes", TYPES, ty),
                             ("colors", COLORS, zipf_choice(rng, COLORS, 0.7)),
                             ("brands", BRANDS, brand),
                             ("sizes", SIZES, zipf_choice(rng, SIZES, 0.5))):
        r = rng.random()
        if r < 0.04:
            continue                            # absent
        if r < 0.06:
            rec[key] = None
        elif r < 0.08:
            rec[key] = []
        elif r < 0.10:
            rec[key] = ["", top]                # "" is not a value
        else:
            rec[key] = ranked(rng, values, top, rng.randint(1, 5))
    images = []
    for k in range(rng.choice([0, 1, 1, 2, 3, 3, 4, 5])):
        labels = []
        for name in rng.sample(LABELS, rng.randint(1, 12)):
            lab = {"name": name, "confidence": confidence(rng)}
            if rng.random() < 0.5:
                lab["boxes"] = [box(rng) for _ in range(rng.randint(1, 2))]
            elif rng.random() < 0.1:
                lab["boxes"] = None
            labels.append(lab)
        if rng.random() < 0.3:
            labels.append({"name": ty.replace("_", " "), "confidence": confidence(rng, 40)})
        texts = []
        words = [brand.upper(), brand, rec.get("sizes", [None])[0] if rec.get("sizes") else None]
        words += rng.sample(NOISE, 3)
        for w in words:
            if w and rng.random() < 0.5:
                frag = {"text": w, "confidence": confidence(rng)}
                if rng.random() < 0.2:
                    frag["box"] = box(rng)
                texts.append(frag)
        im = {"name": "image-%d.jpg" % k,
              "path": "images/%s/image-%d.jpg" % (uuid, k)}
        if rng.random() < 0.5:
            im.update(bytes=rng.randint(50000, 8000000), width=3024, height=4032)
        if labels or rng.random() < 0.8:
            im["labels"] = labels
        if texts:
            im["text"] = texts
        elif rng.random() < 0.3:
            im["text"] = None
        images.append(im)
    if images or rng.random() < 0.5:
        rec["images"] = images
    if rng.random() < 0.05:
        rec["extra"] = {"source": "gen.py", "nested": [1, {"a": None}]}
    return rec


BAD_LINES = [
    b'{"uuid":"bad0","timestamp":"2024-03-27T13:41:53.182Z"',
    b'not json at all',
    b'["an","array"]',
    b'{"timestamp":"2024-03-27T13:41:53.182Z"}',
    b'{"uuid":"has space","timestamp":"2024-03-27T13:41:53.182Z"}',
    b'{"uuid":"bad1","timestamp":"2023-02-29T10:00:00Z"}',
    b'{"uuid":"bad2","timestamp":"2024-03-27T13:41:53"}',
    b'{"uuid":"bad3","timestamp":"2024-03-27T13:41:53Z","brands":"Zara"}',
    b'{"uuid":"bad4","timestamp":"2024-03-27T13:41:53Z","images":[{"labels":'
    b'[{"name":"Jeans","confidence":100.5}]}]}',
    b'{"uuid":"bad5","timestamp":"2024-03-27T13:41:53Z","images":["x"]}',
    b'{"uuid":"bad6","timestamp":"2024-03-27T13:41:53Z","brands":["Caf\xe9"]}',
]


def generate(out, items, seed):
    rng = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    start = 1672531200000                       # 2023-01-01T00:00:00Z
    span = 2 * 365 * 86400 * 1000
    lines = []                                  # list of bytes, file order
    seen = []
    for n in range(items):
        r = rng.random()
        if seen and r < 0.04:
            # A duplicate: later, earlier or the same timestamp.
            uuid, ms = rng.choice(seen)
            ms += rng.choice([0, 0, 86400000, -86400000, 1])
        else:
            uuid = "%016x" % rng.getrandbits(64)
            if rng.random() < 0.05:
                uuid = rng.choice(["item_", "x-", "Z"]) + uuid[:rng.randint(1, 12)]
            if seen and rng.random() < 0.03:
                ms = rng.choice(seen)[1]        # a timestamp tie
            elif rng.random() < 0.02:
                # Around midnight and month ends, for date: boundaries.
                day = start // 86400000 + rng.randrange(730)
                ms = day * 86400000 + rng.choice([0, -1, 1, 86399999])
            else:
                ms = start + rng.randrange(span)
            seen.append((uuid, ms))
        lines.append(json.dumps(make_item(rng, uuid, ms),
                                ensure_ascii=rng.random() < 0.2).encode())
        if rng.random() < 0.015:
            lines.append(rng.choice(BAD_LINES))
        if rng.random() < 0.005:
            lines.append(b"")
    nfiles = 4
    per = (len(lines) + nfiles - 1) // nfiles
    for k in range(nfiles):
        chunk = lines[k * per:(k + 1) * per]
        if k == 1:
            data = b"\xef\xbb\xbf" + b"\r\n".join(chunk) + b"\r\n"   # BOM + CRLF
        else:
            data = b"\n".join(chunk) + (b"\n" if k != 2 else b"")    # no final LF
        name = "part-%05d-6a1b.json" % k
        if k == 3:
            with gzip.open(os.path.join(out, name + ".gz"), "wb") as f:
                f.write(data)
        else:
            with open(os.path.join(out, name), "wb") as f:
                f.write(data)
        with open(os.path.join(out, "." + name + ".crc"), "wb") as f:
            f.write(b"crc garbage \xff\n")
    with open(os.path.join(out, "_SUCCESS"), "wb"):
        pass
    with open(os.path.join(out, "notes.txt"), "w") as f:
        f.write('{"uuid":"ignored","timestamp":"2024-01-01T00:00:00Z"}\n')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("out")
    a = ap.parse_args()
    generate(a.out, a.items, a.seed)


if __name__ == "__main__":
    main()
