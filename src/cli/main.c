/* galley: the command line. A thin client of libgalley.so's API (mapped
 * through the tool's RUNPATH: docs/architecture.md): it picks inputs,
 * outputs and formats, reads files into memory, and prints what the library
 * reports as `galley: FILE:LINE: message`. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "galley/galley.h"
#include "cli/args.h"
#include "cli/batch.h"
#include "cli/combine.h"
#include "util/atomic.h"
#include "util/error.h"

/* Where the library reports and what the run has to do. */
typedef struct cli {
    gl_cli_args args;
    gl_options opt;
    const gl_writer_entry *writer;
    const char *out_file; /* -o FILE; NULL with -o DIR or standard output */
    const char *out_dir;  /* -o DIR; NULL otherwise: then src/cli/batch.c converts */
    mode_t file_mode;     /* 0644 less the umask, for new outputs */
    int status;           /* GL_EXIT_OK until a conversion fails */
} cli;

static void report(const char *file, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void report(const char *file, unsigned long line, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    gl_cli_vsay(file, line, fmt, ap);
    va_end(ap);
}

/* A library error: it names the input it was reading, else `name` does. */
static void report_error(const gl_error *err, const char *name) {
    report(err->file[0] ? err->file : name, err->line, "%s",
           err->message[0] ? err->message : gl_status_text(err->status));
}

static void on_warning(void *userdata, const char *file, unsigned long line, const char *message) {
    (void)userdata;
    report(file, line, "warning: %s", message);
}

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...) {
    fputs("galley: ", stderr);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'galley --help' for more information.\n", stderr);
    return GL_EXIT_USAGE;
}

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* The extension of the last path component, dot included, or NULL; a
 * leading dot (".profile") is not one, as in the registry. */
static const char *extension_of(const char *path) {
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    return dot && dot != base ? dot : NULL;
}

/* Reads all of `fd` into a malloc'd buffer, refusing more than opt.max_input
 * bytes. A regular file is measured first, so an oversized input is refused
 * without reading it; pipes are read in chunks under the same cap. */
static bool read_input(const cli *c, int fd, const struct stat *st, const char *name, char **out,
                       size_t *out_len) {
    size_t max = c->opt.max_input;
    if (S_ISREG(st->st_mode) && (unsigned long long)st->st_size > max) {
        report(name, 0, "input is %lld bytes, over the limit of %zu bytes (--max-input)",
               (long long)st->st_size, max);
        return false;
    }
    size_t cap = S_ISREG(st->st_mode) ? (size_t)st->st_size + 1 : 65536;
    size_t len = 0;
    char *data = malloc(cap);
    for (;;) {
        if (!data) {
            report(name, 0, "out of memory reading the input");
            return false;
        }
        if (len == cap) {
            size_t grown = cap > max / 2 ? max + 1 : cap * 2;
            char *p = realloc(data, grown);
            if (!p)
                free(data);
            data = p;
            cap = grown;
            continue;
        }
        ssize_t n = read(fd, data + len, cap - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            report(name, 0, "cannot read: %s", strerror(errno));
            free(data);
            return false;
        }
        if (n == 0)
            break;
        len += (size_t)n;
        if (len > max) {
            report(name, 0, "input is over the limit of %zu bytes (--max-input)", max);
            free(data);
            return false;
        }
    }
    *out = data;
    *out_len = len;
    return true;
}

/* Whether writing `out` would replace the input described by `in`. Only a
 * regular file can be destroyed so: a terminal as both stdin and
 * `-o /dev/stdout` is fine. */
static bool is_same_file(const struct stat *in, const char *out) {
    struct stat st;
    return S_ISREG(in->st_mode) && stat(out, &st) == 0 && st.st_dev == in->st_dev &&
           st.st_ino == in->st_ino;
}

/* Standard output as a sink; `userdata` is an int receiving errno. */
static gl_status stdout_write(void *userdata, const char *bytes, size_t len) {
    int *errnum = userdata;
    while (len > 0) {
        ssize_t n = write(STDOUT_FILENO, bytes, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            *errnum = errno;
            return GL_EIO;
        }
        bytes += n;
        len -= (size_t)n;
    }
    return GL_OK;
}

/* The test hook GALLEY_TEST_FAIL_WRITE_AFTER=N: the output takes N bytes,
 * then refuses, as a full disk would in the middle of a writer's output. */
