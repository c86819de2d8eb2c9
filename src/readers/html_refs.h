/* What libxml2 2.9.14's HTML parser reads differently from a browser, put
 * right before it parses (issue 14 item 8). */
#ifndef GL_READERS_HTML_REFS_H
#define GL_READERS_HTML_REFS_H

#include <stddef.h>
#include "util/buf.h"

/* Copies s[0..len) to `out` with three changes, and returns how many it made;
 * when it makes none `out` is left untouched, so callers keep `s`.
 *
 * - Named character references are decoded as HTML §13.2.5.72 says where
 *   libxml2 would not: the HTML5 names it lacks ("&colon;", "&Tab;"), the
 *   two it decodes to other characters (&lang; &rang;), and the legacy names
 *   browsers take without their ';' ("&copy 2024"; in an attribute value not
 *   before '=' or a letter or digit, so "?a=1&copy=2" stays). The character
 *   goes in as UTF-8, or as a numeric reference when it is ASCII, so that
 *   "&lt" or "&Tab;" cannot end a tag or an attribute value.
 * - A DOCTYPE's internal subset ("<!DOCTYPE html [<!ENTITY ...>]>"), which
 *   libxml2 ends at the first '>' and prints the rest of as text, is dropped
 *   up to its "]>" (or, unclosed, its next '>'), its newlines kept so line
 *   numbers hold.
 * - "<!" opening neither a comment, a DOCTYPE nor a "<![CDATA[" (Microsoft
 *   Word's "<![if !vml]>", "<![endif]>", a template's "<! begin code>"), a
 *   bogus comment up to its next '>' in a browser and text to libxml2, is
 *   dropped, its newlines kept.
 *
 * Text inside <script> and <style>, comments and tags outside attribute
 * values are copied as they are. */
size_t gl_html_fix_refs(gl_buf *out, const char *s, size_t len);

#endif
