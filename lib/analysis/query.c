/*
 * query.c: the fixed queries of schema/queries/, read from the copies
 * embedded in the tool, and run against a case.
 *
 * A query file is a header of "-- key: value" comment lines and one SQL
 * statement with named parameters (:host, :since ...). The header is the
 * contract: every parameter the statement uses is declared there, as
 * required ("-- param host: ..."), optional ("-- param org?: ..."; absent
 * binds NULL) or defaulted ("-- param start = 09:00: ..."). A parameter the
 * caller gives that the header does not declare is an error, not ignored:
 * a misspelt "sinse" must not silently widen a count.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_internal.h"
#include "analysis.h"

struct custody_embedded_file {
	const char *path;
	const char *text;
	size_t len;
};
extern const struct custody_embedded_file custody_embedded[];

#define QUERY_DIR "schema/queries/"

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void
custody_embedded_names(
    const char *dir, const char **names, char (*store)[64], size_t max)
{
	size_t i, n = 0;

	for (i = 0; custody_embedded[i].path != NULL && n + 1 < max; i++) {
		const char *p = custody_embedded[i].path, *base;
		size_t len;

		if (strncmp(p, dir, strlen(dir)) != 0)
			continue;
		base = p + strlen(dir);
		len = strlen(base);
		if (len < 5 || len - 4 >= sizeof(store[0]) ||
		    strcmp(base + len - 4, ".sql") != 0)
			continue;
		memcpy(store[n], base, len - 4);
		store[n][len - 4] = '\0';
		names[n] = store[n];
		n++;
	}
	qsort(names, n, sizeof(names[0]), cmp_str);
	names[n] = NULL;
}

const char *const *
custody_query_names(void)
{
	static const char *names[128];
	static char store[128][64];

	if (names[0] == NULL)
		custody_embedded_names(QUERY_DIR, names, store, 128);
	return names;
}

static char *
dup_range(const char *p, size_t n)
{
	char *s = malloc(n + 1);

	if (s != NULL) {
		memcpy(s, p, n);
		s[n] = '\0';
	}
	return s;
}

size_t
custody_trim(const char **p, size_t n)
{
	while (n > 0 && (**p == ' ' || **p == '\t')) {
		(*p)++;
		n--;
	}
	while (n > 0 &&
	    ((*p)[n - 1] == ' ' || (*p)[n - 1] == '\t' || (*p)[n - 1] == '\r'))
		n--;
	return n;
}

static enum custody_code
add_param(struct custody_query *q, const char *line, size_t n, size_t lineno,
    struct custody_error *err)
{
	struct custody_query_param *np;
	char file[128];

	if ((np = realloc(q->param, (q->nparam + 1) * sizeof(*np))) == NULL)
		return custody_fail(err, CUSTODY_ERR_NOMEM, "out of memory");
	q->param = np;
	snprintf(file, sizeof(file), "%s%s.sql", QUERY_DIR, q->name);
	q->nparam++;
	return custody_query_param_parse(
	    &q->param[q->nparam - 1], line, n, file, lineno, err);
}

enum custody_code
custody_query_param_parse(struct custody_query_param *p, const char *line,
    size_t n, const char *file, size_t lineno, struct custody_error *err)
{
	const char *colon = memchr(line, ':', n), *eq, *name = line;
	size_t namelen, meanlen;
	const char *mean;

	memset(p, 0, sizeof(*p));
	if (colon == NULL)
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s:%zu: a param line needs "
		    "\"name: meaning\"",
		    file, lineno);
	/* "start = 09:00: meaning": the default runs to the last ": " */
	eq = memchr(line, '=', (size_t)(colon - line));
	if (eq != NULL) {
		const char *c2 = NULL, *s;

		for (s = eq; s + 1 < line + n; s++)
			if (s[0] == ':' && s[1] == ' ')
				c2 = s;
		if (c2 == NULL)
			c2 = line + n;
		colon = c2;
	}
	namelen = (size_t)((eq != NULL ? eq : colon) - name);
	namelen = custody_trim(&name, namelen);
	if (namelen > 0 && name[namelen - 1] == '?') {
		p->optional = true;
		namelen--;
	}
	p->required = !p->optional && eq == NULL;
	if (eq != NULL) {
		const char *d = eq + 1;
		size_t dl = custody_trim(&d, (size_t)(colon - d));

		p->def = dup_range(d, dl);
	}
	mean = colon < line + n ? colon + 1 : line + n;
	meanlen = custody_trim(&mean, (size_t)(line + n - mean));
	p->name = dup_range(name, namelen);
	p->meaning = dup_range(mean, meanlen);
	if (p->name == NULL || p->meaning == NULL ||
	    (eq != NULL && p->def == NULL))
		return custody_fail(err, CUSTODY_ERR_NOMEM, "out of memory");
	if (namelen == 0)
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s:%zu: a param without a name", file, lineno);
	return CUSTODY_OK;
}

