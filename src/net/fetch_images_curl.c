/* A page's images, fetched together through libcurl's multi interface
 * (fetch_module.h, galley/fetch.h for the rules). Redirects are followed
 * here, not by libcurl, so that each hop's URL is known before its
 * connection: whether that hop may reach a non-public address depends on
 * its origin, and the check happens in the open-socket callback, on every
 * address the host name resolved to, before anything is sent to it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "net/address.h"
#include "net/fetch_curl.h"
#include "util/error.h"
#include "util/vec.h"

/* Requests at once: at most 2 to one host (as for a batch's pages, and as
 * RFC 9110's predecessors asked of clients), at most 8 in all. */
#define PER_HOST 2
#define AT_ONCE 8
/* How long a transfer waits before asking opt->fetch_gate again for a
 * slot another process holds: 20 ms. */
#define GATE_WAIT_NS 20000000L

typedef enum { WAITING, RUNNING, DONE } phase;

/* What all transfers share. */
typedef struct shared {
    const gl_options *opt;
    const char *page_url;
    bool page_private;
    size_t total; /* bytes held by every transfer */
} shared;

/* One image on its way. */
typedef struct xfer {
    gl_fetch_item *item;
    shared *sh;
    CURL *h;
    phase ph;
    char *url;  /* this hop's (malloc) */
    char *host; /* its "host:port" (malloc), for the per-host count */
    unsigned hops;
    bool any_address; /* this hop may reach a non-public address */
    bool proxied;     /* this hop goes through a proxy: checked before (fetch_proxy.c) */
    bool gated;       /* holds a slot of opt->fetch_gate for its host */
    double deadline;  /* monotonic seconds, set by its first request */
    unsigned char *data;
    size_t len, cap;
    bool too_large, over_total, no_memory;
    char refused[GL_FETCH_WHY_MAX]; /* from the open-socket callback */
    char message[CURL_ERROR_SIZE];
} xfer;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *userdata) {
    xfer *x = userdata;
    size_t n = size * nmemb;
    if (n > x->sh->opt->max_image_bytes - x->len) {
        x->too_large = true;
        return 0; /* libcurl ends the transfer: CURLE_WRITE_ERROR */
    }
    if (n > x->sh->opt->max_images_bytes - x->sh->total) {
        x->over_total = true;
        return 0;
    }
    if (gl_vec_grow(gl_allocator_of(NULL), &x->data, &x->cap, x->len + n, 1) != GL_OK) {
        x->no_memory = true;
        return 0;
    }
    memcpy(x->data + x->len, ptr, n);
    x->len += n;
    x->sh->total += n;
    return n;
}

static void drop_body(xfer *x) {
    x->sh->total -= x->len;
    free(x->data);
    x->data = NULL;
    x->len = x->cap = 0;
}

/* The check of issue 18: called for every address libcurl connects to. */
static curl_socket_t open_socket(void *userdata, curlsocktype purpose,
                                 struct curl_sockaddr *address) {
    xfer *x = userdata;
    (void)purpose;
    /* Through a proxy this is the proxy's address, which the user chose;
     * the image host's was checked before the request (set_hop). */
    const char *kind = x->proxied ? NULL : gl_net_private_kind(&address->addr);
    if (kind && !x->any_address) {
        char ip[INET6_ADDRSTRLEN] = "?";
        const void *raw =
            address->family == AF_INET6
                ? (const void *)&((struct sockaddr_in6 *)(void *)&address->addr)->sin6_addr
                : (const void *)&((struct sockaddr_in *)(void *)&address->addr)->sin_addr;
        inet_ntop(address->family, raw, ip, sizeof ip);
        if (!x->refused[0])
            snprintf(x->refused, sizeof x->refused,
                     "refused: its host %.80s is at %s, %s (--allow-private-network)", x->host, ip,
                     kind);
        return CURL_SOCKET_BAD;
    }
    return socket(address->family, address->socktype, address->protocol);
}

/* Scheme, host and port of `url`, the port made explicit; false when it
 * cannot be parsed. Each part is curl_free'd by the caller. */
