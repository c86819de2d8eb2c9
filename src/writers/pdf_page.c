/* The PDF writer's pages: vertical placement (page breaks, gaps, widows
 * and orphans), the lines of a broken paragraph recorded as ops, link
 * rectangles and the targets of jumps. */
#include "writers/pdf_writer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/alloc.h"
#include "util/error.h"
#include "util/utf8.h"

/* ---- pages and vertical placement ---- */

gl_status gl_pdf_line_op(pdfw *w, double x0, double y0, double x1, double y1, double width,
                         double gray) {
    op o = {.kind = OP_LINE, .x = x0, .y = y0, .a = x1, .b = y1, .width = width, .gray = gray};
    return gl_pdf_push_op(w, o);
}

/* Positions are written to 1/100 pt, finer than any device shows: shorter
 * numbers make smaller content streams. */
static double hundredths(double v) {
    return (double)(long long)(v * 100 + (v < 0 ? -0.5 : 0.5)) / 100;
}

gl_status gl_pdf_text_op(pdfw *w, unsigned font, double size, double rise, int ink, double x,
                         double y, const char *s, size_t len) {
    op o = {.kind = OP_TEXT,
            .ink = (unsigned char)ink,
            .font = font,
            .x = hundredths(x),
            .y = hundredths(y),
            .a = size,
            .b = rise,
            .width = w->char_space,
            .stretch = w->stretch,
            .off = w->optext.len,
            .len = len};
    if (gl_buf_append(&w->optext, s, len) != GL_OK)
        return gl_pdf_buf_status(w, &w->optext);
    return gl_pdf_push_op(w, o);
}

gl_status gl_pdf_draw_rule_v(pdfw *w, double x, double y0, double y1) {
    return gl_pdf_line_op(w, x, y0, x, y1, 1.5, 0.75);
}

/* Closes the rules of the open quotes on this page at `bottom`. */
static gl_status close_quote_rules(pdfw *w, double bottom) {
    for (size_t i = 0; i < w->nframes; i++) {
        frame *f = &w->frames[i];
        if (f->type != GL_NODE_BLOCKQUOTE || f->rule_top < 0)
            continue;
        gl_status st = gl_pdf_draw_rule_v(w, f->left - w->sz.quote_indent + 3, f->rule_top, bottom);
        if (st != GL_OK)
            return st;
        f->rule_top = -1;
        w->unset_rules++;
    }
    return GL_OK;
}

gl_status gl_pdf_new_page(pdfw *w) {
    if (w->page_no) {
        gl_status st = close_quote_rules(w, w->y);
        if (st != GL_OK)
            return st;
    }
    w->page_no++;
    int font = gl_pdf_get_font(w, GL_PDF_SERIF);
    if (font < 0)
        return w->err->status;
    char num[24];
    snprintf(num, sizeof num, "%u", w->page_no);
    double nw = gl_pdf_text_width(w, (unsigned)font, w->sz.small, num);
    w->y = w->top;
    w->fresh = true;
    return gl_pdf_text_op(w, (unsigned)font, w->sz.small, 0, INK_GREY, (w->page_w - nw) / 2,
                          w->bottom / 2, num, strlen(num));
}

/* Records that `name` (an id, or a note's internal name) is at `top` on
 * this page. */
static gl_status add_dest(pdfw *w, const char *name, double top) {
    if (gl_vec_grow(w->alloc, &w->dests, &w->dest_cap, w->ndests + 1, sizeof *w->dests) != GL_OK)
        return gl_pdf_oom(w);
    w->dests[w->ndests] = (dest){name, w->ndests, w->page_no ? w->page_no - 1 : 0, top};
    w->ndests++;
    return GL_OK;
}

/* A note's "\x01r" name from its "\x01n" name (see note.names). */
const char *gl_pdf_ref_of(const char *note_name) { return note_name + strlen(note_name) + 1; }

/* Reserves a line box of height `lh`, starting a page when it does not fit;
 * `*top` gets its top. */
gl_status gl_pdf_place(pdfw *w, double lh, double *top) {
    double gap = w->fresh ? 0 : w->gap;
    if (!w->fresh && w->y - gap - lh < w->bottom) {
        gl_status st = gl_pdf_new_page(w);
        if (st != GL_OK)
            return st;
        gap = 0;
    }
    w->y -= gap;
    w->gap = 0;
    w->fresh = false;
    *top = w->y;
    w->y -= lh;
    if (w->unset_rules) {
        for (size_t i = 0; i < w->nframes; i++) {
            if (w->frames[i].type == GL_NODE_BLOCKQUOTE && w->frames[i].rule_top < 0)
                w->frames[i].rule_top = *top;
        }
        w->unset_rules = 0;
    }
    if (w->pending_dest) {
        gl_status st = add_dest(w, w->pending_dest, *top);
        w->pending_dest = NULL;
        if (st != GL_OK)
            return st;
    }
    return w->outline_pending ? gl_pdf_make_outline(w, *top) : GL_OK;
}

