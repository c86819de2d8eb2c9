/* A start tag is read as HTML §13.2.5 tokenizes one, closely enough to find
 * where each attribute begins and ends; text outside tags is copied as is. */
#include "readers/html_bound.h"

#include <stdbool.h>

static bool is_alpha(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

static bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* The end of the attribute starting at s[i] (name, then "= value" if any). */
static size_t attribute_end(const char *s, size_t len, size_t i) {
    while (i < len && !is_space(s[i]) && s[i] != '=' && s[i] != '>' && s[i] != '/')
        i++;
    size_t j = i;
    while (j < len && is_space(s[j]))
        j++;
    if (j >= len || s[j] != '=')
        return i;
    j++;
    while (j < len && is_space(s[j]))
        j++;
    if (j < len && (s[j] == '"' || s[j] == '\'')) {
        char q = s[j++];
        while (j < len && s[j] != q)
            j++;
        return j < len ? j + 1 : j;
    }
    while (j < len && !is_space(s[j]) && s[j] != '>')
        j++;
    return j;
}

size_t gl_html_bound_attributes(gl_buf *out, const char *s, size_t len) {
    size_t dropped = 0, copied = 0, i = 0;
    while (i < len) {
        if (s[i] != '<' || i + 1 >= len || !is_alpha(s[i + 1])) {
            i++;
            continue;
        }
        i++;
        while (i < len && !is_space(s[i]) && s[i] != '>' && s[i] != '/')
            i++;
        size_t count = 0;
        while (i < len && s[i] != '>') {
            if (is_space(s[i]) || s[i] == '/') {
                i++;
                continue;
            }
            size_t end = attribute_end(s, len, i);
            if (end == i)
                end++; /* a stray '=' */
            if (++count > GL_HTML_MAX_ATTRIBUTES) {
                dropped++;
                if (out) {
                    gl_buf_append(out, s + copied, i - copied);
                    copied = end;
                }
            }
            i = end;
        }
    }
    if (out && dropped)
        gl_buf_append(out, s + copied, len - copied);
    return dropped;
}
