/* Article metadata from every source a page offers (docs/extraction.md):
 * JSON-LD, OpenGraph, Twitter cards, Dublin Core, <meta>, itemprop,
 * rel=author, <time>, byline elements, the URL, the text near the title. */
#ifndef GL_READERS_METADATA_H
#define GL_READERS_METADATA_H

#include <stdbool.h>
#include <libxml/HTMLtree.h>
#include "galley/galley.h"

/* JSON-LD blobs larger than this are not parsed: article metadata is a few
 * kilobytes, and the parser keeps one node per value. */
#define GL_JSON_MAX_BYTES ((size_t)1 << 20)
/* Nesting of JSON arrays and objects; schema.org data is a few levels deep. */
#define GL_JSON_MAX_DEPTH 64

/* Sets the title, byline and date of `doc` (overriding what
 * gl_html_read_meta took from <head>), with their provenance, from the whole
 * page `dom`. Runs before extraction, on the intact DOM. With
 * `remove_byline`, unlinks the byline element found in the body, so that
 * the article text does not repeat it. Returns GL_OK or GL_ENOMEM (with
 * `err` filled). */
gl_status gl_meta_extract(gl_doc *doc, xmlDoc *dom, bool remove_byline, const gl_options *opt,
                          gl_error *err);

/* A parsed JSON value, in a flat array in document order: containers come
 * before their members, and `parent` leads back up (no recursion needed). */
typedef enum gl_json_type {
    GL_JSON_NULL = 0,
    GL_JSON_BOOL,
    GL_JSON_NUM,
    GL_JSON_STR,
    GL_JSON_ARR,
    GL_JSON_OBJ
} gl_json_type;

typedef struct gl_json {
    gl_json_type type;
    size_t parent;   /* index + 1 of the container, 0 for the top value */
    const char *key; /* member name inside an object (NUL-terminated), else NULL */
    const char *str; /* STR: the unescaped UTF-8 text (NUL-terminated); NUM/BOOL: the literal */
    size_t len;      /* bytes in `str` */
} gl_json;

typedef struct gl_json_doc {
    gl_json *v; /* the values, v[0] the top one */
    size_t count;
    char *pool; /* the unescaped strings */
    const gl_allocator *alloc;
} gl_json_doc;

/* Parses JSON text `s[0..len)` (a leading "<!--" or "<![CDATA[" and any
 * junk before the first '{' or '[' are skipped; what follows the top value
 * is ignored). Allocates from `alloc` (NULL: malloc); free with
 * gl_json_free, whatever the result. Returns GL_OK, GL_EPARSE (malformed,
 * nested deeper than GL_JSON_MAX_DEPTH, over GL_JSON_MAX_BYTES) or
 * GL_ENOMEM. Iterative: no input can exhaust the stack. */
gl_status gl_json_parse(gl_json_doc *doc, const char *s, size_t len, const gl_allocator *alloc);
void gl_json_free(gl_json_doc *doc);
/* The member `key` of object `obj` (index + 1), as an index + 1, or 0. */
size_t gl_json_get(const gl_json_doc *doc, size_t obj, const char *key);

#endif
