/* Writing an output file all at once or not at all (libgit2's filebuf): bytes
 * go to a temporary file beside the destination, which is fsynced and renamed
 * over it only when the whole output was written. A failure at any point
 * removes the temporary file, so no reader ever sees a partial output. */
#ifndef GL_UTIL_ATOMIC_H
#define GL_UTIL_ATOMIC_H

#include <stdbool.h>
#include <sys/types.h>
#include "galley/error.h"
#include "galley/io.h"
#include "galley/options.h"

typedef struct gl_atomic_file {
    char *dest;                /* the final path (owned) */
    char *tmp;                 /* ".NAME.XXXXXX" in dest's folder (owned); NULL once closed */
    int fd;                    /* the temporary file, -1 once closed */
    bool direct;               /* dest is a device or pipe (/dev/null): written in place */
    const gl_allocator *alloc; /* where dest and tmp come from */
    gl_error write_err;        /* the first failed write, kept for gl_atomic_commit */
} gl_atomic_file;

/* Creates the temporary file for `dest` (mode 0600 while being written).
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

/* Like gl_atomic_open, for a batch run in which one process owns each
 * destination (the run holds a lock on its output folder): the temporary
 * file has the fixed name ".NAME.galley-tmp" beside the destination, so a
 * run killed with -9 leaves at most that name, which the rerun of the same
 * file replaces, and the parent of a crashed worker can remove it without
 * asking. The destination is always replaced by a rename, never written in
 * place, and never followed: an existing symbolic link, FIFO or device at
 * `dest` is replaced by the new file. Same statuses as gl_atomic_open. */
gl_status gl_atomic_open_replace(gl_atomic_file *af, const char *dest, mode_t mode,
                                 const gl_allocator *alloc, gl_error *err);

/* Writes the temporary path gl_atomic_open_replace uses for `dest` into
 * `buf` (NUL-terminated). Returns false when it does not fit. */
bool gl_atomic_replace_tmp(char *buf, size_t size, const char *dest);

/* Creates the folders above the file `path` (mode 0700), like mkdir -p, for
 * a cache file: true when they exist afterwards. */
bool gl_make_parents(const char *path);

#endif
