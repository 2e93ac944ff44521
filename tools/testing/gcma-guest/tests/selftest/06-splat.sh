#!/bin/sh
# Harness self-test: a kernel-log splat fails the boot even when every test
# passes.
echo "WARNING: CPU: 0 PID: 1 at selftest/06-splat.sh synthetic splat" >/dev/kmsg
exit 0
