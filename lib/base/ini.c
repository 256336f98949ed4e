/*
 * ini.c: the INI dialect of claims files and synth scenarios, both of
 * which come from strangers' bundles. One reader for both, so that a
 * line number means the same thing in every error: the physical line,
 * counted from 1, on which the item starts.
 *
 * Dialect: "[name]" headers; "key = value" lines; blank lines and comment
 * lines (first non-blank byte '#' or ';'); a continuation line (one that
 * starts with a blank, directly under a key's line or another
 * continuation, and is neither blank nor a comment) adds its trimmed text
 * to the value after one space. With CUSTODY_INI_INLINE_COMMENTS a blank
 * followed by ';' or '#' ends a value. A NUL byte is an error: the file
 * is not text. Every byte is read through custody_reader.
 *
 * Debian's libinih (55) was the other candidate; it is built with
 * INI_HANDLER_LINENO 0 and INI_MAX_LINE 200, so its handler cannot name
 * the line of a bad value and a longer line is split silently.
 */
#include <string.h>

#include "base.h"

void
custody_ini_init(struct custody_ini *ini, const char *path, const void *text,
    size_t len, unsigned flags, size_t max_line)
{
	memset(ini, 0, sizeof(*ini));
	custody_reader_init(&ini->r, text, len);
	ini->path = path;
	ini->flags = flags;
	ini->max_line = max_line;
	/* a value is never longer than the file */
	custody_buf_init(&ini->name, len);
	custody_buf_init(&ini->value, len);
}

void
custody_ini_release(struct custody_ini *ini)
{
	custody_buf_release(&ini->name);
	custody_buf_release(&ini->value);
}

/* Checks one physical line (numbered lineno) for NUL bytes and length. */
static enum custody_code
check_line(const struct custody_ini *ini, const struct custody_reader *line,
    size_t lineno, struct custody_error *err)
{
	size_t at;

	if (custody_reader_find(line, "", 1, &at))
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s:%zu: a NUL byte (column %zu): not a text file",
		    ini->path, lineno, at + 1);
	if (ini->max_line > 0 && custody_reader_left(line) > ini->max_line)
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s:%zu: line longer than %zu bytes", ini->path, lineno,
		    ini->max_line);
	return CUSTODY_OK;
}

/* Trims line; true when what is left is blank or a comment. */
static bool
ignorable(struct custody_reader *line)
{
	uint8_t c;

	custody_reader_trim(line, " \t\r");
	return !custody_reader_peek(line, &c) || c == '#' || c == ';';
}

/* Cuts v at an inline comment: a blank followed by ';' or '#'. */
static void
inline_comment(const struct custody_ini *ini, struct custody_reader *v)
{
	size_t i, n = custody_reader_left(v), base = custody_reader_offset(v);
	uint8_t c, d;

	if (!(ini->flags & CUSTODY_INI_INLINE_COMMENTS))
		return;
	for (i = 0; i + 1 < n; i++)
		if (custody_reader_at(v, base + i, &c) &&
		    (c == ' ' || c == '\t') &&
		    custody_reader_at(v, base + i + 1, &d) &&
		    (d == ';' || d == '#')) {
			(void)custody_reader_chop(v, n - i);
			break;
		}
	custody_reader_trim(v, " \t\r");
}

/* Appends r's bytes to b, which stays NUL-terminated (a C string). */
static enum custody_code
add(struct custody_buf *b, const struct custody_reader *r,
    struct custody_error *err)
{
	if (custody_buf_add(b, custody_reader_ptr(r), custody_reader_left(r)) !=
	    CUSTODY_OK)
		return custody_fail(err, CUSTODY_ERR_NOMEM, "out of memory");
	return CUSTODY_OK;
}

enum custody_code
custody_ini_next(struct custody_ini *ini, struct custody_ini_item *it,
    struct custody_error *err)
{
	struct custody_reader line, name, peek, more;
	enum custody_code rc;
	uint8_t c;

	memset(it, 0, sizeof(*it));
	custody_buf_reset(&ini->name);
	custody_buf_reset(&ini->value);
	for (;;) {
		if (!custody_reader_field(&ini->r, '\n', &line)) {
			it->kind = CUSTODY_INI_END;
			it->line = ini->line;
			return CUSTODY_OK;
		}
		ini->line++;
		if ((rc = check_line(ini, &line, ini->line, err)) != CUSTODY_OK)
			return rc;
		if (!ignorable(&line))
			break;
	}
	it->line = ini->line;
	if (custody_reader_expect(&line, "[")) {
		size_t at;

		if (!custody_reader_last(&line, &c) || c != ']' ||
		    (custody_reader_chop(&line, 1) &&
		        custody_reader_find(&line, "]", 1, &at)))
			return custody_fail(err, CUSTODY_ERR_FORMAT,
			    "%s:%zu: a section header is [name], with one ] at the end",
			    ini->path, ini->line);
		custody_reader_trim(&line, " \t");
		it->kind = CUSTODY_INI_SECTION;
		if ((rc = add(&ini->name, &line, err)) != CUSTODY_OK)
			return rc;
		it->name = (const char *)ini->name.data;
		return CUSTODY_OK;
	}
	if (!custody_reader_until(&line, '=', &name))
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s:%zu: expected key = value or [section]", ini->path,
		    ini->line);
	custody_reader_trim(&name, " \t");
	custody_reader_trim(&line, " \t\r");
	inline_comment(ini, &line);
	if ((rc = add(&ini->name, &name, err)) != CUSTODY_OK ||
	    (rc = add(&ini->value, &line, err)) != CUSTODY_OK)
		return rc;
	/* Continuation lines: indented, neither blank nor a comment. */
	for (;;) {
		peek = ini->r;
		if (!custody_reader_field(&peek, '\n', &more) ||
		    !custody_reader_peek(&more, &c) ||
		    (c != ' ' && c != '\t') || ignorable(&more))
			break;
		ini->r = peek;
		ini->line++;
		if ((rc = check_line(ini, &more, ini->line, err)) != CUSTODY_OK)
			return rc;
		inline_comment(ini, &more);
		if (custody_buf_add(&ini->value, " ", 1) != CUSTODY_OK)
			return custody_fail(
			    err, CUSTODY_ERR_NOMEM, "out of memory");
		if ((rc = add(&ini->value, &more, err)) != CUSTODY_OK)
			return rc;
	}
	it->kind = CUSTODY_INI_KEY;
	it->name = (const char *)ini->name.data;
	it->value = (const char *)ini->value.data;
	it->value_len = ini->value.len;
	return CUSTODY_OK;
}
