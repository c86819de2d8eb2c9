/* GIF and WebP decoding (decode.h). giflib and libwebp report errors by
 * return value, never abort; each decodes into a buffer from galley's
 * allocator, sized from a header already checked against the pixel limit.
 * A GIF's first frame is drawn onto its logical screen, transparent where
 * the frame does not cover it, as a browser shows a still GIF; an animated
 * WebP is refused (libwebp's simple API decodes stills only). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <gif_lib.h>
#include <webp/decode.h>
#include "image/decode.h"
#include "util/alloc.h"
#include "util/error.h"

typedef struct gif_source {
    const unsigned char *data;
    size_t len, at;
} gif_source;

static int gif_read(GifFileType *gif, GifByteType *buf, int n) {
    gif_source *s = gif->UserData;
    size_t k = n < 0 ? 0 : (size_t)n;
    if (k > s->len - s->at)
        k = s->len - s->at;
    memcpy(buf, s->data + s->at, k);
    s->at += k;
    return (int)k;
}

/* Reads records up to the first image's descriptor; the transparent
 * colour index of its graphic control extension into *transparent (-1:
 * none). False on damaged data. */
static bool gif_first_image(GifFileType *gif, int *transparent) {
    *transparent = -1;
    for (;;) {
        GifRecordType type;
        if (DGifGetRecordType(gif, &type) == GIF_ERROR)
            return false;
        if (type == IMAGE_DESC_RECORD_TYPE)
            return DGifGetImageDesc(gif) != GIF_ERROR;
        if (type == TERMINATE_RECORD_TYPE)
            return false;
        if (type != EXTENSION_RECORD_TYPE)
            continue;
        int code;
        GifByteType *ext;
        if (DGifGetExtension(gif, &code, &ext) == GIF_ERROR)
            return false;
        if (code == GRAPHICS_EXT_FUNC_CODE && ext && ext[0] >= 4)
            *transparent = (ext[1] & 1) ? ext[4] : -1;
        while (ext)
            if (DGifGetExtensionNext(gif, &ext) == GIF_ERROR)
                return false;
    }
}

/* Decodes the frame's rows (interlaced ones in their four passes) into
 * `index`, one colour index per frame pixel. */
static bool gif_rows(GifFileType *gif, GifByteType *index, unsigned fw, unsigned fh) {
    static const unsigned start[4] = {0, 4, 2, 1}, step[4] = {8, 8, 4, 2};
    if (!gif->Image.Interlace) {
        for (unsigned y = 0; y < fh; y++)
            if (DGifGetLine(gif, index + (size_t)y * fw, (int)fw) == GIF_ERROR)
                return false;
        return true;
    }
    for (int pass = 0; pass < 4; pass++)
        for (unsigned y = start[pass]; y < fh; y += step[pass])
            if (DGifGetLine(gif, index + (size_t)y * fw, (int)fw) == GIF_ERROR)
                return false;
    return true;
}

