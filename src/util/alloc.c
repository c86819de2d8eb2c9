#include "util/alloc.h"

#include <stdlib.h>

static void *std_malloc(void *ctx, size_t size) {
    (void)ctx;
    return malloc(size);
}

static void *std_realloc(void *ctx, void *ptr, size_t size) {
    (void)ctx;
    return realloc(ptr, size);
}

static void std_free(void *ctx, void *ptr) {
    (void)ctx;
    free(ptr);
}

static const gl_allocator default_allocator = {std_malloc, std_realloc, std_free, NULL};

const gl_allocator *gl_allocator_of(const gl_options *opt) {
    return opt && opt->allocator ? opt->allocator : &default_allocator;
}

void *gl_malloc(const gl_allocator *a, size_t size) { return a->malloc(a->ctx, size ? size : 1); }

void *gl_realloc(const gl_allocator *a, void *ptr, size_t size) {
    return a->realloc(a->ctx, ptr, size ? size : 1);
}

void gl_free(const gl_allocator *a, void *ptr) {
    if (ptr)
        a->free(a->ctx, ptr);
}

void *gl_malloc_array(const gl_allocator *a, size_t n, size_t size) {
    size_t total;
    if (__builtin_mul_overflow(n, size, &total))
        return NULL;
    return gl_malloc(a, total);
}
