/* fuzz_pdns.c: the passive DNS parser (lib/parse_pdns.c through
 * lib/textlog.c and lib/json.c) on arbitrary bytes, into a scratch
 * in-memory case database. */
#include "fuzz.h"

FUZZ_TEXT_PARSER(custody_parser_pdns)
