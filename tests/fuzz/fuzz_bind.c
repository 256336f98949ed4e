/* fuzz_bind.c: the bind text-log parser (lib/formats/parse_bind.c through lib/records/textlog.c)
 * on arbitrary bytes, into a scratch in-memory case database. */
#include "fuzz.h"

FUZZ_TEXT_PARSER(custody_parser_bind)
