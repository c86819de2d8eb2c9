/* Planning a batch: which inputs, in which groups, with which outputs,
 * and which of them need a worker (batch_int.h). A walk is planned one
 * folder at a time and a --files-from list a chunk at a time, as the
 * workers need work. */
#include "cli/batch_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli/util.h"
#include "util/localfile.h"
#include "util/hash.h"

/* A --files-from entry longer than this is no path and is skipped. */
#define LIST_ENTRY_MAX 65536

/* ---- names ---- */

static size_t pool_add(group *g, const char *s, size_t len) {
    gl_cli_grow(&g->pool, &g->pool_cap, g->pool_len + len + 1, 1);
    size_t at = g->pool_len;
    memcpy(g->pool + at, s, len);
    g->pool[at + len] = '\0';
    g->pool_len += len + 1;
    return at;
}

const char *gl_batch_name(const item *it, size_t off) { return it->grp->pool + off; }

/* `stem_len` bytes of `stem` and w's extension, malloc'd. */
static char *with_extension(const char *stem, size_t stem_len, const gl_writer_entry *w) {
    size_t elen = strlen(w->extension);
    char *p = gl_cli_xrealloc(NULL, stem_len + elen + 1);
    memcpy(p, stem, stem_len);
    memcpy(p + stem_len, w->extension, elen + 1);
    return p;
}

char *gl_batch_output_rel(const item *it, const gl_writer_entry *w) {
    return with_extension(gl_batch_name(it, it->rel), it->stem_len, w);
}

char *gl_batch_output_path(const batch *b, const char *stem, size_t stem_len,
                           const gl_writer_entry *w) {
    char *rel = with_extension(stem, stem_len, w);
    char *path = gl_cli_join(b->cfg->out_dir, rel);
    free(rel);
    return path;
}

/* ---- groups ---- */

static group *new_group(void) {
    group *g = gl_cli_xrealloc(NULL, sizeof *g);
    memset(g, 0, sizeof *g);
    return g;
}

void gl_batch_free_group(group *g) {
    if (!g)
        return;
    free(g->items);
    free(g->pool);
    free(g);
}

static item *add_item(group *g, const char *path, const char *rel) {
    gl_cli_grow(&g->items, &g->cap, g->count + 1, sizeof *g->items);
    item *it = &g->items[g->count++];
    memset(it, 0, sizeof *it);
    it->grp = g;
    it->path = pool_add(g, path, strlen(path));
    it->rel = pool_add(g, rel, strlen(rel));
    it->stem_len = gl_cli_stem_length(rel);
    it->error = GL_BATCH_NO_ERROR;
    it->size = it->mtime_ns = -1;
    return it;
}

/* A URL operand or list entry: its outputs are named after it
 * (gl_cli_url_name); it has no size or time, so it is always converted. */
static item *add_url(group *g, const char *url) {
    char name[GL_CLI_URL_NAME_MAX + 1];
    item *it = add_item(g, url, gl_cli_url_name(url, name));
    it->stem_len = strlen(name);
    it->is_url = true;
    it->title_name = gl_cli_url_name_generic(url);
    return it;
}

void gl_batch_rename(item *it, const char *stem) {
    it->rel = pool_add(it->grp, stem, strlen(stem));
    it->stem_len = strlen(stem);
}

/* A file or URL named on the command line, as its group holds it. */
static item *add_operand(group *g, const char *in) {
    return gl_is_url(in) ? add_url(g, in) : add_item(g, in, gl_cli_base_name(in));
}

static void set_stat(item *it, const struct stat *st) {
    it->size = (long long)st->st_size;
    it->mtime_ns = (long long)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec;
}

