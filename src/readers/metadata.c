/* Title, byline and date of an article from every source the page offers.
 * The order of sources follows Mozilla Readability (JSON-LD, then <meta>
 * in Dublin Core / OpenGraph / plain / Twitter / Parse.ly forms, then the
 * page itself), extended for dates as htmldate does (itemprop, <time>,
 * date-classed elements, the URL, text near the headline). Every value is
 * normalised (dates to ISO 8601, checked plausible) and keeps its source. */
#include "readers/metadata.h"

#include <stdint.h>
#include <string.h>
#include <time.h>
#include "readers/code_text.h"
#include "readers/dates.h"
#include "readers/dom.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/error.h"
#include "util/escape.h"
#include "util/json.h"
#include "util/utf8.h"

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* ---- gathering ---- */

/* schema.org types of an article, as Readability lists them. */
static const char *const article_types[] = {"Article",
                                            "AdvertiserContentArticle",
                                            "NewsArticle",
                                            "AnalysisNewsArticle",
                                            "AskPublicNewsArticle",
                                            "BackgroundNewsArticle",
                                            "OpinionNewsArticle",
                                            "ReportageNewsArticle",
                                            "ReviewNewsArticle",
                                            "Report",
                                            "SatiricalArticle",
                                            "ScholarlyArticle",
                                            "MedicalScholarlyArticle",
                                            "SocialMediaPosting",
                                            "BlogPosting",
                                            "LiveBlogPosting",
                                            "DiscussionForumPosting",
                                            "TechArticle",
                                            "APIReference",
                                            "WebPage"};

static bool is_article_type(const char *t) {
    if (!t)
        return false;
    for (size_t i = 0; i < sizeof article_types / sizeof article_types[0] - 1; i++)
        if (strcmp(t, article_types[i]) == 0)
            return true;
    return false;
}

/* Meta keys read, by the name Readability normalises them to. */
enum {
    M_DC_TITLE,
    M_DCTERM_TITLE,
    M_OG_TITLE,
    M_WEIBO_ARTICLE_TITLE,
    M_WEIBO_WEBPAGE_TITLE,
    M_TITLE,
    M_TWITTER_TITLE,
    M_PARSELY_TITLE,
    M_DC_CREATOR,
    M_DCTERM_CREATOR,
    M_AUTHOR,
    M_PARSELY_AUTHOR,
    M_ARTICLE_AUTHOR,
    M_COUNT
};

static const char *const meta_keys[M_COUNT] = {
    "dc:title", "dcterm:title",   "og:title",      "weibo:article:title", "weibo:webpage:title",
    "title",    "twitter:title",  "parsely-title", "dc:creator",          "dcterm:creator",
    "author",   "parsely-author", "article:author"};

/* Meta names stating the publication date, best first (htmldate's list). */
static const char *const date_keys[] = {"article:published_time",
                                        "parsely-pub-date",
                                        "og:published_time",
                                        "og:article:published_time",
                                        "datepublished",
                                        "pubdate",
                                        "publishdate",
                                        "publish-date",
                                        "publish_date",
                                        "published_time",
                                        "article.published",
                                        "article:published",
                                        "dc.date.issued",
                                        "dc:date:issued",
                                        "dcterms.issued",
                                        "dc.date",
                                        "dc:date",
                                        "dcterms.date",
                                        "dcterms.created",
                                        "dc.date.created",
                                        "sailthru.date",
                                        "citation_publication_date",
                                        "citation_date",
                                        "citation_online_date",
                                        "date",
                                        "datecreated",
                                        "article_date_original",
                                        "cxenseparse:recs:publishtime",
                                        "originalpublicationdate",
                                        "rnews:datepublished",
                                        "og:pubdate",
                                        "bt:pubdate",
                                        "last-modified:no",
                                        "displaydate",
                                        "created",
                                        "eomportal-lastupdate:no",
                                        "article.created",
                                        "article:post_date"};

