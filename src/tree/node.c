/* Node creation and linking. Containment is checked at insert time (cmark's
 * S_can_contain), so no reader can build a tree a writer cannot render. */
#include <stdint.h>
#include <string.h>
#include "tree/tree.h"
#include "util/error.h"
#include "util/url.h"
#include "util/utf8.h"

static const char *const type_names[GL_NODE_TYPE_COUNT] = {
    "document",     "heading",        "paragraph", "list",   "item",         "blockquote",
    "code_block",   "thematic_break", "figure",    "table",  "table_row",    "table_cell",
    "footnote_def", "text",           "emph",      "strong", "strike",       "superscript",
    "subscript",    "code",           "link",      "image",  "footnote_ref", "line_break",
};

const char *gl_node_type_name(gl_node_type type) {
    return (unsigned)type < GL_NODE_TYPE_COUNT ? type_names[type] : "invalid";
}

bool gl_node_is_block(gl_node_type type) {
    return type >= GL_NODE_HEADING && type <= GL_NODE_FOOTNOTE_DEF;
}

bool gl_node_is_inline(gl_node_type type) {
    return type >= GL_NODE_TEXT && type < GL_NODE_TYPE_COUNT;
}

bool gl_node_is_leaf(gl_node_type type) {
    switch (type) {
    case GL_NODE_TEXT:
    case GL_NODE_CODE:
    case GL_NODE_IMAGE:
    case GL_NODE_LINE_BREAK:
    case GL_NODE_FOOTNOTE_REF:
    case GL_NODE_CODE_BLOCK:
    case GL_NODE_THEMATIC_BREAK:
        return true;
    default:
        return false;
    }
}

/* Blocks that may stand in a flow of blocks (not the structural ITEM, ROW, CELL). */
static bool is_flow_block(gl_node_type t) {
    return gl_node_is_block(t) && t != GL_NODE_ITEM && t != GL_NODE_TABLE_ROW &&
           t != GL_NODE_TABLE_CELL;
}

bool gl_node_can_contain(gl_node_type parent, gl_node_type child) {
    switch (parent) {
    case GL_NODE_DOCUMENT:
    case GL_NODE_BLOCKQUOTE:
    case GL_NODE_ITEM:
    case GL_NODE_FOOTNOTE_DEF:
        return is_flow_block(child);
    case GL_NODE_LIST:
        return child == GL_NODE_ITEM;
    case GL_NODE_TABLE:
        return child == GL_NODE_TABLE_ROW;
    case GL_NODE_TABLE_ROW:
        return child == GL_NODE_TABLE_CELL;
    case GL_NODE_HEADING:
    case GL_NODE_PARAGRAPH:
    case GL_NODE_TABLE_CELL:
    case GL_NODE_FIGURE:
    case GL_NODE_EMPH:
    case GL_NODE_STRONG:
    case GL_NODE_STRIKE:
    case GL_NODE_SUPERSCRIPT:
    case GL_NODE_SUBSCRIPT:
        return gl_node_is_inline(child);
    case GL_NODE_LINK: /* a link inside a link has no meaning in HTML or PDF */
        return gl_node_is_inline(child) && child != GL_NODE_LINK;
    default:
        return false;
    }
}

gl_node *gl_node_new(gl_doc *doc, gl_node_type type) {
    if ((unsigned)type >= GL_NODE_TYPE_COUNT) {
        doc->last_status = GL_EINVAL;
        return NULL;
    }
    if (doc->node_count >= doc->max_nodes) {
        doc->last_status = GL_ELIMIT;
        return NULL;
    }
    gl_node *n = gl_doc_alloc(doc, sizeof *n);
    if (!n)
        return NULL;
    memset(n, 0, sizeof *n);
    n->type = type;
    if (type == GL_NODE_HEADING)
        n->level = 1;
    if (type == GL_NODE_LIST)
        n->start = 1;
    doc->node_count++;
    return n;
}

gl_status gl_node_append(gl_node *parent, gl_node *child) {
    if (!parent || !child || child->parent || !gl_node_can_contain(parent->type, child->type))
        return GL_EINVAL;
    child->parent = parent;
    child->prev = parent->last_child;
    child->next = NULL;
    if (parent->last_child)
        parent->last_child->next = child;
    else
        parent->first_child = child;
    parent->last_child = child;
    return GL_OK;
}

