/*
 * case.c: struct custody_case, a case directory and its database.
 *
 *   CASE/case.db                  SQLite (schema/case.sql)
 *   CASE/objects/sha256/ab/cd...  originals, mode 0444, never changed
 *   CASE/tmp/                     ingest's temporary copies
 *   CASE/lock                     flock(2): writers hold it shared; the
 *                                 cleanup of leftovers needs it exclusive
 *
 * The database uses a rollback journal with synchronous=FULL, so a commit
 * is durable when it returns and a crash leaves the last committed state.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "case_internal.h"
#include "internal.h"

#define SCHEMA_VERSION 5 /* schema/case.sql; schema/migrate/N.sql from N-1 */

static bool
valid_case_id(const char *id)
{
	size_t n = strlen(id), i;

	if (n == 0 || n > 64 || id[0] == '.' || id[0] == '-')
		return false;
	for (i = 0; i < n; i++) {
		char c = id[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

char *
custody_case_path(const struct custody_case *c, const char *rel)
{
	struct custody_buf b;

	custody_buf_init(&b, 8192);
	if (custody_buf_printf(&b, "%s/%s", c->dir, rel) != CUSTODY_OK) {
		custody_buf_release(&b);
		return NULL;
	}
	return b.data;
}

static enum custody_code
meta_get(sqlite3 *db, const char *name, char **out, struct custody_error *err)
{
	sqlite3_stmt *st;
	enum custody_code rc;

	if ((rc = custody_db_prepare(db, "SELECT value FROM meta WHERE name = ?", &st, err)) !=
	    CUSTODY_OK)
		return rc;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return custody_fail(err, CUSTODY_ERR_NOTCASE, "case metadata lacks %s", name);
	}
	*out = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return *out != NULL ? CUSTODY_OK : custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
}

static enum custody_code
db_open(const char *path, int flags, sqlite3 **out, struct custody_error *err)
{
	sqlite3 *db = NULL;

	custody_sqlite_setup();
	if (sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		custody_fail_sqlite(err, db, path);
		sqlite3_close(db); /* sqlite3_open returns a handle even on failure */
		return CUSTODY_ERR_DB;
	}
	sqlite3_busy_timeout(db, 600000); /* writers queue behind each other */
	sqlite3_extended_result_codes(db, 1);
	if (custody_sql_register(db, err) != CUSTODY_OK) {
		sqlite3_close(db);
		return CUSTODY_ERR_DB;
	}
	*out = db;
	return CUSTODY_OK;
}

static enum custody_code
new_handle(struct custody_case **out, const char *dir, struct custody_error *err)
{
	struct custody_case *c = calloc(1, sizeof(*c));

	if (c == NULL || (c->dir = strdup(dir)) == NULL) {
		free(c);
		return custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
	}
	c->lockfd = -1;
	*out = c;
	return CUSTODY_OK;
}

/* Removes what create made, in reverse, when it fails half-way. */
static void
undo_create(const char *dir, bool made_dir)
{
	static const char *const files[] = { "case.db", "case.db-journal", "lock" };
	static const char *const dirs[] = { "objects/sha256", "objects", "tmp" };
	char path[4096];
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, dirs[i]);
		rmdir(path);
	}
	if (made_dir)
		rmdir(dir);
}

static bool
dir_is_empty(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool empty = true;

	if (d == NULL)
		return false;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
			empty = false;
			break;
		}
	closedir(d);
	return empty;
}

