/*
 * fuzz_dns.c: the DNS wire-format decoder (lib/formats/dns.c) on arbitrary
 * messages. The decoder is kept across inputs, as the pcap parser keeps
 * it across packets, so growth and reuse of its arena are exercised too.
 * Every name read back must fit the documented limits.
 */
#include "fuzz.h"

#include "dns.h"

static struct custody_dns_decoder fz_dec;
static bool fz_dec_ready;

static void
check_text(const char *s)
{
	if (s != NULL && strlen(s) >= CUSTODY_DNS_NAME_TEXT)
		fz_die("name text over CUSTODY_DNS_NAME_TEXT", s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct custody_dns_record rec;
	struct custody_reader r;
	uint8_t wire[CUSTODY_MAX_DNS_NAME];
	char text[CUSTODY_DNS_NAME_TEXT];
	const char *why = NULL;
	size_t wire_len = 0, stop = 0, i;

	if (!fz_dec_ready) {
		custody_dns_decoder_init(&fz_dec);
		fz_dec_ready = true;
	}
	custody_dns_record_init(&rec);
	if (custody_dns_decode(&fz_dec, data, len, &rec)) {
		check_text(rec.qname);
		if (rec.qname_wire_len > CUSTODY_MAX_DNS_NAME)
			fz_die("question name over CUSTODY_MAX_DNS_NAME",
			    rec.qname);
		for (i = 0; i < rec.n_rr; i++) {
			check_text(rec.rr[i].name);
			if (rec.rr[i].rdata != NULL)
				(void)strlen(rec.rr[i].rdata);
		}
	} else if (fz_dec.why == NULL || fz_dec.stop > len) {
		fz_die("a failed decode must say why and where", fz_dec.why);
	}
	/* A name read on its own, at the offset the first byte names (after
	 * that byte), as the parsers read names inside records. */
	if (len > 1) {
		custody_reader_init(&r, data + 1, len - 1);
		(void)custody_reader_seek(&r, data[0] % (len - 1));
		if (custody_dns_read_name(&r, wire, &wire_len, &why, &stop)) {
			if (wire_len > CUSTODY_MAX_DNS_NAME)
				fz_die("name over CUSTODY_MAX_DNS_NAME", NULL);
			if (custody_dns_name_text(wire, wire_len, true, text) >=
			    CUSTODY_DNS_NAME_TEXT)
				fz_die("name text over CUSTODY_DNS_NAME_TEXT",
				    text);
		}
	}
	return 0;
}
