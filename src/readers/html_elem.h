/* What an HTML element is and what its attributes say, before the mapping
 * (html.c) decides from the context what it becomes: its kind, the image an
 * <img> shows, a code block's language, a list's start, a cell's alignment,
 * and whether a table lays out a page or a form wraps one. */
#ifndef GL_READERS_HTML_ELEM_H
#define GL_READERS_HTML_ELEM_H

#include <stdbool.h>
#include <stddef.h>
#include <libxml/tree.h>
#include "galley/doc.h"

/* What an element is, before context decides what it does. */
typedef enum gl_html_kind {
    GL_HK_INLINE = 0, /* transparent inline: span, font, unknown elements (CSS default) */
    GL_HK_VOID,       /* HTML5 void elements libxml2 2.9 does not know as empty: it nests
                     what follows them inside, so their "children" are walked */
    GL_HK_BLOCK,      /* transparent block: div, section, article, dl... */
    GL_HK_SKIP,       /* dropped with everything inside */
    GL_HK_HEADING,
    GL_HK_P,
    GL_HK_LIST,
    GL_HK_LI,
    GL_HK_QUOTE,
    GL_HK_PRE,
    GL_HK_HR,
    GL_HK_TABLE,
    GL_HK_ROWGROUP,
    GL_HK_TR,
    GL_HK_CELL,
    GL_HK_FIGURE,
    GL_HK_FIGCAPTION,
    GL_HK_IMG,
    GL_HK_BR,
    GL_HK_EMPH,
    GL_HK_STRONG,
    GL_HK_STRIKE,
    GL_HK_SUP,
    GL_HK_SUB,
    GL_HK_CODE,
    GL_HK_A,
    GL_HK_INPUT,
    GL_HK_FORM
} gl_html_kind;

/* The kind of element `n` by its (lowercase) name; GL_HK_INLINE for names
 * HTML does not define, as a browser's CSS default shows them. */
gl_html_kind gl_html_kind_of(const xmlNode *n);

/* The image an <img> shows: src, else data-src when src is missing or a
 * placeholder, else the first srcset candidate; the span points into the
 * DOM. False when it names none. */
bool gl_html_image_src(const xmlNode *n, const char **url, size_t *len);

/* The language a class list names ("language-c", "lang-python") into
 * out[cap]; `out` is left as it is when it names none. */
void gl_html_code_language(const char *cls, char *out, size_t cap);

/* An <ol start> value as HTML reads it ("  -3") into *out, left as it is
 * when the value is no number. */
void gl_html_list_start(const char *s, long *out);

/* A cell's alignment from its style's text-align, else its align. */
gl_align gl_html_align(const xmlNode *n);

/* A table holding tables, headings, quotes or code (or marked
 * role=presentation) lays out a page rather than tabulating data. */
bool gl_html_layout_table(const xmlNode *t);

/* ASP.NET and similar wrap whole pages in one <form>: one holding prose is
 * a wrapper whose content is kept; any other form is dropped. */
bool gl_html_form_wraps_prose(const xmlNode *form);

#endif
