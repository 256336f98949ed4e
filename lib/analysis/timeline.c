/*
 * timeline.c: a case as a Timesketch/plaso timeline in JSON Lines
 * (docs/timeline.md), so it can be explored in Timesketch beside the
 * other timelines of an investigation.
 *
 * One JSON object per line, each with the fields Timesketch needs to
 * import a timeline (message, datetime, timestamp in microseconds,
 * timestamp_desc) and plaso's data_type, then the evidence and locator of
 * the row: the custody events first, in chain order, then the DNS
 * messages, the flows (one line for the first packet, one for the last)
 * and the dated events of the case's timeline, each table in row order.
 * No sort: the output streams whatever the size of the case, and the same
 * case gives the same bytes. Timesketch orders by time itself.
 */
#include <stdlib.h>
#include <string.h>

#include "analysis.h"

struct tl {
	struct custody_case *c;
	const struct custody_timeline_opts *o;
	custody_write_fn write;
	void *arg;
	struct custody_error *err;
	struct custody_buf b;
	enum custody_code rc;
	uint64_t rows;
};

static bool
in_range(const struct tl *t, int64_t ns)
{
	return (t->o->since_ns == NULL || ns >= *t->o->since_ns) &&
	    (t->o->until_ns == NULL || ns < *t->o->until_ns);
}

/* The line so far goes out when the buffer is large. */
static void
end_row(struct tl *t)
{
	if (t->rc == CUSTODY_OK &&
	    custody_buf_addstr(&t->b, "}\n") != CUSTODY_OK)
		t->rc = custody_fail(
		    t->err, CUSTODY_ERR_NOMEM, "timeline: no memory");
	t->rows++;
	if (t->rc == CUSTODY_OK && t->b.len >= (1u << 16)) {
		t->rc = t->write(t->arg, t->b.data, t->b.len, t->err);
		custody_buf_reset(&t->b);
	}
}

static void
put_str(struct tl *t, const char *key, const char *s, size_t n)
{
	if (t->rc == CUSTODY_OK &&
	    (custody_buf_printf(&t->b, ",\"%s\":", key) != CUSTODY_OK ||
	        custody_buf_json_str(&t->b, s, n) != CUSTODY_OK))
		t->rc = custody_fail(
		    t->err, CUSTODY_ERR_NOMEM, "timeline: no memory");
}

/* A text column, when not NULL. */
static void
put_col(struct tl *t, const char *key, sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) != SQLITE_NULL)
		put_str(t, key, (const char *)sqlite3_column_text(st, col),
		    (size_t)sqlite3_column_bytes(st, col));
}

static void
put_int(struct tl *t, const char *key, int64_t v)
{
	if (t->rc == CUSTODY_OK &&
	    custody_buf_printf(&t->b, ",\"%s\":%lld", key, (long long)v) !=
	        CUSTODY_OK)
		t->rc = custody_fail(
		    t->err, CUSTODY_ERR_NOMEM, "timeline: no memory");
}

static void
put_intcol(struct tl *t, const char *key, sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) != SQLITE_NULL)
		put_int(t, key, sqlite3_column_int64(st, col));
}

/* {"message":..., "datetime":..., "timestamp":..., "timestamp_desc":...,
 * "data_type":... -- the fields every row has. */
static void
begin_row(struct tl *t, const char *message, int64_t ns, const char *desc,
    const char *type)
{
	char when[40];
	int64_t us = ns / 1000 - (ns % 1000 < 0 ? 1 : 0);
	size_t n;

	custody_time_format(ns, 6, when);
	n = strlen(when);
	if (n > 0 && when[n - 1] == 'Z')
		when[n - 1] = '\0';
	if (t->rc == CUSTODY_OK &&
	    (custody_buf_addstr(&t->b, "{\"message\":") != CUSTODY_OK ||
	        custody_buf_json_str(&t->b, message, strlen(message)) !=
	            CUSTODY_OK ||
	        custody_buf_printf(&t->b,
	            ",\"datetime\":\"%s+00:00\",\"timestamp\":%lld,\"timestamp_desc\":\"%s\","
	            "\"data_type\":\"%s\"",
	            when, (long long)us, desc, type) != CUSTODY_OK))
		t->rc = custody_fail(
		    t->err, CUSTODY_ERR_NOMEM, "timeline: no memory");
}

