/*
 * test_key.c: Ed25519 keys (lib/store/key.c). Every property is checked through
 * OpenSSL directly: the PEM files custody writes are read back with
 * PEM_read_*, the key id is recomputed from EVP_PKEY_get_raw_public_key
 * with SHA256(), and signatures are compared with OpenSSL's own
 * (Ed25519 is deterministic) and verified by OpenSSL.
 */
#include <openssl/pem.h>
#include <openssl/sha.h>

#include "testutil.h"

struct kt {
	char dir[4096];
	char priv[4200], pub[4300];
};

static int
setup(void **state)
{
	struct kt *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	tu_mkdtemp(t->dir, sizeof(t->dir));
	snprintf(t->priv, sizeof(t->priv), "%s/examiner.key", t->dir);
	snprintf(t->pub, sizeof(t->pub), "%s.pub", t->priv);
	*state = t;
	return 0;
}

static int
teardown(void **state)
{
	struct kt *t = *state;

	tu_rmtree(t->dir);
	free(t);
	return 0;
}

/* OpenSSL's view of a PEM file: the raw public key, and the key id. */
static EVP_PKEY *
ossl_read(const char *path, bool priv, const char *pass)
{
	FILE *f = fopen(path, "r");
	EVP_PKEY *k;

	assert_non_null(f);
	k = priv ? PEM_read_PrivateKey(f, NULL, NULL, (void *)(uintptr_t)pass)
	         : PEM_read_PUBKEY(f, NULL, NULL, NULL);
	fclose(f);
	return k;
}

static void
ossl_keyid(EVP_PKEY *k, uint8_t raw[32], char id[65])
{
	uint8_t d[SHA256_DIGEST_LENGTH];
	size_t len = 32;

	assert_int_equal(EVP_PKEY_get_raw_public_key(k, raw, &len), 1);
	assert_int_equal(len, 32);
	assert_non_null(SHA256(raw, 32, d));
	tu_hex(d, sizeof(d), id);
}

static mode_t
file_mode(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_mode & 07777;
}

static void
test_generate_save_load(void **state)
{
	struct kt *t = *state;
	struct custody_key *k = NULL, *l = NULL, *p = NULL;
	struct custody_error err;
	uint8_t raw[32];
	char id[65];
	EVP_PKEY *ok;

	memset(&err, 0, sizeof(err));
	assert_int_equal(custody_key_generate(&k, &err), CUSTODY_OK);
	assert_non_null(k);
	assert_true(custody_key_has_private(k));
	assert_int_equal(strlen(custody_key_id(k)), 64);
	assert_int_equal(custody_key_save(k, t->priv, NULL, &err), CUSTODY_OK);
	assert_int_equal(file_mode(t->priv), 0600);
	assert_int_equal(file_mode(t->pub), 0644);

	/* OpenSSL reads both files; the id is SHA-256 of the raw public key */
	ok = ossl_read(t->pub, false, NULL);
	assert_non_null(ok);
	assert_true(EVP_PKEY_is_a(ok, "ED25519"));
	ossl_keyid(ok, raw, id);
	assert_string_equal(custody_key_id(k), id);
	assert_memory_equal(custody_key_public(k), raw, 32);
	EVP_PKEY_free(ok);
	ok = ossl_read(t->priv, true, NULL);
	assert_non_null(ok);
	assert_true(EVP_PKEY_is_a(ok, "ED25519"));
	ossl_keyid(ok, raw, id);
	assert_string_equal(custody_key_id(k), id);
	EVP_PKEY_free(ok);
	{
		size_t n;
		uint8_t *text = tu_read(t->priv, &n);

		assert_non_null(strstr(
		    (char *)text, "-----BEGIN PRIVATE KEY-----")); /* PKCS#8 */
		free(text);
	}

	/* load the private key back: same key */
	assert_int_equal(custody_key_load(&l, t->priv, NULL, &err), CUSTODY_OK);
	assert_true(custody_key_has_private(l));
	assert_string_equal(custody_key_id(l), custody_key_id(k));
	assert_int_equal(custody_key_load_public(&p, t->pub, &err), CUSTODY_OK);
	assert_false(custody_key_has_private(p));
	assert_string_equal(custody_key_id(p), custody_key_id(k));
	assert_memory_equal(custody_key_public(p), custody_key_public(k), 32);

	/* two generated keys differ */
	{
		struct custody_key *k2 = NULL;

		assert_int_equal(custody_key_generate(&k2, NULL), CUSTODY_OK);
		assert_string_not_equal(custody_key_id(k2), custody_key_id(k));
		custody_key_free(k2);
	}
	custody_key_free(k);
	custody_key_free(l);
	custody_key_free(p);
	custody_key_free(NULL);
}

