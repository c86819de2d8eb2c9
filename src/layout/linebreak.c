/* Greedy first-fit line breaking over UAX #14 opportunities.
 *
 * libunibreak marks, for each byte, whether a line may (or must) end after it.
 * The text between two opportunities is a segment: a word followed by the
 * spaces that UAX #14 attaches to it (LB18 breaks after spaces, so they end the
 * segment). Each segment is measured once, as its word part and its space
 * part, and a line's running width is the sum of those measures. Summing is
 * exact for terminal columns and for PDF text without kerning, which is what
 * galley draws; it also keeps the work linear: no line is ever re-measured
 * from its start while it is being filled. Only the finished line is measured
 * once more, whole, for gl_line.width, so the total measured length is still
 * about twice the paragraph. */
#include "layout/linebreak.h"

#include <math.h>

#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <wchar.h>
#include <linebreak.h>
#include <thai/thbrk.h>
#include <thai/thwbrk.h>
#include <utf8proc.h>
#include "util/alloc.h"
#include "util/vec.h"

typedef struct line_list {
    const gl_allocator *alloc;
    gl_line *lines;
    size_t count, cap;
} line_list;

/* What both breakers work on: the paragraph's bytes, the line's
 * parameters, and how to measure a range of the bytes. */
typedef struct paragraph {
    const char *text;
    size_t len;
    const gl_linebreak_params *params;
    gl_measure_fn measure;
    void *userdata;
} paragraph;

typedef struct breaker {
    paragraph p;
    line_list out;
    size_t line_start; /* first byte of the line being filled */
    size_t line_end;   /* end of its visible content (trailing spaces excluded) */
    double width;      /* width of [line_start, line_end) as a sum of measures */
    double pending;    /* width of the spaces after line_end, paid if a word follows */
    double spaces;     /* width of the spaces between the words of the line */
} breaker;

static gl_status push_line(breaker *b, size_t start, size_t end, bool hard, bool hyphen) {
    line_list *l = &b->out;
    if (gl_vec_grow(l->alloc, &l->lines, &l->cap, l->count + 1, sizeof *l->lines) != GL_OK)
        return GL_ENOMEM;
    gl_line *line = &l->lines[l->count++];
    line->start = start;
    line->end = end;
    line->width = end > start ? b->p.measure(b->p.userdata, start, end) : 0;
    line->hard = hard;
    line->hyphen = hyphen;
    line->ragged = false;
    if (hyphen)
        line->width += b->p.params->hyphen_width;
    return GL_OK;
}

/* Bytes of white space (and of a mandatory break) ending text[start, end):
 * what a line leaves out at a break. ASCII blanks and newlines, NEL, the line
 * and paragraph separators, the ideographic space and the breaking spaces
 * U+2000-U+200A and U+205F; never the no-break spaces, which are glue. */
static size_t trailing_space(const char *text, size_t start, size_t end) {
    size_t e = end;
    while (e > start) {
        unsigned char c = (unsigned char)text[e - 1];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
            e--;
            continue;
        }
        if (e - start >= 2 && c == 0x85 && (unsigned char)text[e - 2] == 0xC2) {
            e -= 2;
            continue;
        }
        if (e - start >= 3) {
            unsigned char a = (unsigned char)text[e - 3], m = (unsigned char)text[e - 2];
            bool gen = a == 0xE2 && m == 0x80 && (c <= 0x8A || c == 0xA8 || c == 0xA9);
            bool mmsp = a == 0xE2 && m == 0x81 && c == 0x9F;
            bool ideo = a == 0xE3 && m == 0x80 && c == 0x80;
            if (gen || mmsp || ideo) {
                e -= 3;
                continue;
            }
        }
        break;
    }
    return end - e;
}

/* The end of the grapheme cluster (UAX #29) that starts at byte `at` of
 * text[.., end): split_word and add_clusters cut long words there. */
static size_t next_cluster(const char *text, size_t at, size_t end) {
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
    utf8proc_int32_t state = 0, prev = -1;
    while (at < end) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p + at, (utf8proc_ssize_t)(end - at), &cp);
        if (n <= 0) {
            n = 1;
            cp = 0xFFFD;
        }
        if (prev >= 0 && utf8proc_grapheme_break_stateful(prev, cp, &state))
            return at;
        prev = cp;
        at += (size_t)n;
    }
    return end;
}

