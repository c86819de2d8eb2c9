#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void gl_error_init(gl_error *err, const char *file) {
    if (!err)
        return;
    err->status = GL_OK;
    err->line = 0;
    err->message[0] = '\0';
    err->file[0] = '\0';
    if (file)
        snprintf(err->file, sizeof err->file, "%s", file);
}

const char *gl_status_text(gl_status status) {
    switch (status) {
    case GL_OK:
        return "success";
    case GL_ENOMEM:
        return "out of memory";
    case GL_EIO:
        return "input/output error";
    case GL_EPARSE:
        return "cannot parse the input";
    case GL_ELIMIT:
        return "a limit was exceeded";
    case GL_EFORMAT:
        return "unsupported format";
    case GL_ESINK:
        return "cannot write the output";
    case GL_EINVAL:
        return "invalid argument";
    case GL_EFONT:
        return "no usable font";
    }
    return "unknown error";
}

gl_status gl_fail(gl_error *err, gl_status status, unsigned long line, const char *fmt, ...) {
    if (!err)
        return status;
    if (err->status != GL_OK)
        return err->status;
    err->status = status;
    err->line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return status;
}

void gl_warnf(const gl_options *opt, const char *file, unsigned long line, const char *fmt, ...) {
    if (!opt || !opt->warn)
        return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* Writers do not know the input's name; the input's path stands in, so
     * every warning names its file. */
    opt->warn(opt->warn_userdata, file ? file : opt->source_path, line, msg);
}
