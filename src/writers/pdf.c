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
 * The output depends only on the document, the options and the installed
 * fonts: libharu 2.3.0 writes no /ID and no dates of its own, and galley
 * records a date only from opt->source_date_epoch or the article's date. */
#include "writers/writers.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_pages.h>
#include "layout/hyphen.h"
#include "layout/linebreak.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/utf8.h"
#include "writers/pdf_font.h"
#include "writers/pdf_fonts.h"
#include "writers/pdf_image.h"
#include "writers/pdf_pack.h"

#define PT_PER_MM (72.0 / 25.4)
#define BODY_SIZE 10.5
#define LEADING 1.35 /* line height / font size for prose */
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
#define ASCENT 0.93      /* DejaVu's ascender and descender, in ems: where the */
#define DESCENT 0.24     /* baseline goes in a line box, and link rectangles */
#define MAX_WARNED 64    /* distinct missing characters reported per document */
#define HYPHEN_LOOSE 1.0 /* hyphenate a justified line whose spaces would more than double */

/* Text colours. */
enum { INK_TEXT = 0, INK_LINK, INK_GREY };
static const double ink_rgb[3][3] = {{0, 0, 0}, {0.05, 0.25, 0.65}, {0.4, 0.4, 0.4}};

/* Heading sizes at the default body size. */
static const double heading_size[6] = {18.0, 15.0, 13.0, 11.5, 10.5, 10.5};

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

/* Every block given to libharu starts with this header, which links it into
 * its document's list: on some allocation-failure paths libharu drops blocks
 * (hpdf_font_cid.c makes a font descriptor at save time and loses it when
 * the next allocation fails), so what is still listed after HPDF_Free is
 * freed by us. max_align_t keeps the block after it aligned for any type. */
typedef union hpdf_block {
    struct {
        union hpdf_block *prev, *next;
    } link;
    max_align_t align;
} hpdf_block;

/* The memory libharu draws from (see hpdf_memory). */
typedef struct hpdf_mem {
    const gl_allocator *alloc;
    bool failed;       /* an allocation failed: libharu's later errors are its consequences */
    hpdf_block *first; /* the blocks libharu holds */
} hpdf_mem;

/* What the layout draws, replayed into libharu once every font is cut to
 * the characters it shows (which are known only at the end). */
enum { OP_TEXT, OP_LINE, OP_RECT, OP_LINK, OP_OUTLINE, OP_IMAGE };

typedef struct op {
    unsigned char kind;
    unsigned char ink;  /* TEXT: INK_* */
    unsigned font;      /* TEXT: index in pdfw.fonts */
    unsigned page;      /* 0-based */
    int parent;         /* OUTLINE: index of the parent outline, -1 for none */
    double x, y, a, b;  /* TEXT: x, baseline, size, rise; LINE: x0, y0, x1, y1;
                           RECT, LINK: x0, y0, x1, y1; OUTLINE: y = top;
                           IMAGE: x, y of the lower left corner, width, height */
    double width, gray; /* LINE: stroke width and grey; RECT: grey; TEXT: width = Tc */
    double stretch;     /* TEXT: points added after each space (justification) */
    size_t off, len;    /* TEXT, OUTLINE: bytes in pdfw.optext; IMAGE: off = index in images */
    const char *url;    /* LINK: the target */
} op;

/* An image the pages draw: its file, and libharu's XObject of it. */
typedef struct pdf_img {
    const char *url; /* the node's, for reuse by the same source */
    gl_pdf_image file;
    HPDF_Image hpdf;
} pdf_img;

typedef struct hpdf_state {
    HPDF_STATUS error, detail; /* the first error libharu reported */
} hpdf_state;

typedef struct pdfw {
    const gl_doc *doc;
    const gl_options *opt;
    gl_error *err;
    const gl_allocator *alloc;
    const char *lang;
    HPDF_Doc pdf;
    hpdf_state hs;
    hpdf_mem mem;
    gl_pdf_fonts faces; /* the files of the six faces */
    sizes sz;
    gl_pdf_font *fonts; /* faces as opened, then fallbacks */
    size_t nfonts, font_cap;
    int face_font[GL_PDF_FACE_COUNT]; /* index in fonts, -1 until opened */

    op *ops;
    size_t nops, op_cap;
    gl_buf optext; /* the text of TEXT and OUTLINE ops */
    size_t noutlines;

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

    gl_buf outline_title; /* a heading's bookmark, made with its first line */
    int outline_pending;  /* its level, 0 when none */
    int outlines[6];      /* the open bookmarks, as outline numbers */
    int outline_levels[6];
    size_t outline_depth;
    bool has_outline;

    para body;
    para *cells;
    size_t cell_cap;
    frag *frags;
    size_t nfrags, frag_cap;
    gl_buf scratch;
    gl_buf content;        /* the content stream of the page being replayed */
    const char *last_url;  /* the target of the last link annotation made */
    HPDF_Dict last_action; /* its action, shared by the next one to the same URL */
    note *notes;           /* in document order */
    note *by_label;        /* the same, sorted by label */
    size_t nnotes;

    double char_space; /* Tc of the text being recorded: a justified line without spaces */
    double stretch;    /* points after each space of the text being recorded */

    uint32_t warned[MAX_WARNED];
    size_t nwarned;

    pdf_img *images; /* the images drawn, each loaded once */
    size_t nimages, image_cap;

    dest *dests; /* the link targets met so far */
    size_t ndests, dest_cap;
    const char *pending_dest; /* the target the next line placed becomes */
    const char *marker_url;   /* the target of the pending marker: a note's back link */

    const gl_hyphen_dict *hyphen; /* the document language's, once looked up */
    bool hyphen_tried;
} pdfw;

static gl_status oom(pdfw *w);

/* libharu's allocation hooks take no user data, so the memory of the
 * conversion running on this thread is found here; parallel conversions each
 * set their own. Set only while gl_write_pdf runs. */
static _Thread_local hpdf_mem *hpdf_memory;

static void *hpdf_alloc(HPDF_UINT size) {
    hpdf_mem *m = hpdf_memory;
    hpdf_block *b = gl_malloc(m->alloc, sizeof *b + (size_t)size);
    if (!b) {
        m->failed = true;
        return NULL;
    }
    b->link.prev = NULL;
    b->link.next = m->first;
    if (m->first)
        m->first->link.prev = b;
    m->first = b;
    return b + 1;
}

static void hpdf_free(void *ptr) {
    if (!ptr)
        return;
    hpdf_mem *m = hpdf_memory;
    /* Once an allocation has failed, libharu may use a block it has just
     * freed: 2.3.0's AddResource adds to the resource dictionary that
     * HPDF_Dict_Add freed when its own allocation failed. So from then on
     * blocks stay allocated, and listed, until hpdf_release_lost. */
    if (m->failed)
        return;
    hpdf_block *b = (hpdf_block *)ptr - 1;
    if (b->link.prev)
        b->link.prev->link.next = b->link.next;
    else
        m->first = b->link.next;
    if (b->link.next)
        b->link.next->link.prev = b->link.prev;
    gl_free(m->alloc, b);
}

/* Frees what libharu lost (see hpdf_block); call after HPDF_Free. */
static void hpdf_release_lost(hpdf_mem *m) {
    while (m->first) {
        hpdf_block *next = m->first->link.next;
        gl_free(m->alloc, m->first);
        m->first = next;
    }
}

/* Records the first error and returns: libharu then refuses further work on
 * the document, and the writer checks the state after its calls. */
static void on_hpdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data) {
    hpdf_state *s = user_data;
    if (s->error == HPDF_OK) {
        s->error = error_no;
        s->detail = detail_no;
    }
}

static gl_status check(pdfw *w, const char *doing) {
    if (w->err->status != GL_OK)
        return w->err->status;
    if (w->hs.error == HPDF_OK)
        return GL_OK;
    if (w->hs.error == HPDF_FAILD_TO_ALLOC_MEM || w->mem.failed)
        return gl_fail(w->err, GL_ENOMEM, 0, "out of memory in libharu while %s", doing);
    return gl_fail(w->err, GL_EIO, 0, "libharu failed while %s (error 0x%04X, detail %u)", doing,
                   (unsigned)w->hs.error, (unsigned)w->hs.detail);
}

static gl_status oom(pdfw *w) {
    return gl_fail(w->err, GL_ENOMEM, 0, "out of memory while rendering the PDF");
}

static gl_status buf_status(pdfw *w, const gl_buf *b) {
    if (b->status == GL_OK)
        return GL_OK;
    if (b->status == GL_ENOMEM)
        return oom(w);
    return gl_fail(w->err, b->status, 0, "text block larger than %zu bytes", b->max);
}

/* Grows an array of `size`-byte items to hold `need`. */
static bool grow(const gl_allocator *a, void **items, size_t *cap, size_t need, size_t size) {
    if (need <= *cap)
        return true;
    size_t n = *cap ? *cap : 16;
    while (n < need) {
        if (__builtin_mul_overflow(n, 2, &n))
            return false;
    }
    size_t bytes;
    if (__builtin_mul_overflow(n, size, &bytes))
        return false;
    void *p = gl_realloc(a, *items, bytes);
    if (!p)
        return false;
    *items = p;
    *cap = n;
    return true;
}

/* ---- fonts and measures ---- */

static gl_status push_op(pdfw *w, op o) {
    if (!grow(w->alloc, (void **)&w->ops, &w->op_cap, w->nops + 1, sizeof *w->ops))
        return oom(w);
    o.page = w->page_no ? w->page_no - 1 : 0;
    w->ops[w->nops++] = o;
    return GL_OK;
}

/* Opens `path` as a new font; -1 on failure (err says why). */
static int open_font(pdfw *w, const char *path) {
    for (size_t i = 0; i < w->nfonts; i++) {
        if (strcmp(w->fonts[i].path, path) == 0)
            return (int)i;
    }
    if (!grow(w->alloc, (void **)&w->fonts, &w->font_cap, w->nfonts + 1, sizeof *w->fonts)) {
        oom(w);
        return -1;
    }
    if (gl_pdf_font_open(&w->fonts[w->nfonts], path, w->alloc, w->err) != GL_OK)
        return -1;
    return (int)w->nfonts++;
}

/* The font of a face, opened on first use; -1 on failure. A face whose
 * style is missing shares the file of another (fontconfig's nearest match). */
static int get_font(pdfw *w, gl_pdf_face face) {
    if (w->face_font[face] < 0)
        w->face_font[face] = open_font(w, w->faces.path[face]);
    return w->face_font[face];
}

/* The advance of `cp` in 1/1000 em, or -1 when the font lacks it. */
static int advance(pdfw *w, unsigned font, uint32_t cp) {
    return gl_pdf_font_advance(&w->fonts[font], cp);
}

