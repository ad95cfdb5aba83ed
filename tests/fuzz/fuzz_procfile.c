/* fuzz_procfile.c: libFuzzer target for the Procfile parser. */

#include <stdint.h>
#include <stdlib.h>

#include "muster.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags	 ds;

	diags_init(&ds);
	procfile_free(procfile_parse("Procfile", (const char *)data, size,
	    &ds));
	diags_free(&ds);
	return (0);
}
