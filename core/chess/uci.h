/* SPDX-License-Identifier: MIT
 *
 * uci.h: the UCI command interpreter behind wf_chess_command().
 */
#ifndef WF_CHESS_UCI_H
#define WF_CHESS_UCI_H
#include "search.h"

int wf_uci_command(wf_chess_engine *e, const char *line, double now_ms);
/* Prints an "info string" line and records it as the error message. */
int wf_uci_error(wf_chess_engine *e, int status, const char *msg, const char *detail, int detail_len);

#endif
