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
#include "readers/extract.h"
#include "readers/html_meta.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/error.h"
#include "util/utf8.h"

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* ---- JSON ---- */

typedef struct jparser {
    const char *p, *end;
    gl_json_doc *doc;
    size_t cap;
    char *pool_at;
} jparser;

static void jskip(jparser *j) {
    while (j->p < j->end && gl_html_space(*j->p))
        j->p++;
}

static gl_json *jnew(jparser *j, gl_json_type type, size_t parent, const char *key) {
    gl_json_doc *d = j->doc;
    if (d->count == j->cap) {
        size_t cap = j->cap ? j->cap * 2 : 64;
        gl_json *v = gl_realloc(d->alloc, d->v, cap * sizeof *v);
        if (!v)
            return NULL;
        d->v = v;
        j->cap = cap;
    }
    gl_json *v = &d->v[d->count++];
    *v = (gl_json){type, parent, key, NULL, 0};
    return v;
}

static int hex(char c) {
    if (is_digit(c))
        return c - '0';
    c = lower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static bool read_hex4(jparser *j, uint32_t *out) {
    if (j->end - j->p < 4)
        return false;
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hex(j->p[i]);
        if (h < 0)
            return false;
        v = v * 16 + (uint32_t)h;
    }
    j->p += 4;
    *out = v;
    return true;
}

/* Reads a string (the cursor on its opening quote) into the pool. Raw
 * control characters are taken as they are: pages write JSON-LD by hand. */
static const char *jstring(jparser *j, size_t *len) {
    j->p++;
    char *start = j->pool_at, *o = start;
    while (j->p < j->end && *j->p != '"') {
        char c = *j->p++;
        if (c != '\\') {
            *o++ = c;
            continue;
        }
        if (j->p >= j->end)
            return NULL;
        c = *j->p++;
        switch (c) {
        case 'n':
            *o++ = '\n';
            break;
        case 't':
            *o++ = '\t';
            break;
        case 'r':
            *o++ = '\r';
            break;
        case 'b':
        case 'f':
            *o++ = ' ';
            break;
        case 'u': {
            uint32_t cp;
            if (!read_hex4(j, &cp))
                return NULL;
            if (cp >= 0xD800 && cp < 0xDC00 && j->end - j->p >= 6 && j->p[0] == '\\' &&
                j->p[1] == 'u') {
                uint32_t lo;
                j->p += 2;
                if (!read_hex4(j, &lo))
                    return NULL;
                cp = lo >= 0xDC00 && lo < 0xE000 ? 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00)
                                                 : 0xFFFD;
            } else if (cp >= 0xD800 && cp < 0xE000) {
                cp = 0xFFFD;
            }
            o += gl_utf8_encode((int32_t)(cp ? cp : 0xFFFD), o);
            break;
        }
        default: /* \" \\ \/ and, leniently, any other escaped character */
            *o++ = c;
            break;
        }
    }
    if (j->p >= j->end)
        return NULL;
    j->p++;
    *o++ = '\0';
    j->pool_at = o;
    *len = (size_t)(o - start - 1);
    return start;
}

/* Numbers and true/false/null: the literal as written. */
static bool jliteral(jparser *j, gl_json *v) {
    const char *start = j->p;
    while (j->p < j->end && (is_digit(*j->p) || (*j->p >= 'a' && *j->p <= 'z') || *j->p == '-' ||
                             *j->p == '+' || *j->p == '.' || *j->p == 'E'))
        j->p++;
    size_t n = (size_t)(j->p - start);
    if (n == 0)
        return false;
    v->type = is_digit(*start) || *start == '-' ? GL_JSON_NUM
              : *start == 'n'                   ? GL_JSON_NULL
                                                : GL_JSON_BOOL;
    memcpy(j->pool_at, start, n);
    j->pool_at[n] = '\0';
    v->str = j->pool_at;
    v->len = n;
    j->pool_at += n + 1;
    return true;
}

