/* Plain-text writer: the document as a person reads it in a terminal or an
 * e-mail, wrapped at opt->width columns.
 *
 * The look:
 *
 *     The Title                  header block (unless body_only): title
 *     =========                  underlined with '=' to its width, then the
 *     By Ann Lee, Bo Chen        byline, the date, the site and the source
 *     November 12, 2014          URL, each on its own line when present,
 *     Example News               then a blank line
 *     https://example.com/a
 *
 *     Heading one                headings on their own lines: level 1
 *     ===========                underlined with '=', level 2 with '-',
 *                                deeper levels as they are
 *     A paragraph with a link    paragraphs wrapped, one blank line apart;
 *     [1].                       links per opt->links ("text [1]")
 *
 *     - bullet                   lists: "- " bullets, "3. " numbers, task
 *     3. [x] numbered            boxes "[ ] "/"[x] ", continuation lines
 *        continuation            indented to the item's text
 *     > quoted > > nested        quotes: "> " on every line
 *         code as is             code blocks: indented 4 spaces, unwrapped
 *     * * *                      thematic break
 *     [Image: alt]               images and figures: alt, then the caption;
 *                                body_only leaves images and figures out
 *     Name  Qty                  tables: aligned columns, a rule of '-'
 *     ----  ---                  under the header row
 *
 *     [^1]: A footnote.          footnote definitions, then the numbered
 *     [1] https://example.com/   link references (REFS mode, not body_only)
 *
 * Whitespace inside paragraphs collapses to single spaces, control
 * characters are dropped (they would drive a terminal), and the output has
 * no trailing spaces, no two blank lines in a row, and ends with one newline.
 *
 * Blocks are walked with gl_iter; the inlines of a paragraph-like block are
 * gathered by a second gl_iter walk into one buffer, then broken into lines by
 * gl_linebreak in display columns. Containers that prefix lines (quotes,
 * items, footnotes) are counted up to MAX_INDENT_LEVELS: deeper ones add no
 * more prefix, so a line costs bounded bytes however deep the input nests. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>
#include "writers/writers.h"
#include "layout/linebreak.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/error.h"
#include "util/sink.h"
#include "util/strmap.h"
#include "util/utf8.h"
#include "util/vec.h"
#include "options.h"

/* Beyond 16 prefixing levels a reader sees no structure anyway (16 quotes are
 * already 32 columns of "> "), and each line must stay bounded in size. */
#define MAX_INDENT_LEVELS 16
/* Text keeps at least this many columns when prefixes eat the width. */
#define MIN_TEXT_WIDTH 10

typedef struct frame {
    const gl_node *node; /* DOCUMENT, BLOCKQUOTE, LIST, ITEM or FOOTNOTE_DEF */
    long next;           /* LIST: number of the next ordered item */
    char mark[40];       /* ITEM: "- ", "12. [x] " */
    size_t mark_w;       /* ITEM, FOOTNOTE_DEF: columns of the first line's marker */
    size_t cont_w;       /* ITEM, FOOTNOTE_DEF: indentation of the following lines */
    bool pending;        /* the marker is still to be printed */
    bool prefix;         /* one of the MAX_INDENT_LEVELS that prefix lines */
} frame;

/* Link references: URLs in order of first use, and a hash index over them. */
typedef struct refs {
    const char **urls; /* by number - 1 */
    size_t count, cap;
    gl_strmap numbers; /* url -> its number */
} refs;

typedef struct writer {
    const gl_options *opt;
    const gl_doc *doc;
    const gl_allocator *alloc;
    /* The language libunibreak tailors breaks by (quotes in de, fr, ru,
     * zh...): the declared one only. A guess is not sure enough to break
     * lines by, and so the text is the same whether or not the language
     * was guessed for another output (gl_text_uses_lang). */
    const char *break_lang;
    gl_buf out;  /* the whole output */
    gl_buf para; /* the text of the paragraph being laid out */
    gl_buf tmp;  /* one line being assembled (code, table rows, markers) */
    frame *frames;
    size_t depth, frames_cap;
    size_t pfx[MAX_INDENT_LEVELS]; /* indices of the prefixing frames */
    size_t npfx;
    bool pending_blank; /* a blank line is due before the next block */
    bool last_blank;    /* the last line written was blank */
    size_t blank_start; /* where that blank line starts in out */
    refs refs;
    const gl_node **notes; /* footnote definitions, rendered after the body */
    size_t nnotes, notes_cap;
    gl_status status; /* GL_ENOMEM from our own allocations */
    gl_buf ascii;     /* opt->ascii: text being transliterated */
    bool kept;        /* opt->ascii: a character without an ASCII form was kept */
    int32_t first_kept;
} writer;

typedef struct measure_ctx {
    const char *text;
} measure_ctx;

