/*
 * bundle.c: custody export, a case sealed into a BagIt bag (RFC 8493)
 * inside a deterministic pax tar (docs/bundle.md).
 *
 * One pass writes the tar in byte-sorted entry order. The order happens
 * to put every file after what it depends on: the payload (data/...)
 * comes before manifest-*.txt, which come before tagmanifest-*.txt,
 * before the four signatures of tagmanifest-sha256.txt. Payload files
 * are hashed (SHA-256 and SHA-512, one thread each) from the very bytes
 * handed to libarchive, so the manifests describe what was written.
 *
 * Crash safety: the export event is appended inside a write transaction
 * that stays open while the bundle is written to an unnamed file in the
 * target's directory (O_TMPFILE; a named BUNDLE.tmp-XXXXXX where the file
 * system has none); the file is fsynced and linked or renamed into place
 * (never over an existing file), the directory fsynced, and only then the
 * transaction commits. A crash before the rename leaves the case as it was (SQLite
 * rolls the journal back) and no bundle; a crash between the rename and
 * the commit leaves a complete bundle whose chain ends one event past
 * the case's (docs/bundle.md says what that means and how to see it).
 */
#define _GNU_SOURCE /* O_TMPFILE, renameat2 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>

#include "case_internal.h"
#include "bundle.h"
#include "json.h"
#include "sigfmt.h"

#define SLOT_SIZE  (1u << 20)
#define RING_SLOTS 8
#define MAX_NAME   100 /* bytes of an original's name kept in its bag path */

enum pkind {
	P_DIR,
	P_MEM,
	P_FILE,
	P_FD
};

struct pentry {
	char *rel; /* "data/evidence/..." ("data/x/" for a directory) */
	enum pkind kind;
	char *mem;  /* P_MEM: owned bytes */
	char *path; /* P_FILE: file to copy */
	int fd;     /* P_FD: open file to copy from offset 0 */
	uint64_t size;
	char expect_sha256
	    [65]; /* originals: what the evidence row says, or "" */
	uint8_t sha256[32], sha512[64];
};

struct tagfile {
	const char *name;
	struct custody_buf b;
};

struct exp {
	struct custody_case *c;
	const struct custody_actor *who;
	const struct custody_export_opts *opts;
	struct custody_error *err;
	struct archive *a;
	struct pentry *p;
	size_t np, pcap;
	struct tagfile tags[8];
	size_t ntags;
	uint8_t *slot[RING_SLOTS];
	uint64_t done, total; /* payload bytes, for progress */
	char head[65];
	char tm256[65]; /* SHA-256 of tagmanifest-sha256.txt */
	int64_t seq;
};

/* ------------------------------------------------------------ helpers */

static bool
safe_component(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > 64 || s[0] == '.' || s[0] == '-')
		return false;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		        (s[i] >= 'a' && s[i] <= 'z') ||
		        (s[i] >= '0' && s[i] <= '9') || s[i] == '.' ||
		        s[i] == '_' || s[i] == '-'))
			return false;
	return true;
}

