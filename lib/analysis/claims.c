/*
 * claims.c: a claims file binds each claim, as it was reported, to a fixed
 * query, its parameters and the figure that would bear it out; this file
 * reads it strictly, runs the queries and gives each claim a verdict.
 *
 *   [defaults]                 parameters for every claim whose query takes them
 *   evidence = published-logs
 *
 *   [claim C07]
 *   text   = Alfa Bank resolvers made about 87% of all lookups
 *   source = Slate, 2016-10-31 ("Was a Trump Server Communicating With Russia?")
 *   query  = lookup_share
 *   host   = mail1.trump-email.com
 *   org    = Alfa Bank
 *   expect = 0.87 +- 0.02
 *
 * Verdicts: SUPPORTED (the figure meets expect), CONTRADICTED (it does not),
 * UNTESTABLE (the case holds no evidence of the kind the query needs over
 * the claim's window, or no figure came out). Silence is never taken as a
 * contradiction, and never as support: a claim that nothing happened is
 * UNTESTABLE unless evidence that would have shown it covers the window.
 *
 * expect:  [COLUMN] OP VALUE [and [COLUMN] OP VALUE]...
 *   OP VALUE is ">= N", "<= N", "> N", "< N", "== N", "== 'text'",
 *   "N +- T", or "between A B" (numbers, or UTC dates/times: a date as
 *   the upper bound includes its whole day).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis.h"

#define CLAIMS_MAX_FILE (4u << 20)
#define CLAIMS_MAX      1000

static const char *reserved[] = { "text", "source", "query", "expect", "column",
	"row", "note", NULL };

const char *
custody_verdict_name(enum custody_verdict v)
{
	switch (v) {
	case CUSTODY_SUPPORTED:
		return "SUPPORTED";
	case CUSTODY_CONTRADICTED:
		return "CONTRADICTED";
	default:
		return "UNTESTABLE";
	}
}

/* The kv strings are ours even though custody_kv holds them as const. */
static void
free_const(const char *p)
{
	void *q;

	memcpy(&q, &p, sizeof(q));
	free(q);
}

static void
claim_release(struct custody_claim *c)
{
	size_t i;

	free(c->id);
	free(c->text);
	free(c->source);
	free(c->query_name);
	free(c->expect);
	free(c->column);
	free(c->note);
	for (i = 0; i < c->nparam; i++) {
		free_const(c->param[i].key);
		free_const(c->param[i].value);
	}
	free(c->param);
	free(c->param_line);
	custody_query_free(c->q);
	free(c->chance);
	custody_result_release(&c->result);
	free(c->records_check);
	free(c->observed);
	free(c->observed_json);
	free(c->reason);
	free(c->detail_json);
	free(c->evidence_json);
}

void
custody_claims_free(struct custody_claims *cl)
{
	size_t i;

	if (cl == NULL)
		return;
	for (i = 0; i < cl->n; i++)
		claim_release(&cl->claim[i]);
	free(cl->claim);
	claim_release(&cl->defaults);
	free(cl->description);
	free(cl->path);
	free(cl);
}

static char *
dupn(const char *p, size_t n)
{
	char *s = malloc(n + 1);

	if (s != NULL) {
		memcpy(s, p, n);
		s[n] = '\0';
	}
	return s;
}

static enum custody_code
add_kv(struct custody_claim *c, const char *k, size_t kn, const char *v,
    size_t vn, size_t line, struct custody_error *err)
{
	struct custody_kv *p = realloc(c->param, (c->nparam + 1) * sizeof(*p));
	size_t *pl;

	if (p == NULL)
		return custody_fail(err, CUSTODY_ERR_NOMEM, "out of memory");
	c->param = p;
	if ((pl = realloc(c->param_line, (c->nparam + 1) * sizeof(*pl))) ==
	    NULL)
		return custody_fail(err, CUSTODY_ERR_NOMEM, "out of memory");
	c->param_line = pl;
	pl[c->nparam] = line;
	p[c->nparam].key = dupn(k, kn);
	p[c->nparam].value = dupn(v, vn);
	c->nparam++;
	if (p[c->nparam - 1].key == NULL || p[c->nparam - 1].value == NULL)
		return custody_fail(err, CUSTODY_ERR_NOMEM, "out of memory");
	return CUSTODY_OK;
}

static const char *
param_of(const struct custody_claim *c, const char *key)
{
	return custody_kv_get(c->param, c->nparam, key);
}

/* ------------------------------------------------------------ expect */

struct cond {
	char column[64]; /* "" = the claim's column */
	enum {
		OP_GE,
		OP_LE,
		OP_GT,
		OP_LT,
		OP_EQ,
		OP_TEXT,
		OP_NEAR,
		OP_BETWEEN
	} op;
	double a,
	    b; /* numbers; for times, ns as double is too coarse: see ta/tb */
	int64_t ta, tb;
	bool times; /* a and b are times (ta, tb) */
	char text[256];
};

/* Next whitespace-separated token of s at *p (quoted 'text' kept whole). */
static size_t
token(const char *s, size_t *p, char *out, size_t outlen)
{
	size_t n = 0;

	while (s[*p] == ' ' || s[*p] == '\t')
		(*p)++;
	if (s[*p] == '\'') {
		const char *e = strchr(s + *p + 1, '\'');

		if (e == NULL)
			return 0;
		n = (size_t)(e - (s + *p)) + 1;
	} else {
		while (
		    s[*p + n] != '\0' && s[*p + n] != ' ' && s[*p + n] != '\t')
			n++;
	}
	if (n == 0 || n >= outlen)
		return 0;
	memcpy(out, s + *p, n);
	out[n] = '\0';
	*p += n;
	return n;
}

/* A number in the claims file: plain decimal only ("-12", "0.87"), so that
 * what a reader sees is what is compared (strtod alone would also take
 * "0x1p-1", "1e3", "inf" and leading blanks). */
static bool
number(const char *s, double *out)
{
	size_t i = s[0] == '-' ? 1 : 0, d = strspn(s + i, "0123456789");
	char *end;

	if (d == 0)
		return false;
	i += d;
	if (s[i] == '.') {
		d = strspn(s + i + 1, "0123456789");
		if (d == 0)
			return false;
		i += 1 + d;
	}
	if (s[i] != '\0' || i > 40)
		return false;
	errno = 0;
	*out = strtod(s, &end);
	return *end == '\0' && errno == 0 && isfinite(*out);
}

/* A time bound: a date alone as an upper bound means the end of that day. */
static bool
time_bound(const char *s, bool upper, int64_t *out)
{
	if (!custody_time_parse(s, out))
		return false;
	if (upper && strlen(s) == 10)
		*out += 86400LL * 1000000000LL - 1;
	return true;
}

