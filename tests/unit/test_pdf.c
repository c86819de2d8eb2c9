/* The PDF writer on trees built by hand, rendered to memory. What the PDF says
 * to readers is checked by poppler and qpdf in tests/tools/pdf_check.sh; here:
 * the bytes, reproducibility, options, warnings and every failure path. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <libdeflate.h>
#include "galley/galley.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/sink.h"
#include "writers/writers.h"
#include "writers/pdf_font.h"
#include "writers/pdf_fonts.h"
#include "../tools/testkit.h"

/* A small article using every face and most block types. */
static gl_doc *sample_doc(void) {
    gl_doc *doc = tk_doc_new();
    gl_node *root = gl_doc_root_mut(doc);
    gl_doc_set_meta(doc, GL_META_TITLE, "Caf\xC3\xA9 notes", 11, "test");
    gl_doc_add_author(doc, "Ann Lee", 7, "test");
    gl_doc_set_meta(doc, GL_META_DATE, "2024-03-01", 10, "test");
    tk_add_text(doc, root, GL_NODE_HEADING, "Heading \xE2\x80\x94 one");
    gl_node *p = tk_add_text(doc, root, GL_NODE_PARAGRAPH, "Plain, ");
    tk_add_text(doc, p, GL_NODE_EMPH, "italic");
    gl_node_append_text(doc, p, " and ", 5);
    gl_node *strong = tk_add_text(doc, p, GL_NODE_STRONG, "bold ");
    tk_add_text(doc, strong, GL_NODE_EMPH, "bold italic");
    gl_node *link = tk_add_text(doc, p, GL_NODE_LINK, " a link");
    gl_node_set_url(doc, link, "https://example.com/", 20);
    gl_node *cb = tk_add(doc, root, GL_NODE_CODE_BLOCK);
    gl_node_set_text(doc, cb, "x = 1;\n\tindented\n", 18);
    gl_node *list = tk_add(doc, root, GL_NODE_LIST);
    tk_add_text(doc, tk_add(doc, list, GL_NODE_ITEM), GL_NODE_PARAGRAPH, "item");
    gl_node *quote = tk_add(doc, root, GL_NODE_BLOCKQUOTE);
    tk_add_text(doc, quote, GL_NODE_PARAGRAPH, "quoted");
    return doc;
}

static gl_status render(const gl_doc *doc, const gl_options *opt, gl_buf *out, gl_error *err) {
    gl_buf_init(out, NULL, 0);
    gl_sink sink = {gl_sink_buf_write, out};
    gl_error_init(err, NULL);
    return gl_write_pdf(doc, &sink, opt, err);
}

static bool has(const char *data, size_t len, const char *needle) {
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++) {
        if (memcmp(data + i, needle, n) == 0)
            return true;
    }
    return false;
}

/* Whether the file says `needle`, in its bytes or inside a Flate stream:
 * the dictionaries sit in a compressed object stream (pdf_pack.h). */
static bool contains(const gl_buf *b, const char *needle) {
    if (has(b->data, b->len, needle))
        return true;
    static const char kw[] = "stream\n";
    for (size_t i = 0; i + sizeof kw <= b->len; i++) {
        if (memcmp(b->data + i, kw, sizeof kw - 1) != 0 || (i > 0 && b->data[i - 1] == 'd'))
            continue;
        size_t at = i + sizeof kw - 1;
        size_t size = 1 << 20, used;
        unsigned char *plain = malloc(size);
        struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
        assert_non_null(plain);
        assert_non_null(d);
        bool found = libdeflate_zlib_decompress_ex(d, b->data + at, b->len - at, plain, size, &used,
                                                   &size) == LIBDEFLATE_SUCCESS &&
                     has((const char *)plain, size, needle);
        libdeflate_free_decompressor(d);
        free(plain);
        if (found)
            return true;
    }
    return false;
}

