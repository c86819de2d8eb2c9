/* Module resolution where every module is linked in (the static library, and
 * libgalley.so built with -DGL_MODULES=OFF): only their one-time set-up is
 * left to do, once, on first use. */
#include <pthread.h>
#include "modules/modules.h"

static const gl_module_head *const tables[GL_MODULE_COUNT] = {
#define GL_MODULE_TABLE_ROW(ID, name, what)                                                        \
    [GL_MODULE_##ID] = (const gl_module_head *)(const void *)&gl_module_##name,
    GL_MODULE_LIST(GL_MODULE_TABLE_ROW)
#undef GL_MODULE_TABLE_ROW
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
