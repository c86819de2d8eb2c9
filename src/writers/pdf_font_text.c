/* Text that needs more than one glyph a character (issue 17): a paragraph
 * holding Arabic, Hebrew, an Indic script, Thai, marks, or right-to-left
 * text is cut into runs of one span, one bidi level and one script; the
 * runs that need it are shaped by HarfBuzz (layout/shape.h) and the widths
 * of their clusters replace the characters' in the paragraph's running sum,
 * so the line breaker measures what is drawn. Each line is then cut into
 * pieces, put in visual order (layout/bidi.h), and a shaped piece drawn as
 * its glyphs, positioned with TJ.
 *
 * Copy and paste: each glyph's ToUnicode entry is the first text it was
 * drawn for; a cluster whose glyphs do not give its text back that way
 * (a vowel drawn before its consonant, a mark reordered, a glyph that other
 * text named first) is wrapped in a /Span with /ActualText (ISO 32000-1
 * 14.9.4). Text extraction (poppler, pdf.js) reads a line from left to
 * right and reverses its right-to-left runs; so the text given for a
 * right-to-left cluster is reversed too, and comes back in logical order. */
#include "writers/pdf_writer.h"

#include <string.h>
#include "util/alloc.h"
#include "util/error.h"
#include "util/utf8.h"
#include "util/vec.h"

/* ---- shaping a paragraph ---- */

void gl_pdf_para_shape_free(para *p) {
    const gl_allocator *a = p->text.alloc;
    gl_free(a, p->runs);
    gl_free(a, p->glyphs.items);
    gl_bidi_free(&p->bidi);
    p->runs = NULL;
    p->glyphs.items = NULL;
    p->nruns = p->run_cap = p->glyphs.count = p->glyphs.cap = 0;
}

static gl_status add_run(pdfw *w, para *p, const text_run *r) {
    if (gl_vec_grow(w->alloc, &p->runs, &p->run_cap, p->nruns + 1, sizeof *p->runs) != GL_OK)
        return gl_pdf_oom(w);
    p->runs[p->nruns++] = *r;
    return GL_OK;
}

/* Cuts the paragraph into runs: a new one where the span, the bidi level
 * or the script changes. Punctuation, digits, spaces and marks (scripts
 * Common and Inherited) join the run they are in; a run that starts with
 * them takes the script of its first letter. A run is shaped when it holds
 * a character the fast path cannot draw, or is right to left (HarfBuzz
 * mirrors brackets there). */
static gl_status itemize(pdfw *w, para *p) {
    const char *t = p->text.data;
    size_t len = p->text.len, sp = 0;
    text_run r = {0};
    bool open = false, simple = true;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        size_t at = i;
        i += gl_utf8_decode(t + i, len - i, &cp);
        if (cp < 0)
            cp = 0xFFFD;
        while (sp + 1 < p->nspans && p->spans[sp].end <= at)
            sp++;
        unsigned level = p->bidi_needed ? gl_bidi_level_at(&p->bidi, at) : 0;
        hb_script_t sc = gl_shape_script((uint32_t)cp);
        bool common = sc == HB_SCRIPT_COMMON || sc == HB_SCRIPT_INHERITED;
        bool same = open && r.span == sp && r.level == level &&
                    (common || r.script == HB_SCRIPT_COMMON || r.script == sc);
        if (!same) {
            if (open) {
                r.end = at;
                r.shaped = (!simple || r.level % 2) && !p->spans[r.span].image;
                if (add_run(w, p, &r) != GL_OK)
                    return w->err->status;
            }
            r = (text_run){at, at, sp, (unsigned char)level, false, HB_SCRIPT_COMMON, 0, 0};
            open = true;
            simple = true;
        }
        if (!common && r.script == HB_SCRIPT_COMMON)
            r.script = sc;
        if (!gl_shape_simple((uint32_t)cp) && !gl_shape_ignorable((uint32_t)cp))
            simple = false;
    }
    if (open) {
        r.end = len;
        r.shaped = (!simple || r.level % 2) && !p->spans[r.span].image;
        return add_run(w, p, &r);
    }
    return GL_OK;
}

/* HarfBuzz's buffer and the shaper of a span's font. */
static gl_status shaper_of(pdfw *w, unsigned font, gl_shaper *s) {
    if (!w->hb_buf) {
        w->hb_buf = hb_buffer_create();
        if (!hb_buffer_allocation_successful(w->hb_buf))
            return gl_pdf_oom(w);
    }
    s->font = w->fonts[font].font;
    s->buf = w->hb_buf;
    s->lang = w->lang ? hb_language_from_string(w->lang, -1) : HB_LANGUAGE_INVALID;
    return GL_OK;
}

