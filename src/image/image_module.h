/* The image module's table (image/decode.c and image/formats.c,
 * galley-image.so): libpng, libjpeg-turbo, libwebp and giflib, mapped only
 * by a conversion that embeds an image, and shared by the PDF and EPUB
 * modules through the core's image/decode.h. */
#ifndef GL_IMAGE_IMAGE_MODULE_H
#define GL_IMAGE_IMAGE_MODULE_H

#include "image/decode.h"
#include "modules/modules.h"

typedef struct gl_image_module {
    gl_module_head head;
    /* gl_image_decode once `kind` (not SVG) is sniffed and the header's
     * size is within the limit. */
    gl_status (*decode)(gl_image *img, gl_image_kind kind, const unsigned char *data, size_t len,
                        size_t max_pixels, const gl_allocator *alloc, bool *ok,
                        char why[GL_IMAGE_WHY_MAX], gl_error *err);
    /* gl_image_png. */
    gl_status (*png)(const gl_image *img, const gl_allocator *alloc, unsigned char **out,
                     size_t *len, gl_error *err);
} gl_image_module;

#endif
