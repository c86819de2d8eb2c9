/* Images in the EPUB: PNG, JPEG and GIF, core media types of EPUB 3.2
 * (section 4.3.1) that run no code, go in as they are; WebP (not a core
 * type of EPUB 3.2) and SVG (which can run script) are converted to PNG
 * through src/image/ (decode.h). */
#ifndef GL_WRITERS_EPUB_IMAGE_H
#define GL_WRITERS_EPUB_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "galley/galley.h"
#include "image/decode.h"
#include "util/buf.h"

/* The media type of the image in p[0..len) from its first bytes, with its
 * file extension in *ext: "image/png", "image/jpeg" or "image/gif"; NULL
 * for anything else. */
const char *gl_epub_image_type(const unsigned char *p, size_t len, const char **ext);

/* The size in pixels of a PNG, GIF or JPEG from its header (PNG IHDR, GIF
 * logical screen, JPEG start of frame); false when the header is cut
 * short. */
bool gl_epub_image_pixels(const unsigned char *p, size_t len, uint64_t *pixels);

/* Decodes the image in `b` (at most max_pixels) and replaces it there with
 * a PNG. *ok false with `why` when the image cannot be decoded (nothing
 * changes); GL_OK, or GL_ENOMEM (or GL_EIO when a module cannot be
 * loaded) with `err`. */
gl_status gl_epub_image_to_png(gl_buf *b, size_t max_pixels, const gl_allocator *alloc, bool *ok,
                               char why[GL_IMAGE_WHY_MAX], gl_error *err);

#endif
