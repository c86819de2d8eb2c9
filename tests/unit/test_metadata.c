/* Metadata of web pages (issue 4): the JSON parser, each source of title,
 * byline and date, their order, normalisation and provenance. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "galley/galley.h"
#include "util/json.h"
#include "readers/metadata.h"
#include "readers/readers.h"
#include "../tools/testkit.h"

/* ---- JSON ---- */

static void test_json_values(void **state) {
    (void)state;
    static const char text[] = "<!-- {\"@type\": \"NewsArticle\", \"n\": -1.5e3, \"ok\": true,"
                               " \"list\": [\"a\\u00e9\\ud83d\\ude00\", null, {}, []],"
                               " \"esc\": \"q\\\"b\\\\s\\/n\\n\", \"trail\": [1, 2,],} -->";
    gl_json_doc d;
    assert_int_equal(gl_json_parse(&d, text, strlen(text), NULL), GL_OK);
    assert_int_equal(d.v[0].type, GL_JSON_OBJ);
    size_t t = gl_json_get(&d, 1, "@type");
    assert_int_not_equal(t, 0);
    assert_string_equal(d.v[t - 1].str, "NewsArticle");
    size_t n = gl_json_get(&d, 1, "n");
    assert_int_equal(d.v[n - 1].type, GL_JSON_NUM);
    assert_string_equal(d.v[n - 1].str, "-1.5e3");
    size_t list = gl_json_get(&d, 1, "list");
    assert_int_equal(d.v[list - 1].type, GL_JSON_ARR);
    assert_string_equal(d.v[list].str, "a\xC3\xA9\xF0\x9F\x98\x80"); /* é and U+1F600 */
    assert_int_equal(d.v[list + 1].type, GL_JSON_NULL);
    size_t esc = gl_json_get(&d, 1, "esc");
    assert_string_equal(d.v[esc - 1].str, "q\"b\\s/n\n");
    assert_int_equal(gl_json_get(&d, 1, "missing"), 0);
    assert_int_equal(gl_json_get(&d, list, "x"), 0); /* not an object */
    gl_json_free(&d);
}

static void test_json_refuses(void **state) {
    (void)state;
    static const char *const bad[] = {"",      "no json here",   "{\"a\" 1}",   "{\"a\": }",
                                      "[1 2]", "{\"a\": \"open", "[\"\\u12\"]", "{1: 2}",
                                      "[1,"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        gl_json_doc d;
        if (gl_json_parse(&d, bad[i], strlen(bad[i]), NULL) != GL_EPARSE)
            fail_msg("accepted %s", bad[i]);
        gl_json_free(&d);
    }
    /* deeper than the limit: refused, not a stack overflow, at any depth */
    size_t deep = 200000;
    char *s = malloc(deep);
    assert_non_null(s);
    memset(s, '[', deep);
    gl_json_doc d;
    assert_int_equal(gl_json_parse(&d, s, deep, NULL), GL_EPARSE);
    gl_json_free(&d);
    memset(s, '[', GL_JSON_MAX_DEPTH);
    memset(s + GL_JSON_MAX_DEPTH, ']', GL_JSON_MAX_DEPTH);
    assert_int_equal(gl_json_parse(&d, s, 2 * GL_JSON_MAX_DEPTH, NULL), GL_OK);
    gl_json_free(&d);
    free(s);
    /* over the size limit */
    size_t big = GL_JSON_MAX_BYTES + 1;
    s = malloc(big);
    assert_non_null(s);
    memset(s, ' ', big);
    s[0] = '[';
    s[big - 1] = ']';
    assert_int_equal(gl_json_parse(&d, s, big, NULL), GL_EPARSE);
    gl_json_free(&d);
    free(s);
}

/* ---- pages ---- */

static char warnings[2048];
static tk_warning_text warning_text = {warnings, sizeof warnings};

static gl_doc *read(const char *html) {
    gl_options opt = tk_options_collecting(&warning_text);
    gl_input in = {"page.html", NULL, html, strlen(html)};
    gl_error err;
    gl_error_init(&err, "page.html");
    gl_doc *doc = NULL;
    if (gl_read_html(&doc, &in, &opt, &err) != GL_OK)
        fail_msg("gl_read_html: %s", err.message);
    return doc;
}