/* Appends text to *field (joined with a space), for continued header lines. */
static enum custody_code
append_field(char **field, const char *p, size_t n, struct custody_error *err)
{
	size_t old = *field != NULL ? strlen(*field) : 0;
	char *s = realloc(*field, old + n + 2);

	if (s == NULL)
		return custody_fail(err, CUSTODY_ERR_NOMEM, "out of memory");
	if (old > 0)
		s[old++] = ' ';
	memcpy(s + old, p, n);
	s[old + n] = '\0';
	*field = s;
	return CUSTODY_OK;
}

static enum custody_code
parse_header(struct custody_query *q, struct custody_error *err)
{
	const char *p = q->text, *end = q->text + q->len;
	char **last = NULL;
	size_t lineno = 0;
	enum custody_code rc;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *v;
		size_t n = (size_t)((nl != NULL ? nl : end) - p), vn;

		lineno++;
		if (n < 2 || p[0] != '-' || p[1] != '-')
			break;
		v = p + 2;
		vn = custody_trim(&v, n - 2);
		if (n > 4 && p[2] == ' ' && p[3] == ' ' && last != NULL) {
			if ((rc = append_field(last, v, vn, err)) != CUSTODY_OK)
				return rc;
		} else if (vn > 6 && strncmp(v, "param ", 6) == 0) {
			if ((rc = add_param(q, v + 6, vn - 6, lineno, err)) !=
			    CUSTODY_OK)
				return rc;
			last = &q->param[q->nparam - 1].meaning;
		} else {
			const char *colon = memchr(v, ':', vn), *val;
			size_t klen, valn;

			if (colon == NULL)
				return custody_fail(err, CUSTODY_ERR_FORMAT,
				    "%s%s.sql:%zu: header line "
				    "without \"key: value\"",
				    QUERY_DIR, q->name, lineno);
			klen = (size_t)(colon - v);
			val = colon + 1;
			valn = custody_trim(&val, (size_t)(v + vn - val));
			if (klen == 4 && strncmp(v, "name", 4) == 0)
				last = NULL;
			else if (klen == 7 && strncmp(v, "summary", 7) == 0)
				last = &q->summary;
			else if (klen == 6 && strncmp(v, "counts", 6) == 0)
				last = &q->counts;
			else if (klen == 5 && strncmp(v, "needs", 5) == 0)
				last = &q->needs;
			else if (klen == 4 && strncmp(v, "unit", 4) == 0)
				last = &q->unit;
			else
				return custody_fail(err, CUSTODY_ERR_FORMAT,
				    "%s%s.sql:%zu: unknown header "
				    "key '%.*s'",
				    QUERY_DIR, q->name, lineno, (int)klen, v);
			if (last != NULL &&
			    (rc = append_field(last, val, valn, err)) !=
			        CUSTODY_OK)
				return rc;
			if (last == NULL &&
			    (valn != strlen(q->name) ||
			        strncmp(val, q->name, valn) != 0))
				return custody_fail(err, CUSTODY_ERR_FORMAT,
				    "%s%s.sql:%zu: name '%.*s' "
				    "differs from the file name",
				    QUERY_DIR, q->name, lineno, (int)valn, val);
		}
		p = nl != NULL ? nl + 1 : end;
	}
	if (q->summary == NULL || q->counts == NULL || q->needs == NULL)
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s%s.sql: the header needs summary, "
		    "counts and needs",
		    QUERY_DIR, q->name);
	return CUSTODY_OK;
}

void
custody_query_params_free(struct custody_query_param *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(p[i].name);
		free(p[i].def);
		free(p[i].meaning);
	}
	free(p);
}

void
custody_query_free(struct custody_query *q)
{
	if (q == NULL)
		return;
	custody_query_params_free(q->param, q->nparam);
	free(q->name);
	free(q->summary);
	free(q->counts);
	free(q->needs);
	free(q->unit);
	free(q);
}

enum custody_code
custody_query_load(
    struct custody_query **out, const char *name, struct custody_error *err)
{
	struct custody_query *q;
	char path[160];
	const char *text;
	size_t len, i;
	uint8_t md[CUSTODY_SHA256_LEN];
	enum custody_code rc;

	*out = NULL;
	for (i = 0; name[i] != '\0'; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		        (name[i] >= '0' && name[i] <= '9') || name[i] == '_') ||
		    i > 60)
			return custody_fail(err, CUSTODY_ERR_USAGE,
			    "'%.64s' is not a query name", name);
	snprintf(path, sizeof(path), QUERY_DIR "%s.sql", name);
	if ((text = custody_embedded_text(path, &len)) == NULL)
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "no fixed query named '%s' (custody "
		    "query --list shows them)",
		    name);
	if ((q = calloc(1, sizeof(*q))) == NULL ||
	    (q->name = strdup(name)) == NULL) {
		free(q);
		return custody_fail(err, CUSTODY_ERR_NOMEM, "out of memory");
	}
	q->text = text;
	q->len = len;
	if ((rc = custody_sha256(text, len, md, err)) != CUSTODY_OK ||
	    (rc = parse_header(q, err)) != CUSTODY_OK) {
		custody_query_free(q);
		return rc;
	}
	custody_hex(md, sizeof(md), q->sha256);
	*out = q;
	return CUSTODY_OK;
}

