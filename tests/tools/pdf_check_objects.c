/* Issue 14: a PDF of more than 1,000,000 objects that poppler opens. Builds
 * a file shaped as libharu writes it (a classic cross-reference table),
 * with 1,000,000 small dictionaries before the catalog, the page tree, the
 * page, its font and its content, packs it with gl_pdf_pack (object streams
 * of 10,000 objects at most) and writes it to OUT.pdf for pdfinfo and
 * pdftotext. With every object in one object stream, as before, poppler
 * refused the file ("Too many objects in an object stream").
 *
 *   pdf_check_objects OUT.pdf */
#include <stdio.h>
#include <stdlib.h>
#include "util/buf.h"
#include "writers/pdf_pack.h"

#define FILLERS 1000000

static void die(const char *what) {
    fprintf(stderr, "pdf_check_objects: %s\n", what);
    exit(1);
}

int main(int argc, char **argv) {
    if (argc != 2)
        die("usage: pdf_check_objects OUT.pdf");
    static const char content[] = "BT /F1 12 Tf 72 720 Td (a million objects and more) Tj ET";
    const char *tail[] = {
        "<<\n/Type /Catalog\n/Pages %zu 0 R\n>>",
        "<<\n/Type /Pages\n/Kids [%zu 0 R]\n/Count 1\n>>",
        "<<\n/Type /Page\n/Parent %zu 0 R\n/MediaBox [0 0 612 792]\n/Resources << /Font << /F1 "
        "%zu 0 R >> >>\n/Contents %zu 0 R\n>>",
        "<<\n/Type /Font\n/Subtype /Type1\n/BaseFont /Helvetica\n>>",
    };
    size_t n = FILLERS + 5, root = FILLERS + 1, pages = root + 1, page = root + 2;
    size_t font = root + 3, stream = root + 4;
    size_t *at = calloc(n + 1, sizeof *at);
    gl_buf in;
    gl_buf_init(&in, NULL, 0);
    if (!at)
        die("out of memory");
    gl_buf_puts(&in, "%PDF-1.4\n%\xB7\xBE\xAD\xAA\n");
    for (size_t i = 1; i <= n; i++) {
        at[i] = in.len;
        gl_buf_printf(&in, "%zu 0 obj\n", i);
        if (i <= FILLERS)
            gl_buf_printf(&in, "<<\n/N %zu\n>>", i);
        else if (i == root)
            gl_buf_printf(&in, tail[0], pages);
        else if (i == pages)
            gl_buf_printf(&in, tail[1], page);
        else if (i == page)
            gl_buf_printf(&in, tail[2], pages, font, stream);
        else if (i == font)
            gl_buf_puts(&in, tail[3]);
        else
            gl_buf_printf(&in, "<<\n/Length %zu\n>>\nstream\r\n%s\nendstream", sizeof content - 1,
                          content);
        gl_buf_puts(&in, "\nendobj\n");
    }
    size_t xref = in.len;
    gl_buf_printf(&in, "xref\n0 %zu\n0000000000 65535 f\r\n", n + 1);
    for (size_t i = 1; i <= n; i++)
        gl_buf_printf(&in, "%010zu 00000 n\r\n", at[i]);
    gl_buf_printf(&in, "trailer\n<<\n/Root %zu 0 R\n/Size %zu\n>>\nstartxref\n%zu\n%%%%EOF\n", root,
                  n + 1, xref);
    free(at);
    if (in.status != GL_OK)
        die("out of memory");
    gl_buf out;
    gl_buf_init(&out, NULL, 0);
    gl_error err;
    gl_error_init(&err, NULL);
    if (gl_pdf_pack(in.data, in.len, NULL, &out, &err) != GL_OK)
        die(err.message);
    FILE *f = fopen(argv[1], "wb");
    if (!f || fwrite(out.data, 1, out.len, f) != out.len || fclose(f) != 0)
        die("cannot write the output");
    gl_buf_free(&in);
    gl_buf_free(&out);
    return 0;
}