typedef struct gather {
    const char *meta[M_COUNT];
    const char *meta_date;
    const char *meta_date_key; /* the name or property that gave it */
    size_t meta_date_rank;
    char comment_date[40]; /* a dc:date of an RDF description in a comment */
    const char *title;     /* <title> */
    const xmlNode *h[8];   /* the first h1/h2 elements */
    size_t nh, nh1;
    const xmlNode *h1; /* the only h1 when there is one */
    const xmlNode *first_h1;
    const xmlNode *byline_node;
    const char *itemprop_date;     /* itemprop=datePublished */
    const char *time_pub;          /* <time pubdate> or class published */
    const char *time_first;        /* the first <time datetime> */
    const xmlNode *date_nodes[16]; /* elements whose class/id speak of a date */
    size_t ndate_before_h1;        /* how many of them come before the first <h1> */
    size_t ndate;
    const xmlNode *scripts[8]; /* application/ld+json */
    const char *stamps[16];    /* meta contents that read as timestamps */
    size_t nstamps;
    const xmlNode *code[32]; /* every script, where pages keep their own clock's time */
    size_t ncode;
    size_t nscripts;
    const xmlNode *body;
} gather;

/* A meta key the way Readability reads it: lowercased, spaces dropped,
 * dots as colons; `is_property` keys must have a known prefix. */
static int meta_slot(const char *key, bool is_property) {
    char k[64];
    size_t n = 0;
    for (const char *p = key; *p && n + 1 < sizeof k; p++) {
        if (gl_html_space(*p))
            continue;
        k[n++] = *p == '.' && !is_property ? ':' : gl_dom_lower(*p);
    }
    k[n] = '\0';
    for (int i = 0; i < M_COUNT; i++) {
        const char *want = meta_keys[i];
        /* property="dc:creator"-like only with a namespace, name= anything */
        if (is_property && !strchr(want, ':'))
            continue;
        if (strcmp(k, want) == 0)
            return i;
        if (!is_property && i == M_DCTERM_TITLE && strcmp(k, "dcterms:title") == 0)
            return i;
    }
    return -1;
}

static size_t date_rank(const char *key) {
    char k[64];
    size_t n = 0;
    for (const char *p = key; *p && n + 1 < sizeof k; p++)
        if (!gl_html_space(*p))
            k[n++] = gl_dom_lower(*p);
    k[n] = '\0';
    for (size_t i = 0; i < sizeof date_keys / sizeof date_keys[0]; i++)
        if (strcmp(k, date_keys[i]) == 0)
            return i + 1;
    return 0;
}

/* Readability's byline pattern over class and id. */
static bool byline_words(const xmlNode *n) {
    static const char *const words[] = {"byline", "author", "dateline", "writtenby", "p-author"};
    return gl_dom_class_or_id_has(n, words, sizeof words / sizeof words[0]);
}

static bool date_words(const xmlNode *n) {
    static const char *const words[] = {"date",   "time", "publish",  "posted",
                                        "byline", "meta", "dateline", "updated"};
    return gl_dom_class_or_id_has(n, words, sizeof words / sizeof words[0]);
}

