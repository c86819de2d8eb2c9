#include "util/escape.h"

#include "util/utf8.h"

bool gl_xml_char_ok(int32_t cp) {
    if (cp == '\t' || cp == '\n' || cp == '\r')
        return true;
    /* C0 controls are not XML 1.0 Chars; DEL and C1 controls are, but HTML
     * forbids them in text (HTML §13.1.3 "control characters"). */
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
        return false;
    if (cp >= 0xD800 && cp <= 0xDFFF)
        return false;
    /* Noncharacters: U+FDD0..U+FDEF and the last two code points of every plane. */
    if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE)
        return false;
    return cp <= 0x10FFFF;
}

gl_status gl_escape_xml(gl_buf *b, const char *s, size_t len, bool attr) {
    size_t i = 0, run = 0; /* bytes s[run..i) are copied as they are */
    while (i < len) {
        int32_t cp;
        size_t n = gl_utf8_decode(s + i, len - i, &cp);
        const char *rep = NULL;
        switch (cp) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>': /* needed only after "]]", but escaping it always is simpler */
            rep = "&gt;";
            break;
        case '"':
            rep = attr ? "&quot;" : NULL;
            break;
        case '\t':
            rep = attr ? "&#9;" : NULL;
            break;
        case '\n':
            rep = attr ? "&#10;" : NULL;
            break;
        case '\r': /* a literal CR would be turned into LF by every XML parser (§2.11) */
            rep = "&#13;";
            break;
        case -1:
            rep = "\xEF\xBF\xBD";
            break;
        default:
            if (!gl_xml_char_ok(cp))
                rep = "";
            break;
        }
        if (rep) {
            gl_buf_append(b, s + run, i - run);
            gl_buf_puts(b, rep);
            run = i + n;
        }
        i += n;
    }
    return gl_buf_append(b, s + run, i - run);
}

gl_status gl_escape_json(gl_buf *b, const char *s, size_t len) {
    static const char hex[] = "0123456789abcdef";
    gl_buf_putc(b, '"');
    size_t i = 0, run = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        int32_t cp = c;
        size_t n = 1;
        if (c >= 0x80)
            n = gl_utf8_decode(s + i, len - i, &cp);
        char esc[8];
        const char *rep = NULL;
        if (c == '"')
            rep = "\\\"";
        else if (c == '\\')
            rep = "\\\\";
        else if (c == '\n')
            rep = "\\n";
        else if (c == '\r')
            rep = "\\r";
        else if (c == '\t')
            rep = "\\t";
        else if (c == '\b')
            rep = "\\b";
        else if (c == '\f')
            rep = "\\f";
        else if (c < 0x20) {
            esc[0] = '\\', esc[1] = 'u', esc[2] = '0', esc[3] = '0';
            esc[4] = hex[c >> 4], esc[5] = hex[c & 15], esc[6] = '\0';
            rep = esc;
        } else if (cp == 0x2028)
            rep = "\\u2028";
        else if (cp == 0x2029)
            rep = "\\u2029";
        else if (cp == -1)
            rep = "\\ufffd";
        if (rep) {
            gl_buf_append(b, s + run, i - run);
            gl_buf_puts(b, rep);
            run = i + n;
        }
        i += n;
    }
    gl_buf_append(b, s + run, i - run);
    return gl_buf_putc(b, '"');
}
