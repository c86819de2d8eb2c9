/* One hash table for the library: string keys (copied in), a size_t value
 * each, open addressing over FNV-1a (util/hash.h), as curl has its hash and
 * libgit2 its hashmap. Memory comes from the caller's gl_allocator, and a
 * table may be capped at a number of keys. Keys are byte strings of a given
 * length; the table never shrinks and keeps no order. */
#ifndef GL_UTIL_STRMAP_H
#define GL_UTIL_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include "galley/error.h"
#include "galley/options.h"
#include "util/buf.h"

typedef struct gl_strmap_slot {
    size_t key;   /* offset + 1 of the key in `keys`; 0: the slot is free */
    size_t len;   /* the key's bytes */
    size_t value; /* the caller's */
} gl_strmap_slot;

typedef struct gl_strmap {
    gl_strmap_slot *slots; /* `cap` of them, a power of two, at most half used */
    size_t cap, count;
    size_t max;                /* keys allowed; GL_ELIMIT past it */
    gl_buf keys;               /* the keys, each followed by a NUL */
    const gl_allocator *alloc; /* never NULL after gl_strmap_init */
} gl_strmap;

/* An empty table; `alloc` NULL means malloc, `max` 0 means no cap but
 * memory. Allocates nothing until the first key. */
void gl_strmap_init(gl_strmap *m, const gl_allocator *alloc, size_t max);
/* Frees what the table holds; it is empty and usable again. */
void gl_strmap_free(gl_strmap *m);

/* Whether key[0..len) is in the table; its value into *value (may be NULL). */
bool gl_strmap_get(const gl_strmap *m, const char *key, size_t len, size_t *value);

/* Finds key[0..len) (which must not point into the table's own keys),
 * adding it (a copy) with `value` when absent. *at (may
 * be NULL) gets a pointer to its value, valid until the next put or free;
 * *added (may be NULL) whether it was absent. Returns GL_OK, GL_ENOMEM or
 * GL_ELIMIT (a new key past `max`); on failure the table is unchanged. */
gl_status gl_strmap_put(gl_strmap *m, const char *key, size_t len, size_t value, size_t **at,
                        bool *added);

/* Where the key of the entry whose value `at` points to (as gl_strmap_put
 * gives it) lies in the table's key store: an offset that holds for the
 * table's life, so that a caller may keep it in place of its own copy. */
size_t gl_strmap_key_offset(const size_t *at);
/* The key at `offset` (from gl_strmap_key_offset), NUL-terminated; the
 * pointer holds until the next put or free. */
static inline const char *gl_strmap_key(const gl_strmap *m, size_t offset) {
    return m->keys.data + offset;
}

#endif
