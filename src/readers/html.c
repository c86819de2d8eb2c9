/* The HTML reader: bytes are decoded to UTF-8 (encoding.c), parsed by
 * libxml2's HTML parser, and the DOM is mapped onto galley's tree in one
 * walk without recursion. The walk starts at any DOM node, so an article
 * extraction pass can later hand it the subtree it picked.
 *
 * The mapping keeps a "context" (where blocks go, the open list, table, row,
 * the inline container being filled) that structural elements save on entry
 * and restore on exit, and a stack of open inline formats (em, strong, a...)
 * that is materialised lazily, so empty elements leave no nodes and a block
 * met inside an inline element closes the paragraph and reopens the formats
 * after it, as browsers' "reconstruct the active formatting elements" does. */
#include <limits.h>
#include <string.h>
#include <libxml/HTMLparser.h>
#include <libxml/uri.h>
#include "readers/readers.h"
#include "readers/dom.h"
#include "readers/encoding.h"
#include "readers/extract.h"
#include "readers/metadata.h"
#include "readers/html_meta.h"
#include "readers/html_bound.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/url.h"
#include "util/vec.h"

/* What an element is, before context decides what it does. */
typedef enum kind {
    K_INLINE = 0, /* transparent inline: span, font, unknown elements (CSS default) */
    K_VOID,       /* HTML5 void elements libxml2 2.9 does not know as empty: it nests
                     what follows them inside, so their "children" are walked */
    K_BLOCK,      /* transparent block: div, section, article, dl... */
    K_SKIP,       /* dropped with everything inside */
    K_HEADING,
    K_P,
    K_LIST,
    K_LI,
    K_QUOTE,
    K_PRE,
    K_HR,
    K_TABLE,
    K_ROWGROUP,
    K_TR,
    K_CELL,
    K_FIGURE,
    K_FIGCAPTION,
    K_IMG,
    K_BR,
    K_EMPH,
    K_STRONG,
    K_STRIKE,
    K_SUP,
    K_SUB,
    K_CODE,
    K_A,
    K_INPUT,
    K_FORM
} kind;

/* Sorted by name for bsearch; libxml2 gives lowercase names. */
static const struct tag {
    const char *name;
    kind kind;
} tags[] = {
    {"a", K_A},
    {"address", K_BLOCK},
    {"applet", K_SKIP},
    {"article", K_BLOCK},
    {"aside", K_BLOCK},
    {"audio", K_SKIP},
    {"b", K_STRONG},
    {"base", K_SKIP},
    {"blockquote", K_QUOTE},
    {"body", K_BLOCK},
    {"br", K_BR},
    {"button", K_SKIP},
    {"canvas", K_SKIP},
    {"caption", K_BLOCK},
    {"center", K_BLOCK},
    {"code", K_CODE},
    {"datalist", K_SKIP},
    {"dd", K_BLOCK},
    {"del", K_STRIKE},
    {"details", K_BLOCK},
    {"dialog", K_BLOCK},
    {"dir", K_LIST},
    {"div", K_BLOCK},
    {"dl", K_BLOCK},
    {"dt", K_BLOCK},
    {"em", K_EMPH},
    {"embed", K_VOID},
    {"fieldset", K_BLOCK},
    {"figcaption", K_FIGCAPTION},
    {"figure", K_FIGURE},
    {"footer", K_BLOCK},
    {"form", K_FORM},
    {"frame", K_SKIP},
    {"frameset", K_SKIP},
    {"h1", K_HEADING},
    {"h2", K_HEADING},
    {"h3", K_HEADING},
    {"h4", K_HEADING},
    {"h5", K_HEADING},
    {"h6", K_HEADING},
    {"head", K_SKIP},
    {"header", K_BLOCK},
    {"hgroup", K_BLOCK},
    {"hr", K_HR},
    {"html", K_BLOCK},
    {"i", K_EMPH},
    {"iframe", K_SKIP},
    {"img", K_IMG},
    {"input", K_INPUT},
    {"kbd", K_CODE},
    {"legend", K_BLOCK},
    {"li", K_LI},
    {"link", K_SKIP},
    {"listing", K_PRE},
    {"main", K_BLOCK},
    {"menu", K_LIST},
    {"meta", K_SKIP},
    {"meter", K_SKIP},
    {"nav", K_BLOCK},
    {"noembed", K_SKIP},
    {"noframes", K_SKIP},
    {"noscript", K_SKIP},
    {"object", K_SKIP},
    {"ol", K_LIST},
    {"optgroup", K_SKIP},
    {"option", K_SKIP},
    {"p", K_P},
    {"param", K_SKIP},
    {"plaintext", K_PRE},
    {"pre", K_PRE},
    {"progress", K_SKIP},
    {"s", K_STRIKE},
    {"samp", K_CODE},
    {"script", K_SKIP},
    {"section", K_BLOCK},
    {"select", K_SKIP},
    {"source", K_VOID},
    {"strike", K_STRIKE},
    {"strong", K_STRONG},
    {"style", K_SKIP},
    {"sub", K_SUB},
    {"summary", K_BLOCK},
    {"sup", K_SUP},
    {"svg", K_SKIP},
    {"table", K_TABLE},
    {"tbody", K_ROWGROUP},
    {"td", K_CELL},
    {"template", K_SKIP},
    {"textarea", K_SKIP},
    {"tfoot", K_ROWGROUP},
    {"th", K_CELL},
    {"thead", K_ROWGROUP},
    {"title", K_SKIP},
    {"tr", K_TR},
    {"track", K_VOID},
    {"tt", K_CODE},
    {"ul", K_LIST},
    {"video", K_SKIP},
    {"wbr", K_VOID},
    {"xmp", K_PRE},
};

static int tag_cmp(const void *key, const void *elem) {
    return strcmp(key, ((const struct tag *)elem)->name);
}

static kind kind_of(const xmlNode *n) {
    const struct tag *t =
        bsearch(n->name, tags, sizeof tags / sizeof tags[0], sizeof tags[0], tag_cmp);
    return t ? t->kind : K_INLINE;
}

