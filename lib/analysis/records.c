/*
 * records.c: from a figure to the records behind it.
 *
 * Each fixed query schema/queries/NAME.sql has a records query
 * schema/records/NAME.sql with the same parameters. It returns one row per
 * stored record that a figure of the query counts, with these columns:
 *
 *   tbl, id                   the record's table and row id
 *   evidence_id, loc_index,   its original and locator (line or packet
 *   loc_offset                number, byte offset)
 *   part                      its side of a figure ("numerator", "denominator
 *                             only", "accepted" ...), or NULL
 *   grp                       its group, for figures by group, or NULL
 *
 * ordered by part, grp, evidence and locator. Its header says what one
 * record is, what the parts mean, which result columns name a group, and
 * which figure counts which records:
 *
 *   -- count lookups: all             every record
 *   -- count lookups: part numerator  the records of these parts (A|B)
 *   -- count lookups: group           per result row, the records of its group
 *   -- count answers: group part A    the same, of part A only
 *   -- count sources: groups          how many groups there are
 *   -- count max: largest group       the records of the largest group
 *
 * custody_records_check() tests those lines against the query's result on
 * every run, so a records query that drifts from its figure is caught
 * where it is used, not only in the tests. A record is printed as its
 * canonical text (the line the parse digest hashes, sinkcodec.c), so what is
 * listed is what the digest proves was derived from the original.
 *
 * A records query repeats its query's selection (the same WHERE, the same
 * evidence selector "sel" CTE), so a change to how a query selects must be
 * made in both files; the count lines catch a difference on the first run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"

#define RECORDS_DIR "schema/records/"

static const char *const tables[] = { "dns_message", "dns_answer", "flow",
	"orgmap", "timeline", "flow_state", "pdns", NULL };

void
custody_records_free(struct custody_records *rq)
{
	size_t i;

	if (rq == NULL)
		return;
	for (i = 0; i < rq->ncount; i++) {
		free(rq->count[i].column);
		free(rq->count[i].rule);
	}
	free(rq->count);
	free(rq->name);
	free(rq->what);
	free(rq->parts);
	free(rq->group);
	free(rq);
}

static bool
valid_rule(const char *r)
{
	return strcmp(r, "all") == 0 || strcmp(r, "group") == 0 ||
	    strcmp(r, "groups") == 0 ||
	    (strncmp(r, "group part ", 11) == 0 && r[11] != '\0') ||
	    strcmp(r, "largest group") == 0 ||
	    (strncmp(r, "part ", 5) == 0 && r[5] != '\0');
}

static enum custody_code
parse_header(struct custody_records *rq, struct custody_error *err)
{
	const char *p = rq->text, *end = rq->text + rq->len;
	size_t lineno = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *colon, *v;
		size_t n = (size_t)((nl != NULL ? nl : end) - p), kn, vn;
		char **field = NULL;

		lineno++;
		if (n < 3 || strncmp(p, "-- ", 3) != 0)
			break;
		if ((colon = memchr(p, ':', n)) == NULL)
			return custody_fail(err, CUSTODY_ERR_FORMAT,
			    RECORDS_DIR "%s.sql:%zu: header "
			                "line without \"key: value\"",
			    rq->name, lineno);
		kn = (size_t)(colon - (p + 3));
		v = colon + 1;
		while (v < p + n && *v == ' ')
			v++;
		vn = (size_t)(p + n - v);
		if (kn == 4 && strncmp(p + 3, "name", 4) == 0) {
			if (vn != strlen(rq->name) ||
			    strncmp(v, rq->name, vn) != 0)
				return custody_fail(err, CUSTODY_ERR_FORMAT,
				    RECORDS_DIR "%s.sql:%zu: name "
				                "differs from the file name",
				    rq->name, lineno);
		} else if (kn == 7 && strncmp(p + 3, "records", 7) == 0) {
			field = &rq->what;
		} else if (kn == 5 && strncmp(p + 3, "parts", 5) == 0) {
			field = &rq->parts;
		} else if (kn == 5 && strncmp(p + 3, "group", 5) == 0) {
			field = &rq->group;
		} else if (kn > 6 && strncmp(p + 3, "count ", 6) == 0) {
			struct custody_records_count *c =
			    realloc(rq->count, (rq->ncount + 1) * sizeof(*c));

			if (c == NULL)
				return custody_fail(
				    err, CUSTODY_ERR_NOMEM, "out of memory");
			rq->count = c;
			c = &rq->count[rq->ncount++];
			c->column = strndup(p + 9, kn - 6);
			c->rule = strndup(v, vn);
			if (c->column == NULL || c->rule == NULL)
				return custody_fail(
				    err, CUSTODY_ERR_NOMEM, "out of memory");
			if (!valid_rule(c->rule))
				return custody_fail(err, CUSTODY_ERR_FORMAT,
				    RECORDS_DIR "%s.sql:%zu: '%s' "
				                "is not a count rule",
				    rq->name, lineno, c->rule);
		} else {
			return custody_fail(err, CUSTODY_ERR_FORMAT,
			    RECORDS_DIR "%s.sql:%zu: unknown "
			                "header key '%.*s'",
			    rq->name, lineno, (int)kn, p + 3);
		}
		if (field != NULL &&
		    (*field != NULL || (*field = strndup(v, vn)) == NULL))
			return custody_fail(err,
			    *field == NULL ? CUSTODY_ERR_NOMEM
			                   : CUSTODY_ERR_FORMAT,
			    RECORDS_DIR
			    "%s.sql:%zu: a key given twice, or no memory",
			    rq->name, lineno);
		p = nl != NULL ? nl + 1 : end;
	}
	if (rq->what == NULL)
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    RECORDS_DIR "%s.sql: the header needs "
		                "\"-- records:\"",
		    rq->name);
	return CUSTODY_OK;
}

enum custody_code
custody_records_load(
    struct custody_records **out, const char *name, struct custody_error *err)
{
	struct custody_records *rq;
	uint8_t md[CUSTODY_SHA256_LEN];
	char path[160];
	enum custody_code rc;

	*out = NULL;
	if (strlen(name) > 64 || strchr(name, '/') != NULL)
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "'%.64s' is not a query name", name);
	if ((rq = calloc(1, sizeof(*rq))) == NULL ||
	    (rq->name = strdup(name)) == NULL) {
		free(rq);
		return custody_fail(err, CUSTODY_ERR_NOMEM, "out of memory");
	}
	snprintf(path, sizeof(path), RECORDS_DIR "%s.sql", name);
	if ((rq->text = custody_embedded_text(path, &rq->len)) == NULL) {
		custody_records_free(rq);
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "query %s has no records query", name);
	}
	if ((rc = custody_sha256(rq->text, rq->len, md, err)) != CUSTODY_OK ||
	    (rc = parse_header(rq, err)) != CUSTODY_OK) {
		custody_records_free(rq);
		return rc;
	}
	custody_hex(md, sizeof(md), rq->sha256);
	*out = rq;
	return CUSTODY_OK;
}

/* ------------------------------------------------------------ running */

