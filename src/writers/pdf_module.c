/* The PDF writer as a module (modules/modules.h): libharu, harfbuzz,
 * fontconfig and libhyphen are mapped only by processes that write PDF. */
#include "modules/modules.h"
#include "writers/writers.h"

GL_MODULE_TABLE const gl_pdf_module gl_module_pdf = {
    {GL_VERSION_STRING, sizeof(gl_pdf_module), NULL},
    gl_write_pdf,
};
