/*
 * test_lint.c: lint's model checks (lib/analysis/lintstat.c) on records built
 * here, each with a case it must flag and a near case it must leave
 * alone; the beta-binomial tails against exact sums; and
 * schema/queries/corroborate.sql through custody_corroborate_db().
 */
#include <math.h>

#include "testutil.h"
#include "lint.h"

#define NS   1000000000LL
#define HOUR (3600 * NS)
#define DAY  (86400 * NS)

/* ------------------------------------------------------------ helpers */

struct got {
	char text[16384];
	size_t len;
};

static void
collect(const struct custody_lint_finding *f, void *arg)
{
	struct got *g = arg;
	static const char *const sev[] = { "note", "warning", "error" };
	int n = snprintf(g->text + g->len, sizeof(g->text) - g->len,
	    "%s:%s:%llu %s\n", sev[f->severity], f->check,
	    (unsigned long long)f->line, f->message);

	if (n > 0 && (size_t)n < sizeof(g->text) - g->len)
		g->len += (size_t)n;
}

static void
run(const struct lint_data *d, struct got *g)
{
	struct custody_lint_opts o;
	struct custody_lint_counts c = { 0, 0, 0 };
	struct lint l;

	memset(&o, 0, sizeof(o));
	memset(g, 0, sizeof(*g));
	o.emit = collect;
	o.arg = g;
	l.o = &o;
	l.c = &c;
	l.file = "test";
	l.packets = false;
	lint_model_checks(&l, d);
}

/* Whether check reported a warning. */
static bool
warned(const struct got *g, const char *check)
{
	char key[64];

	snprintf(key, sizeof(key), "warning:%s:", check);
	return strstr(g->text, key) != NULL;
}

static void
add(struct lint_data *d, int64_t t, uint32_t src, int32_t port, uint32_t qname,
    uint64_t ptr)
{
	struct lint_rec r;

	memset(&r, 0, sizeof(r));
	r.t = t;
	r.line = d->n + 1;
	r.off = d->n * 100;
	r.src = src;
	r.sport = port;
	r.qname = qname;
	r.qtype = 1;
	r.prec = 3;
	r.ptr = ptr;
	assert_true(lint_data_add(d, &r));
}

static int
cmp_rec(const void *x, const void *y)
{
	const struct lint_rec *a = x, *b = y;

	return (a->t > b->t) - (a->t < b->t);
}

/* Renumbers lines in time order, as a log is written. */
static void
sort_lines(struct lint_data *d)
{
	size_t i;

	qsort(d->rec, d->n, sizeof(*d->rec), cmp_rec);
	for (i = 0; i < d->n; i++) {
		d->rec[i].line = i + 1;
		d->rec[i].off = i * 100;
	}
}

static uint64_t
poisson(struct custody_prng *p, double m)
{
	double l = exp(-m), prod = 1;
	uint64_t k = 0;

	for (;;) {
		prod *= custody_prng_unit(p);
		if (prod <= l)
			return k;
		k++;
	}
}

/*
 * A log of per_day queries a day over days days from 2016-05-02 (a
 * Monday), office-shaped (quiet nights and weekends), in sessions of one
 * to three queries, from eight clients with random ports and a pool of
 * four client objects; nothing between hole_from and hole_to (days).
 */
