/* The font each character is drawn with (issue 17): the face's own font
 * when it has the character; else the fallback chosen by the character's
 * script, the language the document is written in and the face, found once
 * through fontconfig and remembered in the font cache; and the characters
 * no installed font has, reported once per Unicode block at the end of the
 * document (a failure under opt->strict).
 *
 * Choosing by coverage alone took the first font fontconfig listed with the
 * character: once fonts-nanum is installed, NanumGothic (which has the Han
 * of Korean) came before Droid Sans Fallback for Chinese text, and another
 * machine's fontconfig ranks yet another font first. So each script names
 * the families it is drawn with (from the Debian packages scripts/install-deps
 * installs), and fontconfig's ranking by language and coverage decides only
 * when none of them is installed or has the character. */
#include "writers/pdf_writer.h"

#include <stdio.h>
#include <string.h>
#include "util/error.h"
#include "util/vec.h"
#include "writers/pdf_blocks.h"

/* A script's fonts: the language its fallback is asked to cover unless the
 * document's language is one of those written in it, and the families to
 * draw it with, for serif and for sans-serif (and monospace) faces. */
typedef struct script_fonts {
    hb_script_t script;
    const char *lang;    /* fontconfig's language tag */
    const char *written; /* languages written in the script, space-separated */
    const char *serif, *sans;
    const char *package; /* the Debian package the warning names when none has it */
} script_fonts;

#define DROID "Droid Sans Fallback"
static const script_fonts scripts[] = {
    {HB_SCRIPT_HAN, "zh-cn", "zh ja ko", DROID, DROID, "fonts-droid-fallback"},
    {HB_SCRIPT_HIRAGANA, "ja", "ja", DROID, DROID, "fonts-droid-fallback"},
    {HB_SCRIPT_KATAKANA, "ja", "ja", DROID, DROID, "fonts-droid-fallback"},
    {HB_SCRIPT_BOPOMOFO, "zh-tw", "zh", DROID, DROID, "fonts-droid-fallback"},
    {HB_SCRIPT_HANGUL, "ko", "ko", "NanumMyeongjo,NanumGothic", "NanumGothic", "fonts-nanum"},
    {HB_SCRIPT_ARABIC, "ar", "ar fa ur ps sd ug ckb ku",
     "Noto Naskh Arabic,Noto Sans Arabic,DejaVu Sans", "Noto Sans Arabic,DejaVu Sans",
     "fonts-noto-core"},
    {HB_SCRIPT_HEBREW, "he", "he yi", "Noto Serif Hebrew,Noto Sans Hebrew,DejaVu Sans",
     "Noto Sans Hebrew,DejaVu Sans", "fonts-noto-core"},
    {HB_SCRIPT_DEVANAGARI, "hi", "hi mr ne sa kok mai",
     "Noto Serif Devanagari,Noto Sans Devanagari", "Noto Sans Devanagari", "fonts-noto-core"},
    {HB_SCRIPT_THAI, "th", "th", "Norasi,Kinnari,Loma", "Loma,Garuda", "fonts-thai-tlwg-ttf"},
};

/* Han in Korean text: from a Korean font (NanumGothic has the hanja of
 * KS X 1001), as the Hangul around it, else from Droid Sans Fallback. */
static const script_fonts korean_han = {
    HB_SCRIPT_HAN,        "ko",         "ko", "NanumMyeongjo,NanumGothic," DROID,
    "NanumGothic," DROID, "fonts-nanum"};

/* Symbols and emoji (script Common) in a document of no listed script:
 * Symbola (fonts-symbola) has outlines where emoji fonts have bitmaps. */
static const script_fonts symbols = {HB_SCRIPT_COMMON, NULL,      "",
                                     "Symbola",        "Symbola", "fonts-symbola"};

static const script_fonts *script_fonts_of(hb_script_t s) {
    for (size_t i = 0; i < sizeof scripts / sizeof *scripts; i++) {
        if (scripts[i].script == s)
            return &scripts[i];
    }
    return NULL;
}

