/*
 * test_extract.c: the ClickHouse side of custody extract without a server
 * (tests/e2e/extract.sh runs a real one): extract query files and their
 * binding as ClickHouse literals (lib/ingest/chquery.c), and the parser of the
 * response, TabSeparatedWithNamesAndTypes (lib/formats/parse_clickhouse.c).
 */
#include "testutil.h"

#define NS 1000000000LL

static struct custody_extract_query *
query_text(const char *text, struct custody_error *err, enum custody_code *rc)
{
	char dir[4096], path[4200];
	struct custody_extract_query *q = NULL;

	tu_mkdtemp(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/q.sql", dir);
	tu_write(path, text, strlen(text), 0644);
	memset(err, 0, sizeof(*err));
	*rc = custody_extract_query_read(&q, path, err);
	tu_rmtree(dir);
	return q;
}

/* The statement q binds kv to, in a static buffer; NULL (err set) on error. */
static const char *
bound(const struct custody_extract_query *q, const struct custody_kv *kv,
    size_t n, struct custody_error *err, char *params, size_t plen)
{
	static char out[8192];
	struct custody_buf sql, pj;
	enum custody_code rc;

	custody_buf_init(&sql, 1u << 20);
	custody_buf_init(&pj, 1u << 20);
	memset(err, 0, sizeof(*err));
	rc = custody_extract_bind(q, kv, n, &sql, &pj, err);
	if (rc == CUSTODY_OK) {
		snprintf(
		    out, sizeof(out), "%s", sql.data != NULL ? sql.data : "");
		if (params != NULL)
			snprintf(params, plen, "%s", pj.data);
	}
	custody_buf_release(&sql);
	custody_buf_release(&pj);
	return rc == CUSTODY_OK ? out : NULL;
}

/* ------------------------------------------------------------ query files */

static void
test_builtin_queries_load_with_typed_params_and_columns(void **state)
{
	const char *const *names = custody_extract_query_names();
	struct custody_extract_query *q;
	struct custody_error err = { 0 };

	(void)state;
	assert_non_null(names[0]);
	assert_string_equal(names[0], "host_lookups");
	assert_string_equal(names[1], "server_lookups");
	assert_null(names[2]);
	assert_int_equal(
	    custody_extract_query_load(&q, "host_lookups", &err), CUSTODY_OK);
	assert_string_equal(q->format, "dns");
	assert_string_equal(q->origin, "built-in");
	assert_int_equal(q->nparam, 4);
	assert_string_equal(q->param[0].name, "host");
	assert_true(q->param[0].required);
	assert_string_equal(q->param_type[0], "String");
	assert_string_equal(q->param_type[1], "DateTime");
	assert_string_equal(q->param[1].def, "1970-01-01");
	assert_string_equal(q->param_type[3], "Identifier");
	assert_int_equal(q->ncolumn, 5);
	assert_string_equal(q->column[0].name, "time");
	assert_string_equal(q->column[0].type, "DateTime('UTC')");
	assert_int_equal(strlen(q->sha256), 64);
	custody_extract_query_free(q);
	assert_int_equal(
	    custody_extract_query_load(&q, "nosuch", &err), CUSTODY_ERR_USAGE);
	assert_null(q);
	assert_int_equal(custody_extract_query_load(&q, "../queries/x", &err),
	    CUSTODY_ERR_USAGE);
}

static void
test_bind_writes_each_value_as_a_literal_of_its_type(void **state)
{
	struct custody_extract_query *q;
	struct custody_error err;
	enum custody_code rc;
	char params[1024];
	const char *s;
	struct custody_kv kv[] = {
		{ "host", "mail1.trump-email.com" },
		{ "since", "2016-05-04T12:30:00Z" },
		{ "table", "dns.lookups" },
		{ "n", "-42" },
		{ "servers", "ns1,ns2" },
		{ "day", "2016-05-04" },
	};

	(void)state;
	q = query_text(
	    "-- name: t\n-- summary: a test\n-- param host: h\n"
	    "-- param since: s\n-- param table: t\n-- param n: n\n"
	    "-- param servers: s\n-- param day: d\n-- param limit = 10: rows\n"
	    "SELECT 1 FROM {table:Identifier} -- {not:Bound} in a comment\n"
	    "WHERE q = {host:String} AND t >= {since:DateTime} AND d = {day:Date}\n"
	    "  AND x > {n:Int32} AND has({servers:Array(String)}, s) /* {x:String} */\n"
	    "  AND y = '{' OR z = {host:String} LIMIT {limit:UInt16};\n\n",
	    &err, &rc);
	/* a '{' alone inside a string is a '{', not a placeholder */
	assert_int_equal(rc, CUSTODY_OK);
	s = bound(q, kv, 6, &err, params, sizeof(params));
	assert_non_null(s);
	assert_string_equal(s,
	    "SELECT 1 FROM `dns`.`lookups` -- {not:Bound} in a comment\n"
	    "WHERE q = 'mail1.trump-email.com' AND t >= toDateTime('2016-05-04 12:30:00', 'UTC')"
	    " AND d = toDate('2016-05-04')\n"
	    "  AND x > -42 AND has(['ns1', 'ns2'], s) /* {x:String} */\n"
	    "  AND y = '{' OR z = 'mail1.trump-email.com' LIMIT 10");
	assert_string_equal(params,
	    "{\"host\":\"mail1.trump-email.com\",\"since\":"
	    "\"2016-05-04T12:30:00Z\",\"table\":\"dns.lookups\",\"n\":\"-42\",\"servers\":"
	    "\"ns1,ns2\",\"day\":\"2016-05-04\",\"limit\":\"10\"}");
	custody_extract_query_free(q);
}

static void
test_bind_escapes_quotes_and_backslashes_in_strings(void **state)
{
	struct custody_extract_query *q;
	struct custody_error err;
	enum custody_code rc;
	struct custody_kv kv[] = { { "host", "x' OR 1=1 --\\'" } };
	const char *s;

	(void)state;
	q = query_text("-- param host: h\nSELECT {host:String}", &err, &rc);
	assert_int_equal(rc, CUSTODY_OK);
	s = bound(q, kv, 1, &err, NULL, 0);
	assert_non_null(s);
	assert_string_equal(s, "SELECT 'x\\' OR 1=1 --\\\\\\''");
	/* UTF-8 is kept as it is */
	kv[0].value = "b\xc3\xbcro.example";
	assert_string_equal(
	    bound(q, kv, 1, &err, NULL, 0), "SELECT 'b\xc3\xbcro.example'");
	custody_extract_query_free(q);
}

static void
test_bind_refuses_values_that_are_not_of_their_type(void **state)
{
	static const struct {
		const char *type, *value;
	} bad[] = {
		{ "String", "a\nb" },
		{ "String", "a\x01" },
		{ "String", "\xff\xfe" },
		{ "String", "\xed\xa0\x80" }, /* a UTF-16 surrogate */
		{ "String", "\xc0\xaf" },     /* overlong */
		{ "DateTime", "yesterday" },
		{ "DateTime", "2016-05-04T00:00:00.5Z" },
		{ "DateTime", "1969-12-31" },
		{ "DateTime", "2106-01-01" },
		{ "Date", "2016-5-4" },
		{ "Date", "2016-05-04T00:00" },
		{ "UInt8", "256" },
		{ "UInt8", "-1" },
		{ "UInt8", "" },
		{ "UInt8", "1e3" },
		{ "Int8", "128" },
		{ "Int8", "-129" },
		{ "UInt64", "18446744073709551616" },
		{ "Identifier", "a b" },
		{ "Identifier", "x; DROP TABLE t" },
		{ "Identifier", "a.b.c" },
		{ "Identifier", "`t`" },
		{ "Identifier", "1t" },
		{ "Identifier", "" },
		{ "Array(String)", "" },
		{ "Array(String)", "a,,b" },
	};
	static const struct {
		const char *type, *value, *want;
	} good[] = {
		{ "Int8", "-128", "-128" },
		{ "UInt64", "18446744073709551615", "18446744073709551615" },
		{ "DateTime", "2016-05-04",
		    "toDateTime('2016-05-04 00:00:00', 'UTC')" },
		{ "DateTime", "2016-05-04T03:00:00+02:00",
		    "toDateTime('2016-05-04 01:00:00', 'UTC')" },
		{ "Identifier", "_t1", "`_t1`" },
		{ "String", "tab\there", "'tab\there'" },
	};
	struct custody_extract_query *q;
	struct custody_error err;
	enum custody_code rc;
	char text[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct custody_kv kv = { "v", bad[i].value };

		snprintf(text, sizeof(text), "-- param v: v\nSELECT {v:%s}",
		    bad[i].type);
		q = query_text(text, &err, &rc);
		assert_int_equal(rc, CUSTODY_OK);
		assert_null(bound(q, &kv, 1, &err, NULL, 0));
		assert_int_equal(err.code, CUSTODY_ERR_USAGE);
		assert_non_null(strstr(err.msg, "--param v="));
		/* and the check before anything is asked (no statement built) */
		memset(&err, 0, sizeof(err));
		assert_int_equal(
		    custody_extract_bind(q, &kv, 1, NULL, NULL, &err),
		    CUSTODY_ERR_USAGE);
		custody_extract_query_free(q);
	}
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		struct custody_kv kv = { "v", good[i].value };
		char want[256];

		snprintf(text, sizeof(text), "-- param v: v\nSELECT {v:%s}",
		    good[i].type);
		snprintf(want, sizeof(want), "SELECT %s", good[i].want);
		q = query_text(text, &err, &rc);
		assert_int_equal(rc, CUSTODY_OK);
		assert_string_equal(bound(q, &kv, 1, &err, NULL, 0), want);
		custody_extract_query_free(q);
	}
}

