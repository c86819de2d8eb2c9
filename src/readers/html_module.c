/* The HTML reader as a module (modules/modules.h): libxml2 is mapped only by
 * processes that read HTML. */
#include <libxml/parser.h>
#include "modules/modules.h"
#include "readers/readers.h"

/* xmlInitParser is not thread-safe; the loader runs this once, before any
 * reader does. */
static void init(void) { xmlInitParser(); }

static const gl_module_format formats[] = {{"html", gl_read_html, NULL}, {NULL, NULL, NULL}};

GL_MODULE_TABLE const gl_html_module gl_module_html = {
    {GL_ABI_STAMP, init, formats},
    gl_html_map_fragment,
};