/* What leaving an element does; chosen on entry from its kind and the context. */
typedef enum action {
    A_NONE = 0, /* nothing: transparent inline, or anything inside <pre> */
    A_BOUNDARY, /* a block where only inlines fit: a space on each side */
    A_BLOCK,    /* a transparent block: ends the paragraph on each side */
    A_INLINE,   /* pops an inline format */
    A_CODE,     /* pops an inline code span */
    A_PARA,
    A_HEADING,
    A_LIST,
    A_ITEM,
    A_QUOTE,
    A_PRE,
    A_TABLE,
    A_ROWGROUP,
    A_ROW,
    A_CELL,
    A_FIGURE,
    A_CAPTION
} action;

/* Where content goes now. Saved and restored by structural elements. */
typedef struct ctx {
    gl_node *block;    /* takes flow blocks; NULL where only inlines fit */
    gl_node *list;     /* the LIST taking <li> (block is NULL then) */
    gl_node *table;    /* the TABLE taking <tr> */
    gl_node *row;      /* the TABLE_ROW taking cells */
    gl_node *item;     /* the ITEM a checkbox marks as a task */
    gl_node *figure;   /* the FIGURE waiting for its image */
    gl_node *para;     /* the open inline container (paragraph, heading, cell...) */
    bool head_cells;   /* inside <thead>: cells are header cells */
    bool para_in_link; /* `para` sits inside a LINK (a fragment mapped under one) */
} ctx;

/* An open inline format. Its node is made when content first needs it, and
 * forgotten when the paragraph closes, so the next paragraph remakes it. */
typedef struct entry {
    gl_node_type type; /* EMPH, STRONG, STRIKE, SUPERSCRIPT, SUBSCRIPT, LINK; CODE: a code span */
    const xmlNode *dom;
    const char *url, *title; /* LINK: trimmed href span and title, in the DOM */
    size_t url_len;
    gl_node *node; /* made node, the container itself for a link inside a link, or NULL */
} entry;

typedef struct frame {
    action act;
    ctx saved;
    gl_node *node;  /* what the element made */
    size_t inl_top; /* inline stack height on entry */
} frame;

typedef struct builder {
    gl_doc *doc;
    const gl_options *opt;
    const gl_input *in;
    gl_error *err;
    const gl_allocator *alloc;
    long line_offset; /* added to libxml2's line numbers (fragments) */
    bool warn_drops;  /* fragments: say what was dropped */
    gl_status st;     /* the first failure; the walk stops on it */
    ctx c;
    frame *frames;
    size_t nframes, frames_cap;
    entry *inl;
    size_t ninl, inl_cap;
    bool pending;      /* collapsed white space not yet written */
    bool has_content;  /* the open inline container holds something */
    size_t code_depth; /* open code spans */
    gl_buf code;       /* text of the code span being gathered */
    bool code_pending; /* white space inside it, not yet written */
    bool in_pre;
    gl_buf pre; /* text of the <pre> being gathered, verbatim */
    gl_buf run; /* the collapsed words of one text node */
    char pre_lang[64];
} builder;

/* ---- small helpers ---- */

static unsigned long line_of(const builder *b, const xmlNode *n) {
    long l = n ? xmlGetLineNo(n) : 0;
    return l > 0 ? (unsigned long)(l + b->line_offset) : 0;
}

static void fail(builder *b, gl_status st, const xmlNode *at, const char *what) {
    if (b->st == GL_OK)
        b->st = gl_fail(b->err, st, line_of(b, at), "%s", what);
}

static void fail_alloc(builder *b, gl_status st, const xmlNode *at) {
    if (st == GL_ELIMIT) {
        if (b->st == GL_OK)
            b->st = gl_fail(b->err, GL_ELIMIT, line_of(b, at),
                            "the page makes more than %zu nodes (max_nodes)", b->opt->max_nodes);
    } else if (st != GL_OK) {
        fail(b, GL_ENOMEM, at, "out of memory building the document");
    }
}

static gl_node *new_node(builder *b, gl_node_type type, const xmlNode *dom) {
    gl_node *n = gl_node_new(b->doc, type);
    if (!n) {
        fail_alloc(b, gl_doc_last_status(b->doc), dom);
        return NULL;
    }
    n->line = line_of(b, dom);
    return n;
}

/* Appends, or drops the node when the tree's rules refuse it: the context
 * logic never asks for that, and a node left out beats a failed conversion. */
static gl_node *add(builder *b, gl_node *parent, gl_node_type type, const xmlNode *dom) {
    if (!parent || b->st != GL_OK)
        return NULL;
    gl_node *n = new_node(b, type, dom);
    if (n && gl_node_append(parent, n) != GL_OK)
        return NULL;
    return n;
}

static void set_str(builder *b, gl_status (*set)(gl_doc *, gl_node *, const char *, size_t),
                    gl_node *n, const char *s, size_t len) {
    if (n && b->st == GL_OK && set(b->doc, n, s, len) != GL_OK)
        fail(b, GL_ENOMEM, NULL, "out of memory building the document");
}

static void append_text(builder *b, gl_node *parent, const char *s, size_t len) {
    if (b->st != GL_OK)
        return;
    gl_status st = gl_node_append_text(b->doc, parent, s, len);
    if (st == GL_ENOMEM || st == GL_ELIMIT)
        fail_alloc(b, st, NULL);
}

/* ---- attributes ---- */

static const char *attr(const xmlNode *n, const char *name) { return gl_html_attr(n, name); }

/* Lazy-loading pages put a tiny stand-in in src and the real image in data-src. */
static bool is_placeholder(const char *src, size_t len) {
    if (len >= 5 && gl_dom_eq_ci(src, 5, "data:"))
        return true;
    static const char *const names[] = {"placeholder", "blank.", "spacer.", "pixel.", "lazy"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        size_t n = strlen(names[i]);
        for (size_t k = 0; k + n <= len; k++)
            if (gl_dom_eq_ci(src + k, n, names[i]))
                return true;
    }
    return false;
}

/* The URL of the first candidate of a srcset ("a.jpg 1x, b.jpg 2x"). */
static bool srcset_first(const char *set, const char **url, size_t *len) {
    const char *p = set;
    while (*p && (gl_html_space(*p) || *p == ','))
        p++;
    const char *start = p;
    while (*p && !gl_html_space(*p))
        p++;
    while (p > start && p[-1] == ',')
        p--;
    *url = start;
    *len = (size_t)(p - start);
    return *len > 0;
}

/* The image an <img> shows: src, else data-src when src is missing or a
 * placeholder, else the first srcset candidate. */
