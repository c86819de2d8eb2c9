/* Small helpers of the command line (src/cli/ only): memory that cannot
 * fail (the tool exits), paths, names as messages show them, the clock. */
#ifndef GL_CLI_UTIL_H
#define GL_CLI_UTIL_H

#include <stddef.h>
#include <sys/types.h>

/* Writes "galley: out of memory" and ends the process with _exit (exit
 * status 1), which is safe in a forked batch worker as well. */
_Noreturn void gl_cli_out_of_memory(void);

/* realloc that never returns NULL: gl_cli_out_of_memory instead. n == 0
 * allocates 1 byte. */
void *gl_cli_xrealloc(void *p, size_t n);

/* "a" + "b" -> "a/b" in a malloc'd string, one slash between (none when
 * either is empty or `a` ends with one): "a" + "" -> "a". */
char *gl_cli_join(const char *a, const char *b);

/* The last part of `path` (after its last slash). */
const char *gl_cli_base_name(const char *path);

/* The length of `path` without its extension (what gl_path_extension
 * finds): "sub/a.md" -> 5, "sub/.profile" -> 12. */
size_t gl_cli_stem_length(const char *path);

/* `s` as messages show it, in `buf`: control characters and bytes that are
 * not UTF-8 are written as \n, \t or \xNN, so a file named with a newline
 * cannot forge a line of output; a long one shortened in the middle
 * (gl_utf8_fit). Returns buf. */
const char *gl_cli_printable(const char *s, char *buf, size_t size);

/* What a file that is not regular is, for messages: "a FIFO", "a
 * character device", "a block device", "a socket", else "not a regular
 * file". */
const char *gl_cli_file_kind(mode_t mode);

/* Monotonic seconds. */
double gl_cli_now(void);

#endif