/* Whether the language subtag `ll` is one of the space-separated `list`. */
static bool listed(const char *list, const char *ll) {
    size_t n = strlen(ll);
    for (const char *p = list; *p;) {
        const char *e = strchr(p, ' ');
        size_t k = e ? (size_t)(e - p) : strlen(p);
        if (n && k == n && strncmp(p, ll, n) == 0)
            return true;
        p += k + (e != NULL);
    }
    return false;
}

/* The primary language subtag of `lang` in lower case ("zh" of "zh-Hant-TW"),
 * or "" when it is not one. */
static void primary(const char *lang, char ll[4]) {
    size_t n = 0;
    while (lang && n < 3 && (lang[n] | 0x20) >= 'a' && (lang[n] | 0x20) <= 'z')
        n++;
    ll[0] = '\0';
    if (lang && n >= 2 && (lang[n] == '\0' || lang[n] == '-' || lang[n] == '_')) {
        for (size_t i = 0; i < n; i++)
            ll[i] = (char)(lang[i] | 0x20);
        ll[n] = '\0';
    }
}

/* The script the document's language is written in, among those listed. */
static const script_fonts *script_of_lang(const char *ll) {
    for (size_t i = 0; i < sizeof scripts / sizeof *scripts; i++) {
        if (listed(scripts[i].written, ll))
            return &scripts[i];
    }
    return NULL;
}

/* What a fallback for `cp` is asked for: the script's fonts, and the
 * language it should cover into `lang` ("" for none). A character of no
 * script of its own (punctuation, symbols) goes with the document's script,
 * so that Chinese text keeps its punctuation in its own font. */
static const script_fonts *choose(const pdfw *w, uint32_t cp, char *lang, size_t size) {
    hb_script_t script = hb_unicode_script(hb_unicode_funcs_get_default(), cp);
    char ll[4];
    primary(w->lang, ll);
    const script_fonts *sf =
        script == HB_SCRIPT_HAN && strcmp(ll, "ko") == 0 ? &korean_han : script_fonts_of(script);
    if (!sf && (script == HB_SCRIPT_COMMON || script == HB_SCRIPT_INHERITED))
        sf = script_of_lang(ll);
    lang[0] = '\0';
    if (sf && script == HB_SCRIPT_HAN && strcmp(ll, "zh") == 0) {
        /* Traditional characters for Taiwan, Hong Kong and Macau. */
        const char *l = w->lang;
        bool hk = strstr(l, "HK") || strstr(l, "hk") || strstr(l, "MO") || strstr(l, "mo");
        bool hant = strstr(l, "Hant") || strstr(l, "TW") || strstr(l, "tw");
        snprintf(lang, size, "%s", hk ? "zh-hk" : hant ? "zh-tw" : "zh-cn");
    } else if (sf && listed(sf->written, ll)) {
        snprintf(lang, size, "%s", ll);
    } else if (sf) {
        snprintf(lang, size, "%s", sf->lang);
    } else if (*ll) {
        snprintf(lang, size, "%s", ll);
    }
    if (!sf && (script == HB_SCRIPT_COMMON || script == HB_SCRIPT_INHERITED))
        sf = &symbols;
    return sf;
}

/* Whether `cp` belongs with the characters before it rather than to a
 * script of its own: punctuation, digits, spaces, marks. Such a character
 * stays in the fallback font of the text around it when that font has it,
 * so that an Arabic sentence is one run of one font, spaces included. */
static bool follows(uint32_t cp) {
    hb_unicode_funcs_t *u = hb_unicode_funcs_get_default();
    hb_script_t s = hb_unicode_script(u, cp);
    if (s == HB_SCRIPT_COMMON || s == HB_SCRIPT_INHERITED)
        return true;
    hb_unicode_general_category_t gc = hb_unicode_general_category(u, cp);
    return gc == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK ||
           gc == HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK ||
           gc == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK;
}

