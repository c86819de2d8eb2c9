/* The writers' side of gl_images (galley/fetch.h): what was fetched for a
 * remote image, looked up by its URL. */
#ifndef GL_NET_IMAGES_H
#define GL_NET_IMAGES_H

#include <stddef.h>
#include "galley/galley.h"

typedef enum gl_images_state {
    GL_IMAGES_ABSENT = 0, /* not in the set (none given, or not a URL it was asked for) */
    GL_IMAGES_FETCHED,    /* *data, *len hold its bytes as they came */
    GL_IMAGES_REFUSED     /* tried and refused: a warning already said why */
} gl_images_state;

/* The state of `url` in `images` (NULL: absent). The bytes belong to the
 * set and live until gl_images_free. */
gl_images_state gl_images_find(const gl_images *images, const char *url, const unsigned char **data,
                               size_t *len);

#endif
