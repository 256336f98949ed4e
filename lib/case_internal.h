/*
 * case_internal.h: the insides of struct custody_case, for the lib/ files
 * that work on a case (case.c, log.c, ingest.c, verify.c).
 */
#ifndef CUSTODY_CASE_INTERNAL_H
#define CUSTODY_CASE_INTERNAL_H

#include "internal.h"

struct custody_case {
	sqlite3 *db;
	char *dir;
	char *id;
	char *examiner;
	int lockfd;
	bool readonly;
	int version;       /* PRAGMA user_version when opened */
};

/* dir/rel, allocated (caller frees), or NULL. */
char *custody_case_path(const struct custody_case *c, const char *rel);
enum custody_code custody_case_register_key(struct custody_case *c,
    const struct custody_key *key, const char *holder, int64_t seq, struct custody_error *err);
enum custody_code custody_case_lock(struct custody_case *c, struct custody_error *err);
void custody_case_cleanup(struct custody_case *c);
/* Counts (and calls fn for) stored objects no evidence row refers to;
 * removes them when remove is set. */
size_t custody_case_orphans(struct custody_case *c, bool remove,
    void (*fn)(const char *sha256, void *arg), void *arg);

/* The parse options recorded by ingest event event_seq (ingest.c). */
enum custody_code custody_reparse_opts(struct custody_case *c, int64_t event_seq,
    struct custody_parse_opts *po);
void custody_reparse_opts_release(struct custody_parse_opts *po);

#endif
