/*
 * synth.c: plays a scenario (scenario.c) into synthetic evidence files.
 *
 * What is made, and from what:
 * - Lookups of the scenario's host by each [source], per UTC day: the
 *   source's total over [since, until) is spread over the days by weight
 *   (weekday or weekend, [spike] factors, a day-to-day jitter shared by
 *   all sources and a smaller one of the source's own) and rounded by
 *   largest remainder, so the totals hold exactly. Within a day, lookups
 *   come in bursts whose starts follow the source's office hours in its
 *   own UTC offset; lookups in a burst are a little more than one TTL
 *   apart, as a caching resolver's would be.
 * - Each lookup goes to one authoritative server (by weight); a share of
 *   them is logged by a second server within the same second (the
 *   "identical times and identical addresses" duplicates). Each logged
 *   query is one row of the claimed logs, so totals count rows.
 * - The claimed logs: one CSV per server, time-sorted, one-second times.
 * - The capture and BIND query log: what one server (capture_server)
 *   received during [capture_since, capture_until), from every source
 *   (also those left out of the claimed logs), with answers, errors
 *   after the host's removal, DNS over TCP, SMTP sessions and refused
 *   connections, and background queries for other names from a pool of
 *   resolvers (times --scale). Written in one pass, time-ordered through
 *   a small heap of pending packets, so memory does not grow with scale.
 *
 * Each part draws from its own PRNG stream (prng.c), so --scale changes
 * only the background, and the same scenario gives the same bytes.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scenario.h"
#include "synth.h"

/* A query received by one server: one row of that server's log. */
struct row {
	int64_t t;    /* microseconds */
	int16_t src;  /* source index */
	uint8_t name; /* 0 host, 1 new host, 2 + i: [lookup] i's name */
	uint8_t srv;
	bool tcp, claimed;
};

/* A packet waiting in the heap, with the BIND log line it causes (the
 * query of a DNS exchange). */
struct pkt {
	int64_t t;
	uint64_t seq;
	size_t len, line_len;
	uint8_t frame[1600];
	char line[600];
};

/* An event of the capture other than background: a captured row, an
 * SMTP session before a lookup, or an inbound port-25 attempt. */
struct fg_event {
	int64_t t;
	int kind; /* 0 row, 1 outbound session, 2 inbound attempt */
	size_t idx;
};

enum answer_kind {
	ANS_A,
	ANS_MX,
	ANS_NODATA,
	ANS_NXDOMAIN,
	ANS_SERVFAIL,
	ANS_REFUSED
};

struct gen {
	struct scenario *sc;
	uint64_t scale;
	struct custody_error *err;
	struct row *rows;
	size_t n_rows, cap_rows;
	int64_t first_day, end; /* fg rows are made in [since, end) */
	size_t n_days;
	double *day_jitter;
	/* output */
	const char *outdir;
	char tmp[8][4096], final[8][4096];
	size_t n_files;
	FILE *pcap, *bind;
	char pcap_name[300], bind_name[300];
	struct pkt **heap;
	size_t n_heap, cap_heap;
	struct pkt **free_pkts;
	size_t n_free, cap_free;
	uint64_t seq;
	uint64_t packets, dns_messages, bind_lines, bg_queries, sessions,
	    attempts;
	uint64_t csv_rows[SC_MAX_SERVERS];
	struct custody_synth_endpoint *bg_res;
	/* BIND's line prefix for the current second */
	int64_t stamp_sec;
	char stamp[32];
	/* The mark on every file (mark.c): what made it. */
	char mark[600];
};

static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

/* ------------------------------------------------------------ days and weights */

static int
weekday(int64_t t_us) /* 0 Sunday .. 6 Saturday */
{
	int64_t days = t_us / SC_DAY_US;

	return (int)(((days % 7) + 11) % 7);
}

static double
spike_factor(const struct scenario *sc, int64_t day)
{
	double f = 1.0;
	size_t i;

	for (i = 0; i < sc->n_spikes; i++)
		if (day >= sc->spikes[i].from &&
		    day < sc->spikes[i].from +
		            (int64_t)sc->spikes[i].days * SC_DAY_US)
			f *= sc->spikes[i].factor;
	return f;
}

static double
day_base(const struct sc_source *s, int64_t day)
{
	int wd = weekday(day);

	return wd == 0 || wd == 6 ? s->weekend : 1.0;
}

/* Weight of each UTC hour of the day for s: 1 in office hours of a
 * local weekday, off_hours otherwise. */
static void
hour_weights(const struct sc_source *s, int64_t day, double w[24])
{
	int h;

	for (h = 0; h < 24; h++) {
		int64_t local = day + (int64_t)h * 3600 * SC_US +
		    s->utc_offset * 3600 * SC_US;
		int lh = (int)((local % SC_DAY_US + SC_DAY_US) % SC_DAY_US /
		    (3600 * SC_US));
		int wd = weekday(local);

		w[h] = wd != 0 && wd != 6 && (uint64_t)lh >= s->office_lo &&
		        (uint64_t)lh < s->office_hi
		    ? 1.0
		    : s->off_hours;
	}
}

/* ------------------------------------------------------------ rows */

static bool
add_row(struct gen *g, int64_t t, int src, int name, int srv, bool tcp,
    bool claimed)
{
	if (g->n_rows == g->cap_rows) {
		size_t cap = g->cap_rows ? g->cap_rows * 2 : 4096;
		struct row *r = realloc(g->rows, cap * sizeof(*r));

		if (r == NULL)
			return false;
		g->rows = r;
		g->cap_rows = cap;
	}
	g->rows[g->n_rows++] = (struct row){ t, (int16_t)src, (uint8_t)name,
		(uint8_t)srv, tcp, claimed };
	return true;
}

