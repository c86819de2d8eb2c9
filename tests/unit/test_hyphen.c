/* Hyphenation points from Debian's dictionaries (hyphen-en-us, hyphen-ru),
 * looked up by language tag, once per process. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
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

/* A gl_hyphen_dict_fn that records what it was asked for and gives `give`
 * (the process keeps 16 dictionaries at most: test_damaged_images needs
 * most of them, so this one loads none of its own). */
typedef struct asked {
    const gl_hyphen_dict *give;
    const char *lang;
    size_t slot;
    int calls;
} asked;

static const gl_hyphen_dict *ask(void *userdata, const char *lang, size_t slot) {
    asked *a = userdata;
    a->lang = lang;
    a->slot = slot;
    a->calls++;
    return a->give;
}

static void test_english(void **state) {
    (void)state;
    char out[128];
    const gl_hyphen_dict *en = gl_hyphen_dict_for(GL_HYPHEN_DIR, "en-US", NULL);
    assert_non_null(en);
    assert_ptr_equal(gl_hyphen_dict_for(GL_HYPHEN_DIR, "en-US", NULL), en); /* loaded once */
    assert_non_null(gl_hyphen_dict_for(GL_HYPHEN_DIR, "EN", NULL));
    assert_string_equal(marked(en, "negotiating", out), "ne-go-ti-at-ing");
    /* Punctuation around the word stays with it; case is kept. */
    assert_string_equal(marked(en, "(Cooperation),", out), "(Co-op-er-a-tion),");
    /* Not words to hyphenate: short, digits, other scripts, inner punctuation. */
    assert_string_equal(marked(en, "able", out), "able");
    assert_string_equal(marked(en, "2014th", out), "2014th");
    assert_string_equal(marked(en, "\xD0\xB1\xD0\xB8\xD0\xB1\xD0\xBB\xD0\xB8\xD0\xBE", out),
                        "\xD0\xB1\xD0\xB8\xD0\xB1\xD0\xBB\xD0\xB8\xD0\xBE");
    assert_string_equal(marked(en, "Russia's", out), "Russia's");
    /* gl_hyphenate asks for the dictionary of the word's script, and only
     * for a word it might cut. */
    const gl_hyphen_dict *ru = gl_hyphen_dict_for(GL_HYPHEN_DIR, "ru", NULL);
    assert_non_null(ru);
    asked a = {.give = en};
    size_t points[32];
    assert_int_equal(gl_hyphenate("en-US", "negotiating", 11, ask, &a, points, 32), 4);
    assert_string_equal(a.lang, "en-US");
    assert_int_equal(a.slot, GL_HYPHEN_OWN);
    assert_int_equal(points[0], 2);
    asked b = {.give = en};
    assert_int_equal(gl_hyphenate("en", "2014th", 6, ask, &b, points, 32), 0);
    assert_int_equal(gl_hyphenate("en", "able", 4, ask, &b, points, 32), 0);
    assert_int_equal(gl_hyphenate("en", "\xD0\xB1\xD0\xB8negotiating", 15, ask, &b, points, 32), 0);
    assert_int_equal(b.calls, 0);
    /* A word of another script is cut by its script's dictionary. */
    asked c = {.give = ru};
    assert_int_equal(gl_hyphenate("en",
                                  "\xD0\xB1\xD0\xB8\xD0\xB1\xD0\xBB\xD0\xB8\xD0\xBE"
                                  "\xD1\x82\xD0\xB5\xD0\xBA\xD0\xB0\xD1\x80\xD1\x8C",
                                  24, ask, &c, points, 32),
                     2);
    assert_string_equal(c.lang, "ru");
    assert_int_equal(c.slot, 1);
    asked d = {.give = en};
    assert_int_equal(gl_hyphenate("ru", "negotiating", 11, ask, &d, points, 32), 4);
    assert_string_equal(d.lang, "en");
    assert_int_equal(d.slot, 0);
    /* No dictionary: no points. */
    asked e = {.give = NULL};
    assert_int_equal(gl_hyphenate("en", "negotiating", 11, ask, &e, points, 32), 0);
    assert_int_equal(e.calls, 1);
}

static void test_russian(void **state) {
    (void)state;
    char out[128];
    /* hyph_ru_RU.dic is in KOI8-R: words are converted to it. */
    const gl_hyphen_dict *ru = gl_hyphen_dict_for(GL_HYPHEN_DIR, "ru", NULL);
    assert_non_null(ru);
    assert_string_equal(marked(ru, "библиотекарь", out), "биб-лио-текарь");
    assert_string_equal(marked(ru, "Переводчики,", out), "Пе-ре-вод-чики,");
    assert_string_equal(marked(ru, "negotiating", out), "negotiating");
}

static void test_no_dictionary(void **state) {
    (void)state;
    assert_null(gl_hyphen_dict_for(GL_HYPHEN_DIR, NULL, NULL));
    assert_null(gl_hyphen_dict_for(GL_HYPHEN_DIR, "xx", NULL));
    assert_null(gl_hyphen_dict_for(GL_HYPHEN_DIR, "../etc", NULL));
    assert_null(gl_hyphen_dict_for("/nonexistent", "en", NULL));
    size_t points[4];
    assert_int_equal(gl_hyphen_points(NULL, "negotiating", 11, points, 4), 0);
}

static const char *const words[] = {"negotiating",     "cooperation",   "International",
                                    "representatives", "extraordinary", "afternoon"};

/* Whether two dictionaries cut every word of `words` alike. */
static void same_points(const gl_hyphen_dict *a, const gl_hyphen_dict *b) {
    char x[128], y[128];
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        assert_string_equal(marked(a, words[i], x), marked(b, words[i], y));
}

