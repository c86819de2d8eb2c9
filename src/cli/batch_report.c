/* Reporting a batch (batch_int.h): messages on standard error, the
 * progress line, settling each input (its state records, its --report
 * line, the counts), and the summary. */
/* realpath: where a --report path lies. */
#define _DEFAULT_SOURCE
#include "cli/batch_int.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli/util.h"
#include "util/localfile.h"
#include "util/escape.h"

/* ---- messages ---- */

void gl_batch_clear_progress(batch *b) {
    if (b->line_shown)
        fputs("\r\033[K", stderr);
    b->line_shown = false;
}

void gl_batch_say(batch *b, const char *file, unsigned long line, const char *fmt, ...) {
    char name[1024];
    gl_batch_clear_progress(b);
    va_list ap;
    va_start(ap, fmt);
    gl_cli_vsay(file && *file ? gl_cli_printable(file, name, sizeof name) : NULL, line, fmt, ap);
    va_end(ap);
}

void gl_batch_worker_say(const batch *b, const char *file, unsigned long line, const char *fmt,
                         ...) {
    char text[8192], name[1024];
    size_t n = (size_t)snprintf(text, sizeof text, "%sgalley: ", b->progress ? "\r\033[K" : "");
    if (file && *file && n < sizeof text) {
        gl_cli_printable(file, name, sizeof name);
        n += (size_t)(line ? snprintf(text + n, sizeof text - n, "%s:%lu: ", name, line)
                           : snprintf(text + n, sizeof text - n, "%s: ", name));
    }
    if (n < sizeof text) {
        va_list ap;
        va_start(ap, fmt);
        n += (size_t)vsnprintf(text + n, sizeof text - n, fmt, ap);
        va_end(ap);
    }
    if (n >= sizeof text - 1)
        n = sizeof text - 2;
    text[n++] = '\n';
    (void)!write(STDERR_FILENO, text, n);
}

/* ---- the progress line ---- */

