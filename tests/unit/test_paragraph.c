/* Total-fit breaking on made-up widths: a character is 1 wide, a space is
 * glue 1 wide that stretches by 1 and shrinks by 0.5 unless a test says
 * otherwise. Paragraphs are written as text: '|' inside a word is a
 * hyphenation point (a hyphen 1 wide, penalty 50), '-' an explicit hyphen
 * after which a line may end (penalty 50, flagged), '\n' a forced break. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>
#include "layout/paragraph.h"
#include "util/alloc.h"

#define MAX_ITEMS 4096

typedef struct para {
    gl_item items[MAX_ITEMS];
    char text[MAX_ITEMS][32]; /* what each item shows: a box's letters, " " for glue */
    size_t n;
} para;

static void push(para *p, gl_item it, const char *shown, size_t len) {
    assert_true(p->n < MAX_ITEMS && len < 32);
    p->items[p->n] = it;
    memcpy(p->text[p->n], shown, len);
    p->text[p->n][len] = '\0';
    p->n++;
}

/* Builds the items of `src` with spaces of glue (1, stretch, shrink). */
static void build_glue(para *p, const char *src, double stretch, double shrink) {
    p->n = 0;
    size_t i = 0, len = strlen(src);
    while (i < len) {
        if (src[i] == ' ') {
            push(p, (gl_item){1, stretch, shrink, 0, GL_ITEM_GLUE, 0}, " ", 1);
            i++;
        } else if (src[i] == '\n') {
            push(p, (gl_item){0, 0, 0, -GL_PENALTY_INF, GL_ITEM_PENALTY, 0}, "", 0);
            i++;
        } else if (src[i] == '|') {
            push(p, (gl_item){1, 0, 0, 50, GL_ITEM_PENALTY, GL_ITEM_FLAGGED | GL_ITEM_HYPHENATION},
                 "", 0);
            i++;
        } else {
            size_t s = i;
            while (i < len && !strchr(" \n|", src[i]) && (i == s || src[i - 1] != '-'))
                i++;
            push(p, (gl_item){(double)(i - s), 0, 0, 0, GL_ITEM_BOX, 0}, src + s, i - s);
            if (src[i - 1] == '-')
                push(p, (gl_item){0, 0, 0, 50, GL_ITEM_PENALTY, GL_ITEM_FLAGGED}, "", 0);
        }
    }
}

static void build(para *p, const char *src) { build_glue(p, src, 1, 0.5); }

/* The lines as text joined by '/', a hyphen shown where one is set. */
static void show(const para *p, const gl_para_result *r, char *out, size_t cap) {
    size_t o = 0, start = 0;
    out[0] = '\0';
    for (size_t k = 0; k < r->count; k++) {
        size_t end = r->lines[k].end;
        /* a line starts at its first box */
        while (start < end && p->items[start].type != GL_ITEM_BOX)
            start++;
        for (size_t i = start; i < end; i++) {
            size_t len = strlen(p->text[i]);
            assert_true(o + len + 3 < cap);
            memcpy(out + o, p->text[i], len);
            o += len;
        }
        if (end < p->n && p->items[end].type == GL_ITEM_PENALTY && p->items[end].width > 0)
            out[o++] = '-';
        if (k + 1 < r->count)
            out[o++] = '/';
        out[o] = '\0';
        start = end + 1;
    }
}

static void set(const para *p, const gl_para_params *params, gl_para_result *r, char *out,
                size_t cap) {
    assert_int_equal(gl_para_break(p->items, p->n, params, gl_allocator_of(NULL), r), GL_OK);
    show(p, r, out, cap);
}

/* Breaks `p` with `params` into `r` (the caller frees it with free_lines),
 * which must give the lines `want` as show() writes them. */
static void expect_lines(const para *p, const gl_para_params *params, gl_para_result *r,
                         const char *want) {
    char out[512];
    set(p, params, r, out, sizeof out);
    assert_string_equal(out, want);
}

