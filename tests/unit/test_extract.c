/* Article extraction (issue 4): what is kept, what is removed, the
 * fallback to the whole page, and bad input under the ctest TIMEOUT. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <libxml/HTMLparser.h>
#include "galley/galley.h"
#include "readers/extract.h"
#include "readers/readers.h"
#include "../tools/testkit.h"

static char warnings[4096];
static tk_warning_text warning_text = {warnings, sizeof warnings};

static gl_options options(void) { return tk_options_collecting(&warning_text); }

static gl_status read_status(gl_doc **doc, const char *html, size_t len, const gl_options *opt,
                             gl_error *err) {
    gl_input in = {"page.html", NULL, html, len};
    gl_error_init(err, "page.html");
    *doc = NULL;
    return gl_read(doc, &in, NULL, opt, err);
}

static gl_doc *read_with(const char *html, const gl_options *opt) {
    gl_error err;
    gl_doc *doc;
    if (read_status(&doc, html, strlen(html), opt, &err) != GL_OK)
        fail_msg("gl_read: %s", err.message);
    gl_error verr;
    gl_error_init(&verr, NULL);
    if (gl_doc_validate(doc, &verr) != GL_OK)
        fail_msg("invalid tree: %s", verr.message);
    return doc;
}

/* Every text of the tree, blocks separated by '|' (a static buffer). */
static const char *text_of(const gl_doc *doc) {
    static char out[65536];
    size_t k = 0;
    gl_iter it;
    gl_iter_init(&it, gl_doc_root(doc));
    while (gl_iter_next(&it) != GL_EVENT_NONE) {
        const gl_node *n = it.node;
        if (it.event == GL_EVENT_ENTER && n->text && n->type != GL_NODE_FIGURE &&
            n->type != GL_NODE_IMAGE) {
            size_t len = n->text_len < sizeof out - k - 2 ? n->text_len : sizeof out - k - 2;
            memcpy(out + k, n->text, len);
            k += len;
        } else if (it.event == GL_EVENT_EXIT && gl_node_is_block(n->type) && k + 2 < sizeof out) {
            out[k++] = '|';
        }
    }
    out[k] = '\0';
    return out;
}

#define PROSE                                                                                      \
    "The council met on Tuesday evening, and after a long debate, it voted to rebuild the old "    \
    "harbour wall, which storms had damaged twice in the last ten years. "
#define PARA "<p>" PROSE PROSE "</p>"
/* Prose without commas scores less: a paragraph of it is one point a line. */
#define NO_COMMAS                                                                                  \
    "The council met on Tuesday evening and voted to rebuild the old harbour wall which storms "   \
    "had damaged twice in the last ten years. "
#define FLAT "<p>" NO_COMMAS NO_COMMAS NO_COMMAS "</p>"

/* A news page: navigation, an article with its widgets, a sidebar, comments
 * and a footer around it. */
static const char page[] =
    "<html><head><title>Harbour wall to be rebuilt | The Gazette</title></head><body>"
    "<header class=\"site-header\"><a href=\"/\">The Gazette</a>"
    "<nav><ul><li><a href=\"/a\">News</a></li><li><a href=\"/b\">Sport</a></li></ul></nav>"
    "</header>"
    "<div id=\"main\"><article class=\"story\">"
    "<h1>Harbour wall to be rebuilt</h1>"
    "<div class=\"share-tools\"><a href=\"/fb\">Share on Facebook</a> <a "
    "href=\"/tw\">Tweet</a></div>" PARA PARA "<h2>What happens next</h2>"
    "<ul><li>Survey in March</li><li>Works start in May</li></ul>"
    "<blockquote><p>It is the right decision, said the mayor, at last.</p></blockquote>"
    "<figure><img src=\"https://ex.org/wall.jpg\" alt=\"The wall\">"
    "<figcaption>The damaged wall in January.</figcaption></figure>"
    "<table><tr><th>Year</th><th>Cost</th></tr><tr><td>2024</td><td>2 million</td></tr></table>"
    "<pre><code>budget = 2e6</code></pre>" PARA
    "<form action=\"/subscribe\"><input name=\"email\"><button>Subscribe</button></form>"
    "<div class=\"related-stories\"><h3>Read more</h3><ul>"
    "<li><a href=\"/1\">Another story about the port</a></li>"
    "<li><a href=\"/2\">Ferry times change next week</a></li></ul></div>"
    "</article>"
    "<aside class=\"sidebar\"><h3>Most read</h3><ul><li><a href=\"/3\">Popular one</a></li>"
    "<li><a href=\"/4\">Popular two</a></li></ul></aside></div>"
    "<div id=\"comments\"><p>First! Great article, thanks for writing it, really.</p></div>"
    "<footer><p>Copyright The Gazette, all rights reserved.</p></footer>"
    "</body></html>";

static void test_keeps_article_drops_boilerplate(void **state) {
    (void)state;
    gl_options opt = options();
    gl_doc *doc = read_with(page, &opt);
    const char *t = text_of(doc);
    assert_non_null(strstr(t, "The council met on Tuesday evening"));
    assert_non_null(strstr(t, "What happens next"));
    assert_non_null(strstr(t, "Works start in May"));
    assert_non_null(strstr(t, "It is the right decision"));
    assert_non_null(strstr(t, "The damaged wall in January."));
    assert_non_null(strstr(t, "2 million"));
    assert_non_null(strstr(t, "budget = 2e6"));
    static const char *const gone[] = {"Sport",     "Share on Facebook", "Subscribe",
                                       "Most read", "Another story",     "First!",
                                       "Copyright", "The Gazette|"};
    for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++)
        if (strstr(t, gone[i]))
            fail_msg("'%s' kept in: %s", gone[i], t);
    assert_int_equal(tk_count_type(doc, GL_NODE_TABLE), 1);
    assert_int_equal(tk_count_type(doc, GL_NODE_FIGURE), 1);
    assert_int_equal(tk_count_type(doc, GL_NODE_CODE_BLOCK), 1);
    assert_int_equal(tk_count_type(doc, GL_NODE_BLOCKQUOTE), 1);
    /* the title is in the metadata; its heading is not repeated */
    assert_string_equal(gl_doc_meta(doc, GL_META_TITLE), "Harbour wall to be rebuilt");
    assert_null(strstr(t, "Harbour wall to be rebuilt"));
    assert_int_equal(tk_count_type(doc, GL_NODE_HEADING), 1);
    assert_string_equal(warnings, "");
    gl_doc_free(doc);
}

