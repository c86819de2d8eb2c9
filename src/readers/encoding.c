/* Encoding detection and conversion for HTML. The order follows the WHATWG
 * HTML standard §13.2.3 ("determining the character encoding"), with the
 * prescan simplified and a UTF-8 validity test standing in for the browsers'
 * frequency analysis: a page that decodes as UTF-8 is UTF-8. */
#include "readers/encoding.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>
#include <strings.h>
#include "util/error.h"

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }

static bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Whether s[0..n) starts with the lowercase ASCII `word`, ignoring case. */
static bool starts_ci(const char *s, size_t n, const char *word) {
    size_t k = strlen(word);
    if (n < k)
        return false;
    for (size_t i = 0; i < k; i++)
        if (lower(s[i]) != word[i])
            return false;
    return true;
}

/* WHATWG labels that differ from what iconv would do with them. */
static const struct {
    const char *label, *name;
} labels[] = {
    {"ansi_x3.4-1968", "windows-1252"},
    {"ascii", "windows-1252"},
    {"big5", "BIG5-HKSCS"},
    {"chinese", "GBK"},
    {"cp1252", "windows-1252"},
    {"cp819", "windows-1252"},
    {"csgb2312", "GBK"},
    {"csisolatin1", "windows-1252"},
    {"csisolatin5", "windows-1254"},
    {"cskoi8r", "KOI8-R"},
    {"csshiftjis", "CP932"},
    {"euc-kr", "CP949"},
    {"gb2312", "GBK"},
    {"gbk", "GBK"},
    {"ibm819", "windows-1252"},
    {"iso-8859-1", "windows-1252"},
    {"iso-8859-11", "windows-874"},
    {"iso-8859-9", "windows-1254"},
    {"iso-ir-100", "windows-1252"},
    {"iso8859-1", "windows-1252"},
    {"iso88591", "windows-1252"},
    {"iso_8859-1", "windows-1252"},
    {"iso_8859-1:1987", "windows-1252"},
    {"iso_8859-9", "windows-1254"},
    {"korean", "CP949"},
    {"ks_c_5601-1987", "CP949"},
    {"l1", "windows-1252"},
    {"latin1", "windows-1252"},
    {"latin5", "windows-1254"},
    {"ms_kanji", "CP932"},
    {"shift_jis", "CP932"},
    {"sjis", "CP932"},
    {"tis-620", "windows-874"},
    {"ucs-2", "UTF-8"},
    {"unicode", "UTF-8"},
    {"unicode-1-1-utf-8", "UTF-8"},
    {"us-ascii", "windows-1252"},
    {"utf-16", "UTF-8"},
    {"utf-16be", "UTF-8"},
    {"utf-16le", "UTF-8"},
    {"utf-8", "UTF-8"},
    {"utf8", "UTF-8"},
    {"windows-1252", "windows-1252"},
    {"windows-31j", "CP932"},
    {"x-cp1252", "windows-1252"},
    {"x-gbk", "GBK"},
    {"x-sjis", "CP932"},
    {"x-user-defined", "windows-1252"},
};

bool gl_charset_from_label(const char *label, size_t len, char *name, size_t cap) {
    while (len && is_space(*label))
        label++, len--;
    while (len && is_space(label[len - 1]))
        len--;
    char key[48];
    if (len == 0 || len >= sizeof key || len >= cap)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = lower(label[i]);
        /* Labels are ASCII; anything else cannot name a charset. */
        if ((unsigned char)c < 0x21 || (unsigned char)c > 0x7E || c == '"' || c == '\'')
            return false;
        key[i] = c;
    }
    key[len] = '\0';
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
        if (strcmp(key, labels[i].label) == 0) {
            if (strlen(labels[i].name) >= cap)
                return false;
            strcpy(name, labels[i].name);
            return true;
        }
    }
    memcpy(name, key, len + 1);
    return true;
}

/* ---- the <meta> prescan ---- */

typedef struct span {
    const char *s;
    size_t len;
} span;

/* Reads the next attribute of a tag at s[*i..n): false at '>' or the end.
 * A simplified WHATWG "get an attribute" (§13.2.3.2). */
