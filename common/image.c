/*
 * image.c - JPEG decode, scale and encode with libjpeg-turbo's TurboJPEG API.
 *
 * Every entry point treats its input as hostile: the header is read and the
 * dimensions are checked before any pixel buffer is allocated, every
 * TurboJPEG return value is checked, and failures become cause strings.
 * A TurboJPEG handle is created per call, so all of this is thread-safe.
 */
#include "image.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <turbojpeg.h>
#include <unistd.h>

#include "phash.h"
#include "xmalloc.h"

/* Store a printf-style message in *cause when the caller wants one. */
static void __attribute__((format(printf, 2, 3)))
image_cause(char **cause, const char *fmt, ...)
{
	va_list ap;

	if (cause == NULL)
		return;
	va_start(ap, fmt);
	*cause = xvasprintf(fmt, ap);
	va_end(ap);
}

void
image_init(struct image *img)
{
	img->width = img->height = 0;
	img->rgb = NULL;
}

void
image_fini(struct image *img)
{
	free(img->rgb);
	image_init(img);
}

/* Check declared dimensions against the limits; false with a cause. */
static bool
image_check_size(int width, int height, char **cause)
{
	if (width <= 0 || height <= 0) {
		image_cause(cause, "JPEG header declares an empty image (%dx%d)",
		    width, height);
		return false;
	}
	if (width > IMAGE_MAX_SIDE || height > IMAGE_MAX_SIDE) {
		image_cause(cause, "JPEG is %dx%d, a side is longer than the "
		    "limit of %d pixels", width, height, IMAGE_MAX_SIDE);
		return false;
	}
	if ((uint64_t)width * (uint64_t)height > IMAGE_MAX_PIXELS) {
		image_cause(cause, "JPEG is %dx%d, more than the limit of %u "
		    "pixels", width, height, IMAGE_MAX_PIXELS);
		return false;
	}
	return true;
}

/*
 * The coefficient memory a progressive or lossless-style multi-scan JPEG
 * needs (IMAGE_MAX_COEF_BYTES), from its SOF marker; 0 for a baseline
 * JPEG (decoded a row band at a time) or when no SOF is found.
 */
static uint64_t
image_coef_bytes(const uint8_t *p, size_t len)
{
	size_t i = 2;

	while (i + 4 <= len) {
		unsigned marker, seglen;

		if (p[i] != 0xff)
			return 0;
		marker = p[i + 1];
		if (marker == 0xff) {        /* fill byte */
			i++;
			continue;
		}
		if (marker == 0xd8 || (marker >= 0xd0 && marker <= 0xd7) ||
		    marker == 0x01) {
			i += 2;
			continue;
		}
		if (marker == 0xda || marker == 0xd9)
			return 0;            /* scan data before any SOF */
		seglen = (unsigned)p[i + 2] << 8 | p[i + 3];
		if (seglen < 2 || i + 2 + seglen > len)
			return 0;
		/* SOF2, SOF6, SOF10, SOF14: progressive, whole-image buffers. */
		if (marker == 0xc2 || marker == 0xc6 || marker == 0xca ||
		    marker == 0xce) {
			const uint8_t *s = p + i + 4;
			uint64_t h, w, total = 0;
			unsigned n, hmax = 1, vmax = 1;

			if (seglen < 8)
				return 0;
			h = (uint64_t)s[1] << 8 | s[2];
			w = (uint64_t)s[3] << 8 | s[4];
			n = s[5];
			if (seglen < 8 + 3 * n)
				return 0;
			for (unsigned c = 0; c < n; c++) {
				unsigned hs = s[7 + 3 * c] >> 4, vs = s[7 + 3 * c] & 15;
				hmax = hs > hmax ? hs : hmax;
				vmax = vs > vmax ? vs : vmax;
			}
			for (unsigned c = 0; c < n; c++) {
				unsigned hs = s[7 + 3 * c] >> 4, vs = s[7 + 3 * c] & 15;
				uint64_t cw = (w * (hs ? hs : 1) + hmax - 1) / hmax;
				uint64_t ch = (h * (vs ? vs : 1) + vmax - 1) / vmax;
				/* 8x8 blocks, padded to the MCU, 64 shorts each. */
				total += ((cw + 15) / 8) * ((ch + 15) / 8) * 128;
			}
			return total;
		}
		if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 &&
		    marker != 0xc8 && marker != 0xcc)
			return 0;            /* another SOF: one scan */
		i += 2 + seglen;
	}
	return 0;
}

