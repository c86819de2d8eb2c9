/* Images checked by galley before any writer's library sees them (issue
 * 14): bytes in, a validated or decoded image out, independent of the
 * writer. PNG is decoded through libpng's simplified API (png_image), which
 * reports every corrupt file as an error instead of calling abort(); JPEG is
 * decoded once by libjpeg-turbo, with an error manager that returns, to
 * prove the file whole, and is then kept as it is (its DCT data can be
 * embedded unchanged). The size is checked against the pixel limit before
 * any decoding. */
#ifndef GL_IMAGE_DECODE_H
#define GL_IMAGE_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include "galley/error.h"
#include "galley/options.h"

typedef enum gl_image_kind { GL_IMAGE_PNG = 0, GL_IMAGE_JPEG } gl_image_kind;

/* A checked image. */
typedef struct gl_image {
    gl_image_kind kind;
    unsigned width, height; /* pixels */
    unsigned channels;      /* PNG: 1 (grey) or 3 (RGB) in `pixels`;
                               JPEG: its components, 1, 3 or 4 (CMYK) */
    unsigned char *pixels;  /* PNG: 8-bit samples, rows top to bottom, no
                               padding, without alpha (from the allocator);
                               JPEG: NULL, the file's bytes are used as they are */
    unsigned char *alpha;   /* PNG with transparency: one 8-bit alpha per
                               pixel (from the allocator); else NULL */
} gl_image;

/* The room a reason takes: "PNG: IDAT: CRC error" and the like. */
#define GL_IMAGE_WHY_MAX 160

/* The kind and size of the image in data[0..len) from its header alone (PNG's
 * IHDR, a JPEG's start-of-frame); false when it is neither. */
bool gl_image_sniff(const unsigned char *data, size_t len, gl_image_kind *kind, unsigned *width,
                    unsigned *height);

/* Checks and decodes the PNG or JPEG in data[0..len). An image over
 * `max_pixels` pixels is refused before decoding. On success *ok is true and
 * `img` holds it (release with gl_image_free). A corrupt, truncated,
 * unsupported or oversized image is no error: *ok is false, `why` says what
 * is wrong ("PNG: IDAT: CRC error", "over the limit of N pixels
 * (max_image_pixels)") and `img` holds nothing. Returns GL_OK, or GL_ENOMEM
 * (err set). */
gl_status gl_image_decode(gl_image *img, const unsigned char *data, size_t len, size_t max_pixels,
                          const gl_allocator *alloc, bool *ok, char why[GL_IMAGE_WHY_MAX],
                          gl_error *err);

/* Frees what gl_image_decode gave; a zeroed image is a no-op. */
void gl_image_free(gl_image *img, const gl_allocator *alloc);

#endif
