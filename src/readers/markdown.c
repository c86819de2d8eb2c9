/* Markdown through cmark-gfm (GitHub Flavored Markdown: tables, strikethrough,
 * autolinks, task lists, footnotes), mapped onto the galley tree in one walk
 * with cmark's iterator, so input nesting never reaches the C stack.
 *
 * cmark-gfm allocates through its default allocator, which aborts when memory
 * runs out (its API has no way to report it); everything galley allocates
 * itself goes through the options' allocator. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include "readers/readers.h"
#include "readers/article_header.h"
#include "readers/frontmatter.h"
#include "modules/modules.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/entities.h"
#include "util/error.h"
#include "util/url.h"
#include "util/utf8.h"
#include "options.h"

static const char *const gfm_extensions[] = {"table", "strikethrough", "autolink", "tasklist"};

/* What the raw inline HTML we understand becomes (CommonMark §6.6 gives us
 * each tag as its own node, so open and close tags are matched here). */
typedef enum tag_action {
    TAG_CONTAINER, /* an inline container, closed by the matching end tag */
    TAG_LINK,      /* <a href>: a LINK when the href is safe */
    TAG_CODE,      /* <code>: its text becomes one CODE leaf */
    TAG_BREAK,     /* <br> */
    TAG_HIDE       /* <script>, <style>: dropped with everything inside */
} tag_action;

typedef struct inline_tag {
    const char *name;
    tag_action action;
    gl_node_type type;
} inline_tag;

static const inline_tag inline_tags[] = {
    {"sup", TAG_CONTAINER, GL_NODE_SUPERSCRIPT},
    {"sub", TAG_CONTAINER, GL_NODE_SUBSCRIPT},
    {"em", TAG_CONTAINER, GL_NODE_EMPH},
    {"i", TAG_CONTAINER, GL_NODE_EMPH},
    {"strong", TAG_CONTAINER, GL_NODE_STRONG},
    {"b", TAG_CONTAINER, GL_NODE_STRONG},
    {"s", TAG_CONTAINER, GL_NODE_STRIKE},
    {"del", TAG_CONTAINER, GL_NODE_STRIKE},
    {"strike", TAG_CONTAINER, GL_NODE_STRIKE},
    {"a", TAG_LINK, GL_NODE_LINK},
    {"code", TAG_CODE, GL_NODE_CODE},
    {"br", TAG_BREAK, GL_NODE_LINE_BREAK},
    {"script", TAG_HIDE, GL_NODE_TEXT},
    {"style", TAG_HIDE, GL_NODE_TEXT},
};

/* One cmark container being walked. */
typedef struct frame {
    gl_node *saved; /* the galley parent before it: restored on its EXIT */
    size_t saved_depth;
    gl_node *base; /* the galley parent inside it; containers opened by inline
                      HTML sit between `base` and `cur` */
} frame;

typedef struct reader {
    gl_doc *doc;
    const gl_input *in;
    const gl_options *opt;
    gl_error *err;
    const gl_allocator *alloc;
    size_t max_depth;
    unsigned long line_offset; /* lines of front matter before the text cmark saw */
    cmark_iter *iter;
    frame *frames;
    size_t nframes, frame_cap;
    gl_node *cur;   /* where new nodes go */
    size_t depth;   /* nesting of `cur`: 0 for the root */
    gl_buf scratch; /* alt texts, attribute values */
    /* the table being read (cmark tables do not nest) */
    const uint8_t *aligns;
    uint16_t ncols, col;
    bool header_row;
    size_t footnote_defs;
    /* inline raw HTML */
    bool hide; /* inside <script> or <style> */
    char hide_tag[16];
    size_t hide_frames; /* nframes when it began: ends with that container */
    bool capture;       /* inside <code>: text goes to `code` */
    size_t capture_frames;
    unsigned long capture_line;
    gl_buf code;
    char dropped[128]; /* "<span>, <iframe>" for the one warning */
    unsigned long dropped_line;
    unsigned long unsafe_line; /* first javascript: link dropped, 0 when none */
} reader;

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }

/* ---- failures ---- */

static gl_status fail_status(reader *r, gl_status st, unsigned long line) {
    switch (st) {
    case GL_OK:
        return GL_OK;
    case GL_ELIMIT:
        return gl_fail(r->err, GL_ELIMIT, line, "more than %zu nodes (max_nodes)",
                       r->opt->max_nodes ? r->opt->max_nodes : (size_t)GL_DEFAULT_MAX_NODES);
    case GL_ENOMEM:
        return gl_fail(r->err, GL_ENOMEM, line, "out of memory reading Markdown");
    default:
        return gl_fail(r->err, st, line, "cannot map this Markdown construct (%s)",
                       gl_status_text(st));
    }
}

