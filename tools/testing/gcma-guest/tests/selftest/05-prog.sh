#!/bin/sh
# Harness self-test: the static programs from src/ are in /bin.
hello-static || { echo "FAIL: hello-static did not run"; exit 1; }
