#include "layout/hyphen.h"

#include <dirent.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <hyphen.h>
#include <utf8proc.h>
#include "util/utf8.h"

#define MAX_DICTS 16   /* languages one process keeps loaded */
#define MAX_LETTERS 64 /* longer "words" are not prose: never hyphenated */

typedef enum script { SCRIPT_LATIN = 0, SCRIPT_CYRILLIC, SCRIPT_GREEK } script;

struct gl_hyphen_dict {
    HyphenDict *hd;
    script script; /* the letters its patterns are written in */
    bool koi8;     /* the patterns are in KOI8-R (Debian's hyph_ru_RU.dic) */
    int lhmin, rhmin;
};

/* The process-wide cache (see hyphen.h): a tag is looked up once, whether
 * or not a dictionary was found for it; entries never change afterwards. */
typedef struct entry {
    char dir[128], lang[16];
    gl_hyphen_dict dict;
    bool found;
} entry;

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static entry cache[MAX_DICTS];
static size_t cached;

static script script_of_language(const char *ll) {
    static const char *const cyrillic[] = {"ru", "uk", "be", "bg", "mk", "sr"};
    for (size_t i = 0; i < sizeof cyrillic / sizeof *cyrillic; i++) {
        if (strcmp(ll, cyrillic[i]) == 0)
            return SCRIPT_CYRILLIC;
    }
    return strcmp(ll, "el") == 0 ? SCRIPT_GREEK : SCRIPT_LATIN;
}

/* The first file of `dir` named "hyph_<ll>_*.dic", by name; false when none. */
static bool find_any_region(const char *dir, const char *ll, char *path, size_t size) {
    DIR *d = opendir(dir);
    if (!d)
        return false;
    char prefix[32], best[256] = "";
    int n = snprintf(prefix, sizeof prefix, "hyph_%s_", ll);
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        size_t len = strlen(de->d_name);
        if (strncmp(de->d_name, prefix, (size_t)n) == 0 && len > 4 && len < sizeof best &&
            strcmp(de->d_name + len - 4, ".dic") == 0 && (!*best || strcmp(de->d_name, best) < 0))
            memcpy(best, de->d_name, len + 1);
    }
    closedir(d);
    return *best && (size_t)snprintf(path, size, "%s/%s", dir, best) < size;
}

static bool readable(const char *path) {
    FILE *f = fopen(path, "rb");
    if (f)
        fclose(f);
    return f != NULL;
}

