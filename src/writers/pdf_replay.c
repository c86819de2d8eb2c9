/* The PDF writer's replay: once every font is cut to the characters it
 * shows (known only at the end), the ops the layout recorded become
 * libharu's pages (through pdf_hpdf.h), with content streams galley writes
 * itself, and page labels; then the file is read back, repacked with the
 * links and bookmarks (pdf_pack.h, pdf_nav.c) and handed to the sink. */
#include "writers/pdf_writer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/alloc.h"
#include "util/error.h"
#include "util/utf8.h"
#include "writers/pdf_pack.h"

/* ---- replaying the pages into libharu ---- */

/* Text colours, by INK_*. */
static const double ink_rgb[3][3] = {{0, 0, 0}, {0.05, 0.25, 0.65}, {0.4, 0.4, 0.4}};

/* Embeds each font the pages use; unused fonts are left out. */
static gl_status embed_fonts(pdfw *w) {
    for (size_t i = 0; i < w->nops; i++) {
        const op *o = &w->ops[i];
        if (o->kind == OP_TEXT &&
            gl_pdf_font_use(&w->fonts[o->font], w->optext.data + o->off, o->len, w->err) != GL_OK)
            return w->err->status;
        if (o->kind == OP_GLYPHS && gl_pdf_glyphs_use(w, o) != GL_OK)
            return w->err->status;
    }
    for (size_t i = 0, n = 0; i < w->nfonts; i++) {
        if (hb_set_is_empty(w->fonts[i].used) && hb_set_is_empty(w->fonts[i].glyphs))
            continue;
        gl_pdf_font *f = &w->fonts[i];
        gl_status st = gl_pdf_font_cut(f, w->alloc, w->err);
        if (st == GL_OK)
            st = gl_pdf_font_embed(f, w->pdf, n++, w->alloc, w->err);
        if (st != GL_OK)
            return st;
    }
    return gl_pdf_check(w, "embedding fonts");
}

/* Appends `v` with at most three decimals, as PDF numbers are written
 * (7.3.3: no exponent), whatever the locale: libharu would write the float
 * nearest a position in 1/100 pt ("744.15997"), which the content stream
 * pays for on every line. */
void gl_pdf_put_number(gl_buf *b, double v) {
    long long m = (long long)(v * 1000 + (v < 0 ? -0.5 : 0.5));
    if (m < 0) {
        gl_buf_putc(b, '-');
        m = -m;
    }
    gl_buf_printf(b, "%lld", m / 1000);
    if (m % 1000) {
        char frac[8];
        snprintf(frac, sizeof frac, ".%03lld", m % 1000);
        size_t n = strlen(frac);
        while (frac[n - 1] == '0')
            n--;
        gl_buf_append(b, frac, n);
    }
}

/* Appends numbers separated by spaces, then the operator. */
static void put_op(gl_buf *b, const double *v, size_t n, const char *oper) {
    for (size_t i = 0; i < n; i++) {
        gl_pdf_put_number(b, v[i]);
        gl_buf_putc(b, ' ');
    }
    gl_buf_puts(b, oper);
    gl_buf_putc(b, '\n');
}

/* The drawing state of the page being replayed, so that operators are
 * written only when something changes. galley writes the page's content
 * stream itself: its fonts are its own dictionaries (gl_pdf_font_embed),
 * and its numbers are shorter. */
typedef struct pen {
    gl_hpdf_obj *page;
    gl_buf *out; /* the content, handed to libharu when the page is done */
    bool in_text;
    unsigned font;
    int ink;           /* the fill colour as an INK_*; -1: a grey or unknown */
    double fill;       /* the fill colour as a grey; -1: an ink or unknown */
    double stroke;     /* the stroke grey; -1 unknown */
    double line_width; /* -1 unknown */
    double size, rise; /* size < 0: no font set on this page */
    double lx, ly;     /* where the last Td put the line's start */
    double char_space; /* Tc */
} pen;

static void pen_start(pen *pn, gl_hpdf_obj *page, gl_buf *out) {
    *pn = (pen){page, out, false, 0, -1, 0, 0, 1, -1, 0, 0, 0, 0};
    gl_buf_clear(out);
}