static bool origin_of(const char *url, char **scheme, char **host, char **port) {
    *scheme = *host = *port = NULL;
    CURLU *u = curl_url();
    bool ok = u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
              curl_url_get(u, CURLUPART_SCHEME, scheme, 0) == CURLUE_OK &&
              curl_url_get(u, CURLUPART_HOST, host, 0) == CURLUE_OK &&
              curl_url_get(u, CURLUPART_PORT, port, CURLU_DEFAULT_PORT) == CURLUE_OK;
    curl_url_cleanup(u);
    return ok;
}

/* A hop through a proxy, whose connection libcurl makes to the proxy:
 * its host resolved and checked here instead (fetch_proxy.c). False, with
 * item->why, when refused; a host galley cannot resolve is refused too,
 * since the proxy may resolve names of a network galley cannot see. */
static bool proxy_check(xfer *x, const char *host, const char *port) {
    char ip[INET6_ADDRSTRLEN] = "?";
    const char *kind = NULL;
    gl_host_check c = gl_fetch_check_host(host, port, x->sh->opt, ip, sizeof ip, &kind);
    if (c == GL_HOST_PRIVATE)
        snprintf(x->item->why, sizeof x->item->why,
                 "refused: its host %.60s is at %s, %s, checked before the proxy "
                 "(--allow-private-network)",
                 x->host, ip, kind);
    else if (c == GL_HOST_UNRESOLVED)
        snprintf(x->item->why, sizeof x->item->why,
                 "refused: its host %.80s cannot be resolved here to be checked before the proxy "
                 "(--allow-private-network)",
                 x->host);
    return c == GL_HOST_PUBLIC;
}

/* Sets x->url to `url`, with its host, whether it may reach a non-public
 * address, and its proxy; false with item->why set when the URL is not
 * http or https or a proxied host is refused, false with *nomem when out
 * of memory. */
static bool set_hop(xfer *x, const char *url, bool *nomem) {
    char *scheme, *host, *port;
    if (!origin_of(url, &scheme, &host, &port) ||
        (strcasecmp(scheme, "http") != 0 && strcasecmp(scheme, "https") != 0)) {
        snprintf(x->item->why, sizeof x->item->why,
                 x->hops ? "not fetched: redirected to a URL that is not http or https (%.100s)"
                         : "not an http or https URL (%.100s)",
                 url);
        curl_free(scheme), curl_free(host), curl_free(port);
        return false;
    }
    free(x->url);
    free(x->host);
    size_t hl = strlen(host) + strlen(port) + 2;
    x->url = strdup(url);
    x->host = malloc(hl);
    if (x->host)
        snprintf(x->host, hl, "%s:%s", host, port);
    bool same = false;
    char *ps = NULL, *ph = NULL, *pp = NULL;
    if (x->sh->page_private && x->sh->page_url && origin_of(x->sh->page_url, &ps, &ph, &pp))
        same = strcasecmp(ps, scheme) == 0 && strcasecmp(ph, host) == 0 && strcmp(pp, port) == 0;
    curl_free(ps), curl_free(ph), curl_free(pp);
    x->any_address = x->sh->opt->allow_private_network || same;
    const char *proxy = gl_fetch_proxy(scheme, host);
    x->proxied = proxy != NULL;
    bool ok =
        x->url && x->host && curl_easy_setopt(x->h, CURLOPT_PROXY, proxy ? proxy : "") == CURLE_OK;
    if (!ok)
        *nomem = true;
    else if (x->proxied && !x->any_address)
        ok = proxy_check(x, host, port);
    curl_free(scheme), curl_free(host), curl_free(port);
    return ok;
}

static unsigned running_on(const xfer *all, size_t n, const char *host) {
    unsigned k = 0;
    for (size_t i = 0; i < n; i++)
        if (all[i].ph == RUNNING && strcmp(all[i].host, host) == 0)
            k++;
    return k;
}

/* Gives back the shared slot a transfer held, if any. */
static void ungate(xfer *x) {
    const gl_fetch_gate *g = x->sh->opt->fetch_gate;
    if (x->gated && g)
        g->release(g->userdata, x->host);
    x->gated = false;
}

