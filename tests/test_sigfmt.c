/*
 * test_sigfmt.c: the four signature forms (lib/bundle/sigfmt.c). Each form is
 * signed, checked by custody and, when the tool is installed, by the
 * stock tool of its project (openssl pkeyutl, minisign, signify-openbsd,
 * ssh-keygen), then checked again after a one-byte change to the
 * message, which must fail both ways. Every prefix and every byte flip of
 * each file must be refused or fail verification, never crash or pass.
 */
#include <ctype.h>
#include <sys/wait.h>

#include "sigfmt.h"
#include "testutil.h"

static const char msg[] = "0123abcd  bagit.txt\nfeed  bag-info.txt\n";

struct st {
	char dir[4096];
	struct custody_key *k, *other;
};

static int
setup(void **state)
{
	struct custody_error err = { 0 };
	struct st *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	tu_mkdtemp(t->dir, sizeof(t->dir));
	assert_int_equal(custody_key_generate(&t->k, &err), CUSTODY_OK);
	assert_int_equal(custody_key_generate(&t->other, &err), CUSTODY_OK);
	*state = t;
	return 0;
}

static int
teardown(void **state)
{
	struct st *t = *state;

	tu_rmtree(t->dir);
	custody_key_free(t->k);
	custody_key_free(t->other);
	free(t);
	return 0;
}

static void
make_sig(enum custody_sigform f, const struct custody_key *k, const void *m,
    size_t n, struct custody_buf *out)
{
	struct custody_error err = { 0 };
	enum custody_code rc = CUSTODY_OK;

	custody_buf_init(out, CUSTODY_SIGFILE_MAX);
	switch (f) {
	case CUSTODY_SIG_RAW:
		rc = custody_sig_raw(k, m, n, out, &err);
		break;
	case CUSTODY_SIG_MINISIGN:
		rc = custody_sig_minisign(k, m, n,
		    "custody-bundle test-case sealed 2016-05-04", out, &err);
		break;
	case CUSTODY_SIG_SIGNIFY:
		rc = custody_sig_signify(k, m, n, out, &err);
		break;
	case CUSTODY_SIG_SSH:
		rc = custody_sig_ssh(k, m, n, CUSTODY_SSH_NAMESPACE, out, &err);
		break;
	}
	if (rc != CUSTODY_OK)
		fail_msg("sign %d: %s", (int)f, err.msg);
}

static void
make_pub(enum custody_sigform f, const struct custody_key *k,
    struct custody_buf *out)
{
	struct custody_error err = { 0 };
	enum custody_code rc = CUSTODY_OK;

	custody_buf_init(out, CUSTODY_SIGFILE_MAX);
	switch (f) {
	case CUSTODY_SIG_RAW:
		rc = custody_pub_pem(k, out, &err);
		break;
	case CUSTODY_SIG_MINISIGN:
		rc = custody_pub_minisign(k, out, &err);
		break;
	case CUSTODY_SIG_SIGNIFY:
		rc = custody_pub_signify(k, out, &err);
		break;
	case CUSTODY_SIG_SSH:
		rc = custody_pub_allowed_signers(k, "Test Examiner", out, &err);
		break;
	}
	if (rc != CUSTODY_OK)
		fail_msg("pub %d: %s", (int)f, err.msg);
}