static int
pick_server(const struct scenario *sc, struct custody_prng *r, int exclude)
{
	double total = 0, u;
	size_t i;

	for (i = 0; i < sc->n_servers; i++)
		if ((int)i != exclude)
			total += sc->servers[i].weight;
	u = custody_prng_unit(r) * total;
	for (i = 0; i < sc->n_servers; i++) {
		if ((int)i == exclude)
			continue;
		if (u < sc->servers[i].weight)
			return (int)i;
		u -= sc->servers[i].weight;
	}
	for (i = sc->n_servers; i-- > 0;)
		if ((int)i != exclude)
			return (int)i;
	return 0;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/*
 * n lookup times for source s on the UTC day starting at day: bursts
 * whose starts follow the hour weights, each a geometric number of
 * lookups (mean burst_mean) about one TTL and a bit apart. Sorted.
 */
static void
day_times(const struct scenario *sc, const struct sc_source *s,
    struct custody_prng *r, int64_t day, int64_t *t, size_t n)
{
	double w[24], total = 0, u;
	size_t i = 0;
	int h;

	hour_weights(s, day, w);
	for (h = 0; h < 24; h++)
		total += w[h];
	while (i < n) {
		int64_t at;

		u = custody_prng_unit(r) * total;
		for (h = 0; h < 23 && u >= w[h]; h++)
			u -= w[h];
		at = day + (int64_t)h * 3600 * SC_US +
		    (int64_t)custody_prng_below(r, 3600 * (uint64_t)SC_US);
		do {
			t[i++] = at;
			at += (int64_t)sc->ttl * SC_US +
			    (int64_t)custody_prng_exp(
			        r, (double)sc->ttl * 1.5e6);
		} while (i < n && at < day + SC_DAY_US &&
		    custody_prng_unit(r) < 1.0 - 1.0 / sc->burst_mean);
	}
	qsort(t, n, sizeof(*t), cmp_i64);
}

/*
 * Turns rows_wanted rows of source s on one day into lookups: each is
 * logged by one server, or (duplicate_share) by two in the same second.
 * Only rows with t in [from, until) are kept (the new name's first day).
 */
static bool
day_rows(struct gen *g, int src, int name, int64_t day, uint64_t rows_wanted,
    struct custody_prng *r, int64_t from)
{
	const struct scenario *sc = g->sc;
	const struct sc_source *s = &sc->sources[src];
	uint64_t left = rows_wanted, n = 0, k;
	bool *dup;
	int64_t *t;
	bool ok = true;

	if (rows_wanted == 0)
		return true;
	dup = malloc(rows_wanted * sizeof(*dup));
	t = malloc(rows_wanted * sizeof(*t));
	if (dup == NULL || t == NULL) {
		free(dup);
		free(t);
		return false;
	}
	while (left > 0) {
		dup[n] = left >= 2 && sc->n_servers > 1 &&
		    custody_prng_unit(r) < sc->duplicate_share;
		left -= dup[n] ? 2 : 1;
		n++;
	}
	day_times(sc, s, r, day, t, (size_t)n);
	for (k = 0; k < n; k++) {
		int a = pick_server(sc, r, -1);
		bool tcp = custody_prng_unit(r) < sc->tcp_share;

		if (t[k] < from)
			continue;
		if (!add_row(g, t[k], src, name, a, tcp, s->claimed)) {
			ok = false;
			break;
		}
		if (dup[k]) {
			/* The retry lands 20-400 ms later, in the same second. */
			int64_t t2 = t[k] + 20000 +
			    (int64_t)custody_prng_below(r, 380000);
			int64_t sec_end = (t[k] / SC_US + 1) * SC_US - 1;

			if (!add_row(g, t2 < sec_end ? t2 : sec_end, src, name,
			        pick_server(sc, r, a),
			        custody_prng_unit(r) < sc->tcp_share,
			        s->claimed)) {
				ok = false;
				break;
			}
		}
	}
	free(dup);
	free(t);
	return ok;
}

static int cmp_row(const void *a, const void *b);

/*
 * A caching resolver asks again only once its answer has expired: the
 * lookups of source src made since row from, name by name in time order,
 * are moved on until each comes at least one TTL (and a little) after the
 * one before. A row less than a second after a lookup, at another server,
 * is that lookup logged twice and moves with it. Nothing is dropped, so
 * the source's totals hold; a lookup moved past the window's end leaves it.
 */
static void
cache_spacing(struct gen *g, size_t from, int src)
{
	const struct scenario *sc = g->sc;
	struct custody_prng r;
	char label[64];
	int name;
	size_t i;

	snprintf(label, sizeof(label), "cache %s", sc->sources[src].id);
	custody_prng_seed(&r, sc->seed, label);
	qsort(g->rows + from, g->n_rows - from, sizeof(*g->rows), cmp_row);
	for (name = 0; name < 2; name++) {
		int64_t kept = INT64_MIN, orig = INT64_MIN, shift;
		int srv = -1;

		for (i = from; i < g->n_rows; i++) {
			struct row *rw = &g->rows[i];

			if (rw->src != src || rw->name != name)
				continue;
			if (orig != INT64_MIN && rw->t - orig < SC_US &&
			    rw->srv != srv) {
				/* the same lookup, logged by a second server: it moves
				 * with the first and stays in its second */
				int64_t sec_end =
				    (kept / SC_US + 1) * SC_US - 1;

				rw->t = kept + (rw->t - orig) < sec_end
				    ? kept + (rw->t - orig)
				    : sec_end;
				continue;
			}
			orig = rw->t;
			srv = rw->srv;
			shift = 0;
			if (kept != INT64_MIN &&
			    rw->t < kept + (int64_t)sc->ttl * SC_US)
				shift = kept + (int64_t)sc->ttl * SC_US + 1 +
				    (int64_t)custody_prng_below(
				        &r, 120 * (uint64_t)SC_US) -
				    rw->t;
			rw->t += shift;
			kept = rw->t;
		}
	}
}

/* n from a mean: its floor, plus one with the probability of its fraction. */
static uint64_t
round_random(struct custody_prng *r, double mean)
{
	uint64_t n = (uint64_t)mean;

	return n + (custody_prng_unit(r) < mean - (double)n ? 1u : 0u);
}

static enum custody_code
make_rows(struct gen *g)
{
	struct scenario *sc = g->sc;
	size_t days = (size_t)((sc->until - sc->since) / SC_DAY_US), i, d;
	double *w = calloc(g->n_days, sizeof(double));
	uint64_t *alloc = calloc(g->n_days, sizeof(uint64_t)),
	         *fixed = calloc(g->n_days, sizeof(uint64_t));
	struct custody_prng r;
	char label[64];

	if (w == NULL || alloc == NULL || fixed == NULL)
		goto nomem;
	for (i = 0; i < sc->n_sources; i++) {
		const struct sc_source *s = &sc->sources[i];
		uint64_t given = 0, left, want;
		double total = 0, mean;
		size_t j, first_row = g->n_rows;

		snprintf(label, sizeof(label), "source %s", s->id);
		custody_prng_seed(&r, sc->seed, label);
		/* Fixed [lookup]s of the host in the window count towards the
		 * source's total, so the generated ones make up the rest. */
		memset(fixed, 0, g->n_days * sizeof(uint64_t));
		for (j = 0; j < sc->n_lookups; j++) {
			const struct sc_lookup *l = &sc->lookups[j];

			if (l->src == (int)i && l->claimed == s->claimed &&
			    strcmp(l->name, sc->host) == 0 &&
			    l->time >= sc->since && l->time < sc->until) {
				fixed[(l->time - sc->since) / SC_DAY_US]++;
				given++;
			}
		}
		if (given > s->total)
			return custody_fail(g->err, CUSTODY_ERR_FORMAT,
			    "%s:%d: [lookup]s of %s exceed the source's total",
			    sc->path, s->line, sc->host);
		left = s->total - given;
		for (d = 0; d < days; d++) {
			int64_t day = sc->since + (int64_t)d * SC_DAY_US;
			double own = 1.0 +
			    sc->day_jitter * 0.5 *
			        (2.0 * custody_prng_unit(&r) - 1.0);

			w[d] = day_base(s, day) * spike_factor(sc, day) *
			    g->day_jitter[d] * own;
			total += w[d];
		}
		if (total <= 0 && left > 0)
			return custody_fail(g->err, CUSTODY_ERR_FORMAT,
			    "%s:%d: the source's days all have weight 0",
			    sc->path, s->line);
		/* Largest remainder: floors first, then one more to the days
		 * with the largest fractions (earlier day on a tie). */
		want = 0;
		for (d = 0; d < days; d++) {
			double x = total > 0 ? w[d] * (double)left / total : 0;

			alloc[d] = (uint64_t)x;
			w[d] = x - (double)alloc[d];
			want += alloc[d];
		}
		while (want < left) {
			size_t best = 0;

			for (d = 1; d < days; d++)
				if (w[d] > w[best])
					best = d;
			alloc[best]++;
			w[best] = -1;
			want++;
		}
		for (d = 0; d < days; d++)
			if (!day_rows(g, (int)i, 0,
			        sc->since + (int64_t)d * SC_DAY_US, alloc[d],
			        &r, 0))
				goto nomem;
		/* After the window: the old name at the rate "after" times the
		 * window's mean (answers are errors by then), and the new name
		 * from its first lookup at the rate "renamed". */
		mean = (double)s->total / (double)days;
		for (d = days; d < g->n_days; d++) {
			int64_t day = sc->since + (int64_t)d * SC_DAY_US;
			double base =
			    day_base(s, day) * g->day_jitter[d] * mean;

			if (s->after > 0 &&
			    !day_rows(g, (int)i, 0, day,
			        round_random(&r, s->after * base), &r, 0))
				goto nomem;
			if (sc->has_rename && s->renamed > 0 &&
			    day + SC_DAY_US > sc->new_first &&
			    !day_rows(g, (int)i, 1, day,
			        round_random(&r, s->renamed * base), &r,
			        sc->new_first + SC_US))
				goto nomem;
		}
		if (s->cache)
			cache_spacing(g, first_row, (int)i);
	}
	for (i = 0; i < sc->n_lookups; i++) {
		const struct sc_lookup *l = &sc->lookups[i];
		int name = strcmp(l->name, sc->host) == 0 ? 0
		    : sc->has_rename && strcmp(l->name, sc->new_host) == 0
		    ? 1
		    : 2 + (int)i;

		/* A fixed time names a second; the microseconds within it are
		 * drawn, as a clock would have them. */
		snprintf(label, sizeof(label), "lookup %s", l->id);
		custody_prng_seed(&r, sc->seed, label);
		if (!add_row(g,
		        l->time + (int64_t)custody_prng_below(&r, SC_US),
		        l->src, name, l->srv, l->tcp, l->claimed))
			goto nomem;
	}
	if (sc->has_rename) {
		int src = -1;

		for (i = 0; i < sc->n_sources; i++)
			if (strcmp(sc->sources[i].id, sc->new_first_source) ==
			    0)
				src = (int)i;
		custody_prng_seed(&r, sc->seed, "rename");
		if (!add_row(g,
		        sc->new_first + (int64_t)custody_prng_below(&r, SC_US),
		        src, 1, sc->capture, false, sc->sources[src].claimed))
			goto nomem;
	}
	free(w);
	free(alloc);
	free(fixed);
	return CUSTODY_OK;
nomem:
	free(w);
	free(alloc);
	free(fixed);
	return custody_fail(g->err, CUSTODY_ERR_NOMEM, "synth: out of memory");
}

static int
cmp_row(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->t != y->t)
		return (x->t > y->t) - (x->t < y->t);
	if (x->srv != y->srv)
		return x->srv - y->srv;
	if (x->src != y->src)
		return x->src - y->src;
	return x->name - y->name;
}

