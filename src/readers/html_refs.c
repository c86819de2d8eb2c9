/* Named references and DOCTYPE subsets, put right before libxml2 parses
 * (html_refs.h). The page is read as HTML §13.2.5 tokenizes it, closely
 * enough to tell text and attribute values (where references are decoded)
 * from tags, comments, processing instructions and the text of <script>
 * and <style> (where they are not). Where libxml2 2.9.14 reads a shape
 * differently from a browser, this follows libxml2, since it is libxml2's
 * reading the rewrite must fit: a comment ends at the first "-->" after its
 * "<!--" ("<!-->" opens one), "<![CDATA[" is text, and a <script> ends at
 * "</script" whatever other end tags it holds. */
#include "readers/html_refs.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/entities.h"
#include "util/utf8.h"

typedef struct pass {
    gl_buf *out;
    const char *s;
    size_t len;
    size_t copied; /* s[0..copied) is in `out` */
    size_t count;  /* changes made */
} pass;

static bool is_alpha(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

static bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Whether s[i..) starts with `word`, ASCII case ignored (`word` lowercase). */
static bool at_ci(const pass *p, size_t i, const char *word) {
    size_t n = strlen(word);
    if (p->len - i < n)
        return false;
    for (size_t k = 0; k < n; k++)
        if ((p->s[i + k] | (is_alpha(p->s[i + k]) ? 0x20 : 0)) != word[k])
            return false;
    return true;
}

/* The first `c` at or after i, or len. */
static size_t find_char(const pass *p, size_t i, char c) {
    const char *at = i < p->len ? memchr(p->s + i, c, p->len - i) : NULL;
    return at ? (size_t)(at - p->s) : p->len;
}

/* Where the first "-->" at or after i ends, or len. */
static size_t comment_end(const pass *p, size_t i) {
    for (i = find_char(p, i, '-'); i < p->len; i = find_char(p, i + 1, '-'))
        if (p->len - i >= 3 && p->s[i + 1] == '-' && p->s[i + 2] == '>')
            return i + 3;
    return p->len;
}

/* Puts `with` in place of s[from..to). */
static void replace(pass *p, size_t from, size_t to, const char *with, size_t n) {
    gl_buf_append(p->out, p->s + p->copied, from - p->copied);
    gl_buf_append(p->out, with, n);
    p->copied = to;
    p->count++;
}

/* An ASCII character as a numeric reference, anything else as UTF-8. */
static size_t put_char(uint32_t cp, char *out) {
    if (cp < 0x80)
        return (size_t)snprintf(out, 8, "&#x%X;", (unsigned)cp);
    return gl_utf8_encode((int32_t)cp, out);
}

/* The reference at s[i] == '&', decoded unless libxml2 would decode it the
 * same way; returns where the scan goes on. */
static size_t reference(pass *p, size_t i, bool in_attribute) {
    uint32_t cp[2] = {0, 0};
    bool libxml2;
    size_t n = gl_html_entity(p->s + i, p->len - i, in_attribute, cp, &libxml2);
    if (n && !libxml2) {
        char buf[16];
        size_t k = put_char(cp[0], buf);
        if (cp[1])
            k += put_char(cp[1], buf + k);
        replace(p, i, i + n, buf, k);
    }
    return i + (n ? n : 1);
}

static void attribute_value(pass *p, size_t from, size_t to) {
    for (size_t i = from; i < to;)
        i = p->s[i] == '&' ? reference(p, i, true) : i + 1;
}

/* The tag at s[i] == '<' (a letter or "/" and a letter follow): decodes its
 * attribute values (not an end tag's: it has none that count). Returns where
 * the scan goes on: after the '>', and past the text of <script> or <style>. */
static size_t tag(pass *p, size_t i) {
    const char *s = p->s;
    size_t len = p->len;
    bool end_tag = s[i + 1] == '/';
    size_t name = i + (end_tag ? 2 : 1);
    i = name;
    while (i < len && !is_space(s[i]) && s[i] != '>' && s[i] != '/')
        i++;
    size_t name_len = i - name;
    while (i < len && s[i] != '>') {
        if (is_space(s[i]) || s[i] == '/') {
            i++;
            continue;
        }
        size_t at = i;
        while (i < len && !is_space(s[i]) && s[i] != '=' && s[i] != '>' && s[i] != '/')
            i++;
        if (i == at) { /* a stray '=' */
            i++;
            continue;
        }
        size_t j = i;
        while (j < len && is_space(s[j]))
            j++;
        if (j >= len || s[j] != '=')
            continue;
        j++;
        while (j < len && is_space(s[j]))
            j++;
        size_t from = j, to;
        if (j < len && (s[j] == '"' || s[j] == '\'')) {
            from = j + 1;
            to = find_char(p, from, s[j]);
            i = to < len ? to + 1 : len;
        } else {
            for (to = j; to < len && !is_space(s[to]) && s[to] != '>';)
                to++;
            i = to;
        }
        if (!end_tag)
            attribute_value(p, from, to);
    }
    i = i < len ? i + 1 : len;
    if (end_tag)
        return i;
    const char *raw = name_len == 6 && at_ci(p, name, "script")  ? "</script"
                      : name_len == 5 && at_ci(p, name, "style") ? "</style"
                                                                 : NULL;
    while (raw && i < len && !at_ci(p, i, raw))
        i = find_char(p, i + 1, '<');
    return i;
}

/* "<!DOCTYPE" at s[i]: an internal subset, from its '[' to its "]>" (or,
 * unclosed, to the next '>'), gives way to its newlines. */
static size_t doctype(pass *p, size_t i) {
    const char *s = p->s;
    size_t len = p->len, open = i + 9;
    while (open < len && s[open] != '[' && s[open] != '>')
        open++;
    if (open >= len || s[open] == '>')
        return open;
    size_t close = len, k = open + 1;
    while (k < len && close == len) {
        if (s[k] == '"' || s[k] == '\'') {
            k = find_char(p, k + 1, s[k]) + 1;
        } else if (at_ci(p, k, "<!--")) {
            k = comment_end(p, k + 4);
        } else if (s[k] == ']') {
            size_t j = k + 1;
            while (j < len && is_space(s[j]))
                j++;
            if (j < len && s[j] == '>')
                close = j;
            k = j;
        } else {
            k++;
        }
    }
    if (close == len)
        close = find_char(p, open, '>');
    gl_buf_append(p->out, s + p->copied, open - p->copied);
    for (size_t n = open; n < close; n++)
        if (s[n] == '\n')
            gl_buf_putc(p->out, '\n');
    p->copied = close;
    p->count++;
    return close;
}

/* "<!" at s[i], neither a comment, a DOCTYPE nor a "<![CDATA[": a bogus
 * comment to the next '>' in a browser (HTML §13.2.5.42; Microsoft Word's
 * "<![if !vml]>" and "<![endif]>" around its fallbacks, a template's
 * "<! begin search code>"), text to libxml2: dropped, its newlines kept. */
static size_t bogus_comment(pass *p, size_t i) {
    size_t close = find_char(p, i, '>');
    size_t end = close < p->len ? close + 1 : close;
    gl_buf_append(p->out, p->s + p->copied, i - p->copied);
    for (size_t n = i; n < end; n++)
        if (p->s[n] == '\n')
            gl_buf_putc(p->out, '\n');
    p->copied = end;
    p->count++;
    return end;
}

size_t gl_html_fix_refs(gl_buf *out, const char *s, size_t len) {
    pass p = {out, s, len, 0, 0};
    size_t i = 0;
    while (i < len) {
        if (s[i] == '&') {
            i = reference(&p, i, false);
        } else if (s[i] != '<' || i + 1 >= len) {
            i++;
        } else if (is_alpha(s[i + 1]) || (s[i + 1] == '/' && i + 2 < len && is_alpha(s[i + 2]))) {
            i = tag(&p, i);
        } else if (at_ci(&p, i, "<!--")) {
            i = comment_end(&p, i + 4);
        } else if (at_ci(&p, i, "<!doctype")) {
            i = doctype(&p, i);
        } else if (s[i + 1] == '!' && !at_ci(&p, i, "<![cdata[")) {
            i = bogus_comment(&p, i);
        } else if (s[i + 1] == '?') {
            i = find_char(&p, i, '>');
        } else {
            i++;
        }
    }
    if (p.count)
        gl_buf_append(out, s + p.copied, len - p.copied);
    return p.count;
}
