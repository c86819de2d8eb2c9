/* Growable arrays: one helper to make room, as libgit2's array.h and curl's
 * dynbuf do, for any `T *items; size_t count, cap;` triple a module keeps.
 * Memory comes from the caller's gl_allocator; sizes are checked against
 * overflow, so the cap is what the address space allows. */
#ifndef GL_UTIL_VEC_H
#define GL_UTIL_VEC_H

#include <stddef.h>
#include <string.h>
#include "galley/error.h"
#include "util/alloc.h"

/* Makes room for `need` elements of `size` bytes in the array whose pointer
 * is at `items_at` (a `T **`, passed as is: `&w->ops`) and whose capacity
 * is *cap: the capacity doubles from 16 until it holds `need`. Returns
 * GL_OK, or GL_ENOMEM (array and *cap untouched) when the allocation fails
 * or the size would overflow. Element contents past the old capacity are
 * undefined. */
static inline gl_status gl_vec_grow(const gl_allocator *a, void *items_at, size_t *cap, size_t need,
                                    size_t size) {
    if (need <= *cap)
        return GL_OK;
    size_t n = *cap ? *cap : 16;
    while (n < need)
        if (__builtin_mul_overflow(n, 2, &n))
            return GL_ENOMEM;
    size_t bytes;
    if (__builtin_mul_overflow(n, size, &bytes))
        return GL_ENOMEM;
    /* Through memcpy, not a `void **` cast: the pointer at `items_at` is a
     * `T *`, which a `void *` lvalue may not alias. */
    void *items;
    memcpy(&items, items_at, sizeof items);
    void *p = gl_realloc(a, items, bytes);
    if (!p)
        return GL_ENOMEM;
    memcpy(items_at, &p, sizeof p);
    *cap = n;
    return GL_OK;
}

#endif
