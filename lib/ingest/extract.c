/*
 * extract.c: sealed extracts from ClickHouse (custody extract).
 *
 * The engine does the scale; custody does the custody. An extract query
 * (lib/ingest/chquery.c) is bound and sent to the server's HTTP interface; the
 * response, in TabSeparatedWithNamesAndTypes, is the original: libcurl,
 * on a thread of its own, writes its bytes to a temporary file in the
 * case and hands them to a thread that hashes them (custody_hash_stream
 * over a socket pair), so nothing is held whole in memory; meanwhile
 * ingest.c parses what is stored (parse_clickhouse.c, through a mapping
 * of the file that grows with it), and once the last byte has come the
 * ingest event records what was asked of which server and what came back:
 *
 *   1. probe:  SELECT version(), hostName(), timezone()  (and refuse a
 *              server that does not answer as ClickHouse does);
 *   2. query:  the statement as bound, FORMAT TabSeparatedWithNamesAndTypes,
 *              with a query_id the cluster's system.query_log keeps;
 *   3. ingest: from the first byte on, the rows parsed as they come, in
 *              one transaction (a row that does not parse stops the
 *              transfer);
 *   4. check:  HTTP status, transfer complete, under the size cap, no
 *              exception written into the stream (ClickHouse reports an
 *              error met after the first block in the body of a 200 reply),
 *              the columns the query declares: any failure rolls the
 *              ingest back, else the signed event and the commit.
 *
 * --recheck sends the recorded statement again and hashes what comes back
 * the same way, without storing it, and records the comparison as a
 * signed "note" event.
 *
 * Credentials are handed in by the caller and go to libcurl only; the URL
 * is refused when it carries any. TLS is verified unless the caller says
 * otherwise, which the event records.
 */
#define _GNU_SOURCE /* memmem */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <openssl/rand.h>

#include "case_internal.h"
#include "ingest.h"
#include "json.h"

#define RESPONSE_FORMAT "TabSeparatedWithNamesAndTypes"
#define SMALL_BODY      (64u << 10) /* probe answers and error messages */
#define TAIL            4096        /* bytes kept from the end of a response */
#define DEFAULT_TIMEOUT 300

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_rc;

static void
init_curl(void)
{
	curl_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* ------------------------------------------------------------ the URL */

/* http(s)://host[:port][/path][?params], with no credentials anywhere. */
static enum custody_code
check_url(const char *url, struct custody_error *err)
{
	const char *auth, *end, *q;

	if (strncmp(url, "http://", 7) == 0)
		auth = url + 7;
	else if (strncmp(url, "https://", 8) == 0)
		auth = url + 8;
	else
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "--clickhouse %s: give an http:// or"
		    " https:// URL of the server's HTTP interface",
		    url);
	end = auth + strcspn(auth, "/?#");
	if (end == auth)
		return custody_fail(
		    err, CUSTODY_ERR_USAGE, "--clickhouse %s: no host", url);
	if (memchr(auth, '@', (size_t)(end - auth)) != NULL)
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "--clickhouse: the URL carries"
		    " credentials; they would be recorded: give them in --credentials FILE or"
		    " CLICKHOUSE_USER and CLICKHOUSE_PASSWORD");
	if ((q = strchr(url, '?')) != NULL &&
	    (strstr(q, "user=") != NULL || strstr(q, "password=") != NULL))
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "--clickhouse: the URL names a user or"
		    " password; they would be recorded: give them in --credentials FILE or"
		    " CLICKHOUSE_USER and CLICKHOUSE_PASSWORD");
	if (strchr(url, '#') != NULL || strlen(url) > 400)
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "--clickhouse %.64s: not a plain URL", url);
	return CUSTODY_OK;
}

/* ------------------------------------------------------------ HTTP */

struct transfer;

/* Where a response body goes, and what was seen of it. */
struct http {
	CURL *curl;
	const struct custody_extract_opts *opts;
	char errbuf[CURL_ERROR_SIZE];
	bool clickhouse;        /* a header X-ClickHouse-* came */
	char display_name[256]; /* X-ClickHouse-Server-Display-Name */
	char exception[32]; /* X-ClickHouse-Exception-Code (newer servers) */
	long status;
	int out;            /* the body goes here (a socket), or -1: to small */
	struct transfer *t; /* the transfer storing it, or NULL */
	struct custody_buf small; /* small bodies, and error bodies */
	uint64_t bytes, max_bytes, newlines;
	bool over_limit, write_failed, stalled;
	bool cut;        /* stopped because the parse failed */
	int store_errno; /* storing the body failed with this */
	bool error_cut;  /* an error body long enough was cut off */
	long timeout;    /* seconds without a byte before giving up */
	curl_off_t seen; /* bytes received when last looked */
	int64_t seen_at; /* monotonic ns of the last byte */
	char tail[TAIL];
	size_t tail_len;
};

/* The thread that hashes what the transfer receives. */
struct hasher {
	pthread_t thread;
	int in;
	const char *name;
	struct custody_digest digest;
	struct custody_error err;
	enum custody_code rc;
};

/*
 * A transfer under way: libcurl on a thread of its own, each block of the
 * body stored (written to the temporary file, and counted under mu) and
 * then handed to the hashing thread; the parse, on the caller's thread,
 * reads what is stored as it comes (grow, through a mapping of the file).
 */
struct transfer {
	/* first: wait() gets the transfer from it */
	struct custody_growing grow;
	struct http h;
	struct hasher x;
	pthread_t thread;
	bool started, joined, ended;
	int sv[2];
	int store; /* the temporary file (a descriptor of our own), or -1 */
	void *map; /* all of it may be mapped: map_len bytes */
	size_t map_len;
	pthread_mutex_t mu;
	pthread_cond_t more;
	uint64_t stored; /* under mu: bytes written to store */
	bool done, cut;  /* under mu: the transfer ended; the parse stopped */
	char url[1024];
	const char *sql;
	size_t len;
	const struct custody_extract_opts *opts;
	struct custody_extract_info *info;
	enum custody_code rc; /* of post(), with its error */
	struct custody_error err;
};

