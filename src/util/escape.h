/* Escaping text for the markup writers (XHTML, JSON). Each helper appends to
 * a gl_buf and returns its (sticky) status. */
#ifndef GL_UTIL_ESCAPE_H
#define GL_UTIL_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "util/buf.h"

/* Whether `cp` may appear in XHTML text: XML 1.0 Char (§2.2) without the
 * controls and noncharacters HTML forbids in text (tab, LF and CR stay). */
bool gl_xml_char_ok(int32_t cp);

/* Appends s[0..len) escaped for XML text (`attr` false: & < >) or for a
 * double-quoted attribute value (`attr` true: also ", tab, LF and CR, which
 * attribute-value normalisation would otherwise turn into spaces). Characters
 * gl_xml_char_ok refuses are dropped; invalid UTF-8 becomes U+FFFD. */
gl_status gl_escape_xml(gl_buf *b, const char *s, size_t len, bool attr);

/* Appends s[0..len) as a JSON string literal, quotes included (RFC 8259 §7):
 * controls as \n, \t... or \u00XX, U+2028/U+2029 as \u2028/\u2029 so the
 * output is also valid JavaScript; other UTF-8 passes through as is, and
 * invalid UTF-8 becomes \ufffd. */
gl_status gl_escape_json(gl_buf *b, const char *s, size_t len);

/* The value of the hex digit `c` (either case), or -1: for the readers of
 * escapes (%41, &#x41;, \u0041). */
static inline int gl_hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if ((c | 32) >= 'a' && (c | 32) <= 'f')
        return (c | 32) - 'a' + 10;
    return -1;
}

#endif
