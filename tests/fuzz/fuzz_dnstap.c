/* fuzz_dnstap.c: the dnstap parser (lib/formats/parse_dnstap.c: Frame Streams,
 * the protobuf reader, the DNS decoder) on arbitrary bytes, into a
 * scratch in-memory case database. */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct custody_parse_opts o;

	fz_opts(&o, len);
	(void)fz_parse(&custody_parser_dnstap, NULL, data, len, &o, false);
	return 0;
}
