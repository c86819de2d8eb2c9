/* The line breaker with a fake width (a unit a byte) and with terminal
 * columns on real text: English, Russian, CJK, a long URL. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "galley/galley.h"
#include "layout/linebreak.h"
#include "util/alloc.h"

typedef struct measurer {
    const char *text;
    size_t calls;
    size_t bytes; /* total length measured: must stay linear */
} measurer;

static double per_byte(void *userdata, size_t start, size_t end) {
    measurer *m = userdata;
    m->calls++;
    m->bytes += end - start;
    return (double)(end - start);
}

static double columns(void *userdata, size_t start, size_t end) {
    measurer *m = userdata;
    m->calls++;
    m->bytes += end - start;
    return (double)gl_display_width(m->text + start, end - start);
}

/* Breaks `text` and joins the lines with '|' (hard breaks shown as '/')
 * into `out`, returning the line count. */
static size_t run(const char *text, double max, bool split, gl_measure_fn fn, char *out, size_t cap,
                  measurer *m) {
    gl_linebreak_params params = {max, NULL, split};
    gl_line *lines = NULL;
    size_t count = 0;
    measurer local = {text, 0, 0};
    if (!m)
        m = &local;
    m->text = text;
    const gl_allocator *a = gl_allocator_of(NULL);
    assert_int_equal(gl_linebreak(text, strlen(text), &params, fn, m, a, &lines, &count), GL_OK);
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < count; i++) {
        size_t n = lines[i].end - lines[i].start;
        assert_true(lines[i].start <= lines[i].end);
        assert_true(used + n + 2 < cap);
        memcpy(out + used, text + lines[i].start, n);
        used += n;
        if (i + 1 < count)
            out[used++] = lines[i].hard ? '/' : '|';
        out[used] = '\0';
        double expect = fn(m, lines[i].start, lines[i].end);
        assert_true(lines[i].width == expect);
    }
    if (count)
        assert_true(lines[count - 1].hard);
    gl_free(a, lines);
    return count;
}

static void test_greedy_fill(void **state) {
    (void)state;
    char out[512];
    assert_int_equal(run("the quick brown fox jumps over the lazy dog", 10, false, per_byte, out,
                         sizeof out, NULL),
                     5);
    assert_string_equal(out, "the quick|brown fox|jumps over|the lazy|dog");
    /* a line exactly max wide fits */
    run("aaaa bbbb", 9, false, per_byte, out, sizeof out, NULL);
    assert_string_equal(out, "aaaa bbbb");
    run("aaaa bbbb", 8, false, per_byte, out, sizeof out, NULL);
    assert_string_equal(out, "aaaa|bbbb");
    /* spaces at a break are left out, however many */
    run("aaaa      bbbb   ", 6, false, per_byte, out, sizeof out, NULL);
    assert_string_equal(out, "aaaa|bbbb");
    /* hyphens are break opportunities (UAX #14 BA class) */
    run("well-known", 6, false, per_byte, out, sizeof out, NULL);
    assert_string_equal(out, "well-|known");
}

static void test_no_wrapping(void **state) {
    (void)state;
    char out[512];
    assert_int_equal(run("a long line that would wrap", 0, false, per_byte, out, sizeof out, NULL),
                     1);
    assert_string_equal(out, "a long line that would wrap");
    assert_int_equal(run("one\ntwo three", -1, true, per_byte, out, sizeof out, NULL), 2);
    assert_string_equal(out, "one/two three");
}

static void test_mandatory_breaks(void **state) {
    (void)state;
    char out[512];
    assert_int_equal(run("a b\nc d", 80, false, per_byte, out, sizeof out, NULL), 2);
    assert_string_equal(out, "a b/c d");
    /* an empty line between two newlines; the spaces before a newline go */
    assert_int_equal(run("a  \n\nb", 80, false, per_byte, out, sizeof out, NULL), 3);
    assert_string_equal(out, "a//b");
    /* a final newline ends the last line, it does not open another */
    assert_int_equal(run("a\n", 80, false, per_byte, out, sizeof out, NULL), 1);
    assert_string_equal(out, "a");
    /* CR LF is one break */
    assert_int_equal(run("a\r\nb", 80, false, per_byte, out, sizeof out, NULL), 2);
    assert_string_equal(out, "a/b");
    /* soft breaks and hard ones mixed */
    run("aaa bbb ccc\nddd", 7, false, per_byte, out, sizeof out, NULL);
    assert_string_equal(out, "aaa bbb|ccc/ddd");
}

