/* Knuth and Plass's total-fit breaking, after tex.web §813-890.
 *
 * The paragraph is scanned once per pass. Each "active" node is a break
 * from which a line could still start: at every legal breakpoint, each
 * active node is tried as the start of a line ending there; a node from
 * which the line is already overfull is dropped (it can only get worse),
 * which keeps the active list as short as the number of breaks one line
 * can span, so the time is linear in the paragraph. Of the lines that are
 * good enough (badness within the pass's tolerance), the best way to reach
 * this breakpoint is kept for each fitness class, hyphen run and (for lines
 * of varying width) line number, as a new active node: TeX keeps one per
 * fitness class and line number; the hyphen run is ours, so that "at most
 * two hyphenated lines in a row" is a rule and not only a cost, without
 * losing a path that could still continue with a hyphen. Every node ever
 * made is kept in a "passive" list, for reading the best breaks back from
 * the end. */
#include "layout/paragraph.h"

#include <math.h>
#include <stdint.h>
#include "util/alloc.h"
#include "util/vec.h"

/* TeX's fitness classes (§817), by how much a line's glue is stretched. */
enum { VERY_LOOSE, LOOSE, DECENT, TIGHT };

#define INF_BAD 10000.0 /* the badness of a line that cannot stretch enough */
/* What the last pass adds for a line past the tolerance, times 1 + r^3 (r
 * its real stretch ratio, at most LOOSEST): more than all the demerits of
 * any paragraph set within it, so such lines are few, and growing with
 * how loose each is, so that two lines a little too loose win over one
 * word alone, letter-spaced across the measure ("Je-" alone before
 * "den Morgen schließt die"). */
#define BEYOND 1e12
#define LOOSEST 1000.0
/* A third hyphen-ended line in a row (last pass only) costs as much as a
 * line twice as loose as the tolerance's ratio (1 + 2^3 times BEYOND):
 * ragged right, a line some four ems short reads better than a third
 * hyphen, and one that cannot be shortened so (a URL that breaks only
 * after its own hyphens) still takes it rather than run off the page. */
#define RUN_LOOSENESS 2.0
#define NONE SIZE_MAX
/* Widths are sums of doubles: a line fits when its excess stays within
 * this of the shrink available. */
#define EPSILON 1e-9

typedef struct passive {
    size_t item;   /* where the line ends */
    size_t prev;   /* the passive node where it starts, NONE for the paragraph's start */
    double ratio;  /* gl_para_line.ratio of that line */
    bool flagged;  /* gl_para_line.flagged */
    bool overfull; /* gl_para_line.overfull */
} passive;

typedef struct active {
    size_t passive;    /* its break, NONE for the paragraph's start */
    size_t line;       /* lines before it, at most varying_lines (then all are alike) */
    double total;      /* demerits of the best lines up to it */
    double tw, ty, tz; /* width, stretch and shrink of the items before the line from it */
    unsigned char fit; /* fitness class of the line that ends at it */
    unsigned char run; /* lines in a row ending at flagged breaks, this one included */
    bool flagged;      /* it is a flagged break */
} active;

/* The best line found so far into the breakpoint being tried, for one
 * fitness class, hyphen run and line number. */
typedef struct candidate {
    size_t line;       /* lines before the new node */
    size_t from;       /* the active node the line starts at (its passive) */
    double total;      /* demerits through the new node */
    double ratio;      /* of the line */
    unsigned char fit; /* of the line */
    unsigned char run;
    bool overfull;
} candidate;

typedef struct breaker {
    const gl_item *items;
    size_t n;
    const gl_para_params *p;
    const gl_allocator *alloc;
    active *act;
    size_t nact, cap_act;
    passive *pas;
    size_t npas, cap_pas;
    candidate *cand;
    size_t ncand, cap_cand;
    double w, y, z;   /* width, stretch and shrink of the items before the breakpoint */
    double threshold; /* the pass's tolerance */
    double extra;     /* emergency stretch of the pass, 0 if none */
    bool final;       /* the last pass: it must not fail */
    bool hyphenate;   /* GL_ITEM_HYPHENATION breaks are tried */
    candidate best;   /* the best way to the paragraph's end */
    bool done;
} breaker;

void gl_para_params_init(gl_para_params *p, double width) {
    *p = (gl_para_params){
        .width = width,
        .pretolerance = 100,
        .tolerance = 200,
        .line_penalty = 10,
        .double_hyphen_demerits = 10000,
        .final_hyphen_demerits = 5000,
        .adj_demerits = 10000,
        .max_hyphen_run = 2,
    };
}

