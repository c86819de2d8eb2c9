/* Images checked by galley before any writer's library sees them (issue
 * 14): bytes in, a validated or decoded image out, independent of the
 * writer. PNG is decoded through libpng's simplified API (png_image), which
 * reports every corrupt file as an error instead of calling abort(); JPEG is
 * decoded once by libjpeg-turbo, with an error manager that returns, to
 * prove the file whole, and is then kept as it is (its DCT data can be
 * embedded unchanged). GIF (its first frame, giflib), WebP (libwebp) and
 * SVG (rasterised by librsvg in the svg module, image/svg_module.h) are
 * decoded to pixels as PNG is (issue 18). The size is checked against the
 * pixel limit before any decoding. */
#ifndef GL_IMAGE_DECODE_H
#define GL_IMAGE_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include "galley/error.h"
#include "galley/options.h"

typedef enum gl_image_kind {
    GL_IMAGE_PNG = 0,
    GL_IMAGE_JPEG,
    GL_IMAGE_GIF,
    GL_IMAGE_WEBP,
    GL_IMAGE_SVG
} gl_image_kind;

/* A checked image. */
typedef struct gl_image {
    gl_image_kind kind;
    unsigned width, height; /* pixels */
    /* The size to lay it out at, in CSS pixels: width and height, but for
     * SVG, whose raster has twice (or, near the pixel limit, fewer times)
     * as many pixels each way, for print. */
    unsigned show_width, show_height;
    unsigned channels;     /* PNG: 1 (grey) or 3 (RGB) in `pixels`; GIF,
                              WebP, SVG: 3; JPEG: its components, 1, 3 or
                              4 (CMYK) */
    unsigned char *pixels; /* all but JPEG: 8-bit samples, rows top to
                              bottom, no padding, without alpha (from the
                              allocator); JPEG: NULL, the file's bytes are
                              used as they are */
    unsigned char *alpha;  /* with transparency: one 8-bit alpha per
                              pixel (from the allocator); else NULL */
} gl_image;

/* The room a reason takes: "PNG: IDAT: CRC error" and the like. */
#define GL_IMAGE_WHY_MAX 160

/* The kind and size of the image in data[0..len) from its header alone (PNG's
 * IHDR, a JPEG's start-of-frame, GIF's logical screen, WebP's frame); false
 * when it is none of the five. An SVG's size is known only once it is
 * parsed: it gives 0 x 0. */
bool gl_image_sniff(const unsigned char *data, size_t len, gl_image_kind *kind, unsigned *width,
                    unsigned *height);

/* Checks and decodes the image in data[0..len). An image over
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

/* The decoded pixels of `img` (not a JPEG) as a PNG file in *out (from the
 * allocator), *len bytes: how the EPUB carries a WebP or SVG image. GL_OK,
 * or GL_ENOMEM. */
gl_status gl_image_png(const gl_image *img, const gl_allocator *alloc, unsigned char **out,
                       size_t *len, gl_error *err);

/* The parts of decode.c that image/formats.c and the svg module share. */
bool gl_image_over_limit(unsigned width, unsigned height, size_t max_pixels,
                         char why[GL_IMAGE_WHY_MAX]);
/* Moves the alpha of `count` 4-channel RGBA pixels into img->alpha (from
 * the allocator), leaving RGB in img->pixels; drops it when every pixel
 * is opaque. False when out of memory. */
bool gl_image_split_rgba(gl_image *img, size_t count, const gl_allocator *alloc);

/* GIF's first frame and WebP (image/formats.c), as gl_image_decode does. */
gl_status gl_image_decode_gif(gl_image *img, const unsigned char *data, size_t len,
                              size_t max_pixels, const gl_allocator *alloc, bool *ok,
                              char why[GL_IMAGE_WHY_MAX], gl_error *err);
gl_status gl_image_decode_webp(gl_image *img, const unsigned char *data, size_t len,
                               size_t max_pixels, const gl_allocator *alloc, bool *ok,
                               char why[GL_IMAGE_WHY_MAX], gl_error *err);

#endif
