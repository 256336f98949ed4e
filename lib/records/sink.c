/*
 * sink.c: struct custody_sink, the one way parsers write records: the
 * records' rows queued in batches and stored by a writer thread, their
 * strings interned, a query held until its response, and the parse
 * digest computed as the rows go in (custody_sink_digest, through
 * lib/records/sinkdigest.c). How a record's fields become a statement's
 * values, how statements are encoded in a batch, and the digest read back
 * from the rows (custody_parse_digest) are the row codec's:
 * lib/records/sinkcodec.c, which also says what the parse digest is.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "sink.h"
#include "layout.h"
#include "sinkcodec.h"
#include "sinkdigest.h"

/* The names below are offsets into the sink's text (s->text), which a
 * reset empties and keeps: a parse names a dozen counts, notes and
 * reasons, each a strdup() and a free() once. */
struct skip_reason {
	size_t reason;
	int64_t count;
	struct custody_buf examples; /* JSON array members */
	int n_examples;
};

struct named_count {
	size_t name;
	int64_t value;
};

struct named_note {
	size_t key, value;
};

struct deferred_index {
	char *name, *sql;
};

/*
 * Rows go to SQLite on a writer thread, so that parsing and storing run on
 * two cores: the parser's thread encodes each statement with its values
 * into a batch (op, count, then per value a type octet and an int64 or a
 * length and the octets), and hands full batches over; the writer binds
 * and steps them in order. Two batches alternate, so memory stays at
 * 2 x BATCH_BYTES. Message ids are assigned here, not read back from
 * SQLite (the next rowid is max(id) + 1, which the explicit id keeps), so
 * the parser never waits for a row to be stored. The first failure stops
 * the writer; the parser's next call into the sink returns it. When no
 * thread can be started the batches are run on the caller's thread.
 *
 * All of that is for large parses. A small one (a log of a few lines, a
 * fuzz input) would spend most of its time setting it up: the thread, the
 * index drop and rebuild, the statements, MiBs of buffers. So the sink
 * starts small and grows: buffers begin at their *_FIRST size and double
 * up to the bounds below (which alone decide when a batch is handed over
 * or a table starts afresh, so the rows are the same whatever was
 * allocated), a statement is prepared when first run, and the writer
 * thread and the index drop (go_bulk()) wait for the first full batch.
 * A parse that never fills one runs its statements on the caller's
 * thread at the end, into the indexes as they are: the same rows and the
 * same parse digest, without the setup (tests/test_sink.c checks both
 * ways on the logs of tests/data).
 */
#define BATCH_BYTES (1u << 20)
#define BATCH_FIRST (16u << 10)

/*
 * A query that may still be answered is not written at once: its
 * statements wait in the held queue until the response names it (then it
 * is written with its response_loc, where an UPDATE per answered query
 * used to cost the writer 5 % of a capture's ingest) or until it is final.
 * Messages after it wait behind it, so that msg rows are written in id
 * order: SQLite then fills each page (out of order, the table was 9 %
 * larger). Bounded: past HELD_BYTES or HELD_MAX the oldest is written as
 * it is, and its response, if any comes, is an UPDATE.
 */
#define HELD_BYTES (2u << 20)
#define HELD_MAX   32768u
#define HELD_ROOM  (64u << 10) /* kept free for the message being stored */
#define HELD_FIRST 64u /* entries allocated at first; the buffer: HELD_ROOM */

struct held {
	int64_t id, loc_index;
	int64_t rl; /* response_loc - loc_index; INT64_MIN: none (yet) */
	uint32_t off, len,
	    dns_len; /* in held_buf; dns_len: the message's own statement */
	bool ready;  /* may be written */
};

/*
 * Strings (DNS names, servers, log flags) are rows of str, referred to by
 * id: each is written when first met and its id remembered here, up to
 * STR_SLOTS strings or STR_BYTES octets; past that the table starts
 * afresh, and a string met again is written again (str may hold one
 * string twice: only its id is read).
 */
#define STR_SLOTS       (1u << 16)
#define STR_BYTES       (4u << 20)
#define STR_SLOTS_FIRST 256u
#define STR_BYTES_FIRST (8u << 10)

struct str_slot {
	uint64_t hash;
	int64_t id;
	uint32_t off, slen, wlen;
	uint8_t kind; /* 0: empty; else 4 | 1 (text) | 2 (wire form) */
};

/* go_bulk(): not yet (SINK_SMALL), done (SINK_BULK), never (SINK_NEVER, a
 * test's choice, or after custody_sink_finish()). */
enum {
	SINK_SMALL,
	SINK_BULK,
	SINK_NEVER
};

struct batch {
	uint8_t *p;
	size_t len, cap;
};

struct custody_sink {
	sqlite3 *db;
	struct batch batch[2];
	int cur; /* the batch being filled */
	pthread_t writer;
	bool threaded, stopping, busy;
	int bulk;         /* SINK_SMALL until go_bulk(); SINK_BULK after */
	bool digest_only; /* custody_sink_digest_only(): nothing stored */
	struct batch *pending;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct custody_error werr; /* the writer's first failure */
	enum custody_code wrc;     /* written by the writer only */
	enum custody_code mrc;     /* the parser's copy, taken under mu */
	int64_t next_dns_id, next_flow_id, next_str_id;
	int64_t first_dns_id;  /* the first this sink gave */
	struct str_slot *strs; /* str_slots of them, open addressing */
	uint8_t *str_arena;    /* str_cap octets */
	size_t n_strs, str_used, str_slots, str_cap;
	int64_t qname_id; /* the question name id of the message being stored */
	int64_t *rr_name; /* the name ids of the message being stored */
	int64_t *rr_rdata; /* and of the names its records point to */
	size_t rr_name_cap;
	struct custody_buf xbuf;         /* a message's x */
	size_t last_op_off, last_op_len; /* the statement queue_op added last */
	uint64_t last_op_gen; /* batch_gen then; UINT64_MAX: run at once */
	size_t last_dns_off,
	    last_dns_len;     /* the same, for the last message's */
	int64_t last_dns_loc; /* and its loc_index */
	uint64_t last_dns_gen;
	uint64_t batch_gen; /* counts hand-overs of the batch being filled */
	struct held *held;  /* by id, oldest first: [held_head, n_held) */
	size_t n_held, held_head, held_cap;
	uint8_t *held_buf;
	size_t held_used, held_buf_cap;
	/* the streamed digest, while the indexes are built */
	pthread_t digester;
	bool digesting;
	enum custody_code drc;
	char dout[65];
	struct deferred_index *deferred;
	size_t n_deferred;
	/* the digest as rows go in; NULL: read back */
	struct custody_dstream *ds;
	bool ds_schema; /* the database's columns are the stream's */
	int64_t evidence_id;
	sqlite3_stmt *st[OP_N]; /* each prepared when first run */
	sqlite3_stmt *st_ids,
	    *st_ev; /* the next ids; custody_sink_finish()'s */
	int64_t last_dns_id;
	int64_t records, dns_messages, skipped;
	int64_t tmin, tmax;
	bool have_time;
	struct skip_reason *skips; /* skips_made with examples set up */
	size_t n_skips, skips_bytes, skips_made;
	struct custody_buf text; /* names of skips, counts and notes */
	struct named_count *counts;
	size_t n_counts, counts_bytes;
	struct named_note *notes;
	size_t n_notes, notes_bytes;
	void (*progress)(uint64_t offset, void *arg); /* how far the parse is */
	void *progress_arg;
};

void
custody_sink_set_progress(
    struct custody_sink *s, void (*fn)(uint64_t offset, void *arg), void *arg)
{
	s->progress = fn;
	s->progress_arg = arg;
}

/*
 * Index maintenance, row by row, is most of the cost of a large parse: an
 * index on (qname, time) or (src, time) takes each new row at a random
 * place, and once the index outgrows the page cache every insert reads and
 * writes pages. Inside a transaction the sink drops the record tables'
 * indexes and builds them again, from their own CREATE INDEX text, at
 * custody_sink_finish(): one sort per index. The schema is the same after
 * the commit; a kill before it rolls the drop back with the rest.
 */
/* A record table's indexes are rebuilt after the load, one sort each:
 * an index that takes rows at random places costs a page read and write
 * per row once it outgrows the cache, and one built by a sort has its
 * pages full (msg_ev, kept through the load, was 12 % empty). Unless the
 * table already holds so many rows that sorting them all again would cost
 * more than the inserts (DEFER_MAX_ROWS, measured: a second 1M-packet
 * capture costs about the same either way). */
