/* One font of the PDF writer: HarfBuzz measures it while the pages are laid
 * out; at the end hb-subset cuts it to the characters drawn, and galley
 * writes the font's PDF objects itself into libharu's object table, so
 * libharu neither parses nor rewrites it. Text is drawn in the cut's glyph
 * numbers (two-byte Identity-H codes). */
#ifndef GL_WRITERS_PDF_FONT_H
#define GL_WRITERS_PDF_FONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <hb.h>
#include "galley/error.h"
#include "galley/options.h"
#include "writers/pdf_hpdf.h"

#define GL_PDF_WIDTH_CACHE 0x800 /* code points whose advance is cached: Latin to Arabic */

typedef struct gl_pdf_font {
    char *path;      /* the .ttf file (owned) */
    hb_blob_t *blob; /* the file, mapped */
    hb_face_t *face;
    hb_font_t *font; /* scaled to the face's units per em */
    unsigned upem;   /* units per em */
    hb_set_t *used;  /* code points drawn with this font: what the subset keeps */
    hb_blob_t *cut;  /* the font program to embed, once cut */
    hb_map_t *codes; /* code point -> glyph of the cut */
    unsigned ncodes; /* 1 + the highest glyph of the cut drawn */
    int *advances;   /* advance of each glyph of the cut < ncodes, in 1/1000 em */
    int bbox[4], ascent, descent, cap_height, italic_angle; /* descriptor, 1/1000 em */
    unsigned flags, stem_v;
    int16_t *widths;   /* advance in 1/1000 em by code point; -1 unknown, -2 no glyph */
    gl_hpdf_obj *hpdf; /* the embedded font, once loaded */
} gl_pdf_font;

/* Maps the TrueType file at `path` and prepares it for measuring. On failure
 * `f` holds nothing. Returns GL_OK, GL_ENOMEM, or GL_EFONT when the file is
 * missing or not a font ("cannot read the font /x.ttf"). */
gl_status gl_pdf_font_open(gl_pdf_font *f, const char *path, const gl_allocator *alloc,
                           gl_error *err);

/* Whether the font has a glyph for `cp`; always false beyond the BMP, whose
 * characters (emoji) the writer reports as missing, as issue 5 asks, and
 * replaces (the glyph codes themselves could carry them; ToUnicode would
 * then need surrogate pairs). */
bool gl_pdf_font_has(const gl_pdf_font *f, uint32_t cp);

/* The advance of `cp` in 1/1000 em, truncated as the /W widths are written
 * (gl_pdf_font_embed), so a line measured here is drawn exactly that wide;
 * -1 when the font has no glyph for it. */
int gl_pdf_font_advance(gl_pdf_font *f, uint32_t cp);

/* Records that the UTF-8 text (valid, BMP only) is drawn with this font.
 * Returns GL_OK or GL_ENOMEM. */
gl_status gl_pdf_font_use(gl_pdf_font *f, const char *text, size_t len, gl_error *err);

/* Cuts the font to the code points used (hb-subset) and keeps the program
 * to embed in f->cut (glyphs, metrics; no cmap, no hinting), with f->codes
 * giving each used code point its glyph in the cut: the two-byte code the
 * pages draw it with. GL_OK or GL_ENOMEM. */
gl_status gl_pdf_font_cut(gl_pdf_font *f, const gl_allocator *alloc, gl_error *err);

/* The code (glyph of the cut) that draws `cp`; 0 (.notdef) when the cut
 * lacks it, which the layout never asks for. */
unsigned gl_pdf_font_code(const gl_pdf_font *f, uint32_t cp);

/* Writes the cut font into the document `h` as a Type 0 font
 * (ISO 32000-1 9.7): Identity-H codes, a CIDFontType2 whose CIDs are the
 * glyphs (CIDToGIDMap /Identity), /W from the cut's advances, a ToUnicode
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
