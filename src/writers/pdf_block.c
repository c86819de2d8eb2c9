/* The PDF writer's blocks: paragraphs, headings (with their bookmarks),
 * code, thematic breaks, figures and their images, and tables laid out as a
 * grid whose columns follow their content. */
#include "writers/pdf_writer.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/alloc.h"
#include "util/error.h"
#include "util/utf8.h"

/* ---- blocks ---- */

gl_status gl_pdf_do_paragraph(pdfw *w, const gl_node *n, gl_pdf_face base, double size) {
    gl_status st = gl_pdf_para_reset(w, &w->body);
    double x = gl_pdf_frame_left(w);
    if (st == GL_OK)
        st = gl_pdf_flatten(w, &w->body, n, base, size);
    int font = st == GL_OK ? gl_pdf_get_font(w, base) : -1;
    if (st == GL_OK && font < 0)
        st = w->err->status;
    if (st == GL_OK)
        st = gl_pdf_para_break_prose(w, &w->body, w->right - x, (unsigned)font, size);
    gl_pdf_want_gap(w, gl_pdf_block_gap(w));
    if (st == GL_OK)
        st = gl_pdf_draw_para(w, &w->body, x, size, w->opt->ragged ? 0 : w->right - x);
    gl_pdf_want_gap(w, gl_pdf_block_gap(w));
    return st;
}

/* Copies `s` for a bookmark or the document info: on one line, newlines
 * and other controls become spaces. */
gl_status gl_pdf_one_line(pdfw *w, gl_buf *out, const char *s, size_t len) {
    gl_buf_clear(out);
    size_t i = 0;
    while (i < len) {
        int32_t cp;
        i += gl_utf8_decode(s + i, len - i, &cp);
        if (cp < 0)
            cp = 0xFFFD;
        else if (cp < 0x20)
            cp = ' ';
        char enc[4];
        gl_buf_append(out, enc, gl_utf8_encode(cp, enc));
    }
    return gl_pdf_buf_status(w, out);
}

gl_status gl_pdf_do_heading(pdfw *w, const gl_node *n) {
    int level = n->level >= 1 && n->level <= 6 ? n->level : 1;
    double size = w->sz.heading[level - 1];
    double x = gl_pdf_frame_left(w);
    gl_status st = gl_pdf_para_reset(w, &w->body);
    if (st == GL_OK)
        st = gl_pdf_flatten(w, &w->body, n, GL_PDF_SANS_BOLD, size);
    if (st == GL_OK)
        st = gl_pdf_para_break(w, &w->body, w->right - x);
    if (st != GL_OK)
        return st;
    gl_pdf_want_gap(w, size * 0.9);
    /* Keep the heading with the first lines of what follows: two (a
     * paragraph never leaves just one at the foot of a page), and three
     * because a three-line paragraph cannot split two and one (a widow)
     * and would go over whole, leaving the heading alone. */
    double after = size * 0.4 > w->sz.para_gap ? size * 0.4 : w->sz.para_gap;
    double need = w->gap + after + w->sz.body * LEADING * 3 + 1;
    for (size_t i = 0; i < w->body.nlines; i++)
        need += gl_pdf_line_size(&w->body, &w->body.lines[i], size) * LEADING;
    if (!w->fresh && w->y - need < w->bottom && (st = gl_pdf_new_page(w)) != GL_OK)
        return st;
    if ((st = gl_pdf_one_line(w, &w->outline_title, gl_buf_cstr(&w->body.text),
                              w->body.text.len)) != GL_OK)
        return st;
    w->outline_pending = level;
    w->pending_dest = n->info && *n->info ? n->info : NULL; /* the target of "#id" links */
    st = gl_pdf_draw_para(w, &w->body, x, size, 0);
    w->outline_pending = 0;
    w->gap = size * 0.4;
    return st;
}

