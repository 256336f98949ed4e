/*
 * sigfmt.c: raw Ed25519, minisign, signify and SSH signature files and
 * their public key files, built and checked with OpenSSL alone. The byte
 * layouts are the ones each project documents:
 *
 *   minisign  base64("ED" | keyid[8] | Ed25519(BLAKE2b-512(msg))) and a
 *             global signature Ed25519(sig[64] | trusted comment)
 *   signify   base64("Ed" | keyid[8] | Ed25519(msg))
 *   sshsig    PROTOCOL.sshsig: "SSHSIG" u32(1) string(pubkey)
 *             string(namespace) string("") string("sha512") string(sig),
 *             the signature over "SSHSIG" string(namespace) string("")
 *             string("sha512") string(SHA-512(msg)); armored, 70 columns
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "bundle.h"
#include "sigfmt.h"

#define SSH_BEGIN   "-----BEGIN SSH SIGNATURE-----"
#define SSH_END     "-----END SSH SIGNATURE-----"
#define SSH_KEYTYPE "ssh-ed25519"
#define UNTRUSTED   "untrusted comment: "
#define TRUSTED     "trusted comment: "
#define MAX_COMMENT 1024 /* minisign's and signify's own limit */

static const char *const suffixes[] = { "ed25519", "minisig", "sig", "sshsig" };
static const char *const pubfiles[] = { "examiner.pem", "examiner.minisign.pub",
	"examiner.signify.pub", "allowed_signers" };
static const char *const names[] = { "raw Ed25519", "minisign", "signify",
	"ssh" };

const char *
custody_sigform_suffix(enum custody_sigform form)
{
	return (unsigned)form < 4 ? suffixes[form] : "?";
}

const char *
custody_sigform_pubfile(enum custody_sigform form)
{
	return (unsigned)form < 4 ? pubfiles[form] : "?";
}

const char *
custody_sigform_name(enum custody_sigform form)
{
	return (unsigned)form < 4 ? names[form] : "?";
}

/* ------------------------------------------------------------ helpers */

enum custody_code
custody_sig_keyid(
    const struct custody_key *k, uint8_t id[8], struct custody_error *err)
{
	uint8_t md[64];

	if (EVP_Digest(
	        custody_key_public(k), 32, md, NULL, EVP_sha512(), NULL) != 1)
		return custody_fail_openssl(err, "SHA-512");
	memcpy(id, md, 8);
	return CUSTODY_OK;
}

static uint64_t
le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* SSH wire "string": u32 length then the bytes. */
static enum custody_code
ssh_string(struct custody_buf *b, const void *p, size_t n)
{
	uint8_t len[4];
	struct custody_writer w;
	enum custody_code rc;

	if (n > UINT32_MAX)
		return CUSTODY_ERR_LIMIT;
	custody_writer_init(&w, len, sizeof(len));
	custody_writer_be32(&w, (uint32_t)n);
	if ((rc = custody_buf_add(b, len, 4)) != CUSTODY_OK)
		return rc;
	return n > 0 ? custody_buf_add(b, p, n) : CUSTODY_OK;
}

/* The SSH public key blob: string("ssh-ed25519") string(pub). */
static enum custody_code
ssh_pubblob(const uint8_t pub[32], struct custody_buf *b)
{
	enum custody_code rc = ssh_string(b, SSH_KEYTYPE, strlen(SSH_KEYTYPE));

	return rc == CUSTODY_OK ? ssh_string(b, pub, 32) : rc;
}

static enum custody_code
nomem(struct custody_error *err, enum custody_code rc)
{
	return custody_fail(err, rc,
	    rc == CUSTODY_ERR_NOMEM ? "no memory" : "output too large");
}

static enum custody_code
digest(const EVP_MD *md, const void *msg, size_t n, uint8_t *out,
    struct custody_error *err)
{
	if (md == NULL || EVP_Digest(msg, n, out, NULL, md, NULL) != 1)
		return custody_fail_openssl(err, "digest");
	return CUSTODY_OK;
}

static enum custody_code
blake2b512(
    const void *msg, size_t n, uint8_t out[64], struct custody_error *err)
{
	return digest(EVP_blake2b512(), msg, n, out, err);
}

/* ------------------------------------------------------------ signing */

enum custody_code
custody_sig_raw(const struct custody_key *k, const void *msg, size_t n,
    struct custody_buf *out, struct custody_error *err)
{
	uint8_t sig[64];
	enum custody_code rc;

	if ((rc = custody_key_sign(k, msg, n, sig, err)) != CUSTODY_OK)
		return rc;
	if ((rc = custody_buf_add(out, sig, 64)) != CUSTODY_OK)
		return nomem(err, rc);
	return CUSTODY_OK;
}