static void free_lines(gl_para_result *r) { gl_free(gl_allocator_of(NULL), r->lines); }

/* The longest run of lines in a row ending at flagged breaks. */
static unsigned hyphen_run(const gl_para_result *r) {
    unsigned run = 0, longest = 0;
    for (size_t k = 0; k < r->count; k++) {
        run = r->lines[k].flagged ? run + 1 : 0;
        if (run > longest)
            longest = run;
    }
    return longest;
}

/* First fit would leave "jumps" on a line stretched to ratio 1 (badness
 * 100: very loose) and "over" on the next; total fit shrinks the first
 * line instead: 3+5+5+3+5+4 letters and 5 spaces are 30, one more than
 * 29, taken from 2.5 of shrink: ratio -0.4, badness 6.4, decent. Demerits
 * (10 + 6.4)^2 + 10^2 = 368.96, against first fit's (10 + 100)^2 + 10^2
 * plus twice 10000 for going from decent to very loose and back. */
static void test_total_fit(void **state) {
    (void)state;
    para p;
    gl_para_params params;
    gl_para_result r;
    build(&p, "the quick brown fox jumps over the lazy dog");
    gl_para_params_init(&params, 29);
    expect_lines(&p, &params, &r, "the quick brown fox jumps over/the lazy dog");
    assert_int_equal(r.count, 2);
    assert_int_equal(r.pass, 1);
    assert_true(fabs(r.lines[0].ratio + 0.4) < 1e-9);
    assert_true(fabs(r.demerits - 368.96) < 1e-6);
    assert_int_equal(r.overfull, 0);
    free_lines(&r);

    /* 2+5+5+4 and 3 spaces: 19 of 20, ratio 1/3; 7+5+6 and 2: exactly 20;
     * the last line shrinks fully (22 with 2 of shrink) rather than leave
     * "king" alone after a very loose "one there lived a". */
    build(&p, "in olden times when wishing still helped one there lived a king");
    gl_para_params_init(&params, 20);
    expect_lines(&p, &params, &r,
                 "in olden times when/wishing still helped/one there lived a king");
    assert_true(fabs(r.lines[0].ratio - 1.0 / 3) < 1e-9);
    assert_true(r.lines[1].ratio == 0);
    assert_true(fabs(r.lines[2].ratio + 1) < 1e-9);
    assert_true(fabs(r.demerits - (pow(10 + 100.0 / 27, 2) + 100 + 110 * 110)) < 1e-6);
    free_lines(&r);
}

/* The last line is set at its natural width however short, and costs no
 * more than a full one: \parfillskip. A forced break ends a line the same
 * way. */
static void test_last_line_natural(void **state) {
    (void)state;
    para p;
    gl_para_params params;
    gl_para_result r;
    build(&p, "aaaa bbbb cccc dddd e");
    gl_para_params_init(&params, 19);
    expect_lines(&p, &params, &r, "aaaa bbbb cccc dddd/e");
    assert_true(r.lines[1].ratio == 0);
    assert_true(fabs(r.demerits - 200) < 1e-9); /* two lines of badness 0 */
    free_lines(&r);

    build(&p, "aaaa bbbb\ncccc dddd eeee ffff");
    expect_lines(&p, &params, &r, "aaaa bbbb/cccc dddd eeee ffff");
    assert_true(r.lines[0].ratio == 0);
    assert_false(r.lines[0].flagged);
    free_lines(&r);

    /* two forced breaks in a row make an empty line */
    build(&p, "aaaa\n\nbbbb");
    expect_lines(&p, &params, &r, "aaaa//bbbb");
    free_lines(&r);
}

/* The first pass does not hyphenate; the second does when the first finds
 * no lines within pretolerance. */
