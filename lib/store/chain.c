/*
 * chain.c: the one check of a custody chain (chain.h), shared by verify
 * (the events table of a case) and review (data/custody.log of a bundle).
 *
 * The chain carries its own keys: init registers the public key its
 * details name (whose SHA-256 must be the KEYID it is signed as), and every
 * later line must be signed by a key an earlier event registered. Callers
 * then compare those keys with what they were given: verify with the key
 * table of the case, review with the bundle's examiner key and --pubkey.
 * A handover registers the successor it names, signed by the key holding
 * the case; from then on only the successor signs (docs/custody-model.md,
 * "Key handover").
 */
#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "store.h"
#include "json.h"
#include "utf8.h"

#define ZERO_HASH                                                              \
	"0000000000000000000000000000000000000000000000000000000000000000"

void
custody_chain_init(struct custody_chain *ch, struct custody_findings *f,
    const char *where, const char *check_sig)
{
	memset(ch, 0, sizeof(*ch));
	ch->f = f;
	ch->where = where;
	ch->check_sig = check_sig;
	ch->expect_pos = 1;
	memcpy(ch->head, ZERO_HASH, sizeof(ch->head));
}

static struct custody_chain_key *
find_key(const struct custody_chain *ch, const char *id)
{
	size_t i;

	for (i = 0; i < ch->n_keys; i++)
		if (strcmp(ch->keys[i].id, id) == 0)
			return &ch->keys[i];
	return NULL;
}

const struct custody_chain_key *
custody_chain_find_key(const struct custody_chain *ch, const char *id)
{
	return find_key(ch, id);
}

#define FAIL(ch, check, ...)                                                   \
	do {                                                                   \
		(ch)->problems++;                                              \
		custody_findings_add((ch)->f, (check), false, __VA_ARGS__);    \
	} while (0)

/* The line's bytes are the custody line format's: UTF-8 without the
 * control characters the format excludes (docs/custody-model.md). */
static const char *
line_form(const char *line, size_t len)
{
	size_t i;

	if (memchr(line, '\0', len) != NULL)
		return "it holds a NUL byte";
	for (i = 0; i < len; i++)
		if (line[i] == '\t' || line[i] == '\n' || line[i] == '\r')
			return "it holds a tab, newline or carriage return";
	if (!custody_utf8_valid(line, len))
		return "it is not UTF-8";
	return NULL;
}

/* Registers key id (public key pub) as of event pos, held by holder. */
static struct custody_chain_key *
register_key(struct custody_chain *ch, int64_t pos, const char *action,
    const char *id, const uint8_t pub[32], const char *holder)
{
	struct custody_chain_key *grown, *k;
	size_t n = ch->n_keys;

	if ((grown = realloc(ch->keys, (n + 1) * sizeof(*grown))) == NULL) {
		ch->f->oom = true;
		return NULL;
	}
	ch->keys = grown;
	k = &grown[n];
	memset(k, 0, sizeof(*k));
	snprintf(k->id, sizeof(k->id), "%s", id);
	memcpy(k->pub, pub, 32);
	snprintf(k->holder, sizeof(k->holder), "%s", holder);
	k->added_seq = pos;
	if (custody_key_from_raw(&k->key, pub, NULL) != CUSTODY_OK) {
		FAIL(ch, "chain",
		    "%s%lld (%s): public key %.16s... is not a usable Ed25519 key",
		    ch->where, (long long)pos, action, id);
		return NULL;
	}
	ch->n_keys++;
	return k;
}

/* The public key member name of the details, checked against its id. */
static bool
named_key(struct custody_chain *ch, int64_t pos, const struct custody_event *ev,
    const char *member, const char *want_id, uint8_t pub[32])
{
	char hex[80], id[65];
	uint8_t digest[32];

	if (!custody_json_get_string(ev->details, member, hex, sizeof(hex)) ||
	    strlen(hex) != 64 || !custody_unhex(hex, pub, 32)) {
		FAIL(ch, "chain",
		    "%s%lld (%s): names no public key to register", ch->where,
		    (long long)pos, ev->action);
		return false;
	}
	custody_sha256(pub, 32, digest, NULL);
	custody_hex(digest, 32, id);
	if (strcmp(id, want_id) != 0) {
		FAIL(ch, "chain",
		    "%s%lld (%s): registers key %.16s... but names it key %.16s...",
		    ch->where, (long long)pos, ev->action, id, want_id);
		return false;
	}
	return true;
}

/* Init registers the key it names; its id must be the signer's. */
static void
register_init_key(
    struct custody_chain *ch, int64_t pos, const struct custody_event *ev)
{
	uint8_t pub[32];

