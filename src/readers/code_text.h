/* Telling program text from prose (issue 16): a page whose saved bytes
 * lost a <script> start tag, or whose script the parser ended early, shows
 * its code as text. Such a paragraph is caught by its punctuation, not by
 * its words: prose almost never holds three of braces, semicolons, "=" and
 * calls ("f(") at once, while script source holds all four. */
#ifndef GL_READERS_CODE_TEXT_H
#define GL_READERS_CODE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libxml/tree.h>

typedef struct gl_code_tally {
    uint32_t chars;   /* characters other than white space */
    uint32_t braces;  /* { and } */
    uint32_t semis;   /* ; */
    uint32_t assigns; /* = */
    uint32_t calls;   /* "(" right after a letter, digit, _ or $ */
    bool word_end;    /* the last character seen ends a name, so "(" next is a call */
} gl_code_tally;

/* Adds the UTF-8 text s[0, len) to `t` (zeroed to start). Texts added one
 * after the other count as one: a call split across two adds is seen. */
void gl_code_tally_add(gl_code_tally *t, const char *s, size_t len);

/* Adds the counts of `from` to `to` (a text made of both). */
void gl_code_tally_merge(gl_code_tally *to, const gl_code_tally *from);

/* Whether the text reads as program source: at least GL_CODE_MIN_CHARS
 * characters, three of the four kinds of punctuation present, and one
 * punctuation mark per GL_CODE_CHARS_PER_MARK characters or more. */
bool gl_code_tally_is_code(const gl_code_tally *t);

/* gl_code_tally_is_code of the NUL-terminated text `s` (NULL: false). A
 * <title> that reads as code is the start of a script whose tag the saved
 * page lost, not the page's title. */
bool gl_code_text_is_code(const char *s);

/* Whether the page under `top` shows program code: a <pre>, <code>, <samp>
 * or <kbd> holding two kinds of the punctuation, one mark per
 * GL_CODE_CHARS_PER_MARK characters or more. Such a page, about
 * programming, may also write code in its paragraphs, which the code guard
 * must then leave alone. */
bool gl_code_page_shows_code(const xmlNode *top);

#endif
