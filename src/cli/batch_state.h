/* The incremental state of a batch run: one record per output file saying
 * what it was made from (the input's relative path, size and mtime in
 * nanoseconds, a hash of the options that shape the output, galley's
 * version). A later run skips an output whose record still matches.
 *
 * On disk it is a folder in the output folder (the store) holding one small
 * line-based file per folder of outputs, named by a hash of that folder's
 * relative path, which the file repeats on its second line (and which is
 * checked). A run loads a folder's file when it reaches that folder and
 * lets it go once the folder's inputs are settled, so memory follows the
 * folders in flight, not the whole tree. Each finished output appends one
 * line with a single write(2), so a run killed with -9 loses only the files
 * in flight; letting go rewrites the file sorted and without superseded
 * lines (temporary file + rename). A lock file keeps two runs from writing
 * the same store at once. */
#ifndef GL_CLI_BATCH_STATE_H
#define GL_CLI_BATCH_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct gl_state_store gl_state_store;
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

/* Locks `path`.lock and makes the folder `path` if missing. A file at
 * `path` (the single state file of an earlier galley) is removed: its
 * records carry that galley's version, so none would match anyway. On
 * failure returns false with a message in msg. */
bool gl_state_store_open(gl_state_store **out, const char *path, char *msg, size_t msg_size);
/* The records of the outputs in folder `rel_dir` of the output folder (""
 * for the output folder itself, else "a/b" without a trailing slash),
 * loaded on first use; each call takes a reference. A missing file is an
 * empty state; malformed lines (a torn last line after a crash) are
 * ignored. NULL with a message when the file cannot be read. */
gl_state *gl_state_get(gl_state_store *st, const char *rel_dir, char *msg, size_t msg_size);
/* Drops a reference; the last one rewrites the file compacted when
 * anything changed and frees the records. False with a message when the
 * rewrite failed (the appended lines remain valid). */
bool gl_state_release(gl_state_store *st, gl_state *s, char *msg, size_t msg_size);
/* Whether a record for rec->output exists and equals `rec` in every field. */
bool gl_state_matches(const gl_state *s, const gl_state_rec *rec);
/* Whether `output` is recorded as an output written (a claim not yet
 * converted is not). */
bool gl_state_has_output(const gl_state *s, const char *output);
/* Records (replacing any earlier record of that output) and appends the
 * line to the file. False with a message when the append fails. */
bool gl_state_record(gl_state *s, const gl_state_rec *rec, char *msg, size_t msg_size);
/* Claims: a --files-from list is planned a chunk at a time, so two entries
 * writing one output may fall in chunks far apart, with the first's state
 * let go in between. Each planned entry claims its output, marking its
 * record (or a placeholder record) with a marker of this run that a reload
 * keeps: a later entry finds the claim whatever was let go in between. */
typedef enum gl_state_claim_result {
    GL_CLAIM_NEW,   /* claimed now */
    GL_CLAIM_SAME,  /* claimed before in this run by this same input */
    GL_CLAIM_OTHER, /* claimed before in this run by the input in *other */
    GL_CLAIM_ERROR  /* out of memory */
} gl_state_claim_result;
/* Claims output `output` (relative to the output folder) for `input`
 * (relative to the input folder). *other stays valid until the next change
 * to `s`. A claim changes no record's verdict of up to date. */
gl_state_claim_result gl_state_claim(gl_state *s, const char *output, const char *input,
                                     const char **other);
/* No claim will be looked at any more: letting a state go stops writing
 * its file for its claims alone. */
void gl_state_store_claims_done(gl_state_store *st);
/* Lets go of every state still held (as after an interrupted run), then
 * unlocks and frees. False with a message when a rewrite failed. NULL is a
 * no-op returning true. */
bool gl_state_store_close(gl_state_store *st, char *msg, size_t msg_size);

#endif
