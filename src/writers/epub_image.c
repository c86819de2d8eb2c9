/* The EPUB's images (epub_image.h): what EPUB 3.2 takes as it is, and the
 * conversion of the rest to PNG through src/image/. */
#include "writers/epub_image.h"

#include <stdio.h>
#include <string.h>
#include "util/alloc.h"
#include "util/error.h"

const char *gl_epub_image_type(const unsigned char *p, size_t len, const char **ext) {
    if (len >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0) {
        *ext = ".png";
        return "image/png";
    }
    if (len >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF) {
        *ext = ".jpg";
        return "image/jpeg";
    }
    if (len >= 6 && (memcmp(p, "GIF87a", 6) == 0 || memcmp(p, "GIF89a", 6) == 0)) {
        *ext = ".gif";
        return "image/gif";
    }
    return NULL;
}

bool gl_epub_image_pixels(const unsigned char *p, size_t len, uint64_t *pixels) {
    uint64_t w = 0, h = 0;
    if (len >= 24 && p[0] == 0x89) {
        w = (uint64_t)p[16] << 24 | (uint64_t)p[17] << 16 | (uint64_t)p[18] << 8 | p[19];
        h = (uint64_t)p[20] << 24 | (uint64_t)p[21] << 16 | (uint64_t)p[22] << 8 | p[23];
    } else if (len >= 10 && p[0] == 'G') {
        w = (uint64_t)p[6] | (uint64_t)p[7] << 8;
        h = (uint64_t)p[8] | (uint64_t)p[9] << 8;
    } else {
        /* JPEG: walk the segments to a SOFn (not DHT C4, JPG C8, DAC CC). */
        size_t i = 2;
        for (;;) {
            if (i + 9 > len || p[i] != 0xFF)
                return false;
            unsigned m = p[i + 1];
            if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
                h = (uint64_t)p[i + 5] << 8 | p[i + 6];
                w = (uint64_t)p[i + 7] << 8 | p[i + 8];
                break;
            }
            i += 2 + ((size_t)p[i + 2] << 8 | p[i + 3]);
        }
    }
    *pixels = w * h;
    return true;
}

gl_status gl_epub_image_to_png(gl_buf *b, size_t max_pixels, const gl_allocator *alloc, bool *ok,
                               char why[GL_IMAGE_WHY_MAX], gl_error *err) {
    gl_image img;
    unsigned char *png = NULL;
    size_t len = 0;
    gl_status st = gl_image_decode(&img, (const unsigned char *)b->data, b->len, max_pixels, alloc,
                                   ok, why, err);
    if (st == GL_OK && *ok)
        st = gl_image_png(&img, alloc, &png, &len, err);
    gl_image_free(&img, alloc);
    if (st == GL_OK && *ok) {
        gl_buf_clear(b);
        st = gl_buf_append(b, (const char *)png, len);
        if (st != GL_OK)
            st = gl_fail(err, st, 0, "out of memory converting an image");
    }
    gl_free(alloc, png);
    if (st != GL_OK)
        *ok = false;
    return st;
}
