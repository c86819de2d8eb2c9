/* galley: the command line. A thin client of libgalley.so's API (mapped
 * through the tool's RUNPATH: docs/architecture.md): it picks inputs,
 * outputs and formats, converts each input through cli/job.c (into a
 * folder: cli/batch.c; one book: cli/combine.c), and prints what the library
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
#include "cli/job.h"

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
    report(gl_job_error_file(err, name), err->line, "%s",
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

/* The -v and --explain lines. */
static void on_say(void *userdata, const char *file, unsigned long line, const char *message) {
    (void)userdata;
    report(file, line, "%s", message);
}

/* Converts one input (`path` NULL: standard input) into `out` (NULL:
 * standard output). Failures are reported and counted; the run goes on.
 * Standard input read because no input was named must not be empty: that
 * is a usage error (GL_EXIT_USAGE, nothing written), as no input is. */
static int convert(cli *c, const char *path, const char *out) {
    gl_job_env env = {&c->args, &c->opt, c->file_mode, on_say, NULL, NULL, &c->writer, 1};
    const char *name = path ? path : "<stdin>";
    gl_job job;
    gl_job_out o;
    gl_error err;
    gl_error_init(&err, name);
    /* The output is checked and opened before the input is read, so a bad
     * -o is reported whatever the input holds. */
    gl_status st = gl_job_open(&job, path, true, &err);
    bool opened =
        st == GL_OK && gl_job_out_open(&o, &env, out, GL_JOB_OUT_FILE, &job.st, &err) == GL_OK;
    bool loaded = opened && gl_job_load(&job, &env, &err) == GL_OK;
    if (loaded && job.len == 0 && !path && c->args.implicit_stdin) {
        gl_job_out_abort(&o);
        gl_job_free(&job);
        return usage_error("no input: standard input is empty; give a file, a folder, a URL, "
                           "or - for standard input");
    }
    if (opened && (!loaded || gl_job_read(&job, &env, &err) != GL_OK))
        gl_job_out_abort(&o);
    else if (opened)
        gl_job_write(&job, &env, c->writer, &o, &err);
    gl_job_free(&job);
    if (err.status != GL_OK) {
        report_error(&err, name);
        c->status = GL_EXIT_FAILED;
    }
    return GL_EXIT_OK;
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
        else if (!gl_is_url(a->inputs[i]) && !folder && is_folder(a->inputs[i]))
            folder = a->inputs[i];
    }
    const char *o = a->output;
    c->writer = a->to ? a->to : gl_writer_by_name("text");
    /* `galley in.md out.pdf`, as cp would be typed: the second name is no
     * input but the output wanted. */
    const char *last = a->input_count > 1 ? a->inputs[a->input_count - 1] : NULL;
    struct stat st;
    if (!o && last && !gl_is_url(last) && gl_path_extension(last) && gl_writer_by_path(last) &&
        lstat(last, &st) != 0 && errno == ENOENT)
        return usage_error("'%s' does not exist; did you mean -o %s?", last, last);
    bool to_folder = o && strcmp(o, "-") != 0 && (o[strlen(o) - 1] == '/' || is_folder(o));
    /* -o NAME for what can only go into a folder (a folder, several inputs
     * or formats, a list) makes NAME that folder, as `cp -r` does, unless
     * NAME exists or ends with an output's extension (-o book.pdf for two
     * inputs is a mistake to point out, not a folder to make). */
    bool one_output = !folder && a->input_count <= 1 && a->format_count <= 1 && !a->files_from;
    if (o && !to_folder && strcmp(o, "-") != 0 && !one_output && lstat(o, &st) != 0 &&
        errno == ENOENT && !(gl_path_extension(o) && gl_writer_by_path(o)))
        to_folder = true;
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
        const char *ext = gl_path_extension(o);
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
    gl_job_catch_signals();
    for (size_t i = 0; i < c->args.input_count; i++) {
        const char *in = c->args.inputs[i];
        int rc = convert(c, strcmp(in, "-") == 0 ? NULL : in, c->out_file);
        if (rc != GL_EXIT_OK)
            return rc;
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
            if (c.args.implicit_stdin && isatty(STDIN_FILENO)) {
                rc = usage_error("no input: give a file, a folder, a URL, or - for standard "
                                 "input");
                break;
            }
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
                gl_job_catch_signals();
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
