/* The XHTML writer: one well-formed XHTML5 document (polyglot enough to be an
 * EPUB 3 content document). A first walk gives every heading, footnote and
 * footnote reference a unique id that is a valid NCName (XML Namespaces §3,
 * what xml:id and epubcheck want), headings by tree/ids.c's rule, the one
 * every reader follows too; a second walk renders, cmark-style, one
 * block a line. Footnote definitions are collected into a section at the end. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "writers/writers.h"
#include "writers/xhtml.h"
#include "tree/ids.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/lang.h"
#include "util/localfile.h"
#include "util/date.h"
#include "util/error.h"
#include "util/url.h"
#include "util/escape.h"
#include "util/sink.h"
#include "util/strmap.h"
#include "util/utf8.h"
#include "util/vec.h"

static const char style_sheet[] =
    "body{margin:0 auto;max-width:40em;padding:0 1em;line-height:1.5;font-family:serif}"
    "img{max-width:100%;height:auto}pre{overflow-x:auto}"
    "table{border-collapse:collapse}th,td{border:1px solid #999;padding:.2em .5em}"
    ".byline,.date,.site,.source{margin:.2em 0;font-style:italic}";

/* What tells the XHTML of an EPUB and a standalone page from the HTML5 page
 * of -t html (writers/html.c), which is the same document in the text/html
 * syntax: no XML declaration or namespaces, void elements without a slash,
 * DPUB-ARIA roles where EPUB has epub:type, a viewport for small screens. */
typedef struct flavor {
    bool html;
    const char *slash; /* closes a void element: "/" in XML, nothing in HTML */
    const char *noteref, *endnotes, *endnote; /* attributes of notes and their section */
    const char *style_sheet;                  /* inlined when not a book's chapter */
} flavor;

static const flavor xhtml_flavor = {
    false,      "/", " epub:type=\"noteref\"", " epub:type=\"endnotes\"", " epub:type=\"endnote\"",
    style_sheet};

/* The id given to a heading or a footnote reference. */
typedef struct node_id {
    uintptr_t node;
    size_t id; /* pool offset */
} node_id;

typedef struct note {
    const gl_node *def;
    size_t id;      /* pool offset of "fn-..." */
    size_t number;  /* 1-based, by first reference, then document order */
    size_t backref; /* pool offset + 1 of the first reference's id; 0: never referenced */
} note;

typedef struct writer {
    const gl_allocator *alloc;
    gl_buf out;
    gl_buf pool;      /* every id and key, NUL-terminated */
    gl_buf scratch;   /* an id being built */
    bool nomem;       /* one of our own allocations failed */
    gl_strmap ids;    /* id -> last numeric suffix tried for it */
    gl_strmap labels; /* footnote label -> index in notes (the first definition wins) */
    node_id *nids;
    size_t nnids, nids_cap;
    note *notes;
    size_t nnotes, notes_cap;
    size_t *order; /* note indexes by number */
    enum { SECTION_NONE, SECTION_HEAD, SECTION_BODY } table_section;
    bool in_link;                    /* inside a rendered <a>, which may not hold another */
    const gl_node *open_link;        /* the LINK whose <a> is open, or NULL */
    const gl_xhtml_chapter *chapter; /* EPUB chapter hooks, or NULL */
    const flavor *flavor;
    int heading;         /* the level of the heading being written */
    int outline[6];      /* html: the source levels of the open sections, outermost first */
    int sections, top;   /* how many are open; the level below the title's h1 */
    gl_local_refs local; /* outside a book: where local images may lead */
} writer;

/* Makes room for `need` elements in the array at `arr_at`. */
static bool grow(writer *w, void *arr_at, size_t *cap, size_t need, size_t elem) {
    if (gl_vec_grow(w->alloc, arr_at, cap, need, elem) == GL_OK)
        return true;
    w->nomem = true;
    return false;
}

/* Adds `s` to `m` with `val` unless there; false when out of memory. */
static bool map_put(writer *w, gl_strmap *m, const char *s, size_t len, size_t val, size_t **at,
                    bool *added) {
    if (gl_strmap_put(m, s, len, val, at, added) == GL_OK)
        return true;
    w->nomem = true;
    return false;
}

/* Copies s[0..len) and a NUL into the pool; its offset, or SIZE_MAX. */
static size_t keep(writer *w, const char *s, size_t len) {
    size_t off = w->pool.len;
    gl_buf_append(&w->pool, s, len);
    if (gl_buf_putc(&w->pool, '\0') != GL_OK) {
        w->nomem = true;
        return SIZE_MAX;
    }
    return off;
}

