#!/usr/bin/env bash
# bench/phash.sh [--build DIR] [--items N] [--runs N] [--threads T]
#
# Near-duplicate photos (issue 10 §1), each beside its baseline in one run:
#   1. grouping: build/tests/phash-bench group over N synthetic hashes
#      (3 a item, 5% copies of an earlier photo 0-6 bits off) on T threads,
#      and over 30,000 of them beside the all-pairs loop it replaces;
#   2. hashing: the index's thumbnail of a phone-sized generated photo
#      (rummage gen, default sizes) without and with the hash.
# Medians of CPU time (the machine is shared; see bench/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
build=build
items=1000000
runs=3
threads=2
while [ $# -gt 0 ]; do
	case "$1" in
	--build) build=$2; shift 2 ;;
	--items) items=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	--threads) threads=$2; shift 2 ;;
	*) echo "usage: $0 [--build DIR] [--items N] [--runs N] [--threads T]" >&2
	   exit 2 ;;
	esac
done
pb=$build/tests/phash-bench
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$pb" group "$items" 30000 "$runs" 1
[ "$threads" -gt 1 ] && "$pb" group "$items" 30000 "$runs" "$threads"
"$build/rummage" gen --items 2 --seed 1 --quiet "$dir/g"
for f in "$dir"/g/images/*/image-0.jpg; do
	"$pb" thumb "$f" 21
done
