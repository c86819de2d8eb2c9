/* The PDF writer's parts (pdf.c, the whole document; pdf_flow.c,
 * pdf_page.c, pdf_block.c, pdf_container.c, pdf_info.c, pdf_replay.c) and
 * what they share: the writer's state, the ops the layout records, and the
 * functions one part calls in another. libharu stays behind pdf_hpdf.h. */
#ifndef GL_WRITERS_PDF_WRITER_H
#define GL_WRITERS_PDF_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "galley/galley.h"
#include "layout/bidi.h"
#include "layout/hyphen.h"
#include "layout/linebreak.h"
#include "layout/shape.h"
#include "util/buf.h"
#include "util/vec.h"
#include "writers/pdf_font.h"
#include "writers/pdf_fonts.h"
#include "writers/pdf_hpdf.h"
#include "writers/pdf_image.h"
#include "writers/pdf_pack.h"

#define PT_PER_MM (72.0 / 25.4)
#define BODY_SIZE 10.5 /* the body size the sizes below are given for; they scale with it */
#define LEADING 1.35   /* line height / font size for prose */
#define CODE_SIZE 9.0
#define CODE_LEADING 1.3 /* code lines sit closer: they are not read as prose */
#define CODE_PAD 4.0     /* grey background around a code block's text */
#define SMALL_SIZE 9.0   /* page numbers, table cells, captions, the source URL */
#define TITLE_SIZE 20.0
#define PARA_GAP 6.0      /* between blocks */
#define TIGHT_GAP 1.5     /* between the paragraphs of a tight list's items */
#define LIST_INDENT 18.0  /* each list level */
#define QUOTE_INDENT 14.0 /* each block quote level; the rule sits in this gutter */
#define MARKER_GAP 5.0    /* between a list marker and the item's text */
#define CELL_PAD 3.0
#define ASCENT 0.93  /* DejaVu's ascender and descender, in ems: where the */
#define DESCENT 0.24 /* baseline goes in a line box, and link rectangles */
/* Prose is set by total fit (layout/paragraph.h). Word spaces stretch by
 * half their width and shrink by a third, as in TeX's text fonts (cmr10's
 * \fontdimen3 and 4). Ragged right is plain TeX's \raggedright: spaces of
 * fixed width, 2 em of stretch at each line's end. */
#define SPACE_STRETCH 0.5
#define SPACE_SHRINK (1.0 / 3)
#define RAGGED_STRETCH 2.0 /* ems */
/* The badness a justified line may reach (100 r^3, r the share of its
 * stretch used): 100 keeps its spaces within 1.5 times their width, the
 * aim of issue 17. A paragraph the hyphenated second pass cannot set so
 * is set ragged right (gl_linebreak_params.ragged_fallback, since
 * 01ba04c), and the last pass, with its emergency stretch of 1 em a line
 * (TeX's \emergencystretch), is then skipped: EMERGENCY_STRETCH only
 * reaches gl_para_params. On web articles that is common: of the
 * paragraphs over 400 bytes in every fifth AEB and L3S dev page, 80 of
 * 155 went ragged (56 at a tolerance of 200, 46 at 300; some from a page
 * that declares lang="en" over German text, hyphenated by English
 * patterns). */
#define TOLERANCE 100.0
#define EMERGENCY_STRETCH 1.0 /* ems */
/* At most this much space (in ems of the body) between the letters of a
 * justified line that its word spaces cannot fill within their stretch:
 * the letter spacing justification engines allow (InDesign's letter
 * spacing field, a few per cent of a space), spent before spaces widen
 * into rivers. */
#define LETTER_STRETCH 0.02

/* Text colours. */
enum { INK_TEXT = 0, INK_LINK, INK_GREY };

/* Type sizes and spacing, scaled from the body size (opt->font_size). */
typedef struct sizes {
    double body, code, small, title, cell, heading[6];
    double para_gap, tight_gap, list_indent, quote_indent, marker_gap, cell_pad, code_pad;
} sizes;

/* A run of text in one style. */
typedef struct span {
    size_t start, end; /* bytes of the paragraph text */
    unsigned font;     /* index in pdfw.fonts */
    double size;
    double rise;     /* baseline shift: superscripts and footnote references */
    const char *url; /* the link's target when it gets an annotation, else NULL */
    int ink;
    bool strike;
    size_t image; /* 1 + index in pdfw.images of an inline image drawn in
                     place of the span's U+FFFC; 0 for text */
} span;