gl_status gl_pdf_do_code(pdfw *w, const gl_node *n) {
    gl_status st = gl_pdf_para_reset(w, &w->body);
    size_t len = n->text_len;
    while (len > 0 && (n->text[len - 1] == '\n' || n->text[len - 1] == '\r'))
        len--;
    style sty = {GL_PDF_MONO, w->sz.code, 0, NULL, INK_TEXT, false};
    if (st == GL_OK && len)
        st = gl_pdf_para_add(w, &w->body, n->text, len, &sty, TEXT_CODE, n->line);
    double x = gl_pdf_frame_left(w), width = w->right - x;
    /* A line cut to fit ends with a grey return arrow (U+21B5) in a gutter
     * kept free for it, so a reader knows the next line continues it. */
    int mono = gl_pdf_get_font(w, GL_PDF_MONO);
    if (mono < 0)
        return w->err->status;
    const char *mark = gl_pdf_font_has(&w->fonts[mono], 0x21B5) ? "\xE2\x86\xB5" : "\\";
    double mark_w = gl_pdf_text_width(w, (unsigned)mono, w->sz.code, mark);
    if (st == GL_OK)
        st = gl_pdf_para_break(w, &w->body, width - 2 * w->sz.code_pad - mark_w);
    if (st != GL_OK)
        return st;
    gl_pdf_want_gap(w, w->sz.para_gap + 2);
    para *p = &w->body;
    p->cursor = 0;
    size_t count = p->nlines ? p->nlines : 1;
    for (size_t i = 0; i < count; i++) {
        double lh = w->sz.code * CODE_LEADING, pad_top = i == 0 ? w->sz.code_pad : 0;
        double pad_bottom = i + 1 == count ? w->sz.code_pad : 0, top;
        if ((st = gl_pdf_place(w, lh + pad_top + pad_bottom, &top)) != GL_OK)
            return st;
        if ((st = gl_pdf_code_band(w, x, top, width, lh + pad_top + pad_bottom)) != GL_OK)
            return st;
        double base = gl_pdf_baseline_in(top - pad_top, lh, w->sz.code);
        if (w->has_marker && (st = gl_pdf_draw_marker(w, base)) != GL_OK)
            return st;
        if (i < p->nlines &&
            (st = gl_pdf_draw_line(w, p, &p->lines[i], x + w->sz.code_pad, base, 0)) != GL_OK)
            return st;
        if (i < p->nlines && !p->lines[i].hard &&
            (st = gl_pdf_text_op(w, (unsigned)mono, w->sz.code, 0, INK_GREY,
                                 x + width - w->sz.code_pad - mark_w, base, mark, strlen(mark))) !=
                GL_OK)
            return st;
    }
    gl_pdf_want_gap(w, w->sz.para_gap + 2);
    return GL_OK;
}

gl_status gl_pdf_hrule(pdfw *w, double x0, double x1, double y, double width) {
    return gl_pdf_line_op(w, x0, y, x1, y, width, 0.6);
}

gl_status gl_pdf_do_thematic_break(pdfw *w) {
    double top;
    gl_pdf_want_gap(w, w->sz.para_gap);
    gl_status st = gl_pdf_place(w, 12, &top);
    if (st == GL_OK && w->has_marker)
        st = gl_pdf_draw_marker(w, top - 9);
    if (st == GL_OK)
        st = gl_pdf_hrule(w, gl_pdf_frame_left(w), w->right, top - 6, 0.5);
    gl_pdf_want_gap(w, w->sz.para_gap);
    return st;
}

/* The image of a figure, loaded into libharu on first use; -1 (after a
 * warning) when it cannot be drawn. */
int gl_pdf_figure_image(pdfw *w, const gl_node *n) {
    for (size_t i = 0; i < w->nimages; i++) {
        if (strcmp(w->images[i].url, n->url) == 0)
            return w->images[i].hpdf ? (int)i : -1;
    }
    if (gl_vec_grow(w->alloc, &w->images, &w->image_cap, w->nimages + 1, sizeof *w->images) !=
        GL_OK) {
        gl_pdf_oom(w);
        return -1;
    }
    pdf_img *img = &w->images[w->nimages];
    memset(img, 0, sizeof *img);
    img->url = n->url;
    bool ok;
    if (gl_pdf_image_read(&img->file, n->url, n->line, w->opt, &ok, w->err) != GL_OK)
        return -1;
    w->nimages++;
    if (!ok)
        return -1;
    if (gl_pdf_image_embed(&img->file, w->pdf, n->url, n->line, w->opt, &img->hpdf, w->err) !=
            GL_OK ||
        !img->hpdf)
        return -1;
    return (int)w->nimages - 1;
}

/* A figure: its image fitted to the column (never enlarged beyond 96 pixels
 * an inch, nor taller than 3/4 of the page's text), centred, with the
 * caption centred under it and kept on its page; or, without a usable
 * image, its alt text in brackets. `n` is a FIGURE, or an IMAGE alone in its
 * paragraph (no caption); a non-NULL `link` makes the image clickable. */