/* Reserves the id in w->scratch, or that id with the first free "-2", "-3"...
 * suffix. The base remembers its last suffix, so n equal headings cost O(n).
 * Returns the id's pool offset, or SIZE_MAX when out of memory. */
static size_t claim_id(writer *w) {
    if (gl_id_claim(&w->ids, &w->scratch) != GL_OK) {
        w->nomem = true;
        return SIZE_MAX;
    }
    return keep(w, w->scratch.data, w->scratch.len);
}

/* ---- ids ---- */

static void add_node_id(writer *w, const gl_node *n, size_t id) {
    if (id == SIZE_MAX || !grow(w, &w->nids, &w->nids_cap, w->nnids + 1, sizeof *w->nids))
        return;
    w->nids[w->nnids++] = (node_id){(uintptr_t)n, id};
}

static int cmp_node_id(const void *a, const void *b) {
    uintptr_t x = ((const node_id *)a)->node, y = ((const node_id *)b)->node;
    return x < y ? -1 : x > y;
}

/* The id given to `n` in assign_ids; NULL when it has none. */
static const char *id_of(const writer *w, const gl_node *n) {
    if (w->nnids == 0)
        return NULL;
    node_id key = {(uintptr_t)n, 0};
    const node_id *hit = bsearch(&key, w->nids, w->nnids, sizeof key, cmp_node_id);
    return hit ? w->pool.data + hit->id : NULL;
}

/* The note a reference's label points to, or NULL. */
static note *note_of(writer *w, const char *label) {
    if (!label)
        return NULL;
    size_t i;
    return gl_strmap_get(&w->labels, label, strlen(label), &i) ? &w->notes[i] : NULL;
}

/* Appends `n` to a growing list of nodes. */
typedef struct node_list {
    const gl_node **items;
    size_t count, cap;
} node_list;

static void collect(writer *w, node_list *l, const gl_node *n) {
    if (grow(w, &l->items, &l->cap, l->count + 1, sizeof *l->items))
        l->items[l->count++] = n;
}

/* Gives ids, in document order: first the headings' own ids (so a generated
 * one never takes an author's), then the footnotes, then generated heading
 * ids, then the references. Numbers the notes by first reference. */
static void assign_ids(writer *w, const gl_doc *doc) {
    node_list heads = {NULL, 0, 0}, refs = {NULL, 0, 0};
    gl_iter it;
    gl_iter_init(&it, gl_doc_root(doc));
    while (!w->nomem && gl_iter_next(&it) != GL_EVENT_NONE) {
        const gl_node *n = it.node;
        if (it.event != GL_EVENT_ENTER)
            continue;
        if (n->type == GL_NODE_HEADING) {
            collect(w, &heads, n);
        } else if (n->type == GL_NODE_FOOTNOTE_REF) {
            collect(w, &refs, n);
        } else if (n->type == GL_NODE_FOOTNOTE_DEF) {
            if (grow(w, &w->notes, &w->notes_cap, w->nnotes + 1, sizeof *w->notes))
                w->notes[w->nnotes++] = (note){n, 0, 0, 0};
        }
    }
    for (size_t i = 0; i < heads.count && !w->nomem; i++) {
        const gl_node *h = heads.items[i];
        if (!h->info || !*h->info)
            continue;
        gl_id_of_heading(h, &w->scratch);
        add_node_id(w, h, claim_id(w));
    }
    for (size_t i = 0; i < w->nnotes && !w->nomem; i++) {
        note *t = &w->notes[i];
        const char *label = t->def->info ? t->def->info : "";
        int state = 0;
        map_put(w, &w->labels, label, strlen(label), i, NULL, NULL); /* the first one wins */
        gl_buf_clear(&w->scratch);
        gl_buf_puts(&w->scratch, "fn-");
        gl_id_append_name(&w->scratch, label, strlen(label), false, GL_ID_MAX, &state);
        if (w->scratch.len == 3)
            gl_buf_puts(&w->scratch, "note");
        t->id = claim_id(w);
    }
    for (size_t i = 0; i < heads.count && !w->nomem; i++) {
        const gl_node *h = heads.items[i];
        if (h->info && *h->info)
            continue;
        gl_id_of_heading(h, &w->scratch);
        add_node_id(w, h, claim_id(w));
    }
    size_t next = 1;
    for (size_t i = 0; i < refs.count && !w->nomem; i++) {
        note *t = note_of(w, refs.items[i]->info);
        if (!t)
            continue;
        if (!t->number)
            t->number = next++;
        gl_buf_clear(&w->scratch);
        gl_buf_puts(&w->scratch, "fnref-");
        gl_buf_puts(&w->scratch, w->pool.data + t->id + 3);
        size_t id = claim_id(w);
        if (!t->backref && id != SIZE_MAX)
            t->backref = id + 1;
        add_node_id(w, refs.items[i], id);
    }
    gl_free(w->alloc, heads.items);
    gl_free(w->alloc, refs.items);
    if (w->nomem)
        return;
    for (size_t i = 0; i < w->nnotes; i++)
        if (!w->notes[i].number)
            w->notes[i].number = next++;
    w->order = gl_malloc_array(w->alloc, w->nnotes ? w->nnotes : 1, sizeof *w->order);
    if (!w->order) {
        w->nomem = true;
        return;
    }
    for (size_t i = 0; i < w->nnotes; i++)
        w->order[w->notes[i].number - 1] = i;
    if (w->nnids > 1)
        qsort(w->nids, w->nnids, sizeof *w->nids, cmp_node_id);
}

