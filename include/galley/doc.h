/* galley: the document tree. One arena per document owns every node and
 * string; readers build the tree, writers only read it. */
#ifndef GALLEY_DOC_H
#define GALLEY_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include "galley/export.h"
#include "galley/error.h"
#include "galley/io.h"
#include "galley/options.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gl_doc gl_doc; /* opaque: the arena, the root and the metadata */

typedef enum gl_node_type {
    GL_NODE_DOCUMENT = 0, /* the root; holds blocks */
    /* blocks */
    GL_NODE_HEADING,        /* level 1-6, id; holds inlines */
    GL_NODE_PARAGRAPH,      /* holds inlines */
    GL_NODE_LIST,           /* ordered, start, tight; holds ITEMs */
    GL_NODE_ITEM,           /* task state; holds blocks */
    GL_NODE_BLOCKQUOTE,     /* holds blocks */
    GL_NODE_CODE_BLOCK,     /* literal text; info = language (may be NULL) */
    GL_NODE_THEMATIC_BREAK, /* no children */
    GL_NODE_FIGURE,         /* url = image src, text = alt; children = caption inlines */
    GL_NODE_TABLE,          /* holds TABLE_ROWs */
    GL_NODE_TABLE_ROW,      /* holds TABLE_CELLs */
    GL_NODE_TABLE_CELL,     /* header flag, align; holds inlines */
    GL_NODE_FOOTNOTE_DEF,   /* info = label; holds blocks */
    /* inlines */
    GL_NODE_TEXT,         /* literal text */
    GL_NODE_EMPH,         /* holds inlines */
    GL_NODE_STRONG,       /* holds inlines */
    GL_NODE_STRIKE,       /* holds inlines */
    GL_NODE_SUPERSCRIPT,  /* holds inlines */
    GL_NODE_SUBSCRIPT,    /* holds inlines */
    GL_NODE_CODE,         /* literal text */
    GL_NODE_LINK,         /* url = href, title (may be NULL); holds inlines */
    GL_NODE_IMAGE,        /* url = src, text = alt, title; no children */
    GL_NODE_FOOTNOTE_REF, /* info = label of the FOOTNOTE_DEF */
    GL_NODE_LINE_BREAK,   /* a hard break inside a paragraph */
    GL_NODE_TYPE_COUNT
} gl_node_type;

typedef enum gl_align {
    GL_ALIGN_NONE = 0,
    GL_ALIGN_LEFT,
    GL_ALIGN_CENTER,
    GL_ALIGN_RIGHT
} gl_align;

typedef enum gl_task { GL_TASK_NONE = 0, GL_TASK_OPEN, GL_TASK_DONE } gl_task;

/* A node. Writers read the fields directly through `const gl_node *`; readers
 * build nodes only through the functions below, which keep the links and the
 * containment rules right. Strings are NUL-terminated valid UTF-8 owned by the
 * document's arena, or NULL when absent; they live until gl_doc_free. */
typedef struct gl_node {
    gl_node_type type;
    struct gl_node *parent, *prev, *next, *first_child, *last_child;
    const char *text;   /* TEXT, CODE, CODE_BLOCK: content; IMAGE, FIGURE: alt */
    size_t text_len;    /* bytes in `text` */
    const char *url;    /* LINK: href; IMAGE, FIGURE: src (resolved when a base is known) */
    const char *title;  /* LINK, IMAGE: title attribute */
    const char *info;   /* HEADING: id; CODE_BLOCK: language; FOOTNOTE_DEF/REF: label;
                           TABLE: its role, GL_TABLE_CONTENTS or NULL */
    int level;          /* HEADING: 1-6 */
    bool ordered;       /* LIST */
    bool tight;         /* LIST: items without blank lines between them */
    long start;         /* LIST: number of the first item when ordered */
    gl_task task;       /* ITEM */
    bool header;        /* TABLE_CELL: a header cell */
    gl_align align;     /* TABLE_CELL */
    unsigned long line; /* 1-based source line, 0 when unknown */
} gl_node;

/* A TABLE's role (info): a book's table of contents, rows of a title and
 * its page (gl_book_finish), which the PDF writer sets as a book's
 * contents page: no grid, dot leaders from each title to its number. */
#define GL_TABLE_CONTENTS "contents"

/* Metadata fields. Each value carries its provenance ("front matter",
 * "meta author", "first h1"). */
