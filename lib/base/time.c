/*
 * time.c: UTC times as nanoseconds since the epoch, and their ISO 8601
 * text form. Civil-date arithmetic is done here (Howard Hinnant's
 * days_from_civil) rather than with gmtime/timegm, so it has no locale,
 * no time zone and no range surprises past 2038 or 2106.
 */
#include <stdio.h>
#include <string.h>

#include "base.h"

static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

void
custody_time_format(int64_t ns, int precision, char out[40])
{
	int64_t secs = ns / 1000000000, frac = ns % 1000000000, days, y;
	unsigned m, d;
	int64_t sod;
	int n;

	if (frac < 0) {
		frac += 1000000000;
		secs -= 1;
	}
	days = secs / 86400;
	sod = secs % 86400;
	if (sod < 0) {
		sod += 86400;
		days -= 1;
	}
	civil_from_days(days, &y, &m, &d);
	n = snprintf(out, 40, "%04lld-%02u-%02uT%02d:%02d:%02d", (long long)y,
	    m, d, (int)(sod / 3600), (int)(sod / 60 % 60), (int)(sod % 60));
	if (precision > 0 && n > 0 && n < 40) {
		int64_t div = 1;
		int i;

		if (precision > 9)
			precision = 9;
		for (i = precision; i < 9; i++)
			div *= 10;
		n += snprintf(out + n, (size_t)(40 - n), ".%0*lld", precision,
		    (long long)(frac / div));
	}
	if (n > 0 && n < 39) {
		out[n] = 'Z';
		out[n + 1] = '\0';
	}
}

static uint64_t
days_in_month(uint64_t y, uint64_t m)
{
	static const uint8_t days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
		31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

bool
custody_time_parse(const char *s, int64_t *out_ns)
{
	struct custody_reader r;
	uint64_t y, mo, d, h = 0, mi = 0, sec = 0, frac = 0, oh, om;
	int64_t ns, scale = 100000000, off = 0;
	uint8_t c;

	custody_reader_init(&r, s, strlen(s));
	if (!custody_reader_digits(&r, 4, &y) ||
	    !custody_reader_expect(&r, "-") ||
	    !custody_reader_digits(&r, 2, &mo) ||
	    !custody_reader_expect(&r, "-") ||
	    !custody_reader_digits(&r, 2, &d) || mo < 1 || mo > 12 || d < 1 ||
	    d > 31)
		return false;
	if (custody_reader_expect(&r, "T") || custody_reader_expect(&r, " ")) {
		if (!custody_reader_digits(&r, 2, &h) ||
		    !custody_reader_expect(&r, ":") ||
		    !custody_reader_digits(&r, 2, &mi) || h > 23 || mi > 59)
			return false;
		if (custody_reader_expect(&r, ":")) {
			if (!custody_reader_digits(&r, 2, &sec) || sec > 60)
				return false;
			if (custody_reader_expect(&r, ".") ||
			    custody_reader_expect(&r, ",")) {
				size_t digits = 0;

				while (custody_reader_peek(&r, &c) &&
				    c >= '0' && c <= '9') {
					if (digits < 9) {
						frac += (uint64_t)(c - '0') *
						    (uint64_t)scale;
						scale /= 10;
					}
					digits++;
					custody_reader_skip(&r, 1);
				}
				if (digits == 0)
					return false;
			}
		}
	}
	if (custody_reader_expect(&r, "Z")) {
		/* UTC */
	} else if (custody_reader_peek(&r, &c) && (c == '+' || c == '-')) {
		custody_reader_skip(&r, 1);
		if (!custody_reader_digits(&r, 2, &oh) || oh > 23)
			return false;
		custody_reader_expect(&r, ":");
		if (!custody_reader_digits(&r, 2, &om) || om > 59)
			return false;
		off = (int64_t)(oh * 3600 + om * 60);
		if (c == '-')
			off = -off;
	}
	if (custody_reader_left(&r) != 0)
		return false;
	/* a day the month does not have is not silently the next month's */
	if (d > days_in_month(y, mo))
		return false;
	ns = days_from_civil((int64_t)y, (unsigned)mo, (unsigned)d) * 86400 +
	    (int64_t)(h * 3600 + mi * 60 + sec) - off;
	/* int64 nanoseconds span 1677-09-21T00:12:43.145224192Z to
	 * 2262-04-11T23:47:16.854775807Z; outside that, refuse rather than
	 * wrap. Before 1970, (ns + 1) s - (1 s - frac) keeps the intermediate
	 * product in range for the earliest instant too. */
	{
		int64_t base, v;
		bool over = ns < 0
		    ? __builtin_mul_overflow(
		          ns + 1, (int64_t)1000000000, &base) ||
		        __builtin_add_overflow(
		            base, (int64_t)frac - 1000000000, &v)
		    : __builtin_mul_overflow(ns, (int64_t)1000000000, &base) ||
		        __builtin_add_overflow(base, (int64_t)frac, &v);

		if (over)
			return false;
		*out_ns = v;
		return true;
	}
}
