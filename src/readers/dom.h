/* What the HTML reader's parts ask of a parsed page: attributes, white
 * space, visibility, class and id words, text walks. It sits below html.c,
 * extract.c, metadata.c and dates.c, and includes none of them, so that
 * they form no circle. Everything here reads the DOM and never changes it. */
#ifndef GL_READERS_DOM_H
#define GL_READERS_DOM_H

#include <stdbool.h>
#include <stddef.h>
#include <libxml/HTMLtree.h>
#include "galley/doc.h"
#include "util/buf.h"

/* HTML's ASCII white space (space, tab, LF, CR, FF). */
static inline bool gl_html_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* ASCII lowercase; every other byte as it is. */
static inline char gl_dom_lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }

/* Trims and collapses the white space of s[0, len) in place, NUL-terminating
 * it; returns the new length. `s` is not written when `len` is 0. */
size_t gl_html_collapse(char *s, size_t len);

/* Moves *s and shortens *len past the HTML white space at both ends. */
void gl_dom_trim(const char **s, size_t *len);

/* Whether s[0..len) is `word` (lowercase) in any ASCII case. */
bool gl_dom_eq_ci(const char *s, size_t len, const char *word);

/* Whether `hay` holds `word` (lowercase) as a substring, in any ASCII case;
 * false for a NULL `hay`. */
bool gl_dom_has_word_ci(const char *hay, const char *word);

/* The node after `n` and its subtree in document order, within `top` (`n`
 * is `top` or below it); NULL past the end of `top`. The step the readers'
 * walks take without a stack when they do not go into `n`. */
xmlNode *gl_html_next_skip(const xmlNode *n, const xmlNode *top);

/* The value of attribute `name` (lowercase) of `node`: "" for an attribute
 * without value, NULL when absent. Points into the DOM (no allocation). */
const char *gl_html_attr(const xmlNode *node, const char *name);

/* Whether `n` is the element `name` (lowercase, as libxml2's HTML parser
 * names them). */
bool gl_dom_is(const xmlNode *n, const char *name);

/* The value of CSS property `prop` (lowercase) in an inline style
 * ("display: none"), lowercased and without "!important", into out[cap];
 * false when absent. */
bool gl_dom_style_value(const char *style, const char *prop, char *out, size_t cap);

/* Whether `n` is an element the reader never shows: hidden attribute,
 * aria-hidden="true", display:none or visibility:hidden inline. */
bool gl_html_is_hidden(const xmlNode *n);

/* Lowercased class + " " + id of `n` into out[cap] (cut at cap), white
 * space as single spaces. */
void gl_dom_class_id(const xmlNode *n, char *out, size_t cap);

/* Whether `hay` (lowercase) holds one of words[0..count) as a substring. */
bool gl_dom_any_word(const char *hay, const char *const *words, size_t count);

/* Whether the class or id of `n` holds one of words[0..count) (lowercase),
 * in any case (gl_dom_has_word_ci). */
bool gl_dom_class_or_id_has(const xmlNode *n, const char *const *words, size_t count);

/* Readability's "unlikely candidate" test: the class and id `cid` (as
 * gl_dom_class_id writes them) or the role of `n` mark boilerplate
 * (comment, sidebar, share...) with nothing marking content; never for
 * body, a, article or main. With `more`, galley's additions: more words,
 * more roles, and <nav>. */
bool gl_dom_unlikely_cid(const xmlNode *n, const char *cid, bool more);

/* Whether `cid` (as gl_dom_class_id writes it) holds a word that marks
 * content (Readability's okMaybeItsACandidate: article, body, main...). */
bool gl_dom_maybe_content(const char *cid);

/* gl_dom_unlikely_cid with the class and id of `n` and without galley's
 * additions: what extraction's first pass sets aside. */
bool gl_dom_unlikely(const xmlNode *n);

/* Appends the text of the subtree at `top` to `b`, skipping script and
 * style, until `b` holds `cap` bytes or more. A failed append leaves
 * `b->status` set. */
void gl_dom_text(const xmlNode *top, gl_buf *b, size_t cap);

/* Adds one author to `doc` (gl_doc_add_author, from `source`) for each part
 * of s[0..len) between commas or a white-space-delimited "and" in any ASCII
 * case ("Ann Lee and Bo Chen, Cy Dee"), each part trimmed; empty parts add
 * nothing. Returns GL_OK or GL_ENOMEM. */
gl_status gl_dom_add_authors(gl_doc *doc, const char *s, size_t len, const char *source);

#endif