static bool
one_line(const char *s)
{
	size_t i, n = strlen(s);

	if (n > MAX_COMMENT - 32)
		return false;
	for (i = 0; i < n; i++)
		if (s[i] == '\n' || s[i] == '\r' || s[i] == '\0')
			return false;
	return true;
}

enum custody_code
custody_sig_minisign(const struct custody_key *k, const void *msg, size_t n,
    const char *trusted_comment, struct custody_buf *out,
    struct custody_error *err)
{
	uint8_t hash[64], blob[74], global[64];
	struct custody_buf tc;
	enum custody_code rc;

	if (trusted_comment == NULL)
		trusted_comment = "custody";
	if (!one_line(trusted_comment))
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "minisign trusted comment must be one line of at most %d bytes",
		    MAX_COMMENT - 32);
	blob[0] = 'E';
	blob[1] = 'D';
	if ((rc = custody_sig_keyid(k, blob + 2, err)) != CUSTODY_OK ||
	    (rc = blake2b512(msg, n, hash, err)) != CUSTODY_OK ||
	    (rc = custody_key_sign(k, hash, sizeof(hash), blob + 10, err)) !=
	        CUSTODY_OK)
		return rc;
	custody_buf_init(&tc, 2 * MAX_COMMENT);
	if ((rc = custody_buf_add(&tc, blob + 10, 64)) != CUSTODY_OK ||
	    (rc = custody_buf_addstr(&tc, trusted_comment)) != CUSTODY_OK) {
		custody_buf_release(&tc);
		return nomem(err, rc);
	}
	rc = custody_key_sign(k, tc.data, tc.len, global, err);
	custody_buf_release(&tc);
	if (rc != CUSTODY_OK)
		return rc;
	if ((rc = custody_buf_addstr(
	         out, UNTRUSTED "signature from minisign secret key\n")) !=
	        CUSTODY_OK ||
	    (rc = custody_base64_add(out, blob, sizeof(blob))) != CUSTODY_OK ||
	    (rc = custody_buf_printf(
	         out, "\n" TRUSTED "%s\n", trusted_comment)) != CUSTODY_OK ||
	    (rc = custody_base64_add(out, global, sizeof(global))) !=
	        CUSTODY_OK ||
	    (rc = custody_buf_addstr(out, "\n")) != CUSTODY_OK)
		return nomem(err, rc);
	return CUSTODY_OK;
}

enum custody_code
custody_sig_signify(const struct custody_key *k, const void *msg, size_t n,
    struct custody_buf *out, struct custody_error *err)
{
	uint8_t blob[74];
	enum custody_code rc;

	blob[0] = 'E';
	blob[1] = 'd';
	if ((rc = custody_sig_keyid(k, blob + 2, err)) != CUSTODY_OK ||
	    (rc = custody_key_sign(k, msg, n, blob + 10, err)) != CUSTODY_OK)
		return rc;
	if ((rc = custody_buf_addstr(
	         out, UNTRUSTED "verify with examiner.signify.pub\n")) !=
	        CUSTODY_OK ||
	    (rc = custody_base64_add(out, blob, sizeof(blob))) != CUSTODY_OK ||
	    (rc = custody_buf_addstr(out, "\n")) != CUSTODY_OK)
		return nomem(err, rc);
	return CUSTODY_OK;
}

/* The bytes an SSH signature signs (PROTOCOL.sshsig "signed data"). */
static enum custody_code
ssh_signed_data(struct custody_buf *b, const char *ns, const char *hashalg,
    const void *msg, size_t n, struct custody_error *err)
{
	uint8_t h[64];
	size_t hl = strcmp(hashalg, "sha256") == 0 ? 32 : 64;
	enum custody_code rc;

	if ((rc = digest(hl == 32 ? EVP_sha256() : EVP_sha512(), msg, n, h,
	         err)) != CUSTODY_OK)
		return rc;
	if ((rc = custody_buf_add(b, "SSHSIG", 6)) != CUSTODY_OK ||
	    (rc = ssh_string(b, ns, strlen(ns))) != CUSTODY_OK ||
	    (rc = ssh_string(b, "", 0)) != CUSTODY_OK ||
	    (rc = ssh_string(b, hashalg, strlen(hashalg))) != CUSTODY_OK ||
	    (rc = ssh_string(b, h, hl)) != CUSTODY_OK)
		return nomem(err, rc);
	return CUSTODY_OK;
}

