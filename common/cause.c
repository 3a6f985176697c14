#include "cause.h"

#include <stdarg.h>
#include <stddef.h>

#include "xmalloc.h"

/* Format into *cause unless the caller passed NULL. */
void
cause_set(char **cause, const char *fmt, ...)
{
	va_list ap;

	if (cause == NULL)
		return;
	va_start(ap, fmt);
	*cause = xvasprintf(fmt, ap);
	va_end(ap);
}
