/*
 * ingest.h: declarations internal to lib/ of the ingest layer: originals
 * into a case from files and streams. A file of lib/ingest/ includes this
 * header; it includes the layer below, so a file sees its own layer and
 * those under it, never one above (tests/layers.sh checks the same of
 * symbols and includes).
 */
#ifndef CUSTODY_INGEST_H
#define CUSTODY_INGEST_H

#include "analysis.h"

/* ------------------------------------------------------------ ingest from a stream */

/*
 * An original that is not a file to copy but bytes arriving (a server's
 * response, lib/ingest/extract.c): the caller writes them to a temporary file in
 * CASE/tmp (custody_ingest_tmp) while hashing them, then hands it over;
 * custody_ingest_stored() goes on as custody_ingest_file() does after its
 * copy (opts->format must be given) and removes the file in any case.
 */
struct custody_ingest_stored {
	const char *name; /* the original's name, recorded */
	char tmp
	    [4096]; /* CASE/tmp/ingest-XXXXXX (removed by an interrupted run's successor) */
	int fd;
	struct custody_digest digest;
	const char *details; /* more members for the ingest event, or NULL */
	/*
	 * Set when the bytes are still arriving: the parse reads them as they
	 * are stored (grow), then ended() waits for the end of the transfer
	 * and fills digest and details, or returns the error that undoes the
	 * ingest (a failed transfer's before a failed parse's: parse_failed
	 * says the parse stopped early, and the transfer is then cut).
	 */
	struct custody_growing *grow;
	enum custody_code (*ended)(struct custody_ingest_stored *st,
	    bool parse_failed, struct custody_error *err);
	void *arg;
};

enum custody_code custody_ingest_tmp(struct custody_case *c,
    struct custody_ingest_stored *st, struct custody_error *err);
/* Closes and removes the temporary file, unless an ingest took it over. */
void custody_ingest_stored_release(struct custody_ingest_stored *st);
enum custody_code custody_ingest_stored(struct custody_case *c,
    const struct custody_actor *who, struct custody_ingest_stored *st,
    const struct custody_ingest_opts *opts, struct custody_ingest_result *out,
    struct custody_error *err);
/* A ClickHouse string literal of s ('...' with \ and ' escaped). */
enum custody_code custody_ch_quote(struct custody_buf *b, const char *s);
#endif /* CUSTODY_INGEST_H */