static bool
parse_expect(const char *s, struct cond *cond, size_t *ncond, size_t max,
    char *why, size_t whylen)
{
	size_t p = 0;
	char t[256], a[256], b[256];

	*ncond = 0;
	for (;;) {
		struct cond *c = &cond[*ncond];

		if (*ncond == max) {
			snprintf(why, whylen, "too many conditions");
			return false;
		}
		memset(c, 0, sizeof(*c));
		if (token(s, &p, t, sizeof(t)) == 0) {
			snprintf(why, whylen, "expected a condition");
			return false;
		}
		if ((isalpha((unsigned char)t[0]) || t[0] == '_') &&
		    strcmp(t, "between") != 0) {
			if (strlen(t) >= sizeof(c->column)) {
				snprintf(why, whylen, "column name too long");
				return false;
			}
			snprintf(c->column, sizeof(c->column), "%s", t);
			if (token(s, &p, t, sizeof(t)) == 0) {
				snprintf(why, whylen,
				    "expected a condition after '%.60s'",
				    c->column);
				return false;
			}
		}
		if (strcmp(t, "between") == 0) {
			c->op = OP_BETWEEN;
			if (token(s, &p, a, sizeof(a)) == 0 ||
			    token(s, &p, b, sizeof(b)) == 0) {
				snprintf(
				    why, whylen, "between needs two bounds");
				return false;
			}
			if (number(a, &c->a) && number(b, &c->b)) {
				/* numbers */
			} else if (time_bound(a, false, &c->ta) &&
			    time_bound(b, true, &c->tb)) {
				c->times = true;
			} else {
				snprintf(why, whylen,
				    "between needs two numbers or two UTC dates");
				return false;
			}
		} else if (strcmp(t, ">=") == 0 || strcmp(t, "<=") == 0 ||
		    strcmp(t, ">") == 0 || strcmp(t, "<") == 0 ||
		    strcmp(t, "==") == 0) {
			c->op = strcmp(t, ">=") == 0 ? OP_GE
			    : strcmp(t, "<=") == 0   ? OP_LE
			    : strcmp(t, ">") == 0    ? OP_GT
			    : strcmp(t, "<") == 0    ? OP_LT
			                             : OP_EQ;
			if (token(s, &p, a, sizeof(a)) == 0) {
				snprintf(
				    why, whylen, "'%.8s' needs a value", t);
				return false;
			}
			if (a[0] == '\'') {
				if (c->op != OP_EQ) {
					snprintf(why, whylen,
					    "text can only be compared with ==");
					return false;
				}
				c->op = OP_TEXT;
				snprintf(c->text, sizeof(c->text), "%.*s",
				    (int)strlen(a) - 2, a + 1);
			} else if (!number(a, &c->a)) {
				snprintf(why, whylen,
				    "'%.60s' is not a number (text goes in quotes)",
				    a);
				return false;
			}
		} else if (number(t, &c->a)) {
			c->op = OP_NEAR;
			if (token(s, &p, a, sizeof(a)) == 0 ||
			    (strcmp(a, "+-") != 0 &&
			        strcmp(a, "\xc2\xb1") != 0) ||
			    token(s, &p, b, sizeof(b)) == 0 ||
			    !number(b, &c->b) || c->b < 0) {
				snprintf(why, whylen,
				    "'N' must be followed by '+- T'");
				return false;
			}
		} else {
			snprintf(why, whylen,
			    "'%.60s' is not a condition (>=, <=, >, <, ==, between, "
			    "N +- T)",
			    t);
			return false;
		}
		(*ncond)++;
		if (token(s, &p, t, sizeof(t)) == 0)
			return true;
		if (strcmp(t, "and") != 0) {
			snprintf(why, whylen,
			    "unexpected '%.60s' (conditions are joined with 'and')",
			    t);
			return false;
		}
	}
}

/* ------------------------------------------------------------ reading */

static bool
is_reserved(const char *k, size_t n)
{
	size_t i;

	for (i = 0; reserved[i] != NULL; i++)
		if (strlen(reserved[i]) == n && memcmp(reserved[i], k, n) == 0)
			return true;
	return false;
}

static enum custody_code
set_field(char **field, const char *v, size_t vn, const char *path, size_t line,
    const char *key, struct custody_error *err)
{
	if (*field != NULL)
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s:%zu: %s given twice", path, line, key);
	if ((*field = dupn(v, vn)) == NULL)
		return custody_fail(err, CUSTODY_ERR_NOMEM, "out of memory");
	return CUSTODY_OK;
}

/* Prefixes err's message with where it happened (the message is copied
 * first: custody_fail() writes into the buffer it would read). */
static enum custody_code
rewrap(struct custody_error *err, enum custody_code code, const char *where)
{
	char msg[sizeof(err->msg)];

	if (err == NULL)
		return code;
	snprintf(msg, sizeof(msg), "%s", err->msg);
	return custody_fail(err, code, "%s: %s", where, msg);
}

/* Checks one claim once its section has ended. */
static enum custody_code
finish_claim(struct custody_claims *cl, struct custody_claim *c,
    struct custody_error *err)
{
	struct cond cond[8];
	size_t ncond, i;
	char why[200], where[300];
	enum custody_code rc;

	if (c->text == NULL || c->query_name == NULL || c->expect == NULL)
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s:%zu: claim %s needs text, query and "
		    "expect",
		    cl->path, c->line, c->id);
	snprintf(where, sizeof(where), "%s:%zu: claim %s", cl->path,
	    c->query_line, c->id);
	if ((rc = custody_query_load(&c->q, c->query_name, err)) != CUSTODY_OK)
		return rewrap(err, CUSTODY_ERR_FORMAT, where);
	/* defaults fill parameters the claim does not give and the query takes */
	for (i = 0; i < cl->defaults.nparam; i++) {
		const struct custody_kv *d = &cl->defaults.param[i];

		if (param_of(c, d->key) == NULL &&
		    custody_query_param(c->q, d->key) != NULL &&
		    (rc = add_kv(c, d->key, strlen(d->key), d->value,
		         strlen(d->value), cl->defaults.param_line[i], err)) !=
		        CUSTODY_OK)
			return rc;
	}
	/* Each parameter is checked where it was written, so an error names
	 * the line of the typo, not the section's. */
	for (i = 0; i < c->nparam; i++) {
		snprintf(where, sizeof(where), "%s:%zu: claim %s", cl->path,
		    c->param_line[i], c->id);
		if (custody_query_param(c->q, c->param[i].key) == NULL) {
			(void)custody_query_check_params(
			    c->q, &c->param[i], 1, err);
			return rewrap(err, CUSTODY_ERR_FORMAT, where);
		}
		if ((rc = custody_query_check_value(c->q, c->param[i].key,
		         c->param[i].value, err)) != CUSTODY_OK)
			return rewrap(err, CUSTODY_ERR_FORMAT, where);
	}
	snprintf(
	    where, sizeof(where), "%s:%zu: claim %s", cl->path, c->line, c->id);
	if ((rc = custody_query_check_params(c->q, c->param, c->nparam, err)) !=
	    CUSTODY_OK)
		return rewrap(err, CUSTODY_ERR_FORMAT, where);
	if (!parse_expect(c->expect, cond, &ncond, 8, why, sizeof(why)))
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s:%zu: claim %s: expect: %s", cl->path, c->expect_line,
		    c->id, why);
	return CUSTODY_OK;
}

