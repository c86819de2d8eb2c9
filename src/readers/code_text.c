#include "readers/code_text.h"

#include <string.h>
#include "readers/dom.h"

/* Shorter texts are not judged: "x = f(y);" is a fine sentence of a maths
 * page, and a few characters say too little. */
#define GL_CODE_MIN_CHARS 40
/* Script source measured on the corpus's leaked paragraphs has one mark in
 * 9 to 100 characters; prose paragraphs holding three kinds of marks at all
 * (a reference list, a call for papers) have one in 140 or fewer. */
#define GL_CODE_CHARS_PER_MARK 100

static bool name_char(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '$';
}

void gl_code_tally_add(gl_code_tally *t, const char *s, size_t len) {
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            t->word_end = false;
            continue;
        }
        if ((c & 0xC0) != 0x80)
            t->chars++;
        t->braces += c == '{' || c == '}';
        t->semis += c == ';';
        t->assigns += c == '=';
        t->calls += c == '(' && t->word_end;
        t->word_end = name_char(c);
    }
}

void gl_code_tally_merge(gl_code_tally *to, const gl_code_tally *from) {
    to->chars += from->chars;
    to->braces += from->braces;
    to->semis += from->semis;
    to->assigns += from->assigns;
    to->calls += from->calls;
    to->word_end = from->word_end;
}

static unsigned kinds(const gl_code_tally *t) {
    return (t->braces > 0) + (t->semis > 0) + (t->assigns > 0) + (t->calls > 0);
}

static uint64_t marks(const gl_code_tally *t) {
    return (uint64_t)t->braces + t->semis + t->assigns + t->calls;
}

bool gl_code_tally_is_code(const gl_code_tally *t) {
    return t->chars >= GL_CODE_MIN_CHARS && kinds(t) >= 3 &&
           marks(t) * GL_CODE_CHARS_PER_MARK >= t->chars;
}

bool gl_code_text_is_code(const char *s) {
    gl_code_tally t = {0};
    if (s)
        gl_code_tally_add(&t, s, strlen(s));
    return gl_code_tally_is_code(&t);
}

static bool shows_code(const gl_code_tally *t) {
    return kinds(t) >= 2 && marks(t) * GL_CODE_CHARS_PER_MARK >= t->chars;
}

static bool code_element(const xmlNode *n) {
    return gl_dom_is(n, "pre") || gl_dom_is(n, "code") || gl_dom_is(n, "samp") ||
           gl_dom_is(n, "kbd");
}

/* Adds the text under `top` to `t`. */
static void tally_subtree(gl_code_tally *t, const xmlNode *top) {
    const xmlNode *c = top->children;
    while (c) {
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
            gl_code_tally_add(t, (const char *)c->content, strlen((const char *)c->content));
        if (c->type == XML_ELEMENT_NODE && c->children) {
            c = c->children;
            continue;
        }
        c = gl_html_next_skip(c, top);
    }
}

bool gl_code_page_shows_code(const xmlNode *top) {
    const xmlNode *n = top;
    while (n) {
        bool code = code_element(n);
        if (code) {
            gl_code_tally t = {0};
            tally_subtree(&t, n);
            if (shows_code(&t))
                return true;
        }
        bool descend = !code && n->type == XML_ELEMENT_NODE && n->children;
        n = descend ? n->children : gl_html_next_skip(n, top);
    }
    return false;
}