static void test_passes(void **state) {
    (void)state;
    para p;
    gl_para_params params;
    gl_para_result r;
    char out[512];
    build(&p, "the quick brown fox jum|ps over the la|zy dog");
    gl_para_params_init(&params, 29);
    set(&p, &params, &r, out, sizeof out);
    assert_int_equal(r.pass, 1);
    assert_string_equal(out, "the quick brown fox jumps over/the lazy dog");
    free_lines(&r);

    /* 10 wide: "aaaaaa bbbbbbbbb" cannot be set without a loose line;
     * "aaaaaa bbb-" is exactly full */
    build(&p, "aaaaaa bbb|bbbbbb cc");
    gl_para_params_init(&params, 11);
    set(&p, &params, &r, out, sizeof out);
    assert_int_equal(r.pass, 2);
    assert_string_equal(out, "aaaaaa bbb-/bbbbbb cc");
    assert_true(r.lines[0].flagged);
    assert_true(r.lines[0].ratio == 0);
    free_lines(&r);

    /* first_pass_only: no lines when the first pass fails */
    params.first_pass_only = true;
    assert_int_equal(gl_para_break(p.items, p.n, &params, gl_allocator_of(NULL), &r), GL_OK);
    assert_int_equal(r.count, 0);
    assert_null(r.lines);
    /* no first pass at all: the second is tried at once */
    params.first_pass_only = false;
    params.pretolerance = -1;
    set(&p, &params, &r, out, sizeof out);
    assert_int_equal(r.pass, 2);
    free_lines(&r);
}

/* A word wider than the line leaves one overfull line, reported, and the
 * others are set well; nothing is overfull when it can be avoided. */
static void test_overfull(void **state) {
    (void)state;
    para p;
    gl_para_params params;
    gl_para_result r;
    char out[512];
    build(&p, "aaa bbb cccccccccccccccc ddd eee");
    gl_para_params_init(&params, 7);
    expect_lines(&p, &params, &r, "aaa bbb/cccccccccccccccc/ddd eee");
    assert_int_equal(r.overfull, 1);
    assert_true(r.lines[1].overfull);
    assert_false(r.lines[0].overfull);
    assert_int_equal(r.pass, 3);
    free_lines(&r);

    /* 16 wide, the long word fits exactly; "aaa bbb" has to be very
     * loose, which the last pass takes rather than an overfull line */
    gl_para_params_init(&params, 16);
    set(&p, &params, &r, out, sizeof out);
    assert_int_equal(r.overfull, 0);
    for (size_t k = 0; k < r.count; k++)
        assert_true(r.lines[k].ratio >= -1);
    free_lines(&r);

    /* nothing to stretch (no glue at all) and short: a line that is too
     * loose for any tolerance still comes out, with an infinite ratio */
    build(&p, "aaa-bbb-ccc");
    gl_para_params_init(&params, 5);
    expect_lines(&p, &params, &r, "aaa-/bbb-/ccc");
    assert_true(isinf(r.lines[0].ratio) && r.lines[0].ratio > 0);
    free_lines(&r);
}

/* When neither pass finds lines within the tolerance, the last one sets
 * the paragraph with as few lines past it as it can: 12 wide with no
 * shrink, "aaaaa bbbbbbb" (13) cannot be, so "aaaaa" goes alone (it has
 * no glue: badness 10000) and "bbbbbbb cc" is the last line. With an
 * emergency stretch of 6 the lines are judged as if they had that much
 * more: "aaaaa" alone (7 short) is very loose, 100 (7/6)^3 = 158.8, and
 * "bbbbbbb" alone loose, 100 (5/6)^3 = 57.9, all within the tolerance:
 * (168.8)^2 + (67.9)^2 + 10^2 + 10000 (decent to very loose) is 43203,
 * less than keeping "bbbbbbb cc" as the last line: (168.8)^2 + 10^2 +
 * 2 x 10000 (very loose to decent and back) = 48593. So the slack is
 * shared out rather than left on one line. */
