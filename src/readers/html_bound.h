/* Bounds what libxml2 2.9.14 spends quadratic time on, before it parses. */
#ifndef GL_READERS_HTML_BOUND_H
#define GL_READERS_HTML_BOUND_H

#include <stddef.h>
#include "util/buf.h"

/* Attributes of one start tag that galley keeps; libxml2 checks each new
 * attribute against all earlier ones of the tag (100,000 take 30 s), and no
 * element galley reads uses more than a handful. */
#define GL_HTML_MAX_ATTRIBUTES 128

/* Copies s[0..len) to `out` without the attributes past
 * GL_HTML_MAX_ATTRIBUTES in any start tag, and returns how many it dropped.
 * With `out` NULL it only counts, so callers copy only when needed. */
size_t gl_html_bound_attributes(gl_buf *out, const char *s, size_t len);

#endif
