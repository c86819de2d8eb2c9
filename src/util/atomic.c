#include "util/atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include "util/alloc.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/utf8.h"

/* strerror is not thread-safe and batch conversion runs in parallel; this is
 * the XSI strerror_r (no _GNU_SOURCE), which fills `buf`. */
static const char *errno_text(int errnum, char *buf, size_t size) {
    if (strerror_r(errnum, buf, size) != 0)
        snprintf(buf, size, "error %d", errnum);
    return buf;
}

/* "WHAT 'PATH': REASON", the path shortened in the middle when the whole
 * would not fit gl_error's message: the reason is never cut. */
static gl_status fail_errno(gl_error *err, int errnum, const char *what, const char *path) {
    char text[128], shown[sizeof err->message];
    errno_text(errnum, text, sizeof text);
    size_t fixed = strlen(what) + strlen(text) + sizeof " '': ";
    size_t room = fixed + 8 < sizeof shown ? sizeof shown - fixed : 8;
    return gl_fail(err, GL_EIO, 0, "%s '%s': %s", what, gl_utf8_fit(shown, room, path), text);
}

/* The temporary name beside `dest` into buf: the folder, then "." + the
 * last part + `suffix`; when that name would pass NAME_MAX (a file name
 * of 240-odd bytes), "." + as much of the last part as fits + "~" + the
 * FNV-1a hash of the whole last part in hex + `suffix`, which is still
 * the same for the same destination. snprintf's return. */
static int temp_name(char *buf, size_t size, const char *dest, const char *suffix) {
    const char *slash = strrchr(dest, '/');
    int dir_len = slash ? (int)(slash - dest) + 1 : 0;
    const char *base = dest + dir_len;
    size_t base_len = strlen(base), suffix_len = strlen(suffix);
    if (1 + base_len + suffix_len <= NAME_MAX)
        return snprintf(buf, size, "%.*s.%s%s", dir_len, dest, base, suffix);
    size_t keep = NAME_MAX - 1 - 1 - 16 - suffix_len;
    while (keep > 0 && ((unsigned char)base[keep] & 0xC0) == 0x80)
        keep--;
    unsigned long long h = gl_hash_bytes(GL_HASH_INIT, base, base_len);
    return snprintf(buf, size, "%.*s.%.*s~%016llx%s", dir_len, dest, (int)keep, base, h, suffix);
}

static void release(gl_atomic_file *af) {
    if (af->fd >= 0)
        close(af->fd);
    af->fd = -1;
    if (af->tmp && !af->direct)
        unlink(af->tmp);
    /* Unlocked only once the name is gone: no other run ever finds a live
     * writer's temporary file unlocked. */
    if (af->lock_fd >= 0)
        close(af->lock_fd);
    af->lock_fd = -1;
    if (af->alloc) {
        gl_free(af->alloc, af->tmp);
        gl_free(af->alloc, af->dest);
    }
    af->tmp = NULL;
    af->dest = NULL;
}

static gl_status open_direct(gl_atomic_file *af, const char *dest, gl_error *err) {
    af->direct = true;
    af->dest = gl_strdup(af->alloc, dest);
    af->tmp = gl_strdup(af->alloc, dest); /* what commit and release expect to find */
    if (!af->dest || !af->tmp) {
        release(af);
        return gl_fail(err, GL_ENOMEM, 0, "out of memory opening '%s'", dest);
    }
    af->fd = open(dest, O_WRONLY | O_CLOEXEC);
    if (af->fd < 0) {
        int e = errno;
        release(af);
        return fail_errno(err, e, "cannot open", dest);
    }
    return GL_OK;
}

/* After the temporary file was created into af->fd (or not: -1, errno
 * set): gives it its final mode, or undoes everything on failure. */
static gl_status finish_open(gl_atomic_file *af, mode_t mode, const char *dest, gl_error *err) {
    if (af->fd < 0) {
        int e = errno;
        gl_free(af->alloc, af->tmp);
        af->tmp = NULL; /* nothing was created: nothing to unlink */
        release(af);
        return fail_errno(err, e, "cannot create a temporary file beside", dest);
    }
    if (fchmod(af->fd, mode) != 0) {
        int e = errno;
        release(af);
        return fail_errno(err, e, "cannot set the mode of", dest);
    }
    return GL_OK;
}

/* The temporary file beside a destination is ".NAME.galley-tmp"; while a
 * live writer holds that one, another writer of the same destination
 * takes ".NAME.galley-XXXXXX" (mkstemp). */
static const char fixed_suffix[] = ".galley-tmp";
static const char spare_suffix[] = ".galley-XXXXXX";

/* Room for either temporary name of `dest`, NUL included. */
static size_t temp_size(const char *dest) {
    int a = temp_name(NULL, 0, dest, fixed_suffix), b = temp_name(NULL, 0, dest, spare_suffix);
    return (size_t)(a > b ? a : b) + 1;
}

