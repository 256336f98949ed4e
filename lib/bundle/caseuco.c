/*
 * caseuco.c: the custody chain as CASE/UCO JSON-LD (docs/case-uco.md),
 * for forensic tools that read provenance in the Cyber-investigation
 * Analysis Standard Expression (CASE 1.4) and the Unified Cyber Ontology
 * (UCO 1.4) without custody.
 *
 * The input is the custody.log text alone (each line: the canonical event
 * line, a TAB, its base64 Ed25519 signature, a newline), so a case and a
 * bundle's custody.log give the same bytes, and review can regenerate the
 * bundle's copy and compare. Every event becomes one
 * case-investigation:InvestigativeAction (performer, instruments, objects,
 * results, start and end time) with one case-investigation:ProvenanceRecord
 * among its results; the records are chained by wasInformedBy between the
 * actions and by each action taking the previous record as an object.
 *
 * Node identifiers are URNs (RFC 9562 UUIDv8, name-based with SHA-256 as
 * in its appendix B.2) derived from the case's first line and the node's
 * role, so the output is deterministic and two cases never share a node
 * by accident; hashes and keys, which are the same things everywhere, are
 * derived from their values alone.
 */
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "json.h"
#include "sigfmt.h"

struct uev {
	char *line; /* NUL-terminated, in the private copy */
	size_t line_len;
	const char *sig; /* base64 text */
	struct custody_event ev;
	char hash[65];      /* SHA-256 of line */
	char examiner[256]; /* details "examiner", "" when absent */
};

struct ukey {
	char id[65];
	char pub[65]; /* hex public key, "" when the chain never names it */
	char holder[256];
	const char *from;  /* time it was registered (or first signed) */
	const char *until; /* time a handover or retirement ended it, or NULL */
};

struct utool {
	char name[64];
	char version[64];
	bool parser;
};

struct uco {
	struct custody_buf *b; /* output */
	custody_write_fn write;
	void *arg;
	struct custody_error *err;
	enum custody_code rc;
	char *copy;
	struct uev *ev;
	size_t nev;
	struct ukey *key;
	size_t nkey;
	char (*person)[256];
	size_t nperson;
	struct utool *tool;
	size_t ntool;
	char ident[65]; /* SHA-256 of the first line: the case's identity */
	char case_id[160];
	/* the JSON writer */
	int depth;
	bool first[32];
};

/* ------------------------------------------------------------ identifiers */

/*
 * "kb:UUID": an RFC 9562 version 8 UUID from SHA-256 over the format
 * name, the scope (the case identity, or "" for things that are the same
 * in every case) and the node's name.
 */
static void
node_id(const struct uco *u, bool in_case, const char *name, char out[41])
{
	struct custody_buf s;
	uint8_t md[32];
	char hex[33];

	custody_buf_init(&s, 1u << 16);
	custody_buf_printf(&s, "%s\n%s\n%s", CUSTODY_UCO_FORMAT,
	    in_case ? u->ident : "", name);
	if (s.data == NULL ||
	    custody_sha256(s.data, s.len, md, NULL) != CUSTODY_OK)
		memset(md, 0, sizeof(md));
	custody_buf_release(&s);
	md[6] = (uint8_t)((md[6] & 0x0f) | 0x80); /* version 8 */
	md[8] = (uint8_t)((md[8] & 0x3f) | 0x80); /* variant 10 */
	custody_hex(md, 16, hex);
	snprintf(out, 41, "kb:%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8,
	    hex + 12, hex + 16, hex + 20);
}

