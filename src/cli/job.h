/* One conversion, the same for a single file (cli/main.c), a batch's worker
 * (cli/batch_pool.c) and --combine (cli/combine.c): the input opened and
 * loaded whole under --max-input in one read, the reader picked (-f, the
 * extension, the content), the document read and given its --metadata, and
 * each output written through a temporary file renamed into place
 * (util/atomic.h), or to standard output. This is the one place the tool
 * loads a conversion's input.
 *
 * Functions return a gl_status and fill a gl_error (first error wins) that
 * the caller initialised with the job's name; the caller prints it. Only
 * the -v and --explain lines go out from here, through env->say. */
#ifndef GL_CLI_JOB_H
#define GL_CLI_JOB_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>
#include "galley/galley.h"
#include "cli/args.h"
#include "util/atomic.h"

/* What every job of a run shares. */
typedef struct gl_job_env {
    const gl_cli_args *args; /* -f, --metadata, -v, the GALLEY_TEST_FAIL_WRITE_AFTER hook */
    const gl_options *opt;   /* max_input, and what readers and writers take */
    mode_t file_mode;        /* for new outputs: 0644 less the umask */
    gl_warn_fn say;          /* where -v and --explain lines go (the message is whole) */
    void *say_data;
    const struct stat *keep; /* another file of the run that no output may replace (a
                                batch's --report), or NULL */
    /* The formats each job is written to: a document that declares no
     * language has it guessed only when one of them uses it
     * (gl_writer_uses_lang), or under --explain. NULL: always guessed. */
    const gl_writer_entry *const *writers;
    size_t writer_count;
} gl_job_env;

/* One input: a file, standard input, or a URL (gl_is_url), fetched by
 * gl_job_load. */
typedef struct gl_job {
    const char *path; /* NULL: standard input; or the URL as given */
    const char *name; /* as messages name it: the path or URL, or "<stdin>" */
    bool is_url;
    gl_fetched fetched; /* a URL's answer from gl_job_load (its body moved to data) */
    int fd;             /* open from gl_job_open to gl_job_load, else -1 */
    struct stat st;     /* the input's, from gl_job_open */
    char *data;         /* its bytes (owned) from gl_job_load to gl_job_read */
    size_t len;
    gl_doc *doc;       /* from gl_job_read (owned) */
    gl_images *images; /* its remote images, fetched by the first gl_job_write that embeds
                          them (owned), or NULL */
    double read_ms;    /* how long gl_read took */
} gl_job;

/* Opens `path` (NULL: standard input, which is never closed) and looks at
 * it; a URL is only noted (nothing is opened, job->st stays zero). A folder is refused; so is
 * anything but a regular file unless `special_ok` (a pipe or device named on the command line may
 * be read; in a walk or a list it could block or never end, so it is opened without waiting and
 * refused). GL_EIO with the reason; the job then holds nothing. */
gl_status gl_job_open(gl_job *job, const char *path, bool special_ok, gl_error *err);

/* Reads the opened input whole and closes it. A regular file over
 * opt->max_input is refused by its size, unread; anything else is read in
 * chunks under the same cap. A URL is fetched (gl_fetch: the same cap,
 * and opt's timeouts). GL_ELIMIT (the message names --max-input),
 * GL_EIO or GL_ENOMEM. */
gl_status gl_job_load(gl_job *job, const gl_job_env *env, gl_error *err);

/* Picks the reader, says so under -v ("reading as markdown (by extension),
 * N bytes"), reads the loaded bytes (freed here) into job->doc, guesses
 * its language if it declares none and env->writers use it, applies
 * --metadata, and under --explain says where each metadata value came
 * from. A URL's page is read by its media type (HTML, Markdown; text/plain
 * and none by content; anything else is refused with GL_EFORMAT), with
 * the charset its answer declared, its final URL as the base (unless
 * --base-url) and as the `url` metadata. The reader's status otherwise. */
gl_status gl_job_read(gl_job *job, const gl_job_env *env, gl_error *err);

/* The file an error of the job `name` names: err->file, or `name` itself
 * when err->file is empty or only `name` cut to fit gl_error's field (a
 * long path must not lose its end). */
const char *gl_job_error_file(const gl_error *err, const char *name);

/* Closes and frees what the job holds; safe at every stage and twice. */
void gl_job_free(gl_job *job);

/* One output of a job, between gl_job_out_open and gl_job_out_close. */
typedef struct gl_job_out {
    const char *dest;    /* NULL: standard output */
    gl_atomic_file file; /* with dest: the temporary file */
    gl_sink sink;        /* what a writer writes to */
    gl_sink inner;       /* under the GALLEY_TEST_FAIL_WRITE_AFTER hook: the real one */
    size_t refuse_after; /* the hook: bytes still taken */
    bool refused;        /* the hook refused */
    int stdout_errno;    /* standard output's failed write */
} gl_job_out;

/* How gl_job_out_open writes `dest`. */
typedef enum gl_job_out_mode {
    /* A temporary file of a fresh name beside dest; an existing device or
     * pipe at dest (/dev/null) is written in place. */
    GL_JOB_OUT_FILE,
    /* A batch, which owns OUT: the temporary file has the fixed name
     * gl_atomic_replace_tmp gives, and dest is always replaced by a rename. */
    GL_JOB_OUT_REPLACE
} gl_job_out_mode;

/* Readies an output: `dest` (NULL: standard output) is refused when it is
 * the file `input` describes (NULL: no input to compare) or env->keep, or a
 * symbolic
 * link (save one to a device or pipe, outside a batch); its temporary file
 * is created. GL_OK, or GL_EIO with the reason. */
gl_status gl_job_out_open(gl_job_out *o, const gl_job_env *env, const char *dest,
                          gl_job_out_mode mode, const struct stat *input, gl_error *err);

/* Ends an output once its writer returned `written` (its own error in
 * `writer_err`): on success the temporary file is renamed into place; on
 * failure it is removed and `err` says what refused the bytes (the file
 * system, standard output, the test hook) or else what the writer said. */
gl_status gl_job_out_close(gl_job_out *o, gl_status written, const gl_error *writer_err,
                           gl_error *err);

/* Abandons an output before its writer ran: its temporary file goes. */
void gl_job_out_abort(gl_job_out *o);

/* Makes SIGINT, SIGTERM and SIGHUP remove the temporary file of the output
 * being written (between gl_job_out_open and its close or abort) before
 * the process ends by that signal, as a single conversion and --combine
 * need; a batch's parent handles these signals itself. */
void gl_job_catch_signals(void);

/* Fetches job->images once, when its images are to be fetched (a URL
 * input, or --fetch-images), under its page's rules (gl_images_fetch);
 * GL_OK at once otherwise or when done before. gl_images_fetch's status. */
gl_status gl_job_fetch_images(gl_job *job, const gl_job_env *env, gl_error *err);

/* Writes job->doc as `w` through `o` (opened) and closes it; for PDF and
 * EPUB, first fetches the document's remote images once (a URL input, or
 * --fetch-images); under -v says
 * "wrote DEST as FORMAT; read R ms, write W ms". */
gl_status gl_job_write(gl_job *job, const gl_job_env *env, const gl_writer_entry *w, gl_job_out *o,
                       gl_error *err);

#endif