/* Removes the temporary file `tmp` if nobody writes it any more: a regular
 * file of this user whose lock is free, as a writer killed with -9 leaves
 * it. Locked, a symbolic link or someone else's: left alone, false. */
static bool remove_if_stale(const char *tmp) {
    int fd = open(tmp, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT;
    struct stat held, named;
    bool gone = fstat(fd, &held) == 0 && S_ISREG(held.st_mode) && held.st_uid == geteuid() &&
                flock(fd, LOCK_EX | LOCK_NB) == 0 && lstat(tmp, &named) == 0 &&
                held.st_dev == named.st_dev && held.st_ino == named.st_ino && unlink(tmp) == 0;
    close(fd);
    return gone;
}

/* Locks the temporary file just created at af->tmp and checks the name is
 * still it: another run may have taken it for stale in the moment between
 * the two, and removed it. */
static bool lock_own(gl_atomic_file *af) {
    struct stat held, named;
    if (flock(af->fd, LOCK_EX) != 0 || fstat(af->fd, &held) != 0 || lstat(af->tmp, &named) != 0 ||
        held.st_dev != named.st_dev || held.st_ino != named.st_ino)
        return false;
    /* A second descriptor of the same open file keeps the lock after
     * commit closes af->fd, until the rename is done. */
    af->lock_fd = fcntl(af->fd, F_DUPFD_CLOEXEC, 0);
    return af->lock_fd >= 0;
}

/* Creates and locks the temporary file of `dest` into af->tmp, af->fd and
 * af->lock_fd: the fixed name, after removing a stale one left there;
 * a name of its own while a live writer holds the fixed one. Never opens
 * an existing file, so a link planted at the name cannot make the write
 * go elsewhere. af->fd -1 with errno on failure. */
static void create_locked(gl_atomic_file *af, const char *dest, size_t size) {
    for (int attempt = 0; attempt < 8; attempt++) {
        temp_name(af->tmp, size, dest, fixed_suffix);
        af->fd = open(af->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (af->fd < 0 && errno != EEXIST)
            return;
        if (af->fd < 0 && remove_if_stale(af->tmp))
            continue;
        if (af->fd < 0) {
            temp_name(af->tmp, size, dest, spare_suffix);
            af->fd = mkstemp(af->tmp);
            if (af->fd < 0)
                return;
        }
        if (lock_own(af))
            return;
        int e = errno;
        close(af->fd);
        af->fd = -1;
        errno = e;
    }
    errno = EAGAIN;
}

bool gl_atomic_remove_stale(const char *dest) {
    char tmp[PATH_MAX];
    int n = temp_name(tmp, sizeof tmp, dest, fixed_suffix);
    return n >= 0 && (size_t)n < sizeof tmp && remove_if_stale(tmp);
}

/* An af that holds nothing yet, so that release is a no-op; GL_EIO for an
 * empty path. */
static gl_status start(gl_atomic_file *af, const char *dest, const gl_allocator *alloc,
                       gl_error *err) {
    af->dest = NULL;
    af->tmp = NULL;
    af->fd = -1;
    af->lock_fd = -1;
    af->direct = false;
    af->alloc = alloc ? alloc : gl_allocator_of(NULL);
    gl_error_init(&af->write_err, NULL);
    return *dest ? GL_OK : gl_fail(err, GL_EIO, 0, "empty output path");
}

/* Creates the temporary file of `dest`. It must sit in the destination's
 * folder: rename is atomic only within one file system. Hidden, so a crash
 * leaves a dot file rather than something that looks like an output. */
static gl_status open_temp(gl_atomic_file *af, const char *dest, mode_t mode, gl_error *err) {
    size_t tmp_size = temp_size(dest);
    af->dest = gl_strdup(af->alloc, dest);
    af->tmp = gl_malloc(af->alloc, tmp_size);
    if (!af->dest || !af->tmp) {
        release(af);
        return gl_fail(err, GL_ENOMEM, 0, "out of memory opening '%s'", dest);
    }
    create_locked(af, dest, tmp_size);
    return finish_open(af, mode, dest, err);
}

/* gl_atomic_open, or with `replace` gl_atomic_open_replace. */
static gl_status open_file(gl_atomic_file *af, const char *dest, mode_t mode,
                           const gl_allocator *alloc, bool replace, gl_error *err) {
    gl_status started = start(af, dest, alloc, err);
    if (started != GL_OK)
        return started;
    struct stat st;
    /* A batch run's destination is replaced, never followed. */
    bool exists = (replace ? lstat(dest, &st) : stat(dest, &st)) == 0;
    if (dest[strlen(dest) - 1] == '/' || (exists && S_ISDIR(st.st_mode)))
        return gl_fail(err, GL_EIO, 0, "cannot write '%s': Is a directory", dest);
    if (exists && (!replace || S_ISREG(st.st_mode)))
        mode = st.st_mode & 07777;
    if (exists && !replace && !S_ISREG(st.st_mode))
        return open_direct(af, dest, err);
    return open_temp(af, dest, mode, err);
}

gl_status gl_atomic_open(gl_atomic_file *af, const char *dest, mode_t mode,
                         const gl_allocator *alloc, gl_error *err) {
    return open_file(af, dest, mode, alloc, false, err);
}

gl_status gl_atomic_write(void *userdata, const char *bytes, size_t len) {
    gl_atomic_file *af = userdata;
    if (af->write_err.status != GL_OK)
        return af->write_err.status;
    if (af->fd < 0)
        return gl_fail(&af->write_err, GL_EIO, 0, "write after the output was closed");
    while (len > 0) {
        ssize_t n = write(af->fd, bytes, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return fail_errno(&af->write_err, errno, "cannot write", af->dest);
        bytes += n;
        len -= (size_t)n;
    }
    return GL_OK;
}

gl_sink gl_atomic_sink(gl_atomic_file *af) {
    gl_sink sink = {gl_atomic_write, af};
    return sink;
}

const gl_error *gl_atomic_write_error(const gl_atomic_file *af) { return &af->write_err; }

gl_status gl_atomic_commit(gl_atomic_file *af, gl_error *err) {
    if (af->fd < 0 || !af->tmp) {
        release(af);
        return gl_fail(err, GL_EIO, 0, "output file was not open");
    }
    if (af->write_err.status != GL_OK) {
        gl_status st = gl_fail(err, af->write_err.status, 0, "%s", af->write_err.message);
        release(af);
        return st;
    }
    /* Without the fsync a crash after the rename can leave an empty file
     * under the final name on some file systems (ext4 delayed allocation).
     * Devices and pipes cannot be synced (EINVAL) and take no rename. */
    if (!af->direct && fsync(af->fd) != 0) {
        gl_status st = fail_errno(err, errno, "cannot flush", af->dest);
        release(af);
        return st;
    }
    int fd = af->fd;
    af->fd = -1;
    if (close(fd) != 0) {
        gl_status st = fail_errno(err, errno, "cannot write", af->dest);
        release(af);
        return st;
    }
    if (!af->direct && rename(af->tmp, af->dest) != 0) {
        gl_status st = fail_errno(err, errno, "cannot rename the temporary file to", af->dest);
        release(af);
        return st;
    }
    gl_free(af->alloc, af->tmp);
    af->tmp = NULL; /* renamed: nothing left to remove */
    release(af);
    return GL_OK;
}

void gl_atomic_abort(gl_atomic_file *af) { release(af); }

gl_status gl_atomic_open_replace(gl_atomic_file *af, const char *dest, mode_t mode,
                                 const gl_allocator *alloc, gl_error *err) {
    return open_file(af, dest, mode, alloc, true, err);
}

bool gl_make_parents(const char *path) {
    char dir[4096];
    int n = snprintf(dir, sizeof dir, "%s", path);
    if (n < 0 || (size_t)n >= sizeof dir)
        return false;
    for (char *p = strchr(dir + 1, '/'); p; p = strchr(p + 1, '/')) {
        *p = '\0';
        bool ok = mkdir(dir, 0700) == 0 || errno == EEXIST;
        *p = '/';
        if (!ok)
            return false;
    }
    return true;
}

bool gl_atomic_save(const char *path, const void *bytes, size_t len, mode_t mode) {
    gl_atomic_file af;
    gl_error err;
    gl_error_init(&err, NULL);
    if (!gl_make_parents(path) || gl_atomic_open(&af, path, mode, NULL, &err) != GL_OK)
        return false;
    if (gl_atomic_write(&af, bytes, len) != GL_OK) {
        gl_atomic_abort(&af);
        return false;
    }
    return gl_atomic_commit(&af, &err) == GL_OK;
}

/* A temporary file in `dir`, unlinked at once so that nothing stays behind
 * whatever happens to the process: tmpfile(3) would ignore TMPDIR. NULL with errno set. */
FILE *gl_temp_file(const char *dir) {
    char path[PATH_MAX];
    if ((size_t)snprintf(path, sizeof path, "%s/.galley-epub-XXXXXX", dir) >= sizeof path) {
        errno = ENAMETOOLONG;
        return NULL;
    }
    int fd = mkstemp(path);
    if (fd < 0)
        return NULL;
    unlink(path);
    FILE *f = fdopen(fd, "w+b");
    if (!f) {
        int errnum = errno;
        close(fd);
        errno = errnum;
    }
    return f;
}