static void format_duration(char *buf, size_t size, double s) {
    unsigned long t = (unsigned long)(s + 0.5);
    if (t >= 3600)
        snprintf(buf, size, "%lu:%02lu:%02lu", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(buf, size, "%lu:%02lu", t / 60, t % 60);
}

void gl_batch_show_progress(batch *b, bool force) {
    if (!b->progress)
        return;
    double now = gl_cli_now();
    if (!force && (now - b->last_progress) * 1e3 < GL_BATCH_PROGRESS_MS)
        return;
    b->last_progress = now;
    double elapsed = now - b->started;
    double rate = elapsed > 0 ? (double)b->done / elapsed : 0;
    if (!b->total_known) {
        /* A list on standard input cannot be counted ahead. */
        fprintf(stderr, "\r\033[Kgalley: %zu files, %.1f files/s, %zu failed", b->done, rate,
                b->failed);
        fflush(stderr);
        b->line_shown = true;
        return;
    }
    /* The count ahead may miss files made since; never show fewer than seen. */
    size_t total = b->total > b->count ? b->total : b->count;
    char eta[32] = "-";
    if (rate > 0)
        format_duration(eta, sizeof eta, (double)(total - b->done) / rate);
    fprintf(stderr, "\r\033[Kgalley: %zu/%zu files, %.1f files/s, ETA %s, %zu failed", b->done,
            total, rate, eta, b->failed);
    fflush(stderr);
    b->line_shown = true;
}

/* ---- the --report file ---- */

/* `path` with its folder resolved (the file itself need not exist):
 * "/real/folder/name", malloc'd; NULL when the folder cannot be. */
static char *resolved(const char *path) {
    char *dir = gl_path_dir(path);
    if (!dir)
        gl_cli_out_of_memory();
    char *real = realpath(*dir ? dir : ".", NULL);
    free(dir);
    if (!real)
        return NULL;
    char *full = gl_cli_join(real, gl_cli_base_name(path));
    free(real);
    return full;
}

/* Where resolved path `p` lies below folder `dir` (resolved here): the rest
 * of the path after "dir/", or NULL when not below it. */
static const char *below(const char *p, const char *dir) {
    char *real = realpath(dir, NULL);
    const char *rest = NULL;
    size_t n = real ? strlen(real) : 0;
    if (real && strncmp(p, real, n) == 0 && (p[n] == '/' || n == 1))
        rest = p + n + (n > 1);
    free(real);
    return rest;
}

/* Whether a walk reaches `rel` (no part of it hidden). */
static bool walked(const char *rel) {
    for (const char *p = rel; p; p = strchr(p, '/'), p = p ? p + 1 : NULL)
        if (*p == '.')
            return false;
    return true;
}

/* Why the --report file must not be written, or NULL: it is an input of
 * the run, or would be taken for one (a name a reader claims where the run
 * reads), or the --files-from list; it could be an output of the run (in
 * OUT with a format's extension) or galley's state there. The same guard
 * an output has: a report must destroy nothing the run reads or writes. */
static const char *report_refusal(const batch *b, const char *real, const struct stat *st) {
    const gl_cli_args *a = b->args;
    bool claimed = gl_reader_by_path(a->report) != NULL;
    for (size_t i = 0; i < a->input_count; i++) {
        struct stat in;
        const char *rel;
        if (b->is_folder[i] && claimed && (rel = below(real, a->inputs[i])) && walked(rel))
            return "an input of this run (a reader claims its extension, in an input folder)";
        if (!b->is_folder[i] && st && stat(a->inputs[i], &in) == 0 && in.st_dev == st->st_dev &&
            in.st_ino == st->st_ino)
            return "an input of this run";
    }
    if (a->files_from) {
        struct stat list;
        if (st && b->list_fd >= 0 && fstat(b->list_fd, &list) == 0 && list.st_dev == st->st_dev &&
            list.st_ino == st->st_ino)
            return "the --files-from list";
        if (claimed && below(real, b->list_base ? b->list_base : "."))
            return "a file the list may name (a reader claims its extension)";
    }
    const char *rel = below(real, b->cfg->out_dir);
    if (!rel)
        return NULL;
    if (strncmp(gl_cli_base_name(rel), ".galley", 7) == 0)
        return "galley's state in the output folder";
    size_t len = strlen(rel);
    for (size_t i = 0; i < b->cfg->format_count; i++) {
        size_t elen = strlen(b->cfg->formats[i]->extension);
        if (len > elen && strcmp(rel + len - elen, b->cfg->formats[i]->extension) == 0)
            return "an output of this run, or one that an output replaces (it is in the output "
                   "folder with an output's extension)";
    }
    return NULL;
}

bool gl_batch_open_report(batch *b) {
    const char *path = b->args->report;
    char shown[1024];
    gl_cli_printable(path, shown, sizeof shown);
    struct stat st;
    bool exists = lstat(path, &st) == 0;
    if (exists && S_ISLNK(st.st_mode)) {
        gl_batch_say(b, NULL, 0,
                     "--report '%s' is a symbolic link: refusing to replace it or write through "
                     "it; give the path it points to, or remove it",
                     shown);
        return false;
    }
    char *real = resolved(path);
    const char *why = real ? report_refusal(b, real, exists ? &st : NULL) : NULL;
    free(real);
    if (why) {
        gl_batch_say(b, NULL, 0, "--report '%s' is %s: refusing to write the report there", shown,
                     why);
        return false;
    }
    /* Lines are written as inputs settle, each in one write(2): after kill
     * -9 the report holds every settled line. */
    b->report_fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC,
                        b->cfg->file_mode);
    if (b->report_fd < 0 || fstat(b->report_fd, &b->report_st) != 0) {
        gl_batch_say(b, NULL, 0, "cannot write the report '%s': %s", shown, strerror(errno));
        if (b->report_fd >= 0)
            close(b->report_fd);
        b->report_fd = -1;
        return false;
    }
    b->have_report = true;
    return true;
}

