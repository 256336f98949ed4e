#!/bin/sh
# timeline.sh: custody timeline writes the case as a Timesketch/plaso JSON
# Lines timeline. Every line carries the fields Timesketch's importer
# requires (message, datetime, timestamp in microseconds, timestamp_desc);
# there is one line per custody event, DNS message and timeline event and
# two per flow (counted with SQLite on case.db); each row's locator and
# byte offset point at its bytes in the original (the line of a log, the
# pcap record of a packet, whose own time is the row's); --since/--until
# keep a period; --out replaces FILE only when complete. Timesketch itself
# is not packaged in Debian, so the import is checked against the format
# its documentation gives (docs/timeline.md), not by a running server.
. "$(dirname "$0")/lib.sh"

D=$TOP/tests/data/text
new_case "$T/c" || { notok "timeline: setup"; exit 0; }
"$TOOLS/gen-pcap" -s 3 400 "$T/cap.pcap" >/dev/null &&
custody ingest "$T/c" --key "$T/key" --format pcap --source sensor "$T/cap.pcap" >/dev/null 2>&1 &&
custody ingest "$T/c" --key "$T/key" --format bind --source ns1 "$D/bind-918.log" >/dev/null 2>&1 &&
custody ingest "$T/c" --key "$T/key" --format events --source timeline "$D/events.csv" >/dev/null 2>&1 ||
	notok "timeline: setup of the ingests"

expect_exit 0 "timeline: custody timeline CASE" custody timeline "$T/c"
cp "$T/out" "$T/tl.jsonl"
expect_exit 0 "timeline: the same case gives the same bytes" custody timeline "$T/c"
check "timeline: ... (deterministic)" cmp -s "$T/out" "$T/tl.jsonl"
expect_exit 0 "timeline: --out FILE" custody timeline "$T/c" --out "$T/file.jsonl"
check "timeline: ... holds what stdout had" cmp -s "$T/file.jsonl" "$T/tl.jsonl"
contains "timeline: ... and says how many rows" "$T/err" "rows written to $T/file.jsonl"
printf 'keep me\n' > "$T/kept.jsonl"
expect_exit 2 "timeline: not a case" custody timeline "$T/nothing" --out "$T/kept.jsonl"
check "timeline: ... leaves FILE as it was" sh -c "[ \"\$(cat '$T/kept.jsonl')\" = 'keep me' ] &&
    [ -z \"\$(ls '$T' | grep kept.jsonl.tmp)\" ]"
expect_exit 2 "timeline: --since that is not a time" custody timeline "$T/c" --since yesterday
expect_exit 2 "timeline: --until before --since" custody timeline "$T/c" \
    --since 2016-05-05 --until 2016-05-04
expect_exit 0 "timeline: --since and --until" custody timeline "$T/c" \
    --since 2016-05-04T00:00:00.1Z --until 2016-05-04T00:00:00.3Z
cp "$T/out" "$T/window.jsonl"
custody log "$T/c" --raw > "$T/custody.log"

/usr/bin/python3 - "$T/tl.jsonl" "$T/window.jsonl" "$T/c" "$T/custody.log" <<'EOF'
import datetime, hashlib, json, os, sqlite3, struct, sys

tl, window, case, log = sys.argv[1:5]
failures = []
def check(name, cond, detail=""):
    print(("ok " if cond else "not ok ") + "timeline: " + name + ("" if cond or not detail else " (" + detail + ")"))

rows, bad = [], []
for n, line in enumerate(open(tl, encoding="utf-8"), 1):
    r = json.loads(line)
    rows.append(r)
    try:
        dt = datetime.datetime.fromisoformat(r["datetime"])
        us = (dt - datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)) // datetime.timedelta(microseconds=1)
        if not (isinstance(r["message"], str) and r["message"] and isinstance(r["timestamp"], int)
                and r["timestamp"] == us and isinstance(r["timestamp_desc"], str) and r["timestamp_desc"]
                and dt.utcoffset() == datetime.timedelta(0) and r["data_type"].startswith("custody:")
                and r["case_id"] == "test-c"):
            bad.append(n)
    except (KeyError, ValueError) as e:
        bad.append((n, str(e)))
check("every line has message, datetime (ISO 8601, UTC), timestamp (its microseconds), timestamp_desc, data_type",
      rows and not bad, str(bad[:3]))

db = sqlite3.connect(os.path.join(case, "case.db"))
one = lambda sql: db.execute(sql).fetchone()[0]
kinds = {}
for r in rows:
    kinds[r["data_type"]] = kinds.get(r["data_type"], 0) + 1
events = sum(1 for _ in open(log))
check("one line per custody event", kinds.get("custody:event") == events, str(kinds))
check("one line per DNS message", kinds.get("custody:dns:query", 0) + kinds.get("custody:dns:response", 0)
      == one("SELECT count(*) FROM dns_message") > 0, str(kinds))
check("two lines per flow (one when it has one time)", kinds.get("custody:flow") ==
      one("SELECT count(*) + sum(last_ns != first_ns) FROM flow") and one("SELECT count(*) FROM flow") > 0, str(kinds))
check("one line per timeline event", kinds.get("custody:timeline") == one("SELECT count(*) FROM timeline") > 0)

# Locators point at the bytes: a log's line, a capture's packet record.
def original(sha):
    path = os.path.join(case, "objects", "sha256", sha[:2], sha[2:])
    data = open(path, "rb").read()
    return data if hashlib.sha256(data).hexdigest() == sha else None
cache, badloc, seen = {}, [], {"line": 0, "packet": 0}
for r in rows:
    if "evidence_sha256" not in r or r["data_type"] == "custody:event":
        continue
    sha = r["evidence_sha256"]
    if sha not in cache:
        cache[sha] = original(sha)
    data = cache[sha]
    if data is None:
        badloc.append("evidence_sha256 " + sha)
        continue
    eid, sep, idx = r["locator"].partition("#") if "#" in r["locator"] else r["locator"].partition(":")
    if int(eid) != r["evidence_id"]:
        badloc.append(r["locator"])
    if sep == ":":
        seen["line"] += 1
        text = data.split(b"\n")[int(idx) - 1]
        if r["line"] != int(idx) or not data[r["offset"]:].startswith(text) or \
                ("qname" in r and r["qname"].encode() not in text.lower()):
            badloc.append(r["locator"])
    else:
        seen["packet"] += 1
        off, n = 24, 1
        while off < r["offset"]:
            off += 16 + struct.unpack_from("<I", data, off + 8)[0]
            n += 1
        sec, usec = struct.unpack_from("<II", data, off)
        if off != r["offset"] or n != int(idx) or n != r["packet"] or \
                (r["data_type"].startswith("custody:dns") and sec * 1000000 + usec != r["timestamp"]):
            badloc.append(r["locator"])
check("every row's locator and offset lead to its line or packet in the original, whose SHA-256 is the row's",
      not badloc and seen["line"] > 0 and seen["packet"] > 0, str(badloc[:3]))

lo = 1462320000100000  # 2016-05-04T00:00:00.1Z in microseconds
hi = 1462320000300000
want = [r for r in rows if lo <= r["timestamp"] < hi]
got = [json.loads(l) for l in open(window, encoding="utf-8")]
check("--since/--until keep exactly the rows of the period", got == want and len(got) > 0,
      "%d rows, %d expected" % (len(got), len(want)))
EOF