/* Width in points of a short UTF-8 string in one font (markers, page numbers). */
static double text_width(pdfw *w, unsigned font, double size, const char *s) {
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

static bool was_warned(const pdfw *w, uint32_t cp) {
    for (size_t i = 0; i < w->nwarned; i++) {
        if (w->warned[i] == cp)
            return true;
    }
    return false;
}

/* Reports a character no font can draw, once per document. */
static void warn_missing(pdfw *w, uint32_t cp, unsigned long line) {
    if (was_warned(w, cp) || w->nwarned == MAX_WARNED)
        return;
    w->warned[w->nwarned++] = cp;
    if (cp > 0xFFFF)
        gl_warnf(w->opt, NULL, line,
                 "U+%04X is outside the Basic Multilingual Plane, which the PDF writer cannot "
                 "draw; replaced",
                 (unsigned)cp);
    else
        gl_warnf(w->opt, NULL, line, "U+%04X is in no installed TrueType font; replaced",
                 (unsigned)cp);
}

/* A font that has `cp` when `font` lacks it: a fallback already open, else
 * the one fontconfig finds by coverage. -1 when none (or on failure, with
 * err set). */
static int fallback(pdfw *w, uint32_t cp) {
    if (cp > 0xFFFF || was_warned(w, cp))
        return -1;
    for (size_t i = 0; i < w->nfonts; i++) {
        if (gl_pdf_font_has(&w->fonts[i], cp))
            return (int)i;
    }
    /* The fallbacks of earlier runs (from the font cache), before fontconfig. */
    for (size_t i = 0; i < w->faces.nfallback; i++) {
        int f = open_font(w, w->faces.fallback[i]);
        if (f < 0)
            return -1;
        if (gl_pdf_font_has(&w->fonts[f], cp))
            return f;
    }
    char *path = NULL;
    if (gl_pdf_fonts_fallback(cp, &path, w->alloc, w->err) != GL_OK || !path)
        return -1;
    int f = open_font(w, path);
    if (f >= 0 && gl_pdf_fonts_add_fallback(&w->faces, path, w->alloc, w->err) != GL_OK)
        f = -1;
    w->faces.changed = true;
    gl_free(w->alloc, path);
    if (f >= 0 && !gl_pdf_font_has(&w->fonts[f], cp))
        return -1;
    return f;
}

/* ---- flattened paragraphs ---- */

static void para_init(para *p, const gl_allocator *a) {
    memset(p, 0, sizeof *p);
    gl_buf_init(&p->text, a, 0);
}

static void para_free(para *p) {
    const gl_allocator *a = p->text.alloc;
    gl_buf_free(&p->text);
    gl_free(a, p->spans);
    gl_free(a, p->cum);
    gl_free(a, p->lines);
}

static gl_status para_reset(pdfw *w, para *p) {
    gl_buf_clear(&p->text);
    p->nspans = 0;
    gl_free(w->alloc, p->lines);
    p->lines = NULL;
    p->nlines = 0;
    p->cursor = 0;
    if (!grow(w->alloc, (void **)&p->cum, &p->cum_cap, 1, sizeof *p->cum))
        return oom(w);
    p->cum[0] = 0;
    return GL_OK;
}

typedef struct style {
    gl_pdf_face face;
    double size, rise;
    const char *url;
    int ink;
    bool strike;
    size_t image; /* as in span */
} style;

static bool same_style(const span *s, const style *st, unsigned font) {
    return s->font == font && s->size == st->size && s->rise == st->rise && s->url == st->url &&
           s->ink == st->ink && s->strike == st->strike;
}

/* Appends the bytes of one drawn character (or a '\n' break) of width `adv`. */
static gl_status para_put(pdfw *w, para *p, const char *bytes, size_t n, double width,
                          const style *st, unsigned font) {
    size_t at = p->text.len;
    if (!grow(w->alloc, (void **)&p->cum, &p->cum_cap, at + n + 1, sizeof *p->cum))
        return oom(w);
    if (gl_buf_append(&p->text, bytes, n) != GL_OK)
        return buf_status(w, &p->text);
    for (size_t k = 1; k < n; k++)
        p->cum[at + k] = p->cum[at];
    p->cum[at + n] = p->cum[at] + width;
    span *last = p->nspans ? &p->spans[p->nspans - 1] : NULL;
    if (last && last->end == at && !st->image && !last->image && same_style(last, st, font)) {
        last->end = at + n;
        return GL_OK;
    }
    if (!grow(w->alloc, (void **)&p->spans, &p->span_cap, p->nspans + 1, sizeof *p->spans))
        return oom(w);
    p->spans[p->nspans++] =
        (span){at, at + n, font, st->size, st->rise, st->url, st->ink, st->strike, st->image};
    return GL_OK;
}

enum { TEXT_PROSE, TEXT_CODE };

/* Appends UTF-8 text in one style. Prose turns newlines and tabs into spaces
 * (a soft break); code keeps newlines and expands tabs to 4 columns. Characters
 * the face cannot draw become U+FFFD (or '?' when even that is missing). */
static gl_status para_add(pdfw *w, para *p, const char *s, size_t len, const style *st, int mode,
                          unsigned long line) {
    int base = get_font(w, st->face);
    if (base < 0)
        return w->err->status;
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
            continue;
        }
        size_t repeat = 1;
        if (cp == '\t' && mode == TEXT_CODE) {
            repeat = 4 - column % 4;
            cp = ' ';
        } else if (cp < 0x20) {
            cp = ' ';
        }
        int font = base;
        int adv = advance(w, (unsigned)font, (uint32_t)cp);
        if (adv < 0) {
            font = fallback(w, (uint32_t)cp);
            if (w->err->status != GL_OK)
                return w->err->status;
            adv = font >= 0 ? advance(w, (unsigned)font, (uint32_t)cp) : -1;
        }
        if (adv < 0) {
            warn_missing(w, (uint32_t)cp, line);
            font = base;
            cp = 0xFFFD;
            adv = advance(w, (unsigned)font, 0xFFFD);
            if (adv < 0) {
                cp = '?';
                adv = advance(w, (unsigned)font, '?');
            }
        }
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
static bool linkable(const char *url) {
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

static const note *find_note(const pdfw *w, const char *label);
static int figure_image(pdfw *w, const gl_node *n);
static double frame_left(const pdfw *w);

/* An image among words: as tall as a line's text (ascender to descender),
 * never enlarged beyond 96 pixels an inch nor wider than the column, one
 * unbreakable U+FFFC of its width for the line breaker. */
static gl_status inline_image(pdfw *w, para *p, int img, style *sty) {
    const gl_pdf_image *f = &w->images[img].file;
    double ih = (ASCENT + DESCENT) * sty->size, iw, maxw = w->right - frame_left(w);
    if (ih > f->height * 0.75)
        ih = f->height * 0.75;
    iw = ih * f->width / f->height;
    if (iw > maxw)
        iw = maxw;
    int font = get_font(w, sty->face);
    if (font < 0)
        return w->err->status;
    sty->image = (size_t)img + 1;
    sty->strike = false;
    return para_put(w, p, "\xEF\xBF\xBC", 3, iw, sty, (unsigned)font);
}

/* Flattens the inlines under `block` into `p`. */
static gl_status flatten(pdfw *w, para *p, const gl_node *block, gl_pdf_face base, double size) {
    inline_state s = {0};
    gl_iter it;
    gl_iter_init(&it, block);
    gl_event ev;
    while ((ev = gl_iter_next(&it)) != GL_EVENT_NONE) {
        const gl_node *n = it.node;
        if (n == block)
            continue;
        int d = ev == GL_EVENT_ENTER ? 1 : -1;
        gl_status st = GL_OK;
        style sty;
        char label[32];
        switch (n->type) {
        case GL_NODE_TEXT:
            sty = style_for(base, size, &s, false);
            st = para_add(w, p, n->text, n->text_len, &sty, TEXT_PROSE, n->line);
            break;
        case GL_NODE_CODE:
            s.code++;
            sty = style_for(base, size, &s, false);
            s.code--;
            st = para_add(w, p, n->text, n->text_len, &sty, TEXT_PROSE, n->line);
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
            s.url = d > 0 && linkable(n->url) ? n->url : NULL;
            break;
        case GL_NODE_IMAGE:
            if (n->url) {
                int img = figure_image(w, n);
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
            st = para_add(w, p, "[", 1, &sty, TEXT_PROSE, n->line);
            if (st == GL_OK && n->text && n->text_len)
                st = para_add(w, p, n->text, n->text_len, &sty, TEXT_PROSE, n->line);
            else if (st == GL_OK)
                st = para_add(w, p, "image", 5, &sty, TEXT_PROSE, n->line);
            if (st == GL_OK)
                st = para_add(w, p, "]", 1, &sty, TEXT_PROSE, n->line);
            break;
        case GL_NODE_FOOTNOTE_REF: {
            const note *nt = find_note(w, n->info);
            if (nt)
                snprintf(label, sizeof label, "[%zu]", nt->number);
            else
                snprintf(label, sizeof label, "[?]");
            sty = style_for(base, size, &s, true);
            if (nt)
                sty.url = nt->names; /* a jump to the note */
            st = para_add(w, p, label, strlen(label), &sty, TEXT_PROSE, n->line);
            break;
        }
        case GL_NODE_LINE_BREAK:
            sty = style_for(base, size, &s, false);
            st = get_font(w, sty.face) < 0
                     ? w->err->status
                     : para_put(w, p, "\n", 1, 0, &sty, (unsigned)w->face_font[sty.face]);
            break;
        default:
            break;
        }
        if (st != GL_OK)
            return st;
    }
    return GL_OK;
}

static double measure(void *userdata, size_t start, size_t end) {
    const para *p = userdata;
    return p->cum[end] - p->cum[start];
}

/* The hyphenation points of a word (gl_hyphenate_fn): the dictionary of the
 * document's language is looked up at the first word that needs it, so a
 * document whose lines all fit never loads one. */
static size_t hyphen_points(void *userdata, const char *word, size_t len, size_t *points,
                            size_t max) {
    pdfw *w = userdata;
    if (!w->hyphen_tried && !gl_hyphen_candidate(w->lang, word, len))
        return 0;
    if (!w->hyphen_tried) {
        w->hyphen_tried = true;
        /* The font cache's folder keeps compiled dictionaries too. */
        char folder[256] = "";
        const char *fc = w->opt->font_cache, *slash = fc ? strrchr(fc, '/') : NULL;
        if (slash && slash > fc && (size_t)(slash - fc) < sizeof folder) {
            memcpy(folder, fc, (size_t)(slash - fc));
            folder[slash - fc] = '\0';
        }
        w->hyphen = gl_hyphen_dict_for(GL_HYPHEN_DIR, w->lang, *folder ? folder : NULL);
    }
    return gl_hyphen_points(w->hyphen, word, len, points, max);
}

/* Breaks `p` into lines of `width`; with `hyphenate` (justified prose), a
 * line that would stretch its spaces by more than HYPHEN_LOOSE times may
 * end inside a word, with a hyphen of the paragraph's font `font`. */
static gl_status para_break_h(pdfw *w, para *p, double width, bool hyphenate, unsigned font,
                              double size) {
    gl_linebreak_params params = {width > 1 ? width : 1, w->lang, true};
    int hw = advance(w, font, '-');
    if (hyphenate && w->lang && hw > 0) {
        params.hyphenate = hyphen_points;
        params.hyphen_data = w;
        params.hyphen_width = hw * size / 1000.0;
        params.hyphen_loose = HYPHEN_LOOSE;
    }
    if (gl_linebreak(p->text.data ? p->text.data : "", p->text.len, &params, measure, p, w->alloc,
                     &p->lines, &p->nlines) != GL_OK)
        return oom(w);
    return GL_OK;
}

static gl_status para_break(pdfw *w, para *p, double width) {
    return para_break_h(w, p, width, false, 0, 0);
}

/* The largest font size on a line (its line box), w->sz.small when empty. */
static double line_size(const para *p, const gl_line *ln, double dflt) {
    double size = 0;
    for (size_t i = p->cursor; i < p->nspans && p->spans[i].start < ln->end; i++) {
        const span *s = &p->spans[i];
        if (s->end > ln->start && s->rise == 0 && s->size > size)
            size = s->size;
    }
    return size > 0 ? size : dflt;
}

/* ---- pages and vertical placement ---- */

static gl_status line_op(pdfw *w, double x0, double y0, double x1, double y1, double width,
                         double gray) {
    op o = {.kind = OP_LINE, .x = x0, .y = y0, .a = x1, .b = y1, .width = width, .gray = gray};
    return push_op(w, o);
}

/* Positions are written to 1/100 pt, finer than any device shows: shorter
 * numbers make smaller content streams. */
static double hundredths(double v) {
    return (double)(long long)(v * 100 + (v < 0 ? -0.5 : 0.5)) / 100;
}

static gl_status text_op(pdfw *w, unsigned font, double size, double rise, int ink, double x,
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
        return buf_status(w, &w->optext);
    return push_op(w, o);
}

static gl_status draw_rule_v(pdfw *w, double x, double y0, double y1) {
    return line_op(w, x, y0, x, y1, 1.5, 0.75);
}

/* Closes the rules of the open quotes on this page at `bottom`. */
static gl_status close_quote_rules(pdfw *w, double bottom) {
    for (size_t i = 0; i < w->nframes; i++) {
        frame *f = &w->frames[i];
        if (f->type != GL_NODE_BLOCKQUOTE || f->rule_top < 0)
            continue;
        gl_status st = draw_rule_v(w, f->left - w->sz.quote_indent + 3, f->rule_top, bottom);
        if (st != GL_OK)
            return st;
        f->rule_top = -1;
        w->unset_rules++;
    }
    return GL_OK;
}

static gl_status new_page(pdfw *w) {
    if (w->page_no) {
        gl_status st = close_quote_rules(w, w->y);
        if (st != GL_OK)
            return st;
    }
    w->page_no++;
    int font = get_font(w, GL_PDF_SERIF);
    if (font < 0)
        return w->err->status;
    char num[24];
    snprintf(num, sizeof num, "%u", w->page_no);
    double nw = text_width(w, (unsigned)font, w->sz.small, num);
    w->y = w->top;
    w->fresh = true;
    return text_op(w, (unsigned)font, w->sz.small, 0, INK_GREY, (w->page_w - nw) / 2, w->bottom / 2,
                   num, strlen(num));
}

/* Makes the bookmark of the heading whose first line starts at `top`. */
static gl_status make_outline(pdfw *w, double top) {
    int level = w->outline_pending;
    w->outline_pending = 0;
    while (w->outline_depth > 0 && w->outline_levels[w->outline_depth - 1] >= level)
        w->outline_depth--;
    op o = {.kind = OP_OUTLINE,
            .parent = w->outline_depth ? w->outlines[w->outline_depth - 1] : -1,
            .y = top,
            .off = w->optext.len,
            .len = w->outline_title.len};
    if (gl_buf_append(&w->optext, gl_buf_cstr(&w->outline_title), w->outline_title.len) != GL_OK)
        return buf_status(w, &w->optext);
    w->outlines[w->outline_depth] = (int)w->noutlines++;
    w->outline_levels[w->outline_depth++] = level;
    w->has_outline = true;
    return push_op(w, o);
}

/* Records that `name` (an id, or a note's internal name) is at `top` on
 * this page. */
static gl_status add_dest(pdfw *w, const char *name, double top) {
    if (!grow(w->alloc, (void **)&w->dests, &w->dest_cap, w->ndests + 1, sizeof *w->dests))
        return oom(w);
    w->dests[w->ndests] = (dest){name, w->ndests, w->page_no ? w->page_no - 1 : 0, top};
    w->ndests++;
    return GL_OK;
}

/* A note's "\x01r" name from its "\x01n" name (see note.names). */
static const char *ref_of(const char *note_name) { return note_name + strlen(note_name) + 1; }

/* Reserves a line box of height `lh`, starting a page when it does not fit;
 * `*top` gets its top. */
static gl_status place(pdfw *w, double lh, double *top) {
    double gap = w->fresh ? 0 : w->gap;
    if (!w->fresh && w->y - gap - lh < w->bottom) {
        gl_status st = new_page(w);
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
    return w->outline_pending ? make_outline(w, *top) : GL_OK;
}

static void want_gap(pdfw *w, double gap) {
    if (gap > w->gap)
        w->gap = gap;
}

static double baseline_in(double top, double lh, double size) {
    return top - (lh - (ASCENT + DESCENT) * size) / 2 - ASCENT * size;
}

static gl_status draw_marker(pdfw *w, double baseline) {
    w->has_marker = false;
    int font = get_font(w, w->marker_face);
    if (font < 0)
        return w->err->status;
    double mw = text_width(w, (unsigned)font, w->sz.body, w->marker);
    gl_status st = text_op(w, (unsigned)font, w->sz.body, 0, INK_TEXT, w->marker_right - mw,
                           baseline, w->marker, strlen(w->marker));
    if (st == GL_OK && w->marker_url) {
        /* A note's number leads back to where it is referenced. */
        op o = {.kind = OP_LINK,
                .x = w->marker_right - mw,
                .y = baseline - DESCENT * w->sz.body,
                .a = w->marker_right,
                .b = baseline + ASCENT * w->sz.body,
                .url = w->marker_url};
        st = push_op(w, o);
    }
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
        gl_status st = line_op(w, f->x0, y, f->x1, y, f->size * 0.06, 0);
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
        op o = {.kind = OP_LINK,
                .x = f->x0,
                .y = f->baseline - DESCENT * size,
                .a = x1,
                .b = f->baseline + ASCENT * size,
                .url = f->url};
        gl_status st = push_op(w, o);
        /* A note's reference: where the note's number leads back to. */
        if (st == GL_OK && f->url[0] == '\x01')
            st = add_dest(w, ref_of(f->url), f->baseline + ASCENT * size * 2);
        if (st != GL_OK)
            return st;
        i = j;
    }
    return GL_OK;
}

/* Draws line `ln` of `p` with its left end at `x`. */
/* Draws line `ln` of `p` with its left end at `x`; with `justify` > 0 and a
 * line that does not end its paragraph, the line is stretched to that width:
 * between words when it has spaces (a TJ adjustment after each space:
 * HPDF_Page_SetWordSpace cannot widen the two-byte spaces of a UTF-8 font, as
 * Tw applies to the single byte 32 only, ISO 32000-1 9.3.3), else between
 * characters (CJK, a cut URL) through the character spacing Tc, which
 * two-byte fonts do honour. */
static gl_status draw_line(pdfw *w, para *p, const gl_line *ln, double x, double baseline,
                           double justify) {
    w->nfrags = 0;
    double extra = justify > 0 && !ln->hard ? justify - ln->width : 0;
    size_t nspaces = 0, nchars = 0;
    for (size_t k = ln->start; k < ln->end && extra > 0; k++) {
        unsigned char c = (unsigned char)p->text.data[k];
        nspaces += c == ' ';
        nchars += (c & 0xC0) != 0x80;
    }
    double stretch = nspaces ? extra / (double)nspaces : 0;
    w->char_space = !nspaces && nchars > 1 && extra > 0 ? extra / (double)(nchars - 1) : 0;
    size_t spaces = 0, chars = 0;
    while (p->cursor < p->nspans && p->spans[p->cursor].end <= ln->start)
        p->cursor++;
    for (size_t i = p->cursor; i < p->nspans && p->spans[i].start < ln->end; i++) {
        const span *s = &p->spans[i];
        size_t fs = s->start > ln->start ? s->start : ln->start;
        size_t fe = s->end < ln->end ? s->end : ln->end;
        if (fs >= fe)
            continue;
        size_t spaces0 = spaces, chars0 = chars;
        double fx = x + p->cum[fs] - p->cum[ln->start] + stretch * (double)spaces0 +
                    w->char_space * (double)chars0;
        w->stretch = stretch;
        gl_status st;
        if (s->image) {
            const gl_pdf_image *f = &w->images[s->image - 1].file;
            double iw = p->cum[fe] - p->cum[fs], ih = iw * f->height / f->width;
            op o = {.kind = OP_IMAGE,
                    .x = fx,
                    .y = baseline + s->rise - DESCENT * s->size,
                    .a = iw,
                    .b = ih,
                    .off = s->image - 1};
            st = push_op(w, o);
        } else {
            st = text_op(w, s->font, s->size, s->rise, s->ink, fx, baseline, p->text.data + fs,
                         fe - fs);
        }
        if (st != GL_OK)
            return st;
        for (size_t k = fs; k < fe; k++) {
            unsigned char c = (unsigned char)p->text.data[k];
            spaces += c == ' ';
            chars += (c & 0xC0) != 0x80;
        }
        double fw = p->cum[fe] - p->cum[fs] + stretch * (double)(spaces - spaces0) +
                    w->char_space * (double)(chars - chars0);
        if (s->url || s->strike) {
            if (!grow(w->alloc, (void **)&w->frags, &w->frag_cap, w->nfrags + 1, sizeof *w->frags))
                return oom(w);
            w->frags[w->nfrags++] =
                (frag){fx, fx + fw, baseline + s->rise, s->size, s->url, s->strike};
        }
    }
    if (ln->hyphen && ln->end > ln->start) {
        /* The hyphen follows the last glyph, in the font of the last span. */
        const span *s = &p->spans[p->cursor];
        for (size_t i = p->cursor; i < p->nspans && p->spans[i].start < ln->end; i++)
            s = &p->spans[i];
        double hx = x + p->cum[ln->end] - p->cum[ln->start] + stretch * (double)spaces +
                    w->char_space * (double)(chars ? chars - 1 : 0);
        w->char_space = 0;
        w->stretch = 0;
        gl_status st = text_op(w, s->font, s->size, s->rise, s->ink, hx, baseline, "-", 1);
        if (st != GL_OK)
            return st;
    }
    w->char_space = 0;
    w->stretch = 0;
    return w->nfrags ? decorate(w) : GL_OK;
}

/* Fills the grey band behind a code line. */
static gl_status code_band(pdfw *w, double x, double top, double width, double h) {
    op o = {.kind = OP_RECT, .x = x, .y = top - h, .a = x + width, .b = top, .gray = 0.94};
    return push_op(w, o);
}

static double frame_left(const pdfw *w) {
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
        double lh = line_size(p, &p->lines[k], dflt_size) * LEADING;
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

static gl_status draw_para(pdfw *w, para *p, double x, double dflt_size, double justify) {
    p->cursor = 0;
    size_t stop = page_stop(w, p, 0, dflt_size);
    for (size_t i = 0; i < p->nlines; i++) {
        const gl_line *ln = &p->lines[i];
        gl_status st = GL_OK;
        if (i == stop && !w->fresh) {
            if ((st = new_page(w)) != GL_OK)
                return st;
        }
        if (i == stop)
            stop = page_stop(w, p, i, dflt_size);
        double size = line_size(p, ln, dflt_size);
        double lh = size * LEADING, top;
        if ((st = place(w, lh, &top)) != GL_OK)
            return st;
        double base = baseline_in(top, lh, size);
        if (w->has_marker && (st = draw_marker(w, base)) != GL_OK)
            return st;
        if ((st = draw_line(w, p, ln, x, base, justify)) != GL_OK)
            return st;
    }
    return GL_OK;
}

/* The gap between blocks: smaller inside a tight list's items. */
static double block_gap(const pdfw *w) {
    for (size_t i = w->nframes; i > 0; i--) {
        const frame *f = &w->frames[i - 1];
        if (f->type == GL_NODE_ITEM || f->type == GL_NODE_LIST)
            return f->tight ? w->sz.tight_gap : w->sz.para_gap;
        if (f->type == GL_NODE_BLOCKQUOTE)
            break;
    }
    return w->sz.para_gap;
}

/* ---- blocks ---- */

static gl_status do_paragraph(pdfw *w, const gl_node *n, gl_pdf_face base, double size) {
    gl_status st = para_reset(w, &w->body);
    double x = frame_left(w);
    if (st == GL_OK)
        st = flatten(w, &w->body, n, base, size);
    int font = st == GL_OK ? get_font(w, base) : -1;
    if (st == GL_OK && font < 0)
        st = w->err->status;
    if (st == GL_OK)
        st = para_break_h(w, &w->body, w->right - x, !w->opt->ragged, (unsigned)font, size);
    want_gap(w, block_gap(w));
    if (st == GL_OK)
        st = draw_para(w, &w->body, x, size, w->opt->ragged ? 0 : w->right - x);
    want_gap(w, block_gap(w));
    return st;
}

/* Copies `s` for a bookmark or the document info: on one line, newlines
 * and other controls become spaces. */
static gl_status one_line(pdfw *w, gl_buf *out, const char *s, size_t len) {
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
    return buf_status(w, out);
}

static gl_status do_heading(pdfw *w, const gl_node *n) {
    int level = n->level >= 1 && n->level <= 6 ? n->level : 1;
    double size = w->sz.heading[level - 1];
    double x = frame_left(w);
    gl_status st = para_reset(w, &w->body);
    if (st == GL_OK)
        st = flatten(w, &w->body, n, GL_PDF_SANS_BOLD, size);
    if (st == GL_OK)
        st = para_break(w, &w->body, w->right - x);
    if (st != GL_OK)
        return st;
    want_gap(w, size * 0.9);
    /* Keep the heading with the first two lines of what follows (a
     * paragraph never leaves just one at the foot of a page). */
    double after = size * 0.4 > w->sz.para_gap ? size * 0.4 : w->sz.para_gap;
    double need = w->gap + after + w->sz.body * LEADING * 2 + 1;
    for (size_t i = 0; i < w->body.nlines; i++)
        need += line_size(&w->body, &w->body.lines[i], size) * LEADING;
    if (!w->fresh && w->y - need < w->bottom && (st = new_page(w)) != GL_OK)
        return st;
    if ((st = one_line(w, &w->outline_title, gl_buf_cstr(&w->body.text), w->body.text.len)) !=
        GL_OK)
        return st;
    w->outline_pending = level;
    w->pending_dest = n->info && *n->info ? n->info : NULL; /* the target of "#id" links */
    st = draw_para(w, &w->body, x, size, 0);
    w->outline_pending = 0;
    w->gap = size * 0.4;
    return st;
}

static gl_status do_code(pdfw *w, const gl_node *n) {
    gl_status st = para_reset(w, &w->body);
    size_t len = n->text_len;
    while (len > 0 && (n->text[len - 1] == '\n' || n->text[len - 1] == '\r'))
        len--;
    style sty = {GL_PDF_MONO, w->sz.code, 0, NULL, INK_TEXT, false};
    if (st == GL_OK && len)
        st = para_add(w, &w->body, n->text, len, &sty, TEXT_CODE, n->line);
    double x = frame_left(w), width = w->right - x;
    /* A line cut to fit ends with a grey return arrow (U+21B5) in a gutter
     * kept free for it, so a reader knows the next line continues it. */
    int mono = get_font(w, GL_PDF_MONO);
    if (mono < 0)
        return w->err->status;
    const char *mark = gl_pdf_font_has(&w->fonts[mono], 0x21B5) ? "\xE2\x86\xB5" : "\\";
    double mark_w = text_width(w, (unsigned)mono, w->sz.code, mark);
    if (st == GL_OK)
        st = para_break(w, &w->body, width - 2 * w->sz.code_pad - mark_w);
    if (st != GL_OK)
        return st;
    want_gap(w, w->sz.para_gap + 2);
    para *p = &w->body;
    p->cursor = 0;
    size_t count = p->nlines ? p->nlines : 1;
    for (size_t i = 0; i < count; i++) {
        double lh = w->sz.code * CODE_LEADING, pad_top = i == 0 ? w->sz.code_pad : 0;
        double pad_bottom = i + 1 == count ? w->sz.code_pad : 0, top;
        if ((st = place(w, lh + pad_top + pad_bottom, &top)) != GL_OK)
            return st;
        if ((st = code_band(w, x, top, width, lh + pad_top + pad_bottom)) != GL_OK)
            return st;
        double base = baseline_in(top - pad_top, lh, w->sz.code);
        if (w->has_marker && (st = draw_marker(w, base)) != GL_OK)
            return st;
        if (i < p->nlines &&
            (st = draw_line(w, p, &p->lines[i], x + w->sz.code_pad, base, 0)) != GL_OK)
            return st;
        if (i < p->nlines && !p->lines[i].hard &&
            (st = text_op(w, (unsigned)mono, w->sz.code, 0, INK_GREY,
                          x + width - w->sz.code_pad - mark_w, base, mark, strlen(mark))) != GL_OK)
            return st;
    }
    want_gap(w, w->sz.para_gap + 2);
    return GL_OK;
}

static gl_status hrule(pdfw *w, double x0, double x1, double y, double width) {
    return line_op(w, x0, y, x1, y, width, 0.6);
}

static gl_status do_thematic_break(pdfw *w) {
    double top;
    want_gap(w, w->sz.para_gap);
    gl_status st = place(w, 12, &top);
    if (st == GL_OK && w->has_marker)
        st = draw_marker(w, top - 9);
    if (st == GL_OK)
        st = hrule(w, frame_left(w), w->right, top - 6, 0.5);
    want_gap(w, w->sz.para_gap);
    return st;
}

/* The image of a figure, loaded into libharu on first use; -1 (after a
 * warning) when it cannot be drawn. */
static int figure_image(pdfw *w, const gl_node *n) {
    for (size_t i = 0; i < w->nimages; i++) {
        if (strcmp(w->images[i].url, n->url) == 0)
            return w->images[i].hpdf ? (int)i : -1;
    }
    if (!grow(w->alloc, (void **)&w->images, &w->image_cap, w->nimages + 1, sizeof *w->images)) {
        oom(w);
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
    const gl_pdf_image *f = &img->file;
    if (f->len > UINT32_MAX)
        return -1;
    img->hpdf = f->jpeg ? HPDF_LoadJpegImageFromMem(w->pdf, f->data, (HPDF_UINT)f->len)
                        : HPDF_LoadPngImageFromMem(w->pdf, f->data, (HPDF_UINT)f->len);
    if (!img->hpdf) {
        if (w->hs.error == HPDF_FAILD_TO_ALLOC_MEM || w->mem.failed) {
            oom(w);
            return -1;
        }
        /* A damaged file: libharu's error concerns this image only. */
        gl_warnf(w->opt, NULL, n->line,
                 "image '%.60s' cannot be decoded (libharu error 0x%04X): its alt text stands "
                 "in for it",
                 n->url, (unsigned)w->hs.error);
        HPDF_ResetError(w->pdf);
        w->hs.error = w->hs.detail = HPDF_OK;
        return -1;
    }
    gl_pdf_image_free(&img->file, w->alloc);
    img->file.width = (unsigned)HPDF_Image_GetWidth(img->hpdf);
    img->file.height = (unsigned)HPDF_Image_GetHeight(img->hpdf);
    return (int)w->nimages - 1;
}

/* A figure: its image fitted to the column (never enlarged beyond 96 pixels
 * an inch, nor taller than 3/4 of the page's text), centred, with the
 * caption centred under it and kept on its page; or, without a usable
 * image, its alt text in brackets. `n` is a FIGURE, or an IMAGE alone in its
 * paragraph (no caption); a non-NULL `link` makes the image clickable. */
static gl_status do_figure(pdfw *w, const gl_node *n, const char *link) {
    double x = frame_left(w), colw = w->right - x;
    int img = n->url ? figure_image(w, n) : -1;
    if (w->err->status != GL_OK)
        return w->err->status;
    gl_status st = GL_OK;
    if (img < 0) {
        st = para_reset(w, &w->body);
        style sty = {GL_PDF_SERIF_ITALIC, w->sz.body, 0, NULL, INK_GREY, false};
        if (st == GL_OK)
            st = para_add(w, &w->body, "[", 1, &sty, TEXT_PROSE, n->line);
        if (st == GL_OK)
            st = n->text && n->text_len
                     ? para_add(w, &w->body, n->text, n->text_len, &sty, TEXT_PROSE, n->line)
                     : para_add(w, &w->body, "image", 5, &sty, TEXT_PROSE, n->line);
        if (st == GL_OK)
            st = para_add(w, &w->body, "]", 1, &sty, TEXT_PROSE, n->line);
        if (st == GL_OK)
            st = para_break(w, &w->body, colw);
        want_gap(w, w->sz.para_gap);
        if (st == GL_OK)
            st = draw_para(w, &w->body, x, w->sz.body, 0);
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
        st = para_reset(w, &w->body);
        if (st == GL_OK && n->first_child)
            st = flatten(w, &w->body, n, GL_PDF_SERIF, w->sz.small);
        if (st == GL_OK && n->first_child)
            st = para_break(w, &w->body, colw);
        for (size_t i = 0; st == GL_OK && i < w->body.nlines; i++)
            cap_h += line_size(&w->body, &w->body.lines[i], w->sz.small) * LEADING;
        want_gap(w, w->sz.para_gap + 2);
        if (st == GL_OK && !w->fresh && w->y - w->gap - ih - 3 - cap_h < w->bottom)
            st = new_page(w);
        double top;
        if (st == GL_OK)
            st = place(w, ih, &top);
        if (st == GL_OK) {
            op o = {.kind = OP_IMAGE,
                    .x = x + (colw - iw) / 2,
                    .y = top - ih,
                    .a = iw,
                    .b = ih,
                    .off = (size_t)img};
            st = push_op(w, o);
        }
        if (st == GL_OK && link) {
            op o = {.kind = OP_LINK,
                    .x = x + (colw - iw) / 2,
                    .y = top - ih,
                    .a = x + (colw + iw) / 2,
                    .b = top,
                    .url = link};
            st = push_op(w, o);
        }
        want_gap(w, 3);
        w->body.cursor = 0;
        for (size_t i = 0; st == GL_OK && i < w->body.nlines; i++) {
            const gl_line *ln = &w->body.lines[i];
            double size = line_size(&w->body, ln, w->sz.small), lh = size * LEADING;
            if ((st = place(w, lh, &top)) == GL_OK)
                st = draw_line(w, &w->body, ln, x + (colw - ln->width) / 2,
                               baseline_in(top, lh, size), 0);
        }
        want_gap(w, w->sz.para_gap + 2);
        return st;
    }
    if (st == GL_OK && n->first_child) {
        st = para_reset(w, &w->body);
        if (st == GL_OK)
            st = flatten(w, &w->body, n, GL_PDF_SERIF, w->sz.small);
        if (st == GL_OK)
            st = para_break(w, &w->body, colw);
        if (st == GL_OK)
            st = draw_para(w, &w->body, x, w->sz.small, 0);
    }
    want_gap(w, w->sz.para_gap);
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
            gl_status st = para_reset(w, p);
            if (st == GL_OK)
                st = flatten(w, p, cell, cell_face(cell), w->sz.cell);
            gl_linebreak_params words = {0.001, w->lang, false};
            if (st == GL_OK && gl_linebreak(p->text.data ? p->text.data : "", p->text.len, &words,
                                            measure, p, w->alloc, &p->lines, &p->nlines) != GL_OK)
                st = oom(w);
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
} grid;

/* Flattens and breaks the cells of `row` into w->cells; *height gets the
 * row's height and *nlines its lines. */
static gl_status row_layout(pdfw *w, const gl_node *row, const grid *g, size_t *nlines,
                            double *height) {
    size_t c = 0;
    *nlines = 1;
    for (const gl_node *cell = row->first_child; cell && c < g->ncols; cell = cell->next, c++) {
        para *p = &w->cells[c];
        gl_status st = para_reset(w, p);
        if (st == GL_OK)
            st = flatten(w, p, cell, cell_face(cell), w->sz.cell);
        if (st == GL_OK)
            st = para_break(w, p, g->colw[c] - 2 * w->sz.cell_pad);
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
                double sz = line_size(p, &p->lines[k], w->sz.cell);
                size = sz > size ? sz : size;
            }
        }
        *height += size * LEADING;
    }
    return GL_OK;
}

static gl_status grid_line(pdfw *w, const grid *g, double y, double width) {
    return line_op(w, g->x0, y, g->x1, y, width, GRID_GRAY);
}

static gl_status grid_columns(pdfw *w, const grid *g, double top, double bottom) {
    gl_status st = GL_OK;
    for (size_t c = 0; c <= g->ncols && st == GL_OK; c++) {
        double x = c < g->ncols ? g->colx[c] : g->x1;
        st = line_op(w, x, top, x, bottom, 0.4, GRID_GRAY);
    }
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
                double sz = line_size(p, &p->lines[k], w->sz.cell);
                size = sz > size ? sz : size;
            }
        }
        double pad_top = k == 0 ? w->sz.cell_pad : 0,
               pad_bottom = k + 1 == nlines ? w->sz.cell_pad : 0;
        double lh = size * LEADING, box = lh + pad_top + pad_bottom, top;
        unsigned page = w->page_no;
        if ((st = place(w, box, &top)) != GL_OK)
            break;
        if (k == 0)
            row_top = top;
        /* The grid's top edge: above the row, or where a page cut it. */
        if ((k == 0 || w->page_no != page) && (st = grid_line(w, g, top, 0.4)) != GL_OK)
            break;
        if (cut && (st = grid_columns(w, g, top, top - box)) != GL_OK)
            break;
        double base = baseline_in(top - pad_top, lh, size);
        if (w->has_marker && (st = draw_marker(w, base)) != GL_OK)
            break;
        size_t c = 0;
        for (const gl_node *cell = row->first_child; cell && c < g->ncols && st == GL_OK;
             cell = cell->next, c++) {
            para *p = &w->cells[c];
            if (k >= p->nlines)
                continue;
            double cx = g->colx[c] + w->sz.cell_pad;
            double room = g->colw[c] - 2 * w->sz.cell_pad - p->lines[k].width;
            if (cell->align == GL_ALIGN_RIGHT)
                cx += room;
            else if (cell->align == GL_ALIGN_CENTER)
                cx += room / 2;
            st = draw_line(w, p, &p->lines[k], cx, base, 0);
        }
    }
    if (st == GL_OK && !cut)
        st = grid_columns(w, g, row_top, w->y);
    return st == GL_OK ? grid_line(w, g, w->y, header ? 1.0 : 0.4) : st;
}

