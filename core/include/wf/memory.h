/* SPDX-License-Identifier: MIT
 *
 * wf/memory.h: the allocator the JS layer uses to pass buffers across the
 * Wasm boundary. JS calls wf_malloc() for an input or output buffer, owns it
 * for the length of one call, and releases it with wf_free() in a `finally`.
 * wf_free(NULL) does nothing. Native callers may use malloc/free directly.
 */
#ifndef WF_MEMORY_H
#define WF_MEMORY_H
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

void *wf_malloc(size_t nbytes);
void wf_free(void *ptr);

#ifdef __cplusplus
}
#endif
#endif
