/*
 * show.c: from a record's locator to the original's bytes (custody show),
 * and what a case holds, evidence by evidence (custody list).
 *
 * An original is opened only after its stored object has been hashed
 * again and found to be what the case recorded: bytes shown from a
 * changed object would be shown as evidence. Every byte then comes
 * through custody_origin_read(), the one place that reads the object: a
 * compressed original is read as the decompressed stream its records
 * were parsed from and its locators count in (decomp.c), after that
 * stream's SHA-256 and size are checked against the ingest event; packets are
 * framed by the capture parser's own walker and decoded by its own layers
 * (parse_pcap.c, dns.c), so custody show and ingest cannot disagree about
 * what a packet holds.
 *
 * Lines are found from the case's records: the nearest record at or
 * before the line (or offset) gives a byte offset to start from, and the
 * original is read forward from there, counting line ends.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include "case_internal.h"
#include "decomp.h"
#include "dns.h"
#include "ingest.h"
#include "json.h"

/* bytes of one line shown; longer lines are cut */
#define SHOW_LINE_MAX (64u << 10)
#define SHOW_WINDOW   256 /* bytes shown of an original without lines */
#define SHOW_CHUNK    (64u << 10)

static const char *const record_tables[] = { "dns_message", "dns_answer",
	"flow", "orgmap", "timeline", "flow_state", "pdns", NULL };

struct custody_origin {
	int64_t id;
	char sha256[65];
	char *name, *format;
	/* of what locators count in: the original, or its stream */
	uint64_t size;
	int64_t event_seq;
	int fd;
	bool compressed; /* read from plain, the decompressed stream */
	struct custody_plain plain;
};

int64_t
custody_origin_id(const struct custody_origin *o)
{
	return o->id;
}

const char *
custody_origin_sha256(const struct custody_origin *o)
{
	return o->sha256;
}

const char *
custody_origin_name(const struct custody_origin *o)
{
	return o->name;
}

const char *
custody_origin_format(const struct custody_origin *o)
{
	return o->format;
}

uint64_t
custody_origin_size(const struct custody_origin *o)
{
	return o->size;
}

void
custody_origin_free(struct custody_origin *o)
{
	if (o == NULL)
		return;
	if (o->compressed)
		custody_plain_release(&o->plain);
	if (o->fd >= 0)
		close(o->fd);
	free(o->name);
	free(o->format);
	free(o);
}

