#include "writers/pdf_fonts.h"

#include <string.h>
#include "modules/modules.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/vec.h"

gl_status gl_pdf_fonts_resolve(gl_pdf_fonts *out, const char *cache, const char *family,
                               const gl_allocator *alloc, gl_error *err) {
    memset(out, 0, sizeof *out);
    bool hit = false;
    if (cache && !family) {
        gl_status st = gl_pdf_fonts_load_cache(out, cache, &hit, alloc, err);
        if (st != GL_OK || hit)
            return st;
    }
    out->changed = !family; /* the cache remembers the default faces only */
    const gl_fonts_module *fc;
    gl_status st = gl_module_get_fonts(&fc, err);
    if (st == GL_OK)
        st = fc->resolve(out->path, family, alloc, err);
    if (st != GL_OK)
        gl_pdf_fonts_release(out, alloc);
    return st;
}

gl_status gl_pdf_fonts_fallback(uint32_t cp, const char *lang, const char *families,
                                gl_pdf_face face, char **path, const gl_allocator *alloc,
                                gl_error *err) {
    *path = NULL;
    const gl_fonts_module *fc;
    gl_status st = gl_module_get_fonts(&fc, err);
    return st == GL_OK ? fc->fallback(cp, lang, families, (int)face, path, alloc, err) : st;
}

gl_status gl_pdf_fonts_add_fallback(gl_pdf_fonts *fonts, const char *key, const char *path,
                                    const gl_allocator *alloc, gl_error *err) {
    if (gl_vec_grow(alloc, &fonts->fallback, &fonts->fallback_cap, fonts->nfallback + 1,
                    sizeof *fonts->fallback) != GL_OK)
        return gl_fail(err, GL_ENOMEM, 0, "out of memory while looking for fonts");
    gl_pdf_fallback *f = &fonts->fallback[fonts->nfallback];
    f->key = gl_strdup(alloc, key);
    f->path = gl_strdup(alloc, path);
    if (!f->key || !f->path) {
        gl_free(alloc, f->key);
        gl_free(alloc, f->path);
        return gl_fail(err, GL_ENOMEM, 0, "out of memory while looking for fonts");
    }
    fonts->nfallback++;
    return GL_OK;
}

void gl_pdf_fonts_release(gl_pdf_fonts *fonts, const gl_allocator *alloc) {
    for (size_t i = 0; i < fonts->nfallback; i++) {
        gl_free(alloc, fonts->fallback[i].key);
        gl_free(alloc, fonts->fallback[i].path);
    }
    gl_free(alloc, fonts->fallback);
    fonts->fallback = NULL;
    fonts->nfallback = fonts->fallback_cap = 0;
    for (int f = 0; f < GL_PDF_FACE_COUNT; f++) {
        gl_free(alloc, fonts->path[f]);
        fonts->path[f] = NULL;
    }
}