static void
test_bind_names_unknown_and_missing_parameters(void **state)
{
	struct custody_extract_query *q;
	struct custody_error err;
	struct custody_kv kv[] = { { "hots", "a" } };

	(void)state;
	assert_int_equal(
	    custody_extract_query_load(&q, "host_lookups", &err), CUSTODY_OK);
	assert_null(bound(q, kv, 1, &err, NULL, 0));
	assert_int_equal(err.code, CUSTODY_ERR_USAGE);
	assert_non_null(strstr(err.msg, "no parameter 'hots'"));
	assert_null(bound(q, NULL, 0, &err, NULL, 0));
	assert_non_null(strstr(err.msg, "needs --param host="));
	custody_extract_query_free(q);
}

static void
test_query_files_with_bad_placeholders_are_refused_with_their_line(void **state)
{
	static const struct {
		const char *text, *msg;
	} bad[] = {
		{ "-- param h: h\nSELECT 1\nWHERE x = '{h:String}'",
		    "q.sql:3: a placeholder {h:String} inside a quoted" },
		{ "-- param h: h\nSELECT {h:String} {x:String}",
		    "declares no param x" },
		{ "-- param h: h\n-- param u: u\nSELECT {h:String}",
		    "param u is declared but" },
		{ "-- param h: h\nSELECT {h:String}, {h:UInt8}",
		    "in one place and {h:UInt8}" },
		{ "-- param h: h\nSELECT {h:Float64}", "custody binds String" },
		{ "-- param h: h\nSELECT {h String}",
		    "q.sql:2: a '{' that does not begin" },
		{ "-- param h: h\nSELECT {1h:String}", "does not begin" },
		{ "-- param h: h\nSELECT {h:String}, 'abc", "not closed" },
		{ "-- param h: h\nSELECT {h:String} /* open", "not closed" },
		{ "-- format: flows\nSELECT 1", "format 'flows'" },
		{ "-- param : nameless\nSELECT 1", "a param without a name" },
		{ "-- column time: no type\nSELECT 1", "column line is" },
	};
	struct custody_extract_query *q;
	struct custody_error err;
	enum custody_code rc;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		q = query_text(bad[i].text, &err, &rc);
		assert_null(q);
		assert_int_equal(rc, CUSTODY_ERR_FORMAT);
		if (strstr(err.msg, bad[i].msg) == NULL)
			fail_msg("%s: '%s' lacks '%s'", bad[i].text, err.msg,
			    bad[i].msg);
	}
}

