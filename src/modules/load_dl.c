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
    size_t size;        /* the table's size this libgalley expects */
    /* Written once, under pthread_once, then only read. */
    const gl_module_head *table; /* NULL when loading failed */
    char why[sizeof((gl_error *)0)->message];
} slot;

static slot slots[GL_MODULE_COUNT] = {
    [GL_MODULE_HTML] = {"galley-html.so", "gl_module_html", "the HTML reader",
                        sizeof(gl_html_module)},
    [GL_MODULE_PDF] = {"galley-pdf.so", "gl_module_pdf", "the PDF writer", sizeof(gl_pdf_module)},
    [GL_MODULE_EPUB] = {"galley-epub.so", "gl_module_epub", "the EPUB writer",
                        sizeof(gl_epub_module)},
    [GL_MODULE_FONTS] = {"galley-fonts.so", "gl_module_fonts",
                         "fontconfig, which finds the PDF writer's fonts", sizeof(gl_fonts_module)},
};

static pthread_once_t once[GL_MODULE_COUNT] = {PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT,
                                               PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT};

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
    if (strcmp(t->abi, GL_VERSION_STRING) != 0 || t->size != s->size) {
        snprintf(s->why, sizeof s->why,
                 "cannot load %s (%s): it was built for another galley than this %s", s->file,
                 s->what, GL_VERSION_STRING);
        return;
    }
    if (t->init)
        t->init();
    s->table = t;
}

static void load_html(void) { load(&slots[GL_MODULE_HTML]); }
static void load_pdf(void) { load(&slots[GL_MODULE_PDF]); }
static void load_epub(void) { load(&slots[GL_MODULE_EPUB]); }
static void load_fonts(void) { load(&slots[GL_MODULE_FONTS]); }

static void (*const loaders[GL_MODULE_COUNT])(void) = {
    [GL_MODULE_HTML] = load_html,
    [GL_MODULE_PDF] = load_pdf,
    [GL_MODULE_EPUB] = load_epub,
    [GL_MODULE_FONTS] = load_fonts,
};

gl_status gl_module_get(gl_module_id id, const gl_module_head **out, gl_error *err) {
    pthread_once(&once[id], loaders[id]);
    *out = slots[id].table;
    return *out ? GL_OK : gl_fail(err, GL_EIO, 0, "%s", slots[id].why);
}
