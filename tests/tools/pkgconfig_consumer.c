/* Built against an installed galley through pkg-config by the install test:
 * proves the headers, library and galley.pc work for a program outside the tree. */
#include <stdio.h>
#include <string.h>
#include <galley/galley.h>

int main(void) {
    gl_doc *doc = NULL;
    gl_error err;
    gl_error_init(&err, "consumer");
    if (gl_doc_new(&doc, NULL, &err) != GL_OK)
        return 1;
    int ok = gl_doc_set_meta(doc, GL_META_TITLE, "ok", 2, "consumer") == GL_OK &&
             strcmp(gl_doc_meta(doc, GL_META_TITLE), "ok") == 0;
    gl_doc_free(doc);
    printf("galley %s: %s\n", gl_version(), ok ? "ok" : "broken");
    return ok ? 0 : 1;
}
