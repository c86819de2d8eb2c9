/* galley: several documents as one book (an anthology), one chapter per
 * document, with a table of contents. */
#ifndef GALLEY_BOOK_H
#define GALLEY_BOOK_H

#include <stddef.h>
#include "galley/export.h"
#include "galley/error.h"
#include "galley/options.h"
#include "galley/io.h"
#include "galley/doc.h"
#include "galley/convert.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gl_book gl_book; /* opaque */

/* The order of the chapters. */
typedef enum gl_book_order {
    GL_BOOK_BY_DATE = 0, /* dated chapters by ascending date, then undated ones by path */
    GL_BOOK_BY_PATH,     /* by path, bytewise (chapters without one last, as added) */
    GL_BOOK_AS_ADDED     /* in the order of gl_book_add */
} gl_book_order;

/* Starts a book for `writer`, which must be "epub", "pdf" or "text"
 * (GL_EFORMAT otherwise). `title` (copied; NULL: "Collected articles") names
 * the book. `opt` must outlive the book. An EPUB renders each chapter as it
 * is added and keeps only its table of contents in memory; PDF and text keep
 * every chapter until gl_book_finish. Returns GL_OK, GL_ENOMEM,
 * GL_EFORMAT or GL_EIO (no temporary file). */
GL_EXPORT gl_status gl_book_new(gl_book **out, const gl_writer_entry *writer, const char *title,
                                gl_book_order order, const gl_options *opt, gl_error *err);
/* Adds `*doc` as a chapter, keeping its title, byline and date. The book
 * takes the document, whatever the result, and sets *doc to NULL: PDF and
 * text move its blocks into the book (no copy), EPUB renders it and frees
 * it. `doc` must come from the book's allocator (opt->allocator). `path`
 * (may be NULL) is the file it was read from: it sorts the chapters, names
 * the input in warnings and, for an EPUB, locates local images (at or below
 * its folder). The book keeps no pointer to `path`. GL_OK, GL_ENOMEM,
 * GL_ELIMIT, GL_EIO, GL_EINVAL (another allocator). */
GL_EXPORT gl_status gl_book_add(gl_book *book, gl_doc **doc, const char *path, gl_error *err);
/* The document whose metadata is the book's own (gl_doc_set_meta,
 * gl_doc_add_author on it): its authors, date, language, site, description
 * and URL go into the book's metadata and the generated EPUB cover in place
 * of what the chapters would give; the title is gl_book_new's. For PDF and
 * text it is the combined document itself, whose blocks are the book's:
 * change only its metadata. Owned by the book; valid until gl_book_free. */
GL_EXPORT gl_doc *gl_book_meta(gl_book *book);
/* Sorts the chapters and writes the book to `sink`. GL_EINVAL when no chapter
 * was added; else as the writer. Call once. */
GL_EXPORT gl_status gl_book_finish(gl_book *book, const gl_sink *sink, gl_error *err);
/* Releases the book. NULL is a no-op. */
GL_EXPORT void gl_book_free(gl_book *book);

#ifdef __cplusplus
}
#endif
#endif