#define BODY "<p>Some text of the article, long enough to be one, with a comma or two.</p>"

static void check(const gl_doc *doc, gl_meta_field f, const char *value, const char *source) {
    const char *got = gl_doc_meta(doc, f);
    if (!value) {
        if (got)
            fail_msg("%s: expected none, got '%s'", gl_meta_field_name(f), got);
        return;
    }
    if (!got || strcmp(got, value) != 0)
        fail_msg("%s: expected '%s', got '%s'", gl_meta_field_name(f), value, got ? got : "(none)");
    if (source && strcmp(gl_doc_meta_source(doc, f), source) != 0)
        fail_msg("%s: expected source '%s', got '%s'", gl_meta_field_name(f), source,
                 gl_doc_meta_source(doc, f));
}

/* Reads `html` and checks one field of the result, as check() does. */
static void expect_meta(const char *html, gl_meta_field f, const char *value, const char *source) {
    gl_doc *doc = read(html);
    check(doc, f, value, source);
    gl_doc_free(doc);
}

static void test_json_ld(void **state) {
    (void)state;
    gl_doc *doc = read("<html><head><title>A headline here - Site</title>"
                       "<meta property=\"og:title\" content=\"OG title\">"
                       "<meta name=\"author\" content=\"Meta Author\">"
                       "<script type=\"application/ld+json\">{\"@context\": \"https://schema.org\","
                       " \"@graph\": [{\"@type\": \"WebSite\", \"name\": \"Site\"},"
                       " {\"@type\": [\"NewsArticle\"], \"headline\": \"A headline here\","
                       " \"name\": \"Something else entirely\","
                       " \"author\": [{\"@type\": \"Person\", \"name\": \"Ann Lee\"}, \"Bo Chen\"],"
                       " \"datePublished\": \"2019-11-19T10:00:00-05:00\"}]}</script>"
                       "</head><body>" BODY "</body></html>");
    check(doc, GL_META_TITLE, "A headline here", "JSON-LD headline");
    check(doc, GL_META_BYLINE, "Ann Lee, Bo Chen", "JSON-LD author");
    assert_int_equal(gl_doc_author_count(doc), 2);
    check(doc, GL_META_DATE, "2019-11-19T10:00:00-05:00", "JSON-LD datePublished");
    gl_doc_free(doc);

    /* an author object; broken JSON elsewhere does not stop the search */
    doc = read("<html><head><script type=\"application/ld+json\">{\"@type\": oops</script>"
               "<script type=\"application/ld+json\">{\"@type\": \"BlogPosting\","
               " \"headline\": \"Post\", \"author\": {\"name\": \" Cy Dee \"}}</script>"
               "</head><body>" BODY "</body></html>");
    check(doc, GL_META_TITLE, "Post", "JSON-LD headline");
    check(doc, GL_META_BYLINE, "Cy Dee", "JSON-LD author");
    gl_doc_free(doc);
}

static void test_meta_tags(void **state) {
    (void)state;
    gl_doc *doc = read("<html><head><title>Ignored: because meta wins</title>"
                       "<meta name=\"twitter:title\" content=\"Twitter title\">"
                       "<meta property=\"dc:creator\" content=\"By Dee &amp;amp; Co\">"
                       "<meta name=\"parsely-pub-date\" content=\"2016-02-29\">"
                       "</head><body>" BODY "</body></html>");
    check(doc, GL_META_TITLE, "Twitter title", "twitter:title");
    check(doc, GL_META_BYLINE, "By Dee & Co", "dc:creator"); /* entities escaped twice */
    check(doc, GL_META_DATE, "2016-02-29", "parsely-pub-date");
    gl_doc_free(doc);

    /* a profile URL is no name */
    expect_meta("<html><head><meta property=\"article:author\" content=\"https://fb.example/x\">"
                "</head><body>" BODY "</body></html>",
                GL_META_BYLINE, NULL, NULL);
}