static void test_renders_a_pdf(void **state) {
    (void)state;
    gl_doc *doc = sample_doc();
    gl_buf out;
    gl_error err;
    assert_int_equal(render(doc, NULL, &out, &err), GL_OK);
    assert_true(out.len > 1000);
    assert_memory_equal(out.data, "%PDF-", 5);
    assert_true(contains(&out, "%%EOF"));
    assert_true(contains(&out, "/Producer"));
    assert_true(contains(&out, "/Outlines"));
    /* the article's date, since no epoch was given; compressed streams */
    assert_true(contains(&out, "/CreationDate (D:20240301000000)"));
    assert_true(contains(&out, "/FlateDecode"));
    gl_buf_free(&out);
    gl_doc_free(doc);
}

static void test_byte_identical(void **state) {
    (void)state;
    gl_doc *doc = sample_doc();
    gl_options opt;
    gl_options_init(&opt);
    opt.source_date_epoch = 1709285400; /* 2024-03-01T09:30:00Z */
    gl_buf a, b;
    gl_error err;
    assert_int_equal(render(doc, &opt, &a, &err), GL_OK);
    assert_int_equal(render(doc, &opt, &b, &err), GL_OK);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len);
    assert_true(contains(&a, "/CreationDate (D:20240301093000Z"));
    assert_true(contains(&a, "/ModDate (D:20240301093000Z"));
    gl_buf_free(&a);
    gl_buf_free(&b);
    gl_doc_free(doc);
}

static void test_no_date_when_unknown(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    tk_add_text(doc, gl_doc_root_mut(doc), GL_NODE_PARAGRAPH, "undated");
    gl_doc_set_meta(doc, GL_META_DATE, "sometime in May", 15, "test");
    gl_buf out;
    gl_error err;
    assert_int_equal(render(doc, NULL, &out, &err), GL_OK);
    assert_false(contains(&out, "/CreationDate"));
    assert_false(contains(&out, "/ID"));
    gl_buf_free(&out);
    gl_doc_free(doc);
}

static void test_date_with_offset(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    tk_add_text(doc, gl_doc_root_mut(doc), GL_NODE_PARAGRAPH, "dated");
    gl_doc_set_meta(doc, GL_META_DATE, "2014-11-12T08:05-05:00", 22, "test");
    gl_buf out;
    gl_error err;
    assert_int_equal(render(doc, NULL, &out, &err), GL_OK);
    assert_true(contains(&out, "/CreationDate (D:20141112080500-05'00'"));
    gl_buf_free(&out);
    gl_doc_free(doc);
}

static void test_only_used_faces(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    tk_add_text(doc, gl_doc_root_mut(doc), GL_NODE_PARAGRAPH, "just body text");
    gl_buf out;
    gl_error err;
    assert_int_equal(render(doc, NULL, &out, &err), GL_OK);
    assert_true(contains(&out, "/BaseFont /GAAAAA+DejaVuSerif"));
    assert_false(contains(&out, "DejaVuSerif-Italic"));
    assert_false(contains(&out, "DejaVuSerif-Bold"));
    assert_false(contains(&out, "DejaVuSans"));
    gl_buf_free(&out);
    gl_doc_free(doc);
}

static void test_paper_sizes(void **state) {
    (void)state;
    gl_doc *doc = sample_doc();
    gl_options opt;
    gl_options_init(&opt);
    gl_buf out;
    gl_error err;
    opt.paper = GL_PAPER_LETTER;
    assert_int_equal(render(doc, &opt, &out, &err), GL_OK);
    assert_true(contains(&out, "/MediaBox [ 0 0 612 792 ]"));
    gl_buf_free(&out);
    opt.paper = GL_PAPER_A5;
    assert_int_equal(render(doc, &opt, &out, &err), GL_OK);
    assert_true(contains(&out, "/MediaBox [ 0 0 419.5"));
    gl_buf_free(&out);
    opt.paper = GL_PAPER_A6;
    assert_int_equal(render(doc, &opt, &out, &err), GL_OK);
    assert_true(contains(&out, "/MediaBox [ 0 0 297.6"));
    gl_buf_free(&out);
    opt.paper = GL_PAPER_CUSTOM;
    opt.paper_width = 288;
    opt.paper_height = 432;
    opt.margin = 18;
    assert_int_equal(render(doc, &opt, &out, &err), GL_OK);
    assert_true(contains(&out, "/MediaBox [ 0 0 288 432 ]"));
    gl_buf_free(&out);
    /* Margins that leave no column are refused, not drawn off the page. */
    opt.margin = 120;
    assert_int_equal(render(doc, &opt, &out, &err), GL_EINVAL);
    assert_non_null(strstr(err.message, "no room for text"));
    gl_buf_free(&out);
    gl_doc_free(doc);
}

