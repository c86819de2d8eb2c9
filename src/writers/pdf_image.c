/* realpath(3) is XSI. */
#define _XOPEN_SOURCE 700
#include "writers/pdf_image.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <libdeflate.h>
#include "util/alloc.h"
#include "util/buf.h"
#include "util/localfile.h"
#include "util/error.h"
#include "image/decode.h"
#include "net/images.h"
#include "writers/pdf_hpdf.h"

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

/* Copies the bytes gl_images_fetch brought for `url` into img->data; NULL,
 * or why not. *quiet when the fetch already warned about it. */
static const char *read_fetched(gl_pdf_image *img, const char *url, const gl_options *opt,
                                bool *nomem, bool *quiet) {
    const unsigned char *data = NULL;
    size_t len = 0;
    switch (gl_images_find(opt->images, url, &data, &len)) {
    case GL_IMAGES_ABSENT:
        return "not a local file (galley fetches images only for a URL input, or with "
               "--fetch-images)";
    case GL_IMAGES_REFUSED:
        *quiet = true;
        return "refused";
    case GL_IMAGES_FETCHED:
        break;
    }
    if (!(img->data = gl_malloc(gl_allocator_of(opt), len + 1))) {
        *nomem = true;
        return NULL;
    }
    memcpy(img->data, data, len);
    img->len = len;
    return NULL;
}

void gl_pdf_image_label(const char *url, char label[GL_PDF_IMAGE_LABEL]) {
    if (!url) {
        snprintf(label, GL_PDF_IMAGE_LABEL, "(none)");
        return;
    }
    size_t len = strlen(url);
    if (strncmp(url, "data:", 5) == 0) {
        /* The media type, never the base64: it says nothing to a reader
         * and would push the reason out of the message. */
        size_t type = strcspn(url + 5, ";,");
        snprintf(label, GL_PDF_IMAGE_LABEL, "data:%.*s URI of %zu bytes",
                 (int)(type < 40 ? type : 40), url + 5, len);
    } else if (len >= GL_PDF_IMAGE_LABEL) {
        snprintf(label, GL_PDF_IMAGE_LABEL, "%.*s...", GL_PDF_IMAGE_LABEL - 4, url);
    } else {
        snprintf(label, GL_PDF_IMAGE_LABEL, "%s", url);
    }
}

gl_status gl_pdf_image_read(gl_pdf_image *img, const char *url, unsigned long line,
                            const gl_options *opt, bool *ok, gl_error *err) {
    memset(img, 0, sizeof *img);
    *ok = false;
    const char *why = NULL;
    bool nomem = false, quiet = false, data_uri = url && strncmp(url, "data:", 5) == 0;
    char shown[GL_PDF_IMAGE_LABEL];
    gl_pdf_image_label(url, shown);
    if (!url || !*url)
        why = "without a source";
    else if (data_uri)
        why = read_data_uri(img, url, opt, &nomem);
    else if (is_remote(url))
        why = read_fetched(img, url, opt, &nomem, &quiet);
    else
        why = read_local(img, url, opt, &nomem);
    gl_image_kind kind = GL_IMAGE_PNG;
    if (!why && !nomem && !gl_image_sniff(img->data, img->len, &kind, &img->width, &img->height))
        why = "not a PNG, JPEG, GIF, WebP or SVG image";
    img->jpeg = kind == GL_IMAGE_JPEG;
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
        if (!quiet)
            gl_warnf(opt, NULL, line, "image '%s' is %s: its alt text stands in for it", shown,
                     why);
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

/* Deflates `len` bytes (zlib format, libdeflate's level 1 as the packer
 * uses) into memory from the allocator: *out, *outlen. False when memory
 * runs out. */
static bool deflate_bytes(const unsigned char *data, size_t len, const gl_allocator *alloc,
                          unsigned char **out, size_t *outlen) {
    struct libdeflate_compressor *c = libdeflate_alloc_compressor(1);
    size_t bound = c ? libdeflate_zlib_compress_bound(c, len) : 0;
    *out = c ? gl_malloc(alloc, bound) : NULL;
    *outlen = *out ? libdeflate_zlib_compress(c, data, len, *out, bound) : 0;
    libdeflate_free_compressor(c);
    if (*out && *outlen == 0) {
        gl_free(alloc, *out);
        *out = NULL;
    }
    return *out != NULL;
}

gl_status gl_pdf_image_embed(gl_pdf_image *img, gl_hpdf *h, const char *url, unsigned long line,
                             const gl_options *opt, gl_hpdf_obj **out, gl_error *err) {
    const gl_allocator *alloc = gl_allocator_of(opt);
    *out = NULL;
    gl_image dec;
    bool ok;
    char why[GL_IMAGE_WHY_MAX];
    gl_status st =
        gl_image_decode(&dec, img->data, img->len, opt->max_image_pixels, alloc, &ok, why, err);
    if (st != GL_OK || !ok) {
        if (st == GL_OK) {
            char shown[GL_PDF_IMAGE_LABEL];
            gl_pdf_image_label(url, shown);
            gl_warnf(opt, NULL, line,
                     "image '%s' cannot be used: %s; its alt text stands in for it", shown, why);
        }
        gl_pdf_image_free(img, alloc);
        return st;
    }
    /* Laid out at the decoded image's size: an SVG's is known only now. */
    unsigned width = dec.show_width, height = dec.show_height;
    if (dec.kind == GL_IMAGE_JPEG) {
        /* Whole, as the decoding proved: its DCT data goes in unchanged. */
        *out = gl_hpdf_jpeg_load(h, img->data, img->len);
        if (!*out) {
            unsigned code = 0;
            st = gl_hpdf_image_failure(h, &code, err);
            if (st == GL_OK) {
                char shown[GL_PDF_IMAGE_LABEL];
                gl_pdf_image_label(url, shown);
                gl_warnf(opt, NULL, line,
                         "image '%s' cannot be used (libharu error 0x%04X): its alt text stands "
                         "in for it",
                         shown, code);
            }
        }
    } else {
        /* The pixels, deflated now and freed: only the compressed bytes wait
         * in libharu's document until the file is written. */
        size_t count = (size_t)dec.width * dec.height;
        gl_hpdf_raw_image raw = {dec.width, dec.height, dec.channels, NULL, 0, NULL, 0};
        unsigned char *z = NULL, *za = NULL;
        if (!deflate_bytes(dec.pixels, count * dec.channels, alloc, &z, &raw.len) ||
            (dec.alpha && !deflate_bytes(dec.alpha, count, alloc, &za, &raw.alpha_len)))
            st = gl_fail(err, GL_ENOMEM, line, "out of memory embedding an image");
        gl_image_free(&dec, alloc);
        raw.data = z;
        raw.alpha = za;
        if (st == GL_OK)
            st = gl_hpdf_image_add(h, &raw, out, err);
        gl_free(alloc, z);
        gl_free(alloc, za);
    }
    gl_image_free(&dec, alloc);
    gl_pdf_image_free(img, alloc);
    if (*out) {
        img->width = width;
        img->height = height;
    }
    return st;
}
