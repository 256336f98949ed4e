/*
 * lint-corpus: the seeded corpus behind lint's measured detection rates
 * (docs/lint.md, tests/bench/lint.sh, tests/e2e/lint.sh).
 *
 *   lint-corpus gen [options]                 a clean query log on stdout
 *   lint-corpus mutate --edit KIND [options] IN [-o OUT]   one planted edit
 *   lint-corpus replay --port P [--faketime F] SCHEDULE    send it to a real server
 *   lint-corpus checklines --format F SCHEDULE LOG         line for line
 *   lint-corpus serverconf bind|unbound DIR PORT           a server for them
 *
 * gen plays a small world: a zone's names, resolvers that look them up
 * in sessions (office hours in their own zone or round the clock, a
 * weekly rhythm, day-to-day swings shared by all and of their own), each
 * with a caching resolver's habit of asking a name again only after its
 * TTL, its own software (the query flags BIND logs), its own source-port
 * behaviour (random as RFC 5452 asks, a few counting up behind a NAT or
 * holding one port), and occasional one-off clients. Each lookup goes to
 * one of two authoritative servers; --server picks whose log is written.
 * The log is BIND 9.18's query log (print-time, print-category,
 * print-severity; the client object from a per-worker pool as 9.18's
 * network manager reuses it) or Unbound 1.17's log-queries and
 * log-replies lines. With --schedule the queries are written as a
 * tab-separated schedule that replay sends to a real named or unbound;
 * checklines then compares the real server's log with what gen writes
 * for the same queries, field for field, so the synthetic corpus is
 * known to be in the real format.
 *
 * mutate plants one edit of the kinds a forger makes (delete a span,
 * insert made-up lines, copy a day onto another, shift a block in time,
 * merge a second server's log, change the clients of a block, and a
 * careless forgery) into a log of either format, and says on stderr what
 * it did. The same seed gives the same bytes.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

#define US      ((int64_t)1000000)
#define DAY_US  (86400 * US)
#define HOUR_US (3600 * US)

static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

static _Noreturn void die(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static _Noreturn void
die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "lint-corpus: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	exit(2);
}

/* ------------------------------------------------------------ numbers */

/* exp() from basic IEEE operations (custody_det_log's twin), so that a
 * seed gives the same corpus with any C library. */
static double
det_exp(double x)
{
	double k, r, term = 1.0, sum = 1.0;
	int i;

	if (x < -700)
		return 0.0;
	if (x > 700)
		x = 700;
	k = floor(x / 0.69314718055994530942 + 0.5);
	r = x - k * 0.69314718055994530942;
	for (i = 1; i < 30; i++) {
		term *= r / i;
		sum += term;
	}
	return ldexp(sum, (int)k);
}

static double
unit(struct custody_prng *p)
{
	return custody_prng_unit(p);
}

/* A standard normal deviate (Marsaglia's polar method). */
static double
normal(struct custody_prng *p)
{
	double u, v, s;

	do {
		u = 2.0 * unit(p) - 1.0;
		v = 2.0 * unit(p) - 1.0;
		s = u * u + v * v;
	} while (s >= 1.0 || s == 0.0);
	return u * sqrt(-2.0 * custody_det_log(s) / s);
}

/* Gamma(shape, 1) (Marsaglia and Tsang, 2000). */
static double
gamma_dev(struct custody_prng *p, double shape)
{
	double d, c, x, v, u;

	if (shape < 1.0)
		return gamma_dev(p, shape + 1.0) *
		    det_exp(custody_det_log(1.0 - unit(p)) / shape);
	d = shape - 1.0 / 3.0;
	c = 1.0 / sqrt(9.0 * d);
	for (;;) {
		do {
			x = normal(p);
			v = 1.0 + c * x;
		} while (v <= 0.0);
		v = v * v * v;
		u = unit(p);
		if (u < 1.0 - 0.0331 * x * x * x * x ||
		    custody_det_log(1.0 - u) <
		        0.5 * x * x + d * (1.0 - v + custody_det_log(v)))
			return d * v;
	}
}

static uint64_t
poisson(struct custody_prng *p, double mean)
{
	double l, prod = 1.0;
	uint64_t k = 0;

	if (mean <= 0)
		return 0;
	if (mean > 40) {
		double x = floor(mean + sqrt(mean) * normal(p) + 0.5);

		return x < 0 ? 0 : (uint64_t)x;
	}
	l = det_exp(-mean);
	for (;;) {
		prod *= unit(p);
		if (prod <= l)
			return k;
		k++;
	}
}

/* ------------------------------------------------------------ calendar */

static int64_t
floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* BIND's print-time: "23-Sep-2016 13:56:29.123" (24 bytes). */
static void
bind_stamp(int64_t t_us, char out[32])
{
	char iso[40];

	/* iso is YYYY-MM-DDTHH:MM:SS.mmmZ */
	custody_time_format(floor_div(t_us, 1000) * 1000000, 3, iso);
	snprintf(out, 32, "%.2s-%s-%.4s %.12s", iso + 8,
	    months[(iso[5] - '0') * 10 + (iso[6] - '0') - 1], iso, iso + 11);
}

/* YYYY-MM-DD: its first microsecond. */
static bool
parse_date(const char *s, int64_t *t_us)
{
	int64_t ns;

	if (strlen(s) != 10 || !custody_time_parse(s, &ns))
		return false;
	*t_us = ns / 1000;
	return true;
}

/* ------------------------------------------------------------ the world */

struct name {
	const char *name;
	const char *type;
	double weight;
	int64_t ttl_s;
	int size; /* Unbound 1.17's reply size for it (with EDNS), as measured */
	const char *rdata;
};

static const struct name names[] = {
	{ "mail1.example-mail.com", "A", 0.42, 300, 67, "192.0.2.25" },
	{ "example-mail.com", "MX", 0.24, 3600, 67,
	    "10 mail1.example-mail.com." },
	{ "mail1.example-mail.com", "AAAA", 0.12, 300, 79, "2001:db8::25" },
	{ "www.example-mail.com", "A", 0.10, 600, 76, "192.0.2.80" },
	{ "example-mail.com", "TXT", 0.05, 3600, 74, "\"v=spf1 mx -all\"" },
	{ "_dmarc.example-mail.com", "TXT", 0.04, 3600, 74,
	    "\"v=DMARC1; p=none\"" },
	{ "mail2.example-mail.com", "A", 0.03, 300, 67, "192.0.2.26" },
};
#define NNAMES (sizeof(names) / sizeof(names[0]))

/* The flags BIND logs for a resolver's query, by software, with shares. */
static const struct {
	const char *flags;
	double share;
} softwares[] = {
	{ "-E(0)K", 0.33 },
	{ "-E(0)DK", 0.20 },
	{ "-E(0)D", 0.18 },
	{ "-E(0)DC", 0.10 },
	{ "-E(0)", 0.07 },
	{ "-", 0.05 },
	{ "+E(0)K", 0.07 },
};
#define NSOFT (sizeof(softwares) / sizeof(softwares[0]))

enum portmode {
	PORT_RANDOM,
	PORT_LINUX,
	PORT_COUNT,
	PORT_FIXED
};

#define MAX_CLIENTS 64

struct client {
	char addr[48];
	double rate; /* sessions per hour at level 1 */
	int tz;      /* hours from UTC */
	bool office; /* office hours, or round the clock */
	int soft;    /* index into softwares */
	enum portmode ports;
	uint16_t port; /* the last one (counting or fixed) */
	double to_s0;  /* share of its lookups sent to server 0 */
	double tcp;    /* share of lookups over TCP */
	int64_t asked[NNAMES];
	double *dayf; /* its own day-to-day factor */
};

