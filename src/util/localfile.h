/* Local files a document may name (its images): only at or below the
 * input's folder, after symbolic links are followed (issue 8: nothing leaks
 * out). Shared by the writers that embed files. */
#ifndef GL_UTIL_LOCALFILE_H
#define GL_UTIL_LOCALFILE_H

#include <stdbool.h>
#include "galley/options.h"

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

#endif