typedef enum gl_meta_field {
    GL_META_TITLE = 0,
    GL_META_BYLINE,    /* the authors joined with ", " (set through gl_doc_add_author) */
    GL_META_DATE,      /* ISO 8601 as the source states it, offset kept, never converted */
    GL_META_DATE_TEXT, /* the date as the source wrote it ("November 12, 2014") */
    GL_META_SITE,
    GL_META_LANG, /* BCP 47 tag ("en", "pt-BR") */
    GL_META_URL,  /* the source URL */
    GL_META_DESCRIPTION,
    GL_META_COUNT
} gl_meta_field;

/* ---- lifetime ---- */

/* Makes an empty document (a DOCUMENT root, no metadata). `opt` may be NULL
 * (defaults); its allocator and limits are copied. Returns GL_OK or GL_ENOMEM. */
GL_EXPORT gl_status gl_doc_new(gl_doc **out, const gl_options *opt, gl_error *err);
/* Releases the document, every node and string. NULL is a no-op. */
GL_EXPORT void gl_doc_free(gl_doc *doc);

/* ---- reading ---- */

/* The DOCUMENT node; valid until gl_doc_free. Writers and other readers of a
 * tree take this one; gl_doc_root_mut is for building. */
GL_EXPORT const gl_node *gl_doc_root(const gl_doc *doc);
/* The value of a field, or NULL when unset. Valid until gl_doc_free. */
GL_EXPORT const char *gl_doc_meta(const gl_doc *doc, gl_meta_field field);
/* Where the value came from ("front matter", "<title>"), or NULL when unset. */
GL_EXPORT const char *gl_doc_meta_source(const gl_doc *doc, gl_meta_field field);
/* The JSON/debug key of a field: "title", "byline", "date", "date_text"... */
GL_EXPORT const char *gl_meta_field_name(gl_meta_field field);
GL_EXPORT size_t gl_doc_author_count(const gl_doc *doc);
/* Author `i` (0-based, < gl_doc_author_count), or NULL. */
GL_EXPORT const char *gl_doc_author(const gl_doc *doc, size_t i);
/* Number of nodes in the tree, the root included. */
GL_EXPORT size_t gl_doc_node_count(const gl_doc *doc);
GL_EXPORT const char *gl_node_type_name(gl_node_type type); /* "paragraph" */
GL_EXPORT bool gl_node_is_block(gl_node_type type);
GL_EXPORT bool gl_node_is_inline(gl_node_type type);

/* ---- building (readers) ---- */

/* Sets a field, copying `len` bytes of `value` (which must be valid UTF-8) and
 * the `source` string into the arena; replaces an earlier value. Use
 * gl_doc_add_author for the byline. Returns GL_OK, GL_ENOMEM or GL_EINVAL. */
GL_EXPORT gl_status gl_doc_set_meta(gl_doc *doc, gl_meta_field field, const char *value, size_t len,
                                    const char *source);
/* Removes a field's value (for the byline: every author). */
GL_EXPORT void gl_doc_clear_meta(gl_doc *doc, gl_meta_field field);
/* Appends an author and updates GL_META_BYLINE. Returns GL_OK or GL_ENOMEM. */
GL_EXPORT gl_status gl_doc_add_author(gl_doc *doc, const char *name, size_t len,
                                      const char *source);

/* Allocates `size` bytes from the document's arena (aligned for any type;
 * freed with the document). NULL on failure. */
GL_EXPORT void *gl_doc_alloc(gl_doc *doc, size_t size);
/* Copies `len` bytes into the arena and adds a NUL. NULL on failure. */
GL_EXPORT char *gl_doc_strndup(gl_doc *doc, const char *s, size_t len);

/* The DOCUMENT node, to append to or rearrange; valid until gl_doc_free. */
GL_EXPORT gl_node *gl_doc_root_mut(gl_doc *doc);
/* Makes a detached node of `type`, all fields zero (a HEADING gets level 1).
 * NULL when out of memory or past opt->max_nodes (gl_doc_last_status says which). */
GL_EXPORT gl_node *gl_node_new(gl_doc *doc, gl_node_type type);
/* Why the last gl_node_new/gl_doc_alloc returned NULL: GL_ENOMEM or GL_ELIMIT. */
GL_EXPORT gl_status gl_doc_last_status(const gl_doc *doc);
/* Appends a detached `child` to `parent`. GL_EINVAL when the tree's rules
 * forbid it (an inline in a list, a block in a paragraph...): readers must
 * wrap or drop what does not fit. */