bool
custody_query_superseded(const char *name, const char *sha256)
{
	const char *text = custody_embedded_text("schema/superseded.txt", NULL),
	           *eol;
	size_t n = strlen(name);

	if (text == NULL || strlen(sha256) != 64)
		return false;
	for (; *text != '\0'; text = *eol != '\0' ? eol + 1 : eol) {
		if ((eol = strchr(text, '\n')) == NULL)
			eol = text + strlen(text);
		/* "NAME SHA256": one space, the 64 digits, the end of the line */
		if (text[0] != '#' && (size_t)(eol - text) == n + 1 + 64 &&
		    strncmp(text, name, n) == 0 && text[n] == ' ' &&
		    strncmp(text + n + 1, sha256, 64) == 0)
			return true;
	}
	return false;
}

const struct custody_query_param *
custody_query_param(const struct custody_query *q, const char *name)
{
	size_t i;

	for (i = 0; i < q->nparam; i++)
		if (strcmp(q->param[i].name, name) == 0)
			return &q->param[i];
	return NULL;
}

bool
custody_query_needs(const struct custody_query *q, const char *kind)
{
	const char *p = q->needs;
	size_t n = strlen(kind);

	while (p != NULL && (p = strstr(p, kind)) != NULL) {
		if ((p == q->needs || p[-1] == ' ') &&
		    (p[n] == '\0' || p[n] == ' '))
			return true;
		p += n;
	}
	return false;
}

const char *
custody_kv_get(const struct custody_kv *kv, size_t n, const char *key)
{
	size_t i;

	for (i = n; i > 0; i--) /* the last one given wins */
		if (strcmp(kv[i - 1].key, key) == 0)
			return kv[i - 1].value;
	return NULL;
}

/* The value a parameter takes: given, else its default, else NULL. */
static const char *
param_value(
    const struct custody_query_param *p, const struct custody_kv *kv, size_t n)
{
	const char *v = custody_kv_get(kv, n, p->name);

	if (v != NULL && v[0] == '\0' && p->optional)
		return NULL;
	return v != NULL ? v : p->def;
}

/* Parameters with a known meaning are checked before the query runs, so a
 * bad value is named even when no row would have reached it. */
static enum custody_code
check_value(const struct custody_query *q, const char *name, const char *v,
    struct custody_error *err)
{
	int64_t t;
	char *end;
	long long n;