static void
test_sign_verify_with_openssl(void **state)
{
	struct kt *t = *state;
	static const char msg[] =
	    "custody-event/1 1 2016-05-04T12:00:00.000000Z ...";
	struct custody_key *k = NULL, *p = NULL;
	uint8_t sig[64], osig[64], bad[64];
	size_t olen = sizeof(osig);
	EVP_PKEY *opriv, *opub;
	EVP_MD_CTX *ctx;

	assert_int_equal(custody_key_generate(&k, NULL), CUSTODY_OK);
	assert_int_equal(custody_key_save(k, t->priv, NULL, NULL), CUSTODY_OK);
	assert_int_equal(
	    custody_key_sign(k, msg, strlen(msg), sig, NULL), CUSTODY_OK);

	/* OpenSSL verifies custody's signature with the .pub file */
	opub = ossl_read(t->pub, false, NULL);
	assert_non_null(opub);
	ctx = EVP_MD_CTX_new();
	assert_int_equal(EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, opub), 1);
	assert_int_equal(
	    EVP_DigestVerify(ctx, sig, 64, (const uint8_t *)msg, strlen(msg)),
	    1);
	EVP_MD_CTX_free(ctx);

	/* OpenSSL's signature with the private file is the same bytes */
	opriv = ossl_read(t->priv, true, NULL);
	assert_non_null(opriv);
	ctx = EVP_MD_CTX_new();
	assert_int_equal(EVP_DigestSignInit(ctx, NULL, NULL, NULL, opriv), 1);
	assert_int_equal(
	    EVP_DigestSign(ctx, osig, &olen, (const uint8_t *)msg, strlen(msg)),
	    1);
	EVP_MD_CTX_free(ctx);
	assert_int_equal(olen, 64);
	assert_memory_equal(sig, osig, 64);

	/* custody verifies; a changed byte in message or signature fails */
	assert_int_equal(custody_key_load_public(&p, t->pub, NULL), CUSTODY_OK);
	assert_true(custody_key_verify(p, msg, strlen(msg), sig));
	assert_false(custody_key_verify(p, msg, strlen(msg) - 1, sig));
	memcpy(bad, sig, 64);
	bad[10] ^= 0x01;
	assert_false(custody_key_verify(p, msg, strlen(msg), bad));
	{
		char m2[sizeof(msg)];

		memcpy(m2, msg, sizeof(msg));
		m2[0] = 'C';
		assert_false(custody_key_verify(p, m2, strlen(m2), sig));
	}
	/* a public-only key cannot sign */
	{
		struct custody_error err;

		memset(&err, 0, sizeof(err));
		assert_int_equal(
		    custody_key_sign(p, msg, 3, sig, &err), CUSTODY_ERR_USAGE);
	}
	/* another key's signature does not verify */
	{
		struct custody_key *o = NULL;

		assert_int_equal(custody_key_generate(&o, NULL), CUSTODY_OK);
		assert_int_equal(
		    custody_key_sign(o, msg, strlen(msg), bad, NULL),
		    CUSTODY_OK);
		assert_false(custody_key_verify(p, msg, strlen(msg), bad));
		custody_key_free(o);
	}
	EVP_PKEY_free(opriv);
	EVP_PKEY_free(opub);
	custody_key_free(k);
	custody_key_free(p);
}

static void
test_encrypted_pem(void **state)
{
	struct kt *t = *state;
	struct custody_key *k = NULL, *l = NULL;
	struct custody_error err;
	EVP_PKEY *o;
	uint8_t raw[32];
	char id[65];
	size_t n;
	uint8_t *text;

	assert_int_equal(custody_key_generate(&k, NULL), CUSTODY_OK);
	assert_int_equal(
	    custody_key_save(k, t->priv, "correct horse", NULL), CUSTODY_OK);
	assert_int_equal(file_mode(t->priv), 0600);
	text = tu_read(t->priv, &n);
	assert_non_null(
	    strstr((char *)text, "-----BEGIN ENCRYPTED PRIVATE KEY-----"));
	free(text);

	/* OpenSSL opens it with the passphrase, and not without */
	o = ossl_read(t->priv, true, "correct horse");
	assert_non_null(o);
	ossl_keyid(o, raw, id);
	assert_string_equal(id, custody_key_id(k));
	EVP_PKEY_free(o);
	o = ossl_read(t->priv, true, "wrong");
	assert_null(o);

	/* right passphrase */
	memset(&err, 0, sizeof(err));
	assert_int_equal(
	    custody_key_load(&l, t->priv, "correct horse", &err), CUSTODY_OK);
	assert_string_equal(custody_key_id(l), custody_key_id(k));
	custody_key_free(l);
	l = NULL;
	/* wrong passphrase, empty passphrase, none: refused, *out untouched */
	memset(&err, 0, sizeof(err));
	assert_int_equal(custody_key_load(&l, t->priv, "correct hors", &err),
	    CUSTODY_ERR_CRYPTO);
	assert_null(l);
	assert_non_null(strstr(err.msg, "passphrase"));
	assert_non_null(strstr(err.msg, t->priv));
	assert_int_equal(
	    custody_key_load(&l, t->priv, "", &err), CUSTODY_ERR_CRYPTO);
	assert_null(l);
	memset(&err, 0, sizeof(err));
	assert_int_equal(
	    custody_key_load(&l, t->priv, NULL, &err), CUSTODY_ERR_CRYPTO);
	assert_null(l);
	assert_non_null(strstr(err.msg, "encrypted"));
	/* the public half is not encrypted and loads as usual */
	assert_int_equal(custody_key_load_public(&l, t->pub, NULL), CUSTODY_OK);
	assert_string_equal(custody_key_id(l), custody_key_id(k));
	custody_key_free(l);
	custody_key_free(k);
}