static enum custody_code
parse_item(struct custody_claims *cl, struct custody_claim **cur,
    int *in_defaults, const struct custody_ini_item *it,
    struct custody_error *err)
{
	const char *k, *v;
	size_t kn, vn, i, lineno = it->line;
	struct custody_claim *c;
	enum custody_code rc;

	if (it->kind == CUSTODY_INI_SECTION) {
		if (*cur != NULL &&
		    (rc = finish_claim(cl, *cur, err)) != CUSTODY_OK)
			return rc;
		*cur = NULL;
		*in_defaults = 0;
		if (strcmp(it->name, "defaults") == 0) {
			*in_defaults = 1;
			return CUSTODY_OK;
		}
		if (strcmp(it->name, "case") == 0) {
			*in_defaults = 2; /* what the report says the case is */
			return CUSTODY_OK;
		}
		if (strncmp(it->name, "claim ", 6) != 0 || it->name[6] == '\0')
			return custody_fail(err, CUSTODY_ERR_FORMAT,
			    "%s:%zu: unknown section [%s] (only "
			    "[case], [defaults] and [claim ID])",
			    cl->path, lineno, it->name);
		k = it->name + 6;
		kn = strlen(k);
		for (i = 0; i < kn; i++)
			if (!isalnum((unsigned char)k[i]) && k[i] != '-' &&
			    k[i] != '_' && k[i] != '.')
				return custody_fail(err, CUSTODY_ERR_FORMAT,
				    "%s:%zu: a claim id is letters, "
				    "digits, '.', '-' and '_'",
				    cl->path, lineno);
		for (i = 0; i < cl->n; i++)
			if (strlen(cl->claim[i].id) == kn &&
			    memcmp(cl->claim[i].id, k, kn) == 0)
				return custody_fail(err, CUSTODY_ERR_FORMAT,
				    "%s:%zu: claim %.*s appears "
				    "twice (first at line %zu)",
				    cl->path, lineno, (int)kn, k,
				    cl->claim[i].line);
		if (cl->n == CLAIMS_MAX)
			return custody_fail(err, CUSTODY_ERR_LIMIT,
			    "%s:%zu: more than %d claims", cl->path, lineno,
			    CLAIMS_MAX);
		c = realloc(cl->claim, (cl->n + 1) * sizeof(*c));
		if (c == NULL)
			return custody_fail(
			    err, CUSTODY_ERR_NOMEM, "out of memory");
		cl->claim = c;
		c = &cl->claim[cl->n++];
		memset(c, 0, sizeof(*c));
		c->line = lineno;
		c->row = 1;
		if ((c->id = dupn(k, kn)) == NULL)
			return custody_fail(
			    err, CUSTODY_ERR_NOMEM, "out of memory");
		*cur = c;
		return CUSTODY_OK;
	}
	k = it->name;
	kn = strlen(k);
	v = it->value;
	vn = it->value_len;
	if (kn == 0)
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s:%zu: a key is missing", cl->path, lineno);
	for (i = 0; i < kn; i++)
		if (!isalnum((unsigned char)k[i]) && k[i] != '_')
			return custody_fail(err, CUSTODY_ERR_FORMAT,
			    "%s:%zu: '%.*s' is not a key", cl->path, lineno,
			    (int)kn, k);
	if (*in_defaults == 2) {
		if (kn != 11 || memcmp(k, "description", 11) != 0)
			return custody_fail(err, CUSTODY_ERR_FORMAT,
			    "%s:%zu: [case] takes only "
			    "description, not %.*s",
			    cl->path, lineno, (int)kn, k);
		return set_field(&cl->description, v, vn, cl->path, lineno,
		    "description", err);
	}
	if (*in_defaults) {
		if (is_reserved(k, kn))
			return custody_fail(err, CUSTODY_ERR_FORMAT,
			    "%s:%zu: %.*s belongs in a claim, "
			    "not in [defaults]",
			    cl->path, lineno, (int)kn, k);
		return add_kv(&cl->defaults, k, kn, v, vn, lineno, err);
	}
	if ((c = *cur) == NULL)
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s:%zu: key outside any [claim ID] "
		    "section",
		    cl->path, lineno);
#define FIELD(name, f)                                                         \
	if (kn == strlen(name) && memcmp(k, name, kn) == 0)                    \
	return set_field(&c->f, v, vn, cl->path, lineno, name, err)
	FIELD("text", text);
	FIELD("source", source);
	if (kn == 5 && memcmp(k, "query", 5) == 0)
		c->query_line = lineno;
	FIELD("query", query_name);
	FIELD("column", column);
	FIELD("note", note);
#undef FIELD
	if (kn == 6 && memcmp(k, "expect", 6) == 0) {
		c->expect_line = lineno;
		return set_field(
		    &c->expect, v, vn, cl->path, lineno, "expect", err);
	}
	if (kn == 3 && memcmp(k, "row", 3) == 0) {
		uint64_t r;

		if (!custody_str_dec(v, 100000, &r) || r < 1)
			return custody_fail(err, CUSTODY_ERR_FORMAT,
			    "%s:%zu: row is a number from 1", cl->path, lineno);
		c->row = (size_t)r;
		return CUSTODY_OK;
	}
	for (i = 0; i < c->nparam; i++)
		if (strlen(c->param[i].key) == kn &&
		    memcmp(c->param[i].key, k, kn) == 0)
			return custody_fail(err, CUSTODY_ERR_FORMAT,
			    "%s:%zu: %.*s given twice", cl->path, lineno,
			    (int)kn, k);
	return add_kv(c, k, kn, v, vn, lineno, err);
}