/* Appends grapheme cluster [c, e) to the piece of a long word being cut,
 * first closing the piece as a line of its own when the cluster would not fit. */
static gl_status place_cluster(breaker *b, size_t c, size_t e) {
    double cw = b->p.measure(b->p.userdata, c, e);
    if (b->line_end > b->line_start && b->width + cw > b->p.params->max_width) {
        gl_status st = push_line(b, b->line_start, b->line_end, false, false);
        if (st != GL_OK)
            return st;
        b->line_start = c;
        b->width = 0;
    }
    b->width += cw;
    b->line_end = e;
    return GL_OK;
}

/* Puts word [s, w), wider than the line, on lines of its own cut between
 * grapheme clusters (UAX #29), at least one cluster a line. Every piece but
 * the last is emitted; the last stays open so the next words may follow it.
 * The open line is empty when this is called. */
static gl_status split_word(breaker *b, size_t s, size_t w) {
    for (size_t c = s, e; c < w; c = e) {
        e = next_cluster(b->p.text, c, w);
        gl_status st = place_cluster(b, c, e);
        if (st != GL_OK)
            return st;
    }
    return GL_OK;
}

/* Ends the open line inside word [s, w) with a hyphen, at the last point
 * that fits; *done tells whether it did. The rest of the word opens the
 * next line, followed by its spaces (`sw` wide). */
static gl_status hyphenate(breaker *b, size_t s, size_t w, double sw, bool *done) {
    const gl_linebreak_params *p = b->p.params;
    size_t points[64];
    size_t n = p->hyphenate(p->hyphen_data, b->p.text + s, w - s, points, 64);
    *done = false;
    for (size_t k = n; k-- > 0;) {
        size_t at = s + points[k];
        if (at <= s || at >= w ||
            b->width + b->pending + b->p.measure(b->p.userdata, s, at) + p->hyphen_width >
                p->max_width)
            continue;
        gl_status st = push_line(b, b->line_start, at, false, true);
        if (st != GL_OK)
            return st;
        b->line_start = at;
        b->line_end = w;
        b->width = b->p.measure(b->p.userdata, at, w);
        b->pending = sw;
        b->spaces = 0;
        *done = true;
        if (b->width > p->max_width && p->break_long_words) {
            b->line_end = at;
            b->width = 0;
            st = split_word(b, at, w);
            b->pending = sw;
        }
        return st;
    }
    return GL_OK;
}

/* Adds segment [s, e) to the open line: word [s, w), then spaces [w, e). */
static gl_status add_segment(breaker *b, size_t s, size_t w, size_t e) {
    double max = b->p.params->max_width;
    double ww = w > s ? b->p.measure(b->p.userdata, s, w) : 0;
    double sw = e > w ? b->p.measure(b->p.userdata, w, e) : 0;
    /* Only a whole word between spaces is hyphenated: not a piece of a URL,
     * a path or a compound, which UAX #14 already breaks after '/' or '-'. */
    bool whole = (s == 0 || b->p.text[s - 1] == ' ') && (w < e || e == b->p.len);
    if (max > 0 && w > s && b->width + b->pending + ww > max && b->p.params->hyphenate && whole &&
        b->line_end > b->line_start && max - b->width > b->spaces * b->p.params->hyphen_loose) {
        bool done;
        gl_status st = hyphenate(b, s, w, sw, &done);
        if (st != GL_OK || done)
            return st;
    }
    if (max > 0 && w > s && b->width + b->pending + ww > max) {
        if (b->line_end > b->line_start) {
            gl_status st = push_line(b, b->line_start, b->line_end, false, false);
            if (st != GL_OK)
                return st;
        }
        /* A new line, or one holding only leading spaces: those go. */
        b->line_start = s;
        b->line_end = s;
        b->width = 0;
        b->pending = 0;
        b->spaces = 0;
        if (ww > max && b->p.params->break_long_words) {
            gl_status st = split_word(b, s, w);
            b->pending = sw;
            return st;
        }
    }
    if (w > s) {
        b->spaces += b->line_end > b->line_start ? b->pending : 0;
        b->width += b->pending + ww;
        b->line_end = w;
        b->pending = sw;
    } else {
        b->pending += sw;
    }
    return GL_OK;
}

