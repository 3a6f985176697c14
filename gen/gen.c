/*
 * gen.c - write a generated dataset: item records as Spark leaves them
 * (contract §2) or the raw dump Spark reads (contract §1), with photos.
 *
 * Items are made in chunks by worker threads; each chunk is serialised
 * into its own buffer and the parts are written in item order by the main
 * thread, so the bytes do not depend on --threads.
 */
#include "gen.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "buf.h"
#include "gen_draw.h"
#include "gen_item.h"
#include "jsonout.h"
#include "xmalloc.h"

/* Items per unit of work: small with photos (seconds each), big without. */
#define GEN_CHUNK_PHOTOS 2
#define GEN_CHUNK_META 256

/* Store a printf-style message in *cause when the caller wants one. */
static void __attribute__((format(printf, 2, 3)))
gen_cause(char **cause, const char *fmt, ...)
{
	va_list ap;

	if (cause == NULL)
		return;
	va_start(ap, fmt);
	*cause = xvasprintf(fmt, ap);
	va_end(ap);
}

/* ------------------------------------------------------------------ */
/* JSON, byte for byte as the Spark job writes it                       */

/*
 * A fixed-point value (1e-4 units) in the shortest form that reads back
 * as the same double, with ".0" on integers: 99.98, 100.0, 0.1234. No
 * shorter decimal can round to the same double at these magnitudes, so
 * stripping trailing zeros is the shortest form (what Python's repr and
 * Java's Double.toString print in this range).
 */
static void
gen_json_num(struct buf *b, int32_t v)
{
	char s[24];
	int n, frac = v % GEN_UNIT, digits = 4;

	n = snprintf(s, sizeof s, "%d.", v / GEN_UNIT);
	if (frac == 0) {
		s[n++] = '0';
	} else {
		while (frac % 10 == 0) {
			frac /= 10;
			digits--;
		}
		n += snprintf(s + n, sizeof s - (size_t)n, "%0*d", digits, frac);
	}
	buf_add(b, s, (size_t)n);
}

/* A key with its punctuation (",\"top\":"), then a number. */
static void
gen_json_keynum(struct buf *b, const char *key, int32_t v)
{
	buf_adds(b, key);
	gen_json_num(b, v);
}

/* A JSON array of strings. */
static void
gen_json_strs(struct buf *b, const char *const *v, int n)
{
	int i;

	buf_addc(b, '[');
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(b, ',');
		jsonout_adds(b, v[i]);
	}
	buf_addc(b, ']');
}

/* The item-level fields shared by records and raw item rows. */
static void
gen_json_fields(struct buf *b, const struct gen_item *it)
{
	const char *sizes[GEN_MAX_PRED];
	int i;

	buf_adds(b, "{\"uuid\":");
	jsonout_adds(b, it->uuid);
	buf_adds(b, ",\"timestamp\":");
	jsonout_adds(b, it->timestamp);
	buf_adds(b, ",\"productTypes\":");
	gen_json_strs(b, it->types, it->ntypes);
	buf_adds(b, ",\"colors\":");
	gen_json_strs(b, it->colors, it->ncolors);
	buf_adds(b, ",\"brands\":");
	gen_json_strs(b, it->brands, it->nbrands);
	for (i = 0; i < it->nsizes; i++)
		sizes[i] = it->sizes[i];
	buf_adds(b, ",\"sizes\":");
	gen_json_strs(b, sizes, it->nsizes);
}

/* A record box: {"left":..,"top":..,"width":..,"height":..}. */
static void
gen_json_box(struct buf *b, const struct gen_box *box)
{
	gen_json_keynum(b, "{\"left\":", box->left);
	gen_json_keynum(b, ",\"top\":", box->top);
	gen_json_keynum(b, ",\"width\":", box->width);
	gen_json_keynum(b, ",\"height\":", box->height);
	buf_addc(b, '}');
}

