/* The pieces of a batch run (batch.h says what a run does) and what they
 * share:
 *   batch.c         the run: the output folder, the state, the operands,
 *                   signals, the end;
 *   batch_plan.c    planning: the walk or the list, a group of inputs at a
 *                   time, shards, clashes, what is up to date, the next job;
 *   batch_pool.c    the worker pool: pre-forked workers, the messages
 *                   between them and the parent, timeouts and crashes;
 *   batch_report.c  reporting: messages, the progress line, the --report
 *                   lines, settling an input, the summary.
 * Everything runs in the parent except the worker's side of
 * batch_pool.c. */
#ifndef GL_CLI_BATCH_INT_H
#define GL_CLI_BATCH_INT_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>
#include "cli/batch.h"
#include "cli/batch_state.h"
#include "cli/batch_shared.h"
#include "cli/util.h"
#include "cli/walk.h"
#include "util/atomic.h"
#include "util/buf.h"

/* The buffer a --files-from list is read through. */
#define GL_BATCH_LIST_BUF 65536
/* A worker's address space is its conversion's memory budget
 * (gl_options.max_memory) plus this: the program and its libraries mapped
 * (about 20 MB), the fonts fontconfig and the PDF writer map (tens of MB
 * for CJK faces), and the allocator's slack, with room to spare so that a
 * document under the budget never meets the limit. */
#define GL_BATCH_MEMORY_MARGIN ((size_t)256 << 20)
/* How often the progress line is redrawn, in milliseconds. */
#define GL_BATCH_PROGRESS_MS 200
/* At most this many URLs of one host are fetched at a time (issue 18), as
 * browsers and crawlers keep to a few connections a server: -j 8 over one
 * site must not look like an attack on it. */
#define GL_BATCH_HOST_MAX 2
/* URL jobs that wait for their host while other jobs go ahead; past this
 * many, the run waits for a worker to come back instead of planning on. */
#define GL_BATCH_WAITING_MAX 64

/* A file's report line lists at most this many of its warnings (the
 * rest are counted), each cut to GL_BATCH_WARNING_MAX bytes, so that they
 * fit one reply. */
#define GL_BATCH_WARNINGS_MAX 48
#define GL_BATCH_WARNING_MAX 512
/* Kinds of warning the console groups; past these, "other warnings". */
#define GL_BATCH_KINDS_MAX 256

/* Longest title, byline or date a reply carries to the report. */
#define GL_BATCH_META_MAX 1024

typedef enum item_status {
    ITEM_PENDING = 0,
    ITEM_CONVERTED,
    ITEM_UNCHANGED,
    ITEM_FAILED,
    ITEM_DUPLICATE /* listed again: dropped before the run */
} item_status;

typedef struct group group;

/* One input. Strings are offsets into its group's name pool, which may
 * move while the group is planned. */
typedef struct item {
    group *grp;
    size_t path;     /* what to open: "IN/sub/a.md" */
    size_t rel;      /* mirrored under OUT: "sub/a.md" */
    size_t stem_len; /* rel without its extension: "sub/a" */
    size_t error;    /* a failure found while planning (offset), or GL_BATCH_NO_ERROR */
    long long size, mtime_ns;
    bool special_ok; /* named on the command line: a pipe may be read */
    bool is_url;     /* an http or https URL: rel is its name (gl_cli_url_name), without
                        extension, perhaps with a "-2" that keeps it apart from another's */
    bool title_name; /* a URL whose name says nothing (gl_cli_url_name_generic): the worker
                        names its outputs after the title it reads, when that gives a name */
    bool claims;     /* a list's entry that failed a clash in its chunk but still
                        claims the output, so a later chunk's entry fails too */
    gl_state *state; /* the records of its output folder (a reference), or NULL */
    item_status status;
} item;

#define GL_BATCH_NO_ERROR SIZE_MAX

/* Inputs planned together and freed together once all are settled: the
 * files of one folder of a walk, the files named on the command line, or a
 * chunk of a --files-from list. A run holds at most one group per worker
 * plus the one being handed out, so the parent's memory follows the
 * largest folder (or the chunk), not the number of files. */
