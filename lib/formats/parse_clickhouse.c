/*
 * parse_clickhouse.c: ClickHouse's TabSeparatedWithNamesAndTypes, the
 * response custody extract asks a cluster for (lib/ingest/extract.c), read into
 * the same tables as every other source. Three formats, one per kind of
 * row: "clickhouse-dns" (lookups), "clickhouse-orgmap" and
 * "clickhouse-events".
 *
 *   time              client   qname                  qtype
 *   DateTime('UTC')   String   String                 String
 *   2016-05-04 06:35:46  192.0.2.15  mail1.trump-email.com  A
 *
 * Line 1 names the columns and line 2 gives their ClickHouse types; every
 * further line is one row, fields separated by TAB and escaped as
 * ClickHouse escapes them (\t \n \\ \' ..., \N for NULL). Columns are
 * found by name, and a column this format does not know, or one whose
 * type cannot hold what the column means (a time that is a UInt8), is an
 * error that names the column: the file is refused, not half read.
 *
 * Times: DateTime('Zone') and DateTime64(P, 'Zone') are in their zone;
 * a bare DateTime is in the server's zone, which custody extract asks the
 * server for and records as the ingest's --tz (a file ingested by hand
 * needs --tz); a String time is ISO 8601. time_prec is the number of
 * fraction digits the value was written with.
 *
 * Every row becomes one record; in strict mode (what custody extract
 * asks for) a row that does not parse refuses the whole response. A
 * response without rows is an empty original, which is allowed: the
 * summary says so.
 *
 * custody extract parses a response while it arrives (in->grow): the
 * lines, and so the records and the parse digest, are those of the
 * stored bytes, which verify --deep reads again.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parser.h"
#include "textlog.h"

#define MAX_COLS 32

/* What a ClickHouse type can hold, as far as a column here cares. */
enum ch_class {
	T_STRING = 1 << 0,   /* String, FixedString is not: it pads with NUL */
	T_ADDR = 1 << 1,     /* IPv4, IPv6 */
	T_DATE = 1 << 2,     /* Date */
	T_DATETIME = 1 << 3, /* DateTime, DateTime('Z'), DateTime64(P[, 'Z']) */
	T_INT = 1 << 4,      /* UInt8..UInt64, Int8..Int64 */
	T_ENUM = 1 << 5,     /* Enum8/Enum16: written as their names */
};

struct colspec {
	const char *name;
	unsigned types; /* enum ch_class mask */
	bool required;
	bool nullable;    /* may be Nullable(...): \N is then "unknown" */
	const char *want; /* the types, in words, for messages */
};

enum kind {
	K_DNS,
	K_ORGMAP,
	K_EVENTS
};

enum {
	D_TIME,
	D_CLIENT,
	D_QNAME,
	D_QTYPE,
	D_RCODE,
	D_SERVER,
	D_QR,
	D_N
};
static const struct colspec dns_cols[] = {
	{ "time", T_DATETIME | T_STRING, true, false,
	    "DateTime('Zone'), DateTime, DateTime64 or String (ISO 8601)" },
	{ "client", T_STRING | T_ADDR, true, true, "String, IPv4 or IPv6" },
	{ "qname", T_STRING, true, false, "String" },
	{ "qtype", T_STRING | T_INT | T_ENUM, false, true,
	    "String (A, MX...), an integer or an Enum" },
	{ "rcode", T_STRING | T_INT | T_ENUM, false, true,
	    "String (NOERROR...), an integer or an Enum" },
	{ "server", T_STRING, false, true, "String" },
	{ "qr", T_INT, false, false, "an integer (0 query, 1 response)" },
	{ NULL, 0, false, false, NULL },
};

enum {
	O_CIDR,
	O_ORG,
	O_SOURCE,
	O_FROM,
	O_UNTIL,
	O_N
};
static const struct colspec orgmap_cols[] = {
	{ "cidr", T_STRING, true, false, "String" },
	{ "org", T_STRING, true, false, "String" },
	{ "source", T_STRING, true, false, "String" },
	{ "valid_from", T_DATE | T_STRING, false, true,
	    "Date or String (ISO 8601)" },
	{ "valid_until", T_DATE | T_STRING, false, true,
	    "Date or String (ISO 8601)" },
	{ NULL, 0, false, false, NULL },
};

