#!/bin/sh
# scale.sh [N...]: custody ingest of generated captures of N packets each
# (default 1,000,000 10,000,000 100,000,000), each generated into the
# bench's scratch directory just before (tests/tools/gen-pcap, never
# kept) and deleted after: the time per packet, which must not grow with
# the capture (linear), and the peak RSS, which must stay under 64 MiB
# (GNU time %M). SIZES="..." or arguments change the sizes; TCP as in
# pcap.sh. The largest needs about 3.5 times the capture's size on disk
# (the capture, its copy in the case, case.db): BENCH_DIR=dir to put it
# elsewhere than $TMPDIR. ZSTD=1 generates every capture through zstd
# (a FIFO: the plain capture never touches the disk) and ingests the
# .pcap.zst, which custody stores as it is and parses from a decompressed
# temporary copy: about 2.4 times the plain capture's size on disk
# instead of 3.5; the time then includes the decompression, for every
# size alike.
. "$(dirname "$0")/lib.sh"
SIZES=${*:-${SIZES:-1000000 10000000 100000000}}
TCP=${TCP:-10}

custody keygen -o "$W/key" >/dev/null 2>&1
echo "bench scale: $SIZES packets, TCP share $TCP%${ZSTD:+, through zstd -3} (this machine: $(nproc) cores)"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; the machine may be shared)"
base=''
for n in $SIZES; do
	# about 115 bytes a packet, 3.5 times over, and 2 GiB to spare for the
	# machine's other users: a full disk would fail them too
	need=$(awk -v n="$n" -v f="${ZSTD:+2.4}" 'BEGIN { if (f == "") f = 3.5
		printf "%.0f", (n * 115 * f) / 1024 + 2 * 1048576 }')
	free=$(df -Pk "$W" | awk 'NR == 2 { print $4 }')
	if [ "$free" -lt "$need" ]; then
		echo "  skip $n packets: needs about $((need / 1048576)) GiB in $W, $((free / 1048576)) GiB free (BENCH_DIR)"
		continue
	fi
	if [ -n "${ZSTD:-}" ]; then
		rm -f "$W/fifo"
		mkfifo "$W/fifo" || exit 1
		zstd -q -T1 -3 -c <"$W/fifo" >"$W/cap.pcap.zst" &
		"$TOOLS/gen-pcap" -t "$TCP" "$n" "$W/fifo" >/dev/null || exit 1
		wait || exit 1
		rm -f "$W/fifo"
		cap=$W/cap.pcap.zst
	else
		"$TOOLS/gen-pcap" -t "$TCP" "$n" "$W/cap.pcap" >/dev/null || exit 1
		cap=$W/cap.pcap
	fi
	size=$(stat -c %s "$cap")
	chmod -R u+w "$W/case" 2>/dev/null
	rm -rf "$W/case"
	custody init "$W/case" --case-id bench --examiner Bench --key "$W/key" >/dev/null
	sync
	/usr/bin/time -f "%e %M" -o "$W/.time" custody ingest "$W/case" --key "$W/key" \
	    --format pcap -q "$cap" >/dev/null 2>"$W/.err" || bench_failed custody ingest "$n"
	read -r t rss <"$W/.time"
	db=$(stat -c %s "$W/case/case.db")
	us=$(awk -v t="$t" -v n="$n" 'BEGIN { printf "%.3f", t / n * 1e6 }')
	[ -n "$base" ] || base=$us
	printf '  %11d packets  %10.2f s  %6s us/packet (%s of the first)  peak RSS %6d KiB  case.db %sx the %s\n' \
	    "$n" "$t" "$us" "$(ratio "$us" "$base")" "$rss" "$(ratio "$db" "$size")" "${ZSTD:+compressed }capture"
	rm -f "$cap"
	chmod -R u+w "$W/case"
	rm -rf "$W/case"
done
echo "  targets: time per packet flat (linear in packets), peak RSS under 65536 KiB"
bench_end
