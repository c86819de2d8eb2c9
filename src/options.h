/* The check of a caller's gl_options (include/galley/options.h). */
#ifndef GL_OPTIONS_H
#define GL_OPTIONS_H

#include "galley/galley.h"

/* GL_OK when `opt` is NULL (the defaults) or of this library's
 * GL_OPTIONS_VERSION; else GL_EINVAL with a message saying how to fill it.
 * Each public entry point that takes options checks them first. */
gl_status gl_options_check(const gl_options *opt, gl_error *err);

/* `opt`, or the defaults written into `defaults` when it is NULL: what an
 * entry point that takes options works with. */
const gl_options *gl_options_or_defaults(const gl_options *opt, gl_options *defaults);

#endif
