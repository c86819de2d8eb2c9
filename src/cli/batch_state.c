#include "cli/batch_state.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "util/atomic.h"
#include "util/hash.h"
#include "util/strmap.h"
#include "util/vec.h"

/* The first line of each file; a file with another first line is not ours
 * (or from an incompatible galley) and is started afresh. The second line is
 * "dir " and the escaped relative folder the file is for. */
static const char header[] = "galley-state 2\n";

/* One record. Its output is the index's key (gl_strmap_key), not a copy;
 * the other strings live in one allocation: "input\0version\0". A claim
 * not yet converted is a record with size -1 (it never matches), written
 * only to carry its run across a reload. */
typedef struct entry {
    size_t output; /* the output's offset among the index's keys */
    char *input, *version;
    long long size, mtime_ns;
    uint64_t options_hash;
    uint64_t run; /* the run that claimed or recorded it, 0 = none this file knows */
} entry;

struct gl_state {
    char *path;    /* STORE/<hash of rel_dir> */
    char *rel_dir; /* the folder of outputs these records are for */
    size_t refs;
    gl_state *prev, *next; /* the store's list of open states */
    entry *entries;
    size_t count, cap;
    gl_strmap index;     /* output -> its entry's index */
    size_t lines;        /* records in the file, superseded ones included */
    size_t last;         /* the entry of the file's last line + 1, 0 = none */
    bool unsorted;       /* the file's lines are not in the order of their outputs */
    bool changed;        /* a record was added since loading */
    bool dirty;          /* a malformed or torn line: the file is rewritten */
    bool foreign;        /* the file is another folder's (a hash collision), or not ours */
    bool fresh;          /* no usable file yet: written whole before the first append */
    bool claims_unsaved; /* a claim the file does not hold yet */
    uint64_t run;        /* the store's */
};

struct gl_state_store {
    char *path;
    int lock_fd;      /* the lock file, flocked for the whole run */
    gl_strmap by_dir; /* rel_dir -> its open gl_state, 0 once let go */
    gl_state *open;   /* every open state, to let go at the end */
    uint64_t run;     /* this run's marker, never 0 */
    bool claims_done; /* no claim is looked at any more: none need outlive its state */
};

static uint64_t hash_str(const char *s) { return gl_hash_bytes(GL_HASH_INIT, s, strlen(s)); }

/* The output `e` records. */
static const char *output_of(const gl_state *s, const entry *e) {
    return gl_strmap_key(&s->index, e->output);
}

/* The entry recording `output`, or NULL. */
static entry *entry_of(const gl_state *s, const char *output) {
    size_t i;
    return gl_strmap_get(&s->index, output, strlen(output), &i) ? &s->entries[i] : NULL;
}

/* Copies `rec` in (claimed or recorded by `run`), replacing an existing
 * record of the same output. `in_file`: the record is a line of the file
 * (not a claim held in memory). */
static bool put(gl_state *s, const gl_state_rec *rec, uint64_t run, bool in_file) {
    if (gl_vec_grow(gl_allocator_of(NULL), &s->entries, &s->cap, s->count + 1,
                    sizeof *s->entries) != GL_OK)
        return false;
    size_t li = strlen(rec->input) + 1, lv = strlen(rec->version) + 1;
    char *mem = malloc(li + lv);
    if (!mem)
        return false;
    memcpy(mem, rec->input, li);
    memcpy(mem + li, rec->version, lv);
    size_t *at;
    bool added;
    if (gl_strmap_put(&s->index, rec->output, strlen(rec->output), s->count, &at, &added) !=
        GL_OK) {
        free(mem);
        return false;
    }
    entry e = {gl_strmap_key_offset(at), mem, mem + li, rec->size, rec->mtime_ns,
               rec->options_hash,        run};
    /* Lines in the order of their outputs need no sorting rewrite. */
    if (in_file && s->last && strcmp(rec->output, output_of(s, &s->entries[s->last - 1])) <= 0)
        s->unsorted = true;
    if (added)
        s->count++;
    else
        free(s->entries[*at].input);
    s->entries[*at] = e;
    if (in_file)
        s->last = *at + 1;
    return true;
}

/* Paths may hold any byte but NUL: spaces, newlines and '%' are written as
 * %XX so that a record is one line of space-separated fields. */