static void test_empty_and_blank(void **state) {
    (void)state;
    char out[64];
    gl_line *lines = (gl_line *)out;
    size_t count = 7;
    gl_linebreak_params params = {10, NULL, false};
    measurer m = {"", 0, 0};
    assert_int_equal(
        gl_linebreak("", 0, &params, per_byte, &m, gl_allocator_of(NULL), &lines, &count), GL_OK);
    assert_null(lines);
    assert_int_equal(count, 0);
    /* spaces only: one empty line */
    assert_int_equal(run("     ", 3, false, per_byte, out, sizeof out, NULL), 1);
    assert_string_equal(out, "");
    /* leading spaces stay at the paragraph start when the word fits... */
    run("  ab cd", 5, false, per_byte, out, sizeof out, NULL);
    assert_string_equal(out, "  ab|cd");
    /* ...and go when they would push the first word over */
    run("    abcd", 5, false, per_byte, out, sizeof out, NULL);
    assert_string_equal(out, "abcd");
}

static void test_long_words(void **state) {
    (void)state;
    char out[1024];
    /* without splitting, the word overflows alone on its line */
    run("a abcdefghij b", 4, false, per_byte, out, sizeof out, NULL);
    assert_string_equal(out, "a|abcdefghij|b");
    /* with splitting, pieces fill the lines and the tail takes the next word */
    run("a abcdefghij b", 4, true, per_byte, out, sizeof out, NULL);
    assert_string_equal(out, "a|abcd|efgh|ij b");
    /* a cluster wider than the line still goes, one a line */
    run("\xe6\xbc\xa2\xe5\xad\x97", 1, true, columns, out, sizeof out, NULL);
    assert_string_equal(out, "\xe6\xbc\xa2|\xe5\xad\x97");
    /* a combining accent stays with its base letter: e + U+0301 */
    run("xe\xcc\x81y", 2, true, columns, out, sizeof out, NULL);
    assert_string_equal(out, "xe\xcc\x81|y");
    /* a flag (two regional indicators) is one cluster */
    run("\xf0\x9f\x87\xab\xf0\x9f\x87\xb7\xf0\x9f\x87\xab\xf0\x9f\x87\xb7", 2, true, per_byte, out,
        sizeof out, NULL);
    assert_string_equal(out, "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7|\xf0\x9f\x87\xab\xf0\x9f\x87\xb7");
}

static void test_url(void **state) {
    (void)state;
    char url[400], text[420], out[1024];
    strcpy(url, "https://example.com/");
    while (strlen(url) < 300)
        strcat(url, "abcdefghij");
    url[300] = '\0';
    snprintf(text, sizeof text, "see %s now", url);
    /* overflowing: the URL may break after '/' only as UAX #14 allows; no
     * opportunity inside the run of letters, so it stays whole */
    size_t n = run(text, 40, false, per_byte, out, sizeof out, NULL);
    assert_true(n >= 3);
    assert_non_null(strstr(out, "abcdefghijabcdefghij"));
    measurer m = {text, 0, 0};
    n = run(text, 40, true, per_byte, out, sizeof out, &m);
    /* every piece fits when splitting */
    gl_linebreak_params params = {40, NULL, true};
    gl_line *lines;
    size_t count;
    assert_int_equal(gl_linebreak(text, strlen(text), &params, per_byte, &m, gl_allocator_of(NULL),
                                  &lines, &count),
                     GL_OK);
    for (size_t i = 0; i < count; i++)
        assert_true(lines[i].width <= 40);
    assert_true(count >= 8);
    gl_free(gl_allocator_of(NULL), lines);
}

/* Inside a URL, breaks as the Chicago Manual of Style has them: after
 * "//", before '.', '-', '?', '/', before and after '=' and '&', never
 * after a '-' (it would read as a hyphenation); UAX #14's own after '/'
 * and '?' stay. */
