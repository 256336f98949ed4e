/* fuzz_zeekconn.c: the zeek-conn parser (lib/formats/parse_zeekconn.c through
 * lib/formats/zeeklog.c and lib/records/textlog.c) on arbitrary bytes, into a scratch
 * in-memory case database. */
#include "fuzz.h"

/* Its flows are in a table the streamed digest does not take: every
 * input is stored and its digest read back, as ingest does. */
FUZZ_TEXT_PARSER_STORED(custody_parser_zeekconn)
