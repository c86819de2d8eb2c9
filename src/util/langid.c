/* Language identification with libexttextcat (Cavnar and Trenkle, "N-Gram-
 * Based Text Categorization", 1994).
 *
 * libexttextcat makes the fingerprints: a model's is read from its .lm file
 * (fp_Read), the text's is made from it (fp_Create), each its 400 commonest
 * n-grams of 1 to 5 characters, ranked. Both are read back through fp_Print
 * and kept as (hash of the n-gram, rank) pairs, and compared as fp_Compare
 * does: the sum, over the text's n-grams, of how far its rank
 * is from the model's, or 400 when the model lacks it. The smallest sum
 * wins.
 *
 * Reading all 163 models takes about 12 ms, too long for a document that
 * converts in a few: the parsed models (with the script each is written in,
 * found from its own n-grams) are kept as one image in the cache folder,
 * checked against fpdb.conf and the models' folder, and a text is compared
 * only with the models of its own script (a Latin-script text with the 110
 * Latin ones, a Greek text with two). */
#include "util/langid.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libexttextcat/fingerprint.h>
#include <utf8proc.h>
#include "util/alloc.h"
#include "util/atomic.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/lang.h"
#include "util/utf8.h"

#define NGRAMS 400       /* TextCat's MAXNGRAMS: n-grams in a fingerprint */
#define OUT_OF_PLACE 400 /* TextCat's MAXOUTOFPLACE: the cost of an n-gram a model lacks */
#define DOMINANT 0.7     /* of the letters: less, and the text is of mixed scripts */
#define MAX_MODELS 512
#define MAGIC "GLLANG3"

/* Scripts, as far as telling models apart needs. Japanese mixes Han and
 * kana: the two count as one script for a text's dominant script, and the
 * kana models (Japanese) are tried only on a text that has kana. */
enum {
    S_NONE,
    S_LATIN,
    S_GREEK,
    S_CYRILLIC,
    S_ARMENIAN,
    S_HEBREW,
    S_ARABIC,
    S_SYRIAC,
    S_THAANA,
    S_NKO,
    S_DEVANAGARI,
    S_BENGALI,
    S_GURMUKHI,
    S_GUJARATI,
    S_ORIYA,
    S_TAMIL,
    S_TELUGU,
    S_KANNADA,
    S_MALAYALAM,
    S_SINHALA,
    S_THAI,
    S_LAO,
    S_TIBETAN,
    S_MYANMAR,
    S_GEORGIAN,
    S_HANGUL,
    S_ETHIOPIC,
    S_CHEROKEE,
    S_CANADIAN,
    S_KHMER,
    S_MONGOLIAN,
    S_TIFINAGH,
    S_HAN,
    S_KANA,
    S_COUNT
};