void
custody_bag_name(const char *original, char *out, size_t outlen)
{
	size_t i, o = 0;

	for (i = 0; original[i] != '\0' && o + 1 < outlen && o < MAX_NAME;
	     i++) {
		char ch = original[i];
		bool ok = (ch >= 'A' && ch <= 'Z') ||
		    (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		    ch == '.' || ch == '_' || ch == '-';

		if (o == 0 && ch == '.')
			ok = false;
		out[o++] = ok ? ch : '_';
	}
	out[o] = '\0';
	if (o == 0)
		snprintf(out, outlen, "original");
}

static struct pentry *
add_entry(struct exp *x, const char *rel, enum pkind kind)
{
	struct pentry *e;

	if (x->np == x->pcap) {
		size_t cap = x->pcap ? 2 * x->pcap : 64;
		struct pentry *grown = realloc(x->p, cap * sizeof(*grown));

		if (grown == NULL)
			return NULL;
		x->p = grown;
		x->pcap = cap;
	}
	e = &x->p[x->np];
	memset(e, 0, sizeof(*e));
	e->fd = -1;
	e->kind = kind;
	if ((e->rel = strdup(rel)) == NULL)
		return NULL;
	x->np++;
	return e;
}

static enum custody_code
add_mem(struct exp *x, const char *rel, const void *data, size_t len)
{
	struct pentry *e = add_entry(x, rel, P_MEM);

	if (e == NULL || (e->mem = malloc(len + 1)) == NULL)
		return custody_fail(
		    x->err, CUSTODY_ERR_NOMEM, "export: no memory");
	if (len > 0)
		memcpy(e->mem, data, len);
	e->size = len;
	return CUSTODY_OK;
}

static enum custody_code
add_file(
    struct exp *x, const char *rel, const char *path, const char *expect_sha256)
{
	struct pentry *e;
	struct stat st;
	int fd;

	/* an object of the case: reached without following a link */
	if (expect_sha256 != NULL) {
		if ((fd = custody_case_object_open(
		         x->c, expect_sha256, NULL, x->err)) < 0)
			return CUSTODY_ERR_IO;
		if (fstat(fd, &st) != 0) {
			close(fd);
			return custody_fail_errno(
			    x->err, CUSTODY_ERR_IO, "%s", path);
		}
		close(fd);
	} else if (lstat(path, &st) != 0)
		return custody_fail_errno(x->err, CUSTODY_ERR_IO, "%s", path);
	if (!S_ISREG(st.st_mode))
		return custody_fail(
		    x->err, CUSTODY_ERR_FORMAT, "%s: not a regular file", path);
	if ((e = add_entry(x, rel, P_FILE)) == NULL ||
	    (e->path = strdup(path)) == NULL)
		return custody_fail(
		    x->err, CUSTODY_ERR_NOMEM, "export: no memory");
	e->size = (uint64_t)st.st_size;
	if (expect_sha256 != NULL)
		snprintf(e->expect_sha256, sizeof(e->expect_sha256), "%s",
		    expect_sha256);
	return CUSTODY_OK;
}

static int
by_rel(const void *a, const void *b)
{
	return strcmp(
	    ((const struct pentry *)a)->rel, ((const struct pentry *)b)->rel);
}

static char *
object_path(const struct custody_case *c, const char *sha256)
{
	char rel[128];

	snprintf(
	    rel, sizeof(rel), "objects/sha256/%.2s/%s", sha256, sha256 + 2);
	return custody_case_path(c, rel);
}

static bool
is_hex64(const char *s)
{
	size_t i;

	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		        (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return s[64] == '\0';
}

/* ------------------------------------------------------------ tar output */

static enum custody_code
fail_archive(struct exp *x, const char *what)
{
	return custody_fail(x->err, CUSTODY_ERR_ARCHIVE, "%s: %s", what,
	    archive_error_string(x->a) != NULL ? archive_error_string(x->a)
	                                       : "libarchive failed");
}

static enum custody_code
tar_header(struct exp *x, const char *rel, bool dir, uint64_t size)
{
	struct archive_entry *e = archive_entry_new();
	struct custody_buf path;
	enum custody_code rc = CUSTODY_OK;

	if (e == NULL)
		return custody_fail(
		    x->err, CUSTODY_ERR_NOMEM, "export: no memory");
	custody_buf_init(&path, 8192);
	if (custody_buf_printf(&path, "%s/%s", x->c->id, rel) != CUSTODY_OK) {
		archive_entry_free(e);
		return custody_fail(
		    x->err, CUSTODY_ERR_LIMIT, "%s: path too long", rel);
	}
	archive_entry_set_pathname(e, path.data);
	archive_entry_set_filetype(e, dir ? AE_IFDIR : AE_IFREG);
	archive_entry_set_perm(e, dir ? 0555 : 0444);
	archive_entry_set_size(e, dir ? 0 : (la_int64_t)size);
	archive_entry_set_uid(e, 0);
	archive_entry_set_gid(e, 0);
	archive_entry_set_mtime(e, (time_t)(x->who->now_ns / 1000000000), 0);
	if (archive_write_header(x->a, e) != ARCHIVE_OK)
		rc = fail_archive(x, path.data);
	archive_entry_free(e);
	custody_buf_release(&path);
	return rc;
}

static enum custody_code
tar_data(struct exp *x, const char *rel, const void *p, size_t n)
{
	while (n > 0) {
		la_ssize_t w = archive_write_data(x->a, p, n);

		if (w <= 0)
			return fail_archive(x, rel);
		p = (const char *)p + w;
		n -= (size_t)w;
	}
	return CUSTODY_OK;
}

/* A file held in memory: header, data, and its digests. */
static enum custody_code
tar_mem(struct exp *x, const char *rel, const void *p, size_t n,
    uint8_t sha256[32], uint8_t sha512[64])
{
	enum custody_code rc;

	if (sha256 != NULL &&
	    (EVP_Digest(p, n, sha256, NULL, EVP_sha256(), NULL) != 1 ||
	        EVP_Digest(p, n, sha512, NULL, EVP_sha512(), NULL) != 1))
		return custody_fail_openssl(x->err, "digest");
	if ((rc = tar_header(x, rel, false, n)) != CUSTODY_OK)
		return rc;
	return tar_data(x, rel, p, n);
}

/* ------------------------------------------------------------ hashing while copying */

struct ring {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	uint8_t **slot;
	size_t len[RING_SLOTS];
	uint64_t produced, consumed[2];
	bool eof, abort;
};

struct hasher {
	struct ring *r;
	int i;
	EVP_MD_CTX *md;
	bool failed;
};

static void *
hash_thread(void *arg)
{
	struct hasher *h = arg;
	struct ring *r = h->r;
	uint64_t next = 0;

	for (;;) {
		size_t k;

		pthread_mutex_lock(&r->mu);
		while (r->produced == next && !r->eof && !r->abort)
			pthread_cond_wait(&r->cv, &r->mu);
		if (r->abort || r->produced == next) {
			pthread_mutex_unlock(&r->mu);
			return NULL;
		}
		pthread_mutex_unlock(&r->mu);
		k = (size_t)(next % RING_SLOTS);
		if (EVP_DigestUpdate(h->md, r->slot[k], r->len[k]) != 1)
			h->failed = true;
		pthread_mutex_lock(&r->mu);
		r->consumed[h->i] = ++next;
		if (h->failed)
			r->abort = true;
		pthread_cond_broadcast(&r->cv);
		pthread_mutex_unlock(&r->mu);
	}
}

/*
 * Copies fd (size bytes, as the tar header declared) into the tar while
 * two threads hash the same slots. A file that turns out shorter or
 * longer than declared is an error: the bag would lie.
 */
static enum custody_code
tar_copy(struct exp *x, struct pentry *e, int fd)
{
	struct ring r;
	struct hasher h[2];
	pthread_t tid[2];
	enum custody_code rc = CUSTODY_OK;
	uint64_t got = 0;
	int started = 0, i;

	memset(&r, 0, sizeof(r));
	memset(h, 0, sizeof(h));
	r.slot = x->slot;
	pthread_mutex_init(&r.mu, NULL);
	pthread_cond_init(&r.cv, NULL);
	for (i = 0; i < 2; i++) {
		h[i].r = &r;
		h[i].i = i;
		if ((h[i].md = EVP_MD_CTX_new()) == NULL ||
		    EVP_DigestInit_ex(h[i].md,
		        i == 0 ? EVP_sha256() : EVP_sha512(), NULL) != 1) {
			rc = custody_fail_openssl(x->err, "digest init");
			goto out;
		}
	}
	for (i = 0; i < 2; i++) {
		if (pthread_create(&tid[i], NULL, hash_thread, &h[i]) != 0) {
			rc = custody_fail(x->err, CUSTODY_ERR_NOMEM,
			    "export: cannot start a thread");
			goto stop;
		}
		started++;
	}
	(void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	for (;;) {
		size_t k, len = 0;
		bool stop;

		pthread_mutex_lock(&r.mu);
		while (!r.abort &&
		    (r.produced - r.consumed[0] >= RING_SLOTS ||
		        r.produced - r.consumed[1] >= RING_SLOTS))
			pthread_cond_wait(&r.cv, &r.mu);
		stop = r.abort;
		pthread_mutex_unlock(&r.mu);
		if (stop)
			break;
		k = (size_t)(r.produced % RING_SLOTS);
		while (len < SLOT_SIZE) {
			ssize_t n = read(fd, r.slot[k] + len, SLOT_SIZE - len);

			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0) {
				rc = custody_fail_errno(x->err, CUSTODY_ERR_IO,
				    "%s: read at byte %llu", e->rel,
				    (unsigned long long)(got + len));
				break;
			}
			if (n == 0)
				break;
			len += (size_t)n;
		}
		if (rc != CUSTODY_OK || len == 0)
			break;
		if (got + len > e->size) {
			rc = custody_fail(x->err, CUSTODY_ERR_VERIFY,
			    "%s: grew past %llu bytes while being exported",
			    e->rel, (unsigned long long)e->size);
			break;
		}
		got += len;
		pthread_mutex_lock(&r.mu);
		r.len[k] = len;
		r.produced++;
		pthread_cond_broadcast(&r.cv);
		pthread_mutex_unlock(&r.mu);
		/* The tar gets the slot while the hashers read it. */
		if ((rc = tar_data(x, e->rel, r.slot[k], len)) != CUSTODY_OK)
			break;
		x->done += len;
		if (x->opts->progress != NULL && r.produced % 64 == 0)
			x->opts->progress(
			    x->done, x->total, x->opts->progress_arg);
	}
stop:
	pthread_mutex_lock(&r.mu);
	r.eof = true;
	if (rc != CUSTODY_OK)
		r.abort = true;
	pthread_cond_broadcast(&r.cv);
	pthread_mutex_unlock(&r.mu);
	for (i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	if (rc == CUSTODY_OK && got != e->size)
		rc = custody_fail(x->err, CUSTODY_ERR_VERIFY,
		    "%s: %llu bytes where %llu were expected (changed while being exported)",
		    e->rel, (unsigned long long)got,
		    (unsigned long long)e->size);
	if (rc == CUSTODY_OK &&
	    (h[0].failed || h[1].failed ||
	        EVP_DigestFinal_ex(h[0].md, e->sha256, NULL) != 1 ||
	        EVP_DigestFinal_ex(h[1].md, e->sha512, NULL) != 1))
		rc = custody_fail_openssl(x->err, "digest");
out:
	EVP_MD_CTX_free(h[0].md);
	EVP_MD_CTX_free(h[1].md);
	pthread_mutex_destroy(&r.mu);
	pthread_cond_destroy(&r.cv);
	return rc;
}

static enum custody_code
write_payload(struct exp *x, struct pentry *e)
{
	enum custody_code rc;
	int fd;

	switch (e->kind) {
	case P_DIR:
		return tar_header(x, e->rel, true, 0);
	case P_MEM:
		rc = tar_mem(
		    x, e->rel, e->mem, (size_t)e->size, e->sha256, e->sha512);
		x->done += e->size;
		return rc;
	case P_FD:
		if (lseek(e->fd, 0, SEEK_SET) != 0)
			return custody_fail_errno(
			    x->err, CUSTODY_ERR_IO, "%s: seek", e->rel);
		if ((rc = tar_header(x, e->rel, false, e->size)) != CUSTODY_OK)
			return rc;
		return tar_copy(x, e, e->fd);
	case P_FILE:
		break;
	}
	if (e->expect_sha256[0] != '\0') {
		if ((fd = custody_case_object_open(
		         x->c, e->expect_sha256, NULL, x->err)) < 0)
			return CUSTODY_ERR_IO;
	} else if ((fd = open(e->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return custody_fail_errno(
		    x->err, CUSTODY_ERR_IO, "%s", e->path);
	if ((rc = tar_header(x, e->rel, false, e->size)) == CUSTODY_OK)
		rc = tar_copy(x, e, fd);
	close(fd);
	if (rc == CUSTODY_OK && e->expect_sha256[0] != '\0') {
		char hex[65];

		custody_hex(e->sha256, 32, hex);
		if (strcmp(hex, e->expect_sha256) != 0)
			return custody_fail(x->err, CUSTODY_ERR_VERIFY,
			    "%s: the stored original hashes to %.16s..., its evidence row says %.16s...;"
			    " run custody verify",
			    e->path, hex, e->expect_sha256);
	}
	return rc;
}

/* ------------------------------------------------------------ tag files */

static struct custody_buf *
new_tag(struct exp *x, const char *name)
{
	struct tagfile *t = &x->tags[x->ntags++];

	t->name = name;
	custody_buf_init(&t->b, 1u << 20);
	return &t->b;
}

static enum custody_code
write_tag(struct exp *x, const struct custody_buf *b, const char *name)
{
	return tar_mem(x, name, b->data, b->len, NULL, NULL);
}

static enum custody_code
manifest(struct exp *x, bool sha512, struct custody_buf *out)
{
	char hex[129];
	size_t i;

	for (i = 0; i < x->np; i++) {
		if (x->p[i].kind == P_DIR)
			continue;
		if (sha512)
			custody_hex(x->p[i].sha512, 64, hex);
		else
			custody_hex(x->p[i].sha256, 32, hex);
		if (custody_buf_printf(out, "%s  %s\n", hex, x->p[i].rel) !=
		    CUSTODY_OK)
			return custody_fail(
			    x->err, CUSTODY_ERR_NOMEM, "export: no memory");
	}
	return CUSTODY_OK;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct tagfile *)a)->name,
	    ((const struct tagfile *)b)->name);
}

static enum custody_code
tagmanifest(struct exp *x, bool sha512, struct custody_buf *out)
{
	struct tagfile sorted[8];
	uint8_t md[64];
	char hex[129];
	size_t i;

	memcpy(sorted, x->tags, x->ntags * sizeof(sorted[0]));
	qsort(sorted, x->ntags, sizeof(sorted[0]), by_name);
	for (i = 0; i < x->ntags; i++) {
		if (EVP_Digest(sorted[i].b.data, sorted[i].b.len, md, NULL,
		        sha512 ? EVP_sha512() : EVP_sha256(), NULL) != 1)
			return custody_fail_openssl(x->err, "digest");
		custody_hex(md, sha512 ? 64 : 32, hex);
		if (custody_buf_printf(out, "%s  %s\n", hex, sorted[i].name) !=
		    CUSTODY_OK)
			return custody_fail(
			    x->err, CUSTODY_ERR_NOMEM, "export: no memory");
	}
	return CUSTODY_OK;
}

/* ------------------------------------------------------------ gathering */

struct logctx {
	struct custody_buf *log;
	struct exp *x;
	enum custody_code rc;
	char last_time[40];
	char head[65];
	int64_t last_seq;
};

static int
log_line(const struct custody_event *ev, void *arg)
{
	struct logctx *l = arg;

	if (custody_event_logline(l->log, ev) != CUSTODY_OK) {
		l->rc = custody_fail(
		    l->x->err, CUSTODY_ERR_LIMIT, "custody.log: too large");
		return 1;
	}
	snprintf(l->last_time, sizeof(l->last_time), "%s", ev->time);
	snprintf(l->head, sizeof(l->head), "%s", ev->hash);
	l->last_seq = ev->seq;
	if (strcmp(ev->action, "timestamp") == 0 &&
	    strncmp(ev->subject, "sha256:", 7) == 0 &&
	    is_hex64(ev->subject + 7)) {
		char rel[64], *path = object_path(l->x->c, ev->subject + 7);

		snprintf(rel, sizeof(rel), "data/timestamps/%lld.tsr",
		    (long long)ev->seq);
		l->rc = path != NULL
		    ? add_file(l->x, rel, path, ev->subject + 7)
		    : custody_fail(l->x->err, CUSTODY_ERR_NOMEM, "no memory");
		free(path);
		if (l->rc != CUSTODY_OK)
			return 1;
	}
	return 0;
}

static enum custody_code
add_evidence(struct exp *x, uint64_t *count, uint64_t *bytes)
{
	sqlite3_stmt *st;
	enum custody_code rc;
	int step;

	if ((rc = custody_db_prepare(x->c->db,
	         "SELECT sha256, size, original_name FROM evidence ORDER BY id",
	         &st, x->err)) != CUSTODY_OK)
		return rc;
	while (rc == CUSTODY_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *sha = (const char *)sqlite3_column_text(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 2);
		char safe[MAX_NAME + 1], rel[256], *path;

		if (sha == NULL || !is_hex64(sha)) {
			rc = custody_fail(x->err, CUSTODY_ERR_VERIFY,
			    "an evidence row has a malformed sha256; run custody verify");
			break;
		}
		custody_bag_name(name != NULL ? name : "", safe, sizeof(safe));
		snprintf(rel, sizeof(rel), "data/evidence/%s-%s", sha, safe);
		if ((path = object_path(x->c, sha)) == NULL) {
			rc = custody_fail(
			    x->err, CUSTODY_ERR_NOMEM, "no memory");
			break;
		}
		rc = add_file(x, rel, path, sha);
		free(path);
		if (rc == CUSTODY_OK &&
		    x->p[x->np - 1].size !=
		        (uint64_t)sqlite3_column_int64(st, 1))
			rc = custody_fail(x->err, CUSTODY_ERR_VERIFY,
			    "%s: stored original is %llu bytes, its evidence row says %lld; run custody"
			    " verify",
			    rel, (unsigned long long)x->p[x->np - 1].size,
			    (long long)sqlite3_column_int64(st, 1));
		(*count)++;
		*bytes += x->p[x->np - 1].size;
	}
	sqlite3_finalize(st);
	return rc;
}

static enum custody_code
add_queries(struct exp *x)
{
	const char *const *names = custody_query_names();
	enum custody_code rc = CUSTODY_OK;
	size_t i;

	for (i = 0; names[i] != NULL && rc == CUSTODY_OK; i++) {
		char path[256], rel[256];
		const char *text;
		size_t len;

		snprintf(path, sizeof(path), "schema/queries/%s.sql", names[i]);
		snprintf(rel, sizeof(rel), "data/queries/%s.sql", names[i]);
		if ((text = custody_embedded_text(path, &len)) == NULL)
			return custody_fail(x->err, CUSTODY_ERR_USAGE,
			    "%s: not embedded", path);
		rc = add_mem(x, rel, text, len);
	}
	return rc;
}

/* Every key the case has had, as data/keys/KEYID.pem: a reader checks each
 * line of custody.log with the key it names (docs/verify-by-hand.md). */
static enum custody_code
add_keys(struct exp *x)
{
	sqlite3_stmt *st;
	enum custody_code rc;
	int step;

	if ((rc = custody_db_prepare(x->c->db,
	         "SELECT key_id, public_key FROM keys ORDER BY added_seq, key_id",
	         &st, x->err)) != CUSTODY_OK)
		return rc;
	while (rc == CUSTODY_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		struct custody_key *k = NULL;
		struct custody_buf pem;
		char rel[128];

		if (id == NULL || !is_hex64(id) ||
		    sqlite3_column_bytes(st, 1) != 32 ||
		    custody_key_from_raw(
		        &k, sqlite3_column_blob(st, 1), x->err) != CUSTODY_OK ||
		    strcmp(custody_key_id(k), id) != 0) {
			custody_key_free(k);
			rc = custody_fail(x->err, CUSTODY_ERR_VERIFY,
			    "the key table holds a key that is not its id; run custody verify");
			break;
		}
		custody_buf_init(&pem, CUSTODY_SIGFILE_MAX);
		snprintf(rel, sizeof(rel), "data/keys/%s.pem", id);
		if ((rc = custody_pub_pem(k, &pem, x->err)) == CUSTODY_OK)
			rc = add_mem(x, rel, pem.data, pem.len);
		custody_buf_release(&pem);
		custody_key_free(k);
	}
	sqlite3_finalize(st);
	return rc;
}

static enum custody_code
to_fd(void *arg, const void *p, size_t n, struct custody_error *err)
{
	int fd = *(int *)arg;

	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return custody_fail_errno(
			    err, CUSTODY_ERR_IO, "writing case.sql");
		p = (const char *)p + w;
		n -= (size_t)w;
	}
	return CUSTODY_OK;
}

static enum custody_code
to_buf(void *arg, const void *p, size_t n, struct custody_error *err)
{
	if (custody_buf_add(arg, p, n) != CUSTODY_OK)
		return custody_fail(
		    err, CUSTODY_ERR_LIMIT, "%s: too large", CUSTODY_UCO_FILE);
	return CUSTODY_OK;
}

/* A file in dir that no name points to: vanishes with the process. */
static int
anon_file(const char *dir, struct custody_error *err)
{
	char path[4200];
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);

	if (fd >= 0)
		return fd;
	snprintf(path, sizeof(path), "%s/.custody-export-XXXXXX", dir);
	if ((fd = mkostemp(path, O_CLOEXEC)) < 0) {
		custody_fail_errno(err, CUSTODY_ERR_IO,
		    "%s: cannot write a bundle there", dir);
		return -1;
	}
	unlink(path);
	return fd;
}

static enum custody_code
fsync_dir(const char *dir, struct custody_error *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0 || fsync(fd) != 0) {
		custody_fail_errno(err, CUSTODY_ERR_IO, "%s: fsync", dir);
		if (fd >= 0)
			close(fd);
		return CUSTODY_ERR_IO;
	}
	close(fd);
	return CUSTODY_OK;
}