static const char *
row_name(const struct scenario *sc, const struct row *r)
{
	return r->name == 0 ? sc->host
	    : r->name == 1  ? sc->new_host
	                    : sc->lookups[r->name - 2].name;
}

/* ------------------------------------------------------------ files */

static FILE *
open_out(struct gen *g, const char *name)
{
	size_t i = g->n_files;
	FILE *fp;
	int fd;

	snprintf(g->final[i], sizeof(g->final[i]), "%s/%s", g->outdir, name);
	snprintf(g->tmp[i], sizeof(g->tmp[i]), "%s/.%s.tmp", g->outdir, name);
	fd = open(g->tmp[i],
	    O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0) {
		custody_fail_errno(g->err, CUSTODY_ERR_IO, "%s", g->tmp[i]);
		return NULL;
	}
	if ((fp = fdopen(fd, "w")) == NULL) {
		custody_fail_errno(g->err, CUSTODY_ERR_IO, "%s", g->tmp[i]);
		close(fd);
		unlink(g->tmp[i]);
		return NULL;
	}
	setvbuf(fp, NULL, _IOFBF, 1 << 20);
	g->n_files++;
	return fp;
}

static enum custody_code
close_out(struct gen *g, FILE *fp, const char *name)
{
	if (fflush(fp) != 0 || ferror(fp)) {
		fclose(fp);
		return custody_fail_errno(
		    g->err, CUSTODY_ERR_IO, "%s: write", name);
	}
	if (fclose(fp) != 0)
		return custody_fail_errno(
		    g->err, CUSTODY_ERR_IO, "%s: close", name);
	return CUSTODY_OK;
}

/* "ns1.cdcservices.com" -> "ns1_cdcservices_com" */
static void
file_stem(const char *name, char *out, size_t size)
{
	size_t i;

	for (i = 0; name[i] != '\0' && i + 1 < size; i++)
		out[i] = name[i] == '.' ? '_' : name[i];
	out[i] = '\0';
}

static enum custody_code
write_claimed(struct gen *g)
{
	const struct scenario *sc = g->sc;
	char fname[300], stem[SC_NAME], ts[40];
	size_t s, i;

	for (s = 0; s < sc->n_servers; s++) {
		FILE *fp;

		file_stem(sc->servers[s].name, stem, sizeof(stem));
		snprintf(fname, sizeof(fname), "synthetic-%s.csv", stem);
		if ((fp = open_out(g, fname)) == NULL)
			return g->err->code;
		fprintf(fp, "# %s\n", g->mark);
		fputs("time,querier,name,type\n", fp);
		for (i = 0; i < g->n_rows; i++) {
			const struct row *r = &g->rows[i];

			if (r->srv != s || !r->claimed || r->t < sc->since ||
			    r->t >= sc->claimed_until)
				continue;
			custody_time_format(r->t / SC_US * 1000000000, 3, ts);
			fprintf(fp, "%s,%s,%s,A\n", ts,
			    sc->sources[r->src].address.text, row_name(sc, r));
			g->csv_rows[s]++;
		}
		if (close_out(g, fp, fname) != CUSTODY_OK)
			return g->err->code;
	}
	return CUSTODY_OK;
}

static enum custody_code
copy_file(struct gen *g, const char *from, const char *name)
{
	char buf[65536];
	FILE *in = fopen(from, "rb"), *out;
	size_t n;

	if (in == NULL)
		return custody_fail_errno(g->err, CUSTODY_ERR_IO, "%s", from);
	if ((out = open_out(g, name)) == NULL) {
		fclose(in);
		return g->err->code;
	}
	fprintf(out, "# %s\n", g->mark);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		fwrite(buf, 1, n, out);
	if (ferror(in)) {
		fclose(in);
		fclose(out);
		return custody_fail_errno(
		    g->err, CUSTODY_ERR_IO, "%s: read", from);
	}
	fclose(in);
	return close_out(g, out, name);
}

/* ------------------------------------------------------------ the packet heap */

