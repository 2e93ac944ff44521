#!/bin/sh
# Harness self-test: a failing test (used to check that failures are reported).
echo "FAIL: selftest failure reason"
exit 1