enum custody_code
custody_sig_ssh(const struct custody_key *k, const void *msg, size_t n,
    const char *namespace_, struct custody_buf *out, struct custody_error *err)
{
	struct custody_buf sd, blob, pk, sigblob, b64;
	enum custody_code rc;
	uint8_t sig[64];
	size_t i;

	if (namespace_ == NULL || namespace_[0] == '\0' ||
	    !one_line(namespace_))
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "an SSH signature needs a namespace");
	custody_buf_init(&sd, 4096);
	custody_buf_init(&blob, 4096);
	custody_buf_init(&pk, 4096);
	custody_buf_init(&sigblob, 4096);
	custody_buf_init(&b64, 8192);
	if ((rc = ssh_signed_data(&sd, namespace_, "sha512", msg, n, err)) !=
	        CUSTODY_OK ||
	    (rc = custody_key_sign(k, sd.data, sd.len, sig, err)) != CUSTODY_OK)
		goto out;
	if ((rc = ssh_pubblob(custody_key_public(k), &pk)) != CUSTODY_OK ||
	    (rc = ssh_string(&sigblob, SSH_KEYTYPE, strlen(SSH_KEYTYPE))) !=
	        CUSTODY_OK ||
	    (rc = ssh_string(&sigblob, sig, 64)) != CUSTODY_OK ||
	    (rc = custody_buf_add(&blob, "SSHSIG\0\0\0\1", 10)) != CUSTODY_OK ||
	    (rc = ssh_string(&blob, pk.data, pk.len)) != CUSTODY_OK ||
	    (rc = ssh_string(&blob, namespace_, strlen(namespace_))) !=
	        CUSTODY_OK ||
	    (rc = ssh_string(&blob, "", 0)) != CUSTODY_OK ||
	    (rc = ssh_string(&blob, "sha512", 6)) != CUSTODY_OK ||
	    (rc = ssh_string(&blob, sigblob.data, sigblob.len)) != CUSTODY_OK ||
	    (rc = custody_base64_add(&b64, blob.data, blob.len)) !=
	        CUSTODY_OK ||
	    (rc = custody_buf_addstr(out, SSH_BEGIN "\n")) != CUSTODY_OK) {
		rc = nomem(err, rc);
		goto out;
	}
	/* ssh-keygen wraps the base64 at 70 columns. */
	for (i = 0; i < b64.len && rc == CUSTODY_OK; i += 70) {
		size_t w = b64.len - i < 70 ? b64.len - i : 70;

		if ((rc = custody_buf_add(out, b64.data + i, w)) == CUSTODY_OK)
			rc = custody_buf_addstr(out, "\n");
	}
	if (rc == CUSTODY_OK)
		rc = custody_buf_addstr(out, SSH_END "\n");
	if (rc != CUSTODY_OK)
		rc = nomem(err, rc);
out:
	custody_buf_release(&sd);
	custody_buf_release(&blob);
	custody_buf_release(&pk);
	custody_buf_release(&sigblob);
	custody_buf_release(&b64);
	return rc;
}

/* ------------------------------------------------------------ public keys */

enum custody_code
custody_pub_pem(const struct custody_key *k, struct custody_buf *out,
    struct custody_error *err)
{
	EVP_PKEY *pkey = EVP_PKEY_new_raw_public_key(
	    EVP_PKEY_ED25519, NULL, custody_key_public(k), 32);
	BIO *bio = BIO_new(BIO_s_mem());
	enum custody_code rc = CUSTODY_OK;
	char *data;
	long len;

	if (pkey == NULL || bio == NULL ||
	    PEM_write_bio_PUBKEY(bio, pkey) != 1) {
		rc = custody_fail_openssl(err, "writing the PEM public key");
	} else {
		len = BIO_get_mem_data(bio, &data);
		if (len <= 0 ||
		    (rc = custody_buf_add(out, data, (size_t)len)) !=
		        CUSTODY_OK)
			rc = nomem(
			    err, rc == CUSTODY_OK ? CUSTODY_ERR_NOMEM : rc);
	}
	BIO_free(bio);
	EVP_PKEY_free(pkey);
	return rc;
}

static enum custody_code
pub_ed(const struct custody_key *k, const char *comment_fmt, bool with_id,
    struct custody_buf *out, struct custody_error *err)
{
	uint8_t blob[42];
	enum custody_code rc;

	blob[0] = 'E';
	blob[1] = 'd';
	if ((rc = custody_sig_keyid(k, blob + 2, err)) != CUSTODY_OK)
		return rc;
	memcpy(blob + 10, custody_key_public(k), 32);
	if (with_id)
		rc = custody_buf_printf(out, UNTRUSTED "%s%016" PRIX64 "\n",
		    comment_fmt, le64(blob + 2));
	else
		rc = custody_buf_printf(out, UNTRUSTED "%s\n", comment_fmt);
	if (rc != CUSTODY_OK ||
	    (rc = custody_base64_add(out, blob, sizeof(blob))) != CUSTODY_OK ||
	    (rc = custody_buf_addstr(out, "\n")) != CUSTODY_OK)
		return nomem(err, rc);
	return CUSTODY_OK;
}

enum custody_code
custody_pub_minisign(const struct custody_key *k, struct custody_buf *out,
    struct custody_error *err)
{
	return pub_ed(k, "minisign public key ", true, out, err);
}