enum custody_code
custody_case_create(struct custody_case **out, const char *dir, const char *case_id,
    const char *examiner, const struct custody_actor *who, struct custody_error *err)
{
	struct custody_case *c = NULL;
	struct custody_buf details;
	enum custody_code rc;
	bool made_dir = false;
	char created[40], path[4096];
	sqlite3_stmt *st = NULL;
	struct stat sb;
	int64_t seq;

	if (!valid_case_id(case_id))
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "case id '%s': use 1 to 64 of A-Z a-z 0-9 . _ - (not starting with . or -)",
		    case_id);
	if (examiner[0] == '\0' || strlen(examiner) > 200 || strpbrk(examiner, "\n\r\t") != NULL)
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "examiner name must be 1 to 200 characters on one line");
	if (strlen(dir) > 3000)
		return custody_fail(err, CUSTODY_ERR_USAGE, "%s: path too long", dir);
	if (lstat(dir, &sb) == 0) {
		if (!S_ISDIR(sb.st_mode))
			return custody_fail(err, CUSTODY_ERR_EXISTS, "%s: exists and is not a directory",
			    dir);
		if (!dir_is_empty(dir))
			return custody_fail(err, CUSTODY_ERR_EXISTS,
			    "%s: exists and is not empty; a case needs a new directory", dir);
	} else if (mkdir(dir, 0755) != 0) {
		return custody_fail_errno(err, CUSTODY_ERR_IO, "%s: cannot create", dir);
	} else {
		made_dir = true;
	}
	snprintf(path, sizeof(path), "%s/objects", dir);
	if (mkdir(path, 0755) != 0)
		goto io_fail;
	snprintf(path, sizeof(path), "%s/objects/sha256", dir);
	if (mkdir(path, 0755) != 0)
		goto io_fail;
	snprintf(path, sizeof(path), "%s/tmp", dir);
	if (mkdir(path, 0700) != 0)
		goto io_fail;

	if ((rc = new_handle(&c, dir, err)) != CUSTODY_OK)
		goto fail;
	snprintf(path, sizeof(path), "%s/case.db", dir);
	if ((rc = db_open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &c->db, err)) != CUSTODY_OK)
		goto fail;
	/* 16 KiB pages, set before the first table: a 1M-line log ingests
	 * 10 % faster than with 4 KiB (fewer page splits and cache lookups
	 * per row, a quarter of the reads when an index is built, a shorter
	 * commit). Cases made before keep their 4 KiB pages; SQLite reads
	 * either. */
	if ((rc = custody_db_exec(c->db,
		 "PRAGMA page_size=16384; PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL;", err)) !=
	    CUSTODY_OK)
		goto fail;
	if ((rc = custody_case_begin(c, err)) != CUSTODY_OK)
		goto fail;
	if ((rc = custody_db_create_schema(c->db, err)) != CUSTODY_OK)
		goto rollback;
	custody_time_format(who->now_ns, 6, created);
	if ((rc = custody_db_prepare(c->db,
		 "INSERT INTO meta(name, value) VALUES ('case_id', ?1), ('examiner', ?2),"
		 " ('created', ?3), ('tool_version', ?4)",
		 &st, err)) != CUSTODY_OK)
		goto rollback;
	sqlite3_bind_text(st, 1, case_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, examiner, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, created, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, CUSTODY_VERSION, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = custody_fail_sqlite(err, c->db, "meta");
		goto rollback;
	}
	sqlite3_finalize(st);
	st = NULL;
	if ((c->id = strdup(case_id)) == NULL || (c->examiner = strdup(examiner)) == NULL) {
		rc = custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
		goto rollback;
	}
	/* The examiner's key is registered by the init event (seq 1). */
	c->version = SCHEMA_VERSION;
	if ((rc = custody_case_register_key(c, who->key, examiner, 1, err)) != CUSTODY_OK)
		goto rollback;

	custody_buf_init(&details, CUSTODY_MAX_JSON);
	rc = custody_buf_addstr(&details, "{");
	if (rc == CUSTODY_OK)
		rc = custody_log_who(&details, c, who);
	if (rc == CUSTODY_OK)
		rc = custody_buf_addstr(&details, ",\"case_id\":");
	if (rc == CUSTODY_OK)
		rc = custody_buf_json_str(&details, case_id, strlen(case_id));
	if (rc == CUSTODY_OK)
		rc = custody_buf_addstr(&details, ",\"public_key\":");
	if (rc == CUSTODY_OK) {
		char hex[65];

		custody_hex(custody_key_public(who->key), 32, hex);
		rc = custody_buf_printf(&details, "\"%s\",\"schema_version\":%d,\"result\":\"created\"}",
		    hex, SCHEMA_VERSION);
	}
	if (rc != CUSTODY_OK) {
		custody_buf_release(&details);
		rc = custody_fail(err, rc, "building init details");
		goto rollback;
	}
	rc = custody_log_append(c, who, "init", case_id, details.data, &seq, err);
	custody_buf_release(&details);
	if (rc != CUSTODY_OK)
		goto rollback;
	if ((rc = custody_case_commit(c, err)) != CUSTODY_OK)
		goto fail;
	if ((rc = custody_case_lock(c, err)) != CUSTODY_OK)
		goto fail;
	*out = c;
	return CUSTODY_OK;

