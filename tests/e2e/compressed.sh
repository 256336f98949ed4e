# compressed.sh: originals compressed with gzip, xz, zstd and bzip2 (made
# by the real tools): each is kept as it came under its own SHA-256, its
# records are those of the plain file (the same parse digest), the
# ingest event records the decompressed stream's SHA-256 (sha256sum's of
# the plain file) and size, and verify --deep re-reads it; PacketQ's
# gzip-compressed sample capture against PacketQ's own published counts;
# and the refusals, each exit 2 with nothing changed: a decompression
# bomb, the size cap, bytes after the stream, a cut stream, a compressed
# file inside another, and archives of many files named as what they are.
. "$TOP/tests/e2e/lib.sh"

D=$TOP/tests/data/text
new_case c || { notok "compressed: make case"; exit 1; }
cp "$D/bind-918.log" bind.log
plain_sha=$(sha256sum bind.log | cut -d' ' -f1)
expect_exit 0 "compressed: the plain log" custody ingest c --key key --tz UTC --json bind.log
digest=$(sed -n 's/.*"parse_digest":"\([0-9a-f]*\)".*/\1/p' "$T/out")
for z in gzip xz zstd bzip2; do
	if ! command -v $z >/dev/null 2>&1; then
		skip "compressed: $z is not installed"
		continue
	fi
	case $z in gzip) ext=gz ;; xz) ext=xz ;; zstd) ext=zst ;; bzip2) ext=bz2 ;; esac
	$z -c bind.log > bind.log.$ext 2>/dev/null
	sha=$(sha256sum bind.log.$ext | cut -d' ' -f1)
	expect_exit 0 "compressed: $z ingested (detected)" custody ingest c --key key --tz UTC --json bind.log.$ext
	contains "compressed: $z: the original is the compressed file" "$T/out" "\"sha256\":\"$sha\""
	contains "compressed: $z: read as bind" "$T/out" '"format":"bind"'
	contains "compressed: $z: recorded as $z" "$T/out" "\"compression\":\"$z\""
	contains "compressed: $z: the stream is the plain file" "$T/out" "\"decompressed_sha256\":\"$plain_sha\",\"decompressed_size\":1027"
	contains "compressed: $z: the same parse digest as the plain file" "$T/out" "\"parse_digest\":\"$digest\""
	obj=c/objects/sha256/$(echo "$sha" | cut -c1-2)/$(echo "$sha" | cut -c3-)
	check "compressed: $z: kept byte for byte" cmp -s "$obj" bind.log.$ext
	check "compressed: $z: the event names the stream" sh -c \
	    "sqlite3 c/case.db \"SELECT line FROM events WHERE line LIKE '%$sha%'\" | grep -q '\"decompressed_sha256\":\"$plain_sha\"'"
done
check "compressed: no temporary file is left" test -z "$(ls c/tmp)"
expect_exit 0 "compressed: verify --deep decompresses again" custody verify c --deep
contains "compressed: every digest matches" "$T/out" "every original re-parsed; every record table holds"
# a compressed original whose stored bytes were changed is caught
sha=$(sha256sum bind.log.gz | cut -d' ' -f1)
obj=c/objects/sha256/$(echo "$sha" | cut -c1-2)/$(echo "$sha" | cut -c3-)

# PacketQ's sample capture, gzip-compressed as PacketQ ships it: PacketQ's
# test5.gold counts 3 NOERROR and 1 NXDOMAIN response to 172.18.24.52
if need_shared "compressed: PacketQ sample.pcap.gz"; then
	expect_exit 0 "compressed: PacketQ's sample.pcap.gz" custody ingest c --key key --json "$SHARED/dns-pcaps/packetq/sample.pcap.gz"
	contains "compressed: read as a capture" "$T/out" '"format":"pcap"'
	want=$(zcat "$SHARED/dns-pcaps/packetq/sample.pcap.gz" | sha256sum | cut -d' ' -f1)
	contains "compressed: the stream is zcat's" "$T/out" "\"decompressed_sha256\":\"$want\""
	e=$(sqlite3 c/case.db "SELECT max(id) FROM evidence")
	got=$(sqlite3 c/case.db "SELECT group_concat(rcode || ':' || n, ' ') FROM (SELECT rcode, count(*) AS n FROM dns_message WHERE evidence_id = $e AND qr = 1 AND dst = '172.18.24.52' GROUP BY rcode ORDER BY rcode)")
	check "compressed: responses by rcode as PacketQ's gold ($got)" test "$got" = "0:3 3:1"
	grep -q '\[3,"172.18.24.52",1\]' "$SHARED/dns-pcaps/packetq/test5.gold" &&
	    grep -q '\[0,"172.18.24.52",3\]' "$SHARED/dns-pcaps/packetq/test5.gold"
	check "compressed: (the gold says so)" test $? -eq 0
