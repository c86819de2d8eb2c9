/* The header and footer of a web article saved as Markdown (title, by-line,
 * date, site name; the "Original url:" line), moved from the body into metadata. */
#ifndef GL_READERS_ARTICLE_HEADER_H
#define GL_READERS_ARTICLE_HEADER_H

#include "galley/galley.h"
#include "util/buf.h"

/* Appends the plain text of `node`'s subtree to `out`: TEXT and CODE as they
 * are, an IMAGE's alt text, a space for a LINE_BREAK. Returns out->status. */
gl_status gl_article_text(const gl_node *node, gl_buf *out);

/* Recognises, in a tree built from Markdown, the shape saved web articles take:
 *
 *     # Title                      -> GL_META_TITLE        ("leading h1")
 *     By Ann Lee and [Bo Chen](#)  -> authors              ("by-line paragraph")
 *     November 12, 2014            -> GL_META_DATE, _TEXT  ("date paragraph")
 *     **The Site**                 -> GL_META_SITE         ("bold site paragraph")
 *     ... body ...
 *     Original url: <https://...>  -> GL_META_URL          ("Original url paragraph")
 *
 * The paragraphs after the title come in any order, each at most once; the
 * first paragraph that is none of them ends the header. The last paragraph
 * (before footnotes) may be "Original url:" or "Source:" (any case, colon
 * optional) with a URL, or such a label alone followed by a paragraph holding
 * only the URL. Recognised blocks leave the body. Fields already set (front
 * matter) are kept: front matter wins. When the front matter gives a title and
 * the leading h1 says something else, the h1 is a section heading and stays,
 * and no header is looked for. Anything else stays untouched.
 * Returns GL_OK or GL_ENOMEM (in `err`). */
gl_status gl_article_header_apply(gl_doc *doc, const gl_options *opt, gl_error *err);

#endif