/* libunibreak 1.1 knows the class of the regional indicators (flag letters,
 * U+1F1E6-U+1F1FF) but its pair table stops before it: set_linebreaks fails
 * an assert() and aborts on any flag emoji (Debian builds it with asserts).
 * So the breaker reads a copy where each one is replaced by a letter of class
 * AL encoded in 4 bytes as well, which keeps byte offsets. AL next to AL
 * forbids a break, as LB30a does inside a flag; between two flags and between
 * a flag and a letter this is a little stricter than UAX #14, never looser. */
static bool is_regional_indicator(const char *s) {
    const unsigned char *u = (const unsigned char *)s;
    return u[0] == 0xF0 && u[1] == 0x9F && u[2] == 0x87 && u[3] >= 0xA6 && u[3] <= 0xBF;
}

/* Offset of the first regional indicator in text, or len when none. */
static size_t find_regional_indicator(const char *text, size_t len) {
    for (size_t i = 0; i + 3 < len; i++)
        if (is_regional_indicator(text + i))
            return i;
    return len;
}

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Forbids the breaks inside each blank-delimited word that holds "://" or
 * starts with "www.". The break after the word's last byte stays. */
static void keep_urls_whole(const char *text, size_t len, char *brks) {
    size_t i = 0;
    while (i < len) {
        while (i < len && is_blank(text[i]))
            i++;
        size_t start = i;
        bool url = len - start >= 4 && memcmp(text + start, "www.", 4) == 0;
        while (i < len && !is_blank(text[i])) {
            if (!url && i + 3 <= len && memcmp(text + i, "://", 3) == 0)
                url = true;
            i++;
        }
        for (size_t k = start; url && k + 1 < i; k++)
            if (brks[k] == LINEBREAK_ALLOWBREAK)
                brks[k] = LINEBREAK_NOBREAK;
    }
}

/* Opens breaks in a URL (a blank-delimited word holding "://"), after its
 * "://", where the Chicago Manual of Style breaks one and UAX #14 does not:
 * before a single '/', '.', '-', '_', '~', '#', '%' and '?', before and
 * after '=' and '&'; and closes UAX #14's break after a '-', which would
 * read as a hyphenation. Without them a long address ends the line before
 * it early and stretches that line's few spaces far past their glue
 * (UAX #14 alone breaks it only after its slashes). */
static void open_url_paths(const char *text, size_t len, char *brks) {
    size_t i = 0;
    while (i < len) {
        while (i < len && is_blank(text[i]))
            i++;
        size_t path = 0;
        while (i < len && !is_blank(text[i])) {
            char c = text[i];
            if (!path && i + 3 <= len && memcmp(text + i, "://", 3) == 0) {
                path = i + 3;
            } else if (path && i > path && text[i - 1] != '/' && brks[i - 1] == LINEBREAK_NOBREAK &&
                       c && strchr("/.-_~#%?=&", c)) {
                brks[i - 1] = LINEBREAK_ALLOWBREAK;
            }
            if (path && i >= path && (c == '=' || c == '&') && i + 1 < len &&
                !is_blank(text[i + 1]) && brks[i] == LINEBREAK_NOBREAK)
                brks[i] = LINEBREAK_ALLOWBREAK;
            else if (path && c == '-' && i + 1 < len && !is_blank(text[i + 1]))
                brks[i] = LINEBREAK_NOBREAK; /* a '-' ending a line reads as a hyphen */
            i++;
        }
    }
}

/* ---- total fit ---- */

#define HYPHEN_PENALTY 50     /* TeX's \hyphenpenalty and \exhyphenpenalty */
#define CUT_PENALTY 1000      /* inside a word too wide for any line */
#define IDEOGRAPH_STRETCH 0.1 /* of an ideograph's width, at a break between two */