/* ------------------------------------------------------------ the bag */

static enum custody_code
bag_info(struct exp *x, uint64_t bytes, uint64_t files, struct custody_buf *b)
{
	char when[40], date[11];
	/* who seals: the holder of the sealing key (after a handover, not
	 * necessarily the examiner who created the case) */
	char *ex = custody_case_key_holder(x->c, custody_key_id(x->who->key));
	enum custody_code rc = CUSTODY_OK;
	size_t i;

	if (ex == NULL)
		return custody_fail(
		    x->err, CUSTODY_ERR_NOMEM, "export: no memory");
	custody_time_format(x->who->now_ns, 0, when);
	memcpy(date, when, 10);
	date[10] = '\0';
	custody_buf_printf(
	    b, "External-Identifier: %s\nContact-Name: ", x->c->id);
	for (i = 0; ex[i] != '\0'; i++) /* one line, whatever the name holds */
		custody_buf_add(
		    b, (unsigned char)ex[i] < 0x20 ? " " : &ex[i], 1);
	if (custody_buf_printf(b,
	        "\nBagging-Date: %s\nPayload-Oxum: %llu.%llu\nBag-Software-Agent: custody %s\n"
	        "Custody-Seal-Time: %s\nCustody-Head: %s\n",
	        date, (unsigned long long)bytes, (unsigned long long)files,
	        CUSTODY_VERSION, when, x->head) != CUSTODY_OK)
		rc = custody_fail(
		    x->err, CUSTODY_ERR_NOMEM, "export: no memory");
	free(ex);
	return rc;
}