enum custody_code
custody_origin_open(struct custody_origin **out, struct custody_case *c,
    const char *sel, void (*progress)(uint64_t done, void *arg),
    void *progress_arg, struct custody_error *err)
{
	sqlite3 *db = custody_case_db(c);
	struct custody_origin *o = NULL;
	struct custody_digest d;
	sqlite3_stmt *st = NULL;
	char path[4096], sha512[129];
	int64_t *ids = NULL;
	enum custody_code rc;
	size_t n = 0, nid = 0;
	int step;

	*out = NULL;
	/* the one reading of a selector the queries and claims use too */
	if ((rc = custody_evidence_select(c, sel, &ids, &nid, err)) !=
	    CUSTODY_OK)
		return rc;
	if (nid != 1) {
		free(ids);
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "'%.80s' names %zu evidence items: give one's number "
		    "(custody list shows them) or more of its SHA-256",
		    sel, nid);
	}
	rc = custody_db_prepare(db,
	    "SELECT id, sha256, sha512, size, original_name, format, "
	    "event_seq FROM evidence WHERE id = ?1",
	    &st, err);
	if (rc == CUSTODY_OK)
		sqlite3_bind_int64(st, 1, ids[0]);
	free(ids);
	if (rc != CUSTODY_OK)
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (++n > 1) {
			custody_fail(err, CUSTODY_ERR_USAGE,
			    "%s names more than one evidence item (%s "
			    "and %.16s...): give more of the SHA-256",
			    sel, o->sha256,
			    (const char *)sqlite3_column_text(st, 1));
			goto fail;
		}
		if ((o = calloc(1, sizeof(*o))) == NULL) {
			custody_fail(err, CUSTODY_ERR_NOMEM, "out of memory");
			goto fail;
		}
		o->fd = -1;
		o->id = sqlite3_column_int64(st, 0);
		snprintf(o->sha256, sizeof(o->sha256), "%s",
		    (const char *)sqlite3_column_text(st, 1));
		snprintf(sha512, sizeof(sha512), "%s",
		    (const char *)sqlite3_column_text(st, 2));
		o->size = (uint64_t)sqlite3_column_int64(st, 3);
		o->name = strdup((const char *)sqlite3_column_text(st, 4));
		o->format = strdup((const char *)sqlite3_column_text(st, 5));
		o->event_seq = sqlite3_column_int64(st, 6);
		if (o->name == NULL || o->format == NULL) {
			custody_fail(err, CUSTODY_ERR_NOMEM, "out of memory");
			goto fail;
		}
	}
	if (step != SQLITE_DONE) {
		custody_fail_sqlite(err, db, "reading evidence");
		goto fail;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (o == NULL)
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "the case holds no evidence %s (custody "
		    "list shows what it holds)",
		    sel);
	if (strlen(o->sha256) != 64) {
		custody_fail(err, CUSTODY_ERR_VERIFY,
		    "evidence %lld: its recorded SHA-256 is "
		    "malformed",
		    (long long)o->id);
		goto fail;
	}
	snprintf(path, sizeof(path), "%s/objects/sha256/%.2s/%s",
	    custody_case_dir(c), o->sha256, o->sha256 + 2);
	if ((o->fd = custody_open_regular(path, NULL, err)) < 0)
		goto fail;
	if (custody_hash_stream(
	        o->fd, -1, path, &d, progress, progress_arg, err) != CUSTODY_OK)
		goto fail;
	{
		char h256[65], h512[129];

		custody_hex(d.sha256, sizeof(d.sha256), h256);
		custody_hex(d.sha512, sizeof(d.sha512), h512);
		if (strcmp(h256, o->sha256) != 0 || strcmp(h512, sha512) != 0 ||
		    d.size != o->size) {
			custody_fail(err, CUSTODY_ERR_VERIFY,
			    "evidence %lld (%s): the stored original "
			    "is not what was ingested (SHA-256 %.16s..., %llu bytes; the case recorded "
			    "%.16s..., %llu bytes): refusing to show its bytes (custody verify says more)",
			    (long long)o->id, o->name, h256,
			    (unsigned long long)d.size, o->sha256,
			    (unsigned long long)o->size);
			goto fail;
		}
	}
	{
		char comp[16], ssha[65];
		uint64_t ssize;

		/* A compressed original: its records and locators are in its
		 * decompressed stream, which must be the one ingest hashed. */
		if (custody_event_compression(
		        db, o->event_seq, comp, ssha, &ssize)) {
			if (custody_plain_open(&o->plain, o->name, path, o->fd,
			        o->size, comp, NULL, ssize + 1,
			        err) != CUSTODY_OK)
				goto fail;
			o->compressed = true;
			if (strcmp(o->plain.sha256, ssha) != 0 ||
			    o->plain.len != ssize) {
				custody_fail(err, CUSTODY_ERR_VERIFY,
				    "evidence %lld (%s): its %s stream "
				    "decompresses to SHA-256 %.16s... (%zu bytes), not the %.16s... (%llu "
				    "bytes) ingest recorded: refusing to show its bytes",
				    (long long)o->id, o->name, comp,
				    o->plain.sha256, o->plain.len, ssha,
				    (unsigned long long)ssize);
				goto fail;
			}
			o->size = ssize;
		}
	}
	*out = o;
	return CUSTODY_OK;
fail:
	sqlite3_finalize(st);
	custody_origin_free(o);
	return err != NULL ? err->code : CUSTODY_ERR_IO;
}

enum custody_code
custody_origin_read(struct custody_origin *o, uint64_t off, void *buf, size_t n,
    size_t *got, struct custody_error *err)
{
	size_t have = 0;

	*got = 0;
	if (off >= o->size)
		return CUSTODY_OK;
	if (n > o->size - off)
		n = (size_t)(o->size - off);
	if (o->compressed) { /* the stream, decompressed and checked at open */
		memcpy(buf, o->plain.data + off, n);
		*got = n;
		return CUSTODY_OK;
	}
	while (have < n) {
		ssize_t k = pread(o->fd, (uint8_t *)buf + have, n - have,
		    (off_t)(off + have));

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return custody_fail_errno(err, CUSTODY_ERR_IO,
			    "evidence %lld: reading at byte "
			    "%llu",
			    (long long)o->id, (unsigned long long)(off + have));
		if (k == 0)
			break;
		have += (size_t)k;
	}
	*got = have;
	return CUSTODY_OK;
}

static enum custody_code
read_at(void *arg, uint64_t off, void *buf, size_t n, size_t *got,
    struct custody_error *err)
{
	return custody_origin_read(arg, off, buf, n, got, err);
}