/* ---- output helpers ---- */

/* Starts a new line unless at the start of one (cmark's cr()). */
static void cr(gl_buf *b) {
    if (b->len > 0 && b->data[b->len - 1] != '\n')
        gl_buf_putc(b, '\n');
}

static void text(gl_buf *b, const char *s) { gl_escape_xml(b, s, strlen(s), false); }

/* `open`, `s` as text, `close`: one line of the title block. */
static void text_line(gl_buf *b, const char *open, const char *s, const char *close) {
    gl_buf_puts(b, open);
    text(b, s);
    gl_buf_puts(b, close);
}

static void attr(gl_buf *b, const char *name, const char *value) {
    gl_buf_printf(b, " %s=\"", name);
    gl_escape_xml(b, value, strlen(value), true);
    gl_buf_putc(b, '"');
}

/* An href or src. A page (the html flavour) gives validators URLs as the URL
 * Standard writes them: blanks, controls and the characters it never leaves
 * bare are percent-encoded (browsers read both forms alike). An EPUB keeps
 * them as the tree has them. */
static void url_attr(writer *w, const char *name, const char *url) {
    gl_buf *b = &w->out;
    if (!w->flavor->html) {
        attr(b, name, url);
        return;
    }
    gl_buf_printf(b, " %s=\"", name);
    for (const char *p = url; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c <= ' ' || c == 0x7F || strchr("\"<>\\^`{|}", c))
            gl_buf_printf(b, "%%%02X", c);
        else if (c == '&')
            gl_buf_puts(b, "&amp;");
        else
            gl_buf_putc(b, (char)c);
    }
    gl_buf_putc(b, '"');
}

/* Only allowlisted URLs (util/url.h) become href or src, whoever built the
 * tree: javascript:, file:, data:text/html and the like never reach a reader's
 * browser; images may be data:image/png or data:image/jpeg. */
static bool safe_url(const char *url, bool image) {
    return url && gl_url_allowed(url, strlen(url), image);
}

/* The src an image or figure gets: its own URL when safe, or in a chapter
 * what the book's hook says; NULL to show the alt text instead. Outside a
 * book nothing is embedded, but a document opened from a disk still must
 * not point at /etc/passwd, a "../" file or a UNC share: a local image
 * keeps its src only at or below the input's folder, as the EPUB and PDF
 * writers embed one (issue 14 item 8). */
static const char *image_src(writer *w, const gl_node *n) {
    if (!safe_url(n->url, true))
        return NULL;
    if (w->chapter)
        return w->chapter->image_src(w->chapter->userdata, n);
    bool nomem = false;
    bool ok = gl_local_refs_image_ok(&w->local, n->url, n->line, &nomem);
    w->nomem = w->nomem || nomem;
    return ok ? n->url : NULL;
}

/* Whether a link keeps its <a>. In a chapter, a fragment must name an id of
 * the chapter (epubcheck RSC-012) and other URLs must please the hook. */
static bool keep_link(const writer *w, const char *url) {
    if (!safe_url(url, false))
        return false;
    if (!w->chapter)
        return true;
    if (url[0] == '#')
        return gl_strmap_get(&w->ids, url + 1, strlen(url + 1), NULL);
    return w->chapter->keep_link(w->chapter->userdata, url);
}