gl_status gl_pdf_do_figure(pdfw *w, const gl_node *n, const char *link) {
    double x = gl_pdf_frame_left(w), colw = w->right - x;
    int img = n->url ? gl_pdf_figure_image(w, n) : -1;
    if (w->err->status != GL_OK)
        return w->err->status;
    gl_status st = GL_OK;
    if (img < 0) {
        st = gl_pdf_para_reset(w, &w->body);
        style sty = {GL_PDF_SERIF_ITALIC, w->sz.body, 0, NULL, INK_GREY, false};
        if (st == GL_OK)
            st = gl_pdf_para_add(w, &w->body, "[", 1, &sty, TEXT_PROSE, n->line);
        if (st == GL_OK)
            st = n->text && n->text_len
                     ? gl_pdf_para_add(w, &w->body, n->text, n->text_len, &sty, TEXT_PROSE, n->line)
                     : gl_pdf_para_add(w, &w->body, "image", 5, &sty, TEXT_PROSE, n->line);
        if (st == GL_OK)
            st = gl_pdf_para_add(w, &w->body, "]", 1, &sty, TEXT_PROSE, n->line);
        if (st == GL_OK)
            st = gl_pdf_para_break(w, &w->body, colw);
        gl_pdf_want_gap(w, w->sz.para_gap);
        if (st == GL_OK)
            st = gl_pdf_draw_para(w, &w->body, x, w->sz.body, 0);
    } else {
        const gl_pdf_image *f = &w->images[img].file;
        double iw = f->width * 0.75, ih = f->height * 0.75; /* 96 pixels an inch */
        double max_h = (w->top - w->bottom) * 0.75;
        if (iw > colw) {
            ih *= colw / iw;
            iw = colw;
        }
        if (ih > max_h) {
            iw *= max_h / ih;
            ih = max_h;
        }
        double cap_h = 0;
        st = gl_pdf_para_reset(w, &w->body);
        if (st == GL_OK && n->first_child)
            st = gl_pdf_flatten(w, &w->body, n, GL_PDF_SERIF, w->sz.small);
        if (st == GL_OK && n->first_child)
            st = gl_pdf_para_break(w, &w->body, colw);
        for (size_t i = 0; st == GL_OK && i < w->body.nlines; i++)
            cap_h += gl_pdf_line_size(&w->body, &w->body.lines[i], w->sz.small) * LEADING;
        gl_pdf_want_gap(w, w->sz.para_gap + 2);
        if (st == GL_OK && !w->fresh && w->y - w->gap - ih - 3 - cap_h < w->bottom)
            st = gl_pdf_new_page(w);
        double top;
        if (st == GL_OK)
            st = gl_pdf_place(w, ih, &top);
        if (st == GL_OK) {
            op o = {.kind = OP_IMAGE,
                    .x = x + (colw - iw) / 2,
                    .y = top - ih,
                    .a = iw,
                    .b = ih,
                    .off = (size_t)img};
            st = gl_pdf_push_op(w, o);
        }
        if (st == GL_OK && link)
            st = gl_pdf_add_link(w, x + (colw - iw) / 2, top - ih, x + (colw + iw) / 2, top, link);
        gl_pdf_want_gap(w, 3);
        w->body.cursor = 0;
        for (size_t i = 0; st == GL_OK && i < w->body.nlines; i++) {
            const gl_line *ln = &w->body.lines[i];
            double size = gl_pdf_line_size(&w->body, ln, w->sz.small), lh = size * LEADING;
            if ((st = gl_pdf_place(w, lh, &top)) == GL_OK)
                st = gl_pdf_draw_line(w, &w->body, ln, x + (colw - ln->width) / 2,
                                      gl_pdf_baseline_in(top, lh, size), 0);
        }
        gl_pdf_want_gap(w, w->sz.para_gap + 2);
        return st;
    }
    if (st == GL_OK && n->first_child) {
        st = gl_pdf_para_reset(w, &w->body);
        if (st == GL_OK)
            st = gl_pdf_flatten(w, &w->body, n, GL_PDF_SERIF, w->sz.small);
        if (st == GL_OK)
            st = gl_pdf_para_break(w, &w->body, colw);
        if (st == GL_OK)
            st = gl_pdf_draw_para(w, &w->body, x, w->sz.small, 0);
    }
    gl_pdf_want_gap(w, w->sz.para_gap);
    return st;
}

/* ---- tables ---- */

#define GRID_GRAY 0.6

static gl_pdf_face cell_face(const gl_node *cell) {
    return cell->header ? GL_PDF_SERIF_BOLD : GL_PDF_SERIF;
}

