"""Preloaded by a fork server in tests/base/test_batch.py: a fork server that takes seconds to load its modules."""

import time

time.sleep(4)
