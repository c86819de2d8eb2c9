/* Article extraction on the libxml2 DOM, after Mozilla Readability's
 * content scoring (docs/extraction.md has the whole story):
 *
 * 1. The elements under <body> are numbered in document order into an
 *    array (the number sits in xmlNode._private), so every later step is a
 *    loop over the array: no recursion, whatever the nesting.
 * 2. Elements whose class/id/role mark boilerplate (comment, sidebar,
 *    share...) are set aside, unless they also look like content.
 * 3. Per element: characters of text, of link text, commas, paragraphs,
 *    images, list items, inputs, summed bottom-up in reverse order.
 * 4. Each paragraph-like element gives its ancestors points (1 + commas +
 *    length/100, halved one level up, divided by 3*level further up); an
 *    ancestor starts with points from its tag and class/id words. The best
 *    score times (1 - link density) wins; an ancestor holding several near
 *    winners is promoted, and siblings scoring near it or reading as prose
 *    are merged in.
 * 5. Inside the result, forms, tables, lists and divs that look like
 *    widgets (link lists, image strips, share bars, read-more blocks) are
 *    removed, as are footers, asides, headings with negative words and
 *    empty paragraphs (extract_clean.c).
 * If the kept text is short, the passes are retried with fewer removals
 * (no class/id set-aside, then no class/id weights, then no widget
 * cleaning), and the longest result wins, as Readability does. */
#include "readers/extract.h"
#include "readers/extract_int.h"

#include <stdint.h>
#include <string.h>
#include "readers/dom.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/vec.h"

/* Text the article must hold for a pass to stop the retries (Readability's
 * 500; 400 chosen leaving one set out, docs/extraction.md): the retries
 * without the set-aside keep the longest text, and a short post came back
 * with the comment thread or the sidebar the first pass had set aside. */
#define ENOUGH_TEXT 400

static const struct {
    const char *name;
    etag tag;
} etags[] = {
    {"a", T_A},
    {"address", T_OTHER},
    {"applet", T_SKIP},
    {"article", T_ARTICLE},
    {"aside", T_ASIDE},
    {"audio", T_SKIP},
    {"blockquote", T_BLOCKQUOTE},
    {"body", T_BODY},
    {"br", T_BR},
    {"button", T_SKIP},
    {"canvas", T_SKIP},
    {"code", T_CODE},
    {"datalist", T_SKIP},
    {"dd", T_DD},
    {"div", T_DIV},
    {"dl", T_DL},
    {"dt", T_DT},
    {"embed", T_EMBED},
    {"fieldset", T_FIELDSET},
    {"figure", T_FIGURE},
    {"footer", T_FOOTER},
    {"form", T_FORM},
    {"frame", T_SKIP},
    {"frameset", T_SKIP},
    {"h1", T_H1},
    {"h2", T_H2},
    {"h3", T_H3},
    {"h4", T_H3},
    {"h5", T_H3},
    {"h6", T_H3},
    {"head", T_SKIP},
    {"header", T_HEADER},
    {"iframe", T_EMBED},
    {"img", T_IMG},
    {"input", T_INPUT},
    {"li", T_LI},
    {"link", T_SKIP},
    {"main", T_MAIN},
    {"meta", T_SKIP},
    {"nav", T_NAV},
    {"noembed", T_SKIP},
    {"noframes", T_SKIP},
    {"noscript", T_SKIP},
    {"object", T_EMBED},
    {"ol", T_OL},
    {"option", T_SKIP},
    {"p", T_P},
    {"pre", T_PRE},
    {"script", T_SKIP},
    {"section", T_SECTION},
    {"select", T_SKIP},
    {"style", T_SKIP},
    {"svg", T_SKIP},
    {"table", T_TABLE},
    {"td", T_TD},
    {"template", T_SKIP},
    {"textarea", T_SKIP},
    {"th", T_TH},
    {"title", T_SKIP},
    {"ul", T_UL},
    {"video", T_EMBED},
};

