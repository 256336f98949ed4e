/*
 * lint.h: the parts of lint.c and lintstat.c that each other and the
 * tests reach. lint.c reads files and cases and runs the byte, line and
 * record checks; lintstat.c holds the checks that need a model of the
 * log (its rate, its clients' habits, its server's process) over the
 * records loaded into a struct lint_data.
 */
#ifndef CUSTODY_LINT_H
#define CUSTODY_LINT_H

#include "analysis.h"

/* custody_corroborate() on a database handle (tests use :memory:). */
enum custody_code custody_corroborate_db(sqlite3 *db, int64_t evidence_a,
    int64_t evidence_b, int64_t tolerance_ms, struct custody_corroboration *out,
    struct custody_error *err);

/* One file or evidence item being linted: where its findings go. */
struct lint {
	const struct custody_lint_opts *o;
	struct custody_lint_counts *c;
	const char *file;
	bool packets; /* locators are packet numbers (captures) */
};

/* Sends a finding to l->o->emit and counts it. line 0: about the whole
 * file. json: NULL, or JSON object members with the finding's figures
 * ("\"p\":1e-9,\"expected\":61.2"), passed through as they are. */
void lint_emit(struct lint *l, enum custody_severity sev, const char *check,
    uint64_t line, uint64_t off, const char *json, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* One DNS record as the model checks see it, in file order. Strings are
 * interned: an id is an index into lint_data.str (0 is "none"). */
struct lint_rec {
	int64_t t;          /* ns */
	uint64_t line, off; /* locator: line or packet number, byte offset */
	uint64_t ptr;       /* BIND's client object (@0x...), 0 when absent */
	uint32_t src, qname, flags, dst, view,
	    proc;      /* proc: server process (pid) */
	int32_t sport; /* -1 when unknown */
	int32_t qtype;
	int16_t prec; /* digits after the second the source wrote */
	bool qr;      /* a response (Unbound's reply lines) */
	bool tcp;
};

struct lint_data {
	struct lint_rec *rec;
	size_t n, cap;
	char **str; /* str[0] is "" */
	size_t nstr, capstr;
	uint32_t *slot; /* open-addressing index of str */
	size_t nslot;
};

void lint_data_init(struct lint_data *d);
void lint_data_release(struct lint_data *d);
/* Interns s (NULL or "" gives 0); 0 also when memory runs out. */
uint32_t lint_data_intern(struct lint_data *d, const char *s);
/* Appends a record; false when memory runs out. */
bool lint_data_add(struct lint_data *d, const struct lint_rec *r);

/*
 * The model checks (docs/lint.md): hole, burst, rate-change, precision,
 * source-port, client-object, flags, listen-address, copied, merged. Each
 * reports to l; none fails (a check without enough data stays silent).
 */
void lint_model_checks(struct lint *l, const struct lint_data *d);

/* The two-sided p-values behind them, exposed for the unit tests. */
double lint_bb_upper(double c, double n, double a, double b);
double lint_bb_lower(double c, double n, double a, double b);

#endif
