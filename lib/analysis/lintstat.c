/*
 * lintstat.c: lint's model checks, the ones a careful edit cannot pass by
 * keeping lines in order and bytes well formed. docs/lint.md gives each
 * check's model, its benign causes and its measured false-alarm and
 * detection rates (tests/bench/lint.sh).
 *
 * The rate model (hole, burst, rate-change). A log's queries are counted
 * in UTC hours. Their expected shape is the log's own profile: an
 * hour-of-day factor (from 2 days of log on) times a day-of-week factor
 * (from 14 days on), fitted from the counts themselves. Counts are
 * over-dispersed (lookups come in sessions, days differ): the count in a
 * window, given the count of the window and its surroundings together, is
 * taken as beta-binomial (the gamma-Poisson process conditioned on its
 * total), with the window's share of the profile as its mean and a
 * precision fitted by moments at each time scale from 1 hour to 8 days.
 * Comparing a window with its own surroundings keeps slow trends out of
 * the test; fitting the precision at each scale lets day-to-day swings
 * widen long windows more than short ones. Every p-value is multiplied by
 * the number of windows (or gaps) tested (Bonferroni). The first fit
 * leaves out the windows farthest off; what its tests flag is left out of
 * a second fit (which also corrects each hour of the week by its own
 * counts), and what the second fit's tests flag is reported.
 *
 * The habit checks compare a run of lines with the rest of the same file
 * (a client's ports, BIND's client objects, a client's query flags, the
 * server's listening address) under the simplest model that the rest of
 * the file supports: lines independent, with the rates seen outside the
 * run, again with the number of places such a run could start as the
 * multiplier. The copied-block check counts, for every time shift, the
 * distinct lines that recur exactly shifted by it; the merged check looks
 * for a server process that comes back after another one took over; the
 * requery check looks for clients asking again inside the cache lifetime
 * the other clients show.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "lint.h"

#define LINT_ALPHA 1e-3 /* reported when the corrected p-value is below this */
#define NS_S       1000000000LL
#define NS_H       (3600LL * NS_S)
#define NS_D       (86400LL * NS_S)
#define SHOWN      3 /* findings of one check shown per file */

/* ------------------------------------------------------------ data */

void
lint_data_init(struct lint_data *d)
{
	memset(d, 0, sizeof(*d));
}

void
lint_data_release(struct lint_data *d)
{
	size_t i;

	for (i = 0; i < d->nstr; i++)
		free(d->str[i]);
	free(d->str);
	free(d->slot);
	free(d->rec);
	memset(d, 0, sizeof(*d));
}

static uint64_t
str_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s != '\0'; s++)
		h = (h ^ (uint8_t)*s) * 1099511628211ull;
	return h;
}

uint32_t
lint_data_intern(struct lint_data *d, const char *s)
{
	size_t i, mask;

	if (s == NULL || *s == '\0')
		return 0;
	if (d->nstr == 0) {
		if ((d->str = malloc(64 * sizeof(*d->str))) == NULL ||
		    (d->str[0] = strdup("")) == NULL)
			return 0;
		d->capstr = 64;
		d->nstr = 1;
	}
	if ((d->nstr + 1) * 2 > d->nslot) {
		size_t ns = d->nslot ? d->nslot * 2 : 256, k;
		uint32_t *sl = calloc(ns, sizeof(*sl));

		if (sl == NULL)
			return 0;
		for (k = 1; k < d->nstr; k++) {
			i = str_hash(d->str[k]) & (ns - 1);
			while (sl[i] != 0)
				i = (i + 1) & (ns - 1);
			sl[i] = (uint32_t)k;
		}
		free(d->slot);
		d->slot = sl;
		d->nslot = ns;
	}
	mask = d->nslot - 1;
	for (i = str_hash(s) & mask; d->slot[i] != 0; i = (i + 1) & mask)
		if (strcmp(d->str[d->slot[i]], s) == 0)
			return d->slot[i];
	if (d->nstr == d->capstr) {
		char **x = realloc(d->str, d->capstr * 2 * sizeof(*x));

		if (x == NULL)
			return 0;
		d->str = x;
		d->capstr *= 2;
	}
	if ((d->str[d->nstr] = strdup(s)) == NULL)
		return 0;
	d->slot[i] = (uint32_t)d->nstr;
	return (uint32_t)d->nstr++;
}

bool
lint_data_add(struct lint_data *d, const struct lint_rec *r)
{
	if (d->n == d->cap) {
		size_t nc = d->cap ? d->cap * 2 : 1024;
		struct lint_rec *x = realloc(d->rec, nc * sizeof(*x));

		if (x == NULL)
			return false;
		d->rec = x;
		d->cap = nc;
	}
	d->rec[d->n++] = *r;
	return true;
}

/* ------------------------------------------------------------ reporting */

struct shown {
	struct lint *l;
	const char *check;
	unsigned n;
};

static void show(struct shown *s, uint64_t line, uint64_t off, const char *json,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
show(struct shown *s, uint64_t line, uint64_t off, const char *json,
    const char *fmt, ...)
{
	char msg[600];
	va_list ap;

	if (s->n++ >= SHOWN)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	lint_emit(s->l, CUSTODY_WARNING, s->check, line, off, json, "%s", msg);
}

static void
show_end(struct shown *s, const char *what)
{
	if (s->n > SHOWN)
		lint_emit(s->l, CUSTODY_WARNING, s->check, 0, 0, NULL,
		    "%u more %s (%u in all)", s->n - SHOWN, what, s->n);
}

static const char *
when(int64_t ns, char buf[40])
{
	custody_time_format(ns, 0, buf);
	return buf;
}

static double
padj(double p, double tests)
{
	p *= tests < 1 ? 1 : tests;
	return p > 1 ? 1 : p;
}

/* ------------------------------------------------------------ distributions */

static double
lbeta(double a, double b)
{
	return lgamma(a) + lgamma(b) - lgamma(a + b);
}

static double
bb_logpmf(double k, double n, double a, double b)
{
	return lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1) +
	    lbeta(k + a, n - k + b) - lbeta(a, b);
}

/* P(X >= c) for X beta-binomial(n, a, b); 1 when c is not above the mean
 * (only small tails matter here). */
double
lint_bb_upper(double c, double n, double a, double b)
{
	double l0, sum = 1, k, t;

	if (c <= 0)
		return 1;
	if (c > n)
		return 0;
	if (c <= n * a / (a + b))
		return 1;
	l0 = bb_logpmf(c, n, a, b);
	for (k = c + 1; k <= n; k++) {
		t = exp(bb_logpmf(k, n, a, b) - l0);
		sum += t;
		if (t < 1e-14 * sum)
			break;
	}
	t = exp(l0) * sum;
	return t > 1 ? 1 : t;
}

/* P(X <= c); 1 when c is not below the mean. */
double
lint_bb_lower(double c, double n, double a, double b)
{
	double l0, sum = 1, k, t;

	if (c >= n)
		return 1;
	if (c > 0 && c >= n * a / (a + b))
		return 1;
	l0 = bb_logpmf(c, n, a, b);
	for (k = c - 1; k >= 0; k--) {
		t = exp(bb_logpmf(k, n, a, b) - l0);
		sum += t;
		if (t < 1e-14 * sum)
			break;
	}
	t = exp(l0) * sum;
	return t > 1 ? 1 : t;
}

/* P(X >= n) for X Poisson(lambda). */
static double
pois_upper(double n, double lambda)
{
	double l0, sum = 1, t = 1, k;

	if (n <= 0)
		return 1;
	if (lambda <= 0)
		return 0;
	l0 = -lambda + n * log(lambda) - lgamma(n + 1);
	for (k = n + 1; k < n + 10000; k++) {
		t *= lambda / k;
		sum += t;
		if (t < 1e-14 * sum)
			break;
	}
	t = exp(l0) * sum;
	return t > 1 ? 1 : t;
}

/* ------------------------------------------------------------ the rate model */

#define NSCALE 9
static const int scale_h[NSCALE] = { 1, 2, 4, 8, 16, 24, 48, 96, 192 };

struct rate {
	int64_t t0; /* start of bin 0 (a UTC hour), ns */
	size_t nb;
	double *c, *mu;    /* count and profile of each hourly bin */
	unsigned char *ex; /* bins left out of the fit */
	double *cc, *cm;   /* prefix sums of c and mu over bins not left out */
	double h[24], w[7];
	/* beta-binomial precision per count at each scale */
	double kappa[NSCALE];
	bool diurnal, weekly;
	const int64_t *t; /* query times, sorted */
	const size_t *ti; /* their records */
	size_t nt;
};

