/*
 * fuzz_tar.c: libFuzzer harness for the safe tar reader. Each input is
 * read as a tar (or compressed tar) in dry-run mode: every check runs and
 * all data is read, nothing is written. Small limits keep runs fast and
 * reach the limit paths.
 */
#include <stddef.h>
#include <stdint.h>

#include "tarsafe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct custody_tar_limits lim;
	struct custody_tar_result res;
	struct custody_error err = { 0 };

	custody_tar_limits_default(&lim);
	lim.max_entry = 1u << 20;
	lim.max_total = 4u << 20;
	lim.max_entries = 1000;
	(void)custody_tar_extract_memory(data, size, -1, &lim, &res, &err);
	custody_tar_result_release(&res);
	return 0;
}
