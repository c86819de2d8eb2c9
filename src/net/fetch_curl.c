/* The fetch module (galley-fetch.so): one URL fetched with libcurl's easy
 * interface, under the rules of galley/fetch.h. */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include "galley/galley.h"
#include "net/fetch_curl.h"
#include "util/buf.h"
#include "util/error.h"

/* The body arrives, decompressed, into a gl_buf capped at --max-input:
 * libcurl 7.88's CURLOPT_MAXFILESIZE stops only a body whose
 * Content-Length says it is too large, not one sent without a length or
 * one that grows when decompressed, so the cap is kept here. */
static size_t on_data(char *ptr, size_t size, size_t nmemb, void *userdata) {
    size_t n = size * nmemb;
    /* A short count makes libcurl end the transfer: CURLE_WRITE_ERROR. */
    return gl_buf_append(userdata, ptr, n) == GL_OK ? n : 0;
}

/* A copy of s[0..n), or NULL when out of memory. */
static char *copy(const char *s, size_t n) {
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

/* Splits a Content-Type value ("text/html; charset=\"utf-8\"") into its
 * media type, lower case, and its charset parameter. False when out of
 * memory. */
static bool parse_content_type(const char *ct, gl_fetched *out) {
    const char *end = strchr(ct, ';');
    size_t n = end ? (size_t)(end - ct) : strlen(ct);
    while (n && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
        n--;
    while (n && (*ct == ' ' || *ct == '\t'))
        ct++, n--;
    if (n && !(out->media_type = copy(ct, n)))
        return false;
    for (char *p = out->media_type; p && *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    for (const char *p = end; p && *p;) {
        p++;
        while (*p == ' ' || *p == '\t')
            p++;
        const char *next = strchr(p, ';');
        if (strncasecmp(p, "charset=", 8) == 0) {
            const char *v = p + 8;
            size_t len = next ? (size_t)(next - v) : strlen(v);
            while (len && (v[len - 1] == ' ' || v[len - 1] == '\t'))
                len--;
            if (len >= 2 && v[0] == '"' && v[len - 1] == '"')
                v++, len -= 2;
            if (len)
                return (out->charset = copy(v, len)) != NULL;
        }
        p = next;
    }
    return true;
}

/* The words of the answers a reader of the message most likely meets. */
const char *gl_fetch_status_words(long code) {
    static const struct {
        long code;
        const char *words;
    } known[] = {
        {400, "bad request"},
        {401, "unauthorized"},
        {403, "forbidden"},
        {404, "not found"},
        {410, "gone"},
        {429, "too many requests"},
        {451, "unavailable for legal reasons"},
        {500, "internal server error"},
        {502, "bad gateway"},
        {503, "service unavailable"},
        {504, "gateway timeout"},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (known[i].code == code)
            return known[i].words;
    return code >= 500 ? "server error" : code >= 400 ? "client error" : "not a page";
}

/* One line for a transfer libcurl ended with `rc`. */
static gl_status transfer_error(CURL *h, CURLcode rc, const char *url, const char *message,
                                const gl_buf *b, const gl_options *opt, gl_error *err) {
    if (b->status == GL_ENOMEM)
        return gl_fail(err, GL_ENOMEM, 0, "out of memory fetching the page");
    if (b->status == GL_ELIMIT || rc == CURLE_FILESIZE_EXCEEDED)
        return gl_fail(err, GL_ELIMIT, 0, "the page is over the limit of %zu bytes (--max-input)",
                       opt->max_input);
    switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST: {
        char *host = NULL;
        CURLU *u = curl_url();
        if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK)
            curl_url_get(u, CURLUPART_HOST, &host, 0);
        gl_status st =
            gl_fail(err, GL_EIO, 0, "cannot resolve the host '%s'", host ? host : "of the URL");
        curl_free(host);
        curl_url_cleanup(u);
        return st;
    }
    case CURLE_COULDNT_CONNECT:
        return gl_fail(err, GL_EIO, 0, "cannot connect to the server: %s", message);
    case CURLE_OPERATION_TIMEDOUT: {
        double connected = 0;
        curl_easy_getinfo(h, CURLINFO_CONNECT_TIME, &connected);
        if (connected <= 0)
            return gl_fail(err, GL_EIO, 0, "no connection to the server within %u s",
                           opt->fetch_connect_timeout);
        return gl_fail(err, GL_EIO, 0, "the page did not arrive within %u s (--fetch-timeout)",
                       opt->fetch_timeout);
    }
    case CURLE_TOO_MANY_REDIRECTS:
        return gl_fail(err, GL_EIO, 0, "more than %d redirects", GL_FETCH_MAX_REDIRECTS);
    case CURLE_UNSUPPORTED_PROTOCOL:
        return gl_fail(err, GL_EIO, 0, "redirected to a URL that is not http or https");
    default:
        return gl_fail(err, GL_EIO, 0, "%s", message);
    }
}

bool gl_fetch_common_options(CURL *h, const gl_options *opt, struct curl_slist **list,
                             char agent[64]) {
    *list = NULL;
    snprintf(agent, 64, "galley/%s", gl_version());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)opt->fetch_connect_timeout);
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, ""); /* every one libcurl decodes */
    /* Threads of a batch: no SIGALRM for name lookups. */
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_USERAGENT, agent);
    for (const char *const *r = opt->resolve; r && *r; r++) {
        struct curl_slist *more = curl_slist_append(*list, *r);
        if (!more) {
            curl_slist_free_all(*list);
            *list = NULL;
            return false;
        }
        *list = more;
    }
    if (*list)
        curl_easy_setopt(h, CURLOPT_RESOLVE, *list);
    return true;
}