enum custody_code
custody_pub_signify(const struct custody_key *k, struct custody_buf *out,
    struct custody_error *err)
{
	return pub_ed(k, "signify public key", false, out, err);
}

static bool
principal_char_ok(unsigned char c)
{
	return c >= 0x20 && c != 0x7f && c != '"' && c != ',' && c != '*' &&
	    c != '?' && c != '!';
}

void
custody_ssh_principal(const char *examiner, char *out, size_t outlen)
{
	size_t i, o = 0;
	bool any = false;

	if (outlen == 0)
		return;
	for (i = 0; examiner != NULL && examiner[i] != '\0' && o + 1 < outlen;
	     i++) {
		unsigned char c = (unsigned char)examiner[i];

		out[o++] = principal_char_ok(c) ? (char)c : '_';
		if (c != ' ')
			any = true;
	}
	out[o] = '\0';
	if (!any)
		snprintf(out, outlen, "examiner");
}

enum custody_code
custody_pub_allowed_signers(const struct custody_key *k, const char *principal,
    struct custody_buf *out, struct custody_error *err)
{
	struct custody_buf pk;
	enum custody_code rc;
	bool space = false, any = false;
	size_t i;

	for (i = 0; principal != NULL && principal[i] != '\0'; i++) {
		if (!principal_char_ok((unsigned char)principal[i]))
			return custody_fail(err, CUSTODY_ERR_USAGE,
			    "principal \"%.100s\": byte %zu cannot stand in allowed_signers",
			    principal, i);
		if (principal[i] == ' ')
			space = true;
		else
			any = true;
	}
	if (!any)
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "allowed_signers needs a principal");
	custody_buf_init(&pk, 4096);
	if ((rc = ssh_pubblob(custody_key_public(k), &pk)) != CUSTODY_OK ||
	    (rc = custody_buf_printf(
	         out, space ? "\"%s\"" : "%s", principal)) != CUSTODY_OK ||
	    (rc = custody_buf_addstr(out,
	         " namespaces=\"" CUSTODY_SSH_NAMESPACE "\" " SSH_KEYTYPE
	         " ")) != CUSTODY_OK ||
	    (rc = custody_base64_add(out, pk.data, pk.len)) != CUSTODY_OK ||
	    (rc = custody_buf_addstr(out, "\n")) != CUSTODY_OK)
		rc = nomem(err, rc);
	custody_buf_release(&pk);
	return rc;
}

/* ------------------------------------------------------------ parsing */

/* Next line of r (without its LF, and without a CR before it). The last
 * line may lack its LF. False at the end. */
static bool
next_line(struct custody_reader *r, struct custody_reader *line)
{
	size_t n;
	uint8_t c;

	if (custody_reader_left(r) == 0)
		return false;
	if (!custody_reader_find(r, "\n", 1, &n))
		n = custody_reader_left(r);
	(void)custody_reader_window(r, n, line);
	(void)custody_reader_skip(r, 1);
	if (custody_reader_last(line, &c) && c == '\r')
		(void)custody_reader_chop(line, 1);
	return true;
}

/* "untrusted comment: ..." then one base64 line of exactly want bytes. */
static enum custody_code
comment_and_blob(const char *what, struct custody_reader *r, const char *prefix,
    uint8_t *out, size_t want, struct custody_error *err)
{
	struct custody_reader line;
	size_t got = 0;

	if (!next_line(r, &line) || !custody_reader_expect(&line, prefix))
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: byte %zu: no \"%.*s\" line", what,
		    custody_reader_offset(&line), (int)(strlen(prefix) - 2),
		    prefix);
	if (custody_reader_left(&line) > MAX_COMMENT)
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: byte %zu: comment too long", what,
		    custody_reader_offset(&line));
	if (!next_line(r, &line))
		return custody_fail(err, CUSTODY_ERR_TRUNCATED,
		    "%s: byte %zu: ends after the comment", what,
		    custody_reader_offset(r));
	{
		size_t off = custody_reader_offset(&line);

		if (!custody_base64_decode(&line, out, want, &got) ||
		    got != want)
			return custody_fail(err, CUSTODY_ERR_FORMAT,
			    "%s: byte %zu: not base64 of %zu bytes", what, off,
			    want);
	}
	return CUSTODY_OK;
}

static enum custody_code
expect_end(
    const char *what, struct custody_reader *r, struct custody_error *err)
{
	if (custody_reader_left(r) != 0)
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: byte %zu: unexpected bytes after the end", what,
		    custody_reader_offset(r));
	return CUSTODY_OK;
}

