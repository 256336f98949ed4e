/*
 * analysis.h: declarations internal to lib/ of the analysis layer: queries,
 * claims and reports. A file of lib/analysis/ includes this header; it
 * includes the layer below, so a file sees its own layer and those under it,
 * never one above (tests/layers.sh checks the same of symbols and includes).
 */
#ifndef CUSTODY_ANALYSIS_H
#define CUSTODY_ANALYSIS_H

#include "parser.h"

/* ------------------------------------------------------------ SQL helpers */

/* Parses a query header's param line after "param " ("host: meaning",
 * "org?: ...", "start = 09:00: ...") into p (strings allocated; released
 * with the query, or by the caller); file and lineno name it in errors. */
enum custody_code custody_query_param_parse(struct custody_query_param *p,
    const char *line, size_t n, const char *file, size_t lineno,
    struct custody_error *err);
/* custody_query_run() on a bare database (tests, verify's scratch db). */
enum custody_code custody_query_run_db(sqlite3 *db,
    const struct custody_query *q, const struct custody_kv *kv, size_t n,
    struct custody_result *out, struct custody_error *err);
/* Appends s as one CSV field (RFC 4180: quoted when it holds , " CR LF). */
void custody_csv_field(struct custody_buf *b, const char *s);
/* Checks one parameter value the way custody_query_check_params() does. */
enum custody_code custody_query_check_value(const struct custody_query *q,
    const char *name, const char *v, struct custody_error *err);
/* Binds st's named parameters as q's header declares them (query.c). */
enum custody_code custody_query_bind(sqlite3_stmt *st,
    const struct custody_query *q, const struct custody_kv *kv, size_t n,
    struct custody_error *err);
/* custody_evidence_select() on a bare database. */
enum custody_code custody_evidence_select_db(sqlite3 *db, const char *selector,
    int64_t **ids, size_t *n, struct custody_error *err);
/* ------------------------------------------------------------ misc */

/* The names of the embedded files dir/NAME.sql ("schema/queries/"),
 * sorted, into names[0..max-1] (NULL-terminated; strings kept in store,
 * which must live as long as names). */
void custody_embedded_names(
    const char *dir, const char **names, char (*store)[64], size_t max);
/* Trims spaces and tabs (and a CR) off both ends of [*p, *p + n); returns
 * the new length. */
size_t custody_trim(const char **p, size_t n);

/* Frees n query parameters (their strings and the array): a fixed
 * query's and an extract query's alike (query.c). */
void custody_query_params_free(struct custody_query_param *p, size_t n);

#endif /* CUSTODY_ANALYSIS_H */
