/*
 * chquery.c: extract queries for ClickHouse (custody extract), their
 * header, and the binding of their parameters as ClickHouse literals.
 *
 * An extract query is a .sql file with a header of "-- key: value" lines,
 * as schema/queries/ has, and one SELECT:
 *
 *   -- name: host_lookups
 *   -- summary: every lookup of a host name in a window
 *   -- format: dns
 *   -- param host: the name looked up
 *   -- param since = 1970-01-01: UTC date or time, inclusive
 *   -- column time DateTime('UTC'): when the lookup was logged
 *   SELECT toTimeZone(time, 'UTC') AS time, ... FROM {table:Identifier}
 *   WHERE qname = {host:String} AND time >= {since:DateTime} ...
 *
 * A value goes where its placeholder {name:Type} stands, the syntax of
 * ClickHouse's own query parameters. The servers custody must work with
 * (Debian's 18.16 among them) have no HTTP query parameters, so custody
 * binds them itself: each value is checked against its type and written
 * as a literal (a String quoted and escaped, a DateTime as
 * toDateTime('...', 'UTC'), an Identifier back-quoted after checking its
 * characters). The statement as sent is recorded with the extract, so a
 * reader sees exactly what the server was asked. A placeholder inside a
 * quoted string is refused: quoting a value there would end the string.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest.h"

#define EXTRACT_DIR     "schema/extract/"
#define QUERY_FILE_MAX  (1u << 20)
#define MAX_PLACEHOLDER 128

/* ------------------------------------------------------------ names */

const char *const *
custody_extract_query_names(void)
{
	static const char *names[32];
	static char store[32][64];

	if (names[0] == NULL)
		custody_embedded_names(EXTRACT_DIR, names, store, 32);
	return names;
}

/* ------------------------------------------------------------ header */

void
custody_extract_query_free(struct custody_extract_query *q)
{
	size_t i;

	if (q == NULL)
		return;
	for (i = 0; i < q->nparam; i++)
		free(q->param_type[i]);
	custody_query_params_free(q->param, q->nparam);
	for (i = 0; i < q->ncolumn; i++) {
		free(q->column[i].name);
		free(q->column[i].type);
		free(q->column[i].meaning);
	}
	free(q->param_type);
	free(q->column);
	free(q->name);
	free(q->summary);
	free(q->format);
	free(q->origin);
	free(q->text);
	free(q);
}

/* "-- column time DateTime('UTC'): meaning" (after "column "). */
static enum custody_code
add_column(struct custody_extract_query *q, const char *v, size_t n,
    size_t lineno, struct custody_error *err)
{
	struct custody_extract_column *c;
	const char *sp = memchr(v, ' ', n), *colon = NULL, *s, *type;
	size_t tn, mn;

	for (s = sp; s != NULL && s + 1 < v + n; s++)
		if (s[0] == ':' && s[1] == ' ') {
			colon = s;
			break;
		}
	if (sp == NULL || colon == NULL)
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s:%zu: a column line is \"column NAME"
		    " TYPE: meaning\"",
		    q->origin, lineno);
	if ((c = realloc(q->column, (q->ncolumn + 1) * sizeof(*c))) == NULL)
		return custody_fail(err, CUSTODY_ERR_NOMEM, "out of memory");
	q->column = c;
	c = &q->column[q->ncolumn++];
	type = sp + 1;
	tn = custody_trim(&type, (size_t)(colon - type));
	s = colon + 1;
	mn = custody_trim(&s, (size_t)(v + n - s));
	c->name = strndup(v, (size_t)(sp - v));
	c->type = strndup(type, tn);
	c->meaning = strndup(s, mn);
	if (c->name == NULL || c->type == NULL || c->meaning == NULL)
		return custody_fail(err, CUSTODY_ERR_NOMEM, "out of memory");
	if (tn == 0)
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s:%zu: column '%s' has no type", q->origin, lineno,
		    c->name);
	return CUSTODY_OK;
}