/* A piece of a paragraph that is shaped and drawn as one (pdf_font_text.c):
 * bytes [start, end) of one span, on one bidi level, in one script. */
typedef struct text_run {
    size_t start, end;
    size_t span;         /* index in para.spans */
    unsigned char level; /* bidi embedding level: odd is right to left */
    bool shaped;         /* its glyphs are para.glyphs[glyph0, glyph0 + nglyphs), by HarfBuzz;
                            else each character is drawn with its own glyph */
    hb_script_t script;
    size_t glyph0, nglyphs;
} text_run;

/* A flattened block: its text, spans, running widths and lines. */
typedef struct para {
    gl_buf text;
    span *spans;
    size_t nspans, span_cap;
    double *cum; /* cum[i]: width of text[0, i) in points; text.len + 1 entries */
    size_t cum_cap;
    gl_line *lines;
    size_t nlines;
    size_t cursor; /* first span not wholly before the line being drawn */
    /* Text that needs more than one glyph a character (pdf_font_text.c):
     * set by gl_pdf_para_add when a character is not gl_shape_simple or may
     * turn the paragraph's direction (gl_bidi_needed). */
    bool complex, bidi_needed;
    bool code;      /* code: left to right, whatever it holds */
    bool shaped;    /* runs, glyphs, cum and the levels match the text */
    bool rtl;       /* a right-to-left paragraph: its lines align right */
    bool rtl_base;  /* right to left whatever its first strong character (the title block of
                       a right-to-left document); set after gl_pdf_para_reset */
    double box;     /* the width it was last broken to */
    text_run *runs; /* when complex: the whole text, in order */
    size_t nruns, run_cap;
    gl_glyphs glyphs; /* the shaped runs' glyphs, each run's in visual order */
    gl_bidi bidi;     /* when bidi_needed: the levels */
} para;

/* An open container. */
typedef struct frame {
    gl_node_type type; /* LIST, ITEM, BLOCKQUOTE or FOOTNOTE_DEF */
    double left;       /* left edge of the content */
    long number;       /* LIST: the next item's number */
    bool ordered, tight;
    double rule_top; /* BLOCKQUOTE: top of its rule on this page; < 0 before its first line */
} frame;

/* A drawn fragment, kept until the line's text object ends: strike lines and
 * link annotations are not allowed inside it. */
typedef struct frag {
    double x0, x1, baseline, size;
    const char *url;
    bool strike;
} frag;

typedef struct note {
    const char *label;
    const gl_node *def;
    size_t number; /* 1-based, in document order */
    /* The names of its destinations, in one allocation: "\x01n" label (the
     * note) then "\x01r" label (its first reference): ref_of() finds the
     * second from the first. */
    char *names;
} note;

/* A place a link can jump to: a heading's id, a note or a reference. */
typedef struct dest {
    const char *name;
    size_t order; /* the first of equal names wins */
    unsigned page;
    double top;
} dest;

/* What the layout draws, replayed into libharu once every font is cut to
 * the characters it shows (which are known only at the end). Links and
 * bookmarks are not ops: see pdf_link and pdf_mark. */
enum { OP_TEXT, OP_LINE, OP_RECT, OP_IMAGE, OP_GLYPHS };

typedef struct op {
    unsigned char kind;
    unsigned char ink;  /* TEXT, GLYPHS: INK_* */
    bool rtl;           /* GLYPHS: shaped right to left */
    unsigned font;      /* TEXT: index in pdfw.fonts */
    unsigned page;      /* 0-based */
    double x, y, a, b;  /* TEXT: x, baseline, size, rise; LINE: x0, y0, x1, y1;
                           RECT: x0, y0, x1, y1;
                           IMAGE: x, y of the lower left corner, width, height */
    double width, gray; /* LINE: stroke width and grey; RECT: grey; TEXT: width = Tc */
    double stretch;     /* TEXT, GLYPHS: points added after each space (justification) */
    double spacing;     /* GLYPHS: points added after each cluster (a line without spaces) */
    size_t off, len;    /* TEXT, GLYPHS: bytes in pdfw.optext; IMAGE: off = index in images */
    size_t goff, glen;  /* GLYPHS: glyphs in pdfw.shown, their clusters offsets into the text */
} op;

