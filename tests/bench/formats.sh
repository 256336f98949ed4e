#!/bin/sh
# formats.sh: custody ingest of 1,000,000 records of each format of issue
# 19, side by side with the tool a user would otherwise reach for on the
# same file, alternating, ROUNDS times each (default 3):
#
#   dnstap     gen-dnstap's file (client query and response frames)  dnstap-read
#   zeek-conn  a generated conn.log (TSV)                             zeek-cut, else awk
#   pdns       generated COF lines                                    jq
#   bind.gz    gen-bindlog's query log, gzip-compressed                zcat | awk
#
# The peer decodes and prints the records (to /dev/null); custody also
# stores them, indexed, signed into the custody log. Printed per format:
# the medians of wall and CPU (user + sys) seconds, records per second,
# the ratio peer / custody, custody's peak RSS and its phases
# (CUSTODY_PHASES) of one more run. N=... changes the size, FORMATS=...
# (space-separated) the formats. Nothing is asserted about time.
. "$(dirname "$0")/lib.sh"
N=${N:-1000000}
FORMATS=${FORMATS:-dnstap zeek-conn pdns bind.gz}

echo "bench formats: $N records each, $ROUNDS rounds, formats: $FORMATS"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; the machine may be shared)"
custody keygen -o "$W/key" >/dev/null 2>&1

# cpu CMD...: wall and CPU seconds of CMD as "WALL CPU" (stdout dropped)
cpu() {
	/usr/bin/time -f "%e %U %S" -o "$W/.t" "$@" >/dev/null 2>"$W/.err" || bench_failed "$@"
	awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' "$W/.t"
}

fresh_case() {
	chmod -R u+w "$W/case" 2>/dev/null
	rm -rf "$W/case"
	custody init "$W/case" --case-id bench --examiner Bench --key "$W/key" >/dev/null
}

gen() { # FORMAT FILE
	case $1 in
	dnstap)
		"$TOOLS/gen-dnstap" "$N" > "$2" ;;
	zeek-conn)
		{
		printf '#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n'
		printf '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents\n'
		printf '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]\n'
		awk -v n="$N" 'BEGIN { srand(2016); t = 1462320000
			for (i = 0; i < n; i++) {
				t += rand() * 0.01; x = int(rand() * 4294967295)
				tcp = x % 10 < 7
				printf "%.6f\tC%08x%05d\t198.51.%d.%d\t%d\t203.0.113.%d\t%d\t%s\t%s\t%.6f\t%d\t%d\t%s\tT\tF\t0\t%s\t%d\t%d\t%d\t%d\t-\n",
				    t, x, i % 100000, x % 4, x % 200 + 1, 1024 + x % 60000, x % 250 + 1,
				    tcp ? 25 : 53, tcp ? "tcp" : "udp", tcp ? "smtp" : "dns", rand(),
				    x % 5000, x % 9000, tcp ? (x % 3 ? "SF" : "S0") : "SF",
				    tcp ? (x % 3 ? "ShADadFf" : "S") : "Dd", 1 + x % 20, 60 + x % 5000,
				    x % 20, x % 9000 }
		}'
		printf '#close\t2016-05-05-00-00-00\n'
		} > "$2" ;;
	pdns)
		awk -v n="$N" 'BEGIN { srand(2016)
			for (i = 0; i < n; i++) {
				x = int(rand() * 4294967295); f = 1462320000 + x % 10000000
				printf "{\"rrname\":\"host%d.example%d.com\",\"rrtype\":\"%s\",\"rdata\":\"%s\",\"time_first\":%d,\"time_last\":%d,\"count\":%d,\"bailiwick\":\"example%d.com\",\"sensor_id\":\"s%d\"}\n",
				    i % 300000, x % 7, x % 4 ? "A" : "AAAA",
				    x % 4 ? sprintf("203.0.%d.%d", x % 256, i % 256) : sprintf("2001:db8::%x:%x", int(i / 65536), i % 65536),
				    f, f + x % 5000000, 1 + x % 1000, x % 7, x % 5 }
		}' > "$2" ;;
	bind.gz)
		"$TOOLS/gen-bindlog" "$N" | gzip -c > "$2" ;;
	esac
}

