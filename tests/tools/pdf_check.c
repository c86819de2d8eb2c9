/* Builds a document by hand and writes it as PDF, with the words a reader
 * should get back, for pdf_check.sh to compare against poppler and qpdf.
 *
 *   pdf_check OUT.pdf EXPECTED.txt   the check document and its words in order
 *   pdf_check --bench N              renders a ~1,000-word article N times and
 *                                    prints milliseconds per document and size,
 *                                    with a font cache in a fresh temporary
 *                                    folder (as the CLI keeps one), after one
 *                                    untimed run that writes it */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "galley/galley.h"
#include "util/buf.h"
#include "util/sink.h"
#include "writers/writers.h"

static gl_doc *doc;
static gl_buf expected; /* the words a reader should see, in order */

static void die(const char *what) {
    fprintf(stderr, "pdf_check: %s\n", what);
    exit(1);
}

static gl_node *add(gl_node *parent, gl_node_type type) {
    gl_node *n = gl_node_new(doc, type);
    if (!n || gl_node_append(parent, n) != GL_OK)
        die("cannot build the tree");
    return n;
}

/* Appends visible text, and records it as expected. */
static void text(gl_node *parent, const char *s) {
    if (gl_node_append_text(doc, parent, s, strlen(s)) != GL_OK)
        die("cannot add text");
    gl_buf_puts(&expected, s);
    gl_buf_putc(&expected, ' ');
}

static gl_node *block(gl_node *parent, gl_node_type type, const char *s) {
    gl_node *n = add(parent, type);
    if (s)
        text(n, s);
    return n;
}

static void meta(gl_meta_field f, const char *v) {
    if (gl_doc_set_meta(doc, f, v, strlen(v), "pdf_check") != GL_OK)
        die("cannot set metadata");
}

static const char *const filler[] = {
    "galley", "renders", "articles", "into",  "quiet", "pages", "with", "careful", "spacing",
    "and",    "every",   "word",     "keeps", "its",   "place", "on",   "the",     "line",
};

/* A paragraph of `words` words cycling through the filler. */
static void filler_para(gl_node *root, size_t words, size_t seed) {
    gl_node *p = add(root, GL_NODE_PARAGRAPH);
    for (size_t i = 0; i < words; i++) {
        text(p, filler[(seed + i * 7) % (sizeof filler / sizeof *filler)]);
        text(p, i + 1 < words ? " " : ".");
    }
}

