/* The svg module (svg_module.h): an SVG rasterised by librsvg onto a cairo
 * image surface, then unpremultiplied into galley's pixel layout. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cairo.h>
#include <librsvg/rsvg.h>
#include "image/svg_module.h"
#include "util/alloc.h"
#include "util/error.h"

/* The layout size in CSS pixels: width and height when absolute, else the
 * viewBox's, else CSS's default for a replaced element. */
static void layout_size(RsvgHandle *h, double *w, double *hgt) {
    if (rsvg_handle_get_intrinsic_size_in_pixels(h, w, hgt) && *w >= 1 && *hgt >= 1)
        return;
    gboolean has_w, has_h, has_box;
    RsvgLength lw, lh;
    RsvgRectangle box;
    rsvg_handle_get_intrinsic_dimensions(h, &has_w, &lw, &has_h, &lh, &has_box, &box);
    if (has_box && box.width >= 1 && box.height >= 1) {
        *w = box.width;
        *hgt = box.height;
    } else {
        *w = 300;
        *hgt = 150;
    }
}

/* Cairo's ARGB32 (premultiplied, native-endian words) into RGB and alpha. */
static void unpremultiply(const unsigned char *surface, int stride, gl_image *img) {
    for (unsigned y = 0; y < img->height; y++) {
        const uint32_t *row = (const uint32_t *)(const void *)(surface + (size_t)y * stride);
        for (unsigned x = 0; x < img->width; x++) {
            uint32_t p = row[x];
            unsigned a = p >> 24, c[3] = {(p >> 16) & 255, (p >> 8) & 255, p & 255};
            size_t i = (size_t)y * img->width + x;
            for (int k = 0; k < 3; k++)
                img->pixels[i * 3 + k] = (unsigned char)(a ? (c[k] * 255 + a / 2) / a : 255);
            img->alpha[i] = (unsigned char)a;
        }
    }
}

static gl_status rasterise(gl_image *img, const unsigned char *data, size_t len, size_t max_pixels,
                           const gl_allocator *alloc, bool *ok, char why[GL_IMAGE_WHY_MAX],
                           gl_error *err) {
    GError *gerr = NULL;
    /* No base file: librsvg then refuses every external reference. */
    RsvgHandle *h = rsvg_handle_new_from_data(data, len, &gerr);
    if (!h) {
        snprintf(why, GL_IMAGE_WHY_MAX, "a damaged SVG (%.100s)",
                 gerr ? gerr->message : "unreadable");
        g_clear_error(&gerr);
        return GL_OK;
    }
    rsvg_handle_set_dpi(h, 96);
    double w, hgt;
    layout_size(h, &w, &hgt);
    /* Twice the layout size, less when that would pass the pixel limit or
     * the longest side allowed. */
    double scale = GL_SVG_SCALE, side = w > hgt ? w : hgt;
    if (side * scale > GL_SVG_MAX_SIDE)
        scale = GL_SVG_MAX_SIDE / side;
    if (w * hgt * scale * scale > (double)max_pixels)
        scale = sqrt((double)max_pixels / (w * hgt));
    double pw = floor(w * scale), ph = floor(hgt * scale);
    gl_status st = GL_OK;
    cairo_surface_t *s = NULL;
    gl_budget *budget = NULL;
    size_t surface = 0;
    if (pw < 1 || ph < 1 || w > 1e6 || hgt > 1e6) {
        snprintf(why, GL_IMAGE_WHY_MAX, "an SVG of %.0f x %.0f pixels, too large to draw", w, hgt);
        goto done;
    }
    /* cairo's surface is plain malloc memory, outside the allocator: with
     * the pixels copied out of it (4 bytes a pixel through `alloc`), it is
     * counted against the writer's memory budget (--max-memory), and an
     * SVG that would pass it is left out rather than fail the document. */
    budget = gl_budget_of(alloc);
    int stride = cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, (int)pw);
    surface = stride > 0 ? (size_t)stride * (size_t)ph : 0;
    size_t need = surface + (size_t)pw * (size_t)ph * 4;
    if (budget && !gl_budget_fits(budget, need)) {
        snprintf(why, GL_IMAGE_WHY_MAX,
                 "an SVG drawn at %.0f x %.0f pixels (%zu MiB), past the memory limit "
                 "(max_memory = %zu MiB)",
                 pw, ph, (need + (1 << 20) - 1) >> 20, budget->limit >> 20);
        surface = 0; /* nothing was counted */
        goto done;
    }
    if (budget)
        gl_budget_charge(budget, surface);
    else
        surface = 0;
    s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)pw, (int)ph);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        st = gl_fail(err, GL_ENOMEM, 0, "out of memory drawing an SVG image");
        goto done;
    }
    cairo_t *cr = cairo_create(s);
    RsvgRectangle viewport = {0, 0, pw, ph};
    gboolean drawn = rsvg_handle_render_document(h, cr, &viewport, &gerr);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    if (!drawn) {
        snprintf(why, GL_IMAGE_WHY_MAX, "an SVG that cannot be drawn (%.100s)",
                 gerr ? gerr->message : "unknown error");
        goto done;
    }
    img->kind = GL_IMAGE_SVG;
    img->width = (unsigned)pw;
    img->height = (unsigned)ph;
    img->show_width = w < 1 ? 1 : (unsigned)lround(w);
    img->show_height = hgt < 1 ? 1 : (unsigned)lround(hgt);
    img->channels = 3;
    size_t count = (size_t)img->width * img->height;
    img->pixels = gl_malloc(alloc, count * 3);
    img->alpha = img->pixels ? gl_malloc(alloc, count) : NULL;
    if (!img->alpha) {
        gl_image_free(img, alloc);
        st = gl_fail(err, GL_ENOMEM, 0, "out of memory drawing an SVG image");
        goto done;
    }
    unpremultiply(cairo_image_surface_get_data(s), cairo_image_surface_get_stride(s), img);
    bool opaque = true;
    for (size_t i = 0; opaque && i < count; i++)
        opaque = img->alpha[i] == 255;
    if (opaque) {
        gl_free(alloc, img->alpha);
        img->alpha = NULL;
    }
    *ok = true;
done:
    if (s)
        cairo_surface_destroy(s);
    if (budget)
        gl_budget_release(budget, surface);
    g_clear_error(&gerr);
    g_object_unref(h);
    return st;
}

GL_MODULE_TABLE const gl_svg_module gl_module_svg = {
    {GL_ABI_STAMP, NULL, NULL},
    rasterise,
};
