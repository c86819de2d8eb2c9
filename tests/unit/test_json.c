/* The JSON writer on hand-built trees: exact output, escaping, every node's
 * fields, depth, failures. tests/cmake/json_parse.cmake parses a rich
 * document with Python; here a small scanner checks the nesting. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "galley/galley.h"
#include "util/buf.h"
#include "util/sink.h"
#include "writers/writers.h"
#include "../tools/testkit.h"
#include "unit_kit.h"

/* Brackets balance outside strings, strings hold no raw control character,
 * and the text is one value followed by a newline. */
static void check_json_shape(const char *s, size_t len) {
    size_t depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (in_string) {
            assert_true(c >= 0x20);
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if (c == '}' || c == ']') {
            assert_true(depth > 0);
            if (--depth == 0)
                assert_true(i + 2 == len && s[i + 1] == '\n');
        }
    }
    assert_false(in_string);
    assert_int_equal(depth, 0);
}

static char *render(const gl_doc *doc) {
    size_t len;
    char *out = uk_render(gl_write_json, doc, NULL, &len);
    check_json_shape(out, len);
    return out;
}

/* The lines after `"body": [`. */
static const char *body_of(const char *out) {
    const char *b = strstr(out, "  \"body\": [");
    assert_non_null(b);
    return b;
}

static void test_small_document_exact(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    tk_set_meta_from(doc, GL_META_TITLE, "A Title", "front matter");
    gl_doc_add_author(doc, "Ann Lee", 7, "meta author");
    gl_doc_add_author(doc, "Bo Chen", 7, "meta author");
    tk_set_meta_from(doc, GL_META_DATE, "2014-11-12T10:00:00+01:00", "meta");
    tk_set_meta_from(doc, GL_META_DATE_TEXT, "November 12, 2014", "time");
    tk_set_meta_from(doc, GL_META_LANG, "en", "html lang");
    gl_node *h = tk_add_text(doc, tk_root(doc), GL_NODE_HEADING, "Hi");
    h->level = 2;
    gl_node_set_info(doc, h, "hi", 2);
    gl_node *p = tk_add_text(doc, tk_root(doc), GL_NODE_PARAGRAPH, "See ");
    gl_node *a = tk_add_text(doc, p, GL_NODE_LINK, "this");
    gl_node_set_url(doc, a, "https://x.org/", 14);
    tk_add(doc, p, GL_NODE_LINE_BREAK);
    gl_node *list = tk_add(doc, tk_root(doc), GL_NODE_LIST);
    list->ordered = true;
    list->start = 3;
    list->tight = true;
    gl_node *item = tk_add(doc, list, GL_NODE_ITEM);
    item->task = GL_TASK_DONE;
    tk_add_text(doc, item, GL_NODE_PARAGRAPH, "one");
    tk_add(doc, list, GL_NODE_ITEM);
    tk_add(doc, tk_root(doc), GL_NODE_BLOCKQUOTE);
    tk_add(doc, tk_root(doc), GL_NODE_THEMATIC_BREAK);
    char *out = render(doc);
    assert_string_equal(
        out,
        "{\n"
        "  \"title\": \"A Title\",\n"
        "  \"byline\": \"Ann Lee, Bo Chen\",\n"
        "  \"date\": \"2014-11-12T10:00:00+01:00\",\n"
        "  \"site\": null,\n"
        "  \"lang\": \"en\",\n"
        "  \"url\": null,\n"
        "  \"description\": null,\n"
        "  \"authors\": [\"Ann Lee\", \"Bo Chen\"],\n"
        "  \"date_text\": \"November 12, 2014\",\n"
        "  \"sources\": {\"title\": \"front matter\", \"byline\": \"meta author\", "
        "\"date\": \"meta\", \"date_text\": \"time\", \"lang\": \"html lang\"},\n"
        "  \"body\": [\n"
        "    {\"type\": \"heading\", \"level\": 2, \"id\": \"hi\", \"children\": "
        "[{\"type\": \"text\", \"text\": \"Hi\"}]},\n"
        "    {\"type\": \"paragraph\", \"children\": [{\"type\": \"text\", \"text\": \"See \"}, "
        "{\"type\": \"link\", \"url\": \"https://x.org/\", \"title\": null, \"children\": "
        "[{\"type\": \"text\", \"text\": \"this\"}]}, {\"type\": \"line_break\"}]},\n"
        "    {\"type\": \"list\", \"ordered\": true, \"start\": 3, \"tight\": true, "
        "\"children\": [\n"
        "      {\"type\": \"item\", \"task\": \"done\", \"children\": [\n"
        "        {\"type\": \"paragraph\", \"children\": [{\"type\": \"text\", \"text\": "
        "\"one\"}]}\n"
        "      ]},\n"
        "      {\"type\": \"item\", \"children\": []}\n"
        "    ]},\n"
        "    {\"type\": \"blockquote\", \"children\": []},\n"
        "    {\"type\": \"thematic_break\"}\n"
        "  ]\n"
        "}\n");
    char *again = render(doc);
    assert_string_equal(out, again);
    free(again);
    free(out);
    gl_doc_free(doc);
}