static bool needs_escape(unsigned char c) { return c <= ' ' || c == '%' || c == 0x7f; }

static size_t escape(char *out, const char *s) {
    static const char hex[] = "0123456789ABCDEF";
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (needs_escape(*p)) {
            out[n++] = '%';
            out[n++] = hex[*p >> 4];
            out[n++] = hex[*p & 15];
        } else {
            out[n++] = (char)*p;
        }
    }
    return n;
}

static int hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes a field in place; false on a bad escape or an embedded NUL. */
static bool unescape(char *s) {
    char *w = s;
    for (char *r = s; *r; r++) {
        if (*r != '%') {
            *w++ = *r;
            continue;
        }
        int hi = hex_value(r[1]), lo = hi < 0 ? -1 : hex_value(r[2]);
        if (lo < 0 || (hi == 0 && lo == 0))
            return false;
        *w++ = (char)(hi * 16 + lo);
        r += 2;
    }
    *w = '\0';
    return true;
}

static bool parse_ll(const char *s, long long *out) {
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end)
        return false;
    *out = v;
    return true;
}

/* One line "output input size mtime_ns hash version [run]", NUL-terminated
 * in place; a malformed line is skipped, and so is an earlier run's claim. */
static bool parse_line(gl_state *s, char *line) {
    char *field[7];
    size_t n = 0;
    for (char *p = line; n < 7;) {
        field[n++] = p;
        char *sp = strchr(p, ' ');
        if (!sp)
            break;
        *sp = '\0';
        p = sp + 1;
    }
    gl_state_rec rec;
    char *end;
    uint64_t run = 0;
    if (n == 7) {
        errno = 0;
        run = strtoull(field[6], &end, 16);
        if (errno || *end || strlen(field[6]) != 16)
            return true;
    }
    if (n < 6 || !unescape(field[0]) || !unescape(field[1]) || !parse_ll(field[2], &rec.size) ||
        !parse_ll(field[3], &rec.mtime_ns) || strlen(field[4]) != 16)
        return true;
    errno = 0;
    rec.options_hash = strtoull(field[4], &end, 16);
    if (errno || *end)
        return true;
    rec.output = field[0];
    rec.input = field[1];
    rec.version = field[5];
    s->lines++;
    if (run != s->run && rec.size < 0)
        return true; /* counted as a superseded line: the rewrite drops it */
    return put(s, &rec, run == s->run ? run : 0, true);
}

static bool fail(char *msg, size_t size, const char *what, const char *path) {
    snprintf(msg, size, "%s '%s': %s", what, path, strerror(errno));
    return false;
}

/* The line for one record, malloc'd (3 bytes per path byte at worst); the
 * run only when it is this one's (an earlier run's marker means nothing). */
static char *format_line(const char *output, const char *input, long long size, long long mtime,
                         uint64_t hash, const char *version, uint64_t run, size_t *len) {
    size_t cap = 3 * (strlen(output) + strlen(input)) + strlen(version) + 100;
    char *line = malloc(cap);
    if (!line)
        return NULL;
    size_t n = escape(line, output);
    line[n++] = ' ';
    n += escape(line + n, input);
    n += (size_t)snprintf(line + n, cap - n, " %lld %lld %016llx %s", size, mtime,
                          (unsigned long long)hash, version);
    if (run)
        n += (size_t)snprintf(line + n, cap - n, " %016llx", (unsigned long long)run);
    line[n++] = '\n';
    *len = n;
    return line;
}

/* "dir <escaped rel_dir>\n", malloc'd. */
static char *dir_line(const char *rel_dir, size_t *len) {
    char *line = malloc(3 * strlen(rel_dir) + 6);
    if (!line)
        return NULL;
    memcpy(line, "dir ", 4);
    size_t n = 4 + escape(line + 4, rel_dir);
    line[n++] = '\n';
    *len = n;
    return line;
}

