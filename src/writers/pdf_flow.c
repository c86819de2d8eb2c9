/* The PDF writer's text flow: the fonts a face or a character needs, and
 * each block's inlines flattened into one UTF-8 string plus style spans,
 * with a running sum of glyph advances: each character's own, or for text
 * that needs shaping (pdf_font_text.c) each cluster's, counted at its first
 * byte, so a line's width is the sum of its glyphs'. The line breaker
 * (layout/linebreak.h) measures by subtracting two sums (gl_pdf_measure),
 * which keeps layout linear; it gets the text, the width and, for justified
 * prose, the hyphenation points, and gives back the lines: that is the
 * whole interface. Prose is set by total fit (layout/paragraph.h), the
 * rest first fit. */
#include "writers/pdf_writer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/alloc.h"
#include "util/error.h"
#include "util/utf8.h"
#include "tree/iter.h"

/* ---- fonts and measures ---- */

gl_status gl_pdf_push_op(pdfw *w, op o) {
    if (gl_vec_grow(w->alloc, &w->ops, &w->op_cap, w->nops + 1, sizeof *w->ops) != GL_OK)
        return gl_pdf_oom(w);
    o.page = w->page_no ? w->page_no - 1 : 0;
    w->ops[w->nops++] = o;
    return GL_OK;
}

/* The font of a face, opened on first use; -1 on failure. A face whose
 * style is missing shares the file of another (fontconfig's nearest match). */
int gl_pdf_get_font(pdfw *w, gl_pdf_face face) {
    if (w->face_font[face] < 0)
        w->face_font[face] = gl_pdf_open_font(w, w->faces.path[face]);
    return w->face_font[face];
}

/* The advance of `cp` in 1/1000 em, or -1 when the font lacks it. */
static int advance(pdfw *w, unsigned font, uint32_t cp) {
    return gl_pdf_font_advance(&w->fonts[font], cp);
}

/* Width in points of a short UTF-8 string in one font (markers, page numbers). */
double gl_pdf_text_width(pdfw *w, unsigned font, double size, const char *s) {
    double total = 0;
    size_t len = strlen(s), i = 0;
    while (i < len) {
        int32_t cp;
        i += gl_utf8_decode(s + i, len - i, &cp);
        int adv = cp < 0 ? -1 : advance(w, font, (uint32_t)cp);
        total += adv > 0 ? adv : 0;
    }
    return total * size / 1000.0;
}

/* ---- flattened paragraphs ---- */

void gl_pdf_para_init(para *p, const gl_allocator *a) {
    memset(p, 0, sizeof *p);
    gl_buf_init(&p->text, a, 0);
}

void gl_pdf_para_free(para *p) {
    const gl_allocator *a = p->text.alloc;
    gl_buf_free(&p->text);
    gl_free(a, p->spans);
    gl_free(a, p->cum);
    gl_free(a, p->lines);
    gl_pdf_para_shape_free(p);
}

gl_status gl_pdf_para_reset(pdfw *w, para *p) {
    gl_buf_clear(&p->text);
    p->nspans = 0;
    gl_free(w->alloc, p->lines);
    p->lines = NULL;
    p->nlines = 0;
    p->cursor = 0;
    p->complex = p->bidi_needed = p->code = p->shaped = p->rtl = p->rtl_base = false;
    p->nruns = 0;
    p->glyphs.count = 0;
    gl_bidi_free(&p->bidi);
    if (gl_vec_grow(w->alloc, &p->cum, &p->cum_cap, 1, sizeof *p->cum) != GL_OK)
        return gl_pdf_oom(w);
    p->cum[0] = 0;
    return GL_OK;
}

static bool same_style(const span *s, const style *st, unsigned font) {
    return s->font == font && s->size == st->size && s->rise == st->rise && s->url == st->url &&
           s->ink == st->ink && s->strike == st->strike;
}

/* Appends the bytes of one drawn character (or a '\n' break) of width `adv`. */
static gl_status para_put(pdfw *w, para *p, const char *bytes, size_t n, double width,
                          const style *st, unsigned font) {
    size_t at = p->text.len;
    p->shaped = false;
    if (gl_vec_grow(w->alloc, &p->cum, &p->cum_cap, at + n + 1, sizeof *p->cum) != GL_OK)
        return gl_pdf_oom(w);
    if (gl_buf_append(&p->text, bytes, n) != GL_OK)
        return gl_pdf_buf_status(w, &p->text);
    for (size_t k = 1; k < n; k++)
        p->cum[at + k] = p->cum[at];
    p->cum[at + n] = p->cum[at] + width;
    span *last = p->nspans ? &p->spans[p->nspans - 1] : NULL;
    if (last && last->end == at && !st->image && !last->image && same_style(last, st, font)) {
        last->end = at + n;
        return GL_OK;
    }
    if (gl_vec_grow(w->alloc, &p->spans, &p->span_cap, p->nspans + 1, sizeof *p->spans) != GL_OK)
        return gl_pdf_oom(w);
    p->spans[p->nspans++] =
        (span){at, at + n, font, st->size, st->rise, st->url, st->ink, st->strike, st->image};
    return GL_OK;
}

