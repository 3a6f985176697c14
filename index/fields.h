/*
 * fields.h - what index/ shares about the derived fields of the field
 * table (fields.c): the values hour:, weekday: and ocr: take, so the
 * parser and the build spell them once.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog.h"

/* The one value of ocr: ("ocr:brand"). */
#define FIELDS_OCR_VALUE "brand"
/* The values of dup: ("dup:yes", "dup:no"). */
#define FIELDS_DUP_YES "yes"
#define FIELDS_DUP_NO "no"

/* The hour (0-23) and weekday (0 = Monday .. 6 = Sunday) of UTC ms. */
int fields_hour(int64_t ms);
int fields_weekday(int64_t ms);
/* "mon".."sun" for weekday 0..6; "" out of range. */
const char *fields_weekday_name(int d);
/* The stored value of hour h: "00".."23" into out. */
void fields_hour_value(int h, char out[3]);
/* Does the field keep (value, confidence) pairs per item (postings from them)? */
bool fields_has_pairs(enum catalog_field field);
/* Are its postings banded by confidence (labels, text, ocr)? */
bool fields_scored(enum catalog_field field);
