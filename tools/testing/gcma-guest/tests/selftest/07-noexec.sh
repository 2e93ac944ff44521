#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Harness self-test: a test without its executable bit, on purpose (keep it
# mode 644).  init must report it "not executable", not leave it out.
exit 0
