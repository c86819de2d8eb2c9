/* The worker pool of a batch (batch_int.h): -j pre-forked worker
 * processes, each converting one input after another through cli/job.c,
 * and the parent's loop that hands out jobs, collects the replies, and
 * replaces a worker that crashed or passed --timeout. */
#include "cli/batch_int.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include "cli/job.h"
#include "cli/util.h"
#include "util/localfile.h"

/* One message between the parent and a worker (SOCK_SEQPACKET keeps each
 * send one message): paths are at most PATH_MAX, so a job with every format
 * fits, and a reply's strings are cut to fit. */
#define MSG_MAX 65536

/* ---- the worker ---- */

/* A warning goes into the job's reply (its report line, the grouped
 * console lines of the parent); -v also shows it at once. */
static void worker_warning(void *userdata, const char *file, unsigned long line,
                           const char *message) {
    batch *b = userdata;
    if (b->args->verbose && !b->args->quiet)
        gl_batch_worker_say(b, file, line, "warning: %s", message);
    if (b->job_warning_count++ >= GL_BATCH_WARNINGS_MAX)
        return;
    char text[GL_BATCH_WARNING_MAX];
    if (line)
        snprintf(text, sizeof text, "line %lu: %s", line, message);
    else
        snprintf(text, sizeof text, "%s", message);
    gl_buf_append(&b->job_warnings, text, strlen(text) + 1);
}

/* The -v and --explain lines of a worker. */
static void worker_note(void *userdata, const char *file, unsigned long line, const char *message) {
    gl_batch_worker_say(userdata, file, line, "%s", message);
}

/* mkdir -p of `dir` (below OUT, which exists): each part must be a real
 * folder; a symbolic link there could carry outputs outside OUT. */
static bool make_out_dirs(batch *b, const char *dir, char *msg, size_t size) {
    if (strcmp(dir, b->last_dir) == 0)
        return true;
    /* `dir` starts with OUT (its trailing slashes aside), which exists. */
    size_t base = strlen(b->cfg->out_dir);
    while (base > 1 && b->cfg->out_dir[base - 1] == '/')
        base--;
    char *p = gl_cli_join(dir, "");
    if (base > strlen(p))
        base = strlen(p);
    bool ok = true;
    for (char *s = p + base;; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char saved = *s, shown[512];
        *s = '\0';
        struct stat st;
        if (s > p + base && mkdir(p, 0777) != 0) {
            int e = errno;
            gl_cli_printable(p, shown, sizeof shown);
            if (e != EEXIST || lstat(p, &st) != 0) {
                snprintf(msg, size, "cannot create the folder '%s': %s", shown, strerror(e));
                ok = false;
            } else if (S_ISLNK(st.st_mode)) {
                snprintf(msg, size,
                         "'%s' is a symbolic link: refusing to write through it, outside the "
                         "output folder",
                         shown);
                ok = false;
            } else if (!S_ISDIR(st.st_mode)) {
                snprintf(msg, size, "cannot create the folder '%s': Not a directory", shown);
                ok = false;
            }
        }
        *s = saved;
        if (!ok || saved == '\0')
            break;
    }
    free(p);
    if (ok && strlen(dir) < sizeof b->last_dir)
        memcpy(b->last_dir, dir, strlen(dir) + 1);
    return ok;
}

/* The test hooks: a crash and a hang on a named input. */
static void test_hooks(const batch *b, const char *path) {
    if (b->crash_on && strcmp(gl_cli_base_name(path), b->crash_on) == 0) {
        struct rlimit none = {0, 0};
        setrlimit(RLIMIT_CORE, &none);
        signal(SIGSEGV, SIG_DFL); /* past a sanitizer's handler: a real crash */
        raise(SIGSEGV);
    }
    if (b->hang_on && strcmp(gl_cli_base_name(path), b->hang_on) == 0)
        for (;;)
            pause();
}

static void copy_meta(char *dst, const gl_doc *doc, gl_meta_field f) {
    const char *v = gl_doc_meta(doc, f);
    size_t n = v ? strlen(v) : 0;
    if (n >= GL_BATCH_META_MAX) {
        n = GL_BATCH_META_MAX - 1;
        while (n > 0 && ((unsigned char)v[n] & 0xC0) == 0x80)
            n--; /* cut before a continuation byte: the rest stays UTF-8 */
    }
    if (v)
        memcpy(dst, v, n);
    dst[n] = '\0';
}