static void
make_log(struct lint_data *d, uint64_t seed, int days, double per_day,
    double hole_from, double hole_to, bool silent_nights)
{
	static const double hours[24] = { 0.02, 0.02, 0.02, 0.02, 0.02, 0.03,
		0.1, 0.5, 1.2, 1.5, 1.5, 1.5, 1.2, 1.4, 1.5, 1.5, 1.4, 1.2, 0.8,
		0.5, 0.3, 0.15, 0.08, 0.04 };
	struct custody_prng p;
	int64_t start = 1462147200LL * NS; /* 2016-05-02 */
	uint32_t clients[8], names[4];
	char buf[32];
	double norm = 0;
	int day, h, k;

	lint_data_init(d);
	custody_prng_seed(&p, seed, "test log");
	for (k = 0; k < 8; k++) {
		snprintf(buf, sizeof(buf), "198.51.100.%d", k + 1);
		clients[k] = lint_data_intern(d, buf);
	}
	for (k = 0; k < 4; k++) {
		snprintf(buf, sizeof(buf), "name%d.example", k);
		names[k] = lint_data_intern(d, buf);
	}
	for (h = 0; h < 24; h++)
		norm += hours[h];
	for (day = 0; day < days; day++) {
		double dayf = 0.6 + 0.8 * custody_prng_unit(&p);
		bool weekend = day % 7 >= 5;

		for (h = 0; h < 24; h++) {
			double m = per_day / 1.6 * dayf * hours[h] / norm *
			    (weekend ? 0.3 : 1.15);
			uint64_t n, i;

			if (silent_nights && (h < 6 || h > 21))
				continue;
			n = poisson(&p, m);
			for (i = 0; i < n; i++) {
				int64_t t = start + day * DAY + h * HOUR +
				    (int64_t)custody_prng_below(
				        &p, (uint64_t)HOUR);
				int q = 1 +
				    (int)custody_prng_below(&p, 2) *
				        (int)custody_prng_below(&p, 3);
				uint32_t c = clients[custody_prng_below(&p, 8)];

				for (k = 0; k < q; k++) {
					double at =
					    (double)(t - start) / (double)DAY;

					if (at >= hole_from && at < hole_to)
						continue;
					add(d, t, c,
					    1024 +
					        (int32_t)custody_prng_below(
					            &p, 64000),
					    names[custody_prng_below(&p, 4)],
					    0x7f3a5c000098ull +
					        0x1000000ull *
					            custody_prng_below(&p, 4));
					t += (int64_t)custody_prng_below(
					         &p, 200) *
					    1000000;
				}
			}
		}
	}
	sort_lines(d);
}

/* ------------------------------------------------------------ tails */

static void
test_bb_tails_match_exact_sums(void **state)
{
	/* BB(n=6, a=2, b=3): the pmf from its definition. */
	double pmf[7], sum = 0, up = 0, lo = 0;
	int k;

	(void)state;
	for (k = 0; k <= 6; k++) {
		pmf[k] = exp(lgamma(7) - lgamma(k + 1) - lgamma(7 - k) +
		    lgamma(k + 2) + lgamma(6 - k + 3) - lgamma(6 + 5) -
		    (lgamma(2) + lgamma(3) - lgamma(5)));
		sum += pmf[k];
	}
	assert_true(fabs(sum - 1) < 1e-12);
	for (k = 5; k <= 6; k++)
		up += pmf[k];
	assert_true(fabs(lint_bb_upper(5, 6, 2, 3) - up) < 1e-12);
	for (k = 0; k <= 0; k++)
		lo += pmf[k];
	assert_true(fabs(lint_bb_lower(0, 6, 2, 3) - lo) < 1e-12);
	/* Below the mean the upper tail is not computed: 1. */
	assert_true(lint_bb_upper(1, 6, 2, 3) == 1);
	/* Huge precision: the binomial. P(X >= 9 | n 10, p 0.5) = 11/1024. */
	assert_true(fabs(lint_bb_upper(9, 10, 5e6, 5e6) - 11.0 / 1024) < 1e-6);
}

/* ------------------------------------------------------------ rate */

static void
test_hole_of_five_days_at_twelve_a_day_is_found(void **state)
{
	struct lint_data d;
	struct got g;
	uint64_t seed;
	int found = 0;

	(void)state;
	for (seed = 1; seed <= 5; seed++) {
		make_log(&d, seed, 60, 12, 22.4, 27.4, false);
		run(&d, &g);
		found += warned(&g, "hole");
		lint_data_release(&d);
	}
	assert_int_equal(found, 5);
}