/* A fallback font serving a key (script, language, face: pdf_font_choice.c). */
typedef struct chosen_font {
    char key[32];
    int font; /* index in pdfw.fonts */
} chosen_font;

/* The characters of one Unicode block that no installed font has. */
typedef struct missing_block {
    int block;      /* index in gl_unicode_blocks, -1 for none */
    uint32_t first; /* the first met */
    size_t count;   /* distinct characters */
    unsigned long line;
} missing_block;

/* A link annotation (pdf_nav.c): where it is, and what it opens. */
typedef struct pdf_link {
    float x0, y0, x1, y1; /* its rectangle on its page, in points */
    unsigned page;        /* 0-based, as the layout went: the links are in page order */
    unsigned action;      /* once resolved, a URL: the number of its action (the lines
                             of one link share one); a jump: the page it opens */
    float top;            /* a jump: where on that page */
    const char *url;      /* "#id", a note's "\x01" name or a URL; NULL: a resolved jump */
} pdf_link;

/* A bookmark (pdf_nav.c), tied to the others by their numbers (-1: none). */
typedef struct pdf_mark {
    unsigned page; /* 0-based */
    float top;
    int parent, prev, next, first, last;
    unsigned count; /* its descendants (every bookmark is shown open) */
    size_t title;   /* its UTF-8 title, NUL-terminated, at this offset in pdfw.mark_text */
} pdf_mark;

/* An image the pages draw: its file, and libharu's XObject of it. */
typedef struct pdf_img {
    const char *url; /* the node's, for reuse by the same source */
    gl_pdf_image file;
    gl_hpdf_obj *hpdf;
} pdf_img;

typedef struct pdfw {
    const gl_doc *doc;
    const gl_options *opt;
    gl_error *err;
    const gl_allocator *alloc;
    const char *lang;
    gl_hpdf *pdf;       /* libharu's document (pdf_hpdf.h) */
    gl_pdf_fonts faces; /* the files of the six faces */
    sizes sz;
    gl_pdf_font *fonts; /* faces as opened, then fallbacks */
    size_t nfonts, font_cap;
    int face_font[GL_PDF_FACE_COUNT]; /* index in fonts, -1 until opened */

    op *ops;
    size_t nops, op_cap;
    gl_buf optext; /* the text of TEXT ops */

    unsigned page_no;                                /* pages begun; 0 before the first */
    double page_w, page_h, top, bottom, left, right; /* the text column */
    double y;                                        /* top of the next line */
    double gap; /* space owed before the next line, dropped at a page's top */
    bool fresh; /* nothing drawn on this page yet */

    frame *frames;
    size_t nframes, frame_cap;
    size_t unset_rules; /* quotes waiting for their first line */

    char marker[24]; /* a list item's marker, drawn with the next line */
    gl_pdf_face marker_face;
    double marker_right;
    bool has_marker;
    bool marker_mirror; /* the line is right to left: the marker goes to its right */

    gl_buf outline_title; /* a heading's bookmark, made with its first line */
    int outline_pending;  /* its level, 0 when none */
    int outlines[6];      /* the open bookmarks, as indexes in marks */
    int outline_levels[6];
    size_t outline_depth;

    pdf_link *links; /* the link annotations, in the order drawn */
    size_t nlinks, link_cap;
    size_t nactions;      /* the URI actions they need (gl_pdf_nav_resolve) */
    size_t action_cursor; /* the link of the URI action written last */
    pdf_mark *marks;      /* the bookmarks, in document order */
    size_t nmarks, mark_cap;
    gl_buf mark_text;    /* their titles */
    uint32_t *page_objs; /* each page's object number in libharu's file */

    para body;
    para *cells;
    size_t cell_cap;
    frag *frags;
    size_t nfrags, frag_cap;
    gl_buf scratch;
    gl_buf content; /* the content stream of the page being replayed */
    note *notes;    /* in document order */
    note *by_label; /* the same, sorted by label */
    size_t nnotes;

    double char_space; /* Tc of the text being recorded: a justified line without spaces */
    double stretch;    /* points after each space of the text being recorded */

    chosen_font *chosen; /* the fallbacks this document uses, by key */
    size_t nchosen, chosen_cap;
    hb_set_t *missing;     /* characters no installed font has; NULL until one */
    missing_block *missed; /* the same, by Unicode block, for the warnings */
    size_t nmissing, missed_cap;
    gl_glyphs shown;      /* the glyphs of GLYPHS ops */
    hb_buffer_t *hb_buf;  /* HarfBuzz's buffer, made on the first shaped run */
    struct piece *pieces; /* the line being drawn, cut into runs (pdf_font_text.c) */
    size_t piece_cap;
    uint32_t *chars; /* a cluster's characters (pdf_font_text.c) */
    size_t chars_cap;

    pdf_img *images; /* the images drawn, each loaded once */
    size_t nimages, image_cap;

    dest *dests; /* the link targets met so far */
    size_t ndests, dest_cap;
    const char *pending_dest; /* the target the next line placed becomes */
    const char *marker_url;   /* the target of the pending marker: a note's back link */
    /* gl_pdf_target_pages: the targets whose pages are wanted (the layout alone
     * runs), and where their 1-based pages go; NULL when writing. */
    const char *const *measure_names;
    size_t measure_count;
    unsigned *measure_pages;

    const gl_hyphen_dict *hyphen; /* the document language's, once looked up */
    bool hyphen_tried;
    /* Words of another script than the language's, by script (see
     * gl_hyphenate). */
    const gl_hyphen_dict *hyphen_foreign[GL_HYPHEN_SCRIPTS];
    bool hyphen_foreign_tried[GL_HYPHEN_SCRIPTS];
} pdfw;