static void test_empty_document(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_buf out;
    gl_error err;
    assert_int_equal(render(doc, NULL, &out, &err), GL_OK);
    assert_true(contains(&out, "/Count 1"));
    gl_buf_free(&out);
    gl_doc_free(doc);
}

typedef struct warnings {
    int count;
    char last[256];
} warnings;

static void on_warn(void *userdata, const char *file, unsigned long line, const char *msg) {
    (void)file, (void)line;
    warnings *w = userdata;
    w->count++;
    strncpy(w->last, msg, sizeof w->last - 1);
}

static void test_missing_glyphs_warn_once(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_node *root = gl_doc_root_mut(doc);
    /* U+1F600 (beyond the BMP: Symbola has it), U+4E00 (not in DejaVu),
     * and three characters of plane 16's private use area, which no font
     * has: one warning for their block, not one per character. */
    tk_add_text(doc, root, GL_NODE_PARAGRAPH,
                "a \xF0\x9F\x98\x80 b \xE4\xB8\x80 c \xF4\x8F\xBF\xBD \xF4\x8F\xBF\xBC");
    tk_add_text(doc, root, GL_NODE_PARAGRAPH,
                "\xE4\xB8\x80 again \xF4\x8F\xBF\xBD \xF4\x80\x80\x80");
    warnings w = {0, ""};
    gl_options opt;
    gl_options_init(&opt);
    opt.warn = on_warn;
    opt.warn_userdata = &w;
    gl_buf out;
    gl_error err;
    assert_int_equal(render(doc, &opt, &out, &err), GL_OK);
    assert_int_equal(w.count, 1);
    assert_non_null(strstr(w.last, "3 characters"));
    assert_non_null(strstr(w.last, "Supplementary Private Use Area-B"));
    assert_non_null(strstr(w.last, "U+10FFFD"));
    assert_true(contains(&out, "DroidSansFallback"));
    assert_true(contains(&out, "Symbola"));
    gl_buf_free(&out);
    /* --strict: a replacement glyph is a failure. */
    opt.strict = true;
    w.count = 0;
    assert_int_equal(render(doc, &opt, &out, &err), GL_EFONT);
    assert_non_null(strstr(err.message, "strict"));
    gl_buf_free(&out);
    gl_doc_free(doc);
}

/* Fallback fonts by script and the document's language: Han from Droid
 * Sans Fallback in Chinese and in undeclared text, from a Korean font in
 * Korean; Hangul from Nanum, Thai from TLWG, Devanagari from Noto. */
