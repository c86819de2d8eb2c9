/* Image checking and decoding (decode.h). libpng's simplified API catches
 * libpng's errors itself (png_safe_error) and hands back a message; libjpeg
 * calls error_exit, which must not return, so that one longjmps back here,
 * within this file, and nothing of libjpeg's state outlives the call. */
#include "image/decode.h"

#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <jpeglib.h>
#include <png.h>
#include "util/alloc.h"
#include "util/error.h"

static unsigned be16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }

static uint32_t be32(const unsigned char *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

bool gl_image_sniff(const unsigned char *d, size_t n, gl_image_kind *kind, unsigned *width,
                    unsigned *height) {
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

static bool over_limit(unsigned width, unsigned height, size_t max_pixels, char *why) {
    if ((uint64_t)width * height <= max_pixels)
        return false;
    snprintf(why, GL_IMAGE_WHY_MAX, "%u x %u pixels, over the limit of %zu (max_image_pixels)",
             width, height, max_pixels);
    return true;
}

/* Moves the alpha of interleaved samples (`channels` of them, alpha last)
 * into its own plane, leaving the colour samples packed at the start. */
static void split_alpha(unsigned char *px, unsigned char *alpha, size_t count, unsigned channels) {
    unsigned colour = channels - 1;
    for (size_t i = 0; i < count; i++) {
        const unsigned char *from = px + i * channels;
        alpha[i] = from[colour];
        memmove(px + i * colour, from, colour);
    }
}

static bool all_opaque(const unsigned char *alpha, size_t count) {
    for (size_t i = 0; i < count; i++) {
        if (alpha[i] != 255)
            return false;
    }
    return true;
}

static gl_status decode_png(gl_image *img, const unsigned char *data, size_t len, size_t max_pixels,
                            const gl_allocator *alloc, bool *ok, char *why, gl_error *err) {
    png_image im;
    memset(&im, 0, sizeof im);
    im.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&im, data, len)) {
        snprintf(why, GL_IMAGE_WHY_MAX, "a damaged PNG (%.60s)", im.message);
        png_image_free(&im);
        return GL_OK;
    }
    if (over_limit(im.width, im.height, max_pixels, why)) {
        png_image_free(&im);
        return GL_OK;
    }
    /* A 16-bit file without gAMA or sRGB is read as sRGB, not as linear
     * light (libpng's default), so it keeps the brightness viewers (and
     * libharu, which took the high byte) give it. Set after begin_read,
     * which clears the structure. */
    im.flags |= PNG_IMAGE_FLAG_16BIT_sRGB;
    /* 8-bit grey or RGB, with alpha when the file has any transparency;
     * palettes are expanded (PDF's Indexed space would need them intact). */
    im.format &= PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA;
    unsigned channels = PNG_IMAGE_PIXEL_CHANNELS(im.format);
    size_t count = (size_t)im.width * im.height, bytes;
    if (__builtin_mul_overflow(count, channels, &bytes)) {
        png_image_free(&im);
        snprintf(why, GL_IMAGE_WHY_MAX, "too large to decode");
        return GL_OK;
    }
    img->pixels = gl_malloc(alloc, bytes);
    if (!img->pixels) {
        png_image_free(&im);
        return gl_fail(err, GL_ENOMEM, 0, "out of memory decoding an image");
    }
    if (!png_image_finish_read(&im, NULL, img->pixels, 0, NULL)) {
        snprintf(why, GL_IMAGE_WHY_MAX, "a damaged PNG (%.60s)", im.message);
        png_image_free(&im);
        gl_image_free(img, alloc);
        return GL_OK;
    }
    img->kind = GL_IMAGE_PNG;
    img->width = im.width;
    img->height = im.height;
    img->channels = channels;
    if (im.format & PNG_FORMAT_FLAG_ALPHA) {
        img->alpha = gl_malloc(alloc, count);
        if (!img->alpha) {
            gl_image_free(img, alloc);
            return gl_fail(err, GL_ENOMEM, 0, "out of memory decoding an image");
        }
        split_alpha(img->pixels, img->alpha, count, channels);
        img->channels = channels - 1;
        if (all_opaque(img->alpha, count)) {
            gl_free(alloc, img->alpha);
            img->alpha = NULL;
        }
    }
    *ok = true;
    return GL_OK;
}

