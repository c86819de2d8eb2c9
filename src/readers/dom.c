/* DOM helpers of the HTML reader (dom.h). The word lists are Readability's
 * (Readability.js, REGEXPS.unlikelyCandidates and okMaybeItsACandidate),
 * read as case-insensitive substrings as its regular expressions do. */
#include "readers/dom.h"

#include <string.h>

const char *gl_html_attr(const xmlNode *node, const char *name) {
    for (const xmlAttr *a = node->properties; a; a = a->next) {
        if (strcmp((const char *)a->name, name) != 0)
            continue;
        const xmlNode *v = a->children;
        return v && v->type == XML_TEXT_NODE && v->content ? (const char *)v->content : "";
    }
    return NULL;
}

size_t gl_html_collapse(char *s, size_t len) {
    if (!len)
        return 0; /* `s` may be a read-only "" */
    size_t k = 0;
    bool space = false;
    for (size_t i = 0; i < len; i++) {
        if (gl_html_space(s[i])) {
            space = k > 0;
            continue;
        }
        if (space)
            s[k++] = ' ';
        space = false;
        s[k++] = s[i];
    }
    s[k] = '\0';
    return k;
}

xmlNode *gl_html_next_skip(const xmlNode *n, const xmlNode *top) {
    while (n != top && !n->next)
        n = n->parent;
    return n == top ? NULL : n->next;
}

void gl_dom_trim(const char **s, size_t *len) {
    while (*len && gl_html_space(**s))
        (*s)++, (*len)--;
    while (*len && gl_html_space((*s)[*len - 1]))
        (*len)--;
}

bool gl_dom_eq_ci(const char *s, size_t len, const char *word) {
    size_t i = 0;
    while (i < len && word[i] && gl_dom_lower(s[i]) == word[i])
        i++;
    return i == len && word[i] == '\0';
}

bool gl_dom_has_word_ci(const char *hay, const char *word) {
    size_t n = strlen(word);
    for (const char *p = hay; p && *p; p++) {
        size_t i = 0;
        while (i < n && p[i] && gl_dom_lower(p[i]) == word[i])
            i++;
        if (i == n)
            return true;
    }
    return false;
}