static enum custody_code
parse_header(struct custody_extract_query *q, struct custody_error *err)
{
	const char *p = q->text, *end = q->text + q->len;
	size_t lineno = 0;
	enum custody_code rc;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *v, *colon;
		size_t n = (size_t)((nl != NULL ? nl : end) - p), vn, kn;
		char **field = NULL;

		if (n < 2 || p[0] != '-' || p[1] != '-')
			break;
		lineno++;
		v = p + 2;
		vn = custody_trim(&v, n - 2);
		p = nl != NULL ? nl + 1 : end;
		if (vn > 6 && strncmp(v, "param ", 6) == 0) {
			struct custody_query_param *np =
			    realloc(q->param, (q->nparam + 1) * sizeof(*np));
			char **nt = realloc(
			    q->param_type, (q->nparam + 1) * sizeof(*nt));

			if (np != NULL)
				q->param = np;
			if (nt != NULL)
				q->param_type = nt;
			if (np == NULL || nt == NULL)
				return custody_fail(
				    err, CUSTODY_ERR_NOMEM, "out of memory");
			q->param_type[q->nparam] = NULL;
			q->nparam++;
			rc = custody_query_param_parse(&q->param[q->nparam - 1],
			    v + 6, vn - 6, q->origin, lineno, err);
			if (rc != CUSTODY_OK)
				return rc;
			continue;
		}
		if (vn > 7 && strncmp(v, "column ", 7) == 0) {
			if ((rc = add_column(q, v + 7, vn - 7, lineno, err)) !=
			    CUSTODY_OK)
				return rc;
			continue;
		}
		if ((colon = memchr(v, ':', vn)) == NULL)
			continue; /* a comment in the header */
		kn = (size_t)(colon - v);
		if (kn == 4 && strncmp(v, "name", 4) == 0)
			field = &q->name;
		else if (kn == 7 && strncmp(v, "summary", 7) == 0)
			field = &q->summary;
		else if (kn == 6 && strncmp(v, "format", 6) == 0)
			field = &q->format;
		else
			continue;
		v = colon + 1;
		vn = custody_trim(&v, vn - kn - 1);
		free(*field);
		if ((*field = strndup(v, vn)) == NULL)
			return custody_fail(
			    err, CUSTODY_ERR_NOMEM, "out of memory");
	}
	q->body = (size_t)(p - q->text);
	if (q->format == NULL && (q->format = strdup("dns")) == NULL)
		return custody_fail(err, CUSTODY_ERR_NOMEM, "out of memory");
	if (strcmp(q->format, "dns") != 0 && strcmp(q->format, "orgmap") != 0 &&
	    strcmp(q->format, "events") != 0)
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: format '%s': dns, orgmap or events", q->origin,
		    q->format);
	if (q->summary == NULL && (q->summary = strdup("")) == NULL)
		return custody_fail(err, CUSTODY_ERR_NOMEM, "out of memory");
	return CUSTODY_OK;
}

/* ------------------------------------------------------------ placeholders */

enum ptype {
	P_STRING,
	P_DATETIME,
	P_DATE,
	P_UINT,
	P_INT,
	P_IDENT,
	P_STRINGS,
	P_BAD
};

static enum ptype
ptype_of(const char *t, int *bits)
{
	static const char *const ints[] = { "8", "16", "32", "64" };
	size_t i;

	*bits = 0;
	if (strcmp(t, "String") == 0)
		return P_STRING;
	if (strcmp(t, "DateTime") == 0)
		return P_DATETIME;
	if (strcmp(t, "Date") == 0)
		return P_DATE;
	if (strcmp(t, "Identifier") == 0)
		return P_IDENT;
	if (strcmp(t, "Array(String)") == 0)
		return P_STRINGS;
	for (i = 0; i < 4; i++) {
		*bits = 8 << i;
		if (strncmp(t, "UInt", 4) == 0 && strcmp(t + 4, ints[i]) == 0)
			return P_UINT;
		if (strncmp(t, "Int", 3) == 0 && strcmp(t + 3, ints[i]) == 0)
			return P_INT;
	}
	return P_BAD;
}

