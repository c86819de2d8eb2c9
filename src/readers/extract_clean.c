/* Cleaning inside the picked article (docs/extraction.md, step 7): blocks
 * that read as widgets, share bars, promotions and lines about the article
 * are marked removed; caption blocks become figures. */
#include "readers/extract_int.h"

#include <string.h>
#include "readers/dom.h"

#define ANY(hay, list) gl_dom_any_word(hay, list, sizeof list / sizeof list[0])

/* Share bars and similar small widgets, removed inside the article. */
static const char *const share_words[] = {
    "share",   "sharedaddy", "social",   "follow-us",    "newsletter", "subscribe",
    "related", "read-more",  "readmore", "more-stories", "recommend",  "promo",
    "advert",  "sponsor",    "tags",     "byline",       "author-bio"};
/* Lines about the article rather than of it (dates, bylines, photo
 * credits), removed when short. */
static const char *const meta_words[] = {"date",     "time",   "byline",    "author",  "credit",
                                         "dateline", "posted", "published", "updated", "timestamp"};
/* A site's legal notice, removed however long: a league's trademark list
 * ran to 800 characters of prose under the story (chosen leaving one set
 * out). */
static const char *const legal_words[] = {"copyright", "disclaimer"};

/* Readability's "clean conditionally": a table, list, div or form that
 * reads as a widget rather than prose. */
static bool widget_like(const el *e, unsigned flags) {
    bool list = is_list(e);
    /* A list or a table of running text (bullet points of a story, a
     * thread of replies, a forum's posts each in a table) is part of it,
     * whatever its score or its images: a list starts below zero and its
     * items give it no points (chosen leaving one set out). So is a <div>
     * of text alone, which Readability turns into a paragraph before it
     * cleans: a sentence with one link in a fifth of it is not a widget
     * (issue 16, seventh round). */
    bool text_div = e->tag == T_DIV && !e->has_block;
    if ((list || e->tag == T_TABLE || text_div) && 2 * e->prose >= e->text &&
        link_density(e) < 0.25)
        return false;
    int weight = (flags & F_WEIGHT_CLASSES) ? e->weight : 0;
    if (weight + (e->candidate ? e->score : 0) < 0)
        return true;
    if (e->commas >= 10)
        return false;
    double ld = link_density(e);
    double heading = e->text ? (double)e->heads / e->text : 0;
    bool in_figure = e->in_figure;
    long paras = e->paras, imgs = e->imgs, lis = (long)e->lis - 100;
    bool pictured_prose = 2 * e->prose >= e->text && e->prose >= GL_EXTRACT_IMAGE_PROSE * e->imgs;
    if (imgs > 1 && (double)paras / (double)imgs < 0.5 && !in_figure && !pictured_prose)
        return true;
    if (!list && lis > paras)
        return true;
    if (e->inputs > e->paras / 3)
        return true;
    if (!list && heading < 0.9 && e->text < 25 && (imgs == 0 || imgs > 2) && !in_figure)
        return true;
    if (!list && weight < 25 && ld > 0.2)
        return true;
    if (weight >= 25 && ld > 0.5)
        return true;
    /* Two embeds or more make a video strip, unless half the block is
     * running text: a story with two videos in it (chosen leaving one set
     * out). */
    if ((e->embeds == 1 && e->text < 75) || (e->embeds > 1 && 2 * e->prose < e->text))
        return true;
    if (list && ld > 0.5)
        return true;
    return false;
}

/* A table tabulates data when Readability's _markDataTables says so by
 * its markup: a summary, a caption, header cells, a head or foot, column
 * groups; a "presentation" role or datatable="0" says layout. Its size
 * does not count here: Readability's rule that ten rows or five columns
 * make data took layout tables of menus for data (tried leaving one set
 * out: CleanEval -0.0006, L3S -0.0007; issue 16, seventh round). */
static bool data_table(const ex *x, size_t t) {
    const xmlNode *n = x->els[t - 1].node;
    const char *role = gl_html_attr(n, "role"), *flag = gl_html_attr(n, "datatable");
    const char *summary = gl_html_attr(n, "summary");
    if ((role && strcmp(role, "presentation") == 0) || (flag && strcmp(flag, "0") == 0))
        return false;
    if (summary && *summary)
        return true;
    static const char *const marks[] = {"caption", "thead", "tfoot", "col", "colgroup"};
    /* The head is near the top: a bounded look keeps nested tables linear. */
    size_t end = x->els[t - 1].last < t + 500 ? x->els[t - 1].last : t + 500;
    for (size_t i = t + 1; i <= end; i++) {
        if (x->els[i - 1].tag == T_TH)
            return true;
        const char *name = (const char *)x->els[i - 1].node->name;
        for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++)
            if (strcmp(name, marks[k]) == 0)
                return true;
    }
    return false;
}

