/* The one folder walker of the command line; see walk.h. */
/* d_type in struct dirent: a count ahead needs no stat per file. */
#define _DEFAULT_SOURCE
#include "cli/walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "galley/galley.h"
#include "cli/util.h"

static void push(gl_walk *w, char *rel) {
    gl_cli_grow(&w->todo, &w->cap, w->count + 1, sizeof *w->todo);
    w->todo[w->count++] = rel;
}

void gl_walk_start(gl_walk *w, const char *root) {
    memset(w, 0, sizeof *w);
    w->root = root;
    push(w, gl_cli_join("", ""));
}

void gl_walk_start_quick(gl_walk *w, const char *root) {
    gl_walk_start(w, root);
    w->quick = true;
}

char *gl_walk_next(gl_walk *w) { return w->count > 0 ? w->todo[--w->count] : NULL; }

void gl_walk_free(gl_walk *w) {
    for (size_t i = 0; i < w->count; i++)
        free(w->todo[i]);
    free(w->todo);
    memset(w, 0, sizeof *w);
}

/* What `e->path` is. Symbolic links to files are followed; to folders they
 * are not. */
static void classify(gl_walk_entry *e) {
    if (lstat(e->path, &e->st) != 0) {
        e->kind = GL_WALK_FAILED;
        e->error = errno;
    } else if (S_ISDIR(e->st.st_mode)) {
        e->kind = GL_WALK_FOLDER;
    } else if (S_ISLNK(e->st.st_mode) && stat(e->path, &e->st) != 0) {
        e->kind = GL_WALK_SKIPPED;
        e->why = errno == ELOOP ? "a symbolic link loop" : "a broken symbolic link";
    } else if (S_ISDIR(e->st.st_mode)) {
        e->kind = GL_WALK_SKIPPED;
        e->why = "a symbolic link to a folder (not followed)";
    } else if (!gl_reader_by_path(e->path)) {
        e->kind = GL_WALK_SKIPPED;
        e->why = "no reader claims its extension";
    } else if (!S_ISREG(e->st.st_mode)) {
        /* Reading a FIFO could block forever, a device could be endless. */
        e->kind = GL_WALK_SKIPPED;
        e->why = gl_cli_file_kind(e->st.st_mode);
        e->loud = true;
    } else {
        e->kind = GL_WALK_FILE;
    }
}

/* The quick look of a count ahead: the folder entry's type when it gives
 * one, a stat only when it does not. */
static void classify_quick(gl_walk_entry *e, unsigned char d_type) {
    bool is_dir = d_type == DT_DIR;
    memset(&e->st, 0, sizeof e->st);
    if (is_dir || d_type == DT_UNKNOWN)
        is_dir = lstat(e->path, &e->st) == 0 && S_ISDIR(e->st.st_mode);
    if (is_dir)
        e->kind = GL_WALK_FOLDER;
    else if (gl_reader_by_path(e->path))
        e->kind = GL_WALK_FILE;
    else
        e->kind = GL_WALK_SKIPPED;
}

static int compare_names(const void *x, const void *y) {
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The names in `dir` that are not hidden, sorted unless `quick`, with
 * their d_type. False when the folder cannot be read (errno says why). */
static bool list_folder(const char *dir, bool quick, char ***names, unsigned char **types,
                        size_t *count) {
    DIR *d = opendir(dir);
    if (!d)
        return false;
    size_t n = 0, cap = 0;
    char **list = NULL;
    unsigned char *kinds = NULL;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        /* Two arrays of one length: the second grows to the first's cap. */
        size_t kinds_cap = cap;
        gl_cli_grow(&list, &cap, n + 1, sizeof *list);
        gl_cli_grow(&kinds, &kinds_cap, cap, 1);
        kinds[n] = e->d_type;
        list[n++] = gl_cli_join(e->d_name, "");
    }
    closedir(d);
    /* d_type is only read by a quick walk, which does not sort. */
    if (!quick && n > 1)
        qsort(list, n, sizeof *list, compare_names);
    *names = list;
    *types = kinds;
    *count = n;
    return true;
}

bool gl_walk_read(gl_walk *w, const char *rel, gl_walk_fn fn, void *userdata) {
    char *dir = gl_cli_join(w->root, rel);
    char **names;
    unsigned char *types;
    size_t n;
    if (!list_folder(dir, w->quick, &names, &types, &n)) {
        int e = errno;
        free(dir);
        errno = e;
        return false;
    }
    /* Accepted subfolders are read after this folder's files, the first one
     * next: pushed in reverse once all are known. */
    size_t first_sub = w->count;
    for (size_t i = 0; i < n; i++) {
        gl_walk_entry e;
        memset(&e, 0, sizeof e);
        char *path = gl_cli_join(dir, names[i]);
        char *entry_rel = gl_cli_join(rel, names[i]);
        e.path = path;
        e.rel = entry_rel;
        e.name = names[i];
        if (w->quick)
            classify_quick(&e, types[i]);
        else
            classify(&e);
        if (fn(userdata, &e) && e.kind == GL_WALK_FOLDER) {
            push(w, entry_rel);
            entry_rel = NULL;
        }
        free(entry_rel);
        free(path);
        free(names[i]);
    }
    for (size_t i = first_sub, j = w->count; j > i + 1; i++, j--) {
        char *t = w->todo[i];
        w->todo[i] = w->todo[j - 1];
        w->todo[j - 1] = t;
    }
    free(names);
    free(types);
    free(dir);
    return true;
}