/* Reads exactly `n` digits whose value lies in [min, max]. */
static bool digits(const char **p, int n, int min, int max) {
    int v = 0;
    for (int i = 0; i < n; i++, (*p)++) {
        if (**p < '0' || **p > '9')
            return false;
        v = v * 10 + (**p - '0');
    }
    return v >= min && v <= max;
}

/* Whether `s` is one of the HTML datetime forms (HTML §2.3.5) a reader
 * states: YYYY, YYYY-MM, YYYY-MM-DD, optionally with a time
 * (hh:mm[:ss[.fff]]) and an offset (Z, +hh:mm, +hhmm). */
static bool datetime_ok(const char *s) {
    const char *p = s;
    if (!digits(&p, 4, 1, 9999))
        return false;
    if (!*p)
        return true;
    if (*p++ != '-' || !digits(&p, 2, 1, 12))
        return false;
    if (!*p)
        return true;
    if (*p++ != '-' || !digits(&p, 2, 1, 31))
        return false;
    if (!*p)
        return true;
    if ((*p != 'T' && *p != ' ') || (p++, !digits(&p, 2, 0, 23)) || *p++ != ':' ||
        !digits(&p, 2, 0, 59))
        return false;
    if (*p == ':') {
        p++;
        if (!digits(&p, 2, 0, 59))
            return false;
        if (*p == '.') {
            int n = 0;
            for (p++; *p >= '0' && *p <= '9'; p++)
                n++;
            if (n < 1 || n > 3)
                return false;
        }
    }
    if (*p == 'Z')
        return p[1] == '\0';
    if (*p == '+' || *p == '-') {
        p++;
        if (!digits(&p, 2, 0, 23))
            return false;
        if (*p == ':')
            p++;
        return digits(&p, 2, 0, 59) && *p == '\0';
    }
    return *p == '\0';
}

/* ---- rendering ---- */

static const char *const inline_tags[GL_NODE_TYPE_COUNT] = {
    [GL_NODE_EMPH] = "em",         [GL_NODE_STRONG] = "strong", [GL_NODE_STRIKE] = "del",
    [GL_NODE_SUPERSCRIPT] = "sup", [GL_NODE_SUBSCRIPT] = "sub",
};

/* A heading's level: the source's in an EPUB; in a page, its depth among
 * the headings around it, below the title's h1, so that no level is skipped
 * (HTML §4.3.11's outline, which the Nu checker holds pages to): the
 * headings h2, h4, h4, h3 of a page become h2, h3, h3, h3. */
static int heading_level(writer *w, const gl_node *n) {
    int level = n->level < 1 ? 1 : n->level > 6 ? 6 : n->level;
    if (w->flavor->html) {
        while (w->sections && w->outline[w->sections - 1] >= level)
            w->sections--;
        w->outline[w->sections++] = level;
        level = w->top + w->sections - 1;
        level = level > 6 ? 6 : level;
    }
    w->heading = level;
    return level;
}

static bool in_tight_item(const gl_node *p) {
    return p->parent && p->parent->type == GL_NODE_ITEM && p->parent->parent &&
           p->parent->parent->tight;
}

/* A check box character rather than <input>: EPUB readers show it, and
 * epubcheck has no form rules to trip over. */
static void task_mark(gl_buf *b, const gl_node *item) {
    gl_buf_puts(b, item->task == GL_TASK_DONE ? "\xE2\x98\x91 " : "\xE2\x98\x90 ");
}

static bool all_header(const gl_node *row) {
    for (const gl_node *c = row->first_child; c; c = c->next)
        if (!c->header)
            return false;
    return row->first_child != NULL;
}

static void close_section(writer *w) {
    if (w->table_section == SECTION_HEAD)
        gl_buf_puts(&w->out, "</thead>\n");
    else if (w->table_section == SECTION_BODY)
        gl_buf_puts(&w->out, "</tbody>\n");
    w->table_section = SECTION_NONE;
}

static void backlink(writer *w, const note *t) {
    gl_buf_puts(&w->out, " <a");
    gl_buf_printf(&w->out, " href=\"#%s\"", w->pool.data + t->backref - 1);
    gl_buf_puts(&w->out, " class=\"footnote-back\">\xE2\x86\xA9</a>");
}