static void test_fallback_by_script(void **state) {
    (void)state;
    static const struct {
        const char *lang, *text, *font, *not_font;
    } cases[] = {
        {"zh-CN", "\xE4\xB8\x80\xE4\xBA\x8C\xE3\x80\x82", "DroidSansFallback", "Nanum"},
        {NULL, "\xE4\xB8\x80 and \xE4\xBA\x8C", "DroidSansFallback", "Nanum"},
        {"ja", "\xE3\x81\x82\xE4\xB8\x80", "DroidSansFallback", "Nanum"},
        {"ko", "\xED\x95\x9C\xEA\xB5\xAD \xE9\x9F\x93\xE5\x9C\x8B", "NanumMyeongjo",
         "DroidSansFallback"},
        {"th", "\xE0\xB8\xA0\xE0\xB8\xB2\xE0\xB8\xA9\xE0\xB8\xB2", "Norasi", NULL},
        {"hi", "\xE0\xA4\xB9\xE0\xA4\xBF\xE0\xA4\x82\xE0\xA4\xA6\xE0\xA5\x80",
         "NotoSerifDevanagari", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        gl_doc *doc = tk_doc_new();
        if (cases[i].lang)
            tk_set_meta(doc, GL_META_LANG, cases[i].lang);
        tk_add_text(doc, gl_doc_root_mut(doc), GL_NODE_PARAGRAPH, cases[i].text);
        gl_buf out;
        gl_error err;
        assert_int_equal(render(doc, NULL, &out, &err), GL_OK);
        if (!contains(&out, cases[i].font))
            fail_msg("%s: no %s", cases[i].lang ? cases[i].lang : "undeclared", cases[i].font);
        if (cases[i].not_font && contains(&out, cases[i].not_font))
            fail_msg("%s: %s", cases[i].lang ? cases[i].lang : "undeclared", cases[i].not_font);
        gl_buf_free(&out);
        gl_doc_free(doc);
    }
}

/* A tree nested far deeper than any reader allows still renders, without
 * recursion and without indenting off the page. */
static void test_deep_nesting(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_node *parent = gl_doc_root_mut(doc);
    for (int i = 0; i < 3000; i++) {
        parent = tk_add(doc, parent, i % 2 ? GL_NODE_BLOCKQUOTE : GL_NODE_LIST);
        if (parent->type == GL_NODE_LIST)
            parent = tk_add(doc, parent, GL_NODE_ITEM);
    }
    tk_add_text(doc, parent, GL_NODE_PARAGRAPH, "deep");
    gl_buf out;
    gl_error err;
    assert_int_equal(render(doc, NULL, &out, &err), GL_OK);
    gl_buf_free(&out);
    gl_doc_free(doc);
}

typedef struct refusing {
    size_t taken, limit;
} refusing;

static gl_status refuse_after(void *userdata, const char *bytes, size_t len) {
    (void)bytes;
    refusing *r = userdata;
    if (r->taken + len > r->limit)
        return GL_EIO;
    r->taken += len;
    return GL_OK;
}

static void test_sink_refuses(void **state) {
    (void)state;
    gl_doc *doc = sample_doc();
    size_t limits[] = {0, 4000};
    for (size_t i = 0; i < 2; i++) {
        refusing r = {0, limits[i]};
        gl_sink sink = {refuse_after, &r};
        gl_error err;
        gl_error_init(&err, NULL);
        assert_int_equal(gl_write_pdf(doc, &sink, NULL, &err), GL_ESINK);
        assert_int_equal(err.status, GL_ESINK);
        assert_string_equal(err.message, "cannot write the output");
    }
    gl_doc_free(doc);
}

/* An allocator that counts, and fails from the Nth call on when asked. */
typedef struct counting {
    long calls, fail_at, live;
} counting;

static void *c_malloc(void *ctx, size_t size) {
    counting *c = ctx;
    if (c->fail_at > 0 && ++c->calls >= c->fail_at)
        return NULL;
    void *p = malloc(size);
    c->live += p != NULL;
    return p;
}

static void *c_realloc(void *ctx, void *ptr, size_t size) {
    counting *c = ctx;
    if (c->fail_at > 0 && ++c->calls >= c->fail_at)
        return NULL;
    void *p = realloc(ptr, size);
    c->live += p && !ptr;
    return p;
}

static void c_free(void *ctx, void *ptr) {
    counting *c = ctx;
    c->live -= ptr != NULL;
    free(ptr);
}

static void test_allocator_routed_and_failures_clean(void **state) {
    (void)state;
    gl_doc *doc = sample_doc();
    counting c = {0, 0, 0};
    gl_allocator a = {c_malloc, c_realloc, c_free, &c};
    gl_options opt;
    gl_options_init(&opt);
    opt.allocator = &a;
    gl_buf out;
    gl_error err;
    assert_int_equal(render(doc, &opt, &out, &err), GL_OK);
    assert_int_equal(c.live, 0);
    gl_buf_free(&out);
    /* libharu's objects come from our allocator too: many allocations */
    c.fail_at = 1000000;
    c.calls = 0;
    assert_int_equal(render(doc, &opt, &out, &err), GL_OK);
    long total = c.calls;
    assert_true(total > 100);
    gl_buf_free(&out);
    /* Fail allocation N for a spread of N: GL_ENOMEM, nothing leaked. */
    for (long n = 1; n < total; n += n < 50 ? 1 : n / 50) {
        c = (counting){0, n, 0};
        gl_sink sink = {gl_sink_buf_write, &out};
        gl_buf_init(&out, NULL, 0);
        gl_error_init(&err, NULL);
        gl_status st = gl_write_pdf(doc, &sink, &opt, &err);
        if (st != GL_ENOMEM)
            print_error("allocation %ld: %s\n", n, err.message);
        assert_int_equal(st, GL_ENOMEM);
        assert_int_equal(err.status, GL_ENOMEM);
        if (c.live != 0)
            print_error("allocation %ld leaks %ld blocks\n", n, (long)c.live);
        assert_int_equal(c.live, 0);
        gl_buf_free(&out);
    }
    gl_doc_free(doc);
}

/* Reads a ToUnicode CMap back: the UTF-16BE hex text of `code`, from its
 * bfchar entry or the bfrange holding it, into out ("" when none). */
static void cmap_text(const char *cmap, unsigned code, char *out, size_t size) {
    out[0] = '\0';
    enum { NONE, RANGE, CHAR } mode = NONE;
    for (const char *p = cmap; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        unsigned a = 0, b = 0, c = 0;
        char text[128];
        if (len >= 12 && memcmp(p + len - 12, "beginbfrange", 12) == 0)
            mode = RANGE;
        else if (len >= 11 && memcmp(p + len - 11, "beginbfchar", 11) == 0)
            mode = CHAR;
        else if (strncmp(p, "endbf", 5) == 0)
            mode = NONE;
        else if (mode == RANGE && sscanf(p, "<%x> <%x> <%x>", &a, &b, &c) == 3 && code >= a &&
                 code <= b)
            snprintf(out, size, "%04X", c + (code - a));
        else if (mode == CHAR && sscanf(p, "<%x> <%127[0-9A-F]>", &a, text) == 2 && code == a)
            snprintf(out, size, "%.127s", text);
        p += len + (nl != NULL);
    }
}

/* The cut by glyph set: a ligature (no character maps to it) and a glyph
 * beyond the BMP survive the cut, and the ToUnicode CMap, parsed back,
 * gives the ligature both its characters and the emoji its surrogate pair;
 * a glyph drawn for one character keeps a bfrange or bfchar of its own. */
static void test_cut_by_glyphs(void **state) {
    (void)state;
    const gl_allocator *a = gl_allocator_of(NULL);
    gl_error err;
    gl_error_init(&err, NULL);
    gl_pdf_fonts fonts;
    assert_int_equal(gl_pdf_fonts_resolve(&fonts, NULL, NULL, a, &err), GL_OK);
    gl_pdf_font serif;
    assert_int_equal(gl_pdf_font_open(&serif, fonts.path[GL_PDF_SERIF], a, &err), GL_OK);
    /* DejaVu Serif's "fi" ligature, as HarfBuzz shapes "fi". */
    hb_buffer_t *buf = hb_buffer_create();
    hb_buffer_add_utf8(buf, "fi", -1, 0, -1);
    hb_buffer_guess_segment_properties(buf);
    hb_shape(serif.font, buf, NULL, 0);
    unsigned n = 0;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
    assert_int_equal(n, 1); /* one glyph for two characters */
    uint32_t lig = info[0].codepoint;
    hb_buffer_destroy(buf);
    static const uint32_t fi[] = {'f', 'i'};
    assert_int_equal(gl_pdf_font_use_glyph(&serif, lig, fi, 2, a, &err), GL_OK);
    assert_int_equal(gl_pdf_font_use(&serif, "Az", 2, &err), GL_OK);
    assert_int_equal(gl_pdf_font_cut(&serif, a, &err), GL_OK);
    unsigned lig_code = gl_pdf_font_glyph_code(&serif, lig);
    assert_true(lig_code > 0);
    gl_buf cmap;
    gl_buf_init(&cmap, a, 0);
    assert_int_equal(gl_pdf_font_cmap(&serif, &cmap), GL_OK);
    char text[160];
    cmap_text(gl_buf_cstr(&cmap), lig_code, text, sizeof text);
    assert_string_equal(text, "00660069");
    cmap_text(gl_buf_cstr(&cmap), gl_pdf_font_code(&serif, 'A'), text, sizeof text);
    assert_string_equal(text, "0041");
    cmap_text(gl_buf_cstr(&cmap), gl_pdf_font_code(&serif, 'z'), text, sizeof text);
    assert_string_equal(text, "007A");
    gl_buf_free(&cmap);
    gl_pdf_font_close(&serif, a);
    /* U+1F600 from Symbola: code, width and a surrogate pair. */
    char *path = NULL;
    assert_int_equal(gl_pdf_fonts_fallback(0x1F600, NULL, "Symbola", GL_PDF_SERIF, &path, a, &err),
                     GL_OK);
    assert_non_null(path);
    gl_pdf_font sym;
    assert_int_equal(gl_pdf_font_open(&sym, path, a, &err), GL_OK);
    assert_int_equal(gl_pdf_font_use(&sym, "\xF0\x9F\x98\x80", 4, &err), GL_OK);
    assert_int_equal(gl_pdf_font_cut(&sym, a, &err), GL_OK);
    unsigned code = gl_pdf_font_code(&sym, 0x1F600);
    assert_true(code > 0 && code < sym.ncodes);
    assert_true(sym.advances[code] > 0);
    gl_buf_init(&cmap, a, 0);
    assert_int_equal(gl_pdf_font_cmap(&sym, &cmap), GL_OK);
    cmap_text(gl_buf_cstr(&cmap), code, text, sizeof text);
    assert_string_equal(text, "D83DDE00");
    gl_buf_free(&cmap);
    gl_pdf_font_close(&sym, a);
    gl_free(a, path);
    gl_pdf_fonts_release(&fonts, a);
}

static void test_fonts_resolve(void **state) {
    (void)state;
    gl_pdf_fonts fonts;
    gl_error err;
    gl_error_init(&err, NULL);
    const gl_allocator *a = gl_allocator_of(NULL);
    assert_int_equal(gl_pdf_fonts_resolve(&fonts, NULL, NULL, a, &err), GL_OK);
    for (int f = 0; f < GL_PDF_FACE_COUNT; f++) {
        size_t n = strlen(fonts.path[f]);
        assert_true(n > 4);
        assert_string_equal(fonts.path[f] + n - 4, ".ttf");
    }
    assert_non_null(strstr(fonts.path[GL_PDF_MONO], "Mono"));
    gl_pdf_font serif;
    assert_int_equal(gl_pdf_font_open(&serif, fonts.path[GL_PDF_SERIF], a, &err), GL_OK);
    assert_true(gl_pdf_font_has(&serif, 0x0416)); /* Cyrillic Zhe */
    assert_false(gl_pdf_font_has(&serif, 0x4E00));
    assert_false(gl_pdf_font_has(&serif, 0x0627)); /* Arabic: a fallback's */
    assert_int_equal(gl_pdf_font_advance(&serif, 0x4E00), -1);
    assert_true(gl_pdf_font_advance(&serif, 'm') > 500);
    gl_pdf_font_close(&serif, a);
    gl_pdf_font_close(&serif, a); /* closed twice: a no-op */
    /* The families asked for come first, in their order, whatever
     * fontconfig ranks first by coverage (NanumGothic for U+4E00 once
     * fonts-nanum is installed); without families, any font with it. */
    char *cjk = NULL;
    assert_int_equal(gl_pdf_fonts_fallback(0x4E00, "zh-cn", "No Such Family,Droid Sans Fallback",
                                           GL_PDF_SERIF, &cjk, a, &err),
                     GL_OK);
    assert_non_null(cjk);
    assert_non_null(strstr(cjk, "DroidSansFallback"));
    gl_pdf_font fb;
    assert_int_equal(gl_pdf_font_open(&fb, cjk, a, &err), GL_OK);
    assert_true(gl_pdf_font_has(&fb, 0x4E00));
    gl_pdf_font_close(&fb, a);
    gl_free(a, cjk);
    assert_int_equal(gl_pdf_fonts_fallback(0x4E00, NULL, NULL, GL_PDF_SERIF, &cjk, a, &err), GL_OK);
    assert_non_null(cjk);
    gl_free(a, cjk);
    /* A family without the character is passed over. */
    assert_int_equal(
        gl_pdf_fonts_fallback(0x0E01, "th", "DejaVu Sans,Loma", GL_PDF_SERIF, &cjk, a, &err),
        GL_OK);
    assert_non_null(strstr(cjk, "Loma"));
    gl_free(a, cjk);
    /* No installed font has a private-use character of plane 16. */
    assert_int_equal(gl_pdf_fonts_fallback(0x10FFFD, NULL, NULL, GL_PDF_SERIF, &cjk, a, &err),
                     GL_OK);
    assert_null(cjk);
    /* Beyond the BMP: an emoji from a font with outlines (fonts-symbola). */
    char *emoji = NULL;
    assert_int_equal(gl_pdf_fonts_fallback(0x1F600, NULL, "Symbola", GL_PDF_SERIF, &emoji, a, &err),
                     GL_OK);
    assert_non_null(emoji);
    assert_int_equal(gl_pdf_font_open(&fb, emoji, a, &err), GL_OK);
    assert_true(gl_pdf_font_has(&fb, 0x1F600));
    assert_true(gl_pdf_font_advance(&fb, 0x1F600) > 0);
    gl_pdf_font_close(&fb, a);
    gl_free(a, emoji);
    assert_int_equal(gl_pdf_font_open(&fb, "/nonexistent/font.ttf", a, &err), GL_EFONT);
    gl_pdf_fonts_release(&fonts, a);
    gl_pdf_fonts_release(&fonts, a); /* released twice: a no-op */
}

/* The font cache: written by a conversion, then read without fontconfig;
 * any stamp that no longer holds sends the writer back to fontconfig. */
static void test_font_cache(void **state) {
    (void)state;
    char dir[] = "/tmp/galley-test-cache-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char cache[256];
    snprintf(cache, sizeof cache, "%s/sub/fonts", dir);
    gl_doc *doc = sample_doc();
    gl_options opt;
    gl_options_init(&opt);
    opt.font_cache = cache;
    gl_buf out;
    gl_error err;
    assert_int_equal(render(doc, &opt, &out, &err), GL_OK);
    gl_buf_free(&out);
    const gl_allocator *a = gl_allocator_of(NULL);
    gl_pdf_fonts fonts;
    gl_error_init(&err, NULL);
    assert_int_equal(gl_pdf_fonts_resolve(&fonts, cache, NULL, a, &err), GL_OK);
    assert_false(fonts.changed); /* from the cache */
    assert_non_null(strstr(fonts.path[GL_PDF_SERIF], ".ttf"));
    gl_pdf_fonts_release(&fonts, a);
    /* A stamp that no longer matches: fontconfig decides again. */
    FILE *f = fopen(cache, "r+");
    assert_non_null(f);
    char text[65536];
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = '\0';
    char *stamp = strstr(text, "\nstamp ");
    assert_non_null(stamp);
    stamp[7] = stamp[7] == '1' ? '2' : '1'; /* the mtime's first digit */
    rewind(f);
    fwrite(text, 1, n, f);
    fclose(f);
    assert_int_equal(gl_pdf_fonts_resolve(&fonts, cache, NULL, a, &err), GL_OK);
    assert_true(fonts.changed);
    gl_pdf_fonts_release(&fonts, a);
    /* Not a cache at all: ignored. */
    f = fopen(cache, "w");
    fputs("face 0 /etc/passwd\n", f);
    fclose(f);
    assert_int_equal(gl_pdf_fonts_resolve(&fonts, cache, NULL, a, &err), GL_OK);
    assert_true(fonts.changed);
    assert_null(strstr(fonts.path[GL_PDF_SERIF], "passwd"));
    gl_pdf_fonts_release(&fonts, a);
    remove(cache);
    snprintf(cache, sizeof cache, "%s/sub", dir);
    rmdir(cache);
    rmdir(dir);
    gl_doc_free(doc);
}

/* Issue 14: what the writer and libharu hold is counted against
 * max_memory; past it the conversion stops with GL_ELIMIT and the limit's
 * message, and leaks nothing. The same document converts under the
 * default. */
static void test_memory_limit(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_node *root = gl_doc_root_mut(doc);
    for (int i = 0; i < 3000; i++) {
        gl_node *p = tk_add(doc, root, GL_NODE_PARAGRAPH);
        gl_node *link = tk_add(doc, p, GL_NODE_LINK);
        gl_node_set_url(doc, link, "https://example.com/a", 21);
        tk_append_text(doc, link, "a link to somewhere");
    }
    gl_options opt;
    gl_options_init(&opt);
    assert_int_equal(opt.max_memory, GL_DEFAULT_MAX_MEMORY);
    gl_buf out;
    gl_error err;
    assert_int_equal(render(doc, &opt, &out, &err), GL_OK);
    gl_buf_free(&out);
    opt.max_memory = (size_t)4 << 20;
    assert_int_equal(render(doc, &opt, &out, &err), GL_ELIMIT);
    assert_int_equal(err.status, GL_ELIMIT);
    assert_string_equal(err.message,
                        "document too large for the memory limit (max_memory = 4 MiB)");
    assert_int_equal(out.len, 0);
    gl_buf_free(&out);
    gl_doc_free(doc);
}

/* How often the file says `needle`, in its bytes and inside its Flate
 * streams (the object streams hold the dictionaries). */
static size_t occurrences(const gl_buf *b, const char *needle) {
    size_t n = strlen(needle), count = 0, size = (size_t)16 << 20;
    unsigned char *plain = malloc(size);
    struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
    assert_non_null(plain);
    assert_non_null(d);
    static const char kw[] = "stream\n";
    for (size_t i = 0; i + sizeof kw <= b->len; i++) {
        if (memcmp(b->data + i, kw, sizeof kw - 1) != 0 || (i > 0 && b->data[i - 1] == 'd'))
            continue;
        size_t at = i + sizeof kw - 1, used, got;
        if (libdeflate_zlib_decompress_ex(d, b->data + at, b->len - at, plain, size, &used, &got) !=
            LIBDEFLATE_SUCCESS)
            continue;
        for (size_t k = 0; k + n <= got; k++)
            count += memcmp(plain + k, needle, n) == 0;
    }
    libdeflate_free_decompressor(d);
    free(plain);
    return count;
}

/* Issue 14: links and bookmarks are written by galley into the packed file
 * (pdf_nav.c), not made as libharu objects, which cost 7.5 KB a link and
 * 5.7 KB a heading: 20,000 of each took over 250 MB and stopped at this
 * 48 MiB limit. Every one is in the file: an annotation per link, with its
 * own action (each goes elsewhere), and a bookmark per heading. */
static void test_links_and_bookmarks_are_cheap(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_node *root = (gl_node *)gl_doc_root(doc);
    enum { N = 20000 };
    for (int i = 0; i < N; i++) {
        gl_node *h = tk_add_text(doc, root, GL_NODE_HEADING, "A heading");
        h->level = 1 + i % 3;
        gl_node *link =
            tk_add_text(doc, tk_add(doc, root, GL_NODE_PARAGRAPH), GL_NODE_LINK, "link");
        char url[48];
        int n = snprintf(url, sizeof url, "https://example.com/%d", i);
        gl_node_set_url(doc, link, url, (size_t)n);
    }
    gl_options opt;
    gl_options_init(&opt);
    opt.max_memory = (size_t)48 << 20;
    gl_buf out;
    gl_error err;
    assert_int_equal(render(doc, &opt, &out, &err), GL_OK);
    assert_int_equal(occurrences(&out, "/Subtype /Link"), N);
    assert_int_equal(occurrences(&out, "/S /URI"), N);
    assert_int_equal(occurrences(&out, "/Title (A heading)"), N);
    gl_buf_free(&out);
    gl_doc_free(doc);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_renders_a_pdf),
        cmocka_unit_test(test_byte_identical),
        cmocka_unit_test(test_no_date_when_unknown),
        cmocka_unit_test(test_date_with_offset),
        cmocka_unit_test(test_only_used_faces),
        cmocka_unit_test(test_paper_sizes),
        cmocka_unit_test(test_empty_document),
        cmocka_unit_test(test_missing_glyphs_warn_once),
        cmocka_unit_test(test_fallback_by_script),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_sink_refuses),
        cmocka_unit_test(test_allocator_routed_and_failures_clean),
        cmocka_unit_test(test_fonts_resolve),
        cmocka_unit_test(test_cut_by_glyphs),
        cmocka_unit_test(test_font_cache),
        cmocka_unit_test(test_memory_limit),
        cmocka_unit_test(test_links_and_bookmarks_are_cheap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
