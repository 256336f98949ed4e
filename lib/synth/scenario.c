/*
 * scenario.c: reads the INI file that describes a synthetic case (see
 * custody-synth(1) and casefiles/alfa-2016/scenario.ini) and the org map
 * it names, and checks them before anything is generated.
 *
 * The reader is strict because a scenario is a specification: an unknown
 * section or key, a key given twice, a number that does not parse or is
 * out of range, a missing required key or section, or an address that
 * the org map does not attribute to the organisation the scenario says,
 * is an error naming the file and line. Silently ignoring a misspelt key
 * would make evidence that differs from what the author meant.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"
#include "synth.h"

enum kind {
	K_U64,
	K_DBL,
	K_TIME,
	K_STR,
	K_ADDR,
	K_BOOL,
	K_HOURS,
	K_OFFSET,
	K_POOLS,
	K_NAMES,
	K_DNSNAME
};

struct key {
	const char *name;
	enum kind kind;
	size_t off;  /* offset in the section's struct */
	size_t size; /* K_STR, K_DNSNAME: buffer size */
	bool required;
	double lo, hi; /* K_U64, K_DBL: allowed range */
};

#define F(type, field)   offsetof(type, field)
#define STR(type, field) offsetof(type, field), sizeof(((type *)0)->field)

static const struct key scenario_keys[] = {
	{ "title", K_STR, STR(struct scenario, title), false, 0, 0 },
	{ "seed", K_U64, F(struct scenario, seed), 0, true, 0, 1.8e19 },
	{ "host", K_DNSNAME, STR(struct scenario, host), true, 0, 0 },
	{ "answer", K_ADDR, F(struct scenario, answer), 0, true, 0, 0 },
	{ "ttl", K_U64, F(struct scenario, ttl), 0, false, 1, 604800 },
	{ "since", K_TIME, F(struct scenario, since), 0, true, 0, 0 },
	{ "until", K_TIME, F(struct scenario, until), 0, true, 0, 0 },
	{ "claimed_until", K_TIME, F(struct scenario, claimed_until), 0, false,
	    0, 0 },
	{ "capture_since", K_TIME, F(struct scenario, capture_since), 0, true,
	    0, 0 },
	{ "capture_until", K_TIME, F(struct scenario, capture_until), 0, true,
	    0, 0 },
	{ "capture_server", K_STR, STR(struct scenario, capture_server), true,
	    0, 0 },
	{ "orgmap", K_STR, STR(struct scenario, orgmap), true, 0, 0 },
	{ "duplicate_share", K_DBL, F(struct scenario, duplicate_share), 0,
	    false, 0, 0.5 },
	{ "tcp_share", K_DBL, F(struct scenario, tcp_share), 0, false, 0, 1 },
	{ "day_jitter", K_DBL, F(struct scenario, day_jitter), 0, false, 0,
	    0.9 },
	{ "burst_mean", K_DBL, F(struct scenario, burst_mean), 0, false, 1,
	    50 },
	{ NULL, K_U64, 0, 0, false, 0, 0 },
};

static const struct key rename_keys[] = {
	{ "removed", K_TIME, F(struct scenario, removed), 0, true, 0, 0 },
	{ "servfail_share", K_DBL, F(struct scenario, servfail_share), 0, false,
	    0, 1 },
	{ "new_host", K_DNSNAME, STR(struct scenario, new_host), true, 0, 0 },
	{ "new_first", K_TIME, F(struct scenario, new_first), 0, true, 0, 0 },
	{ "new_first_source", K_STR, STR(struct scenario, new_first_source),
	    true, 0, 0 },
	{ NULL, K_U64, 0, 0, false, 0, 0 },
};

static const struct key smtp_keys[] = {
	{ "precede_minutes", K_U64, F(struct scenario, precede_minutes), 0,
	    true, 1, 1440 },
	{ NULL, K_U64, 0, 0, false, 0, 0 },
};

static const struct key background_keys[] = {
	{ "queries", K_U64, F(struct scenario, bg_queries), 0, true, 0, 1e9 },
	{ "resolvers", K_U64, F(struct scenario, bg_resolvers), 0, true, 1,
	    65536 },
	{ "pools", K_POOLS, 0, 0, true, 0, 0 },
	{ "names", K_NAMES, 0, 0, true, 0, 0 },
	{ "tcp_share", K_DBL, F(struct scenario, bg_tcp_share), 0, false, 0,
	    1 },
	{ "nxdomain_share", K_DBL, F(struct scenario, bg_nxdomain_share), 0,
	    false, 0, 1 },
	{ NULL, K_U64, 0, 0, false, 0, 0 },
};