/* One {name:Type} at r (the '{' already consumed). */
static bool
placeholder(
    struct custody_reader *r, char *name, size_t ncap, char *type, size_t tcap)
{
	struct custody_reader n, t;
	uint8_t c;
	size_t i;

	if (!custody_reader_until(r, ':', &n) ||
	    !custody_reader_until(r, '}', &t) || custody_reader_left(&n) == 0 ||
	    custody_reader_left(&n) >= ncap || custody_reader_left(&t) == 0 ||
	    custody_reader_left(&t) >= tcap)
		return false;
	for (i = 0; custody_reader_u8(&n, &c); i++) {
		if (!(c == '_' || (c >= 'A' && c <= 'Z') ||
		        (c >= 'a' && c <= 'z') ||
		        (i > 0 && c >= '0' && c <= '9')))
			return false;
		name[i] = (char)c;
	}
	name[i] = '\0';
	for (i = 0; custody_reader_u8(&t, &c); i++) {
		if (c < 0x20 || c >= 0x7f || c == '{')
			return false;
		type[i] = (char)c;
	}
	type[i] = '\0';
	return true;
}

/*
 * Walks the statement as ClickHouse's lexer would: 'strings' (with \ and
 * '' escapes), "identifiers" and `identifiers`, -- and block comments;
 * calls fn for the text between placeholders and for each placeholder.
 * Returns false, with what and where, on a placeholder inside a string,
 * an unterminated string, or a '{' that is not a placeholder.
 */
struct walk {
	const struct custody_extract_query *q;
	enum custody_code (*text)(struct walk *w, const char *p, size_t n);
	enum custody_code (*param)(
	    struct walk *w, const char *name, const char *type);
	void *arg;
	struct custody_error *err;
};

static size_t
line_at(const char *text, size_t off)
{
	size_t line = 1, i;

	for (i = 0; i < off; i++)
		line += text[i] == '\n';
	return line;
}

static enum custody_code
walk(struct walk *w)
{
	const struct custody_extract_query *q = w->q;
	struct custody_reader r;
	size_t from = q->body;
	enum custody_code rc;
	uint8_t c, quote = 0;

	custody_reader_init(&r, q->text, q->len);
	custody_reader_seek(&r, q->body);
	while (custody_reader_u8(&r, &c)) {
		size_t at = custody_reader_offset(&r) - 1;
		char name[MAX_PLACEHOLDER], type[MAX_PLACEHOLDER];

		if (quote != 0) {
			if (c == '\\')
				custody_reader_skip(&r, 1);
			else if (c == quote)
				quote = 0;
			else if (c == '{' && quote == '\'' &&
			    /* on a copy: the scan goes on from r */
			    placeholder((struct custody_reader[]){ r }, name,
			        sizeof(name), type, sizeof(type)))
				return custody_fail(w->err, CUSTODY_ERR_FORMAT,
				    "%s:%zu: a placeholder"
				    " {%s:%s} inside a quoted string: its value would end the string;"
				    " write it outside quotes",
				    q->origin, line_at(q->text, at), name,
				    type);
			continue;
		}
		if (c == '\'' || c == '"' || c == '`') {
			quote = c;
		} else if (c == '-' && custody_reader_expect(&r, "-")) {
			struct custody_reader skip;

			if (!custody_reader_until(&r, '\n', &skip))
				custody_reader_skip(
				    &r, custody_reader_left(&r));
		} else if (c == '/' && custody_reader_expect(&r, "*")) {
			while (!custody_reader_expect(&r, "*/"))
				if (!custody_reader_skip(&r, 1))
					return custody_fail(w->err,
					    CUSTODY_ERR_FORMAT,
					    "%s:%zu: a comment that is not closed",
					    q->origin, line_at(q->text, at));
		} else if (c == '{') {
			if (!placeholder(
			        &r, name, sizeof(name), type, sizeof(type)))
				return custody_fail(w->err, CUSTODY_ERR_FORMAT,
				    "%s:%zu: a '{' that"
				    " does not begin a {name:Type} placeholder",
				    q->origin, line_at(q->text, at));
			if ((rc = w->text(w, q->text + from, at - from)) !=
			        CUSTODY_OK ||
			    (rc = w->param(w, name, type)) != CUSTODY_OK)
				return rc;
			from = custody_reader_offset(&r);
		}
	}
	if (quote != 0)
		return custody_fail(w->err, CUSTODY_ERR_FORMAT,
		    "%s: a string or quoted name that"
		    " is not closed",
		    q->origin);
	return w->text(w, q->text + from, q->len - from);
}