/* One query as a server received it. */
struct query {
	int64_t t;  /* us */
	int client; /* -1: a one-off client */
	char addr[48];
	uint16_t port;
	int name;
	int server;
	bool tcp;
	/* what the server adds */
	uint64_t ptr; /* BIND client object */
	int tid;      /* Unbound thread */
	int64_t rtt;  /* Unbound: us, 0 when answered from cache */
};

struct world {
	uint64_t seed;
	int64_t start_day, days;
	double per_day;
	bool loopback;
	int nclients;
	struct client clients[MAX_CLIENTS];
	double *dayf; /* shared day-to-day factor */
	struct query *q;
	size_t nq, capq;
};

/* Hour-of-day weights of an office resolver (local time) and of one that
 * serves round the clock. */
static const double office_hours[24] = { 0.03, 0.03, 0.03, 0.03, 0.03, 0.04,
	0.08, 0.4, 0.9, 1.0, 1.0, 1.0, 0.8, 0.9, 1.0, 1.0, 1.0, 0.9, 0.6, 0.35,
	0.2, 0.12, 0.08, 0.05 };
static const double any_hours[24] = { 0.45, 0.38, 0.33, 0.3, 0.3, 0.33, 0.42,
	0.58, 0.76, 0.9, 1.0, 1.05, 1.08, 1.1, 1.1, 1.08, 1.05, 1.0, 0.95, 0.9,
	0.82, 0.72, 0.62, 0.52 };

static void
random_addr(struct custody_prng *p, bool loopback, char out[48])
{
	static const unsigned nets[][2] = { { 217, 12 }, { 195, 54 },
		{ 81, 200 }, { 62, 105 }, { 193, 41 }, { 213, 87 }, { 8, 20 },
		{ 64, 233 } };
	size_t k =
	    (size_t)custody_prng_below(p, sizeof(nets) / sizeof(nets[0]));

	if (loopback) {
		snprintf(out, 48, "127.0.%u.%u",
		    (unsigned)custody_prng_below(p, 200),
		    2 + (unsigned)custody_prng_below(p, 250));
		return;
	}
	if (custody_prng_below(p, 10) == 0) {
		snprintf(out, 48, "2001:db8:%x:%x::%x",
		    (unsigned)custody_prng_below(p, 0x10000),
		    (unsigned)custody_prng_below(p, 0x10000),
		    1 + (unsigned)custody_prng_below(p, 0xfffe));
		return;
	}
	snprintf(out, 48, "%u.%u.%u.%u", nets[k][0], nets[k][1],
	    (unsigned)custody_prng_below(p, 256),
	    1 + (unsigned)custody_prng_below(p, 254));
}

static void
world_clients(struct world *w)
{
	struct custody_prng p;
	int i, k;

	custody_prng_seed(&p, w->seed, "clients");
	w->nclients = 4 + (int)(w->per_day / 5);
	if (w->nclients > MAX_CLIENTS)
		w->nclients = MAX_CLIENTS;
	for (i = 0; i < w->nclients; i++) {
		struct client *c = &w->clients[i];
		double u;

		memset(c, 0, sizeof(*c));
		random_addr(&p, w->loopback, c->addr);
		/* Zipf-like weights: a few resolvers carry most lookups. */
		c->rate = det_exp(-1.1 * custody_det_log((double)i + 1.0));
		c->tz = (int)custody_prng_below(&p, 12) - 8;
		c->office = unit(&p) < 0.6;
		u = unit(&p);
		for (k = 0; k < (int)NSOFT - 1 && u >= softwares[k].share; k++)
			u -= softwares[k].share;
		c->soft = k;
		u = unit(&p);
		c->ports = u < 0.88 ? PORT_RANDOM
		    : u < 0.94      ? PORT_LINUX
		    : u < 0.97      ? PORT_COUNT
		                    : PORT_FIXED;
		c->port = (uint16_t)(1024 + custody_prng_below(&p, 64512));
		c->to_s0 = 0.3 + 0.4 * unit(&p);
		c->tcp = unit(&p) < 0.2 ? 0.02 : 0.002;
		for (k = 0; k < (int)NNAMES; k++)
			c->asked[k] = INT64_MIN / 2;
	}
}

static int
pick_name(struct custody_prng *p)
{
	double u = unit(p);
	int k;

	for (k = 0; k < (int)NNAMES - 1 && u >= names[k].weight; k++)
		u -= names[k].weight;
	return k;
}

static uint16_t
next_port(struct custody_prng *p, struct client *c)
{
	switch (c->ports) {
	case PORT_RANDOM:
		return (uint16_t)(1024 + custody_prng_below(p, 64512));
	case PORT_LINUX:
		return (uint16_t)(32768 + custody_prng_below(p, 28232));
	case PORT_COUNT:
		c->port = (uint16_t)(c->port + 1 + custody_prng_below(p, 6));
		if (c->port < 1024)
			c->port = 1024;
		return c->port;
	case PORT_FIXED:
		break;
	}
	return c->port;
}

static void
add_query(struct world *w, const struct query *q)
{
	if (w->nq == w->capq) {
		struct query *n = realloc(w->q,
		    (w->capq = w->capq ? w->capq * 2 : 4096) * sizeof(*n));

		if (n == NULL)
			die("%s", "out of memory");
		w->q = n;
	}
	w->q[w->nq++] = *q;
}

static int
cmp_query(const void *a, const void *b)
{
	const struct query *x = a, *y = b;

	return (x->t > y->t) - (x->t < y->t);
}

/* A session: a resolver wants one or a few of the names at once (a mail
 * server about to deliver asks MX, then A); each goes out only when its
 * cache has no live copy. */
struct session {
	int64_t t;
	int client;
};

static int
cmp_session(const void *a, const void *b)
{
	const struct session *x = a, *y = b;

	if (x->t != y->t)
		return (x->t > y->t) - (x->t < y->t);
	return (x->client > y->client) - (x->client < y->client);
}

/* Plays the world at the given scale of session rates: every query either
 * server received, sorted by time. */