static void test_whole_page_option(void **state) {
    (void)state;
    gl_options opt = options();
    opt.whole_page = true;
    gl_doc *doc = read_with(page, &opt);
    const char *t = text_of(doc);
    assert_non_null(strstr(t, "Sport"));
    assert_non_null(strstr(t, "Copyright"));
    assert_non_null(strstr(t, "Harbour wall to be rebuilt"));
    gl_doc_free(doc);
}

static void test_explain_says_what_was_kept(void **state) {
    (void)state;
    gl_options opt = options();
    opt.explain = true;
    gl_doc *doc = read_with(page, &opt);
    assert_non_null(strstr(warnings, "explain: article = <"));
    assert_non_null(strstr(warnings, "element(s) removed"));
    gl_doc_free(doc);
}

/* Siblings of the best block that read as prose belong to the article. */
static void test_sibling_merging(void **state) {
    (void)state;
    gl_options opt = options();
    gl_doc *doc = read_with("<body><div><div class=\"part\">" PARA PARA "</div>"
                            "<p>" PROSE "</p>"
                            "<div class=\"part\">" PARA "</div>"
                            "<div><a href=\"/x\">Next story</a></div></div></body>",
                            &opt);
    const char *t = text_of(doc);
    size_t n = 0;
    for (const char *p = t; (p = strstr(p, "The council met")); p++)
        n++;
    assert_int_equal(n, 7); /* 4 in the first block, 1 in the paragraph, 2 in the last */
    assert_null(strstr(t, "Next story"));
    gl_doc_free(doc);
}

static void test_hidden_and_empty_dropped(void **state) {
    (void)state;
    gl_options opt = options();
    gl_doc *doc = read_with("<body><article>" PARA "<p style=\"display:none\">secret words</p>"
                            "<div hidden>" PARA "hidden too</div><p> </p>" PARA "</article></body>",
                            &opt);
    const char *t = text_of(doc);
    assert_null(strstr(t, "secret"));
    assert_null(strstr(t, "hidden too"));
    assert_int_equal(tk_count_type(doc, GL_NODE_PARAGRAPH), 2);
    gl_doc_free(doc);
}

/* Promotions inside the article go; a photo's caption marked by a class
 * becomes the caption of a figure, and prose that merely names a newsletter
 * without a link stays. */
static void test_promos_and_caption_blocks(void **state) {
    (void)state;
    gl_options opt = options();
    gl_doc *doc = read_with(
        "<body><article>" PARA "<div class=\"photo\"><div><img src=\"https://ex.org/w.jpg\" "
        "alt=\"\"></div><div class=\"img-caption\"><span>The wall in May.</span> "
        "<span>(Photo: Ann Lee)</span></div></div>"
        "<p>Read more: <a href=\"/x\">Ferry times change next week</a></p>" PARA
        "<p>Sign up for our <a href=\"/n\">daily newsletter</a> to get the news first.</p>"
        "<p>Lesen Sie auch: <a href=\"/y\">Der Hafen wird gebaut</a></p>"
        "<p>The newsletter of the harbour society said that the wall would cost less.</p>" PARA
        "</article></body>",
        &opt);
    const char *t = text_of(doc);
    assert_null(strstr(t, "Ferry times"));
    assert_null(strstr(t, "daily newsletter"));
    assert_null(strstr(t, "Der Hafen"));
    assert_non_null(strstr(t, "The newsletter of the harbour society"));
    assert_non_null(strstr(t, "The wall in May."));
    assert_int_equal(tk_count_type(doc, GL_NODE_FIGURE), 1);
    const gl_node *fig = NULL;
    gl_iter it;
    gl_iter_init(&it, gl_doc_root(doc));
    while (gl_iter_next(&it) != GL_EVENT_NONE)
        if (it.node->type == GL_NODE_FIGURE)
            fig = it.node;
    assert_non_null(fig);
    assert_string_equal(fig->url, "https://ex.org/w.jpg");
    assert_non_null(fig->first_child);
    gl_doc_free(doc);
}

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* An index page has no article: the whole page comes out, with a warning. */
static void test_index_page_falls_back(void **state) {
    (void)state;
    size_t len;
    char *html = slurp(GL_SOURCE_DIR "/samples/index-page.html", &len);
    gl_options opt = options();
    gl_doc *doc = read_with(html, &opt);
    assert_non_null(strstr(warnings, "page.html:0: no part of the page reads as an article"));
    assert_non_null(strstr(warnings, "converted the whole page"));
    const char *t = text_of(doc);
    assert_non_null(strstr(t, "Culture"));
    assert_non_null(strstr(t, "New play area opens in Alder Park"));
    assert_non_null(strstr(t, "Written and edited in Port Alder."));
    gl_doc_free(doc);
    free(html);
}