static enum custody_code
collect_text(struct walk *w, const char *p, size_t n)
{
	(void)w;
	(void)p;
	(void)n;
	return CUSTODY_OK;
}

/* Gives each declared parameter the type of its placeholders. */
static enum custody_code
collect_param(struct walk *w, const char *name, const char *type)
{
	struct custody_extract_query *q = w->arg;
	int bits;
	size_t i;

	for (i = 0; i < q->nparam; i++)
		if (strcmp(q->param[i].name, name) == 0)
			break;
	if (i == q->nparam)
		return custody_fail(w->err, CUSTODY_ERR_FORMAT,
		    "%s: placeholder {%s:%s}: the"
		    " header declares no param %s",
		    q->origin, name, type, name);
	if (ptype_of(type, &bits) == P_BAD)
		return custody_fail(w->err, CUSTODY_ERR_FORMAT,
		    "%s: placeholder {%s:%s}: custody"
		    " binds String, DateTime, Date, UInt8-64, Int8-64, Identifier and Array(String)",
		    q->origin, name, type);
	if (q->param_type[i] != NULL && strcmp(q->param_type[i], type) != 0)
		return custody_fail(w->err, CUSTODY_ERR_FORMAT,
		    "%s: param %s is {%s:%s} in one"
		    " place and {%s:%s} in another",
		    q->origin, name, name, q->param_type[i], name, type);
	if (q->param_type[i] == NULL &&
	    (q->param_type[i] = strdup(type)) == NULL)
		return custody_fail(w->err, CUSTODY_ERR_NOMEM, "out of memory");
	return CUSTODY_OK;
}

static enum custody_code
finish(struct custody_extract_query *q, const char *name,
    struct custody_error *err)
{
	struct walk w = { q, collect_text, collect_param, q, err };
	uint8_t md[CUSTODY_SHA256_LEN];
	enum custody_code rc;
	size_t i;

	if ((rc = custody_sha256(q->text, q->len, md, err)) != CUSTODY_OK ||
	    (rc = parse_header(q, err)) != CUSTODY_OK)
		return rc;
	custody_hex(md, sizeof(md), q->sha256);
	if (q->name == NULL && (q->name = strdup(name)) == NULL)
		return custody_fail(err, CUSTODY_ERR_NOMEM, "out of memory");
	if ((rc = walk(&w)) != CUSTODY_OK)
		return rc;
	for (i = 0; i < q->nparam; i++)
		if (q->param_type[i] == NULL)
			return custody_fail(err, CUSTODY_ERR_FORMAT,
			    "%s: param %s is declared but"
			    " no {%s:Type} placeholder uses it",
			    q->origin, q->param[i].name, q->param[i].name);
	return CUSTODY_OK;
}

static enum custody_code
make(struct custody_extract_query **out, const char *origin, const char *text,
    size_t len, struct custody_error *err)
{
	struct custody_extract_query *q = calloc(1, sizeof(*q));

	*out = NULL;
	if (memchr(text, '\0', len) != NULL) {
		free(q);
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: a NUL byte: not a query file", origin);
	}
	if (q == NULL || (q->origin = strdup(origin)) == NULL ||
	    (q->text = strndup(text, len)) == NULL) {
		custody_extract_query_free(q);
		return custody_fail(err, CUSTODY_ERR_NOMEM, "out of memory");
	}
	q->len = len;
	*out = q;
	return CUSTODY_OK;
}

enum custody_code
custody_extract_query_load(struct custody_extract_query **out, const char *name,
    struct custody_error *err)
{
	struct custody_extract_query *q;
	char path[160], where[200];
	const char *text;
	enum custody_code rc;
	size_t len;