static void test_last_pass(void **state) {
    (void)state;
    para p;
    gl_para_params params;
    gl_para_result r;
    char out[512];
    build_glue(&p, "aaaaa bbbbbbb cc", 1, 0);
    gl_para_params_init(&params, 12);
    set(&p, &params, &r, out, sizeof out);
    assert_int_equal(r.pass, 3);
    assert_string_equal(out, "aaaaa/bbbbbbb cc");
    assert_int_equal(r.overfull, 0);
    assert_true(isinf(r.lines[0].ratio)); /* its own glue: none, it is one word */
    free_lines(&r);

    params.emergency_stretch = 6;
    set(&p, &params, &r, out, sizeof out);
    assert_int_equal(r.pass, 3);
    assert_string_equal(out, "aaaaa/bbbbbbb/cc");
    assert_int_equal(r.overfull, 0);
    assert_true(fabs(r.demerits - (pow(10 + 100 * pow(7 / 6.0, 3), 2) +
                                   pow(10 + 100 * pow(5 / 6.0, 3), 2) + 100 + 10000)) < 1e-6);
    free_lines(&r);
}

static double least_cost(const para *p, double width, double tolerance, double double_hyphen);

/* Lines ending in hyphens: at most two in a row, even where a third would
 * cost less; without the limit, the same paragraph takes a third. */
static void test_hyphen_runs(void **state) {
    (void)state;
    para p;
    gl_para_params params;
    gl_para_result r;
    char out[1024];
    /* No stretch and no shrink: only exactly full lines are good (badness
     * 0; a short line is 10000, feasible at this tolerance), and a line is
     * full only when it ends "xxx-": "aaaaaa xxx-" and "yyy bb xxx-" are
     * both 11. */
    const char *src = "aaaaaa xxx|yyy bb xxx|yyy bb xxx|yyy bb xxx|yyy ee";
    build_glue(&p, src, 0, 0);
    gl_para_params_init(&params, 11);
    params.pretolerance = -1;
    params.tolerance = 10000;
    params.max_hyphen_run = 0;
    expect_lines(&p, &params, &r, "aaaaaa xxx-/yyy bb xxx-/yyy bb xxx-/yyy bb xxx-/yyy ee");
    assert_int_equal(hyphen_run(&r), 4);
    free_lines(&r);

    params.max_hyphen_run = 2;
    set(&p, &params, &r, out, sizeof out);
    /* The third line must not end flagged, and no other line is full:
     * "yyy bb" and "xxxyyy bb" are short (badness 10000 each), which costs
     * less than the hyphens that "xxx-/yyy bb xxx-/yyy ee" would add. */
    assert_string_equal(out, "aaaaaa xxx-/yyy bb xxx-/yyy bb/xxxyyy bb/xxxyyy ee");
    assert_int_equal(hyphen_run(&r), 2);
    free_lines(&r);

    /* Which of two ways into a break is best can depend on the hyphens
     * before it: here the cheaper way into a break ends a second
     * hyphenated line, and only the dearer one (one hyphen) may go on with
     * a hyphen, which the best setting needs. Keeping one node a fitness
     * class, as TeX does, would lose it; the exhaustive search says what
     * the least is. */
    build_glue(&p, "abcd|e|f ab|c abc|d ab|c|d ab", 1, 0.4);
    gl_para_params_init(&params, 6);
    params.pretolerance = -1;
    params.tolerance = 10000;
    params.double_hyphen_demerits = 0;
    set(&p, &params, &r, out, sizeof out);
    assert_true(fabs(r.demerits - least_cost(&p, 6, 10000, 0)) < 1e-6);
    assert_true(hyphen_run(&r) <= 2);
    free_lines(&r);
}

/* The first lines may be of other widths (beside a drop-in or an
 * indented list), given by a callback. */
static double narrow_first(void *userdata, size_t line) {
    size_t *calls = userdata;
    (*calls)++;
    return line == 0 ? 9 : 19;
}

