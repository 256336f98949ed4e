/*
 * chain.h: the one check of a custody chain (internal to lib/), used by
 * verify (the events of case.db) and review (data/custody.log of a
 * bundle), so that the two can never disagree about an intact chain.
 */
#ifndef CUSTODY_CHAIN_H
#define CUSTODY_CHAIN_H

#include "custody.h"
#include "findings.h"

/* A key the chain itself registered: init registers the key it names, a
 * handover the successor it names. */
struct custody_chain_key {
	char id[CUSTODY_KEYID_HEX];
	uint8_t pub[32];
	int64_t added_seq; /* the event that registered it */
	struct custody_key *key;
	char holder[256]; /* init's examiner, or the handover's to_holder */
	int64_t first_seq, last_seq, signed_events; /* what it signed */
	int64_t ended_seq; /* the handover that ended it, or 0 */
	bool retired;      /* that event retired it */
};

struct custody_chain {
	struct custody_findings *f;
	/* locator prefix: "event " (case.db) or "custody.log:" */
	const char *where;
	const char *check_sig; /* check name of event signature findings */
	int64_t events;        /* events fed */
	int64_t expect_pos;
	char head
	    [65]; /* SHA-256 of the last line fed (64 zeros before the first) */
	struct custody_chain_key *keys;
	size_t n_keys;
	char case_id[80]; /* as the init event names them */
	char examiner[256];
	char init_key[CUSTODY_KEYID_HEX];
	bool saw_init;
	size_t problems; /* chain and signature failures found */
	/* Key succession (docs/custody-model.md, "Key handover"): the key
	 * that must sign the next line, or "" once a retirement closed the
	 * case (closed_seq). */
	char current[CUSTODY_KEYID_HEX];
	int64_t closed_seq;
};

/*
 * Starts a chain check that reports into f. where prefixes each position
 * in messages; chain findings are named "chain", signature findings
 * check_sig ("signature" in verify; review names them "chain" too).
 */
void custody_chain_init(struct custody_chain *ch, struct custody_findings *f,
    const char *where, const char *check_sig);
/*
 * Checks the next event of the chain: line is its len bytes exactly as
 * signed (no newline; a NUL, tab, CR, LF or byte that is not UTF-8 is a
 * finding), sig its signature, pos its place (a row's seq, or a log's line
 * number: positions must run 1, 2, 3 ... and each line must carry its
 * own), stored_hash the hash kept beside a database row (NULL for a log).
 * Every line must link to the SHA-256 of the one before, event 1 must be
 * the only init, and each line must be signed by a key an earlier event
 * (or init itself) registered in the chain: the one holding the case, that
 * is the init's key until a handover names a successor, and none after a
 * retirement without one. On return *ev holds the parsed
 * fields (details points into line); false when the line does not parse.
 * ch->head is then the hash of this line.
 */
bool custody_chain_add(struct custody_chain *ch, int64_t pos, const char *line,
    size_t len, const uint8_t *sig, size_t sig_len, const char *stored_hash,
    struct custody_event *ev);
/* Ends the check: a chain without events is a finding. */
void custody_chain_end(struct custody_chain *ch);
/* One passing finding per key of the chain, under check: who held it,
 * which events it signed, and how its custody ended (handed over,
 * retired, or still current). */
void custody_chain_report(const struct custody_chain *ch,
    struct custody_findings *f, const char *check);
/* The key the chain registered under id, or NULL. */
const struct custody_chain_key *custody_chain_find_key(
    const struct custody_chain *ch, const char *id);
void custody_chain_release(struct custody_chain *ch);

#endif
