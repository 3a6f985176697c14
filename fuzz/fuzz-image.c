/*
 * fuzz-image.c - libFuzzer harness for the preview path: JPEG decode with
 * DCT scaling, fit, label/OCR boxes and tags drawn from untrusted
 * fractions and names, sixel encoding within a byte budget.
 *
 * Input: 16 control bytes, then the JPEG.
 *   0, 1   pane width and height in pixels (1..128: noise-like pictures
 *          cost libsixel's encoder dearly, and the fuzzer wants speed)
 *   2      flags: 1 OCR boxes, 2 names, 4 a 16-register terminal
 *   3      sixel budget in KiB (1..256)
 *   4..11  two boxes, each left/top/width/height as (byte - 25) / 200,
 *          so that negative and > 1 fractions occur
 *   12..15 label name bytes (control bytes and invalid UTF-8 included)
 * The same bytes after the control block also go through termgfx_parse(),
 * the parser of the terminal's replies to the graphics queries.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "catalog.h"
#include "image.h"
#include "preview.h"
#include "termgfx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct catalog_box boxes[2];
	struct catalog_label label;
	struct catalog_text text;
	struct catalog_photo photo;
	struct preview_style style;
	struct image img, canvas;
	struct buf out;
	char name[5], *cause = NULL;
	int w, h, i;

	if (size < 16)
		return 0;
	w = (data[0] & 127) + 1;
	h = (data[1] & 127) + 1;
	for (i = 0; i < 2; i++) {
		boxes[i].left = (data[4 + 4 * i] - 25) / 200.0;
		boxes[i].top = (data[5 + 4 * i] - 25) / 200.0;
		boxes[i].width = (data[6 + 4 * i] - 25) / 200.0;
		boxes[i].height = (data[7 + 4 * i] - 25) / 200.0;
	}
	memcpy(name, data + 12, 4);
	name[4] = '\0';
	memset(&photo, 0, sizeof photo);
	label.name = name;
	label.confidence = 90.0;
	label.nboxes = 2;
	label.boxes = boxes;
	text.text = name;
	text.confidence = 99.0;
	text.has_box = true;
	text.box = boxes[1];
	photo.labels = &label;
	photo.nlabels = 1;
	photo.texts = &text;
	photo.ntexts = 1;

	{
		struct termgfx g;
		size_t used;

		memset(&g, 0, sizeof g);
		used = termgfx_parse(&g, (const char *)data + 16, size - 16);
		if (used > size - 16 || g.cell_w < 0 || g.cell_w > 10000 ||
		    g.max_w < 0 || g.max_w > 10000 || g.colors < 0)
			abort();
	}
	if (!preview_decode(data + 16, size - 16, w, h, &img, &cause)) {
		/* A failure must say why. */
		if (cause == NULL || *cause == '\0')
			abort();
		free(cause);
		return 0;
	}
	if (img.width > w || img.height > h || img.width < 1 || img.height < 1)
		abort();
	preview_style_init(&style);
	style.ocr = data[2] & 1;
	style.names = data[2] & 2;
	preview_draw_boxes(&img, &photo, &style);
	preview_canvas(&canvas, w, h, PREVIEW_BACKGROUND);
	preview_blit(&canvas, &img, (w - img.width) / 2, (h - img.height) / 2);
	buf_init(&out);
	if (preview_sixel(&canvas, data[2] & 4 ? 16 : 0, &style,
	    ((size_t)data[3] + 1) * 1024, &out, NULL, NULL, &cause)) {
		if (out.len > ((size_t)data[3] + 1) * 1024)
			abort();
	} else
		free(cause);
	buf_fini(&out);
	image_fini(&canvas);
	image_fini(&img);
	return 0;
}