enum {
	E_DATE,
	E_LABEL,
	E_SOURCE,
	E_N
};
static const struct colspec events_cols[] = {
	{ "date", T_DATE | T_DATETIME | T_STRING, true, false,
	    "Date, DateTime or String (ISO 8601)" },
	{ "label", T_STRING, true, false, "String" },
	{ "source", T_STRING, true, false, "String" },
	{ NULL, 0, false, false, NULL },
};

static const char *const format_names[] = { "clickhouse-dns",
	"clickhouse-orgmap", "clickhouse-events" };

struct chparse {
	enum kind kind;
	const struct colspec *spec;
	int ncol;                /* columns of the response */
	bool typed;              /* the types line was read */
	int col_of[MAX_COLS];    /* response column -> spec index */
	int where[8];            /* spec index -> response column, -1 absent */
	bool nullable[MAX_COLS]; /* of the response's columns */
	unsigned cls[MAX_COLS];  /* enum ch_class of each */
	char names[MAX_COLS][64];
	struct custody_reader field[MAX_COLS];
	bool is_null[MAX_COLS];
	uint8_t *buf; /* unescaped values of one line */
	uint64_t rows;
	struct code_memo { /* qtypes and rcodes read, and their values */
		struct {
			uint8_t text[16];
			size_t len;
			int value;
		} seen[8];
		unsigned next;
	} memo[2];
};

/* ------------------------------------------------------------ fields */

/* The byte an escape "\\e" stands for in ClickHouse's TSV (\\xHH reads
 * two more bytes from r). */
static bool
unescape(struct custody_reader *r, uint8_t e, uint8_t *out)
{
	static const char from[] = "bfnrt0av", to[] = "\b\f\n\r\t\0\a\v";
	const char *k;
	uint8_t h[2];
	int i;

	if (e != 0 && (k = strchr(from, e)) != NULL) {
		*out = (uint8_t)to[k - from];
		return true;
	}
	if (e == 'N' || e == '\\' || e == '\'' || e == '"' || e == '/') {
		*out = e;
		return true;
	}
	if (e != 'x' || !custody_reader_bytes(r, h, 2))
		return false;
	for (i = 0, *out = 0; i < 2; i++) {
		uint8_t d = (uint8_t)(h[i] | 0x20);

		if (h[i] >= '0' && h[i] <= '9')
			d = (uint8_t)(h[i] - '0');
		else if (d >= 'a' && d <= 'f')
			d = (uint8_t)(d - 'a' + 10);
		else
			return false;
		*out = (uint8_t)(*out << 4 | d);
	}
	return true;
}

/*
 * Splits a line at TAB into at most max fields, each unescaped into buf
 * (cap bytes) as ClickHouse's TSV writes it; \N alone is NULL. Returns
 * the number of fields, or -1 on a bad escape (*bad_at set to its byte).
 */
static int
split(struct custody_reader line, struct custody_reader *f, bool *is_null,
    int max, uint8_t *buf, size_t cap, size_t *bad_at)
{
	size_t used = 0;
	int n = 0;

	for (;;) {
		size_t start = used, raw = 0, at, len;
		bool sep = false, escaped_n = false;
		struct custody_reader rest = line, plain;
		uint8_t c;

		if (n == max)
			return -1;
		/* Most fields have no escape: taken where they are, as the
		 * bytes up to the next TAB; the others are read byte by byte. */
		if (!custody_reader_find(&line, "\t", 1, &at))
			at = custody_reader_left(&line);
		(void)custody_reader_sub(&rest, at, &plain);
		if (!custody_reader_find(&plain, "\\", 1, &len)) {
			if (at > cap - used)
				return -1;
			used += at;
			is_null[n] = false;
			f[n++] = plain;
			if (!custody_reader_skip(&line, at) ||
			    !custody_reader_skip(&line, 1))
				return n;
			continue;
		}
		while (custody_reader_u8(&line, &c)) {
			if (c == '\t') {
				sep = true;
				break;
			}
			raw++;
			if (c == '\\') {
				uint8_t e;

				if (!custody_reader_u8(&line, &e) ||
				    !unescape(&line, e, &c)) {
					*bad_at = custody_reader_offset(&line);
					return -1;
				}
				raw++;
				escaped_n = e == 'N';
			}
			if (used == cap)
				return -1;
			buf[used++] = c;
		}
		is_null[n] = escaped_n && raw == 2;
		custody_reader_init(&f[n], buf + start, used - start);
		n++;
		if (!sep)
			return n;
	}
}