static void
world_play(struct world *w, double scale)
{
	struct custody_prng ps, pq, pd;
	struct session *s = NULL;
	size_t ns = 0, caps = 0, i;
	int64_t d, h;
	int c, k;

	w->nq = 0;
	for (c = 0; c < w->nclients; c++)
		for (k = 0; k < (int)NNAMES; k++)
			w->clients[c].asked[k] = INT64_MIN / 2;
	custody_prng_seed(&pd, w->seed, "days");
	{
		double z = 0;

		for (d = 0; d < w->days; d++) {
			z = 0.6 * z + 0.8 * normal(&pd);
			w->dayf[d] = det_exp(0.25 * z - 0.03);
			for (c = 0; c < w->nclients; c++)
				w->clients[c].dayf[d] =
				    gamma_dev(&pd, 3.0) / 3.0;
		}
	}
	custody_prng_seed(&ps, w->seed, "sessions");
	for (d = 0; d < w->days; d++)
		for (h = 0; h < 24; h++)
			for (c = 0; c < w->nclients; c++) {
				struct client *cl = &w->clients[c];
				int64_t lh = h + cl->tz, ld = d;
				double m;
				uint64_t n, j;

				if (lh < 0) {
					lh += 24;
					ld--;
				} else if (lh >= 24) {
					lh -= 24;
					ld++;
				}
				/* start_day + ld: 1970-01-01 was a Thursday. */
				k = (int)((((w->start_day + ld) % 7) + 7 + 3) %
				    7); /* 0 Monday */
				m = scale * cl->rate * w->dayf[d] *
				    cl->dayf[d] *
				    (cl->office ? office_hours[lh] *
				                (k >= 5 ? 0.15 : 1.0)
				                : any_hours[lh] *
				                (k >= 5 ? 0.8 : 1.0));
				n = poisson(&ps, m);
				for (j = 0; j < n; j++) {
					if (ns == caps) {
						struct session *x = realloc(s,
						    (caps = caps ? caps * 2
						                 : 4096) *
						        sizeof(*x));

						if (x == NULL)
							die("%s",
							    "out of memory");
						s = x;
					}
					s[ns].t = (w->start_day + d) * DAY_US +
					    h * HOUR_US +
					    (int64_t)custody_prng_below(
					        &ps, (uint64_t)HOUR_US);
					s[ns++].client = c;
				}
			}
	qsort(s, ns, sizeof(*s), cmp_session);
	custody_prng_seed(&pq, w->seed, "queries");
	for (i = 0; i < ns; i++) {
		struct client *cl = &w->clients[s[i].client];
		int64_t t = s[i].t;
		int want = 1 + (unit(&pq) < 0.45) + (unit(&pq) < 0.15), j;

		for (j = 0; j < want; j++) {
			struct query q;
			int nm = j == 0 && unit(&pq) < 0.5 ? 1 : pick_name(&pq);

			t += 2000 + (int64_t)custody_prng_below(&pq, 80000);
			if (t - cl->asked[nm] < names[nm].ttl_s * US)
				continue;
			cl->asked[nm] = t;
			memset(&q, 0, sizeof(q));
			q.t = t;
			q.client = s[i].client;
			memcpy(q.addr, cl->addr, sizeof(q.addr));
			q.port = next_port(&pq, cl);
			q.name = nm;
			q.server = unit(&pq) < cl->to_s0 ? 0 : 1;
			q.tcp = unit(&pq) < cl->tcp;
			add_query(w, &q);
		}
	}
	/* One-off clients: scanners, a lookup by hand, a misconfigured host. */
	{
		uint64_t n = poisson(
		             &pq, 0.03 * w->per_day * 2.0 * (double)w->days),
		         j;

		for (j = 0; j < n; j++) {
			struct query q;

			memset(&q, 0, sizeof(q));
			q.t = w->start_day * DAY_US +
			    (int64_t)custody_prng_below(
			        &pq, (uint64_t)(w->days * DAY_US));
			q.client = -1;
			random_addr(&pq, w->loopback, q.addr);
			q.port =
			    (uint16_t)(1024 + custody_prng_below(&pq, 64512));
			q.name = pick_name(&pq);
			q.server = (int)custody_prng_below(&pq, 2);
			add_query(w, &q);
		}
	}
	free(s);
	qsort(w->q, w->nq, sizeof(*w->q), cmp_query);
}

/* Scales session rates until the chosen server's log has about per_day
 * lines a day (caching makes the count less than proportional). */
static void
world_make(struct world *w, int server)
{
	double scale = w->per_day * 2.0 / 16.0, got;
	int it;
	size_t i, n;

	world_clients(w);
	w->dayf = calloc((size_t)w->days, sizeof(double));
	for (i = 0; i < (size_t)w->nclients; i++)
		w->clients[i].dayf = calloc((size_t)w->days, sizeof(double));
	for (it = 0; it < 4; it++) {
		world_play(w, scale);
		for (i = 0, n = 0; i < w->nq; i++)
			n += w->q[i].server == server;
		got = (double)n / (double)w->days;
		if (got <= 0)
			got = 0.1;
		if (fabs(got / w->per_day - 1.0) < 0.03)
			break;
		scale *= w->per_day / got;
		if (got < w->per_day)
			scale *= 1.0 + 0.3 * (w->per_day / got - 1.0);
	}
}

/* ------------------------------------------------------------ a server */

struct server {
	char listen4[48], listen6[48];
	int workers;
	uint64_t base[8];
	int64_t busy[8];
	int depth[8];
	int pid, threads;
};

static void
server_init(struct server *sv, uint64_t seed, int index, bool loopback)
{
	struct custody_prng p;
	uint64_t arena;
	int i;

	custody_prng_seed(&p, seed, index == 0 ? "server 0" : "server 1");
	if (loopback) {
		snprintf(sv->listen4, sizeof(sv->listen4), "127.0.0.1");
		snprintf(sv->listen6, sizeof(sv->listen6), "::1");
	} else {
		snprintf(
		    sv->listen4, sizeof(sv->listen4), "192.0.2.%d", 53 + index);
		snprintf(sv->listen6, sizeof(sv->listen6), "2001:db8:53::%d",
		    53 + index);
	}
	/* named -n: one worker per CPU; each keeps a stack of free client
	 * objects (ns_client_t inside the handle, 0x1c00 bytes apart) in
	 * memory its thread took from the same mmap region. */
	sv->workers = 1 << custody_prng_below(&p, 4);
	arena = 0x7f0000000000ull + (custody_prng_below(&p, 0xff00) << 24);
	for (i = 0; i < sv->workers; i++) {
		sv->base[i] =
		    arena + (custody_prng_below(&p, 0x6000) << 12) + 0x098;
		sv->busy[i] = INT64_MIN / 2;
		sv->depth[i] = 0;
	}
	sv->pid = 1000 + (int)custody_prng_below(&p, 60000);
	sv->threads = 1 << custody_prng_below(&p, 3);
}

/* What the server adds to a query it receives: BIND's client object (the
 * top of a random worker's free stack: SO_REUSEPORT spreads queries over
 * workers by a hash of the source), Unbound's thread and its time to answer. */
static void
server_take(
    struct server *sv, struct custody_prng *p, struct query *q, int64_t *cache)
{
	int wk = (int)custody_prng_below(p, (uint64_t)sv->workers);

	if (q->t < sv->busy[wk])
		sv->depth[wk]++;
	else
		sv->depth[wk] = 0;
	sv->busy[wk] = q->t + 300 + (int64_t)custody_prng_below(p, 1500);
	q->ptr = sv->base[wk] + (uint64_t)sv->depth[wk] * 0x1c00;
	q->tid = (int)custody_prng_below(p, (uint64_t)sv->threads);
	if (q->t - cache[q->name] < names[q->name].ttl_s * US) {
		q->rtt = 0;
	} else {
		q->rtt = 8000 + (int64_t)custody_prng_exp(p, 60000.0);
		cache[q->name] = q->t + q->rtt;
	}
}

static const char *
flags_of(const struct world *w, const struct query *q, char out[16])
{
	const char *f = q->client >= 0
	    ? softwares[w->clients[q->client].soft].flags
	    : "+E(0)";

	/* BIND writes T after E(n) and before D, C, K. */
	if (!q->tcp)
		return f;
	if (strncmp(f + 1, "E(0)", 4) == 0)
		snprintf(out, 16, "%.5sT%s", f, f + 5);
	else
		snprintf(out, 16, "%.1sT%s", f, f + 1);
	return out;
}

static void
write_bind(
    FILE *fp, const struct query *q, const char *flags, const char *listen)
{
	char stamp[32];

	bind_stamp(q->t, stamp);
	fprintf(fp,
	    "%s queries: info: client @0x%012" PRIx64
	    " %s#%u (%s): query: %s IN %s %s (%s)\n",
	    stamp, q->ptr, q->addr, q->port, names[q->name].name,
	    names[q->name].name, names[q->name].type, flags, listen);
}

/* Unbound's query line and, at t_reply, its reply line. */
static void
write_unbound(FILE *fp, const struct query *q, const struct server *sv,
    int64_t t_reply, int64_t rtt, int size, const char *rcode)
{
	int64_t s = floor_div(q->t, US);

	fprintf(fp, "[%" PRId64 "] unbound[%d:%d] info: %s %s. %s IN\n", s,
	    sv->pid, q->tid, q->addr, names[q->name].name, names[q->name].type);
	s = floor_div(t_reply, US);
	fprintf(fp,
	    "[%" PRId64
	    "] unbound[%d:%d] info: %s %s. %s IN %s %d.%06d %d %d\n",
	    s, sv->pid, q->tid, q->addr, names[q->name].name,
	    names[q->name].type, rcode, (int)(rtt / US), (int)(rtt % US),
	    rtt == 0, size);
}