static double width_of_line(const gl_para_params *p, size_t line) {
    return p->line_width && line < p->varying_lines ? p->line_width(p->line_width_data, line)
                                                    : p->width;
}

/* How a line of natural width `len` fits in `target` with `stretch` and
 * `shrink` (`real_stretch` without the emergency stretch): its badness, as
 * TeX's §851-853 (100 r^3, at most INF_BAD; INF_BAD + 1 when overfull),
 * fitness class and ratio. A `fill` line (the last of a paragraph, or one
 * before a forced break) has no badness when short. */
static double judge(double len, double target, double stretch, double real_stretch, double shrink,
                    bool fill, unsigned char *fit, double *ratio, bool *overfull) {
    *overfull = false;
    *fit = DECENT;
    *ratio = 0;
    if (len < target) {
        double shortfall = target - len;
        if (fill)
            return 0;
        *ratio = real_stretch > 0 ? shortfall / real_stretch : HUGE_VAL;
        double r = stretch > 0 ? shortfall / stretch : HUGE_VAL;
        double bad = r > 4.65 ? INF_BAD : 100 * r * r * r; /* 100 * 4.65^3 > INF_BAD */
        if (bad > 99)
            *fit = VERY_LOOSE;
        else if (bad > 12)
            *fit = LOOSE;
        return bad;
    }
    if (len > target) {
        double excess = len - target;
        if (excess > shrink + EPSILON * (1 + target)) {
            *overfull = true;
            *ratio = shrink > 0 ? -excess / shrink : -HUGE_VAL;
            return INF_BAD + 1;
        }
        double r = excess / shrink;
        *ratio = -r;
        double bad = 100 * r * r * r;
        if (bad > 12)
            *fit = TIGHT;
        return bad;
    }
    return 0;
}

/* TeX's demerits of a line (§859): (line_penalty + badness)^2, plus the
 * penalty's square (minus it for a bonus), plus the extras. */
static double demerits(const breaker *b, const active *a, double bad, double pi, bool flagged,
                       bool last, unsigned char fit) {
    double d = b->p->line_penalty + bad;
    d = fabs(d) >= 10000 ? 100000000.0 : d * d;
    if (pi > 0)
        d += pi * pi;
    else if (pi > -GL_PENALTY_INF)
        d -= pi * pi;
    if (flagged && a->flagged)
        d += last ? b->p->final_hyphen_demerits : b->p->double_hyphen_demerits;
    if (fit > a->fit + 1 || a->fit > fit + 1)
        d += b->p->adj_demerits;
    return d;
}

/* Keeps the line from `a` if it is the best into this breakpoint for its
 * fitness class, hyphen run and line number. */
static bool consider(breaker *b, const active *a, double total, double ratio, unsigned char fit,
                     bool flagged, bool overfull) {
    size_t line = a->line + 1;
    if (line > b->p->varying_lines)
        line = b->p->varying_lines; /* lines of the same width are alike from here on */
    unsigned char run = flagged ? (unsigned char)(a->run < 255 ? a->run + 1 : 255) : 0;
    for (size_t i = 0; i < b->ncand; i++) {
        candidate *c = &b->cand[i];
        if (c->fit == fit && c->run == run && c->line == line) {
            if (total < c->total)
                *c = (candidate){line, a->passive, total, ratio, fit, run, overfull};
            return true;
        }
    }
    if (gl_vec_grow(b->alloc, &b->cand, &b->cap_cand, b->ncand + 1, sizeof *b->cand) != GL_OK)
        return false;
    b->cand[b->ncand++] = (candidate){line, a->passive, total, ratio, fit, run, overfull};
    return true;
}

/* The totals at the start of a line after a break at `at`: the glue and
 * penalties that follow the break, up to the next box or forced break, are
 * dropped with it (§837). */
static void after_break(const breaker *b, size_t at, double *tw, double *ty, double *tz) {
    double w = b->w, y = b->y, z = b->z;
    for (size_t i = at; i < b->n; i++) {
        const gl_item *it = &b->items[i];
        if (it->type == GL_ITEM_BOX)
            break;
        if (it->type == GL_ITEM_PENALTY && it->penalty <= -GL_PENALTY_INF && i > at)
            break;
        if (it->type == GL_ITEM_GLUE) {
            w += it->width;
            y += it->stretch;
            z += it->shrink;
        }
    }
    *tw = w;
    *ty = y;
    *tz = z;
}

