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
#include "readers/html_refs.h"
#include "readers/html_repair.h"
#include "readers/html_elem.h"
#include "readers/html_article.h"
#include "readers/code_text.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/url.h"
#include "util/vec.h"
#include "options.h"

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
    gl_code_tally para_code; /* punctuation of the open inline container's text */
    bool keep_code_text;     /* the page shows code: no paragraph is dropped as code */
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
        memset(&b->para_code, 0, sizeof b->para_code);
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
        gl_code_tally_add(&b->para_code, s, len);
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
    /* One text node of script source in a paragraph of prose (issue 16). */
    gl_code_tally node_code = {0};
    if (!b->keep_code_text)
        gl_code_tally_add(&node_code, b->run.data, b->run.len);
    if (b->run.len && !gl_code_tally_is_code(&node_code))
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
    /* Script source shown as text (a start tag lost from the saved page, a
     * script the parser ended early) must never reach an output (issue 16). */
    if (p && p->type == GL_NODE_PARAGRAPH && !b->keep_code_text &&
        gl_code_tally_is_code(&b->para_code))
        gl_node_unlink(p);
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
    if (!gl_html_image_src(n, &url, &len) || !gl_url_allowed(url, len, true)) {
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

/* What a block element `n` of kind `k` does on entry where blocks fit. */
static action enter_block(builder *b, const xmlNode *n, gl_html_kind k, frame *f, bool *descend) {
    switch (k) {
    case GL_HK_P:
    case GL_HK_HEADING: {
        begin_block(b, f, n);
        gl_node *blk = get_block(b, n);
        gl_node *p = add(b, blk, k == GL_HK_P ? GL_NODE_PARAGRAPH : GL_NODE_HEADING, n);
        if (!p)
            return A_NONE;
        if (k == GL_HK_HEADING) {
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
        return k == GL_HK_P ? A_PARA : A_HEADING;
    }
    case GL_HK_LIST: {
        begin_block(b, f, n);
        gl_node *l = add(b, get_block(b, n), GL_NODE_LIST, n);
        if (!l)
            return A_NONE;
        l->ordered = strcmp((const char *)n->name, "ol") == 0;
        l->tight = true;
        const char *start = l->ordered ? attr(n, "start") : NULL;
        if (start)
            gl_html_list_start(start, &l->start);
        f->node = l;
        b->c = (ctx){.list = l};
        return A_LIST;
    }
    case GL_HK_LI:
        if (!b->c.list)
            break;
        begin_block(b, f, n);
        f->node = add(b, b->c.list, GL_NODE_ITEM, n);
        b->c = (ctx){.block = f->node, .item = f->node};
        return f->node ? A_ITEM : A_NONE;
    case GL_HK_QUOTE:
        begin_block(b, f, n);
        f->node = add(b, get_block(b, n), GL_NODE_BLOCKQUOTE, n);
        b->c = (ctx){.block = f->node};
        return f->node ? A_QUOTE : A_NONE;
    case GL_HK_PRE:
        begin_block(b, f, n);
        b->in_pre = true;
        gl_buf_clear(&b->pre);
        b->pre_lang[0] = '\0';
        if (attr(n, "class"))
            gl_html_code_language(attr(n, "class"), b->pre_lang, sizeof b->pre_lang);
        return A_PRE;
    case GL_HK_HR:
        close_para(b, n);
        add(b, get_block(b, n), GL_NODE_THEMATIC_BREAK, n);
        *descend = false;
        return A_NONE;
    case GL_HK_TABLE:
        if (gl_html_layout_table(n))
            break;
        begin_block(b, f, n);
        f->node = add(b, get_block(b, n), GL_NODE_TABLE, n);
        /* Stray content outside cells lands after the table, in the same
         * block, as browsers' foster parenting puts it before. */
        b->c = (ctx){.block = f->saved.block, .list = f->saved.list, .table = f->node};
        return f->node ? A_TABLE : A_NONE;
    case GL_HK_ROWGROUP:
        if (!b->c.table)
            break;
        f->saved = b->c;
        b->c.head_cells = strcmp((const char *)n->name, "thead") == 0;
        return A_ROWGROUP;
    case GL_HK_TR:
        if (!b->c.table)
            break;
        begin_block(b, f, n);
        f->node = add(b, b->c.table, GL_NODE_TABLE_ROW, n);
        b->c.row = f->node;
        return f->node ? A_ROW : A_NONE;
    case GL_HK_CELL: {
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
        cell->align = gl_html_align(n);
        f->node = cell;
        b->c = (ctx){.para = cell};
        return A_CELL;
    }
    case GL_HK_FIGURE:
        begin_block(b, f, n);
        f->node = add(b, get_block(b, n), GL_NODE_FIGURE, n);
        b->c.figure = f->node;
        return f->node ? A_FIGURE : A_NONE;
    case GL_HK_FIGCAPTION:
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

/* Decides what element `n` does on entry; A_NONE with *descend false skips it. */
static action enter(builder *b, const xmlNode *n, frame *f, bool *descend) {
    gl_html_kind k = gl_html_kind_of(n);
    *descend = false;
    if (k == GL_HK_INPUT && b->c.item && b->c.item->task == GL_TASK_NONE) {
        const char *type = attr(n, "type");
        if (type && gl_dom_eq_ci(type, strlen(type), "checkbox"))
            b->c.item->task = attr(n, "checked") ? GL_TASK_DONE : GL_TASK_OPEN;
    }
    if (k == GL_HK_FORM)
        k = gl_html_form_wraps_prose(n) ? GL_HK_BLOCK : GL_HK_SKIP;
    if (k == GL_HK_SKIP || k == GL_HK_INPUT || gl_html_is_hidden(n)) {
        if (b->warn_drops && k != GL_HK_INPUT)
            gl_warnf(b->opt, b->in->name, line_of(b, n), "dropped <%s> element", n->name);
        return A_NONE;
    }
    *descend = true;
    if (b->in_pre) {
        if (k == GL_HK_BR)
            line_break(b, n);
        else if (k == GL_HK_CODE && !b->pre_lang[0] && attr(n, "class"))
            gl_html_code_language(attr(n, "class"), b->pre_lang, sizeof b->pre_lang);
        return A_NONE;
    }
    switch (k) {
    case GL_HK_INLINE:
    case GL_HK_VOID:
        return A_NONE;
    case GL_HK_BR:
        line_break(b, n);
        return A_NONE;
    case GL_HK_IMG:
        image(b, n);
        return A_NONE;
    case GL_HK_EMPH:
    case GL_HK_STRONG:
    case GL_HK_STRIKE:
    case GL_HK_SUP:
    case GL_HK_SUB: {
        static const gl_node_type types[] = {GL_NODE_EMPH, GL_NODE_STRONG, GL_NODE_STRIKE,
                                             GL_NODE_SUPERSCRIPT, GL_NODE_SUBSCRIPT};
        flush_code(b, n);
        push_inline(b, types[k - GL_HK_EMPH], n);
        return A_INLINE;
    }
    case GL_HK_A: {
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
    case GL_HK_CODE:
        flush_code(b, n);
        push_inline(b, GL_NODE_CODE, n);
        b->code_depth++;
        return A_CODE;
    default:
        break;
    }
    /* Everything below is a block of some sort. */
    if (!block_ok(b)) {
        if (k == GL_HK_PRE) { /* where only inlines fit, <pre> is code */
            flush_code(b, n);
            push_inline(b, GL_NODE_CODE, n);
            b->code_depth++;
            return A_CODE;
        }
        if (k == GL_HK_HR) {
            *descend = false;
            return A_NONE;
        }
        note_space(b);
        return A_BOUNDARY;
    }
    return enter_block(b, n, k, f, descend);
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

/* HTML_PARSE_RECOVER makes a <script> or <style> end at its own end tag,
 * as the HTML standard says; without it libxml2 2.9 ends one at the first
 * "</" and a letter, so a script holding the string "</div>" spills the
 * rest of its source into the page as text (issue 16). */
static const int parse_options = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                 HTML_PARSE_NOWARNING | XML_PARSE_HUGE | HTML_PARSE_IGNORE_ENC;

/* Parses with parse_options, or with `lenient` without recovery (see
 * extract_lenient). */
static xmlDoc *parse(const char *text, size_t len, unsigned long line, const gl_allocator *alloc,
                     bool lenient, gl_error *err) {
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
    /* HTML5 references libxml2 2.9 does not decode ("javascript&colon;"),
     * and DOCTYPE subsets it would print as text (issue 14 item 8). */
    gl_buf fixed;
    gl_buf_init(&fixed, alloc, 0);
    if (gl_html_fix_refs(&fixed, text, len))
        text = fixed.data, len = fixed.len;
    htmlParserCtxtPtr ctxt = len > INT_MAX || fixed.status != GL_OK ? NULL : htmlNewParserCtxt();
    if (!ctxt) {
        if (len > INT_MAX)
            gl_fail(err, GL_ELIMIT, line, "the decoded page is over 2 GB, more than libxml2 reads");
        else
            gl_fail(err, GL_ENOMEM, line, "out of memory starting the HTML parser");
        gl_buf_free(&fixed);
        gl_buf_free(&bounded);
        return NULL;
    }
    /* "UTF-8" and IGNORE_ENC: we decoded already, libxml2 must not re-guess
     * from a <meta charset> that described the bytes before decoding. */
    int options = lenient ? parse_options & ~HTML_PARSE_RECOVER : parse_options;
    xmlDoc *dom = htmlCtxtReadMemory(ctxt, text, (int)len, NULL, "UTF-8", options);
    if (!dom) {
        const xmlError *e = xmlCtxtGetLastError(ctxt);
        gl_fail(err, e && e->code == XML_ERR_NO_MEMORY ? GL_ENOMEM : GL_EPARSE, line,
                "libxml2 could not parse this HTML%s%s", e && e->message ? ": " : "",
                e && e->message ? e->message : "");
    } else {
        gl_html_join_roots(dom);
    }
    htmlFreeParserCtxt(ctxt);
    gl_buf_free(&fixed);
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

/* A page whose markup is damaged where a script starts (its start tag cut
 * short, so that the script runs on to a later </script> and swallows the
 * story) has no article under the standard parse. libxml2's lenient rule,
 * a script ends at the first "</" and a letter, then reads the story as
 * the browsers of the page's time did: the page is parsed again that way
 * when the standard parse finds no article, and the second parse is kept
 * when it finds one (its byline element stays: the metadata was read from
 * the first). The code guard drops what the lenient rule spills of other
 * scripts. */
static gl_status extract_lenient(xmlDoc **dom, gl_extract *x, const gl_buf *utf8,
                                 const gl_options *opt, gl_error *err) {
    gl_error perr;
    gl_error_init(&perr, NULL);
    xmlDoc *d = parse(gl_buf_cstr(utf8), utf8->len, 0, gl_allocator_of(opt), true, &perr);
    if (!d)
        return perr.status == GL_ENOMEM ? gl_fail(err, GL_ENOMEM, 0, "%s", perr.message) : GL_OK;
    xmlNode *body = (xmlNode *)child_named(xmlDocGetRootElement(d), "body");
    gl_extract y;
    gl_status st = body ? gl_extract_article(&y, body, opt, err) : GL_OK;
    if (!body || st != GL_OK || y.fallback) {
        if (body)
            gl_extract_free(&y, opt);
        xmlFreeDoc(d);
        return st;
    }
    gl_extract_free(x, opt);
    xmlFreeDoc(*dom);
    *dom = d;
    *x = y;
    return GL_OK;
}

gl_status gl_read_html(gl_doc **out, const gl_input *in, const gl_options *opt, gl_error *err) {
    gl_options defaults;
    opt = gl_options_or_defaults(opt, &defaults);
    *out = NULL;
    gl_global_init();
    gl_buf utf8;
    gl_buf_init(&utf8, gl_allocator_of(opt), 0);
    gl_status st = gl_html_decode(&utf8, in, opt, NULL, err);
    xmlDoc *dom = NULL;
    if (st == GL_OK) {
        dom = parse(gl_buf_cstr(&utf8), utf8.len, 0, gl_allocator_of(opt), false, err);
        if (!dom)
            st = err ? err->status : GL_EPARSE;
    }
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
        /* The body alone: <head> holds metadata, read above. */
        xmlNode *body = (xmlNode *)child_named(root, "body");
        bool extract = !opt->whole_page;
        gl_extract x = {.fallback = true};
        if (extract) {
            /* a page all inside a damaged <head> script has no <body> */
            if (body)
                st = gl_extract_article(&x, body, opt, err);
            /* Past the memory limit the page is lost: no second parse. */
            if (st == GL_OK && x.fallback && !gl_budget_watched_exceeded())
                st = extract_lenient(&dom, &x, &utf8, opt, err);
            if (st == GL_OK && x.count)
                gl_extract_report(opt, in, &x);
            root = xmlDocGetRootElement(dom);
        }
        builder b;
        builder_init(&b, doc, in, opt, err);
        b.c.block = gl_doc_root_mut(doc);
        b.keep_code_text = gl_code_page_shows_code(root);
        /* x.count is 0 only when the page has no body and the lenient parse
         * found no article: `body` and `root` are then the first parse's */
        if (!extract || x.count == 0)
            walk(&b, body ? body : root);
        for (size_t i = 0; extract && st == GL_OK && i < x.count && b.st == GL_OK; i++) {
            walk(&b, x.roots[i]);
            close_para(&b, NULL);
        }
        if (extract)
            gl_extract_free(&x, opt);
        close_para(&b, NULL);
        if (st == GL_OK)
            st = b.st;
        builder_free(&b);
        if (st == GL_OK && !opt->whole_page)
            gl_html_drop_title_heading(doc);
    }
    gl_buf_free(&utf8);
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
    opt = gl_options_or_defaults(opt, &defaults);
    gl_global_init();
    builder b;
    builder_init(&b, doc, in, opt, err);
    b.line_offset = line ? (long)line - 1 : 0;
    b.warn_drops = true;
    b.keep_code_text = true; /* a Markdown author's own HTML: nothing leaked into it */
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
        dom = parse(gl_buf_cstr(&utf8), utf8.len, line, b.alloc, false, err);
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