enum custody_code
custody_claims_parse(struct custody_claims **out, const char *path,
    const char *text, size_t len, struct custody_error *err)
{
	struct custody_claims *cl;
	struct custody_claim *cur = NULL;
	struct custody_ini ini;
	struct custody_ini_item it;
	uint8_t md[CUSTODY_SHA256_LEN];
	int in_defaults = 0;
	enum custody_code rc;

	*out = NULL;
	if ((cl = calloc(1, sizeof(*cl))) == NULL ||
	    (cl->path = strdup(path)) == NULL) {
		free(cl);
		return custody_fail(err, CUSTODY_ERR_NOMEM, "out of memory");
	}
	custody_ini_init(&ini, path, text, len, 0, 0);
	if ((rc = custody_sha256(text, len, md, err)) != CUSTODY_OK)
		goto fail;
	custody_hex(md, sizeof(md), cl->sha256);
	for (;;) {
		if ((rc = custody_ini_next(&ini, &it, err)) != CUSTODY_OK)
			goto fail;
		if (it.kind == CUSTODY_INI_END)
			break;
		if ((rc = parse_item(cl, &cur, &in_defaults, &it, err)) !=
		    CUSTODY_OK)
			goto fail;
	}
	custody_ini_release(&ini);
	if (cur != NULL && (rc = finish_claim(cl, cur, err)) != CUSTODY_OK)
		goto fail;
	if (cl->n == 0) {
		rc = custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: no [claim ID] sections", path);
		goto fail;
	}
	/* A default no claim's query takes is a typo, not a harmless extra. */
	{
		size_t i, j;

		for (i = 0; i < cl->defaults.nparam; i++) {
			for (j = 0; j < cl->n &&
			     custody_query_param(cl->claim[j].q,
			         cl->defaults.param[i].key) == NULL;
			     j++)
				;
			if (j == cl->n) {
				rc = custody_fail(err, CUSTODY_ERR_FORMAT,
				    "%s:%zu: [defaults] %s: no "
				    "claim's query takes it",
				    path, cl->defaults.param_line[i],
				    cl->defaults.param[i].key);
				goto fail;
			}
		}
	}
	*out = cl;
	return CUSTODY_OK;
fail:
	custody_ini_release(&ini);
	custody_claims_free(cl);
	return rc;
}

enum custody_code
custody_claims_load(
    struct custody_claims **out, const char *path, struct custody_error *err)
{
	char *text;
	size_t len;
	enum custody_code rc;

	*out = NULL;
	if ((rc = custody_read_small(path, CLAIMS_MAX_FILE, "a claims file",
	         &text, &len, err)) != CUSTODY_OK)
		return rc;
	rc = custody_claims_parse(out, path, text, len, err);
	free(text);
	return rc;
}

/* ------------------------------------------------------------ evaluating */