	if (strcmp(name, "since") == 0 || strcmp(name, "until") == 0) {
		if (!custody_time_parse(v, &t))
			return custody_fail(err, CUSTODY_ERR_USAGE,
			    "query %s: %s=%s is not a UTC date "
			    "or time (2016-05-04, 2016-05-04T13:00:00Z)",
			    q->name, name, v);
	} else if (strcmp(name, "tz") == 0) {
		char buf[512], *p, *save = NULL;

		snprintf(buf, sizeof(buf), "%s", v);
		for (p = strtok_r(buf, ",", &save); p != NULL;
		     p = strtok_r(NULL, ",", &save)) {
			while (*p == ' ')
				p++;
			if (!custody_tz_known(p))
				return custody_fail(err, CUSTODY_ERR_USAGE,
				    "query %s: unknown time zone "
				    "'%s' (an IANA name such as America/New_York)",
				    q->name, p);
		}
	} else if (strcmp(name, "qtype") == 0) {
		if (custody_qtype_num(v) < 0)
			return custody_fail(err, CUSTODY_ERR_USAGE,
			    "query %s: unknown query type "
			    "'%s'",
			    q->name, v);
	} else if (strcmp(name, "dedupe") == 0) {
		if (strcmp(v, "none") != 0 && strcmp(v, "server") != 0)
			return custody_fail(err, CUSTODY_ERR_USAGE,
			    "query %s: dedupe=%s: the counting "
			    "unit is none (every query as logged) or server (a lookup logged by several "
			    "servers counts once)",
			    q->name, v);
	} else if (strcmp(name, "addresses") == 0) {
		char buf[4096], *p, *save = NULL;
		size_t k = 0;

		if (strlen(v) >= sizeof(buf))
			return custody_fail(err, CUSTODY_ERR_USAGE,
			    "query %s: addresses: list too long", q->name);
		snprintf(buf, sizeof(buf), "%s", v);
		for (p = strtok_r(buf, ",", &save); p != NULL;
		     p = strtok_r(NULL, ",", &save), k++) {
			char *e = p + strlen(p);

			while (*p == ' ')
				p++;
			while (e > p && e[-1] == ' ')
				*--e = '\0';
			if (!custody_addr_valid(p))
				return custody_fail(err, CUSTODY_ERR_USAGE,
				    "query %s: addresses: '%.64s' "
				    "(entry %zu) is not an IPv4 or IPv6 address",
				    q->name, p, k + 1);
		}
	} else if (strcmp(name, "periods") == 0) {
		int64_t lo[64], hi[64];
		size_t np;

		if (!custody_periods_parse(v, lo, hi, 64, &np))
			return custody_fail(err, CUSTODY_ERR_USAGE,
			    "query %s: periods=%s: expected UTC "
			    "days or FIRST/LAST ranges, comma-separated (2016-06-24,2016-07-08/2016-07-09), "
			    "at most 64",
			    q->name, v);
	} else if (strcmp(name, "port") == 0 || strcmp(name, "minutes") == 0 ||
	    strcmp(name, "window_days") == 0 ||
	    strcmp(name, "tolerance_ms") == 0 ||
	    strcmp(name, "search_ms") == 0 || strcmp(name, "seconds") == 0 ||
	    strcmp(name, "ttl") == 0 || strcmp(name, "bin") == 0) {
		/* digits only: strtoll alone takes blanks and a sign too */
		n = strtoll(v, &end, 10);
		if (end == v || *end != '\0' ||
		    strspn(v, "0123456789") != strlen(v) || n < 0 ||
		    n > (strcmp(name, "port") == 0 ? 65535 : 100000000) ||
		    (n == 0 && strcmp(name, "bin") == 0))
			return custody_fail(err, CUSTODY_ERR_USAGE,
			    "query %s: %s=%s is not a whole "
			    "number in range",
			    q->name, name, v);
	}
	return CUSTODY_OK;
}

enum custody_code
custody_query_check_value(const struct custody_query *q, const char *name,
    const char *v, struct custody_error *err)
{
	const struct custody_query_param *p = custody_query_param(q, name);

	if (p != NULL && v != NULL && v[0] == '\0' && p->optional)
		return CUSTODY_OK; /* empty: absent */
	return check_value(q, name, v, err);
}

enum custody_code
custody_query_check_params(const struct custody_query *q,
    const struct custody_kv *kv, size_t n, struct custody_error *err)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (custody_query_param(q, kv[i].key) == NULL) {
			struct custody_buf b;
			size_t j;

			custody_buf_init(&b, 4096);
			for (j = 0; j < q->nparam; j++)
				custody_buf_printf(&b, "%s%s", j ? ", " : "",
				    q->param[j].name);
			custody_fail(err, CUSTODY_ERR_USAGE,
			    "query %s has no parameter '%s' (it takes: %s)",
			    q->name, kv[i].key, b.data != NULL ? b.data : "");
			custody_buf_release(&b);
			return CUSTODY_ERR_USAGE;
		}
	for (i = 0; i < q->nparam; i++) {
		const char *v = param_value(&q->param[i], kv, n);

		enum custody_code rc;

		if (q->param[i].required && (v == NULL || v[0] == '\0'))
			return custody_fail(err, CUSTODY_ERR_USAGE,
			    "query %s needs %s (%s)", q->name, q->param[i].name,
			    q->param[i].meaning);
		if (v != NULL &&
		    (rc = check_value(q, q->param[i].name, v, err)) !=
		        CUSTODY_OK)
			return rc;
	}
	return CUSTODY_OK;
}

/*
 * The counting unit of a query's lookup figures with these parameters, in
 * words: the dedupe parameter's, else the header's "-- unit:", else NULL
 * (the query counts no lookups). docs/dns-records.md, "Counting units".
 */
const char *
custody_query_unit(
    const struct custody_query *q, const struct custody_kv *kv, size_t n)
{
	const struct custody_query_param *p = custody_query_param(q, "dedupe");
	const char *v;

	if (p == NULL)
		return q->unit;
	v = param_value(p, kv, n);
	if (v != NULL && strcmp(v, "server") == 0)
		return "queries (QR=0), duplicates across servers collapsed";
	return "queries (QR=0) as logged";
}

void
custody_result_release(struct custody_result *r)
{
	size_t i;

	if (r->col != NULL)
		for (i = 0; i < r->ncol; i++)
			free(r->col[i]);
	if (r->cell != NULL)
		for (i = 0; i < r->ncol * r->nrow; i++)
			free(r->cell[i].text);
	free(r->col);
	free(r->cell);
	memset(r, 0, sizeof(*r));
}

static enum custody_code check_selectors(sqlite3 *db,
    const struct custody_query *q, const struct custody_kv *kv, size_t n,
    struct custody_error *err);

