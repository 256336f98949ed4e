/*
 * test_hash.c: SHA-256 + SHA-512 in one read pass (lib/base/hash.c), hex.
 * The streaming hash runs a ring of 1 MiB slots through two digest threads
 * and a writer; it is checked against FIPS 180 vectors and against
 * OpenSSL's one-shot EVP_Digest on inputs larger than the ring, with and
 * without the copy, and with reads and writes that fail part-way.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "testutil.h"

/* FIPS 180-2 / NIST example vectors. */
#define SHA256_EMPTY                                                           \
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define SHA256_ABC                                                             \
	"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define SHA512_EMPTY                                                                       \
	"cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0" \
	"ff8318d2877eec2f63b931bd47417a81a538327af927da3e"
#define SHA512_ABC                                                                         \
	"ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a8" \
	"36ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
#define SHA256_448                                                             \
	"248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"

struct tmp {
	char dir[4096];
	char path[4200];
};

static int
setup(void **state)
{
	struct tmp *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	tu_mkdtemp(t->dir, sizeof(t->dir));
	*state = t;
	return 0;
}

static int
teardown(void **state)
{
	struct tmp *t = *state;

	tu_rmtree(t->dir);
	free(t);
	return 0;
}

static void
test_sha256_buffer_vectors(void **state)
{
	static const char m448[] =
	    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	uint8_t d[32];
	char hex[65];

	(void)state;
	assert_int_equal(custody_sha256("", 0, d, NULL), CUSTODY_OK);
	tu_hex(d, 32, hex);
	assert_string_equal(hex, SHA256_EMPTY);
	assert_int_equal(custody_sha256("abc", 3, d, NULL), CUSTODY_OK);
	tu_hex(d, 32, hex);
	assert_string_equal(hex, SHA256_ABC);
	assert_int_equal(
	    custody_sha256(m448, strlen(m448), d, NULL), CUSTODY_OK);
	tu_hex(d, 32, hex);
	assert_string_equal(hex, SHA256_448);
}

static void
test_hex(void **state)
{
	uint8_t in[256], back[256];
	char hex[513], want[513];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(in); i++)
		in[i] = (uint8_t)(255 - i);
	custody_hex(in, sizeof(in), hex);
	tu_hex(in, sizeof(in), want);
	assert_string_equal(hex, want);
	assert_true(custody_unhex(hex, back, sizeof(back)));
	assert_memory_equal(back, in, sizeof(in));
	/* upper case is accepted */
	assert_true(custody_unhex("ABcdEF", back, 3));
	assert_int_equal(back[0], 0xab);
	assert_int_equal(back[2], 0xef);
	/* wrong length, odd length, non-hex */
	assert_false(custody_unhex("abc", back, 2));
	assert_false(custody_unhex("abcdef", back, 2));
	assert_false(custody_unhex("abcd", back, 3));
	assert_false(custody_unhex("zz", back, 1));
	assert_false(custody_unhex("0g", back, 1));
	assert_false(custody_unhex(" 0", back, 1));
	assert_true(custody_unhex("", back, 0));
	custody_hex(in, 0, hex);
	assert_string_equal(hex, "");
}

static int
open_file(const char *path, const void *data, size_t len)
{
	int fd;

	tu_write(path, data, len, 0600);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	return fd;
}

static void
test_stream_vectors(void **state)
{
	struct tmp *t = *state;
	struct custody_digest d;
	char h256[65], h512[129];
	int fd;

	snprintf(t->path, sizeof(t->path), "%s/empty", t->dir);
	fd = open_file(t->path, "", 0);
	memset(&d, 0xee, sizeof(d));
	assert_int_equal(
	    custody_hash_stream(fd, -1, "empty", &d, NULL, NULL, NULL),
	    CUSTODY_OK);
	close(fd);
	tu_hex(d.sha256, 32, h256);
	tu_hex(d.sha512, 64, h512);
	assert_string_equal(h256, SHA256_EMPTY);
	assert_string_equal(h512, SHA512_EMPTY);
	assert_true(d.size == 0);

	snprintf(t->path, sizeof(t->path), "%s/abc", t->dir);
	fd = open_file(t->path, "abc", 3);
	assert_int_equal(
	    custody_hash_stream(fd, -1, "abc", &d, NULL, NULL, NULL),
	    CUSTODY_OK);
	close(fd);
	tu_hex(d.sha256, 32, h256);
	tu_hex(d.sha512, 64, h512);
	assert_string_equal(h256, SHA256_ABC);
	assert_string_equal(h512, SHA512_ABC);
	assert_true(d.size == 3);
}

/* Deterministic, non-repeating content (so a slot mix-up changes the digest). */
static uint8_t *
pattern(size_t len, uint64_t seed)
{
	uint8_t *p = malloc(len);
	size_t i;

	assert_non_null(p);
	for (i = 0; i < len; i++) {
		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		p[i] = (uint8_t)(seed >> 56);
	}
	return p;
}

struct prog {
	uint64_t calls, last;
	bool monotone;
};