/* The Unicode blocks of each script (Blocks.txt), ascending. */
static const struct {
    int32_t first, last;
    unsigned char script;
} blocks[] = {
    {0x0041, 0x005A, S_LATIN},     {0x0061, 0x007A, S_LATIN},      {0x00C0, 0x02AF, S_LATIN},
    {0x0370, 0x03FF, S_GREEK},     {0x0400, 0x052F, S_CYRILLIC},   {0x0530, 0x058F, S_ARMENIAN},
    {0x0590, 0x05FF, S_HEBREW},    {0x0600, 0x06FF, S_ARABIC},     {0x0700, 0x074F, S_SYRIAC},
    {0x0750, 0x077F, S_ARABIC},    {0x0780, 0x07BF, S_THAANA},     {0x07C0, 0x07FF, S_NKO},
    {0x08A0, 0x08FF, S_ARABIC},    {0x0900, 0x097F, S_DEVANAGARI}, {0x0980, 0x09FF, S_BENGALI},
    {0x0A00, 0x0A7F, S_GURMUKHI},  {0x0A80, 0x0AFF, S_GUJARATI},   {0x0B00, 0x0B7F, S_ORIYA},
    {0x0B80, 0x0BFF, S_TAMIL},     {0x0C00, 0x0C7F, S_TELUGU},     {0x0C80, 0x0CFF, S_KANNADA},
    {0x0D00, 0x0D7F, S_MALAYALAM}, {0x0D80, 0x0DFF, S_SINHALA},    {0x0E00, 0x0E7F, S_THAI},
    {0x0E80, 0x0EFF, S_LAO},       {0x0F00, 0x0FFF, S_TIBETAN},    {0x1000, 0x109F, S_MYANMAR},
    {0x10A0, 0x10FF, S_GEORGIAN},  {0x1100, 0x11FF, S_HANGUL},     {0x1200, 0x139F, S_ETHIOPIC},
    {0x13A0, 0x13FF, S_CHEROKEE},  {0x1400, 0x167F, S_CANADIAN},   {0x1780, 0x17FF, S_KHMER},
    {0x1800, 0x18AF, S_MONGOLIAN}, {0x1C80, 0x1C8F, S_CYRILLIC},   {0x1C90, 0x1CBF, S_GEORGIAN},
    {0x1E00, 0x1EFF, S_LATIN},     {0x1F00, 0x1FFF, S_GREEK},      {0x2C60, 0x2C7F, S_LATIN},
    {0x2D00, 0x2D2F, S_GEORGIAN},  {0x2D30, 0x2D7F, S_TIFINAGH},   {0x2D80, 0x2DDF, S_ETHIOPIC},
    {0x2DE0, 0x2DFF, S_CYRILLIC},  {0x3040, 0x30FF, S_KANA},       {0x3130, 0x318F, S_HANGUL},
    {0x31F0, 0x31FF, S_KANA},      {0x3400, 0x4DBF, S_HAN},        {0x4E00, 0x9FFF, S_HAN},
    {0xA640, 0xA69F, S_CYRILLIC},  {0xA720, 0xA7FF, S_LATIN},      {0xAB30, 0xAB6F, S_LATIN},
    {0xAC00, 0xD7AF, S_HANGUL},    {0xF900, 0xFAFF, S_HAN},        {0xFB1D, 0xFB4F, S_HEBREW},
    {0xFB50, 0xFDFF, S_ARABIC},    {0xFE70, 0xFEFF, S_ARABIC},     {0xFF21, 0xFF3A, S_LATIN},
    {0xFF41, 0xFF5A, S_LATIN},     {0xFF66, 0xFF9F, S_KANA},       {0x20000, 0x3134F, S_HAN},
};

/* The script of a letter or mark, S_NONE for anything else. */
static int script_of(int32_t cp) {
    utf8proc_category_t c = utf8proc_category(cp);
    if (c < UTF8PROC_CATEGORY_LU || c > UTF8PROC_CATEGORY_ME)
        return S_NONE; /* letters (L*) and marks (M*) only */
    size_t lo = 0, hi = sizeof blocks / sizeof *blocks;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp > blocks[mid].last)
            lo = mid + 1;
        else if (cp < blocks[mid].first)
            hi = mid;
        else
            return blocks[mid].script;
    }
    return S_NONE;
}

/* The dominant script of s[0, len) (S_NONE when none has DOMINANT of the
 * letters; Han and kana together are S_HAN), the letters it has, and
 * whether a tenth of those are kana. */
static int dominant_script(const char *s, size_t len, size_t *letters, bool *kana) {
    size_t count[S_COUNT] = {0}, all = 0;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        i += gl_utf8_decode(s + i, len - i, &cp);
        int sc = cp < 0 ? S_NONE : script_of(cp);
        if (sc != S_NONE) {
            count[sc]++;
            all++;
        }
    }
    *kana = count[S_KANA] * 10 >= count[S_HAN] + count[S_KANA] && count[S_KANA] > 0;
    count[S_HAN] += count[S_KANA];
    count[S_KANA] = 0;
    int best = S_NONE;
    for (int sc = 1; sc < S_COUNT; sc++)
        if (count[sc] > count[best])
            best = sc;
    *letters = count[best];
    return best != S_NONE && (double)count[best] >= DOMINANT * (double)all ? best : S_NONE;
}

