/* Paragraph line breaking shared by the text and PDF writers: break
 * opportunities from libunibreak (UAX #14), widths from a callback, so the
 * text writer measures in terminal columns and the PDF writer in points. */
#ifndef GL_LAYOUT_LINEBREAK_H
#define GL_LAYOUT_LINEBREAK_H

#include <stdbool.h>
#include <stddef.h>
#include "galley/error.h"
#include "galley/options.h"
#include "layout/paragraph.h"

/* Width of bytes [start, end) of the paragraph text, in the caller's unit.
 * The caller knows which style (font) covers each byte range. */
typedef double (*gl_measure_fn)(void *userdata, size_t start, size_t end);

/* One output line: bytes [start, end) of the paragraph, with the spaces at the
 * break excluded (and a mandatory break's newline excluded). */
typedef struct gl_line {
    size_t start, end;
    double width; /* measure(start, end), plus hyphen_width when `hyphen` */
    bool hard;    /* ends at a mandatory break (a newline in the text) or the paragraph's end */
    bool hyphen;  /* ends inside a word: the writer draws a hyphen after it */
    bool ragged;  /* set at its natural width though the paragraph is justified: total fit
                     could justify it only with spaces past the tolerance (ragged_fallback) */
} gl_line;

/* Where a line may end inside `word` (len bytes, no spaces): fills `points`
 * (room for `max`) with byte offsets into it, ascending, after which a
 * hyphen may go; returns how many. */
typedef size_t (*gl_hyphenate_fn)(void *userdata, const char *word, size_t len, size_t *points,
                                  size_t max);

typedef struct gl_linebreak_params {
    double max_width;      /* <= 0: no wrapping, one line per mandatory break */
    const char *lang;      /* BCP 47 language for libunibreak's tailoring; NULL = none */
    bool break_long_words; /* split a word wider than max_width between characters
                              (PDF: never leave the page); false lets it overflow (text) */
    bool keep_urls;        /* no break inside a word holding "://" or starting "www.", though
                              UAX #14 allows one after '/' (text: URLs stay whole so terminals
                              can open and copy them); false breaks them like any text */
    /* Hyphenation (the PDF writer): NULL never hyphenates. When the next
     * word does not fit and the line would keep more free room than
     * `hyphen_loose` times the width of its spaces (a justified line would
     * stretch them that much more), the word is cut at its last point that
     * fits with a hyphen of `hyphen_width`. */
    gl_hyphenate_fn hyphenate;
    void *hyphen_data;
    double hyphen_width;
    double hyphen_loose;
    /* Total fit (layout/paragraph.h) rather than first fit, for the PDF
     * writer's prose: NULL breaks greedily. Its widths replace max_width
     * (a word wider than the narrowest line is what break_long_words
     * splits), its passes and demerits decide; each word space is glue
     * that stretches by `stretch` and shrinks by `shrink` times its width
     * (TeX's fonts: 1/2 and 1/3; 0 and 0 with fit->line_stretch for ragged
     * right). The first pass does not hyphenate, so a paragraph set well
     * without hyphens never calls `hyphenate`; hyphen_loose is not used. */
    const gl_para_params *fit;
    double stretch, shrink;
    /* > 0: a justified paragraph that total fit cannot set within the
     * tolerance (its second pass fails: a line would be looser, or a third
     * hyphen in a row, or a word wider than the line) skips the last pass
     * and is broken again ragged right, with this much stretch at each
     * line's end, its lines marked `ragged`: a narrow column (an
     * e-reader's) then has no line of wide gaps, as a designer would reset
     * the paragraph by hand. */
    double ragged_fallback;
} gl_linebreak_params;

/* Breaks `text` (valid UTF-8; '\n' is a mandatory break) into lines.
 * *lines is an array from `alloc` (free it with gl_free), *count its length (0
 * for empty text). Returns GL_OK or GL_ENOMEM.
 * With params->fit, total fit: UAX #14's opportunities become glue (after
 * spaces), penalties (after a hyphen, flagged; between other characters)
 * and, between ideographs, glue that stretches by a tenth of the
 * character, so CJK lines can be judged like others; lines break where
 * gl_para_break says. Spaces at a break are left out, as below; so are
 * spaces at the start of a line after a mandatory break.
 * Otherwise greedy first fit: a line takes words while the sum of their measures (and of
 * the spaces between them) stays <= max_width; `measure` is called O(n) times
 * over O(n) bytes in all. A final '\n' ends the last line without opening an
 * empty one; text of spaces only gives one empty line. Leading spaces of the
 * paragraph stay on its first line unless the first word then overflows.
 * Thread-safe; call gl_global_init() once first (it runs libunibreak's
 * init_linebreak, without which breaking is correct but slower). */
gl_status gl_linebreak(const char *text, size_t len, const gl_linebreak_params *params,
                       gl_measure_fn measure, void *userdata, const gl_allocator *alloc,
                       gl_line **lines, size_t *count);

/* Terminal display width of UTF-8 text by utf8proc (wide CJK counts 2,
 * combining marks 0). */
size_t gl_display_width(const char *text, size_t len);

#endif