/* Stores a block of the body and tells the parse; false on a write error. */
static bool
stored(struct http *h, const char *p, size_t len)
{
	struct transfer *t = h->t;
	size_t left = len;

	while (t->store >= 0 && left > 0) {
		ssize_t w = write(t->store, p + (len - left), left);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			h->store_errno = w < 0 ? errno : ENOSPC;
			h->write_failed = true;
			return false;
		}
		left -= (size_t)w;
	}
	pthread_mutex_lock(&t->mu);
	t->stored += len;
	h->cut = t->cut;
	pthread_cond_signal(&t->more);
	pthread_mutex_unlock(&t->mu);
	return !h->cut;
}

/* true when the parse has stopped, and the transfer should too. */
static bool
cut(struct http *h)
{
	pthread_mutex_lock(&h->t->mu);
	h->cut = h->t->cut;
	pthread_mutex_unlock(&h->t->mu);
	return h->cut;
}

/* The value of header line p (len bytes) when it is name:, into out. */
static void
header_value(const char *p, size_t len, const char *name, char *out, size_t cap)
{
	size_t k = strlen(name), end;

	if (len <= k || strncasecmp(p, name, k) != 0)
		return;
	while (k < len && p[k] == ' ')
		k++;
	for (end = k; end < len && p[end] != '\r' && p[end] != '\n'; end++)
		;
	snprintf(
	    out, cap, "%.*s", (int)(end - k < cap ? end - k : cap - 1), p + k);
}

static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	struct http *h = arg;
	size_t len = size * n;

	if (len > 13 && strncasecmp(p, "X-ClickHouse-", 13) == 0)
		h->clickhouse = true;
	header_value(p, len,
	    "X-ClickHouse-Server-Display-Name:", h->display_name,
	    sizeof(h->display_name));
	header_value(p, len, "X-ClickHouse-Exception-Code:", h->exception,
	    sizeof(h->exception));
	return len;
}

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct http *h = arg;
	size_t len = size * n, left = len;
	const char *q = p;

	if (h->status == 0)
		curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &h->status);
	if (h->out < 0 || h->status != 200) {
		/* a small answer, or an error message: the first part is enough */
		if (h->small.len < SMALL_BODY)
			(void)custody_buf_add(&h->small, p,
			    len < SMALL_BODY - h->small.len
			        ? len
			        : SMALL_BODY - h->small.len);
		if (h->small.len >= SMALL_BODY) {
			if (h->status == 200)
				h->over_limit = true;
			else
				h->error_cut = true;
			return 0;
		}
		return len;
	}
	if (len > h->max_bytes - h->bytes) {
		h->over_limit = true;
		return 0;
	}
	h->bytes += len;
	while ((q = memchr(q, '\n', (size_t)(p + len - q))) != NULL) {
		h->newlines++;
		q++;
	}
	if (len >= TAIL) {
		memcpy(h->tail, p + len - TAIL, TAIL);
		h->tail_len = TAIL;
	} else {
		size_t keep =
		    h->tail_len + len > TAIL ? TAIL - len : h->tail_len;

		memmove(h->tail, h->tail + h->tail_len - keep, keep);
		memcpy(h->tail + keep, p, len);
		h->tail_len = keep + len;
	}
	/* stored first, for the parse reading it; then hashed */
	if (h->t != NULL && !stored(h, p, len))
		return 0;
	while (left > 0) {
		ssize_t w = send(h->out, p + (len - left), left, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) { /* the hashing thread stopped: it says why */
			h->write_failed = true;
			return 0;
		}
		left -= (size_t)w;
	}
	if (h->opts->progress != NULL)
		h->opts->progress(h->bytes, 0, h->opts->progress_arg);
	return len;
}

static int64_t
mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/*
 * Called by libcurl about once a second, also while no byte comes: gives
 * up when the server has sent nothing for the whole timeout (libcurl's
 * own low-speed check does not run before the response headers, and a
 * server sorting a large result sends none for a while).
 */
static int
on_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
    curl_off_t ulnow)
{
	struct http *h = arg;
	int64_t now = mono_ns();

	(void)dltotal;
	(void)ultotal;
	if (h->t != NULL && cut(h))
		return 1;
	if (dlnow + ulnow != h->seen || h->seen_at == 0) {
		h->seen = dlnow + ulnow;
		h->seen_at = now;
		return 0;
	}
	if (now - h->seen_at > (int64_t)h->timeout * 1000000000) {
		h->stalled = true;
		return 1;
	}
	return 0;
}

/* The server's error message, one line, from an error body. */
static const char *
server_message(struct http *h)
{
	char *s =
	    h->small.data != NULL ? h->small.data : (char *)(uintptr_t) "";
	size_t n = strlen(s);

	while (
	    n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
		s[--n] = '\0';
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20)
			s[i] = ' ';
	if (n > 400)
		s[400] = '\0';
	return n > 0 ? s : "(no message)";
}

/*
 * POSTs body to url; the response body goes to h->out (or h->small).
 * Returns CUSTODY_OK when the transfer completed with status 200 from a
 * server that answered as ClickHouse; otherwise an error that says which
 * of those failed, with ClickHouse's own message when it sent one.
 */
static enum custody_code
post(struct http *h, const char *url, const char *body, size_t len,
    struct custody_error *err)
{
	const struct custody_extract_opts *o = h->opts;
	struct curl_slist *hdrs = NULL;
	long timeout = o->timeout_s > 0 ? o->timeout_s : DEFAULT_TIMEOUT;
	CURLcode cc;