static double columns(void *userdata, size_t start, size_t end) {
    const measure_ctx *m = userdata;
    return (double)gl_display_width(m->text + start, end - start);
}

static bool failed(const writer *w) {
    return w->status != GL_OK || w->out.status != GL_OK || w->para.status != GL_OK ||
           w->tmp.status != GL_OK;
}

static char last_char(const gl_buf *b) { return b->len ? b->data[b->len - 1] : '\0'; }

static void truncate_buf(gl_buf *b, size_t len) {
    if (len < b->len) {
        b->len = len;
        b->data[len] = '\0';
    }
}

static bool is_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static void trim_span(const char **s, size_t *len) {
    while (*len && is_space((unsigned char)**s)) {
        (*s)++;
        (*len)--;
    }
    while (*len && is_space((unsigned char)(*s)[*len - 1]))
        (*len)--;
}

/* ---- --ascii ---- */

/* Typographic punctuation and the letters that have no decomposition, as
 * ASCII. Sorted by code point; anything else goes through NFKD with the
 * marks stripped ("é" -> "e", "ﬁ" -> "fi", "²" -> "2"). */
static const struct {
    int32_t cp;
    const char *ascii;
} ascii_table[] = {
    {0x00A0, " "},   {0x00A9, "(c)"}, {0x00AB, "<<"},  {0x00AD, ""},     {0x00AE, "(R)"},
    {0x00B4, "'"},   {0x00B7, "."},   {0x00BB, ">>"},  {0x00BC, "1/4"},  {0x00BD, "1/2"},
    {0x00BE, "3/4"}, {0x00C6, "AE"},  {0x00D0, "D"},   {0x00D7, "x"},    {0x00D8, "O"},
    {0x00DE, "Th"},  {0x00DF, "ss"},  {0x00E6, "ae"},  {0x00F0, "d"},    {0x00F7, "/"},
    {0x00F8, "o"},   {0x00FE, "th"},  {0x0110, "D"},   {0x0111, "d"},    {0x0131, "i"},
    {0x0141, "L"},   {0x0142, "l"},   {0x0152, "OE"},  {0x0153, "oe"},   {0x02BC, "'"},
    {0x2002, " "},   {0x2003, " "},   {0x2009, " "},   {0x200A, " "},    {0x200B, ""},
    {0x2010, "-"},   {0x2011, "-"},   {0x2012, "-"},   {0x2013, "-"},    {0x2014, "--"},
    {0x2015, "--"},  {0x2018, "'"},   {0x2019, "'"},   {0x201A, ","},    {0x201B, "'"},
    {0x201C, "\""},  {0x201D, "\""},  {0x201E, ",,"},  {0x201F, "\""},   {0x2020, "+"},
    {0x2022, "*"},   {0x2026, "..."}, {0x2032, "'"},   {0x2033, "\""},   {0x2039, "<"},
    {0x203A, ">"},   {0x2044, "/"},   {0x20AC, "EUR"}, {0x2122, "(TM)"}, {0x2190, "<-"},
    {0x2192, "->"},  {0x2194, "<->"}, {0x21D2, "=>"},  {0x2212, "-"},    {0x2260, "!="},
    {0x2264, "<="},  {0x2265, ">="},  {0x2610, "[ ]"}, {0x2611, "[x]"},  {0x3000, " "},
    {0xFEFF, ""},
};