	if (!named_key(ch, pos, ev, "public_key", ev->key_id, pub) ||
	    custody_chain_find_key(ch, ev->key_id) != NULL)
		return;
	if (register_key(ch, pos, "init", ev->key_id, pub, ch->examiner) !=
	    NULL)
		snprintf(ch->current, sizeof(ch->current), "%s", ev->key_id);
}

/*
 * A handover by the key holding the case: it names its successor (a key
 * the case never had, with its public key and holder), or with "retire"
 * and no successor closes the case. Either way the signer signs nothing
 * further here.
 */
static void
hand_over(struct custody_chain *ch, int64_t pos, const struct custody_event *ev,
    struct custody_chain_key *from)
{
	const struct custody_chain_key *before;
	struct custody_reader v;
	char to[80], holder[256];
	uint8_t pub[32];
	bool retire = custody_json_member(
	                  ev->details, strlen(ev->details), "retire", &v) &&
	    custody_reader_expect(&v, "true") && custody_reader_left(&v) == 0;

	if (!custody_json_get_string(
	        ev->details, "to_key_id", to, sizeof(to))) {
		if (!retire) {
			FAIL(ch, "chain",
			    "%s%lld (handover): names no successor and retires nothing",
			    ch->where, (long long)pos);
			return;
		}
		from->ended_seq = pos;
		from->retired = true;
		ch->closed_seq = pos;
		ch->current[0] = '\0';
		return;
	}
	if (strlen(to) != 64 ||
	    !named_key(ch, pos, ev, "to_public_key", to, pub))
		return;
	if ((before = custody_chain_find_key(ch, to)) != NULL) {
		FAIL(ch, "chain",
		    "%s%lld (handover): hands the case to key %.16s..., which event %lld"
		    " registered before",
		    ch->where, (long long)pos, to,
		    (long long)before->added_seq);
		return;
	}
	if (!custody_json_get_string(
	        ev->details, "to_holder", holder, sizeof(holder)))
		snprintf(holder, sizeof(holder), "%s", from->holder);
	from->ended_seq = pos;
	from->retired = retire;
	if (register_key(ch, pos, "handover", to, pub, holder) != NULL)
		snprintf(ch->current, sizeof(ch->current), "%s", to);
}

static void
check_init(
    struct custody_chain *ch, int64_t pos, const struct custody_event *ev)
{
	bool first = pos == 1 && !ch->saw_init;

	if (!first || strcmp(ev->action, "init") != 0) {
		FAIL(ch, "chain",
		    "%s%lld: the chain must start with one init event",
		    ch->where, (long long)pos);
		if (strcmp(ev->action, "init") == 0)
			return;
	}
	ch->saw_init = true;
	snprintf(ch->init_key, sizeof(ch->init_key), "%s", ev->key_id);
	if (!custody_json_get_string(
	        ev->details, "case_id", ch->case_id, sizeof(ch->case_id)))
		ch->case_id[0] = '\0';
	if (!custody_json_get_string(
	        ev->details, "examiner", ch->examiner, sizeof(ch->examiner)))
		ch->examiner[0] = '\0';
	if (strcmp(ev->action, "init") == 0)
		register_init_key(ch, pos, ev);
}

bool
custody_chain_add(struct custody_chain *ch, int64_t pos, const char *line,
    size_t len, const uint8_t *sig, size_t sig_len, const char *stored_hash,
    struct custody_event *ev)
{
	struct custody_chain_key *k;
	const char *bad;
	uint8_t digest[32];
	char hash[65];
	bool good = false;