static void test_url_breaks(void **state) {
    (void)state;
    char out[256];
    run("https://ab.cd/ef-gh?ij=kl&mn", 1, false, per_byte, out, sizeof out, NULL);
    assert_string_equal(out, "https://|ab|.cd|/|ef|-gh|?|ij|=|kl|&|mn");
    /* not in a word without "://" */
    run("ab.cd/ef-gh", 1, false, per_byte, out, sizeof out, NULL);
    assert_string_equal(out, "ab.cd/|ef-|gh");
}

static void test_keep_urls(void **state) {
    (void)state;
    const char *text = "see https://example.com/a/b/c and www.example.com/x/y ok";
    gl_linebreak_params params = {12, NULL, false, false};
    measurer m = {text, 0, 0};
    gl_line *lines;
    size_t count;
    const gl_allocator *a = gl_allocator_of(NULL);
    /* UAX #14 allows a break after '/' */
    assert_int_equal(gl_linebreak(text, strlen(text), &params, per_byte, &m, a, &lines, &count),
                     GL_OK);
    assert_int_equal(lines[0].end, 12); /* "see https://" */
    gl_free(a, lines);
    params.keep_urls = true;
    assert_int_equal(gl_linebreak(text, strlen(text), &params, per_byte, &m, a, &lines, &count),
                     GL_OK);
    assert_int_equal(count, 5);
    assert_int_equal(lines[1].start, 4);
    assert_int_equal(lines[1].end, 29);                  /* https://example.com/a/b/c */
    assert_int_equal(lines[3].end - lines[3].start, 19); /* www.example.com/x/y */
    gl_free(a, lines);
}

static void test_languages(void **state) {
    (void)state;
    char out[1024];
    /* Russian: columns, not bytes (each letter is 2 bytes, 1 column) */
    run("\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82 \xd0\xbc\xd0\xb8\xd1\x80 "
        "\xd0\xb8 \xd0\xb2\xd1\x81\xd0\xb5\xd0\xbc",
        10, false, columns, out, sizeof out, NULL);
    assert_string_equal(out, "\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82 \xd0\xbc\xd0\xb8"
                             "\xd1\x80|\xd0\xb8 \xd0\xb2\xd1\x81\xd0\xb5\xd0\xbc");
    /* CJK: breaks between ideographs, 2 columns each; no break before the
     * full stop (UAX #14 CL class) */
    const char *zh = "\xe6\x88\x91\xe4\xbb\xac\xe5\xad\xa6\xe4\xb9\xa0\xe4\xb8\xad\xe6\x96\x87"
                     "\xe3\x80\x82"; /* 我们学习中文。 */
    assert_int_equal(gl_display_width(zh, strlen(zh)), 14);
    run(zh, 6, false, columns, out, sizeof out, NULL);
    assert_string_equal(out, "\xe6\x88\x91\xe4\xbb\xac\xe5\xad\xa6|\xe4\xb9\xa0\xe4\xb8\xad|"
                             "\xe6\x96\x87\xe3\x80\x82");
    /* English with punctuation: a comma stays with its word */
    run("Hello, world. How are you?", 12, false, columns, out, sizeof out, NULL);
    assert_string_equal(out, "Hello,|world. How|are you?");
    /* flags (regional indicators) abort libunibreak 1.1 unless worked around */
    run("go \xf0\x9f\x87\xab\xf0\x9f\x87\xb7 and \xf0\x9f\x87\xaf\xf0\x9f\x87\xb5", 4, false,
        per_byte, out, sizeof out, NULL);
    assert_string_equal(out,
                        "go|\xf0\x9f\x87\xab\xf0\x9f\x87\xb7|and|\xf0\x9f\x87\xaf\xf0\x9f\x87\xb5");
}

static void test_display_width(void **state) {
    (void)state;
    assert_int_equal(gl_display_width("", 0), 0);
    assert_int_equal(gl_display_width("abc", 3), 3);
    assert_int_equal(gl_display_width("\xe6\xbc\xa2", 3), 2);     /* wide ideograph */
    assert_int_equal(gl_display_width("e\xcc\x81", 3), 1);        /* combining acute */
    assert_int_equal(gl_display_width("a\tb\x01", 4), 2);         /* controls count 0 */
    assert_int_equal(gl_display_width("\xd0\xbc\xd0\xb8", 4), 2); /* Cyrillic */
    assert_int_equal(gl_display_width("\xef\xbc\xa1", 3), 2);     /* fullwidth A */
    assert_int_equal(gl_display_width("\xff"
                                      "a",
                                      2),
                     2); /* bad byte: U+FFFD, 1 */
}