/* The widest word and the whole text of each column, in points: what the
 * column needs at least (else words are cut) and at most (one line). */
static gl_status measure_columns(pdfw *w, const gl_node *table, size_t ncols, double *minw,
                                 double *maxw) {
    para *p = &w->body;
    for (const gl_node *row = table->first_child; row; row = row->next) {
        size_t c = 0;
        for (const gl_node *cell = row->first_child; cell && c < ncols; cell = cell->next, c++) {
            gl_status st = gl_pdf_para_reset(w, p);
            if (st == GL_OK)
                st = gl_pdf_flatten(w, p, cell, cell_face(cell), w->sz.cell);
            gl_linebreak_params words = {0.001, w->lang, false};
            if (st == GL_OK &&
                gl_linebreak(p->text.data ? p->text.data : "", p->text.len, &words, gl_pdf_measure,
                             p, w->alloc, &p->lines, &p->nlines) != GL_OK)
                st = gl_pdf_oom(w);
            if (st != GL_OK)
                return st;
            double whole = 0, line = 0;
            for (size_t k = 0; k < p->nlines; k++) {
                const gl_line *ln = &p->lines[k];
                if (ln->width > minw[c])
                    minw[c] = ln->width;
                /* Words of one line, and the space before each. */
                line += (k > 0 && !p->lines[k - 1].hard
                             ? p->cum[ln->start] - p->cum[p->lines[k - 1].end]
                             : 0) +
                        ln->width;
                if (ln->hard) {
                    whole = line > whole ? line : whole;
                    line = 0;
                }
            }
            whole = line > whole ? line : whole;
            if (whole > maxw[c])
                maxw[c] = whole;
        }
    }
    return GL_OK;
}

/* Column widths (padding included) filling `avail`: each column its whole
 * text when all fit; else a column needing less than an even share gets
 * all it needs, and the others their widest word plus a part of what is
 * left in proportion to what each would still need. */
static void column_widths(size_t ncols, const double *minw, const double *maxw, double avail,
                          double pad, double *colw) {
    double sum_min = 0, sum_max = 0, share = avail / (double)ncols;
    for (size_t c = 0; c < ncols; c++)
        sum_max += maxw[c] + 2 * pad;
    if (sum_max <= avail) {
        for (size_t c = 0; c < ncols; c++) {
            double hi = maxw[c] + 2 * pad;
            colw[c] = hi + (avail - sum_max) * (sum_max > 0 ? hi / sum_max : 1.0 / ncols);
        }
        return;
    }
    sum_max = 0;
    for (size_t c = 0; c < ncols; c++) {
        double hi = maxw[c] + 2 * pad;
        colw[c] = hi <= share ? hi : -1;
        if (colw[c] >= 0) {
            avail -= hi;
        } else {
            sum_min += minw[c] + 2 * pad;
            sum_max += hi;
        }
    }
    for (size_t c = 0; c < ncols; c++) {
        double lo = minw[c] + 2 * pad, hi = maxw[c] + 2 * pad;
        if (colw[c] >= 0)
            continue;
        if (sum_min >= avail)
            colw[c] = avail * lo / sum_min;
        else
            colw[c] =
                lo + (avail - sum_min) *
                         (sum_max - sum_min > 0 ? (hi - lo) / (sum_max - sum_min) : lo / sum_min);
    }
}

typedef struct grid {
    size_t ncols;
    double x0, x1;
    double *colx, *colw; /* left edge and width of each column */
    bool leaders;        /* a contents page (GL_TABLE_CONTENTS): no grid, dot leaders */
} grid;

/* Flattens and breaks the cells of `row` into w->cells; *height gets the
 * row's height and *nlines its lines. */
static gl_status row_layout(pdfw *w, const gl_node *row, const grid *g, size_t *nlines,
                            double *height) {
    size_t c = 0;
    *nlines = 1;
    for (const gl_node *cell = row->first_child; cell && c < g->ncols; cell = cell->next, c++) {
        para *p = &w->cells[c];
        gl_status st = gl_pdf_para_reset(w, p);
        if (st == GL_OK)
            st = gl_pdf_flatten(w, p, cell, cell_face(cell), w->sz.cell);
        if (st == GL_OK)
            st = gl_pdf_para_break(w, p, g->colw[c] - 2 * w->sz.cell_pad);
        if (st != GL_OK)
            return st;
        p->cursor = 0;
        if (p->nlines > *nlines)
            *nlines = p->nlines;
    }
    *height = 2 * w->sz.cell_pad;
    for (size_t k = 0; k < *nlines; k++) {
        double size = w->sz.cell;
        for (size_t i = 0; i < c; i++) {
            const para *p = &w->cells[i];
            if (k < p->nlines) {
                double sz = gl_pdf_line_size(p, &p->lines[k], w->sz.cell);
                size = sz > size ? sz : size;
            }
        }
        *height += size * LEADING;
    }
    return GL_OK;
}