gl_status gl_json_parse(gl_json_doc *doc, const char *s, size_t len, const gl_allocator *alloc) {
    memset(doc, 0, sizeof *doc);
    doc->alloc = alloc ? alloc : gl_allocator_of(NULL);
    if (len > GL_JSON_MAX_BYTES)
        return GL_EPARSE;
    /* Pages wrap JSON-LD in "<!--", "<![CDATA[" and comments; the '[' of
     * CDATA must not be taken for an array. */
    size_t start = 0;
    for (;;) {
        while (start < len && gl_html_space(s[start]))
            start++;
        if (len - start >= 9 && memcmp(s + start, "<![CDATA[", 9) == 0) {
            start += 9;
        } else if (len - start >= 4 && memcmp(s + start, "<!--", 4) == 0) {
            start += 4;
        } else if (len - start >= 2 && memcmp(s + start, "/*", 2) == 0) {
            start += 2;
            while (start + 1 < len && !(s[start] == '*' && s[start + 1] == '/'))
                start++;
            start = start + 2 < len ? start + 2 : len;
        } else if (len - start >= 2 && memcmp(s + start, "//", 2) == 0) {
            while (start < len && s[start] != '\n')
                start++;
        } else {
            break;
        }
    }
    while (start < len && s[start] != '{' && s[start] != '[')
        start++;
    if (start == len)
        return GL_EPARSE;
    /* Unescaped text is never longer than its JSON form; literals and keys
     * get a NUL each, at most one per input byte. */
    doc->pool = gl_malloc(doc->alloc, 2 * (len - start) + 2);
    if (!doc->pool)
        return GL_ENOMEM;
    jparser j = {s + start, s + len, doc, 0, doc->pool};
    size_t stack[GL_JSON_MAX_DEPTH]; /* open containers, index + 1 */
    size_t depth = 0;
    for (;;) {
        /* A value is due here. */
        jskip(&j);
        size_t parent = depth ? stack[depth - 1] : 0;
        const char *key = NULL;
        if (parent && doc->v[parent - 1].type == GL_JSON_OBJ) {
            if (j.p >= j.end || *j.p != '"')
                return GL_EPARSE;
            size_t klen;
            key = jstring(&j, &klen);
            jskip(&j);
            if (!key || j.p >= j.end || *j.p != ':')
                return GL_EPARSE;
            j.p++;
            jskip(&j);
        }
        if (j.p >= j.end)
            return GL_EPARSE;
        gl_json *v = jnew(&j, GL_JSON_NULL, parent, key);
        if (!v)
            return GL_ENOMEM;
        char c = *j.p;
        if (c == '{' || c == '[') {
            if (depth == GL_JSON_MAX_DEPTH)
                return GL_EPARSE;
            v->type = c == '{' ? GL_JSON_OBJ : GL_JSON_ARR;
            stack[depth++] = doc->count;
            j.p++;
            jskip(&j);
            if (j.p < j.end && (*j.p == (c == '{' ? '}' : ']'))) {
                j.p++;
                depth--;
            } else {
                continue;
            }
        } else if (c == '"') {
            v->type = GL_JSON_STR;
            v->str = jstring(&j, &v->len);
            if (!v->str)
                return GL_EPARSE;
        } else if (!jliteral(&j, v)) {
            return GL_EPARSE;
        }
        /* After a value: a comma, or the end of containers. */
        for (;;) {
            if (depth == 0)
                return GL_OK;
            jskip(&j);
            if (j.p >= j.end)
                return GL_EPARSE;
            char close = doc->v[stack[depth - 1] - 1].type == GL_JSON_OBJ ? '}' : ']';
            if (*j.p == ',') {
                j.p++;
                jskip(&j);
                if (j.p < j.end && *j.p == close) /* a trailing comma, leniently */
                    continue;
                break;
            }
            if (*j.p != close)
                return GL_EPARSE;
            j.p++;
            depth--;
        }
    }
}

void gl_json_free(gl_json_doc *doc) {
    if (!doc->alloc)
        return;
    gl_free(doc->alloc, doc->v);
    gl_free(doc->alloc, doc->pool);
    memset(doc, 0, sizeof *doc);
}

size_t gl_json_get(const gl_json_doc *doc, size_t obj, const char *key) {
    if (!obj || doc->v[obj - 1].type != GL_JSON_OBJ)
        return 0;
    for (size_t i = obj; i < doc->count && doc->v[i].parent >= obj; i++)
        if (doc->v[i].parent == obj && doc->v[i].key && strcmp(doc->v[i].key, key) == 0)
            return i + 1;
    return 0;
}

static const char *jstr(const gl_json_doc *d, size_t i) {
    return i && d->v[i - 1].type == GL_JSON_STR ? d->v[i - 1].str : NULL;
}

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
    const char *title;   /* <title> */
    const xmlNode *h[8]; /* the first h1/h2 elements */
    size_t nh, nh1;
    const xmlNode *h1; /* the only h1 when there is one */
    const xmlNode *first_h1;
    const xmlNode *byline_node;
    const char *itemprop_date;     /* itemprop=datePublished */
    const char *time_pub;          /* <time pubdate> or class published */
    const char *time_first;        /* the first <time datetime> */
    const xmlNode *date_nodes[16]; /* elements whose class/id speak of a date */
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
        k[n++] = *p == '.' && !is_property ? ':' : lower(*p);
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
            k[n++] = lower(*p);
    k[n] = '\0';
    for (size_t i = 0; i < sizeof date_keys / sizeof date_keys[0]; i++)
        if (strcmp(k, date_keys[i]) == 0)
            return i + 1;
    return 0;
}

static bool has_word_ci(const char *hay, const char *word) {
    size_t n = strlen(word);
    for (const char *p = hay; p && *p; p++) {
        size_t i = 0;
        while (i < n && p[i] && lower(p[i]) == word[i])
            i++;
        if (i == n)
            return true;
    }
    return false;
}

/* Whether the class or id of `n` holds one of `words` (has_word_ci). */
static bool class_or_id_has(const xmlNode *n, const char *const *words, size_t count) {
    const char *parts[2] = {gl_html_attr(n, "class"), gl_html_attr(n, "id")};
    for (int i = 0; i < 2; i++)
        for (size_t k = 0; parts[i] && k < count; k++)
            if (has_word_ci(parts[i], words[k]))
                return true;
    return false;
}

/* Readability's byline pattern over class and id. */
static bool byline_words(const xmlNode *n) {
    static const char *const words[] = {"byline", "author", "dateline", "writtenby", "p-author"};
    return class_or_id_has(n, words, sizeof words / sizeof words[0]);
}