/* Parses the loaded file `data` (len bytes, NUL-terminated). */
static bool parse(gl_state *s, char *data, size_t len, char *msg, size_t msg_size) {
    size_t hlen = sizeof header - 1, dlen;
    char *dir = dir_line(s->rel_dir, &dlen);
    if (!dir) {
        snprintf(msg, msg_size, "out of memory loading the state file '%s'", s->path);
        return false;
    }
    bool ours = len >= hlen + dlen && memcmp(data, header, hlen) == 0 &&
                memcmp(data + hlen, dir, dlen) == 0;
    free(dir);
    if (!ours) {
        /* Another galley's, or another folder's whose name hashes alike:
         * taken over (rewritten) only if this folder records something. */
        s->foreign = s->fresh = true;
        return true;
    }
    /* Only complete lines count: a line without its newline was torn. */
    char *p = data + hlen + dlen;
    for (char *nl; (nl = memchr(p, '\n', len - (size_t)(p - data))); p = nl + 1) {
        *nl = '\0';
        size_t before = s->lines;
        if (!parse_line(s, p)) {
            snprintf(msg, msg_size, "out of memory loading the state file '%s'", s->path);
            return false;
        }
        s->dirty |= s->lines == before;
    }
    s->dirty |= p != data + len; /* a torn last line */
    /* Appending after a torn line would glue the new record to it. */
    s->fresh = s->dirty;
    return true;
}

