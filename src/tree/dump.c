/* A readable dump of the tree, one node a line, for debugging. */
#include "tree/tree.h"
#include "util/buf.h"
#include "util/sink.h"

static void put_quoted(gl_buf *b, const char *s, size_t len) {
    gl_buf_putc(b, '"');
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '"' || c == '\\')
            gl_buf_putc(b, '\\'), gl_buf_putc(b, c);
        else if (c == '\n')
            gl_buf_puts(b, "\\n");
        else
            gl_buf_putc(b, c);
    }
    gl_buf_putc(b, '"');
}

gl_status gl_doc_dump(const gl_doc *doc, const gl_sink *sink, gl_error *err) {
    gl_buf b;
    gl_buf_init(&b, &doc->alloc, 0);
    for (int f = 0; f < GL_META_COUNT; f++) {
        if (!doc->meta[f])
            continue;
        gl_buf_printf(&b, "%s: ", gl_meta_field_name((gl_meta_field)f));
        put_quoted(&b, doc->meta[f], __builtin_strlen(doc->meta[f]));
        gl_buf_printf(&b, " (%s)\n", doc->meta_source[f] ? doc->meta_source[f] : "");
    }
    gl_iter it;
    gl_iter_init(&it, doc->root);
    int depth = 0;
    while (gl_iter_next(&it) != GL_EVENT_NONE) {
        const gl_node *n = it.node;
        if (it.event == GL_EVENT_EXIT) {
            depth--;
            continue;
        }
        for (int i = 0; i < depth; i++)
            gl_buf_puts(&b, "  ");
        gl_buf_puts(&b, gl_node_type_name(n->type));
        if (n->type == GL_NODE_HEADING)
            gl_buf_printf(&b, " level=%d", n->level);
        if (n->type == GL_NODE_LIST)
            gl_buf_printf(&b, " %s start=%ld%s", n->ordered ? "ordered" : "bullet", n->start,
                          n->tight ? " tight" : "");
        if (n->type == GL_NODE_ITEM && n->task)
            gl_buf_puts(&b, n->task == GL_TASK_DONE ? " [x]" : " [ ]");
        if (n->type == GL_NODE_TABLE_CELL)
            gl_buf_printf(&b, "%s align=%d", n->header ? " header" : "", (int)n->align);
        if (n->info)
            gl_buf_printf(&b, " info=%s", n->info);
        if (n->url)
            gl_buf_printf(&b, " url=%s", n->url);
        if (n->title)
            gl_buf_printf(&b, " title=%s", n->title);
        if (n->text) {
            gl_buf_putc(&b, ' ');
            put_quoted(&b, n->text, n->text_len);
        }
        gl_buf_putc(&b, '\n');
        if (!gl_node_is_leaf(n->type))
            depth++;
    }
    gl_status st = gl_sink_flush_buf(sink, &b, err);
    gl_buf_free(&b);
    return st;
}
