/* galley --combine: every input (a folder gives its files that a reader
 * claims, by path, hidden entries skipped) becomes one chapter of a single
 * book, through gl_book. Inputs are read and converted one at a time, so an
 * EPUB of a thousand articles holds one article at a time. */
#include "cli/combine.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "util/atomic.h"

typedef struct combine {
    const gl_cli_args *args;
    const gl_options *opt;
    gl_book *book;
    int status;
} combine;

static void say(const char *file, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void say(const char *file, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    gl_cli_vsay(file, 0, fmt, ap);
    va_end(ap);
}

static void *xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p) {
        fputs("galley: out of memory\n", stderr);
        exit(GL_EXIT_FAILED);
    }
    return p;
}

static char *join(const char *a, const char *b) {
    size_t la = strlen(a), lb = strlen(b);
    bool slash = la > 0 && a[la - 1] != '/';
    char *p = xmalloc(la + slash + lb + 1);
    memcpy(p, a, la);
    if (slash)
        p[la] = '/';
    memcpy(p + la + slash, b, lb + 1);
    return p;
}

/* Reads `fd` whole, refusing more than opt->max_input bytes. */
static bool read_all(const combine *cb, int fd, const char *name, char **out, size_t *out_len) {
    size_t cap = 65536, len = 0, max = cb->opt->max_input;
    char *data = xmalloc(cap);
    for (;;) {
        if (len == cap) {
            cap = cap > max / 2 ? max + 1 : cap * 2;
            char *p = realloc(data, cap);
            if (!p) {
                free(data);
                say(name, "out of memory reading the input");
                return false;
            }
            data = p;
        }
        ssize_t n = read(fd, data + len, cap - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            say(name, "cannot read: %s", strerror(errno));
            free(data);
            return false;
        }
        if (n == 0)
            break;
        len += (size_t)n;
        if (len > max) {
            say(name, "input is over the limit of %zu bytes (--max-input)", max);
            free(data);
            return false;
        }
    }
    *out = data;
    *out_len = len;
    return true;
}

/* Reads one input (`path` NULL: standard input) and adds it as a chapter. */
static void add_input(combine *cb, const char *path) {
    const char *name = path ? path : "<stdin>";
    int fd = path ? open(path, O_RDONLY | O_CLOEXEC) : STDIN_FILENO;
    if (fd < 0) {
        say(name, "cannot read: %s", strerror(errno));
        cb->status = GL_EXIT_FAILED;
        return;
    }
    char *data = NULL;
    size_t len = 0;
    bool ok = read_all(cb, fd, name, &data, &len);
    if (path)
        close(fd);
    if (!ok) {
        cb->status = GL_EXIT_FAILED;
        return;
    }
    gl_input in = {name, path, data, len};
    gl_error err;
    gl_error_init(&err, name);
    gl_doc *doc = NULL;
    gl_status st = gl_read(&doc, &in, cb->args->from, cb->opt, &err);
    free(data);
    if (st == GL_OK)
        st = gl_book_add(cb->book, &doc, path, &err);
    gl_doc_free(doc);
    if (st != GL_OK) {
        say(err.file[0] ? err.file : name, "%s (left out of the book)",
            err.message[0] ? err.message : gl_status_text(st));
        cb->status = GL_EXIT_FAILED;
    }
}

static int compare_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds every file below `root` that a reader claims, in bytewise path order;
 * symbolic links to folders are not followed, so the walk cannot loop. */
static void add_folder(combine *cb, const char *root) {
    char **todo = xmalloc(sizeof *todo), **files = NULL;
    size_t ntodo = 1, todo_cap = 1, nfiles = 0, files_cap = 0;
    todo[0] = join(root, "");
    while (ntodo > 0) {
        char *dir = todo[--ntodo];
        DIR *d = opendir(dir);
        if (!d) {
            say(dir, "cannot read the folder: %s", strerror(errno));
            cb->status = GL_EXIT_FAILED;
            free(dir);
            continue;
        }
        for (struct dirent *e; (e = readdir(d));) {
            if (e->d_name[0] == '.')
                continue;
            char *path = join(dir, e->d_name);
            struct stat st;
            if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
                if (ntodo == todo_cap) {
                    todo_cap *= 2;
                    char **p = realloc(todo, todo_cap * sizeof *p);
                    if (!p) {
                        fputs("galley: out of memory\n", stderr);
                        exit(GL_EXIT_FAILED);
                    }
                    todo = p;
                }
                todo[ntodo++] = path;
            } else if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && gl_reader_by_path(path)) {
                if (nfiles == files_cap) {
                    files_cap = files_cap ? files_cap * 2 : 64;
                    char **p = realloc(files, files_cap * sizeof *p);
                    if (!p) {
                        fputs("galley: out of memory\n", stderr);
                        exit(GL_EXIT_FAILED);
                    }
                    files = p;
                }
                files[nfiles++] = path;
            } else {
                free(path);
            }
        }
        closedir(d);
        free(dir);
    }
    if (nfiles > 1)
        qsort(files, nfiles, sizeof *files, compare_names);
    for (size_t i = 0; i < nfiles; i++) {
        add_input(cb, files[i]);
        free(files[i]);
    }
    free(files);
    free(todo);
}