static void set_error(reply *r, const char *file, unsigned long line, const char *msg) {
    if (r->err_msg[0])
        return;
    snprintf(r->err_file, sizeof r->err_file, "%s", file);
    r->err_line = line;
    snprintf(r->err_msg, sizeof r->err_msg, "%s", msg);
}

/* A failure of the job as the reply carries it: the file the error names
 * (else `name`), its line, its message (else its status's name). Memory
 * that ran out in a worker ran out against its limit (limit_memory), which
 * the message names. */
static void set_job_error(const batch *b, reply *r, const gl_error *err, const char *name) {
    const char *msg = err->message[0] ? err->message : gl_status_text(err->status);
    char text[512];
    if (err->status == GL_ENOMEM && b->memory_limit) {
        snprintf(text, sizeof text,
                 "%s: over this worker's memory limit of %zu MiB (--max-memory %zu MiB and "
                 "%zu MiB for the program)",
                 msg, b->memory_limit >> 20, b->opt.max_memory >> 20,
                 (b->memory_limit - b->opt.max_memory) >> 20);
        msg = text;
    }
    set_error(r, gl_job_error_file(err, name), err->line, msg);
}

/* Writes the job's document as format `w` to `dest`, its folders made
 * first. */
static bool write_one(batch *b, gl_job *job, const gl_job_env *env, const gl_writer_entry *w,
                      const char *dest, reply *r) {
    char msg[1024];
    char *dir = gl_path_dir(dest);
    if (!dir)
        gl_cli_out_of_memory();
    bool ok = make_out_dirs(b, dir, msg, sizeof msg);
    free(dir);
    if (!ok) {
        set_error(r, job->name, 0, msg);
        return false;
    }
    gl_job_out o;
    gl_error err;
    gl_error_init(&err, job->name);
    if (gl_job_out_open(&o, env, dest, GL_JOB_OUT_REPLACE, &job->st, &err) != GL_OK ||
        gl_job_write(job, env, w, &o, &err) != GL_OK) {
        set_job_error(b, r, &err, job->name);
        return false;
    }
    return true;
}

/* The name a title_name job's outputs take (issue 18): its title's
 * (gl_cli_title_name), with "-2", "-3"... when another output of the run
 * has it (batch_shared.h); the planned `stem` when the title gives none.
 * Set in r->stem unless it is `stem`. */
static const char *title_stem(batch *b, const gl_doc *doc, const char *stem, reply *r) {
    char slug[GL_CLI_URL_NAME_MAX + 1];
    if (!*gl_cli_title_name(gl_doc_meta(doc, GL_META_TITLE), slug))
        return stem;
    snprintf(r->stem, sizeof r->stem, "%s", slug);
    for (unsigned n = 2; strcmp(r->stem, stem) != 0 &&
                         !gl_batch_shared_claim_name(b->shared, r->stem, strlen(r->stem));
         n++)
        snprintf(r->stem, sizeof r->stem, "%s-%u", slug, n);
    if (strcmp(r->stem, stem) == 0)
        r->stem[0] = '\0';
    return r->stem[0] ? r->stem : stem;
}

