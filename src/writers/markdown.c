/* The Markdown writer: CommonMark with the GFM extensions galley reads
 * (tables, strikethrough, task lists, footnotes), after a YAML front matter
 * block holding the metadata. What it writes reads back, through galley's
 * own Markdown reader, into the same tree (tests/tools/check_markdown.py
 * checks that on every sample), and into the same words through any
 * CommonMark reader, smart punctuation on or off:
 *
 *   - text is escaped where a character would start a block at the start
 *     of a line (# > - + = "1." "1)", leading blanks as &#32;), an inline
 *     construct anywhere (\ ` * [ ] < | ~ and _ between non-letters, &
 *     before an entity name, ! before a link, "://" and "www." that GFM
 *     would autolink, an e-mail address through an empty comment), or what
 *     smart punctuation would turn into other characters (" ' and the
 *     second of -- and ..);
 *   - emphasis uses * ** ~~ only where CommonMark's flanking rules (§6.2)
 *     cannot misread them (word characters inside both ends, no delimiter
 *     beside), else <em> <strong> <del>, which galley's reader maps back;
 *   - hard breaks are "\" at a line's end, <br> where that cannot be (a
 *     paragraph's end, a heading, a table cell);
 *   - adjacent lists alternate their markers (- and *, 1. and 1)) so they
 *     stay two lists; thematic breaks are "* * *", never "---", which would
 *     open front matter at the top of the file;
 *   - footnotes are numbered by first reference, as cmark-gfm numbers them,
 *     and their definitions follow the body;
 *   - links and images whose URL is outside the allowlist (util/url.h) keep
 *     only their text.
 *
 * The walk is gl_iter's, so depth never reaches the C stack; each line starts
 * with the prefix of the containers it is in ("> ", list indentation). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "writers/writers.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/error.h"
#include "util/localfile.h"
#include "util/sink.h"
#include "util/url.h"
#include "util/utf8.h"
#include "options.h"
#include "tree/iter.h"
#include "util/vec.h"

/* CommonMark §5.2: an ordered list's start has at most 9 digits. */
#define MAX_LIST_START 999999999L

typedef struct note {
    const gl_node *def;
    size_t order;  /* position in document order: the first definition of a label wins */
    size_t number; /* 1-based, by first reference, then document order; 0 while unset */
} note;

typedef struct frame {
    size_t prefix_len; /* the prefix's length before this container */
    long next;         /* LIST: number of the next ordered item */
    char bullet;       /* LIST: '-' or '*' unordered, '.' or ')' ordered */
    bool tight;        /* LIST, ITEM: blocks and items without blank lines between them */
} frame;

typedef struct writer {
    const gl_allocator *alloc;
    gl_buf out;
    gl_buf prefix;  /* what every line of the current container starts with */
    gl_buf marks;   /* one byte per open EMPH/STRONG/STRIKE: 1 = written as Markdown */
    gl_buf scratch; /* a caption's text, a code span's */
    frame *frames;
    size_t depth, frames_cap;
    note *notes; /* sorted by label, then order */
    size_t nnotes;
    size_t *by_number;        /* note indexes by number - 1 */
    int need_cr;              /* 1: the next block starts a new line; 2: after a blank line */
    bool line_begun;          /* the current line's prefix is written */
    bool begin_content;       /* just after a list or quote marker: the block starts here */
    bool line_start;          /* nothing of the line's content written yet */
    const gl_node *open_link; /* the LINK whose "[" is open; links do not nest */
    const gl_node *cell;      /* the TABLE_CELL being written, or NULL */
    const gl_node *heading;   /* the HEADING being written, or NULL */
    size_t table_cols;
    const gl_node *last_list; /* the LIST last closed, and its marker */
    char last_bullet;
    gl_local_refs local; /* where local images may lead: the input's folder */
    bool nomem;
} writer;

/* ---- output ---- */

static char last_byte(const writer *w) { return w->out.len ? w->out.data[w->out.len - 1] : '\n'; }

/* The prefix without its trailing blanks, for a line with nothing else on it. */
static void put_trimmed_prefix(writer *w) {
    size_t n = w->prefix.len;
    while (n && w->prefix.data[n - 1] == ' ')
        n--;
    gl_buf_append(&w->out, w->prefix.data, n);
}

/* Before any content: ends the line and adds the blank line a new block asked
 * for, then writes the line's prefix. */
static void flush(writer *w) {
    if (w->need_cr && w->out.len && !w->begin_content) {
        if (w->line_begun)
            gl_buf_putc(&w->out, '\n');
        if (w->need_cr > 1) {
            put_trimmed_prefix(w);
            gl_buf_putc(&w->out, '\n');
        }
        w->line_begun = false;
        w->line_start = true;
    }
    w->need_cr = 0;
    if (!w->line_begun) {
        gl_buf_append(&w->out, w->prefix.data, w->prefix.len);
        w->line_begun = true;
        w->line_start = true;
    }
    w->begin_content = false;
}

static void lit(writer *w, const char *s) {
    flush(w);
    gl_buf_puts(&w->out, s);
    w->line_start = false;
}

/* Ends the current line inside a block (a hard break, a code line). */
static void newline(writer *w) {
    gl_buf_putc(&w->out, '\n');
    w->line_begun = false;
}

static void push_prefix(writer *w, const char *s) { gl_buf_puts(&w->prefix, s); }

/* ---- escaping ---- */

