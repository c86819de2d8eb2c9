/* What the HTML reader does with an extracted article besides mapping it:
 * telling the user what was picked, and dropping the heading that repeats
 * the title. */
#ifndef GL_READERS_HTML_ARTICLE_H
#define GL_READERS_HTML_ARTICLE_H

#include "galley/galley.h"
#include "readers/extract.h"

/* A page that is not an article is converted whole, and the user told so
 * (a warning); with opt->explain, what was picked. */
void gl_extract_report(const gl_options *opt, const gl_input *in, const gl_extract *x);

/* The title is shown in the header: its copy as the article's first
 * heading (the same words, white space and ASCII case aside) would print
 * twice, and goes. */
void gl_html_drop_title_heading(gl_doc *doc);

#endif