/* The evidence a row comes from and where in it (columns from, from+1...:
 * evidence id, sha256, original name, format, source, loc_index, loc_offset).
 * The locator is the one custody show takes: EVIDENCE#PACKET for a
 * capture, EVIDENCE:LINE for a log. */
static void
put_where(struct tl *t, sqlite3_stmt *st, int from)
{
	const char *fmt = (const char *)sqlite3_column_text(st, from + 3);
	bool packets = fmt != NULL && strcmp(fmt, "pcap") == 0;
	char loc[64];

	put_intcol(t, "evidence_id", st, from);
	put_col(t, "evidence_sha256", st, from + 1);
	put_col(t, "evidence_name", st, from + 2);
	put_col(t, "evidence_format", st, from + 3);
	put_col(t, "source", st, from + 4);
	snprintf(loc, sizeof(loc), "%lld%c%lld",
	    (long long)sqlite3_column_int64(st, from), packets ? '#' : ':',
	    (long long)sqlite3_column_int64(st, from + 5));
	put_str(t, "locator", loc, strlen(loc));
	put_intcol(t, packets ? "packet" : "line", st, from + 5);
	put_intcol(t, "offset", st, from + 6);
}

static void
put_case(struct tl *t)
{
	const char *id = custody_case_id(t->c);

	put_str(t, "case_id", id, strlen(id));
}

static const char *
rcode_name(int64_t rc, char buf[16])
{
	static const char *const names[] = { "NOERROR", "FORMERR", "SERVFAIL",
		"NXDOMAIN", "NOTIMP", "REFUSED", "YXDOMAIN", "YXRRSET",
		"NXRRSET", "NOTAUTH", "NOTZONE" };

	if (rc >= 0 && rc < (int64_t)(sizeof(names) / sizeof(names[0])))
		return names[rc];
	snprintf(buf, 16, "RCODE%lld", (long long)(rc < 0 ? 0 : rc % 100000));
	return buf;
}

/* ------------------------------------------------------------ custody events */

static int
on_event(const struct custody_event *ev, void *arg)
{
	struct tl *t = arg;
	char msg[400];
	int64_t ns;

	if (!custody_time_parse(ev->time, &ns) || !in_range(t, ns))
		return 0;
	snprintf(msg, sizeof(msg), "custody %s %s (event %lld, key %.16s)",
	    ev->action, ev->subject, (long long)ev->seq, ev->key_id);
	begin_row(t, msg, ns, "Custody event", "custody:event");
	put_int(t, "custody_seq", ev->seq);
	put_str(t, "custody_action", ev->action, strlen(ev->action));
	put_str(t, "custody_subject", ev->subject, strlen(ev->subject));
	put_str(t, "custody_key_id", ev->key_id, strlen(ev->key_id));
	put_str(t, "custody_line_sha256", ev->hash, strlen(ev->hash));
	snprintf(msg, sizeof(msg), "custody.log:%lld", (long long)ev->seq);
	put_str(t, "locator", msg, strlen(msg));
	if (strncmp(ev->subject, "sha256:", 7) == 0 &&
	    strlen(ev->subject) == 71 && strcmp(ev->action, "ingest") == 0)
		put_str(t, "evidence_sha256", ev->subject + 7, 64);
	put_case(t);
	end_row(t);
	return t->rc != CUSTODY_OK;
}

/* ------------------------------------------------------------ records */

#define WHERE_COLS                                                             \
	"e.id, e.sha256, e.original_name, e.format, e.source, r.loc_index, r.loc_offset"

/* Runs sql (rows of one record table, in row order) and hands each row to
 * fn; what names the table in a failure. */
static void
each_row(struct tl *t, const char *sql, const char *what,
    void (*fn)(struct tl *, sqlite3_stmt *))
{
	sqlite3_stmt *st;
	int step;

	if ((t->rc = custody_db_prepare(
	         custody_case_db(t->c), sql, &st, t->err)) != CUSTODY_OK)
		return;
	while (t->rc == CUSTODY_OK && (step = sqlite3_step(st)) == SQLITE_ROW)
		fn(t, st);
	if (t->rc == CUSTODY_OK && step != SQLITE_DONE)
		t->rc =
		    custody_fail_sqlite(t->err, custody_case_db(t->c), what);
	sqlite3_finalize(st);
}