static void test_linear(void **state) {
    (void)state;
    /* 20,000 words: the breaker measures each byte a bounded number of times */
    size_t words = 20000, len = words * 6;
    char *text = malloc(len + 1);
    assert_non_null(text);
    for (size_t i = 0; i < words; i++)
        memcpy(text + i * 6, "abcde ", 6);
    text[len] = '\0';
    measurer m = {text, 0, 0};
    gl_linebreak_params params = {70, NULL, false};
    gl_line *lines;
    size_t count;
    assert_int_equal(
        gl_linebreak(text, len, &params, per_byte, &m, gl_allocator_of(NULL), &lines, &count),
        GL_OK);
    assert_int_equal(count, (words + 10) / 11); /* 11 words: 65 columns */
    assert_true(m.calls <= 3 * words);
    assert_true(m.bytes <= 3 * len);
    gl_free(gl_allocator_of(NULL), lines);
    /* one giant word split with break_long_words: still linear */
    memset(text, 'x', len);
    m.calls = m.bytes = 0;
    params.break_long_words = true;
    assert_int_equal(
        gl_linebreak(text, len, &params, per_byte, &m, gl_allocator_of(NULL), &lines, &count),
        GL_OK);
    assert_int_equal(count, (len + 69) / 70);
    assert_true(m.bytes <= 3 * len);
    gl_free(gl_allocator_of(NULL), lines);
    free(text);
}

static int fail_after;
static void *failing_malloc(void *ctx, size_t size) {
    (void)ctx;
    return fail_after-- > 0 ? malloc(size) : NULL;
}
static void *failing_realloc(void *ctx, void *p, size_t size) {
    (void)ctx;
    return fail_after-- > 0 ? realloc(p, size) : NULL;
}
static void plain_free(void *ctx, void *p) {
    (void)ctx;
    free(p);
}

static void test_out_of_memory(void **state) {
    (void)state;
    const gl_allocator failing = {failing_malloc, failing_realloc, plain_free, NULL};
    const char *text = "some words to break over lines";
    gl_linebreak_params params = {5, NULL, false};
    for (int n = 0; n < 2; n++) {
        fail_after = n;
        gl_line *lines = (gl_line *)text;
        size_t count = 9;
        measurer m = {text, 0, 0};
        assert_int_equal(
            gl_linebreak(text, strlen(text), &params, per_byte, &m, &failing, &lines, &count),
            GL_ENOMEM);
        assert_null(lines);
        assert_int_equal(count, 0);
    }
}

/* A fake hyphenator: every third byte of a word longer than four bytes. */
static size_t every_third(void *userdata, const char *word, size_t len, size_t *points,
                          size_t max) {
    size_t *calls = userdata, n = 0;
    (void)word;
    (*calls)++;
    for (size_t k = 3; len > 4 && k + 2 <= len && n < max; k += 3)
        points[n++] = k;
    return n;
}

/* Breaks with hyphenation, joining the lines with '|' and a drawn hyphen. */
static void run_hyphen(const char *text, double max, double loose, char *out, size_t *calls) {
    gl_linebreak_params params = {max, NULL, true, false, every_third, calls, 1, loose};
    gl_line *lines = NULL;
    size_t count = 0, used = 0;
    measurer m = {text, 0, 0};
    assert_int_equal(gl_linebreak(text, strlen(text), &params, per_byte, &m, gl_allocator_of(NULL),
                                  &lines, &count),
                     GL_OK);
    for (size_t i = 0; i < count; i++) {
        memcpy(out + used, text + lines[i].start, lines[i].end - lines[i].start);
        used += lines[i].end - lines[i].start;
        if (lines[i].hyphen)
            out[used++] = '-';
        assert_true(lines[i].width <= max);
        assert_true(lines[i].width == (double)(lines[i].end - lines[i].start) + lines[i].hyphen);
        if (i + 1 < count)
            out[used++] = '|';
    }
    out[used] = '\0';
    gl_free(gl_allocator_of(NULL), lines);
}