struct evinfo {
	int64_t id;
	char sha256[65];
	char *name, *format;
};

struct run {
	sqlite3 *db;
	struct evinfo *ev;
	size_t nev;
	sqlite3_stmt *canon[8]; /* per table of tables[] */
	int ncols[8];
	struct custody_buf text;
	struct custody_records_summary *sum;
	struct custody_error *err;
};

static enum custody_code
load_evidence(struct run *r)
{
	sqlite3_stmt *st;
	enum custody_code rc;

	if ((rc = custody_db_prepare(r->db,
	         "SELECT id, sha256, original_name, format FROM evidence "
	         "ORDER BY id",
	         &st, r->err)) != CUSTODY_OK)
		return rc;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct evinfo *e = realloc(r->ev, (r->nev + 1) * sizeof(*e));
		const char *sha = (const char *)sqlite3_column_text(st, 1);
		const char *name = (const char *)sqlite3_column_text(st, 2);
		const char *fmt = (const char *)sqlite3_column_text(st, 3);

		if (e == NULL) {
			sqlite3_finalize(st);
			return custody_fail(
			    r->err, CUSTODY_ERR_NOMEM, "out of memory");
		}
		r->ev = e;
		e = &r->ev[r->nev++];
		e->id = sqlite3_column_int64(st, 0);
		snprintf(
		    e->sha256, sizeof(e->sha256), "%s", sha != NULL ? sha : "");
		e->name = strdup(name != NULL ? name : "");
		e->format = strdup(fmt != NULL ? fmt : "");
		if (e->name == NULL || e->format == NULL) {
			sqlite3_finalize(st);
			return custody_fail(
			    r->err, CUSTODY_ERR_NOMEM, "out of memory");
		}
	}
	sqlite3_finalize(st);
	return CUSTODY_OK;
}

