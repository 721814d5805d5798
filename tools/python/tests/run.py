#!/usr/bin/env python3
"""Runs the Python package's tests (standard library unittest): python3 tools/python/tests/run.py [-k PATTERN].

Needs tools/target/nasmap.jar (mvn -q -B package -DskipTests). Prints `N passed, N failed` as its last
line; exits non-zero when a test fails. `mvn verify` runs it in the tools module's integration-test phase.
"""
import sys
import time
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))

MODULES = ['test_reader', 'test_api', 'test_protocol', 'test_install', 'test_traces']


def main(argv):
    loader = unittest.TestLoader()
    if '-k' in argv:
        loader.testNamePatterns = ['*' + argv[argv.index('-k') + 1] + '*']
    modules = [m for m in MODULES if (HERE / f'{m}.py').is_file()]
    suite = unittest.TestSuite(loader.loadTestsFromName(m) for m in modules)
    start = time.monotonic()
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stderr).run(suite)
    failed_ids = {getattr(t, 'test_case', t).id() for t, _ in result.failures + result.errors}
    failed_ids |= {t.id() for t in result.unexpectedSuccesses}
    skipped = len(result.skipped)
    passed = max(0, result.testsRun - len(failed_ids) - skipped - len(result.expectedFailures))
    sys.stderr.flush()
    print(f'python package tests: {time.monotonic() - start:.1f} s' + (f', {skipped} skipped' if skipped else ''))
    print(f'{passed} passed, {len(failed_ids)} failed', flush=True)
    return 1 if failed_ids or not result.wasSuccessful() else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
