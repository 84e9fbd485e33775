/* SPDX-License-Identifier: MIT
 * memory.c: wf_malloc/wf_free, exported so JS can own buffers in the Wasm heap. */
#include <stdlib.h>
#include "wf/memory.h"

void *wf_malloc(size_t nbytes) { return malloc(nbytes ? nbytes : 1); }

void wf_free(void *ptr) { free(ptr); }
