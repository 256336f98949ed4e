/*
 * test_tarsafe.c: the safe tar reader (lib/bundle/tarsafe.c). Archives are built
 * in memory here, header by header, so that each hostile shape can be fed
 * to the reader on its own; each refusal must name the entry and leave
 * nothing outside the directory it was given. Also the UTF-8 checks and
 * the NFD normaliser that duplicate-name detection rests on.
 */
#include <dirent.h>

#include <archive.h>
#include <archive_entry.h>

#include "testutil.h"
#include "tarsafe.h"

struct tarbuf {
	uint8_t *data;
	size_t len, cap;
};

/* Room for n more bytes (some tests build tars of 100,000 entries). */
static void
tb_room(struct tarbuf *t, size_t n)
{
	if (t->len + n <= t->cap)
		return;
	while (t->len + n > t->cap)
		t->cap = t->cap ? t->cap * 2 : 1 << 16;
	t->data = realloc(t->data, t->cap);
	assert_non_null(t->data);
}

static void
tb_header(struct tarbuf *t, const char *name, char type, uint64_t size,
    const char *link)
{
	char *h;
	unsigned sum = 0;
	size_t i;

	tb_room(t, 512);
	h = (char *)t->data + t->len;

	memset(h, 0, 512);
	strncpy(h, name, 100);
	snprintf(h + 100, 8, "%07o", 0644);
	snprintf(h + 108, 8, "%07o", 0);
	snprintf(h + 116, 8, "%07o", 0);
	if (size > 077777777777ULL) {
		h[124] = (char)0x80;
		for (i = 0; i < 8; i++)
			h[135 - i] = (char)((size >> (8 * i)) & 0xff);
	} else {
		snprintf(h + 124, 12, "%011llo", (unsigned long long)size);
	}
	snprintf(h + 136, 12, "%011o", 0);
	memset(h + 148, ' ', 8);
	h[156] = type;
	if (link != NULL)
		strncpy(h + 157, link, 100);
	memcpy(h + 257, "ustar", 6);
	memcpy(h + 263, "00", 2);
	for (i = 0; i < 512; i++)
		sum += (uint8_t)h[i];
	snprintf(h + 148, 8, "%06o", sum);
	t->len += 512;
}

static void
tb_file(struct tarbuf *t, const char *name, const char *text)
{
	size_t n = strlen(text), padded = (n + 511) / 512 * 512;

	tb_header(t, name, '0', n, NULL);
	tb_room(t, padded);
	memset(t->data + t->len, 0, padded);
	memcpy(t->data + t->len, text, n);
	t->len += padded;
}

/* A file whose name goes in a pax 'x' header ("LEN path=NAME\n"), as
 * for names longer than ustar's 100 bytes. */
static void
tb_pax_file(struct tarbuf *t, const char *name, const char *text)
{
	char rec[8192];
	size_t body = strlen(" path=\n") + strlen(name), digits = 1, total,
	       padded;

	while (1) {
		total = body + digits;
		if (snprintf(rec, sizeof(rec), "%zu", total) == (int)digits)
			break;
		digits++;
	}
	assert_true(total < sizeof(rec));
	snprintf(rec, sizeof(rec), "%zu path=%s\n", total, name);
	assert_int_equal(strlen(rec), total);
	tb_header(t, "PaxHeaders/x", 'x', total, NULL);
	padded = (total + 511) / 512 * 512;
	tb_room(t, padded);
	memset(t->data + t->len, 0, padded);
	memcpy(t->data + t->len, rec, total);
	t->len += padded;
	tb_file(t, "placeholder", text);
}

static void
tb_end(struct tarbuf *t)
{
	tb_room(t, 1024);
	memset(t->data + t->len, 0, 1024);
	t->len += 1024;
}

