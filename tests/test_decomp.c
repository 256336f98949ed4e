/*
 * test_decomp.c: compressed originals (lib/base/decomp.c): the magic numbers,
 * each compression read back to the bytes it was made from (fixtures in
 * tests/data/decomp, made from tests/data/text/bind-918.log with gzip -n,
 * xz, zstd and bzip2), and every refusal: a bomb (200 MB of zeros in 178
 * bytes of bzip2), the size cap, bytes after the stream, a cut stream, a
 * compressed file inside another. Then a case: a compressed original is
 * kept as it came, its records are those of the plain file (same parse
 * digest), and custody_evidence_stream() gives the stream whose offsets
 * the locators are.
 */
#include <openssl/evp.h>

#include "testutil.h"

#include "case_internal.h"
#include "decomp.h"

static const char *const fixtures[] = { "bind-918.log.gz", "bind-918.log.xz",
	"bind-918.log.zst", "bind-918.log.bz2" };
static const char *const names[] = { "gzip", "xz", "zstd", "bzip2" };

static void
test_detect(void **state)
{
	uint8_t head[300];
	size_t i, len;

	(void)state;
	for (i = 0; i < 4; i++) {
		char rel[128];
		uint8_t *d;

		snprintf(rel, sizeof(rel), "tests/data/decomp/%s", fixtures[i]);
		d = tu_read(tu_path(rel), &len);
		assert_string_equal(
		    custody_compression_detect(d, len), names[i]);
		/* the magic alone is not enough for bzip2: it needs its block */
		assert_null(custody_compression_detect(d, i == 3 ? 4 : 2));
		free(d);
	}
	assert_null(
	    custody_compression_detect((const uint8_t *)"BZh9 not bzip2", 14));
	assert_null(
	    custody_compression_detect((const uint8_t *)"\x1f\x8b\x07", 3));
	memset(head, 0, sizeof(head));
	memcpy(head + 257, "ustar", 5);
	assert_string_equal(
	    custody_container_name(head, sizeof(head)), "a tar archive");
	assert_null(custody_container_name(head, 262));
	assert_string_equal(
	    custody_container_name((const uint8_t *)"PK\x03\x04", 4),
	    "a zip archive");
	assert_string_equal(
	    custody_container_name((const uint8_t *)"7z\xbc\xaf\x27\x1c", 6),
	    "a 7-Zip archive");
	assert_null(custody_container_name((const uint8_t *)"plain text", 10));
}

/* Opens tests/data/decomp/rel as custody_plain_open() does for ingest. */
static enum custody_code
plain(const char *rel, uint64_t max, struct custody_plain *p,
    struct custody_error *err)
{
	char path[4096];
	uint8_t head[16];
	uint64_t size;
	enum custody_code rc;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s", rel[0] == '/' ? rel : tu_path(rel));
	memset(err, 0, sizeof(*err));
	fd = custody_open_regular(path, &size, err);
	assert_true(fd >= 0);
	n = pread(fd, head, sizeof(head), 0);
	assert_true(n > 0);
	rc = custody_plain_open(p, "f", path, fd, size,
	    custody_compression_detect(head, (size_t)n), NULL, max, err);
	close(fd);
	return rc;
}

static void
test_each_compression(void **state)
{
	struct custody_plain p;
	struct custody_error err;
	uint8_t *want, md[32];
	char hex[65], rel[128];
	size_t len, i;

	(void)state;
	want = tu_read(tu_path("tests/data/text/bind-918.log"), &len);
	tu_digest_hex(EVP_sha256(), want, len, hex);
	(void)md;
	for (i = 0; i < 4; i++) {
		snprintf(rel, sizeof(rel), "tests/data/decomp/%s", fixtures[i]);
		assert_int_equal(plain(rel, 0, &p, &err), CUSTODY_OK);
		assert_string_equal(p.compression, names[i]);
		assert_int_equal(p.len, len);
		assert_memory_equal(p.data, want, len);
		assert_string_equal(p.sha256, hex);
		assert_non_null(strstr(p.path, "/plain-"));
		custody_plain_release(&p);
	}
	/* not compressed: the file itself, mapped */
	assert_int_equal(
	    plain("tests/data/text/bind-918.log", 0, &p, &err), CUSTODY_OK);
	assert_null(p.compression);
	assert_int_equal(p.len, len);
	assert_memory_equal(p.data, want, len);
	custody_plain_release(&p);
	free(want);
}

