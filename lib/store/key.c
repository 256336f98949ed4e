/*
 * key.c: struct custody_key, an Ed25519 key held through OpenSSL's EVP
 * interface. Private keys live in PKCS#8 PEM files (optionally encrypted
 * with a passphrase) that must be mode 0600 or tighter; public keys in
 * SubjectPublicKeyInfo PEM, which `openssl pkeyutl -verify -pubin` reads.
 * The key id is the hex SHA-256 of the raw 32-byte public key.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "store.h"

#define KEY_FILE_MAX (64u * 1024)

struct custody_key {
	EVP_PKEY *pkey;
	bool has_private;
	uint8_t pub[32];
	char id[CUSTODY_KEYID_HEX];
};

static enum custody_code
wrap(struct custody_key **out, EVP_PKEY *pkey, bool priv,
    struct custody_error *err)
{
	struct custody_key *k;
	uint8_t digest[32];
	size_t len = sizeof(k->pub);

	if (!EVP_PKEY_is_a(pkey, "ED25519")) {
		EVP_PKEY_free(pkey);
		return custody_fail(
		    err, CUSTODY_ERR_CRYPTO, "not an Ed25519 key");
	}
	if ((k = calloc(1, sizeof(*k))) == NULL) {
		EVP_PKEY_free(pkey);
		return custody_fail(
		    err, CUSTODY_ERR_NOMEM, "no memory for key");
	}
	k->pkey = pkey;
	k->has_private = priv;
	if (EVP_PKEY_get_raw_public_key(pkey, k->pub, &len) != 1 || len != 32) {
		custody_key_free(k);
		return custody_fail_openssl(err, "reading the public key");
	}
	if (custody_sha256(k->pub, sizeof(k->pub), digest, err) != CUSTODY_OK) {
		custody_key_free(k);
		return CUSTODY_ERR_CRYPTO;
	}
	custody_hex(digest, sizeof(digest), k->id);
	*out = k;
	return CUSTODY_OK;
}

enum custody_code
custody_key_generate(struct custody_key **out, struct custody_error *err)
{
	EVP_PKEY *pkey = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");

	if (pkey == NULL)
		return custody_fail_openssl(err, "generating an Ed25519 key");
	return wrap(out, pkey, true, err);
}

enum custody_code
custody_key_from_raw(
    struct custody_key **out, const uint8_t pub[32], struct custody_error *err)
{
	EVP_PKEY *pkey =
	    EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pub, 32);

	if (pkey == NULL)
		return custody_fail_openssl(err, "raw Ed25519 public key");
	return wrap(out, pkey, false, err);
}

/* Reads a small key file whole. check_mode refuses group/other access. */
static enum custody_code
slurp(const char *path, bool check_mode, char **out, size_t *out_len,
    struct custody_error *err)
{
	struct stat st;
	uint64_t size;
	char *buf;
	size_t got = 0;
	int fd;

	if ((fd = custody_open_regular(path, &size, err)) < 0)
		return err != NULL ? err->code : CUSTODY_ERR_IO;
	if (check_mode && fstat(fd, &st) == 0 && (st.st_mode & 077) != 0) {
		close(fd);
		return custody_fail(err, CUSTODY_ERR_CRYPTO,
		    "%s: private key is readable by others (mode %04o); run: chmod 600 %s",
		    path, (unsigned)(st.st_mode & 07777), path);
	}
	if (size > KEY_FILE_MAX) {
		close(fd);
		return custody_fail(err, CUSTODY_ERR_LIMIT,
		    "%s: %llu bytes is too large for a key file", path,
		    (unsigned long long)size);
	}
	if ((buf = malloc((size_t)size + 1)) == NULL) {
		close(fd);
		return custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
	}
	while (got < size) {
		ssize_t n = read(fd, buf + got, (size_t)size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			custody_fail_errno(
			    err, CUSTODY_ERR_IO, "%s: read", path);
			OPENSSL_cleanse(buf, (size_t)size);
			free(buf);
			close(fd);
			return CUSTODY_ERR_IO;
		}
		got += (size_t)n;
	}
	close(fd);
	buf[got] = '\0';
	*out = buf;
	*out_len = got;
	return CUSTODY_OK;
}

