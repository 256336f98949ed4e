/*
 * version.c: the version of the library a program actually loaded, which
 * it can compare with the CUSTODY_VERSION of the header it was built with
 * (custody.h states what a version change may break).
 */
#include "base.h"
#include "custody.h"

const char *
custody_version(void)
{
	return CUSTODY_VERSION;
}
