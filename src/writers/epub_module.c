/* The EPUB writer as a module (modules/modules.h): libzip, and the libcrypto
 * it pulls in, are mapped only by processes that write EPUB. */
#include "modules/modules.h"
#include "writers/epub.h"
#include "writers/writers.h"

static const gl_module_format formats[] = {{"epub", NULL, gl_write_epub}, {NULL, NULL, NULL}};

GL_MODULE_TABLE const gl_epub_module gl_module_epub = {
    {GL_ABI_STAMP, NULL, formats}, gl_epub_new, gl_epub_add, gl_epub_finish, gl_epub_free,
};
