/* One arena per document: nodes and strings are bump-allocated from chunks
 * taken from the caller's allocator and freed together by gl_doc_free, as in
 * cmark-gfm's arena.c, but per document and with NULL (not abort) on failure. */
#include <stdalign.h>
#include <stdint.h>
#include <string.h>
#include "tree/tree.h"
#include "util/alloc.h"

enum { CHUNK_MIN = 16 * 1024, ALIGN = alignof(max_align_t) };

void *gl_doc_alloc(gl_doc *doc, size_t size) {
    size_t rounded;
    if (__builtin_add_overflow(size, ALIGN - 1, &rounded)) {
        doc->last_status = GL_ENOMEM;
        return NULL;
    }
    rounded &= ~(size_t)(ALIGN - 1);
    if (rounded == 0)
        rounded = ALIGN;
    if (rounded > doc->left) {
        /* Grow chunk sizes with the document so a large tree takes few chunks. */
        size_t want = doc->chunks ? doc->chunks->size * 2 : CHUNK_MIN;
        if (want > 4 * 1024 * 1024)
            want = 4 * 1024 * 1024;
        if (want < rounded)
            want = rounded;
        size_t header = (sizeof(gl_arena_chunk) + ALIGN - 1) & ~(size_t)(ALIGN - 1), total;
        if (__builtin_add_overflow(want, header, &total)) {
            doc->last_status = GL_ENOMEM;
            return NULL;
        }
        gl_arena_chunk *c = gl_malloc(&doc->alloc, total);
        if (!c) {
            doc->last_status = GL_ENOMEM;
            return NULL;
        }
        c->next = doc->chunks;
        c->size = want;
        doc->chunks = c;
        doc->cursor = (char *)c + header;
        doc->left = want;
    }
    void *p = doc->cursor;
    doc->cursor += rounded;
    doc->left -= rounded;
    return p;
}

char *gl_doc_strndup(gl_doc *doc, const char *s, size_t len) {
    size_t total;
    if (__builtin_add_overflow(len, 1, &total)) {
        doc->last_status = GL_ENOMEM;
        return NULL;
    }
    char *p = gl_doc_alloc(doc, total);
    if (!p)
        return NULL;
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

gl_status gl_doc_new(gl_doc **out, const gl_options *opt, gl_error *err) {
    const gl_allocator *a = gl_allocator_of(opt);
    *out = NULL;
    gl_doc *doc = gl_malloc(a, sizeof *doc);
    if (!doc) {
        if (err && err->status == GL_OK) {
            err->status = GL_ENOMEM;
            strcpy(err->message, "out of memory");
        }
        return GL_ENOMEM;
    }
    memset(doc, 0, sizeof *doc);
    doc->alloc = *a;
    doc->max_nodes = opt ? opt->max_nodes : GL_DEFAULT_MAX_NODES;
    if (doc->max_nodes == 0)
        doc->max_nodes = GL_DEFAULT_MAX_NODES;
    doc->root = gl_node_new(doc, GL_NODE_DOCUMENT);
    if (!doc->root) {
        gl_doc_free(doc);
        if (err && err->status == GL_OK) {
            err->status = GL_ENOMEM;
            strcpy(err->message, "out of memory");
        }
        return GL_ENOMEM;
    }
    *out = doc;
    return GL_OK;
}

void gl_doc_free(gl_doc *doc) {
    if (!doc)
        return;
    gl_allocator a = doc->alloc;
    gl_arena_chunk *c = doc->chunks;
    while (c) {
        gl_arena_chunk *next = c->next;
        gl_free(&a, c);
        c = next;
    }
    gl_free(&a, doc);
}

gl_status gl_doc_last_status(const gl_doc *doc) { return doc->last_status; }
