/* Writing an output file all at once or not at all (libgit2's filebuf): bytes
 * go to a temporary file beside the destination, which is fsynced and renamed
 * over it only when the whole output was written. A failure at any point
 * removes the temporary file, so no reader ever sees a partial output. */
#ifndef GL_UTIL_ATOMIC_H
#define GL_UTIL_ATOMIC_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>
#include "galley/error.h"
#include "galley/io.h"
#include "galley/options.h"

typedef struct gl_atomic_file {
    char *dest;                /* the final path (owned) */
    char *tmp;                 /* ".NAME.galley-tmp" in dest's folder (owned); NULL once
                                  closed */
    int fd;                    /* the temporary file, -1 once closed */
    int lock_fd;               /* the same file, locked (flock) until it is renamed or
                                  removed; -1 when none */
    bool direct;               /* dest is a device or pipe (/dev/null): written in place */
    const gl_allocator *alloc; /* where dest and tmp come from */
    gl_error write_err;        /* the first failed write, kept for gl_atomic_commit */
} gl_atomic_file;

/* Creates the temporary file for `dest` (mode 0600 while being written):
 * ".NAME.galley-tmp" beside it, NAME being dest's last part (when that
 * would pass NAME_MAX: as much of NAME as fits, "~" and a hash of all of
 * it). The file is locked (flock) for as long as it exists, so that the
 * one a writer killed with -9 left is told from a live writer's: the next
 * open of the same destination removes it and takes the name; while a live
 * writer holds it, ".NAME.galley-XXXXXX" is used instead.
 * `mode` is what a newly created destination gets (the caller applies its
 * umask); an existing destination keeps its own mode. `alloc` may be NULL.
 * Returns GL_OK, GL_ENOMEM, or GL_EIO when the folder is missing or not
 * writable or `dest` is a folder; the message names the path. On failure
 * nothing is left behind and gl_atomic_abort is a no-op. An existing `dest`
 * that is not a regular file (/dev/null, a FIFO) is written in place: a
 * rename would replace the device with a file. */
gl_status gl_atomic_open(gl_atomic_file *af, const char *dest, mode_t mode,
                         const gl_allocator *alloc, gl_error *err);

/* A sink writing into the temporary file; valid until commit or abort. A
 * failed write is remembered and makes gl_atomic_commit fail. */
gl_sink gl_atomic_sink(gl_atomic_file *af);

/* A gl_write_fn over a gl_atomic_file (userdata). Returns GL_OK or GL_EIO. */
gl_status gl_atomic_write(void *userdata, const char *bytes, size_t len);

/* The first failed write (GL_OK when none): lets a caller whose writer
 * reported GL_ESINK say what the file system refused. */
const gl_error *gl_atomic_write_error(const gl_atomic_file *af);

/* fsyncs the temporary file and renames it over the destination. On failure
 * (an earlier write failed, fsync or rename failed) the temporary file is
 * removed and the destination is untouched. Frees af's memory either way.
 * Returns GL_OK or GL_EIO (GL_ENOMEM never). */
gl_status gl_atomic_commit(gl_atomic_file *af, gl_error *err);

/* Removes the temporary file and frees af's memory. Safe after a failed
 * open, after commit, and twice. */
void gl_atomic_abort(gl_atomic_file *af);

/* Like gl_atomic_open, for a batch run, which owns its output folder: the
 * destination is always replaced by a rename, never written in place, and
 * never followed: an existing symbolic link, FIFO or device at `dest` is
 * replaced by the new file. Same statuses as gl_atomic_open. */
gl_status gl_atomic_open_replace(gl_atomic_file *af, const char *dest, mode_t mode,
                                 const gl_allocator *alloc, gl_error *err);

/* Removes the temporary file ".NAME.galley-tmp" of `dest` if nobody writes
 * it any more (a regular file of this user whose lock is free), as the
 * parent of a crashed batch worker does. Whether it is gone. */
bool gl_atomic_remove_stale(const char *dest);

/* Creates the folders above the file `path` (mode 0700), like mkdir -p, for
 * a cache file: true when they exist afterwards. */
bool gl_make_parents(const char *path);

/* Writes `len` bytes to `path` all at once (gl_atomic_open, `mode` for a
 * new file), creating the folders above it (gl_make_parents): for a cache,
 * where a file that cannot be written only costs the next run time, so
 * there is no error to report. Whether it was written. */
bool gl_atomic_save(const char *path, const void *bytes, size_t len, mode_t mode);

/* A temporary file in `dir`, opened "w+b" and unlinked at once, so that
 * nothing stays behind whatever happens to the process (tmpfile(3) ignores
 * TMPDIR). NULL with errno set. */
FILE *gl_temp_file(const char *dir);

#endif