/* A table as a grid: columns sized to their content, each cell's text
 * wrapped in its column. A row that fits on a page is never cut: it starts
 * the next page, under a repeat of the header row. */
static gl_status do_table(pdfw *w, const gl_node *n) {
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
        if (!grow(w->alloc, (void **)&w->cells, &w->cell_cap, ncols, sizeof *w->cells))
            return oom(w);
        for (size_t i = old; i < w->cell_cap; i++)
            para_init(&w->cells[i], w->alloc);
    }
    double *nums = gl_malloc_array(w->alloc, ncols, 4 * sizeof *nums);
    if (!nums)
        return oom(w);
    memset(nums, 0, ncols * 4 * sizeof *nums);
    grid g = {ncols, frame_left(w), w->right, nums + 2 * ncols, nums + 3 * ncols};
    gl_status st = measure_columns(w, n, ncols, nums, nums + ncols);
    if (st == GL_OK) {
        column_widths(ncols, nums, nums + ncols, g.x1 - g.x0, w->sz.cell_pad, g.colw);
        for (size_t c = 0; c < ncols; c++)
            g.colx[c] = c ? g.colx[c - 1] + g.colw[c - 1] : g.x0;
    }
    /* The header: a first row of header cells. */
    const gl_node *head = n->first_child;
    bool has_head = head && head->first_child && head->first_child->header;
    double page_room = w->top - w->bottom;
    want_gap(w, w->sz.para_gap);
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
            if ((st = new_page(w)) != GL_OK)
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
    want_gap(w, w->sz.para_gap);
    return st;
}