struct fixture {
	char parent[4096]; /* holds work/ and outside/ */
	char work[4200];
	char outside[4200];
	int fd;
	struct tarbuf tb;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	tu_mkdtemp(f->parent, sizeof(f->parent));
	snprintf(f->work, sizeof(f->work), "%s/work", f->parent);
	snprintf(f->outside, sizeof(f->outside), "%s/outside", f->parent);
	assert_int_equal(mkdir(f->work, 0700), 0);
	assert_int_equal(mkdir(f->outside, 0700), 0);
	f->fd = open(f->work, O_RDONLY | O_DIRECTORY);
	assert_true(f->fd >= 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	close(f->fd);
	tu_rmtree(f->parent);
	free(f->tb.data);
	free(f);
	return 0;
}

/* Runs the reader and expects a refusal with code whose message holds
 * both the entry name and the reason; nothing may appear outside. */
static void
expect_refused(struct fixture *f, enum custody_code code, const char *entry,
    const char *why)
{
	struct custody_error err = { 0 };
	struct custody_tar_result res;

	assert_int_equal(custody_tar_extract_memory(
	                     f->tb.data, f->tb.len, f->fd, NULL, &res, &err),
	    code);
	custody_tar_result_release(&res);
	if (strstr(err.msg, entry) == NULL || strstr(err.msg, why) == NULL)
		fail_msg(
		    "message '%s' lacks '%s' or '%s'", err.msg, entry, why);
	assert_int_equal(tu_count_dir(f->outside), 0);
}

static void
test_extracts_files_and_directories(void **state)
{
	struct fixture *f = *state;
	struct custody_error err = { 0 };
	struct custody_tar_result res;
	char path[4400];
	size_t len;
	uint8_t *got;

	tb_header(&f->tb, "./top/", '5', 0, NULL);
	tb_file(&f->tb, "./top/a.txt", "alpha\n");
	tb_file(&f->tb, "top/dir/b.txt", "beta\n");
	tb_end(&f->tb);
	assert_int_equal(custody_tar_extract_memory(
	                     f->tb.data, f->tb.len, f->fd, NULL, &res, &err),
	    CUSTODY_OK);
	assert_int_equal(res.n, 3);
	assert_string_equal(res.entry[0].path, "top");
	assert_true(res.entry[0].dir);
	assert_string_equal(res.entry[2].path, "top/dir/b.txt");
	assert_int_equal(res.total, 11);
	assert_false(res.compressed);
	custody_tar_result_release(&res);
	snprintf(path, sizeof(path), "%s/top/dir/b.txt", f->work);
	got = tu_read(path, &len);
	assert_int_equal(len, 5);
	assert_memory_equal(got, "beta\n", 5);
	free(got);
}

static void
test_refuses_dotdot(void **state)
{
	struct fixture *f = *state;

	tb_file(&f->tb, "top/../../outside/x", "escape\n");
	tb_end(&f->tb);
	expect_refused(
	    f, CUSTODY_ERR_FORMAT, "top/../../outside/x", "'..' component");
}

static void
test_refuses_absolute_path(void **state)
{
	struct fixture *f = *state;
	char name[4400];

	snprintf(name, sizeof(name), "%s/x", f->outside);
	tb_file(&f->tb, name, "absolute\n");
	tb_end(&f->tb);
	expect_refused(f, CUSTODY_ERR_FORMAT, "/x'", "absolute path");
}

static void
test_refuses_symlink_and_file_through_it(void **state)
{
	struct fixture *f = *state;

	tb_header(&f->tb, "top/link", '2', 0, f->outside);
	tb_file(&f->tb, "top/link/planted", "planted\n");
	tb_end(&f->tb);
	expect_refused(
	    f, CUSTODY_ERR_FORMAT, "entry 1 'top/link'", "symbolic link to");
}

static void
test_refuses_hard_link(void **state)
{
	struct fixture *f = *state;

	tb_file(&f->tb, "top/a", "a\n");
	tb_header(&f->tb, "top/b", '1', 0, "top/a");
	tb_end(&f->tb);
	expect_refused(
	    f, CUSTODY_ERR_FORMAT, "entry 2 'top/b'", "hard link to 'top/a'");
}

static void
test_refuses_devices_and_fifos(void **state)
{
	struct fixture *f = *state;

	tb_header(&f->tb, "top/null", '3', 0, NULL);
	tb_end(&f->tb);
	expect_refused(f, CUSTODY_ERR_FORMAT, "'top/null'", "character device");
	f->tb.len = 0;
	tb_header(&f->tb, "top/disk", '4', 0, NULL);
	tb_end(&f->tb);
	expect_refused(f, CUSTODY_ERR_FORMAT, "'top/disk'", "block device");
	f->tb.len = 0;
	tb_header(&f->tb, "top/fifo", '6', 0, NULL);
	tb_end(&f->tb);
	expect_refused(f, CUSTODY_ERR_FORMAT, "'top/fifo'", "FIFO");
}

static void
test_refuses_duplicates(void **state)
{
	struct fixture *f = *state;

	tb_file(&f->tb, "top/a.txt", "one\n");
	tb_file(&f->tb, "./top//a.txt", "two\n");
	tb_end(&f->tb);
	expect_refused(f, CUSTODY_ERR_FORMAT, "entry 2",
	    "duplicate of an earlier entry 'top/a.txt'");
}

static void
test_refuses_file_over_implied_directory(void **state)
{
	struct fixture *f = *state;

	tb_file(&f->tb, "top/d/a.txt", "one\n");
	tb_file(&f->tb, "top/d", "two\n");
	tb_end(&f->tb);
	expect_refused(f, CUSTODY_ERR_FORMAT, "entry 2 'top/d'", "duplicate");
}

static void
test_refuses_names_equal_after_normalisation(void **state)
{
	struct fixture *f = *state;

	/* A directory, not only the last component. */
	tb_file(&f->tb, "top/caf\xc3\xa9/a.txt", "nfc\n");
	tb_file(&f->tb, "top/cafe\xcc\x81/b.txt", "nfd\n");
	tb_end(&f->tb);
	expect_refused(
	    f, CUSTODY_ERR_FORMAT, "entry 2", "only by Unicode normalisation");
}

static void
test_accepts_names_that_differ_by_accent(void **state)
{
	struct fixture *f = *state;
	struct custody_error err = { 0 };

	tb_file(&f->tb, "top/resume.txt", "1\n");
	tb_file(&f->tb, "top/r\xc3\xa9sum\xc3\xa9.txt", "2\n");
	tb_file(&f->tb, "top/RESUME.txt", "3\n");
	tb_end(&f->tb);
	assert_int_equal(custody_tar_extract_memory(
	                     f->tb.data, f->tb.len, f->fd, NULL, NULL, &err),
	    CUSTODY_OK);
}

static void
test_refuses_bad_names(void **state)
{
	struct fixture *f = *state;

	tb_file(&f->tb, "top/bad-\xff.txt", "x\n");
	tb_end(&f->tb);
	expect_refused(
	    f, CUSTODY_ERR_FORMAT, "'top/bad-\\xff.txt'", "not UTF-8");
	f->tb.len = 0;
	tb_file(&f->tb, "top/new\nline", "x\n");
	tb_end(&f->tb);
	expect_refused(f, CUSTODY_ERR_FORMAT, "'top/new\\x0aline'",
	    "control character U+000A");
	f->tb.len = 0;
	/* An overlong encoding of '/' (C0 AF) must not pass as a separator. */
	tb_file(&f->tb, "top/..\xc0\xafx", "x\n");
	tb_end(&f->tb);
	expect_refused(f, CUSTODY_ERR_FORMAT, "entry 1", "not UTF-8");
}

static void
test_refuses_over_limits(void **state)
{
	struct fixture *f = *state;
	struct custody_tar_limits lim;
	struct custody_error err = { 0 };

	tb_header(&f->tb, "top/big", '0', UINT64_C(100) << 30, NULL);
	tb_end(&f->tb);
	expect_refused(
	    f, CUSTODY_ERR_LIMIT, "'top/big'", "declared size 107374182400");

	custody_tar_limits_default(&lim);
	lim.max_total = 10;
	f->tb.len = 0;
	tb_file(&f->tb, "top/a", "123456\n");
	tb_file(&f->tb, "top/b", "123456\n");
	tb_end(&f->tb);
	assert_int_equal(custody_tar_extract_memory(
	                     f->tb.data, f->tb.len, f->fd, &lim, NULL, &err),
	    CUSTODY_ERR_LIMIT);
	assert_non_null(strstr(err.msg, "entry 2 'top/b'"));
	assert_non_null(strstr(err.msg, "add up to more than"));

	custody_tar_limits_default(&lim);
	lim.max_entries = 1;
	assert_int_equal(custody_tar_extract_memory(
	                     f->tb.data, f->tb.len, -1, &lim, NULL, &err),
	    CUSTODY_ERR_LIMIT);
	assert_non_null(strstr(err.msg, "more than 1 entries"));

	custody_tar_limits_default(&lim);
	lim.max_depth = 2;
	f->tb.len = 0;
	tb_file(&f->tb, "top/a/b", "x\n");
	tb_end(&f->tb);
	assert_int_equal(custody_tar_extract_memory(
	                     f->tb.data, f->tb.len, -1, &lim, NULL, &err),
	    CUSTODY_ERR_LIMIT);
	assert_non_null(strstr(err.msg, "deeper than 2"));
	assert_int_equal(tu_count_dir(f->outside), 0);
}

/* Builds "top/" then components of the given length until the path is
 * exactly len bytes long (the last component takes what is left). */
static void
make_path(char *out, size_t len, size_t comp)
{
	size_t at = 0;

	at += (size_t)snprintf(out, len + 1, "top");
	while (at < len) {
		size_t n = len - at - 1;

		if (n > comp)
			n = comp;
		if (len - at - 1 - n == 1) /* never leave a lone '/' */
			n--;
		out[at++] = '/';
		memset(out + at, 'a' + (char)(at % 26), n);
		at += n;
	}
	out[at] = '\0';
}

/* Each limit at its edge with the real (default) values: the value itself
 * is allowed, one more is refused with CUSTODY_ERR_LIMIT. */
static void
test_limits_at_their_edge(void **state)
{
	struct fixture *f = *state;
	struct custody_error err = { 0 };
	char path[CUSTODY_TAR_MAX_PATH + 2],
	    comp[CUSTODY_TAR_MAX_COMPONENT + 8];
	size_t i;

	/* depth: CUSTODY_TAR_MAX_DEPTH components, then one more */
	for (i = 0; i <= 1; i++) {
		size_t d, at = 0;

		for (d = 0; d < CUSTODY_TAR_MAX_DEPTH + i; d++)
			at += (size_t)snprintf(path + at, sizeof(path) - at,
			    "%s%c", d ? "/" : "", 'a');
		f->tb.len = 0;
		tb_file(&f->tb, path, "x\n");
		tb_end(&f->tb);
		assert_int_equal(custody_tar_extract_memory(f->tb.data,
		                     f->tb.len, -1, NULL, NULL, &err),
		    i ? CUSTODY_ERR_LIMIT : CUSTODY_OK);
	}

	/* one component of CUSTODY_TAR_MAX_COMPONENT bytes, then one more */
	for (i = 0; i <= 1; i++) {
		memset(comp, 'c', CUSTODY_TAR_MAX_COMPONENT + i);
		comp[CUSTODY_TAR_MAX_COMPONENT + i] = '\0';
		snprintf(path, sizeof(path), "top/%s", comp);
		f->tb.len = 0;
		tb_pax_file(&f->tb, path, "x\n");
		tb_end(&f->tb);
		assert_int_equal(custody_tar_extract_memory(f->tb.data,
		                     f->tb.len, -1, NULL, NULL, &err),
		    i ? CUSTODY_ERR_LIMIT : CUSTODY_OK);
	}

	/* a path of CUSTODY_TAR_MAX_PATH bytes, then one more */
	for (i = 0; i <= 1; i++) {
		make_path(path, CUSTODY_TAR_MAX_PATH + i, 200);
		assert_int_equal(strlen(path), CUSTODY_TAR_MAX_PATH + i);
		f->tb.len = 0;
		tb_pax_file(&f->tb, path, "x\n");
		tb_end(&f->tb);
		assert_int_equal(custody_tar_extract_memory(f->tb.data,
		                     f->tb.len, -1, NULL, NULL, &err),
		    i ? CUSTODY_ERR_LIMIT : CUSTODY_OK);
		if (i)
			assert_non_null(strstr(err.msg, "longer than"));
	}

	/* a declared size of exactly CUSTODY_TAR_MAX_ENTRY passes the header
	 * check (and then fails for want of data); one byte more is refused
	 * from the header alone */
	for (i = 0; i <= 1; i++) {
		f->tb.len = 0;
		tb_header(
		    &f->tb, "top/big", '0', CUSTODY_TAR_MAX_ENTRY + i, NULL);
		tb_end(&f->tb);
		err.msg[0] = '\0';
		if (i) {
			assert_int_equal(custody_tar_extract_memory(f->tb.data,
			                     f->tb.len, -1, NULL, NULL, &err),
			    CUSTODY_ERR_LIMIT);
		} else {
			assert_int_not_equal(
			    custody_tar_extract_memory(
			        f->tb.data, f->tb.len, -1, NULL, NULL, &err),
			    CUSTODY_ERR_LIMIT);
		}
	}

	/* CUSTODY_TAR_MAX_ENTRIES entries, then one more */
	for (i = 0; i <= 1; i++) {
		size_t e;

		f->tb.len = 0;
		for (e = 0; e < CUSTODY_TAR_MAX_ENTRIES + i; e++) {
			snprintf(path, sizeof(path), "top/%zu/%zu", e / 1000,
			    e % 1000);
			tb_header(&f->tb, path, '0', 0, NULL);
		}
		tb_end(&f->tb);
		assert_int_equal(custody_tar_extract_memory(f->tb.data,
		                     f->tb.len, -1, NULL, NULL, &err),
		    i ? CUSTODY_ERR_LIMIT : CUSTODY_OK);
	}
}

static void
test_dry_run_writes_nothing(void **state)
{
	struct fixture *f = *state;
	struct custody_error err = { 0 };
	struct custody_tar_result res;

	tb_file(&f->tb, "top/a.txt", "alpha\n");
	tb_end(&f->tb);
	assert_int_equal(custody_tar_extract_memory(
	                     f->tb.data, f->tb.len, -1, NULL, &res, &err),
	    CUSTODY_OK);
	assert_int_equal(res.n, 1);
	assert_int_equal(res.total, 6);
	custody_tar_result_release(&res);
	assert_int_equal(tu_count_dir(f->work), 0);
}

static void
test_refuses_existing_file(void **state)
{
	struct fixture *f = *state;
	char path[4400];

	snprintf(path, sizeof(path), "%s/top", f->work);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/top/a.txt", f->work);
	assert_int_equal(symlink(f->outside, path), 0);
	tb_file(&f->tb, "top/a.txt", "alpha\n");
	tb_end(&f->tb);
	expect_refused(f, CUSTODY_ERR_IO, "'top/a.txt'", "cannot create");
}

/* A gzip-compressed tar of zeros, written with libarchive into buf. */
static size_t
gzip_zeros(uint8_t *buf, size_t cap, size_t nzero)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();
	char *zeros = calloc(1, nzero);
	size_t used = 0;