static bool is_ascii_alnum(unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The length of the control character at s[0] (C0 but tab and line ends,
 * DEL, C1), 0 when it is none. They go, as in the text writer: they would
 * drive a terminal the Markdown is shown on, and no text needs them. */
static size_t control_len(const char *s, size_t len) {
    unsigned char c = (unsigned char)s[0];
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F)
        return 1;
    return c == 0xC2 && len > 1 && (unsigned char)s[1] < 0xA0 ? 2 : 0;
}

/* Whether `&` at s[0] starts what CommonMark reads as an entity or numeric
 * character reference (§6.2): a name or #digits, then ';'. */
static bool entity_like(const char *s, size_t len) {
    size_t i = 1;
    while (i < len && i < 34 && (is_ascii_alnum((unsigned char)s[i]) || s[i] == '#'))
        i++;
    return i > 1 && i < len && s[i] == ';';
}

/* Whether the TEXT node `n` ends its block's line, where CommonMark strips
 * trailing blanks. */
static bool ends_block(const gl_node *n) {
    return !n->next && n->parent && gl_node_is_block(n->parent->type);
}

/* The offset in s of the '.' or ')' after leading digits that would make a
 * line an ordered list item (§5.2), or SIZE_MAX. */
static size_t list_number_end(const char *s, size_t len) {
    size_t d = 0;
    while (d < len && d < 10 && s[d] >= '0' && s[d] <= '9')
        d++;
    return d >= 1 && d <= 9 && d < len && (s[d] == '.' || s[d] == ')') ? d : SIZE_MAX;
}

static void put_escaped(writer *w, char c) {
    char e[2] = {'\\', c};
    gl_buf_append(&w->out, e, 2);
}

/* Appends s[0..len) so that it reads back as exactly these characters. */
static void put_text(writer *w, const char *s, size_t len, const gl_node *n) {
    if (len == 0)
        return;
    flush(w);
    bool at_end = n && ends_block(n);
    bool after_note = n && n->prev && n->prev->type == GL_NODE_FOOTNOTE_REF;
    /* A cell's or a heading's text starts no block: only its blanks matter. */
    bool inside_line = w->cell || w->heading;
    size_t number_end = w->line_start && !inside_line ? list_number_end(s, len) : SIZE_MAX;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        size_t ctl = control_len(s + i, len - i);
        if (ctl) {
            i += ctl - 1;
            continue;
        }
        bool first = w->line_start, block_first = first && !inside_line;
        w->line_start = false;
        bool esc = false;
        switch (c) {
        case ' ':
        case '\t':
            if (first || (at_end && i + 1 == len)) {
                gl_buf_puts(&w->out, c == ' ' ? "&#32;" : "&#9;");
                continue;
            }
            break;
        case '\n':
            gl_buf_puts(&w->out, "&#10;");
            continue;
        case '\r':
            gl_buf_puts(&w->out, "&#13;");
            continue;
        case '\\':
        case '`':
        case '*':
        case '[':
        case ']':
        case '<':
        case '|':
        case '~':
        case '"':
        case '\'':
            esc = true;
            break;
        case '_':
            esc = !(i > 0 && i + 1 < len && is_ascii_alnum((unsigned char)s[i - 1]) &&
                    is_ascii_alnum((unsigned char)s[i + 1]));
            break;
        case '#':
            esc = block_first || w->heading;
            break;
        case '>':
        case '+':
        case '=':
            esc = block_first;
            break;
        case '-':
            esc = block_first || last_byte(w) == '-';
            break;
        case '.':
            esc = last_byte(w) == '.' || i == number_end ||
                  (i >= 3 && memcmp(s + i - 3, "www", 3) == 0);
            break;
        case ')':
            esc = i == number_end;
            break;
        case ':':
            esc = (i + 2 < len && s[i + 1] == '/' && s[i + 2] == '/') || (i == 0 && after_note);
            break;
        case '&':
            esc = entity_like(s + i, len - i);
            break;
        case '!':
            esc = i + 1 == len;
            break;
        case '@': {
            /* GFM's autolink extension links an address across escapes (it
             * scans the merged text), but not across an inline comment. */
            unsigned char p = (unsigned char)last_byte(w);
            unsigned char q = i + 1 < len ? (unsigned char)s[i + 1] : 0;
            if ((is_ascii_alnum(p) || strchr(".+-_", p)) && q &&
                (is_ascii_alnum(q) || strchr(".-_", q)))
                gl_buf_puts(&w->out, "<!---->");
            break;
        }
        default:
            break;
        }
        if (esc)
            put_escaped(w, (char)c);
        else
            gl_buf_putc(&w->out, (char)c);
    }
}

/* Appends s[0..len) where no inline is parsed (a destination, a title, an
 * info string): the characters of `special` and '\\' escaped, '|' too in a
 * table cell (GFM splits cells first, §4.10), an entity-like '&' as "&amp;"
 * (cmark decodes references there before backslash escapes), line ends as
 * references, controls dropped. */
static void put_literal(writer *w, const char *s, size_t len, const char *special) {
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        size_t ctl = control_len(s + i, len - i);
        if (ctl)
            i += ctl - 1;
        else if (c == '\n' || c == '\r')
            gl_buf_puts(&w->out, c == '\n' ? "&#10;" : "&#13;");
        else if (c == '&' && entity_like(s + i, len - i))
            gl_buf_puts(&w->out, "&amp;"); /* references are decoded before escapes */
        else if (c == '\\' || (c && strchr(special, c)) || (c == '|' && w->cell))
            put_escaped(w, c);
        else
            gl_buf_putc(&w->out, c);
    }
}