static bool
pkt_before(const struct pkt *a, const struct pkt *b)
{
	return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

static struct pkt *
pkt_new(struct gen *g)
{
	struct pkt *p;

	if (g->n_free > 0)
		p = g->free_pkts[--g->n_free];
	else if ((p = malloc(sizeof(*p))) == NULL)
		return NULL;
	p->len = 0;
	p->line_len = 0;
	return p;
}

static bool
heap_push(struct gen *g, struct pkt *p)
{
	size_t i;

	if (g->n_heap == g->cap_heap) {
		size_t cap = g->cap_heap ? g->cap_heap * 2 : 256;
		struct pkt **h = realloc(g->heap, cap * sizeof(*h));
		struct pkt **f = realloc(g->free_pkts, cap * sizeof(*f));

		if (h != NULL)
			g->heap = h;
		if (f != NULL)
			g->free_pkts = f;
		if (h == NULL || f == NULL)
			return false;
		g->cap_heap = g->cap_free = cap;
	}
	p->seq = g->seq++;
	i = g->n_heap++;
	while (i > 0 && pkt_before(p, g->heap[(i - 1) / 2])) {
		g->heap[i] = g->heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	g->heap[i] = p;
	return true;
}

static struct pkt *
heap_pop(struct gen *g)
{
	struct pkt *top = g->heap[0], *last = g->heap[--g->n_heap];
	size_t i = 0;

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= g->n_heap)
			break;
		if (c + 1 < g->n_heap && pkt_before(g->heap[c + 1], g->heap[c]))
			c++;
		if (!pkt_before(g->heap[c], last))
			break;
		g->heap[i] = g->heap[c];
		i = c;
	}
	if (g->n_heap > 0)
		g->heap[i] = last;
	return top;
}

/* Writes every pending packet up to time t (all, with t < 0). */
static enum custody_code
flush_until(struct gen *g, int64_t t)
{
	while (g->n_heap > 0 && (t < 0 || g->heap[0]->t <= t)) {
		struct pkt *p = heap_pop(g);
		enum custody_code rc = custody_pcapngw_packet(
		    g->pcap, g->pcap_name, p->t, p->frame, p->len, g->err);

		if (rc != CUSTODY_OK)
			return rc;
		g->packets++;
		if (p->line_len > 0) {
			if (fwrite(p->line, p->line_len, 1, g->bind) != 1)
				return custody_fail_errno(g->err,
				    CUSTODY_ERR_IO, "%s: write", g->bind_name);
			g->bind_lines++;
		}
		g->free_pkts[g->n_free++] = p;
	}
	return CUSTODY_OK;
}

/* ------------------------------------------------------------ DNS messages */

/* Wire form of a presentation name (checked by scenario.c); *zone gets
 * the message offset of its last two labels, where the SOA owner points. */
static void
name_wire(struct custody_writer *w, const char *name, size_t *zone)
{
	size_t starts[128], k = 0, i = 0, len;

	while (name[i] != '\0') {
		len = strcspn(name + i, ".");
		starts[k < 128 ? k : 127] = custody_writer_offset(w);
		k++;
		custody_writer_u8(w, (uint8_t)len);
		custody_writer_bytes(w, name + i, len);
		i += len;
		if (name[i] == '.')
			i++;
	}
	custody_writer_u8(w, 0);
	if (zone != NULL)
		*zone = k >= 2 ? starts[k - 2 < 127 ? k - 2 : 127] : 12;
}

static void
opt_rr(struct custody_writer *w)
{
	/* RFC 6891: root owner, TYPE 41, CLASS = UDP size 4096, TTL holds
	 * extended RCODE 0, version 0 and the DO bit; no options. */
	custody_writer_u8(w, 0);
	custody_writer_be16(w, 41);
	custody_writer_be16(w, 4096);
	custody_writer_be32(w, 0x00008000u);
	custody_writer_be16(w, 0);
}

/* The message's length, or 0 when it did not fit in cap. */
static size_t
dns_query(
    uint8_t *out, size_t cap, uint16_t id, const char *name, unsigned qtype)
{
	struct custody_writer w;

	custody_writer_init(&w, out, cap);
	custody_writer_be16(&w, id);
	custody_writer_be16(&w,
	    0x0000); /* QR=0, opcode 0, RD=0: a resolver asking an authority */
	custody_writer_be16(&w, 1);
	custody_writer_be16(&w, 0);
	custody_writer_be16(&w, 0);
	custody_writer_be16(&w, 1);
	name_wire(&w, name, NULL);
	custody_writer_be16(&w, (uint16_t)qtype);
	custody_writer_be16(&w, 1);
	opt_rr(&w);
	return custody_writer_ok(&w) ? custody_writer_offset(&w) : 0;
}

static size_t
dns_response(const struct scenario *sc, uint8_t *out, size_t cap, uint16_t id,
    const char *name, unsigned qtype, enum answer_kind kind, const uint8_t a[4])
{
	const char *mname = sc->servers[sc->capture].name;
	unsigned rcode = kind == ANS_NXDOMAIN ? 3
	    : kind == ANS_SERVFAIL            ? 2
	    : kind == ANS_REFUSED             ? 5
	                                      : 0;
	bool aa = kind != ANS_SERVFAIL && kind != ANS_REFUSED;
	size_t zone, an = 0, ns = 0;
	char rname[SC_NAME + 16];
	struct custody_writer w;

	custody_writer_init(&w, out, cap);
	custody_writer_be16(&w, id);
	custody_writer_be16(
	    &w, (uint16_t)(0x8000u | (aa ? 0x0400u : 0) | rcode));
	custody_writer_be16(&w, 1);
	custody_writer_zero(&w, 6); /* ANCOUNT, NSCOUNT, ARCOUNT: below */
	name_wire(&w, name, &zone);
	custody_writer_be16(&w, (uint16_t)qtype);
	custody_writer_be16(&w, 1);
	if (kind == ANS_A) {
		custody_writer_be16(&w, 0xc00c);
		custody_writer_be16(&w, 1);
		custody_writer_be16(&w, 1);
		custody_writer_be32(&w, (uint32_t)sc->ttl);
		custody_writer_be16(&w, 4);
		custody_writer_bytes(&w, a, 4);
		an = 1;
	} else if (kind == ANS_MX) {
		custody_writer_be16(&w, 0xc00c);
		custody_writer_be16(&w, 15);
		custody_writer_be16(&w, 1);
		custody_writer_be32(&w, (uint32_t)sc->ttl);
		custody_writer_be16(&w, 7);
		custody_writer_be16(&w, 10);
		custody_writer_bytes(&w, "\002mx", 3);
		custody_writer_be16(&w, (uint16_t)(0xc000u | zone));
		an = 1;
	} else if (kind == ANS_NODATA || kind == ANS_NXDOMAIN) {
		/* RFC 2308: the zone's SOA in the authority section. */
		size_t rdlen_at, rd;

		custody_writer_be16(&w, (uint16_t)(0xc000u | zone));
		custody_writer_be16(&w, 6);
		custody_writer_be16(&w, 1);
		custody_writer_be32(&w, 300);
		rdlen_at = custody_writer_offset(&w);
		custody_writer_be16(&w, 0); /* RDLENGTH, below */
		rd = custody_writer_offset(&w);
		name_wire(&w, mname, NULL);
		snprintf(rname, sizeof(rname), "hostmaster.%s",
		    strchr(mname, '.') != NULL ? strchr(mname, '.') + 1
		                               : mname);
		name_wire(&w, rname, NULL);
		custody_writer_be32(&w, 2016050401u);
		custody_writer_be32(&w, 3600);
		custody_writer_be32(&w, 600);
		custody_writer_be32(&w, 1209600);
		custody_writer_be32(&w, 300);
		custody_writer_be16_at(
		    &w, rdlen_at, (uint16_t)(custody_writer_offset(&w) - rd));
		ns = 1;
	}
	custody_writer_be16_at(&w, 6, (uint16_t)an);
	custody_writer_be16_at(&w, 8, (uint16_t)ns);
	custody_writer_be16_at(&w, 10, 1);
	opt_rr(&w);
	return custody_writer_ok(&w) ? custody_writer_offset(&w) : 0;
}

