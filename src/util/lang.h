/* Language tags, as documents state them. */
#ifndef GL_UTIL_LANG_H
#define GL_UTIL_LANG_H

#include <stdbool.h>

/* Whether `tag` is BCP 47 in shape: alphanumeric subtags of 1-8 characters,
 * the first alphabetic. Writers only emit tags that pass (epubcheck and XML
 * validators refuse others). NULL is not a tag. */
bool gl_lang_tag_ok(const char *tag);

#endif