static void case_id(const struct uco *u, char out[41], const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
case_id(const struct uco *u, char out[41], const char *fmt, ...)
{
	char name[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	node_id(u, true, name, out);
}

/* ------------------------------------------------------------ JSON writer */

static void
raw(struct uco *u, const char *s)
{
	if (u->rc == CUSTODY_OK && custody_buf_addstr(u->b, s) != CUSTODY_OK)
		u->rc = custody_fail(
		    u->err, CUSTODY_ERR_NOMEM, "CASE/UCO output: no memory");
	if (u->rc == CUSTODY_OK && u->b->len >= (1u << 16)) {
		u->rc = u->write(u->arg, u->b->data, u->b->len, u->err);
		custody_buf_reset(u->b);
	}
}

static void
str(struct uco *u, const char *s)
{
	if (u->rc == CUSTODY_OK &&
	    custody_buf_json_str(u->b, s, strlen(s)) != CUSTODY_OK)
		u->rc = custody_fail(
		    u->err, CUSTODY_ERR_NOMEM, "CASE/UCO output: no memory");
}

/* A new member (key not NULL) or array element: comma, newline, indent. */
static void
item(struct uco *u, const char *key)
{
	int i;

	raw(u, u->first[u->depth] ? "\n" : ",\n");
	u->first[u->depth] = false;
	for (i = 0; i < u->depth; i++)
		raw(u, "    ");
	if (key != NULL) {
		str(u, key);
		raw(u, ": ");
	}
}

static void
open_(struct uco *u, const char *key, const char *brace)
{
	if (u->depth > 0)
		item(u, key);
	raw(u, brace);
	if (u->depth < 30)
		u->depth++;
	u->first[u->depth] = true;
}

static void
close_(struct uco *u, const char *brace)
{
	bool empty = u->first[u->depth];
	int i;

	u->depth--;
	if (!empty) {
		raw(u, "\n");
		for (i = 0; i < u->depth; i++)
			raw(u, "    ");
	}
	raw(u, brace);
}

static void
member_str(struct uco *u, const char *key, const char *s)
{
	item(u, key);
	str(u, s);
}

static void
member_int(struct uco *u, const char *key, int64_t v)
{
	char num[24];

	snprintf(num, sizeof(num), "%lld", (long long)v);
	item(u, key);
	raw(u, num);
}

static void
member_raw(struct uco *u, const char *key, const char *json)
{
	item(u, key);
	raw(u, json);
}

/* {"@id": ID}, as a member (key) or an array element (key NULL). */
static void
ref(struct uco *u, const char *key, const char *id)
{
	item(u, key);
	raw(u, "{\"@id\": ");
	str(u, id);
	raw(u, "}");
}

static void
typed(struct uco *u, const char *key, const char *type, const char *value)
{
	item(u, key);
	raw(u, "{\"@type\": ");
	str(u, type);
	raw(u, ", \"@value\": ");
	str(u, value);
	raw(u, "}");
}

/* Starts a node: {"@id": ID, "@type": TYPE. */
static void
node(struct uco *u, const char *id, const char *type)
{
	open_(u, NULL, "{");
	member_str(u, "@id", id);
	member_str(u, "@type", type);
}

/* A list of references (omitted when empty). */
static void
refs(struct uco *u, const char *key, char (*ids)[41], size_t n)
{
	size_t i;

	if (n == 0)
		return;
	open_(u, key, "[");
	for (i = 0; i < n; i++)
		ref(u, NULL, ids[i]);
	close_(u, "]");
}

/* ------------------------------------------------------------ details */

/* A string member of the details, decoded (caller frees), or NULL. */
static char *
dstr(const char *details, const char *key)
{
	struct custody_reader v;
	size_t n = 0, raw_len;
	char *out;

	if (!custody_json_member(details, strlen(details), key, &v))
		return NULL;
	raw_len = custody_reader_left(&v);
	if ((out = malloc(raw_len + 1)) == NULL)
		return NULL;
	if (!custody_json_string(&v, out, raw_len + 1, &n)) {
		free(out);
		return NULL;
	}
	out[n] = '\0';
	return out;
}

static bool
dint(const char *details, const char *key, int64_t *out)
{
	return custody_json_get_int(details, key, out);
}

static bool
hex_ok(const char *s, size_t n)
{
	size_t i;

	if (s == NULL || strlen(s) != n)
		return false;
	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		        (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* ------------------------------------------------------------ reading the log */

static enum custody_code
read_log(struct uco *u, const char *log, size_t len)
{
	size_t line_no = 0;
	char *p, *end;

	if ((u->copy = malloc(len + 1)) == NULL)
		return custody_fail(u->err, CUSTODY_ERR_NOMEM, "no memory");
	memcpy(u->copy, log, len);
	u->copy[len] = '\0';
	for (p = u->copy, end = u->copy + len; p < end; p++) {
		char *nl = memchr(p, '\n', (size_t)(end - p)), *tab;
		struct uev *e, *grown;
		uint8_t md[32];

		line_no++;
		if (nl == NULL)
			return custody_fail(u->err, CUSTODY_ERR_FORMAT,
			    "custody.log:%zu: the last line has no newline",
			    line_no);
		*nl = '\0';
		if ((tab = memchr(p, '\t', (size_t)(nl - p))) == NULL ||
		    memchr(p, '\0', (size_t)(nl - p)) != NULL)
			return custody_fail(u->err, CUSTODY_ERR_FORMAT,
			    "custody.log:%zu: not a line, a TAB and a signature",
			    line_no);
		*tab = '\0';
		if ((grown = realloc(u->ev, (u->nev + 1) * sizeof(*grown))) ==
		    NULL)
			return custody_fail(
			    u->err, CUSTODY_ERR_NOMEM, "no memory");
		u->ev = grown;
		e = &u->ev[u->nev];
		memset(e, 0, sizeof(*e));
		e->line = p;
		e->line_len = (size_t)(tab - p);
		e->sig = tab + 1;
		if (!custody_event_parse(e->line, &e->ev) ||
		    e->ev.seq != (int64_t)line_no)
			return custody_fail(u->err, CUSTODY_ERR_FORMAT,
			    "custody.log:%zu: not custody-event/1 line %zu",
			    line_no, line_no);
		custody_sha256(e->line, e->line_len, md, NULL);
		custody_hex(md, 32, e->hash);
		if (!custody_json_get_string(e->ev.details, "examiner",
		        e->examiner, sizeof(e->examiner)))
			e->examiner[0] = '\0';
		u->nev++;
		p = nl;
	}
	if (u->nev == 0 || strcmp(u->ev[0].ev.action, "init") != 0)
		return custody_fail(u->err, CUSTODY_ERR_FORMAT,
		    "custody.log: does not start with an init event");
	snprintf(u->ident, sizeof(u->ident), "%s", u->ev[0].hash);
	snprintf(u->case_id, sizeof(u->case_id), "%s", u->ev[0].ev.subject);
	return CUSTODY_OK;
}

/* ------------------------------------------------------------ who and with what */

static struct ukey *
find_key(struct uco *u, const char *id)
{
	size_t i;

	for (i = 0; i < u->nkey; i++)
		if (strcmp(u->key[i].id, id) == 0)
			return &u->key[i];
	return NULL;
}

static struct ukey *
add_key(struct uco *u, const char *id, const char *pub, const char *holder,
    const char *from)
{
	struct ukey *k = find_key(u, id), *grown;

	if (k != NULL) {
		if (k->pub[0] == '\0' && pub != NULL && hex_ok(pub, 64))
			snprintf(k->pub, sizeof(k->pub), "%s", pub);
		return k;
	}
	if ((grown = realloc(u->key, (u->nkey + 1) * sizeof(*grown))) == NULL)
		return NULL;
	u->key = grown;
	k = &u->key[u->nkey++];
	memset(k, 0, sizeof(*k));
	snprintf(k->id, sizeof(k->id), "%s", id);
	if (pub != NULL && hex_ok(pub, 64))
		snprintf(k->pub, sizeof(k->pub), "%s", pub);
	snprintf(k->holder, sizeof(k->holder), "%s", holder);
	k->from = from;
	return k;
}

static bool
add_person(struct uco *u, const char *name)
{
	char(*grown)[256];
	size_t i;

	for (i = 0; i < u->nperson; i++)
		if (strcmp(u->person[i], name) == 0)
			return true;
	if ((grown = realloc(u->person, (u->nperson + 1) * sizeof(*grown))) ==
	    NULL)
		return false;
	u->person = grown;
	snprintf(u->person[u->nperson++], sizeof(grown[0]), "%s", name);
	return true;
}

static bool
add_tool(struct uco *u, const char *name, const char *version, bool parser)
{
	struct utool *grown;
	size_t i;

	for (i = 0; i < u->ntool; i++)
		if (strcmp(u->tool[i].name, name) == 0 &&
		    strcmp(u->tool[i].version, version) == 0 &&
		    u->tool[i].parser == parser)
			return true;
	if ((grown = realloc(u->tool, (u->ntool + 1) * sizeof(*grown))) == NULL)
		return false;
	u->tool = grown;
	memset(&grown[u->ntool], 0, sizeof(grown[0]));
	snprintf(grown[u->ntool].name, sizeof(grown[0].name), "%s", name);
	snprintf(
	    grown[u->ntool].version, sizeof(grown[0].version), "%s", version);
	grown[u->ntool].parser = parser;
	u->ntool++;
	return true;
}

static void
tool_id(const struct uco *u, const char *name, const char *version, bool parser,
    char out[41])
{
	char n[200];

	snprintf(n, sizeof(n), "%s %s %s", parser ? "parser" : "tool", name,
	    version);
	node_id(u, false, n, out);
}

static void
person_id(const struct uco *u, const char *name, char out[41])
{
	case_id(u, out, "person %s", name);
}

static void
key_id(const struct uco *u, const char *id, char out[41])
{
	char n[100];

	snprintf(n, sizeof(n), "ed25519-public-key %.64s", id);
	node_id(u, false, n, out);
}

/* First pass: every key, examiner, tool and parser the chain names. */
static enum custody_code
gather(struct uco *u)
{
	size_t i;

	for (i = 0; i < u->nev; i++) {
		const struct uev *e = &u->ev[i];
		const char *d = e->ev.details;
		char *pub = dstr(d, "public_key"),
		     *ver = dstr(d, "tool_version");
		char *parser = dstr(d, "parser"),
		     *pver = dstr(d, "parser_version");
		char *to = dstr(d, "to_key_id"),
		     *to_pub = dstr(d, "to_public_key");
		char *to_holder = dstr(d, "to_holder");
		struct ukey *k;
		bool ok = true;

		if ((k = add_key(u, e->ev.key_id, i == 0 ? pub : NULL,
		         e->examiner, e->ev.time)) == NULL)
			ok = false;
		if (ok && e->examiner[0] != '\0')
			ok = add_person(u, e->examiner);
		if (ok)
			ok = add_tool(
			    u, "custody", ver != NULL ? ver : "unknown", false);
		if (ok && parser != NULL)
			ok = add_tool(
			    u, parser, pver != NULL ? pver : "unknown", true);
		/* A handover names the successor; it and retirement end the signer. */
		if (ok && strcmp(e->ev.action, "handover") == 0) {
			if ((k = find_key(u, e->ev.key_id)) != NULL &&
			    k->until == NULL)
				k->until = e->ev.time;
			if (to != NULL && hex_ok(to, 64)) {
				const char *holder =
				    to_holder != NULL ? to_holder : e->examiner;

				ok = add_key(u, to, to_pub, holder,
				         e->ev.time) != NULL &&
				    (holder[0] == '\0' ||
				        add_person(u, holder));
			}
		}
		free(pub);
		free(ver);
		free(parser);
		free(pver);
		free(to);
		free(to_pub);
		free(to_holder);
		if (!ok)
			return custody_fail(
			    u->err, CUSTODY_ERR_NOMEM, "no memory");
	}
	return CUSTODY_OK;
}

/* ------------------------------------------------------------ nodes */

/* A uco-types:Hash, nested where it is used. */
static void
hash_node(struct uco *u, const char *method, const char *hex)
{
	char id[41], name[200];

	snprintf(name, sizeof(name), "hash %s %s", method, hex);
	node_id(u, false, name, id);
	node(u, id, "uco-types:Hash");
	member_str(u, "uco-types:hashMethod", method);
	typed(u, "uco-types:hashValue", "xsd:hexBinary", hex);
	close_(u, "}");
}

/*
 * A ContentDataFacet holding the SHA-256 (and SHA-512 when not NULL), the
 * size when known (size < 0: unknown), and a payload when not NULL.
 */
static void
content_facet(struct uco *u, const char *owner, const char *sha256,
    const char *sha512, int64_t size, const char *payload, const char *mime)
{
	char id[41];

	case_id(u, id, "content-data-facet %s", owner);
	node(u, id, "uco-observable:ContentDataFacet");
	if (mime != NULL)
		member_str(u, "uco-observable:mimeType", mime);
	if (size >= 0)
		member_int(u, "uco-observable:sizeInBytes", size);
	if (payload != NULL)
		member_str(u, "uco-observable:dataPayload", payload);
	open_(u, "uco-observable:hash", "[");
	hash_node(u, "SHA256", sha256);
	if (sha512 != NULL)
		hash_node(u, "SHA512", sha512);
	close_(u, "]");
	close_(u, "}");
}

/* A uco-observable:ContentData identified by its SHA-256. */
static void
content_node(struct uco *u, const char *id, const char *name,
    const char *description, const char *sha256, int64_t size,
    const char *payload, const char *mime)
{
	node(u, id, "uco-observable:ContentData");
	member_str(u, "uco-core:name", name);
	if (description != NULL)
		member_str(u, "uco-core:description", description);
	open_(u, "uco-core:hasFacet", "[");
	content_facet(u, id, sha256, NULL, size, payload, mime);
	close_(u, "]");
	close_(u, "}");
}

/* An original, as ingest recorded it: a uco-observable:File. */
static void
file_node(struct uco *u, const char *id, const struct uev *e)
{
	const char *d = e->ev.details;
	char *name = dstr(d, "original_name"), *s256 = dstr(d, "sha256"),
	     *s512 = dstr(d, "sha512");
	char *source = dstr(d, "source"), *note = dstr(d, "note"), fid[41];
	struct custody_buf desc;
	int64_t size = -1;

	(void)dint(d, "size", &size);
	custody_buf_init(&desc, 1u << 20);
	custody_buf_printf(&desc, "original ingested by custody event %lld",
	    (long long)e->ev.seq);
	if (source != NULL)
		custody_buf_printf(&desc, "; source: %s", source);
	if (note != NULL)
		custody_buf_printf(&desc, "; note: %s", note);
	node(u, id, "uco-observable:File");
	member_str(u, "uco-core:name", name != NULL ? name : "original");
	member_str(
	    u, "uco-core:description", desc.data != NULL ? desc.data : "");
	open_(u, "uco-core:hasFacet", "[");
	case_id(u, fid, "file-facet %s", id);
	node(u, fid, "uco-observable:FileFacet");
	member_str(
	    u, "uco-observable:fileName", name != NULL ? name : "original");
	if (size >= 0)
		member_int(u, "uco-observable:sizeInBytes", size);
	close_(u, "}");
	content_facet(u, id, s256 != NULL ? s256 : "",
	    hex_ok(s512, 128) ? s512 : NULL, size, NULL, NULL);
	close_(u, "]");
	close_(u, "}");
	custody_buf_release(&desc);
	free(name);
	free(s256);
	free(s512);
	free(source);
	free(note);
}

/* Events that bring an original into the case name its two digests. */
static bool
is_file_event(const struct uev *e)
{
	char *s256 = dstr(e->ev.details, "sha256"),
	     *s512 = dstr(e->ev.details, "sha512");
	bool yes = hex_ok(s256, 64) && hex_ok(s512, 128);

	free(s256);
	free(s512);
	return yes;
}

/* One list of references being built for an action or record. */
struct idlist {
	char (*id)[41];
	size_t n, cap;
};

static void
push(struct uco *u, struct idlist *l, const char *id)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 8;
		char(*grown)[41] = realloc(l->id, cap * sizeof(*grown));

		if (grown == NULL) {
			if (u->rc == CUSTODY_OK)
				u->rc = custody_fail(
				    u->err, CUSTODY_ERR_NOMEM, "no memory");
			return;
		}
		l->id = grown;
		l->cap = cap;
	}
	snprintf(l->id[l->n++], 41, "%s", id);
}

/* The node of an event's KIND ("investigative-action", "provenance-record",
 * "event-line", "file"). */
static void
seq_id(const struct uco *u, const char *kind, int64_t seq, char out[41])
{
	case_id(u, out, "%s %lld", kind, (long long)seq);
}

/* The nodes of one event: the action, its provenance record, the signed
 * line, its signature, and what the event names. */
static void
emit_event(struct uco *u, size_t i)
{
	const struct uev *e = &u->ev[i];
	const char *d = e->ev.details;
	struct idlist objects = { 0 }, results = { 0 }, instruments = { 0 },
	              held = { 0 };
	char aid[41], rid[41], lid[41], sid[41], id[41], kid[41], desc[512];
	char *ver = dstr(d, "tool_version"), *parser = dstr(d, "parser");
	char *pver = dstr(d, "parser_version");
	int64_t seq = e->ev.seq, n;
	size_t j;

	seq_id(u, "investigative-action", seq, aid);
	seq_id(u, "provenance-record", seq, rid);
	seq_id(u, "event-line", seq, lid);
	case_id(u, sid, "event-signature %lld", (long long)seq);
	key_id(u, e->ev.key_id, kid);

	/* With what: custody, the parser, the signing key, fixed queries. */
	tool_id(u, "custody", ver != NULL ? ver : "unknown", false, id);
	push(u, &instruments, id);
	if (parser != NULL) {
		tool_id(u, parser, pver != NULL ? pver : "unknown", true, id);
		push(u, &instruments, id);
	}
	push(u, &instruments, kid);

	/* On what, and with what result. */
	if (i > 0) {
		seq_id(u, "provenance-record", u->ev[i - 1].ev.seq, id);
		push(u, &objects, id);
	}
	push(u, &results, rid);
	if (is_file_event(e)) {
		seq_id(u, "file", seq, id);
		push(u, &objects, id);
		file_node(u, id, e);
		push(u, &held, id);
		if ((parser != NULL) && (n = -1, dint(d, "records", &n))) {
			char *digest = dstr(d, "parse_digest"),
			     *name = dstr(d, "original_name");
			char label[400];
			int64_t dns = -1;

			(void)dint(d, "dns_messages", &dns);
			if (hex_ok(digest, 64)) {
				case_id(
				    u, id, "record-set %lld", (long long)seq);
				snprintf(label, sizeof(label), "records of %s",
				    name != NULL ? name : "the original");
				snprintf(desc, sizeof(desc),
				    "%lld records (%lld DNS messages) the %s parser version %s made of the"
				    " original; the hash is their parse digest, the SHA-256 of their"
				    " canonical text",
				    (long long)n,
				    (long long)(dns < 0 ? 0 : dns), parser,
				    pver != NULL ? pver : "unknown");
				content_node(
				    u, id, label, desc, digest, -1, NULL, NULL);
				push(u, &results, id);
				push(u, &held, id);
			}
			free(digest);
			free(name);
		}
	}
	if (strcmp(e->ev.action, "claims") == 0 ||
	    strcmp(e->ev.action, "export") == 0) {
		char *cf = dstr(d, "claims_file"),
		     *cs = dstr(d, "claims_sha256");
		char *rs = dstr(d, "report_sha256");

		if (hex_ok(cs, 64)) {
			case_id(u, id, "claims-file %lld", (long long)seq);
			snprintf(desc, sizeof(desc), "claims file %s",
			    cf != NULL ? cf : "");
			content_node(u, id, cf != NULL ? cf : "claims", desc,
			    cs, -1, NULL, NULL);
			push(u, &objects, id);
			push(u, &held, id);
		}
		if (hex_ok(rs, 64)) {
			case_id(u, id, "report %lld", (long long)seq);
			content_node(u, id, "report.json",
			    "the claims report (report.json, custody-claims/1): each claim's verdict,"
			    " figure and query",
			    rs, -1, NULL, "application/json");
			push(u, &results, id);
			push(u, &held, id);
		}
		free(cf);
		free(cs);
		free(rs);
	}
	if (strcmp(e->ev.action, "claims") == 0) {
		struct custody_reader q, name;
		char qname[128], qsha[80];

		/* "queries": {"NAME": "SHA256", ...}: each query text is an instrument. */
		if (custody_json_member(d, strlen(d), "queries", &q) &&
		    custody_reader_expect(&q, "{")) {
			while (custody_reader_left(&q) > 1) {
				size_t nn;

				name = q;
				if (!custody_json_string(
				        &name, qname, sizeof(qname), &nn) ||
				    !custody_reader_expect(&name, ":"))
					break;
				q = name;
				if (!custody_json_string(
				        &q, qsha, sizeof(qsha), &nn))
					break;
				if (hex_ok(qsha, 64)) {
					char label[200];

					/* the same query text serves many events: one node */
					snprintf(label, sizeof(label),
					    "query %s %s", qname, qsha);
					node_id(u, false, label, id);
					snprintf(label, sizeof(label),
					    "schema/queries/%s.sql", qname);
					content_node(u, id, label,
					    "fixed query text", qsha, -1, NULL,
					    "application/sql");
					push(u, &instruments, id);
				}
				if (!custody_reader_expect(&q, ","))
					break;
			}
		}
	}
	if (strcmp(e->ev.action, "export") == 0) {
		/* The bundle carries every original ingested so far. */
		for (j = 0; j < i; j++)
			if (is_file_event(&u->ev[j])) {
				seq_id(u, "file", u->ev[j].ev.seq, id);
				push(u, &objects, id);
			}
	}
	if (strcmp(e->ev.action, "timestamp") == 0) {
		char *tok = dstr(d, "token_sha256"), *gen = dstr(d, "gen_time");
		int64_t covers = 0, bytes = -1;

		(void)dint(d, "token_bytes", &bytes);
		if (dint(d, "covers_seq", &covers) && covers >= 1 &&
		    covers <= (int64_t)u->nev) {
			seq_id(u, "event-line", covers, id);
			push(u, &objects, id);
		}
		if (hex_ok(tok, 64)) {
			case_id(u, id, "time-stamp-token %lld", (long long)seq);
			snprintf(desc, sizeof(desc),
			    "RFC 3161 time-stamp reply over the SHA-256 of custody event %lld's line;"
			    " the authority's time %s",
			    (long long)covers, gen != NULL ? gen : "unknown");
			content_node(u, id, "time-stamp token", desc, tok,
			    bytes, NULL, "application/timestamp-reply");
			push(u, &results, id);
			push(u, &held, id);
		}
		free(tok);
		free(gen);
	}
	if (strcmp(e->ev.action, "migrate") == 0) {
		char *m = dstr(d, "migration"),
		     *ms = dstr(d, "migration_sha256");

		if (hex_ok(ms, 64)) {
			node_id(u, false, ms, id);
			content_node(u, id, m != NULL ? m : "migration",
			    "schema migration script", ms, -1, NULL,
			    "application/sql");
			push(u, &instruments, id);
		}
		free(m);
		free(ms);
	}
	if (strcmp(e->ev.action, "handover") == 0) {
		char *to = dstr(d, "to_key_id");

		push(u, &objects, kid);
		if (hex_ok(to, 64)) {
			key_id(u, to, id);
			push(u, &results, id);
		}
		free(to);
	}

	/* The signed line and its signature. */
	node(u, lid, "uco-observable:ContentData");
	snprintf(desc, sizeof(desc), "custody event %lld", (long long)seq);
	member_str(u, "uco-core:name", desc);
	member_str(u, "uco-core:description",
	    "the canonical custody-event/1 line as signed (docs/custody-model.md): SEQ TIME KEYID"
	    " ACTION SUBJECT PREVHASH DETAILS; PREVHASH is the SHA-256 of the line before");
	open_(u, "uco-core:hasFacet", "[");
	content_facet(u, lid, e->hash, NULL, (int64_t)e->line_len, e->line,
	    "text/plain; charset=utf-8");
	close_(u, "]");
	close_(u, "}");

	node(u, sid, "uco-observable:DigitalSignatureInfo");
	snprintf(desc, sizeof(desc), "signature of custody event %lld",
	    (long long)seq);
	member_str(u, "uco-core:name", desc);
	open_(u, "uco-core:hasFacet", "[");
	case_id(u, id, "signature-facet %lld", (long long)seq);
	node(u, id, "uco-observable:DigitalSignatureInfoFacet");
	member_raw(u, "uco-observable:signatureExists", "true");
	ref(u, "uco-observable:certificateSubject", kid);
	{
		struct custody_buf s;

		custody_buf_init(&s, 4096);
		custody_buf_printf(&s,
		    "Ed25519 signature of the line's bytes by key %s, base64: %s",
		    e->ev.key_id, e->sig);
		member_str(u, "uco-observable:signatureDescription",
		    s.data != NULL ? s.data : "");
		custody_buf_release(&s);
	}
	close_(u, "}");
	close_(u, "]");
	close_(u, "}");

	/* The provenance record: what custody held after this event. */
	node(u, rid, "case-investigation:ProvenanceRecord");
	snprintf(desc, sizeof(desc), "%s:%lld", u->case_id, (long long)seq);
	member_str(u, "case-investigation:exhibitNumber", desc);
	snprintf(desc, sizeof(desc),
	    "custody event %lld (%s %s) signed by key %.16s...; its line hashes to %s and names"
	    " the line before it, %s",
	    (long long)seq, e->ev.action, e->ev.subject, e->ev.key_id, e->hash,
	    e->ev.prev);
	member_str(u, "uco-core:description", desc);
	open_(u, "uco-core:object", "[");
	ref(u, NULL, lid);
	ref(u, NULL, sid);
	for (j = 0; j < held.n; j++)
		ref(u, NULL, held.id[j]);
	close_(u, "]");
	close_(u, "}");

	/* The action. */
	node(u, aid, "case-investigation:InvestigativeAction");
	member_str(u, "uco-core:name", e->ev.action);
	snprintf(desc, sizeof(desc), "custody %s %s (event %lld of case %s)",
	    e->ev.action, e->ev.subject, (long long)seq, u->case_id);
	member_str(u, "uco-core:description", desc);
	typed(u, "uco-action:startTime", "xsd:dateTime", e->ev.time);
	typed(u, "uco-action:endTime", "xsd:dateTime", e->ev.time);
	if (e->examiner[0] != '\0') {
		person_id(u, e->examiner, id);
		ref(u, "uco-action:performer", id);
	}
	refs(u, "uco-action:instrument", instruments.id, instruments.n);
	refs(u, "uco-action:object", objects.id, objects.n);
	refs(u, "uco-action:result", results.id, results.n);
	if (i > 0) {
		seq_id(u, "investigative-action", u->ev[i - 1].ev.seq, id);
		ref(u, "case-investigation:wasInformedBy", id);
	}
	close_(u, "}");

	free(objects.id);
	free(results.id);
	free(instruments.id);
	free(held.id);
	free(ver);
	free(parser);
	free(pver);
}

/* Examiners, their keys, and the tools. */
static void
emit_agents(struct uco *u)
{
	char id[41], kid[41], pid[41], desc[600], name[64];
	size_t i;

	for (i = 0; i < u->nperson; i++) {
		person_id(u, u->person[i], id);
		node(u, id, "uco-identity:Person");
		member_str(u, "uco-core:name", u->person[i]);
		close_(u, "}");
	}
	for (i = 0; i < u->nkey; i++) {
		const struct ukey *k = &u->key[i];
		char *b64 = NULL;

		key_id(u, k->id, kid);
		if (k->pub[0] != '\0') {
			uint8_t raw32[32];
			struct custody_buf b;

			custody_buf_init(&b, 128);
			if (custody_unhex(k->pub, raw32, 32) &&
			    custody_base64_add(&b, raw32, 32) == CUSTODY_OK)
				b64 = b.data;
			else
				custody_buf_release(&b);
		}
		snprintf(desc, sizeof(desc),
		    "Ed25519 public key (%s; base64 of its 32 raw bytes as payload); its SHA-256 is"
		    " the custody key id %s",
		    k->holder[0] != '\0' ? k->holder : "holder unknown", k->id);
		snprintf(name, sizeof(name), "Ed25519 public key %.16s", k->id);
		content_node(u, kid, name, desc, k->id, 32, b64, NULL);
		free(b64);
		if (k->holder[0] != '\0') {
			person_id(u, k->holder, pid);
			case_id(u, id, "key-holder %s", k->id);
			node(u, id, "uco-core:Relationship");
			ref(u, "uco-core:source", pid);
			ref(u, "uco-core:target", kid);
			member_str(u, "uco-core:kindOfRelationship",
			    "Has_Signing_Key");
			member_raw(u, "uco-core:isDirectional", "true");
			if (k->from != NULL)
				typed(u, "uco-core:startTime", "xsd:dateTime",
				    k->from);
			if (k->until != NULL)
				typed(u, "uco-core:endTime", "xsd:dateTime",
				    k->until);
			close_(u, "}");
		}
	}
	for (i = 0; i < u->ntool; i++) {
		const struct utool *t = &u->tool[i];

		tool_id(u, t->name, t->version, t->parser, id);
		node(u, id, "uco-tool:Tool");
		if (t->parser) {
			snprintf(
			    desc, sizeof(desc), "custody %s parser", t->name);
			member_str(u, "uco-core:name", desc);
			member_str(u, "uco-tool:toolType", "parser");
		} else {
			member_str(u, "uco-core:name", t->name);
			member_str(u, "uco-tool:toolType",
			    "forensic evidence toolkit");
		}
		member_str(u, "uco-tool:version", t->version);
		close_(u, "}");
	}
}

static void
emit(struct uco *u)
{
	char id[41], desc[400];
	size_t i;

	open_(u, NULL, "{");
	open_(u, "@context", "{");
	member_str(u, "case-investigation",
	    "https://ontology.caseontology.org/case/investigation/");
	member_str(u, "kb", "urn:uuid:");
	member_str(u, "uco-action",
	    "https://ontology.unifiedcyberontology.org/uco/action/");
	member_str(u, "uco-core",
	    "https://ontology.unifiedcyberontology.org/uco/core/");
	member_str(u, "uco-identity",
	    "https://ontology.unifiedcyberontology.org/uco/identity/");
	member_str(u, "uco-observable",
	    "https://ontology.unifiedcyberontology.org/uco/observable/");
	member_str(u, "uco-tool",
	    "https://ontology.unifiedcyberontology.org/uco/tool/");
	member_str(u, "uco-types",
	    "https://ontology.unifiedcyberontology.org/uco/types/");
	member_str(u, "xsd", "http://www.w3.org/2001/XMLSchema#");
	close_(u, "}");
	open_(u, "@graph", "[");

	case_id(u, id, "investigation");
	node(u, id, "case-investigation:Investigation");
	member_str(u, "uco-core:name", u->case_id);
	snprintf(desc, sizeof(desc),
	    "custody case %s: its custody chain of %zu events, head %s (" CUSTODY_UCO_FORMAT
	    ")",
	    u->case_id, u->nev, u->ev[u->nev - 1].hash);
	member_str(u, "uco-core:description", desc);
	open_(u, "uco-core:object", "[");
	for (i = 0; i < u->nev; i++) {
		seq_id(u, "investigative-action", u->ev[i].ev.seq, id);
		ref(u, NULL, id);
		seq_id(u, "provenance-record", u->ev[i].ev.seq, id);
		ref(u, NULL, id);
	}
	close_(u, "]");
	close_(u, "}");

	for (i = 0; i < u->nev && u->rc == CUSTODY_OK; i++)
		emit_event(u, i);
	emit_agents(u);
	close_(u, "]");
	close_(u, "}");
	raw(u, "\n");
}

enum custody_code
custody_log_uco(const char *log, size_t len, custody_write_fn write, void *arg,
    struct custody_error *err)
{
	struct custody_buf out;
	struct uco u;
	enum custody_code rc;

	memset(&u, 0, sizeof(u));
	custody_buf_init(&out, (size_t)1 << 30);
	u.b = &out;
	u.write = write;
	u.arg = arg;
	u.err = err;
	if ((rc = read_log(&u, log, len)) == CUSTODY_OK &&
	    (rc = gather(&u)) == CUSTODY_OK) {
		emit(&u);
		if ((rc = u.rc) == CUSTODY_OK && out.len > 0)
			rc = write(arg, out.data, out.len, err);
	}
	custody_buf_release(&out);
	free(u.copy);
	free(u.ev);
	free(u.key);
	free(u.person);
	free(u.tool);
	return rc;
}

struct logtext {
	struct custody_buf *b;
	bool full;
};

static int
log_line(const struct custody_event *ev, void *arg)
{
	struct logtext *t = arg;

	t->full = custody_buf_addstr(t->b, ev->line) != CUSTODY_OK ||
	    custody_buf_addstr(t->b, "\t") != CUSTODY_OK ||
	    custody_base64_add(t->b, ev->sig, ev->sig_len) != CUSTODY_OK ||
	    custody_buf_addstr(t->b, "\n") != CUSTODY_OK;
	return t->full;
}

enum custody_code
custody_case_uco(struct custody_case *c, custody_write_fn write, void *arg,
    struct custody_error *err)
{
	struct custody_buf log;
	struct logtext t = { &log, false };
	enum custody_code rc;

	custody_buf_init(&log, (size_t)1 << 34);
	if ((rc = custody_log_foreach(c, log_line, &t, err)) == CUSTODY_OK &&
	    t.full)
		rc = custody_fail(err, CUSTODY_ERR_LIMIT,
		    "custody log: too large to convert");
	if (rc == CUSTODY_OK)
		rc = custody_log_uco(
		    log.data != NULL ? log.data : "", log.len, write, arg, err);
	custody_buf_release(&log);
	return rc;
}