static etag tag_of(const xmlNode *n) {
    size_t lo = 0, hi = sizeof etags / sizeof etags[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp((const char *)n->name, etags[mid].name);
        if (c == 0)
            return etags[mid].tag;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return T_OTHER;
}

/* Words in class and id (substrings, case-insensitive) as Readability's
 * regular expressions list them; the unlikely ones are in dom.c. */
static const char *const negative_words[] = {
    "-ad-",       "hidden",     "banner",  "combx",          "comment", "com-",
    "contact",    "footer",     "gdpr",    "masthead",       "media",   "meta",
    "outbrain",   "promo",      "related", "scroll",         "share",   "shoutbox",
    "sidebar",    "skyscraper", "sponsor", "shopping",       "tags",    "widget",
    "newsletter", "byline",     "author",  "caption-credit", "recirc",  "taboola",
};
static const char *const positive_words[] = {"article", "body",    "content", "entry",
                                             "hentry",  "h-entry", "main",    "page",
                                             "post",    "text",    "blog",    "story"};
#define ANY(hay, list) gl_dom_any_word(hay, list, sizeof list / sizeof list[0])

/* "hid" as a whole class token (Readability's ^hid$| hid ...). */
static bool has_hid_token(const char *s) {
    for (const char *p = strstr(s, "hid"); p; p = strstr(p + 1, "hid"))
        if ((p == s || p[-1] == ' ') && (p[3] == '\0' || p[3] == ' '))
            return true;
    return false;
}

static int word_weight(const char *s) {
    if (!*s)
        return 0;
    int w = 0;
    if (ANY(s, negative_words) || has_hid_token(s))
        w -= 25;
    if (ANY(s, positive_words))
        w += 25;
    return w;
}

/* Readability weighs class and id separately. */
static int class_weight(const xmlNode *n) {
    char buf[256];
    int w = 0;
    const char *parts[2] = {gl_html_attr(n, "class"), gl_html_attr(n, "id")};
    for (int i = 0; i < 2; i++) {
        if (!parts[i])
            continue;
        size_t k = 0;
        for (const char *p = parts[i]; *p && k + 1 < sizeof buf; p++)
            buf[k++] = gl_html_space(*p) ? ' ' : gl_dom_lower(*p);
        buf[k] = '\0';
        w += word_weight(buf);
    }
    return w;
}

/* ---- per-element statistics ---- */

/* Counts characters of `s` as a browser's collapsed text: each run of white
 * space counts one; commas (Latin, Arabic, CJK full-width) are counted too. */
static void count_text(const char *s, uint32_t *chars, uint32_t *commas) {
    bool space = false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p & 0xC0) == 0x80)
            continue;
        if (gl_html_space((char)*p)) {
            if (!space)
                (*chars)++;
            space = true;
            continue;
        }
        space = false;
        (*chars)++;
        if (*p == ',')
            (*commas)++;
        else if (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8C) /* U+FF0C */
            (*commas)++;
        else if (p[0] == 0xD8 && p[1] == 0x8C) /* U+060C */
            (*commas)++;
        else if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x81) /* U+3001 */
            (*commas)++;
    }
}

/* Readability turns a <div> without these children into a paragraph. */
static bool is_block_for_div(etag t) {
    return t == T_BLOCKQUOTE || t == T_DL || t == T_DIV || t == T_IMG || t == T_OL || t == T_P ||
           t == T_PRE || t == T_TABLE || t == T_UL || t == T_SECTION || t == T_ARTICLE ||
           t == T_H1 || t == T_H2 || t == T_H3 || t == T_FIGURE || t == T_HEADER || t == T_FOOTER ||
           t == T_ASIDE || t == T_NAV || t == T_FORM || t == T_MAIN;
}

/* Numbers the elements under `top` (itself included) in document order,
 * leaving out what never shows (script, hidden...). */
