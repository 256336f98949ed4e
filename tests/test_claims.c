/*
 * test_claims.c: the claims reader refuses what it does not understand,
 * with the line; verdicts follow the expectation; absence of evidence is
 * UNTESTABLE, never CONTRADICTED nor SUPPORTED.
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
	snprintf(dir, sizeof(dir), "%s/custody-claims-XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/case", dir);
	assert_int_equal(custody_key_generate(&key, &err), CUSTODY_OK);
	who.key = key;
	who.now_ns = 1700000000000000000;
	assert_int_equal(
	    custody_case_create(&kase, path, "t", "tester", &who, &err),
	    CUSTODY_OK);
	/* one DNS log (evidence 1) with lookups; no capture; an orgmap */
	exec(
	    "INSERT INTO evidence(id, sha256, sha512, size, original_name, format, parser, "
	    "parser_version, event_seq, parse_digest, source, time_first_ns, time_last_ns) VALUES "
	    "(1, 'aa110000000000000000000000000000000000000000000000000000000000ff', 'x', 1, 'ns1.log', 'csv', 'csv', '1', 1, '', 'published-logs', "
	    "1462320000000000000, 1464998400000000000), (2, 'bb22', 'x', 1, 'orgs.csv', 'orgmap', "
	    "'orgmap', '1', 1, '', NULL, NULL, NULL)");
	exec(
	    "INSERT INTO orgmap(evidence_id, loc_index, loc_offset, cidr, family, net_lo, net_hi, "
	    "org, source) VALUES (2, 2, 0, '192.0.2.0/28', 4, addr_key('192.0.2.0'), "
	    "addr_key('192.0.2.15'), 'Alfa Bank', 'test')");
	/* 3 Alfa lookups and 1 other, May 2016 */
	exec(
	    "INSERT INTO dns_message(evidence_id, loc_index, loc_offset, time_ns, src, qr, qname, "
	    "qtype) VALUES (1, 1, 0, 1462356000000000000, '192.0.2.1', 0, 'mail1.example.com', 1), "
	    "(1, 2, 40, 1462442400000000000, '192.0.2.2', 0, 'mail1.example.com', 1), "
	    "(1, 3, 80, 1462528800000000000, '192.0.2.2', 0, 'mail1.example.com', 1), "
	    "(1, 4, 120, 1462615200000000000, '198.51.100.1', 0, 'mail1.example.com', 1)");
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

/* Parses text; returns the code and leaves the message in err. */
static enum custody_code
parse(const char *text, struct custody_claims **cl, struct custody_error *err)
{
	return custody_claims_parse(cl, "claims.ini", text, strlen(text), err);
}

static void
refused(const char *text, const char *where, const char *what)
{
	struct custody_error err = { 0 };
	struct custody_claims *cl = NULL;

	if (parse(text, &cl, &err) == CUSTODY_OK)
		fail_msg("accepted: %s", text);
	if (strstr(err.msg, where) == NULL || strstr(err.msg, what) == NULL)
		fail_msg(
		    "message '%s' lacks '%s' or '%s'", err.msg, where, what);
	assert_null(cl);
}

#define HEAD                                                                   \
	"[claim C1]\ntext = t\nquery = lookup_count\nhost = mail1.example.com\n"

