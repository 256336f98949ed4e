# lint-rates.sh: the small version of make bench BENCH=lint. Six seeds of
# three profiles of the corpus (BIND at 12 and 40 queries a day, Unbound at
# 40), each edit planted once per seed, twelve clean logs per profile; the
# share of files each check fires on must stay at or above the floors
# below, and the clean logs must stay clean. The floors are the counts of
# a run of these seeds (docs/lint.md gives the full table) less about one
# file in six, so that a change to a model can move a borderline case but
# not lose a kind of edit unnoticed. The corpus is seeded, so a run gives
# the same counts on any machine.
. "$TOP/tests/e2e/lib.sh"

BIN=$BIN TOOLS=$TOOLS sh "$TOP/tests/tools/lint-rates.sh" -S 6 -C 12 -r raw \
    bind12:bind:60:12 bind40:bind:30:40 unbound40:unbound:30:40 > table 2>err ||
    { notok "lint-rates.sh ran"; sed 's/^/#   /' err | head; exit 1; }
sed 's/^/#   /' table

# count PROFILE EDIT CHECK: files of that edit on which CHECK fired ("any":
# any check).
count() {
	awk -v p="$1" -v e="$2" -v c="$3" '
	$1 == p && $2 == e { n = 0; for (i = 4; i <= NF; i++) if (c == "any" || $i == c) n = 1; hit += n }
	END { print hit + 0 }' raw
}

while read -r prof edit chk floor; do
	case $prof in ''|'#'*) continue ;; esac
	got=$(count "$prof" "$edit" "$chk")
	if [ "$edit" = clean ]; then
		check "$prof clean logs: $chk fired on $got of 12 (at most $floor)" test "$got" -le "$floor"
	else
		check "$prof $edit: $chk fired on $got of 6 (floor $floor)" test "$got" -ge "$floor"
	fi
done <<'FLOORS'
# profile  edit        check          floor (clean: ceiling)
bind12     clean       any            0
bind40     clean       any            0
unbound40  clean       any            0
bind12     delete:120  hole           5
bind12     delete:72   hole           4
bind12     insert:100  any            5
bind12     forge       precision      5
bind12     forge       client-object  5
bind12     copy-day    copied         5
bind12     merge       merged         5
bind40     delete:72   hole           5
bind40     delete:24   any            1
bind40     insert:100  burst          5
bind40     forge       precision      5
bind40     forge       source-port    4
bind40     copy-day    copied         5
bind40     shift       any            4
bind40     merge       merged         5
bind40     clients     any            3
unbound40  delete:72   hole           5
unbound40  insert:100  burst          5
unbound40  copy-day    copied         5
unbound40  shift       any            2
unbound40  merge       merged         5
FLOORS