	assert_non_null(zeros);
	assert_int_equal(archive_write_set_format_ustar(a), ARCHIVE_OK);
	assert_int_equal(archive_write_add_filter_gzip(a), ARCHIVE_OK);
	assert_int_equal(
	    archive_write_open_memory(a, buf, cap, &used), ARCHIVE_OK);
	archive_entry_set_pathname(e, "top/zeros");
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)nzero);
	assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
	assert_int_equal(
	    archive_write_data(a, zeros, nzero), (la_ssize_t)nzero);
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	archive_entry_free(e);
	free(zeros);
	return used;
}

static void
test_refuses_compression_bomb(void **state)
{
	struct fixture *f = *state;
	struct custody_tar_limits lim;
	struct custody_error err = { 0 };
	struct custody_tar_result res;
	size_t n;

	tb_room(&f->tb, 1 << 16);
	n = gzip_zeros(f->tb.data, 1 << 16, 8u << 20);

	assert_int_equal(
	    custody_tar_extract_memory(f->tb.data, n, -1, NULL, NULL, &err),
	    CUSTODY_ERR_LIMIT);
	assert_non_null(strstr(err.msg, "'top/zeros'"));
	assert_non_null(strstr(err.msg, "expands past 100:1"));
	/* The same archive passes under a ratio it does not exceed. */
	custody_tar_limits_default(&lim);
	lim.max_ratio = 100000;
	assert_int_equal(
	    custody_tar_extract_memory(f->tb.data, n, -1, &lim, &res, &err),
	    CUSTODY_OK);
	assert_true(res.compressed);
	assert_int_equal(res.total, 8u << 20);
	custody_tar_result_release(&res);
}

