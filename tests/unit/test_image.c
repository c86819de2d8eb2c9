/* Image formats of issue 18 (src/image/): GIF, WebP and SVG decoded to
 * pixels, the PNG encoder the EPUB uses for them, the pixel limit applied
 * before decoding, damaged files refused with a reason; and the
 * private-network rule's address classes (src/net/address.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <cmocka.h>
#include "image/decode.h"
#include "net/address.h"
#include "util/alloc.h"

typedef struct file {
    unsigned char *data;
    size_t len;
} file;

static file slurp(const char *name) {
    char path[512];
    snprintf(path, sizeof path, "%s/tests/data/%s", GL_SOURCE_DIR, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    file r = {malloc(1 << 20), 0};
    assert_non_null(r.data);
    r.len = fread(r.data, 1, 1 << 20, f);
    fclose(f);
    return r;
}

/* Decodes `name`; returns whether it decoded, the reason in `why`. */
static bool decode(const unsigned char *data, size_t len, size_t max_pixels, gl_image *img,
                   char why[GL_IMAGE_WHY_MAX]) {
    gl_error err;
    gl_error_init(&err, NULL);
    bool ok = false;
    assert_int_equal(
        gl_image_decode(img, data, len, max_pixels, gl_allocator_of(NULL), &ok, why, &err), GL_OK);
    return ok;
}

/* Decodes data[0, len) into `img` under the default pixel limit, which must
 * give a `kind` of width x height pixels. */
static void expect_image(const unsigned char *data, size_t len, gl_image *img, int kind,
                         unsigned width, unsigned height) {
    char why[GL_IMAGE_WHY_MAX];
    assert_true(decode(data, len, 25000000, img, why));
    assert_int_equal(img->kind, kind);
    assert_int_equal(img->width, width);
    assert_int_equal(img->height, height);
}

/* Decoding data[0, len) under `max_pixels` fails, with `reason` in why. */
static void expect_refused(const unsigned char *data, size_t len, size_t max_pixels,
                           const char *reason) {
    gl_image img;
    char why[GL_IMAGE_WHY_MAX];
    assert_false(decode(data, len, max_pixels, &img, why));
    assert_non_null(strstr(why, reason));
}

static void test_gif(void **state) {
    (void)state;
    file f = slurp("fetch/pic.gif");
    gl_image img;
    expect_image(f.data, f.len, &img, GL_IMAGE_GIF, 40, 30);
    assert_int_equal(img.show_width, 40);
    assert_int_equal(img.channels, 3);
    /* Colour 0 (red) on the left, colour 3 (transparent) on the right. */
    assert_memory_equal(img.pixels, "\xFF\x00\x00", 3);
    assert_non_null(img.alpha);
    assert_int_equal(img.alpha[0], 255);
    assert_int_equal(img.alpha[39], 0);
    gl_image_free(&img, gl_allocator_of(NULL));
    /* The logical screen's size is checked before anything is decoded. */
    expect_refused(f.data, f.len, 1000, "40 x 30 pixels, over the limit of 1000");
    /* Cut short: a reason, no crash. */
    expect_refused(f.data, f.len / 2, 25000000, "a damaged GIF");
    free(f.data);
}

static void test_webp(void **state) {
    (void)state;
    file f = slurp("fetch/pic.webp");
    gl_image img;
    expect_image(f.data, f.len, &img, GL_IMAGE_WEBP, 50, 40);
    assert_int_equal(img.channels, 3);
    assert_null(img.alpha); /* opaque */
    gl_image_free(&img, gl_allocator_of(NULL));
    expect_refused(f.data, f.len, 1999, "over the limit of 1999");
    f.data[f.len - 20] ^= 0xFF;
    f.len -= 10;
    expect_refused(f.data, f.len, 25000000, "a damaged WebP");
    free(f.data);
}

static void test_svg(void **state) {
    (void)state;
    file f = slurp("fetch/pic.svg");
    gl_image img;
    char why[GL_IMAGE_WHY_MAX];
    /* 120 x 60 CSS pixels, drawn at twice that. */
    expect_image(f.data, f.len, &img, GL_IMAGE_SVG, 240, 120);
    assert_int_equal(img.show_width, 120);
    assert_int_equal(img.show_height, 60);
    /* The centre is the yellow circle (#fd0), a corner the green (#2a6):
     * the external images (file:, http:) were not drawn over them. */
    const unsigned char *centre = img.pixels + (60 * 240 + 120) * 3;
    assert_int_equal(centre[0], 0xFF);
    assert_int_equal(centre[1], 0xDD);
    assert_int_equal(img.pixels[0], 0x22);
    assert_int_equal(img.pixels[1], 0xAA);
    gl_image_free(&img, gl_allocator_of(NULL));
    /* Near the limit, fewer pixels rather than none. */
    assert_true(decode(f.data, f.len, 7200, &img, why));
    assert_true((size_t)img.width * img.height <= 7200);
    assert_int_equal(img.show_width, 120);
    gl_image_free(&img, gl_allocator_of(NULL));
    const char *broken = "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect";
    expect_refused((const unsigned char *)broken, strlen(broken), 25000000, "SVG");
    free(f.data);
}

