/* One conversion of one input; see job.h. */
#include "cli/job.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli/util.h"
#include "util/buf.h"
#include "util/localfile.h"
#include "util/error.h"
#include "util/utf8.h"

/* A -v or --explain line through env->say. */
static void say(const gl_job_env *env, const char *file, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void say(const gl_job_env *env, const char *file, const char *fmt, ...) {
    char text[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    env->say(env->say_data, file, 0, text);
}

static gl_status fail_errno(gl_error *err, int errnum, const char *what) {
    return gl_fail(err, GL_EIO, 0, "%s: %s", what, strerror(errnum));
}

gl_status gl_job_open(gl_job *job, const char *path, bool special_ok, gl_error *err) {
    memset(job, 0, sizeof *job);
    job->path = path;
    job->name = path ? path : "<stdin>";
    job->fd = -1;
    if (gl_is_url(path)) {
        job->is_url = true;
        return GL_OK;
    }
    /* O_NONBLOCK: opening a FIFO that was not asked for must not wait for a
     * writer; it is refused below. */
    job->fd = path ? open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | (special_ok ? 0 : O_NONBLOCK))
                   : STDIN_FILENO;
    if (job->fd < 0)
        return fail_errno(err, errno, "cannot read");
    gl_status st = GL_OK;
    if (fstat(job->fd, &job->st) != 0)
        st = fail_errno(err, errno, "cannot read");
    else if (S_ISDIR(job->st.st_mode))
        st = gl_fail(err, GL_EIO, 0, "is a folder");
    else if (!S_ISREG(job->st.st_mode) && !special_ok)
        st = gl_fail(err, GL_EIO, 0, "%s, not a regular file: not read",
                     gl_cli_file_kind(job->st.st_mode));
    if (st != GL_OK)
        gl_job_free(job);
    return st;
}

/* A URL's bytes: its body moves to job->data, the rest stays in
 * job->fetched for gl_job_read. */
static gl_status fetch(gl_job *job, const gl_job_env *env, gl_error *err) {
    gl_status st = gl_fetch(&job->fetched, job->path, env->opt, err);
    if (st == GL_OK) {
        job->data = job->fetched.data;
        job->len = job->fetched.len;
        job->fetched.data = NULL;
        if (env->args->verbose)
            say(env, job->name, "fetched %zu bytes from %s (%s)", job->len, job->fetched.url,
                job->fetched.media_type ? job->fetched.media_type : "no media type");
    }
    return st;
}

gl_status gl_job_load(gl_job *job, const gl_job_env *env, gl_error *err) {
    if (job->is_url)
        return fetch(job, env, err);
    size_t max = env->opt->max_input;
    const struct stat *st = &job->st;
    gl_status status = GL_OK;
    if (S_ISREG(st->st_mode) && (unsigned long long)st->st_size > max)
        status = gl_fail(err, GL_ELIMIT, 0,
                         "input is %lld bytes, over the limit of %zu bytes (--max-input)",
                         (long long)st->st_size, max);
    /* A regular file is read in one go into a buffer of its size (plus the
     * byte that shows it did not grow); a pipe's buffer doubles. The cap is
     * one byte past the limit, so that going over it is seen. */
    gl_buf in;
    gl_buf_init(&in, NULL, max < SIZE_MAX / 2 ? max + 1 : max);
    size_t first = S_ISREG(st->st_mode) ? (size_t)st->st_size + 1 : 65536;
    while (status == GL_OK) {
        /* Room is made only when the buffer is full: as much again. */
        size_t ask = !in.cap ? first : in.len + 1 < in.cap ? 1 : in.len;
        if (ask > in.max - in.len)
            ask = in.max - in.len;
        size_t room = 0;
        char *at = gl_buf_room(&in, ask, &room);
        if (!at) {
            status = gl_fail(err, GL_ENOMEM, 0, "out of memory reading the input");
            break;
        }
        ssize_t n = read(job->fd, at, room);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            status = fail_errno(err, errno, "cannot read");
        else if (n == 0)
            break;
        else {
            gl_buf_added(&in, (size_t)n);
            if (in.len > max)
                status = gl_fail(err, GL_ELIMIT, 0,
                                 "input is over the limit of %zu bytes (--max-input)", max);
        }
    }
    if (job->path && job->fd >= 0)
        close(job->fd);
    job->fd = -1;
    if (status != GL_OK) {
        gl_buf_free(&in);
        return status;
    }
    /* An empty input still has a buffer. */
    job->data = in.data ? gl_buf_detach(&in, &job->len) : malloc(1);
    if (!job->data)
        return gl_fail(err, GL_ENOMEM, 0, "out of memory reading the input");
    return GL_OK;
}

/* --explain: every metadata value and where it came from. */
static void explain(const gl_job *job, const gl_job_env *env) {
    for (int f = 0; f < GL_META_COUNT; f++) {
        const char *v = gl_doc_meta(job->doc, (gl_meta_field)f);
        const char *field = gl_meta_field_name((gl_meta_field)f);
        if (v)
            say(env, job->name, "explain: %s = \"%s\" (from %s)", field, v,
                gl_doc_meta_source(job->doc, (gl_meta_field)f));
        else
            say(env, job->name, "explain: %s: none found", field);
    }
}

/* The reader of a URL's page by the media type its server sent: NULL with
 * *refused for one galley does not read, NULL alone when the type says
 * nothing (text/plain, none) and the content must decide. */
static const gl_reader_entry *reader_by_media_type(const char *type, bool *refused) {
    *refused = false;
    if (!type || strcmp(type, "text/plain") == 0)
        return NULL;
    if (strcmp(type, "application/xhtml+xml") == 0)
        return gl_reader_by_name("html");
    if (strcmp(type, "text/x-markdown") == 0)
        return gl_reader_by_name("markdown");
    size_t n;
    const gl_reader_entry *r = gl_readers(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(type, r[i].mime) == 0)
            return &r[i];
    *refused = true;
    return NULL;
}

/* The reader: -f, else a URL's media type or a file's extension, else the
 * content; `how` says which decided. */
static gl_status pick_reader(const gl_job *job, const gl_job_env *env, const gl_reader_entry **out,
                             const char **how, gl_error *err) {
    const gl_reader_entry *reader = env->args->from;
    bool refused = false;
    *how = "-f";
    if (!reader && job->is_url &&
        (reader = reader_by_media_type(job->fetched.media_type, &refused)))
        *how = "by media type";
    else if (!reader && refused)
        return gl_fail(err, GL_EFORMAT, 0, "not HTML or Markdown: the server sent %s",
                       job->fetched.media_type);
    else if (!reader && !job->is_url && job->path && (reader = gl_reader_by_path(job->path)))
        *how = "by extension";
    if (!reader) {
        reader = gl_reader_sniff(job->data, job->len);
        *how = "by content";
    }
    *out = reader;
    return GL_OK;
}

/* Whether the document just read needs its language guessed: --explain
 * says what the guess found, and the outputs' writers may read it. Not
 * when --metadata gives the language (or removes it), which wins anyway.
 * A date given by --metadata may be one to write in the language. */
static bool lang_wanted(const gl_job *job, const gl_job_env *env) {
    const gl_cli_args *a = env->args;
    if (env->opt->explain || !env->writers)
        return true;
    bool dated = false;
    for (size_t i = 0; i < a->meta_count; i++) {
        if (a->meta[i].field == GL_META_LANG)
            return false;
        dated |= a->meta[i].field == GL_META_DATE || a->meta[i].field == GL_META_DATE_TEXT;
    }
    for (size_t i = 0; i < env->writer_count; i++)
        if (dated || gl_writer_uses_lang(env->writers[i], job->doc, env->opt))
            return true;
    return false;
}

gl_status gl_job_read(gl_job *job, const gl_job_env *env, gl_error *err) {
    const gl_reader_entry *reader = NULL;
    const char *how = "";
    gl_status st = pick_reader(job, env, &reader, &how, err);
    if (st != GL_OK)
        return st;
    if (env->args->verbose)
        say(env, job->name, "reading as %s (%s), %zu bytes", reader->name, how, job->len);
    gl_input in = {job->name, job->is_url ? NULL : job->path, job->data, job->len,
                   job->fetched.charset};
    /* A page's links are relative to where it was finally found. */
    gl_options opt = *env->opt;
    if (job->is_url && !opt.base_url)
        opt.base_url = job->fetched.url;
    /* Guessed below, before --metadata changes the title it samples. */
    opt.lang_on_demand = true;
    double t0 = gl_cli_now();
    st = gl_read(&job->doc, &in, reader, &opt, err);
    if (st == GL_OK && lang_wanted(job, env))
        st = gl_doc_guess_lang(job->doc, &opt, err);
    job->read_ms = (gl_cli_now() - t0) * 1e3;
    free(job->data);
    job->data = NULL;
    if (st == GL_OK && job->is_url &&
        gl_doc_set_meta(job->doc, GL_META_URL, job->fetched.url, strlen(job->fetched.url),
                        "the address fetched") != GL_OK)
        st = gl_fail(err, GL_ENOMEM, 0, "out of memory setting the url");
    if (st == GL_OK)
        st = gl_cli_apply_metadata(job->doc, env->args, err);
    if (st == GL_OK && env->opt->explain)
        explain(job, env);
    return st;
}

const char *gl_job_error_file(const gl_error *err, const char *name) {
    if (!err->file[0] || strncmp(err->file, name, sizeof err->file - 1) == 0)
        return name;
    return err->file;
}

void gl_job_free(gl_job *job) {
    if (job->path && job->fd >= 0)
        close(job->fd);
    job->fd = -1;
    free(job->data);
    job->data = NULL;
    gl_fetched_free(&job->fetched);
    gl_images_free(job->images);
    job->images = NULL;
    gl_doc_free(job->doc);
    job->doc = NULL;
}

/* Standard output as a sink; `userdata` is the gl_job_out. */
static gl_status stdout_write(void *userdata, const char *bytes, size_t len) {
    gl_job_out *o = userdata;
    while (len > 0) {
        ssize_t n = write(STDOUT_FILENO, bytes, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            o->stdout_errno = errno;
            return GL_EIO;
        }
        bytes += n;
        len -= (size_t)n;
    }
    return GL_OK;
}

/* The test hook GALLEY_TEST_FAIL_WRITE_AFTER=N: the output takes N bytes,
 * then refuses, as a full disk would in the middle of a writer's output. */
static gl_status refusing_write(void *userdata, const char *bytes, size_t len) {
    gl_job_out *o = userdata;
    if (len <= o->refuse_after) {
        o->refuse_after -= len;
        return o->inner.write(o->inner.userdata, bytes, len);
    }
    if (o->refuse_after > 0)
        o->inner.write(o->inner.userdata, bytes, o->refuse_after);
    o->refuse_after = 0;
    o->refused = true;
    return GL_EIO;
}

/* The temporary file of the output being written, for the handler of
 * SIGINT, SIGTERM and SIGHUP (gl_job_catch_signals), which can only reach
 * a static: it removes the file and ends the process by the same signal.
 * A copy, armed only while it is whole, so the handler never reads memory
 * being freed. */
static char pending_tmp[PATH_MAX];
static volatile sig_atomic_t pending_armed;

static void on_fatal_signal(int sig) {
    if (pending_armed)
        unlink(pending_tmp);
    signal(sig, SIG_DFL);
    raise(sig);
}

void gl_job_catch_signals(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fatal_signal;
    sigemptyset(&sa.sa_mask);
    const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        sigaddset(&sa.sa_mask, sigs[i]);
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        /* A signal ignored when galley started (nohup; SIGINT of a
         * background job) stays ignored. */
        struct sigaction old;
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(sigs[i], &sa, NULL);
    }
}