static void test_no_metadata(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    char *out = render(doc);
    assert_string_equal(out, "{\n"
                             "  \"title\": null,\n"
                             "  \"byline\": null,\n"
                             "  \"date\": null,\n"
                             "  \"site\": null,\n"
                             "  \"lang\": null,\n"
                             "  \"url\": null,\n"
                             "  \"description\": null,\n"
                             "  \"authors\": [],\n"
                             "  \"date_text\": null,\n"
                             "  \"sources\": {},\n"
                             "  \"body\": []\n"
                             "}\n");
    free(out);
    gl_doc_free(doc);
}

static void test_escaping(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    tk_set_meta_from(doc, GL_META_TITLE, "q\"b\\s/\x01\x1F\x7F", "a \"source\"");
    const char text[] = "\b\f\n\r\t\x0B caf\xC3\xA9 \xE2\x80\xA8\xE2\x80\xA9 \xF0\x9F\x98\x80"
                        " \xEF\xBF\xBE";
    tk_add_text(doc, tk_root(doc), GL_NODE_PARAGRAPH, text);
    gl_node *cb = tk_add(doc, tk_root(doc), GL_NODE_CODE_BLOCK);
    gl_node_set_text(doc, cb, "</script>\n", 10);
    char *out = render(doc);
    assert_non_null(strstr(out, "  \"title\": \"q\\\"b\\\\s/\\u0001\\u001f\x7F\",\n"));
    assert_non_null(strstr(out, "\"sources\": {\"title\": \"a \\\"source\\\"\"}"));
    assert_non_null(strstr(out, "{\"type\": \"text\", \"text\": \"\\b\\f\\n\\r\\t\\u000b "
                                "caf\xC3\xA9 \\u2028\\u2029 \xF0\x9F\x98\x80 \xEF\xBF\xBE\"}"));
    assert_non_null(strstr(out, "{\"type\": \"code_block\", \"language\": null, "
                                "\"text\": \"</script>\\n\"}"));
    free(out);
    gl_doc_free(doc);
}

