# synth.sh: custody synth makes the same bytes from the same scenario and
# seed, other bytes from another seed, a capture tcpdump reads cleanly,
# claimed logs whose per-organisation counts are the scenario's totals,
# background that grows with --scale, and exit 2 with file:line for a bad
# scenario.
. "$TOP/tests/e2e/lib.sh"

SCEN=$TOP/casefiles/alfa-2016/scenario.ini
HOST=mail1.trump-email.com

# The alfa-2016 evidence, pinned. A change to the generator or the
# scenario that changes any byte must change these on purpose (and the
# casefile README's figures with them).
PINNED='189d05e9acfa576717c11ca87a2fcf93c290ac9aeff27978d92617c8eb2f2dc5  synthetic-bind-ns1_cdcservices_com.log
0b8c3a22040590ffcf89a152bdee4dae48d013faae76eb71f79c90acbdee6469  synthetic-capture-ns1_cdcservices_com.pcap
00db0312561304139c54576bfde3abccbff2d4033e5c6e0e9a5187c8d6ca4a9a  synthetic-ns1_cdcservices_com.csv
c3968928b9357e9dcee92fce4afbd0d833340720a671a2a894635c83d81542b3  synthetic-ns2_cdcservices_com.csv
89e77cea8fbfb8e238bcb6310b813a0509cdb3286854569fb6823b5808ca0197  synthetic-ns3_cdcservices_com.csv
f4fe6e3dc77c5d3aed1141280df6512ecc9429b4b0c2d1f3fcc08a4bf6b04c3c  synthetic-orgs.csv'

sums() { (cd "$1" && sha256sum -- *); }

expect_exit 0 "synth alfa-2016" custody synth "$SCEN" -o a
cp "$T/out" summary
expect_exit 0 "synth alfa-2016 again" custody synth -q "$SCEN" -o b
check "same scenario and seed: byte-identical files" test "$(sums a)" = "$(sums b)"
if [ "$(sums a)" = "$PINNED" ]; then
	ok "files match the pinned SHA-256 sums"
else
	notok "files match the pinned SHA-256 sums"
	sums a | diff - /dev/fd/3 3<<EOF2 | sed 's/^/#   /'
$PINNED
EOF2
fi
check "every file says synthetic in its name" test -z "$(ls a | grep -v '^synthetic-')"
# ... and in its bytes: the mark ingest records (lib/base/mark.c).
for f in a/*; do
	check "${f#a/}: marked SYNTHETIC at its start" sh -c "head -c 400 '$f' | grep -aq 'SYNTHETIC: made by custody synth from scenario.ini'"
done
if need_cmd capinfos "capture comment read by capinfos"; then
	check "capture: pcapng section comment names it synthetic" sh -c \
	    "capinfos a/synthetic-capture-ns1_cdcservices_com.pcap | grep -q 'Capture comment: *SYNTHETIC:'"
fi
check "no temporary files left" test -z "$(ls -A a | grep '^\.')"

sed 's/^seed *=.*/seed = 7/' "$SCEN" > other.ini
cp "$TOP/casefiles/alfa-2016/orgs.csv" .
expect_exit 0 "synth with another seed" custody synth -q other.ini -o c
for f in synthetic-capture-ns1_cdcservices_com.pcap synthetic-bind-ns1_cdcservices_com.log \
    synthetic-ns1_cdcservices_com.csv synthetic-ns2_cdcservices_com.csv; do
	check "another seed: $f differs" test "$(sha256sum < a/$f)" != "$(sha256sum < c/$f)"
done

