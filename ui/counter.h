/*
 * counter.h - counting the result and the facet values of the live query:
 * in line (counter_recount, counter_count_facet) or on the counting
 * thread (counter_start, counter_request, counter_collect), which has its
 * own catalog handle so that the input thread never waits for a slow
 * index. The browser owns the struct counter (br->worker).
 */
#pragma once

#include <stdbool.h>

#include "browser.h"

/* Run the live query in line: the result, sorted. Reports failures. */
void counter_recount(struct browser *br);

/* Count facet f for the current result in line, unless counted already. */
void counter_count_facet(struct browser *br, int f);

/*
 * Start the counting thread on its own handle of db (borrowed); NULL if
 * it cannot. main_cat (borrowed) is the input thread's handle, to check
 * that both see the same index. Free with counter_stop().
 */
struct counter *counter_start(const char *db, struct catalog *main_cat);

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
