/* Walking what lies inside a node, for the writers that render a node's
 * contents and not the node itself (a paragraph's inlines, a block's
 * children). */
#ifndef GL_TREE_ITER_H
#define GL_TREE_ITER_H

#include "galley/doc.h"

/* gl_iter_next without the ENTER and EXIT of the node the walk began at:
 * the events of its descendants, then GL_EVENT_NONE. */
static inline gl_event gl_iter_next_inside(gl_iter *it) {
    gl_event ev;
    do
        ev = gl_iter_next(it);
    while (ev != GL_EVENT_NONE && it->node == it->root);
    return ev;
}

#endif
