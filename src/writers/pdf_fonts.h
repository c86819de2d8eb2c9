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

/* Where each face lives. */
typedef struct gl_pdf_fonts {
    char *path[GL_PDF_FACE_COUNT]; /* absolute path of a .ttf file */
} gl_pdf_fonts;

/* Finds a TrueType file for every face through fontconfig's default
 * configuration (thread-safe). Depends only on the installed fonts, so a caller
 * may keep the result for the whole process. On success `out` owns strings from
 * `alloc`: release them with gl_pdf_fonts_release. On
 * failure `out` holds nothing. Returns GL_OK, GL_ENOMEM or GL_EFONT ("no
 * TrueType font found for 'DejaVu Serif' (install fonts-dejavu-core)"). */
gl_status gl_pdf_fonts_resolve(gl_pdf_fonts *out, const gl_allocator *alloc, gl_error *err);

/* Asks fontconfig for an embeddable TrueType file that has `cp` (a BMP
 * code point the faces lack: Cyrillic beyond DejaVu, CJK, symbols). *path gets
 * it (from `alloc`), or NULL when no installed font has the character.
 * Returns GL_OK or GL_ENOMEM. */
gl_status gl_pdf_fonts_fallback(uint32_t cp, char **path, const gl_allocator *alloc, gl_error *err);

/* The family and style asked for, for messages: "DejaVu Serif Bold". */
const char *gl_pdf_face_name(gl_pdf_face face);

/* Frees what gl_pdf_fonts_resolve gave; a zeroed struct is a no-op. */
void gl_pdf_fonts_release(gl_pdf_fonts *fonts, const gl_allocator *alloc);

#endif
