/* Batch conversion into a folder; see batch.h for the design. */
/* d_type in struct dirent: counting ahead for the progress line then needs
 * no stat per file. */
#define _DEFAULT_SOURCE
#include "cli/batch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "cli/batch_state.h"
#include "util/atomic.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/escape.h"
#include "util/hash.h"
#include "util/utf8.h"

/* One message between the parent and a worker (SOCK_SEQPACKET keeps each
 * send one message): paths are at most PATH_MAX, so a job with every format
 * fits, and a reply's strings are cut to fit. */
#define MSG_MAX 65536
/* Longest title, byline or date a reply carries to the report. */
#define META_MAX 1024
/* How often the progress line is redrawn, in milliseconds. */
#define PROGRESS_MS 200
/* A --files-from list is planned this many entries at a time (the test hook
 * GALLEY_TEST_LIST_CHUNK sets another), read through a buffer this long;
 * a longer entry is no path and is skipped. */
#define LIST_CHUNK 1024
#define LIST_BUF 65536
#define LIST_ENTRY_MAX 65536

typedef enum item_status {
    ITEM_PENDING = 0,
    ITEM_CONVERTED,
    ITEM_UNCHANGED,
    ITEM_FAILED,
    ITEM_DUPLICATE /* listed again: dropped before the run */
} item_status;

typedef struct group group;

/* One input. Strings are offsets into its group's name pool, which may
 * move while the group is planned. */
typedef struct item {
    group *grp;
    size_t path;     /* what to open: "IN/sub/a.md" */
    size_t rel;      /* mirrored under OUT: "sub/a.md" */
    size_t stem_len; /* rel without its extension: "sub/a" */
    size_t error;    /* a failure found while planning (offset), or NO_ERROR */
    long long size, mtime_ns;
    bool special_ok; /* named on the command line: a pipe may be read */
    bool claims;     /* a list's entry that failed a clash in its chunk but still
                        claims the output, so a later chunk's entry fails too */
    gl_state *state; /* the records of its output folder (a reference), or NULL */
    item_status status;
} item;

/* Inputs planned together and freed together once all are settled: the
 * files of one folder of a walk, the files named on the command line, or a
 * chunk of a --files-from list. A run holds at most one group per worker
 * plus the one being handed out, so the parent's memory follows the
 * largest folder (or the chunk), not the number of files. */
struct group {
    char *pool; /* NUL-terminated names, addressed by offset */
    size_t pool_len, pool_cap;
    item *items;
    size_t count, cap;
    size_t next;      /* the first item not yet handed out */
    size_t unsettled; /* items not yet settled */
};

#define NO_ERROR SIZE_MAX

/* A worker process and the job it holds. */
typedef struct slot {
    pid_t pid;  /* 0: none running */
    int fd;     /* the parent's end of the socket pair */
    item *it;   /* the job */
    size_t job; /* its serial number, echoed by the reply */
    bool busy;
    unsigned formats; /* bit i: cfg->formats[i] is being written */
    double started;   /* monotonic seconds */
} slot;

/* What a worker says about one job. */
typedef struct reply {
    unsigned written; /* bit i: formats[i] committed */
    char err_file[4096];
    unsigned long err_line;
    char err_msg[1024];
    double ms;
    char title[META_MAX], byline[META_MAX], date[META_MAX];
} reply;

typedef struct batch {
    const gl_batch_config *cfg;
    const gl_cli_args *args;
    gl_options opt; /* the workers' copy: warnings through worker_warning */
    group *cur;     /* the group being handed out, or NULL */
    item *held;     /* an item taken but given back (no worker started) */
    unsigned held_mask;
    bool *is_folder;    /* per command-line operand */
    bool files_planned; /* the operands that are not folders */
    size_t operand;     /* the next folder operand to plan */
    const char *root;   /* the folder operand being walked, or NULL */
    size_t root_index;
    char **todo; /* its folders still to read (relative), the next one last */
    size_t todo_count, todo_cap;
    int list_fd;           /* the --files-from list while unread, else -1 */
    const char *list_name; /* as messages show it */
    const char *list_base; /* the folder its paths are relative to, or NULL */
    char *list_buf;        /* read ahead: [list_pos, list_len) unused */
    size_t list_pos, list_len;
    bool list_eof, list_failed;
    char *entry; /* the list entry being read */
    size_t entry_len, entry_cap;
    size_t list_chunk;
    size_t count;     /* inputs planned so far */
    size_t total;     /* counted before the run (on a terminal), else 0 */
    bool total_known; /* counted: the progress line shows it */
    size_t serial;    /* jobs handed out */
    bool have_out_id; /* out_dev/out_ino identify OUT, skipped when walking */
    dev_t out_dev;
    ino_t out_ino;
    uint64_t options_hash[GL_CLI_MAX_FORMATS];
    gl_state_store *state;
    slot *slots;
    size_t slot_count;
    size_t done, converted, unchanged, failed, recorded;
    double started, last_progress;
    bool progress; /* stderr is a terminal: draw the progress line */
    bool line_shown;
    gl_atomic_file report;
    bool have_report;
    gl_buf line;
    const char *crash_on, *hang_on; /* test hooks */
    unsigned long kill_after;
    pid_t parent;
    char last_dir[4096]; /* worker: the output folder made last */
} batch;

/* Set by SIGINT/SIGTERM. A signal handler can only talk through a static
 * flag; it is the CLI's own and only read by the parent loop. */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig) { interrupted = sig; }

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die_oom(void) {
    static const char msg[] = "galley: out of memory\n";
    (void)!write(STDERR_FILENO, msg, sizeof msg - 1);
    _exit(GL_EXIT_FAILED);
}

static void *xrealloc(void *p, size_t n) {
    p = realloc(p, n ? n : 1);
    if (!p)
        die_oom();
    return p;
}

/* ---- names ---- */

static size_t pool_add(group *g, const char *s, size_t len) {
    if (g->pool_len + len + 1 > g->pool_cap) {
        size_t cap = g->pool_cap ? g->pool_cap : 4096;
        while (g->pool_len + len + 1 > cap)
            cap *= 2;
        g->pool = xrealloc(g->pool, cap);
        g->pool_cap = cap;
    }
    size_t at = g->pool_len;
    memcpy(g->pool + at, s, len);
    g->pool[at + len] = '\0';
    g->pool_len += len + 1;
    return at;
}

static const char *name_at(const item *it, size_t off) { return it->grp->pool + off; }

/* "a" + "b" -> "a/b" into a malloc'd string (one slash). */
static char *join(const char *a, const char *b) {
    size_t la = strlen(a), lb = strlen(b);
    bool slash = la > 0 && a[la - 1] != '/' && lb > 0;
    char *p = xrealloc(NULL, la + slash + lb + 1);
    memcpy(p, a, la);
    if (slash)
        p[la] = '/';
    memcpy(p + la + slash, b, lb + 1);
    return p;
}

/* The output path of `stem` in format `w`: OUT/stem.ext (malloc'd). */
static char *output_path(const batch *b, const char *stem, size_t stem_len,
                         const gl_writer_entry *w) {
    size_t elen = strlen(w->extension);
    char *rel = xrealloc(NULL, stem_len + elen + 1);
    memcpy(rel, stem, stem_len);
    memcpy(rel + stem_len, w->extension, elen + 1);
    char *path = join(b->cfg->out_dir, rel);
    free(rel);
    return path;
}

