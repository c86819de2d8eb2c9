/* Paragraph breaking time (bench/run): the prose paragraphs of FILE (blocks
 * between blank lines that do not start like a heading, a byline, a list or
 * a quote), repeated until they hold WORDS words, measured in DejaVu Serif
 * (HarfBuzz advances, as the PDF writer measures) and hyphenated with
 * hyphen-en-us, once; then broken into lines of 66 average characters RUNS
 * times, with layout/paragraph.c's total fit (the PDF writer's settings),
 * and with first fit over the same boxes for comparison. Prints the median
 * milliseconds for the whole article:
 *   paragraph FILE WORDS RUNS      e.g. paragraph article.md 3000 200
 * Output: "total-fit MEDIAN MIN  first-fit MEDIAN MIN", then the passes used
 * and the word spaces' ratios to their natural width on full lines. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <hb.h>
#include "galley/galley.h"
#include "layout/hyphen.h"
#include "layout/paragraph.h"
#include "util/alloc.h"
#include "util/utf8.h"

#define FONT "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
#define MEASURE 66 /* characters a line, on average */

typedef struct article {
    gl_item *items;
    size_t n, cap;
    size_t *starts; /* the first item of each paragraph, and n at the end */
    size_t paras, pcap;
    size_t words, letters;
    double advance; /* of all letters and spaces */
} article;

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int compare_doubles(const void *x, const void *y) {
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

static void push(article *a, gl_item it) {
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 4096;
        a->items = realloc(a->items, a->cap * sizeof *a->items);
        if (!a->items)
            exit(1);
    }
    a->items[a->n++] = it;
}

/* The advance of text[0, len) in units of the em (1000). */
static double measure(hb_font_t *font, const char *text, size_t len) {
    double w = 0;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        i += gl_utf8_decode(text + i, len - i, &cp);
        hb_codepoint_t g = 0;
        if (cp >= 0 && hb_font_get_nominal_glyph(font, (hb_codepoint_t)cp, &g))
            w += hb_font_get_glyph_h_advance(font, g);
    }
    return w * 1000.0 / 2048; /* DejaVu's units per em */
}

/* Adds one paragraph's items: a box a word or piece of a word, a hyphen
 * penalty between pieces, glue between words. */
static void add_paragraph(article *a, hb_font_t *font, const gl_hyphen_dict *dict, const char *p,
                          size_t len) {
    double space = measure(font, " ", 1), hyphen = measure(font, "-", 1);
    if (a->paras + 1 >= a->pcap) {
        a->pcap = a->pcap ? a->pcap * 2 : 256;
        a->starts = realloc(a->starts, a->pcap * sizeof *a->starts);
        if (!a->starts)
            exit(1);
    }
    a->starts[a->paras++] = a->n;
    size_t i = 0;
    while (i < len) {
        while (i < len && p[i] == ' ')
            i++;
        size_t s = i;
        while (i < len && p[i] != ' ')
            i++;
        if (i == s)
            break;
        if (a->n > a->starts[a->paras - 1]) {
            push(a, (gl_item){space, space / 2, space / 3, 0, GL_ITEM_GLUE, 0});
            a->advance += space;
        }
        size_t points[64], np = gl_hyphen_points(dict, p + s, i - s, points, 64), at = s;
        for (size_t k = 0; k <= np; k++) {
            size_t end = k < np ? s + points[k] : i;
            double w = measure(font, p + at, end - at);
            push(a, (gl_item){w, 0, 0, 0, GL_ITEM_BOX, 0});
            a->advance += w;
            if (k < np)
                push(a, (gl_item){hyphen, 0, 0, 50, GL_ITEM_PENALTY,
                                  GL_ITEM_FLAGGED | GL_ITEM_HYPHENATION});
            at = end;
        }
        a->words++;
        for (size_t k = s; k < i; k++)
            a->letters += ((unsigned char)p[k] & 0xC0) != 0x80;
        a->letters++; /* and its space */
    }
    a->starts[a->paras] = a->n;
}

/* Whether a block is running prose, not a heading, byline, date or list. */
static bool prose(const char *b, size_t len) {
    size_t words = 1;
    for (size_t i = 0; i < len; i++)
        words += b[i] == ' ';
    return len > 0 && !strchr("#>*-|![", b[0]) && strncmp(b, "By ", 3) != 0 && words >= 12;
}

/* Reads the prose blocks of `src`, each joined onto one line, until the
 * article holds `want` words. */