/* Calls to action that open a short block with a link in it ("Read more:
 * <a>headline</a>"), in the languages the date reader knows. */
static const char *const promo_openers[] = {
    "read more",    "read also",   "also read",      "see more",       "see also",    "related:",
    "more:",        "watch:",      "listen:",        "recommended:",   "don't miss",  "lire aussi",
    "à lire aussi", "voir aussi",  "lesen sie auch", "mehr zum thema", "siehe auch",  "lee también",
    "leer más",     "ver también", "leia mais",      "leia também",    "veja também", "leggi anche",
    "lees ook",     "bekijk ook"};
/* Words of newsletter and follow-us promotions, anywhere in a short block
 * with a link. */
static const char *const promo_words[] = {
    "newsletter",     "sign up",   "subscribe",  "follow us",  "click here",
    "inscrivez-vous", "abonnez",   "abonnieren", "anmelden",   "suscríbete",
    "suscribirse",    "iscriviti", "assine",     "inschrijven"};

/* The text of n's subtree, lowercased (ASCII), spaces collapsed, into
 * out[cap] (cut at cap). An iterative walk: nesting is unbounded. */
static void block_text(const xmlNode *n, char *out, size_t cap) {
    size_t k = 0;
    bool space = true;
    const xmlNode *c = n->children;
    while (c && k + 1 < cap) {
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content) {
            for (const char *p = (const char *)c->content; *p && k + 1 < cap; p++) {
                if (gl_html_space(*p)) {
                    if (!space)
                        out[k++] = ' ';
                    space = true;
                } else {
                    out[k++] = gl_dom_lower(*p);
                    space = false;
                }
            }
        }
        if (c->type == XML_ELEMENT_NODE && c->children) {
            c = c->children;
            continue;
        }
        while (c && c != n && !c->next)
            c = c->parent;
        c = c && c != n ? c->next : NULL;
    }
    out[k] = '\0';
}

/* A heading whose next element holds GL_EXTRACT_HEAD_PROSE characters of
 * prose or more: a post's linked title above its text, not a list of
 * links (chosen leaving one set out). */
static bool heading_of_prose(const ex *x, const el *e) {
    if (e->tag != T_H1 && e->tag != T_H2 && e->tag != T_H3)
        return false;
    const xmlNode *n = e->node->next;
    while (n && n->type != XML_ELEMENT_NODE)
        n = n->next;
    size_t k = idx_of(n);
    return k && x->els[k - 1].prose >= GL_EXTRACT_HEAD_PROSE;
}

/* A short block with a link that promotes rather than tells: "Read more:
 * ...", "Sign up for our newsletter", "Follow us on ...". */
static bool promo_block(const el *e) {
    if (e->text == 0 || e->text > 300 || e->link == 0 || e->has_block)
        return false;
    char buf[640];
    block_text(e->node, buf, sizeof buf);
    for (size_t i = 0; i < sizeof promo_openers / sizeof promo_openers[0]; i++)
        if (strncmp(buf, promo_openers[i], strlen(promo_openers[i])) == 0)
            return true;
    return ANY(buf, promo_words);
}

/* Marks what cleaning removes under root `r` (index + 1), never the best
 * candidate `cand` nor a block holding it: an ancestor promoted to the
 * article must not lose the text that made it win (a story with two
 * embedded videos reads as a widget to the embed rule). */