static void
test_refuses_what_is_not_a_tar(void **state)
{
	struct custody_error err = { 0 };

	(void)state;
	assert_int_equal(custody_tar_extract_memory(
	                     "hello world\n", 12, -1, NULL, NULL, &err),
	    CUSTODY_ERR_FORMAT);
	assert_non_null(strstr(err.msg, "not a tar archive"));
}

static void
test_utf8_valid(void **state)
{
	(void)state;
	assert_true(custody_utf8_valid(
	    "caf\xc3\xa9 \xe6\x97\xa5 \xf0\x9f\x98\x80", 14));
	assert_false(custody_utf8_valid("\xc0\xaf", 2));     /* overlong */
	assert_false(custody_utf8_valid("\xe0\x80\xaf", 3)); /* overlong */
	assert_false(custody_utf8_valid("\xed\xa0\x80", 3)); /* surrogate */
	assert_false(
	    custody_utf8_valid("\xf4\x90\x80\x80", 4)); /* past U+10FFFF */
	assert_false(custody_utf8_valid("\xc3", 1));    /* cut short */
	assert_false(custody_utf8_valid("\x80", 1));
}

static void
nfd_is(const char *in, const char *want)
{
	struct custody_error err = { 0 };
	struct custody_buf b;

	custody_buf_init(&b, 4096);
	assert_int_equal(
	    custody_utf8_nfd(in, strlen(in), &b, &err), CUSTODY_OK);
	assert_string_equal(b.data, want);
	custody_buf_release(&b);
}

