/*
 * config.h - the browser's configuration file,
 * $XDG_CONFIG_HOME/rummage/config (else ~/.config/rummage/config), an ini
 * file as foot's:
 *
 *   [main]
 *   theme = light          # a themes/NAME.theme, or a path
 *   threshold = 60         # the starting confidence threshold
 *
 *   [key-bindings]
 *   undo = u Control+z     # see keymap.h for the names
 */
#pragma once

#include <stdbool.h>

struct config {
	char *theme;                  /* owned; NULL: not set */
	double threshold;             /* < 0: not set */
};

/*
 * Read the config file (a missing file is fine) into *cfg and bind its
 * keys. false with *cause (owned, "FILE:LINE: why") on a bad line; *cfg
 * then holds nothing to free.
 */
bool config_load(struct config *cfg, char **cause);
void config_fini(struct config *cfg);

/* The path of the config file (owned), or NULL when HOME is unknown. */
char *config_path(void);