/* One item record (contract §2), one line. */
static void
gen_json_record(struct buf *b, const struct gen_item *it, bool images)
{
	const struct gen_photo *ph;
	const struct gen_label *l;
	int k, i, j;
	bool first;

	gen_json_fields(b, it);
	buf_adds(b, ",\"images\":[");
	for (k = 0; k < it->nphotos; k++) {
		ph = &it->photos[k];
		if (k > 0)
			buf_addc(b, ',');
		buf_addf(b, "{\"name\":\"image-%d.jpg\",\"path\":\"images/%s/"
		    "image-%d.jpg\"", k, it->uuid, k);
		if (images)
			buf_addf(b, ",\"bytes\":%zu,\"width\":%d,\"height\":%d",
			    ph->bytes, ph->width, ph->height);
		buf_adds(b, ",\"labels\":[");
		for (i = 0; i < ph->nlabels; i++) {
			l = &ph->labels[i];
			if (i > 0)
				buf_addc(b, ',');
			buf_adds(b, "{\"name\":");
			jsonout_adds(b, l->def->name);
			gen_json_keynum(b, ",\"confidence\":", l->confidence);
			buf_adds(b, ",\"boxes\":[");
			for (j = 0; j < l->nboxes; j++) {
				if (j > 0)
					buf_addc(b, ',');
				gen_json_box(b, &l->boxes[j]);
			}
			buf_adds(b, "]}");
		}
		buf_adds(b, "],\"text\":[");
		first = true;
		for (i = 0; i < ph->nwords; i++) {
			if (!first)
				buf_addc(b, ',');
			first = false;
			buf_adds(b, "{\"text\":");
			jsonout_adds(b, ph->words[i].text);
			gen_json_keynum(b, ",\"confidence\":",
			    ph->words[i].confidence);
			buf_adds(b, ",\"box\":");
			gen_json_box(b, &ph->words[i].box);
			buf_addc(b, '}');
		}
		buf_adds(b, "]}");
	}
	buf_adds(b, "]}\n");
}

/* The record line of one item, without photos on disk (gen.h). */
void
gen_record_line(uint64_t seed, uint64_t index, struct buf *out)
{
	struct gen_item *it = xmalloc(sizeof *it);

	gen_item_make(seed, index, GEN_DEFAULT_MAX_SIDE, it);
	gen_json_record(out, it, false);
	free(it);
}

/* A Rekognition BoundingBox object. */
static void
gen_json_bbox(struct buf *b, const struct gen_box *box)
{
	gen_json_keynum(b, "{\"Width\":", box->width);
	gen_json_keynum(b, ",\"Height\":", box->height);
	gen_json_keynum(b, ",\"Left\":", box->left);
	gen_json_keynum(b, ",\"Top\":", box->top);
	buf_addc(b, '}');
}

/* The DetectLabels response of a photo (contract §1). */
static void
gen_json_labels(struct buf *b, const struct gen_photo *ph)
{
	const struct gen_label *l;
	int i, j;

	buf_adds(b, "{\"Labels\":[");
	for (i = 0; i < ph->nlabels; i++) {
		l = &ph->labels[i];
		if (i > 0)
			buf_addc(b, ',');
		buf_adds(b, "{\"Name\":");
		jsonout_adds(b, l->def->name);
		gen_json_keynum(b, ",\"Confidence\":", l->confidence);
		buf_adds(b, ",\"Instances\":[");
		for (j = 0; j < l->nboxes; j++) {
			if (j > 0)
				buf_addc(b, ',');
			buf_adds(b, "{\"BoundingBox\":");
			gen_json_bbox(b, &l->boxes[j]);
			gen_json_keynum(b, ",\"Confidence\":",
			    l->box_confidence[j]);
			buf_addc(b, '}');
		}
		buf_adds(b, "],\"Parents\":[");
		for (j = 0; j < 3 && l->def->parents[j] != NULL; j++) {
			if (j > 0)
				buf_addc(b, ',');
			buf_adds(b, "{\"Name\":");
			jsonout_adds(b, l->def->parents[j]->name);
			buf_addc(b, '}');
		}
		buf_adds(b, "],\"Categories\":[{\"Name\":");
		jsonout_adds(b, l->def->category);
		buf_adds(b, "}]}");
	}
	buf_adds(b, "],\"LabelModelVersion\":\"3.0\"}\n");
}

