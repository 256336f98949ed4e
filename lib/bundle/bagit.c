/*
 * bagit.c: validate a BagIt bag directory (see bagit.h).
 *
 * The validator reads the bag through a directory descriptor and opens
 * every file one component at a time with O_NOFOLLOW, so a manifest line
 * can never make it read outside the bag, and a link inside the bag is
 * reported rather than followed. The rules follow RFC 8493 for 1.0 and
 * the drafts before it where they differ (draft-kunze-bagit-14 for 0.97):
 *
 *   - bagit.txt: exactly "BagIt-Version: M.N" and
 *     "Tag-File-Character-Encoding: ENC", no byte-order mark; in 1.0 no
 *     whitespace before the colon (earlier drafts tolerated it);
 *   - manifest paths are percent-decoded (%0A, %0D, %25) only in 1.0;
 *     before it a '%' is a literal character;
 *   - in 1.0 every payload file must appear in every payload manifest,
 *     before it in at least one; a path listed twice is an error in 1.0
 *     and a warning before (an error in any version when the two
 *     checksums differ);
 *   - every manifest and fetch.txt path must stay inside the bag: payload
 *     paths under data/, no "..", no absolute, "~" or drive-letter paths,
 *     no backslashes.
 *
 * Leniencies, each reported as a warning: a "./" prefix and md5sum's '*'
 * binary marker in a manifest path; a manifest name that matches a file
 * only after Unicode normalisation; a name listed twice in different case
 * with the same checksum where one spelling is on disk; operating-system
 * files (.DS_Store, Thumbs.db, desktop.ini, ._*), which copying tools
 * often drop, listed but absent.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "bagit.h"
#include "bundle.h"
#include "tarsafe.h"

#define TAG_FILE_MAX  (64u << 20) /* one tag file (manifests included) */
#define BAG_MAX_FILES 1000000u
#define BAG_MAX_DEPTH 64

enum alg {
	ALG_MD5,
	ALG_SHA1,
	ALG_SHA224,
	ALG_SHA256,
	ALG_SHA384,
	ALG_SHA512,
	N_ALG
};

static const struct {
	const char *name;
	size_t hexlen;
} algs[N_ALG] = {
	[ALG_MD5] = { "md5", 32 },
	[ALG_SHA1] = { "sha1", 40 },
	[ALG_SHA224] = { "sha224", 56 },
	[ALG_SHA256] = { "sha256", 64 },
	[ALG_SHA384] = { "sha384", 96 },
	[ALG_SHA512] = { "sha512", 128 },
};

static const EVP_MD *
alg_md(enum alg a)
{
	switch (a) {
	case ALG_MD5:
		return EVP_md5();
	case ALG_SHA1:
		return EVP_sha1();
	case ALG_SHA224:
		return EVP_sha224();
	case ALG_SHA256:
		return EVP_sha256();
	case ALG_SHA384:
		return EVP_sha384();
	default:
		return EVP_sha512();
	}
}

/* A file to hash: a payload file, or a tag file a tag manifest lists. */
struct hfile {
	char *path;
	uint64_t size;
	unsigned need; /* bit per enum alg */
	char hex[N_ALG][129];
	int open_errno;  /* set when it could not be read */
	bool listed[16]; /* per payload manifest (at most 16 are checked) */
	bool listed_any;
	bool payload;
};

struct manifest_entry {
	char *path;    /* as processed: "data/x" */
	char sum[129]; /* lower case */
	size_t line;
	struct hfile *file;
};

struct manifest {
	char name[64];
	enum alg alg;
	bool tag;
	struct manifest_entry *e;
	size_t n;
};

struct bag {
	int dirfd;
	const char *dir;
	bool v1; /* version 1.0 rules */
	struct custody_bag_result *res;
	struct hfile *files; /* payload on disk, then tag files to hash */
	size_t n_files, cap_files, n_payload;
	struct manifest man[32];
	size_t n_man;
	char **fetch_paths;
	size_t n_fetch;
	bool oom;
};

/* ------------------------------------------------------------ problems */

/* A freshly allocated formatted string, or NULL. */
static char *xprintf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static char *
xprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || (s = malloc((size_t)n + 1)) == NULL)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