static int
cmd_gen(int argc, char **argv)
{
	struct world w;
	struct server sv;
	struct custody_prng p;
	int64_t cache[NNAMES];
	const char *format = "bind";
	bool schedule = false;
	int server = 0, i;
	size_t k;

	memset(&w, 0, sizeof(w));
	w.seed = 1;
	w.days = 30;
	w.per_day = 40;
	parse_date("2016-05-02", &w.start_day);
	w.start_day /= DAY_US;
	for (i = 0; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--loopback") == 0) {
			w.loopback = true;
			continue;
		}
		if (strcmp(a, "--schedule") == 0) {
			schedule = true;
			continue;
		}
		if (v == NULL)
			die("%s needs a value", a);
		i++;
		if (strcmp(a, "--format") == 0)
			format = v;
		else if (strcmp(a, "--seed") == 0)
			w.seed = strtoull(v, NULL, 10);
		else if (strcmp(a, "--days") == 0)
			w.days = strtoll(v, NULL, 10);
		else if (strcmp(a, "--per-day") == 0)
			w.per_day = strtod(v, NULL);
		else if (strcmp(a, "--server") == 0)
			server = atoi(v) != 0;
		else if (strcmp(a, "--start") == 0) {
			if (!parse_date(v, &w.start_day))
				die("--start %s: give YYYY-MM-DD", v);
		} else
			die("unknown option %s", a);
	}
	if (strcmp(format, "bind") != 0 && strcmp(format, "unbound") != 0)
		die("--format %s: bind or unbound", format);
	if (w.days < 1 || w.days > 3650 || !(w.per_day > 0) || w.per_day > 1e6)
		die("%s", "--days 1-3650, --per-day above 0");
	world_make(&w, server);
	server_init(&sv, w.seed, server, w.loopback);
	custody_prng_seed(&p, w.seed, server == 0 ? "take 0" : "take 1");
	for (k = 0; k < NNAMES; k++)
		cache[k] = INT64_MIN / 2;
	for (k = 0; k < w.nq; k++) {
		struct query *q = &w.q[k];
		char fb[16];
		const char *flags;

		if (q->server != server)
			continue;
		server_take(&sv, &p, q, cache);
		flags = flags_of(&w, q, fb);
		if (schedule)
			printf("%" PRId64 "\t%s\t%u\t%s\t%s\t%s\n", q->t,
			    q->addr, q->port, names[q->name].name,
			    names[q->name].type, flags);
		else if (strcmp(format, "bind") == 0)
			write_bind(stdout, q, flags,
			    strchr(q->addr, ':') ? sv.listen6 : sv.listen4);
		else
			write_unbound(stdout, q, &sv, q->t + q->rtt, q->rtt,
			    names[q->name].size, "NOERROR");
	}
	return fflush(stdout) == 0 ? 0 : 2;
}

/* ------------------------------------------------------------ mutate */

/* One line of a log being edited. */
struct mline {
	char *text;            /* without the newline; owned */
	int64_t t;             /* us */
	size_t stamp;          /* bytes of the time stamp at the start */
	size_t addr, addr_len; /* client address within text (query lines) */
	size_t port, port_len; /* BIND source port */
	size_t ptr, ptr_len;   /* BIND "0x..." client object */
	bool reply;  /* Unbound reply line: goes with the query before it */
	int64_t key; /* order of the original, for a stable sort */
};

struct mlog {
	struct mline *l;
	size_t n, cap;
	bool unbound;
};

static void
mlog_add(struct mlog *g, const struct mline *l)
{
	if (g->n == g->cap) {
		struct mline *x = realloc(
		    g->l, (g->cap = g->cap ? g->cap * 2 : 4096) * sizeof(*x));

		if (x == NULL)
			die("%s", "out of memory");
		g->l = x;
	}
	g->l[g->n++] = *l;
}

static char *
xstrdup(const char *s)
{
	char *d = strdup(s);

	if (d == NULL)
		die("%s", "out of memory");
	return d;
}

/* Fills in where the fields sit; false when the line is not a query or
 * reply line of BIND or Unbound. */
static bool
mline_scan(struct mline *l, bool *unbound)
{
	char *s = l->text, *p, *q;

	if (s[0] == '[') {
		long long e;
		int n = 0;

		*unbound = true;
		if (sscanf(s, "[%lld]%n", &e, &n) != 1 || n == 0)
			return false;
		l->t = e * US;
		l->stamp = (size_t)n;
		if ((p = strstr(s, "] info: ")) == NULL)
			return false;
		p += 8;
		if ((q = strchr(p, ' ')) == NULL)
			return false;
		l->addr = (size_t)(p - s);
		l->addr_len = (size_t)(q - p);
		/* "ADDR NAME. TYPE IN" is a query; more fields, a reply. */
		{
			int spaces = 0;

			for (p = q; *p != '\0'; p++)
				spaces += *p == ' ';
			l->reply = spaces > 3;
			if (spaces < 3 || strstr(s, "start of service") != NULL)
				return false;
		}
		return true;
	}
	{
		unsigned d, y, hh, mm, ss, ms;
		char mon[4], iso[40];
		int n = 0, m;
		int64_t ns;

		*unbound = false;
		if (sscanf(s, "%2u-%3[A-Za-z]-%4u %2u:%2u:%2u.%3u%n", &d, mon,
		        &y, &hh, &mm, &ss, &ms, &n) != 7 ||
		    n != 24)
			return false;
		for (m = 0; m < 12 && strcmp(mon, months[m]) != 0; m++)
			;
		snprintf(iso, sizeof(iso),
		    "%04u-%02d-%02uT%02u:%02u:%02u.%03uZ", y, m + 1, d, hh, mm,
		    ss, ms);
		if (m == 12 || !custody_time_parse(iso, &ns))
			return false;
		l->t = ns / 1000;
		l->stamp = 24;
		if ((p = strstr(s, "client ")) == NULL)
			return false;
		p += 7;
		if (strncmp(p, "@0x", 3) == 0) {
			l->ptr = (size_t)(p + 1 - s);
			if ((q = strchr(p, ' ')) == NULL)
				return false;
			l->ptr_len = (size_t)(q - p - 1);
			p = q + 1;
		}
		if ((q = strchr(p, '#')) == NULL)
			return false;
		l->addr = (size_t)(p - s);
		l->addr_len = (size_t)(q - p);
		p = q + 1;
		l->port = (size_t)(p - s);
		l->port_len = strspn(p, "0123456789");
		return strstr(s, " query: ") != NULL;
	}
}

static void
mlog_read(struct mlog *g, const char *path)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	char *buf = NULL;
	size_t cap = 0;
	ssize_t n;

	if (fp == NULL)
		die("cannot open %s", path);
	while ((n = getline(&buf, &cap, fp)) > 0) {
		struct mline l;
		bool ub = false;

		if (buf[n - 1] == '\n')
			buf[--n] = '\0';
		memset(&l, 0, sizeof(l));
		l.text = xstrdup(buf);
		if (!mline_scan(&l, &ub)) {
			free(l.text);
			continue;
		}
		g->unbound = ub;
		l.key = (int64_t)g->n;
		mlog_add(g, &l);
	}
	free(buf);
	if (fp != stdin)
		fclose(fp);
	if (g->n == 0)
		die("%s: no query lines of BIND or Unbound", path);
}

