/*
 * test_regress.c: every input in tests/data/regress/ that once crashed,
 * hung or leaked a fuzz harness, fed again to the same harness code.
 *
 * A file named HARNESS-WHAT.bin goes to tests/fuzz/fuzz_HARNESS.c, which is
 * compiled into this test (its LLVMFuzzerTestOneInput renamed), so the
 * input meets exactly the checks the fuzzer applied: the parser returns
 * (success or a refusal with a message), the harness invariants hold, and
 * under `make SANITIZE=address,undefined check` no memory error, undefined
 * behaviour or leak. A file whose prefix names no harness fails the test,
 * so no finding is kept without being run.
 */
#define _GNU_SOURCE /* memfd_create, for fuzz_pcap.c */
#include "testutil.h"

#include <dirent.h>

#define LLVMFuzzerTestOneInput fuzz_reader_one
#include "fuzz/fuzz_reader.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_dns_one
#include "fuzz/fuzz_dns.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_pcap_one
#include "fuzz/fuzz_pcap.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_bind_one
#include "fuzz/fuzz_bind.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_unbound_one
#include "fuzz/fuzz_unbound.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_dnsmasq_one
#include "fuzz/fuzz_dnsmasq.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_zeek_one
#include "fuzz/fuzz_zeek.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_csv_one
#include "fuzz/fuzz_csv.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_orgmap_one
#include "fuzz/fuzz_orgmap.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_events_one
#include "fuzz/fuzz_events.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_claims_one
#include "fuzz/fuzz_claims.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_scenario_one
#include "fuzz/fuzz_scenario.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_json_one
#include "fuzz/fuzz_json.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_tar_one
#include "fuzz/fuzz_tar.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_bagit_one
#include "fuzz/fuzz_bagit.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_clickhouse_one
#include "fuzz/fuzz_clickhouse.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_dnstap_one
#include "fuzz/fuzz_dnstap.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_zeekconn_one
#include "fuzz/fuzz_zeekconn.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_pdns_one
#include "fuzz/fuzz_pdns.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_decomp_one
#include "fuzz/fuzz_decomp.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_sigfmt_one
#include "fuzz/fuzz_sigfmt.c"
#undef LLVMFuzzerTestOneInput

static const struct {
	const char *prefix;
	int (*one)(const uint8_t *data, size_t len);
} harnesses[] = {
	{ "reader", fuzz_reader_one },
	{ "dns", fuzz_dns_one },
	{ "pcap", fuzz_pcap_one },
	{ "bind", fuzz_bind_one },
	{ "unbound", fuzz_unbound_one },
	{ "dnsmasq", fuzz_dnsmasq_one },
	{ "zeek", fuzz_zeek_one },
	{ "csv", fuzz_csv_one },
	{ "orgmap", fuzz_orgmap_one },
	{ "events", fuzz_events_one },
	{ "claims", fuzz_claims_one },
	{ "scenario", fuzz_scenario_one },
	{ "json", fuzz_json_one },
	{ "tar", fuzz_tar_one },
	{ "bagit", fuzz_bagit_one },
	{ "clickhouse", fuzz_clickhouse_one },
	{ "dnstap", fuzz_dnstap_one },
	{ "zeekconn", fuzz_zeekconn_one },
	{ "pdns", fuzz_pdns_one },
	{ "decomp", fuzz_decomp_one },
	{ "sigfmt", fuzz_sigfmt_one },
};

static void
test_regress_inputs(void **state)
{
	char dir[4096];
	struct dirent *e;
	size_t runs = 0, i;
	DIR *d;

	(void)state;
	snprintf(dir, sizeof(dir), "%s", tu_path("tests/data/regress"));
	assert_non_null(d = opendir(dir));
	while ((e = readdir(d)) != NULL) {
		const char *dash = strchr(e->d_name, '-');
		char path[8192];
		uint8_t *data;
		size_t len, n;
		bool found = false;

		if (e->d_name[0] == '.')
			continue;
		if (dash == NULL)
			fail_msg(
			    "tests/data/regress/%s: not named HARNESS-WHAT",
			    e->d_name);
		n = (size_t)(dash - e->d_name);
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		data = tu_read(path, &len);
		for (i = 0; i < sizeof(harnesses) / sizeof(harnesses[0]); i++) {
			if (strlen(harnesses[i].prefix) == n &&
			    strncmp(harnesses[i].prefix, e->d_name, n) == 0) {
				/* Twice: a harness that keeps state between inputs
				 * (the DNS decoder, the pcap memfd) must cope. */
				assert_int_equal(
				    harnesses[i].one(data, len), 0);
				assert_int_equal(
				    harnesses[i].one(data, len), 0);
				found = true;
			}
		}
		free(data);
		if (!found)
			fail_msg(
			    "tests/data/regress/%s: no harness fuzz_%.*s in test_regress.c",
			    e->d_name, (int)n, e->d_name);
		runs++;
	}
	closedir(d);
	print_message("%zu regression inputs run\n", runs);
	assert_true(runs >= 4);
}

/* The scratch state the harnesses keep (the database, the decoder, the
 * memfd, the scenario directory) is released, so the sanitizer build sees
 * no leak that is the test's own. */
static int
teardown(void **state)
{
	char path[128];

	(void)state;
	if (fz_db_handle != NULL)
		sqlite3_close(fz_db_handle);
	if (fz_dec_ready)
		custody_dns_decoder_release(&fz_dec);
	if (fz_fd >= 0)
		close(fz_fd);
	if (fz_dfd >= 0)
		close(fz_dfd);
	if (fz_dir[0] != '\0') {
		snprintf(path, sizeof(path), "%s/orgs.csv", fz_dir);
		unlink(path);
		snprintf(path, sizeof(path), "%s/scenario.ini", fz_dir);
		unlink(path);
		rmdir(fz_dir);
	}
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_regress_inputs, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
