/* fuzz_clickhouse.c: the TabSeparatedWithNamesAndTypes parsers of custody
 * extract (lib/formats/parse_clickhouse.c through lib/records/textlog.c) on arbitrary
 * bytes, into a scratch in-memory case database. The kind of row (dns,
 * orgmap, events) is chosen from the input's length, as the options are
 * (fuzz.h), so a finding reproduces from its file alone. */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static const struct custody_parser *const kinds[] = {
		&custody_parser_clickhouse_dns,
		&custody_parser_clickhouse_orgmap,
		&custody_parser_clickhouse_events
	};
	struct custody_parse_opts o;

	fz_opts(&o, len);
	(void)fz_parse(kinds[(len / 2) % 3], NULL, data, len, &o, false);
	return 0;
}