/* One DetectText detection: a LINE (parent < 0) or a WORD. */
static void
gen_json_detection(struct buf *b, const char *text, int id, int parent,
    int32_t conf, const struct gen_box *box)
{
	buf_adds(b, "{\"DetectedText\":");
	jsonout_adds(b, text);
	buf_addf(b, ",\"Type\":\"%s\",\"Id\":%d", parent < 0 ? "LINE" : "WORD",
	    id);
	if (parent >= 0)
		buf_addf(b, ",\"ParentId\":%d", parent);
	gen_json_keynum(b, ",\"Confidence\":", conf);
	buf_adds(b, ",\"Geometry\":{\"BoundingBox\":");
	gen_json_bbox(b, box);
	gen_json_keynum(b, ",\"Polygon\":[{\"X\":", box->left);
	gen_json_keynum(b, ",\"Y\":", box->top);
	gen_json_keynum(b, "},{\"X\":", box->left + box->width);
	gen_json_keynum(b, ",\"Y\":", box->top);
	gen_json_keynum(b, "},{\"X\":", box->left + box->width);
	gen_json_keynum(b, ",\"Y\":", box->top + box->height);
	gen_json_keynum(b, "},{\"X\":", box->left);
	gen_json_keynum(b, ",\"Y\":", box->top + box->height);
	buf_adds(b, "}]}}");
}

/* The DetectText response of a photo: LINEs first, then WORDs. */
static void
gen_json_text(struct buf *b, const struct gen_photo *ph)
{
	const struct gen_line *ln;
	char line[GEN_MAX_WORDS * GEN_WORD_BYTES];
	int i, j;
	size_t n;
	int32_t conf;

	buf_adds(b, "{\"TextDetections\":[");
	for (i = 0; i < ph->nlines; i++) {
		ln = &ph->lines[i];
		line[0] = '\0';
		n = 0;
		conf = 100 * GEN_UNIT;
		for (j = 0; j < ln->count; j++) {
			n += (size_t)snprintf(line + n, sizeof line - n, "%s%s",
			    j > 0 ? " " : "", ph->words[ln->first + j].text);
			if (ph->words[ln->first + j].confidence < conf)
				conf = ph->words[ln->first + j].confidence;
		}
		if (i > 0)
			buf_addc(b, ',');
		gen_json_detection(b, line, i, -1, conf, &ln->box);
	}
	for (i = 0; i < ph->nwords; i++) {
		buf_addc(b, ',');
		gen_json_detection(b, ph->words[i].text, ph->nlines + i,
		    ph->words[i].line, ph->words[i].confidence,
		    &ph->words[i].box);
	}
	buf_adds(b, "],\"TextModelVersion\":\"3.0\"}\n");
}

/* ------------------------------------------------------------------ */
/* Files                                                                */

/* Write all of data to a new file at path. */
static bool
gen_write_file(const char *path, const void *data, size_t len, char **cause)
{
	int fd;
	ssize_t n;
	const char *p = data;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) ==
	    -1) {
		gen_cause(cause, "%s: %s", path, strerror(errno));
		return false;
	}
	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			gen_cause(cause, "%s: %s", path, strerror(errno));
			close(fd);
			return false;
		}
		p += n;
		len -= (size_t)n;
	}
	if (close(fd) == -1) {
		gen_cause(cause, "%s: %s", path, strerror(errno));
		return false;
	}
	return true;
}

/* mkdir that accepts an existing directory. */
static bool
gen_mkdir(const char *path, char **cause)
{
	if (mkdir(path, 0755) == -1 && errno != EEXIST) {
		gen_cause(cause, "%s: %s", path, strerror(errno));
		return false;
	}
	return true;
}

/*
 * A part file being written, with the Hadoop checksum file Spark leaves
 * beside it (".NAME.crc": "crc\0", 512 as bytes per checksum, then the
 * big-endian CRC-32 of every 512-byte chunk).
 */
struct gen_part {
	char *path;
	FILE *f;
	struct buf crcs;
	uLong crc;
	size_t fill;
};