static void fail_item(item *it, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fail_item(item *it, const char *fmt, ...) {
    char msg[4096]; /* a clash names three paths of up to 1,023 bytes */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    it->error = pool_add(it->grp, msg, strlen(msg));
}

/* ---- the walk ---- */

/* A folder of a walk as OUT sees it: where it lies in OUT and the state
 * of that folder of outputs, when it is inside OUT. */
typedef struct in_out {
    char *rel;       /* relative to OUT, malloc'd; NULL: not inside OUT */
    gl_state *state; /* its records (a reference), or NULL */
} in_out;

/* Where folder `rel` of folder operand `operand` lies in OUT. */
static in_out enter_out(batch *b, size_t operand, const char *rel) {
    in_out io = {NULL, NULL};
    const char *at = b->root_in_out[operand], *o = b->out_in_root[operand];
    size_t n = o ? strlen(o) : 0;
    if (at)
        io.rel = gl_cli_join(at, rel);
    else if (o && strncmp(rel, o, n) == 0 && (rel[n] == '\0' || rel[n] == '/'))
        io.rel = gl_cli_join(rel + n + (rel[n] == '/'), "");
    char msg[1024];
    if (io.rel)
        io.state = gl_state_get(b->state, io.rel, msg, sizeof msg);
    return io;
}

static void leave_out(batch *b, in_out *io) {
    char msg[1024];
    if (io->state && !gl_state_release(b->state, io->state, msg, sizeof msg))
        gl_batch_say(b, NULL, 0, "%s", msg);
    free(io->rel);
    io->rel = NULL;
    io->state = NULL;
}

/* Whether file `name` of a folder inside OUT is an output: one its state
 * records, or one a worker is writing now (recorded once it settles). */
static bool is_output(const batch *b, const in_out *io, const char *name) {
    char *output = gl_cli_join(io->rel, name);
    bool yes = io->state && gl_state_has_output(io->state, output);
    for (size_t i = 0; !yes && b->slots && i < b->slot_count; i++) {
        const slot *s = &b->slots[i];
        for (size_t f = 0; s->pid && s->busy && !yes && f < b->cfg->format_count; f++) {
            if (!(s->formats & (1u << f)))
                continue;
            char *rel = gl_batch_output_rel(s->it, b->cfg->formats[f]);
            yes = strcmp(rel, output) == 0;
            free(rel);
        }
    }
    free(output);
    return yes;
}

/* What reading one folder of a walk fills. */
typedef struct visit_ctx {
    batch *b;
    group *g;
    bool walking; /* false: a quiet look (for clashes with another operand)
                     that ignores subfolders and says nothing */
    in_out out;   /* the folder inside OUT, if it is */
} visit_ctx;

/* One entry of a folder (cli/walk.h says what is followed and what is
 * skipped). Inside OUT, galley's outputs are no inputs. */
static bool visit(void *userdata, const gl_walk_entry *e) {
    visit_ctx *v = userdata;
    batch *b = v->b;
    const char *skipped = NULL;
    bool loud = false, descend = false;
    switch (e->kind) {
    case GL_WALK_FAILED:
        if (v->walking)
            fail_item(add_item(v->g, e->path, e->rel), "cannot read: %s", strerror(e->error));
        break;
    case GL_WALK_FOLDER:
        descend = v->walking;
        break;
    case GL_WALK_SKIPPED:
        skipped = e->why;
        loud = e->loud;
        break;
    case GL_WALK_FILE:
        if (v->out.rel && is_output(b, &v->out, e->name))
            skipped = "an output of galley into this folder (its state records it)";
        else
            set_stat(add_item(v->g, e->path, e->rel), &e->st);
        break;
    }
    if (v->walking && skipped && (b->args->verbose || (loud && !b->args->quiet)))
        gl_batch_say(b, e->path, 0, "skipped: %s%s", skipped, loud ? ", not a regular file" : "");
    return descend;
}

/* The files of folder `rel` of the walk `w` of folder operand `operand`
 * that a reader claims, in sorted order; its subfolders are read next
 * unless this is a quiet look (`walking` false). */
static group *read_folder(batch *b, gl_walk *w, size_t operand, const char *rel, bool walking) {
    group *g = new_group();
    visit_ctx v = {b, g, walking, enter_out(b, operand, rel)};
    if (!gl_walk_read(w, rel, visit, &v) && walking) {
        char *dir = gl_cli_join(w->root, rel);
        fail_item(add_item(g, dir, rel[0] ? rel : "."), "cannot read the folder: %s",
                  strerror(errno));
        free(dir);
    }
    leave_out(b, &v.out);
    return g;
}

/* ---- the list ---- */

/* A --files-from entry as a relative path without "." and empty parts;
 * NULL (with the reason in *why) when it is absolute or climbs with "..",
 * since its mirror would then fall outside OUT. */
static char *normalize(const char *entry, const char **why) {
    if (entry[0] == '/') {
        *why = "an absolute path";
        return NULL;
    }
    size_t len = strlen(entry);
    char *out = gl_cli_xrealloc(NULL, len + 1);
    size_t n = 0;
    for (const char *p = entry; *p;) {
        size_t k = strcspn(p, "/");
        if (k == 2 && p[0] == '.' && p[1] == '.') {
            free(out);
            *why = "a path with '..'";
            return NULL;
        }
        if (k > 0 && !(k == 1 && p[0] == '.')) {
            if (n)
                out[n++] = '/';
            memcpy(out + n, p, k);
            n += k;
        }
        p += k;
        while (*p == '/')
            p++;
    }
    out[n] = '\0';
    if (n == 0 || entry[len - 1] == '/') {
        free(out);
        *why = "not a file name";
        return NULL;
    }
    return out;
}

static void add_listed(group *g, const char *base, const char *entry) {
    if (gl_is_url(entry)) {
        add_url(g, entry);
        return;
    }
    const char *why = NULL;
    char *rel = normalize(entry, &why);
    if (!rel) {
        fail_item(add_item(g, entry, entry),
                  "%s: its output would fall outside the output folder; list paths relative to "
                  "the input folder (find IN -printf '%%P\\0' does)",
                  why);
        return;
    }
    char *path = base ? gl_cli_join(base, rel) : gl_cli_join(rel, "");
    item *it = add_item(g, path, rel);
    struct stat st;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            fail_item(it, "is a folder: --files-from lists files");
        else if (!S_ISREG(st.st_mode))
            fail_item(it, "%s, not a regular file: not read", gl_cli_file_kind(st.st_mode));
        else
            set_stat(it, &st);
    }
    free(path);
    free(rel);
}

