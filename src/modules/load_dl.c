/* Module resolution where modules are shared objects: each one is loaded on
 * first use from the folder "galley" beside libgalley.so itself (found with
 * dladdr), in the build tree as in the install tree, and never unloaded. The
 * folder is never taken from the environment or the current directory: that
 * would let whoever controls either run code in every galley process. A
 * module links libgalley.so for the core's functions, so it binds to this
 * very copy of them, however the process opened libgalley. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include "modules/modules.h"
#include "util/error.h"

typedef struct slot {
    const char *file;   /* in the module folder */
    const char *symbol; /* its table */
    const char *what;   /* for people */
    /* Written once, under pthread_once, then only read. */
    const gl_module_head *table; /* NULL when loading failed */
    char why[sizeof((gl_error *)0)->message];
} slot;

static slot slots[GL_MODULE_COUNT] = {
#define GL_MODULE_SLOT(ID, name, what)                                                             \
    [GL_MODULE_##ID] = {"galley-" #name ".so", "gl_module_" #name, what},
    GL_MODULE_LIST(GL_MODULE_SLOT)
#undef GL_MODULE_SLOT
};

/* The module folder, "galley" beside libgalley.so, into `dir`. False, with
 * s->why set, when it cannot be named. */
static bool module_folder(slot *s, char *dir, size_t size) {
    Dl_info self;
    if (!dladdr((const void *)slots, &self) || !self.dli_fname || !strchr(self.dli_fname, '/')) {
        snprintf(s->why, sizeof s->why,
                 "cannot load %s (%s): the folder libgalley was loaded from is unknown", s->file,
                 s->what);
        return false;
    }
    int len = (int)(strrchr(self.dli_fname, '/') - self.dli_fname);
    int k = snprintf(dir, size, "%.*s/galley", len, self.dli_fname);
    if (k < 0 || (size_t)k >= size) {
        snprintf(s->why, sizeof s->why, "cannot load %s (%s): the path of libgalley is too long",
                 s->file, s->what);
        return false;
    }
    return true;
}

/* Whether the table's stamp is this library's. The bytes are compared
 * before any is printed: a module from another build may hold anything. */
static bool same_build(const gl_module_head *t, char shown[GL_ABI_STAMP_SIZE]) {
    bool same = memcmp(t->abi, GL_ABI_STAMP, GL_ABI_STAMP_SIZE) == 0;
    for (size_t i = 0; i + 1 < GL_ABI_STAMP_SIZE; i++) {
        char c = t->abi[i];
        shown[i] = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ? c : '?';
    }
    shown[GL_ABI_STAMP_SIZE - 1] = '\0';
    return same;
}

static void load(slot *s) {
    char dir[4096], path[4096 + 64];
    if (!module_folder(s, dir, sizeof dir))
        return;
    snprintf(path, sizeof path, "%s/%s", dir, s->file);
    /* RTLD_NOW: a module that cannot be bound fails here, with a message,
     * rather than stopping the process at its first call. */
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    const gl_module_head *t = h ? dlsym(h, s->symbol) : NULL;
    if (!t) {
        const char *e = dlerror();
        snprintf(s->why, sizeof s->why, "cannot load %s (%s): %s", s->file, s->what,
                 e ? e : "no module table");
        return;
    }
    char stamp[GL_ABI_STAMP_SIZE];
    if (!same_build(t, stamp)) {
        /* The tail of a long path is what tells folders apart. */
        size_t len = strlen(path);
        snprintf(s->why, sizeof s->why,
                 "cannot load %s (%s): %s%.100s was built against other galley headers (ABI "
                 "stamp %s, not libgalley's %s)",
                 s->file, s->what, len > 100 ? "..." : "", path + (len > 100 ? len - 100 : 0),
                 stamp, GL_ABI_STAMP);
        return;
    }
    if (t->init)
        t->init();
    s->table = t;
}

#define GL_MODULE_LOADER(ID, name, what)                                                           \
    static void load_##name(void) { load(&slots[GL_MODULE_##ID]); }
GL_MODULE_LIST(GL_MODULE_LOADER)
#undef GL_MODULE_LOADER

static void (*const loaders[GL_MODULE_COUNT])(void) = {
#define GL_MODULE_LOADER_ROW(ID, name, what) [GL_MODULE_##ID] = load_##name,
    GL_MODULE_LIST(GL_MODULE_LOADER_ROW)
#undef GL_MODULE_LOADER_ROW
};

static pthread_once_t once[GL_MODULE_COUNT] = {
#define GL_MODULE_ONCE(ID, name, what) [GL_MODULE_##ID] = PTHREAD_ONCE_INIT,
    GL_MODULE_LIST(GL_MODULE_ONCE)
#undef GL_MODULE_ONCE
};

gl_status gl_module_get(gl_module_id id, const gl_module_head **out, gl_error *err) {
    pthread_once(&once[id], loaders[id]);
    *out = slots[id].table;
    return *out ? GL_OK : gl_fail(err, GL_EIO, 0, "%s", slots[id].why);
}