static gl_status too_deep(reader *r, unsigned long line) {
    return gl_fail(r->err, GL_ELIMIT, line, "nesting deeper than %zu levels (max_depth)",
                   r->max_depth);
}

/* ---- building ---- */

/* Makes a node of `type` under `cur`. Containers count against max_depth. */
static gl_status add(reader *r, gl_node_type type, unsigned long line, gl_node **out) {
    if (!gl_node_is_leaf(type) && r->depth + 1 > r->max_depth)
        return too_deep(r, line);
    gl_node *n = gl_node_new(r->doc, type);
    if (!n)
        return fail_status(r, gl_doc_last_status(r->doc), line);
    n->line = line;
    if (gl_node_append(r->cur, n) != GL_OK)
        return gl_fail(r->err, GL_EINVAL, line, "a %s cannot go inside a %s here",
                       gl_node_type_name(type), gl_node_type_name(r->cur->type));
    if (out)
        *out = n;
    return GL_OK;
}

static void open_node(reader *r, gl_node *n) {
    r->cur = n;
    r->depth++;
}

static gl_status add_text(reader *r, const char *s, size_t len, unsigned long line) {
    if (r->hide || len == 0)
        return GL_OK;
    if (r->capture)
        return fail_status(r, gl_buf_append(&r->code, s, len), line);
    gl_status st = gl_node_append_text(r->doc, r->cur, s, len);
    if (st != GL_OK)
        return fail_status(r, st, line);
    if (!r->cur->last_child->line)
        r->cur->last_child->line = line;
    return GL_OK;
}

static gl_status flush_code(reader *r) {
    r->capture = false;
    if (r->code.len == 0)
        return GL_OK;
    gl_node *n;
    gl_status st = add(r, GL_NODE_CODE, r->capture_line, &n);
    if (st == GL_OK)
        st =
            fail_status(r, gl_node_set_text(r->doc, n, r->code.data, r->code.len), r->capture_line);
    gl_buf_clear(&r->code);
    return st;
}

/* ---- URLs ---- */

/* Links and images keep only allowlisted URLs (util/url.h): anything that
 * could run code or reach a local file is dropped, its text kept. */
static bool unsafe_url(const char *url, bool image) {
    return !gl_url_allowed(url, url ? strlen(url) : 0, image);
}

static bool inside_link(const reader *r) {
    for (const gl_node *n = r->cur; n && gl_node_is_inline(n->type); n = n->parent)
        if (n->type == GL_NODE_LINK)
            return true;
    return false;
}

static void note_unsafe(reader *r, unsigned long line) {
    if (!r->unsafe_line)
        r->unsafe_line = line ? line : 1;
}

/* ---- raw inline HTML ---- */

typedef struct tag {
    char name[16]; /* lower case; longer names are cut, and match nothing */
    bool close, self_close;
    const char *attrs;
    size_t attrs_len;
} tag;

static bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}
static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool is_alnum(char c) { return is_alpha(c) || (c >= '0' && c <= '9'); }

/* Splits an open or close tag; false for comments, declarations and
 * processing instructions, which show nothing. */
static bool parse_tag(const char *s, size_t len, tag *t) {
    size_t i = 1, n = 0;
    memset(t, 0, sizeof *t);
    if (len < 3 || s[0] != '<')
        return false;
    if (s[i] == '/') {
        t->close = true;
        i++;
    }
    if (i >= len || !is_alpha(s[i]))
        return false;
    while (i < len && (is_alnum(s[i]) || s[i] == '-')) {
        if (n < sizeof t->name - 1)
            t->name[n++] = lower(s[i]);
        i++;
    }
    t->name[n] = '\0';
    size_t end = len;
    if (end > i && s[end - 1] == '>')
        end--;
    if (end > i && s[end - 1] == '/') {
        t->self_close = true;
        end--;
    }
    t->attrs = s + i;
    t->attrs_len = end - i;
    return true;
}

static const inline_tag *find_tag(const char *name) {
    for (size_t i = 0; i < sizeof inline_tags / sizeof inline_tags[0]; i++)
        if (strcmp(inline_tags[i].name, name) == 0)
            return &inline_tags[i];
    return NULL;
}

static void put_char(gl_buf *out, uint32_t cp) {
    char enc[4];
    size_t n = cp <= 0x10FFFF ? gl_utf8_encode((int32_t)cp, enc) : 0;
    if (n)
        gl_buf_append(out, enc, n);
    else
        gl_buf_append(out, "\xEF\xBF\xBD", 3);
}

/* Decodes the character references of an attribute value as a browser does
 * (HTML §13.2.5.72): every HTML5 name, with or without its ';' as the list
 * allows (util/entities.h), and numeric ones; so "javascript&colon;" and
 * "&#106avascript:" are the javascript: URLs they are (issue 14 item 8). */