/* ---- containers ---- */

static gl_status push_frame(pdfw *w, gl_node_type type, double indent) {
    if (!grow(w->alloc, (void **)&w->frames, &w->frame_cap, w->nframes + 1, sizeof *w->frames))
        return oom(w);
    double left = frame_left(w);
    /* Deep nesting stops indenting while a third of the column is left. */
    if (w->right - (left + indent) >= (w->right - w->left) / 3)
        left += indent;
    frame *f = &w->frames[w->nframes++];
    *f = (frame){type, left, 1, false, false, -1};
    if (type == GL_NODE_BLOCKQUOTE)
        w->unset_rules++;
    return GL_OK;
}

/* Draws a pending marker alone on a line (an item with nothing to show). */
static gl_status flush_marker(pdfw *w) {
    if (!w->has_marker)
        return GL_OK;
    double lh = w->sz.body * LEADING, top;
    gl_status st = place(w, lh, &top);
    return st == GL_OK ? draw_marker(w, baseline_in(top, lh, w->sz.body)) : st;
}

static gl_status set_marker(pdfw *w, const char *text, gl_pdf_face face) {
    gl_status st = flush_marker(w);
    if (st != GL_OK)
        return st;
    snprintf(w->marker, sizeof w->marker, "%s", text);
    w->marker_face = face;
    w->marker_right = frame_left(w) - w->sz.marker_gap;
    w->has_marker = true;
    return get_font(w, face) >= 0 ? GL_OK : w->err->status;
}

