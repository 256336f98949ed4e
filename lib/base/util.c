/*
 * util.c: opening evidence safely, writing a file durably, and small path
 * helpers.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base.h"

int
custody_open_regular(
    const char *path, uint64_t *out_size, struct custody_error *err)
{
	return custody_openat_regular(AT_FDCWD, path, path, out_size, err);
}

int
custody_openat_regular(int dirfd, const char *name, const char *label,
    uint64_t *out_size, struct custody_error *err)
{
	struct stat st;
	int fd;

	/* O_NONBLOCK so that opening a FIFO does not wait for a writer; the
	 * fstat below refuses it anyway. */
	fd = openat(dirfd, name,
	    O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		if (errno == ELOOP)
			custody_fail(err, CUSTODY_ERR_IO,
			    "%s: is a symbolic link; give the file it points to",
			    label);
		else
			custody_fail_errno(err, CUSTODY_ERR_IO, "%s", label);
		return -1;
	}
	if (fstat(fd, &st) != 0) {
		custody_fail_errno(err, CUSTODY_ERR_IO, "%s", label);
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		custody_fail(err, CUSTODY_ERR_IO, "%s: not a regular file (%s)",
		    label,
		    S_ISDIR(st.st_mode)        ? "a directory"
		        : S_ISFIFO(st.st_mode) ? "a FIFO"
		        : S_ISSOCK(st.st_mode) ? "a socket"
		        : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)
		        ? "a device"
		        : "special");
		close(fd);
		return -1;
	}
	/* Back to blocking reads now that it is known to be a regular file. */
	(void)fcntl(fd, F_SETFL, 0);
	if (out_size != NULL)
		*out_size = (uint64_t)st.st_size;
	return fd;
}

enum custody_code
custody_read_small(const char *path, size_t max, const char *what, char **out,
    size_t *out_len, struct custody_error *err)
{
	uint64_t size;
	size_t got = 0;
	char *text;
	int fd;

	*out = NULL;
	if ((fd = custody_open_regular(path, &size, err)) < 0)
		return err != NULL ? err->code : CUSTODY_ERR_IO;
	if (size > max) {
		close(fd);
		return custody_fail(err, CUSTODY_ERR_LIMIT,
		    "%s: %llu bytes, more than %s may hold"
		    " (%zu)",
		    path, (unsigned long long)size, what, max);
	}
	if ((text = malloc((size_t)size + 1)) == NULL) {
		close(fd);
		return custody_fail(err, CUSTODY_ERR_NOMEM, "out of memory");
	}
	while (got < size) {
		ssize_t n = read(fd, text + got, (size_t)size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			free(text);
			close(fd);
			return custody_fail_errno(
			    err, CUSTODY_ERR_IO, "%s: read", path);
		}
		got += (size_t)n;
	}
	close(fd);
	text[got] = '\0';
	*out = text;
	*out_len = got;
	return CUSTODY_OK;
}

const char *
custody_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL && slash[1] != '\0' ? slash + 1 : path;
}

enum custody_code
custody_check_regular(const char *path, struct custody_error *err)
{
	int fd = custody_open_regular(path, NULL, err);

	if (fd < 0)
		return err != NULL ? err->code : CUSTODY_ERR_IO;
	close(fd);
	return CUSTODY_OK;
}

/* a.b.c.d at p; returns the end. */
static char *
ipv4_text(const uint8_t *a, char *p)
{
	int i;

	for (i = 0; i < 4; i++) {
		unsigned v = a[i];

		if (i > 0)
			*p++ = '.';
		if (v >= 100) {
			*p++ = (char)('0' + v / 100);
			v %= 100;
			*p++ = (char)('0' + v / 10);
		} else if (v >= 10) {
			*p++ = (char)('0' + v / 10);
		}
		*p++ = (char)('0' + v % 10);
	}
	return p;
}

/*
 * An address in the text form inet_ntop(3) gives (RFC 5952 for IPv6),
 * formatted here: glibc's inet_ntop goes through sprintf, which was 3 % of
 * a large log's ingest (IPv4) and 5 % of a capture's (IPv6). The IPv6
 * form follows glibc's inet_ntop6 step for step: the longest run of two or
 * more zero groups (the first of equal ones) is "::", groups in lower-case
 * hex without leading zeros, and ::a.b.c.d and ::ffff:a.b.c.d with the
 * IPv4 address in dotted form; test_util checks it against inet_ntop.
 * cap must hold INET6_ADDRSTRLEN.
 */
bool
custody_addr_text(int family, const uint8_t *a, char *out, size_t cap)
{
	unsigned w[8];
	int i, best = -1, best_len = 0, cur = -1, cur_len = 0;
	char *p = out;

	if (family == 4) {
		if (cap < 16)
			return false;
		*ipv4_text(a, out) = '\0';
		return true;
	}
	if (cap < 46)
		return false;
	for (i = 0; i < 8; i++) {
		w[i] = (unsigned)a[2 * i] << 8 | a[2 * i + 1];
		if (w[i] == 0) {
			if (cur < 0)
				cur = i, cur_len = 0;
			cur_len++;
		} else if (cur >= 0) {
			if (best < 0 || cur_len > best_len)
				best = cur, best_len = cur_len;
			cur = -1;
		}
	}
	if (cur >= 0 && (best < 0 || cur_len > best_len))
		best = cur, best_len = cur_len;
	if (best >= 0 && best_len < 2)
		best = -1;
	for (i = 0; i < 8; i++) {
		unsigned v = w[i];
		int sh;

		if (best >= 0 && i >= best && i < best + best_len) {
			if (i == best)
				*p++ = ':';
			continue;
		}
		if (i != 0)
			*p++ = ':';
		if (i == 6 && best == 0 &&
		    (best_len == 6 || (best_len == 5 && w[5] == 0xffff))) {
			p = ipv4_text(a + 12, p);
			break;
		}
		for (sh = 12; sh > 0 && (v >> sh) == 0; sh -= 4)
			;
		for (; sh >= 0; sh -= 4)
			*p++ = "0123456789abcdef"[(v >> sh) & 15];
	}
	if (best >= 0 && best + best_len == 8)
		*p++ = ':';
	*p = '\0';
	return true;
}