static void test_title_from_page(void **state) {
    (void)state;
    expect_meta("<html><head><title>Harbour wall to be rebuilt | The Gazette</title>"
                "</head><body><h1>Harbour wall to be rebuilt</h1>" BODY "</body></html>",
                GL_META_TITLE, "Harbour wall to be rebuilt", "<title> less its site part");
    /* a short remainder keeps the whole title */
    expect_meta("<html><head><title>Home - The Gazette</title></head><body>" BODY "</body></html>",
                GL_META_TITLE, "Home - The Gazette", "<title>");
    /* the site first */
    expect_meta("<html><head><title>Gazette | The council votes to rebuild the wall</title>"
                "</head><body>" BODY "</body></html>",
                GL_META_TITLE, "The council votes to rebuild the wall", NULL);
}

/* Text before <html> (a server's warnings) puts <title> inside <body>. */
static void test_title_after_junk(void **state) {
    (void)state;
    expect_meta("<br /><b>Warning</b>: in <b>/x.php</b><br />\n<!DOCTYPE html>"
                "<html><head><title>The real title of it</title></head><body>"
                "<svg><title>icon</title></svg>" BODY "</body></html>",
                GL_META_TITLE, "The real title of it", "<title>");
}

/* A saved page that lost a script's start tag shows the script inside
 * <title>: that is no title (issue 16), the next source gives one. */
static void test_title_reading_as_code(void **state) {
    (void)state;
    static const char script[] =
        "News of the day)ntById(\"font\");\nobj.style.fontSize = size + \"pt\";\n}\n"
        "function goPrint() { window.open('/print?id=1', 'preview'); }";
    char html[1024];
    snprintf(html, sizeof html, "<html><head><title>%s</title></head><body>" BODY "</body></html>",
             script);
    expect_meta(html, GL_META_TITLE, NULL, NULL);
    snprintf(html, sizeof html,
             "<html><head><title>%s</title><meta property=\"og:title\" content=\"The wall\">"
             "</head><body>" BODY "</body></html>",
             script);
    expect_meta(html, GL_META_TITLE, "The wall", "og:title");
}

static void test_byline_element(void **state) {
    (void)state;
    expect_meta("<html><body><article><h1>T</h1>"
                "<div class=\"post-byline\">By <span itemprop=\"name\">Ann Lee</span>,"
                " staff</div>" BODY "</article></body></html>",
                GL_META_BYLINE, "Ann Lee", "byline element");
    expect_meta("<html><body><p>Written by <a rel=\"author\" href=\"/ann\">Ann Lee</a></p>" BODY
                "</body></html>",
                GL_META_BYLINE, "Ann Lee", "byline element");
    /* hidden or too long: no byline */
    expect_meta("<html><body><div class=\"author\" hidden>Ann Lee</div>"
                "<div class=\"author-box\">" BODY BODY "</div></body></html>",
                GL_META_BYLINE, NULL, NULL);
}

/* One rule splits authors wherever they come from (readers/dom.c): the
 * byline element's "AND" splits as the author meta tag's did (before, only
 * a lowercase " and " split there: one author "Ann Lee AND Bo Chen"). */
static void test_authors_split(void **state) {
    (void)state;
    gl_doc *doc = read("<html><body><article><h1>T</h1>"
                       "<div class=\"byline\">Ann Lee AND Bo Chen,  Cy Dee</div>" BODY
                       "</article></body></html>");
    check(doc, GL_META_BYLINE, "Ann Lee, Bo Chen, Cy Dee", "byline element");
    assert_int_equal(gl_doc_author_count(doc), 3);
    gl_doc_free(doc);
    doc = read("<html><head><meta name=\"author\" content=\"Ann Lee\tand Bo Chen, Anderson\">"
               "</head><body>" BODY "</body></html>");
    check(doc, GL_META_BYLINE, "Ann Lee, Bo Chen, Anderson", NULL);
    assert_int_equal(gl_doc_author_count(doc), 3);
    gl_doc_free(doc);
}