/* The items of a paragraph, with the bytes each one covers. */
typedef struct items {
    paragraph p;
    const gl_allocator *alloc;
    gl_item *items;
    size_t *start, *end; /* bytes [start, end) of each item */
    size_t n, cap;
    double narrowest; /* of the lines: a wider word is cut between clusters */
} items;

static bool add_item(items *t, gl_item it, size_t start, size_t end) {
    /* Three arrays of one length: each grows to the same capacity. */
    size_t cap_items = t->cap, cap_start = t->cap, cap_end = t->cap;
    if (gl_vec_grow(t->alloc, &t->items, &cap_items, t->n + 1, sizeof *t->items) != GL_OK ||
        gl_vec_grow(t->alloc, &t->start, &cap_start, t->n + 1, sizeof *t->start) != GL_OK ||
        gl_vec_grow(t->alloc, &t->end, &cap_end, t->n + 1, sizeof *t->end) != GL_OK)
        return false;
    t->cap = cap_end;
    t->items[t->n] = it;
    t->start[t->n] = start;
    t->end[t->n] = end;
    t->n++;
    return true;
}

static bool add_box(items *t, size_t s, size_t e) {
    return add_item(t, (gl_item){t->p.measure(t->p.userdata, s, e), 0, 0, 0, GL_ITEM_BOX, 0}, s, e);
}

/* Word [s, w) as boxes between its hyphenation points, each followed by a
 * flagged penalty the width of a hyphen. */
static bool add_hyphenated(items *t, size_t s, size_t w) {
    const gl_linebreak_params *p = t->p.params;
    size_t points[64];
    size_t n = p->hyphenate(p->hyphen_data, t->p.text + s, w - s, points, 64), at = s;
    for (size_t k = 0; k < n; k++) {
        size_t cut = s + points[k];
        if (cut <= at || cut >= w)
            continue;
        if (!add_box(t, at, cut) ||
            !add_item(t,
                      (gl_item){p->hyphen_width, 0, 0, HYPHEN_PENALTY, GL_ITEM_PENALTY,
                                GL_ITEM_FLAGGED | GL_ITEM_HYPHENATION},
                      cut, cut))
            return false;
        at = cut;
    }
    return add_box(t, at, w);
}

/* Word [s, w), wider than a line, as a box a grapheme cluster (UAX #29)
 * with a costly break between each two: cut rather than leave the page. */
static bool add_clusters(items *t, size_t s, size_t w) {
    size_t c = s, e = next_cluster(t->p.text, s, w);
    for (; e < w; c = e, e = next_cluster(t->p.text, e, w))
        if (!add_box(t, c, e) ||
            !add_item(t, (gl_item){0, 0, 0, CUT_PENALTY, GL_ITEM_PENALTY, 0}, e, e))
            return false;
    return add_box(t, c, w);
}

/* The last code point of text[s, e), which is not empty, into *cp; returns
 * where it starts. */
static size_t last_code_point(const char *text, size_t s, size_t e, int32_t *cp) {
    size_t i = e - 1;
    while (i > s && ((unsigned char)text[i] & 0xC0) == 0x80)
        i--;
    utf8proc_int32_t c;
    *cp = utf8proc_iterate((const utf8proc_uint8_t *)text + i, (utf8proc_ssize_t)(e - i), &c) > 0
              ? c
              : 0xFFFD;
    return i;
}

/* Segment [s, e) (word [s, w), then spaces) as items; `must` when a
 * mandatory break ends it. */