static void
test_query_files_with_a_nul_byte_or_too_large_are_refused(void **state)
{
	static const char text[] = "-- param h: h\nSELECT {h:String}\0 AND 1";
	struct custody_extract_query *q = NULL;
	struct custody_error err = { 0 };
	char dir[4096], path[4200];
	char *big;

	(void)state;
	tu_mkdtemp(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/nul.sql", dir);
	tu_write(path, text, sizeof(text) - 1, 0644);
	assert_int_equal(
	    custody_extract_query_read(&q, path, &err), CUSTODY_ERR_FORMAT);
	assert_null(q);
	assert_non_null(strstr(err.msg, "a NUL byte"));
	assert_non_null(big = malloc((1u << 20) + 1));
	memset(big, '-', (1u << 20) + 1);
	tu_write(path, big, (1u << 20) + 1, 0644);
	free(big);
	assert_int_equal(
	    custody_extract_query_read(&q, path, &err), CUSTODY_ERR_LIMIT);
	assert_non_null(strstr(err.msg, "more than a query file may hold"));
	tu_rmtree(dir);
}

static void
test_extract_refuses_urls_with_credentials_before_asking(void **state)
{
	static const char *const urls[] = { "ftp://127.0.0.1/",
		"http://u:p@127.0.0.1:8123/", "http://127.0.0.1:8123/?user=u",
		"http://127.0.0.1:8123/?password=p", "http:///" };
	struct custody_extract_opts o;
	struct custody_extract_result r;
	struct custody_extract_query *q;
	struct custody_error err = { 0 };
	struct custody_kv kv = { "host", "a.example" };
	size_t i;

	(void)state;
	assert_int_equal(
	    custody_extract_query_load(&q, "host_lookups", &err), CUSTODY_OK);
	for (i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
		memset(&o, 0, sizeof(o));
		o.url = urls[i];
		/* no case is touched before the URL is checked: NULL stands in */
		assert_int_equal(
		    custody_extract(NULL, NULL, q, &kv, 1, &o, &r, &err),
		    CUSTODY_ERR_USAGE);
		assert_non_null(strstr(err.msg, "--clickhouse"));
	}
	memset(&o, 0, sizeof(o));
	o.url = "http://127.0.0.1:1/";
	o.format = "flows";
	assert_int_equal(custody_extract(NULL, NULL, q, &kv, 1, &o, &r, &err),
	    CUSTODY_ERR_USAGE);
	assert_non_null(strstr(err.msg, "--format flows"));
	custody_extract_query_free(q);
}

static void
test_ch_quote_escapes_only_quote_and_backslash(void **state)
{
	struct custody_buf b;

	(void)state;
	custody_buf_init(&b, 1024);
	assert_int_equal(custody_ch_quote(&b, "a'b\\c\"d`e"), CUSTODY_OK);
	assert_string_equal(b.data, "'a\\'b\\\\c\"d`e'");
	custody_buf_release(&b);
}

/* ------------------------------------------------------------ the response */

static enum custody_code
run(sqlite3 *db, const struct custody_parser *p, const char *text, size_t len,
    const char *tz, bool strict, struct custody_error *err)
{
	struct custody_parse_opts o;

	memset(&o, 0, sizeof(o));
	memset(err, 0, sizeof(*err));
	o.tz = tz;
	o.strict = strict;
	return tu_parse(
	    db, p, "r.tsv", NULL, (const uint8_t *)text, len, &o, err);
}

#define RUN(db, p, text, tz, strict, err)                                      \
	run(db, p, text, sizeof(text) - 1, tz, strict, err)

static void
test_tsv_rows_become_dns_queries_with_their_line_and_offset(void **state)
{
	static const char tsv[] =
	    "time\tserver\tclient\tqname\tqtype\trcode\n"
	    "DateTime(\\'UTC\\')\tNullable(String)\tString\tString\tLowCardinality(String)\tNullable(UInt8)\n"
	    "2016-09-23 13:56:29\tns1.example\t192.0.2.15\tMail1.Trump-Email.com.\tA\t0\n"
	    "2016-09-23 13:56:30\t\\N\t2001:DB8::1\tx.example\tMX\t3\n"
	    "2016-09-23 13:56:31\tns\\\\2\t192.0.2.16\tx.example\tTYPE65\t\\N\n";
	struct custody_error err;
	sqlite3 *db = tu_memdb();

	(void)state;
	assert_int_equal(
	    RUN(db, &custody_parser_clickhouse_dns, tsv, NULL, true, &err),
	    CUSTODY_OK);
	assert_int_equal(
	    tu_int(db, "SELECT count(*) FROM dns_message WHERE qr = 0"), 3);
	assert_int_equal(
	    tu_int(db, "SELECT time_ns FROM dns_message WHERE loc_index = 3"),
	    1474638989LL * NS);
	assert_int_equal(
	    tu_int(
	        db, "SELECT loc_offset FROM dns_message WHERE loc_index = 3"),
	    (int64_t)(strstr(tsv, "2016") - tsv));
	assert_int_equal(
	    tu_int(db, "SELECT time_prec FROM dns_message WHERE loc_index = 3"),
	    0);
	assert_string_equal(
	    tu_text(db, "SELECT qname FROM dns_message WHERE loc_index = 3"),
	    "mail1.trump-email.com");
	assert_string_equal(
	    tu_text(db, "SELECT server FROM dns_message WHERE loc_index = 3"),
	    "ns1.example");
	assert_int_equal(
	    tu_int(db, "SELECT qtype FROM dns_message WHERE loc_index = 3"), 1);
	assert_int_equal(
	    tu_int(db, "SELECT rcode FROM dns_message WHERE loc_index = 3"), 0);
	/* NULL server, IPv6 client in canonical form, MX, NXDOMAIN */
	assert_int_equal(
	    tu_int(db,
	        "SELECT server IS NULL FROM dns_message WHERE loc_index = 4"),
	    1);
	assert_string_equal(
	    tu_text(db, "SELECT src FROM dns_message WHERE loc_index = 4"),
	    "2001:db8::1");
	assert_int_equal(
	    tu_int(db, "SELECT qtype FROM dns_message WHERE loc_index = 4"),
	    15);
	assert_int_equal(
	    tu_int(db, "SELECT rcode FROM dns_message WHERE loc_index = 4"), 3);
	/* an escaped backslash; a NULL rcode is unknown */
	assert_string_equal(
	    tu_text(db, "SELECT server FROM dns_message WHERE loc_index = 5"),
	    "ns\\2");
	assert_int_equal(
	    tu_int(db, "SELECT qtype FROM dns_message WHERE loc_index = 5"),
	    65);
	assert_int_equal(
	    tu_int(db,
	        "SELECT rcode IS NULL FROM dns_message WHERE loc_index = 5"),
	    1);
	assert_int_equal(
	    tu_int(db, "SELECT json_extract(summary, '$.rows') FROM evidence"),
	    3);
	assert_string_equal(
	    tu_text(db,
	        "SELECT json_extract(summary, '$.notes.columns') FROM evidence"),
	    "time DateTime('UTC'), server Nullable(String), client String, qname String,"
	    " qtype LowCardinality(String), rcode Nullable(UInt8)");
	sqlite3_close(db);
}

static void
test_tsv_times_take_the_zone_of_their_column_or_tz(void **state)
{
	static const char bare[] =
	    "time\tclient\tqname\nDateTime\tString\tString\n"
	    "2016-09-23 09:56:29\t192.0.2.1\ta.example\n";
	static const char zoned[] =
	    "time\tclient\tqname\nDateTime(\\'Europe/Moscow\\')\tString\tString\n"
	    "2016-09-23 16:56:29\t192.0.2.1\ta.example\n";
	static const char dt64[] =
	    "time\tclient\tqname\nDateTime64(3, \\'UTC\\')\tIPv4\tString\n"
	    "2016-09-23 13:56:29.125\t192.0.2.1\ta.example\n";
	static const char iso[] =
	    "time\tclient\tqname\nString\tString\tString\n"
	    "2016-09-23T13:56:29Z\t192.0.2.1\ta.example\n";
	struct custody_error err;
	sqlite3 *db;

	(void)state;
	/* a bare DateTime without --tz: refused, naming the column */
	db = tu_memdb();
	assert_int_equal(
	    RUN(db, &custody_parser_clickhouse_dns, bare, NULL, true, &err),
	    CUSTODY_ERR_FORMAT);
	assert_non_null(strstr(err.msg, "r.tsv:2: byte"));
	assert_non_null(
	    strstr(err.msg, "column 'time' is a DateTime without a time zone"));
	sqlite3_close(db);
	db = tu_memdb();
	assert_int_equal(RUN(db, &custody_parser_clickhouse_dns, bare,
	                     "America/New_York", true, &err),
	    CUSTODY_OK);
	assert_int_equal(
	    tu_int(db, "SELECT time_ns FROM dns_message"), 1474638989LL * NS);
	sqlite3_close(db);
	/* the column's own zone wins over --tz */
	db = tu_memdb();
	assert_int_equal(RUN(db, &custody_parser_clickhouse_dns, zoned,
	                     "America/New_York", true, &err),
	    CUSTODY_OK);
	assert_int_equal(
	    tu_int(db, "SELECT time_ns FROM dns_message"), 1474638989LL * NS);
	sqlite3_close(db);
	db = tu_memdb();
	assert_int_equal(
	    RUN(db, &custody_parser_clickhouse_dns, dt64, NULL, true, &err),
	    CUSTODY_OK);
	assert_int_equal(tu_int(db, "SELECT time_ns FROM dns_message"),
	    1474638989125000000LL);
	assert_int_equal(tu_int(db, "SELECT time_prec FROM dns_message"), 3);
	sqlite3_close(db);
	db = tu_memdb();
	assert_int_equal(
	    RUN(db, &custody_parser_clickhouse_dns, iso, NULL, true, &err),
	    CUSTODY_OK);
	assert_int_equal(
	    tu_int(db, "SELECT time_ns FROM dns_message"), 1474638989LL * NS);
	sqlite3_close(db);
}

static void
test_tsv_headers_that_do_not_fit_the_format_are_refused_naming_the_column(
    void **state)
{
	static const struct {
		const char *text, *msg;
	} bad[] = {
		{ "time\tclient\tqname\nUInt8\tString\tString\n",
		    "column 'time' has type UInt8" },
		{ "time\tclient\tqname\nDateTime(\\'UTC\\')\tUInt32\tString\n",
		    "column 'client' has type UInt32" },
		{ "time\tclient\tqname\nDateTime(\\'UTC\\')\tString\tNullable(String)\n",
		    "column 'qname' has type Nullable(String): it may not be NULL" },
		{ "time\tclient\tqname\tttl\nDateTime(\\'UTC\\')\tString\tString\tUInt32\n",
		    "column 'ttl' is not a column of clickhouse-dns" },
		{ "time\tclient\ttime\nDateTime(\\'UTC\\')\tString\tDateTime(\\'UTC\\')\n",
		    "column 'time' appears twice" },
		{ "time\tclient\nDateTime(\\'UTC\\')\tString\n",
		    "no 'qname' column" },
		{ "time\tclient\tqname\nDateTime(\\'UTC\\')\tString\n",
		    "the types line has 2 columns" },
		{ "time\tclient\tqname\nDateTime(\\'Mars/Base\\')\tString\tString\n",
		    "time zone 'Mars/Base'" },
		{ "time\tclient\tqname\n", "no types line" },
	};
	struct custody_error err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		sqlite3 *db = tu_memdb();
		enum custody_code rc = run(db, &custody_parser_clickhouse_dns,
		    bad[i].text, strlen(bad[i].text), NULL, false, &err);

		assert_int_equal(rc, CUSTODY_ERR_FORMAT);
		if (strstr(err.msg, bad[i].msg) == NULL)
			fail_msg(
			    "%zu: '%s' lacks '%s'", i, err.msg, bad[i].msg);
		sqlite3_close(db);
	}
}

