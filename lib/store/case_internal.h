/*
 * case_internal.h: the insides of struct custody_case, for the lib/ files
 * that work on a case (case.c, log.c, ingest.c, verify.c).
 */
#ifndef CUSTODY_CASE_INTERNAL_H
#define CUSTODY_CASE_INTERNAL_H

#include "store.h"

struct custody_case {
	sqlite3 *db;
	char *dir;
	char *id;
	char *examiner;
	int lockfd;
	bool readonly;
	int version;    /* PRAGMA user_version when opened */
	char *hot_copy; /* NOWRITE with a hot journal: the private directory
			      whose copy of case.db and its journal db reads */
};

/* dir/rel, allocated (caller frees), or NULL. */
char *custody_case_path(const struct custody_case *c, const char *rel);
enum custody_code custody_case_register_key(struct custody_case *c,
    const struct custody_key *key, const char *holder, int64_t seq,
    struct custody_error *err);
/* The holder the key table names for key_id (allocated; the examiner of
 * init when the key is not there; NULL without memory). handover.c */
char *custody_case_key_holder(const struct custody_case *c, const char *key_id);
enum custody_code custody_case_lock(
    struct custody_case *c, struct custody_error *err);
void custody_case_cleanup(struct custody_case *c);
/*
 * CASE/rel as a directory descriptor, opened component by component with
 * O_NOFOLLOW, so that a symbolic link planted in the case is never
 * followed out of it (errno ELOOP or ENOTDIR then). mode nonzero: missing
 * directories are made with it. -1 on failure, errno set.
 */
int custody_case_dirfd(
    const struct custody_case *c, const char *rel, unsigned mode);
/* Makes a new file PREFIX-HEX (random) in the directory dirfd with
 * O_EXCL|O_NOFOLLOW, mode 0600, open for reading and writing; name gets its
 * name (cap >= strlen(prefix) + 14). -1 with errno set on failure. */
int custody_case_tempfile(
    int dirfd, const char *prefix, char *name, size_t cap);
/* Opens the stored object sha256 (64 hex digits) read-only the same way:
 * a regular file inside the case, no link on the way. -1 with err filled;
 * err->sys_errno is ENOENT when it is missing. */
int custody_case_object_open(const struct custody_case *c, const char *sha256,
    uint64_t *out_size, struct custody_error *err);
/* Counts (and calls fn for) stored objects no evidence row refers to;
 * removes them when remove is set. Nothing outside the case is touched:
 * a directory that is a symbolic link is not entered. */
size_t custody_case_orphans(struct custody_case *c, bool remove,
    void (*fn)(const char *sha256, void *arg), void *arg);

/* The DETAILS JSON of custody event event_seq (allocated; NULL when
 * there is no such event, or without memory). */
char *custody_event_details(sqlite3 *db, int64_t event_seq);
/* The compression recorded by ingest event event_seq: name, and the
 * decompressed stream's SHA-256 and size; false when it recorded none. */
bool custody_event_compression(sqlite3 *db, int64_t event_seq, char name[16],
    char sha256[65], uint64_t *size);

/* The parse options an ingest event's details recorded ("options"), so
 * that verify --deep and review parse an original again as ingest did
 * (ingest.c). CUSTODY_ERR_FORMAT when the details hold none. */
void custody_ingest_notes(
    struct custody_sink *sink, const void *data, size_t len);
enum custody_code custody_reparse_opts_json(
    const char *details, struct custody_parse_opts *po);
void custody_reparse_opts_release(struct custody_parse_opts *po);

#endif