io_fail:
	rc = custody_fail_errno(err, CUSTODY_ERR_IO, "%s", path);
	goto fail;
rollback:
	sqlite3_finalize(st);
	custody_case_rollback(c);
fail:
	custody_case_free(c);
	undo_create(dir, made_dir);
	return rc;
}

enum custody_code
custody_case_register_key(struct custody_case *c, const struct custody_key *key,
    const char *holder, int64_t seq, struct custody_error *err)
{
	sqlite3_stmt *st;
	enum custody_code rc;

	if ((rc = custody_db_prepare(c->db,
		 "INSERT INTO keys(key_id, public_key, holder, added_seq) VALUES (?, ?, ?, ?)", &st,
		 err)) != CUSTODY_OK)
		return rc;
	sqlite3_bind_text(st, 1, custody_key_id(key), -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, custody_key_public(key), 32, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, holder, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, seq);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = custody_fail_sqlite(err, c->db, "registering key");
	sqlite3_finalize(st);
	return rc;
}

/* Takes the case lock shared; first, if no other writer holds it, takes it
 * exclusive and removes what an interrupted ingest left behind. */
enum custody_code
custody_case_lock(struct custody_case *c, struct custody_error *err)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/lock", c->dir);
	c->lockfd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (c->lockfd < 0)
		return custody_fail_errno(err, CUSTODY_ERR_IO, "%s", path);
	if (flock(c->lockfd, LOCK_EX | LOCK_NB) == 0)
		custody_case_cleanup(c);
	if (flock(c->lockfd, LOCK_SH) != 0)
		return custody_fail_errno(err, CUSTODY_ERR_IO, "%s: flock", path);
	return CUSTODY_OK;
}

/* Removes leftover temporary files, and stored objects that no evidence
 * row refers to (an ingest killed after storing, before committing). */
void
custody_case_cleanup(struct custody_case *c)
{
	char path[4096];
	struct dirent *e;
	DIR *d;

	snprintf(path, sizeof(path), "%s/tmp", c->dir);
	if ((d = opendir(path)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (strncmp(e->d_name, "ingest-", 7) != 0)
				continue;
			snprintf(path, sizeof(path), "%s/tmp/%s", c->dir, e->d_name);
			unlink(path);
		}
		closedir(d);
	}
	custody_case_orphans(c, true, NULL, NULL);
}

