/* gl_options_init, apart from galley.c: the modules link their own copy of
 * the core's plain functions (src/modules/), and this is one of them, where
 * galley.c calls into the modules' loader. */
#include <string.h>
#include "galley/galley.h"

void gl_options_init(gl_options *opt) {
    memset(opt, 0, sizeof *opt);
    opt->max_input = GL_DEFAULT_MAX_INPUT;
    opt->max_depth = GL_DEFAULT_MAX_DEPTH;
    opt->max_nodes = GL_DEFAULT_MAX_NODES;
    opt->max_table_columns = GL_DEFAULT_MAX_TABLE_COLUMNS;
    opt->max_image_pixels = GL_DEFAULT_MAX_IMAGE_PIXELS;
    opt->max_memory = GL_DEFAULT_MAX_MEMORY;
    opt->width = GL_DEFAULT_WIDTH;
    opt->links = GL_LINKS_REFS;
    opt->paper = GL_PAPER_A4;
    opt->source_date_epoch = -1;
    opt->now = -1;
}
