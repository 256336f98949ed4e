/*
 * mark.c: the mark custody synth puts on every file it writes, and how
 * ingest finds it, so that a case (and every report made from it) says
 * when its evidence was made up.
 *
 * A text file's first line is "# SYNTHETIC: ...", which every text parser
 * passes over (textlog.c); a capture is pcapng with the same words as its
 * section header's comment (opt_comment, pcapng section 4.1). The words
 * after the mark say what made the file. Ingest records them as the note
 * "synthetic" of the evidence, in the signed ingest event.
 *
 * The mark proves nothing about real evidence: anyone can leave it out.
 * It exists so that evidence known to be synthetic cannot lose that
 * label on its way into a report.
 */
#include <string.h>

#include "base.h"

/* Copies the mark's words (from "SYNTHETIC") up to the end of the text
 * into out, without control bytes. */
static void
copy_mark(struct custody_reader *r, char *out, size_t outlen)
{
	size_t n = 0;
	uint8_t c;

	while (n + 1 < outlen && custody_reader_u8(r, &c) && c != '\n' &&
	    c != '\0')
		if (c >= 0x20 && c != 0x7f)
			out[n++] = (char)c;
	while (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
}

bool
custody_synth_mark(const uint8_t *data, size_t len, char *out, size_t outlen)
{
	struct custody_reader r;
	struct custody_reader opt;
	uint32_t magic, blen, bom;
	uint16_t code, olen;
	bool swapped;

	custody_reader_init(&r, data, len);
	(void)custody_reader_expect(&r, "\xef\xbb\xbf");
	if (custody_reader_expect(&r, "# " CUSTODY_SYNTH_MARK)) {
		size_t k = strlen(CUSTODY_SYNTH_MARK);

		if (k >= outlen)
			return false;
		memcpy(out, CUSTODY_SYNTH_MARK, k);
		copy_mark(&r, out + k, outlen - k);
		return true;
	}
	/* pcapng: Section Header Block, its options after 24 octets. */
	custody_reader_init(&r, data, len);
	if (!custody_reader_be32(&r, &magic) || magic != 0x0a0d0d0a ||
	    !custody_reader_skip(&r, 4) || !custody_reader_be32(&r, &bom) ||
	    (bom != 0x1a2b3c4d && bom != 0x4d3c2b1a))
		return false;
	swapped = bom == 0x1a2b3c4d; /* big-endian writer */
	custody_reader_init(&r, data, len);
	if (!custody_reader_skip(&r, 4) ||
	    !(swapped ? custody_reader_be32(&r, &blen)
	              : custody_reader_le32(&r, &blen)) ||
	    blen < 28 || !custody_reader_skip(&r, 16) ||
	    !custody_reader_sub(&r, blen - 28, &opt))
		return false;
	r = opt; /* the options, up to the block's trailing length */
	while (swapped ? custody_reader_be16(&r, &code) &&
	            custody_reader_be16(&r, &olen)
	               : custody_reader_le16(&r, &code) &&
	            custody_reader_le16(&r, &olen)) {
		struct custody_reader v;

		if (code == 0 || !custody_reader_sub(&r, olen, &v))
			break;
		(void)custody_reader_skip(&r, (size_t)((4u - olen % 4u) % 4u));
		if (code == 1 &&
		    custody_reader_expect(&v, CUSTODY_SYNTH_MARK)) {
			size_t k = strlen(CUSTODY_SYNTH_MARK);

			if (k >= outlen)
				return false;
			memcpy(out, CUSTODY_SYNTH_MARK, k);
			copy_mark(&v, out + k, outlen - k);
			return true;
		}
	}
	return false;
}

bool
custody_synth_mark_line(const struct custody_reader *line)
{
	struct custody_reader r = *line;

	return custody_reader_expect(&r, "# " CUSTODY_SYNTH_MARK);
}
