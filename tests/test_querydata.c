/*
 * test_querydata.c: the fixed queries tested from data files, one cmocka
 * test per tests/data/queries/NAME.qt. Each file holds rows written
 * straight into a scratch case, the query runs with their parameters, and
 * what each must give, so the answer is known before the query runs and a
 * new case is a few lines of text, not C.
 *
 * The format, one statement a line ("#" starts a comment line; a value
 * with spaces is "double quoted"; a file starts from a fresh case holding
 * evidence 1):
 *
 *   org CIDR LO HI NAME...          an orgmap range (NAME: rest of line)
 *   evidence ID LABEL               another evidence item, --source LABEL
 *   label ID LABEL                  sets an evidence item's --source label
 *   dns TIME SRC QNAME [K=V]...     a DNS message: ev=1 qtype=1 qr=0
 *                                   rcode=0 ancount=0 server=NULL unless given
 *   every N STEP dns TIME ...       N such messages, STEP seconds apart
 *   flow TIME SRC DST DPORT EST     a TCP flow of 1 s (EST 1: established)
 *   sql STATEMENT...                any other row (answers, timeline)
 *   rows NAME                       the statements of NAME.rows beside it
 *   reset                           a fresh case again (evidence 1 only)
 *   run QUERY [K=V]...              runs a query; the expects below test it
 *   fail QUERY [K=V]...             the query must be refused (usage error)
 *   expect rows = N
 *   expect ROW COL = VALUE          integer, NULL, or text (rest of line)
 *   expect ROW COL ~ VALUE [TOL]    a number within TOL (1e-9)
 *   expect ROW COL < VALUE          (or >): a number
 *   expect sum COL = N              the column's integers added up
 *   expect error TEXT               the failure's message holds TEXT
 */
#include "querytest.h"

#include <dirent.h>
#include <math.h>

#define MAX_WORDS 40

struct qt {
	const char *file;
	int line;
	sqlite3 *db;
	int loc;   /* loc_index of the next row */
	bool have; /* r holds the result of the last run */
	struct custody_result r;
	char errmsg[512]; /* the message of the last fail */
	bool failed_run;
};

/* Splits s in place into words; quotes group ("a b", k="v w") and go. */
static size_t
words(char *s, char **w, size_t max, const char *file, int line)
{
	size_t n = 0;

	for (;;) {
		bool quoted = false;
		char *o, end;

		s += strspn(s, " \t");
		if (*s == '\0')
			break;
		if (n == max)
			fail_msg("%s:%d: more than %zu words", file, line, max);
		w[n++] = o = s;
		while (*s != '\0' && (quoted || (*s != ' ' && *s != '\t'))) {
			if (*s == '"')
				quoted = !quoted;
			else
				*o++ = *s;
			s++;
		}
		if (quoted)
			fail_msg("%s:%d: unterminated quote", file, line);
		end = *s;
		*o = '\0';
		if (end != '\0')
			s++;
	}
	return n;
}

/* The value of key=... among w[from..n), or def. */
static const char *
opt(char **w, size_t from, size_t n, const char *key, const char *def)
{
	size_t k = strlen(key), i;

	for (i = from; i < n; i++)
		if (strncmp(w[i], key, k) == 0 && w[i][k] == '=')
			return w[i] + k + 1;
	return def;
}

static void
dns(struct qt *t, int64_t time, char **w, size_t n)
{
	const char *server = opt(w, 2, n, "server", NULL);
	char *sql;

	if (n < 2)
		fail_msg("%s:%d: dns TIME SRC QNAME", t->file, t->line);
	sql = sqlite3_mprintf(
	    "INSERT INTO dns_message(evidence_id, loc_index, loc_offset, time_ns, "
	    "src, qr, rcode, qname, qtype, ancount, server) VALUES (%s, %d, 0, %lld, %Q, %s, %s, "
	    "%Q, %s, %s, %Q)",
	    opt(w, 2, n, "ev", "1"), ++t->loc, (long long)time, w[0],
	    opt(w, 2, n, "qr", "0"), opt(w, 2, n, "rcode", "0"), w[1],
	    opt(w, 2, n, "qtype", "1"), opt(w, 2, n, "ancount", "0"), server);
	exec(t->db, sql);
	sqlite3_free(sql);
}

