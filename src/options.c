/* gl_options: the defaults, and the check of a caller's struct at the
 * library's entry points. */
#include "options.h"

#include <string.h>
#include "util/error.h"

void gl_options_init(gl_options *opt) {
    /* Static, so its padding is zero too: a copied gl_options compares and
     * hashes the same as one that was filled field by field. */
    static const gl_options defaults = GL_OPTIONS_INIT;
    memcpy(opt, &defaults, sizeof *opt);
}

gl_status gl_options_check(const gl_options *opt, gl_error *err) {
    if (!opt || opt->version == GL_OPTIONS_VERSION)
        return GL_OK;
    return gl_fail(err, GL_EINVAL, 0,
                   "gl_options version %u is not this galley's (%u): fill the options with "
                   "gl_options_init or GL_OPTIONS_INIT",
                   opt->version, (unsigned)GL_OPTIONS_VERSION);
}

const gl_options *gl_options_or_defaults(const gl_options *opt, gl_options *defaults) {
    if (opt)
        return opt;
    gl_options_init(defaults);
    return defaults;
}