static void arm(const gl_job_out *o) {
    size_t n = strlen(o->file.tmp);
    if (o->file.direct || n >= sizeof pending_tmp)
        return;
    memcpy(pending_tmp, o->file.tmp, n + 1);
    atomic_signal_fence(memory_order_seq_cst);
    pending_armed = 1;
}

static void disarm(void) {
    pending_armed = 0;
    atomic_signal_fence(memory_order_seq_cst);
}

/* Whether writing `dest` would replace the file described by `in` (an
 * input, the report). Only a regular file can be destroyed so: a terminal
 * as both standard input and `-o /dev/stdout` is fine. A name that does
 * not exist yet cannot be that file, so comparing the identities of
 * existing files is enough. */
static bool is_file(const struct stat *in, const char *dest) {
    struct stat st;
    return in && S_ISREG(in->st_mode) && stat(dest, &st) == 0 && st.st_dev == in->st_dev &&
           st.st_ino == in->st_ino;
}

/* Whether `dest` is a symbolic link that an output must not follow nor
 * replace: replacing it would silently turn a link the user made into a
 * file, and following it would write wherever it points. One that leads
 * to a device or pipe (-o /dev/stdout onto a pipe, /dev/null) is written in
 * place as the device itself would be, except in a batch, which writes
 * only files. */