/* Appends UTF-8 text in one style. Prose turns newlines and tabs into spaces
 * (a soft break); code keeps newlines and expands tabs to 4 columns. Each
 * character goes to the font gl_pdf_char_font chooses; one that no font
 * has becomes U+FFFD (or '?' when even that is missing). */
gl_status gl_pdf_para_add(pdfw *w, para *p, const char *s, size_t len, const style *st, int mode,
                          unsigned long line) {
    int base = gl_pdf_get_font(w, st->face);
    if (base < 0)
        return w->err->status;
    if (mode == TEXT_CODE)
        p->code = true;
    /* The font of the character before, within this call: text around a
     * fallback keeps to it (pdf_font_choice.c). */
    int prev = -1;
    size_t i = 0, column = 0;
    while (i < len) {
        int32_t cp;
        i += gl_utf8_decode(s + i, len - i, &cp);
        if (cp < 0)
            cp = 0xFFFD;
        if (cp == '\r' || cp == 0xAD || cp == 0xFEFF || (cp >= 0x7F && cp < 0xA0))
            continue; /* invisible unless at a break (soft hyphen), or not text at all */
        if (cp == '\n' && mode == TEXT_CODE) {
            gl_status stt = para_put(w, p, "\n", 1, 0, st, (unsigned)base);
            if (stt != GL_OK)
                return stt;
            column = 0;
            prev = -1;
            continue;
        }
        size_t repeat = 1;
        if (cp == '\t' && mode == TEXT_CODE) {
            repeat = 4 - column % 4;
            cp = ' ';
        } else if (cp < 0x20) {
            cp = ' ';
        }
        int adv = 0;
        int font = gl_pdf_char_font(w, st->face, base, prev, (uint32_t)cp, line, &adv);
        if (w->err->status != GL_OK)
            return w->err->status;
        if (font < 0) {
            font = base;
            cp = 0xFFFD;
            adv = advance(w, (unsigned)font, 0xFFFD);
            if (adv < 0) {
                cp = '?';
                adv = advance(w, (unsigned)font, '?');
            }
        }
        if (!gl_shape_simple((uint32_t)cp) && !gl_shape_ignorable((uint32_t)cp))
            p->complex = true;
        if (gl_bidi_needed((uint32_t)cp))
            p->complex = p->bidi_needed = true;
        prev = font;
        char enc[4];
        size_t n = gl_utf8_encode(cp, enc);
        for (size_t r = 0; r < repeat; r++) {
            gl_status stt =
                para_put(w, p, enc, n, (adv > 0 ? adv : 0) * st->size / 1000.0, st, (unsigned)font);
            if (stt != GL_OK)
                return stt;
        }
        column += repeat;
    }
    return GL_OK;
}

/* Nesting of the inline containers around the current node. */
typedef struct inline_state {
    int emph, strong, strike, code, sup, sub;
    const char *url;
    bool link;
} inline_state;

static gl_pdf_face face_for(gl_pdf_face base, const inline_state *s) {
    if (s->code)
        return GL_PDF_MONO;
    if (base == GL_PDF_SANS_BOLD || base == GL_PDF_MONO)
        return base;
    bool bold = base == GL_PDF_SERIF_BOLD || base == GL_PDF_SERIF_BOLD_ITALIC || s->strong > 0;
    bool italic = base == GL_PDF_SERIF_ITALIC || base == GL_PDF_SERIF_BOLD_ITALIC || s->emph > 0;
    if (bold)
        return italic ? GL_PDF_SERIF_BOLD_ITALIC : GL_PDF_SERIF_BOLD;
    return italic ? GL_PDF_SERIF_ITALIC : GL_PDF_SERIF;
}

static style style_for(gl_pdf_face base, double size, const inline_state *s, bool raised) {
    style st = {face_for(base, s), size, 0, NULL, INK_TEXT, s->strike > 0};
    if (raised || s->sup > 0) {
        st.size = size * 0.7;
        st.rise = size * 0.35;
    } else if (s->sub > 0) {
        st.size = size * 0.7;
        st.rise = -size * 0.15;
    }
    if (s->link) {
        st.ink = INK_LINK;
        st.url = s->url;
    }
    return st;
}

/* Whether a link target may become a clickable annotation: absolute URLs of
 * the schemes a reader expects, and "#id" (a jump to the heading with that
 * id, made only if there is one); never javascript: or data:, nor relative
 * paths, which have nothing to point at inside the PDF. */
