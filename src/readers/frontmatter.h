/* YAML front matter at the top of a Markdown file (Jekyll, Hugo, pandoc). */
#ifndef GL_READERS_FRONTMATTER_H
#define GL_READERS_FRONTMATTER_H

#include <stddef.h>
#include "galley/galley.h"

/* Looks for a front matter block at the very start of text[0..len) (valid UTF-8
 * without NUL bytes): a first line "---", then YAML, then a line "---" or "...".
 * When there is one, *body gets the offset just past its closing line and
 * *lines the number of lines it took (to add to the body's line numbers), and
 * its keys go into doc's metadata with the provenance "front matter":
 *   title; author (a string, or a list) and authors; date (GL_META_DATE when
 *   gl_date_parse understands it, GL_META_DATE_TEXT as written); lang or
 *   language; url or source; description; site or site_name.
 * Other keys are ignored. A YAML syntax error is a warning naming its line, and
 * the block is still left out of the body. A block whose YAML is a plain
 * scalar or list is not front matter (a thematic break and a setext heading
 * look alike): *body and *lines are then 0, as when there is no block.
 * Returns GL_OK or GL_ENOMEM. */
gl_status gl_frontmatter_read(gl_doc *doc, const char *text, size_t len, const gl_input *in,
                              const gl_options *opt, gl_error *err, size_t *body,
                              unsigned long *lines);

#endif