static int
hod(const struct rate *r, size_t j)
{
	int64_t s = (r->t0 / NS_S) + (int64_t)j * 3600;

	return (int)(((s % 86400) + 86400) % 86400 / 3600);
}

static int
dow(const struct rate *r, size_t j)
{
	int64_t s = (r->t0 / NS_S) + (int64_t)j * 3600,
	        d = s / 86400 - (s % 86400 < 0);

	return (int)(((d + 3) % 7 + 7) %
	    7); /* 0 Monday; 1970-01-01 was a Thursday */
}

/* Reference span (hours) on each side of a window of s hours. */
static size_t
ref_hours(double s)
{
	if (s <= 8)
		return 12;
	if (s <= 24)
		return 96;
	return s * 2 > 168 ? (size_t)(s * 2) : 168;
}

static int
scale_of(double hours)
{
	int k;

	for (k = 0; k < NSCALE - 1 && scale_h[k] < hours; k++)
		;
	return k;
}

/* Sums over whole bins [a, b) that are not left out. */
static double
sum_c(const struct rate *r, long a, long b)
{
	if (a < 0)
		a = 0;
	if (b > (long)r->nb)
		b = (long)r->nb;
	return b > a ? r->cc[b] - r->cc[a] : 0;
}

static double
sum_m(const struct rate *r, long a, long b)
{
	if (a < 0)
		a = 0;
	if (b > (long)r->nb)
		b = (long)r->nb;
	return b > a ? r->cm[b] - r->cm[a] : 0;
}

/* Counts and profile of the R hours on each side of bins [a, b). */
static void
around(const struct rate *r, long a, long b, long R, double *c, double *m)
{
	*c = sum_c(r, a - R, a) + sum_c(r, b, b + R);
	*m = sum_m(r, a - R, a) + sum_m(r, b, b + R);
}

static void
rate_prefix(struct rate *r)
{
	size_t j;

	r->cc[0] = r->cm[0] = 0;
	for (j = 0; j < r->nb; j++) {
		r->cc[j + 1] = r->cc[j] + (r->ex[j] ? 0 : r->c[j]);
		r->cm[j + 1] = r->cm[j] + (r->ex[j] ? 0 : r->mu[j]);
	}
}

/* Fits the hour-of-day and day-of-week profile (raking, with one pseudo
 * count that keeps an hour never seen from being impossible), then the
 * precision at each scale. */
struct fitwin {
	double n, pi, d2, z2;
};

static int
cmp_dbl(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return (a > b) - (a < b);
}

static void
rate_fit(struct rate *r, bool trim)
{
	struct fitwin *win;
	double tot = 0, nin = 0, base, num[24], den[24], wn[7], wd[7];
	size_t j;
	int it, k;

	for (k = 0; k < 24; k++)
		r->h[k] = 1;
	for (k = 0; k < 7; k++)
		r->w[k] = 1;
	for (j = 0; j < r->nb; j++)
		if (!r->ex[j]) {
			tot += r->c[j];
			nin += 1;
		}
	base = nin > 0 ? tot / nin : 0;
	for (it = 0; it < 4 && base > 0; it++) {
		if (r->diurnal) {
			memset(num, 0, sizeof(num));
			memset(den, 0, sizeof(den));
			for (j = 0; j < r->nb; j++)
				if (!r->ex[j]) {
					num[hod(r, j)] += r->c[j];
					den[hod(r, j)] +=
					    base * r->w[dow(r, j)];
				}
			for (k = 0; k < 24; k++)
				r->h[k] = (num[k] + 1) / (den[k] + 1);
		}
		if (r->weekly) {
			memset(wn, 0, sizeof(wn));
			memset(wd, 0, sizeof(wd));
			for (j = 0; j < r->nb; j++)
				if (!r->ex[j]) {
					wn[dow(r, j)] += r->c[j];
					wd[dow(r, j)] += base * r->h[hod(r, j)];
				}
			for (k = 0; k < 7; k++)
				r->w[k] = (wn[k] + 1) / (wd[k] + 1);
		}
	}
	for (j = 0; j < r->nb; j++)
		r->mu[j] = r->h[hod(r, j)] * r->w[dow(r, j)];
	if (r->weekly && base > 0 && !trim) {
		/* Hour of day times day of week misses what the week does to
		 * one hour: a resolver eight zones west of UTC works into the
		 * UTC Saturday. Each of the 168 hours of the week corrects it
		 * by its own counts, five pseudo counts pulling to no change.
		 * Only in the second fit, once what the first flagged is left
		 * out: an edit must not teach the profile its own hours. */
		double wc[168], we[168];

		memset(wc, 0, sizeof(wc));
		memset(we, 0, sizeof(we));
		for (j = 0; j < r->nb; j++)
			if (!r->ex[j]) {
				wc[dow(r, j) * 24 + hod(r, j)] += r->c[j];
				we[dow(r, j) * 24 + hod(r, j)] +=
				    base * r->mu[j];
			}
		for (j = 0; j < r->nb; j++) {
			int slot = dow(r, j) * 24 + hod(r, j);

			r->mu[j] *= (wc[slot] + 5) / (we[slot] + 5);
		}
	}
	rate_prefix(r);
	/* Precision per scale: windows of s hours tiling the log, each with
	 * its surroundings; kappa solves sum (c - n pi)^2 = sum n pi (1 - pi)
	 * n (1 + kappa) / (1 + kappa n), the beta-binomial variance. With
	 * trim, the windows farthest off (the top 2 % by squared standard
	 * residual, at least one) are left out, so that the edit being looked
	 * for does not widen the model that should find it. */
	if ((win = malloc((r->nb + 1) * sizeof(*win))) == NULL) {
		for (k = 0; k < NSCALE; k++)
			r->kappa[k] = 1e-4;
		return;
	}
	for (k = 0; k < NSCALE; k++) {
		long s = scale_h[k], a, R = (long)ref_hours((double)s);
		double lhs = 0, lo = -9.2, hi = 14.0, mid, rhs, cut = 1e300;
		size_t nw = 0, i, kept = 0;
		int iter;

		for (a = 0; a + s <= (long)r->nb; a += s) {
			double cw = sum_c(r, a, a + s), mw = sum_m(r, a, a + s),
			       cr, mr, n, pi;
			long q;
			bool skip = false;

			around(r, a, a + s, R, &cr, &mr);
			n = cw + cr;
			for (q = a; q < a + s; q++)
				skip |= r->ex[q] != 0;
			if (skip || n < 1 || mw <= 0 || mr <= 0)
				continue;
			pi = mw / (mw + mr);
			win[nw].n = n;
			win[nw].pi = pi;
			win[nw].d2 = (cw - n * pi) * (cw - n * pi);
			win[nw].z2 = win[nw].d2 / (n * pi * (1 - pi) + 1e-12);
			nw++;
		}
		if (nw < 8) {
			r->kappa[k] = k > 0 ? r->kappa[k - 1] : 1e6;
			continue;
		}
		if (trim) {
			double *z = malloc(nw * sizeof(*z));

			if (z != NULL) {
				for (i = 0; i < nw; i++)
					z[i] = win[i].z2;
				qsort(z, nw, sizeof(*z), cmp_dbl);
				cut = z[nw - 1 - (nw >= 100 ? nw / 50 : 1)];
				free(z);
			}
		}
		for (i = 0; i < nw; i++)
			if (win[i].z2 <= cut) {
				lhs += win[i].d2;
				kept++;
			}
		for (iter = 0; iter < 60; iter++) {
			double kap;

			mid = (lo + hi) / 2;
			kap = exp(mid);
			rhs = 0;
			for (i = 0; i < nw; i++)
				if (win[i].z2 <= cut)
					rhs += win[i].n * win[i].pi *
					    (1 - win[i].pi) * win[i].n *
					    (1 + kap) / (1 + kap * win[i].n);
			if (rhs > lhs)
				lo =
				    mid; /* too much spread predicted: more precision */
			else
				hi = mid;
		}
		r->kappa[k] = kept > 0 ? exp((lo + hi) / 2) : 1e6;
	}
	free(win);
	/* Spread does not shrink with the scale: where a longer window
	 * looked calmer, keep the shorter one's (the conservative side). */
	for (k = 1; k < NSCALE; k++)
		if (r->kappa[k] > r->kappa[k - 1])
			r->kappa[k] = r->kappa[k - 1];
}