static const struct evinfo *
find_evidence(const struct run *r, int64_t id)
{
	size_t lo = 0, hi = r->nev;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (r->ev[mid].id == id)
			return &r->ev[mid];
		if (r->ev[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The canonical text of row id of table t into r->text. */
static enum custody_code
canon_text(struct run *r, size_t t, int64_t id)
{
	sqlite3_stmt *st;
	enum custody_code rc;
	int step;

	if (r->canon[t] == NULL) {
		struct custody_buf sql;

		custody_buf_init(&sql, 8192);
		custody_buf_addstr(&sql, "SELECT ");
		if ((rc = custody_canon_columns(r->db, tables[t], &sql,
		         &r->ncols[t], r->err)) != CUSTODY_OK) {
			custody_buf_release(&sql);
			return rc;
		}
		custody_buf_printf(
		    &sql, " FROM \"%s\" WHERE id = ?1", tables[t]);
		rc = custody_db_prepare(r->db, sql.data, &r->canon[t], r->err);
		custody_buf_release(&sql);
		if (rc != CUSTODY_OK)
			return rc;
	}
	st = r->canon[t];
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, id);
	custody_buf_reset(&r->text);
	if ((step = sqlite3_step(st)) != SQLITE_ROW)
		return step == SQLITE_DONE
		    ? custody_fail(r->err, CUSTODY_ERR_DB,
		          "%s row %lld "
		          "vanished while its records were listed",
		          tables[t], (long long)id)
		    : custody_fail_sqlite(r->err, r->db, "reading a record");
	custody_canon_row(&r->text, st, 0, r->ncols[t]);
	if (r->text.data == NULL &&
	    custody_buf_add(&r->text, "", 0) != CUSTODY_OK)
		return custody_fail(r->err, CUSTODY_ERR_NOMEM, "out of memory");
	return CUSTODY_OK;
}

static bool
same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* The set of (part, group), a new one when they differ from the last. */
static struct custody_records_set *
set_for(struct custody_records_summary *s, const char *part, const char *group)
{
	struct custody_records_set *v;

	if (s->nset > 0 && same(s->set[s->nset - 1].part, part) &&
	    same(s->set[s->nset - 1].group, group))
		return &s->set[s->nset - 1];
	if ((v = realloc(s->set, (s->nset + 1) * sizeof(*v))) == NULL)
		return NULL;
	s->set = v;
	v = &s->set[s->nset];
	memset(v, 0, sizeof(*v));
	if ((part != NULL && (v->part = strdup(part)) == NULL) ||
	    (group != NULL && (v->group = strdup(group)) == NULL)) {
		free(v->part);
		return NULL;
	}
	s->nset++;
	return v;
}

void
custody_records_summary_release(struct custody_records_summary *s)
{
	size_t i;

	for (i = 0; i < s->nset; i++) {
		free(s->set[i].part);
		free(s->set[i].group);
	}
	free(s->set);
	memset(s, 0, sizeof(*s));
}

enum custody_code
custody_records_run(struct custody_case *c, const struct custody_records *rq,
    const struct custody_query *q, const struct custody_kv *kv, size_t n,
    uint64_t limit, int (*fn)(const struct custody_record *r, void *arg),
    void *arg, struct custody_records_summary *out, struct custody_error *err)
{
	static const char *const want[] = { "tbl", "id", "evidence_id",
		"loc_index", "loc_offset", "part", "grp" };
	struct run r;
	sqlite3_stmt *st = NULL;
	enum custody_code rc;
	size_t i;
	int step;

	memset(out, 0, sizeof(*out));
	memset(&r, 0, sizeof(r));
	r.db = custody_case_db(c);
	r.sum = out;
	r.err = err;
	custody_buf_init(&r.text, 64u << 20);
	if ((rc = custody_query_check_params(q, kv, n, err)) != CUSTODY_OK ||
	    (rc = load_evidence(&r)) != CUSTODY_OK)
		goto out;
	if (sqlite3_prepare_v2(r.db, rq->text, (int)rq->len, &st, NULL) !=
	    SQLITE_OK) {
		rc = custody_fail(err, CUSTODY_ERR_DB, RECORDS_DIR "%s.sql: %s",
		    rq->name, sqlite3_errmsg(r.db));
		goto out;
	}
	if (sqlite3_column_count(st) != 7) {
		rc = custody_fail(err, CUSTODY_ERR_FORMAT,
		    RECORDS_DIR "%s.sql: %d columns, not "
		                "the 7 a records query gives",
		    rq->name, sqlite3_column_count(st));
		goto out;
	}
	for (i = 0; i < 7; i++)
		if (strcmp(sqlite3_column_name(st, (int)i), want[i]) != 0) {
			rc = custody_fail(err, CUSTODY_ERR_FORMAT,
			    RECORDS_DIR "%s.sql: column %zu is "
			                "%s, not %s",
			    rq->name, i + 1, sqlite3_column_name(st, (int)i),
			    want[i]);
			goto out;
		}
	if ((rc = custody_query_bind(st, q, kv, n, err)) != CUSTODY_OK)
		goto out;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *tbl = (const char *)sqlite3_column_text(st, 0);
		const char *part = (const char *)sqlite3_column_text(st, 5);
		const char *grp = (const char *)sqlite3_column_text(st, 6);
		struct custody_records_set *set;
		struct custody_record rec;
		const struct evinfo *e;
		size_t t;

		for (t = 0; tables[t] != NULL &&
		     (tbl == NULL || strcmp(tables[t], tbl) != 0);
		     t++)
			;
		if (tables[t] == NULL) {
			rc = custody_fail(err, CUSTODY_ERR_FORMAT,
			    RECORDS_DIR "%s.sql: '%s' is not a "
			                "record table",
			    rq->name, tbl != NULL ? tbl : "NULL");
			goto out;
		}
		if ((set = set_for(out, part, grp)) == NULL) {
			rc = custody_fail(
			    err, CUSTODY_ERR_NOMEM, "out of memory");
			goto out;
		}
		set->n++;
		out->total++;
		if (fn == NULL)
			continue;
		memset(&rec, 0, sizeof(rec));
		rec.table = tables[t];
		rec.evidence_id = sqlite3_column_int64(st, 2);
		rec.loc_index = (uint64_t)sqlite3_column_int64(st, 3);
		rec.loc_offset = (uint64_t)sqlite3_column_int64(st, 4);
		rec.part = part;
		rec.group = grp;
		rec.seq = set->n;
		if ((e = find_evidence(&r, rec.evidence_id)) != NULL) {
			rec.sha256 = e->sha256;
			rec.name = e->name;
			rec.format = e->format;
		} else {
			rec.sha256 = rec.name = rec.format = "";
		}
		rec.packet = strcmp(rec.format, "pcap") == 0;
		snprintf(rec.locator, sizeof(rec.locator), "%lld%c%llu",
		    (long long)rec.evidence_id, rec.packet ? '#' : ':',
		    (unsigned long long)rec.loc_index);
		if (limit == 0 || set->n <= limit) {
			if ((rc = canon_text(&r, t,
			         sqlite3_column_int64(st, 1))) != CUSTODY_OK)
				goto out;
			rec.text = r.text.data;
		}
		if (fn(&rec, arg) != 0)
			break;
	}
	if (step != SQLITE_DONE && step != SQLITE_ROW) {
		rc = custody_fail(err,
		    sqlite3_errcode(r.db) == SQLITE_ERROR ? CUSTODY_ERR_USAGE
		                                          : CUSTODY_ERR_DB,
		    "records of query %s: %s", q->name, sqlite3_errmsg(r.db));
		goto out;
	}
	rc = CUSTODY_OK;
out:
	sqlite3_finalize(st);
	for (i = 0; i < sizeof(r.canon) / sizeof(r.canon[0]); i++)
		sqlite3_finalize(r.canon[i]);
	for (i = 0; i < r.nev; i++) {
		free(r.ev[i].name);
		free(r.ev[i].format);
	}
	free(r.ev);
	custody_buf_release(&r.text);
	if (rc != CUSTODY_OK)
		custody_records_summary_release(out);
	return rc;
}

/* ------------------------------------------------------------ checking */

static bool
part_listed(const char *parts, const char *part)
{
	size_t n;

	if (part == NULL)
		return false;
	n = strlen(part);
	while (*parts != '\0') {
		const char *bar = strchr(parts, '|');
		size_t k = bar != NULL ? (size_t)(bar - parts) : strlen(parts);

		if (k == n && strncmp(parts, part, n) == 0)
			return true;
		parts += k;
		if (*parts == '|')
			parts++;
	}
	return false;
}

uint64_t
custody_records_in_parts(
    const struct custody_records_summary *s, const char *parts)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < s->nset; i++)
		if (part_listed(parts, s->set[i].part))
			n += s->set[i].n;
	return n;
}