/* Starts waiting transfers while the limits allow: this call's own 2 a
 * host, and the slots shared with other conversions (opt->fetch_gate),
 * when given; *blocked says whether one waits for a shared slot. False
 * when out of memory. */
static bool start_some(CURLM *m, xfer *all, size_t n, unsigned *running, bool *blocked) {
    *blocked = false;
    for (size_t i = 0; i < n && *running < AT_ONCE; i++) {
        xfer *x = &all[i];
        if (x->ph != WAITING || running_on(all, n, x->host) >= PER_HOST)
            continue;
        const gl_options *opt = x->sh->opt;
        const gl_fetch_gate *g = opt->fetch_gate;
        if (g && !g->acquire(g->userdata, x->host)) {
            *blocked = true;
            continue;
        }
        x->gated = g != NULL;
        x->refused[0] = x->message[0] = '\0';
        curl_easy_setopt(x->h, CURLOPT_URL, x->url);
        if (opt->fetch_timeout) {
            /* The time runs from the first request, redirects included;
             * waiting for a free slot does not count. */
            if (!x->hops)
                x->deadline = now() + opt->fetch_timeout;
            double left = x->deadline - now();
            curl_easy_setopt(x->h, CURLOPT_TIMEOUT_MS, left < 0.001 ? 1L : (long)(left * 1000));
        }
        if (curl_multi_add_handle(m, x->h) != CURLM_OK) {
            ungate(x);
            return false;
        }
        x->ph = RUNNING;
        (*running)++;
    }
    return true;
}

/* Why a transfer that libcurl ended with `rc` failed. */
static void failure(xfer *x, CURLcode rc) {
    char *why = x->item->why;
    size_t size = sizeof x->item->why;
    const gl_options *opt = x->sh->opt;
    if (x->too_large || rc == CURLE_FILESIZE_EXCEEDED)
        snprintf(why, size, "over the limit of %zu bytes (--max-image-bytes)",
                 opt->max_image_bytes);
    else if (x->over_total)
        snprintf(why, size,
                 "past the limit of %zu bytes for all of the page's images "
                 "(--max-images-bytes)",
                 opt->max_images_bytes);
    else if (x->refused[0])
        snprintf(why, size, "%s", x->refused);
    else if (rc == CURLE_OPERATION_TIMEDOUT)
        snprintf(why, size, "not there within %u s (--fetch-timeout)", opt->fetch_timeout);
    else if (rc == CURLE_COULDNT_RESOLVE_HOST)
        snprintf(why, size, "on a host that cannot be resolved (%.80s)", x->host);
    else
        snprintf(why, size, "not fetched: %.150s",
                 x->message[0] ? x->message : curl_easy_strerror(rc));
}

/* A hop ended: the image is there, failed, or moves to its next hop.
 * False when out of memory. */
static bool hop_done(xfer *x, CURLcode rc) {
    long code = 0;
    char *next = NULL;
    x->ph = DONE;
    if (x->no_memory)
        return false;
    if (rc != CURLE_OK) {
        failure(x, rc);
        drop_body(x);
        return true;
    }
    curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &code);
    if (code >= 300 && code <= 399 &&
        curl_easy_getinfo(x->h, CURLINFO_REDIRECT_URL, &next) == CURLE_OK && next) {
        drop_body(x);
        if (++x->hops > GL_FETCH_MAX_REDIRECTS) {
            snprintf(x->item->why, sizeof x->item->why, "not fetched: more than %d redirects",
                     GL_FETCH_MAX_REDIRECTS);
            return true;
        }
        bool nomem = false;
        if (set_hop(x, next, &nomem))
            x->ph = WAITING;
        return !nomem;
    }
    if (code < 200 || code > 299) {
        snprintf(x->item->why, sizeof x->item->why, "not fetched: the server answered %ld (%s)",
                 code, gl_fetch_status_words(code));
        drop_body(x);
        return true;
    }
    x->item->data = x->data ? x->data : malloc(1);
    x->item->len = x->len;
    x->data = NULL;
    return x->item->data != NULL;
}