int gl_pdf_open_font(pdfw *w, const char *path) {
    for (size_t i = 0; i < w->nfonts; i++) {
        if (strcmp(w->fonts[i].path, path) == 0)
            return (int)i;
    }
    if (gl_vec_grow(w->alloc, &w->fonts, &w->font_cap, w->nfonts + 1, sizeof *w->fonts) != GL_OK) {
        gl_pdf_oom(w);
        return -1;
    }
    if (gl_pdf_font_open(&w->fonts[w->nfonts], path, w->alloc, w->err) != GL_OK)
        return -1;
    return (int)w->nfonts++;
}

/* Remembers that `font` serves `key` in this document. */
static gl_status remember(pdfw *w, const char *key, int font) {
    if (gl_vec_grow(w->alloc, &w->chosen, &w->chosen_cap, w->nchosen + 1, sizeof *w->chosen) !=
        GL_OK)
        return gl_pdf_oom(w);
    chosen_font *c = &w->chosen[w->nchosen++];
    snprintf(c->key, sizeof c->key, "%s", key);
    c->font = font;
    return GL_OK;
}

/* A font that has `cp` for face `face`: one already chosen for its key,
 * then those the font cache remembers for it, then fontconfig's. -1 when
 * no installed font has it, or on failure (err set). */
static int fallback(pdfw *w, uint32_t cp, gl_pdf_face face) {
    if (w->missing && hb_set_has(w->missing, cp))
        return -1;
    char lang[16], key[sizeof w->chosen->key], tag[5];
    const script_fonts *sf = choose(w, cp, lang, sizeof lang);
    hb_tag_t t = hb_script_to_iso15924_tag(hb_unicode_script(hb_unicode_funcs_get_default(), cp));
    snprintf(tag, sizeof tag, "%c%c%c%c", HB_UNTAG(t));
    snprintf(key, sizeof key, "%s:%s:%d", t ? tag : "Zzzz", *lang ? lang : "-", (int)face);
    /* A key may be served by several fonts (the first lacked a character). */
    for (size_t i = 0; i < w->nchosen; i++) {
        if (strcmp(w->chosen[i].key, key) == 0 && gl_pdf_font_has(&w->fonts[w->chosen[i].font], cp))
            return w->chosen[i].font;
    }
    /* The fallbacks of earlier runs (from the font cache), before fontconfig. */
    for (size_t i = 0; i < w->faces.nfallback; i++) {
        if (strcmp(w->faces.fallback[i].key, key) != 0)
            continue;
        int f = gl_pdf_open_font(w, w->faces.fallback[i].path);
        if (f < 0)
            return -1;
        if (gl_pdf_font_has(&w->fonts[f], cp))
            return remember(w, key, f) == GL_OK ? f : -1;
    }
    bool sans = face == GL_PDF_SANS_BOLD || face == GL_PDF_MONO;
    const char *families = sf ? (sans ? sf->sans : sf->serif) : NULL;
    char *path = NULL;
    if (gl_pdf_fonts_fallback(cp, *lang ? lang : NULL, families, face, &path, w->alloc, w->err) !=
            GL_OK ||
        !path)
        return -1;
    int f = gl_pdf_open_font(w, path);
    if (f >= 0 && gl_pdf_fonts_add_fallback(&w->faces, key, path, w->alloc, w->err) != GL_OK)
        f = -1;
    w->faces.changed = true;
    gl_free(w->alloc, path);
    if (f >= 0 && remember(w, key, f) != GL_OK)
        return -1;
    return f >= 0 && gl_pdf_font_has(&w->fonts[f], cp) ? f : -1;
}