/* ------------------------------------------------------------ locators */

enum custody_code
custody_locator_parse(const char *s, char *ev, size_t evlen,
    enum custody_locator_kind *kind, uint64_t *n, struct custody_error *err)
{
	const char *sep = strpbrk(s, ":#@");
	struct custody_reader r;
	size_t k;

	if (sep == NULL || sep == s)
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "'%.80s' is not a locator: give "
		    "EVIDENCE:LINE, EVIDENCE#PACKET or EVIDENCE@OFFSET (3:1204, 2#517, 3@56789)",
		    s);
	k = (size_t)(sep - s);
	if (k >= evlen)
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "'%.80s': the evidence part is too long", s);
	memcpy(ev, s, k);
	ev[k] = '\0';
	*kind = *sep == ':' ? CUSTODY_LOC_LINE
	    : *sep == '#'   ? CUSTODY_LOC_PACKET
	                    : CUSTODY_LOC_OFFSET;
	custody_reader_init(&r, sep + 1, strlen(sep + 1));
	if (!custody_reader_dec(&r, UINT64_MAX / 2, n) ||
	    custody_reader_left(&r) != 0 ||
	    (*n == 0 && *kind != CUSTODY_LOC_OFFSET))
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "'%.80s': after '%c' comes a %s", s, *sep,
		    *kind == CUSTODY_LOC_OFFSET     ? "byte offset (from 0)"
		        : *kind == CUSTODY_LOC_LINE ? "line number (from 1)"
		                                    : "packet number (from 1)");
	return CUSTODY_OK;
}

/* ------------------------------------------------------------ show */

void
custody_shown_release(struct custody_shown *s)
{
	size_t i;

	free(s->bytes);
	free(s->dns_text);
	free(s->dns_json);
	free(s->not_dns);
	for (i = 0; i < s->nrecords; i++)
		free(s->records[i]);
	free(s->records);
	memset(s, 0, sizeof(*s));
}

/*
 * The nearest record of the evidence at or before line/packet index (by
 * loc_index), or at or before byte offset (by loc_offset): where to start
 * reading forward. *idx 1 and *off 0 when there is none.
 */
static enum custody_code
nearest(sqlite3 *db, int64_t ev, bool by_offset, uint64_t want, uint64_t *idx,
    uint64_t *off, struct custody_error *err)
{
	size_t t;

	*idx = 1;
	*off = 0;
	for (t = 0; record_tables[t] != NULL; t++) {
		char sql[256];
		sqlite3_stmt *st;
		enum custody_code rc;

		snprintf(sql, sizeof(sql),
		    "SELECT loc_index, loc_offset FROM %s WHERE evidence_id = ?1 "
		    "AND %s <= ?2 ORDER BY %s DESC LIMIT 1",
		    record_tables[t], by_offset ? "loc_offset" : "loc_index",
		    by_offset ? "loc_offset" : "loc_index");
		if ((rc = custody_db_prepare(db, sql, &st, err)) != CUSTODY_OK)
			return rc;
		sqlite3_bind_int64(st, 1, ev);
		sqlite3_bind_int64(st, 2, (int64_t)want);
		if (sqlite3_step(st) == SQLITE_ROW) {
			uint64_t i = (uint64_t)sqlite3_column_int64(st, 0);
			uint64_t o = (uint64_t)sqlite3_column_int64(st, 1);

			if (by_offset ? o > *off : i > *idx) {
				*idx = i;
				*off = o;
			}
		}
		sqlite3_finalize(st);
	}
	return CUSTODY_OK;
}

/*
 * Reads forward from line idx, which starts at byte off, to line want (or,
 * with by_offset, to the line holding byte want), then reads that line.
 * Only custody_origin_read() touches the bytes.
 */
