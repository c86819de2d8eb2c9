/* gl_fetch's front in the core (galley/fetch.h): it checks what it is given
 * and hands the transfer to the fetch module, so that libcurl is mapped
 * only when a URL is fetched. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "galley/galley.h"
#include "net/fetch_module.h"
#include "options.h"
#include "util/error.h"

bool gl_is_url(const char *s) {
    return s && (strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0);
}

gl_status gl_fetch(gl_fetched *out, const char *url, const gl_options *opt, gl_error *err) {
    memset(out, 0, sizeof *out);
    gl_status st = gl_options_check(opt, err);
    if (st != GL_OK)
        return st;
    gl_options defaults;
    opt = gl_options_or_defaults(opt, &defaults);
    if (!gl_is_url(url))
        return gl_fail(err, GL_EINVAL, 0, "not an http or https URL");
    const gl_fetch_module *m;
    st = gl_module_get_fetch(&m, err);
    return st == GL_OK ? m->fetch(out, url, opt, err) : st;
}

void gl_fetched_free(gl_fetched *f) {
    free(f->data);
    free(f->url);
    free(f->media_type);
    free(f->charset);
    free(f->address);
    memset(f, 0, sizeof *f);
}
