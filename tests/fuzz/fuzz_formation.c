/* fuzz_formation.c: libFuzzer target for the formation parser. */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct formation *f;
	struct diags	  ds;
	char		 *spec;

	spec = xstrndup((const char *)data, size);
	diags_init(&ds);
	f = formation_parse(spec, "-m", 0, &ds);
	/* One line: every report is at line 0, the option's. */
	fuzz_check_diags(&ds, f == NULL, "-m", "", 0);
	if (f != NULL)
		formation_count(f, "web");
	formation_free(f);
	diags_free(&ds);
	free(spec);
	return (0);
}