/* Shapes the shaped runs, then gives each of their clusters its width at
 * its first byte in the running sum (cum), the other bytes of a cluster
 * none. */
static gl_status shape_runs(pdfw *w, para *p) {
    p->glyphs.alloc = w->alloc;
    p->glyphs.count = 0;
    double *cum = p->cum;
    size_t len = p->text.len;
    /* The running sum as widths per byte (cum[i + 1]: byte i's). */
    for (size_t i = len; i > 0; i--)
        cum[i] -= cum[i - 1];
    gl_status st = GL_OK;
    for (size_t k = 0; k < p->nruns && st == GL_OK; k++) {
        text_run *r = &p->runs[k];
        if (!r->shaped)
            continue;
        const span *sp = &p->spans[r->span];
        gl_shaper sh;
        st = shaper_of(w, sp->font, &sh);
        r->glyph0 = p->glyphs.count;
        if (st == GL_OK && gl_shape_run(&sh, p->text.data, len, r->start, r->end, r->script,
                                        r->level % 2, &p->glyphs) != GL_OK)
            st = gl_pdf_oom(w);
        if (st != GL_OK)
            break;
        r->nglyphs = p->glyphs.count - r->glyph0;
        for (size_t i = r->start; i < r->end; i++)
            cum[i + 1] = 0;
        double scale = sp->size / (double)w->fonts[sp->font].upem;
        for (size_t g = r->glyph0; g < p->glyphs.count; g++) {
            const gl_glyph *gl = &p->glyphs.items[g];
            cum[gl->cluster + 1] += gl->adv * scale;
        }
    }
    cum[0] = 0;
    for (size_t i = 1; i <= len; i++)
        cum[i] += cum[i - 1];
    return st;
}

gl_status gl_pdf_para_shape(pdfw *w, para *p) {
    if (p->shaped)
        return GL_OK;
    p->shaped = true;
    p->rtl = p->rtl_base && !p->code; /* left-to-right text in it aligns right */
    p->nruns = 0;
    if (!p->complex || p->text.len == 0)
        return GL_OK;
    gl_status st = GL_OK;
    gl_bidi_free(&p->bidi);
    if (p->bidi_needed) {
        if (gl_bidi_paragraph(&p->bidi, p->text.data, p->text.len,
                              p->code       ? GL_BIDI_LTR
                              : p->rtl_base ? GL_BIDI_RTL
                                            : GL_BIDI_AUTO,
                              w->alloc) != GL_OK)
            return gl_pdf_oom(w);
        p->rtl = p->bidi.rtl;
    }
    st = itemize(w, p);
    if (st == GL_OK)
        st = shape_runs(w, p);
    if (st != GL_OK)
        p->shaped = false;
    return st;
}

/* ---- lines ---- */

static gl_status add_piece(pdfw *w, size_t *n, const piece *pc) {
    if (gl_vec_grow(w->alloc, &w->pieces, &w->piece_cap, *n + 1, sizeof *w->pieces) != GL_OK)
        return gl_pdf_oom(w);
    w->pieces[(*n)++] = *pc;
    return GL_OK;
}

/* Counts the spaces and the characters of bytes [s, e). */
static void count(const para *p, piece *pc) {
    for (size_t k = pc->start; k < pc->end; k++) {
        unsigned char c = (unsigned char)p->text.data[k];
        pc->spaces += c == ' ';
        pc->units += (c & 0xC0) != 0x80;
    }
}

/* The glyphs of shaped run `r` whose clusters lie in [s, e): *first, *n. */
static void glyph_range(const para *p, const text_run *r, size_t s, size_t e, size_t *first,
                        size_t *n) {
    size_t lo = r->glyph0 + r->nglyphs, hi = r->glyph0;
    for (size_t g = r->glyph0; g < r->glyph0 + r->nglyphs; g++) {
        size_t c = p->glyphs.items[g].cluster;
        if (c >= s && c < e) {
            lo = g < lo ? g : lo;
            hi = g + 1;
        }
    }
    *first = lo;
    *n = hi > lo ? hi - lo : 0;
}

/* Whether a line may start or end at byte `at` of shaped run `r` and keep
 * its glyphs: at the run's ends, or where a cluster starts that HarfBuzz
 * did not flag as shaped differently when broken there. */