static bool next_attr(const char *s, size_t n, size_t *i, span *name, span *value) {
    size_t p = *i;
    while (p < n && (is_space(s[p]) || s[p] == '/'))
        p++;
    if (p >= n || s[p] == '>') {
        *i = p;
        return false;
    }
    size_t start = p;
    while (p < n && !is_space(s[p]) && s[p] != '=' && s[p] != '>' && s[p] != '/')
        p++;
    *name = (span){s + start, p - start};
    *value = (span){s + p, 0};
    while (p < n && is_space(s[p]))
        p++;
    if (p < n && s[p] == '=') {
        p++;
        while (p < n && is_space(s[p]))
            p++;
        if (p < n && (s[p] == '"' || s[p] == '\'')) {
            char q = s[p++];
            size_t v = p;
            while (p < n && s[p] != q)
                p++;
            *value = (span){s + v, p - v};
            if (p < n)
                p++;
        } else {
            size_t v = p;
            while (p < n && !is_space(s[p]) && s[p] != '>')
                p++;
            *value = (span){s + v, p - v};
        }
    }
    *i = p;
    return true;
}

static bool span_is(span a, const char *word) {
    return a.len == strlen(word) && starts_ci(a.s, a.len, word);
}

/* The charset in a Content-Type value: "text/html; charset=windows-1251". */
static bool charset_in_content(span c, span *out) {
    for (size_t i = 0; i + 7 <= c.len; i++) {
        if (!starts_ci(c.s + i, c.len - i, "charset"))
            continue;
        size_t p = i + 7;
        while (p < c.len && is_space(c.s[p]))
            p++;
        if (p >= c.len || c.s[p] != '=')
            continue;
        p++;
        while (p < c.len && is_space(c.s[p]))
            p++;
        if (p < c.len && (c.s[p] == '"' || c.s[p] == '\''))
            p++;
        size_t v = p;
        while (p < c.len && !is_space(c.s[p]) && c.s[p] != ';' && c.s[p] != '"' && c.s[p] != '\'')
            p++;
        *out = (span){c.s + v, p - v};
        return p > v;
    }
    return false;
}

/* Looks for a charset declaration in the first GL_CHARSET_PRESCAN bytes. */
static bool prescan(const char *s, size_t n, char *name, size_t cap) {
    if (n > GL_CHARSET_PRESCAN)
        n = GL_CHARSET_PRESCAN;
    size_t i = 0;
    while (i < n) {
        if (s[i] != '<') {
            i++;
            continue;
        }
        if (starts_ci(s + i, n - i, "<!--")) {
            const char *end = NULL;
            for (size_t k = i + 4; k + 3 <= n; k++)
                if (memcmp(s + k, "-->", 3) == 0) {
                    end = s + k;
                    break;
                }
            if (!end)
                return false;
            i = (size_t)(end - s) + 3;
            continue;
        }
        bool meta = starts_ci(s + i, n - i, "<meta") && i + 5 < n &&
                    (is_space(s[i + 5]) || s[i + 5] == '/');
        size_t p = i + 1;
        if (p < n && s[p] == '/')
            p++;
        bool tag = p < n && ((s[p] | 0x20) >= 'a' && (s[p] | 0x20) <= 'z');
        if (!tag) {
            /* "<!doctype", "<?xml", "</ ": skip to the next '>'. */
            while (i < n && s[i] != '>')
                i++;
            continue;
        }
        while (p < n && !is_space(s[p]) && s[p] != '>' && s[p] != '/')
            p++;
        span an, av, charset = {NULL, 0}, content = {NULL, 0};
        bool pragma = false;
        while (next_attr(s, n, &p, &an, &av)) {
            if (!meta)
                continue;
            if (span_is(an, "charset"))
                charset = av;
            else if (span_is(an, "content"))
                content = av;
            else if (span_is(an, "http-equiv"))
                pragma = span_is(av, "content-type");
        }
        i = p;
        if (!meta)
            continue;
        span label = charset;
        if (!label.s && pragma && content.s && !charset_in_content(content, &label))
            label.s = NULL;
        if (label.s && gl_charset_from_label(label.s, label.len, name, cap))
            return true;
    }
    return false;
}

/* The last two rules: valid UTF-8, else windows-1252. A page whose valid
 * multi-byte sequences outnumber its invalid bytes is UTF-8 with a few bad
 * bytes (they become U+FFFD); windows-1252 text almost never contains a valid
 * UTF-8 sequence, since its letters are lone high bytes. */
static void count_utf8(const char *s, size_t n, size_t *good, size_t *bad) {
    size_t i = 0;
    *good = *bad = 0;
    while (i < n) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        int32_t cp;
        i += gl_utf8_decode(s + i, n - i, &cp);
        if (cp < 0)
            ++*bad;
        else
            ++*good;
    }
}