/* The group key of result row: the group columns' cells joined by " / ",
 * NULL as "-" (as the records queries write grp). */
static bool
row_group(const struct custody_records *rq, const struct custody_result *res,
    size_t row, char *out, size_t outlen)
{
	char cols[256], *p, *save = NULL;
	size_t used = 0;

	snprintf(cols, sizeof(cols), "%s", rq->group);
	out[0] = '\0';
	for (p = strtok_r(cols, " ", &save); p != NULL;
	     p = strtok_r(NULL, " ", &save)) {
		int k = custody_result_column(res, p);
		char cell[256];

		if (k < 0)
			return false;
		if (res->cell[row * res->ncol + (size_t)k].type ==
		    CUSTODY_CELL_NULL)
			snprintf(cell, sizeof(cell), "-");
		else
			custody_cell_format(
			    &res->cell[row * res->ncol + (size_t)k], cell,
			    sizeof(cell));
		used += (size_t)snprintf(
		    out + used, outlen - used, "%s%s", used ? " / " : "", cell);
		if (used >= outlen)
			return false;
	}
	return true;
}

static bool part_listed(const char *parts, const char *part);

/* Records of group (all of them, or of parts when it is not NULL). */
static uint64_t
in_group(const struct custody_records_summary *s, const char *group,
    const char *parts)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < s->nset; i++)
		if (s->set[i].group != NULL &&
		    strcmp(s->set[i].group, group) == 0 &&
		    (parts == NULL || part_listed(parts, s->set[i].part)))
			n += s->set[i].n;
	return n;
}

