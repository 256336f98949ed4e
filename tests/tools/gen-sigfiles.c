/*
 * gen-sigfiles.c: seeds for tests/fuzz/fuzz_sigfmt.c. Makes a key (never
 * saved), signs fuzz_sigfmt's message in the four forms and writes each
 * signature file and public key file to DIR, prefixed with the selector
 * byte the harness reads (bits 0-1 form, bit 2 public key file, bit 3 the
 * SSH namespace).
 *
 * usage: gen-sigfiles DIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sigfmt.h"

static const char msg[] = "custody fuzz_sigfmt message\n";

static void
put(const char *dir, const char *name, unsigned sel,
    const struct custody_buf *b)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "wb")) == NULL || fputc((int)sel, f) == EOF ||
	    fwrite(b->data, 1, b->len, f) != b->len || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

int
main(int argc, char **argv)
{
	struct custody_error err = { 0 };
	struct custody_key *k = NULL;
	struct custody_buf b;
	enum custody_code rc;
	int form;

	if (argc != 2) {
		fprintf(stderr, "usage: gen-sigfiles DIR\n");
		return 2;
	}
	if (custody_key_generate(&k, &err) != CUSTODY_OK) {
		fprintf(stderr, "gen-sigfiles: %s\n", err.msg);
		return 1;
	}
	custody_buf_init(&b, 1u << 16);
	for (form = 0; form < 4; form++) {
		char name[64];

		custody_buf_reset(&b);
		rc = form == CUSTODY_SIG_RAW
		    ? custody_sig_raw(k, msg, strlen(msg), &b, &err)
		    : form == CUSTODY_SIG_MINISIGN
		    ? custody_sig_minisign(k, msg, strlen(msg), NULL, &b, &err)
		    : form == CUSTODY_SIG_SIGNIFY
		    ? custody_sig_signify(k, msg, strlen(msg), &b, &err)
		    : custody_sig_ssh(
		          k, msg, strlen(msg), CUSTODY_SSH_NAMESPACE, &b, &err);
		if (rc != CUSTODY_OK)
			break;
		snprintf(name, sizeof(name), "sig-%s",
		    custody_sigform_suffix((enum custody_sigform)form));
		put(argv[1], name,
		    (unsigned)form | (form == CUSTODY_SIG_SSH ? 8u : 0u), &b);
		custody_buf_reset(&b);
		rc = form == CUSTODY_SIG_RAW ? custody_pub_pem(k, &b, &err)
		    : form == CUSTODY_SIG_MINISIGN
		    ? custody_pub_minisign(k, &b, &err)
		    : form == CUSTODY_SIG_SIGNIFY
		    ? custody_pub_signify(k, &b, &err)
		    : custody_pub_allowed_signers(k, "Fuzz Examiner", &b, &err);
		if (rc != CUSTODY_OK)
			break;
		snprintf(name, sizeof(name), "pub-%s",
		    custody_sigform_pubfile((enum custody_sigform)form));
		put(argv[1], name, (unsigned)form | 4u, &b);
	}
	custody_buf_release(&b);
	custody_key_free(k);
	if (rc != CUSTODY_OK) {
		fprintf(stderr, "gen-sigfiles: %s\n", err.msg);
		return 1;
	}
	return 0;
}