/* ---- fingerprints ---- */

typedef struct gram {
    uint32_t hash; /* the n-gram's gl_hash_bytes, low 32 bits */
    uint32_t rank; /* 0 for the commonest */
} gram;

typedef struct model {
    char tag[24];    /* BCP 47 */
    uint32_t script; /* of its letters */
} model;

/* One n-gram of one model. A text is compared with all the models of its
 * script at once: for each of its n-grams, the models that have it are
 * found together, as a run of postings with its hash. */
typedef struct posting {
    uint32_t hash;
    uint16_t model; /* index in the image's models */
    uint16_t rank;
} posting;

/* The file: a head, the models, then the postings, sorted by the script of
 * their model, then by hash; range[s] is where script s's are. */
typedef struct image_head {
    char magic[8];
    int64_t conf_size, conf_mtime, conf_nsec, dir_mtime, dir_nsec;
    uint32_t models, postings;
    uint32_t range[S_COUNT][2];
} image_head;

typedef struct image {
    const image_head *head;
    const model *models;
    const posting *postings;
    size_t nmodels, npostings;
    void *map; /* the mapped file (len bytes) or an allocation */
    size_t len;
    bool mapped;
} image;

/* A fingerprint's n-grams by rank, read back through fp_Print, as grams
 * into g (room for NGRAMS); *script, when given, gets the dominant
 * script of its letters. Returns how many, 0 when it cannot be read. */
static size_t grams_of(void *fp, gram *g, int *script) {
    char *text = NULL;
    size_t size = 0, n = 0;
    FILE *mem = open_memstream(&text, &size);
    if (!mem)
        return 0;
    fp_Print(fp, mem);
    if (fclose(mem) != 0 || !text)
        return 0;
    for (char *line = text, *nl; n < NGRAMS && (nl = strchr(line, '\n')); line = nl + 1) {
        g[n].hash = (uint32_t)gl_hash_bytes(GL_HASH_INIT, line, (size_t)(nl - line));
        g[n].rank = (uint32_t)n;
        n++;
    }
    if (script) { /* a model's own script: kana apart from Han */
        size_t letters;
        bool kana;
        *script = dominant_script(text, size, &letters, &kana);
        if (*script == S_HAN && kana)
            *script = S_KANA;
    }
    free(text); /* open_memstream's, from malloc */
    return n;
}

/* The BCP 47 tag of an fpdb.conf answer ("en--utf8", "zh-CN-utf8",
 * "az-cyrillic-utf8"): its language and region, or the comment after it
 * when that is a tag ("#sr-Latn"), or else the model file's name
 * ("az-Cyrl.lm"). False for a private-use code (qaa-qtz), which names no
 * language. */
static bool answer_tag(const char *answer, const char *hint, const char *file, char *tag,
                       size_t cap) {
    char buf[64];
    size_t len = strlen(answer);
    if (len >= 5 && strcmp(answer + len - 5, "-utf8") == 0)
        len -= 5;
    int k = snprintf(buf, sizeof buf, "%.*s", (int)len, answer);
    bool ok = k > 0 && (size_t)k < sizeof buf;
    /* "ll--" and "ll-CC": drop empty subtags; anything but a region or
     * script subtag after the language sends us to the file name */
    char clean[64] = "", *save = NULL;
    for (char *part = strtok_r(buf, "-", &save); ok && part; part = strtok_r(NULL, "-", &save)) {
        size_t pl = strlen(part);
        if (*clean && pl != 2 && pl != 4)
            ok = false;
        else if (strlen(clean) + pl + 2 < sizeof clean)
            strcat(strcat(clean, *clean ? "-" : ""), part);
    }
    const char *pick = hint && gl_lang_tag_ok(hint) ? hint : NULL;
    char stem[128];
    if (!pick && ok && gl_lang_tag_ok(clean))
        pick = clean;
    if (!pick) {
        snprintf(stem, sizeof stem, "%s", file);
        char *dot = strrchr(stem, '.');
        if (dot)
            *dot = '\0';
        pick = gl_lang_tag_ok(stem) ? stem : NULL;
    }
    if (!pick || strlen(pick) >= cap ||
        (pick[0] == 'q' && pick[1] >= 'a' && pick[1] <= 't' && (pick[2] == '\0' || pick[2] == '-')))
        return false;
    strcpy(tag, pick);
    return true;
}