static const struct key server_keys[] = {
	{ "name", K_DNSNAME, STR(struct sc_server, name), true, 0, 0 },
	{ "ipv4", K_ADDR, F(struct sc_server, ipv4), 0, true, 0, 0 },
	{ "ipv6", K_ADDR, F(struct sc_server, ipv6), 0, false, 0, 0 },
	{ "weight", K_DBL, F(struct sc_server, weight), 0, true, 0, 1000 },
	{ NULL, K_U64, 0, 0, false, 0, 0 },
};

static const struct key source_keys[] = {
	{ "org", K_STR, STR(struct sc_source, org), true, 0, 0 },
	{ "address", K_ADDR, F(struct sc_source, address), 0, true, 0, 0 },
	{ "total", K_U64, F(struct sc_source, total), 0, true, 0, 1e7 },
	{ "claimed", K_BOOL, F(struct sc_source, claimed), 0, false, 0, 0 },
	{ "utc_offset", K_OFFSET, F(struct sc_source, utc_offset), 0, false, 0,
	    0 },
	{ "office_hours", K_HOURS, F(struct sc_source, office_lo), 0, false, 0,
	    0 },
	{ "off_hours", K_DBL, F(struct sc_source, off_hours), 0, false, 0, 1 },
	{ "weekend", K_DBL, F(struct sc_source, weekend), 0, false, 0, 1 },
	{ "after", K_DBL, F(struct sc_source, after), 0, false, 0, 10 },
	{ "renamed", K_DBL, F(struct sc_source, renamed), 0, false, 0, 10 },
	{ "rtt_ms", K_U64, F(struct sc_source, rtt_ms), 0, false, 1, 2000 },
	{ "cache", K_BOOL, F(struct sc_source, cache), 0, false, 0, 0 },
	{ NULL, K_U64, 0, 0, false, 0, 0 },
};

static const struct key spike_keys[] = {
	{ "from", K_TIME, F(struct sc_spike, from), 0, true, 0, 0 },
	{ "days", K_U64, F(struct sc_spike, days), 0, true, 1, 366 },
	{ "factor", K_DBL, F(struct sc_spike, factor), 0, true, 0, 100 },
	{ NULL, K_U64, 0, 0, false, 0, 0 },
};

static const struct key lookup_keys[] = {
	{ "time", K_TIME, F(struct sc_lookup, time), 0, true, 0, 0 },
	{ "source", K_STR, STR(struct sc_lookup, source), true, 0, 0 },
	{ "name", K_DNSNAME, STR(struct sc_lookup, name), true, 0, 0 },
	{ "server", K_STR, STR(struct sc_lookup, server), true, 0, 0 },
	{ "claimed", K_BOOL, F(struct sc_lookup, claimed), 0, false, 0, 0 },
	{ "tcp", K_BOOL, F(struct sc_lookup, tcp), 0, false, 0, 0 },
	{ NULL, K_U64, 0, 0, false, 0, 0 },
};

static const struct key peer_keys[] = {
	{ "org", K_STR, STR(struct sc_peer, org), true, 0, 0 },
	{ "address", K_ADDR, F(struct sc_peer, address), 0, true, 0, 0 },
	{ "share", K_DBL, F(struct sc_peer, share), 0, true, 0, 1 },
	{ NULL, K_U64, 0, 0, false, 0, 0 },
};

static const struct key inbound_keys[] = {
	{ "org", K_STR, STR(struct sc_inbound, org), true, 0, 0 },
	{ "address", K_ADDR, F(struct sc_inbound, address), 0, true, 0, 0 },
	{ "accept", K_BOOL, F(struct sc_inbound, accept), 0, true, 0, 0 },
	{ "attempts", K_U64, F(struct sc_inbound, attempts), 0, true, 1,
	    100000 },
	{ NULL, K_U64, 0, 0, false, 0, 0 },
};

/* A section type: its name, whether it takes an id, how often it may
 * occur, and where its instances live. */
struct section {
	const char *name;
	const struct key *keys;
	bool has_id;
	size_t max;
};

static const struct section sections[] = {
	{ "scenario", scenario_keys, false, 1 },
	{ "rename", rename_keys, false, 1 },
	{ "smtp", smtp_keys, false, 1 },
	{ "background", background_keys, false, 1 },
	{ "server", server_keys, true, SC_MAX_SERVERS },
	{ "source", source_keys, true, SC_MAX_SOURCES },
	{ "spike", spike_keys, true, SC_MAX_SPIKES },
	{ "lookup", lookup_keys, true, SC_MAX_LOOKUPS },
	{ "smtp-peer", peer_keys, true, SC_MAX_PEERS },
	{ "smtp-inbound", inbound_keys, true, SC_MAX_INBOUND },
};

