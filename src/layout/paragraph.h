/* Total-fit paragraph breaking: Knuth and Plass, "Breaking Paragraphs into
 * Lines" (Software: Practice and Experience 11, 1981), the algorithm of TeX
 * (tex.web §813-890). The caller measures the paragraph into items (boxes,
 * glue and penalties); of all the ways to break it into lines whose spaces
 * stretch or shrink within a tolerance, the one of least total demerits is
 * chosen. Nothing here knows fonts or text: the PDF writer measures in
 * points (through layout/linebreak.h), tests in made-up units. */
#ifndef GL_LAYOUT_PARAGRAPH_H
#define GL_LAYOUT_PARAGRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include "galley/error.h"
#include "galley/options.h"

typedef enum gl_item_type {
    GL_ITEM_BOX,    /* material that neither breaks nor stretches: a word, a piece of one */
    GL_ITEM_GLUE,   /* a space; a break may go here when a box comes just before it */
    GL_ITEM_PENALTY /* a possible break at a cost; `width` is set at the end of the line
                       (a hyphen) only when the line breaks here */
} gl_item_type;

/* A penalty of at least this forbids a break; at most its negative forces one. */
#define GL_PENALTY_INF 10000

/* gl_item.flags */
enum {
    GL_ITEM_FLAGGED = 1,    /* a break here leaves a hyphen at the line's end (TeX's flagged
                               penalties): limited to max_hyphen_run lines in a row */
    GL_ITEM_HYPHENATION = 2 /* a point found by the hyphenator, which the first pass does not
                               try (TeX's first pass sets the paragraph without hyphenating) */
};

typedef struct gl_item {
    double width;        /* box, glue: natural width; penalty: width added to a line ending here */
    double stretch;      /* glue: how much wider it may get at ratio 1 */
    double shrink;       /* glue: how much narrower it may get at ratio -1 (never more) */
    int penalty;         /* penalty: the cost of breaking here, -GL_PENALTY_INF..GL_PENALTY_INF */
    unsigned char type;  /* gl_item_type */
    unsigned char flags; /* GL_ITEM_* */
} gl_item;

/* The width of line `line` (0 for the first), for the first `varying_lines`
 * lines of a paragraph: a first line beside a drop-in, lines beside a
 * float. */
typedef double (*gl_line_width_fn)(void *userdata, size_t line);

typedef struct gl_para_params {
    double width;                /* the width of every line (from `varying_lines` on) */
    gl_line_width_fn line_width; /* NULL: every line is `width` wide */
    void *line_width_data;
    size_t varying_lines;
    /* Stretch at the end of every line (TeX's \rightskip): 0 when justified;
     * ragged right gives word spaces no stretch or shrink and this about
     * two ems, as plain TeX's \raggedright does. */
    double line_stretch;
    /* The passes, as TeX's. The first tries no GL_ITEM_HYPHENATION break and
     * keeps every line's badness (100 r^3, r the stretch or shrink ratio) at
     * most `pretolerance` (< 0: no first pass); the second tries them all,
     * within `tolerance`. When both fail, a last pass gives every line
     * `emergency_stretch` more stretch when judging it (0: none), so that a
     * paragraph that cannot be set well is set evenly, and takes lines past
     * the tolerance where it must, as few as can be. Unlike TeX's, whose
     * last pass leaves a line overfull rather than looser than the
     * tolerance, it never fails and leaves a line overfull only when no
     * break can make it fit (a word wider than the line). */
    double pretolerance, tolerance, emergency_stretch;
    /* Run the first pass alone; when it fails the result has no lines, so
     * a caller can hyphenate (which costs) only the paragraphs that need it. */
    bool first_pass_only;
    /* No last pass: when the second fails the result has no lines either,
     * so a caller can set the paragraph otherwise (ragged right). */
    bool no_last_pass;
    double line_penalty;           /* added to each line's badness before squaring: fewer lines */
    double double_hyphen_demerits; /* two hyphenated lines in a row */
    double final_hyphen_demerits;  /* a hyphenated last-but-one line */
    double adj_demerits;           /* neighbouring lines of non-adjacent fitness classes */
    /* At most this many lines in a row end at flagged breaks (0: no limit).
     * Only an overfull last-resort break in the last pass may pass it. */
    unsigned max_hyphen_run;
} gl_para_params;

/* Fills `p` with plain TeX's values (pretolerance 100, tolerance 200,
 * \linepenalty 10, \doublehyphendemerits 10000, \finalhyphendemerits 5000,
 * \adjdemerits 10000, no \emergencystretch), lines of `width`, no more
 * than two hyphenated lines in a row. */
void gl_para_params_init(gl_para_params *p, double width);

typedef struct gl_para_line {
    size_t end;    /* the item the line ends at (glue or penalty), or the item count for
                      the paragraph's last line. The next line starts after it, leaving
                      out the glue and penalties before its first box */
    double ratio;  /* how its glue is set: stretch used / stretch available (> 0) or shrink
                      used / shrink available (< 0; -1 at most unless overfull); 0 for a
                      line ending the paragraph or at a forced break that is short (its
                      rest is left empty, TeX's \parfillskip), and for one exactly full;
                      HUGE_VAL for a short line with nothing to stretch */
    bool flagged;  /* it ends at a flagged penalty */
    bool overfull; /* wider than its width even with every glue shrunk fully */
} gl_para_line;

typedef struct gl_para_result {
    gl_para_line *lines; /* from the allocator: gl_free it */
    size_t count;        /* 0 only when first_pass_only or no_last_pass and its pass failed */
    unsigned pass;       /* the pass that set it: 1, 2 or 3 (the last resort) */
    size_t overfull;     /* lines with `overfull` */
    double demerits;     /* the total, as TeX's \tracingparagraphs prints it */
} gl_para_result;

/* Breaks items[0, n) into lines. A line ends at a glue that follows a box,
 * or at a penalty below GL_PENALTY_INF; the paragraph ends after the last
 * item, on a line whose rest is left empty. Lines ending at a penalty of
 * -GL_PENALTY_INF are set like the last one. Time and memory grow linearly
 * with n for prose (active breaks are dropped as soon as a line from them
 * would be overfull). Returns GL_OK (with `out` filled) or GL_ENOMEM. */
gl_status gl_para_break(const gl_item *items, size_t n, const gl_para_params *params,
                        const gl_allocator *alloc, gl_para_result *out);

#endif
