/*
 * fuzz_bagit.c: libFuzzer harness for the BagIt manifest reader. The
 * first byte chooses 1.0 rules (percent-decoding) or earlier ones; the
 * rest is a manifest's text, whose lines reach the callback.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "bagit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
on_line(const char *sum, const char *path, size_t line, void *arg)
{
	size_t *total = arg;

	*total += strlen(sum) + strlen(path) + line;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct custody_error err = { 0 };
	size_t total = 0;

	if (size == 0)
		return 0;
	(void)custody_bag_parse_manifest("fuzz", (const char *)data + 1,
	    size - 1, (data[0] & 1) != 0, on_line, &total, &err);
	return 0;
}