typedef struct failing_sink {
    gl_sink inner;
    size_t left;
    bool failed;
} failing_sink;

static gl_status failing_write(void *userdata, const char *bytes, size_t len) {
    failing_sink *f = userdata;
    if (len <= f->left) {
        f->left -= len;
        return f->inner.write(f->inner.userdata, bytes, len);
    }
    if (f->left > 0)
        f->inner.write(f->inner.userdata, bytes, f->left);
    f->left = 0;
    f->failed = true;
    return GL_EIO;
}

/* Renders `doc`, read from `path` (NULL: standard input), into `af` (an open
 * atomic file) or, when `af` is NULL, to standard output. The caller commits
 * or aborts `af`. */
static bool write_output(cli *c, const gl_doc *doc, const char *name, const char *path,
                         gl_atomic_file *af) {
    gl_error err;
    gl_error_init(&err, name);
    int stdout_errno = 0;
    gl_sink sink = {stdout_write, &stdout_errno};
    if (af)
        sink = gl_atomic_sink(af);
    failing_sink hook = {sink, c->args.fail_write_after, false};
    if (c->args.fail_write) {
        sink.write = failing_write;
        sink.userdata = &hook;
    }
    /* The EPUB writer takes local images from the input's folder. */
    gl_options opt = c->opt;
    opt.source_path = path;
    if (gl_write(c->writer, doc, &sink, &opt, &err) == GL_OK)
        return true;
    /* A writer only knows the sink refused; say what refused it. */
    if (af && gl_atomic_write_error(af)->status != GL_OK)
        report(name, 0, "%s", gl_atomic_write_error(af)->message);
    else if (stdout_errno)
        report(name, 0, "cannot write to standard output: %s", strerror(stdout_errno));
    else if (hook.failed)
        report(name, 0, "cannot write '%s': refused by GALLEY_TEST_FAIL_WRITE_AFTER",
               af ? af->dest : "standard output");
    else
        report_error(&err, name);
    return false;
}

/* Opens the input, checks the output can be written (before any reading,
 * so a bad -o is reported whatever the input holds), reads it whole. */
static bool load(cli *c, const char *path, const char *name, const char *out, gl_atomic_file *af,
                 char **data, size_t *len) {
    int fd = path ? open(path, O_RDONLY | O_CLOEXEC) : STDIN_FILENO;
    if (fd < 0) {
        report(name, 0, "cannot read: %s", strerror(errno));
        return false;
    }
    struct stat st;
    bool ok = fstat(fd, &st) == 0;
    if (!ok)
        report(name, 0, "cannot read: %s", strerror(errno));
    /* Renaming the output over the input would destroy it (`galley notes.txt
     * -o notes.txt`). A name that does not exist yet cannot be the input we
     * hold open, so comparing the identities of existing files is enough. */
    if (ok && out && is_same_file(&st, out)) {
        report(name, 0, "refusing to overwrite the input with its own output '%s'", out);
        ok = false;
    }
    if (ok && S_ISDIR(st.st_mode)) {
        report(name, 0, "is a folder: converting a folder needs -o DIR/");
        ok = false;
    }
    gl_error err;
    gl_error_init(&err, name);
    if (ok && out && gl_atomic_open(af, out, c->file_mode, NULL, &err) != GL_OK) {
        report(name, 0, "%s", err.message);
        ok = false;
    }
    if (ok && !read_input(c, fd, &st, name, data, len)) {
        if (out)
            gl_atomic_abort(af);
        ok = false;
    }
    if (path)
        close(fd);
    return ok;
}

/* --explain: every metadata value and where it came from. */
static void explain(const gl_doc *doc, const char *name) {
    for (int f = 0; f < GL_META_COUNT; f++) {
        const char *v = gl_doc_meta(doc, (gl_meta_field)f);
        if (v)
            report(name, 0, "explain: %s = \"%s\" (from %s)", gl_meta_field_name((gl_meta_field)f),
                   v, gl_doc_meta_source(doc, (gl_meta_field)f));
        else
            report(name, 0, "explain: %s: none found", gl_meta_field_name((gl_meta_field)f));
    }
}

/* Converts one input (`path` NULL: standard input) into `out` (NULL:
 * standard output). Failures are reported and counted; the run goes on. */
