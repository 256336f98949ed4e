#!/bin/sh
# review.sh [MIB]: the hashing part of custody review (SHA-256 and
# SHA-512 of every file of the bag, files spread over the cores), side by
# side with what the issue names as its peer:
#   openssl dgst -sha256 FILES && openssl dgst -sha512 FILES   (sequential)
# over the same files, warm in the page cache. The bundle holds MIB MiB
# (default 1024) of originals in 8 files; the review's own phase time is
# read from its --timing line. Whole-review time is printed for context.
. "$(dirname "$0")/lib.sh"
MIB=${1:-1024}
N=8

custody keygen -o "$W/key" >/dev/null || exit 1
custody init "$W/case" --case-id bench-review --key "$W/key" --examiner bench >/dev/null || exit 1
i=0
while [ $i -lt $N ]; do
	mkfile "$W/orig$i.bin" $((MIB / N))
	custody ingest -q --format raw "$W/case" --key "$W/key" "$W/orig$i.bin" >/dev/null || exit 1
	rm -f "$W/orig$i.bin"
	i=$((i + 1))
done
custody export -q "$W/case" -o "$W/b.tar" --key "$W/key" >/dev/null || exit 1
chmod -R u+w "$W/case"; rm -rf "$W/case"

echo "review of a bundle with $MIB MiB of originals in $N files, $ROUNDS rounds, median (this machine: $(nproc) cores)"
th='' to='' tw=''
i=0
while [ $i -lt "$ROUNDS" ]; do
	rm -rf "$W/wd"
	t0=$(now_ns)
	custody review "$W/b.tar" --pubkey "$W/key.pub" --workdir "$W/wd" --timing -q \
	    >/dev/null 2>"$W/timing" || { cat "$W/timing" >&2; bench_failed custody review; }
	t1=$(now_ns)
	tw="$tw $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", (b - a) / 1e9 }')"
	th="$th $(sed -n 's/.* hash \([0-9.]*\) s .*/\1/p' "$W/timing")"
	# The peer, over the same files the review hashed, now warm.
	files=$(find "$W/wd/bundle" -type f | sort)
	# shellcheck disable=SC2086
	to="$to $(timeit sh -c "openssl dgst -sha256 $(echo $files) && openssl dgst -sha512 $(echo $files)")"
	i=$((i + 1))
done
# shellcheck disable=SC2086
th=$(median $th); to=$(median $to); tw=$(median $tw)
row "custody review: hash phase (sha256+sha512)" "$th"
row "openssl dgst -sha256 F.. && -sha512 F.." "$to"
row "custody review: whole (incl. tar, re-ingest)" "$tw"
echo "  ratio review hash/openssl:   $(ratio "$th" "$to")   (target <= 1.20)"
bench_end
