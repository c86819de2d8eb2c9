/* ENTER/EXIT walk over parent/sibling links (cmark's iterator.c): constant
 * memory, no recursion, whatever the depth. */
#include "tree/tree.h"

void gl_iter_init(gl_iter *it, const gl_node *root) {
    it->root = root;
    it->node = NULL;
    it->event = GL_EVENT_NONE;
    it->skip = false;
}

gl_event gl_iter_next(gl_iter *it) {
    const gl_node *n = it->node;
    if (!n) {
        if (!it->root || it->event != GL_EVENT_NONE)
            return GL_EVENT_NONE;
        it->node = it->root;
        return it->event = GL_EVENT_ENTER;
    }
    if (it->event == GL_EVENT_ENTER && !gl_node_is_leaf(n->type)) {
        if (n->first_child && !it->skip) {
            it->node = n->first_child;
            return it->event = GL_EVENT_ENTER;
        }
        it->skip = false;
        return it->event = GL_EVENT_EXIT;
    }
    /* After a leaf's ENTER or a container's EXIT: next sibling, else parent's EXIT. */
    if (n == it->root) {
        it->node = NULL;
        it->root = NULL;
        return it->event = GL_EVENT_NONE;
    }
    if (n->next) {
        it->node = n->next;
        return it->event = GL_EVENT_ENTER;
    }
    it->node = n->parent;
    return it->event = GL_EVENT_EXIT;
}

void gl_iter_skip_children(gl_iter *it) {
    if (it->node && it->event == GL_EVENT_ENTER && !gl_node_is_leaf(it->node->type))
        it->skip = true;
}
