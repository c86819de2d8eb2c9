/* What a batch's worker processes share (issue 18), in memory shared
 * across fork(2), set up by the parent before the workers start:
 * - request slots: at most GL_BATCH_HOST_MAX requests at a time to one
 *   host across all of them, pages and images alike, through
 *   gl_options.fetch_gate; each slot holds the pid of the worker using it,
 *   so that the parent can free a lost worker's slots;
 * - output names: the names planned by the parent and those workers take
 *   from titles (a URL without a useful name), so that no two outputs of
 *   the run take one name. */
#ifndef GL_CLI_BATCH_SHARED_H
#define GL_CLI_BATCH_SHARED_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "galley/galley.h"

typedef struct gl_batch_shared gl_batch_shared;

/* A table of `per_host` slots a host, shared with processes forked
 * after; NULL when no shared memory could be had (each worker then keeps
 * to its own count). *gate is filled to hand to gl_options.fetch_gate. */
gl_batch_shared *gl_batch_shared_new(unsigned per_host, gl_fetch_gate *gate);

/* Claims the output name `stem` (relative to OUT, without extension) for
 * this run: true when no one had it. With no table (NULL), true. */
bool gl_batch_shared_claim_name(gl_batch_shared *g, const char *stem, size_t len);

/* Frees the slots `pid` held (a worker that died or was killed). */
void gl_batch_shared_drop(gl_batch_shared *g, pid_t pid);

/* Unmaps the table (NULL: nothing). */
void gl_batch_shared_free(gl_batch_shared *g);

#endif
