#include "util/atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "util/alloc.h"
#include "util/error.h"

/* strerror is not thread-safe and batch conversion runs in parallel; this is
 * the XSI strerror_r (no _GNU_SOURCE), which fills `buf`. */
static const char *errno_text(int errnum, char *buf, size_t size) {
    if (strerror_r(errnum, buf, size) != 0)
        snprintf(buf, size, "error %d", errnum);
    return buf;
}

static gl_status fail_errno(gl_error *err, int errnum, const char *what, const char *path) {
    char text[128];
    return gl_fail(err, GL_EIO, 0, "%s '%s': %s", what, path,
                   errno_text(errnum, text, sizeof text));
}

static void release(gl_atomic_file *af) {
    if (af->fd >= 0)
        close(af->fd);
    af->fd = -1;
    if (af->tmp && !af->direct)
        unlink(af->tmp);
    if (af->alloc) {
        gl_free(af->alloc, af->tmp);
        gl_free(af->alloc, af->dest);
    }
    af->tmp = NULL;
    af->dest = NULL;
}

static char *dup_string(const gl_allocator *a, const char *s) {
    size_t n = strlen(s);
    char *p = gl_malloc(a, n + 1);
    if (p)
        memcpy(p, s, n + 1);
    return p;
}

static gl_status open_direct(gl_atomic_file *af, const char *dest, gl_error *err) {
    af->direct = true;
    af->dest = dup_string(af->alloc, dest);
    af->tmp = dup_string(af->alloc, dest); /* what commit and release expect to find */
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

gl_status gl_atomic_open(gl_atomic_file *af, const char *dest, mode_t mode,
                         const gl_allocator *alloc, gl_error *err) {
    af->dest = NULL;
    af->tmp = NULL;
    af->fd = -1;
    af->direct = false;
    af->alloc = alloc ? alloc : gl_allocator_of(NULL);
    gl_error_init(&af->write_err, NULL);

    size_t dlen = strlen(dest);
    if (dlen == 0)
        return gl_fail(err, GL_EIO, 0, "empty output path");
    if (dest[dlen - 1] == '/')
        return gl_fail(err, GL_EIO, 0, "cannot write '%s': Is a directory", dest);
    struct stat st;
    bool exists = stat(dest, &st) == 0;
    if (exists && S_ISDIR(st.st_mode))
        return gl_fail(err, GL_EIO, 0, "cannot write '%s': Is a directory", dest);
    if (exists)
        mode = st.st_mode & 07777;
    if (exists && !S_ISREG(st.st_mode))
        return open_direct(af, dest, err);

    /* The temporary file must sit in the destination's folder: rename is
     * atomic only within one file system. Hidden, so a crash leaves a dot file
     * rather than something that looks like an output. */
    const char *slash = strrchr(dest, '/');
    size_t dir_len = slash ? (size_t)(slash - dest) + 1 : 0;
    const char *base = dest + dir_len;
    static const char suffix[] = ".XXXXXX";
    size_t tmp_size = dlen + 1 + sizeof suffix; /* dir + "." + base + suffix + NUL */
    af->dest = dup_string(af->alloc, dest);
    af->tmp = gl_malloc(af->alloc, tmp_size);
    if (!af->dest || !af->tmp) {
        release(af);
        return gl_fail(err, GL_ENOMEM, 0, "out of memory opening '%s'", dest);
    }
    snprintf(af->tmp, tmp_size, "%.*s.%s%s", (int)dir_len, dest, base, suffix);
    af->fd = mkstemp(af->tmp);
    return finish_open(af, mode, dest, err);
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

static const char replace_suffix[] = ".galley-tmp";

bool gl_atomic_replace_tmp(char *buf, size_t size, const char *dest) {
    const char *slash = strrchr(dest, '/');
    size_t dir_len = slash ? (size_t)(slash - dest) + 1 : 0;
    int n = snprintf(buf, size, "%.*s.%s%s", (int)dir_len, dest, dest + dir_len, replace_suffix);
    return n >= 0 && (size_t)n < size;
}

gl_status gl_atomic_open_replace(gl_atomic_file *af, const char *dest, mode_t mode,
                                 const gl_allocator *alloc, gl_error *err) {
    af->dest = NULL;
    af->tmp = NULL;
    af->fd = -1;
    af->direct = false;
    af->alloc = alloc ? alloc : gl_allocator_of(NULL);
    gl_error_init(&af->write_err, NULL);

    size_t dlen = strlen(dest);
    if (dlen == 0)
        return gl_fail(err, GL_EIO, 0, "empty output path");
    struct stat st;
    bool exists = lstat(dest, &st) == 0;
    if (dest[dlen - 1] == '/' || (exists && S_ISDIR(st.st_mode)))
        return gl_fail(err, GL_EIO, 0, "cannot write '%s': Is a directory", dest);
    if (exists && S_ISREG(st.st_mode))
        mode = st.st_mode & 07777;
    size_t tmp_size = dlen + sizeof replace_suffix + 1;
    af->dest = dup_string(af->alloc, dest);
    af->tmp = gl_malloc(af->alloc, tmp_size);
    if (!af->dest || !af->tmp) {
        release(af);
        return gl_fail(err, GL_ENOMEM, 0, "out of memory opening '%s'", dest);
    }
    gl_atomic_replace_tmp(af->tmp, tmp_size, dest);
    /* A stale temporary file from a killed run is removed rather than
     * truncated: O_EXCL then refuses whatever else (a link planted there)
     * could make the open write elsewhere. */
    if (unlink(af->tmp) != 0 && errno != ENOENT) {
        int e = errno;
        gl_free(af->alloc, af->tmp);
        af->tmp = NULL;
        release(af);
        return fail_errno(err, e, "cannot create a temporary file beside", dest);
    }
    af->fd = open(af->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    return finish_open(af, mode, dest, err);
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
