/* HTML5 character references (issue 14 item 8, issue 16): the readers
 * decode them as browsers do, where their parsers would not. */
#ifndef GL_UTIL_ENTITIES_H
#define GL_UTIL_ENTITIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The reference at s[0] == '&' as HTML §13.2.5.72-80 reads it.
 *
 * A named one is the longest name of the HTML5 list, which without its ';'
 * must be a legacy name ("&copy 2024", "&notit;" is "¬it;"); in an
 * attribute value such a legacy name before '=' or a letter or digit is no
 * reference, so that "?a=1&copy=2" stays.
 *
 * A numeric one ("&#", decimal, or hex after "&#x") takes any number of
 * digits, its ';' optional. 0, a surrogate or a value past U+10FFFF is
 * U+FFFD, and a C1 control 0x80-0x9F to which windows-1252 gives a
 * character is that character: "&#146;" is U+2019, as the pages written in
 * that code page mean it (libxml2 2.9 gives U+0092, a control no output
 * shows, and "you&#146;re" read "youre").
 *
 * Returns the bytes the reference takes, '&' included, or 0 when there is
 * none; fills cp[0] and cp[1] (0 unless the reference stands for two
 * characters) and *libxml2, whether libxml2 2.9's HTML parser decodes
 * these same bytes to the same characters itself. */
size_t gl_html_entity(const char *s, size_t len, bool in_attribute, uint32_t cp[2], bool *libxml2);

#endif
