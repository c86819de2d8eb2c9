/* The words of a subtree as one line: what a contents entry shows for a
 * heading (writers/epub.c) and what is compared with the title to find a
 * heading that repeats it (readers/html_article.c). */
#ifndef GL_TREE_TEXT_H
#define GL_TREE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include "galley/doc.h"
#include "util/buf.h"

/* Walks the text and code nodes below a node (the node included) byte by
 * byte, each run of white space (space, tab, LF, CR, FF: HTML's and
 * CommonMark's) given as one space, none at either end. Reads the tree and
 * allocates nothing, so a reader can compare without a buffer. */
typedef struct gl_text_walk {
    gl_iter it;
    const gl_node *node; /* the text node being read; NULL between them */
    size_t pos;          /* next byte of node->text */
    bool space;          /* white space seen since the last byte given */
    bool started;        /* a byte has been given */
} gl_text_walk;

void gl_text_walk_init(gl_text_walk *w, const gl_node *n);

/* The next byte (0-255), or -1 at the end. */
int gl_text_walk_next(gl_text_walk *w);

/* Appends the whole walk of `n` to `out`. Returns out->status. */
gl_status gl_node_text_collapsed(const gl_node *n, gl_buf *out);

#endif
