#include "layout/bidi.h"

#include <string.h>
#include <fribidi.h>
#include "util/alloc.h"
#include "util/utf8.h"

bool gl_bidi_needed(uint32_t cp) {
    if (cp < 0x0590)
        return false; /* Latin, Greek, Cyrillic, Armenian: strong left to right or neutral */
    FriBidiCharType t = fribidi_get_bidi_type(cp);
    return FRIBIDI_IS_RTL(t) || FRIBIDI_IS_EXPLICIT(t) || FRIBIDI_IS_ISOLATE(t) ||
           t == FRIBIDI_TYPE_AN;
}

bool gl_bidi_language_rtl(const char *lang) {
    static const char *const langs[] = {"ar", "arc", "ckb", "dv", "fa", "he", "iw",
                                        "ks", "ps",  "sd",  "ug", "ur", "yi"};
    static const char *const scripts[] = {"arab", "hebr", "syrc", "thaa", "nkoo", "adlm"};
    if (!lang)
        return false;
    char sub[9];
    size_t k = 0;
    bool first = true;
    for (const char *c = lang;; c++) {
        if (*c && *c != '-' && *c != '_') {
            if (k + 1 < sizeof sub)
                sub[k++] = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
            continue;
        }
        sub[k] = '\0';
        for (size_t i = 0; first && i < sizeof langs / sizeof *langs; i++)
            if (strcmp(sub, langs[i]) == 0)
                return true;
        for (size_t i = 0; !first && k == 4 && i < sizeof scripts / sizeof *scripts; i++)
            if (strcmp(sub, scripts[i]) == 0)
                return true;
        if (!*c)
            return false;
        first = false;
        k = 0;
    }
}

gl_status gl_bidi_paragraph(gl_bidi *b, const char *text, size_t len, gl_bidi_dir dir,
                            const gl_allocator *alloc) {
    memset(b, 0, sizeof *b);
    b->alloc = alloc;
    /* FriBidi counts in int. */
    if (len >= (size_t)1 << 30)
        return GL_ENOMEM;
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)text[i] & 0xC0) != 0x80;
    FriBidiChar *cps = gl_malloc_array(alloc, n ? n : 1, sizeof *cps);
    FriBidiBracketType *brackets = gl_malloc_array(alloc, n ? n : 1, sizeof *brackets);
    FriBidiLevel *levels = gl_malloc_array(alloc, n ? n : 1, sizeof *levels);
    b->offset = gl_malloc_array(alloc, n + 1, sizeof *b->offset);
    b->types = gl_malloc_array(alloc, n ? n : 1, sizeof *b->types);
    b->levels = gl_malloc_array(alloc, n ? n : 1, sizeof *b->levels);
    gl_status st =
        cps && brackets && levels && b->offset && b->types && b->levels ? GL_OK : GL_ENOMEM;
    if (st == GL_OK) {
        size_t i = 0, k = 0;
        while (i < len) {
            int32_t cp;
            b->offset[k] = i;
            i += gl_utf8_decode(text + i, len - i, &cp);
            cps[k++] = cp < 0 ? 0xFFFD : (FriBidiChar)cp;
        }
        b->offset[k] = len;
        b->nchars = k;
        FriBidiCharType *types = (FriBidiCharType *)b->types;
        fribidi_get_bidi_types(cps, (FriBidiStrIndex)n, types);
        fribidi_get_bracket_types(cps, (FriBidiStrIndex)n, types, brackets);
        FriBidiParType base = dir == GL_BIDI_LTR   ? FRIBIDI_PAR_LTR
                              : dir == GL_BIDI_RTL ? FRIBIDI_PAR_RTL
                                                   : FRIBIDI_PAR_ON;
        /* 0 is FriBidi's failure (its own memory); an empty text has none. */
        if (n && !fribidi_get_par_embedding_levels_ex(types, brackets, (FriBidiStrIndex)n, &base,
                                                      levels))
            st = GL_ENOMEM;
        b->rtl = FRIBIDI_IS_RTL(base);
        for (size_t j = 0; j < n && st == GL_OK; j++)
            b->levels[j] = (unsigned char)levels[j];
    }
    gl_free(alloc, cps);
    gl_free(alloc, brackets);
    gl_free(alloc, levels);
    if (st != GL_OK)
        gl_bidi_free(b);
    return st;
}

/* The character holding byte `at`: the last whose offset is <= at. */
static size_t char_at(const gl_bidi *b, size_t at) {
    size_t lo = 0, hi = b->nchars;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (b->offset[mid] <= at)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

unsigned gl_bidi_level_at(const gl_bidi *b, size_t at) {
    return b->nchars ? b->levels[char_at(b, at)] : (b->rtl ? 1u : 0u);
}

gl_status gl_bidi_line_order(const gl_bidi *b, const size_t *cuts, size_t n, size_t *order) {
    if (n == 0)
        return GL_OK;
    size_t first = char_at(b, cuts[0]),
           last = cuts[n] >= b->offset[b->nchars] ? b->nchars : char_at(b, cuts[n]);
    size_t count = last > first ? last - first : 0;
    FriBidiLevel *levels = gl_malloc_array(b->alloc, count ? count : 1, sizeof *levels);
    FriBidiStrIndex *map = gl_malloc_array(b->alloc, count ? count : 1, sizeof *map);
    bool *placed = gl_malloc_array(b->alloc, n, sizeof *placed);
    gl_status st = levels && map && placed ? GL_OK : GL_ENOMEM;
    if (st == GL_OK) {
        for (size_t k = 0; k < count; k++) {
            levels[k] = (FriBidiLevel)b->levels[first + k];
            map[k] = (FriBidiStrIndex)k;
        }
        FriBidiParType base = b->rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
        /* Without the visual string it only moves indices: no allocation. */
        if (count &&
            !fribidi_reorder_line(FRIBIDI_FLAGS_DEFAULT, (const FriBidiCharType *)b->types + first,
                                  (FriBidiStrIndex)count, 0, base, levels, NULL, map))
            st = GL_ENOMEM;
    }
    if (st == GL_OK) {
        /* Each piece is one level run, so it is contiguous in the visual
         * order: pieces are listed where their first character shows up. */
        memset(placed, 0, n * sizeof *placed);
        size_t out = 0, piece = 0;
        for (size_t v = 0; v < count; v++) {
            size_t at = b->offset[first + (size_t)map[v]];
            size_t lo = 0, hi = n;
            while (hi - lo > 1) {
                size_t mid = lo + (hi - lo) / 2;
                if (cuts[mid] <= at)
                    lo = mid;
                else
                    hi = mid;
            }
            piece = lo;
            if (!placed[piece]) {
                placed[piece] = true;
                order[out++] = piece;
            }
        }
        /* Empty pieces (nothing to reorder) keep their logical place at the end. */
        for (size_t k = 0; k < n; k++) {
            if (!placed[k])
                order[out++] = k;
        }
    }
    gl_free(b->alloc, levels);
    gl_free(b->alloc, map);
    gl_free(b->alloc, placed);
    return st;
}

void gl_bidi_free(gl_bidi *b) {
    gl_free(b->alloc, b->offset);
    gl_free(b->alloc, b->types);
    gl_free(b->alloc, b->levels);
    memset(b, 0, sizeof *b);
}
