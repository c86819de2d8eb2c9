/* Images of the PDF writer: PNG and JPEG from local files at or below the
 * input's folder, or from data: URIs; never from the network. */
#ifndef GL_WRITERS_PDF_IMAGE_H
#define GL_WRITERS_PDF_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include "galley/error.h"
#include "galley/options.h"
#include "writers/pdf_hpdf.h"

typedef struct gl_pdf_image {
    unsigned char *data; /* the file's bytes (from the allocator) */
    size_t len;
    bool jpeg;              /* else decoded to pixels */
    unsigned width, height; /* pixels, from the file's header (an SVG: 0 until embedded);
                               once embedded, the size to lay it out at */
} gl_pdf_image;

/* Reads the image `url` of the document (opt->source_path says where it
 * was read from; a relative `url` is taken from that file's folder, which
 * the real path, symbolic links resolved, must stay at or under; a remote
 * one comes from opt->images). When the image cannot be used (remote and
 * not fetched, missing, outside the folder, of no known format, larger
 * than opt->max_input bytes or opt->max_image_pixels pixels) a warning
 * naming the image and the reason is given (at `line`; none for a remote
 * image whose fetch already warned), *ok is false and `img` holds
 * nothing. GL_OK, or GL_ENOMEM. */
gl_status gl_pdf_image_read(gl_pdf_image *img, const char *url, unsigned long line,
                            const gl_options *opt, bool *ok, gl_error *err);

/* The room gl_pdf_image_label takes. */
#define GL_PDF_IMAGE_LABEL 120

/* How warnings name the image `url`: the URL, cut to fit with "..."; a
 * data: URI by its media type and size ("data:image/png URI of 812 bytes"),
 * never its base64. */
void gl_pdf_image_label(const char *url, char label[GL_PDF_IMAGE_LABEL]);

/* Checks and decodes `img` (read by gl_pdf_image_read) with src/image/
 * (decode.h) and adds it to the document `h`: a JPEG as it is, once proven
 * whole; any other as its pixels, deflated, with an /SMask when it has
 * transparency. The file's bytes and the pixels are freed before this
 * returns; `img` keeps only width and height. A damaged image is a warning
 * naming it and the reason, and *out stays NULL. GL_OK, or GL_ENOMEM. */
gl_status gl_pdf_image_embed(gl_pdf_image *img, gl_hpdf *h, const char *url, unsigned long line,
                             const gl_options *opt, gl_hpdf_obj **out, gl_error *err);

/* Frees the bytes; a zeroed image is a no-op. */
void gl_pdf_image_free(gl_pdf_image *img, const gl_allocator *alloc);

#endif
