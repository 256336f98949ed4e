/*
 * parse-rate: how fast a parser goes on its own, on one core.
 *
 *   parse-rate FORMAT FILE [--tz ZONE] [--year YYYY]
 *
 * Runs the parser for FORMAT over FILE into a scratch case in memory, as
 * ingest does (the sink, its writer thread, the streamed parse digest),
 * and prints the CPU time of the thread that parses: the parser itself
 * and what the sink does on that thread (the rows' encoding, the digest's
 * rows), not SQLite's work on the writer thread, the copy, the index
 * builds or the digest's merge. For the capture benchmark's "the parser
 * keeps up with 1M packets/s on one core" (tests/bench/pcap.sh).
 * Prints "parse-rate: N units (packets or lines) in S s of one core: R/s".
 * Not installed; never used outside benchmarks.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

static double
thread_cpu(void)
{
	struct timespec t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int64_t
summary_count(const char *json, const char *key)
{
	char pat[64];
	const char *p;

	snprintf(pat, sizeof(pat), "\"%s\":", key);
	return (p = strstr(json, pat)) != NULL
	    ? strtoll(p + strlen(pat), NULL, 10)
	    : -1;
}

int
main(int argc, char **argv)
{
	struct custody_error err = { 0 };
	struct custody_parse_opts po;
	const struct custody_parser *p;
	struct custody_sink *sink = NULL;
	struct stat sb;
	sqlite3 *db = NULL;
	uint8_t *map;
	double t0, t1;
	int64_t units;
	char *summary;
	int fd, i;

	if (argc < 3 || (p = custody_parser_find(argv[1])) == NULL) {
		fprintf(stderr,
		    "usage: parse-rate FORMAT FILE [--tz ZONE] [--year YYYY]\n");
		return 2;
	}
	memset(&po, 0, sizeof(po));
	for (i = 3; i + 1 < argc; i += 2)
		if (strcmp(argv[i], "--tz") == 0)
			po.tz = argv[i + 1];
		else if (strcmp(argv[i], "--year") == 0)
			po.year = atoi(argv[i + 1]);
	if ((fd = open(argv[2], O_RDONLY)) < 0 || fstat(fd, &sb) != 0 ||
	    (map = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd,
	         0)) == MAP_FAILED) {
		perror(argv[2]);
		return 2;
	}
	if (custody_db_open_memory(&db) != SQLITE_OK ||
	    custody_db_create_schema(db, &err) != CUSTODY_OK ||
	    sqlite3_exec(db,
	        "INSERT INTO evidence(id, sha256, sha512, size, original_name, format, parser,"
	        " parser_version, event_seq, parse_digest) VALUES (1, '', '', 0, '', '', '', '', 0, '');"
	        "BEGIN",
	        NULL, NULL, NULL) != SQLITE_OK ||
	    custody_sink_open(&sink, db, 1, &err) != CUSTODY_OK) {
		fprintf(stderr, "parse-rate: %s\n",
		    err.msg[0] ? err.msg : sqlite3_errmsg(db));
		return 2;
	}
	{
		struct custody_parse_input in = { argv[2], argv[2], map,
			(size_t)sb.st_size, NULL };

		t0 = thread_cpu();
		if (p->parse(&in, &po, sink, &err) != CUSTODY_OK) {
			fprintf(stderr, "parse-rate: %s\n", err.msg);
			return 2;
		}
		t1 = thread_cpu();
	}
	summary = custody_sink_summary_json(sink);
	units = summary != NULL ? summary_count(summary, "packets") : -1;
	if (units < 0)
		units = summary != NULL ? summary_count(summary, "lines") : -1;
	if (units < 0)
		units = custody_sink_records(sink) + custody_sink_skipped(sink);
	printf(
	    "parse-rate: %lld %s in %.3f s of one core: %.0f/s (%lld records)\n",
	    (long long)units,
	    summary != NULL && strstr(summary, "\"packets\":") ? "packets"
	                                                       : "lines",
	    t1 - t0, (double)units / (t1 - t0),
	    (long long)custody_sink_records(sink));
	free(summary);
	custody_sink_free(sink);
	sqlite3_close(db);
	munmap(map, (size_t)sb.st_size);
	close(fd);
	return 0;
}