static void test_hyphenation(void **state) {
    (void)state;
    char out[256];
    size_t calls = 0;
    /* "ab cdefghijkl": the line "ab" would keep 8 of 10 free with one
     * space: loose, so the word is cut at its last point that fits. */
    run_hyphen("ab cdefghijkl mn", 10, 1.0, out, &calls);
    assert_string_equal(out, "ab cdefgh-|ijkl mn");
    assert_int_equal(calls, 1);
    /* A line that is merely a little short keeps its words whole. */
    calls = 0;
    run_hyphen("abcdefg hij klmnopqrs", 12, 1.0, out, &calls);
    assert_string_equal(out, "abcdefg hij|klmnopqrs");
    assert_int_equal(calls, 0);
    /* Pieces of a URL or compound are never hyphenated. */
    calls = 0;
    run_hyphen("ab c/defghijklm", 10, 1.0, out, &calls);
    assert_int_equal(calls, 0);
    /* No hyphenator: as before. */
    gl_linebreak_params params = {10, NULL, true};
    gl_line *lines = NULL;
    size_t count = 0;
    measurer m = {"ab cdefghijkl", 0, 0};
    assert_int_equal(gl_linebreak("ab cdefghijkl", 13, &params, per_byte, &m, gl_allocator_of(NULL),
                                  &lines, &count),
                     GL_OK);
    assert_int_equal(count, 2);
    assert_false(lines[0].hyphen);
    gl_free(gl_allocator_of(NULL), lines);
}

/* ---- total fit ---- */

/* Breaks `text` with total fit at `width` (a unit a byte; spaces stretch by
 * 1 and shrink by 0.5 of their width unless `ragged`), with every_third as
 * the hyphenator when `calls` is given; lines joined as run() does, a
 * hyphen shown where one is set. */
static size_t run_fit(const char *text, double width, size_t *calls, bool ragged, char *out,
                      size_t cap) {
    gl_para_params fit;
    gl_para_params_init(&fit, width);
    fit.emergency_stretch = 3;
    gl_linebreak_params params = {0, NULL, true, false, calls ? every_third : NULL, calls, 1, 0};
    params.fit = &fit;
    params.stretch = ragged ? 0 : 1;
    params.shrink = ragged ? 0 : 0.5;
    fit.line_stretch = ragged ? 4 : 0;
    gl_line *lines = NULL;
    size_t count = 0, used = 0;
    measurer m = {text, 0, 0};
    assert_int_equal(gl_linebreak(text, strlen(text), &params, per_byte, &m, gl_allocator_of(NULL),
                                  &lines, &count),
                     GL_OK);
    out[0] = '\0';
    for (size_t i = 0; i < count; i++) {
        size_t n = lines[i].end - lines[i].start;
        assert_true(lines[i].start <= lines[i].end && used + n + 3 < cap);
        memcpy(out + used, text + lines[i].start, n);
        used += n;
        if (lines[i].hyphen)
            out[used++] = '-';
        assert_true(lines[i].width == (double)n + lines[i].hyphen);
        if (i + 1 < count)
            out[used++] = lines[i].hard ? '/' : '|';
        out[used] = '\0';
    }
    if (count)
        assert_true(lines[count - 1].hard);
    gl_free(gl_allocator_of(NULL), lines);
    return count;
}

static double narrow_first_line(void *userdata, size_t line) {
    (void)userdata;
    return line == 0 ? 9 : 19;
}

