/* SPDX-License-Identifier: MIT
 * status.c: the one table from wf_status numbers to code strings and messages. */
#include "wf/status.h"

typedef struct status_entry {
    int number;
    const char *name;
    const char *message;
} status_entry;

static const status_entry status_table[] = {
#define WF_STATUS(sym, num, name, message) {num, name, message},
#include "status.def"
#include "../deflate/status.def"
#include "../png/status.def"
#include "../jpeg/status.def"
#include "../chess/status.def"
#include "../resize/status.def"
#undef WF_STATUS
};

static const status_entry *find_status(int status)
{
    for (unsigned i = 0; i < sizeof(status_table) / sizeof(status_table[0]); i++)
        if (status_table[i].number == status)
            return &status_table[i];
    return 0;
}

const char *wf_status_name(int status)
{
    const status_entry *e = find_status(status);
    return e ? e->name : "UNKNOWN_STATUS";
}

const char *wf_status_message(int status)
{
    const status_entry *e = find_status(status);
    return e ? e->message : "unknown status";
}
