/*
 * layout.c: the compact record layout, as C writes it (layout.h). The
 * views of schema/records.sql undo these encodings, and its INSTEAD OF
 * triggers do them in SQL; tests/test_layout.c checks the three agree at
 * every code's limits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "store.h"

bool
custody_layout_ipv4(const char *p, int64_t *out)
{
	uint32_t v = 0;
	int part;

	if (p == NULL)
		return false;
	/* four parts of one to three digits, no leading zero, each at most
	 * 255: what inet_pton(AF_INET) takes, digit by digit unrolled */
	for (part = 0; part < 4; part++) {
		unsigned n, d;

		if (part > 0 && *p++ != '.')
			return false;
		if ((n = (unsigned)(uint8_t)*p - '0') > 9)
			return false;
		if ((d = (unsigned)(uint8_t) * ++p - '0') <= 9) {
			if (n == 0)
				return false; /* a leading zero */
			n = n * 10 + d;
			if ((d = (unsigned)(uint8_t) * ++p - '0') <= 9) {
				n = n * 10 + d;
				if ((unsigned)(uint8_t) * ++p - '0' <= 9 ||
				    n > 255)
					return false;
			}
		}
		v = v << 8 | n;
	}
	if (*p != '\0')
		return false;
	*out = v >= 0x80000000u ? (int64_t)v - 0x100000000 : (int64_t)v;
	return true;
}

/* A value with no code: kept in x under key. */
static void
x_int(struct custody_buf *x, const char *key, int64_t v)
{
	custody_buf_addstr(x, x->len == 0 ? "{\"" : ",\"");
	custody_buf_addstr(x, key);
	custody_buf_printf(x, "\":%lld", (long long)v);
}

/* A text value kept in x under key, when JSON gives it back byte for
 * byte (ASCII: JSON escapes every control octet exactly; other octets
 * could be invalid UTF-8, which a JSON string cannot hold). */
static bool
x_text(struct custody_buf *x, const char *key, const char *v)
{
	size_t i, n = strlen(v);

	for (i = 0; i < n; i++)
		if ((unsigned char)v[i] >= 0x80)
			return false;
	custody_buf_addstr(x, x->len == 0 ? "{\"" : ",\"");
	custody_buf_addstr(x, key);
	custody_buf_addstr(x, "\":");
	custody_buf_json_str(x, v, n);
	return true;
}

/* The code of v among vals[] (code i is vals[i]), or -1. */
static int
code_of(int v, const int *vals, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (vals[i] == v)
			return i;
	return -1;
}

/*
 * One field of h: its code for v (unknown, -1, is NULL), or its escape
 * code with v in x. vals[] lists the values the codes 0.. stand for.
 */
static uint64_t
field(struct custody_buf *x, const char *key, int v, const int *vals, int n,
    int null_code, int esc_code)
{
	int c;

	if (v < 0)
		return (uint64_t)null_code;
	if ((c = code_of(v, vals, n)) >= 0)
		return (uint64_t)c;
	x_int(x, key, v);
	return (uint64_t)esc_code;
}