#define DEFER_MAX_ROWS 1000000

static bool
defer_this(sqlite3 *db, const char *table)
{
	sqlite3_stmt *st;
	bool defer = true;
	/* rr has no id: its rows follow its messages' */
	char *sql =
	    sqlite3_mprintf("SELECT coalesce(max(_rowid_), 0) FROM \"%w\"",
	        strcmp(table, "rr") == 0 ? "msg" : table);

	if (sql == NULL ||
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		sqlite3_free(sql);
		return false;
	}
	sqlite3_free(sql);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_int64(st, 0) > DEFER_MAX_ROWS)
		defer = false;
	sqlite3_finalize(st);
	return defer;
}

static enum custody_code
defer_indexes(struct custody_sink *s, struct custody_error *err)
{
	sqlite3_stmt *st;
	enum custody_code rc;
	size_t i;
	int step;

	if (sqlite3_get_autocommit(s->db))
		return CUSTODY_OK;
	if ((rc = custody_db_prepare(s->db,
	         "SELECT name, sql, tbl_name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL"
	         " AND tbl_name IN ('msg', 'rr', 'str', 'flw', 'uflow', 'orgmap', 'timeline',"
	         " 'flow_state', 'pdns')"
	         " ORDER BY tbl_name, name",
	         &st, err)) != CUSTODY_OK)
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		const char *sql = (const char *)sqlite3_column_text(st, 1);
		const char *table = (const char *)sqlite3_column_text(st, 2);
		struct deferred_index *p;

		if (name == NULL || sql == NULL || table == NULL ||
		    !defer_this(s->db, table))
			continue;
		p = realloc(s->deferred, (s->n_deferred + 1) * sizeof(*p));
		if (p == NULL) {
			sqlite3_finalize(st);
			return custody_fail(
			    err, CUSTODY_ERR_NOMEM, "no memory");
		}
		s->deferred = p;
		p[s->n_deferred].name = strdup(name);
		p[s->n_deferred].sql = strdup(sql);
		if (p[s->n_deferred].name == NULL ||
		    p[s->n_deferred].sql == NULL) {
			free(p[s->n_deferred].name);
			free(p[s->n_deferred].sql);
			sqlite3_finalize(st);
			return custody_fail(
			    err, CUSTODY_ERR_NOMEM, "no memory");
		}
		s->n_deferred++;
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return custody_fail_sqlite(err, s->db, "listing indexes");
	for (i = 0; i < s->n_deferred; i++) {
		char *sql =
		    sqlite3_mprintf("DROP INDEX \"%w\"", s->deferred[i].name);

		if (sql == NULL)
			return custody_fail(
			    err, CUSTODY_ERR_NOMEM, "no memory");
		rc = custody_db_exec(s->db, sql, err);
		sqlite3_free(sql);
		if (rc != CUSTODY_OK)
			return rc;
	}
	return CUSTODY_OK;
}

/* Builds the indexes defer_indexes() dropped. */
static enum custody_code
restore_indexes(struct custody_sink *s, struct custody_error *err)
{
	enum custody_code rc = CUSTODY_OK;

	/* CREATE INDEX sorts with SQLite's sorter, which can merge on a
	 * second thread: 1.3 -> 1.0 s for the two indexes of a 1M-line log. */
	if (s->n_deferred == 0)
		return CUSTODY_OK;
	(void)custody_db_exec(
	    s->db, "PRAGMA threads = 2; PRAGMA cache_size = -2048", NULL);
	while (s->n_deferred > 0 && rc == CUSTODY_OK) {
		struct deferred_index *d = &s->deferred[s->n_deferred - 1];

		rc = custody_db_exec(s->db, d->sql, err);
		free(d->name);
		free(d->sql);
		s->n_deferred--;
	}
	(void)custody_db_exec(s->db, "PRAGMA threads = 0", NULL);
	return rc;
}

/* ------------------------------------------------------------ writer */

static void join_digester(struct custody_sink *s);
static void *writer_main(void *arg);

/* Makes *p (*cap octets, or none yet) hold at least need, doubling from
 * first up to max (or need, when more). */
static bool
grow(void *p, size_t *cap, size_t need, size_t first, size_t max)
{
	size_t c = *cap > 0 ? *cap : first;
	void *q;

	if (need <= *cap)
		return true;
	while (c < need)
		c *= 2;
	if (c > max)
		c = max > need ? max : need;
	if ((q = realloc(*(void **)p, c)) == NULL)
		return false;
	*(void **)p = q;
	*cap = c;
	return true;
}

/* Room for need more octets at the end of batch b. */
static inline enum custody_code
batch_room(struct batch *b, size_t need, struct custody_error *err)
{
	if (b->len + need > b->cap &&
	    !grow(&b->p, &b->cap, b->len + need, BATCH_FIRST, BATCH_BYTES))
		return custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
	return CUSTODY_OK;
}

static bool str_table(struct custody_sink *s, size_t slots);

/* A large parse takes its buffers at their bounds at once, as they would
 * end up, rather than copying them as they double. A failure here is
 * not one: they grow as needed. Not the string table: a parse of many
 * rows may have few strings (5,250 in a generated 1M-packet capture),
 * and their slots spread over the whole table (2 MiB) missed the cache
 * at every lookup; it doubles as it fills. */
static void
bulk_buffers(struct custody_sink *s)
{
	size_t bytes = s->held_cap * sizeof(*s->held);

	(void)grow(&s->batch[0].p, &s->batch[0].cap, BATCH_BYTES, BATCH_FIRST,
	    BATCH_BYTES);
	(void)grow(&s->batch[1].p, &s->batch[1].cap, BATCH_BYTES, BATCH_FIRST,
	    BATCH_BYTES);
	(void)grow(
	    &s->held_buf, &s->held_buf_cap, HELD_BYTES, HELD_ROOM, HELD_BYTES);
	if (grow(&s->held, &bytes, HELD_MAX * sizeof(*s->held),
	        HELD_FIRST * sizeof(*s->held), HELD_MAX * sizeof(*s->held)))
		s->held_cap = bytes / sizeof(*s->held);
	(void)grow(
	    &s->str_arena, &s->str_cap, STR_BYTES, STR_BYTES_FIRST, STR_BYTES);
}

/* The parse has filled a batch, so it is a large one: the writer thread
 * takes the batches from now on, and the record tables' indexes are
 * dropped until custody_sink_finish() (see defer_indexes()). Nothing is
 * stored yet when this runs (save a statement too long for a batch). */
static enum custody_code
go_bulk(struct custody_sink *s, struct custody_error *err)
{
	enum custody_code rc;

	if (s->bulk != SINK_SMALL)
		return CUSTODY_OK;
	s->bulk = SINK_BULK;
	/* Many rows in one transaction: a larger page cache keeps index
	 * pages from spilling to the journal (bounded: 32 MiB). */
	(void)custody_db_exec(s->db, "PRAGMA cache_size = -8192", NULL);
	if ((rc = defer_indexes(s, err)) != CUSTODY_OK)
		return rc;
	bulk_buffers(s);
	if (pthread_mutex_init(&s->mu, NULL) == 0) {
		if (pthread_cond_init(&s->cv, NULL) == 0) {
			if (pthread_create(&s->writer, NULL, writer_main, s) ==
			    0)
				s->threaded = true;
			else
				pthread_cond_destroy(&s->cv);
		}
		if (!s->threaded)
			pthread_mutex_destroy(&s->mu);
	}
	return CUSTODY_OK;
}

static enum custody_code
run_one(struct custody_sink *s, enum sink_op op, const struct custody_dval *v,
    size_t n, struct custody_error *err)
{
	sqlite3_stmt *st = s->st[op];
	int rc;

	if (st == NULL) {
		if (custody_db_prepare(s->db, custody_op_sql[op], &s->st[op],
		        err) != CUSTODY_OK)
			return CUSTODY_ERR_DB;
		st = s->st[op];
	}
	custody_op_bind(st, v, (int)n);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return custody_fail_sqlite(err, s->db, custody_op_what[op]);
	return CUSTODY_OK;
}