/* The first cause TurboJPEG gives for h, as a message. */
static void
image_tj_cause(char **cause, tjhandle h, const char *what)
{
	image_cause(cause, "%s: %s", what, tjGetErrorStr2(h));
}

/*
 * Read the header with an existing handle: dimensions, subsampling and
 * colour space, checked against the limits.
 */
static bool
image_header(tjhandle h, const void *data, size_t len, int *width,
    int *height, int *colorspace, char **cause)
{
	int subsamp;

	if (len == 0) {
		image_cause(cause, "empty file, not a JPEG");
		return false;
	}
	if (len < 4) {
		image_cause(cause, "%zu bytes, too short for a JPEG", len);
		return false;
	}
	if (((const uint8_t *)data)[0] != 0xff ||
	    ((const uint8_t *)data)[1] != 0xd8) {
		image_cause(cause, "not a JPEG (no SOI marker)");
		return false;
	}
	if (len > ULONG_MAX) {
		image_cause(cause, "JPEG too large");
		return false;
	}
	if (tjDecompressHeader3(h, data, (unsigned long)len, width, height,
	    &subsamp, colorspace) != 0) {
		image_tj_cause(cause, h, "cannot read JPEG header");
		return false;
	}
	if (!image_check_size(*width, *height, cause))
		return false;
	if (image_coef_bytes(data, len) > IMAGE_MAX_COEF_BYTES) {
		image_cause(cause, "progressive JPEG of %dx%d would need more than "
		    "%u MB to decode", *width, *height,
		    IMAGE_MAX_COEF_BYTES / (1024u * 1024u));
		return false;
	}
	return true;
}

bool
image_jpeg_size(const void *data, size_t len, int *width, int *height,
    char **cause)
{
	tjhandle h;
	int cs;
	bool ok;

	if ((h = tjInitDecompress()) == NULL) {
		image_cause(cause, "cannot start the JPEG decoder: %s",
		    tjGetErrorStr2(NULL));
		return false;
	}
	ok = image_header(h, data, len, width, height, &cs, cause);
	tjDestroy(h);
	return ok;
}

/*
 * The size image_fit() gives a width x height image for a max_w x max_h
 * box (0 = unbounded): aspect kept, never enlarged, never below 1 pixel.
 */
static void
image_fit_size(int width, int height, int max_w, int max_h, int *out_w,
    int *out_h)
{
	double f = 1.0;

	if (max_w > 0 && width > max_w)
		f = (double)max_w / width;
	if (max_h > 0 && height > max_h && (double)max_h / height < f)
		f = (double)max_h / height;
	*out_w = width;
	*out_h = height;
	if (f < 1.0) {
		*out_w = (int)(width * f + 0.5);
		*out_h = (int)(height * f + 0.5);
		if (max_w > 0 && *out_w > max_w)
			*out_w = max_w;
		if (max_h > 0 && *out_h > max_h)
			*out_h = max_h;
		if (*out_w < 1)
			*out_w = 1;
		if (*out_h < 1)
			*out_h = 1;
	}
}

/*
 * Pick the smallest DCT scaling factor whose output still covers what
 * image_fit() will make of the image in max_w x max_h, so that fitting
 * afterwards only ever shrinks.
 */
static tjscalingfactor
image_pick_scale(int width, int height, int max_w, int max_h)
{
	tjscalingfactor best = { 1, 1 }, *sf;
	int n, i, fw, fh, sw, sh;

	image_fit_size(width, height, max_w, max_h, &fw, &fh);
	if ((sf = tjGetScalingFactors(&n)) == NULL)
		return best;
	for (i = 0; i < n; i++) {
		/* Only downscaling factors; 1/1 is the fallback. */
		if (sf[i].num >= sf[i].denom)
			continue;
		sw = TJSCALED(width, sf[i]);
		sh = TJSCALED(height, sf[i]);
		if (sw < fw || sh < fh)
			continue;
		if ((double)sf[i].num / sf[i].denom <
		    (double)best.num / best.denom)
			best = sf[i];
	}
	return best;
}

