/* The HTML reader as a module (modules/modules.h): libxml2 is mapped only by
 * processes that read HTML. */
#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>
#include "galley/doc.h"
#include "modules/modules.h"
#include "readers/readers.h"
#include "util/alloc.h"
#include "options.h"

/* libxml2's memory counts against max_memory while a page is read (issue
 * 14). libxml2 2.9 has no allocator per parser context, only the
 * process-wide xmlMemSetup; so its hooks are set once, here, and charge the
 * budget the reading thread watches (util/alloc.h): other threads, and other
 * users of libxml2 in the process, allocate as before. An application that
 * set hooks of its own keeps them, and galley's pages are then not counted.
 *
 * xmlInitParser is not thread-safe; the loader runs this once, before any
 * reader does. */
static void init(void) {
    xmlFreeFunc f;
    xmlMallocFunc m;
    xmlReallocFunc r;
    xmlStrdupFunc s;
    if (xmlMemGet(&f, &m, &r, &s) == 0 && f == free && m == malloc && r == realloc)
        xmlMemSetup(gl_counted_free, gl_counted_malloc, gl_counted_realloc, gl_counted_strdup);
    xmlInitParser();
}

/* libxml2's errors outside a parser's context ("Memory allocation failed :
 * growing buffer") go to stderr unless a handler takes them; the parser's
 * own are read from its context (html.c). */
static void quiet(void *ctx, xmlErrorPtr e) {
    (void)ctx;
    (void)e;
}

/* gl_read_html with libxml2's allocations charged to a budget of
 * max_memory: past it, the limit's error, even when libxml2 went on
 * without what it was refused (an attribute, a node). The handler and the
 * budget are this thread's, put back when done. */
static gl_status read_html(gl_doc **out, const gl_input *in, const gl_options *opt, gl_error *err) {
    gl_options defaults;
    opt = gl_options_or_defaults(opt, &defaults);
    gl_budget budget;
    gl_budget_init(&budget, NULL, opt->max_memory);
    gl_budget *outer = gl_budget_watch(&budget);
    xmlStructuredErrorFunc handler = xmlStructuredError;
    void *handler_ctx = xmlStructuredErrorContext;
    xmlSetStructuredErrorFunc(NULL, quiet);
    gl_status st = gl_read_html(out, in, opt, err);
    xmlSetStructuredErrorFunc(handler_ctx, handler);
    gl_budget_watch(outer);
    if (!budget.exceeded)
        return st;
    gl_doc_free(*out);
    *out = NULL;
    return gl_budget_fail(err, opt->max_memory);
}

static const gl_module_format formats[] = {{"html", read_html, NULL}, {NULL, NULL, NULL}};

GL_MODULE_TABLE const gl_html_module gl_module_html = {
    {GL_ABI_STAMP, init, formats},
    gl_html_map_fragment,
};