	*out = NULL;
	if (strlen(name) > 60 ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_") !=
	        strlen(name))
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "'%.64s' is not a query name", name);
	snprintf(path, sizeof(path), EXTRACT_DIR "%s.sql", name);
	if ((text = custody_embedded_text(path, &len)) == NULL)
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "no built-in extract query named '%s'"
		    " (custody extract --list shows them)",
		    name);
	snprintf(where, sizeof(where), "built-in %s", path);
	if ((rc = make(&q, where, text, len, err)) != CUSTODY_OK)
		return rc;
	if ((rc = finish(q, name, err)) != CUSTODY_OK) {
		custody_extract_query_free(q);
		return rc;
	}
	free(q->origin);
	if ((q->origin = strdup("built-in")) == NULL) {
		custody_extract_query_free(q);
		return custody_fail(err, CUSTODY_ERR_NOMEM, "out of memory");
	}
	*out = q;
	return CUSTODY_OK;
}

enum custody_code
custody_extract_query_read(struct custody_extract_query **out, const char *path,
    struct custody_error *err)
{
	struct custody_extract_query *q;
	char name[64], *text;
	const char *base = custody_basename(path);
	enum custody_code rc;
	size_t got, n;

	*out = NULL;
	if ((rc = custody_read_small(path, QUERY_FILE_MAX, "a query file",
	         &text, &got, err)) != CUSTODY_OK)
		return rc;
	rc = make(&q, path, text, got, err);
	free(text);
	if (rc != CUSTODY_OK)
		return rc;
	n = strlen(base);
	if (n > 4 && strcmp(base + n - 4, ".sql") == 0)
		n -= 4;
	snprintf(name, sizeof(name), "%.*s", (int)(n < 63 ? n : 63), base);
	if ((rc = finish(q, name, err)) != CUSTODY_OK) {
		custody_extract_query_free(q);
		return rc;
	}
	*out = q;
	return CUSTODY_OK;
}

/* ------------------------------------------------------------ binding */

/* true when s is valid UTF-8 without control bytes (a TAB allowed). */
static bool
clean_text(const char *s)
{
	const uint8_t *p = (const uint8_t *)s;

	while (*p != '\0') {
		uint8_t c = *p;
		int k, i;

		if (c < 0x80) {
			if ((c < 0x20 && c != '\t') || c == 0x7f)
				return false;
			p++;
			continue;
		}
		k = c >= 0xf0 && c <= 0xf4  ? 3
		    : c >= 0xe0             ? 2
		    : c >= 0xc2 && c < 0xe0 ? 1
		                            : 0;
		if (k == 0)
			return false;
		for (i = 1; i <= k; i++)
			if ((p[i] & 0xc0) != 0x80)
				return false;
		/* no overlong three-byte forms, surrogates or values past U+10FFFF */
		if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] >= 0xa0) ||
		    (c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] >= 0x90))
			return false;
		p += k + 1;
	}
	return true;
}

/*
 * A ClickHouse string literal: quoted with ', and \ and ' escaped with a
 * backslash (ClickHouse's lexer reads both escapes in every version). The
 * value has no control bytes (clean_text), so nothing else needs care.
 */
enum custody_code
custody_ch_quote(struct custody_buf *b, const char *s)
{
	enum custody_code rc = custody_buf_add(b, "'", 1);

	for (; rc == CUSTODY_OK && *s != '\0'; s++)
		if (*s == '\\' || *s == '\'')
			rc = custody_buf_printf(b, "\\%c", *s);
		else
			rc = custody_buf_add(b, s, 1);
	if (rc == CUSTODY_OK)
		rc = custody_buf_add(b, "'", 1);
	return rc;
}

