/* PLACEHOLDER: replaced by the real command line. */
#include <stdio.h>
#include "galley/galley.h"

int main(void) {
    printf("galley %s\n", gl_version());
    return 0;
}
