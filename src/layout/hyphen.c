#include "layout/hyphen.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <iconv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <hyphen.h>
#include <utf8proc.h>
#include "util/atomic.h"
#include "util/hash.h"
#include "util/utf8.h"
#include "layout/hyphen_image.h"

#define MAX_DICTS 16   /* languages one process keeps loaded */
#define MAX_LETTERS 64 /* longer "words" are not prose: never hyphenated */

/* The scripts a dictionary is written in, numbered as hyphen.h's slots; SCRIPTS: none. */
typedef enum script { SCRIPT_LATIN = 0, SCRIPT_CYRILLIC, SCRIPT_GREEK, SCRIPTS } script;
_Static_assert(SCRIPTS == GL_HYPHEN_SCRIPTS, "one slot a script");

struct gl_hyphen_dict {
    HyphenDict *hd;
    script script; /* the letters its patterns are written in */
    /* For patterns in a one-byte charset (Debian's are in KOI8-R,
     * ISO8859-1, -2, -7 as well as UTF-8): the character of each byte
     * 0x80-0xFF, 0 for none; NULL for UTF-8. */
    const uint16_t *bytes;
    uint16_t high[128];
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
 * folder as an image of libhyphen's own structures (hyphen.h), their
 * pointers set for the image mapped at an address of its own (a "preferred
 * base", as prelinked libraries have), and the next process maps the file
 * read-only there: the kernel takes the address as a hint and grants it when
 * it is free, and then the machine is used as it lies in the page cache.
 * Before that, a CRC-32 of the file (one damaged on disk is refused whole, so
 * the values libhyphen trusts, such as the lengths of matches, are those
 * hnj_hyphen_load gave) and a check that every pointer stays inside it
 * (hyphen_image.c: each where this file's build_image puts it, a few
 * compares a state; 0.44 M instructions for en_US's 15,618 states, down
 * from 0.96 M when each was only bounded by its array). Like
 * fontconfig's caches, the file is trusted as far as its folder is: the
 * user's own, written only by renaming. Mapped elsewhere (the range taken, or
 * under valgrind), the pointers are moved in a private copy of the pages.
 * Reading a stream format and rebuilding the machine cost 1.2 ms a process
 * (en_US, 800 KB); the image mapped at its base costs 0.22 ms (0.06 of it the
 * CRC), relocated about 0.45 ms. Native byte order and the structures' sizes
 * are stamped, with the .dic's path, size and time: anything different and
 * the .dic is parsed again. */

#define COMPILED_MAGIC "galley hyphen 2" /* 16 bytes with its NUL */
/* Preferred bases: 1 GB slots from 48 TB up, one chosen by the .dic's path
 * so that two dictionaries of one process do not ask for the same; below
 * where the kernel puts mappings itself, and in the application range of
 * ASan's x86-64 layout. */
#define IMAGE_BASE 0x300000000000ull
#define IMAGE_SLOT (1ull << 30)
#define IMAGE_MAX (64 << 20) /* a larger image is not ours */

static void make_stamp(gl_hyphen_stamp *st, const struct stat *sb) {
    memset(st, 0, sizeof *st);
    memcpy(st->magic, COMPILED_MAGIC, sizeof COMPILED_MAGIC);
    st->sizes[0] = sizeof(HyphenDict);
    st->sizes[1] = sizeof(HyphenState);
    st->sizes[2] = sizeof(HyphenTrans);
    st->mtime_sec = (int64_t)sb->st_mtim.tv_sec;
    st->mtime_nsec = (int64_t)sb->st_mtim.tv_nsec;
    st->size = (int64_t)sb->st_size;
}

static uint64_t preferred_base(const char *path) {
    return IMAGE_BASE + (gl_hash_bytes(GL_HASH_INIT, path, strlen(path)) % 4096) * IMAGE_SLOT;
}

/* The pointer to offset `off` of an image at `base`; offset 0 (the head)
 * stands for NULL. */
static void *at_base(uint64_t base, uint64_t off) {
    return off ? (void *)(uintptr_t)(base + off) : NULL;
}

/* Copies `s` to the next free bytes of the strings array at `*at`: its
 * offset in the image, or 0 for NULL. */
static uint64_t put_string(char *img, uint64_t *at, const char *s) {
    if (!s)
        return 0;
    uint64_t off = *at;
    size_t n = strlen(s);
    memcpy(img + off, s, n); /* the NUL is there: the image starts zeroed */
    *at += n + 1;
    return off;
}

/* The bytes of a dictionary's NOHYPHEN list: nohyphenl + 1 strings, one
 * after the other, each with its NUL (hnj_hyphen_hyphenate3 walks them). */
static size_t nohyphen_bytes(const HyphenDict *d) {
    size_t n = 0;
    for (int i = 0; d->nohyphen && i <= d->nohyphenl; i++)
        n += strlen(d->nohyphen + n) + 1;
    return n;
}

/* The image of `hd` (from malloc, *len bytes), or NULL. */
static char *build_image(const char *path, const struct stat *sb, const HyphenDict *hd,
                         size_t *len) {
    gl_hyphen_image_head h;
    memset(&h, 0, sizeof h);
    make_stamp(&h.stamp, sb);
    if (strlen(path) >= sizeof h.path)
        return NULL;
    memcpy(h.path, path, strlen(path));
    h.base = preferred_base(path);
    for (const HyphenDict *d = hd; d; d = d->nextlevel) {
        h.count[GL_HYPHEN_DICTS]++;
        h.count[GL_HYPHEN_STRINGS] += nohyphen_bytes(d);
        for (int i = 0; i < d->num_states; i++) {
            const HyphenState *st = &d->states[i];
            h.count[GL_HYPHEN_STATES]++;
            h.count[GL_HYPHEN_TRANS] += (uint64_t)(st->num_trans > 0 ? st->num_trans : 0);
            h.count[GL_HYPHEN_STRINGS] +=
                (st->match ? strlen(st->match) + 1 : 0) + (st->repl ? strlen(st->repl) + 1 : 0);
        }
    }
    uint64_t at = sizeof h;
    for (int k = 0; k < GL_HYPHEN_PARTS; k++) {
        at = (at + 15) & ~(uint64_t)15;
        h.offset[k] = at;
        at += h.count[k] * gl_hyphen_part_size[k];
    }
    char *img = at <= IMAGE_MAX ? calloc(1, (size_t)at) : NULL;
    if (!img)
        return NULL;
    HyphenDict *dicts = (HyphenDict *)(img + h.offset[GL_HYPHEN_DICTS]);
    HyphenState *states = (HyphenState *)(img + h.offset[GL_HYPHEN_STATES]);
    HyphenTrans *trans = (HyphenTrans *)(img + h.offset[GL_HYPHEN_TRANS]);
    uint64_t nd = 0, ns = 0, nt = 0, str = h.offset[GL_HYPHEN_STRINGS];
    for (const HyphenDict *d = hd; d; d = d->nextlevel, nd++) {
        HyphenDict *o = &dicts[nd];
        o->lhmin = d->lhmin;
        o->rhmin = d->rhmin;
        o->clhmin = d->clhmin;
        o->crhmin = d->crhmin;
        o->num_states = d->num_states;
        o->utf8 = d->utf8;
        o->nohyphenl = d->nohyphenl;
        /* The name only: libhyphen leaves the bytes after its NUL unset. */
        memcpy(o->cset, d->cset, strnlen(d->cset, sizeof o->cset - 1));
        if (d->nohyphen) {
            memcpy(img + str, d->nohyphen, nohyphen_bytes(d));
            o->nohyphen = at_base(h.base, str);
            str += nohyphen_bytes(d);
        }
        o->states = at_base(h.base, h.offset[GL_HYPHEN_STATES] + ns * sizeof(HyphenState));
        o->nextlevel =
            d->nextlevel
                ? at_base(h.base, h.offset[GL_HYPHEN_DICTS] + (nd + 1) * sizeof(HyphenDict))
                : NULL;
        for (int i = 0; i < d->num_states; i++, ns++) {
            const HyphenState *st = &d->states[i];
            HyphenState *os = &states[ns];
            os->match = at_base(h.base, put_string(img, &str, st->match));
            os->repl = at_base(h.base, put_string(img, &str, st->repl));
            /* Set only with a replacement: libhyphen leaves them unset else. */
            os->replindex = st->repl ? st->replindex : 0;
            os->replcut = st->repl ? st->replcut : 0;
            os->fallback_state = st->fallback_state;
            os->num_trans = st->num_trans > 0 ? st->num_trans : 0;
            os->trans = at_base(h.base, h.offset[GL_HYPHEN_TRANS] + nt * sizeof(HyphenTrans));
            for (int t = 0; t < os->num_trans; t++, nt++) {
                trans[nt].ch = st->trans[t].ch;
                trans[nt].new_state = st->trans[t].new_state;
            }
        }
    }
    h.crc = gl_hyphen_image_crc(&h, img, (size_t)at);
    memcpy(img, &h, sizeof h);
    *len = (size_t)at;
    return img;
}

/* Moves a checked pointer field from h->base to `img`. */
static void move_pointer(const gl_hyphen_image_head *h, char *img, void *field) {
    void *p;
    memcpy(&p, field, sizeof p);
    if (p) {
        p = img + ((uint64_t)(uintptr_t)p - h->base);
        memcpy(field, &p, sizeof p);
    }
}

/* Sets the pointers of a checked image for where it lies, `img`. */
static void relocate(const gl_hyphen_image_head *h, char *img) {
    HyphenDict *dicts = (HyphenDict *)(img + h->offset[GL_HYPHEN_DICTS]);
    HyphenState *states = (HyphenState *)(img + h->offset[GL_HYPHEN_STATES]);
    for (uint64_t k = 0; k < h->count[GL_HYPHEN_DICTS]; k++) {
        move_pointer(h, img, &dicts[k].states);
        move_pointer(h, img, &dicts[k].nextlevel);
        move_pointer(h, img, &dicts[k].nohyphen);
    }
    for (uint64_t i = 0; i < h->count[GL_HYPHEN_STATES]; i++) {
        move_pointer(h, img, &states[i].match);
        move_pointer(h, img, &states[i].repl);
        move_pointer(h, img, &states[i].trans);
    }
}

/* The compiled machine of `path` from `compiled`, or NULL when there is
 * none or it is stale or damaged (the caller then parses the .dic). The
 * mapping is never undone: the process keeps the dictionary (see the cache
 * above). A cache is replaced by renaming a new file over it, so the mapped
 * file never changes under the process. */
static HyphenDict *load_compiled(const char *compiled, const char *path, const struct stat *sb) {
    int fd = open(compiled, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    gl_hyphen_image_head h;
    gl_hyphen_stamp want;
    make_stamp(&want, sb);
    struct stat cs;
    char *img = MAP_FAILED;
    size_t len = 0;
    if (fstat(fd, &cs) == 0 && S_ISREG(cs.st_mode) && cs.st_size >= (off_t)sizeof h &&
        cs.st_size <= IMAGE_MAX && pread(fd, &h, sizeof h, 0) == (ssize_t)sizeof h &&
        memcmp(&h.stamp, &want, sizeof want) == 0 && h.path[sizeof h.path - 1] == '\0' &&
        strcmp(h.path, path) == 0) {
        len = (size_t)cs.st_size;
        img = mmap((void *)(uintptr_t)h.base, len, PROT_READ, MAP_PRIVATE, fd, 0);
    }
    close(fd);
    if (img == MAP_FAILED)
        return NULL;
    /* The checksum first: a file damaged on disk is refused whole, whatever
     * the damage; the checks after it keep libhyphen inside the file. */
    bool ok = gl_hyphen_image_crc(&h, img, len) == h.crc && gl_hyphen_image_ok(img, len, &h);
    if (ok && (uint64_t)(uintptr_t)img != h.base) {
        /* Not at its base: a private copy of the pages that hold pointers. */
        ok = mprotect(img, len, PROT_READ | PROT_WRITE) == 0;
        if (ok)
            relocate(&h, img);
        ok = ok && mprotect(img, len, PROT_READ) == 0;
    }
    if (!ok) {
        munmap(img, len);
        return NULL;
    }
    return (HyphenDict *)(img + h.offset[GL_HYPHEN_DICTS]);
}

/* Writes the compiled machine (best effort: a cache that cannot be written
 * only means parsing again next time). */
static void save_compiled(const char *compiled, const char *path, const struct stat *sb,
                          const HyphenDict *hd) {
    if (!gl_make_parents(compiled))
        return;
    size_t len = 0;
    char *img = build_image(path, sb, hd, &len);
    gl_atomic_file af;
    gl_error err;
    gl_error_init(&err, NULL);
    if (img && gl_atomic_open(&af, compiled, 0644, NULL, &err) == GL_OK) {
        if (gl_atomic_write(&af, img, len) == GL_OK)
            gl_atomic_commit(&af, &err);
        else
            gl_atomic_abort(&af);
    }
    free(img);
}

/* Fills high[k] with the character of byte 0x80 + k in `cset` (0 for
 * none), through iconv, so that any one-byte charset of a .dic is read the
 * same way; UTF-8 needs no table. False when iconv does not know `cset`. */
static bool charset_table(const char *cset, uint16_t high[128]) {
    memset(high, 0, 128 * sizeof *high);
    if (strcmp(cset, "UTF-8") == 0)
        return true;
    iconv_t cd = iconv_open("UTF-32LE", cset);
    if (cd == (iconv_t)-1)
        return false;
    for (size_t k = 0; k < 128; k++) {
        char in = (char)(0x80 + k);
        unsigned char out[4];
        char *ip = &in, *op = (char *)out;
        size_t il = 1, ol = sizeof out;
        iconv(cd, NULL, NULL, NULL, NULL);
        if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1 && ol == 0 && !out[2] && !out[3])
            high[k] = (uint16_t)(out[0] | out[1] << 8);
    }
    iconv_close(cd);
    return true;
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
    if (!charset_table(hd->cset, e->dict.high)) {
        hnj_hyphen_free(hd);
        return; /* a charset iconv does not know: no hyphenation */
    }
    e->dict.bytes = strcmp(hd->cset, "UTF-8") == 0 ? NULL : e->dict.high;
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

/* The script a letter is in, SCRIPTS when no dictionary covers it. */
static script script_of(uint32_t cp) {
    if (cp < 0x250 || (cp >= 0x1E00 && cp <= 0x1EFF))
        return SCRIPT_LATIN;
    if (cp >= 0x400 && cp <= 0x52F)
        return SCRIPT_CYRILLIC;
    if ((cp >= 0x370 && cp <= 0x3FF) || (cp >= 0x1F00 && cp <= 0x1FFF))
        return SCRIPT_GREEK;
    return SCRIPTS;
}

static bool is_letter(int32_t cp) {
    int c = gl_utf8_category(cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

/* `cp` in a one-byte charset (`high`: see gl_hyphen_dict); 0 when it has
 * no byte for it. */
static unsigned char byte_of(const uint16_t *high, uint32_t cp) {
    if (cp < 0x80)
        return (unsigned char)cp;
    for (size_t k = 0; k < 128; k++) {
        if (high[k] == cp)
            return (unsigned char)(0x80 + k);
    }
    return 0;
}

/* A word as scan found it: its letters, lowercased, all of one script. */
typedef struct scanned {
    size_t nletters;
    script sc;
    int32_t lower[MAX_LETTERS];
    size_t ends[MAX_LETTERS]; /* the byte offset after each letter */
} scanned;

/* Reads `word` once (decoding, letter test, lowercasing: most of the cost of
 * a word that is not cut) into `w`: its letter count, or 0 when the word is
 * not one to hyphenate (letters after punctuation, digits or symbols first,
 * letters of two scripts or of none a dictionary covers, too few or too
 * many letters). */
static size_t scan(const char *word, size_t len, scanned *w) {
    size_t i = 0;
    bool ended = false;
    w->nletters = 0;
    while (i < len) {
        int32_t cp;
        i += gl_utf8_decode(word + i, len - i, &cp);
        if (cp >= 0 && is_letter(cp)) {
            script sc = script_of((uint32_t)cp);
            if (ended || w->nletters == MAX_LETTERS || sc == SCRIPTS ||
                (w->nletters > 0 && sc != w->sc))
                return 0;
            w->sc = sc;
            w->lower[w->nletters] = gl_utf8_tolower(cp);
            w->ends[w->nletters++] = i;
        } else if (w->nletters > 0) {
            ended = true;
        } else if (cp != '(' && cp != '"' && cp != '\'' && cp != 0x201C && cp != 0x2018 &&
                   cp != 0xAB) {
            return 0; /* a digit or symbol first: "2014", "$20", "#tag" */
        }
    }
    if (w->nletters < 5)
        w->nletters = 0;
    return w->nletters;
}

/* The script of the language of the BCP 47 tag `lang` (NULL: Latin). */
static script script_of_tag(const char *lang) {
    char ll[4] = "";
    for (size_t i = 0; lang && i < 3 && lang[i] && lang[i] != '-' && lang[i] != '_'; i++)
        ll[i] = (char)(lang[i] >= 'A' && lang[i] <= 'Z' ? lang[i] + 32 : lang[i]);
    return script_of_language(ll);
}

/* The points of a scanned word in `dict`, whose script it must be in. */
static size_t points_of(const gl_hyphen_dict *dict, const scanned *w, size_t *points, size_t max) {
    if (!dict || max == 0 || w->nletters == 0 || w->sc != dict->script)
        return 0;
    /* The letters in the dictionary's encoding: a one-byte charset or UTF-8. */
    char lower[MAX_LETTERS * 4 + 1];
    size_t nl = 0;
    for (size_t k = 0; k < w->nletters; k++) {
        if (!dict->bytes) {
            nl += gl_utf8_encode(w->lower[k], lower + nl);
            continue;
        }
        unsigned char b = byte_of(dict->bytes, (uint32_t)w->lower[k]);
        if (!b)
            return 0;
        lower[nl++] = (char)b;
    }
    lower[nl] = '\0';
    size_t nletters = w->nletters;
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
            points[count++] = w->ends[k];
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

size_t gl_hyphen_points(const gl_hyphen_dict *dict, const char *word, size_t len, size_t *points,
                        size_t max) {
    scanned w;
    return dict && max > 0 && scan(word, len, &w) ? points_of(dict, &w, points, max) : 0;
}

size_t gl_hyphenate(const char *lang, const char *word, size_t len, gl_hyphen_dict_fn dict_for,
                    void *userdata, size_t *points, size_t max) {
    static const char *const by_script[SCRIPTS] = {"en", "ru", "el"};
    scanned w;
    if (max == 0 || !scan(word, len, &w))
        return 0;
    const gl_hyphen_dict *dict = w.sc == script_of_tag(lang)
                                     ? dict_for(userdata, lang, GL_HYPHEN_OWN)
                                     : dict_for(userdata, by_script[w.sc], (size_t)w.sc);
    return points_of(dict, &w, points, max);
}
