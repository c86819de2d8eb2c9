/* The PDF writer: libharu draws and embeds, fontconfig finds the fonts
 * (pdf_fonts.c), and the shared line breaker (layout/linebreak.h) places words.
 *
 * Each block's inlines are flattened into one UTF-8 string plus style spans,
 * with a running sum of glyph advances (no kerning, so a line's width is the
 * sum of its glyphs'); the breaker measures by subtracting two sums, which
 * keeps layout linear. Lines are recorded span by span, then replayed into
 * libharu's pages (BeginText, MoveTextPos, and Tf/Tj/TJ in glyph codes
 * written by galley, see pdf_font.h). The tree is walked with gl_iter, never by
 * recursion; open lists, items and quotes live on a heap stack of frames.
 *
 * This file holds the whole document (setup, the order of the parts, the
 * clean-up); the parts are declared in pdf_writer.h, and libharu is reached
 * only through pdf_hpdf.h.
 *
 * The output depends only on the document, the options and the installed
 * fonts: libharu 2.3.0 writes no /ID and no dates of its own, and galley
 * records a date only from opt->source_date_epoch or the article's date. */
#include "writers/pdf_writer.h"

#include <stdio.h>
#include <string.h>
#include "util/alloc.h"
#include "util/error.h"
#include "writers/pdf_module.h"
#include "writers/writers.h"
#include "options.h"

/* What libharu reported since (see gl_hpdf_check). */
gl_status gl_pdf_check(pdfw *w, const char *doing) { return gl_hpdf_check(w->pdf, doing, w->err); }

gl_status gl_pdf_oom(pdfw *w) {
    return gl_fail(w->err, GL_ENOMEM, 0, "out of memory while rendering the PDF");
}

gl_status gl_pdf_buf_status(pdfw *w, const gl_buf *b) {
    if (b->status == GL_OK)
        return GL_OK;
    if (b->status == GL_ENOMEM)
        return gl_pdf_oom(w);
    return gl_fail(w->err, b->status, 0, "text block larger than %zu bytes", b->max);
}

/* ---- the whole document ---- */

/* Heading sizes at the reference body size, BODY_SIZE. */
static const double heading_size[6] = {18.0, 15.0, 13.0, 11.5, 10.5, 10.5};

/* Each paper's body size and least margins (gl_paper's order; custom
 * paper as A4), chosen with MEASURE_ALPHABETS so that A4, Letter and A5
 * pages hold about 66 characters a line (docs/typography.md). */
static const struct {
    double body, margin_mm;
} paper_default[] = {{11, 20}, {11, 20}, {9.5, 14}, {9, 10}, {11, 20}};

/* The measure: two and a half lowercase alphabets of the body face, which
 * is 66 characters of prose on average (Bringhurst, The Elements of
 * Typographic Style, 2.1.2: 45 to 75 characters satisfy, 66 is the ideal;
 * copyfitting counts a line in alphabet lengths so as to hold for any
 * face). With DejaVu Serif that is 37 ems. The side margins grow to keep
 * the column no wider; the page's least margin stays above and below. */
#define MEASURE_ALPHABETS 2.5

/* The page's size into w->page_w and w->page_h. */
static void paper_size(pdfw *w) {
    switch (w->opt->paper) {
    case GL_PAPER_LETTER:
        w->page_w = 612;
        w->page_h = 792;
        break;
    case GL_PAPER_A5:
        w->page_w = 148 * PT_PER_MM;
        w->page_h = 210 * PT_PER_MM;
        break;
    case GL_PAPER_A6:
        w->page_w = 105 * PT_PER_MM;
        w->page_h = 148 * PT_PER_MM;
        break;
    case GL_PAPER_CUSTOM:
        w->page_w = w->opt->paper_width;
        w->page_h = w->opt->paper_height;
        break;
    default:
        w->page_w = 210 * PT_PER_MM;
        w->page_h = 297 * PT_PER_MM;
        break;
    }
}

/* The text column: opt->margin on every side when given, else the paper's
 * least margin, wider at the sides for a column of MEASURE_ALPHABETS. */