static void
test_strict_reader(void **state)
{
	(void)state;
	refused(
	    "[claim C1]\ntext = t\nquery = lookup_count\nhost = h\nsinse = 2016-01-01\n"
	    "expect = >= 1\n",
	    "claims.ini:5", "sinse");
	/* The line of the typo, not of its section (it was line 1). */
	refused(
	    "[claim C1]\ntext = t\nquery = lookup_count\nhots = h\nexpect = >= 1\n",
	    "claims.ini:4:", "'hots'");
	refused(
	    "[claim C1]\ntext = t\nquery = lookup_count\nhost = h\nexpect = >= 1\n"
	    "since = 2016-13-01\n",
	    "claims.ini:6:", "since=2016-13-01");
	refused(
	    "[defaults]\nevidense = logs\n[claim C1]\ntext = t\nquery = lookup_count\n"
	    "host = h\nexpect = >= 1\n",
	    "claims.ini:2:", "evidense");
	refused(
	    "[defaults]\nsince = 2016-02-30x\n[claim C1]\ntext = t\nquery = lookup_count\n"
	    "host = h\nexpect = >= 1\n",
	    "claims.ini:2:", "since=");
	refused(
	    "[case]\ntitle = x\n[claim C1]\ntext = t\nquery = lookup_count\nhost = h\n"
	    "expect = >= 1\n",
	    "claims.ini:2:", "description");
	refused(HEAD "expect = >= 1\nhost = other\n", "claims.ini:6",
	    "host given twice");
	refused(
	    HEAD "expect = at least 5\n", "claims.ini:5", "not a condition");
	refused(HEAD "expect = 0.8 + 0.1\n", "claims.ini:5", "+- T");
	refused(HEAD "expect = >= 'x'\n", "claims.ini:5",
	    "only be compared with ==");
	refused(HEAD "expect = between 1\n", "claims.ini:5", "two bounds");
	refused("[claim C1]\ntext = t\nquery = no_such\nexpect = >= 1\n",
	    "claims.ini:3", "no_such");
	refused("[claim C1]\ntext = t\nquery = lookup_count\nexpect = >= 1\n",
	    "claims.ini:1", "needs host");
	refused(HEAD "expect = >= 1\n[claim C1]\n", "claims.ini:6",
	    "appears twice");
	refused("[claims C1]\n", "claims.ini:1", "unknown section");
	refused("text = t\n", "claims.ini:1", "outside any");
	refused(
	    "[defaults]\nexpect = >= 1\n", "claims.ini:2", "not in [defaults]");
	refused(HEAD "expect = >= 1\nsince = last week\n", "claims.ini",
	    "not a UTC date");
	refused("# nothing\n", "claims.ini", "no [claim");
	refused(HEAD "expect\n", "claims.ini:5", "key = value");
	/* numbers in plain decimal only */
	refused(HEAD "expect = >= 0x1p-1\n", "claims.ini:5", "not a number");
	refused(HEAD "expect = >= 1e3\n", "claims.ini:5", "not a number");
	refused(HEAD "expect = 0.5 +- .1\n", "claims.ini:5", "+- T");
	refused(
	    HEAD "expect = between 0x10 20\n", "claims.ini:5", "two numbers");
}

/* One INI reader (lib/base/ini.c): the line an error names is the physical
 * line its item starts on, counted past blank, comment, CRLF and
 * continuation lines; a continuation joins the value with one space; a
 * parameter filled from [defaults] keeps the line it was written on. */
static void
test_ini_lines(void **state)
{
	struct custody_error err = { 0 };
	struct custody_claims *cl = NULL;
	const struct custody_claim *c;
	size_t i;

	(void)state;
	/* lines 1-3 blank/comment, 4 header, 5-7 a value over three lines */
	refused(
	    "\n# c\n; c\n[claim C1]\ntext = a\n  b\n\tc\nquery = lookup_count\nhots = h\n"
	    "expect = >= 1\n",
	    "claims.ini:9:", "'hots'");
	refused(
	    "[claim C1]\r\n\r\ntext = t\r\nquery = lookup_count\r\n# c\r\nhots = h\r\n"
	    "expect = >= 1\r\n",
	    "claims.ini:6:", "'hots'"); /* CRLF */
	/* an error in a continued value names the key's line */
	refused(HEAD "expect = >=\n   at least\n", "claims.ini:5",
	    "'at' is not a number");
	/* a default with a typo names its own line, not the claim's */
	refused("# c\n\n[defaults]\nsince = 2016-02-30x\n[claim C1]\ntext = t\n"
	        "query = lookup_count\nhost = h\nexpect = >= 1\n",
	    "claims.ini:4:", "since=");
	refused(HEAD "expect = >= 1\n[claim C2\n", "claims.ini:6",
	    "one ] at the end");
	refused(HEAD "expect = >= 1\n[claim] C2]\n", "claims.ini:6",
	    "one ] at the end");
	refused(HEAD "expect = >= 1\nrow = +2\n", "claims.ini:6",
	    "row is a number");
	refused(HEAD "expect = >= 1\nrow = 18446744073709551617\n",
	    "claims.ini:6", "row is a number");

	assert_int_equal(custody_claims_parse(&cl, "claims.ini",
	                     "[claim C1]\ntext = t\0x\n", 22, &err),
	    CUSTODY_ERR_FORMAT);
	assert_non_null(strstr(err.msg, "claims.ini:2: a NUL byte"));

	assert_int_equal(
	    parse("[defaults]\n# the host every claim asks about\n"
	          "host = mail1.example.com\n\n[claim C1]\ntext = one\n  two\n"
	          "query = lookup_count\nexpect = >= 1\n",
	        &cl, &err),
	    CUSTODY_OK);
	c = &cl->claim[0];
	assert_string_equal(c->text, "one two");
	assert_int_equal(c->line, 5);
	assert_int_equal(c->query_line, 8);
	assert_int_equal(c->expect_line, 9);
	for (i = 0; i < c->nparam && strcmp(c->param[i].key, "host") != 0; i++)
		;
	assert_true(i < c->nparam);
	assert_string_equal(c->param[i].value, "mail1.example.com");
	assert_int_equal(c->param_line[i], 3);
	custody_claims_free(cl);
}

