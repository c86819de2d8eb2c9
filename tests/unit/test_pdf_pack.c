/* The packer (writers/pdf_pack.h) on files shaped as libharu writes them,
 * built here object by object: plain streams come out deflated, streams
 * that keep a filter (a JPEG's DCTDecode) come out byte for byte, and a
 * file not shaped as expected is refused with a message. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <libdeflate.h>
#include "util/buf.h"
#include "writers/pdf_pack.h"

/* A PDF 1.4 file of `n` objects (values in `objs`, object 1 the catalog)
 * with a classic cross-reference table, as libharu 2.3.0 lays it out. */
static void libharu_file(gl_buf *b, const char *const *objs, size_t n) {
    size_t *at = calloc(n + 1, sizeof *at);
    assert_non_null(at);
    gl_buf_init(b, NULL, 0);
    gl_buf_puts(b, "%PDF-1.4\n%\xB7\xBE\xAD\xAA\n");
    for (size_t i = 1; i <= n; i++) {
        at[i] = b->len;
        gl_buf_printf(b, "%zu 0 obj\n%s\nendobj\n", i, objs[i - 1]);
    }
    size_t xref = b->len;
    gl_buf_printf(b, "xref\n0 %zu\n0000000000 65535 f\r\n", n + 1);
    for (size_t i = 1; i <= n; i++)
        gl_buf_printf(b, "%010zu 00000 n\r\n", at[i]);
    gl_buf_printf(b, "trailer\n<<\n/Root 1 0 R\n/Size %zu\n>>\nstartxref\n%zu\n%%%%EOF\n", n + 1,
                  xref);
    assert_int_equal(b->status, GL_OK);
    free(at);
}

/* Packs the libharu-shaped file of `objs` into `out` (initialised here;
 * the caller frees it). Returns gl_pdf_pack's status; `err` gets its
 * message. */
static gl_status pack(const char *const *objs, size_t n, gl_buf *out, gl_error *err) {
    gl_buf in;
    libharu_file(&in, objs, n);
    gl_error_init(err, NULL);
    gl_buf_init(out, NULL, 0);
    gl_status st = gl_pdf_pack(in.data, in.len, NULL, out, err);
    gl_buf_free(&in);
    return st;
}

static const char *find_bytes(const gl_buf *b, const char *needle, size_t n) {
    for (size_t i = 0; i + n <= b->len; i++) {
        if (memcmp(b->data + i, needle, n) == 0)
            return b->data + i;
    }
    return NULL;
}

static const char *find(const gl_buf *b, const char *needle) {
    return find_bytes(b, needle, strlen(needle));
}

/* The inflated data of the stream object `n` of a packed file. */
static size_t inflate_object(const gl_buf *b, int n, char *out, size_t size) {
    char head[32];
    snprintf(head, sizeof head, "\n%d 0 obj\n", n);
    const char *obj = find(b, head);
    assert_non_null(obj);
    const char *stream = strstr(obj, "stream\n");
    assert_non_null(stream);
    stream += 7;
    struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
    assert_non_null(d);
    size_t in_used, got;
    assert_int_equal(libdeflate_zlib_decompress_ex(d, stream, (size_t)(b->data + b->len - stream),
                                                   out, size, &in_used, &got),
                     LIBDEFLATE_SUCCESS);
    /* /Length names exactly the deflated bytes. */
    char length[48];
    snprintf(length, sizeof length, "/Length %zu", in_used);
    assert_non_null(strstr(obj, length));
    assert_true(strstr(obj, length) < stream);
    libdeflate_free_decompressor(d);
    return got;
}

static const char content[] = "BT /F1 12 Tf 72 720 Td (plain text, plain text, plain text) Tj ET";
/* Not a JPEG, but bytes a text dictionary would not hold. */
static const char jpeg[] = "\xFF\xD8\xFF\xE0 compressed already \x01\x02\xFF\xD9";