static gl_status grid_line(pdfw *w, const grid *g, double y, double width) {
    return g->leaders ? GL_OK : gl_pdf_line_op(w, g->x0, y, g->x1, y, width, GRID_GRAY);
}

static gl_status grid_columns(pdfw *w, const grid *g, double top, double bottom) {
    gl_status st = GL_OK;
    if (g->leaders)
        return GL_OK;
    for (size_t c = 0; c <= g->ncols && st == GL_OK; c++) {
        double x = c < g->ncols ? g->colx[c] : g->x1;
        st = gl_pdf_line_op(w, x, top, x, bottom, 0.4, GRID_GRAY);
    }
    return st;
}

/* A contents page's dot leaders on the baseline `base`, from `x0` to `x1`:
 * dots at fixed places of the line (a multiple of the step from the
 * column's left edge), so that they stand in columns down the page as in
 * a printed book, with at least a space either side. */
static gl_status leader_dots(pdfw *w, const grid *g, double x0, double x1, double base) {
    int font = gl_pdf_get_font(w, GL_PDF_SERIF);
    if (font < 0)
        return w->err->status;
    double size = w->sz.cell, step = size * 0.5, gap = size * 0.3;
    double dot = gl_pdf_text_width(w, (unsigned)font, size, ".");
    gl_status st = GL_OK;
    for (double x = g->x0 + step * ceil((x0 + gap - g->x0) / step);
         x + dot <= x1 - gap && st == GL_OK; x += step)
        st = gl_pdf_text_op(w, (unsigned)font, size, 0, INK_TEXT, x, base, ".", 1);
    return st;
}

/* Draws the row laid out by row_layout (`height` tall). A row taller than
 * a page is cut between its lines, its grid continued on the next page. */
static gl_status row_draw(pdfw *w, const gl_node *row, const grid *g, size_t nlines, double height,
                          bool header) {
    gl_status st = GL_OK;
    bool cut = height > w->top - w->bottom;
    double row_top = 0;
    for (size_t k = 0; k < nlines && st == GL_OK; k++) {
        double size = w->sz.cell;
        for (size_t i = 0; i < g->ncols; i++) {
            const para *p = &w->cells[i];
            if (k < p->nlines) {
                double sz = gl_pdf_line_size(p, &p->lines[k], w->sz.cell);
                size = sz > size ? sz : size;
            }
        }
        double pad_top = k == 0 ? w->sz.cell_pad : 0,
               pad_bottom = k + 1 == nlines ? w->sz.cell_pad : 0;
        double lh = size * LEADING, box = lh + pad_top + pad_bottom, top;
        unsigned page = w->page_no;
        if ((st = gl_pdf_place(w, box, &top)) != GL_OK)
            break;
        if (k == 0)
            row_top = top;
        /* The grid's top edge: above the row, or where a page cut it. */
        if ((k == 0 || w->page_no != page) && (st = grid_line(w, g, top, 0.4)) != GL_OK)
            break;
        if (cut && (st = grid_columns(w, g, top, top - box)) != GL_OK)
            break;
        double base = gl_pdf_baseline_in(top - pad_top, lh, size);
        if (w->has_marker && (st = gl_pdf_draw_marker(w, base)) != GL_OK)
            break;
        size_t c = 0;
        double ends[2] = {0, 0}; /* leaders: where the title's last line ends, the number starts */
        for (const gl_node *cell = row->first_child; cell && c < g->ncols && st == GL_OK;
             cell = cell->next, c++) {
            para *p = &w->cells[c];
            /* Leaders: the other cells (the page number) stand on the
             * title's last line, as in a printed contents. */
            bool lower = g->leaders && c > 0;
            if (lower && k + p->nlines < nlines)
                continue;
            size_t line = lower ? k + p->nlines - nlines : k;
            if (line >= p->nlines)
                continue;
            double cx = g->colx[c] + w->sz.cell_pad;
            double room = g->colw[c] - 2 * w->sz.cell_pad - p->lines[line].width;
            if (cell->align == GL_ALIGN_RIGHT)
                cx += room;
            else if (cell->align == GL_ALIGN_CENTER)
                cx += room / 2;
            if (c == 0 && line + 1 == p->nlines)
                ends[0] = cx + p->lines[line].width;
            else if (c == 1 && line + 1 == p->nlines)
                ends[1] = cx;
            st = gl_pdf_draw_line(w, p, &p->lines[line], cx, base, 0);
        }
        if (st == GL_OK && g->leaders && k + 1 == nlines && ends[1] > ends[0])
            st = leader_dots(w, g, ends[0], ends[1], base);
    }
    if (st == GL_OK && !cut)
        st = grid_columns(w, g, row_top, w->y);
    return st == GL_OK ? grid_line(w, g, w->y, header ? 1.0 : 0.4) : st;
}