static void
test_tsv_bad_rows_are_skipped_or_refuse_the_file_when_strict(void **state)
{
	static const char tsv[] =
	    "time\tclient\tqname\tqr\nDateTime(\\'UTC\\')\tString\tString\tUInt8\n"
	    "2016-09-23 13:56:29\t192.0.2.1\ta.example\t0\n"
	    "2016-09-23 13:56:29\t192.0.2.1\ta.example\n" /* a field short */
	    "0000-00-00 00:00:00\t192.0.2.1\ta.example\t0\n" /* ClickHouse's zero time */
	    "2016-09-23 13:56:29\tnot-an-address\ta.example\t0\n"
	    "2016-09-23 13:56:29\t192.0.2.1\ta\\tb\t0\n" /* a TAB in the name */
	    "2016-09-23 13:56:29\t192.0.2.1\ta\\q\t0\n"  /* an unknown escape */
	    "2016-09-23 13:56:29\t\\N\ta.example\t0\n" /* NULL in a non-Nullable */
	    "2016-09-23 13:56:29\t192.0.2.1\ta.example\t2\n" /* qr is 0 or 1 */
	    "2016-09-23 13:56:30\t192.0.2.1\ta.example\t1\n";
	struct custody_error err;
	sqlite3 *db = tu_memdb();

	(void)state;
	assert_int_equal(
	    RUN(db, &custody_parser_clickhouse_dns, tsv, NULL, false, &err),
	    CUSTODY_OK);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM dns_message"), 2);
	assert_int_equal(
	    tu_int(db, "SELECT qr FROM dns_message WHERE loc_index = 11"), 1);
	assert_int_equal(
	    tu_int(db,
	        "SELECT json_extract(summary, '$.skipped.\"a row with more or"
	        " fewer fields than columns\"') FROM evidence"),
	    1);
	assert_int_equal(
	    tu_int(db,
	        "SELECT json_extract(summary, '$.skipped.\"bad timestamp\"')"
	        " FROM evidence"),
	    1);
	assert_int_equal(
	    tu_int(db,
	        "SELECT json_extract(summary, '$.skipped.\"bad client"
	        " address\"') FROM evidence"),
	    1);
	assert_int_equal(
	    tu_int(db,
	        "SELECT json_extract(summary, '$.skipped.\"bad query name\"')"
	        " FROM evidence"),
	    1);
	assert_int_equal(
	    tu_int(db,
	        "SELECT json_extract(summary, '$.skipped.\"bad escape\"')"
	        " FROM evidence"),
	    1);
	assert_int_equal(
	    tu_int(db,
	        "SELECT json_extract(summary, '$.skipped.\"NULL in a column"
	        " that is not Nullable\"') FROM evidence"),
	    1);
	sqlite3_close(db);
	db = tu_memdb();
	assert_int_equal(
	    RUN(db, &custody_parser_clickhouse_dns, tsv, NULL, true, &err),
	    CUSTODY_ERR_FORMAT);
	assert_non_null(strstr(err.msg, "r.tsv:4: byte"));
	assert_non_null(strstr(err.msg, "--strict refuses the file"));
	sqlite3_close(db);
}

