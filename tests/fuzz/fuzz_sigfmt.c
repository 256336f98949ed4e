/*
 * fuzz_sigfmt.c: the signature and public key files of lib/bundle/sigfmt.c
 * (raw Ed25519, minisign, signify, SSH signatures; examiner.pem, minisign
 * and signify public keys, allowed_signers), which arrive inside
 * strangers' bundles.
 *
 * Byte 0 chooses what the rest is (so a crash reproduces from its file
 * alone): bits 0-1 the form (raw, minisign, signify, ssh), bit 2 a public
 * key file rather than a signature, bit 3 the SSH namespace checked. A
 * signature is verified twice over a fixed message: structure only (no
 * key), and against a fixed public key (which no seed was made with, so
 * the key id, key and signature checks refuse it). A public key file that
 * loads must give a public-only key. A refusal of malformed bytes must be
 * CUSTODY_ERR_FORMAT, TRUNCATED, LIMIT, VERIFY or CRYPTO with a message. Seeds: tests/tools/
 * gen-sigfiles (a key made at seed time, never saved).
 */
#include "fuzz.h"

#include "sigfmt.h"

static const char fz_msg[] = "custody fuzz_sigfmt message\n";
static struct custody_key *fz_pub;

static void
fz_check(
    enum custody_code rc, const struct custody_error *err, const char *what)
{
	if (rc == CUSTODY_OK)
		return;
	if (rc != CUSTODY_ERR_FORMAT && rc != CUSTODY_ERR_TRUNCATED &&
	    rc != CUSTODY_ERR_LIMIT && rc != CUSTODY_ERR_VERIFY &&
	    rc != CUSTODY_ERR_CRYPTO)
		fz_die(what, err->msg);
	if (err->msg[0] == '\0')
		fz_die(what, "refused without a message");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct custody_error err;
	enum custody_sigform form;
	struct custody_key *k = NULL;
	const char *ns;
	char signer[128];
	bool ok;
	enum custody_code rc;
	uint8_t sel;

	if (len == 0)
		return 0;
	if (fz_pub == NULL) {
		uint8_t raw[32];
		size_t i;

		for (i = 0; i < sizeof(raw); i++)
			raw[i] = (uint8_t)(i * 37 + 11);
		memset(&err, 0, sizeof(err));
		if (custody_key_from_raw(&fz_pub, raw, &err) != CUSTODY_OK)
			fz_die("fixed public key", err.msg);
	}
	sel = data[0];
	form = (enum custody_sigform)(sel & 3);
	ns = (sel & 8) ? CUSTODY_SSH_NAMESPACE : NULL;
	data++;
	len--;
	memset(&err, 0, sizeof(err));
	if (sel & 4) {
		rc = custody_pubfile_load(form, data, len, &k, &err);
		fz_check(rc, &err, "public key file");
		if (rc == CUSTODY_OK &&
		    (k == NULL || custody_key_has_private(k)))
			fz_die("public key file",
			    "loaded no key, or a private one");
		custody_key_free(k);
		return 0;
	}
	rc = custody_sigfile_verify(form, data, len, fz_msg, sizeof(fz_msg) - 1,
	    NULL, ns, &ok, signer, &err);
	fz_check(rc, &err, "signature structure");
	if (rc == CUSTODY_OK &&
	    (ok || memchr(signer, '\0', sizeof(signer)) == NULL))
		fz_die("signature structure",
		    "verified without a key, or signer unterminated");
	memset(&err, 0, sizeof(err));
	rc = custody_sigfile_verify(form, data, len, fz_msg, sizeof(fz_msg) - 1,
	    fz_pub, ns, &ok, signer, &err);
	fz_check(rc, &err, "signature against a key");
	if (rc == CUSTODY_OK && !ok)
		fz_die(
		    "signature against a key", "CUSTODY_OK but not verified");
	return 0;
}