static void
test_refuse_loose_modes(void **state)
{
	struct kt *t = *state;
	static const mode_t loose[] = { 0640, 0604, 0644, 0660, 0606, 0666,
		0610, 0601, 0700 | 0040 };
	struct custody_key *k = NULL, *l = NULL;
	struct custody_error err;
	size_t i;

	assert_int_equal(custody_key_generate(&k, NULL), CUSTODY_OK);
	assert_int_equal(custody_key_save(k, t->priv, NULL, NULL), CUSTODY_OK);
	for (i = 0; i < sizeof(loose) / sizeof(loose[0]); i++) {
		assert_int_equal(chmod(t->priv, loose[i]), 0);
		memset(&err, 0, sizeof(err));
		l = NULL;
		if (custody_key_load(&l, t->priv, NULL, &err) !=
		    CUSTODY_ERR_CRYPTO)
			fail_msg(
			    "mode %04o was not refused", (unsigned)loose[i]);
		assert_null(l);
		assert_non_null(strstr(err.msg, "readable by others"));
		assert_non_null(strstr(err.msg, t->priv));
	}
	/* 0600 and tighter are fine */
	assert_int_equal(chmod(t->priv, 0400), 0);
	assert_int_equal(custody_key_load(&l, t->priv, NULL, NULL), CUSTODY_OK);
	custody_key_free(l);
	assert_int_equal(chmod(t->priv, 0600), 0);
	l = NULL;
	assert_int_equal(custody_key_load(&l, t->priv, NULL, NULL), CUSTODY_OK);
	custody_key_free(l);
	/* a public key file needs no such mode */
	assert_int_equal(chmod(t->pub, 0644), 0);
	l = NULL;
	assert_int_equal(custody_key_load_public(&l, t->pub, NULL), CUSTODY_OK);
	custody_key_free(l);
	custody_key_free(k);
}

static void
test_save_refuses_overwrite(void **state)
{
	struct kt *t = *state;
	struct custody_key *k = NULL, *p = NULL;
	struct custody_error err;
	uint8_t *before, *after;
	size_t nb, na;

	assert_int_equal(custody_key_generate(&k, NULL), CUSTODY_OK);
	assert_int_equal(custody_key_save(k, t->priv, NULL, NULL), CUSTODY_OK);
	before = tu_read(t->priv, &nb);
	memset(&err, 0, sizeof(err));
	assert_int_equal(
	    custody_key_save(k, t->priv, NULL, &err), CUSTODY_ERR_EXISTS);
	after = tu_read(t->priv, &na);
	assert_int_equal(na, nb);
	assert_memory_equal(before, after, nb);
	free(before);
	free(after);
	/* only the .pub exists: still refused, and no private file is left */
	assert_int_equal(unlink(t->priv), 0);
	assert_int_equal(
	    custody_key_save(k, t->priv, NULL, &err), CUSTODY_ERR_EXISTS);
	assert_int_equal(access(t->priv, F_OK), -1);
	/* only the private file exists */
	assert_int_equal(unlink(t->pub), 0);
	tu_write(t->priv, "x", 1, 0600);
	assert_int_equal(
	    custody_key_save(k, t->priv, NULL, &err), CUSTODY_ERR_EXISTS);
	assert_int_equal(access(t->pub, F_OK), -1);
	/* a public-only key has nothing to save */
	assert_int_equal(
	    custody_key_from_raw(&p, custody_key_public(k), NULL), CUSTODY_OK);
	assert_int_equal(
	    custody_key_save(p, t->priv, NULL, &err), CUSTODY_ERR_USAGE);
	custody_key_free(p);
	custody_key_free(k);
}

