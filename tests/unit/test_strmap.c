/* The library's hash table (util/strmap.h), growable array (util/vec.h)
 * and byte buffer's room for readers (util/buf.h):
 * lookups after growth, keys with equal hashes' neighbours, the cap, and
 * every allocation failing in turn without changing the table. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "galley/galley.h"
#include "util/buf.h"
#include "util/hash.h"
#include "util/strmap.h"
#include "util/vec.h"
#include "../tools/testkit.h"

static void put_get_many(void **state) {
    (void)state;
    gl_strmap m;
    gl_strmap_init(&m, NULL, 0);
    char key[32];
    for (size_t i = 0; i < 5000; i++) {
        int n = snprintf(key, sizeof key, "key-%zu", i);
        bool added = false;
        size_t *at = NULL;
        assert_int_equal(gl_strmap_put(&m, key, (size_t)n, i * 3, &at, &added), GL_OK);
        assert_true(added);
        assert_int_equal(*at, i * 3);
    }
    assert_int_equal(m.count, 5000);
    for (size_t i = 0; i < 5000; i++) {
        int n = snprintf(key, sizeof key, "key-%zu", i);
        size_t v = 0;
        assert_true(gl_strmap_get(&m, key, (size_t)n, &v));
        assert_int_equal(v, i * 3);
    }
    assert_false(gl_strmap_get(&m, "key-5000", 8, NULL));
    assert_false(gl_strmap_get(&m, "key-1", 4, NULL)); /* a prefix of a key is no key */
    /* A second put finds the key and keeps its value; the pointer changes it. */
    size_t *at = NULL;
    bool added = true;
    assert_int_equal(gl_strmap_put(&m, "key-7", 5, 99, &at, &added), GL_OK);
    assert_false(added);
    assert_int_equal(*at, 21);
    *at = 5;
    size_t v = 0;
    assert_true(gl_strmap_get(&m, "key-7", 5, &v));
    assert_int_equal(v, 5);
    gl_strmap_free(&m);
    assert_false(gl_strmap_get(&m, "key-7", 5, NULL));
    assert_int_equal(gl_strmap_put(&m, "again", 5, 1, NULL, NULL), GL_OK);
    gl_strmap_free(&m);
}

static void empty_and_binary_keys(void **state) {
    (void)state;
    gl_strmap m;
    gl_strmap_init(&m, NULL, 0);
    assert_false(gl_strmap_get(&m, "", 0, NULL));
    assert_int_equal(gl_strmap_put(&m, "", 0, 1, NULL, NULL), GL_OK);
    assert_int_equal(gl_strmap_put(&m, "a\0b", 3, 2, NULL, NULL), GL_OK);
    size_t v = 0;
    assert_true(gl_strmap_get(&m, "", 0, &v));
    assert_int_equal(v, 1);
    assert_true(gl_strmap_get(&m, "a\0b", 3, &v));
    assert_int_equal(v, 2);
    assert_false(gl_strmap_get(&m, "a", 1, NULL));
    gl_strmap_free(&m);
}

static void capped(void **state) {
    (void)state;
    gl_strmap m;
    gl_strmap_init(&m, NULL, 2);
    assert_int_equal(gl_strmap_put(&m, "a", 1, 1, NULL, NULL), GL_OK);
    assert_int_equal(gl_strmap_put(&m, "b", 1, 2, NULL, NULL), GL_OK);
    assert_int_equal(gl_strmap_put(&m, "a", 1, 3, NULL, NULL), GL_OK); /* there: no new key */
    assert_int_equal(gl_strmap_put(&m, "c", 1, 3, NULL, NULL), GL_ELIMIT);
    assert_int_equal(m.count, 2);
    assert_false(gl_strmap_get(&m, "c", 1, NULL));
    gl_strmap_free(&m);
}

/* Allocation n fails, for every n until 200 keys go in: each failure is
 * GL_ENOMEM, leaves the table as it was, and the next put succeeds. */
static void every_allocation_failing(void **state) {
    (void)state;
    for (long fail_at = 1; fail_at < 40; fail_at++) {
        tk_failing f = {{tk_failing_malloc, tk_failing_realloc, tk_failing_free, NULL}, 0, 0};
        f.allocator.ctx = &f;
        f.fail_at = fail_at;
        gl_strmap m;
        gl_strmap_init(&m, &f.allocator, 0);
        char key[16];
        size_t failures = 0;
        for (size_t i = 0; i < 200; i++) {
            int n = snprintf(key, sizeof key, "k%zu", i);
            gl_status st = gl_strmap_put(&m, key, (size_t)n, i, NULL, NULL);
            if (st != GL_OK) {
                assert_int_equal(st, GL_ENOMEM);
                failures++;
                assert_int_equal(m.count, i);
                assert_false(gl_strmap_get(&m, key, (size_t)n, NULL));
                assert_int_equal(gl_strmap_put(&m, key, (size_t)n, i, NULL, NULL), GL_OK);
            }
        }
        assert_true(failures <= 1);
        for (size_t i = 0; i < 200; i++) {
            int n = snprintf(key, sizeof key, "k%zu", i);
            size_t v = SIZE_MAX;
            assert_true(gl_strmap_get(&m, key, (size_t)n, &v));
            assert_int_equal(v, i);
        }
        gl_strmap_free(&m);
    }
}

