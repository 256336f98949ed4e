/*
 * fuzz_claims.c: the claims file reader (lib/analysis/claims.c, parse only: no case
 * is opened and no query runs). A refusal must name the file and line.
 */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct custody_claims *cl = NULL;
	struct custody_error err;
	enum custody_code rc;

	memset(&err, 0, sizeof(err));
	rc = custody_claims_parse(
	    &cl, "fuzz.ini", (const char *)data, len, &err);
	if (rc == CUSTODY_OK) {
		if (cl == NULL)
			fz_die("claims parse succeeded without a result", NULL);
	} else if (strstr(err.msg, "fuzz.ini") == NULL) {
		fz_die("claims refusal does not name the file", err.msg);
	}
	custody_claims_free(cl);
	return 0;
}
