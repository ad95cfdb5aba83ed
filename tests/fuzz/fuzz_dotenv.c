/* fuzz_dotenv.c: libFuzzer target for the env-file parser. */

#include <stdint.h>
#include <stdlib.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char *environ_[] = { (char *)"HOME=/root", (char *)"E=", NULL };
	struct diags ds;
	struct env  *env;
	char	   **envp;
	int	     rc;

	diags_init(&ds);
	env = environ_create();
	rc = dotenv_parse(env, ".env", (const char *)data, size, environ_, &ds);
	fuzz_check_diags(&ds, rc == -1, ".env", (const char *)data, size);
	envp = environ_build(env, environ_, "5000", "web.1");
	environ_build_free(envp);
	environ_free(env);
	diags_free(&ds);
	return (0);
}
