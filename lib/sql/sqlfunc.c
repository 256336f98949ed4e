/*
 * sqlfunc.c: the SQL functions the fixed queries need and SQL lacks.
 *
 * The query file stays the one description of what was computed: anything
 * SQL cannot express (a time zone's local hour, CIDR membership, the
 * burstiness of inter-arrival gaps, a permutation test) is a function
 * registered here under a name the query calls. Each is deterministic, so
 * the same case gives the same figures on any machine with the same tz
 * database; the permutation test takes its seed as an argument.
 *
 *   custody_ns(TEXT)                 ISO date or time -> UTC ns (NULL stays NULL)
 *   custody_iso(NS)                  UTC ns -> "YYYY-MM-DDTHH:MM:SSZ"
 *   seconds_ns(N), minutes_ns(N), hours_ns(N), days_ns(N)
 *                                    N of that unit in ns (time_ns / days_ns(1)
 *                                    is the UTC day number); an integer stays
 *                                    an integer, a real a real, anything else
 *                                    is NULL
 *   addr_key(TEXT)                   address -> 4- or 16-byte blob (network order)
 *   addr_norm(TEXT)                  address -> its canonical text (RFC 5952 for
 *                                    IPv6), NULL when it is not an address
 *   org_of(ADDR, NS)                 the organisation the case's orgmap gives ADDR
 *                                    at time NS: the most specific valid range
 *   qtype_num(TEXT), qtype_name(INT) "MX" <-> 15
 *   list_has(LIST, ITEM)             1 when ITEM is one of the comma-separated LIST
 *   evidence_is(SEL, ID, SOURCE, SHA256)
 *                                    1 when the selector SEL names that evidence
 *                                    item: its label exactly, a SHA-256 prefix
 *                                    of 6+ hex digits, or its id (query.c)
 *   tz_offset(NS, ZONE)              seconds east of UTC in that IANA zone
 *   in_hours(NS, ZONES, START, END, WEEKDAYS)
 *                                    1 when local time in any of ZONES is within
 *                                    [START, END) on one of WEEKDAYS ("Mon-Fri")
 *   hours_baseline(SINCE, UNTIL, ZONES, START, END, WEEKDAYS)
 *                                    share of minutes of [SINCE, UNTIL) inside
 *                                    those hours: what uniform times would give
 *   in_periods(NS, PERIODS)          1 when the UTC day of NS is in one of the
 *                                    comma-separated days or DAY/DAY ranges
 *   median(X)                        aggregate
 *   burstiness(NS)                   aggregate -> JSON {b, cv, mean_s, gaps,
 *                                    poisson_b, poisson_lo, poisson_hi}: B, and
 *                                    what a Poisson process of the same rate
 *                                    gives (1,000 runs, seed 2016)
 *   event_windows(DAY, N, WINDOW, EVENTS, SEED)
 *                                    aggregate over a daily series -> JSON
 *                                    {ratio, p_value, in_mean, out_mean, ...}
 */
#include <arpa/inet.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql.h"
#include "dnsnames.h"
#include "tz.h"

#define NS_PER_S   1000000000LL
#define NS_PER_DAY (86400LL * NS_PER_S)

/* ------------------------------------------------------------ time */

/*
 * N units in nanoseconds (the unit's ns: the function's user data). The
 * arithmetic is SQLite's own for N * constant: integers multiply exactly
 * and become a real only on overflow; reals multiply as reals. Text is
 * NULL rather than SQLite's silent 0, so a parameter left uncast shows.
 */
static void
fn_units_ns(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	int64_t unit = *(const int64_t *)sqlite3_user_data(ctx), r;

	(void)argc;
	switch (sqlite3_value_type(argv[0])) {
	case SQLITE_INTEGER:
		if (__builtin_mul_overflow(
		        sqlite3_value_int64(argv[0]), unit, &r))
			sqlite3_result_double(ctx,
			    (double)sqlite3_value_int64(argv[0]) *
			        (double)unit);
		else
			sqlite3_result_int64(ctx, r);
		return;
	case SQLITE_FLOAT:
		sqlite3_result_double(
		    ctx, sqlite3_value_double(argv[0]) * (double)unit);
		return;
	default:
		sqlite3_result_null(ctx);
	}
}

static void
fn_custody_ns(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *s;
	int64_t ns;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	if (sqlite3_value_type(argv[0]) == SQLITE_INTEGER) {
		sqlite3_result_int64(ctx, sqlite3_value_int64(argv[0]));
		return;
	}
	s = (const char *)sqlite3_value_text(argv[0]);
	if (s == NULL || !custody_time_parse(s, &ns)) {
		char msg[160];

		snprintf(msg, sizeof(msg),
		    "not an ISO 8601 date or time: '%.80s'",
		    s != NULL ? s : "");
		{
			sqlite3_result_error(ctx, msg, -1);
			return;
		}
	}
	sqlite3_result_int64(ctx, ns);
}

static void
fn_custody_iso(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char out[40];

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	custody_time_format(sqlite3_value_int64(argv[0]), 0, out);
	sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
}

/* ------------------------------------------------------------ addresses */

static void
fn_addr_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	uint8_t a[16];

	(void)argc;
	if (s == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	if (inet_pton(AF_INET, s, a) == 1) {
		sqlite3_result_blob(ctx, a, 4, SQLITE_TRANSIENT);
		return;
	}
	if (inet_pton(AF_INET6, s, a) == 1) {
		sqlite3_result_blob(ctx, a, 16, SQLITE_TRANSIENT);
		return;
	}
	sqlite3_result_null(ctx);
}