/* A table as a grid: columns sized to their content, each cell's text
 * wrapped in its column. A row that fits on a page is never cut: it starts
 * the next page, under a repeat of the header row. */
gl_status gl_pdf_do_table(pdfw *w, const gl_node *n) {
    size_t ncols = 0;
    for (const gl_node *row = n->first_child; row; row = row->next) {
        size_t c = 0;
        for (const gl_node *cell = row->first_child; cell; cell = cell->next)
            c++;
        if (c > ncols)
            ncols = c;
    }
    if (ncols == 0)
        return GL_OK;
    if (ncols > w->cell_cap) {
        size_t old = w->cell_cap;
        if (gl_vec_grow(w->alloc, &w->cells, &w->cell_cap, ncols, sizeof *w->cells) != GL_OK)
            return gl_pdf_oom(w);
        for (size_t i = old; i < w->cell_cap; i++)
            gl_pdf_para_init(&w->cells[i], w->alloc);
    }
    double *nums = gl_malloc_array(w->alloc, ncols, 4 * sizeof *nums);
    if (!nums)
        return gl_pdf_oom(w);
    memset(nums, 0, ncols * 4 * sizeof *nums);
    grid g = {ncols,
              gl_pdf_frame_left(w),
              w->right,
              nums + 2 * ncols,
              nums + 3 * ncols,
              ncols == 2 && n->info && strcmp(n->info, GL_TABLE_CONTENTS) == 0};
    gl_status st = measure_columns(w, n, ncols, nums, nums + ncols);
    if (st == GL_OK) {
        column_widths(ncols, nums, nums + ncols, g.x1 - g.x0, w->sz.cell_pad, g.colw);
        if (g.leaders) {
            /* The numbers' column as narrow as they are, the titles the rest. */
            g.colw[1] = nums[ncols + 1] + 2 * w->sz.cell_pad;
            g.colw[0] = g.x1 - g.x0 - g.colw[1];
        }
        for (size_t c = 0; c < ncols; c++)
            g.colx[c] = c ? g.colx[c - 1] + g.colw[c - 1] : g.x0;
    }
    /* The header: a first row of header cells. */
    const gl_node *head = n->first_child;
    bool has_head = head && head->first_child && head->first_child->header;
    double page_room = w->top - w->bottom;
    gl_pdf_want_gap(w, w->sz.para_gap);
    for (const gl_node *row = n->first_child; row && st == GL_OK; row = row->next) {
        size_t nlines;
        double h, head_h = 0;
        bool is_head = has_head && row == head;
        if ((st = row_layout(w, row, &g, &nlines, &h)) != GL_OK)
            break;
        double need = h;
        if (is_head && row->next) {
            /* The header stays with the first row under it. */
            size_t nl2;
            double h2;
            if ((st = row_layout(w, row->next, &g, &nl2, &h2)) != GL_OK ||
                (st = row_layout(w, row, &g, &nlines, &h)) != GL_OK)
                break;
            need = h + h2;
        }
        double gap = w->fresh ? 0 : w->gap;
        if (!w->fresh && w->y - gap - need < w->bottom && need <= page_room) {
            if ((st = gl_pdf_new_page(w)) != GL_OK)
                break;
            if (has_head && !is_head) {
                size_t hl;
                if ((st = row_layout(w, head, &g, &hl, &head_h)) != GL_OK ||
                    (st = row_draw(w, head, &g, hl, head_h, true)) != GL_OK ||
                    (st = row_layout(w, row, &g, &nlines, &h)) != GL_OK)
                    break;
            }
        }
        st = row_draw(w, row, &g, nlines, h, is_head);
    }
    gl_free(w->alloc, nums);
    gl_pdf_want_gap(w, w->sz.para_gap);
    return st;
}