# Per-organisation rows of the host in [2016-05-04, 2016-09-24), from
# the claimed CSVs, with the querier's org taken from the scenario.
addr_org() { # SCENARIO: "address org total claimed" for each [source]
	awk '
	function flush() { if (addr != "") print addr "|" org "|" total "|" claimed; addr = "" }
	/^\[/ { flush(); insrc = ($1 == "[source") ; org = ""; total = 0; claimed = "yes"; next }
	insrc && /^[a-z_]+ *=/ {
		k = $1; sub(/^[^=]*= */, ""); sub(/ +;.*$/, ""); v = $0
		if (k == "org") org = v; else if (k == "address") addr = v
		else if (k == "total") total = v; else if (k == "claimed") claimed = v
	}
	END { flush() }' "$1"
}
addr_org "$SCEN" > sources
awk -F'|' '$4 == "yes" { want[$2] += $3 } END { for (o in want) print o "|" want[o] }' sources |
    sort > want
awk -F'|' -v host=$HOST '
	NR == FNR { org[$1] = $2; next }
	FNR == 1 { next }
	{ split($0, f, ",") }
	f[3] == host && f[1] >= "2016-05-04" && f[1] < "2016-09-24" { n[org[f[2]]]++ }
	END { for (o in n) print o "|" n[o] }' sources a/synthetic-ns?_*.csv | sort > got
check "claimed CSVs: rows per org are the scenario's totals" cmp -s want got
check "claimed CSVs: Alfa Bank has 2820 rows (C01)" grep -qx 'Alfa Bank|2820' got
check "claimed CSVs: Spectrum Health has 714 rows (C04)" grep -qx 'Spectrum Health|714' got
total=$(awk -F'|' '{ s += $2 } END { print s }' got)
check "claimed CSVs: total near 3,570 ($total)" test "$total" -ge 3560 -a "$total" -le 3570
check "claimed CSVs: mark, then header line" test "$(sed -n 2p a/synthetic-ns3_cdcservices_com.csv)" = "time,querier,name,type"
check "claimed CSVs: no rows on 23-24 July (D02)" test -z "$(grep -h '^2016-07-2[34]T' a/synthetic-ns?_*.csv)"
check "claimed CSVs: some lookups logged by two servers" \
    test "$(cut -d, -f1,2 a/synthetic-ns?_*.csv | sort | uniq -d | wc -l)" -gt 10
first=$(grep -h ',trump1.contact-client.com,' a/synthetic-ns?_*.csv | sort | head -n1)
check "claimed CSVs: trump1 first queried 2016-09-27 by Alfa (C14, C15)" \
    test "${first%%T*}" = 2016-09-27 -a "$(echo "$first" | cut -d, -f2)" = 192.0.2.15

packets=$(sed -n 's/.*pcap	\([0-9]*\) packets.*/\1/p' summary)
if need_cmd tcpdump "capture read by tcpdump"; then
	tcpdump -nr a/synthetic-capture-ns1_cdcservices_com.pcap > td.out 2> td.err
	check "tcpdump reads the capture (exit 0)" test $? -eq 0
	check "tcpdump: no warnings" test -z "$(grep -v '^reading from file' td.err)"
	check "tcpdump: $packets packets, as synth said" test "$(wc -l < td.out)" -eq "$packets"
	tcpdump -vvv -nr a/synthetic-capture-ns1_cdcservices_com.pcap 2>/dev/null > tdv.out
	check "tcpdump: no bad checksums" test "$(grep -ci 'incorrect\|bad cksum' tdv.out)" -eq 0
	check "tcpdump: DNS over TCP" grep -q '53: Flags \[P.\].* A? ' td.out
	check "tcpdump: IPv6" grep -q '^[0-9:.]* IP6 ' td.out
	check "tcpdump: port-25 handshakes and resets" \
	    sh -c "grep -q '\.25: Flags \[S\]' td.out && grep -q '\.25 > .*Flags \[R\.\]' td.out"
	check "tcpdump: no answers with data for the host after 2016-09-23 (C13)" \
	    test "$(tcpdump -tttt -nr a/synthetic-capture-ns1_cdcservices_com.pcap 2>/dev/null |
	    grep -A1 "A? $HOST" | grep -c '^2016-09-2[4-9].*A 203.0.113.29')" -eq 0
	check "tcpdump: NXDOMAIN for the host on 2016-09-23" \
	    test "$(tcpdump -tttt -nr a/synthetic-capture-ns1_cdcservices_com.pcap 2>/dev/null |
	    grep -A1 "A? $HOST" | grep -c '^2016-09-23.*NXDomain')" -ge 1
fi
queries=$(sed -n 's/.*packets, \([0-9]*\) DNS messages.*/\1/p' summary)
check "BIND log: one line per captured query, after the mark" \
    test "$(wc -l < a/synthetic-bind-ns1_cdcservices_com.log)" -eq $((queries / 2 + 1))
