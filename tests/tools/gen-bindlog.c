/*
 * gen-bindlog: writes N lines of a BIND 9.18 query log to stdout, for the
 * ingest benchmark (tests/bench/bind.sh). Deterministic: the same N gives
 * the same bytes. Times advance a few ms per line from 2016-05-04; clients
 * come from a few hundred addresses and names from a few thousand.
 */
#include <stdio.h>
#include <stdlib.h>

int
main(int argc, char *argv[])
{
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May",
		"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30,
		31 };
	static const char *const types[] = { "A", "AAAA", "MX", "PTR", "TXT" };
	unsigned long long n = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000000,
	                   i;
	unsigned long long ms = 0;
	unsigned x = 2463534242u;
	int d = 4, m = 4;

	for (i = 0; i < n; i++) {
		unsigned long long s;

		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		ms += x % 7;
		s = ms / 1000;
		while (s >= 86400) {
			ms -= 86400000;
			s -= 86400;
			if (++d > mdays[m]) {
				d = 1;
				m = (m + 1) % 12;
			}
		}
		printf(
		    "%02d-%s-2016 %02llu:%02llu:%02llu.%03llu queries: info: client @0x7f%08x"
		    " 198.51.%u.%u#%u (host%u.example%u.com): query: host%u.example%u.com IN %s"
		    " +E(0)K (192.0.2.53)\n",
		    d, mon[m], s / 3600, s / 60 % 60, s % 60, ms % 1000, x,
		    (x >> 8) % 4, x % 200 + 1, 1024 + x % 60000,
		    (x >> 4) % 3000, (x >> 16) % 7, (x >> 4) % 3000,
		    (x >> 16) % 7, types[(x >> 20) % 5]);
	}
	return 0;
}
