/* A small JSON parser for the JSON-LD blocks of web pages (json.h). */
#include "util/json.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "util/alloc.h"
#include "util/escape.h"
#include "util/utf8.h"
#include "util/vec.h"

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* JSON's white space, and the form feed HTML pages put there too. */
static bool json_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

typedef struct jparser {
    const char *p, *end;
    gl_json_doc *doc;
    size_t cap;
    char *pool_at;
} jparser;

static void jskip(jparser *j) {
    while (j->p < j->end && json_space(*j->p))
        j->p++;
}

static gl_json *jnew(jparser *j, gl_json_type type, size_t parent, const char *key) {
    gl_json_doc *d = j->doc;
    if (gl_vec_grow(d->alloc, &d->v, &j->cap, d->count + 1, sizeof *d->v) != GL_OK)
        return NULL;
    gl_json *v = &d->v[d->count++];
    *v = (gl_json){type, parent, key, NULL, 0};
    return v;
}

static bool read_hex4(jparser *j, uint32_t *out) {
    if (j->end - j->p < 4)
        return false;
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        int h = gl_hex_value(j->p[i]);
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
        while (start < len && json_space(s[start]))
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

const char *gl_json_str(const gl_json_doc *doc, size_t i) {
    return i && doc->v[i - 1].type == GL_JSON_STR ? doc->v[i - 1].str : NULL;
}