void gl_pdf_want_gap(pdfw *w, double gap) {
    if (gap > w->gap)
        w->gap = gap;
}

double gl_pdf_baseline_in(double top, double lh, double size) {
    return top - (lh - (ASCENT + DESCENT) * size) / 2 - ASCENT * size;
}

gl_status gl_pdf_draw_marker(pdfw *w, double baseline) {
    w->has_marker = false;
    int font = gl_pdf_get_font(w, w->marker_face);
    if (font < 0)
        return w->err->status;
    double mw = gl_pdf_text_width(w, (unsigned)font, w->sz.body, w->marker);
    double mx = w->marker_right - mw;
    char shown[sizeof w->marker + 1];
    snprintf(shown, sizeof shown, "%s", w->marker);
    if (w->marker_mirror) {
        /* On the right of right-to-left text, the marker reads right to
         * left too: "1." shows as ".1", its full stop on the text's side. */
        mx = w->left + w->right - w->marker_right;
        size_t n = strlen(shown);
        if (n > 1 && shown[n - 1] == '.') {
            memmove(shown + 1, shown, n - 1);
            shown[0] = '.';
        }
    }
    gl_status st = gl_pdf_text_op(w, (unsigned)font, w->sz.body, 0, INK_TEXT, mx, baseline, shown,
                                  strlen(shown));
    if (st == GL_OK && w->marker_url) /* a note's number leads back to its reference */
        st = gl_pdf_add_link(w, mx, baseline - DESCENT * w->sz.body, mx + mw,
                             baseline + ASCENT * w->sz.body, w->marker_url);
    w->marker_url = NULL;
    return st;
}

/* Strike lines and one link annotation per run of the same link on the line. */
static gl_status decorate(pdfw *w) {
    for (size_t i = 0; i < w->nfrags; i++) {
        const frag *f = &w->frags[i];
        if (!f->strike)
            continue;
        double y = f->baseline + f->size * 0.3;
        gl_status st = gl_pdf_line_op(w, f->x0, y, f->x1, y, f->size * 0.06, 0);
        if (st != GL_OK)
            return st;
    }
    for (size_t i = 0; i < w->nfrags;) {
        const frag *f = &w->frags[i];
        size_t j = i + 1;
        if (!f->url) {
            i = j;
            continue;
        }
        double x1 = f->x1, size = f->size;
        while (j < w->nfrags && w->frags[j].url == f->url) {
            x1 = w->frags[j].x1;
            if (w->frags[j].size > size)
                size = w->frags[j].size;
            j++;
        }
        gl_status st = gl_pdf_add_link(w, f->x0, f->baseline - DESCENT * size, x1,
                                       f->baseline + ASCENT * size, f->url);
        /* A note's reference: where the note's number leads back to. */
        if (st == GL_OK && f->url[0] == '\x01')
            st = add_dest(w, gl_pdf_ref_of(f->url), f->baseline + ASCENT * size * 2);
        if (st != GL_OK)
            return st;
        i = j;
    }
    return GL_OK;
}

/* The natural width of one of the piece's spaces (0 without one). */
static double piece_space(const para *p, const piece *pc) {
    for (size_t k = pc->start; k < pc->end && pc->spaces; k++)
        if (p->text.data[k] == ' ')
            return p->cum[k + 1] - p->cum[k];
    return 0;
}

/* Thai, Lao, Khmer and Myanmar put no spaces between words: a justified
 * line of them is widened between its clusters (CSS Text 3, 7.1,
 * text-justify: inter-character), as the breaker's glue at their word
 * boundaries assumes. Its few spaces (between phrases) cannot take the
 * rest: stretched past their stretch, they open gaps wide enough for
 * text extraction (pdftotext) to read the line as columns, out of order. */
static bool unspaced_script(hb_script_t sc) {
    return sc == HB_SCRIPT_THAI || sc == HB_SCRIPT_LAO || sc == HB_SCRIPT_KHMER ||
           sc == HB_SCRIPT_MYANMAR;
}

