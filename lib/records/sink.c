/*
 * sink.c: struct custody_sink, the one way parsers write records, and the
 * parse digest: computed as the rows go in (custody_sink_digest, through
 * lib/records/sinkdigest.c) and, as the reference verify uses on a case, read back
 * from the rows (custody_parse_digest).
 *
 * The parse digest of an evidence item is SHA-256 over the canonical text
 * of its records: for each record table in record_tables[] order, every row
 * of that evidence as one line, fields in schema order (all columns but
 * those in skip_columns[], which are row ids that differ between
 * databases), tab-separated, rows sorted by every field in that order
 * (locator first). Field text: integers in decimal, NULL as \N, text with
 * backslash, tab, newline and carriage return escaped as \\ \t \n \r,
 * blobs as lower-case hex. Each table's section starts with a line
 * "#table NAME". Same bytes + same parser version => same digest.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "internal.h"
#include "sinkdigest.h"

static const char *const record_tables[] = { "dns_message", "dns_answer", "flow", "orgmap",
	"timeline", NULL };
/* Record tables of schema 4 and later: in the canonical text after those
 * above, each only when the evidence has rows in it, so that no parse
 * digest made before them changes. */
static const char *const later_tables[] = { "flow_state", "pdns", NULL };
static const char *const skip_columns[] = { "id", "evidence_id", "message_id", NULL };

struct skip_reason {
	char *reason;
	int64_t count;
	struct custody_buf examples; /* JSON array members */
	int n_examples;
};

struct named_count {
	char *name;
	int64_t value;
};