static void test_line_widths(void **state) {
    (void)state;
    para p;
    gl_para_params params;
    gl_para_result r;
    size_t calls = 0;
    build(&p, "aaaa bbbb cccc dddd eeee ffff gggg");
    gl_para_params_init(&params, 19);
    params.line_width = narrow_first;
    params.line_width_data = &calls;
    params.varying_lines = 1;
    expect_lines(&p, &params, &r, "aaaa bbbb/cccc dddd eeee ffff/gggg");
    assert_true(calls > 0);
    free_lines(&r);

    params.line_width = NULL;
    expect_lines(&p, &params, &r, "aaaa bbbb cccc dddd/eeee ffff gggg");
    free_lines(&r);
}

/* Ragged right: word spaces keep their width and the line ends take the
 * slack (plain TeX's \raggedright), judged like any stretch: "aaa bbb ccc"
 * is 1 short of 12 with 4 of stretch (ratio 0.25, decent), and
 * "dddddddddd" 2 short (0.5, loose): (10 + 1.6)^2 + (10 + 12.5)^2 + 10^2;
 * ending the first line after "bbb" would make it very loose. */
static void test_ragged(void **state) {
    (void)state;
    para p;
    gl_para_params params;
    gl_para_result r;
    build_glue(&p, "aaa bbb ccc dddddddddd eee fff", 0, 0);
    gl_para_params_init(&params, 12);
    params.line_stretch = 4;
    expect_lines(&p, &params, &r, "aaa bbb ccc/dddddddddd/eee fff");
    assert_true(fabs(r.lines[0].ratio - 0.25) < 1e-9);
    assert_true(fabs(r.lines[1].ratio - 0.5) < 1e-9);
    assert_true(fabs(r.demerits - (pow(10 + 100 / 64.0, 2) + 22.5 * 22.5 + 100)) < 1e-6);
    free_lines(&r);
}

/* ---- every way of breaking, for small paragraphs ---- */

/* TeX's rules written out plainly, line by line, for the exhaustive search
 * below: the demerits of breaking p at breaks[0..count) (item indices, the
 * last one p->n), or -1 when a line is overfull or past `tolerance`, or
 * more than two lines in a row end flagged. */
static double cost_of(const para *p, const size_t *breaks, size_t count, double width,
                      double tolerance, double double_hyphen) {
    double total = 0;
    int prev_fit = 2;
    bool prev_flagged = false;
    unsigned run = 0;
    size_t start = 0;
    for (size_t k = 0; k < count; k++) {
        size_t end = breaks[k];
        while (start < end && p->items[start].type != GL_ITEM_BOX)
            start++;
        double len = 0, y = 0, z = 0;
        for (size_t i = start; i < end; i++) {
            if (p->items[i].type != GL_ITEM_PENALTY) {
                len += p->items[i].width;
                y += p->items[i].stretch;
                z += p->items[i].shrink;
            }
        }
        const gl_item *at = end < p->n ? &p->items[end] : NULL;
        bool pen = at && at->type == GL_ITEM_PENALTY;
        bool flagged = pen && (at->flags & GL_ITEM_FLAGGED);
        double pi = pen ? at->penalty : 0;
        len += pen ? at->width : 0;
        double bad = 0;
        int fit = 2;
        if (len < width && at) {
            double r = y > 0 ? (width - len) / y : 1e9;
            bad = r > 4.65 ? 10000 : 100 * r * r * r;
            fit = bad > 99 ? 0 : bad > 12 ? 1 : 2;
        } else if (len > width) {
            if (len - width > z + 1e-9)
                return -1;
            double r = (len - width) / z;
            bad = 100 * r * r * r;
            fit = bad > 12 ? 3 : 2;
        }
        run = flagged ? run + 1 : 0;
        if (bad > tolerance || run > 2)
            return -1;
        double d = (10 + bad >= 10000 ? 1e8 : (10 + bad) * (10 + bad)) + (pi > 0 ? pi * pi : 0);
        if (prev_flagged && (flagged || !at))
            d += at ? double_hyphen : 5000;
        if (abs(fit - prev_fit) > 1)
            d += 10000;
        total += d;
        prev_fit = fit;
        prev_flagged = flagged;
        start = end + 1;
    }
    return total;
}

