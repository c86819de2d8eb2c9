/* Books of several documents (issue 6's anthology). An EPUB stages each
 * chapter as it comes (writers/epub.c) and is put in order at the end. PDF
 * and text have no chapter structure of their own: each chapter's blocks are
 * moved (gl_node_graft, no node copied) into one combined document, behind a
 * heading with its title, byline and date; at the end the chapters are put
 * in order behind a table of contents and the combined document goes to the format's own writer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "galley/galley.h"
#include "util/alloc.h"
#include "util/date.h"
#include "util/error.h"
#include "modules/modules.h"
#include "writers/epub.h"
#include "writers/pdf_module.h"
#include "options.h"
#include "tree/graft.h"
#include "util/vec.h"

#define DEFAULT_TITLE "Collected articles"
/* A PDF book's contents page is laid out again until its page numbers stop
 * changing the pages they point to; a number one digit longer can at most
 * push the chapters on once more. */
#define MEASURE_PASSES 4

typedef struct entry {
    long long when; /* seconds since 1970, when dated */
    bool dated;
    char *path;    /* owned; NULL when none was given */
    char *title;   /* owned (PDF and text); NULL when none */
    size_t index;  /* order of gl_book_add */
    gl_node *body; /* PDF and text: a detached BLOCKQUOTE holding the chapter (only a holder) */
    char id[32];   /* PDF: its heading's id, which the contents page looks up */
    gl_node *page; /* PDF: the TEXT on the contents page with its page number */
} entry;

struct gl_book {
    const gl_writer_entry *writer;
    const gl_options *opt;
    const gl_allocator *alloc;
    gl_book_order order;
    char *title;
    gl_epub *epub;                     /* the EPUB being staged, or NULL */
    const gl_epub_module *epub_module; /* what made it: its book functions */
    gl_doc *doc;                       /* PDF and text: the combined document */
    gl_doc *meta;                      /* EPUB: the book's own metadata (gl_book_meta) */
    entry *entries;
    size_t count, cap;
    size_t notes; /* footnote labels are made unique per chapter */
};

gl_status gl_book_new(gl_book **out, const gl_writer_entry *writer, const char *title,
                      gl_book_order order, const gl_options *opt, gl_error *err) {
    *out = NULL;
    if (!writer || (strcmp(writer->name, "epub") != 0 && strcmp(writer->name, "pdf") != 0 &&
                    strcmp(writer->name, "text") != 0))
        return gl_fail(err, GL_EFORMAT, 0,
                       "a book of several articles can be epub, pdf or text, "
                       "not %s",
                       writer ? writer->name : "nothing");
    if (gl_options_check(opt, err) != GL_OK)
        return GL_EINVAL;
    const gl_allocator *a = gl_allocator_of(opt);
    gl_book *b = gl_malloc(a, sizeof *b);
    if (!b)
        return gl_fail(err, GL_ENOMEM, 0, "out of memory starting a book");
    memset(b, 0, sizeof *b);
    b->writer = writer;
    b->opt = opt;
    b->alloc = a;
    b->order = order;
    b->title = gl_strdup(a, title && *title ? title : DEFAULT_TITLE);
    gl_status st = b->title ? GL_OK : gl_fail(err, GL_ENOMEM, 0, "out of memory starting a book");
    if (st == GL_OK && strcmp(writer->name, "epub") == 0) {
        st = gl_module_get_epub(&b->epub_module, err);
        if (st == GL_OK)
            st = b->epub_module->book_new(&b->epub, opt, err);
        if (st == GL_OK)
            st = gl_doc_new(&b->meta, opt, err);
    } else if (st == GL_OK) {
        st = gl_doc_new(&b->doc, opt, err);
    }
    if (st != GL_OK) {
        gl_book_free(b);
        return st;
    }
    *out = b;
    return GL_OK;
}

void gl_book_free(gl_book *b) {
    if (!b)
        return;
    for (size_t i = 0; i < b->count; i++) {
        gl_free(b->alloc, b->entries[i].path);
        gl_free(b->alloc, b->entries[i].title);
    }
    gl_free(b->alloc, b->entries);
    gl_free(b->alloc, b->title);
    if (b->epub)
        b->epub_module->book_free(b->epub);
    gl_doc_free(b->doc);
    gl_doc_free(b->meta);
    gl_free(b->alloc, b);
}

