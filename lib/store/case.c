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
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "case_internal.h"
#include "decomp.h"
#include "store.h"
#include "json.h"

#define SCHEMA_VERSION 5 /* schema/case.sql; schema/migrate/N.sql from N-1 */

static bool
valid_case_id(const char *id)
{
	size_t n = strlen(id), i;

	if (n == 0 || n > 64 || id[0] == '.' || id[0] == '-')
		return false;
	for (i = 0; i < n; i++) {
		char c = id[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		        (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		        c == '-'))
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

	if ((rc = custody_db_prepare(
	         db, "SELECT value FROM meta WHERE name = ?", &st, err)) !=
	    CUSTODY_OK)
		return rc;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return custody_fail(
		    err, CUSTODY_ERR_NOTCASE, "case metadata lacks %s", name);
	}
	*out = sqlite3_column_text(st, 0) != NULL
	    ? strdup((const char *)sqlite3_column_text(st, 0))
	    : strdup("");
	sqlite3_finalize(st);
	return *out != NULL ? CUSTODY_OK
	                    : custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
}

static enum custody_code
db_open(const char *path, int flags, sqlite3 **out, struct custody_error *err)
{
	sqlite3 *db = NULL;

	custody_sqlite_setup();
	if (sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		custody_fail_sqlite(err, db, path);
		sqlite3_close(
		    db); /* sqlite3_open returns a handle even on failure */
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
new_handle(
    struct custody_case **out, const char *dir, struct custody_error *err)
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
	static const char *const files[] = { "case.db", "case.db-journal",
		"lock" };
	static const char *const dirs[] = { "objects/sha256", "objects",
		"tmp" };
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
		if (strcmp(e->d_name, ".") != 0 &&
		    strcmp(e->d_name, "..") != 0) {
			empty = false;
			break;
		}
	closedir(d);
	return empty;
}

enum custody_code
custody_case_create(struct custody_case **out, const char *dir,
    const char *case_id, const char *examiner_given,
    const struct custody_actor *who, struct custody_error *err)
{
	char examiner[1024], *escaped;
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
	if (examiner_given[0] == '\0' || strlen(examiner_given) > 200 ||
	    strpbrk(examiner_given, "\n\r\t") != NULL)
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "examiner name must be 1 to 200 characters on one line");
	/* meta, the key table and the init event hold the same bytes */
	if ((escaped = custody_text_escape(examiner_given)) == NULL)
		return custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
	snprintf(examiner, sizeof(examiner), "%s", escaped);
	free(escaped);
	if (strlen(dir) > 3000)
		return custody_fail(
		    err, CUSTODY_ERR_USAGE, "%s: path too long", dir);
	if (lstat(dir, &sb) == 0) {
		if (!S_ISDIR(sb.st_mode))
			return custody_fail(err, CUSTODY_ERR_EXISTS,
			    "%s: exists and is not a directory", dir);
		if (!dir_is_empty(dir))
			return custody_fail(err, CUSTODY_ERR_EXISTS,
			    "%s: exists and is not empty; a case needs a new directory",
			    dir);
	} else if (mkdir(dir, 0755) != 0) {
		return custody_fail_errno(
		    err, CUSTODY_ERR_IO, "%s: cannot create", dir);
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
	if ((rc = db_open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
	         &c->db, err)) != CUSTODY_OK)
		goto fail;
	/* 16 KiB pages, set before the first table: a 1M-line log ingests
	 * 10 % faster than with 4 KiB (fewer page splits and cache lookups
	 * per row, a quarter of the reads when an index is built, a shorter
	 * commit). Cases made before keep their 4 KiB pages; SQLite reads
	 * either. */
	if ((rc = custody_db_exec(c->db,
	         "PRAGMA page_size=16384; PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL;",
	         err)) != CUSTODY_OK)
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
	if ((c->id = strdup(case_id)) == NULL ||
	    (c->examiner = strdup(examiner)) == NULL) {
		rc = custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
		goto rollback;
	}
	/* The examiner's key is registered by the init event (seq 1). */
	c->version = SCHEMA_VERSION;
	if ((rc = custody_case_register_key(c, who->key, examiner, 1, err)) !=
	    CUSTODY_OK)
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
		rc = custody_buf_printf(&details,
		    "\"%s\",\"schema_version\":%d,\"result\":\"created\"}", hex,
		    SCHEMA_VERSION);
	}
	if (rc != CUSTODY_OK) {
		custody_buf_release(&details);
		rc = custody_fail(err, rc, "building init details");
		goto rollback;
	}
	rc = custody_log_append(
	    c, who, "init", case_id, details.data, &seq, err);
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
	         "INSERT INTO keys(key_id, public_key, holder, added_seq) VALUES (?, ?, ?, ?)",
	         &st, err)) != CUSTODY_OK)
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
		return custody_fail_errno(
		    err, CUSTODY_ERR_IO, "%s: flock", path);
	return CUSTODY_OK;
}