static bool image_src(const xmlNode *n, const char **url, size_t *len) {
    const char *src = attr(n, "src");
    size_t slen = src ? strlen(src) : 0;
    if (src)
        gl_dom_trim(&src, &slen);
    if (slen && !is_placeholder(src, slen)) {
        *url = src, *len = slen;
        return true;
    }
    const char *lazy = attr(n, "data-src");
    size_t llen = lazy ? strlen(lazy) : 0;
    if (lazy)
        gl_dom_trim(&lazy, &llen);
    if (llen) {
        *url = lazy, *len = llen;
        return true;
    }
    if (slen) {
        *url = src, *len = slen;
        return true;
    }
    const char *set = attr(n, "srcset");
    if (!set)
        set = attr(n, "data-srcset");
    return set && srcset_first(set, url, len);
}

/* "language-c", "lang-python" in a class list. */
static void language_from_class(const char *cls, char *out, size_t cap) {
    const char *p = cls;
    while (p && *p) {
        while (gl_html_space(*p))
            p++;
        const char *start = p;
        while (*p && !gl_html_space(*p))
            p++;
        size_t len = (size_t)(p - start), skip = 0;
        if (len > 9 && strncmp(start, "language-", 9) == 0)
            skip = 9;
        else if (len > 5 && strncmp(start, "lang-", 5) == 0)
            skip = 5;
        if (skip && len - skip < cap) {
            memcpy(out, start + skip, len - skip);
            out[len - skip] = '\0';
            return;
        }
    }
}

/* An <ol start> value as HTML reads it ("  -3"); capped far beyond any list. */
static void parse_start(const char *s, long *out) {
    while (gl_html_space(*s))
        s++;
    bool neg = *s == '-';
    if (*s == '-' || *s == '+')
        s++;
    if (*s < '0' || *s > '9')
        return;
    long v = 0;
    for (; *s >= '0' && *s <= '9'; s++)
        v = v < 1000000000L ? v * 10 + (*s - '0') : v;
    *out = neg ? -v : v;
}

static gl_align align_of(const xmlNode *n) {
    char v[16] = "";
    const char *a = attr(n, "align");
    const char *style = attr(n, "style");
    if (!(style && gl_dom_style_value(style, "text-align", v, sizeof v)) && a) {
        size_t len = strlen(a);
        gl_dom_trim(&a, &len);
        for (size_t i = 0; i < len && i + 1 < sizeof v; i++)
            v[i] = gl_dom_lower(a[i]), v[i + 1] = '\0';
    }
    if (strcmp(v, "left") == 0 || strcmp(v, "start") == 0)
        return GL_ALIGN_LEFT;
    if (strcmp(v, "center") == 0)
        return GL_ALIGN_CENTER;
    if (strcmp(v, "right") == 0 || strcmp(v, "end") == 0)
        return GL_ALIGN_RIGHT;
    return GL_ALIGN_NONE;
}

/* Whether an element below `top` satisfies `pred`; an iterative walk that
 * stops at the first match. */
static bool subtree_has(const xmlNode *top, bool (*pred)(const xmlNode *)) {
    const xmlNode *n = top->children;
    while (n) {
        if (n->type == XML_ELEMENT_NODE) {
            if (pred(n))
                return true;
            if (n->children) {
                n = n->children;
                continue;
            }
        }
        n = gl_html_next_skip(n, top);
    }
    return false;
}

/* A table holding tables, headings, quotes or code lays out a page rather
 * than tabulating data: its cells are mapped as plain blocks. */
static bool marks_layout(const xmlNode *n) {
    kind k = kind_of(n);
    return k == K_TABLE || k == K_HEADING || k == K_QUOTE || k == K_PRE;
}

static bool is_layout_table(const xmlNode *t) {
    const char *role = attr(t, "role");
    if (role && (strcmp(role, "presentation") == 0 || strcmp(role, "none") == 0))
        return true;
    return subtree_has(t, marks_layout);
}

/* ASP.NET and similar wrap whole pages in one <form>: one that holds prose
 * is a wrapper and its content is kept; any other form is dropped. */
static bool marks_prose(const xmlNode *n) {
    kind k = kind_of(n);
    return k == K_P || k == K_HEADING || k == K_TABLE || k == K_LIST;
}

/* ---- inline content ---- */

/* Where flow blocks go now: the block container, or the last item of the
 * open list (content between <li>s belongs to the item before it). */
static gl_node *get_block(builder *b, const xmlNode *dom) {
    if (b->c.block)
        return b->c.block;
    if (!b->c.list)
        return NULL;
    if (b->c.list->last_child)
        return b->c.list->last_child;
    return add(b, b->c.list, GL_NODE_ITEM, dom);
}

static bool block_ok(const builder *b) { return b->c.block || b->c.list; }

static void flush_space(builder *b, gl_node *into) {
    if (b->pending)
        append_text(b, into, " ", 1);
    b->pending = false;
}

/* The container inline content goes into now: opens an anonymous paragraph
 * when none is open, makes the open formats' nodes, and writes a pending
 * space before them. NULL when nothing can hold inlines here. */
static gl_node *ensure_inline(builder *b, const xmlNode *dom) {
    if (b->st != GL_OK)
        return NULL;
    if (!b->c.para) {
        gl_node *p = add(b, get_block(b, dom), GL_NODE_PARAGRAPH, dom);
        if (!p)
            return NULL;
        b->c.para = p;
        b->c.para_in_link = false;
        b->has_content = false;
        b->pending = false;
    }
    gl_node *cur = b->c.para;
    bool in_link = b->c.para_in_link;
    for (size_t i = 0; i < b->ninl && b->st == GL_OK; i++) {
        entry *e = &b->inl[i];
        if (e->type == GL_NODE_CODE)
            continue;
        if (!e->node) {
            flush_space(b, cur);
            if (e->type == GL_NODE_LINK && in_link) {
                e->node = cur; /* a link inside a link keeps only its text */
            } else {
                gl_node *n = add(b, cur, e->type, e->dom);
                if (!n)
                    return NULL;
                if (e->type == GL_NODE_LINK) {
                    set_str(b, gl_node_set_url, n, e->url, e->url_len);
                    if (e->title)
                        set_str(b, gl_node_set_title, n, e->title, strlen(e->title));
                }
                e->node = n;
            }
        }
        cur = e->node;
        in_link = in_link || cur->type == GL_NODE_LINK;
    }
    flush_space(b, cur);
    return b->st == GL_OK ? cur : NULL;
}

