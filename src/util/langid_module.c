/* The language guesser as a module (modules/modules.h): libexttextcat is
 * mapped only by the processes that read a document declaring no language. */
#include "modules/modules.h"
#include "util/langid.h"

GL_MODULE_TABLE const gl_langid_module gl_module_langid = {
    {GL_ABI_STAMP, NULL, NULL},
    gl_doc_detect_lang,
};