static void
test_hole_of_three_days_at_forty_a_day_is_found(void **state)
{
	struct lint_data d;
	struct got g;
	uint64_t seed;
	int found = 0;

	(void)state;
	for (seed = 1; seed <= 5; seed++) {
		make_log(&d, seed, 30, 40, 10.6, 13.6, false);
		run(&d, &g);
		found += warned(&g, "hole");
		if (seed == 1)
			assert_non_null(
			    strstr(g.text, "log's own rate predicts"));
		lint_data_release(&d);
	}
	assert_int_equal(found, 5);
}

static void
test_hole_quiet_nights_and_whole_logs_are_not_flagged(void **state)
{
	struct lint_data d;
	struct got g;
	uint64_t seed;

	(void)state;
	for (seed = 1; seed <= 5; seed++) {
		/* Every night silent for eight hours, weekends slow. */
		make_log(&d, seed, 30, 40, -1, -1, true);
		run(&d, &g);
		assert_false(warned(&g, "hole"));
		assert_false(warned(&g, "burst"));
		assert_false(warned(&g, "rate-change"));
		lint_data_release(&d);
		make_log(&d, seed, 60, 12, -1, -1, false);
		run(&d, &g);
		assert_false(warned(&g, "hole"));
		lint_data_release(&d);
	}
}

static void
test_burst_of_an_inserted_afternoon_is_found(void **state)
{
	struct lint_data d;
	struct got g;
	struct custody_prng p;
	uint32_t c, q;
	int i;

	(void)state;
	make_log(&d, 3, 30, 40, -1, -1, false);
	custody_prng_seed(&p, 3, "insert");
	c = lint_data_intern(&d, "198.51.100.1");
	q = lint_data_intern(&d, "name0.example");
	/* 60 more queries into three hours of a Wednesday afternoon. */
	for (i = 0; i < 60; i++)
		add(&d,
		    1462147200LL * NS + 16 * DAY + 13 * HOUR +
		        (int64_t)custody_prng_below(&p, 3 * (uint64_t)HOUR),
		    c, 1024 + (int32_t)custody_prng_below(&p, 64000), q,
		    0x7f3a5c000098ull);
	sort_lines(&d);
	run(&d, &g);
	assert_true(warned(&g, "burst"));
	lint_data_release(&d);
}

static void
test_rate_checks_need_two_days(void **state)
{
	struct lint_data d;
	struct got g;
	int i;

	(void)state;
	lint_data_init(&d);
	/* A day with a long silence in it: too short to know its hours. */
	for (i = 0; i < 200; i++)
		add(&d, 1462147200LL * NS + (i < 100 ? i : i + 500) * 60 * NS,
		    1, -1, 1, 0);
	run(&d, &g);
	assert_false(warned(&g, "hole"));
	lint_data_release(&d);
}

/* ------------------------------------------------------------ habits */

static void
test_port_run_among_random_ports_is_flagged(void **state)
{
	struct lint_data d;
	struct got g;
	struct custody_prng p;
	uint32_t a, b, q;
	int i;

	(void)state;
	lint_data_init(&d);
	custody_prng_seed(&p, 1, "ports");
	a = lint_data_intern(&d, "192.0.2.1");
	b = lint_data_intern(&d, "192.0.2.2");
	q = lint_data_intern(&d, "x.example");
	for (i = 0; i < 200; i++) {
		/* a: random, but six queries in a row from port 40000 */
		add(&d, (1000 + i * 60) * NS, a,
		    i >= 100 && i < 106
		        ? 40000
		        : 1024 + (int32_t)custody_prng_below(&p, 64000),
		    q, 0);
		/* b: a NAT counting up all along: noted, never warned */
		add(&d, (1000 + i * 60 + 30) * NS, b, 20000 + 3 * i, q, 0);
	}
	run(&d, &g);
	assert_non_null(
	    strstr(g.text, "warning:source-port:201 192.0.2.1 sent 6 queries"));
	assert_non_null(strstr(g.text,
	    "note:source-port:2 192.0.2.2 sends 200 of its 200 queries"));
	assert_null(strstr(g.text, "warning:source-port:2 "));
	lint_data_release(&d);
}