static bool safe_cut(const para *p, const text_run *r, size_t at) {
    if (at <= r->start || at >= r->end)
        return true;
    bool found = false;
    for (size_t g = r->glyph0; g < r->glyph0 + r->nglyphs; g++) {
        const gl_glyph *gl = &p->glyphs.items[g];
        if (gl->cluster == at) {
            if (gl->unsafe)
                return false;
            found = true;
        }
    }
    return found;
}

gl_status gl_pdf_line_pieces(pdfw *w, para *p, const gl_line *ln, size_t *n) {
    *n = 0;
    while (p->cursor < p->nspans && p->spans[p->cursor].end <= ln->start)
        p->cursor++;
    gl_status st = GL_OK;
    if (!p->nruns) {
        for (size_t i = p->cursor; i < p->nspans && p->spans[i].start < ln->end && st == GL_OK;
             i++) {
            const span *s = &p->spans[i];
            piece pc = {s->start > ln->start ? s->start : ln->start,
                        s->end < ln->end ? s->end : ln->end,
                        s,
                        NULL,
                        0,
                        0,
                        0};
            if (pc.start >= pc.end)
                continue;
            pc.width = p->cum[pc.end] - p->cum[pc.start];
            count(p, &pc);
            st = add_piece(w, n, &pc);
        }
        return st;
    }
    for (size_t k = 0; k < p->nruns && st == GL_OK; k++) {
        const text_run *r = &p->runs[k];
        if (r->end <= ln->start || r->start >= ln->end)
            continue;
        piece pc = {r->start > ln->start ? r->start : ln->start,
                    r->end < ln->end ? r->end : ln->end,
                    &p->spans[r->span],
                    r,
                    0,
                    0,
                    0};
        pc.width = p->cum[pc.end] - p->cum[pc.start];
        count(p, &pc);
        if (r->shaped) {
            /* Spaced apart by clusters: a mark stays on its letter. */
            size_t first, ng;
            glyph_range(p, r, pc.start, pc.end, &first, &ng);
            pc.units = 0;
            for (size_t g = first; g < first + ng; g++)
                pc.units +=
                    g == first || p->glyphs.items[g].cluster != p->glyphs.items[g - 1].cluster;
        }
        st = add_piece(w, n, &pc);
    }
    if (st != GL_OK || !p->bidi_needed || *n < 2)
        return st;
    /* Visual order: the pieces are cut where the level changes. */
    size_t *cuts = gl_malloc_array(w->alloc, 2 * *n + 1, sizeof *cuts);
    piece *copy = gl_malloc_array(w->alloc, *n, sizeof *copy);
    if (!cuts || !copy) {
        gl_free(w->alloc, cuts);
        gl_free(w->alloc, copy);
        return gl_pdf_oom(w);
    }
    size_t *order = cuts + *n + 1;
    for (size_t k = 0; k < *n; k++)
        cuts[k] = w->pieces[k].start;
    cuts[*n] = w->pieces[*n - 1].end;
    if (gl_bidi_line_order(&p->bidi, cuts, *n, order) != GL_OK) {
        st = gl_pdf_oom(w);
    } else {
        memcpy(copy, w->pieces, *n * sizeof *copy);
        for (size_t k = 0; k < *n; k++)
            w->pieces[k] = copy[order[k]];
    }
    gl_free(w->alloc, cuts);
    gl_free(w->alloc, copy);
    return st;
}

/* Records a GLYPHS op drawing `n` glyphs (clusters as byte offsets into
 * the paragraph) of text [s, e) at x. */
static gl_status glyph_op(pdfw *w, const para *p, const piece *pc, const gl_glyph *glyphs, size_t n,
                          size_t base, double x, double baseline) {
    const span *sp = pc->s;
    op o = {.kind = OP_GLYPHS,
            .ink = (unsigned char)sp->ink,
            .rtl = pc->r->level % 2,
            .font = sp->font,
            .x = x,
            .y = baseline,
            .a = sp->size,
            .b = sp->rise,
            .stretch = w->stretch,
            .spacing = w->char_space,
            .off = w->optext.len,
            .len = pc->end - pc->start,
            .goff = w->shown.count,
            .glen = n};
    if (gl_buf_append(&w->optext, p->text.data + pc->start, pc->end - pc->start) != GL_OK)
        return gl_pdf_buf_status(w, &w->optext);
    w->shown.alloc = w->alloc;
    if (gl_vec_grow(w->alloc, &w->shown.items, &w->shown.cap, w->shown.count + n,
                    sizeof *w->shown.items) != GL_OK)
        return gl_pdf_oom(w);
    for (size_t g = 0; g < n; g++) {
        gl_glyph gl = glyphs[g];
        gl.cluster = (uint32_t)(base + gl.cluster - pc->start);
        w->shown.items[w->shown.count++] = gl;
    }
    return gl_pdf_push_op(w, o);
}