/* ------------------------------------------------------------ conversations */

static const char *
qtype_name(unsigned qtype)
{
	return qtype == 1 ? "A"
	    : qtype == 28 ? "AAAA"
	    : qtype == 15 ? "MX"
	                  : "TYPE";
}

/* BIND 9.16's query log line ("queries" category, print-time yes, the
 * server's clock on UTC): flags are '+'/'-' for RD, E(0) for EDNS
 * version 0, T for TCP, D for DO. */
static size_t
bind_line(struct gen *g, char *out, size_t size, int64_t t,
    struct custody_prng *r, const struct sc_addr *client, uint16_t port,
    const char *name, unsigned qtype, bool tcp, const struct sc_addr *server)
{
	int n;

	if (t / SC_US != g->stamp_sec) {
		char iso[40];
		int64_t sec = t / SC_US;

		custody_time_format(sec * 1000000000, 0, iso);
		/* iso is YYYY-MM-DDTHH:MM:SSZ */
		snprintf(g->stamp, sizeof(g->stamp), "%.2s-%s-%.4s %.8s",
		    iso + 8, months[(iso[5] - '0') * 10 + (iso[6] - '0') - 1],
		    iso, iso + 11);
		g->stamp_sec = sec;
	}
	/* The client object's address: one of a pool BIND would reuse. */
	n = snprintf(out, size,
	    "%s.%03d client @0x7f%02x%08" PRIx64
	    " %s#%u (%s): query: %s IN %s -E(0)%sD (%s)\n",
	    g->stamp, (int)(t / 1000 % 1000),
	    0x10 + (unsigned)custody_prng_below(r, 0x30),
	    (uint64_t)(0x0a000000u + custody_prng_below(r, 0x400) * 0x1a0),
	    client->text, port, name, name, qtype_name(qtype), tcp ? "T" : "",
	    server->text);
	return n > 0 && (size_t)n < size ? (size_t)n : 0;
}

static struct pkt *
new_packet(struct gen *g, int64_t t)
{
	struct pkt *p = pkt_new(g);

	if (p != NULL)
		p->t = t;
	return p;
}

struct ends {
	struct custody_synth_endpoint cli, srv;
	uint8_t ttl_cli, ttl_srv;
	int64_t d_cli,
	    d_srv; /* delay before each side answers, as the capture sees it */
};

struct tmsg {
	bool from_srv;
	const uint8_t *p;
	size_t n;
	const char *line; /* BIND line carried by this packet, or NULL */
	size_t line_len;
};

static enum custody_code
push(struct gen *g, struct pkt *p)
{
	if (p == NULL || p->len == 0 || !heap_push(g, p))
		return custody_fail(
		    g->err, CUSTODY_ERR_NOMEM, "synth: out of memory");
	return CUSTODY_OK;
}

/*
 * A TCP connection as the capture sees it: handshake (RFC 9293 3.5), or
 * SYN answered by RST when refused; then the messages, each piggybacking
 * the ACK of the last; then FIN from the client, FIN from the server and
 * the last ACK.
 */
static enum custody_code
tcp_conv(struct gen *g, struct custody_prng *r, int64_t t, const struct ends *e,
    bool accept, const struct tmsg *m, size_t nm)
{
	static const uint8_t mss[4] = { 2, 4, 0x05, 0xb4 }; /* MSS 1460 */
	uint32_t cseq = (uint32_t)custody_prng_next(r),
	         sseq = (uint32_t)custody_prng_next(r);
	bool last_srv = true;
	struct pkt *p;
	size_t i;
	enum custody_code rc;

#define CPKT(at, seq, ack, flags, opt, on, pay, pn)                            \
	do {                                                                   \
		if ((p = new_packet(g, (at))) != NULL)                         \
			p->len = custody_pkt_tcp(p->frame, sizeof(p->frame),   \
			    &e->cli, &e->srv, (seq), (ack), (flags), (opt),    \
			    (on), (pay), (pn), (uint16_t)custody_prng_next(r), \
			    e->ttl_cli);                                       \
		if ((rc = push(g, p)) != CUSTODY_OK)                           \
			return rc;                                             \
	} while (0)
#define SPKT(at, seq, ack, flags, opt, on, pay, pn)                            \
	do {                                                                   \
		if ((p = new_packet(g, (at))) != NULL)                         \
			p->len = custody_pkt_tcp(p->frame, sizeof(p->frame),   \
			    &e->srv, &e->cli, (seq), (ack), (flags), (opt),    \
			    (on), (pay), (pn), (uint16_t)custody_prng_next(r), \
			    e->ttl_srv);                                       \
		if ((rc = push(g, p)) != CUSTODY_OK)                           \
			return rc;                                             \
	} while (0)

	CPKT(t, cseq, 0, CUSTODY_TCP_SYN, mss, 4, NULL, 0);
	t += e->d_srv;
	if (!accept) {
		SPKT(t, 0, cseq + 1, CUSTODY_TCP_RST | CUSTODY_TCP_ACK, NULL, 0,
		    NULL, 0);
		return CUSTODY_OK;
	}
	SPKT(t, sseq, cseq + 1, CUSTODY_TCP_SYN | CUSTODY_TCP_ACK, mss, 4, NULL,
	    0);
	cseq++;
	sseq++;
	t += e->d_cli;
	CPKT(t, cseq, sseq, CUSTODY_TCP_ACK, NULL, 0, NULL, 0);
	last_srv = false;
	for (i = 0; i < nm; i++) {
		t += m[i].from_srv == last_srv ? 40
		    : m[i].from_srv            ? e->d_srv
		                               : e->d_cli;
		if (m[i].from_srv) {
			SPKT(t, sseq, cseq, CUSTODY_TCP_PSH | CUSTODY_TCP_ACK,
			    NULL, 0, m[i].p, m[i].n);
			sseq += (uint32_t)m[i].n;
		} else {
			CPKT(t, cseq, sseq, CUSTODY_TCP_PSH | CUSTODY_TCP_ACK,
			    NULL, 0, m[i].p, m[i].n);
			if (m[i].line != NULL) {
				memcpy(p->line, m[i].line, m[i].line_len);
				p->line_len = m[i].line_len;
			}
			cseq += (uint32_t)m[i].n;
		}
		last_srv = m[i].from_srv;
	}
	t += last_srv ? e->d_cli : 40;
	CPKT(
	    t, cseq, sseq, CUSTODY_TCP_FIN | CUSTODY_TCP_ACK, NULL, 0, NULL, 0);
	t += e->d_srv;
	SPKT(t, sseq, cseq + 1, CUSTODY_TCP_FIN | CUSTODY_TCP_ACK, NULL, 0,
	    NULL, 0);
	t += e->d_cli;
	CPKT(t, cseq + 1, sseq + 1, CUSTODY_TCP_ACK, NULL, 0, NULL, 0);
#undef CPKT
#undef SPKT
	return CUSTODY_OK;
}

/* One DNS exchange at the capture server: over UDP, a query and its
 * response; over TCP (RFC 7766), a connection carrying both, each with
 * its 2-byte length. The BIND line rides on the query's packet. */