static void
test_client_objects_never_seen_again_are_flagged(void **state)
{
	struct lint_data d;
	struct got g;
	struct custody_prng p;
	int i, pass;

	(void)state;
	for (pass = 0; pass < 2; pass++) {
		lint_data_init(&d);
		custody_prng_seed(&p, 2, "pointers");
		for (i = 0; i < 300; i++) {
			uint64_t ptr = 0x7f3a5c000098ull +
			    0x100000ull * custody_prng_below(&p, 4);

			/* pass 1: ten made-up lines with fresh objects */
			if (pass == 1 && i >= 150 && i < 160)
				ptr = 0x7f3a00000098ull +
				    0x1c00ull * (unsigned long long)i;
			add(&d, (1000 + i * 90) * NS, 1, 1024 + i, 1, ptr);
		}
		run(&d, &g);
		assert_int_equal(warned(&g, "client-object"), pass == 1);
		lint_data_release(&d);
	}
}

static void
test_client_object_held_where_workers_vary_is_flagged(void **state)
{
	struct lint_data d;
	struct got g;
	struct custody_prng p;
	int i;

	(void)state;
	lint_data_init(&d);
	custody_prng_seed(&p, 3, "pointers");
	for (i = 0; i < 300; i++) {
		uint64_t ptr =
		    0x7f3a5c000098ull + 0x100000ull * custody_prng_below(&p, 4);

		if (i >= 100 && i < 125)
			ptr = 0x7f3a5c000098ull;
		add(&d, (1000 + i * 90) * NS, 1, 1024 + i, 1, ptr);
	}
	run(&d, &g);
	assert_non_null(strstr(
	    g.text, "warning:client-object:101 25 lines in a row name one"));
	lint_data_release(&d);
}

static void
test_merged_processes_alternate_and_a_restart_does_not(void **state)
{
	struct lint_data d;
	struct got g;
	uint32_t p1, p2;
	int i, pass;

	(void)state;
	for (pass = 0; pass < 2; pass++) {
		lint_data_init(&d);
		p1 = lint_data_intern(&d, "pid 1111");
		p2 = lint_data_intern(&d, "pid 2222");
		for (i = 0; i < 100; i++) {
			add(&d, (1000 + i * 10) * NS, 1, -1, 1, 0);
			/* pass 0: a restart half way; pass 1: two servers, merged */
			d.rec[d.n - 1].proc = pass == 0
			    ? (i < 50 ? p1 : p2)
			    : (i % 3 == 0 ? p2 : p1);
		}
		run(&d, &g);
		assert_int_equal(warned(&g, "merged"), pass == 1);
		lint_data_release(&d);
	}
}

static void
test_two_clocks_interleaved_are_merged(void **state)
{
	struct lint_data d;
	struct got g;
	int i, pass;

	(void)state;
	for (pass = 0; pass < 2; pass++) {
		lint_data_init(&d);
		/* pass 1: every third line from a clock 7.5 s behind, in the
		 * order written; pass 0: one NTP step back of 30 s */
		for (i = 0; i < 90; i++)
			add(&d,
			    (1000 + i * 2) * NS -
			        (pass == 1 && i % 3 == 0 ? 7500000000LL : 0) -
			        (pass == 0 && i >= 45 ? 30 * NS : 0),
			    1, -1, 1, 0);
		run(&d, &g);
		assert_int_equal(warned(&g, "merged"), pass == 1);
		if (pass == 1)
			assert_non_null(
			    strstr(g.text, "29 of them by about 5.5 s"));
		lint_data_release(&d);
	}
}

static void
test_flags_of_a_stretch_that_goes_back_are_flagged(void **state)
{
	struct lint_data d;
	struct got g;
	uint32_t usual, other;
	int i;

	(void)state;
	lint_data_init(&d);
	usual = lint_data_intern(&d, "-E(0)K");
	other = lint_data_intern(&d, "+E(0)");
	for (i = 0; i < 120; i++) {
		add(&d, (1000 + i * 60) * NS, 1, 1024 + i, 1, 0);
		d.rec[d.n - 1].flags = i >= 50 && i < 62 ? other : usual;
	}
	run(&d, &g);
	assert_non_null(strstr(g.text, "warning:flags:51 "));
	lint_data_release(&d);
	/* A change that stays (new software) is not flagged. */
	lint_data_init(&d);
	usual = lint_data_intern(&d, "-E(0)K");
	other = lint_data_intern(&d, "+E(0)");
	for (i = 0; i < 120; i++) {
		add(&d, (1000 + i * 60) * NS, 1, 1024 + i, 1, 0);
		d.rec[d.n - 1].flags = i >= 50 ? other : usual;
	}
	run(&d, &g);
	assert_false(warned(&g, "flags"));
	lint_data_release(&d);
}