gl_doc *gl_book_meta(gl_book *b) { return b->epub ? b->meta : b->doc; }

/* ---- moving trees (PDF and text) ---- */

/* Moves the blocks of `*doc` under `holder` (gl_node_graft: no node is
 * copied) and makes its footnote labels unique to this chapter: footnotes
 * of different chapters must not meet. */
static gl_status move_tree(gl_book *b, gl_doc **doc, gl_node *holder) {
    gl_status st = gl_node_graft(b->doc, holder, doc);
    if (st != GL_OK)
        return st;
    gl_iter it;
    gl_iter_init(&it, holder);
    gl_event ev;
    while ((ev = gl_iter_next(&it)) != GL_EVENT_NONE) {
        gl_node *n = (gl_node *)it.node;
        if (ev != GL_EVENT_ENTER || !n->info)
            continue;
        if (n->type != GL_NODE_FOOTNOTE_DEF && n->type != GL_NODE_FOOTNOTE_REF)
            continue;
        size_t len = strlen(n->info) + 24;
        char *label = gl_doc_alloc(b->doc, len);
        if (!label)
            return GL_ENOMEM;
        snprintf(label, len, "c%zu-%s", b->count + 1, n->info);
        n->info = label;
    }
    return GL_OK;
}

static gl_node *add_block(gl_book *b, gl_node *parent, gl_node_type type, const char *text) {
    gl_node *n = gl_node_new(b->doc, type);
    if (!n || gl_node_append(parent, n) != GL_OK)
        return NULL;
    if (text && gl_node_append_text(b->doc, n, text, strlen(text)) != GL_OK)
        return NULL;
    return n;
}

/* The chapter's heading: its title, then its byline, and its site and
 * date on one line ("The Moscow Times \u00b7 November 12, 2014"): articles of
 * several sites must say which is which. */
static gl_status chapter_head(gl_book *b, const gl_doc *doc, gl_node *holder, const char *title) {
    char shown[GL_DATE_SHOWN_MAX];
    const char *byline = gl_doc_meta(doc, GL_META_BYLINE);
    const char *site = gl_doc_meta(doc, GL_META_SITE);
    const char *date = gl_date_display(doc, shown);
    entry *e = &b->entries[b->count];
    /* An id no reader gives (tree/ids.c makes no "galley:"): the PDF finds
     * the chapter's page by it. */
    snprintf(e->id, sizeof e->id, "galley:chapter-%zu", b->count + 1);
    gl_node *h = add_block(b, holder, GL_NODE_HEADING, title);
    if (!h || gl_node_set_info(b->doc, h, e->id, strlen(e->id)) != GL_OK)
        return GL_ENOMEM;
    if (byline) {
        gl_node *p = add_block(b, holder, GL_NODE_PARAGRAPH, "By ");
        if (!p || gl_node_append_text(b->doc, p, byline, strlen(byline)) != GL_OK)
            return GL_ENOMEM;
    }
    site = site && *site ? site : NULL;
    if (site || date) {
        gl_node *p = add_block(b, holder, GL_NODE_PARAGRAPH, site ? site : date);
        if (!p || (site && date &&
                   (gl_node_append_text(b->doc, p, " \xC2\xB7 ", 4) != GL_OK ||
                    gl_node_append_text(b->doc, p, date, strlen(date)) != GL_OK)))
            return GL_ENOMEM;
    }
    return GL_OK;
}