/* An <img> of the image or figure `n` from `src`, then `after`. */
static void img(writer *w, const gl_node *n, const char *src, const char *after) {
    gl_buf *b = &w->out;
    gl_buf_puts(b, "<img");
    url_attr(w, "src", src);
    attr(b, "alt", n->text ? n->text : "");
    if (n->title)
        attr(b, "title", n->title);
    gl_buf_printf(b, "%s>%s", w->flavor->slash, after);
}

static void enter_figure(writer *w, const gl_node *n) {
    gl_buf *b = &w->out;
    const char *src = image_src(w, n);
    cr(b);
    gl_buf_puts(b, "<figure>\n");
    if (!src && n->text && n->text_len) {
        gl_buf_puts(b, "<p>");
        gl_escape_xml(b, n->text, n->text_len, false);
        gl_buf_puts(b, "</p>\n");
    }
    if (src)
        img(w, n, src, "\n");
    if (n->first_child)
        gl_buf_puts(b, "<figcaption>");
}

static void enter_table_row(writer *w, const gl_node *n) {
    gl_buf *b = &w->out;
    bool head = all_header(n);
    if (w->table_section == SECTION_HEAD && !head)
        close_section(w);
    if (w->table_section == SECTION_NONE) {
        w->table_section = head ? SECTION_HEAD : SECTION_BODY;
        gl_buf_puts(b, head ? "<thead>\n" : "<tbody>\n");
    }
    gl_buf_puts(b, "<tr>\n");
}

/* A reference inside a link cannot be a link itself: it keeps its id only. */
static void enter_footnote_ref(writer *w, const gl_node *n) {
    gl_buf *b = &w->out;
    const note *t = note_of(w, n->info);
    const char *id = id_of(w, n);
    if (t && id && w->in_link) {
        gl_buf_printf(b, "<sup id=\"%s\">%zu</sup>", id, t->number);
    } else if (t && id) {
        gl_buf_printf(b, "<sup><a href=\"#%s\" id=\"%s\"%s>%zu</a></sup>", w->pool.data + t->id, id,
                      w->flavor->noteref, t->number);
    } else {
        gl_buf_puts(b, "<sup>[");
        text(b, n->info ? n->info : "");
        gl_buf_puts(b, "]</sup>");
    }
}

static void enter(writer *w, const gl_node *n) {
    gl_buf *b = &w->out;
    if (inline_tags[n->type]) {
        gl_buf_printf(b, "<%s>", inline_tags[n->type]);
        return;
    }
    switch (n->type) {
    case GL_NODE_HEADING: {
        int level = heading_level(w, n);
        const char *id = id_of(w, n);
        cr(b);
        gl_buf_printf(b, "<h%d", level);
        if (id)
            attr(b, "id", id);
        if (id && w->chapter && w->chapter->heading)
            w->chapter->heading(w->chapter->userdata, n, id);
        gl_buf_putc(b, '>');
        break;
    }
    case GL_NODE_PARAGRAPH:
        if (!in_tight_item(n) || n->prev)
            cr(b);
        if (!in_tight_item(n))
            gl_buf_puts(b, "<p>");
        if (n->parent->type == GL_NODE_ITEM && n->parent->task && n->parent->first_child == n)
            task_mark(b, n->parent);
        break;
    case GL_NODE_LIST:
        cr(b);
        gl_buf_puts(b, n->ordered ? "<ol" : "<ul");
        if (n->ordered && n->start != 1)
            gl_buf_printf(b, " start=\"%ld\"", n->start);
        gl_buf_puts(b, ">\n");
        break;
    case GL_NODE_ITEM:
        cr(b);
        gl_buf_puts(b, "<li>");
        if (n->task && (!n->first_child || n->first_child->type != GL_NODE_PARAGRAPH))
            task_mark(b, n);
        if (!n->parent->tight)
            gl_buf_putc(b, '\n');
        break;
    case GL_NODE_BLOCKQUOTE:
        cr(b);
        gl_buf_puts(b, "<blockquote>\n");
        break;
    case GL_NODE_CODE_BLOCK:
        cr(b);
        gl_buf_puts(b, "<pre><code");
        if (n->info && *n->info) {
            size_t len = strcspn(n->info, " \t\n\r\f");
            gl_buf_puts(b, " class=\"language-");
            gl_escape_xml(b, n->info, len, true);
            gl_buf_putc(b, '"');
        }
        gl_buf_putc(b, '>');
        gl_escape_xml(b, n->text ? n->text : "", n->text ? n->text_len : 0, false);
        gl_buf_puts(b, "</code></pre>\n");
        break;
    case GL_NODE_THEMATIC_BREAK:
        cr(b);
        gl_buf_printf(b, "<hr%s>\n", w->flavor->slash);
        break;
    case GL_NODE_FIGURE:
        enter_figure(w, n);
        break;
    case GL_NODE_TABLE:
        cr(b);
        gl_buf_puts(b, "<table>\n");
        w->table_section = SECTION_NONE;
        break;
    case GL_NODE_TABLE_ROW:
        enter_table_row(w, n);
        break;
    case GL_NODE_TABLE_CELL:
        gl_buf_puts(b, n->header ? "<th" : "<td");
        if (n->align == GL_ALIGN_LEFT)
            gl_buf_puts(b, " style=\"text-align:left\"");
        else if (n->align == GL_ALIGN_CENTER)
            gl_buf_puts(b, " style=\"text-align:center\"");
        else if (n->align == GL_ALIGN_RIGHT)
            gl_buf_puts(b, " style=\"text-align:right\"");
        gl_buf_putc(b, '>');
        break;
    case GL_NODE_TEXT:
        gl_escape_xml(b, n->text ? n->text : "", n->text ? n->text_len : 0, false);
        break;
    case GL_NODE_CODE:
        gl_buf_puts(b, "<code>");
        gl_escape_xml(b, n->text ? n->text : "", n->text ? n->text_len : 0, false);
        gl_buf_puts(b, "</code>");
        break;
    case GL_NODE_LINK:
        if (keep_link(w, n->url)) {
            gl_buf_puts(b, "<a");
            url_attr(w, "href", n->url);
            if (n->title)
                attr(b, "title", n->title);
            gl_buf_putc(b, '>');
            w->in_link = true;
            w->open_link = n;
        }
        break;
    case GL_NODE_IMAGE: {
        const char *src = image_src(w, n);
        if (src)
            img(w, n, src, "");
        else if (n->text)
            gl_escape_xml(b, n->text, n->text_len, false);
        break;
    }
    case GL_NODE_FOOTNOTE_REF:
        enter_footnote_ref(w, n);
        break;
    case GL_NODE_LINE_BREAK:
        gl_buf_printf(b, "<br%s>\n", w->flavor->slash);
        break;
    default:
        break;
    }
}