static double
frac_mu(const struct rate *r, int64_t a, int64_t b)
{
	double m = 0;
	long j, ja = (long)((a - r->t0) / NS_H),
	        jb = (long)((b - r->t0) / NS_H);

	for (j = ja; j <= jb && j < (long)r->nb; j++) {
		int64_t s = r->t0 + (int64_t)j * NS_H, e = s + NS_H;
		int64_t lo = a > s ? a : s, hi = b < e ? b : e;

		if (j >= 0 && hi > lo)
			m += r->mu[j] * (double)(hi - lo) / (double)NS_H;
	}
	return m;
}

/* The first record (in file order) at or after time t. */
static size_t
rec_at(const struct rate *r, int64_t t)
{
	size_t lo = 0, hi = r->nt;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (r->t[mid] < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->nt ? r->ti[lo] : r->ti[r->nt - 1];
}

struct span {
	int64_t a, b; /* ns */
	double p, padj, c, expect;
	double hours;
	int kind; /* 0 hole, 1 burst, 2 rate-change high, 3 rate-change low */
};

struct spans {
	struct span *s;
	size_t n, cap;
};

static void
spans_add(struct spans *v, const struct span *s)
{
	if (v->n == v->cap) {
		size_t nc = v->cap ? v->cap * 2 : 16;
		struct span *x = realloc(v->s, nc * sizeof(*x));

		if (x == NULL)
			return;
		v->s = x;
		v->cap = nc;
	}
	v->s[v->n++] = *s;
}

/* One pass of the tests: every gap of an hour or more, every window of 1,
 * 3 and 6 hours (too many) and of 1, 2 and 3 days (too many or too few),
 * each against its surroundings. Flagged ones go to out. */
static void
rate_tests(const struct rate *r, struct spans *out)
{
	static const int bh[] = { 2, 4, 8 }, dh[] = { 24, 48, 72 };
	double ngaps = r->nt > 1 ? (double)(r->nt - 1) : 1, nwin = 0, ndwin = 0;
	size_t i;
	long a;
	int k;

	for (i = 0; i + 1 < r->nt; i++) {
		int64_t ta = r->t[i], tb = r->t[i + 1];
		double hours = (double)(tb - ta) / (double)NS_H, mg, cr, mr, n,
		       pi, kap, p;
		long ja = (long)((ta - r->t0) / NS_H),
		     jb = (long)((tb - r->t0) / NS_H);
		long R = (long)ref_hours(hours);
		struct span s;

		if (hours < 1)
			continue;
		mg = frac_mu(r, ta, tb);
		around(r, ja, jb + 1, R, &cr, &mr);
		if (mr <= 0 || mg <= 0 || cr * mg / mr < 1)
			continue;
		n = cr;
		pi = mg / (mg + mr);
		kap = r->kappa[scale_of(hours)];
		p = exp(lbeta(kap * n * pi, kap * n * (1 - pi) + n) -
		    lbeta(kap * n * pi, kap * n * (1 - pi)));
		if (padj(p, ngaps) >= LINT_ALPHA)
			continue;
		memset(&s, 0, sizeof(s));
		s.a = ta;
		s.b = tb;
		s.p = p;
		s.padj = padj(p, ngaps);
		s.expect = cr * mg / mr;
		s.hours = hours;
		s.kind = 0;
		spans_add(out, &s);
	}
	/* Windows overlapping by more than half are not independent tests:
	 * count two per window length. */
	for (k = 0; k < 3; k++)
		nwin += 2.0 * (double)r->nb / bh[k];
	for (k = 0; k < 3; k++)
		for (a = 0; a + dh[k] <= (long)r->nb; a += 6)
			ndwin += 2;
	for (k = 0; k < 6; k++) {
		long s = k < 3 ? bh[k] : dh[k - 3],
		     R = (long)ref_hours((double)s);
		long step = k < 3 ? 1 : 6;

		for (a = 0; a + s <= (long)r->nb; a += step) {
			double cw = 0, mw = 0, cr, mr, n, pi, kap, p, ex;
			long q;
			struct span sp;
			bool low;

			for (q = a; q < a + s; q++) {
				cw += r->c[q];
				mw += r->mu[q];
			}
			around(r, a, a + s, R, &cr, &mr);
			if (mr <= 0 || mw <= 0)
				continue;
			ex = cr * mw / mr;
			low = cw < ex;
			if (k < 3 && (low || cw < 3 || cw < 2 * ex + 1))
				continue;
			if (k >= 3 &&
			    (low ? (cw == 0 || cw > ex / 2)
			         : cw < 1.5 * ex + 3))
				continue;
			n = cw + cr;
			pi = mw / (mw + mr);
			kap = r->kappa[scale_of((double)s)];
			p = low ? lint_bb_lower(
			              cw, n, kap * n * pi, kap * n * (1 - pi))
			        : lint_bb_upper(
			              cw, n, kap * n * pi, kap * n * (1 - pi));
			if (padj(p, k < 3 ? nwin : ndwin) >= LINT_ALPHA)
				continue;
			memset(&sp, 0, sizeof(sp));
			sp.a = r->t0 + a * NS_H;
			sp.b = sp.a + s * NS_H;
			sp.p = p;
			sp.padj = padj(p, k < 3 ? nwin : ndwin);
			sp.c = cw;
			sp.expect = ex;
			sp.hours = (double)s;
			sp.kind = k < 3 ? 1 : low ? 3 : 2;
			spans_add(out, &sp);
		}
	}
}

static int
cmp_span(const void *x, const void *y)
{
	const struct span *a = x, *b = y;

	if (a->kind != b->kind)
		return a->kind - b->kind;
	return (a->a > b->a) - (a->a < b->a);
}

static int
cmp_i64(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

	return (a > b) - (a < b);
}

struct tix {
	int64_t t;
	size_t i;
};

static int
cmp_tix(const void *x, const void *y)
{
	const struct tix *a = x, *b = y;

	if (a->t != b->t)
		return (a->t > b->t) - (a->t < b->t);
	return (a->i > b->i) - (a->i < b->i);
}

/* Reports overlapping flagged windows of one kind as one finding: the
 * most significant of them. */
static void
rate_report(const struct lint_data *d, const struct rate *r, struct spans *v,
    struct shown *sh)
{
	size_t i = 0, j;
	char t1[40], t2[40], json[300];

	qsort(v->s, v->n, sizeof(*v->s), cmp_span);
	while (i < v->n) {
		struct span best = v->s[i];
		int64_t end = v->s[i].b;
		const struct lint_rec *rec;

		for (j = i + 1; j < v->n && v->s[j].kind == v->s[i].kind &&
		     v->s[j].a < end;
		     j++) {
			if (v->s[j].b > end)
				end = v->s[j].b;
			if (v->s[j].padj < best.padj)
				best = v->s[j];
		}
		i = j;
		rec = &d->rec[rec_at(r, best.kind == 0 ? best.b : best.a)];
		snprintf(json, sizeof(json),
		    "\"from\":\"%s\",\"to\":\"%s\",\"count\":%.0f,\"expected\":%.1f,\"p\":%.3g,"
		    "\"p_adjusted\":%.3g",
		    when(best.a, t1), when(best.b, t2), best.c, best.expect,
		    best.p, best.padj);
		if (best.kind == 0)
			show(&sh[0], rec->line, rec->off, json,
			    "no queries for %.1f %s (%s to %s) where the log's own rate predicts %.1f:"
			    " p = %.2g (%.2g over every gap)",
			    best.hours >= 48 ? best.hours / 24 : best.hours,
			    best.hours >= 48 ? "days" : "hours", t1, t2,
			    best.expect, best.p, best.padj);
		else if (best.kind == 1)
			show(&sh[1], rec->line, rec->off, json,
			    "%.0f queries in the %.0f hour(s) from %s where the log's own rate predicts"
			    " %.1f: p = %.2g (%.2g over every window)",
			    best.c, best.hours, t1, best.expect, best.p,
			    best.padj);
		else
			show(&sh[2], rec->line, rec->off, json,
			    "%.0f queries in the %.0f days from %s where the days around predict %.1f"
			    " (%s): p = %.2g (%.2g over every window)",
			    best.c, best.hours / 24, t1, best.expect,
			    best.kind == 2 ? "too many" : "too few", best.p,
			    best.padj);
	}
}

/* The rate model over the log's queries: fit, test, fit again without
 * what was flagged, test again and report. */
static void
rate_run(const struct lint_data *d, struct shown *sh)
{
	struct rate r;
	struct spans v1 = { NULL, 0, 0 }, v2 = { NULL, 0, 0 };
	struct tix *tx = NULL;
	int64_t *t = NULL;
	size_t *ti = NULL, n = 0, i, j;

	memset(&r, 0, sizeof(r));
	for (i = 0; i < d->n; i++)
		n += !d->rec[i].qr;
	if (n < 30)
		return;
	tx = malloc(n * sizeof(*tx));
	t = malloc(n * sizeof(*t));
	ti = malloc(n * sizeof(*ti));
	if (tx == NULL || t == NULL || ti == NULL)
		goto out;
	for (i = 0, j = 0; i < d->n; i++)
		if (!d->rec[i].qr) {
			tx[j].t = d->rec[i].t;
			tx[j++].i = i;
		}
	qsort(tx, n, sizeof(*tx), cmp_tix);
	for (i = 0; i < n; i++) {
		t[i] = tx[i].t;
		ti[i] = tx[i].i;
	}
	/* Two days at least: a shorter log cannot tell a quiet night from a
	 * hole. */
	if (t[n - 1] - t[0] < 2 * NS_D)
		goto out;
	r.t = t;
	r.ti = ti;
	r.nt = n;
	r.t0 = t[0] - (((t[0] % NS_H) + NS_H) % NS_H);
	r.nb = (size_t)((t[n - 1] - r.t0) / NS_H) + 1;
	r.diurnal = true;
	r.weekly = t[n - 1] - t[0] >= 14 * NS_D;
	r.c = calloc(r.nb, sizeof(double));
	r.mu = calloc(r.nb, sizeof(double));
	r.cc = calloc(r.nb + 1, sizeof(double));
	r.cm = calloc(r.nb + 1, sizeof(double));
	r.ex = calloc(r.nb, 1);
	if (r.c == NULL || r.mu == NULL || r.cc == NULL || r.cm == NULL ||
	    r.ex == NULL)
		goto out;
	for (i = 0; i < n; i++)
		r.c[(t[i] - r.t0) / NS_H] += 1;
	rate_fit(&r, true);
	rate_tests(&r, &v1);
	if (v1.n > 0) {
		/* Fit again without what was flagged, and test again. */
		for (i = 0; i < v1.n; i++) {
			long a = (long)((v1.s[i].a - r.t0) / NS_H),
			     b = (long)((v1.s[i].b - r.t0) / NS_H);

			for (; a <= b && a < (long)r.nb; a++)
				if (a >= 0)
					r.ex[a] = 1;
		}
		rate_fit(&r, false);
		rate_tests(&r, &v2);
		rate_report(d, &r, &v2, sh);
	}
out:
	free(v1.s);
	free(v2.s);
	free(r.c);
	free(r.mu);
	free(r.cc);
	free(r.cm);
	free(r.ex);
	free(tx);
	free(t);
	free(ti);
}

static void
rate_checks(struct lint *l, const struct lint_data *d)
{
	struct shown sh[3] = { { l, "hole", 0 }, { l, "burst", 0 },
		{ l, "rate-change", 0 } };

	rate_run(d, sh);
	show_end(&sh[0], "holes");
	show_end(&sh[1], "bursts");
	show_end(&sh[2], "rate changes");
}

/* ------------------------------------------------------------ precision */

/* A run of lines whose time precision differs from the rest: fewer or
 * more digits after the second than most lines have, or sub-second
 * digits that are all zero where elsewhere they vary (a forger writing
 * whole seconds into a log of milliseconds). */
static void
precision_checks(struct lint *l, const struct lint_data *d)
{
	size_t cnt[10] = { 0 }, first[10], n = 0, i, mode = 0, k;
	size_t zeros = 0, run = 0, best = 0, best_end = 0, withfrac = 0;

	for (i = 0; i < d->n; i++) {
		int p = d->rec[i].prec;

		if (p < 0 || p > 9)
			continue;
		if (cnt[p]++ == 0)
			first[p] = i;
		n++;
	}
	if (n < 10)
		return;
	for (k = 0; k < 10; k++)
		if (cnt[k] > cnt[mode])
			mode = k;
	for (k = 0; k < 10; k++)
		if (k != mode && cnt[k] > 0 && cnt[mode] * 10 >= n * 8) {
			const struct lint_rec *r = &d->rec[first[k]];
			char json[120];

			snprintf(json, sizeof(json),
			    "\"digits\":%zu,\"lines\":%zu,\"usual_digits\":%zu",
			    k, cnt[k], mode);
			lint_emit(l, CUSTODY_WARNING, "precision", r->line,
			    r->off, json,
			    "%zu line(s) have times with %zu digit(s) after the second where %zu of %zu"
			    " have %zu (first here)",
			    cnt[k], k, cnt[mode], n, mode);
		}
	if (mode == 0)
		return;
	/* Sub-second digits all zero: runs of them, against their share. */
	for (i = 0; i < d->n; i++) {
		const struct lint_rec *r = &d->rec[i];

		if (r->prec != (int16_t)mode)
			continue;
		withfrac++;
		if (r->t % NS_S == 0) {
			zeros++;
			if (++run > best) {
				best = run;
				best_end = i;
			}
		} else {
			run = 0;
		}
	}
	if (best >= 3 && zeros < withfrac) {
		double f0 = ((double)(zeros - best) + 1) /
		    ((double)(withfrac - best) + 2);
		double p = pow(f0, (double)best),
		       pa = padj(p, (double)withfrac);

		if (pa < LINT_ALPHA) {
			size_t st = best_end, seen = 0;
			char json[160];

			for (i = best_end + 1; i-- > 0 && seen < best;)
				if (d->rec[i].prec == (int16_t)mode) {
					st = i;
					seen++;
				}
			snprintf(json, sizeof(json),
			    "\"lines\":%zu,\"zero_share\":%.4g,\"p\":%.3g,"
			    "\"p_adjusted\":%.3g",
			    best, f0, p, pa);
			lint_emit(l, CUSTODY_WARNING, "precision",
			    d->rec[st].line, d->rec[st].off, json,
			    "%zu lines in a row have times on the whole second where elsewhere %.2g%% do:"
			    " p = %.2g (%.2g over every line)",
			    best, 100 * f0, p, pa);
		}
	}
}

/* ------------------------------------------------------------ per client */

struct cix {
	uint32_t src;
	int64_t t;
	size_t i;
};

static int
cmp_cix(const void *x, const void *y)
{
	const struct cix *a = x, *b = y;

	if (a->src != b->src)
		return (a->src > b->src) - (a->src < b->src);
	if (a->t != b->t)
		return (a->t > b->t) - (a->t < b->t);
	return (a->i > b->i) - (a->i < b->i);
}

/* Indexes of the queries with a client, grouped by client in time order. */
static size_t *
by_client(const struct lint_data *d, size_t *out_n)
{
	struct cix *cx = malloc((d->n + 1) * sizeof(*cx));
	size_t *ix = malloc((d->n + 1) * sizeof(*ix)), n = 0, i;

	if (cx == NULL || ix == NULL) {
		free(cx);
		free(ix);
		return NULL;
	}
	for (i = 0; i < d->n; i++)
		if (!d->rec[i].qr && d->rec[i].src != 0) {
			cx[n].src = d->rec[i].src;
			cx[n].t = d->rec[i].t;
			cx[n++].i = i;
		}
	qsort(cx, n, sizeof(*cx), cmp_cix);
	for (i = 0; i < n; i++)
		ix[i] = cx[i].i;
	free(cx);
	*out_n = n;
	return ix;
}

/* A pair of successive source ports that is not random: the same port, or
 * a small step up (a counter). */
static bool
port_nonrandom(int32_t a, int32_t b)
{
	unsigned step = ((unsigned)b - (unsigned)a) & 0xffffu;

	return step <= 64;
}

/*
 * RFC 5452 section 9.2: a resolver picks each query's source port at
 * random. A run of a client's queries from one port, or from ports that
 * count up, where its ports elsewhere are random, is reported; a client
 * that never varies while others do is noted (an old resolver, a NAT).
 * TCP queries carry the client system's connection port and are left out.
 */
static void
port_checks(struct lint *l, const struct lint_data *d)
{
	struct shown sh = { l, "source-port", 0 };
	size_t n, *ix = by_client(d, &n), i, j, pairs = 0, nonr = 0, notes = 0;

	if (ix == NULL)
		return;
	for (i = 0; i + 1 < n; i++) {
		const struct lint_rec *a = &d->rec[ix[i]],
		                      *b = &d->rec[ix[i + 1]];

		if (a->src != b->src || a->sport < 0 || b->sport < 0 ||
		    a->tcp || b->tcp)
			continue;
		pairs++;
		nonr += port_nonrandom(a->sport, b->sport);
	}
	for (i = 0; i < n; i = j) {
		size_t cp = 0, cn = 0, run = 0, best = 0, best_end = 0, k,
		       prev = SIZE_MAX;

		for (j = i; j < n && d->rec[ix[j]].src == d->rec[ix[i]].src;
		     j++) {
			const struct lint_rec *b = &d->rec[ix[j]];

			if (b->sport < 0 || b->tcp)
				continue;
			if (prev != SIZE_MAX) {
				bool nr = port_nonrandom(
				    d->rec[ix[prev]].sport, b->sport);

				cp++;
				cn += nr;
				run = nr ? run + 1 : 0;
				if (run > best) {
					best = run;
					best_end = j;
				}
			}
			prev = j;
		}
		if (best < 2)
			continue;
		if (cp - best >= 8 && (cn - best) * 4 <= cp - best) {
			/* The client's own ports outside the run, which are mostly
			 * random: it varies elsewhere. */
			double pi = ((double)(cn - best) + 1) /
			    ((double)(cp - best) + 2);
			double p = pow(pi, (double)best),
			       pa = padj(p, (double)pairs);
			const struct lint_rec *r;
			char json[200];
			size_t st = best_end;

			if (pa >= LINT_ALPHA)
				continue;
			for (k = best_end, run = 0; k > i && run < best; k--)
				if (d->rec[ix[k - 1]].sport >= 0 &&
				    !d->rec[ix[k - 1]].tcp) {
					st = k - 1;
					run++;
				}
			r = &d->rec[ix[st]];
			snprintf(json, sizeof(json),
			    "\"client\":\"%s\",\"queries\":%zu,\"p\":%.3g,"
			    "\"p_adjusted\":%.3g",
			    d->str[r->src], best + 1, p, pa);
			show(&sh, r->line, r->off, json,
			    "%s sent %zu queries in a row from ports %d to %d (one port or counting"
			    " up) where its other ports look random: p = %.2g (%.2g over every pair)",
			    d->str[r->src], best + 1, r->sport,
			    d->rec[ix[best_end]].sport, p, pa);
		} else if (cn * 4 > cp * 3 && pairs > cp + 20 &&
		    nonr - cn < (pairs - cp) / 10 && best >= 4 &&
		    notes++ < SHOWN) {
			const struct lint_rec *r = &d->rec[ix[i]];

			lint_emit(l, CUSTODY_NOTE, "source-port", r->line,
			    r->off, NULL,
			    "%s sends %zu of its %zu queries from the port before or ports counting"
			    " up, where other clients' ports are random: an old resolver or a NAT",
			    d->str[r->src], cn + 1, cp + 1);
		}
	}
	show_end(&sh, "clients with runs of ports");
	free(ix);
}

/* For value runs: P(all m of n positions fall in one window of w), times
 * the number of windows. */
static double
confined_p(double n, double w, double m)
{
	double p = exp(lgamma(w + 1) - lgamma(m + 1) - lgamma(w - m + 1) -
	    (lgamma(n + 1) - lgamma(m + 1) - lgamma(n - m + 1)));

	return p * (n - w + 1);
}

struct val {
	uint32_t v;
	size_t m, first, last; /* positions in the sequence */
};

/*
 * A value of a field (a client's query flags, the server's listening
 * address or view) that occurs only inside one stretch of the sequence,
 * at most half of it, while other values occur on both sides of it. seq
 * holds the values in order. Returns the smallest p (after the correction
 * for the values tested) and that value's stretch and count.
 */
static double
confined(const uint32_t *seq, size_t n, size_t *out_first, size_t *out_last,
    uint32_t *out_v, size_t *out_m, double tests)
{
	struct val vals[16];
	size_t nv = 0, i, k;
	double best = 1;

	for (i = 0; i < n; i++) {
		for (k = 0; k < nv && vals[k].v != seq[i]; k++)
			;
		if (k == nv) {
			if (nv == 16)
				return 1;
			vals[nv].v = seq[i];
			vals[nv].m = 0;
			vals[nv].first = i;
			nv++;
		}
		vals[k].m++;
		vals[k].last = i;
	}
	if (nv < 2)
		return 1;
	for (k = 0; k < nv; k++) {
		double w = (double)(vals[k].last - vals[k].first + 1), p;

		/* Other values before and after the stretch: a change that
		 * went back, not a change of software or configuration. */
		if (vals[k].m < 2 || vals[k].first == 0 ||
		    vals[k].last == n - 1 || w * 2 > (double)n)
			continue;
		p = padj(confined_p((double)n, w, (double)vals[k].m), tests);
		if (p < best) {
			best = p;
			*out_first = vals[k].first;
			*out_last = vals[k].last;
			*out_v = vals[k].v;
			*out_m = vals[k].m;
		}
	}
	return best;
}

static void
flag_checks(struct lint *l, const struct lint_data *d)
{
	struct shown sh = { l, "flags", 0 };
	size_t n, *ix = by_client(d, &n), i, j, k, clients = 0;
	uint32_t *seq;

	if (ix == NULL)
		return;
	if ((seq = malloc((n + 1) * sizeof(*seq))) == NULL) {
		free(ix);
		return;
	}
	for (i = 0; i < n; i = j) {
		for (j = i; j < n && d->rec[ix[j]].src == d->rec[ix[i]].src;
		     j++)
			;
		clients += j - i >= 6;
	}
	for (i = 0; i < n; i = j) {
		size_t m = 0, f = 0, la = 0, cnt = 0;
		uint32_t v = 0;
		double p;

		for (j = i; j < n && d->rec[ix[j]].src == d->rec[ix[i]].src;
		     j++)
			if (d->rec[ix[j]].flags != 0)
				seq[m++] = d->rec[ix[j]].flags;
		if (m < 6)
			continue;
		p = confined(seq, m, &f, &la, &v, &cnt, (double)clients * 2);
		if (p < LINT_ALPHA) {
			const struct lint_rec *r = NULL;
			char json[200];

			for (k = i, m = 0; k < j; k++)
				if (d->rec[ix[k]].flags != 0 && m++ == f) {
					r = &d->rec[ix[k]];
					break;
				}
			if (r == NULL)
				continue;
			snprintf(json, sizeof(json),
			    "\"client\":\"%s\",\"flags\":\"%s\",\"queries\":%zu,"
			    "\"p_adjusted\":%.3g",
			    d->str[r->src], d->str[v], cnt, p);
			show(&sh, r->line, r->off, json,
			    "%s sent %zu queries with flags %s only in one stretch of its %zu, with its"
			    " other flags before and after: p = %.2g",
			    d->str[r->src], cnt, d->str[v], j - i, p);
		}
	}
	show_end(&sh, "clients with a stretch of other flags");
	free(seq);
	free(ix);
}

static void
listen_checks(struct lint *l, const struct lint_data *d)
{
	uint32_t *seq = malloc((d->n + 1) * sizeof(*seq));
	size_t *pos = malloc((d->n + 1) * sizeof(*pos));
	int field;

	if (seq == NULL || pos == NULL)
		goto out;
	for (field = 0; field < 2; field++) {
		size_t n = 0, i, f = 0, la = 0, cnt = 0;
		uint32_t v = 0;
		double p;

		for (i = 0; i < d->n; i++) {
			uint32_t x =
			    field == 0 ? d->rec[i].dst : d->rec[i].view;

			if (d->rec[i].qr || x == 0)
				continue;
			pos[n] = i;
			seq[n++] = x;
		}
		if (n < 10)
			continue;
		p = confined(seq, n, &f, &la, &v, &cnt, 2);
		if (p < LINT_ALPHA) {
			const struct lint_rec *r = &d->rec[pos[f]];
			char json[200];

			snprintf(json, sizeof(json),
			    "\"%s\":\"%s\",\"queries\":%zu,\"p_adjusted\":%.3g",
			    field == 0 ? "address" : "view", d->str[v], cnt, p);
			lint_emit(l, CUSTODY_WARNING, "listen-address", r->line,
			    r->off, json,
			    "%zu queries to %s %s, all within lines %llu to %llu, with the server's"
			    " other %s before and after: p = %.2g",
			    cnt, field == 0 ? "address" : "view", d->str[v],
			    (unsigned long long)r->line,
			    (unsigned long long)d->rec[pos[la]].line,
			    field == 0 ? "addresses" : "views", p);
		}
	}
out:
	free(seq);
	free(pos);
}

/* ------------------------------------------------------------ BIND's client objects */

/*
 * BIND 9.18 logs the address of the client object that handled a query.
 * Each network worker keeps a stack of free ones and takes the top, so a
 * real log shows a few addresses again and again (one per worker, a few
 * more under load). Made-up lines give themselves away by addresses
 * that occur once, line after line, or by one address held for a run
 * where a real server spreads queries over its workers.
 */
static void
pointer_checks(struct lint *l, const struct lint_data *d)
{
	size_t n = 0, i, j, single = 0, run = 0, best = 0, best_end = 0;
	size_t same = 0, pairs = 0, srun = 1, sbest = 0, sbest_end = 0;
	uint64_t *sorted;
	size_t *ix;

	for (i = 0; i < d->n; i++)
		n += d->rec[i].ptr != 0 && !d->rec[i].qr;
	if (n < 20)
		return;
	sorted = malloc(n * sizeof(*sorted));
	ix = malloc(n * sizeof(*ix));
	if (sorted == NULL || ix == NULL) {
		free(sorted);
		free(ix);
		return;
	}
	for (i = 0, j = 0; i < d->n; i++)
		if (d->rec[i].ptr != 0 && !d->rec[i].qr) {
			ix[j] = i;
			sorted[j++] = d->rec[i].ptr;
		}
	qsort(sorted, n, sizeof(*sorted), cmp_i64);
	for (i = 0; i < n; i++) {
		uint64_t p = d->rec[ix[i]].ptr;
		size_t lo = 0, hi = n, a;
		bool once;

		while (lo < hi) {
			size_t mid = (lo + hi) / 2;

			if (sorted[mid] < p)
				lo = mid + 1;
			else
				hi = mid;
		}
		a = lo;
		once = !(a + 1 < n && sorted[a + 1] == p);
		single += once;
		run = once ? run + 1 : 0;
		if (run > best) {
			best = run;
			best_end = i;
		}
		if (i > 0) {
			const struct lint_rec *prev = &d->rec[ix[i - 1]];
			bool eq = prev->ptr == p;

			srun = eq ? srun + 1 : 1;
			if (srun > sbest) {
				sbest = srun;
				sbest_end = i;
			}
			/* The low-load rate of repeats: queries a second or more
			 * apart, when each worker's stack is one deep. */
			if (d->rec[ix[i]].t - prev->t >= NS_S) {
				pairs++;
				same += eq;
			}
		}
	}
	if (best >= 3) {
		double s =
		    ((double)(single - best) + 1) / ((double)(n - best) + 2);
		double p = pow(s, (double)best), pa = padj(p, (double)n);

		if (pa < LINT_ALPHA) {
			const struct lint_rec *r =
			    &d->rec[ix[best_end + 1 - best]];
			char json[160];

			snprintf(json, sizeof(json),
			    "\"lines\":%zu,\"once_share\":%.4g,\"p\":%.3g,"
			    "\"p_adjusted\":%.3g",
			    best, s, p, pa);
			lint_emit(l, CUSTODY_WARNING, "client-object", r->line,
			    r->off, json,
			    "%zu lines in a row name client objects (@0x...) that occur nowhere else in"
			    " the file, where elsewhere %.2g%% do: a server reuses a few: p = %.2g"
			    " (%.2g over every line)",
			    best, 100 * s, p, pa);
		}
	}
	if (sbest >= 5 && pairs >= 20) {
		double pi = ((double)same + 1) / ((double)pairs + 2), p, pa;

		if (pi > 0.9)
			pi = 1; /* one worker: every line has the same object */
		p = pow(pi, (double)(sbest - 1));
		pa = padj(p, (double)n);
		if (pa < LINT_ALPHA) {
			const struct lint_rec *r =
			    &d->rec[ix[sbest_end + 1 - sbest]];
			char json[200];

			snprintf(json, sizeof(json),
			    "\"lines\":%zu,\"object\":\"0x%llx\",\"repeat_share\":"
			    "%.4g,\"p\":%.3g,\"p_adjusted\":%.3g",
			    sbest, (unsigned long long)r->ptr, pi, p, pa);
			lint_emit(l, CUSTODY_WARNING, "client-object", r->line,
			    r->off, json,
			    "%zu lines in a row name one client object (@0x%llx) where elsewhere"
			    " successive lines share one %.0f%% of the time: p = %.2g (%.2g over every"
			    " line)",
			    sbest, (unsigned long long)r->ptr, 100 * pi, p, pa);
		}
	}
	free(sorted);
	free(ix);
}

/* ------------------------------------------------------------ merged */

/*
 * Server processes: BIND's client objects of one process lie within a
 * few hundred MB of each other, another process's far away (ASLR);
 * Unbound and syslog lines name the process id. A restart changes the
 * process once and for good; two servers' lines merged into one file
 * switch back and forth.
 */
static void
merged_checks(struct lint *l, const struct lint_data *d)
{
	uint64_t *grp = NULL, base[64];
	size_t nb = 0, i, k, returns = 0, first_ret = SIZE_MAX, switches = 0;
	uint32_t *ids = NULL, seen[64], last = 0;
	size_t nseen = 0;
	bool byptr = false;

	for (i = 0; i < d->n; i++)
		if (d->rec[i].proc != 0)
			break;
	if (i == d->n) {
		/* No process ids: group BIND's client objects by address. */
		size_t n = 0;

		for (i = 0; i < d->n; i++)
			n += d->rec[i].ptr != 0;
		if (n < 10)
			return;
		if ((grp = malloc(n * sizeof(*grp))) == NULL)
			return;
		for (i = 0, n = 0; i < d->n; i++)
			if (d->rec[i].ptr != 0)
				grp[n++] = d->rec[i].ptr;
		qsort(grp, n, sizeof(*grp), cmp_i64);
		for (i = 0; i < n && nb < 64; i++)
			if (i == 0 || grp[i] - grp[i - 1] > (1ull << 32))
				base[nb++] = grp[i];
		free(grp);
		if (nb < 2)
			return;
		byptr = true;
	}
	if ((ids = malloc(d->n * sizeof(*ids))) == NULL)
		return;
	for (i = 0; i < d->n; i++) {
		ids[i] = 0;
		if (byptr && d->rec[i].ptr != 0) {
			for (k = nb; k-- > 0;)
				if (d->rec[i].ptr >= base[k]) {
					ids[i] = (uint32_t)k + 1;
					break;
				}
		} else if (!byptr) {
			ids[i] = d->rec[i].proc;
		}
	}
	for (i = 0; i < d->n; i++) {
		if (ids[i] == 0 || ids[i] == last)
			continue;
		if (last != 0)
			switches++;
		for (k = 0; k < nseen && seen[k] != ids[i]; k++)
			;
		if (k < nseen) {
			if (returns++ == 0)
				first_ret = i;
		} else if (nseen < 64) {
			seen[nseen++] = ids[i];
		}
		last = ids[i];
	}
	if (returns > 0) {
		const struct lint_rec *r = &d->rec[first_ret];
		char json[120];

		snprintf(json, sizeof(json),
		    "\"processes\":%zu,\"switches\":%zu,\"returns\":%zu", nseen,
		    switches, returns);
		lint_emit(l, returns >= 2 ? CUSTODY_WARNING : CUSTODY_NOTE,
		    "merged", r->line, r->off, json,
		    "lines of %zu server processes (%s) alternate: %zu switches, and a process comes"
		    " back %zu time(s) after another took over (first here); a restart switches"
		    " once",
		    nseen,
		    byptr ? "told apart by their client objects' addresses"
		          : "process ids",
		    switches, returns);
	}
	free(ids);
}

/*
 * Two clocks: lines of two sources whose clocks differ, interleaved in the
 * order they were written (syslog from two hosts, files joined and sorted
 * by something else than time), step back and forward again by about the
 * same amount, over and over. One clock steps back now and then (NTP), by
 * amounts that do not repeat; steps under a second are the order check's
 * tolerance and a multi-threaded server's.
 */
static void
clock_checks(struct lint *l, const struct lint_data *d)
{
	double *b, m;
	size_t nb = 0, i, near = 0, first = 0;

	if (d->n < 10 || (b = malloc(d->n * sizeof(*b))) == NULL)
		return;
	for (i = 1; i < d->n; i++) {
		int64_t dt = d->rec[i].t - d->rec[i - 1].t;

		if (dt < -NS_S) {
			if (nb == 0)
				first = i;
			b[nb++] = (double)-dt / (double)NS_S;
		}
	}
	if (nb >= 3) {
		qsort(b, nb, sizeof(*b), cmp_dbl);
		m = b[nb / 2];
		for (i = 0; i < nb; i++)
			near += fabs(b[i] - m) <= 0.25 * m + 0.5;
		if (near >= 3 && near * 2 >= nb) {
			const struct lint_rec *r = &d->rec[first];
			char json[120];

			snprintf(json, sizeof(json),
			    "\"steps_back\":%zu,\"alike\":%zu,\"offset_s\":%.3f",
			    nb, near, m);
			lint_emit(l, CUSTODY_WARNING, "merged", r->line, r->off,
			    json,
			    "the time steps back %zu times, %zu of them by about %.1f s (first here): lines"
			    " of two clocks interleaved, one at least that far behind the other",
			    nb, near, m);
		}
	}
	free(b);
}

/* ------------------------------------------------------------ copied */

struct tok {
	uint64_t h;
	int64_t t;
	size_t rec;
};

static int
cmp_tok(const void *x, const void *y)
{
	const struct tok *a = x, *b = y;

	if (a->h != b->h)
		return (a->h > b->h) - (a->h < b->h);
	return (a->t > b->t) - (a->t < b->t);
}

struct pair {
	int64_t dq;  /* shift, in units of the log's resolution */
	uint64_t h;  /* which token */
	size_t a, b; /* records */
};

static int
cmp_pair(const void *x, const void *y)
{
	const struct pair *a = x, *b = y;

	if (a->dq != b->dq)
		return (a->dq > b->dq) - (a->dq < b->dq);
	return (a->h > b->h) - (a->h < b->h);
}

static uint64_t
mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	return h * 0xff51afd7ed558ccdull;
}