static enum custody_code
find_line(struct custody_origin *o, bool by_offset, uint64_t want, uint64_t idx,
    uint64_t off, struct custody_shown *out, struct custody_error *err)
{
	uint8_t *buf = malloc(SHOW_CHUNK);
	struct custody_buf line;
	enum custody_code rc = CUSTODY_OK;
	uint64_t pos = off, start = off;
	bool found = by_offset ? false : idx == want;
	size_t got = 0, i = 0;

	if (buf == NULL)
		return custody_fail(err, CUSTODY_ERR_NOMEM, "out of memory");
	custody_buf_init(&line, SHOW_LINE_MAX + 2);
	if (by_offset ? want >= o->size || off > want : idx > want)
		goto nope;
	/* To the start of the wanted line. */
	while (!found) {
		if ((rc = custody_origin_read(
		         o, pos, buf, SHOW_CHUNK, &got, err)) != CUSTODY_OK)
			goto out;
		if (got == 0)
			break;
		for (i = 0; i < got && !found; i++) {
			if (by_offset && pos + i == want) {
				found = true;
				break;
			}
			if (buf[i] == '\n') {
				idx++;
				start = pos + i + 1;
				found = !by_offset && idx == want;
			}
		}
		pos += got;
	}
	if (!found || start >= o->size)
		goto nope;
	/* The line itself, with its line end. */
	for (pos = start; !out->cut;) {
		if ((rc = custody_origin_read(
		         o, pos, buf, SHOW_CHUNK, &got, err)) != CUSTODY_OK)
			goto out;
		if (got == 0)
			break;
		for (i = 0; i < got && buf[i] != '\n'; i++)
			;
		if (line.len + i + (i < got) > SHOW_LINE_MAX) {
			custody_buf_add(&line, buf, SHOW_LINE_MAX - line.len);
			out->cut = true;
			break;
		}
		custody_buf_add(&line, buf, i + (i < got));
		if (i < got)
			break;
		pos += got;
	}
	out->index = idx;
	out->offset = start;
	out->len = line.len;
	out->line_len = line.len;
	if (!out->cut && out->line_len > 0 &&
	    line.data[out->line_len - 1] == '\n')
		out->line_len--;
	out->bytes = (uint8_t *)line.data;
	if (out->bytes == NULL && (out->bytes = calloc(1, 1)) == NULL)
		rc = custody_fail(err, CUSTODY_ERR_NOMEM, "out of memory");
	line.data = NULL;
	goto out;
nope:
	rc = by_offset
	    ? custody_fail(err, CUSTODY_ERR_USAGE,
	          "evidence %lld has %llu bytes: no "
	          "byte %llu",
	          (long long)o->id, (unsigned long long)o->size,
	          (unsigned long long)want)
	    : custody_fail(err, CUSTODY_ERR_USAGE,
	          "evidence %lld (%s) has %llu lines: no line %llu",
	          (long long)o->id, o->name,
	          (unsigned long long)(start >= o->size ? idx - 1 : idx),
	          (unsigned long long)want);
out:
	custody_buf_release(&line);
	free(buf);
	return rc;
}

/* ------------------------------------------------------------ packets */

struct decoded {
	struct custody_buf text, json;
	int n;
	char *why;
};

static const char *
rcode_name(int rc)
{
	static const char *const names[] = { "NOERROR", "FORMERR", "SERVFAIL",
		"NXDOMAIN", "NOTIMP", "REFUSED", "YXDOMAIN", "YXRRSET",
		"NXRRSET", "NOTAUTH", "NOTZONE" };

	return rc >= 0 && rc < 11 ? names[rc] : NULL;
}

static void
type_text(int type, char out[16])
{
	const char *n = custody_dns_type_name(type);

	if (n != NULL)
		snprintf(out, 16, "%s", n);
	else
		snprintf(out, 16, "TYPE%d", type);
}

/* tcpdump's way of writing an endpoint: address.port. */
static void
endpoint(struct custody_buf *b, const char *addr, int port)
{
	custody_buf_printf(b, "%s.%d", addr != NULL ? addr : "?", port);
}