static void see_element(gather *g, const xmlNode *n, bool in_body) {
    const char *name = (const char *)n->name;
    if (strcmp(name, "meta") == 0) {
        const char *content = gl_html_attr(n, "content");
        if (!content)
            return;
        const char *prop = gl_html_attr(n, "property");
        const char *nm = gl_html_attr(n, "name");
        const char *ip = gl_html_attr(n, "itemprop");
        int slot = -1;
        for (const char *p = prop; p && *p && slot < 0;) { /* space-separated properties */
            char one[64];
            size_t k = 0;
            while (gl_html_space(*p))
                p++;
            while (*p && !gl_html_space(*p) && k + 1 < sizeof one)
                one[k++] = *p++;
            while (*p && !gl_html_space(*p))
                p++;
            one[k] = '\0';
            if (k)
                slot = meta_slot(one, true);
        }
        if (slot < 0 && nm)
            slot = meta_slot(nm, false);
        if (slot >= 0)
            g->meta[slot] = content; /* the last one wins, as in Readability */
        if (is_digit(content[0]) && is_digit(content[1]) && is_digit(content[2]) &&
            is_digit(content[3]) && content[4] == '-' &&
            g->nstamps < sizeof g->stamps / sizeof g->stamps[0])
            g->stamps[g->nstamps++] = content;
        const char *keys[3] = {prop, nm, ip};
        for (int i = 0; i < 3; i++) {
            size_t r = keys[i] ? date_rank(keys[i]) : 0;
            if (r && (!g->meta_date_rank || r < g->meta_date_rank)) {
                g->meta_date = content;
                g->meta_date_key = date_keys[r - 1];
                g->meta_date_rank = r;
            }
        }
        return;
    }
    if (strcmp(name, "title") == 0) {
        /* The first <title> is the document's, wherever a broken page left
         * it (after a server's warnings it lands in <body>); an <svg>'s
         * title is no page title. */
        bool in_svg = n->parent && n->parent->type == XML_ELEMENT_NODE &&
                      strcmp((const char *)n->parent->name, "svg") == 0;
        /* A title reading as code is a script whose start tag the saved
         * page lost (issue 16). */
        if (!g->title && !in_svg && n->children && n->children->content &&
            !gl_code_text_is_code((const char *)n->children->content))
            g->title = (const char *)n->children->content;
        return;
    }
    if (strcmp(name, "script") == 0) {
        const char *type = gl_html_attr(n, "type");
        if (type && gl_dom_has_word_ci(type, "ld+json") && g->nscripts < 8)
            g->scripts[g->nscripts++] = n;
        if (g->ncode < sizeof g->code / sizeof g->code[0])
            g->code[g->ncode++] = n;
        return;
    }
    if (strcmp(name, "link") == 0 || strcmp(name, "base") == 0)
        return;
    if (!in_body)
        return;
    if ((strcmp(name, "h1") == 0 || strcmp(name, "h2") == 0) && g->nh < 8)
        g->h[g->nh++] = n;
    if (strcmp(name, "h1") == 0) {
        g->nh1++;
        if (!g->first_h1) {
            g->first_h1 = n;
            g->ndate_before_h1 = g->ndate;
        }
    }
    const char *ip = gl_html_attr(n, "itemprop");
    if (ip && !g->itemprop_date && gl_dom_has_word_ci(ip, "datepublished")) {
        const char *v = gl_html_attr(n, "datetime");
        if (!v)
            v = gl_html_attr(n, "content");
        if (v)
            g->itemprop_date = v;
    }
    if (strcmp(name, "time") == 0) {
        const char *dt = gl_html_attr(n, "datetime");
        if (dt) {
            const char *cls = gl_html_attr(n, "class");
            if (!g->time_pub &&
                (gl_html_attr(n, "pubdate") || (cls && (gl_dom_has_word_ci(cls, "publish") ||
                                                        gl_dom_has_word_ci(cls, "entry-date")))))
                g->time_pub = dt;
            if (!g->time_first)
                g->time_first = dt;
        }
    }
    if (g->ndate < sizeof g->date_nodes / sizeof g->date_nodes[0] && date_words(n))
        g->date_nodes[g->ndate++] = n;
}

/* Readability's byline check, over elements it would still hold. */
static bool byline_candidate(const xmlNode *n) {
    const char *rel = gl_html_attr(n, "rel");
    const char *ip = gl_html_attr(n, "itemprop");
    return (rel && strcmp(rel, "author") == 0) || (ip && strstr(ip, "author")) || byline_words(n);
}

/* Visits every element: metadata may sit anywhere. The byline is looked
 * for only outside hidden elements and outside those Readability drops
 * before it looks inside (the subtree at `skip`). */
/* Blogs describe a post for trackbacks in RDF inside a comment
 * (<rdf:Description dc:date="2020-07-12T22:00:00+09:00" ...>): its date is
 * the post's, ranked as a dc:date <meta>. */
static void see_comment(gather *g, const char *text) {
    const char *p = strstr(text, "dc:date=\"");
    size_t r = date_rank("dc:date");
    if (!p || (g->meta_date_rank && g->meta_date_rank <= r))
        return;
    p += 9;
    const char *end = strchr(p, '"');
    size_t len = end ? (size_t)(end - p) : 0;
    if (!len || len >= sizeof g->comment_date)
        return;
    memcpy(g->comment_date, p, len);
    g->comment_date[len] = '\0';
    g->meta_date = g->comment_date;
    g->meta_date_key = "dc:date in an RDF comment";
    g->meta_date_rank = r;
}