gl_status gl_pdf_draw_piece(pdfw *w, para *p, const gl_line *ln, const piece *pc, double x,
                            double baseline) {
    const span *s = pc->s;
    const text_run *r = pc->r;
    if (!r || !r->shaped)
        return gl_pdf_text_op(w, s->font, s->size, s->rise, s->ink, x, baseline,
                              p->text.data + pc->start, pc->end - pc->start);
    if (safe_cut(p, r, pc->start) && safe_cut(p, r, pc->end)) {
        size_t first, n;
        glyph_range(p, r, pc->start, pc->end, &first, &n);
        return glyph_op(w, p, pc, p->glyphs.items + first, n, 0, x, baseline);
    }
    /* Cut inside a cluster (a hyphen in a ligature) or where the shaping
     * depends on what follows: the piece is shaped again alone, with the
     * line around it as context. */
    gl_shaper sh;
    gl_status st = shaper_of(w, s->font, &sh);
    gl_glyphs again = {NULL, 0, 0, w->alloc};
    if (st == GL_OK &&
        gl_shape_run(&sh, p->text.data + ln->start, ln->end - ln->start, pc->start - ln->start,
                     pc->end - ln->start, r->script, r->level % 2, &again) != GL_OK)
        st = gl_pdf_oom(w);
    if (st == GL_OK)
        st = glyph_op(w, p, pc, again.items, again.count, ln->start, x, baseline);
    gl_free(w->alloc, again.items);
    return st;
}

/* ---- glyphs in the file ---- */

/* The characters of text[s, e) into w->chars, reversed when `rtl`; *n gets
 * how many. GL_OK or GL_ENOMEM. */
static gl_status chars_of(pdfw *w, const char *text, size_t s, size_t e, bool rtl, size_t *n) {
    *n = 0;
    if (gl_vec_grow(w->alloc, &w->chars, &w->chars_cap, e - s + 1, sizeof *w->chars) != GL_OK)
        return gl_pdf_oom(w);
    for (size_t i = s; i < e;) {
        int32_t cp;
        i += gl_utf8_decode(text + i, e - i, &cp);
        w->chars[(*n)++] = cp < 0 ? 0xFFFD : (uint32_t)cp;
    }
    for (size_t a = 0, b = *n; rtl && a + 1 < b; a++, b--) {
        uint32_t t = w->chars[a];
        w->chars[a] = w->chars[b - 1];
        w->chars[b - 1] = t;
    }
    return GL_OK;
}

/* The end of the cluster of glyph `g` in the op's text: the nearest
 * cluster after it in logical order, else the text's end. Clusters are
 * monotonic: rising left to right, falling right to left. */
static size_t cluster_end(const op *o, const gl_glyph *gs, size_t g) {
    size_t c = gs[g].cluster, end = o->len;
    if (!o->rtl) {
        for (size_t k = g + 1; k < o->glen; k++) {
            if (gs[k].cluster > c)
                return gs[k].cluster < end ? gs[k].cluster : end;
        }
    } else {
        for (size_t k = g; k-- > 0;) {
            if (gs[k].cluster > c)
                return gs[k].cluster < end ? gs[k].cluster : end;
        }
    }
    return end;
}

/* The glyphs of the cluster starting at glyph `g`: those after it with the
 * same cluster. */
static size_t cluster_size(const op *o, const gl_glyph *gs, size_t g) {
    size_t k = g + 1;
    while (k < o->glen && gs[k].cluster == gs[g].cluster)
        k++;
    return k - g;
}

/* Where poppler's text extraction (pdftotext) sees a cluster drawn inside
 * an /ActualText span: from the first glyph's origin to the last glyph's
 * origin plus its /W width, on the first glyph's baseline. A mark drawn
 * last (zero width, offset back over its base) or first (offset, raised)
 * makes that box shorter than the cluster, and the gap to the next cluster
 * reads as a space between words ("बै ठ", "นั่ ง"), or its rise as another
 * line. An anchor, the font's own space glyph drawn at the cluster's start
 * (1) or ending at its end (2) on the baseline, gives the box its extent;
 * it shows nothing, and the span's text replaces its space. */
