/*
 * fuzz_reader.c: the bounds-checked byte reader (lib/base/reader.c) and the
 * text helpers built on it (lib/records/textlog.c: the line reader, CSV splitting,
 * fields, names, addresses, mnemonics) and the JSON reader (lib/base/json.c).
 *
 * The input is a small program and its data: byte 0 gives the number of
 * operations (0..31), then two bytes per operation (which, argument), and
 * the rest is the data the reader walks. After each operation the cursor
 * is checked against a model: a getter that fails leaves it unmoved, one
 * that succeeds moves it by exactly its size, and it never passes the end.
 */
#include "fuzz.h"

#include "json.h"
#include "textlog.h"

static void
expect(bool cond, const char *what)
{
	if (!cond)
		fz_die("reader invariant broken", what);
}

static void
run_ops(const uint8_t *ops, size_t n_ops, const uint8_t *buf, size_t len)
{
	struct custody_reader r, sub;
	uint8_t out[256], b8;
	uint16_t b16;
	uint32_t b32;
	uint64_t v;
	size_t i;

	custody_reader_init(&r, buf, len);
	for (i = 0; i < n_ops; i++) {
		uint8_t op = ops[2 * i] % 16, arg = ops[2 * i + 1];
		size_t before = custody_reader_offset(&r),
		       left = custody_reader_left(&r), want = 0;
		bool ok = false;

		switch (op) {
		case 0:
			ok = custody_reader_u8(&r, &b8);
			want = 1;
			break;
		case 1:
			ok = custody_reader_be16(&r, &b16);
			want = 2;
			break;
		case 2:
			ok = custody_reader_be32(&r, &b32);
			want = 4;
			break;
		case 3:
			ok = custody_reader_le16(&r, &b16);
			want = 2;
			break;
		case 4:
			ok = custody_reader_le32(&r, &b32);
			want = 4;
			break;
		case 5:
			ok = custody_reader_peek(&r, &b8);
			want = 0;
			break;
		case 6:
			ok = custody_reader_at(&r, arg, &b8);
			want = 0;
			expect(ok == (arg < len), "at");
			break;
		case 7:
			ok = custody_reader_skip(&r, arg);
			want = arg;
			break;
		case 8:
			ok = custody_reader_seek(&r, arg);
			expect(ok == (arg <= len), "seek");
			if (ok) {
				expect(custody_reader_offset(&r) == arg,
				    "seek offset");
				continue;
			}
			break;
		case 9:
			ok = custody_reader_bytes(&r, out, arg);
			want = arg;
			break;
		case 10:
			ok = custody_reader_sub(&r, arg, &sub);
			want = arg;
			if (ok) {
				expect(custody_reader_left(&sub) == arg,
				    "sub length");
				while (custody_reader_u8(&sub, &b8))
					;
			}
			break;
		case 11:
			ok = custody_reader_until(&r, arg, &sub);
			if (ok) {
				want = custody_reader_left(&sub) + 1;
				expect(memchr(custody_reader_ptr(&sub), arg,
				           custody_reader_left(&sub)) == NULL,
				    "until stops at the first delimiter");
			}
			break;
		case 12: {
			char lit[4] = { (char)arg, (char)(arg ^ 0x20), 0, 0 };

			ok = custody_reader_expect(&r, lit);
			want = strlen(lit);
			break;
		}
		case 13:
			ok = custody_reader_dec(&r, arg * 1000u, &v);
			if (ok)
				expect(v <= arg * 1000u, "dec max");
			want = custody_reader_offset(&r) - before;
			break;
		case 14:
			ok = custody_reader_digits(&r, arg % 24, &v);
			want = arg % 24;
			break;
		default: {
			struct custody_reader f;
			char text[1100];

			custody_text_field(&r, arg, &f);
			(void)custody_text_qname(&f, text, sizeof(text));
			(void)custody_text_addr(&f, text, 46);
			(void)custody_dns_type(&f);
			(void)custody_dns_class(&f);
			(void)custody_dns_rcode(&f);
			want = custody_reader_offset(&r) - before;
			ok = true;
			break;
		}
		}
		expect(custody_reader_offset(&r) <= len, "cursor past the end");
		expect(
		    custody_reader_offset(&r) + custody_reader_left(&r) == len,
		    "offset + left");
		if (!ok)
			expect(custody_reader_offset(&r) == before,
			    "failed getter moved the cursor");
		else
			expect(custody_reader_offset(&r) == before + want &&
			        want <= left,
			    "getter moved by its size");
	}
}

static void
run_text(const uint8_t *buf, size_t len)
{
	struct custody_textlog t;
	struct custody_textline l;
	struct custody_reader fields[16], cur;
	uint8_t unq[512];
	size_t total = 0;

	(void)custody_text_bad_encoding(buf, len);
	custody_textlog_init(&t, buf, len);
	while (custody_textlog_next(&t, &l)) {
		int n;

		expect(l.offset <= len && l.len <= len - l.offset,
		    "line inside the data");
		total++;
		n = custody_csv_split(l.text, custody_csv_delim(l.text), fields,
		    16, unq, sizeof(unq));
		expect(n <= 16, "csv field count");
		cur = l.text;
		while (custody_reader_left(&cur) > 0) {
			struct custody_reader w;

			(void)custody_text_spaces(&cur);
			if (!custody_text_word(&cur, &w))
				break;
		}
		(void)custody_json_valid(
		    (const char *)custody_reader_ptr(&l.text), l.len);
	}
	expect(total <= len + 1, "line count");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	size_t n_ops, head;

	if (len == 0)
		return 0;
	n_ops = data[0] % 32;
	head = 1 + 2 * n_ops;
	if (head > len)
		return 0;
	run_ops(data + 1, n_ops, data + head, len - head);
	run_text(data + head, len - head);
	return 0;
}
