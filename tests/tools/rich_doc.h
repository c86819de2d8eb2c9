/* A hand-built document using every node type, awkward characters, unsafe
 * links, duplicate and missing ids and footnotes: what the writer tests render
 * and what tests/cmake/xmllint.cmake and json_parse.cmake hand to real tools. */
#ifndef GL_TESTS_RICH_DOC_H
#define GL_TESTS_RICH_DOC_H

#include <string.h>
#include "galley/galley.h"

static gl_node *rich_add(gl_doc *doc, gl_node *parent, gl_node_type type) {
    gl_node *n = gl_node_new(doc, type);
    if (n && gl_node_append(parent, n) != GL_OK)
        return NULL;
    return n;
}

static gl_node *rich_text(gl_doc *doc, gl_node *parent, gl_node_type type, const char *s) {
    gl_node *n = rich_add(doc, parent, type);
    if (n)
        gl_node_append_text(doc, n, s, strlen(s));
    return n;
}

static void rich_set(gl_doc *doc, gl_meta_field f, const char *v, const char *source) {
    gl_doc_set_meta(doc, f, v, strlen(v), source);
}

/* Builds the document; NULL when out of memory. */
static gl_doc *rich_doc_new(void) {
    gl_doc *doc = NULL;
    if (gl_doc_new(&doc, NULL, NULL) != GL_OK)
        return NULL;
    gl_node *root = gl_doc_root_mut(doc);
    rich_set(doc, GL_META_TITLE, "Tom & Jerry <\"live\"> \x01\xE2\x80\xA8", "front matter");
    gl_doc_add_author(doc, "Ann \"A\" Lee", 11, "byline");
    gl_doc_add_author(doc, "Bo <Chen>", 9, "byline");
    rich_set(doc, GL_META_DATE, "2024-03-01T09:30:00+01:00", "meta");
    rich_set(doc, GL_META_DATE_TEXT, "1 March 2024", "time");
    rich_set(doc, GL_META_SITE, "Caf\xC3\xA9 & Co", "og:site_name");
    rich_set(doc, GL_META_LANG, "pt-BR", "html lang");
    rich_set(doc, GL_META_URL, "https://example.com/a?b=1&c=2", "canonical");
    rich_set(doc, GL_META_DESCRIPTION, "Line\nbreak\ttab \"q\" \xEF\xBF\xBE", "meta");

    gl_node *h = rich_text(doc, root, GL_NODE_HEADING, "Intro & more");
    h->level = 2;
    h = rich_text(doc, root, GL_NODE_HEADING, "Intro & more"); /* same slug */
    h->level = 2;
    h = rich_text(doc, root, GL_NODE_HEADING, "Given id");
    h->level = 3;
    gl_node_set_info(doc, h, "my id:1", 7);
    h = rich_text(doc, root, GL_NODE_HEADING, "2024 \xC3\x89t\xC3\xA9");
    h->level = 6;
    h = rich_add(doc, root, GL_NODE_HEADING);
    gl_node_set_info(doc, h, "9lives", 6);

    gl_node *p = rich_add(doc, root, GL_NODE_PARAGRAPH);
    {
        const char *s = "a < b & c > d \"q\" 'a' \x02\x7F\xC2\x85 ";
        gl_node_append_text(doc, p, s, strlen(s));
    }
    rich_text(doc, p, GL_NODE_EMPH, "em");
    rich_text(doc, p, GL_NODE_STRONG, "strong");
    rich_text(doc, p, GL_NODE_STRIKE, "del");
    rich_text(doc, p, GL_NODE_SUPERSCRIPT, "2");
    rich_text(doc, p, GL_NODE_SUBSCRIPT, "i");
    gl_node *c = rich_add(doc, p, GL_NODE_CODE);
    gl_node_set_text(doc, c, "x<y", 3);
    gl_node *a = rich_text(doc, p, GL_NODE_LINK, "safe");
    gl_node_set_url(doc, a, "https://x.org/?a=1&b=\"2\"", 24);
    gl_node_set_title(doc, a, "T <1>", 5);
    a = rich_text(doc, p, GL_NODE_LINK, "evil");
    gl_node_set_url(doc, a, " JaVa\tScript:alert(1)", 21);
    a = rich_text(doc, p, GL_NODE_LINK, "data");
    gl_node_set_url(doc, a, "data:text/html,<b>x</b>", 23);
    rich_add(doc, p, GL_NODE_LINE_BREAK);
    gl_node *img = rich_add(doc, p, GL_NODE_IMAGE);
    gl_node_set_url(doc, img, "img/a b.png", 11);
    gl_node_set_text(doc, img, "alt \"x\"", 7);
    img = rich_add(doc, p, GL_NODE_IMAGE);
    gl_node_set_url(doc, img, "vbscript:x", 10);
    gl_node_set_text(doc, img, "bad image", 9);
    gl_node *r = rich_add(doc, p, GL_NODE_FOOTNOTE_REF);
    gl_node_set_info(doc, r, "note 1", 6);
    r = rich_add(doc, p, GL_NODE_FOOTNOTE_REF);
    gl_node_set_info(doc, r, "missing", 7);
    r = rich_add(doc, p, GL_NODE_FOOTNOTE_REF);
    gl_node_set_info(doc, r, "note 1", 6);

    gl_node *list = rich_add(doc, root, GL_NODE_LIST);
    list->ordered = true;
    list->start = 3;
    list->tight = true;
    gl_node *item = rich_add(doc, list, GL_NODE_ITEM);
    item->task = GL_TASK_DONE;
    rich_text(doc, item, GL_NODE_PARAGRAPH, "done");
    item = rich_add(doc, list, GL_NODE_ITEM);
    item->task = GL_TASK_OPEN;
    rich_text(doc, item, GL_NODE_PARAGRAPH, "open");
    gl_node *inner = rich_add(doc, item, GL_NODE_LIST);
    rich_text(doc, rich_add(doc, inner, GL_NODE_ITEM), GL_NODE_PARAGRAPH, "nested");
    list = rich_add(doc, root, GL_NODE_LIST); /* loose, bullet, empty item */
    rich_text(doc, rich_add(doc, list, GL_NODE_ITEM), GL_NODE_PARAGRAPH, "loose");
    rich_add(doc, list, GL_NODE_ITEM)->task = GL_TASK_OPEN;

    gl_node *q = rich_add(doc, root, GL_NODE_BLOCKQUOTE);
    rich_text(doc, rich_add(doc, q, GL_NODE_BLOCKQUOTE), GL_NODE_PARAGRAPH, "quoted");
    gl_node *cb = rich_add(doc, root, GL_NODE_CODE_BLOCK);
    gl_node_set_text(doc, cb, "if (a < b && c)\n\treturn \"]]>\";\n", 31);
    gl_node_set_info(doc, cb, "c \"x\"", 5);
    rich_add(doc, root, GL_NODE_THEMATIC_BREAK);
    gl_node *fig = rich_add(doc, root, GL_NODE_FIGURE);
    gl_node_set_url(doc, fig, "https://x.org/f.png", 19);
    gl_node_set_text(doc, fig, "A figure", 8);
    gl_node_append_text(doc, fig, "Caption & ", 10);
    rich_text(doc, fig, GL_NODE_EMPH, "more");

    gl_node *t = rich_add(doc, root, GL_NODE_TABLE);
    static const gl_align aligns[] = {GL_ALIGN_NONE, GL_ALIGN_LEFT, GL_ALIGN_CENTER,
                                      GL_ALIGN_RIGHT};
    for (int row = 0; row < 3; row++) {
        gl_node *tr = rich_add(doc, t, GL_NODE_TABLE_ROW);
        for (int col = 0; col < 4; col++) {
            gl_node *cell = rich_add(doc, tr, GL_NODE_TABLE_CELL);
            cell->header = row == 0;
            cell->align = aligns[col];
            char buf[16];
            buf[0] = (char)('A' + col), buf[1] = (char)('0' + row), buf[2] = '\0';
            gl_node_append_text(doc, cell, buf, 2);
        }
    }

    gl_node *def = rich_add(doc, root, GL_NODE_FOOTNOTE_DEF);
    gl_node_set_info(doc, def, "note 1", 6);
    rich_text(doc, def, GL_NODE_PARAGRAPH, "The note & its text.");
    def = rich_add(doc, root, GL_NODE_FOOTNOTE_DEF); /* never referenced, ends with a list */
    gl_node_set_info(doc, def, "2", 1);
    rich_text(doc, rich_add(doc, rich_add(doc, def, GL_NODE_LIST), GL_NODE_ITEM), GL_NODE_PARAGRAPH,
              "listed");
    if (gl_doc_last_status(doc) != GL_OK) {
        gl_doc_free(doc);
        return NULL;
    }
    return doc;
}

#endif
