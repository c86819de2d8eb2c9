/* Converting into a folder: `galley -o OUT/ IN/...` and `--files-from`
 * (batch.c, batch_plan.c, batch_pool.c, batch_report.c; batch_int.h).
 *
 * The parent process plans (walks the folders or reads the list, mirrors
 * each input's relative path under OUT, finds two inputs that would write
 * one output, takes its --shard, skips what the state says is up to date)
 * and hands each remaining input to one of -j pre-forked worker processes.
 * A walk is planned one folder at a time, as workers need work, and the
 * state is kept per folder of outputs, so the parent's memory follows the
 * widest folder and the depth, not the number of files; a --files-from
 * list is planned a chunk of entries at a time, and its entries claim
 * their outputs in the state so that clashes across chunks are seen. A
 * worker lives for many files, so whatever a writer caches per process
 * (fonts) is loaded once per worker; it parses each input once and writes
 * every -t format through a temporary file renamed into place. A worker
 * that crashes or passes --timeout is killed if need be, its temporary
 * files removed, the file reported as failed, and a new worker takes its
 * place. The exit status is 1 when any input failed, once every other
 * input is done.
 *
 * Test hooks (environment, read only here): GALLEY_TEST_CRASH_ON=NAME makes
 * a worker die of SIGSEGV on the input whose file name is NAME,
 * GALLEY_TEST_HANG_ON=NAME makes it hang there, GALLEY_TEST_KILL_AFTER=K
 * makes the parent kill itself with SIGKILL once K inputs are converted
 * and recorded (GALLEY_TEST_TERM_AFTER=K: send itself SIGTERM then),
 * GALLEY_TEST_PEAK_RSS=1 makes the parent print its own peak resident
 * memory (getrusage) at the end, and GALLEY_TEST_LIST_CHUNK=N plans a
 * --files-from list N entries at a time. */
#ifndef GL_CLI_BATCH_H
#define GL_CLI_BATCH_H

#include <stddef.h>
#include <sys/types.h>
#include "galley/galley.h"
#include "cli/args.h"

typedef struct gl_batch_config {
    const gl_cli_args *args;               /* inputs, --files-from, -j, --timeout, --force... */
    const gl_options *opt;                 /* conversion options; warnings go to stderr unless -q */
    const char *out_dir;                   /* -o DIR/ (created if missing) */
    const gl_writer_entry *const *formats; /* what each input becomes, in order */
    size_t format_count;                   /* 1 to GL_CLI_MAX_FORMATS */
    mode_t file_mode;                      /* for new outputs (0644 less the umask) */
} gl_batch_config;

/* Runs the batch; prints what failed and a summary to stderr. Returns
 * GL_EXIT_OK, GL_EXIT_FAILED when any input failed, or GL_EXIT_USAGE. */
int gl_batch_run(const gl_batch_config *cfg);

#endif