static void
on_progress(uint64_t done, void *arg)
{
	struct prog *p = arg;

	if (done < p->last)
		p->monotone = false;
	p->last = done;
	p->calls++;
}

/* Hashes len bytes from a file, copying to another, and checks both
 * digests against EVP_Digest and the copy against the input. The copy
 * opened write-only is written through the ring; opened for reading and
 * writing (as ingest opens it), made by copy_file_range and hashed from
 * its pages. */
static void
stream_and_compare_mode(struct tmp *t, size_t len, uint64_t seed, int out_mode)
{
	uint8_t *data = pattern(len, seed), *copy;
	struct custody_digest d;
	struct prog pr = { 0, 0, true };
	char h256[65], h512[129], w256[65], w512[129], cpath[4300];
	size_t clen;
	int fd, out;

	snprintf(t->path, sizeof(t->path), "%s/in-%zu", t->dir, len);
	snprintf(cpath, sizeof(cpath), "%s/copy-%zu", t->dir, len);
	fd = open_file(t->path, data, len);
	out = open(cpath, out_mode | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	assert_true(out >= 0);
	assert_int_equal(
	    custody_hash_stream(fd, out, "in", &d, on_progress, &pr, NULL),
	    CUSTODY_OK);
	close(fd);
	close(out);
	tu_hex(d.sha256, 32, h256);
	tu_hex(d.sha512, 64, h512);
	tu_digest_hex(EVP_sha256(), data, len, w256);
	tu_digest_hex(EVP_sha512(), data, len, w512);
	assert_string_equal(h256, w256);
	assert_string_equal(h512, w512);
	assert_true(d.size == len);
	assert_true(pr.calls >= 1);
	assert_true(pr.monotone);
	assert_true(pr.last == len);
	copy = tu_read(cpath, &clen);
	assert_int_equal(clen, len);
	assert_memory_equal(copy, data, len);
	free(copy);

	/* and without a copy */
	fd = open(t->path, O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	memset(&d, 0, sizeof(d));
	assert_int_equal(
	    custody_hash_stream(fd, -1, "in", &d, NULL, NULL, NULL),
	    CUSTODY_OK);
	close(fd);
	tu_hex(d.sha256, 32, h256);
	tu_hex(d.sha512, 64, h512);
	assert_string_equal(h256, w256);
	assert_string_equal(h512, w512);
	unlink(t->path);
	unlink(cpath);
	free(data);
}

static void
stream_and_compare(struct tmp *t, size_t len, uint64_t seed)
{
	stream_and_compare_mode(t, len, seed, O_WRONLY);
	stream_and_compare_mode(t, len, seed, O_RDWR);
}

/* 7 MiB + 5 is more than the ring (6 slots of 1 MiB): every slot is
 * reused, the last one partly filled. */
static void
test_stream_larger_than_ring(void **state)
{
	stream_and_compare(*state, 7u * 1024 * 1024 + 5, 1);
}

/* Sizes at slot and ring boundaries. */
static void
test_stream_boundaries(void **state)
{
	static const size_t sizes[] = { 1, 1024 * 1024 - 1, 1024 * 1024,
		1024 * 1024 + 1, 6u * 1024 * 1024, 6u * 1024 * 1024 + 1,
		13u * 1024 * 1024 };
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		stream_and_compare(*state, sizes[i], 100 + i);
}

/* A pipe: reads return short counts; the digest must not care. */
struct feeder {
	int fd;
	const uint8_t *data;
	size_t len, chunk;
	bool hold;           /* keep fd open afterwards until released */
	atomic_bool release; /* set by the test's thread (volatile is no
			      * synchronisation: ThreadSanitizer said so) */
};

static void *
feed(void *arg)
{
	struct feeder *f = arg;
	size_t done = 0;

	while (done < f->len) {
		size_t n = f->len - done < f->chunk ? f->len - done : f->chunk;
		ssize_t w = write(f->fd, f->data + done, n);

		if (w <= 0)
			break;
		done += (size_t)w;
	}
	while (f->hold && !atomic_load(&f->release))
		usleep(10000);
	close(f->fd);
	return NULL;
}

static void
test_stream_short_reads(void **state)
{
	size_t len = 3u * 1024 * 1024 + 777;
	uint8_t *data = pattern(len, 42);
	struct feeder f;
	struct custody_digest d;
	pthread_t th;
	char h256[65], w256[65], h512[129], w512[129];
	int p[2];

	(void)state;
	assert_int_equal(pipe(p), 0);
	f.fd = p[1];
	f.data = data;
	f.len = len;
	f.chunk = 1000; /* odd sizes, not aligned with anything */
	f.hold = false;
	atomic_init(&f.release, false);
	assert_int_equal(pthread_create(&th, NULL, feed, &f), 0);
	assert_int_equal(
	    custody_hash_stream(p[0], -1, "pipe", &d, NULL, NULL, NULL),
	    CUSTODY_OK);
	pthread_join(th, NULL);
	close(p[0]);
	tu_hex(d.sha256, 32, h256);
	tu_hex(d.sha512, 64, h512);
	tu_digest_hex(EVP_sha256(), data, len, w256);
	tu_digest_hex(EVP_sha512(), data, len, w512);
	assert_string_equal(h256, w256);
	assert_string_equal(h512, w512);
	assert_true(d.size == len);
	free(data);
}

/* Feeds `len` bytes into a socket whose reader times out after 1 s of
 * silence: read() then fails with EAGAIN part-way through the stream. */
static enum custody_code
stream_failing_after(size_t len, struct custody_error *err)
{
	uint8_t *data = pattern(len, 7);
	struct timeval tv = { 1, 0 };
	struct feeder f;
	struct custody_digest d;
	enum custody_code rc;
	pthread_t th;
	int sv[2];

	assert_int_equal(
	    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	assert_int_equal(
	    setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)), 0);
	f.fd = sv[1];
	f.data = data;
	f.len = len;
	f.chunk = 65536;
	f.hold = true;
	atomic_init(&f.release, false);
	assert_int_equal(pthread_create(&th, NULL, feed, &f), 0);
	rc = custody_hash_stream(sv[0], -1, "sock", &d, NULL, NULL, err);
	atomic_store(&f.release, true);
	pthread_join(th, NULL);
	close(sv[0]);
	free(data);
	return rc;
}

static void
test_stream_read_fails_midway(void **state)
{
	struct custody_error err;

	(void)state;
	memset(&err, 0, sizeof(err));
	assert_int_equal(
	    stream_failing_after(1536u * 1024, &err), CUSTODY_ERR_IO);
	assert_int_equal(err.code, CUSTODY_ERR_IO);
	assert_true(err.sys_errno == EAGAIN || err.sys_errno == EWOULDBLOCK);
	assert_non_null(strstr(err.msg, "sock"));
	assert_non_null(strstr(err.msg, "read failed at byte"));
}

/*
 * Was a bug: lib/base/hash.c custody_hash_stream() reports a read error "at byte
 * total", where total counts only the bytes of completed 1 MiB slots; the
 * bytes already read into the slot being filled are not counted, so a
 * read failing after 1.5 MiB is reported "at byte 1048576" (and one
 * failing after 64 KiB "at byte 0"). It should name 1572864.
 */
static void
test_stream_read_failure_offset(void **state)
{
	struct custody_error err;
	char want[64];

	(void)state;
	memset(&err, 0, sizeof(err));
	assert_int_equal(
	    stream_failing_after(1536u * 1024, &err), CUSTODY_ERR_IO);
	snprintf(want, sizeof(want), "read failed at byte %u:", 1536u * 1024);
	if (strstr(err.msg, want) == NULL)
		fail_msg(
		    "message does not name the failing offset: %s", err.msg);
}

static void
test_stream_read_fails_at_once(void **state)
{
	struct tmp *t = *state;
	struct custody_error err;
	struct custody_digest d;
	int fd = open(
	    t->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC); /* read(): EISDIR */

	assert_true(fd >= 0);
	memset(&err, 0, sizeof(err));
	assert_int_equal(
	    custody_hash_stream(fd, -1, "a-directory", &d, NULL, NULL, &err),
	    CUSTODY_ERR_IO);
	close(fd);
	assert_int_equal(err.sys_errno, EISDIR);
	assert_non_null(strstr(err.msg, "a-directory"));
	assert_non_null(strstr(err.msg, "read failed at byte 0"));
}

/* The store copy cannot be written (disk full): an error, not a digest. */
static void
test_stream_write_fails(void **state)
{
	struct tmp *t = *state;
	uint8_t *data = pattern(2u * 1024 * 1024 + 3, 9);
	struct custody_error err;
	struct custody_digest d;
	int fd, full = open("/dev/full", O_WRONLY | O_CLOEXEC);

	if (full < 0) {
		free(data);
		skip(); /* no /dev/full in this sandbox */
	}
	snprintf(t->path, sizeof(t->path), "%s/w", t->dir);
	fd = open_file(t->path, data, 2u * 1024 * 1024 + 3);
	memset(&err, 0, sizeof(err));
	assert_int_equal(
	    custody_hash_stream(fd, full, "w", &d, NULL, NULL, &err),
	    CUSTODY_ERR_IO);
	assert_int_equal(err.sys_errno, ENOSPC);
	assert_non_null(strstr(err.msg, "writing the stored copy"));
	close(fd);
	close(full);
	free(data);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_buffer_vectors),
		cmocka_unit_test(test_hex),
		cmocka_unit_test_setup_teardown(
		    test_stream_vectors, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_stream_larger_than_ring, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_stream_boundaries, setup, teardown),
		cmocka_unit_test(test_stream_short_reads),
		cmocka_unit_test(test_stream_read_fails_midway),
		cmocka_unit_test(test_stream_read_failure_offset),
		cmocka_unit_test_setup_teardown(
		    test_stream_read_fails_at_once, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_stream_write_fails, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
