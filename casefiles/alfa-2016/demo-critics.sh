#!/bin/sh
# demo-critics.sh: the alfa-2016 claims on the second scenario, in which
# the critics' explanation holds (run by demo.sh, or on its own).
#
# custody synth makes evidence of the same kinds from scenario-critics.ini
# (a marketing mailer whose recipients' spam filters look up the sender
# after each send, resolvers that cache for the TTL, no connection from
# the bank, lookups on the campaign's schedule), and the same claims file
# runs on it. Lands in build/demo/critics (DEMO=dir to change the parent).
set -eu
cd "$(dirname "$0")/../.."
BIN=${BIN:-build/bin}
D=${DEMO:-build/demo}
N=$D/critics
CASEFILE=casefiles/alfa-2016
PATH=$BIN:$PATH
export PATH

step() { printf '\n== %s\n' "$*"; }

rm -rf "$N"
mkdir -p "$N"
step "the critics' scenario: custody synth $CASEFILE/scenario-critics.ini"
custody synth "$CASEFILE/scenario-critics.ini" -o "$N/evidence"
custody keygen -o "$N/examiner.key"
custody init "$N/case" --case-id alfa-2016-critics \
    --examiner "Demo Examiner (synthetic case)" --key "$N/examiner.key"
. "$CASEFILE/ingest.sh"
ingest_evidence "$N/case" "$N/examiner.key" "$N/evidence" >/dev/null
custody verify "$N/case" --deep

step "custody claims on the critics' scenario"
custody claims "$N/case" "$CASEFILE/claims.ini" --out "$N/report" --key "$N/examiner.key"
