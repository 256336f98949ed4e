# hostile-input.sh: hostile and broken inputs through `custody ingest`, as a
# stranger would hand them over: every past fuzz finding of a parser
# (tests/data/regress/FORMAT-*) and a set of made-up bad files. Each one
# either ingests (exit 0, damaged parts counted as skipped, the case
# verifies) or is refused (exit 2, the message names the file, the case is
# byte-for-byte unchanged). Nothing else is acceptable: no crash, no other
# exit code. One "# FILE: exit N: message" line per input for the record
# in docs/robustness.md.
. "$TOP/tests/e2e/lib.sh"

new_case c || { notok "make case"; exit 1; }
printf 'evidence\n' > good.txt
custody ingest c --key key --format raw good.txt >/dev/null 2>&1

n=0 n0=0 n2=0
try() { # NAME FORMAT FILE
	_name=$1 _fmt=$2 _f=$3
	n=$((n + 1))
	_before=$(case_state c)
	custody ingest c --key key --format "$_fmt" --year 2016 "$_f" >"$T/out" 2>"$T/err"
	_rc=$?
	echo "# $_name ($_fmt): exit $_rc: $(head -n 1 "$T/err" | cut -c1-150)"
	case $_rc in
	0)
		n0=$((n0 + 1))
		if custody verify c >/dev/null 2>&1; then ok "$_name ($_fmt): ingested, case verifies"
		else notok "$_name ($_fmt): ingested but the case does not verify"; fi ;;
	2)
		n2=$((n2 + 1))
		if [ "$(case_state c)" = "$_before" ] && grep -qF "${_f##*/}" "$T/err"; then
			ok "$_name ($_fmt): refused naming the file, case unchanged"
		else
			notok "$_name ($_fmt): refused, but the case changed or the message does not name ${_f##*/}"
		fi ;;
	*)
		notok "$_name ($_fmt): exit $_rc (wanted 0 or 2)"; sed 's/^/#   /' "$T/err" | head -5 ;;
	esac
}

# Past fuzz findings, each through the CLI with its parser's format.
for f in "$TOP"/tests/data/regress/*; do
	[ -f "$f" ] || continue
	b=${f##*/}
	fmt=${b%%-*}
	case $fmt in
	pcap|bind|unbound|dnsmasq|zeek|csv|orgmap|events) cp "$f" "$b"; try "regress $b" "$fmt" "$b" ;;
	dnstap|pdns) cp "$f" "$b"; try "regress $b" "$fmt" "$b" ;;
	zeekconn) cp "$f" "$b"; try "regress $b" zeek-conn "$b" ;;
	decomp) cp "$f" "$b"; try "regress $b" bind "$b" ;; # compressed BIND logs
	esac
done

# Made-up bad files.
# Seeded noise (AES-CTR of zeros under a fixed key): the same bytes every run.
openssl enc -aes-128-ctr -K 000102030405060708090a0b0c0d0e0f -iv 0 -nosalt < /dev/zero 2>/dev/null | head -c 65536 > random.bin
[ "$(wc -c < random.bin)" -eq 65536 ] || head -c 65536 /dev/urandom > random.bin
"$TOOLS/gen-pcap" -s 9 400 cap.pcap >/dev/null
size=$(wc -c < cap.pcap)
head -c $((size / 2)) cap.pcap > cut.pcap
try "capture cut mid-record" pcap cut.pcap
head -c 24 cap.pcap > hdr.pcap
try "capture header only" pcap hdr.pcap
head -c 10 cap.pcap > short.pcap
try "capture shorter than its header" pcap short.pcap
{ head -c 24 cap.pcap; head -c 20000 random.bin; } > noise.pcap
try "capture header then random bytes" pcap noise.pcap
{ head -c 40 cap.pcap; printf '\377\377\377\177'; tail -c +45 cap.pcap; } > huge.pcap
try "capture record claiming 2 GiB" pcap huge.pcap
for fmt in pcap bind unbound dnsmasq zeek csv orgmap events; do
	try "random bytes" "$fmt" random.bin
done
: > empty.log
try "empty file" bind empty.log
printf '\377\376' > utf16.log
printf '23-Sep-2016 13:56:29.123 client 1.2.3.4#5 (a): query: a IN A + (5.6.7.8)\n' |
    sed 's/./&\x00/g' >> utf16.log
try "UTF-16 log" bind utf16.log
line='23-Sep-2016 13:56:29.123 client 1.2.3.4#5 (a): query: a IN A + (5.6.7.8)'
{ echo "$line"; head -c 1048577 /dev/zero | tr '\0' 'x'; echo; echo "$line"; } > longline.log
try "a line of 1 MiB + 1 between good ones" bind longline.log
{ echo "$line"; printf 'half\000line\n'; echo "$line"; } > nul.log
try "a NUL byte in a line" bind nul.log
{ echo "[9223372036] unbound[1:0] info: 10.0.0.1 a.example. A IN"
  echo "[1474638989] unbound[1:0] info: 10.0.0.1 a.example. A IN"; } > future.log
try "a time past 2262" unbound future.log
printf 'date,label,source\n2016-13-45,x,y\n9999-99-99,x,y\n' > badev.csv
try "events with impossible dates only" events badev.csv
printf 'cidr,org,source\n300.1.2.3/8,x,y\n10.0.0.0/99,x,y\n' > badorg.csv
try "org map with impossible networks only" orgmap badorg.csv
printf 'time,querier,name,type\n"unterminated,1.2.3.4,a,A\n' > quote.csv
try "CSV with an unterminated quote" csv quote.csv

echo "# $n hostile inputs: $n0 ingested with damage counted, $n2 refused"
check "hostile inputs tried" test $n -ge 20
