/* A generated book cover: an SVG image of the title, byline, site and date,
 * for e-readers to show in their libraries when the user gives no cover. */
#ifndef GL_WRITERS_COVER_H
#define GL_WRITERS_COVER_H

#include "galley/galley.h"
#include "util/buf.h"

typedef struct gl_cover_text {
    const char *title;  /* NULL or empty: "Untitled" */
    const char *byline; /* each of these may be NULL */
    const char *site;
    const char *date; /* as a reader is shown it ("November 12, 2014") */
    const char *lang; /* BCP 47, for the fonts an e-reader picks; NULL: none */
} gl_cover_text;

/* Appends to `out` a 1200 x 1800 (2:3) SVG 1.1 document with the texts set
 * large enough to read at thumbnail size, on a colour taken from the title.
 * No script, no external reference, the same bytes for the same texts.
 * `alloc` (NULL: malloc) serves the line breaking. GL_OK or GL_ENOMEM. */
gl_status gl_cover_svg(gl_buf *out, const gl_cover_text *text, const gl_allocator *alloc);

#endif