static gl_status column(pdfw *w, double margin) {
    double side = margin;
    if (w->opt->margin > 0) {
        side = margin = w->opt->margin;
    } else {
        int font = gl_pdf_get_font(w, GL_PDF_SERIF);
        if (font < 0)
            return w->err->status;
        double measure = MEASURE_ALPHABETS * gl_pdf_text_width(w, (unsigned)font, w->sz.body,
                                                               "abcdefghijklmnopqrstuvwxyz");
        if ((w->page_w - measure) / 2 > side)
            side = (w->page_w - measure) / 2;
    }
    /* 14,400 pt (200 in) is the largest page PDF 1.x readers accept (ISO
     * 32000-1 annex C); a column narrower than an inch cannot hold a word. */
    if (!(w->page_w <= 14400 && w->page_h <= 14400 && w->page_w - 2 * side >= 72 &&
          w->page_h - 2 * margin >= 72))
        return gl_fail(w->err, GL_EINVAL, 0,
                       "a %.0f x %.0f pt page with %.0f pt margins leaves no room for text",
                       w->page_w, w->page_h, margin);
    w->left = side;
    w->right = w->page_w - side;
    w->top = w->page_h - margin;
    w->bottom = margin;
    return GL_OK;
}

static gl_status setup(pdfw *w) {
    gl_status st = gl_hpdf_new(&w->pdf, w->alloc, w->err);
    if (st != GL_OK)
        return st;
    paper_size(w);
    unsigned paper = w->opt->paper <= GL_PAPER_CUSTOM ? (unsigned)w->opt->paper : 0;
    /* Every size and space follows the body size. */
    double body = w->opt->font_size > 0 ? w->opt->font_size : paper_default[paper].body;
    double k = body / BODY_SIZE;
    if (!(body >= 4 && body <= 72))
        return gl_fail(w->err, GL_EINVAL, 0, "a %.1f pt body size is not readable (4 to 72 pt)",
                       body);
    w->sz = (sizes){body,
                    CODE_SIZE * k,
                    SMALL_SIZE * k,
                    TITLE_SIZE * k,
                    (SMALL_SIZE + 0.5) * k,
                    {0},
                    PARA_GAP * k,
                    TIGHT_GAP * k,
                    LIST_INDENT * k,
                    QUOTE_INDENT * k,
                    MARKER_GAP * k,
                    CELL_PAD * k,
                    CODE_PAD * k};
    for (int i = 0; i < 6; i++)
        w->sz.heading[i] = heading_size[i] * k;
    st = gl_pdf_fonts_resolve(&w->faces, w->opt->font_cache, w->opt->font_family, w->alloc, w->err);
    return st == GL_OK ? column(w, paper_default[paper].margin_mm * PT_PER_MM) : st;
}

static gl_status render(pdfw *w, const gl_sink *sink) {
    gl_status st = setup(w);
    if (st == GL_OK)
        st = gl_pdf_set_info(w);
    if (st == GL_OK)
        st = gl_pdf_set_lang(w);
    if (st == GL_OK)
        st = gl_pdf_collect_notes(w);
    if (st == GL_OK)
        st = gl_pdf_new_page(w);
    if (st == GL_OK)
        st = gl_pdf_title_block(w);
    if (st == GL_OK)
        st = gl_pdf_walk_blocks(w, gl_doc_root(w->doc), NULL);
    if (st == GL_OK)
        st = gl_pdf_render_notes(w);
    if (st == GL_OK && w->measure_names) {
        gl_pdf_nav_measure(w);
        return GL_OK;
    }
    /* Before libharu holds the pages, while the writer holds the least. */
    if (st == GL_OK)
        st = gl_pdf_nav_resolve(w);
    if (st == GL_OK)
        st = gl_pdf_report_missing(w);
    if (st == GL_OK)
        st = gl_pdf_replay(w);
    /* The ops are in libharu's pages now: their memory goes before libharu
     * writes the file, when the writer holds the most. */
    gl_free(w->alloc, w->ops);
    w->ops = NULL;
    w->nops = w->op_cap = 0;
    gl_buf_free(&w->optext);
    if (st == GL_OK && w->nmarks)
        gl_hpdf_show_outlines(w->pdf);
    if (st == GL_OK)
        st = gl_pdf_check(w, "finishing the document");
    return st == GL_OK ? gl_pdf_save(w, sink) : st;
}