/* Runs the statements of one batch, in order (the values point into it). */
static enum custody_code
run_batch(
    struct custody_sink *s, const struct batch *b, struct custody_error *err)
{
	struct custody_dval v[CUSTODY_OP_MAX_VALS];
	const uint8_t *p = b->p, *end = b->p + b->len;
	enum custody_code rc;
	enum sink_op op;
	size_t n;

	while (p < end) {
		p = custody_op_decode(p, &op, v, &n);
		if (!s->digest_only &&
		    (rc = run_one(s, op, v, n, err)) != CUSTODY_OK)
			return rc;
	}
	return CUSTODY_OK;
}

static void *
writer_main(void *arg)
{
	struct custody_sink *s = arg;
	struct batch *b;

	pthread_mutex_lock(&s->mu);
	for (;;) {
		while (s->pending == NULL && !s->stopping)
			pthread_cond_wait(&s->cv, &s->mu);
		if (s->pending == NULL)
			break;
		b = s->pending;
		s->pending = NULL;
		s->busy = true;
		pthread_mutex_unlock(&s->mu);
		if (s->wrc == CUSTODY_OK)
			s->wrc = run_batch(s, b, &s->werr);
		b->len = 0;
		pthread_mutex_lock(&s->mu);
		s->busy = false;
		pthread_cond_broadcast(&s->cv);
	}
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

/* The writer's failure, told to the parser through its own error. */
static enum custody_code
writer_failed(struct custody_sink *s, struct custody_error *err)
{
	if (err != NULL)
		*err = s->werr;
	return s->mrc;
}

/* Waits until the writer holds no batch; then the database, and the
 * writer's result, are the caller's. */
static void
wait_idle(struct custody_sink *s)
{
	if (!s->threaded) {
		s->mrc = s->wrc;
		return;
	}
	pthread_mutex_lock(&s->mu);
	while (s->pending != NULL || s->busy)
		pthread_cond_wait(&s->cv, &s->mu);
	s->mrc = s->wrc;
	pthread_mutex_unlock(&s->mu);
}

/* Hands the batch being filled to the writer (or runs it here) and starts
 * filling the other. */
static enum custody_code
submit(struct custody_sink *s, struct custody_error *err)
{
	struct batch *b = &s->batch[s->cur];

	if (b->len == 0)
		return s->mrc == CUSTODY_OK ? CUSTODY_OK
		                            : writer_failed(s, err);
	if (!s->threaded) {
		if (s->wrc == CUSTODY_OK)
			s->wrc = run_batch(s, b, &s->werr);
		b->len = 0;
		s->batch_gen++;
		s->mrc = s->wrc;
		return s->mrc == CUSTODY_OK ? CUSTODY_OK
		                            : writer_failed(s, err);
	}
	wait_idle(s);
	if (s->mrc != CUSTODY_OK) {
		b->len = 0;
		return writer_failed(s, err);
	}
	custody_db_lend(s->db, &s->writer); /* until flush() */
	pthread_mutex_lock(&s->mu);
	s->pending = b;
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	s->cur ^= 1;
	s->batch_gen++;
	return CUSTODY_OK;
}

/* Hands over a batch that is full (see go_bulk()). */
static enum custody_code
submit_full(struct custody_sink *s, struct custody_error *err)
{
	enum custody_code rc;

	/* no writer yet: its failure is ours, and every later call's */
	if (s->mrc == CUSTODY_OK && (rc = go_bulk(s, &s->werr)) != CUSTODY_OK) {
		s->mrc = s->wrc = rc;
		return writer_failed(s, err);
	}
	return submit(s, err);
}

static enum custody_code release_held(
    struct custody_sink *s, bool force, struct custody_error *err);

/* Every statement queued or held so far is run; the database is the
 * caller's. */
static enum custody_code
flush(struct custody_sink *s, struct custody_error *err)
{
	enum custody_code rc = CUSTODY_OK;

	while (rc == CUSTODY_OK && s->n_held > s->held_head)
		rc = release_held(s, true, err);

	if (rc == CUSTODY_OK)
		rc = submit(s, err);

	wait_idle(s);
	if (s->threaded)
		custody_db_lend(s->db, NULL);
	if (rc == CUSTODY_OK && s->mrc != CUSTODY_OK)
		rc = writer_failed(s, err);
	return rc;
}

static void
stop_writer(struct custody_sink *s)
{
	if (!s->threaded)
		return;
	pthread_mutex_lock(&s->mu);
	s->stopping = true;
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	pthread_join(s->writer, NULL);
	custody_db_lend(s->db, NULL);
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->cv);
	s->threaded = false;
}

/* Queues one statement. One that would not fit in an empty batch (a very
 * long text field) is run at once, after everything queued before it. */
static enum custody_code
queue_op(struct custody_sink *s, enum sink_op op, const struct custody_dval *v,
    size_t n, struct custody_error *err)
{
	struct batch *b = &s->batch[s->cur];
	size_t need, top = b->cap < BATCH_BYTES ? b->cap : BATCH_BYTES;
	enum custody_code rc;

	if (s->mrc != CUSTODY_OK)
		return writer_failed(s, err);
	/* Most statements fit where the batch stands: encoded there at
	 * once, sized as they go. */
	if (b->len < top &&
	    (need = custody_op_encode_in(
	         b->p + b->len, top - b->len, op, v, n)) > 0) {
		s->last_op_off = b->len;
		s->last_op_len = need;
		s->last_op_gen = s->batch_gen;
		b->len += need;
		return CUSTODY_OK;
	}
	need = custody_op_size(v, n);
	if (need > BATCH_BYTES) {
		s->last_op_gen = UINT64_MAX;
		if ((rc = flush(s, err)) != CUSTODY_OK)
			return rc;
		return run_one(s, op, v, n, err);
	}
	if (b->len + need > BATCH_BYTES) {
		if ((rc = submit_full(s, err)) != CUSTODY_OK)
			return rc;
		b = &s->batch[s->cur];
	}
	if ((rc = batch_room(b, need, err)) != CUSTODY_OK)
		return rc;
	(void)custody_op_encode_in(b->p + b->len, need, op, v, n);
	s->last_op_off = b->len;
	s->last_op_len = need;
	s->last_op_gen = s->batch_gen;
	b->len += need;
	return CUSTODY_OK;
}

/* Writes held message h, with its rl when it has one: the message's
 * statement ends with rl, NULL as held. h is taken by value and its bytes
 * found again after submit_full(): a full batch may be the one that makes
 * the parse go bulk, and bulk_buffers() then moves the queue (s->held and
 * s->held_buf) to its final size. */
static enum custody_code
write_held(struct custody_sink *s, struct held h, struct custody_error *err)
{
	struct batch *b = &s->batch[s->cur];
	size_t need = h.rl == INT64_MIN ? h.len : h.len + 8;
	enum custody_code rc;
	uint8_t *q;

	/* in one piece: a batch holds whole statements only */
	if (b->len + need > BATCH_BYTES) {
		if ((rc = submit_full(s, err)) != CUSTODY_OK)
			return rc;
		b = &s->batch[s->cur];
	}
	if ((rc = batch_room(b, need, err)) != CUSTODY_OK)
		return rc;
	q = b->p + b->len;
	if (h.rl == INT64_MIN) {
		memcpy(q, s->held_buf + h.off, h.len);
	} else {
		q += custody_op_set_last(
		    q, s->held_buf + h.off, h.dns_len, h.rl);
		memcpy(q, s->held_buf + h.off + h.dns_len, h.len - h.dns_len);
	}
	b->len += need;
	return CUSTODY_OK;
}

/* Writes the messages at the head of the queue that are ready, or with
 * force the first one whatever it is; reclaims the queue's room. */
static enum custody_code
release_held(struct custody_sink *s, bool force, struct custody_error *err)
{
	enum custody_code rc = CUSTODY_OK;
	size_t i, off;

	while (s->held_head < s->n_held &&
	    (s->held[s->held_head].ready || force) && rc == CUSTODY_OK) {
		rc = write_held(s, s->held[s->held_head++], err);
		force = false;
	}
	if (s->held_head == s->n_held) {
		s->held_head = s->n_held = 0;
		s->held_used = 0;
		return rc;
	}
	if (s->held_head < s->n_held / 2 &&
	    s->held[s->held_head].off < s->held_used / 2)
		return rc;
	off = s->held[s->held_head].off;
	memmove(s->held_buf, s->held_buf + off, s->held_used - off);
	s->held_used -= off;
	memmove(s->held, s->held + s->held_head,
	    (s->n_held - s->held_head) * sizeof(*s->held));
	s->n_held -= s->held_head;
	s->held_head = 0;
	for (i = 0; i < s->n_held; i++)
		s->held[i].off -= (uint32_t)off;
	return rc;
}

