/* In-process timing and heap of article extraction (bench/extract): for
 * each page given, the median over runs of libxml2's parse alone and of
 * gl_read (decode, parse, metadata, extraction, mapping), and the peak heap
 * of one gl_read counted through galley's allocator and libxml2's
 * xmlMemSetup hooks. Prints one line per page:
 *   bytes parse_ms galley_ms peak_heap_bytes
 * Not part of the tests; xmlMemSetup is process-wide, which a bench may do. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libxml/HTMLparser.h>
#include <libxml/xmlmemory.h>
#include "galley/galley.h"

/* Every block carries its size in front, so frees can be counted. */
typedef struct {
    size_t in_use, peak;
} heap;
static heap h;

static void *count_malloc(size_t n) {
    size_t *p = malloc(n + sizeof(max_align_t));
    if (!p)
        return NULL;
    *p = n;
    h.in_use += n;
    if (h.in_use > h.peak)
        h.peak = h.in_use;
    return (char *)p + sizeof(max_align_t);
}
static void count_free(void *q) {
    if (!q)
        return;
    size_t *p = (size_t *)((char *)q - sizeof(max_align_t));
    h.in_use -= *p;
    free(p);
}
static void *count_realloc(void *q, size_t n) {
    if (!q)
        return count_malloc(n);
    size_t *p = (size_t *)((char *)q - sizeof(max_align_t));
    size_t old = *p;
    size_t *r = realloc(p, n + sizeof(max_align_t));
    if (!r)
        return NULL;
    *r = n;
    h.in_use = h.in_use - old + n;
    if (h.in_use > h.peak)
        h.peak = h.in_use;
    return (char *)r + sizeof(max_align_t);
}
static char *count_strdup(const char *s) {
    size_t n = strlen(s) + 1;
    char *d = count_malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}
static void *g_malloc(void *ctx, size_t n) { return (void)ctx, count_malloc(n); }
static void *g_realloc(void *ctx, void *p, size_t n) { return (void)ctx, count_realloc(p, n); }
static void g_free(void *ctx, void *p) { (void)ctx, count_free(p); }

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n) {
    qsort(v, (size_t)n, sizeof *v, cmp);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return buf;
}

int main(int argc, char **argv) {
    int runs = 5;
    xmlMemSetup(count_free, count_malloc, count_realloc, count_strdup);
    gl_global_init();
    gl_allocator alloc = {g_malloc, g_realloc, g_free, NULL};
    gl_options opt;
    gl_options_init(&opt);
    opt.allocator = &alloc;
    for (int a = 1; a < argc; a++) {
        size_t len;
        char *data = slurp(argv[a], &len);
        if (!data) {
            fprintf(stderr, "extract_bench: cannot read %s\n", argv[a]);
            return 1;
        }
        double tp[16], tg[16];
        size_t peak = 0;
        for (int r = 0; r < runs; r++) {
            double t0 = now_ms();
            htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
            xmlDoc *dom = htmlCtxtReadMemory(ctxt, data, (int)len, NULL, "UTF-8",
                                             HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                                 HTML_PARSE_NOWARNING | XML_PARSE_HUGE);
            xmlFreeDoc(dom);
            htmlFreeParserCtxt(ctxt);
            tp[r] = now_ms() - t0;

            gl_input in = {argv[a], argv[a], data, len, NULL};
            gl_error err;
            gl_error_init(&err, argv[a]);
            gl_doc *doc = NULL;
            h.peak = h.in_use;
            size_t base = h.in_use;
            t0 = now_ms();
            gl_status st = gl_read(&doc, &in, NULL, &opt, &err);
            tg[r] = now_ms() - t0;
            if (h.peak - base > peak)
                peak = h.peak - base;
            gl_doc_free(doc);
            if (st != GL_OK)
                fprintf(stderr, "extract_bench: %s: %s\n", argv[a], err.message);
        }
        printf("%zu %.3f %.3f %zu\n", len, median(tp, runs), median(tg, runs), peak);
        free(data);
    }
    return 0;
}
