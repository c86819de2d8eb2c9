/* Metadata from <head>. Only what the page states about itself: og:title
 * vs. <title> arbitration, JSON-LD and bylines found in the body belong to
 * article extraction. */
#include "readers/html_meta.h"

#include <stddef.h>
#include <string.h>
#include <libxml/uri.h>
#include "readers/code_text.h"
#include "readers/dom.h"
#include "util/error.h"

static bool equals_ci(const char *a, const char *b) {
    if (!a)
        return false;
    while (*a && gl_dom_lower(*a) == *b)
        a++, b++;
    return *a == '\0' && *b == '\0';
}

/* Whether the space-separated list `list` holds `token` (rel="canonical"). */
static bool has_token(const char *list, const char *token) {
    size_t n = strlen(token);
    for (const char *p = list; p && *p;) {
        while (gl_html_space(*p))
            p++;
        const char *start = p;
        while (*p && !gl_html_space(*p))
            p++;
        if ((size_t)(p - start) == n) {
            size_t i = 0;
            while (i < n && gl_dom_lower(start[i]) == token[i])
                i++;
            if (i == n)
                return true;
        }
    }
    return false;
}

/* Sets `field` to `value` with whitespace collapsed, unless it is already
 * set or the value is blank. */
static gl_status set_collapsed(gl_doc *doc, gl_meta_field field, const char *value,
                               const char *source) {
    if (!value || gl_doc_meta(doc, field))
        return GL_OK;
    size_t n = strlen(value);
    char *out = gl_doc_alloc(doc, n + 1);
    if (!out)
        return GL_ENOMEM;
    memcpy(out, value, n + 1);
    size_t len = gl_html_collapse(out, n);
    if (len == 0)
        return GL_OK;
    gl_status st = gl_doc_set_meta(doc, field, out, len, source);
    return st == GL_EINVAL ? GL_OK : st; /* not UTF-8: libxml2 never gives that, skip it */
}

/* The first author tag names the authors (gl_dom_add_authors); a profile
 * URL is no name. */
static gl_status add_authors(gl_doc *doc, const char *s) {
    if (gl_doc_author_count(doc) > 0 || strncmp(s, "http", 4) == 0)
        return GL_OK;
    return gl_dom_add_authors(doc, s, strlen(s), "meta author");
}

/* An ISO 8601 date starts YYYY-MM-DD; anything else is only date text. */
static bool looks_iso_date(const char *s) {
    static const char shape[] = "dddd-dd-dd";
    for (size_t i = 0; i < sizeof shape - 1; i++) {
        bool digit = s[i] >= '0' && s[i] <= '9';
        if (shape[i] == 'd' ? !digit : s[i] != '-')
            return false;
    }
    return true;
}

/* Candidates seen in <head>; the first of each wins, then fallbacks apply. */
typedef struct found {
    const char *title, *og_title, *author, *published, *content_lang, *canonical, *og_url,
        *description, *og_description, *site, *base;
} found;

static void see_meta(found *f, const xmlNode *n) {
    const char *content = gl_html_attr(n, "content");
    if (!content)
        return;
    const char *key = gl_html_attr(n, "property");
    if (!key)
        key = gl_html_attr(n, "name");
    /* <meta property|name=KEY content=...>, the first of each kept. */
    static const struct {
        const char *key;
        size_t offset;
    } keys[] = {
        {"og:title", offsetof(found, og_title)},
        {"author", offsetof(found, author)},
        {"article:published_time", offsetof(found, published)},
        {"og:url", offsetof(found, og_url)},
        {"description", offsetof(found, description)},
        {"og:description", offsetof(found, og_description)},
        {"og:site_name", offsetof(found, site)},
    };
    const char **slot = NULL;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0] && !slot; i++)
        if (equals_ci(key, keys[i].key))
            slot = (const char **)((char *)f + keys[i].offset);
    if (!slot && equals_ci(gl_html_attr(n, "http-equiv"), "content-language"))
        slot = &f->content_lang;
    if (slot && !*slot)
        *slot = content;
}

static void see(found *f, const xmlNode *n) {
    const char *name = (const char *)n->name;
    if (strcmp(name, "title") == 0 && !f->title) {
        const char *t = n->children ? (const char *)n->children->content : NULL;
        f->title = gl_code_text_is_code(t) ? NULL : t; /* issue 16 */
    } else if (strcmp(name, "meta") == 0)
        see_meta(f, n);
    else if (strcmp(name, "link") == 0 && has_token(gl_html_attr(n, "rel"), "canonical") &&
             !f->canonical)
        f->canonical = gl_html_attr(n, "href");
    else if (strcmp(name, "base") == 0 && !f->base)
        f->base = gl_html_attr(n, "href");
}

