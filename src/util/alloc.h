/* Allocation through the caller's gl_allocator (malloc when none). */
#ifndef GL_UTIL_ALLOC_H
#define GL_UTIL_ALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include "galley/error.h"
#include "galley/options.h"

/* The allocator to use for `opt` (which may be NULL): opt->allocator or malloc. */
const gl_allocator *gl_allocator_of(const gl_options *opt);
void *gl_malloc(const gl_allocator *a, size_t size);
void *gl_realloc(const gl_allocator *a, void *ptr, size_t size);
void gl_free(const gl_allocator *a, void *ptr);
/* n * size bytes, NULL on overflow or failure. */
void *gl_malloc_array(const gl_allocator *a, size_t n, size_t size);
/* A copy of the string `s` from `a` (NULL `a`: malloc); NULL when out of
 * memory or when `s` is NULL. */
char *gl_strdup(const gl_allocator *a, const char *s);

/* A memory budget (issue 14): an allocator that counts what passes
 * through it, each block with a header that remembers its size, and
 * refuses (NULL) an allocation that would take the total past `limit`.
 * Hand &budget->alloc on as the allocator; every block must be freed or
 * grown through it. One conversion, one thread. */
typedef struct gl_budget {
    gl_allocator alloc;        /* what to allocate through; ctx is the budget */
    const gl_allocator *inner; /* where the memory comes from */
    size_t used;               /* bytes held, headers and the allocator's slack counted */
    size_t peak;               /* the most `used` has been */
    size_t limit;              /* 0: none */
    bool exceeded;             /* an allocation or charge was refused for the limit */
} gl_budget;

void gl_budget_init(gl_budget *b, const gl_allocator *inner, size_t limit);

/* Counts `bytes` held outside the budget's allocator (another library's
 * memory, estimated); false, with b->exceeded, when that passes the limit. */
bool gl_budget_charge(gl_budget *b, size_t bytes);

/* Gives back what gl_budget_charge counted. */
void gl_budget_release(gl_budget *b, size_t bytes);

/* The budget `a` allocates through (a == &budget->alloc), else NULL: lets
 * code handed only an allocator count another library's memory against
 * the same limit (an SVG's cairo surface). */
gl_budget *gl_budget_of(const gl_allocator *a);

/* Whether `bytes` more fit under b's limit, without counting them or
 * marking the budget exceeded: for a part the caller can do without. */
bool gl_budget_fits(const gl_budget *b, size_t bytes);

/* The limit's error: GL_ELIMIT, "document too large for the memory limit
 * (max_memory = N MiB)", in place of the failure the refusal caused. */
gl_status gl_budget_fail(gl_error *err, size_t limit);

/* Another library's memory, counted (issue 14): malloc, realloc, free and
 * strdup with the signatures of libxml2's xmlMemSetup hooks, which charge
 * what they hand out to the budget this thread watches and refuse (NULL)
 * past its limit. Their blocks are plain malloc blocks, counted by
 * malloc_usable_size, so that a block allocated before the hooks were set,
 * or while no budget is watched, is freed as any other; with no budget
 * watched they count nothing. */
void *gl_counted_malloc(size_t size);
void *gl_counted_realloc(void *ptr, size_t size);
void gl_counted_free(void *ptr);
char *gl_counted_strdup(const char *s);

/* Makes `b` (NULL: none) the budget this thread's counted allocations go
 * to, and returns the one before, to be put back when done. */
gl_budget *gl_budget_watch(gl_budget *b);

/* Whether the budget this thread watches has refused an allocation: the
 * work under way is lost, and a second try (a reparse) would only be
 * refused again, slowly. */
bool gl_budget_watched_exceeded(void);

#endif