/* Appends one line to the report; the first failure is said once. */
static void write_report(batch *b, const gl_buf *l) {
    if (l->status != GL_OK)
        gl_cli_out_of_memory();
    const char *p = l->data;
    size_t len = l->len;
    while (len > 0 && !b->report_failed) {
        ssize_t n = write(b->report_fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            char shown[1024];
            gl_batch_say(b, NULL, 0, "cannot write the report '%s': %s",
                         gl_cli_printable(b->args->report, shown, sizeof shown), strerror(errno));
            b->report_failed = true;
        }
        p += n > 0 ? n : 0;
        len -= n > 0 ? (size_t)n : 0;
    }
}

bool gl_batch_close_report(batch *b) {
    if (!b->have_report)
        return true;
    char shown[1024];
    gl_cli_printable(b->args->report, shown, sizeof shown);
    if (!b->report_failed && (fsync(b->report_fd) != 0 && errno != EINVAL)) {
        gl_batch_say(b, NULL, 0, "cannot write the report '%s': %s", shown, strerror(errno));
        b->report_failed = true;
    }
    if (close(b->report_fd) != 0 && !b->report_failed) {
        gl_batch_say(b, NULL, 0, "cannot write the report '%s': %s", shown, strerror(errno));
        b->report_failed = true;
    }
    b->report_fd = -1;
    return !b->report_failed;
}

/* ---- settling ---- */

static void report_line(batch *b, const item *it, unsigned written, const reply *r,
                        const char *status, const char *error) {
    if (!b->have_report)
        return;
    gl_buf *l = &b->line;
    gl_buf_clear(l);
    const char *path = gl_batch_name(it, it->path);
    gl_buf_puts(l, "{\"input\":");
    gl_escape_json(l, path, strlen(path));
    gl_buf_puts(l, ",\"outputs\":[");
    bool first = true;
    for (size_t i = 0; i < b->cfg->format_count; i++) {
        if (!(written & (1u << i)))
            continue;
        char *dest =
            gl_batch_output_path(b, gl_batch_name(it, it->rel), it->stem_len, b->cfg->formats[i]);
        if (!first)
            gl_buf_putc(l, ',');
        gl_escape_json(l, dest, strlen(dest));
        free(dest);
        first = false;
    }
    gl_buf_printf(l, "],\"status\":\"%s\",\"error\":", status);
    if (error)
        gl_escape_json(l, error, strlen(error));
    else
        gl_buf_puts(l, "null");
    gl_buf_printf(l, ",\"milliseconds\":%.1f", r ? r->ms : 0.0);
    const char *keys[] = {"title", "byline", "date"};
    const char *vals[] = {r ? r->title : "", r ? r->byline : "", r ? r->date : ""};
    for (size_t i = 0; i < 3; i++) {
        gl_buf_printf(l, ",\"%s\":", keys[i]);
        if (vals[i][0])
            gl_escape_json(l, vals[i], strlen(vals[i]));
        else
            gl_buf_puts(l, "null");
    }
    gl_buf_puts(l, ",\"warnings\":[");
    const char *w = r ? r->warnings : NULL;
    for (size_t i = 0; r && i < r->warnings_kept; i++, w += strlen(w) + 1) {
        if (i)
            gl_buf_putc(l, ',');
        gl_escape_json(l, w, strlen(w));
    }
    if (r && r->warning_count > r->warnings_kept)
        gl_buf_printf(l, "%s\"and %zu more warnings\"", r->warnings_kept ? "," : "",
                      r->warning_count - r->warnings_kept);
    gl_buf_puts(l, "]}\n");
    write_report(b, l);
}

/* ---- warnings by kind ---- */

/* Whether the quote at `p` (after `prev`) opens a quoted name rather than
 * being an apostrophe ("the input's folder"). */
static bool opens_quote(const char *p, char prev) {
    return (*p == '\'' || *p == '"') && (prev == '\0' || prev == ' ' || prev == '(');
}

/* The kind of a warning: its message without what varies from file to
 * file. Quoted names ('a.png', "ISO-8859-1", <script>) and numbers become
 * '_', details in parentheses go, and a "line N: " in front goes. So
 * "dropped <script> element" and "dropped <style> element" are one kind,
 * as are two images missing for the same reason. */