int
custody_case_dirfd(const struct custody_case *c, const char *rel, unsigned mode)
{
	int fd = open(c->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), next, e;
	const char *p = rel;
	char part[256];

	while (fd >= 0 && *p != '\0') {
		size_t n = strcspn(p, "/");

		if (n == 0 || n >= sizeof(part)) {
			close(fd);
			errno = EINVAL;
			return -1;
		}
		memcpy(part, p, n);
		part[n] = '\0';
		if (mode != 0 && mkdirat(fd, part, (mode_t)mode) != 0 &&
		    errno != EEXIST) {
			e = errno;
			close(fd);
			errno = e;
			return -1;
		}
		next = openat(
		    fd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		e = errno;
		close(fd);
		errno = e;
		fd = next;
		p += n;
		if (*p == '/')
			p++;
	}
	return fd;
}

int
custody_case_tempfile(int dirfd, const char *prefix, char *name, size_t cap)
{
	int tries, fd = -1;

	for (tries = 0; tries < 100; tries++) {
		uint8_t rnd[6];
		char hex[13];

		if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
			return -1;
		custody_hex(rnd, sizeof(rnd), hex);
		snprintf(name, cap, "%s-%s", prefix, hex);
		fd = openat(dirfd, name,
		    O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0 || errno != EEXIST)
			break;
	}
	return fd;
}

int
custody_case_object_open(const struct custody_case *c, const char *sha256,
    uint64_t *out_size, struct custody_error *err)
{
	char rel[32], label[128];
	int dfd, fd;

	snprintf(rel, sizeof(rel), "objects/sha256/%.2s", sha256);
	snprintf(label, sizeof(label), "objects/sha256/%.2s/%.62s", sha256,
	    strlen(sha256) > 2 ? sha256 + 2 : "");
	if (strlen(sha256) != 64 || strspn(sha256, "0123456789abcdef") != 64) {
		custody_fail(
		    err, CUSTODY_ERR_FORMAT, "%s: not a SHA-256 in hex", label);
		return -1;
	}
	if ((dfd = custody_case_dirfd(c, rel, 0)) < 0) {
		if (errno == ELOOP || errno == ENOTDIR)
			custody_fail(err, CUSTODY_ERR_IO,
			    "%s: a directory on the way is a symbolic"
			    " link or not a directory (the case's originals must be inside it)",
			    label);
		else
			custody_fail_errno(err, CUSTODY_ERR_IO, "%s", label);
		return -1;
	}
	fd = custody_openat_regular(dfd, sha256 + 2, label, out_size, err);
	close(dfd);
	return fd;
}

/* Removes leftover temporary files, and stored objects that no evidence
 * row refers to (an ingest killed after storing, before committing). */
void
custody_case_cleanup(struct custody_case *c)
{
	struct dirent *e;
	int dfd;
	DIR *d;

	if ((dfd = custody_case_dirfd(c, "tmp", 0)) >= 0) {
		if ((d = fdopendir(dfd)) == NULL) {
			close(dfd);
		} else {
			while ((e = readdir(d)) != NULL)
				if (strncmp(e->d_name, "ingest-", 7) == 0)
					(void)unlinkat(dirfd(d), e->d_name, 0);
			closedir(d);
		}
	}
	custody_case_orphans(c, true, NULL, NULL);
}

size_t
custody_case_orphans(struct custody_case *c, bool remove,
    void (*fn)(const char *sha256, void *arg), void *arg)
{
	char hex[65];
	struct dirent *e, *f;
	sqlite3_stmt *st = NULL;
	size_t n = 0;
	DIR *d, *sub;
	int dfd, sfd;

	/* RFC 3161 replies are stored objects too, named by the subject of
	 * their "timestamp" event (lib/bundle/tsp.c). */
	if (sqlite3_prepare_v2(c->db,
	        "SELECT 1 FROM evidence WHERE sha256 = ?1 UNION ALL SELECT 1 FROM events"
	        " WHERE instr(line, ' timestamp sha256:' || ?1 || ' ') > 0 LIMIT 1",
	        -1, &st, NULL) != SQLITE_OK)
		return 0;
	if ((dfd = custody_case_dirfd(c, "objects/sha256", 0)) < 0 ||
	    (d = fdopendir(dfd)) == NULL) {
		if (dfd >= 0)
			close(dfd);
		sqlite3_finalize(st);
		return 0;
	}
	while ((e = readdir(d)) != NULL) {
		if (strlen(e->d_name) != 2 || e->d_name[0] == '.')
			continue;
		sfd = openat(dirfd(d), e->d_name,
		    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sfd < 0 || (sub = fdopendir(sfd)) == NULL) {
			if (sfd >= 0)
				close(sfd);
			continue;
		}
		while ((f = readdir(sub)) != NULL) {
			if (strlen(f->d_name) != 62)
				continue;
			snprintf(
			    hex, sizeof(hex), "%s%s", e->d_name, f->d_name);
			sqlite3_reset(st);
			sqlite3_bind_text(st, 1, hex, -1, SQLITE_STATIC);
			if (sqlite3_step(st) == SQLITE_ROW)
				continue;
			n++;
			if (fn != NULL)
				fn(hex, arg);
			if (remove)
				(void)unlinkat(dirfd(sub), f->d_name, 0);
		}
		closedir(sub);
	}
	closedir(d);
	sqlite3_finalize(st);
	return n;
}

/* Copies the file name of the directory from into the directory to. */
static bool
copy_file(int from, int to, const char *name)
{
	char buf[1 << 16];
	bool ok = true;
	int in, out;

	if ((in = custody_openat_regular(from, name, name, NULL, NULL)) < 0)
		return false;
	if ((out = openat(to, name,
	         O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600)) <
	    0) {
		close(in);
		return false;
	}
	for (;;) {
		ssize_t n = read(in, buf, sizeof(buf)), w = 0;

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			ok = n == 0;
			break;
		}
		while (w < n) {
			ssize_t k = write(out, buf + w, (size_t)(n - w));

			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0)
				break;
			w += k;
		}
		if (w < n) {
			ok = false;
			break;
		}
	}
	close(in);
	if (close(out) != 0)
		ok = false;
	return ok;
}

