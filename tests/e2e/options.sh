# options.sh: an option means the same thing in every command.
#
# Reads each command's option table from its source (cmd/custody*.c: the
# longopts[] entries and the short-option string given to getopt_long)
# and fails when
#   - one short letter stands for two different long options across
#     commands (-j --json here, -j --jobs there);
#   - one long option takes an argument in one command and none in
#     another, or has a short letter in one command and another letter
#     in a second (a long option may have no letter at all);
#   - a short letter in a command has no long name (every option is
#     spelled out somewhere);
#   - a retired spelling is back: --output (it is --out), a --key whose
#     usage says PUBKEY (a public key is --pubkey; --key is private).
. "$TOP/tests/e2e/lib.sh"

# table FILE: "short long has_arg" per option of one command; short is "-"
# when the option has no letter in the getopt_long string.
table() {
	awk '
	/struct option longopts\[\]/ { intab = 1; next }
	intab && /^[[:space:]]*};/ { intab = 0 }
	intab && /\{ "[a-z]/ {
		line = $0
		sub(/^[^"]*"/, "", line); name = line; sub(/".*/, "", name)
		arg = (line ~ /required_argument/) ? 1 : (line ~ /optional_argument/) ? 2 : 0
		val = line; sub(/ *},?[[:space:]]*$/, "", val); sub(/.*, */, "", val)
		if (val ~ /^'\''.'\''$/) val = substr(val, 2, 1); else val = ""
		n++; nm[n] = name; ar[n] = arg; vl[n] = val
	}
	/getopt_long\(/ {
		# the call may wrap: read on to the short-option string
		s = $0
		while (s !~ /getopt_long\([^"]*"/ && (getline more) > 0)
			s = s more
		sub(/.*getopt_long\([^"]*"/, "", s); sub(/".*/, "", s); shorts = s
	}
	END {
		for (i = 1; i <= n; i++) {
			c = vl[i]
			if (c == "" || index(shorts, c) == 0) c = "-"
			print c, nm[i], ar[i]
			if (c != "") used[c] = 1
		}
		# letters of the short string with no long option
		for (k = 1; k <= length(shorts); k++) {
			c = substr(shorts, k, 1)
			if (c == ":") continue
			if (!(c in used)) print c, "?", (substr(shorts, k + 1, 1) == ":")
		}
	}' "$1"
}

: > all
for src in "$TOP"/cmd/custody-*.c; do
	name=$(basename "$src" .c)
	grep -q 'getopt_long(' "$src" || continue
	table "$src" | sed "s/\$/ $name/" >> all
done
check "option tables read from every command" test "$(cut -d' ' -f4 all | sort -u | wc -l)" -ge 15

# verdict NAME BAD: ok when BAD is empty, else not ok and BAD's lines.
verdict() {
	if [ -z "$2" ]; then
		ok "$1"
	else
		notok "$1"
		printf '%s\n' "$2" | sed 's/^/# /'
	fi
}

# Short letters: one long name each, across all commands.
bad=$(awk '$1 != "-" { k = $1; v = $2; if (!(k in first)) { first[k] = v; who[k] = $4 }
	else if (first[k] != v) printf "  -%s is --%s in %s and --%s in %s\n", k, first[k], who[k], v, $4 }' all |
    sort -u)
verdict "every short letter means one long option in every command" "$bad"

# Long names: the same argument and the same letter (or none) everywhere.
bad=$(awk '$2 != "?" { k = $2
	if (!(k in arg)) { arg[k] = $3; who[k] = $4 }
	else if (arg[k] != $3) printf "  --%s takes %s in %s, %s in %s\n", k,
	    arg[k] ? "an argument" : "none", who[k], $3 ? "an argument" : "none", $4
	if ($1 != "-") { if (!(k in let)) { let[k] = $1; lwho[k] = $4 }
		else if (let[k] != $1) printf "  --%s is -%s in %s and -%s in %s\n", k, let[k], lwho[k], $1, $4 } }' all |
    sort -u)
verdict "every long option takes the same argument and letter in every command" "$bad"

verdict "every short letter has a long name" "$(awk '$2 == "?" { printf "  -%s in %s\n", $1, $4 }' all)"

bad=$(awk '$2 == "output" { printf " %s", $4 }' all)
check "no command spells --out as --output${bad:+ (}${bad# }${bad:+)}" test -z "$bad"

# --key KEY is a private key; the usage line of a command that wants a
# public key says --pubkey.
bad=
for src in "$TOP"/cmd/custody-*.c; do
	sed -n '/usage(FILE/,/^}/p' "$src" | grep -q -- '--key [A-Z.]*PUB' &&
	    bad="$bad $(basename "$src" .c)"
done
check "--key is a private key in every usage line${bad:+ (PUBKEY in:$bad)}" test -z "$bad"

# The test reads what getopt_long reads: a table with an entry the awk
# above cannot parse would pass unseen, so the counts must agree.
bad=
for src in "$TOP"/cmd/custody-*.c; do
	grep -q 'getopt_long(' "$src" || continue
	want=$(awk '/struct option longopts\[\]/,/^[[:space:]]*};/' "$src" | grep -c '{ "')
	got=$(table "$src" | grep -vc ' ? ')
	[ "$want" = "$got" ] || bad="$bad $(basename "$src" .c)"
done
check "every longopts[] entry was read${bad:+ (not in:$bad)}" test -z "$bad"
