/*
 * test_chain.c: the one chain check (lib/store/chain.c) that verify and review
 * share, fed lines made here: an intact chain; a line whose init names
 * another key than it is signed with; a NUL byte and a tab inside a line;
 * an event signed by a key no event registered; a broken link; a second
 * init; key handover (the successor registered, the old key refused after
 * it, a retirement closing the chain, a successor whose public key is not
 * the id named); and the findings limit of the accumulator (lib/store/findings.c).
 */
#include "testutil.h"

#include "chain.h"

struct ct {
	struct custody_key *key, *other;
	struct custody_finding *v;
	size_t n;
	bool ok;
	struct custody_findings f;
	struct custody_chain ch;
	char prev[65];
	char lines[8][1024];
	size_t len[8];
	uint8_t sig[8][64];
};

static int
setup(void **state)
{
	struct ct *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	assert_int_equal(custody_key_generate(&t->key, NULL), CUSTODY_OK);
	assert_int_equal(custody_key_generate(&t->other, NULL), CUSTODY_OK);
	memset(t->prev, '0', 64);
	custody_findings_init(&t->f, &t->v, &t->n, &t->ok, 0);
	custody_chain_init(&t->ch, &t->f, "event ", "signature");
	*state = t;
	return 0;
}

static int
teardown(void **state)
{
	struct ct *t = *state;

	custody_chain_release(&t->ch);
	custody_findings_free(t->v, t->n);
	custody_key_free(t->key);
	custody_key_free(t->other);
	free(t);
	return 0;
}

/* Makes line i (seq i + 1), signed by signer, chained to the one before;
 * init names pub_of's public key. */
static void
make(struct ct *t, int i, const struct custody_key *signer, const char *action,
    const struct custody_key *pub_of, const char *extra)
{
	char pub[65], details[512];
	uint8_t d[32];

	custody_hex(
	    custody_key_public(pub_of != NULL ? pub_of : signer), 32, pub);
	snprintf(details, sizeof(details),
	    "{\"examiner\":\"E\",\"case_id\":\"c1\",\"public_key\":\"%s\"%s}",
	    pub, extra != NULL ? extra : "");
	snprintf(t->lines[i], sizeof(t->lines[i]),
	    "custody-event/1 %d 2016-01-01T00:00:00.000000Z %s %s %s %s %s",
	    i + 1, custody_key_id(signer), action,
	    strcmp(action, "init") == 0 ? "c1" : "x", t->prev, details);
	t->len[i] = strlen(t->lines[i]);
	assert_int_equal(
	    custody_key_sign(signer, t->lines[i], t->len[i], t->sig[i], NULL),
	    CUSTODY_OK);
	custody_sha256(t->lines[i], t->len[i], d, NULL);
	custody_hex(d, 32, t->prev);
}

static bool
feed(struct ct *t, int i)
{
	struct custody_event ev;

	return custody_chain_add(
	    &t->ch, i + 1, t->lines[i], t->len[i], t->sig[i], 64, NULL, &ev);
}

static bool
has(const struct ct *t, const char *check, const char *text)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (!t->v[i].ok && strcmp(t->v[i].check, check) == 0 &&
		    strstr(t->v[i].detail, text))
			return true;
	return false;
}

/* A passing finding of check holding text. */
static bool
says(const struct ct *t, const char *check, const char *text)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->v[i].ok && strcmp(t->v[i].check, check) == 0 &&
		    strstr(t->v[i].detail, text))
			return true;
	return false;
}

static void
chain_accepts_an_intact_chain_and_registers_the_init_key(void **state)
{
	struct ct *t = *state;

	make(t, 0, t->key, "init", NULL, NULL);
	make(t, 1, t->key, "ingest", NULL, NULL);
	assert_true(feed(t, 0));
	assert_true(feed(t, 1));
	custody_chain_end(&t->ch);
	assert_true(t->ok);
	assert_int_equal(t->ch.n_keys, 1);
	assert_string_equal(t->ch.init_key, custody_key_id(t->key));
	assert_string_equal(t->ch.case_id, "c1");
	assert_string_equal(t->ch.examiner, "E");
	assert_string_equal(t->ch.head, t->prev);
}

static void
chain_refuses_an_init_that_names_another_key_than_its_signer(void **state)
{
	struct ct *t = *state;

	make(t, 0, t->key, "init", t->other, NULL);
	feed(t, 0);
	assert_false(t->ok);
	assert_true(has(t, "chain", "registers key"));
	assert_true(has(t, "signature", "which is not registered"));
}

static void
chain_sees_bytes_after_a_nul_and_control_characters(void **state)
{
	struct ct *t = *state;

	make(t, 0, t->key, "init", NULL, NULL);
	/* Hidden bytes after a NUL: a C-string reader would see the signed line. */
	memcpy(t->lines[0] + t->len[0], "\0junk", 5);
	t->len[0] += 5;
	assert_false(feed(t, 0));
	assert_true(has(t, "chain", "it holds a NUL byte"));
	make(t, 1, t->key, "ingest", NULL, ",\"a\":\"x\ty\"");
	assert_false(feed(t, 1));
	assert_true(has(t, "chain", "tab, newline or carriage return"));
}

static void
chain_refuses_a_signer_no_event_registered(void **state)
{
	struct ct *t = *state;

	make(t, 0, t->key, "init", NULL, NULL);
	make(t, 1, t->other, "note", NULL, NULL);
	feed(t, 0);
	feed(t, 1);
	assert_false(t->ok);
	assert_true(has(t, "signature", "event 2 (note): signed by key"));
}