check "BIND log: line format" grep -qE \
    '^[0-9]{2}-[A-Z][a-z]{2}-2016 [0-9:]{8}\.[0-9]{3} client @0x[0-9a-f]+ [0-9a-f.:]+#[0-9]+ \([^)]+\): query: [^ ]+ IN [A-Z]+ -E\(0\)T?D \([0-9a-f.:]+\)$' \
    a/synthetic-bind-ns1_cdcservices_com.log
check "BIND log: every line has that format" test -z "$(grep -vE \
    '^[0-9]{2}-[A-Z][a-z]{2}-2016 [0-9:]{8}\.[0-9]{3} client @0x[0-9a-f]+ [0-9a-f.:]+#[0-9]+ \([^)]+\): query: [^ ]+ IN [A-Z]+ -E\(0\)T?D \([0-9a-f.:]+\)$' \
    a/synthetic-bind-ns1_cdcservices_com.log | grep -v '^# SYNTHETIC: ' | head -1)"

# --scale multiplies the background, and only the background.
expect_exit 0 "synth --scale 10" custody synth -q "$SCEN" -o s10 --scale 10
bg() { grep -vc -e "$HOST" -e trump1.contact-client.com "$1"; }
b1=$(bg a/synthetic-bind-ns1_cdcservices_com.log)
b10=$(bg s10/synthetic-bind-ns1_cdcservices_com.log)
check "--scale 10: ~10x the background lines ($b1 -> $b10)" \
    test $((b10 * 10)) -ge $((b1 * 90)) -a $((b10 * 10)) -le $((b1 * 110))
check "--scale 10: same claimed logs" cmp -s a/synthetic-ns1_cdcservices_com.csv \
    s10/synthetic-ns1_cdcservices_com.csv
check "--scale 10: same lookups of the host" test \
    "$(grep -e "$HOST" -e trump1 a/synthetic-bind-ns1_cdcservices_com.log | cut -d' ' -f1,2,5-)" = \
    "$(grep -e "$HOST" -e trump1 s10/synthetic-bind-ns1_cdcservices_com.log | cut -d' ' -f1,2,5-)"

# Bad scenarios: exit 2, the file and line named, nothing written.
bad() { # NAME TEXT: runs synth on bad.ini
	expect_exit 2 "$1: exit 2" custody synth bad.ini -o out-bad
	contains "$1: names file:line" "$T/err" "$2"
	check "$1: nothing written" test ! -e out-bad
}
awk 'NR == 30 { print "colour = blue" } { print }' "$SCEN" > bad.ini
bad "unknown key" "bad.ini:30: unknown key 'colour' in [scenario]"
sed 's/^total        = 714$/total        = 71x/' "$SCEN" > bad.ini
n=$(grep -n '^total        = 71x' bad.ini | cut -d: -f1)
bad "bad number" "bad.ini:$n: total: '71x' is not a whole number"
awk '/^\[server ns1\]/ { f = 1 } f' "$SCEN" > bad.ini
bad "missing section" "bad.ini:$(wc -l < bad.ini): no [scenario] section"
sed 's/^factor = 2.5$/factor = 2.5.1/' "$SCEN" > bad.ini
n=$(grep -n '^factor = 2.5.1' bad.ini | cut -d: -f1)
bad "bad decimal" "bad.ini:$n: factor: '2.5.1' is not a number"
sed 's/^address      = 192.0.2.72 .*/address      = 192.0.2.16/' "$SCEN" > bad.ini
n=$(grep -n '^address      = 192.0.2.16' bad.ini | cut -d: -f1)
n=$(awk -v n=$n 'NR < n && /^\[/ { l = NR } END { print l }' bad.ini)
bad "address of another org" "bad.ini:$n: 192.0.2.16 belongs to 'Alfa Bank' in orgs.csv, not 'Spectrum Health'"
expect_exit 2 "missing scenario file: exit 2" custody synth nosuch.ini -o out-bad
contains "missing scenario file: message" "$T/err" "nosuch.ini: No such file or directory"
expect_exit 2 "--scale 0: exit 2" custody synth "$SCEN" -o out-bad --scale 0
expect_exit 2 "no -o: exit 2" custody synth "$SCEN"
expect_exit 0 "--help: exit 0" custody synth --help