static void decode_attr(gl_buf *out, const char *s, size_t len) {
    for (size_t i = 0; i < len;) {
        uint32_t cp[2] = {0, 0};
        bool libxml2;
        size_t n = s[i] == '&' ? gl_html_entity(s + i, len - i, true, cp, &libxml2) : 0;
        for (int k = 0; n && k < 2 && cp[k]; k++)
            put_char(out, cp[k]);
        if (n) {
            i += n;
            continue;
        }
        gl_buf_putc(out, s[i++]);
    }
}

/* Finds attribute `name` and decodes its value into `out` (cleared first). */
static bool get_attr(const tag *t, const char *name, gl_buf *out) {
    const char *s = t->attrs, *end = t->attrs + t->attrs_len;
    gl_buf_clear(out);
    while (s < end) {
        while (s < end && (is_blank(*s) || *s == '/'))
            s++;
        const char *n = s;
        while (s < end && !is_blank(*s) && *s != '=' && *s != '/')
            s++;
        size_t nlen = (size_t)(s - n);
        while (s < end && is_blank(*s))
            s++;
        const char *v = NULL;
        size_t vlen = 0;
        if (s < end && *s == '=') {
            s++;
            while (s < end && is_blank(*s))
                s++;
            if (s < end && (*s == '"' || *s == '\'')) {
                char q = *s++;
                v = s;
                while (s < end && *s != q)
                    s++;
                vlen = (size_t)(s - v);
                if (s < end)
                    s++;
            } else {
                v = s;
                while (s < end && !is_blank(*s))
                    s++;
                vlen = (size_t)(s - v);
            }
        }
        bool match = nlen == strlen(name) && nlen > 0;
        for (size_t i = 0; match && i < nlen; i++)
            match = lower(n[i]) == name[i];
        if (match && v) {
            decode_attr(out, v, vlen);
            return out->status == GL_OK;
        }
        if (nlen == 0 && s < end)
            s++; /* a stray '=' */
    }
    return false;
}

/* Remembers a dropped tag for the document's one warning. */
static void note_dropped(reader *r, const char *name, unsigned long line) {
    char item[24];
    snprintf(item, sizeof item, "<%s>", name);
    if (!r->dropped_line)
        r->dropped_line = line ? line : 1;
    if (strstr(r->dropped, item))
        return;
    size_t used = strlen(r->dropped), need = strlen(item) + (used ? 2 : 0);
    if (used + need + 5 > sizeof r->dropped) {
        if (!strstr(r->dropped, "..."))
            strcat(r->dropped, ", ...");
        return;
    }
    if (used)
        strcat(r->dropped, ", ");
    strcat(r->dropped, item);
}

/* An end tag closes the innermost matching container opened by inline HTML in
 * the current cmark container; one that matches nothing is ignored. */
static void close_tag(reader *r, gl_node_type type) {
    size_t steps = 1;
    for (gl_node *g = r->cur; g != r->frames[r->nframes - 1].base; g = g->parent, steps++) {
        if (g->type == type) {
            r->cur = g->parent;
            r->depth -= steps;
            return;
        }
    }
}

/* A block of raw HTML goes through the HTML reader's mapping and sanitising,
 * in its module, loaded then. */
static gl_status html_block(reader *r, const char *html, unsigned long line) {
    const gl_html_module *m;
    gl_status st = gl_module_get_html(&m, r->err);
    return st == GL_OK
               ? m->map_fragment(r->doc, r->cur, html, strlen(html), r->in, line, r->opt, r->err)
               : st;
}

static gl_status inline_html(reader *r, const char *s, unsigned long line) {
    tag t;
    if (!parse_tag(s, strlen(s), &t))
        return GL_OK;
    if (r->hide) {
        if (t.close && strcmp(t.name, r->hide_tag) == 0)
            r->hide = false;
        return GL_OK;
    }
    if (r->capture)
        return t.close && strcmp(t.name, "code") == 0 ? flush_code(r) : GL_OK;
    const inline_tag *it = find_tag(t.name);
    if (!it) {
        note_dropped(r, t.name, line);
        return GL_OK;
    }
    if (t.close) {
        if (it->action == TAG_CONTAINER || it->action == TAG_LINK)
            close_tag(r, it->type);
        return GL_OK;
    }
    gl_node *n;
    gl_status st;
    switch (it->action) {
    case TAG_CONTAINER:
        if (t.self_close)
            return GL_OK;
        st = add(r, it->type, line, &n);
        if (st == GL_OK)
            open_node(r, n);
        return st;
    case TAG_LINK:
        if (t.self_close)
            return GL_OK;
        if (!get_attr(&t, "href", &r->scratch) || inside_link(r)) {
            note_dropped(r, t.name, line);
            return fail_status(r, r->scratch.status, line);
        }
        if (unsafe_url(gl_buf_cstr(&r->scratch), false)) {
            note_unsafe(r, line);
            return GL_OK;
        }
        st = add(r, GL_NODE_LINK, line, &n);
        if (st == GL_OK)
            st = fail_status(r, gl_node_set_url(r->doc, n, r->scratch.data, r->scratch.len), line);
        if (st == GL_OK && get_attr(&t, "title", &r->scratch))
            st =
                fail_status(r, gl_node_set_title(r->doc, n, r->scratch.data, r->scratch.len), line);
        if (st == GL_OK)
            open_node(r, n);
        return st;
    case TAG_CODE:
        if (!t.self_close) {
            r->capture = true;
            r->capture_frames = r->nframes;
            r->capture_line = line;
            gl_buf_clear(&r->code);
        }
        return GL_OK;
    case TAG_BREAK:
        return add(r, GL_NODE_LINE_BREAK, line, NULL);
    case TAG_HIDE:
        note_dropped(r, t.name, line);
        if (!t.self_close) {
            r->hide = true;
            snprintf(r->hide_tag, sizeof r->hide_tag, "%s", t.name);
            r->hide_frames = r->nframes;
        }
        return GL_OK;
    }
    return GL_OK;
}

