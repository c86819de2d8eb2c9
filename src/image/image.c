/* The core's side of image decoding (decode.h): the kind and size read
 * from the header, the pixel limit, and the call into the module that
 * decodes it: galley-image.so (libpng, libjpeg-turbo, libwebp, giflib), or
 * for an SVG galley-svg.so (librsvg). */
#include "image/decode.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "image/image_module.h"
#include "image/svg_module.h"
#include "util/alloc.h"
#include "util/error.h"

static unsigned be16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }

static uint32_t be32(const unsigned char *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static unsigned le16(const unsigned char *p) { return (unsigned)p[1] << 8 | p[0]; }

/* An SVG file: after a byte order mark, white space, an XML declaration,
 * comments or a DOCTYPE, an <svg> element within the first 4 KiB. */
static bool looks_like_svg(const unsigned char *d, size_t n) {
    if (n >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0)
        d += 3, n -= 3;
    while (n && (*d == ' ' || *d == '\t' || *d == '\r' || *d == '\n'))
        d++, n--;
    if (!n || *d != '<')
        return false;
    size_t end = n < 4096 ? n : 4096;
    for (size_t i = 0; i + 5 <= end; i++)
        if (memcmp(d + i, "<svg", 4) == 0 &&
            (d[i + 4] == ' ' || d[i + 4] == '>' || d[i + 4] == '\n' || d[i + 4] == '\t' ||
             d[i + 4] == '\r' || d[i + 4] == '/'))
            return true;
    return false;
}

/* WebP's canvas size (RIFF "WEBP" with a VP8, VP8L or VP8X chunk first). */
static bool webp_size(const unsigned char *d, size_t n, unsigned *width, unsigned *height) {
    if (n < 30 || memcmp(d, "RIFF", 4) != 0 || memcmp(d + 8, "WEBP", 4) != 0)
        return false;
    const unsigned char *c = d + 12;
    if (memcmp(c, "VP8X", 4) == 0) {
        *width = 1 + ((unsigned)c[12] | (unsigned)c[13] << 8 | (unsigned)c[14] << 16);
        *height = 1 + ((unsigned)c[15] | (unsigned)c[16] << 8 | (unsigned)c[17] << 16);
    } else if (memcmp(c, "VP8L", 4) == 0 && c[8] == 0x2F) {
        uint32_t b =
            (uint32_t)c[9] | (uint32_t)c[10] << 8 | (uint32_t)c[11] << 16 | (uint32_t)c[12] << 24;
        *width = 1 + (b & 0x3FFF);
        *height = 1 + ((b >> 14) & 0x3FFF);
    } else if (memcmp(c, "VP8 ", 4) == 0 && c[11] == 0x9D && c[12] == 0x01 && c[13] == 0x2A) {
        *width = le16(c + 14) & 0x3FFF;
        *height = le16(c + 16) & 0x3FFF;
    } else {
        return false;
    }
    return true;
}

bool gl_image_sniff(const unsigned char *d, size_t n, gl_image_kind *kind, unsigned *width,
                    unsigned *height) {
    if (n >= 10 && (memcmp(d, "GIF87a", 6) == 0 || memcmp(d, "GIF89a", 6) == 0)) {
        *kind = GL_IMAGE_GIF;
        *width = le16(d + 6);
        *height = le16(d + 8);
        return *width > 0 && *height > 0;
    }
    if (webp_size(d, n, width, height)) {
        *kind = GL_IMAGE_WEBP;
        return *width > 0 && *height > 0;
    }
    if (looks_like_svg(d, n)) {
        *kind = GL_IMAGE_SVG;
        *width = *height = 0;
        return true;
    }
    if (n >= 24 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0 && memcmp(d + 12, "IHDR", 4) == 0) {
        *kind = GL_IMAGE_PNG;
        *width = be32(d + 16);
        *height = be32(d + 20);
        return *width > 0 && *height > 0;
    }
    if (n < 4 || d[0] != 0xFF || d[1] != 0xD8)
        return false;
    size_t i = 2;
    while (i + 4 <= n) {
        if (d[i] != 0xFF)
            return false;
        unsigned m = d[i + 1];
        if (m == 0xFF) {
            i++; /* fill byte */
            continue;
        }
        if (m == 0x01 || (m >= 0xD0 && m <= 0xD9)) {
            i += 2; /* no length */
            continue;
        }
        unsigned seg = be16(d + i + 2);
        bool sof = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
        if (sof && seg >= 7 && i + 9 <= n) {
            *kind = GL_IMAGE_JPEG;
            *height = be16(d + i + 5);
            *width = be16(d + i + 7);
            return *width > 0 && *height > 0;
        }
        i += 2 + seg;
    }
    return false;
}

bool gl_image_over_limit(unsigned width, unsigned height, size_t max_pixels,
                         char why[GL_IMAGE_WHY_MAX]) {
    if ((uint64_t)width * height <= max_pixels)
        return false;
    snprintf(why, GL_IMAGE_WHY_MAX, "%u x %u pixels, over the limit of %zu (max_image_pixels)",
             width, height, max_pixels);
    return true;
}

gl_status gl_image_decode(gl_image *img, const unsigned char *data, size_t len, size_t max_pixels,
                          const gl_allocator *alloc, bool *ok, char why[GL_IMAGE_WHY_MAX],
                          gl_error *err) {
    memset(img, 0, sizeof *img);
    *ok = false;
    why[0] = '\0';
    gl_image_kind kind;
    unsigned width, height;
    if (!gl_image_sniff(data, len, &kind, &width, &height)) {
        snprintf(why, GL_IMAGE_WHY_MAX, "not a PNG, JPEG, GIF, WebP or SVG image");
        return GL_OK;
    }
    /* The header's word first: nothing is decoded past the limit. */
    if (gl_image_over_limit(width, height, max_pixels, why))
        return GL_OK;
    if (kind == GL_IMAGE_SVG) {
        /* librsvg, with cairo, glib and pango, is mapped only for an SVG. */
        const gl_svg_module *m;
        gl_status st = gl_module_get_svg(&m, err);
        return st == GL_OK ? m->rasterise(img, data, len, max_pixels, alloc, ok, why, err) : st;
    }
    const gl_image_module *m;
    gl_status st = gl_module_get_image(&m, err);
    return st == GL_OK ? m->decode(img, kind, data, len, max_pixels, alloc, ok, why, err) : st;
}

gl_status gl_image_png(const gl_image *img, const gl_allocator *alloc, unsigned char **out,
                       size_t *len, gl_error *err) {
    const gl_image_module *m;
    gl_status st = gl_module_get_image(&m, err);
    return st == GL_OK ? m->png(img, alloc, out, len, err) : st;
}

void gl_image_free(gl_image *img, const gl_allocator *alloc) {
    gl_free(alloc, img->pixels);
    gl_free(alloc, img->alpha);
    memset(img, 0, sizeof *img);
}
