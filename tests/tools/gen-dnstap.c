/*
 * gen-dnstap: writes a dnstap Frame Streams file of N frames to stdout,
 * for the ingest benchmark (tests/bench/dnstap.sh) and the fuzz seeds:
 * client query and client response frames in turn, as a resolver logs
 * them, from a few hundred clients for a few thousand names, times
 * advancing a few ms per query from 2016-05-04. Deterministic: the same N
 * gives the same bytes. Frames are built by tests/dnstapw.h.
 */
#include <stdio.h>
#include <stdlib.h>

#include "../dnstapw.h"

int
main(int argc, char *argv[])
{
	static const uint8_t server[4] = { 192, 0, 2, 53 };
	unsigned long long n = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000000,
	                   i;
	unsigned long long ns = 1462320000ULL * 1000000000ULL;
	struct dw out = { 0 }, wire = { 0 }, tap = { 0 };
	unsigned x = 2463534242u;

	fs_start(&out, "protobuf:dnstap.Dnstap");
	for (i = 0; i < n; i++) {
		uint8_t client[4] = { 198, 51, (uint8_t)((x >> 8) % 4),
			(uint8_t)(x % 200 + 1) };
		uint8_t addr[4] = { 203, 0, 113, (uint8_t)(x % 250 + 1) };
		struct dw_msg m = { (i & 1) ? 6 : 5, 1, 1, client, server,
			1024 + x % 60000, 53, 0, 0, NULL, 0 };
		char name[64];

		if ((i & 1) == 0) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			ns += (x % 7) * 1000000ULL + x % 1000;
			client[2] = (uint8_t)((x >> 8) % 4);
			client[3] = (uint8_t)(x % 200 + 1);
			m.qport = 1024 + x % 60000;
		} else {
			ns += 250000;
		}
		m.sec = ns / 1000000000ULL;
		m.nsec = (uint32_t)(ns % 1000000000ULL);
		snprintf(name, sizeof(name), "host%u.example%u.com",
		    (x >> 4) % 3000, (x >> 16) % 7);
		wire.n = 0;
		tap.n = 0;
		dw_dns(&wire, (uint16_t)x, (int)(i & 1), name, addr);
		m.wire = wire.p;
		m.wire_len = wire.n;
		dw_dnstap(&tap, "resolver1", &m);
		fs_frame(&out, tap.p, tap.n);
		if (out.n > (1u << 20)) {
			if (fwrite(out.p, 1, out.n, stdout) != out.n)
				return 1;
			out.n = 0;
		}
	}
	fs_stop(&out);
	if (fwrite(out.p, 1, out.n, stdout) != out.n || fflush(stdout) != 0)
		return 1;
	dw_free(&out);
	dw_free(&wire);
	dw_free(&tap);
	return 0;
}