	pthread_once(&curl_once, init_curl);
	if (curl_init_rc != CURLE_OK)
		return custody_fail(err, CUSTODY_ERR_IO, "libcurl: %s",
		    curl_easy_strerror(curl_init_rc));
	if ((h->curl = curl_easy_init()) == NULL)
		return custody_fail(
		    err, CUSTODY_ERR_NOMEM, "libcurl: cannot start a transfer");
	hdrs =
	    curl_slist_append(hdrs, "Content-Type: text/plain; charset=UTF-8");
	curl_easy_setopt(h->curl, CURLOPT_URL, url);
	curl_easy_setopt(h->curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(
	    h->curl, CURLOPT_PROXY, ""); /* no proxy from the environment */
	curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(h->curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(h->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(h->curl, CURLOPT_ERRORBUFFER, h->errbuf);
	curl_easy_setopt(h->curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h->curl, CURLOPT_HEADERDATA, h);
	curl_easy_setopt(h->curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h->curl, CURLOPT_WRITEDATA, h);
	curl_easy_setopt(h->curl, CURLOPT_BUFFERSIZE, 256L << 10);
	curl_easy_setopt(h->curl, CURLOPT_CONNECTTIMEOUT, timeout);
	/* A query that sorts billions of rows may think long before its first
	 * byte; a silence of the whole timeout is what gives up. */
	h->timeout = timeout;
	curl_easy_setopt(h->curl, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(h->curl, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(h->curl, CURLOPT_XFERINFODATA, h);
	curl_easy_setopt(
	    h->curl, CURLOPT_SSL_VERIFYPEER, o->insecure ? 0L : 1L);
	curl_easy_setopt(
	    h->curl, CURLOPT_SSL_VERIFYHOST, o->insecure ? 0L : 2L);
	if (o->cafile != NULL)
		curl_easy_setopt(h->curl, CURLOPT_CAINFO, o->cafile);
	if (o->user != NULL) {
		curl_easy_setopt(
		    h->curl, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(h->curl, CURLOPT_USERNAME, o->user);
		curl_easy_setopt(h->curl, CURLOPT_PASSWORD,
		    o->password != NULL ? o->password : "");
	}
	h->errbuf[0] = '\0';
	cc = curl_easy_perform(h->curl);
	if (h->status == 0)
		curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &h->status);
	curl_slist_free_all(hdrs);
	if (h->over_limit)
		return h->out < 0
		    ? custody_fail(err, CUSTODY_ERR_FORMAT,
		          "%s: the answer to a short query is over"
		          " %u bytes: not a ClickHouse server",
		          url, SMALL_BODY)
		    : custody_fail(err, CUSTODY_ERR_LIMIT,
		          "%s: the response is over the limit of %llu"
		          " bytes (--max-bytes); nothing was added",
		          url, (unsigned long long)h->max_bytes);
	if (h->cut)
		return CUSTODY_ERR_IO; /* by the caller, who knows why */
	if (h->write_failed)
		return CUSTODY_ERR_IO; /* storing or hashing it failed: the caller says which */
	if (h->stalled)
		return custody_fail(err, CUSTODY_ERR_IO,
		    "%s: no byte from the server for %ld s"
		    " (--timeout); nothing was added",
		    url, h->timeout);
	if (cc != CURLE_OK && !(cc == CURLE_WRITE_ERROR && h->error_cut))
		return custody_fail(err, CUSTODY_ERR_IO, "%s: %s%s%s", url,
		    curl_easy_strerror(cc), h->errbuf[0] != '\0' ? ": " : "",
		    h->errbuf);
	if (!h->clickhouse)
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: HTTP %ld without any X-ClickHouse-*"
		    " header: not the HTTP interface of a ClickHouse server",
		    url, h->status);
	if (h->status != 200)
		return custody_fail(err, CUSTODY_ERR_IO,
		    "%s: HTTP %ld from ClickHouse%s%s: %s", url, h->status,
		    h->exception[0] != '\0' ? ", exception code " : "",
		    h->exception, server_message(h));
	return CUSTODY_OK;
}

static void
http_release(struct http *h)
{
	if (h->curl != NULL)
		curl_easy_cleanup(h->curl);
	h->curl = NULL;
	custody_buf_release(&h->small);
}

static void
http_init(struct http *h, const struct custody_extract_opts *opts, int out)
{
	memset(h, 0, sizeof(*h));
	h->opts = opts;
	h->out = out;
	h->max_bytes =
	    opts->max_bytes > 0 ? opts->max_bytes : CUSTODY_EXTRACT_MAX_BYTES;
	custody_buf_init(&h->small, SMALL_BODY);
}

/* The URL with query_id added, for the server's system.query_log. */
static enum custody_code
request_url(const char *url, const char *query_id, char *out, size_t cap,
    struct custody_error *err)
{
	if ((size_t)snprintf(out, cap, "%s%squery_id=%s", url,
	        strchr(url, '?') != NULL ? "&" : "?", query_id) >= cap)
		return custody_fail(
		    err, CUSTODY_ERR_USAGE, "--clickhouse: URL too long");
	return CUSTODY_OK;
}

static bool
printable(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

/* SELECT version(), hostName(), timezone(): who answers. */
static enum custody_code
probe(const char *url, const struct custody_extract_opts *opts,
    struct custody_extract_info *info, struct custody_error *err)
{
	static const char q[] =
	    "SELECT version(), hostName(), timezone() FORMAT TabSeparated";
	struct http h;
	struct custody_reader r, v, n, z;
	enum custody_code rc;

	http_init(&h, opts, -1);
	if ((rc = post(&h, url, q, sizeof(q) - 1, err)) != CUSTODY_OK)
		goto out;
	custody_reader_init(&r, h.small.data, h.small.len);
	if (!custody_reader_until(&r, '\t', &v) ||
	    !custody_reader_until(&r, '\t', &n) ||
	    !custody_reader_until(&r, '\n', &z) ||
	    custody_reader_left(&r) != 0 || custody_reader_left(&v) == 0 ||
	    custody_reader_left(&v) >= sizeof(info->server_version) ||
	    custody_reader_left(&n) >= sizeof(info->server_name) ||
	    custody_reader_left(&z) >= sizeof(info->server_timezone)) {
		rc = custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: the answer to SELECT version(),"
		    " hostName(), timezone() is not one row of three values: not a ClickHouse"
		    " server",
		    url);
		goto out;
	}
	custody_reader_bytes(&v, info->server_version, custody_reader_left(&v));
	custody_reader_bytes(&n, info->server_name, custody_reader_left(&n));
	custody_reader_bytes(
	    &z, info->server_timezone, custody_reader_left(&z));
	/* They are printed and recorded: no control bytes (and TSV escapes,
	 * which a host name has no use for, stay as they are). */
	if (!printable(info->server_version) || !printable(info->server_name) ||
	    !printable(info->server_timezone))
		rc = custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: the server's version, name or time"
		    " zone holds control bytes: not a ClickHouse server",
		    url);
out:
	http_release(&h);
	return rc;
}

/* ------------------------------------------------------------ streaming */

static void *
hash_main(void *arg)
{
	struct hasher *x = arg;

	x->rc = custody_hash_stream(
	    x->in, -1, x->name, &x->digest, NULL, NULL, &x->err);
	/* Whatever happened, the sender must not wait on a reader that left. */
	shutdown(x->in, SHUT_RDWR);
	return NULL;
}

static void *
transfer_main(void *arg)
{
	struct transfer *t = arg;
	const struct custody_extract_opts *o = t->opts;

	t->info->started_ns = o->now != NULL ? o->now(o->now_arg) : 0;
	t->rc = post(&t->h, t->url, t->sql, t->len, &t->err);
	t->info->ended_ns = o->now != NULL ? o->now(o->now_arg) : 0;
	shutdown(t->sv[1], SHUT_WR); /* the hashing thread reads to the end */
	pthread_mutex_lock(&t->mu);
	t->done = true;
	pthread_cond_broadcast(&t->more);
	pthread_mutex_unlock(&t->mu);
	return NULL;
}

/* grow.wait: the bytes stored once there are more than have, or at the end. */
static size_t
transfer_wait(struct custody_growing *g, size_t have)
{
	struct transfer *t = (struct transfer *)(void *)g;
	uint64_t n;

	pthread_mutex_lock(&t->mu);
	while (t->stored <= have && !t->done)
		pthread_cond_wait(&t->more, &t->mu);
	n = t->stored;
	pthread_mutex_unlock(&t->mu);
	return n > have ? (size_t)n : have;
}

/*
 * Sends the statement, on a thread of its own, the response going to
 * store (the temporary file, -1: hashed only) and through the hashing
 * thread. With map, the stored bytes can be read at t->grow as they come.
 * transfer_end() must follow, whatever this returns.
 */
static enum custody_code
transfer_start(struct transfer *t, const char *url, const char *sql, size_t len,
    const struct custody_extract_opts *opts, int store, bool map,
    const char *name, struct custody_extract_info *info,
    struct custody_error *err)
{
	enum custody_code rc;

	memset(t, 0, sizeof(*t));
	t->sv[0] = t->sv[1] = t->store = -1;
	t->joined = true;
	t->map = MAP_FAILED;
	pthread_mutex_init(&t->mu, NULL);
	pthread_cond_init(&t->more, NULL);
	t->sql = sql;
	t->len = len;
	t->opts = opts;
	t->info = info;
	if ((rc = request_url(url, info->query_id, t->url, sizeof(t->url),
	         err)) != CUSTODY_OK)
		return rc;
	if (store >= 0 && (t->store = fcntl(store, F_DUPFD_CLOEXEC, 0)) < 0)
		return custody_fail_errno(
		    err, CUSTODY_ERR_IO, "the response's temporary file");
	http_init(&t->h, opts, -1);
	t->h.t = t;
	if (map) {
		/* The whole response may be mapped before it is written: the
		 * parse reads only what is stored (a page past the end of the
		 * file would fault), and what it has read is paged out. */
		long pg = sysconf(_SC_PAGESIZE);

		t->map_len = t->h.max_bytes < SIZE_MAX / 2
		    ? (size_t)t->h.max_bytes
		    : SIZE_MAX / 2;
		if (pg > 0)
			t->map_len = (t->map_len + (size_t)pg - 1) /
			    (size_t)pg * (size_t)pg;
		t->map = mmap(NULL, t->map_len, PROT_READ,
		    MAP_SHARED | MAP_NORESERVE, t->store, 0);
		t->grow.data = t->map != MAP_FAILED ? t->map : NULL;
		t->grow.wait = transfer_wait;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, t->sv) != 0) {
		t->sv[0] = t->sv[1] = -1;
		return custody_fail_errno(err, CUSTODY_ERR_IO, "socketpair");
	}
	t->h.out = t->sv[1];
	t->x.in = t->sv[0];
	t->x.name = name;
	if (pthread_create(&t->x.thread, NULL, hash_main, &t->x) != 0)
		return custody_fail(
		    err, CUSTODY_ERR_NOMEM, "cannot start the hashing thread");
	t->started = true;
	if (pthread_create(&t->thread, NULL, transfer_main, t) != 0) {
		shutdown(t->sv[1], SHUT_WR);
		return custody_fail(
		    err, CUSTODY_ERR_NOMEM, "cannot start the transfer thread");
	}
	t->joined = false;
	return CUSTODY_OK;
}

/*
 * Waits for the end of the transfer (cut: stops it first, as the parse
 * failed) and checks what came: transfer complete, all of it stored and
 * hashed, no exception written into the stream, a last row ended by a
 * newline. On success digest and info are filled. A transfer cut by the
 * caller returns CUSTODY_OK with nothing filled (its error is the parse's).
 * The mapping stays (the ingest reads it to the end): transfer_unmap().
 */
static void
transfer_unmap(struct transfer *t)
{
	if (t->map != MAP_FAILED)
		munmap(t->map, t->map_len);
	t->map = MAP_FAILED;
}

static enum custody_code
transfer_end(struct transfer *t, bool cut, struct custody_digest *digest,
    struct custody_error *err)
{
	struct custody_extract_info *info = t->info;
	struct http *h = &t->h;
	const char *url = t->opts->url;
	enum custody_code rc;

	if (t->ended) /* once: a second call only makes sure */
		return CUSTODY_OK;
	t->ended = true;
	if (cut) {
		pthread_mutex_lock(&t->mu);
		t->cut = true;
		pthread_mutex_unlock(&t->mu);
	}
	if (!t->joined)
		pthread_join(t->thread, NULL);
	t->joined = true;
	if (t->started) {
		if (t->sv[1] >= 0)
			shutdown(t->sv[1], SHUT_WR);
		pthread_join(t->x.thread, NULL);
		t->started = false;
	}
	if (t->sv[0] >= 0)
		close(t->sv[0]);
	if (t->sv[1] >= 0)
		close(t->sv[1]);
	if (t->store >= 0)
		close(t->store);
	t->sv[0] = t->sv[1] = t->store = -1;
	pthread_mutex_destroy(&t->mu);
	pthread_cond_destroy(&t->more);
	info->http_status = h->status;
	info->bytes = h->bytes;
	rc = t->rc;
	if (rc != CUSTODY_OK && h->cut) {
		rc = CUSTODY_OK; /* stopped here: the parse says why */
		goto out;
	}
	if (rc != CUSTODY_OK && !h->write_failed)
		rc = custody_fail(err, rc, "%s", t->err.msg);
	else if (rc == CUSTODY_OK && t->x.rc != CUSTODY_OK)
		rc = custody_fail(err, t->x.rc, "%s", t->x.err.msg);
	else if (rc != CUSTODY_OK)
		rc = t->x.rc != CUSTODY_OK
		    ? custody_fail(err, t->x.rc, "%s", t->x.err.msg)
		    : custody_fail(err, CUSTODY_ERR_IO,
		          "storing the response: %s",
		          strerror(h->store_errno != 0 ? h->store_errno : EIO));
	if (rc == CUSTODY_OK && t->x.digest.size != h->bytes)
		rc = custody_fail(err, CUSTODY_ERR_IO,
		    "%s: %llu bytes received, %llu stored", url,
		    (unsigned long long)h->bytes,
		    (unsigned long long)t->x.digest.size);
	if (rc == CUSTODY_OK && h->tail_len > 0) {
		/* ClickHouse writes an error met after the first block into the
		 * body, as a last line "Code: N, e.displayText() = ..." (18.x)
		 * or "Code: N. DB::Exception: ..." (later), and ends the reply
		 * as if it were complete. */
		size_t end = h->tail_len, start;

		while (end > 0 &&
		    (h->tail[end - 1] == '\n' || h->tail[end - 1] == '\r'))
			end--;
		for (start = end; start > 0 && h->tail[start - 1] != '\n';
		     start--)
			;
		if (end - start > 6 &&
		    memcmp(h->tail + start, "Code: ", 6) == 0 &&
		    memmem(h->tail + start, end - start, "Exception", 9) !=
		        NULL)
			rc = custody_fail(err, CUSTODY_ERR_IO,
			    "%s: ClickHouse stopped the query after"
			    " sending part of it (%llu bytes): %.*s; nothing was added",
			    url, (unsigned long long)h->bytes,
			    (int)(end - start < 300 ? end - start : 300),
			    h->tail + start);
		else if (h->tail[h->tail_len - 1] != '\n')
			rc = custody_fail(err, CUSTODY_ERR_TRUNCATED,
			    "%s: the response does not end"
			    " with a complete row (%llu bytes): cut short; nothing was added",
			    url, (unsigned long long)h->bytes);
	}
	if (rc == CUSTODY_OK) {
		*digest = t->x.digest;
		custody_hex(t->x.digest.sha256, 32, info->response_sha256);
		info->rows = h->newlines >= 2 ? h->newlines - 2 : 0;
		if (h->display_name[0] != '\0' && info->server_name[0] == '\0')
			snprintf(info->server_name, sizeof(info->server_name),
			    "%s", h->display_name);
	}
out:
	http_release(h);
	return rc;
}

/* ------------------------------------------------------------ records */

static enum custody_code
add_json(struct custody_buf *b, const char *key, const char *val)
{
	enum custody_code rc = custody_buf_printf(b, ",\"%s\":", key);

	if (rc == CUSTODY_OK)
		rc = custody_buf_json_str(b, val, strlen(val));
	return rc;
}

/* "server":{...},"started":...,"ended":...,"rows":...,"bytes":...,"response_sha256":... */
static enum custody_code
add_outcome(struct custody_buf *b, const struct custody_extract_info *info)
{
	char t0[40], t1[40];
	enum custody_code rc;

	custody_time_format(info->started_ns, 6, t0);
	custody_time_format(info->ended_ns, 6, t1);
	rc = custody_buf_addstr(b, ",\"server\":{\"version\":");
	if (rc == CUSTODY_OK)
		rc = custody_buf_json_str(
		    b, info->server_version, strlen(info->server_version));
	if (rc == CUSTODY_OK)
		rc = add_json(b, "name", info->server_name);
	if (rc == CUSTODY_OK)
		rc = add_json(b, "timezone", info->server_timezone);
	if (rc == CUSTODY_OK)
		rc = custody_buf_printf(b,
		    "},\"query_id\":\"%s\",\"started\":\"%s\",\"ended\":\"%s\","
		    "\"http_status\":%ld,\"rows\":%llu,\"bytes\":%llu,\"response_sha256\":\"%s\"",
		    info->query_id, t0, t1, info->http_status,
		    (unsigned long long)info->rows,
		    (unsigned long long)info->bytes, info->response_sha256);
	return rc;
}

/* The time of the event that records a transfer: once it has ended. */
static int64_t
after(const struct custody_actor *who, const struct custody_extract_opts *opts)
{
	int64_t now = opts->now != NULL ? opts->now(opts->now_arg) : 0;

	return now > who->now_ns ? now : who->now_ns;
}

/* A query_id nobody else has: custody-<16 random hex digits>. */
static enum custody_code
new_query_id(struct custody_extract_info *info, struct custody_error *err)
{
	uint8_t r[8];
	char hex[17];

	if (RAND_bytes(r, sizeof(r)) != 1)
		return custody_fail_openssl(err, "query_id");
	custody_hex(r, sizeof(r), hex);
	snprintf(info->query_id, sizeof(info->query_id), "custody-%s", hex);
	return CUSTODY_OK;
}

/*
 * The columns a query declares, against the first two lines of the
 * response (names, then types, TSV-escaped as ClickHouse writes them).
 * A response cut short (partial) may lack them: then nothing is said.
 */
static enum custody_code
check_columns(const struct custody_extract_query *q, int fd, const char *url,
    bool partial, struct custody_error *err)
{
	char head[8192], want[512], *p, *lines[2];
	ssize_t n;
	size_t i, k;

	if (q->ncolumn == 0)
		return CUSTODY_OK;
	do
		n = pread(fd, head, sizeof(head) - 1, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return custody_fail_errno(
		    err, CUSTODY_ERR_IO, "reading the stored response");
	head[n] = '\0';
	lines[0] = head;
	if (partial &&
	    ((p = strchr(head, '\n')) == NULL || strchr(p + 1, '\n') == NULL))
		return CUSTODY_OK;
	if ((p = strchr(head, '\n')) == NULL)
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: the response has no header line", url);
	*p = '\0';
	lines[1] = p + 1;
	if ((p = strchr(lines[1], '\n')) == NULL)
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: the response has no types line", url);
	*p = '\0';
	for (k = 0; k < 2; k++) {
		char *save = NULL, *tok = strtok_r(lines[k], "\t", &save);

		for (i = 0; i < q->ncolumn;
		     i++, tok = strtok_r(NULL, "\t", &save)) {
			const char *decl =
			    k == 0 ? q->column[i].name : q->column[i].type;
			size_t w = 0;

			/* ClickHouse escapes ' and \ in the header lines */
			for (p = (char *)(uintptr_t)decl;
			     *p != '\0' && w + 3 < sizeof(want); p++) {
				if (*p == '\'' || *p == '\\')
					want[w++] = '\\';
				want[w++] = *p;
			}
			want[w] = '\0';
			if (tok == NULL || strcmp(tok, want) != 0)
				return custody_fail(err, CUSTODY_ERR_FORMAT,
				    "%s: column %zu of the"
				    " response %s %s%s%s, the query %s declares %s '%s'; nothing was"
				    " added",
				    url, i + 1,
				    k == 0 ? "is named" : "has type",
				    tok != NULL ? "'" : "(none)",
				    tok != NULL ? tok : "",
				    tok != NULL ? "'" : "", q->name,
				    k == 0 ? "the name" : "type", decl);
		}
		if (tok != NULL)
			return custody_fail(err, CUSTODY_ERR_FORMAT,
			    "%s: the response has more than"
			    " the %zu columns the query %s declares; nothing was added",
			    url, q->ncolumn, q->name);
	}
	return CUSTODY_OK;
}

/* An extract under way: what its end needs (the stored original's ended()). */
struct run {
	struct transfer t;
	const struct custody_extract_query *q;
	const struct custody_extract_opts *opts;
	const struct custody_buf *sql, *params;
	struct custody_buf details;
	struct custody_extract_info *info;
	const struct custody_actor *who;
	/* the ingest event's: its time once the transfer ended */
	struct custody_actor actor;
	int fd; /* the temporary file, for its header lines */
};

/* The event's "extract" object: what was asked of which server, what came back. */
static enum custody_code
extract_details(struct run *r, struct custody_error *err)
{
	const struct custody_extract_opts *opts = r->opts;
	struct custody_buf *d = &r->details;
	enum custody_code rc;

	d->len = 0;
	rc = custody_buf_addstr(d, "\"extract\":{\"url\":");
	if (rc == CUSTODY_OK)
		rc = custody_buf_json_str(d, opts->url, strlen(opts->url));
	if (rc == CUSTODY_OK)
		rc = custody_buf_printf(d, ",\"tls_verify\":%s",
		    strncmp(opts->url, "https:", 6) != 0 ? "null"
		        : opts->insecure                 ? "false"
		                                         : "true");
	if (rc == CUSTODY_OK)
		rc = add_json(d, "query_name", r->q->name);
	if (rc == CUSTODY_OK)
		rc = add_json(d, "query_origin", r->q->origin);
	if (rc == CUSTODY_OK)
		rc = add_json(d, "query", r->q->text);
	if (rc == CUSTODY_OK)
		rc = custody_buf_printf(d,
		    ",\"query_sha256\":\"%s\",\"params\":%s", r->q->sha256,
		    r->params->data);
	if (rc == CUSTODY_OK)
		rc = add_json(d, "sent", r->sql->data);
	if (rc == CUSTODY_OK)
		rc = custody_buf_printf(d,
		    ",\"sent_sha256\":\"%s\",\"response_format\":\"%s\"",
		    r->info->sent_sha256, RESPONSE_FORMAT);
	if (rc == CUSTODY_OK)
		rc = add_outcome(d, r->info);
	if (rc == CUSTODY_OK)
		rc = custody_buf_addstr(d, "}");
	if (rc != CUSTODY_OK)
		return custody_fail(err, CUSTODY_ERR_LIMIT,
		    "the extract is too large to record");
	return CUSTODY_OK;
}

/*
 * The end of the transfer (ingest.c calls it once the parse has read all
 * that came, or stopped): its checks, then the columns the query
 * declares, then what the event records. A failed transfer's error comes
 * before the parse's, as when the parse came after it.
 */
static enum custody_code
run_ended(struct custody_ingest_stored *st, bool parse_failed,
    struct custody_error *err)
{
	struct run *r = st->arg;
	enum custody_code rc;

	if ((rc = transfer_end(&r->t, parse_failed, &st->digest, err)) !=
	        CUSTODY_OK ||
	    (rc = check_columns(
	         r->q, r->fd, r->opts->url, parse_failed, err)) != CUSTODY_OK)
		return rc;
	if (parse_failed) {
		/* the parse's error stands; the server was not kept waiting */
		size_t n = err != NULL ? strlen(err->msg) : 0;

		if (r->t.h.cut && n > 0 && n < sizeof(err->msg))
			snprintf(err->msg + n, sizeof(err->msg) - n,
			    "; the transfer was stopped there"
			    " (%llu bytes in); nothing was added",
			    (unsigned long long)r->t.h.bytes);
		return CUSTODY_OK;
	}
	if ((rc = extract_details(r, err)) != CUSTODY_OK)
		return rc;
	st->details = r->details.data;
	r->actor.now_ns = after(r->who, r->opts);
	return CUSTODY_OK;
}

enum custody_code
custody_extract(struct custody_case *c, const struct custody_actor *who,
    const struct custody_extract_query *q, const struct custody_kv *kv,
    size_t n, const struct custody_extract_opts *opts,
    struct custody_extract_result *out, struct custody_error *err)
{
	struct custody_ingest_stored st = { .fd = -1 };
	struct custody_ingest_opts io;
	struct custody_buf sql, params;
	struct custody_extract_info *info = &out->info;
	struct custody_digest unused;
	struct custody_error scratch;
	struct run *r;
	const char *format = opts->format != NULL ? opts->format : q->format;
	char parser[32], name[96];
	uint8_t md[CUSTODY_SHA256_LEN];
	enum custody_code rc;
	bool started = false;

	memset(out, 0, sizeof(*out));
	if ((r = calloc(1, sizeof(*r))) == NULL)
		return custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
	custody_buf_init(&sql, CUSTODY_MAX_JSON / 4);
	custody_buf_init(&params, CUSTODY_MAX_JSON / 8);
	custody_buf_init(&r->details, CUSTODY_MAX_JSON / 2);
	if (strcmp(format, "dns") != 0 && strcmp(format, "orgmap") != 0 &&
	    strcmp(format, "events") != 0) {
		rc = custody_fail(err, CUSTODY_ERR_USAGE,
		    "--format %s: dns, orgmap or events", format);
		goto out;
	}
	snprintf(parser, sizeof(parser), "clickhouse-%s", format);
	snprintf(name, sizeof(name), "%s.tsv", q->name);
	if ((rc = check_url(opts->url, err)) != CUSTODY_OK ||
	    (rc = custody_extract_bind(q, kv, n, &sql, &params, err)) !=
	        CUSTODY_OK)
		goto out;
	if (custody_buf_addstr(&sql, "\nFORMAT " RESPONSE_FORMAT) !=
	    CUSTODY_OK) {
		rc = custody_fail(
		    err, CUSTODY_ERR_LIMIT, "the statement is too long");
		goto out;
	}
	if ((rc = custody_sha256(sql.data, sql.len, md, err)) != CUSTODY_OK)
		goto out;
	custody_hex(md, sizeof(md), info->sent_sha256);
	if ((rc = probe(opts->url, opts, info, err)) != CUSTODY_OK ||
	    (rc = new_query_id(info, err)) != CUSTODY_OK ||
	    (rc = custody_ingest_tmp(c, &st, err)) != CUSTODY_OK)
		goto out;
	r->q = q;
	r->opts = opts;
	r->sql = &sql;
	r->params = &params;
	r->info = info;
	r->who = who;
	r->actor = (struct custody_actor){ who->key, after(who, opts) };
	r->fd = st.fd;
	st.name = name;
	st.arg = r;
	/*
	 * The response is parsed into the case while it arrives, read from
	 * the temporary file as it is stored: the wall time is then about the
	 * longer of the two, not their sum. Where the file cannot be mapped
	 * ahead of its bytes, the parse waits for the end of the transfer.
	 */
	if (opts->phase != NULL)
		opts->phase(NULL, opts->phase_arg);
	started = true;
	if ((rc = transfer_start(&r->t, opts->url, sql.data, sql.len, opts,
	         st.fd, true, name, info, err)) != CUSTODY_OK)
		goto out;
	if (r->t.grow.data != NULL) {
		st.grow = &r->t.grow;
		st.ended = run_ended;
		/* The ingest holds the case's write lock: not while the server
		 * thinks (sorts) before its first byte. */
		(void)transfer_wait(&r->t.grow, 0);
	} else if ((rc = run_ended(&st, false, err)) != CUSTODY_OK) {
		goto out;
	} else if (opts->phase != NULL) {
		opts->phase("transfer", opts->phase_arg);
	}
	memset(&io, 0, sizeof(io));
	io.format = parser;
	io.phase = opts->phase;
	io.phase_arg = opts->phase_arg;
	io.source = opts->source;
	io.note = opts->note;
	/* Every row must parse (a typed column store has no excuse), and a
	 * bare DateTime is in the server's zone: both are recorded with the
	 * ingest, so verify --deep and review parse the same way. */
	io.parse.strict = true;
	if (custody_tz_known(info->server_timezone))
		io.parse.tz = info->server_timezone;
	rc = custody_ingest_stored(c, &r->actor, &st, &io, &out->ingest, err);
out:
	/* Stopped and joined whatever happened (ingest.c may have failed
	 * before its parse); its error, if any, is not the one to report. */
	if (started) {
		(void)transfer_end(&r->t, true, &unused, &scratch);
		transfer_unmap(&r->t);
	}
	custody_ingest_stored_release(&st);
	custody_buf_release(&sql);
	custody_buf_release(&params);
	custody_buf_release(&r->details);
	free(r);
	return rc;
}

/* ------------------------------------------------------------ recheck */

/* The "extract" object of an evidence item's ingest event, and its row. */
static enum custody_code
recorded(struct custody_case *c, const char *evidence,
    struct custody_recheck_result *out, char **details,
    struct custody_error *err)
{
	sqlite3_stmt *st = NULL;
	const char *line, *d;
	struct custody_reader v;
	enum custody_code rc;
	int found = 0;

	*details = NULL;
	if (evidence[0] == '\0' ||
	    strspn(evidence, "0123456789abcdefABCDEF") != strlen(evidence))
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "evidence '%.80s': give its id or a"
		    " prefix of its SHA-256",
		    evidence);
	if ((rc = custody_db_prepare(c->db,
	         "SELECT e.id, e.sha256, ev.line FROM evidence e JOIN events ev ON ev.seq = e.event_seq"
	         " WHERE CAST(e.id AS TEXT) = ?1 OR (length(?1) >= 4 AND e.sha256 LIKE lower(?1) || '%')",
	         &st, err)) != CUSTODY_OK)
		return rc;
	sqlite3_bind_text(st, 1, evidence, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (found++ > 0) {
			sqlite3_finalize(st);
			free(*details);
			*details = NULL;
			return custody_fail(err, CUSTODY_ERR_USAGE,
			    "evidence '%s': more than one"
			    " evidence item matches; give more of its SHA-256",
			    evidence);
		}
		out->evidence_id = sqlite3_column_int64(st, 0);
		snprintf(out->evidence_sha256, sizeof(out->evidence_sha256),
		    "%s", (const char *)sqlite3_column_text(st, 1));
		line = (const char *)sqlite3_column_text(st, 2);
		if (line != NULL && (d = strstr(line, " {")) != NULL &&
		    custody_json_member(d + 1, strlen(d + 1), "extract", &v) &&
		    (*details = malloc(custody_reader_left(&v) + 1)) != NULL) {
			memcpy(*details, custody_reader_ptr(&v),
			    custody_reader_left(&v));
			(*details)[custody_reader_left(&v)] = '\0';
		}
	}
	sqlite3_finalize(st);
	if (found == 0)
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "no evidence '%s' in the case (give its"
		    " id or a SHA-256 prefix)",
		    evidence);
	if (*details == NULL)
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "evidence %lld (%.16s...) is not an"
		    " extract: its ingest event records no query",
		    (long long)out->evidence_id, out->evidence_sha256);
	return CUSTODY_OK;
}

