/* In-process conversion time (bench/run): reads FILE once, then converts it
 * RUNS times into each FORMAT given, in memory, through the public API as a
 * program embedding libgalley would (one gl_read and one write a run), and
 * prints the median milliseconds per document:
 *   inprocess FILE RUNS FORMAT...      e.g. inprocess article.md 200 text pdf
 * One untimed run a format first loads what a process loads once: the PDF
 * writer's fonts and font-path cache, hyphenation dictionaries. The font cache
 * goes to a fresh temporary folder, as the CLI keeps one.
 * Output, one line a format: "FORMAT median_ms min_ms bytes". */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "galley/galley.h"

typedef struct memory {
    char *data;
    size_t len, cap;
} memory;

static gl_status memory_write(void *userdata, const char *bytes, size_t len) {
    memory *m = userdata;
    if (m->len + len > m->cap) {
        size_t cap = (m->len + len) * 2;
        char *p = realloc(m->data, cap);
        if (!p)
            return GL_ENOMEM;
        m->data = p;
        m->cap = cap;
    }
    memcpy(m->data + m->len, bytes, len);
    m->len += len;
    return GL_OK;
}

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int compare_doubles(const void *x, const void *y) {
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* One conversion into `m`; false with the reason on stderr. */
static bool convert(const gl_input *in, const gl_reader_entry *r, const gl_writer_entry *w,
                    const gl_options *opt, memory *m) {
    gl_doc *doc = NULL;
    gl_error err;
    gl_error_init(&err, in->name);
    m->len = 0;
    gl_sink sink = {memory_write, m};
    gl_status st = gl_read(&doc, in, r, opt, &err);
    if (st == GL_OK)
        st = gl_write(w, doc, &sink, opt, &err);
    gl_doc_free(doc);
    if (st != GL_OK)
        fprintf(stderr, "inprocess: %s: %s\n", in->name, err.message);
    return st == GL_OK;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: inprocess FILE RUNS FORMAT...\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    memory src = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (memory_write(&src, chunk, n) != GL_OK)
            return 1;
    fclose(f);
    int runs = atoi(argv[2]);
    if (runs < 1)
        runs = 1;

    gl_global_init();
    char dir[] = "/tmp/galley-inprocess-XXXXXX", cache[64];
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(cache, sizeof cache, "%s/fonts", dir);
    gl_options opt;
    gl_options_init(&opt);
    opt.font_cache = cache; /* warnings (opt.warn NULL) are dropped */
    gl_input in = {argv[1], argv[1], src.data, src.len, NULL};
    const gl_reader_entry *r = gl_reader_by_path(argv[1]);
    if (!r)
        r = gl_reader_sniff(src.data, src.len);
    double *ms = malloc((size_t)runs * sizeof *ms);
    memory out = {0};
    int status = 0;
    for (int a = 3; a < argc && ms && r; a++) {
        const gl_writer_entry *w = gl_writer_by_name(argv[a]);
        if (!w) {
            fprintf(stderr, "inprocess: no writer '%s'\n", argv[a]);
            status = 1;
            continue;
        }
        if (!convert(&in, r, w, &opt, &out)) {
            status = 1;
            continue;
        }
        for (int i = 0; i < runs; i++) {
            double t0 = now_ms();
            if (!convert(&in, r, w, &opt, &out))
                return 1;
            ms[i] = now_ms() - t0;
        }
        qsort(ms, (size_t)runs, sizeof *ms, compare_doubles);
        printf("%s %.3f %.3f %zu\n", w->name, ms[runs / 2], ms[0], out.len);
    }
    unlink(cache);
    rmdir(dir);
    free(ms);
    free(out.data);
    free(src.data);
    return r ? status : 1;
}