/* ---- cmark nodes ---- */

static unsigned long line_of(const reader *r, cmark_node *n) {
    int l = cmark_node_get_start_line(n);
    return l > 0 ? (unsigned long)l + r->line_offset : r->cur->line;
}

/* Moves the walk past `n`'s subtree (for nodes read whole on ENTER). */
static void skip_subtree(reader *r, cmark_node *n) {
    cmark_iter_reset(r->iter, n, CMARK_EVENT_EXIT);
}

/* The plain text of an image's description, its alt text, into r->scratch. */
static gl_status alt_text(reader *r, cmark_node *image) {
    gl_buf_clear(&r->scratch);
    cmark_iter *it = cmark_iter_new(image);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(n);
        if (ev != CMARK_EVENT_ENTER)
            continue;
        if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE)
            gl_buf_puts(&r->scratch, cmark_node_get_literal(n));
        else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)
            gl_buf_putc(&r->scratch, ' ');
    }
    cmark_iter_free(it);
    return r->scratch.status;
}

static gl_status image(reader *r, cmark_node *n, unsigned long line) {
    gl_status st = fail_status(r, alt_text(r, n), line);
    if (st != GL_OK || r->hide)
        return st;
    const char *url = cmark_node_get_url(n), *title = cmark_node_get_title(n);
    if (r->capture || unsafe_url(url, true)) {
        if (!r->capture)
            note_unsafe(r, line);
        return add_text(r, r->scratch.data, r->scratch.len, line);
    }
    gl_node *g;
    st = add(r, GL_NODE_IMAGE, line, &g);
    if (st == GL_OK)
        st = gl_node_set_url(r->doc, g, url, strlen(url));
    if (st == GL_OK && r->scratch.len)
        st = gl_node_set_text(r->doc, g, r->scratch.data, r->scratch.len);
    if (st == GL_OK && title && *title)
        st = gl_node_set_title(r->doc, g, title, strlen(title));
    return fail_status(r, st, line);
}

/* A paragraph holding one image and nothing else is a figure; its title, if
 * any, is the caption. Returns false (nothing done) for other paragraphs. */
static bool figure(reader *r, cmark_node *para, unsigned long line, gl_status *st) {
    cmark_node *img = cmark_node_first_child(para);
    if (!img || img != cmark_node_last_child(para) ||
        cmark_node_get_type(img) != CMARK_NODE_IMAGE || unsafe_url(cmark_node_get_url(img), true))
        return false;
    const char *url = cmark_node_get_url(img), *title = cmark_node_get_title(img);
    gl_node *g;
    *st = fail_status(r, alt_text(r, img), line);
    if (*st == GL_OK)
        *st = add(r, GL_NODE_FIGURE, line, &g);
    if (*st == GL_OK)
        *st = fail_status(r, gl_node_set_url(r->doc, g, url, strlen(url)), line);
    if (*st == GL_OK && r->scratch.len)
        *st = fail_status(r, gl_node_set_text(r->doc, g, r->scratch.data, r->scratch.len), line);
    if (*st == GL_OK && title && *title) {
        *st = fail_status(r, gl_node_append_text(r->doc, g, title, strlen(title)), line);
        if (*st == GL_OK)
            g->first_child->line = line;
    }
    skip_subtree(r, para);
    return true;
}

static gl_status code_block(reader *r, cmark_node *n, unsigned long line) {
    const char *lit = cmark_node_get_literal(n), *info = cmark_node_get_fence_info(n);
    size_t len = lit ? strlen(lit) : 0;
    if (len && lit[len - 1] == '\n')
        len--; /* cmark keeps the newline ending the last line; the block's end implies it */
    gl_node *g;
    gl_status st = add(r, GL_NODE_CODE_BLOCK, line, &g);
    if (st == GL_OK)
        st = fail_status(r, gl_node_set_text(r->doc, g, lit ? lit : "", len), line);
    size_t word = 0;
    while (info && info[word] && !is_blank(info[word]))
        word++;
    if (st == GL_OK && word)
        st = fail_status(r, gl_node_set_info(r->doc, g, info, word), line);
    return st;
}

