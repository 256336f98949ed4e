#!/bin/sh
# demo-nocapture.sh: the alfa-2016 claims on a case without the capture
# (run by demo.sh at its end, or on its own after it).
#
# The same synthetic evidence as demo.sh minus the packet capture: the
# three claimed logs, ns1's BIND query log, the orgmap and the timeline.
# Without a capture no connection can be seen, so the claims of absence
# (K01: no email; K04: the server accepted no one) come out UNTESTABLE,
# never SUPPORTED by silence, and so does every claim that reads the
# capture. Lands in build/demo/nocapture (DEMO=dir to change the parent).
set -eu
cd "$(dirname "$0")/../.."
BIN=${BIN:-build/bin}
D=${DEMO:-build/demo}
N=$D/nocapture
CASEFILE=casefiles/alfa-2016
PATH=$BIN:$PATH
export PATH

step() { printf '\n== %s\n' "$*"; }

if [ ! -d "$D/evidence" ]; then
	custody synth -q "$CASEFILE/scenario.ini" -o "$D/evidence"
fi
rm -rf "$N"
mkdir -p "$N"
step "a second case from the same evidence, without the capture"
custody keygen -o "$N/examiner.key"
custody init "$N/case" --case-id alfa-2016-nocapture \
    --examiner "Demo Examiner (synthetic case)" --key "$N/examiner.key"
. "$CASEFILE/ingest.sh"
ingest_evidence "$N/case" "$N/examiner.key" "$D/evidence" no-capture >/dev/null

step "custody claims without the capture: absence claims are UNTESTABLE"
# --absent-untestable: the claims that name the capture find no such
# evidence here; without it, a selector that names nothing is an error.
custody claims "$N/case" "$CASEFILE/claims.ini" --absent-untestable --out "$N/report" \
    --key "$N/examiner.key"
