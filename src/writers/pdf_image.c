/* realpath(3) is XSI. */
#define _XOPEN_SOURCE 700
#include "writers/pdf_image.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "util/alloc.h"
#include "util/buf.h"
#include "util/localfile.h"
#include "util/error.h"

static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* "scheme:..." (RFC 3986 3.1) or "//host/...": not a file of ours. */
static bool is_remote(const char *url) {
    if (url[0] == '/' && url[1] == '/')
        return true;
    if (!is_alpha(url[0]))
        return false;
    size_t i = 1;
    while (is_alpha(url[i]) || (url[i] >= '0' && url[i] <= '9') || url[i] == '+' || url[i] == '-' ||
           url[i] == '.')
        i++;
    return url[i] == ':';
}

static int base64_value(char c) {
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    return c == '+' || c == '-' ? 62 : c == '/' || c == '_' ? 63 : -1;
}

static unsigned be16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }

static uint32_t be32(const unsigned char *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The kind and size in pixels from the file's header: PNG's IHDR, or a
 * JPEG's start-of-frame. False when it is neither. */
static bool sniff(gl_pdf_image *img) {
    const unsigned char *d = img->data;
    size_t n = img->len;
    if (n >= 24 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0 && memcmp(d + 12, "IHDR", 4) == 0) {
        img->jpeg = false;
        img->width = be32(d + 16);
        img->height = be32(d + 20);
        return img->width > 0 && img->height > 0;
    }
    if (n < 4 || d[0] != 0xFF || d[1] != 0xD8)
        return false;
    size_t i = 2;
    while (i + 4 <= n) {
        if (d[i] != 0xFF)
            return false;
        unsigned m = d[i + 1];
        if (m == 0xFF) {
            i++; /* fill byte */
            continue;
        }
        if (m == 0x01 || (m >= 0xD0 && m <= 0xD9)) {
            i += 2; /* no length */
            continue;
        }
        unsigned seg = be16(d + i + 2);
        bool sof = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
        if (sof && seg >= 7 && i + 9 <= n) {
            img->jpeg = true;
            img->height = be16(d + i + 5);
            img->width = be16(d + i + 7);
            return img->width > 0 && img->height > 0;
        }
        i += 2 + seg;
    }
    return false;
}

/* Reads the local file `url` names into img->data; NULL, or why not. */
static const char *read_local(gl_pdf_image *img, const char *url, const gl_options *opt,
                              bool *nomem) {
    const gl_allocator *alloc = gl_allocator_of(opt);
    if (!opt->source_path)
        return "not found: the input's folder is unknown";
    char *dir = gl_real_folder_of(opt->source_path);
    if (!dir)
        return "not found: the input's folder is unknown";
    const char *why = NULL;
    char *real = gl_local_file(dir, url, alloc, &why, nomem);
    free(dir);
    if (!real)
        goto done;
    FILE *f = fopen(real, "rb");
    struct stat sb;
    if (!f || fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
        why = f ? "not a regular file" : strerror(errno);
    } else if ((uint64_t)sb.st_size > opt->max_input) {
        why = "larger than the input limit (max_input)";
    } else if (!(img->data = gl_malloc(alloc, (size_t)sb.st_size + 1))) {
        *nomem = true;
    } else {
        img->len = fread(img->data, 1, (size_t)sb.st_size, f);
        if (img->len != (size_t)sb.st_size)
            why = "unreadable";
    }
    if (f)
        fclose(f);
done:
    free(real);
    return why;
}

/* Decodes a base64 data: URI's bytes into img->data; NULL, or why not. */
static const char *read_data_uri(gl_pdf_image *img, const char *url, const gl_options *opt,
                                 bool *nomem) {
    const char *comma = strchr(url, ',');
    if (!comma)
        return "a malformed data: URI";
    size_t head = (size_t)(comma - url);
    if (head < 7 || memcmp(comma - 7, ";base64", 7) != 0)
        return "a data: URI not in base64";
    size_t cap = strlen(comma + 1) / 4 * 3 + 3;
    if (cap > opt->max_input)
        return "larger than the input limit (max_input)";
    img->data = gl_malloc(gl_allocator_of(opt), cap);
    if (!img->data) {
        *nomem = true;
        return NULL;
    }
    uint32_t acc = 0;
    int bits = 0;
    for (const char *p = comma + 1; *p && *p != '='; p++) {
        int v = base64_value(*p);
        if (v < 0) {
            if (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
                continue;
            return "a data: URI with bad base64";
        }
        acc = acc << 6 | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            img->data[img->len++] = (unsigned char)(acc >> bits);
        }
    }
    return NULL;
}

gl_status gl_pdf_image_read(gl_pdf_image *img, const char *url, unsigned long line,
                            const gl_options *opt, bool *ok, gl_error *err) {
    memset(img, 0, sizeof *img);
    *ok = false;
    const char *why = NULL, *shown = url ? url : "";
    bool nomem = false, data_uri = url && strncmp(url, "data:", 5) == 0;
    char label[72];
    if (data_uri) {
        snprintf(label, sizeof label, "%.40s...", url);
        shown = label;
    }
    if (!url || !*url)
        why = "without a source";
    else if (data_uri)
        why = read_data_uri(img, url, opt, &nomem);
    else if (is_remote(url))
        why = "not a local file (galley never fetches from the network)";
    else
        why = read_local(img, url, opt, &nomem);
    if (!why && !nomem && !sniff(img))
        why = "not a PNG or JPEG image";
    if (!why && !nomem && (uint64_t)img->width * img->height > opt->max_image_pixels) {
        gl_warnf(opt, NULL, line,
                 "image '%s' is %u x %u pixels, over the limit of %zu (max_image_pixels): its alt "
                 "text stands in for it",
                 shown, img->width, img->height, opt->max_image_pixels);
        gl_pdf_image_free(img, gl_allocator_of(opt));
        return GL_OK;
    }
    if (nomem) {
        gl_pdf_image_free(img, gl_allocator_of(opt));
        return gl_fail(err, GL_ENOMEM, line, "out of memory reading an image");
    }
    if (why) {
        gl_warnf(opt, NULL, line, "image '%s' is %s: its alt text stands in for it", shown, why);
        gl_pdf_image_free(img, gl_allocator_of(opt));
        return GL_OK;
    }
    *ok = true;
    return GL_OK;
}

void gl_pdf_image_free(gl_pdf_image *img, const gl_allocator *alloc) {
    gl_free(alloc, img->data);
    memset(img, 0, sizeof *img);
}