static gl_status push_frame(reader *r, unsigned long line) {
    /* The root's frame is not a level of nesting. */
    if (r->nframes > r->max_depth)
        return too_deep(r, line);
    if (r->nframes == r->frame_cap) {
        size_t cap = r->frame_cap ? r->frame_cap * 2 : 32;
        frame *f = gl_malloc_array(r->alloc, cap, sizeof *f);
        if (!f)
            return fail_status(r, GL_ENOMEM, line);
        if (r->nframes)
            memcpy(f, r->frames, r->nframes * sizeof *f);
        gl_free(r->alloc, r->frames);
        r->frames = f;
        r->frame_cap = cap;
    }
    r->frames[r->nframes++] = (frame){r->cur, r->depth, r->cur};
    return GL_OK;
}

/* Opens the galley container for cmark container `n` (inside the frame just
 * pushed); leaves `cur` alone for what has no counterpart. */
static gl_status container(reader *r, cmark_node *n, unsigned long line) {
    cmark_node_type t = cmark_node_get_type(n);
    const char *ts = cmark_node_get_type_string(n);
    bool in_text = r->capture || r->hide; /* markup inside <code> or <script> adds no node */
    gl_node *g = NULL;
    gl_status st = GL_OK;
    char label[24];
    switch (t) {
    case CMARK_NODE_DOCUMENT:
        return GL_OK;
    case CMARK_NODE_BLOCK_QUOTE:
        st = add(r, GL_NODE_BLOCKQUOTE, line, &g);
        break;
    case CMARK_NODE_LIST:
        st = add(r, GL_NODE_LIST, line, &g);
        if (st == GL_OK) {
            g->ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
            g->start = g->ordered ? cmark_node_get_list_start(n) : 1;
            g->tight = cmark_node_get_list_tight(n) != 0;
        }
        break;
    case CMARK_NODE_ITEM:
        st = add(r, GL_NODE_ITEM, line, &g);
        if (st == GL_OK && strcmp(ts, "tasklist") == 0)
            g->task =
                cmark_gfm_extensions_get_tasklist_item_checked(n) ? GL_TASK_DONE : GL_TASK_OPEN;
        break;
    case CMARK_NODE_HEADING:
        st = add(r, GL_NODE_HEADING, line, &g);
        if (st == GL_OK)
            g->level = cmark_node_get_heading_level(n);
        break;
    case CMARK_NODE_PARAGRAPH:
        st = add(r, GL_NODE_PARAGRAPH, line, &g);
        break;
    case CMARK_NODE_FOOTNOTE_DEFINITION:
        /* cmark-gfm numbers footnotes by first reference, puts the definitions
         * at the end in that order and drops unreferenced ones; a reference's
         * literal is that number, so the n-th definition's label is "n". */
        snprintf(label, sizeof label, "%zu", ++r->footnote_defs);
        st = add(r, GL_NODE_FOOTNOTE_DEF, line, &g);
        if (st == GL_OK)
            st = fail_status(r, gl_node_set_info(r->doc, g, label, strlen(label)), line);
        break;
    case CMARK_NODE_EMPH:
    case CMARK_NODE_STRONG:
        if (!in_text)
            st = add(r, t == CMARK_NODE_EMPH ? GL_NODE_EMPH : GL_NODE_STRONG, line, &g);
        break;
    case CMARK_NODE_LINK: {
        const char *url = cmark_node_get_url(n), *title = cmark_node_get_title(n);
        if (in_text || inside_link(r))
            break;
        if (unsafe_url(url, false)) {
            note_unsafe(r, line);
            break;
        }
        st = add(r, GL_NODE_LINK, line, &g);
        if (st == GL_OK)
            st = fail_status(r, gl_node_set_url(r->doc, g, url, strlen(url)), line);
        if (st == GL_OK && title && *title)
            st = fail_status(r, gl_node_set_title(r->doc, g, title, strlen(title)), line);
        break;
    }
    default:
        /* Extension nodes have run-time type numbers: tell them by name. */
        if (strcmp(ts, "strikethrough") == 0) {
            if (!in_text)
                st = add(r, GL_NODE_STRIKE, line, &g);
        } else if (strcmp(ts, "table") == 0) {
            st = add(r, GL_NODE_TABLE, line, &g);
            r->aligns = cmark_gfm_extensions_get_table_alignments(n);
            r->ncols = cmark_gfm_extensions_get_table_columns(n);
        } else if (strcmp(ts, "table_row") == 0 || strcmp(ts, "table_header") == 0) {
            st = add(r, GL_NODE_TABLE_ROW, line, &g);
            r->col = 0;
            r->header_row = cmark_gfm_extensions_get_table_row_is_header(n) != 0;
        } else if (strcmp(ts, "table_cell") == 0) {
            st = add(r, GL_NODE_TABLE_CELL, line, &g);
            if (st == GL_OK) {
                uint8_t a = r->aligns && r->col < r->ncols ? r->aligns[r->col] : 0;
                g->align = a == 'l'   ? GL_ALIGN_LEFT
                           : a == 'c' ? GL_ALIGN_CENTER
                           : a == 'r' ? GL_ALIGN_RIGHT
                                      : GL_ALIGN_NONE;
                g->header = r->header_row;
                r->col++;
            }
        }
        break;
    }
    if (st == GL_OK && g) {
        open_node(r, g);
        r->frames[r->nframes - 1].base = g;
    }
    return st;
}

