/* gl_date_parse: the shapes articles print dates in, and what is refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "util/date.h"

typedef struct date_case {
    const char *text;
    const char *iso; /* NULL: refused */
} date_case;

static void check(const date_case *cases, size_t n) {
    for (size_t i = 0; i < n; i++) {
        char iso[GL_DATE_ISO_MAX];
        gl_status st = gl_date_parse(cases[i].text, strlen(cases[i].text), iso);
        if (cases[i].iso) {
            if (st != GL_OK)
                fail_msg("\"%s\" was refused", cases[i].text);
            if (strcmp(iso, cases[i].iso) != 0)
                fail_msg("\"%s\" gave \"%s\", not \"%s\"", cases[i].text, iso, cases[i].iso);
        } else {
            if (st != GL_EPARSE)
                fail_msg("\"%s\" was accepted as \"%s\"", cases[i].text, iso);
            assert_string_equal(iso, "");
        }
    }
}

static void test_textual(void **state) {
    (void)state;
    static const date_case cases[] = {
        {"November 12, 2014", "2014-11-12"},
        {"Nov. 12, 2014", "2014-11-12"},
        {"Nov 12, 2014", "2014-11-12"},
        {"Nov 12 2014", "2014-11-12"},
        {"november 12, 2014", "2014-11-12"},
        {"NOVEMBER 12, 2014", "2014-11-12"},
        {"Sept. 3, 2021", "2021-09-03"},
        {"Sep 3, 2021", "2021-09-03"},
        {"May 1, 2020", "2020-05-01"},
        {"November 12th, 2014", "2014-11-12"},
        {"March 1st, 2014", "2014-03-01"},
        {"Wednesday, November 12, 2014", "2014-11-12"},
        {"Wed. Nov 12, 2014", "2014-11-12"},
        {"12 November 2014", "2014-11-12"},
        {"12 Nov 2014", "2014-11-12"},
        {"12 Nov. 2014", "2014-11-12"},
        {"2 January 2000", "2000-01-02"},
        {"22nd of February 2022", "2022-02-22"},
        {"Friday, 13 December 2019", "2019-12-13"},
        {"  November 12, 2014 \n", "2014-11-12"},
        {"February 29, 2016", "2016-02-29"},
        {"29 February 2000", "2000-02-29"},
    };
    check(cases, sizeof cases / sizeof cases[0]);
}

static void test_numeric(void **state) {
    (void)state;
    static const date_case cases[] = {
        {"2014-11-12", "2014-11-12"},
        {"2014/11/12", "2014-11-12"},
        {"2014-1-2", "2014-01-02"},
        {"2014-11-12T10:00:00+03:00", "2014-11-12T10:00:00+03:00"},
        {"2014-11-12T10:00:00-05:30", "2014-11-12T10:00:00-05:30"},
        {"2014-11-12T10:00:00Z", "2014-11-12T10:00:00Z"},
        {"2014-11-12T10:00Z", "2014-11-12T10:00Z"},
        {"2014-11-12T10:00:00", "2014-11-12T10:00:00"},
        {"2014-11-12T10:00:00.250+03:00", "2014-11-12T10:00:00.250+03:00"},
        {"2014-11-12 10:00:00 +0300", "2014-11-12T10:00:00+03:00"},
        {"2014-11-12t23:59:60+14", "2014-11-12T23:59:60+14:00"},
    };
    check(cases, sizeof cases / sizeof cases[0]);
}

static void test_refused(void **state) {
    (void)state;
    static const date_case cases[] = {
        {"February 30, 2014", NULL},
        {"February 29, 2014", NULL},
        {"29 February 1900", NULL},
        {"2014-02-30", NULL},
        {"2014-13-01", NULL},
        {"2014-00-10", NULL},
        {"2014-11-31", NULL},
        {"April 31, 2014", NULL},
        {"November 0, 2014", NULL},
        {"Novembre 12, 2014", NULL},
        {"November 12", NULL},
        {"November 12, 14", NULL},
        {"November 12, 20145", NULL},
        {"Nov 123, 2014", NULL},
        {"2014/11/12T10:00", NULL},
        {"2014-11/12", NULL},
        {"2014-11-12T25:00", NULL},
        {"2014-11-12T10:61", NULL},
        {"2014-11-12T10:00+03:", NULL},
        {"2014-11-12 and more", NULL},
        {"Published November 12, 2014", NULL},
        {"By Matthew Bodner", NULL},
        {"", NULL},
        {"   ", NULL},
        {"12", NULL},
    };
    check(cases, sizeof cases / sizeof cases[0]);
}

static void test_length_is_respected(void **state) {
    (void)state;
    char iso[GL_DATE_ISO_MAX];
    /* Only the first 10 bytes count: the rest of the buffer is not read. */
    assert_int_equal(gl_date_parse("2014-11-12T99:99", 10, iso), GL_OK);
    assert_string_equal(iso, "2014-11-12");
    assert_int_equal(gl_date_parse(NULL, 0, iso), GL_EPARSE);
}

/* Headers show the date as written, but never a meta tag's machine
 * timestamp: that is written for people in the document's language (CLDR's
 * long date; US English from the C locale, the rest through ICU). */
