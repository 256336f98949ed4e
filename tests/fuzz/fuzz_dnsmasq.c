/* fuzz_dnsmasq.c: the dnsmasq text-log parser (lib/formats/parse_dnsmasq.c through lib/records/textlog.c)
 * on arbitrary bytes, into a scratch in-memory case database. */
#include "fuzz.h"

FUZZ_TEXT_PARSER(custody_parser_dnsmasq)