/*
 * Turn decoded CMYK pixels into RGB in place (4 bytes in, 3 out). Adobe
 * CMYK JPEGs, which is what libjpeg writes and reads back, store the
 * channels inverted (255 = no ink), so R = C * K / 255.
 */
static void
image_cmyk_to_rgb(uint8_t *px, size_t npixels)
{
	size_t i;
	unsigned int c, m, y, k;

	for (i = 0; i < npixels; i++) {
		c = px[i * 4];
		m = px[i * 4 + 1];
		y = px[i * 4 + 2];
		k = px[i * 4 + 3];
		px[i * 3] = (uint8_t)((c * k + 127) / 255);
		px[i * 3 + 1] = (uint8_t)((m * k + 127) / 255);
		px[i * 3 + 2] = (uint8_t)((y * k + 127) / 255);
	}
}

/*
 * image_decode_jpeg(), also giving the original size (orig_* not NULL).
 * fast: upsample chroma by replication, not by interpolation, which a
 * thumbnail averages away anyway.
 */
static bool
image_decode(const void *data, size_t len, int max_w, int max_h, bool fast,
    struct image *out, int *orig_w, int *orig_h, char **cause)
{
	tjhandle h;
	tjscalingfactor sf;
	int width, height, cs, sw, sh, pf, bpp;
	size_t size;
	uint8_t *px = NULL;

	image_init(out);
	if ((h = tjInitDecompress()) == NULL) {
		image_cause(cause, "cannot start the JPEG decoder: %s",
		    tjGetErrorStr2(NULL));
		return false;
	}
	if (!image_header(h, data, len, &width, &height, &cs, cause))
		goto fail;

	sf = image_pick_scale(width, height, max_w, max_h);
	sw = TJSCALED(width, sf);
	sh = TJSCALED(height, sf);
	/* TurboJPEG 2.1 cannot convert CMYK to RGB itself. */
	if (cs == TJCS_CMYK || cs == TJCS_YCCK) {
		pf = TJPF_CMYK;
		bpp = 4;
	} else {
		pf = TJPF_RGB;
		bpp = 3;
	}
	/* Both sides are <= IMAGE_MAX_SIDE: the product fits in size_t. */
	size = (size_t)sw * (size_t)sh;
	if (size > SIZE_MAX / (size_t)bpp || sw > INT_MAX / bpp) {
		image_cause(cause, "JPEG is too large to decode (%dx%d)", sw, sh);
		goto fail;
	}
	size *= (size_t)bpp;
	px = xmalloc(size);
	/*
	 * A warning (a truncated file, a bad Huffman code) still leaves a
	 * usable image with grey where the data ran out: show it. Progressive
	 * files with absurd scan counts are cut off by TJFLAG_LIMITSCANS.
	 */
	if (tjDecompress2(h, data, (unsigned long)len, px, sw, sw * bpp, sh, pf,
	    TJFLAG_FASTDCT | TJFLAG_NOREALLOC | TJFLAG_LIMITSCANS |
	    (fast ? TJFLAG_FASTUPSAMPLE : 0)) != 0 &&
	    tjGetErrorCode(h) != TJERR_WARNING) {
		image_tj_cause(cause, h, "cannot decode JPEG");
		goto fail;
	}
	if (pf == TJPF_CMYK) {
		image_cmyk_to_rgb(px, (size_t)sw * (size_t)sh);
		px = xreallocarray(px, (size_t)sw * (size_t)sh, 3);
	}
	tjDestroy(h);
	*orig_w = width;
	*orig_h = height;
	out->width = sw;
	out->height = sh;
	out->rgb = px;
	return true;

fail:
	free(px);
	tjDestroy(h);
	return false;
}

bool
image_decode_jpeg(const void *data, size_t len, int max_w, int max_h,
    struct image *out, char **cause)
{
	int w, h;

	return image_decode(data, len, max_w, max_h, false, out, &w, &h, cause);
}