static gl_status enter(reader *r, cmark_node *n) {
    unsigned long line = line_of(r, n);
    const char *lit;
    gl_node *g;
    gl_status st;
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_TEXT:
        lit = cmark_node_get_literal(n);
        return add_text(r, lit, strlen(lit), line);
    case CMARK_NODE_SOFTBREAK:
        return add_text(r, " ", 1, line);
    case CMARK_NODE_LINEBREAK:
        if (r->capture || r->hide)
            return add_text(r, " ", 1, line);
        return add(r, GL_NODE_LINE_BREAK, line, NULL);
    case CMARK_NODE_CODE:
        lit = cmark_node_get_literal(n);
        if (r->capture || r->hide || !*lit)
            return add_text(r, lit, strlen(lit), line);
        st = add(r, GL_NODE_CODE, line, &g);
        return st == GL_OK ? fail_status(r, gl_node_set_text(r->doc, g, lit, strlen(lit)), line)
                           : st;
    case CMARK_NODE_HTML_INLINE:
        return inline_html(r, cmark_node_get_literal(n), line);
    case CMARK_NODE_HTML_BLOCK:
        lit = cmark_node_get_literal(n);
        return html_block(r, lit, line);
    case CMARK_NODE_THEMATIC_BREAK:
        return add(r, GL_NODE_THEMATIC_BREAK, line, NULL);
    case CMARK_NODE_CODE_BLOCK:
        return code_block(r, n, line);
    case CMARK_NODE_FOOTNOTE_REFERENCE:
        skip_subtree(r, n);
        lit = cmark_node_get_literal(n);
        if (r->capture || r->hide || !lit || !*lit)
            return GL_OK;
        st = add(r, GL_NODE_FOOTNOTE_REF, line, &g);
        return st == GL_OK ? fail_status(r, gl_node_set_info(r->doc, g, lit, strlen(lit)), line)
                           : st;
    case CMARK_NODE_IMAGE:
        skip_subtree(r, n);
        return image(r, n, line);
    case CMARK_NODE_PARAGRAPH:
        if (figure(r, n, line, &st))
            return st;
        break;
    default:
        break;
    }
    st = push_frame(r, line);
    return st == GL_OK ? container(r, n, line) : st;
}

/* EXIT of a container: what inline HTML opened inside it closes with it. */
static gl_status leave(reader *r) {
    gl_status st = GL_OK;
    if (r->capture && r->nframes <= r->capture_frames)
        st = flush_code(r);
    if (r->hide && r->nframes <= r->hide_frames)
        r->hide = false;
    frame *f = &r->frames[--r->nframes];
    r->cur = f->saved;
    r->depth = f->saved_depth;
    return st;
}

static cmark_parser *new_parser(const gl_options *opt, gl_error *err) {
    cmark_parser *p = cmark_parser_new(CMARK_OPT_FOOTNOTES | (opt->no_smart ? 0 : CMARK_OPT_SMART));
    for (size_t i = 0; i < sizeof gfm_extensions / sizeof gfm_extensions[0]; i++) {
        cmark_syntax_extension *ext = cmark_find_syntax_extension(gfm_extensions[i]);
        if (!ext) {
            cmark_parser_free(p);
            gl_fail(err, GL_EFORMAT, 0, "cmark-gfm has no '%s' extension", gfm_extensions[i]);
            return NULL;
        }
        cmark_parser_attach_syntax_extension(p, ext);
    }
    return p;
}