static void emit_run(builder *b, const char *s, size_t len, const xmlNode *dom) {
    gl_node *into = ensure_inline(b, dom);
    if (into) {
        append_text(b, into, s, len);
        b->has_content = true;
    }
}

/* Writes the gathered code span as one CODE node. */
static void flush_code(builder *b, const xmlNode *dom) {
    if (b->code.len == 0 || b->st != GL_OK)
        return;
    if (b->code.status != GL_OK) {
        fail(b, GL_ENOMEM, dom, "out of memory gathering code");
        return;
    }
    gl_node *into = ensure_inline(b, dom);
    gl_node *code = add(b, into, GL_NODE_CODE, dom);
    set_str(b, gl_node_set_text, code, b->code.data, b->code.len);
    b->has_content = true;
    gl_buf_clear(&b->code);
    if (b->code_pending)
        b->pending = true;
    b->code_pending = false;
}

/* White space between words: one space, written before the next content,
 * never at the start or the end of an inline container. */
static void note_space(builder *b) {
    if (b->code_depth && b->code.len)
        b->code_pending = true;
    else if (b->has_content)
        b->pending = true;
}

static void text(builder *b, const char *s, size_t len, const xmlNode *dom) {
    if (b->in_pre) {
        gl_buf_append(&b->pre, s, len);
        return;
    }
    size_t i = 0;
    if (b->code_depth) {
        while (i < len && b->st == GL_OK) {
            if (gl_html_space(s[i])) {
                note_space(b);
                while (i < len && gl_html_space(s[i]))
                    i++;
                continue;
            }
            size_t start = i;
            while (i < len && !gl_html_space(s[i]))
                i++;
            if (b->code_pending)
                gl_buf_putc(&b->code, ' ');
            b->code_pending = false;
            gl_buf_append(&b->code, s + start, i - start);
        }
        return;
    }
    /* The words of the text node, white space collapsed, go in as one run:
     * appending word by word would copy the growing text each time. */
    bool lead = false, trail = false;
    gl_buf_clear(&b->run);
    while (i < len) {
        if (gl_html_space(s[i])) {
            while (i < len && gl_html_space(s[i]))
                i++;
            if (b->run.len)
                trail = true;
            else
                lead = true;
            continue;
        }
        size_t start = i;
        while (i < len && !gl_html_space(s[i]))
            i++;
        if (trail)
            gl_buf_putc(&b->run, ' ');
        trail = false;
        gl_buf_append(&b->run, s + start, i - start);
    }
    if (b->run.status != GL_OK) {
        fail(b, GL_ENOMEM, dom, "out of memory gathering text");
        return;
    }
    if (lead)
        note_space(b);
    if (b->run.len)
        emit_run(b, b->run.data, b->run.len, dom);
    if (trail)
        note_space(b);
}

/* Ends the open inline container: trailing space and line breaks go, and the
 * open formats will be remade in the next one. */
static void close_para(builder *b, const xmlNode *dom) {
    flush_code(b, dom);
    gl_node *p = b->c.para;
    while (p && p->last_child && p->last_child->type == GL_NODE_LINE_BREAK)
        gl_node_unlink(p->last_child);
    b->c.para = NULL;
    b->pending = false;
    b->has_content = false;
    for (size_t i = 0; i < b->ninl; i++)
        b->inl[i].node = NULL;
}

static void line_break(builder *b, const xmlNode *dom) {
    if (b->in_pre) {
        gl_buf_putc(&b->pre, '\n');
        return;
    }
    flush_code(b, dom);
    if (!b->c.para || !b->has_content)
        return; /* a break before any text breaks nothing */
    b->pending = false;
    add(b, ensure_inline(b, dom), GL_NODE_LINE_BREAK, dom);
    b->has_content = false;
}

/* The text of a dropped image or link stands in for it. */
static void alt_text(builder *b, const xmlNode *n) {
    const char *alt = attr(n, "alt");
    if (alt && *alt)
        text(b, alt, strlen(alt), n);
}

static void image(builder *b, const xmlNode *n) {
    if (b->in_pre)
        return;
    const char *url;
    size_t len;
    if (!image_src(n, &url, &len) || !gl_url_allowed(url, len, true)) {
        alt_text(b, n);
        return;
    }
    const char *alt = attr(n, "alt"), *title = attr(n, "title");
    gl_node *fig = b->c.figure;
    gl_node *img = NULL;
    if (fig && !fig->url) {
        img = fig; /* the figure's own image, however deep inside it */
    } else if (!b->c.para && !b->code_depth && b->ninl == 0 && block_ok(b)) {
        img = add(b, get_block(b, n), GL_NODE_FIGURE, n); /* stands alone: a figure */
    } else {
        flush_code(b, n);
        img = add(b, ensure_inline(b, n), GL_NODE_IMAGE, n);
        if (title && *title)
            set_str(b, gl_node_set_title, img, title, strlen(title));
        b->has_content = true;
    }
    set_str(b, gl_node_set_url, img, url, len);
    if (alt && *alt)
        set_str(b, gl_node_set_text, img, alt, strlen(alt));
}

/* ---- elements ---- */

static void push_inline(builder *b, gl_node_type type, const xmlNode *dom) {
    if (gl_vec_grow(b->alloc, &b->inl, &b->inl_cap, b->ninl + 1, sizeof *b->inl) != GL_OK) {
        fail(b, GL_ENOMEM, dom, "out of memory walking the page");
        return;
    }
    b->inl[b->ninl++] = (entry){type, dom, NULL, NULL, 0, NULL};
}

/* Starts a structural element: ends the open paragraph, saves the context. */
static void begin_block(builder *b, frame *f, const xmlNode *dom) {
    close_para(b, dom);
    f->saved = b->c;
}