bool gl_dom_is(const xmlNode *n, const char *name) {
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

bool gl_dom_style_value(const char *style, const char *prop, char *out, size_t cap) {
    const char *p = style;
    while (p && *p) {
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *colon = memchr(p, ':', len);
        if (colon) {
            const char *name = p, *val = colon + 1;
            size_t nlen = (size_t)(colon - p), vlen = len - nlen - 1;
            gl_dom_trim(&name, &nlen);
            gl_dom_trim(&val, &vlen);
            if (gl_dom_eq_ci(name, nlen, prop)) {
                size_t k = 0;
                for (size_t i = 0; i < vlen && k + 1 < cap && val[i] != '!'; i++)
                    out[k++] = gl_dom_lower(val[i]);
                while (k && gl_html_space(out[k - 1]))
                    k--;
                out[k] = '\0';
                return true;
            }
        }
        p = end ? end + 1 : NULL;
    }
    return false;
}

/* hidden, aria-hidden="true", display:none, visibility:hidden: not shown to
 * readers, so not converted (hidden text is a classic spam vector too). */
bool gl_html_is_hidden(const xmlNode *n) {
    if (gl_html_attr(n, "hidden"))
        return true;
    const char *aria = gl_html_attr(n, "aria-hidden");
    if (aria) {
        size_t len = strlen(aria);
        gl_dom_trim(&aria, &len);
        if (gl_dom_eq_ci(aria, len, "true"))
            return true;
    }
    const char *style = gl_html_attr(n, "style");
    char v[32];
    return style &&
           ((gl_dom_style_value(style, "display", v, sizeof v) && strcmp(v, "none") == 0) ||
            (gl_dom_style_value(style, "visibility", v, sizeof v) && strcmp(v, "hidden") == 0));
}

void gl_dom_class_id(const xmlNode *n, char *out, size_t cap) {
    const char *parts[2] = {gl_html_attr(n, "class"), gl_html_attr(n, "id")};
    size_t k = 0;
    for (int i = 0; i < 2; i++) {
        if (!parts[i])
            continue;
        if (k && k + 1 < cap)
            out[k++] = ' ';
        for (const char *p = parts[i]; *p && k + 1 < cap; p++)
            out[k++] = gl_html_space(*p) ? ' ' : gl_dom_lower(*p);
    }
    out[k] = '\0';
}

bool gl_dom_any_word(const char *hay, const char *const *words, size_t count) {
    for (size_t i = 0; i < count; i++)
        if (strstr(hay, words[i]))
            return true;
    return false;
}

bool gl_dom_class_or_id_has(const xmlNode *n, const char *const *words, size_t count) {
    const char *parts[2] = {gl_html_attr(n, "class"), gl_html_attr(n, "id")};
    for (int i = 0; i < 2; i++)
        for (size_t k = 0; parts[i] && k < count; k++)
            if (gl_dom_has_word_ci(parts[i], words[k]))
                return true;
    return false;
}

#define ANY(hay, list) gl_dom_any_word(hay, list, sizeof list / sizeof list[0])

static const char *const unlikely_words[] = {
    "-ad-",       "ai2html", "banner",    "breadcrumbs",  "combx",    "comment",  "community",
    "cover-wrap", "disqus",  "extra",     "footer",       "gdpr",     "header",   "legends",
    "menu",       "related", "remark",    "replies",      "rss",      "shoutbox", "sidebar",
    "skyscraper", "social",  "sponsor",   "supplemental", "ad-break", "agegate",  "pagination",
    "pager",      "popup",   "yom-remote"};
/* Set aside by extraction too, beyond Readability's list. */
static const char *const extra_unlikely_words[] = {
    "newsletter", "cookie", "subscribe", "paywall", "tooltip", "rollover", "hovercard", "popover"};
static const char *const maybe_words[] = {"and",     "article", "body",    "column",
                                          "content", "main",    "mathjax", "shadow"};
/* The last two only with `more`. */
static const char *const unlikely_roles[] = {"menu",       "menubar", "complementary",
                                             "navigation", "alert",   "alertdialog",
                                             "dialog",     "banner",  "contentinfo"};

static bool role_unlikely(const xmlNode *n, bool more) {
    const char *role = gl_html_attr(n, "role");
    if (!role)
        return false;
    size_t count = sizeof unlikely_roles / sizeof unlikely_roles[0] - (more ? 0 : 2);
    for (size_t i = 0; i < count; i++)
        if (strcmp(role, unlikely_roles[i]) == 0)
            return true;
    return false;
}

bool gl_dom_maybe_content(const char *cid) { return ANY(cid, maybe_words); }

bool gl_dom_unlikely_cid(const xmlNode *n, const char *cid, bool more) {
    if (gl_dom_is(n, "body") || gl_dom_is(n, "a") || gl_dom_is(n, "article") ||
        gl_dom_is(n, "main"))
        return false;
    bool words = *cid && (ANY(cid, unlikely_words) || (more && ANY(cid, extra_unlikely_words)));
    return (words && !gl_dom_maybe_content(cid)) || role_unlikely(n, more) ||
           (more && gl_dom_is(n, "nav"));
}

bool gl_dom_unlikely(const xmlNode *n) {
    char buf[512];
    gl_dom_class_id(n, buf, sizeof buf);
    return gl_dom_unlikely_cid(n, buf, false);
}

void gl_dom_text(const xmlNode *top, gl_buf *b, size_t cap) {
    const xmlNode *n = top->children;
    while (n && b->len < cap) {
        bool down = false;
        /* libxml2 keeps the text of <script> as CDATA nodes */
        if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content)
            gl_buf_puts(b, (const char *)n->content);
        else if (n->type == XML_ELEMENT_NODE && !gl_dom_is(n, "script") && !gl_dom_is(n, "style"))
            down = n->children != NULL;
        n = down ? n->children : gl_html_next_skip(n, top);
    }
}

/* Whether s[i..len) starts with " and " (any white space, any case). */
static bool and_at(const char *s, size_t i, size_t len) {
    return i + 5 <= len && gl_html_space(s[i]) && gl_dom_eq_ci(s + i + 1, 3, "and") &&
           gl_html_space(s[i + 4]);
}

gl_status gl_dom_add_authors(gl_doc *doc, const char *s, size_t len, const char *source) {
    for (size_t i = 0; i < len;) {
        size_t end = i;
        while (end < len && s[end] != ',' && !and_at(s, end, len))
            end++;
        const char *part = s + i;
        size_t n = end - i;
        gl_dom_trim(&part, &n);
        if (n && gl_doc_add_author(doc, part, n, source) == GL_ENOMEM)
            return GL_ENOMEM;
        i = end < len && s[end] == ',' ? end + 1 : end + 5;
    }
    return GL_OK;
}