# peer_script FORMAT FILE: the peer's command line, as a script to time
peer_script() {
	case $1 in
	dnstap)
		echo "dnstap-read '$2'" ;;
	zeek-conn)
		if command -v zeek-cut >/dev/null 2>&1; then
			echo "zeek-cut ts id.orig_h id.orig_p id.resp_h id.resp_p proto conn_state history < '$2'"
		else
			echo "awk -F'\t' '!/^#/ { print \$1, \$3, \$4, \$5, \$6, \$7, \$12, \$16 }' '$2'"
		fi ;;
	pdns)
		echo "jq -r '[.rrname, .rrtype, (.rdata | tostring), .time_first, .time_last, .count] | @tsv' '$2'" ;;
	bind.gz)
		cat <<-EOF
		zcat '$2' | awk '{ t = \$1 " " \$2; for (i = 3; i <= NF; i++) if (\$i == "client") break;
		    c = \$(i + 1); if (c ~ /^@0x/) c = \$(i + 2); sub(/#.*/, "", c);
		    for (; i <= NF; i++) if (\$i == "query:") break;
		    print t "," c "," \$(i + 1) "," \$(i + 3) }'
		EOF
		;;
	esac
}

peer_name() {
	case $1 in
	dnstap) echo "dnstap-read" ;;
	zeek-conn) command -v zeek-cut >/dev/null 2>&1 && echo "zeek-cut" || echo "awk (no zeek-cut here)" ;;
	pdns) echo "jq" ;;
	bind.gz) echo "zcat | awk" ;;
	esac
}

for f in $FORMATS; do
	case $f in
	dnstap) need=dnstap-read ;;
	pdns) need=jq ;;
	*) need=awk ;;
	esac
	if ! command -v $need >/dev/null 2>&1; then
		echo "== $f: skipped, $need is not installed"
		continue
	fi
	file=$W/input.$f
	gen "$f" "$file"
	cat "$file" > /dev/null
	peer_script "$f" "$file" > "$W/peer.sh"
	echo "== $f: $(($(wc -c < "$file") / 1048576)) MiB, peer $(peer_name "$f")"
	cw="" cc="" pw="" pc=""
	r=0
	while [ "$r" -lt "$ROUNDS" ]; do
		fresh_case
		set -- $(cpu custody ingest "$W/case" --key "$W/key" -q "$file")
		cw="$cw $1" cc="$cc $2"
		set -- $(cpu sh "$W/peer.sh")
		pw="$pw $1" pc="$pc $2"
		r=$((r + 1))
	done
	n=$(sqlite3 "$W/case/case.db" 'SELECT records FROM evidence')
	sk=$(sqlite3 "$W/case/case.db" "SELECT json_extract(summary, '\$.skipped') FROM evidence")
	[ "$sk" = "{}" ] || echo "  (custody skipped input: $sk)"
	fmt=$(sqlite3 "$W/case/case.db" 'SELECT format FROM evidence')
	fresh_case
	rss=$(peak_kib custody ingest "$W/case" --key "$W/key" -q "$file")
	fresh_case
	CUSTODY_PHASES=1 custody ingest "$W/case" --key "$W/key" -q "$file" 2>&1 |
	    sed 's/^custody: /  custody /' | tr '\n' ' ' | sed 's/  */ /g; s/^/ /'
	echo
	mcw=$(median $cw) mcc=$(median $cc) mpw=$(median $pw) mpc=$(median $pc)
	echo "  custody ingest ($fmt): wall $mcw s, cpu $mcc s median of$cw ($n records," \
	    "$(awk -v n="$n" -v t="$mcw" 'BEGIN { printf "%.0f", n / t }') records/s, peak RSS $((rss / 1024)) MiB)"
	echo "  $(peer_name "$f"): wall $mpw s, cpu $mpc s median of$pw"
	echo "  ratio: custody takes $(ratio "$mcw" "$mpw")x the peer's wall time, $(ratio "$mcc" "$mpc")x its CPU time"
	rm -f "$file"
done
bench_end