/* Loads the dictionary for `lang` into `e`. */
static void load(entry *e, const char *dir, const char *lang) {
    char ll[8] = "", rr[8] = "";
    size_t i = 0;
    for (; lang[i] && lang[i] != '-' && lang[i] != '_' && i + 1 < sizeof ll; i++)
        ll[i] = (char)(lang[i] >= 'A' && lang[i] <= 'Z' ? lang[i] + 32 : lang[i]);
    ll[i] = '\0';
    if (lang[i] == '-' || lang[i] == '_') {
        const char *r = lang + i + 1;
        size_t k = 0;
        for (; r[k] && r[k] != '-' && k + 1 < sizeof rr; k++)
            rr[k] = (char)(r[k] >= 'a' && r[k] <= 'z' ? r[k] - 32 : r[k]);
        rr[k] = '\0';
    }
    for (const char *c = ll; *c; c++) {
        if (*c < 'a' || *c > 'z')
            return; /* not a language subtag: never a file name */
    }
    for (const char *c = rr; *c; c++) {
        if (!((*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')))
            return;
    }
    if (strlen(ll) < 2)
        return;
    char path[512];
    bool have = false;
    if (*rr)
        have =
            (size_t)snprintf(path, sizeof path, "%s/hyph_%s_%s.dic", dir, ll, rr) < sizeof path &&
            readable(path);
    if (!have)
        have = (size_t)snprintf(path, sizeof path, "%s/hyph_%s.dic", dir, ll) < sizeof path &&
               readable(path);
    if (!have)
        have = find_any_region(dir, ll, path, sizeof path);
    HyphenDict *hd = have ? hnj_hyphen_load(path) : NULL;
    if (!hd)
        return;
    e->dict.hd = hd;
    e->dict.script = script_of_language(ll);
    e->dict.koi8 = strcmp(hd->cset, "KOI8-R") == 0;
    e->dict.lhmin = hd->lhmin > 2 ? hd->lhmin : 2;
    e->dict.rhmin = hd->rhmin > 2 ? hd->rhmin : 2;
    e->found = true;
}

const gl_hyphen_dict *gl_hyphen_dict_for(const char *dir, const char *lang) {
    if (!lang || !*lang || !dir || strlen(dir) >= sizeof cache[0].dir ||
        strlen(lang) >= sizeof cache[0].lang)
        return NULL;
    const gl_hyphen_dict *found = NULL;
    pthread_mutex_lock(&cache_lock);
    size_t i = 0;
    while (i < cached && (strcmp(cache[i].lang, lang) != 0 || strcmp(cache[i].dir, dir) != 0))
        i++;
    if (i == cached && cached < MAX_DICTS) {
        entry *e = &cache[cached++];
        memset(e, 0, sizeof *e);
        memcpy(e->dir, dir, strlen(dir) + 1);
        memcpy(e->lang, lang, strlen(lang) + 1);
        load(e, dir, lang);
    }
    if (i < cached && cache[i].found)
        found = &cache[i].dict;
    pthread_mutex_unlock(&cache_lock);
    return found;
}

static bool in_script(uint32_t cp, script s) {
    switch (s) {
    case SCRIPT_CYRILLIC:
        return cp >= 0x400 && cp <= 0x52F;
    case SCRIPT_GREEK:
        return (cp >= 0x370 && cp <= 0x3FF) || (cp >= 0x1F00 && cp <= 0x1FFF);
    default:
        return cp < 0x250 || (cp >= 0x1E00 && cp <= 0x1EFF);
    }
}

static bool is_letter(int32_t cp) {
    utf8proc_category_t c = utf8proc_category(cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

/* `cp` lowercased in the dictionary's encoding; 0 when it has no byte for it. */
static unsigned char koi8_lower(uint32_t cp) {
    static const unsigned char koi8[32] = {0xC1, 0xC2, 0xD7, 0xC7, 0xC4, 0xC5, 0xD6, 0xDA,
                                           0xC9, 0xCA, 0xCB, 0xCC, 0xCD, 0xCE, 0xCF, 0xD0,
                                           0xD2, 0xD3, 0xD4, 0xD5, 0xC6, 0xC8, 0xC3, 0xDE,
                                           0xDB, 0xDD, 0xDF, 0xD9, 0xD8, 0xDC, 0xC0, 0xD1};
    if (cp >= 0x430 && cp <= 0x44F)
        return koi8[cp - 0x430];
    return cp == 0x451 ? 0xA3 : 0; /* ё */
}

/* The letters of `word` in `sc`, lowercased into `lower` (KOI8-R when
 * `koi8`, else UTF-8, *nl bytes), with the byte offset after each in
 * `ends`: their count, or 0 when the word is not one to hyphenate (letters
 * after punctuation, digits or symbols first, another script, too long). */
static size_t scan(script sc, bool koi8, const char *word, size_t len, size_t *ends, char *lower,
                   size_t *nl) {
    size_t nletters = 0, i = 0;
    bool started = false, ended = false;
    *nl = 0;
    while (i < len) {
        int32_t cp;
        i += gl_utf8_decode(word + i, len - i, &cp);
        if (cp >= 0 && is_letter(cp)) {
            if (ended || nletters == MAX_LETTERS || !in_script((uint32_t)cp, sc))
                return 0;
            started = true;
            int32_t lc = utf8proc_tolower(cp);
            if (koi8) {
                unsigned char b = koi8_lower((uint32_t)lc);
                if (!b)
                    return 0;
                lower[(*nl)++] = (char)b;
            } else {
                *nl += gl_utf8_encode(lc, lower + *nl);
            }
            ends[nletters++] = i;
        } else if (started) {
            ended = true;
        } else if (cp != '(' && cp != '"' && cp != '\'' && cp != 0x201C && cp != 0x2018 &&
                   cp != 0xAB) {
            return 0; /* a digit or symbol first: "2014", "$20", "#tag" */
        }
    }
    return nletters >= 5 ? nletters : 0;
}

bool gl_hyphen_candidate(const char *lang, const char *word, size_t len) {
    char ll[4] = "";
    for (size_t i = 0; lang && i < 3 && lang[i] && lang[i] != '-' && lang[i] != '_'; i++)
        ll[i] = (char)(lang[i] >= 'A' && lang[i] <= 'Z' ? lang[i] + 32 : lang[i]);
    size_t ends[MAX_LETTERS], nl;
    char lower[MAX_LETTERS * 4 + 1];
    return scan(script_of_language(ll), false, word, len, ends, lower, &nl) > 0;
}

size_t gl_hyphen_points(const gl_hyphen_dict *dict, const char *word, size_t len, size_t *points,
                        size_t max) {
    if (!dict || max == 0)
        return 0;
    size_t ends[MAX_LETTERS], nl;
    char lower[MAX_LETTERS * 4 + 1];
    size_t nletters = scan(dict->script, dict->koi8, word, len, ends, lower, &nl);
    if (nletters == 0)
        return 0;
    lower[nl] = '\0';
    char hyphens[MAX_LETTERS * 4 + 5];
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    if (hnj_hyphen_hyphenate3(dict->hd, lower, (int)nl, hyphens, NULL, &rep, &pos, &cut,
                              dict->lhmin, dict->rhmin, dict->lhmin, dict->rhmin) != 0)
        nletters = 0;
    size_t count = 0;
    /* libhyphen indexes `hyphens` (and `rep`) by character, also in UTF-8. */
    for (size_t k = 0; k + 1 < nletters && count < max; k++) {
        /* Hyphenations that change the letters (rep) are not drawn. */
        bool changes = rep && rep[k];
        if ((hyphens[k] & 1) && !changes && k + 1 >= (size_t)dict->lhmin &&
            nletters - k - 1 >= (size_t)dict->rhmin)
            points[count++] = ends[k];
    }
    if (rep) {
        for (size_t k = 0; k < nl; k++)
            free(rep[k]);
        free(rep);
    }
    free(pos);
    free(cut);
    return count;
}