static void
release(struct qt *t)
{
	if (t->have)
		custody_result_release(&t->r);
	t->have = false;
	t->failed_run = false;
}

/* run/fail QUERY K=V...: the parameters as custody_kv (they point into w). */
static void
run_line(struct qt *t, char **w, size_t n, bool must_fail)
{
	struct custody_error err = { 0 };
	struct custody_query *q;
	struct custody_kv kv[MAX_WORDS];
	enum custody_code rc;
	size_t i;

	release(t);
	if (n < 1)
		fail_msg("%s:%d: run QUERY K=V...", t->file, t->line);
	for (i = 1; i < n; i++) {
		char *eq = strchr(w[i], '=');

		if (eq == NULL)
			fail_msg(
			    "%s:%d: %s: expected K=V", t->file, t->line, w[i]);
		*eq = '\0';
		kv[i - 1].key = w[i];
		kv[i - 1].value = eq + 1;
	}
	if (custody_query_load(&q, w[0], &err) != CUSTODY_OK)
		fail_msg("%s:%d: %s", t->file, t->line, err.msg);
	rc = custody_query_run_db(t->db, q, kv, n - 1, &t->r, &err);
	custody_query_free(q);
	if (must_fail) {
		if (rc == CUSTODY_OK) {
			custody_result_release(&t->r);
			fail_msg("%s:%d: %s ran; it should have been refused",
			    t->file, t->line, w[0]);
		}
		if (rc != CUSTODY_ERR_USAGE)
			fail_msg("%s:%d: %s: %s (not a usage error)", t->file,
			    t->line, w[0], err.msg);
		snprintf(t->errmsg, sizeof(t->errmsg), "%s", err.msg);
		t->failed_run = true;
		return;
	}
	if (rc != CUSTODY_OK)
		fail_msg("%s:%d: %s: %s", t->file, t->line, w[0], err.msg);
	t->have = true;
}

static double
number(struct qt *t, const char *s)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || *end != '\0')
		fail_msg("%s:%d: %s is not a number", t->file, t->line, s);
	return v;
}

/* expect ...; rest: the text after "= " for a text value. */
static void
expect(struct qt *t, char **w, size_t n, const char *rest)
{
	const struct custody_result *r = &t->r;
	const struct custody_cell *c;
	char *end;
	unsigned long row;
	int k;

	if (n >= 2 && strcmp(w[0], "error") == 0) {
		if (!t->failed_run)
			fail_msg("%s:%d: expect error after a fail line",
			    t->file, t->line);
		if (strstr(t->errmsg, rest) == NULL)
			fail_msg("%s:%d: the error is \"%s\", without \"%s\"",
			    t->file, t->line, t->errmsg, rest);
		return;
	}
	if (!t->have)
		fail_msg("%s:%d: expect without a run", t->file, t->line);
	if (n == 3 && strcmp(w[0], "rows") == 0 && strcmp(w[1], "=") == 0) {
		if (r->nrow != (size_t)number(t, w[2]))
			fail_msg("%s:%d: %zu rows, expected %s", t->file,
			    t->line, r->nrow, w[2]);
		return;
	}
	if (n == 4 && strcmp(w[0], "sum") == 0 && strcmp(w[2], "=") == 0) {
		int64_t sum = 0;
		size_t i;

		if ((k = custody_result_column(r, w[1])) < 0)
			fail_msg("%s:%d: no column %s", t->file, t->line, w[1]);
		for (i = 0; i < r->nrow; i++)
			sum += r->cell[i * r->ncol + (size_t)k].i;
		if (sum != (int64_t)number(t, w[3]))
			fail_msg("%s:%d: sum of %s is %lld, expected %s",
			    t->file, t->line, w[1], (long long)sum, w[3]);
		return;
	}
	if (n < 4)
		fail_msg("%s:%d: expect ROW COL OP VALUE", t->file, t->line);
	row = strtoul(w[0], &end, 10);
	if (*end != '\0')
		fail_msg(
		    "%s:%d: %s is not a row number", t->file, t->line, w[0]);
	if ((k = custody_result_column(r, w[1])) < 0)
		fail_msg("%s:%d: no column %s", t->file, t->line, w[1]);
	if (row >= r->nrow)
		fail_msg("%s:%d: no row %lu (%zu rows)", t->file, t->line, row,
		    r->nrow);
	c = &r->cell[row * r->ncol + (size_t)k];
	if (strcmp(w[2], "=") == 0) {
		char have[512];

		if (strcmp(rest, "NULL") == 0) {
			if (c->type != CUSTODY_CELL_NULL)
				goto differ;
			return;
		}
		if (c->type == CUSTODY_CELL_INT) {
			if (c->i != (int64_t)number(t, rest))
				goto differ;
			return;
		}
		if (c->type != CUSTODY_CELL_TEXT || strcmp(c->text, rest) != 0)
			goto differ;
		return;
	differ:
		custody_cell_format(c, have, sizeof(have));
		fail_msg("%s:%d: row %lu %s is %s, expected %s", t->file,
		    t->line, row, w[1],
		    c->type == CUSTODY_CELL_NULL ? "NULL" : have, rest);
	}
	if (c->type != CUSTODY_CELL_INT && c->type != CUSTODY_CELL_REAL)
		fail_msg("%s:%d: row %lu %s is not a number", t->file, t->line,
		    row, w[1]);
	{
		double v = c->type == CUSTODY_CELL_REAL ? c->d : (double)c->i;
		double want = number(t, w[3]);
		double tol = n >= 5 ? number(t, w[4]) : 1e-9;
		bool ok = strcmp(w[2], "~") == 0 ? fabs(v - want) < tol
		    : strcmp(w[2], "<") == 0     ? v < want
		    : strcmp(w[2], ">") == 0     ? v > want
		                                 : false;

		if (strcmp(w[2], "~") != 0 && strcmp(w[2], "<") != 0 &&
		    strcmp(w[2], ">") != 0)
			fail_msg("%s:%d: %s: not one of = ~ < >", t->file,
			    t->line, w[2]);
		if (!ok)
			fail_msg(
			    "%s:%d: row %lu %s is %.9g, expected %s %s%s%s",
			    t->file, t->line, row, w[1], v, w[2], w[3],
			    n >= 5 ? " within " : "", n >= 5 ? w[4] : "");
	}
}