/* Start a part file at path (owned by the part from now on). */
static bool
gen_part_open(struct gen_part *p, char *path, char **cause)
{
	p->path = path;
	buf_init(&p->crcs);
	buf_add(&p->crcs, "crc\0\0\0\2\0", 8);
	p->crc = crc32(0, Z_NULL, 0);
	p->fill = 0;
	if ((p->f = fopen(path, "we")) == NULL) {
		gen_cause(cause, "%s: %s", path, strerror(errno));
		buf_fini(&p->crcs);
		free(path);
		return false;
	}
	return true;
}

/* Append the current chunk's CRC to the checksum list. */
static void
gen_part_crc_flush(struct gen_part *p)
{
	unsigned char be[4];

	if (p->fill == 0)
		return;
	be[0] = (unsigned char)(p->crc >> 24);
	be[1] = (unsigned char)(p->crc >> 16);
	be[2] = (unsigned char)(p->crc >> 8);
	be[3] = (unsigned char)p->crc;
	buf_add(&p->crcs, be, 4);
	p->crc = crc32(0, Z_NULL, 0);
	p->fill = 0;
}

/* Write bytes to the part, keeping the checksums. */
static bool
gen_part_write(struct gen_part *p, const void *data, size_t len, char **cause)
{
	const unsigned char *d = data;
	size_t n, left = len;

	while (left > 0) {
		n = 512 - p->fill < left ? 512 - p->fill : left;
		p->crc = crc32(p->crc, d, (uInt)n);
		p->fill += n;
		d += n;
		left -= n;
		if (p->fill == 512)
			gen_part_crc_flush(p);
	}
	if (len > 0 && fwrite(data, 1, len, p->f) != len) {
		gen_cause(cause, "%s: %s", p->path, strerror(errno));
		return false;
	}
	return true;
}

/* Finish the part and write its .crc file (if crc); frees the part. */
static bool
gen_part_close(struct gen_part *p, bool crc, char **cause)
{
	char *dir, *base, *crcpath;
	bool ok = true;

	if (fclose(p->f) != 0) {
		gen_cause(cause, "%s: %s", p->path, strerror(errno));
		ok = false;
	}
	gen_part_crc_flush(p);
	if (ok && crc) {
		base = strrchr(p->path, '/');
		dir = xstrndup(p->path, (size_t)(base - p->path));
		crcpath = xasprintf("%s/.%s.crc", dir, base + 1);
		ok = gen_write_file(crcpath, p->crcs.data, p->crcs.len, cause);
		free(crcpath);
		free(dir);
	}
	buf_fini(&p->crcs);
	free(p->path);
	return ok;
}