static gl_status collect(ex *x, xmlNode *top) {
    xmlNode *n = top;
    while (n) {
        bool descend = false;
        if (n->type == XML_ELEMENT_NODE) {
            n->_private = NULL;
            etag t = tag_of(n);
            if (t != T_SKIP && !gl_html_is_hidden(n)) {
                if (gl_vec_grow(x->a, &x->els, &x->cap, x->n + 1, sizeof *x->els) != GL_OK)
                    return GL_ENOMEM;
                el *e = &x->els[x->n];
                memset(e, 0, sizeof *e);
                e->node = n;
                e->tag = t;
                e->parent = n == top ? 0 : idx_of(n->parent);
                x->n++;
                n->_private = (void *)(uintptr_t)x->n;
                descend = true;
            }
        }
        n = descend && n->children ? n->children : gl_html_next_skip(n, top);
    }
    return GL_OK;
}

/* Pass-independent facts: class/id words, block children, code context. */
static void classify(ex *x) {
    char buf[512];
    for (size_t i = 0; i < x->n; i++) {
        el *e = &x->els[i];
        el *p = e->parent ? &x->els[e->parent - 1] : NULL;
        e->in_code = p && (p->in_code || p->tag == T_PRE || p->tag == T_CODE || p->tag == T_TABLE);
        e->in_figure = p && (p->in_figure || p->tag == T_FIGURE);
        e->in_pre = p && (p->in_pre || p->tag == T_PRE || p->tag == T_CODE);
        e->last = i + 1;
        gl_dom_class_id(e->node, buf, sizeof buf);
        e->unlikely = !e->in_code && gl_dom_unlikely_cid(e->node, buf, true);
        e->weight = class_weight(e->node);
        if (p && is_block_for_div(e->tag))
            p->has_block = true;
    }
    /* A block holding the page's <article> or <main> is no boilerplate,
     * whatever its class says ("row site_header" around a whole story);
     * a sidebar of teaser cards, each an <article>, holds more than
     * GL_EXTRACT_ARTICLES of them and is set aside as its class says. */
    for (size_t i = x->n; i-- > 0;) {
        el *e = &x->els[i];
        el *p = e->parent ? &x->els[e->parent - 1] : NULL;
        e->articles += e->tag == T_ARTICLE;
        e->holds_article = e->holds_article || e->tag == T_MAIN;
        if (e->holds_article || (e->articles > 0 && e->articles <= GL_EXTRACT_ARTICLES))
            e->unlikely = false;
        if (p) {
            p->articles += e->articles;
            p->holds_article = p->holds_article || e->holds_article;
        }
        if (p && p->last < e->last)
            p->last = e->last;
    }
}

/* A block of running text: text alone (no block children, not a table or
 * a list), a line's length at least, a quarter or less of it in links. */
static bool prose_leaf(const el *e) {
    return !is_inline_tag(e->tag) && !e->has_block && e->tag != T_TABLE && !is_list(e) &&
           e->tag != T_DL && e->text >= GL_EXTRACT_PROSE && 4 * e->link <= e->text;
}

