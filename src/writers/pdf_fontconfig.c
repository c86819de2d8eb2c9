/* fontconfig for the PDF writer, as a module of its own (modules/modules.h):
 * the PDF writer asks it only when the font cache (pdf_font_cache.c) no
 * longer holds or a character needs a fallback font, so a conversion with a
 * valid cache maps neither libfontconfig nor libexpat. */
#include <string.h>
#include <fontconfig/fontconfig.h>
#include "modules/modules.h"
#include "util/alloc.h"
#include "util/error.h"
#include "writers/pdf_fonts.h"

typedef struct face_spec {
    const char *family;
    int weight, slant;
    const char *name;    /* for messages */
    const char *package; /* the Debian package that ships it */
} face_spec;

/* Indexed by gl_pdf_face. The serif italics are in fonts-dejavu-extra. */
static const face_spec face_specs[GL_PDF_FACE_COUNT] = {
    {"DejaVu Serif", FC_WEIGHT_REGULAR, FC_SLANT_ROMAN, "DejaVu Serif", "fonts-dejavu-core"},
    {"DejaVu Serif", FC_WEIGHT_BOLD, FC_SLANT_ROMAN, "DejaVu Serif Bold", "fonts-dejavu-core"},
    {"DejaVu Serif", FC_WEIGHT_REGULAR, FC_SLANT_ITALIC, "DejaVu Serif Italic",
     "fonts-dejavu-extra"},
    {"DejaVu Serif", FC_WEIGHT_BOLD, FC_SLANT_ITALIC, "DejaVu Serif Bold Italic",
     "fonts-dejavu-extra"},
    {"DejaVu Sans", FC_WEIGHT_BOLD, FC_SLANT_ROMAN, "DejaVu Sans Bold", "fonts-dejavu-core"},
    {"DejaVu Sans Mono", FC_WEIGHT_REGULAR, FC_SLANT_ROMAN, "DejaVu Sans Mono",
     "fonts-dejavu-core"},
};

/* Whether a match is a file libharu can embed: fontconfig says TrueType (which
 * it also says of TrueType collections) and the name ends in ".ttf". */
static bool usable(FcPattern *font, const char **file) {
    FcChar8 *format = NULL, *path = NULL;
    int index = 0;
    if (FcPatternGetString(font, FC_FONTFORMAT, 0, &format) != FcResultMatch ||
        strcmp((const char *)format, "TrueType") != 0)
        return false;
    if (FcPatternGetString(font, FC_FILE, 0, &path) != FcResultMatch)
        return false;
    if (FcPatternGetInteger(font, FC_INDEX, 0, &index) == FcResultMatch && index != 0)
        return false;
    size_t n = strlen((const char *)path);
    if (n < 4)
        return false;
    const char *ext = (const char *)path + n - 4;
    if (ext[0] != '.' || (ext[1] | 0x20) != 't' || (ext[2] | 0x20) != 't' || (ext[3] | 0x20) != 'f')
        return false;
    *file = (const char *)path;
    return true;
}

/* Copies the file name of a match. */
static gl_status take(char **out, const char *file, const gl_allocator *alloc, gl_error *err) {
    size_t n = strlen(file);
    *out = gl_malloc(alloc, n + 1);
    if (!*out)
        return gl_fail(err, GL_ENOMEM, 0, "out of memory while looking for fonts");
    memcpy(*out, file, n + 1);
    return GL_OK;
}

/* Whether the match is of `family` (fontconfig names a family in several
 * ways: "DejaVu Serif,DejaVu Serif Condensed"). */
static bool of_family(FcPattern *font, const char *family) {
    FcChar8 *name;
    for (int i = 0; FcPatternGetString(font, FC_FAMILY, i, &name) == FcResultMatch; i++) {
        if (FcStrCmpIgnoreCase(name, (const FcChar8 *)family) == 0)
            return true;
    }
    return false;
}

/* The file for `face`: the best match first (cheap); the sorted list only
 * when that match is not a .ttf file (e.g. DejaVu missing and an OpenType
 * CFF font preferred). The body faces come from `family` when it is given
 * (--font-family). */