static bool
ident_part(const char **s)
{
	const char *p = *s;

	if (!(*p == '_' || (*p >= 'A' && *p <= 'Z') ||
	        (*p >= 'a' && *p <= 'z')))
		return false;
	while (*p == '_' || (*p >= 'A' && *p <= 'Z') ||
	    (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
		p++;
	*s = p;
	return true;
}

/* Writes the literal of v as type t into b; false when v is not of t. */
static bool
literal(struct custody_buf *b, const char *t, const char *v, const char **why)
{
	uint64_t u;
	int bits;
	char *end;

	switch (ptype_of(t, &bits)) {
	case P_STRING:
		*why = "a String may not hold control bytes or invalid UTF-8";
		return clean_text(v) && custody_ch_quote(b, v) == CUSTODY_OK;
	case P_DATETIME: {
		char iso[40];
		int64_t ns;

		/* ClickHouse's DateTime holds seconds as a UInt32, and 18.16
		 * reads a year past 2105 as 0. */
		*why =
		    "a DateTime is an ISO 8601 UTC date or time in whole seconds,"
		    " 1970-01-01 to 2105-12-31";
		if (!custody_time_parse(v, &ns) || ns < 0 ||
		    ns % 1000000000 != 0 || ns / 1000000000 >= 4291747200LL)
			return false;
		custody_time_format(ns, 0, iso);
		iso[10] = ' ';
		iso[19] = '\0';
		return custody_buf_printf(b, "toDateTime('%s', 'UTC')", iso) ==
		    CUSTODY_OK;
	}
	case P_DATE: {
		int64_t ns;

		*why = "a Date is YYYY-MM-DD";
		if (strlen(v) != 10 || !custody_time_parse(v, &ns) || ns < 0)
			return false;
		return custody_buf_printf(b, "toDate('%s')", v) == CUSTODY_OK;
	}
	case P_UINT:
	case P_INT: {
		bool neg = v[0] == '-';
		uint64_t max = bits == 64 ? UINT64_MAX : (1ull << bits) - 1;

		*why = "not an integer of that type";
		if (ptype_of(t, &bits) == P_INT)
			max >>= 1;
		if (v[0] == '\0' || (neg && ptype_of(t, &bits) == P_UINT) ||
		    !(v[neg] >= '0' && v[neg] <= '9'))
			return false;
		errno = 0;
		u = strtoull(v + neg, &end, 10);
		if (errno != 0 || *end != '\0' || u > max + (neg ? 1 : 0))
			return false;
		return custody_buf_printf(b, "%s%llu", neg ? "-" : "",
		           (unsigned long long)u) == CUSTODY_OK;
	}
	case P_IDENT: {
		const char *p = v, *dot;

		*why =
		    "an Identifier is [database.]name, each [A-Za-z_][A-Za-z0-9_]*";
		if (!ident_part(&p) || (*p == '.' && (p++, !ident_part(&p))) ||
		    *p != '\0')
			return false;
		dot = strchr(v, '.');
		if (dot != NULL)
			return custody_buf_printf(b, "`%.*s`.`%s`",
			           (int)(dot - v), v, dot + 1) == CUSTODY_OK;
		return custody_buf_printf(b, "`%s`", v) == CUSTODY_OK;
	}
	case P_STRINGS: {
		const char *p = v;
		bool first = true;

		*why =
		    "an Array(String) is a comma-separated list of strings without control bytes";
		if (!clean_text(v) || v[0] == '\0' ||
		    custody_buf_add(b, "[", 1) != CUSTODY_OK)
			return false;
		for (;;) {
			const char *comma = strchr(p, ',');
			size_t n =
			    comma != NULL ? (size_t)(comma - p) : strlen(p);
			char *one = strndup(p, n);
			bool ok = one != NULL && n > 0 &&
			    (first ||
			        custody_buf_add(b, ", ", 2) == CUSTODY_OK) &&
			    custody_ch_quote(b, one) == CUSTODY_OK;

			free(one);
			if (!ok)
				return false;
			first = false;
			if (comma == NULL)
				break;
			p = comma + 1;
		}
		return custody_buf_add(b, "]", 1) == CUSTODY_OK;
	}
	case P_BAD:
		break;
	}
	*why = "an unknown type";
	return false;
}

struct bind {
	struct custody_buf *sql;
	const struct custody_kv *kv;
	size_t n;
};

static enum custody_code
bind_text(struct walk *w, const char *p, size_t n)
{
	struct bind *b = w->arg;

	if (b->sql == NULL)
		return CUSTODY_OK;
	if (custody_buf_add(b->sql, p, n) != CUSTODY_OK)
		return custody_fail(
		    w->err, CUSTODY_ERR_LIMIT, "the statement is too long");
	return CUSTODY_OK;
}

/* The value a parameter takes: given, else its default, else NULL. */
static const char *
value_of(
    const struct custody_query_param *p, const struct custody_kv *kv, size_t n)
{
	const char *v = custody_kv_get(kv, n, p->name);

	return v != NULL ? v : p->def;
}

static enum custody_code
bind_param(struct walk *w, const char *name, const char *type)
{
	struct bind *b = w->arg;
	const char *v = NULL, *why = "";
	size_t i;

	for (i = 0; i < w->q->nparam; i++)
		if (strcmp(w->q->param[i].name, name) == 0)
			v = value_of(&w->q->param[i], b->kv, b->n);
	struct custody_buf scratch;
	bool ok;

	if (v == NULL)
		return CUSTODY_OK; /* reported by custody_extract_bind */
	custody_buf_init(&scratch, CUSTODY_MAX_JSON);
	ok = literal(b->sql != NULL ? b->sql : &scratch, type, v, &why);
	custody_buf_release(&scratch);
	if (!ok)
		return custody_fail(w->err, CUSTODY_ERR_USAGE,
		    "--param %s=%.200s: not a %s (%s)", name, v, type, why);
	return CUSTODY_OK;
}

enum custody_code
custody_extract_bind(const struct custody_extract_query *q,
    const struct custody_kv *kv, size_t n, struct custody_buf *sql,
    struct custody_buf *params_json, struct custody_error *err)
{
	struct bind b = { sql, kv, n };
	struct walk w = { q, bind_text, bind_param, &b, err };
	enum custody_code rc = CUSTODY_OK;
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < q->nparam; j++)
			if (strcmp(kv[i].key, q->param[j].name) == 0)
				break;
		if (j == q->nparam) {
			char names[512] = "";

			for (j = 0; j < q->nparam; j++)
				snprintf(names + strlen(names),
				    sizeof(names) - strlen(names), "%s%s",
				    j ? ", " : "", q->param[j].name);
			return custody_fail(err, CUSTODY_ERR_USAGE,
			    "the extract query %s has no"
			    " parameter '%s' (its parameters: %s)",
			    q->name, kv[i].key, names[0] ? names : "none");
		}
	}
	for (j = 0; j < q->nparam; j++)
		if (value_of(&q->param[j], kv, n) == NULL)
			return custody_fail(err, CUSTODY_ERR_USAGE,
			    "the extract query %s needs"
			    " --param %s=... (%s)",
			    q->name, q->param[j].name, q->param[j].meaning);
	if (params_json != NULL) {
		rc = custody_buf_addstr(params_json, "{");
		for (j = 0; j < q->nparam && rc == CUSTODY_OK; j++) {
			const char *v = value_of(&q->param[j], kv, n);

			rc = custody_buf_printf(
			    params_json, "%s\"", j ? "," : "");
			if (rc == CUSTODY_OK)
				rc = custody_buf_addstr(
				    params_json, q->param[j].name);
			if (rc == CUSTODY_OK)
				rc = custody_buf_addstr(params_json, "\":");
			if (rc == CUSTODY_OK)
				rc = custody_buf_json_str(
				    params_json, v, strlen(v));
		}
		if (rc == CUSTODY_OK)
			rc = custody_buf_addstr(params_json, "}");
		if (rc != CUSTODY_OK)
			return custody_fail(
			    err, rc, "the parameters are too long to record");
	}
	if ((rc = walk(&w)) != CUSTODY_OK)
		return rc;
	/* The statement ends where its last non-blank byte does, without a ';'
	 * (custody appends the FORMAT clause). */
	while (sql != NULL && sql->len > 0 &&
	    strchr(" \t\r\n;", sql->data[sql->len - 1]) != NULL)
		sql->data[--sql->len] = '\0';
	return CUSTODY_OK;
}
