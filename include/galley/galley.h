/* galley: the whole public API. */
#ifndef GALLEY_GALLEY_H
#define GALLEY_GALLEY_H

#include "galley/export.h"
#include "galley/error.h"
#include "galley/options.h"
#include "galley/io.h"
#include "galley/doc.h"
#include "galley/convert.h"
#include "galley/book.h"
#include "galley/fetch.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GL_VERSION_STRING "0.1.0"

/* The library's version, "0.1.0". */
GL_EXPORT const char *gl_version(void);

#ifdef __cplusplus
}
#endif
#endif