/* Converts one input into the formats in `mask`. */
static void convert(batch *b, const char *path, const char *stem, bool special_ok, bool titled,
                    unsigned mask, reply *r) {
    memset(r, 0, sizeof *r);
    gl_buf_clear(&b->job_warnings);
    b->job_warning_count = 0;
    double t0 = gl_cli_now();
    test_hooks(b, path);
    gl_job_env env = {b->args,
                      &b->opt,
                      b->cfg->file_mode,
                      worker_note,
                      b,
                      b->have_report ? &b->report_st : NULL,
                      b->cfg->formats,
                      b->cfg->format_count};
    gl_job job;
    gl_error err;
    gl_error_init(&err, path);
    if (gl_job_open(&job, path, special_ok, &err) != GL_OK ||
        gl_job_load(&job, &env, &err) != GL_OK || gl_job_read(&job, &env, &err) != GL_OK) {
        set_job_error(b, r, &err, path);
        gl_job_free(&job);
        return;
    }
    copy_meta(r->title, job.doc, GL_META_TITLE);
    copy_meta(r->byline, job.doc, GL_META_BYLINE);
    copy_meta(r->date, job.doc, GL_META_DATE);
    if (titled)
        stem = title_stem(b, job.doc, stem, r);
    for (size_t i = 0; i < b->cfg->format_count; i++) {
        if (!(mask & (1u << i)))
            continue;
        const gl_writer_entry *w = b->cfg->formats[i];
        char *dest = gl_batch_output_path(b, stem, strlen(stem), w);
        if (write_one(b, &job, &env, w, dest, r))
            r->written |= 1u << i;
        free(dest);
    }
    gl_job_free(&job);
    r->ms = (gl_cli_now() - t0) * 1e3;
}

/* Message fields are NUL-terminated strings, one after another. */
typedef struct packer {
    char *buf;
    size_t len;
    bool full;
} packer;

static void pack(packer *p, const char *s) {
    size_t n = strlen(s) + 1;
    if (p->len + n > MSG_MAX) {
        p->full = true;
        return;
    }
    memcpy(p->buf + p->len, s, n);
    p->len += n;
}

static void packf(packer *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void packf(packer *p, const char *fmt, ...) {
    char tmp[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    pack(p, tmp);
}

/* The next field of a received message, or NULL past its end. */
static const char *unpack(const char *buf, size_t len, size_t *at) {
    if (*at >= len)
        return NULL;
    const char *s = buf + *at;
    const char *nul = memchr(s, '\0', len - *at);
    if (!nul)
        return NULL;
    *at = (size_t)(nul - buf) + 1;
    return s;
}

/* Bounds the worker's address space at the conversion's memory budget
 * plus GL_BATCH_MEMORY_MARGIN, so that whatever the budget does not count
 * and overflows fails this worker's file (an allocation fails: out of
 * memory) instead of taking the machine, and the batch goes on. Never
 * raised above a limit already set; none with --max-memory 0 (no budget).
 * Not under AddressSanitizer, whose
 * shadow memory alone takes terabytes of address space. */
static void limit_memory(batch *b) {
#ifndef __SANITIZE_ADDRESS__
    size_t limit;
    struct rlimit rl;
    if (b->opt.max_memory == 0 ||
        __builtin_add_overflow(b->opt.max_memory, GL_BATCH_MEMORY_MARGIN, &limit) ||
        getrlimit(RLIMIT_AS, &rl) != 0 || (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur <= limit))
        return;
    rl.rlim_cur = limit;
    if (rl.rlim_max == RLIM_INFINITY || rl.rlim_max > limit)
        rl.rlim_max = limit;
    if (setrlimit(RLIMIT_AS, &rl) == 0)
        b->memory_limit = limit;
#else
    (void)b;
#endif
}

/* A worker's life: take a job, convert, answer; exit when the parent
 * closes the socket. Never returns. */
static void worker_main(batch *b, int fd) {
    /* Ctrl-C reaches the whole process group: the parent decides, and
     * removes what was in flight. */
    signal(SIGINT, SIG_IGN);
    signal(SIGTERM, SIG_DFL);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != b->parent)
        _exit(0);
    limit_memory(b);
    b->opt.warn = worker_warning;
    b->opt.warn_userdata = b;
    gl_buf_init(&b->job_warnings, NULL, 0);
    b->last_dir[0] = '\0';
    char *in = gl_cli_xrealloc(NULL, MSG_MAX), *out = gl_cli_xrealloc(NULL, MSG_MAX);
    reply r;
    for (;;) {
        ssize_t n = recv(fd, in, MSG_MAX, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            _exit(0);
        size_t at = 0;
        const char *id = unpack(in, (size_t)n, &at);
        const char *path = unpack(in, (size_t)n, &at);
        const char *stem = unpack(in, (size_t)n, &at);
        const char *special = unpack(in, (size_t)n, &at);
        const char *mask = unpack(in, (size_t)n, &at);
        const char *titled = unpack(in, (size_t)n, &at);
        if (!titled)
            _exit(GL_EXIT_FAILED);
        convert(b, path, stem, special[0] == '1', titled[0] == '1',
                (unsigned)strtoul(mask, NULL, 10), &r);
        packer p = {out, 0, false};
        pack(&p, id);
        packf(&p, "%u", r.written);
        pack(&p, r.err_file);
        packf(&p, "%lu", r.err_line);
        pack(&p, r.err_msg);
        packf(&p, "%.3f", r.ms);
        pack(&p, r.title);
        pack(&p, r.byline);
        pack(&p, r.date);
        pack(&p, r.stem);
        packf(&p, "%zu", b->job_warning_count);
        for (size_t k = 0; k < b->job_warnings.len; k += strlen(b->job_warnings.data + k) + 1)
            pack(&p, b->job_warnings.data + k);
        if (send(fd, out, p.len, MSG_NOSIGNAL) < 0)
            _exit(0);
    }
}

/* ---- the parent ---- */

static bool spawn(batch *b, slot *s) {
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
        gl_batch_say(b, NULL, 0, "cannot start a worker: %s", strerror(errno));
        return false;
    }
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        gl_batch_say(b, NULL, 0, "cannot start a worker: %s", strerror(errno));
        close(sv[0]);
        close(sv[1]);
        return false;
    }
    if (pid == 0) {
        /* The other workers' sockets must close with the parent alone, or
         * their death would go unseen. */
        for (size_t i = 0; i < b->slot_count; i++)
            if (b->slots[i].pid)
                close(b->slots[i].fd);
        close(sv[0]);
        if (b->list_fd > STDIN_FILENO)
            close(b->list_fd);
        if (b->report_fd >= 0)
            close(b->report_fd);
        worker_main(b, sv[1]);
    }
    close(sv[1]);
    s->pid = pid;
    s->fd = sv[0];
    s->busy = false;
    return true;
}

