// SPDX-License-Identifier: GPL-2.0
/* Harness self-test: proves the src/ programs are built static for the guest's arch. */
#include <stdio.h>
#include <sys/utsname.h>

int main(void)
{
	struct utsname u;

	if (uname(&u))
		return 1;
	printf("hello-static: running on %s\n", u.machine);
	return 0;
}
