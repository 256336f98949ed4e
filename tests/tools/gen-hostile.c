/*
 * gen-hostile: writes hostile tar archives for tests/e2e/hostile.sh and the
 * tar reader's tests. It builds the 512-byte ustar headers itself because
 * libarchive's writer refuses, or quietly repairs, several of these.
 *
 *   gen-hostile KIND [ARG] > out.tar
 *
 *   dotdot                 "top/../../escape.txt", a file outside
 *   absolute PATH          a file named by the absolute PATH
 *   symlink TARGET         "top/link", a symbolic link to TARGET
 *   symlink-file TARGET    "top/link" -> TARGET, then "top/link/planted.txt"
 *   hardlink TARGET        "top/hard", a hard link to TARGET
 *   device                 "top/null", a character device 1,3
 *   fifo                   "top/fifo", a FIFO
 *   duplicate              "top/a.txt" twice
 *   bigsize                "top/big" declaring 100 GiB (base-256 size), 512 bytes of data
 *   bomb-header            only the header of "top/zeros", declaring 3 GiB;
 *                          the test appends zeros and compresses the stream
 *   deep                   a pax "path" record 10,000 components deep
 *   nonutf8                "top/bad-\xff\xfe.txt"
 *   nfd                    "top/café.txt" as NFC, then as NFD
 *   good                   "top/", "top/a.txt", "top/dir/b.txt": nothing hostile
 *
 * Not installed; never used outside tests.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint8_t zero[512];

static void
octal(char *field, size_t width, uint64_t v)
{
	snprintf(
	    field, width, "%0*llo", (int)(width - 1), (unsigned long long)v);
}

/* One ustar header; size above 8 GiB - 1 goes in GNU base-256 form. */
static void
header(const char *name, char type, uint64_t size, const char *link)
{
	char h[512];
	unsigned sum = 0;
	size_t i;

	memset(h, 0, sizeof(h));
	strncpy(h, name, 100);
	octal(h + 100, 8, type == '5' ? 0755 : 0644);
	octal(h + 108, 8, 0);
	octal(h + 116, 8, 0);
	if (size > 077777777777ULL) {
		h[124] = (char)0x80;
		for (i = 0; i < 8; i++)
			h[135 - i] = (char)((size >> (8 * i)) & 0xff);
	} else {
		octal(h + 124, 12, size);
	}
	octal(h + 136, 12, 1500000000);
	memset(h + 148, ' ', 8);
	h[156] = type;
	if (link != NULL)
		strncpy(h + 157, link, 100);
	memcpy(h + 257, "ustar", 6);
	memcpy(h + 263, "00", 2);
	if (type == '3') {
		octal(h + 329, 8, 1);
		octal(h + 337, 8, 3);
	}
	for (i = 0; i < sizeof(h); i++)
		sum += (uint8_t)h[i];
	snprintf(h + 148, 8, "%06o", sum);
	fwrite(h, 1, sizeof(h), stdout);
}

static void
data(const char *text)
{
	size_t n = strlen(text);

	fwrite(text, 1, n, stdout);
	if (n % 512 != 0)
		fwrite(zero, 1, 512 - n % 512, stdout);
}

static void
file(const char *name, const char *text)
{
	header(name, '0', strlen(text), NULL);
	data(text);
}

/* A pax extended header ('x') holding "path=value". */
static void
pax_path(const char *value)
{
	size_t body = strlen(" path=\n") + strlen(value), len = body, digits;
	char *rec;

	/* The record's length counts its own decimal digits. */
	for (;;) {
		digits = (size_t)snprintf(NULL, 0, "%zu", len);
		if (body + digits == len)
			break;
		len = body + digits;
	}
	rec = malloc(len + 1);
	if (rec == NULL)
		exit(2);
	snprintf(rec, len + 1, "%zu path=%s\n", len, value);
	header("PaxHeaders/deep", 'x', len, NULL);
	data(rec);
	free(rec);
}

static void
end(void)
{
	fwrite(zero, 1, 512, stdout);
	fwrite(zero, 1, 512, stdout);
}

static int
usage(void)
{
	fprintf(stderr,
	    "usage: gen-hostile KIND [ARG] > out.tar (see the source)\n");
	return 2;
}

int
main(int argc, char *argv[])
{
	const char *kind, *arg;

	if (argc < 2)
		return usage();
	kind = argv[1];
	arg = argc > 2 ? argv[2] : NULL;
	if (strcmp(kind, "dotdot") == 0) {
		file("top/../../escape.txt", "escaped\n");
	} else if (strcmp(kind, "absolute") == 0 && arg != NULL) {
		file(arg, "absolute\n");
	} else if (strcmp(kind, "symlink") == 0 && arg != NULL) {
		header("top/link", '2', 0, arg);
	} else if (strcmp(kind, "symlink-file") == 0 && arg != NULL) {
		header("top/link", '2', 0, arg);
		file("top/link/planted.txt", "planted\n");
	} else if (strcmp(kind, "hardlink") == 0 && arg != NULL) {
		header("top/hard", '1', 0, arg);
	} else if (strcmp(kind, "device") == 0) {
		header("top/null", '3', 0, NULL);
	} else if (strcmp(kind, "fifo") == 0) {
		header("top/fifo", '6', 0, NULL);
	} else if (strcmp(kind, "duplicate") == 0) {
		file("top/a.txt", "first\n");
		file("top/a.txt", "second\n");
	} else if (strcmp(kind, "bigsize") == 0) {
		header("top/big", '0', UINT64_C(100) << 30, NULL);
		fwrite(zero, 1, 512, stdout);
	} else if (strcmp(kind, "bomb-header") == 0) {
		header("top/zeros", '0', UINT64_C(3) << 30, NULL);
		fflush(stdout);
		return 0; /* the test appends the data */
	} else if (strcmp(kind, "deep") == 0) {
		size_t depth = 10000, i;
		char *p = malloc(depth * 2 + 16);

		if (p == NULL)
			return 2;
		for (i = 0; i < depth; i++)
			memcpy(p + 2 * i, "d/", 2);
		strcpy(p + 2 * depth, "f.txt");
		pax_path(p);
		file("top/deep-placeholder", "deep\n");
		free(p);
	} else if (strcmp(kind, "nonutf8") == 0) {
		file("top/bad-\xff\xfe.txt", "bad name\n");
	} else if (strcmp(kind, "nfd") == 0) {
		file("top/caf\xc3\xa9.txt", "composed\n");
		file("top/cafe\xcc\x81.txt", "decomposed\n");
	} else if (strcmp(kind, "good") == 0) {
		header("top/", '5', 0, NULL);
		file("top/a.txt", "alpha\n");
		file("top/dir/b.txt", "beta\n");
	} else {
		return usage();
	}
	end();
	return fflush(stdout) == 0 ? 0 : 2;
}