/* Frees what the writer holds, `w` included. */
static void release(pdfw *w) {
    const gl_allocator *alloc = w->alloc;
    for (size_t i = 0; i < w->nfonts; i++)
        gl_pdf_font_close(&w->fonts[i], alloc);
    gl_free(alloc, w->fonts);
    gl_pdf_fonts_release(&w->faces, alloc);
    gl_free(alloc, w->ops);
    for (size_t i = 0; i < w->nimages; i++)
        gl_pdf_image_free(&w->images[i].file, alloc);
    gl_free(alloc, w->images);
    gl_buf_free(&w->optext);
    gl_pdf_para_free(&w->body);
    for (size_t i = 0; i < w->cell_cap; i++)
        gl_pdf_para_free(&w->cells[i]);
    gl_free(alloc, w->cells);
    gl_free(alloc, w->frames);
    gl_free(alloc, w->frags);
    for (size_t i = 0; i < w->nnotes; i++)
        gl_free(alloc, w->notes[i].names);
    gl_free(alloc, w->notes);
    gl_free(alloc, w->dests);
    gl_free(alloc, w->by_label);
    gl_free(alloc, w->chosen);
    hb_set_destroy(w->missing);
    gl_free(alloc, w->missed);
    gl_free(alloc, w->shown.items);
    hb_buffer_destroy(w->hb_buf);
    gl_free(alloc, w->pieces);
    gl_free(alloc, w->chars);
    gl_free(alloc, w->links);
    gl_free(alloc, w->marks);
    gl_buf_free(&w->mark_text);
    gl_free(alloc, w->page_objs);
    gl_buf_free(&w->scratch);
    gl_buf_free(&w->content);
    gl_buf_free(&w->outline_title);
    gl_free(alloc, w);
}

/* The error of a conversion that met opt->max_memory: what ran out is
 * reported as the limit, which the caller can raise. */
/* The tree's share of the budget, per node: the node and its strings. */
#define TREE_NODE_COST 160

/* Writes `doc` to `sink`, or with `names` (the measure fields of pdfw)
 * only lays it out and finds their pages. */
static gl_status write_pdf(const gl_doc *doc, const gl_sink *sink, const gl_options *opt,
                           gl_error *err, const char *const *names, size_t count, unsigned *pages) {
    gl_options defaults;
    gl_error local;
    opt = gl_options_or_defaults(opt, &defaults);
    if (!err) {
        gl_error_init(&local, NULL);
        err = &local;
    }
    if (!doc || (!names && (!sink || !sink->write)))
        return gl_fail(err, GL_EINVAL, 0, "gl_write_pdf needs a document and a sink");
    /* Everything the writer and libharu allocate, decoded images included,
     * is counted against max_memory, on top of the tree (issue 14). */
    gl_budget budget;
    gl_budget_init(&budget, gl_allocator_of(opt), opt->max_memory);
    size_t tree;
    if (__builtin_mul_overflow(gl_doc_node_count(doc), (size_t)TREE_NODE_COST, &tree) ||
        !gl_budget_charge(&budget, tree))
        return gl_budget_fail(err, opt->max_memory);
    gl_options counted = *opt;
    counted.allocator = &budget.alloc;
    if (names)
        counted.warn = NULL; /* the write that follows a measure says them */
    const gl_allocator *alloc = &budget.alloc;
    pdfw *w = gl_malloc(alloc, sizeof *w);
    if (!w)
        return budget.exceeded
                   ? gl_budget_fail(err, opt->max_memory)
                   : gl_fail(err, GL_ENOMEM, 0, "out of memory while rendering the PDF");
    memset(w, 0, sizeof *w);
    w->doc = doc;
    w->opt = &counted;
    w->err = err;
    w->alloc = alloc;
    w->lang = gl_doc_meta(doc, GL_META_LANG);
    w->measure_names = names;
    w->measure_count = count;
    w->measure_pages = pages;
    gl_pdf_para_init(&w->body, alloc);
    gl_buf_init(&w->scratch, alloc, 0);
    gl_buf_init(&w->content, alloc, 0);
    gl_buf_init(&w->outline_title, alloc, 0);
    gl_buf_init(&w->optext, alloc, 0);
    gl_buf_init(&w->mark_text, alloc, 0);
    for (int f = 0; f < GL_PDF_FACE_COUNT; f++)
        w->face_font[f] = -1;

    gl_status st = render(w, sink);
    gl_hpdf_free(w->pdf);
    if (st == GL_OK && opt->font_cache && w->faces.changed)
        gl_pdf_fonts_save(&w->faces, opt->font_cache, alloc);
    release(w);
    return st != GL_OK && budget.exceeded ? gl_budget_fail(err, opt->max_memory) : st;
}

gl_status gl_write_pdf(const gl_doc *doc, const gl_sink *sink, const gl_options *opt,
                       gl_error *err) {
    return write_pdf(doc, sink, opt, err, NULL, 0, NULL);
}

gl_status gl_pdf_target_pages(const gl_doc *doc, const gl_options *opt, const char *const *names,
                              size_t count, unsigned *pages, gl_error *err) {
    static const char *const none[1] = {NULL};
    return write_pdf(doc, NULL, opt, err, count ? names : none, count, pages);
}