static void
remove_hot_copy(char *dir)
{
	char path[4200];

	if (dir == NULL)
		return;
	snprintf(path, sizeof(path), "%s/case.db-journal", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/case.db", dir);
	unlink(path);
	rmdir(dir);
	free(dir);
}

/*
 * A hot journal: a write was interrupted, and the committed state is what
 * the journal rolls back to. SQLite will only roll back on a connection
 * that may write, which would change the case; so the journal and the
 * database are copied (journal first: rolling back twice gives the same
 * pages) to a private directory, and rolled back there. The case lock,
 * held exclusive meanwhile, keeps writers from committing while the two
 * are copied. CUSTODY_ERR_EXISTS: a writer has the case open (it will
 * roll the journal back itself); try again.
 */
static enum custody_code
open_hot_copy(struct custody_case *c, struct custody_error *err)
{
	const char *tmp = getenv("TMPDIR");
	char dir[4096], path[4200];
	int lockfd, cfd = -1, tfd = -1;
	enum custody_code rc = CUSTODY_ERR_EXISTS;

	snprintf(path, sizeof(path), "%s/lock", c->dir);
	lockfd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (lockfd >= 0 && flock(lockfd, LOCK_EX | LOCK_NB) != 0) {
		close(lockfd);
		return CUSTODY_ERR_EXISTS;
	}
	snprintf(dir, sizeof(dir), "%s/custody-verify-XXXXXX",
	    tmp != NULL && tmp[0] == '/' ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		rc = custody_fail_errno(err, CUSTODY_ERR_IO, "%s", dir);
		goto out;
	}
	if ((cfd = open(c->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    (tfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) <
	        0) {
		rc = custody_fail_errno(err, CUSTODY_ERR_IO, "%s", dir);
		rmdir(dir);
		goto out;
	}
	if (!copy_file(cfd, tfd, "case.db-journal")) {
		/* gone meanwhile: rolled back by a writer; read the case itself */
		remove_hot_copy(strdup(dir));
		goto out;
	}
	if (!copy_file(cfd, tfd, "case.db")) {
		rc = custody_fail_errno(err, CUSTODY_ERR_IO,
		    "%s/case.db: copying it to %s", c->dir, dir);
		remove_hot_copy(strdup(dir));
		goto out;
	}
	snprintf(path, sizeof(path), "%s/case.db", dir);
	if ((c->hot_copy = strdup(dir)) == NULL) {
		remove_hot_copy(strdup(dir));
		rc = custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
		goto out;
	}
	rc = db_open(path, SQLITE_OPEN_READWRITE, &c->db, err);
out:
	if (cfd >= 0)
		close(cfd);
	if (tfd >= 0)
		close(tfd);
	if (lockfd >= 0)
		close(lockfd);
	return rc;
}

/* Opens case.db read-only for CUSTODY_CASE_NOWRITE, over a copy when a
 * hot journal would have to be rolled back. */
static enum custody_code
open_nowrite(
    struct custody_case *c, const char *path, struct custody_error *err)
{
	enum custody_code rc;
	int tries;

	for (tries = 0; tries < 400; tries++) {
		struct timespec ts = { 0, 50000000 };

		if ((rc = db_open(path, SQLITE_OPEN_READONLY, &c->db, err)) !=
		    CUSTODY_OK)
			return rc;
		if (sqlite3_exec(c->db, "SELECT count(*) FROM sqlite_schema",
		        NULL, NULL, NULL) == SQLITE_OK ||
		    sqlite3_extended_errcode(c->db) != SQLITE_READONLY_ROLLBACK)
			return CUSTODY_OK; /* any other failure is named by the caller */
		sqlite3_close(c->db);
		c->db = NULL;
		rc = open_hot_copy(c, err);
		if (rc != CUSTODY_ERR_EXISTS)
			return rc;
		if (c->db != NULL)
			return CUSTODY_OK;
		nanosleep(&ts, NULL);
	}
	return custody_fail(err, CUSTODY_ERR_IO,
	    "%s: a hot journal (case.db-journal) that a writer holding the case has not yet"
	    " rolled back; try again",
	    c->dir);
}

bool
custody_case_hot_journal(const struct custody_case *c)
{
	return c->hot_copy != NULL;
}

/*
 * A database SQLite finds damaged (or not a database at all), or one whose
 * custody structure is gone (why: no meta, no custody log, no schema
 * version), in a directory that is a case (it has objects/): for a
 * NOWRITE (verify) open, that is a finding (CUSTODY_ERR_VERIFY), not
 * trouble. Otherwise it is no case.
 */
static enum custody_code
damaged(struct custody_case *c, unsigned flags, const char *path,
    const char *why, struct custody_error *err)
{
	int ext = c->db != NULL ? sqlite3_extended_errcode(c->db) & 0xff : 0;
	struct stat sb;
	char objects[4200];

	snprintf(objects, sizeof(objects), "%s/objects", c->dir);
	if ((flags & CUSTODY_CASE_NOWRITE) != 0 &&
	    (ext == SQLITE_CORRUPT || ext == SQLITE_NOTADB || why != NULL) &&
	    lstat(objects, &sb) == 0 && S_ISDIR(sb.st_mode))
		return custody_fail(err, CUSTODY_ERR_VERIFY,
		    "%s: the database is damaged (%s)", path,
		    why != NULL ? why : sqlite3_errmsg(c->db));
	return custody_fail(err, CUSTODY_ERR_NOTCASE,
	    "%s: not a custody case (%s)", path,
	    why != NULL         ? why
	        : c->db != NULL ? sqlite3_errmsg(c->db)
	                        : "cannot open");
}

/* The schema version the case's own custody log reached (init, then
 * migrate events), as far as its lines say; 0 when unknown. */
static int
logged_version(sqlite3 *db)
{
	sqlite3_stmt *st;
	int v = 0;

	if (sqlite3_prepare_v2(db,
	        "SELECT max(coalesce(json_extract(d, '$.schema_version'), 0),"
	        " coalesce(json_extract(d, '$.to'), 0)) FROM (SELECT substr(line, instr(line, ' {') + 1)"
	        " AS d FROM events WHERE line LIKE '% init %' OR line LIKE '% migrate %')"
	        " WHERE json_valid(d)",
	        -1, &st, NULL) != SQLITE_OK)
		return 0;
	while (sqlite3_step(st) == SQLITE_ROW)
		if (sqlite3_column_int(st, 0) > v)
			v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
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
		return custody_fail(
		    err, CUSTODY_ERR_NOTCASE, "%s: not a case directory", dir);
	snprintf(path, sizeof(path), "%s/case.db", dir);
	if (strlen(dir) > 3000 || lstat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
		return custody_fail(err, CUSTODY_ERR_NOTCASE,
		    "%s: not a custody case (no case.db; create one with custody init)",
		    dir);
	if ((rc = new_handle(&c, dir, err)) != CUSTODY_OK)
		return rc;
	c->readonly =
	    (flags & (CUSTODY_CASE_READONLY | CUSTODY_CASE_NOWRITE)) != 0;
	/* Read-only users still open read-write when they may: a hot journal
	 * left by a killed writer can only be rolled back that way. Verify
	 * (NOWRITE) changes nothing, and reads such a case from a copy. */
	if ((flags & CUSTODY_CASE_NOWRITE) != 0)
		rc = open_nowrite(c, path, err);
	else
		rc = db_open(path,
		    access(path, W_OK) == 0 ? SQLITE_OPEN_READWRITE
		                            : SQLITE_OPEN_READONLY,
		    &c->db, err);
	if (rc != CUSTODY_OK)
		goto fail;
	if (sqlite3_prepare_v2(c->db, "PRAGMA user_version", -1, &st, NULL) !=
	        SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		rc = damaged(c, flags, path, NULL, err);
		goto fail;
	}
	version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (version == 0 ||
	    sqlite3_prepare_v2(c->db, "SELECT count(*) FROM meta, events", -1,
	        &st, NULL) != SQLITE_OK) {
		rc = damaged(c, flags, path,
		    version == 0 ? "schema version 0"
		                 : "no case metadata or custody log",
		    err);
		goto fail;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (version > SCHEMA_VERSION && (flags & CUSTODY_CASE_NOWRITE) != 0 &&
	    logged_version(c->db) > 0 &&
	    logged_version(c->db) <= SCHEMA_VERSION) {
		char why[128];

		snprintf(why, sizeof(why),
		    "schema version %d, but its custody log reached %d",
		    version, logged_version(c->db));
		rc = damaged(c, flags, path, why, err);
		goto fail;
	}
	if (version > SCHEMA_VERSION) {
		rc = custody_fail(err, CUSTODY_ERR_NOTCASE,
		    "%s: schema version %d is newer than this custody (%d); upgrade custody",
		    path, version, SCHEMA_VERSION);
		goto fail;
	}
	/* An older schema is read as it is; custody_case_migrate() brings it
	 * up to date when an examiner's key is at hand to sign for it. */
	c->version = version;
	if ((rc = meta_get(c->db, "case_id", &c->id, err)) != CUSTODY_OK ||
	    (rc = meta_get(c->db, "examiner", &c->examiner, err)) !=
	        CUSTODY_OK) {
		char why[600];

		snprintf(why, sizeof(why), "%s",
		    err != NULL ? err->msg : "case metadata incomplete");
		rc = damaged(c, flags, path, why, err);
		goto fail;
	}
	if (!c->readonly) {
		if ((rc = custody_db_exec(
		         c->db, "PRAGMA synchronous=FULL;", err)) != CUSTODY_OK)
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
	const char *sql = custody_embedded_text(path, len), *at, *name_end,
	           *inc;
	size_t inc_len, head, tail;
	char name[64], *out;

	if (sql == NULL)
		return NULL;
	if ((at = strstr(sql, mark)) == NULL ||
	    (name_end = strchr(at, '\n')) == NULL ||
	    (size_t)(name_end - at) - (sizeof(mark) - 1) >= sizeof(name))
		return strndup(sql, *len);
	memcpy(name, at + sizeof(mark) - 1,
	    (size_t)(name_end - at) - (sizeof(mark) - 1));
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
		return custody_fail(
		    err, CUSTODY_ERR_USAGE, "%s: opened read-only", c->dir);
	for (v = c->version + 1; v <= SCHEMA_VERSION; v++) {
		char path[64], subject[32];
		char *sql;
		size_t len;
		uint8_t md[CUSTODY_SHA256_LEN];
		char hex[65];
		struct custody_buf b;

		snprintf(path, sizeof(path), "schema/migrate/%d.sql", v);
		if ((sql = migration_text(path, &len)) == NULL)
			return custody_fail(
			    err, CUSTODY_ERR_USAGE, "%s is not built in", path);
		rc = custody_sha256(sql, len, md, err);
		if (rc != CUSTODY_OK) {
			free(sql);
			return rc;
		}
		custody_hex(md, sizeof(md), hex);
		custody_buf_init(&b, 1u << 16);
		custody_buf_addstr(&b, "{");
		custody_log_who(&b, c, who);
		custody_buf_printf(&b,
		    ",\"from\":%d,\"to\":%d,\"migration\":\"%s\","
		    "\"migration_sha256\":\"%s\",\"result\":\"ok\"}",
		    v - 1, v, path, hex);
		snprintf(subject, sizeof(subject), "schema:%d", v);
		if ((rc = custody_case_begin(c, err)) != CUSTODY_OK) {
			free(sql);
			custody_buf_release(&b);
			return rc;
		}
		/* the schema change and the event that records it commit together */
		if ((rc = custody_db_exec(c->db, sql, err)) != CUSTODY_OK ||
		    (rc = custody_log_append(c, who, "migrate", subject, b.data,
		         NULL, err)) != CUSTODY_OK) {
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
	remove_hot_copy(c->hot_copy);
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

/* ------------------------------------------------------------ originals as streams */

char *
custody_event_details(sqlite3 *db, int64_t event_seq)
{
	sqlite3_stmt *st;
	const char *line, *details;
	char *out = NULL;

	if (sqlite3_prepare_v2(db, "SELECT line FROM events WHERE seq = ?", -1,
	        &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_int64(st, 1, event_seq);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    (line = (const char *)sqlite3_column_text(st, 0)) != NULL &&
	    (details = strstr(line, " {")) != NULL)
		out = strdup(details + 1);
	sqlite3_finalize(st);
	return out;
}

bool
custody_event_compression(sqlite3 *db, int64_t event_seq, char name[16],
    char sha256[65], uint64_t *size)
{
	char *details = custody_event_details(db, event_seq);
	int64_t n = 0;
	bool ok;

	ok = details != NULL &&
	    custody_json_get_string(details, "compression", name, 16) &&
	    custody_json_get_string(
	        details, "decompressed_sha256", sha256, 65) &&
	    custody_json_get_int(details, "decompressed_size", &n) && n >= 0;
	free(details);
	*size = (uint64_t)n;
	return ok;
}

enum custody_code
custody_evidence_stream(struct custody_case *c, int64_t evidence_id,
    struct custody_stream **out, struct custody_error *err)
{
	sqlite3_stmt *st;
	char comp[16], sha[65], hash[65] = "", name[256];
	const char *comp_p = NULL;
	uint64_t plain_size = 0, size = 0;
	int64_t seq = 0;
	enum custody_code rc;
	int fd;

	if (sqlite3_prepare_v2(c->db,
	        "SELECT sha256, event_seq, original_name FROM evidence WHERE id = ?",
	        -1, &st, NULL) != SQLITE_OK)
		return custody_fail_sqlite(err, c->db, "reading evidence");
	sqlite3_bind_int64(st, 1, evidence_id);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_text(st, 0) != NULL &&
	    sqlite3_column_bytes(st, 0) == 64) {
		const char *n = (const char *)sqlite3_column_text(st, 2);

		snprintf(hash, sizeof(hash), "%s",
		    (const char *)sqlite3_column_text(st, 0));
		snprintf(name, sizeof(name), "%s", n != NULL ? n : hash);
		seq = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (hash[0] == '\0')
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "no evidence %lld in the case", (long long)evidence_id);
	if (custody_event_compression(c->db, seq, comp, sha, &plain_size))
		comp_p = comp;
	/* Through the case's directories, no link followed (as verify reads it). */
	if ((fd = custody_case_object_open(c, hash, &size, err)) < 0)
		return err->code != CUSTODY_OK ? err->code : CUSTODY_ERR_IO;
	rc = custody_stream_open_fd(
	    out, fd, size, name, comp_p, comp_p != NULL ? plain_size : 0, err);
	close(fd);
	return rc;
}