/* A link destination (§6.5): in <...> when it holds blanks, controls or
 * parentheses, bare otherwise. */
static void put_destination(writer *w, const char *url) {
    size_t len = strlen(url);
    bool angle = len == 0;
    for (size_t i = 0; i < len && !angle; i++) {
        unsigned char c = (unsigned char)url[i];
        angle = c <= ' ' || c == 0x7F || c == '(' || c == ')' || c == '<' || c == '>';
    }
    if (angle)
        gl_buf_putc(&w->out, '<');
    put_literal(w, url, len, "<>");
    if (angle)
        gl_buf_putc(&w->out, '>');
}

/* ` "title"` after a destination (§6.5); titles are not inline-parsed. */
static void put_title(writer *w, const char *s, size_t len) {
    gl_buf_puts(&w->out, " \"");
    put_literal(w, s, len, "\"");
    gl_buf_putc(&w->out, '"');
}

/* ---- footnotes ---- */

static int cmp_note(const void *a, const void *b) {
    const note *x = a, *y = b;
    int c = strcmp(x->def->info ? x->def->info : "", y->def->info ? y->def->info : "");
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* The note a label names (its first definition), or NULL. */
static note *note_of(const writer *w, const char *label) {
    if (!label || !w->nnotes)
        return NULL;
    size_t lo = 0, hi = w->nnotes;
    while (lo < hi) { /* the first entry whose label is not below `label` */
        size_t mid = lo + (hi - lo) / 2;
        const char *l = w->notes[mid].def->info ? w->notes[mid].def->info : "";
        if (strcmp(l, label) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == w->nnotes)
        return NULL;
    note *t = &w->notes[lo];
    return strcmp(t->def->info ? t->def->info : "", label) == 0 ? t : NULL;
}

/* Collects the definitions and numbers them by first reference (the order
 * cmark-gfm gives them when it reads the output back), the rest after. */
static void number_notes(writer *w, const gl_doc *doc) {
    size_t count = 0;
    gl_iter it;
    gl_iter_init(&it, gl_doc_root(doc));
    while (gl_iter_next(&it) != GL_EVENT_NONE)
        count += it.event == GL_EVENT_ENTER && it.node->type == GL_NODE_FOOTNOTE_DEF;
    if (count == 0)
        return;
    w->notes = gl_malloc_array(w->alloc, count, sizeof *w->notes);
    if (!w->notes) {
        w->nomem = true;
        return;
    }
    gl_iter_init(&it, gl_doc_root(doc));
    while (gl_iter_next(&it) != GL_EVENT_NONE)
        if (it.event == GL_EVENT_ENTER && it.node->type == GL_NODE_FOOTNOTE_DEF)
            w->notes[w->nnotes] = (note){it.node, w->nnotes, 0}, w->nnotes++;
    qsort(w->notes, w->nnotes, sizeof *w->notes, cmp_note);
    size_t next = 1;
    gl_iter_init(&it, gl_doc_root(doc));
    while (gl_iter_next(&it) != GL_EVENT_NONE) {
        note *t = it.event == GL_EVENT_ENTER && it.node->type == GL_NODE_FOOTNOTE_REF
                      ? note_of(w, it.node->info)
                      : NULL;
        if (t && !t->number)
            t->number = next++;
    }
    /* Unreferenced ones and later duplicates of a label, in document order;
     * by_number first maps document order to index. */
    w->by_number = gl_malloc_array(w->alloc, w->nnotes, sizeof *w->by_number);
    if (!w->by_number) {
        w->nomem = true;
        return;
    }
    for (size_t i = 0; i < w->nnotes; i++)
        w->by_number[w->notes[i].order] = i;
    for (size_t k = 0; k < w->nnotes; k++)
        if (!w->notes[w->by_number[k]].number)
            w->notes[w->by_number[k]].number = next++;
    for (size_t i = 0; i < w->nnotes; i++)
        w->by_number[w->notes[i].number - 1] = i;
}

/* ---- inlines ---- */

/* Whether the first (or last) character of s[0..len) is a word character
 * for CommonMark's flanking rules (§6.2): neither white space nor
 * punctuation (ASCII punctuation, or a Unicode P* category). */
static bool word_edge(const char *s, size_t len, bool last) {
    /* Controls are dropped from the output: the edge is past them. */
    size_t i = 0;
    for (;;) {
        if (last) {
            if (len == 0)
                return false;
            i = len - 1;
            while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
                i--;
        }
        if (i >= len)
            return false;
        size_t ctl = control_len(s + i, len - i);
        if (!ctl)
            break;
        if (last)
            len = i;
        else
            i += ctl;
    }
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80)
        return is_ascii_alnum(c);
    int32_t cp;
    gl_utf8_decode(s + i, len - i, &cp);
    if (cp < 0)
        return false;
    utf8proc_category_t cat = utf8proc_category(cp);
    return !(cat >= UTF8PROC_CATEGORY_PC && cat <= UTF8PROC_CATEGORY_PO) &&
           !(cat >= UTF8PROC_CATEGORY_ZS && cat <= UTF8PROC_CATEGORY_CO) &&
           cat != UTF8PROC_CATEGORY_CN;
}

static bool is_delimited(gl_node_type t) {
    return t == GL_NODE_EMPH || t == GL_NODE_STRONG || t == GL_NODE_STRIKE;
}

/* Whether `n` (EMPH, STRONG or STRIKE) can be written with delimiters that
 * every CommonMark reader matches as they are meant: word characters just
 * inside both ends make the opener left-flanking and the closer
 * right-flanking, and no other run of the same character touches either. */
static bool delimiters_fit(const writer *w, const gl_node *n, char d) {
    const gl_node *f = n->first_child, *l = n->last_child;
    if (!f || f->type != GL_NODE_TEXT || l->type != GL_NODE_TEXT || !f->text_len || !l->text_len ||
        !word_edge(f->text, f->text_len, false) || !word_edge(l->text, l->text_len, true))
        return false;
    return last_byte(w) != d && !(n->next && is_delimited(n->next->type));
}

static const char *const open_tags[GL_NODE_TYPE_COUNT] = {
    [GL_NODE_EMPH] = "<em>",         [GL_NODE_STRONG] = "<strong>", [GL_NODE_STRIKE] = "<del>",
    [GL_NODE_SUPERSCRIPT] = "<sup>", [GL_NODE_SUBSCRIPT] = "<sub>",
};
static const char *const close_tags[GL_NODE_TYPE_COUNT] = {
    [GL_NODE_EMPH] = "</em>",         [GL_NODE_STRONG] = "</strong>", [GL_NODE_STRIKE] = "</del>",
    [GL_NODE_SUPERSCRIPT] = "</sup>", [GL_NODE_SUBSCRIPT] = "</sub>",
};
static const char *const delimiters[GL_NODE_TYPE_COUNT] = {
    [GL_NODE_EMPH] = "*",
    [GL_NODE_STRONG] = "**",
    [GL_NODE_STRIKE] = "~~",
};

static void open_delimited(writer *w, const gl_node *n) {
    const char *d = delimiters[n->type];
    bool md = delimiters_fit(w, n, d[0]);
    gl_buf_putc(&w->marks, md);
    lit(w, md ? d : open_tags[n->type]);
}

static void close_delimited(writer *w, const gl_node *n) {
    bool md = w->marks.len && w->marks.data[w->marks.len - 1];
    if (w->marks.len)
        w->marks.len--;
    lit(w, md ? delimiters[n->type] : close_tags[n->type]);
}

/* A code span (§6.1): a backtick string longer than any inside, and a space
 * of padding where the content's own edges would otherwise be lost. Line
 * ends read back as spaces, so they are written so; controls go. */
static void code_span(writer *w, const char *s, size_t len) {
    gl_buf *t = &w->scratch;
    gl_buf_clear(t);
    for (size_t i = 0; i < len; i++) {
        size_t ctl = control_len(s + i, len - i);
        if (ctl)
            i += ctl - 1;
        else
            gl_buf_putc(t, s[i] == '\n' || s[i] == '\r' ? ' ' : s[i]);
    }
    if (t->len == 0 || t->status != GL_OK)
        return;
    size_t run = 0, longest = 0;
    bool all_space = true;
    for (size_t i = 0; i < t->len; i++) {
        run = t->data[i] == '`' ? run + 1 : 0;
        longest = run > longest ? run : longest;
        all_space &= t->data[i] == ' ';
    }
    char first = t->data[0], last = t->data[t->len - 1];
    bool pad = first == '`' || last == '`' || (first == ' ' && last == ' ' && !all_space);
    flush(w);
    for (size_t i = 0; i <= longest; i++)
        gl_buf_putc(&w->out, '`');
    if (pad)
        gl_buf_putc(&w->out, ' ');
    for (size_t i = 0; i < t->len; i++) {
        /* GFM tables split cells on '|' before code spans are seen (§4.10). */
        if (t->data[i] == '|' && w->cell)
            gl_buf_putc(&w->out, '\\');
        gl_buf_putc(&w->out, t->data[i]);
    }
    if (pad)
        gl_buf_putc(&w->out, ' ');
    for (size_t i = 0; i <= longest; i++)
        gl_buf_putc(&w->out, '`');
    w->line_start = false;
}

static bool safe_url(const char *url, bool image) {
    return url && gl_url_allowed(url, strlen(url), image);
}

/* Whether an image keeps its URL: on the allowlist and, when local, at or
 * below the input's folder, as the XHTML writer decides (issue 14 item 8). */
static bool image_ok(writer *w, const gl_node *n) {
    if (!safe_url(n->url, true))
        return false;
    bool nomem = false;
    bool ok = gl_local_refs_image_ok(&w->local, n->url, n->line, &nomem);
    w->nomem = w->nomem || nomem;
    return ok;
}

/* Whether a link can be written as an autolink (§6.7): its text is its URL,
 * or its mailto: URL without the scheme, and nothing in it needs escaping. */
static bool autolink_fits(const gl_node *n) {
    const gl_node *t = n->first_child;
    if (!t || t != n->last_child || t->type != GL_NODE_TEXT || !n->url)
        return false;
    const char *url = n->url;
    size_t len = strlen(url), scheme = 0;
    while (scheme < len && scheme < 33 &&
           (is_ascii_alnum((unsigned char)url[scheme]) || (scheme && strchr("+.-", url[scheme]))))
        scheme++;
    if (scheme < 2 || scheme >= len || url[scheme] != ':')
        return false;
    /* Autolinks decode entities but not backslash escapes. */
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)url[i] <= ' ' || url[i] == '<' || url[i] == '>' || url[i] == '\\' ||
            control_len(url + i, len - i) || (url[i] == '&' && entity_like(url + i, len - i)))
            return false;
    if (t->text_len == len && memcmp(t->text, url, len) == 0)
        return strncmp(url, "mailto:", 7) != 0;
    return strncmp(url, "mailto:", 7) == 0 && t->text_len == len - 7 &&
           memcmp(t->text, url + 7, len - 7) == 0 && memchr(t->text, '@', t->text_len);
}