static int64_t
count(sqlite3 *db, const char *sql, const char *a, const char *b, const char *c,
    const char *d)
{
	sqlite3_stmt *st;
	int64_t n = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (a != NULL)
		sqlite3_bind_text(st, 1, a, -1, SQLITE_TRANSIENT);
	if (b != NULL)
		sqlite3_bind_text(st, 2, b, -1, SQLITE_TRANSIENT);
	if (c != NULL)
		sqlite3_bind_text(st, 3, c, -1, SQLITE_TRANSIENT);
	if (d != NULL)
		sqlite3_bind_text(st, 4, d, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

#define SEL "(?1 IS NULL OR evidence_is(?1, e.id, e.source, e.sha256))"
#define HAS_DNS                                                                \
	"EXISTS (SELECT 1 FROM dns_message m WHERE m.evidence_id = e.id)"
#define HAS_PDNS "EXISTS (SELECT 1 FROM pdns p WHERE p.evidence_id = e.id)"
#define WINDOW                                                                 \
	"(?3 IS NULL OR e.time_last_ns >= custody_ns(?3)) AND "                \
	"(?4 IS NULL OR e.time_first_ns < custody_ns(?4))"

/*
 * Why a claim cannot be tested on this case, or NULL when it can: the
 * query's "needs" line names the kinds of evidence that must be there, in
 * the evidence the claim selects, over the claim's window.
 */
static char *
untestable(sqlite3 *db, const struct custody_claim *c)
{
	const char *ev = param_of(c, "evidence"), *since = param_of(c, "since");
	const char *until = param_of(c, "until");
	const char *hosts[2] = { param_of(c, "host"), NULL };
	bool pdns = custody_query_needs(c->q, "or-pdns");
	char why[512];
	size_t i;

	if (hosts[0] == NULL) {
		hosts[0] = param_of(c, "host_a");
		hosts[1] = param_of(c, "host_b");
	}
	why[0] = '\0';
	/* a comparison of two records (corroborate) needs both of them */
	for (i = 0; i < 2; i++) {
		const char *side =
		    param_of(c, i == 0 ? "evidence_a" : "evidence_b");

		if (why[0] == '\0' && side != NULL &&
		    count(db,
		        "SELECT count(*) FROM evidence e "
		        "WHERE evidence_is(?1, e.id, e.source, e.sha256) AND EXISTS (SELECT 1 FROM "
		        "dns_message m WHERE m.evidence_id = e.id)",
		        side, NULL, NULL, NULL) == 0)
			snprintf(why, sizeof(why),
			    "no DNS evidence %s is in the case: a comparison "
			    "needs both records",
			    side);
	}
	if (why[0] == '\0' &&
	    (custody_query_needs(c->q, "lookups") ||
	        custody_query_needs(c->q, "responses"))) {
		if (count(db,
		        pdns ? "SELECT count(*) FROM evidence e WHERE " SEL
		               " AND " WINDOW " AND (" HAS_DNS " OR " HAS_PDNS
		               ")"
		             : "SELECT count(*) FROM evidence e WHERE " SEL
		               " AND " WINDOW " AND " HAS_DNS,
		        ev, NULL, since, until) == 0)
			snprintf(why, sizeof(why),
			    "no DNS evidence%s%s covers %s to %s%s",
			    ev ? " from " : "", ev ? ev : "",
			    since ? since : "the beginning",
			    until ? until : "the end",
			    !pdns &&
			            count(db,
			                "SELECT count(*) FROM "
			                "evidence e WHERE " SEL " AND " WINDOW
			                " AND " HAS_PDNS,
			                ev, NULL, since, until) > 0
			        ? " (passive DNS holds aggregates of unknown clients' lookups,"
			          " which are never counted as lookups)"
			        : "");
	}
	for (i = 0; why[0] == '\0' && i < 2 && hosts[i] != NULL; i++) {
		bool resp = custody_query_needs(c->q, "responses") && i == 0;
		/* passive DNS stands in for the answers and lookups of a name */
		bool seen = pdns &&
		    count(db,
		        "SELECT count(*) FROM pdns p JOIN evidence e ON e.id = "
		        "p.evidence_id WHERE p.rrname = lower(?2) AND " SEL,
		        ev, hosts[i], NULL, NULL) > 0;

		if (custody_query_needs(c->q, "lookups") && !resp && !seen &&
		    count(db,
		        "SELECT count(*) FROM dns_message m JOIN evidence e ON e.id = "
		        "m.evidence_id WHERE m.qname = lower(?2) AND m.qr = 0 AND " SEL,
		        ev, hosts[i], NULL, NULL) == 0)
			snprintf(why, sizeof(why),
			    "no lookups of %s in the evidence%s%s", hosts[i],
			    ev ? " from " : "", ev ? ev : "");
		if (resp && !seen &&
		    count(db,
		        "SELECT count(*) FROM dns_message m JOIN evidence e "
		        "ON e.id = m.evidence_id WHERE m.qname = lower(?2) AND m.qr = 1 AND " SEL,
		        ev, hosts[i], NULL, NULL) == 0)
			snprintf(why, sizeof(why),
			    "no evidence%s%s holds DNS responses%s for %s",
			    ev ? " from " : "", ev ? ev : "",
			    pdns ? " or passive DNS" : "", hosts[i]);
	}
	if (why[0] == '\0' && custody_query_needs(c->q, "flows") &&
	    count(db,
	        "SELECT count(*) FROM evidence e WHERE e.format IN ('pcap', 'zeek-conn') AND " SEL
	        " AND " WINDOW,
	        ev, NULL, since, until) == 0)
		snprintf(why, sizeof(why),
		    "no packet capture or Zeek conn.log%s%s covers %s to %s:"
		    " connections cannot be seen in DNS logs",
		    ev ? " from " : "", ev ? ev : "",
		    since ? since : "the beginning", until ? until : "the end");
	if (why[0] == '\0' && custody_query_needs(c->q, "timeline") &&
	    count(db,
	        "SELECT count(*) FROM timeline WHERE evidence_id IN (SELECT id FROM evidence)",
	        NULL, NULL, NULL, NULL) == 0)
		snprintf(
		    why, sizeof(why), "the case holds no timeline of events");
	return why[0] != '\0' ? strdup(why) : NULL;
}

static bool
cell_number(const struct custody_cell *c, double *out)
{
	if (c->type == CUSTODY_CELL_INT)
		*out = (double)c->i;
	else if (c->type == CUSTODY_CELL_REAL)
		*out = c->d;
	else
		return false;
	return true;
}

/* Tests one condition against the row; writes what was compared to why. */
static bool
cond_holds(const struct cond *k, const struct custody_result *r, size_t row,
    int col, bool *null)
{
	const struct custody_cell *c = &r->cell[row * r->ncol + (size_t)col];
	double x;
	int64_t t;

	*null = c->type == CUSTODY_CELL_NULL;
	if (*null)
		return false;
	if (k->op == OP_TEXT)
		return c->type == CUSTODY_CELL_TEXT &&
		    strcmp(c->text, k->text) == 0;
	if (k->op == OP_BETWEEN && k->times)
		return c->type == CUSTODY_CELL_TEXT &&
		    custody_time_parse(c->text, &t) && t >= k->ta && t <= k->tb;
	if (!cell_number(c, &x))
		return false;
	switch (k->op) {
	case OP_GE:
		return x >= k->a;
	case OP_LE:
		return x <= k->a;
	case OP_GT:
		return x > k->a;
	case OP_LT:
		return x < k->a;
	case OP_EQ:
		return x == k->a;
	case OP_NEAR:
		return fabs(x - k->a) <= k->b + 1e-12;
	case OP_BETWEEN:
		return x >= k->a && x <= k->b;
	default:
		return false;
	}
}

/* The selected evidence that holds records of the kinds the query reads. */
static char *
evidence_used(sqlite3 *db, const struct custody_claim *c)
{
	struct custody_buf b;
	sqlite3_stmt *st;
	bool dns = custody_query_needs(c->q, "lookups") ||
	    custody_query_needs(c->q, "responses");
	bool flows = custody_query_needs(c->q, "flows");
	const char *ev = param_of(c, "evidence");
	int k = 0;

	custody_buf_init(&b, 1u << 20);
	custody_buf_addstr(&b, "[");
	if (sqlite3_prepare_v2(db,
	        "SELECT e.sha256, e.original_name, e.format, e.source, "
	        "e.event_seq FROM evidence e WHERE " SEL
	        " AND ((?2 AND EXISTS (SELECT 1 FROM "
	        "dns_message m WHERE m.evidence_id = e.id)) OR (?3 AND custody_has_flows(e.id))"
	        " OR EXISTS (SELECT 1 FROM orgmap o WHERE o.evidence_id = "
	        "e.id) OR (?4 AND EXISTS (SELECT 1 FROM timeline t WHERE t.evidence_id = e.id)) OR (?5 "
	        "AND " HAS_PDNS ")) ORDER BY e.id",
	        -1, &st, NULL) == SQLITE_OK) {
		if (ev != NULL)
			sqlite3_bind_text(st, 1, ev, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 2, dns);
		sqlite3_bind_int(st, 3, flows);
		sqlite3_bind_int(st, 4, custody_query_needs(c->q, "timeline"));
		sqlite3_bind_int(st, 5, custody_query_needs(c->q, "or-pdns"));
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *src =
			    (const char *)sqlite3_column_text(st, 3);
			const char *name =
			    (const char *)sqlite3_column_text(st, 1);

			custody_buf_printf(&b,
			    "%s{\"sha256\":\"%s\",\"name\":", k++ ? "," : "",
			    (const char *)sqlite3_column_text(st, 0));
			custody_buf_json_str(&b, name, strlen(name));
			custody_buf_printf(&b, ",\"format\":\"%s\",\"source\":",
			    (const char *)sqlite3_column_text(st, 2));
			if (src != NULL)
				custody_buf_json_str(&b, src, strlen(src));
			else
				custody_buf_addstr(&b, "null");
			custody_buf_printf(&b, ",\"ingest_event\":%lld}",
			    (long long)sqlite3_column_int64(st, 4));
		}
		sqlite3_finalize(st);
	}
	custody_buf_addstr(&b, "]");
	return b.data;
}

/* The cell of the row in column name as text, or false when there is none. */
static bool
cell_text(const struct custody_result *r, size_t row, const char *name,
    char *out, size_t n)
{
	int k = custody_result_column(r, name);

	if (k < 0 ||
	    r->cell[row * r->ncol + (size_t)k].type == CUSTODY_CELL_NULL)
		return false;
	custody_cell_format(&r->cell[row * r->ncol + (size_t)k], out, n);
	return true;
}

/*
 * A statistical figure means little without what chance alone would give:
 * when the row has a baseline (what uniformly random times or a Poisson
 * process give) or a permutation p-value that the expect does not already
 * show, it is printed beside the figure.
 */
static void
context(struct custody_buf *obs, const struct custody_result *r, size_t row,
    int col0, const struct cond *cond, size_t ncond)
{
	static const char *names[] = { "baseline", "p_value" };
	char v[64], lo[64], hi[64];
	size_t i, k;

	for (k = 0; k < 2; k++) {
		int col = custody_result_column(r, names[k]);
		bool shown = col == col0;

		for (i = 0; i < ncond; i++)
			shown |=
			    col >= 0 && strcmp(cond[i].column, names[k]) == 0;
		if (col < 0 || shown ||
		    !cell_text(r, row, names[k], v, sizeof(v)))
			continue;
		if (k == 1)
			custody_buf_printf(obs, " (p_value %s)", v);
		else if (cell_text(r, row, "baseline_lo", lo, sizeof(lo)) &&
		    cell_text(r, row, "baseline_hi", hi, sizeof(hi)))
			custody_buf_printf(
			    obs, " (baseline %s, chance %s to %s)", v, lo, hi);
		else
			custody_buf_printf(obs, " (baseline %s)", v);
	}
}

/*
 * When the figure is what chance alone gives, says so (NULL otherwise):
 * within the range random (Poisson) runs give (baseline_lo..baseline_hi);
 * a share within two standard errors of its uniform-time baseline for
 * that many lookups; a permutation p-value of 0.05 or more. A verdict on
 * such a figure stands, but a reader must not take it as a pattern.
 */
static char *
at_chance(const struct custody_result *r, size_t row, int col0)
{
	const struct custody_cell *fig = &r->cell[row * r->ncol + (size_t)col0];
	double x, b, lo, hi, n, p;
	char out[300];
	int k;

	if (!cell_number(fig, &x))
		return NULL;
	if ((k = custody_result_column(r, "p_value")) >= 0 && k != col0 &&
	    cell_number(&r->cell[row * r->ncol + (size_t)k], &p) && p >= 0.05) {
		snprintf(out, sizeof(out),
		    "at chance: windows placed at random days give a figure "
		    "this high with probability %.2f (p_value, 0.05 or more)",
		    p);
		return strdup(out);
	}
	if ((k = custody_result_column(r, "baseline")) < 0 || k == col0 ||
	    !cell_number(&r->cell[row * r->ncol + (size_t)k], &b))
		return NULL;
	if ((k = custody_result_column(r, "baseline_lo")) >= 0 &&
	    cell_number(&r->cell[row * r->ncol + (size_t)k], &lo) &&
	    (k = custody_result_column(r, "baseline_hi")) >= 0 &&
	    cell_number(&r->cell[row * r->ncol + (size_t)k], &hi)) {
		if (x < lo || x > hi)
			return NULL;
		snprintf(out, sizeof(out),
		    "at chance: %.4g is inside the range random runs of the "
		    "same rate give (%.4g to %.4g, 95%%)",
		    x, lo, hi);
		return strdup(out);
	}
	if ((k = custody_result_column(r, "lookups")) >= 0 &&
	    cell_number(&r->cell[row * r->ncol + (size_t)k], &n) && n > 0 &&
	    b >= 0 && b <= 1 && fabs(x - b) <= 2 * sqrt(b * (1 - b) / n)) {
		snprintf(out, sizeof(out),
		    "at chance: %.4g is within two standard errors (%.3g) of "
		    "what uniformly random times give (%.4g) for %.0f lookups",
		    x, 2 * sqrt(b * (1 - b) / n), b, n);
		return strdup(out);
	}
	return NULL;
}

static enum custody_code
evaluate(sqlite3 *db, struct custody_claim *c, bool absent_untestable,
    struct custody_error *err)
{
	struct custody_result r = { 0 };
	struct cond cond[8];
	size_t ncond, i, row;
	char why[200], val[256];
	struct custody_buf b, obs;
	bool all = true, any_null = false;
	enum custody_code rc;
	int col0;

	free(c->observed);
	free(c->observed_json);
	free(c->reason);
	free(c->detail_json);
	free(c->evidence_json);
	free(c->chance);
	custody_result_release(&c->result);
	c->observed = c->observed_json = c->reason = c->detail_json =
	    c->evidence_json = NULL;
	c->chance = NULL;
	parse_expect(
	    c->expect, cond, &ncond, 8, why, sizeof(why)); /* checked at load */
	/* A selector that names no evidence is a mistake in the claims file,
	 * not an untestable claim. */
	for (i = 0; i < c->nparam; i++) {
		const char *k = c->param[i].key;

		if ((strcmp(k, "evidence") == 0 ||
		        strcmp(k, "evidence_a") == 0 ||
		        strcmp(k, "evidence_b") == 0) &&
		    custody_query_param(c->q, k) != NULL &&
		    (rc = custody_evidence_select_db(db, c->param[i].value,
		         NULL, NULL, err)) != CUSTODY_OK) {
			if (absent_untestable &&
			    count(db,
			        "SELECT count(*) FROM evidence e WHERE "
			        "evidence_is(?1, e.id, e.source, e.sha256)",
			        c->param[i].value, NULL, NULL, NULL) == 0) {
				c->verdict = CUSTODY_UNTESTABLE;
				c->reason = strdup(err != NULL
				        ? err->msg
				        : "the evidence it names is not"
				          " in the case");
				c->evidence_json = strdup("[]");
				return CUSTODY_OK;
			}
			snprintf(why, sizeof(why), "claim %s: %s", c->id, k);
			return rewrap(err, rc, why);
		}
	}
	c->evidence_json = evidence_used(db, c);
	if ((c->reason = untestable(db, c)) != NULL) {
		c->verdict = CUSTODY_UNTESTABLE;
		return CUSTODY_OK;
	}
	if ((rc = custody_query_run_db(
	         db, c->q, c->param, c->nparam, &r, err)) != CUSTODY_OK) {
		snprintf(why, sizeof(why), "claim %s", c->id);
		return rewrap(err, rc, why);
	}
	row = c->row - 1;
	col0 = c->column != NULL ? custody_result_column(&r, c->column) : 0;
	if (col0 < 0) {
		custody_result_release(&r);
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "claim %s: query %s has no column '%s'", c->id, c->q->name,
		    c->column);
	}
	for (i = 0; i < ncond; i++)
		if (cond[i].column[0] != '\0' &&
		    custody_result_column(&r, cond[i].column) < 0) {
			custody_result_release(&r);
			return custody_fail(err, CUSTODY_ERR_FORMAT,
			    "claim %s: expect names column '%s', "
			    "which query %s does not have",
			    c->id, cond[i].column, c->q->name);
		}
	if (row >= r.nrow) {
		c->verdict = CUSTODY_UNTESTABLE;
		snprintf(val, sizeof(val),
		    "the query gave %zu row%s, and the claim reads row %zu",
		    r.nrow, r.nrow == 1 ? "" : "s", c->row);
		c->reason = strdup(val);
		c->result = r; /* kept: the records of what it did give */
		return CUSTODY_OK;
	}
	/* The expect must compare like with like: a number with a number, text
	 * with text, a date with a time; otherwise the claims file is wrong,
	 * and saying CONTRADICTED would blame the evidence for it. */
	for (i = 0; i < ncond; i++) {
		int col = cond[i].column[0] != '\0'
		    ? custody_result_column(&r, cond[i].column)
		    : col0;
		const struct custody_cell *cell =
		    &r.cell[row * r.ncol + (size_t)col];
		const char *want = NULL;
		int64_t t;

		if (cell->type == CUSTODY_CELL_NULL)
			continue;
		if (cond[i].op == OP_TEXT && cell->type != CUSTODY_CELL_TEXT)
			want = "text ('...')";
		else if (cond[i].op == OP_BETWEEN && cond[i].times &&
		    (cell->type != CUSTODY_CELL_TEXT ||
		        !custody_time_parse(cell->text, &t)))
			want = "dates";
		else if (cond[i].op != OP_TEXT && !cond[i].times &&
		    cell->type == CUSTODY_CELL_TEXT)
			want = "a number";
		if (want != NULL) {
			char shown[80];

			custody_cell_format(cell, shown, sizeof(shown));
			rc = custody_fail(err, CUSTODY_ERR_FORMAT,
			    "claim %s: expect compares column"
			    " '%s' of query %s with %s, but the column holds %s ('%s')",
			    c->id, r.col[col], c->q->name, want,
			    cell->type == CUSTODY_CELL_TEXT ? "text"
			                                    : "numbers",
			    shown);
			custody_result_release(&r);
			return rc;
		}
	}
	custody_buf_init(&b, 1u << 20);
	custody_buf_init(&obs, 4096);
	custody_buf_addstr(&b, "{");
	for (i = 0; i < r.ncol; i++) {
		custody_buf_addstr(&b, i ? "," : "");
		custody_buf_json_str(&b, r.col[i], strlen(r.col[i]));
		custody_buf_addstr(&b, ":");
		custody_cell_json(&b, &r.cell[row * r.ncol + i]);
	}
	custody_buf_addstr(&b, "}");
	c->detail_json = b.data;
	custody_buf_init(&b, 4096);
	custody_cell_json(&b, &r.cell[row * r.ncol + (size_t)col0]);
	c->observed_json = b.data;
	for (i = 0; i < ncond; i++) {
		int col = cond[i].column[0] != '\0'
		    ? custody_result_column(&r, cond[i].column)
		    : col0;
		bool null;

		if (!cond_holds(&cond[i], &r, row, col, &null))
			all = false;
		any_null |= null;
		custody_cell_format(
		    &r.cell[row * r.ncol + (size_t)col], val, sizeof(val));
		custody_buf_printf(&obs, "%s%s%s%s", i ? ", " : "",
		    (ncond > 1 || col != col0) ? r.col[col] : "",
		    (ncond > 1 || col != col0) ? " " : "", null ? "none" : val);
	}
	context(&obs, &r, row, col0, cond, ncond);
	c->observed = obs.data;
	if (any_null) {
		c->verdict = CUSTODY_UNTESTABLE;
		custody_buf_init(&b, 4096);
		custody_buf_addstr(&b,
		    "the query gave no figure (no rows of the kind it counts in "
		    "the window");
		if (custody_result_column(&r, "ttl") >= 0 &&
		    r.cell[row * r.ncol +
		         (size_t)custody_result_column(&r, "ttl")]
		            .type == CUSTODY_CELL_NULL)
			custody_buf_addstr(&b,
			    "; no TTL is known: the case holds no answer for the "
			    "name, and the claim gives no ttl");
		custody_buf_addstr(&b, ")");
		c->reason = b.data;
	} else {
		c->verdict = all ? CUSTODY_SUPPORTED : CUSTODY_CONTRADICTED;
		c->chance = at_chance(&r, row, col0);
	}
	c->result = r; /* kept for the records behind the figure */
	return CUSTODY_OK;
}