static void
roundtrip(void **state)
{
	struct st *t = *state;
	int f;

	for (f = CUSTODY_SIG_RAW; f <= CUSTODY_SIG_SSH; f++) {
		struct custody_error err = { 0 };
		struct custody_buf sig, pub;
		struct custody_key *loaded = NULL;
		char signer[128];
		bool ok = true;
		enum custody_code rc;

		make_sig((enum custody_sigform)f, t->k, msg, strlen(msg), &sig);
		make_pub((enum custody_sigform)f, t->k, &pub);
		/* The key read back from its file is the same key. */
		rc = custody_pubfile_load(
		    (enum custody_sigform)f, pub.data, pub.len, &loaded, &err);
		if (rc != CUSTODY_OK)
			fail_msg("form %d: load: %s", f, err.msg);
		assert_memory_equal(
		    custody_key_public(loaded), custody_key_public(t->k), 32);
		/* Good signature. */
		rc = custody_sigfile_verify((enum custody_sigform)f, sig.data,
		    sig.len, msg, strlen(msg), loaded, CUSTODY_SSH_NAMESPACE,
		    &ok, signer, &err);
		if (rc != CUSTODY_OK)
			fail_msg("form %d: verify: %s", f, err.msg);
		assert_true(ok);
		/* Without a key: structure only, not verified. */
		ok = true;
		assert_int_equal(custody_sigfile_verify((enum custody_sigform)f,
		                     sig.data, sig.len, msg, strlen(msg), NULL,
		                     NULL, &ok, signer, &err),
		    CUSTODY_OK);
		assert_false(ok);
		/* Other message, other key: ERR_VERIFY. */
		assert_int_equal(custody_sigfile_verify((enum custody_sigform)f,
		                     sig.data, sig.len, msg, strlen(msg) - 1,
		                     loaded, NULL, &ok, NULL, &err),
		    CUSTODY_ERR_VERIFY);
		assert_false(ok);
		assert_int_equal(custody_sigfile_verify((enum custody_sigform)f,
		                     sig.data, sig.len, msg, strlen(msg),
		                     t->other, NULL, &ok, NULL, &err),
		    CUSTODY_ERR_VERIFY);
		assert_false(ok);
		custody_key_free(loaded);
		custody_buf_release(&sig);
		custody_buf_release(&pub);
	}
}

/* The signer each form reports, computed independently. */
static void
signer_names(void **state)
{
	struct st *t = *state;
	struct custody_error err = { 0 };
	struct custody_buf sig;
	char signer[128], want[128], sha512[129];
	const uint8_t *pub = custody_key_public(t->k);
	unsigned char blob[51];
	char b64[100];
	bool ok;
	int i;

	/* key id: first 8 bytes of SHA-512 of the raw public key. */
	tu_digest_hex(EVP_sha512(), pub, 32, sha512);
	make_sig(CUSTODY_SIG_SIGNIFY, t->k, msg, strlen(msg), &sig);
	assert_int_equal(
	    custody_sigfile_verify(CUSTODY_SIG_SIGNIFY, sig.data, sig.len, msg,
	        strlen(msg), NULL, NULL, &ok, signer, &err),
	    CUSTODY_OK);
	snprintf(want, sizeof(want), "signify:%.16s", sha512);
	assert_string_equal(signer, want);
	custody_buf_release(&sig);

	/* minisign prints the id as a little-endian 64-bit number. */
	make_sig(CUSTODY_SIG_MINISIGN, t->k, msg, strlen(msg), &sig);
	assert_int_equal(
	    custody_sigfile_verify(CUSTODY_SIG_MINISIGN, sig.data, sig.len, msg,
	        strlen(msg), NULL, NULL, &ok, signer, &err),
	    CUSTODY_OK);
	snprintf(want, sizeof(want), "minisign:");
	for (i = 7; i >= 0; i--) {
		char byte[3] = { (char)toupper(sha512[2 * i]),
			(char)toupper(sha512[2 * i + 1]), 0 };

		strcat(want, byte);
	}
	assert_string_equal(signer, want);
	custody_buf_release(&sig);

	make_sig(CUSTODY_SIG_SSH, t->k, msg, strlen(msg), &sig);
	assert_int_equal(
	    custody_sigfile_verify(CUSTODY_SIG_SSH, sig.data, sig.len, msg,
	        strlen(msg), NULL, NULL, &ok, signer, &err),
	    CUSTODY_OK);
	memcpy(blob, "\0\0\0\013ssh-ed25519\0\0\0\040", 19);
	memcpy(blob + 19, pub, 32);
	EVP_EncodeBlock((unsigned char *)b64, blob, 51);
	snprintf(want, sizeof(want), "ssh-ed25519 %s", b64);
	assert_string_equal(signer, want);
	custody_buf_release(&sig);

	make_sig(CUSTODY_SIG_RAW, t->k, msg, strlen(msg), &sig);
	assert_int_equal(
	    custody_sigfile_verify(CUSTODY_SIG_RAW, sig.data, sig.len, msg,
	        strlen(msg), NULL, NULL, &ok, signer, &err),
	    CUSTODY_OK);
	assert_string_equal(signer, "");
	custody_buf_release(&sig);
}