enum custody_code
custody_extract_recheck(struct custody_case *c, const struct custody_actor *who,
    const char *evidence, const struct custody_extract_opts *opts,
    struct custody_recheck_result *out, struct custody_error *err)
{
	struct custody_extract_opts o = *opts;
	struct custody_extract_info *info = &out->info;
	struct custody_digest digest;
	struct custody_error scratch;
	struct transfer t;
	struct custody_buf sent, b;
	struct custody_reader v;
	char *details = NULL, subject[80], was[65];
	uint8_t md[CUSTODY_SHA256_LEN];
	enum custody_code rc;
	bool in_txn = false;

	memset(out, 0, sizeof(*out));
	custody_buf_init(&sent, CUSTODY_MAX_JSON);
	custody_buf_init(&b, CUSTODY_MAX_JSON);
	if ((rc = recorded(c, evidence, out, &details, err)) != CUSTODY_OK)
		goto out;
	if (!custody_json_get_string(
	        details, "url", out->url, sizeof(out->url)) ||
	    !custody_json_get_string(
	        details, "response_sha256", was, sizeof(was)) ||
	    !custody_json_member(details, strlen(details), "sent", &v)) {
		rc = custody_fail(err, CUSTODY_ERR_FORMAT,
		    "evidence %lld: its extract record lacks"
		    " the URL, the statement sent or the response's SHA-256",
		    (long long)out->evidence_id);
		goto out;
	}
	{
		size_t len = custody_reader_left(&v);

		if (custody_buf_add(&sent, custody_reader_ptr(&v), len) !=
		        CUSTODY_OK ||
		    !custody_json_string(&v, sent.data, len + 1, &sent.len)) {
			rc = custody_fail(err, CUSTODY_ERR_FORMAT,
			    "evidence %lld: the statement it"
			    " records does not read back",
			    (long long)out->evidence_id);
			goto out;
		}
	}
	if (o.url == NULL)
		o.url = out->url;
	else
		snprintf(out->url, sizeof(out->url), "%s", o.url);
	if ((rc = check_url(o.url, err)) != CUSTODY_OK ||
	    (rc = custody_sha256(sent.data, sent.len, md, err)) != CUSTODY_OK)
		goto out;
	custody_hex(md, sizeof(md), info->sent_sha256);
	if ((rc = probe(o.url, &o, info, err)) != CUSTODY_OK ||
	    (rc = new_query_id(info, err)) != CUSTODY_OK)
		goto out;
	rc = transfer_start(&t, o.url, sent.data, sent.len, &o, -1, false,
	    out->evidence_sha256, info, err);
	if (rc != CUSTODY_OK) {
		(void)transfer_end(&t, true, &digest, &scratch);
		goto out;
	}
	if ((rc = transfer_end(&t, false, &digest, err)) != CUSTODY_OK)
		goto out;
	out->same = strcmp(info->response_sha256, was) == 0;

