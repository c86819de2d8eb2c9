/* Article extraction: picks the subtrees of a parsed page that hold the
 * article, and removes the boilerplate inside them (docs/extraction.md). */
#ifndef GL_READERS_EXTRACT_H
#define GL_READERS_EXTRACT_H

#include <stdbool.h>
#include <libxml/HTMLtree.h>
#include "galley/galley.h"

/* The best candidate's score (after link density) under which a page is not
 * taken for an article and is converted whole, with a warning. */
#define GL_EXTRACT_MIN_SCORE 10.0
/* Characters of text the article must keep, else it is no article either
 * (Readability's 200 until issue 16: a short post, a line or two under a
 * headline, scoring well as an article, was converted with the whole
 * page; chosen leaving one set out, docs/extraction.md). */
#define GL_EXTRACT_MIN_TEXT 75

typedef struct gl_extract {
    xmlNode **roots; /* the subtrees to map, in document order (allocator-owned) */
    size_t count;
    bool fallback;   /* no candidate passed: roots is {body} and nothing was removed */
    double score;    /* the best candidate score, before an ancestor is promoted */
    size_t text;     /* characters of text kept */
    size_t removed;  /* elements removed inside the article */
    const char *tag; /* the chosen candidate's element name (points into the DOM) */
    const char *cls; /* its class attribute, or NULL */
    unsigned pass;   /* which of the passes (0 = strictest) was kept */
} gl_extract;

/* Scores the elements under `body`, picks the article's container and the
 * siblings that belong with it, and unlinks (and frees) the boilerplate
 * inside them from the DOM. The DOM must stay alive while `x->roots` is
 * used. Returns GL_OK or GL_ENOMEM (with `err` filled); free `x` with
 * gl_extract_free either way. No recursion: any nesting depth is fine. */
gl_status gl_extract_article(gl_extract *x, xmlNode *body, const gl_options *opt, gl_error *err);
void gl_extract_free(gl_extract *x, const gl_options *opt);

#endif