static void test_node_fields(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_node *root = tk_root(doc);
    tk_add(doc, root, GL_NODE_HEADING)->level = 6; /* no id: null */
    gl_node *cb = tk_add(doc, root, GL_NODE_CODE_BLOCK);
    gl_node_set_text(doc, cb, "x", 1);
    gl_node_set_info(doc, cb, "c", 1);
    gl_node *fig = tk_add(doc, root, GL_NODE_FIGURE);
    gl_node_set_url(doc, fig, "f.png", 5);
    gl_node_set_text(doc, fig, "Alt", 3);
    gl_node_append_text(doc, fig, "Cap", 3);
    gl_node *t = tk_add(doc, root, GL_NODE_TABLE);
    gl_node *row = tk_add(doc, t, GL_NODE_TABLE_ROW);
    gl_node *cell = tk_add_text(doc, row, GL_NODE_TABLE_CELL, "h");
    cell->header = true;
    cell->align = GL_ALIGN_CENTER;
    tk_add(doc, row, GL_NODE_TABLE_CELL);
    gl_node *p = tk_add(doc, root, GL_NODE_PARAGRAPH);
    gl_node *img = tk_add(doc, p, GL_NODE_IMAGE);
    gl_node_set_url(doc, img, "i.png", 5);
    gl_node_set_title(doc, img, "T", 1);
    gl_node *code = tk_add(doc, p, GL_NODE_CODE);
    gl_node_set_text(doc, code, "c()", 3);
    gl_node *r = tk_add(doc, p, GL_NODE_FOOTNOTE_REF);
    gl_node_set_info(doc, r, "n", 1);
    tk_add_text(doc, p, GL_NODE_STRIKE, "s");
    tk_add_text(doc, p, GL_NODE_SUPERSCRIPT, "2");
    tk_add_text(doc, p, GL_NODE_SUBSCRIPT, "i");
    tk_add_text(doc, p, GL_NODE_STRONG, "b");
    gl_node *def = tk_add(doc, root, GL_NODE_FOOTNOTE_DEF);
    gl_node_set_info(doc, def, "n", 1);
    tk_add_text(doc, def, GL_NODE_PARAGRAPH, "note");
    gl_node *list = tk_add(doc, root, GL_NODE_LIST);
    list->start = -2;
    list->ordered = true;
    tk_add(doc, list, GL_NODE_ITEM)->task = GL_TASK_OPEN;
    char *out = render(doc);
    assert_string_equal(
        body_of(out),
        "  \"body\": [\n"
        "    {\"type\": \"heading\", \"level\": 6, \"id\": null, \"children\": []},\n"
        "    {\"type\": \"code_block\", \"language\": \"c\", \"text\": \"x\"},\n"
        "    {\"type\": \"figure\", \"url\": \"f.png\", \"alt\": \"Alt\", \"title\": null, "
        "\"children\": [{\"type\": \"text\", \"text\": \"Cap\"}]},\n"
        "    {\"type\": \"table\", \"children\": [\n"
        "      {\"type\": \"table_row\", \"children\": [\n"
        "        {\"type\": \"table_cell\", \"header\": true, \"align\": \"center\", "
        "\"children\": [{\"type\": \"text\", \"text\": \"h\"}]},\n"
        "        {\"type\": \"table_cell\", \"header\": false, \"children\": []}\n"
        "      ]}\n"
        "    ]},\n"
        "    {\"type\": \"paragraph\", \"children\": [{\"type\": \"image\", \"url\": \"i.png\", "
        "\"alt\": null, \"title\": \"T\"}, {\"type\": \"code\", \"text\": \"c()\"}, "
        "{\"type\": \"footnote_ref\", \"label\": \"n\"}, {\"type\": \"strike\", \"children\": "
        "[{\"type\": \"text\", \"text\": \"s\"}]}, {\"type\": \"superscript\", \"children\": "
        "[{\"type\": \"text\", \"text\": \"2\"}]}, {\"type\": \"subscript\", \"children\": "
        "[{\"type\": \"text\", \"text\": \"i\"}]}, {\"type\": \"strong\", \"children\": "
        "[{\"type\": \"text\", \"text\": \"b\"}]}]},\n"
        "    {\"type\": \"footnote_def\", \"label\": \"n\", \"children\": [\n"
        "      {\"type\": \"paragraph\", \"children\": [{\"type\": \"text\", \"text\": "
        "\"note\"}]}\n"
        "    ]},\n"
        "    {\"type\": \"list\", \"ordered\": true, \"start\": -2, \"tight\": false, "
        "\"children\": [\n"
        "      {\"type\": \"item\", \"task\": \"open\", \"children\": []}\n"
        "    ]}\n"
        "  ]\n"
        "}\n");
    free(out);
    gl_doc_free(doc);
}

static void test_deep_nesting(void **state) {
    (void)state;
    gl_doc *doc = uk_deep_doc(GL_NODE_EMPH, true); /* deep inlines too */
    char *out = render(doc);                       /* checks the nesting balances */
    size_t quotes = 0;
    for (const char *s = out; (s = strstr(s, "{\"type\": \"blockquote\"")); s++)
        quotes++;
    assert_int_equal(quotes, 10000);
    /* indentation stops growing, so the output stays linear in the input */
    assert_true(strlen(out) < 3000000);
    free(out);
    gl_doc_free(doc);
}

static void test_rich_document(void **state) {
    (void)state;
    gl_doc *doc = uk_rich_doc();
    char *out = render(doc);
    /* the writer shows the tree as it is: unsafe URLs and odd ids included */
    assert_non_null(strstr(out, "\"url\": \" JaVa\\tScript:alert(1)\""));
    assert_non_null(strstr(out, "\"id\": \"my id:1\""));
    free(out);
    gl_doc_free(doc);
}

/* A refusing sink and each allocation failing in turn (unit_kit.c). */
static void test_failures(void **state) {
    (void)state;
    uk_check_writer_failures(gl_write_json, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_document_exact),
        cmocka_unit_test(test_no_metadata),
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_node_fields),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_rich_document),
        cmocka_unit_test(test_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