static enum custody_code
check_keyid(const char *what, const struct custody_key *pub,
    const uint8_t id[8], bool *verified, struct custody_error *err)
{
	uint8_t want[8];
	enum custody_code rc;

	if ((rc = custody_sig_keyid(pub, want, err)) != CUSTODY_OK)
		return rc;
	if (memcmp(want, id, 8) != 0) {
		*verified = false;
		return custody_fail(err, CUSTODY_ERR_VERIFY,
		    "%s: signed by key id %016" PRIX64
		    ", not by the given key (%016" PRIX64 ")",
		    what, le64(id), le64(want));
	}
	return CUSTODY_OK;
}

static enum custody_code
bad_sig(const char *what, bool *verified, struct custody_error *err)
{
	*verified = false;
	return custody_fail(err, CUSTODY_ERR_VERIFY,
	    "%s: signature does not match the message and key", what);
}

static enum custody_code
verify_minisign(const void *sig, size_t siglen, const void *msg, size_t n,
    const struct custody_key *pub, bool *verified, char *signer,
    struct custody_error *err)
{
	const char *what = "minisign signature";
	struct custody_reader r, line;
	uint8_t blob[74], global[64], hash[64];
	struct custody_buf tc;
	enum custody_code rc;
	size_t got = 0, off;
	bool prehashed;

	custody_reader_init(&r, sig, siglen);
	if ((rc = comment_and_blob(
	         what, &r, UNTRUSTED, blob, sizeof(blob), err)) != CUSTODY_OK)
		return rc;
	if (blob[0] != 'E' || (blob[1] != 'd' && blob[1] != 'D'))
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: algorithm \"%c%c\" is neither Ed nor ED", what,
		    blob[0], blob[1]);
	prehashed = blob[1] == 'D';
	if (!next_line(&r, &line) || !custody_reader_expect(&line, TRUSTED))
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: byte %zu: no trusted comment line", what,
		    custody_reader_offset(&line));
	if (custody_reader_left(&line) > MAX_COMMENT)
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: byte %zu: trusted comment too long", what,
		    custody_reader_offset(&line));
	custody_buf_init(&tc, 2 * MAX_COMMENT + 128);
	if (custody_buf_add(&tc, blob + 10, 64) != CUSTODY_OK ||
	    custody_buf_add(&tc, custody_reader_ptr(&line),
	        custody_reader_left(&line)) != CUSTODY_OK) {
		custody_buf_release(&tc);
		return custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
	}
	if (!next_line(&r, &line)) {
		custody_buf_release(&tc);
		return custody_fail(err, CUSTODY_ERR_TRUNCATED,
		    "%s: byte %zu: ends before the global signature", what,
		    custody_reader_offset(&r));
	}
	off = custody_reader_offset(&line);
	if (!custody_base64_decode(&line, global, sizeof(global), &got) ||
	    got != 64) {
		custody_buf_release(&tc);
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: byte %zu: not base64 of 64 bytes", what, off);
	}
	if ((rc = expect_end(what, &r, err)) != CUSTODY_OK) {
		custody_buf_release(&tc);
		return rc;
	}
	if (signer != NULL)
		snprintf(signer, 128, "minisign:%016" PRIX64, le64(blob + 2));
	if (pub == NULL) {
		custody_buf_release(&tc);
		return CUSTODY_OK;
	}
	if ((rc = check_keyid(what, pub, blob + 2, verified, err)) !=
	        CUSTODY_OK ||
	    (prehashed && (rc = blake2b512(msg, n, hash, err)) != CUSTODY_OK)) {
		custody_buf_release(&tc);
		return rc;
	}
	if (!custody_key_verify(pub, prehashed ? (const void *)hash : msg,
	        prehashed ? 64 : n, blob + 10)) {
		custody_buf_release(&tc);
		return bad_sig(what, verified, err);
	}
	if (!custody_key_verify(pub, tc.data, tc.len, global)) {
		custody_buf_release(&tc);
		*verified = false;
		return custody_fail(err, CUSTODY_ERR_VERIFY,
		    "%s: the global signature over the trusted comment does not match",
		    what);
	}
	custody_buf_release(&tc);
	*verified = true;
	return CUSTODY_OK;
}

static enum custody_code
verify_signify(const void *sig, size_t siglen, const void *msg, size_t n,
    const struct custody_key *pub, bool *verified, char *signer,
    struct custody_error *err)
{
	const char *what = "signify signature";
	struct custody_reader r;
	uint8_t blob[74];
	char hex[17];
	enum custody_code rc;

	custody_reader_init(&r, sig, siglen);
	if ((rc = comment_and_blob(
	         what, &r, UNTRUSTED, blob, sizeof(blob), err)) != CUSTODY_OK)
		return rc;
	if (blob[0] != 'E' || blob[1] != 'd')
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: algorithm \"%c%c\" is not Ed", what, blob[0], blob[1]);
	if ((rc = expect_end(what, &r, err)) != CUSTODY_OK)
		return rc;
	custody_hex(blob + 2, 8, hex);
	if (signer != NULL)
		snprintf(signer, 128, "signify:%s", hex);
	if (pub == NULL)
		return CUSTODY_OK;
	if ((rc = check_keyid(what, pub, blob + 2, verified, err)) !=
	    CUSTODY_OK)
		return rc;
	if (!custody_key_verify(pub, msg, n, blob + 10))
		return bad_sig(what, verified, err);
	*verified = true;
	return CUSTODY_OK;
}

