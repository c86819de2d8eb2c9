/* The JSON writer: the metadata and the tree as plain data, for scripts and
 * for the reader tests (pandoc's `native`). The layout is fixed so goldens
 * diff well: one block a line, inlines on their block's line, keys in a
 * fixed order, two-space indent. */
#include <string.h>
#include "writers/writers.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/escape.h"
#include "util/sink.h"

/* Past this depth lines are no longer indented further: indentation would
 * otherwise grow with the square of the depth (a 10,000-deep quote would take
 * 100 MB of spaces); JSON does not care. */
#define MAX_INDENT_DEPTH 32

static void str(gl_buf *b, const char *s) {
    if (s)
        gl_escape_json(b, s, strlen(s));
    else
        gl_buf_puts(b, "null");
}

static void key_str(gl_buf *b, const char *key, const char *s) {
    gl_buf_printf(b, ", \"%s\": ", key);
    str(b, s);
}

static void indent(gl_buf *b, size_t depth) {
    gl_buf_putc(b, '\n');
    size_t n = 2 + (depth < MAX_INDENT_DEPTH ? depth : MAX_INDENT_DEPTH);
    for (size_t i = 0; i < n; i++)
        gl_buf_puts(b, "  ");
}

/* Containers whose children are blocks, one a line. */
static bool multiline(gl_node_type t) {
    switch (t) {
    case GL_NODE_DOCUMENT:
    case GL_NODE_BLOCKQUOTE:
    case GL_NODE_LIST:
    case GL_NODE_ITEM:
    case GL_NODE_TABLE:
    case GL_NODE_TABLE_ROW:
    case GL_NODE_FOOTNOTE_DEF:
        return true;
    default:
        return false;
    }
}

static void fields(gl_buf *b, const gl_node *n) {
    static const char *const aligns[] = {NULL, "left", "center", "right"};
    switch (n->type) {
    case GL_NODE_HEADING:
        gl_buf_printf(b, ", \"level\": %d", n->level);
        key_str(b, "id", n->info);
        break;
    case GL_NODE_LIST:
        gl_buf_printf(b, ", \"ordered\": %s, \"start\": %ld, \"tight\": %s",
                      n->ordered ? "true" : "false", n->start, n->tight ? "true" : "false");
        break;
    case GL_NODE_ITEM:
        if (n->task != GL_TASK_NONE)
            key_str(b, "task", n->task == GL_TASK_DONE ? "done" : "open");
        break;
    case GL_NODE_CODE_BLOCK:
        key_str(b, "language", n->info);
        gl_buf_puts(b, ", \"text\": ");
        gl_escape_json(b, n->text ? n->text : "", n->text ? n->text_len : 0);
        break;
    case GL_NODE_TABLE_CELL:
        gl_buf_printf(b, ", \"header\": %s", n->header ? "true" : "false");
        if (n->align > GL_ALIGN_NONE && n->align <= GL_ALIGN_RIGHT)
            key_str(b, "align", aligns[n->align]);
        break;
    case GL_NODE_TEXT:
    case GL_NODE_CODE:
        gl_buf_puts(b, ", \"text\": ");
        gl_escape_json(b, n->text ? n->text : "", n->text ? n->text_len : 0);
        break;
    case GL_NODE_LINK:
        key_str(b, "url", n->url);
        key_str(b, "title", n->title);
        break;
    case GL_NODE_IMAGE:
    case GL_NODE_FIGURE:
        key_str(b, "url", n->url);
        gl_buf_puts(b, ", \"alt\": ");
        if (n->text)
            gl_escape_json(b, n->text, n->text_len);
        else
            gl_buf_puts(b, "null");
        key_str(b, "title", n->title);
        break;
    case GL_NODE_FOOTNOTE_DEF:
    case GL_NODE_FOOTNOTE_REF:
        key_str(b, "label", n->info);
        break;
    default:
        break;
    }
}

static void metadata(gl_buf *b, const gl_doc *doc) {
    static const gl_meta_field first[] = {GL_META_TITLE, GL_META_SITE, GL_META_LANG, GL_META_URL,
                                          GL_META_DESCRIPTION};
    gl_buf_puts(b, "{\n  \"title\": ");
    str(b, gl_doc_meta(doc, GL_META_TITLE));
    gl_buf_puts(b, ",\n  \"byline\": ");
    str(b, gl_doc_meta(doc, GL_META_BYLINE));
    gl_buf_puts(b, ",\n  \"date\": ");
    str(b, gl_doc_meta(doc, GL_META_DATE));
    for (size_t i = 1; i < sizeof first / sizeof *first; i++) {
        gl_buf_printf(b, ",\n  \"%s\": ", gl_meta_field_name(first[i]));
        str(b, gl_doc_meta(doc, first[i]));
    }
    gl_buf_puts(b, ",\n  \"authors\": [");
    for (size_t i = 0; i < gl_doc_author_count(doc); i++) {
        if (i)
            gl_buf_puts(b, ", ");
        str(b, gl_doc_author(doc, i));
    }
    gl_buf_puts(b, "],\n  \"date_text\": ");
    str(b, gl_doc_meta(doc, GL_META_DATE_TEXT));
    gl_buf_puts(b, ",\n  \"sources\": {");
    bool any = false;
    for (int f = 0; f < GL_META_COUNT; f++) {
        const char *src = gl_doc_meta_source(doc, (gl_meta_field)f);
        if (!gl_doc_meta(doc, (gl_meta_field)f) || !src)
            continue;
        gl_buf_printf(b, "%s\"%s\": ", any ? ", " : "", gl_meta_field_name((gl_meta_field)f));
        str(b, src);
        any = true;
    }
    gl_buf_puts(b, "},\n");
}

gl_status gl_write_json(const gl_doc *doc, const gl_sink *sink, const gl_options *opt,
                        gl_error *err) {
    gl_buf b;
    gl_buf_init(&b, gl_allocator_of(opt), 0);
    metadata(&b, doc);
    const gl_node *root = gl_doc_root(doc);
    size_t depth = 0; /* multi-line containers open below the body */
    gl_iter it;
    gl_iter_init(&it, root);
    while (gl_iter_next(&it) != GL_EVENT_NONE && b.status == GL_OK) {
        const gl_node *n = it.node;
        if (n == root) {
            if (it.event == GL_EVENT_ENTER)
                gl_buf_puts(&b, "  \"body\": [");
            else
                gl_buf_puts(&b, root->first_child ? "\n  ]\n}\n" : "]\n}\n");
            continue;
        }
        if (it.event == GL_EVENT_ENTER) {
            if (gl_node_is_block(n->type))
                indent(&b, depth);
            gl_buf_printf(&b, "{\"type\": \"%s\"", gl_node_type_name(n->type));
            fields(&b, n);
            if (gl_node_is_leaf(n->type)) {
                gl_buf_putc(&b, '}');
            } else {
                gl_buf_puts(&b, ", \"children\": [");
                if (multiline(n->type))
                    depth++;
                continue;
            }
        } else {
            if (multiline(n->type)) {
                depth--;
                if (n->first_child)
                    indent(&b, depth);
            }
            gl_buf_puts(&b, "]}");
        }
        if (n->next)
            gl_buf_puts(&b, gl_node_is_block(n->type) ? "," : ", ");
    }
    gl_status st = gl_sink_flush_buf(sink, &b, err);
    gl_buf_free(&b);
    return st;
}