struct named_note {
	char *key, *value;
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
 */
#define BATCH_BYTES (1u << 20)

/*
 * A query that may still be answered is not written at once: its
 * statements wait here until the response names it (then it is written
 * with its response_loc, where an UPDATE per answered query used to cost
 * the writer 5 % of a capture's ingest) or until it is final. Bounded:
 * past HELD_BYTES or HELD_MAX the oldest is written as it is, and its
 * response, if any comes, is an UPDATE as before.
 */
#define HELD_BYTES (2u << 20)
#define HELD_MAX   32768u

struct held {
	int64_t id;
	uint32_t off, len, dns_len; /* in held_buf; dns_len: the message's own statement */
	bool done;
};

enum sink_op { OP_DNS, OP_RR, OP_FLOW, OP_ORG, OP_TL, OP_PAIR, OP_FSTATE, OP_PDNS, OP_N };

struct batch {
	uint8_t *p;
	size_t len;
};

struct custody_sink {
	sqlite3 *db;
	struct batch batch[2];
	int cur; /* the batch being filled */
	pthread_t writer;
	bool threaded, stopping, busy;
	struct batch *pending;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct custody_error werr; /* the writer's first failure */
	enum custody_code wrc;     /* written by the writer only */
	enum custody_code mrc;     /* the parser's copy, taken under mu */
	int64_t next_dns_id;
	size_t last_op_off, last_op_len; /* the statement queue_op added last */
	uint64_t last_op_gen;   /* batch_gen then; UINT64_MAX: run at once */
	size_t last_dns_off, last_dns_len; /* the same, for the last message's */
	uint64_t last_dns_gen;
	uint64_t batch_gen;     /* counts hand-overs of the batch being filled */
	struct held *held;      /* by id, oldest first, [held_head, n_held) live */
	size_t n_held, held_head;
	uint8_t *held_buf;
	size_t held_used;
	pthread_t digester; /* the streamed digest, while the indexes are built */
	bool digesting;
	enum custody_code drc;
	char dout[65];
	struct deferred_index *deferred;
	size_t n_deferred;
	struct custody_dstream *ds; /* the digest as rows go in; NULL: read back */
	int64_t evidence_id;
	sqlite3_stmt *st[OP_N];
	int64_t last_dns_id;
	int64_t records, dns_messages, skipped;
	int64_t tmin, tmax;
	bool have_time;
	struct skip_reason *skips;
	size_t n_skips;
	struct named_count *counts;
	size_t n_counts;
	struct named_note *notes;
	size_t n_notes;
	void (*progress)(uint64_t offset, void *arg); /* how far the parse is */
	void *progress_arg;
};

void
custody_sink_set_progress(struct custody_sink *s, void (*fn)(uint64_t offset, void *arg),
    void *arg)
{
	s->progress = fn;
	s->progress_arg = arg;
}

static const char SQL_DNS[] =
    "INSERT INTO dns_message(evidence_id, loc_index, loc_offset, time_ns, time_prec, src, sport,"
    " dst, dport, transport, server, dns_id, qr, opcode, flags, rcode, qname, qname_wire, qtype,"
    " qclass, qdcount, ancount, nscount, arcount, edns_udp, edns_do, ecs, log_flags, id,"
    " response_loc)"
    " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,"
    "?23,?24,?25,?26,?27,?28,?29,?30)";
static const char SQL_RR[] =
    "INSERT INTO dns_answer(evidence_id, loc_index, loc_offset, message_id, section, idx, name,"
    " type, class, ttl, rdata, rdata_raw) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)";
static const char SQL_FLOW[] =
    "INSERT INTO flow(evidence_id, loc_index, loc_offset, proto, src, sport, dst, dport,"
    " first_ns, last_ns, packets, bytes_fwd, bytes_rev, syn, synack, rst, fin, established)"
    " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18)";
static const char SQL_PAIR[] = "UPDATE dns_message SET response_loc = ?1 WHERE id = ?2";
static const char SQL_ORG[] =
    "INSERT INTO orgmap(evidence_id, loc_index, loc_offset, cidr, family, net_lo, net_hi, org,"
    " source, valid_from, valid_until) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)";
static const char SQL_TL[] =
    "INSERT INTO timeline(evidence_id, loc_index, loc_offset, date, time_ns, label, source)"
    " VALUES (?1,?2,?3,?4,?5,?6,?7)";
static const char SQL_FSTATE[] =
    "INSERT INTO flow_state(evidence_id, loc_index, loc_offset, uid, service, conn_state, history,"
    " orig_pkts, orig_ip_bytes, resp_pkts, resp_ip_bytes, missed_bytes)"
    " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)";
static const char SQL_PDNS[] =
    "INSERT INTO pdns(evidence_id, loc_index, loc_offset, rrname, rrtype, rdata, time_first_ns,"
    " time_last_ns, count, bailiwick, sensor_id, zone_time_first_ns, zone_time_last_ns, origin)"
    " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)";
static const char *const op_sql[OP_N] = { SQL_DNS, SQL_RR, SQL_FLOW, SQL_ORG, SQL_TL, SQL_PAIR,
	SQL_FSTATE, SQL_PDNS };
static const char *const op_what[OP_N] = { "storing a DNS message", "storing a DNS record",
	"storing a flow", "storing an orgmap row", "storing a timeline event",
	"pairing a DNS response", "storing a flow's state", "storing a passive DNS row" };

/*
 * Index maintenance, row by row, is most of the cost of a large parse: an
 * index on (qname, time) or (src, time) takes each new row at a random
 * place, and once the index outgrows the page cache every insert reads and
 * writes pages. Inside a transaction the sink drops the record tables'
 * indexes and builds them again, from their own CREATE INDEX text, at
 * custody_sink_finish(): one sort per index. The schema is the same after
 * the commit; a kill before it rolls the drop back with the rest.
 */
/* An index whose leading column grows with each new row (the evidence id
 * of the rows being added, a message id) takes them at its right edge,
 * which costs little: it stays. Others are rebuilt after the load, unless
 * the table already holds so many rows that sorting them all again would
 * cost more than the random inserts (DEFER_MAX_ROWS, measured: a second
 * 1M-packet capture costs about the same either way). */
#define DEFER_MAX_ROWS 1000000

static bool
defer_this(sqlite3 *db, const char *table, const char *name)
{
	sqlite3_stmt *st;
	bool defer = true;
	char *sql = sqlite3_mprintf("SELECT coalesce(max(id), 0) FROM \"%w\"", table);

	if (sql == NULL || sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		sqlite3_free(sql);
		return false;
	}
	sqlite3_free(sql);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 0) > DEFER_MAX_ROWS)
		defer = false;
	sqlite3_finalize(st);
	if (!defer)
		return false;

	if (sqlite3_prepare_v2(db, "SELECT name FROM pragma_index_info(?) WHERE seqno = 0", -1,
		&st, NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *col = (const char *)sqlite3_column_text(st, 0);

		defer = col == NULL ||
		    (strcmp(col, "evidence_id") != 0 && strcmp(col, "message_id") != 0);
	}
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
		 " AND tbl_name IN ('dns_message', 'dns_answer', 'flow', 'orgmap', 'timeline',"
		 " 'flow_state', 'pdns')"
		 " ORDER BY tbl_name, name",
		 &st, err)) != CUSTODY_OK)
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		const char *sql = (const char *)sqlite3_column_text(st, 1);
		const char *table = (const char *)sqlite3_column_text(st, 2);
		struct deferred_index *p;

		if (name == NULL || sql == NULL || table == NULL || !defer_this(s->db, table, name))
			continue;
		p = realloc(s->deferred, (s->n_deferred + 1) * sizeof(*p));
		if (p == NULL) {
			sqlite3_finalize(st);
			return custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
		}
		s->deferred = p;
		p[s->n_deferred].name = strdup(name);
		p[s->n_deferred].sql = strdup(sql);
		if (p[s->n_deferred].name == NULL || p[s->n_deferred].sql == NULL) {
			free(p[s->n_deferred].name);
			free(p[s->n_deferred].sql);
			sqlite3_finalize(st);
			return custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
		}
		s->n_deferred++;
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return custody_fail_sqlite(err, s->db, "listing indexes");
	for (i = 0; i < s->n_deferred; i++) {
		char *sql = sqlite3_mprintf("DROP INDEX \"%w\"", s->deferred[i].name);

		if (sql == NULL)
			return custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
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
	if (s->n_deferred > 0)
		(void)custody_db_exec(s->db, "PRAGMA threads = 2; PRAGMA cache_size = -2048", NULL);
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

static size_t
op_size(const struct custody_dval *v, size_t n)
{
	size_t i, need = 2;

	for (i = 0; i < n; i++)
		need += 1 + (v[i].t == DV_INT ? 8 : v[i].t == DV_NULL ? 0 : 4 + v[i].n);
	return need;
}

static void
op_encode(uint8_t *p, enum sink_op op, const struct custody_dval *v, size_t n)
{
	size_t i;
	uint32_t len;

	*p++ = (uint8_t)op;
	*p++ = (uint8_t)n;
	for (i = 0; i < n; i++) {
		*p++ = (uint8_t)v[i].t;
		switch (v[i].t) {
		case DV_NULL:
			break;
		case DV_INT:
			memcpy(p, &v[i].i, 8);
			p += 8;
			break;
		case DV_TEXT:
		case DV_BLOB:
			len = (uint32_t)v[i].n;
			memcpy(p, &len, 4);
			if (len > 0)
				memcpy(p + 4, v[i].p, len);
			p += 4 + len;
			break;
		}
	}
}

static void
bind_vals(sqlite3_stmt *st, const struct custody_dval *v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		switch (v[i].t) {
		case DV_NULL:
			sqlite3_bind_null(st, i + 1);
			break;
		case DV_INT:
			sqlite3_bind_int64(st, i + 1, v[i].i);
			break;
		case DV_TEXT:
			sqlite3_bind_text(st, i + 1, v[i].p, (int)v[i].n, SQLITE_STATIC);
			break;
		case DV_BLOB:
			sqlite3_bind_blob(st, i + 1, v[i].p, (int)v[i].n, SQLITE_STATIC);
			break;
		}
}

static enum custody_code
run_one(struct custody_sink *s, enum sink_op op, const struct custody_dval *v, size_t n,
    struct custody_error *err)
{
	sqlite3_stmt *st = s->st[op];
	int rc;

	bind_vals(st, v, (int)n);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return custody_fail_sqlite(err, s->db, op_what[op]);
	return CUSTODY_OK;
}

/* Runs the statements of one batch, in order (the values point into it). */
static enum custody_code
run_batch(struct custody_sink *s, const struct batch *b, struct custody_error *err)
{
	struct custody_dval v[32];
	const uint8_t *p = b->p, *end = b->p + b->len;
	enum custody_code rc;
	uint32_t len;
	size_t i, n;

	while (p < end) {
		enum sink_op op = (enum sink_op)*p++;

		n = *p++;
		for (i = 0; i < n; i++) {
			v[i].t = (enum custody_dval_type)*p++;
			switch (v[i].t) {
			case DV_NULL:
				break;
			case DV_INT:
				memcpy(&v[i].i, p, 8);
				p += 8;
				break;
			case DV_TEXT:
			case DV_BLOB:
				memcpy(&len, p, 4);
				v[i].p = p + 4;
				v[i].n = len;
				p += 4 + len;
				break;
			}
		}
		if ((rc = run_one(s, op, v, n, err)) != CUSTODY_OK)
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
		return s->mrc == CUSTODY_OK ? CUSTODY_OK : writer_failed(s, err);
	if (!s->threaded) {
		if (s->wrc == CUSTODY_OK)
			s->wrc = run_batch(s, b, &s->werr);
		b->len = 0;
		s->batch_gen++;
		s->mrc = s->wrc;
		return s->mrc == CUSTODY_OK ? CUSTODY_OK : writer_failed(s, err);
	}
	wait_idle(s);
	if (s->mrc != CUSTODY_OK) {
		b->len = 0;
		return writer_failed(s, err);
	}
	pthread_mutex_lock(&s->mu);
	s->pending = b;
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	s->cur ^= 1;
	s->batch_gen++;
	return CUSTODY_OK;
}

static enum custody_code release_held(struct custody_sink *s, size_t upto,
    struct custody_error *err);

/* Every statement queued or held so far is run; the database is the
 * caller's. */
static enum custody_code
flush(struct custody_sink *s, struct custody_error *err)
{
	enum custody_code rc = release_held(s, s->n_held, err);

	if (rc == CUSTODY_OK)
		rc = submit(s, err);

	wait_idle(s);
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
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->cv);
	s->threaded = false;
}

/* Queues one statement. One that would not fit in an empty batch (a very
 * long text field) is run at once, after everything queued before it. */
static enum custody_code
queue_op(struct custody_sink *s, enum sink_op op, const struct custody_dval *v, size_t n,
    struct custody_error *err)
{
	size_t need = op_size(v, n);
	struct batch *b = &s->batch[s->cur];
	enum custody_code rc;

	if (s->mrc != CUSTODY_OK)
		return writer_failed(s, err);
	if (need > BATCH_BYTES) {
		s->last_op_gen = UINT64_MAX;
		if ((rc = flush(s, err)) != CUSTODY_OK)
			return rc;
		return run_one(s, op, v, n, err);
	}
	if (b->len + need > BATCH_BYTES) {
		if ((rc = submit(s, err)) != CUSTODY_OK)
			return rc;
		b = &s->batch[s->cur];
	}
	op_encode(b->p + b->len, op, v, n);
	s->last_op_off = b->len;
	s->last_op_len = need;
	s->last_op_gen = s->batch_gen;
	b->len += need;
	return CUSTODY_OK;
}

/* Appends statements already encoded (held ones) to the batch. */
static enum custody_code
queue_raw(struct custody_sink *s, const uint8_t *p, size_t n, struct custody_error *err)
{
	struct batch *b = &s->batch[s->cur];
	enum custody_code rc;

	if (b->len + n > BATCH_BYTES) {
		if ((rc = submit(s, err)) != CUSTODY_OK)
			return rc;
		b = &s->batch[s->cur];
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
	return CUSTODY_OK;
}

/* Writes held query h, with its response_loc when loc >= 0: the
 * message's statement ends with the response_loc value, NULL as held. */
static enum custody_code
write_held(struct custody_sink *s, struct held *h, int64_t loc, struct custody_error *err)
{
	const uint8_t *p = s->held_buf + h->off;
	struct batch *b = &s->batch[s->cur];
	enum custody_code rc;
	uint8_t *q;

	h->done = true;
	if (loc < 0)
		return queue_raw(s, p, h->len, err);
	/* in one piece: a batch holds whole statements only */
	if (b->len + h->len + 8 > BATCH_BYTES) {
		if ((rc = submit(s, err)) != CUSTODY_OK)
			return rc;
		b = &s->batch[s->cur];
	}
	q = b->p + b->len;
	memcpy(q, p, h->dns_len - 1);
	q += h->dns_len - 1;
	*q++ = DV_INT;
	memcpy(q, &loc, 8);
	q += 8;
	memcpy(q, p + h->dns_len, h->len - h->dns_len);
	b->len += h->len + 8;
	return CUSTODY_OK;
}

/* Drops written entries from the front and reclaims their octets: when
 * half of them are dead, or at once when forced. */
static void
held_compact(struct custody_sink *s, bool force)
{
	size_t i, off;

	while (s->held_head < s->n_held && s->held[s->held_head].done)
		s->held_head++;
	if (s->held_head == s->n_held) {
		s->held_head = s->n_held = 0;
		s->held_used = 0;
		return;
	}
	if (!force && s->held_head < s->n_held / 2 && s->held[s->held_head].off < s->held_used / 2)
		return;
	off = s->held[s->held_head].off;
	memmove(s->held_buf, s->held_buf + off, s->held_used - off);
	s->held_used -= off;
	memmove(s->held, s->held + s->held_head, (s->n_held - s->held_head) * sizeof(*s->held));
	s->n_held -= s->held_head;
	s->held_head = 0;
	for (i = 0; i < s->n_held; i++)
		s->held[i].off -= (uint32_t)off;
}

/* Writes, as they are, the held entries before index upto. */
static enum custody_code
release_held(struct custody_sink *s, size_t upto, struct custody_error *err)
{
	enum custody_code rc = CUSTODY_OK;
	size_t i;

	for (i = s->held_head; i < upto && rc == CUSTODY_OK; i++)
		if (!s->held[i].done)
			rc = write_held(s, &s->held[i], -1, err);
	held_compact(s, false);
	return rc;
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
	if (lo < s->n_held && s->held[lo].id == id && !s->held[lo].done)
		return &s->held[lo];
	return NULL;
}

enum custody_code
custody_sink_open(struct custody_sink **out, sqlite3 *db, int64_t evidence_id,
    struct custody_error *err)
{
	struct custody_sink *s = calloc(1, sizeof(*s));
	enum custody_code rc = CUSTODY_OK;
	sqlite3_stmt *st;
	int i;

	if (s == NULL)
		return custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
	s->db = db;
	s->evidence_id = evidence_id;
	/* A parse writes many rows in one transaction: a larger page cache
	 * keeps index pages from spilling to the journal (bounded: 32 MiB). */
	(void)custody_db_exec(db, "PRAGMA cache_size = -8192", NULL);
	if ((rc = defer_indexes(s, err)) != CUSTODY_OK)
		goto fail;
	for (i = 0; i < OP_N; i++)
		if ((rc = custody_db_prepare(db, op_sql[i], &s->st[i], err)) != CUSTODY_OK)
			goto fail;
	if ((rc = custody_db_prepare(db, "SELECT coalesce(max(id), 0) FROM dns_message", &st,
		 err)) != CUSTODY_OK)
		goto fail;
	if (sqlite3_step(st) == SQLITE_ROW)
		s->next_dns_id = sqlite3_column_int64(st, 0) + 1;
	else
		rc = custody_fail_sqlite(err, db, "reading the last message id");
	sqlite3_finalize(st);
	if (rc != CUSTODY_OK)
		goto fail;
	for (i = 0; i < 2; i++)
		if ((s->batch[i].p = malloc(BATCH_BYTES)) == NULL) {
			rc = custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
			goto fail;
		}
	if ((s->held_buf = malloc(HELD_BYTES)) == NULL ||
	    (s->held = malloc(HELD_MAX * sizeof(*s->held))) == NULL) {
		rc = custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
		goto fail;
	}
	if (pthread_mutex_init(&s->mu, NULL) == 0) {
		if (pthread_cond_init(&s->cv, NULL) == 0) {
			if (pthread_create(&s->writer, NULL, writer_main, s) == 0)
				s->threaded = true;
			else
				pthread_cond_destroy(&s->cv);
		}
		if (!s->threaded)
			pthread_mutex_destroy(&s->mu);
	}
	s->ds = custody_dstream_new(db);
	*out = s;
	return CUSTODY_OK;
fail:
	custody_sink_free(s);
	return rc;
}

void
custody_sink_free(struct custody_sink *s)
{
	size_t i;

	if (s == NULL)
		return;
	/* Rows queued are stored, as if each had been written when given. */
	if (s->batch[0].p != NULL && s->held != NULL)
		(void)flush(s, NULL);
	stop_writer(s);
	join_digester(s);
	for (i = 0; i < OP_N; i++)
		sqlite3_finalize(s->st[i]);
	free(s->batch[0].p);
	free(s->batch[1].p);
	free(s->held_buf);
	free(s->held);
	custody_dstream_free(s->ds);
	for (i = 0; i < s->n_skips; i++) {
		free(s->skips[i].reason);
		custody_buf_release(&s->skips[i].examples);
	}
	free(s->skips);
	for (i = 0; i < s->n_counts; i++)
		free(s->counts[i].name);
	free(s->counts);
	for (i = 0; i < s->n_notes; i++) {
		free(s->notes[i].key);
		free(s->notes[i].value);
	}
	free(s->notes);
	for (i = 0; i < s->n_deferred; i++) {
		free(s->deferred[i].name);
		free(s->deferred[i].sql);
	}
	free(s->deferred);
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

/* Field values, set once and used twice: bound to the INSERT and added to
 * the streamed digest, so the two cannot differ. */
static void
v_int(struct custody_dval *v, int64_t x)
{
	v->t = DV_INT;
	v->i = x;
}

/* Negative means unknown: NULL. */
static void
v_opt(struct custody_dval *v, int64_t x)
{
	if (x < 0)
		v->t = DV_NULL;
	else
		v_int(v, x);
}

static void
v_text(struct custody_dval *v, const char *p)
{
	if (p == NULL) {
		v->t = DV_NULL;
		return;
	}
	v->t = DV_TEXT;
	v->p = p;
	v->n = strlen(p);
}

static void
v_blob(struct custody_dval *v, const void *p, size_t n)
{
	if (p == NULL) {
		v->t = DV_NULL;
		return;
	}
	v->t = DV_BLOB;
	v->p = p;
	v->n = n;
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

enum custody_code
custody_sink_dns(struct custody_sink *s, const struct custody_dns_record *m,
    struct custody_error *err)
{
	struct custody_dval v[29], a[12], d[10];
	enum custody_code rc;
	int64_t msg_id;
	size_t i;

	if (s->progress != NULL && (s->dns_messages & 0x3FFF) == 0)
		s->progress(m->loc_offset, s->progress_arg);
	memset(v, 0, sizeof(v));
	v_int(&v[0], s->evidence_id);
	v_int(&v[1], (int64_t)m->loc_index);
	v_int(&v[2], (int64_t)m->loc_offset);
	v_int(&v[3], m->time_ns);
	v_int(&v[4], m->time_prec);
	v_text(&v[5], m->src);
	v_opt(&v[6], m->sport);
	v_text(&v[7], m->dst);
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
	msg_id = s->next_dns_id;
	{
		struct custody_dval ins[30];

		memcpy(ins, v, 28 * sizeof(v[0]));
		v_int(&ins[28], msg_id);
		ins[29].t = DV_NULL; /* response_loc: last, see write_held() */
		if ((rc = queue_op(s, OP_DNS, ins, 30, err)) != CUSTODY_OK)
			return rc;
		/* where it sits, for custody_sink_dns_open */
		s->last_dns_off = s->last_op_off;
		s->last_dns_len = s->last_op_len;
		s->last_dns_gen = s->last_op_gen;
	}
	s->next_dns_id++;
	custody_dstream_row(s->ds, DT_DNS, v + 1, 28);
	s->last_dns_id = msg_id;
	memset(a, 0, sizeof(a));
	v_int(&a[0], s->evidence_id);
	v_int(&a[1], (int64_t)m->loc_index);
	v_int(&a[2], (int64_t)m->loc_offset);
	v_int(&a[3], msg_id);
	for (i = 0; i < m->n_rr; i++) {
		const struct custody_dns_rr *rr = &m->rr[i];

		v_int(&a[4], rr->section);
		v_int(&a[5], (int64_t)i);
		v_text(&a[6], rr->name != NULL ? rr->name : "");
		v_int(&a[7], rr->type);
		v_int(&a[8], rr->cls);
		v_int(&a[9], rr->ttl);
		v_text(&a[10], rr->rdata);
		v_blob(&a[11], rr->rdata_raw, rr->rdata_raw_len);
		if ((rc = queue_op(s, OP_RR, a, 12, err)) != CUSTODY_OK)
			return rc;
		/* Digest fields: all but evidence_id and message_id. */
		d[0] = a[1];
		d[1] = a[2];
		memcpy(&d[2], &a[4], 8 * sizeof(d[0]));
		custody_dstream_row(s->ds, DT_ANSWER, d, 10);
	}
	s->records++;
	s->dns_messages++;
	see_time(s, m->time_ns);
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
	struct batch *b = &s->batch[s->cur];
	size_t len;
	struct held *h;

	if (msg_id != s->last_dns_id)
		return;
	custody_dstream_open(s->ds, msg_id);
	/* Hold its statements (the message's and its records') back, if
	 * they are still in the batch being filled. */
	if (s->last_dns_gen != s->batch_gen || s->mrc != CUSTODY_OK)
		return;
	len = b->len - s->last_dns_off;
	if (s->n_held == HELD_MAX || s->held_used + len > HELD_BYTES)
		held_compact(s, true);
	if (s->n_held == HELD_MAX || s->held_used + len > HELD_BYTES) {
		/* Full: the oldest is written as it is, to make room for the
		 * next; this one stays in the batch (its response, if any,
		 * comes as an UPDATE). */
		(void)release_held(s, s->held_head + 1, NULL);
		return;
	}
	h = &s->held[s->n_held++];
	h->id = msg_id;
	h->off = (uint32_t)s->held_used;
	h->len = (uint32_t)len; /* the message's statement, then its records' */
	h->dns_len = (uint32_t)s->last_dns_len;
	h->done = false;
	memcpy(s->held_buf + s->held_used, b->p + s->last_dns_off, len);
	s->held_used += len;
	b->len = s->last_dns_off;
	s->last_dns_gen = UINT64_MAX;
}

void
custody_sink_dns_final(struct custody_sink *s, int64_t msg_id)
{
	struct held *h = find_held(s, msg_id);

	custody_dstream_close(s->ds, msg_id);
	if (h != NULL) {
		/* a failure here is the writer's, and returned by the next call */
		(void)write_held(s, h, -1, NULL);
		held_compact(s, false);
	}
}

enum custody_code
custody_sink_dns_response(struct custody_sink *s, int64_t msg_id, uint64_t response_loc,
    struct custody_error *err)
{
	struct custody_dval v[2];
	struct held *h = find_held(s, msg_id);
	enum custody_code rc;

	custody_dstream_set_last(s->ds, msg_id, (int64_t)response_loc);
	if (h != NULL) {
		rc = write_held(s, h, (int64_t)response_loc, err);
		held_compact(s, false);
		return rc;
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
	struct custody_dval v[18];
	enum custody_code rc;

	memset(v, 0, sizeof(v));
	v_int(&v[0], s->evidence_id);
	v_int(&v[1], (int64_t)f->loc_index);
	v_int(&v[2], (int64_t)f->loc_offset);
	v_text(&v[3], f->proto);
	v_text(&v[4], f->src);
	v_int(&v[5], f->sport);
	v_text(&v[6], f->dst);
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
	if ((rc = queue_op(s, OP_FLOW, v, 18, err)) != CUSTODY_OK)
		return rc;
	custody_dstream_row(s->ds, DT_FLOW, v + 1, 17);
	s->records++;
	see_time(s, f->first_ns);
	see_time(s, f->last_ns);
	return CUSTODY_OK;
}

enum custody_code
custody_sink_orgmap(struct custody_sink *s, const struct custody_orgmap_record *o,
    struct custody_error *err)
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
custody_sink_timeline(struct custody_sink *s, const struct custody_timeline_record *t,
    struct custody_error *err)
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
custody_sink_flow_state(struct custody_sink *s, const struct custody_flow_state_record *f,
    struct custody_error *err)
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

void
custody_sink_skip(struct custody_sink *s, const char *reason, uint64_t loc_index,
    uint64_t loc_offset, const char *detail)
{
	struct skip_reason *r = NULL;
	size_t i;

	s->skipped++;
	for (i = 0; i < s->n_skips; i++)
		if (strcmp(s->skips[i].reason, reason) == 0) {
			r = &s->skips[i];
			break;
		}
	if (r == NULL) {
		struct skip_reason *p = realloc(s->skips, (s->n_skips + 1) * sizeof(*p));

		if (p == NULL)
			return;
		s->skips = p;
		r = &p[s->n_skips];
		memset(r, 0, sizeof(*r));
		custody_buf_init(&r->examples, 64 * 1024);
		if ((r->reason = strdup(reason)) == NULL)
			return;
		s->n_skips++;
	}
	r->count++;
	if (r->n_examples < CUSTODY_MAX_SKIP_EXAMPLES) {
		if (r->n_examples > 0)
			custody_buf_addstr(&r->examples, ",");
		custody_buf_printf(&r->examples, "{\"index\":%llu,\"offset\":%llu",
		    (unsigned long long)loc_index, (unsigned long long)loc_offset);
		if (detail != NULL) {
			custody_buf_addstr(&r->examples, ",\"detail\":");
			custody_buf_json_str(&r->examples, detail, strlen(detail));
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
		if (strcmp(s->counts[i].name, name) == 0) {
			s->counts[i].value += add;
			return;
		}
	if ((p = realloc(s->counts, (s->n_counts + 1) * sizeof(*p))) == NULL)
		return;
	s->counts = p;
	if ((p[s->n_counts].name = strdup(name)) == NULL)
		return;
	p[s->n_counts++].value = add;
}

void
custody_sink_note(struct custody_sink *s, const char *key, const char *value)
{
	struct named_note *p = realloc(s->notes, (s->n_notes + 1) * sizeof(*p));

	if (p == NULL)
		return;
	s->notes = p;
	p[s->n_notes].key = strdup(key);
	p[s->n_notes].value = strdup(value);
	if (p[s->n_notes].key == NULL || p[s->n_notes].value == NULL) {
		free(p[s->n_notes].key);
		free(p[s->n_notes].value);
		return;
	}
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
	custody_buf_printf(&b, "{\"records\":%lld,\"dns_messages\":%lld", (long long)s->records,
	    (long long)s->dns_messages);
	for (i = 0; i < s->n_counts; i++) {
		custody_buf_addstr(&b, ",");
		custody_buf_json_str(&b, s->counts[i].name, strlen(s->counts[i].name));
		custody_buf_printf(&b, ":%lld", (long long)s->counts[i].value);
	}
	if (s->n_notes > 0) {
		custody_buf_addstr(&b, ",\"notes\":{");
		for (i = 0; i < s->n_notes; i++) {
			if (i > 0)
				custody_buf_addstr(&b, ",");
			custody_buf_json_str(&b, s->notes[i].key, strlen(s->notes[i].key));
			custody_buf_addstr(&b, ":");
			custody_buf_json_str(&b, s->notes[i].value, strlen(s->notes[i].value));
		}
		custody_buf_addstr(&b, "}");
	}
	custody_buf_addstr(&b, ",\"skipped\":{");
	for (i = 0; i < s->n_skips; i++) {
		if (i > 0)
			custody_buf_addstr(&b, ",");
		custody_buf_json_str(&b, s->skips[i].reason, strlen(s->skips[i].reason));
		custody_buf_printf(&b, ":%lld", (long long)s->skips[i].count);
	}
	custody_buf_addstr(&b, "},\"skipped_examples\":{");
	for (i = 0; i < s->n_skips; i++) {
		if (i > 0)
			custody_buf_addstr(&b, ",");
		custody_buf_json_str(&b, s->skips[i].reason, strlen(s->skips[i].reason));
		custody_buf_printf(&b, ":[%s]",
		    s->skips[i].examples.data != NULL ? s->skips[i].examples.data : "");
	}
	if (custody_buf_addstr(&b, "}}") != CUSTODY_OK) {
		/* Over the cap: keep the counts, drop the examples. */
		custody_buf_release(&b);
		custody_buf_init(&b, CUSTODY_MAX_JSON);
		custody_buf_printf(&b, "{\"records\":%lld,\"dns_messages\":%lld,\"skipped_total\":%lld}",
		    (long long)s->records, (long long)s->dns_messages, (long long)s->skipped);
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
	char *summary = custody_sink_summary_json(s);

	if (summary == NULL)
		return custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
	rc = flush(s, err);
	stop_writer(s);
	/* The streamed digest needs no database: its runs are merged and
	 * hashed on a thread of their own while SQLite builds the indexes. */
	if (rc == CUSTODY_OK && s->ds != NULL && s->n_deferred > 0 &&
	    pthread_create(&s->digester, NULL, digest_main, s) == 0)
		s->digesting = true;
	if (rc != CUSTODY_OK || (rc = restore_indexes(s, err)) != CUSTODY_OK) {
		free(summary);
		return rc;
	}
	if ((rc = custody_db_prepare(s->db,
		 "UPDATE evidence SET records = ?, summary = ?, time_first_ns = ?, time_last_ns = ?"
		 " WHERE id = ?",
		 &st, err)) != CUSTODY_OK) {
		free(summary);
		return rc;
	}
	sqlite3_bind_int64(st, 1, s->records);
	sqlite3_bind_text(st, 2, summary, -1, SQLITE_STATIC);
	if (s->have_time) {
		sqlite3_bind_int64(st, 3, s->tmin);
		sqlite3_bind_int64(st, 4, s->tmax);
	}
	sqlite3_bind_int64(st, 5, s->evidence_id);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = custody_fail_sqlite(err, s->db, "updating evidence");
	sqlite3_finalize(st);
	free(summary);
	return rc;
}

/* ------------------------------------------------------------ parse digest */

enum custody_code
custody_sink_digest(struct custody_sink *s, char out[65], struct custody_error *err)
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
	return custody_parse_digest(s->db, s->evidence_id, out, err);
}

static bool
skipped_column(const char *name)
{
	size_t i;

	for (i = 0; skip_columns[i] != NULL; i++)
		if (strcmp(name, skip_columns[i]) == 0)
			return true;
	return false;
}

/* Same text as "%lld", without printf's cost: the digest formats every
 * integer of every record. */
static void
add_int(struct custody_buf *b, int64_t v)
{
	char tmp[24];
	size_t i = sizeof(tmp);
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

	do
		tmp[--i] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		tmp[--i] = '-';
	custody_buf_add(b, tmp + i, sizeof(tmp) - i);
}

/*
 * The columns of a record table that its canonical text holds (all but
 * skip_columns[]), in schema order, as a SELECT list of quoted names in
 * list; *ncols gets their number. Also for custody query --records, which
 * prints a record as the digest reads it.
 */
enum custody_code
custody_canon_columns(sqlite3 *db, const char *table, struct custody_buf *list, int *ncols,
    struct custody_error *err)
{
	struct custody_buf sql;
	sqlite3_stmt *st = NULL;
	enum custody_code rc;

	*ncols = 0;
	custody_buf_init(&sql, 8192);
	custody_buf_printf(&sql, "SELECT name FROM pragma_table_info('%s') ORDER BY cid", table);
	rc = custody_db_prepare(db, sql.data, &st, err);
	custody_buf_release(&sql);
	if (rc != CUSTODY_OK)
		return rc;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);

		if (name == NULL || skipped_column(name))
			continue;
		custody_buf_printf(list, "%s\"%s\"", *ncols > 0 ? ", " : "", name);
		(*ncols)++;
	}
	sqlite3_finalize(st);
	if (*ncols == 0)
		return custody_fail(err, CUSTODY_ERR_DB, "record table %s missing", table);
	return CUSTODY_OK;
}

/* The canonical line of the current row of st (columns first to
 * first + ncols - 1) appended to line, without its newline. */
void
custody_canon_row(struct custody_buf *line, sqlite3_stmt *st, int first, int ncols)
{
	int i;

	for (i = first; i < first + ncols; i++) {
		if (i > first)
			custody_buf_add(line, "\t", 1);
		switch (sqlite3_column_type(st, i)) {
		case SQLITE_NULL:
			custody_buf_add(line, "\\N", 2);
			break;
		case SQLITE_INTEGER:
			add_int(line, sqlite3_column_int64(st, i));
			break;
		case SQLITE_BLOB: {
			const uint8_t *p = sqlite3_column_blob(st, i);
			int n = sqlite3_column_bytes(st, i), k;
			char hex[2];

			for (k = 0; k < n; k++) {
				hex[0] = "0123456789abcdef"[p[k] >> 4];
				hex[1] = "0123456789abcdef"[p[k] & 15];
				custody_buf_add(line, hex, 2);
			}
			break;
		}
		default: {
			const unsigned char *p = sqlite3_column_text(st, i);
			int n = sqlite3_column_bytes(st, i), k, start = 0;

			for (k = 0; k < n; k++) {
				const char *esc = p[k] == '\\' ? "\\\\" :
				    p[k] == '\t'              ? "\\t" :
				    p[k] == '\n'              ? "\\n" :
				    p[k] == '\r'              ? "\\r" : NULL;

				if (esc == NULL)
					continue;
				custody_buf_add(line, p + start, (size_t)(k - start));
				custody_buf_addstr(line, esc);
				start = k + 1;
			}
			custody_buf_add(line, p + start, (size_t)(n - start));
			break;
		}
		}
	}
}

static enum custody_code
digest_table(sqlite3 *db, EVP_MD_CTX *md, const char *table, bool later, int64_t evidence_id,
    struct custody_buf *line, struct custody_error *err)
{
	struct custody_buf sql, order;
	sqlite3_stmt *st = NULL;
	enum custody_code rc = CUSTODY_OK;
	int ncols = 0, i, step;

	custody_buf_init(&sql, 8192);
	custody_buf_init(&order, 4096);
	custody_buf_addstr(&sql, "SELECT ");
	if ((rc = custody_canon_columns(db, table, &sql, &ncols, err)) != CUSTODY_OK)
		goto out;
	for (i = 0; i < ncols; i++)
		custody_buf_printf(&order, "%s%d", i > 0 ? ", " : "", i + 1);
	if (custody_buf_printf(&sql, " FROM \"%s\" WHERE evidence_id = ? ORDER BY %s", table,
		order.data) != CUSTODY_OK) {
		rc = custody_fail(err, CUSTODY_ERR_LIMIT, "digest query too long");
		goto out;
	}
	if ((rc = custody_db_prepare(db, sql.data, &st, err)) != CUSTODY_OK)
		goto out;
	sqlite3_bind_int64(st, 1, evidence_id);
	custody_buf_reset(line);
	custody_buf_printf(line, "#table %s\n", table);
	if (!later)
		EVP_DigestUpdate(md, line->data, line->len);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (later) { /* the section opens with its first row */
			EVP_DigestUpdate(md, line->data, line->len);
			later = false;
		}
		custody_buf_reset(line);
		custody_canon_row(line, st, 0, ncols);
		if (custody_buf_add(line, "\n", 1) != CUSTODY_OK) {
			rc = custody_fail(err, CUSTODY_ERR_LIMIT, "%s: record too large to digest", table);
			goto out;
		}
		EVP_DigestUpdate(md, line->data, line->len);
	}
	if (step != SQLITE_DONE)
		rc = custody_fail_sqlite(err, db, "reading records");
out:
	sqlite3_finalize(st);
	custody_buf_release(&sql);
	custody_buf_release(&order);
	return rc;
}

enum custody_code
custody_parse_digest(sqlite3 *db, int64_t evidence_id, char out[65], struct custody_error *err)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	struct custody_buf line;
	enum custody_code rc = CUSTODY_OK;
	uint8_t digest[32];
	size_t i;

	if (md == NULL || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(md);
		return custody_fail_openssl(err, "digest init");
	}
	custody_buf_init(&line, 16u << 20);
	for (i = 0; record_tables[i] != NULL && rc == CUSTODY_OK; i++)
		rc = digest_table(db, md, record_tables[i], false, evidence_id, &line, err);
	for (i = 0; later_tables[i] != NULL && rc == CUSTODY_OK; i++)
		rc = digest_table(db, md, later_tables[i], true, evidence_id, &line, err);
	if (rc == CUSTODY_OK) {
		if (EVP_DigestFinal_ex(md, digest, NULL) != 1)
			rc = custody_fail_openssl(err, "digest");
		else
			custody_hex(digest, 32, out);
	}
	custody_buf_release(&line);
	EVP_MD_CTX_free(md);
	return rc;
}