enum { ANCHOR_START = 1, ANCHOR_END = 2 };

static unsigned anchors(const gl_pdf_font *f, const gl_glyph *gs, size_t g, size_t n) {
    int32_t eps = (int32_t)f->upem / 50, pen = 0, end = 0;
    for (size_t j = g; j < g + n; j++)
        end += gs[j].adv;
    unsigned need = 0;
    if (gs[g].dy || gs[g].dx > eps || gs[g].dx < -eps)
        need |= ANCHOR_START;
    for (size_t j = g; j + 1 < g + n; j++)
        pen += gs[j].adv;
    const gl_glyph *last = &gs[g + n - 1];
    int32_t right = pen + last->dx + hb_font_get_glyph_h_advance(f->font, last->gid);
    if (last->dy || right < end - eps)
        need |= ANCHOR_END;
    return need;
}

gl_status gl_pdf_glyphs_use(pdfw *w, const op *o) {
    gl_pdf_font *f = &w->fonts[o->font];
    const gl_glyph *gs = w->shown.items + o->goff;
    const char *text = w->optext.data + o->off;
    for (size_t g = 0; g < o->glen;) {
        size_t k = cluster_size(o, gs, g), n;
        if (chars_of(w, text, gs[g].cluster, cluster_end(o, gs, g), o->rtl, &n) != GL_OK)
            return w->err->status;
        for (size_t j = g; j < g + k; j++) {
            /* A glyph alone in its cluster shows the cluster's text; one of
             * several shows the character it is the font's own glyph for,
             * if any (the rest is for /ActualText). */
            const uint32_t *t = k == 1 ? w->chars : NULL;
            size_t tn = k == 1 ? n : 0;
            for (size_t c = 0; k > 1 && c < n && !t; c++) {
                hb_codepoint_t own;
                if (hb_font_get_nominal_glyph(f->font, w->chars[c], &own) && own == gs[j].gid) {
                    t = &w->chars[c];
                    tn = 1;
                }
            }
            if (gl_pdf_font_use_glyph(f, gs[j].gid, t, tn, w->alloc, w->err) != GL_OK)
                return w->err->status;
        }
        hb_codepoint_t space;
        static const uint32_t sp = ' ';
        if ((anchors(f, gs, g, k) || o->spacing != 0) &&
            hb_font_get_nominal_glyph(f->font, ' ', &space) &&
            gl_pdf_font_use_glyph(f, space, &sp, 1, w->alloc, w->err) != GL_OK)
            return w->err->status;
        g += k;
    }
    return GL_OK;
}

/* Whether the glyphs [g, g + k) give back the cluster text in w->chars
 * (n characters) through their ToUnicode entries. */
static bool gives_back(const gl_pdf_font *f, const gl_glyph *gs, size_t g, size_t k,
                       const uint32_t *chars, size_t n) {
    size_t at = 0;
    for (size_t j = g; j < g + k; j++) {
        size_t tn;
        const uint32_t *t = gl_pdf_font_glyph_text(f, gs[j].gid, &tn);
        if (at + tn > n || (tn && memcmp(t, chars + at, tn * sizeof *t) != 0))
            return false;
        at += tn;
    }
    return at == n;
}

/* TJ's state: the number owed before the next glyph (in thousandths of an
 * em, moving left as TJ has it) and whether an array or hex string is open. */
typedef struct tj {
    gl_buf *b;
    double owed;
    bool array, hex;
} tj;

static void tj_close(tj *t) {
    if (t->hex)
        gl_buf_putc(t->b, '>');
    if (t->array)
        gl_buf_puts(t->b, "] TJ\n");
    t->array = t->hex = false;
}

static void tj_glyph(tj *t, unsigned code) {
    static const char hex[] = "0123456789ABCDEF";
    if (!t->array) {
        gl_buf_putc(t->b, '[');
        t->array = true;
    }
    if (t->owed > 0.0005 || t->owed < -0.0005) {
        if (t->hex)
            gl_buf_putc(t->b, '>');
        t->hex = false;
        gl_pdf_put_number(t->b, t->owed);
        t->owed = 0;
    }
    if (!t->hex)
        gl_buf_putc(t->b, '<');
    t->hex = true;
    char digits[4] = {hex[(code >> 12) & 15], hex[(code >> 8) & 15], hex[(code >> 4) & 15],
                      hex[code & 15]};
    gl_buf_append(t->b, digits, 4);
}