	rc = custody_buf_addstr(&b, "{");
	if (rc == CUSTODY_OK)
		rc = custody_log_who(&b, c, who);
	if (rc == CUSTODY_OK)
		rc = custody_buf_printf(&b,
		    ",\"text\":\"%s\",\"recheck\":{\"evidence_id\":%lld,"
		    "\"evidence_sha256\":\"%s\"",
		    out->same ? "the server returned the same bytes again"
		              : "the server returned different bytes",
		    (long long)out->evidence_id, out->evidence_sha256);
	if (rc == CUSTODY_OK)
		rc = add_json(&b, "url", o.url);
	if (rc == CUSTODY_OK)
		rc = custody_buf_printf(&b,
		    ",\"tls_verify\":%s,\"sent_sha256\":\"%s\"",
		    strncmp(o.url, "https:", 6) != 0 ? "null"
		        : o.insecure                 ? "false"
		                                     : "true",
		    info->sent_sha256);
	if (rc == CUSTODY_OK)
		rc = add_outcome(&b, info);
	if (rc == CUSTODY_OK)
		rc = custody_buf_printf(
		    &b, ",\"same\":%s}}", out->same ? "true" : "false");
	if (rc != CUSTODY_OK) {
		rc = custody_fail(err, CUSTODY_ERR_LIMIT,
		    "the recheck is too large to record");
		goto out;
	}
	snprintf(subject, sizeof(subject), "sha256:%s", out->evidence_sha256);
	if ((rc = custody_case_begin(c, err)) != CUSTODY_OK)
		goto out;
	in_txn = true;
	if ((rc = custody_log_append(c,
	         &(struct custody_actor){ who->key, after(who, opts) }, "note",
	         subject, b.data, &out->note_seq, err)) != CUSTODY_OK ||
	    (rc = custody_case_commit(c, err)) != CUSTODY_OK)
		goto out;
	in_txn = false;
out:
	if (in_txn)
		custody_case_rollback(c);
	free(details);
	custody_buf_release(&sent);
	custody_buf_release(&b);
	return rc;
}
