/* What the reader and writer unit tests share beyond tree building
 * (../tools/testkit.h): rendering a document into a string, and the two
 * failure checks every writer and reader passes (a sink that refuses, each
 * allocation failing in turn). Compiled once (unit_kit.c) and linked into
 * every unit test. Include after <cmocka.h>. */
#ifndef GL_TESTS_UNIT_KIT_H
#define GL_TESTS_UNIT_KIT_H

#include "galley/galley.h"

/* Writes `doc` with `write` and `opt` (NULL: defaults), asserting GL_OK.
 * Returns the output NUL-terminated (its length in *len when `len` is not
 * NULL); the caller frees it with free(). */
char *uk_render(gl_write_doc_fn write, const gl_doc *doc, const gl_options *opt, size_t *len);

/* The rich test document (../tools/rich_doc.h), checked valid; the caller
 * frees it. */
gl_doc *uk_rich_doc(void);

/* The writers' nesting test document: 10,000 nested block quotes around a
 * paragraph holding 10,000 nested `inline_type` nodes, innermost the text
 * "deep", inside a STRONG node with `strong_text`. */
gl_doc *uk_deep_doc(gl_node_type inline_type, bool strong_text);

/* The writer's failures: a one-paragraph document into a sink that refuses
 * gives GL_ESINK, recorded in the error; and the rich test document
 * (../tools/rich_doc.h) written with each allocation failing in turn gives
 * GL_ENOMEM each time until the run succeeds, which makes more than
 * `min_allocations` allocations. */
void uk_check_writer_failures(gl_write_doc_fn write, long min_allocations);

/* Reads `in` with `read` and `base` (NULL: defaults) with allocation 1, 2,
 * ... failing until the read succeeds: each failed run returns GL_ENOMEM
 * and no document (the sanitizer build checks that nothing leaks); the
 * document read is valid. Returns the number of allocations the successful
 * read made. */
long uk_fail_each_read(gl_read_fn read, const gl_input *in, const gl_options *base);

#endif
