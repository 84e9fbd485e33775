/* SPDX-License-Identifier: MIT
 *
 * uci.h: the UCI command interpreter behind wf_chess_command(), and the only
 * place that formats UCI text: the search hands it what it found
 * (wf_search_info, wf_search_result) and uci.c writes the lines.
 */
#ifndef WF_CHESS_UCI_H
#define WF_CHESS_UCI_H
#include "search.h"

int wf_uci_command(wf_chess_engine *e, const char *line, double now_ms);
/* Prints an "info string" line and records it as the error message. */
int wf_uci_error(wf_chess_engine *e, int status, const char *msg, const char *detail, int detail_len);

/* "info depth ... pv ..." */
void wf_uci_report_info(wf_chess_engine *e, const wf_search_info *info);
/* "bestmove ..." (and "info depth 0 ..." when there is no legal move) */
void wf_uci_report_bestmove(wf_chess_engine *e, const wf_search_result *r);
/* "e2e4: 20" of 'go perft', then the total */
void wf_uci_report_perft_move(wf_chess_engine *e, wf_move m, uint64_t count);
void wf_uci_report_perft_total(wf_chess_engine *e, uint64_t total);

#endif