bool gl_pdf_linkable(const char *url) {
    static const char *const schemes[] = {"http://", "https://", "mailto:", "ftp://"};
    if (!url)
        return false;
    if (url[0] == '#' && url[1])
        return true; /* a jump inside the document, when the id exists */
    for (size_t i = 0; i < sizeof schemes / sizeof *schemes; i++) {
        size_t n = strlen(schemes[i]), k = 0;
        while (k < n && url[k] && (url[k] | 0x20) == schemes[i][k])
            k++;
        if (k == n && url[n])
            return true;
    }
    return false;
}

/* An image among words: as tall as a line's text (ascender to descender),
 * never enlarged beyond 96 pixels an inch nor wider than the column, one
 * unbreakable U+FFFC of its width for the line breaker. */
static gl_status inline_image(pdfw *w, para *p, int img, style *sty) {
    const gl_pdf_image *f = &w->images[img].file;
    double ih = (ASCENT + DESCENT) * sty->size, iw, maxw = w->right - gl_pdf_frame_left(w);
    if (ih > f->height * 0.75)
        ih = f->height * 0.75;
    iw = ih * f->width / f->height;
    if (iw > maxw)
        iw = maxw;
    int font = gl_pdf_get_font(w, sty->face);
    if (font < 0)
        return w->err->status;
    sty->image = (size_t)img + 1;
    sty->strike = false;
    return para_put(w, p, "\xEF\xBF\xBC", 3, iw, sty, (unsigned)font);
}

/* Flattens the inlines under `block` into `p`. */
gl_status gl_pdf_flatten(pdfw *w, para *p, const gl_node *block, gl_pdf_face base, double size) {
    inline_state s = {0};
    gl_iter it;
    gl_iter_init(&it, block);
    gl_event ev;
    while ((ev = gl_iter_next_inside(&it)) != GL_EVENT_NONE) {
        const gl_node *n = it.node;
        int d = ev == GL_EVENT_ENTER ? 1 : -1;
        gl_status st = GL_OK;
        style sty;
        char label[32];
        switch (n->type) {
        case GL_NODE_TEXT:
            sty = style_for(base, size, &s, false);
            st = gl_pdf_para_add(w, p, n->text, n->text_len, &sty, TEXT_PROSE, n->line);
            break;
        case GL_NODE_CODE:
            s.code++;
            sty = style_for(base, size, &s, false);
            s.code--;
            st = gl_pdf_para_add(w, p, n->text, n->text_len, &sty, TEXT_PROSE, n->line);
            break;
        case GL_NODE_EMPH:
            s.emph += d;
            break;
        case GL_NODE_STRONG:
            s.strong += d;
            break;
        case GL_NODE_STRIKE:
            s.strike += d;
            break;
        case GL_NODE_SUPERSCRIPT:
            s.sup += d;
            break;
        case GL_NODE_SUBSCRIPT:
            s.sub += d;
            break;
        case GL_NODE_LINK:
            s.link = d > 0;
            s.url = d > 0 && gl_pdf_linkable(n->url) ? n->url : NULL;
            break;
        case GL_NODE_IMAGE:
            if (n->url) {
                int img = gl_pdf_figure_image(w, n);
                if (w->err->status != GL_OK)
                    return w->err->status;
                if (img >= 0) {
                    sty = style_for(base, size, &s, false);
                    st = inline_image(w, p, img, &sty);
                    break;
                }
            }
            s.emph++;
            sty = style_for(base, size, &s, false);
            s.emph--;
            st = gl_pdf_para_add(w, p, "[", 1, &sty, TEXT_PROSE, n->line);
            if (st == GL_OK && n->text && n->text_len)
                st = gl_pdf_para_add(w, p, n->text, n->text_len, &sty, TEXT_PROSE, n->line);
            else if (st == GL_OK)
                st = gl_pdf_para_add(w, p, "image", 5, &sty, TEXT_PROSE, n->line);
            if (st == GL_OK)
                st = gl_pdf_para_add(w, p, "]", 1, &sty, TEXT_PROSE, n->line);
            break;
        case GL_NODE_FOOTNOTE_REF: {
            const note *nt = gl_pdf_find_note(w, n->info);
            if (nt)
                snprintf(label, sizeof label, "[%zu]", nt->number);
            else
                snprintf(label, sizeof label, "[?]");
            sty = style_for(base, size, &s, true);
            if (nt)
                sty.url = nt->names; /* a jump to the note */
            st = gl_pdf_para_add(w, p, label, strlen(label), &sty, TEXT_PROSE, n->line);
            break;
        }
        case GL_NODE_LINE_BREAK:
            sty = style_for(base, size, &s, false);
            st = gl_pdf_get_font(w, sty.face) < 0
                     ? w->err->status
                     : para_put(w, p, "\n", 1, 0, &sty, (unsigned)w->face_font[sty.face]);
            break;
        default:
            break;
        }
        if (st != GL_OK)
            return st;
    }
    return gl_pdf_para_shape(w, p);
}

