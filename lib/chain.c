/*
 * chain.c: the one check of a custody chain (chain.h), shared by verify
 * (the events table of a case) and review (data/custody.log of a bundle).
 *
 * The chain carries its own keys: init registers the public key its
 * details name (whose SHA-256 must be the KEYID it is signed as), and every
 * later line must be signed by a key an earlier event registered. Callers
 * then compare those keys with what they were given: verify with the key
 * table of the case, review with the bundle's examiner key and --key.
 * Events that hand a case over to another key would register it here.
 */
#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "internal.h"
#include "json.h"
#include "tarsafe.h"

#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

void
custody_chain_init(struct custody_chain *ch, struct custody_findings *f, const char *where,
    const char *check_sig)
{
	memset(ch, 0, sizeof(*ch));
	ch->f = f;
	ch->where = where;
	ch->check_sig = check_sig;
	ch->expect_pos = 1;
	memcpy(ch->head, ZERO_HASH, sizeof(ch->head));
}

const struct custody_chain_key *
custody_chain_find_key(const struct custody_chain *ch, const char *id)
{
	size_t i;

	for (i = 0; i < ch->n_keys; i++)
		if (strcmp(ch->keys[i].id, id) == 0)
			return &ch->keys[i];
	return NULL;
}

#define FAIL(ch, check, ...)                                                    \
	do {                                                                    \
		(ch)->problems++;                                               \
		custody_findings_add((ch)->f, (check), false, __VA_ARGS__);     \
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

/* Init registers the key it names; its id must be the signer's. */
static void
register_init_key(struct custody_chain *ch, int64_t pos, const struct custody_event *ev)
{
	struct custody_chain_key *grown, *k;
	char hex[80], id[65];
	uint8_t pub[32], digest[32];
	size_t n;

	if (!custody_json_get_string(ev->details, "public_key", hex, sizeof(hex)) ||
	    strlen(hex) != 64 || !custody_unhex(hex, pub, 32)) {
		FAIL(ch, "chain", "%s%lld (init): names no public key to register",
		    ch->where, (long long)pos);
		return;
	}
	custody_sha256(pub, 32, digest, NULL);
	custody_hex(digest, 32, id);
	if (strcmp(id, ev->key_id) != 0) {
		FAIL(ch, "chain", "%s%lld (init): registers key %.16s... but is signed as key %.16s...",
		    ch->where, (long long)pos, id, ev->key_id);
		return;
	}
	if (custody_chain_find_key(ch, id) != NULL)
		return;
	n = ch->n_keys;
	if ((grown = realloc(ch->keys, (n + 1) * sizeof(*grown))) == NULL) {
		ch->f->oom = true;
		return;
	}
	ch->keys = grown;
	k = &grown[n];
	memset(k, 0, sizeof(*k));
	memcpy(k->id, id, sizeof(k->id));
	memcpy(k->pub, pub, 32);
	k->added_seq = pos;
	if (custody_key_from_raw(&k->key, pub, NULL) != CUSTODY_OK) {
		FAIL(ch, "chain", "%s%lld (init): public key %.16s... is not a usable Ed25519 key",
		    ch->where, (long long)pos, id);
		return;
	}
	ch->n_keys++;
}

static void
check_init(struct custody_chain *ch, int64_t pos, const struct custody_event *ev)
{
	bool first = pos == 1 && !ch->saw_init;

	if (!first || strcmp(ev->action, "init") != 0) {
		FAIL(ch, "chain", "%s%lld: the chain must start with one init event", ch->where,
		    (long long)pos);
		if (strcmp(ev->action, "init") == 0)
			return;
	}
	ch->saw_init = true;
	snprintf(ch->init_key, sizeof(ch->init_key), "%s", ev->key_id);
	if (!custody_json_get_string(ev->details, "case_id", ch->case_id, sizeof(ch->case_id)))
		ch->case_id[0] = '\0';
	if (!custody_json_get_string(ev->details, "examiner", ch->examiner, sizeof(ch->examiner)))
		ch->examiner[0] = '\0';
	if (strcmp(ev->action, "init") == 0)
		register_init_key(ch, pos, ev);
}

bool
custody_chain_add(struct custody_chain *ch, int64_t pos, const char *line, size_t len,
    const uint8_t *sig, size_t sig_len, const char *stored_hash, struct custody_event *ev)
{
	const struct custody_chain_key *k;
	const char *bad;
	uint8_t digest[32];
	char hash[65];

	memset(ev, 0, sizeof(*ev));
	ev->seq = pos;
	ev->line = line;
	ev->sig = sig;
	ev->sig_len = sig_len;
	ev->details = "";
	ch->events++;
	if (pos != ch->expect_pos)
		FAIL(ch, "chain", "%s%lld: sequence jumps from %lld to %lld (events removed or reordered)",
		    ch->where, (long long)pos, (long long)(ch->expect_pos - 1), (long long)pos);
	ch->expect_pos = pos + 1;
	custody_sha256(line, len, digest, NULL);
	custody_hex(digest, 32, hash);
	if (stored_hash != NULL && strcmp(hash, stored_hash) != 0)
		FAIL(ch, "chain", "%s%lld: stored hash does not match its line", ch->where,
		    (long long)pos);
	if ((bad = line_form(line, len)) != NULL || !custody_event_parse(line, ev)) {
		FAIL(ch, "chain", "%s%lld: line is not a custody-event/1 line%s%s", ch->where,
		    (long long)pos, bad != NULL ? ": " : "", bad != NULL ? bad : "");
		memcpy(ch->head, hash, sizeof(ch->head));
		ev->seq = pos;
		ev->details = "";
		return false;
	}
	if (ev->seq != pos)
		FAIL(ch, "chain", "%s%lld: its line says it is event %lld (events swapped or renumbered)",
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
	if ((k = custody_chain_find_key(ch, ev->key_id)) == NULL)
		FAIL(ch, ch->check_sig,
		    "%s%lld (%s): signed by key %.16s..., which is not registered in this case",
		    ch->where, (long long)pos, ev->action, ev->key_id);
	else if (sig_len != 64 || !custody_key_verify(k->key, line, len, sig))
		FAIL(ch, ch->check_sig,
		    "%s%lld (%s): signature does not verify under key %.16s... (the line or its"
		    " signature was changed)",
		    ch->where, (long long)pos, ev->action, ev->key_id);
	return true;
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