static void test_total_fit(void **state) {
    (void)state;
    char out[512];
    /* first fit ends the first line at "jumps", very loose; total fit
     * shrinks it to take "over" too (test_paragraph.c has the sums) */
    run("the quick brown fox jumps over the lazy dog", 29, false, per_byte, out, sizeof out, NULL);
    assert_string_equal(out, "the quick brown fox jumps|over the lazy dog");
    run_fit("the quick brown fox jumps over the lazy dog", 29, NULL, false, out, sizeof out);
    assert_string_equal(out, "the quick brown fox jumps over|the lazy dog");
    /* mandatory breaks, empty lines, spaces at breaks and at the end */
    assert_int_equal(run_fit("a  \n\nb", 80, NULL, false, out, sizeof out), 3);
    assert_string_equal(out, "a//b");
    assert_int_equal(run_fit("a b\n", 80, NULL, false, out, sizeof out), 1);
    assert_string_equal(out, "a b");
    assert_int_equal(run_fit("     ", 3, NULL, false, out, sizeof out), 1);
    assert_string_equal(out, "");
    run_fit("  ab cd ", 5, NULL, false, out, sizeof out);
    assert_string_equal(out, "  ab|cd");
    run_fit("aaaa bbbb   \n   cccc", 80, NULL, false, out, sizeof out);
    assert_string_equal(out, "aaaa bbbb/cccc");
    /* after an explicit hyphen */
    run_fit("well-known", 6, NULL, false, out, sizeof out);
    assert_string_equal(out, "well-|known");
    /* a first line of its own width */
    gl_para_params fit;
    gl_para_params_init(&fit, 19);
    fit.line_width = narrow_first_line;
    fit.varying_lines = 1;
    gl_linebreak_params params = {0, NULL, true};
    params.fit = &fit;
    params.stretch = 1;
    params.shrink = 0.5;
    const char *text = "aaaa bbbb cccc dddd eeee ffff gggg";
    measurer m = {text, 0, 0};
    gl_line *lines;
    size_t count;
    assert_int_equal(gl_linebreak(text, strlen(text), &params, per_byte, &m, gl_allocator_of(NULL),
                                  &lines, &count),
                     GL_OK);
    assert_int_equal(count, 3);
    assert_int_equal(lines[0].end, 9);
    assert_int_equal(lines[1].start, 10);
    assert_int_equal(lines[1].end, 29);
    gl_free(gl_allocator_of(NULL), lines);
}

/* Words are hyphenated only when the paragraph cannot be set well without:
 * the hyphenator is not even called otherwise. */
static void test_total_fit_hyphens(void **state) {
    (void)state;
    char out[512];
    size_t calls = 0;
    run_fit("the quick brown fox jumps over the lazy dog", 29, &calls, false, out, sizeof out);
    assert_string_equal(out, "the quick brown fox jumps over|the lazy dog");
    assert_int_equal(calls, 0);
    /* 11 wide: "aaaaaa" alone cannot stretch, "aaaaaa bbbbbbbbb" is 16;
     * "aaaaaa bbb-" is full (every_third cuts after 3 and 6) */
    run_fit("aaaaaa bbbbbbbbb cc", 11, &calls, false, out, sizeof out);
    assert_string_equal(out, "aaaaaa bbb-|bbbbbb cc");
    assert_true(calls > 0);
}

/* A word wider than the line is cut between grapheme clusters, and CJK
 * breaks between ideographs, judged with a little stretch there. */
static void test_total_fit_cuts(void **state) {
    (void)state;
    char out[512];
    /* every line exactly full, where first fit leaves "a" alone */
    run_fit("a abcdefghij b", 4, NULL, false, out, sizeof out);
    assert_string_equal(out, "a ab|cdef|ghij|b");
    const char *zh = "\xe6\x88\x91\xe4\xbb\xac\xe5\xad\xa6\xe4\xb9\xa0\xe4\xb8\xad\xe6\x96\x87"
                     "\xe3\x80\x82"; /* 我们学习中文。 */
    /* 3 bytes a character here: 4 a line */
    run_fit(zh, 12, NULL, false, out, sizeof out);
    assert_string_equal(
        out,
        "\xe6\x88\x91\xe4\xbb\xac\xe5\xad\xa6\xe4\xb9\xa0|\xe4\xb8\xad\xe6\x96\x87\xe3\x80\x82");
}

/* Ragged right: spaces keep their width, lines even out. */
static void test_total_fit_ragged(void **state) {
    (void)state;
    char out[512];
    run_fit("aaa bbb ccc dddddddddd eee fff", 12, NULL, true, out, sizeof out);
    assert_string_equal(out, "aaa bbb ccc|dddddddddd|eee fff");
}

/* ragged_fallback: a paragraph that can be justified only past the
 * tolerance ("aaaaa" alone, with nothing to stretch) is set ragged, every
 * line marked; one that can be justified is left alone. */
