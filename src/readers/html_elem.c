/* What an HTML element is and what its attributes say (html_elem.h). */
#include <stdlib.h>
#include <string.h>
#include "readers/html_elem.h"
#include "readers/dom.h"

/* Sorted by name for bsearch; libxml2 gives lowercase names. */
static const struct tag {
    const char *name;
    gl_html_kind kind;
} tags[] = {
    {"a", GL_HK_A},
    {"address", GL_HK_BLOCK},
    {"applet", GL_HK_SKIP},
    {"article", GL_HK_BLOCK},
    {"aside", GL_HK_BLOCK},
    {"audio", GL_HK_SKIP},
    {"b", GL_HK_STRONG},
    {"base", GL_HK_SKIP},
    {"blockquote", GL_HK_QUOTE},
    {"body", GL_HK_BLOCK},
    {"br", GL_HK_BR},
    {"button", GL_HK_SKIP},
    {"canvas", GL_HK_SKIP},
    {"caption", GL_HK_BLOCK},
    {"center", GL_HK_BLOCK},
    {"code", GL_HK_CODE},
    {"datalist", GL_HK_SKIP},
    {"dd", GL_HK_BLOCK},
    {"del", GL_HK_STRIKE},
    {"details", GL_HK_BLOCK},
    {"dialog", GL_HK_BLOCK},
    {"dir", GL_HK_LIST},
    {"div", GL_HK_BLOCK},
    {"dl", GL_HK_BLOCK},
    {"dt", GL_HK_BLOCK},
    {"em", GL_HK_EMPH},
    {"embed", GL_HK_VOID},
    {"fieldset", GL_HK_BLOCK},
    {"figcaption", GL_HK_FIGCAPTION},
    {"figure", GL_HK_FIGURE},
    {"footer", GL_HK_BLOCK},
    {"form", GL_HK_FORM},
    {"frame", GL_HK_SKIP},
    {"frameset", GL_HK_SKIP},
    {"h1", GL_HK_HEADING},
    {"h2", GL_HK_HEADING},
    {"h3", GL_HK_HEADING},
    {"h4", GL_HK_HEADING},
    {"h5", GL_HK_HEADING},
    {"h6", GL_HK_HEADING},
    {"head", GL_HK_SKIP},
    {"header", GL_HK_BLOCK},
    {"hgroup", GL_HK_BLOCK},
    {"hr", GL_HK_HR},
    {"html", GL_HK_BLOCK},
    {"i", GL_HK_EMPH},
    {"iframe", GL_HK_SKIP},
    {"img", GL_HK_IMG},
    {"input", GL_HK_INPUT},
    {"kbd", GL_HK_CODE},
    {"legend", GL_HK_BLOCK},
    {"li", GL_HK_LI},
    {"link", GL_HK_SKIP},
    {"listing", GL_HK_PRE},
    {"main", GL_HK_BLOCK},
    {"menu", GL_HK_LIST},
    {"meta", GL_HK_SKIP},
    {"meter", GL_HK_SKIP},
    {"nav", GL_HK_BLOCK},
    {"noembed", GL_HK_SKIP},
    {"noframes", GL_HK_SKIP},
    {"noscript", GL_HK_SKIP},
    {"object", GL_HK_SKIP},
    {"ol", GL_HK_LIST},
    {"optgroup", GL_HK_SKIP},
    {"option", GL_HK_SKIP},
    {"p", GL_HK_P},
    {"param", GL_HK_SKIP},
    {"plaintext", GL_HK_PRE},
    {"pre", GL_HK_PRE},
    {"progress", GL_HK_SKIP},
    {"s", GL_HK_STRIKE},
    {"samp", GL_HK_CODE},
    {"script", GL_HK_SKIP},
    {"section", GL_HK_BLOCK},
    {"select", GL_HK_SKIP},
    {"source", GL_HK_VOID},
    {"strike", GL_HK_STRIKE},
    {"strong", GL_HK_STRONG},
    {"style", GL_HK_SKIP},
    {"sub", GL_HK_SUB},
    {"summary", GL_HK_BLOCK},
    {"sup", GL_HK_SUP},
    {"svg", GL_HK_SKIP},
    {"table", GL_HK_TABLE},
    {"tbody", GL_HK_ROWGROUP},
    {"td", GL_HK_CELL},
    {"template", GL_HK_SKIP},
    {"textarea", GL_HK_SKIP},
    {"tfoot", GL_HK_ROWGROUP},
    {"th", GL_HK_CELL},
    {"thead", GL_HK_ROWGROUP},
    {"title", GL_HK_SKIP},
    {"tr", GL_HK_TR},
    {"track", GL_HK_VOID},
    {"tt", GL_HK_CODE},
    {"ul", GL_HK_LIST},
    {"video", GL_HK_SKIP},
    {"wbr", GL_HK_VOID},
    {"xmp", GL_HK_PRE},
};