static void
test_nfd_decomposes_and_orders_marks(void **state)
{
	(void)state;
	nfd_is("caf\xc3\xa9", "cafe\xcc\x81");
	nfd_is("N\xc3\xba\xc3\xb1"
	       "ez",
	    "Nu\xcc\x81n\xcc\x83"
	    "ez");
	/* U+1EC7 (e with circumflex and dot below): dot below (220) sorts
	 * before circumflex (230). */
	nfd_is("\xe1\xbb\x87", "e\xcc\xa3\xcc\x82");
	nfd_is("e\xcc\x82\xcc\xa3", "e\xcc\xa3\xcc\x82");
	nfd_is("plain/ascii", "plain/ascii");
	nfd_is("\xe6\x97\xa5", "\xe6\x97\xa5");
}

static void
test_name_quote_is_bounded_and_escaped(void **state)
{
	char big[3000], out[200];

	(void)state;
	memset(big, 'a', sizeof(big));
	custody_name_quote(big, sizeof(big), out, sizeof(out));
	assert_true(strlen(out) < 160);
	assert_non_null(strstr(out, "(3000 bytes)"));
	custody_name_quote("a\x1b[31m\xff", 7, out, sizeof(out));
	assert_string_equal(out, "a\\x1b[31m\\xff");
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_extracts_files_and_directories),
		T(test_refuses_dotdot),
		T(test_refuses_absolute_path),
		T(test_refuses_symlink_and_file_through_it),
		T(test_refuses_hard_link),
		T(test_refuses_devices_and_fifos),
		T(test_refuses_duplicates),
		T(test_refuses_file_over_implied_directory),
		T(test_refuses_names_equal_after_normalisation),
		T(test_accepts_names_that_differ_by_accent),
		T(test_refuses_bad_names),
		T(test_refuses_over_limits),
		T(test_limits_at_their_edge),
		T(test_dry_run_writes_nothing),
		T(test_refuses_existing_file),
		T(test_refuses_compression_bomb),
		cmocka_unit_test(test_refuses_what_is_not_a_tar),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_nfd_decomposes_and_orders_marks),
		cmocka_unit_test(test_name_quote_is_bounded_and_escaped),
	};

	return cmocka_run_group_tests_name("tarsafe", tests, NULL, NULL);
}
