/* fuzz_zeek.c: the zeek text-log parser (lib/formats/parse_zeek.c through lib/records/textlog.c)
 * on arbitrary bytes, into a scratch in-memory case database. */
#include "fuzz.h"

FUZZ_TEXT_PARSER(custody_parser_zeek)