static bool
cell_count(
    const struct custody_result *res, size_t row, const char *col, int64_t *out)
{
	int k = custody_result_column(res, col);
	const struct custody_cell *c;

	if (k < 0 || row >= res->nrow)
		return false;
	c = &res->cell[row * res->ncol + (size_t)k];
	if (c->type == CUSTODY_CELL_NULL) {
		*out = 0; /* no figure: no records */
		return true;
	}
	if (c->type != CUSTODY_CELL_INT)
		return false;
	*out = c->i;
	return true;
}

bool
custody_records_check(const struct custody_records *rq,
    const struct custody_result *res, const struct custody_records_summary *s,
    char **msg)
{
	struct custody_buf b;
	bool ok = true;
	size_t i, j, row;

	custody_buf_init(&b, 1u << 20);
	for (i = 0; i < rq->ncount && ok; i++) {
		const struct custody_records_count *c = &rq->count[i];
		uint64_t have = 0;
		int64_t fig;

		if (strncmp(c->rule, "group", 5) == 0 &&
		    strcmp(c->rule, "groups") != 0) {
			const char *parts =
			    strncmp(c->rule, "group part ", 11) == 0
			    ? c->rule + 11
			    : NULL;

			for (row = 0; row < res->nrow && ok; row++) {
				char key[512];

				if (rq->group == NULL ||
				    !row_group(
				        rq, res, row, key, sizeof(key)) ||
				    !cell_count(res, row, c->column, &fig)) {
					custody_buf_printf(&b,
					    "%s: row %zu has no group or count\n",
					    c->column, row + 1);
					ok = false;
				} else if ((uint64_t)fig !=
				    (have = in_group(s, key, parts))) {
					custody_buf_printf(&b,
					    "%s %lld for %s, but %llu records\n",
					    c->column, (long long)fig, key,
					    (unsigned long long)have);
					ok = false;
				}
			}
			if (ok) {
				/* Every record's group is a row of the result. */
				for (j = 0, have = 0; j < s->nset; j++)
					if (parts == NULL ||
					    part_listed(parts, s->set[j].part))
						have += s->set[j].n;
				for (row = 0, fig = 0; row < res->nrow; row++) {
					int64_t v;

					if (cell_count(res, row, c->column, &v))
						fig += v;
				}
				if ((uint64_t)fig != have) {
					custody_buf_printf(&b,
					    "%s sums to %lld over the rows, but %llu "
					    "records\n",
					    c->column, (long long)fig,
					    (unsigned long long)have);
					ok = false;
				} else {
					custody_buf_printf(&b,
					    "%s: each of %zu rows counts the %llu records "
					    "of its group\n",
					    c->column, res->nrow,
					    (unsigned long long)have);
				}
			}
			continue;
		}
		if (!cell_count(res, 0, c->column, &fig)) {
			if (res->nrow ==
			    0) /* no row, no figure: nothing to count */
				continue;
			custody_buf_printf(
			    &b, "%s: not a count in the result\n", c->column);
			ok = false;
			continue;
		}
		if (strcmp(c->rule, "all") == 0) {
			have = s->total;
		} else if (strcmp(c->rule, "groups") == 0) {
			/* distinct groups, over sets in group order */
			for (j = 0; j < s->nset; j++) {
				size_t k;

				for (k = 0; k < j &&
				     !same(s->set[k].group, s->set[j].group);
				     k++)
					;
				have += k == j && s->set[j].group != NULL;
			}
		} else if (strcmp(c->rule, "largest group") == 0) {
			for (j = 0; j < s->nset; j++) {
				uint64_t g = s->set[j].group != NULL
				    ? in_group(s, s->set[j].group, NULL)
				    : 0;

				if (g > have)
					have = g;
			}
		} else {
			have = custody_records_in_parts(s, c->rule + 5);
		}
		if ((uint64_t)fig != have) {
			custody_buf_printf(&b,
			    "%s is %lld, but %llu records (%s)\n", c->column,
			    (long long)fig, (unsigned long long)have, c->rule);
			ok = false;
		} else if (strcmp(c->rule, "groups") == 0) {
			custody_buf_printf(&b,
			    "%s = %lld: the records fall in %llu groups\n",
			    c->column, (long long)fig,
			    (unsigned long long)have);
		} else if (strcmp(c->rule, "largest group") == 0) {
			custody_buf_printf(&b,
			    "%s = %lld: the largest group has %llu records\n",
			    c->column, (long long)fig,
			    (unsigned long long)have);
		} else {
			custody_buf_printf(&b, "%s = %lld: %llu records (%s)\n",
			    c->column, (long long)fig, (unsigned long long)have,
			    c->rule);
		}
	}
	if (msg != NULL)
		*msg = b.data != NULL ? b.data : strdup("");
	else
		custody_buf_release(&b);
	return ok;
}