static void walk_dom(gather *g, xmlNode *root, gl_buf *scratch) {
    xmlNode *n = root;
    const xmlNode *body = NULL, *skip = NULL;
    while (n) {
        bool down = false;
        if (n->type == XML_ELEMENT_NODE) {
            if (!body && strcmp((const char *)n->name, "body") == 0)
                body = g->body = n;
            see_element(g, n, body != NULL);
            if (body && !skip && (gl_html_is_hidden(n) || gl_dom_unlikely(n)))
                skip = n;
            if (body && !skip && n != body && !g->byline_node && byline_candidate(n)) {
                gl_buf_clear(scratch);
                gl_dom_text(n, scratch, 4096);
                bool whole = scratch->len < 4096; /* a longer text is no byline anyway */
                size_t len =
                    gl_html_collapse(scratch->data ? scratch->data : (char *)"", scratch->len);
                if (scratch->status == GL_OK && whole && len > 0 && len < 100)
                    g->byline_node = n;
            }
            down = n->children && !gl_dom_is(n, "script") && !gl_dom_is(n, "style");
        } else if (n->type == XML_COMMENT_NODE && n->content) {
            see_comment(g, (const char *)n->content);
        }
        if (down) {
            n = n->children;
            continue;
        }
        for (;;) {
            if (n == skip)
                skip = NULL;
            if (n == root) {
                n = NULL;
                break;
            }
            if (n->next) {
                n = n->next;
                break;
            }
            n = n->parent;
        }
    }
}

/* ---- values ---- */

typedef struct meta {
    gl_doc *doc;
    const gl_allocator *a;
    gl_buf tmp;
    gl_status st;
} meta;

/* Decodes the entities a page escaped twice ("&amp;#39;"), as Readability
 * does for metadata: &amp; &lt; &gt; &quot; &apos; and numeric ones. */
static size_t unescape(char *s, size_t len) {
    static const struct {
        const char *name;
        char c;
    } named[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
    if (!len)
        return 0; /* `s` may be a read-only "" */
    size_t k = 0;
    for (size_t i = 0; i < len;) {
        if (s[i] == '&') {
            bool done = false;
            for (size_t e = 0; e < sizeof named / sizeof named[0] && !done; e++) {
                size_t n = strlen(named[e].name);
                if (i + n <= len && memcmp(s + i, named[e].name, n) == 0) {
                    s[k++] = named[e].c;
                    i += n;
                    done = true;
                }
            }
            if (!done && i + 2 < len && s[i + 1] == '#') {
                size_t j = i + 2;
                bool hexa = j < len && (s[j] == 'x' || s[j] == 'X');
                j += hexa;
                uint32_t cp = 0;
                size_t digits = 0;
                while (j < len && digits < 8 && (hexa ? gl_hex_value(s[j]) >= 0 : is_digit(s[j]))) {
                    cp = cp * (hexa ? 16 : 10) + (uint32_t)(hexa ? gl_hex_value(s[j]) : s[j] - '0');
                    j++, digits++;
                }
                if (digits && j < len && s[j] == ';') {
                    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000))
                        cp = 0xFFFD;
                    char enc[4];
                    size_t n = gl_utf8_encode((int32_t)cp, enc);
                    if (n <= j + 1 - i) { /* the entity is longer than its character */
                        memcpy(s + k, enc, n);
                        k += n;
                        i = j + 1;
                        done = true;
                    }
                }
            }
            if (done)
                continue;
        }
        s[k++] = s[i++];
    }
    s[k] = '\0';
    return k;
}

/* The value cleaned (entities, white space) into m->tmp; its length. */
static size_t clean_value(meta *m, const char *v) {
    gl_buf_clear(&m->tmp);
    gl_buf_puts(&m->tmp, v);
    if (m->tmp.status != GL_OK) {
        m->st = GL_ENOMEM;
        return 0;
    }
    char *s = m->tmp.data ? m->tmp.data : (char *)"";
    size_t len = unescape(s, m->tmp.len);
    return gl_html_collapse(s, len);
}

static void set_field(meta *m, gl_meta_field f, const char *v, size_t len, const char *source) {
    if (m->st != GL_OK || !len)
        return;
    gl_status st = gl_doc_set_meta(m->doc, f, v, len, source);
    if (st == GL_ENOMEM)
        m->st = st;
}

/* ---- title ---- */

static size_t word_count(const char *s) {
    size_t n = 0;
    bool in = false;
    for (; *s; s++) {
        bool sp = gl_html_space(*s);
        n += !sp && !in;
        in = !sp;
    }
    return n;
}

/* A separator of title parts: " | ", " - ", " – ", " — ", " \ ", " / ",
 * " > ", " » " (with spaces both sides); its byte length, or 0. */
