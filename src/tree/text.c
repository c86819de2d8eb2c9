/* The words of a subtree as one line (text.h). */
#include "tree/text.h"

static bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

void gl_text_walk_init(gl_text_walk *w, const gl_node *n) {
    gl_iter_init(&w->it, n);
    w->node = NULL;
    w->pos = 0;
    w->space = false;
    w->started = false;
}

int gl_text_walk_next(gl_text_walk *w) {
    for (;;) {
        while (!w->node || w->pos == w->node->text_len) {
            w->node = NULL;
            if (gl_iter_next(&w->it) == GL_EVENT_NONE)
                return -1; /* a last run of white space is never given */
            const gl_node *t = w->it.node;
            if (w->it.event == GL_EVENT_ENTER &&
                (t->type == GL_NODE_TEXT || t->type == GL_NODE_CODE)) {
                w->node = t;
                w->pos = 0;
            }
        }
        char c = w->node->text[w->pos];
        if (is_space(c)) {
            w->space = true;
            w->pos++;
            continue;
        }
        if (w->space && w->started) {
            w->space = false;
            return ' '; /* the byte itself comes on the next call */
        }
        w->space = false;
        w->started = true;
        w->pos++;
        return (unsigned char)c;
    }
}

gl_status gl_node_text_collapsed(const gl_node *n, gl_buf *out) {
    gl_text_walk w;
    gl_text_walk_init(&w, n);
    for (int c; (c = gl_text_walk_next(&w)) >= 0;)
        gl_buf_putc(out, (char)c);
    return out->status;
}