static enum custody_code
keep_row(struct custody_result *r, sqlite3_stmt *st, size_t *cap,
    struct custody_error *err)
{
	size_t k;

	if (r->nrow == *cap) {
		size_t nc = *cap ? *cap * 2 : 32;
		struct custody_cell *c;

		if (r->ncol > 0 && nc > SIZE_MAX / sizeof(*c) / r->ncol)
			return custody_fail(
			    err, CUSTODY_ERR_LIMIT, "result too large");
		if ((c = realloc(r->cell, nc * r->ncol * sizeof(*c) + 1)) ==
		    NULL)
			return custody_fail(
			    err, CUSTODY_ERR_NOMEM, "out of memory");
		r->cell = c;
		*cap = nc;
	}
	for (k = 0; k < r->ncol; k++) {
		struct custody_cell *c = &r->cell[r->nrow * r->ncol + k];

		memset(c, 0, sizeof(*c));
		switch (sqlite3_column_type(st, (int)k)) {
		case SQLITE_INTEGER:
			c->type = CUSTODY_CELL_INT;
			c->i = sqlite3_column_int64(st, (int)k);
			break;
		case SQLITE_FLOAT:
			c->type = CUSTODY_CELL_REAL;
			c->d = sqlite3_column_double(st, (int)k);
			break;
		case SQLITE_NULL:
			c->type = CUSTODY_CELL_NULL;
			break;
		default:
			c->type = CUSTODY_CELL_TEXT;
			c->text = strdup(
			    (const char *)sqlite3_column_text(st, (int)k));
			if (c->text == NULL)
				return custody_fail(
				    err, CUSTODY_ERR_NOMEM, "out of memory");
		}
	}
	r->nrow++;
	return CUSTODY_OK;
}

enum custody_code
custody_query_run(struct custody_case *c, const struct custody_query *q,
    const struct custody_kv *kv, size_t n, struct custody_result *out,
    struct custody_error *err)
{
	return custody_query_run_db(custody_case_db(c), q, kv, n, out, err);
}

/*
 * Binds every named parameter of st (the query's statement, or its records
 * statement) to the value q's header gives it: the caller's, else the
 * default, else NULL. A parameter the header does not declare is an error.
 */
enum custody_code
custody_query_bind(sqlite3_stmt *st, const struct custody_query *q,
    const struct custody_kv *kv, size_t n, struct custody_error *err)
{
	int i;

	for (i = 1; i <= sqlite3_bind_parameter_count(st); i++) {
		const char *pn = sqlite3_bind_parameter_name(st, i);
		const struct custody_query_param *p =
		    pn != NULL ? custody_query_param(q, pn + 1) : NULL;
		const char *v;

		if (p == NULL)
			return custody_fail(err, CUSTODY_ERR_FORMAT,
			    "query %s uses %s, which its header "
			    "does not declare",
			    q->name, pn != NULL ? pn : "?");
		v = param_value(p, kv, n);
		if (v == NULL)
			sqlite3_bind_null(st, i);
		else
			sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	}
	return CUSTODY_OK;
}

enum custody_code
custody_query_run_db(sqlite3 *db, const struct custody_query *q,
    const struct custody_kv *kv, size_t n, struct custody_result *out,
    struct custody_error *err)
{
	sqlite3_stmt *st = NULL;
	enum custody_code rc;
	size_t cap = 0;
	int i, step;

	memset(out, 0, sizeof(*out));
	if ((rc = custody_query_check_params(q, kv, n, err)) != CUSTODY_OK ||
	    (rc = check_selectors(db, q, kv, n, err)) != CUSTODY_OK)
		return rc;
	custody_layout_index_on_use(db, q->name);
	if (sqlite3_prepare_v2(db, q->text, (int)q->len, &st, NULL) !=
	    SQLITE_OK)
		return custody_fail(err, CUSTODY_ERR_DB, "query %s: %s",
		    q->name, sqlite3_errmsg(db));
	if ((rc = custody_query_bind(st, q, kv, n, err)) != CUSTODY_OK) {
		sqlite3_finalize(st);
		return rc;
	}
	out->ncol = (size_t)sqlite3_column_count(st);
	if ((out->col = calloc(out->ncol + 1, sizeof(*out->col))) == NULL) {
		sqlite3_finalize(st);
		return custody_fail(err, CUSTODY_ERR_NOMEM, "out of memory");
	}
	for (i = 0; i < (int)out->ncol; i++)
		if ((out->col[i] = strdup(sqlite3_column_name(st, i))) ==
		    NULL) {
			rc = custody_fail(
			    err, CUSTODY_ERR_NOMEM, "out of memory");
			goto fail;
		}
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = keep_row(out, st, &cap, err)) != CUSTODY_OK)
			goto fail;
	if (step != SQLITE_DONE) {
		/* An error raised by one of our functions (a bad zone or date) is
		 * the caller's input, not a broken database. */
		rc = custody_fail(err,
		    sqlite3_errcode(db) == SQLITE_ERROR ? CUSTODY_ERR_USAGE
		                                        : CUSTODY_ERR_DB,
		    "query %s: %s", q->name, sqlite3_errmsg(db));
		goto fail;
	}
	sqlite3_finalize(st);
	return CUSTODY_OK;
