/* Allocation failure, as SQLite's test_malloc.c and curl's tests do it:
 *   failalloc INPUT WRITER
 * converts INPUT into WRITER (text, xhtml, json, pdf, epub) with the N-th
 * allocation through galley's allocator failing, for N = 1, 2, ... until a
 * run makes fewer than N allocations. The PDF writer hands libharu that same
 * allocator (HPDF_NewEx in src/writers/pdf.c), so libharu's allocations fail
 * in turn too. libxml2's allocator hook is process-wide and cmark-gfm's
 * aborts: their failures are bounded by the input limits, not injected.
 * Every run must end in GL_OK or in an error whose record names its status
 * and says something, never crash, and leave no block of ours allocated
 * (LeakSanitizer, in the sanitizer build, checks everybody else's). */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "galley/galley.h"
#include "util/buf.h"
#include "util/sink.h"

typedef struct counter {
    unsigned long calls;   /* allocations asked for so far (malloc and realloc) */
    unsigned long fail_at; /* the one to refuse; 0: none */
    long live;             /* blocks handed out and not yet freed */
} counter;

static bool refuse(counter *c) { return ++c->calls == c->fail_at; }

static void *count_malloc(void *ctx, size_t size) {
    counter *c = ctx;
    if (refuse(c))
        return NULL;
    void *p = malloc(size);
    c->live += p != NULL;
    return p;
}

static void *count_realloc(void *ctx, void *ptr, size_t size) {
    counter *c = ctx;
    if (refuse(c))
        return NULL;
    void *p = realloc(ptr, size);
    c->live += p && !ptr;
    return p;
}

static void count_free(void *ctx, void *ptr) {
    counter *c = ctx;
    c->live -= ptr != NULL;
    free(ptr);
}

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    gl_buf b;
    gl_buf_init(&b, NULL, 0);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        gl_buf_append(&b, chunk, n);
    fclose(f);
    return gl_buf_detach(&b, len);
}

/* One conversion with allocation `fail_at` refused. */
static gl_status convert(const char *path, const char *data, size_t len, const gl_writer_entry *w,
                         counter *c, gl_error *err) {
    gl_allocator a = {count_malloc, count_realloc, count_free, c};
    gl_options opt;
    gl_options_init(&opt);
    opt.allocator = &a;
    opt.source_date_epoch = 0;
    opt.source_path = path;
    gl_input in = {path, path, data, len};
    gl_error_init(err, path);
    gl_doc *doc = NULL;
    gl_status st = gl_read(&doc, &in, NULL, &opt, err);
    if (st == GL_OK) {
        gl_buf out;
        gl_buf_init(&out, NULL, 0);
        gl_sink sink = {gl_sink_buf_write, &out};
        st = gl_write(w, doc, &sink, &opt, err);
        gl_buf_free(&out);
    }
    gl_doc_free(doc);
    return st;
}

int main(int argc, char **argv) {
    if (argc != 3 || !gl_writer_by_name(argv[2])) {
        fprintf(stderr, "usage: failalloc INPUT text|xhtml|json|pdf|epub\n");
        return 2;
    }
    size_t len;
    char *data = slurp(argv[1], &len);
    if (!data) {
        perror(argv[1]);
        return 2;
    }
    const gl_writer_entry *w = gl_writer_by_name(argv[2]);
    gl_global_init();
    counter c = {0, 0, 0};
    gl_error err;
    if (convert(argv[1], data, len, w, &c, &err) != GL_OK || c.live != 0) {
        fprintf(stderr, "the run without failures failed: %s (%ld blocks left)\n", err.message,
                c.live);
        return 1;
    }
    unsigned long total = c.calls, failed_runs = 0, ok_runs = 0;
    int bad = 0;
    for (unsigned long n = 1;; n++) {
        c = (counter){0, n, 0};
        gl_status st = convert(argv[1], data, len, w, &c, &err);
        if (c.calls < n)
            break; /* allocation n was never asked for: every one has failed once */
        if (c.live != 0) {
            fprintf(stderr, "allocation %lu failed: %ld blocks leaked (%s)\n", n, c.live,
                    err.message);
            bad = 1;
        }
        if (st == GL_OK) {
            ok_runs++; /* the failure was absorbed (a cache, a fallback) */
        } else if (err.status != st || !err.message[0]) {
            fprintf(stderr, "allocation %lu failed: status %s without a matching message\n", n,
                    gl_status_text(st));
            bad = 1;
        } else {
            failed_runs++;
        }
    }
    printf("%s -> %s: %lu allocations; %lu runs failed cleanly, %lu absorbed the failure\n",
           argv[1], argv[2], total, failed_runs, ok_runs);
    free(data);
    return bad;
}