static void test_display(void **state) {
    (void)state;
    static const struct {
        const char *date, *text, *lang, *shown;
    } cases[] = {
        {"2014-11-12", "November 12, 2014", NULL, "November 12, 2014"},
        {"2024-05-14T07:45:00+02:00", "2024-05-14T07:45:00+02:00", NULL, "May 14, 2024"},
        {"2024-05-14T07:45:00+02:00", NULL, NULL, "May 14, 2024"},
        {"2019-11-14T14:00:00.000Z", NULL, NULL, "November 14, 2019"},
        {"2014-11-12", NULL, "en", "November 12, 2014"},
        {"2014-11-12", NULL, "en-US", "November 12, 2014"},
        {"2014-11-02", NULL, "en-GB", "2 November 2014"},

        {"2014-11-12", "12.11.2014", "de", "12.11.2014"},
        {"2014-11-12", NULL, "de-DE", "12. November 2014"},
        {NULL, "Spring 2019", "en", "Spring 2019"},
        {NULL, NULL, NULL, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gl_doc *doc = NULL;
        assert_int_equal(gl_doc_new(&doc, NULL, NULL), GL_OK);
        if (cases[i].date)
            gl_doc_set_meta(doc, GL_META_DATE, cases[i].date, strlen(cases[i].date), "t");
        if (cases[i].text)
            gl_doc_set_meta(doc, GL_META_DATE_TEXT, cases[i].text, strlen(cases[i].text), "t");
        if (cases[i].lang)
            gl_doc_set_meta(doc, GL_META_LANG, cases[i].lang, strlen(cases[i].lang), "t");
        char buf[GL_DATE_SHOWN_MAX];
        const char *shown = gl_date_display(doc, buf);
        if (cases[i].shown)
            assert_string_equal(shown, cases[i].shown);
        else
            assert_null(shown);
        gl_doc_free(doc);
    }
    /* Russian: "12 ноября 2014 г.", the space before "г." as the ICU's CLDR
     * has it (a narrow no-break space since CLDR 42, a space before). */
    gl_doc *doc = NULL;
    assert_int_equal(gl_doc_new(&doc, NULL, NULL), GL_OK);
    gl_doc_set_meta(doc, GL_META_DATE, "2014-11-12", 10, "t");
    gl_doc_set_meta(doc, GL_META_LANG, "ru", 2, "t");
    char buf[GL_DATE_SHOWN_MAX];
    const char *shown = gl_date_display(doc, buf);
    static const char ru[] = "12 \xD0\xBD\xD0\xBE\xD1\x8F\xD0\xB1\xD1\x80\xD1\x8F 2014";
    assert_memory_equal(shown, ru, sizeof ru - 1);
    assert_string_equal(shown + strlen(shown) - 3, "\xD0\xB3.");
    gl_doc_free(doc);
}

/* Seconds since 1970 to UTC fields, checked against gl_days_from_civil
 * over four centuries either side, and at known instants. */
static void test_from_epoch(void **state) {
    (void)state;
    gl_date_fields f = gl_date_from_epoch(0);
    assert_true(f.year == 1970 && f.month == 1 && f.day == 1 && f.hour == 0 && f.zone == 'Z');
    f = gl_date_from_epoch(951782400LL + 86399); /* 2000-02-29T23:59:59Z */
    assert_true(f.year == 2000 && f.month == 2 && f.day == 29);
    assert_true(f.hour == 23 && f.min == 59 && f.sec == 59);
    f = gl_date_from_epoch(-1); /* 1969-12-31T23:59:59Z */
    assert_true(f.year == 1969 && f.month == 12 && f.day == 31 && f.sec == 59);
    for (long long days = -146097; days <= 146097 * 2; days += 97) {
        f = gl_date_from_epoch(days * 86400 + 3723);
        assert_true(gl_days_from_civil(f.year, f.month, f.day) == days);
        assert_true(f.hour == 1 && f.min == 2 && f.sec == 3);
    }
}

static void test_split(void **state) {
    (void)state;
    gl_date_fields f;
    assert_true(gl_date_split("2014-11-12", &f));
    assert_true(f.year == 2014 && f.month == 11 && f.day == 12 && f.hour == 0 && f.zone == ' ');
    assert_true(gl_date_split("2014-11-12T10:05:06.123+03:30", &f));
    assert_true(f.hour == 10 && f.min == 5 && f.sec == 6 && f.zone == '+');
    assert_true(f.off_hour == 3 && f.off_min == 30);
    assert_true(gl_date_split("2014-11-12 10:05-0800", &f));
    assert_true(f.sec == 0 && f.zone == '-' && f.off_hour == 8 && f.off_min == 0);
    assert_true(gl_date_split("2014-11-12t10:05z", &f));
    assert_true(f.zone == 'Z');
    assert_true(gl_date_split("2024-02-29", &f));
    static const char *const refused[] = {"2014",
                                          "2014-11",
                                          "2023-02-29",
                                          "1900-02-29",
                                          "2014-13-01",
                                          "2014-04-31",
                                          "0000-01-01",
                                          "2014-11-12T24:00",
                                          "2014-11-12T10",
                                          "2014-11-12T10:60",
                                          "2014-11-12T10:00:60",
                                          "2014-11-12T10:00+24:00",
                                          "2014-11-12 x",
                                          "2014-11-12T10:00Zjunk"};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        assert_false(gl_date_split(refused[i], &f));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_textual), cmocka_unit_test(test_numeric),
        cmocka_unit_test(test_refused), cmocka_unit_test(test_length_is_respected),
        cmocka_unit_test(test_display), cmocka_unit_test(test_from_epoch),
        cmocka_unit_test(test_split),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