double gl_pdf_measure(void *userdata, size_t start, size_t end) {
    const para *p = userdata;
    return p->cum[end] - p->cum[start];
}

/* The folder of the font cache, which keeps compiled dictionaries too, in
 * `folder`; empty when there is none. */
static void dict_folder(const pdfw *w, char *folder, size_t size) {
    const char *fc = w->opt->font_cache, *slash = fc ? strrchr(fc, '/') : NULL;
    folder[0] = '\0';
    if (slash && slash > fc && (size_t)(slash - fc) < size) {
        memcpy(folder, fc, (size_t)(slash - fc));
        folder[slash - fc] = '\0';
    }
}

/* The dictionary gl_hyphenate asks for, looked up at the first word that
 * needs it, so a document whose lines all fit never loads one; a word of
 * another script (a Russian quotation in an English article) is cut by
 * that script's dictionary, looked up likewise, rather than left whole to
 * loosen its line. */
static const gl_hyphen_dict *dict_for(void *userdata, const char *lang, size_t slot) {
    pdfw *w = userdata;
    bool own = slot == GL_HYPHEN_OWN;
    bool *tried = own ? &w->hyphen_tried : &w->hyphen_foreign_tried[slot];
    const gl_hyphen_dict **dict = own ? &w->hyphen : &w->hyphen_foreign[slot];
    if (!*tried) {
        *tried = true;
        char folder[256];
        dict_folder(w, folder, sizeof folder);
        *dict = gl_hyphen_dict_for(GL_HYPHEN_DIR, lang, *folder ? folder : NULL);
    }
    return *dict;
}

/* The hyphenation points of a word (gl_hyphenate_fn). */
static size_t hyphen_points(void *userdata, const char *word, size_t len, size_t *points,
                            size_t max) {
    const pdfw *w = userdata;
    return gl_hyphenate(w->lang, word, len, dict_for, userdata, points, max);
}

/* Breaks prose `p` (a paragraph, a list item's, a note's) into lines of
 * `width` by total fit: justified, or ragged right with opt->ragged;
 * hyphenated in the document's language (declared or detected) where a
 * dictionary is installed, with a hyphen of `font` at `size`, also the
 * size an em of stretch is reckoned in. */
gl_status gl_pdf_para_break_prose(pdfw *w, para *p, double width, unsigned font, double size) {
    gl_status st = gl_pdf_para_shape(w, p);
    if (st != GL_OK)
        return st;
    p->box = width;
    gl_para_params fit;
    gl_para_params_init(&fit, width > 1 ? width : 1);
    gl_linebreak_params params = {fit.width, w->lang, true};
    params.fit = &fit;
    if (w->opt->ragged) {
        fit.line_stretch = RAGGED_STRETCH * size;
    } else {
        params.stretch = SPACE_STRETCH;
        params.shrink = SPACE_SHRINK;
        fit.tolerance = TOLERANCE;
        fit.emergency_stretch = EMERGENCY_STRETCH * size;
        params.ragged_fallback = RAGGED_STRETCH * size;
    }
    int hw = advance(w, font, '-');
    if (w->lang && hw > 0) {
        params.hyphenate = hyphen_points;
        params.hyphen_data = w;
        params.hyphen_width = hw * size / 1000.0;
    }
    if (gl_linebreak(p->text.data ? p->text.data : "", p->text.len, &params, gl_pdf_measure, p,
                     w->alloc, &p->lines, &p->nlines) != GL_OK)
        return gl_pdf_oom(w);
    return GL_OK;
}

/* Breaks `p` into lines of `width`, first fit: headings, code, captions,
 * table cells and the title block, which are not justified. */
gl_status gl_pdf_para_break(pdfw *w, para *p, double width) {
    gl_status st = gl_pdf_para_shape(w, p);
    if (st != GL_OK)
        return st;
    p->box = width;
    gl_linebreak_params params = {width > 1 ? width : 1, w->lang, true};
    if (gl_linebreak(p->text.data ? p->text.data : "", p->text.len, &params, gl_pdf_measure, p,
                     w->alloc, &p->lines, &p->nlines) != GL_OK)
        return gl_pdf_oom(w);
    return GL_OK;
}

/* The largest font size on a line (its line box), w->sz.small when empty. */
double gl_pdf_line_size(const para *p, const gl_line *ln, double dflt) {
    double size = 0;
    for (size_t i = p->cursor; i < p->nspans && p->spans[i].start < ln->end; i++) {
        const span *s = &p->spans[i];
        if (s->end > ln->start && s->rise == 0 && s->size > size)
            size = s->size;
    }
    return size > 0 ? size : dflt;
}