/*
 * A stretch copied from another with only the date (or the time) moved
 * keeps everything else: the sub-second digits, the ports, the clients
 * and names, the spacing of its lines. Each query becomes a token of
 * those fields (with its source port and sub-second time when the log
 * has them; in a log of whole seconds, two successive queries and the
 * seconds between them); every pair of equal tokens votes for the shift
 * between them, and a shift that far more distinct tokens vote for than
 * the shifts around it is reported.
 */
static void
copied_checks(struct lint *l, const struct lint_data *d)
{
	struct tok *tk = NULL;
	struct pair *pr = NULL;
	struct tix *tx = NULL;
	size_t n = 0, i, j, k, np = 0, capp = 0, rich = 0, nt = 0;
	int64_t res, span;
	bool fine;

	for (i = 0; i < d->n; i++)
		if (!d->rec[i].qr) {
			n++;
			rich += d->rec[i].sport >= 0 && d->rec[i].prec >= 3;
		}
	if (n < 20)
		return;
	fine = rich * 10 >= n * 8;
	res = fine ? 1000000 : NS_S;
	tx = malloc(n * sizeof(*tx));
	tk = malloc(n * sizeof(*tk));
	if (tx == NULL || tk == NULL)
		goto out;
	for (i = 0, j = 0; i < d->n; i++)
		if (!d->rec[i].qr) {
			tx[j].t = d->rec[i].t;
			tx[j++].i = i;
		}
	qsort(tx, n, sizeof(*tx), cmp_tix);
	span = tx[n - 1].t - tx[0].t;
	if (span <= 0)
		goto out;
	for (i = 0; i < n; i++) {
		const struct lint_rec *r = &d->rec[tx[i].i];
		uint64_t h =
		    mix(mix(mix(1, r->src), r->qname), (uint64_t)r->qtype);

		if (fine) {
			h = mix(mix(h, (uint64_t)(int64_t)r->sport),
			    (uint64_t)(r->t % NS_S / res));
		} else {
			const struct lint_rec *s;

			if (i + 1 >= n)
				break;
			s = &d->rec[tx[i + 1].i];
			h = mix(mix(mix(mix(h, s->src), s->qname),
			            (uint64_t)s->qtype),
			    (uint64_t)((s->t - r->t) / res));
		}
		tk[nt].h = h;
		tk[nt].t = r->t;
		tk[nt++].rec = tx[i].i;
	}
	qsort(tk, nt, sizeof(*tk), cmp_tok);
	for (i = 0; i < nt; i = j) {
		for (j = i; j < nt && tk[j].h == tk[i].h; j++)
			;
		if (j - i < 2 ||
		    j - i > 40) /* a token that common says nothing */
			continue;
		for (k = i; k < j; k++) {
			size_t m;

			for (m = k + 1; m < j; m++) {
				int64_t dq =
				    (tk[m].t - tk[k].t + res / 2) / res;

				if (dq == 0)
					continue;
				if (np == capp) {
					size_t nc = capp ? capp * 2 : 1024;
					struct pair *x =
					    realloc(pr, nc * sizeof(*x));

					if (x == NULL)
						goto out;
					pr = x;
					capp = nc;
				}
				pr[np].dq = dq;
				pr[np].h = tk[i].h;
				pr[np].a = tk[k].rec;
				pr[np++].b = tk[m].rec;
			}
		}
	}
	if (np == 0)
		goto out;
	qsort(pr, np, sizeof(*pr), cmp_pair);
	{
		/* Distinct tokens per shift; the best shift against the
		 * shifts within 500 units of it. */
		size_t best = 0, best_i = 0, distinct = 0, total = 0, a;
		double cells = (double)span / (double)res, lambda, p, pa;

		for (i = 0; i < np; i = j) {
			for (j = i, distinct = 0;
			     j < np && pr[j].dq == pr[i].dq; j++)
				distinct += j == i || pr[j].h != pr[j - 1].h;
			total += distinct;
			if (distinct > best) {
				best = distinct;
				best_i = i;
			}
		}
		if (best < 3)
			goto out;
		for (a = 0, distinct = 0; a < np; a++) {
			int64_t dd = pr[a].dq - pr[best_i].dq;

			if (dd != 0 && dd >= -500 && dd <= 500 &&
			    (a == 0 || pr[a].h != pr[a - 1].h ||
			        pr[a].dq != pr[a - 1].dq))
				distinct++;
		}
		lambda = (double)distinct / 1000.0;
		if (lambda < (double)total / cells)
			lambda = (double)total / cells;
		p = pois_upper((double)best, lambda);
		pa = padj(p, cells);
		if (pa < LINT_ALPHA) {
			const struct lint_rec *ra = &d->rec[pr[best_i].a],
			                      *rb = &d->rec[pr[best_i].b];
			double sh =
			    (double)(pr[best_i].dq * res) / (double)NS_S;
			char t1[40], t2[40], json[240];

			snprintf(json, sizeof(json),
			    "\"lines\":%zu,\"shift_s\":%.3f,\"copy_of_line\":%llu,"
			    "\"expected\":%.3g,\"p\":%.3g,\"p_adjusted\":%.3g",
			    best, sh, (unsigned long long)ra->line, lambda, p,
			    pa);
			lint_emit(l, CUSTODY_WARNING, "copied", rb->line,
			    rb->off, json,
			    "%zu lines repeat lines %.2f days earlier with only the time moved (the same"
			    " %s); this line (%s) repeats line %llu (%s); chance would give %.2g such"
			    " lines: p = %.2g (%.2g over every shift)",
			    best, sh / 86400,
			    fine
			        ? "client, port, name, type and sub-second time"
			        : "client, name, type and seconds to the next query",
			    when(rb->t, t2), (unsigned long long)ra->line,
			    when(ra->t, t1), lambda, p, pa);
		}
	}
out:
	free(pr);
	free(tk);
	free(tx);
}