/* Removes everything below the directory fd (not following links); closes
 * fd. -1 when something stayed. */
static int
rm_below(int fd)
{
	DIR *d = fdopendir(fd);
	struct dirent *e;
	int rc = 0;

	if (d == NULL) {
		close(fd);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		struct stat st;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) !=
		    0) {
			rc = -1;
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			int sub = openat(dirfd(d), e->d_name,
			    O_RDONLY | O_DIRECTORY | O_NOFOLLOW);

			if (sub < 0 || rm_below(sub) != 0 ||
			    unlinkat(dirfd(d), e->d_name, AT_REMOVEDIR) != 0)
				rc = -1;
		} else if (unlinkat(dirfd(d), e->d_name, 0) != 0) {
			rc = -1;
		}
	}
	closedir(d);
	return rc;
}

enum custody_code
custody_workdir_remove(const char *dir, struct custody_error *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);

	if (fd < 0 || rm_below(fd) != 0 || rmdir(dir) != 0)
		return custody_fail(err, CUSTODY_ERR_IO,
		    "%s: could not remove all of the work "
		    "directory",
		    dir);
	return CUSTODY_OK;
}

enum custody_code
custody_workdir_make(
    const char *given, char *out, size_t outlen, struct custody_error *err)
{
	const char *base = getenv("TMPDIR");
	DIR *d;
	struct dirent *e;

	if (given == NULL) {
		if (base == NULL || base[0] == '\0')
			base = "/tmp";
		snprintf(out, outlen, "%s/custody-review.XXXXXX", base);
		if (mkdtemp(out) == NULL)
			return custody_fail_errno(
			    err, CUSTODY_ERR_IO, "%s", out);
		return CUSTODY_OK;
	}
	snprintf(out, outlen, "%s", given);
	if (mkdir(out, 0700) == 0)
		return CUSTODY_OK;
	if (errno != EEXIST || (d = opendir(out)) == NULL)
		return custody_fail_errno(
		    err, CUSTODY_ERR_IO, "--workdir %s", out);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 &&
		    strcmp(e->d_name, "..") != 0) {
			closedir(d);
			return custody_fail(err, CUSTODY_ERR_EXISTS,
			    "--workdir %s: not empty; give an "
			    "empty or absent directory",
			    out);
		}
	closedir(d);
	return CUSTODY_OK;
}

/* Writes all of data to fd; false with errno set when it cannot. */
static bool
write_all(int fd, const void *data, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = write(fd, (const char *)data + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return false;
		if (n == 0) {
			errno = EIO;
			return false;
		}
		done += (size_t)n;
	}
	return true;
}

enum custody_code
custody_file_write(const char *path, const void *data, size_t len,
    unsigned mode, bool replace, struct custody_error *err)
{
	char *tmp = NULL;
	size_t n = strlen(path) + 16;
	bool ok;
	int fd, e;

	if (replace) {
		/* path.tmp-XXXXXX beside it: the rename stays in one file
		 * system and directory */
		if ((tmp = malloc(n)) == NULL)
			return custody_fail(
			    err, CUSTODY_ERR_NOMEM, "out of memory");
		snprintf(tmp, n, "%s.tmp-XXXXXX", path);
		if ((fd = mkstemp(tmp)) >= 0)
			(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	} else {
		fd = open(path,
		    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		    (mode_t)mode);
	}
	if (fd < 0) {
		enum custody_code rc = errno == EEXIST && !replace
		    ? custody_fail(err, CUSTODY_ERR_EXISTS,
		          "%s: already exists; not overwritten", path)
		    : custody_fail_errno(
		          err, CUSTODY_ERR_IO, "%s", replace ? tmp : path);

		free(tmp);
		return rc;
	}
	ok = write_all(fd, data, len) && fchmod(fd, (mode_t)mode) == 0 &&
	    fsync(fd) == 0;
	e = errno;
	if (close(fd) != 0 && ok) {
		ok = false;
		e = errno;
	}
	if (ok && replace && rename(tmp, path) != 0) {
		ok = false;
		e = errno;
	}
	if (!ok) {
		unlink(replace ? tmp : path);
		errno = e;
		custody_fail_errno(err, CUSTODY_ERR_IO, "%s", path);
	}
	free(tmp);
	return ok ? CUSTODY_OK : CUSTODY_ERR_IO;
}

void
custody_pager_init(struct custody_pager *p, const void *base)
{
	long pg = sysconf(_SC_PAGESIZE);

	p->base = base;
	p->dropped = 0;
	p->page = pg > 0 && base != NULL && (uintptr_t)base % (uintptr_t)pg == 0
	    ? (size_t)pg
	    : 0;
}

void
custody_pager_drop(struct custody_pager *p, uint64_t off)
{
#ifdef MADV_PAGEOUT
	size_t upto = (size_t)off / p->page * p->page;

	(void)madvise((void *)(uintptr_t)p->base, upto, MADV_PAGEOUT);
	p->dropped = upto;
#else
	(void)off;
	p->page = 0; /* no MADV_PAGEOUT here: stop asking */
#endif
}
