/* What the HTML reader does with an extracted article besides mapping it
 * (html_article.h). */
#include <string.h>
#include "readers/html_article.h"
#include "readers/dom.h"
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

/* Text of a heading, whitespace collapsed, compared case-insensitively
 * (ASCII) with the title. */
static bool heading_is_title(const gl_node *h, const char *title) {
    const char *t = title;
    gl_iter it;
    gl_iter_init(&it, h);
    bool space = false;
    while (gl_iter_next(&it) != GL_EVENT_NONE) {
        const gl_node *n = it.node;
        if (it.event != GL_EVENT_ENTER || (n->type != GL_NODE_TEXT && n->type != GL_NODE_CODE))
            continue;
        for (size_t i = 0; i < n->text_len; i++) {
            char c = n->text[i];
            if (gl_html_space(c)) {
                space = true;
                continue;
            }
            if (space && t != title) {
                if (*t != ' ')
                    return false;
                t++;
            }
            space = false;
            if (gl_dom_lower(*t) != gl_dom_lower(c))
                return false;
            t++;
        }
    }
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
