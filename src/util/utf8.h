/* UTF-8 decoding and cleaning at the reader boundary. */
#ifndef GL_UTIL_UTF8_H
#define GL_UTIL_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "util/buf.h"

/* Decodes one code point from s[0..len). Returns the bytes consumed (1-4);
 * on an invalid or truncated sequence sets *cp to -1 and returns 1. len > 0. */
size_t gl_utf8_decode(const char *s, size_t len, int32_t *cp);
/* Encodes `cp` into out; returns 1-4 bytes, 0 for an invalid code point. */
size_t gl_utf8_encode(int32_t cp, char out[4]);
bool gl_utf8_valid(const char *s, size_t len);

/* utf8proc's general category of `cp` (a utf8proc_category_t value, to
 * compare with UTF8PROC_CATEGORY_*) and its lowercase. Through the core, so
 * that the modules share its one copy of utf8proc's tables (src/modules/). */
int gl_utf8_category(int32_t cp);
int32_t gl_utf8_tolower(int32_t cp);

/* What gl_utf8_clean found. */
typedef struct gl_utf8_report {
    size_t invalid;               /* invalid sequences replaced with U+FFFD */
    unsigned long first_bad_line; /* 1-based line of the first one, 0 if none */
    size_t nuls;                  /* NUL bytes (dropped) */
} gl_utf8_report;

/* Appends s to out with each invalid sequence replaced by U+FFFD and NUL bytes
 * dropped (a UTF-8 BOM at the start is dropped too). */
gl_status gl_utf8_clean(gl_buf *out, const char *s, size_t len, gl_utf8_report *report);

/* `s` (NUL-terminated) into buf[size]: whole when it fits, else its start
 * and its end around "...", each cut at a character boundary, so that a
 * long path quoted in a message never pushes out what follows it. Returns
 * buf. */
const char *gl_utf8_fit(char *buf, size_t size, const char *s);

/* Whether the bytes look like a binary file rather than text: NUL bytes or
 * many control characters in the first 4 KB. Input starting with a UTF-16
 * byte order mark is text. */
bool gl_looks_binary(const char *s, size_t len);

#endif