/* Draws line `ln` of `p` with its left end at `x`; with `justify` > 0 and a
 * line that does not end its paragraph, the line is set to that width.
 * When it has spaces, they take the difference, each in proportion to its
 * width, as the breaker's glue stretches and shrinks (SPACE_STRETCH,
 * SPACE_SHRINK): wider or narrower by a TJ adjustment after each space
 * (HPDF_Page_SetWordSpace cannot widen the two-byte spaces of a UTF-8
 * font, as Tw applies to the single byte 32 only, ISO 32000-1 9.3.3), and
 * never narrower than the shrink allows, so that an overfull line runs
 * into the margin rather than its words into each other. A short line
 * without spaces (CJK, a cut URL) is widened between characters (or the
 * clusters of shaped text) through the character spacing Tc, which
 * two-byte fonts do honour; so is, a little, a line that would otherwise
 * stretch its spaces past their stretch (a line of Thai, as much as it
 * needs). The line's pieces
 * (pdf_font_text.c) are drawn from left to right in visual order:
 * right-to-left text is reordered here, after breaking. */
gl_status gl_pdf_draw_line(pdfw *w, para *p, const gl_line *ln, double x, double baseline,
                           double justify) {
    w->nfrags = 0;
    size_t npieces;
    gl_status st = gl_pdf_line_pieces(w, p, ln, &npieces);
    if (st != GL_OK)
        return st;
    double extra = justify > 0 && !ln->hard && !ln->ragged ? justify - ln->width : 0;
    double space_w = 0; /* the natural width of the line's spaces */
    size_t nspaces = 0, nunits = 0;
    bool unspaced = false; /* it holds a script written without spaces between words */
    for (size_t i = 0; i < npieces && extra != 0; i++) {
        const piece *pc = &w->pieces[i];
        nspaces += pc->spaces;
        nunits += pc->units;
        space_w += piece_space(p, pc) * (double)pc->spaces;
        unspaced = unspaced || (pc->r && unspaced_script(pc->r->script));
    }
    if (extra < -space_w * SPACE_SHRINK)
        extra = -space_w * SPACE_SHRINK;
    double char_space = space_w <= 0 && nunits > 1 && extra > 0 ? extra / (double)(nunits - 1) : 0;
    if (space_w > 0 && nunits > 2 * nspaces + 1 && extra > space_w * SPACE_STRETCH) {
        /* A line looser than the breaker's tolerance (a paragraph that
         * could not be set better): what its spaces would take past their
         * stretch goes between the letters, up to LETTER_STRETCH. Tc also
         * follows each space and the letter before it, so a word gap holds
         * two of them: the spaces' share is cut by as much, and the gaps
         * stay within their stretch while the letters can take it. */
        double tc = (extra - space_w * SPACE_STRETCH) / (double)(nunits - 1 - 2 * nspaces);
        char_space =
            tc < LETTER_STRETCH * w->sz.body || unspaced ? tc : LETTER_STRETCH * w->sz.body;
        extra -= char_space * (double)(nunits - 1);
    }
    double per_point = space_w > 0 ? extra / space_w : 0; /* added per point of space */
    double fx = x;
    const piece *last = NULL; /* the piece holding the line's last byte */
    double last_right = x;
    for (size_t i = 0; i < npieces; i++) {
        const piece *pc = &w->pieces[i];
        const span *s = pc->s;
        /* One piece is one font at one size: its spaces are alike. */
        w->stretch = per_point * piece_space(p, pc);
        w->char_space = char_space;
        if (s->image) {
            const gl_pdf_image *f = &w->images[s->image - 1].file;
            double iw = pc->width, ih = iw * f->height / f->width;
            op o = {.kind = OP_IMAGE,
                    .x = fx,
                    .y = baseline + s->rise - DESCENT * s->size,
                    .a = iw,
                    .b = ih,
                    .off = s->image - 1};
            st = gl_pdf_push_op(w, o);
        } else {
            st = gl_pdf_draw_piece(w, p, ln, pc, fx, baseline);
        }
        if (st != GL_OK)
            return st;
        double fw = pc->width + w->stretch * (double)pc->spaces + char_space * (double)pc->units;
        if (s->url || s->strike) {
            if (gl_vec_grow(w->alloc, &w->frags, &w->frag_cap, w->nfrags + 1, sizeof *w->frags) !=
                GL_OK)
                return gl_pdf_oom(w);
            w->frags[w->nfrags++] =
                (frag){fx, fx + fw, baseline + s->rise, s->size, s->url, s->strike};
        }
        fx += fw;
        if (pc->end == ln->end) {
            last = pc;
            last_right = fx;
        }
    }
    if (ln->hyphen && last) {
        /* The hyphen follows the last glyph, in the font of the last piece. */
        const span *s = last->s;
        double hx = last_right - (last->units ? char_space : 0);
        w->char_space = 0;
        w->stretch = 0;
        st = gl_pdf_text_op(w, s->font, s->size, s->rise, s->ink, hx, baseline, "-", 1);
        if (st != GL_OK)
            return st;
    }
    w->char_space = 0;
    w->stretch = 0;
    return w->nfrags ? decorate(w) : GL_OK;
}