static void
fn_addr_norm(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	char out[INET6_ADDRSTRLEN];
	uint8_t a[16];

	(void)argc;
	while (s != NULL && *s == ' ')
		s++;
	if (s == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	if (inet_pton(AF_INET, s, a) == 1 &&
	    inet_ntop(AF_INET, a, out, sizeof(out)) != NULL) {
		sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
		return;
	}
	if (inet_pton(AF_INET6, s, a) == 1 &&
	    inet_ntop(AF_INET6, a, out, sizeof(out)) != NULL) {
		sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
		return;
	}
	sqlite3_result_null(ctx);
}

bool
custody_addr_valid(const char *s)
{
	uint8_t a[16];

	return s != NULL &&
	    (inet_pton(AF_INET, s, a) == 1 || inet_pton(AF_INET6, s, a) == 1);
}

/* 1 when item equals one of the comma-separated entries of list (spaces
 * around entries ignored). A NULL list matches nothing. */
static bool
list_has(const char *list, const char *item, size_t item_len)
{
	const char *p = list;

	while (p != NULL && *p != '\0') {
		const char *e = strchr(p, ','),
		           *end = e != NULL ? e : p + strlen(p);

		while (p < end && *p == ' ')
			p++;
		while (end > p && end[-1] == ' ')
			end--;
		if ((size_t)(end - p) == item_len &&
		    memcmp(p, item, item_len) == 0)
			return true;
		p = e != NULL ? e + 1 : NULL;
	}
	return false;
}

static void
fn_list_has(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *list = (const char *)sqlite3_value_text(argv[0]);
	const char *item = (const char *)sqlite3_value_text(argv[1]);

	(void)argc;
	if (list == NULL || item == NULL) {
		sqlite3_result_int(ctx, 0);
		return;
	}
	sqlite3_result_int(ctx, list_has(list, item, strlen(item)));
}

/*
 * org_of: the orgmap is read for every row a query looks at, so it is
 * loaded once into memory and kept until this connection changes the
 * database. Among the ranges that hold the address and are valid at the
 * time, the longest prefix wins (ties: the earlier row), so a bank's /28
 * inside a provider's /16 is the bank's.
 *
 * A whole-Internet orgmap has hundreds of thousands of ranges, so they are
 * not scanned: they are grouped by family and prefix length, longest
 * first, and sorted by first address within a group, where a binary search
 * finds the last range starting at or before the address. Ranges of one
 * group that hold it lie just before that point; maxhi (the highest last
 * address so far in the group) says when none further back can.
 */
struct org_range {
	uint8_t lo[16], hi[16];
	uint8_t maxhi
	    [16]; /* max of hi over this and the earlier ranges of its group */
	int len;  /* 4 or 16 */
	int prefix;
	/* position in the orgmap: breaks ties between equal prefixes */
	size_t row;
	int64_t from, until; /* ns; INT64_MIN / INT64_MAX when open */
	char *org;
};

struct org_group {
	int len, prefix;
	size_t first, n; /* its ranges: r[first] .. r[first + n - 1] */
};

struct org_cache {
	sqlite3 *db;
	bool loaded;
	int64_t changes;
	struct org_range *r;
	size_t n;
	struct org_group *g; /* by family, then prefix length, longest first */
	size_t ng;
};

static void
org_cache_clear(struct org_cache *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->r[i].org);
	free(c->r);
	free(c->g);
	c->r = NULL;
	c->g = NULL;
	c->n = c->ng = 0;
	c->loaded = false;
}

static void
org_cache_free(void *p)
{
	struct org_cache *c = p;

	if (c != NULL) {
		org_cache_clear(c);
		free(c);
	}
}

static int
cmp_range(const void *a, const void *b)
{
	const struct org_range *x = a, *y = b;
	int d;

	if (x->len != y->len)
		return x->len - y->len;
	if (x->prefix != y->prefix)
		return y->prefix - x->prefix;
	if ((d = memcmp(x->lo, y->lo, (size_t)x->len)) != 0)
		return d;
	return (x->row > y->row) - (x->row < y->row);
}

/* Groups the sorted ranges and fills maxhi. */
static bool
org_cache_index(struct org_cache *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		struct org_range *r = &c->r[i];

		if (c->ng == 0 || c->g[c->ng - 1].len != r->len ||
		    c->g[c->ng - 1].prefix != r->prefix) {
			struct org_group *ng =
			    realloc(c->g, (c->ng + 1) * sizeof(*ng));

			if (ng == NULL)
				return false;
			c->g = ng;
			c->g[c->ng++] =
			    (struct org_group){ r->len, r->prefix, i, 0 };
			memcpy(r->maxhi, r->hi, sizeof(r->maxhi));
		} else {
			const struct org_range *p = &c->r[i - 1];

			memcpy(r->maxhi,
			    memcmp(p->maxhi, r->hi, (size_t)r->len) > 0
			        ? p->maxhi
			        : r->hi,
			    sizeof(r->maxhi));
		}
		c->g[c->ng - 1].n++;
	}
	return true;
}

