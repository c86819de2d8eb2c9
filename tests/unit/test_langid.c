/* The language of undeclared text (util/langid.c), on our own sentences in
 * several languages and scripts, short and mixed texts that must get no
 * answer, the models' cache, and documents read without a lang. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <unistd.h>
#include <cmocka.h>
#include "galley/galley.h"
#include "util/langid.h"

static const struct {
    const char *tag, *text;
} samples[] = {
    {"en", "The town library opens every morning at nine and stays open late into the night, so "
           "that students can keep working after their lectures. On weekends there are story "
           "hours for children and a small market for second-hand books in the courtyard."},
    {"de", "Die Stadtbibliothek öffnet jeden Morgen um neun Uhr und bleibt bis spät in die Nacht "
           "geöffnet, damit die Studenten nach den Vorlesungen noch lernen können. Am Wochenende "
           "gibt es Vorlesestunden für Kinder und einen kleinen Büchermarkt im Hof."},
    {"fr", "La bibliothèque municipale ouvre chaque matin à neuf heures et reste ouverte jusqu'à "
           "tard dans la nuit, afin que les étudiants puissent travailler après les cours. Le "
           "week-end, on y raconte des histoires aux enfants et on vend des livres d'occasion."},
    {"es", "La biblioteca municipal abre todas las mañanas a las nueve y permanece abierta hasta "
           "muy tarde por la noche, para que los estudiantes puedan estudiar después de las "
           "clases. Los fines de semana hay cuentos para los niños y un mercado de libros."},
    {"ru", "Городская библиотека открывается каждое утро в девять часов и работает до поздней "
           "ночи, чтобы студенты могли заниматься после лекций. По выходным там читают сказки "
           "детям и продают подержанные книги во дворе."},
    {"el", "Η δημοτική βιβλιοθήκη ανοίγει κάθε πρωί στις εννέα και μένει ανοιχτή μέχρι αργά το "
           "βράδυ, ώστε οι φοιτητές να μπορούν να διαβάζουν μετά τα μαθήματα. Τα σαββατοκύριακα "
           "διαβάζουν παραμύθια στα παιδιά."},
    {"ja",
     "町の図書館は毎朝九時に開いて、夜遅くまで開いているので、学生は授業のあとでも勉強"
     "することができます。週末には子どものためのお話し会があり、中庭では古本市も開かれます。"},
    /* Simplified and traditional Chinese share most of their characters:
     * their models are too close to call on a paragraph, the language is
     * not (no kana: no Japanese) */
    {"zh", "市图书馆每天早上九点开门，一直开到深夜，让学生们下课以后也能在这里学习。周末"
           "还有给孩子们讲故事的活动，院子里也有一个小小的旧书市场，很多人都喜欢去那里。"
           "这个图书馆是二十年前建成的，当时城里的人们一起捐钱买书，现在这里已经有十多万"
           "本书了。每年春天，图书馆都会请作家来和读者见面，大家可以一起讨论新出版的小说。"},
    {"ko", "시립 도서관은 매일 아침 아홉 시에 문을 열고 밤늦게까지 운영되기 때문에 학생들은 "
           "수업이 끝난 뒤에도 공부할 수 있습니다. 주말에는 아이들을 위한 이야기 시간이 있습니다."},
    {"ar", "تفتح مكتبة المدينة أبوابها كل صباح في الساعة التاسعة وتبقى مفتوحة حتى وقت متأخر من "
           "الليل، حتى يتمكن الطلاب من الدراسة بعد المحاضرات. وفي نهاية الأسبوع تُروى القصص "
           "للأطفال."},
};

/* A fresh cache path in a temporary folder. */
static char cache_dir[64], cache_file[96];

static int setup(void **state) {
    (void)state;
    strcpy(cache_dir, "/tmp/galley-test-langid-XXXXXX");
    if (!mkdtemp(cache_dir))
        return -1;
    snprintf(cache_file, sizeof cache_file, "%s/sub/langid.bin", cache_dir);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    unlink(cache_file);
    char sub[96];
    snprintf(sub, sizeof sub, "%s/sub", cache_dir);
    rmdir(sub);
    rmdir(cache_dir);
    return 0;
}

static gl_langid guess(const char *text, const char *cache) {
    gl_langid id;
    assert_int_equal(
        gl_langid_guess(text, strlen(text), GL_LANGID_DIR, cache, GL_LANGID_MIN_GAP, NULL, &id),
        GL_OK);
    return id;
}

static void test_languages(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof samples / sizeof *samples; i++) {
        gl_langid id = guess(samples[i].text, cache_file);
        if (strcmp(id.tag, samples[i].tag) != 0)
            fail_msg("%s: got '%s' (%s, gap %g, %zu models)", samples[i].tag, id.tag,
                     id.why ? id.why : "", id.gap, id.models);
        assert_true(id.gap >= GL_LANGID_MIN_GAP);
        assert_true(id.models >= 1);
    }
    /* Hangul has one model: nothing to weigh it against */
    gl_langid ko = guess(samples[8].text, cache_file);
    assert_true(isinf(ko.gap));
    assert_int_equal(ko.models, 1);
    /* a Latin text is compared with the Latin models only */
    gl_langid en = guess(samples[0].text, cache_file);
    assert_true(en.models > 50 && en.models < 140);
}