fail:
	sqlite3_finalize(st);
	custody_result_release(out);
	return rc;
}

int
custody_result_column(const struct custody_result *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->ncol; i++)
		if (strcmp(r->col[i], name) == 0)
			return (int)i;
	return -1;
}

void
custody_cell_format(const struct custody_cell *c, char *out, size_t n)
{
	switch (c->type) {
	case CUSTODY_CELL_INT:
		snprintf(out, n, "%lld", (long long)c->i);
		break;
	case CUSTODY_CELL_REAL:
		snprintf(out, n, "%.10g", c->d);
		break;
	case CUSTODY_CELL_TEXT:
		snprintf(out, n, "%s", c->text);
		break;
	default:
		snprintf(out, n, "%s", "");
	}
}

enum custody_code
custody_cell_json(struct custody_buf *b, const struct custody_cell *c)
{
	char num[64];

	switch (c->type) {
	case CUSTODY_CELL_INT:
	case CUSTODY_CELL_REAL:
		custody_cell_format(c, num, sizeof(num));
		return custody_buf_addstr(b, num);
	case CUSTODY_CELL_TEXT:
		return custody_buf_json_str(b, c->text, strlen(c->text));
	default:
		return custody_buf_addstr(b, "null");
	}
}

static const char *const sel_kind[] = { "", "label", "SHA-256 prefix",
	"evidence id" };

enum custody_code
custody_evidence_select_db(sqlite3 *db, const char *selector, int64_t **ids,
    size_t *n, struct custody_error *err)
{
	struct custody_buf labels;
	sqlite3_stmt *st;
	enum custody_code rc;
	int64_t *v = NULL, first[4] = { 0, 0, 0, 0 };
	size_t k = 0, nlabels = 0, sel_len = strlen(selector);
	int kinds = 0, step;

	if (ids != NULL)
		*ids = NULL;
	if (n != NULL)
		*n = 0;
	custody_buf_init(&labels, 8192);
	if ((rc = custody_db_prepare(db,
	         "SELECT id, source, sha256 FROM evidence ORDER BY id", &st,
	         err)) != CUSTODY_OK)
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		const char *src = (const char *)sqlite3_column_text(st, 1);
		const char *sha = (const char *)sqlite3_column_text(st, 2);
		int m = custody_evidence_match(selector, sel_len, id, src,
		    (size_t)sqlite3_column_bytes(st, 1), sha);

		if (m == 0) {
			/* each label once, for the message */
			char quoted[300];

			snprintf(quoted, sizeof(quoted), "'%s'",
			    src != NULL ? src : "");
			if (src != NULL && nlabels < 64 &&
			    (labels.data == NULL ||
			        strstr(labels.data, quoted) == NULL)) {
				custody_buf_printf(&labels, "%s'%s'",
				    nlabels > 0 ? ", " : "", src);
				nlabels++;
			}
			continue;
		}
		if (first[m] == 0)
			first[m] = id;
		kinds |= 1 << m;
		if (ids != NULL) {
			int64_t *grown = realloc(v, (k + 1) * sizeof(*v));

			if (grown == NULL) {
				free(v);
				sqlite3_finalize(st);
				custody_buf_release(&labels);
				return custody_fail(
				    err, CUSTODY_ERR_NOMEM, "out of memory");
			}
			v = grown;
		}
		if (v != NULL)
			v[k] = id;
		k++;
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		rc = custody_fail_sqlite(err, db, "reading evidence");
	else if (k == 0)
		rc = custody_fail(err, CUSTODY_ERR_USAGE,
		    "evidence '%s' names no evidence of this case"
		    " (a --source label, exactly; a SHA-256 prefix of 6 or more hex digits; or an"
		    " evidence id)%s%s",
		    selector,
		    nlabels > 0 ? "; its labels: "
		                : "; it has no"
		                  " --source labels",
		    labels.data != NULL ? labels.data : "");
	else if ((kinds & (kinds - 1)) != 0) {
		int a = 0, b;

		while ((kinds & (1 << a)) == 0)
			a++;
		b = a + 1;
		while ((kinds & (1 << b)) == 0)
			b++;
		rc = custody_fail(err, CUSTODY_ERR_USAGE,
		    "evidence '%s' is ambiguous: the %s of"
		    " evidence %lld and the %s of evidence %lld",
		    selector, sel_kind[a], (long long)first[a], sel_kind[b],
		    (long long)first[b]);
	}
	custody_buf_release(&labels);
	if (rc != CUSTODY_OK) {
		free(v);
		return rc;
	}
	if (ids != NULL)
		*ids = v;
	else
		free(v);
	if (n != NULL)
		*n = k;
	return CUSTODY_OK;
}