struct group {
    char *pool; /* NUL-terminated names, addressed by offset */
    size_t pool_len, pool_cap;
    item *items;
    size_t count, cap;
    size_t next;      /* the first item not yet handed out */
    size_t unsettled; /* items not yet settled */
};

/* A worker process and the job it holds. */
typedef struct slot {
    pid_t pid;  /* 0: none running */
    int fd;     /* the parent's end of the socket pair */
    item *it;   /* the job */
    size_t job; /* its serial number, echoed by the reply */
    bool busy;
    unsigned formats; /* bit i: cfg->formats[i] is being written */
    double started;   /* monotonic seconds */
} slot;

/* What a worker says about one job. */
typedef struct reply {
    unsigned written; /* bit i: formats[i] committed */
    char err_file[4096];
    unsigned long err_line;
    char err_msg[1024];
    double ms;
    char title[GL_BATCH_META_MAX], byline[GL_BATCH_META_MAX], date[GL_BATCH_META_MAX];
    char stem[GL_CLI_URL_NAME_MAX + 16]; /* a title_name job's outputs' name, else empty */
    size_t warning_count;                /* all the job's warnings */
    size_t warnings_kept;                /* those listed in `warnings` */
    const char *warnings; /* NUL-terminated messages one after another ("line 3: ..."),
                             in the received message */
} reply;

/* Warnings of one kind over the run (batch_report.c): the console shows
 * one line for each. */
typedef struct warning_kind {
    char *key;     /* the message without what varies (names, numbers, details) */
    char *file;    /* the first file by name that had it, as messages show it */
    char *message; /* its first message there */
    size_t count, files;
    size_t last_file; /* the b->done of the file counted last */
} warning_kind;

typedef struct batch {
    const gl_batch_config *cfg;
    const gl_cli_args *args;
    gl_options opt; /* the workers' copy: warnings through their own voice */
    /* Set by SIGINT and SIGTERM (batch.c); read by the loops. */
    const volatile sig_atomic_t *interrupted;
    /* planning (batch_plan.c) */
    group *cur; /* the group being handed out, or NULL */
    item *held; /* an item taken but given back (no worker started) */
    unsigned held_mask;
    bool *is_folder;    /* per command-line operand */
    bool files_planned; /* the operands that are not folders */
    size_t operand;     /* the next folder operand to plan */
    const char *root;   /* the folder operand being walked, or NULL */
    size_t root_index;
    gl_walk walk;          /* its walk, while root is set */
    int list_fd;           /* the --files-from list while unread, else -1 */
    const char *list_name; /* as messages show it */
    const char *list_base; /* the folder its paths are relative to, or NULL */
    char *list_buf;        /* read ahead: [list_pos, list_len) unused */
    size_t list_pos, list_len;
    bool list_eof, list_failed;
    char *entry; /* the list entry being read */
    size_t entry_len, entry_cap;
    size_t list_chunk;
    size_t count;     /* inputs planned so far */
    size_t total;     /* counted before the run (on a terminal), else 0 */
    bool total_known; /* counted: the progress line shows it */
    /* Folder operands and OUT may lie one in the other (-o IN/, -o IN/sub/):
     * per operand, where the folder lies in OUT ("" for OUT itself), or
     * where OUT lies in it; NULL when neither (malloc'd). */
    char **root_in_out, **out_in_root;
    uint64_t options_hash[GL_CLI_MAX_FORMATS];
    gl_state_store *state;
    /* URL jobs whose host had GL_BATCH_HOST_MAX fetches under way, in the
     * order they were planned (batch_pool.c) */
    item *waiting[GL_BATCH_WAITING_MAX];
    unsigned waiting_mask[GL_BATCH_WAITING_MAX];
    size_t waiting_count;
    /* Request slots per host shared by the workers, pages and images
     * alike (cli/batch_shared.h); NULL when shared memory was refused. */
    gl_batch_shared *shared;
    gl_fetch_gate fetch_gate; /* b->opt.fetch_gate points here */
    /* the pool (batch_pool.c) */
    size_t serial; /* jobs handed out */
    slot *slots;
    size_t slot_count;
    const char *crash_on, *hang_on; /* test hooks */
    pid_t parent;
    char last_dir[4096]; /* worker: the output folder made last */
    size_t memory_limit; /* worker: its RLIMIT_AS, 0 when none was set */
    /* reporting (batch_report.c) */
    size_t done, converted, unchanged, failed, recorded;
    double started, last_progress;
    bool progress; /* stderr is a terminal: draw the progress line */
    bool line_shown;
    int report_fd;         /* the --report file, -1 when none */
    struct stat report_st; /* its identity: no output may replace it */
    bool have_report;
    bool report_failed; /* a write failed (said once) */
    gl_buf line;
    warning_kind *kinds; /* the warnings so far, by kind */
    size_t kind_count, other_warnings;
    gl_buf job_warnings;                  /* worker: the job's warnings, NUL-terminated each */
    size_t job_warning_count;             /* worker: all of them, listed or not */
    unsigned long kill_after, term_after; /* test hooks */
} batch;

