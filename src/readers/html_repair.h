/* Tree repairs after libxml2 2.9's HTML parser, so the DOM is the one a
 * browser builds: html.c calls them once a page is parsed. */
#ifndef GL_READERS_HTML_REPAIR_H
#define GL_READERS_HTML_REPAIR_H

#include <libxml/tree.h>

/* The DOM as a browser builds it, for what libxml2 2.9 builds otherwise:
 * one root element, a body that starts where <head> content ends and
 * holds what follows </body>, and no <noscript> holding the page. */
void gl_html_join_roots(xmlDoc *dom);

#endif
