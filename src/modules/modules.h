/* The formats whose libraries are heavy to map at start-up (libxml2 pulls
 * ICU and libstdc++; libharu and harfbuzz; libzip pulls libcrypto) live in
 * modules: the shared libgalley loads each one on first use (load_dl.c), the
 * static one links them in (load_static.c). Everything else calls them
 * through the front doors below, the same in both. fontconfig is a module
 * too, used by the PDF module alone and only when its font cache does not
 * answer (writers/pdf_fonts.h). */
#ifndef GL_MODULES_MODULES_H
#define GL_MODULES_MODULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "galley/galley.h"
#include "writers/epub.h"

/* Opens every module's table. A module built from another galley (version or
 * table layout) is refused: the tree and option structures it was compiled
 * against could differ. */
typedef struct gl_module_head {
    const char *abi;    /* GL_VERSION_STRING of the build that made it */
    size_t size;        /* sizeof its table */
    void (*init)(void); /* one-time set-up of its libraries, or NULL */
} gl_module_head;

typedef struct gl_html_module {
    gl_module_head head;
    gl_read_fn read;
    gl_status (*map_fragment)(gl_doc *doc, gl_node *parent, const char *html, size_t len,
                              const gl_input *in, unsigned long line, const gl_options *opt,
                              gl_error *err);
} gl_html_module;

typedef struct gl_pdf_module {
    gl_module_head head;
    gl_write_doc_fn write;
} gl_pdf_module;

typedef struct gl_epub_module {
    gl_module_head head;
    gl_write_doc_fn write;
    gl_status (*book_new)(gl_epub **out, const gl_options *opt, gl_error *err);
    gl_status (*book_add)(gl_epub *e, const gl_doc *doc, const char *source_path, gl_error *err);
    gl_status (*book_finish)(gl_epub *e, const char *title, const size_t *order,
                             const gl_sink *sink, gl_error *err);
    void (*book_free)(gl_epub *e);
} gl_epub_module;

/* fontconfig's answers for the PDF writer (writers/pdf_fontconfig.c). */
typedef void gl_fonts_path_fn(void *userdata, const char *path);
typedef struct gl_fonts_module {
    gl_module_head head;
    /* A .ttf file for each face of writers/pdf_fonts.h, into paths[0 ..
     * GL_PDF_FACE_COUNT - 1] (from `alloc`; all or none), as
     * gl_pdf_fonts_resolve without a cache. */
    gl_status (*resolve)(char **paths, const char *family, const gl_allocator *alloc,
                         gl_error *err);
    /* gl_pdf_fonts_fallback's search. */
    gl_status (*fallback)(uint32_t cp, char **path, const gl_allocator *alloc, gl_error *err);
    /* Calls `fn` with each configuration file fontconfig read, or with
     * `font_dirs` each font folder it scanned: what the font cache stamps. */
    void (*each_dependency)(bool font_dirs, gl_fonts_path_fn *fn, void *userdata);
} gl_fonts_module;

typedef enum {
    GL_MODULE_HTML,
    GL_MODULE_PDF,
    GL_MODULE_EPUB,
    GL_MODULE_FONTS,
    GL_MODULE_COUNT
} gl_module_id;

/* The symbol each module exports: its table, and nothing else. */
#define GL_MODULE_TABLE __attribute__((visibility("default")))
extern const gl_html_module gl_module_html;
extern const gl_pdf_module gl_module_pdf;
extern const gl_epub_module gl_module_epub;
extern const gl_fonts_module gl_module_fonts;

/* The table of module `id`, loaded and set up (its `init` run) once, on the
 * first call from any thread; never unloaded. GL_OK, or GL_EIO with a message
 * naming the module's file and why it could not be loaded. The PDF module
 * loads the fontconfig module through it. */
gl_status gl_module_get(gl_module_id id, const gl_module_head **out, gl_error *err);

/* The front doors: the contracts of gl_read_html, gl_html_map_fragment
 * (readers.h), gl_write_pdf, gl_write_epub (writers.h) and gl_epub_* (epub.h),
 * plus GL_EIO when the module cannot be loaded. gl_mod_epub_free(NULL) loads
 * nothing. */
gl_status gl_mod_read_html(gl_doc **out, const gl_input *in, const gl_options *opt, gl_error *err);
gl_status gl_mod_html_map_fragment(gl_doc *doc, gl_node *parent, const char *html, size_t len,
                                   const gl_input *in, unsigned long line, const gl_options *opt,
                                   gl_error *err);
gl_status gl_mod_write_pdf(const gl_doc *doc, const gl_sink *sink, const gl_options *opt,
                           gl_error *err);
gl_status gl_mod_write_epub(const gl_doc *doc, const gl_sink *sink, const gl_options *opt,
                            gl_error *err);
gl_status gl_mod_epub_new(gl_epub **out, const gl_options *opt, gl_error *err);
gl_status gl_mod_epub_add(gl_epub *e, const gl_doc *doc, const char *source_path, gl_error *err);
gl_status gl_mod_epub_finish(gl_epub *e, const char *title, const size_t *order,
                             const gl_sink *sink, gl_error *err);
void gl_mod_epub_free(gl_epub *e);

#endif
