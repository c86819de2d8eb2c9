/* Walking an input folder: the one walker of the command line, used by a
 * batch (cli/batch_plan.c, one folder at a time as its workers need work)
 * and by --combine (cli/combine.c, all at once).
 *
 * A walk reads its folders depth first, each folder's entries in bytewise
 * order, its files before its subfolders. Hidden entries (a leading dot)
 * are never looked at, which keeps galley's own temporary and state files
 * out of every walk. Symbolic links to files are followed; to folders they
 * are not, so no link can make a walk loop. FIFOs, devices and sockets are
 * never opened (reading a FIFO could block forever). */
#ifndef GL_CLI_WALK_H
#define GL_CLI_WALK_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

typedef enum gl_walk_kind {
    GL_WALK_FILE,    /* a regular file (or a link to one) whose extension a reader claims */
    GL_WALK_FOLDER,  /* a subfolder (never a link to one) */
    GL_WALK_SKIPPED, /* not an input; `why` says what it is */
    GL_WALK_FAILED   /* could not be looked at; `error` is the errno */
} gl_walk_kind;

/* One entry of a folder, valid during the callback. */
typedef struct gl_walk_entry {
    const char *path; /* "ROOT/rel/name" as a walk opens it */
    const char *rel;  /* "rel/name", relative to the walk's root */
    const char *name; /* the last part */
    gl_walk_kind kind;
    struct stat st;  /* FILE: the file's (links followed); FOLDER: the folder's */
    const char *why; /* SKIPPED: "a FIFO", "a symbolic link loop"... */
    bool loud;       /* SKIPPED: worth saying without -v (a FIFO or device, not a
                        stray file) */
    int error;       /* FAILED: errno of the lstat */
} gl_walk_entry;

/* What the callback says of an entry: for a FOLDER, whether the walk goes
 * into it. */
typedef bool (*gl_walk_fn)(void *userdata, const gl_walk_entry *entry);

/* A walk of one root: the folders still to read, the next one last. */
typedef struct gl_walk {
    const char *root; /* not owned */
    char **todo;      /* relative paths ("" for the root), malloc'd */
    size_t count, cap;
    bool quick; /* counting ahead: names only, unsorted (gl_walk_start_quick) */
} gl_walk;

/* Starts a walk of `root` (which must stay valid): the first folder to read
 * is the root itself. gl_walk_start_quick starts one that only counts: it
 * trusts the folder entries' file types (d_type) instead of asking for each
 * file's, does not sort, and gives SKIPPED for no entry (a file that is not
 * regular comes as FILE when its extension is claimed), so a count ahead
 * costs a readdir per folder. */
void gl_walk_start(gl_walk *w, const char *root);
void gl_walk_start_quick(gl_walk *w, const char *root);

/* The next folder to read, relative to the root and malloc'd (the caller
 * frees it), or NULL when the walk is over. */
char *gl_walk_next(gl_walk *w);

/* Reads folder `rel` (from gl_walk_next) and calls `fn` for each entry;
 * the subfolders `fn` accepts are read next, first one first. Returns false
 * with errno set when the folder itself cannot be read (no entry is given
 * then). Exits the process when memory runs out, as the CLI does. */
bool gl_walk_read(gl_walk *w, const char *rel, gl_walk_fn fn, void *userdata);

/* Frees the folders not read. */
void gl_walk_free(gl_walk *w);

#endif
