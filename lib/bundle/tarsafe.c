/*
 * tarsafe.c: extract a tar nobody vouches for (see tarsafe.h). Its name
 * checks use the UTF-8 checks and NFD normaliser of base/utf8.c.
 *
 * The reader trusts nothing in a header. For each entry, before any data
 * is read: its type must be a regular file or a directory (symbolic and
 * hard links, devices, FIFOs and sockets are refused); its name must be
 * well-formed UTF-8 without control characters, relative, without ".."
 * components, within the length and depth limits, and distinct from every
 * earlier name even after Unicode canonical decomposition; its declared
 * size must fit the per-entry and total limits. Files are then created
 * with openat(O_CREAT|O_EXCL|O_NOFOLLOW) under directory descriptors that
 * were themselves opened with O_NOFOLLOW|O_DIRECTORY, one component at a
 * time from the caller's directory, so nothing outside it can be reached
 * whatever the archive or a concurrent process put on disk. While data is
 * read, compressed input is watched for expansion past the ratio limit.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "bundle.h"
#include "tarsafe.h"
#include "utf8.h"

void
custody_tar_limits_default(struct custody_tar_limits *l)
{
	l->max_entry = CUSTODY_TAR_MAX_ENTRY;
	l->max_total = CUSTODY_TAR_MAX_TOTAL;
	l->max_entries = CUSTODY_TAR_MAX_ENTRIES;
	l->max_path = CUSTODY_TAR_MAX_PATH;
	l->max_component = CUSTODY_TAR_MAX_COMPONENT;
	l->max_depth = CUSTODY_TAR_MAX_DEPTH;
	l->max_ratio = CUSTODY_TAR_MAX_RATIO;
	l->ratio_grace = CUSTODY_TAR_RATIO_GRACE;
}

void
custody_review_limits_default(struct custody_review_limits *l)
{
	l->max_entry = CUSTODY_REVIEW_MAX_ENTRY;
	l->max_total = CUSTODY_REVIEW_MAX_TOTAL;
	l->max_entries = CUSTODY_REVIEW_MAX_ENTRIES;
	l->max_ratio = CUSTODY_REVIEW_MAX_RATIO;
}

/* ------------------------------------------------------------ the name set */

/*
 * Every name seen so far, keyed by its NFD form: an open-addressing hash
 * table. Directories implied by a file's path are entered as implicit.
 */
struct name_slot {
	char *key;  /* NFD form */
	char *name; /* as written */
	bool explicit_;
	bool dir;
};

struct name_set {
	struct name_slot *slot;
	size_t cap, n;
};

static uint64_t
fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325u;

	for (; *s != '\0'; s++)
		h = (h ^ (uint8_t)*s) * 0x100000001b3u;
	return h;
}

static struct name_slot *
set_find(struct name_set *set, const char *key)
{
	size_t i;

	if (set->cap == 0)
		return NULL;
	for (i = (size_t)(fnv1a(key) & (set->cap - 1));;
	     i = (i + 1) & (set->cap - 1)) {
		if (set->slot[i].key == NULL)
			return &set->slot[i];
		if (strcmp(set->slot[i].key, key) == 0)
			return &set->slot[i];
	}
}

static bool
set_grow(struct name_set *set)
{
	struct name_set bigger;
	size_t i;

	bigger.cap = set->cap == 0 ? 256 : set->cap * 2;
	bigger.n = set->n;
	bigger.slot = calloc(bigger.cap, sizeof(*bigger.slot));
	if (bigger.slot == NULL)
		return false;
	for (i = 0; i < set->cap; i++)
		if (set->slot[i].key != NULL)
			*set_find(&bigger, set->slot[i].key) = set->slot[i];
	free(set->slot);
	*set = bigger;
	return true;
}

static void
set_free(struct name_set *set)
{
	size_t i;

	for (i = 0; i < set->cap; i++) {
		free(set->slot[i].key);
		free(set->slot[i].name);
	}
	free(set->slot);
}

/* ------------------------------------------------------------ extraction */

struct tx {
	struct archive *a;
	int dirfd;
	const struct custody_tar_limits *lim;
	struct custody_tar_result *res;
	struct name_set names;
	uint64_t declared_total;
	uint64_t entries;
	char where[200]; /* "entry 3 'name'" */
};

