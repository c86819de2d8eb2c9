/* The library's hash table (strmap.h): linear probing in a power-of-two
 * array kept at most half full, keys in one growing buffer, so that a table
 * of n keys costs two allocations however large n grows. */
#include "util/strmap.h"

#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include "util/alloc.h"
#include "util/hash.h"

void gl_strmap_init(gl_strmap *m, const gl_allocator *alloc, size_t max) {
    memset(m, 0, sizeof *m);
    m->alloc = alloc ? alloc : gl_allocator_of(NULL);
    m->max = max ? max : SIZE_MAX / 4;
    gl_buf_init(&m->keys, m->alloc, 0);
}

void gl_strmap_free(gl_strmap *m) {
    gl_free(m->alloc, m->slots);
    gl_buf_free(&m->keys);
    gl_strmap_init(m, m->alloc, m->max);
}

/* The slot of `slots` (`cap` of them, some free) holding key[0..len), or
 * the free slot where it would go. */
static size_t slot_of(const gl_strmap *m, const gl_strmap_slot *slots, size_t cap, const char *key,
                      size_t len) {
    size_t mask = cap - 1, i = (size_t)gl_hash_bytes(GL_HASH_INIT, key, len) & mask;
    while (slots[i].key) {
        if (slots[i].len == len && memcmp(m->keys.data + slots[i].key - 1, key, len) == 0)
            return i;
        i = (i + 1) & mask;
    }
    return i;
}

bool gl_strmap_get(const gl_strmap *m, const char *key, size_t len, size_t *value) {
    if (!m->count)
        return false;
    size_t i = slot_of(m, m->slots, m->cap, key, len);
    if (!m->slots[i].key)
        return false;
    if (value)
        *value = m->slots[i].value;
    return true;
}

/* Doubles the slots (64 at first), placing every key anew. */
static gl_status rehash(gl_strmap *m) {
    size_t cap = m->cap ? m->cap * 2 : 64;
    gl_strmap_slot *slots = gl_malloc_array(m->alloc, cap, sizeof *slots);
    if (!slots)
        return GL_ENOMEM;
    memset(slots, 0, cap * sizeof *slots);
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key) {
            const gl_strmap_slot *s = &m->slots[i];
            slots[slot_of(m, slots, cap, m->keys.data + s->key - 1, s->len)] = *s;
        }
    gl_free(m->alloc, m->slots);
    m->slots = slots;
    m->cap = cap;
    return GL_OK;
}

gl_status gl_strmap_put(gl_strmap *m, const char *key, size_t len, size_t value, size_t **at,
                        bool *added) {
    if (added)
        *added = false;
    size_t i = m->count ? slot_of(m, m->slots, m->cap, key, len) : 0;
    if (m->count && m->slots[i].key) {
        if (at)
            *at = &m->slots[i].value;
        return GL_OK;
    }
    if (m->count >= m->max)
        return GL_ELIMIT;
    if ((m->count + 1) * 2 > m->cap) {
        if (m->cap > SIZE_MAX / 2 / sizeof *m->slots || rehash(m) != GL_OK)
            return GL_ENOMEM;
    }
    size_t off = m->keys.len;
    gl_buf_append(&m->keys, key, len);
    if (gl_buf_putc(&m->keys, '\0') != GL_OK) {
        gl_status st = m->keys.status;
        m->keys.len = off; /* back to what it held: the table is unchanged */
        m->keys.status = GL_OK;
        if (m->keys.data)
            m->keys.data[off] = '\0';
        return st == GL_ELIMIT ? GL_ELIMIT : GL_ENOMEM;
    }
    /* A rehash above moved the free slot: look again. */
    i = slot_of(m, m->slots, m->cap, key, len);
    m->slots[i] = (gl_strmap_slot){off + 1, len, value};
    m->count++;
    if (at)
        *at = &m->slots[i].value;
    if (added)
        *added = true;
    return GL_OK;
}

size_t gl_strmap_key_offset(const size_t *at) {
    const gl_strmap_slot *slot =
        (const gl_strmap_slot *)(const void *)((const char *)at - offsetof(gl_strmap_slot, value));
    return slot->key - 1;
}
