/* Compares two commands that differ by a fraction of a millisecond, on a
 * noisy machine: runs them alternately, N times each (A then B on even
 * rounds, B then A on odd ones, after 20 warm-up pairs), and prints the
 * median wall time of each, the median of the pairwise differences, and the
 * median CPU time (user + system, from wait4) of each. Used for the cost of
 * mapping libgalley.so in docs/architecture.md:
 *
 *   cc -O2 -o interleave bench/interleave.c
 *   chrt -f 50 taskset -c 1 ./interleave 500 seed-text \
 *       old/galley seed.md -t text -o a.txt -- new/galley seed.md -t text -o b.txt
 *
 * Not part of the tests. */
#define _GNU_SOURCE
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

typedef struct sample {
    double wall, cpu; /* milliseconds */
} sample;

/* Runs argv[0] (a path) and waits for it; exits on any failure. */
static sample run(char **argv) {
    struct timespec a, b;
    struct rusage ru;
    pid_t pid;
    int status;
    clock_gettime(CLOCK_MONOTONIC, &a);
    if (posix_spawn(&pid, argv[0], NULL, NULL, argv, environ) != 0) {
        perror(argv[0]);
        exit(1);
    }
    if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "interleave: %s failed\n", argv[0]);
        exit(1);
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    sample s;
    s.wall = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
    s.cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
            (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
    return s;
}

static int by_value(const void *x, const void *y) {
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

static double median(double *v, size_t n) {
    qsort(v, n, sizeof *v, by_value);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv) {
    char **a = argv + 3, **b = NULL;
    for (int i = 3; i < argc; i++)
        if (strcmp(argv[i], "--") == 0 && !b) {
            argv[i] = NULL;
            b = argv + i + 1;
        }
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 0;
    if (n < 1 || !b || !*a || !*b) {
        fprintf(stderr, "usage: interleave N LABEL COMMAND-A... -- COMMAND-B...\n");
        return 2;
    }
    double *v = malloc(5 * (size_t)n * sizeof *v);
    if (!v)
        return 1;
    double *wa = v, *wb = v + n, *ca = v + 2 * n, *cb = v + 3 * n, *d = v + 4 * n;
    for (int i = 0; i < 20; i++) {
        run(a);
        run(b);
    }
    for (long i = 0; i < n; i++) {
        sample sa, sb;
        if (i % 2) {
            sb = run(b);
            sa = run(a);
        } else {
            sa = run(a);
            sb = run(b);
        }
        wa[i] = sa.wall, wb[i] = sb.wall, ca[i] = sa.cpu, cb[i] = sb.cpu;
        d[i] = sb.wall - sa.wall;
    }
    double mwa = median(wa, (size_t)n), mwb = median(wb, (size_t)n), md = median(d, (size_t)n);
    double mca = median(ca, (size_t)n), mcb = median(cb, (size_t)n);
    printf("%s: wall A %.3f ms, B %.3f ms, B-A %+.3f ms (median pairwise %+.3f ms); "
           "cpu A %.3f ms, B %.3f ms, B-A %+.3f ms; n=%ld\n",
           argv[2], mwa, mwb, mwb - mwa, md, mca, mcb, mcb - mca, n);
    free(v);
    return 0;
}