static enum custody_verdict
verdict(const char *text, const char **observed)
{
	struct custody_error err = { 0 };
	struct custody_claims *cl = NULL;
	enum custody_verdict v;
	static char obs[256];

	if (parse(text, &cl, &err) != CUSTODY_OK)
		fail_msg("%s", err.msg);
	if (custody_claims_run(kase, cl, &err) != CUSTODY_OK)
		fail_msg("%s", err.msg);
	v = cl->claim[0].verdict;
	snprintf(obs, sizeof(obs), "%s",
	    cl->claim[0].observed     ? cl->claim[0].observed
	        : cl->claim[0].reason ? cl->claim[0].reason
	                              : "");
	if (observed != NULL)
		*observed = obs;
	custody_claims_free(cl);
	return v;
}

/* A claim whose evidence selector is refused by custody_claims_run(). */
static void
selector_refused(const char *sel, const char *msg)
{
	struct custody_error err = { 0 };
	struct custody_claims *cl = NULL;
	char text[512];

	snprintf(
	    text, sizeof(text), "%sevidence = %s\nexpect = == 0\n", HEAD, sel);
	if (parse(text, &cl, &err) != CUSTODY_OK)
		fail_msg("%s", err.msg);
	assert_int_equal(custody_claims_run(kase, cl, &err), CUSTODY_ERR_USAGE);
	if (strstr(err.msg, msg) == NULL)
		fail_msg("'%s' lacks '%s'", err.msg, msg);
	custody_claims_free(cl);
}

static void
test_verdicts(void **state)
{
	const char *obs;

	(void)state;
	assert_int_equal(verdict(HEAD "org = Alfa Bank\nexpect = == 3\n", &obs),
	    CUSTODY_SUPPORTED);
	assert_string_equal(obs, "3");
	assert_int_equal(verdict(HEAD "org = Alfa Bank\nexpect = >= 4\n", NULL),
	    CUSTODY_CONTRADICTED);
	assert_int_equal(
	    verdict(HEAD "expect = 4 +- 0\n", NULL), CUSTODY_SUPPORTED);
	assert_int_equal(
	    verdict(HEAD "expect = between 5 9\n", NULL), CUSTODY_CONTRADICTED);
	assert_int_equal(
	    verdict(
	        "[claim S]\ntext = t\nquery = lookup_share\nhost = "
	        "mail1.example.com\norg = Alfa Bank\nexpect = 0.75 +- 0.01 and lookups == 3 and "
	        "total < 5\n",
	        &obs),
	    CUSTODY_SUPPORTED);
	assert_int_equal(
	    verdict(
	        "[claim F]\ntext = t\nquery = first_querier\nhost = "
	        "mail1.example.com\nexpect = == 'Alfa Bank' and time between 2016-05-04 2016-05-04\n",
	        NULL),
	    CUSTODY_SUPPORTED);
	assert_int_equal(
	    verdict(
	        "[claim F]\ntext = t\nquery = first_querier\nhost = "
	        "mail1.example.com\nexpect = time between 2016-05-05 2016-06-01\n",
	        NULL),
	    CUSTODY_CONTRADICTED);
	/* defaults reach the claims whose query takes them */
	assert_int_equal(
	    verdict(
	        "[defaults]\nevidence = published-logs\norg = Alfa Bank\n" HEAD
	        "expect = == 3\n",
	        NULL),
	    CUSTODY_SUPPORTED);
	/* a selector that names nothing is the claims file's mistake, not an
	 * absence of evidence, unless the caller asks for that reading */
	selector_refused("nowhere",
	    "claims.ini:1: claim C1: evidence: evidence 'nowhere' names no"
	    " evidence of this case");
	selector_refused("nowhere", "its labels: 'published-logs'");
	/* a LIKE pattern matched every label and counted twice: now it is itself */
	selector_refused("%", "names no evidence");
	selector_refused("published_logs", "names no evidence");
	selector_refused("aa1", "names no evidence");
	{
		struct custody_error err = { 0 };
		struct custody_claims *cl = NULL;

		assert_int_equal(parse("[defaults]\nevidence = nowhere\n" HEAD
		                       "expect = == 0\n",
		                     &cl, &err),
		    CUSTODY_OK);
		cl->absent_untestable = true;
		assert_int_equal(
		    custody_claims_run(kase, cl, &err), CUSTODY_OK);
		assert_int_equal(cl->claim[0].verdict, CUSTODY_UNTESTABLE);
		assert_non_null(strstr(
		    cl->claim[0].reason, "its labels: 'published-logs'"));
		custody_claims_free(cl);
	}
	/* an expect of the wrong type is the claims file's error, not a verdict */
	{
		struct custody_error err = { 0 };
		struct custody_claims *cl = NULL;

		assert_int_equal(
		    parse("[claim F]\ntext = t\nquery = first_querier\nhost = "
		          "mail1.example.com\nexpect = >= 1\n",
		        &cl, &err),
		    CUSTODY_OK);
		assert_int_equal(
		    custody_claims_run(kase, cl, &err), CUSTODY_ERR_FORMAT);
		assert_non_null(strstr(
		    err.msg, "claims.ini:1: claim F: expect compares column"));
		assert_non_null(strstr(
		    err.msg, "with a number, but the column holds text"));
		custody_claims_free(cl);
		cl = NULL;
		assert_int_equal(
		    parse(HEAD "expect = == 'three'\n", &cl, &err), CUSTODY_OK);
		assert_int_equal(
		    custody_claims_run(kase, cl, &err), CUSTODY_ERR_FORMAT);
		assert_non_null(strstr(err.msg,
		    "with text ('...'), but the column holds numbers"));
		custody_claims_free(cl);
	}
	/* a prefix of 6 or more hex digits, any case; an id */
	assert_int_equal(
	    verdict(HEAD "evidence = AA1100\nexpect = == 4\n", NULL),
	    CUSTODY_SUPPORTED);
	assert_int_equal(verdict(HEAD "evidence = 1\nexpect = == 4\n", NULL),
	    CUSTODY_SUPPORTED);
}

