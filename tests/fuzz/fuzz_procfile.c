/* fuzz_procfile.c: libFuzzer target for the Procfile parser. */

#include <stdint.h>
#include <stdlib.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct procfile *pf;
	struct diags	 ds;

	diags_init(&ds);
	pf = procfile_parse("Procfile", (const char *)data, size, &ds);
	fuzz_check_diags(&ds, pf == NULL, "Procfile", (const char *)data, size);
	procfile_free(pf);
	diags_free(&ds);
	return (0);
}
