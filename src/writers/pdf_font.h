/* One font of the PDF writer: HarfBuzz measures and shapes with it while
 * the pages are laid out; at the end hb-subset cuts it to the glyphs drawn,
 * and galley writes the font's PDF objects itself into libharu's object
 * table, so libharu neither parses nor rewrites it. Text is drawn in the
 * cut's glyph numbers (two-byte Identity-H codes), and a ToUnicode CMap
 * gives each glyph back the text it shows: one character, several (a
 * ligature), characters beyond the BMP (as UTF-16 surrogate pairs). */
#ifndef GL_WRITERS_PDF_FONT_H
#define GL_WRITERS_PDF_FONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <hb.h>
#include <hb-subset.h>
#include "galley/error.h"
#include "galley/options.h"
#include "util/buf.h"
#include "writers/pdf_hpdf.h"

#define GL_PDF_WIDTH_CACHE 0x800 /* code points whose advance is cached: Latin to Arabic */
#define GL_PDF_TEXT_MAX 32       /* characters ToUnicode gives a glyph at most (else ActualText) */

typedef struct gl_pdf_font {
    char *path;      /* the .ttf file (owned) */
    hb_blob_t *blob; /* the file, mapped */
    hb_face_t *face;
    hb_font_t *font;  /* scaled to the face's units per em */
    unsigned upem;    /* units per em */
    hb_set_t *used;   /* code points drawn with their own glyphs (unshaped text) */
    hb_set_t *glyphs; /* glyphs of the original drawn by shaped text */
    /* The text each glyph of the original shows, as the ToUnicode CMap
     * gives it back: text_of maps a glyph to (start << 8 | length) in
     * `texts` (UTF-32), the first text it was drawn for. */
    hb_map_t *text_of;
    uint32_t *texts;
    size_t ntexts, texts_cap;
    hb_subset_plan_t *plan; /* the cut, once made: its glyph renumbering */
    hb_blob_t *cut;         /* the font program to embed, once cut */
    hb_map_t *codes;        /* code point -> glyph of the cut (unshaped text) */
    unsigned ncodes;        /* 1 + the highest glyph of the cut */
    int *advances;          /* advance of each glyph of the cut < ncodes, in 1/1000 em */
    int bbox[4], ascent, descent, cap_height, italic_angle; /* descriptor, 1/1000 em */
    unsigned flags, stem_v;
    int16_t *widths;   /* advance in 1/1000 em by code point; -1 unknown, -2 no glyph */
    gl_hpdf_obj *hpdf; /* the embedded font, once loaded */
} gl_pdf_font;

/* Maps the TrueType file at `path` and prepares it for measuring. On failure
 * `f` holds nothing. Returns GL_OK, GL_ENOMEM, or GL_EFONT when the file is
 * missing or not a font with TrueType outlines (glyf), the only ones a PDF
 * embeds as FontFile2 ("cannot read the font /x.ttf"). */
gl_status gl_pdf_font_open(gl_pdf_font *f, const char *path, const gl_allocator *alloc,
                           gl_error *err);

/* Whether the font has a glyph for `cp`. */
bool gl_pdf_font_has(const gl_pdf_font *f, uint32_t cp);

/* The advance of `cp` in 1/1000 em, truncated as the /W widths are written
 * (gl_pdf_font_embed), so a line measured here is drawn exactly that wide;
 * -1 when the font has no glyph for it. */
int gl_pdf_font_advance(gl_pdf_font *f, uint32_t cp);

/* Records that the UTF-8 text (valid) is drawn with this font, each
 * character with its own glyph. Returns GL_OK or GL_ENOMEM. */
gl_status gl_pdf_font_use(gl_pdf_font *f, const char *text, size_t len, gl_error *err);

/* Records that glyph `gid` of the original is drawn, showing the `n`
 * characters `text` (in the order a reader extracting text sees them: for
 * right-to-left text, visual order, as PDF readers reverse such runs);
 * the first text a glyph is drawn for (of at most GL_PDF_TEXT_MAX
 * characters) is the one the ToUnicode CMap gives it, n = 0 giving none.
 * Returns GL_OK or GL_ENOMEM. */
gl_status gl_pdf_font_use_glyph(gl_pdf_font *f, uint32_t gid, const uint32_t *text, size_t n,
                                const gl_allocator *alloc, gl_error *err);

/* The text glyph `gid` of the original gives back (see
 * gl_pdf_font_use_glyph): *n characters at the returned pointer, valid
 * until the next use; *n = 0 when none. */
const uint32_t *gl_pdf_font_glyph_text(const gl_pdf_font *f, uint32_t gid, size_t *n);

/* Cuts the font to the glyphs used (hb-subset, by glyph set: ligatures and
 * contextual forms included, which a cut by characters would lose) and
 * keeps the program to embed in f->cut (glyphs, metrics; no cmap, no
 * layout tables, no hinting), with f->codes giving each code point used
 * through gl_pdf_font_use its glyph in the cut. Glyphs that gave no text
 * yet get the character they are the font's own glyph for. GL_OK or
 * GL_ENOMEM. */
gl_status gl_pdf_font_cut(gl_pdf_font *f, const gl_allocator *alloc, gl_error *err);

/* The code (glyph of the cut) that draws `cp`; 0 (.notdef) when the cut
 * lacks it, which the layout never asks for. */
unsigned gl_pdf_font_code(const gl_pdf_font *f, uint32_t cp);

/* The code (glyph of the cut) of glyph `gid` of the original; 0 when the
 * cut lacks it. */
unsigned gl_pdf_font_glyph_code(const gl_pdf_font *f, uint32_t gid);

/* Writes the ToUnicode CMap (ISO 32000-1 9.10.3) of the cut font into `b`:
 * each code to the text of its glyph, in UTF-16BE. GL_OK or the buffer's
 * failure. */
gl_status gl_pdf_font_cmap(const gl_pdf_font *f, gl_buf *b);

/* Writes the cut font into the document `h` as a Type 0 font
 * (ISO 32000-1 9.7): Identity-H codes, a CIDFontType2 whose CIDs are the
 * glyphs (CIDToGIDMap /Identity), /W from the cut's advances, the ToUnicode
 * CMap and the program as FontFile2; f->hpdf gets the font dictionary, which
 * pages name in their resources. `index` numbers the document's fonts (the
 * subset tag). libharu's own route (HPDF_LoadTTFontFromFile, HPDF_GetFont
 * with its UTF-8 encoder) parsed and rewrote the font and looked up all
 * 65,536 codes in its cmap: two thirds of a conversion's time. GL_OK or
 * GL_ENOMEM. */
gl_status gl_pdf_font_embed(gl_pdf_font *f, gl_hpdf *h, size_t index, const gl_allocator *alloc,
                            gl_error *err);

/* Releases everything; a zeroed or failed font is a no-op. */
void gl_pdf_font_close(gl_pdf_font *f, const gl_allocator *alloc);

#endif