static char *kind_of(const char *msg) {
    if (strncmp(msg, "line ", 5) == 0 && msg[5] >= '0' && msg[5] <= '9') {
        const char *colon = strstr(msg, ": ");
        if (colon)
            msg = colon + 2;
    }
    size_t len = strlen(msg), n = 0;
    char *key = gl_cli_xrealloc(NULL, len + 1), prev = '\0';
    for (const char *p = msg; *p;) {
        const char *end = NULL;
        if (opens_quote(p, prev) || *p == '<')
            end = strchr(p + 1, *p == '<' ? '>' : *p);
        else if (*p == '(')
            end = strchr(p + 1, ')');
        if (end) {
            if (*p != '(')
                key[n++] = '_';
            prev = *end;
            p = end + 1;
            continue;
        }
        if (*p >= '0' && *p <= '9') {
            while ((*p >= '0' && *p <= '9') || *p == '.')
                p++;
            key[n++] = '_';
            prev = '_';
            continue;
        }
        prev = *p;
        key[n++] = *p++;
    }
    key[n] = '\0';
    return key;
}

static char *copy(const char *s) {
    char *p = gl_cli_xrealloc(NULL, strlen(s) + 1);
    memcpy(p, s, strlen(s) + 1);
    return p;
}

/* Counts the warnings of a settled file (`file` as messages show it) by
 * kind, keeping for each kind the first file by name and its first message
 * of that kind. */
static void count_warnings(batch *b, const reply *r, const char *file) {
    const char *w = r->warnings;
    for (size_t i = 0; i < r->warnings_kept; i++, w += strlen(w) + 1) {
        char *key = kind_of(w);
        warning_kind *k = NULL;
        for (size_t j = 0; j < b->kind_count && !k; j++)
            if (strcmp(b->kinds[j].key, key) == 0)
                k = &b->kinds[j];
        if (!k && b->kind_count == GL_BATCH_KINDS_MAX) {
            b->other_warnings++;
            free(key);
            continue;
        }
        if (!k) {
            b->kinds = gl_cli_xrealloc(b->kinds, (b->kind_count + 1) * sizeof *b->kinds);
            k = &b->kinds[b->kind_count++];
            *k = (warning_kind){key, copy(file), copy(w), 0, 0, 0};
        } else {
            free(key);
            /* Workers settle in any order: the file shown is the first by
             * name, so that the same batch says the same line every run. */
            if (strcmp(file, k->file) < 0) {
                free(k->file);
                free(k->message);
                k->file = copy(file);
                k->message = copy(w);
            }
        }
        k->count++;
        if (k->files == 0 || k->last_file != b->done) {
            k->files++;
            k->last_file = b->done;
        }
    }
    b->other_warnings += r->warning_count - r->warnings_kept;
}

void gl_batch_show_warnings(batch *b) {
    bool show = !b->args->verbose && !b->args->quiet;
    for (size_t i = 0; i < b->kind_count; i++) {
        warning_kind *k = &b->kinds[i];
        /* "line 5: text" is said as "FILE:5: warning: text", as -v does. */
        const char *text = k->message;
        unsigned long line = 0;
        if (strncmp(text, "line ", 5) == 0 && text[5] >= '0' && text[5] <= '9') {
            char *end;
            line = strtoul(text + 5, &end, 10);
            text = strncmp(end, ": ", 2) == 0 ? end + 2 : text;
            line = text == k->message ? 0 : line;
        }
        if (show && k->count == 1)
            gl_batch_say(b, k->file, line, "warning: %s", text);
        else if (show)
            gl_batch_say(b, k->file, line, "warning: %s (%zu like it in %zu file%s; -v shows each)",
                         text, k->count, k->files, k->files == 1 ? "" : "s");
        free(k->key);
        free(k->file);
        free(k->message);
    }
    if (show && b->other_warnings)
        gl_batch_say(b, NULL, 0, "%zu other warning%s (-v shows each, --report lists them)",
                     b->other_warnings, b->other_warnings == 1 ? "" : "s");
    free(b->kinds);
    b->kinds = NULL;
    b->kind_count = 0;
}

