/* galley --combine: all inputs as one book (issue 6). */
#ifndef GL_CLI_COMBINE_H
#define GL_CLI_COMBINE_H

#include <sys/types.h>
#include "cli/args.h"

/* Makes one book of every input in `args` (folders walked for the files a
 * reader claims) and writes it to args->output, or standard output for
 * text; new files get `file_mode`. An input that fails is reported and left
 * out. Returns the exit status. */
int gl_cli_combine(const gl_cli_args *args, const gl_options *opt, mode_t file_mode);

#endif