/* Write data to the part through gzip (z is an initialised deflater). */
static bool
gen_part_deflate(struct gen_part *p, z_stream *z, const void *data,
    size_t len, int flush, char **cause)
{
	unsigned char out[65536];
	int rc;

	z->next_in = (Bytef *)(uintptr_t)data;
	z->avail_in = (uInt)len;
	do {
		z->next_out = out;
		z->avail_out = sizeof out;
		rc = deflate(z, flush);
		if (rc == Z_STREAM_ERROR) {
			gen_cause(cause, "%s: zlib error", p->path);
			return false;
		}
		if (!gen_part_write(p, out, sizeof out - z->avail_out, cause))
			return false;
	} while (z->avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
	return true;
}

/* ------------------------------------------------------------------ */
/* The work                                                             */

struct gen_chunk {
	uint64_t first, count;
	struct buf out;
};

/* One part's items, shared by the worker threads. */
struct gen_job {
	const struct gen_options *opts;
	struct gen_chunk *chunks;
	size_t nchunks, next;
	pthread_mutex_t lock;
	char *cause;                  /* the first failure */
	uint64_t photos, photo_bytes;
};

/* Make one item: its photos and raw responses on disk, its line in out. */
static bool
gen_one(const struct gen_options *o, uint64_t index, struct gen_item *it,
    struct buf *out, struct buf *scratch, uint64_t *photos,
    uint64_t *photo_bytes, char **cause)
{
	char path[PATH_MAX];
	void *jpeg;
	size_t len;
	int k;

	gen_item_make(o->seed, index, o->max_side, it);
	if (o->images) {
		snprintf(path, sizeof path, "%s/images/%s", o->out_dir, it->uuid);
		if (!gen_mkdir(path, cause))
			return false;
		for (k = 0; k < it->nphotos; k++) {
			if (!gen_draw_photo(it, k, &jpeg, &len, cause))
				return false;
			if (it->relist != GEN_RELIST_NONE &&
			    !gen_draw_relisted(it, k, &jpeg, &len, cause)) {
				free(jpeg);
				return false;
			}
			snprintf(path, sizeof path, "%s/images/%s/image-%d.jpg",
			    o->out_dir, it->uuid, k);
			if (!gen_write_file(path, jpeg, len, cause)) {
				free(jpeg);
				return false;
			}
			free(jpeg);
			it->photos[k].bytes = len;
			(*photos)++;
			*photo_bytes += len;
		}
	}
	if (o->format == GEN_RECORDS) {
		gen_json_record(out, it, o->images);
		return true;
	}
	gen_json_fields(out, it);
	buf_adds(out, "}\n");
	for (k = 0; k < it->nphotos; k++) {
		static const char *const kinds[] = { "labels", "text" };
		int i;

		for (i = 0; i < 2; i++) {
			snprintf(path, sizeof path, "%s/%s/%s", o->out_dir,
			    kinds[i], it->uuid);
			if (k == 0 && !gen_mkdir(path, cause))
				return false;
			scratch->len = 0;
			if (i == 0)
				gen_json_labels(scratch, &it->photos[k]);
			else
				gen_json_text(scratch, &it->photos[k]);
			snprintf(path, sizeof path, "%s/%s/%s/image-%d.json",
			    o->out_dir, kinds[i], it->uuid, k);
			if (!gen_write_file(path, scratch->data, scratch->len,
			    cause))
				return false;
		}
	}
	return true;
}

/* A worker: take chunks until none are left or something failed. */
static void *
gen_worker(void *arg)
{
	struct gen_job *job = arg;
	struct gen_item *it = xmalloc(sizeof *it);
	struct gen_chunk *c;
	struct buf scratch;
	uint64_t i, photos = 0, bytes = 0;
	char *cause = NULL;

	buf_init(&scratch);
	for (;;) {
		pthread_mutex_lock(&job->lock);
		if (job->next == job->nchunks || job->cause != NULL) {
			pthread_mutex_unlock(&job->lock);
			break;
		}
		c = &job->chunks[job->next++];
		pthread_mutex_unlock(&job->lock);
		for (i = 0; i < c->count; i++) {
			if (!gen_one(job->opts, c->first + i, it, &c->out,
			    &scratch, &photos, &bytes, &cause)) {
				pthread_mutex_lock(&job->lock);
				if (job->cause == NULL)
					job->cause = cause;
				else
					free(cause);
				pthread_mutex_unlock(&job->lock);
				goto out;
			}
		}
	}
out:
	pthread_mutex_lock(&job->lock);
	job->photos += photos;
	job->photo_bytes += bytes;
	pthread_mutex_unlock(&job->lock);
	buf_fini(&scratch);
	free(it);
	return NULL;
}

/* Make items [first, first + count) on nthreads threads, into chunks. */
static bool
gen_make_items(const struct gen_options *o, uint64_t first, uint64_t count,
    int nthreads, struct gen_job *job, char **cause)
{
	uint64_t per = o->images ? GEN_CHUNK_PHOTOS : GEN_CHUNK_META, i;
	pthread_t *tids;
	int t, started = 0;

	job->opts = o;
	job->nchunks = (size_t)((count + per - 1) / per);
	job->chunks = xcalloc(job->nchunks, sizeof *job->chunks);
	for (i = 0; i < job->nchunks; i++) {
		job->chunks[i].first = first + i * per;
		job->chunks[i].count = count - i * per < per ? count - i * per :
		    per;
		buf_init(&job->chunks[i].out);
	}
	job->next = 0;
	job->cause = NULL;
	pthread_mutex_init(&job->lock, NULL);
	tids = xcalloc((size_t)nthreads, sizeof *tids);
	for (t = 1; t < nthreads; t++) {
		if (pthread_create(&tids[t], NULL, gen_worker, job) != 0)
			break;
		started++;
	}
	gen_worker(job);   /* this thread works too */
	for (t = 1; t <= started; t++)
		pthread_join(tids[t], NULL);
	free(tids);
	pthread_mutex_destroy(&job->lock);
	if (job->cause != NULL) {
		if (cause != NULL)
			*cause = job->cause;
		else
			free(job->cause);
		return false;
	}
	return true;
}

/* Free a job's chunks. */
static void
gen_job_fini(struct gen_job *job)
{
	size_t i;

	for (i = 0; i < job->nchunks; i++)
		buf_fini(&job->chunks[i].out);
	free(job->chunks);
	job->chunks = NULL;
	job->nchunks = 0;
}

/* Write a job's chunks, in order, as one part file (gzip'd or plain). */
static bool
gen_write_part(const struct gen_job *job, char *path, bool gz, bool crc,
    uint64_t *json_bytes, char **cause)
{
	struct gen_part p;
	z_stream z;
	size_t i;
	bool ok = true;

	if (!gen_part_open(&p, path, cause))
		return false;
	if (gz) {
		memset(&z, 0, sizeof z);
		/*
		 * windowBits 15 + 16: a gzip wrapper, mtime 0: reproducible.
		 * Level 1: at level 6 gzip was three quarters of the CPU time
		 * of a --no-images run, for files only 25% smaller.
		 */
		if (deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8,
		    Z_DEFAULT_STRATEGY) != Z_OK)
			fatal("zlib: deflateInit2 failed");
	}
	for (i = 0; ok && i < job->nchunks; i++) {
		*json_bytes += job->chunks[i].out.len;
		if (gz)
			ok = gen_part_deflate(&p, &z, job->chunks[i].out.data,
			    job->chunks[i].out.len, Z_NO_FLUSH, cause);
		else
			ok = gen_part_write(&p, job->chunks[i].out.data,
			    job->chunks[i].out.len, cause);
	}
	if (gz) {
		if (ok)
			ok = gen_part_deflate(&p, &z, "", 0, Z_FINISH, cause);
		deflateEnd(&z);
	}
	if (!gen_part_close(&p, crc, ok ? cause : NULL))
		ok = false;
	return ok;
}

