/* The PDF writer's module table (galley-pdf.so; modules/modules.h): the
 * writer, and the measure a book's contents page takes its page numbers
 * from (writers/book.c). */
#ifndef GL_WRITERS_PDF_MODULE_H
#define GL_WRITERS_PDF_MODULE_H

#include <stddef.h>
#include "galley/galley.h"
#include "modules/modules.h"

/* Lays `doc` out as gl_write_pdf would, writing nothing, and gives the
 * 1-based page of each link target in `names` (a heading's id, n->info):
 * pages[i], 0 when no heading has that id. GL_OK, or what the layout
 * returns (GL_ENOMEM, GL_ELIMIT...). */
gl_status gl_pdf_target_pages(const gl_doc *doc, const gl_options *opt, const char *const *names,
                              size_t count, unsigned *pages, gl_error *err);

struct gl_pdf_module {
    gl_module_head head;
    gl_status (*target_pages)(const gl_doc *doc, const gl_options *opt, const char *const *names,
                              size_t count, unsigned *pages, gl_error *err);
};

#endif
