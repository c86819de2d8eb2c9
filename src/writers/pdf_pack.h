/* Repacks the PDF 1.4 file libharu writes as PDF 1.5 (ISO 32000-1 7.5.7
 * and 7.5.8): every object that is not a stream goes into a compressed
 * object stream (one per 10,000 objects), the cross-reference table becomes a compressed
 * cross-reference stream, and each stream's /Length is written in place
 * instead of as an object of its own. libharu leaves the dictionaries of
 * fonts and pages uncompressed: a fifth of a small PDF. On the way, galley
 * adds objects of its own (links and bookmarks, which cost kilobytes each
 * as libharu objects: issue 14) and keys to libharu's dictionaries that
 * refer to them. */
#ifndef GL_WRITERS_PDF_PACK_H
#define GL_WRITERS_PDF_PACK_H

#include <stdbool.h>
#include <stddef.h>
#include "galley/error.h"
#include "galley/options.h"
#include "util/buf.h"

/* The key galley's own deflated streams (images) carry in libharu's file
 * instead of /Filter, which libharu 2.3.0 removes from a stream it did not
 * compress itself: the packer writes it as /Filter and leaves the data as
 * it is. */
#define GL_PDF_DEFLATED_KEY "GalleyFilter"

/* What galley adds to libharu's file while it is packed: `count` objects,
 * numbered `first` (the number after libharu's last object) to first +
 * count - 1, which go into the object streams after libharu's objects;
 * and keys that libharu's dictionaries get before their closing ">>". The
 * callbacks append to `out` and return GL_OK, or a failure the packer
 * returns (with `err` filled by them). */
typedef struct gl_pdf_extra {
    size_t count;
    /* The value of object first + i, called once for each i from 0 up. */
    gl_status (*object)(void *userdata, size_t first, size_t i, gl_buf *out, gl_error *err);
    /* Keys for libharu's object `n`, a dictionary that is not a stream
     * (`catalog`: the document catalog); nothing for most. */
    gl_status (*keys)(void *userdata, size_t first, size_t n, bool catalog, gl_buf *out,
                      gl_error *err);
    void *userdata;
} gl_pdf_extra;

/* Appends the repacked form of `pdf` (`len` bytes as libharu 2.3.0 wrote
 * them: a classic cross-reference table, generation 0 everywhere, no
 * encryption) to `out`, with what `extra` adds (NULL: nothing). GL_OK,
 * GL_ENOMEM, a callback's failure, or GL_EFORMAT when `pdf` is not shaped
 * as expected ("libharu's output has no cross-reference table"). */
gl_status gl_pdf_pack(const char *pdf, size_t len, const gl_pdf_extra *extra, gl_buf *out,
                      gl_error *err);

#endif