void gl_node_unlink(gl_node *node) {
    gl_node *p = node->parent;
    if (!p)
        return;
    if (node->prev)
        node->prev->next = node->next;
    else
        p->first_child = node->next;
    if (node->next)
        node->next->prev = node->prev;
    else
        p->last_child = node->prev;
    node->parent = node->prev = node->next = NULL;
}

static gl_status copy_string(gl_doc *doc, const char **dst, const char *s, size_t len) {
    char *p = gl_doc_strndup(doc, s ? s : "", s ? len : 0);
    if (!p)
        return GL_ENOMEM;
    *dst = p;
    return GL_OK;
}

gl_status gl_node_set_text(gl_doc *doc, gl_node *node, const char *s, size_t len) {
    gl_status st = copy_string(doc, &node->text, s, len);
    if (st == GL_OK)
        node->text_len = s ? len : 0;
    return st;
}

gl_status gl_node_set_url(gl_doc *doc, gl_node *node, const char *s, size_t len) {
    return copy_string(doc, &node->url, s, len);
}

gl_status gl_node_set_title(gl_doc *doc, gl_node *node, const char *s, size_t len) {
    return copy_string(doc, &node->title, s, len);
}

gl_status gl_node_set_info(gl_doc *doc, gl_node *node, const char *s, size_t len) {
    return copy_string(doc, &node->info, s, len);
}

gl_status gl_node_append_text(gl_doc *doc, gl_node *parent, const char *s, size_t len) {
    if (!gl_node_can_contain(parent->type, GL_NODE_TEXT))
        return GL_EINVAL;
    if (len == 0)
        return GL_OK;
    gl_node *last = parent->last_child;
    if (last && last->type == GL_NODE_TEXT) {
        /* Join so writers see one run. The arena cannot grow an allocation,
         * so the joined text gets room to double into, and later runs fill
         * it in place: linear, where a copy per run was quadratic. */
        size_t total, cap;
        if (__builtin_add_overflow(last->text_len, len, &total) || total >= SIZE_MAX / 2)
            return GL_ENOMEM;
        if (last->text == doc->tail && total < doc->tail_cap) {
            memcpy(doc->tail + last->text_len, s, len);
            doc->tail[total] = '\0';
            last->text_len = total;
            return GL_OK;
        }
        cap = total < 32 ? 64 : total * 2;
        char *p = gl_doc_alloc(doc, cap);
        if (!p)
            return GL_ENOMEM;
        memcpy(p, last->text, last->text_len);
        memcpy(p + last->text_len, s, len);
        p[total] = '\0';
        last->text = p;
        last->text_len = total;
        doc->tail = p;
        doc->tail_cap = cap;
        return GL_OK;
    }
    gl_node *t = gl_node_new(doc, GL_NODE_TEXT);
    if (!t)
        return doc->last_status;
    if (gl_node_set_text(doc, t, s, len) != GL_OK)
        return GL_ENOMEM;
    return gl_node_append(parent, t);
}

const gl_node *gl_doc_root(const gl_doc *doc) { return doc->root; }

gl_node *gl_doc_root_mut(gl_doc *doc) { return doc->root; }

size_t gl_doc_node_count(const gl_doc *doc) { return doc->node_count; }

/* ---- metadata ---- */

static const char *const meta_names[GL_META_COUNT] = {
    "title", "byline", "date", "date_text", "site", "lang", "url", "description",
};

const char *gl_meta_field_name(gl_meta_field field) {
    return (unsigned)field < GL_META_COUNT ? meta_names[field] : "invalid";
}

const char *gl_doc_meta(const gl_doc *doc, gl_meta_field field) {
    return (unsigned)field < GL_META_COUNT ? doc->meta[field] : NULL;
}

const char *gl_doc_meta_source(const gl_doc *doc, gl_meta_field field) {
    return (unsigned)field < GL_META_COUNT ? doc->meta_source[field] : NULL;
}

gl_status gl_doc_set_meta(gl_doc *doc, gl_meta_field field, const char *value, size_t len,
                          const char *source) {
    if ((unsigned)field >= GL_META_COUNT || !value || !gl_utf8_valid(value, len))
        return GL_EINVAL;
    if (field == GL_META_BYLINE) {
        /* A byline set as a whole is one author. */
        gl_doc_clear_meta(doc, GL_META_BYLINE);
        return gl_doc_add_author(doc, value, len, source);
    }
    char *v = gl_doc_strndup(doc, value, len);
    char *src = gl_doc_strndup(doc, source ? source : "", source ? strlen(source) : 0);
    if (!v || !src)
        return GL_ENOMEM;
    doc->meta[field] = v;
    doc->meta_source[field] = src;
    return GL_OK;
}