bool
image_read_file(const char *path, size_t max_bytes, void **data, size_t *len,
    char **cause)
{
	struct stat st;
	int fd;
	size_t got = 0;
	ssize_t n;
	char *buf = NULL;

	*data = NULL;
	*len = 0;
	/* O_NONBLOCK: a FIFO (or a tty) must not hang us before S_ISREG. */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)) == -1) {
		image_cause(cause, "%s: %s", path, strerror(errno));
		return false;
	}
	if (fstat(fd, &st) == -1) {
		image_cause(cause, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		image_cause(cause, "%s: not a regular file", path);
		goto fail;
	}
	if (st.st_size < 0 || (uintmax_t)st.st_size > max_bytes) {
		image_cause(cause, "%s: %jd bytes, more than the limit of %zu",
		    path, (intmax_t)st.st_size, max_bytes);
		goto fail;
	}
	/* One spare byte so that a file grown since fstat() is noticed. */
	buf = xmalloc((size_t)st.st_size + 1);
	while (got <= (size_t)st.st_size) {
		n = read(fd, buf + got, (size_t)st.st_size + 1 - got);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			image_cause(cause, "%s: %s", path, strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	if (got > (size_t)st.st_size) {
		image_cause(cause, "%s: file changed while being read", path);
		goto fail;
	}
	close(fd);
	*data = buf;
	*len = got;
	return true;

fail:
	free(buf);
	close(fd);
	return false;
}

/*
 * Shrink one dimension's run of source samples into dst_n buckets: the
 * start of bucket i is i * src_n / dst_n. Every bucket gets >= 1 sample
 * because dst_n <= src_n.
 */
static inline int
image_bucket(int i, int src_n, int dst_n)
{
	return (int)((int64_t)i * src_n / dst_n);
}

/*
 * The rounded mean sum / area (sum + area / 2 over area, as integers) from
 * a reciprocal: an integer division per channel of every thumbnail pixel
 * was a fifth of a thumbnail's time. Exact: num / area is at most 256 and,
 * unless whole, at least 1 / area (> 1e-9) from the next integer, while the
 * product's error is below 1e-12.
 */
static inline uint8_t
image_mean(uint32_t sum, uint32_t area, double inv)
{
	return (uint8_t)((double)(sum + area / 2) * inv + 1e-10);
}

/*
 * GCC's -O2 vectorises only loops without an epilogue; the two row loops
 * below touch every decoded byte, so ask for the full vectoriser there
 * (clang does it at -O2).
 */
#if defined(__GNUC__) && !defined(__clang__)
#define IMAGE_VECTORISE __attribute__((optimize("tree-vectorize", \
    "vect-cost-model=dynamic")))
#else
#define IMAGE_VECTORISE
#endif

/* acc[i] = row[i] for n samples. */
static void IMAGE_VECTORISE
image_row_set(uint32_t *restrict acc, const uint8_t *restrict row, size_t n)
{
	for (size_t i = 0; i < n; i++)
		acc[i] = row[i];
}

/* acc[i] += row[i] for n samples. */
static void IMAGE_VECTORISE
image_row_add(uint32_t *restrict acc, const uint8_t *restrict row, size_t n)
{
	for (size_t i = 0; i < n; i++)
		acc[i] += row[i];
}