static void convert(cli *c, const char *path, const char *out) {
    const char *name = path ? path : "<stdin>";
    gl_atomic_file file;
    gl_atomic_file *af = out ? &file : NULL;
    char *data = NULL;
    size_t len = 0;
    if (!load(c, path, name, out, af, &data, &len)) {
        c->status = GL_EXIT_FAILED;
        return;
    }

    const gl_reader_entry *reader = c->args.from;
    const char *how = "-f";
    if (!reader && path && (reader = gl_reader_by_path(path)))
        how = "by extension";
    if (!reader) {
        reader = gl_reader_sniff(data, len);
        how = "by content";
    }
    if (c->args.verbose)
        report(name, 0, "reading as %s (%s), %zu bytes", reader->name, how, len);

    gl_input in = {name, path, data, len};
    gl_error err;
    gl_error_init(&err, name);
    gl_doc *doc = NULL;
    double t0 = now_ms();
    gl_status st = gl_read(&doc, &in, reader, &c->opt, &err);
    double t1 = now_ms();
    free(data);
    if (st == GL_OK)
        st = gl_cli_apply_metadata(doc, &c->args, &err);
    if (st == GL_OK && c->opt.explain)
        explain(doc, name);
    bool ok = st == GL_OK;
    if (!ok)
        report_error(&err, name);
    ok = ok && write_output(c, doc, name, path, af);
    double t2 = now_ms();
    gl_doc_free(doc);
    if (af && ok && gl_atomic_commit(af, &err) != GL_OK) {
        report(name, 0, "%s", err.message);
        ok = false;
    }
    if (af && !ok)
        gl_atomic_abort(af);
    if (!ok) {
        c->status = GL_EXIT_FAILED;
        return;
    }
    if (c->args.verbose)
        report(name, 0, "wrote %s as %s; read %.1f ms, write %.1f ms",
               out ? out : "standard output", c->writer->name, t1 - t0, t2 - t1);
}

static void list_formats(void) {
    size_t n;
    const gl_reader_entry *r = gl_readers(&n);
    puts("Readers (input formats, -f):");
    for (size_t i = 0; i < n; i++)
        printf("  %-10s %-26s %s\n", r[i].name, r[i].extensions, r[i].mime);
    const gl_writer_entry *w = gl_writers(&n);
    puts("Writers (output formats, -t):");
    for (size_t i = 0; i < n; i++)
        printf("  %-10s %-26s %s%s\n", w[i].name, w[i].extension, w[i].mime,
               w[i].binary ? " (binary)" : "");
}

