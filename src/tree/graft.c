/* gl_node_graft (graft.h): the chunks of the source's arena are linked into
 * the destination's list behind its newest chunk, which stays the one the
 * destination allocates from; gl_doc_free then frees them with the rest. */
#include "tree/graft.h"

#include "tree/tree.h"
#include "util/alloc.h"

static bool same_allocator(const gl_allocator *a, const gl_allocator *b) {
    return a->malloc == b->malloc && a->realloc == b->realloc && a->free == b->free &&
           a->ctx == b->ctx;
}

gl_status gl_node_graft(gl_doc *dst, gl_node *parent, gl_doc **src) {
    gl_doc *s = *src;
    if (!s || s == dst || !parent || !same_allocator(&dst->alloc, &s->alloc))
        return GL_EINVAL;
    for (const gl_node *n = s->root->first_child; n; n = n->next) {
        if (!gl_node_can_contain(parent->type, n->type))
            return GL_EINVAL;
    }
    size_t moved = s->node_count - 1; /* its root stays behind, and is freed */
    if (moved > dst->max_nodes - dst->node_count)
        return GL_ELIMIT;
    while (s->root->first_child) {
        gl_node *n = s->root->first_child;
        gl_node_unlink(n);
        gl_node_append(parent, n);
    }
    dst->node_count += moved;
    if (s->chunks) {
        gl_arena_chunk *last = s->chunks;
        while (last->next)
            last = last->next;
        if (dst->chunks) {
            last->next = dst->chunks->next;
            dst->chunks->next = s->chunks;
        } else {
            dst->chunks = s->chunks;
            dst->cursor = s->cursor;
            dst->left = s->left;
        }
        s->chunks = NULL;
    }
    gl_doc_free(s);
    *src = NULL;
    return GL_OK;
}
