/* The PDF writer's navigation: link annotations (ISO 32000-1 12.5.6.5)
 * with their URI actions (12.6.4.7) or explicit destinations (12.3.2.2),
 * and the outline of bookmarks (12.3.3).
 *
 * They are not libharu objects. libharu 2.3.0 makes a link or a bookmark
 * out of a dozen objects (dictionaries, arrays, names, numbers, each
 * dictionary key a 128-byte name, each block with the budget's header):
 * 7.5 KB a link and 5.7 KB a heading, which put 500,000 of either past the
 * memory limit (issue 14). The layout records each here in 40 bytes, and
 * the packer writes their objects as text straight into its object
 * streams (gl_pdf_extra, pdf_pack.h), with /Annots on the pages and
 * /Outlines in the catalog. */
#include "writers/pdf_writer.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "util/alloc.h"
#include "util/error.h"
#include "util/utf8.h"

/* libharu refused strings past HPDF_LIMIT_MAX_STRING_LEN; a URL that long
 * is not one a reader follows either, so such a link keeps its text and
 * loses its target, as it always has. */
#define MAX_URI 65535

/* ---- recording, during the layout ---- */

gl_status gl_pdf_add_link(pdfw *w, double x0, double y0, double x1, double y1, const char *url) {
    if (gl_vec_grow(w->alloc, &w->links, &w->link_cap, w->nlinks + 1, sizeof *w->links) != GL_OK)
        return gl_pdf_oom(w);
    unsigned page = w->page_no ? w->page_no - 1 : 0;
    w->links[w->nlinks++] = (pdf_link){(float)x0, (float)y0, (float)x1, (float)y1, page, 0, 0, url};
    return GL_OK;
}

gl_status gl_pdf_make_outline(pdfw *w, double top) {
    int level = w->outline_pending;
    size_t depth = w->outline_depth;
    w->outline_pending = 0;
    while (depth > 0 && w->outline_levels[depth - 1] >= level)
        depth--;
    if (w->nmarks >= INT_MAX)
        return gl_fail(w->err, GL_ELIMIT, 0, "more than %d headings for the PDF's bookmarks",
                       INT_MAX);
    if (gl_vec_grow(w->alloc, &w->marks, &w->mark_cap, w->nmarks + 1, sizeof *w->marks) != GL_OK)
        return gl_pdf_oom(w);
    size_t title = w->mark_text.len;
    gl_buf_append(&w->mark_text, w->outline_title.data, w->outline_title.len);
    gl_buf_putc(&w->mark_text, '\0');
    if (w->mark_text.status != GL_OK)
        return gl_pdf_buf_status(w, &w->mark_text);
    int k = (int)w->nmarks++, parent = depth ? w->outlines[depth - 1] : -1;
    /* The previous bookmark at this depth is a sibling only if the stack
     * still reached past it before this one popped it. */
    int prev = w->outline_depth > depth ? w->outlines[depth] : -1;
    unsigned page = w->page_no ? w->page_no - 1 : 0;
    w->marks[k] = (pdf_mark){page, (float)top, parent, prev, -1, -1, -1, 0, title};
    if (prev >= 0)
        w->marks[prev].next = k;
    else if (parent >= 0)
        w->marks[parent].first = k;
    if (parent >= 0)
        w->marks[parent].last = k;
    /* Every bookmark is shown open: /Count is all of an item's descendants. */
    for (size_t i = 0; i < depth; i++)
        w->marks[w->outlines[i]].count++;
    w->outlines[depth] = k;
    w->outline_levels[depth] = level;
    w->outline_depth = depth + 1;
    return GL_OK;
}

/* ---- resolving, once the layout is done ---- */