static bool is_folder(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Decides the writer and where outputs go; usage errors come out here,
 * before anything is converted. */
static int plan(cli *c) {
    const gl_cli_args *a = &c->args;
    const char *folder = NULL;
    bool has_stdin = false;
    for (size_t i = 0; i < a->input_count; i++) {
        if (strcmp(a->inputs[i], "-") == 0)
            has_stdin = true;
        else if (!folder && is_folder(a->inputs[i]))
            folder = a->inputs[i];
    }
    const char *o = a->output;
    c->writer = a->to ? a->to : gl_writer_by_name("text");
    bool to_folder = o && strcmp(o, "-") != 0 && (o[strlen(o) - 1] == '/' || is_folder(o));
    if (!to_folder && a->files_from)
        return usage_error("--files-from converts into a folder: give -o DIR/");
    if (!to_folder && a->format_count > 1)
        return usage_error("-t with %zu formats writes several files per input: give -o DIR/",
                           a->format_count);
    if (!o || strcmp(o, "-") == 0) {
        if (folder)
            return usage_error("'%s' is a folder: converting a folder needs -o DIR/", folder);
        if (c->writer->binary && a->input_count > 1)
            return usage_error("%zu inputs cannot share standard output as %s; use -o DIR/",
                               a->input_count, c->writer->name);
        if (c->writer->binary && isatty(STDOUT_FILENO)) {
            char upper[16];
            size_t k = 0;
            for (; c->writer->name[k] && k + 1 < sizeof upper; k++) {
                char ch = c->writer->name[k];
                upper[k] = ch >= 'a' && ch <= 'z' ? (char)(ch - 'a' + 'A') : ch;
            }
            upper[k] = '\0';
            return usage_error("refusing to write %s to a terminal; use -o FILE%s or redirect",
                               upper, c->writer->extension);
        }
        return GL_EXIT_OK;
    }
    if (to_folder) {
        if (has_stdin)
            return usage_error("standard input (-) has no name to convert into the folder '%s'; "
                               "use -o FILE",
                               o);
        c->out_dir = o;
        return GL_EXIT_OK;
    }
    if (a->input_count > 1)
        return usage_error("-o %s names one file but %zu inputs were given; use -o DIR/", o,
                           a->input_count);
    if (folder)
        return usage_error("'%s' is a folder: converting a folder needs -o DIR/, not -o %s", folder,
                           o);
    if (!a->to) {
        const char *ext = extension_of(o);
        c->writer = ext ? gl_writer_by_path(o) : gl_writer_by_name("text");
        if (!c->writer) {
            fprintf(stderr, "galley: unknown output format '%s' (from -o %s); known: ", ext + 1, o);
            gl_cli_list_names(stderr, true);
            fputs("\nUse -t FORMAT to choose one.\n", stderr);
            return GL_EXIT_USAGE;
        }
    }
    c->out_file = o;
    return GL_EXIT_OK;
}

static int run(cli *c) {
    if (c->out_dir) {
        const gl_writer_entry *only[1] = {c->writer};
        gl_batch_config cfg = {&c->args,
                               &c->opt,
                               c->out_dir,
                               c->args.format_count ? c->args.formats : only,
                               c->args.format_count ? c->args.format_count : 1,
                               c->file_mode};
        return gl_batch_run(&cfg);
    }
    for (size_t i = 0; i < c->args.input_count; i++) {
        const char *in = c->args.inputs[i];
        convert(c, strcmp(in, "-") == 0 ? NULL : in, c->out_file);
    }
    return c->status;
}

/* Output that stdio buffered (help, version, formats) can still fail at
 * exit, e.g. `galley --help > /dev/full`: say so instead of exiting 0. */
static int finish_stdout(int rc) {
    if (fflush(stdout) != 0 || ferror(stdout)) {
        report("standard output", 0, "write error: %s", strerror(errno));
        return GL_EXIT_FAILED;
    }
    return rc;
}

/* $XDG_CACHE_HOME/galley/fonts, else ~/.cache/galley/fonts (the XDG base
 * directory default); NULL when neither is known or memory ran out, which
 * only means the PDF writer asks fontconfig every time. */
static char *font_cache_path(void) {
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    const char *base = xdg && xdg[0] == '/' ? xdg : home && home[0] == '/' ? home : NULL;
    const char *rest = base == xdg ? "/galley/fonts" : "/.cache/galley/fonts";
    if (!base)
        return NULL;
    size_t n = strlen(base) + strlen(rest) + 1;
    char *path = malloc(n);
    if (path)
        snprintf(path, n, "%s%s", base, rest);
    return path;
}

int main(int argc, char **argv) {
    cli c;
    memset(&c, 0, sizeof c);
    gl_options_init(&c.opt);
    int rc = gl_cli_parse(&c.args, &c.opt, argc, argv, getenv("SOURCE_DATE_EPOCH"),
                          getenv("GALLEY_TEST_FAIL_WRITE_AFTER"), stderr);
    if (rc == GL_EXIT_OK) {
        switch (c.args.action) {
        case GL_CLI_HELP:
            gl_cli_usage(stdout);
            rc = finish_stdout(GL_EXIT_OK);
            break;
        case GL_CLI_VERSION:
            printf("galley %s\n", gl_version());
            rc = finish_stdout(GL_EXIT_OK);
            break;
        case GL_CLI_LIST_FORMATS:
            list_formats();
            rc = finish_stdout(GL_EXIT_OK);
            break;
        case GL_CLI_CONVERT:
            if (!c.args.quiet || c.opt.explain)
                c.opt.warn = on_warning;
            /* umask can only be read by setting it; read once, put it back. */
            mode_t mask = umask(0);
            umask(mask);
            c.file_mode = 0644 & ~mask;
            char *cache = font_cache_path();
            c.opt.font_cache = cache;
            gl_global_init();
            if (c.args.combine) {
                rc = gl_cli_combine(&c.args, &c.opt, c.file_mode);
            } else {
                rc = plan(&c);
                if (rc == GL_EXIT_OK)
                    rc = run(&c);
            }
            free(cache);
            break;
        }
    }
    gl_cli_args_free(&c.args);
    return rc;
}