/* Whether candidate `c` can never lead to the best paragraph: another
 * candidate at the same breakpoint and line, with no longer a hyphen run,
 * costs less by more than |adj_demerits|. What follows a break differs
 * between its candidates only by the next line's fitness demerits (at most
 * adj_demerits) and by the run (a shorter one is never worse), so every
 * way on from `c` is a dearer way on from that one (TeX §836 prunes by
 * fitness alone). Fewer active nodes, the same lines. */
static bool dominated(const breaker *b, const candidate *c) {
    for (size_t i = 0; i < b->ncand; i++) {
        const candidate *d = &b->cand[i];
        if (d != c && d->line == c->line && d->run <= c->run &&
            d->total + fabs(b->p->adj_demerits) < c->total)
            return true;
    }
    return false;
}

/* Turns this breakpoint's candidates into passive and active nodes; at the
 * paragraph's end, keeps the best. */
static bool settle(breaker *b, size_t at, bool flagged) {
    if (at == b->n) {
        for (size_t i = 0; i < b->ncand; i++) {
            if (!b->done || b->cand[i].total < b->best.total)
                b->best = b->cand[i];
            b->done = true;
        }
        return true;
    }
    double tw, ty, tz;
    after_break(b, at, &tw, &ty, &tz);
    for (size_t i = 0; i < b->ncand; i++) {
        const candidate *c = &b->cand[i];
        if (dominated(b, c))
            continue;
        if (gl_vec_grow(b->alloc, &b->pas, &b->cap_pas, b->npas + 1, sizeof *b->pas) != GL_OK ||
            gl_vec_grow(b->alloc, &b->act, &b->cap_act, b->nact + 1, sizeof *b->act) != GL_OK)
            return false;
        b->pas[b->npas] = (passive){at, c->from, c->ratio, flagged, c->overfull};
        b->act[b->nact++] =
            (active){b->npas, c->line, c->total, tw, ty, tz, c->fit, c->run, flagged};
        b->npas++;
    }
    return true;
}

/* Where node `a` breaks: 0 for the paragraph's start, else its item + 1. */
static size_t position(const breaker *b, const active *a) {
    return a->passive == NONE ? 0 : b->pas[a->passive].item + 1;
}

/* Tries every active node as the start of a line ending at `at` (an item
 * index, or n for the paragraph's end) (§829-860). */
static bool try_break(breaker *b, size_t at) {
    const gl_item *it = at < b->n ? &b->items[at] : NULL;
    bool is_penalty = it && it->type == GL_ITEM_PENALTY;
    double pi = !it ? -GL_PENALTY_INF : is_penalty ? it->penalty : 0;
    bool forced = pi <= -GL_PENALTY_INF;
    /* The end counts as flagged, for the hyphenated last-but-one line. */
    bool flagged = !it || (is_penalty && (it->flags & GL_ITEM_FLAGGED));
    double pw = is_penalty ? it->width : 0;
    const gl_para_params *p = b->p;
    b->ncand = 0;
    size_t keep = 0;
    /* Of the nodes from which the line is overfull, the one nearest (the
     * shortest line), and the best of those. */
    active over = {0};
    double over_ratio = 0;
    size_t over_pos = 0;
    bool any_over = false;
    for (size_t i = 0; i < b->nact; i++) {
        active a = b->act[i];
        double target = width_of_line(p, a.line);
        double real = b->y - a.ty + p->line_stretch;
        unsigned char fit;
        double ratio;
        bool overfull;
        double bad = judge(b->w - a.tw + pw, target, real + b->extra, real, b->z - a.tz, forced,
                           &fit, &ratio, &overfull);
        bool long_run = it && flagged && p->max_hyphen_run && a.run >= p->max_hyphen_run;
        /* In the last pass, a line that is too loose, or that ends one
         * hyphen too many in a row, is taken at a cost rather than none: a
         * long URL or compound breaks only after its own hyphens, and
         * banning a third of them left the line overfull, off the page. */
        bool loose = bad > b->threshold && bad <= INF_BAD && b->final;
        bool run_ok = !long_run || b->final;
        if (!overfull && (bad <= b->threshold || loose) && run_ok) {
            double r = ratio < 0 ? 0 : ratio < LOOSEST ? ratio : LOOSEST;
            double d =
                demerits(b, &a, bad, pi, flagged, !it, fit) +
                (loose ? BEYOND * (1 + r * r * r) : 0) +
                (long_run ? BEYOND * (1 + RUN_LOOSENESS * RUN_LOOSENESS * RUN_LOOSENESS) : 0);
            if (!consider(b, &a, a.total + d, ratio, fit, flagged && it, overfull))
                return false;
        }
        if (overfull) {
            size_t pos = position(b, &a);
            if (!any_over || pos > over_pos || (pos == over_pos && a.total < over.total)) {
                over = a;
                over_pos = pos;
                over_ratio = ratio;
                any_over = true;
            }
        }
        if (!overfull && !forced)
            b->act[keep++] = a;
    }
    b->nact = keep;
    /* In the last pass, when a line cannot be made to fit at all (a word
     * wider than the line) and every way on ends here, the best of them
     * breaks here overfull rather than leave no line at all (TeX's
     * artificial demerits, §854). */
    if (b->final && b->ncand == 0 && keep == 0 && any_over &&
        !consider(b, &over, over.total, over_ratio, DECENT, flagged && it, true))
        return false;
    return settle(b, at, flagged && it);
}