/* Adds `*docp` as chapter b->count (see gl_book_add). */
static gl_status add_chapter(gl_book *b, gl_doc **docp, const char *path, gl_error *err) {
    const gl_doc *doc = *docp;
    if (gl_vec_grow(b->alloc, &b->entries, &b->cap, b->count + 1, sizeof *b->entries) != GL_OK)
        return gl_fail(err, GL_ENOMEM, 0, "out of memory adding a chapter");
    entry *e = &b->entries[b->count];
    memset(e, 0, sizeof *e);
    e->index = b->count;
    const char *date = gl_doc_meta(doc, GL_META_DATE);
    e->dated = date && gl_iso_date_epoch(date, &e->when);
    e->path = gl_strdup(b->alloc, path);
    if (path && !e->path)
        return gl_fail(err, GL_ENOMEM, 0, "out of memory adding a chapter");
    gl_status st;
    if (b->epub) {
        st = b->epub_module->book_add(b->epub, doc, path, err);
    } else {
        const char *title = gl_doc_meta(doc, GL_META_TITLE);
        char fallback[32];
        if (!title || !*title) {
            snprintf(fallback, sizeof fallback, "Chapter %zu", b->count + 1);
            title = fallback;
        }
        e->title = gl_strdup(b->alloc, title);
        e->body = gl_node_new(b->doc, GL_NODE_BLOCKQUOTE);
        st = e->title && e->body ? chapter_head(b, doc, e->body, title) : GL_ENOMEM;
        if (st == GL_OK)
            st = move_tree(b, docp, e->body);
        if (st != GL_OK)
            st = gl_fail(err, st, 0, "%s moving a chapter into the book", gl_status_text(st));
    }
    if (st != GL_OK) {
        gl_free(b->alloc, e->path);
        gl_free(b->alloc, e->title);
        return st;
    }
    b->count++;
    return GL_OK;
}

gl_status gl_book_add(gl_book *b, gl_doc **docp, const char *path, gl_error *err) {
    gl_status st = add_chapter(b, docp, path, err);
    gl_doc_free(*docp); /* taken whatever the result; NULL once grafted */
    *docp = NULL;
    return st;
}

static int by_path(const entry *x, const entry *y) {
    if (x->path && y->path) {
        int c = strcmp(x->path, y->path);
        if (c)
            return c;
    } else if (x->path || y->path) {
        return x->path ? -1 : 1;
    }
    return x->index < y->index ? -1 : x->index > y->index;
}

static int by_date(const void *a, const void *b) {
    const entry *x = a, *y = b;
    if (x->dated != y->dated)
        return x->dated ? -1 : 1;
    if (x->dated && x->when != y->when)
        return x->when < y->when ? -1 : 1;
    return by_path(x, y);
}

static int by_path_only(const void *a, const void *b) { return by_path(a, b); }

static int by_index(const void *a, const void *b) {
    const entry *x = a, *y = b;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* A cell of a row of the PDF's contents table holding `text` (inside a
 * link to `target` when not NULL); the TEXT node. */
static gl_node *add_cell(gl_book *b, gl_node *row, const char *text, const char *target,
                         gl_align align) {
    gl_node *cell = add_block(b, row, GL_NODE_TABLE_CELL, NULL), *in = cell;
    if (cell)
        cell->align = align;
    if (cell && target) {
        char url[40];
        snprintf(url, sizeof url, "#%s", target);
        in = gl_node_new(b->doc, GL_NODE_LINK);
        if (!in || gl_node_append(cell, in) != GL_OK ||
            gl_node_set_url(b->doc, in, url, strlen(url)) != GL_OK)
            return NULL;
    }
    if (!in || gl_node_append_text(b->doc, in, text, strlen(text)) != GL_OK)
        return NULL;
    return in->last_child;
}

/* PDF: the contents as a table of titles (each a link to its chapter) and
 * the page each starts on, in a column of its own, right-aligned; the
 * numbers are "0" until gl_book_finish measures them. Its role
 * (GL_TABLE_CONTENTS) has the PDF writer set it as a book's contents page:
 * no grid and no header row, dot leaders from each title to its page. */
static gl_status contents_table(gl_book *b, gl_node *root) {
    gl_node *table = add_block(b, root, GL_NODE_TABLE, NULL);
    if (!table ||
        gl_node_set_info(b->doc, table, GL_TABLE_CONTENTS, strlen(GL_TABLE_CONTENTS)) != GL_OK)
        return GL_ENOMEM;
    for (size_t i = 0; i < b->count; i++) {
        entry *e = &b->entries[i];
        gl_node *row = add_block(b, table, GL_NODE_TABLE_ROW, NULL);
        if (!row || !add_cell(b, row, e->title, e->id, GL_ALIGN_LEFT) ||
            !(e->page = add_cell(b, row, "0", NULL, GL_ALIGN_RIGHT)))
            return GL_ENOMEM;
    }
    return GL_OK;
}

