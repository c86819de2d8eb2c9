/* The fetch module's table (net/fetch_curl.c, galley-fetch.so): libcurl,
 * which pulls TLS, HTTP/2, IDN and compression libraries, is mapped only by
 * a run that fetches a URL (modules/modules.h). net/fetch.c, in the core,
 * checks the arguments and calls through it. */
#ifndef GL_NET_FETCH_MODULE_H
#define GL_NET_FETCH_MODULE_H

#include "galley/galley.h"
#include "modules/modules.h"

/* At most this many redirects are followed (curl's own default is 50);
 * browsers stop at 20, and a page that needs more than 10 is a loop. */
#define GL_FETCH_MAX_REDIRECTS 10

typedef struct gl_fetch_module {
    gl_module_head head;
    /* gl_fetch once the URL is known to be http or https and `opt` valid
     * (never NULL). */
    gl_status (*fetch)(gl_fetched *out, const char *url, const gl_options *opt, gl_error *err);
} gl_fetch_module;
/* The module is loaded on first use, through gl_module_get_fetch. */

#endif