/* PEM password callback: hands over the passphrase, or refuses (0) when
 * there is none so OpenSSL never prompts on the terminal by itself. */
static int
pass_cb(char *buf, int size, int rwflag, void *u)
{
	const char *pass = u;
	size_t n;

	(void)rwflag;
	if (pass == NULL || size <= 0)
		return 0;
	n = strlen(pass);
	if (n > (size_t)size)
		n = (size_t)size;
	memcpy(buf, pass, n);
	return (int)n;
}

enum custody_code
custody_key_load(struct custody_key **out, const char *path,
    const char *passphrase, struct custody_error *err)
{
	enum custody_code rc;
	EVP_PKEY *pkey;
	char *text;
	size_t len;
	bool encrypted;
	BIO *bio;

	if ((rc = slurp(path, true, &text, &len, err)) != CUSTODY_OK)
		return rc;
	encrypted =
	    strstr(text, "-----BEGIN ENCRYPTED PRIVATE KEY-----") != NULL;
	if (encrypted && passphrase == NULL) {
		OPENSSL_cleanse(text, len);
		free(text);
		return custody_fail(err, CUSTODY_ERR_CRYPTO,
		    "%s: key is encrypted; give its passphrase (--passphrase-file)",
		    path);
	}
	bio = BIO_new_mem_buf(text, (int)len);
	pkey = bio != NULL ? PEM_read_bio_PrivateKey(bio, NULL, pass_cb,
	                         (void *)(uintptr_t)passphrase)
	                   : NULL;
	BIO_free(bio);
	OPENSSL_cleanse(text, len);
	free(text);
	if (pkey == NULL) {
		if (encrypted) {
			custody_fail_openssl(err, "decrypt");
			return custody_fail(err, CUSTODY_ERR_CRYPTO,
			    "%s: wrong passphrase, or the key file is damaged",
			    path);
		}
		custody_fail_openssl(err, "PEM");
		return custody_fail(
		    err, CUSTODY_ERR_CRYPTO, "%s: not a PEM private key", path);
	}
	if ((rc = wrap(out, pkey, true, err)) != CUSTODY_OK)
		return custody_fail(
		    err, rc, "%s: not an Ed25519 private key", path);
	return CUSTODY_OK;
}

enum custody_code
custody_key_load_public(
    struct custody_key **out, const char *path, struct custody_error *err)
{
	enum custody_code rc;
	EVP_PKEY *pkey;
	char *text;
	size_t len;
	BIO *bio;

	if ((rc = slurp(path, false, &text, &len, err)) != CUSTODY_OK)
		return rc;
	if (strstr(text, "PRIVATE KEY-----") != NULL) {
		OPENSSL_cleanse(text, len);
		free(text);
		return custody_fail(err, CUSTODY_ERR_CRYPTO,
		    "%s: holds a private key; give the public key (%s.pub)",
		    path, path);
	}
	bio = BIO_new_mem_buf(text, (int)len);
	pkey = bio != NULL ? PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL) : NULL;
	BIO_free(bio);
	free(text);
	if (pkey == NULL) {
		custody_fail_openssl(err, "PEM");
		return custody_fail(
		    err, CUSTODY_ERR_CRYPTO, "%s: not a PEM public key", path);
	}
	if ((rc = wrap(out, pkey, false, err)) != CUSTODY_OK)
		return custody_fail(
		    err, rc, "%s: not an Ed25519 public key", path);
	return CUSTODY_OK;
}