size_t
custody_case_orphans(struct custody_case *c, bool remove,
    void (*fn)(const char *sha256, void *arg), void *arg)
{
	char path[4096], hex[65];
	struct dirent *e, *f;
	sqlite3_stmt *st = NULL;
	size_t n = 0;
	DIR *d, *sub;

	/* RFC 3161 replies are stored objects too, named by the subject of
	 * their "timestamp" event (lib/tsp.c). */
	if (sqlite3_prepare_v2(c->db,
		"SELECT 1 FROM evidence WHERE sha256 = ?1 UNION ALL SELECT 1 FROM events"
		" WHERE instr(line, ' timestamp sha256:' || ?1 || ' ') > 0 LIMIT 1",
		-1, &st, NULL) != SQLITE_OK)
		return 0;
	snprintf(path, sizeof(path), "%s/objects/sha256", c->dir);
	if ((d = opendir(path)) == NULL) {
		sqlite3_finalize(st);
		return 0;
	}
	while ((e = readdir(d)) != NULL) {
		if (strlen(e->d_name) != 2 || e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/objects/sha256/%s", c->dir, e->d_name);
		if ((sub = opendir(path)) == NULL)
			continue;
		while ((f = readdir(sub)) != NULL) {
			if (strlen(f->d_name) != 62)
				continue;
			snprintf(hex, sizeof(hex), "%s%s", e->d_name, f->d_name);
			sqlite3_reset(st);
			sqlite3_bind_text(st, 1, hex, -1, SQLITE_STATIC);
			if (sqlite3_step(st) == SQLITE_ROW)
				continue;
			n++;
			if (fn != NULL)
				fn(hex, arg);
			if (remove) {
				snprintf(path, sizeof(path), "%s/objects/sha256/%s/%s", c->dir,
				    e->d_name, f->d_name);
				unlink(path);
			}
		}
		closedir(sub);
	}
	closedir(d);
	sqlite3_finalize(st);
	return n;
}

enum custody_code
custody_case_open(struct custody_case **out, const char *dir, unsigned flags,
    struct custody_error *err)
{
	struct custody_case *c = NULL;
	enum custody_code rc;
	char path[4096];
	sqlite3_stmt *st = NULL;
	struct stat sb;
	int version = -1;

	if (stat(dir, &sb) != 0)
		return custody_fail_errno(err, CUSTODY_ERR_NOTCASE, "%s", dir);
	if (!S_ISDIR(sb.st_mode))
		return custody_fail(err, CUSTODY_ERR_NOTCASE, "%s: not a case directory", dir);
	snprintf(path, sizeof(path), "%s/case.db", dir);
	if (strlen(dir) > 3000 || lstat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
		return custody_fail(err, CUSTODY_ERR_NOTCASE,
		    "%s: not a custody case (no case.db; create one with custody init)", dir);
	if ((rc = new_handle(&c, dir, err)) != CUSTODY_OK)
		return rc;
	c->readonly = (flags & CUSTODY_CASE_READONLY) != 0;
	/* Read-only users still open read-write when they may: a hot journal
	 * left by a killed writer can only be rolled back that way. */
	rc = db_open(path, access(path, W_OK) == 0 ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY,
	    &c->db, err);
	if (rc != CUSTODY_OK)
		goto fail;
	if (sqlite3_prepare_v2(c->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		rc = custody_fail(err, CUSTODY_ERR_NOTCASE, "%s: not a custody case (%s)", path,
		    sqlite3_errmsg(c->db));
		goto fail;
	}
	version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (version == 0 ||
	    sqlite3_prepare_v2(c->db, "SELECT count(*) FROM meta, events", -1, &st, NULL) != SQLITE_OK) {
		rc = custody_fail(err, CUSTODY_ERR_NOTCASE, "%s: not a custody case database", path);
		goto fail;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (version > SCHEMA_VERSION) {
		rc = custody_fail(err, CUSTODY_ERR_NOTCASE,
		    "%s: schema version %d is newer than this custody (%d); upgrade custody", path,
		    version, SCHEMA_VERSION);
		goto fail;
	}
	/* An older schema is read as it is; custody_case_migrate() brings it
	 * up to date when an examiner's key is at hand to sign for it. */
	c->version = version;
	if ((rc = meta_get(c->db, "case_id", &c->id, err)) != CUSTODY_OK ||
	    (rc = meta_get(c->db, "examiner", &c->examiner, err)) != CUSTODY_OK) {
		rc = custody_fail(err, CUSTODY_ERR_NOTCASE, "%s: %s", path, err ? err->msg : "");
		goto fail;
	}
	if (!c->readonly) {
		if ((rc = custody_db_exec(c->db, "PRAGMA synchronous=FULL;", err)) != CUSTODY_OK)
			goto fail;
		if ((rc = custody_case_lock(c, err)) != CUSTODY_OK)
			goto fail;
	}
	*out = c;
	return CUSTODY_OK;
fail:
	sqlite3_finalize(st);
	custody_case_free(c);
	return rc;
}

/*
 * The text a migration runs, in a buffer the caller frees: the file, with
 * a line "-- include schema/NAME.sql" replaced by that file's text (the
 * record layout is written once, in schema/records.sql, for new cases and
 * for the migration that brings it). Its SHA-256 is what the migrate
 * event records.
 */
static char *
migration_text(const char *path, size_t *len)
{
	static const char mark[] = "-- include ";
	const char *sql = custody_embedded_text(path, len), *at, *name_end, *inc;
	size_t inc_len, head, tail;
	char name[64], *out;

	if (sql == NULL)
		return NULL;
	if ((at = strstr(sql, mark)) == NULL || (name_end = strchr(at, '\n')) == NULL ||
	    (size_t)(name_end - at) - (sizeof(mark) - 1) >= sizeof(name))
		return strndup(sql, *len);
	memcpy(name, at + sizeof(mark) - 1, (size_t)(name_end - at) - (sizeof(mark) - 1));
	name[(size_t)(name_end - at) - (sizeof(mark) - 1)] = '\0';
	if ((inc = custody_embedded_text(name, &inc_len)) == NULL)
		return NULL;
	head = (size_t)(at - sql);
	tail = *len - (size_t)(name_end + 1 - sql);
	if ((out = malloc(head + inc_len + tail + 1)) == NULL)
		return NULL;
	memcpy(out, sql, head);
	memcpy(out + head, inc, inc_len);
	memcpy(out + head + inc_len, name_end + 1, tail);
	*len = head + inc_len + tail;
	out[*len] = '\0';
	return out;
}

enum custody_code
custody_case_migrate(struct custody_case *c, const struct custody_actor *who,
    struct custody_error *err)
{
	enum custody_code rc;
	int v;

	if (c->readonly)
		return custody_fail(err, CUSTODY_ERR_USAGE, "%s: opened read-only", c->dir);
	for (v = c->version + 1; v <= SCHEMA_VERSION; v++) {
		char path[64], subject[32];
		char *sql;
		size_t len;
		uint8_t md[CUSTODY_SHA256_LEN];
		char hex[65];
		struct custody_buf b;

		snprintf(path, sizeof(path), "schema/migrate/%d.sql", v);
		if ((sql = migration_text(path, &len)) == NULL)
			return custody_fail(err, CUSTODY_ERR_USAGE, "%s is not built in", path);
		rc = custody_sha256(sql, len, md, err);
		if (rc != CUSTODY_OK) {
			free(sql);
			return rc;
		}
		custody_hex(md, sizeof(md), hex);
		custody_buf_init(&b, 1u << 16);
		custody_buf_addstr(&b, "{");
		custody_log_who(&b, c, who);
		custody_buf_printf(&b, ",\"from\":%d,\"to\":%d,\"migration\":\"%s\","
		    "\"migration_sha256\":\"%s\",\"result\":\"ok\"}", v - 1, v, path, hex);
		snprintf(subject, sizeof(subject), "schema:%d", v);
		if ((rc = custody_case_begin(c, err)) != CUSTODY_OK) {
			free(sql);
			custody_buf_release(&b);
			return rc;
		}
		/* the schema change and the event that records it commit together */
		if ((rc = custody_db_exec(c->db, sql, err)) != CUSTODY_OK ||
		    (rc = custody_log_append(c, who, "migrate", subject, b.data, NULL, err)) !=
		    CUSTODY_OK) {
			custody_case_rollback(c);
			free(sql);
			custody_buf_release(&b);
			return rc;
		}
		free(sql);
		custody_buf_release(&b);
		if ((rc = custody_case_commit(c, err)) != CUSTODY_OK)
			return rc;
		c->version = v;
	}
	return CUSTODY_OK;
}

void
custody_case_free(struct custody_case *c)
{
	if (c == NULL)
		return;
	sqlite3_close(c->db);
	if (c->lockfd >= 0)
		close(c->lockfd);
	free(c->dir);
	free(c->id);
	free(c->examiner);
	free(c);
}

const char *
custody_case_id(const struct custody_case *c)
{
	return c->id;
}

const char *
custody_case_examiner(const struct custody_case *c)
{
	return c->examiner;
}

const char *
custody_case_dir(const struct custody_case *c)
{
	return c->dir;
}

struct sqlite3 *
custody_case_db(const struct custody_case *c)
{
	return c->db;
}

enum custody_code
custody_case_begin(struct custody_case *c, struct custody_error *err)
{
	return custody_db_exec(c->db, "BEGIN IMMEDIATE", err);
}

enum custody_code
custody_case_commit(struct custody_case *c, struct custody_error *err)
{
	return custody_db_exec(c->db, "COMMIT", err);
}

void
custody_case_rollback(struct custody_case *c)
{
	if (!sqlite3_get_autocommit(c->db))
		(void)sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
}