static bool is_link_to_file(const char *dest, gl_job_out_mode mode) {
    struct stat st;
    if (lstat(dest, &st) != 0 || !S_ISLNK(st.st_mode))
        return false;
    return mode == GL_JOB_OUT_REPLACE || stat(dest, &st) != 0 || S_ISREG(st.st_mode) ||
           S_ISDIR(st.st_mode);
}

/* Whether the folder `dest` would be written in is missing ("a/b.pdf":
 * "a"; "b.pdf": the current one, which is not), as `shown` shows it. Only
 * its absence is told apart: any other trouble is the temporary file's to
 * report. */
static bool folder_missing(const char *dest, char *shown, size_t size) {
    char *dir = gl_path_dir(dest);
    if (!dir)
        gl_cli_out_of_memory();
    struct stat st;
    /* "" (the current folder) and "/" always exist. */
    bool missing = dir[0] && strcmp(dir, "/") != 0 && stat(dir, &st) != 0 &&
                   (errno == ENOENT || errno == ENOTDIR);
    gl_utf8_fit(shown, size, dir);
    free(dir);
    return missing;
}

gl_status gl_job_out_open(gl_job_out *o, const gl_job_env *env, const char *dest,
                          gl_job_out_mode mode, const struct stat *input, gl_error *err) {
    memset(o, 0, sizeof *o);
    o->dest = dest;
    o->file.fd = -1;
    o->file.lock_fd = -1;
    char shown[160];
    if (dest && is_file(input, dest))
        return gl_fail(err, GL_EIO, 0, "refusing to overwrite the input with its own output '%s'",
                       gl_utf8_fit(shown, sizeof shown, dest));
    if (dest && is_file(env->keep, dest))
        return gl_fail(err, GL_EIO, 0, "refusing to overwrite the report with the output '%s'",
                       gl_utf8_fit(shown, sizeof shown, dest));
    if (dest && is_link_to_file(dest, mode))
        return gl_fail(err, GL_EIO, 0,
                       "'%s' is a symbolic link: refusing to replace it or write through it; give "
                       "the path it points to, or remove it",
                       gl_utf8_fit(shown, sizeof shown, dest));
    if (dest && mode == GL_JOB_OUT_FILE && folder_missing(dest, shown, sizeof shown))
        return gl_fail(err, GL_EIO, 0, "no such folder: '%s' (galley makes no folder for -o FILE)",
                       shown);
    gl_status st = GL_OK;
    if (dest && mode == GL_JOB_OUT_REPLACE)
        st = gl_atomic_open_replace(&o->file, dest, env->file_mode, NULL, err);
    else if (dest)
        st = gl_atomic_open(&o->file, dest, env->file_mode, NULL, err);
    if (st != GL_OK)
        return st;
    if (dest)
        arm(o);
    o->sink = dest ? gl_atomic_sink(&o->file) : (gl_sink){stdout_write, o};
    if (env->args->fail_write) {
        o->inner = o->sink;
        o->refuse_after = env->args->fail_write_after;
        o->sink = (gl_sink){refusing_write, o};
    }
    return GL_OK;
}