/* The cluster's text as /ActualText, UTF-16BE with its byte order mark. */
static void actual_text(gl_buf *b, const uint32_t *chars, size_t n) {
    gl_buf_puts(b, "/Span <</ActualText <FEFF");
    for (size_t i = 0; i < n; i++) {
        if (chars[i] > 0xFFFF)
            gl_buf_printf(b, "%04X%04X", 0xD800 + ((chars[i] - 0x10000) >> 10),
                          0xDC00 + ((chars[i] - 0x10000) & 0x3FF));
        else
            gl_buf_printf(b, "%04X", chars[i]);
    }
    gl_buf_puts(b, ">>> BDC\n");
}

gl_status gl_pdf_glyphs_show(pdfw *w, gl_buf *b, const op *o) {
    const gl_pdf_font *f = &w->fonts[o->font];
    const gl_glyph *gs = w->shown.items + o->goff;
    const char *text = w->optext.data + o->off;
    double k = 1000.0 / f->upem, size = o->a;
    /* Justification, in TJ's units: after each space, after each cluster. */
    double stretch = -o->stretch * 1000.0 / size, spacing = -o->spacing * 1000.0 / size;
    tj t = {b, 0, false, false};
    for (size_t g = 0; g < o->glen;) {
        size_t n = cluster_size(o, gs, g), end = cluster_end(o, gs, g), nc;
        if (chars_of(w, text, gs[g].cluster, end, o->rtl, &nc) != GL_OK)
            return w->err->status;
        bool space = end - gs[g].cluster == 1 && text[gs[g].cluster] == ' ';
        hb_codepoint_t sp_gid;
        bool has_space = hb_font_get_nominal_glyph(f->font, ' ', &sp_gid);
        unsigned anchor = has_space ? anchors(f, gs, g, n) : 0;
        unsigned sp_code =
            has_space && (anchor || spacing != 0) ? gl_pdf_font_glyph_code(f, sp_gid) : 0;
        int sp_width = sp_code && sp_code < f->ncodes ? f->advances[sp_code] : 0;
        if (!sp_code)
            anchor = 0; /* a cut without the space glyph: no anchor, rather than .notdef's box */
        bool actual = anchor || !gives_back(f, gs, g, n, w->chars, nc);
        /* Letter spacing (a justified line of Thai) after a cluster of
         * several glyphs, or one drawn for /ActualText, is a gap to
         * poppler, which merges a mark into its letter without the space
         * after it and reads the gap as one between words ("นักเรี ย น"):
         * the cluster goes in an /ActualText span whose end anchor is
         * drawn past the spacing, so that its box covers it. */
        bool spaced = sp_code && spacing != 0 && (actual || n > 1);
        if (spaced) {
            actual = true;
            anchor |= ANCHOR_END;
        }
        if (actual) {
            tj_close(&t);
            actual_text(b, w->chars, nc);
        }
        if (anchor & ANCHOR_START) {
            tj_glyph(&t, sp_code);
            t.owed = sp_width;
        }
        for (size_t j = g; j < g + n; j++) {
            unsigned code = gl_pdf_font_glyph_code(f, gs[j].gid);
            int width = code < f->ncodes ? f->advances[code] : 0;
            if (gs[j].dy) {
                tj_close(&t);
                gl_pdf_put_number(b, o->b + gs[j].dy * size / f->upem);
                gl_buf_puts(b, " Ts\n");
            }
            /* A glyph's offset moves it alone; the pen then moves by its
             * advance, not by the width /W gives the glyph. */
            t.owed -= gs[j].dx * k;
            tj_glyph(&t, code);
            t.owed = gs[j].dx * k + width - gs[j].adv * k;
            if (gs[j].dy) {
                tj_close(&t);
                gl_pdf_put_number(b, o->b);
                gl_buf_puts(b, " Ts\n");
            }
        }
        if (anchor & ANCHOR_END) {
            t.owed += sp_width + (spaced ? spacing : 0);
            tj_glyph(&t, sp_code);
        }
        t.owed += (space ? stretch : 0) + (spaced ? 0 : spacing);
        if (actual) {
            tj_close(&t);
            gl_buf_puts(b, "EMC\n");
        }
        g += n;
    }
    tj_close(&t);
    return GL_OK;
}