/* Replaces [off, off+len) of the line's text with rep; fixes offsets after it. */
static void
mline_splice(struct mline *l, size_t off, size_t len, const char *rep)
{
	size_t rl = strlen(rep), tl = strlen(l->text);
	char *n = malloc(tl - len + rl + 1);
	long delta = (long)rl - (long)len;

	if (n == NULL)
		die("%s", "out of memory");
	memcpy(n, l->text, off);
	memcpy(n + off, rep, rl);
	memcpy(n + off + rl, l->text + off + len, tl - off - len + 1);
	free(l->text);
	l->text = n;
#define FIX(f)                                                                 \
	if (l->f > off)                                                        \
	l->f = (size_t)((long)l->f + delta)
	FIX(addr);
	FIX(port);
	FIX(ptr);
#undef FIX
	if (l->addr == off)
		l->addr_len = rl;
}

static void
mline_settime(struct mline *l, bool unbound, int64_t t)
{
	char stamp[40];

	if (unbound)
		snprintf(
		    stamp, sizeof(stamp), "[%" PRId64 "]", floor_div(t, US));
	else
		bind_stamp(t, stamp);
	mline_splice(l, 0, l->stamp, stamp);
	l->stamp = strlen(stamp);
	l->t = t;
}

static struct mline
mline_copy(const struct mline *l)
{
	struct mline c = *l;

	c.text = xstrdup(l->text);
	return c;
}

static int
cmp_mline(const void *a, const void *b)
{
	const struct mline *x = a, *y = b;

	if (x->t / US != y->t / US || !(x->t % US == 0 && y->t % US == 0))
		if (x->t != y->t)
			return (x->t > y->t) - (x->t < y->t);
	return (x->key > y->key) - (x->key < y->key);
}

/* The lines of the query at i and the reply lines that follow it. */
static size_t
group_end(const struct mlog *g, size_t i)
{
	size_t j = i + 1;

	while (j < g->n && g->l[j].reply)
		j++;
	return j;
}

struct edit {
	const char *kind;
	struct custody_prng p;
	double hours, lines;
	const char *with;
};

static int64_t
per_day(const struct mlog *g)
{
	size_t q = 0, i;
	int64_t span = g->l[g->n - 1].t - g->l[0].t;

	for (i = 0; i < g->n; i++)
		q += !g->l[i].reply;
	return span < DAY_US ? (int64_t)q : (int64_t)q * DAY_US / span;
}

/* A start time so that [start, start+len) lies inside the log, one day
 * away from either end when there is room. */
static int64_t
pick_start(struct edit *e, const struct mlog *g, int64_t len)
{
	int64_t lo = g->l[0].t + DAY_US, hi = g->l[g->n - 1].t - DAY_US - len;

	if (hi <= lo) {
		lo = g->l[0].t;
		hi = g->l[g->n - 1].t - len;
	}
	if (hi <= lo)
		return lo;
	return lo + (int64_t)custody_prng_below(&e->p, (uint64_t)(hi - lo));
}

static void
say(const char *kind, const struct mlog *g, int64_t a, int64_t b,
    const char *what, long n)
{
	char s1[32], s2[32];

	(void)g;
	bind_stamp(a, s1);
	bind_stamp(b, s2);
	fprintf(stderr, "edit %s: %s to %s: %s %ld line(s)\n", kind, s1, s2,
	    what, n);
}

static void
edit_delete(struct edit *e, struct mlog *g)
{
	int64_t len = (int64_t)(e->hours * (double)HOUR_US),
	        a = pick_start(e, g, len);
	size_t i, j = 0;
	long n = 0;

	for (i = 0; i < g->n; i++) {
		if (g->l[i].t >= a && g->l[i].t < a + len) {
			free(g->l[i].text);
			n++;
			continue;
		}
		g->l[j++] = g->l[i];
	}
	g->n = j;
	say("delete", g, a, a + len, "removed", n);
}

/* An afternoon (UTC 12:00-18:00) of a day inside the log. */
static int64_t
pick_afternoon(struct edit *e, const struct mlog *g, int64_t len)
{
	int64_t first = floor_div(g->l[0].t, DAY_US) + 1,
	        last = floor_div(g->l[g->n - 1].t, DAY_US) - 1;
	int64_t day = last > first ? first +
	        (int64_t)custody_prng_below(&e->p, (uint64_t)(last - first))
	                           : floor_div(g->l[0].t, DAY_US);

	return day * DAY_US + 12 * HOUR_US +
	    (int64_t)custody_prng_below(
	        &e->p, (uint64_t)(6 * HOUR_US - len + 1));
}

/* Made-up lines: each copies a random real line's client, name and flags
 * (Unbound: with its reply), at a random time in a three-hour block of one
 * afternoon. Careful: a random source port, milliseconds and the client
 * object of the real line just before it. Careless: whole seconds, one
 * port for every line, and client objects never seen before. */
static void
edit_insert(struct edit *e, struct mlog *g, bool careless)
{
	int64_t len = 3 * HOUR_US, a = pick_afternoon(e, g, len);
	long k, n = e->lines > 0 ? (long)e->lines : (long)(per_day(g) / 2);
	size_t orig = g->n;
	uint16_t fixed = (uint16_t)(1024 + custody_prng_below(&e->p, 64512));

	if (n < 10)
		n = 10;
	for (k = 0; k < n; k++) {
		size_t i, j, end, near = 0;
		int64_t t =
		    a + (int64_t)custody_prng_below(&e->p, (uint64_t)len);
		char buf[32];

		do
			i = (size_t)custody_prng_below(&e->p, orig);
		while (g->l[i].reply);
		if (careless)
			t -= t % US;
		else if (!g->unbound)
			t -= t % 1000;
		for (j = 0; j < orig; j++)
			if (g->l[j].t <= t && !g->l[j].reply)
				near = j;
		end = group_end(g, i);
		for (j = i; j < end; j++) {
			struct mline c = mline_copy(&g->l[j]);

			mline_settime(
			    &c, g->unbound, t + (g->l[j].t - g->l[i].t));
			if (c.port_len > 0) {
				snprintf(buf, sizeof(buf), "%u",
				    careless ? fixed
				             : (unsigned)(1024 +
				                   custody_prng_below(
				                       &e->p, 64512)));
				mline_splice(&c, c.port, c.port_len, buf);
				c.port_len = strlen(buf);
			}
			if (c.ptr_len > 0) {
				if (careless)
					snprintf(buf, sizeof(buf),
					    "0x7f%08" PRIx64 "8",
					    custody_prng_next(&e->p) >> 32);
				else
					snprintf(buf, sizeof(buf), "%.*s",
					    (int)g->l[near].ptr_len,
					    g->l[near].text + g->l[near].ptr);
				mline_splice(&c, c.ptr, c.ptr_len, buf);
				c.ptr_len = strlen(buf);
			}
			c.key = (int64_t)g->n;
			mlog_add(g, &c);
		}
	}
	say(careless ? "forge" : "insert", g, a, a + len, "made up", n);
}

/* The lines of one whole day replace another day's, with the date moved. */
static void
edit_copy_day(struct edit *e, struct mlog *g)
{
	int64_t first = floor_div(g->l[0].t, DAY_US) + 1,
	        last = floor_div(g->l[g->n - 1].t, DAY_US) - 1;
	int64_t src, dst, shift;
	size_t i, j = 0, orig;
	long n = 0;

	if (last - first < 2)
		die("%s", "copy-day: the log needs at least four days");
	src = first +
	    (int64_t)custody_prng_below(&e->p, (uint64_t)(last - first + 1));
	do
		dst = first +
		    (int64_t)custody_prng_below(
		        &e->p, (uint64_t)(last - first + 1));
	while (dst == src);
	shift = (dst - src) * DAY_US;
	for (i = 0; i < g->n; i++) {
		if (floor_div(g->l[i].t, DAY_US) == dst) {
			free(g->l[i].text);
			continue;
		}
		g->l[j++] = g->l[i];
	}
	g->n = j;
	orig = g->n;
	for (i = 0; i < orig; i++)
		if (floor_div(g->l[i].t, DAY_US) == src && !g->l[i].reply) {
			size_t end = group_end(g, i);

			for (j = i; j < end; j++) {
				struct mline c = mline_copy(&g->l[j]);

				mline_settime(&c, g->unbound, c.t + shift);
				c.key = (int64_t)g->n;
				mlog_add(g, &c);
				n++;
			}
		}
	say("copy-day", g, dst * DAY_US, (dst + 1) * DAY_US,
	    "copied from 1 other day,", n);
}