gl_status gl_image_decode_gif(gl_image *img, const unsigned char *data, size_t len,
                              size_t max_pixels, const gl_allocator *alloc, bool *ok,
                              char why[GL_IMAGE_WHY_MAX], gl_error *err) {
    gif_source src = {data, len, 0};
    int code = 0, transparent;
    GifFileType *gif = DGifOpen(&src, gif_read, &code);
    if (!gif) {
        snprintf(why, GL_IMAGE_WHY_MAX, "a damaged GIF (%s)", GifErrorString(code));
        return GL_OK;
    }
    gl_status st = GL_OK;
    GifByteType *index = NULL;
    unsigned sw = (unsigned)gif->SWidth, sh = (unsigned)gif->SHeight;
    if (gl_image_over_limit(sw, sh, max_pixels, why))
        goto done;
    if (!gif_first_image(gif, &transparent)) {
        snprintf(why, GL_IMAGE_WHY_MAX, "a damaged GIF (%s)", GifErrorString(gif->Error));
        goto done;
    }
    const GifImageDesc *d = &gif->Image;
    const ColorMapObject *map = d->ColorMap ? d->ColorMap : gif->SColorMap;
    unsigned fw = (unsigned)d->Width, fh = (unsigned)d->Height;
    if (!map || fw == 0 || fh == 0 || gl_image_over_limit(fw, fh, max_pixels, why)) {
        if (!why[0])
            snprintf(why, GL_IMAGE_WHY_MAX, "a damaged GIF (no colour table or an empty frame)");
        goto done;
    }
    size_t count = (size_t)sw * sh;
    index = gl_malloc(alloc, (size_t)fw * fh);
    img->pixels = index ? gl_malloc(alloc, count * 4) : NULL;
    if (!img->pixels) {
        st = gl_fail(err, GL_ENOMEM, 0, "out of memory decoding an image");
        goto done;
    }
    if (!gif_rows(gif, index, fw, fh)) {
        snprintf(why, GL_IMAGE_WHY_MAX, "a damaged GIF (%s)", GifErrorString(gif->Error));
        goto done;
    }
    memset(img->pixels, 0, count * 4); /* transparent where the frame is not */
    for (unsigned y = 0; y < fh; y++) {
        size_t cy = (size_t)d->Top + y;
        for (unsigned x = 0; x < fw && cy < sh; x++) {
            size_t cx = (size_t)d->Left + x;
            int c = index[(size_t)y * fw + x];
            if (cx >= sw || c == transparent || c >= map->ColorCount)
                continue;
            unsigned char *p = img->pixels + (cy * sw + cx) * 4;
            p[0] = map->Colors[c].Red;
            p[1] = map->Colors[c].Green;
            p[2] = map->Colors[c].Blue;
            p[3] = 255;
        }
    }
    img->kind = GL_IMAGE_GIF;
    img->width = img->show_width = sw;
    img->height = img->show_height = sh;
    if (!gl_image_split_rgba(img, count, alloc)) {
        st = gl_fail(err, GL_ENOMEM, 0, "out of memory decoding an image");
        goto done;
    }
    *ok = true;
done:
    gl_free(alloc, index);
    if (!*ok)
        gl_image_free(img, alloc);
    DGifCloseFile(gif, &code);
    return st;
}

gl_status gl_image_decode_webp(gl_image *img, const unsigned char *data, size_t len,
                               size_t max_pixels, const gl_allocator *alloc, bool *ok,
                               char why[GL_IMAGE_WHY_MAX], gl_error *err) {
    WebPBitstreamFeatures f;
    if (WebPGetFeatures(data, len, &f) != VP8_STATUS_OK || f.width <= 0 || f.height <= 0) {
        snprintf(why, GL_IMAGE_WHY_MAX, "a damaged WebP");
        return GL_OK;
    }
    if (f.has_animation) {
        snprintf(why, GL_IMAGE_WHY_MAX, "an animated WebP");
        return GL_OK;
    }
    unsigned w = (unsigned)f.width, h = (unsigned)f.height;
    if (gl_image_over_limit(w, h, max_pixels, why))
        return GL_OK;
    size_t count = (size_t)w * h;
    img->pixels = gl_malloc(alloc, count * 4);
    if (!img->pixels)
        return gl_fail(err, GL_ENOMEM, 0, "out of memory decoding an image");
    if (!WebPDecodeRGBAInto(data, len, img->pixels, count * 4, (int)w * 4)) {
        gl_image_free(img, alloc);
        snprintf(why, GL_IMAGE_WHY_MAX, "a damaged WebP");
        return GL_OK;
    }
    img->kind = GL_IMAGE_WEBP;
    img->width = img->show_width = w;
    img->height = img->show_height = h;
    if (!gl_image_split_rgba(img, count, alloc)) {
        gl_image_free(img, alloc);
        return gl_fail(err, GL_ENOMEM, 0, "out of memory decoding an image");
    }
    *ok = true;
    return GL_OK;
}