GL_EXPORT gl_status gl_node_append(gl_node *parent, gl_node *child);
/* Detaches `node` (and its subtree) from its parent; it stays in the arena. */
GL_EXPORT void gl_node_unlink(gl_node *node);
/* Whether a node of type `child` may sit directly inside one of type `parent`. */
GL_EXPORT bool gl_node_can_contain(gl_node_type parent, gl_node_type child);
/* Sets `text`/`text_len` (copied), `url`, `title` or `info` (copied, NUL-terminated).
 * Each returns GL_OK or GL_ENOMEM. */
GL_EXPORT gl_status gl_node_set_text(gl_doc *doc, gl_node *node, const char *s, size_t len);
GL_EXPORT gl_status gl_node_set_url(gl_doc *doc, gl_node *node, const char *s, size_t len);
GL_EXPORT gl_status gl_node_set_title(gl_doc *doc, gl_node *node, const char *s, size_t len);
GL_EXPORT gl_status gl_node_set_info(gl_doc *doc, gl_node *node, const char *s, size_t len);
/* Appends text to `parent`, joining it to a TEXT node that ends the parent's
 * children. Returns GL_OK, GL_ENOMEM, GL_ELIMIT or GL_EINVAL. */
GL_EXPORT gl_status gl_node_append_text(gl_doc *doc, gl_node *parent, const char *s, size_t len);

/* Gives every heading its id (HEADING's `info`), by the one rule all
 * readers and writers follow (docs/ids.md), so that the same heading gets
 * the same id from Markdown and HTML, in every output:
 *  - an id the heading already has (HTML's id attribute) is kept, without
 *    the characters an XML NCName may not hold, at most 200 bytes;
 *  - else a slug of its text, as GitHub makes its anchors: letters, digits,
 *    marks and '_' lowercased, each run of spaces and '-' one '-' (none
 *    first or last), other punctuation dropped, at most 64 bytes
 *    ("Foo_bar & Baz" -> "foo_bar-baz", "2014's" -> "2014s");
 *  - "h-" goes before a first character that cannot start an NCName (a
 *    digit: "2024" -> "h-2024"); nothing left gives "section";
 *  - ids are unique: a repeat gets "-2", "-3"..., and the headings' own ids
 *    are placed before the slugs, so a slug never takes an author's id.
 * Every id is thus a valid XML id (NCName, XML Namespaces 1.0 §3). The
 * readers call it once the tree is built. Returns GL_OK or GL_ENOMEM. */
GL_EXPORT gl_status gl_doc_assign_ids(gl_doc *doc, gl_error *err);

/* Resolves every relative LINK, IMAGE and FIGURE url against `base` (an
 * absolute URL); fragment-only links ("#top") stay as they are. */
GL_EXPORT gl_status gl_doc_resolve_urls(gl_doc *doc, const char *base, gl_error *err);

/* ---- walking ---- */

typedef enum gl_event { GL_EVENT_NONE = 0, GL_EVENT_ENTER, GL_EVENT_EXIT } gl_event;

/* Walks a subtree depth-first as ENTER/EXIT events, without recursion, so no
 * depth can exhaust the stack. Leaf nodes (TEXT, CODE, IMAGE, LINE_BREAK,
 * FOOTNOTE_REF, CODE_BLOCK, THEMATIC_BREAK) give ENTER only. */
typedef struct gl_iter {
    const gl_node *root, *node;
    gl_event event;
    bool skip; /* private: gl_iter_skip_children was called */
} gl_iter;

GL_EXPORT void gl_iter_init(gl_iter *it, const gl_node *root);
/* Advances; returns GL_EVENT_NONE after the root's EXIT. Read it->node. */
GL_EXPORT gl_event gl_iter_next(gl_iter *it);
/* Skips the current node's children: the next event is its EXIT. */
GL_EXPORT void gl_iter_skip_children(gl_iter *it);
/* Whether a node of this type gets only ENTER. */
GL_EXPORT bool gl_node_is_leaf(gl_node_type type);

/* ---- checking and debugging ---- */

/* Checks the tree's invariants: links consistent, containment rules, heading
 * levels, valid UTF-8 everywhere, required fields present. GL_OK or GL_EINVAL
 * with the first broken rule in `err`. Used by the tests. */
GL_EXPORT gl_status gl_doc_validate(const gl_doc *doc, gl_error *err);
/* Writes an indented, one-node-a-line dump of the metadata and tree (for
 * debugging and failing tests). GL_OK, GL_ENOMEM or GL_ESINK. */
GL_EXPORT gl_status gl_doc_dump(const gl_doc *doc, const gl_sink *sink, gl_error *err);

#ifdef __cplusplus
}
#endif
#endif