void gl_extract_clean(ex *x, size_t r, size_t cand, unsigned flags) {
    char buf[512];
    el *root = &x->els[r - 1];
    root->data_table = root->tag == T_TABLE && data_table(x, r);
    root->in_data_table = false;
    for (size_t a = root->parent; a && !root->in_data_table; a = x->els[a - 1].parent)
        root->in_data_table = x->els[a - 1].tag == T_TABLE && data_table(x, a);
    for (size_t i = r + 1; i <= root->last; i++) {
        el *e = &x->els[i - 1];
        if (e->removed)
            continue;
        el *p = &x->els[e->parent - 1];
        if (p->removed) {
            e->removed = true;
            continue;
        }
        e->data_table = e->tag == T_TABLE && data_table(x, i);
        e->in_data_table = p->in_data_table || p->data_table;
        /* Readability's widget test skips code and data tables only, as
         * its _cleanConditionally does: a sidebar or a block of links is
         * one in a layout table's cell too. galley's own tests (class
         * words, promotions, lone links, link lists) skip every table, as
         * before: in layout tables they cost Dragnet and L3S held out
         * (issue 16, seventh round). */
        bool shielded = e->in_pre || e->in_data_table;
        bool drop = false;
        switch (e->tag) {
        case T_FOOTER:
        case T_NAV:
        case T_EMBED:
        case T_INPUT:
            drop = true;
            break;
        case T_H1:
        case T_H2:
            drop = (flags & F_WEIGHT_CLASSES) && e->weight < 0;
            break;
        case T_P:
            drop = e->text == 0 && e->imgs == 0 && e->embeds == 0;
            break;
        case T_FORM:
        case T_FIELDSET:
            drop = (flags & F_CLEAN) ? widget_like(e, flags) : false;
            break;
        case T_TABLE:
            drop = (flags & F_CLEAN) && !shielded && !e->data_table && widget_like(e, flags);
            break;
        case T_ASIDE: /* a fact box stays; pull quotes of links and promos go */
        case T_UL:
        case T_OL:
        case T_DIV:
        case T_SECTION:
        case T_HEADER:
            drop = (flags & F_CLEAN) && !shielded && widget_like(e, flags);
            break;
        default:
            break;
        }
        if (!drop && (flags & F_CLEAN) && !e->in_code && e->tag != T_A) {
            gl_dom_class_id(e->node, buf, sizeof buf);
            drop = *buf && !gl_dom_maybe_content(buf) &&
                   (ANY(buf, legal_words) ||
                    (e->text < 500 &&
                     (ANY(buf, share_words) || (e->text < 120 && ANY(buf, meta_words)))));
        }
        if (!drop && (flags & F_CLEAN) && !e->in_code &&
            (e->tag == T_P || e->tag == T_DIV || e->tag == T_LI) && promo_block(e))
            drop = true;
        /* A short block that is one link: "Read more here", a related headline. */
        if (!drop && (flags & F_CLEAN) && !e->in_code && (e->tag == T_P || e->tag == T_DIV) &&
            !e->has_block && e->text > 0 && e->text < 120 && link_density(e) > 0.9)
            drop = true;
        /* A block of links with no running text (a list of related or
         * most-read stories, a menu) goes, whatever its tag (a table cell,
         * a list item) and however many commas its titles hold; not a
         * linked heading over a block of prose. */
        if (!drop && (flags & F_CLEAN) && !e->in_code && !is_inline_tag(e->tag) && e->prose == 0 &&
            !heading_of_prose(x, e) && e->text >= GL_EXTRACT_LINK_LIST && 2 * e->link > e->text)
            drop = true;
        if (drop && (i == cand || is_ancestor(x, i, cand)))
            drop = false;
        e->removed = drop;
    }
}

size_t gl_extract_kept_text(const ex *x, size_t r) {
    size_t sum = x->els[r - 1].text;
    for (size_t i = r + 1; i <= x->els[r - 1].last; i++) {
        const el *e = &x->els[i - 1];
        if (e->removed && !x->els[e->parent - 1].removed)
            sum -= e->text < sum ? e->text : sum;
    }
    return sum;
}

/* Pages often caption a photo with a <div>/<span> whose class says
 * "caption" next to the image's block, not with <figure>/<figcaption>. When
 * the nearest ancestor holding an image holds little else, it is renamed
 * <figure> and the caption <figcaption>, so the document tree knows a
 * caption (kept in every output, left out of the running text of
 * --body-only) from a paragraph. */
void gl_extract_mark_captions(ex *x, size_t r, size_t kept) {
    char buf[512];
    for (size_t i = r + 1; i <= x->els[r - 1].last; i++) {
        el *e = &x->els[i - 1];
        /* A caption holding half the article is its story (a photo page
         * told in its caption): it stays running text. */
        if (e->removed || e->in_figure || e->in_code || e->text == 0 || e->text > 400 ||
            e->imgs > 0 || e->tag == T_FIGURE || 2 * (size_t)e->text > kept)
            continue;
        gl_dom_class_id(e->node, buf, sizeof buf);
        if (!strstr(buf, "caption"))
            continue;
        size_t a = e->parent;
        for (int level = 0; a > r && level < 3; level++) {
            el *p = &x->els[a - 1];
            if (p->imgs > 0) {
                if (p->text <= e->text + 40 && !p->in_figure && p->tag != T_A && !p->removed) {
                    xmlNodeSetName(p->node, (const xmlChar *)"figure");
                    xmlNodeSetName(e->node, (const xmlChar *)"figcaption");
                    i = e->last;
                }
                break;
            }
            a = p->parent;
        }
    }
}