/* Lookup figures name their unit; statistical figures print what chance
 * gives beside them; a comparison needs both of its records. */
static void
test_units_and_baselines(void **state)
{
	struct custody_error err = { 0 };
	struct custody_claims *cl = NULL;
	const char *obs;
	char *json;

	(void)state;
	refused(HEAD "dedupe = packets\nexpect = >= 1\n", "claims.ini:5",
	    "dedupe=packets");
	assert_int_equal(
	    verdict(
	        "[claim C10]\ntext = t\nquery = business_hours_share\nhost = "
	        "mail1.example.com\ntz = Europe/Moscow\nsince = 2016-05-04\nuntil = 2016-05-11\n"
	        "expect = >= 0.9\n",
	        &obs),
	    CUSTODY_CONTRADICTED);
	assert_non_null(strstr(obs, "(baseline 0.2"));
	assert_int_equal(
	    parse("[claim K10]\ntext = t\nquery = requery_within_ttl\nhost = "
	          "mail1.example.com\nexpect = requeries == 0\n",
	        &cl, &err),
	    CUSTODY_OK);
	assert_int_equal(custody_claims_run(kase, cl, &err), CUSTODY_OK);
	assert_int_equal(cl->claim[0].verdict, CUSTODY_UNTESTABLE);
	assert_non_null(strstr(cl->claim[0].reason, "no TTL"));
	custody_claims_free(cl);
	cl = NULL;
	/* a capture in the case that holds no DNS message */
	exec(
	    "INSERT INTO evidence(id, sha256, sha512, size, original_name, format, parser, "
	    "parser_version, event_seq, parse_digest, source) VALUES (5, 'ee55', 'x', 1, "
	    "'cap.pcap', 'pcap', 'pcap', '1', 1, '', 'capture')");
	assert_int_equal(
	    verdict(
	        "[claim K05]\ntext = t\nquery = corroborate\nhost = "
	        "mail1.example.com\nevidence_a = published-logs\nevidence_b = capture\n"
	        "tolerance_ms = 1000\ncolumn = only_b\nexpect = >= 1\n",
	        &obs),
	    CUSTODY_UNTESTABLE);
	assert_non_null(strstr(obs, "no DNS evidence capture"));
	exec("DELETE FROM evidence WHERE id = 5");
	assert_int_equal(
	    parse(HEAD
	        "dedupe = server\nexpect = >= 1\n[claim C2]\ntext = t\n"
	        "query = lookup_count\nhost = mail1.example.com\nexpect = >= 1\n[claim C3]\n"
	        "text = t\nquery = first_querier\nhost = mail1.example.com\nexpect = == 'x'\n",
	        &cl, &err),
	    CUSTODY_OK);
	assert_int_equal(custody_claims_run(kase, cl, &err), CUSTODY_OK);
	assert_non_null(json = custody_claims_report_json(kase, cl, "head"));
	assert_non_null(strstr(json,
	    "\"unit\":\"queries (QR=0), duplicates across servers "
	    "collapsed\""));
	assert_non_null(strstr(json, "\"unit\":\"queries (QR=0) as logged\""));
	assert_non_null(strstr(json, "\"unit\":null"));
	free(json);
	assert_non_null(json = custody_report_md(kase, cl, "head"));
	assert_non_null(strstr(json,
	    "- Unit: queries (QR=0), duplicates across servers collapsed"));
	free(json);
	custody_claims_free(cl);
}