static bool add_segment_items(items *t, size_t s, size_t w, size_t e, bool must, bool hyphenate) {
    const gl_linebreak_params *p = t->p.params;
    bool ok = true;
    if (w > s) {
        double ww = t->p.measure(t->p.userdata, s, w);
        /* Only a whole word between spaces is hyphenated: not a piece of a
         * URL, a path or a compound, which UAX #14 already breaks. */
        bool whole = (s == 0 || t->p.text[s - 1] == ' ') && (w < e || e == t->p.len);
        if (ww > t->narrowest && p->break_long_words)
            ok = add_clusters(t, s, w);
        else if (hyphenate && whole)
            ok = add_hyphenated(t, s, w);
        else
            ok = add_item(t, (gl_item){ww, 0, 0, 0, GL_ITEM_BOX, 0}, s, w);
    }
    if (!ok)
        return false;
    if (must)
        return add_item(t, (gl_item){0, 0, 0, -GL_PENALTY_INF, GL_ITEM_PENALTY, 0}, w, e);
    if (e == t->p.len)
        return true; /* the paragraph's end: its spaces go */
    if (e > w) {
        double sw = t->p.measure(t->p.userdata, w, e);
        return add_item(t, (gl_item){sw, sw * p->stretch, sw * p->shrink, 0, GL_ITEM_GLUE, 0}, w,
                        e);
    }
    if (w == s)
        return true;
    int32_t cp;
    size_t last = last_code_point(t->p.text, s, w, &cp);
    if (cp == '-' || cp == 0x2010 || cp == 0xAD)
        return add_item(t, (gl_item){0, 0, 0, HYPHEN_PENALTY, GL_ITEM_PENALTY, GL_ITEM_FLAGGED}, w,
                        w);
    if (utf8proc_charwidth(cp) == 2 && p->stretch > 0) {
        double cw = t->p.measure(t->p.userdata, last, w);
        return add_item(t, (gl_item){0, cw * IDEOGRAPH_STRETCH, 0, 0, GL_ITEM_GLUE, 0}, w, w);
    }
    return add_item(t, (gl_item){0, 0, 0, 0, GL_ITEM_PENALTY, 0}, w, w);
}

/* All the items of the paragraph, from the break opportunities `brks`. */
static bool build_items(items *t, const char *brks, bool hyphenate) {
    t->n = 0;
    size_t seg = 0;
    for (size_t i = 0; i < t->p.len; i++) {
        char k = brks[i];
        if (k != LINEBREAK_MUSTBREAK && k != LINEBREAK_ALLOWBREAK && i + 1 < t->p.len)
            continue;
        size_t e = i + 1;
        size_t w = e - trailing_space(t->p.text, seg, e);
        if (!add_segment_items(t, seg, w, e, k == LINEBREAK_MUSTBREAK && e < t->p.len, hyphenate))
            return false;
        seg = e;
    }
    return true;
}

/* The lines of `r` as gl_lines: a line runs from its first box (the
 * paragraph's first line from byte 0, leading spaces included, as first
 * fit keeps them) to the end of its last box. */
static gl_status lines_of(const items *t, const gl_para_result *r, bool ragged, gl_line **lines,
                          size_t *count) {
    gl_line *out = gl_malloc_array(t->alloc, r->count, sizeof *out);
    if (!out)
        return GL_ENOMEM;
    size_t from = 0, after = 0; /* the first item of the line; the byte after the last break */
    for (size_t k = 0; k < r->count; k++) {
        size_t stop = r->lines[k].end, first = from, last = stop;
        while (first < stop && t->items[first].type != GL_ITEM_BOX)
            first++;
        while (last > first && t->items[last - 1].type != GL_ITEM_BOX)
            last--;
        gl_line *ln = &out[k];
        ln->start = k == 0 ? 0 : first < last ? t->start[first] : after;
        ln->end = first < last ? t->end[last - 1] : ln->start;
        const gl_item *at = stop < t->n ? &t->items[stop] : NULL;
        ln->hard = !at || (at->type == GL_ITEM_PENALTY && at->penalty <= -GL_PENALTY_INF);
        ln->hyphen = at && at->type == GL_ITEM_PENALTY && (at->flags & GL_ITEM_HYPHENATION);
        ln->ragged = ragged;
        ln->width = ln->end > ln->start ? t->p.measure(t->p.userdata, ln->start, ln->end) : 0;
        if (ln->hyphen)
            ln->width += t->p.params->hyphen_width;
        after = at ? t->end[stop] : t->p.len;
        from = stop + 1;
    }
    *lines = out;
    *count = r->count;
    return GL_OK;
}

/* The narrowest line of the paragraph. */
static double narrowest(const gl_para_params *fit) {
    double w = fit->width;
    for (size_t k = 0; fit->line_width && k < fit->varying_lines; k++) {
        double lw = fit->line_width(fit->line_width_data, k);
        if (lw < w)
            w = lw;
    }
    return w;
}

/* Total fit: the items without hyphenation points first, for the first pass;
 * with them, for the others, only when that fails. */
