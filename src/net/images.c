/* gl_images_fetch's front in the core (galley/fetch.h): the document's
 * remote images listed once each, handed to the fetch module all together
 * (so that it can keep two requests a host running), and the answers kept
 * for the writers (net/images.h). A document without remote images never
 * loads the module. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "galley/galley.h"
#include "net/address.h"
#include "net/fetch_module.h"
#include "net/images.h"
#include "options.h"
#include "util/error.h"
#include "util/vec.h"

struct gl_images {
    gl_fetch_item *items; /* url (malloc) and what the module brought */
    unsigned long *lines; /* the first node's line, for warnings */
    size_t n, cap;
};

void gl_images_free(gl_images *images) {
    if (!images)
        return;
    for (size_t i = 0; i < images->n; i++) {
        free((char *)images->items[i].url);
        free(images->items[i].data);
    }
    free(images->items);
    free(images->lines);
    free(images);
}

/* Adds `url` unless the set has it; false when out of memory. */
static bool add(gl_images *s, const char *url, unsigned long line) {
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->items[i].url, url) == 0)
            return true;
    /* Two arrays of one length: the second grows to the first's cap. */
    const gl_allocator *a = gl_allocator_of(NULL);
    size_t cap = s->cap, lines_cap = s->cap;
    if (gl_vec_grow(a, &s->items, &cap, s->n + 1, sizeof *s->items) != GL_OK ||
        gl_vec_grow(a, &s->lines, &lines_cap, cap, sizeof *s->lines) != GL_OK)
        return false;
    s->cap = cap;
    gl_fetch_item *it = &s->items[s->n];
    memset(it, 0, sizeof *it);
    if (!(it->url = strdup(url)))
        return false;
    s->lines[s->n++] = line;
    return true;
}

/* How a warning shows a URL: whole, or cut with "..." (the reason must
 * still fit in the line). */
static void label(const char *url, char out[124]) {
    size_t len = strlen(url);
    if (len < 124)
        memcpy(out, url, len + 1);
    else
        snprintf(out, 124, "%.119s...", url);
}

gl_status gl_images_fetch(gl_images **out, const gl_doc *doc, const gl_fetched *page,
                          const gl_options *opt, gl_error *err) {
    *out = NULL;
    gl_status st = gl_options_check(opt, err);
    if (st != GL_OK)
        return st;
    gl_options defaults;
    opt = gl_options_or_defaults(opt, &defaults);
    gl_images *s = calloc(1, sizeof *s);
    if (!s)
        return gl_fail(err, GL_ENOMEM, 0, "out of memory listing the images");
    gl_iter it;
    gl_iter_init(&it, gl_doc_root(doc));
    for (gl_event ev; (ev = gl_iter_next(&it)) != GL_EVENT_NONE;) {
        const gl_node *n = it.node;
        if (ev == GL_EVENT_ENTER && (n->type == GL_NODE_IMAGE || n->type == GL_NODE_FIGURE) &&
            gl_is_url(n->url) && !add(s, n->url, n->line)) {
            gl_images_free(s);
            return gl_fail(err, GL_ENOMEM, 0, "out of memory listing the images");
        }
    }
    if (s->n) {
        const gl_fetch_module *m;
        st = gl_module_get_fetch(&m, err);
        if (st == GL_OK)
            st = m->fetch_images(s->items, s->n, page ? page->url : NULL,
                                 page && gl_net_private_kind_text(page->address) != NULL, opt, err);
        if (st != GL_OK) {
            gl_images_free(s);
            return st;
        }
    }
    for (size_t i = 0; i < s->n; i++) {
        if (s->items[i].data)
            continue;
        char shown[124];
        label(s->items[i].url, shown);
        gl_warnf(opt, NULL, s->lines[i], "image '%s' %s: its alt text stands in for it", shown,
                 s->items[i].why);
    }
    *out = s;
    return GL_OK;
}

gl_status gl_images_merge(gl_images *into, gl_images **from, gl_error *err) {
    gl_images *f = *from;
    *from = NULL;
    if (!f)
        return GL_OK;
    gl_status st = GL_OK;
    for (size_t i = 0; i < f->n && st == GL_OK; i++) {
        size_t before = into->n;
        if (!add(into, f->items[i].url, f->lines[i]))
            st = gl_fail(err, GL_ENOMEM, 0, "out of memory keeping the book's images");
        else if (into->n > before) { /* new to `into`: the answer moves */
            gl_fetch_item *it = &into->items[into->n - 1];
            it->data = f->items[i].data;
            it->len = f->items[i].len;
            memcpy(it->why, f->items[i].why, sizeof it->why);
            f->items[i].data = NULL;
        }
    }
    gl_images_free(f);
    return st;
}

gl_images_state gl_images_find(const gl_images *images, const char *url, const unsigned char **data,
                               size_t *len) {
    for (size_t i = 0; images && url && i < images->n; i++) {
        const gl_fetch_item *it = &images->items[i];
        if (strcmp(it->url, url) != 0)
            continue;
        *data = it->data;
        *len = it->len;
        return it->data ? GL_IMAGES_FETCHED : GL_IMAGES_REFUSED;
    }
    return GL_IMAGES_ABSENT;
}