/* Parses the SSH public key blob into the raw 32 bytes. */
static bool
ssh_parse_pubblob(struct custody_reader *blob, uint8_t pub[32])
{
	struct custody_reader type, key;

	return custody_reader_prefixed32(blob, &type) &&
	    custody_reader_is(&type, SSH_KEYTYPE) &&
	    custody_reader_prefixed32(blob, &key) &&
	    custody_reader_left(&key) == 32 &&
	    custody_reader_bytes(&key, pub, 32) &&
	    custody_reader_left(blob) == 0;
}

static enum custody_code
verify_ssh(const void *sig, size_t siglen, const void *msg, size_t n,
    const struct custody_key *pub, const char *ns, bool *verified, char *signer,
    struct custody_error *err)
{
	const char *what = "SSH signature";
	struct custody_reader r, line, b, pk, nsr, reserved, halg, sigblob,
	    stype, sbytes;
	uint8_t blob[CUSTODY_SIGFILE_MAX], pubraw[32], sigraw[64];
	struct custody_buf b64, sd, pkb;
	char hashalg[8], nsbuf[256];
	enum custody_code rc = CUSTODY_OK;
	size_t bloblen = 0;
	uint32_t version;
	bool ended = false;

	custody_reader_init(&r, sig, siglen);
	if (!next_line(&r, &line) || !custody_reader_expect(&line, SSH_BEGIN) ||
	    custody_reader_left(&line) != 0)
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: byte 0: no \"%s\" line", what, SSH_BEGIN);
	custody_buf_init(&b64, CUSTODY_SIGFILE_MAX);
	while (next_line(&r, &line)) {
		if (custody_reader_expect(&line, SSH_END)) {
			ended = custody_reader_left(&line) == 0;
			break;
		}
		if (custody_buf_add(&b64, custody_reader_ptr(&line),
		        custody_reader_left(&line)) != CUSTODY_OK) {
			custody_buf_release(&b64);
			return custody_fail(err, CUSTODY_ERR_LIMIT,
			    "%s: byte %zu: too long", what,
			    custody_reader_offset(&line));
		}
	}
	if (!ended) {
		custody_buf_release(&b64);
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: byte %zu: no \"%s\" line", what,
		    custody_reader_offset(&r), SSH_END);
	}
	if ((rc = expect_end(what, &r, err)) != CUSTODY_OK) {
		custody_buf_release(&b64);
		return rc;
	}
	custody_reader_init(&b, b64.data, b64.len);
	if (!custody_base64_decode(&b, blob, sizeof(blob), &bloblen)) {
		custody_buf_release(&b64);
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: byte %zu: the armored body is not base64", what,
		    strlen(SSH_BEGIN) + 1);
	}
	custody_buf_release(&b64);
	/* Offsets below are within the decoded blob. */
	custody_reader_init(&b, blob, bloblen);
	if (!custody_reader_expect(&b, "SSHSIG") ||
	    !custody_reader_be32(&b, &version) || version != 1)
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: decoded byte 0: not an SSHSIG version 1 blob", what);
	if (!custody_reader_prefixed32(&b, &pk) ||
	    !ssh_parse_pubblob(&pk, pubraw))
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: decoded byte 10: public key is not ssh-ed25519", what);
	if (!custody_reader_prefixed32(&b, &nsr) ||
	    custody_reader_left(&nsr) >= sizeof(nsbuf) ||
	    !custody_reader_prefixed32(&b, &reserved) ||
	    !custody_reader_prefixed32(&b, &halg) ||
	    (!custody_reader_is(&halg, "sha512") &&
	        !custody_reader_is(&halg, "sha256")))
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: decoded byte %zu: bad namespace, reserved or hash algorithm field",
		    what, custody_reader_offset(&b));
	nsbuf[custody_reader_left(&nsr)] = '\0';
	(void)custody_reader_bytes(&nsr, nsbuf, custody_reader_left(&nsr));
	hashalg[custody_reader_left(&halg)] = '\0';
	(void)custody_reader_bytes(&halg, hashalg, custody_reader_left(&halg));
	if (!custody_reader_prefixed32(&b, &sigblob) ||
	    !custody_reader_prefixed32(&sigblob, &stype) ||
	    !custody_reader_is(&stype, SSH_KEYTYPE) ||
	    !custody_reader_prefixed32(&sigblob, &sbytes) ||
	    custody_reader_left(&sbytes) != 64 ||
	    custody_reader_left(&sigblob) != 0 ||
	    !custody_reader_bytes(&sbytes, sigraw, 64))
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: decoded byte %zu: signature is not an ssh-ed25519 signature",
		    what, custody_reader_offset(&b));
	if (custody_reader_left(&b) != 0)
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: decoded byte %zu: trailing bytes", what,
		    custody_reader_offset(&b));
	if (signer != NULL) {
		custody_buf_init(&pkb, 256);
		custody_buf_init(&sd, 256);
		if (custody_buf_addstr(&pkb, SSH_KEYTYPE " ") == CUSTODY_OK &&
		    ssh_pubblob(pubraw, &sd) == CUSTODY_OK &&
		    custody_base64_add(&pkb, sd.data, sd.len) == CUSTODY_OK)
			snprintf(signer, 128, "%s", pkb.data);
		custody_buf_release(&sd);
		custody_buf_release(&pkb);
	}
	if (pub == NULL)
		return CUSTODY_OK;
	if (memcmp(pubraw, custody_key_public(pub), 32) != 0) {
		*verified = false;
		return custody_fail(err, CUSTODY_ERR_VERIFY,
		    "%s: made by another key than the given one", what);
	}
	if (ns != NULL && strcmp(ns, nsbuf) != 0) {
		*verified = false;
		return custody_fail(err, CUSTODY_ERR_VERIFY,
		    "%s: namespace \"%.100s\", wanted \"%.100s\"", what, nsbuf,
		    ns);
	}
	custody_buf_init(&sd, 4096);
	if ((rc = ssh_signed_data(&sd, nsbuf, hashalg, msg, n, err)) !=
	    CUSTODY_OK) {
		custody_buf_release(&sd);
		return rc;
	}
	if (!custody_key_verify(pub, sd.data, sd.len, sigraw)) {
		custody_buf_release(&sd);
		return bad_sig(what, verified, err);
	}
	custody_buf_release(&sd);
	*verified = true;
	return CUSTODY_OK;
}

