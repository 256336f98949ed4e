/*
 * pcap-split: cuts a classic pcap file into captures of N records each,
 * for the fuzz seeds (tests/fuzz/smoke.sh).
 *
 *   pcap-split N IN.pcap OUT-PREFIX
 *
 * Writes OUT-PREFIX.1.pcap, OUT-PREFIX.2.pcap, ...: each the file header
 * of IN as it is, then the next N records byte for byte, so a capture's
 * byte order, time precision, link type and odd records reach the seeds
 * unchanged. A last record cut short by the end of the file goes into the
 * last piece as it is. A fuzz harness runs as fast as its inputs are
 * short: a 60 KiB capture whole made every mutation of it that long.
 * Exits 1, writing nothing, when IN is not a classic pcap file (pcapng:
 * the caller takes it whole), 2 on a usage or I/O error.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define MAX_IN (64u << 20)

static int
put(const char *prefix, unsigned k, const uint8_t *hdr, const uint8_t *recs,
    size_t len)
{
	char path[4096];
	FILE *fp;
	int ok;

	if ((size_t)snprintf(path, sizeof(path), "%s.%u.pcap", prefix, k) >=
	        sizeof(path) ||
	    (fp = fopen(path, "wb")) == NULL) {
		fprintf(
		    stderr, "pcap-split: cannot write %s.%u.pcap\n", prefix, k);
		return 2;
	}
	ok = fwrite(hdr, 1, 24, fp) == 24 &&
	    (len == 0 || fwrite(recs, 1, len, fp) == len);
	if (fclose(fp) != 0 || !ok) {
		fprintf(stderr, "pcap-split: writing %s failed\n", path);
		return 2;
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	static uint8_t in[MAX_IN];
	struct custody_reader r;
	size_t start;
	unsigned long n;
	unsigned k = 0, recs = 0;
	uint32_t magic, incl;
	bool le;
	size_t len;
	FILE *fp;
	int rc;

	if (argc != 4 || (n = strtoul(argv[1], NULL, 10)) == 0) {
		fprintf(stderr, "usage: pcap-split N IN.pcap OUT-PREFIX\n");
		return 2;
	}
	if ((fp = fopen(argv[2], "rb")) == NULL) {
		fprintf(stderr, "pcap-split: cannot read %s\n", argv[2]);
		return 2;
	}
	len = fread(in, 1, sizeof(in), fp);
	fclose(fp);
	custody_reader_init(&r, in, len);
	if (!custody_reader_le32(&r, &magic))
		return 1;
	if (magic == 0xa1b2c3d4u || magic == 0xa1b23c4du)
		le = true;
	else if (magic == 0xd4c3b2a1u || magic == 0x4d3cb2a1u)
		le = false;
	else
		return 1;
	if (!custody_reader_seek(&r, 24))
		return 1;
	start = custody_reader_offset(&r);
	while (custody_reader_left(&r) > 0) {
		struct custody_reader rec = r;

		/* ts_sec, ts_frac, incl_len, orig_len; then incl_len octets */
		if (!custody_reader_skip(&rec, 8) ||
		    !(le ? custody_reader_le32(&rec, &incl)
		         : custody_reader_be32(&rec, &incl)) ||
		    !custody_reader_skip(&rec, 4) ||
		    !custody_reader_skip(&rec, incl))
			custody_reader_skip(&rec, custody_reader_left(&rec));
		r = rec;
		if (++recs == n || custody_reader_left(&r) == 0) {
			if ((rc = put(argv[3], ++k, in, &in[start],
			         custody_reader_offset(&r) - start)) != 0)
				return rc;
			start = custody_reader_offset(&r);
			recs = 0;
		}
	}
	if (k == 0)
		return put(argv[3], 1, in, NULL, 0);
	return 0;
}