gl_status gl_job_out_close(gl_job_out *o, gl_status written, const gl_error *writer_err,
                           gl_error *err) {
    /* Disarmed first: a signal in between leaves the file to the next
     * run's clean-up (util/atomic.h), never a freed name to the handler. */
    disarm();
    if (written == GL_OK)
        return o->dest ? gl_atomic_commit(&o->file, err) : GL_OK;
    /* A writer only knows the sink refused; say what refused it. */
    const gl_error *fs = o->dest ? gl_atomic_write_error(&o->file) : NULL;
    char shown[160];
    gl_status st;
    if (fs && fs->status != GL_OK)
        st = gl_fail(err, fs->status, 0, "%s", fs->message);
    else if (o->stdout_errno)
        st = gl_fail(err, GL_EIO, 0, "cannot write to standard output: %s",
                     strerror(o->stdout_errno));
    else if (o->refused)
        st = gl_fail(err, GL_EIO, 0, "cannot write '%s': refused by GALLEY_TEST_FAIL_WRITE_AFTER",
                     gl_utf8_fit(shown, sizeof shown, o->dest ? o->dest : "standard output"));
    else {
        if (err->status == GL_OK && writer_err->file[0])
            memcpy(err->file, writer_err->file, sizeof err->file);
        st = gl_fail(err, written, writer_err->line, "%s",
                     writer_err->message[0] ? writer_err->message : gl_status_text(written));
    }
    if (o->dest)
        gl_atomic_abort(&o->file);
    return st;
}

