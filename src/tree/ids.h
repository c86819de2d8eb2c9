/* Heading ids (gl_doc_assign_ids in doc.h): the one rule, in two steps that
 * a writer which must also name other things (the XHTML writer's footnotes)
 * can interleave with its own. */
#ifndef GL_TREE_IDS_H
#define GL_TREE_IDS_H

#include "galley/doc.h"
#include "util/buf.h"
#include "util/strmap.h"

/* Ids given with the document (HTML's id attribute) are kept up to this
 * many bytes. */
#define GL_ID_MAX 200
/* Slugs made from heading text stay readable in URLs: cut at this many bytes. */
#define GL_SLUG_MAX 64

/* Replaces the content of `out` with the id heading `h` asks for, before
 * it is made unique: its own id (h->info) cleaned into an NCName, else a
 * slug of its text (doc.h says how). Returns out->status. */
gl_status gl_id_of_heading(const gl_node *h, gl_buf *out);

/* Makes the id in `id` unique among those in `used` (id -> the last "-N"
 * suffix tried for it) by adding "-2", "-3"..., and records it there.
 * Returns GL_OK or GL_ENOMEM. */
gl_status gl_id_claim(gl_strmap *used, gl_buf *id);

/* Appends the NCName characters of s[0..len) to `b` (XML 1.0 §2.3 without
 * ':'), each run of dropped characters as one '-', never first or last;
 * with `slug`, only lowercased letters, digits, marks and '_', and only
 * spaces and '-' make a '-' (other punctuation is dropped, as in GitHub's
 * anchors). `*state` carries over
 * between calls: 0 at the start, 1 in a word, 2 after a separator. Stops
 * before `b` would pass `max` bytes. */
void gl_id_append_name(gl_buf *b, const char *s, size_t len, bool slug, size_t max, int *state);

/* Makes `b` a valid NCName: `fallback` when empty, `prefix` before a first
 * character that cannot start one (a digit, '-', '.'). */
void gl_id_finish_name(gl_buf *b, const char *fallback, const char *prefix);

#endif