static void
test_tsv_without_rows_is_an_empty_original_that_says_so(void **state)
{
	static const char header[] =
	    "time\tclient\tqname\nDateTime(\\'UTC\\')\tString\tString\n";
	struct custody_error err;
	sqlite3 *db = tu_memdb();

	(void)state;
	assert_int_equal(
	    RUN(db, &custody_parser_clickhouse_dns, header, NULL, true, &err),
	    CUSTODY_OK);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM dns_message"), 0);
	assert_string_equal(
	    tu_text(db,
	        "SELECT json_extract(summary, '$.notes.empty') FROM evidence"),
	    "the response has the header and no rows");
	sqlite3_close(db);
	db = tu_memdb();
	assert_int_equal(
	    run(db, &custody_parser_clickhouse_dns, "", 0, NULL, true, &err),
	    CUSTODY_OK);
	assert_string_equal(
	    tu_text(db,
	        "SELECT json_extract(summary, '$.notes.empty') FROM evidence"),
	    "the response has no bytes: no header and no rows");
	sqlite3_close(db);
}

/*
 * A response arriving in steps of a few bytes (custody extract parses it
 * as it comes): the bytes past those handed out are newlines, which a
 * parse reading ahead would take for ends of lines.
 */
struct arriving {
	struct custody_growing g;
	const char *all;
	size_t len, step;
	uint8_t *buf;
	struct custody_sink *sink;
	int64_t records_before_end; /* records made before the last byte came */
	int waits;
};