static void
test_precision_whole_seconds_among_milliseconds(void **state)
{
	struct lint_data d;
	struct got g;
	struct custody_prng p;
	int i;

	(void)state;
	lint_data_init(&d);
	custody_prng_seed(&p, 4, "ms");
	for (i = 0; i < 200; i++) {
		int64_t ms = i >= 80 && i < 88
		    ? 0
		    : 1 + (int64_t)custody_prng_below(&p, 999);

		add(&d, (1000 + i * 60) * NS + ms * 1000000, 1, 1024 + i, 1, 0);
	}
	add(&d, (1000 + 200 * 60) * NS, 1, 2000, 1, 0);
	d.rec[d.n - 1].prec = 0;
	run(&d, &g);
	assert_non_null(
	    strstr(g.text, "warning:precision:81 8 lines in a row"));
	assert_non_null(strstr(g.text,
	    "warning:precision:201 1 line(s) have times with 0 digit(s)"));
	lint_data_release(&d);
}

static void
test_copied_day_is_found_and_its_shift_named(void **state)
{
	struct lint_data d;
	struct got g;
	size_t i, n;

	(void)state;
	make_log(&d, 5, 20, 40, -1, -1, false);
	run(&d, &g);
	assert_false(warned(&g, "copied"));
	/* Day 3's queries again on day 10, with only the date changed. */
	n = d.n;
	for (i = 0; i < n; i++) {
		struct lint_rec r = d.rec[i];
		int64_t day = (r.t - 1462147200LL * NS) / DAY;

		if (day == 3) {
			r.t += 7 * DAY;
			assert_true(lint_data_add(&d, &r));
		}
	}
	sort_lines(&d);
	run(&d, &g);
	assert_true(warned(&g, "copied"));
	assert_non_null(strstr(g.text, "7.00 days earlier"));
	lint_data_release(&d);
}

static void
test_requery_inside_the_cache_lifetime(void **state)
{
	struct lint_data d;
	struct got g;
	uint32_t q;
	int i, c, pass;

	(void)state;
	for (pass = 0; pass < 2; pass++) {
		lint_data_init(&d);
		q = lint_data_intern(&d, "mail.example");
		/* Six caching resolvers, each asking again an hour or more
		 * apart (TTL 3600) for twenty days. */
		for (c = 1; c <= 6; c++)
			for (i = 0; i < 240; i++)
				add(&d,
				    (int64_t)(c * 1000 + i * (3600 + 600 * c)) *
				        NS,
				    (uint32_t)c, -1, q, 0);
		/* pass 1: one of them asks every two minutes for an afternoon */
		if (pass == 1)
			for (i = 0; i < 40; i++)
				add(&d, (400000 + i * 120) * NS, 2, -1, q, 0);
		sort_lines(&d);
		run(&d, &g);
		assert_int_equal(warned(&g, "requery"), pass == 1);
		lint_data_release(&d);
	}
}

static void
test_intern_keeps_one_id_per_string(void **state)
{
	struct lint_data d;
	char buf[32];
	uint32_t first = 0;
	int i;

	(void)state;
	lint_data_init(&d);
	assert_int_equal(lint_data_intern(&d, NULL), 0);
	assert_int_equal(lint_data_intern(&d, ""), 0);
	for (i = 0; i < 5000; i++) {
		snprintf(buf, sizeof(buf), "10.0.%d.%d", i / 250, i % 250);
		if (i == 0)
			first = lint_data_intern(&d, buf);
		else
			assert_int_equal(
			    lint_data_intern(&d, buf), (uint32_t)i + 1);
	}
	assert_int_equal(lint_data_intern(&d, "10.0.0.0"), first);
	assert_string_equal(d.str[first], "10.0.0.0");
	lint_data_release(&d);
}

