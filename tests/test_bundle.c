/*
 * test_bundle.c: custody_export (lib/bundle/bundle.c). Bundles are read back
 * with libarchive's reader and checked against digests computed here
 * with OpenSSL: entry order, modes, owners, times; every manifest line;
 * the tag manifests; each signature with custody_sigfile_verify; the
 * chain in custody.log ending with the export event; determinism across
 * copies of a case; and that a failed export leaves nothing behind.
 */
#include <archive.h>
#include <archive_entry.h>

#include "sigfmt.h"
#include "testutil.h"

#define SEAL_NS (TU_NOW_NS + 86400LL * 1000000000LL)

struct bt {
	char dir[4096], cdir[4200];
	struct custody_key *key;
	struct custody_case *c;
};

static int
setup(void **state)
{
	struct custody_error err = { 0 };
	struct custody_ingest_opts io;
	struct custody_ingest_result res;
	struct custody_actor who;
	struct bt *t = calloc(1, sizeof(*t));
	char file[4300];
	static const char *const names[] = { "auth log.txt", ".hidden",
		"\xc3\xa9t\xc3\xa9.bin" };
	size_t i;

	assert_non_null(t);
	tu_mkdtemp(t->dir, sizeof(t->dir));
	snprintf(t->cdir, sizeof(t->cdir), "%s/case", t->dir);
	t->c = tu_case_create(t->cdir, &t->key);
	memset(&io, 0, sizeof(io));
	io.format = "raw";
	who.key = t->key;
	who.now_ns = TU_NOW_NS + 1000;
	for (i = 0; i < 3; i++) {
		char body[64];

		snprintf(file, sizeof(file), "%s/%s", t->dir, names[i]);
		snprintf(body, sizeof(body), "original %zu\n", i);
		tu_write(file, body, strlen(body), 0644);
		if (custody_ingest_file(t->c, &who, file, &io, &res, &err) !=
		    CUSTODY_OK)
			fail_msg("ingest: %s", err.msg);
		custody_ingest_result_release(&res);
	}
	*state = t;
	return 0;
}

static int
teardown(void **state)
{
	struct bt *t = *state;

	custody_case_free(t->c);
	custody_key_free(t->key);
	tu_rmtree(t->dir);
	free(t);
	return 0;
}

static enum custody_code
dump_to_buf(void *arg, const void *p, size_t n, struct custody_error *err)
{
	(void)err;
	return custody_buf_add(arg, p, n);
}

static enum custody_code
export_to(struct custody_case *c, const struct custody_key *key, int64_t seal,
    const char *path, struct custody_export_result *res,
    struct custody_error *err)
{
	struct custody_export_opts o;
	struct custody_actor who = { key, seal };

	memset(&o, 0, sizeof(o));
	return custody_export(c, &who, path, &o, res, err);
}

/* A bundle read into memory: names and contents of its entries. */
struct entry {
	char *name;
	uint8_t *data;
	size_t len;
	int mode;
	long long mtime, uid, gid;
	bool dir;
};

struct bundle {
	struct entry e[128];
	size_t n;
};

static void
read_bundle(const char *path, struct bundle *b)
{
	struct archive *a = archive_read_new();
	struct archive_entry *ae;

	memset(b, 0, sizeof(*b));
	archive_read_support_format_tar(a);
	assert_int_equal(
	    archive_read_open_filename(a, path, 65536), ARCHIVE_OK);
	while (archive_read_next_header(a, &ae) == ARCHIVE_OK) {
		struct entry *e = &b->e[b->n++];

		assert_true(b->n < 128);
		e->name = strdup(archive_entry_pathname(ae));
		e->mode = (int)archive_entry_perm(ae);
		e->mtime = (long long)archive_entry_mtime(ae);
		e->uid = (long long)archive_entry_uid(ae);
		e->gid = (long long)archive_entry_gid(ae);
		e->dir = archive_entry_filetype(ae) == AE_IFDIR;
		e->len = (size_t)archive_entry_size(ae);
		e->data = malloc(e->len + 1);
		assert_int_equal(
		    archive_read_data(a, e->data, e->len), (la_ssize_t)e->len);
		e->data[e->len] = 0;
		assert_true(archive_entry_uname(ae) == NULL ||
		    archive_entry_uname(ae)[0] == 0);
		assert_true(archive_entry_gname(ae) == NULL ||
		    archive_entry_gname(ae)[0] == 0);
		assert_false(archive_entry_atime_is_set(ae));
		assert_false(archive_entry_ctime_is_set(ae));
	}
	archive_read_free(a);
}