static void leave(writer *w, const gl_node *n, const note *current) {
    gl_buf *b = &w->out;
    if (inline_tags[n->type]) {
        gl_buf_printf(b, "</%s>", inline_tags[n->type]);
        return;
    }
    switch (n->type) {
    case GL_NODE_HEADING:
        gl_buf_printf(b, "</h%d>\n", w->heading);
        break;
    case GL_NODE_PARAGRAPH:
        /* The way back sits at the end of a note's last paragraph (pandoc). */
        if (current && current->backref && n->parent == current->def && !n->next)
            backlink(w, current);
        if (!in_tight_item(n))
            gl_buf_puts(b, "</p>\n");
        break;
    case GL_NODE_LIST:
        cr(b);
        gl_buf_puts(b, n->ordered ? "</ol>\n" : "</ul>\n");
        break;
    case GL_NODE_ITEM:
        gl_buf_puts(b, "</li>\n");
        break;
    case GL_NODE_BLOCKQUOTE:
        cr(b);
        gl_buf_puts(b, "</blockquote>\n");
        break;
    case GL_NODE_FIGURE:
        if (n->first_child)
            gl_buf_puts(b, "</figcaption>\n");
        gl_buf_puts(b, "</figure>\n");
        break;
    case GL_NODE_TABLE:
        close_section(w);
        gl_buf_puts(b, "</table>\n");
        break;
    case GL_NODE_TABLE_ROW:
        gl_buf_puts(b, "</tr>\n");
        break;
    case GL_NODE_TABLE_CELL:
        gl_buf_puts(b, n->header ? "</th>\n" : "</td>\n");
        break;
    case GL_NODE_LINK:
        if (w->open_link == n)
            gl_buf_puts(b, "</a>");
        w->open_link = NULL;
        w->in_link = false;
        break;
    default:
        break;
    }
}

/* Renders the children of `root` (the document, or a note when `current` is
 * set). Nested footnote definitions are skipped: they have their own entry. */
static void render_children(writer *w, const gl_node *root, const note *current) {
    gl_iter it;
    gl_iter_init(&it, root);
    while (gl_iter_next(&it) != GL_EVENT_NONE && w->out.status == GL_OK) {
        const gl_node *n = it.node;
        if (n == root)
            continue;
        if (n->type == GL_NODE_FOOTNOTE_DEF) {
            gl_iter_skip_children(&it);
            continue;
        }
        if (it.event == GL_EVENT_ENTER)
            enter(w, n);
        else
            leave(w, n, current);
    }
}

