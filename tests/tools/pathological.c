/* Pathological inputs (issue 8), generated here and never committed:
 *   pathological SHAPE [N [WRITERS]]
 * builds shape SHAPE at size N (default, or "-": the size), reads it
 * and, when the reader returns a tree, renders it with each of WRITERS
 * (space-separated; default "text json xhtml pdf epub"). Each step must end
 * in output or GL_ELIMIT (with the limit named in the message); ctest's
 * TIMEOUT is the backstop for time. `pathological list` names the shapes;
 * bench/growth runs them at N and 2N. Prints one line per step. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "galley/galley.h"
#include "util/buf.h"

typedef struct shape {
    const char *name;
    const char *reader;
    size_t n; /* the size */
    void (*make)(gl_buf *b, size_t n);
} shape;

static void rep(gl_buf *b, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        gl_buf_puts(b, s);
}

static void md_nested_lists(gl_buf *b, size_t n) {
    rep(b, "- ", n);
    gl_buf_puts(b, "deep\n");
}
static void md_nested_quotes(gl_buf *b, size_t n) {
    rep(b, ">", n);
    gl_buf_puts(b, " deep\n");
}
static void md_indented_lists(gl_buf *b, size_t n) {
    for (size_t i = 0; i < n; i++) {
        rep(b, "  ", i % 300);
        gl_buf_puts(b, "- item\n");
    }
}
static void md_unclosed_emphasis(gl_buf *b, size_t n) { rep(b, "*a _b ", n / 2); }
static void md_emphasis_runs(gl_buf *b, size_t n) {
    rep(b, "*", n);
    gl_buf_puts(b, "a");
    rep(b, "_", n);
}
static void md_long_line(gl_buf *b, size_t n) { rep(b, "word ", n / 5); }
static void md_links(gl_buf *b, size_t n) {
    for (size_t i = 0; i < n; i++)
        gl_buf_printf(b, "[l%zu](http://example.com/%zu) ", i, i);
}
static void md_unclosed_links(gl_buf *b, size_t n) { rep(b, "[a](", n); }
static void md_open_images(gl_buf *b, size_t n) { rep(b, "![[]()", n); }
static void md_table_cells(gl_buf *b, size_t n) {
    gl_buf_puts(b, "|a|b|c|d|e|f|g|h|i|j|\n|-|-|-|-|-|-|-|-|-|-|\n");
    for (size_t i = 0; i < n / 10; i++)
        gl_buf_puts(b, "|1|2|3|4|5|6|7|8|9|0|\n");
}
static void md_table_columns(gl_buf *b, size_t n) {
    gl_buf_putc(b, '|');
    rep(b, "a|", n);
    gl_buf_puts(b, "\n|");
    rep(b, "-|", n);
    gl_buf_puts(b, "\n|");
    rep(b, "b|", n);
    gl_buf_putc(b, '\n');
}
static void md_entities(gl_buf *b, size_t n) { rep(b, "&amp;&#x41;&eacute;&#1234567;", n); }
static void md_backticks(gl_buf *b, size_t n) {
    for (size_t i = 1; i * (i + 1) / 2 < n; i++) {
        rep(b, "`", i);
        gl_buf_putc(b, 'a');
    }
}
static void md_raw_html(gl_buf *b, size_t n) { rep(b, "<span a=\"", n); }
static void html_nested_elements(gl_buf *b, size_t n) {
    rep(b, "<div>", n);
    gl_buf_puts(b, "deep");
}
static void html_nested_inline(gl_buf *b, size_t n) {
    gl_buf_puts(b, "<p>");
    rep(b, "<b><i>", n / 2);
    gl_buf_puts(b, "deep");
}
static void html_nested_lists(gl_buf *b, size_t n) {
    rep(b, "<ul><li>", n);
    gl_buf_puts(b, "deep");
}
static void html_long_line(gl_buf *b, size_t n) {
    gl_buf_puts(b, "<p>");
    rep(b, "word ", n / 5);
}
static void html_links(gl_buf *b, size_t n) {
    for (size_t i = 0; i < n; i++)
        gl_buf_printf(b, "<a href=\"http://example.com/%zu\">l%zu</a> ", i, i);
}
static void html_table_cells(gl_buf *b, size_t n) {
    gl_buf_puts(b, "<table>");
    for (size_t i = 0; i < n / 10; i++)
        gl_buf_puts(b, "<tr><td>1<td>2<td>3<td>4<td>5<td>6<td>7<td>8<td>9<td>0");
    gl_buf_puts(b, "</table>");
}
static void html_table_columns(gl_buf *b, size_t n) {
    gl_buf_puts(b, "<table><tr>");
    rep(b, "<td>x", n);
    gl_buf_puts(b, "</table>");
}
static void html_huge_attribute(gl_buf *b, size_t n) {
    gl_buf_puts(b, "<p><a title=\"");
    rep(b, "x", n);
    gl_buf_puts(b, "\" href=\"http://example.com/");
    rep(b, "y", n);
    gl_buf_puts(b, "\">link</a> <img alt=\"");
    rep(b, "z", n);
    gl_buf_puts(b, "\" src=\"a.png\">");
}
static void html_many_attributes(gl_buf *b, size_t n) {
    gl_buf_puts(b, "<p");
    for (size_t i = 0; i < n; i++)
        gl_buf_printf(b, " a%zu=x", i);
    gl_buf_puts(b, ">x");
}
static void html_entities(gl_buf *b, size_t n) {
    gl_buf_puts(b, "<p title=\"");
    rep(b, "&amp;&lt;", n / 2);
    gl_buf_puts(b, "\">");
    rep(b, "&amp;&#x41;&eacute;&notanentity;&#1234567;&", n);
}
static void html_unclosed_tags(gl_buf *b, size_t n) { rep(b, "<p><table><tr><td><li>", n / 4); }
static void html_comments(gl_buf *b, size_t n) { rep(b, "<!--<!--", n); }

