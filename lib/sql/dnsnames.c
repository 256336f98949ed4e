/*
 * dnsnames.c: the DNS mnemonics (type, class and RCODE names of the IANA
 * registries) to numbers and back. Split from textlog.c: the text parsers
 * read them, and so do the SQL functions (qtype_name(), qtype_num()),
 * which sit below the parsers and are built into the SQLite extension.
 */
#include <stdbool.h>
#include <string.h>

#include "dnsnames.h"
#include "sql.h"

struct mnemonic {
	const char *name;
	int value;
};

static const struct mnemonic types[] = {
	{ "A", 1 },
	{ "NS", 2 },
	{ "MD", 3 },
	{ "MF", 4 },
	{ "CNAME", 5 },
	{ "SOA", 6 },
	{ "MB", 7 },
	{ "MG", 8 },
	{ "MR", 9 },
	{ "NULL", 10 },
	{ "WKS", 11 },
	{ "PTR", 12 },
	{ "HINFO", 13 },
	{ "MINFO", 14 },
	{ "MX", 15 },
	{ "TXT", 16 },
	{ "RP", 17 },
	{ "AFSDB", 18 },
	{ "X25", 19 },
	{ "ISDN", 20 },
	{ "RT", 21 },
	{ "NSAP", 22 },
	{ "NSAP-PTR", 23 },
	{ "SIG", 24 },
	{ "KEY", 25 },
	{ "PX", 26 },
	{ "GPOS", 27 },
	{ "AAAA", 28 },
	{ "LOC", 29 },
	{ "NXT", 30 },
	{ "EID", 31 },
	{ "NIMLOC", 32 },
	{ "SRV", 33 },
	{ "ATMA", 34 },
	{ "NAPTR", 35 },
	{ "KX", 36 },
	{ "CERT", 37 },
	{ "A6", 38 },
	{ "DNAME", 39 },
	{ "SINK", 40 },
	{ "OPT", 41 },
	{ "APL", 42 },
	{ "DS", 43 },
	{ "SSHFP", 44 },
	{ "IPSECKEY", 45 },
	{ "RRSIG", 46 },
	{ "NSEC", 47 },
	{ "DNSKEY", 48 },
	{ "DHCID", 49 },
	{ "NSEC3", 50 },
	{ "NSEC3PARAM", 51 },
	{ "TLSA", 52 },
	{ "SMIMEA", 53 },
	{ "HIP", 55 },
	{ "NINFO", 56 },
	{ "RKEY", 57 },
	{ "TALINK", 58 },
	{ "CDS", 59 },
	{ "CDNSKEY", 60 },
	{ "OPENPGPKEY", 61 },
	{ "CSYNC", 62 },
	{ "ZONEMD", 63 },
	{ "SVCB", 64 },
	{ "HTTPS", 65 },
	{ "SPF", 99 },
	{ "UINFO", 100 },
	{ "UID", 101 },
	{ "GID", 102 },
	{ "UNSPEC", 103 },
	{ "NID", 104 },
	{ "L32", 105 },
	{ "L64", 106 },
	{ "LP", 107 },
	{ "EUI48", 108 },
	{ "EUI64", 109 },
	{ "TKEY", 249 },
	{ "TSIG", 250 },
	{ "IXFR", 251 },
	{ "AXFR", 252 },
	{ "MAILB", 253 },
	{ "MAILA", 254 },
	{ "ANY", 255 },
	{ "*", 255 },
	{ "URI", 256 },
	{ "CAA", 257 },
	{ "AVC", 258 },
	{ "DOA", 259 },
	{ "AMTRELAY", 260 },
	{ "TA", 32768 },
	{ "DLV", 32769 },
	{ NULL, 0 },
};

static const struct mnemonic classes[] = {
	{ "IN", 1 },
	{ "CH", 3 },
	{ "CHAOS", 3 },
	{ "HS", 4 },
	{ "NONE", 254 },
	{ "ANY", 255 },
	{ NULL, 0 },
};

static const struct mnemonic rcodes[] = {
	{ "NOERROR", 0 },
	{ "FORMERR", 1 },
	{ "SERVFAIL", 2 },
	{ "NXDOMAIN", 3 },
	{ "NOTIMP", 4 },
	{ "NOTIMPL", 4 },
	{ "REFUSED", 5 },
	{ "YXDOMAIN", 6 },
	{ "YXRRSET", 7 },
	{ "NXRRSET", 8 },
	{ "NOTAUTH", 9 },
	{ "NOTZONE", 10 },
	{ "DSOTYPENI", 11 },
	{ "BADVERS", 16 },
	{ "BADSIG", 16 },
	{ "BADKEY", 17 },
	{ "BADTIME", 18 },
	{ "BADMODE", 19 },
	{ "BADNAME", 20 },
	{ "BADALG", 21 },
	{ "BADTRUNC", 22 },
	{ "BADCOOKIE", 23 },
	{ NULL, 0 },
};

static int
lookup(const struct mnemonic *t, const struct custody_reader *f,
    const char *generic, uint64_t max)
{
	struct custody_reader r = *f;
	uint64_t v;
	size_t i;
	uint8_t c;

	/* the first octet, as the table spells it (upper case), picks the
	 * few entries worth comparing whole */
	if (!custody_reader_u8(&r, &c))
		return -1; /* nothing: no entry, nor the generic form */
	r = *f;
	if (c >= 'a' && c <= 'z')
		c = (uint8_t)(c - 32);
	for (i = 0; t[i].name != NULL; i++)
		if ((uint8_t)t[i].name[0] == c &&
		    custody_reader_eq_nocase(f, t[i].name))
			return t[i].value;
	if (custody_reader_expect(&r, generic) &&
	    custody_reader_dec(&r, max, &v) && custody_reader_left(&r) == 0)
		return (int)v;
	return -1;
}

int
custody_dns_type(const struct custody_reader *f)
{
	return lookup(types, f, "TYPE", 65535);
}

int
custody_dns_class(const struct custody_reader *f)
{
	return lookup(classes, f, "CLASS", 65535);
}

int
custody_dns_rcode(const struct custody_reader *f)
{
	return lookup(rcodes, f, "RCODE", 4095);
}

bool
custody_dns_rcode_known(int rcode)
{
	return (rcode >= 0 && rcode <= 11) || (rcode >= 16 && rcode <= 23);
}

const char *
custody_dns_type_name(int type)
{
	size_t i;

	for (i = 0; types[i].name != NULL; i++)
		if (types[i].value == type)
			return types[i].name;
	return NULL;
}
