/*
 * rfile.c - opening a settings file without blocking (see rfile.h).
 */
#include "rfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xmalloc.h"

/* Open a regular file for reading, never blocking (rfile.h). */
FILE *
rfile_open(const char *path, bool *missing, char **cause)
{
	struct stat st;
	FILE *f;
	int fd;

	*missing = false;
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)) == -1) {
		if (errno == ENOENT)
			*missing = true;
		else if (cause != NULL)
			*cause = xasprintf("%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		if (cause != NULL)
			*cause = xasprintf("%s: not a regular file (%s)", path,
			    S_ISDIR(st.st_mode) ? "a directory" :
			    S_ISFIFO(st.st_mode) ? "a FIFO" : "a device or socket");
		close(fd);
		return NULL;
	}
	if ((f = fdopen(fd, "r")) == NULL) {
		if (cause != NULL)
			*cause = xasprintf("%s: %s", path, strerror(errno));
		close(fd);
	}
	return f;
}