static void
test_from_raw(void **state)
{
	struct custody_key *k = NULL, *p = NULL;
	uint8_t d[32], sig[64];
	char id[65];

	(void)state;
	assert_int_equal(custody_key_generate(&k, NULL), CUSTODY_OK);
	assert_int_equal(
	    custody_key_from_raw(&p, custody_key_public(k), NULL), CUSTODY_OK);
	assert_false(custody_key_has_private(p));
	assert_non_null(SHA256(custody_key_public(k), 32, d));
	tu_hex(d, 32, id);
	assert_string_equal(custody_key_id(p), id);
	assert_string_equal(custody_key_id(k), id);
	assert_int_equal(custody_key_sign(k, "m", 1, sig, NULL), CUSTODY_OK);
	assert_true(custody_key_verify(p, "m", 1, sig));
	custody_key_free(p);
	custody_key_free(k);
}

static void
test_bad_key_files(void **state)
{
	struct kt *t = *state;
	struct custody_key *l = NULL;
	struct custody_error err;
	char path[4400], link[4400];
	EVP_PKEY *ec;
	FILE *f;

	/* missing */
	snprintf(path, sizeof(path), "%s/none", t->dir);
	memset(&err, 0, sizeof(err));
	assert_int_equal(
	    custody_key_load(&l, path, NULL, &err), CUSTODY_ERR_IO);
	assert_int_equal(err.sys_errno, ENOENT);
	/* not PEM */
	snprintf(path, sizeof(path), "%s/garbage", t->dir);
	tu_write(path, "not a key\n", 10, 0600);
	assert_int_equal(
	    custody_key_load(&l, path, NULL, &err), CUSTODY_ERR_CRYPTO);
	assert_int_equal(
	    custody_key_load_public(&l, path, &err), CUSTODY_ERR_CRYPTO);
	/* a directory */
	assert_int_equal(
	    custody_key_load(&l, t->dir, NULL, &err), CUSTODY_ERR_IO);
	/* a symbolic link to a good key is refused */
	{
		struct custody_key *k = NULL;

		assert_int_equal(custody_key_generate(&k, NULL), CUSTODY_OK);
		assert_int_equal(
		    custody_key_save(k, t->priv, NULL, NULL), CUSTODY_OK);
		custody_key_free(k);
		snprintf(link, sizeof(link), "%s/link.key", t->dir);
		assert_int_equal(symlink(t->priv, link), 0);
		memset(&err, 0, sizeof(err));
		assert_int_equal(
		    custody_key_load(&l, link, NULL, &err), CUSTODY_ERR_IO);
		assert_non_null(strstr(err.msg, "symbolic link"));
	}
	/* a valid PEM key that is not Ed25519 (P-256) */
	ec = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	assert_non_null(ec);
	snprintf(path, sizeof(path), "%s/ec.key", t->dir);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(
	    PEM_write_PrivateKey(f, ec, NULL, NULL, 0, NULL, NULL), 1);
	fclose(f);
	assert_int_equal(chmod(path, 0600), 0);
	memset(&err, 0, sizeof(err));
	assert_int_equal(
	    custody_key_load(&l, path, NULL, &err), CUSTODY_ERR_CRYPTO);
	assert_non_null(strstr(err.msg, "Ed25519"));
	snprintf(path, sizeof(path), "%s/ec.pub", t->dir);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(PEM_write_PUBKEY(f, ec), 1);
	fclose(f);
	assert_int_equal(
	    custody_key_load_public(&l, path, &err), CUSTODY_ERR_CRYPTO);
	EVP_PKEY_free(ec);
	/* too large for a key file */
	{
		char *big = malloc(100000);

		assert_non_null(big);
		memset(big, 'A', 100000);
		snprintf(path, sizeof(path), "%s/big.key", t->dir);
		tu_write(path, big, 100000, 0600);
		free(big);
		assert_int_equal(
		    custody_key_load(&l, path, NULL, &err), CUSTODY_ERR_LIMIT);
	}
	assert_null(l);
}

/*
 * custody_key_load_public() refuses a private key file: where a public key
 * is expected (verify --pubkey, review), the secret should not be handed
 * over. (The header once said otherwise; the code is the intent.)
 */
static void
test_load_public_from_private(void **state)
{
	struct kt *t = *state;
	struct custody_key *k = NULL, *p = NULL;

	assert_int_equal(custody_key_generate(&k, NULL), CUSTODY_OK);
	assert_int_equal(custody_key_save(k, t->priv, NULL, NULL), CUSTODY_OK);
	assert_int_equal(
	    custody_key_load_public(&p, t->priv, NULL), CUSTODY_ERR_CRYPTO);
	assert_null(p);
	custody_key_free(k);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_generate_save_load, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_sign_verify_with_openssl, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_encrypted_pem, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_refuse_loose_modes, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_save_refuses_overwrite, setup, teardown),
		cmocka_unit_test(test_from_raw),
		cmocka_unit_test_setup_teardown(
		    test_bad_key_files, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_load_public_from_private, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
