/* Basic metadata of an HTML page, and DOM helpers the HTML reader shares. */
#ifndef GL_READERS_HTML_META_H
#define GL_READERS_HTML_META_H

#include <stdbool.h>
#include <stddef.h>
#include <libxml/HTMLtree.h>
#include "galley/galley.h"

/* HTML's ASCII white space (space, tab, LF, CR, FF). */
static inline bool gl_html_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Trims and collapses the white space of s[0, len) in place, NUL-terminating
 * it; returns the new length. `s` is not written when `len` is 0. */
size_t gl_html_collapse(char *s, size_t len);

/* The node after `n` and its subtree in document order, within `top` (`n`
 * is `top` or below it); NULL past the end of `top`. The step the readers'
 * walks take without a stack when they do not go into `n`. */
xmlNode *gl_html_next_skip(const xmlNode *n, const xmlNode *top);

/* The value of attribute `name` (lowercase) of `node`: "" for an attribute
 * without value, NULL when absent. Points into the DOM (no allocation). */
const char *gl_html_attr(const xmlNode *node, const char *name);

/* Reads from the page's <html> and <head>: title (<title>, else og:title),
 * authors (meta author, split on commas and " and "), date
 * (article:published_time), language (html lang, xml:lang, meta
 * content-language), URL (link rel=canonical, else og:url), description
 * (meta description, else og:description) and site (og:site_name), each
 * with its provenance. *base gets the <base href> value copied into the
 * document's arena, or NULL. Returns GL_OK or GL_ENOMEM. */
gl_status gl_html_read_meta(gl_doc *doc, xmlDoc *dom, const char **base, gl_error *err);

#endif
