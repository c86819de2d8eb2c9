/* Atomic output files: commit, abort, failures leave nothing behind. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "util/atomic.h"

typedef struct fixture {
    char dir[64];
    char path[128];
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/gl_atomic_XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof f->path, "%s/out.txt", f->dir);
    *state = f;
    return 0;
}

/* The number of entries in the folder besides . and .. */
static int entries(const char *dir) {
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

static int teardown(void **state) {
    fixture *f = *state;
    DIR *d = opendir(f->dir);
    if (d) {
        for (struct dirent *e; (e = readdir(d));) {
            char p[512];
            snprintf(p, sizeof p, "%s/%s", f->dir, e->d_name);
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
                unlink(p);
        }
        closedir(d);
    }
    rmdir(f->dir);
    free(f);
    return 0;
}

static char *slurp(const char *path) {
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    static char buf[256];
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

static void test_commit_writes_and_renames(void **state) {
    fixture *f = *state;
    gl_atomic_file af;
    gl_error err;
    gl_error_init(&err, NULL);
    assert_int_equal(gl_atomic_open(&af, f->path, 0644, NULL, &err), GL_OK);
    /* The temporary file exists beside the destination, hidden. */
    assert_int_equal(entries(f->dir), 1);
    assert_int_equal(access(f->path, F_OK), -1);
    assert_non_null(strstr(af.tmp, "/.out.txt."));
    gl_sink sink = gl_atomic_sink(&af);
    assert_int_equal(sink.write(sink.userdata, "Hello, ", 7), GL_OK);
    assert_int_equal(sink.write(sink.userdata, "world\n", 6), GL_OK);
    assert_int_equal(gl_atomic_commit(&af, &err), GL_OK);
    assert_string_equal(slurp(f->path), "Hello, world\n");
    assert_int_equal(entries(f->dir), 1);
    struct stat st;
    assert_int_equal(stat(f->path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644);
    gl_atomic_abort(&af); /* after commit: a no-op */
    assert_int_equal(entries(f->dir), 1);
}

static void test_replace_keeps_mode(void **state) {
    fixture *f = *state;
    FILE *fp = fopen(f->path, "w");
    assert_non_null(fp);
    fputs("old", fp);
    fclose(fp);
    assert_int_equal(chmod(f->path, 0640), 0);
    gl_atomic_file af;
    gl_error err;
    gl_error_init(&err, NULL);
    assert_int_equal(gl_atomic_open(&af, f->path, 0644, NULL, &err), GL_OK);
    assert_int_equal(gl_atomic_write(&af, "new", 3), GL_OK);
    assert_string_equal(slurp(f->path), "old"); /* untouched until the commit */
    assert_int_equal(gl_atomic_commit(&af, &err), GL_OK);
    assert_string_equal(slurp(f->path), "new");
    struct stat st;
    assert_int_equal(stat(f->path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
}

static void test_abort_leaves_nothing(void **state) {
    fixture *f = *state;
    gl_atomic_file af;
    gl_error err;
    gl_error_init(&err, NULL);
    assert_int_equal(gl_atomic_open(&af, f->path, 0644, NULL, &err), GL_OK);
    assert_int_equal(gl_atomic_write(&af, "partial", 7), GL_OK);
    gl_atomic_abort(&af);
    assert_int_equal(entries(f->dir), 0);
    gl_atomic_abort(&af); /* twice is fine */
    assert_int_equal(err.status, GL_OK);
}

static void test_abort_keeps_old_destination(void **state) {
    fixture *f = *state;
    FILE *fp = fopen(f->path, "w");
    assert_non_null(fp);
    fputs("old", fp);
    fclose(fp);
    gl_atomic_file af;
    gl_error err;
    gl_error_init(&err, NULL);
    assert_int_equal(gl_atomic_open(&af, f->path, 0644, NULL, &err), GL_OK);
    assert_int_equal(gl_atomic_write(&af, "new", 3), GL_OK);
    gl_atomic_abort(&af);
    assert_string_equal(slurp(f->path), "old");
    assert_int_equal(entries(f->dir), 1);
}

static void test_missing_folder(void **state) {
    fixture *f = *state;
    char path[256];
    snprintf(path, sizeof path, "%s/missing/out.txt", f->dir);
    gl_atomic_file af;
    gl_error err;
    gl_error_init(&err, NULL);
    assert_int_equal(gl_atomic_open(&af, path, 0644, NULL, &err), GL_EIO);
    assert_int_equal(err.status, GL_EIO);
    assert_non_null(strstr(err.message, path));
    assert_non_null(strstr(err.message, "No such file or directory"));
    gl_atomic_abort(&af); /* after a failed open: a no-op */
    assert_int_equal(entries(f->dir), 0);
}

static void test_destination_is_a_folder(void **state) {
    fixture *f = *state;
    assert_int_equal(mkdir(f->path, 0755), 0);
    gl_atomic_file af;
    gl_error err;
    gl_error_init(&err, NULL);
    assert_int_equal(gl_atomic_open(&af, f->path, 0644, NULL, &err), GL_EIO);
    assert_non_null(strstr(err.message, f->path));
    assert_non_null(strstr(err.message, "Is a directory"));
    gl_atomic_abort(&af);
    assert_int_equal(rmdir(f->path), 0);
    assert_int_equal(entries(f->dir), 0);
}

static void test_failed_write_fails_commit(void **state) {
    fixture *f = *state;
    gl_atomic_file af;
    gl_error err;
    gl_error_init(&err, NULL);
    assert_int_equal(gl_atomic_open(&af, f->path, 0644, NULL, &err), GL_OK);
    /* A full disk: /dev/full refuses every write with ENOSPC. */
    close(af.fd);
    af.fd = open("/dev/full", O_WRONLY);
    assert_true(af.fd >= 0);
    assert_int_equal(gl_atomic_write(&af, "x", 1), GL_EIO);
    assert_int_equal(gl_atomic_write_error(&af)->status, GL_EIO);
    assert_non_null(strstr(gl_atomic_write_error(&af)->message, f->path));
    assert_non_null(strstr(gl_atomic_write_error(&af)->message, "No space left on device"));
    assert_int_equal(gl_atomic_write(&af, "y", 1), GL_EIO); /* sticky */
    assert_int_equal(gl_atomic_commit(&af, &err), GL_EIO);
    assert_non_null(strstr(err.message, "No space left on device"));
    assert_int_equal(entries(f->dir), 0);
}

static void test_relative_path(void **state) {
    fixture *f = *state;
    char cwd[512];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(f->dir), 0);
    gl_atomic_file af;
    gl_error err;
    gl_error_init(&err, NULL);
    assert_int_equal(gl_atomic_open(&af, "plain.txt", 0600, NULL, &err), GL_OK);
    assert_int_equal(strncmp(af.tmp, ".plain.txt.", 11), 0);
    assert_int_equal(gl_atomic_write(&af, "ok", 2), GL_OK);
    assert_int_equal(gl_atomic_commit(&af, &err), GL_OK);
    assert_string_equal(slurp("plain.txt"), "ok");
    struct stat st;
    assert_int_equal(stat("plain.txt", &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(chdir(cwd), 0);
    assert_int_equal(entries(f->dir), 1);
}

/* A FIFO (like /dev/null or /dev/stdout) is written in place, never
 * replaced by a regular file. */
static void test_fifo_written_in_place(void **state) {
    fixture *f = *state;
    assert_int_equal(mkfifo(f->path, 0600), 0);
    int reader = open(f->path, O_RDONLY | O_NONBLOCK);
    assert_true(reader >= 0);
    gl_atomic_file af;
    gl_error err;
    gl_error_init(&err, NULL);
    assert_int_equal(gl_atomic_open(&af, f->path, 0644, NULL, &err), GL_OK);
    assert_true(af.direct);
    assert_int_equal(gl_atomic_write(&af, "through", 7), GL_OK);
    assert_int_equal(gl_atomic_commit(&af, &err), GL_OK);
    char buf[16] = {0};
    assert_int_equal(read(reader, buf, sizeof buf - 1), 7);
    assert_string_equal(buf, "through");
    close(reader);
    struct stat st;
    assert_int_equal(lstat(f->path, &st), 0);
    assert_true(S_ISFIFO(st.st_mode));
    assert_int_equal(entries(f->dir), 1);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_commit_writes_and_renames, setup, teardown),
        cmocka_unit_test_setup_teardown(test_replace_keeps_mode, setup, teardown),
        cmocka_unit_test_setup_teardown(test_abort_leaves_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_abort_keeps_old_destination, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_folder, setup, teardown),
        cmocka_unit_test_setup_teardown(test_destination_is_a_folder, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_write_fails_commit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_relative_path, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fifo_written_in_place, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