/* Makes room in the queue for the next message, before it is stored:
 * while it is full, the oldest is written as it is (its response, if any
 * comes, is an UPDATE). */
static enum custody_code
held_room(struct custody_sink *s, struct custody_error *err)
{
	enum custody_code rc = CUSTODY_OK;

	while (rc == CUSTODY_OK && s->n_held > s->held_head &&
	    (s->n_held == HELD_MAX || s->held_used + HELD_ROOM > HELD_BYTES))
		rc = release_held(s, true, err);
	return rc;
}

/* Moves the statements of the message stored last (still in the batch
 * being filled) to the end of the queue. False when they are not in the
 * batch any more (written already) or do not fit: they are then written
 * where they are. */
static bool
hold_last(struct custody_sink *s, bool ready)
{
	struct batch *b = &s->batch[s->cur];
	size_t len = b->len - s->last_dns_off;
	struct held *h;

	if (s->last_dns_gen != s->batch_gen || s->mrc != CUSTODY_OK ||
	    s->n_held == HELD_MAX || s->held_used + len > HELD_BYTES)
		return false;
	if (!grow(&s->held_buf, &s->held_buf_cap, s->held_used + len, HELD_ROOM,
	        HELD_BYTES))
		return false;
	if (s->n_held == s->held_cap) {
		size_t bytes = s->held_cap * sizeof(*s->held);

		if (!grow(&s->held, &bytes, bytes + sizeof(*s->held),
		        HELD_FIRST * sizeof(*s->held),
		        HELD_MAX * sizeof(*s->held)))
			return false;
		s->held_cap = bytes / sizeof(*s->held);
	}
	h = &s->held[s->n_held++];
	h->id = s->last_dns_id;
	h->loc_index = s->last_dns_loc;
	h->rl = INT64_MIN;
	h->off = (uint32_t)s->held_used;
	h->len = (uint32_t)len; /* the message's statement, then its records' */
	h->dns_len = (uint32_t)s->last_dns_len;
	h->ready = ready;
	memcpy(s->held_buf + s->held_used, b->p + s->last_dns_off, len);
	s->held_used += len;
	b->len = s->last_dns_off;
	s->last_dns_gen = UINT64_MAX;
	return true;
}

static struct held *
find_held(struct custody_sink *s, int64_t id)
{
	size_t lo = s->held_head, hi = s->n_held;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->held[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < s->n_held && s->held[lo].id == id)
		return &s->held[lo];
	return NULL;
}

enum custody_code
custody_sink_set_bulk(
    struct custody_sink *s, bool bulk, struct custody_error *err)
{
	if (!bulk) {
		if (s->bulk == SINK_SMALL)
			s->bulk = SINK_NEVER;
		return CUSTODY_OK;
	}
	return go_bulk(s, err);
}

void
custody_sink_digest_only(struct custody_sink *s)
{
	s->digest_only = true;
	if (s->bulk == SINK_SMALL)
		s->bulk = SINK_NEVER; /* it would drop the indexes */
}

/* The sink numbers messages, flows and strings itself (max + 1, as
 * SQLite would): a parser never waits for a row to learn its id. */
static enum custody_code
read_ids(struct custody_sink *s, struct custody_error *err)
{
	enum custody_code rc = CUSTODY_OK;

	if (s->st_ids == NULL &&
	    (rc = custody_db_prepare(s->db,
	         "SELECT (SELECT coalesce(max(id), 0) FROM msg), (SELECT coalesce(max(id), 0)"
	         " FROM flw), (SELECT coalesce(max(id), 0) FROM str)",
	         &s->st_ids, err)) != CUSTODY_OK)
		return rc;
	if (sqlite3_step(s->st_ids) == SQLITE_ROW) {
		s->next_dns_id = sqlite3_column_int64(s->st_ids, 0) + 1;
		s->first_dns_id = s->next_dns_id;
		s->next_flow_id = sqlite3_column_int64(s->st_ids, 1) + 1;
		s->next_str_id = sqlite3_column_int64(s->st_ids, 2) + 1;
	} else {
		rc = custody_fail_sqlite(
		    err, s->db, "reading the last record ids");
	}
	sqlite3_reset(s->st_ids);
	return rc;
}

enum custody_code
custody_sink_open(struct custody_sink **out, sqlite3 *db, int64_t evidence_id,
    struct custody_error *err)
{
	struct custody_sink *s = calloc(1, sizeof(*s));
	enum custody_code rc = CUSTODY_OK;

	if (s == NULL)
		return custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
	s->db = db;
	s->evidence_id = evidence_id;
	if ((rc = read_ids(s, err)) != CUSTODY_OK)
		goto fail;
	custody_buf_init(&s->xbuf, 4096);
	custody_buf_init(&s->text, CUSTODY_MAX_JSON / 2);
	s->str_slots = STR_SLOTS_FIRST;
	s->str_cap = STR_BYTES_FIRST;
	if ((s->strs = calloc(s->str_slots, sizeof(*s->strs))) == NULL ||
	    (s->str_arena = malloc(s->str_cap)) == NULL) {
		rc = custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
		goto fail;
	}
	s->ds_schema = custody_dstream_schema_ok(db);
	s->ds = s->ds_schema ? custody_dstream_new(NULL) : NULL;
	*out = s;
	return CUSTODY_OK;
fail:
	custody_sink_free(s);
	return rc;
}

/* Ends the parse: rows queued are stored, as if each had been written
 * when given; the threads are stopped, and what the parse counted is
 * freed. What custody_sink_reset() keeps (the statements, the buffers)
 * is not touched. */
static void
end_parse(struct custody_sink *s)
{
	size_t i;

	if (s->strs != NULL)
		(void)flush(s, NULL);
	stop_writer(s);
	join_digester(s);
	custody_dstream_free(s->ds);
	s->ds = NULL;
	/* skips, counts, notes and their text are kept for the next parse
	 * (custody_sink_reset()) and freed by custody_sink_free() */
	for (i = 0; i < s->n_deferred; i++) {
		free(s->deferred[i].name);
		free(s->deferred[i].sql);
	}
	free(s->deferred);
	s->deferred = NULL;
}

enum custody_code
custody_sink_reset(
    struct custody_sink *s, int64_t evidence_id, struct custody_error *err)
{
	struct custody_sink keep;
	size_t i;

	end_parse(s);
	/* Everything back to what custody_sink_open() gives, but what is
	 * set up once: so that nothing of one parse reaches the next. */
	keep = *s;
	memset(s, 0, sizeof(*s));
	s->db = keep.db;
	for (i = 0; i < 2; i++) {
		s->batch[i].p = keep.batch[i].p;
		s->batch[i].cap = keep.batch[i].cap;
	}
	s->strs = keep.strs;
	s->str_slots = keep.str_slots;
	memset(s->strs, 0, s->str_slots * sizeof(*s->strs));
	s->str_arena = keep.str_arena;
	s->str_cap = keep.str_cap;
	s->rr_name = keep.rr_name;
	s->rr_rdata = keep.rr_rdata;
	s->rr_name_cap = keep.rr_name_cap;
	s->xbuf = keep.xbuf;
	custody_buf_reset(&s->xbuf);
	s->text = keep.text;
	custody_buf_reset(&s->text);
	s->skips = keep.skips;
	s->skips_bytes = keep.skips_bytes;
	s->skips_made = keep.skips_made;
	s->counts = keep.counts;
	s->counts_bytes = keep.counts_bytes;
	s->notes = keep.notes;
	s->notes_bytes = keep.notes_bytes;
	s->held = keep.held;
	s->held_cap = keep.held_cap;
	s->held_buf = keep.held_buf;
	s->held_buf_cap = keep.held_buf_cap;
	memcpy(s->st, keep.st, sizeof(s->st));
	s->st_ids = keep.st_ids;
	s->st_ev = keep.st_ev;
	s->ds_schema = keep.ds_schema;
	s->ds = s->ds_schema ? custody_dstream_new(NULL) : NULL;
	s->evidence_id = evidence_id;
	return read_ids(s, err);
}

