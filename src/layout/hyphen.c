#include "layout/hyphen.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <hyphen.h>
#include <utf8proc.h>
#include "util/atomic.h"
#include "util/buf.h"
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
    char dir[128], lang[16], compiled[256];
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

/* ---- compiled dictionaries ----
 *
 * hnj_hyphen_load parses a .dic into a state machine (37M instructions,
 * ~7 ms for hyph_en_US.dic). The machine is written once to the cache
 * folder and then read back in one block, its pointers set in place: the
 * structures are libhyphen's public ones (hyphen.h). Native byte order and
 * the structures' sizes are stamped, with the .dic's path, size and time:
 * anything different and the .dic is parsed again. */

#define COMPILED_MAGIC "galley hyphen 1" /* 16 bytes with its NUL */

typedef struct stamp {
    char magic[16];
    uint32_t sizes[3]; /* sizeof HyphenDict, HyphenState, HyphenTrans */
    int64_t mtime_sec, mtime_nsec, size;
} stamp;

static void make_stamp(stamp *st, const struct stat *sb) {
    memset(st, 0, sizeof *st);
    memcpy(st->magic, COMPILED_MAGIC, sizeof COMPILED_MAGIC);
    st->sizes[0] = sizeof(HyphenDict);
    st->sizes[1] = sizeof(HyphenState);
    st->sizes[2] = sizeof(HyphenTrans);
    st->mtime_sec = (int64_t)sb->st_mtim.tv_sec;
    st->mtime_nsec = (int64_t)sb->st_mtim.tv_nsec;
    st->size = (int64_t)sb->st_size;
}

static void put_str(gl_buf *b, const char *s) {
    int32_t n = s ? (int32_t)strlen(s) : -1;
    gl_buf_append(b, &n, sizeof n);
    if (s)
        gl_buf_append(b, s, (size_t)n);
}

/* The machine as bytes: the stamp, the .dic's path, then each level. */
static void serialize(gl_buf *b, const stamp *st, const char *path, const HyphenDict *hd) {
    gl_buf_append(b, st, sizeof *st);
    put_str(b, path);
    for (const HyphenDict *d = hd; d; d = d->nextlevel) {
        int32_t head[6] = {d->lhmin, d->rhmin, d->clhmin, d->crhmin, d->num_states, d->utf8};
        gl_buf_append(b, head, sizeof head);
        gl_buf_append(b, d->cset, sizeof d->cset);
        put_str(b, d->nohyphen);
        int32_t nl = d->nohyphenl;
        gl_buf_append(b, &nl, sizeof nl);
        for (int i = 0; i < d->num_states; i++) {
            const HyphenState *s = &d->states[i];
            put_str(b, s->match);
            put_str(b, s->repl);
            int32_t f[4] = {s->replindex, s->replcut, s->fallback_state, s->num_trans};
            gl_buf_append(b, f, sizeof f);
            for (int t = 0; t < s->num_trans; t++) {
                int32_t tr[2] = {(unsigned char)s->trans[t].ch, s->trans[t].new_state};
                gl_buf_append(b, tr, sizeof tr);
            }
        }
        int32_t more = d->nextlevel != NULL;
        gl_buf_append(b, &more, sizeof more);
    }
}

typedef struct reader {
    const char *p, *end;
    bool ok;
} reader;

static int32_t get32(reader *r) {
    int32_t v = 0;
    if (r->end - r->p < 4)
        r->ok = false;
    else
        memcpy(&v, r->p, 4), r->p += 4;
    return v;
}

/* A string of the file, or NULL (-1); *len gets its length. */
static const char *get_str(reader *r, int32_t *len) {
    *len = get32(r);
    if (*len < -1 || r->end - r->p < (*len > 0 ? *len : 0)) {
        r->ok = false;
        *len = -1;
    }
    const char *s = *len >= 0 ? r->p : NULL;
    r->p += *len > 0 ? *len : 0;
    return s;
}

/* Reads the machine out of `data`: with `block` NULL it only counts what is
 * needed (dicts, states, transitions, string bytes); else it builds it in
 * `block`, laid out as counted. */