/* A day's lines moved later or earlier by 6 to 72 hours. */
static void
edit_shift(struct edit *e, struct mlog *g)
{
	int64_t len = (int64_t)(e->hours * (double)HOUR_US),
	        a = pick_start(e, g, len);
	int64_t d = 6 * HOUR_US +
	    (int64_t)custody_prng_below(&e->p, (uint64_t)(66 * HOUR_US));
	size_t i;
	long n = 0;

	d -= d % US;
	if (custody_prng_below(&e->p, 2) == 0)
		d = -d;
	for (i = 0; i < g->n; i++)
		if (g->l[i].t >= a && g->l[i].t < a + len) {
			mline_settime(&g->l[i], g->unbound, g->l[i].t + d);
			n++;
		}
	fprintf(stderr, "edit shift: by %+.1f hours\n",
	    (double)d / (double)HOUR_US);
	say("shift", g, a, a + len, "moved", n);
}

/* Every line of a second server's log, in time order with the first's. */
static void
edit_merge(struct edit *e, struct mlog *g)
{
	struct mlog h;
	size_t i;

	memset(&h, 0, sizeof(h));
	if (e->with == NULL)
		die("%s", "merge needs --with FILE");
	mlog_read(&h, e->with);
	for (i = 0; i < h.n; i++) {
		h.l[i].key = (int64_t)(g->n + i);
		mlog_add(g, &h.l[i]);
	}
	say("merge", g, h.l[0].t, h.l[h.n - 1].t, "merged", (long)h.n);
	free(h.l);
}

/* Every query of a block (six hours of a working day unless --hours says
 * otherwise; Unbound: with its replies) given to one client the log has
 * elsewhere but not in that block. */
static void
edit_clients(struct edit *e, struct mlog *g)
{
	int64_t len = (int64_t)(e->hours * (double)HOUR_US);
	int64_t a = len <= 6 * HOUR_US ? pick_afternoon(e, g, len) - 4 * HOUR_US
	                               : pick_start(e, g, len);
	char target[64] = "";
	size_t i, tries;
	long n = 0;

	for (tries = 0; tries < 1000 && target[0] == '\0'; tries++) {
		size_t k = (size_t)custody_prng_below(&e->p, g->n);
		bool inside = false;

		if (g->l[k].t >= a && g->l[k].t < a + len)
			continue;
		snprintf(target, sizeof(target), "%.*s", (int)g->l[k].addr_len,
		    g->l[k].text + g->l[k].addr);
		for (i = 0; i < g->n && !inside; i++)
			inside = g->l[i].t >= a && g->l[i].t < a + len &&
			    g->l[i].addr_len == strlen(target) &&
			    memcmp(g->l[i].text + g->l[i].addr, target,
			        g->l[i].addr_len) == 0;
		if (inside)
			target[0] = '\0';
	}
	if (target[0] == '\0')
		snprintf(target, sizeof(target), "217.12.97.15");
	for (i = 0; i < g->n; i++)
		if (g->l[i].t >= a && g->l[i].t < a + len) {
			mline_splice(
			    &g->l[i], g->l[i].addr, g->l[i].addr_len, target);
			n += !g->l[i].reply;
		}
	fprintf(stderr, "edit clients: to %s\n", target);
	say("clients", g, a, a + len, "re-attributed", n);
}

static int
cmd_mutate(int argc, char **argv)
{
	struct edit e;
	struct mlog g;
	const char *in = NULL, *out = NULL;
	uint64_t seed = 1;
	FILE *fp;
	size_t i;
	int k;

	memset(&e, 0, sizeof(e));
	memset(&g, 0, sizeof(g));
	e.hours = 48;
	for (k = 0; k < argc; k++) {
		const char *a = argv[k], *v = k + 1 < argc ? argv[k + 1] : NULL;

		if (a[0] != '-' || strcmp(a, "-") == 0) {
			in = a;
			continue;
		}
		if (v == NULL)
			die("%s needs a value", a);
		k++;
		if (strcmp(a, "--edit") == 0)
			e.kind = v;
		else if (strcmp(a, "--seed") == 0)
			seed = strtoull(v, NULL, 10);
		else if (strcmp(a, "--hours") == 0)
			e.hours = strtod(v, NULL);
		else if (strcmp(a, "--lines") == 0)
			e.lines = strtod(v, NULL);
		else if (strcmp(a, "--with") == 0)
			e.with = v;
		else if (strcmp(a, "-o") == 0)
			out = v;
		else
			die("unknown option %s", a);
	}
	if (e.kind == NULL || in == NULL)
		die("%s",
		    "usage: lint-corpus mutate --edit KIND [--seed N] [--hours H] [--lines N] [--with FILE] IN [-o OUT]");
	custody_prng_seed(&e.p, seed, e.kind);
	mlog_read(&g, in);
	if (strcmp(e.kind, "delete") == 0)
		edit_delete(&e, &g);
	else if (strcmp(e.kind, "insert") == 0)
		edit_insert(&e, &g, false);
	else if (strcmp(e.kind, "forge") == 0)
		edit_insert(&e, &g, true);
	else if (strcmp(e.kind, "copy-day") == 0)
		edit_copy_day(&e, &g);
	else if (strcmp(e.kind, "shift") == 0) {
		if (e.hours == 48)
			e.hours = 24;
		edit_shift(&e, &g);
	} else if (strcmp(e.kind, "merge") == 0)
		edit_merge(&e, &g);
	else if (strcmp(e.kind, "clients") == 0) {
		if (e.hours == 48)
			e.hours = 6;
		edit_clients(&e, &g);
	} else if (strcmp(e.kind, "none") != 0)
		die("unknown edit %s (delete insert forge copy-day shift merge clients none)",
		    e.kind);
	/* A forger sorts the result: lines out of order are a careless edit's
	 * sign, which lint's order check already finds. Unbound's replies
	 * stay after their query. */
	for (i = 0; i < g.n; i++)
		if (g.l[i].reply && i > 0)
			g.l[i].t =
			    g.l[i].t < g.l[i - 1].t ? g.l[i - 1].t : g.l[i].t;
	qsort(g.l, g.n, sizeof(*g.l), cmp_mline);
	fp = out != NULL ? fopen(out, "w") : stdout;
	if (fp == NULL)
		die("cannot write %s", out);
	for (i = 0; i < g.n; i++) {
		fprintf(fp, "%s\n", g.l[i].text);
		free(g.l[i].text);
	}
	free(g.l);
	if (fp != stdout ? fclose(fp) != 0 : fflush(fp) != 0)
		die("cannot write %s", out != NULL ? out : "stdout");
	return 0;
}

/* ------------------------------------------------------------ replay */

struct sched {
	int64_t t;
	char addr[48], name[256], type[16], flags[16];
	unsigned port;
};

static bool
sched_read(FILE *fp, struct sched *s)
{
	char line[512];

	if (fgets(line, sizeof(line), fp) == NULL)
		return false;
	return sscanf(line,
	           "%" SCNd64 "\t%47[^\t]\t%u\t%255[^\t]\t%15[^\t]\t%15[^\t\n]",
	           &s->t, s->addr, &s->port, s->name, s->type, s->flags) == 6;
}

