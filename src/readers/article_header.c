/* Saved web articles (read-it-later exports, "save as Markdown" extensions)
 * put the page's metadata in the first and last paragraphs. Recognising that
 * shape gives the writers a real title block instead of loose paragraphs; a
 * document of any other shape is left exactly as it was. */
#include "readers/article_header.h"

#include <stdbool.h>
#include <string.h>
#include <utf8proc.h>
#include "util/date.h"
#include "util/error.h"
#include "util/alloc.h"
#include "util/utf8.h"

enum {
    MAX_BYLINE = 200, /* bytes: longer is a sentence, not a by-line */
    MAX_NAME = 100,   /* bytes of one author's name */
    MAX_AUTHORS = 20,
    MAX_SITE = 80 /* characters of a site name, per the issue */
};

typedef enum part { PART_NONE, PART_BYLINE, PART_DATE, PART_SITE } part;

typedef struct span {
    size_t off, len;
} span;

static const char *const url_labels[] = {"original url", "source"};

gl_status gl_article_text(const gl_node *node, gl_buf *out) {
    gl_iter it;
    gl_iter_init(&it, node);
    while (gl_iter_next(&it) != GL_EVENT_NONE) {
        const gl_node *n = it.node;
        if (it.event != GL_EVENT_ENTER)
            continue;
        if ((n->type == GL_NODE_TEXT || n->type == GL_NODE_CODE || n->type == GL_NODE_IMAGE) &&
            n->text)
            gl_buf_append(out, n->text, n->text_len);
        else if (n->type == GL_NODE_LINE_BREAK)
            gl_buf_putc(out, ' ');
    }
    return out->status;
}

static bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }

static bool starts_with_nocase(const char *s, size_t len, const char *prefix) {
    size_t n = strlen(prefix);
    if (len < n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (lower(s[i]) != prefix[i])
            return false;
    return true;
}

/* Trims and collapses runs of white space (U+00A0 included, as pages use it
 * to pad names) to one space, in place. */
static void collapse(gl_buf *b) {
    if (!b->data)
        return;
    size_t w = 0;
    bool pending = false;
    for (size_t r = 0; r < b->len;) {
        size_t n = 0;
        if (is_ascii_space(b->data[r]))
            n = 1;
        else if (r + 1 < b->len && (unsigned char)b->data[r] == 0xC2 &&
                 (unsigned char)b->data[r + 1] == 0xA0)
            n = 2;
        if (n) {
            pending = w > 0;
            r += n;
            continue;
        }
        if (pending)
            b->data[w++] = ' ';
        pending = false;
        b->data[w++] = b->data[r++];
    }
    b->len = w;
    b->data[w] = '\0';
}

/* The collapsed plain text of `node` into `b` (cleared first). */
static gl_status text_of(const gl_node *node, gl_buf *b) {
    gl_buf_clear(b);
    gl_status st = gl_article_text(node, b);
    if (st == GL_OK)
        collapse(b);
    return st;
}

static bool only_phrasing(const gl_node *p) {
    gl_iter it;
    gl_iter_init(&it, p);
    while (gl_iter_next(&it) != GL_EVENT_NONE) {
        gl_node_type t = it.node->type;
        if (it.node != p && t != GL_NODE_TEXT && t != GL_NODE_LINK && t != GL_NODE_EMPH &&
            t != GL_NODE_STRONG)
            return false;
    }
    return true;
}

static span trim(const char *s, span x) {
    while (x.len && is_ascii_space(s[x.off]))
        x.off++, x.len--;
    while (x.len && is_ascii_space(s[x.off + x.len - 1]))
        x.len--;
    return x;
}

/* Adds s[x] to the names unless empty; false when the piece cannot be a name. */
static bool add_name(const char *s, span x, span *names, size_t *count) {
    x = trim(s, x);
    if (x.len >= 4 && starts_with_nocase(s + x.off, x.len, "and ")) {
        x.off += 4; /* the Oxford comma: "Ann, Bo, and Cy" */
        x.len -= 4;
        x = trim(s, x);
    }
    if (x.len == 0)
        return true;
    if (x.len > MAX_NAME || *count == MAX_AUTHORS)
        return false;
    for (size_t i = 0; i < x.len; i++)
        if (s[x.off + i] >= '0' && s[x.off + i] <= '9')
            return false; /* "By Ann Lee | 12 Nov" is not a list of names */
    /* Names are capitalised; "By the way, ..." starts a sentence instead. */
    int32_t cp;
    gl_utf8_decode(s + x.off, x.len, &cp);
    utf8proc_category_t cat = cp < 0 ? UTF8PROC_CATEGORY_CN : utf8proc_category(cp);
    if (cat != UTF8PROC_CATEGORY_LU && cat != UTF8PROC_CATEGORY_LT)
        return false;
    names[(*count)++] = x;
    return true;
}

/* Splits "Ann Lee, Bo Chen and Cy Dow" on commas, '&' and " and ". */
static bool split_names(const char *s, size_t len, span *names, size_t *count) {
    *count = 0;
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        size_t sep = 0;
        if (i == len || s[i] == ',' || s[i] == '&')
            sep = 1;
        else if (s[i] == ' ' && len - i >= 5 && starts_with_nocase(s + i, len - i, " and "))
            sep = 5;
        if (!sep)
            continue;
        if (!add_name(s, (span){start, i - start}, names, count))
            return false;
        start = i + sep;
        i += sep - 1;
    }
    return *count > 0;
}