/* The block holding `cp`; -1 for a code point in none. */
static int block_of(uint32_t cp) {
    size_t lo = 0, hi = sizeof gl_unicode_blocks / sizeof *gl_unicode_blocks;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (gl_unicode_blocks[mid].last < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < sizeof gl_unicode_blocks / sizeof *gl_unicode_blocks &&
                   gl_unicode_blocks[lo].first <= cp
               ? (int)lo
               : -1;
}

/* Records a character no installed font has, by its block. */
static gl_status record_missing(pdfw *w, uint32_t cp, unsigned long line) {
    if (!w->missing && !(w->missing = hb_set_create()))
        return gl_pdf_oom(w);
    hb_set_add(w->missing, cp);
    if (!hb_set_allocation_successful(w->missing))
        return gl_pdf_oom(w);
    int block = block_of(cp);
    for (size_t i = 0; i < w->nmissing; i++) {
        if (w->missed[i].block == block) {
            w->missed[i].count++;
            return GL_OK;
        }
    }
    if (gl_vec_grow(w->alloc, &w->missed, &w->missed_cap, w->nmissing + 1, sizeof *w->missed) !=
        GL_OK)
        return gl_pdf_oom(w);
    w->missed[w->nmissing++] = (missing_block){block, cp, 1, line};
    return GL_OK;
}

int gl_pdf_char_font(pdfw *w, gl_pdf_face face, int base, int prev, uint32_t cp, unsigned long line,
                     int *adv) {
    if (prev >= 0 && prev != base && follows(cp)) {
        int a = gl_pdf_font_advance(&w->fonts[prev], cp);
        if (a >= 0 || gl_shape_ignorable(cp)) {
            *adv = a > 0 ? a : 0;
            return prev;
        }
    }
    int a = gl_pdf_font_advance(&w->fonts[base], cp);
    if (a >= 0 || gl_shape_ignorable(cp)) {
        *adv = a > 0 && !gl_shape_ignorable(cp) ? a : 0;
        return base;
    }
    int f = fallback(w, cp, face);
    if (f >= 0) {
        a = gl_pdf_font_advance(&w->fonts[f], cp);
        *adv = a > 0 ? a : 0;
        return f;
    }
    /* fallback() answers -1 at once for a character already recorded. */
    if (w->err->status == GL_OK && !(w->missing && hb_set_has(w->missing, cp)))
        record_missing(w, cp, line);
    return -1;
}

gl_status gl_pdf_report_missing(pdfw *w) {
    size_t total = 0;
    for (size_t i = 0; i < w->nmissing; i++) {
        const missing_block *m = &w->missed[i];
        total += m->count;
        const gl_unicode_block *b = m->block >= 0 ? &gl_unicode_blocks[m->block] : NULL;
        const script_fonts *sf = script_fonts_of(gl_shape_script(m->first));
        /* No font has private use characters: no package to suggest. */
        bool private_use = b && strstr(b->name, "Private Use");
        const char *package = sf                  ? sf->package
                              : private_use       ? NULL
                              : m->first > 0xFFFF ? symbols.package
                                                  : NULL;
        char hint[64] = "";
        if (package)
            snprintf(hint, sizeof hint, " (installing %s may help)", package);
        gl_warnf(w->opt, NULL, m->line,
                 "%zu character%s of the Unicode block %s (U+%04X-U+%04X), the first U+%04X, "
                 "%s in no installed TrueType font: drawn as U+FFFD%s",
                 m->count, m->count == 1 ? "" : "s", b ? b->name : "of no block",
                 b ? (unsigned)b->first : (unsigned)m->first,
                 b ? (unsigned)b->last : (unsigned)m->first, (unsigned)m->first,
                 m->count == 1 ? "is" : "are", hint);
    }
    if (total && w->opt->strict)
        return gl_fail(w->err, GL_EFONT, w->missed[0].line,
                       "%zu character%s in no installed font (U+%04X first), which strict mode "
                       "does not replace",
                       total, total == 1 ? " is" : "s are", (unsigned)w->missed[0].first);
    return GL_OK;
}