/* Parses text[0..len) and builds the tree under the document's root. */
static gl_status read_body(reader *r, const char *text, size_t len) {
    cmark_parser *parser = new_parser(r->opt, r->err);
    if (!parser)
        return r->err->status;
    cmark_parser_feed(parser, text, len);
    cmark_node *root = cmark_parser_finish(parser);
    cmark_parser_free(parser);
    r->cur = gl_doc_root_mut(r->doc);
    r->iter = cmark_iter_new(root);
    gl_status st = GL_OK;
    cmark_event_type ev;
    while (st == GL_OK && (ev = cmark_iter_next(r->iter)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(r->iter);
        st = ev == CMARK_EVENT_ENTER ? enter(r, n) : leave(r);
    }
    cmark_iter_free(r->iter);
    cmark_node_free(root);
    if (st != GL_OK)
        return st;
    if (r->dropped_line)
        gl_warnf(r->opt, r->in->name, r->dropped_line, "raw HTML dropped: %s", r->dropped);
    if (r->unsafe_line)
        gl_warnf(r->opt, r->in->name, r->unsafe_line,
                 "link or image to a javascript:, file: or other URL outside the allowlist "
                 "dropped; its text is kept");
    return GL_OK;
}

/* ---- pre-scan ----
 *
 * cmark-gfm 0.29.0.gfm.6 (Debian 12) lacks the 2023 fixes for two shapes that
 * take time quadratic in their size: a table row's cells (each cell rescans
 * the row), and links after many unclosed "![" in one paragraph (every link
 * walks every image opener). Before cmark-gfm sees the text, the excess is
 * escaped so that it reads as text: '|' past opt->max_table_columns on a line
 * becomes "\|", "![" past GL_MAX_OPEN_IMAGES unclosed ones becomes "!\[".
 * Fenced code is left alone (a backslash would show there). */

typedef struct prescan {
    size_t max_cols;
    size_t inserted;           /* backslashes added */
    unsigned long cols_line;   /* first line cut, 0 when none */
    unsigned long images_line; /* first "![" escaped, 0 when none */
} prescan;

static bool is_ascii_punct(char c) {
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
           (c >= '{' && c <= '~');
}

/* Length of the fence opening or closing line `s` (3+ backticks or tildes
 * after at most 3 spaces; CommonMark §4.5), 0 when it is none; `*after` is
 * the offset past the fence. */
static size_t fence_len(const char *s, size_t len, char *mark, size_t *after) {
    size_t i = 0;
    while (i < len && i < 3 && s[i] == ' ')
        i++;
    if (i >= len || (s[i] != '`' && s[i] != '~'))
        return 0;
    size_t n = 0;
    while (i + n < len && s[i + n] == s[i])
        n++;
    if (n < 3)
        return 0;
    *mark = s[i];
    *after = i + n;
    return n;
}

static bool blank_line(const char *s, size_t len) {
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return false;
    return true;
}

/* One pass over s[0..len): counts in `ps` the backslashes to add and, when
 * `out` is not NULL, writes the escaped text there. */
static void prescan_run(prescan *ps, const char *s, size_t len, gl_buf *out) {
    char fence = 0;
    size_t fence_n = 0, open_images = 0, open_links = 0;
    unsigned long line = 1;
    ps->inserted = 0;
    for (size_t start = 0; start < len; line++) {
        const char *nl = memchr(s + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - s) + 1 : len, n = end - start;
        const char *l = s + start;
        char mark = 0;
        size_t after = 0, f = fence_len(l, n, &mark, &after);
        if (fence) {
            if (f >= fence_n && mark == fence && blank_line(l + after, n - after))
                fence = 0;
        } else if (f) {
            fence = mark;
            fence_n = f;
            open_images = open_links = 0;
        } else if (blank_line(l, n)) {
            open_images = open_links = 0; /* a paragraph ends */
        }
        if (fence || f) {
            if (out)
                gl_buf_append(out, l, n);
            start = end;
            continue;
        }
        size_t pipes = 0, copied = 0;
        for (size_t i = 0; i < n; i++) {
            bool escape = false;
            if (l[i] == '\\' && i + 1 < n && is_ascii_punct(l[i + 1])) {
                i++;
            } else if (l[i] == '|') {
                escape = ++pipes > ps->max_cols;
                if (escape && !ps->cols_line)
                    ps->cols_line = line;
            } else if (l[i] == '!' && i + 1 < n && l[i + 1] == '[') {
                i++;
                escape = open_images >= GL_MAX_OPEN_IMAGES;
                if (escape && !ps->images_line)
                    ps->images_line = line;
                open_images += !escape;
            } else if (l[i] == '[') {
                open_links++;
            } else if (l[i] == ']') {
                if (open_links)
                    open_links--;
                else if (open_images)
                    open_images--;
            }
            if (escape) {
                ps->inserted++;
                if (out) {
                    gl_buf_append(out, l + copied, i - copied);
                    gl_buf_putc(out, '\\');
                    copied = i;
                }
            }
        }
        if (out)
            gl_buf_append(out, l + copied, n - copied);
        start = end;
    }
}

/* Runs the pre-scan over `text`; when something must be escaped, `text` is
 * replaced by the escaped copy and one warning names each limit. */
static gl_status bound_quadratic(gl_buf *text, const gl_input *in, const gl_options *opt,
                                 gl_error *err) {
    prescan ps = {.max_cols = opt->max_table_columns ? opt->max_table_columns
                                                     : GL_DEFAULT_MAX_TABLE_COLUMNS};
    prescan_run(&ps, gl_buf_cstr(text), text->len, NULL);
    if (ps.inserted == 0)
        return GL_OK;
    gl_buf copy;
    gl_buf_init(&copy, text->alloc, 0);
    prescan_run(&ps, gl_buf_cstr(text), text->len, &copy);
    if (copy.status != GL_OK) {
        gl_buf_free(&copy);
        return gl_fail(err, GL_ENOMEM, 0, "out of memory reading the input");
    }
    gl_buf_free(text);
    *text = copy;
    if (ps.cols_line)
        gl_warnf(opt, in->name, ps.cols_line,
                 "a line with more than %zu table cells: the '|' past them are read as text "
                 "(max_table_columns)",
                 ps.max_cols);
    if (ps.images_line)
        gl_warnf(opt, in->name, ps.images_line,
                 "more than %d unclosed \"![\" in one paragraph: the rest are read as text",
                 GL_MAX_OPEN_IMAGES);
    return GL_OK;
}

/* ---- input ---- */

static unsigned long first_nul_line(const char *s, size_t len) {
    const char *nul = memchr(s, '\0', len);
    unsigned long line = 1;
    for (const char *p = s; nul && p < nul; p++)
        line += *p == '\n';
    return line;
}

/* Replaces invalid UTF-8 and drops NUL bytes, so the tree holds valid UTF-8
 * and cmark's line numbers stay those of the file; with opt->strict either is
 * an error naming its line. */
static gl_status clean_input(gl_buf *text, const gl_input *in, const gl_options *opt,
                             gl_error *err) {
    gl_utf8_report rep;
    gl_status st = gl_utf8_clean(text, in->data, in->len, &rep);
    if (st != GL_OK)
        return gl_fail(err, st, 0, "out of memory reading the input");
    if (rep.invalid) {
        if (opt->strict)
            return gl_fail(err, GL_EPARSE, rep.first_bad_line, "invalid UTF-8 at line %lu",
                           rep.first_bad_line);
        if (rep.invalid == 1)
            gl_warnf(opt, in->name, rep.first_bad_line, "invalid UTF-8 replaced with U+FFFD");
        else
            gl_warnf(opt, in->name, rep.first_bad_line,
                     "invalid UTF-8 replaced with U+FFFD (%zu places)", rep.invalid);
    }
    if (rep.nuls) {
        unsigned long line = first_nul_line(in->data, in->len);
        if (opt->strict)
            return gl_fail(err, GL_EPARSE, line, "NUL byte at line %lu", line);
        if (rep.nuls == 1)
            gl_warnf(opt, in->name, line, "NUL byte dropped");
        else
            gl_warnf(opt, in->name, line, "%zu NUL bytes dropped", rep.nuls);
    }
    return GL_OK;
}

gl_status gl_read_markdown(gl_doc **out, const gl_input *in, const gl_options *opt, gl_error *err) {
    gl_options defaults;
    opt = gl_options_or_defaults(opt, &defaults);
    *out = NULL;
    gl_global_init();
    const gl_allocator *alloc = gl_allocator_of(opt);
    gl_buf text;
    gl_buf_init(&text, alloc, 0);
    gl_doc *doc = NULL;
    gl_status st = clean_input(&text, in, opt, err);
    if (st == GL_OK)
        st = bound_quadratic(&text, in, opt, err);
    if (st == GL_OK)
        st = gl_doc_new(&doc, opt, err);
    reader r = {.doc = doc, .in = in, .opt = opt, .err = err, .alloc = alloc};
    r.max_depth = opt->max_depth ? opt->max_depth : GL_DEFAULT_MAX_DEPTH;
    gl_buf_init(&r.scratch, alloc, 0);
    gl_buf_init(&r.code, alloc, 0);
    size_t body = 0;
    if (st == GL_OK)
        st = gl_frontmatter_read(doc, gl_buf_cstr(&text), text.len, in, opt, err, &body,
                                 &r.line_offset);
    if (st == GL_OK)
        st = read_body(&r, gl_buf_cstr(&text) + body, text.len - body);
    if (st == GL_OK)
        st = gl_article_header_apply(doc, opt, err);
    if (st == GL_OK)
        st = gl_doc_assign_ids(doc, err);
    gl_buf_free(&text);
    gl_buf_free(&r.scratch);
    gl_buf_free(&r.code);
    gl_free(alloc, r.frames);
    if (st != GL_OK) {
        gl_doc_free(doc);
        return st;
    }
    *out = doc;
    return GL_OK;
}