/* "By NAME", "by: NAME"; the names' offsets into `t` go to `names`. */
static bool is_byline(const gl_node *p, const char *t, size_t len, span *names, size_t *count) {
    if (len > MAX_BYLINE || len < 4 || !starts_with_nocase(t, len, "by") ||
        (t[2] != ' ' && t[2] != ':') || !only_phrasing(p))
        return false;
    size_t off = 2;
    if (t[off] == ':')
        off++;
    if (!split_names(t + off, len - off, names, count))
        return false;
    for (size_t i = 0; i < *count; i++)
        names[i].off += off;
    return true;
}

/* A paragraph holding one STRONG and nothing else (white space aside). */
static const gl_node *sole_strong(const gl_node *p) {
    const gl_node *strong = NULL;
    for (const gl_node *c = p->first_child; c; c = c->next) {
        if (c->type == GL_NODE_TEXT) {
            for (size_t i = 0; i < c->text_len; i++)
                if (!is_ascii_space(c->text[i]))
                    return NULL;
        } else if (c->type == GL_NODE_STRONG && !strong) {
            strong = c;
        } else {
            return NULL;
        }
    }
    return strong;
}

static size_t char_count(const char *s, size_t len) {
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* Length of a leading "Original url:" / "Source" label (colon optional, any
 * case), blanks after it included; 0 when `t` does not start with one. */
static size_t url_label(const char *t, size_t len) {
    for (size_t i = 0; i < sizeof url_labels / sizeof url_labels[0]; i++) {
        size_t n = strlen(url_labels[i]);
        if (!starts_with_nocase(t, len, url_labels[i]) || (n < len && t[n] != ':' && t[n] != ' '))
            continue;
        if (n < len && t[n] == ' ')
            n++;
        if (n < len && t[n] == ':')
            n++;
        if (n < len && t[n] == ' ')
            n++;
        return n;
    }
    return 0;
}

static bool is_web_url(const char *s, size_t len) {
    if (!starts_with_nocase(s, len, "http://") && !starts_with_nocase(s, len, "https://"))
        return false;
    for (size_t i = 0; i < len; i++)
        if (is_ascii_space(s[i]))
            return false;
    return len > 8;
}

/* The URL a paragraph gives: an autolink's target, else the bare text. */
static gl_status set_url(gl_doc *doc, const gl_node *p, const char *t, size_t len) {
    gl_iter it;
    gl_iter_init(&it, p);
    while (gl_iter_next(&it) != GL_EVENT_NONE) {
        const gl_node *n = it.node;
        if (it.event == GL_EVENT_ENTER && n->type == GL_NODE_LINK && n->url &&
            is_web_url(n->url, strlen(n->url))) {
            t = n->url;
            len = strlen(n->url);
            break;
        }
    }
    if (gl_doc_meta(doc, GL_META_URL))
        return GL_OK;
    gl_status st = gl_doc_set_meta(doc, GL_META_URL, t, len, "Original url paragraph");
    return st == GL_ENOMEM ? GL_ENOMEM : GL_OK;
}

static gl_status read_footer(gl_doc *doc, gl_node *root, gl_buf *b) {
    gl_node *last = root->last_child;
    while (last && last->type == GL_NODE_FOOTNOTE_DEF)
        last = last->prev;
    if (!last || last->type != GL_NODE_PARAGRAPH)
        return GL_OK;
    gl_status st = text_of(last, b);
    if (st != GL_OK)
        return st;
    size_t label = url_label(b->data, b->len);
    if (label && is_web_url(b->data + label, b->len - label)) {
        st = set_url(doc, last, b->data + label, b->len - label);
        if (st == GL_OK)
            gl_node_unlink(last);
        return st;
    }
    gl_node *prev = last->prev;
    if (label || !is_web_url(b->data, b->len) || !prev || prev->type != GL_NODE_PARAGRAPH)
        return GL_OK;
    gl_buf lb;
    gl_buf_init(&lb, b->alloc, 0);
    st = text_of(prev, &lb);
    if (st == GL_OK && lb.len && url_label(lb.data, lb.len) == lb.len) {
        st = set_url(doc, last, b->data, b->len);
        if (st == GL_OK) {
            gl_node_unlink(prev);
            gl_node_unlink(last);
        }
    }
    gl_buf_free(&lb);
    return st;
}

static bool same_title(const char *a, size_t alen, const char *b) {
    size_t blen = strlen(b);
    /* The front matter's title is compared collapsed too: YAML folds lines. */
    size_t i = 0, j = 0;
    while (i < alen && j < blen) {
        if (is_ascii_space(a[i]) && is_ascii_space(b[j])) {
            while (i < alen && is_ascii_space(a[i]))
                i++;
            while (j < blen && is_ascii_space(b[j]))
                j++;
            continue;
        }
        if (lower(a[i]) != lower(b[j]))
            return false;
        i++, j++;
    }
    return i == alen && j == blen;
}

static gl_status apply_part(gl_doc *doc, part kind, const gl_buf *b, const span *names,
                            size_t count) {
    gl_status st = GL_OK;
    char iso[GL_DATE_ISO_MAX];
    switch (kind) {
    case PART_BYLINE:
        if (gl_doc_author_count(doc))
            break;
        for (size_t i = 0; i < count && st == GL_OK; i++)
            st = gl_doc_add_author(doc, b->data + names[i].off, names[i].len, "by-line paragraph");
        break;
    case PART_DATE:
        if (gl_doc_meta(doc, GL_META_DATE) || gl_doc_meta(doc, GL_META_DATE_TEXT) ||
            gl_date_parse(b->data, b->len, iso) != GL_OK)
            break;
        st = gl_doc_set_meta(doc, GL_META_DATE, iso, strlen(iso), "date paragraph");
        if (st == GL_OK)
            st = gl_doc_set_meta(doc, GL_META_DATE_TEXT, b->data, b->len, "date paragraph");
        break;
    case PART_SITE:
        if (!gl_doc_meta(doc, GL_META_SITE))
            st = gl_doc_set_meta(doc, GL_META_SITE, b->data, b->len, "bold site paragraph");
        break;
    case PART_NONE:
        break;
    }
    return st == GL_ENOMEM ? GL_ENOMEM : GL_OK;
}

/* What header paragraph `p` is; `b` gets its collapsed text (for the site
 * name: the bold text's), `names` the authors of a by-line. */
static gl_status classify(const gl_node *p, gl_buf *b, span *names, size_t *count, part *kind) {
    *kind = PART_NONE;
    if (p->type != GL_NODE_PARAGRAPH)
        return GL_OK;
    gl_status st = text_of(p, b);
    if (st != GL_OK || b->len == 0)
        return st;
    char iso[GL_DATE_ISO_MAX];
    const gl_node *strong;
    if (is_byline(p, b->data, b->len, names, count))
        *kind = PART_BYLINE;
    else if (gl_date_parse(b->data, b->len, iso) == GL_OK)
        *kind = PART_DATE;
    else if ((strong = sole_strong(p)) != NULL) {
        st = text_of(strong, b);
        if (st == GL_OK && b->len && char_count(b->data, b->len) < MAX_SITE)
            *kind = PART_SITE;
    }
    return st;
}

static gl_status read_header(gl_doc *doc, gl_node *root, gl_buf *b) {
    gl_node *h1 = root->first_child;
    if (!h1 || h1->type != GL_NODE_HEADING || h1->level != 1)
        return GL_OK;
    gl_status st = text_of(h1, b);
    if (st != GL_OK || b->len == 0)
        return st;
    const char *fm_title = gl_doc_meta(doc, GL_META_TITLE);
    if (fm_title && !same_title(b->data, b->len, fm_title))
        return GL_OK;
    if (!fm_title) {
        st = gl_doc_set_meta(doc, GL_META_TITLE, b->data, b->len, "leading h1");
        if (st != GL_OK)
            return st;
    }
    gl_node *next = h1->next;
    gl_node_unlink(h1);
    bool seen[PART_SITE + 1] = {false};
    span names[MAX_AUTHORS];
    size_t count = 0;
    for (gl_node *p = next; p; p = next) {
        next = p->next;
        part kind;
        st = classify(p, b, names, &count, &kind);
        if (st != GL_OK || kind == PART_NONE || seen[kind])
            return st;
        seen[kind] = true;
        st = apply_part(doc, kind, b, names, count);
        if (st != GL_OK)
            return st;
        gl_node_unlink(p);
    }
    return GL_OK;
}

gl_status gl_article_header_apply(gl_doc *doc, const gl_options *opt, gl_error *err) {
    gl_node *root = gl_doc_root_mut(doc);
    gl_buf b;
    gl_buf_init(&b, gl_allocator_of(opt), 0);
    gl_status st = read_header(doc, root, &b);
    if (st == GL_OK)
        st = read_footer(doc, root, &b);
    gl_buf_free(&b);
    if (st != GL_OK)
        return gl_fail(err, st, 0, "out of memory reading the article header");
    return GL_OK;
}