/* libjpeg's error manager: errors, and warnings too (corrupt data, a
 * premature end: libjpeg would go on with grey), end the decoding here. */
typedef struct jpeg_guard {
    struct jpeg_error_mgr mgr;
    jmp_buf back;
    char message[JMSG_LENGTH_MAX];
} jpeg_guard;

static void jpeg_stop(j_common_ptr cinfo) {
    jpeg_guard *g = (jpeg_guard *)cinfo->err;
    g->mgr.format_message(cinfo, g->message);
    longjmp(g->back, 1);
}

static void jpeg_note(j_common_ptr cinfo, int level) {
    if (level < 0) /* a warning: the data is damaged */
        jpeg_stop(cinfo);
}

static void jpeg_quiet(j_common_ptr cinfo) { (void)cinfo; }

/* Decodes every scanline into one row buffer: proof that the file is whole,
 * at the cost of one row of memory (and libjpeg's own for progressive
 * files). */
static gl_status decode_jpeg(gl_image *img, const unsigned char *data, size_t len,
                             size_t max_pixels, const gl_allocator *alloc, bool *ok, char *why,
                             gl_error *err) {
    struct jpeg_decompress_struct cinfo;
    jpeg_guard guard;
    /* volatile: set between setjmp and longjmp, read after */
    unsigned char *volatile row = NULL;
    memset(&cinfo, 0, sizeof cinfo);
    cinfo.err = jpeg_std_error(&guard.mgr);
    guard.mgr.error_exit = jpeg_stop;
    guard.mgr.emit_message = jpeg_note;
    guard.mgr.output_message = jpeg_quiet;
    if (setjmp(guard.back)) {
        snprintf(why, GL_IMAGE_WHY_MAX, "a damaged JPEG (%.120s)", guard.message);
        jpeg_destroy_decompress(&cinfo);
        gl_free(alloc, row);
        return GL_OK;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, (unsigned long)len);
    jpeg_read_header(&cinfo, TRUE);
    if (over_limit(cinfo.image_width, cinfo.image_height, max_pixels, why)) {
        jpeg_destroy_decompress(&cinfo);
        return GL_OK;
    }
    jpeg_start_decompress(&cinfo);
    size_t stride;
    if (__builtin_mul_overflow((size_t)cinfo.output_width, (size_t)cinfo.output_components,
                               &stride) ||
        !(row = gl_malloc(alloc, stride))) {
        jpeg_destroy_decompress(&cinfo);
        return gl_fail(err, GL_ENOMEM, 0, "out of memory decoding an image");
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW rows[1] = {row};
        jpeg_read_scanlines(&cinfo, rows, 1);
    }
    jpeg_finish_decompress(&cinfo);
    img->kind = GL_IMAGE_JPEG;
    img->width = cinfo.image_width;
    img->height = cinfo.image_height;
    img->channels = (unsigned)cinfo.num_components;
    jpeg_destroy_decompress(&cinfo);
    gl_free(alloc, row);
    *ok = true;
    return GL_OK;
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
        snprintf(why, GL_IMAGE_WHY_MAX, "not a PNG or JPEG image");
        return GL_OK;
    }
    /* The header's word first: nothing is decoded past the limit. */
    if (over_limit(width, height, max_pixels, why))
        return GL_OK;
    if (kind == GL_IMAGE_PNG)
        return decode_png(img, data, len, max_pixels, alloc, ok, why, err);
    return decode_jpeg(img, data, len, max_pixels, alloc, ok, why, err);
}

void gl_image_free(gl_image *img, const gl_allocator *alloc) {
    gl_free(alloc, img->pixels);
    gl_free(alloc, img->alpha);
    memset(img, 0, sizeof *img);
}
