/* Article metadata from every source a page offers (docs/extraction.md):
 * JSON-LD, OpenGraph, Twitter cards, Dublin Core, <meta>, itemprop,
 * rel=author, <time>, byline elements, the URL, the text near the title. */
#ifndef GL_READERS_METADATA_H
#define GL_READERS_METADATA_H

#include <stdbool.h>
#include <libxml/HTMLtree.h>
#include "galley/galley.h"

/* Sets the title, byline and date of `doc` (overriding what
 * gl_html_read_meta took from <head>), with their provenance, from the whole
 * page `dom`. Runs before extraction, on the intact DOM. With
 * `remove_byline`, unlinks the byline element found in the body, so that
 * the article text does not repeat it. Returns GL_OK or GL_ENOMEM (with
 * `err` filled). */
gl_status gl_meta_extract(gl_doc *doc, xmlDoc *dom, bool remove_byline, const gl_options *opt,
                          gl_error *err);

#endif