static void
show_dns(void *arg, const struct custody_dns_record *m, const uint8_t *msg,
    size_t len)
{
	struct decoded *d = arg;
	static const struct {
		int bit;
		const char *name;
	} flags[] = { { 0x400, "aa" }, { 0x200, "tc" }, { 0x100, "rd" },
		{ 0x80, "ra" }, { 0x20, "ad" }, { 0x10, "cd" } };
	char qt[16], t[16], sbuf[46], dbuf[46];
	const char *src, *dst;
	size_t i, k;

	(void)msg;
	type_text(m->qtype, qt);
	/* A parser may give an address in binary (addr_family). */
	src = m->addr_family != 0 && m->src_addr != NULL &&
	        custody_addr_text(
	            m->addr_family, m->src_addr, sbuf, sizeof(sbuf))
	    ? sbuf
	    : m->src;
	dst = m->addr_family != 0 && m->dst_addr != NULL &&
	        custody_addr_text(
	            m->addr_family, m->dst_addr, dbuf, sizeof(dbuf))
	    ? dbuf
	    : m->dst;
	/* "192.0.2.15.53124 > 198.51.100.53.53: UDP, DNS query 4660 [rd] A? name. (39)" */
	endpoint(&d->text, src, m->sport);
	custody_buf_addstr(&d->text, " > ");
	endpoint(&d->text, dst, m->dport);
	custody_buf_printf(&d->text, ": %s, DNS %s %d",
	    m->transport != NULL && strcmp(m->transport, "tcp") == 0 ? "TCP"
	                                                             : "UDP",
	    m->qr ? "response" : "query", m->dns_id);
	for (i = 0, k = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (m->flags >= 0 && (m->flags & flags[i].bit))
			custody_buf_printf(
			    &d->text, "%s%s", k++ ? " " : " [", flags[i].name);
	if (k > 0)
		custody_buf_addstr(&d->text, "]");
	if (m->qr && rcode_name(m->rcode) != NULL)
		custody_buf_printf(&d->text, " %s", rcode_name(m->rcode));
	else if (m->qr)
		custody_buf_printf(&d->text, " RCODE%d", m->rcode);
	custody_buf_printf(
	    &d->text, " %s? %s.", qt, m->qname != NULL ? m->qname : "");
	if (m->edns_udp >= 0)
		custody_buf_printf(&d->text, " (EDNS udp %d%s)", m->edns_udp,
		    m->edns_do > 0 ? " DO" : "");
	custody_buf_printf(&d->text, " %d/%d/%d (%zu bytes)\n", m->ancount,
	    m->nscount, m->arcount, len);
	for (i = 0; i < m->n_rr; i++) {
		const struct custody_dns_rr *rr = &m->rr[i];

		type_text(rr->type, t);
		custody_buf_printf(&d->text, "    %s %s%s %u %s %s\n",
		    rr->section == 1       ? "answer    "
		        : rr->section == 2 ? "authority "
		                           : "additional",
		    rr->name, strcmp(rr->name, ".") == 0 ? "" : ".", rr->ttl, t,
		    rr->rdata != NULL ? rr->rdata : "(rdata not decoded)");
	}
	custody_buf_addstr(&d->json, d->n++ ? ",{" : "{");
	custody_buf_addstr(&d->json, "\"src\":");
	custody_buf_json_str(
	    &d->json, src != NULL ? src : "", src != NULL ? strlen(src) : 0);
	custody_buf_printf(&d->json, ",\"sport\":%d,\"dst\":", m->sport);
	custody_buf_json_str(
	    &d->json, dst != NULL ? dst : "", dst != NULL ? strlen(dst) : 0);
	custody_buf_printf(&d->json,
	    ",\"dport\":%d,\"transport\":\"%s\",\"id\":%d,\"qr\":%d,"
	    "\"opcode\":%d,\"flags\":%d,\"rcode\":%d,\"qname\":",
	    m->dport, m->transport != NULL ? m->transport : "udp", m->dns_id,
	    m->qr, m->opcode, m->flags, m->rcode);
	custody_buf_json_str(&d->json, m->qname != NULL ? m->qname : "",
	    m->qname != NULL ? strlen(m->qname) : 0);
	custody_buf_printf(&d->json,
	    ",\"qtype\":\"%s\",\"qclass\":%d,\"counts\":[%d,%d,%d,%d],"
	    "\"length\":%zu,\"rrs\":[",
	    qt, m->qclass, m->qdcount, m->ancount, m->nscount, m->arcount, len);
	for (i = 0; i < m->n_rr; i++) {
		const struct custody_dns_rr *rr = &m->rr[i];

		type_text(rr->type, t);
		custody_buf_printf(&d->json,
		    "%s{\"section\":%d,\"name\":", i ? "," : "", rr->section);
		custody_buf_json_str(&d->json, rr->name, strlen(rr->name));
		custody_buf_printf(&d->json,
		    ",\"type\":\"%s\",\"class\":%d,\"ttl\":%u,\"rdata\":", t,
		    rr->cls, rr->ttl);
		if (rr->rdata != NULL)
			custody_buf_json_str(
			    &d->json, rr->rdata, strlen(rr->rdata));
		else
			custody_buf_addstr(&d->json, "null");
		custody_buf_addstr(&d->json, "}");
	}
	custody_buf_addstr(&d->json, "]}");
}

static void
show_skip(void *arg, const char *reason, const char *detail)
{
	struct decoded *d = arg;
	char buf[400];

	if (d->why != NULL)
		return; /* the first reason is the one the packet was counted under */
	snprintf(buf, sizeof(buf), "%s%s%s", reason, detail != NULL ? ": " : "",
	    detail != NULL ? detail : "");
	d->why = strdup(buf);
}

static enum custody_code
show_packet(struct custody_case *c, struct custody_origin *o, bool by_offset,
    uint64_t want, struct custody_shown *out, struct custody_error *err)
{
	struct custody_parse_opts po;
	struct custody_pcap_packet pk;
	struct decoded d;
	struct custody_pcap_show cb = { &d, show_dns, show_skip };
	const char *dl;
	enum custody_code rc;

	memset(&d, 0, sizeof(d));
	memset(&po, 0, sizeof(po));
	custody_buf_init(&d.text, 16u << 20);
	custody_buf_init(&d.json, 16u << 20);
	custody_buf_addstr(&d.json, "[");
	/* The DNS ports ingest was given (--dns-port) decide what is DNS. */
	{
		char *details = custody_event_details(c->db, o->event_seq);

		if (details != NULL)
			(void)custody_reparse_opts_json(details, &po);
		free(details);
	}
	rc = custody_pcap_packet(read_at, o, by_offset ? 0 : want,
	    by_offset ? want : 0, &po, &cb, &pk, err);
	custody_reparse_opts_release(&po);
	if (rc != CUSTODY_OK) {
		custody_buf_release(&d.text);
		custody_buf_release(&d.json);
		free(d.why);
		return rc;
	}
	custody_buf_addstr(&d.json, "]");
	out->packet = true;
	out->index = pk.index;
	out->offset = pk.offset;
	out->bytes = pk.record;
	out->len = pk.record_len;
	out->frame_off = pk.frame_off;
	out->caplen = pk.caplen;
	out->wirelen = pk.wirelen;
	out->time_ns = pk.time_ns;
	out->prec = pk.prec;
	dl = pcap_datalink_val_to_name(pk.dlt);
	snprintf(out->link, sizeof(out->link), "%s (%d)",
	    dl != NULL ? dl : "unknown", pk.dlt);
	out->dns_text = d.text.data != NULL ? d.text.data : strdup("");
	out->dns_json = d.json.data;
	if (d.n == 0)
		out->not_dns = d.why != NULL ? d.why : strdup("no DNS message");
	else
		free(d.why);
	return CUSTODY_OK;
}

/* The case's records at the locator, as "table<TAB>canonical text". */
static enum custody_code
records_at(sqlite3 *db, int64_t ev, uint64_t idx, uint64_t off,
    struct custody_shown *out, struct custody_error *err)
{
	struct custody_buf sql, line;
	enum custody_code rc = CUSTODY_OK;
	size_t t;

	custody_buf_init(&sql, 8192);
	custody_buf_init(&line, 16u << 20);
	for (t = 0; record_tables[t] != NULL && rc == CUSTODY_OK; t++) {
		sqlite3_stmt *st;
		int ncols;

		custody_buf_reset(&sql);
		custody_buf_addstr(&sql, "SELECT ");
		if ((rc = custody_canon_columns(db, record_tables[t], &sql,
		         &ncols, err)) != CUSTODY_OK)
			break;
		custody_buf_printf(&sql,
		    " FROM %s WHERE evidence_id = ?1 AND loc_index = ?2 AND "
		    "loc_offset = ?3 ORDER BY id",
		    record_tables[t]);
		if ((rc = custody_db_prepare(db, sql.data, &st, err)) !=
		    CUSTODY_OK)
			break;
		sqlite3_bind_int64(st, 1, ev);
		sqlite3_bind_int64(st, 2, (int64_t)idx);
		sqlite3_bind_int64(st, 3, (int64_t)off);
		while (sqlite3_step(st) == SQLITE_ROW) {
			char **v = realloc(
			    out->records, (out->nrecords + 1) * sizeof(*v));

			if (v == NULL) {
				rc = custody_fail(
				    err, CUSTODY_ERR_NOMEM, "out of memory");
				break;
			}
			out->records = v;
			custody_buf_reset(&line);
			custody_buf_printf(&line, "%s\t", record_tables[t]);
			custody_canon_row(&line, st, 0, ncols);
			if ((v[out->nrecords] = strdup(
			         line.data != NULL ? line.data : "")) == NULL) {
				rc = custody_fail(
				    err, CUSTODY_ERR_NOMEM, "out of memory");
				break;
			}
			out->nrecords++;
		}
		sqlite3_finalize(st);
	}
	custody_buf_release(&sql);
	custody_buf_release(&line);
	return rc;
}

enum custody_code
custody_show(struct custody_case *c, struct custody_origin *o,
    enum custody_locator_kind kind, uint64_t n, struct custody_shown *out,
    struct custody_error *err)
{
	sqlite3 *db = custody_case_db(c);
	bool capture = strcmp(o->format, "pcap") == 0;
	enum custody_code rc;
	uint64_t idx, off;

	memset(out, 0, sizeof(*out));
	if (kind == CUSTODY_LOC_PACKET && !capture)
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "evidence %lld (%s) is a %s file: its "
		    "records are lines (%lld:LINE), not packets",
		    (long long)o->id, o->name, o->format, (long long)o->id);
	if (kind == CUSTODY_LOC_LINE && capture)
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "evidence %lld (%s) is a capture: its "
		    "records are packets (%lld#PACKET), not lines",
		    (long long)o->id, o->name, (long long)o->id);
	if (capture)
		rc = show_packet(c, o, kind == CUSTODY_LOC_OFFSET, n, out, err);
	else if (kind == CUSTODY_LOC_OFFSET && strcmp(o->format, "raw") == 0) {
		/* An original stored without a parser has no lines to speak of. */
		size_t got;

		if (n >= o->size)
			return custody_fail(err, CUSTODY_ERR_USAGE,
			    "evidence %lld has %llu bytes: no "
			    "byte %llu",
			    (long long)o->id, (unsigned long long)o->size,
			    (unsigned long long)n);
		if ((out->bytes = malloc(SHOW_WINDOW)) == NULL)
			return custody_fail(
			    err, CUSTODY_ERR_NOMEM, "out of memory");
		if ((rc = custody_origin_read(o, n, out->bytes, SHOW_WINDOW,
		         &got, err)) != CUSTODY_OK) {
			custody_shown_release(out);
			return rc;
		}
		out->raw_window = true;
		out->offset = n;
		out->len = got;
		return CUSTODY_OK;
	} else {
		if ((rc = nearest(db, o->id, kind == CUSTODY_LOC_OFFSET, n,
		         &idx, &off, err)) == CUSTODY_OK)
			rc = find_line(o, kind == CUSTODY_LOC_OFFSET, n, idx,
			    off, out, err);
	}
	if (rc == CUSTODY_OK)
		rc = records_at(db, o->id, out->index, out->offset, out, err);
	if (rc != CUSTODY_OK)
		custody_shown_release(out);
	return rc;
}

