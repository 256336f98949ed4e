/* fuzz_pdns.c: the passive DNS parser (lib/formats/parse_pdns.c through
 * lib/records/textlog.c and lib/base/json.c) on arbitrary bytes, into a scratch
 * in-memory case database. */
#include "fuzz.h"

FUZZ_TEXT_PARSER(custody_parser_pdns)
