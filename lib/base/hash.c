/*
 * hash.c: SHA-256 and SHA-512 of a stream in one read pass.
 *
 * Ingest must copy the original into the store anyway; the hashing should
 * hide behind that copy. The reading thread fills a small ring of buffers;
 * one thread runs SHA-256, one runs SHA-512 and (when copying) one writes
 * the store file, each at its own pace. A slot is refilled only once every
 * consumer has passed it, so memory stays at RING_SLOTS * SLOT_SIZE
 * whatever the size of the file.
 *
 * When both ends are regular files and the copy can be read back, the
 * copy is made by the kernel (copy_file_range(2): no read into this
 * process and no write out of it) and what is hashed is the copy itself,
 * mapped from the page cache slot by slot: the digests are those of the
 * bytes stored, one copy of the data fewer. Anything else (a pipe, a copy
 * opened write-only, a kernel or file system without copy_file_range)
 * reads and writes through the ring.
 */
#define _GNU_SOURCE /* copy_file_range */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "base.h"

#define SLOT_SIZE     (1u << 20)
#define RING_SLOTS    6
#define MAX_CONSUMERS 3

enum consumer_kind {
	C_SHA256,
	C_SHA512,
	C_WRITE
};

struct ring {
	pthread_mutex_t mu;
	pthread_cond_t filled;  /* a slot was filled, or the stream ended */
	pthread_cond_t drained; /* a consumer moved on */
	uint8_t *slot[RING_SLOTS];
	const uint8_t *data[RING_SLOTS]; /* slot[k], or the copy mapped */
	void *map[RING_SLOTS];           /* the copy's pages mapped, or NULL */
	size_t slot_len[RING_SLOTS];
	bool kernel_copy;  /* made by copy_file_range: C_WRITE idles */
	uint64_t produced; /* slots filled so far */
	bool eof;          /* no more slots will be filled */
	bool abort;        /* a consumer failed: stop everything */
	uint64_t consumed[MAX_CONSUMERS];
	int n_consumers;
};

struct consumer {
	struct ring *ring;
	int index;
	enum consumer_kind kind;
	int out_fd;
	EVP_MD_CTX *md;
	int failed_errno; /* write failure */
	bool crypto_failed;
};

static void *
consume(void *arg)
{
	struct consumer *c = arg;
	struct ring *r = c->ring;
	uint64_t next = 0;

	for (;;) {
		size_t k, len, done = 0;
		const uint8_t *p;

		pthread_mutex_lock(&r->mu);
		while (r->produced == next && !r->eof && !r->abort)
			pthread_cond_wait(&r->filled, &r->mu);
		if (r->abort || r->produced == next) {
			pthread_mutex_unlock(&r->mu);
			break;
		}
		pthread_mutex_unlock(&r->mu);

		k = (size_t)(next % RING_SLOTS);
		p = r->data[k];
		len = r->slot_len[k];
		if (c->kind == C_WRITE && r->kernel_copy) {
			/* the kernel made this part of the copy */
		} else if (c->kind == C_WRITE) {
			while (done < len) {
				ssize_t w =
				    write(c->out_fd, p + done, len - done);

				if (w < 0 && errno == EINTR)
					continue;
				if (w <= 0) {
					c->failed_errno = w < 0 ? errno : EIO;
					break;
				}
				done += (size_t)w;
			}
		} else if (EVP_DigestUpdate(c->md, p, len) != 1) {
			c->crypto_failed = true;
		}

		pthread_mutex_lock(&r->mu);
		next++;
		r->consumed[c->index] = next;
		if (c->failed_errno != 0 || c->crypto_failed)
			r->abort = true;
		pthread_cond_broadcast(&r->drained);
		pthread_mutex_unlock(&r->mu);
		if (c->failed_errno != 0 || c->crypto_failed) {
			pthread_mutex_lock(&r->mu);
			pthread_cond_broadcast(&r->filled);
			pthread_mutex_unlock(&r->mu);
			break;
		}
	}
	return NULL;
}

static uint64_t
slowest(const struct ring *r)
{
	uint64_t m = UINT64_MAX;
	int i;

	for (i = 0; i < r->n_consumers; i++)
		if (r->consumed[i] < m)
			m = r->consumed[i];
	return m;
}