/* ------------------------------------------------------------ list */

void
custody_list_release(struct custody_list *l)
{
	size_t i;

	free(l->case_id);
	free(l->examiner);
	for (i = 0; i < l->nkey; i++)
		free(l->key[i].holder);
	free(l->key);
	for (i = 0; i < l->nev; i++) {
		struct custody_list_evidence *e = &l->ev[i];

		free(e->name);
		free(e->format);
		free(e->parser);
		free(e->source);
		free(e->note);
		free(e->time_zone);
		free(e->notes_json);
	}
	free(l->ev);
	memset(l, 0, sizeof(*l));
}

static char *
col_dup(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return s != NULL ? strdup(s) : NULL;
}

/* Adds the per-evidence counts of one aggregate query to l. */
static enum custody_code
count_into(sqlite3 *db, struct custody_list *l, const char *sql,
    struct custody_error *err)
{
	sqlite3_stmt *st;
	enum custody_code rc;
	size_t i;

	if ((rc = custody_db_prepare(db, sql, &st, err)) != CUSTODY_OK)
		return rc;
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);

		for (i = 0; i < l->nev; i++) {
			struct custody_list_evidence *e = &l->ev[i];
			int64_t a = sqlite3_column_int64(st, 2),
			        b = sqlite3_column_int64(st, 3);

			if (e->id != id)
				continue;
			switch (sqlite3_column_int(st, 1)) {
			case 0:
				e->dns_queries = a;
				e->dns_responses = b;
				break;
			case 1:
				e->dns_rrs = a;
				break;
			case 2:
				e->flows = a;
				break;
			case 3:
				e->orgmap = a;
				break;
			case 4:
				e->timeline = a;
				break;
			default:
				e->pdns = a;
			}
		}
	}
	sqlite3_finalize(st);
	return CUSTODY_OK;
}

