/* What a batch's processes share (batch_shared.h). Lock-free: one
 * compare-and-swap takes or gives back a slot or claims a name, so a
 * worker killed at any moment leaves no lock held, only slots that
 * gl_batch_shared_drop frees. */
/* MAP_ANONYMOUS is not POSIX (Linux and the BSDs have it). */
#define _DEFAULT_SOURCE
#include "cli/batch_shared.h"

#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Hosts the table keeps apart: more than a batch meets in practice. Past
 * them a new host is let through uncounted (each worker still keeps to 2
 * of its own), rather than wait for a slot that cannot be had. */
#define HOSTS 4096
#define SLOTS_MAX 4

typedef struct host_entry {
    _Atomic uint64_t key;           /* a hash of "name:port", 0: unused */
    _Atomic int32_t pid[SLOTS_MAX]; /* holders, 0: free */
} host_entry;

/* Output names, by hash (a clash of two 64-bit hashes is taken as the
 * same name: the later one then takes "-2"). Past NAMES, names are not
 * kept apart across groups; within one group the plan keeps them apart. */
#define NAMES 65536

struct gl_batch_shared {
    unsigned per_host;
    host_entry hosts[HOSTS];
    _Atomic uint64_t names[NAMES];
};

/* FNV-1a of `len` bytes, case folded for host names (`fold`), never 0. */
static uint64_t hash(const char *s, size_t len, bool fold) {
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (fold && c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        h = (h ^ c) * 1099511628211ULL;
    }
    return h ? h : 1;
}

static uint64_t key_of(const char *host) { return hash(host, strlen(host), true); }

bool gl_batch_shared_claim_name(gl_batch_shared *g, const char *stem, size_t len) {
    if (!g)
        return true;
    uint64_t k = hash(stem, len, false);
    for (size_t i = 0; i < NAMES; i++) {
        uint64_t have = 0;
        _Atomic uint64_t *e = &g->names[(k + i) % NAMES];
        if (atomic_compare_exchange_strong(e, &have, k))
            return true;
        if (have == k)
            return false;
    }
    return true;
}

/* The entry of `host`, claimed when new; NULL when the table is full. */
static host_entry *entry_of(gl_batch_shared *g, const char *host) {
    uint64_t k = key_of(host);
    for (size_t i = 0; i < HOSTS; i++) {
        host_entry *e = &g->hosts[(k + i) % HOSTS];
        uint64_t have = atomic_load(&e->key);
        if (have == 0) {
            uint64_t zero = 0;
            if (atomic_compare_exchange_strong(&e->key, &zero, k) || zero == k)
                return e;
            have = zero;
        }
        if (have == k)
            return e;
    }
    return NULL;
}

static bool acquire(void *userdata, const char *host) {
    gl_batch_shared *g = userdata;
    host_entry *e = entry_of(g, host);
    if (!e)
        return true;
    int32_t me = (int32_t)getpid();
    for (unsigned i = 0; i < g->per_host; i++) {
        int32_t free_slot = 0;
        if (atomic_compare_exchange_strong(&e->pid[i], &free_slot, me))
            return true;
    }
    return false;
}

static void release(void *userdata, const char *host) {
    gl_batch_shared *g = userdata;
    host_entry *e = entry_of(g, host);
    int32_t me = (int32_t)getpid();
    for (unsigned i = 0; e && i < g->per_host; i++) {
        int32_t mine = me;
        if (atomic_compare_exchange_strong(&e->pid[i], &mine, 0))
            return;
    }
}

gl_batch_shared *gl_batch_shared_new(unsigned per_host, gl_fetch_gate *gate) {
    memset(gate, 0, sizeof *gate);
    void *p = mmap(NULL, sizeof(gl_batch_shared), PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    gl_batch_shared *g = p; /* mmap gives zeroed pages: every key and slot free */
    g->per_host = per_host < SLOTS_MAX ? per_host : SLOTS_MAX;
    *gate = (gl_fetch_gate){acquire, release, g};
    return g;
}

void gl_batch_shared_drop(gl_batch_shared *g, pid_t pid) {
    for (size_t i = 0; g && i < HOSTS; i++)
        for (unsigned k = 0; k < g->per_host; k++) {
            int32_t held = (int32_t)pid;
            atomic_compare_exchange_strong(&g->hosts[i].pid[k], &held, 0);
        }
}

void gl_batch_shared_free(gl_batch_shared *g) {
    if (g)
        munmap(g, sizeof *g);
}