static void build_check(void) {
    gl_node *root = gl_doc_root_mut(doc);
    meta(GL_META_TITLE, "Galley PDF check \xE2\x80\x94 \xC3\x9Cn\xC3\xAF"
                        "code");
    gl_doc_add_author(doc, "Ann Lee", 7, "pdf_check");
    gl_doc_add_author(doc, "Bo Chen", 7, "pdf_check");
    meta(GL_META_DATE, "2024-03-01T09:30:00+01:00");
    meta(GL_META_DATE_TEXT, "March 1, 2024");
    meta(GL_META_SITE, "Example News");
    meta(GL_META_URL, "https://example.com/news/2024/03/01/pdf-check");
    meta(GL_META_DESCRIPTION, "A hand-built document for the PDF tool checks");
    gl_buf_puts(&expected, "Galley PDF check \xE2\x80\x94 \xC3\x9Cn\xC3\xAF"
                           "code Ann Lee, Bo Chen "
                           "March 1, 2024 \xC2\xB7 Example News "
                           "https://example.com/news/2024/03/01/pdf-check ");

    block(root, GL_NODE_HEADING, "Introduction");
    gl_node *p = block(root, GL_NODE_PARAGRAPH,
                       "Typography matters \xE2\x80\x94 even in a converter. "
                       "\xE2\x80\x9C"
                       "Curly quotes\xE2\x80\x9D and \xE2\x80\x98single ones\xE2\x80\x99 "
                       "survive, as do ");
    text(add(p, GL_NODE_EMPH), "emphasis,");
    text(p, " ");
    text(add(p, GL_NODE_STRONG), "strong words,");
    text(p, " ");
    gl_node *code = add(p, GL_NODE_CODE);
    gl_node_set_text(doc, code, "inline_code()", 13);
    gl_buf_puts(&expected, "inline_code() ");
    text(p, " and ");
    gl_node *link = add(p, GL_NODE_LINK);
    gl_node_set_url(doc, link, "https://example.org/docs", 24);
    text(link, "a link");
    text(p, " and ");
    text(add(p, GL_NODE_STRIKE), "struck text");
    text(p, " with a note.");
    gl_node *ref = add(p, GL_NODE_FOOTNOTE_REF);
    gl_node_set_info(doc, ref, "n1", 2);

    gl_node *h2 = block(root, GL_NODE_HEADING,
                        "\xD0\x9A\xD0\xB8\xD1\x80\xD0\xB8\xD0\xBB\xD0\xBB"
                        "\xD0\xB8\xD1\x86\xD0\xB0");
    h2->level = 2;
    block(
        root, GL_NODE_PARAGRAPH,
        "\xD0\xA1\xD1\x8A\xD0\xB5\xD1\x88\xD1\x8C \xD0\xB6\xD0\xB5 \xD0\xB5\xD1\x89\xD1\x91 "
        "\xD1\x8D\xD1\x82\xD0\xB8\xD1\x85 \xD0\xBC\xD1\x8F\xD0\xB3\xD0\xBA\xD0\xB8\xD1\x85 "
        "\xD1\x84\xD1\x80\xD0\xB0\xD0\xBD\xD1\x86\xD1\x83\xD0\xB7\xD1\x81\xD0\xBA\xD0\xB8\xD1\x85 "
        "\xD0\xB1\xD1\x83\xD0\xBB\xD0\xBE\xD0\xBA.");
    gl_node *h3 = block(root, GL_NODE_HEADING,
                        "\xCE\x95\xCE\xBB\xCE\xBB\xCE\xB7\xCE\xBD\xCE\xB9"
                        "\xCE\xBA\xCE\xAC");
    h3->level = 3;
    block(
        root, GL_NODE_PARAGRAPH,
        "\xCE\x9E\xCE\xB5\xCF\x83\xCE\xBA\xCE\xB5\xCF\x80\xCE\xAC\xCE\xB6\xCF\x89 \xCF\x84\xCE\xB7"
        "\xCE\xBD \xCF\x88\xCF\x85\xCF\x87\xCE\xBF\xCF\x86\xCE\xB8\xCF\x8C\xCF\x81\xCE\xB1 "
        "\xCE\xB2\xCE\xB4\xCE\xB5\xCE\xBB\xCF\x85\xCE\xB3\xCE\xBC\xCE\xAF\xCE\xB1.");

    p = block(root, GL_NODE_PARAGRAPH, "A long address: ");
    link = add(p, GL_NODE_LINK);
    const char *longurl = "https://example.com/a/very/long/path/that/never/stops/"
                          "because/it/encodes/every/parameter/in/the/path/itself/"
                          "and/then/some/more/segments/to/be/sure/it/overflows/the/line.html";
    gl_node_set_url(doc, link, longurl, strlen(longurl));
    text(link, longurl);

    gl_node *list = add(root, GL_NODE_LIST);
    list->tight = true;
    block(add(list, GL_NODE_ITEM), GL_NODE_PARAGRAPH, "First bullet item");
    gl_node *item = add(list, GL_NODE_ITEM);
    block(item, GL_NODE_PARAGRAPH, "Second item with a nested list");
    gl_node *ol = add(item, GL_NODE_LIST);
    ol->ordered = true;
    ol->start = 3;
    ol->tight = true;
    block(add(ol, GL_NODE_ITEM), GL_NODE_PARAGRAPH, "Nested third");
    block(add(ol, GL_NODE_ITEM), GL_NODE_PARAGRAPH, "Nested fourth");
    item = add(list, GL_NODE_ITEM);
    item->task = GL_TASK_DONE;
    block(item, GL_NODE_PARAGRAPH, "Finished task");
    item = add(list, GL_NODE_ITEM);
    item->task = GL_TASK_OPEN;
    block(item, GL_NODE_PARAGRAPH, "Open task");

    gl_node *cb = add(root, GL_NODE_CODE_BLOCK);
    const char *src = "int main(void) {\n    return puts(\"hello\");\n}\n";
    gl_node_set_text(doc, cb, src, strlen(src));
    gl_buf_puts(&expected, "int main(void) { return puts(\"hello\"); } ");

    gl_node *q = add(root, GL_NODE_BLOCKQUOTE);
    block(q, GL_NODE_PARAGRAPH, "Quoted wisdom stays indented.");
    block(q, GL_NODE_PARAGRAPH, "Second quoted paragraph.");

    gl_node *table = add(root, GL_NODE_TABLE);
    const char *cells[3][3] = {
        {"Name", "Language", "Year"}, {"libharu", "C", "1999"}, {"poppler", "C++", "2005"}};
    for (int r = 0; r < 3; r++) {
        gl_node *row = add(table, GL_NODE_TABLE_ROW);
        for (int c = 0; c < 3; c++) {
            gl_node *cell = add(row, GL_NODE_TABLE_CELL);
            cell->header = r == 0;
            text(cell, cells[r][c]);
        }
    }
    add(root, GL_NODE_THEMATIC_BREAK);
    gl_node *fig = add(root, GL_NODE_FIGURE);
    gl_node_set_text(doc, fig, "A chart of nothing", 18);
    gl_node_set_url(doc, fig, "https://example.com/chart.png", 29);
    gl_buf_puts(&expected, "[A chart of nothing] ");
    text(fig, "Figure caption here");

    for (size_t i = 0; i < 30; i++) {
        if (i % 10 == 0) {
            char h[32];
            snprintf(h, sizeof h, "Section %zu", i / 10 + 1);
            block(root, GL_NODE_HEADING, h)->level = 2;
        }
        filler_para(root, 40, i);
    }
    gl_node *def = add(root, GL_NODE_FOOTNOTE_DEF);
    gl_node_set_info(doc, def, "n1", 2);
    block(def, GL_NODE_PARAGRAPH, "The footnote text.");
}

