/* Font discovery for the PDF writer. libharu embeds TrueType outlines only
 * (.ttf; CFF-flavoured .otf fails to load), so fontconfig is asked for
 * TrueType files of the DejaVu families galley's layout is designed around. */
#ifndef GL_WRITERS_PDF_FONTS_H
#define GL_WRITERS_PDF_FONTS_H

#include <stdbool.h>
#include <stdint.h>
#include <fontconfig/fontconfig.h>
#include "galley/error.h"
#include "galley/options.h"

/* The faces the layout uses. */
typedef enum gl_pdf_face {
    GL_PDF_SERIF = 0,         /* body text */
    GL_PDF_SERIF_BOLD,        /* strong */
    GL_PDF_SERIF_ITALIC,      /* emphasis, alt text */
    GL_PDF_SERIF_BOLD_ITALIC, /* strong emphasis */
    GL_PDF_SANS_BOLD,         /* title and headings */
    GL_PDF_MONO,              /* code */
    GL_PDF_FACE_COUNT
} gl_pdf_face;

/* Where each face lives, and which characters it covers. */
typedef struct gl_pdf_fonts {
    char *path[GL_PDF_FACE_COUNT];         /* absolute path of a .ttf file */
    FcCharSet *charset[GL_PDF_FACE_COUNT]; /* its coverage (a reference we hold) */
} gl_pdf_fonts;

/* Finds a TrueType file for every face through fontconfig's default
 * configuration (thread-safe). Depends only on the installed fonts, so a caller
 * may keep the result for the whole process. On success `out` owns strings from
 * `alloc` and charset references: release them with gl_pdf_fonts_release. On
 * failure `out` holds nothing. Returns GL_OK, GL_ENOMEM or GL_EFONT ("no
 * TrueType font found for 'DejaVu Serif' (install fonts-dejavu-core)"). */
gl_status gl_pdf_fonts_resolve(gl_pdf_fonts *out, const gl_allocator *alloc, gl_error *err);

/* Whether `face` has a glyph for code point `cp`. */
bool gl_pdf_fonts_has_char(const gl_pdf_fonts *fonts, gl_pdf_face face, uint32_t cp);

/* The family and style asked for, for messages: "DejaVu Serif Bold". */
const char *gl_pdf_face_name(gl_pdf_face face);

/* Frees what gl_pdf_fonts_resolve gave; a zeroed struct is a no-op. */
void gl_pdf_fonts_release(gl_pdf_fonts *fonts, const gl_allocator *alloc);

#endif