/* Whether nothing of the block follows `n` (a hard break there would be a
 * backslash at the end of the block, which reads as a backslash). */
static bool last_inline(const gl_node *n) {
    while (!n->next && n->parent && !gl_node_is_block(n->parent->type))
        n = n->parent;
    return !n->next;
}

static void link_enter(writer *w, gl_iter *it, const gl_node *n) {
    if (w->open_link || !safe_url(n->url, false))
        return; /* the text alone */
    if (autolink_fits(n)) {
        lit(w, "<");
        put_literal(w, n->first_child->text, n->first_child->text_len, "");
        gl_buf_putc(&w->out, '>');
        gl_iter_skip_children(it);
        return;
    }
    lit(w, "[");
    w->open_link = n;
}

static void link_exit(writer *w, const gl_node *n) {
    if (w->open_link != n)
        return;
    lit(w, "](");
    put_destination(w, n->url);
    if (n->title)
        put_title(w, n->title, strlen(n->title));
    gl_buf_putc(&w->out, ')');
    w->open_link = NULL;
}

/* ![alt](src "title"); a FIGURE's caption is its title, as galley's reader
 * takes it back. */
static void image(writer *w, const gl_node *n, const char *title, size_t title_len) {
    lit(w, "![");
    put_text(w, n->text ? n->text : "", n->text ? n->text_len : 0, NULL);
    gl_buf_puts(&w->out, "](");
    put_destination(w, n->url);
    if (title)
        put_title(w, title, title_len);
    gl_buf_putc(&w->out, ')');
}