static void render_notes(writer *w) {
    gl_buf *b = &w->out;
    if (w->nnotes == 0)
        return;
    cr(b);
    gl_buf_printf(b, "<section class=\"footnotes\"%s>\n<ol>\n", w->flavor->endnotes);
    for (size_t i = 0; i < w->nnotes && b->status == GL_OK; i++) {
        const note *t = &w->notes[w->order[i]];
        gl_buf_printf(b, "<li id=\"%s\"%s>\n", w->pool.data + t->id, w->flavor->endnote);
        render_children(w, t->def, t);
        const gl_node *last = t->def->last_child;
        if (t->backref && (!last || last->type != GL_NODE_PARAGRAPH)) {
            cr(b);
            gl_buf_puts(b, "<p>");
            backlink(w, t);
            gl_buf_puts(b, "</p>\n");
        }
        cr(b);
        gl_buf_puts(b, "</li>\n");
    }
    gl_buf_puts(b, "</ol>\n</section>\n");
}

static void render_head(writer *w, const gl_doc *doc) {
    gl_buf *b = &w->out;
    const char *title = gl_doc_meta(doc, GL_META_TITLE);
    const char *byline = gl_doc_meta(doc, GL_META_BYLINE);
    const char *desc = gl_doc_meta(doc, GL_META_DESCRIPTION);
    const char *lang = gl_doc_meta(doc, GL_META_LANG);
    const char *slash = w->flavor->slash;
    if (w->flavor->html)
        gl_buf_puts(b, "<!DOCTYPE html>\n<html");
    else
        gl_buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html>\n"
                       "<html xmlns=\"http://www.w3.org/1999/xhtml\""
                       " xmlns:epub=\"http://www.idpf.org/2007/ops\"");
    /* An unknown language is left out rather than written "und": epubcheck
     * then falls back to the package's dc:language. */
    if (lang && gl_lang_tag_ok(lang)) {
        attr(b, "lang", lang);
        if (!w->flavor->html)
            attr(b, "xml:lang", lang);
    }
    gl_buf_printf(b, ">\n<head>\n<meta charset=\"utf-8\"%s>\n", slash);
    if (w->flavor->html)
        gl_buf_puts(b,
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    gl_buf_puts(b, "<title>");
    text(b, title ? title : "Untitled");
    gl_buf_puts(b, "</title>\n");
    if (byline) {
        gl_buf_puts(b, "<meta name=\"author\"");
        attr(b, "content", byline);
        gl_buf_printf(b, "%s>\n", slash);
    }
    if (desc) {
        gl_buf_puts(b, "<meta name=\"description\"");
        attr(b, "content", desc);
        gl_buf_printf(b, "%s>\n", slash);
    }
    if (w->chapter) {
        gl_buf_puts(b, "<link rel=\"stylesheet\" type=\"text/css\"");
        attr(b, "href", w->chapter->stylesheet);
        gl_buf_puts(b, "/>\n</head>\n<body>\n<article>\n");
    } else {
        gl_buf_printf(b, "<style>%s</style>\n</head>\n<body>\n<article>\n", w->flavor->style_sheet);
    }
}