static size_t separator_at(const char *s, bool *hierarchical) {
    static const char *const seps[] = {"|", "-", "\xE2\x80\x93", "\xE2\x80\x94", "\\",
                                       "/", ">", "\xC2\xBB"};
    if (*s != ' ')
        return 0;
    for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++) {
        size_t n = strlen(seps[i]);
        if (strncmp(s + 1, seps[i], n) == 0 && s[1 + n] == ' ') {
            *hierarchical = i >= 4;
            return n + 2;
        }
    }
    return 0;
}

static bool heading_equals(const gather *g, const char *text, gl_buf *scratch) {
    for (size_t i = 0; i < g->nh; i++) {
        gl_buf_clear(scratch);
        gl_dom_text(g->h[i], scratch, 4096);
        if (scratch->status != GL_OK || !scratch->data)
            continue;
        size_t len = gl_html_collapse(scratch->data, scratch->len);
        if (strlen(text) == len && memcmp(text, scratch->data, len) == 0)
            return true;
    }
    return false;
}

/* Readability's _getArticleTitle: <title> less its site part. Writes into
 * `out` (cap bytes); returns the source name. */
static const char *page_title(meta *m, const gather *g, char *out, size_t cap, gl_buf *scratch) {
    size_t olen = g->title ? clean_value(m, g->title) : 0;
    if (olen >= cap)
        olen = cap - 1;
    char orig[1024];
    if (olen >= sizeof orig)
        olen = sizeof orig - 1;
    memcpy(orig, olen ? m->tmp.data : "", olen);
    orig[olen] = '\0';
    strcpy(out, orig);
    const char *source = "<title>";
    bool hier = false, any_hier = false;
    size_t first = 0, last = 0, first_len = 0, nsep = 0;
    for (size_t i = 0; i < olen; i++) {
        bool h = false;
        size_t n = separator_at(orig + i, &h);
        if (n) {
            if (!nsep)
                first = i, first_len = n;
            last = i;
            nsep++;
            any_hier = any_hier || h;
        }
    }
    hier = any_hier;
    const char *colon = strstr(orig, ": ");
    if (nsep) {
        memcpy(out, orig, last);
        out[last] = '\0';
        source = "<title> less its site part";
        if (word_count(out) < 3) {
            strcpy(out, orig + first + first_len);
            source = "<title> less its first part";
        }
    } else if (colon) {
        if (!heading_equals(g, orig, scratch)) {
            const char *lastc = colon;
            for (const char *p = colon; (p = strstr(p + 1, ": "));)
                lastc = p;
            strcpy(out, lastc + 2);
            source = "<title> after its colon";
            if (word_count(out) < 3) {
                strcpy(out, colon + 2);
            } else {
                char before[1024];
                size_t b = (size_t)(colon - orig);
                memcpy(before, orig, b);
                before[b] = '\0';
                if (word_count(before) > 5) {
                    strcpy(out, orig);
                    source = "<title>";
                }
            }
        }
    } else if ((olen > 150 || olen < 15) && g->nh1 == 1) {
        gl_buf_clear(scratch);
        gl_dom_text(g->first_h1, scratch, cap - 1);
        if (scratch->status == GL_OK && scratch->data) {
            size_t len = gl_html_collapse(scratch->data, scratch->len);
            if (len >= cap)
                len = cap - 1;
            memcpy(out, scratch->data, len);
            out[len] = '\0';
            source = "the page's only <h1>";
        }
    }
    gl_html_collapse(out, strlen(out));
    size_t words = word_count(out);
    if (words <= 4) {
        /* Too short once cut: unless only the site part went. */
        size_t orig_words = 0;
        char tmp[1024];
        size_t k = 0;
        for (size_t i = 0; i < olen; i++) {
            bool h;
            size_t n = separator_at(orig + i, &h);
            if (n) {
                tmp[k++] = ' ';
                i += n - 1;
            } else {
                tmp[k++] = orig[i];
            }
        }
        tmp[k] = '\0';
        orig_words = word_count(tmp);
        if (!hier || words != orig_words - 1) {
            strcpy(out, orig);
            source = "<title>";
        }
    }
    return source;
}