static int by_hash(const void *x, const void *y) {
    const posting *a = x, *b = y;
    return (a->hash > b->hash) - (a->hash < b->hash);
}

/* Reads every model fpdb.conf lists into a new image (one allocation, laid
 * out as the file is). */
static gl_status build_image(const char *dir, const gl_allocator *a, image *img) {
    char path[512];
    snprintf(path, sizeof path, "%s/fpdb.conf", dir);
    FILE *conf = fopen(path, "r");
    *img = (image){0};
    if (!conf)
        return GL_OK; /* no models: no answers */
    size_t cap = sizeof(image_head) + MAX_MODELS * sizeof(model) +
                 (size_t)MAX_MODELS * NGRAMS * sizeof(posting);
    char *buf = gl_malloc(a, cap);
    gram *g = gl_malloc_array(a, NGRAMS, sizeof *g);
    image_head *h = (image_head *)(void *)buf;
    model *models = buf ? (model *)(void *)(buf + sizeof *h) : NULL;
    posting *post = buf ? (posting *)(void *)(models + MAX_MODELS) : NULL;
    size_t nm = 0, np = 0;
    char line[512];
    while (buf && g && nm < MAX_MODELS && fgets(line, sizeof line, conf)) {
        char *hint = strchr(line, '#');
        if (hint)
            *hint++ = '\0';
        char file[128], answer[64], tag[24], hn[64] = "";
        if (sscanf(line, "%127s %63s", file, answer) != 2 || strchr(file, '/'))
            continue;
        if (hint)
            sscanf(hint, "%63s", hn);
        if (!answer_tag(answer, *hn ? hn : NULL, file, tag, sizeof tag))
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, file);
        void *fp = fp_Init(tag);
        int script = S_NONE;
        size_t n = fp && fp_Read(fp, path, NGRAMS) ? grams_of(fp, g, &script) : 0;
        if (fp)
            fp_Done(fp);
        if (n == 0 || script == S_NONE)
            continue;
        models[nm] = (model){"", (uint32_t)script};
        memcpy(models[nm].tag, tag, strlen(tag) + 1);
        for (size_t k = 0; k < n; k++)
            post[np++] = (posting){g[k].hash, (uint16_t)nm, (uint16_t)g[k].rank};
        nm++;
    }
    fclose(conf);
    gl_free(a, g);
    if (!buf || !g) {
        gl_free(a, buf);
        return GL_ENOMEM;
    }
    /* The postings move up against the models actually read, bucketed by
     * script (a counting sort), each bucket sorted by hash. */
    memset(h, 0, sizeof *h);
    posting *to = (posting *)(void *)(models + nm);
    size_t at[S_COUNT + 1] = {0};
    for (size_t k = 0; k < np; k++)
        at[models[post[k].model].script + 1]++;
    for (int sc = 0; sc < S_COUNT; sc++) {
        at[sc + 1] += at[sc];
        h->range[sc][0] = (uint32_t)at[sc];
        h->range[sc][1] = (uint32_t)at[sc + 1];
    }
    /* `post` starts at or after `to`: fill `to` in order from a copy of the
     * tail that would be overwritten. */
    posting *copy = gl_malloc_array(a, np ? np : 1, sizeof *copy);
    if (!copy) {
        gl_free(a, buf);
        return GL_ENOMEM;
    }
    memcpy(copy, post, np * sizeof *post);
    for (size_t k = 0; k < np; k++)
        to[at[models[copy[k].model].script]++] = copy[k];
    gl_free(a, copy);
    for (int sc = 0; sc < S_COUNT; sc++)
        qsort(to + h->range[sc][0], h->range[sc][1] - h->range[sc][0], sizeof *to, by_hash);
    h->models = (uint32_t)nm;
    h->postings = (uint32_t)np;
    *img = (image){
        h, models, to, nm, np, buf, sizeof *h + nm * sizeof(model) + np * sizeof(posting), false};
    return GL_OK;
}