static int
type_code(const char *t)
{
	return strcmp(t, "A") == 0   ? 1
	    : strcmp(t, "MX") == 0   ? 15
	    : strcmp(t, "TXT") == 0  ? 16
	    : strcmp(t, "AAAA") == 0 ? 28
	                             : 1;
}

/* A DNS query with the header bits and EDNS options the flags ask for. */
static size_t
build_query(uint8_t *b, size_t cap, uint16_t id, const struct sched *s)
{
	const char *f = s->flags, *p, *lab;
	size_t n = 12;

	memset(b, 0, 12);
	b[0] = (uint8_t)(id >> 8);
	b[1] = (uint8_t)id;
	b[2] = f[0] == '+' ? 0x01 : 0x00;
	b[3] = strchr(f, 'C') != NULL ? 0x10 : 0x00;
	b[5] = 1;
	for (lab = s->name; *lab != '\0' && n + 70 < cap;
	     lab = *p == '.' ? p + 1 : p) {
		p = strchr(lab, '.');
		if (p == NULL)
			p = lab + strlen(lab);
		b[n++] = (uint8_t)(p - lab);
		memcpy(b + n, lab, (size_t)(p - lab));
		n += (size_t)(p - lab);
	}
	b[n++] = 0;
	b[n++] = 0;
	b[n++] = (uint8_t)type_code(s->type);
	b[n++] = 0;
	b[n++] = 1;
	if (strchr(f, 'E') != NULL) {
		bool cookie = strchr(f, 'K') != NULL;

		b[11] = 1;
		b[n++] = 0;                   /* root */
		b[n++] = 0, b[n++] = 41;      /* OPT */
		b[n++] = 0x04, b[n++] = 0xd0; /* 1232 */
		b[n++] = 0, b[n++] = 0;       /* rcode, version 0 */
		b[n++] = strchr(f, 'D') != NULL ? 0x80 : 0, b[n++] = 0;
		b[n++] = 0, b[n++] = cookie ? 12 : 0;
		if (cookie) {
			int i;

			b[n++] = 0, b[n++] = 10, b[n++] = 0, b[n++] = 8;
			for (i = 0; i < 8; i++)
				b[n++] = (uint8_t)(0x11 * (i + 1) ^ id);
		}
	}
	return n;
}

/* Sends each query of the schedule from its address and port (UDP, or TCP
 * for a T flag) and waits for the answer. With --faketime FILE, first
 * writes the offset that puts a server running under libfaketime
 * (FAKETIME_TIMESTAMP_FILE=FILE, FAKETIME_NO_CACHE=1) at the query's
 * scheduled time. Prints the schedule as sent (the port may have been
 * busy and replaced). */
static int
cmd_replay(int argc, char **argv)
{
	const char *faketime = NULL, *path = NULL, *server = "127.0.0.1";
	unsigned port = 0;
	struct sched s;
	FILE *fp;
	uint16_t id = 1;
	int k, fails = 0;

	for (k = 0; k < argc; k++) {
		if (strcmp(argv[k], "--port") == 0 && k + 1 < argc)
			port = (unsigned)atoi(argv[++k]);
		else if (strcmp(argv[k], "--faketime") == 0 && k + 1 < argc)
			faketime = argv[++k];
		else if (strcmp(argv[k], "--server") == 0 && k + 1 < argc)
			server = argv[++k];
		else
			path = argv[k];
	}
	if (port == 0 || path == NULL)
		die("%s",
		    "usage: lint-corpus replay --port P [--server ADDR] [--faketime FILE] SCHEDULE");
	if ((fp = fopen(path, "r")) == NULL)
		die("cannot open %s", path);
	while (sched_read(fp, &s)) {
		struct sockaddr_in me, to;
		uint8_t q[600], r[4096];
		size_t n = build_query(q + 2, sizeof(q) - 2, id++, &s);
		bool tcp = strchr(s.flags, 'T') != NULL;
		struct pollfd pf;
		int fd, tries;

		if (faketime != NULL) {
			struct timespec now;
			FILE *ft = fopen(faketime, "w");
			int64_t off;

			clock_gettime(CLOCK_REALTIME, &now);
			off = s.t -
			    ((int64_t)now.tv_sec * US + now.tv_nsec / 1000);
			if (ft == NULL)
				die("cannot write %s", faketime);
			fprintf(ft, "%s%" PRId64 ".%06" PRId64 "\n",
			    off < 0 ? "-" : "+", (off < 0 ? -off : off) / US,
			    (off < 0 ? -off : off) % US);
			fclose(ft);
		}
		memset(&to, 0, sizeof(to));
		to.sin_family = AF_INET;
		to.sin_port = htons((uint16_t)port);
		inet_pton(AF_INET, server, &to.sin_addr);
		for (tries = 0; tries < 20; tries++) {
			fd = socket(AF_INET, tcp ? SOCK_STREAM : SOCK_DGRAM, 0);
			memset(&me, 0, sizeof(me));
			me.sin_family = AF_INET;
			me.sin_port = htons((uint16_t)s.port);
			if (fd < 0 ||
			    inet_pton(AF_INET, s.addr, &me.sin_addr) != 1)
				die("cannot use source %s", s.addr);
			if (bind(fd, (struct sockaddr *)&me, sizeof(me)) == 0)
				break;
			close(fd);
			fd = -1;
			s.port = 1024 + (s.port * 7919u + 1u) % 64512u;
		}
		if (fd < 0 ||
		    connect(fd, (struct sockaddr *)&to, sizeof(to)) != 0)
			die("cannot reach the server from %s", s.addr);
		q[0] = (uint8_t)(n >> 8);
		q[1] = (uint8_t)n;
		if (tcp ? write(fd, q, n + 2) != (ssize_t)(n + 2)
		        : send(fd, q + 2, n, 0) != (ssize_t)n)
			die("cannot send from %s", s.addr);
		pf.fd = fd;
		pf.events = POLLIN;
		if (poll(&pf, 1, 2000) != 1 || read(fd, r, sizeof(r)) <= 0)
			fails++;
		close(fd);
		printf("%" PRId64 "\t%s\t%u\t%s\t%s\t%s\n", s.t, s.addr, s.port,
		    s.name, s.type, s.flags);
	}
	fclose(fp);
	if (fails > 0)
		fprintf(
		    stderr, "lint-corpus: %d queries had no answer\n", fails);
	return fails > 0 ? 1 : 0;
}

/* ------------------------------------------------------------ checklines */

/*
 * Compares a real server's log with what gen writes for the same queries
 * (the schedule as replay sent it, in order): each line is rebuilt from
 * the schedule with write_bind() or write_unbound(), taking from the real
 * line only what the server itself chooses (the time; BIND's client
 * object; Unbound's process, thread, time to answer, cache flag and
 * size), and must equal it byte for byte.
 */