/* A style of text (see span). */
typedef struct style {
    gl_pdf_face face;
    double size, rise;
    const char *url;
    int ink;
    bool strike;
    size_t image; /* as in span */
} style;

/* How para_add treats newlines and tabs. */
enum { TEXT_PROSE, TEXT_CODE };

/* pdf.c: the failures every part reports. */
gl_status gl_pdf_oom(pdfw *w);
gl_status gl_pdf_buf_status(pdfw *w, const gl_buf *b);
gl_status gl_pdf_check(pdfw *w, const char *doing);

/* pdf_flow.c: fonts, measures, and paragraphs flattened to text and spans, broken
 * into lines by the shared breaker (layout/linebreak.h) through gl_pdf_measure. */
gl_status gl_pdf_flatten(pdfw *w, para *p, const gl_node *block, gl_pdf_face base, double size);
int gl_pdf_get_font(pdfw *w, gl_pdf_face face);
double gl_pdf_line_size(const para *p, const gl_line *ln, double dflt);
bool gl_pdf_linkable(const char *url);
double gl_pdf_measure(void *userdata, size_t start, size_t end);
gl_status gl_pdf_para_add(pdfw *w, para *p, const char *s, size_t len, const style *st, int mode,
                          unsigned long line);
gl_status gl_pdf_para_break(pdfw *w, para *p, double width);
gl_status gl_pdf_para_break_prose(pdfw *w, para *p, double width, unsigned font, double size);
void gl_pdf_para_free(para *p);
void gl_pdf_para_init(para *p, const gl_allocator *a);
gl_status gl_pdf_para_reset(pdfw *w, para *p);
gl_status gl_pdf_push_op(pdfw *w, op o);
double gl_pdf_text_width(pdfw *w, unsigned font, double size, const char *s);

/* pdf_font_choice.c: fonts opened once each (-1 on failure, err set); the
 * font of each character (fallbacks by script, the document's language and
 * the face); the characters no font has. */
int gl_pdf_open_font(pdfw *w, const char *path);
int gl_pdf_char_font(pdfw *w, gl_pdf_face face, int base, int prev, uint32_t cp, unsigned long line,
                     int *adv);
gl_status gl_pdf_report_missing(pdfw *w);

/* pdf_font_text.c: paragraphs shaped and put in visual order, glyph runs drawn. */
typedef struct piece {
    size_t start, end; /* bytes of the paragraph */
    const span *s;
    const text_run *r; /* NULL: a paragraph without runs */
    double width;      /* points, without justification */
    size_t spaces;     /* ASCII spaces, each stretched when justified */
    size_t units;      /* characters (or clusters, shaped) spaced apart on a line without spaces */
} piece;
gl_status gl_pdf_para_shape(pdfw *w, para *p);
gl_status gl_pdf_line_pieces(pdfw *w, para *p, const gl_line *ln, size_t *count);
gl_status gl_pdf_draw_piece(pdfw *w, para *p, const gl_line *ln, const piece *pc, double x,
                            double baseline);
