/*
 * counter.h - answering the live query: one catalog_search() for the
 * result and every facet (disjunctive where the query selects values of
 * the facet's own field), in line (counter_recount) or on the counting
 * thread (counter_start, counter_request, counter_collect), which has its
 * own catalog handle so that the input thread never waits for a slow
 * index. The catalog counts; the answer is installed in the browser's
 * result and facet views. The browser owns the struct counter (br->worker).
 */
#pragma once

#include <stdbool.h>

#include "browser.h"

/* Answer the live query in line: the result and every facet. Reports failures. */
void counter_recount(struct browser *br);

/*
 * Start the counting thread on its own handle of db (borrowed); NULL if
 * it cannot. main_cat (borrowed) is the input thread's handle, to check
 * that both see the same index. Free with counter_stop().
 */
struct counter *counter_start(const char *db, struct catalog *main_cat);

/* True while the counting thread owes an answer (NULL: false). */
bool counter_counting(const struct counter *w);

/* Stop the counting thread (after its current job), free it; NULL: no-op. */
void counter_stop(struct counter *w);

/*
 * Install the counting thread's answer if it is for the latest request.
 * Returns true when something changed on screen.
 */
bool counter_collect(struct browser *br);

/*
 * Ask the counting thread for the live query, then (when wait) wait up
 * to BROWSER_SLOW_MS for the answer.
 */
void counter_request(struct browser *br, bool wait);