/* ------------------------------------------------------------ corroborate */

static void
add_msg(sqlite3 *db, int ev, int64_t t_ms, const char *src, const char *qname)
{
	char sql[512];

	snprintf(sql, sizeof(sql),
	    "INSERT INTO dns_message(evidence_id, loc_index, loc_offset, time_ns, src, qr, qname,"
	    " qtype) VALUES (%d, 1, 0, %lld, '%s', 0, '%s', 1)",
	    ev, (long long)t_ms * 1000000, src, qname);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
}

static void
test_corroborate(void **state)
{
	struct custody_corroboration r;
	struct custody_error err = { 0 };
	sqlite3 *db = tu_memdb();

	(void)state;
	assert_int_equal(
	    sqlite3_exec(db,
	        "INSERT INTO evidence(id, sha256, sha512, size, original_name, format,"
	        " parser, parser_version, event_seq, parse_digest)"
	        " VALUES (2, 'y', 'y', 0, 'b', 'test', 'test', '0', 1, '')",
	        NULL, NULL, NULL),
	    SQLITE_OK);
	/* B's clock is 2.5 s ahead; a duplicate pair, one only in A, one only in B */
	add_msg(db, 1, 1000, "1.1.1.1", "a.example");
	add_msg(db, 1, 1000, "1.1.1.1", "a.example");
	add_msg(db, 1, 5000, "2.2.2.2", "a.example");
	add_msg(db, 1, 9000, "1.1.1.1", "b.example");
	add_msg(db, 1, 20000, "3.3.3.3", "c.example");
	add_msg(db, 2, 3500, "1.1.1.1", "a.example");
	add_msg(db, 2, 3500, "1.1.1.1", "a.example");
	add_msg(db, 2, 7500, "2.2.2.2", "a.example");
	add_msg(db, 2, 11500, "1.1.1.1", "b.example");
	add_msg(db, 2, 30000, "4.4.4.4", "d.example");
	assert_int_equal(
	    custody_corroborate_db(db, 1, 2, 500, &r, &err), CUSTODY_OK);
	assert_int_equal(r.matched, 4);
	assert_int_equal(r.only_in_a, 1);
	assert_int_equal(r.only_in_b, 1);
	assert_true(r.clock_offset_ms > 2499 && r.clock_offset_ms < 2501);
	sqlite3_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bb_tails_match_exact_sums),
		cmocka_unit_test(
		    test_hole_of_five_days_at_twelve_a_day_is_found),
		cmocka_unit_test(
		    test_hole_of_three_days_at_forty_a_day_is_found),
		cmocka_unit_test(
		    test_hole_quiet_nights_and_whole_logs_are_not_flagged),
		cmocka_unit_test(test_burst_of_an_inserted_afternoon_is_found),
		cmocka_unit_test(test_rate_checks_need_two_days),
		cmocka_unit_test(test_port_run_among_random_ports_is_flagged),
		cmocka_unit_test(
		    test_client_objects_never_seen_again_are_flagged),
		cmocka_unit_test(
		    test_client_object_held_where_workers_vary_is_flagged),
		cmocka_unit_test(
		    test_merged_processes_alternate_and_a_restart_does_not),
		cmocka_unit_test(test_two_clocks_interleaved_are_merged),
		cmocka_unit_test(
		    test_flags_of_a_stretch_that_goes_back_are_flagged),
		cmocka_unit_test(
		    test_precision_whole_seconds_among_milliseconds),
		cmocka_unit_test(test_copied_day_is_found_and_its_shift_named),
		cmocka_unit_test(test_requery_inside_the_cache_lifetime),
		cmocka_unit_test(test_intern_keeps_one_id_per_string),
		cmocka_unit_test(test_corroborate),
	};

	return cmocka_run_group_tests_name("lint", tests, NULL, NULL);
}