/* Removes what a worker that died or was killed left in flight. */
static void remove_temporaries(batch *b, const slot *s) {
    const item *it = s->it;
    for (size_t i = 0; i < b->cfg->format_count; i++) {
        if (!(s->formats & (1u << i)))
            continue;
        char *dest =
            gl_batch_output_path(b, gl_batch_name(it, it->rel), it->stem_len, b->cfg->formats[i]);
        gl_atomic_remove_stale(dest);
        free(dest);
    }
}

static bool send_job(batch *b, slot *s, item *it, unsigned mask) {
    char buf[MSG_MAX];
    packer p = {buf, 0, false};
    char stem[8192];
    if (it->stem_len >= sizeof stem)
        return false;
    memcpy(stem, gl_batch_name(it, it->rel), it->stem_len);
    stem[it->stem_len] = '\0';
    size_t job = ++b->serial;
    packf(&p, "%zu", job);
    pack(&p, gl_batch_name(it, it->path));
    pack(&p, stem);
    pack(&p, it->special_ok ? "1" : "0");
    packf(&p, "%u", mask);
    pack(&p, it->title_name ? "1" : "0");
    if (p.full || send(s->fd, buf, p.len, MSG_NOSIGNAL) < 0)
        return false;
    s->busy = true;
    s->it = it;
    s->job = job;
    s->formats = mask;
    s->started = gl_cli_now();
    return true;
}

/* Ends a worker that died or must die, and fails its job with `why`. */
static void lose_worker(batch *b, slot *s, bool kill_it, const char *why) {
    int ws = 0;
    if (kill_it)
        kill(s->pid, SIGKILL);
    close(s->fd);
    while (waitpid(s->pid, &ws, 0) < 0 && errno == EINTR)
        ;
    gl_batch_shared_drop(b->shared, s->pid); /* its requests ended with it */
    s->pid = 0;
    if (!s->busy)
        return;
    s->busy = false;
    remove_temporaries(b, s);
    char msg[256];
    if (why)
        snprintf(msg, sizeof msg, "%s", why);
    else if (WIFSIGNALED(ws))
        snprintf(msg, sizeof msg,
                 "the worker converting this file crashed (signal %d, %s); the others go on",
                 WTERMSIG(ws), strsignal(WTERMSIG(ws)));
    else
        snprintf(msg, sizeof msg,
                 "the worker converting this file ended unexpectedly (exit status %d)",
                 WIFEXITED(ws) ? WEXITSTATUS(ws) : -1);
    gl_batch_settle(b, s->it, 0, NULL, msg, NULL, 0);
}

