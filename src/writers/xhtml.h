/* The XHTML writer's entry for books: a document rendered as one EPUB
 * content document, its images and links decided by the book. */
#ifndef GL_WRITERS_XHTML_H
#define GL_WRITERS_XHTML_H

#include <stdbool.h>
#include "galley/galley.h"
#include "util/buf.h"

typedef struct gl_xhtml_chapter {
    /* The src to give an IMAGE or FIGURE whose URL is safe, or NULL to show
     * its alt text instead. The string must live until the call returns. */
    const char *(*image_src)(void *userdata, const gl_node *image);
    /* Whether a link to `url` keeps its <a> (fragment-only URLs are kept
     * when they name an id of the chapter, without asking). */
    bool (*keep_link)(void *userdata, const char *url);
    /* Called with each heading of the body and the id it got, in document
     * order (for a table of contents); may be NULL. */
    void (*heading)(void *userdata, const gl_node *heading, const char *id);
    void *userdata;
    const char *stylesheet; /* href of the book's style sheet, linked from <head> */
} gl_xhtml_chapter;

/* Appends to `out` the document as a complete XHTML content document, with a
 * link to chapter->stylesheet instead of the inline style sheet. GL_OK,
 * GL_ENOMEM or GL_ELIMIT (the chapter is bigger than out->max). */
gl_status gl_xhtml_render_chapter(const gl_doc *doc, const gl_xhtml_chapter *chapter, gl_buf *out,
                                  const gl_options *opt, gl_error *err);

/* Renders the document as a standalone HTML5 page in the text/html syntax
 * (writers/html.c): the XHTML writer's document without the XML declaration,
 * namespaces and EPUB attributes (DPUB-ARIA roles instead), with a viewport
 * and `style_sheet` inlined. GL_OK, GL_ENOMEM, GL_ELIMIT or GL_ESINK. */
gl_status gl_xhtml_render_html(const gl_doc *doc, const char *style_sheet, const gl_sink *sink,
                               const gl_options *opt, gl_error *err);

/* The writer's own style sheet, which books ship as a file. */
const char *gl_xhtml_style_sheet(void);

#endif