static const char *ascii_of(int32_t cp) {
    size_t lo = 0, hi = sizeof ascii_table / sizeof ascii_table[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (ascii_table[mid].cp == cp)
            return ascii_table[mid].ascii;
        if (ascii_table[mid].cp < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* Appends the ASCII form of `cp` to `out`; false when it has none (a letter
 * of another script, a symbol), then nothing is appended. */
static bool put_ascii(gl_buf *out, int32_t cp) {
    const char *t = ascii_of(cp);
    if (t) {
        gl_buf_puts(out, t);
        return true;
    }
    utf8proc_int32_t parts[18];
    int last = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(
        cp, parts, 18, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_STRIPMARK, &last);
    if (n <= 0 || n > 18)
        return n == 0; /* a lone combining mark goes */
    for (utf8proc_ssize_t i = 0; i < n; i++)
        if (parts[i] >= 0x80 && !ascii_of(parts[i]))
            return false;
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        if (parts[i] < 0x80)
            gl_buf_putc(out, (char)parts[i]);
        else
            gl_buf_puts(out, ascii_of(parts[i]));
    }
    return true;
}

/* Rewrites b[from..) as ASCII when opt->ascii is set. Characters without an
 * ASCII form are kept and counted, for one warning at the end. */
static void to_ascii(writer *w, gl_buf *b, size_t from) {
    if (!w->opt->ascii || from >= b->len || b->status != GL_OK)
        return;
    size_t i = from;
    while (i < b->len && (unsigned char)b->data[i] < 0x80)
        i++;
    if (i == b->len)
        return;
    size_t first = i;
    gl_buf_clear(&w->ascii);
    while (i < b->len) {
        int32_t cp;
        size_t n = gl_utf8_decode(b->data + i, b->len - i, &cp);
        if (cp < 0x80 || !put_ascii(&w->ascii, cp)) {
            if (cp >= 0x80 && !w->kept) {
                w->kept = true;
                w->first_kept = cp;
            }
            gl_buf_append(&w->ascii, b->data + i, n);
        }
        i += n;
    }
    if (w->ascii.status != GL_OK) {
        w->status = w->ascii.status;
        return;
    }
    truncate_buf(b, first);
    gl_buf_append(b, w->ascii.data, w->ascii.len);
}

/* Appends inline text: white space becomes one space (none at the start of
 * the buffer or of a line; several in a row only when `keep_spaces`, for code
 * spans), and C0/C1 control characters go. */
static void put_inline(gl_buf *b, const char *s, size_t len, bool keep_spaces) {
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (is_space(c)) {
            char last = last_char(b);
            if (b->len && last != '\n' && (keep_spaces || last != ' '))
                gl_buf_putc(b, ' ');
            i++;
        } else if (c < 0x20 || c == 0x7F) {
            i++;
        } else if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] < 0xA0) {
            i += 2; /* U+0080-U+009F */
        } else {
            size_t j = i + 1;
            while (j < len) {
                unsigned char d = (unsigned char)s[j];
                if (is_space(d) || d < 0x20 || d == 0x7F || d == 0xC2)
                    break;
                j++;
            }
            gl_buf_append(b, s + i, j - i);
            i = j;
        }
    }
}

/* Appends text outside the paragraph flow (URLs, labels, code lines): only
 * control characters go; a tab stays in code. */
static void put_clean(gl_buf *b, const char *s, size_t len, bool keep_tabs) {
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len) {
            unsigned char d = (unsigned char)s[j];
            if ((d < 0x20 && !(d == '\t' && keep_tabs)) || d == 0x7F ||
                (d == 0xC2 && j + 1 < len && (unsigned char)s[j + 1] < 0xA0))
                break;
            j++;
        }
        gl_buf_append(b, s + i, j - i);
        if (j < len)
            j += (unsigned char)s[j] == 0xC2 ? 2 : 1;
        i = j;
    }
}

static void trim_end(gl_buf *b) {
    while (b->len && (last_char(b) == ' ' || last_char(b) == '\n'))
        truncate_buf(b, b->len - 1);
}

static void put_hard_break(gl_buf *b, bool single_line) {
    if (single_line) {
        put_inline(b, " ", 1, false);
        return;
    }
    while (last_char(b) == ' ')
        truncate_buf(b, b->len - 1);
    if (b->len && last_char(b) != '\n')
        gl_buf_putc(b, '\n');
}

/* ---- link references ---- */

/* The reference number of `url`, the same for every link to it; 0 when out
 * of memory (w->status says so). */
static size_t ref_number(writer *w, const char *url) {
    refs *r = &w->refs;
    size_t *number;
    bool added;
    if (gl_vec_grow(w->alloc, &r->urls, &r->cap, r->count + 1, sizeof *r->urls) != GL_OK ||
        gl_strmap_put(&r->numbers, url, strlen(url), r->count + 1, &number, &added) != GL_OK) {
        w->status = GL_ENOMEM;
        return 0;
    }
    if (added)
        r->urls[r->count++] = url;
    return *number;
}

/* Called after a link's text went into b from `mark`: adds what opt->links
 * asks for. Autolinks (text equal to the URL, or to a mailto: address) and
 * links to a fragment of the page get nothing. */
static void finish_link(writer *w, gl_buf *b, const gl_node *link, size_t mark) {
    if (w->opt->body_only || w->opt->links == GL_LINKS_NONE || !link->url || !link->url[0])
        return;
    const char *url = link->url, *text = b->data ? b->data + mark : "";
    size_t ulen = strlen(url), tlen = b->len - mark;
    if (url[0] == '#' || (tlen == ulen && memcmp(text, url, ulen) == 0) ||
        (ulen > 7 && memcmp(url, "mailto:", 7) == 0 && tlen == ulen - 7 &&
         memcmp(text, url + 7, tlen) == 0))
        return;
    if (w->opt->links == GL_LINKS_INLINE) {
        put_inline(b, " ", 1, false);
        gl_buf_putc(b, '<');
        put_clean(b, url, ulen, false);
        gl_buf_putc(b, '>');
        return;
    }
    size_t n = ref_number(w, url);
    if (n) {
        put_inline(b, " ", 1, false);
        gl_buf_printf(b, "[%zu]", n);
    }
}

/* "[Image: alt]", or nothing for body_only: that output is the running text
 * for pipelines (indexing, training, the corpus benchmarks), and an alt text
 * is a label, not a sentence of the body. [*alt_start, *alt_end) is where
 * the alt went in b. */