static void read_file(struct qt *t, const char *path);

static void
statement(struct qt *t, char *line)
{
	char copy[4096], *w[MAX_WORDS];
	const char *rest;
	size_t n;

	snprintf(copy, sizeof(copy), "%s", line);
	n = words(line, w, MAX_WORDS, t->file, t->line);
	if (n == 0)
		return;
	if (strcmp(w[0], "org") == 0 && n >= 5) {
		char name[512] = "";
		size_t i;

		/* the name: the words after HI, one space apart */
		for (i = 4; i < n; i++)
			snprintf(name + strlen(name),
			    sizeof(name) - strlen(name), "%s%s",
			    i > 4 ? " " : "", w[i]);
		org(t->db, w[2], w[3], w[1], name);
	} else if (strcmp(w[0], "evidence") == 0 && n == 3) {
		char *sql = sqlite3_mprintf(
		    "INSERT INTO evidence(id, sha256, sha512, size, "
		    "original_name, format, parser, parser_version, event_seq, parse_digest, source) "
		    "VALUES (%s, printf('%%064d', %s), 'x', 0, 'e' || %s, 'test', 'test', '0', %s, '', "
		    "%Q)",
		    w[1], w[1], w[1], w[1], w[2]);

		exec(t->db, sql);
		sqlite3_free(sql);
	} else if (strcmp(w[0], "label") == 0 && n == 3) {
		char *sql = sqlite3_mprintf(
		    "UPDATE evidence SET source = %Q WHERE id = %s", w[2],
		    w[1]);

		exec(t->db, sql);
		sqlite3_free(sql);
	} else if (strcmp(w[0], "dns") == 0 && n >= 4) {
		dns(t, ns(w[1]), w + 2, n - 2);
	} else if (strcmp(w[0], "every") == 0 && n >= 7 &&
	    strcmp(w[3], "dns") == 0) {
		long count = (long)number(t, w[1]), i;
		int64_t step = (int64_t)number(t, w[2]) * 1000000000LL,
		        t0 = ns(w[4]);

		for (i = 0; i < count; i++)
			dns(t, t0 + i * step, w + 5, n - 5);
	} else if (strcmp(w[0], "flow") == 0 && n == 6) {
		int64_t t0 = ns(w[1]);
		int est = (int)number(t, w[5]);
		char *sql = sqlite3_mprintf(
		    "INSERT INTO flow(evidence_id, loc_index, loc_offset, "
		    "proto, src, sport, dst, dport, first_ns, last_ns, packets, bytes_fwd, bytes_rev, "
		    "syn, synack, rst, established) VALUES (1, %d, 0, 'tcp', %Q, 40000, %Q, %s, %lld, "
		    "%lld, 3, 0, 0, 1, %d, %d, %d)",
		    ++t->loc, w[2], w[3], w[4], (long long)t0,
		    (long long)t0 + 1000000000, est, !est, est);

		exec(t->db, sql);
		sqlite3_free(sql);
	} else if (strcmp(w[0], "sql") == 0) {
		exec(t->db, copy + (strstr(copy, "sql") - copy) + 3);
	} else if (strcmp(w[0], "rows") == 0 && n == 2) {
		struct qt sub = *t;
		char path[4200];

		snprintf(path, sizeof(path), "%s/%s.rows",
		    tu_path("tests/data/queries"), w[1]);
		sub.line = 0;
		read_file(&sub, path);
		t->loc = sub.loc;
	} else if (strcmp(w[0], "reset") == 0 && n == 1) {
		release(t);
		sqlite3_close(t->db);
		t->db = qdb();
		t->loc = 0;
	} else if (strcmp(w[0], "run") == 0) {
		run_line(t, w + 1, n - 1, false);
	} else if (strcmp(w[0], "fail") == 0) {
		run_line(t, w + 1, n - 1, true);
	} else if (strcmp(w[0], "expect") == 0) {
		/* the text after "= " (or after "error "), unsplit */
		rest = strstr(copy,
		    n >= 2 && strcmp(w[1], "error") == 0 ? "error " : "= ");
		rest = rest != NULL
		    ? rest + (strcmp(w[1], "error") == 0 ? 6 : 2)
		    : "";
		expect(t, w + 1, n - 1, rest);
	} else {
		fail_msg("%s:%d: cannot read: %s", t->file, t->line, copy);
	}
}