static gl_status total_fit(items *t, const char *brks, gl_line **lines, size_t *count) {
    const gl_para_params *fit = t->p.params->fit;
    bool hyphenate = t->p.params->hyphenate != NULL;
    gl_para_params first = *fit, rest = *fit;
    first.first_pass_only = true;
    rest.pretolerance = -1;
    gl_para_result r = {0};
    t->narrowest = narrowest(fit);
    bool lazy = hyphenate && fit->pretolerance >= 0;
    gl_status st = build_items(t, brks, hyphenate && !lazy) ? GL_OK : GL_ENOMEM;
    if (st == GL_OK && lazy)
        st = gl_para_break(t->items, t->n, &first, t->alloc, &r);
    /* With a ragged fallback the last pass is not run: a paragraph the
     * second pass cannot set within the tolerance would have a line past
     * it there (or a third hyphen in a row, or an overfull line). */
    rest.no_last_pass = t->p.params->ragged_fallback > 0;
    gl_para_params both = *fit;
    both.no_last_pass = rest.no_last_pass;
    if (st == GL_OK && r.count == 0) {
        if (lazy && !build_items(t, brks, true))
            st = GL_ENOMEM;
        if (st == GL_OK)
            st = gl_para_break(t->items, t->n, lazy ? &rest : &both, t->alloc, &r);
    }
    /* Too loose to justify: ragged right, the word spaces at their width. */
    bool ragged = st == GL_OK && r.count == 0 && t->p.params->ragged_fallback > 0;
    if (ragged) {
        for (size_t i = 0; i < t->n; i++)
            t->items[i].stretch = t->items[i].shrink = 0;
        rest.line_stretch = t->p.params->ragged_fallback;
        rest.emergency_stretch = 0;
        rest.no_last_pass = false;
        st = gl_para_break(t->items, t->n, &rest, t->alloc, &r);
    }
    if (st == GL_OK)
        st = lines_of(t, &r, ragged, lines, count);
    gl_free(t->alloc, r.lines);
    return st;
}

/* ---- first fit ---- */

static gl_status first_fit(const char *text, size_t len, const char *brks,
                           const gl_linebreak_params *params, gl_measure_fn measure, void *userdata,
                           const gl_allocator *alloc, gl_line **lines, size_t *count) {
    breaker b = {{text, len, params, measure, userdata}, {alloc, NULL, 0, 0}, 0, 0, 0, 0, 0};
    gl_status st = GL_OK;
    size_t seg = 0;
    for (size_t i = 0; i < len && st == GL_OK; i++) {
        char k = brks[i];
        if (k != LINEBREAK_MUSTBREAK && k != LINEBREAK_ALLOWBREAK && i + 1 < len)
            continue;
        size_t e = i + 1;
        size_t w = e - trailing_space(text, seg, e);
        st = add_segment(&b, seg, w, e);
        if (st == GL_OK && (k == LINEBREAK_MUSTBREAK || e == len)) {
            st = push_line(&b, b.line_start, b.line_end, true, false);
            b.line_start = b.line_end = e;
            b.width = b.pending = b.spaces = 0;
        }
        seg = e;
    }
    if (st != GL_OK) {
        gl_free(alloc, b.out.lines);
        return st;
    }
    *lines = b.out.lines;
    *count = b.out.count;
    return GL_OK;
}

/* ---- Thai ----
 *
 * Thai is written without spaces between words, and UAX #14 leaves its
 * breaks (class SA) to a dictionary, which libunibreak does not have: it
 * finds none inside a Thai sentence, so a paragraph of Thai would be cut
 * only at its rare spaces, or anywhere when a word must be split. libthai
 * finds the word boundaries with its dictionary (maximal matching). */

#define THAI_CHUNK 4096 /* characters given to libthai at once: its work grows with a run */

/* libthai's word breaker, made once per process: its dictionary
 * (/usr/share/libthai/thbrk.tri, 0.6 MB) is read only when a text has
 * Thai. th_brk_new must not run in two threads at once; the breaker it
 * returns may then be used by any number of them (thbrk.h). NULL when the
 * dictionary is missing: Thai then breaks as UAX #14 alone has it. */