enum custody_code
custody_evidence_select(struct custody_case *c, const char *selector,
    int64_t **ids, size_t *n, struct custody_error *err)
{
	return custody_evidence_select_db(
	    custody_case_db(c), selector, ids, n, err);
}

/* The parameters that select evidence: each one given must name some. */
static enum custody_code
check_selectors(sqlite3 *db, const struct custody_query *q,
    const struct custody_kv *kv, size_t n, struct custody_error *err)
{
	static const char *const names[] = { "evidence", "evidence_a",
		"evidence_b", NULL };
	enum custody_code rc;
	size_t i;

	for (i = 0; names[i] != NULL; i++) {
		const struct custody_query_param *p =
		    custody_query_param(q, names[i]);
		const char *v = p != NULL ? param_value(p, kv, n) : NULL;

		if (v == NULL)
			continue;
		if ((rc = custody_evidence_select_db(db, v, NULL, NULL, err)) !=
		    CUSTODY_OK) {
			char msg[sizeof(err->msg)];

			if (err != NULL) {
				snprintf(msg, sizeof(msg), "%s", err->msg);
				custody_fail(err, rc, "query %s: %s=%s",
				    q->name, names[i], msg);
			}
			return rc;
		}
	}
	return CUSTODY_OK;
}

/*
 * The DNS (or flow) sources of a case: evidence items grouped by their
 * --source label, or each item on its own by its SHA-256 when it has none.
 * A query over several sources of the same traffic would count every
 * lookup twice, so callers report per source.
 */
enum custody_code
custody_case_sources(struct custody_case *c, const char *kind, char ***out,
    size_t *n, struct custody_error *err)
{
	static const char *sql_dns =
	    "SELECT coalesce(source, substr(sha256, 1, 16)) AS s FROM evidence e "
	    "WHERE EXISTS (SELECT 1 FROM dns_message m WHERE m.evidence_id = e.id) "
	    "GROUP BY s ORDER BY min(id)";
	static const char *sql_flow =
	    "SELECT coalesce(source, substr(sha256, 1, 16)) AS s FROM evidence e "
	    "WHERE custody_has_flows(e.id) "
	    "GROUP BY s ORDER BY min(id)";
	sqlite3_stmt *st;
	enum custody_code rc;
	char **v = NULL;
	size_t k = 0;

	*out = NULL;
	*n = 0;
	custody_layout_index_on_use(
	    custody_case_db(c), "*"); /* msg_ev: which items have rows */
	if ((rc = custody_db_prepare(custody_case_db(c),
	         strcmp(kind, "flows") == 0 ? sql_flow : sql_dns, &st, err)) !=
	    CUSTODY_OK)
		return rc;
	while (sqlite3_step(st) == SQLITE_ROW) {
		char **nv = realloc(v, (k + 2) * sizeof(*v));

		if (nv == NULL ||
		    (nv[k] = strdup(
		         (const char *)sqlite3_column_text(st, 0))) == NULL) {
			v = nv != NULL ? nv : v;
			while (k > 0)
				free(v[--k]);
			free(v);
			sqlite3_finalize(st);
			return custody_fail(
			    err, CUSTODY_ERR_NOMEM, "out of memory");
		}
		v = nv;
		v[++k] = NULL;
	}
	sqlite3_finalize(st);
	*out = v;
	*n = k;
	return CUSTODY_OK;
}

enum custody_code
custody_query_run_split(struct custody_case *c, const struct custody_query *q,
    const struct custody_kv *kv, size_t n, bool split,
    struct custody_query_split *out, struct custody_error *err)
{
	struct custody_kv *kv2 = NULL;
	enum custody_code rc;
	size_t i;

	memset(out, 0, sizeof(*out));
	if ((rc = custody_query_run(c, q, kv, n, &out->all, err)) != CUSTODY_OK)
		goto fail;
	if (!split || custody_query_param(q, "evidence") == NULL ||
	    custody_kv_get(kv, n, "evidence") != NULL)
		return CUSTODY_OK;
	if ((rc = custody_case_sources(c,
	         custody_query_needs(q, "lookups") ||
	                 custody_query_needs(q, "responses")
	             ? "lookups"
	             : "flows",
	         &out->source, &out->n, err)) != CUSTODY_OK)
		goto fail;
	if (out->n < 2) {
		out->n = 0;
		return CUSTODY_OK;
	}
	if ((out->per = calloc(out->n, sizeof(*out->per))) == NULL ||
	    (kv2 = malloc((n + 1) * sizeof(*kv2))) == NULL) {
		rc = custody_fail(err, CUSTODY_ERR_NOMEM, "out of memory");
		goto fail;
	}
	if (n > 0)
		memcpy(kv2, kv, n * sizeof(*kv));
	kv2[n].key = "evidence";
	for (i = 0; i < out->n; i++) {
		kv2[n].value = out->source[i];
		if ((rc = custody_query_run(
		         c, q, kv2, n + 1, &out->per[i], err)) != CUSTODY_OK)
			goto fail;
	}
	free(kv2);
	return CUSTODY_OK;
fail:
	free(kv2);
	custody_query_split_release(out);
	return rc;
}