/* Every prefix and every single-bit flip of every file: refused or not
 * verified, never a crash and never a pass. */
static void
damage(void **state)
{
	struct st *t = *state;
	int f;

	for (f = CUSTODY_SIG_RAW; f <= CUSTODY_SIG_SSH; f++) {
		struct custody_error err = { 0 };
		struct custody_buf sig;
		size_t i;
		bool ok;
		size_t comment_end = 0;

		make_sig((enum custody_sigform)f, t->k, msg, strlen(msg), &sig);
		if (f == CUSTODY_SIG_MINISIGN || f == CUSTODY_SIG_SIGNIFY) {
			assert_memory_equal(
			    sig.data, "untrusted comment: ", 19);
			comment_end =
			    (size_t)(strchr(sig.data, '\n') - sig.data);
		}
		for (i = 0; i < sig.len; i++) {
			char *copy = malloc(sig.len);
			enum custody_code rc;

			assert_non_null(copy);
			memcpy(copy, sig.data, sig.len);
			/* A prefix. */
			rc = custody_sigfile_verify((enum custody_sigform)f,
			    copy, i, msg, strlen(msg), t->k,
			    CUSTODY_SSH_NAMESPACE, &ok, NULL, &err);
			assert_true(rc != CUSTODY_OK ||
			    (f != CUSTODY_SIG_RAW && i == sig.len - 1));
			if (rc == CUSTODY_OK)
				assert_true(
				    ok); /* only the file less its final newline */
			/* A flipped bit. */
			copy[i] = (char)(copy[i] ^ 0x04);
			rc = custody_sigfile_verify((enum custody_sigform)f,
			    copy, sig.len, msg, strlen(msg), t->k,
			    CUSTODY_SSH_NAMESPACE, &ok, NULL, &err);
			/* The untrusted comment is, by design, not signed. */
			if (i >= 19 && i < comment_end && copy[i] != '\n')
				assert_true(rc == CUSTODY_OK && ok);
			else if (rc == CUSTODY_OK)
				fail_msg(
				    "form %d: flipping byte %zu still verifies",
				    f, i);
			else
				assert_false(ok);
			free(copy);
		}
		custody_buf_release(&sig);
	}
}

static void
errors_name_offsets(void **state)
{
	struct st *t = *state;
	struct custody_error err = { 0 };
	const char bad[] = "untrusted comment: x\nRWQ!!!!\n";
	struct custody_key *k = NULL;
	bool ok;

	assert_int_equal(
	    custody_sigfile_verify(CUSTODY_SIG_SIGNIFY, bad, strlen(bad), msg,
	        strlen(msg), t->k, NULL, &ok, NULL, &err),
	    CUSTODY_ERR_FORMAT);
	assert_non_null(strstr(err.msg, "byte 21"));
	assert_int_equal(
	    custody_pubfile_load(CUSTODY_SIG_MINISIGN, "hello", 5, &k, &err),
	    CUSTODY_ERR_FORMAT);
	assert_non_null(strstr(err.msg, "byte 0"));
	assert_int_equal(
	    custody_pubfile_load(CUSTODY_SIG_RAW, "hello\n", 6, &k, &err),
	    CUSTODY_ERR_FORMAT);
	assert_int_equal(custody_pubfile_load(
	                     CUSTODY_SIG_SSH, "p ssh-rsa AAAA\n", 15, &k, &err),
	    CUSTODY_ERR_FORMAT);
	assert_null(k);
	/* allowed_signers offsets are bytes of the file, not of the line:
	 * 4 ("# c\n") + 2 ("x ") + 12 ("ssh-ed25519 ") */
	assert_int_equal(custody_pubfile_load(CUSTODY_SIG_SSH,
	                     "# c\nx ssh-ed25519 !!!! c\n", 25, &k, &err),
	    CUSTODY_ERR_FORMAT);
	assert_non_null(strstr(err.msg, "byte 18: key is not base64"));
	/* the key type must start a word; a CR before LF is not part of it */
	assert_int_equal(custody_pubfile_load(CUSTODY_SIG_SSH,
	                     "\nxssh-ed25519 AAAA\r\n", 20, &k, &err),
	    CUSTODY_ERR_FORMAT);
	assert_non_null(strstr(err.msg, "byte 1: no ssh-ed25519 key"));
	assert_null(k);
}

