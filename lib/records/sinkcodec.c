/*
 * sinkcodec.c: the row codec of the record sink: the statements of the
 * compact layout and their encoding in sink.c's batches, and the rows read
 * back as the parse digest's values (see sinkcodec.h).
 *
 * The parse digest of an evidence item is SHA-256 over the canonical text
 * of its records: for each record table in record_tables[] order, every row
 * of that evidence as one line, fields in schema order (all columns but
 * those in skip_columns[], which are row ids that differ between
 * databases), tab-separated, rows sorted by every field in that order
 * (locator first), each written by custody_dhash_row() (sinkdigest.h).
 * Same bytes + same parser version => same digest. custody_parse_digest()
 * reads it back from the rows (the reference verify uses on a case);
 * sink.c computes the same as the rows go in (through sinkdigest.c).
 *
 * The record tables the digest reads, dns_message, dns_answer and flow,
 * are views of the compact tables, which give back exactly the values
 * the sink wrote.
 */
#include <stdlib.h>
#include <string.h>

#include "sink.h"
#include "sinkcodec.h"

static const char *const record_tables[] = { "dns_message", "dns_answer",
	"flow", "orgmap", "timeline", NULL };
/* Record tables of schema 4 and later: in the canonical text after those
 * above, each only when the evidence has rows in it, so that no parse
 * digest made before them changes. */
static const char *const later_tables[] = { "flow_state", "pdns", NULL };
static const char *const skip_columns[] = { "id", "evidence_id", "message_id",
	NULL };

/* The compact tables of schema/records.sql; rl (response_loc) comes last,
 * where sink.c's write_held() sets it (custody_op_set_last()). */
static const char SQL_MSG[] =
    "INSERT INTO msg(id, evidence_id, qname, qr, time_ns, src, dst, sport, dport, dns_id, h,"
    " loc_index, loc_offset, server, opt, x, rl)"
    " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17)";
static const char SQL_RR[] =
    "INSERT INTO rr(msg_id, idx, section, name, type, class, ttl, rdata, rdata_raw)"
    " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)";
static const char SQL_FLW[] =
    "INSERT INTO flw(id, evidence_id, loc_index, loc_offset, proto, src, sport, dst, dport,"
    " first_ns, dur, packets, bytes_fwd, bytes_rev, syn, synack, rst, fin, established)"
    " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19)";
static const char SQL_UFLOW[] =
    "INSERT INTO uflow(msg_id, dur, packets, bytes_fwd, bytes_rev) VALUES (?1,?2,?3,?4,?5)";
static const char SQL_STR[] = "INSERT INTO str(id, s, w) VALUES (?1,?2,?3)";
static const char SQL_PAIR[] =
    "UPDATE msg SET rl = ?1 - loc_index WHERE id = ?2";
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
const char *const custody_op_sql[OP_N] = { SQL_MSG, SQL_RR, SQL_FLW, SQL_UFLOW,
	SQL_STR, SQL_ORG, SQL_TL, SQL_PAIR, SQL_FSTATE, SQL_PDNS };
const char *const custody_op_what[OP_N] = { "storing a DNS message",
	"storing a DNS record", "storing a flow", "storing a flow",
	"storing a name", "storing an orgmap row", "storing a timeline event",
	"pairing a DNS response", "storing a flow's state",
	"storing a passive DNS row" };

size_t
custody_op_size(const struct custody_dval *v, size_t n)
{
	size_t i, need = 2;

	for (i = 0; i < n; i++)
		need += 1 +
		    (v[i].t == DV_INT           ? 8
		            : v[i].t == DV_NULL ? 0
		                                : 4 + v[i].n);
	return need;
}

