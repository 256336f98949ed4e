# query-texts.sh: what a query runs is what it says it runs, and a bundle
# made before a query's text changed still reviews.
#
#   - `custody query --sql NAME` prints the text with every ".include"
#     of schema/include/ expanded (tests/embed.sh), and its SHA-256 is
#     the one custody query prints beside the figures;
#   - schema/superseded.txt names real queries, each with a hash that is
#     not the text the query has now;
#   - tests/data/bundle/old-query-texts.tar.gz, exported by custody 0.1.0
#     (afd8031) before the query texts changed (its claims ran the old
#     lookup_count, lookup_share, daily_stats and cross_server_duplicates),
#     reviews clean, each claim saying it ran an earlier text.
. "$TOP/tests/e2e/lib.sh"

bad=
for n in $(custody query --list | awk '/^[a-z]/ { print $1 }'); do
	custody query --sql "$n" > "$T/q.sql" || { bad="$bad $n"; continue; }
	grep -q '^[[:space:]]*\.include' "$T/q.sql" && bad="$bad $n"
done
check "every query's text has its includes expanded${bad:+ (not:$bad)}" test -z "$bad"
custody query --sql lookup_count > "$T/lc.sql"
check "lookup_count's text holds the dedupe filter of schema/include/lookup_dedupe.sql" \
    grep -q 'AND d.time_ns > m.time_ns - seconds_ns(1) AND d.time_ns < m.time_ns + seconds_ns(1)' "$T/lc.sql"
h=$(custody query --list --json | tr '{' '\n' | sed -n 's/.*"query":"lookup_count","query_sha256":"\([0-9a-f]*\)".*/\1/p')
check "the SHA-256 custody query reports is the one of the text --sql prints" \
    test -n "$h" -a "$h" = "$(sha256sum < "$T/lc.sql" | cut -c1-64)"

bad=
while read -r name sha; do
	case "$name" in ''|'#'*) continue ;; esac
	if ! custody query --sql "$name" > "$T/s.sql" 2>/dev/null; then
		bad="$bad $name(no such query)"
	elif [ "$(sha256sum < "$T/s.sql" | cut -c1-64)" = "$sha" ]; then
		bad="$bad $name(its text now)"
	fi
	printf '%s\n' "$sha" | grep -qE '^[0-9a-f]{64}$' || bad="$bad $name(not a SHA-256)"
done < "$TOP/schema/superseded.txt"
check "superseded.txt: earlier texts of real queries${bad:+ (bad:$bad)}" test -z "$bad"

B=$TOP/tests/data/bundle
expect_exit 0 "review: a bundle of custody 0.1.0 (old query texts) passes" \
    custody review "$B/old-query-texts.tar.gz" --pubkey "$B/old-query-texts.pub"
contains "review: ... each claim names the earlier text it ran" "$T/out" \
    "(query lookup_count ran as its earlier text a23f4f38f3936f13..., the same results)"
check "review: ... all five claims re-run as the report says" \
    test "$(grep -c '^PASS claims claim Q[1-5]: .*as the report says' "$T/out")" -eq 5