static void
ssh_namespace_checked(void **state)
{
	struct st *t = *state;
	struct custody_error err = { 0 };
	struct custody_buf sig;
	bool ok;

	custody_buf_init(&sig, CUSTODY_SIGFILE_MAX);
	assert_int_equal(
	    custody_sig_ssh(t->k, msg, strlen(msg), "file", &sig, &err),
	    CUSTODY_OK);
	assert_int_equal(
	    custody_sigfile_verify(CUSTODY_SIG_SSH, sig.data, sig.len, msg,
	        strlen(msg), t->k, CUSTODY_SSH_NAMESPACE, &ok, NULL, &err),
	    CUSTODY_ERR_VERIFY);
	assert_non_null(strstr(err.msg, "namespace"));
	assert_int_equal(
	    custody_sigfile_verify(CUSTODY_SIG_SSH, sig.data, sig.len, msg,
	        strlen(msg), t->k, "file", &ok, NULL, &err),
	    CUSTODY_OK);
	assert_true(ok);
	custody_buf_release(&sig);
}

static void
base64_strict(void **state)
{
	static const struct {
		const char *in;
		const char *out; /* NULL: refused */
	} cases[] = {
		{ "aGVsbG8=", "hello" },
		{ "aGVsbA==", "hell" },
		{ "aGVs", "hel" },
		{ "aGVsbG9=", NULL }, /* non-zero padding bits */
		{ "aGVsbG8", NULL },
		{ "aGV=bG8=", NULL },
		{ "a GVs", NULL },
		{ "", NULL },
		{ "aGVsbG8=\n", NULL },
		{ "====", NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct custody_reader r;
		uint8_t out[16];
		size_t n = 0;
		bool got;

		custody_reader_init(&r, cases[i].in, strlen(cases[i].in));
		got = custody_base64_decode(&r, out, sizeof(out), &n);
		if (cases[i].out == NULL) {
			if (got)
				fail_msg("\"%s\" decoded", cases[i].in);
			continue;
		}
		assert_true(got);
		assert_int_equal(n, strlen(cases[i].out));
		assert_memory_equal(out, cases[i].out, n);
	}
}

static void
principals(void **state)
{
	struct st *t = *state;
	struct custody_error err = { 0 };
	struct custody_buf b;
	char p[64];

	custody_ssh_principal("Jane Doe, CSI*", p, sizeof(p));
	assert_string_equal(p, "Jane Doe_ CSI_");
	custody_ssh_principal("  ", p, sizeof(p));
	assert_string_equal(p, "examiner");
	custody_buf_init(&b, 4096);
	assert_int_equal(custody_pub_allowed_signers(t->k, "a,b", &b, &err),
	    CUSTODY_ERR_USAGE);
	assert_int_equal(
	    custody_pub_allowed_signers(t->k, "jane@example.org", &b, &err),
	    CUSTODY_OK);
	assert_true(
	    strncmp(b.data,
	        "jane@example.org namespaces=\"custody-bundle\" ssh-ed25519 AAAA",
	        strlen(
	            "jane@example.org namespaces=\"custody-bundle\" ssh-ed25519 AAAA")) ==
	    0);
	custody_buf_reset(&b);
	assert_int_equal(
	    custody_pub_allowed_signers(t->k, "Jane Doe", &b, &err),
	    CUSTODY_OK);
	assert_true(strncmp(b.data, "\"Jane Doe\" namespaces=", 22) == 0);
	custody_buf_release(&b);
}

/* ------------------------------------------------------------ stock tools */

static bool
have(const char *tool)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", tool);
	return system(cmd) == 0;
}

