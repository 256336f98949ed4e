/* fuzz_unbound.c: the unbound text-log parser (lib/formats/parse_unbound.c through lib/records/textlog.c)
 * on arbitrary bytes, into a scratch in-memory case database. */
#include "fuzz.h"

FUZZ_TEXT_PARSER(custody_parser_unbound)
