/* galley --combine: every input (a folder gives its files that a reader
 * claims, by path, hidden entries skipped) becomes one chapter of a single
 * book, through gl_book. Inputs are read and converted one at a time, so an
 * EPUB of a thousand articles holds one article at a time. */
#include "cli/combine.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cli/job.h"
#include "cli/util.h"
#include "cli/walk.h"
#include "util/error.h"

typedef struct combine {
    const gl_cli_args *args;
    gl_job_env env;
    gl_book *book;
    int status;
    char **files; /* a folder's inputs, sorted once the walk is over */
    size_t file_count, file_cap;
    const char *out;      /* -o FILE, or NULL */
    struct stat existing; /* what -o names already, when book_exists */
    bool book_exists;
    bool clobbers; /* an input is the file -o names: nothing is written */
    /* PDF and EPUB: the chapters' remote images, fetched one chapter at a
     * time under its page's rules, as a single conversion fetches them
     * (a URL chapter, or --fetch-images). The book's options point at
     * them: an EPUB embeds a chapter's when it is added, a PDF all of them
     * at the end, so a PDF keeps them all (gl_images_merge). */
    bool embeds, epub;
    gl_options book_opt;
    gl_images *images;
} combine;

static void say(const char *file, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void say(const char *file, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    gl_cli_vsay(file, 0, fmt, ap);
    va_end(ap);
}

/* The -v and --explain lines. */
static void on_say(void *userdata, const char *file, unsigned long line, const char *message) {
    (void)userdata;
    (void)line;
    say(file, "%s", message);
}

/* Reads one input (`path` NULL: standard input) and adds it as a chapter. */
static void add_input(combine *cb, const char *path) {
    const char *name = path ? path : "<stdin>";
    gl_job job;
    gl_error err;
    gl_error_init(&err, name);
    bool opened = gl_job_open(&job, path, true, &err) == GL_OK;
    /* The book would replace this input once written. */
    if (opened && cb->book_exists && S_ISREG(job.st.st_mode) &&
        job.st.st_dev == cb->existing.st_dev && job.st.st_ino == cb->existing.st_ino) {
        gl_fail(&err, GL_EIO, 0, "refusing to overwrite the input with the book '%s'", cb->out);
        cb->clobbers = true;
        opened = false;
    }
    bool loaded = opened && gl_job_load(&job, &cb->env, &err) == GL_OK;
    if (loaded && gl_job_read(&job, &cb->env, &err) == GL_OK &&
        (!cb->embeds || gl_job_fetch_images(&job, &cb->env, &err) == GL_OK)) {
        /* An EPUB embeds the chapter's images now, a PDF at the end. */
        if (cb->epub) {
            cb->book_opt.images = job.images;
        } else if (job.images && !cb->images) {
            cb->images = job.images;
            job.images = NULL;
        } else if (job.images) {
            gl_images_merge(cb->images, &job.images, &err);
        }
        if (err.status == GL_OK)
            gl_book_add(cb->book, &job.doc, path, &err);
        cb->book_opt.images = cb->images;
    }
    gl_job_free(&job);
    if (err.status != GL_OK) {
        say(gl_job_error_file(&err, name), loaded ? "%s (left out of the book)" : "%s",
            err.message[0] ? err.message : gl_status_text(err.status));
        cb->status = GL_EXIT_FAILED;
    }
}

static bool take_file(void *userdata, const gl_walk_entry *e) {
    combine *cb = userdata;
    if (e->kind == GL_WALK_FILE) {
        if (cb->file_count == cb->file_cap) {
            cb->file_cap = cb->file_cap ? cb->file_cap * 2 : 64;
            cb->files = gl_cli_xrealloc(cb->files, cb->file_cap * sizeof *cb->files);
        }
        cb->files[cb->file_count++] = gl_cli_join(e->path, "");
    }
    return true;
}

static int compare_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds every file below `root` that a reader claims, in bytewise path
 * order (cli/walk.h says which files those are). */
static void add_folder(combine *cb, const char *root) {
    gl_walk w;
    gl_walk_start(&w, root);
    for (char *rel; (rel = gl_walk_next(&w)); free(rel)) {
        if (!gl_walk_read(&w, rel, take_file, cb)) {
            char *dir = gl_cli_join(root, rel);
            say(dir, "cannot read the folder: %s", strerror(errno));
            free(dir);
            cb->status = GL_EXIT_FAILED;
        }
    }
    gl_walk_free(&w);
    if (cb->file_count > 1)
        qsort(cb->files, cb->file_count, sizeof *cb->files, compare_names);
    for (size_t i = 0; i < cb->file_count; i++) {
        add_input(cb, cb->files[i]);
        free(cb->files[i]);
    }
    cb->file_count = 0;
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
    /* --metadata is the book's (gl_book_meta), not each chapter's: an
     * author given for the book is no article's byline. */
    gl_cli_args chapter_args = *args;
    chapter_args.meta_count = 0;
    combine cb = {.args = args,
                  .env = {&chapter_args, opt, file_mode, on_say, NULL, NULL},
                  .status = GL_EXIT_OK,
                  .out = out};
    cb.book_exists = out && stat(out, &cb.existing) == 0;
    cb.epub = strcmp(writer->name, "epub") == 0;
    cb.embeds = cb.epub || strcmp(writer->name, "pdf") == 0;
    cb.book_opt = *opt;
    gl_error err;
    gl_error_init(&err, out);
    gl_job_out o;
    if (gl_job_out_open(&o, &cb.env, out, GL_JOB_OUT_FILE, NULL, &err) != GL_OK) {
        say(NULL, "%s", err.message);
        return GL_EXIT_FAILED;
    }
    if (gl_book_new(&cb.book, writer, title, order, &cb.book_opt, &err) != GL_OK ||
        gl_cli_apply_metadata(gl_book_meta(cb.book), args, &err) != GL_OK) {
        say(out, "%s", err.message);
        gl_book_free(cb.book);
        gl_job_out_abort(&o);
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
    free(cb.files);
    if (cb.clobbers) {
        gl_book_free(cb.book);
        gl_images_free(cb.images);
        gl_job_out_abort(&o);
        return GL_EXIT_FAILED;
    }
    gl_error werr;
    gl_error_init(&werr, out);
    gl_status st = gl_book_finish(cb.book, &o.sink, &werr);
    gl_book_free(cb.book);
    gl_images_free(cb.images);
    gl_error_init(&err, out ? out : "standard output");
    if (gl_job_out_close(&o, st, &werr, &err) != GL_OK) {
        /* What the file system refused names the file itself. */
        bool named = out && gl_atomic_write_error(&o.file)->status != GL_OK;
        say(named ? NULL : err.file, "%s", err.message);
        return GL_EXIT_FAILED;
    }
    return cb.status;
}