static void vec_grows(void **state) {
    (void)state;
    tk_failing f = {{tk_failing_malloc, tk_failing_realloc, tk_failing_free, NULL}, 0, 0};
    f.allocator.ctx = &f;
    const gl_allocator *a = &f.allocator;
    double *items = NULL;
    size_t cap = 0, count = 0;
    for (size_t i = 0; i < 1000; i++) {
        assert_int_equal(gl_vec_grow(a, &items, &cap, count + 1, sizeof *items), GL_OK);
        items[count++] = (double)i;
    }
    assert_true(cap >= 1000);
    assert_int_equal(cap & (cap - 1), 0); /* doubled from 16 */
    for (size_t i = 0; i < count; i++)
        assert_true(items[i] == (double)i);
    /* A failing allocation leaves the array and its capacity alone. */
    size_t old_cap = cap;
    double *old = items;
    f.fail_at = f.calls + 1;
    assert_int_equal(gl_vec_grow(a, &items, &cap, cap + 1, sizeof *items), GL_ENOMEM);
    assert_ptr_equal(items, old);
    assert_int_equal(cap, old_cap);
    /* Sizes that overflow are refused before any allocation. */
    long calls = f.calls;
    assert_int_equal(gl_vec_grow(a, &items, &cap, SIZE_MAX / 2, sizeof *items), GL_ENOMEM);
    assert_int_equal(gl_vec_grow(a, &items, &cap, SIZE_MAX, 1), GL_ENOMEM);
    assert_int_equal(f.calls, calls);
    assert_int_equal(cap, old_cap);
    gl_free(a, items);
}

/* FNV-1a's published test vectors (the 64-bit offset basis 14695981039346656037). */
static void hash_vectors(void **state) {
    (void)state;
    assert_true(gl_hash_bytes(GL_HASH_INIT, "", 0) == UINT64_C(0xcbf29ce484222325));
    assert_true(gl_hash_bytes(GL_HASH_INIT, "a", 1) == UINT64_C(0xaf63dc4c8601ec8c));
    assert_true(gl_hash_bytes(GL_HASH_INIT, "foobar", 6) == UINT64_C(0x85944171f73967e8));
}

/* A key's offset, kept in place of a copy (the batch state does), still
 * names the key after the slots and the key store have grown. */
static void key_offsets(void **state) {
    (void)state;
    gl_strmap m;
    gl_strmap_init(&m, NULL, 0);
    size_t offsets[3000];
    char key[32];
    for (size_t i = 0; i < 3000; i++) {
        int n = snprintf(key, sizeof key, "out/%zu.pdf", i);
        size_t *at = NULL;
        assert_int_equal(gl_strmap_put(&m, key, (size_t)n, i, &at, NULL), GL_OK);
        offsets[i] = gl_strmap_key_offset(at);
    }
    for (size_t i = 0; i < 3000; i += 7) {
        snprintf(key, sizeof key, "out/%zu.pdf", i);
        assert_string_equal(gl_strmap_key(&m, offsets[i]), key);
        size_t *at = NULL;
        bool added = true;
        assert_int_equal(gl_strmap_put(&m, key, strlen(key), 0, &at, &added), GL_OK);
        assert_false(added);
        assert_int_equal(gl_strmap_key_offset(at), offsets[i]);
    }
    gl_strmap_free(&m);
}

/* gl_buf_room/gl_buf_added, as the tool reads a file and libcurl a page:
 * exactly the room asked of an empty buffer, doubling after, the cap
 * holding, the bytes NUL-terminated. */
static void buf_room(void **state) {
    (void)state;
    gl_buf b;
    gl_buf_init(&b, NULL, 10);
    size_t room = 0;
    char *at = gl_buf_room(&b, 4, &room);
    assert_non_null(at);
    assert_int_equal(b.cap, 64); /* the least a buffer takes */
    assert_int_equal(room, 10);  /* the cap, not the memory, bounds the room */
    memcpy(at, "abcd", 4);
    gl_buf_added(&b, 4);
    assert_string_equal(gl_buf_cstr(&b), "abcd");
    at = gl_buf_room(&b, 1, &room);
    assert_ptr_equal(at, b.data + 4);
    assert_int_equal(room, 6);
    memcpy(at, "efghij", 6);
    gl_buf_added(&b, 6);
    assert_null(gl_buf_room(&b, 1, &room));
    assert_int_equal(b.status, GL_ELIMIT);
    assert_string_equal(gl_buf_cstr(&b), "abcdefghij");
    gl_buf_free(&b);

    gl_buf_init(&b, NULL, 0);
    assert_non_null(gl_buf_room(&b, 100000, &room));
    assert_int_equal(b.cap, 100001); /* a file of its size: no more */
    assert_int_equal(room, 100000);
    gl_buf_added(&b, 100000);
    assert_non_null(gl_buf_room(&b, 1, &room));
    assert_int_equal(b.cap, 200002);
    gl_buf_free(&b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(put_get_many), cmocka_unit_test(empty_and_binary_keys),
        cmocka_unit_test(capped),       cmocka_unit_test(every_allocation_failing),
        cmocka_unit_test(vec_grows),    cmocka_unit_test(hash_vectors),
        cmocka_unit_test(buf_room),     cmocka_unit_test(key_offsets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
