#include "util/url.h"

#include <string.h>

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }

/* The lowercased scheme into out[cap] ("" for a relative reference). False
 * when the scheme is longer than any we accept. */
static bool scheme_of(const char *s, size_t len, char *out, size_t cap, size_t *after) {
    size_t i = 0, k = 0;
    while (i < len && (unsigned char)s[i] <= 0x20)
        i++;
    for (; i < len; i++) {
        char c = s[i];
        if (c == '\t' || c == '\n' || c == '\r')
            continue;
        if (c == ':') {
            out[k] = '\0';
            *after = i + 1;
            return true;
        }
        bool alpha = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
        bool ok = alpha || (k > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
        if (!ok)
            break;
        if (k + 1 >= cap)
            return false;
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