/* ---- batch_plan.c ---- */

/* The name at offset `off` of the item's group's pool. */
const char *gl_batch_name(const item *it, size_t off);
/* The output of `it` in format `w`, relative to OUT: "sub/a.txt"
 * (malloc'd). */
char *gl_batch_output_rel(const item *it, const gl_writer_entry *w);
/* The output path of `stem` in format `w`: OUT/stem.ext (malloc'd). */
char *gl_batch_output_path(const batch *b, const char *stem, size_t stem_len,
                           const gl_writer_entry *w);
/* Gives `it` (a URL) the output name `stem` a worker took from its title. */
void gl_batch_rename(item *it, const char *stem);
/* Frees a group (NULL: nothing). */
void gl_batch_free_group(group *g);
/* The next item that needs a worker with the formats it needs in *mask,
 * settling on the way those that do not (failed while planning, up to
 * date), and planning the next group when one is used up. NULL: none
 * left. */
item *gl_batch_next_job(batch *b, unsigned *mask);
/* Gives back an item gl_batch_next_job handed out: it comes out first next
 * time. */
void gl_batch_hold(batch *b, item *it, unsigned mask);
/* Whether nothing is left to hand out: no item held or planned and not
 * handed out, nothing left to walk or list. */
bool gl_batch_plan_done(const batch *b);
/* How many inputs the walk will give, counted ahead for the progress line
 * (names only). */
size_t gl_batch_count_inputs(batch *b);
/* The same for a --files-from list that can be read twice (a file), which
 * is then read again from `from`. */
size_t gl_batch_count_list(batch *b, off_t from);
/* A hash of everything that changes an output's bytes in format `w`
 * besides the input. */
uint64_t gl_batch_options_hash(const batch *b, const gl_writer_entry *w);

/* ---- batch_pool.c ---- */

/* Hands out jobs to -j workers and collects their answers until every
 * item is settled or the run is interrupted. Whether an interruption left
 * anything undone. */
bool gl_batch_dispatch(batch *b);

/* ---- batch_report.c ---- */

/* A message of the parent: "galley: FILE:LINE: text" (the name made
 * printable), clearing the progress line first. */
void gl_batch_say(batch *b, const char *file, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A message of a worker, written in one write(2) so that lines of several
 * workers do not interleave. */
void gl_batch_worker_say(const batch *b, const char *file, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Redraws the progress line (at most every GL_BATCH_PROGRESS_MS unless
 * `force`). */
void gl_batch_show_progress(batch *b, bool force);
void gl_batch_clear_progress(batch *b);
/* Records a settled item: the state, the report, the counts, the message.
 * `error` NULL: converted. */
void gl_batch_settle(batch *b, item *it, unsigned written, const reply *r, const char *error,
                     const char *err_file, unsigned long err_line);
/* Records an item that was up to date. */
void gl_batch_settle_unchanged(batch *b, item *it);
/* Checks the --report path against the run's inputs and outputs (refused
 * with a message: false) and opens it, emptied. */
bool gl_batch_open_report(batch *b);
/* Flushes and closes it; false (said) when any write to it failed. */
bool gl_batch_close_report(batch *b);
/* Under neither -v (which showed each as it came) nor -q: one line per
 * kind of warning, with how many files had it. */
void gl_batch_show_warnings(batch *b);
/* The summary line and the report's last line. */
void gl_batch_summary(batch *b, double seconds, bool interrupted);

#endif