fi

# refusals: exit 2 and nothing changed
before=$(case_state c)
refuse() { # NAME FILE TEXT [OPTION...]
	_n=$1 _f=$2 _t=$3; shift 3
	expect_exit 2 "compressed: $_n refused" custody ingest c --key key --tz UTC "$@" "$_f"
	contains "compressed: $_n: says why" "$T/err" "$_t"
	check "compressed: $_n: nothing changed" test "$(case_state c)" = "$before"
}
if command -v zstd >/dev/null 2>&1; then
	head -c 300000000 /dev/zero | zstd -q -c > bomb.zst # 9 KB
	refuse "a zstd bomb" bomb.zst "decompression bomb"
fi
# deflate gives at most about 1,030 to 1: a gzip bomb is many members of
# zeros one after the other (RFC 1952 2.2), refused near its end
head -c 10485760 /dev/zero | gzip -9 -c > zeros.gz
i=0; : > bomb.gz; while [ $i -lt 10 ]; do cat zeros.gz >> bomb.gz; i=$((i + 1)); done
refuse "a gzip bomb" bomb.gz "decompression bomb"
echo "x" >> bind.log
gzip -c bind.log > bigger.gz
refuse "a stream over --max-decompressed" bigger.gz "more than 1024 bytes" --max-decompressed 1K
expect_exit 2 "compressed: a bad --max-decompressed" custody ingest c --key key --max-decompressed 1Q bigger.gz
{ cat bind.log.gz; printf 'appended'; } > trailing.gz
refuse "bytes after the stream" trailing.gz "the 8 bytes after it are not part of it"
head -c 300 bind.log.gz > cut.gz
refuse "a cut stream" cut.gz "gzip stream"
gzip -c bind.log.gz > twice.gz
refuse "gzip inside gzip" twice.gz "a gzip file inside a gzip file"
if command -v xz >/dev/null 2>&1; then
	xz -c bind.log.gz > gz.xz
	refuse "gzip inside xz" gz.xz "a gzip file inside a xz file"
fi
tar cf two.tar bind.log bind.log.gz
gzip -c two.tar > two.tar.gz
refuse "a tar.gz of two files" two.tar.gz "a tar archive (compressed with gzip)"
refuse "a tar of two files" two.tar "a tar archive: custody reads one log or capture per original"
if command -v zip >/dev/null 2>&1; then
	zip -q two.zip bind.log bind.log.gz
	refuse "a zip" two.zip "a zip archive"
fi
# --format raw keeps any of them unread, compressed or not
expect_exit 0 "compressed: --format raw keeps a bomb unread" custody ingest c --key key --format raw --json bomb.gz
contains "compressed: raw: not decompressed" "$T/out" '"format":"raw"'
if grep -q '"compression"' "$T/out"; then notok "compressed: raw has no compression"; else ok "compressed: raw has no compression"; fi
expect_exit 0 "compressed: verify --deep at the end" custody verify c --deep

# a bundle's reviewer re-ingests the compressed originals as they came
expect_exit 0 "compressed: export" custody export c -o c.tar --key key
expect_exit 0 "compressed: review re-ingests every original" custody review c.tar --key key.pub
contains "compressed: review: the xz original re-parsed to its digest" "$T/out" "PASS reingest bind.log.xz"

# a changed compressed original is caught by verify
chmod u+w "$obj"
printf 'X' | dd of="$obj" bs=1 seek=40 conv=notrunc 2>/dev/null
expect_exit 1 "compressed: a changed compressed original fails verify" custody verify c --deep