/* A task box from the body face or the heading face, else ASCII. */
static gl_status task_marker(pdfw *w, gl_task task) {
    const char *box = task == GL_TASK_DONE ? "\xE2\x98\x91" : "\xE2\x98\x90";
    uint32_t cp = task == GL_TASK_DONE ? 0x2611 : 0x2610;
    static const gl_pdf_face faces[] = {GL_PDF_SERIF, GL_PDF_SANS_BOLD};
    for (size_t i = 0; i < sizeof faces / sizeof *faces; i++) {
        int font = get_font(w, faces[i]);
        if (font < 0)
            return w->err->status;
        if (gl_pdf_font_has(&w->fonts[font], cp))
            return set_marker(w, box, faces[i]);
    }
    return set_marker(w, task == GL_TASK_DONE ? "[x]" : "[ ]", GL_PDF_SERIF);
}

static gl_status enter_item(pdfw *w, const gl_node *n) {
    frame *list = w->nframes ? &w->frames[w->nframes - 1] : NULL;
    bool ordered = list && list->type == GL_NODE_LIST && list->ordered;
    long number = list && list->type == GL_NODE_LIST ? list->number++ : 1;
    bool tight = list && list->tight;
    gl_status st = push_frame(w, GL_NODE_ITEM, w->sz.list_indent);
    if (st != GL_OK)
        return st;
    w->frames[w->nframes - 1].tight = tight;
    if (n->task != GL_TASK_NONE)
        return task_marker(w, n->task);
    if (ordered) {
        char num[24];
        snprintf(num, sizeof num, "%ld.", number);
        return set_marker(w, num, GL_PDF_SERIF);
    }
    return set_marker(w, "\xE2\x80\xA2", GL_PDF_SERIF);
}

/* A footnote: its number hangs in an indent wide enough for it, so that
 * "[10]" stays inside the text column. */
static gl_status enter_note(pdfw *w, const note *nt) {
    char num[32];
    snprintf(num, sizeof num, "[%zu]", nt ? nt->number : (size_t)0);
    int font = get_font(w, GL_PDF_SERIF);
    if (font < 0)
        return w->err->status;
    double need = text_width(w, (unsigned)font, w->sz.body, num) + w->sz.marker_gap;
    gl_status st =
        push_frame(w, GL_NODE_FOOTNOTE_DEF, need > w->sz.list_indent ? need : w->sz.list_indent);
    if (st == GL_OK)
        st = set_marker(w, num, GL_PDF_SERIF);
    if (st == GL_OK && nt) {
        w->pending_dest = nt->names;
        w->marker_url = ref_of(nt->names);
    }
    return st;
}

static gl_status exit_quote(pdfw *w) {
    frame *f = &w->frames[w->nframes - 1];
    gl_status st = GL_OK;
    if (f->rule_top >= 0)
        st = draw_rule_v(w, f->left - w->sz.quote_indent + 3, f->rule_top, w->y);
    else
        w->unset_rules--;
    w->nframes--;
    want_gap(w, w->sz.para_gap);
    return st;
}

/* The image that stands alone in paragraph `block` (besides it only
 * whitespace, and the links and emphasis around it), as HTML's <p><img></p>
 * or <p><a><img></a></p> has it; NULL when there is none or there is more.
 * *link is the clickable target of the link around it, if any. */
static const gl_node *lone_image(const gl_node *block, const char **link) {
    const gl_node *img = NULL;
    const char *url = NULL;
    gl_iter it;
    gl_iter_init(&it, block);
    gl_event ev;
    while ((ev = gl_iter_next(&it)) != GL_EVENT_NONE) {
        const gl_node *n = it.node;
        if (n == block)
            continue;
        if (ev != GL_EVENT_ENTER) {
            if (n->type == GL_NODE_LINK)
                url = NULL;
            continue;
        }
        switch (n->type) {
        case GL_NODE_TEXT:
            for (size_t i = 0; i < n->text_len; i++) {
                char c = n->text[i];
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                    return NULL;
            }
            break;
        case GL_NODE_LINE_BREAK:
        case GL_NODE_EMPH:
        case GL_NODE_STRONG:
            break;
        case GL_NODE_LINK:
            url = linkable(n->url) ? n->url : NULL;
            break;
        case GL_NODE_IMAGE:
            if (img || !n->url)
                return NULL;
            img = n;
            *link = url;
            break;
        default:
            return NULL;
        }
    }
    return img;
}