void
custody_query_split_release(struct custody_query_split *s)
{
	size_t i;

	custody_result_release(&s->all);
	for (i = 0; s->source != NULL && s->source[i] != NULL; i++) {
		if (s->per != NULL && i < s->n)
			custody_result_release(&s->per[i]);
		free(s->source[i]);
	}
	free(s->source);
	free(s->per);
	memset(s, 0, sizeof(*s));
}

static enum custody_code
json_rows(struct custody_buf *b, const struct custody_result *r)
{
	enum custody_code rc = custody_buf_addstr(b, "[");
	size_t i, k;

	for (i = 0; rc == CUSTODY_OK && i < r->nrow; i++) {
		rc = custody_buf_addstr(b, i ? ",[" : "[");
		for (k = 0; rc == CUSTODY_OK && k < r->ncol; k++)
			if ((rc = custody_buf_addstr(b, k ? "," : "")) ==
			    CUSTODY_OK)
				rc = custody_cell_json(
				    b, &r->cell[i * r->ncol + k]);
		if (rc == CUSTODY_OK)
			rc = custody_buf_addstr(b, "]");
	}
	return rc == CUSTODY_OK ? custody_buf_addstr(b, "]") : rc;
}

enum custody_code
custody_query_split_json(struct custody_buf *b, const struct custody_query *q,
    const struct custody_kv *kv, size_t n, const struct custody_query_split *s)
{
	const char *unit = custody_query_unit(q, kv, n);
	bool ok;
	size_t i, k;

	ok = custody_buf_addstr(b, "{\"query\":") == CUSTODY_OK &&
	    custody_buf_json_str(b, q->name, strlen(q->name)) == CUSTODY_OK &&
	    custody_buf_printf(b, ",\"query_sha256\":\"%s\",\"params\":{",
	        q->sha256) == CUSTODY_OK;
	for (i = 0, k = 0; ok && i < q->nparam; i++) {
		const char *v = custody_kv_get(kv, n, q->param[i].name);

		if (v == NULL)
			v = q->param[i].def;
		if (v == NULL)
			continue;
		ok = custody_buf_addstr(b, k++ ? "," : "") == CUSTODY_OK &&
		    custody_buf_json_str(b, q->param[i].name,
		        strlen(q->param[i].name)) == CUSTODY_OK &&
		    custody_buf_addstr(b, ":") == CUSTODY_OK &&
		    custody_buf_json_str(b, v, strlen(v)) == CUSTODY_OK;
	}
	ok = ok && custody_buf_addstr(b, "},\"unit\":") == CUSTODY_OK &&
	    (unit != NULL ? custody_buf_json_str(b, unit, strlen(unit))
	                  : custody_buf_addstr(b, "null")) == CUSTODY_OK &&
	    custody_buf_addstr(b, ",\"columns\":[") == CUSTODY_OK;
	for (i = 0; ok && i < s->all.ncol; i++)
		ok = custody_buf_addstr(b, i ? "," : "") == CUSTODY_OK &&
		    custody_buf_json_str(
		        b, s->all.col[i], strlen(s->all.col[i])) == CUSTODY_OK;
	ok = ok && custody_buf_addstr(b, "],\"rows\":") == CUSTODY_OK &&
	    json_rows(b, &s->all) == CUSTODY_OK;
	if (ok && s->n > 0) {
		ok = custody_buf_addstr(b, ",\"sources\":[") == CUSTODY_OK;
		for (i = 0; ok && i < s->n; i++)
			ok = custody_buf_addstr(
			         b, i ? ",{\"evidence\":" : "{\"evidence\":") ==
			        CUSTODY_OK &&
			    custody_buf_json_str(b, s->source[i],
			        strlen(s->source[i])) == CUSTODY_OK &&
			    custody_buf_addstr(b, ",\"rows\":") == CUSTODY_OK &&
			    json_rows(b, &s->per[i]) == CUSTODY_OK &&
			    custody_buf_addstr(b, "}") == CUSTODY_OK;
		ok = ok && custody_buf_addstr(b, "]") == CUSTODY_OK;
	}
	return ok ? CUSTODY_OK : CUSTODY_ERR_LIMIT;
}