/* Decides what element `n` does on entry; A_NONE with *descend false skips it. */
static action enter(builder *b, const xmlNode *n, frame *f, bool *descend) {
    kind k = kind_of(n);
    *descend = false;
    if (k == K_INPUT && b->c.item && b->c.item->task == GL_TASK_NONE) {
        const char *type = attr(n, "type");
        if (type && gl_dom_eq_ci(type, strlen(type), "checkbox"))
            b->c.item->task = attr(n, "checked") ? GL_TASK_DONE : GL_TASK_OPEN;
    }
    if (k == K_FORM)
        k = subtree_has(n, marks_prose) ? K_BLOCK : K_SKIP;
    if (k == K_SKIP || k == K_INPUT || gl_html_is_hidden(n)) {
        if (b->warn_drops && k != K_INPUT)
            gl_warnf(b->opt, b->in->name, line_of(b, n), "dropped <%s> element", n->name);
        return A_NONE;
    }
    *descend = true;
    if (b->in_pre) {
        if (k == K_BR)
            line_break(b, n);
        else if (k == K_CODE && !b->pre_lang[0] && attr(n, "class"))
            language_from_class(attr(n, "class"), b->pre_lang, sizeof b->pre_lang);
        return A_NONE;
    }
    switch (k) {
    case K_INLINE:
    case K_VOID:
        return A_NONE;
    case K_BR:
        line_break(b, n);
        return A_NONE;
    case K_IMG:
        image(b, n);
        return A_NONE;
    case K_EMPH:
    case K_STRONG:
    case K_STRIKE:
    case K_SUP:
    case K_SUB: {
        static const gl_node_type types[] = {GL_NODE_EMPH, GL_NODE_STRONG, GL_NODE_STRIKE,
                                             GL_NODE_SUPERSCRIPT, GL_NODE_SUBSCRIPT};
        flush_code(b, n);
        push_inline(b, types[k - K_EMPH], n);
        return A_INLINE;
    }
    case K_A: {
        const char *href = attr(n, "href");
        size_t len = href ? strlen(href) : 0;
        if (href)
            gl_dom_trim(&href, &len);
        if (!href || !gl_url_allowed(href, len, false))
            return A_NONE; /* an anchor, or javascript: and the like: text only */
        flush_code(b, n);
        push_inline(b, GL_NODE_LINK, n);
        if (b->st == GL_OK) {
            entry *e = &b->inl[b->ninl - 1];
            e->url = href;
            e->url_len = len;
            e->title = attr(n, "title");
            if (e->title && !*e->title)
                e->title = NULL;
        }
        return A_INLINE;
    }
    case K_CODE:
        flush_code(b, n);
        push_inline(b, GL_NODE_CODE, n);
        b->code_depth++;
        return A_CODE;
    default:
        break;
    }
    /* Everything below is a block of some sort. */
    if (!block_ok(b)) {
        if (k == K_PRE) { /* where only inlines fit, <pre> is code */
            flush_code(b, n);
            push_inline(b, GL_NODE_CODE, n);
            b->code_depth++;
            return A_CODE;
        }
        if (k == K_HR) {
            *descend = false;
            return A_NONE;
        }
        note_space(b);
        return A_BOUNDARY;
    }
    switch (k) {
    case K_P:
    case K_HEADING: {
        begin_block(b, f, n);
        gl_node *blk = get_block(b, n);
        gl_node *p = add(b, blk, k == K_P ? GL_NODE_PARAGRAPH : GL_NODE_HEADING, n);
        if (!p)
            return A_NONE;
        if (k == K_HEADING) {
            p->level = n->name[1] - '0';
            const char *id = attr(n, "id");
            size_t len = id ? strlen(id) : 0;
            if (id)
                gl_dom_trim(&id, &len);
            if (len) /* kept by gl_doc_assign_ids, made a valid id */
                set_str(b, gl_node_set_info, p, id, len);
        } else if (blk->type == GL_NODE_ITEM && blk->parent) {
            blk->parent->tight = false; /* <li><p>: a loose list */
        }
        f->node = p;
        b->c = (ctx){.item = f->saved.item, .figure = f->saved.figure, .para = p};
        return k == K_P ? A_PARA : A_HEADING;
    }
    case K_LIST: {
        begin_block(b, f, n);
        gl_node *l = add(b, get_block(b, n), GL_NODE_LIST, n);
        if (!l)
            return A_NONE;
        l->ordered = strcmp((const char *)n->name, "ol") == 0;
        l->tight = true;
        const char *start = l->ordered ? attr(n, "start") : NULL;
        if (start)
            parse_start(start, &l->start);
        f->node = l;
        b->c = (ctx){.list = l};
        return A_LIST;
    }
    case K_LI:
        if (!b->c.list)
            break;
        begin_block(b, f, n);
        f->node = add(b, b->c.list, GL_NODE_ITEM, n);
        b->c = (ctx){.block = f->node, .item = f->node};
        return f->node ? A_ITEM : A_NONE;
    case K_QUOTE:
        begin_block(b, f, n);
        f->node = add(b, get_block(b, n), GL_NODE_BLOCKQUOTE, n);
        b->c = (ctx){.block = f->node};
        return f->node ? A_QUOTE : A_NONE;
    case K_PRE:
        begin_block(b, f, n);
        b->in_pre = true;
        gl_buf_clear(&b->pre);
        b->pre_lang[0] = '\0';
        if (attr(n, "class"))
            language_from_class(attr(n, "class"), b->pre_lang, sizeof b->pre_lang);
        return A_PRE;
    case K_HR:
        close_para(b, n);
        add(b, get_block(b, n), GL_NODE_THEMATIC_BREAK, n);
        *descend = false;
        return A_NONE;
    case K_TABLE:
        if (is_layout_table(n))
            break;
        begin_block(b, f, n);
        f->node = add(b, get_block(b, n), GL_NODE_TABLE, n);
        /* Stray content outside cells lands after the table, in the same
         * block, as browsers' foster parenting puts it before. */
        b->c = (ctx){.block = f->saved.block, .list = f->saved.list, .table = f->node};
        return f->node ? A_TABLE : A_NONE;
    case K_ROWGROUP:
        if (!b->c.table)
            break;
        f->saved = b->c;
        b->c.head_cells = strcmp((const char *)n->name, "thead") == 0;
        return A_ROWGROUP;
    case K_TR:
        if (!b->c.table)
            break;
        begin_block(b, f, n);
        f->node = add(b, b->c.table, GL_NODE_TABLE_ROW, n);
        b->c.row = f->node;
        return f->node ? A_ROW : A_NONE;
    case K_CELL: {
        if (!b->c.table)
            break;
        close_para(b, n);
        if (!b->c.row) /* a cell outside any row starts one */
            b->c.row = add(b, b->c.table, GL_NODE_TABLE_ROW, n);
        f->saved = b->c;
        gl_node *cell = add(b, b->c.row, GL_NODE_TABLE_CELL, n);
        if (!cell)
            return A_NONE;
        cell->header = n->name[1] == 'h' || b->c.head_cells;
        cell->align = align_of(n);
        f->node = cell;
        b->c = (ctx){.para = cell};
        return A_CELL;
    }
    case K_FIGURE:
        begin_block(b, f, n);
        f->node = add(b, get_block(b, n), GL_NODE_FIGURE, n);
        b->c.figure = f->node;
        return f->node ? A_FIGURE : A_NONE;
    case K_FIGCAPTION:
        if (!b->c.figure)
            break;
        begin_block(b, f, n);
        b->c = (ctx){.figure = b->c.figure, .para = b->c.figure};
        b->has_content = b->c.figure->first_child != NULL;
        return A_CAPTION;
    default:
        break;
    }
    /* A transparent block, or a table part or list item out of place. */
    close_para(b, n);
    return A_BLOCK;
}