static size_t
arrive(struct custody_growing *g, size_t have)
{
	struct arriving *a = (struct arriving *)(void *)g;
	size_t n = have + a->step < a->len ? have + a->step : a->len;

	a->waits++;
	memcpy(a->buf + have, a->all + have, n - have);
	if (n < a->len)
		a->records_before_end = custody_sink_records(a->sink);
	return n;
}

/* Parses tsv (len bytes) whole (step 0) or as it arrives; the parse digest
 * and summary into digest and summary (summary malloc'd). */
static enum custody_code
parse_arriving(const char *tsv, size_t len, size_t step, bool strict,
    char digest[65], char **summary, struct arriving *a,
    struct custody_error *err)
{
	struct custody_parse_opts o;
	struct custody_parse_input in = { "r.tsv", NULL, (const uint8_t *)tsv,
		len, NULL };
	sqlite3 *db = tu_memdb();
	enum custody_code rc;

	memset(&o, 0, sizeof(o));
	memset(a, 0, sizeof(*a));
	memset(err, 0, sizeof(*err));
	o.strict = strict;
	o.tz = "UTC";
	assert_int_equal(custody_sink_open(&a->sink, db, 1, err), CUSTODY_OK);
	if (step > 0) {
		a->buf = malloc(len + 1);
		assert_non_null(a->buf);
		memset(a->buf, '\n', len + 1);
		a->all = tsv;
		a->len = len;
		a->step = step;
		a->g.data = a->buf;
		a->g.wait = arrive;
		in.data = a->buf;
		in.len = 0;
		in.grow = &a->g;
	}
	rc = custody_parser_clickhouse_dns.parse(&in, &o, a->sink, err);
	if (rc == CUSTODY_OK)
		rc = custody_sink_finish(a->sink, err);
	if (rc == CUSTODY_OK)
		rc = custody_sink_digest(a->sink, digest, err);
	*summary = rc == CUSTODY_OK ? custody_sink_summary_json(a->sink) : NULL;
	custody_sink_free(a->sink);
	a->sink = NULL;
	free(a->buf);
	sqlite3_close(db);
	return rc;
}