/* Whether `url` is fetched through a proxy; then `ip` holds the first
 * address its host resolves to, or is empty. */
static bool proxied_address(const char *url, const gl_options *opt, char *ip, size_t size) {
    char *scheme = NULL, *host = NULL, *port = NULL;
    CURLU *u = curl_url();
    bool proxied = u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
                   curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
                   curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
                   curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK &&
                   gl_fetch_proxy(scheme, host) != NULL;
    ip[0] = '\0';
    if (proxied && !gl_fetch_first_address(host, port, opt, ip, size))
        ip[0] = '\0';
    curl_free(scheme), curl_free(host), curl_free(port);
    curl_url_cleanup(u);
    return proxied;
}

/* Waits for a slot of opt->fetch_gate for the host of `url` (shared with
 * the other processes of a batch); the "host:port" it holds (malloc), or
 * NULL when there is no gate (or no memory: the fetch goes ahead). */
static char *gate_acquire(const char *url, const gl_options *opt) {
    const gl_fetch_gate *g = opt->fetch_gate;
    char *host = NULL, *port = NULL, *key = NULL;
    CURLU *u = g ? curl_url() : NULL;
    if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK &&
        (key = malloc(strlen(host) + strlen(port) + 2)) != NULL) {
        sprintf(key, "%s:%s", host, port);
        while (!g->acquire(g->userdata, key))
            nanosleep(&(struct timespec){0, 20000000L}, NULL);
    }
    curl_free(host), curl_free(port);
    curl_url_cleanup(u);
    return key;
}

static void gate_release(char *key, const gl_options *opt) {
    if (key)
        opt->fetch_gate->release(opt->fetch_gate->userdata, key);
    free(key);
}

static gl_status fetch(gl_fetched *out, const char *url, const gl_options *opt, gl_error *err) {
    memset(out, 0, sizeof *out);
    CURL *h = curl_easy_init();
    char agent[64];
    struct curl_slist *resolve = NULL;
    if (!h || !gl_fetch_common_options(h, opt, &resolve, agent)) {
        curl_easy_cleanup(h);
        return gl_fail(err, GL_ENOMEM, 0, "out of memory starting libcurl");
    }
    gl_buf b;
    gl_buf_init(&b, NULL, opt->max_input);
    char message[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(h, CURLOPT_MAXREDIRS, (long)GL_FETCH_MAX_REDIRECTS);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)opt->fetch_timeout);
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)opt->max_input);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, message);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
    char *slot = gate_acquire(url, opt);
    CURLcode rc = curl_easy_perform(h);
    gate_release(slot, opt);
    if (rc != CURLE_OK && !message[0])
        snprintf(message, sizeof message, "%s", curl_easy_strerror(rc));
    gl_status st = GL_OK;
    long code = 0;
    char *final = NULL, *type = NULL, *ip = NULL;
    if (rc != CURLE_OK)
        st = transfer_error(h, rc, url, message, &b, opt, err);
    else if (curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code) != CURLE_OK || code < 200 ||
             code > 299)
        st = gl_fail(err, GL_EIO, 0, "the server answered %ld (%s)", code,
                     gl_fetch_status_words(code));
    if (st == GL_OK) {
        curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &final);
        curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &type);
        curl_easy_getinfo(h, CURLINFO_PRIMARY_IP, &ip);
        out->url = copy(final ? final : url, strlen(final ? final : url));
        /* Through a proxy, libcurl's address is the proxy's: the page's
         * own is looked up here (fetch_proxy.c), or stays unknown. */
        char own[64];
        if (out->url && proxied_address(out->url, opt, own, sizeof own))
            ip = own[0] ? own : NULL;
        if (ip && *ip && !(out->address = copy(ip, strlen(ip))))
            st = gl_fail(err, GL_ENOMEM, 0, "out of memory fetching the page");
        if (!out->url || (type && !parse_content_type(type, out)))
            st = gl_fail(err, GL_ENOMEM, 0, "out of memory fetching the page");
    }
    curl_easy_cleanup(h);
    curl_slist_free_all(resolve);
    if (st != GL_OK) {
        gl_buf_free(&b);
        gl_fetched_free(out);
        return st;
    }
    /* An empty page still has a buffer, as a read file does. */
    out->data = b.data ? gl_buf_detach(&b, &out->len) : malloc(1);
    if (!out->data) {
        gl_fetched_free(out);
        return gl_fail(err, GL_ENOMEM, 0, "out of memory fetching the page");
    }
    return GL_OK;
}

/* libcurl's own set-up (its TLS library's among them), once per process,
 * under the loader's once. */
static void init(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

GL_MODULE_TABLE const gl_fetch_module gl_module_fetch = {
    {GL_ABI_STAMP, init, NULL},
    fetch,
    gl_fetch_images_curl,
};
