/* Moving a whole document's blocks into another document (the book's
 * chapters, writers/book.c), without copying a node. */
#ifndef GL_TREE_GRAFT_H
#define GL_TREE_GRAFT_H

#include "galley/doc.h"

/* Moves every child of `src`'s root to the end of `parent`'s children
 * (`parent` a node of `dst`) and gives `dst` the memory of `src` (its arena
 * chunks), so that the moved nodes and their strings live as long as `dst`;
 * `src` itself is freed and *src set to NULL. Both documents must draw from
 * the same allocator. On failure nothing has moved and *src is untouched:
 * GL_EINVAL (another allocator, or a child `parent` may not contain, as
 * gl_node_append), GL_ELIMIT (dst would pass its max_nodes). */
gl_status gl_node_graft(gl_doc *dst, gl_node *parent, gl_doc **src);

#endif
