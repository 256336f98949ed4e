#!/usr/bin/python3
# check-case-uco.py GRAPH.jsonld LOG.jsonl: reads the CASE/UCO output of
# `custody log --case-uco` as RDF (Debian's python3-rdflib) and
# checks it against the chain it claims to describe (`custody log --json`,
# one event per line). Prints one "ok ..." / "not ok ..." line per check
# (tests/e2e/lib.sh counts them). Run by tests/e2e/case-uco.sh.
import datetime
import hashlib
import json
import sys

import rdflib
from rdflib.namespace import RDF, XSD

CI = rdflib.Namespace("https://ontology.caseontology.org/case/investigation/")
ACT = rdflib.Namespace("https://ontology.unifiedcyberontology.org/uco/action/")
CORE = rdflib.Namespace("https://ontology.unifiedcyberontology.org/uco/core/")
IDN = rdflib.Namespace("https://ontology.unifiedcyberontology.org/uco/identity/")
OBS = rdflib.Namespace("https://ontology.unifiedcyberontology.org/uco/observable/")
TOOL = rdflib.Namespace("https://ontology.unifiedcyberontology.org/uco/tool/")
TYP = rdflib.Namespace("https://ontology.unifiedcyberontology.org/uco/types/")

failures = 0


def check(name, cond, detail=""):
    global failures
    if cond:
        print("ok case-uco: " + name)
    else:
        failures += 1
        print("not ok case-uco: " + name + (" (" + detail + ")" if detail else ""))


g = rdflib.Graph()
try:
    g.parse(sys.argv[1], format="json-ld")
    check("the output parses as JSON-LD into an RDF graph", len(g) > 0)
except Exception as e:  # noqa: BLE001 - any parse failure is the finding
    check("the output parses as JSON-LD into an RDF graph", False, str(e))
    sys.exit(0)
events = [json.loads(line) for line in open(sys.argv[2], encoding="utf-8")]


def hashes(node):
    """{method: value} of the hashes of every content facet of node."""
    out = {}
    for facet in g.objects(node, CORE.hasFacet):
        for h in g.objects(facet, OBS.hash):
            value = g.value(h, TYP.hashValue)
            if value is not None and value.datatype == XSD.hexBinary:
                out[str(g.value(h, TYP.hashMethod))] = str(value)
    return out


def facet_value(node, pred):
    for facet in g.objects(node, CORE.hasFacet):
        v = g.value(facet, pred)
        if v is not None:
            return v
    return None


def with_hash(nodes, method, value):
    return [n for n in nodes if hashes(n).get(method) == value]


actions = list(g.subjects(RDF.type, CI.InvestigativeAction))
check("one investigative action per custody event", len(actions) == len(events),
      "%d actions, %d events" % (len(actions), len(events)))
# The action of each event: its provenance record holds the event's line.
by_seq = {}
for a in actions:
    for rec in g.objects(a, ACT.result):
        if (rec, RDF.type, CI.ProvenanceRecord) not in g:
            continue
        for o in g.objects(rec, CORE.object):
            payload = facet_value(o, OBS.dataPayload)
            if payload is not None and str(payload).startswith("custody-event/1 "):
                by_seq[int(str(payload).split(" ")[1])] = (a, rec, o, str(payload))
check("every event's action found through its provenance record and line",
      sorted(by_seq) == [e["seq"] for e in events], str(sorted(by_seq)))