/* The end of a settled item: its state reference goes (the last one
 * rewrites the folder's state file), and its group once all of the group's
 * items are settled and none is left to hand out. */
static void let_go(batch *b, item *it) {
    group *g = it->grp;
    if (it->state) {
        char msg[1024];
        if (!gl_state_release(b->state, it->state, msg, sizeof msg))
            gl_batch_say(b, NULL, 0, "%s", msg);
        it->state = NULL;
    }
    if (--g->unsettled == 0 && g != b->cur)
        gl_batch_free_group(g);
}

void gl_batch_settle(batch *b, item *it, unsigned written, const reply *r, const char *error,
                     const char *err_file, unsigned long err_line) {
    char msg[1024];
    for (size_t i = 0; i < b->cfg->format_count; i++) {
        if (!(written & (1u << i)))
            continue;
        char *out = gl_batch_output_rel(it, b->cfg->formats[i]);
        gl_state_rec rec = {out,          gl_batch_name(it, it->rel), it->size,
                            it->mtime_ns, b->options_hash[i],         gl_version()};
        if (it->size >= 0 && it->state && !gl_state_record(it->state, &rec, msg, sizeof msg))
            gl_batch_say(b, NULL, 0, "%s", msg);
        free(out);
    }
    b->done++;
    if (r) {
        char shown[1024];
        count_warnings(b, r, gl_cli_printable(gl_batch_name(it, it->path), shown, sizeof shown));
    }
    const char *status;
    if (error) {
        it->status = ITEM_FAILED;
        b->failed++;
        status = "failed";
        gl_batch_say(b, err_file && *err_file ? err_file : gl_batch_name(it, it->path), err_line,
                     "%s", error);
    } else {
        it->status = ITEM_CONVERTED;
        b->converted++;
        status = "converted";
    }
    char full[1100];
    if (error && err_line)
        snprintf(full, sizeof full, "line %lu: %s", err_line, error);
    report_line(b, it, written, r, status, error ? (err_line ? full : error) : NULL);
    if (!error)
        b->recorded++;
    if (!error && b->kill_after && b->recorded >= b->kill_after)
        raise(SIGKILL);
    if (!error && b->term_after && b->recorded == b->term_after)
        raise(SIGTERM);
    let_go(b, it);
}

void gl_batch_settle_unchanged(batch *b, item *it) {
    it->status = ITEM_UNCHANGED;
    b->unchanged++;
    b->done++;
    report_line(b, it, 0, NULL, "unchanged", NULL);
    let_go(b, it);
}

void gl_batch_summary(batch *b, double seconds, bool interrupted) {
    double rate = seconds > 0 ? (double)b->done / seconds : 0;
    /* The rate is of conversions: none, none shown (a run where all was
     * up to date is no speed). */
    char speed[64] = "";
    if (b->converted && seconds > 0)
        snprintf(speed, sizeof speed, " (%.0f files/s)", (double)b->converted / seconds);
    if (!b->args->quiet || b->failed)
        gl_batch_say(b, NULL, 0,
                     "%zu input%s: %zu converted, %zu unchanged, %zu failed%s in %.2f s%s",
                     b->count, b->count == 1 ? "" : "s", b->converted, b->unchanged, b->failed,
                     interrupted ? ", interrupted" : "", seconds, speed);
    if (!b->have_report)
        return;
    gl_buf *l = &b->line;
    gl_buf_clear(l);
    gl_buf_printf(l,
                  "{\"summary\":{\"inputs\":%zu,\"converted\":%zu,\"unchanged\":%zu,"
                  "\"failed\":%zu,\"not_done\":%zu,\"seconds\":%.3f,\"files_per_second\":%.1f,"
                  "\"jobs\":%zu,\"interrupted\":%s",
                  b->count, b->converted, b->unchanged, b->failed, b->count - b->done, seconds,
                  rate, b->slot_count, interrupted ? "true" : "false");
    if (b->args->shard_count)
        gl_buf_printf(l, ",\"shard\":\"%u/%u\"", b->args->shard_index, b->args->shard_count);
    gl_buf_puts(l, "}}\n");
    write_report(b, l);
}