static void
test_tsv_parsed_as_it_arrives_gives_the_records_of_the_whole(void **state)
{
	static const char tsv[] =
	    "time\tserver\tclient\tqname\tqtype\n"
	    "DateTime\tString\tString\tString\tString\n"
	    "2016-09-23 13:56:29\tns1.example\t192.0.2.15\tmail1.trump-email.com\tA\n"
	    "2016-09-23 13:56:30\tns\\\\2\t2001:DB8::1\tx.example\tMX\r\n"
	    "\n"
	    "2016-09-23 13:56:31\tns1.example\tnot-an-address\tx.example\tA\n"
	    "2016-09-23 13:56:32\tns1.example\t192.0.2.16\ty.example\tAAAA"; /* no newline */
	static const size_t steps[] = { 1, 2, 3, 7, 64, 4096 };
	struct custody_error err;
	struct arriving a;
	char whole[65], part[65], *ws, *ps;
	size_t i;

	(void)state;
	assert_int_equal(parse_arriving(tsv, sizeof(tsv) - 1, 0, false, whole,
	                     &ws, &a, &err),
	    CUSTODY_OK);
	assert_non_null(strstr(ws, "\"crlf_lines\":1"));
	assert_non_null(strstr(ws, "not ended by a newline"));
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		assert_int_equal(parse_arriving(tsv, sizeof(tsv) - 1, steps[i],
		                     false, part, &ps, &a, &err),
		    CUSTODY_OK);
		assert_string_equal(part, whole);
		assert_string_equal(ps, ws);
		free(ps);
		if (steps[i] < 64)
			assert_true(a.waits > 10);
	}
	free(ws);
	{
		/* parsed while it arrived, not once it had: 3000 rows in
		 * steps of 1000 bytes, most of them records before the end */
		struct custody_buf b;
		int k;

		custody_buf_init(&b, 1u << 20);
		assert_int_equal(custody_buf_addstr(&b,
		                     "time\tclient\tqname\nDateTime\tString\t"
		                     "String\n"),
		    CUSTODY_OK);
		for (k = 0; k < 3000; k++)
			assert_int_equal(
			    custody_buf_printf(&b,
			        "2016-09-23 13:%02d:%02d\t192.0.2.%d\t"
			        "h%d.example\n",
			        k / 60 % 60, k % 60, k % 250 + 1, k),
			    CUSTODY_OK);
		assert_int_equal(parse_arriving(b.data, b.len, 0, true, whole,
		                     &ws, &a, &err),
		    CUSTODY_OK);
		assert_int_equal(parse_arriving(b.data, b.len, 1000, true, part,
		                     &ps, &a, &err),
		    CUSTODY_OK);
		assert_string_equal(part, whole);
		assert_true(a.records_before_end > 2000);
		free(ws);
		free(ps);
		custody_buf_release(&b);
	}
	/* strict: the same refusal, at the same line and byte */
	assert_int_equal(
	    parse_arriving(tsv, sizeof(tsv) - 1, 0, true, whole, &ws, &a, &err),
	    CUSTODY_ERR_FORMAT);
	snprintf(whole, sizeof(whole), "%.64s", err.msg);
	assert_int_equal(
	    parse_arriving(tsv, sizeof(tsv) - 1, 5, true, part, &ps, &a, &err),
	    CUSTODY_ERR_FORMAT);
	assert_non_null(strstr(err.msg, "r.tsv:6: byte"));
	assert_int_equal(strncmp(err.msg, whole, strlen(whole)), 0);
	/* nothing at all: an empty original, as from a file */
	assert_int_equal(
	    parse_arriving("", 0, 1, true, part, &ps, &a, &err), CUSTODY_OK);
	assert_non_null(strstr(ps, "the response has no bytes"));
	free(ps);
}

