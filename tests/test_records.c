/*
 * test_records.c: the records behind a figure (records.c), the mark of
 * synthetic evidence (mark.c) and locators (show.c).
 *
 * Every fixed query has a records query that prepares on the schema and
 * gives the seven columns a records query gives; on a small case the
 * records of a count and of a share are the rows the figure counts, as
 * canonical text, and their count lines hold; a records summary that does
 * not add up to its figure is caught. The mark is found where custody
 * synth puts it and nowhere else; locators parse and bad ones are named.
 */
#define _XOPEN_SOURCE 700
#include "testutil.h"

#include <ftw.h>

static char dir[256];
static struct custody_case *kase;
static struct custody_key *key;

static int
rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	chmod(p, 0700);
	return remove(p);
}

static void
exec(const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(custody_case_db(kase), sql, NULL, NULL, &msg) !=
	    SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
}

static int
setup(void **state)
{
	struct custody_error err = { 0 };
	struct custody_actor who;
	char path[300];

	(void)state;
	snprintf(dir, sizeof(dir), "%s/custody-records-XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/case", dir);
	assert_int_equal(custody_key_generate(&key, &err), CUSTODY_OK);
	who.key = key;
	who.now_ns = 1700000000000000000;
	assert_int_equal(
	    custody_case_create(&kase, path, "t", "tester", &who, &err),
	    CUSTODY_OK);
	exec(
	    "INSERT INTO evidence(id, sha256, sha512, size, original_name, format, parser, "
	    "parser_version, event_seq, parse_digest, source) VALUES (1, 'aa11', 'x', 1, 'ns1.log', "
	    "'csv', 'csv', '1', 1, '', 'logs'), (2, 'bb22', 'x', 1, 'orgs.csv', 'orgmap', 'orgmap', "
	    "'1', 1, '', NULL), (3, 'cc33', 'x', 1, 'cap.pcap', 'pcap', 'pcap', '1', 1, '', 'cap')");
	exec(
	    "INSERT INTO orgmap(evidence_id, loc_index, loc_offset, cidr, family, net_lo, net_hi, "
	    "org, source) VALUES (2, 2, 0, '192.0.2.0/28', 4, addr_key('192.0.2.0'), "
	    "addr_key('192.0.2.15'), 'Alfa Bank', 'test')");
	/* 3 lookups from Alfa and 1 from elsewhere in the log; 1 in the capture */
	exec(
	    "INSERT INTO dns_message(evidence_id, loc_index, loc_offset, time_ns, src, qr, qname, "
	    "qtype) VALUES (1, 2, 20, 1462356000000000000, '192.0.2.1', 0, 'mail1.example.com', 1), "
	    "(1, 3, 40, 1462442400000000000, '192.0.2.2', 0, 'mail1.example.com', 1), "
	    "(1, 4, 80, 1462528800000000000, '192.0.2.2', 0, 'mail1.example.com', 1), "
	    "(1, 5, 120, 1462615200000000000, '198.51.100.1', 0, 'mail1.example.com', 1), "
	    "(3, 7, 900, 1462615200000000000, '192.0.2.1', 0, 'mail1.example.com', 1)");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	custody_case_free(kase);
	custody_key_free(key);
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}

static void
every_query_has_a_records_query_that_prepares(void **state)
{
	const char *const *names = custody_query_names();
	static const char *const cols[] = { "tbl", "id", "evidence_id",
		"loc_index", "loc_offset", "part", "grp" };
	struct custody_error err = { 0 };
	size_t i, k, n = 0;

	(void)state;
	for (i = 0; names[i] != NULL; i++, n++) {
		struct custody_records *rq = NULL;
		sqlite3_stmt *st = NULL;

		if (custody_records_load(&rq, names[i], &err) != CUSTODY_OK)
			fail_msg("%s: %s", names[i], err.msg);
		if (sqlite3_prepare_v2(custody_case_db(kase), rq->text,
		        (int)rq->len, &st, NULL) != SQLITE_OK)
			fail_msg("schema/records/%s.sql: %s", names[i],
			    sqlite3_errmsg(custody_case_db(kase)));
		assert_int_equal(sqlite3_column_count(st), 7);
		for (k = 0; k < 7; k++)
			assert_string_equal(
			    sqlite3_column_name(st, (int)k), cols[k]);
		assert_non_null(rq->what);
		sqlite3_finalize(st);
		custody_records_free(rq);
	}
	assert_true(n >= 28);
}

struct seen {
	size_t n;
	char loc[8][48], part[8][32], text[8][512];
};