/* PDF and text: the table of contents, then the chapters in order. */
static gl_status assemble(gl_book *b) {
    gl_doc *d = b->doc;
    gl_node *root = gl_doc_root_mut(d);
    gl_status st = gl_doc_set_meta(d, GL_META_TITLE, b->title, strlen(b->title), "book");
    if (st != GL_OK)
        return st;
    if (!add_block(b, root, GL_NODE_HEADING, "Contents"))
        return GL_ENOMEM;
    if (strcmp(b->writer->name, "pdf") == 0 && (st = contents_table(b, root)) != GL_OK)
        return st;
    gl_node *list = b->doc && strcmp(b->writer->name, "pdf") != 0
                        ? add_block(b, root, GL_NODE_LIST, NULL)
                        : NULL;
    if (strcmp(b->writer->name, "pdf") != 0 && !list)
        return GL_ENOMEM;
    for (size_t i = 0; list && i < b->count; i++) {
        list->ordered = list->tight = true;
        list->start = 1;
        gl_node *item = add_block(b, list, GL_NODE_ITEM, NULL);
        if (!item || !add_block(b, item, GL_NODE_PARAGRAPH, b->entries[i].title))
            return GL_ENOMEM;
    }
    for (size_t i = 0; i < b->count; i++) {
        gl_node *holder = b->entries[i].body;
        if (i > 0 && !add_block(b, root, GL_NODE_THEMATIC_BREAK, NULL))
            return GL_ENOMEM;
        while (holder->first_child) {
            gl_node *n = holder->first_child;
            gl_node_unlink(n);
            if ((st = gl_node_append(root, n)) != GL_OK)
                return st;
        }
    }
    return GL_OK;
}

/* PDF: lays the book out (the PDF module's target_pages) and writes on the
 * contents page where each chapter starts, again until the numbers hold. */
static gl_status number_pages(gl_book *b, gl_error *err) {
    const struct gl_pdf_module *m;
    gl_status st = gl_module_get_pdf(&m, err);
    const char **names = st == GL_OK ? gl_malloc_array(b->alloc, b->count, sizeof *names) : NULL;
    unsigned *pages = names ? gl_malloc_array(b->alloc, b->count, sizeof *pages) : NULL;
    if (st == GL_OK && !pages)
        st = gl_fail(err, GL_ENOMEM, 0, "out of memory numbering the contents");
    for (size_t i = 0; pages && i < b->count; i++)
        names[i] = b->entries[i].id;
    bool changed = true;
    for (int pass = 0; st == GL_OK && changed && pass < MEASURE_PASSES; pass++) {
        st = m->target_pages(b->doc, b->opt, names, b->count, pages, err);
        changed = false;
        for (size_t i = 0; st == GL_OK && i < b->count; i++) {
            gl_node *t = b->entries[i].page;
            char num[24];
            int n = snprintf(num, sizeof num, "%u", pages[i]);
            if (t->text_len == (size_t)n && memcmp(t->text, num, (size_t)n) == 0)
                continue;
            changed = true;
            if (gl_node_set_text(b->doc, t, num, (size_t)n) != GL_OK)
                st = gl_fail(err, GL_ENOMEM, 0, "out of memory numbering the contents");
        }
    }
    gl_free(b->alloc, names);
    gl_free(b->alloc, pages);
    return st;
}

gl_status gl_book_finish(gl_book *b, const gl_sink *sink, gl_error *err) {
    if (b->count == 0)
        return gl_fail(err, GL_EINVAL, 0, "a book needs at least one article");
    int (*cmp)(const void *, const void *) = b->order == GL_BOOK_BY_DATE   ? by_date
                                             : b->order == GL_BOOK_BY_PATH ? by_path_only
                                                                           : by_index;
    qsort(b->entries, b->count, sizeof *b->entries, cmp);
    if (b->epub) {
        size_t *order = gl_malloc_array(b->alloc, b->count, sizeof *order);
        if (!order)
            return gl_fail(err, GL_ENOMEM, 0, "out of memory finishing the book");
        for (size_t i = 0; i < b->count; i++)
            order[i] = b->entries[i].index;
        gl_status st = b->epub_module->book_finish(b->epub, b->title, b->meta, order, sink, err);
        gl_free(b->alloc, order);
        return st;
    }
    gl_status st = assemble(b);
    if (st != GL_OK)
        return gl_fail(err, st, 0, "%s assembling the book", gl_status_text(st));
    if (strcmp(b->writer->name, "pdf") == 0 && (st = number_pages(b, err)) != GL_OK)
        return st;
    return gl_write(b->writer, b->doc, sink, b->opt, err);
}