static void detect_undeclared(const char *s, size_t n, gl_charset *cs) {
    size_t good, bad;
    count_utf8(s, n, &good, &bad);
    if (bad == 0 || good > bad) {
        strcpy(cs->name, "UTF-8");
        cs->source = GL_CHARSET_UTF8;
    } else {
        strcpy(cs->name, "windows-1252");
        cs->source = GL_CHARSET_DEFAULT;
    }
}

void gl_charset_detect(const char *data, size_t len, gl_charset *cs) {
    cs->bom = 0;
    cs->source = GL_CHARSET_BOM;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        strcpy(cs->name, "UTF-8");
        cs->bom = 3;
        return;
    }
    if (len >= 2 && memcmp(data, "\xFF\xFE", 2) == 0) {
        strcpy(cs->name, "UTF-16LE");
        cs->bom = 2;
        return;
    }
    if (len >= 2 && memcmp(data, "\xFE\xFF", 2) == 0) {
        strcpy(cs->name, "UTF-16BE");
        cs->bom = 2;
        return;
    }
    cs->source = GL_CHARSET_META;
    if (prescan(data, len, cs->name, sizeof cs->name))
        return;
    detect_undeclared(data, len, cs);
}

/* windows-1252 bytes 0x80-0x9F (WHATWG index-windows-1252); the five bytes
 * the code page leaves undefined map to the C1 controls of the same value. */
static const unsigned short cp1252_high[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

static gl_status decode_1252(gl_buf *out, const unsigned char *s, size_t n, gl_utf8_report *r) {
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= 0x80 || s[i] == 0) {
            gl_buf_append(out, s + run, i - run);
            run = i + 1;
            if (s[i] == 0) {
                r->nuls++;
                continue;
            }
            char enc[4];
            int32_t cp = s[i] < 0xA0 ? cp1252_high[s[i] - 0x80] : s[i];
            gl_buf_append(out, enc, gl_utf8_encode(cp, enc));
        }
    }
    gl_buf_append(out, s + run, n - run);
    return out->status;
}

static unsigned long count_lines(const char *s, size_t n) {
    unsigned long lines = 1;
    for (size_t i = 0; i < n; i++)
        lines += s[i] == '\n';
    return lines;
}

/* Appends iconv's output without its NUL characters (U+0000 ends C strings
 * and libxml2's input alike). */
static void append_without_nul(gl_buf *out, const char *s, size_t n, gl_utf8_report *r) {
    size_t run = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\0') {
            gl_buf_append(out, s + run, i - run);
            run = i + 1;
            r->nuls++;
        }
    gl_buf_append(out, s + run, n - run);
}

static gl_status decode_iconv(gl_buf *out, const char *data, size_t len, const char *name,
                              gl_utf8_report *r) {
    iconv_t cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1)
        return GL_EFORMAT;
    /* An undecodable unit is 2 bytes in UTF-16, and 1 byte elsewhere. */
    size_t unit = strncmp(name, "UTF-16", 6) == 0 ? 2 : 1;
    size_t start = out->len;
    char chunk[4096];
    char *in = (char *)data;
    size_t left = len;
    while (left > 0 && out->status == GL_OK) {
        char *o = chunk;
        size_t room = sizeof chunk;
        size_t rc = iconv(cd, &in, &left, &o, &room);
        append_without_nul(out, chunk, (size_t)(o - chunk), r);
        if (rc != (size_t)-1 || errno == E2BIG)
            continue;
        if (!r->invalid)
            r->first_bad_line = count_lines(out->data + start, out->len - start);
        r->invalid++;
        gl_buf_append(out, "\xEF\xBF\xBD", 3);
        if (errno == EINVAL) /* truncated at the end */
            break;
        size_t skip = left < unit ? left : unit;
        in += skip;
        left -= skip;
    }
    iconv_close(cd);
    return out->status;
}

gl_status gl_charset_decode(gl_buf *out, const char *data, size_t len, const gl_charset *cs,
                            gl_utf8_report *report) {
    gl_utf8_report r = {0, 0, 0};
    size_t skip = cs->bom < len ? cs->bom : len;
    data += skip;
    len -= skip;
    gl_status st;
    if (strcmp(cs->name, "UTF-8") == 0)
        st = gl_utf8_clean(out, data, len, &r);
    else if (strcmp(cs->name, "windows-1252") == 0)
        st = decode_1252(out, (const unsigned char *)data, len, &r);
    else
        st = decode_iconv(out, data, len, cs->name, &r);
    if (report)
        *report = r;
    return st;
}

