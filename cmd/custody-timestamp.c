/*
 * custody-timestamp: RFC 3161 trusted time for the custody head.
 *
 *   custody timestamp CASE --request OUT.tsq
 *       writes a request over SHA-256 of the last custody line, for any
 *       public time-stamping authority (e.g. with curl -H
 *       'Content-Type: application/timestamp-query' --data-binary @OUT.tsq)
 *   custody timestamp CASE --reply IN.tsr --key KEY [--ca CA.pem]
 *       checks the authority's reply against that request and records it
 *       as a signed "timestamp" event; export puts it in the bundle
 *
 * Exit 0; 1 when the reply does not check out (nothing recorded); 2 on a
 * usage or input error.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define MAX_TSR (1u << 20)

static _Noreturn void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: %s CASE --request OUT.tsq [--json]\n"
	    "       %s CASE --reply IN.tsr --key KEY [--passphrase-file FILE] [--ca CA.pem]\n"
	    "       [--query REQ.tsq] [--json]\n",
	    cli_progname(), cli_progname());
	exit(status);
}

/* Options with no short letter (tests/e2e/options.sh). */
enum {
	OPT_REPLY = 256,
	OPT_REQUEST
};

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "ca", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ "key", required_argument, NULL, 'k' },
		{ "passphrase-file", required_argument, NULL, 'P' },
		{ "query", required_argument, NULL, 'Q' },
		{ "reply", required_argument, NULL, OPT_REPLY },
		{ "request", required_argument, NULL, OPT_REQUEST },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct custody_error err = { 0 };
	struct custody_case *kase = NULL;
	struct custody_key *key = NULL;
	struct custody_tsp_info info;
	struct custody_buf tsq, tsr;
	const char *request = NULL, *reply = NULL, *keypath = NULL,
	           *passfile = NULL, *ca = NULL, *query = NULL;
	bool json = false;
	int ch, status = EXIT_TROUBLE;

	cli_setprogname(argv[0], "custody-timestamp");
	custody_buf_init(&tsq, MAX_TSR);
	custody_buf_init(&tsr, MAX_TSR);
	while ((ch = getopt_long(argc, argv, "hjk:V", longopts, NULL)) != -1) {
		switch (ch) {
		case 'C':
			ca = optarg;
			break;
		case 'h':
			usage(stdout, EXIT_OK);
		case 'j':
			json = true;
			break;
		case 'k':
			keypath = optarg;
			break;
		case 'P':
			passfile = optarg;
			break;
		case 'Q':
			query = optarg;
			break;
		case OPT_REQUEST:
			request = optarg;
			break;
		case OPT_REPLY:
			reply = optarg;
			break;
		case 'V':
			cli_version();
		default:
			usage(stderr, EXIT_TROUBLE);
		}
	}
	if (argc - optind != 1 || (request == NULL) == (reply == NULL) ||
	    (reply != NULL && keypath == NULL) ||
	    (request != NULL && (ca != NULL || query != NULL)))
		usage(stderr, EXIT_TROUBLE);

	if (request != NULL) {
		if (access(request, F_OK) == 0) {
			cli_warnx(
			    "%s: already exists; not overwritten", request);
			goto out;
		}
		if (custody_case_open(&kase, argv[optind], 0, &err) !=
		        CUSTODY_OK ||
		    custody_tsp_request(kase, &tsq, &info, &err) !=
		        CUSTODY_OK ||
		    custody_file_write(request, tsq.data, tsq.len, 0644, false,
		        &err) != CUSTODY_OK)
			goto fail;
		if (json)
			printf(
			    "{\"request\":\"%s\",\"covers_seq\":%lld,\"covers_hash\":\"%s\"}\n",
			    request, (long long)info.covers_seq,
			    info.covers_hash);
		else
			printf(
			    "request: %s\ncovers:  event %lld, line SHA-256 %s\n",
			    request, (long long)info.covers_seq,
			    info.covers_hash);
		status = EXIT_OK;
		goto out;
	}

	if (!cli_read_file(reply, &tsr, &err) ||
	    (query != NULL && !cli_read_file(query, &tsq, &err)) ||
	    cli_load_key(&key, keypath, passfile, &err) != CUSTODY_OK ||
	    custody_case_open(&kase, argv[optind], 0, &err) != CUSTODY_OK)
		goto fail;
	{
		struct custody_actor who = { key, cli_now_ns() };

		if (custody_case_migrate(kase, &who, &err) != CUSTODY_OK ||
		    custody_tsp_record(kase, &who,
		        query != NULL ? tsq.data : NULL, tsq.len, tsr.data,
		        tsr.len, ca, &info, &err) != CUSTODY_OK)
			goto fail;
	}
	if (json)
		printf(
		    "{\"event_seq\":%lld,\"token_sha256\":\"%s\",\"covers_seq\":%lld,"
		    "\"covers_hash\":\"%s\",\"gen_time\":\"%s\",\"serial\":\"%s\",\"policy\":\"%s\","
		    "\"signature_checked\":%s}\n",
		    (long long)info.event_seq, info.token_sha256,
		    (long long)info.covers_seq, info.covers_hash, info.gen_time,
		    info.serial, info.policy,
		    info.signature_checked ? "true" : "false");
	else
		printf(
		    "recorded: event %lld, token sha256:%s\ncovers:   event %lld (%s)\n"
		    "time:     %s (TSA genTime)\nchecked:  status, imprint, nonce%s\n",
		    (long long)info.event_seq, info.token_sha256,
		    (long long)info.covers_seq, info.covers_hash, info.gen_time,
		    info.signature_checked
		        ? ", signature and chain (--ca)"
		        : "; not the TSA's signature (give --ca)");
	status = EXIT_OK;
	goto out;
fail:
	cli_warn(&err);
	status = cli_exit_status(err.code);
out:
	custody_buf_release(&tsq);
	custody_buf_release(&tsr);
	custody_key_free(key);
	custody_case_free(kase);
	return status;
}
