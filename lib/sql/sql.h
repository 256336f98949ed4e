/*
 * sql.h: declarations internal to lib/ of the sql layer: SQLite helpers and
 * the SQL functions. A file of lib/sql/ includes this header; it includes
 * the layer below, so a file sees its own layer and those under it, never
 * one above (tests/layers.sh checks the same of symbols and includes).
 */
#ifndef CUSTODY_SQL_H
#define CUSTODY_SQL_H

#include "base.h"

/* ------------------------------------------------------------ SQL helpers */

/* Registers the SQL functions of sqlfunc.c (custody_ns, in_hours,
 * burstiness, ...) that the fixed queries call. */
enum custody_code custody_sql_register(sqlite3 *db, struct custody_error *err);
/* How sel names an evidence item (query.c): 0, or one of these. */
#define CUSTODY_SEL_LABEL  1
#define CUSTODY_SEL_PREFIX 2
#define CUSTODY_SEL_ID     3
int custody_evidence_match(const char *sel, size_t sel_len, int64_t id,
    const char *source, size_t source_len, const char *sha256);
/* true when zone names a zone of the system tz database. */
bool custody_tz_known(const char *zone);
/* An IPv4 or IPv6 address in text form. */
bool custody_addr_valid(const char *s);
/* "2016-06-24,2016-07-08/2016-07-09" -> day-number ranges (inclusive). */
bool custody_periods_parse(
    const char *s, int64_t *lo, int64_t *hi, size_t max, size_t *n);
/* B of 1,000 Poisson processes with n gaps (seed 2016): mean, 2.5%, 97.5%. */
bool custody_poisson_burstiness(size_t n, double *mean, double *lo, double *hi);
/* DNS query type by name ("MX", "TYPE65", "15") or -1; and back. */
int custody_qtype_num(const char *s);
const char *custody_qtype_name(int type, char buf[16]);
#endif /* CUSTODY_SQL_H */
