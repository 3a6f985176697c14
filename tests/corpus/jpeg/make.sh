#!/bin/sh
# make.sh - regenerate the hostile JPEG corpus in this directory.
#
# Each file is something a photo directory may really hold, or an attack:
# every one must give test-image either a decoded image or a cause, never a
# crash or a huge allocation. Needs ImageMagick's convert and python3.
# The results are committed; run this only to change the corpus.
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A small photo-like source: gradient plus noise, so the scans are not trivial.
convert -size 320x240 gradient:'#c04020-#2040c0' \
    \( -size 320x240 xc:gray50 -seed 1 +noise Gaussian \) -compose overlay -composite \
    -depth 8 "$tmp/src.png"

convert "$tmp/src.png" -quality 85 -sampling-factor 2x2 -strip ok-baseline.jpg
convert "$tmp/src.png" -quality 85 -interlace Plane -strip progressive.jpg
convert "$tmp/src.png" -quality 85 -colorspace CMYK -strip cmyk.jpg
convert "$tmp/src.png" -quality 85 -colorspace Gray -strip gray.jpg
convert "$tmp/src.png" -define png:exclude-chunks=date,time png-named.jpg.png &&
    mv png-named.jpg.png png-named.jpg
: > empty.jpg

# A really arithmetic-coded JPEG (SOF9 + DAC): ImageMagick 6 cannot write
# one, libjpeg can. Needs a C compiler and libjpeg's headers (Debian:
# libjpeg62-turbo-dev); skipped, keeping the committed file, without them.
cat > "$tmp/arith.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <jpeglib.h>
/* Read a binary PPM (P6, maxval 255) on stdin, write an arithmetic JPEG on stdout. */
int
main(void)
{
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr e;
	int w, h, max;
	unsigned char *px;
	JSAMPROW row;

	if (scanf("P6 %d %d %d", &w, &h, &max) != 3 || max != 255 || getchar() == EOF)
		return 1;
	px = malloc((size_t)w * h * 3);
	if (px == NULL || fread(px, 3, (size_t)w * h, stdin) != (size_t)w * h)
		return 1;
	c.err = jpeg_std_error(&e);
	jpeg_create_compress(&c);
	jpeg_stdio_dest(&c, stdout);
	c.image_width = w;
	c.image_height = h;
	c.input_components = 3;
	c.in_color_space = JCS_RGB;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, 85, TRUE);
	c.arith_code = TRUE;
	jpeg_start_compress(&c, TRUE);
	while (c.next_scanline < c.image_height) {
		row = px + (size_t)c.next_scanline * w * 3;
		jpeg_write_scanlines(&c, &row, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	return 0;
}
C
if cc -o "$tmp/arith" "$tmp/arith.c" -ljpeg 2>/dev/null; then
	convert "$tmp/src.png" ppm:- | "$tmp/arith" > arithmetic.jpg
else
	echo "make.sh: no C compiler or libjpeg headers: arithmetic.jpg kept" >&2
fi

python3 - <<'PY'
import struct

base = open("ok-baseline.jpg", "rb").read()
prog = open("progressive.jpg", "rb").read()

def find_sof(d):
    """Offset of the SOFn marker (FFC0..FFCF except C4, C8, CC)."""
    i = 2
    while i + 4 <= len(d):
        assert d[i] == 0xFF, "marker expected"
        m = d[i + 1]
        if 0xC0 <= m <= 0xCF and m not in (0xC4, 0xC8, 0xCC):
            return i
        i += 2 + struct.unpack(">H", d[i + 2:i + 4])[0]
    raise SystemExit("no SOF")

def with_size(d, w, h):
    o = find_sof(d)
    return d[:o + 5] + struct.pack(">HH", h, w) + d[o + 9:]

def with_marker(d, m, precision=None):
    o = find_sof(d)
    d = d[:o + 1] + bytes([m]) + d[o + 2:]
    if precision is not None:
        d = d[:o + 4] + bytes([precision]) + d[o + 5:]
    return d

# Cut in the middle of the entropy-coded data: decodes with a warning.
open("truncated.jpg", "wb").write(base[:len(base) * 6 // 10])
open("truncated-progressive.jpg", "wb").write(prog[:len(prog) // 2])
# Only the headers, up to the start of scan.
open("headers-only.jpg", "wb").write(base[:base.index(b"\xff\xda")])
# SOI and nothing else.
open("soi-only.jpg", "wb").write(b"\xff\xd8")
# Headers that claim absurd sizes: must be refused before allocating.
open("huge-60000x60000.jpg", "wb").write(with_size(base, 60000, 60000))
open("huge-progressive-40000x20000.jpg", "wb").write(with_size(prog, 40000, 20000))
open("zero-width.jpg", "wb").write(with_size(base, 0, 240))
# Within the side limit but over the pixel limit (29000 x 29000 > 100 M).
open("huge-29000x29000.jpg", "wb").write(with_size(base, 29000, 29000))
# 12-bit precision (SOF1): libjpeg-turbo's 8-bit API refuses it.
open("precision-12bit.jpg", "wb").write(with_marker(base, 0xC1, 12))
# Arithmetic-coded marker (SOF9) over Huffman data: decodes to garbage or fails.
open("arithmetic-sof9.jpg", "wb").write(with_marker(base, 0xC9))
# Lossless (SOF3): not supported by the 8-bit decoder.
open("lossless-sof3.jpg", "wb").write(with_marker(base, 0xC3))
# Random bytes after a valid SOI/APP0 start.
import random
r = random.Random(7)
open("garbage.jpg", "wb").write(base[:20] + bytes(r.randrange(256) for _ in range(4000)))
# Bit flips in the entropy-coded segment.
d = bytearray(base)
sos = base.index(b"\xff\xda")
for _ in range(40):
    i = r.randrange(sos + 20, len(d) - 2)
    d[i] ^= 1 << r.randrange(8)
open("bitflips.jpg", "wb").write(bytes(d))
# A segment length that runs past the end of the file.
o = find_sof(base)
open("bad-segment-length.jpg", "wb").write(base[:o + 2] + b"\xff\xff" + base[o + 4:o + 40])
PY
ls -l