static void inline_enter(writer *w, gl_iter *it, const gl_node *n) {
    switch (n->type) {
    case GL_NODE_TEXT:
        put_text(w, n->text ? n->text : "", n->text ? n->text_len : 0, n);
        break;
    case GL_NODE_EMPH:
    case GL_NODE_STRONG:
    case GL_NODE_STRIKE:
        open_delimited(w, n);
        break;
    case GL_NODE_SUPERSCRIPT:
    case GL_NODE_SUBSCRIPT:
        lit(w, open_tags[n->type]);
        break;
    case GL_NODE_CODE:
        if (n->text && n->text_len)
            code_span(w, n->text, n->text_len);
        break;
    case GL_NODE_LINK:
        link_enter(w, it, n);
        break;
    case GL_NODE_IMAGE:
        if (image_ok(w, n))
            image(w, n, n->title, n->title ? strlen(n->title) : 0);
        else if (n->text)
            put_text(w, n->text, n->text_len, NULL);
        break;
    case GL_NODE_FOOTNOTE_REF: {
        const note *t = note_of(w, n->info);
        if (t) {
            flush(w);
            gl_buf_printf(&w->out, "[^%zu]", t->number);
            w->line_start = false;
        } else {
            put_text(w, "[^", 2, NULL);
            put_text(w, n->info ? n->info : "", n->info ? strlen(n->info) : 0, NULL);
            put_text(w, "]", 1, NULL);
        }
        break;
    }
    case GL_NODE_LINE_BREAK:
        if (w->cell || w->heading || last_inline(n)) {
            lit(w, "<br>");
        } else {
            lit(w, "\\");
            newline(w);
        }
        break;
    default:
        break;
    }
}

static void inline_exit(writer *w, const gl_node *n) {
    switch (n->type) {
    case GL_NODE_EMPH:
    case GL_NODE_STRONG:
    case GL_NODE_STRIKE:
        close_delimited(w, n);
        break;
    case GL_NODE_SUPERSCRIPT:
    case GL_NODE_SUBSCRIPT:
        lit(w, close_tags[n->type]);
        break;
    case GL_NODE_LINK:
        link_exit(w, n);
        break;
    default:
        break;
    }
}

/* ---- blocks ---- */

/* Whether `next` may follow `prev` on the next line without a blank one
 * (which would make a tight list loose): only what interrupts a paragraph
 * (§4), after a block that cannot take lazy continuation lines. */
static bool needs_blank(const gl_node *prev, const gl_node *next) {
    switch (prev->type) {
    case GL_NODE_HEADING:
    case GL_NODE_CODE_BLOCK:
    case GL_NODE_THEMATIC_BREAK:
        return false;
    case GL_NODE_PARAGRAPH:
        switch (next->type) {
        case GL_NODE_HEADING:
        case GL_NODE_CODE_BLOCK:
        case GL_NODE_THEMATIC_BREAK:
        case GL_NODE_BLOCKQUOTE:
            return false;
        case GL_NODE_LIST: /* §5.3: only a non-empty item, and a number 1 */
            return (next->ordered && next->start != 1) || !next->first_child ||
                   !next->first_child->first_child;
        default:
            return true;
        }
    default:
        return true;
    }
}

/* Whether a list can be written tight: a tight list whose items hold no
 * two blocks that need a blank line between them. Otherwise it is written
 * loose, as reading it back would make it anyway. */
static bool list_tight(const gl_node *list) {
    if (!list->tight)
        return false;
    for (const gl_node *item = list->first_child; item; item = item->next) {
        const gl_node *prev = NULL;
        for (const gl_node *c = item->first_child; c; c = c->next) {
            if (c->type == GL_NODE_FOOTNOTE_DEF)
                continue;
            if (prev && needs_blank(prev, c))
                return false;
            prev = c;
        }
    }
    return true;
}

