#include "util/alloc.h"

#include <malloc.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "util/error.h"

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

char *gl_strdup(const gl_allocator *a, const char *s) {
    if (!s)
        return NULL;
    size_t n = strlen(s);
    char *p = gl_malloc(a, n + 1);
    if (p)
        memcpy(p, s, n + 1);
    return p;
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

bool gl_budget_fits(const gl_budget *b, size_t bytes) {
    return !b->limit || (bytes <= b->limit && b->used <= b->limit - bytes);
}

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

gl_budget *gl_budget_of(const gl_allocator *a) {
    return a && a->malloc == budget_malloc ? a->ctx : NULL;
}

void gl_budget_init(gl_budget *b, const gl_allocator *inner, size_t limit) {
    *b = (gl_budget){{budget_malloc, budget_realloc, budget_free, b}, inner, 0, 0, limit, false};
}

gl_status gl_budget_fail(gl_error *err, size_t limit) {
    /* The refusal surfaced as the library's own failure (out of memory, a
     * parse error): the limit is the reason. */
    if (err)
        err->status = GL_OK;
    return gl_fail(err, GL_ELIMIT, 0,
                   "document too large for the memory limit (max_memory = %zu MiB)", limit >> 20);
}

/* ---- another library's memory ---- */

/* The budget this thread's counted allocations go to. */
static _Thread_local gl_budget *watched;

gl_budget *gl_budget_watch(gl_budget *b) {
    gl_budget *before = watched;
    watched = b;
    return before;
}

bool gl_budget_watched_exceeded(void) { return watched && watched->exceeded; }

/* What a block of malloc's holds: what it can use, and glibc's 8-byte size
 * field before it. */
static size_t held(void *p) { return p ? malloc_usable_size(p) + sizeof(size_t) : 0; }

/* Counts `bytes` whatever the limit: a block already made, checked against
 * the limit by the estimate charged before it. */
static void add(gl_budget *b, size_t bytes) {
    b->used += bytes;
    if (b->used > b->peak)
        b->peak = b->used;
}

void *gl_counted_malloc(size_t size) {
    gl_budget *b = watched;
    size_t estimate = size + sizeof(size_t);
    if (estimate < size || (b && !gl_budget_charge(b, estimate)))
        return NULL;
    void *p = malloc(size);
    if (b) {
        gl_budget_release(b, estimate);
        add(b, held(p));
    }
    return p;
}

void *gl_counted_realloc(void *ptr, size_t size) {
    gl_budget *b = watched;
    size_t old = held(ptr), want = size + sizeof(size_t), more = want > old ? want - old : 0;
    if (want < size || (b && more && !gl_budget_charge(b, more)))
        return NULL;
    void *p = realloc(ptr, size);
    if (b) {
        gl_budget_release(b, more);
        /* realloc(ptr, 0) frees ptr and may answer NULL */
        if (p || size == 0) {
            gl_budget_release(b, old);
            add(b, held(p));
        }
    }
    return p;
}

void gl_counted_free(void *ptr) {
    if (watched)
        gl_budget_release(watched, held(ptr));
    free(ptr);
}

char *gl_counted_strdup(const char *s) {
    size_t n = strlen(s) + 1;
    char *p = gl_counted_malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}