static int tag_cmp(const void *key, const void *elem) {
    return strcmp(key, ((const struct tag *)elem)->name);
}

gl_html_kind gl_html_kind_of(const xmlNode *n) {
    const struct tag *t =
        bsearch(n->name, tags, sizeof tags / sizeof tags[0], sizeof tags[0], tag_cmp);
    return t ? t->kind : GL_HK_INLINE;
}

/* Lazy-loading pages put a tiny stand-in in src and the real image in data-src. */
static bool is_placeholder(const char *src, size_t len) {
    if (len >= 5 && gl_dom_eq_ci(src, 5, "data:"))
        return true;
    static const char *const names[] = {"placeholder", "blank.", "spacer.", "pixel.", "lazy"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        size_t n = strlen(names[i]);
        for (size_t k = 0; k + n <= len; k++)
            if (gl_dom_eq_ci(src + k, n, names[i]))
                return true;
    }
    return false;
}

/* The URL of the first candidate of a srcset ("a.jpg 1x, b.jpg 2x"). */
static bool srcset_first(const char *set, const char **url, size_t *len) {
    const char *p = set;
    while (*p && (gl_html_space(*p) || *p == ','))
        p++;
    const char *start = p;
    while (*p && !gl_html_space(*p))
        p++;
    while (p > start && p[-1] == ',')
        p--;
    *url = start;
    *len = (size_t)(p - start);
    return *len > 0;
}

/* The real image of a lazy-loading <img>: data-src, else the first other
 * data-...src attribute (each lazy-loading script names its own:
 * data-lazy-src, data-original-src...) that is no placeholder itself. */
static const char *lazy_src(const xmlNode *n) {
    const char *v = gl_html_attr(n, "data-src");
    if (v && *v)
        return v;
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        const char *name = (const char *)a->name;
        size_t len = strlen(name);
        const xmlNode *t = a->children;
        if (len > 8 && strncmp(name, "data-", 5) == 0 && strcmp(name + len - 3, "src") == 0 && t &&
            t->type == XML_TEXT_NODE && t->content && *t->content &&
            !is_placeholder((const char *)t->content, strlen((const char *)t->content)))
            return (const char *)t->content;
    }
    return NULL;
}

/* The image an <img> shows: src, else data-src (or another lazy-loading
 * data-...src) when src is missing or a placeholder, else the first srcset
 * candidate, else the placeholder. */
bool gl_html_image_src(const xmlNode *n, const char **url, size_t *len) {
    const char *src = gl_html_attr(n, "src");
    size_t slen = src ? strlen(src) : 0;
    if (src)
        gl_dom_trim(&src, &slen);
    if (slen && !is_placeholder(src, slen)) {
        *url = src, *len = slen;
        return true;
    }
    const char *lazy = lazy_src(n);
    size_t llen = lazy ? strlen(lazy) : 0;
    if (lazy)
        gl_dom_trim(&lazy, &llen);
    if (llen) {
        *url = lazy, *len = llen;
        return true;
    }
    const char *set = gl_html_attr(n, "srcset");
    if (!set)
        set = gl_html_attr(n, "data-srcset");
    if (!set)
        set = gl_html_attr(n, "data-lazy-srcset");
    if (set && srcset_first(set, url, len))
        return true;
    /* the placeholder alone (a data: one is refused later: its alt text shows) */
    *url = src, *len = slen;
    return slen > 0;
}