static enum custody_code
sign_all(
    struct exp *x, const struct custody_buf *tm256, struct custody_buf sig[4])
{
	const struct custody_key *k = x->who->key;
	struct custody_buf comment;
	char when[40];
	enum custody_code rc;
	int i;

	for (i = 0; i < 4; i++)
		custody_buf_init(&sig[i], CUSTODY_SIGFILE_MAX);
	custody_time_format(x->who->now_ns, 0, when);
	custody_buf_init(&comment, 512);
	custody_buf_printf(&comment,
	    "custody-bundle %s sealed %s head %s file:tagmanifest-sha256.txt",
	    x->c->id, when, x->head);
	if ((rc = custody_sig_raw(
	         k, tm256->data, tm256->len, &sig[0], x->err)) == CUSTODY_OK &&
	    (rc = custody_sig_minisign(k, tm256->data, tm256->len, comment.data,
	         &sig[1], x->err)) == CUSTODY_OK &&
	    (rc = custody_sig_signify(
	         k, tm256->data, tm256->len, &sig[2], x->err)) == CUSTODY_OK)
		rc = custody_sig_ssh(k, tm256->data, tm256->len,
		    CUSTODY_SSH_NAMESPACE, &sig[3], x->err);
	custody_buf_release(&comment);
	return rc;
}