	memset(ev, 0, sizeof(*ev));
	ev->seq = pos;
	ev->line = line;
	ev->sig = sig;
	ev->sig_len = sig_len;
	ev->details = "";
	ch->events++;
	if (pos != ch->expect_pos)
		FAIL(ch, "chain",
		    "%s%lld: sequence jumps from %lld to %lld (events removed or reordered)",
		    ch->where, (long long)pos, (long long)(ch->expect_pos - 1),
		    (long long)pos);
	ch->expect_pos = pos + 1;
	custody_sha256(line, len, digest, NULL);
	custody_hex(digest, 32, hash);
	if (stored_hash != NULL && strcmp(hash, stored_hash) != 0)
		FAIL(ch, "chain", "%s%lld: stored hash does not match its line",
		    ch->where, (long long)pos);
	if ((bad = line_form(line, len)) != NULL ||
	    !custody_event_parse(line, ev)) {
		FAIL(ch, "chain",
		    "%s%lld: line is not a custody-event/1 line%s%s", ch->where,
		    (long long)pos, bad != NULL ? ": " : "",
		    bad != NULL ? bad : "");
		memcpy(ch->head, hash, sizeof(ch->head));
		ev->seq = pos;
		ev->details = "";
		return false;
	}
	if (ev->seq != pos)
		FAIL(ch, "chain",
		    "%s%lld: its line says it is event %lld (events swapped or renumbered)",
		    ch->where, (long long)pos, (long long)ev->seq);
	if (strcmp(ev->prev, ch->head) != 0)
		FAIL(ch, "chain",
		    "%s%lld: does not link to the event before it (previous-hash %.16s..., the line"
		    " before hashes to %.16s...; an event was changed, removed or reordered)",
		    ch->where, (long long)pos, ev->prev, ch->head);
	memcpy(ch->head, hash, sizeof(ch->head));
	ev->seq = pos;
	ev->line = line;
	ev->sig = sig;
	ev->sig_len = sig_len;
	ev->hash = stored_hash != NULL ? stored_hash : "";
	if (pos == 1 || strcmp(ev->action, "init") == 0)
		check_init(ch, pos, ev);
	if ((k = find_key(ch, ev->key_id)) == NULL)
		FAIL(ch, ch->check_sig,
		    "%s%lld (%s): signed by key %.16s..., which is not registered in this case",
		    ch->where, (long long)pos, ev->action, ev->key_id);
	else if (sig_len != 64 || !custody_key_verify(k->key, line, len, sig))
		FAIL(ch, ch->check_sig,
		    "%s%lld (%s): signature does not verify under key %.16s... (the line or its"
		    " signature was changed)",
		    ch->where, (long long)pos, ev->action, ev->key_id);
	else
		good = true;
	if (k == NULL)
		return true;
	if (k->first_seq == 0)
		k->first_seq = pos;
	k->last_seq = pos;
	k->signed_events++;
	/* Only the key holding the case signs: a handed-over or retired key
	 * signs nothing further. */
	if (pos > 1 && ch->closed_seq != 0) {
		FAIL(ch, ch->check_sig,
		    "%s%lld (%s): signed by key %.16s... after event %lld retired the last key (the"
		    " case takes no further events)",
		    ch->where, (long long)pos, ev->action, ev->key_id,
		    (long long)ch->closed_seq);
		return true;
	}
	if (pos > 1 && ch->current[0] != '\0' &&
	    strcmp(ev->key_id, ch->current) != 0) {
		if (k->ended_seq != 0)
			FAIL(ch, ch->check_sig,
			    "%s%lld (%s): signed by key %.16s..., which %s the case at event %lld; key"
			    " %.16s... holds it",
			    ch->where, (long long)pos, ev->action, ev->key_id,
			    k->retired ? "retired from" : "handed over",
			    (long long)k->ended_seq, ch->current);
		else
			FAIL(ch, ch->check_sig,
			    "%s%lld (%s): signed by key %.16s..., but key %.16s... holds the case",
			    ch->where, (long long)pos, ev->action, ev->key_id,
			    ch->current);
		return true;
	}
	if (good && strcmp(ev->action, "handover") == 0)
		hand_over(ch, pos, ev, k);
	return true;
}

void
custody_chain_report(const struct custody_chain *ch, struct custody_findings *f,
    const char *check)
{
	size_t i;

	for (i = 0; i < ch->n_keys; i++) {
		const struct custody_chain_key *k = &ch->keys[i];
		char reg[64], signd[96], end[96];

		if (k->added_seq == 1)
			snprintf(reg, sizeof(reg), "registered by init");
		else
			snprintf(reg, sizeof(reg),
			    "registered by handover event %lld",
			    (long long)k->added_seq);
		if (k->signed_events == 0)
			snprintf(signd, sizeof(signd), "signed no event");
		else if (k->first_seq == k->last_seq)
			snprintf(signd, sizeof(signd), "signed event %lld",
			    (long long)k->first_seq);
		else
			snprintf(signd, sizeof(signd),
			    "signed events %lld to %lld (%lld events)",
			    (long long)k->first_seq, (long long)k->last_seq,
			    (long long)k->signed_events);
		if (k->ended_seq == 0)
			snprintf(end, sizeof(end), "holds the case");
		else if (ch->closed_seq == k->ended_seq)
			snprintf(end, sizeof(end),
			    "retired at event %lld, closing the case",
			    (long long)k->ended_seq);
		else
			snprintf(end, sizeof(end), "%s at event %lld",
			    k->retired ? "retired and handed the case over"
			               : "handed the case over",
			    (long long)k->ended_seq);
		custody_findings_add(f, check, true,
		    "key %.16s... (%s): %s, %s, %s", k->id, k->holder, reg,
		    signd, end);
	}
}

void
custody_chain_end(struct custody_chain *ch)
{
	if (ch->events == 0)
		FAIL(ch, "chain", "the custody log is empty (no init event)");
}

void
custody_chain_release(struct custody_chain *ch)
{
	size_t i;

	for (i = 0; i < ch->n_keys; i++)
		custody_key_free(ch->keys[i].key);
	free(ch->keys);
	ch->keys = NULL;
	ch->n_keys = 0;
}
