#!/bin/sh
# The layers point one way (STYLE.md): only index/ includes <lmdb.h> or
# <jansson.h>, and src/ and ui/ reach the index through catalog.h alone.
set -u
root=${1:-$(dirname "$0")/..}
status=0
for f in "$root"/src/*.[ch] "$root"/ui/*.[ch] "$root"/fuzz/*.c; do
  [ -f "$f" ] || continue
  if grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*<(lmdb|jansson)\.h>' "$f"; then
    echo "layering: $f includes LMDB or jansson; only index/ may" >&2
    status=1
  fi
  case "$f" in */fuzz/fuzz-record.c) continue ;; esac  # tests index/ internals
  if grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"(catalog_internal|layout|query|record|ingest|strmap|jarena)\.h"' "$f"; then
    echo "layering: $f includes an index/ internal header; use catalog.h" >&2
    status=1
  fi
done
[ $status -eq 0 ] && echo "layering: ok"
exit $status