/*
 * A finished part on its way to disk. Its own thread compresses and
 * writes it while the workers make the next part, so gzip is not a
 * serial stage of the run.
 */
struct gen_writer {
	pthread_t tid;
	bool busy, threaded, gz, crc, ok;
	struct gen_job job;
	char *path;
	uint64_t json_bytes;
	char *cause;
};

/* The writer thread: write the part, free its chunks. */
static void *
gen_writer_main(void *arg)
{
	struct gen_writer *w = arg;

	w->ok = gen_write_part(&w->job, w->path, w->gz, w->crc, &w->json_bytes,
	    &w->cause);
	gen_job_fini(&w->job);
	return NULL;
}

/* Wait for the part being written; false with its cause if it failed. */
static bool
gen_writer_wait(struct gen_writer *w, uint64_t *json_bytes, char **cause)
{
	if (!w->busy)
		return true;
	if (w->threaded)
		pthread_join(w->tid, NULL);
	w->busy = false;
	*json_bytes += w->json_bytes;
	w->json_bytes = 0;
	if (!w->ok) {
		if (cause != NULL)
			*cause = w->cause;
		else
			free(w->cause);
		w->cause = NULL;
		return false;
	}
	return true;
}

/* Hand a made part (job is moved, path owned) to the writer. */
static void
gen_writer_start(struct gen_writer *w, struct gen_job *job, char *path,
    bool gz, bool crc)
{
	w->job = *job;
	memset(job, 0, sizeof *job);
	w->path = path;
	w->gz = gz;
	w->crc = crc;
	w->cause = NULL;
	w->busy = true;
	w->threaded = pthread_create(&w->tid, NULL, gen_writer_main, w) == 0;
	if (!w->threaded)
		gen_writer_main(w);
}