static void end_text(pen *pn) {
    if (pn->in_text)
        gl_buf_puts(pn->out, "ET\n");
    pn->in_text = false;
}

/* Hands the page's content to libharu. */
static gl_status pen_finish(pdfw *w, pen *pn) {
    if (!pn->page)
        return GL_OK;
    end_text(pn);
    gl_status st = gl_pdf_buf_status(w, pn->out);
    if (st != GL_OK)
        return st;
    return gl_hpdf_page_write(w->pdf, pn->page, pn->out->data, pn->out->len, w->err);
}

/* Writes the text of `o` as a Tj, or as a TJ that adds o->stretch points
 * after each space, in the cut font's glyph codes (gl_pdf_font_code) as
 * hex. */
static void show_text(pdfw *w, pen *pn, const op *o) {
    static const char hex[] = "0123456789ABCDEF";
    const gl_pdf_font *f = &w->fonts[o->font];
    long adjust = -(long)(o->stretch * 1000.0 / o->a + (o->stretch > 0 ? 0.5 : -0.5));
    bool spaced = o->stretch != 0; /* wider (justified) or narrower (shrunk) spaces */
    gl_buf *b = pn->out;
    gl_buf_puts(b, spaced ? "[<" : "<");
    const char *t = w->optext.data + o->off;
    size_t i = 0;
    while (i < o->len) {
        int32_t cp;
        i += gl_utf8_decode(t + i, o->len - i, &cp);
        if (cp >= 0 && gl_shape_ignorable((uint32_t)cp))
            continue; /* invisible: a joiner, a direction mark (layout/shape.h) */
        unsigned code = cp < 0 ? 0 : gl_pdf_font_code(f, (uint32_t)cp);
        char digits[4] = {hex[(code >> 12) & 15], hex[(code >> 8) & 15], hex[(code >> 4) & 15],
                          hex[code & 15]};
        gl_buf_append(b, digits, 4);
        if (spaced && cp == ' ' && i < o->len)
            gl_buf_printf(b, ">%ld<", adjust);
    }
    gl_buf_puts(b, spaced ? ">] TJ\n" : "> Tj\n");
}

static gl_status replay_text(pdfw *w, pen *pn, const op *o) {
    gl_buf *b = pn->out;
    if (!pn->in_text) {
        gl_buf_puts(b, "BT\n");
        pn->in_text = true;
        pn->lx = pn->ly = 0;
    }
    if (o->font != pn->font || o->a != pn->size) {
        pn->font = o->font;
        pn->size = o->a;
        /* Only the font's name in the page's resources comes from libharu. */
        const char *name = gl_hpdf_font_name(pn->page, w->fonts[o->font].hpdf);
        if (!name)
            return gl_hpdf_out_of_memory(w->pdf) ? gl_pdf_oom(w) : gl_pdf_check(w, "naming a font");
        gl_buf_printf(b, "/%s ", name);
        put_op(b, &o->a, 1, "Tf");
    }
    if (o->ink != pn->ink) {
        pn->ink = o->ink;
        pn->fill = -1;
        put_op(b, ink_rgb[o->ink], 3, "rg");
    }
    if (o->b != pn->rise) {
        pn->rise = o->b;
        put_op(b, &o->b, 1, "Ts");
    }
    if (o->width != pn->char_space) {
        pn->char_space = o->width;
        put_op(b, &o->width, 1, "Tc");
    }
    /* Td moves relative to the start of the previous Td, not the pen. */
    double move[2] = {o->x - pn->lx, o->y - pn->ly};
    put_op(b, move, 2, "Td");
    pn->lx = o->x;
    pn->ly = o->y;
    if (o->kind == OP_GLYPHS)
        return gl_pdf_glyphs_show(w, b, o);
    show_text(w, pn, o);
    return GL_OK;
}