/* The next entry of the --files-from list (NUL-terminated in b->entry,
 * *len bytes, which may hold a NUL without -0), or NULL at its end. Empty
 * entries are skipped. */
static const char *next_entry(batch *b, size_t *len) {
    char sep = b->args->null_separated ? '\0' : '\n';
    bool too_long = false;
    b->entry_len = 0;
    for (;;) {
        if (b->list_pos == b->list_len) {
            ssize_t n = b->list_eof ? 0 : read(b->list_fd, b->list_buf, GL_BATCH_LIST_BUF);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0) {
                gl_batch_say(b, b->list_name, 0, "cannot read the list: %s", strerror(errno));
                b->list_failed = true;
            }
            if (n <= 0) {
                b->list_eof = true;
                if (n < 0 || b->entry_len == 0)
                    return NULL;
                break;
            }
            b->list_pos = 0;
            b->list_len = (size_t)n;
        }
        const char *at = b->list_buf + b->list_pos;
        size_t avail = b->list_len - b->list_pos;
        const char *hit = memchr(at, sep, avail);
        size_t take = hit ? (size_t)(hit - at) : avail;
        b->list_pos += take + (hit != NULL);
        if (b->entry_len + take > LIST_ENTRY_MAX) {
            too_long = true;
        } else {
            gl_cli_grow(&b->entry, &b->entry_cap, b->entry_len + take + 1, 1);
            memcpy(b->entry + b->entry_len, at, take);
            b->entry_len += take;
        }
        if (!hit)
            continue;
        if (too_long) {
            gl_batch_say(b, b->list_name, 0, "an entry is longer than %d bytes: skipped",
                         LIST_ENTRY_MAX);
            too_long = false;
            b->entry_len = 0;
            continue;
        }
        if (b->entry_len > 0)
            break;
    }
    if (too_long) {
        gl_batch_say(b, b->list_name, 0, "an entry is longer than %d bytes: skipped",
                     LIST_ENTRY_MAX);
        return NULL;
    }
    b->entry[b->entry_len] = '\0';
    *len = b->entry_len;
    return b->entry;
}

/* The next up to b->list_chunk entries of the list as one group: the list
 * is read as the run needs work, so its memory follows the chunk, not the
 * list's length. */