static enum custody_code
dns_exchange(struct gen *g, struct custody_prng *r, int64_t t,
    const struct sc_addr *client, uint8_t ttl_cli, int64_t rtt,
    const char *name, unsigned qtype, enum answer_kind kind, const uint8_t a[4],
    bool tcp)
{
	const struct scenario *sc = g->sc;
	const struct sc_server *srv = &sc->servers[sc->capture];
	const struct sc_addr *saddr =
	    client->ep.family == 6 ? &srv->ipv6 : &srv->ipv4;
	uint8_t q[2 + 512], resp[2 + 1024];
	uint16_t id = (uint16_t)custody_prng_next(r);
	size_t qn = dns_query(q + 2, sizeof(q) - 2, id, name, qtype);
	size_t rn = dns_response(
	    sc, resp + 2, sizeof(resp) - 2, id, name, qtype, kind, a);
	struct ends e;
	char line[600];
	size_t ln;
	struct pkt *p;
	enum custody_code rc;

	e.cli = client->ep;
	e.cli.port = (uint16_t)(1024 + custody_prng_below(r, 64512));
	e.srv = saddr->ep;
	e.srv.port = 53;
	e.ttl_cli = ttl_cli;
	e.ttl_srv = 64;
	e.d_cli = rtt;
	e.d_srv = 60 + (int64_t)custody_prng_below(r, 400);
	g->dns_messages += 2;
	if (!tcp) {
		ln = bind_line(g, line, sizeof(line), t, r, client, e.cli.port,
		    name, qtype, false, saddr);
		if ((p = new_packet(g, t)) != NULL) {
			p->len = custody_pkt_udp(p->frame, sizeof(p->frame),
			    &e.cli, &e.srv, q + 2, qn,
			    (uint16_t)custody_prng_next(r), e.ttl_cli);
			memcpy(p->line, line, ln);
			p->line_len = ln;
		}
		if ((rc = push(g, p)) != CUSTODY_OK)
			return rc;
		if ((p = new_packet(g, t + e.d_srv)) != NULL)
			p->len = custody_pkt_udp(p->frame, sizeof(p->frame),
			    &e.srv, &e.cli, resp + 2, rn,
			    (uint16_t)custody_prng_next(r), e.ttl_srv);
		return push(g, p);
	}
	{
		struct tmsg m[2];
		/* The query arrives after SYN, SYN-ACK (d_srv), ACK (d_cli) and
		 * 40 us more; the log line carries that time. */
		int64_t tq = t + e.d_srv + e.d_cli + 40;

		struct custody_writer w;

		custody_writer_init(&w, q, 2);
		custody_writer_be16(&w, (uint16_t)qn);
		custody_writer_init(&w, resp, 2);
		custody_writer_be16(&w, (uint16_t)rn);
		ln = bind_line(g, line, sizeof(line), tq, r, client, e.cli.port,
		    name, qtype, true, saddr);
		m[0] = (struct tmsg){ false, q, qn + 2, line, ln };
		m[1] = (struct tmsg){ true, resp, rn + 2, NULL, 0 };
		return tcp_conv(g, r, t, &e, true, m, 2);
	}
}

static enum custody_code
smtp_conv(struct gen *g, struct custody_prng *r, int64_t t,
    const struct sc_addr *cli, const struct sc_addr *srv, bool local_client,
    bool accept, const char *banner_host)
{
	char banner[300];
	static const char quit[] = "QUIT\r\n", bye[] = "221 2.0.0 Bye\r\n";
	struct tmsg m[3];
	struct ends e;
	int64_t rtt = 20000 + (int64_t)custody_prng_below(r, 120000);

	snprintf(banner, sizeof(banner), "220 %s ESMTP\r\n", banner_host);
	e.cli = cli->ep;
	e.cli.port = (uint16_t)(1024 + custody_prng_below(r, 64512));
	e.srv = srv->ep;
	e.srv.port = 25;
	e.ttl_cli = local_client ? 64 : 51;
	e.ttl_srv = local_client ? 51 : 64;
	e.d_cli = local_client ? 40 : rtt;
	e.d_srv = local_client ? rtt : 40;
	m[0] = (struct tmsg){ true, (const uint8_t *)banner, strlen(banner),
		NULL, 0 };
	m[1] = (struct tmsg){ false, (const uint8_t *)quit, sizeof(quit) - 1,
		NULL, 0 };
	m[2] = (struct tmsg){ true, (const uint8_t *)bye, sizeof(bye) - 1, NULL,
		0 };
	return tcp_conv(g, r, t, &e, accept, m, 3);
}

/* ------------------------------------------------------------ the capture */

static enum answer_kind
host_answer(
    const struct scenario *sc, const struct row *rw, struct custody_prng *r)
{
	if (rw->name >= 2)
		return ANS_REFUSED; /* not a zone this server serves */
	if (rw->name == 0 && sc->has_rename && rw->t >= sc->removed)
		return custody_prng_unit(r) < sc->servfail_share ? ANS_SERVFAIL
		                                                 : ANS_NXDOMAIN;
	return ANS_A;
}

