/* PLACEHOLDER: replaced by the real line breaker. */
#include "layout/linebreak.h"
