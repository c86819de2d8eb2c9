/* Small helpers of the command line (src/cli/ only): memory that cannot
 * fail (the tool exits), paths, names as messages show them, the clock. */
#ifndef GL_CLI_UTIL_H
#define GL_CLI_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Writes "galley: out of memory" and ends the process with _exit (exit
 * status 1), which is safe in a forked batch worker as well. */
_Noreturn void gl_cli_out_of_memory(void);

/* realloc that never returns NULL: gl_cli_out_of_memory instead. n == 0
 * allocates 1 byte. */
void *gl_cli_xrealloc(void *p, size_t n);
/* gl_vec_grow (util/vec.h) for the tool: room for `need` elements of
 * `size` bytes in the array at `items_at` (a `T **`), or the tool ends
 * with "out of memory" as gl_cli_xrealloc does. */
void gl_cli_grow(void *items_at, size_t *cap, size_t need, size_t size);

/* "a" + "b" -> "a/b" in a malloc'd string, one slash between (none when
 * either is empty or `a` ends with one): "a" + "" -> "a". */
char *gl_cli_join(const char *a, const char *b);

/* The last part of `path` (after its last slash). */
const char *gl_cli_base_name(const char *path);

/* The length of `path` without its extension (what gl_path_extension
 * finds): "sub/a.md" -> 5, "sub/.profile" -> 12. */
size_t gl_cli_stem_length(const char *path);

/* The longest name gl_cli_url_name gives, without its NUL. */
#define GL_CLI_URL_NAME_MAX 80

/* The name a URL's outputs take in a folder (issue 18): its path's last
 * non-empty segment without the extension ("https://h/a/b.html?x" ->
 * "b"), else its host ("https://example.org/" -> "example.org"), in safe
 * characters only: ASCII letters, digits, '.', '_' and '-'; every run of
 * anything else (percent escapes, spaces, UTF-8) becomes one '-', and
 * dots and dashes at either end go, so no name is hidden, empty, "." or
 * "..". "page" when nothing is left. Written to `buf` (at least
 * GL_CLI_URL_NAME_MAX + 1 bytes); returns buf. */
char *gl_cli_url_name(const char *url, char *buf);

/* Whether gl_cli_url_name's segment says nothing of the page (issue 18):
 * the path is empty ("https://example.org/"), or its last segment has no
 * letter (an id: "/2024/", "/p/12345"), or is a folder's default document
 * ("index.html", "default.aspx", "home", "main.php"), or is a script
 * whose query picks the page ("view.php?id=7"). Such a URL's outputs are
 * named after the page's title once read (gl_cli_title_name), and after
 * its host when that gives nothing. */
bool gl_cli_url_name_generic(const char *url);

/* A title as an output name, in `buf` (at least GL_CLI_URL_NAME_MAX + 1
 * bytes): letters, marks and digits of any script kept (lower case), every
 * run of anything else one '-', none at either end, cut at the end of a
 * word past GL_CLI_URL_NAME_MAX bytes ("Hello, World!" -> "hello-world",
 * "Новости дня" -> "новости-дня"). No '/', '.', control character or
 * space can remain. Empty when the title has no letter or digit. Returns
 * buf. */
char *gl_cli_title_name(const char *title, char *buf);

/* The host of an http or https URL, without user information and port,
 * as `len` bytes at the returned pointer (within `url`). */
const char *gl_cli_url_host(const char *url, size_t *len);

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
