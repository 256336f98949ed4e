/* fuzz_orgmap.c: the orgmap text-log parser (lib/formats/parse_orgmap.c through lib/records/textlog.c)
 * on arbitrary bytes, into a scratch in-memory case database. */
#include "fuzz.h"

FUZZ_TEXT_PARSER(custody_parser_orgmap)
