# SPDX-License-Identifier: GPL-2.0
# Sourced by the tests: defer_reset LIMIT empties the default area's
# defer-free cache (a limit of 0 gives every cached range back) and then
# sets LIMIT.  Tests that change the limit call it when they fail too, so
# that the tests after them start from the boot's state.
defer_reset() {
	echo 0 >/sys/kernel/mm/cma/reserved/defer_free_max_pages &&
		echo "$1" >/sys/kernel/mm/cma/reserved/defer_free_max_pages
}