static gl_status stdout_write(void *userdata, const char *bytes, size_t len) {
    (void)userdata;
    while (len > 0) {
        ssize_t n = write(STDOUT_FILENO, bytes, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return GL_EIO;
        bytes += n;
        len -= (size_t)n;
    }
    return GL_OK;
}

static int usage(const char *fmt, const char *arg) {
    fputs("galley: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'galley --help' for more information.\n", stderr);
    return GL_EXIT_USAGE;
}

int gl_cli_combine(const gl_cli_args *args, const gl_options *opt, mode_t file_mode) {
    const char *out = args->output && strcmp(args->output, "-") != 0 ? args->output : NULL;
    const gl_writer_entry *writer = args->to;
    if (!writer && out)
        writer = gl_writer_by_path(out);
    if (!writer)
        writer = gl_writer_by_name(out ? "epub" : "text");
    if (strcmp(writer->name, "epub") != 0 && strcmp(writer->name, "pdf") != 0 &&
        strcmp(writer->name, "text") != 0)
        return usage("--combine makes epub, pdf or text, not %s", writer->name);
    if (out && out[strlen(out) - 1] == '/')
        return usage("--combine writes one book: -o %s names a folder; use -o FILE", out);
    if (!out && writer->binary)
        return usage("--combine needs -o FILE for %s", writer->name);
    /* --title, else --metadata title=..., names the book. */
    const char *title = args->title;
    for (size_t i = 0; !title && i < args->meta_count; i++)
        if (args->meta[i].field == GL_META_TITLE && *args->meta[i].value)
            title = args->meta[i].value;
    gl_book_order order = args->sort == GL_CLI_SORT_PATH   ? GL_BOOK_BY_PATH
                          : args->sort == GL_CLI_SORT_ARGS ? GL_BOOK_AS_ADDED
                                                           : GL_BOOK_BY_DATE;
    combine cb = {args, opt, NULL, GL_EXIT_OK};
    gl_error err;
    gl_error_init(&err, out);
    gl_atomic_file af;
    if (out && gl_atomic_open(&af, out, file_mode, NULL, &err) != GL_OK) {
        say(NULL, "%s", err.message);
        return GL_EXIT_FAILED;
    }
    if (gl_book_new(&cb.book, writer, title, order, opt, &err) != GL_OK) {
        say(out, "%s", err.message);
        if (out)
            gl_atomic_abort(&af);
        return GL_EXIT_FAILED;
    }
    for (size_t i = 0; i < args->input_count; i++) {
        const char *in = args->inputs[i];
        struct stat st;
        if (strcmp(in, "-") == 0)
            add_input(&cb, NULL);
        else if (stat(in, &st) == 0 && S_ISDIR(st.st_mode))
            add_folder(&cb, in);
        else
            add_input(&cb, in);
    }
    gl_sink sink = {stdout_write, NULL};
    if (out)
        sink = gl_atomic_sink(&af);
    gl_error_init(&err, out);
    gl_status st = gl_book_finish(cb.book, &sink, &err);
    gl_book_free(cb.book);
    if (st == GL_OK && out)
        st = gl_atomic_commit(&af, &err);
    if (st != GL_OK) {
        if (out && gl_atomic_write_error(&af)->status != GL_OK)
            say(NULL, "%s", gl_atomic_write_error(&af)->message);
        else
            say(out ? out : "standard output", "%s", err.message);
        if (out)
            gl_atomic_abort(&af);
        return GL_EXIT_FAILED;
    }
    return cb.status;
}