static bool
org_cache_load(struct org_cache *c)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;

	org_cache_clear(c);
	if (sqlite3_prepare_v2(c->db,
	        "SELECT net_lo, net_hi, cidr, org, valid_from, valid_until "
	        "FROM orgmap WHERE evidence_id IN (SELECT id FROM evidence) ORDER BY id",
	        -1, &st, NULL) != SQLITE_OK)
		return false;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct org_range *r;
		const char *cidr = (const char *)sqlite3_column_text(st, 2);
		const char *vf = (const char *)sqlite3_column_text(st, 4);
		const char *vu = (const char *)sqlite3_column_text(st, 5);
		int len = sqlite3_column_bytes(st, 0);
		struct custody_reader cr;
		uint64_t plen = 0;

		if ((len != 4 && len != 16) ||
		    sqlite3_column_bytes(st, 1) != len)
			continue;
		if (c->n == cap) {
			struct org_range *nr;

			cap = cap ? cap * 2 : 64;
			if ((nr = realloc(c->r, cap * sizeof(*nr))) == NULL)
				goto fail;
			c->r = nr;
		}
		r = &c->r[c->n];
		memset(r, 0, sizeof(*r));
		r->len = len;
		r->row = c->n;
		memcpy(r->lo, sqlite3_column_blob(st, 0), (size_t)len);
		memcpy(r->hi, sqlite3_column_blob(st, 1), (size_t)len);
		custody_reader_init(&cr, cidr, cidr != NULL ? strlen(cidr) : 0);
		if (!custody_reader_past(&cr, "/"))
			plen = (uint64_t)len * 8;
		else if (!custody_reader_dec(&cr, 128, &plen))
			plen = 0;
		r->prefix = (int)plen;
		r->from = INT64_MIN;
		r->until = INT64_MAX;
		if (vf != NULL && !custody_time_parse(vf, &r->from))
			r->from = INT64_MIN;
		if (vu != NULL && !custody_time_parse(vu, &r->until))
			r->until = INT64_MAX;
		if ((r->org = strdup(
		         (const char *)sqlite3_column_text(st, 3))) == NULL)
			goto fail;
		c->n++;
	}
	sqlite3_finalize(st);
	if (c->n > 0)
		qsort(c->r, c->n, sizeof(*c->r), cmp_range);
	if (!org_cache_index(c))
		goto fail;
	c->loaded = true;
	c->changes = sqlite3_total_changes64(c->db);
	return true;
fail:
	sqlite3_finalize(st);
	org_cache_clear(c);
	return false;
}

