/* What the HTML reader does with an extracted article besides mapping it
 * (html_article.h). */
#include <string.h>
#include "readers/html_article.h"
#include "readers/dom.h"
#include "tree/text.h"
#include "util/error.h"

/* A page that is not an article is converted whole, and the user told so;
 * --explain says what was picked. */
void gl_extract_report(const gl_options *opt, const gl_input *in, const gl_extract *x) {
    if (x->fallback)
        gl_warnf(opt, in->name, 0,
                 "no part of the page reads as an article (best score %.1f, %zu characters "
                 "of text; needs %.0f and %d): converted the whole page",
                 x->score, x->text, GL_EXTRACT_MIN_SCORE, GL_EXTRACT_MIN_TEXT);
    else if (opt->explain)
        gl_warnf(opt, in->name, 0,
                 "explain: article = <%s%s%s%s> score %.1f, %zu block(s) merged, %zu characters, "
                 "%zu element(s) removed, pass %u",
                 x->tag, x->cls ? " class=\"" : "", x->cls ? x->cls : "", x->cls ? "\"" : "",
                 x->score, x->count, x->text, x->removed, x->pass);
}

/* Whether the text of heading `h`, its white space collapsed, is `title`
 * in any ASCII case. */
static bool heading_is_title(const gl_node *h, const char *title) {
    const char *t = title;
    gl_text_walk w;
    gl_text_walk_init(&w, h);
    for (int c; (c = gl_text_walk_next(&w)) >= 0; t++)
        if (*t == '\0' || gl_dom_lower(*t) != gl_dom_lower((char)c))
            return false;
    return t != title && *t == '\0';
}

/* The title is shown in the header: its copy as the article's first
 * heading would print twice. */
void gl_html_drop_title_heading(gl_doc *doc) {
    const char *title = gl_doc_meta(doc, GL_META_TITLE);
    if (!title)
        return;
    gl_iter it;
    gl_iter_init(&it, gl_doc_root(doc));
    while (gl_iter_next(&it) != GL_EVENT_NONE) {
        if (it.event == GL_EVENT_ENTER && it.node->type == GL_NODE_HEADING) {
            if (heading_is_title(it.node, title))
                gl_node_unlink((gl_node *)it.node);
            return;
        }
    }
}