/* Asks for the separation a block needs before it. */
static void block_start(writer *w, const gl_node *n) {
    const gl_node *prev = n->prev;
    while (prev && prev->type == GL_NODE_FOOTNOTE_DEF)
        prev = prev->prev;
    bool tight =
        n->parent && n->parent->type == GL_NODE_ITEM && w->depth && w->frames[w->depth - 1].tight;
    int need = !prev || (tight && !needs_blank(prev, n)) ? 1 : 2;
    if (need > w->need_cr)
        w->need_cr = need;
}

static bool push_frame(writer *w) {
    if (gl_vec_grow(w->alloc, &w->frames, &w->frames_cap, w->depth + 1, sizeof *w->frames) !=
        GL_OK) {
        w->nomem = true;
        return false;
    }
    w->frames[w->depth++] = (frame){w->prefix.len, 0, 0, false};
    return true;
}

static void pop_frame(writer *w) {
    if (!w->depth)
        return;
    w->depth--;
    w->prefix.len = w->frames[w->depth].prefix_len;
    if (w->prefix.data)
        w->prefix.data[w->prefix.len] = '\0';
}

/* A list right after a list of the same kind takes the other marker, or
 * the two would read back as one. */
static char list_bullet(const writer *w, const gl_node *list) {
    bool other = list->prev && list->prev == w->last_list && list->prev->ordered == list->ordered &&
                 (w->last_bullet == '-' || w->last_bullet == '.');
    if (list->ordered)
        return other ? ')' : '.';
    return other ? '*' : '-';
}

/* One line of a code block, controls but tabs dropped; an empty line gets
 * no trailing blanks. */
static void code_line(writer *w, const char *s, size_t len) {
    if (len == 0)
        put_trimmed_prefix(w);
    else
        gl_buf_append(&w->out, w->prefix.data, w->prefix.len);
    for (size_t i = 0; i < len; i++) {
        size_t ctl = control_len(s + i, len - i);
        if (ctl)
            i += ctl - 1;
        else
            gl_buf_putc(&w->out, s[i]);
    }
    gl_buf_putc(&w->out, '\n');
}

/* A fenced code block (§4.5): a fence longer than any run of its character
 * inside, tildes when the language holds a backtick. */
static void code_block(writer *w, const gl_node *n) {
    const char *s = n->text ? n->text : "", *info = n->info ? n->info : "";
    size_t len = n->text ? n->text_len : 0, run = 0, longest = 0;
    char mark = strchr(info, '`') ? '~' : '`';
    for (size_t i = 0; i < len; i++) {
        run = s[i] == mark ? run + 1 : 0;
        longest = run > longest ? run : longest;
    }
    size_t fence = longest >= 3 ? longest + 1 : 3;
    flush(w);
    for (size_t i = 0; i < fence; i++)
        gl_buf_putc(&w->out, mark);
    put_literal(w, info, strlen(info), "");
    newline(w);
    /* CR LF and CR end lines too (§2.1): read back, they are LF. */
    for (size_t start = 0; start < len;) {
        size_t end = start;
        while (end < len && s[end] != '\n' && s[end] != '\r')
            end++;
        code_line(w, s + start, end - start);
        if (end == len)
            break;
        start = end + (s[end] == '\r' && end + 1 < len && s[end + 1] == '\n' ? 2 : 1);
        if (start == len)
            code_line(w, "", 0); /* a last, empty line */
    }
    flush(w);
    for (size_t i = 0; i < fence; i++)
        gl_buf_putc(&w->out, mark);
    w->line_start = false;
}

/* The caption of a figure as plain text, into w->scratch (a title cannot
 * hold markup). */
static void caption_text(writer *w, const gl_node *fig) {
    gl_buf_clear(&w->scratch);
    gl_iter it;
    gl_iter_init(&it, fig);
    while (gl_iter_next(&it) != GL_EVENT_NONE) {
        const gl_node *n = it.node;
        if (it.event != GL_EVENT_ENTER || n == fig)
            continue;
        if ((n->type == GL_NODE_TEXT || n->type == GL_NODE_CODE || n->type == GL_NODE_IMAGE) &&
            n->text)
            gl_buf_append(&w->scratch, n->text, n->text_len);
        else if (n->type == GL_NODE_LINE_BREAK)
            gl_buf_putc(&w->scratch, ' ');
    }
}

static void figure(writer *w, gl_iter *it, const gl_node *n) {
    block_start(w, n);
    if (image_ok(w, n)) {
        caption_text(w, n);
        image(w, n, w->scratch.len ? gl_buf_cstr(&w->scratch) : NULL, w->scratch.len);
        gl_iter_skip_children(it);
        return;
    }
    /* No image to show: its alt text, then the caption as a paragraph. */
    if (n->text && n->text_len)
        put_text(w, n->text, n->text_len, NULL);
    if (n->first_child && n->text && n->text_len)
        w->need_cr = 2;
}

static size_t child_count(const gl_node *n) {
    size_t count = 0;
    for (const gl_node *c = n->first_child; c; c = c->next)
        count++;
    return count;
}

static void table_enter(writer *w, gl_iter *it, const gl_node *n) {
    size_t cols = 0;
    for (const gl_node *row = n->first_child; row; row = row->next) {
        size_t c = child_count(row);
        cols = c > cols ? c : cols;
    }
    w->table_cols = cols;
    if (cols == 0) {
        gl_iter_skip_children(it);
        return;
    }
    block_start(w, n);
}