void gl_job_out_abort(gl_job_out *o) {
    disarm();
    if (o->dest)
        gl_atomic_abort(&o->file);
}

gl_status gl_job_fetch_images(gl_job *job, const gl_job_env *env, gl_error *err) {
    if (!(job->is_url || env->args->fetch_images) || job->images)
        return GL_OK;
    /* Its warnings name the input as the reader's do. */
    gl_options named = *env->opt;
    named.source_path = job->name;
    return gl_images_fetch(&job->images, job->doc, job->is_url ? &job->fetched : NULL, &named, err);
}

gl_status gl_job_write(gl_job *job, const gl_job_env *env, const gl_writer_entry *w, gl_job_out *o,
                       gl_error *err) {
    /* Writers that embed local files (EPUB and PDF images) look beside the
     * input; a page from the web has no folder of this machine. */
    gl_options opt = *env->opt;
    opt.source_path = job->is_url ? NULL : job->path;
    /* The writers that embed images get a URL page's (or with
     * --fetch-images a local page's) remote ones, fetched once for all the
     * job's formats. */
    bool embeds = strcmp(w->name, "pdf") == 0 || strcmp(w->name, "epub") == 0;
    if (embeds) {
        gl_status fst = gl_job_fetch_images(job, env, err);
        if (fst != GL_OK) {
            gl_job_out_abort(o);
            return fst;
        }
    }
    opt.images = job->images;
    gl_error werr;
    gl_error_init(&werr, job->name);
    double t0 = gl_cli_now();
    gl_status st = gl_write(w, job->doc, &o->sink, &opt, &werr);
    double wrote = gl_cli_now();
    st = gl_job_out_close(o, st, &werr, err);
    if (st == GL_OK && env->args->verbose)
        say(env, job->name, "wrote %s as %s; read %.1f ms, write %.1f ms",
            o->dest ? o->dest : "standard output", w->name, job->read_ms, (wrote - t0) * 1e3);
    return st;
}
