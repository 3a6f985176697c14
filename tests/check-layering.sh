#!/bin/sh
# The layers point one way (STYLE.md, README "Layout"):
#
#   cli/     -> ui/, gen/, index/ (catalog.h only), common/
#   ui/      -> index/ (catalog.h only), common/
#   index/   -> common/                  gen/ -> common/
#   common/  -> nothing of ours
#
# and only index/ includes <lmdb.h> or <jansson.h>. Each quoted include is
# found in the including file's own folder first, then in the folders its
# layer may use; one found nowhere it may look is a wrong arrow.
set -u
root=${1:-$(dirname "$0")/..}
status=0

# The folders a layer may include from, its own first.
allowed() {
	case $1 in
	common) echo common ;;
	gen) echo gen common ;;
	index) echo index common ;;
	ui) echo ui index common ;;
	cli) echo cli ui gen index common ;;
	esac
}

for layer in common gen index ui cli; do
	for f in "$root/$layer"/*.[ch]; do
		[ -f "$f" ] || continue
		if [ "$layer" != index ] &&
		    grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*<(lmdb|jansson)\.h>' "$f"; then
			echo "layering: $f includes LMDB or jansson; only index/ may" >&2
			status=1
		fi
		for h in $(sed -nE 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"([^"]+)".*/\1/p' "$f"); do
			from=
			for dir in $(allowed "$layer"); do
				if [ -f "$root/$dir/$h" ]; then
					from=$dir
					break
				fi
			done
			if [ -z "$from" ]; then
				echo "layering: $f includes \"$h\", which $layer/ may not use" >&2
				status=1
			elif [ "$from" = index ] && [ "$layer" != index ] && [ "$h" != catalog.h ]; then
				echo "layering: $f includes index/$h; above index/ use catalog.h" >&2
				status=1
			fi
		done
	done
done

# Tests and harnesses may reach into a layer, but not into LMDB or jansson
# outside index/ (fuzz-record.c tests index/ internals).
for f in "$root"/fuzz/*.c; do
	if grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*<(lmdb|jansson)\.h>' "$f"; then
		echo "layering: $f includes LMDB or jansson; only index/ may" >&2
		status=1
	fi
	case "$f" in */fuzz/fuzz-record.c) continue ;; esac
	if grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"(catalog_internal|layout|query|record|ingest|strmap|jarena|packed)\.h"' "$f"; then
		echo "layering: $f includes an index/ internal header; use catalog.h" >&2
		status=1
	fi
done

# The browser holds the views (STYLE.md): a view owns its state and is
# given what it draws, so only the browser and its counter include
# browser.h (a view that did would also make an include cycle).
for f in "$root"/ui/*.[ch]; do
	case "${f##*/}" in
	browse.c|browser.c|browser.h|counter.c|counter.h) continue ;;
	esac
	if grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"(browser|counter)\.h"' "$f"; then
		echo "layering: $f includes the browser's state; a view takes what it needs" >&2
		status=1
	fi
done

# Nothing is left in a folder outside the layers.
if [ -d "$root/src" ]; then
	echo "layering: $root/src exists; code belongs in a layer's folder" >&2
	status=1
fi

[ $status -eq 0 ] && echo "layering: ok"
exit $status