void
custody_sink_free(struct custody_sink *s)
{
	size_t i;

	if (s == NULL)
		return;
	end_parse(s);
	for (i = 0; i < OP_N; i++)
		sqlite3_finalize(s->st[i]);
	sqlite3_finalize(s->st_ids);
	sqlite3_finalize(s->st_ev);
	free(s->batch[0].p);
	free(s->batch[1].p);
	free(s->held_buf);
	free(s->held);
	free(s->strs);
	free(s->str_arena);
	free(s->rr_name);
	free(s->rr_rdata);
	custody_buf_release(&s->xbuf);
	for (i = 0; i < s->skips_made; i++)
		custody_buf_release(&s->skips[i].examples);
	free(s->skips);
	free(s->counts);
	free(s->notes);
	custody_buf_release(&s->text);
	free(s);
}

void
custody_dns_record_init(struct custody_dns_record *r)
{
	memset(r, 0, sizeof(*r));
	r->time_prec = 6;
	r->sport = r->dport = -1;
	r->dns_id = r->opcode = r->flags = r->rcode = -1;
	r->qtype = r->qclass = -1;
	r->qdcount = r->ancount = r->nscount = r->arcount = -1;
	r->edns_udp = r->edns_do = -1;
}

static void
see_time(struct custody_sink *s, int64_t t)
{
	if (!s->have_time || t < s->tmin)
		s->tmin = t;
	if (!s->have_time || t > s->tmax)
		s->tmax = t;
	s->have_time = true;
}

/* ------------------------------------------------------------ strings */

static uint64_t
str_hash(const void *s, size_t slen, const void *w, size_t wlen, uint8_t kind)
{
	const uint8_t *p[2] = { s, w };
	size_t n[2] = { slen, wlen }, i, k;
	uint64_t h = 0x9E3779B97F4A7C15u * (kind + 1u);

	for (k = 0; k < 2; k++) {
		for (i = 0; i + 8 <= n[k]; i += 8) {
			uint64_t x;

			memcpy(&x, p[k] + i, 8);
			h = (h ^ x) * 0xBF58476D1CE4E5B9u;
			h ^= h >> 31;
		}
		for (; i < n[k]; i++)
			h = (h ^ p[k][i]) * 0x100000001B3u;
		h = (h ^ n[k]) * 0x94D049BB133111EBu;
	}
	return h ^ (h >> 29);
}

/* The string table at slots slots (a power of two, more than it has). */
static bool
str_table(struct custody_sink *s, size_t slots)
{
	struct str_slot *t = calloc(slots, sizeof(*t));
	size_t i, j;

	if (t == NULL)
		return false;
	for (i = 0; i < s->str_slots; i++) {
		if (s->strs[i].kind == 0)
			continue;
		for (j = (size_t)s->strs[i].hash & (slots - 1); t[j].kind != 0;
		     j = (j + 1) & (slots - 1))
			;
		t[j] = s->strs[i];
	}
	free(s->strs);
	s->strs = t;
	s->str_slots = slots;
	return true;
}

/* Room for one more string of n octets, within the bounds: the table
 * doubles when three quarters full, the arena when it would overflow. */
static bool
str_room(struct custody_sink *s, size_t n)
{
	if (s->n_strs >= s->str_slots / 4 * 3 && s->str_slots < STR_SLOTS &&
	    !str_table(s, s->str_slots * 2))
		return false;
	return grow(&s->str_arena, &s->str_cap, s->str_used + n,
	    STR_BYTES_FIRST, STR_BYTES);
}

/*
 * The str id of text s (NUL-terminated, or NULL) with wire form w (NULL:
 * none), written as a str row when first met. Both NULL: no string, id
 * NULL (*id = -1), unless keep_null (a question name: its row is one of
 * both NULL).
 */
static enum custody_code
intern(struct custody_sink *s, const char *str, const uint8_t *w, size_t wlen,
    bool keep_null, int64_t *id, struct custody_error *err)
{
	size_t slen = str != NULL ? strlen(str) : 0, i;
	uint8_t kind =
	    (uint8_t)((str != NULL ? 1 : 0) | (w != NULL ? 2 : 0) | 4);
	uint64_t h;
	struct custody_dval v[3];
	struct str_slot *e;
	enum custody_code rc;

	*id = -1;
	if (kind == 4 && !keep_null)
		return CUSTODY_OK;
	if (w == NULL)
		wlen = 0;
	h = str_hash(str, slen, w, wlen, kind);
	for (i = (size_t)h & (s->str_slots - 1);;
	     i = (i + 1) & (s->str_slots - 1)) {
		e = &s->strs[i];
		if (e->kind == 0)
			break;
		if (e->hash == h && e->kind == kind && e->slen == slen &&
		    e->wlen == wlen &&
		    memcmp(s->str_arena + e->off, str != NULL ? str : "",
		        slen) == 0 &&
		    (wlen == 0 ||
		        memcmp(s->str_arena + e->off + slen, w, wlen) == 0)) {
			*id = e->id;
			return CUSTODY_OK;
		}
	}
	memset(v, 0, sizeof(v));
	v_int(&v[0], s->next_str_id);
	if (str != NULL) {
		v[1].t = DV_TEXT;
		v[1].p = str;
		v[1].n = slen;
	} else {
		v[1].t = DV_NULL;
	}
	v_blob(&v[2], w, wlen);
	if ((rc = queue_op(s, OP_STR, v, 3, err)) != CUSTODY_OK)
		return rc;
	*id = s->next_str_id++;
	if (slen + wlen > STR_BYTES / 16)
		return CUSTODY_OK; /* not worth remembering */
	/* full (the bounds alone say when, not what was allocated), or no
	 * memory to grow: start afresh (a string met again gets a new row) */
	if (s->n_strs >= STR_SLOTS / 4 * 3 ||
	    s->str_used + slen + wlen > STR_BYTES ||
	    !str_room(s, slen + wlen)) {
		memset(s->strs, 0, s->str_slots * sizeof(*s->strs));
		s->n_strs = s->str_used = 0;
		if (!grow(&s->str_arena, &s->str_cap, slen + wlen,
		        STR_BYTES_FIRST, STR_BYTES))
			return CUSTODY_OK; /* not remembered */
	}
	for (i = (size_t)h & (s->str_slots - 1); s->strs[i].kind != 0;
	     i = (i + 1) & (s->str_slots - 1))
		;
	e = &s->strs[i];
	e->hash = h;
	e->id = *id;
	e->off = (uint32_t)s->str_used;
	e->slen = (uint32_t)slen;
	e->wlen = (uint32_t)wlen;
	e->kind = kind;
	if (slen > 0)
		memcpy(s->str_arena + s->str_used, str, slen);
	if (wlen > 0)
		memcpy(s->str_arena + s->str_used + slen, w, wlen);
	s->str_used += slen + wlen;
	s->n_strs++;
	return CUSTODY_OK;
}

/* ------------------------------------------------------------ records */

enum custody_code
custody_sink_dns(struct custody_sink *s, const struct custody_dns_record *m,
    struct custody_error *err)
{
	struct custody_dval v[29], row[17], a[10];
	char sbuf[46], dbuf[46];
	enum custody_code rc;
	int64_t msg_id, server, opt, xid[2];
	uint64_t h;
	unsigned texts;
	long opt_i;
	size_t i;