/* Sums text and counts bottom-up, leaving out what this pass set aside. */
static void measure(ex *x, unsigned flags) {
    for (size_t i = 0; i < x->n; i++) {
        el *e = &x->els[i];
        el *p = e->parent ? &x->els[e->parent - 1] : NULL;
        e->dead = (p && p->dead) || ((flags & F_STRIP_UNLIKELY) && e->unlikely);
        e->removed = e->dead;
        e->candidate = false;
        e->score = 0;
        e->text = e->link = e->commas = e->own = e->own_commas = 0;
        e->paras = e->imgs = e->lis = e->inputs = e->embeds = e->heads = e->prose = 0;
        if (e->dead)
            continue;
        for (const xmlNode *c = e->node->children; c; c = c->next)
            if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
                count_text((const char *)c->content, &e->own, &e->own_commas);
        e->text = e->own;
        e->commas = e->own_commas;
    }
    for (size_t i = x->n; i-- > 0;) {
        el *e = &x->els[i];
        if (e->dead)
            continue;
        /* An <a name> without href marks a place to link to, not a link:
         * a Q&A page's questions, each inside its anchor, read as links
         * and went (issue 16, seventh round). An <a> without either stays
         * a link: scripts follow those. */
        if (e->tag == T_A && (gl_html_attr(e->node, "href") || !gl_html_attr(e->node, "name")))
            e->link = e->text;
        e->paras += e->tag == T_P;
        e->imgs += e->tag == T_IMG;
        e->lis += e->tag == T_LI;
        e->inputs += e->tag == T_INPUT;
        e->embeds += e->tag == T_EMBED;
        e->heads += (e->tag == T_H1 || e->tag == T_H2 || e->tag == T_H3) ? e->text : 0;
        /* Running text: a block of text with few links, or the loose text
         * of a block holding others, of a line's length at least. */
        if (e->prose == 0 && prose_leaf(e))
            e->prose += e->text - e->link;
        else if (!is_inline_tag(e->tag) && e->has_block && e->own >= GL_EXTRACT_PROSE)
            e->prose += e->own;
        if (!e->parent)
            continue;
        el *p = &x->els[e->parent - 1];
        p->text += e->text;
        p->link += e->link;
        p->commas += e->commas;
        p->paras += e->paras;
        p->imgs += e->imgs;
        p->lis += e->lis;
        p->inputs += e->inputs;
        p->embeds += e->embeds;
        p->heads += e->heads;
        p->prose += e->prose;
        if (is_inline_tag(e->tag)) {
            p->own += e->own;
            p->own_commas += e->own_commas;
        }
    }
}

static void init_candidate(el *e, unsigned flags) {
    if (e->candidate)
        return;
    e->candidate = true;
    switch (e->tag) {
    case T_DIV:
        e->score = 5;
        break;
    case T_PRE:
    case T_TD:
    case T_BLOCKQUOTE:
        e->score = 3;
        break;
    case T_OL:
    case T_UL:
    case T_DL:
    case T_DD:
    case T_DT:
    case T_LI:
    case T_FORM:
        e->score = -3;
        break;
    case T_H1:
    case T_H2:
    case T_H3:
    case T_TH:
        e->score = -5;
        break;
    default:
        e->score = 0;
        break;
    }
    if (flags & F_WEIGHT_CLASSES)
        e->score += e->weight;
}

/* Gives a paragraph's points to up to five ancestors, starting at `first`. */
static void give_points(ex *x, size_t first, uint32_t len, uint32_t commas, unsigned flags) {
    if (len < 25 || !first)
        return;
    double points = 1.0 + commas + (len / 100 < 3 ? len / 100 : 3);
    size_t a = first;
    for (int level = 0; a && level < 5; level++) {
        el *e = &x->els[a - 1];
        init_candidate(e, flags);
        double div = level == 0 ? 1 : level == 1 ? 2 : level * 3.0;
        e->score += points / div;
        a = e->parent;
    }
}

static bool blank_text(const char *s) {
    for (; *s; s++)
        if (!gl_html_space(*s))
            return false;
    return true;
}

/* The loose text of element i in pieces, as Readability reads a <div>'s
 * (it wraps each run of loose text between block children in a <p>) and
 * any text after _replaceBrs (two <br>s in a row end a paragraph); other
 * blocks are read the same way here. With `give`, each piece scores as a
 * paragraph of i. Returns the pieces that hold text. The text of an
 * inline child counts as in `own` (a block inside a <font> scores on its
 * own). */