/* The names gen writes in OUT_DIR (what --force clears). */
static bool
gen_is_ours(const char *name)
{
	return strncmp(name, "part-", 5) == 0 || strncmp(name, ".part-", 6) == 0 ||
	    strcmp(name, "_SUCCESS") == 0 || strcmp(name, "._SUCCESS.crc") == 0 ||
	    strcmp(name, "images") == 0 || strcmp(name, "items") == 0 ||
	    strcmp(name, "relists.tsv") == 0 ||
	    strcmp(name, "labels") == 0 || strcmp(name, "text") == 0;
}

/* nftw callback: remove one entry (depth first). */
static int
gen_rm_entry(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	return remove(path) == 0 ? 0 : -1;
}

/* Create the missing parent directories of path (mkdir -p of its dirname). */
static bool
gen_mkdir_parents(const char *path)
{
	char *p = xstrdup(path), *slash;
	bool ok = true;

	for (slash = strchr(p + 1, '/'); ok && slash != NULL;
	    slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(p, 0755) == -1 && errno != EEXIST)
			ok = false;
		*slash = '/';
	}
	free(p);
	return ok;
}

/*
 * Make OUT_DIR ready: create it, or check that it is empty (else *refused);
 * with force, remove what a previous run of gen left there, nothing else.
 */
static bool
gen_prepare_dir(const struct gen_options *o, bool *refused, char **cause)
{
	DIR *d;
	struct dirent *de;
	char *path;
	bool used = false, ok = true;

	if (gen_mkdir_parents(o->out_dir) && mkdir(o->out_dir, 0755) == 0)
		return true;
	if (errno != EEXIST) {
		gen_cause(cause, "%s: %s", o->out_dir, strerror(errno));
		return false;
	}
	if ((d = opendir(o->out_dir)) == NULL) {
		gen_cause(cause, "%s: %s", o->out_dir, strerror(errno));
		return false;
	}
	while (ok && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		used = true;
		if (!o->force)
			break;
		if (!gen_is_ours(de->d_name))
			continue;
		path = xasprintf("%s/%s", o->out_dir, de->d_name);
		if (nftw(path, gen_rm_entry, 16, FTW_DEPTH | FTW_PHYS) != 0) {
			gen_cause(cause, "cannot remove %s: %s", path,
			    strerror(errno));
			ok = false;
		}
		free(path);
	}
	closedir(d);
	if (used && !o->force) {
		*refused = true;
		gen_cause(cause, "%s is not empty (use --force to replace a "
		    "generated dataset there)", o->out_dir);
		return false;
	}
	return ok;
}

/* The Spark job id in part names, derived from the seed: 8-4-4-4-12 hex. */
static void
gen_job_id(uint64_t seed, char *out, size_t size)
{
	struct gen_rng r;
	uint64_t a, b;

	gen_rng_seed(&r, seed, 0, 0x6a6f62u);
	a = gen_rng_next(&r);
	b = gen_rng_next(&r);
	snprintf(out, size, "%08x-%04x-4%03x-%04x-%012llx",
	    (unsigned)(a >> 32), (unsigned)(a >> 16) & 0xffff,
	    (unsigned)a & 0xfff, (unsigned)(0x8000 | ((b >> 48) & 0x3fff)),
	    (unsigned long long)(b & 0xffffffffffffull));
}

/*
 * OUT_DIR/relists.tsv: what the generator knows about its relistings,
 * for tests and demos (doc/sample-data.md): "UUID\tSOURCE_UUID\tHOW".
 */
static bool
gen_write_relists(const struct gen_options *o, char **cause)
{
	static const char *const how[] = { "", "reencoded", "half", "brighter" };
	struct gen_item *it = xmalloc(sizeof *it);
	struct buf b;
	char *path = xasprintf("%s/relists.tsv", o->out_dir);
	uint64_t src;
	bool ok;

	buf_init(&b);
	for (uint64_t i = 0; i < o->items; i++) {
		if (gen_item_relist(o->seed, i, &src) == GEN_RELIST_NONE)
			continue;
		gen_item_make(o->seed, i, o->max_side, it);
		buf_addf(&b, "%s\t%s\t%s\n", it->uuid, it->source_uuid,
		    how[it->relist]);
	}
	ok = gen_write_file(path, b.data, b.len, cause);
	buf_fini(&b);
	free(path);
	free(it);
	return ok;
}

