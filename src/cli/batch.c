/* Batch conversion into a folder; batch.h says what it does, batch_int.h
 * how its pieces divide the work. This file is the run itself: the output
 * folder, its state, the operands, signals, and the end. */
/* realpath: where the operands and OUT lie. */
#define _DEFAULT_SOURCE
#include "cli/batch_int.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include "cli/util.h"

/* A --files-from list is planned this many entries at a time (the test hook
 * GALLEY_TEST_LIST_CHUNK sets another). */
#define LIST_CHUNK 1024

/* Set by SIGINT/SIGTERM. A signal handler can only talk through a static
 * flag; it is the CLI's own and only read by the parent loop. */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig) { interrupted = sig; }

static const char *env_nonempty(const char *name) {
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

/* The rest of real path `p` below real folder `dir` ("" when they are the
 * same), or NULL when `p` is not below it. */
static const char *rest_below(const char *p, const char *dir) {
    size_t n = strlen(dir);
    if (strncmp(p, dir, n) != 0)
        return NULL;
    if (p[n] == '\0')
        return p + n;
    if (p[n] == '/')
        return p + n + 1;
    return n == 1 ? p + 1 : NULL; /* dir is "/" */
}

/* Where each folder operand and OUT lie one in the other (batch_int.h);
 * symbolic links to folders are not walked, so real paths tell. */
static void find_overlaps(batch *b) {
    size_t n = b->args->input_count;
    b->root_in_out = gl_cli_xrealloc(NULL, (n + 1) * sizeof *b->root_in_out);
    b->out_in_root = gl_cli_xrealloc(NULL, (n + 1) * sizeof *b->out_in_root);
    char *out = realpath(b->cfg->out_dir, NULL);
    for (size_t i = 0; i < n; i++) {
        b->root_in_out[i] = b->out_in_root[i] = NULL;
        char *root = out && b->is_folder[i] ? realpath(b->args->inputs[i], NULL) : NULL;
        const char *r;
        if (root && (r = rest_below(root, out)))
            b->root_in_out[i] = gl_cli_join(r, "");
        else if (root && (r = rest_below(out, root)))
            b->out_in_root[i] = gl_cli_join(r, "");
        free(root);
    }
    free(out);
}

/* Checks the operands and, for --files-from, opens the list; the run is
 * planned as it goes (next_group). */
static int plan(batch *b) {
    const gl_cli_args *a = b->args;
    b->is_folder = gl_cli_xrealloc(NULL, (a->input_count + 1) * sizeof *b->is_folder);
    for (size_t i = 0; i < a->input_count; i++) {
        struct stat st;
        b->is_folder[i] = stat(a->inputs[i], &st) == 0 && S_ISDIR(st.st_mode);
    }
    find_overlaps(b);
    if (!a->files_from) {
        if (b->progress)
            b->total = gl_batch_count_inputs(b);
        b->total_known = b->progress;
        return GL_EXIT_OK;
    }
    const char *base = NULL;
    for (size_t i = 0; i < a->input_count; i++) {
        struct stat st;
        if (a->input_count > 1 || stat(a->inputs[i], &st) != 0 || !S_ISDIR(st.st_mode)) {
            fprintf(stderr, "galley: --files-from takes at most one other operand: the "
                            "folder its paths are relative to\n"
                            "Try 'galley --help' for more information.\n");
            return GL_EXIT_USAGE;
        }
        base = a->inputs[i];
    }
    const char *name = a->files_from;
    bool is_stdin = strcmp(name, "-") == 0;
    b->list_name = is_stdin ? "<stdin>" : name;
    b->list_base = base;
    b->list_fd = is_stdin ? STDIN_FILENO : open(name, O_RDONLY | O_CLOEXEC);
    if (b->list_fd < 0) {
        gl_batch_say(b, name, 0, "cannot read the list: %s", strerror(errno));
        return GL_EXIT_FAILED;
    }
    b->list_buf = gl_cli_xrealloc(NULL, GL_BATCH_LIST_BUF);
    const char *chunk = env_nonempty("GALLEY_TEST_LIST_CHUNK");
    b->list_chunk = chunk ? strtoul(chunk, NULL, 10) : 0;
    if (!b->list_chunk)
        b->list_chunk = LIST_CHUNK;
    /* Only a file can be counted ahead and read again; a pipe is shown
     * without a total. */
    struct stat st;
    off_t from = lseek(b->list_fd, 0, SEEK_CUR);
    if (b->progress && from >= 0 && fstat(b->list_fd, &st) == 0 && S_ISREG(st.st_mode)) {
        b->total = gl_batch_count_list(b, from);
        b->total_known = true;
    }
    return b->list_failed ? GL_EXIT_FAILED : GL_EXIT_OK;
}

static bool open_state(batch *b) {
    char name[64] = ".galley-state";
    if (b->args->shard_count)
        snprintf(name, sizeof name, ".galley-state-%u-of-%u", b->args->shard_index,
                 b->args->shard_count);
    char *path = gl_cli_join(b->cfg->out_dir, name);
    char msg[1024];
    bool ok = gl_state_store_open(&b->state, path, msg, sizeof msg);
    if (!ok)
        gl_batch_say(b, NULL, 0, "%s", msg);
    free(path);
    return ok;
}

/* Creates OUT (mkdir -p). */
static bool make_out(batch *b) {
    char *p = gl_cli_join(b->cfg->out_dir, "");
    bool ok = true;
    for (char *s = p + 1;; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char saved = *s;
        *s = '\0';
        struct stat st;
        if (mkdir(p, 0777) != 0 && (errno != EEXIST || stat(p, &st) != 0 || !S_ISDIR(st.st_mode))) {
            gl_batch_say(b, NULL, 0, "cannot create the folder '%s': %s", p,
                         errno == EEXIST ? "Not a directory" : strerror(errno));
            ok = false;
            break;
        }
        *s = saved;
        if (saved == '\0')
            break;
    }
    free(p);
    return ok;
}

int gl_batch_run(const gl_batch_config *cfg) {
    batch *b = gl_cli_xrealloc(NULL, sizeof *b);
    memset(b, 0, sizeof *b);
    b->cfg = cfg;
    b->args = cfg->args;
    b->opt = *cfg->opt;
    if ((b->shared = gl_batch_shared_new(GL_BATCH_HOST_MAX, &b->fetch_gate)))
        b->opt.fetch_gate = &b->fetch_gate;
    b->interrupted = &interrupted;
    b->parent = getpid();
    b->list_fd = -1;
    b->report_fd = -1;
    b->crash_on = env_nonempty("GALLEY_TEST_CRASH_ON");
    b->hang_on = env_nonempty("GALLEY_TEST_HANG_ON");
    const char *k = env_nonempty("GALLEY_TEST_KILL_AFTER");
    b->kill_after = k ? strtoul(k, NULL, 10) : 0;
    const char *t = env_nonempty("GALLEY_TEST_TERM_AFTER");
    b->term_after = t ? strtoul(t, NULL, 10) : 0;
    b->progress = isatty(STDERR_FILENO) && !b->args->quiet;
    gl_buf_init(&b->line, NULL, 0);
    for (size_t i = 0; i < cfg->format_count; i++)
        b->options_hash[i] = gl_batch_options_hash(b, cfg->formats[i]);

    int rc = make_out(b) && open_state(b) ? plan(b) : GL_EXIT_FAILED;
    if (rc == GL_EXIT_OK && b->args->report && !gl_batch_open_report(b))
        rc = GL_EXIT_FAILED;
    if (rc == GL_EXIT_OK) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        struct sigaction old_int, old_term;
        sigaction(SIGINT, &sa, &old_int);
        sigaction(SIGTERM, &sa, &old_term);
        b->started = gl_cli_now();
        bool cut_short = gl_batch_dispatch(b);
        double seconds = gl_cli_now() - b->started;
        gl_batch_clear_progress(b);
        gl_batch_show_warnings(b);
        gl_batch_summary(b, seconds, cut_short);
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGTERM, &old_term, NULL);
        rc = b->failed || b->list_failed || cut_short ? GL_EXIT_FAILED : GL_EXIT_OK;
    }
    char msg[1024];
    if (!gl_state_store_close(b->state, msg, sizeof msg)) {
        gl_batch_say(b, NULL, 0, "%s", msg);
        rc = GL_EXIT_FAILED;
    }
    if (!gl_batch_close_report(b))
        rc = GL_EXIT_FAILED;
    if (env_nonempty("GALLEY_TEST_PEAK_RSS")) {
        struct rusage ru;
        if (getrusage(RUSAGE_SELF, &ru) == 0)
            gl_batch_say(b, NULL, 0, "peak memory of this process: %ld KiB", ru.ru_maxrss);
    }
    gl_buf_free(&b->line);
    gl_batch_free_group(b->cur);
    if (b->list_fd > STDIN_FILENO)
        close(b->list_fd);
    free(b->list_buf);
    free(b->entry);
    gl_walk_free(&b->walk);
    for (size_t i = 0; b->root_in_out && i < b->args->input_count; i++) {
        free(b->root_in_out[i]);
        free(b->out_in_root[i]);
    }
    free(b->root_in_out);
    free(b->out_in_root);
    free(b->is_folder);
    gl_batch_shared_free(b->shared);
    free(b);
    return rc;
}