/* Readability's text similarity: the share of b's words also in a. */
static double similarity(const char *a, const char *b) {
    char wa[64][32], wb[64][32];
    size_t na = 0, nb = 0;
    const char *src[2] = {a, b};
    for (int k = 0; k < 2; k++) {
        size_t *n = k ? &nb : &na;
        char(*w)[32] = k ? wb : wa;
        for (const char *p = src[k]; *p && *n < 64;) {
            while (*p && !(is_digit(*p) || (gl_dom_lower(*p) >= 'a' && gl_dom_lower(*p) <= 'z') ||
                           (unsigned char)*p >= 0x80 || *p == '_'))
                p++;
            size_t l = 0;
            while (*p && (is_digit(*p) || (gl_dom_lower(*p) >= 'a' && gl_dom_lower(*p) <= 'z') ||
                          (unsigned char)*p >= 0x80 || *p == '_')) {
                if (l + 1 < 32)
                    w[*n][l++] = gl_dom_lower(*p);
                p++;
            }
            if (l) {
                w[*n][l] = '\0';
                (*n)++;
            }
        }
    }
    if (!nb)
        return 0;
    size_t total = 0, uniq = 0;
    for (size_t i = 0; i < nb; i++) {
        bool in_a = false;
        for (size_t j = 0; j < na && !in_a; j++)
            in_a = strcmp(wb[i], wa[j]) == 0;
        total += strlen(wb[i]) + 1;
        if (!in_a)
            uniq += strlen(wb[i]) + 1;
    }
    return 1.0 - (double)uniq / (double)total;
}

/* ---- JSON-LD ---- */

typedef struct ld {
    const char *title, *title_src, *author, *date;
    char authors[512];
    char any_date[64];
} ld;

static bool type_matches(const gl_json_doc *d, size_t obj) {
    size_t t = gl_json_get(d, obj, "@type");
    if (!t)
        return false;
    if (d->v[t - 1].type == GL_JSON_STR)
        return is_article_type(d->v[t - 1].str);
    if (d->v[t - 1].type == GL_JSON_ARR)
        for (size_t i = t; i < d->count && d->v[i].parent >= t; i++)
            if (d->v[i].parent == t && d->v[i].type == GL_JSON_STR && is_article_type(d->v[i].str))
                return true;
    return false;
}

/* The name of an author value: a string, {"name": ...}. */
static const char *author_name(const gl_json_doc *d, size_t i) {
    if (!i)
        return NULL;
    if (d->v[i - 1].type == GL_JSON_STR)
        return d->v[i - 1].str;
    return gl_json_str(d, gl_json_get(d, i, "name"));
}

static void append_author(char *out, size_t cap, const char *name) {
    while (gl_html_space(*name))
        name++;
    size_t len = strlen(out), n = strlen(name);
    while (n && gl_html_space(name[n - 1]))
        n--;
    if (!n || len + n + 3 > cap)
        return;
    if (len)
        memcpy(out + len, ", ", 2), len += 2;
    memcpy(out + len, name, n);
    out[len + n] = '\0';
}

static void read_ld_object(const gl_json_doc *d, size_t obj, ld *out, const char *page_title) {
    const char *name = gl_json_str(d, gl_json_get(d, obj, "name"));
    const char *headline = gl_json_str(d, gl_json_get(d, obj, "headline"));
    if (name && headline && strcmp(name, headline) != 0) {
        bool nm = similarity(name, page_title) > 0.75;
        bool hm = similarity(headline, page_title) > 0.75;
        out->title = hm && !nm ? headline : name;
        out->title_src = hm && !nm ? "JSON-LD headline" : "JSON-LD name";
    } else if (name) {
        out->title = name, out->title_src = "JSON-LD name";
    } else if (headline) {
        out->title = headline, out->title_src = "JSON-LD headline";
    }
    size_t au = gl_json_get(d, obj, "author");
    if (au && d->v[au - 1].type == GL_JSON_ARR) {
        for (size_t i = au; i < d->count && d->v[i].parent >= au; i++)
            if (d->v[i].parent == au) {
                const char *n = author_name(d, i + 1);
                if (n)
                    append_author(out->authors, sizeof out->authors, n);
            }
    } else if (au) {
        const char *n = author_name(d, au);
        if (n)
            append_author(out->authors, sizeof out->authors, n);
    }
    if (out->authors[0])
        out->author = out->authors;
    out->date = gl_json_str(d, gl_json_get(d, obj, "datePublished"));
    if (!out->date)
        out->date = gl_json_str(d, gl_json_get(d, obj, "dateCreated"));
}

/* The first article object of the JSON-LD scripts, and the first
 * datePublished of any object (a WebPage's, or one in JSON that does not
 * parse) for when the article has none. */