/* CROSS JOIN keeps the record table the outer loop: row order, no sort. */
#define DNS_SQL                                                                    \
	"SELECT " WHERE_COLS                                                       \
	", r.time_ns, r.qr, r.src, r.sport, r.dst, r.dport,"                       \
	" r.transport, r.server, r.dns_id, r.qname, r.qtype, r.rcode,"             \
	" (SELECT group_concat(rdata, ' ') FROM (SELECT a.rdata FROM dns_answer a" \
	"   WHERE a.message_id = r.id AND a.section = 1 AND a.rdata IS NOT NULL"   \
	"   ORDER BY a.idx))"                                                      \
	" FROM dns_message r CROSS JOIN evidence e ON e.id = r.evidence_id ORDER BY r.id"

static void
dns_row(struct tl *t, sqlite3_stmt *st)
{
	int64_t ns = sqlite3_column_int64(st, 7);
	bool response = sqlite3_column_int64(st, 8) != 0;
	const char *qname = (const char *)sqlite3_column_text(st, 16);
	const char *src = (const char *)sqlite3_column_text(st, 9);
	const char *dst = (const char *)sqlite3_column_text(st, 11);
	const char *server = (const char *)sqlite3_column_text(st, 14);
	const char *answers = (const char *)sqlite3_column_text(st, 19);
	char tbuf[16], rbuf[16], qtype[16] = "", rcode[16] = "";
	struct custody_buf m;

	if (!in_range(t, ns))
		return;
	if (sqlite3_column_type(st, 17) != SQLITE_NULL)
		snprintf(qtype, sizeof(qtype), "%s",
		    custody_qtype_name(
		        (int)sqlite3_column_int64(st, 17), tbuf));
	if (sqlite3_column_type(st, 18) != SQLITE_NULL)
		snprintf(rcode, sizeof(rcode), "%s",
		    rcode_name(sqlite3_column_int64(st, 18), rbuf));
	custody_buf_init(&m, 1u << 16);
	custody_buf_printf(&m, "DNS %s %s%s%s", response ? "response" : "query",
	    qname != NULL ? qname : "(no name)", qtype[0] ? " " : "", qtype);
	if (response && rcode[0] != '\0')
		custody_buf_printf(&m, " %s", rcode);
	if (src != NULL)
		custody_buf_printf(&m, " from %s", src);
	if (dst != NULL)
		custody_buf_printf(&m, " to %s", dst);
	if (server != NULL)
		custody_buf_printf(&m, " (server %s)", server);
	if (answers != NULL)
		custody_buf_printf(&m, ": %s", answers);
	begin_row(t, m.data != NULL ? m.data : "DNS message", ns,
	    response ? "Response time" : "Query time",
	    response ? "custody:dns:response" : "custody:dns:query");
	custody_buf_release(&m);
	put_where(t, st, 0);
	put_col(t, "qname", st, 16);
	if (qtype[0] != '\0')
		put_str(t, "qtype", qtype, strlen(qtype));
	if (rcode[0] != '\0')
		put_str(t, "rcode", rcode, strlen(rcode));
	put_col(t, "src", st, 9);
	put_intcol(t, "sport", st, 10);
	put_col(t, "dst", st, 11);
	put_intcol(t, "dport", st, 12);
	put_col(t, "transport", st, 13);
	put_col(t, "server", st, 14);
	put_intcol(t, "dns_id", st, 15);
	put_col(t, "answers", st, 19);
	put_case(t);
	end_row(t);
}

#define FLOW_SQL                                                               \
	"SELECT " WHERE_COLS                                                   \
	", r.first_ns, r.last_ns, r.proto, r.src, r.sport, r.dst,"             \
	" r.dport, r.packets, r.bytes_fwd, r.bytes_rev, r.established"         \
	" FROM flow r CROSS JOIN evidence e ON e.id = r.evidence_id ORDER BY r.id"