static ThBrk *thai_breaker;
static pthread_once_t thai_once = PTHREAD_ONCE_INIT;

static void thai_load(void) { thai_breaker = th_brk_new(NULL); }

/* Whether the UTF-8 sequence at s (with at least 3 bytes) is a Thai
 * character, U+0E01-U+0E5B (E0 B8 81 - E0 B9 9B). */
static bool is_thai(const unsigned char *s) {
    return s[0] == 0xE0 && ((s[1] == 0xB8 && s[2] >= 0x81) || (s[1] == 0xB9 && s[2] <= 0x9B));
}

/* Allows a break at each word boundary libthai finds inside the Thai
 * characters [start, end) of `text` (each 3 bytes long): brks[i] is about
 * the break after byte i, as libunibreak has it. Returns false when out of
 * memory. */
static bool thai_run_breaks(const char *text, size_t start, size_t end, char *brks,
                            const gl_allocator *alloc) {
    size_t n = (end - start) / 3;
    wchar_t *ws = gl_malloc_array(alloc, n + 1, sizeof *ws);
    int *pos = gl_malloc_array(alloc, n, sizeof *pos);
    if (!ws || !pos) {
        gl_free(alloc, ws);
        gl_free(alloc, pos);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        const unsigned char *u = (const unsigned char *)text + start + 3 * i;
        ws[i] = (wchar_t)((u[0] & 0x0F) << 12 | (u[1] & 0x3F) << 6 | (u[2] & 0x3F));
    }
    for (size_t from = 0; from < n; from += THAI_CHUNK) {
        size_t len = n - from < THAI_CHUNK ? n - from : THAI_CHUNK;
        wchar_t keep = ws[from + len];
        ws[from + len] = 0; /* libthai reads up to a NUL */
        int found = th_brk_wc_find_breaks(thai_breaker, ws + from, pos, len);
        ws[from + len] = keep;
        for (int k = 0; k < found; k++) {
            /* pos[k]: a break before character pos[k] of the chunk */
            if (pos[k] > 0 && (size_t)pos[k] < len)
                brks[start + 3 * (from + (size_t)pos[k]) - 1] = LINEBREAK_ALLOWBREAK;
        }
    }
    gl_free(alloc, ws);
    gl_free(alloc, pos);
    return true;
}

/* Adds libthai's word boundaries to `brks` for every run of Thai in
 * `text`. Returns false when out of memory. */
static bool thai_breaks(const char *text, size_t len, char *brks, const gl_allocator *alloc) {
    const unsigned char *u = (const unsigned char *)text;
    bool loaded = false;
    for (size_t i = 0; i + 2 < len;) {
        if (!is_thai(u + i)) {
            i++;
            continue;
        }
        size_t end = i;
        while (end + 2 < len && is_thai(u + end))
            end += 3;
        if (!loaded) {
            pthread_once(&thai_once, thai_load);
            loaded = true;
        }
        if (thai_breaker && end - i > 3 && !thai_run_breaks(text, i, end, brks, alloc))
            return false;
        i = end;
    }
    return true;
}

/* ---- Korean ----
 *
 * Korean puts spaces between its words and is set word by word, as CSS's
 * `word-break: keep-all` has it (CSS Text 3, 5.2), the common choice for
 * Korean body text: UAX #14 allows a break between any two Hangul
 * syllables (classes H2, H3 break like ideographs), which cuts words such
 * as "단골손님들은" at a line's end. So a word (a run of letters, marks and
 * digits) that holds Hangul loses the breaks inside it, Hanja and digits
 * included ("書店이라고", "3일"); Han and kana in words without Hangul
 * keep their breaks between characters, and a word too wide for a line is
 * still cut between clusters where the writer asks for it. */

/* Hangul Jamo, compatibility Jamo, Jamo extended A and B, syllables, and
 * the halfwidth forms. */
static bool is_hangul(int32_t cp) {
    return (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3130 && cp <= 0x318F) ||
           (cp >= 0xA960 && cp <= 0xA97F) || (cp >= 0xAC00 && cp <= 0xD7FF) ||
           (cp >= 0xFFA0 && cp <= 0xFFDC);
}