/* The least demerits of all ways (none: -1), by trying every subset of
 * the legal breaks. */
static double least_cost(const para *p, double width, double tolerance, double double_hyphen) {
    size_t legal[24], nlegal = 0, breaks[25];
    for (size_t i = 0; i < p->n; i++) {
        const gl_item *it = &p->items[i];
        if ((it->type == GL_ITEM_GLUE && i > 0 && p->items[i - 1].type == GL_ITEM_BOX) ||
            (it->type == GL_ITEM_PENALTY && it->penalty < GL_PENALTY_INF)) {
            assert_true(nlegal < 24);
            legal[nlegal++] = i;
        }
    }
    double best = -1;
    for (unsigned long set = 0; set < 1ul << nlegal; set++) {
        size_t count = 0;
        for (size_t k = 0; k < nlegal; k++)
            if (set & (1ul << k))
                breaks[count++] = legal[k];
        breaks[count++] = p->n;
        double c = cost_of(p, breaks, count, width, tolerance, double_hyphen);
        if (c >= 0 && (best < 0 || c < best))
            best = c;
    }
    return best;
}

/* Random paragraphs of up to 14 breaks: wherever some way of breaking
 * stays within the tolerance, the second pass finds one of least demerits,
 * as the exhaustive search does (hyphen runs included). */
static void test_least_demerits(void **state) {
    (void)state;
    para p;
    gl_para_params params;
    gl_para_result r;
    char src[128], out[512];
    unsigned seed = 17, compared = 0;
    for (int trial = 0; trial < 400; trial++) {
        size_t o = 0, legal = 0;
        while (legal < 14) {
            seed = seed * 1103515245u + 12345u;
            int letters = 1 + (int)(seed >> 16) % 7;
            for (int k = 0; k < letters; k++) {
                src[o++] = (char)('a' + k);
                seed = seed * 1103515245u + 12345u;
                if (k > 0 && k + 1 < letters && (seed >> 16) % (trial % 2 ? 2 : 4) == 0 &&
                    legal < 14) {
                    src[o++] = '|';
                    legal++;
                }
            }
            src[o++] = ' ';
            legal++;
        }
        src[o - 1] = '\0';
        /* every other paragraph has stiff spaces and more hyphens */
        build_glue(&p, src, trial % 2 ? 0.25 : 1, trial % 2 ? 0.1 : 0.5);
        /* and one in four has hyphens in a row for free, so that only the
         * limit of two keeps a third away */
        double dh = trial % 4 == 3 ? 0 : 10000;
        double width = 10 + trial % 11, best = least_cost(&p, width, 200, dh);
        gl_para_params_init(&params, width);
        params.pretolerance = -1;
        params.double_hyphen_demerits = dh;
        set(&p, &params, &r, out, sizeof out);
        if (best >= 0) {
            assert_int_equal(r.pass, 2);
            assert_true(fabs(r.demerits - best) <= 1e-9 * best);
            size_t breaks[32];
            for (size_t k = 0; k < r.count; k++)
                breaks[k] = r.lines[k].end;
            assert_true(fabs(cost_of(&p, breaks, r.count, width, 200, dh) - best) <= 1e-9 * best);
            compared++;
        } else {
            assert_int_equal(r.pass, 3);
        }
        free_lines(&r);
    }
    assert_true(compared > 150);
}

/* ---- size and memory ---- */

/* 100,000 words in one paragraph: the active list stays short, so this
 * takes milliseconds (the ctest TIMEOUT is the backstop against a
 * quadratic breaker), and every line is set within the tolerance. */