/* Runs the statements of path against t's case. */
static void
read_file(struct qt *t, const char *path)
{
	char line[4096];
	FILE *fp;

	t->file = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
	if ((fp = fopen(path, "r")) == NULL)
		fail_msg("%s: cannot open", path);
	while (fgets(line, sizeof(line), fp) != NULL) {
		size_t len = strlen(line);

		t->line++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (line[0] == '#' || line[strspn(line, " \t")] == '\0')
			continue;
		statement(t, line);
	}
	fclose(fp);
}

static void
test_file(void **state)
{
	struct qt t = { 0 };

	t.db = qdb(); /* evidence 1, no label unless a file gives one */
	read_file(&t, *state);
	release(&t);
	sqlite3_close(t.db);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(void)
{
	struct CMUnitTest *tests = NULL;
	char **paths = NULL, dir[4096];
	struct dirent *e;
	size_t n = 0, i;
	DIR *d;
	int rc;

	snprintf(dir, sizeof(dir), "%s", tu_path("tests/data/queries"));
	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "%s: cannot open\n", dir);
		return 1;
	}
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);

		if (len < 4 || strcmp(e->d_name + len - 3, ".qt") != 0)
			continue;
		paths = realloc(paths, (n + 1) * sizeof(*paths));
		assert_non_null(paths);
		paths[n] = malloc(strlen(dir) + len + 2);
		assert_non_null(paths[n]);
		snprintf(
		    paths[n], strlen(dir) + len + 2, "%s/%s", dir, e->d_name);
		n++;
	}
	closedir(d);
	qsort(paths, n, sizeof(*paths), by_name);
	tests = calloc(n + 1, sizeof(*tests));
	assert_non_null(tests);
	for (i = 0; i < n; i++) {
		tests[i].name = strrchr(paths[i], '/') + 1;
		tests[i].test_func = test_file;
		tests[i].initial_state = paths[i];
	}
	rc = n == 0
	    ? 1
	    : _cmocka_run_group_tests("querydata", tests, n, NULL, NULL);
	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	free(tests);
	return rc;
}
