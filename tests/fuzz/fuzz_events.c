/* fuzz_events.c: the events text-log parser (lib/formats/parse_events.c through lib/records/textlog.c)
 * on arbitrary bytes, into a scratch in-memory case database. */
#include "fuzz.h"

FUZZ_TEXT_PARSER(custody_parser_events)