static group *read_chunk(batch *b) {
    group *g = new_group();
    size_t len;
    for (const char *e; g->count < b->list_chunk && (e = next_entry(b, &len));) {
        if (strlen(e) == len)
            add_listed(g, b->list_base, e);
        else
            gl_batch_say(b, b->list_name, 0,
                         "an entry holds a NUL byte: use -0 for NUL-separated lists");
    }
    return g;
}

/* Whether relative path `rel` (its stem `stem_len` long) falls in this
 * run's --shard K/N. Sharding goes by the output stem, so inputs that
 * would collide (a.md, a.html) land in the same shard and the conflict is
 * seen. */
static bool in_shard(const batch *b, const char *rel, size_t stem_len) {
    unsigned k = b->args->shard_index, n = b->args->shard_count;
    return !n || gl_hash_bytes(GL_HASH_INIT, rel, stem_len) % n == k - 1;
}

size_t gl_batch_count_list(batch *b, off_t from) {
    size_t total = 0, len;
    for (const char *e; (e = next_entry(b, &len));) {
        if (strlen(e) != len)
            continue;
        const char *why;
        char name[GL_CLI_URL_NAME_MAX + 1];
        char *rel = gl_is_url(e) ? NULL : normalize(e, &why);
        const char *r = gl_is_url(e) ? gl_cli_url_name(e, name) : rel ? rel : e;
        total += in_shard(b, r, gl_is_url(e) ? strlen(r) : gl_cli_stem_length(r));
        free(rel);
    }
    if (lseek(b->list_fd, from, SEEK_SET) != from) {
        gl_batch_say(b, b->list_name, 0, "cannot read the list again: %s", strerror(errno));
        b->list_failed = true;
        return 0;
    }
    b->list_pos = b->list_len = 0;
    b->list_eof = false;
    return total;
}

/* ---- clashes ---- */

/* Keeps the items of --shard K/N. */
static void take_shard(batch *b, group *g) {
    size_t kept = 0;
    for (size_t i = 0; i < g->count; i++) {
        item *it = &g->items[i];
        if (in_shard(b, gl_batch_name(it, it->rel), it->stem_len))
            g->items[kept++] = *it;
    }
    g->count = kept;
}

/* A stem by its offset in its group's pool, not a pointer: failing an
 * item adds its message to the pool, which may move it. */
typedef struct stem_ref {
    const group *grp;
    size_t off, len;
    size_t index;
} stem_ref;

static const char *stem_of(const stem_ref *r) { return r->grp->pool + r->off; }