/* One pass over the paragraph; false only when out of memory. b->done says
 * whether it reached the end. */
static bool run_pass(breaker *b) {
    b->nact = b->npas = b->ncand = 0;
    b->w = b->y = b->z = 0;
    b->done = false;
    if (gl_vec_grow(b->alloc, &b->act, &b->cap_act, 1, sizeof *b->act) != GL_OK)
        return false;
    b->act[b->nact++] = (active){NONE, 0, 0, 0, 0, 0, DECENT, 0, false};
    for (size_t i = 0; i < b->n && b->nact > 0; i++) {
        const gl_item *it = &b->items[i];
        switch (it->type) {
        case GL_ITEM_BOX:
            b->w += it->width;
            break;
        case GL_ITEM_GLUE:
            if (i > 0 && b->items[i - 1].type == GL_ITEM_BOX && !try_break(b, i))
                return false;
            b->w += it->width;
            b->y += it->stretch;
            b->z += it->shrink;
            break;
        default:
            if (it->penalty < GL_PENALTY_INF &&
                (b->hyphenate || !(it->flags & GL_ITEM_HYPHENATION)) && !try_break(b, i))
                return false;
            break;
        }
    }
    return b->nact == 0 || try_break(b, b->n);
}

/* Reads the lines back from the best node at the end. */
static gl_status collect(breaker *b, gl_para_result *out) {
    size_t count = 1;
    for (size_t k = b->best.from; k != NONE; k = b->pas[k].prev)
        count++;
    gl_para_line *lines = gl_malloc_array(b->alloc, count, sizeof *lines);
    if (!lines)
        return GL_ENOMEM;
    lines[count - 1] = (gl_para_line){b->n, b->best.ratio, false, b->best.overfull};
    size_t i = count - 1;
    for (size_t k = b->best.from; k != NONE; k = b->pas[k].prev) {
        const passive *ps = &b->pas[k];
        lines[--i] = (gl_para_line){ps->item, ps->ratio, ps->flagged, ps->overfull};
    }
    out->lines = lines;
    out->count = count;
    out->demerits = b->best.total;
    for (size_t k = 0; k < count; k++)
        out->overfull += lines[k].overfull;
    return GL_OK;
}

gl_status gl_para_break(const gl_item *items, size_t n, const gl_para_params *params,
                        const gl_allocator *alloc, gl_para_result *out) {
    *out = (gl_para_result){0};
    breaker b = {.items = items, .n = n, .p = params, .alloc = alloc};
    gl_status st = GL_OK;
    for (unsigned pass = 1; pass <= 3 && st == GL_OK; pass++) {
        if (pass == 1 && params->pretolerance < 0)
            continue;
        if ((pass > 1 && params->first_pass_only) || (pass == 3 && params->no_last_pass))
            break;
        b.threshold = pass == 1 ? params->pretolerance : params->tolerance;
        b.hyphenate = pass > 1;
        b.extra = pass == 3 && params->emergency_stretch > 0 ? params->emergency_stretch : 0;
        b.final = pass == 3;
        if (!run_pass(&b)) {
            st = GL_ENOMEM;
        } else if (b.done) {
            out->pass = pass;
            st = collect(&b, out);
            break;
        }
    }
    gl_free(alloc, b.act);
    gl_free(alloc, b.pas);
    gl_free(alloc, b.cand);
    return st;
}