/* Writes data to a temporary file and opens it as plain. */
static enum custody_code
plain_bytes(const uint8_t *data, size_t len, uint64_t max,
    struct custody_plain *p, struct custody_error *err, char dir[4096])
{
	char path[4200];
	enum custody_code rc;

	tu_mkdtemp(dir, 4096);
	snprintf(path, sizeof(path), "%s/f", dir);
	tu_write(path, data, len, 0644);
	rc = plain(path, max, p, err);
	return rc;
}

static void
test_refusals(void **state)
{
	struct custody_plain p;
	struct custody_error err;
	char dir[4096];
	uint8_t *gz, *buf;
	size_t len, i;

	(void)state;
	/* a bomb: stopped once past CUSTODY_INFLATE_FREE, long before 200 MB */
	assert_int_equal(plain("tests/data/decomp/zeros-200m.bz2", 0, &p, &err),
	    CUSTODY_ERR_LIMIT);
	assert_non_null(strstr(err.msg, "decompression bomb"));
	/* the size cap */
	assert_int_equal(
	    plain("tests/data/decomp/bind-918.log.xz", 1000, &p, &err),
	    CUSTODY_ERR_LIMIT);
	assert_non_null(strstr(err.msg, "more than 1000 bytes"));
	assert_int_equal(
	    plain("tests/data/decomp/bind-918.log.xz", 1027, &p, &err),
	    CUSTODY_OK);
	custody_plain_release(&p);

	gz = tu_read(tu_path("tests/data/decomp/bind-918.log.gz"), &len);
	buf = malloc(2 * len + 8);
	assert_non_null(buf);
	/* bytes after the end of the stream */
	memcpy(buf, gz, len);
	memcpy(buf + len, "garbage", 7);
	assert_int_equal(
	    plain_bytes(buf, len + 7, 0, &p, &err, dir), CUSTODY_ERR_FORMAT);
	assert_non_null(strstr(err.msg, "the gzip stream ends at byte"));
	assert_non_null(strstr(err.msg, "the 7 bytes after it"));
	tu_rmtree(dir);
	/* two members one after the other are one stream (RFC 1952 2.2) */
	memcpy(buf + len, gz, len);
	assert_int_equal(
	    plain_bytes(buf, 2 * len, 0, &p, &err, dir), CUSTODY_OK);
	assert_int_equal(p.len, 2 * 1027);
	custody_plain_release(&p);
	tu_rmtree(dir);
	/* cut short, at every length from the header on */
	for (i = 10; i < len; i += 37) {
		assert_int_not_equal(
		    plain_bytes(gz, i, 0, &p, &err, dir), CUSTODY_OK);
		assert_true(err.code == CUSTODY_ERR_TRUNCATED ||
		    err.code == CUSTODY_ERR_FORMAT);
		tu_rmtree(dir);
	}
	/* a stream of no bytes: data is never NULL (fuzz_decomp found a null
	 * pointer offset in format detection: decomp-empty-stream.bin) */
	assert_int_equal(
	    plain_bytes(
	        (const uint8_t *)"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00"
	                         "\x03\x03\x00\x00\x00\x00\x00\x00\x00\x00\x00",
	        20, 0, &p, &err, dir),
	    CUSTODY_OK);
	assert_int_equal(p.len, 0);
	assert_non_null(p.data);
	assert_string_equal(p.sha256,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	assert_null(custody_format_detect(p.data, p.len));
	custody_plain_release(&p);
	tu_rmtree(dir);
	free(buf);
	free(gz);
}

/* A case: the compressed original is kept as it came, its records and
 * parse digest are those of the plain log, the event records the stream,
 * and the stream custody_evidence_stream() gives is the plain log: a
 * record's loc_offset is the offset of its line there. */
static void
test_case_stream(void **state)
{
	struct custody_key *k = NULL;
	struct custody_case *c;
	struct custody_actor who;
	struct custody_ingest_opts io;
	struct custody_ingest_result r;
	struct custody_stream *s = NULL;
	struct custody_verify_opts vo;
	struct custody_verify_result vr;
	struct custody_error err;
	char root[4096], dir[4200], plain_digest[65], comp[16], sha[65];
	uint8_t *want, got[2048];
	size_t len, n, total = 0;
	uint64_t size;
	int64_t off;
	sqlite3 *db;

	(void)state;
	tu_mkdtemp(root, sizeof(root));
	snprintf(dir, sizeof(dir), "%s/case", root);
	c = tu_case_create(dir, &k);
	who.key = k;
	who.now_ns = TU_NOW_NS + 1000;
	memset(&io, 0, sizeof(io));
	memset(&err, 0, sizeof(err));
	io.parse.tz = "UTC";
	assert_int_equal(
	    custody_ingest_file(c, &who,
	        tu_path("tests/data/text/bind-918.log"), &io, &r, &err),
	    CUSTODY_OK);
	snprintf(plain_digest, sizeof(plain_digest), "%s", r.parse_digest);
	assert_string_equal(r.compression, "");
	custody_ingest_result_release(&r);
	assert_int_equal(
	    custody_ingest_file(c, &who,
	        tu_path("tests/data/decomp/bind-918.log.zst"), &io, &r, &err),
	    CUSTODY_OK);
	assert_string_equal(r.format, "bind");
	assert_string_equal(r.compression, "zstd");
	assert_int_equal(r.size, 380);
	assert_int_equal(r.decompressed_size, 1027);
	assert_string_equal(r.parse_digest, plain_digest);
	custody_ingest_result_release(&r);

	db = custody_case_db(c);
	assert_true(custody_event_compression(db, 3, comp, sha, &size));
	assert_string_equal(comp, "zstd");
	assert_int_equal(size, 1027);
	assert_false(custody_event_compression(db, 2, comp, sha, &size));

	want = tu_read(tu_path("tests/data/text/bind-918.log"), &len);
	assert_int_equal(custody_evidence_stream(c, 2, &s, &err), CUSTODY_OK);
	assert_string_equal(custody_stream_compression(s), "zstd");
	while (custody_stream_read(s, got + total, 7, &n, &err) == CUSTODY_OK &&
	    n > 0)
		total += n;
	assert_int_equal(err.code, CUSTODY_OK);
	assert_int_equal(total, len);
	assert_int_equal(custody_stream_offset(s), len);
	assert_memory_equal(got, want, len);
	custody_stream_free(s);
	/* every locator of the compressed evidence is the offset of the start
	 * of its line in the stream */
	{
		sqlite3_stmt *st;
		int rows = 0;

		assert_int_equal(sqlite3_prepare_v2(db,
		                     "SELECT loc_index, loc_offset FROM"
		                     " dns_message WHERE evidence_id = 2",
		                     -1, &st, NULL),
		    SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW) {
			int64_t line = sqlite3_column_int64(st, 0), l = 1;
			size_t at = 0;

			off = sqlite3_column_int64(st, 1);
			while (l < line && at < len)
				if (want[at++] == '\n')
					l++;
			assert_int_equal(off, (int64_t)at);
			rows++;
		}
		sqlite3_finalize(st);
		assert_int_equal(rows, 5);
	}
	/* the uncompressed one streams as it is */
	assert_int_equal(custody_evidence_stream(c, 1, &s, &err), CUSTODY_OK);
	assert_null(custody_stream_compression(s));
	assert_int_equal(
	    custody_stream_read(s, got, sizeof(got), &n, &err), CUSTODY_OK);
	assert_int_equal(n, len);
	custody_stream_free(s);
	assert_int_equal(
	    custody_evidence_stream(c, 9, &s, &err), CUSTODY_ERR_USAGE);

	memset(&vo, 0, sizeof(vo));
	vo.deep = true;
	assert_int_equal(custody_verify(c, &vo, &vr, &err), CUSTODY_OK);
	assert_true(vr.ok);
	custody_verify_result_release(&vr);

	/* A case whose object directory was made a link to a copy outside
	 * it: the stream is refused, as verify refuses it, not read there. */
	{
		sqlite3_stmt *st;
		char obj[4400], out[4400];

		assert_int_equal(sqlite3_prepare_v2(db,
		                     "SELECT sha256 FROM evidence WHERE id = 1",
		                     -1, &st, NULL),
		    SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		snprintf(obj, sizeof(obj), "%s/objects/sha256/%.2s", dir,
		    (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
		snprintf(out, sizeof(out), "%s/outside", root);
		assert_int_equal(rename(obj, out), 0);
		assert_int_equal(symlink(out, obj), 0);
		memset(&err, 0, sizeof(err));
		assert_int_not_equal(
		    custody_evidence_stream(c, 1, &s, &err), CUSTODY_OK);
		assert_non_null(strstr(err.msg, "link"));
	}
	free(want);
	custody_case_free(c);
	custody_key_free(k);
	tu_rmtree(root);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_each_compression),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_case_stream),
	};

	return cmocka_run_group_tests_name("decomp", tests, NULL, NULL);
}
