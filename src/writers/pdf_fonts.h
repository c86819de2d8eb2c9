/* Font discovery for the PDF writer. libharu embeds TrueType outlines only
 * (.ttf; CFF-flavoured .otf fails to load), so fontconfig is asked for
 * TrueType files of the DejaVu families galley's layout is designed around.
 * fontconfig is a module of its own (pdf_fontconfig.c), loaded only when the
 * font cache does not answer. */
#ifndef GL_WRITERS_PDF_FONTS_H
#define GL_WRITERS_PDF_FONTS_H

#include <stdbool.h>
#include <stdint.h>
#include "galley/error.h"
#include "galley/options.h"
#include "modules/modules.h"

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

/* Where each face lives, and the fallback fonts known to this conversion. */
typedef struct gl_pdf_fonts {
    char *path[GL_PDF_FACE_COUNT]; /* absolute path of a .ttf file */
    char **fallback;               /* fallback .ttf files: from the cache, then found now */
    size_t nfallback, fallback_cap;
    bool changed; /* the cache (if any) no longer says all this: gl_pdf_fonts_save it */
} gl_pdf_fonts;

/* Finds a TrueType file for every face: from the cache file `cache` when it
 * is still valid (no fontconfig call at all), else through fontconfig's
 * default configuration (thread-safe), setting out->changed. `cache` may be
 * NULL (no cache). `family`, when not NULL, replaces DejaVu Serif for the
 * four body faces (the cache is then neither read nor written); fontconfig
 * must know it. On success `out` owns strings from `alloc`: release them
 * with gl_pdf_fonts_release. On failure `out` holds nothing. Returns GL_OK,
 * GL_ENOMEM, GL_EFONT ("no TrueType font found for 'DejaVu Serif' (install
 * fonts-dejavu-core)", "no font of the family 'X' is installed...") or GL_EIO
 * (the fontconfig module cannot be loaded). */
gl_status gl_pdf_fonts_resolve(gl_pdf_fonts *out, const char *cache, const char *family,
                               const gl_allocator *alloc, gl_error *err);

/* Reads the cache file (pdf_font_cache.c): *hit is true when it exists and
 * every stamp in it still holds, and then `out` has every face and the
 * remembered fallbacks. A missing, stale or foreign cache is no error.
 * GL_OK or GL_ENOMEM. */
gl_status gl_pdf_fonts_load_cache(gl_pdf_fonts *out, const char *cache, bool *hit,
                                  const gl_allocator *alloc, gl_error *err);

/* Writes `fonts` to the cache file `cache` (folders made 0700, written to a
 * temporary file then renamed), stamped with fontconfig's configuration
 * files and font folders; fontconfig must have been used in this process.
 * Best effort: a cache that cannot be written is not an error. */
void gl_pdf_fonts_save(const gl_pdf_fonts *fonts, const char *cache, const gl_allocator *alloc);

/* Appends a copy of `path` to the fallbacks. GL_OK or GL_ENOMEM. */
gl_status gl_pdf_fonts_add_fallback(gl_pdf_fonts *fonts, const char *path,
                                    const gl_allocator *alloc, gl_error *err);

/* Asks fontconfig for an embeddable TrueType file that has `cp` (a BMP
 * code point the faces lack: Cyrillic beyond DejaVu, CJK, symbols). *path gets
 * it (from `alloc`), or NULL when no installed font has the character.
 * Returns GL_OK, GL_ENOMEM or GL_EIO (the fontconfig module cannot be loaded). */
gl_status gl_pdf_fonts_fallback(uint32_t cp, char **path, const gl_allocator *alloc, gl_error *err);

/* fontconfig's answers for the PDF writer: the fontconfig module's table
 * (pdf_fontconfig.c, modules/modules.h). */
typedef void gl_fonts_path_fn(void *userdata, const char *path);
typedef struct gl_fonts_module {
    gl_module_head head;
    /* A .ttf file for each face above, into paths[0 .. GL_PDF_FACE_COUNT - 1]
     * (from `alloc`; all or none), as gl_pdf_fonts_resolve without a cache. */
    gl_status (*resolve)(char **paths, const char *family, const gl_allocator *alloc,
                         gl_error *err);
    /* gl_pdf_fonts_fallback's search. */
    gl_status (*fallback)(uint32_t cp, char **path, const gl_allocator *alloc, gl_error *err);
    /* Calls `fn` with each configuration file fontconfig read, or with
     * `font_dirs` each font folder it scanned: what the font cache stamps. */
    void (*each_dependency)(bool font_dirs, gl_fonts_path_fn *fn, void *userdata);
} gl_fonts_module;
/* The module is loaded on first use, through gl_module_get_fonts. */

/* Frees what gl_pdf_fonts_resolve gave; a zeroed struct is a no-op. */
void gl_pdf_fonts_release(gl_pdf_fonts *fonts, const gl_allocator *alloc);

#endif
