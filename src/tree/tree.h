/* The document's private layout, shared by the files of src/tree/. */
#ifndef GL_TREE_TREE_H
#define GL_TREE_TREE_H

#include "galley/doc.h"

typedef struct gl_arena_chunk {
    struct gl_arena_chunk *next;
    size_t size; /* usable bytes after the header */
} gl_arena_chunk;

struct gl_doc {
    gl_allocator alloc;     /* copied from the options, so they need not outlive us */
    gl_arena_chunk *chunks; /* newest first; freed together */
    char *cursor;           /* next free byte in the newest chunk */
    size_t left;            /* bytes left there */
    gl_node *root;
    size_t node_count; /* nodes made, the root included */
    size_t max_nodes;
    gl_status last_status; /* why the last allocation returned NULL */
    const char *meta[GL_META_COUNT];
    const char *meta_source[GL_META_COUNT];
    const char **authors; /* arena array of arena strings */
    size_t author_count, author_cap;
    /* The text gl_node_append_text last grew, and the bytes it may use:
     * joining runs grows it in place, so a paragraph read word by word costs
     * linear time and memory, not a copy per word (issue 8). */
    char *tail;
    size_t tail_cap;
};

#endif
