/*
 * sigfmt.h: the four signature file forms a sealed bundle carries, and
 * the public key file that goes with each (docs/bundle.md). All four are
 * made from the examiner's one Ed25519 key with OpenSSL alone:
 *
 *   raw       tagmanifest-sha256.txt.ed25519  the 64 signature bytes
 *             examiner.pem                    SubjectPublicKeyInfo PEM
 *             (openssl pkeyutl -verify -pubin -rawin -sigfile)
 *   minisign  tagmanifest-sha256.txt.minisig  "ED" (BLAKE2b-512 prehashed)
 *             examiner.minisign.pub           with a trusted comment
 *             (minisign -V)
 *   signify   tagmanifest-sha256.txt.sig      OpenBSD signify, "Ed"
 *             examiner.signify.pub            (signify-openbsd -V)
 *   ssh       tagmanifest-sha256.txt.sshsig   PROTOCOL.sshsig, sha512
 *             allowed_signers                 (ssh-keygen -Y verify)
 *
 * minisign and signify name a key by an 8-byte key id: custody makes it
 * the first 8 bytes of SHA-512 of the raw 32-byte public key, so the same
 * key always has the same id and anyone can recompute it.
 *
 * Every parser here reads through struct custody_reader and names the
 * byte offset of what it refuses.
 */
#ifndef CUSTODY_SIGFMT_H
#define CUSTODY_SIGFMT_H

#include "base64.h"
#include "custody.h"

enum custody_sigform {
	CUSTODY_SIG_RAW,
	CUSTODY_SIG_MINISIGN,
	CUSTODY_SIG_SIGNIFY,
	CUSTODY_SIG_SSH
};

/* The SSH signature namespace of a bundle's tag manifest signature. */
#define CUSTODY_SSH_NAMESPACE "custody-bundle"

/* Longest signature or public key file any form produces or accepts. */
#define CUSTODY_SIGFILE_MAX 4096

/* The file-name suffix ("ed25519", "minisig", "sig", "sshsig") and the
 * public key file name ("examiner.pem", ...) of a form; static. */
const char *custody_sigform_suffix(enum custody_sigform form);
const char *custody_sigform_pubfile(enum custody_sigform form);
const char *custody_sigform_name(enum custody_sigform form);

/* The 8-byte minisign/signify key id of a key (see above). */
enum custody_code custody_sig_keyid(
    const struct custody_key *k, uint8_t id[8], struct custody_error *err);

/* Each builds the exact file bytes into out (appending). */
enum custody_code custody_sig_raw(const struct custody_key *k, const void *msg,
    size_t n, struct custody_buf *out, struct custody_error *err);
/* trusted_comment: one line, no newline (NULL: "custody"). */
enum custody_code custody_sig_minisign(const struct custody_key *k,
    const void *msg, size_t n, const char *trusted_comment,
    struct custody_buf *out, struct custody_error *err);
enum custody_code custody_sig_signify(const struct custody_key *k,
    const void *msg, size_t n, struct custody_buf *out,
    struct custody_error *err);
enum custody_code custody_sig_ssh(const struct custody_key *k, const void *msg,
    size_t n, const char *namespace_, struct custody_buf *out,
    struct custody_error *err);
enum custody_code custody_pub_pem(const struct custody_key *k,
    struct custody_buf *out, struct custody_error *err);
enum custody_code custody_pub_minisign(const struct custody_key *k,
    struct custody_buf *out, struct custody_error *err);
enum custody_code custody_pub_signify(const struct custody_key *k,
    struct custody_buf *out, struct custody_error *err);
/* One line: PRINCIPAL namespaces="custody-bundle" ssh-ed25519 BASE64.
 * The principal is written as given, in double quotes when it holds a
 * space; a principal holding a double quote, comma, '*', '?', '!', a
 * control character or nothing is refused (CUSTODY_ERR_USAGE): ssh-keygen
 * would read it as a pattern list. custody_ssh_principal() makes one. */
enum custody_code custody_pub_allowed_signers(const struct custody_key *k,
    const char *principal, struct custody_buf *out, struct custody_error *err);
/* The principal custody writes for an examiner name: the name with each
 * character ssh-keygen would read as a pattern (", , * ? !) or a control
 * character replaced by '_'; "examiner" when that leaves nothing. */
void custody_ssh_principal(const char *examiner, char *out, size_t outlen);

/*
 * Verifies a signature file's bytes over msg. On success signer receives
 * what the file names or carries: "minisign:KEYID" (16 upper-case hex
 * digits, as minisign prints it), "signify:KEYID" (16 lower-case hex of
 * the id bytes), "ssh-ed25519 BASE64" (the key the file carries); raw
 * carries nothing and signer is "". signer may be NULL.
 *
 * pub may be NULL: then only the structure is checked, the signer
 * reported, and the call returns CUSTODY_OK with *verified = false.
 * With pub: CUSTODY_OK and *verified = true when the file is a good
 * signature of msg by pub (and, for ssh, in namespace_, which may be NULL
 * to accept any); CUSTODY_ERR_VERIFY (*verified = false) when it is a
 * well-formed signature that does not check out (other key, other
 * message, other namespace); CUSTODY_ERR_FORMAT naming the byte offset
 * when the file is malformed.
 */
enum custody_code custody_sigfile_verify(enum custody_sigform form,
    const void *sig, size_t siglen, const void *msg, size_t n,
    const struct custody_key *pub, const char *namespace_, bool *verified,
    char signer[128], struct custody_error *err);

/* Parses a public key file in any of the four forms into a public-only
 * key (RAW: the PEM file examiner.pem; SSH: an allowed_signers line or an
 * OpenSSH .pub line). */
enum custody_code custody_pubfile_load(enum custody_sigform form,
    const void *data, size_t len, struct custody_key **out,
    struct custody_error *err);

#endif