static gl_status read_ld(meta *m, const gather *g, ld *out, const char *page_title,
                         gl_json_doc *keep) {
    memset(out, 0, sizeof *out);
    bool found = false;
    for (size_t s = 0; s < g->nscripts; s++) {
        gl_buf_clear(&m->tmp);
        gl_dom_text(g->scripts[s], &m->tmp, GL_JSON_MAX_BYTES + 1);
        if (m->tmp.status != GL_OK)
            return GL_ENOMEM;
        const char *text = m->tmp.data ? m->tmp.data : "";
        gl_json_doc d;
        gl_status st = gl_json_parse(&d, text, m->tmp.len, m->a);
        if (st == GL_ENOMEM) {
            gl_json_free(&d);
            return st;
        }
        if (st != GL_OK && !out->any_date[0])
            gl_dates_json_value(text, m->tmp.len, "datePublished", out->any_date,
                                sizeof out->any_date);
        for (size_t i = 0; st == GL_OK && i < d.count && !out->any_date[0]; i++) {
            const char *v = d.v[i].key && strcmp(d.v[i].key, "datePublished") == 0
                                ? gl_json_str(&d, i + 1)
                                : NULL;
            if (v && strlen(v) < sizeof out->any_date)
                strcpy(out->any_date, v);
        }
        for (size_t i = 0; st == GL_OK && !found && i < d.count; i++) {
            if (d.v[i].type == GL_JSON_OBJ && type_matches(&d, i + 1)) {
                read_ld_object(&d, i + 1, out, page_title);
                *keep = d;
                found = true;
            }
        }
        if (keep->v != d.v)
            gl_json_free(&d);
    }
    return GL_OK;
}

/* ---- entry point ---- */

/* The publication date (dates.c), with its text and where it came from. */
static void find_dates(meta *m, const gather *g, const ld *l, long long now, gl_buf *scratch) {
    /* The date text <head> gave stays when no date is found: it is what the
     * page says, even unreadable ("last Tuesday"). */
    gl_doc_clear_meta(m->doc, GL_META_DATE);
    gl_date_clues c = {
        .ld_date = l->date,
        .ld_any_date = l->any_date[0] ? l->any_date : NULL,
        .meta_date = g->meta_date,
        .meta_date_key = g->meta_date_key,
        .itemprop_date = g->itemprop_date,
        .time_pub = g->time_pub,
        .time_first = g->time_first,
        .date_nodes = g->date_nodes,
        .ndate = g->ndate,
        .ndate_before_h1 = g->ndate_before_h1,
        .stamps = g->stamps,
        .nstamps = g->nstamps,
        .code = g->code,
        .ncode = g->ncode,
        .body = g->body,
        .first_h1 = g->first_h1,
        .url = gl_doc_meta(m->doc, GL_META_URL),
        .day_first = gl_dates_day_first(gl_doc_meta(m->doc, GL_META_LANG)),
        .now = now,
    };
    gl_date_found f;
    if (!gl_dates_find(&c, &f, scratch))
        return;
    set_field(m, GL_META_DATE, f.iso, strlen(f.iso), f.source);
    if (f.text_is_iso) {
        set_field(m, GL_META_DATE_TEXT, f.iso, strlen(f.iso), f.source);
    } else if (f.text) {
        size_t len = clean_value(m, f.text);
        if (len && m->st == GL_OK)
            set_field(m, GL_META_DATE_TEXT, m->tmp.data, len, f.source);
    }
}

/* The byline, and one author for each name in it (gl_dom_add_authors). */
static void set_byline(meta *m, const char *v, const char *source) {
    size_t len = v ? clean_value(m, v) : 0;
    if (!len || m->st != GL_OK)
        return;
    gl_doc_clear_meta(m->doc, GL_META_BYLINE);
    if (gl_dom_add_authors(m->doc, m->tmp.data, len, source) != GL_OK)
        m->st = GL_ENOMEM;
}

static bool is_url(const char *s) {
    while (gl_html_space(*s))
        s++;
    return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0;
}

/* The text of the byline element: its itemprop=name part when it has one. */
static void byline_text(const xmlNode *n, gl_buf *b) {
    const xmlNode *c = n->children;
    const xmlNode *named = NULL;
    while (c && !named) {
        if (c->type == XML_ELEMENT_NODE) {
            const char *ip = gl_html_attr(c, "itemprop");
            if (ip && strstr(ip, "name")) {
                named = c;
                break;
            }
            if (c->children) {
                c = c->children;
                continue;
            }
        }
        while (c != n && !c->next)
            c = c->parent;
        if (c == n)
            break;
        c = c->next;
    }
    gl_buf_clear(b);
    gl_dom_text(named ? named : n, b, 400);
}