static void
chain_reports_a_broken_link_a_gap_and_a_second_init(void **state)
{
	struct ct *t = *state;
	struct custody_event ev;

	make(t, 0, t->key, "init", NULL, NULL);
	memset(t->prev, 'a', 64);
	make(t, 1, t->key, "init", NULL, NULL);
	feed(t, 0);
	custody_chain_add(
	    &t->ch, 3, t->lines[1], t->len[1], t->sig[1], 64, NULL, &ev);
	assert_true(has(t, "chain", "event 3: sequence jumps from 1 to 3"));
	assert_true(has(t, "chain", "event 3: its line says it is event 2"));
	assert_true(has(t, "chain", "does not link to the event before it"));
	assert_true(
	    has(t, "chain", "the chain must start with one init event"));
}

/* A handover line by signer naming to as successor (NULL: retire only). */
static void
handover(struct ct *t, int i, const struct custody_key *signer,
    const struct custody_key *to, bool retire,
    const struct custody_key *to_pub_of)
{
	char extra[400], pub[65];

	if (to == NULL) {
		snprintf(extra, sizeof(extra), ",\"retire\":%s",
		    retire ? "true" : "false");
	} else {
		custody_hex(
		    custody_key_public(to_pub_of != NULL ? to_pub_of : to), 32,
		    pub);
		snprintf(extra, sizeof(extra),
		    ",\"to_key_id\":\"%s\",\"to_public_key\":\"%s\",\"to_holder\":\"F\",\"retire\":%s",
		    custody_key_id(to), pub, retire ? "true" : "false");
	}
	make(t, i, signer, "handover", NULL, extra);
}

static void
chain_follows_a_handover_and_refuses_the_old_key_after_it(void **state)
{
	struct ct *t = *state;

	make(t, 0, t->key, "init", NULL, NULL);
	handover(t, 1, t->key, t->other, false, NULL);
	make(t, 2, t->other, "ingest", NULL, NULL);
	feed(t, 0);
	feed(t, 1);
	feed(t, 2);
	assert_true(t->ok);
	assert_int_equal(t->ch.n_keys, 2);
	assert_string_equal(t->ch.current, custody_key_id(t->other));
	assert_string_equal(t->ch.keys[1].holder, "F");
	assert_int_equal(t->ch.keys[1].added_seq, 2);
	assert_int_equal(t->ch.keys[0].ended_seq, 2);
	assert_int_equal(t->ch.keys[0].signed_events, 2);
	/* the old key signs once more: refused, and named */
	make(t, 3, t->key, "note", NULL, NULL);
	feed(t, 3);
	assert_false(t->ok);
	assert_true(has(t, "signature", "event 4 (note): signed by key"));
	assert_true(
	    has(t, "signature", "which handed over the case at event 2"));
	custody_chain_report(&t->ch, &t->f, "keys");
	assert_true(says(t, "keys",
	    "(E): registered by init, signed events 1 to 4 (3 events),"
	    " handed the case over at event 2"));
	assert_true(says(t, "keys",
	    "(F): registered by handover event 2, signed event 3, holds the case"));
}

static void
chain_takes_no_event_after_a_retirement_without_successor(void **state)
{
	struct ct *t = *state;

	make(t, 0, t->key, "init", NULL, NULL);
	handover(t, 1, t->key, NULL, true, NULL);
	feed(t, 0);
	feed(t, 1);
	assert_true(t->ok);
	assert_int_equal(t->ch.closed_seq, 2);
	make(t, 2, t->key, "note", NULL, NULL);
	feed(t, 2);
	assert_true(has(t, "signature", "after event 2 retired the last key"));
}

static void
chain_refuses_a_successor_whose_public_key_is_not_its_id(void **state)
{
	struct ct *t = *state;

	make(t, 0, t->key, "init", NULL, NULL);
	handover(t, 1, t->key, t->other, false,
	    t->key); /* names other, gives key's bytes */
	feed(t, 0);
	feed(t, 1);
	assert_true(has(t, "chain", "event 2 (handover): registers key"));
	assert_int_equal(t->ch.n_keys, 1);
	/* and a handover that names no successor must retire */
	make(t, 2, t->key, "note", NULL, NULL);
	feed(t, 2);
	handover(t, 3, t->key, NULL, false, NULL);
	feed(t, 3);
	assert_true(has(t, "chain", "names no successor and retires nothing"));
}

static void
findings_list_up_to_the_limit_then_sum_up(void **state)
{
	struct custody_finding *v;
	struct custody_findings f;
	size_t n, i;
	bool ok;

	(void)state;
	custody_findings_init(&f, &v, &n, &ok, 3);
	for (i = 0; i < 10; i++)
		custody_findings_add(&f, "records", false, "problem %zu", i);
	custody_findings_add(&f, "object", true, "fine");
	custody_findings_end(&f);
	assert_false(ok);
	assert_int_equal(n, 5);
	assert_string_equal(v[4].detail, "and 7 more problems");
	assert_int_equal(custody_findings_failed(&f, "records"), 10);
	custody_findings_free(v, n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    chain_accepts_an_intact_chain_and_registers_the_init_key,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    chain_refuses_an_init_that_names_another_key_than_its_signer,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    chain_sees_bytes_after_a_nul_and_control_characters, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    chain_refuses_a_signer_no_event_registered, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    chain_reports_a_broken_link_a_gap_and_a_second_init, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    chain_follows_a_handover_and_refuses_the_old_key_after_it,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    chain_takes_no_event_after_a_retirement_without_successor,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    chain_refuses_a_successor_whose_public_key_is_not_its_id,
		    setup, teardown),
		cmocka_unit_test(findings_list_up_to_the_limit_then_sum_up),
	};

	return cmocka_run_group_tests_name("chain", tests, NULL, NULL);
}