static int
last_event(const struct custody_event *ev, void *arg)
{
	struct custody_list *l = arg;

	snprintf(l->head, sizeof(l->head), "%s", ev->hash);
	l->events = ev->seq;
	return 0;
}

enum custody_code
custody_list(
    struct custody_case *c, struct custody_list *out, struct custody_error *err)
{
	static const char *const counts[] = {
		"SELECT evidence_id, 0, sum(qr = 0), sum(qr = 1) FROM dns_message GROUP BY evidence_id",
		"SELECT evidence_id, 1, count(*), 0 FROM dns_answer GROUP BY evidence_id",
		"SELECT evidence_id, 2, count(*), 0 FROM flow GROUP BY evidence_id",
		"SELECT evidence_id, 3, count(*), 0 FROM orgmap GROUP BY evidence_id",
		"SELECT evidence_id, 4, count(*), 0 FROM timeline GROUP BY evidence_id",
		"SELECT evidence_id, 5, count(*), 0 FROM pdns GROUP BY evidence_id",
	};
	sqlite3 *db = custody_case_db(c);
	sqlite3_stmt *st;
	enum custody_code rc;
	size_t i;

	memset(out, 0, sizeof(*out));
	if ((out->case_id = strdup(custody_case_id(c))) == NULL ||
	    (out->examiner = strdup(custody_case_examiner(c))) == NULL)
		goto nomem;
	if ((rc = custody_db_prepare(db, "PRAGMA user_version", &st, err)) !=
	    CUSTODY_OK)
		goto fail;
	if (sqlite3_step(st) == SQLITE_ROW)
		out->schema = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if ((rc = custody_log_foreach(c, last_event, out, err)) != CUSTODY_OK)
		goto fail;
	if ((rc = custody_db_prepare(db,
	         "SELECT key_id, holder, added_seq FROM keys ORDER BY "
	         "added_seq, key_id",
	         &st, err)) != CUSTODY_OK)
		goto fail;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct custody_list_key *k =
		    realloc(out->key, (out->nkey + 1) * sizeof(*k));