static void test_dates(void **state) {
    (void)state;
    expect_meta("<html><body><h1>T</h1><time datetime=\"2014-11-12\">Nov 12</time>" BODY
                "</body></html>",
                GL_META_DATE, "2014-11-12", "<time datetime>");

    expect_meta(
        "<html><body><h1>T</h1><span class=\"entry-date\">Posted on 23. Juli 2017</span>" BODY
        "</body></html>",
        GL_META_DATE, "2017-07-23", "text of a date element");

    expect_meta("<html><body><h1>T</h1><div class=\"meta\">Le 3 mars 2019 | 12:00</div>" BODY
                "</body></html>",
                GL_META_DATE, "2019-03-03", NULL);

    expect_meta("<html><head><link rel=\"canonical\" href=\"https://ex.org/2014/11/12/story\">"
                "</head><body>" BODY "</body></html>",
                GL_META_DATE, "2014-11-12", "a date in the URL");

    expect_meta("<html><body><h1>The headline</h1><p>19.11.2019</p>" BODY "</body></html>",
                GL_META_DATE, "2019-11-19", "text after the headline");

    /* last resort: a short visible text anywhere; never a script's or a hidden one */
    expect_meta("<html><body><script>var d = '2001-01-01';</script>"
                "<span hidden>2002-02-02</span>" BODY "<div><small>Stand: 25.01.2022</small></div>"
                "</body></html>",
                GL_META_DATE, "2022-01-25", "a date in the page's text");

    /* implausible: in the future, or before 1990 unless machine-stated */
    expect_meta("<html><head><meta property=\"article:published_time\" content=\"2999-01-01\">"
                "</head><body><h1>T</h1><div class=\"date\">March 3, 1985</div>" BODY
                "</body></html>",
                GL_META_DATE, NULL, NULL);
    expect_meta("<html><head><meta name=\"citation_date\" content=\"1985-03-03\">"
                "</head><body>" BODY "</body></html>",
                GL_META_DATE, "1985-03-03", "citation_date");
}

/* Numeric dates: bars and spaced separators, no-break spaces, and the page's
 * language deciding between 05/11 as May 11 and as 5 November. */
static void test_numeric_dates(void **state) {
    (void)state;
    expect_meta("<html><body><h1>T</h1><table><tr><td>26 | 01 | 2022 </td>"
                "<td>Text &amp; Fotos: Ann</td></tr></table>" BODY "</body></html>",
                GL_META_DATE, "2022-01-26", "text after the headline");

    expect_meta("<html><body><span class=\"metadata\">Bonn,&nbsp;11.10.2021</span><h1>T</h1>" BODY
                "<p>Am Mittwoch, 13.10.2021 kommt mehr.</p></body></html>",
                GL_META_DATE, "2021-10-11", "text of a date element");

    expect_meta("<html lang=\"fr\"><body><h1>T</h1><div class=\"date\">05/11/2019</div>" BODY
                "</body></html>",
                GL_META_DATE, "2019-11-05", NULL);
    expect_meta("<html lang=\"en-GB\"><body><h1>T</h1><div class=\"date\">05/11/2019</div>" BODY
                "</body></html>",
                GL_META_DATE, "2019-11-05", NULL);
    expect_meta("<html lang=\"en-US\"><body><h1>T</h1><div class=\"date\">05/11/2019</div>" BODY
                "</body></html>",
                GL_META_DATE, "2019-05-11", NULL);
    /* a range is no date; one side spaced is no separator */
    expect_meta("<html><body><h1>T</h1><div class=\"date\">Pages 12 -11.2019</div>" BODY
                "</body></html>",
                GL_META_DATE, NULL, NULL);
}

/* A UTC timestamp gives way to the same instant stated in the page's own
 * time zone (its calendar date is the one the page means); never converted. */
