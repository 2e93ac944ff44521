#!/bin/sh
# Harness self-test: a test that outlives gcmatest.timeout=.
sleep 100000
