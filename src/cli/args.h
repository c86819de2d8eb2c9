/* The galley command line: options into gl_options plus what the CLI itself
 * needs (inputs, output, formats, metadata overrides). */
#ifndef GL_CLI_ARGS_H
#define GL_CLI_ARGS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "galley/galley.h"

/* Most formats one -t can list ("-t pdf,text,epub"). */
#define GL_CLI_MAX_FORMATS 16
/* --timeout's default in seconds: far beyond any real article, short enough
 * that an unattended batch is not held up for long by one hung file. */
#define GL_CLI_DEFAULT_TIMEOUT 600

/* Exit statuses (galley(1), EXIT STATUS). */
enum { GL_EXIT_OK = 0, GL_EXIT_FAILED = 1, GL_EXIT_USAGE = 2 };

typedef enum gl_cli_action {
    GL_CLI_CONVERT = 0,
    GL_CLI_HELP,
    GL_CLI_VERSION,
    GL_CLI_LIST_FORMATS
} gl_cli_action;

/* --sort: how --combine orders its chapters. */
typedef enum gl_cli_sort {
    GL_CLI_SORT_DATE = 0, /* dated chapters by ascending date, then undated ones by path */
    GL_CLI_SORT_PATH,     /* by path, bytewise */
    GL_CLI_SORT_ARGS      /* as the inputs were given (a folder's files by path) */
} gl_cli_sort;

/* One --metadata KEY=VALUE. An empty value removes the field. */
typedef struct gl_cli_meta {
    gl_meta_field field; /* GL_META_BYLINE for author/byline */
    const char *value;   /* points into argv; valid UTF-8 */
} gl_cli_meta;

typedef struct gl_cli_args {
    gl_cli_action action;
    const gl_reader_entry *from; /* -f; NULL: by extension, then by content */
    const gl_writer_entry *to;   /* -t; NULL: from -o's extension, else text */
    /* -t as a list: every format, in the order given; formats[0] == to.
     * format_count is 0 when -t was not given. */
    const gl_writer_entry *formats[GL_CLI_MAX_FORMATS];
    size_t format_count;
    const char *output; /* -o; NULL: standard output */
    gl_cli_meta *meta;  /* --metadata in command-line order (owned) */
    size_t meta_count;
    bool quiet;    /* -q: no warnings */
    bool verbose;  /* -v: reader, writer and timings on stderr */
    char **inputs; /* the operands, pointing into argv */
    size_t input_count;
    /* No operand and no --files-from: inputs is {"-"}, standard input,
     * which the tool reads unless it is a terminal (cli/main.c), and
     * which must not be empty. */
    bool implicit_stdin;
    /* Folder and list conversion (src/cli/batch.c). */
    const char *files_from;  /* --files-from FILE, "-" for standard input; NULL: none */
    bool null_separated;     /* -0: --files-from names end with NUL, not newline */
    unsigned jobs;           /* -j; 0: one worker per core */
    unsigned timeout;        /* --timeout seconds per file; 0: none */
    bool force;              /* --force: convert even what the state says is up to date */
    const char *report;      /* --report FILE.jsonl; NULL: none */
    unsigned shard_index;    /* --shard K/N: K (1-based); 0 when not sharding */
    unsigned shard_count;    /* N */
    const char *preset;      /* --preset: "ereader", or NULL */
    bool combine;            /* --combine: all inputs make one book (cli/combine.c) */
    gl_cli_sort sort;        /* --sort: chapter order of a combined book */
    const char *title;       /* --title: the combined book's title, or NULL */
    size_t fail_write_after; /* test hook: the output refuses bytes past this many */
    bool fail_write;         /* whether the hook is set */

    /* Fetching images (issue 18). */
    bool fetch_images;    /* --fetch-images: a local page's remote images too */
    char **resolve;       /* --resolve entries, NULL-terminated (owned; opt->resolve) */
    size_t resolve_count; /* how many */
} gl_cli_args;

/* Parses argv into `args` and `opt` (which the caller filled with
 * gl_options_init). `source_date_epoch` and `fail_write_after` are the values
 * of the environment variables SOURCE_DATE_EPOCH and
 * GALLEY_TEST_FAIL_WRITE_AFTER, or NULL when unset. Returns GL_EXIT_OK, or
 * GL_EXIT_USAGE after printing the problem to `errf`. Free args with
 * gl_cli_args_free either way. */
int gl_cli_parse(gl_cli_args *args, gl_options *opt, int argc, char **argv,
                 const char *source_date_epoch, const char *fail_write_after, FILE *errf);
void gl_cli_args_free(gl_cli_args *args);

/* Applies --metadata to `doc` (provenance "command line"). GL_OK, or
 * GL_ENOMEM/GL_EINVAL with the field named in `err`. */
gl_status gl_cli_apply_metadata(gl_doc *doc, const gl_cli_args *args, gl_error *err);

/* Writes the --help text. */
void gl_cli_usage(FILE *out);
/* Writes one message line to stderr: "galley: FILE:LINE: text", the file
 * and line left out when empty or 0. Every message of the tool takes this
 * shape. */
void gl_cli_vsay(const char *file, unsigned long line, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
/* Writes "markdown, html" (readers) or "text, xhtml, json, pdf" (writers). */
void gl_cli_list_names(FILE *out, bool writers);

#endif
