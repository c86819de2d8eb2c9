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

/* The room a reason for refusing an image takes. */
#define GL_FETCH_WHY_MAX 200

/* One image of gl_images_fetch, as the module fetches it. */
typedef struct gl_fetch_item {
    const char *url;     /* in: http or https */
    unsigned char *data; /* out: the body, decompressed (malloc); NULL when refused */
    size_t len;
    char why[GL_FETCH_WHY_MAX]; /* out: why it was refused ("the server answered 404 (not
                                   found)"), empty when fetched */
} gl_fetch_item;

typedef struct gl_fetch_module {
    gl_module_head head;
    /* gl_fetch once the URL is known to be http or https and `opt` valid
     * (never NULL). */
    gl_status (*fetch)(gl_fetched *out, const char *url, const gl_options *opt, gl_error *err);
    /* The images of gl_images_fetch, all at once under its rules (galley/
     * fetch.h): `page_url` is the page's final URL or NULL, `page_private`
     * whether it came from a non-public address. Each item ends fetched or
     * with its reason; GL_OK, or GL_ENOMEM. */
    gl_status (*fetch_images)(gl_fetch_item *items, size_t n, const char *page_url,
                              bool page_private, const gl_options *opt, gl_error *err);
} gl_fetch_module;
/* The module is loaded on first use, through gl_module_get_fetch. */

#endif
