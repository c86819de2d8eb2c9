/* What every fuzz target shares: options sized for fuzzing, a sink that
 * checks and drops bytes, and the checks that turn a broken invariant into a
 * crash libFuzzer (or tests/tools/replay.c) reports. */
#ifndef GL_FUZZ_FUZZ_H
#define GL_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "galley/galley.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Defaults, but a smaller input cap: libFuzzer's inputs stay under 1 MiB
 * (-max_len), and a larger cap only slows a run without new paths. */
static inline void fuzz_options(gl_options *opt) {
    gl_options_init(opt);
    opt->max_input = 1 << 20;
    opt->source_date_epoch = 0;
}

/* A sink that drops the bytes; it refuses none. */
static inline gl_status fuzz_sink_write(void *userdata, const char *bytes, size_t len) {
    size_t *total = userdata;
    (void)bytes;
    *total += len;
    return GL_OK;
}

/* An error record must name a status and hold a NUL-terminated message. */
static inline void fuzz_check_error(gl_status st, const gl_error *err) {
    if (st == GL_OK)
        return;
    if (err->status != st || memchr(err->message, '\0', sizeof err->message) == NULL ||
        err->message[0] == '\0')
        __builtin_trap();
}

/* Every tree a reader returns must pass gl_doc_validate. */
static inline void fuzz_check_doc(const gl_doc *doc) {
    gl_error verr;
    gl_error_init(&verr, NULL);
    if (gl_doc_validate(doc, &verr) != GL_OK)
        __builtin_trap();
}

#endif
