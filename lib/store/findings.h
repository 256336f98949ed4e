/*
 * findings.h: the one accumulator of check results that verify and review
 * fill (internal to lib/). A finding is a check name, whether it passed,
 * and a sentence naming the event, evidence, row or file it is about.
 */
#ifndef CUSTODY_FINDINGS_H
#define CUSTODY_FINDINGS_H

#include "custody.h"

/* distinct check names counted for the limit */
#define CUSTODY_FINDINGS_CHECKS 32

struct custody_findings {
	/* the result's array and count, grown here */
	struct custody_finding **v;
	size_t *n;
	bool *ok;     /* set false by the first failed finding */
	bool oom;     /* a finding could not be stored */
	size_t limit; /* failures listed per check; 0: all */
	struct {
		char check[40];
		size_t failed;
	} count[CUSTODY_FINDINGS_CHECKS];
	size_t n_count;
};

/* Starts filling *v / *n (an empty result) and *ok (set to true). Past limit
 * failures of one check, further ones are counted, not listed, until
 * custody_findings_end() sums them up. */
void custody_findings_init(struct custody_findings *f,
    struct custody_finding **v, size_t *n, bool *ok, size_t limit);
/* Adds one finding; check and the formatted detail are copied. A failed
 * finding makes *ok false even when memory runs out (f->oom is then set). */
void custody_findings_add(struct custody_findings *f, const char *check,
    bool ok, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* How many failures of check were added so far. */
size_t custody_findings_failed(
    const struct custody_findings *f, const char *check);
/* One "and N more" finding for each check that went past the limit. */
void custody_findings_end(struct custody_findings *f);
/* Frees an array of findings made here (check and detail are owned). */
void custody_findings_free(struct custody_finding *v, size_t n);

#endif