#define N_SECTIONS  (sizeof(sections) / sizeof(sections[0]))
#define MAX_KEYS    20
#define SC_LINE_MAX 4095 /* longest physical line of a scenario */
/* a scenario is a page of text, not a data set */
#define SC_MAX_FILE (1u << 20)

struct state {
	struct scenario *sc;
	const char *path;
	int line;
	const struct section *sec;
	void *obj; /* the struct keys write into */
	char *id;  /* the instance's id field, or NULL */
	int *obj_line;
	int sec_line;
	bool seen[MAX_KEYS];
	size_t count[N_SECTIONS];
	int first_line[N_SECTIONS];
};

static enum custody_code bad(struct state *st, struct custody_error *err,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static enum custody_code
bad(struct state *st, struct custody_error *err, const char *fmt, ...)
{
	char what[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return custody_fail(
	    err, CUSTODY_ERR_FORMAT, "%s:%d: %s", st->path, st->line, what);
}

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s &&
	    (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		*--e = '\0';
	return s;
}

bool
sc_parse_addr(const char *s, struct sc_addr *out)
{
	memset(out, 0, sizeof(*out));
	if (strlen(s) >= sizeof(out->text))
		return false;
	if (inet_pton(AF_INET, s, out->ep.addr) == 1)
		out->ep.family = 4;
	else if (inet_pton(AF_INET6, s, out->ep.addr) == 1)
		out->ep.family = 6;
	else
		return false;
	/* Canonical text (RFC 5952 for IPv6), as logs would print it. */
	inet_ntop(out->ep.family == 4 ? AF_INET : AF_INET6, out->ep.addr,
	    out->text, sizeof(out->text));
	return true;
}

static bool
parse_cidr(const char *s, struct sc_cidr *out)
{
	struct custody_reader r, addr;
	char buf[80];
	uint64_t len;

	custody_reader_init(&r, s, strlen(s));
	if (!custody_reader_until(&r, '/', &addr) ||
	    custody_reader_left(&addr) >= sizeof(buf))
		return false;
	buf[custody_reader_left(&addr)] = '\0';
	(void)custody_reader_bytes(&addr, buf, custody_reader_left(&addr));
	if (!sc_parse_addr(buf, &out->net) ||
	    !custody_reader_dec(&r, out->net.ep.family == 4 ? 32 : 128, &len) ||
	    custody_reader_left(&r) != 0)
		return false;
	out->len = (unsigned)len;
	return true;
}

static bool
in_cidr(const struct sc_cidr *c, const struct custody_synth_endpoint *ep)
{
	unsigned i;

	if (c->net.ep.family != ep->family)
		return false;
	for (i = 0; i < c->len; i++) {
		unsigned bit = 0x80u >> (i % 8);

		if ((c->net.ep.addr[i / 8] & bit) != (ep->addr[i / 8] & bit))
			return false;
	}
	return true;
}

int
sc_org_of(const struct scenario *sc, const struct sc_addr *a)
{
	int best = -1;
	size_t i;

	/* The longest prefix wins, as in routing. */
	for (i = 0; i < sc->n_map; i++)
		if (in_cidr(&sc->map_cidr[i], &a->ep) &&
		    (best < 0 || sc->map_cidr[i].len > sc->map_cidr[best].len))
			best = (int)i;
	return best;
}

/* A DNS name in presentation form: labels of [a-z0-9-_], 1..63 each,
 * 253 characters at most, no trailing dot; stored lower-cased. */
static bool
dns_name(const char *s, char *out, size_t size)
{
	size_t n = strlen(s), label = 0, i;

	if (n == 0 || n > 253 || n >= size)
		return false;
	for (i = 0; i <= n; i++) {
		char c = s[i];

		if (c == '.' || c == '\0') {
			if (label == 0 || label > 63)
				return false;
			label = 0;
		} else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || (c >= 'A' && c <= 'Z')) {
			label++;
		} else {
			return false;
		}
		out[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	return true;
}

static enum custody_code
set_value(
    struct state *st, const struct key *k, char *v, struct custody_error *err)
{
	char *p = (char *)st->obj + k->off, *end;
	struct scenario *sc = st->sc;

	switch (k->kind) {
	case K_U64: {
		uint64_t x;

		if (!custody_str_dec(v, UINT64_MAX, &x))
			return bad(st, err, "%s: '%s' is not a whole number",
			    k->name, v);
		if ((double)x < k->lo || (double)x > k->hi)
			return bad(
			    st, err, "%s: %s is out of range", k->name, v);
		memcpy(p, &x, sizeof(x));
		return CUSTODY_OK;
	}
	case K_DBL: {
		double x;

		errno = 0;
		x = strtod(v, &end);
		if (v[0] == '\0' || errno != 0 || *end != '\0' || !(x == x) ||
		    (v[0] != '-' && v[0] != '.' && (v[0] < '0' || v[0] > '9')))
			return bad(
			    st, err, "%s: '%s' is not a number", k->name, v);
		if (x < k->lo || x > k->hi)
			return bad(
			    st, err, "%s: %s is out of range", k->name, v);
		memcpy(p, &x, sizeof(x));
		return CUSTODY_OK;
	}
	case K_TIME: {
		int64_t ns;

		if (!custody_time_parse(v, &ns) || ns < 0)
			return bad(st, err,
			    "%s: '%s' is not an ISO 8601 UTC date or time",
			    k->name, v);
		memcpy(p, &(int64_t){ ns / 1000 }, sizeof(int64_t));
		return CUSTODY_OK;
	}
	case K_STR:
		if (strlen(v) >= k->size || v[0] == '\0')
			return bad(st, err, "%s: value is empty or too long%s",
			    k->name, "");
		snprintf(p, k->size, "%s", v);
		return CUSTODY_OK;
	case K_DNSNAME:
		if (!dns_name(v, p, k->size))
			return bad(
			    st, err, "%s: '%s' is not a DNS name", k->name, v);
		return CUSTODY_OK;
	case K_ADDR:
		if (!sc_parse_addr(v, (struct sc_addr *)(void *)p))
			return bad(st, err,
			    "%s: '%s' is not an IPv4 or IPv6 address", k->name,
			    v);
		return CUSTODY_OK;
	case K_BOOL:
		if (strcmp(v, "yes") == 0)
			*(bool *)(void *)p = true;
		else if (strcmp(v, "no") == 0)
			*(bool *)(void *)p = false;
		else
			return bad(
			    st, err, "%s: '%s' is not yes or no", k->name, v);
		return CUSTODY_OK;
	case K_HOURS: {
		struct custody_reader r;
		uint64_t lo, hi;

		custody_reader_init(&r, v, strlen(v));
		if (!custody_reader_dec(&r, UINT64_MAX, &lo) ||
		    !custody_reader_expect(&r, "-") ||
		    !custody_reader_dec(&r, UINT64_MAX, &hi) ||
		    custody_reader_left(&r) != 0)
			return bad(
			    st, err, "%s: '%s' is not HH-HH", k->name, v);
		if (lo >= hi || hi > 24)
			return bad(st, err,
			    "%s: '%s' is not HH-HH with 0 <= start < end <= 24",
			    k->name, v);
		memcpy(p, &lo, sizeof(lo));
		memcpy(p + sizeof(uint64_t), &hi, sizeof(hi));
		return CUSTODY_OK;
	}
	case K_OFFSET: {
		struct custody_reader r;
		uint64_t mag = 0;
		bool neg;
		int64_t x;

		/* the sign is required: "+2", "-5" */
		custody_reader_init(&r, v, strlen(v));
		neg = custody_reader_expect(&r, "-");
		if ((!neg && !custody_reader_expect(&r, "+")) ||
		    !custody_reader_dec(&r, neg ? 12 : 14, &mag) ||
		    custody_reader_left(&r) != 0)
			return bad(st, err,
			    "%s: '%s' is not a signed hour offset (-12..+14)",
			    k->name, v);
		x = neg ? -(int64_t)mag : (int64_t)mag;
		memcpy(p, &(int64_t){ x }, sizeof(int64_t));
		return CUSTODY_OK;
	}
	case K_POOLS:
	case K_NAMES: {
		char *tok, *save = NULL;

		for (tok = strtok_r(v, " \t", &save); tok != NULL;
		     tok = strtok_r(NULL, " \t", &save)) {
			if (k->kind == K_POOLS) {
				if (sc->n_pools == SC_MAX_POOLS)
					return bad(st, err,
					    "%s: more than %s pools", k->name,
					    "8");
				if (!parse_cidr(tok, &sc->pools[sc->n_pools]))
					return bad(st, err,
					    "%s: '%s' is not a CIDR block",
					    k->name, tok);
				sc->n_pools++;
			} else {
				if (sc->n_names == SC_MAX_NAMES)
					return bad(st, err,
					    "%s: more than %s names", k->name,
					    "64");
				if (!dns_name(
				        tok, sc->names[sc->n_names], SC_NAME) ||
				    strchr(tok, '.') == NULL)
					return bad(st, err,
					    "%s: '%s' is not a DNS name in a zone",
					    k->name, tok);
				sc->n_names++;
			}
		}
		if ((k->kind == K_POOLS ? sc->n_pools : sc->n_names) == 0)
			return bad(st, err, "%s: empty list%s", k->name, "");
		return CUSTODY_OK;
	}
	}
	return bad(st, err, "%s: internal error%s", k->name, "");
}

/* Checks that every required key of the section just closed was given. */
static enum custody_code
close_section(struct state *st, struct custody_error *err)
{
	size_t i;

	if (st->sec == NULL)
		return CUSTODY_OK;
	for (i = 0; st->sec->keys[i].name != NULL; i++)
		if (st->sec->keys[i].required && !st->seen[i]) {
			st->line = st->sec_line;
			return bad(st, err, "[%s] lacks the required key '%s'",
			    st->sec->name, st->sec->keys[i].name);
		}
	return CUSTODY_OK;
}

static void
source_defaults(struct sc_source *s)
{
	s->claimed = true;
	s->office_lo = 9;
	s->office_hi = 18;
	s->off_hours = 0.05;
	s->weekend = 0.2;
	s->rtt_ms = 80;
}

static enum custody_code
open_section(struct state *st, char *head, struct custody_error *err)
{
	struct scenario *sc = st->sc;
	char *id = strchr(head, ' ');
	size_t i, t, *n = NULL;

	if (id != NULL) {
		*id++ = '\0';
		id = trim(id);
	}
	for (t = 0; t < N_SECTIONS; t++)
		if (strcmp(sections[t].name, head) == 0)
			break;
	if (t == N_SECTIONS)
		return bad(st, err, "unknown section [%s]%s", head, "");
	if (sections[t].has_id != (id != NULL && id[0] != '\0'))
		return bad(st, err,
		    sections[t].has_id ? "[%s] needs an id: [%s ID]"
		                       : "[%s] takes no id%s",
		    head, sections[t].has_id ? head : "");
	if (id != NULL &&
	    (strlen(id) >= SC_ID ||
	        strspn(id,
	            "abcdefghijklmnopqrstuvwxyz"
	            "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != strlen(id)))
		return bad(st, err,
		    "[%s %s]: id must be 1-31 of [A-Za-z0-9._-]", head, id);
	if (st->count[t] == sections[t].max)
		return bad(st, err,
		    sections[t].max == 1 ? "[%s] given twice%s"
		                         : "too many [%s] sections%s",
		    head, "");
	if (st->count[t] == 0)
		st->first_line[t] = st->line;
	st->count[t]++;
	st->sec = &sections[t];
	st->sec_line = st->line;
	memset(st->seen, 0, sizeof(st->seen));
	st->id = NULL;
	switch (t) {
	case 0:
	case 1:
	case 2:
	case 3:
		st->obj = sc;
		if (t == 1)
			sc->has_rename = true;
		return CUSTODY_OK;
	case 4:
		st->obj = &sc->servers[sc->n_servers];
		st->id = sc->servers[sc->n_servers].id;
		sc->servers[sc->n_servers].line = st->line;
		n = &sc->n_servers;
		break;
	case 5:
		st->obj = &sc->sources[sc->n_sources];
		st->id = sc->sources[sc->n_sources].id;
		sc->sources[sc->n_sources].line = st->line;
		source_defaults(&sc->sources[sc->n_sources]);
		n = &sc->n_sources;
		break;
	case 6:
		st->obj = &sc->spikes[sc->n_spikes];
		st->id = sc->spikes[sc->n_spikes].id;
		sc->spikes[sc->n_spikes].line = st->line;
		n = &sc->n_spikes;
		break;
	case 7:
		st->obj = &sc->lookups[sc->n_lookups];
		st->id = sc->lookups[sc->n_lookups].id;
		sc->lookups[sc->n_lookups].line = st->line;
		sc->lookups[sc->n_lookups].claimed = true;
		n = &sc->n_lookups;
		break;
	case 8:
		st->obj = &sc->peers[sc->n_peers];
		st->id = sc->peers[sc->n_peers].id;
		sc->peers[sc->n_peers].line = st->line;
		n = &sc->n_peers;
		break;
	default:
		st->obj = &sc->inbound[sc->n_inbound];
		st->id = sc->inbound[sc->n_inbound].id;
		sc->inbound[sc->n_inbound].line = st->line;
		n = &sc->n_inbound;
		break;
	}
	/* Ids are unique within a section type: claims and other sections
	 * refer to them. */
	for (i = 0; i < *n; i++) {
		const char *other = (const char *)st->obj -
		    (*n - i) *
		        (t == 4          ? sizeof(struct sc_server)
		                : t == 5 ? sizeof(struct sc_source)
		                : t == 6 ? sizeof(struct sc_spike)
		                : t == 7 ? sizeof(struct sc_lookup)
		                : t == 8 ? sizeof(struct sc_peer)
		                         : sizeof(struct sc_inbound));

		if (strcmp(other + (size_t)(st->id - (char *)st->obj), id) == 0)
			return bad(st, err, "[%s %s] given twice", head, id);
	}
	snprintf(st->id, SC_ID, "%s", id);
	(*n)++;
	return CUSTODY_OK;
}

static enum custody_code
read_ini(
    struct state *st, const char *text, size_t len, struct custody_error *err)
{
	struct custody_ini ini;
	struct custody_ini_item it;
	char buf[SC_LINE_MAX + 1];
	enum custody_code rc;
	size_t i;

	custody_ini_init(&ini, st->path, text, len, CUSTODY_INI_INLINE_COMMENTS,
	    SC_LINE_MAX);
	while ((rc = custody_ini_next(&ini, &it, err)) == CUSTODY_OK) {
		st->line = (int)it.line;
		if (it.kind == CUSTODY_INI_END)
			break;
		if (it.kind == CUSTODY_INI_SECTION) {
			snprintf(buf, sizeof(buf), "%s", it.name);
			if ((rc = close_section(st, err)) != CUSTODY_OK ||
			    (rc = open_section(st, buf, err)) != CUSTODY_OK)
				break;
			continue;
		}
		if (st->sec == NULL) {
			rc =
			    bad(st, err, "key outside any section%s%s", "", "");
			break;
		}
		for (i = 0; st->sec->keys[i].name != NULL; i++)
			if (strcmp(st->sec->keys[i].name, it.name) == 0)
				break;
		if (st->sec->keys[i].name == NULL) {
			rc = bad(st, err, "unknown key '%s' in [%s]", it.name,
			    st->sec->name);
			break;
		}
		if (st->seen[i]) {
			rc = bad(st, err, "key '%s' given twice in [%s]",
			    it.name, st->sec->name);
			break;
		}
		st->seen[i] = true;
		/* continuation lines can make a value longer than a line */
		if (it.value_len >= sizeof(buf)) {
			rc = bad(st, err, "%s: value longer than %d bytes",
			    it.name, SC_LINE_MAX);
			break;
		}
		memcpy(buf, it.value, it.value_len + 1);
		if ((rc = set_value(st, &st->sec->keys[i], buf, err)) !=
		    CUSTODY_OK)
			break;
	}
	custody_ini_release(&ini);
	if (rc != CUSTODY_OK)
		return rc;
	return close_section(st, err);
}

/* Splits one CSV line (RFC 4180 quoting) into at most max fields. */
static int
csv_fields(char *s, char **f, int max)
{
	int n = 0;

	for (;;) {
		char *w;

		if (n == max)
			return -1;
		if (*s == '"') {
			f[n++] = w = ++s;
			for (;;) {
				if (*s == '\0')
					return -1;
				if (*s == '"' && s[1] == '"') {
					*w++ = '"';
					s += 2;
				} else if (*s == '"') {
					s++;
					break;
				} else {
					*w++ = *s++;
				}
			}
			if (*s != ',' && *s != '\0')
				return -1;
			*w = '\0';
		} else {
			f[n++] = s;
			s += strcspn(s, ",");
		}
		if (*s == '\0')
			return n;
		*s++ = '\0';
	}
}

static enum custody_code
read_orgmap(struct scenario *sc, struct custody_error *err)
{
	char buf[2048], *f[6];
	FILE *fp = fopen(sc->orgmap_path, "r");
	int line = 0;

	if (fp == NULL)
		return custody_fail_errno(
		    err, CUSTODY_ERR_IO, "%s", sc->orgmap_path);
	while (fgets(buf, sizeof(buf), fp) != NULL) {
		int n;

		line++;
		buf[strcspn(buf, "\r\n")] = '\0';
		if (line == 1) {
			if (strcmp(buf,
			        "cidr,org,source,valid_from,valid_until") != 0)
				goto bad;
			continue;
		}
		if (buf[0] == '\0')
			continue;
		n = csv_fields(buf, f, 6);
		if (n != 5 || sc->n_map == SC_MAX_ORGMAP ||
		    !parse_cidr(f[0], &sc->map_cidr[sc->n_map]) ||
		    f[1][0] == '\0' || strlen(f[1]) >= SC_TEXT)
			goto bad;
		snprintf(
		    sc->map_org[sc->n_map], sizeof(sc->map_org[0]), "%s", f[1]);
		sc->n_map++;
	}
	fclose(fp);
	return CUSTODY_OK;
bad:
	fclose(fp);
	return custody_fail(err, CUSTODY_ERR_FORMAT,
	    "%s:%d: not an org map row (cidr,org,source,valid_from,valid_until)",
	    sc->orgmap_path, line);
}

/* The org map must attribute addr to org (or, with org NULL, to someone). */
static enum custody_code
check_org(const struct scenario *sc, const struct sc_addr *a, const char *org,
    int line, struct custody_error *err)
{
	int i = sc_org_of(sc, a);

	if (i < 0)
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s:%d: %s is in no block of %s", sc->path, line, a->text,
		    sc->orgmap_path);
	if (org != NULL && strcmp(sc->map_org[i], org) != 0)
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s:%d: %s belongs to '%s' in %s, not '%s'", sc->path, line,
		    a->text, sc->map_org[i], sc->orgmap_path, org);
	return CUSTODY_OK;
}

static int
find_id(const char *id, const void *base, size_t n, size_t size)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp((const char *)base + i * size, id) == 0)
			return (int)i;
	return -1;
}

static void
beside(const char *scenario, const char *rel, char *out, size_t size)
{
	const char *slash = strrchr(scenario, '/');

	if (rel[0] == '/' || slash == NULL)
		snprintf(out, size, "%s", rel);
	else
		snprintf(out, size, "%.*s/%s", (int)(slash - scenario),
		    scenario, rel);
}

static enum custody_code
check(struct scenario *sc, struct state *st, struct custody_error *err)
{
	enum custody_code rc;
	size_t i;

	st->line = st->first_line[0];
#define NEED(cond, ...)                                                        \
	do {                                                                   \
		if (!(cond))                                                   \
			return custody_fail(                                   \
			    err, CUSTODY_ERR_FORMAT, __VA_ARGS__);             \
	} while (0)
	NEED(sc->until > sc->since, "%s:%d: until must be after since",
	    sc->path, st->line);
	NEED(sc->capture_until > sc->capture_since,
	    "%s:%d: capture_until must be after capture_since", sc->path,
	    st->line);
	if (sc->claimed_until == 0)
		sc->claimed_until = sc->until;
	NEED(sc->claimed_until >= sc->until,
	    "%s:%d: claimed_until must not be before until", sc->path,
	    st->line);
	NEED(sc->since % SC_DAY_US == 0 && sc->until % SC_DAY_US == 0 &&
	        sc->claimed_until % SC_DAY_US == 0,
	    "%s:%d: since, until and claimed_until must be dates (midnight UTC)",
	    sc->path, st->line);
	NEED(sc->n_servers > 0, "%s:%d: no [server ID] section", sc->path,
	    st->line);
	NEED(sc->n_sources > 0, "%s:%d: no [source ID] section", sc->path,
	    st->line);
	sc->capture = find_id(sc->capture_server, sc->servers, sc->n_servers,
	    sizeof(sc->servers[0]));
	NEED(sc->capture >= 0, "%s:%d: capture_server '%s' is no [server]",
	    sc->path, st->line, sc->capture_server);
	if (sc->ttl == 0)
		sc->ttl = 300;
	if (sc->burst_mean < 1)
		sc->burst_mean = 1;
	NEED(sc->answer.ep.family == 4,
	    "%s:%d: answer must be an IPv4 address (A record)", sc->path,
	    st->line);
	for (i = 0; i < sc->n_servers; i++) {
		struct sc_server *s = &sc->servers[i];

		s->has_ipv6 = s->ipv6.ep.family != 0;
		NEED(s->ipv4.ep.family == 4 &&
		        (!s->has_ipv6 || s->ipv6.ep.family == 6),
		    "%s:%d: ipv4 and ipv6 must be addresses of those families",
		    sc->path, s->line);
	}
	if (sc->has_rename) {
		st->line = st->first_line[1];
		NEED(find_id(sc->new_first_source, sc->sources, sc->n_sources,
		         sizeof(sc->sources[0])) >= 0,
		    "%s:%d: new_first_source '%s' is no [source]", sc->path,
		    st->line, sc->new_first_source);
		NEED(sc->new_first > sc->removed,
		    "%s:%d: new_first must be after removed", sc->path,
		    st->line);
	}
	for (i = 0; i < sc->n_lookups; i++) {
		struct sc_lookup *l = &sc->lookups[i];

		l->src = find_id(l->source, sc->sources, sc->n_sources,
		    sizeof(sc->sources[0]));
		l->srv = find_id(l->server, sc->servers, sc->n_servers,
		    sizeof(sc->servers[0]));
		NEED(l->src >= 0, "%s:%d: source '%s' is no [source]", sc->path,
		    l->line, l->source);
		NEED(l->srv >= 0, "%s:%d: server '%s' is no [server]", sc->path,
		    l->line, l->server);
	}
	for (i = 0; i < sc->n_sources; i++)
		NEED(sc->sources[i].address.ep.family == 4 ||
		        sc->servers[sc->capture].has_ipv6,
		    "%s:%d: an IPv6 source needs an ipv6 address on the capture server",
		    sc->path, sc->sources[i].line);
	for (i = 0; i < sc->n_pools; i++)
		NEED(sc->pools[i].net.ep.family == 4 ||
		        sc->servers[sc->capture].has_ipv6,
		    "%s:%d: an IPv6 pool needs an ipv6 address on the capture server",
		    sc->path, st->first_line[3]);
	for (i = 0; i < sc->n_spikes; i++)
		NEED(sc->spikes[i].from % SC_DAY_US == 0,
		    "%s:%d: from must be a date", sc->path, sc->spikes[i].line);

	beside(sc->path, sc->orgmap, sc->orgmap_path, sizeof(sc->orgmap_path));
	if ((rc = read_orgmap(sc, err)) != CUSTODY_OK)
		return rc;
	if ((rc = check_org(sc, &sc->answer, NULL, st->first_line[0], err)) !=
	    CUSTODY_OK)
		return rc;
	for (i = 0; i < sc->n_servers; i++)
		if ((rc = check_org(sc, &sc->servers[i].ipv4, NULL,
		         sc->servers[i].line, err)) ||
		    (sc->servers[i].has_ipv6 &&
		        (rc = check_org(sc, &sc->servers[i].ipv6, NULL,
		             sc->servers[i].line, err))))
			return rc;
	for (i = 0; i < sc->n_sources; i++)
		if ((rc = check_org(sc, &sc->sources[i].address,
		         sc->sources[i].org, sc->sources[i].line, err)) !=
		    CUSTODY_OK)
			return rc;
	for (i = 0; i < sc->n_peers; i++)
		if ((rc = check_org(sc, &sc->peers[i].address, sc->peers[i].org,
		         sc->peers[i].line, err)) != CUSTODY_OK)
			return rc;
	for (i = 0; i < sc->n_inbound; i++)
		if ((rc = check_org(sc, &sc->inbound[i].address,
		         sc->inbound[i].org, sc->inbound[i].line, err)) !=
		    CUSTODY_OK)
			return rc;
	for (i = 0; i < sc->n_pools; i++)
		if ((rc = check_org(
		         sc, &sc->pools[i].net, NULL, st->first_line[3], err)))
			return rc;
#undef NEED
	return CUSTODY_OK;
}

enum custody_code
sc_load(struct scenario *sc, const char *path, struct custody_error *err)
{
	struct state st;
	enum custody_code rc;
	char *text;
	size_t len;

	memset(sc, 0, sizeof(*sc));
	memset(&st, 0, sizeof(st));
	sc->path = path;
	sc->duplicate_share = 0.05;
	sc->day_jitter = 0.3;
	sc->burst_mean = 3;
	sc->precede_minutes = 10;
	st.sc = sc;
	st.path = path;
	if ((rc = custody_check_regular(path, err)) != CUSTODY_OK)
		return rc;
	if ((rc = custody_read_small(path, SC_MAX_FILE, "a scenario", &text,
	         &len, err)) != CUSTODY_OK)
		return rc;
	rc = read_ini(&st, text, len, err);
	free(text);
	if (rc != CUSTODY_OK)
		return rc;
	if (st.count[0] == 0)
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s:%d: no [scenario] section", path, st.line);
	return check(sc, &st, err);
}