static void copy_file(const char *from, const char *to) {
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    assert_non_null(in);
    assert_non_null(out);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        assert_int_equal(fwrite(buf, 1, n, out), n);
    fclose(in);
    assert_int_equal(fclose(out), 0);
}

/* The parsed machine is kept in the folder given and read back, cutting
 * words as the .dic does; a damaged one is parsed again and replaced. */
static void test_compiled(void **state) {
    (void)state;
    char a[] = "/tmp/galley-hyph-XXXXXX", b[] = "/tmp/galley-hyph-XXXXXX", fa[64], fb[64];
    assert_non_null(mkdtemp(a));
    assert_non_null(mkdtemp(b));
    const gl_hyphen_dict *parsed = gl_hyphen_dict_for(GL_HYPHEN_DIR, "en", a);
    assert_non_null(parsed);
    snprintf(fa, sizeof fa, "%s/hyph_en.bin", a);
    snprintf(fb, sizeof fb, "%s/hyph_en.bin", b);
    assert_int_equal(access(fa, R_OK), 0);
    copy_file(fa, fb);
    const gl_hyphen_dict *read = gl_hyphen_dict_for(GL_HYPHEN_DIR, "en", b);
    assert_non_null(read);
    assert_ptr_not_equal(read, parsed);
    same_points(parsed, read);
    char out[128];
    assert_string_equal(marked(read, "negotiating", out), "ne-go-ti-at-ing");
    /* Damaged: cut short. */
    char c[] = "/tmp/galley-hyph-XXXXXX", fc[64];
    assert_non_null(mkdtemp(c));
    snprintf(fc, sizeof fc, "%s/hyph_en.bin", c);
    FILE *f = fopen(fc, "wb");
    assert_non_null(f);
    fwrite("galley hyphen 1", 1, 16, f);
    fclose(f);
    const gl_hyphen_dict *again = gl_hyphen_dict_for(GL_HYPHEN_DIR, "en", c);
    assert_non_null(again);
    same_points(parsed, again);
    struct stat sa, sc;
    assert_int_equal(stat(fa, &sa), 0);
    assert_int_equal(stat(fc, &sc), 0);
    assert_int_equal(sa.st_size, sc.st_size);
    /* The same image again, in another folder, while the first holds its
     * preferred address: mapped elsewhere, its pointers moved. */
    char d[] = "/tmp/galley-hyph-XXXXXX", fd[64];
    assert_non_null(mkdtemp(d));
    snprintf(fd, sizeof fd, "%s/hyph_en.bin", d);
    copy_file(fa, fd);
    const gl_hyphen_dict *moved = gl_hyphen_dict_for(GL_HYPHEN_DIR, "en", d);
    assert_non_null(moved);
    assert_ptr_not_equal(moved, read);
    same_points(parsed, moved);
    unlink(fa);
    unlink(fb);
    unlink(fc);
    unlink(fd);
    rmdir(a);
    rmdir(b);
    rmdir(c);
    rmdir(d);
}

/* A damaged image is refused (its CRC-32), and the .dic parsed again: it
 * cuts words as the .dic does, and is never followed out of the file (the
 * sanitizer build runs this). Each copy has one byte changed, from the head
 * to the strings. */
static void test_damaged_images(void **state) {
    (void)state;
    char good[] = "/tmp/galley-hyph-XXXXXX", fg[64];
    assert_non_null(mkdtemp(good));
    const gl_hyphen_dict *parsed = gl_hyphen_dict_for(GL_HYPHEN_DIR, "en", good);
    assert_non_null(parsed);
    snprintf(fg, sizeof fg, "%s/hyph_en.bin", good);
    struct stat sb;
    assert_int_equal(stat(fg, &sb), 0);
    /* Byte 600 is in the head's counts; then the states, the transitions,
     * the strings (en_US). The process keeps 16 dictionaries at most, which
     * bounds how many copies one test can load. */
    const long size = (long)sb.st_size;
    const long where[] = {600, size * 3 / 10, size * 6 / 10, size * 85 / 100, size * 97 / 100};
    for (size_t i = 0; i < sizeof where / sizeof *where; i++) {
        char dir[] = "/tmp/galley-hyph-XXXXXX", fdam[64];
        assert_non_null(mkdtemp(dir));
        snprintf(fdam, sizeof fdam, "%s/hyph_en.bin", dir);
        copy_file(fg, fdam);
        FILE *f = fopen(fdam, "r+b");
        assert_non_null(f);
        long at = where[i];
        assert_int_equal(fseek(f, at, SEEK_SET), 0);
        int c = fgetc(f);
        assert_int_equal(fseek(f, at, SEEK_SET), 0);
        fputc(c ^ 0x5A, f);
        assert_int_equal(fclose(f), 0);
        const gl_hyphen_dict *dict = gl_hyphen_dict_for(GL_HYPHEN_DIR, "en", dir);
        assert_non_null(dict);
        same_points(parsed, dict);
        /* Refused, so parsed and written again: the byte is back. */
        f = fopen(fdam, "rb");
        assert_non_null(f);
        assert_int_equal(fseek(f, at, SEEK_SET), 0);
        assert_int_equal(fgetc(f), c);
        fclose(f);
        unlink(fdam);
        rmdir(dir);
    }
    unlink(fg);
    rmdir(good);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_english),        cmocka_unit_test(test_russian),
        cmocka_unit_test(test_no_dictionary),  cmocka_unit_test(test_compiled),
        cmocka_unit_test(test_damaged_images),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
