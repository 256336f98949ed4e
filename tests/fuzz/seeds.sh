#!/bin/sh
# seeds.sh OUT TOOLS: derives the seed corpus of each fuzz harness from the
# test fixtures (tests/data), the casefile and the test generators (TOOLS:
# the built tests/tools), into OUT/NAME/ for harness fuzz_NAME. Seeds kept
# by hand in tests/fuzz/seeds/NAME/ are used beside these by smoke.sh; the
# captures of ../shared/data, when present, are added at run time (never
# copied into the project).
set -u
out=$1 tools=$2
top=$(pwd)
data=$top/tests/data/text
rm -rf "$out"
for h in reader dns pcap bind unbound dnsmasq zeek csv orgmap events claims scenario json clickhouse \
    dnstap zeekconn pdns decomp sigfmt; do
	mkdir -p "$out/$h"
done

# Text logs: each fixture whole to its parser (the first 12 lines of one
# over 16: a harness runs as fast as its inputs are short, and libFuzzer
# mutates a seed at its length), and its first 3 lines alone. NAME, when
# given, keeps two fixtures of one file name apart.
put() { # HARNESS FILE [NAME]
	[ -f "$2" ] || return 0
	n=${3:-${2##*/}}
	if [ "$(wc -l < "$2")" -gt 16 ]; then
		head -n 12 "$2" > "$out/$1/$n"
	else
		cp "$2" "$out/$1/$n"
	fi
	head -n 3 "$2" > "$out/$1/head3-$n"
}
put bind "$data/bind-918.log"
put bind "$data/ns1_cdcservices_com.log"
put unbound "$data/unbound.log"
put unbound "$data/unbound-ascii.log"
put dnsmasq "$data/dnsmasq.log"
put zeek "$data/zeek-dns.log"
put zeek "$data/zeek-dns.json"
put csv "$data/claimed.csv"
put csv "$data/local-ny.csv"
put orgmap "$data/orgmap.csv"
put orgmap "$top/casefiles/alfa-2016/orgs.csv" casefile-orgs.csv
put events "$data/events.csv"
put events "$top/casefiles/alfa-2016/events.csv" casefile-events.csv
put clickhouse "$data/clickhouse.tsv"
put zeekconn "$data/zeek-conn.log"
put zeekconn "$data/zeek-conn.json"
put pdns "$data/pdns.json"
[ -x "$tools/gen-bindlog" ] && "$tools/gen-bindlog" 12 > "$out/bind/gen-bindlog-12.log"

# The claims file and the synth scenario of the casefile.
cp "$top/casefiles/alfa-2016/claims.ini" "$out/claims/"
cp "$top/casefiles/alfa-2016/scenario.ini" "$out/scenario/"

# JSON: Zeek rows, one per seed.
n=0
while IFS= read -r line; do
	n=$((n + 1))
	printf '%s' "$line" > "$out/json/zeek-$n.json"
done < "$data/zeek-dns.json"
printf '{"options":{"strict":false,"tz":"America/New_York","dns_ports":[5353]},"a":[1,2.5e3,null,true]}' \
    > "$out/json/event.json"

# The reader: no operations (byte 0 = 0) over each text fixture, and a
# program of every operation over the BIND log.
for f in "$data"/*; do
	{ printf '\000'; cat "$f"; } > "$out/reader/${f##*/}"
done
{ printf '\037'; i=0; while [ $i -lt 31 ]; do printf "\\$(printf %03o $i)\\$(printf %03o $((i * 7 + 3)))"; i=$((i + 1)); done
  cat "$data/bind-918.log"; } > "$out/reader/program.bin"

# DNS messages: a query; a response with a compressed A answer; AAAA, MX,
# CNAME and TXT answers; a query with EDNS (DO, client subnet).
dns() { # NAME OCTAL-ESCAPED-BYTES
	printf "$2" > "$out/dns/$1.bin"
}
Q='\000\001\001\000\000\001\000\000\000\000\000\000\005mail1\013trump-email\003com\000'
dns query "$Q\000\001\000\001"
R='\000\001\201\200\000\001\000\001\000\000\000\000\005mail1\013trump-email\003com\000'
dns a "$R\000\001\000\001\300\014\000\001\000\001\000\000\001\054\000\004\102\330\205\035"
dns aaaa "$R\000\034\000\001\300\014\000\034\000\001\000\000\001\054\000\020\040\001\015\270\000\000\000\000\000\000\000\000\000\000\000\001"
dns mx "$R\000\017\000\001\300\014\000\017\000\001\000\000\001\054\000\011\000\012\004mail\300\022"
dns cname "$R\000\005\000\001\300\014\000\005\000\001\000\000\001\054\000\006\003www\300\022"
dns txt "$R\000\020\000\001\300\014\000\020\000\001\000\000\001\054\000\006\005hello"
dns edns '\000\002\001\000\000\001\000\000\000\000\000\001\001a\000\000\001\000\001\000\000\051\020\000\000\000\200\000\000\013\000\010\000\007\000\001\030\000\331\014\140'

# Captures: small ones from gen-pcap for every link type, UDP and TCP.
if [ -x "$tools/gen-pcap" ]; then
	for l in eth vlan null raw sll sll2; do
		"$tools/gen-pcap" -s 3 -l $l 8 "$out/pcap/gen-$l.pcap" > /dev/null
	done
	"$tools/gen-pcap" -s 5 -t 60 16 "$out/pcap/gen-tcp.pcap" > /dev/null
fi
# dnstap: small files from gen-dnstap, and one cut short.
if [ -x "$tools/gen-dnstap" ]; then
	"$tools/gen-dnstap" 6 > "$out/dnstap/gen-6.fstrm"
	"$tools/gen-dnstap" 40 > "$out/dnstap/gen-40.fstrm"
	head -c 300 "$out/dnstap/gen-6.fstrm" > "$out/dnstap/gen-cut.fstrm"
fi

# Signature and public key files of every form, from a key made now.
[ -x "$tools/gen-sigfiles" ] && "$tools/gen-sigfiles" "$out/sigfmt"

# Compressed originals: the fixtures of tests/data/decomp but the bomb
# (the harness caps its streams at 4 MiB anyway).
for f in "$top"/tests/data/decomp/bind-918.log.*; do
	cp "$f" "$out/decomp/"
done
exit 0
