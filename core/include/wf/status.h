/* SPDX-License-Identifier: MIT
 *
 * wf/status.h: the status codes every wasmforge core returns.
 *
 * A wf_status is a small integer: 0 (WF_OK) means success, anything else names
 * one failure. Each core owns a range of codes and lists them, once, in its own
 * X-macro file (core/<core>/status.def); this header turns those lists into the
 * enum, and wf_status_name()/wf_status_message() give the stable string code
 * (what JS puts in WasmforgeError.code) and a one-line English description.
 *
 * Ranges: 1-99 common, 100-199 deflate, 200-299 png, 300-399 jpeg,
 * 400-499 chess, 500-599 resize. A code, once published, keeps its number and its name.
 */
#ifndef WF_STATUS_H
#define WF_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum wf_status {
#define WF_STATUS(sym, num, name, message) sym = num,
#include "../../common/status.def"
#include "../../deflate/status.def"
#include "../../png/status.def"
#include "../../jpeg/status.def"
#include "../../chess/status.def"
#include "../../resize/status.def"
#undef WF_STATUS
    WF_STATUS_END_
} wf_status;

/* wf_status_name() returns the stable code string of a status, such as
 * "DEFLATE_TRUNCATED", or "UNKNOWN_STATUS" for a number no core defines.
 * The string is static; never free it. */
const char *wf_status_name(int status);

/* wf_status_message() returns a static one-line description of a status. */
const char *wf_status_message(int status);

#ifdef __cplusplus
}
#endif
#endif