static void
fn_org_of(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct org_cache *c = sqlite3_user_data(ctx);
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	int64_t t = sqlite3_value_int64(argv[1]);
	uint8_t a[16];
	int len;
	size_t i, g;

	(void)argc;
	if (s == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	if (inet_pton(AF_INET, s, a) == 1)
		len = 4;
	else if (inet_pton(AF_INET6, s, a) == 1)
		len = 16;
	else {
		sqlite3_result_null(ctx);
		return;
	}
	if ((!c->loaded || c->changes != sqlite3_total_changes64(c->db)) &&
	    !org_cache_load(c)) {
		sqlite3_result_error(ctx, "cannot read the orgmap", -1);
		return;
	}
	for (g = 0; g < c->ng; g++) {
		const struct org_group *grp = &c->g[g];
		const struct org_range *best = NULL;
		size_t lo = grp->first, hi = grp->first + grp->n;

		if (grp->len != len)
			continue;
		/* lo = one past the last range whose first address is <= a */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (memcmp(c->r[mid].lo, a, (size_t)len) <= 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (i = lo; i-- > grp->first;) {
			const struct org_range *r = &c->r[i];

			if (memcmp(r->maxhi, a, (size_t)len) < 0)
				break;
			if (memcmp(a, r->hi, (size_t)len) <= 0 &&
			    t >= r->from && t < r->until &&
			    (best == NULL || r->row < best->row))
				best = r;
		}
		if (best != NULL) {
			sqlite3_result_text(
			    ctx, best->org, -1, SQLITE_TRANSIENT);
			return;
		}
	}
	sqlite3_result_null(ctx);
}

/* ------------------------------------------------------------ DNS types */

/* Names come from the mnemonic table the log parsers use (textlog.c);
 * a bare number is taken as the type itself. */
int
custody_qtype_num(const char *s)
{
	struct custody_reader r;
	char *end;
	long v;

	v = strtol(s, &end, 10);
	if (end != s && *end == '\0')
		return v >= 0 && v <= 65535 ? (int)v : -1;
	custody_reader_init(&r, s, strlen(s));
	return custody_dns_type(&r);
}

const char *
custody_qtype_name(int type, char buf[16])
{
	const char *name = custody_dns_type_name(type);

	if (name != NULL)
		return name;
	snprintf(buf, 16, "TYPE%d", type);
	return buf;
}

static void
fn_qtype_num(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	int v;

	(void)argc;
	if (s == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	if ((v = custody_qtype_num(s)) < 0) {
		char msg[120];

		snprintf(msg, sizeof(msg),
		    "unknown query type '%.40s' (A, MX, PTR ... or a number)",
		    s);
		sqlite3_result_error(ctx, msg, -1);
		return;
	}
	sqlite3_result_int(ctx, v);
}

static void
fn_qtype_name(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char buf[16];

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	sqlite3_result_text(ctx,
	    custody_qtype_name(sqlite3_value_int(argv[0]), buf), -1,
	    SQLITE_TRANSIENT);
}

/* ------------------------------------------------------------ time zones */

/*
 * Offsets come from lib/base/tz.c, which reads the system's TZif files itself
 * (no setenv("TZ"), see tz.h). Opened zones are kept for the life of the
 * process: a query names a handful, and hours_baseline() asks for every
 * minute of a window.
 */
#define TZ_ZONES 8

static struct custody_tz *tz_cache[TZ_ZONES];

static struct custody_tz *
tz_find(const char *zone)
{
	struct custody_tz *tz;
	int i;

	for (i = 0; i < TZ_ZONES && tz_cache[i] != NULL; i++)
		if (strcmp(custody_tz_name(tz_cache[i]), zone) == 0)
			return tz_cache[i];
	if (custody_tz_open(&tz, zone, NULL) != CUSTODY_OK)
		return NULL;
	if (i == TZ_ZONES) {
		custody_tz_free(tz_cache[TZ_ZONES - 1]);
		i = TZ_ZONES - 1;
	}
	tz_cache[i] = tz;
	return tz;
}

bool
custody_tz_known(const char *zone)
{
	return tz_find(zone) != NULL;
}

static void
fn_tz_offset(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *zone = (const char *)sqlite3_value_text(argv[1]);
	struct custody_tz *z;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	if (zone == NULL || (z = tz_find(zone)) == NULL) {
		char msg[160];

		snprintf(msg, sizeof(msg),
		    "unknown time zone '%.64s' (an IANA name such as "
		    "America/New_York)",
		    zone != NULL ? zone : "");
		{
			sqlite3_result_error(ctx, msg, -1);
			return;
		}
	}
	sqlite3_result_int(
	    ctx, custody_tz_offset(z, sqlite3_value_int64(argv[0]) / NS_PER_S));
}

/* "HH:MM" -> minutes after midnight, or -1. "24:00" is allowed as an end. */
static int
parse_hhmm(const char *s)
{
	struct custody_reader r;
	uint64_t h, m;
	size_t at;

	if (s == NULL)
		return -1;
	custody_reader_init(&r, s, strlen(s));
	/* one or two digits each, nothing after */
	if (!custody_reader_dec(&r, 24, &h) || custody_reader_offset(&r) > 2 ||
	    !custody_reader_expect(&r, ":"))
		return -1;
	at = custody_reader_offset(&r);
	if (!custody_reader_dec(&r, 59, &m) ||
	    custody_reader_offset(&r) - at > 2 ||
	    custody_reader_left(&r) != 0 || (h == 24 && m != 0))
		return -1;
	return (int)(h * 60 + m);
}

/* "Mon-Fri", "Sat,Sun", "Mon,Wed-Fri" -> bit mask, bit 0 Sunday (tm_wday);
 * 0 when the text is not a weekday list. */
static unsigned
parse_weekdays(const char *s)
{
	static const char *names[7] = { "sun", "mon", "tue", "wed", "thu",
		"fri", "sat" };
	unsigned mask = 0;

	while (s != NULL && *s != '\0') {
		int a = -1, b = -1, i;

		for (i = 0; i < 7; i++)
			if (strncasecmp(s, names[i], 3) == 0)
				a = i;
		if (a < 0)
			return 0;
		s += 3;
		b = a;
		if (*s == '-') {
			s++;
			for (i = 0, b = -1; i < 7; i++)
				if (strncasecmp(s, names[i], 3) == 0)
					b = i;
			if (b < 0)
				return 0;
			s += 3;
		}
		for (i = a;; i = (i + 1) % 7) {
			mask |= 1u << i;
			if (i == b)
				break;
		}
		if (*s == ',')
			s++;
		else if (*s != '\0')
			return 0;
	}
	return mask;
}

struct hours_spec {
	struct custody_tz *zone[TZ_ZONES];
	int nzones;
	int start, end; /* minutes after local midnight, [start, end) */
	unsigned days;  /* weekday mask */
};

/* Reads ZONES, START, END, WEEKDAYS from argv; on error sets ctx's error. */
static bool
hours_spec(sqlite3_context *ctx, sqlite3_value **argv, struct hours_spec *h)
{
	const char *zones = (const char *)sqlite3_value_text(argv[0]);
	char buf[512], *p, *save = NULL, msg[200];

	memset(h, 0, sizeof(*h));
	h->start = parse_hhmm((const char *)sqlite3_value_text(argv[1]));
	h->end = parse_hhmm((const char *)sqlite3_value_text(argv[2]));
	h->days = parse_weekdays((const char *)sqlite3_value_text(argv[3]));
	if (h->start < 0 || h->end < 0 || h->end <= h->start) {
		sqlite3_result_error(ctx,
		    "business hours need start and end as HH:MM, start "
		    "before end",
		    -1);
		return false;
	}
	if (h->days == 0) {
		sqlite3_result_error(ctx,
		    "weekdays must be a list such as Mon-Fri or Sat,Sun", -1);
		return false;
	}
	if (zones == NULL || strlen(zones) >= sizeof(buf)) {
		sqlite3_result_error(ctx,
		    "tz must name one or more IANA zones, comma-separated", -1);
		return false;
	}
	snprintf(buf, sizeof(buf), "%s", zones);
	for (p = strtok_r(buf, ",", &save); p != NULL;
	     p = strtok_r(NULL, ",", &save)) {
		while (*p == ' ')
			p++;
		if (h->nzones == TZ_ZONES ||
		    (h->zone[h->nzones] = tz_find(p)) == NULL) {
			snprintf(msg, sizeof(msg),
			    "unknown time zone '%.64s' (an IANA name such as "
			    "America/New_York)",
			    p);
			sqlite3_result_error(ctx, msg, -1);
			return false;
		}
		h->nzones++;
	}
	if (h->nzones == 0) {
		sqlite3_result_error(
		    ctx, "tz must name one or more IANA zones", -1);
		return false;
	}
	return true;
}

static bool
hours_in(const struct hours_spec *h, int64_t t)
{
	int i;

	for (i = 0; i < h->nzones; i++) {
		int64_t local = t + custody_tz_offset(h->zone[i], t);
		int64_t day =
		    local >= 0 ? local / 86400 : (local - 86399) / 86400;
		int minute = (int)((local - day * 86400) / 60);
		int wday = (int)(((day % 7) + 7 + 4) %
		    7); /* 1970-01-01 was a Thursday */

		if ((h->days & (1u << wday)) && minute >= h->start &&
		    minute < h->end)
			return true;
	}
	return false;
}

static void
fn_in_hours(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct hours_spec h;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	if (!hours_spec(ctx, argv + 1, &h))
		return;
	sqlite3_result_int(
	    ctx, hours_in(&h, sqlite3_value_int64(argv[0]) / NS_PER_S));
}

/* The share of the minutes of [since, until) that fall inside the hours:
 * the figure uniformly random times would give, printed beside an observed
 * office-hours share so it can be read against its base rate. */
static void
fn_hours_baseline(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct hours_spec h;
	int64_t lo, hi, t, in = 0, all = 0;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL ||
	    sqlite3_value_type(argv[1]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	if (!hours_spec(ctx, argv + 2, &h))
		return;
	lo = sqlite3_value_int64(argv[0]) / NS_PER_S;
	hi = sqlite3_value_int64(argv[1]) / NS_PER_S;
	if (hi <= lo || hi - lo > 20LL * 366 * 86400) {
		sqlite3_result_null(ctx);
		return;
	}
	for (t = lo - (lo % 60); t < hi; t += 60, all++)
		in += hours_in(&h, t);
	sqlite3_result_double(ctx, all > 0 ? (double)in / (double)all : 0.0);
}

/*
 * Periods: "2016-06-24,2016-07-08/2016-07-09": days, or first/last day
 * ranges (both inclusive), UTC. Parsed into day numbers; false when the
 * text is not such a list.
 */
bool
custody_periods_parse(
    const char *s, int64_t *lo, int64_t *hi, size_t max, size_t *n)
{
	char buf[16];

	*n = 0;
	while (s != NULL && *s != '\0') {
		const char *e = strchr(s, ','),
		           *end = e != NULL ? e : s + strlen(s), *slash;
		int64_t a, b;

		while (s < end && *s == ' ')
			s++;
		while (end > s && end[-1] == ' ')
			end--;
		slash = memchr(s, '/', (size_t)(end - s));
		if (*n == max || (slash != NULL ? slash - s : end - s) != 10)
			return false;
		snprintf(buf, sizeof(buf), "%.10s", s);
		if (!custody_time_parse(buf, &a))
			return false;
		b = a;
		if (slash != NULL) {
			if (end - slash - 1 != 10)
				return false;
			snprintf(buf, sizeof(buf), "%.10s", slash + 1);
			if (!custody_time_parse(buf, &b) || b < a)
				return false;
		}
		lo[*n] = a / NS_PER_DAY;
		hi[*n] = b / NS_PER_DAY;
		(*n)++;
		s = e != NULL ? e + 1 : NULL;
	}
	return *n > 0;
}

#define PERIODS_MAX 64

static void
fn_in_periods(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *p = (const char *)sqlite3_value_text(argv[1]);
	int64_t lo[PERIODS_MAX], hi[PERIODS_MAX], day;
	size_t n, i;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	if (!custody_periods_parse(p, lo, hi, PERIODS_MAX, &n)) {
		sqlite3_result_error(ctx,
		    "periods must be UTC days or FIRST/LAST day ranges, "
		    "comma-separated (2016-06-24,2016-07-08/2016-07-09)",
		    -1);
		return;
	}
	day = sqlite3_value_int64(argv[0]) / NS_PER_DAY;
	for (i = 0; i < n; i++)
		if (day >= lo[i] && day <= hi[i]) {
			sqlite3_result_int(ctx, 1);
			return;
		}
	sqlite3_result_int(ctx, 0);
}

/* ------------------------------------------------------------ aggregates */

struct dvec {
	double *v;
	size_t n, cap;
	bool oom;
};

static void
dvec_push(struct dvec *d, double x)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 256;
		double *v = realloc(d->v, cap * sizeof(*v));

		if (v == NULL) {
			d->oom = true;
			return;
		}
		d->v = v;
		d->cap = cap;
	}
	d->v[d->n++] = x;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void
agg_collect(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct dvec *d = sqlite3_aggregate_context(ctx, sizeof(*d));

	(void)argc;
	if (d == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	if (sqlite3_value_type(argv[0]) != SQLITE_NULL)
		dvec_push(d, sqlite3_value_double(argv[0]));
}

static void
median_final(sqlite3_context *ctx)
{
	struct dvec *d = sqlite3_aggregate_context(ctx, 0);

	if (d == NULL || d->n == 0) {
		if (d != NULL)
			free(d->v);
		{
			sqlite3_result_null(ctx);
			return;
		}
	}
	if (d->oom) {
		free(d->v);
		{
			sqlite3_result_error_nomem(ctx);
			return;
		}
	}
	qsort(d->v, d->n, sizeof(*d->v), cmp_double);
	sqlite3_result_double(ctx,
	    d->n % 2 ? d->v[d->n / 2]
	             : (d->v[d->n / 2 - 1] + d->v[d->n / 2]) / 2.0);
	free(d->v);
}

/*
 * Burstiness B = (sigma - mu) / (sigma + mu) of the gaps between
 * consecutive times (Goh and Barabasi 2008): -1 for a periodic sequence,
 * about 0 for a Poisson process, towards 1 for bursts. Times are sorted
 * here, so the caller's row order does not matter.
 *
 * Beside it, what chance gives: B of a Poisson process with the same rate
 * and as many gaps (exponential gaps of the same mean), over 1,000 runs
 * drawn with the seed 2016, so the figure reproduces. B is near 0 for a
 * long series but not exactly 0 for a short one; poisson_lo and
 * poisson_hi hold 95% of the runs.
 */
#define POISSON_RUNS 1000

static int
cmp_dbl(const void *a, const void *b)
{
	return cmp_double(a, b);
}

static double
gaps_b(const double *g, size_t n)
{
	double mu = 0, var = 0, sigma;
	size_t i;

	for (i = 0; i < n; i++)
		mu += g[i];
	mu /= (double)n;
	for (i = 0; i < n; i++)
		var += (g[i] - mu) * (g[i] - mu);
	sigma = sqrt(var / (double)n);
	return mu + sigma > 0 ? (sigma - mu) / (sigma + mu) : (double)NAN;
}

/*
 * B of POISSON_RUNS Poisson processes of n gaps: mean, 2.5% and 97.5%.
 * Past POISSON_MAX_GAPS gaps (a busy host in a large case) that many are
 * simulated and the result scaled to n: B's scatter shrinks as 1/sqrt(n)
 * and its small-sample bias as 1/n, so the cost stays bounded.
 */
#define POISSON_MAX_GAPS 10000

bool
custody_poisson_burstiness(size_t n_gaps, double *mean, double *lo, double *hi)
{
	struct custody_prng r;
	size_t n = n_gaps > POISSON_MAX_GAPS ? POISSON_MAX_GAPS : n_gaps;
	double *g = malloc((n + 1) * sizeof(*g)),
	       *b = malloc(POISSON_RUNS * sizeof(*b)), sum = 0;
	size_t run, i;

	if (g == NULL || b == NULL || n == 0) {
		free(g);
		free(b);
		return false;
	}
	custody_prng_seed(&r, 2016, "burstiness");
	for (run = 0; run < POISSON_RUNS; run++) {
		for (i = 0; i < n; i++)
			g[i] = custody_prng_exp(&r, 1.0);
		b[run] = gaps_b(g, n);
		sum += b[run];
	}
	qsort(b, POISSON_RUNS, sizeof(*b), cmp_dbl);
	*mean = sum / POISSON_RUNS;
	*lo = b[POISSON_RUNS * 25 / 1000];
	*hi = b[POISSON_RUNS * 975 / 1000 - 1];
	if (n_gaps > n) {
		double shrink = sqrt((double)n / (double)n_gaps), m = *mean;

		*mean = m * (double)n / (double)n_gaps;
		*lo = *mean + (*lo - m) * shrink;
		*hi = *mean + (*hi - m) * shrink;
	}
	free(g);
	free(b);
	return true;
}

static void
burstiness_final(sqlite3_context *ctx)
{
	struct dvec *d = sqlite3_aggregate_context(ctx, 0);
	double mu = 0, var = 0, b, pb, plo, phi;
	size_t i, n;
	char out[300];

	if (d == NULL || d->n < 3) {
		if (d != NULL)
			free(d->v);
		{
			sqlite3_result_null(ctx);
			return;
		}
	}
	if (d->oom) {
		free(d->v);
		{
			sqlite3_result_error_nomem(ctx);
			return;
		}
	}
	qsort(d->v, d->n, sizeof(*d->v), cmp_double);
	n = d->n - 1;
	for (i = 0; i < n; i++) /* the gaps, in seconds, in place */
		d->v[i] = (d->v[i + 1] - d->v[i]) / 1e9;
	for (i = 0; i < n; i++)
		mu += d->v[i];
	mu /= (double)n;
	for (i = 0; i < n; i++)
		var += (d->v[i] - mu) * (d->v[i] - mu);
	b = gaps_b(d->v, n);
	free(d->v);
	if (isnan(b)) {
		sqlite3_result_null(ctx);
		return;
	}
	if (!custody_poisson_burstiness(n, &pb, &plo, &phi)) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	snprintf(out, sizeof(out),
	    "{\"b\":%.6f,\"cv\":%.6f,\"mean_s\":%.3f,\"gaps\":%zu,"
	    "\"poisson_b\":%.6f,\"poisson_lo\":%.6f,\"poisson_hi\":%.6f}",
	    b, mu > 0 ? sqrt(var / (double)n) / mu : 0.0, mu, n, pb, plo, phi);
	sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
}

/*
 * event_windows(DAY, LOOKUPS, WINDOW_DAYS, EVENTS, SEED) over a daily
 * series with zero days included. DAY is a day number (days since the
 * epoch), EVENTS a comma-separated list of event day numbers. Days within
 * +-WINDOW_DAYS of any event are "in"; ratio = mean lookups per in-day /
 * mean per out-day. The p-value is the share of 10,000 placements of the
 * same number of event days, uniformly at random over the series (xorshift
 * seeded with SEED, so the figure is reproducible), whose ratio is at least
 * the observed one (with the +1 correction of Phipson and Smyth 2010).
 */
#define PERMUTATIONS 10000

struct series {
	struct dvec day, n;
	int64_t window;
	int64_t seed;
	char *events;
	bool bad;
};

static void
event_windows_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct series *s = sqlite3_aggregate_context(ctx, sizeof(*s));

	(void)argc;
	if (s == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	if (s->events == NULL) {
		const char *ev = (const char *)sqlite3_value_text(argv[3]);

		s->window = sqlite3_value_int64(argv[2]);
		s->seed = sqlite3_value_int64(argv[4]);
		s->events = strdup(ev != NULL ? ev : "");
		if (s->events == NULL)
			s->bad = true;
	}
	dvec_push(&s->day, sqlite3_value_double(argv[0]));
	dvec_push(&s->n, sqlite3_value_double(argv[1]));
}

static uint64_t
xorshift64(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

/* Ratio of mean lookups on marked days to the mean on unmarked days. */
static double
window_ratio(const double *n, const bool *mark, size_t len, double *in_mean,
    double *out_mean)
{
	double in = 0, out = 0;
	size_t i, nin = 0, nout = 0;

	for (i = 0; i < len; i++) {
		if (mark[i]) {
			in += n[i];
			nin++;
		} else {
			out += n[i];
			nout++;
		}
	}
	*in_mean = nin ? in / (double)nin : 0;
	*out_mean = nout ? out / (double)nout : 0;
	if (nin == 0 || nout == 0 || *out_mean == 0)
		return NAN;
	return *in_mean / *out_mean;
}

static void
mark_windows(
    bool *mark, size_t len, const int64_t *centre, size_t ncentre, int64_t w)
{
	size_t i;

	memset(mark, 0, len);
	for (i = 0; i < ncentre; i++) {
		int64_t d;

		for (d = centre[i] - w; d <= centre[i] + w; d++)
			if (d >= 0 && (size_t)d < len)
				mark[d] = true;
	}
}

static void
event_windows_final(sqlite3_context *ctx)
{
	struct series *s = sqlite3_aggregate_context(ctx, 0);
	const char *p;
	int64_t *centre = NULL, first;
	size_t i, len, ncentre = 0;
	bool *mark = NULL;
	double ratio, in_mean, out_mean, r_in, r_out;
	unsigned as_high = 0;
	uint64_t rng;
	char out[300];

	if (s == NULL || s->day.n == 0)
		goto null;
	if (s->bad || s->day.oom || s->n.oom) {
		sqlite3_result_error_nomem(ctx);
		goto done;
	}
	len = s->day.n;
	first = (int64_t)s->day.v[0];
	for (i = 1; i < len; i++)
		if ((int64_t)s->day.v[i] != first + (int64_t)i) {
			sqlite3_result_error(ctx,
			    "event_windows needs a daily series in day "
			    "order with no day missing",
			    -1);
			goto done;
		}
	centre = calloc(strlen(s->events) / 2 + 2, sizeof(*centre));
	mark = calloc(len, sizeof(*mark));
	if (centre == NULL || mark == NULL) {
		sqlite3_result_error_nomem(ctx);
		goto done;
	}
	for (p = s->events; *p != '\0';) {
		char *end;
		long long d = strtoll(p, &end, 10);

		if (end == p || (*end != ',' && *end != '\0')) {
			sqlite3_result_error(ctx,
			    "event_windows: events must be comma-separated "
			    "day numbers",
			    -1);
			goto done;
		}
		p = *end == ',' ? end + 1 : end;
		d -= first;
		if (d + s->window >= 0 && d - s->window < (int64_t)len)
			centre[ncentre++] = d;
	}
	if (ncentre == 0)
		goto null;
	mark_windows(mark, len, centre, ncentre, s->window);
	ratio = window_ratio(s->n.v, mark, len, &in_mean, &out_mean);
	if (isnan(ratio))
		goto null;
	rng = (uint64_t)s->seed * 0x9e3779b97f4a7c15ull + 1;
	for (i = 0; i < PERMUTATIONS; i++) {
		int64_t perm[64];
		size_t k;

		for (k = 0; k < ncentre && k < 64; k++)
			perm[k] = (int64_t)(xorshift64(&rng) % len);
		mark_windows(mark, len, perm, k, s->window);
		r_in = window_ratio(s->n.v, mark, len, &r_in, &r_out);
		if (!isnan(r_in) && r_in >= ratio)
			as_high++;
	}
	snprintf(out, sizeof(out),
	    "{\"ratio\":%.6f,\"p_value\":%.6f,\"in_mean\":%.4f,"
	    "\"out_mean\":%.4f,\"events\":%zu,\"days\":%zu,\"permutations\":%d}",
	    ratio, (double)(as_high + 1) / (PERMUTATIONS + 1), in_mean,
	    out_mean, ncentre, len, PERMUTATIONS);
	sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
	goto done;
null:
	sqlite3_result_null(ctx);
done:
	free(centre);
	free(mark);
	if (s != NULL) {
		free(s->day.v);
		free(s->n.v);
		free(s->events);
	}
}

/*
 * custody_has_flows(EVIDENCE_ID): 1 when the evidence item has a row in
 * flow, else 0. "EXISTS (SELECT 1 FROM flow f WHERE f.evidence_id = e.id)"
 * asks the same, but flow is a UNION ALL view, which SQLite reads whole for
 * a condition that names an outer row (5 s on 15M messages): this reads
 * flw, and uflow between the item's first and last message (msg_ev).
 */
static void
fn_has_flows(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	static const char v5[] =
	    "SELECT EXISTS (SELECT 1 FROM flw WHERE evidence_id = ?1) OR EXISTS (SELECT 1"
	    " FROM uflow JOIN msg ON msg.id = uflow.msg_id WHERE uflow.msg_id BETWEEN"
	    " (SELECT min(id) FROM msg WHERE evidence_id = ?1) AND"
	    " (SELECT max(id) FROM msg WHERE evidence_id = ?1) AND msg.evidence_id = ?1)";
	static const char old[] =
	    "SELECT EXISTS (SELECT 1 FROM flow WHERE evidence_id = ?1)";
	sqlite3 *db = sqlite3_context_db_handle(ctx);
	sqlite3_stmt *st;
	bool layout = sqlite3_table_column_metadata(db, NULL, "uflow", "msg_id",
	                  NULL, NULL, NULL, NULL, NULL) == SQLITE_OK;

	(void)argc;
	if (sqlite3_prepare_v2(db, layout ? v5 : old, -1, &st, NULL) !=
	    SQLITE_OK) {
		sqlite3_result_error(ctx, sqlite3_errmsg(db), -1);
		return;
	}
	sqlite3_bind_value(st, 1, argv[0]);
	if (sqlite3_step(st) == SQLITE_ROW)
		sqlite3_result_int(ctx, sqlite3_column_int(st, 0));
	else
		sqlite3_result_error(ctx, sqlite3_errmsg(db), -1);
	sqlite3_finalize(st);
}

/*
 * How a selector names an evidence item (docs/queries.md, "Evidence"):
 * CUSTODY_SEL_LABEL when it is the item's --source label, byte for byte;
 * CUSTODY_SEL_PREFIX when it is 6 to 64 hex digits (either case) that
 * begin the item's SHA-256; CUSTODY_SEL_ID when it is the item's id in
 * decimal (1 to 5 digits, no leading zero); else 0. Never a pattern: % and
 * _ are themselves. The SQL function evidence_is() is this test.
 */
int
custody_evidence_match(const char *sel, size_t sel_len, int64_t id,
    const char *source, size_t source_len, const char *sha256)
{
	size_t i;

	if (source != NULL && source_len == sel_len &&
	    memcmp(source, sel, sel_len) == 0)
		return CUSTODY_SEL_LABEL;
	if (sel_len >= 1 && sel_len <= 5 && sel[0] != '0' &&
	    strspn(sel, "0123456789") == sel_len &&
	    memchr(sel, '\0', sel_len) == NULL && strtoll(sel, NULL, 10) == id)
		return CUSTODY_SEL_ID;
	if (sel_len < 6 || sel_len > 64 || sha256 == NULL ||
	    strlen(sha256) < sel_len)
		return 0;
	for (i = 0; i < sel_len; i++) {
		char c = sel[i];

		if (c >= 'A' && c <= 'F')
			c = (char)(c - 'A' + 'a');
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) ||
		    c != sha256[i])
			return 0;
	}
	return CUSTODY_SEL_PREFIX;
}

/* ------------------------------------------------------------ registry */

static void
fn_evidence_is(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *sel = (const char *)sqlite3_value_text(argv[0]);
	const char *src = (const char *)sqlite3_value_text(argv[2]);
	const char *sha = (const char *)sqlite3_value_text(argv[3]);

	(void)argc;
	if (sel == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	/* an id bound as a number (custody lint's corroboration) */
	if (sqlite3_value_type(argv[0]) == SQLITE_INTEGER) {
		sqlite3_result_int(ctx,
		    sqlite3_value_int64(argv[0]) ==
		        sqlite3_value_int64(argv[1]));
		return;
	}
	sqlite3_result_int(ctx,
	    custody_evidence_match(sel, (size_t)sqlite3_value_bytes(argv[0]),
	        sqlite3_value_int64(argv[1]), src,
	        (size_t)sqlite3_value_bytes(argv[2]), sha) != 0);
}

enum custody_code
custody_sql_register(sqlite3 *db, struct custody_error *err)
{
	static const struct {
		const char *name;
		int nargs;
		void (*fn)(sqlite3_context *, int, sqlite3_value **);
		void (*step)(sqlite3_context *, int, sqlite3_value **);
		void (*final)(sqlite3_context *);
	} f[] = {
		{ "custody_ns", 1, fn_custody_ns, NULL, NULL },
		{ "custody_iso", 1, fn_custody_iso, NULL, NULL },
		{ "addr_key", 1, fn_addr_key, NULL, NULL },
		{ "addr_norm", 1, fn_addr_norm, NULL, NULL },
		{ "in_periods", 2, fn_in_periods, NULL, NULL },
		{ "list_has", 2, fn_list_has, NULL, NULL },
		{ "evidence_is", 4, fn_evidence_is, NULL, NULL },
		{ "qtype_num", 1, fn_qtype_num, NULL, NULL },
		{ "qtype_name", 1, fn_qtype_name, NULL, NULL },
		{ "tz_offset", 2, fn_tz_offset, NULL, NULL },
		{ "in_hours", 5, fn_in_hours, NULL, NULL },
		{ "hours_baseline", 6, fn_hours_baseline, NULL, NULL },
		{ "median", 1, NULL, agg_collect, median_final },
		{ "burstiness", 1, NULL, agg_collect, burstiness_final },
		{ "event_windows", 5, NULL, event_windows_step,
		    event_windows_final },
	};
	static const struct {
		const char *name;
		int64_t ns;
	} unit[] = {
		{ "seconds_ns", NS_PER_S },
		{ "minutes_ns", 60 * NS_PER_S },
		{ "hours_ns", 3600 * NS_PER_S },
		{ "days_ns", NS_PER_DAY },
	};
	struct org_cache *oc;
	size_t i;

	for (i = 0; i < sizeof(unit) / sizeof(unit[0]); i++)
		if (sqlite3_create_function(db, unit[i].name, 1,
		        SQLITE_UTF8 | SQLITE_DETERMINISTIC,
		        (void *)(uintptr_t)&unit[i].ns, fn_units_ns, NULL,
		        NULL) != SQLITE_OK)
			return custody_fail_sqlite(err, db, unit[i].name);
	if ((oc = calloc(1, sizeof(*oc))) == NULL)
		return custody_fail(err, CUSTODY_ERR_NOMEM, "out of memory");
	oc->db = db;
	/* org_of reads the database, so it is not deterministic: the orgmap
	 * can change between statements. */
	if (sqlite3_create_function_v2(db, "org_of", 2, SQLITE_UTF8, oc,
	        fn_org_of, NULL, NULL, org_cache_free) != SQLITE_OK)
		return custody_fail_sqlite(err, db, "org_of");
	/* reads the database too */
	if (sqlite3_create_function(db, "custody_has_flows", 1, SQLITE_UTF8,
	        NULL, fn_has_flows, NULL, NULL) != SQLITE_OK)
		return custody_fail_sqlite(err, db, "custody_has_flows");
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (sqlite3_create_function(db, f[i].name, f[i].nargs,
		        SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, f[i].fn,
		        f[i].step, f[i].final) != SQLITE_OK)
			return custody_fail_sqlite(err, db, f[i].name);
	return CUSTODY_OK;
}