static const char *base_name(const char *path) {
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* The length of `rel` without its extension (a leading dot is not one). */
static size_t stem_length(const char *rel) {
    const char *slash = strrchr(rel, '/');
    const char *base = slash ? slash + 1 : rel;
    const char *dot = strrchr(base, '.');
    return dot && dot != base ? (size_t)(dot - rel) : strlen(rel);
}

/* A name as messages show it: control characters and bytes that are not
 * UTF-8 are written as \n, \t or \xNN, so a file named with a newline
 * cannot forge a line of output. */
static const char *printable(const char *s, char *buf, size_t size) {
    size_t n = 0, len = strlen(s);
    for (size_t i = 0; i < len && n + 5 < size;) {
        int32_t cp;
        size_t k = gl_utf8_decode(s + i, len - i, &cp);
        if (cp < 0 || cp < 0x20 || cp == 0x7f) {
            unsigned char c = (unsigned char)s[i];
            if (c == '\n' || c == '\t')
                n += (size_t)snprintf(buf + n, size - n, "\\%c", c == '\n' ? 'n' : 't');
            else
                n += (size_t)snprintf(buf + n, size - n, "\\x%02X", c);
            i++;
            continue;
        }
        if (n + k + 1 >= size)
            break;
        memcpy(buf + n, s + i, k);
        n += k;
        i += k;
    }
    buf[n] = '\0';
    return buf;
}

/* ---- messages ---- */

static void clear_progress(batch *b) {
    if (b->line_shown)
        fputs("\r\033[K", stderr);
    b->line_shown = false;
}

static void say(batch *b, const char *file, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void say(batch *b, const char *file, unsigned long line, const char *fmt, ...) {
    char name[1024];
    clear_progress(b);
    va_list ap;
    va_start(ap, fmt);
    gl_cli_vsay(file && *file ? printable(file, name, sizeof name) : NULL, line, fmt, ap);
    va_end(ap);
}

/* In a worker, one line goes out in one write so lines of several workers
 * do not interleave; with the progress line shown, it first clears it. */
static void worker_say(const batch *b, const char *file, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void worker_say(const batch *b, const char *file, unsigned long line, const char *fmt, ...) {
    char text[2048], name[1024];
    size_t n = (size_t)snprintf(text, sizeof text, "%sgalley: ", b->progress ? "\r\033[K" : "");
    if (file && *file && n < sizeof text) {
        printable(file, name, sizeof name);
        n += (size_t)(line ? snprintf(text + n, sizeof text - n, "%s:%lu: ", name, line)
                           : snprintf(text + n, sizeof text - n, "%s: ", name));
    }
    if (n < sizeof text) {
        va_list ap;
        va_start(ap, fmt);
        n += (size_t)vsnprintf(text + n, sizeof text - n, fmt, ap);
        va_end(ap);
    }
    if (n >= sizeof text - 1)
        n = sizeof text - 2;
    text[n++] = '\n';
    (void)!write(STDERR_FILENO, text, n);
}

static void worker_warning(void *userdata, const char *file, unsigned long line,
                           const char *message) {
    worker_say(userdata, file, line, "warning: %s", message);
}

/* ---- planning ---- */

static group *new_group(void) {
    group *g = xrealloc(NULL, sizeof *g);
    memset(g, 0, sizeof *g);
    return g;
}

static void free_group(group *g) {
    if (!g)
        return;
    free(g->items);
    free(g->pool);
    free(g);
}

static item *add_item(group *g, const char *path, const char *rel) {
    if (g->count == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 64;
        g->items = xrealloc(g->items, g->cap * sizeof *g->items);
    }
    item *it = &g->items[g->count++];
    memset(it, 0, sizeof *it);
    it->grp = g;
    it->path = pool_add(g, path, strlen(path));
    it->rel = pool_add(g, rel, strlen(rel));
    it->stem_len = stem_length(rel);
    it->error = NO_ERROR;
    it->size = it->mtime_ns = -1;
    return it;
}

static void set_stat(item *it, const struct stat *st) {
    it->size = (long long)st->st_size;
    it->mtime_ns = (long long)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec;
}

static void fail_item(item *it, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fail_item(item *it, const char *fmt, ...) {
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    it->error = pool_add(it->grp, msg, strlen(msg));
}

static const char *file_kind(mode_t mode) {
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a regular file";
}

static int compare_names(const void *x, const void *y) {
    return strcmp(*(char *const *)x, *(char *const *)y);
}

typedef struct strlist {
    char **items;
    size_t count, cap;
} strlist;

static void strlist_push(strlist *l, char *s) {
    if (l->count == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->items = xrealloc(l->items, l->cap * sizeof *l->items);
    }
    l->items[l->count++] = s;
}

static void strlist_free(strlist *l) {
    for (size_t i = 0; i < l->count; i++)
        free(l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}

/* The sorted names in `dir` that are not hidden; false when it cannot be
 * read (errno says why). */
static bool list_folder(const char *dir, strlist *names) {
    DIR *d = opendir(dir);
    if (!d)
        return false;
    for (struct dirent *e; (e = readdir(d));)
        if (e->d_name[0] != '.')
            strlist_push(names, join(e->d_name, ""));
    closedir(d);
    if (names->count > 1)
        qsort(names->items, names->count, sizeof *names->items, compare_names);
    return true;
}

/* One entry of a folder being walked. Symbolic links to files are followed;
 * to folders they are not, so no link can make the walk loop. `subdirs`
 * NULL: a quiet look (for clashes with another operand) that ignores
 * subfolders and says nothing. */
static void visit(batch *b, group *g, const char *dir, const char *rel, const char *name,
                  strlist *subdirs) {
    char *path = join(dir, name);
    char *entry_rel = join(rel, name);
    struct stat st;
    const char *skipped = NULL;
    bool loud = false;
    if (lstat(path, &st) != 0) {
        if (subdirs)
            fail_item(add_item(g, path, entry_rel), "cannot read: %s", strerror(errno));
    } else if (S_ISDIR(st.st_mode)) {
        if (b->have_out_id && st.st_dev == b->out_dev && st.st_ino == b->out_ino)
            skipped = "the output folder";
        else if (subdirs)
            strlist_push(subdirs, join(entry_rel, ""));
    } else if (S_ISLNK(st.st_mode) && stat(path, &st) != 0) {
        skipped = errno == ELOOP ? "a symbolic link loop" : "a broken symbolic link";
    } else if (S_ISDIR(st.st_mode)) {
        skipped = "a symbolic link to a folder (not followed)";
    } else if (!gl_reader_by_path(path)) {
        skipped = "no reader claims its extension";
    } else if (!S_ISREG(st.st_mode)) {
        /* Reading a FIFO could block forever, a device could be endless. */
        skipped = file_kind(st.st_mode);
        loud = true;
    } else {
        set_stat(add_item(g, path, entry_rel), &st);
    }
    if (subdirs && skipped && (b->args->verbose || (loud && !b->args->quiet)))
        say(b, path, 0, "skipped: %s%s", skipped, loud ? ", not a regular file" : "");
    free(entry_rel);
    free(path);
}

/* The files of folder `rel` below `root` that a reader claims by
 * extension, hidden entries and OUT excepted, in sorted order. Its
 * subfolders go to `subdirs` (sorted) unless that is NULL. */
static group *read_folder(batch *b, const char *root, const char *rel, strlist *subdirs) {
    group *g = new_group();
    char *dir = join(root, rel);
    strlist names = {0};
    if (list_folder(dir, &names)) {
        for (size_t i = 0; i < names.count; i++)
            visit(b, g, dir, rel, names.items[i], subdirs);
    } else if (subdirs) {
        fail_item(add_item(g, dir, rel[0] ? rel : "."), "cannot read the folder: %s",
                  strerror(errno));
    }
    strlist_free(&names);
    free(dir);
    return g;
}

/* A --files-from entry as a relative path without "." and empty parts;
 * NULL (with the reason in *why) when it is absolute or climbs with "..",
 * since its mirror would then fall outside OUT. */
static char *normalize(const char *entry, const char **why) {
    if (entry[0] == '/') {
        *why = "an absolute path";
        return NULL;
    }
    size_t len = strlen(entry);
    char *out = xrealloc(NULL, len + 1);
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
    const char *why = NULL;
    char *rel = normalize(entry, &why);
    if (!rel) {
        fail_item(add_item(g, entry, entry),
                  "%s: its output would fall outside the output folder; list paths relative to "
                  "the input folder (find IN -printf '%%P\\0' does)",
                  why);
        return;
    }
    char *path = base ? join(base, rel) : join(rel, "");
    item *it = add_item(g, path, rel);
    struct stat st;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            fail_item(it, "is a folder: --files-from lists files");
        else if (!S_ISREG(st.st_mode))
            fail_item(it, "%s, not a regular file: not read", file_kind(st.st_mode));
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
            ssize_t n = b->list_eof ? 0 : read(b->list_fd, b->list_buf, LIST_BUF);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0) {
                say(b, b->list_name, 0, "cannot read the list: %s", strerror(errno));
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
            if (b->entry_len + take + 1 > b->entry_cap) {
                b->entry_cap = b->entry_len + take + 1 + 256;
                b->entry = xrealloc(b->entry, b->entry_cap);
            }
            memcpy(b->entry + b->entry_len, at, take);
            b->entry_len += take;
        }
        if (!hit)
            continue;
        if (too_long) {
            say(b, b->list_name, 0, "an entry is longer than %d bytes: skipped", LIST_ENTRY_MAX);
            too_long = false;
            b->entry_len = 0;
            continue;
        }
        if (b->entry_len > 0)
            break;
    }
    if (too_long) {
        say(b, b->list_name, 0, "an entry is longer than %d bytes: skipped", LIST_ENTRY_MAX);
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
            say(b, b->list_name, 0, "an entry holds a NUL byte: use -0 for NUL-separated lists");
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

/* How many inputs a list that can be read twice holds, for the progress
 * line; its entries are then read again from where they began. */
static size_t count_list(batch *b, off_t from) {
    size_t total = 0, len;
    for (const char *e; (e = next_entry(b, &len));) {
        if (strlen(e) != len)
            continue;
        const char *why;
        char *rel = normalize(e, &why);
        const char *r = rel ? rel : e;
        total += in_shard(b, r, stem_length(r));
        free(rel);
    }
    if (lseek(b->list_fd, from, SEEK_SET) != from) {
        say(b, b->list_name, 0, "cannot read the list again: %s", strerror(errno));
        b->list_failed = true;
        return 0;
    }
    b->list_pos = b->list_len = 0;
    b->list_eof = false;
    return total;
}

/* Keeps the items of --shard K/N. */
static void take_shard(batch *b, group *g) {
    size_t kept = 0;
    for (size_t i = 0; i < g->count; i++) {
        item *it = &g->items[i];
        if (in_shard(b, name_at(it, it->rel), it->stem_len))
            g->items[kept++] = *it;
    }
    g->count = kept;
}

typedef struct stem_ref {
    const char *stem;
    size_t len;
    size_t index;
} stem_ref;

static int compare_stems(const void *x, const void *y) {
    const stem_ref *a = x, *b = y;
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->stem, b->stem, n);
    if (c)
        return c;
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

/* The items of `g` planned without error, sorted by stem (*n of them). */
static stem_ref *sorted_stems(const group *g, size_t *n) {
    stem_ref *refs = xrealloc(NULL, g->count * sizeof *refs);
    *n = 0;
    for (size_t i = 0; i < g->count; i++)
        if (g->items[i].error == NO_ERROR)
            refs[(*n)++] =
                (stem_ref){name_at(&g->items[i], g->items[i].rel), g->items[i].stem_len, i};
    qsort(refs, *n, sizeof *refs, compare_stems);
    return refs;
}

static void fail_clash(const batch *b, item *it, const char *x_path, const char *y_path,
                       const char *how) {
    char x[1024], y[1024], z[1024];
    printable(x_path, x, sizeof x);
    printable(y_path, y, sizeof y);
    char *out = output_path(b, name_at(it, it->rel), it->stem_len, b->cfg->formats[0]);
    printable(out, z, sizeof z);
    free(out);
    fail_item(it, "'%s' and '%s' would both write '%s': %s; rename one", x, y, z, how);
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
        if (first->len != r->len || memcmp(first->stem, r->stem, r->len) != 0)
            continue;
        item *a = &g->items[first->index], *c = &g->items[r->index];
        const char *ap = name_at(a, a->path), *cp = name_at(c, c->path);
        if (strcmp(ap, cp) == 0) {
            c->status = ITEM_DUPLICATE;
            *r = *first; /* a third entry compares with the first */
            continue;
        }
        if (a->error == NO_ERROR) {
            fail_clash(b, a, ap, cp, "neither is converted");
            a->claims = true;
        }
        fail_clash(b, c, ap, cp, "neither is converted");
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
            group *f = read_folder(b, in, rel, NULL);
            for (size_t i = 0; i < f->count; i++)
                add_item(seen, name_at(&f->items[i], f->items[i].path),
                         name_at(&f->items[i], f->items[i].rel));
            free_group(f);
        } else if (!b->is_folder[j] && !rel[0]) {
            add_item(seen, in, base_name(in));
        }
    }
    size_t n;
    stem_ref *refs = sorted_stems(seen, &n);
    for (size_t i = 0; i < g->count; i++) {
        item *it = &g->items[i];
        if (it->status == ITEM_DUPLICATE)
            continue;
        stem_ref key = {name_at(it, it->rel), it->stem_len, 0};
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
        if (lo == n || refs[lo].len != key.len || memcmp(refs[lo].stem, key.stem, key.len) != 0)
            continue;
        const stem_ref *hit = &refs[lo];
        const item *other = &seen->items[hit->index];
        const char *op = name_at(other, other->path), *ip = name_at(it, it->path);
        if (strcmp(op, ip) == 0)
            it->status = ITEM_DUPLICATE;
        else if (it->error == NO_ERROR)
            fail_clash(b, it, op, ip, "the second is not converted");
    }
    free(refs);
    free_group(seen);
}

/* The relative folder of `rel`'s output ("" for OUT itself), malloc'd. */
static char *folder_of(const char *rel) {
    const char *slash = strrchr(rel, '/');
    size_t n = slash ? (size_t)(slash - rel) : 0;
    char *dir = xrealloc(NULL, n + 1);
    memcpy(dir, rel, n);
    dir[n] = '\0';
    return dir;
}

/* Whether a list entry planned in an earlier chunk claimed the output of
 * `it` (whose state is taken): the same path is a duplicate (true: it is
 * dropped), another one a clash, which `it` fails naming both. Else `it`
 * claims it. */
static bool claimed_before(batch *b, item *it) {
    const gl_writer_entry *w = b->cfg->formats[0];
    size_t elen = strlen(w->extension);
    char *out = xrealloc(NULL, it->stem_len + elen + 1);
    memcpy(out, name_at(it, it->rel), it->stem_len);
    memcpy(out + it->stem_len, w->extension, elen + 1);
    const char *other = NULL;
    gl_state_claim_result r = gl_state_claim(it->state, out, name_at(it, it->rel), &other);
    free(out);
    if (r == GL_CLAIM_ERROR) {
        fail_item(it, "out of memory claiming its output");
    } else if (r == GL_CLAIM_OTHER) {
        char *op = b->list_base ? join(b->list_base, other) : join(other, "");
        fail_clash(b, it, op, name_at(it, it->path), "the second is not converted");
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
    find_conflicts(b, g);
    if (operand != SIZE_MAX && b->args->input_count > 1)
        find_clashes_before(b, g, operand, rel);
    size_t kept = 0;
    for (size_t i = 0; i < g->count; i++) {
        if (g->items[i].status == ITEM_DUPLICATE)
            continue;
        item *it = &g->items[kept];
        *it = g->items[i];
        if (it->error == NO_ERROR || (it->claims && b->args->files_from)) {
            char *dir = folder_of(name_at(it, it->rel));
            char msg[1024];
            if (!(it->state = gl_state_get(b->state, dir, msg, sizeof msg)))
                fail_item(it, "%s", msg);
            free(dir);
        }
        if (it->state && b->args->files_from && claimed_before(b, it)) {
            char msg[1024];
            if (!gl_state_release(b->state, it->state, msg, sizeof msg))
                say(b, NULL, 0, "%s", msg);
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
        item *it = add_item(g, in, base_name(in));
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
        if (b->root && b->todo_count > 0) {
            char *rel = b->todo[--b->todo_count];
            strlist subdirs = {0};
            group *g = read_folder(b, b->root, rel, &subdirs);
            /* Subfolders after the files, first one next. */
            for (size_t i = subdirs.count; i-- > 0;) {
                if (b->todo_count == b->todo_cap) {
                    b->todo_cap = b->todo_cap ? b->todo_cap * 2 : 64;
                    b->todo = xrealloc(b->todo, b->todo_cap * sizeof *b->todo);
                }
                b->todo[b->todo_count++] = subdirs.items[i];
            }
            subdirs.count = 0;
            strlist_free(&subdirs);
            finish_group(b, g, b->root_index, rel);
            free(rel);
            if (g->count > 0)
                return g;
            free_group(g);
            continue;
        }
        b->root = NULL;
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
            free_group(g);
            continue;
        }
        if (!b->files_planned) {
            b->files_planned = true;
            group *g = plan_files(b);
            if (g->count > 0)
                return g;
            free_group(g);
        }
        while (b->operand < a->input_count && !b->is_folder[b->operand])
            b->operand++;
        if (b->operand >= a->input_count)
            return NULL;
        b->root_index = b->operand++;
        b->root = a->inputs[b->root_index];
        if (!b->todo_cap) {
            b->todo_cap = 64;
            b->todo = xrealloc(NULL, b->todo_cap * sizeof *b->todo);
        }
        b->todo[b->todo_count++] = join("", "");
    }
}

/* How many inputs the run will have, for the progress line: the walk's
 * folders are read ahead once (names only; a file's kind is asked only
 * when the folder entry does not say). Folders are pending on a stack, so
 * memory again follows the depth and the widest folder. */
static size_t count_inputs(const batch *b) {
    size_t total = 0;
    strlist todo = {0};
    for (size_t i = 0; i < b->args->input_count; i++) {
        const char *root = b->args->inputs[i];
        struct stat st;
        if (!b->is_folder[i]) {
            total += in_shard(b, base_name(root), stem_length(base_name(root)));
            continue;
        }
        strlist_push(&todo, join("", ""));
        while (todo.count > 0) {
            char *rel = todo.items[--todo.count];
            char *dir = join(root, rel);
            DIR *d = opendir(dir);
            for (struct dirent *e; d && (e = readdir(d));) {
                if (e->d_name[0] == '.')
                    continue;
                char *path = join(dir, e->d_name);
                bool is_dir = e->d_type == DT_DIR, skip = false;
                if (is_dir || e->d_type == DT_UNKNOWN) {
                    is_dir = lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
                    skip = is_dir && b->have_out_id && st.st_dev == b->out_dev &&
                           st.st_ino == b->out_ino;
                }
                char *entry_rel = join(rel, e->d_name);
                if (is_dir && !skip) {
                    strlist_push(&todo, entry_rel);
                } else {
                    if (!is_dir && gl_reader_by_path(path))
                        total += in_shard(b, entry_rel, stem_length(entry_rel));
                    free(entry_rel);
                }
                free(path);
            }
            if (d)
                closedir(d);
            free(dir);
            free(rel);
        }
    }
    strlist_free(&todo);
    return total;
}

/* A hash of everything that changes an output's bytes besides the input:
 * the options, the --metadata overrides, -f, and the writer. An option that
 * shapes output must be added here, or a changed value would not redo the
 * files it changes. */
static uint64_t options_hash(const batch *b, const gl_writer_entry *w) {
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
    for (size_t i = 0; i < a->meta_count; i++)
        gl_buf_printf(&s, "meta %d=%s\n", (int)a->meta[i].field, a->meta[i].value);
    if (s.status != GL_OK)
        die_oom();
    uint64_t h = gl_hash_bytes(GL_HASH_INIT, s.data, s.len);
    gl_buf_free(&s);
    return h;
}

/* ---- the worker ---- */

/* mkdir -p of `dir` (below OUT, which exists): each part must be a real
 * folder; a symbolic link there could carry outputs outside OUT. */
static bool make_out_dirs(batch *b, const char *dir, char *msg, size_t size) {
    if (strcmp(dir, b->last_dir) == 0)
        return true;
    /* `dir` starts with OUT (its trailing slashes aside), which exists. */
    size_t base = strlen(b->cfg->out_dir);
    while (base > 1 && b->cfg->out_dir[base - 1] == '/')
        base--;
    char *p = join(dir, "");
    if (base > strlen(p))
        base = strlen(p);
    bool ok = true;
    for (char *s = p + base;; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char saved = *s;
        *s = '\0';
        struct stat st;
        if (s > p + base && mkdir(p, 0777) != 0) {
            if (errno != EEXIST || lstat(p, &st) != 0) {
                snprintf(msg, size, "cannot create the folder '%s': %s", p, strerror(errno));
                ok = false;
            } else if (S_ISLNK(st.st_mode)) {
                snprintf(msg, size,
                         "'%s' is a symbolic link: refusing to write through it, outside the "
                         "output folder",
                         p);
                ok = false;
            } else if (!S_ISDIR(st.st_mode)) {
                snprintf(msg, size, "cannot create the folder '%s': Not a directory", p);
                ok = false;
            }
        }
        *s = saved;
        if (!ok || saved == '\0')
            break;
    }
    free(p);
    if (ok && strlen(dir) < sizeof b->last_dir)
        memcpy(b->last_dir, dir, strlen(dir) + 1);
    return ok;
}

/* Reads `path` whole under --max-input. `special_ok`: a pipe named on the
 * command line may be read; anything else must be a regular file. */
static bool read_file(const batch *b, const char *path, bool special_ok, struct stat *st,
                      char **out, size_t *out_len, char *msg, size_t size) {
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | (special_ok ? 0 : O_NONBLOCK));
    if (fd < 0) {
        snprintf(msg, size, "cannot read: %s", strerror(errno));
        return false;
    }
    size_t max = b->opt.max_input;
    bool ok = fstat(fd, st) == 0;
    if (!ok)
        snprintf(msg, size, "cannot read: %s", strerror(errno));
    else if (S_ISDIR(st->st_mode))
        ok = !snprintf(msg, size, "is a folder");
    else if (!S_ISREG(st->st_mode) && !special_ok)
        ok = !snprintf(msg, size, "%s, not a regular file: not read", file_kind(st->st_mode));
    else if (S_ISREG(st->st_mode) && (unsigned long long)st->st_size > max)
        ok = !snprintf(msg, size, "input is %lld bytes, over the limit of %zu bytes (--max-input)",
                       (long long)st->st_size, max);
    size_t cap = ok && S_ISREG(st->st_mode) ? (size_t)st->st_size + 1 : 65536, len = 0;
    char *data = ok ? xrealloc(NULL, cap) : NULL;
    while (ok) {
        if (len == cap) {
            cap = cap > max / 2 ? max + 1 : cap * 2;
            data = xrealloc(data, cap);
        }
        ssize_t n = read(fd, data + len, cap - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            ok = !snprintf(msg, size, "cannot read: %s", strerror(errno));
        } else if (n == 0) {
            break;
        } else if ((len += (size_t)n) > max) {
            ok = !snprintf(msg, size, "input is over the limit of %zu bytes (--max-input)", max);
        }
    }
    close(fd);
    if (!ok) {
        free(data);
        return false;
    }
    *out = data;
    *out_len = len;
    return true;
}

/* The test hooks: a crash and a hang on a named input. */
static void test_hooks(const batch *b, const char *path) {
    if (b->crash_on && strcmp(base_name(path), b->crash_on) == 0) {
        struct rlimit none = {0, 0};
        setrlimit(RLIMIT_CORE, &none);
        signal(SIGSEGV, SIG_DFL); /* past a sanitizer's handler: a real crash */
        raise(SIGSEGV);
    }
    if (b->hang_on && strcmp(base_name(path), b->hang_on) == 0)
        for (;;)
            pause();
}

static void copy_meta(char *dst, const gl_doc *doc, gl_meta_field f) {
    const char *v = gl_doc_meta(doc, f);
    size_t n = v ? strlen(v) : 0;
    if (n >= META_MAX) {
        n = META_MAX - 1;
        while (n > 0 && ((unsigned char)v[n] & 0xC0) == 0x80)
            n--; /* cut before a continuation byte: the rest stays UTF-8 */
    }
    if (v)
        memcpy(dst, v, n);
    dst[n] = '\0';
}

static void set_error(reply *r, const char *file, unsigned long line, const char *msg) {
    if (r->err_msg[0])
        return;
    snprintf(r->err_file, sizeof r->err_file, "%s", file);
    r->err_line = line;
    snprintf(r->err_msg, sizeof r->err_msg, "%s", msg);
}

/* The test hook GALLEY_TEST_FAIL_WRITE_AFTER=N: an output takes N bytes,
 * then refuses, as a full disk would. */
typedef struct refusing_sink {
    gl_sink inner;
    size_t left;
    bool failed;
} refusing_sink;

static gl_status refusing_write(void *userdata, const char *bytes, size_t len) {
    refusing_sink *f = userdata;
    if (len <= f->left) {
        f->left -= len;
        return f->inner.write(f->inner.userdata, bytes, len);
    }
    f->failed = true;
    return GL_EIO;
}

/* Writes `doc` as format `w` to `dest` through a temporary file. */
static bool write_one(batch *b, const gl_doc *doc, const gl_writer_entry *w, const char *name,
                      const char *dest, const struct stat *in_st, reply *r) {
    char msg[1024];
    struct stat st;
    if (S_ISREG(in_st->st_mode) && stat(dest, &st) == 0 && st.st_dev == in_st->st_dev &&
        st.st_ino == in_st->st_ino) {
        snprintf(msg, sizeof msg, "refusing to overwrite the input with its own output '%s'", dest);
        set_error(r, name, 0, msg);
        return false;
    }
    char *dir = xrealloc(NULL, strlen(dest) + 1);
    memcpy(dir, dest, strlen(dest) + 1);
    *strrchr(dir, '/') = '\0';
    bool ok = make_out_dirs(b, dir, msg, sizeof msg);
    free(dir);
    if (!ok) {
        set_error(r, name, 0, msg);
        return false;
    }
    gl_atomic_file af;
    gl_error err;
    gl_error_init(&err, name);
    if (gl_atomic_open_replace(&af, dest, b->cfg->file_mode, NULL, &err) != GL_OK) {
        set_error(r, name, 0, err.message);
        return false;
    }
    gl_sink sink = gl_atomic_sink(&af);
    refusing_sink hook = {sink, b->args->fail_write_after, false};
    if (b->args->fail_write)
        sink = (gl_sink){refusing_write, &hook};
    if (gl_write(w, doc, &sink, &b->opt, &err) != GL_OK) {
        const gl_error *we = gl_atomic_write_error(&af);
        if (we->status != GL_OK)
            set_error(r, name, 0, we->message);
        else if (hook.failed)
            set_error(r, name, 0, "cannot write: refused by GALLEY_TEST_FAIL_WRITE_AFTER");
        else
            set_error(r, err.file[0] ? err.file : name, err.line,
                      err.message[0] ? err.message : gl_status_text(err.status));
        gl_atomic_abort(&af);
        return false;
    }
    if (gl_atomic_commit(&af, &err) != GL_OK) {
        set_error(r, name, 0, err.message);
        return false;
    }
    return true;
}

/* Converts one input into the formats in `mask`. */
static void convert(batch *b, const char *path, const char *stem, bool special_ok, unsigned mask,
                    reply *r) {
    memset(r, 0, sizeof *r);
    double t0 = now_s();
    test_hooks(b, path);
    char msg[1024];
    struct stat st;
    char *data = NULL;
    size_t len = 0;
    if (!read_file(b, path, special_ok, &st, &data, &len, msg, sizeof msg)) {
        set_error(r, path, 0, msg);
        return;
    }
    const gl_reader_entry *reader = b->args->from;
    const char *how = "-f";
    if (!reader && (reader = gl_reader_by_path(path)))
        how = "by extension";
    if (!reader) {
        reader = gl_reader_sniff(data, len);
        how = "by content";
    }
    if (b->args->verbose)
        worker_say(b, path, 0, "reading as %s (%s), %zu bytes", reader->name, how, len);
    gl_input in = {path, path, data, len};
    gl_error err;
    gl_error_init(&err, path);
    gl_doc *doc = NULL;
    gl_status s = gl_read(&doc, &in, reader, &b->opt, &err);
    free(data);
    if (s == GL_OK)
        s = gl_cli_apply_metadata(doc, b->args, &err);
    if (s != GL_OK) {
        set_error(r, err.file[0] ? err.file : path, err.line,
                  err.message[0] ? err.message : gl_status_text(s));
        gl_doc_free(doc);
        return;
    }
    copy_meta(r->title, doc, GL_META_TITLE);
    copy_meta(r->byline, doc, GL_META_BYLINE);
    copy_meta(r->date, doc, GL_META_DATE);
    /* Writers that embed local files (EPUB images) look beside the input. */
    b->opt.source_path = path;
    for (size_t i = 0; i < b->cfg->format_count; i++) {
        if (!(mask & (1u << i)))
            continue;
        const gl_writer_entry *w = b->cfg->formats[i];
        char *dest = output_path(b, stem, strlen(stem), w);
        if (write_one(b, doc, w, path, dest, &st, r)) {
            r->written |= 1u << i;
            if (b->args->verbose)
                worker_say(b, path, 0, "wrote %s as %s", dest, w->name);
        }
        free(dest);
    }
    b->opt.source_path = NULL;
    gl_doc_free(doc);
    r->ms = (now_s() - t0) * 1e3;
}

/* Message fields are NUL-terminated strings, one after another. */
typedef struct packer {
    char *buf;
    size_t len;
    bool full;
} packer;

static void pack(packer *p, const char *s) {
    size_t n = strlen(s) + 1;
    if (p->len + n > MSG_MAX) {
        p->full = true;
        return;
    }
    memcpy(p->buf + p->len, s, n);
    p->len += n;
}

static void packf(packer *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void packf(packer *p, const char *fmt, ...) {
    char tmp[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    pack(p, tmp);
}

/* The next field of a received message, or NULL past its end. */
static const char *unpack(const char *buf, size_t len, size_t *at) {
    if (*at >= len)
        return NULL;
    const char *s = buf + *at;
    const char *nul = memchr(s, '\0', len - *at);
    if (!nul)
        return NULL;
    *at = (size_t)(nul - buf) + 1;
    return s;
}

/* A worker's life: take a job, convert, answer; exit when the parent
 * closes the socket. Never returns. */
static void worker_main(batch *b, int fd) {
    /* Ctrl-C reaches the whole process group: the parent decides, and
     * removes what was in flight. */
    signal(SIGINT, SIG_IGN);
    signal(SIGTERM, SIG_DFL);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != b->parent)
        _exit(0);
    b->opt.warn = b->args->quiet ? NULL : worker_warning;
    b->opt.warn_userdata = b;
    b->last_dir[0] = '\0';
    char *in = xrealloc(NULL, MSG_MAX), *out = xrealloc(NULL, MSG_MAX);
    reply r;
    for (;;) {
        ssize_t n = recv(fd, in, MSG_MAX, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            _exit(0);
        size_t at = 0;
        const char *id = unpack(in, (size_t)n, &at);
        const char *path = unpack(in, (size_t)n, &at);
        const char *stem = unpack(in, (size_t)n, &at);
        const char *special = unpack(in, (size_t)n, &at);
        const char *mask = unpack(in, (size_t)n, &at);
        if (!mask)
            _exit(GL_EXIT_FAILED);
        convert(b, path, stem, special[0] == '1', (unsigned)strtoul(mask, NULL, 10), &r);
        packer p = {out, 0, false};
        pack(&p, id);
        packf(&p, "%u", r.written);
        pack(&p, r.err_file);
        packf(&p, "%lu", r.err_line);
        pack(&p, r.err_msg);
        packf(&p, "%.3f", r.ms);
        pack(&p, r.title);
        pack(&p, r.byline);
        pack(&p, r.date);
        if (send(fd, out, p.len, MSG_NOSIGNAL) < 0)
            _exit(0);
    }
}

/* ---- the parent ---- */

static bool spawn(batch *b, slot *s) {
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
        say(b, NULL, 0, "cannot start a worker: %s", strerror(errno));
        return false;
    }
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        say(b, NULL, 0, "cannot start a worker: %s", strerror(errno));
        close(sv[0]);
        close(sv[1]);
        return false;
    }
    if (pid == 0) {
        /* The other workers' sockets must close with the parent alone, or
         * their death would go unseen. */
        for (size_t i = 0; i < b->slot_count; i++)
            if (b->slots[i].pid)
                close(b->slots[i].fd);
        close(sv[0]);
        if (b->list_fd > STDIN_FILENO)
            close(b->list_fd);
        worker_main(b, sv[1]);
    }
    close(sv[1]);
    s->pid = pid;
    s->fd = sv[0];
    s->busy = false;
    return true;
}

/* Removes what a worker that died or was killed left in flight. */
static void remove_temporaries(batch *b, const slot *s) {
    const item *it = s->it;
    for (size_t i = 0; i < b->cfg->format_count; i++) {
        if (!(s->formats & (1u << i)))
            continue;
        char *dest = output_path(b, name_at(it, it->rel), it->stem_len, b->cfg->formats[i]);
        char tmp[8192];
        if (gl_atomic_replace_tmp(tmp, sizeof tmp, dest))
            unlink(tmp);
        free(dest);
    }
}

static void report_line(batch *b, const item *it, unsigned written, const reply *r,
                        const char *status, const char *error) {
    if (!b->have_report)
        return;
    gl_buf *l = &b->line;
    gl_buf_clear(l);
    const char *path = name_at(it, it->path);
    gl_buf_puts(l, "{\"input\":");
    gl_escape_json(l, path, strlen(path));
    gl_buf_puts(l, ",\"outputs\":[");
    bool first = true;
    for (size_t i = 0; i < b->cfg->format_count; i++) {
        if (!(written & (1u << i)))
            continue;
        char *dest = output_path(b, name_at(it, it->rel), it->stem_len, b->cfg->formats[i]);
        if (!first)
            gl_buf_putc(l, ',');
        gl_escape_json(l, dest, strlen(dest));
        free(dest);
        first = false;
    }
    gl_buf_printf(l, "],\"status\":\"%s\",\"error\":", status);
    if (error)
        gl_escape_json(l, error, strlen(error));
    else
        gl_buf_puts(l, "null");
    gl_buf_printf(l, ",\"milliseconds\":%.1f", r ? r->ms : 0.0);
    const char *keys[] = {"title", "byline", "date"};
    const char *vals[] = {r ? r->title : "", r ? r->byline : "", r ? r->date : ""};
    for (size_t i = 0; i < 3; i++) {
        gl_buf_printf(l, ",\"%s\":", keys[i]);
        if (vals[i][0])
            gl_escape_json(l, vals[i], strlen(vals[i]));
        else
            gl_buf_puts(l, "null");
    }
    gl_buf_puts(l, "}\n");
    if (l->status != GL_OK)
        die_oom();
    gl_atomic_write(&b->report, l->data, l->len);
}

/* The end of a settled item: its state reference goes (the last one
 * rewrites the folder's state file), and its group once all of the group's
 * items are settled and none is left to hand out. */
static void let_go(batch *b, item *it) {
    group *g = it->grp;
    if (it->state) {
        char msg[1024];
        if (!gl_state_release(b->state, it->state, msg, sizeof msg))
            say(b, NULL, 0, "%s", msg);
        it->state = NULL;
    }
    if (--g->unsettled == 0 && g != b->cur)
        free_group(g);
}

/* Records a settled item: the state, the report, the counts, the message. */
static void settle(batch *b, item *it, unsigned written, const reply *r, const char *error,
                   const char *err_file, unsigned long err_line) {
    char msg[1024];
    for (size_t i = 0; i < b->cfg->format_count; i++) {
        if (!(written & (1u << i)))
            continue;
        const gl_writer_entry *w = b->cfg->formats[i];
        size_t elen = strlen(w->extension);
        char *out = xrealloc(NULL, it->stem_len + elen + 1);
        memcpy(out, name_at(it, it->rel), it->stem_len);
        memcpy(out + it->stem_len, w->extension, elen + 1);
        gl_state_rec rec = {out,          name_at(it, it->rel), it->size,
                            it->mtime_ns, b->options_hash[i],   gl_version()};
        if (it->size >= 0 && it->state && !gl_state_record(it->state, &rec, msg, sizeof msg))
            say(b, NULL, 0, "%s", msg);
        free(out);
    }
    b->done++;
    const char *status;
    if (error) {
        it->status = ITEM_FAILED;
        b->failed++;
        status = "failed";
        say(b, err_file && *err_file ? err_file : name_at(it, it->path), err_line, "%s", error);
    } else {
        it->status = ITEM_CONVERTED;
        b->converted++;
        status = "converted";
    }
    char full[1100];
    if (error && err_line)
        snprintf(full, sizeof full, "line %lu: %s", err_line, error);
    report_line(b, it, written, r, status, error ? (err_line ? full : error) : NULL);
    if (!error && b->kill_after && ++b->recorded >= b->kill_after)
        raise(SIGKILL);
    let_go(b, it);
}

/* The formats of `it` whose outputs are missing or out of date. */
static unsigned formats_needed(batch *b, const item *it) {
    unsigned mask = 0;
    for (size_t i = 0; i < b->cfg->format_count; i++) {
        if (b->args->force || it->size < 0) {
            mask |= 1u << i;
            continue;
        }
        const gl_writer_entry *w = b->cfg->formats[i];
        size_t elen = strlen(w->extension);
        char *out = xrealloc(NULL, it->stem_len + elen + 1);
        memcpy(out, name_at(it, it->rel), it->stem_len);
        memcpy(out + it->stem_len, w->extension, elen + 1);
        gl_state_rec rec = {out,          name_at(it, it->rel), it->size,
                            it->mtime_ns, b->options_hash[i],   gl_version()};
        char *path = join(b->cfg->out_dir, out);
        struct stat st;
        if (!gl_state_matches(it->state, &rec) || lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
            mask |= 1u << i;
        free(path);
        free(out);
    }
    return mask;
}

/* The next item that needs a worker, settling on the way those that do
 * not (failed while planning, up to date), and planning the next group
 * when one is used up. NULL: none left. */
static item *next_job(batch *b, unsigned *mask) {
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
            if (it->error != NO_ERROR) {
                settle(b, it, 0, NULL, name_at(it, it->error), NULL, 0);
                continue;
            }
            *mask = formats_needed(b, it);
            if (*mask)
                return it;
            it->status = ITEM_UNCHANGED;
            b->unchanged++;
            b->done++;
            report_line(b, it, 0, NULL, "unchanged", NULL);
            let_go(b, it);
        }
        b->cur = NULL;
        if (g->unsettled == 0)
            free_group(g);
    }
}

/* Gives back an item next_job handed out: it comes out first next time. */
static void hold(batch *b, item *it, unsigned mask) {
    b->held = it;
    b->held_mask = mask;
}

static bool send_job(batch *b, slot *s, item *it, unsigned mask) {
    char buf[MSG_MAX];
    packer p = {buf, 0, false};
    char stem[8192];
    if (it->stem_len >= sizeof stem)
        return false;
    memcpy(stem, name_at(it, it->rel), it->stem_len);
    stem[it->stem_len] = '\0';
    size_t job = ++b->serial;
    packf(&p, "%zu", job);
    pack(&p, name_at(it, it->path));
    pack(&p, stem);
    pack(&p, it->special_ok ? "1" : "0");
    packf(&p, "%u", mask);
    if (p.full || send(s->fd, buf, p.len, MSG_NOSIGNAL) < 0)
        return false;
    s->busy = true;
    s->it = it;
    s->job = job;
    s->formats = mask;
    s->started = now_s();
    return true;
}

/* Ends a worker that died or must die, and fails its job with `why`. */
static void lose_worker(batch *b, slot *s, bool kill_it, const char *why) {
    int ws = 0;
    if (kill_it)
        kill(s->pid, SIGKILL);
    close(s->fd);
    while (waitpid(s->pid, &ws, 0) < 0 && errno == EINTR)
        ;
    s->pid = 0;
    if (!s->busy)
        return;
    s->busy = false;
    remove_temporaries(b, s);
    char msg[256];
    if (why)
        snprintf(msg, sizeof msg, "%s", why);
    else if (WIFSIGNALED(ws))
        snprintf(msg, sizeof msg,
                 "the worker converting this file crashed (signal %d, %s); the others go on",
                 WTERMSIG(ws), strsignal(WTERMSIG(ws)));
    else
        snprintf(msg, sizeof msg,
                 "the worker converting this file ended unexpectedly (exit status %d)",
                 WIFEXITED(ws) ? WEXITSTATUS(ws) : -1);
    settle(b, s->it, 0, NULL, msg, NULL, 0);
}

static void receive(batch *b, slot *s) {
    char buf[MSG_MAX];
    ssize_t n = recv(s->fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (n <= 0) {
        lose_worker(b, s, false, NULL);
        return;
    }
    reply r;
    memset(&r, 0, sizeof r);
    size_t at = 0;
    const char *f[9];
    for (size_t i = 0; i < 9; i++)
        f[i] = unpack(buf, (size_t)n, &at);
    if (!f[8] || strtoull(f[0], NULL, 10) != s->job) {
        lose_worker(b, s, true, "the worker sent a garbled reply");
        return;
    }
    r.written = (unsigned)strtoul(f[1], NULL, 10);
    r.ms = strtod(f[5], NULL);
    snprintf(r.title, sizeof r.title, "%s", f[6]);
    snprintf(r.byline, sizeof r.byline, "%s", f[7]);
    snprintf(r.date, sizeof r.date, "%s", f[8]);
    s->busy = false;
    settle(b, s->it, r.written, &r, f[4][0] ? f[4] : NULL, f[2], strtoul(f[3], NULL, 10));
}

static void format_duration(char *buf, size_t size, double s) {
    unsigned long t = (unsigned long)(s + 0.5);
    if (t >= 3600)
        snprintf(buf, size, "%lu:%02lu:%02lu", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(buf, size, "%lu:%02lu", t / 60, t % 60);
}

static void show_progress(batch *b, bool force) {
    if (!b->progress)
        return;
    double now = now_s();
    if (!force && (now - b->last_progress) * 1e3 < PROGRESS_MS)
        return;
    b->last_progress = now;
    double elapsed = now - b->started;
    double rate = elapsed > 0 ? (double)b->done / elapsed : 0;
    if (!b->total_known) {
        /* A list on standard input cannot be counted ahead. */
        fprintf(stderr, "\r\033[Kgalley: %zu files, %.1f files/s, %zu failed", b->done, rate,
                b->failed);
        fflush(stderr);
        b->line_shown = true;
        return;
    }
    /* The count ahead may miss files made since; never show fewer than seen. */
    size_t total = b->total > b->count ? b->total : b->count;
    char eta[32] = "-";
    if (rate > 0)
        format_duration(eta, sizeof eta, (double)(total - b->done) / rate);
    fprintf(stderr, "\r\033[Kgalley: %zu/%zu files, %.1f files/s, ETA %s, %zu failed", b->done,
            total, rate, eta, b->failed);
    fflush(stderr);
    b->line_shown = true;
}

/* Hands out jobs and collects answers until every item is settled. */
static void dispatch(batch *b) {
    unsigned jobs = b->args->jobs;
    if (!jobs) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = cores > 0 ? (unsigned)cores : 1;
    }
    b->slot_count = jobs;
    b->slots = xrealloc(NULL, jobs * sizeof *b->slots);
    memset(b->slots, 0, jobs * sizeof *b->slots);
    struct pollfd *fds = xrealloc(NULL, jobs * sizeof *fds);
    size_t *which = xrealloc(NULL, jobs * sizeof *which);
    bool exhausted = false;
    unsigned spawn_failures = 0;
    for (;;) {
        /* Workers start when there is work for them: a run where all is up
         * to date forks none. */
        for (size_t i = 0; i < b->slot_count && !exhausted && !interrupted; i++) {
            slot *s = &b->slots[i];
            if (s->pid && s->busy)
                continue;
            unsigned mask = 0;
            item *job = next_job(b, &mask);
            if (!job) {
                exhausted = true;
                break;
            }
            if (!s->pid && !spawn(b, s)) {
                hold(b, job, mask);
                if (++spawn_failures > 3 * b->slot_count) {
                    exhausted = true; /* settled below with the reason */
                    break;
                }
                continue;
            }
            /* An idle worker that died unseen takes no job: start another. */
            if (!send_job(b, s, job, mask)) {
                lose_worker(b, s, true, NULL);
                if (!spawn(b, s) || !send_job(b, s, job, mask)) {
                    s->busy = true;
                    s->it = job;
                    s->formats = 0;
                    lose_worker(b, s, true, "could not hand the file to a worker");
                }
            }
        }
        size_t n = 0;
        double now = now_s(), wait_ms = b->progress ? PROGRESS_MS : 1000;
        for (size_t i = 0; i < b->slot_count; i++) {
            slot *s = &b->slots[i];
            if (!s->pid || !s->busy)
                continue;
            if (b->args->timeout) {
                double left = (s->started + b->args->timeout - now) * 1e3;
                if (left < wait_ms)
                    wait_ms = left < 0 ? 0 : left;
            }
            fds[n] = (struct pollfd){s->fd, POLLIN, 0};
            which[n++] = i;
        }
        if (n == 0 && (exhausted || interrupted))
            break;
        if (interrupted)
            break;
        if (n > 0 && poll(fds, n, (int)wait_ms + 1) > 0)
            for (size_t k = 0; k < n; k++)
                if (fds[k].revents)
                    receive(b, &b->slots[which[k]]);
        now = now_s();
        for (size_t i = 0; i < b->slot_count && b->args->timeout; i++) {
            slot *s = &b->slots[i];
            if (s->pid && s->busy && now - s->started > b->args->timeout) {
                char why[128];
                snprintf(why, sizeof why,
                         "stopped after --timeout %u seconds: the file took too long",
                         b->args->timeout);
                lose_worker(b, s, true, why);
            }
        }
        show_progress(b, false);
    }
    /* Interrupted: what was in flight is stopped and removed; what was not
     * started stays for the next run. */
    for (size_t i = 0; i < b->slot_count; i++) {
        slot *s = &b->slots[i];
        if (s->pid && s->busy)
            lose_worker(b, s, true, "interrupted");
        else if (s->pid)
            lose_worker(b, s, false, NULL);
    }
    unsigned mask;
    for (item *it; !interrupted && (it = next_job(b, &mask));)
        settle(b, it, 0, NULL, "no worker could be started", NULL, 0);
    /* Interrupted: what was planned and not handed out stays undone. */
    free_group(b->cur); /* its states go with the store */
    b->cur = NULL;
    free(fds);
    free(which);
    free(b->slots);
}

/* ---- the run ---- */

static const char *env_nonempty(const char *name) {
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

/* Checks the operands and, for --files-from, opens the list; the run is
 * planned as it goes (next_group). */
static int plan(batch *b) {
    const gl_cli_args *a = b->args;
    b->is_folder = xrealloc(NULL, (a->input_count + 1) * sizeof *b->is_folder);
    for (size_t i = 0; i < a->input_count; i++) {
        struct stat st;
        b->is_folder[i] = stat(a->inputs[i], &st) == 0 && S_ISDIR(st.st_mode);
    }
    if (!a->files_from) {
        if (b->progress)
            b->total = count_inputs(b);
        b->total_known = b->progress;
        return GL_EXIT_OK;
    }
    const char *base = NULL;
    for (size_t i = 0; i < a->input_count; i++) {
        struct stat st;
        if (a->input_count > 1 || stat(a->inputs[i], &st) != 0 || !S_ISDIR(st.st_mode)) {
            fprintf(stderr, "galley: --files-from takes at most one other operand: the "
                            "folder its paths are relative to\n"
                            "Try 'galley --help' for more information.\n");
            return GL_EXIT_USAGE;
        }
        base = a->inputs[i];
    }
    const char *name = a->files_from;
    bool is_stdin = strcmp(name, "-") == 0;
    b->list_name = is_stdin ? "<stdin>" : name;
    b->list_base = base;
    b->list_fd = is_stdin ? STDIN_FILENO : open(name, O_RDONLY | O_CLOEXEC);
    if (b->list_fd < 0) {
        say(b, name, 0, "cannot read the list: %s", strerror(errno));
        return GL_EXIT_FAILED;
    }
    b->list_buf = xrealloc(NULL, LIST_BUF);
    const char *chunk = env_nonempty("GALLEY_TEST_LIST_CHUNK");
    b->list_chunk = chunk ? strtoul(chunk, NULL, 10) : 0;
    if (!b->list_chunk)
        b->list_chunk = LIST_CHUNK;
    /* Only a file can be counted ahead and read again; a pipe is shown
     * without a total. */
    struct stat st;
    off_t from = lseek(b->list_fd, 0, SEEK_CUR);
    if (b->progress && from >= 0 && fstat(b->list_fd, &st) == 0 && S_ISREG(st.st_mode)) {
        b->total = count_list(b, from);
        b->total_known = true;
    }
    return b->list_failed ? GL_EXIT_FAILED : GL_EXIT_OK;
}

static bool open_state(batch *b) {
    char name[64] = ".galley-state";
    if (b->args->shard_count)
        snprintf(name, sizeof name, ".galley-state-%u-of-%u", b->args->shard_index,
                 b->args->shard_count);
    char *path = join(b->cfg->out_dir, name);
    char msg[1024];
    bool ok = gl_state_store_open(&b->state, path, msg, sizeof msg);
    if (!ok)
        say(b, NULL, 0, "%s", msg);
    free(path);
    return ok;
}

static void summary(batch *b, double seconds) {
    double rate = seconds > 0 ? (double)b->done / seconds : 0;
    if (!b->args->quiet || b->failed)
        say(b, NULL, 0,
            "%zu inputs: %zu converted, %zu unchanged, %zu failed%s in %.2f s (%.0f files/s)",
            b->count, b->converted, b->unchanged, b->failed, interrupted ? ", interrupted" : "",
            seconds, rate);
    if (!b->have_report)
        return;
    gl_buf *l = &b->line;
    gl_buf_clear(l);
    gl_buf_printf(l,
                  "{\"summary\":{\"inputs\":%zu,\"converted\":%zu,\"unchanged\":%zu,"
                  "\"failed\":%zu,\"not_done\":%zu,\"seconds\":%.3f,\"files_per_second\":%.1f,"
                  "\"jobs\":%zu,\"interrupted\":%s",
                  b->count, b->converted, b->unchanged, b->failed, b->count - b->done, seconds,
                  rate, b->slot_count, interrupted ? "true" : "false");
    if (b->args->shard_count)
        gl_buf_printf(l, ",\"shard\":\"%u/%u\"", b->args->shard_index, b->args->shard_count);
    gl_buf_puts(l, "}}\n");
    gl_atomic_write(&b->report, l->data, l->len);
}

/* Creates OUT (mkdir -p) and notes its identity so the walk skips it. */
static bool make_out(batch *b) {
    char *p = join(b->cfg->out_dir, "");
    bool ok = true;
    for (char *s = p + 1;; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char saved = *s;
        *s = '\0';
        struct stat st;
        if (mkdir(p, 0777) != 0 && (errno != EEXIST || stat(p, &st) != 0 || !S_ISDIR(st.st_mode))) {
            say(b, NULL, 0, "cannot create the folder '%s': %s", p,
                errno == EEXIST ? "Not a directory" : strerror(errno));
            ok = false;
            break;
        }
        *s = saved;
        if (saved == '\0')
            break;
    }
    free(p);
    struct stat st;
    if (ok && stat(b->cfg->out_dir, &st) == 0) {
        b->have_out_id = true;
        b->out_dev = st.st_dev;
        b->out_ino = st.st_ino;
    }
    return ok;
}

int gl_batch_run(const gl_batch_config *cfg) {
    batch *b = calloc(1, sizeof *b);
    if (!b)
        die_oom();
    b->cfg = cfg;
    b->args = cfg->args;
    b->opt = *cfg->opt;
    b->parent = getpid();
    b->list_fd = -1;
    b->crash_on = env_nonempty("GALLEY_TEST_CRASH_ON");
    b->hang_on = env_nonempty("GALLEY_TEST_HANG_ON");
    const char *k = env_nonempty("GALLEY_TEST_KILL_AFTER");
    b->kill_after = k ? strtoul(k, NULL, 10) : 0;
    b->progress = isatty(STDERR_FILENO) && !b->args->quiet;
    gl_buf_init(&b->line, NULL, 0);
    for (size_t i = 0; i < cfg->format_count; i++)
        b->options_hash[i] = options_hash(b, cfg->formats[i]);

    int rc = make_out(b) && open_state(b) ? plan(b) : GL_EXIT_FAILED;
    if (rc == GL_EXIT_OK && b->args->report) {
        gl_error err;
        gl_error_init(&err, NULL);
        if (gl_atomic_open(&b->report, b->args->report, cfg->file_mode, NULL, &err) != GL_OK) {
            say(b, NULL, 0, "cannot write the report: %s", err.message);
            rc = GL_EXIT_FAILED;
        }
        b->have_report = rc == GL_EXIT_OK;
    }
    if (rc == GL_EXIT_OK) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        struct sigaction old_int, old_term;
        sigaction(SIGINT, &sa, &old_int);
        sigaction(SIGTERM, &sa, &old_term);
        b->started = now_s();
        dispatch(b);
        double seconds = now_s() - b->started;
        clear_progress(b);
        summary(b, seconds);
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGTERM, &old_term, NULL);
        rc = b->failed || b->list_failed || interrupted ? GL_EXIT_FAILED : GL_EXIT_OK;
    }
    char msg[1024];
    if (!gl_state_store_close(b->state, msg, sizeof msg)) {
        say(b, NULL, 0, "%s", msg);
        rc = GL_EXIT_FAILED;
    }
    if (b->have_report) {
        gl_error err;
        gl_error_init(&err, NULL);
        if (gl_atomic_commit(&b->report, &err) != GL_OK) {
            say(b, NULL, 0, "cannot write the report: %s", err.message);
            rc = GL_EXIT_FAILED;
        }
    }
    if (env_nonempty("GALLEY_TEST_PEAK_RSS")) {
        struct rusage ru;
        if (getrusage(RUSAGE_SELF, &ru) == 0)
            say(b, NULL, 0, "peak memory of this process: %ld KiB", ru.ru_maxrss);
    }
    gl_buf_free(&b->line);
    free_group(b->cur);
    if (b->list_fd > STDIN_FILENO)
        close(b->list_fd);
    free(b->list_buf);
    free(b->entry);
    for (size_t i = 0; i < b->todo_count; i++)
        free(b->todo[i]);
    free(b->todo);
    free(b->is_folder);
    free(b);
    return rc;
}
