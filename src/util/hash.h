/* FNV-1a, 64 bits: a stable hash of bytes (the same on every machine and
 * every run), for hash tables and for sharding work by name. Not for
 * anything an attacker could exploit: it is not keyed. */
#ifndef GL_UTIL_HASH_H
#define GL_UTIL_HASH_H

#include <stddef.h>
#include <stdint.h>

#define GL_HASH_INIT UINT64_C(14695981039346656037)

/* Continues hash `h` (start from GL_HASH_INIT) over s[0..len). */
static inline uint64_t gl_hash_bytes(uint64_t h, const void *s, size_t len) {
    const unsigned char *p = s;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= UINT64_C(1099511628211);
    }
    return h;
}

#endif