/* Drops a container left empty. */
static void drop_if_empty(gl_node *n) {
    if (n && !n->first_child)
        gl_node_unlink(n);
}

static void leave_pre(builder *b, const xmlNode *dom) {
    b->in_pre = false;
    if (b->pre.status != GL_OK) {
        fail(b, GL_ENOMEM, dom, "out of memory gathering preformatted text");
        return;
    }
    const char *s = b->pre.data;
    size_t len = b->pre.len;
    /* HTML drops one newline right after <pre> (WHATWG §13.2.6.4.7). */
    if (len && s[0] == '\n')
        s++, len--;
    else if (len >= 2 && s[0] == '\r' && s[1] == '\n')
        s += 2, len -= 2;
    if (len == 0)
        return;
    gl_node *cb = add(b, get_block(b, dom), GL_NODE_CODE_BLOCK, dom);
    set_str(b, gl_node_set_text, cb, s, len);
    if (b->pre_lang[0])
        set_str(b, gl_node_set_info, cb, b->pre_lang, strlen(b->pre_lang));
}

/* A figure without an image keeps its caption as a paragraph. */
static void leave_figure(builder *b, gl_node *fig, const xmlNode *dom) {
    if (fig->url)
        return;
    gl_node *blk = fig->parent;
    gl_node_unlink(fig);
    if (!fig->first_child)
        return;
    gl_node *p = add(b, blk, GL_NODE_PARAGRAPH, dom);
    while (p && fig->first_child) {
        gl_node *c = fig->first_child;
        gl_node_unlink(c);
        gl_node_append(p, c);
    }
}

static void leave(builder *b, const xmlNode *dom) {
    frame *f = &b->frames[--b->nframes];
    switch (f->act) {
    case A_NONE:
        break;
    case A_BOUNDARY:
        note_space(b);
        break;
    case A_BLOCK:
        close_para(b, dom);
        break;
    case A_INLINE:
    case A_CODE:
        flush_code(b, dom);
        if (f->act == A_CODE && --b->code_depth == 0)
            b->code_pending = false;
        b->ninl = f->inl_top;
        break;
    case A_PARA:
    case A_HEADING:
        close_para(b, dom);
        b->c = f->saved;
        if (f->node && !f->node->first_child)
            gl_node_unlink(f->node);
        break;
    case A_PRE:
        leave_pre(b, dom);
        b->c = f->saved;
        break;
    case A_ROWGROUP:
        b->c.head_cells = f->saved.head_cells;
        break;
    case A_LIST:
    case A_ITEM:
    case A_QUOTE:
    case A_TABLE:
    case A_ROW:
    case A_CELL:
    case A_CAPTION:
    case A_FIGURE:
        close_para(b, dom);
        b->c = f->saved;
        if (f->act == A_FIGURE)
            leave_figure(b, f->node, dom);
        else if (f->act != A_ITEM && f->act != A_CELL && f->act != A_CAPTION)
            drop_if_empty(f->node);
        break;
    }
}

static frame *push_frame(builder *b, const xmlNode *n) {
    if (b->nframes >= b->opt->max_depth) {
        if (b->st == GL_OK)
            b->st = gl_fail(b->err, GL_ELIMIT, line_of(b, n),
                            "HTML elements nested deeper than %zu levels (max_depth)",
                            b->opt->max_depth);
        return NULL;
    }
    if (gl_vec_grow(b->alloc, &b->frames, &b->frames_cap, b->nframes + 1, sizeof *b->frames) !=
        GL_OK) {
        fail(b, GL_ENOMEM, n, "out of memory walking the page");
        return NULL;
    }
    frame *f = &b->frames[b->nframes++];
    memset(f, 0, sizeof *f);
    f->inl_top = b->ninl;
    return f;
}

/* Maps the DOM subtree at `top` (itself included) without recursion: the
 * frames stack replaces the call stack, and parent pointers lead back up. */
static void walk(builder *b, const xmlNode *top) {
    const xmlNode *n = top;
    while (n && b->st == GL_OK) {
        bool entered = false;
        if (n->type == XML_ELEMENT_NODE) {
            frame *f = push_frame(b, n);
            if (!f)
                return;
            f->act = enter(b, n, f, &entered);
            if (!entered)
                b->nframes--;
        } else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content) {
            text(b, (const char *)n->content, strlen((const char *)n->content), n);
        }
        if (entered && n->children) {
            n = n->children;
            continue;
        }
        if (entered)
            leave(b, n);
        while (n != top && !n->next && b->st == GL_OK) {
            n = n->parent;
            leave(b, n);
        }
        if (n == top)
            break;
        n = n->next;
    }
}

/* ---- entry points ---- */

static const int parse_options = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                 XML_PARSE_HUGE | HTML_PARSE_IGNORE_ENC;

/* Parses UTF-8 `text` with a parser context of our own, so no global
 * libxml2 state is touched. NULL with `err` set on failure. */
