/*
 * prng.c: the deterministic pseudo-random numbers behind custody synth.
 *
 * xoshiro256** (Blackman and Vigna, 2018) seeded through SplitMix64, the
 * seeding its authors recommend. A generator is named by a seed and a
 * stream label ("source alfa-a", "background"), so every part of a
 * scenario draws from its own sequence and changing one part (the
 * background's --scale) leaves the numbers of the others alone.
 *
 * Everything here uses integer arithmetic and the four basic IEEE
 * operations only: no libm call whose last bit may differ between C
 * libraries, so the same scenario gives the same bytes on any machine.
 */
#include <float.h>
#include <math.h>

#include "base.h"

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

void
custody_prng_seed(struct custody_prng *p, uint64_t seed, const char *stream)
{
	uint64_t x = seed;
	const unsigned char *s =
	    (const unsigned char *)(stream != NULL ? stream : "");
	int i;

	/* Fold the label in one byte at a time through the mixer, so that
	 * labels differing in any byte give unrelated states. */
	(void)splitmix64(&x);
	for (; *s != '\0'; s++) {
		x ^= *s;
		x = splitmix64(&x);
	}
	for (i = 0; i < 4; i++)
		p->s[i] = splitmix64(&x);
	/* xoshiro's one bad state is all zeros; SplitMix64 cannot give four
	 * zero outputs in a row, but say so rather than rely on it silently. */
	if ((p->s[0] | p->s[1] | p->s[2] | p->s[3]) == 0)
		p->s[0] = 1;
}

uint64_t
custody_prng_next(struct custody_prng *p)
{
	uint64_t *s = p->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

double
custody_prng_unit(struct custody_prng *p)
{
	return (double)(custody_prng_next(p) >> 11) * 0x1.0p-53;
}

uint64_t
custody_prng_below(struct custody_prng *p, uint64_t n)
{
	uint64_t x, limit;

	if (n <= 1)
		return 0;
	/* Rejection keeps the result exactly uniform: drop the top partial
	 * copy of [0, n) in the 64-bit range. */
	limit = UINT64_MAX - UINT64_MAX % n;
	do
		x = custody_prng_next(p);
	while (x >= limit);
	return x % n;
}

double
custody_det_log(double x)
{
	double m, z, z2, term, sum;
	int e, k;

	if (!(x > 0.0))
		return -DBL_MAX;
	/* x = m * 2^e with m in [sqrt(1/2), sqrt(2)); log m = 2 atanh(z)
	 * with z = (m - 1) / (m + 1), |z| < 0.172, so 30 terms of the odd
	 * series are far past double precision. frexp and ldexp are exact. */
	m = frexp(x, &e);
	if (m < 0.70710678118654752440) {
		m *= 2.0;
		e--;
	}
	z = (m - 1.0) / (m + 1.0);
	z2 = z * z;
	term = z;
	sum = 0.0;
	for (k = 1; k < 60; k += 2) {
		sum += term / (double)k;
		term *= z2;
	}
	return 2.0 * sum + (double)e * 0.69314718055994530942;
}

double
custody_prng_exp(struct custody_prng *p, double mean)
{
	/* 1 - u is in (0, 1], so the log is finite. */
	return -mean * custody_det_log(1.0 - custody_prng_unit(p));
}
