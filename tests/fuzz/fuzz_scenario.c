/*
 * fuzz_scenario.c: the scenario reader of custody synth (lib/synth/scenario.c:
 * the INI file, its checks, and the org map it names). The input is
 * written to a scratch directory as scenario.ini beside a fixed orgs.csv
 * (the alfa-2016 casefile's networks), read and checked; nothing is
 * generated. A refusal must name the file.
 */
#include <unistd.h>

#include "fuzz.h"

#include "scenario.h"

static const char fz_orgs[] =
    "cidr,org,source,valid_from,valid_until\n"
    "192.0.2.0/26,Alfa Bank,fuzz,2016-01-01,\n"
    "192.0.2.64/27,Spectrum Health,fuzz,2016-01-01,\n"
    "192.0.2.96/27,Heartland Payment Systems,fuzz,2016-01-01,\n"
    "198.51.100.0/25,Listrak/Cendyn,fuzz,2016-01-01,\n"
    "203.0.113.0/26,Listrak/Cendyn,fuzz,2016-01-01,\n"
    "2001:db8:cdc::/48,Listrak/Cendyn,fuzz,2016-01-01,\n"
    "198.51.100.128/25,Other ISP resolvers,fuzz,2016-01-01,\n"
    "2001:db8:100::/48,Other ISP resolvers,fuzz,2016-01-01,\n"
    "203.0.113.128/25,Other open resolvers,fuzz,2016-01-01,\n"
    "2001:db8:200::/48,Other open resolvers,fuzz,2016-01-01,\n"
    "203.0.113.64/26,Other hosts,fuzz,2016-01-01,\n";

static char fz_dir[64], fz_ini[96];
static struct scenario fz_sc;

static void
put(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		fz_die("writing", path);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct custody_error err;
	char orgs[96];

	if (fz_dir[0] == '\0') {
		snprintf(fz_dir, sizeof(fz_dir),
		    "/tmp/custody-fuzz-scenario-XXXXXX");
		if (mkdtemp(fz_dir) == NULL)
			fz_die("mkdtemp", fz_dir);
		snprintf(orgs, sizeof(orgs), "%s/orgs.csv", fz_dir);
		put(orgs, fz_orgs, sizeof(fz_orgs) - 1);
		snprintf(fz_ini, sizeof(fz_ini), "%s/scenario.ini", fz_dir);
	}
	put(fz_ini, data, len);
	memset(&err, 0, sizeof(err));
	if (sc_load(&fz_sc, fz_ini, &err) != CUSTODY_OK &&
	    strstr(err.msg, "scenario.ini") == NULL &&
	    strstr(err.msg, "orgs.csv") == NULL &&
	    err.code == CUSTODY_ERR_FORMAT)
		fz_die("scenario refusal names no file", err.msg);
	return 0;
}