static int dest_cmp(const void *a, const void *b) {
    const dest *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* The first destination named `name`, or NULL. */
static const dest *find_dest(const pdfw *w, const char *name) {
    size_t lo = 0, hi = w->ndests;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(w->dests[mid].name, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < w->ndests && strcmp(w->dests[lo].name, name) == 0 ? &w->dests[lo] : NULL;
}

/* Whether URL byte `c` is written as %XX in a PDF URI (ASCII only, 12.6.4.7
 * via RFC 3986): non-ASCII bytes, spaces, controls and a few delimiters. */
static bool escaped(unsigned char c) {
    return c <= 0x20 || c >= 0x7F || c == '"' || c == '<' || c == '>' || c == '\\';
}

/* The length of `url` as a PDF URI. */
static size_t uri_len(const char *url) {
    size_t n = 0;
    for (const unsigned char *c = (const unsigned char *)url; *c; c++)
        n += escaped(*c) ? 3 : 1;
    return n;
}

void gl_pdf_nav_measure(pdfw *w) {
    if (w->ndests)
        qsort(w->dests, w->ndests, sizeof *w->dests, dest_cmp);
    for (size_t i = 0; i < w->measure_count; i++) {
        const dest *d = find_dest(w, w->measure_names[i]);
        w->measure_pages[i] = d ? d->page + 1 : 0;
    }
}

gl_status gl_pdf_nav_resolve(pdfw *w) {
    if (w->ndests)
        qsort(w->dests, w->ndests, sizeof *w->dests, dest_cmp);
    const char *last_url = NULL;
    size_t kept = 0;
    for (size_t i = 0; i < w->nlinks; i++) {
        pdf_link l = w->links[i];
        if (l.url[0] == '#' || l.url[0] == '\x01') {
            /* A jump to the heading "#id" names, or to a note or a
             * reference; nothing when the target does not exist. */
            const dest *d = find_dest(w, l.url[0] == '#' ? l.url + 1 : l.url);
            if (!d)
                continue;
            l.url = NULL;
            l.action = d->page;
            l.top = (float)d->top;
        } else if (uri_len(l.url) >= MAX_URI) {
            if (last_url != l.url)
                gl_warnf(w->opt, NULL, 0,
                         "a link URL of %zu bytes is too long for a PDF link; "
                         "its text is kept without the link",
                         uri_len(l.url));
            last_url = l.url;
            continue;
        } else {
            /* The lines of one link share one action: a long URL broken
             * over four lines is written once, not four times. */
            if (last_url != l.url)
                w->nactions++;
            last_url = l.url;
            l.action = (unsigned)(w->nactions - 1);
        }
        w->links[kept++] = l;
    }
    w->nlinks = kept;
    /* The targets are in the links now. */
    gl_free(w->alloc, w->dests);
    w->dests = NULL;
    w->ndests = w->dest_cap = 0;
    return GL_OK;
}

/* ---- writing, as the packer asks ---- */

/* The objects galley adds, numbered from the packer's `first`: the
 * outline's root and its items (when there are bookmarks), an annotation
 * for each link, then each URI action. */
static size_t annot_base(const pdfw *w) { return w->nmarks ? w->nmarks + 1 : 0; }

static size_t action_base(const pdfw *w) { return annot_base(w) + w->nlinks; }

/* " [P 0 R /FitH top]": page `page`, at `top` (12.3.2.2). */
static void put_dest(pdfw *w, gl_buf *out, unsigned page, float top) {
    gl_buf_printf(out, " [%lu 0 R /FitH ", (unsigned long)w->page_objs[page]);
    gl_pdf_put_number(out, top);
    gl_buf_putc(out, ']');
}

/* A text string (7.9.2.2) of UTF-8 `s`: printable ASCII as a literal
 * string, anything else as UTF-16BE with a byte order mark, in hex. */
static void put_text(gl_buf *out, const char *s) {
    bool ascii = true;
    for (const char *c = s; *c && ascii; c++)
        ascii = (unsigned char)*c >= 0x20 && (unsigned char)*c < 0x7F;
    if (ascii) {
        gl_buf_putc(out, '(');
        for (const char *c = s; *c; c++) {
            if (*c == '(' || *c == ')' || *c == '\\')
                gl_buf_putc(out, '\\');
            gl_buf_putc(out, *c);
        }
        gl_buf_putc(out, ')');
        return;
    }
    gl_buf_puts(out, "<FEFF");
    size_t len = strlen(s), i = 0;
    while (i < len) {
        int32_t cp;
        i += gl_utf8_decode(s + i, len - i, &cp);
        uint32_t u = cp < 0 ? 0xFFFD : (uint32_t)cp;
        if (u > 0xFFFF)
            gl_buf_printf(out, "%04X%04X", 0xD800 + ((u - 0x10000) >> 10),
                          0xDC00 + ((u - 0x10000) & 0x3FF));
        else
            gl_buf_printf(out, "%04X", u);
    }
    gl_buf_putc(out, '>');
}

static void outline_root(const pdfw *w, size_t first, gl_buf *out) {
    size_t last = w->nmarks - 1;
    while (w->marks[last].parent >= 0)
        last--;
    gl_buf_printf(out, "<< /Type /Outlines /First %zu 0 R /Last %zu 0 R /Count %zu >>", first + 1,
                  first + 1 + last, w->nmarks);
}

static void outline_item(pdfw *w, size_t first, size_t k, gl_buf *out) {
    const pdf_mark *m = &w->marks[k];
    gl_buf_puts(out, "<< /Title ");
    put_text(out, w->mark_text.data + m->title);
    gl_buf_printf(out, " /Parent %zu 0 R", m->parent >= 0 ? first + 1 + (size_t)m->parent : first);
    if (m->prev >= 0)
        gl_buf_printf(out, " /Prev %zu 0 R", first + 1 + (size_t)m->prev);
    if (m->next >= 0)
        gl_buf_printf(out, " /Next %zu 0 R", first + 1 + (size_t)m->next);
    if (m->first >= 0)
        gl_buf_printf(out, " /First %zu 0 R /Last %zu 0 R /Count %u", first + 1 + (size_t)m->first,
                      first + 1 + (size_t)m->last, m->count);
    gl_buf_puts(out, " /Dest");
    put_dest(w, out, m->page, m->top);
    gl_buf_puts(out, " >>");
}

static void annotation(pdfw *w, size_t first, size_t k, gl_buf *out) {
    const pdf_link *l = &w->links[k];
    gl_buf_printf(out, "<< /Type /Annot /Subtype /Link /P %lu 0 R /Rect [",
                  (unsigned long)w->page_objs[l->page]);
    const float r[4] = {l->x0, l->y0, l->x1, l->y1};
    for (int i = 0; i < 4; i++) {
        gl_pdf_put_number(out, r[i]);
        gl_buf_putc(out, i < 3 ? ' ' : ']');
    }
    gl_buf_puts(out, " /Border [0 0 0]");
    if (l->url) {
        gl_buf_printf(out, " /A %zu 0 R >>", first + action_base(w) + l->action);
        return;
    }
    gl_buf_puts(out, " /Dest");
    put_dest(w, out, l->action, l->top);
    gl_buf_puts(out, " >>");
}

/* URI action `a`: the links are walked once, in step with the packer. */
static void uri_action(pdfw *w, size_t a, gl_buf *out) {
    while (!w->links[w->action_cursor].url || w->links[w->action_cursor].action != a)
        w->action_cursor++;
    gl_buf_puts(out, "<< /S /URI /URI (");
    for (const unsigned char *c = (const unsigned char *)w->links[w->action_cursor].url; *c; c++) {
        if (escaped(*c))
            gl_buf_printf(out, "%%%02X", *c);
        else if (*c == '(' || *c == ')')
            gl_buf_printf(out, "\\%c", *c);
        else
            gl_buf_putc(out, (char)*c);
    }
    gl_buf_puts(out, ") >>");
}

static gl_status nav_object(void *userdata, size_t first, size_t i, gl_buf *out, gl_error *err) {
    (void)err;
    pdfw *w = userdata;
    if (i < annot_base(w)) {
        if (i == 0)
            outline_root(w, first, out);
        else
            outline_item(w, first, i - 1, out);
    } else if (i < action_base(w)) {
        annotation(w, first, i - annot_base(w), out);
    } else {
        uri_action(w, i - action_base(w), out);
    }
    return GL_OK;
}

/* The index of the page whose object is `n`, or w->page_no: libharu numbers
 * pages in the order they are added. */
static size_t page_of(const pdfw *w, size_t n) {
    size_t lo = 0, hi = w->page_no;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (w->page_objs[mid] < n)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < w->page_no && w->page_objs[lo] == n ? lo : w->page_no;
}

static gl_status nav_keys(void *userdata, size_t first, size_t n, bool catalog, gl_buf *out,
                          gl_error *err) {
    (void)err;
    pdfw *w = userdata;
    if (catalog && w->nmarks)
        gl_buf_printf(out, "\n/Outlines %zu 0 R", first);
    size_t page = page_of(w, n);
    if (page == w->page_no)
        return GL_OK;
    /* The links were recorded page after page. */
    size_t lo = 0, hi = w->nlinks;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (w->links[mid].page < page)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == w->nlinks || w->links[lo].page != page)
        return GL_OK;
    gl_buf_puts(out, "\n/Annots [");
    for (size_t k = lo; k < w->nlinks && w->links[k].page == page; k++)
        gl_buf_printf(out, k > lo ? " %zu 0 R" : "%zu 0 R", first + annot_base(w) + k);
    gl_buf_putc(out, ']');
    return GL_OK;
}

void gl_pdf_nav_extra(pdfw *w, gl_pdf_extra *extra) {
    w->action_cursor = 0;
    *extra = (gl_pdf_extra){action_base(w) + w->nactions, nav_object, nav_keys, w};
}
