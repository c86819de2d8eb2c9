#include "util/url.h"

#include <string.h>

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }

/* The lowercased scheme into out[cap] ("" for a relative reference, "-"
 * for a scheme longer than any galley accepts). */
static bool scheme_of(const char *s, size_t len, char *out, size_t cap, size_t *after) {
    size_t i = 0, k = 0;
    bool too_long = false;
    while (i < len && (unsigned char)s[i] <= 0x20)
        i++;
    for (; i < len; i++) {
        char c = s[i];
        if (c == '\t' || c == '\n' || c == '\r')
            continue;
        if (c == ':') {
            /* A scheme longer than `out` is none galley allows: "-" stands
             * for it, as no scheme starts with '-'. */
            k = too_long ? 1 : k;
            if (too_long)
                out[0] = '-';
            out[k] = '\0';
            *after = i + 1;
            return true;
        }
        bool alpha = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
        bool ok = alpha || (k > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
        if (!ok)
            break;
        /* A long run ("release-notes.html") may still be a relative path:
         * only a ':' after it would make it a scheme (issue 14 item 3). */
        if (k + 1 >= cap)
            too_long = true;
        else
            out[k++] = lower(c);
    }
    out[0] = '\0'; /* no scheme: relative, fragment or query */
    *after = 0;
    return true;
}

/* Whether s[0..len) starts with `word`, ASCII case ignored. */
static bool starts_ci(const char *s, size_t len, const char *word) {
    size_t n = strlen(word);
    if (len < n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (lower(s[i]) != word[i])
            return false;
    return true;
}

bool gl_url_allowed(const char *url, size_t len, bool image) {
    char scheme[16];
    size_t after;
    if (!url || !scheme_of(url, len, scheme, sizeof scheme, &after))
        return false;
    if (!*scheme || strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0)
        return true;
    if (strcmp(scheme, "mailto") == 0)
        return !image;
    if (!image || strcmp(scheme, "data") != 0)
        return false;
    /* Raster formats every writer can embed; SVG can carry script. */
    static const char *const types[] = {"image/png", "image/jpeg"};
    const char *p = url + after;
    size_t rest = len - after;
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        size_t n = strlen(types[i]);
        if (rest > n && starts_ci(p, rest, types[i]) && (p[n] == ';' || p[n] == ','))
            return true;
    }
    return false;
}

bool gl_url_is_web(const char *url) {
    char scheme[16];
    size_t after;
    if (!url || !scheme_of(url, strlen(url), scheme, sizeof scheme, &after))
        return false;
    return strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0;
}

/* ---- Reference resolution (RFC 3986 section 5.2) ---- */

typedef struct {
    const char *s;
    size_t len;
    bool has; /* defined, possibly empty: "?" has an empty query */
} part;

typedef struct {
    part scheme, authority, path, query, fragment;
} uri_parts;

/* Splits `u` as the regular expression of RFC 3986 Appendix B does, except
 * that a scheme must match the grammar of section 3.1: "./a:b" has none. */
static void split(const char *u, uri_parts *p) {
    memset(p, 0, sizeof *p);
    size_t i = 0;
    if ((u[0] | 0x20) >= 'a' && (u[0] | 0x20) <= 'z') {
        size_t k = 1;
        while ((u[k] | 0x20) >= 'a' && (u[k] | 0x20) <= 'z'
                   ? 1
                   : (u[k] >= '0' && u[k] <= '9') || u[k] == '+' || u[k] == '-' || u[k] == '.')
            k++;
        if (u[k] == ':') {
            p->scheme = (part){u, k, true};
            i = k + 1;
        }
    }
    if (u[i] == '/' && u[i + 1] == '/') {
        size_t k = i + 2 + strcspn(u + i + 2, "/?#");
        p->authority = (part){u + i + 2, k - i - 2, true};
        i = k;
    }
    size_t k = i + strcspn(u + i, "?#");
    p->path = (part){u + i, k - i, true};
    i = k;
    if (u[i] == '?') {
        k = i + 1 + strcspn(u + i + 1, "#");
        p->query = (part){u + i + 1, k - i - 1, true};
        i = k;
    }
    if (u[i] == '#')
        p->fragment = (part){u + i + 1, strlen(u + i + 1), true};
}

/* Drops the last segment and its leading "/" from p[0..w). */
static size_t pop_segment(const char *p, size_t w) {
    while (w > 0 && p[w - 1] != '/')
        w--;
    return w > 0 ? w - 1 : 0;
}

/* remove_dot_segments (section 5.2.4) over p[0..n) in place: the output
 * never runs ahead of the input, so one buffer holds both. */
static size_t remove_dot_segments(char *p, size_t n) {
    size_t r = 0, w = 0;
    while (r < n) {
        const char *s = p + r;
        size_t left = n - r;
        if (left >= 3 && memcmp(s, "../", 3) == 0) {
            r += 3;
        } else if (left >= 2 && memcmp(s, "./", 2) == 0) {
            r += 2;
        } else if (left >= 3 && memcmp(s, "/./", 3) == 0) {
            r += 2;
        } else if (left == 2 && memcmp(s, "/.", 2) == 0) {
            p[r + 1] = '/';
            r += 1;
        } else if (left >= 4 && memcmp(s, "/../", 4) == 0) {
            r += 3;
            w = pop_segment(p, w);
        } else if (left == 3 && memcmp(s, "/..", 3) == 0) {
            p[r + 2] = '/';
            r += 2;
            w = pop_segment(p, w);
        } else if ((left == 1 && s[0] == '.') || (left == 2 && memcmp(s, "..", 2) == 0)) {
            r = n;
        } else {
            size_t k = r + (p[r] == '/');
            while (k < n && p[k] != '/')
                k++;
            memmove(p + w, p + r, k - r);
            w += k - r;
            r = k;
        }
    }
    return w;
}

static size_t put(char *out, size_t o, const char *s, size_t len) {
    memcpy(out + o, s, len);
    return o + len;
}

size_t gl_url_resolve(char *out, const char *base, const char *ref) {
    uri_parts b, r;
    split(base, &b);
    split(ref, &r);
    const part *scheme = r.scheme.has ? &r.scheme : &b.scheme;
    const part *authority = r.scheme.has || r.authority.has ? &r.authority : &b.authority;
    const part *query = &r.query;
    size_t o = 0;
    if (scheme->has)
        o = put(out, put(out, o, scheme->s, scheme->len), ":", 1);
    if (authority->has)
        o = put(out, put(out, o, "//", 2), authority->s, authority->len);
    size_t path_at = o;
    if (r.scheme.has || r.authority.has || (r.path.len > 0 && r.path.s[0] == '/')) {
        o = put(out, o, r.path.s, r.path.len);
        o = path_at + remove_dot_segments(out + path_at, o - path_at);
    } else if (r.path.len == 0) {
        o = put(out, o, b.path.s, b.path.len);
        if (!r.query.has)
            query = &b.query;
    } else {
        /* Merge (section 5.2.3): the base path up to its last "/". */
        if (b.authority.has && b.path.len == 0) {
            o = put(out, o, "/", 1);
        } else {
            size_t dir = b.path.len;
            while (dir > 0 && b.path.s[dir - 1] != '/')
                dir--;
            o = put(out, o, b.path.s, dir);
        }
        o = put(out, o, r.path.s, r.path.len);
        o = path_at + remove_dot_segments(out + path_at, o - path_at);
    }
    if (query->has)
        o = put(out, put(out, o, "?", 1), query->s, query->len);
    if (r.fragment.has)
        o = put(out, put(out, o, "#", 1), r.fragment.s, r.fragment.len);
    out[o] = '\0';
    return o;
}