/* ------------------------------------------------------------ CSV */

void
custody_csv_field(struct custody_buf *b, const char *s)
{
	if (s == NULL)
		return;
	if (strpbrk(s, ",\"\r\n") == NULL) {
		custody_buf_addstr(b, s);
		return;
	}
	custody_buf_addstr(b, "\"");
	for (; *s != '\0'; s++) {
		if (*s == '"')
			custody_buf_addstr(b, "\"");
		custody_buf_add(b, s, 1);
	}
	custody_buf_addstr(b, "\"");
}

void
custody_records_csv_header(struct custody_buf *b)
{
	custody_buf_addstr(b,
	    "part,group,locator,offset,evidence,sha256_prefix,original,table,"
	    "record\n");
}

void
custody_records_csv_row(struct custody_buf *b, const struct custody_record *r)
{
	custody_csv_field(b, r->part);
	custody_buf_addstr(b, ",");
	custody_csv_field(b, r->group);
	custody_buf_printf(b, ",%s,%llu,%lld,%.16s,", r->locator,
	    (unsigned long long)r->loc_offset, (long long)r->evidence_id,
	    r->sha256);
	custody_csv_field(b, r->name);
	custody_buf_printf(b, ",%s,", r->table);
	custody_csv_field(b, r->text);
	custody_buf_addstr(b, "\n");
}