static void
free_bundle(struct bundle *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		free(b->e[i].name);
		free(b->e[i].data);
	}
}

static const struct entry *
find(const struct bundle *b, const char *name)
{
	char full[256];
	size_t i;

	snprintf(full, sizeof(full), "test-case/%s", name);
	for (i = 0; i < b->n; i++)
		if (strcmp(b->e[i].name, full) == 0)
			return &b->e[i];
	fail_msg("bundle lacks %s", full);
	return NULL;
}

/* Every line "HEX  PATH" of a manifest matches the entry's bytes, and
 * every file under data/ is listed once. */
static void
check_manifest(
    const struct bundle *b, const char *name, const EVP_MD *md, bool tag)
{
	const struct entry *m = find(b, name);
	char *copy = strdup((const char *)m->data), *line, *save = NULL;
	size_t listed = 0, i, files = 0;

	for (line = strtok_r(copy, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		char *sp = strstr(line, "  "), want[129];
		const struct entry *e;

		assert_non_null(sp);
		*sp = 0;
		e = find(b, sp + 2);
		tu_digest_hex(md, e->data, e->len, want);
		assert_string_equal(line, want);
		assert_true(tag == (strncmp(sp + 2, "data/", 5) != 0));
		listed++;
	}
	free(copy);
	for (i = 0; i < b->n; i++)
		if (!b->e[i].dir &&
		    strncmp(b->e[i].name, "test-case/data/", 15) == 0)
			files++;
	if (!tag)
		assert_int_equal(listed, files);
	else /* bagit, bag-info, 2 manifests, 4 public keys */
		assert_int_equal(listed, 8);
}

static void
layout_and_manifests(void **state)
{
	struct bt *t = *state;
	struct custody_error err = { 0 };
	struct custody_export_result res;
	struct bundle b;
	char path[4300], oxum[64], headline[128];
	const struct entry *e;
	size_t i, files = 0;
	unsigned long long bytes = 0;

	snprintf(path, sizeof(path), "%s/b.tar", t->dir);
	if (export_to(t->c, t->key, SEAL_NS, path, &res, &err) != CUSTODY_OK)
		fail_msg("export: %s", err.msg);
	read_bundle(path, &b);
	assert_string_equal(b.e[0].name, "test-case/");
	for (i = 0; i < b.n; i++) {
		if (i > 0)
			assert_true(strcmp(b.e[i - 1].name, b.e[i].name) < 0);
		assert_int_equal(b.e[i].mode, b.e[i].dir ? 0555 : 0444);
		assert_int_equal(b.e[i].mtime, SEAL_NS / 1000000000);
		assert_int_equal(b.e[i].uid, 0);
		assert_int_equal(b.e[i].gid, 0);
		if (!b.e[i].dir &&
		    strncmp(b.e[i].name, "test-case/data/", 15) == 0) {
			files++;
			bytes += b.e[i].len;
		}
	}
	/* Originals by digest and safe name. */
	{
		static const char *const safe[] = { "auth_log.txt", "_hidden",
			"__t__.bin" };
		char sha[65], name[256], body[64];

		for (i = 0; i < 3; i++) {
			snprintf(body, sizeof(body), "original %zu\n", i);
			tu_digest_hex(EVP_sha256(), body, strlen(body), sha);
			snprintf(name, sizeof(name), "data/evidence/%s-%s", sha,
			    safe[i]);
			e = find(&b, name);
			assert_int_equal(e->len, strlen(body));
			assert_memory_equal(e->data, body, e->len);
		}
	}
	check_manifest(&b, "manifest-sha256.txt", EVP_sha256(), false);
	check_manifest(&b, "manifest-sha512.txt", EVP_sha512(), false);
	check_manifest(&b, "tagmanifest-sha256.txt", EVP_sha256(), true);
	check_manifest(&b, "tagmanifest-sha512.txt", EVP_sha512(), true);
	assert_string_equal((const char *)find(&b, "bagit.txt")->data,
	    "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
	snprintf(oxum, sizeof(oxum), "Payload-Oxum: %llu.%zu\n", bytes, files);
	e = find(&b, "bag-info.txt");
	assert_non_null(strstr((const char *)e->data, oxum));
	assert_int_equal(res.payload_bytes, bytes);
	assert_int_equal(res.payload_files, files);
	assert_non_null(
	    strstr((const char *)e->data, "External-Identifier: test-case\n"));
	assert_non_null(
	    strstr((const char *)e->data, "Contact-Name: Test Examiner\n"));
	assert_non_null(
	    strstr((const char *)e->data, "Bagging-Date: 2016-05-05\n"));
	assert_non_null(strstr((const char *)e->data,
	    "Custody-Seal-Time: 2016-05-05T12:00:00Z\n"));
	assert_non_null(strstr((const char *)e->data,
	    "Bag-Software-Agent: custody " CUSTODY_VERSION "\n"));
	snprintf(headline, sizeof(headline), "Custody-Head: %s\n", res.head);
	assert_non_null(strstr((const char *)e->data, headline));

	/* custody.log ends with the export event, whose line hashes to the head. */
	{
		const struct entry *log = find(&b, "data/custody.log");
		const char *last = (const char *)log->data + log->len - 1;
		char hash[65], line[4096];
		struct custody_event ev;
		size_t n;

		while (last > (const char *)log->data && last[-1] != '\n')
			last--;
		n = (size_t)(strchr(last, '\t') - last);
		memcpy(line, last, n);
		line[n] = 0;
		tu_digest_hex(EVP_sha256(), line, n, hash);
		assert_string_equal(hash, res.head);
		assert_true(custody_event_parse(line, &ev));
		assert_string_equal(ev.action, "export");
		assert_string_equal(ev.time, "2016-05-05T12:00:00.000000Z");
		assert_int_equal(ev.seq, res.export_seq);
		assert_int_equal(ev.seq, 5); /* init + 3 ingests + export */
	}
	/* The four signatures, each by the examiner's key. */
	{
		const struct entry *tm = find(&b, "tagmanifest-sha256.txt");
		int f;

		for (f = CUSTODY_SIG_RAW; f <= CUSTODY_SIG_SSH; f++) {
			char name[64];
			const struct entry *sig;
			struct custody_key *pub = NULL;
			bool ok = false;

			snprintf(name, sizeof(name),
			    "tagmanifest-sha256.txt.%s",
			    custody_sigform_suffix((enum custody_sigform)f));
			sig = find(&b, name);
			e = find(&b,
			    custody_sigform_pubfile((enum custody_sigform)f));
			assert_int_equal(
			    custody_pubfile_load((enum custody_sigform)f,
			        e->data, e->len, &pub, &err),
			    CUSTODY_OK);
			assert_memory_equal(custody_key_public(pub),
			    custody_key_public(t->key), 32);
			if (custody_sigfile_verify((enum custody_sigform)f,
			        sig->data, sig->len, tm->data, tm->len, pub,
			        CUSTODY_SSH_NAMESPACE, &ok, NULL,
			        &err) != CUSTODY_OK)
				fail_msg("%s: %s", name, err.msg);
			assert_true(ok);
			custody_key_free(pub);
		}
	}
	/* case.sql is the dump of the case as committed, without the record
	 * rows (export without --record-dump): its custody tables' rows and
	 * every definition, and not one record row. */
	{
		struct custody_buf dump;

		custody_buf_init(&dump, 1u << 30);
		assert_int_equal(custody_db_dump_ex(custody_case_db(t->c), NULL,
		                     false, dump_to_buf, &dump, &err),
		    CUSTODY_OK);
		e = find(&b, "data/case.sql");
		assert_int_equal(e->len, dump.len);
		assert_memory_equal(e->data, dump.data, dump.len);
		custody_buf_add(&dump, "", 1);
		assert_null(strstr(dump.data, "INSERT INTO dns_message"));
		assert_null(strstr(dump.data, "INSERT INTO orgmap"));
		assert_non_null(strstr(dump.data, "CREATE VIEW dns_message"));
		assert_non_null(strstr(dump.data, "INSERT INTO events"));
		assert_non_null(strstr(dump.data, "INSERT INTO evidence"));
		assert_non_null(strstr(dump.data, "\n-- record rows left out"));
		custody_buf_release(&dump);
	}
	free_bundle(&b);
}

static int
count_events(const struct custody_event *ev, void *arg)
{
	(void)ev;
	(*(int *)arg)++;
	return 0;
}

static int
events(struct custody_case *c)
{
	struct custody_error err = { 0 };
	int n = 0;

	assert_int_equal(
	    custody_log_foreach(c, count_events, &n, &err), CUSTODY_OK);
	return n;
}

static bool
file_equal(const char *a, const char *b)
{
	size_t la, lb;
	uint8_t *da = tu_read(a, &la), *db = tu_read(b, &lb);
	bool same = la == lb && memcmp(da, db, la) == 0;

	free(da);
	free(db);
	return same;
}

static void
deterministic(void **state)
{
	struct bt *t = *state;
	struct custody_error err = { 0 };
	struct custody_export_result r1, r2, r3;
	struct custody_case *c1, *c2, *c3;
	char cmd[32768], p1[4300], p2[4300], p3[4300];

	snprintf(cmd, sizeof(cmd),
	    "cp -a '%s' '%s/c1' && cp -a '%s' '%s/c2' && cp -a '%s' '%s/c3'"
	    " && mkdir '%s/sub'",
	    t->cdir, t->dir, t->cdir, t->dir, t->cdir, t->dir, t->dir);
	assert_int_equal(system(cmd), 0);
	snprintf(p1, sizeof(p1), "%s/c1", t->dir);
	assert_int_equal(custody_case_open(&c1, p1, 0, &err), CUSTODY_OK);
	snprintf(p2, sizeof(p2), "%s/c2", t->dir);
	assert_int_equal(custody_case_open(&c2, p2, 0, &err), CUSTODY_OK);
	snprintf(p3, sizeof(p3), "%s/c3", t->dir);
	assert_int_equal(custody_case_open(&c3, p3, 0, &err), CUSTODY_OK);
	snprintf(p1, sizeof(p1), "%s/one.tar", t->dir);
	snprintf(p2, sizeof(p2), "%s/sub/two.tar", t->dir);
	snprintf(p3, sizeof(p3), "%s/three.tar", t->dir);
	assert_int_equal(
	    export_to(c1, t->key, SEAL_NS, p1, &r1, &err), CUSTODY_OK);
	assert_int_equal(
	    export_to(c2, t->key, SEAL_NS, p2, &r2, &err), CUSTODY_OK);
	assert_int_equal(
	    export_to(c3, t->key, SEAL_NS + 1000000000, p3, &r3, &err),
	    CUSTODY_OK);
	assert_true(file_equal(p1, p2));
	assert_false(file_equal(p1, p3));
	assert_string_equal(r1.head, r2.head);
	assert_string_not_equal(r1.head, r3.head);
	custody_case_free(c1);
	custody_case_free(c2);
	custody_case_free(c3);
}

/* No trace of a failed export: no bundle, no temporary file, no event. */
static void
assert_nothing_left(struct bt *t, int events_before)
{
	char cmd[8500];

	snprintf(cmd, sizeof(cmd),
	    "ls -a '%s' | grep -q 'tar\\|custody-export'", t->dir);
	assert_int_not_equal(system(cmd), 0);
	assert_int_equal(events(t->c), events_before);
}

static void
failures_leave_nothing(void **state)
{
	struct bt *t = *state;
	struct custody_error err = { 0 };
	struct custody_export_result res;
	char path[4300], obj[4400], cmd[9000], sha[65];
	int before = events(t->c);
	sqlite3 *db = custody_case_db(t->c);

	snprintf(path, sizeof(path), "%s/b.tar", t->dir);
	/* A seal time before the last event. */
	assert_int_equal(
	    export_to(t->c, t->key, TU_NOW_NS - 1000000000, path, &res, &err),
	    CUSTODY_ERR_USAGE);
	assert_non_null(strstr(err.msg, "before the last custody event"));
	assert_nothing_left(t, before);
	/* Fractions of a second. */
	assert_int_equal(export_to(t->c, t->key, SEAL_NS + 5, path, &res, &err),
	    CUSTODY_ERR_USAGE);
	assert_nothing_left(t, before);
	/* A directory that is not there. */
	snprintf(obj, sizeof(obj), "%s/nowhere/b.tar", t->dir);
	assert_int_not_equal(
	    export_to(t->c, t->key, SEAL_NS, obj, &res, &err), CUSTODY_OK);
	assert_nothing_left(t, before);
	/* A stored original changed behind the case's back. */
	snprintf(sha, sizeof(sha), "%s",
	    tu_text(db, "SELECT sha256 FROM evidence WHERE id = 2"));
	snprintf(obj, sizeof(obj), "%s/objects/sha256/%.2s/%s", t->cdir, sha,
	    sha + 2);
	snprintf(cmd, sizeof(cmd),
	    "chmod u+w '%s' && printf 'original 9\n' > '%s'", obj, obj);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(export_to(t->c, t->key, SEAL_NS, path, &res, &err),
	    CUSTODY_ERR_VERIFY);
	assert_non_null(strstr(err.msg, "evidence row says"));
	assert_nothing_left(t, before);
}

static void
never_overwrites(void **state)
{
	struct bt *t = *state;
	struct custody_error err = { 0 };
	struct custody_export_result res;
	char path[4300];
	int before = events(t->c);
	size_t n;
	uint8_t *data;

	snprintf(path, sizeof(path), "%s/b.tar", t->dir);
	tu_write(path, "precious", 8, 0644);
	assert_int_equal(export_to(t->c, t->key, SEAL_NS, path, &res, &err),
	    CUSTODY_ERR_EXISTS);
	assert_int_equal(events(t->c), before);
	data = tu_read(path, &n);
	assert_int_equal(n, 8);
	free(data);
}

static void
bag_names(void **state)
{
	char out[256];
	char longname[300];

	(void)state;
	custody_bag_name("dns 2016.log", out, sizeof(out));
	assert_string_equal(out, "dns_2016.log");
	custody_bag_name("../../etc/passwd", out, sizeof(out));
	assert_string_equal(out, "_._.._etc_passwd");
	custody_bag_name("", out, sizeof(out));
	assert_string_equal(out, "original");
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	custody_bag_name(longname, out, sizeof(out));
	assert_int_equal(strlen(out), 100);
}

static void
count_warning(const char *msg, void *arg)
{
	(void)msg;
	++*(int *)arg;
}

/*
 * data/case.sql: without record_dump, no record row (the views' and
 * tables' definitions, the custody tables' rows); with it, the whole
 * canonical dump. The export event says which. And export warns, before
 * writing, for each of review's limits the bundle goes over.
 */
static void
record_dump_and_limits(void **state)
{
	struct bt *t = *state;
	struct custody_error err = { 0 };
	struct custody_ingest_opts io;
	struct custody_ingest_result ir;
	struct custody_actor who = { t->key, TU_NOW_NS + 2000 };
	struct custody_export_opts o;
	struct custody_export_result res;
	struct custody_review_limits lim;
	struct custody_buf full;
	struct bundle b;
	const struct entry *e;
	char path[4400];
	int warned = 0, round;

	memset(&io, 0, sizeof(io));
	io.format = "bind";
	assert_int_equal(
	    custody_ingest_file(t->c, &who,
	        tu_path("tests/data/text/bind-918.log"), &io, &ir, &err),
	    CUSTODY_OK);
	custody_ingest_result_release(&ir);
	for (round = 0; round < 2; round++) {
		memset(&o, 0, sizeof(o));
		o.record_dump = round == 1;
		/* a limit below what this bundle needs: one entry and the total */
		custody_review_limits_default(&lim);
		lim.max_entry = 100;
		lim.max_entries = 5;
		o.limits = round == 0 ? &lim : NULL;
		o.warn = count_warning;
		o.warn_arg = &warned;
		who.now_ns = TU_NOW_NS + (int64_t)(round + 10) * 1000000000;
		snprintf(path, sizeof(path), "%s/r%d.tar", t->dir, round);
		assert_int_equal(
		    custody_export(t->c, &who, path, &o, &res, &err),
		    CUSTODY_OK);
		if (round == 0) {
			/* the originals and case.sql over 100 bytes, and the entries */
			assert_true(warned >= 3);
			warned = 0;
		} else {
			assert_int_equal(
			    warned, 0); /* review's defaults: nothing over */
		}
		read_bundle(path, &b);
		e = find(&b, "data/case.sql");
		custody_buf_init(&full, 1u << 30);
		assert_int_equal(
		    custody_case_dump(t->c, NULL, dump_to_buf, &full, &err),
		    CUSTODY_OK);
		custody_buf_add(&full, "", 1);
		assert_non_null(
		    strstr(full.data, "\nINSERT INTO dns_message VALUES("));
		if (round == 1) {
			assert_int_equal(e->len, full.len - 1);
			assert_memory_equal(e->data, full.data, e->len);
		} else {
			assert_null(strstr(
			    (const char *)e->data, "INSERT INTO dns_message"));
			assert_non_null(strstr((const char *)e->data,
			    "\n-- record rows left out"));
			assert_non_null(strstr(
			    (const char *)e->data, "CREATE VIEW dns_message"));
			assert_true(e->len < full.len - 1);
		}
		e = find(&b, "data/custody.log");
		assert_non_null(strstr((const char *)e->data,
		    round == 1 ? "\"record_dump\":true"
		               : "\"record_dump\":false"));
		custody_buf_release(&full);
		free_bundle(&b);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    layout_and_manifests, setup, teardown),
		cmocka_unit_test_setup_teardown(deterministic, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    failures_leave_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    never_overwrites, setup, teardown),
		cmocka_unit_test(bag_names),
		cmocka_unit_test_setup_teardown(
		    record_dump_and_limits, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