/* No answer for a text too short to judge, or with letters of two scripts
 * in like numbers, or without letters. */
static void test_unknown(void **state) {
    (void)state;
    gl_langid id = guess("The library opens at nine.", cache_file);
    assert_string_equal(id.tag, "");
    assert_string_equal(id.why, "too short");
    char mixed[1024];
    snprintf(mixed, sizeof mixed, "%.200s %.380s", samples[0].text, samples[4].text);
    id = guess(mixed, cache_file);
    assert_string_equal(id.tag, "");
    assert_string_equal(id.why, "mixed scripts");
    id = guess("2014-11-12 10:00 +0300 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22",
               cache_file);
    assert_string_equal(id.tag, "");
    assert_string_equal(id.why, "too short");
    /* no models at all: no answer, not an error */
    gl_langid none;
    assert_int_equal(gl_langid_guess(samples[0].text, strlen(samples[0].text), "/nonexistent", NULL,
                                     GL_LANGID_MIN_GAP, NULL, &none),
                     GL_OK);
    assert_string_equal(none.tag, "");
    assert_string_equal(none.why, "no models installed");
}

/* The parsed models are kept in the cache, read back, and a damaged or
 * stale cache is replaced rather than trusted. The process keeps the
 * first models' folder it reads (GL_LANGID_DIR, in test_languages), so
 * these go through another name for it, which is read each time. */
static gl_langid guess_via(const char *dir, const char *cache) {
    gl_langid id;
    assert_int_equal(gl_langid_guess(samples[1].text, strlen(samples[1].text), dir, cache,
                                     GL_LANGID_MIN_GAP, NULL, &id),
                     GL_OK);
    return id;
}

static void test_cache(void **state) {
    (void)state;
    assert_int_equal(access(cache_file, R_OK), 0); /* written by the first guess */
    char models[96], cache2[128];
    snprintf(models, sizeof models, "%s/models", cache_dir);
    snprintf(cache2, sizeof cache2, "%s/sub/other.bin", cache_dir);
    assert_int_equal(symlink(GL_LANGID_DIR, models), 0);
    gl_langid a = guess_via(models, cache2);
    assert_int_equal(access(cache2, R_OK), 0);
    gl_langid b = guess_via(models, cache2);
    assert_string_equal(a.tag, "de");
    assert_string_equal(b.tag, "de");
    assert_true(a.gap == b.gap);
    /* cut short: refused, rebuilt whole */
    assert_int_equal(truncate(cache2, 1000), 0);
    gl_langid c = guess_via(models, cache2);
    assert_string_equal(c.tag, "de");
    FILE *f = fopen(cache2, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    assert_true(ftell(f) > 100000);
    fclose(f);
    /* no cache at all: the same answer */
    gl_langid d = guess_via(models, NULL);
    assert_string_equal(d.tag, "de");
    unlink(cache2);
    unlink(models);
}

/* A document read without a language gets the one found, with the source
 * "detected"; a declared one is left alone. */
static void test_documents(void **state) {
    (void)state;
    char md[2048], cache_fonts[128];
    snprintf(md, sizeof md, "# Bücher\n\n%s\n\n```\nint main(void) { return 0; }\n```\n",
             samples[1].text);
    snprintf(cache_fonts, sizeof cache_fonts, "%s/sub/fonts", cache_dir);
    gl_options opt;
    gl_options_init(&opt);
    opt.font_cache = cache_fonts;
    gl_input in = {"test.md", NULL, md, strlen(md)};
    gl_doc *doc = NULL;
    gl_error err;
    gl_error_init(&err, "test.md");
    assert_int_equal(gl_read(&doc, &in, NULL, &opt, &err), GL_OK);
    assert_string_equal(gl_doc_meta(doc, GL_META_LANG), "de");
    assert_string_equal(gl_doc_meta_source(doc, GL_META_LANG), "detected");
    gl_doc_free(doc);

    snprintf(md, sizeof md, "---\nlang: fr\n---\n\n%s\n", samples[1].text);
    gl_input declared = {"test.md", NULL, md, strlen(md)};
    assert_int_equal(gl_read(&doc, &declared, NULL, &opt, &err), GL_OK);
    assert_string_equal(gl_doc_meta(doc, GL_META_LANG), "fr");
    gl_doc_free(doc);

    gl_input brief = {"test.md", NULL, "Hello there.\n", 13};
    assert_int_equal(gl_read(&doc, &brief, NULL, &opt, &err), GL_OK);
    assert_null(gl_doc_meta(doc, GL_META_LANG));
    gl_doc_free(doc);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_languages),
        cmocka_unit_test(test_unknown),
        cmocka_unit_test(test_cache),
        cmocka_unit_test(test_documents),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