static void test_long_paragraph(void **state) {
    (void)state;
    size_t n = 0, words = 100000;
    gl_item *items = malloc(3 * words * sizeof *items);
    assert_non_null(items);
    unsigned seed = 5;
    for (size_t k = 0; k < words; k++) {
        seed = seed * 1103515245u + 12345u;
        double len = 2 + (seed >> 16) % 9;
        if (len > 6) { /* a hyphenation point in the longer words */
            items[n++] = (gl_item){3, 0, 0, 0, GL_ITEM_BOX, 0};
            items[n++] =
                (gl_item){1, 0, 0, 50, GL_ITEM_PENALTY, GL_ITEM_FLAGGED | GL_ITEM_HYPHENATION};
            len -= 3;
        }
        items[n++] = (gl_item){len, 0, 0, 0, GL_ITEM_BOX, 0};
        if (k + 1 < words)
            items[n++] = (gl_item){1, 0.5, 1.0 / 3, 0, GL_ITEM_GLUE, 0};
    }
    gl_para_params params;
    gl_para_result r;
    gl_para_params_init(&params, 66);
    assert_int_equal(gl_para_break(items, n, &params, gl_allocator_of(NULL), &r), GL_OK);
    assert_true(r.count > words * 6 / 66);
    assert_true(r.pass <= 2);
    assert_int_equal(r.overfull, 0);
    unsigned run = 0;
    for (size_t k = 0; k + 1 < r.count; k++) {
        assert_true(r.lines[k].ratio >= -1 - 1e-9 && r.lines[k].ratio <= 1.26);
        run = r.lines[k].flagged ? run + 1 : 0;
        assert_true(run <= 2);
    }
    free_lines(&r);
    free(items);
}

/* An allocator that fails from its `limit`-th call on. */
typedef struct failing {
    size_t calls, limit, live;
} failing;

static void *fail_malloc(void *ctx, size_t size) {
    failing *f = ctx;
    if (++f->calls >= f->limit)
        return NULL;
    f->live++;
    return malloc(size);
}

static void *fail_realloc(void *ctx, void *ptr, size_t size) {
    failing *f = ctx;
    if (++f->calls >= f->limit)
        return NULL;
    f->live += ptr == NULL;
    return realloc(ptr, size);
}

static void fail_free(void *ctx, void *ptr) {
    failing *f = ctx;
    f->live -= ptr != NULL;
    free(ptr);
}

/* Each allocation failing in turn gives GL_ENOMEM and frees what it had. */
static void test_out_of_memory(void **state) {
    (void)state;
    para p;
    gl_para_params params;
    gl_para_result r;
    char src[2048] = "";
    for (int k = 0; k < 100; k++)
        strcat(src, k % 3 ? "lorem ip|sum " : "do|lor sit ");
    build(&p, src);
    gl_para_params_init(&params, 30);
    params.pretolerance = 1; /* the first pass fails: all three allocate */
    params.tolerance = 5;
    for (size_t limit = 1;; limit++) {
        failing f = {0, limit, 0};
        gl_allocator a = {fail_malloc, fail_realloc, fail_free, &f};
        gl_status st = gl_para_break(p.items, p.n, &params, &a, &r);
        if (st == GL_OK) {
            assert_true(limit > 3);
            assert_int_equal(r.pass, 3);
            gl_free(&a, r.lines);
            assert_int_equal(f.live, 0);
            break;
        }
        assert_int_equal(st, GL_ENOMEM);
        assert_int_equal(f.live, 0);
        assert_null(r.lines);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_total_fit),      cmocka_unit_test(test_last_line_natural),
        cmocka_unit_test(test_passes),         cmocka_unit_test(test_overfull),
        cmocka_unit_test(test_last_pass),      cmocka_unit_test(test_hyphen_runs),
        cmocka_unit_test(test_line_widths),    cmocka_unit_test(test_ragged),
        cmocka_unit_test(test_least_demerits), cmocka_unit_test(test_long_paragraph),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