static bool fallback_lines(const char *text, double width, double fallback, char *out) {
    gl_para_params fit;
    gl_para_params_init(&fit, width);
    gl_linebreak_params params = {0, NULL, true};
    params.fit = &fit;
    params.stretch = 1;
    params.shrink = 0.5;
    params.ragged_fallback = fallback;
    gl_line *lines = NULL;
    size_t count = 0;
    measurer m = {text, 0, 0};
    assert_int_equal(gl_linebreak(text, strlen(text), &params, per_byte, &m, gl_allocator_of(NULL),
                                  &lines, &count),
                     GL_OK);
    bool ragged = count > 0 && lines[0].ragged;
    out[0] = '\0';
    for (size_t i = 0; i < count; i++) {
        assert_true(lines[i].ragged == ragged);
        strncat(out, text + lines[i].start, lines[i].end - lines[i].start);
        if (i + 1 < count)
            strcat(out, "|");
    }
    gl_free(gl_allocator_of(NULL), lines);
    return ragged;
}

static void test_total_fit_fallback(void **state) {
    (void)state;
    char out[512];
    assert_false(fallback_lines("aaaaa bbbbbbb cc", 12, 0, out));
    assert_true(fallback_lines("aaaaa bbbbbbb cc", 12, 4, out));
    assert_string_equal(out, "aaaaa|bbbbbbb cc");
    assert_false(fallback_lines("the quick brown fox jumps over the lazy dog", 29, 4, out));
    assert_string_equal(out, "the quick brown fox jumps over|the lazy dog");
}

/* 20,000 words: still linear in what is measured; allocation failures
 * give GL_ENOMEM and leave nothing behind. */
static void test_total_fit_size(void **state) {
    (void)state;
    size_t words = 20000, len = words * 6;
    char *text = malloc(len + 1);
    assert_non_null(text);
    for (size_t i = 0; i < words; i++)
        memcpy(text + i * 6, "abcde ", 6);
    text[len] = '\0';
    gl_para_params fit;
    gl_para_params_init(&fit, 70);
    gl_linebreak_params params = {0, NULL, true};
    params.fit = &fit;
    params.stretch = 0.5;
    params.shrink = 1.0 / 3;
    measurer m = {text, 0, 0};
    gl_line *lines;
    size_t count;
    assert_int_equal(
        gl_linebreak(text, len, &params, per_byte, &m, gl_allocator_of(NULL), &lines, &count),
        GL_OK);
    assert_true(count >= words / 12 && count <= words / 10);
    assert_true(m.bytes <= 3 * len);
    gl_free(gl_allocator_of(NULL), lines);
    free(text);

    const gl_allocator failing = {failing_malloc, failing_realloc, plain_free, NULL};
    const char *some = "some words to break over lines";
    for (int n = 0;; n++) {
        fail_after = n;
        lines = (gl_line *)some;
        count = 9;
        measurer ms = {some, 0, 0};
        gl_status st =
            gl_linebreak(some, strlen(some), &params, per_byte, &ms, &failing, &lines, &count);
        if (st == GL_OK) {
            assert_true(n > 3); /* break opportunities, items, passes, lines */
            assert_int_equal(count, 1);
            free(lines);
            break;
        }
        assert_int_equal(st, GL_ENOMEM);
        assert_null(lines);
        assert_int_equal(count, 0);
    }
}

/* Thai has no spaces between words: libunibreak alone finds no break
 * inside a sentence, libthai's dictionary finds each word (issue 17). With
 * lines one byte wide and no splitting, every word stands on its own line. */