enum custody_code
custody_claims_run(struct custody_case *kase, struct custody_claims *cl,
    struct custody_error *err)
{
	sqlite3 *db = custody_case_db(kase);
	char **src = NULL;
	size_t nsrc = 0, i, j;
	enum custody_code rc;

	/* Two records of the same traffic would count every lookup twice: with
	 * several DNS sources in the case, a DNS claim must name its evidence. */
	if ((rc = custody_case_sources(kase, "lookups", &src, &nsrc, err)) !=
	    CUSTODY_OK)
		return rc;
	for (i = 0; i < cl->n; i++) {
		struct custody_claim *c = &cl->claim[i];

		if (nsrc > 1 && param_of(c, "evidence") == NULL &&
		    custody_query_param(c->q, "evidence") != NULL &&
		    (custody_query_needs(c->q, "lookups") ||
		        custody_query_needs(c->q, "responses"))) {
			struct custody_buf b;

			custody_buf_init(&b, 4096);
			for (j = 0; j < nsrc; j++)
				custody_buf_printf(
				    &b, "%s%s", j ? ", " : "", src[j]);
			rc = custody_fail(err, CUSTODY_ERR_FORMAT,
			    "%s:%zu: claim %s: the case holds %zu "
			    "DNS sources (%s); name one with evidence = (here or in [defaults])",
			    cl->path, c->line, c->id, nsrc,
			    b.data != NULL ? b.data : "");
			custody_buf_release(&b);
			goto out;
		}
	}
	for (i = 0; i < cl->n; i++)
		if ((rc = evaluate(db, &cl->claim[i], cl->absent_untestable,
		         err)) != CUSTODY_OK) {
			char where[4200];

			snprintf(where, sizeof(where), "%s:%zu", cl->path,
			    cl->claim[i].line);
			rc = rewrap(err, rc, where);
			goto out;
		}
	rc = CUSTODY_OK;
out:
	for (i = 0; i < nsrc; i++)
		free(src[i]);
	free(src);
	return rc;
}

