/* Local files a document may name (its images): only at or below the
 * input's folder, after symbolic links are followed (issue 8: nothing leaks
 * out). Shared by the writers that embed files. */
#ifndef GL_UTIL_LOCALFILE_H
#define GL_UTIL_LOCALFILE_H

#include <stdbool.h>
#include "galley/options.h"

/* The folder part of `path` as written (libc's malloc: free() it): what
 * comes before its last '/', "/" when that slash is the first character, ""
 * when it has none; NULL only when memory runs out. The one home of this
 * cut, for the library and the tool alike. */
char *gl_path_dir(const char *path);

/* The real path of the folder holding `path` (libc's malloc: free() it), or
 * NULL when it cannot be resolved. */
char *gl_real_folder_of(const char *path);

/* The real path (libc's malloc) of the file a document's `url` names, read
 * as a path relative to `folder` (a real path; an absolute `url` is taken as
 * it is), percent-decoded, its query and fragment left out. NULL when it is
 * refused: *why then says "not found" or "outside the input's folder", or
 * *nomem is set. A symbolic link counts where it leads. */
char *gl_local_file(const char *folder, const char *url, const gl_allocator *alloc,
                    const char **why, bool *nomem);

/* Whether the local reference `url` (gl_url_is_local) leads at or below
 * `folder` (a real path) when a browser opens the document from there: read
 * as a browser reads a URL (leading and trailing controls and spaces
 * dropped, tabs and newlines ignored, '\\' as '/', query and fragment left
 * out), percent-decoded, its "." and ".." segments removed by their text,
 * then the deepest part of that path that exists resolved by realpath, so a
 * symbolic link counts where it leads and a missing file where its folder
 * is. A "//host" or "\\\\host" network path is never inside. With `folder`
 * NULL (the input's folder is unknown) a relative path is inside unless a
 * ".." climbs out of it, and an absolute one never is. *nomem is set when
 * memory runs out (the answer is then false). */
bool gl_local_ref_inside(const char *folder, const char *url, const gl_allocator *alloc,
                         bool *nomem);

/* What a writer that points at images without embedding them (XHTML, JSON)
 * needs to apply gl_local_ref_inside to each: the input's real folder,
 * found on first use. Zero it before use (`{opt}`), free it after. */
typedef struct gl_local_refs {
    const gl_options *opt; /* its source_path names the input; warnings go to its warn */
    char *folder;          /* libc's malloc, or NULL */
    bool looked;           /* folder was looked for */
} gl_local_refs;

/* Whether an image's `url` may stay in the output: any URL that is not local
 * may (the allowlist decides those), a local one when it leads at or below
 * the input's folder. Otherwise says so through opt->warn, naming `line`,
 * and returns false. */
bool gl_local_refs_image_ok(gl_local_refs *r, const char *url, unsigned long line, bool *nomem);

void gl_local_refs_free(gl_local_refs *r);

#endif
