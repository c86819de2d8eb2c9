/* Allocation through the caller's gl_allocator (malloc when none). */
#ifndef GL_UTIL_ALLOC_H
#define GL_UTIL_ALLOC_H

#include <stddef.h>
#include "galley/options.h"

/* The allocator to use for `opt` (which may be NULL): opt->allocator or malloc. */
const gl_allocator *gl_allocator_of(const gl_options *opt);
void *gl_malloc(const gl_allocator *a, size_t size);
void *gl_realloc(const gl_allocator *a, void *ptr, size_t size);
void gl_free(const gl_allocator *a, void *ptr);
/* n * size bytes, NULL on overflow or failure. */
void *gl_malloc_array(const gl_allocator *a, size_t n, size_t size);

#endif