static void receive(batch *b, slot *s) {
    char buf[MSG_MAX];
    ssize_t n = recv(s->fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (n <= 0) {
        lose_worker(b, s, false, NULL);
        return;
    }
    reply r;
    memset(&r, 0, sizeof r);
    size_t at = 0;
    const char *f[11];
    for (size_t i = 0; i < 11; i++)
        f[i] = unpack(buf, (size_t)n, &at);
    if (!f[10] || strtoull(f[0], NULL, 10) != s->job) {
        lose_worker(b, s, true, "the worker sent a garbled reply");
        return;
    }
    r.written = (unsigned)strtoul(f[1], NULL, 10);
    r.ms = strtod(f[5], NULL);
    snprintf(r.title, sizeof r.title, "%s", f[6]);
    snprintf(r.byline, sizeof r.byline, "%s", f[7]);
    snprintf(r.date, sizeof r.date, "%s", f[8]);
    if (f[9][0] && s->it->is_url)
        gl_batch_rename(s->it, f[9]);
    r.warning_count = strtoull(f[10], NULL, 10);
    r.warnings = buf + at;
    while (unpack(buf, (size_t)n, &at))
        r.warnings_kept++;
    s->busy = false;
    gl_batch_settle(b, s->it, r.written, &r, f[4][0] ? f[4] : NULL, f[2], strtoul(f[3], NULL, 10));
}

/* Whether `it` may start now: a file always, a URL while fewer than
 * GL_BATCH_HOST_MAX workers are busy with URLs of its host. */
static bool host_free(const batch *b, const item *it) {
    if (!it->is_url)
        return true;
    size_t len, olen;
    const char *host = gl_cli_url_host(gl_batch_name(it, it->path), &len);
    unsigned busy = 0;
    for (size_t i = 0; i < b->slot_count; i++) {
        const slot *s = &b->slots[i];
        if (!s->pid || !s->busy || !s->it->is_url)
            continue;
        const char *other = gl_cli_url_host(gl_batch_name(s->it, s->it->path), &olen);
        busy += olen == len && strncasecmp(other, host, len) == 0;
    }
    return busy < GL_BATCH_HOST_MAX;
}

/* The next job a free worker may start: a waiting URL whose host is free
 * first, else the next planned one; a URL whose host is busy waits.
 * NULL when none may start now, with *exhausted when none is left at
 * all. */
static item *take_job(batch *b, unsigned *mask, bool *exhausted) {
    for (size_t i = 0; i < b->waiting_count; i++) {
        item *it = b->waiting[i];
        if (!host_free(b, it))
            continue;
        *mask = b->waiting_mask[i];
        b->waiting_count--;
        memmove(&b->waiting[i], &b->waiting[i + 1], (b->waiting_count - i) * sizeof *b->waiting);
        memmove(&b->waiting_mask[i], &b->waiting_mask[i + 1],
                (b->waiting_count - i) * sizeof *b->waiting_mask);
        return it;
    }
    while (b->waiting_count < GL_BATCH_WAITING_MAX) {
        item *it = gl_batch_next_job(b, mask);
        if (!it) {
            *exhausted = b->waiting_count == 0;
            return NULL;
        }
        if (host_free(b, it))
            return it;
        b->waiting_mask[b->waiting_count] = *mask;
        b->waiting[b->waiting_count++] = it;
    }
    return NULL;
}

bool gl_batch_dispatch(batch *b) {
    unsigned jobs = b->args->jobs;
    if (!jobs) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = cores > 0 ? (unsigned)cores : 1;
    }
    b->slot_count = jobs;
    b->slots = gl_cli_xrealloc(NULL, jobs * sizeof *b->slots);
    memset(b->slots, 0, jobs * sizeof *b->slots);
    struct pollfd *fds = gl_cli_xrealloc(NULL, jobs * sizeof *fds);
    size_t *which = gl_cli_xrealloc(NULL, jobs * sizeof *which);
    bool exhausted = false;
    unsigned spawn_failures = 0;
    for (;;) {
        /* Workers start when there is work for them: a run where all is up
         * to date forks none. */
        for (size_t i = 0; i < b->slot_count && !exhausted && !*b->interrupted; i++) {
            slot *s = &b->slots[i];
            if (s->pid && s->busy)
                continue;
            unsigned mask = 0;
            item *job = take_job(b, &mask, &exhausted);
            if (!job)
                break;
            if (!s->pid && !spawn(b, s)) {
                gl_batch_hold(b, job, mask);
                if (++spawn_failures > 3 * b->slot_count) {
                    exhausted = true; /* settled below with the reason */
                    break;
                }
                continue;
            }
            /* An idle worker that died unseen takes no job: start another. */
            if (!send_job(b, s, job, mask)) {
                lose_worker(b, s, true, NULL);
                if (!spawn(b, s) || !send_job(b, s, job, mask)) {
                    s->busy = true;
                    s->it = job;
                    s->formats = 0;
                    lose_worker(b, s, true, "could not hand the file to a worker");
                }
            }
        }
        size_t n = 0;
        double now = gl_cli_now(), wait_ms = b->progress ? GL_BATCH_PROGRESS_MS : 1000;
        for (size_t i = 0; i < b->slot_count; i++) {
            slot *s = &b->slots[i];
            if (!s->pid || !s->busy)
                continue;
            if (b->args->timeout) {
                double left = (s->started + b->args->timeout - now) * 1e3;
                if (left < wait_ms)
                    wait_ms = left < 0 ? 0 : left;
            }
            fds[n] = (struct pollfd){s->fd, POLLIN, 0};
            which[n++] = i;
        }
        if (n == 0 && (exhausted || *b->interrupted))
            break;
        if (*b->interrupted)
            break;
        if (n > 0 && poll(fds, n, (int)wait_ms + 1) > 0)
            for (size_t k = 0; k < n; k++)
                if (fds[k].revents)
                    receive(b, &b->slots[which[k]]);
        now = gl_cli_now();
        for (size_t i = 0; i < b->slot_count && b->args->timeout; i++) {
            slot *s = &b->slots[i];
            if (s->pid && s->busy && now - s->started > b->args->timeout) {
                char why[128];
                snprintf(why, sizeof why,
                         "stopped after --timeout %u seconds: the file took too long",
                         b->args->timeout);
                lose_worker(b, s, true, why);
            }
        }
        gl_batch_show_progress(b, false);
    }
    /* Interrupted: what was in flight is stopped and removed; what was not
     * started stays for the next run. */
    for (size_t i = 0; i < b->slot_count; i++) {
        slot *s = &b->slots[i];
        if (s->pid && s->busy)
            lose_worker(b, s, true, "interrupted");
        else if (s->pid)
            lose_worker(b, s, false, NULL);
    }
    unsigned mask;
    for (size_t i = 0; !*b->interrupted && i < b->waiting_count; i++)
        gl_batch_settle(b, b->waiting[i], 0, NULL, "no worker could be started", NULL, 0);
    if (!*b->interrupted)
        b->waiting_count = 0;
    for (item *it; !*b->interrupted && (it = gl_batch_next_job(b, &mask));)
        gl_batch_settle(b, it, 0, NULL, "no worker could be started", NULL, 0);
    /* Interrupted: the groups of waiting URLs that are not b->cur (freed
     * below) go now, each once. */
    for (size_t i = 0; *b->interrupted && i < b->waiting_count; i++) {
        group *g = b->waiting[i]->grp;
        bool seen = g == b->cur;
        for (size_t j = 0; j < i && !seen; j++)
            seen = b->waiting[j]->grp == g;
        if (!seen)
            gl_batch_free_group(g);
    }
    /* A signal that came once every input was settled and none was left to
     * plan stopped nothing. */
    bool cut_short = *b->interrupted && !(gl_batch_plan_done(b) && b->done == b->count);
    /* Interrupted: what was planned and not handed out stays undone. */
    gl_batch_free_group(b->cur); /* its states go with the store */
    b->cur = NULL;
    free(fds);
    free(which);
    free(b->slots);
    return cut_short;
}
