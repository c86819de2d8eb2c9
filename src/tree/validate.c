/* The tree's invariants, checked in one walk; the tests run it on every
 * document a reader builds. */
#include <string.h>
#include "tree/tree.h"
#include "util/error.h"
#include "util/utf8.h"

static bool string_ok(const char *s, size_t len) { return !s || gl_utf8_valid(s, len); }

static gl_status check_node(const gl_node *n, gl_error *err) {
    const char *name = gl_node_type_name(n->type);
    if (n->parent && !gl_node_can_contain(n->parent->type, n->type))
        return gl_fail(err, GL_EINVAL, n->line, "%s inside %s", name,
                       gl_node_type_name(n->parent->type));
    if (n->first_child && (n->first_child->prev || n->first_child->parent != n))
        return gl_fail(err, GL_EINVAL, n->line, "%s: broken first child link", name);
    if (n->last_child && (n->last_child->next || n->last_child->parent != n))
        return gl_fail(err, GL_EINVAL, n->line, "%s: broken last child link", name);
    if (n->next && (n->next->prev != n || n->next->parent != n->parent))
        return gl_fail(err, GL_EINVAL, n->line, "%s: broken sibling link", name);
    if (gl_node_is_leaf(n->type) && n->first_child)
        return gl_fail(err, GL_EINVAL, n->line, "%s has children", name);
    if (n->text && (strlen(n->text) != n->text_len || !string_ok(n->text, n->text_len)))
        return gl_fail(err, GL_EINVAL, n->line, "%s: text is not valid UTF-8 of its length", name);
    if (!string_ok(n->url, n->url ? strlen(n->url) : 0) ||
        !string_ok(n->title, n->title ? strlen(n->title) : 0) ||
        !string_ok(n->info, n->info ? strlen(n->info) : 0))
        return gl_fail(err, GL_EINVAL, n->line, "%s: attribute is not valid UTF-8", name);
    switch (n->type) {
    case GL_NODE_HEADING:
        if (n->level < 1 || n->level > 6)
            return gl_fail(err, GL_EINVAL, n->line, "heading level %d", n->level);
        break;
    case GL_NODE_TEXT:
    case GL_NODE_CODE:
        if (!n->text || n->text_len == 0)
            return gl_fail(err, GL_EINVAL, n->line, "empty %s", name);
        break;
    case GL_NODE_CODE_BLOCK:
        if (!n->text)
            return gl_fail(err, GL_EINVAL, n->line, "code block without text");
        break;
    case GL_NODE_LINK:
        if (!n->url)
            return gl_fail(err, GL_EINVAL, n->line, "link without url");
        break;
    case GL_NODE_IMAGE:
    case GL_NODE_FIGURE:
        if (!n->url)
            return gl_fail(err, GL_EINVAL, n->line, "%s without src", name);
        break;
    case GL_NODE_FOOTNOTE_DEF:
    case GL_NODE_FOOTNOTE_REF:
        if (!n->info || !*n->info)
            return gl_fail(err, GL_EINVAL, n->line, "%s without label", name);
        break;
    default:
        break;
    }
    return GL_OK;
}

gl_status gl_doc_validate(const gl_doc *doc, gl_error *err) {
    if (!doc->root || doc->root->type != GL_NODE_DOCUMENT || doc->root->parent)
        return gl_fail(err, GL_EINVAL, 0, "the root is not a document node");
    for (int f = 0; f < GL_META_COUNT; f++) {
        const char *v = doc->meta[f];
        if (v && (!*v || !gl_utf8_valid(v, strlen(v))))
            return gl_fail(err, GL_EINVAL, 0, "metadata %s is empty or not UTF-8",
                           gl_meta_field_name((gl_meta_field)f));
    }
    if (doc->meta[GL_META_BYLINE] && doc->author_count == 0)
        return gl_fail(err, GL_EINVAL, 0, "byline without authors");
    size_t count = 0;
    gl_iter it;
    gl_iter_init(&it, doc->root);
    while (gl_iter_next(&it) != GL_EVENT_NONE) {
        if (it.event != GL_EVENT_ENTER)
            continue;
        count++;
        gl_status st = check_node(it.node, err);
        if (st != GL_OK)
            return st;
    }
    if (count > doc->node_count)
        return gl_fail(err, GL_EINVAL, 0, "%zu nodes reachable but %zu made", count,
                       doc->node_count);
    return GL_OK;
}