static void read_article(article *a, hb_font_t *font, const gl_hyphen_dict *dict, const char *src,
                         size_t len, size_t want) {
    char *block = malloc(len + 1);
    if (!block)
        exit(1);
    while (a->words < want) {
        size_t before = a->words, i = 0;
        while (i < len && a->words < want) {
            size_t b = 0;
            while (i < len) {
                size_t e = i;
                while (e < len && src[e] != '\n')
                    e++;
                if (e == i) { /* a blank line ends the block */
                    i = e + 1;
                    if (b)
                        break;
                    continue;
                }
                if (b)
                    block[b++] = ' ';
                memcpy(block + b, src + i, e - i);
                b += e - i;
                i = e + 1;
            }
            if (prose(block, b))
                add_paragraph(a, font, dict, block, b);
        }
        if (a->words == before)
            break; /* no prose at all */
    }
    free(block);
}

/* First fit over the same boxes: a line takes items while they fit
 * (hyphenation points when the next word would not), as
 * layout/linebreak.c's greedy breaker does. */
static size_t first_fit(const gl_item *items, size_t n, double width) {
    size_t lines = 1;
    double used = 0, pending = 0;
    for (size_t i = 0; i < n; i++) {
        const gl_item *it = &items[i];
        if (it->type == GL_ITEM_GLUE) {
            pending += it->width;
        } else if (it->type == GL_ITEM_BOX) {
            if (used > 0 && used + pending + it->width > width) {
                lines++;
                used = 0;
            } else {
                used += pending;
            }
            used += it->width;
            pending = 0;
        }
    }
    return lines;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: paragraph FILE WORDS RUNS\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    static char src[1 << 20];
    size_t len = fread(src, 1, sizeof src - 1, f);
    fclose(f);
    size_t want = (size_t)atol(argv[2]);
    int runs = atoi(argv[3]);
    if (runs < 1)
        runs = 1;

    hb_blob_t *blob = hb_blob_create_from_file(FONT);
    hb_face_t *face = hb_face_create(blob, 0);
    hb_font_t *font = hb_font_create(face);
    const gl_hyphen_dict *dict = gl_hyphen_dict_for(GL_HYPHEN_DIR, "en-US", NULL);
    if (hb_face_get_glyph_count(face) == 0 || !dict) {
        fprintf(stderr, "paragraph: needs %s and hyphen-en-us\n", FONT);
        return 1;
    }
    article a = {0};
    read_article(&a, font, dict, src, len, want);
    if (a.words == 0) {
        fprintf(stderr, "paragraph: no prose in %s\n", argv[1]);
        return 1;
    }
    double width = MEASURE * a.advance / (double)a.letters;
    /* The PDF writer's settings: TeX's, with an emergency stretch. */
    gl_para_params params;
    gl_para_params_init(&params, width);
    params.emergency_stretch = 3 * measure(font, " ", 1);

    double *ms = malloc(2 * (size_t)runs * sizeof *ms);
    size_t passes[4] = {0}, lines = 0, greedy_lines = 0;
    double ratios = 0;
    const gl_allocator *alloc = gl_allocator_of(NULL);
    for (int r = 0; r <= runs; r++) {
        double t0 = now_ms();
        for (size_t p = 0; p < a.paras; p++) {
            gl_para_result res;
            if (gl_para_break(a.items + a.starts[p], a.starts[p + 1] - a.starts[p], &params, alloc,
                              &res) != GL_OK)
                return 1;
            if (r == 0) {
                passes[res.pass]++;
                lines += res.count;
                for (size_t k = 0; k + 1 < res.count; k++)
                    ratios += res.lines[k].ratio;
            }
            gl_free(alloc, res.lines);
        }
        double t1 = now_ms();
        size_t g = 0;
        for (size_t p = 0; p < a.paras; p++)
            g += first_fit(a.items + a.starts[p], a.starts[p + 1] - a.starts[p], width);
        double t2 = now_ms();
        if (r > 0) { /* run 0 warms the caches */
            ms[r - 1] = t1 - t0;
            ms[runs + r - 1] = t2 - t1;
        }
        greedy_lines = g;
    }
    qsort(ms, (size_t)runs, sizeof *ms, compare_doubles);
    qsort(ms + runs, (size_t)runs, sizeof *ms, compare_doubles);
    printf("total-fit %.3f %.3f  first-fit %.3f %.3f\n", ms[runs / 2], ms[0], ms[runs + runs / 2],
           ms[runs]);
    printf("%zu words, %zu paragraphs, %zu items; %zu lines (first fit %zu); passes 1/2/3: "
           "%zu/%zu/%zu; mean stretch ratio of full lines %.2f\n",
           a.words, a.paras, a.n, lines, greedy_lines, passes[1], passes[2], passes[3],
           lines > a.paras ? ratios / (double)(lines - a.paras) : 0);
    free(ms);
    free(a.items);
    free(a.starts);
    hb_font_destroy(font);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    return 0;
}
