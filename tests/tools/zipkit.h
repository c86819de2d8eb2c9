/* EPUB containers in the unit tests (libzip): opening one from memory and
 * reading its entries, each step asserted. Include after <cmocka.h>. */
#ifndef GL_TESTS_ZIPKIT_H
#define GL_TESTS_ZIPKIT_H

#include <stdlib.h>
#include <zip.h>

/* The archive in data[0, len), checked for consistency; the bytes must
 * outlive it. Close it with zip_close. */
static inline zip_t *tk_zip_open(const void *data, size_t len) {
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    assert_non_null(src);
    zip_t *z = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    assert_non_null(z);
    zip_error_fini(&ze);
    return z;
}

/* The content of entry `index`, malloc'd and NUL-terminated. */
static inline char *tk_zip_entry_at(zip_t *z, zip_uint64_t index) {
    zip_stat_t st;
    assert_int_equal(zip_stat_index(z, index, 0, &st), 0);
    char *data = malloc(st.size + 1);
    assert_non_null(data);
    zip_file_t *f = zip_fopen_index(z, index, 0);
    assert_non_null(f);
    assert_int_equal(zip_fread(f, data, st.size), (zip_int64_t)st.size);
    zip_fclose(f);
    data[st.size] = '\0';
    return data;
}

/* The content of the entry named `name`, as tk_zip_entry_at. */
static inline char *tk_zip_entry(zip_t *z, const char *name) {
    zip_int64_t index = zip_name_locate(z, name, 0);
    assert_true(index >= 0);
    return tk_zip_entry_at(z, (zip_uint64_t)index);
}

#endif