static int score_pieces(ex *x, size_t i, unsigned flags, bool give) {
    const el *e = &x->els[i - 1];
    uint32_t len = 0, commas = 0;
    int brs = 0, pieces = 0;
    for (const xmlNode *c = e->node->children;; c = c->next) {
        bool end = !c;
        if (c && (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content) {
            if (!blank_text((const char *)c->content)) {
                count_text((const char *)c->content, &len, &commas);
                brs = 0;
            }
            continue;
        }
        size_t k = c && c->type == XML_ELEMENT_NODE ? idx_of(c) : 0;
        const el *ce = k ? &x->els[k - 1] : NULL;
        if (ce && ce->dead) {
            continue;
        } else if (ce && ce->tag == T_BR) {
            end = ++brs >= 2;
        } else if (ce && is_inline_tag(ce->tag)) {
            len += ce->own;
            commas += ce->own_commas;
            brs = 0;
        } else if (ce) {
            end = true;
        }
        if (end) {
            pieces += len > 0;
            if (give)
                give_points(x, i, len, commas, flags);
            len = commas = 0;
            brs = 0;
        }
        if (!c)
            return pieces;
    }
}

static void score(ex *x, unsigned flags) {
    for (size_t i = 0; i < x->n; i++) {
        el *e = &x->els[i];
        if (e->dead)
            continue;
        /* A <div> or cell of text cut into paragraphs by <br><br> holds
         * them as a block holds its <p>s (a cell still scores whole, as
         * Readability scores every <td>). */
        if ((e->tag == T_DIV || e->tag == T_TD) && !e->has_block &&
            score_pieces(x, i + 1, flags, false) >= 2) {
            score_pieces(x, i + 1, flags, true);
            if (e->tag == T_TD)
                give_points(x, e->parent, e->text, e->commas, flags);
            continue;
        }
        bool para = e->tag == T_P || e->tag == T_PRE || e->tag == T_TD || e->tag == T_SECTION ||
                    e->tag == T_H2 || e->tag == T_H3 || (e->tag == T_DIV && !e->has_block);
        if (para)
            give_points(x, e->parent, e->text, e->commas, flags);
        else if (e->has_block && e->tag != T_BODY)
            score_pieces(x, i + 1, flags, true);
    }
    for (size_t i = 0; i < x->n; i++)
        if (x->els[i].candidate)
            x->els[i].score *= 1.0 - link_density(&x->els[i]);
}

/* The best candidate (index + 1), with Readability's adjustments: a common
 * ancestor of near winners, a scoring parent, an only child's parent. */
static size_t pick_top(ex *x, double *best_score, size_t *best_cand) {
    enum { TOP = 5 };
    size_t best[TOP] = {0};
    for (size_t i = 0; i < x->n; i++) {
        if (!x->els[i].candidate || x->els[i].dead)
            continue;
        double s = x->els[i].score;
        for (int k = 0; k < TOP; k++) {
            if (!best[k] || s > x->els[best[k] - 1].score) {
                memmove(best + k + 1, best + k, (TOP - 1 - k) * sizeof best[0]);
                best[k] = i + 1;
                break;
            }
        }
    }
    size_t top = best[0];
    if (!top)
        return 0;
    *best_score = x->els[top - 1].score;
    *best_cand = top;
    double top_score = x->els[top - 1].score;
    /* Near winners under one ancestor: the article is split into blocks. */
    size_t close[TOP];
    int nclose = 0;
    for (int k = 1; k < TOP && best[k]; k++)
        if (x->els[best[k] - 1].score / top_score >= 0.75)
            close[nclose++] = best[k];
    if (nclose >= 3) {
        for (size_t a = x->els[top - 1].parent; a && x->els[a - 1].tag != T_BODY;
             a = x->els[a - 1].parent) {
            int holding = 0;
            for (int k = 0; k < nclose; k++)
                holding += is_ancestor(x, a, close[k]) || close[k] == a;
            if (holding >= 3) {
                top = a;
                break;
            }
        }
    }
    if (!x->els[top - 1].candidate)
        init_candidate(&x->els[top - 1], 0);
    /* A parent scoring well above a third of the winner holds more of it. */
    double last = x->els[top - 1].score, threshold = last / 3;
    for (size_t a = x->els[top - 1].parent; a && x->els[a - 1].tag != T_BODY;
         a = x->els[a - 1].parent) {
        el *p = &x->els[a - 1];
        if (!p->candidate)
            continue;
        if (p->score < threshold)
            break;
        if (p->score > last) {
            top = a;
            break;
        }
        last = p->score;
    }
    /* An only child says nothing its parent does not. */
    for (;;) {
        el *t = &x->els[top - 1];
        size_t p = t->parent;
        if (!p || x->els[p - 1].tag == T_BODY)
            break;
        size_t kids = 0;
        for (const xmlNode *c = x->els[p - 1].node->children; c; c = c->next)
            kids += c->type == XML_ELEMENT_NODE && idx_of(c) && !x->els[idx_of(c) - 1].dead;
        if (kids != 1)
            break;
        top = p;
    }
    return top;
}

/* Whether a short paragraph reads as prose: it ends a sentence. */
static bool ends_sentence(const xmlNode *n) {
    const xmlNode *last = NULL;
    for (const xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_TEXT_NODE && c->content)
            last = c;
    if (!last)
        return false;
    const char *s = (const char *)last->content;
    size_t len = strlen(s);
    while (len && gl_html_space(s[len - 1]))
        len--;
    return (len && s[len - 1] == '.') || strstr(s, ". ");
}

/* The block under `top` that holds GL_EXTRACT_TIGHTEN of its running
 * text: a layout table or a page wrapper outscores the story it holds when
 * its menus and link lists are cut into many cells and blocks that each
 * give points, while the story's own block holds the prose. The blocks
 * holding that share nest (table, row, cell, story); the deepest one whose
 * leaving-out drops text of which GL_EXTRACT_TIGHTEN_LINKS or more is links
 * is taken, counting everything dropped on the way down: one step alone may
 * drop only a site's name, the next a menu. A story split across sibling
 * blocks has no such block; a block too short to be an article is not
 * taken. */
static size_t tighten(const ex *x, size_t top) {
    const el *t = &x->els[top - 1];
    double need = t->prose * GL_EXTRACT_TIGHTEN;
    size_t best = top;
    for (size_t at = top, next = top; need > 0 && next; at = next) {
        next = 0;
        for (const xmlNode *c = x->els[at - 1].node->children; c && !next; c = c->next) {
            size_t i = idx_of(c);
            const el *e = i ? &x->els[i - 1] : NULL;
            if (e && !e->dead && e->prose >= need && e->text >= GL_EXTRACT_MIN_TEXT &&
                e->tag != T_A &&
                (e->has_block || is_inline_tag(e->tag) || e->tag == T_TABLE || e->tag == T_TD))
                next = i;
        }
        if (next) {
            const el *e = &x->els[next - 1];
            if (t->link - e->link >= GL_EXTRACT_TIGHTEN_LINKS * (t->text - e->text))
                best = next;
        }
    }
    return best;
}

/* The story's headline when tightening left it out (it sits in a row or
 * block of its own above the story): the nearest <h1> or <h2>
 * (GL_EXTRACT_TIGHTEN_HEAD) before `tight` inside `top`, index + 1, 0 for
 * none. */
static size_t headline_before(const ex *x, size_t top, size_t tight) {
    for (size_t i = tight - 1; i > top; i--) {
        const el *e = &x->els[i - 1];
        int level = e->tag == T_H1 ? 1 : e->tag == T_H2 ? 2 : e->tag == T_H3 ? 3 : 0;
        if (level && level <= GL_EXTRACT_TIGHTEN_HEAD && !e->dead && e->text > 0 &&
            !is_ancestor(x, i, tight))
            return i;
    }
    return 0;
}

/* The first block of running text under `r` (index + 1), 0 for none. */
static size_t first_prose_leaf(const ex *x, size_t r) {
    for (size_t i = r + 1; i <= x->els[r - 1].last; i++) {
        if (!x->els[i - 1].dead && prose_leaf(&x->els[i - 1]))
            return i;
    }
    return 0;
}

/* Whether the path from `a` down to its first block of running text
 * (`la`, first_prose_leaf) is the path from `b` down to `lb`: the same
 * elements level by level, and below `a` and `b` the same classes (a story
 * cut into rows or blocks built alike; the first part's class may differ). */
static bool same_prose_path(const ex *x, size_t a, size_t la, size_t b, size_t lb) {
    if (!la || !lb)
        return false;
    for (;;) {
        const el *ea = &x->els[la - 1], *eb = &x->els[lb - 1];
        if (strcmp((const char *)ea->node->name, (const char *)eb->node->name) != 0)
            return false;
        if (la == a || lb == b)
            return la == a && lb == b;
        const char *ca = gl_html_attr(ea->node, "class"), *cb = gl_html_attr(eb->node, "class");
        if (strcmp(ca ? ca : "", cb ? cb : "") != 0)
            return false;
        la = ea->parent;
        lb = eb->parent;
    }
}

/* The siblings of `top` that belong with it (Readability's): candidates
 * scoring near it, and paragraphs that read as prose; and galley's:
 * blocks of prose built like it (GL_EXTRACT_SIBLING_PROSE). Fills pk->roots in
 * document order. */
static void merge_siblings(const ex *x, size_t top, pick *pk) {
    pk->count = 0;
    const el *t = &x->els[top - 1];
    size_t parent = t->parent;
    if (!parent || t->tag == T_BODY) {
        pk->roots[pk->count++] = top;
        return;
    }
    double threshold = t->score * 0.2 > 10 ? t->score * 0.2 : 10;
    const char *tcls = gl_html_attr(t->node, "class");
    size_t top_leaf = first_prose_leaf(x, top);
    for (const xmlNode *c = x->els[parent - 1].node->children; c; c = c->next) {
        size_t i = idx_of(c);
        if (!i || c->type != XML_ELEMENT_NODE || x->els[i - 1].dead)
            continue;
        const el *s = &x->els[i - 1];
        bool take = i == top;
        if (!take) {
            double bonus = 0;
            const char *scls = gl_html_attr(c, "class");
            if (tcls && *tcls && scls && strcmp(tcls, scls) == 0)
                bonus = t->score * 0.2;
            if (s->candidate && s->score + bonus >= threshold)
                take = true;
            else if (s->prose >= GL_EXTRACT_SIBLING_PROSE * s->text && link_density(s) < 0.25 &&
                     same_prose_path(x, i, first_prose_leaf(x, i), top, top_leaf))
                take = true;
            else if (s->tag == T_P || (s->tag == T_DIV && !s->has_block)) {
                /* a <div> of text is a paragraph, as Readability turns it into one */
                double ld = link_density(s);
                take = (s->text > 80 && ld < 0.25) ||
                       (s->text > 0 && s->text <= 80 && ld == 0 && ends_sentence(c));
            }
        }
        if (take && pk->count < sizeof pk->roots / sizeof pk->roots[0])
            pk->roots[pk->count++] = i;
    }
}

/* Runs one pass with `flags`: picks the top candidate and its siblings,
 * marks the cleaning, and counts the text kept. */
static void run_pass(ex *x, unsigned flags, pick *pk) {
    memset(pk, 0, sizeof *pk);
    measure(x, flags);
    score(x, flags);
    size_t top = pick_top(x, &pk->best, &pk->cand);
    pk->top = top;
    if (!top)
        return;
    merge_siblings(x, top, pk);
    /* A block picked alone may be a wrapper around the story */
    size_t tight = pk->count == 1 ? tighten(x, top) : top;
    if (tight != top) {
        pk->top = tight;
        pk->roots[0] = tight;
        size_t head = headline_before(x, top, pk->roots[0]);
        if (head && pk->count < sizeof pk->roots / sizeof pk->roots[0]) {
            memmove(pk->roots + 1, pk->roots, pk->count * sizeof pk->roots[0]);
            pk->roots[0] = head;
            pk->count++;
        }
    }
    for (size_t k = 0; k < pk->count; k++) {
        gl_extract_clean(x, pk->roots[k], pk->cand, flags);
        pk->text += gl_extract_kept_text(x, pk->roots[k]);
    }
}

/* Unlinks and frees the removed elements at the top of each removed run. */
static void apply(ex *x, const pick *pk, gl_extract *out) {
    for (size_t k = 0; k < pk->count; k++)
        gl_extract_mark_captions(x, pk->roots[k], pk->text);
    for (size_t k = 0; k < pk->count; k++) {
        size_t r = pk->roots[k];
        for (size_t i = r + 1; i <= x->els[r - 1].last; i++) {
            el *e = &x->els[i - 1];
            if (e->removed && !x->els[e->parent - 1].removed) {
                xmlUnlinkNode(e->node);
                xmlFreeNode(e->node);
                out->removed++;
            }
        }
    }
}

static const unsigned passes[] = {F_STRIP_UNLIKELY | F_WEIGHT_CLASSES | F_CLEAN,
                                  F_WEIGHT_CLASSES | F_CLEAN, F_CLEAN, 0};

gl_status gl_extract_article(gl_extract *out, xmlNode *body, const gl_options *opt, gl_error *err) {
    memset(out, 0, sizeof *out);
    ex x = {.a = gl_allocator_of(opt)};
    gl_status st = body ? collect(&x, body) : GL_OK;
    pick *pk = gl_malloc(x.a, sizeof *pk);
    if (st != GL_OK || !pk) {
        gl_free(x.a, x.els);
        gl_free(x.a, pk);
        return gl_fail(err, GL_ENOMEM, 0, "out of memory scoring the page");
    }
    if (x.n)
        classify(&x);
    unsigned best_pass = 0;
    size_t best_text = 0;
    bool found = false, best_ok = false;
    for (unsigned p = 0; x.n && p < sizeof passes / sizeof passes[0]; p++) {
        run_pass(&x, passes[p], pk);
        if (!pk->top)
            continue;
        /* A pass that reads as an article beats one that does not, however
         * long: without class weights a real article can score under the
         * minimum, and the page would be converted whole. */
        bool ok = pk->best >= GL_EXTRACT_MIN_SCORE && pk->text >= GL_EXTRACT_MIN_TEXT;
        if (!found || (ok && !best_ok) || (ok == best_ok && pk->text > best_text)) {
            best_pass = p;
            best_text = pk->text;
            best_ok = ok;
            found = true;
        }
        if (pk->text >= ENOUGH_TEXT)
            break;
    }
    if (found) {
        run_pass(&x, passes[best_pass], pk);
        const el *t = &x.els[pk->top - 1];
        out->score = pk->best;
        out->text = pk->text;
        out->tag = (const char *)t->node->name;
        out->cls = gl_html_attr(t->node, "class");
        out->pass = best_pass;
    }
    if (!found || out->score < GL_EXTRACT_MIN_SCORE || out->text < GL_EXTRACT_MIN_TEXT) {
        out->fallback = true;
        pk->count = 0;
    }
    size_t count = out->fallback ? (body ? 1 : 0) : pk->count;
    out->roots = count ? gl_malloc_array(x.a, count, sizeof *out->roots) : NULL;
    if (count && !out->roots) {
        st = gl_fail(err, GL_ENOMEM, 0, "out of memory scoring the page");
    } else if (out->fallback) {
        if (count)
            out->roots[0] = body;
    } else {
        for (size_t k = 0; k < count; k++)
            out->roots[k] = x.els[pk->roots[k] - 1].node;
        apply(&x, pk, out);
    }
    out->count = st == GL_OK ? count : 0;
    gl_free(x.a, x.els);
    gl_free(x.a, pk);
    return st;
}

void gl_extract_free(gl_extract *x, const gl_options *opt) {
    gl_free(gl_allocator_of(opt), x->roots);
    x->roots = NULL;
    x->count = 0;
}