static gl_status resolve_face(char **path, gl_pdf_face face, const char *family,
                              const gl_allocator *alloc, gl_error *err) {
    const face_spec *spec = &face_specs[face];
    bool body = family && face <= GL_PDF_SERIF_BOLD_ITALIC;
    const char *want = body ? family : spec->family;
    FcPattern *pat = FcPatternBuild(NULL, FC_FAMILY, FcTypeString, want, FC_WEIGHT, FcTypeInteger,
                                    spec->weight, FC_SLANT, FcTypeInteger, spec->slant,
                                    FC_FONTFORMAT, FcTypeString, "TrueType", (char *)NULL);
    if (!pat || !FcConfigSubstitute(NULL, pat, FcMatchPattern)) {
        FcPatternDestroy(pat);
        return gl_fail(err, GL_ENOMEM, 0, "out of memory while looking for fonts");
    }
    FcDefaultSubstitute(pat);
    gl_status st = GL_EFONT;
    const char *file = NULL;
    FcResult res;
    FcPattern *match = FcFontMatch(NULL, pat, &res);
    if (body && face == GL_PDF_SERIF && !(match && of_family(match, family))) {
        /* fontconfig would quietly give another family. */
        if (match)
            FcPatternDestroy(match);
        FcPatternDestroy(pat);
        return gl_fail(err, GL_EFONT, 0,
                       "no font of the family '%s' is installed (fc-list : family lists them)",
                       family);
    }
    if (match && usable(match, &file)) {
        st = take(path, file, alloc, err);
    } else {
        FcFontSet *set = FcFontSort(NULL, pat, FcFalse, NULL, &res);
        for (int i = 0; set && i < set->nfont; i++) {
            if (usable(set->fonts[i], &file)) {
                st = take(path, file, alloc, err);
                break;
            }
        }
        if (set)
            FcFontSetDestroy(set);
    }
    if (match)
        FcPatternDestroy(match);
    FcPatternDestroy(pat);
    if (st == GL_EFONT && body)
        return gl_fail(err, GL_EFONT, 0, "no TrueType font of the family '%s' is installed",
                       family);
    if (st == GL_EFONT)
        return gl_fail(err, GL_EFONT, 0, "no TrueType font found for '%s' (install %s)", spec->name,
                       spec->package);
    return st;
}

static gl_status resolve(char **paths, const char *family, const gl_allocator *alloc,
                         gl_error *err) {
    for (int f = 0; f < GL_PDF_FACE_COUNT; f++) {
        gl_status st = resolve_face(&paths[f], (gl_pdf_face)f, family, alloc, err);
        if (st != GL_OK) {
            for (int g = 0; g < f; g++) {
                gl_free(alloc, paths[g]);
                paths[g] = NULL;
            }
            return st;
        }
    }
    return GL_OK;
}

static gl_status fallback(uint32_t cp, char **path, const gl_allocator *alloc, gl_error *err) {
    *path = NULL;
    FcCharSet *cs = FcCharSetCreate();
    FcPattern *pat = cs && FcCharSetAddChar(cs, cp)
                         ? FcPatternBuild(NULL, FC_CHARSET, FcTypeCharSet, cs, FC_FONTFORMAT,
                                          FcTypeString, "TrueType", (char *)NULL)
                         : NULL;
    if (cs)
        FcCharSetDestroy(cs);
    if (!pat || !FcConfigSubstitute(NULL, pat, FcMatchPattern)) {
        FcPatternDestroy(pat);
        return gl_fail(err, GL_ENOMEM, 0, "out of memory while looking for fonts");
    }
    FcDefaultSubstitute(pat);
    FcResult res;
    /* Sorted by closeness to the pattern, coverage first; the first
     * embeddable file that really has the character wins. */
    FcFontSet *set = FcFontSort(NULL, pat, FcFalse, NULL, &res);
    gl_status st = GL_OK;
    for (int i = 0; set && i < set->nfont; i++) {
        const char *file;
        FcCharSet *has = NULL;
        if (usable(set->fonts[i], &file) &&
            FcPatternGetCharSet(set->fonts[i], FC_CHARSET, 0, &has) == FcResultMatch &&
            FcCharSetHasChar(has, cp)) {
            st = take(path, file, alloc, err);
            break;
        }
    }
    if (set)
        FcFontSetDestroy(set);
    FcPatternDestroy(pat);
    return st;
}

static void each_dependency(bool font_dirs, gl_fonts_path_fn *fn, void *userdata) {
    FcStrList *list = font_dirs ? FcConfigGetFontDirs(NULL) : FcConfigGetConfigFiles(NULL);
    if (!list)
        return;
    FcChar8 *s;
    while ((s = FcStrListNext(list)) != NULL)
        fn(userdata, (const char *)s);
    FcStrListDone(list);
}

GL_MODULE_TABLE const gl_fonts_module gl_module_fonts = {
    {GL_ABI_STAMP, NULL, NULL},
    resolve,
    fallback,
    each_dependency,
};