/* The page's URL, made absolute against <base href> when it is relative. */
static gl_status set_url(gl_doc *doc, const char *url, const char *base, const char *source) {
    if (!url || gl_doc_meta(doc, GL_META_URL))
        return GL_OK;
    while (gl_html_space(*url))
        url++;
    xmlChar *abs = xmlBuildURI((const xmlChar *)url, (const xmlChar *)(base ? base : ""));
    if (!abs)
        return GL_OK;
    gl_status st = GL_OK;
    if (xmlStrstr(abs, (const xmlChar *)"://"))
        st = set_collapsed(doc, GL_META_URL, (const char *)abs, source);
    xmlFree(abs);
    return st;
}

gl_status gl_html_read_meta(gl_doc *doc, xmlDoc *dom, const char **base, gl_error *err) {
    *base = NULL;
    xmlNode *root = xmlDocGetRootElement(dom);
    if (!root)
        return GL_OK;
    found f;
    memset(&f, 0, sizeof f);
    const xmlNode *head = root->children;
    while (head &&
           !(head->type == XML_ELEMENT_NODE && strcmp((const char *)head->name, "head") == 0))
        head = head->next;
    /* <head> holds no nested elements worth a stack; its subtree is walked
     * with parent pointers all the same, as malformed pages nest anything. */
    const xmlNode *n = head ? head->children : NULL;
    while (n) {
        if (n->type == XML_ELEMENT_NODE) {
            see(&f, n);
            if (n->children && strcmp((const char *)n->name, "title") != 0) {
                n = n->children;
                continue;
            }
        }
        n = gl_html_next_skip(n, head);
    }
    /* A page opening with a server's warnings has no <head>: libxml2 puts
     * its <meta>, <link> and <title> at the top of <body>, where they are
     * read (the direct children only: the page's own content comes next). */
    const xmlNode *body = head ? NULL : root->children;
    while (body && !(body->type == XML_ELEMENT_NODE && gl_dom_is(body, "body")))
        body = body->next;
    for (n = body ? body->children : NULL; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && (gl_dom_is(n, "meta") || gl_dom_is(n, "link") ||
                                            gl_dom_is(n, "title") || gl_dom_is(n, "base")))
            see(&f, n);
    gl_status st = GL_OK;
    const char *lang = gl_html_attr(root, "lang");
    const char *lang_src = "html lang";
    if (!lang || !*lang)
        lang = gl_html_attr(root, "xml:lang"), lang_src = "html xml:lang";
    if (!lang || !*lang)
        lang = f.content_lang, lang_src = "meta content-language";
    char tag[64];
    if (lang) {
        /* content-language may list several: "en, fr". The first one counts. */
        size_t k = 0;
        while (gl_html_space(*lang))
            lang++;
        while (lang[k] && lang[k] != ',' && !gl_html_space(lang[k]) && k < sizeof tag - 1)
            tag[k] = lang[k], k++;
        tag[k] = '\0';
        st = set_collapsed(doc, GL_META_LANG, tag, lang_src);
    }
    if (st == GL_OK && f.base && *f.base) {
        char *b = gl_doc_strndup(doc, f.base, strlen(f.base));
        if (!b)
            st = GL_ENOMEM;
        *base = b;
    }
    if (st == GL_OK)
        st = set_collapsed(doc, GL_META_TITLE, f.title, "<title>");
    if (st == GL_OK)
        st = set_collapsed(doc, GL_META_TITLE, f.og_title, "og:title");
    if (st == GL_OK && f.author)
        st = add_authors(doc, f.author);
    if (st == GL_OK && f.published && looks_iso_date(f.published))
        st = set_collapsed(doc, GL_META_DATE, f.published, "article:published_time");
    if (st == GL_OK)
        st = set_collapsed(doc, GL_META_DATE_TEXT, f.published, "article:published_time");
    if (st == GL_OK)
        st = set_url(doc, f.canonical, *base, "link canonical");
    if (st == GL_OK)
        st = set_url(doc, f.og_url, *base, "og:url");
    if (st == GL_OK)
        st = set_collapsed(doc, GL_META_DESCRIPTION, f.description, "meta description");
    if (st == GL_OK)
        st = set_collapsed(doc, GL_META_DESCRIPTION, f.og_description, "og:description");
    if (st == GL_OK)
        st = set_collapsed(doc, GL_META_SITE, f.site, "og:site_name");
    return st == GL_OK ? GL_OK : gl_fail(err, st, 0, "out of memory reading the page's metadata");
}