static void put_image(writer *w, gl_buf *b, const gl_node *img, size_t *alt_start,
                      size_t *alt_end) {
    *alt_start = *alt_end = b->len;
    if (w->opt->body_only)
        return;
    const char *alt = img->text ? img->text : "";
    size_t len = img->text ? img->text_len : 0;
    trim_span(&alt, &len);
    /* An image is a word of its own: "Look:<img>" reads "Look: [Image]". */
    if (b->len && last_char(b) != ' ' && last_char(b) != '\n')
        gl_buf_putc(b, ' ');
    gl_buf_puts(b, len ? "[Image: " : "[Image");
    *alt_start = b->len;
    put_inline(b, alt, len, false);
    *alt_end = b->len;
    gl_buf_putc(b, ']');
}

/* Gathers the inline content of `node` into b as plain text. */
static void collect_inlines(writer *w, const gl_node *node, gl_buf *b, bool single_line) {
    gl_iter it;
    gl_iter_init(&it, node);
    gl_event ev;
    size_t link_depth = 0, mark = 0, a, z;
    const gl_node *link = NULL;
    while ((ev = gl_iter_next(&it)) != GL_EVENT_NONE) {
        const gl_node *n = it.node;
        if (n == node)
            continue;
        switch (n->type) {
        case GL_NODE_TEXT:
            put_inline(b, n->text, n->text_len, false);
            break;
        case GL_NODE_CODE:
            put_inline(b, n->text, n->text_len, true);
            break;
        case GL_NODE_LINK:
            /* A link inside a link (through emphasis) counts as its text. */
            if (ev == GL_EVENT_ENTER && link_depth++ == 0) {
                link = n;
                mark = b->len;
            } else if (ev == GL_EVENT_EXIT && --link_depth == 0) {
                finish_link(w, b, link, mark);
            }
            break;
        case GL_NODE_IMAGE:
            put_image(w, b, n, &a, &z);
            break;
        case GL_NODE_FOOTNOTE_REF:
            gl_buf_puts(b, "[^");
            put_inline(b, n->info ? n->info : "", n->info ? strlen(n->info) : 0, false);
            gl_buf_putc(b, ']');
            break;
        case GL_NODE_LINE_BREAK:
            put_hard_break(b, single_line);
            break;
        case GL_NODE_SUPERSCRIPT:
            /* "10^10", as plain-text mail writes powers: "1010" would misstate them. */
            if (ev == GL_EVENT_ENTER)
                gl_buf_putc(b, '^');
            break;
        default:
            break;
        }
    }
    trim_end(b);
}

/* ---- lines and prefixes ---- */

/* Writes one line: the prefixes of the enclosing quotes, items and notes,
 * then `len` bytes of text. `consume` prints (and spends) the markers of items
 * not yet started; a blank line between blocks keeps them for later. */
static void put_line(writer *w, const char *text, size_t len, bool consume) {
    gl_buf *o = &w->out;
    size_t start = o->len;
    bool marker = false;
    for (size_t i = 0; i < w->npfx; i++) {
        frame *f = &w->frames[w->pfx[i]];
        if (f->node->type == GL_NODE_BLOCKQUOTE) {
            gl_buf_puts(o, "> ");
        } else if (f->pending && consume) {
            marker = true;
            f->pending = false;
            if (f->node->type == GL_NODE_ITEM) {
                gl_buf_puts(o, f->mark);
            } else {
                const char *label = f->node->info ? f->node->info : "";
                gl_buf_puts(o, "[^");
                put_inline(o, label, strlen(label), false);
                gl_buf_puts(o, "]: ");
            }
        } else {
            gl_buf_printf(o, "%*s", (int)(f->pending ? f->mark_w : f->cont_w), "");
        }
    }
    size_t text_start = o->len;
    gl_buf_append(o, text, len);
    to_ascii(w, o, start);
    while (o->len > start && (last_char(o) == ' ' || last_char(o) == '\t'))
        truncate_buf(o, o->len - 1);
    bool blank = !marker && o->len <= text_start;
    if (blank && (start == 0 || w->last_blank)) {
        truncate_buf(o, start); /* never a blank line first, nor two in a row */
        return;
    }
    w->last_blank = blank;
    if (blank)
        w->blank_start = start;
    gl_buf_putc(o, '\n');
}

/* Writes the blank line due before a block, with the prefixes of where the
 * block stands: a blank line left by the end of a quote (">") gives way to
 * one that ends the quote. */
static void flush_blank(writer *w) {
    if (w->pending_blank && w->last_blank) {
        truncate_buf(&w->out, w->blank_start);
        w->last_blank = false;
    }
    if (w->pending_blank)
        put_line(w, "", 0, false);
    w->pending_blank = false;
}

