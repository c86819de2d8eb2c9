/* The PDF writer as a module (modules/modules.h): libharu, harfbuzz,
 * libdeflate and libhyphen are mapped only by processes that write PDF, and
 * fontconfig only when its font cache does not answer (pdf_fontconfig.c). */
#include "modules/modules.h"
#include "writers/pdf_module.h"
#include "writers/writers.h"

static const gl_module_format formats[] = {{"pdf", NULL, gl_write_pdf}, {NULL, NULL, NULL}};

GL_MODULE_TABLE const struct gl_pdf_module gl_module_pdf = {{GL_ABI_STAMP, NULL, formats},
                                                            gl_pdf_target_pages};