/* Whether the copy can be made by the kernel and read back to be hashed. */
static bool
kernel_copy_possible(int fd, int out_fd)
{
	struct stat a, b;
	int fl = fcntl(out_fd, F_GETFL);

	return fl >= 0 && (fl & O_ACCMODE) == O_RDWR && fstat(fd, &a) == 0 &&
	    fstat(out_fd, &b) == 0 && S_ISREG(a.st_mode) && S_ISREG(b.st_mode);
}

/*
 * Copies up to SLOT_SIZE bytes from fd to out_fd in the kernel, the copy
 * at offset off. Returns the bytes copied (0 at the end of the input) or
 * -1 with errno set; *unsupported when the first call found no
 * copy_file_range between these files (nothing was copied).
 */
static ssize_t
kernel_copy(int fd, int out_fd, uint64_t off, bool *unsupported)
{
	size_t len = 0;

	while (len < SLOT_SIZE) {
		ssize_t n =
		    copy_file_range(fd, NULL, out_fd, NULL, SLOT_SIZE - len, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			if (off == 0 && len == 0 &&
			    (errno == ENOSYS || errno == EXDEV ||
			        errno == EINVAL || errno == EOPNOTSUPP ||
			        errno == EBADF))
				*unsupported = true;
			return -1;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	return (ssize_t)len;
}

enum custody_code
custody_hash_stream(int fd, int out_fd, const char *name,
    struct custody_digest *out, void (*progress)(uint64_t done, void *arg),
    void *progress_arg, struct custody_error *err)
{
	struct ring r;
	struct consumer cons[MAX_CONSUMERS];
	pthread_t tid[MAX_CONSUMERS];
	enum custody_code rc = CUSTODY_OK;
	uint64_t total = 0;
	int i, started = 0, read_errno = 0, copy_errno = 0;
	bool mu_ok = false;

	memset(&r, 0, sizeof(r));
	memset(cons, 0, sizeof(cons));
	r.n_consumers = out_fd >= 0 ? 3 : 2;
	for (i = 0; i < RING_SLOTS; i++)
		if ((r.slot[i] = malloc(SLOT_SIZE)) == NULL) {
			rc = custody_fail(err, CUSTODY_ERR_NOMEM,
			    "%s: no memory for hashing", name);
			goto out;
		}
	for (i = 0; i < r.n_consumers; i++) {
		cons[i].ring = &r;
		cons[i].index = i;
		cons[i].kind = (enum consumer_kind)i;
		cons[i].out_fd = out_fd;
		if (i != C_WRITE) {
			cons[i].md = EVP_MD_CTX_new();
			if (cons[i].md == NULL ||
			    EVP_DigestInit_ex(cons[i].md,
			        i == C_SHA256 ? EVP_sha256() : EVP_sha512(),
			        NULL) != 1) {
				rc = custody_fail_openssl(err, "digest init");
				goto out;
			}
		}
	}
	pthread_mutex_init(&r.mu, NULL);
	pthread_cond_init(&r.filled, NULL);
	pthread_cond_init(&r.drained, NULL);
	mu_ok = true;
	(void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	r.kernel_copy = out_fd >= 0 && kernel_copy_possible(fd, out_fd);
	for (i = 0; i < r.n_consumers; i++) {
		if (pthread_create(&tid[i], NULL, consume, &cons[i]) != 0) {
			rc = custody_fail(err, CUSTODY_ERR_NOMEM,
			    "%s: cannot start thread", name);
			pthread_mutex_lock(&r.mu);
			r.abort = true;
			pthread_cond_broadcast(&r.filled);
			pthread_mutex_unlock(&r.mu);
			break;
		}
		started++;
	}

	while (rc == CUSTODY_OK) {
		size_t k, len = 0;
		bool stop;

		pthread_mutex_lock(&r.mu);
		while (r.produced - slowest(&r) >= RING_SLOTS && !r.abort)
			pthread_cond_wait(&r.drained, &r.mu);
		stop = r.abort;
		pthread_mutex_unlock(&r.mu);
		if (stop)
			break;
		k = (size_t)(r.produced % RING_SLOTS);
		if (r.map[k] != NULL) {
			munmap(r.map[k], r.slot_len[k]);
			r.map[k] = NULL;
		}
		r.data[k] = r.slot[k];
		if (r.kernel_copy) {
			bool unsupported = false;
			ssize_t n =
			    kernel_copy(fd, out_fd, total, &unsupported);

			if (n < 0 && unsupported) {
				/* before any slot is published: no consumer
				 * has read kernel_copy yet */
				r.kernel_copy = false;
			} else if (n < 0) {
				copy_errno = errno;
				break;
			} else if (n == 0) {
				break;
			} else {
				/* the copy's pages, in the page cache since
				 * they were just written */
				r.map[k] = mmap(NULL, (size_t)n, PROT_READ,
				    MAP_SHARED | MAP_POPULATE, out_fd,
				    (off_t)total);
				if (r.map[k] == MAP_FAILED) {
					r.map[k] = NULL;
					copy_errno = errno;
					break;
				}
				(void)madvise(
				    r.map[k], (size_t)n, MADV_SEQUENTIAL);
				r.data[k] = r.map[k];
				len = (size_t)n;
			}
		}
		/* Fill the slot completely unless the file ends: fewer, larger
		 * digest updates and writes. */
		while (!r.kernel_copy && len < SLOT_SIZE) {
			ssize_t n = read(fd, r.slot[k] + len, SLOT_SIZE - len);

			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0) {
				read_errno = errno;
				total +=
				    len; /* the error is at the byte after the last one read */
				break;
			}
			if (n == 0)
				break;
			len += (size_t)n;
		}
		if (read_errno != 0)
			break;
		if (len == 0)
			break;
		total += len;
		pthread_mutex_lock(&r.mu);
		r.slot_len[k] = len;
		r.produced++;
		pthread_cond_broadcast(&r.filled);
		pthread_mutex_unlock(&r.mu);
		if (progress != NULL && r.produced % 64 == 0)
			progress(total, progress_arg);
	}

	if (mu_ok) {
		pthread_mutex_lock(&r.mu);
		r.eof = true;
		if (read_errno != 0 || copy_errno != 0)
			r.abort = true;
		pthread_cond_broadcast(&r.filled);
		pthread_mutex_unlock(&r.mu);
	}
	for (i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	if (rc != CUSTODY_OK)
		goto out;
	if (read_errno != 0) {
		errno = read_errno;
		rc = custody_fail_errno(err, CUSTODY_ERR_IO,
		    "%s: read failed at byte %llu", name,
		    (unsigned long long)total);
		goto out;
	}
	if (copy_errno != 0) {
		errno = copy_errno;
		rc = custody_fail_errno(err, CUSTODY_ERR_IO,
		    "%s: making the stored copy failed at byte %llu", name,
		    (unsigned long long)total);
		goto out;
	}
	if (r.n_consumers == 3 && cons[C_WRITE].failed_errno != 0) {
		errno = cons[C_WRITE].failed_errno;
		rc = custody_fail_errno(
		    err, CUSTODY_ERR_IO, "%s: writing the stored copy", name);
		goto out;
	}
	if (cons[C_SHA256].crypto_failed || cons[C_SHA512].crypto_failed ||
	    EVP_DigestFinal_ex(cons[C_SHA256].md, out->sha256, NULL) != 1 ||
	    EVP_DigestFinal_ex(cons[C_SHA512].md, out->sha512, NULL) != 1) {
		rc = custody_fail_openssl(err, "digest");
		goto out;
	}
	out->size = total;
	if (progress != NULL)
		progress(total, progress_arg);
out:
	for (i = 0; i < MAX_CONSUMERS; i++)
		EVP_MD_CTX_free(cons[i].md);
	for (i = 0; i < RING_SLOTS; i++) {
		if (r.map[i] != NULL)
			munmap(r.map[i], r.slot_len[i]);
		free(r.slot[i]);
	}
	if (mu_ok) {
		pthread_mutex_destroy(&r.mu);
		pthread_cond_destroy(&r.filled);
		pthread_cond_destroy(&r.drained);
	}
	return rc;
}

enum custody_code
custody_sha256(const void *p, size_t n, uint8_t out[CUSTODY_SHA256_LEN],
    struct custody_error *err)
{
	if (EVP_Digest(p, n, out, NULL, EVP_sha256(), NULL) != 1)
		return custody_fail_openssl(err, "SHA-256");
	return CUSTODY_OK;
}

void
custody_hex(const uint8_t *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 0xf];
	}
	out[2 * n] = '\0';
}

bool
custody_unhex(const char *hex, uint8_t *out, size_t n)
{
	size_t i;

	if (strlen(hex) != 2 * n)
		return false;
	for (i = 0; i < n; i++) {
		int hi = custody_hex_digit((uint8_t)hex[2 * i]);
		int lo = custody_hex_digit((uint8_t)hex[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return false;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}