/* true when the bytes of r are exactly lit. */
static bool
is(const struct custody_reader *r, const char *lit)
{
	struct custody_reader t = *r;

	return custody_reader_expect(&t, lit) && custody_reader_left(&t) == 0;
}

/* Takes "Wrapper(" ... ")" off t when it is there. */
static bool
unwrap(struct custody_reader *t, const char *wrapper)
{
	struct custody_reader s = *t;
	uint8_t last;

	if (!custody_reader_expect(&s, wrapper) ||
	    !custody_reader_last(&s, &last) || last != ')')
		return false;
	(void)custody_reader_chop(&s, 1);
	return custody_reader_sub(&s, custody_reader_left(&s), t);
}

/* A zone argument "'Europe/Moscow'" (quotes included) into zone. */
static bool
zone_arg(struct custody_reader *t, char *zone, size_t cap)
{
	struct custody_reader z;

	custody_text_spaces(t);
	return custody_reader_expect(t, "'") &&
	    custody_reader_until(t, '\'', &z) && custody_reader_left(t) == 0 &&
	    custody_text_copy(&z, zone, cap, false) && zone[0] != '\0';
}

/*
 * The class of a ClickHouse type name (as the second header line writes
 * it, unescaped), with Nullable and LowCardinality taken off; the time
 * zone of a DateTime that names one goes to zone (else it is "").
 * Returns 0 for a type none of the columns here can take.
 */
static unsigned
type_class(struct custody_reader t, bool *nullable, char *zone, size_t zcap)
{
	uint64_t v;

	*nullable = false;
	zone[0] = '\0';
	for (;;) {
		if (unwrap(&t, "LowCardinality("))
			continue;
		if (unwrap(&t, "Nullable(")) {
			*nullable = true;
			continue;
		}
		break;
	}
	if (is(&t, "String"))
		return T_STRING;
	if (is(&t, "IPv4") || is(&t, "IPv6"))
		return T_ADDR;
	if (is(&t, "Date"))
		return T_DATE;
	if (is(&t, "DateTime"))
		return T_DATETIME;
	if (unwrap(&t, "DateTime("))
		return zone_arg(&t, zone, zcap) ? T_DATETIME : 0;
	if (unwrap(&t, "DateTime64(")) {
		if (!custody_reader_dec(&t, 9, &v))
			return 0;
		if (custody_reader_left(&t) == 0)
			return T_DATETIME;
		return custody_reader_expect(&t, ",") &&
		        zone_arg(&t, zone, zcap)
		    ? T_DATETIME
		    : 0;
	}
	if (custody_reader_expect(&t, "UInt") ||
	    custody_reader_expect(&t, "Int"))
		return is(&t, "8") || is(&t, "16") || is(&t, "32") ||
		        is(&t, "64")
		    ? T_INT
		    : 0;
	if (custody_reader_expect(&t, "Enum8(") ||
	    custody_reader_expect(&t, "Enum16("))
		return T_ENUM;
	return 0;
}

/* ------------------------------------------------------------ header */

