/* Module resolution in the static library: every module is linked in, and
 * only their one-time set-up is left to do, once, on first use. */
#include <pthread.h>
#include "modules/modules.h"

static const gl_module_head *const tables[GL_MODULE_COUNT] = {
    [GL_MODULE_HTML] = &gl_module_html.head,
    [GL_MODULE_PDF] = &gl_module_pdf.head,
    [GL_MODULE_EPUB] = &gl_module_epub.head,
    [GL_MODULE_FONTS] = &gl_module_fonts.head,
};

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init_all(void) {
    for (size_t i = 0; i < GL_MODULE_COUNT; i++)
        if (tables[i]->init)
            tables[i]->init();
}

gl_status gl_module_get(gl_module_id id, const gl_module_head **out, gl_error *err) {
    (void)err;
    pthread_once(&once, init_all);
    *out = tables[id];
    return GL_OK;
}