	if (s->progress != NULL && (s->dns_messages & 0x3FFF) == 0)
		s->progress(m->loc_offset, s->progress_arg);
	/* Its strings first: their rows go before the message's. */
	if ((rc = held_room(s, err)) != CUSTODY_OK ||
	    (rc = intern(s, m->qname, m->qname_wire, m->qname_wire_len, true,
	         &s->qname_id, err)) != CUSTODY_OK ||
	    (rc = intern(s, m->server, (const uint8_t *)m->log_flags,
	         m->log_flags != NULL ? strlen(m->log_flags) : 0, false,
	         &server, err)) != CUSTODY_OK)
		return rc;
	if (m->n_rr > s->rr_name_cap) {
		int64_t *p = realloc(s->rr_name, m->n_rr * sizeof(*p)), *q;

		if (p == NULL)
			return custody_fail(
			    err, CUSTODY_ERR_NOMEM, "no memory");
		s->rr_name = p;
		if ((q = realloc(s->rr_rdata, m->n_rr * sizeof(*q))) == NULL)
			return custody_fail(
			    err, CUSTODY_ERR_NOMEM, "no memory");
		s->rr_rdata = q;
		s->rr_name_cap = m->n_rr;
	}
	opt_i = custody_layout_opt(m, &opt);
	custody_buf_reset(&s->xbuf);
	h = custody_layout_h(m, &s->xbuf, &texts);
	xid[0] = xid[1] = -1;
	if ((texts & CUSTODY_LAYOUT_ECS) != 0 &&
	    (rc = intern(s, m->ecs, NULL, 0, false, &xid[0], err)) !=
	        CUSTODY_OK)
		return rc;
	if ((texts & CUSTODY_LAYOUT_TRANSPORT) != 0 &&
	    (rc = intern(s, m->transport, NULL, 0, false, &xid[1], err)) !=
	        CUSTODY_OK)
		return rc;
	if (xid[0] >= 0)
		custody_buf_printf(&s->xbuf, "%s\"ecs_str\":%lld",
		    s->xbuf.len == 0 ? "{" : ",", (long long)xid[0]);
	if (xid[1] >= 0)
		custody_buf_printf(&s->xbuf, "%s\"transport_str\":%lld",
		    s->xbuf.len == 0 ? "{" : ",", (long long)xid[1]);
	if (s->xbuf.len > 0)
		custody_buf_addstr(&s->xbuf, "}");
	for (i = 0; i < m->n_rr; i++) {
		const struct custody_dns_rr *rr = &m->rr[i];

		s->rr_rdata[i] = -1;
		if ((long)i == opt_i)
			continue;
		/* an RRset: the same name as the record before (the decoder
		 * gives it the same text) */
		if (i > 0 && (long)i - 1 != opt_i && rr->name != NULL &&
		    rr->name == m->rr[i - 1].name)
			s->rr_name[i] = s->rr_name[i - 1];
		else if ((rc = intern(s, rr->name != NULL ? rr->name : "", NULL,
		              0, false, &s->rr_name[i], err)) != CUSTODY_OK)
			return rc;
		if (rr->rdata != NULL && custody_layout_rdata_name(rr->type) &&
		    (rc = intern(s, rr->rdata, NULL, 0, false, &s->rr_rdata[i],
		         err)) != CUSTODY_OK)
			return rc;
	}

	/* The canonical fields, for the digest. */
	v_int(&v[0], s->evidence_id);
	v_int(&v[1], (int64_t)m->loc_index);
	v_int(&v[2], (int64_t)m->loc_offset);
	v_int(&v[3], m->time_ns);
	v_int(&v[4], m->time_prec);
	v_daddr(&v[5], m->addr_family, m->src_addr, m->src);
	v_opt(&v[6], m->sport);
	v_daddr(&v[7], m->addr_family, m->dst_addr, m->dst);
	v_opt(&v[8], m->dport);
	v_text(&v[9], m->transport);
	v_text(&v[10], m->server);
	v_opt(&v[11], m->dns_id);
	v_int(&v[12], m->qr > 0 ? 1 : 0);
	v_opt(&v[13], m->opcode);
	v_opt(&v[14], m->flags);
	v_opt(&v[15], m->rcode);
	v_text(&v[16], m->qname);
	v_blob(&v[17], m->qname_wire, m->qname_wire_len);
	v_opt(&v[18], m->qtype);
	v_opt(&v[19], m->qclass);
	v_opt(&v[20], m->qdcount);
	v_opt(&v[21], m->ancount);
	v_opt(&v[22], m->nscount);
	v_opt(&v[23], m->arcount);
	v_opt(&v[24], m->edns_udp);
	v_opt(&v[25], m->edns_do);
	v_text(&v[26], m->ecs);
	v_text(&v[27], m->log_flags);
	v[28].t = DV_NULL; /* response_loc, set later by a pairing parser */

	/* The msg row. */
	msg_id = s->next_dns_id;
	v_int(&row[0], msg_id);
	row[1] = v[0];
	v_int(&row[2], s->qname_id);
	row[3] = v[12];
	row[4] = v[3];
	v_saddr(&row[5], m->addr_family, m->src_addr, m->src, sbuf);
	v_saddr(&row[6], m->addr_family, m->dst_addr, m->dst, dbuf);
	v_u16(&row[7], m->sport);
	v_u16(&row[8], m->dport);
	v_u16(&row[9], m->dns_id);
	v_int(&row[10], (int64_t)h);
	row[11] = v[1];
	row[12] = v[2];
	v_id(&row[13], server);
	v_id(&row[14], opt_i >= 0 ? opt : -1);
	if (s->xbuf.len > 0)
		v_text(&row[15], s->xbuf.data);
	else
		row[15].t = DV_NULL;
	row[16].t = DV_NULL; /* rl: last, see write_held() */
	if ((rc = queue_op(s, OP_MSG, row, 17, err)) != CUSTODY_OK)
		return rc;
	/* where it sits, for custody_sink_dns_open */
	s->last_dns_off = s->last_op_off;
	s->last_dns_len = s->last_op_len;
	s->last_dns_gen = s->last_op_gen;
	s->last_dns_loc = (int64_t)m->loc_index;
	s->next_dns_id++;
	custody_dstream_row(s->ds, DT_DNS, v + 1, 28);
	s->last_dns_id = msg_id;

	/* Its records: rr rows (but the OPT record its row holds), and the
	 * canonical fields of each for the digest. */
	v_int(&row[0], msg_id);
	for (i = 0; i < m->n_rr; i++) {
		const struct custody_dns_rr *rr = &m->rr[i];

		v_int(&a[0], (int64_t)m->loc_index);
		v_int(&a[1], (int64_t)m->loc_offset);
		v_int(&a[2], rr->section);
		v_int(&a[3], (int64_t)i);
		v_text(&a[4], rr->name != NULL ? rr->name : "");
		v_int(&a[5], rr->type);
		v_int(&a[6], rr->cls);
		v_int(&a[7], rr->ttl);
		v_text(&a[8], rr->rdata);
		v_blob(&a[9], rr->rdata_raw, rr->rdata_raw_len);
		custody_dstream_row(s->ds, DT_ANSWER, a, 10);
		if ((long)i == opt_i)
			continue;
		row[1] = a[3];
		row[2] = a[2];
		v_int(&row[3], s->rr_name[i]);
		row[4] = a[5];
		row[5] = a[6];
		row[6] = a[7];
		if (s->rr_rdata[i] >= 0)
			v_int(&row[7], s->rr_rdata[i]);
		else if (rr->type == 1)
			v_addr(&row[7], rr->rdata);
		else
			v_text(&row[7], rr->rdata);
		row[8] = a[9];
		if ((rc = queue_op(s, OP_RR, row, 9, err)) != CUSTODY_OK)
			return rc;
	}
	s->records++;
	s->dns_messages++;
	see_time(s, m->time_ns);
	/* Behind messages held back, it waits its turn. */
	if (s->n_held > s->held_head)
		(void)hold_last(s, true);
	return CUSTODY_OK;
}

void
custody_sink_in_order(struct custody_sink *s)
{
	custody_dstream_in_order(s->ds);
}

int64_t
custody_sink_last_dns_id(const struct custody_sink *s)
{
	return s->last_dns_id;
}

void
custody_sink_dns_open(struct custody_sink *s, int64_t msg_id)
{
	struct held *h;

	if (msg_id != s->last_dns_id)
		return;
	custody_dstream_open(s->ds, msg_id);
	/* Hold its statements (the message's and its records') back: they
	 * are at the end of the queue already, or still in the batch. */
	if (s->n_held > s->held_head &&
	    (h = &s->held[s->n_held - 1])->id == msg_id)
		h->ready = false;
	else
		(void)hold_last(s, false);
}

void
custody_sink_dns_final(struct custody_sink *s, int64_t msg_id)
{
	struct held *h = find_held(s, msg_id);

	custody_dstream_close(s->ds, msg_id);
	if (h != NULL) {
		h->ready = true;
		/* a failure here is the writer's, and returned by the next call */
		(void)release_held(s, false, NULL);
	}
}

enum custody_code
custody_sink_dns_response(struct custody_sink *s, int64_t msg_id,
    uint64_t response_loc, struct custody_error *err)
{
	struct custody_dval v[2];
	struct held *h = find_held(s, msg_id);

	custody_dstream_set_last(s->ds, msg_id, (int64_t)response_loc);
	if (h != NULL) {
		h->rl = (int64_t)response_loc - h->loc_index;
		h->ready = true;
		return release_held(s, false, err);
	}
	memset(v, 0, sizeof(v));
	v_int(&v[0], (int64_t)response_loc);
	v_int(&v[1], msg_id);
	return queue_op(s, OP_PAIR, v, 2, err);
}

