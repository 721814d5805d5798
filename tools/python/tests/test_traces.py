"""Replays every client trace (tests/clients/) on nasmap's drop-in, call by call, random draws included.

The traces ran on the full synthetic tss archive of tools/scripts/mkbench.py (seed 1). Regenerating all
15,625 architectures takes minutes, so this test regenerates the meta record (every architecture string)
and only the architectures the traces read (about 500; mkbench seeds each architecture by (seed, index),
so they are the same records), converts that partial archive with the Java CLI and replays the traces on
it. Calls that depend on the whole space (len, random(), query_index_by_arch of any string) see the
whole space, because a nasmap file keeps every architecture string of the space. find_best and
statistics answer over the architectures a file holds; upstream answers them over those it has loaded,
so the trace recorded here with upstream (nasmap-whole-space, tests/record_upstream.py) loads exactly
the architectures of this partial archive first.
"""
import random
import shutil
import sys
import tempfile
import time
import unittest
from pathlib import Path

import traces
from test_reader import JAR, java_command, run

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import nasmap  # noqa: E402

_WORK = None
_FILE = None
_HELD = []
_TRACES = {}


def setUpModule():
    global _WORK, _FILE, _HELD
    if not JAR.is_file():
        raise RuntimeError(f'{JAR} is missing: build it first (mvn -q -B package -DskipTests)')
    _WORK = Path(tempfile.mkdtemp(prefix='nasmap-py-traces-'))
    for path in traces.trace_files():
        _TRACES[path.name] = traces.read_trace(path)
    start = time.monotonic()
    archive = _WORK / 'NATS-tss-v1_0-3ffb9-simple'
    _HELD = traces.make_partial_archive(archive, list(_TRACES.values()))
    made = time.monotonic()
    _FILE = _WORK / 'traces.nasmap'
    run(java_command('convert', str(archive), str(_FILE)))
    print(f'\n    {len(_HELD)} architectures regenerated in {made - start:.1f} s, converted in '
          f'{time.monotonic() - made:.1f} s', end=' ', file=sys.stderr)


def tearDownModule():
    if _WORK is not None:
        shutil.rmtree(_WORK, ignore_errors=True)


class Traces(unittest.TestCase):

    def test_the_traces(self):
        self.assertEqual(sorted(_TRACES), ['edge-paths.jsonl.gz', 'nasmap-whole-space.jsonl.gz',
                                           'random-search-cifar100.jsonl.gz', 'regularized-ea-ImageNet16-120.jsonl.gz',
                                           'regularized-ea-cifar100-full.jsonl.gz', 'reinforce-cifar10.jsonl.gz'])
        calls = {r.get('call') for r in _TRACES['nasmap-whole-space.jsonl.gz']}
        self.assertTrue({'find_best', 'statistics', 'query_meta_info_by_index', 'query_by_index', 'get_net_param',
                         'get_unique_str', 'str2matrix', 'query_info_str_by_arch'} <= calls)

    def replay(self, name):
        records = _TRACES[name]
        api = nasmap.create(str(_FILE), 'tss', fast_mode=True, verbose=False)
        ok, bad = traces.replay(api, records)
        report = '\n'.join(f'  line {n} {call}: {why}' for n, call, why in bad[:10])
        self.assertFalse(bad, f'{name}: {len(bad)} of {len(records)} calls differ from upstream:\n{report}')
        self.assertEqual(ok, len(records))
        calls = sum('call' in r for r in records)
        print(f'\n    {name}: {ok}/{len(records)} calls agree ({calls} calls, '
              f'{sum("raises" in r for r in records)} raising)', end=' ', file=sys.stderr)

    def test_a_changed_answer_or_draw_is_caught(self):
        """The replay is not blind: a wrong number, a missing draw and an extra draw are reported."""
        records = [r for r in _TRACES['edge-paths.jsonl.gz'] if r.get('call') == 'simulate_train_eval'
                   and 'result' in r][:1]
        def fresh():
            return nasmap.create(str(_FILE), 'tss', fast_mode=True, verbose=False)
        self.assertEqual(traces.replay(fresh(), records)[0], 1)
        wrong = [dict(records[0], result=[records[0]['result'][0] * 1.001] + records[0]['result'][1:])]
        self.assertEqual(len(traces.replay(fresh(), wrong)[1]), 1)
        api = fresh()

        class ExtraDraw:
            def __getattr__(self, name):
                def call(*a, **k):
                    random.random()
                    return getattr(api, name)(*a, **k)
                return call
        self.assertIn('random draws', traces.replay(ExtraDraw(), records)[1][0][2])

    def test_whole_space_calls_see_the_whole_space(self):
        api = nasmap.create(str(_FILE), 'tss', fast_mode=True, verbose=False)
        self.assertEqual(len(api), 15625)
        self.assertEqual(api.held_count, len(_HELD))
        random.seed(5)
        got = [api.random() for _ in range(50)]
        random.seed(5)
        self.assertEqual(got, [random.randint(0, 15624) for _ in range(50)])
        not_held = next(i for i in range(15625) if i not in set(_HELD))
        s = api.meta_archs[not_held]
        self.assertEqual(api.query_index_by_arch(s), not_held)
        self.assertEqual(api.query_index_by_arch(traces.Cell(s)), not_held)
        self.assertEqual(api.arch(not_held), s)
        with self.assertRaises(AssertionError):  # as upstream's fast mode for a missing archive file
            api.get_more_info(not_held, 'cifar10')
        self.assertEqual(sorted(api.evaluated_indexes), _HELD)


for _name in [p.name for p in traces.trace_files()]:
    def _test(self, name=_name):
        self.replay(name)
    _test.__name__ = 'test_replay_' + _name.split('.')[0].replace('-', '_')
    setattr(Traces, _test.__name__, _test)