gl_status gl_meta_extract(gl_doc *doc, xmlDoc *dom, bool remove_byline, const gl_options *opt,
                          gl_error *err) {
    xmlNode *root = dom ? xmlDocGetRootElement(dom) : NULL;
    if (!root)
        return GL_OK;
    meta m = {doc, gl_allocator_of(opt), {0}, GL_OK};
    gl_buf_init(&m.tmp, m.a, 0);
    gl_buf scratch;
    gl_buf_init(&scratch, m.a, 0);
    gather *g = gl_malloc(m.a, sizeof *g);
    if (!g) {
        gl_buf_free(&m.tmp);
        return gl_fail(err, GL_ENOMEM, 0, "out of memory reading the page's metadata");
    }
    memset(g, 0, sizeof *g);
    walk_dom(g, root, &scratch);

    char title[1024];
    const char *tsrc = page_title(&m, g, title, sizeof title, &scratch);
    ld l;
    memset(&l, 0, sizeof l);
    gl_json_doc keep = {0};
    if (m.st == GL_OK)
        m.st = read_ld(&m, g, &l, title, &keep);

    /* Title */
    static const char *const title_src[] = {
        "dc:title",   "dcterm:title",  "og:title",     "weibo:article:title", "weibo:webpage:title",
        "meta title", "twitter:title", "parsely-title"};
    const char *tv = l.title, *ts = l.title_src;
    for (int i = M_DC_TITLE; !tv && i <= M_PARSELY_TITLE; i++)
        if (g->meta[i] && *g->meta[i])
            tv = g->meta[i], ts = title_src[i];
    size_t len = tv ? clean_value(&m, tv) : 0;
    if (m.st == GL_OK && len) {
        set_field(&m, GL_META_TITLE, m.tmp.data, len, ts);
    } else if (m.st == GL_OK && title[0]) {
        set_field(&m, GL_META_TITLE, title, strlen(title), tsrc);
    }

    /* Byline */
    const char *bv = l.author, *bs = "JSON-LD author";
    static const char *const by_src[] = {"dc:creator", "dcterm:creator", "meta author",
                                         "parsely-author"};
    for (int i = M_DC_CREATOR; !bv && i <= M_PARSELY_AUTHOR; i++)
        if (g->meta[i] && *g->meta[i])
            bv = g->meta[i], bs = by_src[i - M_DC_CREATOR];
    if (!bv && g->meta[M_ARTICLE_AUTHOR] && !is_url(g->meta[M_ARTICLE_AUTHOR]))
        bv = g->meta[M_ARTICLE_AUTHOR], bs = "article:author";
    if (bv) {
        set_byline(&m, bv, bs);
    } else if (g->byline_node) {
        byline_text(g->byline_node, &scratch);
        if (scratch.status == GL_OK && scratch.data)
            set_byline(&m, scratch.data, "byline element");
        else if (scratch.status != GL_OK)
            m.st = GL_ENOMEM;
    } else {
        gl_doc_clear_meta(doc, GL_META_BYLINE);
    }
    /* The clock is read here, once, and only when the caller left "now"
     * unset: a conversion with opt->now fixed is the same on any day. */
    long long now = opt && opt->now >= 0 ? opt->now : (long long)time(NULL);
    if (m.st == GL_OK)
        find_dates(&m, g, &l, now, &scratch);
    /* The byline element's text is metadata, not article text; removed last,
     * as the dates found above may point into it. */
    if (g->byline_node && remove_byline) {
        xmlNode *b = (xmlNode *)g->byline_node;
        xmlUnlinkNode(b);
        xmlFreeNode(b);
    }
    gl_status st = m.st != GL_OK || scratch.status != GL_OK ? GL_ENOMEM : GL_OK;
    gl_json_free(&keep);
    gl_free(m.a, g);
    gl_buf_free(&m.tmp);
    gl_buf_free(&scratch);
    if (st != GL_OK)
        return gl_fail(err, GL_ENOMEM, 0, "out of memory reading the page's metadata");
    return GL_OK;
}
