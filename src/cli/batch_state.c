#include "cli/batch_state.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include "util/atomic.h"
#include "util/hash.h"

/* The first line of the file; a file with another first line is not ours
 * (or from an incompatible galley) and is started afresh. */
static const char header[] = "galley-state 1\n";

/* One record; the strings live in one allocation: "output\0input\0version\0". */
typedef struct entry {
    char *output, *input, *version;
    long long size, mtime_ns;
    uint64_t options_hash;
} entry;

struct gl_state {
    char *path;
    int lock_fd;   /* the lock file, flocked for the whole run */
    int append_fd; /* the state file, opened for appending; -1 until the first record */
    entry *entries;
    size_t count, cap;
    size_t *slots; /* open addressing: entry index + 1, 0 = empty; a power of two long */
    size_t slot_count;
    size_t lines; /* records in the file, superseded ones included */
    bool changed; /* a record was added since loading */
    bool dirty;   /* a malformed or torn line: the file is rewritten before appending */
};

static uint64_t hash_str(const char *s) { return gl_hash_bytes(GL_HASH_INIT, s, strlen(s)); }

/* The slot holding `output`, or the empty slot where it would go. */
static size_t *find_slot(const gl_state *s, const char *output) {
    size_t mask = s->slot_count - 1;
    for (size_t i = (size_t)hash_str(output) & mask;; i = (i + 1) & mask) {
        size_t *slot = &s->slots[i];
        if (*slot == 0 || strcmp(s->entries[*slot - 1].output, output) == 0)
            return slot;
    }
}

static bool grow_slots(gl_state *s) {
    size_t n = s->slot_count ? s->slot_count * 2 : 1024;
    size_t *slots = calloc(n, sizeof *slots);
    if (!slots)
        return false;
    free(s->slots);
    s->slots = slots;
    s->slot_count = n;
    for (size_t i = 0; i < s->count; i++)
        *find_slot(s, s->entries[i].output) = i + 1;
    return true;
}