static bool setup(xfer *x, gl_fetch_item *item, shared *sh, struct curl_slist **resolve,
                  bool *nomem) {
    memset(x, 0, sizeof *x);
    x->item = item;
    x->sh = sh;
    x->ph = DONE;
    item->why[0] = '\0';
    char agent[64];
    x->h = curl_easy_init();
    if (!x->h || !gl_fetch_common_options(x->h, sh->opt, resolve, agent)) {
        *nomem = true;
        return false;
    }
    /* The agent is copied by libcurl; the resolve list is kept until the
     * handle is cleaned up. */
    curl_easy_setopt(x->h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(x->h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)sh->opt->max_image_bytes);
    curl_easy_setopt(x->h, CURLOPT_OPENSOCKETFUNCTION, open_socket);
    curl_easy_setopt(x->h, CURLOPT_OPENSOCKETDATA, x);
    curl_easy_setopt(x->h, CURLOPT_ERRORBUFFER, x->message);
    curl_easy_setopt(x->h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(x->h, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(x->h, CURLOPT_PRIVATE, x);
    if (!set_hop(x, item->url, nomem))
        return false;
    x->ph = WAITING;
    return true;
}

gl_status gl_fetch_images_curl(gl_fetch_item *items, size_t n, const char *page_url,
                               bool page_private, const gl_options *opt, gl_error *err) {
    shared sh = {opt, page_url, page_private, 0};
    xfer *all = calloc(n ? n : 1, sizeof *all);
    struct curl_slist **resolve = calloc(n ? n : 1, sizeof *resolve);
    CURLM *m = curl_multi_init();
    bool nomem = !all || !resolve || !m;
    if (m) {
        /* One request a connection: no HTTP/2 multiplexing, so that the
         * count of running transfers is the count of requests. */
        curl_multi_setopt(m, CURLMOPT_PIPELINING, (long)CURLPIPE_NOTHING);
        curl_multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, (long)PER_HOST);
    }
    for (size_t i = 0; !nomem && i < n; i++)
        setup(&all[i], &items[i], &sh, &resolve[i], &nomem);
    unsigned running = 0;
    while (!nomem) {
        bool blocked;
        if (!start_some(m, all, n, &running, &blocked)) {
            nomem = true;
            break;
        }
        if (!running && !blocked)
            break;
        if (!running) { /* every waiting one waits for another process's slot */
            nanosleep(&(struct timespec){0, GATE_WAIT_NS}, NULL);
            continue;
        }
        int still = 0;
        curl_multi_perform(m, &still);
        CURLMsg *msg;
        int left;
        bool ended = false;
        while ((msg = curl_multi_info_read(m, &left))) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            xfer *x = NULL;
            CURL *h = msg->easy_handle;
            CURLcode rc = msg->data.result;
            curl_easy_getinfo(h, CURLINFO_PRIVATE, (char **)&x);
            curl_multi_remove_handle(m, h);
            ungate(x);
            running--;
            ended = true;
            if (!hop_done(x, rc))
                nomem = true;
        }
        /* A transfer that ended may free a slot or need its next hop
         * started: only wait when none did. */
        if (still && !ended)
            curl_multi_poll(m, NULL, 0, blocked ? GATE_WAIT_NS / 1000000 : 1000, NULL);
    }
    for (size_t i = 0; all && i < n; i++) {
        if (all[i].ph == RUNNING)
            curl_multi_remove_handle(m, all[i].h);
        ungate(&all[i]);
        curl_easy_cleanup(all[i].h);
        free(all[i].data);
        free(all[i].url);
        free(all[i].host);
        curl_slist_free_all(resolve[i]);
    }
    curl_multi_cleanup(m);
    free(all);
    free(resolve);
    if (nomem) {
        for (size_t i = 0; i < n; i++) {
            free(items[i].data);
            items[i].data = NULL;
        }
        return gl_fail(err, GL_ENOMEM, 0, "out of memory fetching the images");
    }
    return GL_OK;
}