/* After a block: a blank line before the next, except between the blocks of
 * a tight list's item. */
static void after_block(writer *w) {
    const gl_node *top = w->depth ? w->frames[w->depth - 1].node : NULL;
    w->pending_blank = !(top && top->type == GL_NODE_ITEM && top->parent &&
                         top->parent->type == GL_NODE_LIST && top->parent->tight);
}

static size_t prefix_width(const writer *w) {
    size_t width = 0;
    for (size_t i = 0; i < w->npfx; i++) {
        const frame *f = &w->frames[w->pfx[i]];
        if (f->node->type == GL_NODE_BLOCKQUOTE)
            width += 2;
        else
            width += f->mark_w > f->cont_w ? f->mark_w : f->cont_w;
    }
    return width;
}

/* Lays out w->para wrapped to the width left by the prefixes, with an
 * underline of `rule` when not '\0'. Returns whether anything was written. */
static bool emit_wrapped(writer *w, char rule) {
    if (w->para.len == 0 || failed(w))
        return false;
    to_ascii(w, &w->para, 0);
    flush_blank(w);
    double avail = 0;
    if (w->opt->width) {
        size_t width = w->opt->width, pw = prefix_width(w);
        if (pw < width && width - pw >= MIN_TEXT_WIDTH)
            avail = (double)(width - pw);
        else
            avail = width < MIN_TEXT_WIDTH ? width : MIN_TEXT_WIDTH;
    }
    gl_linebreak_params params = {avail, w->break_lang, false, true};
    measure_ctx m = {w->para.data};
    gl_line *lines;
    size_t count;
    if (gl_linebreak(w->para.data, w->para.len, &params, columns, &m, w->alloc, &lines, &count) !=
        GL_OK) {
        w->status = GL_ENOMEM;
        return false;
    }
    double widest = 0;
    for (size_t i = 0; i < count; i++) {
        put_line(w, w->para.data + lines[i].start, lines[i].end - lines[i].start, true);
        if (lines[i].width > widest)
            widest = lines[i].width;
    }
    gl_free(w->alloc, lines);
    if (rule && widest > 0) {
        gl_buf_clear(&w->tmp);
        for (size_t i = 0; i < (size_t)widest; i++)
            gl_buf_putc(&w->tmp, rule);
        if (w->tmp.status != GL_OK)
            return false;
        put_line(w, w->tmp.data, w->tmp.len, true);
    }
    return count > 0;
}

/* ---- blocks ---- */