enum custody_code
custody_sink_flow(struct custody_sink *s, const struct custody_flow_record *f,
    struct custody_error *err)
{
	struct custody_dval v[18], row[19];
	char sbuf[46], dbuf[46];
	enum custody_code rc;

	memset(v, 0, sizeof(v));
	v_int(&v[0], s->evidence_id);
	v_int(&v[1], (int64_t)f->loc_index);
	v_int(&v[2], (int64_t)f->loc_offset);
	v_text(&v[3], f->proto);
	v_daddr(&v[4], f->addr_family, f->src_addr, f->src);
	v_int(&v[5], f->sport);
	v_daddr(&v[6], f->addr_family, f->dst_addr, f->dst);
	v_int(&v[7], f->dport);
	v_int(&v[8], f->first_ns);
	v_int(&v[9], f->last_ns);
	v_int(&v[10], (int64_t)f->packets);
	v_int(&v[11], (int64_t)f->bytes_fwd);
	v_int(&v[12], (int64_t)f->bytes_rev);
	v_int(&v[13], f->syn);
	v_int(&v[14], f->synack);
	v_int(&v[15], f->rst);
	v_int(&v[16], f->fin);
	v_int(&v[17], f->established);
	memset(row, 0, sizeof(row));
	if (f->first_msg_id >= s->first_dns_id &&
	    f->first_msg_id < s->next_dns_id && strcmp(f->proto, "udp") == 0 &&
	    !f->syn && !f->synack && !f->rst && !f->fin && !f->established) {
		/* A UDP exchange: its first packet is that message, which gives
		 * the locator, time, addresses and ports (the parser says so). */
		v_int(&row[0], f->first_msg_id);
		v_int(&row[1], f->last_ns - f->first_ns);
		row[2] = v[10];
		row[3] = v[11];
		row[4] = v[12];
		rc = queue_op(s, OP_UFLOW, row, 5, err);
	} else {
		v_int(&row[0], s->next_flow_id++);
		memcpy(row + 1, v, 5 * sizeof(v[0]));
		v_saddr(&row[5], f->addr_family, f->src_addr, f->src, sbuf);
		row[6] = v[5];
		v_saddr(&row[7], f->addr_family, f->dst_addr, f->dst, dbuf);
		row[8] = v[7];
		row[9] = v[8];
		v_int(&row[10], f->last_ns - f->first_ns);
		memcpy(row + 11, v + 10, 8 * sizeof(v[0]));
		rc = queue_op(s, OP_FLW, row, 19, err);
	}
	if (rc != CUSTODY_OK)
		return rc;
	custody_dstream_row(s->ds, DT_FLOW, v + 1, 17);
	s->records++;
	see_time(s, f->first_ns);
	see_time(s, f->last_ns);
	return CUSTODY_OK;
}

enum custody_code
custody_sink_orgmap(struct custody_sink *s,
    const struct custody_orgmap_record *o, struct custody_error *err)
{
	struct custody_dval v[11];
	size_t alen = o->family == 6 ? 16 : 4;
	enum custody_code rc;

	memset(v, 0, sizeof(v));
	v_int(&v[0], s->evidence_id);
	v_int(&v[1], (int64_t)o->loc_index);
	v_int(&v[2], (int64_t)o->loc_offset);
	v_text(&v[3], o->cidr);
	v_int(&v[4], o->family);
	v_blob(&v[5], o->net_lo, alen);
	v_blob(&v[6], o->net_hi, alen);
	v_text(&v[7], o->org);
	v_text(&v[8], o->source);
	v_text(&v[9], o->valid_from);
	v_text(&v[10], o->valid_until);
	if ((rc = queue_op(s, OP_ORG, v, 11, err)) != CUSTODY_OK)
		return rc;
	custody_dstream_row(s->ds, DT_ORGMAP, v + 1, 10);
	s->records++;
	return CUSTODY_OK;
}

enum custody_code
custody_sink_timeline(struct custody_sink *s,
    const struct custody_timeline_record *t, struct custody_error *err)
{
	struct custody_dval v[7];
	enum custody_code rc;

	memset(v, 0, sizeof(v));
	v_int(&v[0], s->evidence_id);
	v_int(&v[1], (int64_t)t->loc_index);
	v_int(&v[2], (int64_t)t->loc_offset);
	v_text(&v[3], t->date);
	v_int(&v[4], t->time_ns);
	v_text(&v[5], t->label);
	v_text(&v[6], t->source);
	if ((rc = queue_op(s, OP_TL, v, 7, err)) != CUSTODY_OK)
		return rc;
	custody_dstream_row(s->ds, DT_TIMELINE, v + 1, 6);
	s->records++;
	see_time(s, t->time_ns);
	return CUSTODY_OK;
}

/* The tables of schema 4 are not in the streamed digest (sinkdigest.c):
 * evidence with rows in them has its digest read back. */
static void
stream_later_table(struct custody_sink *s)
{
	custody_dstream_free(s->ds);
	s->ds = NULL;
}

enum custody_code
custody_sink_flow_state(struct custody_sink *s,
    const struct custody_flow_state_record *f, struct custody_error *err)
{
	struct custody_dval v[12];

	memset(v, 0, sizeof(v));
	v_int(&v[0], s->evidence_id);
	v_int(&v[1], (int64_t)f->loc_index);
	v_int(&v[2], (int64_t)f->loc_offset);
	v_text(&v[3], f->uid);
	v_text(&v[4], f->service);
	v_text(&v[5], f->conn_state);
	v_text(&v[6], f->history);
	v_opt(&v[7], f->orig_pkts);
	v_opt(&v[8], f->orig_ip_bytes);
	v_opt(&v[9], f->resp_pkts);
	v_opt(&v[10], f->resp_ip_bytes);
	v_opt(&v[11], f->missed_bytes);
	stream_later_table(s);
	return queue_op(s, OP_FSTATE, v, 12, err);
}

enum custody_code
custody_sink_pdns(struct custody_sink *s, const struct custody_pdns_record *p,
    struct custody_error *err)
{
	struct custody_dval v[14];
	enum custody_code rc;

	memset(v, 0, sizeof(v));
	v_int(&v[0], s->evidence_id);
	v_int(&v[1], (int64_t)p->loc_index);
	v_int(&v[2], (int64_t)p->loc_offset);
	v_text(&v[3], p->rrname);
	v_int(&v[4], p->rrtype);
	v_text(&v[5], p->rdata);
	v_int(&v[6], p->time_first_ns);
	v_int(&v[7], p->time_last_ns);
	v_opt(&v[8], p->count);
	v_text(&v[9], p->bailiwick);
	v_text(&v[10], p->sensor_id);
	v_opt(&v[11], p->zone_time_first_ns);
	v_opt(&v[12], p->zone_time_last_ns);
	v_text(&v[13], p->origin);
	stream_later_table(s);
	if ((rc = queue_op(s, OP_PDNS, v, 14, err)) != CUSTODY_OK)
		return rc;
	s->records++;
	see_time(s, p->time_first_ns);
	see_time(s, p->time_last_ns);
	return CUSTODY_OK;
}

/* A name of the sink's text (see struct skip_reason). */
static inline const char *
text_at(const struct custody_sink *s, size_t off)
{
	return s->text.data + off;
}

/* Adds str, NUL and all, to the sink's text; false when it is full. */
static bool
text_add(struct custody_sink *s, const char *str, size_t *off)
{
	*off = s->text.len;
	return custody_buf_add(&s->text, str, strlen(str) + 1) == CUSTODY_OK;
}

/* Appends the name at off as a JSON string. */
static void
json_name(struct custody_buf *b, const struct custody_sink *s, size_t off)
{
	custody_buf_json_str(b, text_at(s, off), strlen(text_at(s, off)));
}

static struct skip_reason *
skip_reason(const struct custody_sink *s, const char *reason)
{
	size_t i;

	for (i = 0; i < s->n_skips; i++)
		if (strcmp(text_at(s, s->skips[i].reason), reason) == 0)
			return &s->skips[i];
	return NULL;
}

bool
custody_sink_skip_listed(const struct custody_sink *s, const char *reason)
{
	const struct skip_reason *r = skip_reason(s, reason);

	return r == NULL || r->n_examples < CUSTODY_MAX_SKIP_EXAMPLES;
}