void gl_doc_clear_meta(gl_doc *doc, gl_meta_field field) {
    if ((unsigned)field >= GL_META_COUNT)
        return;
    doc->meta[field] = NULL;
    doc->meta_source[field] = NULL;
    if (field == GL_META_BYLINE)
        doc->author_count = 0;
}

gl_status gl_doc_add_author(gl_doc *doc, const char *name, size_t len, const char *source) {
    if (!name || !gl_utf8_valid(name, len))
        return GL_EINVAL;
    if (doc->author_count == doc->author_cap) {
        size_t cap = doc->author_cap ? doc->author_cap * 2 : 4;
        const char **a = gl_doc_alloc(doc, cap * sizeof *a);
        if (!a)
            return GL_ENOMEM;
        if (doc->author_count)
            memcpy(a, doc->authors, doc->author_count * sizeof *a);
        doc->authors = a;
        doc->author_cap = cap;
    }
    char *copy = gl_doc_strndup(doc, name, len);
    if (!copy)
        return GL_ENOMEM;
    doc->authors[doc->author_count++] = copy;
    /* Rebuild the joined byline: authors are few, so this stays cheap. */
    size_t total = 0;
    for (size_t i = 0; i < doc->author_count; i++)
        total += strlen(doc->authors[i]) + 2;
    char *joined = gl_doc_alloc(doc, total + 1), *p = joined;
    char *src = gl_doc_strndup(doc, source ? source : "", source ? strlen(source) : 0);
    if (!joined || !src)
        return GL_ENOMEM;
    for (size_t i = 0; i < doc->author_count; i++) {
        size_t n = strlen(doc->authors[i]);
        if (i) {
            memcpy(p, ", ", 2);
            p += 2;
        }
        memcpy(p, doc->authors[i], n);
        p += n;
    }
    *p = '\0';
    doc->meta[GL_META_BYLINE] = joined;
    if (!doc->meta_source[GL_META_BYLINE] || doc->author_count == 1)
        doc->meta_source[GL_META_BYLINE] = src;
    return GL_OK;
}

size_t gl_doc_author_count(const gl_doc *doc) { return doc->author_count; }

const char *gl_doc_author(const gl_doc *doc, size_t i) {
    return i < doc->author_count ? doc->authors[i] : NULL;
}

/* ---- URL resolution ---- */

static bool is_relative(const char *url) {
    if (!url || !*url || url[0] == '#')
        return false;
    /* A scheme is ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" (RFC 3986 §3.1). */
    const char *p = url;
    if ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') {
        while ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z'
                   ? 1
                   : (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.')
            p++;
        if (*p == ':')
            return false;
    }
    return true;
}

static gl_status resolve_one(gl_doc *doc, gl_node *n, const char *base) {
    if (!is_relative(n->url))
        return GL_OK;
    size_t base_len = strlen(base), url_len = strlen(n->url), size;
    if (__builtin_add_overflow(base_len, url_len, &size) || __builtin_add_overflow(size, 2, &size))
        return GL_ENOMEM;
    char *abs = gl_doc_alloc(doc, size);
    if (!abs)
        return GL_ENOMEM;
    gl_url_resolve(abs, base, n->url);
    n->url = abs;
    return GL_OK;
}

gl_status gl_doc_resolve_urls(gl_doc *doc, const char *base, gl_error *err) {
    /* Only a web address is a base: against a file: or javascript: one a
     * relative "passwd" would become a local file's or a script's URL. */
    if (!base || !gl_url_is_web(base))
        return GL_OK;
    gl_iter it;
    gl_iter_init(&it, doc->root);
    while (gl_iter_next(&it) != GL_EVENT_NONE) {
        gl_node *n = (gl_node *)it.node;
        if (it.event == GL_EVENT_ENTER &&
            (n->type == GL_NODE_LINK || n->type == GL_NODE_IMAGE || n->type == GL_NODE_FIGURE) &&
            resolve_one(doc, n, base) != GL_OK)
            return gl_fail(err, GL_ENOMEM, n->line, "out of memory resolving links");
    }
    return GL_OK;
}