/* A letter, mark or digit (general categories L, M, N): what keep-all
 * counts as part of a word. */
static bool is_word_char(int32_t cp) {
    utf8proc_category_t c = utf8proc_category(cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO;
}

/* The code point of text[at, len) (U+FFFD for a bad byte) and its length. */
static size_t code_point_at(const char *text, size_t at, size_t len, int32_t *cp) {
    utf8proc_int32_t c;
    utf8proc_ssize_t n =
        utf8proc_iterate((const utf8proc_uint8_t *)text + at, (utf8proc_ssize_t)(len - at), &c);
    *cp = n > 0 ? c : 0xFFFD;
    return n > 0 ? (size_t)n : 1;
}

/* Whether text has Hangul: characters below U+0800 (lead bytes under 0xE0)
 * and the E0 block (U+0800-U+0FFF) hold none, so most text is only read. */
static bool has_hangul(const char *text, size_t len) {
    for (size_t i = 0; i < len;) {
        if ((unsigned char)text[i] < 0xE1) {
            i++;
            continue;
        }
        int32_t cp;
        i += code_point_at(text, i, len, &cp);
        if (is_hangul(cp))
            return true;
    }
    return false;
}

/* Takes away the breaks inside the words that hold Hangul: brks[i] is
 * about the break after byte i. */
static void keep_hangul_words(const char *text, size_t len, char *brks) {
    if (!has_hangul(text, len))
        return;
    size_t word = 0; /* where the open word starts */
    bool korean = false;
    for (size_t i = 0; i <= len;) {
        int32_t cp = -1;
        size_t n = i < len ? code_point_at(text, i, len, &cp) : 1;
        if (i < len && is_word_char(cp)) {
            korean = korean || is_hangul(cp);
        } else {
            /* the word [word, i) ends: the break after its last byte stays */
            for (size_t k = word; korean && k + 1 < i; k++)
                if (brks[k] == LINEBREAK_ALLOWBREAK)
                    brks[k] = LINEBREAK_NOBREAK;
            word = i + n;
            korean = false;
        }
        i += n;
    }
}

gl_status gl_linebreak(const char *text, size_t len, const gl_linebreak_params *params,
                       gl_measure_fn measure, void *userdata, const gl_allocator *alloc,
                       gl_line **lines, size_t *count) {
    *lines = NULL;
    *count = 0;
    if (len == 0)
        return GL_OK;
    size_t ri = find_regional_indicator(text, len);
    char *brks = gl_malloc_array(alloc, ri < len ? 2 : 1, len);
    if (!brks)
        return GL_ENOMEM;
    if (ri < len) {
        char *safe = brks + len;
        memcpy(safe, text, len);
        for (size_t i = ri; i + 3 < len; i++)
            if (is_regional_indicator(safe + i))
                memcpy(safe + i, "\xf0\x9d\x90\x80", 4); /* U+1D400, class AL, also 4 bytes */
        set_linebreaks_utf8((const utf8_t *)safe, len, params->lang, brks);
    } else {
        set_linebreaks_utf8((const utf8_t *)text, len, params->lang, brks);
    }
    if (!thai_breaks(text, len, brks, alloc)) {
        gl_free(alloc, brks);
        return GL_ENOMEM;
    }
    keep_hangul_words(text, len, brks);
    if (params->keep_urls)
        keep_urls_whole(text, len, brks);
    else
        open_url_paths(text, len, brks);
    gl_status st;
    if (params->fit) {
        items t = {{text, len, params, measure, userdata}, alloc};
        st = total_fit(&t, brks, lines, count);
        gl_free(alloc, t.items);
        gl_free(alloc, t.start);
        gl_free(alloc, t.end);
    } else {
        st = first_fit(text, len, brks, params, measure, userdata, alloc, lines, count);
    }
    gl_free(alloc, brks);
    return st;
}

size_t gl_display_width(const char *text, size_t len) {
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
    size_t width = 0, i = 0;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0) {
            n = 1;
            cp = 0xFFFD;
        }
        int cw = utf8proc_charwidth(cp);
        if (cw > 0)
            width += (size_t)cw;
        i += (size_t)n;
    }
    return width;
}