files_so_far = []
bad = []
for e in events:
    seq, d = e["seq"], e["details"]
    if seq not in by_seq:
        continue
    a, rec, line_node, payload = by_seq[seq]
    where = "event %d (%s)" % (seq, e["action"])
    # the signed line, byte for byte, and its hash: the chain's link
    if payload != e["line"]:
        bad.append(where + ": line payload")
    digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()
    if hashes(line_node).get("SHA256") != digest or digest != e["hash"]:
        bad.append(where + ": line hash")
    if facet_value(line_node, OBS.sizeInBytes) != rdflib.Literal(len(payload.encode("utf-8"))):
        bad.append(where + ": line size")
    if str(g.value(a, CORE.name)) != e["action"]:
        bad.append(where + ": action name")
    when = datetime.datetime.fromisoformat(e["time"].replace("Z", "+00:00"))
    for p in (ACT.startTime, ACT.endTime):
        t = g.value(a, p)
        if t is None or t.datatype != XSD.dateTime or t.toPython() != when:
            bad.append(where + ": " + p.split("/")[-1])
    performer = list(g.objects(a, ACT.performer))
    if len(performer) != 1 or (performer[0], RDF.type, IDN.Person) not in g or \
            str(g.value(performer[0], CORE.name)) != d["examiner"]:
        bad.append(where + ": performer")
    instruments = list(g.objects(a, ACT.instrument))
    tools = {(str(g.value(t, CORE.name)), str(g.value(t, TOOL.version)))
             for t in instruments if (t, RDF.type, TOOL.Tool) in g}
    if ("custody", d["tool_version"]) not in tools:
        bad.append(where + ": custody and its version as instrument")
    if "parser" in d and ("custody %s parser" % d["parser"], d["parser_version"]) not in tools:
        bad.append(where + ": parser and its version as instrument")
    if not with_hash(instruments, "SHA256", e["key_id"]):
        bad.append(where + ": the signing key (its SHA-256 is the key id) as instrument")
    objects = list(g.objects(a, ACT.object))
    results = list(g.objects(a, ACT.result))
    if seq > 1:
        prev_a, prev_rec, prev_line, prev_payload = by_seq.get(seq - 1, (None,) * 4)
        if g.value(a, CI.wasInformedBy) != prev_a:
            bad.append(where + ": wasInformedBy the previous action")
        if prev_rec not in objects:
            bad.append(where + ": the previous provenance record as object")
        if payload.split(" ")[6] != hashlib.sha256(prev_payload.encode("utf-8")).hexdigest():
            bad.append(where + ": PREVHASH is the previous line's hash")
    if "sha512" in d:
        f = with_hash(objects, "SHA256", d["sha256"])
        if len(f) != 1 or (f[0], RDF.type, OBS.File) not in g or \
                hashes(f[0]).get("SHA512") != d["sha512"] or \
                str(facet_value(f[0], OBS.fileName)) != d["original_name"] or \
                facet_value(f[0], OBS.sizeInBytes) != rdflib.Literal(d["size"]):
            bad.append(where + ": the original as a File with its SHA-256, SHA-512, name, size")
        else:
            files_so_far.append(f[0])
            if f[0] not in list(g.objects(rec, CORE.object)):
                bad.append(where + ": the original in the provenance record")
        if not with_hash(results, "SHA256", d["parse_digest"]):
            bad.append(where + ": the record set (parse digest) as result")
    if "claims_sha256" in d and not with_hash(objects, "SHA256", d["claims_sha256"]):
        bad.append(where + ": the claims file as object")
    if "report_sha256" in d and not with_hash(results, "SHA256", d["report_sha256"]):
        bad.append(where + ": the report as result")
    if e["action"] == "timestamp":
        if not with_hash(results, "SHA256", d["token_sha256"]):
            bad.append(where + ": the time-stamp token as result")
        if by_seq[d["covers_seq"]][2] not in objects:
            bad.append(where + ": the line it covers as object")
    if e["action"] == "export" and not all(f in objects for f in files_so_far):
        bad.append(where + ": every original as object of the export")
    if e["action"] == "handover":
        if not with_hash(results, "SHA256", d["to_key_id"]):
            bad.append(where + ": the successor key as result")
check("every action: name, times, performer, instruments, objects, results", not bad,
      "; ".join(bad[:6]))
check("every original as a File with its SHA-256 and SHA-512",
      len(files_so_far) == len([e for e in events if "sha512" in e["details"]]))

inv = list(g.subjects(RDF.type, CI.Investigation))
check("one investigation, named for the case, grouping every action",
      len(inv) == 1 and str(g.value(inv[0], CORE.name)) == events[0]["subject"] and
      all(a in list(g.objects(inv[0], CORE.object)) for a in actions))
# Every key that signed is held by the examiner who signed with it.
held = set()
for rel in g.subjects(RDF.type, CORE.Relationship):
    if str(g.value(rel, CORE.kindOfRelationship)) == "Has_Signing_Key":
        held.add((str(g.value(g.value(rel, CORE.source), CORE.name)),
                  hashes(g.value(rel, CORE.target)).get("SHA256")))
check("each signing key is related to its holder",
      all((e["details"]["examiner"], e["key_id"]) in held for e in events), str(held))
bad_hash = [h for h in g.subjects(RDF.type, TYP.Hash)
            if g.value(h, TYP.hashValue) is None or g.value(h, TYP.hashValue).datatype != XSD.hexBinary
            or str(g.value(h, TYP.hashMethod)) not in ("SHA256", "SHA512")]
check("every hash has a method and an xsd:hexBinary value", not bad_hash)
blank = [s for s in g.subjects() if isinstance(s, rdflib.BNode)]
check("no blank nodes (UCO 1.x wants every node named)", not blank)
sys.exit(0)