void
custody_sink_skip(struct custody_sink *s, const char *reason,
    uint64_t loc_index, uint64_t loc_offset, const char *detail)
{
	struct skip_reason *r;

	s->skipped++;
	if ((r = skip_reason(s, reason)) == NULL) {
		size_t off;

		if (!grow(&s->skips, &s->skips_bytes,
		        (s->n_skips + 1) * sizeof(*r), 4 * sizeof(*r),
		        SIZE_MAX) ||
		    !text_add(s, reason, &off))
			return;
		r = &s->skips[s->n_skips];
		/* a slot a past parse used keeps its example list */
		if (s->n_skips == s->skips_made) {
			custody_buf_init(&r->examples, 64 * 1024);
			s->skips_made++;
		}
		custody_buf_reset(&r->examples);
		r->reason = off;
		r->count = 0;
		r->n_examples = 0;
		s->n_skips++;
	}
	r->count++;
	if (r->n_examples < CUSTODY_MAX_SKIP_EXAMPLES) {
		if (r->n_examples > 0)
			custody_buf_addstr(&r->examples, ",");
		custody_buf_int(
		    &r->examples, "{\"index\":", (long long)loc_index);
		custody_buf_int(
		    &r->examples, ",\"offset\":", (long long)loc_offset);
		if (detail != NULL) {
			custody_buf_addstr(&r->examples, ",\"detail\":");
			custody_buf_json_str(
			    &r->examples, detail, strlen(detail));
		}
		custody_buf_addstr(&r->examples, "}");
		r->n_examples++;
	}
}

void
custody_sink_count(struct custody_sink *s, const char *name, int64_t add)
{
	struct named_count *p;
	size_t i;

	for (i = 0; i < s->n_counts; i++)
		if (strcmp(text_at(s, s->counts[i].name), name) == 0) {
			s->counts[i].value += add;
			return;
		}
	/* a parse has a dozen or so: grown by doubling, not one by one */
	if (!grow(&s->counts, &s->counts_bytes, (s->n_counts + 1) * sizeof(*p),
	        8 * sizeof(*p), SIZE_MAX))
		return;
	p = s->counts;
	if (!text_add(s, name, &p[s->n_counts].name))
		return;
	p[s->n_counts++].value = add;
}

void
custody_sink_note(struct custody_sink *s, const char *key, const char *value)
{
	struct named_note *p;

	if (!grow(&s->notes, &s->notes_bytes, (s->n_notes + 1) * sizeof(*p),
	        4 * sizeof(*p), SIZE_MAX))
		return;
	p = s->notes;
	if (text_add(s, key, &p[s->n_notes].key) &&
	    text_add(s, value, &p[s->n_notes].value))
		s->n_notes++;
}

int64_t
custody_sink_records(const struct custody_sink *s)
{
	return s->records;
}

int64_t
custody_sink_dns_messages(const struct custody_sink *s)
{
	return s->dns_messages;
}

int64_t
custody_sink_skipped(const struct custody_sink *s)
{
	return s->skipped;
}

char *
custody_sink_summary_json(const struct custody_sink *s)
{
	struct custody_buf b;
	size_t i;

	custody_buf_init(&b, CUSTODY_MAX_JSON / 2);
	custody_buf_int(&b, "{\"records\":", (long long)s->records);
	custody_buf_int(&b, ",\"dns_messages\":", (long long)s->dns_messages);
	for (i = 0; i < s->n_counts; i++) {
		custody_buf_addstr(&b, ",");
		json_name(&b, s, s->counts[i].name);
		custody_buf_int(&b, ":", (long long)s->counts[i].value);
	}
	if (s->n_notes > 0) {
		custody_buf_addstr(&b, ",\"notes\":{");
		for (i = 0; i < s->n_notes; i++) {
			if (i > 0)
				custody_buf_addstr(&b, ",");
			json_name(&b, s, s->notes[i].key);
			custody_buf_addstr(&b, ":");
			json_name(&b, s, s->notes[i].value);
		}
		custody_buf_addstr(&b, "}");
	}
	custody_buf_addstr(&b, ",\"skipped\":{");
	for (i = 0; i < s->n_skips; i++) {
		if (i > 0)
			custody_buf_addstr(&b, ",");
		json_name(&b, s, s->skips[i].reason);
		custody_buf_int(&b, ":", (long long)s->skips[i].count);
	}
	custody_buf_addstr(&b, "},\"skipped_examples\":{");
	for (i = 0; i < s->n_skips; i++) {
		if (i > 0)
			custody_buf_addstr(&b, ",");
		json_name(&b, s, s->skips[i].reason);
		custody_buf_printf(&b, ":[%s]",
		    s->skips[i].examples.data != NULL
		        ? s->skips[i].examples.data
		        : "");
	}
	if (custody_buf_addstr(&b, "}}") != CUSTODY_OK) {
		/* Over the cap: keep the counts, drop the examples. */
		custody_buf_release(&b);
		custody_buf_init(&b, CUSTODY_MAX_JSON);
		custody_buf_printf(&b,
		    "{\"records\":%lld,\"dns_messages\":%lld,\"skipped_total\":%lld}",
		    (long long)s->records, (long long)s->dns_messages,
		    (long long)s->skipped);
	}
	return b.data;
}

static void *
digest_main(void *arg)
{
	struct custody_sink *s = arg;

	s->drc = custody_dstream_digest(s->ds, s->dout, NULL);
	return NULL;
}

static void
join_digester(struct custody_sink *s)
{
	if (s->digesting) {
		pthread_join(s->digester, NULL);
		s->digesting = false;
	}
}

enum custody_code
custody_sink_finish(struct custody_sink *s, struct custody_error *err)
{
	sqlite3_stmt *st;
	enum custody_code rc;
	char *summary;

	rc = flush(s, err);
	stop_writer(s);
	s->bulk = SINK_NEVER; /* the indexes are built once */
	if (s->digest_only)   /* no evidence row, so no summary to write */
		return rc;
	/* The streamed digest needs no database: its runs are merged and
	 * hashed on a thread of their own while SQLite builds the indexes. */
	if (rc == CUSTODY_OK && s->ds != NULL && s->n_deferred > 0 &&
	    pthread_create(&s->digester, NULL, digest_main, s) == 0)
		s->digesting = true;
	if (rc != CUSTODY_OK || (rc = restore_indexes(s, err)) != CUSTODY_OK)
		return rc;
	if (s->st_ev == NULL &&
	    (rc = custody_db_prepare(s->db,
	         "UPDATE evidence SET records = ?, summary = ?, time_first_ns = ?, time_last_ns = ?"
	         " WHERE id = ?",
	         &s->st_ev, err)) != CUSTODY_OK)
		return rc;
	if ((summary = custody_sink_summary_json(s)) == NULL)
		return custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
	st = s->st_ev;
	sqlite3_bind_int64(st, 1, s->records);
	sqlite3_bind_text(st, 2, summary, -1, SQLITE_STATIC);
	if (s->have_time) {
		sqlite3_bind_int64(st, 3, s->tmin);
		sqlite3_bind_int64(st, 4, s->tmax);
	}
	sqlite3_bind_int64(st, 5, s->evidence_id);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = custody_fail_sqlite(err, s->db, "updating evidence");
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	free(summary);
	return rc;
}

/* ------------------------------------------------------------ parse digest */

enum custody_code
custody_sink_digest(
    struct custody_sink *s, char out[65], struct custody_error *err)
{
	enum custody_code rc;

	/* Every row is stored, or the writer's failure is the answer. */
	if ((rc = flush(s, err)) != CUSTODY_OK)
		return rc;
	rc = CUSTODY_ERR_LIMIT;
	if (s->digesting) {
		join_digester(s);
		rc = s->drc;
		if (rc == CUSTODY_OK)
			memcpy(out, s->dout, 65);
	} else if (s->ds != NULL) {
		rc = custody_dstream_digest(s->ds, out, NULL);
	}
	custody_dstream_free(s->ds);
	s->ds = NULL;
	if (rc == CUSTODY_OK)
		return CUSTODY_OK;
	if (s->digest_only)
		return custody_fail(err, CUSTODY_ERR_LIMIT,
		    "the parse digest was not streamed, and no rows were stored to read it from");
	return custody_parse_digest(s->db, s->evidence_id, out, err);
}
