/*
 * config.c - the configuration file (see config.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keymap.h"
#include "rfile.h"
#include "xmalloc.h"

char *
config_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (xdg != NULL && *xdg == '/')
		return xasprintf("%s/rummage/config", xdg);
	if (home != NULL && *home != '\0')
		return xasprintf("%s/.config/rummage/config", home);
	return NULL;
}

/* Trim spaces and a trailing comment ("  # ...") of s in place. */
static char *
config_trim(char *s)
{
	char *e, *hash;

	while (*s == ' ' || *s == '\t')
		s++;
	if ((hash = strstr(s, " #")) != NULL)
		*hash = '\0';
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
	    e[-1] == '\n'))
		*--e = '\0';
	return s;
}

/* Apply "key = value" of section sect; false with *why (owned). */
static bool
config_entry(struct config *cfg, const char *sect, const char *key,
    const char *value, char **why)
{
	enum keymap_action a;
	char *end;
	double d;

	if (strcmp(sect, "main") == 0) {
		if (strcmp(key, "theme") == 0) {
			free(cfg->theme);
			cfg->theme = xstrdup(value);
			return true;
		}
		if (strcmp(key, "threshold") == 0) {
			d = strtod(value, &end);
			if (*end != '\0' || end == value || !(d >= 0 &&
			    d <= 100)) {
				*why = xstrdup("threshold must be 0 to 100");
				return false;
			}
			cfg->threshold = d;
			return true;
		}
		*why = xasprintf("unknown option '%s'", key);
		return false;
	}
	if (strcmp(sect, "key-bindings") == 0) {
		if ((a = keymap_action_find(key)) == KEYMAP_NONE) {
			*why = xasprintf("unknown action '%s'", key);
			return false;
		}
		return keymap_bind(a, value, why);
	}
	*why = xasprintf("unknown section [%s]", sect);
	return false;
}

bool
config_load(struct config *cfg, char **cause)
{
	char *path = config_path(), *line = NULL, *s, *eq, *why = NULL;
	char sect[32] = "main";
	size_t cap = 0;
	int lineno = 0;
	FILE *f;
	bool missing;

	cfg->theme = NULL;
	cfg->threshold = -1;
	if (path == NULL)
		return true;
	if ((f = rfile_open(path, &missing, cause)) == NULL) {
		free(path);
		return missing; /* no config file is fine; a directory is not */
	}
	while (getline(&line, &cap, f) != -1) {
		lineno++;
		s = config_trim(line);
		if (*s == '\0' || *s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			char *e = strchr(s, ']');

			if (e == NULL || e - s - 1 >= (long)sizeof sect) {
				why = xstrdup("bad section header");
				goto fail;
			}
			*e = '\0';
			snprintf(sect, sizeof sect, "%s", s + 1);
			continue;
		}
		if ((eq = strchr(s, '=')) == NULL) {
			why = xstrdup("expected 'key = value'");
			goto fail;
		}
		*eq = '\0';
		if (!config_entry(cfg, sect, config_trim(s), config_trim(eq + 1),
		    &why))
			goto fail;
	}
	free(line);
	fclose(f);
	free(path);
	return true;
fail:
	if (cause != NULL)
		*cause = xasprintf("%s:%d: %s", path, lineno, why);
	free(why);
	free(line);
	fclose(f);
	free(path);
	config_fini(cfg);
	return false;
}

void
config_fini(struct config *cfg)
{
	free(cfg->theme);
	cfg->theme = NULL;
}
