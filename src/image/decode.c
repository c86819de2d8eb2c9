/* The image module (image_module.h): PNG and JPEG checking and decoding,
 * and the PNG encoder. libpng's simplified API catches
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
#include "image/image_module.h"
#include "util/alloc.h"
#include "util/error.h"

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
    if (gl_image_over_limit(im.width, im.height, max_pixels, why)) {
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
    img->width = img->show_width = im.width;
    img->height = img->show_height = im.height;
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
    if (gl_image_over_limit(cinfo.image_width, cinfo.image_height, max_pixels, why)) {
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
    img->width = img->show_width = cinfo.image_width;
    img->height = img->show_height = cinfo.image_height;
    img->channels = (unsigned)cinfo.num_components;
    jpeg_destroy_decompress(&cinfo);
    gl_free(alloc, row);
    *ok = true;
    return GL_OK;
}

/* gl_image_decode once the core has sniffed the kind (not SVG) and checked
 * the header's size. */
static gl_status decode(gl_image *img, gl_image_kind kind, const unsigned char *data, size_t len,
                        size_t max_pixels, const gl_allocator *alloc, bool *ok,
                        char why[GL_IMAGE_WHY_MAX], gl_error *err) {
    switch (kind) {
    case GL_IMAGE_PNG:
        return decode_png(img, data, len, max_pixels, alloc, ok, why, err);
    case GL_IMAGE_JPEG:
        return decode_jpeg(img, data, len, max_pixels, alloc, ok, why, err);
    case GL_IMAGE_GIF:
        return gl_image_decode_gif(img, data, len, max_pixels, alloc, ok, why, err);
    case GL_IMAGE_WEBP:
        return gl_image_decode_webp(img, data, len, max_pixels, alloc, ok, why, err);
    case GL_IMAGE_SVG:
        break;
    }
    snprintf(why, GL_IMAGE_WHY_MAX, "not an image this module decodes");
    return GL_OK;
}

bool gl_image_split_rgba(gl_image *img, size_t count, const gl_allocator *alloc) {
    img->alpha = gl_malloc(alloc, count);
    if (!img->alpha)
        return false;
    split_alpha(img->pixels, img->alpha, count, 4);
    img->channels = 3;
    if (all_opaque(img->alpha, count)) {
        gl_free(alloc, img->alpha);
        img->alpha = NULL;
    }
    return true;
}

static gl_status encode_png(const gl_image *img, const gl_allocator *alloc, unsigned char **out,
                            size_t *len, gl_error *err) {
    *out = NULL;
    *len = 0;
    size_t count = (size_t)img->width * img->height;
    unsigned channels = img->channels + (img->alpha ? 1 : 0);
    unsigned char *px = img->pixels;
    /* libpng's simplified writer takes interleaved samples. */
    if (img->alpha) {
        px = gl_malloc(alloc, count * channels);
        if (!px)
            return gl_fail(err, GL_ENOMEM, 0, "out of memory converting an image");
        for (size_t i = 0; i < count; i++) {
            memcpy(px + i * channels, img->pixels + i * img->channels, img->channels);
            px[i * channels + img->channels] = img->alpha[i];
        }
    }
    png_image im;
    memset(&im, 0, sizeof im);
    im.version = PNG_IMAGE_VERSION;
    im.width = img->width;
    im.height = img->height;
    im.format =
        (img->channels == 3 ? PNG_FORMAT_FLAG_COLOR : 0) | (img->alpha ? PNG_FORMAT_FLAG_ALPHA : 0);
    png_alloc_size_t size = 0;
    gl_status st = GL_OK;
    if (!png_image_write_to_memory(&im, NULL, &size, 0, px, 0, NULL) ||
        !(*out = gl_malloc(alloc, size)))
        st = gl_fail(err, GL_ENOMEM, 0, "out of memory converting an image");
    else if (!png_image_write_to_memory(&im, *out, &size, 0, px, 0, NULL))
        st = gl_fail(err, GL_ENOMEM, 0, "cannot convert an image to PNG: %s", im.message);
    if (st == GL_OK)
        *len = size;
    else {
        gl_free(alloc, *out);
        *out = NULL;
    }
    if (px != img->pixels)
        gl_free(alloc, px);
    png_image_free(&im);
    return st;
}

GL_MODULE_TABLE const gl_image_module gl_module_image = {
    {GL_ABI_STAMP, NULL, NULL},
    decode,
    encode_png,
};
