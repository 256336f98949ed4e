/*
 * dnsnames.h: DNS mnemonics (dnsnames.c).
 */
#ifndef CUSTODY_DNSNAMES_H
#define CUSTODY_DNSNAMES_H

#include <stdbool.h>

#include "sql.h"

/* DNS mnemonics: type, class and rcode names (or TYPEnn / CLASSnn /
 * RCODEnn) to numbers; -1 when unknown. */
int custody_dns_type(const struct custody_reader *f);
int custody_dns_class(const struct custody_reader *f);
int custody_dns_rcode(const struct custody_reader *f);
/* true for RCODEs some RFC assigns (0-11, 16-23). */
bool custody_dns_rcode_known(int rcode);
/* Static mnemonic of a type number, or NULL. */
const char *custody_dns_type_name(int type);

#endif /* CUSTODY_DNSNAMES_H */
