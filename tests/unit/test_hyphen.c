/* Hyphenation points from Debian's dictionaries (hyphen-en-us, hyphen-ru),
 * looked up by language tag, once per process. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "layout/hyphen.h"

/* The word with a '-' at each point, in `out`. */
static const char *marked(const gl_hyphen_dict *d, const char *word, char *out) {
    size_t points[32], n = gl_hyphen_points(d, word, strlen(word), points, 32), at = 0, o = 0;
    for (size_t k = 0; k <= n; k++) {
        size_t end = k < n ? points[k] : strlen(word);
        memcpy(out + o, word + at, end - at);
        o += end - at;
        if (k < n)
            out[o++] = '-';
        at = end;
    }
    out[o] = '\0';
    return out;
}

static void test_english(void **state) {
    (void)state;
    char out[128];
    const gl_hyphen_dict *en = gl_hyphen_dict_for(GL_HYPHEN_DIR, "en-US");
    assert_non_null(en);
    assert_ptr_equal(gl_hyphen_dict_for(GL_HYPHEN_DIR, "en-US"), en); /* loaded once */
    assert_non_null(gl_hyphen_dict_for(GL_HYPHEN_DIR, "EN"));
    assert_string_equal(marked(en, "negotiating", out), "ne-go-ti-at-ing");
    /* Punctuation around the word stays with it; case is kept. */
    assert_string_equal(marked(en, "(Cooperation),", out), "(Co-op-er-a-tion),");
    /* Not words to hyphenate: short, digits, other scripts, inner punctuation. */
    assert_string_equal(marked(en, "able", out), "able");
    assert_string_equal(marked(en, "2014th", out), "2014th");
    assert_string_equal(marked(en, "\xD0\xB1\xD0\xB8\xD0\xB1\xD0\xBB\xD0\xB8\xD0\xBE", out),
                        "\xD0\xB1\xD0\xB8\xD0\xB1\xD0\xBB\xD0\xB8\xD0\xBE");
    assert_string_equal(marked(en, "Russia's", out), "Russia's");
    assert_true(gl_hyphen_candidate("en", "negotiating", 11));
    assert_false(gl_hyphen_candidate("en", "\xD0\xB1\xD0\xB8\xD0\xB1\xD0\xBB\xD0\xB8", 10));
}

static void test_russian(void **state) {
    (void)state;
    char out[128];
    /* hyph_ru_RU.dic is in KOI8-R: words are converted to it. */
    const gl_hyphen_dict *ru = gl_hyphen_dict_for(GL_HYPHEN_DIR, "ru");
    assert_non_null(ru);
    assert_string_equal(marked(ru, "библиотекарь", out), "биб-лио-текарь");
    assert_string_equal(marked(ru, "Переводчики,", out), "Пе-ре-вод-чики,");
    assert_string_equal(marked(ru, "negotiating", out), "negotiating");
}

static void test_no_dictionary(void **state) {
    (void)state;
    assert_null(gl_hyphen_dict_for(GL_HYPHEN_DIR, NULL));
    assert_null(gl_hyphen_dict_for(GL_HYPHEN_DIR, "xx"));
    assert_null(gl_hyphen_dict_for(GL_HYPHEN_DIR, "../etc"));
    assert_null(gl_hyphen_dict_for("/nonexistent", "en"));
    size_t points[4];
    assert_int_equal(gl_hyphen_points(NULL, "negotiating", 11, points, 4), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_english),
        cmocka_unit_test(test_russian),
        cmocka_unit_test(test_no_dictionary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
