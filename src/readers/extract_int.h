/* What the pieces of article extraction share (extract.c scores and picks,
 * extract_clean.c cleans what was picked): the per-element statistics in
 * document order, and the pick of one pass. Private to src/readers. */
#ifndef GL_READERS_EXTRACT_INT_H
#define GL_READERS_EXTRACT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libxml/tree.h>
#include "galley/galley.h"

/* The limits of the extraction rules added for issue 16, each chosen
 * leaving one content set out (tests/tools/corpus_loso.py,
 * docs/extraction.md); GL_EXTRACT_MIN_SCORE and GL_EXTRACT_MIN_TEXT are in
 * extract.h, where the HTML reader's warning reads them. */
/* A block of text this long or longer, a quarter or less of it in links,
 * is running text (prose); shorter ones are labels, menus, captions. */
#define GL_EXTRACT_PROSE 80
/* The picked block gives way to the one block inside it that holds this
 * share of its prose (chosen leaving one set out, docs/extraction.md). */
#define GL_EXTRACT_TIGHTEN 0.9
/* ...when this share or more of all the text it leaves out is links
 * (chosen leaving one set out). */
#define GL_EXTRACT_TIGHTEN_LINKS 0.33
/* The nearest heading above the story, of this level or higher (1: <h1>,
 * 2: <h1>/<h2>, 0: none), stays when tightening leaves it out (chosen
 * leaving one set out). */
#define GL_EXTRACT_TIGHTEN_HEAD 2
/* A sibling of the picked block built like it (the same tags and classes
 * down to its first block of prose) joins it when this share of its text
 * or more is prose, a quarter or less links: a story cut into rows or
 * blocks by an outline or inline modules, each part scoring under
 * Readability's sibling threshold (chosen leaving one set out). */
#define GL_EXTRACT_SIBLING_PROSE 0.3
/* A block whose class or id reads as boilerplate is kept all the same
 * when it holds a <main>, or at least one and at most this many
 * <article>s: the page's story; a sidebar of teaser cards holds more
 * (chosen leaving one set out). */
#define GL_EXTRACT_ARTICLES 3
/* Inside the article, a block without prose, more than half of it links,
 * and this long or longer is a list of links and goes (chosen leaving one
 * set out). */
#define GL_EXTRACT_LINK_LIST 40
/* A block holding two images or more, fewer than one paragraph for two of
 * them, is an image strip to Readability's widget test, unless half of it
 * or more is prose and it holds this many characters of prose an image or
 * more: a story's part with its photos, as a news page lays it out without
 * <p>s (issue 16, seventh round; chosen leaving one set out; without the
 * characters an image, a video teaser stayed and Dragnet held out fell). */
#define GL_EXTRACT_IMAGE_PROSE 100
/* The prose a heading's next element holds for the heading, all links,
 * not to read as a link list (issue 16, sixth round). */
#define GL_EXTRACT_HEAD_PROSE 200

enum {
    F_STRIP_UNLIKELY = 1, /* set aside elements whose class/id say boilerplate */
    F_WEIGHT_CLASSES = 2, /* class/id words add or remove points */
    F_CLEAN = 4           /* remove widget-like blocks inside the article */
};

typedef enum etag {
    T_OTHER = 0,
    T_A,
    T_ARTICLE,
    T_ASIDE,
    T_BLOCKQUOTE,
    T_BODY,
    T_BR,
    T_CODE,
    T_DD,
    T_DIV,
    T_DL,
    T_DT,
    T_EMBED,
    T_FIELDSET,
    T_FIGURE,
    T_FOOTER,
    T_FORM,
    T_H1,
    T_H2,
    T_H3, /* h3-h6 */
    T_HEADER,
    T_IMG,
    T_INPUT,
    T_LI,
    T_MAIN,
    T_NAV,
    T_OL,
    T_P,
    T_PRE,
    T_SECTION,
    T_SKIP, /* never text: script, style, svg, iframe, buttons... */
    T_TABLE,
    T_TD,
    T_TH,
    T_UL
} etag;

/* ---- per-element statistics ---- */

typedef struct el {
    xmlNode *node;
    size_t parent; /* index + 1 of the parent element, 0 for the top */
    etag tag;
    int weight;     /* class/id points */
    bool unlikely;  /* class/id/role say boilerplate */
    bool has_block; /* holds a block child (not a paragraph itself) */
    bool dead;      /* set aside in this pass (self or an ancestor) */
    bool removed;   /* removed by cleaning (self or an ancestor) */
    bool candidate;
    bool in_code;       /* inside <pre>/<code>/<table>: never set aside for class words */
    bool in_figure;     /* inside <figure> */
    bool in_pre;        /* inside <pre>/<code> */
    bool data_table;    /* a <table> of data (set by cleaning) */
    bool in_data_table; /* inside one (set by cleaning) */
    bool holds_article; /* a <main> is below, or it is one */
    uint32_t articles;  /* <article> elements, itself included, below */
    size_t last;        /* index + 1 of the last element of its subtree */
    uint32_t text, link, commas, own, own_commas; /* characters; own = direct inline text */
    uint32_t paras, imgs, lis, inputs, embeds, heads;
    uint32_t prose; /* characters of running text below: blocks of 80 or more, few links */
    double score;
} el;

typedef struct ex {
    const gl_allocator *a;
    el *els;
    size_t n, cap;
    size_t *order; /* candidates sorted by score */
} ex;

typedef struct pick {
    size_t top;
    size_t cand;       /* the best candidate, which cleaning never removes */
    double best;       /* the best candidate's score, before any promotion */
    size_t roots[256]; /* the merged siblings, document order */
    size_t count;
    size_t text;
} pick;

/* The element's index + 1 in the array (0: not numbered). */
static inline size_t idx_of(const xmlNode *n) { return n ? (size_t)(uintptr_t)n->_private : 0; }

static inline double link_density(const el *e) {
    return e->text ? (double)e->link / (double)e->text : 0.0;
}

static inline bool is_inline_tag(etag t) {
    return t == T_OTHER || t == T_A || t == T_CODE || t == T_BR || t == T_IMG || t == T_INPUT;
}

static inline bool is_list(const el *e) { return e->tag == T_UL || e->tag == T_OL; }

/* Subtrees are contiguous in document order. */
static inline bool is_ancestor(const ex *x, size_t anc, size_t i) {
    return anc < i && i <= x->els[anc - 1].last;
}

/* Marks what cleaning removes under root `r` (index + 1) in this pass. */
void gl_extract_clean(ex *x, size_t r, size_t cand, unsigned flags);

/* Characters of text kept under root `r`: its text less the removed runs'. */
size_t gl_extract_kept_text(const ex *x, size_t r);

/* Marks caption blocks under root `r` as <figure>/<figcaption> (renaming
 * DOM elements); `kept` is the text the whole article keeps. */
void gl_extract_mark_captions(ex *x, size_t r, size_t kept);

#endif