enum custody_code
custody_sigfile_verify(enum custody_sigform form, const void *sig,
    size_t siglen, const void *msg, size_t n, const struct custody_key *pub,
    const char *namespace_, bool *verified, char signer[128],
    struct custody_error *err)
{
	*verified = false;
	if (signer != NULL)
		signer[0] = '\0';
	if (siglen > CUSTODY_SIGFILE_MAX)
		return custody_fail(err, CUSTODY_ERR_LIMIT,
		    "%s signature: %zu bytes is over the %u limit",
		    custody_sigform_name(form), siglen, CUSTODY_SIGFILE_MAX);
	switch (form) {
	case CUSTODY_SIG_RAW:
		if (siglen != 64)
			return custody_fail(err, CUSTODY_ERR_FORMAT,
			    "raw Ed25519 signature: %zu bytes, wanted 64",
			    siglen);
		if (pub == NULL)
			return CUSTODY_OK;
		if (!custody_key_verify(pub, msg, n, sig))
			return bad_sig("raw Ed25519 signature", verified, err);
		*verified = true;
		return CUSTODY_OK;
	case CUSTODY_SIG_MINISIGN:
		return verify_minisign(
		    sig, siglen, msg, n, pub, verified, signer, err);
	case CUSTODY_SIG_SIGNIFY:
		return verify_signify(
		    sig, siglen, msg, n, pub, verified, signer, err);
	case CUSTODY_SIG_SSH:
		return verify_ssh(sig, siglen, msg, n, pub, namespace_,
		    verified, signer, err);
	}
	return custody_fail(
	    err, CUSTODY_ERR_USAGE, "unknown signature form %d", (int)form);
}

static enum custody_code
load_pem(const void *data, size_t len, struct custody_key **out,
    struct custody_error *err)
{
	struct custody_reader r, line;
	uint8_t der[256], raw[32];
	struct custody_buf b64;
	size_t dl = 0;
	EVP_PKEY *pkey;
	const unsigned char *p;
	size_t rl = sizeof(raw);
	bool begun = false, ended = false;