/* ------------------------------------------------------------ requery */

struct ask {
	uint32_t src, qname;
	int32_t qtype;
	int64_t t;
	size_t rec;
};

static int
cmp_ask(const void *x, const void *y)
{
	const struct ask *a = x, *b = y;

	if (a->qname != b->qname)
		return (a->qname > b->qname) - (a->qname < b->qname);
	if (a->qtype != b->qtype)
		return (a->qtype > b->qtype) - (a->qtype < b->qtype);
	if (a->src != b->src)
		return (a->src > b->src) - (a->src < b->src);
	if (a->t != b->t)
		return (a->t > b->t) - (a->t < b->t);
	return (a->rec > b->rec) - (a->rec < b->rec);
}

struct again {
	int64_t t; /* when it was asked again */
	size_t rec;
	bool early;
};

static int
cmp_again(const void *x, const void *y)
{
	const struct again *a = x, *b = y;

	return (a->t > b->t) - (a->t < b->t);
}

static double
binom_upper(double k, double n, double p)
{
	double l0, sum = 1, j, t;

	if (k <= 0)
		return 1;
	if (k > n || p <= 0)
		return 0;
	if (k <= n * p)
		return 1;
	l0 = lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1) + k * log(p) +
	    (n - k) * log1p(-p);
	for (j = k + 1, t = 1; j <= n; j++) {
		t *= (n - j + 1) / j * p / (1 - p);
		sum += t;
		if (t < 1e-14 * sum)
			break;
	}
	t = exp(l0) * sum;
	return t > 1 ? 1 : t;
}