void
image_fit(struct image *img, int max_w, int max_h)
{
	int dw, dh, sw = img->width, sh = img->height;
	int x, y, sx, sy, y0, y1, *xs;
	uint32_t *acc, sum[3], area;
	uint8_t *dst, *out;
	double *inv_x, inv;

	if (img->rgb == NULL || sw <= 0 || sh <= 0)
		return;
	image_fit_size(sw, sh, max_w, max_h, &dw, &dh);
	if (dw == sw && dh == sh)
		return;

	/*
	 * Separable box filter: sum the source rows of each output row into
	 * acc (at most 30000 rows x 255 fits in 32 bits), then the columns,
	 * whose bucket edges and reciprocal widths are the same on each row.
	 */
	acc = xreallocarray(NULL, (size_t)sw * 3, sizeof *acc);
	dst = xreallocarray(NULL, (size_t)dw * (size_t)dh, 3);
	xs = xreallocarray(NULL, (size_t)dw + 1, sizeof *xs);
	inv_x = xreallocarray(NULL, (size_t)dw, sizeof *inv_x);
	for (x = 0; x <= dw; x++)
		xs[x] = image_bucket(x, sw, dw);
	for (x = 0; x < dw; x++)
		inv_x[x] = 1.0 / (xs[x + 1] - xs[x]);
	out = dst;
	for (y = 0; y < dh; y++) {
		y0 = image_bucket(y, sh, dh);
		y1 = image_bucket(y + 1, sh, dh);
		image_row_set(acc, img->rgb + (size_t)y0 * (size_t)sw * 3,
		    (size_t)sw * 3);
		for (sy = y0 + 1; sy < y1; sy++)
			image_row_add(acc, img->rgb + (size_t)sy * (size_t)sw * 3,
			    (size_t)sw * 3);
		inv = 1.0 / (y1 - y0);
		for (x = 0; x < dw; x++, out += 3) {
			const uint32_t *a = acc + (size_t)xs[x] * 3;
			int n = xs[x + 1] - xs[x];
			double f = inv_x[x] * inv;

			sum[0] = sum[1] = sum[2] = 0;
			for (sx = 0; sx < n; sx++, a += 3) {
				sum[0] += a[0];
				sum[1] += a[1];
				sum[2] += a[2];
			}
			area = (uint32_t)n * (uint32_t)(y1 - y0);
			out[0] = image_mean(sum[0], area, f);
			out[1] = image_mean(sum[1], area, f);
			out[2] = image_mean(sum[2], area, f);
		}
	}
	free(inv_x);
	free(xs);
	free(acc);
	free(img->rgb);
	img->rgb = dst;
	img->width = dw;
	img->height = dh;
}

bool
image_encode_jpeg(const struct image *img, int quality, void **jpeg,
    size_t *len, char **cause)
{
	tjhandle h;
	unsigned long bound, size;
	unsigned char *out;

	*jpeg = NULL;
	*len = 0;
	if (!image_check_size(img->width, img->height, cause))
		return false;
	if (quality < 1 || quality > 100)
		quality = 85;
	bound = tjBufSize(img->width, img->height, TJSAMP_420);
	if (bound == (unsigned long)-1) {
		image_cause(cause, "cannot encode: %s", tjGetErrorStr2(NULL));
		return false;
	}
	if ((h = tjInitCompress()) == NULL) {
		image_cause(cause, "cannot start the JPEG encoder: %s",
		    tjGetErrorStr2(NULL));
		return false;
	}
	/* Our own buffer, never reallocated, so the caller can free() it. */
	out = xmalloc(bound);
	size = bound;
	if (tjCompress2(h, img->rgb, img->width, img->width * 3, img->height,
	    TJPF_RGB, &out, &size, TJSAMP_420, quality,
	    TJFLAG_NOREALLOC | TJFLAG_FASTDCT) != 0) {
		image_tj_cause(cause, h, "cannot encode JPEG");
		free(out);
		tjDestroy(h);
		return false;
	}
	tjDestroy(h);
	*jpeg = xreallocarray(out, size, 1);
	*len = size;
	return true;
}

bool
image_thumbnail_file(const char *path, int longest, void **jpeg, size_t *len,
    int *orig_w, int *orig_h, char **cause)
{
	return image_thumbnail_file_phash(path, longest, jpeg, len, orig_w,
	    orig_h, NULL, cause);
}

bool
image_thumbnail_file_phash(const char *path, int longest, void **jpeg,
    size_t *len, int *orig_w, int *orig_h, struct phash *phash, char **cause)
{
	void *data;
	size_t n;
	int w, h;
	struct image img;
	char *why = NULL;

	*jpeg = NULL;
	*len = 0;
	if (!image_read_file(path, IMAGE_MAX_FILE_BYTES, &data, &n, cause))
		return false;
	if (!image_decode(data, n, longest, longest, true, &img, &w, &h, &why)) {
		image_cause(cause, "%s: %s", path, why);
		free(why);
		free(data);
		return false;
	}
	free(data);
	if (orig_w != NULL)
		*orig_w = w;
	if (orig_h != NULL)
		*orig_h = h;
	image_fit(&img, longest, longest);
	/* The thumbnail's own pixels: no second decode of the photo. */
	if (phash != NULL)
		*phash = phash_rgb(img.rgb, img.width, img.height);
	if (!image_encode_jpeg(&img, 85, jpeg, len, &why)) {
		image_cause(cause, "%s: %s", path, why);
		free(why);
		image_fini(&img);
		return false;
	}
	image_fini(&img);
	return true;
}