static int
keep(const struct custody_record *r, void *arg)
{
	struct seen *s = arg;

	if (s->n < 8) {
		snprintf(s->loc[s->n], sizeof(s->loc[0]), "%s", r->locator);
		snprintf(s->part[s->n], sizeof(s->part[0]), "%s",
		    r->part != NULL ? r->part : "");
		snprintf(s->text[s->n], sizeof(s->text[0]), "%s",
		    r->text != NULL ? r->text : "");
	}
	s->n++;
	return 0;
}

/* Runs query name with kv: its result, its records (into seen), the check. */
static bool
run(const char *name, const struct custody_kv *kv, size_t n, struct seen *seen,
    struct custody_records_summary *sum, char **msg)
{
	struct custody_error err = { 0 };
	struct custody_query *q = NULL;
	struct custody_records *rq = NULL;
	struct custody_result r = { 0 };
	bool ok;

	memset(seen, 0, sizeof(*seen));
	assert_int_equal(custody_query_load(&q, name, &err), CUSTODY_OK);
	assert_int_equal(custody_records_load(&rq, name, &err), CUSTODY_OK);
	if (custody_query_run(kase, q, kv, n, &r, &err) != CUSTODY_OK ||
	    custody_records_run(kase, rq, q, kv, n, 0, keep, seen, sum, &err) !=
	        CUSTODY_OK)
		fail_msg("%s: %s", name, err.msg);
	ok = custody_records_check(rq, &r, sum, msg);
	custody_result_release(&r);
	custody_records_free(rq);
	custody_query_free(q);
	return ok;
}

static void
records_of_a_count_are_its_rows_as_canonical_text(void **state)
{
	struct custody_kv kv[] = { { "host", "mail1.example.com" },
		{ "org", "Alfa Bank" }, { "evidence", "logs" } };
	struct custody_records_summary sum;
	struct seen s;
	char *msg = NULL;

	(void)state;
	assert_true(run("lookup_count", kv, 3, &s, &sum, &msg));
	assert_int_equal(sum.total, 3);
	assert_int_equal(s.n, 3);
	/* in locator order, line locators (a log), the digest's line form */
	assert_string_equal(s.loc[0], "1:2");
	assert_string_equal(s.loc[2], "1:4");
	assert_non_null(strstr(s.text[0], "2\t20\t1462356000000000000\t"));
	assert_non_null(strstr(s.text[0], "\tmail1.example.com\t"));
	assert_non_null(strstr(msg, "lookups = 3: 3 records"));
	free(msg);
	custody_records_summary_release(&sum);
	/* the capture's record is a packet */
	kv[2].value = "cap";
	assert_true(run("lookup_count", kv, 3, &s, &sum, &msg));
	assert_int_equal(s.n, 1);
	assert_string_equal(s.loc[0], "3#7");
	free(msg);
	custody_records_summary_release(&sum);
}

static void
records_of_a_share_split_numerator_and_denominator(void **state)
{
	struct custody_kv kv[] = { { "host", "mail1.example.com" },
		{ "org", "Alfa Bank" }, { "evidence", "logs" } };
	struct custody_records_summary sum;
	struct seen s;
	char *msg = NULL;

	(void)state;
	assert_true(run("lookup_share", kv, 3, &s, &sum, &msg));
	assert_int_equal(sum.total, 4);
	assert_int_equal(custody_records_in_parts(&sum, "numerator"), 3);
	assert_int_equal(custody_records_in_parts(&sum, "denominator only"), 1);
	assert_int_equal(
	    custody_records_in_parts(&sum, "numerator|denominator only"), 4);
	free(msg);
	custody_records_summary_release(&sum);
}

static void
records_check_catches_a_figure_they_do_not_add_up_to(void **state)
{
	struct custody_records_count cnt[] = {
		{ (char *)(uintptr_t) "lookups",
		    (char *)(uintptr_t) "part numerator" },
		{ (char *)(uintptr_t) "total", (char *)(uintptr_t) "all" }
	};
	struct custody_records rq;
	struct custody_records_set set[] = {
		{ (char *)(uintptr_t) "denominator only", NULL, 1 },
		{ (char *)(uintptr_t) "numerator", NULL, 3 }
	};
	struct custody_records_summary sum = { set, 2, 4 };
	char *col[] = { (char *)(uintptr_t) "share",
		(char *)(uintptr_t) "lookups", (char *)(uintptr_t) "total" };
	struct custody_cell cell[3];
	struct custody_result r = { 3, 1, col, cell };
	char *msg = NULL;

	(void)state;
	memset(&rq, 0, sizeof(rq));
	rq.count = cnt;
	rq.ncount = 2;
	memset(cell, 0, sizeof(cell));
	cell[0].type = CUSTODY_CELL_REAL;
	cell[0].d = 0.75;
	cell[1].type = cell[2].type = CUSTODY_CELL_INT;
	cell[1].i = 3;
	cell[2].i = 4;
	assert_true(custody_records_check(&rq, &r, &sum, &msg));
	free(msg);
	cell[1].i = 2; /* the figure says 2, the records 3 */
	assert_false(custody_records_check(&rq, &r, &sum, &msg));
	assert_non_null(strstr(msg, "lookups is 2, but 3 records"));
	free(msg);
}