static bool named(const xmlNode *n, const char *name) {
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* Moves the children of `from` to the end of `to`. */
static void adopt_children(xmlNode *to, xmlNode *from) {
    xmlNode *next;
    for (xmlNode *c = from->children; c; c = next) {
        next = c->next;
        xmlUnlinkNode(c);
        if (!xmlAddChild(to, c))
            xmlFreeNode(c);
    }
}

/* A page that starts over (a server's warnings, a script holding
 * "</script></body></html>", then the real page) leaves libxml2 with more
 * than one root element, and every reader looks at the first alone: the
 * later roots join it, their head's children in its head and the rest in
 * its body, in document order. */
static void join_roots(xmlDoc *dom) {
    xmlNode *root = xmlDocGetRootElement(dom);
    if (!root || !named(root, "html"))
        return;
    xmlNode *head = NULL, *body = NULL, *next;
    for (xmlNode *c = root->children; c; c = c->next) {
        if (!head && named(c, "head"))
            head = c;
        if (!body && named(c, "body"))
            body = c;
    }
    for (xmlNode *n = root->next; n; n = next) {
        next = n->next;
        if (n->type != XML_ELEMENT_NODE)
            continue;
        xmlUnlinkNode(n);
        if (!body) {
            body = xmlNewDocNode(dom, NULL, BAD_CAST "body", NULL);
            if (!body || !xmlAddChild(root, body)) {
                xmlFreeNode(body);
                xmlFreeNode(n);
                return;
            }
        }
        if (!named(n, "html")) {
            if (!xmlAddChild(body, n))
                xmlFreeNode(n);
            continue;
        }
        xmlNode *cn;
        for (xmlNode *c = n->children; c; c = cn) {
            cn = c->next;
            if (named(c, "head") && !head) {
                xmlUnlinkNode(c);
                head = xmlAddPrevSibling(root->children, c) ? c : NULL;
                if (!head)
                    xmlFreeNode(c);
            } else if (named(c, "head")) {
                adopt_children(head, c);
            } else if (named(c, "body")) {
                adopt_children(body, c);
            } else {
                xmlUnlinkNode(c);
                if (!xmlAddChild(body, c))
                    xmlFreeNode(c);
            }
        }
        xmlFreeNode(n);
    }
}

static xmlDoc *parse(const char *text, size_t len, unsigned long line, const gl_allocator *alloc,
                     gl_error *err) {
    /* Tags with thousands of attributes cost libxml2 quadratic time. */
    gl_buf bounded;
    gl_buf_init(&bounded, alloc, 0);
    if (gl_html_bound_attributes(NULL, text, len)) {
        gl_html_bound_attributes(&bounded, text, len);
        if (bounded.status != GL_OK) {
            gl_buf_free(&bounded);
            gl_fail(err, GL_ENOMEM, line, "out of memory reading the HTML");
            return NULL;
        }
        text = bounded.data;
        len = bounded.len;
    }
    htmlParserCtxtPtr ctxt = len > INT_MAX ? NULL : htmlNewParserCtxt();
    if (!ctxt) {
        if (len > INT_MAX)
            gl_fail(err, GL_ELIMIT, line, "the decoded page is over 2 GB, more than libxml2 reads");
        else
            gl_fail(err, GL_ENOMEM, line, "out of memory starting the HTML parser");
        gl_buf_free(&bounded);
        return NULL;
    }
    /* "UTF-8" and IGNORE_ENC: we decoded already, libxml2 must not re-guess
     * from a <meta charset> that described the bytes before decoding. */
    xmlDoc *dom = htmlCtxtReadMemory(ctxt, text, (int)len, NULL, "UTF-8", parse_options);
    if (!dom) {
        const xmlError *e = xmlCtxtGetLastError(ctxt);
        gl_fail(err, e && e->code == XML_ERR_NO_MEMORY ? GL_ENOMEM : GL_EPARSE, line,
                "libxml2 could not parse this HTML%s%s", e && e->message ? ": " : "",
                e && e->message ? e->message : "");
    } else {
        join_roots(dom);
    }
    htmlFreeParserCtxt(ctxt);
    gl_buf_free(&bounded);
    return dom;
}

static void builder_init(builder *b, gl_doc *doc, const gl_input *in, const gl_options *opt,
                         gl_error *err) {
    memset(b, 0, sizeof *b);
    b->doc = doc;
    b->in = in;
    b->opt = opt;
    b->err = err;
    b->alloc = gl_allocator_of(opt);
    gl_buf_init(&b->code, b->alloc, 0);
    gl_buf_init(&b->pre, b->alloc, 0);
    gl_buf_init(&b->run, b->alloc, 0);
}

static void builder_free(builder *b) {
    gl_buf_free(&b->code);
    gl_buf_free(&b->pre);
    gl_buf_free(&b->run);
    gl_free(b->alloc, b->frames);
    gl_free(b->alloc, b->inl);
}

static const xmlNode *child_named(const xmlNode *n, const char *name) {
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0)
            return c;
    return NULL;
}

/* <base href> decides what relative links mean, over the canonical URL.
 * gl_read resolves only against opt->base_url or GL_META_URL, so resolve
 * here first; links made absolute are left alone afterwards. A relative
 * <base> is itself resolved against the page's address. */
static gl_status apply_base(gl_doc *doc, const char *base, const gl_options *opt, gl_error *err) {
    const char *page = opt->base_url ? opt->base_url : gl_doc_meta(doc, GL_META_URL);
    xmlChar *abs = xmlBuildURI((const xmlChar *)base, (const xmlChar *)(page ? page : ""));
    if (!abs)
        return GL_OK;
    gl_status st = gl_doc_resolve_urls(doc, (const char *)abs, err);
    xmlFree(abs);
    return st;
}

/* A page that is not an article is converted whole, and the user told so;
 * --explain says what was picked. */
static void report_extraction(const gl_options *opt, const gl_input *in, const gl_extract *x) {
    if (x->fallback)
        gl_warnf(opt, in->name, 0,
                 "no part of the page reads as an article (best score %.1f, %zu characters "
                 "of text; needs %.0f and %d): converted the whole page",
                 x->score, x->text, GL_EXTRACT_MIN_SCORE, GL_EXTRACT_MIN_TEXT);
    else if (opt->explain)
        gl_warnf(opt, in->name, 0,
                 "explain: article = <%s%s%s%s> score %.1f, %zu block(s) merged, %zu characters, "
                 "%zu element(s) removed, pass %u",
                 x->tag, x->cls ? " class=\"" : "", x->cls ? x->cls : "", x->cls ? "\"" : "",
                 x->score, x->count, x->text, x->removed, x->pass);
}

/* Text of a heading, whitespace collapsed, compared case-insensitively
 * (ASCII) with the title. */