static gl_status replay_op(pdfw *w, pen *pn, const op *o) {
    switch (o->kind) {
    case OP_TEXT:
    case OP_GLYPHS:
        return replay_text(w, pn, o);
    case OP_LINE:
        end_text(pn);
        if (o->gray != pn->stroke) {
            pn->stroke = o->gray;
            put_op(pn->out, &o->gray, 1, "G");
        }
        if (o->width != pn->line_width) {
            pn->line_width = o->width;
            put_op(pn->out, &o->width, 1, "w");
        }
        put_op(pn->out, &o->x, 2, "m");
        put_op(pn->out, &o->a, 2, "l S");
        break;
    case OP_RECT: {
        end_text(pn);
        if (o->gray != pn->fill) {
            pn->fill = o->gray;
            pn->ink = -1;
            put_op(pn->out, &o->gray, 1, "g");
        }
        double box[4] = {o->x, o->y, o->a - o->x, o->b - o->y};
        put_op(pn->out, box, 4, "re f");
        break;
    }
    case OP_IMAGE: {
        const char *name = gl_hpdf_image_name(pn->page, w->images[o->off].hpdf);
        if (!name)
            return gl_hpdf_out_of_memory(w->pdf) ? gl_pdf_oom(w)
                                                 : gl_pdf_check(w, "drawing an image");
        end_text(pn);
        double m[6] = {o->a, 0, 0, o->b, o->x, o->y};
        gl_buf_puts(pn->out, "q\n");
        put_op(pn->out, m, 6, "cm");
        gl_buf_printf(pn->out, "/%s Do\nQ\n", name);
        break;
    }
    default:
        break;
    }
    return GL_OK;
}

/* Makes the pages and draws what the layout recorded on them. */
gl_status gl_pdf_replay(pdfw *w) {
    gl_status st = embed_fonts(w);
    if (st != GL_OK)
        return st;
    gl_hpdf_obj **pages = gl_malloc_array(w->alloc, w->page_no, sizeof *pages);
    w->page_objs = gl_malloc_array(w->alloc, w->page_no, sizeof *w->page_objs);
    if (!pages || !w->page_objs)
        st = gl_pdf_oom(w);
    for (unsigned i = 0; i < w->page_no && st == GL_OK; i++) {
        pages[i] = gl_hpdf_add_page(w->pdf, w->page_w, w->page_h);
        if (!pages[i]) {
            st = gl_pdf_check(w, "adding a page");
            break;
        }
        /* Where the packer adds each page's /Annots (pdf_nav.c). */
        w->page_objs[i] = gl_hpdf_object_number(pages[i]);
    }
    /* Page labels (12.4.2): plain numbers, as printed at the foot. */
    if (st == GL_OK && w->page_no)
        st = gl_hpdf_number_pages(w->pdf, w->err);
    pen pn;
    pen_start(&pn, NULL, &w->content);
    for (size_t i = 0; i < w->nops && st == GL_OK; i++) {
        const op *o = &w->ops[i];
        if (pn.page != pages[o->page]) {
            st = pen_finish(w, &pn);
            pen_start(&pn, pages[o->page], &w->content);
        }
        if (st == GL_OK)
            st = replay_op(w, &pn, o);
        if (st == GL_OK)
            st = gl_pdf_check(w, "drawing the pages");
    }
    if (st == GL_OK)
        st = pen_finish(w, &pn);
    gl_free(w->alloc, pages);
    return st == GL_OK ? gl_pdf_check(w, "drawing the pages") : st;
}

/* Reads libharu's finished file back, repacks it (pdf_pack.h) with the
 * links and bookmarks (pdf_nav.c) and hands it to the sink. */
gl_status gl_pdf_save(pdfw *w, const gl_sink *sink) {
    char *raw;
    size_t size;
    gl_status st = gl_hpdf_save(w->pdf, &raw, &size, w->err);
    if (st != GL_OK)
        return st;
    /* libharu's objects and its copy of the file go before the packing
     * needs its own memory. */
    gl_hpdf_free(w->pdf);
    w->pdf = NULL;
    gl_buf packed;
    gl_buf_init(&packed, w->alloc, 0);
    gl_pdf_extra nav;
    gl_pdf_nav_extra(w, &nav);
    st = gl_pdf_pack(raw, size, &nav, &packed, w->err);
    gl_free(w->alloc, raw);
    if (st == GL_OK && sink->write(sink->userdata, packed.data, packed.len) != GL_OK)
        st = gl_fail(w->err, GL_ESINK, 0, "cannot write the output");
    gl_buf_free(&packed);
    return st;
}