static void
the_synthetic_mark_is_found_where_synth_puts_it(void **state)
{
	struct custody_error err = { 0 };
	char out[256], *buf = NULL;
	size_t len = 0;
	FILE *fp;
	uint8_t classic[24] = { 0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0 };

	(void)state;
	assert_true(custody_synth_mark(
	    (const uint8_t *)"# SYNTHETIC: made by x\ntime,a\n", 30, out,
	    sizeof(out)));
	assert_string_equal(out, "SYNTHETIC: made by x");
	assert_true(custody_synth_mark(
	    (const uint8_t *)"\xef\xbb\xbf# SYNTHETIC: y\r\n", 19, out,
	    sizeof(out)));
	assert_string_equal(out, "SYNTHETIC: y");
	/* not at the start, or not the mark: no */
	assert_false(custody_synth_mark(
	    (const uint8_t *)"time,a\n# SYNTHETIC: z\n", 23, out, sizeof(out)));
	assert_false(custody_synth_mark(
	    (const uint8_t *)"#SYNTHETIC: z\n", 14, out, sizeof(out)));
	assert_false(
	    custody_synth_mark(classic, sizeof(classic), out, sizeof(out)));
	/* pcapng: the section header's comment */
	assert_non_null(fp = open_memstream(&buf, &len));
	assert_int_equal(
	    custody_pcapngw_header(fp, "mem", "SYNTHETIC: made by synth", &err),
	    CUSTODY_OK);
	fclose(fp);
	assert_true(
	    custody_synth_mark((const uint8_t *)buf, len, out, sizeof(out)));
	assert_string_equal(out, "SYNTHETIC: made by synth");
	/* cut anywhere, it is read safely and not found */
	while (len > 0) {
		len--;
		if (len < 28)
			assert_false(custody_synth_mark(
			    (const uint8_t *)buf, len, out, sizeof(out)));
	}
	free(buf);
	assert_non_null(fp = open_memstream(&buf, &len));
	assert_int_equal(
	    custody_pcapngw_header(fp, "mem", "a comment", &err), CUSTODY_OK);
	fclose(fp);
	assert_false(
	    custody_synth_mark((const uint8_t *)buf, len, out, sizeof(out)));
	free(buf);
}

static void
locators_parse_and_bad_ones_are_refused(void **state)
{
	static const char *const bad[] = { "3", ":5", "3:", "3:0", "3#0", "3;5",
		"3:5x", "3:-1", "3:99999999999999999999999", NULL };
	struct custody_error err = { 0 };
	enum custody_locator_kind kind;
	char ev[80];
	uint64_t n;
	size_t i;

	(void)state;
	assert_int_equal(
	    custody_locator_parse("3:1204", ev, sizeof(ev), &kind, &n, &err),
	    CUSTODY_OK);
	assert_string_equal(ev, "3");
	assert_int_equal(kind, CUSTODY_LOC_LINE);
	assert_int_equal(n, 1204);
	assert_int_equal(
	    custody_locator_parse("2#517", ev, sizeof(ev), &kind, &n, &err),
	    CUSTODY_OK);
	assert_int_equal(kind, CUSTODY_LOC_PACKET);
	assert_int_equal(custody_locator_parse(
	                     "a1b2c3d4@0", ev, sizeof(ev), &kind, &n, &err),
	    CUSTODY_OK);
	assert_string_equal(ev, "a1b2c3d4");
	assert_int_equal(kind, CUSTODY_LOC_OFFSET);
	assert_int_equal(n, 0);
	for (i = 0; bad[i] != NULL; i++)
		if (custody_locator_parse(bad[i], ev, sizeof(ev), &kind, &n,
		        &err) != CUSTODY_ERR_USAGE)
			fail_msg("accepted %s", bad[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_query_has_a_records_query_that_prepares),
		cmocka_unit_test(
		    records_of_a_count_are_its_rows_as_canonical_text),
		cmocka_unit_test(
		    records_of_a_share_split_numerator_and_denominator),
		cmocka_unit_test(
		    records_check_catches_a_figure_they_do_not_add_up_to),
		cmocka_unit_test(
		    the_synthetic_mark_is_found_where_synth_puts_it),
		cmocka_unit_test(locators_parse_and_bad_ones_are_refused),
	};

	return cmocka_run_group_tests_name("records", tests, setup, teardown);
}