/* "language-c", "lang-python" in a class list. */
void gl_html_code_language(const char *cls, char *out, size_t cap) {
    const char *p = cls;
    while (p && *p) {
        while (gl_html_space(*p))
            p++;
        const char *start = p;
        while (*p && !gl_html_space(*p))
            p++;
        size_t len = (size_t)(p - start), skip = 0;
        if (len > 9 && strncmp(start, "language-", 9) == 0)
            skip = 9;
        else if (len > 5 && strncmp(start, "lang-", 5) == 0)
            skip = 5;
        if (skip && len - skip < cap) {
            memcpy(out, start + skip, len - skip);
            out[len - skip] = '\0';
            return;
        }
    }
}

/* An <ol start> value as HTML reads it ("  -3"); capped far beyond any list. */
void gl_html_list_start(const char *s, long *out) {
    while (gl_html_space(*s))
        s++;
    bool neg = *s == '-';
    if (*s == '-' || *s == '+')
        s++;
    if (*s < '0' || *s > '9')
        return;
    long v = 0;
    for (; *s >= '0' && *s <= '9'; s++)
        v = v < 1000000000L ? v * 10 + (*s - '0') : v;
    *out = neg ? -v : v;
}

gl_align gl_html_align(const xmlNode *n) {
    char v[16] = "";
    const char *a = gl_html_attr(n, "align");
    const char *style = gl_html_attr(n, "style");
    if (!(style && gl_dom_style_value(style, "text-align", v, sizeof v)) && a) {
        size_t len = strlen(a);
        gl_dom_trim(&a, &len);
        for (size_t i = 0; i < len && i + 1 < sizeof v; i++)
            v[i] = gl_dom_lower(a[i]), v[i + 1] = '\0';
    }
    if (strcmp(v, "left") == 0 || strcmp(v, "start") == 0)
        return GL_ALIGN_LEFT;
    if (strcmp(v, "center") == 0)
        return GL_ALIGN_CENTER;
    if (strcmp(v, "right") == 0 || strcmp(v, "end") == 0)
        return GL_ALIGN_RIGHT;
    return GL_ALIGN_NONE;
}

/* Whether an element below `top` satisfies `pred`; an iterative walk that
 * stops at the first match. */
static bool subtree_has(const xmlNode *top, bool (*pred)(const xmlNode *)) {
    const xmlNode *n = top->children;
    while (n) {
        if (n->type == XML_ELEMENT_NODE) {
            if (pred(n))
                return true;
            if (n->children) {
                n = n->children;
                continue;
            }
        }
        n = gl_html_next_skip(n, top);
    }
    return false;
}

/* A table holding tables, headings, quotes or code lays out a page rather
 * than tabulating data: its cells are mapped as plain blocks. */
static bool marks_layout(const xmlNode *n) {
    gl_html_kind k = gl_html_kind_of(n);
    return k == GL_HK_TABLE || k == GL_HK_HEADING || k == GL_HK_QUOTE || k == GL_HK_PRE;
}

bool gl_html_layout_table(const xmlNode *t) {
    const char *role = gl_html_attr(t, "role");
    if (role && (strcmp(role, "presentation") == 0 || strcmp(role, "none") == 0))
        return true;
    return subtree_has(t, marks_layout);
}

/* ASP.NET and similar wrap whole pages in one <form>: one that holds prose
 * is a wrapper and its content is kept; any other form is dropped. */
static bool marks_prose(const xmlNode *n) {
    gl_html_kind k = gl_html_kind_of(n);
    return k == GL_HK_P || k == GL_HK_HEADING || k == GL_HK_TABLE || k == GL_HK_LIST;
}

bool gl_html_form_wraps_prose(const xmlNode *form) { return subtree_has(form, marks_prose); }