static int
cmd_checklines(int argc, char **argv)
{
	const char *format = NULL, *spath = NULL, *lpath = NULL;
	FILE *sf, *lf, *mem;
	char line[2048], *built = NULL;
	size_t blen = 0;
	struct sched s;
	long nline = 0, bad = 0, n = 0;
	int k;

	for (k = 0; k < argc; k++) {
		if (strcmp(argv[k], "--format") == 0 && k + 1 < argc)
			format = argv[++k];
		else if (spath == NULL)
			spath = argv[k];
		else
			lpath = argv[k];
	}
	if (format == NULL || lpath == NULL)
		die("%s",
		    "usage: lint-corpus checklines --format bind|unbound SCHEDULE LOG");
	if ((sf = fopen(spath, "r")) == NULL ||
	    (lf = fopen(lpath, "r")) == NULL)
		die("cannot open %s", spath);
	while (sched_read(sf, &s)) {
		struct query q;
		struct server sv;
		struct mline ml;
		bool ub;
		int nm;

		memset(&q, 0, sizeof(q));
		memset(&sv, 0, sizeof(sv));
		for (nm = 0; nm < (int)NNAMES; nm++)
			if (strcmp(names[nm].name, s.name) == 0 &&
			    strcmp(names[nm].type, s.type) == 0)
				break;
		if (nm == (int)NNAMES)
			die("name %s is not one gen writes", s.name);
		q.name = nm;
		q.port = (uint16_t)s.port;
		memcpy(q.addr, s.addr, sizeof(q.addr));
		do {
			if (fgets(line, sizeof(line), lf) == NULL)
				die("%s: the log ends before the schedule",
				    lpath);
			nline++;
			line[strcspn(line, "\n")] = '\0';
			memset(&ml, 0, sizeof(ml));
			ml.text = line;
		} while (!mline_scan(&ml, &ub) || ml.reply);
		q.t = ml.t;
		mem = open_memstream(&built, &blen);
		if (mem == NULL)
			die("%s", "out of memory");
		if (strcmp(format, "bind") == 0) {
			q.ptr = strtoull(line + ml.ptr, NULL, 16);
			snprintf(sv.listen4, sizeof(sv.listen4), "127.0.0.1");
			write_bind(mem, &q, s.flags, sv.listen4);
		} else {
			char reply[2048], rcode[16];
			struct mline mr;
			unsigned rs, rus;
			int cached, size;
			const char *p;

			if (sscanf(strstr(line, "unbound[") + 8, "%d:%d",
			        &sv.pid, &q.tid) != 2 ||
			    fgets(reply, sizeof(reply), lf) == NULL)
				die("%s: a query line without its reply",
				    lpath);
			nline++;
			reply[strcspn(reply, "\n")] = '\0';
			memset(&mr, 0, sizeof(mr));
			mr.text = reply;
			p = strrchr(reply, ' ');
			for (k = 0; k < 3 && p != NULL; k++)
				while (--p > reply && *p != ' ')
					;
			if (!mline_scan(&mr, &ub) || !mr.reply || p == NULL ||
			    sscanf(p, " %15s %u.%u %d %d", rcode, &rs, &rus,
			        &cached, &size) != 5)
				die("%s: a reply line is not in Unbound's form",
				    lpath);
			/* gen writes cached exactly when no time was taken; the real
			 * server's figures go through as they are. */
			write_unbound(mem, &q, &sv, mr.t,
			    (int64_t)rs * US + rus, size, rcode);
			if ((cached != 0) != (rs == 0 && rus == 0))
				fprintf(stderr,
				    "lint-corpus: %s:%ld: cached %d with time %u.%06u\n",
				    lpath, nline, cached, rs, rus);
			strcat(line, "\n");
			strcat(line, reply);
		}
		fclose(mem);
		if (blen > 0 && built[blen - 1] == '\n')
			built[blen - 1] = '\0';
		if (strcmp(built, line) != 0) {
			if (bad++ < 5)
				fprintf(stderr,
				    "lint-corpus: %s:%ld differs:\n  real: %s\n  gen:  %s\n",
				    lpath, nline, line, built);
		}
		n++;
		free(built);
		built = NULL;
	}
	fclose(sf);
	fclose(lf);
	printf("%ld queries, %ld lines differ\n", n, bad);
	return bad == 0 && n > 0 ? 0 : 1;
}

/* ------------------------------------------------------------ serverconf */

static FILE *
create(const char *dir, const char *name)
{
	char path[4096];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fp = fopen(path, "w")) == NULL)
		die("cannot write %s", path);
	return fp;
}

/*
 * The configuration of a real server that answers gen's names on
 * 127.0.0.1 PORT and logs every query in DIR (named: named.conf, zone,
 * queries.log; Unbound: unbound.conf, unbound.log with log-replies), for
 * replay and the tests that start one.
 */
static int
cmd_serverconf(int argc, char **argv)
{
	FILE *fp;
	size_t k;
	int port;

	if (argc != 3 || (port = atoi(argv[2])) <= 0 || port > 65535)
		die("%s",
		    "usage: lint-corpus serverconf bind|unbound DIR PORT");
	if (strcmp(argv[0], "bind") == 0) {
		fp = create(argv[1], "named.conf");
		fprintf(fp,
		    "options { directory \"%s\"; listen-on port %d { 127.0.0.1; };\n"
		    "\tlisten-on-v6 { none; }; pid-file \"%s/named.pid\"; recursion no;\n"
		    "\tallow-query { any; }; dnssec-validation no; };\n"
		    "controls { };\n"
		    "logging { channel q { file \"%s/queries.log\"; print-time yes; print-category yes;\n"
		    "\tprint-severity yes; }; category queries { q; }; category default { null; }; };\n"
		    "zone \"example-mail.com\" { type primary; file \"%s/zone\"; };\n",
		    argv[1], port, argv[1], argv[1], argv[1]);
		fclose(fp);
		fp = create(argv[1], "zone");
		fprintf(fp,
		    "$TTL 300\n@ IN SOA ns1 hostmaster 1 3600 600 86400 300\n@ IN NS ns1\n"
		    "ns1 IN A 127.0.0.1\n");
		for (k = 0; k < NNAMES; k++)
			fprintf(fp, "%s. %lld IN %s %s\n", names[k].name,
			    (long long)names[k].ttl_s, names[k].type,
			    names[k].rdata);
	} else if (strcmp(argv[0], "unbound") == 0) {
		fp = create(argv[1], "unbound.conf");
		fprintf(fp,
		    "server:\n  interface: 127.0.0.1@%d\n  port: %d\n  do-ip6: no\n  username: \"\"\n"
		    "  chroot: \"\"\n  directory: \"%s\"\n  pidfile: \"%s/unbound.pid\"\n"
		    "  logfile: \"%s/unbound.log\"\n  use-syslog: no\n  log-queries: yes\n"
		    "  log-replies: yes\n  verbosity: 0\n  num-threads: 2\n"
		    "  access-control: 127.0.0.0/8 allow\n  local-zone: \"example-mail.com.\" static\n",
		    port, port, argv[1], argv[1], argv[1]);
		for (k = 0; k < NNAMES; k++) {
			fprintf(fp, "  local-data: \"%s. %lld IN %s ",
			    names[k].name, (long long)names[k].ttl_s,
			    names[k].type);
			/* Quotes inside the quoted local-data are escaped. */
			for (const char *c = names[k].rdata; *c != '\0'; c++)
				fprintf(fp, *c == '"' ? "\\%c" : "%c", *c);
			fprintf(fp, "\"\n");
		}
		fprintf(fp, "remote-control:\n  control-enable: no\n");
	} else {
		die("serverconf %s: bind or unbound", argv[0]);
	}
	return fclose(fp) == 0 ? 0 : 2;
}

int
main(int argc, char *argv[])
{
	if (argc >= 2 && strcmp(argv[1], "gen") == 0)
		return cmd_gen(argc - 2, argv + 2);
	if (argc >= 2 && strcmp(argv[1], "mutate") == 0)
		return cmd_mutate(argc - 2, argv + 2);
	if (argc >= 2 && strcmp(argv[1], "replay") == 0)
		return cmd_replay(argc - 2, argv + 2);
	if (argc >= 2 && strcmp(argv[1], "checklines") == 0)
		return cmd_checklines(argc - 2, argv + 2);
	if (argc >= 2 && strcmp(argv[1], "serverconf") == 0)
		return cmd_serverconf(argc - 2, argv + 2);
	fprintf(stderr,
	    "usage: lint-corpus gen|mutate|replay|checklines|serverconf ...\n");
	return 2;
}
