/* Repacks the PDF 1.4 file libharu writes as PDF 1.5 (ISO 32000-1 7.5.7
 * and 7.5.8): every object that is not a stream goes into a compressed
 * object stream (one per 10,000 objects), the cross-reference table becomes a compressed
 * cross-reference stream, and each stream's /Length is written in place
 * instead of as an object of its own. libharu leaves the dictionaries of
 * fonts, pages, bookmarks and links uncompressed: a fifth of a small PDF. */
#ifndef GL_WRITERS_PDF_PACK_H
#define GL_WRITERS_PDF_PACK_H

#include <stddef.h>
#include "galley/error.h"
#include "galley/options.h"
#include "util/buf.h"

/* The key galley's own deflated streams (images) carry in libharu's file
 * instead of /Filter, which libharu 2.3.0 removes from a stream it did not
 * compress itself: the packer writes it as /Filter and leaves the data as
 * it is. */
#define GL_PDF_DEFLATED_KEY "GalleyFilter"

/* Appends the repacked form of `pdf` (`len` bytes as libharu 2.3.0 wrote
 * them: a classic cross-reference table, generation 0 everywhere, no
 * encryption) to `out`. GL_OK, GL_ENOMEM, or GL_EFORMAT when `pdf` is not
 * shaped as expected ("libharu's output has no cross-reference table"). */
gl_status gl_pdf_pack(const char *pdf, size_t len, gl_buf *out, gl_error *err);

#endif