bool
gen_run(const struct gen_options *o, struct gen_stats *st, char **cause)
{
	char jobid[40], *path;
	struct gen_job job;
	struct gen_writer w;
	uint64_t first = 0, count;
	int nparts, part, threads = o->threads;
	bool tty = !o->quiet && isatty(STDERR_FILENO);
	static const char *const rawdirs[] = { "items", "labels", "text" };
	size_t i;

	memset(st, 0, sizeof *st);
	if (o->items == 0) {
		gen_cause(cause, "nothing to generate (--items 0)");
		return false;
	}
#ifdef __GLIBC__
	/*
	 * Each photo's canvas and JPEG buffer (megabytes) would otherwise be
	 * mmap'd and unmapped again, and every page faulted in and zeroed by
	 * the kernel: 40% of gen's CPU with photos. Kept in the heap, they are
	 * reused from one photo to the next.
	 */
	mallopt(M_MMAP_THRESHOLD, 64 << 20);
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
	if (threads <= 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		threads = n < 1 ? 1 : n > 64 ? 64 : (int)n;
	}
	nparts = o->parts > 0 ? o->parts :
	    (int)((o->items + GEN_ITEMS_PER_PART - 1) / GEN_ITEMS_PER_PART);
	if ((uint64_t)nparts > o->items)
		nparts = (int)o->items;
	if (!gen_prepare_dir(o, &st->refused, cause))
		return false;
	if (o->images) {
		path = xasprintf("%s/images", o->out_dir);
		if (!gen_mkdir(path, cause)) {
			free(path);
			return false;
		}
		free(path);
	}
	if (o->format == GEN_RAW) {
		for (i = 0; i < 3; i++) {
			path = xasprintf("%s/%s", o->out_dir, rawdirs[i]);
			if (!gen_mkdir(path, cause)) {
				free(path);
				return false;
			}
			free(path);
		}
	}
	gen_job_id(o->seed, jobid, sizeof jobid);

	memset(&w, 0, sizeof w);
	for (part = 0; part < nparts; part++) {
		/* Spread the remainder over the first parts. */
		count = o->items / (uint64_t)nparts +
		    ((uint64_t)part < o->items % (uint64_t)nparts);
		memset(&job, 0, sizeof job);
		if (!gen_make_items(o, first, count, threads, &job, cause)) {
			gen_job_fini(&job);
			gen_writer_wait(&w, &st->json_bytes, NULL);
			return false;
		}
		if (!gen_writer_wait(&w, &st->json_bytes, cause)) {
			gen_job_fini(&job);
			return false;
		}
		st->photos += job.photos;
		st->photo_bytes += job.photo_bytes;
		/* Records: even parts gzip'd, odd parts plain (both must be read). */
		if (o->format == GEN_RECORDS)
			gen_writer_start(&w, &job, xasprintf("%s/part-%05d-%s-c000"
			    ".json%s", o->out_dir, part, jobid, part % 2 == 0 ?
			    ".gz" : ""), part % 2 == 0, true);
		else
			gen_writer_start(&w, &job, xasprintf(
			    "%s/items/part-%05d.jsonl", o->out_dir, part), false,
			    false);
		first += count;
		st->items = first;
		st->parts = part + 1;
		if (tty)
			fprintf(stderr, "\rrummage gen: %llu/%llu items",
			    (unsigned long long)first,
			    (unsigned long long)o->items);
	}
	if (!gen_writer_wait(&w, &st->json_bytes, cause))
		return false;
	if (tty)
		fputc('\n', stderr);
	if (!gen_write_relists(o, cause))
		return false;
	if (o->format == GEN_RECORDS) {
		path = xasprintf("%s/_SUCCESS", o->out_dir);
		if (!gen_write_file(path, "", 0, cause)) {
			free(path);
			return false;
		}
		free(path);
		path = xasprintf("%s/._SUCCESS.crc", o->out_dir);
		if (!gen_write_file(path, "crc\0\0\0\2\0", 8, cause)) {
			free(path);
			return false;
		}
		free(path);
	}
	return true;
}