static void
json_str_or_null(struct custody_buf *b, const char *s)
{
	if (s != NULL)
		custody_buf_json_str(b, s, strlen(s));
	else
		custody_buf_addstr(b, "null");
}

char *
custody_claims_report_json(struct custody_case *kase,
    const struct custody_claims *cl, const char *head)
{
	struct custody_buf b;
	size_t i, j, n[3] = { 0, 0, 0 };
	const char *id = custody_case_id(kase);

	custody_buf_init(&b, 64u << 20);
	custody_buf_addstr(&b, "{\"report\":\"custody-claims/1\",\"case_id\":");
	custody_buf_json_str(&b, id, strlen(id));
	custody_buf_printf(
	    &b, ",\"custody_head\":\"%s\",\"claims_file\":", head);
	custody_buf_json_str(
	    &b, custody_basename(cl->path), strlen(custody_basename(cl->path)));
	custody_buf_addstr(&b, ",\"description\":");
	json_str_or_null(&b, cl->description);
	custody_buf_printf(&b,
	    ",\"claims_sha256\":\"%s\",\"tool\":\"custody %s\","
	    "\"scope\":\"A verdict speaks only about the evidence in this case: SUPPORTED means the "
	    "case's evidence meets the claim's figure, CONTRADICTED that it does not, UNTESTABLE "
	    "that the case holds no evidence of the kind the claim needs.\",\"claims\":[",
	    cl->sha256, CUSTODY_VERSION);
	for (i = 0; i < cl->n; i++) {
		const struct custody_claim *c = &cl->claim[i];

		n[c->verdict]++;
		custody_buf_addstr(&b, i ? ",{\"id\":" : "{\"id\":");
		custody_buf_json_str(&b, c->id, strlen(c->id));
		custody_buf_addstr(&b, ",\"text\":");
		json_str_or_null(&b, c->text);
		custody_buf_addstr(&b, ",\"source\":");
		json_str_or_null(&b, c->source);
		custody_buf_addstr(&b, ",\"note\":");
		json_str_or_null(&b, c->note);
		custody_buf_addstr(&b, ",\"query\":");
		custody_buf_json_str(&b, c->q->name, strlen(c->q->name));
		custody_buf_printf(
		    &b, ",\"query_sha256\":\"%s\",\"params\":{", c->q->sha256);
		for (j = 0; j < c->nparam; j++) {
			custody_buf_addstr(&b, j ? "," : "");
			custody_buf_json_str(
			    &b, c->param[j].key, strlen(c->param[j].key));
			custody_buf_addstr(&b, ":");
			custody_buf_json_str(
			    &b, c->param[j].value, strlen(c->param[j].value));
		}
		custody_buf_addstr(&b, "},\"counts\":");
		custody_buf_json_str(&b, c->q->counts, strlen(c->q->counts));
		custody_buf_addstr(&b, ",\"unit\":");
		json_str_or_null(
		    &b, custody_query_unit(c->q, c->param, c->nparam));
		custody_buf_addstr(&b, ",\"column\":");
		json_str_or_null(&b, c->column);
		custody_buf_printf(&b, ",\"row\":%zu,\"expect\":", c->row);
		custody_buf_json_str(&b, c->expect, strlen(c->expect));
		custody_buf_printf(&b, ",\"observed\":%s,\"observed_text\":",
		    c->observed_json != NULL ? c->observed_json : "null");
		json_str_or_null(&b, c->observed);
		custody_buf_printf(&b,
		    ",\"result\":%s,\"verdict\":\"%s\",\"reason\":",
		    c->detail_json != NULL ? c->detail_json : "null",
		    custody_verdict_name(c->verdict));
		json_str_or_null(&b, c->reason);
		custody_buf_addstr(&b, ",\"at_chance\":");
		json_str_or_null(&b, c->chance);
		if (c->has_records) {
			char safe[80];

			custody_claim_file(c->id, safe, sizeof(safe));
			custody_buf_printf(&b,
			    ",\"records\":{\"count\":%llu,\"csv\":\"records/%s.csv\","
			    "\"html\":\"records/%s.html\",\"sha256\":\"%s\",\"check\":",
			    (unsigned long long)c->nrecords, safe, safe,
			    c->records_sha256);
			json_str_or_null(&b, c->records_check);
			custody_buf_addstr(&b, "}");
		}
		custody_buf_printf(&b, ",\"evidence\":%s}",
		    c->evidence_json != NULL ? c->evidence_json : "[]");
	}
	custody_buf_printf(&b,
	    "],\"supported\":%zu,\"contradicted\":%zu,\"untestable\":%zu}\n",
	    n[CUSTODY_SUPPORTED], n[CUSTODY_CONTRADICTED],
	    n[CUSTODY_UNTESTABLE]);
	return b.data;
}

