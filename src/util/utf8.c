#include "util/utf8.h"

#include <string.h>
#include <utf8proc.h>

size_t gl_utf8_decode(const char *str, size_t len, int32_t *cp) {
    const unsigned char *s = (const unsigned char *)str;
    unsigned char c = s[0];
    size_t n;
    int32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        n = 2, v = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4, v = c & 0x07, min = 0x10000;
    } else {
        *cp = -1;
        return 1;
    }
    if (len < n) {
        *cp = -1;
        return 1;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = -1;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    /* Overlong forms, surrogates and values past U+10FFFF are invalid (RFC 3629 §3). */
    if (v < min || (v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF) {
        *cp = -1;
        return 1;
    }
    *cp = v;
    return n;
}

size_t gl_utf8_encode(int32_t cp, char out[4]) {
    unsigned char *o = (unsigned char *)out;
    if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

bool gl_utf8_valid(const char *s, size_t len) {
    size_t i = 0;
    while (i < len) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        int32_t cp;
        i += gl_utf8_decode(s + i, len - i, &cp);
        if (cp < 0)
            return false;
    }
    return true;
}

gl_status gl_utf8_clean(gl_buf *out, const char *s, size_t len, gl_utf8_report *report) {
    gl_utf8_report r = {0, 0, 0};
    unsigned long line = 1;
    size_t i = 0, run = 0;
    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        i = run = 3;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            int32_t cp;
            size_t n = gl_utf8_decode(s + i, len - i, &cp);
            if (cp >= 0) {
                i += n;
                continue;
            }
            gl_buf_append(out, s + run, i - run);
            gl_buf_append(out, "\xEF\xBF\xBD", 3);
            if (!r.invalid)
                r.first_bad_line = line;
            r.invalid++;
            i += 1;
            run = i;
            continue;
        }
        if (c == '\n')
            line++;
        else if (c == '\0') {
            gl_buf_append(out, s + run, i - run);
            r.nuls++;
            run = i + 1;
        }
        i++;
    }
    gl_buf_append(out, s + run, len - run);
    if (report)
        *report = r;
    return out->status;
}

bool gl_looks_binary(const char *s, size_t len) {
    /* UTF-16 text is full of NUL bytes; its byte order mark says it is text. */
    if (len >= 2 && (memcmp(s, "\xFF\xFE", 2) == 0 || memcmp(s, "\xFE\xFF", 2) == 0))
        return false;
    size_t n = len < 4096 ? len : 4096, ctl = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0)
            return true;
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1B)
            ctl++;
    }
    /* Text files hold almost no control characters; 1 in 20 is a binary format. */
    return n > 0 && ctl * 20 > n;
}

int gl_utf8_category(int32_t cp) { return (int)utf8proc_category(cp); }

int32_t gl_utf8_tolower(int32_t cp) { return utf8proc_tolower(cp); }

const char *gl_utf8_fit(char *buf, size_t size, const char *s) {
    size_t len = strlen(s);
    if (size == 0)
        return buf;
    if (len < size || size < 8) {
        size_t n = len < size ? len : size - 1;
        memcpy(buf, s, n);
        buf[n] = '\0';
        return buf;
    }
    size_t head = (size - 4) / 2, tail = size - 4 - head;
    while (head > 0 && ((unsigned char)s[head] & 0xC0) == 0x80)
        head--;
    const char *end = s + len - tail;
    while (*end && ((unsigned char)*end & 0xC0) == 0x80)
        end++;
    memcpy(buf, s, head);
    memcpy(buf + head, "...", 3);
    memcpy(buf + head + 3, end, strlen(end) + 1);
    return buf;
}
