/* A one-line picture of a document tree for the HTML reader's tests: every
 * node with the fields that matter, so one string compare checks a whole tree
 * node by node. p[...] paragraph, h2#id[...], ul[...]/ol3[...] (start),
 * li[...] li-[...] li+[...] (task open/done), bq[...], pre:lang"...", hr,
 * fig(src|alt)[caption], table[tr[th<[...] td[...]]] (< ^ > align),
 * em b s sup sub [...], a(href|title)[...], img(src|alt|title), code"...",
 * br, and "text". */
#ifndef GL_TESTS_HTML_SHAPE_H
#define GL_TESTS_HTML_SHAPE_H

#include <string.h>
#include "galley/galley.h"
#include "util/buf.h"

static void shape_str(gl_buf *b, const char *s) {
    if (s)
        gl_buf_puts(b, s);
}

static void shape_node(gl_buf *b, const gl_node *n) {
    static const char *const names[GL_NODE_TYPE_COUNT] = {
        [GL_NODE_PARAGRAPH] = "p",       [GL_NODE_BLOCKQUOTE] = "bq",   [GL_NODE_TABLE] = "table",
        [GL_NODE_TABLE_ROW] = "tr",      [GL_NODE_EMPH] = "em",         [GL_NODE_STRONG] = "b",
        [GL_NODE_STRIKE] = "s",          [GL_NODE_SUPERSCRIPT] = "sup", [GL_NODE_SUBSCRIPT] = "sub",
        [GL_NODE_THEMATIC_BREAK] = "hr", [GL_NODE_LINE_BREAK] = "br",   [GL_NODE_ITEM] = "li",
    };
    switch (n->type) {
    case GL_NODE_TEXT:
        gl_buf_printf(b, "\"%s\"", n->text);
        return;
    case GL_NODE_CODE:
        gl_buf_printf(b, "code\"%s\"", n->text);
        return;
    case GL_NODE_CODE_BLOCK:
        gl_buf_puts(b, "pre");
        if (n->info)
            gl_buf_printf(b, ":%s", n->info);
        gl_buf_printf(b, "\"%s\"", n->text);
        return;
    case GL_NODE_HEADING:
        gl_buf_printf(b, "h%d#%s", n->level, n->info ? n->info : "");
        break;
    case GL_NODE_LIST:
        if (n->ordered)
            gl_buf_printf(b, "ol%ld", n->start);
        else
            gl_buf_puts(b, "ul");
        break;
    case GL_NODE_ITEM:
        gl_buf_puts(b, n->task == GL_TASK_OPEN ? "li-" : n->task == GL_TASK_DONE ? "li+" : "li");
        break;
    case GL_NODE_TABLE_CELL:
        gl_buf_puts(b, n->header ? "th" : "td");
        gl_buf_puts(b, (const char *[]){"", "<", "^", ">"}[n->align]);
        break;
    case GL_NODE_LINK:
        gl_buf_puts(b, "a(");
        shape_str(b, n->url);
        if (n->title)
            gl_buf_printf(b, "|%s", n->title);
        gl_buf_puts(b, ")");
        break;
    case GL_NODE_IMAGE:
    case GL_NODE_FIGURE:
        gl_buf_puts(b, n->type == GL_NODE_IMAGE ? "img(" : "fig(");
        shape_str(b, n->url);
        if (n->text || n->title)
            gl_buf_printf(b, "|%s", n->text ? n->text : "");
        if (n->title)
            gl_buf_printf(b, "|%s", n->title);
        gl_buf_puts(b, ")");
        break;
    default:
        shape_str(b, names[n->type] ? names[n->type] : gl_node_type_name(n->type));
        break;
    }
}

/* The shape of the root's children; the caller frees nothing (static buffer
 * reused by each call). */
static const char *shape(const gl_doc *doc) {
    static gl_buf b;
    if (!b.alloc)
        gl_buf_init(&b, NULL, 0);
    gl_buf_clear(&b);
    gl_iter it;
    gl_iter_init(&it, gl_doc_root(doc));
    gl_event ev;
    while ((ev = gl_iter_next(&it)) != GL_EVENT_NONE) {
        const gl_node *n = it.node;
        if (n->type == GL_NODE_DOCUMENT)
            continue;
        if (ev == GL_EVENT_EXIT) {
            if (n->first_child)
                gl_buf_putc(&b, ']');
            continue;
        }
        if (n->prev)
            gl_buf_putc(&b, ' ');
        shape_node(&b, n);
        if (n->first_child)
            gl_buf_putc(&b, '[');
    }
    return gl_buf_cstr(&b);
}

#endif
