/*
 * util.c: opening evidence safely, and small path helpers.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

int
custody_open_regular(const char *path, uint64_t *out_size, struct custody_error *err)
{
	return custody_openat_regular(AT_FDCWD, path, path, out_size, err);
}

int
custody_openat_regular(int dirfd, const char *name, const char *label, uint64_t *out_size,
    struct custody_error *err)
{
	struct stat st;
	int fd;

	/* O_NONBLOCK so that opening a FIFO does not wait for a writer; the
	 * fstat below refuses it anyway. */
	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		if (errno == ELOOP)
			custody_fail(err, CUSTODY_ERR_IO,
			    "%s: is a symbolic link; give the file it points to", label);
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
		custody_fail(err, CUSTODY_ERR_IO, "%s: not a regular file (%s)", label,
		    S_ISDIR(st.st_mode) ? "a directory" :
		    S_ISFIFO(st.st_mode) ? "a FIFO" :
		    S_ISSOCK(st.st_mode) ? "a socket" :
		    S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device" : "special");
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
custody_read_small(const char *path, size_t max, const char *what, char **out, size_t *out_len,
    struct custody_error *err)
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
		return custody_fail(err, CUSTODY_ERR_LIMIT, "%s: %llu bytes, more than %s may hold"
		    " (%zu)", path, (unsigned long long)size, what, max);
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
			return custody_fail_errno(err, CUSTODY_ERR_IO, "%s: read", path);
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

/*
 * An address in the text form inet_ntop(3) gives (RFC 5952 for IPv6).
 * IPv4 is formatted here: glibc's inet_ntop goes through sprintf, which
 * was 3 % of a large log's ingest. cap must hold INET6_ADDRSTRLEN.
 */
bool
custody_addr_text(int family, const uint8_t *a, char *out, size_t cap)
{
	char *p = out;
	int i;

	if (family != 4)
		return inet_ntop(AF_INET6, a, out, (socklen_t)cap) != NULL;
	if (cap < 16)
		return false;
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
	*p = '\0';
	return true;
}