/*
 * A caching resolver asks a question again only when its answer has
 * expired (RFC 1034 section 4.3.4, RFC 2308): its re-asks of a name come a
 * TTL or more apart. The log does not say the TTL, but its clients show
 * it: for each question, the median over clients of the shortest time
 * each took to ask it again. A stretch where many questions come back
 * sooner than that, where elsewhere few do, is lines that were made up,
 * moved, or given to a client that did not ask them.
 */
static void
requery_checks(struct lint *l, const struct lint_data *d)
{
	struct ask *as = NULL;
	struct again *ag = NULL;
	double *pre = NULL, *suf = NULL;
	size_t n = 0, i, j, k, na = 0, early = 0;
	int64_t t0, t1;

	for (i = 0; i < d->n; i++)
		n +=
		    !d->rec[i].qr && d->rec[i].src != 0 && d->rec[i].qname != 0;
	if (n < 30)
		return;
	as = malloc(n * sizeof(*as));
	ag = malloc(n * sizeof(*ag));
	pre = malloc(n * sizeof(*pre));
	suf = malloc(n * sizeof(*suf));
	if (as == NULL || ag == NULL || pre == NULL || suf == NULL)
		goto out;
	for (i = 0, j = 0; i < d->n; i++) {
		const struct lint_rec *r = &d->rec[i];

		if (r->qr || r->src == 0 || r->qname == 0)
			continue;
		as[j].src = r->src;
		as[j].qname = r->qname;
		as[j].qtype = r->qtype;
		as[j].t = r->t;
		as[j++].rec = i;
	}
	qsort(as, n, sizeof(*as), cmp_ask);
	/* One question at a time. The shortest interval of each client that
	 * asked it again at least ten times shows the TTL from above (a busy
	 * client comes back soon after it expires); so do the client's own
	 * intervals twelve hours or more away. A re-ask is early when it comes
	 * in under half the shortest of those. */
	for (i = 0; i < n; i = j) {
		size_t first_ag = na, a;
		double m1 = 1e300, m2 = 1e300;
		uint32_t c1 = 0;

		for (j = i; j < n && as[j].qname == as[i].qname &&
		     as[j].qtype == as[i].qtype;
		     j++)
			;
		for (k = i; k < j;) {
			size_t e = k, c = 0;
			double mn = 1e300;

			while (e < j && as[e].src == as[k].src)
				e++;
			for (; k + 1 < e; k++) {
				double dt = (double)(as[k + 1].t - as[k].t);

				if (dt < mn)
					mn = dt;
				ag[na].t = as[k + 1].t;
				ag[na].rec = as[k + 1].rec;
				ag[na++].early = false;
				c++;
			}
			if (c >= 10) {
				if (mn < m1) {
					m2 = m1;
					m1 = mn;
					c1 = as[k].src;
				} else if (mn < m2) {
					m2 = mn;
				}
			}
			k = e;
		}
		for (k = i, a = first_ag; k < j;) {
			size_t e = k, q, lo, hi;

			while (e < j && as[e].src == as[k].src)
				e++;
			/* pre[q], suf[q]: the shortest of the client's intervals
			 * ending at or before q, at or after q. */
			for (q = k; q + 1 < e; q++) {
				double dt = (double)(as[q + 1].t - as[q].t);

				pre[q - k] = q > k && pre[q - k - 1] < dt
				    ? pre[q - k - 1]
				    : dt;
			}
			for (q = e - 1; q-- > k;) {
				double dt = (double)(as[q + 1].t - as[q].t);

				suf[q - k] = q + 2 < e && suf[q - k + 1] < dt
				    ? suf[q - k + 1]
				    : dt;
			}
			for (q = k, lo = k, hi = k; q + 1 < e; q++, a++) {
				double tau = as[q].src == c1 ? m2 : m1,
				       dt = (double)(as[q + 1].t - as[q].t);

				/* lo: first interval ending within 12 h before this one;
				 * hi: first ending more than 12 h after it. */
				while (as[lo + 1].t < as[q + 1].t - 12 * NS_H)
					lo++;
				if (hi < q)
					hi = q;
				while (hi + 1 < e &&
				    as[hi + 1].t <= as[q + 1].t + 12 * NS_H)
					hi++;
				/* The client's own far intervals tighten the bound only
				 * where another busy client shows there is one. */
				if (tau < 1e300 && lo > k &&
				    pre[lo - 1 - k] < tau)
					tau = pre[lo - 1 - k];
				if (tau < 1e300 && hi + 1 < e &&
				    suf[hi - k] < tau)
					tau = suf[hi - k];
				if (tau < 1e300 && dt < 0.5 * tau) {
					ag[a].early = true;
					early++;
				}
			}
			k = e;
		}
	}
	if (na < 30 || early == 0)
		goto out;
	qsort(ag, na, sizeof(*ag), cmp_again);
	t0 = ag[0].t;
	t1 = ag[na - 1].t;
	{
		/* Windows of six hours, sliding by one, against the rest. */
		double tests = 2.0 * (double)((t1 - t0) / NS_H + 1) / 6.0,
		       best = 1, bp = 1;
		size_t lo = 0, hi = 0, e_in = 0, best_lo = 0, best_e = 0,
		       best_m = 0;
		int64_t a;

		if (tests < 1)
			tests = 1;
		for (a = t0 - t0 % NS_H; a <= t1; a += NS_H) {
			double pi, p;

			while (lo < na && ag[lo].t < a) {
				e_in -= lo < hi && ag[lo].early;
				lo++;
			}
			if (hi < lo)
				hi = lo, e_in = 0;
			while (hi < na && ag[hi].t < a + 6 * NS_H)
				e_in += ag[hi++].early;
			if (e_in < 4)
				continue;
			pi = ((double)(early - e_in) + 1) /
			    ((double)(na - (hi - lo)) + 2);
			p = binom_upper((double)e_in, (double)(hi - lo), pi);
			if (p < bp) {
				bp = p;
				best = padj(p, tests);
				best_lo = lo;
				best_e = e_in;
				best_m = hi - lo;
			}
		}
		if (best < LINT_ALPHA) {
			const struct lint_rec *r = NULL;
			char t[40], json[200];

			for (k = best_lo; k < best_lo + best_m; k++)
				if (ag[k].early) {
					r = &d->rec[ag[k].rec];
					break;
				}
			if (r == NULL)
				goto out;
			snprintf(json, sizeof(json),
			    "\"early\":%zu,\"asked_again\":%zu,\"early_elsewhere\":"
			    "%zu,\"asked_again_elsewhere\":%zu,\"p\":%.3g,\"p_adjusted\":%.3g",
			    best_e, best_m, early - best_e, na - best_m, bp,
			    best);
			lint_emit(l, CUSTODY_WARNING, "requery", r->line,
			    r->off, json,
			    "in the six hours from %s, %zu of %zu questions a client asked again came"
			    " back sooner than this log's clients otherwise ask again (their cache's"
			    " TTL), where elsewhere %zu of %zu did: p = %.2g (%.2g over every window)",
			    when(ag[best_lo].t, t), best_e, best_m,
			    early - best_e, na - best_m, bp, best);
		}
	}
out:
	free(as);
	free(ag);
	free(pre);
	free(suf);
}

void
lint_model_checks(struct lint *l, const struct lint_data *d)
{
	if (d->n == 0)
		return;
	rate_checks(l, d);
	precision_checks(l, d);
	port_checks(l, d);
	pointer_checks(l, d);
	flag_checks(l, d);
	listen_checks(l, d);
	merged_checks(l, d);
	clock_checks(l, d);
	copied_checks(l, d);
	requery_checks(l, d);
}