static void emit_code(writer *w, const gl_node *n) {
    const char *s = n->text ? n->text : "";
    size_t len = n->text ? n->text_len : 0;
    bool started = false, blank = false;
    for (size_t i = 0; i < len && !failed(w);) {
        size_t j = i;
        while (j < len && s[j] != '\n')
            j++;
        size_t k = i;
        while (k < j && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r'))
            k++;
        /* Blank lines: none leading or trailing, one for a run of them. */
        if (k == j) {
            blank = started;
        } else {
            if (!started)
                flush_blank(w);
            if (blank)
                put_line(w, "", 0, false);
            size_t end = j > i && s[j - 1] == '\r' ? j - 1 : j;
            gl_buf_clear(&w->tmp);
            gl_buf_puts(&w->tmp, "    ");
            put_clean(&w->tmp, s + i, end - i, true);
            if (w->tmp.status == GL_OK)
                put_line(w, w->tmp.data, w->tmp.len, true);
            started = true;
            blank = false;
        }
        i = j + 1;
    }
    if (started)
        after_block(w);
}

/* body_only leaves a figure out, caption too: a caption and its photo
 * credit sit outside the article's flow of sentences. Every other output
 * keeps both. */
static void emit_figure(writer *w, const gl_node *n) {
    if (w->opt->body_only)
        return;
    gl_buf *b = &w->para;
    gl_buf_clear(b);
    size_t alt_start, alt_end;
    put_image(w, b, n, &alt_start, &alt_end);
    if (n->first_child) {
        size_t mark = b->len;
        put_hard_break(b, false);
        size_t cap = b->len;
        collect_inlines(w, n, b, false);
        /* A caption repeating the alt text is said once. */
        if (b->len - cap == alt_end - alt_start && b->data &&
            memcmp(b->data + cap, b->data + alt_start, alt_end - alt_start) == 0)
            truncate_buf(b, mark);
    }
    trim_end(b);
    if (emit_wrapped(w, '\0'))
        after_block(w);
}

typedef struct cell {
    size_t off, len, width, col;
} cell;

/* Pads text of `width` columns to `col_w` with the alignment `al`. */
static void put_cell(gl_buf *b, const char *text, size_t len, size_t width, size_t col_w,
                     gl_align al) {
    size_t pad = col_w > width ? col_w - width : 0;
    size_t left = al == GL_ALIGN_RIGHT ? pad : al == GL_ALIGN_CENTER ? pad / 2 : 0;
    gl_buf_printf(b, "%*s", (int)left, "");
    gl_buf_append(b, text, len);
    gl_buf_printf(b, "%*s", (int)(pad - left), "");
}

static bool row_is_header(const gl_node *row) {
    for (const gl_node *c = row->first_child; c; c = c->next)
        if (c->header)
            return true;
    return false;
}

/* A table as aligned columns: each cell on one line, columns two spaces
 * apart, as wide as their widest cell in display columns; a rule of '-'
 * under the header rows. */
static void emit_table(writer *w, const gl_node *table) {
    size_t ncells = 0, ncols = 0;
    for (const gl_node *r = table->first_child; r; r = r->next) {
        size_t n = 0;
        for (const gl_node *c = r->first_child; c; c = c->next)
            n++;
        ncells += n;
        if (n > ncols)
            ncols = n;
    }
    if (ncols == 0)
        return;
    cell *cells = gl_malloc_array(w->alloc, ncells, sizeof *cells);
    size_t *widths = gl_malloc_array(w->alloc, ncols, sizeof *widths);
    gl_align *aligns = gl_malloc_array(w->alloc, ncols, sizeof *aligns);
    gl_buf text;
    gl_buf_init(&text, w->alloc, 0);
    if (!cells || !widths || !aligns) {
        w->status = GL_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < ncols; i++) {
        widths[i] = 1;
        aligns[i] = GL_ALIGN_NONE;
    }
    size_t k = 0;
    for (const gl_node *r = table->first_child; r; r = r->next) {
        size_t col = 0;
        for (const gl_node *c = r->first_child; c; c = c->next, col++, k++) {
            cells[k].off = text.len;
            collect_inlines(w, c, &text, true);
            to_ascii(w, &text, cells[k].off);
            /* --ascii can end a cell with a space (U+00A0 becomes ' '): trim
             * it here, or the next cell's trim_end would eat into this one
             * and its length wrap around (found by fuzz_text, issue 8). */
            while (text.len > cells[k].off && text.data[text.len - 1] == ' ')
                truncate_buf(&text, text.len - 1);
            cells[k].len = text.len - cells[k].off;
            cells[k].col = col;
            cells[k].width = gl_display_width(gl_buf_cstr(&text) + cells[k].off, cells[k].len);
            if (cells[k].width > widths[col])
                widths[col] = cells[k].width;
            if (aligns[col] == GL_ALIGN_NONE)
                aligns[col] = c->align;
        }
    }
    if (text.status != GL_OK) {
        w->status = text.status;
        goto done;
    }
    flush_blank(w);
    k = 0;
    for (const gl_node *r = table->first_child; r && !failed(w); r = r->next) {
        gl_buf_clear(&w->tmp);
        size_t col = 0, row_start = k;
        for (const gl_node *c = r->first_child; c; c = c->next, col++, k++) {
            if (col)
                gl_buf_puts(&w->tmp, "  ");
            put_cell(&w->tmp, gl_buf_cstr(&text) + cells[k].off, cells[k].len, cells[k].width,
                     widths[col], aligns[col]);
        }
        if (w->tmp.status != GL_OK)
            break;
        bool empty = true; /* a row of empty cells is no line at all */
        for (size_t i = row_start; i < k; i++)
            empty = empty && cells[i].len == 0;
        if (!empty)
            put_line(w, gl_buf_cstr(&w->tmp), w->tmp.len, true);
        if (row_is_header(r) && !(r->next && row_is_header(r->next))) {
            gl_buf_clear(&w->tmp);
            for (size_t i = 0; i < ncols; i++) {
                if (i)
                    gl_buf_puts(&w->tmp, "  ");
                for (size_t j = 0; j < widths[i]; j++)
                    gl_buf_putc(&w->tmp, '-');
            }
            if (w->tmp.status == GL_OK)
                put_line(w, w->tmp.data, w->tmp.len, true);
        }
    }
    after_block(w);
done:
    gl_buf_free(&text);
    gl_free(w->alloc, cells);
    gl_free(w->alloc, widths);
    gl_free(w->alloc, aligns);
}

static frame *push(writer *w, const gl_node *n, bool prefixes) {
    if (gl_vec_grow(w->alloc, &w->frames, &w->frames_cap, w->depth + 1, sizeof *w->frames) !=
        GL_OK) {
        w->status = GL_ENOMEM;
        return NULL;
    }
    frame *f = &w->frames[w->depth];
    memset(f, 0, sizeof *f);
    f->node = n;
    if (prefixes && w->npfx < MAX_INDENT_LEVELS) {
        f->prefix = true;
        w->pfx[w->npfx++] = w->depth;
    }
    w->depth++;
    return f;
}

static void push_item(writer *w, const gl_node *item) {
    const gl_node *list = item->parent;
    frame *parent = w->depth ? &w->frames[w->depth - 1] : NULL;
    long number = 0;
    if (parent && parent->node == list && list->ordered) {
        number = parent->next;
        if (parent->next < LONG_MAX)
            parent->next++;
    }
    frame *f = push(w, item, true);
    if (!f || !f->prefix)
        return;
    int n = list && list->ordered ? snprintf(f->mark, sizeof f->mark, "%ld. ", number)
                                  : snprintf(f->mark, sizeof f->mark, "- ");
    if (item->task != GL_TASK_NONE)
        snprintf(f->mark + n, sizeof f->mark - (size_t)n, "%s",
                 item->task == GL_TASK_DONE ? "[x] " : "[ ] ");
    f->mark_w = f->cont_w = strlen(f->mark);
    f->pending = true;
}

static void push_note(writer *w, const gl_node *def) {
    frame *f = push(w, def, true);
    if (!f || !f->prefix)
        return;
    gl_buf_clear(&w->tmp);
    put_inline(&w->tmp, def->info ? def->info : "", def->info ? strlen(def->info) : 0, false);
    f->mark_w = 5 + (w->tmp.data ? gl_display_width(w->tmp.data, w->tmp.len) : 0);
    f->cont_w = 4;
    f->pending = true;
}

static void add_note(writer *w, const gl_node *def) {
    if (gl_vec_grow(w->alloc, &w->notes, &w->notes_cap, w->nnotes + 1, sizeof *w->notes) != GL_OK) {
        w->status = GL_ENOMEM;
        return;
    }
    w->notes[w->nnotes++] = def;
}

static void leave(writer *w) {
    frame *f = &w->frames[w->depth - 1];
    const gl_node *n = f->node;
    if (f->prefix && f->pending)
        put_line(w, "", 0, true); /* an empty item still shows its marker */
    if (f->prefix)
        w->npfx--;
    w->depth--;
    if (n->type == GL_NODE_ITEM)
        w->pending_blank = !(n->parent && n->parent->tight);
    else if (n->type != GL_NODE_DOCUMENT)
        w->pending_blank = true;
}

/* Renders the blocks under `root`. Footnote definitions met on the way are
 * kept for the end; `root` itself may be one, rendered with its label. */
static void walk(writer *w, const gl_node *root) {
    gl_iter it;
    gl_iter_init(&it, root);
    gl_event ev;
    while (!failed(w) && (ev = gl_iter_next(&it)) != GL_EVENT_NONE) {
        const gl_node *n = it.node;
        if (ev == GL_EVENT_EXIT) {
            if (w->depth && w->frames[w->depth - 1].node == n)
                leave(w);
            continue;
        }
        switch (n->type) {
        case GL_NODE_DOCUMENT:
            push(w, n, false);
            break;
        case GL_NODE_BLOCKQUOTE:
            flush_blank(w);
            push(w, n, true);
            break;
        case GL_NODE_LIST: {
            flush_blank(w);
            frame *f = push(w, n, false);
            if (f)
                f->next = n->start;
            break;
        }
        case GL_NODE_ITEM:
            flush_blank(w);
            push_item(w, n);
            break;
        case GL_NODE_FOOTNOTE_DEF:
            if (n == root) {
                flush_blank(w);
                push_note(w, n);
            } else {
                add_note(w, n);
                gl_iter_skip_children(&it);
            }
            break;
        case GL_NODE_PARAGRAPH:
        case GL_NODE_HEADING:
        case GL_NODE_TABLE_CELL: {
            char rule = '\0';
            if (n->type == GL_NODE_HEADING)
                rule = n->level == 1 ? '=' : n->level == 2 ? '-' : '\0';
            gl_buf_clear(&w->para);
            collect_inlines(w, n, &w->para, false);
            if (emit_wrapped(w, rule))
                after_block(w);
            gl_iter_skip_children(&it);
            break;
        }
        case GL_NODE_CODE_BLOCK:
            emit_code(w, n);
            break;
        case GL_NODE_THEMATIC_BREAK:
            flush_blank(w);
            put_line(w, "* * *", 5, true);
            after_block(w);
            break;
        case GL_NODE_FIGURE:
            emit_figure(w, n);
            gl_iter_skip_children(&it);
            break;
        case GL_NODE_TABLE:
            emit_table(w, n);
            gl_iter_skip_children(&it);
            break;
        default: /* rows outside tables, inlines outside paragraphs: not in a valid tree */
            gl_iter_skip_children(&it);
            break;
        }
    }
}

/* One header value as a wrapped paragraph, `lead` before it. */
static bool header_value(writer *w, const char *lead, const char *v, char rule) {
    if (!v)
        return false;
    gl_buf_clear(&w->para);
    gl_buf_puts(&w->para, lead);
    put_inline(&w->para, v, strlen(v), false);
    trim_end(&w->para);
    if (w->para.len == strlen(lead))
        return false;
    return emit_wrapped(w, rule);
}

static void emit_header(writer *w) {
    char date[GL_DATE_SHOWN_MAX];
    bool any = header_value(w, "", gl_doc_meta(w->doc, GL_META_TITLE), '=');
    any |= header_value(w, "By ", gl_doc_meta(w->doc, GL_META_BYLINE), '\0');
    any |= header_value(w, "", gl_date_display(w->doc, date), '\0');
    any |= header_value(w, "", gl_doc_meta(w->doc, GL_META_SITE), '\0');
    any |= header_value(w, "", gl_doc_meta(w->doc, GL_META_URL), '\0');
    if (any)
        w->pending_blank = true;
}

static void emit_references(writer *w) {
    if (w->opt->body_only || w->opt->links != GL_LINKS_REFS || w->refs.count == 0)
        return;
    flush_blank(w);
    for (size_t i = 0; i < w->refs.count && !failed(w); i++) {
        gl_buf_clear(&w->tmp);
        gl_buf_printf(&w->tmp, "[%zu] ", i + 1);
        put_clean(&w->tmp, w->refs.urls[i], strlen(w->refs.urls[i]), false);
        if (w->tmp.status == GL_OK)
            put_line(w, w->tmp.data, w->tmp.len, true);
    }
}

/* --eol crlf: every LF (and only those: the text holds no CR) becomes CR LF. */
static void to_crlf(writer *w) {
    gl_buf *o = &w->out;
    size_t lines = 0;
    for (size_t i = 0; i < o->len; i++)
        lines += o->data[i] == '\n';
    if (lines == 0 || o->status != GL_OK)
        return;
    size_t old = o->len;
    for (size_t i = 0; i < lines; i++)
        gl_buf_putc(o, '\0');
    if (o->status != GL_OK)
        return;
    for (size_t i = old, j = o->len; i-- > 0;) {
        o->data[--j] = o->data[i];
        if (o->data[i] == '\n')
            o->data[--j] = '\r';
    }
}

static gl_status first_failure(const writer *w) {
    if (w->status != GL_OK)
        return w->status;
    if (w->para.status != GL_OK)
        return w->para.status;
    return w->tmp.status;
}

bool gl_text_uses_lang(const gl_doc *doc, const gl_options *opt) {
    return !opt->body_only && gl_date_display_uses_lang(doc);
}

gl_status gl_write_text(const gl_doc *doc, const gl_sink *sink, const gl_options *opt,
                        gl_error *err) {
    gl_options defaults;
    opt = gl_options_or_defaults(opt, &defaults);
    writer w;
    memset(&w, 0, sizeof w);
    w.opt = opt;
    w.doc = doc;
    w.alloc = gl_allocator_of(opt);
    const char *src = gl_doc_meta_source(doc, GL_META_LANG);
    w.break_lang = src && strcmp(src, "detected") == 0 ? NULL : gl_doc_meta(doc, GL_META_LANG);
    gl_buf_init(&w.out, w.alloc, gl_writer_output_cap(opt));
    gl_buf_init(&w.para, w.alloc, 0);
    gl_buf_init(&w.tmp, w.alloc, 0);
    gl_buf_init(&w.ascii, w.alloc, 0);
    gl_strmap_init(&w.refs.numbers, w.alloc, 0);

    if (!opt->body_only)
        emit_header(&w);
    walk(&w, gl_doc_root(doc));
    for (size_t i = 0; i < w.nnotes && !failed(&w); i++)
        walk(&w, w.notes[i]);
    emit_references(&w);
    if (w.last_blank)
        truncate_buf(&w.out, w.blank_start);
    if (w.out.len == 0)
        gl_buf_putc(&w.out, '\n');
    if (opt->crlf)
        to_crlf(&w);
    if (w.kept) {
        char shown[5] = "";
        gl_utf8_encode(w.first_kept, shown);
        gl_warnf(opt, opt->source_path, 0,
                 "--ascii: letters of other scripts and symbols without an ASCII form are kept "
                 "(the first: '%s', U+%04X)",
                 shown, (unsigned)w.first_kept);
    }

    gl_status st = first_failure(&w);
    if (st == GL_ENOMEM)
        gl_fail(err, st, 0, "out of memory while writing text");
    else if (st != GL_OK)
        gl_fail(err, st, 0, "text writer failed: %s", gl_status_text(st));
    else
        st = gl_sink_flush_buf(sink, &w.out, err);
    gl_buf_free(&w.out);
    gl_buf_free(&w.para);
    gl_buf_free(&w.tmp);
    gl_buf_free(&w.ascii);
    gl_free(w.alloc, w.frames);
    gl_free(w.alloc, w.refs.urls);
    gl_strmap_free(&w.refs.numbers);
    gl_free(w.alloc, w.notes);
    return st;
}