static void render_header(writer *w, const gl_doc *doc) {
    gl_buf *b = &w->out;
    const char *title = gl_doc_meta(doc, GL_META_TITLE);
    const char *byline = gl_doc_meta(doc, GL_META_BYLINE);
    const char *date = gl_doc_meta(doc, GL_META_DATE);
    const char *date_text = gl_doc_meta(doc, GL_META_DATE_TEXT);
    const char *site = gl_doc_meta(doc, GL_META_SITE);
    const char *url = gl_doc_meta(doc, GL_META_URL);
    w->top = title ? 2 : 1;
    if (!title && !byline && !date && !date_text && !site && !url)
        return;
    gl_buf_puts(b, "<header>\n");
    if (title)
        text_line(b, "<h1>", title, "</h1>\n");
    if (byline)
        text_line(b, "<p class=\"byline\">", byline, "</p>\n");
    if (date || date_text) {
        gl_buf_puts(b, "<p class=\"date\">");
        /* <time> only with a machine-readable value: epubcheck checks it. */
        bool machine = date && datetime_ok(date);
        if (machine) {
            gl_buf_puts(b, "<time");
            attr(b, "datetime", date);
            gl_buf_putc(b, '>');
        }
        char shown[GL_DATE_SHOWN_MAX];
        text(b, gl_date_display(doc, shown));
        gl_buf_puts(b, machine ? "</time></p>\n" : "</p>\n");
    }
    if (site)
        text_line(b, "<p class=\"site\">", site, "</p>\n");
    if (url) {
        /* The source is a link only when it is a web address: a path, a
         * UNC name or a file: URL would point into the reader's own disk or
         * network, so it shows as text (issue 14 item 8). */
        gl_buf_puts(b, "<p class=\"source\">");
        if (gl_url_is_web(url)) {
            gl_buf_puts(b, "<a");
            url_attr(w, "href", url);
            gl_buf_putc(b, '>');
            text(b, url);
            gl_buf_puts(b, "</a>");
        } else {
            text(b, url);
        }
        gl_buf_puts(b, "</p>\n");
    }
    gl_buf_puts(b, "</header>\n");
}

const char *gl_xhtml_style_sheet(void) { return style_sheet; }

/* Renders the whole document into w->out, then hands it to `sink`, or, when
 * `sink` is NULL, to the caller through `out`. */
static gl_status render(const gl_doc *doc, const gl_xhtml_chapter *chapter, const flavor *syntax,
                        const gl_sink *sink, gl_buf *out, const gl_options *opt, gl_error *err) {
    writer w;
    memset(&w, 0, sizeof w);
    w.alloc = gl_allocator_of(opt);
    w.chapter = chapter;
    w.flavor = syntax;
    w.local.opt = opt;
    gl_buf_init(&w.out, w.alloc, 0);
    gl_buf_init(&w.pool, w.alloc, 0);
    gl_buf_init(&w.scratch, w.alloc, 0);
    gl_strmap_init(&w.ids, w.alloc, 0);
    gl_strmap_init(&w.labels, w.alloc, 0);
    assign_ids(&w, doc);
    gl_status st;
    if (w.nomem || w.pool.status != GL_OK) {
        st = gl_fail(err, GL_ENOMEM, 0, "out of memory while giving the XHTML ids");
    } else {
        render_head(&w, doc);
        render_header(&w, doc);
        render_children(&w, gl_doc_root(doc), NULL);
        render_notes(&w);
        cr(&w.out);
        gl_buf_puts(&w.out, "</article>\n</body>\n</html>\n");
        if (w.nomem) {
            st = gl_fail(err, GL_ENOMEM, 0, "out of memory while rendering the XHTML");
        } else if (sink) {
            st = gl_sink_flush_buf(sink, &w.out, err);
        } else {
            st = w.out.status;
            if (st == GL_ENOMEM)
                gl_fail(err, st, 0, "out of memory while rendering a chapter");
            else if (st != GL_OK)
                gl_fail(err, st, 0, "chapter larger than the limit of %zu bytes", w.out.max);
            else
                gl_buf_append(out, w.out.data, w.out.len);
            if (st == GL_OK && out->status != GL_OK)
                st = gl_fail(err, out->status, 0, "out of memory while rendering a chapter");
        }
    }
    gl_buf_free(&w.out);
    gl_buf_free(&w.pool);
    gl_buf_free(&w.scratch);
    gl_strmap_free(&w.ids);
    gl_strmap_free(&w.labels);
    gl_free(w.alloc, w.nids);
    gl_free(w.alloc, w.notes);
    gl_free(w.alloc, w.order);
    gl_local_refs_free(&w.local);
    return st;
}

gl_status gl_write_xhtml(const gl_doc *doc, const gl_sink *sink, const gl_options *opt,
                         gl_error *err) {
    return render(doc, NULL, &xhtml_flavor, sink, NULL, opt, err);
}

gl_status gl_xhtml_render_html(const gl_doc *doc, const char *css, const gl_sink *sink,
                               const gl_options *opt, gl_error *err) {
    const flavor html = {true, "", " role=\"doc-noteref\"", " role=\"doc-endnotes\"", "", css};
    return render(doc, NULL, &html, sink, NULL, opt, err);
}

gl_status gl_xhtml_render_chapter(const gl_doc *doc, const gl_xhtml_chapter *chapter, gl_buf *out,
                                  const gl_options *opt, gl_error *err) {
    return render(doc, chapter, &xhtml_flavor, NULL, out, opt, err);
}