/* The cairo surface an SVG is drawn on counts against the PDF writer's
 * memory budget (--max-memory): an SVG whose surface and pixels would pass
 * it is left out with a reason, counting nothing and failing nothing; with
 * room, the surface is counted while it lives and given back after. */
static void test_svg_budget(void **state) {
    (void)state;
    file f = slurp("fetch/pic.svg");
    gl_image img;
    char why[GL_IMAGE_WHY_MAX];
    gl_error err;
    gl_error_init(&err, NULL);
    bool ok = true;
    /* 240 x 120 pixels: a 115,200-byte surface and as much copied out. */
    gl_budget b;
    gl_budget_init(&b, gl_allocator_of(NULL), 200000);
    assert_ptr_equal(gl_budget_of(&b.alloc), &b);
    assert_null(gl_budget_of(gl_allocator_of(NULL)));
    assert_int_equal(gl_image_decode(&img, f.data, f.len, 25000000, &b.alloc, &ok, why, &err),
                     GL_OK);
    assert_false(ok);
    assert_int_equal(err.status, GL_OK);
    assert_non_null(strstr(why, "an SVG drawn at 240 x 120 pixels"));
    assert_non_null(strstr(why, "past the memory limit (max_memory = 0 MiB)"));
    assert_int_equal(b.used, 0);
    assert_false(b.exceeded);
    /* Room for both: drawn, the surface given back, the pixels counted. */
    gl_budget_init(&b, gl_allocator_of(NULL), 300000);
    assert_int_equal(gl_image_decode(&img, f.data, f.len, 25000000, &b.alloc, &ok, why, &err),
                     GL_OK);
    assert_true(ok);
    assert_true(b.peak >= 240 * 120 * 8);
    assert_true(b.used < 240 * 120 * 5);
    gl_image_free(&img, &b.alloc);
    assert_int_equal(b.used, 0);
    assert_false(b.exceeded);
    free(f.data);
}

/* The EPUB's conversion: the PNG decodes to the same pixels. */
static void test_png_encode(void **state) {
    (void)state;
    const gl_allocator *a = gl_allocator_of(NULL);
    file f = slurp("fetch/pic.gif");
    gl_image img, back;
    expect_image(f.data, f.len, &img, GL_IMAGE_GIF, 40, 30);
    unsigned char *png = NULL;
    size_t len = 0;
    gl_error err;
    gl_error_init(&err, NULL);
    assert_int_equal(gl_image_png(&img, a, &png, &len, &err), GL_OK);
    expect_image(png, len, &back, GL_IMAGE_PNG, 40, 30);
    assert_memory_equal(back.pixels, img.pixels, 40 * 30 * 3);
    assert_memory_equal(back.alpha, img.alpha, 40 * 30);
    gl_image_free(&img, a);
    gl_image_free(&back, a);
    gl_free(a, png);
    free(f.data);
}

static const char *kind_of(const char *text) { return gl_net_private_kind_text(text); }

static void test_addresses(void **state) {
    (void)state;
    static const struct {
        const char *address, *kind;
    } cases[] = {
        {"127.0.0.1", "a loopback address"},
        {"127.255.0.9", "a loopback address"},
        {"::1", "a loopback address"},
        {"::ffff:127.0.0.1", "a loopback address"},
        {"10.1.2.3", "a private address"},
        {"172.16.0.1", "a private address"},
        {"172.31.255.255", "a private address"},
        {"192.168.1.1", "a private address"},
        {"fc00::1", "a private address"},
        {"fd12:3456::1", "a private address"},
        {"::ffff:192.168.0.1", "a private address"},
        {"169.254.169.254", "a link-local address"},
        {"fe80::1", "a link-local address"},
        {"0.0.0.0", "an unspecified address"},
        {"::", "an unspecified address"},
        {"172.32.0.1", NULL},
        {"172.15.255.255", NULL},
        {"93.184.216.34", NULL},
        {"2606:2800:220:1::", NULL},
        {"fec0::1", NULL},
        {"not an address", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *k = kind_of(cases[i].address);
        if (!cases[i].kind ? k != NULL : !k || strcmp(k, cases[i].kind) != 0)
            fail_msg("%s: %s, expected %s", cases[i].address, k ? k : "public",
                     cases[i].kind ? cases[i].kind : "public");
    }
    /* The socket address form, as the open-socket callback sees it. */
    struct sockaddr_in in;
    memset(&in, 0, sizeof in);
    in.sin_family = AF_INET;
    inet_pton(AF_INET, "10.0.0.7", &in.sin_addr);
    assert_string_equal(gl_net_private_kind((const struct sockaddr *)&in), "a private address");
    struct sockaddr_in6 in6;
    memset(&in6, 0, sizeof in6);
    in6.sin6_family = AF_INET6;
    inet_pton(AF_INET6, "2001:db8::1", &in6.sin6_addr);
    assert_null(gl_net_private_kind((const struct sockaddr *)&in6));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gif),        cmocka_unit_test(test_webp),
        cmocka_unit_test(test_svg),        cmocka_unit_test(test_svg_budget),
        cmocka_unit_test(test_png_encode), cmocka_unit_test(test_addresses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
