/* fuzz_ini.c: libFuzzer target for muster.ini through inih. */

#include <stdint.h>
#include <stdlib.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config cfg;
	struct diags  ds;
	int	      rc;

	config_init(&cfg);
	diags_init(&ds);
	rc = config_ini_parse(&cfg, "conf/muster.ini", (const char *)data, size,
	    size & 1, &ds);
	fuzz_check_diags(&ds, rc == -1, "conf/muster.ini", (const char *)data,
	    size);
	diags_free(&ds);
	config_free(&cfg);
	return (0);
}
