/*
 * lint.h: the parts of lint.c other lib/ files and tests reach.
 */
#ifndef CUSTODY_LINT_H
#define CUSTODY_LINT_H

#include "internal.h"

/* custody_corroborate() on a database handle (tests use :memory:). */
enum custody_code custody_corroborate_db(sqlite3 *db, int64_t evidence_a, int64_t evidence_b,
    int64_t tolerance_ms, struct custody_corroboration *out, struct custody_error *err);

#endif