static bool load(gl_state *s, char *msg, size_t msg_size) {
    int fd = open(s->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        s->fresh = true;
        return errno == ENOENT ? true : fail(msg, msg_size, "cannot read the state file", s->path);
    }
    struct stat st;
    char *data = NULL;
    size_t len = 0;
    bool ok = fstat(fd, &st) == 0;
    if (ok) {
        data = malloc((size_t)st.st_size + 1);
        ok = data != NULL;
    }
    while (ok && len < (size_t)st.st_size) {
        ssize_t n = read(fd, data + len, (size_t)st.st_size - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    if (!ok) {
        fail(msg, msg_size, "cannot read the state file", s->path);
        close(fd);
        free(data);
        return false;
    }
    close(fd);
    data[len] = '\0';
    ok = parse(s, data, len, msg, msg_size);
    free(data);
    return ok;
}

static void free_state(gl_state *s) {
    if (!s)
        return;
    for (size_t i = 0; i < s->count; i++)
        free(s->entries[i].input);
    free(s->entries);
    gl_strmap_free(&s->index);
    free(s->path);
    free(s->rel_dir);
    free(s);
}

static bool oom(char *msg, size_t msg_size) {
    snprintf(msg, msg_size, "out of memory");
    return false;
}

bool gl_state_store_open(gl_state_store **out, const char *path, char *msg, size_t msg_size) {
    *out = NULL;
    gl_state_store *st = calloc(1, sizeof *st);
    size_t plen = strlen(path);
    char *lock = malloc(plen + 6);
    if (st) {
        st->lock_fd = -1;
        /* Unique enough per run: a later run must not take an earlier
         * one's claims for its own. */
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        long long seed[3] = {(long long)getpid(), (long long)ts.tv_sec, (long long)ts.tv_nsec};
        st->run = gl_hash_bytes(GL_HASH_INIT, seed, sizeof seed);
        st->run += st->run == 0;
    }
    if (st)
        gl_strmap_init(&st->by_dir, NULL, 0);
    if (!st || !lock || !(st->path = strdup(path))) {
        free(lock);
        if (st) {
            free(st->path);
            free(st);
        }
        return oom(msg, msg_size);
    }
    memcpy(lock, path, plen);
    memcpy(lock + plen, ".lock", 6);
    st->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    bool ok = false;
    if (st->lock_fd < 0) {
        fail(msg, msg_size, "cannot create the lock file", lock);
    } else if (flock(st->lock_fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK)
            snprintf(msg, msg_size,
                     "another galley run is converting into this folder ('%s' is locked); wait "
                     "for it to end",
                     lock);
        else
            fail(msg, msg_size, "cannot lock", lock);
    } else {
        struct stat sb;
        /* Only under the lock: another run may be using the store. */
        if (lstat(path, &sb) == 0 && !S_ISDIR(sb.st_mode) && unlink(path) != 0)
            fail(msg, msg_size, "cannot remove the old state file", path);
        else if (mkdir(path, 0777) != 0 && errno != EEXIST)
            fail(msg, msg_size, "cannot create the state folder", path);
        else if (lstat(path, &sb) != 0 || !S_ISDIR(sb.st_mode))
            snprintf(msg, msg_size, "the state folder '%s' is not a folder", path);
        else
            ok = true;
    }
    free(lock);
    if (!ok) {
        gl_state_store_close(st, NULL, 0);
        return false;
    }
    *out = st;
    return true;
}

gl_state *gl_state_get(gl_state_store *st, const char *rel_dir, char *msg, size_t msg_size) {
    size_t found = 0, len = strlen(rel_dir);
    if (gl_strmap_get(&st->by_dir, rel_dir, len, &found) && found) {
        gl_state *s = (gl_state *)(uintptr_t)found;
        s->refs++;
        return s;
    }
    gl_state *s = calloc(1, sizeof *s);
    char name[24];
    snprintf(name, sizeof name, "/%016llx", (unsigned long long)hash_str(rel_dir));
    size_t plen = strlen(st->path);
    if (s)
        gl_strmap_init(&s->index, NULL, 0);
    if (!s || !(s->rel_dir = strdup(rel_dir)) || !(s->path = malloc(plen + sizeof name))) {
        free_state(s);
        oom(msg, msg_size);
        return NULL;
    }
    memcpy(s->path, st->path, plen);
    memcpy(s->path + plen, name, strlen(name) + 1);
    s->run = st->run;
    size_t *at;
    if (!load(s, msg, msg_size)) {
        free_state(s);
        return NULL;
    }
    if (gl_strmap_put(&st->by_dir, rel_dir, len, 0, &at, NULL) != GL_OK) {
        free_state(s);
        oom(msg, msg_size);
        return NULL;
    }
    *at = (size_t)(uintptr_t)s;
    s->next = st->open;
    if (st->open)
        st->open->prev = s;
    st->open = s;
    s->refs = 1;
    return s;
}

bool gl_state_matches(const gl_state *s, const gl_state_rec *rec) {
    const entry *e = entry_of(s, rec->output);
    if (!e)
        return false;
    return e->size == rec->size && e->mtime_ns == rec->mtime_ns &&
           e->options_hash == rec->options_hash && strcmp(e->input, rec->input) == 0 &&
           strcmp(e->version, rec->version) == 0;
}

bool gl_state_has_output(const gl_state *s, const char *output) {
    const entry *e = entry_of(s, output);
    return e && e->size >= 0;
}

static bool write_all(int fd, const char *p, size_t len) {
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return false;
        p += n;
        len -= (size_t)n;
    }
    return true;
}

static bool compact(gl_state *s, char *msg, size_t msg_size);

gl_state_claim_result gl_state_claim(gl_state *s, const char *output, const char *input,
                                     const char **other) {
    entry *e = entry_of(s, output);
    if (e && e->run == s->run) {
        *other = e->input;
        return strcmp(e->input, input) == 0 ? GL_CLAIM_SAME : GL_CLAIM_OTHER;
    }
    s->claims_unsaved = true;
    if (e && strcmp(e->input, input) == 0) {
        e->run = s->run; /* its record still says whether it is up to date */
        return GL_CLAIM_NEW;
    }
    gl_state_rec claim = {output, input, -1, -1, 0, "-"};
    return put(s, &claim, s->run, false) ? GL_CLAIM_NEW : GL_CLAIM_ERROR;
}

void gl_state_store_claims_done(gl_state_store *st) { st->claims_done = true; }

bool gl_state_record(gl_state *s, const gl_state_rec *rec, char *msg, size_t msg_size) {
    const entry *e = entry_of(s, rec->output);
    uint64_t run = e && e->run == s->run ? s->run : 0;
    if (!put(s, rec, run, true)) {
        snprintf(msg, msg_size, "out of memory recording '%s' in the state file", rec->output);
        return false;
    }
    s->changed = true;
    s->lines++;
    /* A missing, torn or foreign file is first written whole (with this
     * record): the header and folder lines come before any appended one. */
    if (s->fresh)
        return compact(s, msg, msg_size);
    /* Opened per record rather than held: a --files-from run may hold the
     * states of thousands of folders at once. */
    int fd = open(s->path, O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd < 0)
        return fail(msg, msg_size, "cannot write the state file", s->path);
    size_t len;
    char *line = format_line(rec->output, rec->input, rec->size, rec->mtime_ns, rec->options_hash,
                             rec->version, run, &len);
    /* One write per line: a kill between records never leaves half a line
     * but from a full disk, and the loader drops a torn last line. */
    bool ok = line && write_all(fd, line, len);
    free(line);
    if (!ok) {
        fail(msg, msg_size, "cannot write the state file", s->path);
        close(fd);
        return false;
    }
    close(fd);
    return true;
}

/* An entry with its output, for sorting: the keys do not move while the
 * file is written. */
typedef struct sorted {
    const char *output;
    const entry *e;
} sorted;

static int compare_sorted(const void *a, const void *b) {
    return strcmp(((const sorted *)a)->output, ((const sorted *)b)->output);
}

/* Writes the header, the folder line and every record, sorted by output,
 * to a temporary file renamed over the state file. */
static bool compact(gl_state *s, char *msg, size_t msg_size) {
    sorted *order = malloc((s->count + 1) * sizeof *order);
    size_t dlen;
    char *dir = dir_line(s->rel_dir, &dlen);
    if (!order || !dir) {
        free(order);
        free(dir);
        snprintf(msg, msg_size, "out of memory writing the state file");
        return false;
    }
    for (size_t i = 0; i < s->count; i++)
        order[i] = (sorted){output_of(s, &s->entries[i]), &s->entries[i]};
    qsort(order, s->count, sizeof *order, compare_sorted);
    gl_atomic_file af;
    gl_error err;
    gl_error_init(&err, NULL);
    bool ok = gl_atomic_open_replace(&af, s->path, 0644, NULL, &err) == GL_OK;
    if (ok) {
        gl_atomic_write(&af, header, sizeof header - 1);
        gl_atomic_write(&af, dir, dlen);
    }
    free(dir);
    for (size_t i = 0; ok && i < s->count; i++) {
        const entry *e = order[i].e;
        size_t len;
        char *line = format_line(order[i].output, e->input, e->size, e->mtime_ns, e->options_hash,
                                 e->version, e->run, &len);
        if (!line) {
            gl_atomic_abort(&af);
            snprintf(msg, msg_size, "out of memory writing the state file");
            free(order);
            return false;
        }
        gl_atomic_write(&af, line, len);
        free(line);
    }
    size_t last = s->count ? (size_t)(order[s->count - 1].e - s->entries) + 1 : 0;
    free(order);
    if (ok && gl_atomic_commit(&af, &err) == GL_OK) {
        s->fresh = s->dirty = s->foreign = s->unsorted = s->claims_unsaved = false;
        s->lines = s->count;
        s->last = last;
        return true;
    }
    snprintf(msg, msg_size, "%s", err.message);
    return false;
}

/* Unlinks `s` from the store, rewrites its file when it holds superseded,
 * unsorted, malformed or torn lines (not a foreign file unless this run
 * took it over) or claims a later reload must see, and frees it. */
static bool let_go(gl_state_store *st, gl_state *s, char *msg, size_t msg_size) {
    size_t *at;
    /* The key is there since gl_state_get: the put only finds it. */
    if (gl_strmap_put(&st->by_dir, s->rel_dir, strlen(s->rel_dir), 0, &at, NULL) == GL_OK)
        *at = 0;
    if (s->prev)
        s->prev->next = s->next;
    else
        st->open = s->next;
    if (s->next)
        s->next->prev = s->prev;
    bool ok = true;
    if (((s->changed || !s->foreign) && (s->dirty || s->unsorted || s->lines > s->count)) ||
        (s->claims_unsaved && !st->claims_done))
        ok = compact(s, msg, msg_size);
    free_state(s);
    return ok;
}

bool gl_state_release(gl_state_store *st, gl_state *s, char *msg, size_t msg_size) {
    if (--s->refs > 0)
        return true;
    return let_go(st, s, msg, msg_size);
}

bool gl_state_store_close(gl_state_store *st, char *msg, size_t msg_size) {
    if (!st)
        return true;
    bool ok = true;
    char ignored[8];
    while (st->open) {
        if (msg && ok)
            ok = let_go(st, st->open, msg, msg_size);
        else
            let_go(st, st->open, ignored, sizeof ignored);
    }
    if (st->lock_fd >= 0)
        close(st->lock_fd);
    gl_strmap_free(&st->by_dir);
    free(st->path);
    free(st);
    return ok;
}
