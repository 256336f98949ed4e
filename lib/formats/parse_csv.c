/*
 * parse_csv.c: the "csv" format, a claimed DNS log somebody exported: one
 * lookup per row, columns named in a header row (or given by position).
 *
 * Columns are found by name (time/timestamp/ts/date, client/src/querier/
 * ip, qname/query/name/domain, qtype/type, rcode/response/status), or
 * mapped with --columns "time=ts,client=querier,qname=name,qtype=type,
 * rcode=rcode" (header names, or 1-based positions for a file without a
 * header). The delimiter is the most frequent of , TAB ; | in the first
 * line, or runs of spaces when there is none, so the published form of
 * the 2016 logs ("2016-09-23T13:56:29.000Z 217.12.96.15 mail1.trump-
 * email.com A", no header) reads with --columns time=1,client=2,qname=3,
 * qtype=4.
 *
 * Times: ISO 8601 with Z or an offset are taken as given; seconds since
 * the epoch are UTC; times without an offset need --tz ZONE (the file is
 * refused without it), and a local time that falls in a repeated or a
 * skipped hour at a DST change is skipped with that reason (an error under
 * --strict): flagged, never guessed. time_prec is the number of fraction
 * digits the file wrote (".000" is 3, even if the source had seconds).
 * Each row becomes one DNS query (qr 0).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parser.h"
#include "textlog.h"

enum {
	C_TIME,
	C_CLIENT,
	C_QNAME,
	C_QTYPE,
	C_RCODE,
	C_N
};
#define MAX_FIELDS 64

static const char *const keys[C_N] = { "time", "client", "qname", "qtype",
	"rcode" };
static const char *const aliases[C_N][10] = {
	{ "time", "timestamp", "ts", "date", "datetime", "date_time", "when",
	    NULL },
	{ "client", "src", "source", "querier", "ip", "client_ip", "src_ip",
	    "source_ip", "query originator ip", NULL },
	{ "qname", "query", "name", "domain", "hostname", "query_name", NULL },
	{ "qtype", "type", "record_type", "rrtype", "query_type", NULL },
	{ "rcode", "response", "status", "response_code", NULL },
};

struct csv {
	uint8_t delim;
	bool started; /* the first line was read */
	int col[C_N]; /* 0-based column, -1 absent */
	/* --columns names (into wantbuf), NULL default */
	const char *want[C_N];
	char wantbuf[512];
	uint8_t *buf; /* unquoting space, one line: cap octets */
	size_t cap;
	int width; /* fields in the header */
};

static enum custody_code
parse_columns(struct csv *c, const char *spec, struct custody_error *err)
{
	char *p, *save = NULL, *tok;
	int k;

	if (snprintf(c->wantbuf, sizeof(c->wantbuf), "%s", spec) >=
	    (int)sizeof(c->wantbuf))
		return custody_fail(
		    err, CUSTODY_ERR_USAGE, "--columns: too long");
	for (p = c->wantbuf; (tok = strtok_r(p, ",", &save)) != NULL;
	     p = NULL) {
		char *eq = strchr(tok, '=');

		if (eq == NULL)
			return custody_fail(err, CUSTODY_ERR_USAGE,
			    "--columns: '%s' is not KEY=COLUMN (keys: time client qname qtype rcode)",
			    tok);
		*eq = '\0';
		for (k = 0; k < C_N; k++)
			if (strcmp(tok, keys[k]) == 0)
				break;
		if (k == C_N)
			return custody_fail(err, CUSTODY_ERR_USAGE,
			    "--columns: unknown key '%s' (keys: time client qname qtype rcode)",
			    tok);
		c->want[k] = eq + 1;
	}
	return CUSTODY_OK;
}

static bool
positional(const char *s, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < 1 || v > MAX_FIELDS)
		return false;
	*out = (int)v - 1;
	return true;
}