static void test_local_time(void **state) {
    (void)state;
    expect_meta("<html><head><script type=\"application/ld+json\">{\"@type\": \"NewsArticle\","
                " \"headline\": \"T\", \"datePublished\": \"2023-11-09T03:28:35Z\"}</script>"
                "<meta name=\"sailthru.date\" content=\"2023-11-08 22:28:35\"><meta name=\"n\" "
                "content=\"2\">"
                "<script>var page = {\"publish\": \"2023-11-08T22:28:35-05:00\"};</script>"
                "</head><body><h1>T</h1>" BODY "</body></html>",
                GL_META_DATE, "2023-11-08T22:28:35-05:00",
                "JSON-LD datePublished, the page's local time");

    /* without an offset: a wall clock a whole number of quarter hours away */
    expect_meta(
        "<html><head><meta property=\"article:published_time\" "
        "content=\"2023-11-09T03:28:35+00:00\">"
        "<meta name=\"sailthru.date\" content=\"2023-11-08 22:28:35\"></head><body><h1>T</h1>" BODY
        "</body></html>",
        GL_META_DATE, "2023-11-08T22:28:35", NULL);

    /* another instant, or a time on the hour with no offset, is no local time */
    expect_meta(
        "<html><head><meta property=\"article:published_time\" "
        "content=\"2023-11-09T03:00:00Z\">"
        "<meta name=\"sailthru.date\" content=\"2023-11-08 22:00:00\">"
        "<script>var x = \"2023-11-08T22:28:34-05:00\";</script></head><body><h1>T</h1>" BODY
        "</body></html>",
        GL_META_DATE, "2023-11-09T03:00:00Z", "article:published_time");
}

/* A page that starts over after a stray "</html>" (server warnings, a
 * script string holding "</script>") has a second root: it is read too. */
static void test_second_root(void **state) {
    (void)state;
    gl_doc *doc = read("<b>Warning</b>: deprecated<br>\n<!DOCTYPE html><html><head><script>"
                       "var d = '<html><head>'; d += '<title>' + t + '</title>'; d += '</head>';"
                       " d += '</body></html>';\n</script>\n<title>The real title</title></head>"
                       "<body><h1>The real title</h1>"
                       "<div class=\"post_meta\"> November 22, 2011 </div>" BODY "</body></html>");
    check(doc, GL_META_TITLE, "The real title", NULL);
    check(doc, GL_META_DATE, "2011-11-22", "text of a date element");
    gl_doc_free(doc);
}

/* An element <head> does not hold starts the body (test_extract's
 * test_body_element_in_head); the <meta>, <link> and <title> after it stay
 * in <head>, where they are read. */
static void test_head_after_body_element(void **state) {
    (void)state;
    gl_doc *doc = read("<html><head><title>The title</title><mbox><div>Search</div></mbox>"
                       "<meta name=\"description\" content=\"What the page says\">"
                       "<link rel=\"canonical\" href=\"https://example.org/story\"></head>"
                       "<body><h1>The title</h1>" BODY "</body></html>");
    check(doc, GL_META_DESCRIPTION, "What the page says", NULL);
    check(doc, GL_META_URL, "https://example.org/story", NULL);
    gl_doc_free(doc);
}

/* Visible text as the last resort: a two-digit year only as a whole text,
 * and in a long text only a dateline opening it. */
static void test_text_dates(void **state) {
    (void)state;
    expect_meta("<html><body><span style=\"color: red\">02.12.19</span><h1>T</h1>" BODY
                "</body></html>",
                GL_META_DATE, "2019-12-02", "a date in the page's text");
    expect_meta("<html><body><h1>T</h1>" BODY "<p>Release 1.2.19 fixed it.</p></body></html>",
                GL_META_DATE, NULL, NULL);

    expect_meta(
        "<html><body><p><strong>01.02.2022 Der Arbeitsmarkt ist gut in das "
        "Jahr gestartet, trotz andauernder Einschr\xC3\xA4nkungen im Januar.</strong></p>" BODY
        "</body></html>",
        GL_META_DATE, "2022-02-01", "a date in the page's text");
    expect_meta("<html><body><p>The labour market started well, and by the figures of "
                "01.02.2022 it kept going through the whole winter.</p>" BODY "</body></html>",
                GL_META_DATE, NULL, NULL);
}

/* The date the article shows under its headline, stated again by a
 * <meta> timestamp, wins over a machine-readable date the page never
 * shows (a republished story, a stale template date); not when the page
 * shows the machine one too. */