gl_status gl_pdf_glyphs_use(pdfw *w, const op *o);
gl_status gl_pdf_glyphs_show(pdfw *w, gl_buf *b, const op *o);
void gl_pdf_para_shape_free(para *p);

/* pdf_page.c: pages, vertical placement, and lines drawn as ops. */
double gl_pdf_baseline_in(double top, double lh, double size);
double gl_pdf_block_gap(const pdfw *w);
gl_status gl_pdf_code_band(pdfw *w, double x, double top, double width, double h);
gl_status gl_pdf_draw_line(pdfw *w, para *p, const gl_line *ln, double x, double baseline,
                           double justify);
gl_status gl_pdf_draw_marker(pdfw *w, double baseline);
gl_status gl_pdf_draw_para(pdfw *w, para *p, double x, double dflt_size, double justify);
gl_status gl_pdf_draw_rule_v(pdfw *w, double x, double y0, double y1);
double gl_pdf_frame_left(const pdfw *w);
gl_status gl_pdf_line_op(pdfw *w, double x0, double y0, double x1, double y1, double width,
                         double gray);
gl_status gl_pdf_new_page(pdfw *w);
gl_status gl_pdf_place(pdfw *w, double lh, double *top);
const char *gl_pdf_ref_of(const char *note_name);
gl_status gl_pdf_text_op(pdfw *w, unsigned font, double size, double rise, int ink, double x,
                         double y, const char *s, size_t len);
void gl_pdf_want_gap(pdfw *w, double gap);

/* pdf_block.c: paragraphs, headings, code, rules, figures and tables. */
gl_status gl_pdf_do_code(pdfw *w, const gl_node *n);
gl_status gl_pdf_do_figure(pdfw *w, const gl_node *n, const char *link);
gl_status gl_pdf_do_heading(pdfw *w, const gl_node *n);
gl_status gl_pdf_do_paragraph(pdfw *w, const gl_node *n, gl_pdf_face base, double size);
gl_status gl_pdf_do_table(pdfw *w, const gl_node *n);
gl_status gl_pdf_do_thematic_break(pdfw *w);
int gl_pdf_figure_image(pdfw *w, const gl_node *n);
gl_status gl_pdf_hrule(pdfw *w, double x0, double x1, double y, double width);
gl_status gl_pdf_one_line(pdfw *w, gl_buf *out, const char *s, size_t len);

/* pdf_container.c: lists, quotes and footnotes, and the walk over the blocks. */
gl_status gl_pdf_collect_notes(pdfw *w);
const note *gl_pdf_find_note(const pdfw *w, const char *label);
gl_status gl_pdf_render_notes(pdfw *w);
gl_status gl_pdf_walk_blocks(pdfw *w, const gl_node *container, const note *nt);

/* pdf_info.c: the title block and the document information. */
gl_status gl_pdf_set_info(pdfw *w);
gl_status gl_pdf_set_lang(pdfw *w);
gl_status gl_pdf_title_block(pdfw *w);

/* pdf_nav.c: links and bookmarks, recorded by the layout (the link's
 * rectangle on the current page; the bookmark of the pending heading, whose
 * first line starts at `top`), resolved once the layout is done (jumps to
 * their targets' pages, links to nothing dropped), and written by the
 * packer (gl_pdf_nav_extra, valid while `w` lives and w->page_objs is set). */
gl_status gl_pdf_add_link(pdfw *w, double x0, double y0, double x1, double y1, const char *url);
gl_status gl_pdf_make_outline(pdfw *w, double top);
gl_status gl_pdf_nav_resolve(pdfw *w);
/* gl_pdf_target_pages's answer: the page of each of w->measure_names. */
void gl_pdf_nav_measure(pdfw *w);
void gl_pdf_nav_extra(pdfw *w, gl_pdf_extra *extra);

/* pdf_replay.c: the ops replayed into libharu, and the file written. */
void gl_pdf_put_number(gl_buf *b, double v);
gl_status gl_pdf_replay(pdfw *w);
gl_status gl_pdf_save(pdfw *w, const gl_sink *sink);

#endif