enum custody_code
custody_key_save(const struct custody_key *k, const char *path,
    const char *passphrase, struct custody_error *err)
{
	struct custody_buf pubpath;
	enum custody_code rc = CUSTODY_OK;
	BIO *priv = NULL, *pub = NULL;
	char *pdata;
	long plen;
	int ok;

	if (!k->has_private)
		return custody_fail(
		    err, CUSTODY_ERR_USAGE, "no private key to save");
	custody_buf_init(&pubpath, 4096);
	if (custody_buf_printf(&pubpath, "%s.pub", path) != CUSTODY_OK)
		return custody_fail(
		    err, CUSTODY_ERR_LIMIT, "%s: path too long", path);
	if (access(pubpath.data, F_OK) == 0) {
		rc = custody_fail(err, CUSTODY_ERR_EXISTS,
		    "%s: already exists; not overwritten", pubpath.data);
		goto out;
	}
	priv = BIO_new(BIO_s_mem());
	pub = BIO_new(BIO_s_mem());
	if (priv == NULL || pub == NULL) {
		rc = custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
		goto out;
	}
	if (passphrase != NULL)
		ok = PEM_write_bio_PKCS8PrivateKey(priv, k->pkey,
		    EVP_aes_256_cbc(), NULL, 0, pass_cb,
		    (void *)(uintptr_t)passphrase);
	else
		ok = PEM_write_bio_PrivateKey(
		    priv, k->pkey, NULL, NULL, 0, NULL, NULL);
	if (ok != 1 || PEM_write_bio_PUBKEY(pub, k->pkey) != 1) {
		rc = custody_fail_openssl(err, "writing PEM");
		goto out;
	}
	plen = BIO_get_mem_data(priv, &pdata);
	if ((rc = custody_file_write(
	         path, pdata, (size_t)plen, 0600, false, err)) != CUSTODY_OK)
		goto out;
	plen = BIO_get_mem_data(pub, &pdata);
	if ((rc = custody_file_write(pubpath.data, pdata, (size_t)plen, 0644,
	         false, err)) != CUSTODY_OK)
		unlink(path);
out:
	if (priv != NULL) {
		plen = BIO_get_mem_data(priv, &pdata);
		if (plen > 0)
			OPENSSL_cleanse(pdata, (size_t)plen);
	}
	BIO_free(priv);
	BIO_free(pub);
	custody_buf_release(&pubpath);
	return rc;
}

const uint8_t *
custody_key_public(const struct custody_key *k)
{
	return k->pub;
}

const char *
custody_key_id(const struct custody_key *k)
{
	return k->id;
}

bool
custody_key_has_private(const struct custody_key *k)
{
	return k->has_private;
}

enum custody_code
custody_key_sign(const struct custody_key *k, const void *msg, size_t n,
    uint8_t sig[64], struct custody_error *err)
{
	EVP_MD_CTX *ctx;
	size_t siglen = 64;
	int ok;

	if (!k->has_private)
		return custody_fail(
		    err, CUSTODY_ERR_USAGE, "signing needs a private key");
	if ((ctx = EVP_MD_CTX_new()) == NULL)
		return custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
	ok = EVP_DigestSignInit(ctx, NULL, NULL, NULL, k->pkey) == 1 &&
	    EVP_DigestSign(ctx, sig, &siglen, msg, n) == 1 && siglen == 64;
	EVP_MD_CTX_free(ctx);
	if (!ok)
		return custody_fail_openssl(err, "Ed25519 sign");
	return CUSTODY_OK;
}

bool
custody_key_verify(const struct custody_key *k, const void *msg, size_t n,
    const uint8_t sig[64])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	bool ok;

	if (ctx == NULL)
		return false;
	ok = EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, k->pkey) == 1 &&
	    EVP_DigestVerify(ctx, sig, 64, msg, n) == 1;
	EVP_MD_CTX_free(ctx);
	return ok;
}

void
custody_key_free(struct custody_key *k)
{
	if (k == NULL)
		return;
	EVP_PKEY_free(k->pkey);
	OPENSSL_cleanse(k, sizeof(*k));
	free(k);
}