static bool date_words(const xmlNode *n) {
    static const char *const words[] = {"date",   "time", "publish",  "posted",
                                        "byline", "meta", "dateline", "updated"};
    return class_or_id_has(n, words, sizeof words / sizeof words[0]);
}

/* Text of the subtree at `top` into `b` (capped at `cap` bytes), skipping
 * script and style. */
static void text_of(const xmlNode *top, gl_buf *b, size_t cap) {
    const xmlNode *n = top->children;
    while (n && b->len < cap) {
        bool down = false;
        /* libxml2 keeps the text of <script> as CDATA nodes */
        if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content)
            gl_buf_puts(b, (const char *)n->content);
        else if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, "script") != 0 &&
                 strcmp((const char *)n->name, "style") != 0)
            down = n->children != NULL;
        n = down ? n->children : gl_html_next_skip(n, top);
    }
}

static bool is_element(const xmlNode *n, const char *name) {
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
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
        if (!g->title && !in_svg && n->children && n->children->content)
            g->title = (const char *)n->children->content;
        return;
    }
    if (strcmp(name, "script") == 0) {
        const char *type = gl_html_attr(n, "type");
        if (type && has_word_ci(type, "ld+json") && g->nscripts < 8)
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
        if (!g->first_h1)
            g->first_h1 = n;
    }
    const char *ip = gl_html_attr(n, "itemprop");
    if (ip && !g->itemprop_date && has_word_ci(ip, "datepublished")) {
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
                (gl_html_attr(n, "pubdate") ||
                 (cls && (has_word_ci(cls, "publish") || has_word_ci(cls, "entry-date")))))
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
static void walk_dom(gather *g, xmlNode *root, gl_buf *scratch) {
    xmlNode *n = root;
    const xmlNode *body = NULL, *skip = NULL;
    while (n) {
        bool down = false;
        if (n->type == XML_ELEMENT_NODE) {
            if (!body && strcmp((const char *)n->name, "body") == 0)
                body = g->body = n;
            see_element(g, n, body != NULL);
            if (body && !skip && (gl_html_is_hidden(n) || gl_extract_unlikely(n)))
                skip = n;
            if (body && !skip && n != body && !g->byline_node && byline_candidate(n)) {
                gl_buf_clear(scratch);
                text_of(n, scratch, 4096);
                bool whole = scratch->len < 4096; /* a longer text is no byline anyway */
                size_t len =
                    gl_html_collapse(scratch->data ? scratch->data : (char *)"", scratch->len);
                if (scratch->status == GL_OK && whole && len > 0 && len < 100)
                    g->byline_node = n;
            }
            down = n->children && !is_element(n, "script") && !is_element(n, "style");
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
    bool day_first; /* the page's language writes 05/11 as 5 November */
    const gather *g;
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
                while (j < len && digits < 8 && (hexa ? hex(s[j]) >= 0 : is_digit(s[j]))) {
                    cp = cp * (hexa ? 16 : 10) + (uint32_t)(hexa ? hex(s[j]) : s[j] - '0');
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
        text_of(g->h[i], scratch, 4096);
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
        text_of(g->first_h1, scratch, cap - 1);
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
            while (*p && !(is_digit(*p) || (lower(*p) >= 'a' && lower(*p) <= 'z') ||
                           (unsigned char)*p >= 0x80 || *p == '_'))
                p++;
            size_t l = 0;
            while (*p && (is_digit(*p) || (lower(*p) >= 'a' && lower(*p) <= 'z') ||
                          (unsigned char)*p >= 0x80 || *p == '_')) {
                if (l + 1 < 32)
                    w[*n][l++] = lower(*p);
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
    return jstr(d, gl_json_get(d, i, "name"));
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
    const char *name = jstr(d, gl_json_get(d, obj, "name"));
    const char *headline = jstr(d, gl_json_get(d, obj, "headline"));
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
    out->date = jstr(d, gl_json_get(d, obj, "datePublished"));
    if (!out->date)
        out->date = jstr(d, gl_json_get(d, obj, "dateCreated"));
}

/* The value of the first `"key": "..."` in raw text that is no valid JSON. */
static void raw_key(const char *s, size_t len, const char *key, char *out, size_t cap) {
    size_t n = strlen(key);
    for (size_t i = 0; i + n + 2 < len; i++) {
        if (s[i] != '"' || strncmp(s + i + 1, key, n) != 0 || s[i + n + 1] != '"')
            continue;
        size_t j = i + n + 2;
        while (j < len && (gl_html_space(s[j]) || s[j] == ':'))
            j++;
        if (j >= len || s[j] != '"')
            continue;
        size_t k = 0;
        for (j++; j < len && s[j] != '"' && k + 1 < cap; j++)
            out[k++] = s[j];
        out[k] = '\0';
        return;
    }
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
        text_of(g->scripts[s], &m->tmp, GL_JSON_MAX_BYTES + 1);
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
            raw_key(text, m->tmp.len, "datePublished", out->any_date, sizeof out->any_date);
        for (size_t i = 0; st == GL_OK && i < d.count && !out->any_date[0]; i++) {
            const char *v =
                d.v[i].key && strcmp(d.v[i].key, "datePublished") == 0 ? jstr(&d, i + 1) : NULL;
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

/* ---- dates ---- */

static int parse_year(const char *iso) {
    return (iso[0] - '0') * 1000 + (iso[1] - '0') * 100 + (iso[2] - '0') * 10 + (iso[3] - '0');
}

/* Not in the future (a day of slack for time zones), not before 1990
 * unless `old_ok` (the page states it in a machine-readable field). */
static bool plausible(const char *iso, bool old_ok) {
    int y = parse_year(iso);
    if (y < (old_ok ? 1900 : 1990))
        return false;
    /* The clock, not SOURCE_DATE_EPOCH: that fixes what outputs record,
     * and may well be older than the page. */
    time_t now = time(NULL) + 86400;
    struct tm tm;
    if (!gmtime_r(&now, &tm))
        return true;
    char max[48];
    snprintf(max, sizeof max, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    return strncmp(iso, max, 10) <= 0;
}

/* One separator of a numeric date at s[*i]: '.', '/', '-' or '|', the
 * same as the first one (`*sep` 0 until then); spaces may stand on both
 * sides of it ("26 | 01 | 2022"), or on either side of a bar. */
static bool date_separator(const char *s, size_t len, size_t *i, char *sep) {
    size_t k = *i, before = 0, after = 0;
    while (k < len && s[k] == ' ')
        k++, before++;
    if (k >= len || (s[k] != '.' && s[k] != '/' && s[k] != '-' && s[k] != '|'))
        return false;
    if (*sep && s[k] != *sep)
        return false;
    char c = s[k++];
    while (k < len && s[k] == ' ')
        k++, after++;
    if (c != '|' && (before > 0) != (after > 0))
        return false; /* "19 -11" is a range, not a date */
    *sep = c;
    *i = k;
    return true;
}

/* Numeric day-first and month-first forms gl_date_parse leaves out:
 * "19.11.2019", "19/11/2019", "11/19/2019", "26 | 01 | 2022" (separators
 * '.', '/', '-' or '|', spaces around them allowed). A dot or a bar is
 * day first; with '/' or '-', the order is the one that can be a date,
 * and when both can, `day_first` (the page's language) decides. */
static bool numeric_date(const char *s, size_t len, bool day_first, char iso[GL_DATE_ISO_MAX]) {
    int a = 0, b = 0, y = 0;
    size_t i = 0, na = 0, nb = 0, ny = 0;
    char sep = 0;
    while (i < len && is_digit(s[i]) && na < 2)
        a = a * 10 + s[i++] - '0', na++;
    if (!na || !date_separator(s, len, &i, &sep))
        return false;
    while (i < len && is_digit(s[i]) && nb < 2)
        b = b * 10 + s[i++] - '0', nb++;
    if (!nb || !date_separator(s, len, &i, &sep))
        return false;
    while (i < len && is_digit(s[i]) && ny < 4)
        y = y * 10 + s[i++] - '0', ny++;
    if (ny != 4 || i != len)
        return false;
    int d, mo;
    if (sep == '.' || sep == '|')
        d = a, mo = b;
    else if (b > 12)
        d = b, mo = a;
    else if (a > 12 || day_first)
        d = a, mo = b;
    else
        mo = a, d = b; /* US order when both could be the month */
    char buf[48];
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, mo, d);
    return gl_date_parse(buf, strlen(buf), iso) == GL_OK;
}

/* Month names of the languages pages are most often written in, mapped to
 * the English ones gl_date_parse reads. */
static const struct {
    const char *name, *en;
} foreign_months[] = {
    {"januar", "january"},
    {"j\xC3\xA4nner", "january"},
    {"janvier", "january"},
    {"janv", "january"},
    {"enero", "january"},
    {"gennaio", "january"},
    {"janeiro", "january"},
    {"januari", "january"},
    {"februar", "february"},
    {"f\xC3\xA9"
     "vrier",
     "february"},
    {"fevrier", "february"},
    {"f\xC3\xA9"
     "vr",
     "february"},
    {"febrero", "february"},
    {"febbraio", "february"},
    {"fevereiro", "february"},
    {"februari", "february"},
    {"m\xC3\xA4rz", "march"},
    {"m\xC3\xA4r", "march"},
    {"mrz", "march"},
    {"mars", "march"},
    {"marzo", "march"},
    {"mar\xC3\xA7o", "march"},
    {"maart", "march"},
    {"avril", "april"},
    {"avr", "april"},
    {"abril", "april"},
    {"aprile", "april"},
    {"mai", "may"},
    {"mayo", "may"},
    {"maggio", "may"},
    {"maio", "may"},
    {"mei", "may"},
    {"juni", "june"},
    {"juin", "june"},
    {"junio", "june"},
    {"giugno", "june"},
    {"junho", "june"},
    {"juli", "july"},
    {"juillet", "july"},
    {"juil", "july"},
    {"julio", "july"},
    {"luglio", "july"},
    {"julho", "july"},
    {"ao\xC3\xBBt", "august"},
    {"aout", "august"},
    {"agosto", "august"},
    {"augustus", "august"},
    {"septembre", "september"},
    {"septiembre", "september"},
    {"setiembre", "september"},
    {"settembre", "september"},
    {"setembro", "september"},
    {"oktober", "october"},
    {"okt", "october"},
    {"octobre", "october"},
    {"octubre", "october"},
    {"ottobre", "october"},
    {"outubro", "october"},
    {"noviembre", "november"},
    {"novembre", "november"},
    {"novembro", "november"},
    {"dezember", "december"},
    {"dez", "december"},
    {"d\xC3\xA9"
     "cembre",
     "december"},
    {"decembre", "december"},
    {"d\xC3\xA9"
     "c",
     "december"},
    {"diciembre", "december"},
    {"dicembre", "december"},
    {"dezembro", "december"},
};

static bool word_char(unsigned char c) {
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z' ? true : c >= 0x80;
}

/* The length of a no-break, thin or narrow no-break space at s (U+00A0,
 * U+2009, U+202F: "Bonn,&nbsp;11.10.2021"), else 0. */
static size_t wide_space(const char *s, size_t len) {
    const unsigned char *u = (const unsigned char *)s;
    if (len >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
        return 2;
    if (len >= 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x89 || u[2] == 0xAF))
        return 3;
    return 0;
}

/* Copies s[0..len) into out[cap] with foreign month names in English, no-break spaces as spaces,
 * "23. Juli" as "23 Juli", and the Romance "de"/"del" between date parts
 * dropped. Returns the length written. */
static size_t normalise_months(const char *s, size_t len, char *out, size_t cap) {
    size_t k = 0;
    for (size_t i = 0; i < len && k + 12 < cap;) {
        size_t sp = wide_space(s + i, len - i);
        if (sp) {
            out[k++] = ' ';
            i += sp;
            continue;
        }
        if (!word_char((unsigned char)s[i]) || (i && word_char((unsigned char)s[i - 1]))) {
            /* "23." before a word: the German ordinal dot goes */
            if (s[i] == '.' && i && is_digit(s[i - 1]) && i + 1 < len && s[i + 1] == ' ' &&
                i + 2 < len && word_char((unsigned char)s[i + 2])) {
                i++;
                continue;
            }
            out[k++] = s[i++];
            continue;
        }
        size_t end = i;
        while (end < len && word_char((unsigned char)s[end]))
            end++;
        size_t n = end - i;
        const char *rep = NULL;
        for (size_t m = 0; m < sizeof foreign_months / sizeof foreign_months[0] && !rep; m++) {
            const char *f = foreign_months[m].name;
            if (strlen(f) != n)
                continue;
            size_t c = 0;
            while (c < n && lower(s[i + c]) == f[c])
                c++;
            if (c == n)
                rep = foreign_months[m].en;
        }
        bool de =
            (n == 2 && lower(s[i]) == 'd' && lower(s[i + 1]) == 'e') ||
            (n == 3 && lower(s[i]) == 'd' && lower(s[i + 1]) == 'e' && lower(s[i + 2]) == 'l');
        if (de) {
            while (end < len && s[end] == ' ')
                end++;
        } else if (rep && strlen(rep) + k < cap) {
            memcpy(out + k, rep, strlen(rep));
            k += strlen(rep);
        } else if (n + k < cap) {
            memcpy(out + k, s + i, n);
            k += n;
        }
        i = end;
    }
    out[k] = '\0';
    return k;
}

/* "02.12.19": a day-first date with a two-digit year, taken only as a
 * whole text (inside a sentence it is as likely a version or a score);
 * the year is this century's unless that would be in the future. */
static bool short_year_date(const char *s, size_t len, char iso[GL_DATE_ISO_MAX]) {
    size_t i = 0;
    int d = 0, mo = 0, y = 0, nd = 0, nm = 0;
    while (i < len && is_digit(s[i]) && nd < 2)
        d = d * 10 + s[i++] - '0', nd++;
    if (!nd || i >= len || s[i++] != '.')
        return false;
    while (i < len && is_digit(s[i]) && nm < 2)
        mo = mo * 10 + s[i++] - '0', nm++;
    if (!nm || i + 3 != len || s[i] != '.' || !is_digit(s[i + 1]) || !is_digit(s[i + 2]))
        return false;
    y = (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
    char buf[48];
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", 2000 + y, mo, d);
    if (gl_date_parse(buf, 10, iso) != GL_OK)
        return false;
    time_t now = time(NULL);
    struct tm tm;
    if (gmtime_r(&now, &tm) && 2000 + y > tm.tm_year + 1900) {
        snprintf(buf, sizeof buf, "%04d-%02d-%02d", 1900 + y, mo, d);
        return gl_date_parse(buf, 10, iso) == GL_OK;
    }
    return true;
}

/* One date in `s` (a value or an element's text): the whole string first,
 * then windows of up to six words (only those opening the text when
 * `lead_only`), month names read in several languages. */
static bool find_date(const char *in, size_t len, bool day_first, bool lead_only,
                      char iso[GL_DATE_ISO_MAX]) {
    char norm[640];
    len = normalise_months(in, len > 600 ? 600 : len, norm, sizeof norm);
    const char *s = norm;
    while (len && gl_html_space(*s))
        s++, len--;
    while (len && gl_html_space(s[len - 1]))
        len--;
    if (!len)
        return false;
    if (gl_date_parse(s, len, iso) == GL_OK || short_year_date(s, len, iso))
        return true;
    /* A timestamp with more after it: "2019-11-19T10:00:00.000+0000" cut
     * to its calendar date. */
    if (len >= 10 && is_digit(s[0]) && is_digit(s[3]) && s[4] == '-' &&
        gl_date_parse(s, 10, iso) == GL_OK && (len == 10 || s[10] == 'T' || s[10] == ' '))
        return true;
    size_t starts[64], ends[64], n = 0;
    for (size_t i = 0; i < len && n < 64;) {
        while (i < len && (gl_html_space(s[i]) || s[i] == '|' || s[i] == '(' || s[i] == ')'))
            i++;
        if (i >= len)
            break;
        starts[n] = i;
        while (i < len && !gl_html_space(s[i]) && s[i] != '|' && s[i] != '(' && s[i] != ')')
            i++;
        ends[n++] = i;
    }
    for (size_t i = 0; i < n && (!lead_only || i == 0); i++) {
        for (size_t w = 6; w >= 1; w--) {
            if (i + w > n)
                continue;
            size_t a = starts[i], b = ends[i + w - 1];
            while (b > a &&
                   (s[b - 1] == ',' || s[b - 1] == '.' || s[b - 1] == ':' || s[b - 1] == ';'))
                b--;
            /* a word must start the date: "Posted:" or "on" do not */
            if (gl_date_parse(s + a, b - a, iso) == GL_OK ||
                numeric_date(s + a, b - a, day_first, iso))
                return true;
        }
    }
    return false;
}

/* A date in the URL: /2014/11/12/, /2014-11-12, /20141112/. */
static bool url_date(const char *url, char iso[GL_DATE_ISO_MAX]) {
    for (const char *p = url; (p = strchr(p, '/'));) {
        p++;
        char buf[16];
        if (is_digit(p[0]) && is_digit(p[1]) && is_digit(p[2]) && is_digit(p[3]) &&
            (p[4] == '/' || p[4] == '-' || p[4] == '_') && is_digit(p[5]) && is_digit(p[6]) &&
            p[7] == p[4] && is_digit(p[8]) && is_digit(p[9]) && !is_digit(p[10])) {
            snprintf(buf, sizeof buf, "%.4s-%.2s-%.2s", p, p + 5, p + 8);
        } else if (is_digit(p[0]) && is_digit(p[1]) && is_digit(p[2]) && is_digit(p[3]) &&
                   is_digit(p[4]) && is_digit(p[5]) && is_digit(p[6]) && is_digit(p[7]) &&
                   (p[8] == '/' || p[8] == '-' || p[8] == '_') && (p[0] == '1' || p[0] == '2')) {
            snprintf(buf, sizeof buf, "%.4s-%.2s-%.2s", p, p + 4, p + 6);
        } else {
            continue;
        }
        if (gl_date_parse(buf, 10, iso) == GL_OK)
            return true;
    }
    return false;
}

static int digits(const char *p, int n) {
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!is_digit(p[i]))
            return -1;
        v = v * 10 + p[i] - '0';
    }
    return v;
}

enum { NO_OFFSET = 100000 };

/* A timestamp "YYYY-MM-DD[T ]hh:mm:ss[.fff][Z|+hh:mm|+hhmm]" at s[0..len):
 * its wall-clock seconds since 1970 as written, its offset in minutes
 * (NO_OFFSET when none is stated) and its length; 0 when there is none. */
static size_t read_stamp(const char *s, size_t len, long long *wall, int *offset) {
    if (len < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' ||
        s[16] != ':')
        return 0;
    int y = digits(s, 4), mo = digits(s + 5, 2), d = digits(s + 8, 2);
    int hh = digits(s + 11, 2), mi = digits(s + 14, 2), ss = digits(s + 17, 2);
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || hh < 0 || hh > 23 || mi < 0 || mi > 59 ||
        ss < 0 || ss > 60)
        return 0;
    size_t i = 19;
    if (i < len && s[i] == '.')
        for (i++; i < len && is_digit(s[i]); i++)
            ;
    *offset = NO_OFFSET;
    if (i < len && s[i] == 'Z') {
        *offset = 0;
        i++;
    } else if (i + 5 <= len && (s[i] == '+' || s[i] == '-')) {
        bool colon = s[i + 3] == ':';
        int oh = digits(s + i + 1, 2), om = digits(s + i + (colon ? 4 : 3), 2);
        if (oh >= 0 && oh < 24 && om >= 0 && om < 60 && (!colon || i + 6 <= len)) {
            *offset = (s[i] == '-' ? -1 : 1) * (oh * 60 + om);
            i += colon ? 6 : 5;
        }
    }
    *wall = gl_days_from_civil(y, mo, d) * 86400 + hh * 3600 + mi * 60 + ss;
    return i;
}

/* Whether `cand` (wall clock and offset) states the instant `utc` in a
 * local time: a nonzero offset giving the same instant, or no offset and
 * a wall clock a whole quarter-hour offset away (at most 14 hours) from a
 * time that is not on the hour. */
static bool local_of(long long utc, long long wall, int offset, bool naive) {
    if (offset == NO_OFFSET) {
        if (!naive)
            return false;
        /* a whole hour could be chance: minutes or seconds must say it */
        long long diff = wall - utc;
        return utc % 3600 != 0 && diff != 0 && diff % 900 == 0 && diff >= -12 * 3600 &&
               diff <= 14 * 3600;
    }
    return offset != 0 && wall - offset * 60LL == utc;
}

/* First timestamp in s[0..len) that states the instant `utc` in local
 * time; its calendar date and time into `iso`. */
static bool find_local(const char *s, size_t len, long long utc, bool naive,
                       char iso[GL_DATE_ISO_MAX]) {
    for (size_t i = 0; i + 19 <= len; i++) {
        if (!is_digit(s[i]) || (i && is_digit(s[i - 1])) || s[i + 4] != '-')
            continue;
        long long wall;
        int offset;
        size_t n = read_stamp(s + i, len - i, &wall, &offset);
        if (n && local_of(utc, wall, offset, naive) && gl_date_parse(s + i, n, iso) == GL_OK)
            return true;
    }
    return false;
}

/* A page may state its date as a UTC timestamp in one place and as the
 * same instant in its own time zone in another (a meta tag, a script's
 * data). The calendar date the page means is the local one, so that one
 * is taken, never a conversion. `iso` is gl_date_parse's form. */
static bool local_date(meta *m, const char *iso, char out[GL_DATE_ISO_MAX]) {
    long long utc;
    int offset;
    size_t n = read_stamp(iso, strlen(iso), &utc, &offset);
    if (!n || offset != 0 || !m->g)
        return false;
    /* a stated offset first, then a wall clock without one */
    const gather *g = m->g;
    for (int naive = 0; naive < 2; naive++) {
        for (size_t i = 0; i < g->nstamps; i++)
            if (find_local(g->stamps[i], strlen(g->stamps[i]), utc, naive, out))
                return true;
        for (size_t i = 0; i < g->ncode; i++)
            for (const xmlNode *t = g->code[i]->children; t; t = t->next)
                if (t->content && find_local((const char *)t->content,
                                             strlen((const char *)t->content), utc, naive, out))
                    return true;
    }
    return false;
}

/* Takes the date `v` from `source` when it parses and is plausible; with
 * `lead_only`, only a date opening the text. */
static bool try_date_in(meta *m, const char *v, const char *source, bool machine, bool lead_only) {
    if (!v || m->st != GL_OK)
        return false;
    char iso[GL_DATE_ISO_MAX];
    if (!find_date(v, strlen(v), m->day_first, lead_only, iso) || !plausible(iso, machine))
        return false;
    char local[GL_DATE_ISO_MAX];
    if (machine && local_date(m, iso, local) && plausible(local, machine)) {
        char src[96];
        snprintf(src, sizeof src, "%s, the page's local time", source);
        set_field(m, GL_META_DATE, local, strlen(local), src);
        set_field(m, GL_META_DATE_TEXT, local, strlen(local), src);
        return true;
    }
    set_field(m, GL_META_DATE, iso, strlen(iso), source);
    size_t len = clean_value(m, v);
    if (len && m->st == GL_OK)
        set_field(m, GL_META_DATE_TEXT, m->tmp.data, len, source);
    return true;
}

static bool try_date(meta *m, const char *v, const char *source, bool machine) {
    return try_date_in(m, v, source, machine, false);
}

/* The node after `n` in document order below `body`, going into elements
 * a reader sees (not script, style, noscript, select or hidden ones). */
static const xmlNode *next_shown(const xmlNode *n, const xmlNode *body) {
    bool down = n->type == XML_ELEMENT_NODE && n->children && !is_element(n, "script") &&
                !is_element(n, "style") && !is_element(n, "noscript") && !is_element(n, "select") &&
                !gl_html_is_hidden(n);
    return down ? n->children : gl_html_next_skip(n, body);
}

/* Whether a short visible text of the body (a date line, under 80 bytes,
 * within the first 3000 texts) states the calendar day `day`. */
static bool shown_day(meta *m, const gather *g, const char *day) {
    char iso[GL_DATE_ISO_MAX];
    size_t seen = 0;
    for (const xmlNode *n = g->body; n && seen < 3000; n = next_shown(n, g->body)) {
        if (n->type == XML_TEXT_NODE && n->content) {
            seen++;
            const char *t = (const char *)n->content;
            size_t len = strlen(t);
            if (len < 80 && find_date(t, len, m->day_first, false, iso) &&
                strncmp(iso, day, 10) == 0)
                return true;
        }
    }
    return false;
}

/* Whether `other` (a meta tag's date) should be taken before `first` (the
 * JSON-LD one): they fall on different days, and the page shows a reader
 * the other's day in a short text while not showing the first's (a
 * template's JSON-LD left stale). */
static bool confirmed_instead(meta *m, const gather *g, const char *first, const char *other) {
    char a[GL_DATE_ISO_MAX], b[GL_DATE_ISO_MAX];
    if (!find_date(first, strlen(first), m->day_first, false, a) ||
        !find_date(other, strlen(other), m->day_first, false, b) || strncmp(a, b, 10) == 0)
        return false;
    return shown_day(m, g, b) && !shown_day(m, g, a);
}

static void find_dates(meta *m, const gather *g, const ld *l, gl_buf *scratch) {
    /* The date text <head> gave stays when no date is found: it is what the
     * page says, even unreadable ("last Tuesday"). */
    gl_doc_clear_meta(m->doc, GL_META_DATE);
    if (l->date && g->meta_date && confirmed_instead(m, g, l->date, g->meta_date) &&
        try_date(m, g->meta_date, g->meta_date_key, true))
        return;
    if (try_date(m, l->date, "JSON-LD datePublished", true) ||
        try_date(m, g->meta_date, g->meta_date_key, true) ||
        try_date(m, l->any_date[0] ? l->any_date : NULL, "JSON-LD datePublished", true) ||
        try_date(m, g->itemprop_date, "itemprop datePublished", true) ||
        try_date(m, g->time_pub, "<time pubdate>", true))
        return;
    for (size_t i = 0; i < g->ndate; i++) {
        static const char *const attrs[] = {"datetime", "content", "title", "data-date"};
        for (size_t a = 0; a < sizeof attrs / sizeof attrs[0]; a++)
            if (try_date(m, gl_html_attr(g->date_nodes[i], attrs[a]), "attribute of a date element",
                         true))
                return;
        gl_buf_clear(scratch);
        text_of(g->date_nodes[i], scratch, 300);
        if (scratch->status != GL_OK || !scratch->data)
            continue;
        if (scratch->len < 300 && try_date(m, scratch->data, "text of a date element", false))
            return;
    }
    if (try_date(m, g->time_first, "<time datetime>", true))
        return;
    const char *url = gl_doc_meta(m->doc, GL_META_URL);
    char iso[GL_DATE_ISO_MAX];
    if (url && url_date(url, iso) && plausible(iso, false)) {
        set_field(m, GL_META_DATE, iso, strlen(iso), "a date in the URL");
        return;
    }
    /* A visible date just after the headline. */
    if (g->first_h1) {
        gl_buf_clear(scratch);
        size_t budget = 0;
        for (const xmlNode *n = g->first_h1; n && budget < 6; budget++) {
            const xmlNode *next = n->next;
            while (!next && n->parent && n->parent->type == XML_ELEMENT_NODE) {
                n = n->parent;
                next = n->next;
            }
            n = next;
            if (n && n->type == XML_ELEMENT_NODE) {
                gl_buf_clear(scratch);
                text_of(n, scratch, 300);
                if (scratch->status == GL_OK && scratch->data && scratch->len < 300 &&
                    try_date(m, scratch->data, "text after the headline", false))
                    return;
            }
        }
    }
    /* Last, the first short visible text that holds a date ("Stand:
     * 25.01.2022" in a page's corner), within the first text nodes. */
    size_t seen = 0;
    for (const xmlNode *n = g->body; n && seen < 3000; n = next_shown(n, g->body)) {
        if (n->type == XML_TEXT_NODE && n->content) {
            seen++;
            const char *t = (const char *)n->content;
            size_t len = strlen(t);
            /* a short text holding a date, or a dateline opening a paragraph
             * ("01.02.2022 The labour market...") */
            if (try_date_in(m, t, "a date in the page's text", false, len >= 80))
                return;
        }
    }
}

/* ---- entry point ---- */

/* Whether pages in language `lang` (BCP 47) write numeric dates day first:
 * all but US English (and plain "en", mostly American on the web). */
static bool day_first_lang(const char *lang) {
    if (!lang || !*lang)
        return false;
    if (lower(lang[0]) != 'e' || lower(lang[1]) != 'n' ||
        (lang[2] && lang[2] != '-' && lang[2] != '_'))
        return true;
    static const char *const regions[] = {"gb", "uk", "au", "nz", "ie", "in", "za"};
    for (size_t i = 0; lang[2] && i < sizeof regions / sizeof regions[0]; i++)
        if (lower(lang[3]) == regions[i][0] && lower(lang[4]) == regions[i][1] &&
            (!lang[5] || lang[5] == '-'))
            return true;
    return false;
}

/* One author for each part between commas or " and " ("Ann Lee and Bo
 * Chen, Cy Dee"). */
static void set_byline(meta *m, const char *v, const char *source) {
    size_t len = v ? clean_value(m, v) : 0;
    if (!len || m->st != GL_OK)
        return;
    gl_doc_clear_meta(m->doc, GL_META_BYLINE);
    const char *s = m->tmp.data;
    for (size_t i = 0; i < len && m->st == GL_OK;) {
        size_t end = i;
        while (end < len && s[end] != ',' && strncmp(s + end, " and ", 5) != 0)
            end++;
        size_t a = i, b = end;
        while (a < b && gl_html_space(s[a]))
            a++;
        while (b > a && gl_html_space(s[b - 1]))
            b--;
        if (b > a && gl_doc_add_author(m->doc, s + a, b - a, source) == GL_ENOMEM)
            m->st = GL_ENOMEM;
        i = end < len && s[end] == ',' ? end + 1 : end + 5;
    }
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
    text_of(named ? named : n, b, 400);
}

gl_status gl_meta_extract(gl_doc *doc, xmlDoc *dom, bool remove_byline, const gl_options *opt,
                          gl_error *err) {
    xmlNode *root = dom ? xmlDocGetRootElement(dom) : NULL;
    if (!root)
        return GL_OK;
    meta m = {doc, gl_allocator_of(opt), {0}, GL_OK, day_first_lang(gl_doc_meta(doc, GL_META_LANG)),
              NULL};
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
    m.g = g;
    if (m.st == GL_OK)
        find_dates(&m, g, &l, &scratch);
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