static void
test_absence_is_untestable(void **state)
{
	const char *obs;

	(void)state;
	/* a host nobody looked up: no figure, not a contradiction of "== 0" or ">= 1" */
	assert_int_equal(
	    verdict("[claim N]\ntext = t\nquery = lookup_count\nhost = "
	            "nobody.example.com\nexpect = >= 1\n",
	        &obs),
	    CUSTODY_UNTESTABLE);
	assert_non_null(strstr(obs, "no lookups of nobody.example.com"));
	/* a window no evidence covers */
	assert_int_equal(
	    verdict(HEAD
	        "since = 2017-02-18\nuntil = 2017-02-19\nexpect = >= 1\n",
	        &obs),
	    CUSTODY_UNTESTABLE);
	assert_non_null(strstr(obs, "covers 2017-02-18"));
	/* no capture: "no sessions" is not supported by silence */
	assert_int_equal(
	    verdict("[claim K01]\ntext = t\nquery = tcp_sessions\nport = 25\n"
	            "org_a = Alfa Bank\norg_b = Listrak\nexpect = == 0\n",
	        &obs),
	    CUSTODY_UNTESTABLE);
	assert_non_null(strstr(obs, "no packet capture"));
	/* a log without responses cannot say when a name stopped resolving */
	assert_int_equal(
	    verdict(
	        "[claim C13]\ntext = t\nquery = resolution_status\nhost = "
	        "mail1.example.com\nexpect = last_answer between 2016-09-23 2016-09-23\n",
	        &obs),
	    CUSTODY_UNTESTABLE);
	assert_non_null(strstr(obs, "responses"));
	/* a capture that covers the window makes zero sessions an observation */
	exec(
	    "INSERT INTO evidence(id, sha256, sha512, size, original_name, format, parser, "
	    "parser_version, event_seq, parse_digest, time_first_ns, time_last_ns) VALUES (3, 'cc33', "
	    "'x', 1, 'cap.pcap', 'pcap', 'pcap', '1', 1, '', 1462320000000000000, "
	    "1464998400000000000)");
	assert_int_equal(
	    verdict("[claim K01]\ntext = t\nquery = tcp_sessions\nport = 25\n"
	            "org_a = Alfa Bank\norg_b = Listrak\nexpect = == 0\n",
	        NULL),
	    CUSTODY_SUPPORTED);
}

static void
test_two_sources_need_a_choice(void **state)
{
	struct custody_error err = { 0 };
	struct custody_claims *cl = NULL;

	(void)state;
	exec(
	    "INSERT INTO evidence(id, sha256, sha512, size, original_name, format, parser, "
	    "parser_version, event_seq, parse_digest, source) VALUES (4, 'dd44', 'x', 1, "
	    "'query.log', 'bind', 'bind', '1', 1, '', 'server-log')");
	exec(
	    "INSERT INTO dns_message(evidence_id, loc_index, loc_offset, time_ns, src, qr, qname) "
	    "VALUES (4, 1, 0, 1462356000000000000, '192.0.2.1', 0, 'mail1.example.com')");
	assert_int_equal(parse(HEAD "expect = >= 1\n", &cl, &err), CUSTODY_OK);
	assert_int_equal(
	    custody_claims_run(kase, cl, &err), CUSTODY_ERR_FORMAT);
	assert_non_null(strstr(err.msg, "claims.ini:1"));
	assert_non_null(strstr(err.msg, "name one with evidence"));
	custody_claims_free(cl);
	assert_int_equal(
	    verdict(HEAD "evidence = server-log\nexpect = == 1\n", NULL),
	    CUSTODY_SUPPORTED);
	assert_int_equal(
	    verdict(HEAD "evidence = aa1100\nexpect = == 4\n", NULL),
	    CUSTODY_SUPPORTED);
	exec("DELETE FROM dns_message WHERE evidence_id = 4");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strict_reader),
		cmocka_unit_test(test_ini_lines),
		cmocka_unit_test(test_verdicts),
		cmocka_unit_test(test_units_and_baselines),
		cmocka_unit_test(test_absence_is_untestable),
		cmocka_unit_test(test_two_sources_need_a_choice),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