		if (k == NULL) {
			sqlite3_finalize(st);
			goto nomem;
		}
		out->key = k;
		k = &out->key[out->nkey++];
		snprintf(k->key_id, sizeof(k->key_id), "%s",
		    (const char *)sqlite3_column_text(st, 0));
		k->holder = col_dup(st, 1);
		k->added_seq = sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	if ((rc = custody_db_prepare(db,
	         "SELECT id, sha256, size, original_name, format, parser || "
	         "' ' || parser_version, source, note, event_seq, time_first_ns, time_last_ns, summary "
	         "FROM evidence ORDER BY id",
	         &st, err)) != CUSTODY_OK)
		goto fail;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct custody_list_evidence *e =
		    realloc(out->ev, (out->nev + 1) * sizeof(*e));
		const char *summary = (const char *)sqlite3_column_text(st, 11);
		char notes[8192], tz[256];

		if (e == NULL) {
			sqlite3_finalize(st);
			goto nomem;
		}
		out->ev = e;
		e = &out->ev[out->nev++];
		memset(e, 0, sizeof(*e));
		e->id = sqlite3_column_int64(st, 0);
		snprintf(e->sha256, sizeof(e->sha256), "%s",
		    (const char *)sqlite3_column_text(st, 1));
		e->size = (uint64_t)sqlite3_column_int64(st, 2);
		e->name = col_dup(st, 3);
		e->format = col_dup(st, 4);
		e->parser = col_dup(st, 5);
		e->source = col_dup(st, 6);
		e->note = col_dup(st, 7);
		e->event_seq = sqlite3_column_int64(st, 8);
		e->has_times = sqlite3_column_type(st, 9) != SQLITE_NULL;
		e->time_first_ns = sqlite3_column_int64(st, 9);
		e->time_last_ns = sqlite3_column_int64(st, 10);
		if (summary == NULL)
			summary = "{}";
		if (custody_json_get_object(
		        summary, "notes", notes, sizeof(notes))) {
			e->notes_json = strdup(notes);
			if (custody_json_get_string(
			        notes, "time_zone", tz, sizeof(tz)))
				e->time_zone = strdup(tz);
		}
		if (e->name == NULL || e->format == NULL || e->parser == NULL) {
			sqlite3_finalize(st);
			goto nomem;
		}
	}
	sqlite3_finalize(st);
	for (i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
		if ((rc = count_into(db, out, counts[i], err)) != CUSTODY_OK)
			goto fail;
	return CUSTODY_OK;
nomem:
	rc = custody_fail(err, CUSTODY_ERR_NOMEM, "out of memory");
fail:
	custody_list_release(out);
	return rc;
}
