/* Basic metadata of an HTML page, from its <html> and <head>. */
#ifndef GL_READERS_HTML_META_H
#define GL_READERS_HTML_META_H

#include <stdbool.h>
#include <stddef.h>
#include <libxml/HTMLtree.h>
#include "galley/galley.h"

/* Reads from the page's <html> and <head>: title (<title>, else og:title),
 * authors (meta author, split on commas and " and "), date
 * (article:published_time), language (html lang, xml:lang, meta
 * content-language), URL (link rel=canonical, else og:url), description
 * (meta description, else og:description) and site (og:site_name), each
 * with its provenance. *base gets the <base href> value copied into the
 * document's arena, or NULL. Returns GL_OK or GL_ENOMEM. */
gl_status gl_html_read_meta(gl_doc *doc, xmlDoc *dom, const char **base, gl_error *err);

#endif