/* GFM reads the first row as the header (§4.10), so the delimiter row follows
 * it, aligned as its cells are; short rows are padded to the widest. */
static void row_exit(writer *w, const gl_node *row) {
    for (size_t k = child_count(row); k < w->table_cols; k++)
        gl_buf_puts(&w->out, "  |");
    if (row->prev)
        return;
    static const char *const rules[] = {" --- |", " :-- |", " :-: |", " --: |"};
    w->need_cr = 1;
    lit(w, "|");
    const gl_node *c = row->first_child;
    for (size_t k = 0; k < w->table_cols; k++, c = c ? c->next : NULL)
        gl_buf_puts(&w->out, rules[c && c->align <= GL_ALIGN_RIGHT ? c->align : 0]);
}

static void item_enter(writer *w, const gl_node *n) {
    frame *list = &w->frames[w->depth - 1];
    bool tight = list->tight;
    int need = n->prev && !tight ? 2 : 1;
    if (need > w->need_cr)
        w->need_cr = need;
    char marker[48];
    if (n->parent->ordered) {
        snprintf(marker, sizeof marker, "%ld%c ", list->next, list->bullet);
        if (list->next < MAX_LIST_START)
            list->next++;
    } else {
        snprintf(marker, sizeof marker, "%c ", list->bullet);
    }
    size_t width = strlen(marker);
    if (n->task && n->first_child && n->first_child->type == GL_NODE_PARAGRAPH)
        strcat(marker, n->task == GL_TASK_DONE ? "[x] " : "[ ] ");
    /* A nested list starts on the next line: markers alone on a line could
     * read as a thematic break ("- - -", §4.1). */
    bool nested = n->first_child && n->first_child->type == GL_NODE_LIST;
    if (nested)
        marker[width - 1] = '\0';
    lit(w, marker);
    if (!push_frame(w))
        return;
    w->frames[w->depth - 1].tight = tight;
    for (size_t i = 0; i < width; i++)
        gl_buf_putc(&w->prefix, ' ');
    w->begin_content = !nested;
    w->line_start = true;
}

/* After an empty item or quote: the marker's line ends without its blank,
 * and what follows starts a line of its own. */
static void end_marker_line(writer *w) {
    if (!w->begin_content)
        return;
    while (w->out.len && w->out.data[w->out.len - 1] == ' ')
        w->out.len--;
    w->begin_content = false;
}

static void enter(writer *w, gl_iter *it, const gl_node *n) {
    switch (n->type) {
    case GL_NODE_PARAGRAPH:
        block_start(w, n);
        break;
    case GL_NODE_HEADING: {
        int level = n->level < 1 ? 1 : n->level > 6 ? 6 : n->level;
        char hashes[8] = "######";
        hashes[level] = ' ';
        hashes[level + 1] = '\0';
        block_start(w, n);
        lit(w, hashes);
        w->heading = n;
        w->line_start = true;
        break;
    }
    case GL_NODE_CODE_BLOCK:
        block_start(w, n);
        code_block(w, n);
        break;
    case GL_NODE_THEMATIC_BREAK:
        block_start(w, n);
        lit(w, "* * *");
        break;
    case GL_NODE_BLOCKQUOTE:
        block_start(w, n);
        lit(w, "> ");
        if (push_frame(w))
            push_prefix(w, "> ");
        w->begin_content = true;
        w->line_start = true;
        break;
    case GL_NODE_LIST:
        block_start(w, n);
        if (push_frame(w)) {
            long start = n->start < 0 ? 0 : n->start > MAX_LIST_START ? MAX_LIST_START : n->start;
            w->frames[w->depth - 1].next = start;
            w->frames[w->depth - 1].bullet = list_bullet(w, n);
            w->frames[w->depth - 1].tight = list_tight(n);
        }
        break;
    case GL_NODE_ITEM:
        item_enter(w, n);
        break;
    case GL_NODE_FIGURE:
        figure(w, it, n);
        break;
    case GL_NODE_TABLE:
        table_enter(w, it, n);
        break;
    case GL_NODE_TABLE_ROW:
        if (n->prev)
            w->need_cr = w->need_cr > 1 ? w->need_cr : 1;
        lit(w, "|");
        break;
    case GL_NODE_TABLE_CELL:
        lit(w, " ");
        w->cell = n;
        w->line_start = true;
        break;
    case GL_NODE_FOOTNOTE_DEF:
        gl_iter_skip_children(it); /* written after the body */
        break;
    default:
        inline_enter(w, it, n);
        break;
    }
}

static void leave(writer *w, const gl_node *n) {
    switch (n->type) {
    case GL_NODE_HEADING:
        w->heading = NULL;
        break;
    case GL_NODE_BLOCKQUOTE:
    case GL_NODE_ITEM:
        end_marker_line(w);
        pop_frame(w);
        break;
    case GL_NODE_LIST:
        w->last_list = n;
        w->last_bullet = w->depth ? w->frames[w->depth - 1].bullet : 0;
        pop_frame(w);
        break;
    case GL_NODE_TABLE_CELL:
        lit(w, " |");
        w->cell = NULL;
        break;
    case GL_NODE_TABLE_ROW:
        row_exit(w, n);
        break;
    default:
        inline_exit(w, n);
        break;
    }
}

static bool failed(const writer *w) {
    return w->nomem || w->out.status != GL_OK || w->prefix.status != GL_OK ||
           w->marks.status != GL_OK || w->scratch.status != GL_OK;
}