static enum custody_line_result fail(struct custody_textparse *tp,
    const struct custody_textline *l, struct custody_error *err,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* A header that refuses the file: "NAME:LINE: byte OFF: what". */
static enum custody_line_result
fail(struct custody_textparse *tp, const struct custody_textline *l,
    struct custody_error *err, const char *fmt, ...)
{
	char what[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	custody_fail(err, CUSTODY_ERR_FORMAT, "%s:%llu: byte %llu: %s",
	    tp->in->name, (unsigned long long)l->lineno,
	    (unsigned long long)l->offset, what);
	return CUSTODY_LINE_FAIL;
}

/* Line 1: the column names. */
static enum custody_line_result
names_line(struct custody_textparse *tp, struct chparse *p,
    const struct custody_textline *l, struct custody_error *err)
{
	size_t bad = 0;
	int n, i, k;

	n = split(l->text, p->field, p->is_null, MAX_COLS, p->buf,
	    CUSTODY_MAX_LINE, &bad);
	if (n < 0)
		return fail(tp, l, err,
		    "not a TabSeparatedWithNamesAndTypes header (more than %d"
		    " columns, or a bad escape)",
		    MAX_COLS);
	for (k = 0; k < 8; k++)
		p->where[k] = -1;
	for (i = 0; i < n; i++) {
		if (!custody_text_copy(
		        &p->field[i], p->names[i], sizeof(p->names[i]), false))
			return fail(tp, l, err,
			    "column %d: a name that is not text", i + 1);
		for (k = 0; p->spec[k].name != NULL; k++)
			if (strcmp(p->spec[k].name, p->names[i]) == 0)
				break;
		if (p->spec[k].name == NULL) {
			char known[200] = "";

			for (k = 0; p->spec[k].name != NULL; k++)
				snprintf(known + strlen(known),
				    sizeof(known) - strlen(known), "%s%s",
				    k ? " " : "", p->spec[k].name);
			return fail(tp, l, err,
			    "column '%s' is not a column of %s (its columns: %s)",
			    p->names[i], format_names[p->kind], known);
		}
		if (p->where[k] >= 0)
			return fail(tp, l, err, "column '%s' appears twice",
			    p->names[i]);
		p->where[k] = i;
		p->col_of[i] = k;
	}
	for (k = 0; p->spec[k].name != NULL; k++)
		if (p->spec[k].required && p->where[k] < 0)
			return fail(tp, l, err,
			    "the response has no '%s' column, which %s needs",
			    p->spec[k].name, format_names[p->kind]);
	p->ncol = n;
	return CUSTODY_LINE_IGNORE;
}

/* Line 2: the column types. */
static enum custody_line_result
types_line(struct custody_textparse *tp, struct chparse *p,
    const struct custody_textline *l, struct custody_error *err)
{
	char zone[80], type[200], note[2048] = "";
	size_t bad = 0;
	int n, i;

	n = split(l->text, p->field, p->is_null, MAX_COLS, p->buf,
	    CUSTODY_MAX_LINE, &bad);
	if (n != p->ncol)
		return fail(tp, l, err,
		    "the types line has %d columns, the names line %d", n,
		    p->ncol);
	for (i = 0; i < n; i++) {
		const struct colspec *cs = &p->spec[p->col_of[i]];
		bool nullable;
		unsigned cls =
		    type_class(p->field[i], &nullable, zone, sizeof(zone));

		if (!custody_text_copy(&p->field[i], type, sizeof(type), false))
			snprintf(type, sizeof(type), "(unreadable)");
		if ((cls & cs->types) == 0)
			return fail(tp, l, err, "column '%s' has type %s; %s",
			    cs->name, type, cs->want);
		if (nullable && !cs->nullable)
			return fail(tp, l, err,
			    "column '%s' has type %s: it may not be NULL",
			    cs->name, type);
		p->cls[i] = cls;
		p->nullable[i] = nullable;
		snprintf(note + strlen(note), sizeof(note) - strlen(note),
		    "%s%s %s", i ? ", " : "", p->names[i], type);
		/* The zone a time column names is the zone of its values. */
		if (cls == T_DATETIME && zone[0] != '\0' &&
		    ((p->kind == K_DNS && p->col_of[i] == D_TIME) ||
		        (p->kind == K_EVENTS && p->col_of[i] == E_DATE))) {
			custody_tz_free(tp->tz);
			tp->tz = NULL;
			if (custody_tz_open(&tp->tz, zone, err) != CUSTODY_OK)
				return fail(tp, l, err,
				    "column '%s' is in time zone '%s', which this"
				    " system's tz database does not have",
				    cs->name, zone);
		} else if (cls == T_DATETIME && tp->tz == NULL) {
			return fail(tp, l, err,
			    "column '%s' is a %s without a time zone, so its times"
			    " are in the server's zone: give --tz ZONE (custody extract asks the server"
			    " for its timezone() and records it)",
			    cs->name, type);
		}
	}
	custody_sink_note(tp->sink, "columns", note);
	p->typed = true;
	return CUSTODY_LINE_IGNORE;
}

/* ------------------------------------------------------------ rows */

/*
 * "YYYY-MM-DD hh:mm:ss", how ClickHouse writes a DateTime, read at once
 * into the local time it stands for; false for anything else (another
 * form, or a date or time out of range), which the stamp reader then
 * reads as it always did, and refuses in its own words.
 */
static bool
plain_datetime(const struct custody_reader *f, int64_t *local)
{
	static const unsigned mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30,
		31, 30, 31 };
	static const char form[] = "dddd-dd-dd dd:dd:dd";
	uint8_t b[19];
	unsigned v[6] = { 0 }, k = 0, i;
	struct custody_reader r;

	if (f == NULL || custody_reader_left(f) != sizeof(b))
		return false;
	r = *f;
	if (!custody_reader_bytes(&r, b, sizeof(b)))
		return false;
	for (i = 0; i < sizeof(b); i++) {
		if (form[i] != 'd') {
			if (b[i] != (uint8_t)form[i])
				return false;
			k++;
		} else if (b[i] >= '0' && b[i] <= '9') {
			v[k] = v[k] * 10 + (unsigned)(b[i] - '0');
		} else {
			return false;
		}
	}
	/* the checks of the stamp reader (lib/records/textlog.c) */
	if (v[0] < 1970 || v[1] < 1 || v[1] > 12 || v[2] < 1 ||
	    v[2] > mdays[v[1] - 1] ||
	    (v[1] == 2 && v[2] == 29 &&
	        !((v[0] % 4 == 0 && v[0] % 100 != 0) || v[0] % 400 == 0)) ||
	    v[3] >= 24 || v[4] >= 60 || v[5] > 60)
		return false;
	*local = custody_tz_days((int64_t)v[0], v[1], v[2]) * 86400 +
	    (int64_t)(v[3] * 3600 + v[4] * 60 + v[5]);
	return true;
}

/* A time value through the shared stamp reader (which wants a space). */
static enum custody_line_result
row_time(struct custody_textparse *tp, const struct custody_reader *f,
    int64_t *ns, int *prec)
{
	struct custody_reader r;
	char buf[80];
	size_t n = custody_reader_left(f);
	enum custody_line_result res;
	int64_t local;

	if (plain_datetime(f, &local)) {
		*prec = 0;
		res = custody_textparse_local(tp, local, 0, ns, NULL);
		tp->stop = 0;
		return res;
	}

	if (n + 2 >= sizeof(buf) ||
	    !custody_text_copy(f, buf, sizeof(buf) - 2, false))
		return custody_line_skip(tp, "bad time", NULL);
	buf[n] = ' ';
	buf[n + 1] = '\0';
	custody_reader_init(&r, buf, n + 1);
	res = custody_text_stamp(tp, &r, ns, prec);
	if (res == CUSTODY_LINE_RECORD && custody_reader_left(&r) != 0)
		return custody_line_skip(tp, "bad time", NULL);
	tp->stop = 0;
	return res;
}

/* A query type or rcode: a mnemonic, or a number up to max. Rows repeat
 * a few of them: the last eight read are remembered in memo. */
static bool
row_code(const struct custody_reader *f,
    int (*mnemonic)(const struct custody_reader *), uint64_t max,
    struct code_memo *memo, int *out)
{
	struct custody_reader t = *f;
	size_t n = custody_reader_left(f), i;
	uint8_t text[sizeof(memo->seen[0].text)];
	uint64_t v;
	bool short_text =
	    n > 0 && n <= sizeof(text) && custody_reader_bytes(&t, text, n);

	for (i = 0; short_text && i < 8; i++)
		if (memo->seen[i].len == n &&
		    memcmp(memo->seen[i].text, text, n) == 0) {
			*out = memo->seen[i].value;
			return true;
		}
	t = *f;
	if ((*out = mnemonic(&t)) < 0) {
		if (!custody_reader_dec(&t, max, &v) ||
		    custody_reader_left(&t) != 0)
			return false;
		*out = (int)v;
	}
	if (short_text) {
		i = memo->next++ % 8;
		memcpy(memo->seen[i].text, text, n);
		memo->seen[i].len = n;
		memo->seen[i].value = *out;
	}
	return true;
}

/* The field of spec column k, or NULL when the response lacks it or it is NULL. */
static const struct custody_reader *
col(const struct chparse *p, int k)
{
	int i = p->where[k];

	return i < 0 || p->is_null[i] ? NULL : &p->field[i];
}

static enum custody_line_result
dns_row(struct custody_textparse *tp, struct chparse *p,
    const struct custody_textline *l, struct custody_error *err)
{
	const struct custody_reader *f;
	struct custody_dns_record m;
	enum custody_line_result res;
	char client[64], qname[1100], server[256];
	uint8_t v4[4];
	int prec;

	custody_dns_record_init(&m);
	m.loc_index = l->lineno;
	m.loc_offset = l->offset;
	if ((res = row_time(tp, col(p, D_TIME), &m.time_ns, &prec)) !=
	    CUSTODY_LINE_RECORD)
		return res;
	m.time_prec = prec;
	if (!custody_text_qname(col(p, D_QNAME), qname, sizeof(qname)))
		return custody_line_skip(tp, "bad query name", NULL);
	m.qname = qname;
	if ((f = col(p, D_CLIENT)) != NULL) {
		int fam = custody_text_addr_v4(f, client, sizeof(client), v4);

		if (fam == 0)
			return custody_line_skip(
			    tp, "bad client address", NULL);
		m.src = client;
		/* in binary too: the sink need not read it again */
		if (fam == 4) {
			m.addr_family = 4;
			m.src_addr = v4;
		}
	}
	if ((f = col(p, D_QTYPE)) != NULL &&
	    !row_code(f, custody_dns_type, 65535, &p->memo[0], &m.qtype))
		return custody_line_skip(tp, "bad query type", NULL);
	if ((f = col(p, D_RCODE)) != NULL &&
	    !row_code(f, custody_dns_rcode, 4095, &p->memo[1], &m.rcode))
		return custody_line_skip(tp, "bad rcode", NULL);
	if ((f = col(p, D_SERVER)) != NULL) {
		if (!custody_text_copy(f, server, sizeof(server), false))
			return custody_line_skip(tp, "bad server name", NULL);
		m.server = server[0] != '\0' ? server : NULL;
	}
	m.qr = 0;
	if ((f = col(p, D_QR)) != NULL) {
		struct custody_reader t = *f;
		uint64_t v;

		if (!custody_reader_dec(&t, 1, &v) ||
		    custody_reader_left(&t) != 0)
			return custody_line_skip(tp, "bad qr (0 or 1)", NULL);
		m.qr = (int)v;
	}
	m.qdcount = 1;
	m.qclass = 1;
	if (custody_sink_dns(tp->sink, &m, err) != CUSTODY_OK)
		return CUSTODY_LINE_FAIL;
	return CUSTODY_LINE_RECORD;
}

static enum custody_line_result
ch_line(struct custody_textparse *tp, const struct custody_textline *l,
    struct custody_error *err)
{
	struct chparse *p = tp->state;
	size_t bad = 0;
	int n;

	if (l->lineno == 1)
		return names_line(tp, p, l, err);
	if (l->lineno == 2)
		return types_line(tp, p, l, err);
	n = split(l->text, p->field, p->is_null, MAX_COLS, p->buf,
	    CUSTODY_MAX_LINE, &bad);
	if (n < 0) {
		struct custody_reader at = l->text;

		custody_reader_skip(&at, bad);
		return custody_line_skip(tp, "bad escape", &at);
	}
	if (n != p->ncol)
		return custody_line_skip(
		    tp, "a row with more or fewer fields than columns", NULL);
	for (n = 0; n < p->ncol; n++)
		if (p->is_null[n] && !p->nullable[n])
			return custody_line_skip(
			    tp, "NULL in a column that is not Nullable", NULL);
	p->rows++;
	switch (p->kind) {
	case K_DNS:
		return dns_row(tp, p, l, err);
	case K_ORGMAP: {
		struct custody_reader f[O_N];
		int k;

		for (k = 0; k < O_N; k++)
			if (col(p, k) != NULL)
				f[k] = *col(p, k);
			else
				custody_reader_init(&f[k], NULL, 0);
		return custody_orgmap_row(tp, l, f, O_N, err);
	}
	case K_EVENTS:
		return custody_events_row(tp, l, col(p, E_DATE),
		    col(p, E_LABEL), col(p, E_SOURCE), err);
	}
	return custody_line_skip(tp, "unknown kind", NULL);
}

static enum custody_code
parse(const struct custody_parse_input *in,
    const struct custody_parse_opts *opts, struct custody_sink *sink,
    enum kind kind, const struct colspec *spec, struct custody_error *err)
{
	struct chparse *p;
	struct custody_textparse tp = { .in = in,
		.opts = opts,
		.sink = sink,
		.format = format_names[kind] };
	enum custody_code rc;

	/* No rows in JSON-less terms: a response of zero bytes is what a
	 * server sends for nothing at all; still an original, and said so. */
	if (in->len == 0 &&
	    (in->grow == NULL || in->grow->wait(in->grow, 0) == 0)) {
		custody_sink_note(sink, "empty",
		    "the response has no bytes: no header and no rows");
		custody_sink_count(sink, "rows", 0);
		return CUSTODY_OK;
	}
	if ((p = calloc(1, sizeof(*p))) == NULL ||
	    (p->buf = malloc(CUSTODY_MAX_LINE + 1)) == NULL) {
		free(p);
		return custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
	}
	p->kind = kind;
	p->spec = spec;
	tp.state = p;
	rc = custody_textparse_run(&tp, ch_line, err);
	if (rc == CUSTODY_OK && !p->typed)
		rc = custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: line %d, byte 0: not TabSeparatedWithNamesAndTypes: no %s line",
		    in->name, p->ncol == 0 ? 1 : 2,
		    p->ncol == 0 ? "names" : "types");
	else if (rc == CUSTODY_OK && p->rows == 0)
		custody_sink_note(
		    sink, "empty", "the response has the header and no rows");
	if (rc == CUSTODY_OK)
		custody_sink_count(sink, "rows", (int64_t)p->rows);
	free(p->buf);
	free(p);
	return rc;
}