/* A time field: ISO 8601 (offset, Z, or local), or epoch seconds. */
static enum custody_line_result
field_time(struct custody_textparse *tp, const struct custody_reader *f,
    int64_t *ns, int *prec, struct custody_error *err)
{
	struct custody_reader r = *f;
	char buf[80];
	size_t n = custody_reader_left(f);
	int64_t frac;
	uint64_t v;

	*prec = 0;
	if (n + 2 >= sizeof(buf) ||
	    !custody_text_copy(f, buf, sizeof(buf) - 2, false))
		return custody_line_skip(tp, "bad time", NULL);
	if (n >= 9 &&
	    custody_reader_dec(&r, (uint64_t)CUSTODY_MAX_TIME_S, &v) &&
	    custody_text_frac(&r, &frac, prec) &&
	    custody_reader_left(&r) == 0) {
		*ns = (int64_t)v * 1000000000 + frac;
		return CUSTODY_LINE_RECORD;
	}
	/* Let the shared stamp reader do ISO 8601: it wants a trailing space. */
	if (n >= 4 && strcmp(buf + n - 4, " UTC") == 0) {
		memcpy(buf + n - 4, "Z", 2);
		n -= 3;
	}
	buf[n] = ' ';
	buf[n + 1] = '\0';
	custody_reader_init(&r, buf, n + 1);
	{
		enum custody_line_result res =
		    custody_text_stamp(tp, &r, ns, prec);

		if (res == CUSTODY_LINE_SKIP &&
		    strcmp(tp->reason, "local time without --tz") == 0) {
			custody_fail(err, CUSTODY_ERR_USAGE,
			    "%s: times like '%.*s' carry no UTC offset: give --tz ZONE (an IANA name such"
			    " as Europe/Moscow or UTC; it is recorded with the ingest)",
			    tp->in->name, (int)(n < 40 ? n : 40), buf);
			return CUSTODY_LINE_FAIL;
		}
		if (res == CUSTODY_LINE_RECORD && custody_reader_left(&r) != 0)
			return custody_line_skip(tp, "bad time", NULL);
		tp->stop = 0;
		return res;
	}
}

static enum custody_line_result
header(struct custody_textparse *tp, struct csv *c,
    struct custody_reader *fields, int n, struct custody_error *err)
{
	int k, i, a;

	for (k = 0; k < C_N; k++) {
		c->col[k] = -1;
		if (c->want[k] != NULL) {
			if (positional(c->want[k], &c->col[k]))
				continue;
			for (i = 0; i < n; i++)
				if (custody_text_is(&fields[i], c->want[k]))
					c->col[k] = i;
			if (c->col[k] < 0) {
				custody_fail(err, CUSTODY_ERR_USAGE,
				    "%s:1: --columns %s=%s: no such column in the header",
				    tp->in->name, keys[k], c->want[k]);
				return CUSTODY_LINE_FAIL;
			}
			continue;
		}
		for (i = 0; i < n && c->col[k] < 0; i++)
			for (a = 0; aliases[k][a] != NULL; a++)
				if (custody_text_is(
				        &fields[i], aliases[k][a])) {
					c->col[k] = i;
					break;
				}
	}
	c->width = n;
	return CUSTODY_LINE_IGNORE;
}

static enum custody_line_result
csv_line(struct custody_textparse *tp, const struct custody_textline *l,
    struct custody_error *err)
{
	struct csv *c = tp->state;
	struct custody_reader fields[MAX_FIELDS];
	struct custody_dns_record m;
	enum custody_line_result res;
	char client[64], qname[1100];
	int n, prec, k;