static void test_republished_date(void **state) {
    (void)state;
    static const char head[] =
        "<html><head><script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", "
        "\"headline\": \"T\", \"datePublished\": \"2020-01-03T09:48:24Z\"}</script>"
        "<meta property=\"article:modified_time\" content=\"2020-01-06T09:22:36Z\"></head>";
    char html[2048];
    snprintf(html, sizeof html,
             "%s<body><h1>T</h1><div class=\"date\">6 January 2020</div>%s"
             "</body></html>",
             head, BODY);
    expect_meta(html, GL_META_DATE, "2020-01-06", NULL);
    snprintf(html, sizeof html,
             "%s<body><h1>T</h1><div class=\"date\">6 January 2020</div>%s"
             "<p>First published 3 January 2020</p></body></html>",
             head, BODY);
    expect_meta(html, GL_META_DATE, "2020-01-03T09:48:24Z", "JSON-LD datePublished");
}

/* Which of a page's dates is the publication's (issue 16). */
static void test_date_choice(void **state) {
    (void)state;
    /* a CMS record's dcterms.date comes after the date the article shows */
    expect_meta("<html><head><meta name=\"dcterms.date\" content=\"2021-12-20T11:02:44\">"
                "</head><body><h1>T</h1><span class=\"date\">27.01.2022</span>" BODY
                "</body></html>",
                GL_META_DATE, "2022-01-27", "text of a date element");
    /* a full date in the address over a machine-readable one on another day */
    expect_meta("<html><head><link rel=\"canonical\" href=\"https://ex.org/2019/10/22/post/\">"
                "</head><body><h1>T</h1><time pubdate datetime=\"2009-04-11T18:06:36\"></time>" BODY
                "</body></html>",
                GL_META_DATE, "2019-10-22", "a date in the URL");
    /* a two-digit year in a date element's words */
    expect_meta("<html><body><div class=\"date\">Party, 30.10.23</div><h1>T</h1>" BODY
                "</body></html>",
                GL_META_DATE, "2023-10-30", "text of a date element");
    /* a text labelled as the publication's over a change's */
    expect_meta("<html><body><h2>T</h2>" BODY "<p>Letzte \xC3\x84nderung: 31.10.2023 - 14:49<br>"
                "Erschienen am: 01.11.2023</p></body></html>",
                GL_META_DATE, "2023-11-01", "a date labelled as the publication's");
    expect_meta("<html><body><h2>T</h2>" BODY
                "<p>Dieser Beitrag wurde am Samstag, 3. Dezember 2011 "
                "um 10:00 Uhr ver\xC3\xB6"
                "ffentlicht und ist abgelegt unter Netzpolitik und "
                "Datenschutz.</p></body></html>",
                GL_META_DATE, "2011-12-03", "a date labelled as the publication's");
    /* a bare "date" in a script, when nothing else states one */
    expect_meta("<html><body><script>var video = {\"title\": \"News at 11\", \"date\": "
                "\"Fri, 01 May 2020 23:00:00 -0400\"};</script>" BODY "</body></html>",
                GL_META_DATE, "2020-05-01", "\"date\" in a script");
}

