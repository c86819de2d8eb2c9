/* Shaping runs of text with HarfBuzz, for the PDF writer (issue 17): the
 * glyphs a font draws for a run of one script and one direction, with the
 * advances and offsets its layout tables (GSUB, GPOS) give: Arabic joined,
 * Indic conjuncts and reordered vowels, Thai and Hebrew marks placed,
 * ligatures, kerning.
 *
 * The fast path: text whose every character is "simple" (gl_shape_simple)
 * is drawn with each character's own glyph at its own advance, without
 * asking HarfBuzz, as galley drew everything before. It covers Latin,
 * Greek, Cyrillic and CJK prose, for which HarfBuzz's defaults would only
 * kern and make ligatures (fi, fl): a HarfBuzz shape costs its font 0.1 to
 * 0.5 ms the first time (its layout tables read), which a short document
 * of three fonts could not afford, and about 60 ns a glyph after. */
#ifndef GL_LAYOUT_SHAPE_H
#define GL_LAYOUT_SHAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <hb.h>
#include "galley/error.h"
#include "galley/options.h"

/* Whether `cp` may go through the fast path: a character of a script whose
 * letters need no shaping (Latin, Greek, Cyrillic, Armenian, Georgian, Han,
 * kana, Hangul syllables, Ethiopic...) or of none (punctuation, digits,
 * symbols, emoji), and not a mark, a joiner, a variation selector or
 * another format character, which only HarfBuzz places or hides. */
bool gl_shape_simple(uint32_t cp);

/* Whether `cp` is a default ignorable code point (Unicode's
 * DerivedCoreProperties): a joiner, a mark of direction, a variation
 * selector, an invisible operator. Shaping hides them (while reading the
 * joiners); unshaped text skips them, so they never count as missing from
 * a font. */
bool gl_shape_ignorable(uint32_t cp);

/* The script of `cp` (HB_SCRIPT_COMMON for punctuation, digits, symbols;
 * HB_SCRIPT_INHERITED for most marks). */
hb_script_t gl_shape_script(uint32_t cp);

/* A glyph of a shaped run. */
typedef struct gl_glyph {
    uint32_t gid;     /* glyph of the font */
    uint32_t cluster; /* byte offset of its cluster's first character in the text */
    int32_t adv;      /* advance, font units */
    int32_t dx, dy;   /* offset from the pen, font units */
    bool unsafe;      /* a line may not end before this glyph's cluster without shaping again */
} gl_glyph;

/* Where shaped glyphs go: a growable array from `alloc`. */
typedef struct gl_glyphs {
    gl_glyph *items;
    size_t count, cap;
    const gl_allocator *alloc;
} gl_glyphs;

/* What a run is shaped with. The buffer is reused from run to run. */
typedef struct gl_shaper {
    hb_font_t *font; /* scaled to its units per em */
    hb_buffer_t *buf;
    hb_language_t
        lang; /* the document's language (OpenType "locl" forms), or HB_LANGUAGE_INVALID */
} gl_shaper;

/* Shapes bytes [start, end) of `text` (valid UTF-8; the text around them
 * is the context, which Arabic joining reads) in `script`, right to left
 * when `rtl`, appending the glyphs to `out` in visual order (left to
 * right), each with its cluster as a byte offset into `text`. Default
 * ignorable characters (joiners, variation selectors, bidi controls) leave
 * no glyph. Returns GL_OK or GL_ENOMEM (HarfBuzz's or ours). */
gl_status gl_shape_run(const gl_shaper *s, const char *text, size_t len, size_t start, size_t end,
                       hb_script_t script, bool rtl, gl_glyphs *out);

#endif