/* Copies `rec` in, replacing an existing record of the same output. */
static bool put(gl_state *s, const gl_state_rec *rec) {
    if ((s->count + 1) * 2 > s->slot_count && !grow_slots(s))
        return false;
    size_t lo = strlen(rec->output) + 1, li = strlen(rec->input) + 1, lv = strlen(rec->version) + 1;
    char *mem = malloc(lo + li + lv);
    if (!mem)
        return false;
    memcpy(mem, rec->output, lo);
    memcpy(mem + lo, rec->input, li);
    memcpy(mem + lo + li, rec->version, lv);
    entry e = {mem, mem + lo, mem + lo + li, rec->size, rec->mtime_ns, rec->options_hash};
    size_t *slot = find_slot(s, rec->output);
    if (*slot) {
        free(s->entries[*slot - 1].output);
        s->entries[*slot - 1] = e;
        return true;
    }
    if (s->count == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 256;
        entry *p = realloc(s->entries, cap * sizeof *p);
        if (!p) {
            free(mem);
            return false;
        }
        s->entries = p;
        s->cap = cap;
    }
    s->entries[s->count++] = e;
    *slot = s->count;
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

/* One line "output input size mtime_ns hash version", NUL-terminated in
 * place; a malformed line is skipped. */
static bool parse_line(gl_state *s, char *line) {
    char *field[6];
    size_t n = 0;
    for (char *p = line; n < 6;) {
        field[n++] = p;
        char *sp = strchr(p, ' ');
        if (!sp)
            break;
        *sp = '\0';
        p = sp + 1;
    }
    gl_state_rec rec;
    char *end;
    if (n != 6 || !unescape(field[0]) || !unescape(field[1]) || !parse_ll(field[2], &rec.size) ||
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
    return put(s, &rec);
}

static bool fail(char *msg, size_t size, const char *what, const char *path) {
    snprintf(msg, size, "%s '%s': %s", what, path, strerror(errno));
    return false;
}

static bool compact(gl_state *s, char *msg, size_t msg_size);

static bool load(gl_state *s, char *msg, size_t msg_size) {
    int fd = open(s->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? true : fail(msg, msg_size, "cannot read the state file", s->path);
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
    size_t hlen = sizeof header - 1;
    if (len >= hlen && memcmp(data, header, hlen) == 0) {
        /* Only complete lines count: a line without its newline was torn. */
        char *p = data + hlen;
        for (char *nl; (nl = memchr(p, '\n', len - (size_t)(p - data))); p = nl + 1) {
            *nl = '\0';
            size_t before = s->lines;
            if (!parse_line(s, p)) {
                free(data);
                snprintf(msg, msg_size, "out of memory loading the state file '%s'", s->path);
                return false;
            }
            s->dirty |= s->lines == before;
        }
        s->dirty |= p != data + len; /* a torn last line */
    } else {
        s->changed = len > 0; /* rewritten with our header on close */
    }
    free(data);
    return true;
}

bool gl_state_open(gl_state **out, const char *path, char *msg, size_t msg_size) {
    *out = NULL;
    gl_state *s = calloc(1, sizeof *s);
    if (s)
        s->lock_fd = s->append_fd = -1;
    size_t plen = strlen(path);
    char *lock = malloc(plen + 6);
    if (!s || !lock || !(s->path = strdup(path)) || !grow_slots(s)) {
        snprintf(msg, msg_size, "out of memory");
        free(lock);
        gl_state_close(s, NULL, 0);
        return false;
    }
    memcpy(lock, path, plen);
    memcpy(lock + plen, ".lock", 6);
    s->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (s->lock_fd < 0) {
        fail(msg, msg_size, "cannot create the lock file", lock);
    } else if (flock(s->lock_fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK)
            snprintf(msg, msg_size,
                     "another galley run is converting into this folder ('%s' is locked); wait "
                     "for it to end",
                     lock);
        else
            fail(msg, msg_size, "cannot lock", lock);
        close(s->lock_fd);
        s->lock_fd = -1;
    }
    free(lock);
    /* Appending after a torn line would glue the new record to it. */
    if (s->lock_fd < 0 || !load(s, msg, msg_size) || (s->dirty && !compact(s, msg, msg_size))) {
        gl_state_close(s, NULL, 0);
        return false;
    }
    *out = s;
    return true;
}

bool gl_state_matches(const gl_state *s, const gl_state_rec *rec) {
    size_t slot = *find_slot(s, rec->output);
    if (!slot)
        return false;
    const entry *e = &s->entries[slot - 1];
    return e->size == rec->size && e->mtime_ns == rec->mtime_ns &&
           e->options_hash == rec->options_hash && strcmp(e->input, rec->input) == 0 &&
           strcmp(e->version, rec->version) == 0;
}

/* The line for one record, in `buf` (3 bytes per path byte at worst). */
static char *format_line(const char *output, const char *input, long long size, long long mtime,
                         uint64_t hash, const char *version, size_t *len) {
    size_t cap = 3 * (strlen(output) + strlen(input)) + strlen(version) + 80;
    char *line = malloc(cap);
    if (!line)
        return NULL;
    size_t n = escape(line, output);
    line[n++] = ' ';
    n += escape(line + n, input);
    n += (size_t)snprintf(line + n, cap - n, " %lld %lld %016llx %s\n", size, mtime,
                          (unsigned long long)hash, version);
    *len = n;
    return line;
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

bool gl_state_record(gl_state *s, const gl_state_rec *rec, char *msg, size_t msg_size) {
    if (!put(s, rec)) {
        snprintf(msg, msg_size, "out of memory recording '%s' in the state file", rec->output);
        return false;
    }
    s->changed = true;
    s->lines++;
    if (s->append_fd < 0) {
        s->append_fd = open(s->path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (s->append_fd < 0)
            return fail(msg, msg_size, "cannot write the state file", s->path);
        struct stat st;
        if (fstat(s->append_fd, &st) == 0 && st.st_size == 0 &&
            !write_all(s->append_fd, header, sizeof header - 1))
            return fail(msg, msg_size, "cannot write the state file", s->path);
    }
    size_t len;
    char *line = format_line(rec->output, rec->input, rec->size, rec->mtime_ns, rec->options_hash,
                             rec->version, &len);
    /* One write per line: a kill between records never leaves half a line
     * but from a full disk, and the loader drops a torn last line. */
    bool ok = line && write_all(s->append_fd, line, len);
    free(line);
    if (!ok)
        return fail(msg, msg_size, "cannot write the state file", s->path);
    return true;
}

static int compare_entries(const void *a, const void *b) {
    return strcmp((*(const entry *const *)a)->output, (*(const entry *const *)b)->output);
}

/* Writes every record, sorted by output, to a temporary file renamed over
 * the state file. */
static bool compact(gl_state *s, char *msg, size_t msg_size) {
    const entry **order = malloc((s->count + 1) * sizeof *order);
    if (!order) {
        snprintf(msg, msg_size, "out of memory writing the state file");
        return false;
    }
    for (size_t i = 0; i < s->count; i++)
        order[i] = &s->entries[i];
    qsort(order, s->count, sizeof *order, compare_entries);
    gl_atomic_file af;
    gl_error err;
    gl_error_init(&err, NULL);
    bool ok = gl_atomic_open_replace(&af, s->path, 0644, NULL, &err) == GL_OK;
    if (ok)
        gl_atomic_write(&af, header, sizeof header - 1);
    for (size_t i = 0; ok && i < s->count; i++) {
        const entry *e = order[i];
        size_t len;
        char *line = format_line(e->output, e->input, e->size, e->mtime_ns, e->options_hash,
                                 e->version, &len);
        if (!line) {
            gl_atomic_abort(&af);
            snprintf(msg, msg_size, "out of memory writing the state file");
            free(order);
            return false;
        }
        gl_atomic_write(&af, line, len);
        free(line);
    }
    free(order);
    if (ok && gl_atomic_commit(&af, &err) == GL_OK)
        return true;
    snprintf(msg, msg_size, "%s", err.message);
    return false;
}

bool gl_state_close(gl_state *s, char *msg, size_t msg_size) {
    if (!s)
        return true;
    bool ok = true;
    if (msg && s->lock_fd >= 0 && (s->changed || s->lines > s->count))
        ok = compact(s, msg, msg_size);
    if (s->append_fd >= 0)
        close(s->append_fd);
    if (s->lock_fd >= 0)
        close(s->lock_fd);
    for (size_t i = 0; i < s->count; i++)
        free(s->entries[i].output);
    free(s->entries);
    free(s->slots);
    free(s->path);
    free(s);
    return ok;
}
