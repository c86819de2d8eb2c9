/* Images of the PDF writer: PNG and JPEG from local files at or below the
 * input's folder, or from data: URIs; never from the network. */
#ifndef GL_WRITERS_PDF_IMAGE_H
#define GL_WRITERS_PDF_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include "galley/error.h"
#include "galley/options.h"

typedef struct gl_pdf_image {
    unsigned char *data; /* the file's bytes (from the allocator) */
    size_t len;
    bool jpeg;              /* else PNG */
    unsigned width, height; /* pixels, from the file's header */
} gl_pdf_image;

/* Reads the image `url` of the document (opt->source_path says where it
 * was read from; a relative `url` is taken from that file's folder, which
 * the real path, symbolic links resolved, must stay at or under). When the
 * image cannot be used (remote, missing, outside the folder, not a PNG or
 * JPEG, larger than opt->max_input bytes or opt->max_image_pixels pixels)
 * a warning naming the image and the reason is given (at `line`), *ok is
 * false and `img` holds nothing. GL_OK, or GL_ENOMEM. */
gl_status gl_pdf_image_read(gl_pdf_image *img, const char *url, unsigned long line,
                            const gl_options *opt, bool *ok, gl_error *err);

/* Frees the bytes; a zeroed image is a no-op. */
void gl_pdf_image_free(gl_pdf_image *img, const gl_allocator *alloc);

#endif
