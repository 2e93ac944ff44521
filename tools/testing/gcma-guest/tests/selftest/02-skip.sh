#!/bin/sh
# Harness self-test: a skipped test.
echo "SKIP: selftest skip reason"
exit 77
