/* One font of the PDF writer: HarfBuzz measures it while the pages are laid
 * out, and at the end hb-subset cuts it to the characters drawn before libharu
 * embeds it. libharu embeds nearly the whole file it is given (hmtx, cmap and
 * a CIDToGIDMap for every character), so cutting first is what keeps a PDF
 * small; it also spares libharu parsing large fonts that are barely used. */
#ifndef GL_WRITERS_PDF_FONT_H
#define GL_WRITERS_PDF_FONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <hb.h>
#include <hpdf.h>
#include "galley/error.h"
#include "galley/options.h"

#define GL_PDF_WIDTH_CACHE 0x800 /* code points whose advance is cached: Latin to Arabic */

typedef struct gl_pdf_font {
    char *path;      /* the .ttf file (owned) */
    hb_blob_t *blob; /* the file, mapped */
    hb_face_t *face;
    hb_font_t *font; /* scaled to the face's units per em */
    unsigned upem;   /* units per em */
    hb_set_t *used;  /* code points drawn with this font: what the subset keeps */
    int16_t *widths; /* advance in 1/1000 em by code point; -1 unknown, -2 no glyph */
    HPDF_Font hpdf;  /* the embedded font, once loaded */
} gl_pdf_font;

/* Maps the TrueType file at `path` and prepares it for measuring. On failure
 * `f` holds nothing. Returns GL_OK, GL_ENOMEM, or GL_EFONT when the file is
 * missing or not a font ("cannot read the font /x.ttf"). */
gl_status gl_pdf_font_open(gl_pdf_font *f, const char *path, const gl_allocator *alloc,
                           gl_error *err);

/* Whether the font has a glyph for `cp` (always false beyond the BMP, which
 * libharu's UTF-8 encoder cannot reach). */
bool gl_pdf_font_has(const gl_pdf_font *f, uint32_t cp);

/* The advance of `cp` in 1/1000 em, truncated as libharu truncates the /W
 * widths it writes (so a line measured here is drawn exactly that wide), or
 * -1 when the font has no glyph for it. */
int gl_pdf_font_advance(gl_pdf_font *f, uint32_t cp);

/* Records that the UTF-8 text (valid, BMP only) is drawn with this font.
 * Returns GL_OK or GL_ENOMEM. */
gl_status gl_pdf_font_use(gl_pdf_font *f, const char *text, size_t len, gl_error *err);

/* Cuts the font to the code points used and writes the cut to a new private
 * temporary file (mkstemp in $TMPDIR or /tmp, mode 0600); `path` (of `size`
 * bytes) gets its name. The caller loads it with HPDF_LoadTTFontFromFile and
 * removes it at once: libharu keeps the file open and reads the glyphs again
 * when it saves, which an unlinked file still allows, so nothing is left
 * behind even if the process dies. GL_OK, GL_ENOMEM or GL_EIO. */
gl_status gl_pdf_font_cut(gl_pdf_font *f, char *path, size_t size, gl_error *err);

/* Repairs what libharu made of the loaded cut `font`: its ToUnicode CMap
 * (a copy of the UTF-8 encoding CMap, which poppler rejects: "Invalid
 * 'begincidrange' operator") becomes one mapping each used code point to
 * itself, the codes libharu's UTF-8 encoder writes; its CIDToGIDMap stops
 * after the highest code used. GL_OK, GL_ENOMEM or GL_EFONT. */
gl_status gl_pdf_font_finish(const gl_pdf_font *f, HPDF_Font font, const gl_allocator *alloc,
                             gl_error *err);

/* Releases everything; a zeroed or failed font is a no-op. */
void gl_pdf_font_close(gl_pdf_font *f, const gl_allocator *alloc);

#endif
