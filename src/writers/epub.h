/* The EPUB 3 writer's book interface, shared by the registry entry (one
 * article) and gl_book (an anthology). Chapters are rendered and staged in a
 * temporary file as they come, so a book costs the memory of one chapter
 * plus its table of contents. */
#ifndef GL_WRITERS_EPUB_H
#define GL_WRITERS_EPUB_H

#include <stdbool.h>
#include <stddef.h>
#include "galley/galley.h"
#include "modules/modules.h"

typedef struct gl_epub gl_epub;

/* A new, empty book. GL_OK, GL_ENOMEM or GL_EIO (no temporary file). */
gl_status gl_epub_new(gl_epub **out, const gl_options *opt, gl_error *err);
/* Renders `doc` as the next chapter and stages its local images, taken from
 * the folder of `source_path` and below (NULL: no image is embedded).
 * `source_path` also names the input in warnings. The document is not kept. */
gl_status gl_epub_add(gl_epub *e, const gl_doc *doc, const char *source_path, gl_error *err);
/* Writes the book to `sink`. `title` names an anthology (NULL: a book of one
 * article takes that article's metadata); `book` (NULL: none) holds the
 * anthology's own metadata (gl_book_meta: --metadata), whose authors, date,
 * languages, site, description and URL replace what the chapters would give;
 * `order` lists the chapter indexes (0-based, in the order added) in
 * reading order, NULL meaning as added. */
gl_status gl_epub_finish(gl_epub *e, const char *title, const gl_doc *book, const size_t *order,
                         const gl_sink *sink, gl_error *err);
/* Releases the book and its temporary file. NULL is a no-op. */
void gl_epub_free(gl_epub *e);

/* The EPUB module's table (epub_module.c): the writer, and the book
 * functions above for gl_book. */
typedef struct gl_epub_module {
    gl_module_head head;
    gl_status (*book_new)(gl_epub **out, const gl_options *opt, gl_error *err);
    gl_status (*book_add)(gl_epub *e, const gl_doc *doc, const char *source_path, gl_error *err);
    gl_status (*book_finish)(gl_epub *e, const char *title, const gl_doc *book, const size_t *order,
                             const gl_sink *sink, gl_error *err);
    void (*book_free)(gl_epub *e);
} gl_epub_module;

#endif