static enum custody_code refuse(struct tx *t, struct custody_error *err,
    enum custody_code code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static enum custody_code
refuse(struct tx *t, struct custody_error *err, enum custody_code code,
    const char *fmt, ...)
{
	char why[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return custody_fail(err, code, "%s: refused: %s", t->where, why);
}

/* Compressed input must not expand past the ratio limit (a bomb is
 * refused long before it fills the disk). */
static enum custody_code
check_ratio(struct tx *t, struct custody_error *err)
{
	int64_t in, out;

	if (archive_filter_count(t->a) <= 1)
		return CUSTODY_OK;
	in = archive_filter_bytes(t->a, -1);
	out = archive_filter_bytes(t->a, 0);
	if (in <= 0 || out < 0 || (uint64_t)out <= t->lim->ratio_grace)
		return CUSTODY_OK;
	if ((uint64_t)out / t->lim->max_ratio > (uint64_t)in)
		return refuse(t, err, CUSTODY_ERR_LIMIT,
		    "compressed input expands past %llu:1 (%lld bytes from %lld)",
		    (unsigned long long)t->lim->max_ratio, (long long)out,
		    (long long)in);
	return CUSTODY_OK;
}

/*
 * Splits name into its components (dropping "." and empty ones), checks
 * each, and writes the canonical form ("a/b/c") to canon.
 */
static enum custody_code
check_name(struct tx *t, const char *name, size_t len,
    struct custody_buf *canon, size_t *depth, struct custody_error *err)
{
	struct custody_reader r, comp;
	uint32_t cp;

	if (len == 0)
		return refuse(t, err, CUSTODY_ERR_FORMAT, "empty name");
	if (len > t->lim->max_path)
		return refuse(t, err, CUSTODY_ERR_LIMIT,
		    "name longer than %zu bytes (%zu)", t->lim->max_path, len);
	if (!custody_utf8_valid(name, len))
		return refuse(t, err, CUSTODY_ERR_FORMAT, "name is not UTF-8");
	custody_reader_init(&r, name, len);
	while (custody_reader_left(&r) > 0) {
		if (!custody_utf8_next(&r, &cp))
			return refuse(
			    t, err, CUSTODY_ERR_FORMAT, "name is not UTF-8");
		if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
			return refuse(t, err, CUSTODY_ERR_FORMAT,
			    "control character U+%04X in name", (unsigned)cp);
	}
	if (name[0] == '/')
		return refuse(t, err, CUSTODY_ERR_FORMAT, "absolute path");
	*depth = 0;
	custody_reader_init(&r, name, len);
	while (custody_reader_left(&r) > 0) {
		size_t n;

		if (!custody_reader_until(&r, '/', &comp))
			(void)custody_reader_sub(
			    &r, custody_reader_left(&r), &comp);
		n = custody_reader_left(&comp);
		if (n == 0 || custody_reader_is(&comp, "."))
			continue;
		if (n == 2 && memcmp(custody_reader_ptr(&comp), "..", 2) == 0)
			return refuse(
			    t, err, CUSTODY_ERR_FORMAT, "'..' component");
		if (n > t->lim->max_component)
			return refuse(t, err, CUSTODY_ERR_LIMIT,
			    "component longer than %zu bytes",
			    t->lim->max_component);
		if (++*depth > t->lim->max_depth)
			return refuse(t, err, CUSTODY_ERR_LIMIT,
			    "deeper than %zu components", t->lim->max_depth);
		if ((canon->len > 0 &&
		        custody_buf_add(canon, "/", 1) != CUSTODY_OK) ||
		    custody_buf_add(canon, custody_reader_ptr(&comp), n) !=
		        CUSTODY_OK)
			return refuse(
			    t, err, CUSTODY_ERR_NOMEM, "out of memory");
	}
	if (*depth == 0)
		return refuse(t, err, CUSTODY_ERR_FORMAT,
		    "name names the top directory itself");
	return CUSTODY_OK;
}

/* Enters prefix canon[0..len) into the name set; refuses a name that
 * equals an earlier one, or differs from it only by normalisation. */
static enum custody_code
enter_name(struct tx *t, const char *canon, size_t len, bool last, bool dir,
    struct custody_error *err)
{
	struct custody_buf key;
	struct name_slot *s;
	char q[200];
	enum custody_code rc;

	custody_buf_init(&key, 4 * CUSTODY_TAR_MAX_PATH + 16);
	if ((rc = custody_utf8_nfd(canon, len, &key, err)) != CUSTODY_OK) {
		custody_buf_release(&key);
		return refuse(t, err, rc, "name cannot be normalised");
	}
	if ((t->names.n + 1) * 2 > t->names.cap && !set_grow(&t->names)) {
		custody_buf_release(&key);
		return refuse(t, err, CUSTODY_ERR_NOMEM, "out of memory");
	}
	s = set_find(&t->names, key.data);
	if (s->key != NULL) {
		custody_buf_release(&key);
		custody_name_quote(s->name, strlen(s->name), q, sizeof(q));
		if (strlen(s->name) != len || memcmp(s->name, canon, len) != 0)
			return refuse(t, err, CUSTODY_ERR_FORMAT,
			    "name differs from earlier '%s' only by Unicode normalisation",
			    q);
		if (!last) {
			if (!s->dir)
				return refuse(t, err, CUSTODY_ERR_FORMAT,
				    "'%s' is a file, not a directory", q);
			return CUSTODY_OK;
		}
		if (s->explicit_ || !dir)
			return refuse(t, err, CUSTODY_ERR_FORMAT,
			    "duplicate of an earlier %s '%s'",
			    s->explicit_ ? "entry" : "directory", q);
		s->explicit_ = true;
		return CUSTODY_OK;
	}
	s->key = key.data; /* the set owns it now */
	s->name = strndup(canon, len);
	if (s->name == NULL) {
		free(s->key);
		s->key = NULL;
		return refuse(t, err, CUSTODY_ERR_NOMEM, "out of memory");
	}
	s->explicit_ = last;
	s->dir = !last || dir;
	t->names.n++;
	return CUSTODY_OK;
}

/* Opens (creating as needed) directory component c under fd, never
 * following a link. Returns the new fd or -1 with errno. */
static int
open_dir_at(int fd, const char *c)
{
	if (mkdirat(fd, c, 0755) != 0 && errno != EEXIST)
		return -1;
	return openat(fd, c, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

static enum custody_code
write_entry(
    struct tx *t, const char *canon, bool dir, struct custody_error *err)
{
	char *copy = strdup(canon), *p, *slash;
	int fd = t->dirfd, next, out = -1;
	enum custody_code rc = CUSTODY_OK;
	uint64_t written = 0;

	if (copy == NULL)
		return refuse(t, err, CUSTODY_ERR_NOMEM, "out of memory");
	for (p = copy; (slash = strchr(p, '/')) != NULL; p = slash + 1) {
		*slash = '\0';
		next = open_dir_at(fd, p);
		if (next < 0) {
			rc = refuse(t, err, CUSTODY_ERR_IO,
			    "cannot make directory '%s': %s", p,
			    strerror(errno));
			goto out;
		}
		if (fd != t->dirfd)
			close(fd);
		fd = next;
	}
	if (dir) {
		next = open_dir_at(fd, p);
		if (next < 0)
			rc = refuse(t, err, CUSTODY_ERR_IO,
			    "cannot make directory: %s", strerror(errno));
		else
			close(next);
		goto out;
	}
	out = openat(
	    fd, p, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (out < 0) {
		rc = refuse(t, err, CUSTODY_ERR_IO, "cannot create: %s",
		    strerror(errno));
		goto out;
	}
	for (;;) {
		const void *buf;
		size_t size;
		la_int64_t off;
		int r = archive_read_data_block(t->a, &buf, &size, &off);

		if (r == ARCHIVE_EOF)
			break;
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
			rc = refuse(t, err, CUSTODY_ERR_ARCHIVE, "%s",
			    archive_error_string(t->a) != NULL
			        ? archive_error_string(t->a)
			        : "unreadable data");
			goto out;
		}
		if (off < 0 || (uint64_t)off > t->lim->max_entry ||
		    size > t->lim->max_entry - (uint64_t)off) {
			rc = refuse(t, err, CUSTODY_ERR_LIMIT,
			    "data past %llu bytes",
			    (unsigned long long)t->lim->max_entry);
			goto out;
		}
		if ((rc = check_ratio(t, err)) != CUSTODY_OK)
			goto out;
		if (size > 0 &&
		    pwrite(out, buf, size, (off_t)off) != (ssize_t)size) {
			rc = refuse(t, err, CUSTODY_ERR_IO, "write: %s",
			    strerror(errno));
			goto out;
		}
		written += size;
	}
	t->res->total += written;
	if (close(out) != 0) {
		out = -1;
		rc = refuse(
		    t, err, CUSTODY_ERR_IO, "write: %s", strerror(errno));
		goto out;
	}
	out = -1;
out:
	if (out >= 0)
		close(out);
	if (fd != t->dirfd)
		close(fd);
	free(copy);
	return rc;
}

/* Reads and discards an entry's data (dirfd -1), still counting it. */
static enum custody_code
skip_entry(struct tx *t, struct custody_error *err)
{
	for (;;) {
		const void *buf;
		size_t size;
		la_int64_t off;
		int r = archive_read_data_block(t->a, &buf, &size, &off);
		enum custody_code rc;

		if (r == ARCHIVE_EOF)
			return CUSTODY_OK;
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
			return refuse(
			    t, err, CUSTODY_ERR_ARCHIVE, "unreadable data");
		if ((rc = check_ratio(t, err)) != CUSTODY_OK)
			return rc;
		t->res->total += size;
	}
}

static const char *
type_name(mode_t type)
{
	switch (type) {
	case AE_IFLNK:
		return "symbolic link";
	case AE_IFCHR:
		return "character device";
	case AE_IFBLK:
		return "block device";
	case AE_IFIFO:
		return "FIFO";
	case AE_IFSOCK:
		return "socket";
	default:
		return "entry of unknown type";
	}
}

static enum custody_code
one_entry(struct tx *t, struct archive_entry *e, struct custody_error *err)
{
	const char *name = archive_entry_pathname(e);
	mode_t type = archive_entry_filetype(e);
	struct custody_buf canon;
	struct custody_tar_entry *grown;
	char q[200];
	size_t len, depth, i;
	bool dir;
	int64_t size;
	enum custody_code rc;

	if (name == NULL)
		name = archive_entry_pathname_utf8(e);
	len = name != NULL ? strlen(name) : 0;
	custody_name_quote(name != NULL ? name : "", len, q, sizeof(q));
	snprintf(t->where, sizeof(t->where), "entry %llu '%.160s'",
	    (unsigned long long)t->entries + 1, q);
	if (name == NULL)
		return refuse(
		    t, err, CUSTODY_ERR_FORMAT, "name cannot be read");
	if (++t->entries > t->lim->max_entries)
		return refuse(t, err, CUSTODY_ERR_LIMIT,
		    "more than %llu entries",
		    (unsigned long long)t->lim->max_entries);
	if (archive_entry_hardlink(e) != NULL) {
		const char *to = archive_entry_hardlink(e);

		custody_name_quote(to, strlen(to), q, sizeof(q));
		return refuse(
		    t, err, CUSTODY_ERR_FORMAT, "hard link to '%s'", q);
	}
	if (type == AE_IFLNK) {
		const char *to = archive_entry_symlink(e);

		custody_name_quote(to != NULL ? to : "",
		    to != NULL ? strlen(to) : 0, q, sizeof(q));
		return refuse(
		    t, err, CUSTODY_ERR_FORMAT, "symbolic link to '%s'", q);
	}
	if (type != AE_IFREG && type != AE_IFDIR)
		return refuse(
		    t, err, CUSTODY_ERR_FORMAT, "%s", type_name(type));
	dir = type == AE_IFDIR;
	size = archive_entry_size_is_set(e) ? archive_entry_size(e) : 0;
	if (size < 0)
		return refuse(t, err, CUSTODY_ERR_FORMAT, "negative size");
	if ((uint64_t)size > t->lim->max_entry)
		return refuse(t, err, CUSTODY_ERR_LIMIT,
		    "declared size %lld bytes is over the limit of %llu",
		    (long long)size, (unsigned long long)t->lim->max_entry);
	if ((uint64_t)size > t->lim->max_total - t->declared_total)
		return refuse(t, err, CUSTODY_ERR_LIMIT,
		    "declared sizes add up to more than the limit of %llu bytes",
		    (unsigned long long)t->lim->max_total);
	t->declared_total += (uint64_t)size;

	custody_buf_init(&canon, t->lim->max_path + 1);
	if ((rc = check_name(t, name, len, &canon, &depth, err)) != CUSTODY_OK)
		goto out;
	/* Every directory on the way, then the entry itself. */
	for (i = 0; i <= canon.len; i++)
		if (i == canon.len || canon.data[i] == '/')
			if ((rc = enter_name(t, canon.data, i, i == canon.len,
			         dir, err)) != CUSTODY_OK)
				goto out;
	if (t->dirfd >= 0)
		rc = write_entry(t, canon.data, dir, err);
	else
		rc = skip_entry(t, err);
	if (rc != CUSTODY_OK)
		goto out;
	grown = realloc(t->res->entry, (t->res->n + 1) * sizeof(*grown));
	if (grown == NULL) {
		rc = refuse(t, err, CUSTODY_ERR_NOMEM, "out of memory");
		goto out;
	}
	t->res->entry = grown;
	grown[t->res->n].path = canon.data;
	grown[t->res->n].size = (uint64_t)size;
	grown[t->res->n].dir = dir;
	t->res->n++;
	return CUSTODY_OK;
out:
	custody_buf_release(&canon);
	return rc;
}

static enum custody_code
run(struct archive *a, const char *label, int dirfd,
    const struct custody_tar_limits *limits, struct custody_tar_result *out,
    struct custody_error *err)
{
	struct custody_tar_limits lim;
	struct custody_tar_result scratch;
	struct archive_entry *e;
	struct tx t;
	enum custody_code rc = CUSTODY_OK;
	int r;

	if (limits == NULL) {
		custody_tar_limits_default(&lim);
		limits = &lim;
	}
	if (out == NULL)
		out = &scratch;
	memset(out, 0, sizeof(*out));
	memset(&t, 0, sizeof(t));
	t.a = a;
	t.dirfd = dirfd;
	t.lim = limits;
	t.res = out;
	for (;;) {
		snprintf(t.where, sizeof(t.where), "%s: after entry %llu",
		    label, (unsigned long long)t.entries);
		r = archive_read_next_header(a, &e);
		if (r == ARCHIVE_EOF)
			break;
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
			const char *why = archive_error_string(a);

			rc = custody_fail(err,
			    t.entries == 0 ? CUSTODY_ERR_FORMAT
			                   : CUSTODY_ERR_ARCHIVE,
			    "%s: %s", t.entries == 0 ? label : t.where,
			    t.entries == 0
			        ? "not a tar archive (or a damaged one)"
			        : why != NULL ? why
			                      : "damaged header");
			break;
		}
		if ((rc = check_ratio(&t, err)) != CUSTODY_OK)
			break;
		if ((rc = one_entry(&t, e, err)) != CUSTODY_OK) {
			/* Prefix the archive's name once, for the message. */
			if (err != NULL) {
				char msg[sizeof(err->msg)];

				snprintf(msg, sizeof(msg), "%.200s: %.300s",
				    label, err->msg);
				memcpy(err->msg, msg, sizeof(msg));
			}
			break;
		}
	}
	out->compressed = archive_filter_count(a) > 1;
	out->bytes_in = (uint64_t)(archive_filter_bytes(a, -1) > 0
	        ? archive_filter_bytes(a, -1)
	        : 0);
	set_free(&t.names);
	if (out == &scratch)
		custody_tar_result_release(&scratch);
	return rc;
}

static struct archive *
reader_new(void)
{
	struct archive *a = archive_read_new();

	if (a == NULL)
		return NULL;
	/* Only the decompressors built into libarchive: a filter that runs an
	 * external program on hostile bytes is not wanted here. */
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_bzip2(a);
	archive_read_support_filter_xz(a);
	archive_read_support_filter_zstd(a);
	archive_read_support_format_tar(a);
	return a;
}

enum custody_code
custody_tar_extract(const char *path, int dirfd,
    const struct custody_tar_limits *limits, struct custody_tar_result *out,
    struct custody_error *err)
{
	struct archive *a;
	enum custody_code rc;
	int fd;

	if (out != NULL)
		memset(out, 0, sizeof(*out));
	if ((fd = custody_open_regular(path, NULL, err)) < 0)
		return err != NULL ? err->code : CUSTODY_ERR_IO;
	if ((a = reader_new()) == NULL) {
		close(fd);
		return custody_fail(
		    err, CUSTODY_ERR_NOMEM, "%s: out of memory", path);
	}
	if (archive_read_open_fd(a, fd, 1 << 16) != ARCHIVE_OK) {
		rc = custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: not a tar archive: %s", path,
		    archive_error_string(a) != NULL ? archive_error_string(a)
		                                    : "unreadable");
		archive_read_free(a);
		close(fd);
		return rc;
	}
	rc = run(a, path, dirfd, limits, out, err);
	archive_read_free(a);
	close(fd);
	return rc;
}

enum custody_code
custody_tar_extract_memory(const void *data, size_t len, int dirfd,
    const struct custody_tar_limits *limits, struct custody_tar_result *out,
    struct custody_error *err)
{
	struct archive *a;
	enum custody_code rc;

	if (out != NULL)
		memset(out, 0, sizeof(*out));
	if ((a = reader_new()) == NULL)
		return custody_fail(err, CUSTODY_ERR_NOMEM, "out of memory");
	if (archive_read_open_memory(a, data, len) != ARCHIVE_OK) {
		rc = custody_fail(err, CUSTODY_ERR_FORMAT,
		    "(memory): not a tar archive: %s",
		    archive_error_string(a) != NULL ? archive_error_string(a)
		                                    : "unreadable");
		archive_read_free(a);
		return rc;
	}
	rc = run(a, "(memory)", dirfd, limits, out, err);
	archive_read_free(a);
	return rc;
}

void
custody_tar_result_release(struct custody_tar_result *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++)
		free(r->entry[i].path);
	free(r->entry);
	memset(r, 0, sizeof(*r));
}