	/* A PEM SubjectPublicKeyInfo: read the armor ourselves, hand the DER
	 * (44 bytes for Ed25519) to OpenSSL. */
	custody_reader_init(&r, data, len);
	custody_buf_init(&b64, 1024);
	while (next_line(&r, &line)) {
		if (!begun) {
			if (custody_reader_expect(
			        &line, "-----BEGIN PUBLIC KEY-----") &&
			    custody_reader_left(&line) == 0)
				begun = true;
			else if (custody_reader_left(&line) != 0)
				break;
			continue;
		}
		if (custody_reader_expect(&line, "-----END PUBLIC KEY-----")) {
			ended = true;
			break;
		}
		if (custody_buf_add(&b64, custody_reader_ptr(&line),
		        custody_reader_left(&line)) != CUSTODY_OK)
			break;
	}
	if (!begun || !ended) {
		custody_buf_release(&b64);
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "examiner.pem: byte %zu: not a PEM public key",
		    custody_reader_offset(&r));
	}
	custody_reader_init(&line, b64.data, b64.len);
	if (!custody_base64_decode(&line, der, sizeof(der), &dl)) {
		custody_buf_release(&b64);
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "examiner.pem: the PEM body is not base64");
	}
	custody_buf_release(&b64);
	p = der;
	pkey = d2i_PUBKEY(NULL, &p, (long)dl);
	if (pkey == NULL || p != der + dl || !EVP_PKEY_is_a(pkey, "ED25519") ||
	    EVP_PKEY_get_raw_public_key(pkey, raw, &rl) != 1 || rl != 32) {
		EVP_PKEY_free(pkey);
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "examiner.pem: not an Ed25519 public key");
	}
	EVP_PKEY_free(pkey);
	return custody_key_from_raw(out, raw, err);
}

static enum custody_code
load_ed(const char *what, const void *data, size_t len,
    struct custody_key **out, struct custody_error *err)
{
	struct custody_reader r;
	uint8_t blob[42];
	struct custody_key *k = NULL;
	enum custody_code rc;

	custody_reader_init(&r, data, len);
	if ((rc = comment_and_blob(
	         what, &r, UNTRUSTED, blob, sizeof(blob), err)) != CUSTODY_OK)
		return rc;
	if (blob[0] != 'E' || blob[1] != 'd')
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: algorithm \"%c%c\" is not Ed", what, blob[0], blob[1]);
	if ((rc = expect_end(what, &r, err)) != CUSTODY_OK ||
	    (rc = custody_key_from_raw(&k, blob + 10, err)) != CUSTODY_OK)
		return rc;
	*out = k;
	return CUSTODY_OK;
}

static enum custody_code
load_ssh(const void *data, size_t len, struct custody_key **out,
    struct custody_error *err)
{
	struct custody_reader r, line, tok, b64;
	uint8_t blob[128], raw[32];
	size_t bl = 0;

	/* "[principal [options]] ssh-ed25519 BASE64 [comment]": find the
	 * key type token on the first line that has one. */
	custody_reader_init(&r, data, len);
	while (next_line(&r, &line)) {
		struct custody_reader s = line;
		size_t klen = strlen(SSH_KEYTYPE " "), hit, pos;
		uint8_t c;

		if (!custody_reader_peek(&line, &c) || c == '#')
			continue;
		while (custody_reader_find(&s, SSH_KEYTYPE " ", klen, &hit)) {
			/* lines are windows: offsets are bytes of the file */
			pos = custody_reader_offset(&s) + hit;
			(void)custody_reader_skip(&s, hit + klen);
			if (pos > custody_reader_offset(&line) &&
			    custody_reader_at(&line, pos - 1, &c) && c != ' ')
				continue;
			tok = s;
			if (!custody_reader_until(&tok, ' ', &b64))
				b64 = tok;
			if (!custody_base64_decode(
			        &b64, blob, sizeof(blob), &bl))
				return custody_fail(err, CUSTODY_ERR_FORMAT,
				    "allowed_signers: byte %zu: key is not base64",
				    custody_reader_offset(&s));
			custody_reader_init(&tok, blob, bl);
			if (!ssh_parse_pubblob(&tok, raw))
				return custody_fail(err, CUSTODY_ERR_FORMAT,
				    "allowed_signers: byte %zu: not an ssh-ed25519 key blob",
				    custody_reader_offset(&s));
			return custody_key_from_raw(out, raw, err);
		}
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "allowed_signers: byte %zu: no ssh-ed25519 key",
		    custody_reader_offset(&line));
	}
	return custody_fail(
	    err, CUSTODY_ERR_FORMAT, "allowed_signers: no key line");
}

enum custody_code
custody_pubfile_load(enum custody_sigform form, const void *data, size_t len,
    struct custody_key **out, struct custody_error *err)
{
	if (len > CUSTODY_SIGFILE_MAX)
		return custody_fail(err, CUSTODY_ERR_LIMIT,
		    "%s: %zu bytes is over the %u limit",
		    custody_sigform_pubfile(form), len, CUSTODY_SIGFILE_MAX);
	switch (form) {
	case CUSTODY_SIG_RAW:
		return load_pem(data, len, out, err);
	case CUSTODY_SIG_MINISIGN:
		return load_ed("examiner.minisign.pub", data, len, out, err);
	case CUSTODY_SIG_SIGNIFY:
		return load_ed("examiner.signify.pub", data, len, out, err);
	case CUSTODY_SIG_SSH:
		return load_ssh(data, len, out, err);
	}
	return custody_fail(
	    err, CUSTODY_ERR_USAGE, "unknown signature form %d", (int)form);
}