static void test_thai_words(void **state) {
    (void)state;
    char out[512];
    const char *thai = "\u0E2B\u0E49\u0E2D\u0E07\u0E2A\u0E21\u0E38\u0E14" /* library */
                       "\u0E40\u0E1B\u0E34\u0E14"                         /* opens */
                       "\u0E17\u0E38\u0E01\u0E27\u0E31\u0E19";            /* every day */
    assert_int_equal(run(thai, 1, false, per_byte, out, sizeof out, NULL), 4);
    assert_string_equal(out, "\u0E2B\u0E49\u0E2D\u0E07\u0E2A\u0E21\u0E38\u0E14|"
                             "\u0E40\u0E1B\u0E34\u0E14|\u0E17\u0E38\u0E01|\u0E27\u0E31\u0E19");
    /* Among Latin words, the Thai ones break the same way and the spaces still count. */
    run("read \u0E20\u0E32\u0E29\u0E32\u0E44\u0E17\u0E22 daily", 1, false, per_byte, out,
        sizeof out, NULL);
    assert_string_equal(out, "read|\u0E20\u0E32\u0E29\u0E32|\u0E44\u0E17\u0E22|daily");
    /* Terminal columns: the marks above and below take none, so ten columns
     * hold "library opens" (6 + 3) and not a third word. */
    run(thai, 10, false, columns, out, sizeof out, NULL);
    assert_string_equal(out, "\u0E2B\u0E49\u0E2D\u0E07\u0E2A\u0E21\u0E38\u0E14"
                             "\u0E40\u0E1B\u0E34\u0E14|\u0E17\u0E38\u0E01\u0E27\u0E31\u0E19");
}

/* Korean is set word by word (CSS word-break: keep-all): no break between
 * Hangul syllables, nor between Hangul and the Han or digits of its word,
 * in first fit and total fit alike; Han text without Hangul keeps its
 * breaks. */
static void test_korean_words(void **state) {
    (void)state;
    char out[512];
    /* 단골손님들은 커피를 한 잔씩 (12 + 1 + 6 + 1 + 2 + 1 + 4 columns) */
    const char *ko = "\uB2E8\uACE8\uC190\uB2D8\uB4E4\uC740 \uCEE4\uD53C\uB97C \uD55C "
                     "\uC794\uC529";
    run(ko, 16, false, columns, out, sizeof out, NULL);
    assert_string_equal(out, "\uB2E8\uACE8\uC190\uB2D8\uB4E4\uC740|\uCEE4\uD53C\uB97C "
                             "\uD55C \uC794\uC529");
    run_fit(ko, 24, NULL, false, out, sizeof out);
    assert_string_equal(out, "\uB2E8\uACE8\uC190\uB2D8\uB4E4\uC740|\uCEE4\uD53C\uB97C "
                             "\uD55C \uC794\uC529");
    /* 書店이라고 3일 (Hanja and a digit in Korean words): whole words */
    run("\u66F8\u5E97\uC774\uB77C\uACE0 3\uC77C", 4, false, columns, out, sizeof out, NULL);
    assert_string_equal(out, "\u66F8\u5E97\uC774\uB77C\uACE0|3\uC77C");
    /* Han beside Han still breaks: 我们学习 */
    run("\u6211\u4EEC\u5B66\u4E60", 4, false, columns, out, sizeof out, NULL);
    assert_string_equal(out, "\u6211\u4EEC|\u5B66\u4E60");
}

/* A URL's path may also break before each single '/' (the Chicago
 * Manual's rule), where UAX #14 breaks only after one: "https://example.org"
 * fills 19 columns, which without it would end at "https://". */
static void test_url_paths(void **state) {
    (void)state;
    char out[512];
    run("https://example.org/ab", 19, false, per_byte, out, sizeof out, NULL);
    assert_string_equal(out, "https://example.org|/ab");
}

int main(void) {
    gl_global_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_greedy_fill),        cmocka_unit_test(test_no_wrapping),
        cmocka_unit_test(test_mandatory_breaks),   cmocka_unit_test(test_empty_and_blank),
        cmocka_unit_test(test_long_words),         cmocka_unit_test(test_url),
        cmocka_unit_test(test_keep_urls),          cmocka_unit_test(test_languages),
        cmocka_unit_test(test_display_width),      cmocka_unit_test(test_linear),
        cmocka_unit_test(test_out_of_memory),      cmocka_unit_test(test_hyphenation),
        cmocka_unit_test(test_total_fit),          cmocka_unit_test(test_total_fit_hyphens),
        cmocka_unit_test(test_total_fit_cuts),     cmocka_unit_test(test_total_fit_ragged),
        cmocka_unit_test(test_total_fit_fallback), cmocka_unit_test(test_url_breaks),
        cmocka_unit_test(test_total_fit_size),     cmocka_unit_test(test_thai_words),
        cmocka_unit_test(test_korean_words),       cmocka_unit_test(test_url_paths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