static enum custody_code
parse_dns(const struct custody_parse_input *in,
    const struct custody_parse_opts *opts, struct custody_sink *sink,
    struct custody_error *err)
{
	return parse(in, opts, sink, K_DNS, dns_cols, err);
}

static enum custody_code
parse_orgmap(const struct custody_parse_input *in,
    const struct custody_parse_opts *opts, struct custody_sink *sink,
    struct custody_error *err)
{
	return parse(in, opts, sink, K_ORGMAP, orgmap_cols, err);
}

static enum custody_code
parse_events(const struct custody_parse_input *in,
    const struct custody_parse_opts *opts, struct custody_sink *sink,
    struct custody_error *err)
{
	return parse(in, opts, sink, K_EVENTS, events_cols, err);
}

/*
 * Detection: a first line of names that are all columns of the kind
 * (the required ones among them), and a second line of types.
 */
static int
detect(const uint8_t *head, size_t len, const struct colspec *spec)
{
	struct custody_textlog t;
	struct custody_textline l1, l2;
	struct custody_reader f[MAX_COLS];
	bool nul[MAX_COLS], nullable;
	uint8_t buf[4096];
	char zone[80];
	size_t bad;
	int n, i, k, req = 0;

	custody_textlog_init(&t, head, len);
	if (!custody_textlog_next(&t, &l1) || !custody_textlog_next(&t, &l2) ||
	    l1.too_long || l2.too_long ||
	    (n = split(l1.text, f, nul, MAX_COLS, buf, sizeof(buf), &bad)) < 2)
		return 0;
	for (i = 0; i < n; i++) {
		for (k = 0; spec[k].name != NULL; k++)
			if (is(&f[i], spec[k].name))
				break;
		if (spec[k].name == NULL)
			return 0;
		req += spec[k].required;
	}
	for (k = 0; spec[k].name != NULL; k++)
		req -= spec[k].required;
	if (req != 0 ||
	    split(l2.text, f, nul, MAX_COLS, buf, sizeof(buf), &bad) != n)
		return 0;
	for (i = 0; i < n; i++)
		if (type_class(f[i], &nullable, zone, sizeof(zone)) == 0)
			return 0;
	return 96;
}

static int
detect_dns(const uint8_t *head, size_t len)
{
	return detect(head, len, dns_cols);
}

static int
detect_orgmap(const uint8_t *head, size_t len)
{
	return detect(head, len, orgmap_cols);
}

static int
detect_events(const uint8_t *head, size_t len)
{
	return detect(head, len, events_cols);
}

const struct custody_parser custody_parser_clickhouse_dns = {
	.name = "clickhouse-dns",
	.version = "1",
	.detect = detect_dns,
	.parse = parse_dns,
};

const struct custody_parser custody_parser_clickhouse_orgmap = {
	.name = "clickhouse-orgmap",
	.version = "1",
	.detect = detect_orgmap,
	.parse = parse_orgmap,
};

const struct custody_parser custody_parser_clickhouse_events = {
	.name = "clickhouse-events",
	.version = "1",
	.detect = detect_events,
	.parse = parse_events,
};