/* Renders the blocks under `container` (the document, or one footnote). */
static gl_status walk_blocks(pdfw *w, const gl_node *container, const note *nt) {
    gl_iter it;
    gl_iter_init(&it, container);
    gl_event ev;
    while ((ev = gl_iter_next(&it)) != GL_EVENT_NONE) {
        const gl_node *n = it.node;
        gl_status st = GL_OK;
        if (ev == GL_EVENT_ENTER) {
            switch (n->type) {
            case GL_NODE_DOCUMENT:
                break;
            case GL_NODE_HEADING:
                st = do_heading(w, n);
                gl_iter_skip_children(&it);
                break;
            case GL_NODE_PARAGRAPH: {
                const char *link = NULL;
                const gl_node *img = lone_image(n, &link);
                if (img && figure_image(w, img) >= 0)
                    st = do_figure(w, img, link);
                else if ((st = w->err->status) == GL_OK)
                    st = do_paragraph(w, n, GL_PDF_SERIF, w->sz.body);
                gl_iter_skip_children(&it);
                break;
            }
            case GL_NODE_CODE_BLOCK:
                st = do_code(w, n);
                break;
            case GL_NODE_THEMATIC_BREAK:
                st = do_thematic_break(w);
                break;
            case GL_NODE_FIGURE:
                st = do_figure(w, n, NULL);
                gl_iter_skip_children(&it);
                break;
            case GL_NODE_TABLE:
                st = do_table(w, n);
                gl_iter_skip_children(&it);
                break;
            case GL_NODE_LIST:
                want_gap(w, block_gap(w));
                st = push_frame(w, GL_NODE_LIST, 0);
                if (st == GL_OK) {
                    frame *f = &w->frames[w->nframes - 1];
                    f->ordered = n->ordered;
                    f->tight = n->tight;
                    f->number = n->start;
                }
                break;
            case GL_NODE_ITEM:
                st = enter_item(w, n);
                break;
            case GL_NODE_BLOCKQUOTE:
                want_gap(w, w->sz.para_gap);
                st = push_frame(w, GL_NODE_BLOCKQUOTE, w->sz.quote_indent);
                break;
            case GL_NODE_FOOTNOTE_DEF:
                if (n != container) {
                    gl_iter_skip_children(&it);
                    break;
                }
                st = enter_note(w, nt);
                break;
            default:
                gl_iter_skip_children(&it);
                break;
            }
        } else {
            switch (n->type) {
            case GL_NODE_LIST:
                w->nframes--;
                want_gap(w, block_gap(w));
                break;
            case GL_NODE_ITEM:
                st = flush_marker(w);
                w->nframes--;
                break;
            case GL_NODE_BLOCKQUOTE:
                st = exit_quote(w);
                break;
            case GL_NODE_FOOTNOTE_DEF:
                if (n == container) {
                    st = flush_marker(w);
                    w->nframes--;
                }
                break;
            default:
                break;
            }
        }
        if (st != GL_OK)
            return st;
    }
    return GL_OK;
}

/* ---- footnotes ---- */

static int note_cmp(const void *a, const void *b) {
    return strcmp(((const note *)a)->label, ((const note *)b)->label);
}

static const note *find_note(const pdfw *w, const char *label) {
    if (!label || !w->nnotes)
        return NULL;
    note key = {label, NULL, 0};
    return bsearch(&key, w->by_label, w->nnotes, sizeof *w->by_label, note_cmp);
}

/* Numbers the footnote definitions in document order. */
static gl_status collect_notes(pdfw *w) {
    size_t cap = 0;
    gl_iter it;
    gl_iter_init(&it, gl_doc_root(w->doc));
    gl_event ev;
    while ((ev = gl_iter_next(&it)) != GL_EVENT_NONE) {
        const gl_node *n = it.node;
        if (ev != GL_EVENT_ENTER || n->type != GL_NODE_FOOTNOTE_DEF)
            continue;
        gl_iter_skip_children(&it);
        if (!grow(w->alloc, (void **)&w->notes, &cap, w->nnotes + 1, sizeof *w->notes))
            return oom(w);
        const char *label = n->info ? n->info : "";
        size_t len = strlen(label);
        char *names = gl_malloc(w->alloc, 2 * len + 6);
        if (!names)
            return oom(w);
        snprintf(names, len + 3, "\x01n%s", label);
        snprintf(names + len + 3, len + 3, "\x01r%s", label);
        w->notes[w->nnotes] = (note){label, n, w->nnotes + 1, names};
        w->nnotes++;
    }
    if (!w->nnotes)
        return GL_OK;
    w->by_label = gl_malloc_array(w->alloc, w->nnotes, sizeof *w->by_label);
    if (!w->by_label)
        return oom(w);
    memcpy(w->by_label, w->notes, w->nnotes * sizeof *w->notes);
    qsort(w->by_label, w->nnotes, sizeof *w->by_label, note_cmp);
    return GL_OK;
}

static gl_status render_notes(pdfw *w) {
    if (!w->nnotes)
        return GL_OK;
    double top;
    want_gap(w, w->sz.para_gap * 2);
    gl_status st = place(w, 8, &top);
    if (st == GL_OK)
        st = hrule(w, w->left, w->left + (w->right - w->left) / 3, top - 4, 0.5);
    for (size_t i = 0; i < w->nnotes && st == GL_OK; i++)
        st = walk_blocks(w, w->notes[i].def, &w->notes[i]);
    return st;
}

/* ---- the title block and document info ---- */

static gl_status meta_line(pdfw *w, const char *text, gl_pdf_face face, double size, int ink,
                           const char *url) {
    if (!text || !*text)
        return GL_OK;
    style sty = {face, size, 0, linkable(url) ? url : NULL, ink, false};
    gl_status st = para_reset(w, &w->body);
    if (st == GL_OK)
        st = para_add(w, &w->body, text, strlen(text), &sty, TEXT_PROSE, 0);
    if (st == GL_OK)
        st = para_break(w, &w->body, w->right - w->left);
    if (st == GL_OK)
        st = draw_para(w, &w->body, w->left, size, 0);
    want_gap(w, 2);
    return st;
}

static gl_status title_block(pdfw *w) {
    const gl_doc *d = w->doc;
    const char *title = gl_doc_meta(d, GL_META_TITLE), *byline = gl_doc_meta(d, GL_META_BYLINE);
    const char *date = gl_doc_meta(d, GL_META_DATE_TEXT), *site = gl_doc_meta(d, GL_META_SITE);
    const char *url = gl_doc_meta(d, GL_META_URL);
    if (!date)
        date = gl_doc_meta(d, GL_META_DATE);
    if (!title && !byline && !date && !site && !url)
        return GL_OK;
    gl_buf line;
    gl_buf_init(&line, w->alloc, 0);
    gl_buf_puts(&line, date ? date : "");
    if (date && site)
        gl_buf_puts(&line, " \xC2\xB7 "); /* a middle dot between date and site */
    gl_buf_puts(&line, site ? site : "");
    gl_status st = buf_status(w, &line);
    if (st == GL_OK)
        st = meta_line(w, title, GL_PDF_SANS_BOLD, w->sz.title, INK_TEXT, NULL);
    if (st == GL_OK && title)
        want_gap(w, 4);
    if (st == GL_OK)
        st = meta_line(w, byline, GL_PDF_SERIF_ITALIC, w->sz.body + 0.5, INK_TEXT, NULL);
    if (st == GL_OK)
        st = meta_line(w, gl_buf_cstr(&line), GL_PDF_SERIF, w->sz.small + 0.5, INK_GREY, NULL);
    if (st == GL_OK)
        st = meta_line(w, url, GL_PDF_SERIF, w->sz.small - 0.5, INK_LINK, url);
    gl_buf_free(&line);
    double top;
    want_gap(w, 4);
    if (st == GL_OK)
        st = place(w, 6, &top);
    if (st == GL_OK)
        st = hrule(w, w->left, w->right, top - 3, 0.8);
    want_gap(w, 12);
    return st;
}

static int read_digits(const char **s, int n) {
    int v = 0;
    for (int i = 0; i < n; i++) {
        if ((*s)[i] < '0' || (*s)[i] > '9')
            return -1;
        v = v * 10 + ((*s)[i] - '0');
    }
    *s += n;
    return v;
}

static bool valid_date(const HPDF_Date *d) {
    static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (d->year < 1 || d->year > 9999 || d->month < 1 || d->month > 12 || d->day < 1 ||
        d->day > days[d->month - 1] || d->hour > 23 || d->minutes > 59 || d->seconds > 59 ||
        d->off_hour > 23 || d->off_minutes > 59)
        return false;
    bool leap = (d->year % 4 == 0 && d->year % 100 != 0) || d->year % 400 == 0;
    return !(d->month == 2 && d->day == 29 && !leap);
}

/* YYYY-MM-DD[THH:MM[:SS[.fff]]][Z|+HH:MM|-HH:MM|+HHMM], as GL_META_DATE holds it. */
static bool parse_date(const char *s, HPDF_Date *d) {
    memset(d, 0, sizeof *d);
    d->ind = ' ';
    if ((d->year = read_digits(&s, 4)) < 0 || *s++ != '-' || (d->month = read_digits(&s, 2)) < 0 ||
        *s++ != '-' || (d->day = read_digits(&s, 2)) < 0)
        return false;
    if (*s == 'T' || *s == 't' || (*s == ' ' && s[1] >= '0' && s[1] <= '9')) {
        s++;
        if ((d->hour = read_digits(&s, 2)) < 0 || *s++ != ':' ||
            (d->minutes = read_digits(&s, 2)) < 0)
            return false;
        if (*s == ':' && (s++, (d->seconds = read_digits(&s, 2)) < 0))
            return false;
        if (*s == '.' || *s == ',') {
            s++;
            while (*s >= '0' && *s <= '9')
                s++;
        }
        if (*s == 'Z' || *s == 'z') {
            d->ind = 'Z';
            s++;
        } else if (*s == '+' || *s == '-') {
            d->ind = *s++;
            if ((d->off_hour = read_digits(&s, 2)) < 0)
                return false;
            if (*s == ':')
                s++;
            if ((d->off_minutes = read_digits(&s, 2)) < 0)
                return false;
        }
    }
    return *s == '\0' && valid_date(d);
}

/* Seconds since 1970 to a UTC date (Howard Hinnant's civil_from_days). */
static bool epoch_date(long long t, HPDF_Date *d) {
    if (t < 0 || t > 253402300799LL) /* 9999-12-31T23:59:59Z */
        return false;
    long long days = t / 86400, secs = t % 86400;
    long long z = days + 719468, era = z / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    long long day = doy - (153 * mp + 2) / 5 + 1, month = mp < 10 ? mp + 3 : mp - 9;
    memset(d, 0, sizeof *d);
    d->year = (int)(yoe + era * 400 + (month <= 2));
    d->month = (int)month;
    d->day = (int)day;
    d->hour = (int)(secs / 3600);
    d->minutes = (int)(secs / 60 % 60);
    d->seconds = (int)(secs % 60);
    d->ind = 'Z';
    return valid_date(d);
}