uint64_t
custody_layout_h(
    const struct custody_dns_record *m, struct custody_buf *x, unsigned *texts)
{
	static const int small2[] = { 0, 1 };
	static const int small6[] = { 0, 1, 2, 3, 4, 5 };
	static const int udp[] = { -2, 1232, 4096, 512, 1400, 1452, 65535 };
	static const int edo[] = { -2, 0, 1 };
	static const int qtype[] = { 1, 28, 15, 16, 5, 2, 12, 6, 33, 65, 255,
		64, 43, 48 };
	static const int rcode[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
	static const int opcode[] = { 0, -2, 1, 2, 3, 4, 5 };
	static const int qd[] = { 1, 0 };
	static const int qclass[] = { 1, -2, 3 };
	uint64_t h = 0, c;
	int tp = m->time_prec;

	*texts = 0;
	h |= field(x, "arcount", m->arcount, small2, 2, 2, 3);
	h |= field(x, "edns_udp", m->edns_udp, udp, 7, 0, 7) << 2;
	h |= field(x, "edns_do", m->edns_do, edo, 3, 0, 3) << 5;
	h |= field(x, "ancount", m->ancount, small6, 6, 6, 7) << 7;
	h |= field(x, "qtype", m->qtype, qtype, 14, 14, 15) << 10;
	/* flags: AA TC RD RA Z AD CD (0x7F0), turned so that RD alone is 0 */
	if (m->flags < 0)
		c = 128;
	else if ((m->flags & ~0x7F0) == 0)
		c = (uint64_t)(((m->flags >> 4) + 112) % 128);
	else {
		x_int(x, "flags", m->flags);
		c = 255;
	}
	h |= c << 14;
	h |= field(x, "rcode", m->rcode, rcode, 13, 13, 15) << 22;
	h |= field(x, "opcode", m->opcode, opcode, 7, 1, 7) << 26;
	h |= field(x, "nscount", m->nscount, small2, 2, 2, 3) << 29;
	h |= field(x, "qdcount", m->qdcount, qd, 2, 2, 3) << 31;
	h |= field(x, "qclass", m->qclass, qclass, 3, 1, 3) << 33;
	if (m->transport == NULL)
		c = 2;
	else if (strcmp(m->transport, "udp") == 0)
		c = 0;
	else if (strcmp(m->transport, "tcp") == 0)
		c = 1;
	else {
		if (!x_text(x, "transport", m->transport))
			*texts |= CUSTODY_LAYOUT_TRANSPORT;
		c = 3;
	}
	h |= c << 35;
	/* time_prec: 6 (microseconds) is 0 */
	if (tp >= 0 && tp <= 9)
		c = (uint64_t)((tp + 4) % 10);
	else {
		x_int(x, "time_prec", tp);
		c = 15;
	}
	h |= c << 37;
	if (m->ecs != NULL && !x_text(x, "ecs", m->ecs))
		*texts |= CUSTODY_LAYOUT_ECS;
	return h;
}

long
custody_layout_opt(const struct custody_dns_record *m, int64_t *opt)
{
	size_t i;

	if (m->edns_udp < 0)
		return -1;
	for (i = 0; i < m->n_rr && i <= 0xFFFF; i++) {
		const struct custody_dns_rr *rr = &m->rr[i];

		if (rr->type != 41)
			continue;
		/* The one the message's edns fields were read from: the view
		 * gives it back with name '.', class edns_udp, no rdata text. */
		if (rr->section != 3 || rr->cls != m->edns_udp ||
		    rr->rdata != NULL || rr->rdata_raw == NULL ||
		    rr->rdata_raw_len != 0 || rr->name == NULL ||
		    strcmp(rr->name, ".") != 0 || (rr->ttl & 0x7FFF) != 0)
			return -1;
		*opt = (int64_t)i + 65536 * (int64_t)(rr->ttl >> 15);
		return (long)i;
	}
	return -1;
}

bool
custody_layout_rdata_name(int type)
{
	return type == 2 || type == 5 || type == 12 || type == 39;
}

/* Whether the comma-separated list [p, end) names query ("*": any). */
static bool
names_query(const char *p, const char *end, const char *query)
{
	size_t n = strlen(query);

	while (p < end) {
		const char *comma = memchr(p, ',', (size_t)(end - p)),
		           *e = comma != NULL ? comma : end;

		while (p < e && *p == ' ')
			p++;
		if (((size_t)(e - p) == n && memcmp(p, query, n) == 0) ||
		    (e - p == 1 && *p == '*'))
			return true;
		p = e + 1;
	}
	return false;
}

bool
custody_layout_lazy_index(const char *name)
{
	static const char mark[] = "CREATE INDEX IF NOT EXISTS ";
	const char *text = custody_embedded_text("schema/indexes.sql", NULL),
	           *p;
	size_t n = strlen(name);

	for (p = text != NULL ? strstr(text, mark) : NULL; p != NULL;
	     p = strstr(p + 1, mark))
		if (strncmp(p + sizeof(mark) - 1, name, n) == 0 &&
		    p[sizeof(mark) - 1 + n] == ' ')
			return true;
	return false;
}

bool
custody_layout_table(const char *name)
{
	static const char *const tables[] = { "msg", "rr", "str", "flw",
		"uflow" };
	size_t i;

	for (i = 0; name != NULL && i < sizeof(tables) / sizeof(tables[0]); i++)
		if (strcmp(tables[i], name) == 0)
			return true;
	return false;
}

void
custody_layout_index_on_use(sqlite3 *db, const char *query)
{
	static const char mark[] = "-- query: ";
	const char *text = custody_embedded_text("schema/indexes.sql", NULL),
	           *p, *eol, *semi;
	sqlite3_stmt *st;
	struct custody_reader r, w;
	char name[64], *sql;
	bool have;

	if (text == NULL ||
	    sqlite3_table_column_metadata(db, NULL, "msg", "h", NULL, NULL,
	        NULL, NULL, NULL) != SQLITE_OK)
		return; /* not the compact layout: a case read as it is */
	for (p = strstr(text, mark); p != NULL; p = strstr(eol, mark)) {
		if ((eol = strchr(p, '\n')) == NULL)
			return;
		if (!names_query(p + sizeof(mark) - 1, eol, query) ||
		    (semi = strstr(eol, ";\n")) == NULL)
			continue;
		custody_reader_init(&r, eol + 1, (size_t)(semi - (eol + 1)));
		if (!custody_reader_expect(&r, "CREATE INDEX IF NOT EXISTS ") ||
		    !custody_reader_word(&r, ' ', &w) ||
		    custody_reader_left(&w) >= sizeof(name))
			continue;
		memcpy(name, custody_reader_ptr(&w), custody_reader_left(&w));
		name[custody_reader_left(&w)] = '\0';
		if (sqlite3_prepare_v2(db,
		        "SELECT 1 FROM sqlite_schema WHERE type = 'index'"
		        " AND name = ?",
		        -1, &st, NULL) != SQLITE_OK)
			return;
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		have = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
		if (have ||
		    (sql = strndup(eol + 1, (size_t)(semi + 1 - (eol + 1)))) ==
		        NULL)
			continue;
		/* read-only, or another writer at work: the query runs without it */
		(void)sqlite3_exec(db, sql, NULL, NULL, NULL);
		free(sql);
	}
}