/* Renders the children of `root`. */
static void walk(writer *w, const gl_node *root) {
    gl_iter it;
    gl_iter_init(&it, root);
    while (gl_iter_next_inside(&it) != GL_EVENT_NONE && !failed(w)) {
        if (it.event == GL_EVENT_ENTER)
            enter(w, &it, it.node);
        else
            leave(w, it.node);
    }
}

static void render_notes(writer *w) {
    for (size_t k = 0; k < w->nnotes && !failed(w); k++) {
        const note *t = &w->notes[w->by_number[k]];
        char marker[32];
        snprintf(marker, sizeof marker, "[^%zu]: ", t->number);
        w->need_cr = 2;
        lit(w, marker);
        if (!push_frame(w))
            return;
        push_prefix(w, "    ");
        w->begin_content = true;
        w->line_start = true;
        walk(w, t->def);
        end_marker_line(w);
        pop_frame(w);
    }
}

/* ---- front matter ---- */

/* A YAML double-quoted scalar (YAML 1.1 §4.6.8, what libyaml reads): escapes
 * for '"', '\' and every character outside YAML's printable set or that
 * YAML 1.1 folds as a line break (NEL, LS, PS). */
static void yaml_string(gl_buf *b, const char *s) {
    gl_buf_putc(b, '"');
    for (size_t i = 0, len = strlen(s); i < len;) {
        int32_t cp;
        size_t n = gl_utf8_decode(s + i, len - i, &cp);
        if (cp == '"' || cp == '\\')
            gl_buf_printf(b, "\\%c", (char)cp);
        else if (cp == '\n' || cp == '\t' || cp == '\r')
            gl_buf_puts(b, cp == '\n' ? "\\n" : cp == '\t' ? "\\t" : "\\r");
        else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
                 cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF)
            gl_buf_printf(b, "\\u%04X", (unsigned)(cp < 0 ? 0xFFFD : cp));
        else
            gl_buf_append(b, s + i, n);
        i += n;
    }
    gl_buf_puts(b, "\"\n");
}

/* The date as the front matter gives it: the source's own words when they
 * read back as the same date (so headers keep showing them), else the ISO
 * date, else words galley could not read as a date. */
static const char *front_date(const gl_doc *doc) {
    const char *date = gl_doc_meta(doc, GL_META_DATE);
    const char *text = gl_doc_meta(doc, GL_META_DATE_TEXT);
    char iso[GL_DATE_ISO_MAX];
    if (text && (!date || (gl_date_parse(text, strlen(text), iso) == GL_OK && !strcmp(iso, date))))
        return text;
    return date;
}

static void front_matter(writer *w, const gl_doc *doc) {
    static const struct {
        const char *key;
        gl_meta_field field;
    } fields[] = {
        {"title", GL_META_TITLE},
        {"author", GL_META_BYLINE},
        {"date", GL_META_DATE},
        {"site", GL_META_SITE},
        {"lang", GL_META_LANG},
        {"url", GL_META_URL},
        {"description", GL_META_DESCRIPTION},
    };
    gl_buf *b = &w->out;
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        const char *v =
            fields[i].field == GL_META_DATE ? front_date(doc) : gl_doc_meta(doc, fields[i].field);
        if (!v)
            continue;
        if (b->len == 0)
            gl_buf_puts(b, "---\n");
        gl_buf_printf(b, "%s:", fields[i].key);
        size_t authors = gl_doc_author_count(doc);
        if (fields[i].field != GL_META_BYLINE || authors == 0) {
            gl_buf_putc(b, ' ');
            yaml_string(b, v);
            continue;
        }
        gl_buf_putc(b, '\n');
        for (size_t k = 0; k < authors; k++) {
            gl_buf_puts(b, "  - ");
            yaml_string(b, gl_doc_author(doc, k));
        }
    }
    if (b->len) {
        gl_buf_puts(b, "---\n");
        w->need_cr = 2;
    }
}

gl_status gl_write_markdown(const gl_doc *doc, const gl_sink *sink, const gl_options *opt,
                            gl_error *err) {
    gl_options defaults;
    opt = gl_options_or_defaults(opt, &defaults);
    writer w;
    memset(&w, 0, sizeof w);
    w.alloc = gl_allocator_of(opt);
    w.local.opt = opt;
    gl_buf_init(&w.out, w.alloc, gl_writer_output_cap(opt));
    gl_buf_init(&w.prefix, w.alloc, 0);
    gl_buf_init(&w.marks, w.alloc, 0);
    gl_buf_init(&w.scratch, w.alloc, 0);
    number_notes(&w, doc);
    if (!w.nomem) {
        front_matter(&w, doc);
        walk(&w, gl_doc_root(doc));
        render_notes(&w);
        if (w.out.len && last_byte(&w) != '\n')
            gl_buf_putc(&w.out, '\n');
    }
    gl_status st;
    if (w.nomem || w.prefix.status != GL_OK || w.marks.status != GL_OK ||
        w.scratch.status != GL_OK || w.out.status == GL_ENOMEM)
        st = gl_fail(err, GL_ENOMEM, 0, "out of memory while writing Markdown");
    else
        st = gl_sink_flush_buf(sink, &w.out, err);
    gl_buf_free(&w.out);
    gl_buf_free(&w.prefix);
    gl_buf_free(&w.marks);
    gl_buf_free(&w.scratch);
    gl_free(w.alloc, w.frames);
    gl_free(w.alloc, w.notes);
    gl_free(w.alloc, w.by_number);
    gl_local_refs_free(&w.local);
    return st;
}