static HyphenDict *unpack(const char *data, size_t len, size_t counts[4], char *block) {
    reader r = {data, data + len, true};
    r.p += sizeof(stamp);
    int32_t n;
    get_str(&r, &n);
    HyphenDict *dicts = (HyphenDict *)block, *prev = NULL;
    HyphenState *states = block ? (HyphenState *)(dicts + counts[0]) : NULL;
    HyphenTrans *trans = block ? (HyphenTrans *)(states + counts[1]) : NULL;
    char *strs = block ? (char *)(trans + counts[2]) : NULL;
    size_t nd = 0, ns = 0, nt = 0, nb = 0;
    for (int32_t more = 1; more && r.ok;) {
        int32_t head[6];
        for (int i = 0; i < 6; i++)
            head[i] = get32(&r);
        char cset[MAX_NAME];
        if (r.end - r.p < (ptrdiff_t)sizeof cset || head[4] < 0 || head[4] > 10000000)
            return NULL;
        memcpy(cset, r.p, sizeof cset);
        r.p += sizeof cset;
        HyphenDict *d = block ? &dicts[nd] : NULL;
        nd++;
        const char *s = get_str(&r, &n);
        if (d) {
            memset(d, 0, sizeof *d);
            d->lhmin = (char)head[0];
            d->rhmin = (char)head[1];
            d->clhmin = (char)head[2];
            d->crhmin = (char)head[3];
            d->num_states = head[4];
            d->utf8 = head[5];
            memcpy(d->cset, cset, sizeof cset);
            d->cset[MAX_NAME - 1] = '\0';
            d->states = states + ns;
            if (s) {
                d->nohyphen = memcpy(strs + nb, s, (size_t)n);
                d->nohyphen[n] = '\0';
            }
            if (prev)
                prev->nextlevel = d;
            prev = d;
        }
        nb += s ? (size_t)n + 1 : 0;
        int32_t nl = get32(&r);
        if (d)
            d->nohyphenl = nl;
        for (int32_t i = 0; i < head[4] && r.ok; i++) {
            HyphenState *st = block ? &states[ns] : NULL;
            ns++;
            int32_t ml, rl;
            const char *match = get_str(&r, &ml), *repl = get_str(&r, &rl);
            int32_t f[4];
            for (int k = 0; k < 4; k++)
                f[k] = get32(&r);
            if (f[3] < 0 || f[3] > 256 || f[2] < -1 || f[2] >= head[4])
                return NULL;
            if (st) {
                st->match = match ? memcpy(strs + nb, match, (size_t)ml) : NULL;
                if (match)
                    st->match[ml] = '\0';
            }
            nb += match ? (size_t)ml + 1 : 0;
            if (st) {
                st->repl = repl ? memcpy(strs + nb, repl, (size_t)rl) : NULL;
                if (repl)
                    st->repl[rl] = '\0';
                st->replindex = (signed char)f[0];
                st->replcut = (signed char)f[1];
                st->fallback_state = f[2];
                st->num_trans = f[3];
                st->trans = trans + nt;
            }
            nb += repl ? (size_t)rl + 1 : 0;
            for (int32_t t = 0; t < f[3]; t++, nt++) {
                int32_t ch = get32(&r), to = get32(&r);
                if (to < 0 || to >= head[4])
                    return NULL;
                if (block) {
                    trans[nt].ch = (char)ch;
                    trans[nt].new_state = to;
                }
            }
        }
        more = get32(&r);
    }
    if (!r.ok || r.p != r.end)
        return NULL;
    counts[0] = nd;
    counts[1] = ns;
    counts[2] = nt;
    counts[3] = nb;
    return block ? dicts : (HyphenDict *)data; /* non-NULL: the counts are good */
}

/* The compiled machine of `path` from `compiled`, or NULL when there is
 * none or it is stale (the caller then parses the .dic). Its one block is
 * never freed: the process keeps the dictionary (see the cache above). */