/* A ~1,000-word article: a title block, headings, paragraphs, a list, a link. */
static void build_article(void) {
    gl_node *root = gl_doc_root_mut(doc);
    meta(GL_META_TITLE, "A benchmark article of about a thousand words");
    gl_doc_add_author(doc, "Ann Lee", 7, "bench");
    meta(GL_META_DATE, "2024-03-01");
    for (size_t s = 0; s < 5; s++) {
        char h[32];
        snprintf(h, sizeof h, "Part %zu", s + 1);
        block(root, GL_NODE_HEADING, h)->level = 2;
        for (size_t i = 0; i < 4; i++)
            filler_para(root, 45, s * 4 + i);
        gl_node *list = add(root, GL_NODE_LIST);
        for (size_t i = 0; i < 3; i++) {
            gl_node *p = block(add(list, GL_NODE_ITEM), GL_NODE_PARAGRAPH, "An item with ");
            gl_node *link = add(p, GL_NODE_LINK);
            gl_node_set_url(doc, link, "https://example.com/x", 21);
            text(link, "a link inside");
        }
    }
}

static void new_doc(void) {
    gl_error err;
    gl_error_init(&err, NULL);
    if (gl_doc_new(&doc, NULL, &err) != GL_OK)
        die(err.message);
}

static void render(gl_buf *out, const gl_options *opt) {
    gl_sink sink = {gl_sink_buf_write, out};
    gl_error err;
    gl_error_init(&err, NULL);
    if (gl_write_pdf(doc, &sink, opt, &err) != GL_OK)
        die(err.message);
}

static void print_warning(void *ud, const char *file, unsigned long line, const char *msg) {
    (void)ud;
    fprintf(stderr, "%s:%lu: warning: %s\n", file ? file : "-", line, msg);
}

int main(int argc, char **argv) {
    gl_options opt;
    gl_options_init(&opt);
    opt.warn = print_warning;
    gl_buf_init(&expected, NULL, 0);
    gl_buf out;
    gl_buf_init(&out, NULL, 0);
    if (argc == 3 && strcmp(argv[1], "--bench") == 0) {
        int n = atoi(argv[2]);
        char dir[] = "/tmp/galley-bench-XXXXXX", cache[64];
        if (!mkdtemp(dir))
            die("cannot make a temporary folder");
        snprintf(cache, sizeof cache, "%s/fonts", dir);
        opt.font_cache = cache;
        new_doc();
        build_article();
        render(&out, &opt);
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        for (int i = 0; i < n; i++) {
            gl_buf_clear(&out);
            render(&out, &opt);
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double ms = ((double)(t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6) / n;
        size_t words = 0;
        for (const char *c = gl_buf_cstr(&expected); *c; c++)
            words += *c != ' ' && (c[1] == ' ' || c[1] == '\0');
        printf("%zu words: %.2f ms/doc, %zu bytes\n", words, ms, out.len);
        unlink(cache);
        rmdir(dir);
    } else if (argc == 3) {
        new_doc();
        build_check();
        render(&out, &opt);
        FILE *f = fopen(argv[1], "wb");
        if (!f || fwrite(out.data, 1, out.len, f) != out.len || fclose(f) != 0)
            die("cannot write the PDF");
        f = fopen(argv[2], "wb");
        if (!f || fputs(gl_buf_cstr(&expected), f) < 0 || fclose(f) != 0)
            die("cannot write the expected words");
    } else {
        fprintf(stderr, "usage: pdf_check OUT.pdf EXPECTED.txt | pdf_check --bench N\n");
        return 2;
    }
    gl_doc_free(doc);
    gl_buf_free(&out);
    gl_buf_free(&expected);
    return 0;
}