/* A PDF text string (ISO 32000-1 7.9.2.2) for UTF-8 `s`: printable ASCII
 * as a literal string, anything else as UTF-16BE with a byte order mark
 * (hex). libharu's own UTF-8 encoder would do it too, but setting it up maps
 * all 65,536 codes. NULL when libharu's memory runs out. */
static void *text_string(pdfw *w, const char *s) {
    bool ascii = true;
    for (const char *c = s; *c && ascii; c++)
        ascii = (unsigned char)*c >= 0x20 && (unsigned char)*c < 0x7F;
    if (ascii)
        return HPDF_String_New(w->pdf->mmgr, s, NULL);
    gl_buf *b = &w->scratch;
    gl_buf_clear(b);
    gl_buf_append(b, "\xFE\xFF", 2);
    size_t len = strlen(s), i = 0;
    while (i < len) {
        int32_t cp;
        i += gl_utf8_decode(s + i, len - i, &cp);
        if (cp < 0)
            cp = 0xFFFD;
        uint32_t units[2] = {(uint32_t)cp, 0};
        size_t n = 1;
        if (cp > 0xFFFF) {
            units[0] = 0xD800 + (((uint32_t)cp - 0x10000) >> 10);
            units[1] = 0xDC00 + (((uint32_t)cp - 0x10000) & 0x3FF);
            n = 2;
        }
        for (size_t k = 0; k < n; k++) {
            char be[2] = {(char)(units[k] >> 8), (char)(units[k] & 0xFF)};
            gl_buf_append(b, be, 2);
        }
    }
    if (b->status != GL_OK || b->len > UINT32_MAX)
        return NULL;
    return HPDF_Binary_New(w->pdf->mmgr, (HPDF_BYTE *)b->data, (HPDF_UINT)b->len);
}

/* Sets the document information entry `key` to `value`. */
static gl_status info_attr(pdfw *w, const char *key, const char *value) {
    /* libharu makes the information dictionary on the first entry set. */
    if (!w->pdf->info && HPDF_SetInfoAttr(w->pdf, HPDF_INFO_CREATOR, "galley") != HPDF_OK)
        return check(w, "setting the document information");
    void *v = text_string(w, value);
    if (!v || HPDF_Dict_Add(w->pdf->info, key, v) != HPDF_OK)
        return w->scratch.status != GL_OK ? buf_status(w, &w->scratch) : oom(w);
    return GL_OK;
}

/* The catalog's /Lang (14.9.2.1): the document's BCP 47 tag, which libharu
 * has no call for; readers use it to pick a voice or a hyphenation. */
static gl_status set_lang(pdfw *w) {
    const char *lang = w->lang;
    size_t n = lang ? strlen(lang) : 0;
    if (n == 0 || n > 35)
        return GL_OK;
    for (size_t i = 0; i < n; i++) {
        char c = lang[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-'))
            return GL_OK; /* not a language tag: left out */
    }
    HPDF_String v = HPDF_String_New(w->pdf->mmgr, lang, NULL);
    if (!v || HPDF_Dict_Add(w->pdf->catalog, "Lang", v) != HPDF_OK)
        return w->mem.failed ? oom(w) : check(w, "setting the language");
    return GL_OK;
}

static gl_status set_info(pdfw *w) {
    static const struct {
        gl_meta_field field;
        const char *key;
    } fields[] = {
        {GL_META_TITLE, "Title"}, {GL_META_BYLINE, "Author"}, {GL_META_DESCRIPTION, "Subject"}};
    gl_status st = info_attr(w, "Creator", "galley");
    if (st == GL_OK)
        st = info_attr(w, "Producer", "galley " GL_VERSION_STRING " (libharu)");
    for (size_t i = 0; i < sizeof fields / sizeof *fields && st == GL_OK; i++) {
        const char *v = gl_doc_meta(w->doc, fields[i].field);
        if (!v)
            continue;
        if ((st = one_line(w, &w->outline_title, v, strlen(v))) == GL_OK)
            st = info_attr(w, fields[i].key, gl_buf_cstr(&w->outline_title));
    }
    if (st != GL_OK)
        return st;
    HPDF_Date date;
    const char *meta_date = gl_doc_meta(w->doc, GL_META_DATE);
    bool have = w->opt->source_date_epoch >= 0 ? epoch_date(w->opt->source_date_epoch, &date)
                                               : meta_date && parse_date(meta_date, &date);
    if (have) {
        HPDF_SetInfoDateAttr(w->pdf, HPDF_INFO_CREATION_DATE, date);
        HPDF_SetInfoDateAttr(w->pdf, HPDF_INFO_MOD_DATE, date);
    }
    return check(w, "setting the document information");
}

/* ---- the whole document ---- */

static gl_status setup(pdfw *w) {
    w->pdf = HPDF_NewEx(on_hpdf_error, hpdf_alloc, hpdf_free, 0, &w->hs);
    if (!w->pdf)
        return oom(w);
    /* Streams are written plain and deflated by the packer (pdf_pack.c). */
    HPDF_SetCompressionMode(w->pdf, HPDF_COMP_NONE);
    gl_status st = check(w, "setting up the document");
    if (st != GL_OK)
        return st;
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
    /* Every size and space follows the body size. */
    double body = w->opt->font_size > 0 ? w->opt->font_size : BODY_SIZE, k = body / BODY_SIZE;
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
    double margin = w->opt->paper == GL_PAPER_A5   ? 14 * PT_PER_MM
                    : w->opt->paper == GL_PAPER_A6 ? 10 * PT_PER_MM
                                                   : 20 * PT_PER_MM;
    if (w->opt->margin > 0)
        margin = w->opt->margin;
    /* 14,400 pt (200 in) is the largest page PDF 1.x readers accept (ISO
     * 32000-1 annex C); a column narrower than an inch cannot hold a word. */
    if (!(w->page_w <= 14400 && w->page_h <= 14400 && w->page_w - 2 * margin >= 72 &&
          w->page_h - 2 * margin >= 72))
        return gl_fail(w->err, GL_EINVAL, 0,
                       "a %.0f x %.0f pt page with %.0f pt margins leaves no room for text",
                       w->page_w, w->page_h, margin);
    w->left = margin;
    w->right = w->page_w - margin;
    w->top = w->page_h - margin;
    w->bottom = margin;
    return gl_pdf_fonts_resolve(&w->faces, w->opt->font_cache, w->opt->font_family, w->alloc,
                                w->err);
}

/* ---- replaying the pages into libharu ---- */

/* Embeds each font the pages use; unused fonts are left out. */
static gl_status embed_fonts(pdfw *w) {
    for (size_t i = 0; i < w->nops; i++) {
        const op *o = &w->ops[i];
        if (o->kind == OP_TEXT &&
            gl_pdf_font_use(&w->fonts[o->font], w->optext.data + o->off, o->len, w->err) != GL_OK)
            return w->err->status;
    }
    for (size_t i = 0, n = 0; i < w->nfonts; i++) {
        if (hb_set_is_empty(w->fonts[i].used))
            continue;
        gl_pdf_font *f = &w->fonts[i];
        gl_status st = gl_pdf_font_cut(f, w->alloc, w->err);
        if (st == GL_OK)
            st = gl_pdf_font_embed(f, w->pdf->mmgr, w->pdf->xref, n++, w->alloc, w->err);
        if (st != GL_OK)
            return st;
    }
    return check(w, "embedding fonts");
}

/* Appends `v` with at most three decimals, as PDF numbers are written
 * (7.3.3: no exponent), whatever the locale: libharu would write the float
 * nearest a position in 1/100 pt ("744.15997"), which the content stream
 * pays for on every line. */
static void put_number(gl_buf *b, double v) {
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
        put_number(b, v[i]);
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
    HPDF_Page page;
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

static void pen_start(pen *pn, HPDF_Page page, gl_buf *out) {
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
    gl_status st = buf_status(w, pn->out);
    if (st != GL_OK)
        return st;
    HPDF_PageAttr attr = (HPDF_PageAttr)pn->page->attr;
    if (pn->out->len > UINT32_MAX ||
        HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)pn->out->data,
                          (HPDF_UINT)pn->out->len) != HPDF_OK)
        return w->mem.failed ? oom(w) : check(w, "drawing the pages");
    return GL_OK;
}

/* Writes the text of `o` as a Tj, or as a TJ that adds o->stretch points
 * after each space, in the cut font's glyph codes (gl_pdf_font_code) as
 * hex. */