enum custody_code
custody_claims_record(struct custody_case *kase,
    const struct custody_actor *who, const struct custody_claims *cl,
    const char *report, struct custody_error *err)
{
	struct custody_buf b;
	uint8_t md[CUSTODY_SHA256_LEN];
	char hex[65], subject[80];
	size_t i, j, n[3] = { 0, 0, 0 };
	enum custody_code rc;
	bool ok;

	if ((rc = custody_sha256(report, strlen(report), md, err)) !=
	    CUSTODY_OK)
		return rc;
	custody_hex(md, sizeof(md), hex);
	custody_buf_init(&b, 1u << 20);
	/* Every piece or none: a details line cut short must not be signed. */
	ok = custody_buf_addstr(&b, "{") == CUSTODY_OK &&
	    custody_log_who(&b, kase, who) == CUSTODY_OK &&
	    custody_buf_addstr(&b, ",\"claims_file\":") == CUSTODY_OK &&
	    custody_buf_json_str(&b, custody_basename(cl->path),
	        strlen(custody_basename(cl->path))) == CUSTODY_OK &&
	    custody_buf_printf(&b,
	        ",\"claims_sha256\":\"%s\",\"report_sha256\":\"%s\","
	        "\"queries\":{",
	        cl->sha256, hex) == CUSTODY_OK;
	for (i = 0; ok && i < cl->n; i++) {
		for (j = 0; j < i &&
		     strcmp(cl->claim[j].q->name, cl->claim[i].q->name) != 0;
		     j++)
			;
		n[cl->claim[i].verdict]++;
		if (j < i)
			continue;
		ok = custody_buf_printf(&b, "%s\"%s\":\"%s\"",
		         b.data[b.len - 1] == '{' ? "" : ",",
		         cl->claim[i].q->name,
		         cl->claim[i].q->sha256) == CUSTODY_OK;
	}
	if (!ok ||
	    custody_buf_printf(&b,
	        "},\"claims\":%zu,\"supported\":%zu,\"contradicted\":%zu,"
	        "\"untestable\":%zu,\"result\":\"ok\"}",
	        cl->n, n[CUSTODY_SUPPORTED], n[CUSTODY_CONTRADICTED],
	        n[CUSTODY_UNTESTABLE]) != CUSTODY_OK) {
		custody_buf_release(&b);
		return custody_fail(err, CUSTODY_ERR_LIMIT,
		    "claims event: details over %u bytes", 1u << 20);
	}
	snprintf(subject, sizeof(subject), "sha256:%s", cl->sha256);
	if ((rc = custody_case_begin(kase, err)) == CUSTODY_OK) {
		if ((rc = custody_log_append(kase, who, "claims", subject,
		         b.data, NULL, err)) == CUSTODY_OK)
			rc = custody_case_commit(kase, err);
		else
			custody_case_rollback(kase);
	}
	custody_buf_release(&b);
	return rc;
}