/* Fills the grey band behind a code line. */
gl_status gl_pdf_code_band(pdfw *w, double x, double top, double width, double h) {
    op o = {.kind = OP_RECT, .x = x, .y = top - h, .a = x + width, .b = top, .gray = 0.94};
    return gl_pdf_push_op(w, o);
}

double gl_pdf_frame_left(const pdfw *w) {
    return w->nframes ? w->frames[w->nframes - 1].left : w->left;
}

/* Lays out a broken paragraph at `x`, line by line, justified to `justify`
 * points when that is > 0. */
/* The first line of `p` from line `from` on that goes to the next page:
 * p->nlines when all fit. No paragraph leaves a single line at the foot of
 * a page (an orphan: then it starts on the next page) or at the head of the
 * next (a widow: one more line goes over), when it has lines to spare. */
static size_t page_stop(const pdfw *w, const para *p, size_t from, double dflt_size) {
    double room = w->y - (w->fresh ? 0 : w->gap) - w->bottom;
    size_t k = from;
    for (double used = 0; k < p->nlines; k++) {
        double lh = gl_pdf_line_size(p, &p->lines[k], dflt_size) * LEADING;
        if (used + lh > room + 1e-6)
            break;
        used += lh;
    }
    size_t n = p->nlines, here = k - from;
    if (k == n)
        return n;
    if (w->fresh) /* a whole page is all there is: fill it, leaving no widow if it can */
        return here == 0 ? from + 1 : n - k == 1 && here > 2 ? k - 1 : k;
    if (from == 0 && (here < 2 || (n - k == 1 && here == 2)))
        return 0; /* an orphan, or a widow that would make one */
    return n - k == 1 && here > 2 ? k - 1 : k;
}

/* A right-to-left paragraph (pdf_font_text.c) aligns its lines right; in
 * the text column (not a table cell) it also mirrors its indent, so that
 * the list markers and note numbers of an Arabic or Hebrew item stand on
 * its right. */
gl_status gl_pdf_draw_para(pdfw *w, para *p, double x, double dflt_size, double justify) {
    p->cursor = 0;
    double box = justify > 0 ? justify : p->box;
    bool mirror = p->rtl && x + box >= w->right - 0.01;
    if (mirror)
        x = w->left + w->right - (x + box);
    size_t stop = page_stop(w, p, 0, dflt_size);
    for (size_t i = 0; i < p->nlines; i++) {
        const gl_line *ln = &p->lines[i];
        gl_status st = GL_OK;
        if (i == stop && !w->fresh) {
            if ((st = gl_pdf_new_page(w)) != GL_OK)
                return st;
        }
        if (i == stop)
            stop = page_stop(w, p, i, dflt_size);
        double size = gl_pdf_line_size(p, ln, dflt_size);
        double lh = size * LEADING, top;
        if ((st = gl_pdf_place(w, lh, &top)) != GL_OK)
            return st;
        double base = gl_pdf_baseline_in(top, lh, size);
        w->marker_mirror = mirror;
        st = w->has_marker ? gl_pdf_draw_marker(w, base) : GL_OK;
        w->marker_mirror = false;
        if (st != GL_OK)
            return st;
        double lx = p->rtl && (justify <= 0 || ln->hard || ln->ragged) ? x + box - ln->width : x;
        if ((st = gl_pdf_draw_line(w, p, ln, lx, base, justify)) != GL_OK)
            return st;
    }
    return GL_OK;
}

/* The gap between blocks: smaller inside a tight list's items. */
double gl_pdf_block_gap(const pdfw *w) {
    for (size_t i = w->nframes; i > 0; i--) {
        const frame *f = &w->frames[i - 1];
        if (f->type == GL_NODE_ITEM || f->type == GL_NODE_LIST)
            return f->tight ? w->sz.tight_gap : w->sz.para_gap;
        if (f->type == GL_NODE_BLOCKQUOTE)
            break;
    }
    return w->sz.para_gap;
}
