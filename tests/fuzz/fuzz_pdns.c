/* fuzz_pdns.c: the passive DNS parser (lib/formats/parse_pdns.c through
 * lib/records/textlog.c and lib/base/json.c) on arbitrary bytes, into a scratch
 * in-memory case database. */
#include "fuzz.h"

/* Its passive DNS rows are in a table the streamed digest does not take: every
 * input is stored and its digest read back, as ingest does. */
FUZZ_TEXT_PARSER_STORED(custody_parser_pdns)
