/*
 * fuzz_pcap.c: whole-capture ingest. The input is written to a memfd (the
 * pcap parser opens its file by path: libpcap reads the records and the
 * walker places them) and parsed as custody ingest parses a capture: link
 * layers, IPv4/IPv6 and their fragments, UDP, TCP reassembly, DNS decoding,
 * query/response pairing and the flow table, into a scratch database.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memfd_create */
#endif
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"

static int fz_fd = -1;
static char fz_path[64];

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct custody_parse_opts o;

	fz_memfd(&fz_fd, "fuzz-pcap", data, len);
	snprintf(fz_path, sizeof(fz_path), "/proc/self/fd/%d", fz_fd);
	fz_opts(&o, len);
	o.dns_ports[0] = 5353; /* one extra DNS port, as --dns-port gives */
	o.n_dns_ports = 1;
	(void)fz_parse(&custody_parser_pcap, fz_path, data, len, &o, false);
	return 0;
}