static HyphenDict *load_compiled(const char *compiled, const char *path, const struct stat *sb) {
    FILE *f = fopen(compiled, "rb");
    struct stat cs;
    if (!f)
        return NULL;
    char *data = NULL;
    size_t len = 0;
    if (fstat(fileno(f), &cs) == 0 && S_ISREG(cs.st_mode) && cs.st_size > 0 &&
        cs.st_size < (64 << 20) && (data = malloc((size_t)cs.st_size)) != NULL)
        len = fread(data, 1, (size_t)cs.st_size, f);
    fclose(f);
    stamp want;
    make_stamp(&want, sb);
    reader r = {data, data + len, true};
    r.p += sizeof want;
    int32_t n = 0;
    const char *src = len > sizeof want ? get_str(&r, &n) : NULL;
    HyphenDict *hd = NULL;
    size_t counts[4];
    if (src && memcmp(data, &want, sizeof want) == 0 && (size_t)n == strlen(path) &&
        memcmp(src, path, (size_t)n) == 0 && unpack(data, len, counts, NULL)) {
        size_t bytes = counts[0] * sizeof(HyphenDict) + counts[1] * sizeof(HyphenState) +
                       counts[2] * sizeof(HyphenTrans) + counts[3];
        char *block = malloc(bytes ? bytes : 1);
        if (block && !(hd = unpack(data, len, counts, block)))
            free(block);
    }
    free(data);
    return hd;
}

/* Writes the compiled machine (best effort: a cache that cannot be written
 * only means parsing again next time). */
static void save_compiled(const char *compiled, const char *path, const struct stat *sb,
                          const HyphenDict *hd) {
    char dir[512];
    snprintf(dir, sizeof dir, "%s", compiled);
    char *slash = strrchr(dir, '/');
    for (char *c = dir + 1; slash && c <= slash; c++) { /* mkdir -p, mode 0700 */
        if (*c != '/' && c != slash)
            continue;
        char keep = *c;
        *c = '\0';
        bool ok = mkdir(dir, 0700) == 0 || errno == EEXIST;
        *c = keep;
        if (!ok)
            return;
    }
    stamp st;
    make_stamp(&st, sb);
    gl_buf b;
    gl_buf_init(&b, NULL, 0);
    serialize(&b, &st, path, hd);
    gl_atomic_file af;
    gl_error err;
    gl_error_init(&err, NULL);
    if (b.status == GL_OK && gl_atomic_open(&af, compiled, 0644, NULL, &err) == GL_OK) {
        if (gl_atomic_write(&af, b.data, b.len) == GL_OK)
            gl_atomic_commit(&af, &err);
        else
            gl_atomic_abort(&af);
    }
    gl_buf_free(&b);
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
    struct stat sb;
    if (!have || stat(path, &sb) != 0)
        return;
    char compiled[sizeof e->compiled + 32];
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    bool keep =
        *e->compiled && (size_t)snprintf(compiled, sizeof compiled, "%s/%.*s.bin", e->compiled,
                                         (int)(strlen(base) - 4), base) < sizeof compiled;
    HyphenDict *hd = keep ? load_compiled(compiled, path, &sb) : NULL;
    if (!hd && (hd = hnj_hyphen_load(path)) != NULL && keep)
        save_compiled(compiled, path, &sb, hd);
    if (!hd)
        return;
    e->dict.hd = hd;
    e->dict.script = script_of_language(ll);
    e->dict.koi8 = strcmp(hd->cset, "KOI8-R") == 0;
    e->dict.lhmin = hd->lhmin > 2 ? hd->lhmin : 2;
    e->dict.rhmin = hd->rhmin > 2 ? hd->rhmin : 2;
    e->found = true;
}

const gl_hyphen_dict *gl_hyphen_dict_for(const char *dir, const char *lang, const char *compiled) {
    if (!compiled)
        compiled = "";
    if (!lang || !*lang || !dir || strlen(dir) >= sizeof cache[0].dir ||
        strlen(lang) >= sizeof cache[0].lang || strlen(compiled) >= sizeof cache[0].compiled)
        return NULL;
    const gl_hyphen_dict *found = NULL;
    pthread_mutex_lock(&cache_lock);
    size_t i = 0;
    while (i < cached && (strcmp(cache[i].lang, lang) != 0 || strcmp(cache[i].dir, dir) != 0 ||
                          strcmp(cache[i].compiled, compiled) != 0))
        i++;
    if (i == cached && cached < MAX_DICTS) {
        entry *e = &cache[cached++];
        memset(e, 0, sizeof *e);
        memcpy(e->dir, dir, strlen(dir) + 1);
        memcpy(e->lang, lang, strlen(lang) + 1);
        memcpy(e->compiled, compiled, strlen(compiled) + 1);
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