static void show_text(pdfw *w, pen *pn, const op *o) {
    static const char hex[] = "0123456789ABCDEF";
    const gl_pdf_font *f = &w->fonts[o->font];
    long adjust = -(long)(o->stretch * 1000.0 / o->a + (o->stretch > 0 ? 0.5 : -0.5));
    bool spaced = o->stretch > 0;
    gl_buf *b = pn->out;
    gl_buf_puts(b, spaced ? "[<" : "<");
    const char *t = w->optext.data + o->off;
    size_t i = 0;
    while (i < o->len) {
        int32_t cp;
        i += gl_utf8_decode(t + i, o->len - i, &cp);
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
        const char *name = HPDF_Page_GetLocalFontName(pn->page, w->fonts[o->font].hpdf);
        if (!name)
            return w->mem.failed ? oom(w) : check(w, "naming a font");
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
    show_text(w, pn, o);
    return GL_OK;
}

/* Percent-encodes what may not appear raw in a PDF URI (ASCII only, 8.5.3
 * of ISO 32000-1 via RFC 3986): non-ASCII bytes, spaces and controls. */
static gl_status uri_of(pdfw *w, const char *url) {
    gl_buf_clear(&w->scratch);
    for (const unsigned char *c = (const unsigned char *)url; *c; c++) {
        if (*c <= 0x20 || *c >= 0x7F || *c == '"' || *c == '<' || *c == '>' || *c == '\\')
            gl_buf_printf(&w->scratch, "%%%02X", *c);
        else
            gl_buf_putc(&w->scratch, (char)*c);
    }
    return buf_status(w, &w->scratch);
}

static int dest_cmp(const void *a, const void *b) {
    const dest *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* A jump inside the document: to the heading "#id" names, or to a note or
 * a reference. Nothing when the target does not exist. */
static gl_status internal_link(pdfw *w, pen *pn, const op *o, HPDF_Page *pages) {
    const char *name = o->url[0] == '#' ? o->url + 1 : o->url;
    size_t lo = 0, hi = w->ndests;
    while (lo < hi) { /* the first entry of that name */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(w->dests[mid].name, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == w->ndests || strcmp(w->dests[lo].name, name) != 0)
        return GL_OK;
    const dest *d = &w->dests[lo];
    HPDF_Destination dst = HPDF_Page_CreateDestination(pages[d->page]);
    if (!dst || HPDF_Destination_SetFitH(dst, (HPDF_REAL)d->top) != HPDF_OK)
        return check(w, "making a link");
    HPDF_Rect r = {(HPDF_REAL)o->x, (HPDF_REAL)o->y, (HPDF_REAL)o->a, (HPDF_REAL)o->b};
    HPDF_Annotation a = HPDF_Page_CreateLinkAnnot(pn->page, r, dst);
    if (!a || HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0) != HPDF_OK)
        return check(w, "making a link");
    return GL_OK;
}

static gl_status replay_op(pdfw *w, pen *pn, const op *o, HPDF_Page *pages, HPDF_Outline *outl,
                           size_t *nout) {
    gl_status st = GL_OK;
    switch (o->kind) {
    case OP_TEXT:
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
    case OP_LINK: {
        if (o->url[0] == '#' || o->url[0] == '\x01')
            return internal_link(w, pn, o, pages);
        if ((st = uri_of(w, o->url)) != GL_OK)
            return st;
        /* libharu refuses strings past HPDF_LIMIT_MAX_STRING_LEN and would
         * fail the whole PDF: such a link keeps its text, not its target. */
        if (w->scratch.len >= 65535) {
            if (w->last_url != o->url)
                gl_warnf(w->opt, NULL, 0,
                         "a link URL of %zu bytes is too long for a PDF link; "
                         "its text is kept without the link",
                         w->scratch.len);
            w->last_url = o->url;
            w->last_action = NULL;
            break;
        }
        HPDF_Rect r = {(HPDF_REAL)o->x, (HPDF_REAL)o->y, (HPDF_REAL)o->a, (HPDF_REAL)o->b};
        HPDF_Annotation a = HPDF_Page_CreateURILinkAnnot(pn->page, r, gl_buf_cstr(&w->scratch));
        if (!a || HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0) != HPDF_OK)
            return check(w, "making a link");
        /* The lines of one link share one action: a long URL broken over
         * four lines is written once, not four times. */
        if (w->last_url == o->url && w->last_action) {
            if (HPDF_Dict_Add(a, "A", w->last_action) != HPDF_OK)
                return check(w, "making a link");
        } else {
            HPDF_Dict action = HPDF_Dict_GetItem(a, "A", HPDF_OCLASS_DICT);
            HPDF_Dict shared = action ? HPDF_Dict_New(w->pdf->mmgr) : NULL;
            if (!shared || HPDF_Xref_Add(w->pdf->xref, shared) != HPDF_OK ||
                HPDF_Dict_AddName(shared, "S", "URI") != HPDF_OK ||
                HPDF_Dict_Add(shared, "URI",
                              HPDF_String_New(w->pdf->mmgr, gl_buf_cstr(&w->scratch), NULL)) !=
                    HPDF_OK ||
                HPDF_Dict_Add(a, "A", shared) != HPDF_OK)
                return w->mem.failed ? oom(w) : check(w, "making a link");
            w->last_url = o->url;
            w->last_action = shared;
        }
        break;
    }
    case OP_IMAGE: {
        const char *name = HPDF_Page_GetXObjectName(pn->page, w->images[o->off].hpdf);
        if (!name)
            return w->mem.failed ? oom(w) : check(w, "drawing an image");
        end_text(pn);
        double m[6] = {o->a, 0, 0, o->b, o->x, o->y};
        gl_buf_puts(pn->out, "q\n");
        put_op(pn->out, m, 6, "cm");
        gl_buf_printf(pn->out, "/%s Do\nQ\n", name);
        break;
    }
    case OP_OUTLINE: {
        gl_buf_clear(&w->outline_title); /* free once the layout is done */
        gl_buf_append(&w->outline_title, w->optext.data + o->off, o->len);
        if ((st = buf_status(w, &w->outline_title)) != GL_OK)
            return st;
        HPDF_Outline parent = o->parent >= 0 ? outl[o->parent] : NULL;
        HPDF_Outline out = HPDF_CreateOutline(w->pdf, parent, "", NULL);
        void *title = out ? text_string(w, gl_buf_cstr(&w->outline_title)) : NULL;
        if (!title || HPDF_Dict_Add(out, "Title", title) != HPDF_OK)
            return w->mem.failed ? oom(w) : check(w, "making a bookmark");
        HPDF_Destination dst = out ? HPDF_Page_CreateDestination(pages[o->page]) : NULL;
        if (!dst)
            return check(w, "making a bookmark");
        HPDF_Destination_SetFitH(dst, (HPDF_REAL)o->y);
        HPDF_Outline_SetDestination(out, dst);
        outl[(*nout)++] = out;
        break;
    }
    default:
        break;
    }
    return st;
}

/* Makes the pages and draws what the layout recorded on them. */
static gl_status replay(pdfw *w) {
    gl_status st = embed_fonts(w);
    if (st != GL_OK)
        return st;
    HPDF_Page *pages = gl_malloc_array(w->alloc, w->page_no, sizeof *pages);
    HPDF_Outline *outl = gl_malloc_array(w->alloc, w->noutlines + 1, sizeof *outl);
    if (!pages || !outl)
        st = oom(w);
    for (unsigned i = 0; i < w->page_no && st == GL_OK; i++) {
        pages[i] = HPDF_AddPage(w->pdf);
        if (!pages[i]) {
            st = check(w, "adding a page");
            break;
        }
        HPDF_Page_SetWidth(pages[i], (HPDF_REAL)w->page_w);
        HPDF_Page_SetHeight(pages[i], (HPDF_REAL)w->page_h);
        /* ProcSet is obsolete since PDF 1.4 (ISO 32000-1 14.2). */
        HPDF_Dict res = HPDF_Dict_GetItem(pages[i], "Resources", HPDF_OCLASS_DICT);
        if (res)
            HPDF_Dict_RemoveElement(res, "ProcSet");
    }
    if (w->ndests)
        qsort(w->dests, w->ndests, sizeof *w->dests, dest_cmp);
    /* Page labels (12.4.2): plain numbers, as printed at the foot. */
    if (st == GL_OK && w->page_no &&
        HPDF_AddPageLabel(w->pdf, 0, HPDF_PAGE_NUM_STYLE_DECIMAL, 1, NULL) != HPDF_OK)
        st = check(w, "labelling the pages");
    pen pn;
    pen_start(&pn, NULL, &w->content);
    size_t nout = 0;
    for (size_t i = 0; i < w->nops && st == GL_OK; i++) {
        const op *o = &w->ops[i];
        if (pn.page != pages[o->page]) {
            st = pen_finish(w, &pn);
            pen_start(&pn, pages[o->page], &w->content);
        }
        if (st == GL_OK)
            st = replay_op(w, &pn, o, pages, outl, &nout);
        if (st == GL_OK)
            st = check(w, "drawing the pages");
    }
    if (st == GL_OK)
        st = pen_finish(w, &pn);
    gl_free(w->alloc, pages);
    gl_free(w->alloc, outl);
    return st == GL_OK ? check(w, "drawing the pages") : st;
}

/* Reads libharu's finished file back, repacks it (pdf_pack.h) and hands it
 * to the sink. */
static gl_status save(pdfw *w, const gl_sink *sink) {
    if (HPDF_SaveToStream(w->pdf) != HPDF_OK)
        return check(w, "writing the PDF");
    HPDF_UINT32 size = HPDF_GetStreamSize(w->pdf), done = 0;
    char *raw = gl_malloc(w->alloc, size ? size : 1);
    if (!raw)
        return oom(w);
    gl_status st = GL_OK;
    while (done < size && st == GL_OK) {
        /* Never ask for more than is left: reading past the end is an error. */
        HPDF_UINT32 n = size - done;
        if (HPDF_ReadFromStream(w->pdf, (HPDF_BYTE *)raw + done, &n) != HPDF_OK || n == 0)
            st = check(w, "reading the PDF back");
        done += n;
    }
    gl_buf packed;
    gl_buf_init(&packed, w->alloc, 0);
    if (st == GL_OK)
        st = gl_pdf_pack(raw, size, &packed, w->err);
    gl_free(w->alloc, raw);
    if (st == GL_OK && sink->write(sink->userdata, packed.data, packed.len) != GL_OK)
        st = gl_fail(w->err, GL_ESINK, 0, "cannot write the output");
    gl_buf_free(&packed);
    return st;
}

static gl_status render(pdfw *w, const gl_sink *sink) {
    gl_status st = setup(w);
    if (st == GL_OK)
        st = set_info(w);
    if (st == GL_OK)
        st = set_lang(w);
    if (st == GL_OK)
        st = collect_notes(w);
    if (st == GL_OK)
        st = new_page(w);
    if (st == GL_OK)
        st = title_block(w);
    if (st == GL_OK)
        st = walk_blocks(w, gl_doc_root(w->doc), NULL);
    if (st == GL_OK)
        st = render_notes(w);
    if (st == GL_OK)
        st = replay(w);
    if (st == GL_OK && w->has_outline)
        HPDF_SetPageMode(w->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
    if (st == GL_OK)
        st = check(w, "finishing the document");
    return st == GL_OK ? save(w, sink) : st;
}

gl_status gl_write_pdf(const gl_doc *doc, const gl_sink *sink, const gl_options *opt,
                       gl_error *err) {
    gl_options defaults;
    gl_error local;
    if (!opt) {
        gl_options_init(&defaults);
        opt = &defaults;
    }
    if (!err) {
        gl_error_init(&local, NULL);
        err = &local;
    }
    if (!doc || !sink || !sink->write)
        return gl_fail(err, GL_EINVAL, 0, "gl_write_pdf needs a document and a sink");
    const gl_allocator *alloc = gl_allocator_of(opt);
    pdfw *w = gl_malloc(alloc, sizeof *w);
    if (!w)
        return gl_fail(err, GL_ENOMEM, 0, "out of memory while rendering the PDF");
    memset(w, 0, sizeof *w);
    w->doc = doc;
    w->opt = opt;
    w->err = err;
    w->alloc = alloc;
    w->lang = gl_doc_meta(doc, GL_META_LANG);
    para_init(&w->body, alloc);
    gl_buf_init(&w->scratch, alloc, 0);
    gl_buf_init(&w->content, alloc, 0);
    gl_buf_init(&w->outline_title, alloc, 0);
    gl_buf_init(&w->optext, alloc, 0);
    for (int f = 0; f < GL_PDF_FACE_COUNT; f++)
        w->face_font[f] = -1;

    w->mem.alloc = alloc;
    hpdf_mem *saved = hpdf_memory;
    hpdf_memory = &w->mem;
    gl_status st = render(w, sink);
    if (w->pdf)
        HPDF_Free(w->pdf);
    hpdf_release_lost(&w->mem);
    hpdf_memory = saved;
    if (st == GL_OK && opt->font_cache && w->faces.changed)
        gl_pdf_fonts_save(&w->faces, opt->font_cache, alloc);

    for (size_t i = 0; i < w->nfonts; i++)
        gl_pdf_font_close(&w->fonts[i], alloc);
    gl_free(alloc, w->fonts);
    gl_pdf_fonts_release(&w->faces, alloc);
    gl_free(alloc, w->ops);
    for (size_t i = 0; i < w->nimages; i++)
        gl_pdf_image_free(&w->images[i].file, alloc);
    gl_free(alloc, w->images);
    gl_buf_free(&w->optext);
    para_free(&w->body);
    for (size_t i = 0; i < w->cell_cap; i++)
        para_free(&w->cells[i]);
    gl_free(alloc, w->cells);
    gl_free(alloc, w->frames);
    gl_free(alloc, w->frags);
    for (size_t i = 0; i < w->nnotes; i++)
        gl_free(alloc, w->notes[i].names);
    gl_free(alloc, w->notes);
    gl_free(alloc, w->dests);
    gl_free(alloc, w->by_label);
    gl_buf_free(&w->scratch);
    gl_buf_free(&w->content);
    gl_buf_free(&w->outline_title);
    gl_free(alloc, w);
    return st;
}