static int compare_stems(const void *x, const void *y) {
    const stem_ref *a = x, *b = y;
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(stem_of(a), stem_of(b), n);
    if (c)
        return c;
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

/* The items of `g` planned without error, sorted by stem (*n of them). */
static stem_ref *sorted_stems(const group *g, size_t *n) {
    stem_ref *refs = gl_cli_xrealloc(NULL, g->count * sizeof *refs);
    *n = 0;
    for (size_t i = 0; i < g->count; i++)
        if (g->items[i].error == GL_BATCH_NO_ERROR)
            refs[(*n)++] = (stem_ref){g, g->items[i].rel, g->items[i].stem_len, i};
    qsort(refs, *n, sizeof *refs, compare_stems);
    return refs;
}

static void fail_clash(const batch *b, item *it, const char *x_path, const char *y_path,
                       const char *how) {
    char x[1024], y[1024], z[1024];
    gl_cli_printable(x_path, x, sizeof x);
    gl_cli_printable(y_path, y, sizeof y);
    char *out =
        gl_batch_output_path(b, gl_batch_name(it, it->rel), it->stem_len, b->cfg->formats[0]);
    gl_cli_printable(out, z, sizeof z);
    free(out);
    fail_item(it, "'%s' and '%s' would both write '%s': %s; rename one", x, y, z, how);
}

/* Whether an item of `g` other than `it` that keeps its name (a file, or
 * a URL before `it`) has the stem `stem`; a URL listed twice is no other. */
static bool name_taken(const group *g, const item *it, const char *stem, size_t len) {
    const char *path = gl_batch_name(it, it->path);
    for (size_t j = 0; j < g->count; j++) {
        const item *o = &g->items[j];
        if (o == it || (o->is_url && o > it) || o->error != GL_BATCH_NO_ERROR ||
            o->stem_len != len || memcmp(gl_batch_name(o, o->rel), stem, len) != 0)
            continue;
        if (strcmp(gl_batch_name(o, o->path), path) != 0)
            return true;
    }
    return false;
}

/* The name of `it`, a URL, with "-N" (N = 2, 3, ...) added to its own
 * name (pooled; it->rel and stem_len are set). */
static void rename_url(item *it, unsigned n) {
    char base[GL_CLI_URL_NAME_MAX + 1], name[GL_CLI_URL_NAME_MAX + 16];
    snprintf(name, sizeof name, "%s-%u", gl_cli_url_name(gl_batch_name(it, it->path), base), n);
    it->rel = pool_add(it->grp, name, strlen(name));
    it->stem_len = strlen(name);
}

/* Two URLs with one last segment (https://a.org/x/index.html and
 * https://b.org/y/index.html) are two pages: the later one (in the order
 * of the operands or the list) takes the first free name of "index-2",
 * "index-3", ... A file keeps its name and a URL gives way to it. The
 * same URL named twice is converted once (find_conflicts). */
static void name_urls(group *g) {
    for (size_t i = 0; i < g->count; i++) {
        item *it = &g->items[i];
        if (!it->is_url || it->error != GL_BATCH_NO_ERROR)
            continue;
        for (unsigned n = 2; name_taken(g, it, gl_batch_name(it, it->rel), it->stem_len); n++)
            rename_url(it, n);
    }
}

/* Two inputs with one stem would write the same outputs: both fail, each
 * naming the other. The same file listed twice is converted once. Within
 * one group: a walk's folder holds every input its outputs' folder gets
 * from that operand. */
static void find_conflicts(batch *b, group *g) {
    size_t n;
    stem_ref *refs = sorted_stems(g, &n);
    for (size_t i = 1; i < n; i++) {
        stem_ref *first = &refs[i - 1], *r = &refs[i];
        if (first->len != r->len || memcmp(stem_of(first), stem_of(r), r->len) != 0)
            continue;
        item *a = &g->items[first->index], *c = &g->items[r->index];
        if (strcmp(gl_batch_name(a, a->path), gl_batch_name(c, c->path)) == 0) {
            c->status = ITEM_DUPLICATE;
            *r = *first; /* a third entry compares with the first */
            continue;
        }
        /* Names looked up anew for each call: the first moves the pool. */
        if (a->error == GL_BATCH_NO_ERROR) {
            fail_clash(b, a, gl_batch_name(a, a->path), gl_batch_name(c, c->path),
                       "neither is converted");
            a->claims = true;
        }
        fail_clash(b, c, gl_batch_name(a, a->path), gl_batch_name(c, c->path),
                   "neither is converted");
        *r = *first;
    }
    free(refs);
}

/* With several operands, an earlier one may already have given the same
 * output folder an input of the same stem (in1/a.md, in2/a.md): that one
 * was converted, this one fails naming it. The earlier folders' folder
 * `rel` is looked at again rather than remembered, so memory stays flat;
 * files named on the command line come before every folder. */
static void find_clashes_before(batch *b, group *g, size_t operand, const char *rel) {
    group *seen = new_group();
    for (size_t j = 0; j < b->args->input_count; j++) {
        const char *in = b->args->inputs[j];
        if (b->is_folder[j] && j < operand) {
            gl_walk w;
            gl_walk_start(&w, in);
            group *f = read_folder(b, &w, j, rel, false);
            gl_walk_free(&w);
            for (size_t i = 0; i < f->count; i++)
                add_item(seen, gl_batch_name(&f->items[i], f->items[i].path),
                         gl_batch_name(&f->items[i], f->items[i].rel));
            gl_batch_free_group(f);
        } else if (!b->is_folder[j] && !rel[0]) {
            add_operand(seen, in);
        }
    }
    size_t n;
    stem_ref *refs = sorted_stems(seen, &n);
    for (size_t i = 0; i < g->count; i++) {
        item *it = &g->items[i];
        if (it->status == ITEM_DUPLICATE)
            continue;
        stem_ref key = {g, it->rel, it->stem_len, 0};
        /* The first ref not below the stem (compare_stems also orders by
         * index, which plays no part here). */
        size_t lo = 0, hi = n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            key.index = refs[mid].index;
            if (compare_stems(&refs[mid], &key) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo == n || refs[lo].len != key.len ||
            memcmp(stem_of(&refs[lo]), stem_of(&key), key.len) != 0)
            continue;
        const stem_ref *hit = &refs[lo];
        const item *other = &seen->items[hit->index];
        const char *op = gl_batch_name(other, other->path), *ip = gl_batch_name(it, it->path);
        if (strcmp(op, ip) == 0)
            it->status = ITEM_DUPLICATE;
        else if (it->error == GL_BATCH_NO_ERROR)
            fail_clash(b, it, op, ip, "the second is not converted");
    }
    free(refs);
    gl_batch_free_group(seen);
}

/* The relative folder of `rel`'s output ("" for OUT itself), malloc'd. */
static char *folder_of(const char *rel) {
    char *dir = gl_path_dir(rel);
    if (!dir)
        gl_cli_out_of_memory();
    return dir;
}

/* Whether a list entry planned in an earlier chunk claimed the output of
 * `it` (whose state is taken): the same path is a duplicate (true: it is
 * dropped), another one a clash, which `it` fails naming both. Else `it`
 * claims it. */
static bool claimed_before(batch *b, item *it) {
    const char *other = NULL;
    gl_state_claim_result r;
    /* A URL claims as itself, and gives way to another input's claim by
     * taking the next free name (name_urls). */
    for (unsigned n = 2;; n++) {
        char *out = gl_batch_output_rel(it, b->cfg->formats[0]);
        r = gl_state_claim(it->state, out, gl_batch_name(it, it->is_url ? it->path : it->rel),
                           &other);
        free(out);
        if (r != GL_CLAIM_OTHER || !it->is_url)
            break;
        rename_url(it, n);
    }
    if (r == GL_CLAIM_ERROR) {
        fail_item(it, "out of memory claiming its output");
    } else if (r == GL_CLAIM_OTHER) {
        char *op = b->list_base && !gl_is_url(other) ? gl_cli_join(b->list_base, other)
                                                     : gl_cli_join(other, "");
        fail_clash(b, it, op, gl_batch_name(it, it->path), "the second is not converted");
        free(op);
    }
    return r == GL_CLAIM_SAME;
}

/* Readies a planned group: its shard, its conflicts, duplicates dropped,
 * and each item's state taken. `operand`: the command-line operand it
 * comes from, with the folder `rel` it holds (SIZE_MAX for a list or the
 * files named on the command line). */
static void finish_group(batch *b, group *g, size_t operand, const char *rel) {
    take_shard(b, g);
    name_urls(g);
    find_conflicts(b, g);
    /* The run's names (batch_shared.h): a name a worker took from a title
     * in an earlier group is another input's too, which a URL gives way
     * to as in name_urls. */
    for (size_t i = 0; i < g->count; i++) {
        item *it = &g->items[i];
        for (unsigned n = 2;
             it->error == GL_BATCH_NO_ERROR &&
             !gl_batch_shared_claim_name(b->shared, gl_batch_name(it, it->rel), it->stem_len) &&
             it->is_url;
             n++)
            rename_url(it, n);
    }
    if (operand != SIZE_MAX && b->args->input_count > 1)
        find_clashes_before(b, g, operand, rel);
    size_t kept = 0;
    for (size_t i = 0; i < g->count; i++) {
        if (g->items[i].status == ITEM_DUPLICATE)
            continue;
        item *it = &g->items[kept];
        *it = g->items[i];
        if (it->error == GL_BATCH_NO_ERROR || (it->claims && b->args->files_from)) {
            char *dir = folder_of(gl_batch_name(it, it->rel));
            char msg[1024];
            if (!(it->state = gl_state_get(b->state, dir, msg, sizeof msg)))
                fail_item(it, "%s", msg);
            free(dir);
        }
        if (it->state && b->args->files_from && claimed_before(b, it)) {
            char msg[1024];
            if (!gl_state_release(b->state, it->state, msg, sizeof msg))
                gl_batch_say(b, NULL, 0, "%s", msg);
            continue;
        }
        kept++;
    }
    g->count = kept;
    g->unsettled = kept;
    b->count += kept;
}

/* The files named on the command line, all in one group (they are in
 * memory already), planned before the folders. */
static group *plan_files(batch *b) {
    group *g = new_group();
    for (size_t i = 0; i < b->args->input_count; i++) {
        if (b->is_folder[i])
            continue;
        const char *in = b->args->inputs[i];
        item *it = add_operand(g, in);
        it->special_ok = true;
        struct stat st;
        if (stat(in, &st) == 0 && S_ISREG(st.st_mode))
            set_stat(it, &st);
    }
    finish_group(b, g, SIZE_MAX, "");
    return g;
}

/* The next group to hand out, planned now; NULL when all are. */
static group *next_group(batch *b) {
    const gl_cli_args *a = b->args;
    for (;;) {
        if (b->root) {
            char *rel = gl_walk_next(&b->walk);
            if (rel) {
                group *g = read_folder(b, &b->walk, b->root_index, rel, true);
                finish_group(b, g, b->root_index, rel);
                free(rel);
                if (g->count > 0)
                    return g;
                gl_batch_free_group(g);
                continue;
            }
            gl_walk_free(&b->walk);
            b->root = NULL;
        }
        if (a->files_from) {
            if (b->list_fd < 0)
                return NULL;
            group *g = read_chunk(b);
            if (b->list_eof) {
                if (b->list_fd != STDIN_FILENO)
                    close(b->list_fd);
                b->list_fd = -1;
            }
            finish_group(b, g, SIZE_MAX, "");
            /* The last chunk is planned: no later entry looks at a claim. */
            if (b->list_fd < 0)
                gl_state_store_claims_done(b->state);
            if (g->count > 0)
                return g;
            gl_batch_free_group(g);
            continue;
        }
        if (!b->files_planned) {
            b->files_planned = true;
            group *g = plan_files(b);
            if (g->count > 0)
                return g;
            gl_batch_free_group(g);
        }
        while (b->operand < a->input_count && !b->is_folder[b->operand])
            b->operand++;
        if (b->operand >= a->input_count)
            return NULL;
        b->root_index = b->operand++;
        b->root = a->inputs[b->root_index];
        gl_walk_start(&b->walk, b->root);
    }
}

/* What a count ahead adds up, and the folder it is in. */
typedef struct counter {
    const batch *b;
    size_t total;
    in_out out;
} counter;

static bool count_entry(void *userdata, const gl_walk_entry *e) {
    counter *c = userdata;
    if (e->kind == GL_WALK_FILE && !(c->out.rel && is_output(c->b, &c->out, e->name)))
        c->total += in_shard(c->b, e->rel, gl_cli_stem_length(e->rel));
    return e->kind == GL_WALK_FOLDER;
}

/* The walk's folders are read ahead once (names only; a file's kind is
 * asked only when the folder entry does not say). Folders are pending on
 * a stack, so memory again follows the depth and the widest folder. */
size_t gl_batch_count_inputs(batch *b) {
    counter c = {b, 0, {NULL, NULL}};
    for (size_t i = 0; i < b->args->input_count; i++) {
        const char *root = b->args->inputs[i];
        if (!b->is_folder[i]) {
            char name[GL_CLI_URL_NAME_MAX + 1];
            const char *base =
                gl_is_url(root) ? gl_cli_url_name(root, name) : gl_cli_base_name(root);
            c.total += in_shard(b, base, gl_is_url(root) ? strlen(base) : gl_cli_stem_length(base));
            continue;
        }
        gl_walk w;
        gl_walk_start_quick(&w, root);
        for (char *rel; (rel = gl_walk_next(&w)); free(rel)) {
            c.out = enter_out(b, i, rel);
            gl_walk_read(&w, rel, count_entry, &c);
            leave_out(b, &c.out);
        }
        gl_walk_free(&w);
    }
    return c.total;
}

/* A hash of everything that changes an output's bytes besides the input:
 * the options, the --metadata overrides, -f, and the writer. An option that
 * shapes output must be added here, or a changed value would not redo the
 * files it changes. */
uint64_t gl_batch_options_hash(const batch *b, const gl_writer_entry *w) {
    const gl_options *o = b->cfg->opt;
    const gl_cli_args *a = b->args;
    gl_buf s;
    gl_buf_init(&s, NULL, 0);
    gl_buf_printf(&s, "writer=%s\nfrom=%s\nwidth=%u\nlinks=%d\nbody_only=%d\npaper=%d\n", w->name,
                  a->from ? a->from->name : "", o->width, (int)o->links, (int)o->body_only,
                  (int)o->paper);
    gl_buf_printf(&s, "ascii=%d\ncrlf=%d\nragged=%d\nmargin=%.3f\npage=%.3fx%.3f\nwhole=%d\n",
                  (int)o->ascii, (int)o->crlf, (int)o->ragged, o->margin, o->paper_width,
                  o->paper_height, (int)o->whole_page);
    gl_buf_printf(&s, "no_smart=%d\n", (int)o->no_smart);
    gl_buf_printf(&s, "strict=%d\nmax_input=%zu\nmax_depth=%zu\nmax_nodes=%zu\nsde=%lld\nbase=%s\n",
                  (int)o->strict, o->max_input, o->max_depth, o->max_nodes, o->source_date_epoch,
                  o->base_url ? o->base_url : "");
    gl_buf_printf(&s, "columns=%zu\npixels=%zu\nmemory=%zu\nfont=%.3f %s\nnow=%lld\n",
                  o->max_table_columns, o->max_image_pixels, o->max_memory, o->font_size,
                  o->font_family ? o->font_family : "", o->now);
    for (size_t i = 0; i < a->meta_count; i++)
        gl_buf_printf(&s, "meta %d=%s\n", (int)a->meta[i].field, a->meta[i].value);
    if (s.status != GL_OK)
        gl_cli_out_of_memory();
    uint64_t h = gl_hash_bytes(GL_HASH_INIT, s.data, s.len);
    gl_buf_free(&s);
    return h;
}

/* ---- handing out ---- */

bool gl_batch_plan_done(const batch *b) {
    if (b->held || b->waiting_count || (b->cur && b->cur->next < b->cur->count) ||
        (b->root && b->walk.count > 0))
        return false;
    if (b->args->files_from)
        return b->list_fd < 0;
    if (!b->files_planned)
        return false;
    for (size_t i = b->operand; i < b->args->input_count; i++)
        if (b->is_folder[i])
            return false;
    return true;
}

/* The formats of `it` whose outputs are missing or out of date. */
static unsigned formats_needed(batch *b, const item *it) {
    unsigned mask = 0;
    for (size_t i = 0; i < b->cfg->format_count; i++) {
        if (b->args->force || it->size < 0) {
            mask |= 1u << i;
            continue;
        }
        char *out = gl_batch_output_rel(it, b->cfg->formats[i]);
        gl_state_rec rec = {out,          gl_batch_name(it, it->rel), it->size,
                            it->mtime_ns, b->options_hash[i],         gl_version()};
        char *path = gl_cli_join(b->cfg->out_dir, out);
        struct stat st;
        if (!gl_state_matches(it->state, &rec) || lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
            mask |= 1u << i;
        free(path);
        free(out);
    }
    return mask;
}

item *gl_batch_next_job(batch *b, unsigned *mask) {
    if (b->held) {
        item *it = b->held;
        b->held = NULL;
        *mask = b->held_mask;
        return it;
    }
    for (;;) {
        group *g = b->cur;
        if (!g && !(g = b->cur = next_group(b)))
            return NULL;
        while (g->next < g->count) {
            item *it = &g->items[g->next++];
            if (it->error != GL_BATCH_NO_ERROR) {
                gl_batch_settle(b, it, 0, NULL, gl_batch_name(it, it->error), NULL, 0);
                continue;
            }
            *mask = formats_needed(b, it);
            if (*mask)
                return it;
            gl_batch_settle_unchanged(b, it);
        }
        b->cur = NULL;
        if (g->unsettled == 0)
            gl_batch_free_group(g);
    }
}

void gl_batch_hold(batch *b, item *it, unsigned mask) {
    b->held = it;
    b->held_mask = mask;
}
