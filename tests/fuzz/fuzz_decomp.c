/*
 * fuzz_decomp.c: compressed originals (lib/base/decomp.c). The input is
 * written to a memfd and opened as ingest opens an original: its
 * compression by magic number, then the stream decompressed (libarchive)
 * into a temporary file under a 4 MiB cap, with the bomb, trailing-byte
 * and nested-compression checks; what comes out is then named or
 * detected as ingest does. A refusal must say why.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memfd_create */
#endif
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "decomp.h"

static int fz_dfd = -1;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct custody_plain p;
	struct custody_error err;
	const char *comp = custody_compression_detect(data, len);

	if (comp == NULL)
		return 0;
	fz_memfd(&fz_dfd, "fuzz-decomp", data, len);
	memset(&err, 0, sizeof(err));
	if (custody_plain_open(&p, "fuzz-input", "fuzz-input", fz_dfd, len,
	        comp, NULL, 4u << 20, &err) != CUSTODY_OK) {
		if (err.msg[0] == '\0')
			fz_die("refused without a message", comp);
		return 0;
	}
	if (p.len > (4u << 20))
		fz_die("stream past its cap", comp);
	if (custody_container_name(p.data, p.len) == NULL)
		(void)custody_format_detect(
		    p.data, p.len < 65536 ? p.len : 65536);
	custody_plain_release(&p);
	return 0;
}
