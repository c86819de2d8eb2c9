/* The incremental state of a batch run: one record per output file saying
 * what it was made from (the input's relative path, size and mtime in
 * nanoseconds, a hash of the options that shape the output, galley's
 * version). A later run skips an output whose record still matches.
 *
 * On disk it is one line-based file in the output folder, loaded whole into
 * a hash table (20,000 records load in milliseconds). Each finished output
 * appends one line with a single write(2), so a run killed with -9 loses
 * only the files in flight; closing rewrites the file sorted and without
 * superseded lines (temporary file + rename). A lock file keeps two runs
 * from writing the same state at once. */
#ifndef GL_CLI_BATCH_STATE_H
#define GL_CLI_BATCH_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct gl_state gl_state;

/* What an output was made from. Strings are NUL-terminated; paths are
 * relative to the input folder (input) and the output folder (output). */
typedef struct gl_state_rec {
    const char *output;
    const char *input;
    long long size;
    long long mtime_ns;
    uint64_t options_hash;
    const char *version;
} gl_state_rec;

/* Locks and loads the state file `path` (a missing file is an empty state;
 * malformed lines, as a torn last line after a crash, are ignored). On
 * failure returns false with a message in msg. */
bool gl_state_open(gl_state **out, const char *path, char *msg, size_t msg_size);
/* Whether a record for rec->output exists and equals `rec` in every field. */
bool gl_state_matches(const gl_state *s, const gl_state_rec *rec);
/* Records (replacing any earlier record of that output) and appends the
 * line to the file. False with a message when the append fails. */
bool gl_state_record(gl_state *s, const gl_state_rec *rec, char *msg, size_t msg_size);
/* Rewrites the file compacted when anything changed, unlocks and frees.
 * False with a message when the rewrite failed (the appended lines remain
 * valid). NULL is a no-op returning true. */
bool gl_state_close(gl_state *s, char *msg, size_t msg_size);

#endif