/* The charset a server declared (in->charset) counts only where the page
 * says nothing itself (issue 18): a page's own BOM or <meta> is what its
 * author checked. Nor does it override bytes that are valid UTF-8 with
 * letters beyond ASCII: servers often send a default "ISO-8859-1" for
 * every page, and text in another encoding is almost never valid UTF-8 by
 * chance; that disagreement gets a warning. */
static void transport_charset(const gl_input *in, const gl_options *opt, gl_charset *c) {
    char name[sizeof c->name];
    if (!in->charset || (c->source != GL_CHARSET_UTF8 && c->source != GL_CHARSET_DEFAULT) ||
        !gl_charset_from_label(in->charset, strlen(in->charset), name, sizeof name))
        return;
    if (c->source == GL_CHARSET_UTF8 && strcasecmp(name, "UTF-8") != 0) {
        for (size_t i = 0; i < in->len; i++)
            if ((unsigned char)in->data[i] >= 0x80) {
                gl_warnf(opt, in->name, 0,
                         "the server declared the charset \"%s\" but the page is UTF-8; read as "
                         "UTF-8",
                         in->charset);
                return;
            }
    }
    memcpy(c->name, name, sizeof name);
    c->source = GL_CHARSET_HTTP;
}

/* Charsets in which every byte is a character of its own. */
static bool single_byte(const char *name) {
    static const char *const prefixes[] = {"windows-12", "windows-874", "iso-8859-", "iso8859-",
                                           "iso_8859-",  "koi8",        "cp12",      "cp8",
                                           "ibm8",       "macintosh",   "latin"};
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strncasecmp(name, prefixes[i], strlen(prefixes[i])) == 0)
            return true;
    return false;
}

/* A page whose <meta> declares a single-byte charset but whose bytes are
 * all valid UTF-8, letters beyond ASCII among them, was written in UTF-8
 * and served with a header the saved file lost (a template's default
 * "ISO-8859-1" left in place): text in a single-byte charset is almost
 * never valid UTF-8 by chance, its letters being lone high bytes. Read as
 * the <meta> says, "don’t" showed as "donâ€™t" (issue 16, seventh round:
 * 49 pages of the dev corpus, 40 of them L3S). */
static void declared_but_utf8(const gl_input *in, const gl_options *opt, gl_charset *c) {
    size_t good, bad;
    if (c->source != GL_CHARSET_META || !single_byte(c->name))
        return;
    count_utf8(in->data, in->len, &good, &bad);
    if (bad || !good)
        return;
    gl_warnf(opt, in->name, 0,
             "the page declares a single-byte charset (%s) but its bytes are UTF-8; read as UTF-8",
             c->name);
    strcpy(c->name, "UTF-8");
    c->source = GL_CHARSET_UTF8;
}

gl_status gl_html_decode(gl_buf *out, const gl_input *in, const gl_options *opt, gl_charset *cs,
                         gl_error *err) {
    gl_charset c;
    gl_utf8_report r;
    gl_charset_detect(in->data, in->len, &c);
    declared_but_utf8(in, opt, &c);
    transport_charset(in, opt, &c);
    gl_status st = gl_charset_decode(out, in->data, in->len, &c, &r);
    if (st == GL_EFORMAT) {
        char declared[sizeof c.name];
        memcpy(declared, c.name, sizeof declared);
        detect_undeclared(in->data, in->len, &c);
        gl_warnf(opt, in->name, 0, "unknown character encoding \"%s\" declared; read as %s",
                 declared, c.name);
        st = gl_charset_decode(out, in->data, in->len, &c, &r);
    }
    if (st != GL_OK)
        return gl_fail(err, st, 0,
                       st == GL_ELIMIT ? "the decoded text is too large"
                                       : "out of memory decoding the input");
    if (cs)
        *cs = c;
    if (r.invalid && opt && opt->strict)
        return gl_fail(err, GL_EPARSE, r.first_bad_line,
                       "%zu byte sequences are not valid %s (first on line %lu)", r.invalid, c.name,
                       r.first_bad_line);
    if (r.invalid)
        gl_warnf(opt, in->name, r.first_bad_line,
                 "%zu byte sequences are not valid %s; replaced with U+FFFD", r.invalid, c.name);
    return GL_OK;
}