static int
cmp_fg(const void *a, const void *b)
{
	const struct fg_event *x = a, *y = b;

	if (x->t != y->t)
		return (x->t > y->t) - (x->t < y->t);
	if (x->kind != y->kind)
		return x->kind - y->kind;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

struct session {
	int64_t t;
	int peer;
};

/* Relative background activity by UTC hour (the server's clients are
 * mostly in the Americas). */
static const double diurnal[24] = { 6, 5, 4, 3, 3, 3, 3, 4, 5, 6, 7, 8, 9, 10,
	10, 10, 10, 10, 10, 9, 9, 8, 8, 7 };

/* Advances *t to the next background query time; false past the window. */
static bool
next_bg(const struct scenario *sc, struct custody_prng *r, double lambda,
    double dmax, int64_t *t)
{
	while (*t < sc->capture_until) {
		*t += 1 + (int64_t)custody_prng_exp(r, 1.0 / lambda);
		if (custody_prng_unit(r) * dmax <
		    diurnal[(*t / (3600 * SC_US)) % 24])
			return *t < sc->capture_until;
	}
	return false;
}

/* One background query: a resolver from the pool, a name served here,
 * A / AAAA / MX, now and then a name that does not exist. */
static enum custody_code
background_query(struct gen *g, struct custody_prng *r, int64_t t)
{
	const struct scenario *sc = g->sc;
	struct sc_addr res;
	size_t ni = custody_prng_below(r, sc->n_names);
	double u = custody_prng_unit(r);
	unsigned qtype = u < 0.72 ? 1 : u < 0.94 ? 28 : 15;
	enum answer_kind kind = qtype == 1 ? ANS_A
	    : qtype == 15                  ? ANS_MX
	                                   : ANS_NODATA;
	char name[SC_NAME + 16];
	uint8_t a[4] = { 198, 51, 100, 0 };
	int64_t rtt;
	bool tcp;

	memset(&res, 0, sizeof(res));
	res.ep = g->bg_res[custody_prng_below(r, sc->bg_resolvers)];
	inet_ntop(res.ep.family == 4 ? AF_INET : AF_INET6, res.ep.addr,
	    res.text, sizeof(res.text));
	if (custody_prng_unit(r) < sc->bg_nxdomain_share) {
		snprintf(name, sizeof(name), "x%04x.%s",
		    (unsigned)custody_prng_below(r, 0x10000), sc->names[ni]);
		kind = ANS_NXDOMAIN;
	} else {
		snprintf(name, sizeof(name), "%s", sc->names[ni]);
	}
	tcp = custody_prng_unit(r) < sc->bg_tcp_share;
	rtt = 10000 + (int64_t)custody_prng_below(r, 90000);
	/* Other names answer with addresses of the host's own network. */
	a[3] = (uint8_t)(64 + ni);
	g->bg_queries++;
	return dns_exchange(g, r, t, &res, 57, rtt, name, qtype, kind, a, tcp);
}

static enum custody_code
write_capture(struct gen *g)
{
	struct scenario *sc = g->sc;
	struct custody_prng rfg, rs, rbg, rres;
	struct fg_event *ev = NULL;
	struct session *ses = NULL;
	size_t n_ev = 0, cap_ev = 0, n_ses = 0, i, k;
	int64_t bg_t, dur = sc->capture_until - sc->capture_since;
	double lambda, dmax = 0, dmean = 0;
	enum custody_code rc = CUSTODY_OK;
	char stem[SC_NAME];
	bool have_bg;

	custody_prng_seed(&rfg, sc->seed, "capture");
	custody_prng_seed(&rs, sc->seed, "smtp");
	custody_prng_seed(&rbg, sc->seed, "background");
	custody_prng_seed(&rres, sc->seed, "background resolvers");

#define ADD_EV(time, kd, ix)                                                   \
	do {                                                                   \
		if (n_ev == cap_ev) {                                          \
			struct fg_event *x = realloc(ev,                       \
			    (cap_ev = cap_ev ? 2 * cap_ev : 1024) *            \
			        sizeof(*ev));                                  \
			if (x == NULL)                                         \
				goto nomem;                                    \
			ev = x;                                                \
		}                                                              \
		ev[n_ev++] = (struct fg_event){ (time), (kd), (ix) };          \
	} while (0)

	/* Rows the capture server received in the capture window, and an
	 * outbound session from the host's address to the org's mail peer
	 * before a share of them. */
	for (i = 0; i < g->n_rows; i++) {
		const struct row *rw = &g->rows[i];

		if (rw->srv != sc->capture || rw->t < sc->capture_since ||
		    rw->t >= sc->capture_until)
			continue;
		ADD_EV(rw->t, 0, i);
		for (k = 0; k < sc->n_peers; k++) {
			int64_t before;

			if (strcmp(sc->peers[k].org,
			        sc->sources[rw->src].org) != 0 ||
			    rw->name != 0)
				continue;
			if (custody_prng_unit(&rs) >= sc->peers[k].share)
				continue;
			before = 20 * SC_US +
			    (int64_t)custody_prng_below(&rs,
			        (uint64_t)((int64_t)sc->precede_minutes * 60 -
			            50) *
			            (uint64_t)SC_US);
			if (rw->t - before < sc->capture_since)
				continue;
			if ((n_ses & (n_ses + 1)) == 0 || n_ses == 0) {
				struct session *x = realloc(
				    ses, (2 * n_ses + 2) * sizeof(*ses));

				if (x == NULL)
					goto nomem;
				ses = x;
			}
			ses[n_ses++] =
			    (struct session){ rw->t - before, (int)k };
		}
	}
	for (i = 0; i < n_ses; i++)
		ADD_EV(ses[i].t, 1, i);
	for (k = 0; k < sc->n_inbound; k++) {
		struct custody_prng ri;
		char label[64];

		snprintf(label, sizeof(label), "inbound %s", sc->inbound[k].id);
		custody_prng_seed(&ri, sc->seed, label);
		for (i = 0; i < sc->inbound[k].attempts; i++)
			ADD_EV(sc->capture_since +
			        (int64_t)custody_prng_below(&ri, (uint64_t)dur),
			    2, k);
	}
	qsort(ev, n_ev, sizeof(*ev), cmp_fg);

	/* Background resolvers: addresses drawn from the pools, independent
	 * of scale. */
	g->bg_res =
	    calloc(sc->bg_resolvers ? sc->bg_resolvers : 1, sizeof(*g->bg_res));
	if (g->bg_res == NULL)
		goto nomem;
	for (i = 0; i < sc->bg_resolvers && sc->n_pools > 0; i++) {
		const struct sc_cidr *c =
		    &sc->pools[custody_prng_below(&rres, sc->n_pools)];
		unsigned bits = (c->net.ep.family == 4 ? 32 : 128) - c->len, b;
		uint64_t host = 1 +
		    custody_prng_below(&rres,
		        bits >= 16      ? 65534
		            : bits >= 2 ? (1u << bits) - 2
		                        : 1);
		size_t alen = c->net.ep.family == 4 ? 4 : 16;

		g->bg_res[i] = c->net.ep;
		for (b = 0; b < 16 && b < bits; b++)
			if (host & (1u << b))
				g->bg_res[i].addr[alen - 1 - b / 8] |=
				    (uint8_t)(1u << (b % 8));
	}

	file_stem(sc->servers[sc->capture].name, stem, sizeof(stem));
	snprintf(g->pcap_name, sizeof(g->pcap_name),
	    "synthetic-capture-%s.pcap", stem);
	snprintf(
	    g->bind_name, sizeof(g->bind_name), "synthetic-bind-%s.log", stem);
	if ((g->pcap = open_out(g, g->pcap_name)) == NULL ||
	    (g->bind = open_out(g, g->bind_name)) == NULL) {
		rc = g->err->code;
		goto out;
	}
	if ((rc = custody_pcapngw_header(
	         g->pcap, g->pcap_name, g->mark, g->err)) != CUSTODY_OK)
		goto out;
	fprintf(g->bind, "# %s\n", g->mark);

	/* Background: a Poisson process thinned by the hour of day, so its
	 * mean is queries x scale over the capture window. */
	for (i = 0; i < 24; i++) {
		dmean += diurnal[i] / 24;
		if (diurnal[i] > dmax)
			dmax = diurnal[i];
	}
	lambda = (double)sc->bg_queries * (double)g->scale / (double)dur *
	    dmax / dmean;
	bg_t = sc->capture_since;
	have_bg = lambda > 0 && sc->bg_resolvers > 0 && sc->n_pools > 0 &&
	    sc->n_names > 0 && next_bg(sc, &rbg, lambda, dmax, &bg_t);
	k = 0;
	for (;;) {
		if (k < n_ev && (!have_bg || ev[k].t <= bg_t)) {
			const struct fg_event *e = &ev[k++];

			if ((rc = flush_until(g, e->t)) != CUSTODY_OK)
				goto out;
			if (e->kind == 0) {
				const struct row *rw = &g->rows[e->idx];
				const struct sc_source *s =
				    &sc->sources[rw->src];

				rc = dns_exchange(g, &rfg, rw->t, &s->address,
				    52, (int64_t)s->rtt_ms * 1000,
				    row_name(sc, rw), 1,
				    host_answer(sc, rw, &rfg),
				    sc->answer.ep.addr, rw->tcp);
			} else if (e->kind == 1) {
				rc = smtp_conv(g, &rs, e->t, &sc->answer,
				    &sc->peers[ses[e->idx].peer].address, true,
				    true, "mx.example");
				g->sessions++;
			} else {
				const struct sc_inbound *in =
				    &sc->inbound[e->idx];

				rc = smtp_conv(g, &rs, e->t, &in->address,
				    &sc->answer, false, in->accept, sc->host);
				g->attempts++;
			}
			if (rc != CUSTODY_OK)
				goto out;
			continue;
		}
		if (!have_bg)
			break;
		if ((rc = flush_until(g, bg_t)) != CUSTODY_OK ||
		    (rc = background_query(g, &rbg, bg_t)) != CUSTODY_OK)
			goto out;
		have_bg = next_bg(sc, &rbg, lambda, dmax, &bg_t);
	}
	rc = flush_until(g, -1);
	if (rc == CUSTODY_OK) {
		FILE *p = g->pcap, *b = g->bind;

		g->pcap = g->bind = NULL;
		rc = close_out(g, p, g->pcap_name);
		if (close_out(g, b, g->bind_name) != CUSTODY_OK &&
		    rc == CUSTODY_OK)
			rc = g->err->code;
	}
out:
	free(ev);
	free(ses);
	return rc;
nomem:
	free(ev);
	free(ses);
	return custody_fail(g->err, CUSTODY_ERR_NOMEM, "synth: out of memory");
#undef ADD_EV
}

/* ------------------------------------------------------------ the run */

static enum custody_code
summary_text(struct gen *g, char **out)
{
	const struct scenario *sc = g->sc;
	struct custody_buf b;
	char stem[SC_NAME], orgs[SC_MAX_SOURCES][SC_TEXT];
	uint64_t per_org[SC_MAX_SOURCES] = { 0 };
	size_t n_orgs = 0, i, j;
	char since[40], until[40];

	custody_buf_init(&b, 1u << 20);
	for (i = 0; i < sc->n_servers; i++) {
		file_stem(sc->servers[i].name, stem, sizeof(stem));
		custody_buf_printf(&b, "synthetic-%s.csv\t%" PRIu64 " rows\n",
		    stem, g->csv_rows[i]);
	}
	custody_buf_printf(&b,
	    "%s\t%" PRIu64 " packets, %" PRIu64 " DNS messages (%" PRIu64
	    " background queries), %" PRIu64 " SMTP sessions, %" PRIu64
	    " inbound port-25 attempts\n",
	    g->pcap_name, g->packets, g->dns_messages, g->bg_queries,
	    g->sessions, g->attempts);
	custody_buf_printf(
	    &b, "%s\t%" PRIu64 " lines\n", g->bind_name, g->bind_lines);
	custody_buf_printf(
	    &b, "synthetic-orgs.csv\tcopy of %s\n", sc->orgmap_path);
	/* The figures the claims test: claimed-log rows of the host in the
	 * window, per organisation. */
	for (i = 0; i < sc->n_sources; i++) {
		for (j = 0;
		     j < n_orgs && strcmp(orgs[j], sc->sources[i].org) != 0;
		     j++)
			;
		if (j == n_orgs)
			snprintf(orgs[n_orgs++], sizeof(orgs[0]), "%s",
			    sc->sources[i].org);
	}
	for (i = 0; i < g->n_rows; i++) {
		const struct row *r = &g->rows[i];

		if (!r->claimed || r->name != 0 || r->t < sc->since ||
		    r->t >= sc->until)
			continue;
		for (j = 0; j < n_orgs &&
		     strcmp(orgs[j], sc->sources[r->src].org) != 0;
		     j++)
			;
		per_org[j]++;
	}
	custody_time_format(sc->since * 1000, 0, since);
	custody_time_format(sc->until * 1000, 0, until);
	custody_buf_printf(&b,
	    "claimed-log rows of %s from %.10s to %.10s (exclusive):\n",
	    sc->host, since, until);
	for (j = 0; j < n_orgs; j++)
		custody_buf_printf(
		    &b, "\t%s\t%" PRIu64 "\n", orgs[j], per_org[j]);
	if (b.data == NULL) {
		custody_buf_release(&b);
		return custody_fail(
		    g->err, CUSTODY_ERR_NOMEM, "synth: out of memory");
	}
	*out = b.data;
	return CUSTODY_OK;
}

enum custody_code
custody_synth(const char *scenario, const char *outdir,
    const struct custody_synth_opts *opts, char **summary,
    struct custody_error *err)
{
	struct scenario *sc = calloc(1, sizeof(*sc));
	struct gen g;
	struct custody_prng r;
	enum custody_code rc;
	struct stat st;
	size_t i;

	memset(&g, 0, sizeof(g));
	if (sc == NULL)
		return custody_fail(
		    err, CUSTODY_ERR_NOMEM, "synth: out of memory");
	if ((rc = sc_load(sc, scenario, err)) != CUSTODY_OK)
		goto out;
	g.sc = sc;
	g.err = err;
	g.scale = opts != NULL && opts->scale > 0 ? opts->scale : 1;
	g.outdir = outdir;
	g.stamp_sec = -1;
	/* Not the scale: it changes the background only, not what is marked. */
	snprintf(g.mark, sizeof(g.mark),
	    CUSTODY_SYNTH_MARK
	    " made by custody synth from %s "
	    "(\"%s\", seed %llu); not a record of real events",
	    custody_basename(scenario), sc->title,
	    (unsigned long long)sc->seed);
	g.end = sc->claimed_until > sc->capture_until ? sc->claimed_until
	                                              : sc->capture_until;
	g.end = (g.end + SC_DAY_US - 1) / SC_DAY_US * SC_DAY_US;
	g.n_days = (size_t)((g.end - sc->since) / SC_DAY_US);
	if ((g.day_jitter = calloc(g.n_days, sizeof(double))) == NULL) {
		rc = custody_fail(
		    err, CUSTODY_ERR_NOMEM, "synth: out of memory");
		goto out;
	}
	/* Day-to-day activity shared by all sources (one organisation's
	 * resolvers rise and fall together). */
	custody_prng_seed(&r, sc->seed, "days");
	for (i = 0; i < g.n_days; i++)
		g.day_jitter[i] =
		    1.0 + sc->day_jitter * (2.0 * custody_prng_unit(&r) - 1.0);
	if ((rc = make_rows(&g)) != CUSTODY_OK)
		goto out;
	qsort(g.rows, g.n_rows, sizeof(*g.rows), cmp_row);

	if (mkdir(outdir, 0755) != 0 && errno != EEXIST) {
		rc = custody_fail_errno(err, CUSTODY_ERR_IO, "%s", outdir);
		goto out;
	}
	if (stat(outdir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		rc = custody_fail(
		    err, CUSTODY_ERR_IO, "%s: not a directory", outdir);
		goto out;
	}
	if ((rc = write_claimed(&g)) != CUSTODY_OK ||
	    (rc = write_capture(&g)) != CUSTODY_OK ||
	    (rc = copy_file(&g, sc->orgmap_path, "synthetic-orgs.csv")) !=
	        CUSTODY_OK)
		goto out;
	for (i = 0; i < g.n_files; i++)
		if (rename(g.tmp[i], g.final[i]) != 0) {
			rc = custody_fail_errno(
			    err, CUSTODY_ERR_IO, "%s", g.final[i]);
			goto out;
		}
	g.n_files = 0;
	if (summary != NULL)
		rc = summary_text(&g, summary);
out:
	if (g.pcap != NULL)
		fclose(g.pcap);
	if (g.bind != NULL)
		fclose(g.bind);
	for (i = 0; i < g.n_files; i++)
		unlink(g.tmp[i]);
	for (i = 0; i < g.n_heap; i++)
		free(g.heap[i]);
	for (i = 0; i < g.n_free; i++)
		free(g.free_pkts[i]);
	free(g.heap);
	free(g.free_pkts);
	free(g.rows);
	free(g.day_jitter);
	free(g.bg_res);
	free(sc);
	return rc;
}