size_t
custody_op_encode_in(uint8_t *p, size_t room, enum sink_op op,
    const struct custody_dval *v, size_t n)
{
	size_t i, k = 2;
	uint32_t len;

	if (room < 2)
		return 0;
	p[0] = (uint8_t)op;
	p[1] = (uint8_t)n;
	for (i = 0; i < n; i++) {
		switch (v[i].t) {
		case DV_NULL:
			if (k + 1 > room)
				return 0;
			p[k++] = (uint8_t)v[i].t;
			break;
		case DV_INT:
			if (k + 9 > room)
				return 0;
			p[k++] = (uint8_t)v[i].t;
			memcpy(p + k, &v[i].i, 8);
			k += 8;
			break;
		case DV_TEXT:
		case DV_BLOB:
		case DV_ADDR: /* statements carry addresses as integers or text */
			if (v[i].n > room || k + 5 + v[i].n > room)
				return 0;
			p[k++] = (uint8_t)v[i].t;
			len = (uint32_t)v[i].n;
			memcpy(p + k, &len, 4);
			if (len > 0)
				memcpy(p + k + 4, v[i].p, len);
			k += 4 + len;
			break;
		}
	}
	return k;
}

void
custody_op_bind(sqlite3_stmt *st, const struct custody_dval *v, int n)
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
			sqlite3_bind_text(
			    st, i + 1, v[i].p, (int)v[i].n, SQLITE_STATIC);
			break;
		case DV_BLOB:
		case DV_ADDR:
			sqlite3_bind_blob(
			    st, i + 1, v[i].p, (int)v[i].n, SQLITE_STATIC);
			break;
		}
}

const uint8_t *
custody_op_decode(
    const uint8_t *p, enum sink_op *op, struct custody_dval *v, size_t *n)
{
	uint32_t len;
	size_t i;

	*op = (enum sink_op) * p++;
	*n = *p++;
	for (i = 0; i < *n; i++) {
		v[i].t = (enum custody_dval_type) * p++;
		switch (v[i].t) {
		case DV_NULL:
			break;
		case DV_INT:
			memcpy(&v[i].i, p, 8);
			p += 8;
			break;
		case DV_TEXT:
		case DV_BLOB:
		case DV_ADDR:
			memcpy(&len, p, 4);
			v[i].p = p + 4;
			v[i].n = len;
			p += 4 + len;
			break;
		}
	}
	return p;
}

size_t
custody_op_set_last(uint8_t *q, const uint8_t *p, size_t len, int64_t x)
{
	memcpy(q, p, len - 1);
	q += len - 1;
	*q++ = DV_INT;
	memcpy(q, &x, 8);
	return len + 8;
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

/*
 * The columns of a record table that its canonical text holds (all but
 * skip_columns[]), in schema order, as a SELECT list of quoted names in
 * list; *ncols gets their number. Also for custody query --records, which
 * prints a record as the digest reads it.
 */
enum custody_code
custody_canon_columns(sqlite3 *db, const char *table, struct custody_buf *list,
    int *ncols, struct custody_error *err)
{
	struct custody_buf sql;
	sqlite3_stmt *st = NULL;
	enum custody_code rc;

	*ncols = 0;
	custody_buf_init(&sql, 8192);
	custody_buf_printf(&sql,
	    "SELECT name FROM pragma_table_info('%s') ORDER BY cid", table);
	rc = custody_db_prepare(db, sql.data, &st, err);
	custody_buf_release(&sql);
	if (rc != CUSTODY_OK)
		return rc;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);

		if (name == NULL || skipped_column(name))
			continue;
		if (*ncols == CUSTODY_DHASH_COLS) {
			sqlite3_finalize(st);
			return custody_fail(err, CUSTODY_ERR_LIMIT,
			    "%s: too many columns", table);
		}
		custody_buf_printf(
		    list, "%s\"%s\"", *ncols > 0 ? ", " : "", name);
		(*ncols)++;
	}
	sqlite3_finalize(st);
	if (*ncols == 0)
		return custody_fail(
		    err, CUSTODY_ERR_DB, "record table %s missing", table);
	return CUSTODY_OK;
}

/* The fields of the current row of st, columns first to first + n - 1,
 * as the digest's values (valid until st steps again). */