/* Where pages state dates beyond the usual places (issue 16). */
static void test_more_date_sources(void **state) {
    (void)state;
    /* a page opening with a server's warning has no <head>: its <link> is read */
    gl_doc *doc = read("<br><b>Warning</b>: x in y<br><html><head>"
                       "<link rel=\"canonical\" href=\"https://ex.org/2014/05/18/post/\"></head>"
                       "<body>" BODY "</body></html>");
    check(doc, GL_META_URL, "https://ex.org/2014/05/18/post/", "link canonical");
    check(doc, GL_META_DATE, "2014-05-18", "a date in the URL");
    gl_doc_free(doc);
    /* a shop's or an application's state in a script */
    expect_meta("<html><body><script>var product = {\"title\": \"Coffee\", \"created_at\": "
                "\"2019-03-03T06:27:24\", \"published_at\": \"2019-03-02T06:22:28\"};</script>" BODY
                "</body></html>",
                GL_META_DATE, "2019-03-02T06:22:28", "\"published_at\" in a script");
    /* a blog's RDF description for trackbacks, in a comment */
    expect_meta("<html><body><!-- <rdf:RDF><rdf:Description rdf:about=\"https://ex.org/e/1\" "
                "dc:title=\"T\" dc:date=\"2020-07-12T22:00:00+09:00\" /></rdf:RDF> -->" BODY
                "</body></html>",
                GL_META_DATE, "2020-07-12T22:00:00+09:00", "dc:date in an RDF comment");
    /* any attribute of a date element named for a date */
    expect_meta("<html><body><h1>T</h1><span class=\"info_datestamp\" "
                "data-date-time=\"2023-11-02 20:06:13\">yesterday</span>" BODY "</body></html>",
                GL_META_DATE, "2023-11-02T20:06:13", "attribute of a date element");
    /* Russian month names */
    expect_meta("<html><body><p class=\"date\">15 \xD0\xB0\xD0\xB2\xD0\xB3\xD1\x83\xD1\x81\xD1\x82"
                "\xD0\xB0 2016, 13:43</p><h1>T</h1>" BODY "</body></html>",
                GL_META_DATE, "2016-08-15", "text of a date element");
    /* a short text is short as shown: runs of white space are one space */
    expect_meta("<html><body><font>News (                                                      "
                "                     2012-06-04 09:20:26   )</font>" BODY "</body></html>",
                GL_META_DATE, "2012-06-04T09:20:26", "a date in the page's text");
}

/* JSON-LD and a meta tag on different days: the one the page shows wins. */
static void test_shown_date(void **state) {
    (void)state;
    expect_meta("<html><head><script type=\"application/ld+json\">{\"@type\": \"Article\","
                " \"headline\": \"T\", \"datePublished\": \"2022-01-04T07:29:00.000Z\"}</script>"
                "<meta property=\"article:published_time\" content=\"2022-01-06T08:29:34\"></head>"
                "<body><h1>T</h1><div class=\"info\">06.01.2022</div>" BODY "</body></html>",
                GL_META_DATE, "2022-01-06T08:29:34", "article:published_time");
    /* shown neither or both: JSON-LD first, as before */
    expect_meta("<html><head><script type=\"application/ld+json\">{\"@type\": \"Article\","
                " \"headline\": \"T\", \"datePublished\": \"2022-01-04\"}</script>"
                "<meta property=\"article:published_time\" content=\"2022-01-06\"></head>"
                "<body><h1>T</h1><p>4 January 2022</p><div>06.01.2022</div>" BODY "</body></html>",
                GL_META_DATE, "2022-01-04", "JSON-LD datePublished");
}

/* The byline element is metadata: the article does not repeat it. */
static void test_byline_removed_from_text(void **state) {
    (void)state;
    gl_doc *doc = read("<html><body><article><p class=\"byline\">By Ann Lee</p>" BODY BODY BODY BODY
                       "</article></body></html>");
    gl_iter it;
    gl_iter_init(&it, gl_doc_root(doc));
    while (gl_iter_next(&it) != GL_EVENT_NONE)
        if (it.node->type == GL_NODE_TEXT && strstr(it.node->text, "Ann Lee"))
            fail_msg("byline kept in the text");
    check(doc, GL_META_BYLINE, "By Ann Lee", "byline element");
    gl_doc_free(doc);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_values),
        cmocka_unit_test(test_json_refuses),
        cmocka_unit_test(test_json_ld),
        cmocka_unit_test(test_meta_tags),
        cmocka_unit_test(test_title_from_page),
        cmocka_unit_test(test_title_after_junk),
        cmocka_unit_test(test_title_reading_as_code),
        cmocka_unit_test(test_byline_element),
        cmocka_unit_test(test_authors_split),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_numeric_dates),
        cmocka_unit_test(test_local_time),
        cmocka_unit_test(test_second_root),
        cmocka_unit_test(test_head_after_body_element),
        cmocka_unit_test(test_text_dates),
        cmocka_unit_test(test_shown_date),
        cmocka_unit_test(test_more_date_sources),
        cmocka_unit_test(test_republished_date),
        cmocka_unit_test(test_date_choice),
        cmocka_unit_test(test_byline_removed_from_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