/* Writes the whole tar to fd. */
static enum custody_code
write_tar(struct exp *x, int fd, uint64_t bytes, uint64_t files)
{
	struct custody_buf *b, tm256, tm512, sig[4];
	enum custody_code rc;
	char principal[256];
	size_t i;
	int s;

	if ((x->a = archive_write_new()) == NULL)
		return custody_fail(
		    x->err, CUSTODY_ERR_NOMEM, "export: no memory");
	if (archive_write_set_format_pax(x->a) != ARCHIVE_OK ||
	    archive_write_add_filter_none(x->a) != ARCHIVE_OK ||
	    /* Big writes; the tar still ends padded to 10240 bytes, as
	     * with libarchive's default blocking. */
	    archive_write_set_bytes_per_block(x->a, 100 * 10240) !=
	        ARCHIVE_OK ||
	    archive_write_set_bytes_in_last_block(x->a, 10240) != ARCHIVE_OK ||
	    archive_write_open_fd(x->a, fd) != ARCHIVE_OK)
		return fail_archive(x, "tar");
	custody_buf_init(&tm256, 1u << 20);
	custody_buf_init(&tm512, 1u << 20);
	for (s = 0; s < 4; s++)
		custody_buf_init(&sig[s], 16);

	/* Tag files that need nothing from the payload. */
	{
		char *holder =
		    custody_case_key_holder(x->c, custody_key_id(x->who->key));

		custody_ssh_principal(
		    holder != NULL ? holder : custody_case_examiner(x->c),
		    principal, sizeof(principal));
		free(holder);
	}
	if ((rc = custody_pub_allowed_signers(x->who->key, principal,
	         new_tag(x, "allowed_signers"), x->err)) != CUSTODY_OK ||
	    (rc = bag_info(x, bytes, files, new_tag(x, "bag-info.txt"))) !=
	        CUSTODY_OK)
		goto out;
	b = new_tag(x, "bagit.txt");
	custody_buf_addstr(
	    b, "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
	if ((rc = custody_pub_minisign(x->who->key,
	         new_tag(x, "examiner.minisign.pub"), x->err)) != CUSTODY_OK ||
	    (rc = custody_pub_pem(x->who->key, new_tag(x, "examiner.pem"),
	         x->err)) != CUSTODY_OK ||
	    (rc = custody_pub_signify(x->who->key,
	         new_tag(x, "examiner.signify.pub"), x->err)) != CUSTODY_OK)
		goto out;

	/* In byte order: CASEID/, allowed_signers, bag-info.txt, bagit.txt,
	 * data/..., examiner.*, manifest-*, tagmanifest-sha256.txt and its
	 * signatures, tagmanifest-sha512.txt. */
	if ((rc = tar_header(x, "", true, 0)) != CUSTODY_OK)
		goto out;
	for (i = 0; i < 3; i++)
		if ((rc = write_tag(x, &x->tags[i].b, x->tags[i].name)) !=
		    CUSTODY_OK)
			goto out;
	for (i = 0; i < x->np; i++)
		if ((rc = write_payload(x, &x->p[i])) != CUSTODY_OK)
			goto out;
	for (i = 3; i < 6; i++)
		if ((rc = write_tag(x, &x->tags[i].b, x->tags[i].name)) !=
		    CUSTODY_OK)
			goto out;
	if ((rc = manifest(x, false,
	         (b = new_tag(x, "manifest-sha256.txt")))) != CUSTODY_OK ||
	    (rc = write_tag(x, b, "manifest-sha256.txt")) != CUSTODY_OK ||
	    (rc = manifest(x, true, (b = new_tag(x, "manifest-sha512.txt")))) !=
	        CUSTODY_OK ||
	    (rc = write_tag(x, b, "manifest-sha512.txt")) != CUSTODY_OK)
		goto out;
	if ((rc = tagmanifest(x, false, &tm256)) != CUSTODY_OK ||
	    (rc = tagmanifest(x, true, &tm512)) != CUSTODY_OK ||
	    (rc = write_tag(x, &tm256, "tagmanifest-sha256.txt")) != CUSTODY_OK)
		goto out;
	{
		uint8_t md[32];

		EVP_Digest(tm256.data, tm256.len, md, NULL, EVP_sha256(), NULL);
		custody_hex(md, 32, x->tm256);
	}
	for (s = 0; s < 4; s++)
		custody_buf_release(&sig[s]);
	if ((rc = sign_all(x, &tm256, sig)) != CUSTODY_OK)
		goto out;
	for (s = 0; s < 4; s++) {
		char name[64];

		snprintf(name, sizeof(name), "tagmanifest-sha256.txt.%s",
		    custody_sigform_suffix((enum custody_sigform)s));
		if ((rc = write_tag(x, &sig[s], name)) != CUSTODY_OK)
			goto out;
	}
	if ((rc = write_tag(x, &tm512, "tagmanifest-sha512.txt")) != CUSTODY_OK)
		goto out;
	if (archive_write_close(x->a) != ARCHIVE_OK)
		rc = fail_archive(x, "tar");
out:
	custody_buf_release(&tm256);
	custody_buf_release(&tm512);
	for (s = 0; s < 4; s++)
		custody_buf_release(&sig[s]);
	archive_write_free(x->a);
	x->a = NULL;
	return rc;
}

/* Directory entries for every directory a payload path passes through. */
static enum custody_code
add_dirs(struct exp *x)
{
	size_t i, n = x->np;

	if (add_entry(x, "data/", P_DIR) == NULL)
		return custody_fail(
		    x->err, CUSTODY_ERR_NOMEM, "export: no memory");
	for (i = 0; i < n; i++) {
		const char *slash;

		/* every level: data/report/ and data/report/records/ */
		for (slash = strchr(x->p[i].rel + 5, '/'); slash != NULL;
		     slash = strchr(slash + 1, '/')) {
			char dir[256];
			size_t j;
			bool have = false;

			snprintf(dir, sizeof(dir), "%.*s",
			    (int)(slash + 1 - x->p[i].rel), x->p[i].rel);
			for (j = n; j < x->np && !have; j++)
				have = strcmp(x->p[j].rel, dir) == 0;
			if (!have && add_entry(x, dir, P_DIR) == NULL)
				return custody_fail(x->err, CUSTODY_ERR_NOMEM,
				    "export: no memory");
		}
	}
	return CUSTODY_OK;
}

/* The entries write_tar() adds to the payload's: the top directory and
 * the tag files (bagit.txt, bag-info.txt, two manifests, two tag
 * manifests, four signatures, four key files). */
#define TAG_ENTRIES 15

static void warn_one(struct exp *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
warn_one(struct exp *x, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	x->opts->warn(msg, x->opts->warn_arg);
}

/*
 * Before the tar is written: each way the bundle would go over the limits
 * custody review reads it within (opts->limits, else review's defaults).
 * The tag files are counted as entries, not as bytes: a few kilobytes.
 */
static void
warn_limits(struct exp *x, uint64_t bytes)
{
	struct custody_review_limits def;
	const struct custody_review_limits *l = x->opts->limits;
	size_t i;

	if (x->opts->warn == NULL)
		return;
	if (l == NULL) {
		custody_review_limits_default(&def);
		l = &def;
	}
	for (i = 0; i < x->np; i++)
		if (x->p[i].kind != P_DIR && x->p[i].size > l->max_entry)
			warn_one(x,
			    "%s: %llu bytes, over custody review's limit of %llu bytes for one"
			    " entry (review --max-entry)",
			    x->p[i].rel, (unsigned long long)x->p[i].size,
			    (unsigned long long)l->max_entry);
	if (bytes > l->max_total)
		warn_one(x,
		    "the bundle's files add up to %llu bytes, over custody review's limit of"
		    " %llu bytes (review --max-total)",
		    (unsigned long long)bytes,
		    (unsigned long long)l->max_total);
	if ((uint64_t)x->np + TAG_ENTRIES > l->max_entries)
		warn_one(x,
		    "the bundle has %llu entries, over custody review's limit of %llu"
		    " (review --max-entries)",
		    (unsigned long long)x->np + TAG_ENTRIES,
		    (unsigned long long)l->max_entries);
}

struct claimsrun {
	char *text, *name, *json;
	size_t len;
	struct exp *x;
};

static void
claimsrun_release(struct claimsrun *r)
{
	free(r->text);
	free(r->json);
}

/* Each file of the report into data/report/ (report.json kept for the
 * export event's report_sha256). */
static enum custody_code
put_report(void *arg, const char *name, const void *data, size_t len,
    struct custody_error *err)
{
	struct claimsrun *r = arg;
	char rel[200];

	(void)err;
	if (strcmp(name, "report.json") == 0 &&
	    (r->json = strndup(data, len)) == NULL)
		return custody_fail(
		    r->x->err, CUSTODY_ERR_NOMEM, "export: no memory");
	snprintf(rel, sizeof(rel), "data/report/%s", name);
	return add_mem(r->x, rel, data, len);
}

/* Reads the claims file, runs it on the case as it stands (head), and
 * adds it and its report to the payload. */
static enum custody_code
run_claims(
    struct exp *x, const char *path, const char *head, struct claimsrun *r)
{
	struct custody_claims *cl = NULL;
	enum custody_code rc;
	char safe[MAX_NAME + 1], rel[160];
	FILE *f;
	long n;

	if ((rc = custody_check_regular(path, x->err)) != CUSTODY_OK)
		return rc;
	if ((f = fopen(path, "rb")) == NULL)
		return custody_fail_errno(x->err, CUSTODY_ERR_IO, "%s", path);
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    n > (long)CUSTODY_MAX_LINE || fseek(f, 0, SEEK_SET) != 0 ||
	    (r->text = malloc((size_t)n + 1)) == NULL ||
	    fread(r->text, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		return custody_fail(x->err, CUSTODY_ERR_LIMIT,
		    "%s: unreadable, or over %u bytes", path, CUSTODY_MAX_LINE);
	}
	fclose(f);
	r->text[n] = '\0';
	r->len = (size_t)n;
	r->name = (char *)(uintptr_t)custody_basename(path);
	if ((rc = custody_claims_parse(&cl, path, r->text, r->len, x->err)) !=
	    CUSTODY_OK)
		return rc;
	r->x = x;
	/* The report as claims --out writes it: records of every claim,
	 * charts' data, json, md, html. */
	if ((rc = custody_claims_run(x->c, cl, x->err)) == CUSTODY_OK)
		rc =
		    custody_report_write(x->c, cl, head, put_report, r, x->err);
	custody_claims_free(cl);
	if (rc != CUSTODY_OK)
		return rc;
	custody_bag_name(r->name, safe, sizeof(safe));
	snprintf(rel, sizeof(rel), "data/claims/%s", safe);
	return add_mem(x, rel, r->text, r->len);
}

static enum custody_code
event_details(struct exp *x, const char *bundle, uint64_t count, uint64_t bytes,
    const struct claimsrun *o, struct custody_buf *b)
{
	char when[40];

	custody_time_format(x->who->now_ns, 0, when);
	custody_buf_addstr(b, "{");
	custody_log_who(b, x->c, x->who);
	/* Not the bundle's file name: where it is written must not change
	 * what is written. */
	(void)bundle;
	custody_buf_printf(b,
	    ",\"seal_time\":\"%s\",\"evidence\":%llu,\"evidence_bytes\":%llu",
	    when, (unsigned long long)count, (unsigned long long)bytes);
	/* whether case.sql holds the record rows (review needs to know) */
	custody_buf_printf(
	    b, ",\"record_dump\":%s", x->opts->record_dump ? "true" : "false");
	if (o->text != NULL) {
		uint8_t md[32];
		char hex[65];

		custody_buf_addstr(b, ",\"claims_file\":");
		custody_buf_json_str(b, o->name, strlen(o->name));
		EVP_Digest(o->text, o->len, md, NULL, EVP_sha256(), NULL);
		custody_hex(md, 32, hex);
		custody_buf_printf(b, ",\"claims_sha256\":\"%s\"", hex);
		EVP_Digest(
		    o->json, strlen(o->json), md, NULL, EVP_sha256(), NULL);
		custody_hex(md, 32, hex);
		custody_buf_printf(b, ",\"report_sha256\":\"%s\"", hex);
	}
	if (custody_buf_addstr(b, ",\"result\":\"ok\"}") != CUSTODY_OK)
		return custody_fail(
		    x->err, CUSTODY_ERR_LIMIT, "export event too large");
	return CUSTODY_OK;
}

static void
release(struct exp *x)
{
	size_t i;

	for (i = 0; i < x->np; i++) {
		free(x->p[i].rel);
		free(x->p[i].mem);
		free(x->p[i].path);
		if (x->p[i].fd >= 0)
			close(x->p[i].fd);
	}
	free(x->p);
	for (i = 0; i < x->ntags; i++)
		custody_buf_release(&x->tags[i].b);
	for (i = 0; i < RING_SLOTS; i++)
		free(x->slot[i]);
}

enum custody_code
custody_export(struct custody_case *c, const struct custody_actor *who,
    const char *bundle, const struct custody_export_opts *opts,
    struct custody_export_result *out, struct custody_error *err)
{
	struct exp x;
	struct logctx l;
	struct claimsrun cr;
	struct custody_buf log, details, dir, tmp, uco = { 0 };
	struct pentry *e;
	enum custody_code rc;
	uint64_t count = 0, ev_bytes = 0, bytes = 0, files = 0;
	int64_t last_ns = 0;
	char subject[80];
	const char *base = custody_basename(bundle);
	struct stat st;
	bool in_tx = false, placed = false, anon = false, named = false;
	int fd = -1, sqlfd = -1;
	size_t i;

	memset(&x, 0, sizeof(x));
	memset(&cr, 0, sizeof(cr));
	memset(out, 0, sizeof(*out));
	x.c = c;
	x.who = who;
	x.opts = opts;
	x.err = err;
	custody_buf_init(&log, (size_t)1 << 34);
	custody_buf_init(&details, CUSTODY_MAX_JSON);
	custody_buf_init(&dir, 4096);
	custody_buf_init(&tmp, 4200);

	if (c->readonly)
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "export needs the case open for writing");
	if (!safe_component(c->id))
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "case id \"%.80s\" cannot name the bundle's top directory",
		    c->id);
	if (who->now_ns % 1000000000 != 0 || who->now_ns < 0)
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "the seal time must be whole seconds");
	if (base[0] == '\0' || strlen(bundle) > 3900)
		return custody_fail(
		    err, CUSTODY_ERR_USAGE, "%s: not a file name", bundle);
	if (lstat(bundle, &st) == 0)
		return custody_fail(err, CUSTODY_ERR_EXISTS,
		    "%s: already exists; not overwritten", bundle);
	if (base == bundle)
		custody_buf_addstr(&dir, ".");
	else
		custody_buf_printf(&dir, "%.*s",
		    (int)(base - bundle - 1 > 0 ? base - bundle - 1 : 1),
		    bundle);

	for (i = 0; i < RING_SLOTS; i++)
		if ((x.slot[i] = malloc(SLOT_SIZE)) == NULL) {
			rc = custody_fail(
			    err, CUSTODY_ERR_NOMEM, "export: no memory");
			goto fail;
		}

	/* Everything from here to the commit is one transaction: the case
	 * the bundle shows is the case as it commits. */
	if ((rc = custody_case_begin(c, err)) != CUSTODY_OK)
		goto fail;
	in_tx = true;
	memset(&l, 0, sizeof(l));
	l.x = &x;
	l.log = &log;
	if ((rc = custody_log_foreach(c, log_line, &l, err)) != CUSTODY_OK ||
	    (rc = l.rc) != CUSTODY_OK)
		goto fail;
	if (l.last_time[0] != '\0' &&
	    custody_time_parse(l.last_time, &last_ns) &&
	    who->now_ns < last_ns / 1000000000 * 1000000000) {
		rc = custody_fail(err, CUSTODY_ERR_USAGE,
		    "seal time is before the last custody event (%s): the log would go back in time",
		    l.last_time);
		goto fail;
	}
	if (opts->phase != NULL)
		opts->phase("originals", opts->phase_arg);
	if ((rc = add_evidence(&x, &count, &ev_bytes)) != CUSTODY_OK ||
	    (rc = add_queries(&x)) != CUSTODY_OK ||
	    (rc = add_keys(&x)) != CUSTODY_OK)
		goto fail;
	if (opts->claims_path != NULL &&
	    ((opts->phase != NULL ? opts->phase("claims", opts->phase_arg)
	                          : (void)0),
	        (rc = run_claims(&x, opts->claims_path, l.head, &cr)) !=
	            CUSTODY_OK))
		goto fail;

	/* The export event, then the log and the dump that include it. */
	snprintf(subject, sizeof(subject), "bag:%s", c->id);
	if ((rc = event_details(&x, base, count, ev_bytes, &cr, &details)) !=
	        CUSTODY_OK ||
	    (rc = custody_log_append(c, who, "export", subject, details.data,
	         &x.seq, err)) != CUSTODY_OK)
		goto fail;
	custody_buf_reset(&log);
	memset(&l, 0, sizeof(l));
	l.x = &x;
	l.log = &log;
	{
		/* Second pass: the log now ends with the export event; the
		 * timestamp files were gathered by the first pass. */
		size_t keep = x.np;

		if ((rc = custody_log_foreach(c, log_line, &l, err)) !=
		        CUSTODY_OK ||
		    (rc = l.rc) != CUSTODY_OK)
			goto fail;
		for (i = keep; i < x.np; i++) {
			free(x.p[i].rel);
			free(x.p[i].path);
		}
		x.np = keep;
	}
	snprintf(x.head, sizeof(x.head), "%s", l.head);
	if ((rc = add_mem(&x, "data/custody.log", log.data, log.len)) !=
	    CUSTODY_OK)
		goto fail;
	/* The same chain for other forensic tools (docs/case-uco.md). */
	custody_buf_init(&uco, (size_t)1 << 32);
	if ((rc = custody_log_uco(log.data, log.len, to_buf, &uco, err)) !=
	        CUSTODY_OK ||
	    (rc = add_mem(&x, CUSTODY_UCO_FILE, uco.data, uco.len)) !=
	        CUSTODY_OK)
		goto fail;
	custody_buf_release(&uco);
	if ((sqlfd = anon_file(dir.data, err)) < 0) {
		rc = CUSTODY_ERR_IO;
		goto fail;
	}
	if (opts->phase != NULL)
		opts->phase("dump", opts->phase_arg);
	if ((rc = custody_db_dump_ex(c->db, NULL, opts->record_dump, to_fd,
	         &sqlfd, err)) != CUSTODY_OK)
		goto fail;
	if ((e = add_entry(&x, "data/case.sql", P_FD)) == NULL) {
		rc = custody_fail(err, CUSTODY_ERR_NOMEM, "export: no memory");
		goto fail;
	}
	e->fd = sqlfd;
	sqlfd = -1;
	e->size = (uint64_t)lseek(e->fd, 0, SEEK_END);
	for (i = 0; i < x.np; i++) {
		bytes += x.p[i].size;
		files++;
	}
	if ((rc = add_dirs(&x)) != CUSTODY_OK)
		goto fail;
	qsort(x.p, x.np, sizeof(x.p[0]), by_rel);
	x.total = bytes;
	warn_limits(&x, bytes);

	/* The tar, beside its final name. */
	/* An unnamed file where the system offers one (nothing is left if
	 * the process dies), else a named temporary file beside the target. */
	if (access("/proc/self/fd", X_OK) == 0 &&
	    (fd = open(dir.data, O_TMPFILE | O_RDWR | O_CLOEXEC, 0444)) >= 0) {
		anon = true;
		custody_buf_printf(&tmp, "%s (unnamed temporary file)", bundle);
	} else {
		custody_buf_printf(&tmp, "%s.tmp-XXXXXX", bundle);
		if ((fd = mkostemp(tmp.data, O_CLOEXEC)) < 0) {
			rc = custody_fail_errno(
			    err, CUSTODY_ERR_IO, "%s", tmp.data);
			goto fail;
		}
		named = true;
	}
	if (opts->phase != NULL)
		opts->phase("write", opts->phase_arg);
	if ((rc = write_tar(&x, fd, bytes, files)) != CUSTODY_OK)
		goto fail;
	if (fchmod(fd, 0444) != 0 || fsync(fd) != 0) {
		rc = custody_fail_errno(err, CUSTODY_ERR_IO, "%s", tmp.data);
		goto fail;
	}
	if (anon) {
		char proc[64];

		/* linkat never replaces an existing name. */
		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
		if (linkat(AT_FDCWD, proc, AT_FDCWD, bundle,
		        AT_SYMLINK_FOLLOW) != 0) {
			rc = custody_fail_errno(err,
			    errno == EEXIST ? CUSTODY_ERR_EXISTS
			                    : CUSTODY_ERR_IO,
			    "%s", bundle);
			goto fail;
		}
		close(fd);
		fd = -1;
	} else {
		close(fd);
		fd = -1;
		if (renameat2(AT_FDCWD, tmp.data, AT_FDCWD, bundle,
		        RENAME_NOREPLACE) != 0) {
			if (errno != EINVAL && errno != ENOSYS) {
				rc = custody_fail_errno(err,
				    errno == EEXIST ? CUSTODY_ERR_EXISTS
				                    : CUSTODY_ERR_IO,
				    "%s", bundle);
				goto fail;
			}
			/* No RENAME_NOREPLACE here: link never replaces either. */
			if (link(tmp.data, bundle) != 0) {
				rc = custody_fail_errno(err,
				    errno == EEXIST ? CUSTODY_ERR_EXISTS
				                    : CUSTODY_ERR_IO,
				    "%s", bundle);
				goto fail;
			}
			unlink(tmp.data);
		}
		named = false;
	}
	placed = true;
	if ((rc = fsync_dir(dir.data, err)) != CUSTODY_OK ||
	    (rc = custody_case_commit(c, err)) != CUSTODY_OK)
		goto fail;
	in_tx = false;
	if (opts->progress != NULL)
		opts->progress(bytes, bytes, opts->progress_arg);
	snprintf(out->head, sizeof(out->head), "%s", x.head);
	out->export_seq = x.seq;
	out->payload_bytes = bytes;
	out->payload_files = files;
	out->evidence = count;
	snprintf(out->tagmanifest_sha256, sizeof(out->tagmanifest_sha256), "%s",
	    x.tm256);
	rc = CUSTODY_OK;
	goto done;
fail:
	if (fd >= 0)
		close(fd);
	if (named)
		unlink(tmp.data);
	if (placed) {
		/* The case did not record the export: take the bundle back. */
		unlink(bundle);
		(void)fsync_dir(dir.data, NULL);
	}
	if (in_tx)
		custody_case_rollback(c);
done:
	if (sqlfd >= 0)
		close(sqlfd);
	release(&x);
	claimsrun_release(&cr);
	custody_buf_release(&log);
	custody_buf_release(&details);
	custody_buf_release(&dir);
	custody_buf_release(&tmp);
	custody_buf_release(&uco);
	return rc;
}