/* 10 MB for the lines and the attribute; 100,000 for the rest (issue 8). */
static const shape shapes[] = {
    {"md_nested_lists", "markdown", 100000, md_nested_lists},
    {"md_nested_quotes", "markdown", 100000, md_nested_quotes},
    {"md_indented_lists", "markdown", 20000, md_indented_lists},
    {"md_unclosed_emphasis", "markdown", 100000, md_unclosed_emphasis},
    {"md_emphasis_runs", "markdown", 100000, md_emphasis_runs},
    {"md_long_line", "markdown", 10000000, md_long_line},
    {"md_links", "markdown", 100000, md_links},
    {"md_unclosed_links", "markdown", 100000, md_unclosed_links},
    {"md_open_images", "markdown", 100000, md_open_images},
    {"md_table_cells", "markdown", 100000, md_table_cells},
    {"md_table_columns", "markdown", 20000, md_table_columns},
    {"md_entities", "markdown", 100000, md_entities},
    {"md_backticks", "markdown", 100000, md_backticks},
    {"md_raw_html", "markdown", 100000, md_raw_html},
    {"html_nested_elements", "html", 100000, html_nested_elements},
    {"html_nested_inline", "html", 100000, html_nested_inline},
    {"html_nested_lists", "html", 100000, html_nested_lists},
    {"html_long_line", "html", 10000000, html_long_line},
    {"html_links", "html", 100000, html_links},
    {"html_table_cells", "html", 100000, html_table_cells},
    {"html_table_columns", "html", 100000, html_table_columns},
    {"html_huge_attribute", "html", 10000000, html_huge_attribute},
    {"html_many_attributes", "html", 100000, html_many_attributes},
    {"html_entities", "html", 100000, html_entities},
    {"html_unclosed_tags", "html", 100000, html_unclosed_tags},
    {"html_comments", "html", 100000, html_comments},
};

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static gl_status count_bytes(void *userdata, const char *bytes, size_t len) {
    (void)bytes;
    *(size_t *)userdata += len;
    return GL_OK;
}

/* Output, or GL_ELIMIT naming its limit ("(max_...)"); anything else fails. */
static int judge(const char *step, gl_status st, const gl_error *err, double secs, size_t out) {
    if (st == GL_OK) {
        printf("%-8s ok      %8.3f s  %zu bytes\n", step, secs, out);
        return 0;
    }
    if (st == GL_ELIMIT && strstr(err->message, "(max_")) {
        printf("%-8s limit   %8.3f s  %s\n", step, secs, err->message);
        return 0;
    }
    printf("%-8s FAILED  %s: %s\n", step, gl_status_text(st), err->message);
    return 1;
}

int main(int argc, char **argv) {
    size_t count = sizeof shapes / sizeof shapes[0];
    if (argc == 2 && strcmp(argv[1], "list") == 0) {
        for (size_t i = 0; i < count; i++)
            printf("%s %zu\n", shapes[i].name, shapes[i].n);
        return 0;
    }
    const shape *s = NULL;
    for (size_t i = 0; argc >= 2 && i < count; i++)
        if (strcmp(argv[1], shapes[i].name) == 0)
            s = &shapes[i];
    if (!s || argc > 4) {
        fprintf(stderr, "usage: pathological list | SHAPE [N [WRITERS]]\n");
        return 2;
    }
    size_t n = argc >= 3 && strcmp(argv[2], "-") != 0 ? strtoul(argv[2], NULL, 10) : s->n;
    gl_buf in_buf;
    gl_buf_init(&in_buf, NULL, 0);
    s->make(&in_buf, n);
    if (in_buf.status != GL_OK) {
        fprintf(stderr, "out of memory making the input\n");
        return 1;
    }
    printf("%s n=%zu: %zu bytes\n", s->name, n, in_buf.len);
    gl_options opt;
    gl_options_init(&opt);
    opt.source_date_epoch = 0;
    gl_input in = {s->name, NULL, in_buf.data, in_buf.len};
    gl_error err;
    gl_error_init(&err, s->name);
    gl_doc *doc = NULL;
    double t0 = now();
    gl_status st = gl_read(&doc, &in, gl_reader_by_name(s->reader), &opt, &err);
    int failed = judge("read", st, &err, now() - t0, doc ? gl_doc_node_count(doc) : 0);
    const char *writers = argc == 4 ? argv[3] : "text json xhtml markdown html pdf epub";
    for (const char *w = writers; doc && *w;) {
        size_t len = strcspn(w, " ");
        char name[16];
        snprintf(name, sizeof name, "%.*s", (int)len, w);
        w += len + (w[len] == ' ');
        const gl_writer_entry *we = gl_writer_by_name(name);
        if (!we) {
            fprintf(stderr, "no writer %s\n", name);
            return 2;
        }
        size_t out = 0;
        gl_sink sink = {count_bytes, &out};
        gl_error_init(&err, s->name);
        t0 = now();
        st = gl_write(we, doc, &sink, &opt, &err);
        failed |= judge(name, st, &err, now() - t0, out);
    }
    gl_doc_free(doc);
    gl_buf_free(&in_buf);
    return failed;
}