static void
test_tsv_orgmap_and_events_rows_go_to_their_tables(void **state)
{
	static const char orgmap[] =
	    "cidr\torg\tsource\tvalid_from\tvalid_until\n"
	    "String\tString\tString\tNullable(Date)\tNullable(Date)\n"
	    "192.0.2.0/26\tAlfa Bank\tRIPE whois\t2016-01-01\t\\N\n"
	    "2001:db8::/32\tExample\tRFC 3849\t\\N\t2017-01-01\n"
	    "10.0.0.1/8\tBad\tbits past the prefix\t\\N\t\\N\n";
	static const char events[] =
	    "date\tlabel\tsource\nDate\tString\tString\n"
	    "2016-07-18\trnc-convention\tgeneral record\n";
	struct custody_error err;
	sqlite3 *db = tu_memdb();

	(void)state;
	assert_int_equal(RUN(db, &custody_parser_clickhouse_orgmap, orgmap,
	                     NULL, false, &err),
	    CUSTODY_OK);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM orgmap"), 2);
	assert_string_equal(
	    tu_text(db, "SELECT org FROM orgmap WHERE loc_index = 3"),
	    "Alfa Bank");
	assert_string_equal(
	    tu_text(db, "SELECT valid_from FROM orgmap WHERE loc_index = 3"),
	    "2016-01-01");
	assert_int_equal(
	    tu_int(db,
	        "SELECT valid_until IS NULL FROM orgmap WHERE loc_index = 3"),
	    1);
	assert_string_equal(
	    tu_text(db, "SELECT cidr FROM orgmap WHERE loc_index = 4"),
	    "2001:db8::/32");
	sqlite3_close(db);
	db = tu_memdb();
	assert_int_equal(RUN(db, &custody_parser_clickhouse_events, events,
	                     NULL, true, &err),
	    CUSTODY_OK);
	assert_string_equal(
	    tu_text(db, "SELECT label FROM timeline"), "rnc-convention");
	assert_int_equal(
	    tu_int(db, "SELECT time_ns FROM timeline"), 1468800000LL * NS);
	sqlite3_close(db);
}

static void
test_tsv_is_detected_by_its_names_and_types(void **state)
{
	static const char dns[] =
	    "time\tclient\tqname\nDateTime(\\'UTC\\')\tString\tString\n";
	static const char org[] = "cidr\torg\tsource\nString\tString\tString\n";
	static const char not [] =
	    "time\tclient\tqname\n2016-09-23\t1.2.3.4\ta.example\n";

	(void)state;
	assert_string_equal(
	    custody_format_detect((const uint8_t *)dns, sizeof(dns) - 1),
	    "clickhouse-dns");
	assert_string_equal(
	    custody_format_detect((const uint8_t *)org, sizeof(org) - 1),
	    "clickhouse-orgmap");
	assert_true(custody_format_detect(
	                (const uint8_t *)not, sizeof(not ) - 1) == NULL ||
	    strcmp(
	        custody_format_detect((const uint8_t *)not, sizeof(not ) - 1),
	        "clickhouse-dns") != 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    test_builtin_queries_load_with_typed_params_and_columns),
		cmocka_unit_test(
		    test_bind_writes_each_value_as_a_literal_of_its_type),
		cmocka_unit_test(
		    test_bind_escapes_quotes_and_backslashes_in_strings),
		cmocka_unit_test(
		    test_bind_refuses_values_that_are_not_of_their_type),
		cmocka_unit_test(
		    test_bind_names_unknown_and_missing_parameters),
		cmocka_unit_test(
		    test_query_files_with_bad_placeholders_are_refused_with_their_line),
		cmocka_unit_test(
		    test_query_files_with_a_nul_byte_or_too_large_are_refused),
		cmocka_unit_test(
		    test_extract_refuses_urls_with_credentials_before_asking),
		cmocka_unit_test(
		    test_ch_quote_escapes_only_quote_and_backslash),
		cmocka_unit_test(
		    test_tsv_rows_become_dns_queries_with_their_line_and_offset),
		cmocka_unit_test(
		    test_tsv_times_take_the_zone_of_their_column_or_tz),
		cmocka_unit_test(
		    test_tsv_headers_that_do_not_fit_the_format_are_refused_naming_the_column),
		cmocka_unit_test(
		    test_tsv_bad_rows_are_skipped_or_refuse_the_file_when_strict),
		cmocka_unit_test(
		    test_tsv_without_rows_is_an_empty_original_that_says_so),
		cmocka_unit_test(
		    test_tsv_parsed_as_it_arrives_gives_the_records_of_the_whole),
		cmocka_unit_test(
		    test_tsv_orgmap_and_events_rows_go_to_their_tables),
		cmocka_unit_test(test_tsv_is_detected_by_its_names_and_types),
	};

	return cmocka_run_group_tests_name("extract", tests, NULL, NULL);
}