static void
canon_values(sqlite3_stmt *st, int first, int n, struct custody_dval *v)
{
	int i;

	for (i = 0; i < n; i++) {
		int c = first + i;

		switch (sqlite3_column_type(st, c)) {
		case SQLITE_NULL:
			v[i].t = DV_NULL;
			break;
		case SQLITE_INTEGER:
			v[i].t = DV_INT;
			v[i].i = sqlite3_column_int64(st, c);
			break;
		case SQLITE_BLOB:
			v[i].t = DV_BLOB;
			v[i].p = sqlite3_column_blob(st, c);
			v[i].n = (size_t)sqlite3_column_bytes(st, c);
			break;
		default: /* text, and a real as its text */
			v[i].t = DV_TEXT;
			v[i].p = sqlite3_column_text(st, c);
			v[i].n = (size_t)sqlite3_column_bytes(st, c);
			break;
		}
	}
}

/* The canonical line of the current row of st (columns first to
 * first + ncols - 1, at most CUSTODY_DHASH_COLS) appended to line, without
 * its newline: the digest's own writer, custody_dhash_text(). */
void
custody_canon_row(
    struct custody_buf *line, sqlite3_stmt *st, int first, int ncols)
{
	struct custody_dval v[CUSTODY_DHASH_COLS];

	if (ncols > CUSTODY_DHASH_COLS)
		ncols =
		    CUSTODY_DHASH_COLS; /* custody_canon_columns() gives no more */
	canon_values(st, first, ncols, v);
	custody_dhash_text(line, v, (size_t)ncols);
}

static enum custody_code
digest_table(sqlite3 *db, struct custody_dhash *h, const char *table,
    bool later, int64_t evidence_id, struct custody_error *err)
{
	struct custody_dval v[CUSTODY_DHASH_COLS];
	struct custody_buf sql, order;
	sqlite3_stmt *st = NULL;
	enum custody_code rc = CUSTODY_OK;
	int ncols = 0, i, step;

	custody_buf_init(&sql, 8192);
	custody_buf_init(&order, 4096);
	custody_buf_addstr(&sql, "SELECT ");
	if ((rc = custody_canon_columns(db, table, &sql, &ncols, err)) !=
	    CUSTODY_OK) {
		if (ncols == 0 && later && rc == CUSTODY_ERR_DB)
			rc =
			    CUSTODY_OK; /* a case older than the table: it has no rows in it */
		goto out;
	}
	for (i = 0; i < ncols; i++)
		custody_buf_printf(&order, "%s%d", i > 0 ? ", " : "", i + 1);
	if (custody_buf_printf(&sql,
	        " FROM \"%s\" WHERE evidence_id = ? ORDER BY %s", table,
	        order.data) != CUSTODY_OK) {
		rc = custody_fail(
		    err, CUSTODY_ERR_LIMIT, "digest query too long");
		goto out;
	}
	if ((rc = custody_db_prepare(db, sql.data, &st, err)) != CUSTODY_OK)
		goto out;
	sqlite3_bind_int64(st, 1, evidence_id);
	if (!later)
		custody_dhash_table(h, table);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (later) { /* the section opens with its first row */
			custody_dhash_table(h, table);
			later = false;
		}
		canon_values(st, 0, ncols, v);
		custody_dhash_row(h, v, (size_t)ncols);
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
custody_parse_digest(
    sqlite3 *db, int64_t evidence_id, char out[65], struct custody_error *err)
{
	struct custody_dhash h;
	enum custody_code rc = CUSTODY_OK;
	size_t i;

	if (!custody_dhash_init(&h))
		return custody_fail(err, CUSTODY_ERR_NOMEM, "digest init");
	for (i = 0; record_tables[i] != NULL && rc == CUSTODY_OK; i++)
		rc = digest_table(
		    db, &h, record_tables[i], false, evidence_id, err);
	for (i = 0; later_tables[i] != NULL && rc == CUSTODY_OK; i++)
		rc = digest_table(
		    db, &h, later_tables[i], true, evidence_id, err);
	if (rc != CUSTODY_OK) {
		custody_dhash_release(&h);
		return rc;
	}
	if (!custody_dhash_final(&h, out))
		return custody_fail_openssl(err, "digest");
	return CUSTODY_OK;
}
