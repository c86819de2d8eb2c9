/* The svg module's table (image/svg_rsvg.c, galley-svg.so): librsvg, which
 * pulls cairo, pango, glib and a Rust runtime, is mapped only by a
 * conversion that meets an SVG image (modules/modules.h). */
#ifndef GL_IMAGE_SVG_MODULE_H
#define GL_IMAGE_SVG_MODULE_H

#include "image/decode.h"
#include "modules/modules.h"

/* An SVG is rasterised at this many pixels per CSS pixel (192 dpi): sharp
 * in print at the size it is laid out, which the PDF writer takes from
 * show_width and show_height. */
#define GL_SVG_SCALE 2
/* And at most this many pixels on its longer side. */
#define GL_SVG_MAX_SIDE 4096

typedef struct gl_svg_module {
    gl_module_head head;
    /* gl_image_decode for an SVG: its pixels (RGB, with alpha when any is
     * transparent), its layout size from its width and height (or its
     * viewBox; 300 x 150, CSS's default, without either). librsvg runs no
     * script and, given no base URL, loads no external file or URL. */
    gl_status (*rasterise)(gl_image *img, const unsigned char *data, size_t len, size_t max_pixels,
                           const gl_allocator *alloc, bool *ok, char why[GL_IMAGE_WHY_MAX],
                           gl_error *err);
} gl_svg_module;

#endif
