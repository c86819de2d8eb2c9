/* A JSON parser for the JSON-LD blocks of web pages: iterative, capped,
 * allocator-aware. Values land in one flat array, so that a reader walks
 * them without recursion. */
#ifndef GL_UTIL_JSON_H
#define GL_UTIL_JSON_H

#include <stddef.h>
#include "galley/error.h"
#include "galley/options.h"

/* JSON-LD blobs larger than this are not parsed: article metadata is a few
 * kilobytes, and the parser keeps one node per value. */
#define GL_JSON_MAX_BYTES ((size_t)1 << 20)
/* Nesting of JSON arrays and objects; schema.org data is a few levels deep. */
#define GL_JSON_MAX_DEPTH 64

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
/* The text of value `i` (index + 1) when it is a string, else NULL. */
const char *gl_json_str(const gl_json_doc *doc, size_t i);

#endif