	if (!c->started) {
		c->delim = custody_csv_delim(l->text);
	}
	n = custody_csv_split(
	    l->text, c->delim, fields, MAX_FIELDS, c->buf, c->cap);
	if (n < 0)
		return custody_line_skip(tp, "unterminated quote", NULL);
	if (!c->started) {
		bool all_pos = true;
		int64_t ns;

		c->started = true;
		for (k = 0; k < C_N; k++) {
			int col;

			if (c->want[k] != NULL && !positional(c->want[k], &col))
				all_pos = false;
		}
		/* A first line whose time column reads as a time is data, when
		 * every column is given by position. */
		if (all_pos && c->want[C_TIME] != NULL) {
			struct custody_textparse probe = *tp;
			struct custody_error perr = { 0 };

			header(tp, c, fields, n, err);
			if (c->col[C_TIME] < n &&
			    field_time(&probe, &fields[c->col[C_TIME]], &ns,
			        &prec, &perr) != CUSTODY_LINE_SKIP &&
			    perr.code == CUSTODY_OK)
				goto data;
		}
		if ((res = header(tp, c, fields, n, err)) == CUSTODY_LINE_FAIL)
			return res;
		if (c->col[C_TIME] < 0 || c->col[C_QNAME] < 0) {
			custody_fail(err, CUSTODY_ERR_FORMAT,
			    "%s:1: byte 0: the header names no %s column; map it with --columns"
			    " time=...,client=...,qname=...,qtype=...,rcode=...",
			    tp->in->name,
			    c->col[C_TIME] < 0 ? "time" : "qname");
			return CUSTODY_LINE_FAIL;
		}
		custody_sink_note(tp->sink, "columns",
		    c->want[C_TIME] != NULL ? "from --columns"
		                            : "from the header");
		return CUSTODY_LINE_IGNORE;
	}
data:
	custody_dns_record_init(&m);
	m.loc_index = l->lineno;
	m.loc_offset = l->offset;
	if (c->col[C_TIME] >= n || c->col[C_QNAME] >= n)
		return custody_line_skip(tp, "missing columns", NULL);
	if ((res = field_time(tp, &fields[c->col[C_TIME]], &m.time_ns, &prec,
	         err)) != CUSTODY_LINE_RECORD)
		return res;
	m.time_prec = prec;
	if (!custody_text_qname(&fields[c->col[C_QNAME]], qname, sizeof(qname)))
		return custody_line_skip(tp,
		    custody_text_qname_error(&fields[c->col[C_QNAME]]), NULL);
	m.qname = qname;
	if (c->col[C_CLIENT] >= 0) {
		if (c->col[C_CLIENT] >= n ||
		    !custody_text_addr(
		        &fields[c->col[C_CLIENT]], client, sizeof(client)))
			return custody_line_skip(
			    tp, "bad client address", NULL);
		m.src = client;
	}
	if (c->col[C_QTYPE] >= 0 && c->col[C_QTYPE] < n &&
	    custody_reader_left(&fields[c->col[C_QTYPE]]) > 0) {
		struct custody_reader t = fields[c->col[C_QTYPE]];
		uint64_t v;

		if ((m.qtype = custody_dns_type(&t)) < 0) {
			if (!custody_reader_dec(&t, 65535, &v) ||
			    custody_reader_left(&t) != 0)
				return custody_line_skip(
				    tp, "bad query type", NULL);
			m.qtype = (int)v;
		}
	}
	if (c->col[C_RCODE] >= 0 && c->col[C_RCODE] < n &&
	    custody_reader_left(&fields[c->col[C_RCODE]]) > 0) {
		struct custody_reader t = fields[c->col[C_RCODE]];
		uint64_t v;

		if ((m.rcode = custody_dns_rcode(&t)) < 0) {
			if (!custody_reader_dec(&t, 4095, &v) ||
			    custody_reader_left(&t) != 0)
				return custody_line_skip(tp, "bad rcode", NULL);
			m.rcode = (int)v;
		}
	}
	m.qr = 0;
	m.qdcount = 1;
	m.qclass = 1;
	if (custody_sink_dns(tp->sink, &m, err) != CUSTODY_OK)
		return CUSTODY_LINE_FAIL;
	return CUSTODY_LINE_RECORD;
}

static enum custody_code
parse_csv(const struct custody_parse_input *in,
    const struct custody_parse_opts *opts, struct custody_sink *sink,
    struct custody_error *err)
{
	struct csv c;
	struct custody_textparse tp = { .in = in,
		.opts = opts,
		.sink = sink,
		.format = "csv",
		.state = &c };
	enum custody_code rc;
	int k;

	memset(&c, 0, sizeof(c));
	for (k = 0; k < C_N; k++)
		c.col[k] = -1;
	if (opts->columns != NULL &&
	    (rc = parse_columns(&c, opts->columns, err)) != CUSTODY_OK)
		return rc;
	/* No line is longer than the input (nor than CUSTODY_MAX_LINE, or
	 * it never comes): a small input takes a small buffer. */
	c.cap = (in->len < CUSTODY_MAX_LINE ? in->len : CUSTODY_MAX_LINE) + 1;
	if ((c.buf = malloc(c.cap)) == NULL)
		return custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
	rc = custody_textparse_run(&tp, csv_line, err);
	free(c.buf);
	return rc;
}

static bool
csv_header(struct custody_reader *line)
{
	struct custody_reader fields[MAX_FIELDS];
	uint8_t buf[4096];
	int n = custody_csv_split(*line, custody_csv_delim(*line), fields,
	    MAX_FIELDS, buf, sizeof(buf));
	int i, a, have_time = 0, have_name = 0;

	for (i = 0; i < n; i++) {
		for (a = 0; aliases[C_TIME][a] != NULL; a++)
			have_time |=
			    custody_text_is(&fields[i], aliases[C_TIME][a]);
		for (a = 0; aliases[C_QNAME][a] != NULL; a++)
			have_name |=
			    custody_text_is(&fields[i], aliases[C_QNAME][a]);
	}
	return have_time && have_name;
}

/* A header row naming a time and a query-name column. */
static int
csv_detect(const uint8_t *head, size_t len)
{
	struct custody_textlog t;
	struct custody_textline l;

	if (custody_text_bad_encoding(head, len) != NULL)
		return 0;
	custody_textlog_init(&t, head, len);
	if (!custody_textlog_next(&t, &l) || l.too_long || l.has_nul)
		return 0;
	return csv_header(&l.text) ? 50 : 0;
}

/* Version 2: names over RFC 1035's limits are skipped (textlog.c). */
const struct custody_parser custody_parser_csv = {
	.name = "csv",
	.version = "2",
	.detect = csv_detect,
	.parse = parse_csv,
};