/* The stamp of the models: fpdb.conf's size and time, the folder's time. */
static bool stamp_of(const char *dir, image_head *h) {
    char path[512];
    snprintf(path, sizeof path, "%s/fpdb.conf", dir);
    struct stat c, d;
    if (stat(path, &c) != 0 || stat(dir, &d) != 0)
        return false;
    memcpy(h->magic, MAGIC, sizeof h->magic);
    h->conf_size = (int64_t)c.st_size;
    h->conf_mtime = (int64_t)c.st_mtim.tv_sec;
    h->conf_nsec = (int64_t)c.st_mtim.tv_nsec;
    h->dir_mtime = (int64_t)d.st_mtim.tv_sec;
    h->dir_nsec = (int64_t)d.st_mtim.tv_nsec;
    return true;
}

/* The image kept in `cache`, when it is there, whole and of these models. */
static bool load_cached(const char *cache, const image_head *want, image *img) {
    int fd = open(cache, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    struct stat st;
    image_head h;
    bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= (off_t)sizeof h &&
              st.st_size < (off_t)64 << 20 && pread(fd, &h, sizeof h, 0) == (ssize_t)sizeof h &&
              memcmp(h.magic, want->magic, sizeof h.magic) == 0 && h.conf_size == want->conf_size &&
              h.conf_mtime == want->conf_mtime && h.conf_nsec == want->conf_nsec &&
              h.dir_mtime == want->dir_mtime && h.dir_nsec == want->dir_nsec &&
              h.models <= MAX_MODELS && h.postings <= MAX_MODELS * NGRAMS &&
              (uint64_t)st.st_size == sizeof h + (uint64_t)h.models * sizeof(model) +
                                          (uint64_t)h.postings * sizeof(posting);
    for (int sc = 0; ok && sc < S_COUNT; sc++) /* the ranges inside the file */
        ok = h.range[sc][0] <= h.range[sc][1] && h.range[sc][1] <= h.postings;
    void *map = ok ? mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
    close(fd);
    if (map == MAP_FAILED)
        return false;
    const model *m = (const model *)(const void *)((const char *)map + sizeof h);
    const posting *p = (const posting *)(const void *)(m + h.models);
    for (size_t i = 0; ok && i < h.models; i++) /* each tag ended, each script known */
        ok = memchr(m[i].tag, '\0', sizeof m[i].tag) && m[i].script < S_COUNT;
    for (size_t i = 0; ok && i < h.postings; i++) /* each posting's model there */
        ok = p[i].model < h.models;
    if (!ok) {
        munmap(map, (size_t)st.st_size);
        return false;
    }
    *img = (image){map, m, p, h.models, h.postings, map, (size_t)st.st_size, true};
    return true;
}

/* Writes the image to `cache` (best effort: without it, the next call
 * parses the models again). */
static void save(const char *cache, const image_head *stamp, const image *img) {
    image_head h = *img->head;
    memcpy(h.magic, stamp->magic, sizeof h.magic);
    h.conf_size = stamp->conf_size;
    h.conf_mtime = stamp->conf_mtime;
    h.conf_nsec = stamp->conf_nsec;
    h.dir_mtime = stamp->dir_mtime;
    h.dir_nsec = stamp->dir_nsec;
    gl_atomic_file af;
    gl_error err;
    gl_error_init(&err, NULL);
    if (!gl_make_parents(cache) || gl_atomic_open(&af, cache, 0644, NULL, &err) != GL_OK)
        return;
    if (gl_atomic_write(&af, (const char *)&h, sizeof h) == GL_OK &&
        gl_atomic_write(&af, (const char *)img->models, img->nmodels * sizeof(model)) == GL_OK &&
        gl_atomic_write(&af, (const char *)img->postings, img->npostings * sizeof(posting)) ==
            GL_OK)
        gl_atomic_commit(&af, &err);
    else
        gl_atomic_abort(&af);
}

/* The models, once read, for the rest of the process: a program (a batch
 * worker, an embedding one, the allocation-failure tests) converting many
 * documents reads them once, cache file or not. Like the hyphenation
 * dictionaries (layout/hyphen.c), the library's other process-wide cache:
 * written once, under the lock, for the first models' folder asked for,
 * then only read; its memory is malloc's, not a conversion's allocator's. */
static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;
static char kept_dir[256];
static image kept;
static bool kept_set;

/* The models of `dir`: the process's, from `cache`, or read anew. *own
 * says whether the caller must release them. */
static gl_status models_of(const char *dir, const char *cache, const gl_allocator *a, image *img,
                           bool *own) {
    pthread_mutex_lock(&kept_lock);
    if (kept_set && strcmp(kept_dir, dir) == 0) {
        *img = kept;
        *own = false;
        pthread_mutex_unlock(&kept_lock);
        return GL_OK;
    }
    bool keep = !kept_set && strlen(dir) < sizeof kept_dir;
    const gl_allocator *use = keep ? gl_allocator_of(NULL) : a;
    image_head stamp;
    bool have = stamp_of(dir, &stamp);
    gl_status st = GL_OK;
    if (!(have && cache && load_cached(cache, &stamp, img))) {
        st = build_image(dir, use, img);
        if (st == GL_OK && have && cache && img->nmodels)
            save(cache, &stamp, img);
    }
    if (st == GL_OK && keep) {
        kept = *img;
        memcpy(kept_dir, dir, strlen(dir) + 1);
        kept_set = true;
    }
    *own = st == GL_OK && !keep;
    pthread_mutex_unlock(&kept_lock);
    return st;
}

static void release(const gl_allocator *a, image *img) {
    if (img->mapped)
        munmap(img->map, img->len);
    else
        gl_free(a, img->map);
}

/* The text's fingerprint as sorted grams (room for NGRAMS); 0 when it has
 * none. fp_Create reads up to a NUL, hence the copy. */
static size_t text_grams(const char *text, size_t len, const gl_allocator *a, gram *g,
                         gl_status *st) {
    char *copy = gl_malloc(a, len + 1);
    *st = copy ? GL_OK : GL_ENOMEM;
    if (!copy)
        return 0;
    memcpy(copy, text, len);
    copy[len] = '\0';
    void *fp = fp_Init(NULL);
    size_t n = 0;
    if (fp) {
        fp_SetProperty(fp, TCPROP_UTF8AWARE, TC_TRUE);
        if (fp_Create(fp, copy, (uint4)len, NGRAMS))
            n = grams_of(fp, g, NULL);
        fp_Done(fp);
    }
    gl_free(a, copy);
    return n;
}

gl_status gl_langid_guess(const char *text, size_t len, const char *dir, const char *cache,
                          double min_gap, const gl_allocator *alloc, gl_langid *out) {
    const gl_allocator *a = alloc ? alloc : gl_allocator_of(NULL);
    *out = (gl_langid){"", "too short", 0, 0, 0};
    if (len > GL_LANGID_SAMPLE) { /* whole characters only */
        len = GL_LANGID_SAMPLE;
        while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
            len--;
    }
    bool kana;
    int script = dominant_script(text, len, &out->letters, &kana);
    if (script == S_NONE && out->letters > 0)
        out->why = "mixed scripts";
    if (script == S_NONE || out->letters < GL_LANGID_MIN_LETTERS)
        return GL_OK;
    image img = {0};
    bool own;
    gl_status got = models_of(dir, cache, a, &img, &own);
    if (got != GL_OK)
        return got;
    gram u[NGRAMS];
    gl_status st;
    size_t un = text_grams(text, len, a, u, &st);
    /* Every model's sum of rank distances over the n-grams it shares with
     * the text, and how many it shares. */
    uint64_t *sum =
        st == GL_OK ? gl_malloc_array(a, img.nmodels ? img.nmodels : 1, 2 * sizeof *sum) : NULL;
    if (!sum && st == GL_OK)
        st = GL_ENOMEM;
    if (sum)
        memset(sum, 0, (img.nmodels ? img.nmodels : 1) * 2 * sizeof *sum);
    /* The text's script, and kana for Han text that has some. */
    int scripts[2] = {script, script == S_HAN && kana ? S_KANA : S_NONE};
    for (int k = 0; sum && img.head && k < 2 && scripts[k] != S_NONE; k++) {
        const posting *p = img.postings + img.head->range[scripts[k]][0];
        size_t np = img.head->range[scripts[k]][1] - img.head->range[scripts[k]][0];
        for (size_t j = 0; j < un; j++) {
            size_t lo = 0, hi = np; /* the first posting with this hash */
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (p[mid].hash < u[j].hash)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            for (; lo < np && p[lo].hash == u[j].hash; lo++) {
                uint32_t r = p[lo].rank;
                sum[2 * p[lo].model] += r > u[j].rank ? r - u[j].rank : u[j].rank - r;
                sum[2 * p[lo].model + 1]++;
            }
        }
    }
    /* The best model, the second, and the best of another language: two
     * variants of one language (zh-Hans and zh-Hant share most of their
     * characters) can be too close to tell apart and still far from every
     * other language; then the answer is the language alone ("zh"). */
    uint64_t dist[MAX_MODELS];
    const model *win = NULL;
    for (size_t i = 0; sum && un && i < img.nmodels; i++) {
        const model *m = &img.models[i];
        if ((int)m->script != scripts[0] && (int)m->script != scripts[1])
            continue;
        out->models++;
        /* TextCat's out-of-place distance: an n-gram of the text that the
         * model lacks costs OUT_OF_PLACE */
        dist[i] = sum[2 * i] + (un - sum[2 * i + 1]) * OUT_OF_PLACE;
        if (!win || dist[i] < dist[win - img.models])
            win = m;
    }
    out->why = !img.nmodels ? "no models installed" : !win ? "no model for its script" : NULL;
    if (win) {
        uint64_t best = dist[win - img.models], second = UINT64_MAX, other = UINT64_MAX;
        size_t ll = strcspn(win->tag, "-");
        for (size_t i = 0; i < img.nmodels; i++) {
            const model *m = &img.models[i];
            if (m == win || ((int)m->script != scripts[0] && (int)m->script != scripts[1]))
                continue;
            bool same = strcspn(m->tag, "-") == ll && strncmp(m->tag, win->tag, ll) == 0;
            if (dist[i] < second)
                second = dist[i];
            if (!same && dist[i] < other)
                other = dist[i];
        }
        double scale = (double)(best ? best : 1);
        out->gap = other == UINT64_MAX ? HUGE_VAL : (double)(other - best) / scale;
        bool variant = second != UINT64_MAX && (double)(second - best) / scale < min_gap;
        if (out->gap < min_gap)
            out->why = "too close to call";
        else if (variant)
            snprintf(out->tag, sizeof out->tag, "%.*s", (int)ll, win->tag);
        else
            memcpy(out->tag, win->tag, strlen(win->tag) + 1);
    }
    gl_free(a, sum);
    if (own)
        release(a, &img);
    return st;
}

/* ---- documents ---- */

/* Up to GL_LANGID_SAMPLE bytes of the document's prose: its title, then
 * the text of its blocks, code left out. */
static size_t sample_of(const gl_doc *doc, char *buf, size_t cap) {
    size_t n = 0;
    const char *title = gl_doc_meta(doc, GL_META_TITLE);
    if (title) {
        n = strlen(title) < cap - 1 ? strlen(title) : cap - 1;
        memcpy(buf, title, n);
        buf[n++] = '\n';
    }
    gl_iter it;
    gl_iter_init(&it, gl_doc_root(doc));
    while (n < cap && gl_iter_next(&it) != GL_EVENT_NONE) {
        const gl_node *node = it.node;
        if (it.event != GL_EVENT_ENTER)
            continue;
        if (node->type == GL_NODE_CODE_BLOCK || node->type == GL_NODE_CODE) {
            gl_iter_skip_children(&it);
            continue;
        }
        if (node->type != GL_NODE_TEXT || !node->text)
            continue;
        size_t take = node->text_len < cap - n ? node->text_len : cap - n;
        memcpy(buf + n, node->text, take);
        n += take;
        if (n < cap)
            buf[n++] = ' ';
    }
    return n;
}

/* The folder of `file` + "/langid.bin" into `out`; false when it has none. */
static bool cache_beside(const char *file, char *out, size_t cap) {
    const char *slash = file ? strrchr(file, '/') : NULL;
    if (!slash || slash == file)
        return false;
    int k = snprintf(out, cap, "%.*s/langid.bin", (int)(slash - file), file);
    return k > 0 && (size_t)k < cap;
}

gl_status gl_doc_langid(const gl_doc *doc, const gl_options *opt, double min_gap, gl_langid *out) {
    const gl_allocator *a = gl_allocator_of(opt);
    char *buf = gl_malloc(a, GL_LANGID_SAMPLE);
    if (!buf)
        return GL_ENOMEM;
    size_t n = sample_of(doc, buf, GL_LANGID_SAMPLE);
    char cache[512];
    bool has_cache = opt && cache_beside(opt->font_cache, cache, sizeof cache);
    gl_status st =
        gl_langid_guess(buf, n, GL_LANGID_DIR, has_cache ? cache : NULL, min_gap, a, out);
    gl_free(a, buf);
    return st;
}

gl_status gl_doc_detect_lang(gl_doc *doc, const gl_options *opt, gl_error *err) {
    if (gl_doc_meta(doc, GL_META_LANG))
        return GL_OK;
    gl_langid id;
    gl_status st = gl_doc_langid(doc, opt, GL_LANGID_MIN_GAP, &id);
    if (st == GL_OK && *id.tag)
        st = gl_doc_set_meta(doc, GL_META_LANG, id.tag, strlen(id.tag), "detected");
    if (st != GL_OK)
        return gl_fail(err, st, 0, "out of memory guessing the language");
    if (opt->explain && opt->warn) {
        char msg[256];
        if (*id.tag)
            snprintf(msg, sizeof msg,
                     "language: %s, detected (libexttextcat: %zu letters, %zu models of its "
                     "script, the best %.0f%% ahead of the next)",
                     id.tag, id.letters, id.models, isinf(id.gap) ? 100.0 : id.gap * 100);
        else
            snprintf(msg, sizeof msg, "language: none declared, none detected (%s)", id.why);
        opt->warn(opt->warn_userdata, err->file[0] ? err->file : NULL, 0, msg);
    }
    return GL_OK;
}