static void problem(struct bag *b, enum custody_bag_level level,
    const char *keyword, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
problem(struct bag *b, enum custody_bag_level level, const char *keyword,
    const char *fmt, ...)
{
	struct custody_bag_problem *grown;
	va_list ap;
	char *detail;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	detail = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (detail != NULL) {
		va_start(ap, fmt);
		vsnprintf(detail, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	grown = detail != NULL
	    ? realloc(b->res->problem, (b->res->n_problem + 1) * sizeof(*grown))
	    : NULL;
	if (grown == NULL) {
		free(detail);
		b->oom = true;
		return;
	}
	b->res->problem = grown;
	grown[b->res->n_problem].level = level;
	grown[b->res->n_problem].keyword = keyword;
	grown[b->res->n_problem].detail = detail;
	b->res->n_problem++;
	if (level == CUSTODY_BAG_ERROR)
		b->res->ok = false;
}

#define ERROR(b, kw, ...) problem(b, CUSTODY_BAG_ERROR, kw, __VA_ARGS__)
#define WARN(b, kw, ...)  problem(b, CUSTODY_BAG_WARNING, kw, __VA_ARGS__)

/* A bounded printable copy of an untrusted name for a message. */
static const char *
q(const char *s, char buf[200])
{
	custody_name_quote(s, strlen(s), buf, 200);
	return buf;
}

/* ------------------------------------------------------------ files in the bag */

/* Opens rel (a path inside the bag) for reading, one component at a time,
 * following no link. Returns an fd or -1 with errno. */
static int
open_in_bag(int dirfd, const char *rel, bool want_dir)
{
	char *copy = strdup(rel), *p, *slash;
	int fd = dirfd, next, saved;

	if (copy == NULL)
		return -1;
	for (p = copy; (slash = strchr(p, '/')) != NULL; p = slash + 1) {
		*slash = '\0';
		next = openat(
		    fd, p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		saved = errno;
		if (fd != dirfd)
			close(fd);
		if (next < 0) {
			free(copy);
			errno = saved;
			return -1;
		}
		fd = next;
	}
	next = openat(fd, p,
	    O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK |
	        (want_dir ? O_DIRECTORY : 0));
	saved = errno;
	if (fd != dirfd)
		close(fd);
	free(copy);
	errno = saved;
	return next;
}

/* Reads a whole tag file into *out (NUL-terminated). Returns 0, or an
 * errno value (ENOENT when absent, EFBIG over TAG_FILE_MAX). */
static int
read_tag(int dirfd, const char *rel, struct custody_buf *out)
{
	struct stat st;
	char chunk[65536];
	int fd = open_in_bag(dirfd, rel, false);

	custody_buf_init(out, TAG_FILE_MAX);
	if (fd < 0)
		return errno;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return EINVAL;
	}
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;

			close(fd);
			return e;
		}
		if (n == 0)
			break;
		if (custody_buf_add(out, chunk, (size_t)n) != CUSTODY_OK) {
			close(fd);
			return EFBIG;
		}
	}
	close(fd);
	if (out->data == NULL && custody_buf_add(out, "", 0) != CUSTODY_OK)
		return ENOMEM;
	return 0;
}

/* ------------------------------------------------------------ text */

/* Next line of r into line, ending at LF, CRLF or CR (the ending is
 * consumed, not included). False at the end. */
static bool
next_line(struct custody_reader *r, struct custody_reader *line)
{
	size_t start = custody_reader_offset(r), n = 0;
	struct custody_reader scan = *r;
	uint8_t c;

	if (custody_reader_left(r) == 0)
		return false;
	while (custody_reader_u8(&scan, &c) && c != '\n' && c != '\r')
		n++;
	(void)custody_reader_seek(r, start);
	(void)custody_reader_sub(r, n, line);
	if (custody_reader_u8(r, &c) && c == '\r') {
		uint8_t d;

		if (custody_reader_peek(r, &d) && d == '\n')
			(void)custody_reader_skip(r, 1);
	}
	return true;
}

/*
 * Converts tag-file bytes in the bag's declared encoding to UTF-8 in out.
 * Returns false for an encoding this validator does not know.
 */
static bool
to_utf8(const char *enc, const struct custody_buf *in, struct custody_buf *out,
    bool *bom)
{
	struct custody_reader r;
	uint8_t c;

	custody_buf_init(out, TAG_FILE_MAX * 2);
	*bom = false;
	custody_reader_init(&r, in->data, in->len);
	if (strcasecmp(enc, "UTF-8") == 0 || strcasecmp(enc, "UTF8") == 0) {
		if (custody_reader_expect(&r, "\xEF\xBB\xBF"))
			*bom = true;
		return custody_buf_add(out, custody_reader_ptr(&r),
		           custody_reader_left(&r)) == CUSTODY_OK;
	}
	if (strcasecmp(enc, "ISO-8859-1") == 0 ||
	    strcasecmp(enc, "ISO8859-1") == 0 ||
	    strcasecmp(enc, "latin1") == 0) {
		while (custody_reader_u8(&r, &c)) {
			char u[2] = { (char)(0xC0 | (c >> 6)),
				(char)(0x80 | (c & 0x3F)) };

			if (custody_buf_add(out,
			        c < 0x80 ? (const char *)&c : u,
			        c < 0x80 ? 1 : 2) != CUSTODY_OK)
				return false;
		}
		return true;
	}
	if (strncasecmp(enc, "UTF-16", 6) == 0) {
		bool le = strcasecmp(enc, "UTF-16LE") == 0;
		uint16_t u, lo;

		if (strcasecmp(enc, "UTF-16") == 0) {
			if (custody_reader_expect(&r, "\xFE\xFF"))
				*bom = true;
			else if (custody_reader_expect(&r, "\xFF\xFE"))
				*bom = true, le = true;
		}
		while (le ? custody_reader_le16(&r, &u)
		          : custody_reader_be16(&r, &u)) {
			uint32_t cp = u;
			char buf[4];
			size_t n;

			if (u >= 0xD800 && u <= 0xDBFF &&
			    (le ? custody_reader_le16(&r, &lo)
			        : custody_reader_be16(&r, &lo)) &&
			    lo >= 0xDC00 && lo <= 0xDFFF)
				cp = 0x10000 + (((uint32_t)u - 0xD800) << 10) +
				    (lo - 0xDC00u);
			else if (u >= 0xD800 && u <= 0xDFFF)
				cp = 0xFFFD;
			if (cp < 0x80) {
				buf[0] = (char)cp, n = 1;
			} else if (cp < 0x800) {
				buf[0] = (char)(0xC0 | (cp >> 6));
				buf[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
			} else if (cp < 0x10000) {
				buf[0] = (char)(0xE0 | (cp >> 12));
				buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
				buf[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
			} else {
				buf[0] = (char)(0xF0 | (cp >> 18));
				buf[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
				buf[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
				buf[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
			}
			if (custody_buf_add(out, buf, n) != CUSTODY_OK)
				return false;
		}
		return true;
	}
	return false;
}

/* Copies a reader's bytes into a fresh NUL-terminated string. */
static char *
rdup(const struct custody_reader *r)
{
	return strndup(
	    (const char *)custody_reader_ptr(r), custody_reader_left(r));
}

/*
 * Splits "Label: value" (whitespace around the colon tolerated unless
 * strict). *label and *value are fresh strings. Returns false when the
 * line has no colon; *spaced says there was whitespace before the colon.
 */
static bool
split_label(
    const struct custody_reader *line, char **label, char **value, bool *spaced)
{
	struct custody_reader r = *line, lab;
	size_t nul;
	uint8_t c;

	*label = *value = NULL;
	*spaced = false;
	/* a NUL before the colon ends the label as it would a C string */
	if (!custody_reader_until(&r, ':', &lab) ||
	    custody_reader_left(&lab) == 0 ||
	    custody_reader_find(&lab, "", 1, &nul))
		return false;
	while (custody_reader_last(&lab, &c) && (c == ' ' || c == '\t')) {
		(void)custody_reader_chop(&lab, 1);
		*spaced = true;
	}
	custody_reader_span(&r, " \t");
	if ((*label = rdup(&lab)) == NULL || (*value = rdup(&r)) == NULL) {
		free(*label);
		*label = NULL;
		return false;
	}
	return true;
}

/* "M.N" with both numbers <= max and nothing else (no sign, no blanks):
 * BagIt-Version and Payload-Oxum. */
static bool
dotted(const char *s, uint64_t max, uint64_t *a, uint64_t *b)
{
	struct custody_reader r;

	custody_reader_init(&r, s, strlen(s));
	return custody_reader_dec(&r, max, a) &&
	    custody_reader_expect(&r, ".") && custody_reader_dec(&r, max, b) &&
	    custody_reader_left(&r) == 0;
}

/* ------------------------------------------------------------ bagit.txt and bag-info */

static void
read_bagit_txt(struct bag *b)
{
	struct custody_buf buf;
	struct custody_reader r, line;
	char *label, *value;
	size_t lineno = 0;
	bool spaced, have_version = false, have_enc = false;
	int e = read_tag(b->dirfd, "bagit.txt", &buf);

	snprintf(b->res->version, sizeof(b->res->version), "%s", "");
	snprintf(b->res->encoding, sizeof(b->res->encoding), "%s", "UTF-8");
	if (e != 0) {
		ERROR(b, "missing-bagit", "bagit.txt: %s",
		    e == ENOENT ? "no such file" : strerror(e));
		b->v1 = true;
		custody_buf_release(&buf);
		return;
	}
	custody_reader_init(&r, buf.data, buf.len);
	if (custody_reader_expect(&r, "\xEF\xBB\xBF"))
		ERROR(b, "bom",
		    "bagit.txt: starts with a byte-order mark (RFC 8493 2.1.1)");
	while (next_line(&r, &line)) {
		lineno++;
		if (custody_reader_left(&line) == 0)
			continue;
		if (!split_label(&line, &label, &value, &spaced)) {
			ERROR(b, "bagit.txt",
			    "bagit.txt:%zu: not a \"Label: value\" line",
			    lineno);
			continue;
		}
		if (strcmp(label, "BagIt-Version") == 0) {
			uint64_t maj, min;

			have_version = true;
			snprintf(b->res->version, sizeof(b->res->version),
			    "%.15s", value);
			if (!dotted(value, UINT32_MAX, &maj, &min))
				ERROR(b, "version",
				    "bagit.txt:%zu: BagIt-Version '%s' is not M.N",
				    lineno, value);
			else if (!(maj == 1 && min == 0) &&
			    !(maj == 0 && min >= 93 && min <= 97))
				ERROR(b, "version",
				    "bagit.txt:%zu: BagIt-Version %s is not one this validator knows (0.93-0.97, 1.0)",
				    lineno, value);
			if (strncmp(value, "1.", 2) == 0)
				b->v1 = true;
		} else if (strcmp(label, "Tag-File-Character-Encoding") == 0) {
			have_enc = true;
			snprintf(b->res->encoding, sizeof(b->res->encoding),
			    "%.31s", value);
		} else {
			WARN(b, "bagit.txt",
			    "bagit.txt:%zu: unexpected label '%.60s'", lineno,
			    label);
		}
		if (spaced && b->v1)
			ERROR(b, "whitespace",
			    "bagit.txt:%zu: whitespace before the colon (not allowed in BagIt 1.0)",
			    lineno);
		free(label);
		free(value);
	}
	if (!have_version) {
		ERROR(b, "version", "bagit.txt: no BagIt-Version line");
		b->v1 = true;
	}
	if (!have_enc)
		ERROR(b, "encoding",
		    "bagit.txt: no Tag-File-Character-Encoding line");
	custody_buf_release(&buf);
}

/* Reads a tag file in the bag's encoding into out (UTF-8). Returns 0 or
 * an errno value. */
static int
read_tag_text(struct bag *b, const char *rel, struct custody_buf *out)
{
	struct custody_buf raw;
	bool bom;
	int e = read_tag(b->dirfd, rel, &raw);

	if (e != 0) {
		custody_buf_release(&raw);
		custody_buf_init(out, 1);
		return e;
	}
	if (!to_utf8(b->res->encoding, &raw, out, &bom)) {
		custody_buf_release(&raw);
		ERROR(b, "encoding", "%s: cannot read the encoding '%s'", rel,
		    b->res->encoding);
		return EINVAL;
	}
	custody_buf_release(&raw);
	if (bom && strncasecmp(b->res->encoding, "UTF-16", 6) != 0)
		WARN(b, "bom", "%s: starts with a byte-order mark", rel);
	if (out->data == NULL && custody_buf_add(out, "", 0) != CUSTODY_OK)
		return ENOMEM;
	return 0;
}

static void
read_bag_info(struct bag *b)
{
	const char *name = "bag-info.txt";
	struct custody_buf text;
	struct custody_reader r, line;
	struct custody_kv *kv = NULL;
	size_t n = 0, lineno = 0;
	int e = read_tag_text(b, name, &text);

	if (e == ENOENT) {
		custody_buf_release(&text);
		name = "package-info.txt";
		e = read_tag_text(b, name, &text);
	}
	if (e != 0) {
		custody_buf_release(&text);
		return; /* optional; a tag manifest that lists it will say so */
	}
	custody_reader_init(&r, text.data, text.len);
	while (next_line(&r, &line)) {
		char *label, *value;
		bool spaced;
		uint8_t c;

		lineno++;
		if (custody_reader_left(&line) == 0)
			continue;
		if (custody_reader_peek(&line, &c) && (c == ' ' || c == '\t')) {
			/* A continuation of the previous value (RFC 8493 2.2.2). */
			if (n > 0) {
				char *more = rdup(&line), *joined;

				if (more != NULL &&
				    (joined = xprintf("%s %s", kv[n - 1].value,
				         more + strspn(more, " \t"))) != NULL) {
					free(
					    (char *)(uintptr_t)kv[n - 1].value);
					kv[n - 1].value = joined;
				}
				free(more);
				continue;
			}
			ERROR(b, "baginfo",
			    "%s:%zu: continuation line with nothing before it",
			    name, lineno);
			continue;
		}
		if (!split_label(&line, &label, &value, &spaced)) {
			ERROR(b, "baginfo",
			    "%s:%zu: not a \"Label: value\" line", name,
			    lineno);
			continue;
		}
		if (spaced && b->v1)
			ERROR(b, "whitespace",
			    "%s:%zu: whitespace before the colon (not allowed in BagIt 1.0)",
			    name, lineno);
		{
			struct custody_kv *grown =
			    realloc(kv, (n + 1) * sizeof(*kv));

			if (grown == NULL) {
				free(label);
				free(value);
				b->oom = true;
				break;
			}
			kv = grown;
			kv[n].key = label;
			kv[n].value = value;
			n++;
		}
	}
	b->res->info = kv;
	b->res->n_info = n;
	custody_buf_release(&text);
}

/* ------------------------------------------------------------ the payload on disk */

static struct hfile *
add_file(struct bag *b, const char *path, uint64_t size, bool payload)
{
	struct hfile *f;

	if (b->n_files == b->cap_files) {
		size_t cap = b->cap_files == 0 ? 64 : b->cap_files * 2;
		struct hfile *grown = realloc(b->files, cap * sizeof(*grown));

		if (grown == NULL) {
			b->oom = true;
			return NULL;
		}
		b->files = grown;
		b->cap_files = cap;
	}
	f = &b->files[b->n_files];
	memset(f, 0, sizeof(*f));
	if ((f->path = strdup(path)) == NULL) {
		b->oom = true;
		return NULL;
	}
	f->size = size;
	f->payload = payload;
	b->n_files++;
	return f;
}

static void
walk(struct bag *b, int fd, const char *rel, int depth)
{
	DIR *d;
	struct dirent *de;
	char q1[200];

	if (depth > BAG_MAX_DEPTH) {
		ERROR(b, "limit", "%s: deeper than %d directories", q(rel, q1),
		    BAG_MAX_DEPTH);
		close(fd);
		return;
	}
	if ((d = fdopendir(fd)) == NULL) {
		ERROR(b, "io", "%s: %s", q(rel, q1), strerror(errno));
		close(fd);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		struct stat st;
		char *path;

		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if ((path = xprintf("%s/%s", rel, de->d_name)) == NULL) {
			b->oom = true;
			break;
		}
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) !=
		    0) {
			ERROR(b, "io", "%s: %s", q(path, q1), strerror(errno));
		} else if (S_ISDIR(st.st_mode)) {
			int sub = openat(dirfd(d), de->d_name,
			    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

			if (sub < 0)
				ERROR(b, "io", "%s: %s", q(path, q1),
				    strerror(errno));
			else
				walk(b, sub, path, depth + 1);
		} else if (S_ISREG(st.st_mode)) {
			if (b->n_payload >= BAG_MAX_FILES)
				ERROR(b, "limit", "more than %u payload files",
				    BAG_MAX_FILES);
			else if (add_file(b, path, (uint64_t)st.st_size,
			             true) != NULL)
				b->n_payload++;
		} else {
			ERROR(b, "file-type", "%s: %s, not a regular file",
			    q(path, q1),
			    S_ISLNK(st.st_mode) ? "a symbolic link"
			                        : "a special file");
		}
		free(path);
		if (b->oom)
			break;
	}
	closedir(d);
}

static int
cmp_file(const void *x, const void *y)
{
	return strcmp(
	    ((const struct hfile *)x)->path, ((const struct hfile *)y)->path);
}

static struct hfile *
find_payload(struct bag *b, const char *path)
{
	struct hfile key;

	key.path = (char *)(uintptr_t)path;
	return bsearch(
	    &key, b->files, b->n_payload, sizeof(*b->files), cmp_file);
}

/* ------------------------------------------------------------ manifests */

/* Decodes %0A, %0D and %25 (RFC 8493 2.1.3); other '%' stay as they are. */
static void
percent_decode(char *s)
{
	char *w = s;

	for (; *s != '\0'; s++) {
		if (s[0] == '%' && s[1] != '\0' && s[2] != '\0') {
			if (s[1] == '0' && (s[2] == 'A' || s[2] == 'a')) {
				*w++ = '\n', s += 2;
				continue;
			}
			if (s[1] == '0' && (s[2] == 'D' || s[2] == 'd')) {
				*w++ = '\r', s += 2;
				continue;
			}
			if (s[1] == '2' && s[2] == '5') {
				*w++ = '%', s += 2;
				continue;
			}
		}
		*w++ = *s;
	}
	*w = '\0';
}

enum custody_code
custody_bag_parse_manifest(const char *name, const char *text, size_t len,
    bool v1,
    int (*fn)(const char *sum, const char *path, size_t line, void *arg),
    void *arg, struct custody_error *err)
{
	struct custody_reader r, line, sum;
	size_t lineno = 0;

	custody_reader_init(&r, text, len);
	while (next_line(&r, &line)) {
		char *s, *p;
		uint8_t c;
		int stop;

		lineno++;
		if (custody_reader_left(&line) == 0)
			continue;
		/* The checksum runs to the first space or tab; then one or
		 * more of them; the rest of the line is the path. */
		{
			struct custody_reader scan = line;
			size_t n = 0;

			while (custody_reader_u8(&scan, &c) && c != ' ' &&
			    c != '\t')
				n++;
			(void)custody_reader_sub(&line, n, &sum);
		}
		while (
		    custody_reader_peek(&line, &c) && (c == ' ' || c == '\t'))
			(void)custody_reader_skip(&line, 1);
		if (custody_reader_left(&sum) == 0 ||
		    custody_reader_left(&line) == 0)
			return custody_fail(err, CUSTODY_ERR_FORMAT,
			    "%s:%zu: not a \"checksum path\" line", name,
			    lineno);
		s = rdup(&sum);
		p = rdup(&line);
		if (s == NULL || p == NULL) {
			free(s);
			free(p);
			return custody_fail(
			    err, CUSTODY_ERR_NOMEM, "out of memory");
		}
		if (v1)
			percent_decode(p);
		stop = fn(s, p, lineno, arg);
		free(s);
		free(p);
		if (stop != 0)
			return custody_fail(err, CUSTODY_ERR_FORMAT,
			    "%s:%zu: stopped", name, lineno);
	}
	return CUSTODY_OK;
}

/*
 * Why path would leave the bag (or payload scope), or NULL. A leading
 * "./" has been removed already.
 */
static const char *
out_of_scope(const char *path, bool payload)
{
	const char *p;

	if (path[0] == '/')
		return "absolute path";
	if (path[0] == '~')
		return "home-directory shortcut";
	if (strchr(path, '\\') != NULL)
		return "backslash (a Windows path)";
	if (((path[0] | 0x20) >= 'a' && (path[0] | 0x20) <= 'z') &&
	    path[1] == ':')
		return "drive-letter path";
	for (p = path;;) {
		size_t n = strcspn(p, "/");

		if (n == 2 && p[0] == '.' && p[1] == '.')
			return "'..' component";
		if (n == 0)
			return "empty path component";
		if (p[n] == '\0')
			break;
		p += n + 1;
	}
	if (payload && strncmp(path, "data/", 5) != 0)
		return "not under data/";
	return NULL;
}

static bool
system_file(const char *path)
{
	const char *base = custody_basename(path);

	return strcmp(base, ".DS_Store") == 0 ||
	    strcasecmp(base, "Thumbs.db") == 0 ||
	    strcasecmp(base, "desktop.ini") == 0 ||
	    strncmp(base, "._", 2) == 0 ||
	    strcmp(base, ".Spotlight-V100") == 0 ||
	    strcmp(base, ".Trashes") == 0;
}

struct parse_ctx {
	struct bag *b;
	struct manifest *m;
};

static int
on_line(const char *sum, const char *path, size_t line, void *arg)
{
	struct parse_ctx *c = arg;
	struct bag *b = c->b;
	struct manifest *m = c->m;
	struct manifest_entry *grown, *e;
	const char *p = path, *why;
	char q1[200];
	size_t i;

	if (p[0] == '*') {
		WARN(b, "md5sum-marker",
		    "%s:%zu: '*' before the path (md5sum binary mode)", m->name,
		    line);
		p++;
	}
	if (strncmp(p, "./", 2) == 0) {
		WARN(b, "relative-path", "%s:%zu: path '%s' starts with ./",
		    m->name, line, q(p, q1));
		while (strncmp(p, "./", 2) == 0)
			p += 2;
	}
	if ((why = out_of_scope(p, !m->tag)) != NULL) {
		ERROR(b, "out-of-scope", "%s:%zu: '%s': %s", m->name, line,
		    q(path, q1), why);
		return 0;
	}
	if (strlen(sum) != algs[m->alg].hexlen ||
	    strspn(sum, "0123456789abcdefABCDEF") != strlen(sum)) {
		ERROR(b, "manifest", "%s:%zu: '%.140s' is not a %s checksum",
		    m->name, line, sum, algs[m->alg].name);
		return 0;
	}
	grown = realloc(m->e, (m->n + 1) * sizeof(*grown));
	if (grown == NULL) {
		b->oom = true;
		return 1;
	}
	m->e = grown;
	e = &m->e[m->n];
	memset(e, 0, sizeof(*e));
	if ((e->path = strdup(p)) == NULL) {
		b->oom = true;
		return 1;
	}
	for (i = 0; sum[i] != '\0'; i++)
		e->sum[i] =
		    (char)((sum[i] >= 'A' && sum[i] <= 'F') ? sum[i] + 32
		                                            : sum[i]);
	e->line = line;
	m->n++;
	return 0;
}

static bool
parse_alg(const char *s, size_t n, enum alg *out)
{
	int a;

	for (a = 0; a < N_ALG; a++)
		if (strlen(algs[a].name) == n &&
		    strncmp(algs[a].name, s, n) == 0) {
			*out = (enum alg)a;
			return true;
		}
	return false;
}

static void
find_manifests(struct bag *b)
{
	DIR *d;
	struct dirent *de;
	int fd = dup(b->dirfd);

	if (fd < 0 || (d = fdopendir(fd)) == NULL) {
		if (fd >= 0)
			close(fd);
		ERROR(b, "io", "%s: %s", b->dir, strerror(errno));
		return;
	}
	rewinddir(d);
	while ((de = readdir(d)) != NULL) {
		const char *n = de->d_name, *alg;
		size_t len = strlen(n), alen;
		bool tag;
		enum alg a;

		if (strncmp(n, "tagmanifest-", 12) == 0)
			tag = true, alg = n + 12;
		else if (strncmp(n, "manifest-", 9) == 0)
			tag = false, alg = n + 9;
		else
			continue;
		if (len < 4 || strcmp(n + len - 4, ".txt") != 0)
			continue;
		alen = (size_t)(n + len - 4 - alg);
		if (!parse_alg(alg, alen, &a)) {
			WARN(b, "unknown-algorithm",
			    "%s: algorithm not known here; not checked", n);
			continue;
		}
		if (b->n_man == sizeof(b->man) / sizeof(b->man[0]))
			continue;
		memset(&b->man[b->n_man], 0, sizeof(b->man[0]));
		snprintf(
		    b->man[b->n_man].name, sizeof(b->man[0].name), "%s", n);
		b->man[b->n_man].alg = a;
		b->man[b->n_man].tag = tag;
		b->n_man++;
	}
	closedir(d);
}

static int
cmp_manifest(const void *x, const void *y)
{
	const struct manifest *a = x, *c = y;

	if (a->tag != c->tag)
		return a->tag ? 1 : -1;
	return strcmp(a->name, c->name);
}

static void
load_manifests(struct bag *b)
{
	size_t i;

	qsort(b->man, b->n_man, sizeof(b->man[0]), cmp_manifest);
	for (i = 0; i < b->n_man; i++) {
		struct custody_error err = { 0 };
		struct custody_buf text;
		struct parse_ctx ctx = { b, &b->man[i] };
		int e = read_tag_text(b, b->man[i].name, &text);

		if (e != 0) {
			ERROR(b, "manifest", "%s: %s", b->man[i].name,
			    strerror(e));
		} else if (custody_bag_parse_manifest(b->man[i].name, text.data,
		               text.len, b->v1, on_line, &ctx,
		               &err) != CUSTODY_OK) {
			ERROR(b, "manifest", "%s", err.msg);
		}
		custody_buf_release(&text);
		if (b->man[i].tag)
			b->res->n_tagmanifests++;
		else
			b->res->n_manifests++;
	}
	if (b->res->n_manifests == 0)
		ERROR(b, "manifest",
		    "no payload manifest (manifest-ALG.txt) of a known algorithm");
}

/* ------------------------------------------------------------ fetch.txt */

static void
read_fetch(struct bag *b)
{
	struct custody_buf text;
	struct custody_reader r, line;
	size_t lineno = 0;
	int e = read_tag_text(b, "fetch.txt", &text);

	if (e != 0) {
		custody_buf_release(&text);
		return;
	}
	custody_reader_init(&r, text.data, text.len);
	while (next_line(&r, &line)) {
		char *s = rdup(&line), *url, *len, *path, *save = NULL, q1[200];
		const char *why;

		lineno++;
		if (s == NULL) {
			b->oom = true;
			break;
		}
		url = strtok_r(s, " \t", &save);
		len = url != NULL ? strtok_r(NULL, " \t", &save) : NULL;
		path = len != NULL ? save + strspn(save, " \t") : NULL;
		if (url == NULL) {
			free(s);
			continue;
		}
		if (path == NULL || *path == '\0' ||
		    (strcmp(len, "-") != 0 &&
		        strspn(len, "0123456789") != strlen(len))) {
			ERROR(b, "fetch",
			    "fetch.txt:%zu: not a \"URL LENGTH PATH\" line",
			    lineno);
			free(s);
			continue;
		}
		if (b->v1)
			percent_decode(path);
		while (strncmp(path, "./", 2) == 0)
			path += 2;
		if ((why = out_of_scope(path, true)) != NULL) {
			ERROR(b, "out-of-scope", "fetch.txt:%zu: '%s': %s",
			    lineno, q(path, q1), why);
		} else {
			char **grown = realloc(
			    b->fetch_paths, (b->n_fetch + 1) * sizeof(*grown));

			if (grown == NULL ||
			    (grown[b->n_fetch] = strdup(path)) == NULL) {
				if (grown != NULL)
					b->fetch_paths = grown;
				b->oom = true;
				free(s);
				break;
			}
			b->fetch_paths = grown;
			b->n_fetch++;
		}
		free(s);
	}
	custody_buf_release(&text);
}

static bool
in_fetch(const struct bag *b, const char *path)
{
	size_t i;

	for (i = 0; i < b->n_fetch; i++)
		if (strcmp(b->fetch_paths[i], path) == 0)
			return true;
	return false;
}

/* ------------------------------------------------------------ hashing */

struct pool {
	struct hfile *files;
	size_t n;
	atomic_size_t next;
	atomic_ullong bytes;
	int dirfd;
};

static void
hash_one(struct pool *p, struct hfile *f)
{
	EVP_MD_CTX *ctx[N_ALG] = { 0 };
	static __thread uint8_t buf[1 << 20];
	int fd, a;
	bool ok = true;

	if (f->need == 0)
		return;
	fd = open_in_bag(p->dirfd, f->path, false);
	if (fd < 0) {
		f->open_errno = errno;
		return;
	}
	(void)fcntl(fd, F_SETFL, 0);
	for (a = 0; a < N_ALG; a++)
		if ((f->need & (1u << a)) != 0) {
			ctx[a] = EVP_MD_CTX_new();
			if (ctx[a] == NULL ||
			    EVP_DigestInit_ex(
			        ctx[a], alg_md((enum alg)a), NULL) != 1)
				ok = false;
		}
	while (ok) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			f->open_errno = errno;
			ok = false;
			break;
		}
		if (n == 0)
			break;
		for (a = 0; a < N_ALG; a++)
			if (ctx[a] != NULL &&
			    EVP_DigestUpdate(ctx[a], buf, (size_t)n) != 1)
				ok = false;
		atomic_fetch_add(&p->bytes, (unsigned long long)n);
	}
	close(fd);
	for (a = 0; a < N_ALG; a++) {
		if (ctx[a] == NULL)
			continue;
		if (ok) {
			uint8_t md[EVP_MAX_MD_SIZE];
			unsigned mdlen = 0;

			if (EVP_DigestFinal_ex(ctx[a], md, &mdlen) == 1)
				custody_hex(md, mdlen, f->hex[a]);
		}
		EVP_MD_CTX_free(ctx[a]);
	}
	if (!ok && f->open_errno == 0)
		f->open_errno = EIO;
}

static void *
worker(void *arg)
{
	struct pool *p = arg;
	size_t i;

	while ((i = atomic_fetch_add(&p->next, 1)) < p->n)
		hash_one(p, &p->files[i]);
	return NULL;
}

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void
hash_all(struct bag *b, unsigned threads)
{
	pthread_t tid[8];
	struct pool p;
	unsigned i, started = 0;
	uint64_t t0 = now_ns();

	p.files = b->files;
	p.n = b->n_files;
	atomic_init(&p.next, 0);
	atomic_init(&p.bytes, 0);
	p.dirfd = b->dirfd;
	if (threads == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		threads = n < 1 ? 1 : n > 8 ? 8 : (unsigned)n;
	}
	if (threads > 8)
		threads = 8;
	for (i = 1; i < threads && i < p.n; i++)
		if (pthread_create(&tid[started], NULL, worker, &p) == 0)
			started++;
	worker(&p);
	for (i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	b->res->hash_ns = now_ns() - t0;
	b->res->hashed_bytes = atomic_load(&p.bytes);
}

/* ------------------------------------------------------------ checks */

static struct hfile *
tag_file(struct bag *b, const char *path)
{
	size_t i;

	for (i = b->n_payload; i < b->n_files; i++)
		if (strcmp(b->files[i].path, path) == 0)
			return &b->files[i];
	return add_file(b, path, 0, false);
}

/* Matches each manifest entry to a file and marks what must be hashed. */
static void
match_entries(struct bag *b)
{
	size_t i, j, k, pm = 0;
	char q1[200], q2[200];

	for (i = 0; i < b->n_man; i++) {
		struct manifest *m = &b->man[i];

		for (j = 0; j < m->n && !b->oom; j++) {
			struct manifest_entry *e = &m->e[j];
			struct hfile *f = NULL;
			bool dup = false;

			/* Listed twice: the same bytes, or the same after NFD. */
			for (k = 0; k < j; k++) {
				struct custody_buf ka, kb;
				bool same = strcmp(m->e[k].path, e->path) == 0,
				     nfd = false;

				if (!same) {
					custody_buf_init(&ka, 1 << 16);
					custody_buf_init(&kb, 1 << 16);
					nfd = custody_utf8_nfd(m->e[k].path,
					          strlen(m->e[k].path), &ka,
					          NULL) == CUSTODY_OK &&
					    custody_utf8_nfd(e->path,
					        strlen(e->path), &kb,
					        NULL) == CUSTODY_OK &&
					    ka.data != NULL &&
					    kb.data != NULL &&
					    strcmp(ka.data, kb.data) == 0;
					custody_buf_release(&ka);
					custody_buf_release(&kb);
				}
				if (!same && !nfd)
					continue;
				dup = true;
				if (strcmp(m->e[k].sum, e->sum) != 0)
					ERROR(b, "duplicate",
					    "%s:%zu: '%s' listed again (line %zu) with a different checksum",
					    m->name, e->line, q(e->path, q1),
					    m->e[k].line);
				else if (nfd)
					problem(b,
					    b->v1 ? CUSTODY_BAG_ERROR
					          : CUSTODY_BAG_WARNING,
					    b->v1 ? "duplicate"
					          : "normalization",
					    "%s:%zu: '%s' and line %zu's '%s' are one name in two Unicode normalisations",
					    m->name, e->line, q(e->path, q1),
					    m->e[k].line, q(m->e[k].path, q2));
				else
					problem(b,
					    b->v1 ? CUSTODY_BAG_ERROR
					          : CUSTODY_BAG_WARNING,
					    "duplicate",
					    "%s:%zu: '%s' listed again (line %zu)",
					    m->name, e->line, q(e->path, q1),
					    m->e[k].line);
				break;
			}
			if (m->tag) {
				f = tag_file(b, e->path);
				if (f != NULL)
					f->need |= 1u << m->alg;
				e->file = f;
				continue;
			}
			f = find_payload(b, e->path);
			if (f == NULL) {
				/* The same name in another normalisation on disk? */
				struct custody_buf ke, kf;
				size_t x;

				custody_buf_init(&ke, 1 << 16);
				if (custody_utf8_nfd(e->path, strlen(e->path),
				        &ke, NULL) == CUSTODY_OK &&
				    ke.data != NULL)
					for (x = 0;
					     x < b->n_payload && f == NULL;
					     x++) {
						custody_buf_init(&kf, 1 << 16);
						if (custody_utf8_nfd(
						        b->files[x].path,
						        strlen(
						            b->files[x].path),
						        &kf,
						        NULL) == CUSTODY_OK &&
						    kf.data != NULL &&
						    strcmp(kf.data, ke.data) ==
						        0)
							f = &b->files[x];
						custody_buf_release(&kf);
					}
				custody_buf_release(&ke);
				if (f != NULL && !dup)
					WARN(b, "normalization",
					    "%s:%zu: '%s' is on disk as '%s' (another Unicode normalisation)",
					    m->name, e->line, q(e->path, q1),
					    q(f->path, q2));
			}
			if (f == NULL) {
				/* Listed twice in different case, one spelling on disk. */
				for (k = 0; k < m->n; k++)
					if (k != j &&
					    strcasecmp(m->e[k].path, e->path) ==
					        0 &&
					    strcmp(m->e[k].sum, e->sum) == 0 &&
					    find_payload(b, m->e[k].path) !=
					        NULL)
						break;
				if (k < m->n)
					WARN(b, "case",
					    "%s:%zu: '%s' is absent; '%s', listed with the same checksum, differs only in case",
					    m->name, e->line, q(e->path, q1),
					    q(m->e[k].path, q2));
				else if (system_file(e->path))
					WARN(b, "system-file",
					    "%s:%zu: '%s' (an operating system's file) is listed but absent",
					    m->name, e->line, q(e->path, q1));
				else if (in_fetch(b, e->path))
					ERROR(b, "fetch",
					    "%s:%zu: '%s' is listed in fetch.txt and has not been fetched",
					    m->name, e->line, q(e->path, q1));
				else
					ERROR(b, "missing",
					    "%s:%zu: '%s' is listed but absent",
					    m->name, e->line, q(e->path, q1));
				continue;
			}
			e->file = f;
			f->need |= 1u << m->alg;
			f->listed_any = true;
			if (pm < sizeof(f->listed) / sizeof(f->listed[0]))
				f->listed[pm] = true;
		}
		if (!m->tag)
			pm++;
	}
}

static void
check_sums(struct bag *b)
{
	size_t i, j;
	char q1[200];

	for (i = 0; i < b->n_man; i++) {
		struct manifest *m = &b->man[i];

		for (j = 0; j < m->n; j++) {
			struct manifest_entry *e = &m->e[j];
			struct hfile *f = e->file;

			if (f == NULL)
				continue;
			if (f->open_errno != 0) {
				ERROR(b,
				    f->open_errno == ENOENT ? "missing" : "io",
				    "%s:%zu: '%s': %s", m->name, e->line,
				    q(e->path, q1),
				    f->open_errno == ENOENT
				        ? "listed but absent"
				        : f->open_errno == ELOOP
				        ? "a symbolic link"
				        : strerror(f->open_errno));
				continue;
			}
			if (f->hex[m->alg][0] != '\0' &&
			    strcmp(f->hex[m->alg], e->sum) != 0)
				ERROR(b, "checksum",
				    "%s:%zu: '%s': %s is %s, the manifest says %s",
				    m->name, e->line, q(e->path, q1),
				    algs[m->alg].name, f->hex[m->alg], e->sum);
		}
	}
}

static void
check_unlisted(struct bag *b)
{
	size_t i, j, pm = 0;
	char q1[200];

	for (i = 0; i < b->n_payload; i++) {
		struct hfile *f = &b->files[i];

		if (system_file(f->path))
			WARN(b, "system-file",
			    "'%s' is an operating system's file",
			    q(f->path, q1));
		if (!f->listed_any) {
			ERROR(b, "unlisted",
			    "'%s' is in the payload but in no manifest",
			    q(f->path, q1));
			continue;
		}
		if (!b->v1)
			continue;
		for (j = pm = 0; j < b->n_man; j++) {
			if (b->man[j].tag)
				continue;
			if (pm < sizeof(f->listed) / sizeof(f->listed[0]) &&
			    !f->listed[pm])
				ERROR(b, "unlisted",
				    "'%s' is missing from %s (BagIt 1.0: every payload file in every manifest)",
				    q(f->path, q1), b->man[j].name);
			pm++;
		}
	}
}

static void
check_oxum(struct bag *b)
{
	const char *ox = custody_bag_info(b->res, "Payload-Oxum");
	uint64_t octets, count;
	size_t i, j, missing_sys = 0;

	if (ox == NULL)
		return;
	if (!dotted(ox, UINT64_MAX, &octets, &count)) {
		ERROR(
		    b, "oxum", "Payload-Oxum '%.60s' is not OCTETS.COUNT", ox);
		return;
	}
	if (octets == b->res->payload_bytes && count == b->n_payload)
		return;
	/* Listed-but-absent system files (warned about above) explain a
	 * count that is short by exactly their number. */
	for (i = 0; i < b->n_man; i++)
		if (!b->man[i].tag) {
			for (j = 0; j < b->man[i].n; j++)
				if (b->man[i].e[j].file == NULL &&
				    system_file(b->man[i].e[j].path))
					missing_sys++;
			break;
		}
	if (octets == b->res->payload_bytes &&
	    count == b->n_payload + missing_sys) {
		WARN(b, "oxum",
		    "Payload-Oxum counts %llu files; %zu are present, and %zu absent operating-system files make up the difference",
		    (unsigned long long)count, b->n_payload, missing_sys);
		return;
	}
	ERROR(b, "oxum",
	    "Payload-Oxum says %llu bytes in %llu files; the payload has %llu bytes in %zu files",
	    (unsigned long long)octets, (unsigned long long)count,
	    (unsigned long long)b->res->payload_bytes, b->n_payload);
}

/* ------------------------------------------------------------ entry point */

enum custody_code
custody_bag_verify(const char *dir, const struct custody_bag_opts *opts,
    struct custody_bag_result *out, struct custody_error *err)
{
	struct bag b;
	size_t i, j;
	int datafd;

	memset(out, 0, sizeof(*out));
	memset(&b, 0, sizeof(b));
	out->ok = true;
	b.res = out;
	b.dir = dir;
	b.dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (b.dirfd < 0)
		return custody_fail_errno(err, CUSTODY_ERR_IO, "%s", dir);

	read_bagit_txt(&b);
	read_bag_info(&b);
	datafd = openat(
	    b.dirfd, "data", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (datafd < 0)
		ERROR(&b, "missing", "data/: %s",
		    errno == ENOENT ? "no payload directory" : strerror(errno));
	else
		walk(&b, datafd, "data", 0);
	qsort(b.files, b.n_payload, sizeof(*b.files), cmp_file);
	for (i = 0; i < b.n_payload; i++)
		out->payload_bytes += b.files[i].size;
	find_manifests(&b);
	load_manifests(&b);
	read_fetch(&b);
	match_entries(&b);
	if (opts != NULL && opts->want_sha256_sha512)
		for (i = 0; i < b.n_payload; i++)
			b.files[i].need |=
			    (1u << ALG_SHA256) | (1u << ALG_SHA512);
	if (!b.oom)
		hash_all(&b, opts != NULL ? opts->threads : 0);
	check_sums(&b);
	check_unlisted(&b);
	check_oxum(&b);

	/* Hand the payload list over to the result. */
	out->file =
	    calloc(b.n_payload > 0 ? b.n_payload : 1, sizeof(*out->file));
	if (out->file == NULL)
		b.oom = true;
	for (i = 0; i < b.n_payload && out->file != NULL; i++) {
		out->file[i].path = b.files[i].path;
		b.files[i].path = NULL;
		out->file[i].size = b.files[i].size;
		memcpy(out->file[i].sha256, b.files[i].hex[ALG_SHA256], 65);
		memcpy(out->file[i].sha512, b.files[i].hex[ALG_SHA512], 129);
		out->n_file++;
	}
	for (i = 0; i < b.n_files; i++)
		free(b.files[i].path);
	free(b.files);
	for (i = 0; i < b.n_man; i++) {
		for (j = 0; j < b.man[i].n; j++)
			free(b.man[i].e[j].path);
		free(b.man[i].e);
	}
	for (i = 0; i < b.n_fetch; i++)
		free(b.fetch_paths[i]);
	free(b.fetch_paths);
	close(b.dirfd);
	if (b.oom)
		return custody_fail(
		    err, CUSTODY_ERR_NOMEM, "%s: out of memory", dir);
	return CUSTODY_OK;
}

void
custody_bag_result_release(struct custody_bag_result *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n_problem; i++)
		free(r->problem[i].detail);
	free(r->problem);
	for (i = 0; i < r->n_file; i++)
		free(r->file[i].path);
	free(r->file);
	for (i = 0; i < r->n_info; i++) {
		free((char *)(uintptr_t)r->info[i].key);
		free((char *)(uintptr_t)r->info[i].value);
	}
	free(r->info);
	memset(r, 0, sizeof(*r));
}

const char *
custody_bag_info(const struct custody_bag_result *r, const char *label)
{
	size_t i;

	for (i = 0; i < r->n_info; i++)
		if (strcasecmp(r->info[i].key, label) == 0)
			return r->info[i].value;
	return NULL;
}
