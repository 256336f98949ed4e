/* fuzz_zeekconn.c: the zeek-conn parser (lib/formats/parse_zeekconn.c through
 * lib/formats/zeeklog.c and lib/records/textlog.c) on arbitrary bytes, into a scratch
 * in-memory case database. */
#include "fuzz.h"

FUZZ_TEXT_PARSER(custody_parser_zeekconn)