static void
put(const char *dir, const char *name, const void *data, size_t len)
{
	char path[4300];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	tu_write(path, data, len, 0644);
}

static int
run(const char *dir, const char *cmd)
{
	char full[8192];
	int st;

	snprintf(
	    full, sizeof(full), "cd '%s' && { %s ; } >out.txt 2>&1", dir, cmd);
	st = system(full);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 255;
}

static void
stock_tools(void **state)
{
	static const struct {
		enum custody_sigform form;
		const char *tool, *sigfile, *pubfile, *cmd;
	} tools[] = {
		{ CUSTODY_SIG_RAW, "openssl", "m.ed25519", "examiner.pem",
		    "openssl pkeyutl -verify -pubin -inkey examiner.pem -rawin -in m -sigfile m.ed25519" },
		{ CUSTODY_SIG_MINISIGN, "minisign", "m.minisig",
		    "examiner.minisign.pub",
		    "minisign -V -p examiner.minisign.pub -m m -x m.minisig" },
		{ CUSTODY_SIG_SIGNIFY, "signify-openbsd", "m.sig",
		    "examiner.signify.pub",
		    "signify-openbsd -V -p examiner.signify.pub -m m -x m.sig" },
		{ CUSTODY_SIG_SSH, "ssh-keygen", "m.sshsig", "allowed_signers",
		    "ssh-keygen -Y verify -f allowed_signers -I 'Test Examiner' -n custody-bundle "
		    "-s m.sshsig <m" },
	};
	struct st *t = *state;
	size_t i, ran = 0;

	for (i = 0; i < sizeof(tools) / sizeof(tools[0]); i++) {
		struct custody_buf sig, pub;
		char tampered[sizeof(msg)];

		if (!have(tools[i].tool)) {
			print_message(
			    "skipping %s: not installed\n", tools[i].tool);
			continue;
		}
		make_sig(tools[i].form, t->k, msg, strlen(msg), &sig);
		make_pub(tools[i].form, t->k, &pub);
		put(t->dir, "m", msg, strlen(msg));
		put(t->dir, tools[i].sigfile, sig.data, sig.len);
		put(t->dir, tools[i].pubfile, pub.data, pub.len);
		if (run(t->dir, tools[i].cmd) != 0) {
			char out[4300];
			size_t n;
			uint8_t *text;

			snprintf(out, sizeof(out), "%s/out.txt", t->dir);
			text = tu_read(out, &n);
			fail_msg("%s refused a good signature: %s",
			    tools[i].tool, (char *)text);
		}
		/* One byte of the message changed: the tool must refuse. */
		memcpy(tampered, msg, sizeof(msg));
		tampered[3] = 'X';
		put(t->dir, "m", tampered, strlen(tampered));
		if (run(t->dir, tools[i].cmd) == 0)
			fail_msg(
			    "%s accepted a tampered message", tools[i].tool);
		custody_buf_release(&sig);
		custody_buf_release(&pub);
		ran++;
	}
	if (ran == 0)
		skip();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(roundtrip, setup, teardown),
		cmocka_unit_test_setup_teardown(signer_names, setup, teardown),
		cmocka_unit_test_setup_teardown(damage, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    errors_name_offsets, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    ssh_namespace_checked, setup, teardown),
		cmocka_unit_test(base64_strict),
		cmocka_unit_test_setup_teardown(principals, setup, teardown),
		cmocka_unit_test_setup_teardown(stock_tools, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