/* gl_extract_article on a DOM: the roots and the fallback flag. */
static void test_extract_api(void **state) {
    (void)state;
    gl_global_init();
    htmlDocPtr dom = htmlReadMemory(page, (int)strlen(page), NULL, "UTF-8",
                                    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    assert_non_null(dom);
    xmlNode *body = xmlDocGetRootElement(dom)->children;
    while (body && strcmp((const char *)body->name, "body") != 0)
        body = body->next;
    gl_options opt = options();
    gl_error err;
    gl_error_init(&err, NULL);
    gl_extract x;
    assert_int_equal(gl_extract_article(&x, body, &opt, &err), GL_OK);
    assert_false(x.fallback);
    assert_int_equal(x.count, 1);
    /* the article, or the block holding it with the sidebar set aside */
    const char *name = (const char *)x.roots[0]->name;
    assert_true(strcmp(name, "article") == 0 || strcmp(name, "div") == 0);
    assert_true(x.score >= GL_EXTRACT_MIN_SCORE);
    assert_true(x.removed >= 2); /* the share bar, the form, the related list */
    gl_extract_free(&x, &opt);
    xmlFreeDoc(dom);

    /* no body at all: nothing to map, no failure */
    assert_int_equal(gl_extract_article(&x, NULL, &opt, &err), GL_OK);
    assert_true(x.fallback);
    assert_int_equal(x.count, 0);
    gl_extract_free(&x, &opt);
}

/* ---- script source never reaches an output (issue 16) ---- */

/* The text of `html` read with extraction on (`whole` false) or off. */
static const char *read_text(const char *html, bool whole) {
    gl_options opt = options();
    opt.whole_page = whole;
    gl_doc *doc = read_with(html, &opt);
    const char *t = text_of(doc);
    gl_doc_free(doc);
    return t;
}

/* A script or style holding "</div>" ends at its own end tag: libxml2
 * without recovery ended it there and printed the rest as text. */
static void test_script_ends_at_its_end_tag(void **state) {
    (void)state;
    static const char html[] =
        "<html><head><style>p::after { content: \"</p>\"; } .ad { top: 0 }</style></head>"
        "<body><article>" PARA "<div><script>var s = \"</div>\"; track(s);</script></div>" PARA
        "</article></body></html>";
    for (int whole = 0; whole < 2; whole++) {
        const char *t = read_text(html, whole);
        assert_non_null(strstr(t, "The council met"));
        if (strstr(t, "track(") || strstr(t, ".ad {"))
            fail_msg("script or style source kept (whole %d): %s", whole, t);
    }
}

/* An element <head> does not hold (here an unknown one) starts the body, as
 * in a browser: libxml2 2.9 kept it in <head> with the whole page nested in
 * it, and both extraction and --whole printed nothing but the title. */
static void test_body_element_in_head(void **state) {
    (void)state;
    static const char html[] = "<html><head><title>T</title><mbox><div class=searchbox>Search</div>"
                               "<meta name=robots content=all>"
                               "<table><tr><td>" PARA "<br><br>" PARA "</td></tr></table></mbox>"
                               "</head><body><p>Footer line</p></body></html>";
    for (int whole = 0; whole < 2; whole++) {
        const char *t = read_text(html, whole);
        if (!strstr(t, "The council met"))
            fail_msg("the story in an unknown element of <head> was lost (whole %d): %s", whole, t);
        if (whole && (!strstr(t, "Footer line") || strstr(t, "Footer line") < strstr(t, "council")))
            fail_msg("the body's own content is not after what <head> held: %s", t);
    }
}

/* What follows </body> is the body's, as in a browser: libxml2 2.9 left it
 * beside the body (a saved page whose wrapper closed the body early), and
 * the story after it was neither extracted nor printed --whole. */
static void test_content_after_body_end(void **state) {
    (void)state;
    static const char html[] = "<wrap><table><tr><td><img src=a.png></td></tr></table></body>"
                               "</td></tr></table><br><table><tr><td>" PARA PARA
                               "</td></tr></table><body><p>Last words</p></body></html>";
    for (int whole = 0; whole < 2; whole++) {
        const char *t = read_text(html, whole);
        if (!strstr(t, "The council met"))
            fail_msg("the story after </body> was lost (whole %d): %s", whole, t);
        if (whole && !strstr(t, "Last words"))
            fail_msg("a second <body> was lost: %s", t);
    }
}

/* A story cut into table rows, each beside a cell of outline links (an
 * online journal's paper): the first part scores far above the others, and
 * Readability's sibling threshold (a fifth of it) kept the first part
 * alone. Rows built like it (the same elements and classes down to their
 * prose) join it; a footer row of prose built otherwise does not. (The
 * outline stays: the row is the winner, as Readability picks it.) */
#define XP "<p class=xfull>" PROSE PROSE "</p>"
#define ROW_OF(paras)                                                                              \
    "<tr><td class=outline><a href=#a>Methods</a> <a href=#b>Results</a></td>"                     \
    "<td><font class=bodytext>" paras "</font></td></tr>"
static void test_story_split_into_rows(void **state) {
    (void)state;
    static const char html[] =
        "<html><body><table>" ROW_OF(XP XP XP XP XP XP XP XP XP XP XP XP XP XP XP XP XP XP XP XP)
            ROW_OF("<p class=xfull>Second part: the harbour board, which met again, agreed. " PROSE
                   "</p>")
                ROW_OF("<p class=xfull>Third part: the engineers, who had waited, began. " PROSE
                       "</p>") "<tr><td></td><td><p class=small>About this site: the journal, "
                               "founded long ago, publishes papers on harbours and walls.</p>"
                               "</td></tr></table></body></html>";
    const char *t = read_text(html, false);
    if (!strstr(t, "Second part") || !strstr(t, "Third part"))
        fail_msg("a part of the story in a later row was lost: %s", t);
    if (strstr(t, "About this site"))
        fail_msg("a footer row was kept: %s", t);
}

/* A list of running text is part of the story: bullet points holding two
 * small images read as an image strip to Readability's widget test and
 * went. A list of links still goes. */
static void test_prose_list_kept(void **state) {
    (void)state;
    static const char html[] =
        "<html><body><article>" PARA PARA "<ul><li>Bullet one: " PROSE "</li><li>"
        "<img src=a.png><img src=b.png>Bullet two: " PROSE "</li></ul>" PARA
        "<ul><li><a href=/1>Other story with a long headline</a></li>"
        "<li><a href=/2>Another story with a long headline</a></li></ul></article></body></html>";
    const char *t = read_text(html, false);
    if (!strstr(t, "Bullet one") || !strstr(t, "Bullet two"))
        fail_msg("a list of prose was removed: %s", t);
    if (strstr(t, "Other story"))
        fail_msg("a list of links was kept: %s", t);
}

/* A forum thread puts each post in a table of its own beside the poster's
 * avatar and badges: a table of running text is part of the thread,
 * however many images it holds. */
#define POST_TABLE(who)                                                                            \
    "<table><tr><td><img src=avatar.png><img src=badge.png><img src=rank.png></td><td>" who        \
    " wrote: " PROSE "</td></tr></table>"
static void test_prose_table_kept(void **state) {
    (void)state;
    static const char html[] = "<html><body><div class=thread>" PARA PARA POST_TABLE("Ann")
        POST_TABLE("Bo") "</div></body></html>";
    const char *t = read_text(html, false);
    if (!strstr(t, "Ann wrote") || !strstr(t, "Bo wrote"))
        fail_msg("a table of prose was removed: %s", t);
}

/* A <div> of text alone is a paragraph (Readability turns it into one
 * before it cleans): a sentence whose one link is a fifth of it went as a
 * widget, its links over Readability's 0.2. A <div> of tag links still
 * goes. */
static void test_text_div_with_link_kept(void **state) {
    (void)state;
    static const char html[] =
        "<html><body><div id=post>" PARA "<p></p><div>Today it is official: if you are still "
        "studying, you read the paper for free by <a href=/form>sending us this short form</a> "
        "within the week.</div>"
        "<p></p>" PARA "<div>Tags: <a href=/t/1>harbour</a>, <a href=/t/2>council</a>, "
        "<a href=/t/3>engineers</a></div></div></body></html>";
    const char *t = read_text(html, false);
    if (!strstr(t, "Today it is official"))
        fail_msg("a paragraph-like <div> with a link was removed: %s", t);
    if (strstr(t, "Tags:"))
        fail_msg("a <div> of tag links was kept: %s", t);
}

/* A part of the story laid out without <p>s beside its photos (text and
 * <br>s, three images) is prose to the widget test; Readability's image
 * rule took any block with more images than paragraphs for a strip. A
 * strip of photos with short captions still goes. */
static void test_pictured_prose_kept(void **state) {
    (void)state;
    static const char html[] =
        "<html><body><article>" PARA PARA "<div><img src=a.png>Photo part: " PROSE "<br><br>"
        "<img src=b.png>" PROSE "<br><br><img src=c.png>" PROSE "</div>" PARA
        "<div><img src=d.png>Strip one<img src=e.png>Strip two<img src=f.png>Strip three</div>"
        "</article></body></html>";
    const char *t = read_text(html, false);
    if (!strstr(t, "Photo part"))
        fail_msg("prose beside three photos was removed: %s", t);
    if (strstr(t, "Strip one"))
        fail_msg("a strip of photos was kept: %s", t);
}

/* An <a name> marks a place to link to: a question inside its anchor is
 * text, not a link, and stays; a list of real links still goes. */
static void test_named_anchor_is_no_link(void **state) {
    (void)state;
    static const char html[] =
        "<html><body><article>" PARA "<p><b><a name=one>Q.</a></b><i><a name=one>How important "
        "is the harbour wall to the town, and who pays to rebuild it?</a> asks a "
        "reader.</i></p>" PARA PARA "<ul><li><a href=/1>Other story with a long headline</a></li>"
        "<li><a href=/2>Another story with a long headline</a></li></ul></article></body></html>";
    const char *t = read_text(html, false);
    if (!strstr(t, "How important"))
        fail_msg("a question inside a named anchor was removed: %s", t);
    if (strstr(t, "Other story"))
        fail_msg("a list of links was kept: %s", t);
}

/* A block of running text holding two videos is part of the story;
 * Readability's widget test took any block with two embeds for a video
 * strip. A strip of videos with a caption line still goes. */
static void test_prose_with_videos_kept(void **state) {
    (void)state;
    static const char html[] =
        "<html><body><article>" PARA PARA "<div><p>Video part: " PROSE "</p><video src=a.mp4>"
        "</video><p>" PROSE "</p><video src=b.mp4></video></div>" PARA
        "<div><video src=c.mp4></video><video src=d.mp4></video>More videos</div>"
        "</article></body></html>";
    const char *t = read_text(html, false);
    if (!strstr(t, "Video part"))
        fail_msg("prose holding two videos was removed: %s", t);
    if (strstr(t, "More videos"))
        fail_msg("a strip of videos was kept: %s", t);
}

/* A sidebar of teaser cards, each an <article>, is set aside as its id
 * says: holding an <article> spared it, and its teasers, each a
 * paragraph of prose, outscored a short post beside it. */
#define TEASER "<article><div class=text>Teaser: " PROSE PROSE "</div></article>"
static void test_sidebar_of_article_cards(void **state) {
    (void)state;
    static const char html[] =
        "<html><body><div class=text_wrapper><div>" PARA PARA "</div>"
        "<aside id=sidebar><section>" TEASER TEASER TEASER TEASER TEASER TEASER TEASER
        "</section></aside></div></body></html>";
    const char *t = read_text(html, false);
    if (!strstr(t, "The council met"))
        fail_msg("the post was lost: %s", t);
    if (strstr(t, "Teaser:"))
        fail_msg("the sidebar of teaser cards was kept: %s", t);
}

/* A site's legal notice under the story goes however long it is: the
 * copyright class removed it only as a short line. */
static void test_long_legal_notice_removed(void **state) {
    (void)state;
    static const char html[] = "<html><body><div class=story>" PARA PARA PARA
                               "<div id=copyright>The league, its shield, its cup and its "
                               "names are trademarks. " PROSE PROSE "</div></div></body></html>";
    const char *t = read_text(html, false);
    if (!strstr(t, "The council met"))
        fail_msg("the story was lost: %s", t);
    if (strstr(t, "trademarks"))
        fail_msg("a long legal notice was kept: %s", t);
}

/* libxml2 2.9 ignores </noscript> while a <div> opened inside it is open,
 * and the rest of the page went into the <noscript>, which no reader
 * shows: extraction found no article and --whole printed nothing. A
 * <noscript> holding half the page's text gives way to its children; a
 * short one stays hidden. */
static void test_page_inside_noscript(void **state) {
    (void)state;
    static const char html[] =
        "<html><body><noscript><p>Please enable JavaScript to see the menu.</p></noscript>"
        "<noscript><div id=left></noscript><ul><li><a href=/a>Home</a></li></ul>"
        "<div class=story><h2>Harbour</h2>" PARA PARA "</div></div></body></html>";
    for (int whole = 0; whole < 2; whole++) {
        const char *t = read_text(html, whole);
        if (!strstr(t, "The council met"))
            fail_msg("the page inside a <noscript> was lost (whole %d): %s", whole, t);
        if (strstr(t, "enable JavaScript"))
            fail_msg("a short <noscript> notice was shown (whole %d): %s", whole, t);
    }
    /* text before it and at its start: the walk goes on inside it */
    static const char merged[] =
        "<html><body><div>Intro text<noscript>Lead text<div>" PARA PARA
        "<noscript><p>Enable scripts.</p></noscript>" PARA "</div></noscript></div></body></html>";
    const char *t = read_text(merged, true);
    if (!strstr(t, "Lead text") || !strstr(t, "The council met") || strstr(t, "Enable scripts"))
        fail_msg("a <noscript> after text was not opened alone: %s", t);
}

/* Nested <noscript>s each holding the page are opened a bounded number of
 * times, the rest left as they are: no walk per level (ctest's TIMEOUT). */
static void test_nested_noscripts(void **state) {
    (void)state;
    enum { DEPTH = 20000 };
    static const char open[] = "<noscript><div>", close[] = "</div></noscript>";
    size_t len = 64 + DEPTH * (sizeof open + sizeof close) + sizeof(PARA);
    char *html = malloc(len), *p = html;
    assert_non_null(html);
    p += sprintf(p, "<html><body>");
    for (int i = 0; i < DEPTH; i++)
        p += sprintf(p, "%s", open);
    p += sprintf(p, "%s", PARA);
    for (int i = 0; i < DEPTH; i++)
        p += sprintf(p, "%s", close);
    sprintf(p, "</body></html>");
    gl_options opt = options();
    gl_doc *doc = NULL;
    gl_error err;
    /* past max_depth the reader may refuse the page; it must end either way */
    if (read_status(&doc, html, strlen(html), &opt, &err) == GL_OK)
        gl_doc_free(doc);
    free(html);
}

/* A page whose bytes begin inside a script (the start tag was lost) shows
 * the code as text; so do scripts written into text by a damaged page. A
 * paragraph or a text node that reads as code goes, on a page that shows
 * no code of its own. */
#define LEAKED                                                                                     \
    "function f(a) { var x = document.getElementById(a); x.style.color = \"red\"; return x; } "    \
    "if (ok) { f(\"t\"); }"

static void test_code_text_dropped(void **state) {
    (void)state;
    static const char lost_start[] = "<html><body>" LEAKED "<article>" PARA PARA "</article>"
                                     "</body></html>";
    /* split by elements the script wrote: each text node alone is short */
    static const char split[] =
        "<html><body><article>" PARA "<p>'); document.write('<link href=\"a.css\">'); } else { "
        "document.write('<link href=\"b.css\">'); if (f(x)) { y = 1; }</p>" PARA "<p>" PROSE
        "<b>" LEAKED "</b></p></article></body></html>";
    for (int whole = 0; whole < 2; whole++) {
        const char *t = read_text(lost_start, whole);
        assert_non_null(strstr(t, "The council met"));
        assert_null(strstr(t, "getElementById"));
        t = read_text(split, whole);
        assert_non_null(strstr(t, "The council met"));
        assert_null(strstr(t, "document.write"));
        assert_null(strstr(t, "getElementById"));
        assert_non_null(strstr(t, "damaged twice in the last ten years."));
    }
    /* prose with two kinds of the marks stays */
    const char *t =
        read_text("<body><article>" PARA "<p>Set x = 2 (the default); the values "
                  "then follow for every row, as the table shows.</p>" PARA "</article></body>",
                  false);
    assert_non_null(strstr(t, "Set x = 2"));
}

/* A page about programming keeps the code it writes in paragraphs. */
static void test_code_page_keeps_code_text(void **state) {
    (void)state;
    const char *t = read_text("<html><body><article>" PARA "<pre>int main(void) { return 0; }"
                              "</pre><p>" LEAKED "</p>" PARA "</article></body></html>",
                              false);
    assert_non_null(strstr(t, "getElementById"));
}

/* A script start tag cut short in the saved page runs on to a later
 * </script> and swallows the story under the standard parse: the page is
 * read again with libxml2's lenient rule, which finds it. */
static void test_damaged_script_tag(void **state) {
    (void)state;
    gl_options opt = options();
    gl_doc *doc = read_with("<html><head><title>Harbour</title>\n"
                            "<script type=\"text/javascript\" src=\"/a.js\n"
                            "function y(o) { o.style.color='black'; }\n"
                            "var tabs = [\"t1\", \"t2\"];\n"
                            "</SCRIPT>\n</head><body><div><p>Menu</p></div>"
                            "<div class=\"story\">" PARA PARA PARA "</div>\n"
                            "<script>var z = 1;</script></body></html>",
                            &opt);
    const char *t = text_of(doc);
    assert_non_null(strstr(t, "The council met"));
    assert_null(strstr(t, "Menu"));
    assert_null(strstr(warnings, "converted the whole page"));
    gl_doc_free(doc);
}

/* ---- choosing between passes and candidates ---- */

/* A short article's retry without class weights can score under the
 * minimum: the pass that reads as an article is kept, not the longest. */
static void test_pass_that_reads_as_article_wins(void **state) {
    (void)state;
    gl_options opt = options();
    gl_doc *doc = read_with(
        "<body><div class=\"article-body\"><p>" NO_COMMAS NO_COMMAS "</p>"
        "<ul class=\"share-tools\"><li><a href=\"/f\">Share this story on Facebook</a></li>"
        "<li><a href=\"/t\">Share this story on Twitter</a></li></ul></div>"
        "<div id=\"sidebar\"><p>Most read today</p></div></body>",
        &opt);
    assert_null(strstr(warnings, "converted the whole page"));
    const char *t = text_of(doc);
    assert_non_null(strstr(t, "The council met"));
    assert_null(strstr(t, "Share this story"));
    gl_doc_free(doc);
}

/* A short post (400 to 500 characters) is an article: the retries without
 * the set-aside, which keep the longest text, are not run for it, and do
 * not bring back the longer comment thread the first pass set aside
 * (issue 16). */
static void test_short_post_keeps_out_comments(void **state) {
    (void)state;
    gl_options opt = options();
    gl_doc *doc =
        read_with("<body><div class=\"post\"><h2>Harbour</h2><p>" PROSE PROSE PROSE "</p></div>"
                  "<div id=\"comments\"><div class=\"reply\"><p>Jo said: " PROSE PROSE "</p></div>"
                  "<div class=\"reply\"><p>Al said: " PROSE PROSE "</p></div>"
                  "<div class=\"reply\"><p>Mo said: " PROSE PROSE "</p></div></div></body>",
                  &opt);
    const char *t = text_of(doc);
    assert_non_null(strstr(t, "The council met"));
    assert_null(strstr(t, "said:"));
    gl_doc_free(doc);
}

/* A post of a line or two under its headline, scoring well, is an
 * article: under Readability's 200 characters it was converted with the
 * whole page, menus and sidebar included (issue 16). */
static void test_one_line_post(void **state) {
    (void)state;
    gl_options opt = options();
    gl_doc *doc = read_with(
        "<body><ul class=\"menu\"><li><a href=\"/a\">Home</a></li><li><a href=\"/b\">Archive</a>"
        "</li></ul><div class=\"post\"><h2>Harbour</h2><p>" PROSE "</p></div>"
        "<div id=\"sidebar\"><p>Subscribe to our feed for free updates by email</p>"
        "<ul><li><a href=\"/c\">About the author of this blog</a></li></ul></div></body>",
        &opt);
    assert_null(strstr(warnings, "converted the whole page"));
    const char *t = text_of(doc);
    assert_non_null(strstr(t, "The council met"));
    if (strstr(t, "Subscribe") || strstr(t, "Archive"))
        fail_msg("the page around a short post was kept: %s", t);
    gl_doc_free(doc);
}

/* When an ancestor of the best candidate is promoted to the article,
 * cleaning never removes the block that made it win (two embedded videos
 * made the story read as a widget). Here the block beside the story lifts
 * their common parent over the story's own wrapper. */
static void test_best_candidate_survives_cleaning(void **state) {
    (void)state;
    gl_options opt = options();
    gl_doc *doc = read_with("<body><div class=\"left\"><div class=\"wrap\"><div class=\"inner\">"
                            "<p>The story opens here.</p>" FLAT FLAT FLAT FLAT FLAT FLAT FLAT
                            "<iframe src=\"https://video.example/1\"></iframe>"
                            "<iframe src=\"https://video.example/2\"></iframe></div></div>"
                            "<div class=\"about\">" FLAT FLAT FLAT FLAT FLAT FLAT "</div></div>"
                            "</body>",
                            &opt);
    assert_non_null(strstr(text_of(doc), "The story opens here."));
    gl_doc_free(doc);
}

/* A layout table whose menu cells each give points outscores the story in
 * one of its cells: the cell holding the running text is taken instead. */
#define MENU_CELL(n)                                                                               \
    "<td>Local, national, world: <a href=\"/" n "\">Section " n " news and views</a></td>"
#define MENU_ROW                                                                                   \
    "<tr>" MENU_CELL("1") MENU_CELL("2") MENU_CELL("3") MENU_CELL("4") MENU_CELL("5")              \
        MENU_CELL("6") MENU_CELL("7") MENU_CELL("8") MENU_CELL("9") MENU_CELL("10")                \
            MENU_CELL("11") MENU_CELL("12") "</tr>"

static void test_story_cell_of_layout_table(void **state) {
    (void)state;
    gl_options opt = options();
    opt.explain = true;
    gl_doc *doc = read_with("<body><table>" MENU_ROW "<tr><td><h1>Harbour</h1><div>" PARA PARA
                            "<p>" PROSE "</p></div></td></tr>" MENU_ROW "</table></body>",
                            &opt);
    const char *t = text_of(doc);
    assert_non_null(strstr(t, "The council met"));
    assert_non_null(strstr(t, "Harbour|"));
    assert_null(strstr(t, "Section"));
    assert_non_null(strstr(warnings, "article = <div>"));
    gl_doc_free(doc);
}

/* Inside a layout table, Readability's widget test applies as anywhere
 * (its _cleanConditionally spares only data tables): a block of links in
 * the story's cell goes. galley's own tests of words do not: a paragraph
 * of the story that says "click here" stays. A table whose markup says
 * data (here a summary) keeps its links. */
static void test_widgets_in_layout_table(void **state) {
    (void)state;
    static const char html[] =
        "<html><body><table><tr><td>" PARA PARA
        "<p>To read the minutes, click here and sign up for the council's newsletter.</p>" PARA
        "<div><ul><li><a href=/1>Other story one</a></li><li><a href=/2>Other story two</a></li>"
        "<li><a href=/3>Other story three</a></li></ul></div>"
        "<table summary=\"Minutes of the meetings\"><tr><td><ul><li><a href=/m1>Minutes of the "
        "March meeting</a></li><li><a href=/m2>Minutes of the April meeting</a></li></ul></td>"
        "</tr></table></td></tr></table></body></html>";
    const char *t = read_text(html, false);
    if (strstr(t, "Other story"))
        fail_msg("a block of links in a layout table was kept: %s", t);
    if (!strstr(t, "click here") || !strstr(t, "March meeting"))
        fail_msg("a paragraph saying 'click here' or a data table's links went: %s", t);
}

/* A block of text cut into paragraphs by <br><br> holds them, as
 * Readability reads it after _replaceBrs: the story's <div> is picked,
 * not the page around it and a block of tags. */
#define BR_PARA NO_COMMAS "and the town was glad of it. "
static void test_br_paragraphs_picked(void **state) {
    (void)state;
    gl_options opt = options();
    opt.explain = true;
    gl_doc *doc = read_with("<body><div class=page><div class=story>" BR_PARA "<br><br>" BR_PARA
                            "<br><br>" BR_PARA "<br><br>" BR_PARA "<br><br>" BR_PARA "</div>"
                            "<div class=tags><p>Tags: harbour, council, wall, storms, town, "
                            "vote, engineers, budget, sea.</p></div></div></body>",
                            &opt);
    assert_non_null(strstr(text_of(doc), "glad of it"));
    if (!strstr(warnings, "article = <div class=\"story\">"))
        fail_msg("the story's block was not picked: %s", warnings);
    gl_doc_free(doc);
}

/* The layout table nests: the step from the page's table to the inner one
 * leaves out only the site's name (no links), the next the menus; counted
 * together, what is left out is links enough, and the story's cell is
 * taken with the headline in the row above it. */
#define MENU_ROW6                                                                                  \
    "<tr>" MENU_CELL("1") MENU_CELL("2") MENU_CELL("3") MENU_CELL("4") MENU_CELL("5")              \
        MENU_CELL("6") "</tr>"
static void test_story_cell_of_nested_layout_table(void **state) {
    (void)state;
    gl_options opt = options();
    gl_doc *doc = read_with("<body><table><tr><td>The Gazette, news for the harbour towns since "
                            "1901</td></tr><tr><td><table>" MENU_ROW6
                            "<tr><td><h1>Harbour wall</h1></td></tr><tr><td><div>" PARA PARA
                            "</div></td></tr>" MENU_ROW6 "</table></td></tr></table></body>",
                            &opt);
    const char *t = text_of(doc);
    assert_non_null(strstr(t, "The council met"));
    assert_non_null(strstr(t, "Harbour wall|"));
    assert_null(strstr(t, "Section"));
    assert_null(strstr(t, "since 1901"));
    gl_doc_free(doc);
}

/* A block of links without running text goes from inside the article,
 * however many commas its titles hold (they made it read as prose). */
#define STORY(n) "<a href=\"/r" n "\">Storm, wind, rain: story " n "</a> "
static void test_link_list_in_article(void **state) {
    (void)state;
    gl_options opt = options();
    gl_doc *doc = read_with("<body><article>" PARA "<div class=\"box\">Most read: " STORY("1")
                                STORY("2") STORY("3") STORY("4") STORY("5")
                                    STORY("6") "</div>" PARA "<p>" PROSE "</p></article></body>",
                            &opt);
    const char *t = text_of(doc);
    assert_non_null(strstr(t, "The council met"));
    assert_null(strstr(t, "Storm, wind"));
    gl_doc_free(doc);
}

/* A photo page tells its story in the caption: a caption holding half the
 * article stays running text, not a figure. */
static void test_caption_that_is_the_story(void **state) {
    (void)state;
    gl_options opt = options();
    gl_doc *doc = read_with("<body><div class=\"gallery\"><div class=\"slide\"><div "
                            "class=\"image\"><img src=\"https://ex.org/a.jpg\"></div><div "
                            "class=\"caption\">" PROSE PROSE "</div></div></div>"
                            "<div><a href=\"/1\">Next photo</a></div></body>",
                            &opt);
    gl_iter it;
    gl_iter_init(&it, gl_doc_root(doc));
    while (gl_iter_next(&it) != GL_EVENT_NONE)
        if (it.node->type == GL_NODE_FIGURE)
            assert_null(it.node->first_child); /* the image alone, without a caption */
    assert_non_null(strstr(text_of(doc), "The council met"));
    gl_doc_free(doc);
}

/* A blog page's posts each open with a linked title: a heading that is all
 * link, over a block of prose, is the post's title, not a link list. */
static void test_linked_post_titles(void **state) {
    (void)state;
    gl_options opt = options();
    gl_doc *doc = read_with(
        "<body><div class=\"posts\"><div class=\"post\"><h3><a href=\"/p/1\">Harbour board "
        "agrees the new breakwater at last</a></h3><div class=\"text\">" PARA "</div></div>"
        "<div class=\"post\"><h3><a href=\"/p/2\">Engineers begin the survey of the old "
        "quay walls</a></h3><div class=\"text\">" PARA "</div></div></div></body>",
        &opt);
    const char *t = text_of(doc);
    assert_non_null(strstr(t, "The council met"));
    assert_non_null(strstr(t, "Engineers begin the survey"));
    gl_doc_free(doc);
}

/* Microsoft Word's downlevel-revealed conditionals ("<![if !vml]>",
 * "<![endif]>") and any other "<!" that opens no comment or DOCTYPE are
 * bogus comments to a browser and text to libxml2: they never reach the
 * text. */
static void test_word_conditionals_dropped(void **state) {
    (void)state;
    gl_options opt = options();
    gl_doc *doc =
        read_with("<body><article><p><![if !supportEmptyParas]>&nbsp;<![endif]></p>"
                  "<p>" PROSE "<![if !supportLineBreakNewLine]><br>\n<![endif]></p>"
                  "<! begin search code><p>" PROSE "</p><! end search code></article></body>",
                  &opt);
    const char *t = text_of(doc);
    assert_non_null(strstr(t, "The council met"));
    assert_null(strstr(t, "<!"));
    assert_null(strstr(t, "search code"));
    assert_null(strstr(t, "endif"));
    gl_doc_free(doc);
}

/* ---- bad input: each ends in output or a clear error, never a crash ---- */

static void test_no_text_and_empty(void **state) {
    (void)state;
    gl_options opt = options();
    gl_doc *doc = read_with("<html><body><div><span></span><img></div></body></html>", &opt);
    assert_null(gl_doc_root(doc)->first_child);
    gl_doc_free(doc);

    gl_error err;
    assert_int_equal(read_status(&doc, "", 0, &opt, &err), GL_EPARSE);
    assert_non_null(strstr(err.message, "empty"));
    assert_string_equal(err.file, "page.html");
    assert_null(doc);
}

static void test_binary_junk(void **state) {
    (void)state;
    char junk[4096];
    uint32_t s = 12345;
    for (size_t i = 0; i < sizeof junk; i++) {
        s = s * 1103515245u + 12345u;
        junk[i] = (char)(s >> 16);
    }
    gl_options opt = options();
    gl_doc *doc;
    gl_error err;
    /* through the HTML reader itself, past the registry's binary sniffing */
    gl_input in = {"junk.html", NULL, junk, sizeof junk};
    gl_error_init(&err, "junk.html");
    gl_status st = gl_read_html(&doc, &in, &opt, &err);
    if (st == GL_OK) {
        gl_error verr;
        gl_error_init(&verr, NULL);
        assert_int_equal(gl_doc_validate(doc, &verr), GL_OK);
        gl_doc_free(doc);
    } else {
        assert_string_equal(err.file, "junk.html");
    }
    assert_int_not_equal(read_status(&doc, junk, sizeof junk, &opt, &err), GL_OK);
    assert_non_null(strstr(err.message, "binary"));
}

static void test_deep_nesting(void **state) {
    (void)state;
    enum { DEPTH = 100000 };
    size_t cap = DEPTH * 11 + 64, k = 0;
    char *html = malloc(cap);
    assert_non_null(html);
    k += (size_t)sprintf(html + k, "<html><body>");
    for (int i = 0; i < DEPTH; i++)
        k += (size_t)sprintf(html + k, "<div>");
    k += (size_t)sprintf(html + k, "deep text");
    for (int i = 0; i < DEPTH; i++)
        k += (size_t)sprintf(html + k, "</div>");
    gl_options opt = options();
    gl_doc *doc;
    gl_error err;
    gl_status st = read_status(&doc, html, k, &opt, &err);
    /* galley's own depth limit names itself; no stack overflow on the way */
    assert_int_equal(st, GL_ELIMIT);
    assert_non_null(strstr(err.message, "max_depth"));
    assert_string_equal(err.file, "page.html");
    free(html);
}

/* A 50 MB page, made here (never committed): an article of many paragraphs. */
static void test_huge_page(void **state) {
    (void)state;
    size_t target = (size_t)50 << 20;
    char *html = malloc(target + 4096);
    assert_non_null(html);
    size_t k = (size_t)sprintf(html, "<html><body><nav><a href=\"/\">Home</a></nav><article>");
    static const char para[] = PARA;
    while (k + sizeof para + 64 < target) {
        memcpy(html + k, para, sizeof para - 1);
        k += sizeof para - 1;
    }
    k += (size_t)sprintf(html + k, "</article></body></html>");
    gl_options opt = options();
    gl_doc *doc;
    gl_error err;
    assert_int_equal(read_status(&doc, html, k, &opt, &err), GL_OK);
    assert_true(tk_count_type(doc, GL_NODE_PARAGRAPH) > 100000);
    const gl_node *first = gl_doc_root(doc)->first_child;
    assert_non_null(first);
    assert_int_equal(first->type, GL_NODE_PARAGRAPH); /* the nav is gone */
    gl_doc_free(doc);
    free(html);
}

static void test_malformed_markup(void **state) {
    (void)state;
    gl_options opt = options();
    gl_doc *doc = read_with("<body><article><p>" PROSE "<div><p>" PROSE "</span></b></i>"
                            "<table><td>" PROSE "<p>" PROSE "</article></li></ul>&bogus;<p",
                            &opt);
    assert_non_null(strstr(text_of(doc), "The council met"));
    gl_doc_free(doc);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keeps_article_drops_boilerplate),
        cmocka_unit_test(test_whole_page_option),
        cmocka_unit_test(test_explain_says_what_was_kept),
        cmocka_unit_test(test_sibling_merging),
        cmocka_unit_test(test_hidden_and_empty_dropped),
        cmocka_unit_test(test_promos_and_caption_blocks),
        cmocka_unit_test(test_index_page_falls_back),
        cmocka_unit_test(test_extract_api),
        cmocka_unit_test(test_script_ends_at_its_end_tag),
        cmocka_unit_test(test_body_element_in_head),
        cmocka_unit_test(test_content_after_body_end),
        cmocka_unit_test(test_code_text_dropped),
        cmocka_unit_test(test_code_page_keeps_code_text),
        cmocka_unit_test(test_damaged_script_tag),
        cmocka_unit_test(test_pass_that_reads_as_article_wins),
        cmocka_unit_test(test_short_post_keeps_out_comments),
        cmocka_unit_test(test_one_line_post),
        cmocka_unit_test(test_best_candidate_survives_cleaning),
        cmocka_unit_test(test_word_conditionals_dropped),
        cmocka_unit_test(test_linked_post_titles),
        cmocka_unit_test(test_story_cell_of_layout_table),
        cmocka_unit_test(test_story_cell_of_nested_layout_table),
        cmocka_unit_test(test_br_paragraphs_picked),
        cmocka_unit_test(test_widgets_in_layout_table),
        cmocka_unit_test(test_link_list_in_article),
        cmocka_unit_test(test_caption_that_is_the_story),
        cmocka_unit_test(test_page_inside_noscript),
        cmocka_unit_test(test_nested_noscripts),
        cmocka_unit_test(test_prose_list_kept),
        cmocka_unit_test(test_prose_table_kept),
        cmocka_unit_test(test_text_div_with_link_kept),
        cmocka_unit_test(test_pictured_prose_kept),
        cmocka_unit_test(test_named_anchor_is_no_link),
        cmocka_unit_test(test_prose_with_videos_kept),
        cmocka_unit_test(test_sidebar_of_article_cards),
        cmocka_unit_test(test_long_legal_notice_removed),
        cmocka_unit_test(test_story_split_into_rows),
        cmocka_unit_test(test_no_text_and_empty),
        cmocka_unit_test(test_binary_junk),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_huge_page),
        cmocka_unit_test(test_malformed_markup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