static void
flow_row(struct tl *t, sqlite3_stmt *st)
{
	int64_t first = sqlite3_column_int64(st, 7),
	        last = sqlite3_column_int64(st, 8);
	const char *proto = (const char *)sqlite3_column_text(st, 9);
	int end;

	/* One line at the first packet, one at the last (plaso's way
	 * with a record of two times). */
	for (end = 0; end < 2 && t->rc == CUSTODY_OK; end++) {
		int64_t ns = end ? last : first;
		char msg[400];

		if ((end && last == first) || !in_range(t, ns))
			continue;
		snprintf(msg, sizeof(msg),
		    "%s %s:%lld -> %s:%lld %s (%lld packets%s)",
		    proto != NULL && strcmp(proto, "udp") == 0 ? "UDP" : "TCP",
		    (const char *)sqlite3_column_text(st, 10),
		    (long long)sqlite3_column_int64(st, 11),
		    (const char *)sqlite3_column_text(st, 12),
		    (long long)sqlite3_column_int64(st, 13),
		    end ? "last packet" : "first packet",
		    (long long)sqlite3_column_int64(st, 14),
		    sqlite3_column_int64(st, 17) ? ", handshake completed"
		                                 : "");
		begin_row(t, msg, ns, end ? "Last packet" : "First packet",
		    "custody:flow");
		put_where(t, st, 0);
		put_col(t, "proto", st, 9);
		put_col(t, "src", st, 10);
		put_intcol(t, "sport", st, 11);
		put_col(t, "dst", st, 12);
		put_intcol(t, "dport", st, 13);
		put_intcol(t, "packets", st, 14);
		put_intcol(t, "bytes_fwd", st, 15);
		put_intcol(t, "bytes_rev", st, 16);
		put_intcol(t, "established", st, 17);
		put_int(t, "first_ns", first);
		put_int(t, "last_ns", last);
		put_case(t);
		end_row(t);
	}
}

#define TIMELINE_SQL                                                           \
	"SELECT " WHERE_COLS ", r.time_ns, r.date, r.label, r.source"          \
	" FROM timeline r CROSS JOIN evidence e ON e.id = r.evidence_id ORDER BY r.id"

static void
timeline_row(struct tl *t, sqlite3_stmt *st)
{
	int64_t ns = sqlite3_column_int64(st, 7);
	const char *label = (const char *)sqlite3_column_text(st, 9);

	if (!in_range(t, ns))
		return;
	begin_row(t, label != NULL ? label : "", ns, "Event date",
	    "custody:timeline");
	put_where(t, st, 0);
	put_col(t, "date", st, 8);
	put_col(t, "event_source", st, 10);
	put_case(t);
	end_row(t);
}

enum custody_code
custody_timeline(struct custody_case *c,
    const struct custody_timeline_opts *opts, custody_write_fn write, void *arg,
    uint64_t *rows, struct custody_error *err)
{
	static const struct custody_timeline_opts none = { NULL, NULL };
	sqlite3 *db = custody_case_db(c);
	enum custody_code rc;
	bool tx = false;
	struct tl t;

	memset(&t, 0, sizeof(t));
	t.c = c;
	t.o = opts != NULL ? opts : &none;
	t.write = write;
	t.arg = arg;
	t.err = err;
	custody_buf_init(&t.b, 1u << 24);
	/* One read transaction: the rows and the events of one moment. */
	if (sqlite3_get_autocommit(db)) {
		if ((t.rc = custody_db_exec(db, "BEGIN", err)) != CUSTODY_OK)
			goto out;
		tx = true;
	}
	rc = custody_log_foreach(c, on_event, &t, err);
	if (t.rc == CUSTODY_OK)
		t.rc = rc;
	if (t.rc == CUSTODY_OK)
		each_row(&t, DNS_SQL, "reading DNS messages", dns_row);
	if (t.rc == CUSTODY_OK)
		each_row(&t, FLOW_SQL, "reading flows", flow_row);
	if (t.rc == CUSTODY_OK)
		each_row(
		    &t, TIMELINE_SQL, "reading the timeline", timeline_row);
	if (tx)
		(void)sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	if (t.rc == CUSTODY_OK && t.b.len > 0)
		t.rc = write(arg, t.b.data, t.b.len, err);
out:
	custody_buf_release(&t.b);
	if (rows != NULL)
		*rows = t.rows;
	return t.rc;
}