static void test_plain_streams_are_deflated_and_filtered_ones_copied(void **state) {
    (void)state;
    char plain[256], image[256], len1[16], len2[16];
    snprintf(plain, sizeof plain, "<<\n/Length 3 0 R\n>>\nstream\r\n%s\nendstream", content);
    snprintf(len1, sizeof len1, "%zu", strlen(content));
    snprintf(image, sizeof image,
             "<<\n/Type /XObject\n/Filter /DCTDecode\n/Length 5 0 R\n>>\nstream\r\n%s\nendstream",
             jpeg);
    size_t jlen = strlen(jpeg);
    snprintf(len2, sizeof len2, "%zu", jlen);
    const char *objs[] = {"<<\n/Type /Catalog\n>>", plain, len1, image, len2};
    gl_buf out;
    gl_error err;
    assert_int_equal(pack(objs, 5, &out, &err), GL_OK);
    assert_memory_equal(out.data, "%PDF-1.5\n", 9);

    /* The content stream: deflated, its filter named, its data intact. */
    const char *obj2 = find(&out, "\n2 0 obj\n");
    assert_non_null(obj2);
    assert_non_null(strstr(obj2, "/Filter /FlateDecode /Length "));
    char back[512];
    size_t n = inflate_object(&out, 2, back, sizeof back);
    assert_int_equal(n, strlen(content));
    assert_memory_equal(back, content, n);
    assert_null(find(&out, "plain text, plain"));

    /* The JPEG: the same bytes, one filter, its length written in place. */
    const char *obj4 = find(&out, "\n4 0 obj\n");
    assert_non_null(obj4);
    assert_non_null(find_bytes(&out, jpeg, jlen));
    char dict[128];
    snprintf(dict, sizeof dict, "%.*s", (int)(strstr(obj4, "stream") - obj4), obj4);
    assert_non_null(strstr(dict, "/Filter /DCTDecode"));
    assert_null(strstr(dict, "FlateDecode"));
    char want[32];
    snprintf(want, sizeof want, "/Length %zu", jlen);
    assert_non_null(strstr(dict, want));

    /* The lengths' own objects are gone; the catalog went into the object stream. */
    assert_null(find(&out, "\n3 0 obj\n"));
    assert_null(find(&out, "\n5 0 obj\n"));
    assert_non_null(find(&out, "6 0 obj\n<< /Type /ObjStm /N 1 "));
    n = inflate_object(&out, 6, back, sizeof back);
    assert_true(n < sizeof back);
    back[n] = '\0';
    assert_string_equal(back, "1 0 \n<<\n/Type /Catalog\n>>\n");
    assert_non_null(find(&out, "/Type /XRef"));
    gl_buf_free(&out);
}

static void test_a_stream_longer_than_its_object_is_refused(void **state) {
    (void)state;
    const char *objs[] = {"<<\n/Type /Catalog\n>>",
                          "<<\n/Length 3 0 R\n>>\nstream\r\nshort\nendstream", "5000"};
    gl_buf out;
    gl_error err;
    assert_int_equal(pack(objs, 3, &out, &err), GL_EFORMAT);
    assert_non_null(strstr(err.message, "stream longer than its object"));
    gl_buf_free(&out);
}

static void test_an_empty_stream_is_deflated_too(void **state) {
    (void)state;
    const char *objs[] = {"<<\n/Type /Catalog\n>>", "<<\n/Length 3 0 R\n>>\nstream\r\n\nendstream",
                          "0"};
    gl_buf out;
    gl_error err;
    assert_int_equal(pack(objs, 3, &out, &err), GL_OK);
    char back[16];
    assert_int_equal(inflate_object(&out, 2, back, sizeof back), 0);
    gl_buf_free(&out);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_streams_are_deflated_and_filtered_ones_copied),
        cmocka_unit_test(test_a_stream_longer_than_its_object_is_refused),
        cmocka_unit_test(test_an_empty_stream_is_deflated_too),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