static bool heading_is_title(const gl_node *h, const char *title) {
    const char *t = title;
    gl_iter it;
    gl_iter_init(&it, h);
    bool space = false;
    while (gl_iter_next(&it) != GL_EVENT_NONE) {
        const gl_node *n = it.node;
        if (it.event != GL_EVENT_ENTER || (n->type != GL_NODE_TEXT && n->type != GL_NODE_CODE))
            continue;
        for (size_t i = 0; i < n->text_len; i++) {
            char c = n->text[i];
            if (gl_html_space(c)) {
                space = true;
                continue;
            }
            if (space && t != title) {
                if (*t != ' ')
                    return false;
                t++;
            }
            space = false;
            if (gl_dom_lower(*t) != gl_dom_lower(c))
                return false;
            t++;
        }
    }
    return t != title && *t == '\0';
}

/* The title is shown in the header: its copy as the article's first
 * heading would print twice. */
static void drop_title_heading(gl_doc *doc) {
    const char *title = gl_doc_meta(doc, GL_META_TITLE);
    if (!title)
        return;
    gl_iter it;
    gl_iter_init(&it, gl_doc_root(doc));
    while (gl_iter_next(&it) != GL_EVENT_NONE) {
        if (it.event == GL_EVENT_ENTER && it.node->type == GL_NODE_HEADING) {
            if (heading_is_title(it.node, title))
                gl_node_unlink((gl_node *)it.node);
            return;
        }
    }
}

gl_status gl_read_html(gl_doc **out, const gl_input *in, const gl_options *opt, gl_error *err) {
    gl_options defaults;
    if (!opt) {
        gl_options_init(&defaults);
        opt = &defaults;
    }
    *out = NULL;
    gl_global_init();
    gl_buf utf8;
    gl_buf_init(&utf8, gl_allocator_of(opt), 0);
    gl_status st = gl_html_decode(&utf8, in, opt, NULL, err);
    xmlDoc *dom = NULL;
    if (st == GL_OK) {
        dom = parse(gl_buf_cstr(&utf8), utf8.len, 0, gl_allocator_of(opt), err);
        if (!dom)
            st = err ? err->status : GL_EPARSE;
    }
    gl_buf_free(&utf8);
    gl_doc *doc = NULL;
    if (st == GL_OK)
        st = gl_doc_new(&doc, opt, err);
    const char *base = NULL;
    if (st == GL_OK)
        st = gl_html_read_meta(doc, dom, &base, err);
    if (st == GL_OK)
        st = gl_meta_extract(doc, dom, !opt->whole_page, opt, err);
    const xmlNode *root = dom ? xmlDocGetRootElement(dom) : NULL;
    if (st == GL_OK && root) {
        builder b;
        builder_init(&b, doc, in, opt, err);
        b.c.block = gl_doc_root_mut(doc);
        /* The body alone: <head> holds metadata, read above. */
        xmlNode *body = (xmlNode *)child_named(root, "body");
        if (opt->whole_page || !body) {
            walk(&b, body ? body : root);
        } else {
            gl_extract x;
            st = gl_extract_article(&x, body, opt, err);
            if (st == GL_OK)
                report_extraction(opt, in, &x);
            for (size_t i = 0; st == GL_OK && i < x.count && b.st == GL_OK; i++) {
                walk(&b, x.roots[i]);
                close_para(&b, NULL);
            }
            gl_extract_free(&x, opt);
        }
        close_para(&b, NULL);
        if (st == GL_OK)
            st = b.st;
        builder_free(&b);
        if (st == GL_OK && !opt->whole_page)
            drop_title_heading(doc);
    }
    if (st == GL_OK)
        st = gl_doc_assign_ids(doc, err);
    if (st == GL_OK && base)
        st = apply_base(doc, base, opt, err);
    xmlFreeDoc(dom);
    if (st != GL_OK) {
        gl_doc_free(doc);
        return st;
    }
    *out = doc;
    return GL_OK;
}

gl_status gl_html_map_fragment(gl_doc *doc, gl_node *parent, const char *html, size_t len,
                               const gl_input *in, unsigned long line, const gl_options *opt,
                               gl_error *err) {
    gl_options defaults;
    if (!opt) {
        gl_options_init(&defaults);
        opt = &defaults;
    }
    gl_global_init();
    builder b;
    builder_init(&b, doc, in, opt, err);
    b.line_offset = line ? (long)line - 1 : 0;
    b.warn_drops = true;
    if (parent->type == GL_NODE_LIST) {
        b.c.list = parent;
    } else if (parent->type == GL_NODE_TABLE) {
        b.c.table = parent;
    } else if (gl_node_can_contain(parent->type, GL_NODE_PARAGRAPH)) {
        b.c.block = parent;
    } else if (gl_node_can_contain(parent->type, GL_NODE_TEXT)) {
        b.c.para = parent;
        b.has_content = parent->first_child != NULL;
        for (const gl_node *a = parent; a; a = a->parent)
            b.c.para_in_link = b.c.para_in_link || a->type == GL_NODE_LINK;
    } else {
        builder_free(&b);
        return gl_fail(err, GL_EINVAL, line, "cannot map HTML under a %s",
                       gl_node_type_name(parent->type));
    }
    /* Fragments come from a document already decoded to UTF-8; clean them
     * all the same, as the caller's bytes are not ours to trust. */
    gl_buf utf8;
    gl_buf_init(&utf8, b.alloc, 0);
    gl_utf8_report rep;
    gl_status st = gl_utf8_clean(&utf8, html, len, &rep);
    if (st != GL_OK)
        st = gl_fail(err, GL_ENOMEM, line, "out of memory reading raw HTML");
    xmlDoc *dom = NULL;
    if (st == GL_OK) {
        dom = parse(gl_buf_cstr(&utf8), utf8.len, line, b.alloc, err);
        if (!dom)
            st = err ? err->status : GL_EPARSE;
    }
    gl_buf_free(&utf8);
    const xmlNode *root = dom ? xmlDocGetRootElement(dom) : NULL;
    const xmlNode *body = child_named(root, "body");
    bool inline_parent = b.c.para == parent;
    /* libxml2 moves <script>, <style>, <title>... at the start into <head>. */
    const xmlNode *head = child_named(root, "head");
    for (const xmlNode *c = head ? head->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            gl_warnf(opt, in->name, line_of(&b, c), "dropped <%s> element", c->name);
    for (const xmlNode *n = body ? body->children : NULL; n && st == GL_OK; n = n->next) {
        walk(&b, n);
        st = b.st;
    }
    if (st == GL_OK) {
        if (inline_parent)
            flush_code(&b, NULL);
        else
            close_para(&b, NULL);
        st = b.st;
    }
    builder_free(&b);
    xmlFreeDoc(dom);
    return st;
}
