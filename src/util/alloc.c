#include "util/alloc.h"

#include <stddef.h>
#include <stdint.h>
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

/* ---- budgets ---- */

/* Every block of a budget starts with its size; max_align_t keeps what
 * follows aligned for any type. */
typedef union budget_head {
    size_t size;
    max_align_t align;
} budget_head;

/* What a block of `size` bytes costs: its header, and the 16 bytes glibc's
 * malloc keeps beside each block, so that the count follows the resident
 * size rather than the requests. */
static size_t cost(size_t size) { return size + sizeof(budget_head) + 16; }

bool gl_budget_charge(gl_budget *b, size_t bytes) {
    if (b->limit && (bytes > b->limit || b->used > b->limit - bytes)) {
        b->exceeded = true;
        return false;
    }
    b->used += bytes;
    if (b->used > b->peak)
        b->peak = b->used;
    return true;
}

void gl_budget_release(gl_budget *b, size_t bytes) { b->used -= bytes < b->used ? bytes : b->used; }

static void *budget_malloc(void *ctx, size_t size) {
    gl_budget *b = ctx;
    if (size > SIZE_MAX - cost(0) || !gl_budget_charge(b, cost(size)))
        return NULL;
    budget_head *h = b->inner->malloc(b->inner->ctx, sizeof *h + size);
    if (!h) {
        gl_budget_release(b, cost(size));
        return NULL;
    }
    h->size = size;
    return h + 1;
}

static void budget_free(void *ctx, void *ptr) {
    gl_budget *b = ctx;
    if (!ptr)
        return;
    budget_head *h = (budget_head *)ptr - 1;
    gl_budget_release(b, cost(h->size));
    b->inner->free(b->inner->ctx, h);
}

static void *budget_realloc(void *ctx, void *ptr, size_t size) {
    gl_budget *b = ctx;
    if (!ptr)
        return budget_malloc(ctx, size);
    budget_head *h = (budget_head *)ptr - 1;
    size_t old = h->size;
    if (size > SIZE_MAX - cost(0))
        return NULL;
    if (size > old && !gl_budget_charge(b, size - old))
        return NULL;
    budget_head *n = b->inner->realloc(b->inner->ctx, h, sizeof *n + size);
    if (!n) {
        if (size > old)
            gl_budget_release(b, size - old);
        return NULL;
    }
    if (size < old)
        gl_budget_release(b, old - size);
    n->size = size;
    return n + 1;
}

void gl_budget_init(gl_budget *b, const gl_allocator *inner, size_t limit) {
    *b = (gl_budget){{budget_malloc, budget_realloc, budget_free, b}, inner, 0, 0, limit, false};
}
