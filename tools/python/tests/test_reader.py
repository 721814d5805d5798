#!/usr/bin/env python3
"""Tests of the Python nasmap reader (standard library unittest; run: python3 tools/python/tests/test_reader.py).

For each of the four real samples: convert it with the Java CLI (tools/target/nasmap.jar, built by
`mvn package`), answer the parity queries of the supported operations (lines with is_random true left
out) and a grid of edge-case queries with both the Java `query` command and the Python reader, and require
the same key sets, every number bit for bit equal, and errors in the same places; the Python answers
must also match upstream's recorded answers by tools/scripts/parity-compare.py's rule (2e-6). Then corrupt
files: each must fail to open (or to answer) with a clear error naming the file.

Prints `N passed, N failed` as its last line; exits non-zero when a test fails.
"""
import json
import math
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent.parent   # tools/python
TOOLS = HERE.parent                             # tools
REPO = TOOLS.parent
JAR = TOOLS / 'target' / 'nasmap.jar'
PARITY = TOOLS / 'src' / 'test' / 'resources' / 'parity'
COMPARE = TOOLS / 'scripts' / 'parity-compare.py'
RESOURCES = REPO / 'writer' / 'src' / 'test' / 'resources'
SAMPLES = {
    'tss-sample': RESOURCES / 'nats-sample' / 'NATS-tss-v1_0-3ffb9-simple',
    'sss-sample': RESOURCES / 'nats-sample' / 'NATS-sss-v1_0-50262-simple',
    'nb201-legacy': RESOURCES / 'nb201-sample' / 'NAS-Bench-201-sample-legacy.pth',
    'nb201-zip': RESOURCES / 'nb201-sample' / 'NAS-Bench-201-sample-zip.pth',
}
CLI = [sys.executable, '-m', 'nasmap']  # run with the package's folder on PYTHONPATH (set below)
REL = 1e-12

sys.path.insert(0, str(HERE))
os.environ['PYTHONPATH'] = os.pathsep.join([str(HERE)] + [p for p in [os.environ.get('PYTHONPATH')] if p])
import nasmap  # noqa: E402

SUPPORTED = set(nasmap.SUPPORTED_OPS)


def java_command(*args):
    home = os.environ.get('JAVA_HOME')
    java = str(Path(home) / 'bin' / 'java') if home and (Path(home) / 'bin' / 'java').exists() else 'java'
    return [java, '--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED', '-XX:TieredStopAtLevel=1',
            '-XX:+UseSerialGC', '-jar', str(JAR), *args]


def run(cmd, stdin=None):
    p = subprocess.run(cmd, input=stdin, capture_output=True, text=True, encoding='utf-8')
    if p.returncode != 0:
        raise AssertionError(f'{" ".join(map(str, cmd))} failed ({p.returncode}):\n{p.stderr[-2000:]}')
    return p.stdout


def is_random(q):
    """True when the query draws a random seed (is_random true, or get_more_info's default)."""
    r = q.get('is_random', None)
    return r is True or (r is None and q.get('op') == 'get_more_info')


# ---------------------------------------------------------------------------------------------- fixture

_WORK = None
_FILES = {}      # sample -> converted .nasmap path
_JAVA = {}       # sample -> list of Java answer lines, for parity + edge queries
_QUERIES = {}    # sample -> (parity queries, parity expected, edge queries)


def parity_lines(name):
    """The parity fixture's (query, expected) lines of supported ops, random lines left out."""
    queries = (PARITY / f'{name}.queries.jsonl').read_text(encoding='utf-8').splitlines()
    expected = (PARITY / f'{name}.expected.jsonl').read_text(encoding='utf-8').splitlines()
    assert len(queries) == len(expected), name
    out_q, out_e = [], []
    for q, e in zip(queries, expected):
        d = json.loads(q)
        if d.get('op') in SUPPORTED and not is_random(d):
            out_q.append(q)
            out_e.append(e)
    return out_q, out_e


def edge_queries(api):
    """Edge cases and a grid of the supported ops, none random, over the held architectures and one that
    is not held; the same lines go to both readers."""
    held = [int(i) for i in np.flatnonzero(api.arch_hp)]
    n = len(api)
    not_held = next(i for i in range(n) if i not in held)
    qs = []

    def add(**kw):
        qs.append(json.dumps(kw))

    add(op='len')
    for i in held + [not_held, 0, 1, n - 1, n, -1, 2 ** 31, -2 ** 31 - 1, 2 ** 70]:
        add(op='arch', index=i)
    for bad in ('x', None, 1.0, True, [0]):
        add(op='arch', index=bad)
    add(op='arch')
    add(op='arch', arch=0)
    first = api.arch(held[0])
    for i in held + [not_held, 0, n - 1]:
        add(op='query_index_by_arch', arch=api.arch(i))
        add(op='query_index_by_arch', arch=i)
    for s in ('', 'x', '|none~0|', '\u00e9', '\ud800', '\U0001F600', first + ' ', first[:-1], first.upper()):
        add(op='query_index_by_arch', arch=s)
    for bad in (n, -1, 2 ** 40, None, True, 1.5):
        add(op='query_index_by_arch', arch=bad)
    add(op='query_index_by_arch', index=0)
    # arguments
    base = dict(index=held[0], dataset='cifar10-valid', hp='200')
    for k, v in [('index', first), ('index', first + 'x'), ('index', None), ('index', 1.0), ('index', not_held),
                 ('dataset', None), ('dataset', 'imagenet'), ('dataset', 'CIFAR10'), ('dataset', 3),
                 ('hp', None), ('hp', 12), ('hp', 200), ('hp', '1'), ('hp', 13), ('hp', 12.0), ('hp', True),
                 ('hp', 2 ** 40), ('hp', 'full'), ('iepoch', None), ('iepoch', -1), ('iepoch', 1.0),
                 ('iepoch', '3'), ('iepoch', True), ('iepoch', 2 ** 40), ('is_random', False), ('is_random', 777),
                 ('is_random', '777'), ('is_random', 777.0), ('is_random', 2 ** 40), ('is_random', -1)]:
        for op in ('get_more_info', 'get_metrics', 'get_cost_info'):
            takes = {'get_more_info': ('iepoch', 'is_random'), 'get_metrics': ('setname', 'iepoch', 'is_random'),
                     'get_cost_info': ()}[op]
            if k in ('iepoch', 'is_random') and k not in takes:
                continue  # a field the op does not take: the protocol's own error (tested in test_protocol)
            d = dict(base, op=op)
            if op == 'get_metrics':
                d['setname'] = 'x-valid'
            if 'is_random' in takes:
                d.setdefault('is_random', False)
            d[k] = v
            if op == 'get_more_info' and is_random(d):
                continue
            add(**d)
    add(op='get_more_info', arch=held[0], dataset='cifar100', hp='200', is_random=False)
    add(op='get_more_info', arch=first, dataset='cifar100', hp='200', is_random=False)
    add(op='get_more_info', dataset='cifar100', hp='200', is_random=False)
    for s in (None, 'valid', 'test', 'VALID', 'x_valid', 5):
        add(op='get_metrics', index=held[0], dataset='cifar100', hp='200', setname=s)
    add(op='get_metrics', index=held[0], dataset='cifar100', hp='200')
    # the grid: every dataset and hp (both forms) of the held architectures, plus what is absent
    file_hps = [h for h in api.hps] + [nasmap.HP_EPOCHS[nasmap.HPS.index(h)] for h in api.hps]
    absent_hps = [h for h in nasmap.HPS if h not in api.hps][:1]
    for a in held + [not_held]:
        for ds in list(nasmap.DATASETS) + ['imagenet']:
            for hp in (file_hps if a != not_held and ds != 'imagenet' else file_hps[:1]) + absent_hps:
                add(op='get_cost_info', index=a, dataset=ds, hp=hp)
                for ie in (None, 0, 1, 5, 11, 12, 89, 90, 199, 200):
                    for r in (False, 777, 888, 999, 111, 0):
                        add(op='get_more_info', index=a, dataset=ds, hp=hp, iepoch=ie, is_random=r)
                for ie in (None, 0, 11, 89, 199, 200):
                    for r in (False, 777, 888):
                        for s in ('train', 'x-valid', 'x-test', 'ori-test', 'valid'):
                            add(op='get_metrics', index=a, dataset=ds, hp=hp, setname=s, iepoch=ie, is_random=r)
    # malformed lines that every version of the protocol refuses (the exact texts: test_protocol)
    qs += ['not json', '[1, 2]', '{"op": 5}', '{}', '{"op": "len", }', '{"op": "arch", "index": NaN}',
           '{"op": "get_cost_info", "index": %d, "dataset": "cifar10", "hp": Infinity}' % held[0],
           '  {"op": "len"}', '"len"']
    return qs


def setUpModule():
    global _WORK
    if not JAR.is_file():
        raise RuntimeError(f'{JAR} is missing: build it first (mvn -q -B package -DskipTests)')
    _WORK = Path(tempfile.mkdtemp(prefix='nasmap-py-test-'))
    for name, source in SAMPLES.items():
        out = _WORK / f'{name}.nasmap'
        run(java_command('convert', str(source), str(out)))
        _FILES[name] = out
        pq, pe = parity_lines(name)
        with nasmap.open(out) as api:
            eq = edge_queries(api)
        _QUERIES[name] = (pq, pe, eq)
        answers = run(java_command('query', str(out)), '\n'.join(pq + eq) + '\n').splitlines()
        assert len(answers) == len(pq) + len(eq), f'{name}: {len(answers)} Java answers for {len(pq) + len(eq)} queries'
        _JAVA[name] = answers


def tearDownModule():
    if _WORK is not None:
        shutil.rmtree(_WORK, ignore_errors=True)


# ---------------------------------------------------------------------------------------------- comparison


def same_answer(j, p):
    """None when the Java answer j and the Python answer p agree (errors in the same places, identical key
    sets, numbers within 1e-12 relative, other values equal); else a description."""
    if not isinstance(j, dict) or not isinstance(p, dict):
        return 'not an object'
    if ('error' in j) != ('error' in p):
        return 'error in one reader only'
    if 'error' in j:
        return None
    if set(j) != set(p):
        return f'keys differ: {sorted(set(j) ^ set(p))}'
    for k, a in j.items():
        b = p[k]
        if isinstance(a, bool) or isinstance(b, bool) or not isinstance(a, (int, float)) or \
                not isinstance(b, (int, float)):
            if a != b or type(a) is not type(b):
                return f'{k}: {a!r} vs {b!r}'
        elif isinstance(a, int) != isinstance(b, int):
            return f'{k}: {a!r} vs {b!r} (integer in one only)'
        elif not math.isclose(a, b, rel_tol=REL, abs_tol=0.0):
            return f'{k}: {a!r} vs {b!r}'
    return None


def compare_lines(queries, java, python):
    """(mismatch descriptions, numbers compared, numbers bit-identical, errors)."""
    bad, numbers, exact, errors = [], 0, 0, 0
    for q, jl, pl in zip(queries, java, python):
        j, p = json.loads(jl), json.loads(pl)
        why = same_answer(j, p)
        if why:
            bad.append(f'{q}\n    java   {jl[:300]}\n    python {pl[:300]}\n    ({why})')
            continue
        if 'error' in j:
            errors += 1
            continue
        for k, a in j.items():
            if isinstance(a, (int, float)) and not isinstance(a, bool):
                numbers += 1
                exact += a == p[k]
    if len(java) != len(python):
        bad.append(f'{len(java)} Java answers, {len(python)} Python answers')
    return bad, numbers, exact, errors


def same_bytes(java, python):
    """(answer lines that are not errors, of those byte-identical to Java's, error lines byte-identical)."""
    answers = identical = identical_errors = 0
    for jl, pl in zip(java, python):
        if jl.startswith('{"error":'):
            identical_errors += jl == pl
        else:
            answers += 1
            identical += jl == pl
    return answers, identical, identical_errors


def python_cli(path, lines):
    return run([*CLI, 'query', str(path)], '\n'.join(lines) + '\n').splitlines()


# ---------------------------------------------------------------------------------------------- parity


class Parity(unittest.TestCase):
    """Generated per sample below."""

    def check_matches_java(self, name):
        pq, _, _ = _QUERIES[name]
        java = _JAVA[name][:len(pq)]
        python = python_cli(_FILES[name], pq)
        bad, numbers, exact, errors = compare_lines(pq, java, python)
        self.assertFalse(bad, f'{len(bad)}/{len(pq)} answers differ from Java:\n' + '\n'.join(bad[:8]))
        self.assertGreater(errors, 0, 'the fixture exercises errors')
        self.assertEqual(exact, numbers, 'every number bit for bit equal to the Java reader')
        answers, identical, identical_errors = same_bytes(java, python)
        self.assertEqual(identical, answers, 'every answer line byte for byte equal to the Java one')
        print(f'\n    {name}: {len(pq)} parity queries, {errors} errors, {exact}/{numbers} numbers bit-identical '
              f'to Java, {identical}/{answers} answer lines and {identical_errors}/{errors} error lines '
              f'byte-identical', end=' ', file=sys.stderr)

    def check_matches_upstream(self, name):
        pq, pe, _ = _QUERIES[name]
        python = python_cli(_FILES[name], pq)
        d = _WORK / f'{name}.compare'
        d.mkdir(exist_ok=True)
        (d / 'expected').write_text('\n'.join(pe) + '\n', encoding='utf-8')
        (d / 'got').write_text('\n'.join(python) + '\n', encoding='utf-8')
        (d / 'queries').write_text('\n'.join(pq) + '\n', encoding='utf-8')
        p = subprocess.run([sys.executable, str(COMPARE), str(d / 'expected'), str(d / 'got'), str(d / 'queries')],
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stdout[-3000:] + p.stderr[-2000:])
        self.assertIn(f'{len(pq)}/{len(pq)} answers match upstream', p.stdout)

    def check_edge_queries_match_java(self, name):
        pq, _, eq = _QUERIES[name]
        java = _JAVA[name][len(pq):]
        with nasmap.open(_FILES[name]) as api:
            engine = nasmap.QueryEngine(api)
            python = [nasmap.encode_answer(engine.answer(q)) for q in eq]
        bad, numbers, exact, errors = compare_lines(eq, java, python)
        self.assertFalse(bad, f'{len(bad)}/{len(eq)} answers differ from Java:\n' + '\n'.join(bad[:8]))
        self.assertGreater(numbers, 1000)
        self.assertEqual(exact, numbers, 'every number bit for bit equal to the Java reader')
        answers, identical, identical_errors = same_bytes(java, python)
        self.assertEqual(identical, answers, 'every answer line byte for byte equal to the Java one')
        print(f'\n    {name}: {len(eq)} edge/grid queries, {errors} errors, {exact}/{numbers} numbers '
              f'bit-identical to Java, {identical}/{answers} answer lines and {identical_errors}/{errors} error '
              f'lines byte-identical', end=' ', file=sys.stderr)

    def check_api_matches_protocol(self, name):
        """The Python API's methods give the protocol's answers (same values, None for null)."""
        pq, _, eq = _QUERIES[name]
        with nasmap.open(_FILES[name]) as api:
            engine = nasmap.QueryEngine(api)
            checked = 0
            for line in pq + eq:
                try:
                    q = json.loads(line)
                except ValueError:
                    continue
                if not isinstance(q, dict) or q.get('op') not in SUPPORTED or not isinstance(q.get('index', 0), int):
                    continue
                want = engine.answer(line)
                call = api_call(api, q)
                if call is None:
                    continue
                try:
                    got = call()
                except nasmap.NasmapQueryError as e:
                    self.assertIsInstance(e, KeyError)
                    self.assertIsInstance(e, ValueError)
                    got = {'error': str(e)}
                if 'error' in want:
                    self.assertIn('error', got, line)
                else:
                    self.assertEqual(want, got if isinstance(got, dict) else {_RESULT_KEY[q['op']]: got}, line)
                checked += 1
            self.assertGreater(checked, 1000)

    def check_random_is_one_seed(self, name):
        """is_random=True answers the answer of one of the group's seeds (upstream draws one)."""
        queries = (PARITY / f'{name}.queries.jsonl').read_text(encoding='utf-8').splitlines()
        with nasmap.open(_FILES[name], random_seed=7) as api:
            engine = nasmap.QueryEngine(api)
            checked = 0
            for line in queries:
                q = json.loads(line)
                if q.get('op') not in ('get_more_info', 'get_metrics'):
                    continue
                # the fixtures hold no random line: make one of each (and get_more_info's default)
                q['is_random'] = True
                if q['op'] == 'get_more_info' and checked % 2:
                    del q['is_random']
                line = json.dumps(q)
                try:
                    seeds = api._seeds(q['index'], q['dataset'], q.get('hp', '12'))
                except nasmap.NasmapError:
                    seeds = []
                options = [engine.answer(json.dumps(dict(q, is_random=s))) for s in seeds]
                self.assertTrue(is_random(q))
                for _ in range(3):
                    got = engine.answer(line)
                    if 'error' in got:
                        self.assertTrue(not options or any('error' in o for o in options), line)
                    else:
                        self.assertIn(got, options, line)
                    checked += 1
            self.assertGreater(checked, 100)


_RESULT_KEY = {'len': 'len', 'arch': 'arch', 'query_index_by_arch': 'index'}


def api_call(api, q):
    """A zero-argument callable making the API call of a protocol query, or None when the query's arguments
    are not ones the API takes in that form."""
    op = q['op']
    kw = {}
    for k in ('iepoch', 'hp', 'is_random'):
        if k in q and q[k] is not None:
            kw[k] = q[k]
    if op == 'len':
        return lambda: len(api)
    if op == 'arch':
        return (lambda: api.arch(q['index'])) if nasmap._file.is_int(q.get('index')) else None
    if op == 'query_index_by_arch':
        a = q.get('arch')
        return (lambda: api.query_index_by_arch(a)) if isinstance(a, str) or nasmap._file.is_int(a) else None
    if 'index' not in q or not isinstance(q.get('dataset'), str):
        return None
    if op == 'get_more_info':
        return lambda: api.get_more_info(q['index'], q['dataset'], **kw)
    if op == 'get_metrics':
        return lambda: api.get_metrics(q['index'], q['dataset'], q.get('setname'), **kw)
    if op == 'get_cost_info':
        kw.pop('iepoch', None)
        kw.pop('is_random', None)
        return lambda: api.get_cost_info(q['index'], q['dataset'], **kw)
    return None


def _generate():
    for name in SAMPLES:
        slug = name.replace('-', '_')
        for check in ('matches_java', 'matches_upstream', 'edge_queries_match_java', 'api_matches_protocol',
                      'random_is_one_seed'):
            def test(self, name=name, check=check):
                getattr(self, 'check_' + check)(name)
            test.__name__ = f'test_{slug}_{check}'
            test.__doc__ = f'{name}: {check.replace("_", " ")}'
            setattr(Parity, test.__name__, test)


_generate()


# ---------------------------------------------------------------------------------------------- API


class Api(unittest.TestCase):

    def setUp(self):
        self.api = nasmap.open(_FILES['tss-sample'])
        self.addCleanup(self.api.close)

    def test_every_architecture_round_trips_through_the_lookup_table(self):
        api = self.api
        self.assertEqual(len(api), 15625)
        for i in range(len(api)):
            self.assertEqual(api.query_index_by_arch(api.arch(i)), i)
        self.assertEqual(api.query_index_by_arch('|nor_conv_3x3~0|'), -1)

    def test_fnv1a_over_utf16_code_units(self):
        # FNV-1a 64 of the bytes 61 00 (UTF-16LE "a"); a non-BMP character hashes as its surrogate pair
        h = 0xcbf29ce484222325
        for b in (0x61, 0x00):
            h = ((h ^ b) * 0x100000001b3) % 2 ** 64
        self.assertEqual(nasmap.arch_hash('a'), h)
        self.assertEqual(nasmap.arch_hash('\U0001F600'), nasmap.arch_hash('\ud83d\ude00'))

    def test_errors_are_key_and_value_errors(self):
        api = self.api
        for call in (lambda: api.arch(len(api)), lambda: api.get_more_info(0, 'imagenet'),
                     lambda: api.get_metrics(0, 'cifar10', 'x-valid', hp='200'),
                     lambda: api.get_cost_info(1, 'cifar10'), lambda: api.get_more_info(0, 'cifar10', hp='01'),
                     lambda: api.get_metrics(0, 'cifar10', 'train', iepoch=12, hp='12'),
                     lambda: api.get_metrics(0, 'cifar10', 'train', is_random=123)):
            with self.assertRaises(KeyError):
                call()
            with self.assertRaises(ValueError):
                call()

    def test_defaults_and_argument_forms(self):
        api = self.api
        a = api.get_metrics(11, 'cifar10-valid', 'x-valid')
        self.assertEqual(a, api.get_metrics(11, 'cifar10-valid', 'valid', None, 12, False))
        self.assertEqual(a, api.get_metrics(api.arch(11), 'cifar10-valid', 'x-valid', hp='12', is_random=False))
        self.assertEqual(a, api.get_metrics(np.int64(11), 'cifar10-valid', 'x-valid', is_random=None))
        self.assertEqual(set(a), {'iepoch', 'loss', 'accuracy', 'cur_time', 'all_time'})
        self.assertEqual(a['iepoch'], 11.0)
        info = api.get_more_info(11, 'cifar100', hp='200', is_random=False)
        self.assertEqual([k for k in info if k.endswith('-loss')], ['train-loss', 'valid-loss', 'test-loss',
                                                                      'valtest-loss'])
        seed = api.get_more_info(11, 'cifar100', hp='200', is_random=777)
        self.assertIn(api.get_more_info(11, 'cifar100', hp='200'),
                      [api.get_more_info(11, 'cifar100', hp='200', is_random=s) for s in (777, 888, 999)])
        self.assertNotEqual(info, seed)
        cost = api.get_cost_info(11, 'cifar10', hp=200)
        self.assertEqual(list(cost)[:3], ['flops', 'params', 'latency'])

    def test_means_are_sequential_float64_sums_of_widened_float32(self):
        """get_metrics' mean: float32 values widened to float64, summed in seed order, divided at the end;
        all_time: the per-epoch times summed in epoch order (a constant time: value * (iepoch + 1))."""
        api = self.api
        first, n, _ = api._group(11, 3, nasmap.CIFAR100)
        loss = all_time = 0.0
        for i in range(n):
            t = api.trials[first + i]
            slots = api.layout._shapes[t['shape']][4]
            kind, off, _, _ = slots[nasmap.TRAIN * 4 + nasmap.LOSS]
            self.assertEqual(kind, nasmap.DENSE)
            loss += float(api.values[t['values_offset'] + off + 5])
            kind, off, _, _ = slots[nasmap.TRAIN * 4 + nasmap.TIME]
            if kind == nasmap.CONSTANT:
                all_time += float(api.values[t['values_offset'] + off]) * 6
            else:
                s = 0.0
                for e in range(6):
                    s += float(api.values[t['values_offset'] + off + e])
                all_time += s
        got = api.get_metrics(11, 'cifar100', 'train', iepoch=5, hp='200')
        self.assertEqual(got['loss'], loss / n)
        self.assertEqual(got['all_time'], all_time / n)

    def test_closed_file_refuses_queries(self):
        api = nasmap.open(_FILES['tss-sample'])
        api.close()
        self.assertTrue(api.closed)
        with self.assertRaises(ValueError):
            api.arch(0)
        with self.assertRaises(ValueError):
            api.get_more_info(11, 'cifar10', is_random=False)

    def test_open_reads_no_data_section(self):
        api = self.api
        # the numpy views share the mapping: no copy
        for arr in (api.values, api.latencies, api.trials, api.groups, api.arch_rows):
            self.assertFalse(arr.flags.owndata)
            self.assertFalse(arr.flags.writeable)

    def test_the_other_ops_answer_as_the_api(self):
        engine = nasmap.QueryEngine(self.api)
        api = nasmap.create(self.api.path, 'tss', verbose=False)
        q = dict(index=11, dataset='cifar100', hp='200')
        self.assertEqual(engine.answer(json.dumps(dict(q, op='get_latency'))),
                         {'latency': api.get_latency(11, 'cifar100', '200')})
        self.assertEqual(engine.answer(json.dumps(dict(q, op='get_dataset_seeds'))), {'seeds': [777, 888, 999]})
        self.assertEqual(engine.answer(json.dumps({'op': 'get_net_config', 'index': 11, 'dataset': 'cifar10'})),
                         api.get_net_config(11, 'cifar10'))
        self.assertEqual(engine.answer(json.dumps({'op': 'statistics', 'dataset': 'cifar100', 'hp': '200'})),
                         {'counts': {'3': 3}})
        self.assertEqual(engine.answer(json.dumps({'op': 'find_best', 'dataset': 'cifar10', 'metric_on_set': 'test',
                                                   'hp': '200'})),
                         dict(zip(('index', 'accuracy'), api.find_best('cifar10', 'test', hp='200'))))
        self.assertEqual(engine.answer(json.dumps({'op': 'get_unique_str', 'index': 11})),
                         {'unique_str': api.get_unique_str(11)})
        self.assertEqual(engine.answer(json.dumps({'op': 'str2matrix', 'arch': api[11]}))['matrix'],
                         api.str2matrix(api[11]).astype(int).tolist())
        seeded = engine.answer(json.dumps(dict(q, op='simulate_train_eval', seed=777)))
        info = api.get_more_info(11, 'cifar100', hp='200', is_random=777)
        self.assertEqual(seeded['valid_accuracy'], info['valid-accuracy'])
        self.assertEqual(seeded['time_cost'], info['train-all-time'] + info['valid-per-time'])
        a = engine.answer(json.dumps({'op': 'nope'}))
        self.assertTrue(a['error'].startswith("unknown op 'nope'; allowed: arch, find_best,"), a)
        self.assertEqual(engine.answer('{"op": "len"}'), {'len': 15625})

    def test_cli_random_seed_repeats_and_each_line_is_answered(self):
        lines = ['{"op": "get_more_info", "index": 11, "dataset": "cifar100", "hp": "200"}'] * 20
        a = run([*CLI, 'query', str(_FILES['tss-sample']), '--random-seed', '3'], '\n'.join(lines) + '\n')
        b = run([*CLI, 'query', str(_FILES['tss-sample']), '--random-seed', '3'], '\n'.join(lines) + '\n')
        self.assertEqual(a, b)
        self.assertEqual(len(a.splitlines()), 20)
        self.assertGreater(len(set(a.splitlines())), 1)
        c = run([*CLI, 'query', str(_FILES['tss-sample']), '--random-seed', '3'], '\n\n'.join(lines[:2]) + '\n')
        self.assertEqual(c.splitlines(), [a.splitlines()[0], '{"error":"empty line"}', a.splitlines()[1]])


# ---------------------------------------------------------------------------------------------- corrupt files


class CorruptFiles(unittest.TestCase):
    """Each damaged copy of a valid file fails with a NasmapFormatError naming the file."""

    @classmethod
    def setUpClass(cls):
        cls.good = _FILES['tss-sample'].read_bytes()
        cls.dir = Path(tempfile.mkdtemp(prefix='nasmap-py-corrupt-', dir=_WORK))
        with nasmap.open(_FILES['tss-sample']) as api:
            cls.offsets = dict(api.layout.section_offset)
            cls.lengths = dict(api.layout.section_length)
            cls.counts = dict(api.layout.section_count)
            cls.trial_count = api.layout.trial_count
            cls.arch_count = len(api)

    def write(self, data, name):
        path = self.dir / f'{name}.nasmap'
        path.write_bytes(bytes(data))
        return path

    def entry(self, sid):
        return 64 + (sid - 1) * 32

    def assert_open_fails(self, data, name, *fragments, error=nasmap.NasmapFormatError):
        path = self.write(data, name)
        with self.assertRaises(error) as cm:
            nasmap.open(path)
        message = str(cm.exception)
        self.assertIn(str(path), message)
        for f in fragments:
            self.assertIn(f, message)
        self.assertIsInstance(cm.exception, ValueError)
        # the command line reports it and exits non-zero
        p = subprocess.run([*CLI, 'query', str(path)], input='{"op": "len"}\n',
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 1)
        self.assertEqual(p.stdout, '')
        self.assertIn(str(path), p.stderr)
        # and the Java reader refuses it too
        j = subprocess.run(java_command('query', str(path)), input='{"op": "len"}\n', capture_output=True, text=True)
        self.assertNotEqual(j.returncode, 0, f'the Java reader opens {name}: {j.stdout}')
        self.assertIn(str(path), j.stderr)
        return cm.exception

    def patched(self, offset, fmt, value):
        data = bytearray(self.good)
        struct.pack_into(fmt, data, offset, value)
        return data

    def test_good_file_opens(self):
        with nasmap.open(self.write(self.good, 'good')) as api:
            self.assertEqual(len(api), 15625)

    def test_truncated(self):
        self.assert_open_fails(self.good[:-100], 'truncated', 'file truncated?')

    def test_extended(self):
        self.assert_open_fails(self.good + b'\0' * 64, 'extended', 'file extended?')

    def test_shorter_than_the_header(self):
        self.assert_open_fails(self.good[:10], 'tiny', 'shorter than the 64-byte header')
        self.assert_open_fails(b'', 'empty', 'shorter than the 64-byte header')

    def test_bad_magic(self):
        data = bytearray(self.good)
        data[0:8] = b'PK\x03\x04\0\0\0\0'
        self.assert_open_fails(data, 'magic', 'bad magic', 'not a nasmap file')
        self.assert_open_fails(b'{"op": "len"}\n' * 10, 'text', 'bad magic')

    def test_newer_version(self):
        e = self.assert_open_fails(self.patched(8, '<i', nasmap.VERSION + 1), 'v-next',
                                   f'format version too new: {nasmap.VERSION + 1}', error=nasmap.NasmapVersionError)
        self.assertTrue(e.too_new)
        self.assertFalse(e.too_old)
        self.assertEqual(e.version, nasmap.VERSION + 1)

    def test_older_version(self):
        e = self.assert_open_fails(self.patched(8, '<i', 0), 'v0', 'format version too old: 0',
                                   error=nasmap.NasmapVersionError)
        self.assertTrue(e.too_old)

    def test_header_length(self):
        self.assert_open_fails(self.patched(12, '<i', 128), 'header-length', 'header length: expected 64')

    def test_footer(self):
        data = bytearray(self.good)
        data[-8:] = b'\0' * 8
        self.assert_open_fails(data, 'footer-magic', 'bad footer magic')
        footer = len(self.good) - (8 * 13 + 24)
        self.assert_open_fails(self.patched(footer + 8 * 13 + 8, '<q', 12345), 'footer-length', 'footer declares 12345')

    def test_section_pointing_past_the_end(self):
        sid = nasmap.VALUES
        past = (len(self.good) + 63) // 64 * 64 + 64
        self.assert_open_fails(self.patched(self.entry(sid) + 8, '<q', past), 'offset-past-end',
                               f'section {sid} (VALUES) offset {past}', 'outside')

    def test_section_running_past_the_end(self):
        sid = nasmap.LATENCIES
        data = self.patched(self.entry(sid) + 16, '<q', 8 * 10 ** 6)
        struct.pack_into('<q', data, self.entry(sid) + 24, 10 ** 6)
        self.assert_open_fails(data, 'length-past-end', 'runs past the data end')

    def test_misaligned_section(self):
        sid = nasmap.TRIALS
        self.assert_open_fails(self.patched(self.entry(sid) + 8, '<q', self.offsets[sid] + 8), 'misaligned',
                               'misaligned')

    def test_overlapping_sections(self):
        self.assert_open_fails(self.patched(self.entry(nasmap.LATENCIES) + 8, '<q', self.offsets[nasmap.VALUES]),
                               'overlap', 'overlap')

    def test_element_size_and_counts(self):
        self.assert_open_fails(self.patched(self.entry(nasmap.TRIALS) + 4, '<i', 16), 'element-size',
                               'element size: expected 32, actual 16')
        self.assert_open_fails(self.patched(self.entry(nasmap.VALUES) + 24, '<q', self.counts[nasmap.VALUES] - 1),
                               'count', 'is not')
        data = self.patched(self.entry(nasmap.GROUPS) + 16, '<q', self.lengths[nasmap.GROUPS] - 64)
        struct.pack_into('<q', data, self.entry(nasmap.GROUPS) + 24, self.counts[nasmap.GROUPS] - 1)
        self.assert_open_fails(data, 'group-count', 'elements, expected')
        self.assert_open_fails(self.patched(self.entry(3), '<i', 4), 'section-id', 'has id 4, expected 3')
        self.assert_open_fails(self.patched(48, '<i', 14), 'section-count', 'section count: expected 16')
        self.assert_open_fails(self.patched(28, '<i', self.arch_count + 1), 'held-count',
                               'architecture counts out of range')
        self.assert_open_fails(self.patched(32, '<i', 0x30), 'hp-mask', 'hp mask out of range')

    def test_lookup_and_strings(self):
        sid = nasmap.ARCH_LOOKUP
        data = self.patched(self.entry(sid) + 16, '<q', self.lengths[sid] - 4)
        struct.pack_into('<q', data, self.entry(sid) + 24, self.counts[sid] - 1)
        self.assert_open_fails(data, 'lookup-capacity', 'not a power of two')
        self.assert_open_fails(self.patched(self.offsets[nasmap.STRING_OFFSETS], '<q', 1), 'string-offsets',
                               'string offsets do not span')

    def test_bad_shape(self):
        base = self.offsets[nasmap.SHAPES] + 16  # first slot's kind
        self.assert_open_fails(self.patched(base, '<i', 9), 'shape-kind', 'unknown kind 9')
        self.assert_open_fails(self.patched(base + 4, '<i', 10 ** 6), 'shape-offset', 'do not fit')

    def assert_query_fails(self, data, name, call, fragment, query):
        """The Python call raises a NasmapFormatError naming the file; the protocol query answers an error
        in both readers, except where the Java reader answers from a derived column that does not read the
        damaged reference (a latency list, for get_cost_info): then Java's verify reports the damage."""
        path = self.write(data, name)
        with nasmap.open(path) as api:
            with self.assertRaises(nasmap.NasmapFormatError) as cm:
                call(api)
            self.assertIn(str(path), str(cm.exception))
            self.assertIn(fragment, str(cm.exception))
            self.assertIn(fragment, nasmap.QueryEngine(api).answer(json.dumps(query)).get('error', ''))
        java = json.loads(run(java_command('query', str(path)), json.dumps(query) + '\n'))
        if name == 'trial-latency':
            p = subprocess.run(java_command('verify', str(path)), capture_output=True, text=True, encoding='utf-8')
            self.assertNotEqual(0, p.returncode, f'Java verify accepts {name}')
            self.assertIn('latency', p.stdout + p.stderr)
            return
        self.assertIn('error', java, f'Java answers {java} on {name}')

    def test_references_inside_sections_are_checked_before_use(self):
        with nasmap.open(_FILES['tss-sample']) as api:
            g = api.layout._group_index(11, 3, nasmap.CIFAR100)
            first = int(api.groups[g]['first_trial'])
            seed = int(api.groups[g]['seeds'][0])
            code = nasmap.arch_code(0, api.arch(11))
        more = (lambda api: api.get_more_info(11, 'cifar100', hp='200', is_random=False),
                dict(op='get_more_info', index=11, dataset='cifar100', hp='200', is_random=False))
        at5 = (lambda api: api.get_more_info(11, 'cifar100', iepoch=5, hp='200', is_random=False),
               dict(op='get_more_info', index=11, dataset='cifar100', iepoch=5, hp='200', is_random=False))
        # the mean at hp 200 is read from the GROUP_ANSWERS entry by the Java reader: one seed's answer reads the group
        one = (lambda api: api.get_more_info(11, 'cifar100', hp='200', is_random=seed),
               dict(op='get_more_info', index=11, dataset='cifar100', hp='200', is_random=seed))
        cost = (lambda api: api.get_cost_info(11, 'cifar100', hp='200'),
                dict(op='get_cost_info', index=11, dataset='cifar100', hp='200'))
        arch = (lambda api: api.arch(11), dict(op='arch', index=11))
        with nasmap.open(_FILES['tss-sample']) as api:
            arch11 = api.arch(11)
        lookup = (lambda api: api.query_index_by_arch(arch11), dict(op='query_index_by_arch', arch=arch11))
        trial = self.offsets[nasmap.TRIALS] + first * 32
        group = self.offsets[nasmap.GROUPS] + g * 64
        shape = self.patched(trial + 4, '<H', 999)
        struct.pack_into('<H', shape, group + 24, 999)  # the group's inline copy of the first trial's shape
        values = self.patched(trial + 8, '<i', 10 ** 8)
        struct.pack_into('<i', values, group + 32, 10 ** 8)  # and of its first value
        for data, name, (call, query), fragment in [
                (self.patched(group, '<i', self.trial_count), 'group', one, f'outside the {self.trial_count} trials'),
                (shape, 'trial-shape', one, 'has shape 999'),
                (values, 'trial-values', at5, 'values ['),
                (self.patched(trial + 12, '<i', 10 ** 6), 'trial-latency', cost, 'latency index'),
                (self.patched(self.offsets[nasmap.ARCH_ROWS] + 11 * 4, '<i', 7), 'row', more, 'has row 7'),
                (self.patched(self.offsets[nasmap.ARCH_CODES] + code * 4, '<i', 10 ** 6), 'lookup', lookup,
                 'architecture code'),
                (self.patched(self.offsets[nasmap.STRING_OFFSETS] + 12 * 8, '<q', 10 ** 9), 'string', arch,
                 'outside the')]:
            self.assert_query_fails(data, name, call, fragment, query)
        # through the protocol: an error answer, and the stream goes on
        path = self.write(shape, 'protocol')
        out = run([*CLI, 'query', str(path)],
                  '{"op": "get_more_info", "index": 11, "dataset": "cifar100", "hp": "200", "is_random": %d}\n'
                  '{"op": "len"}\n' % seed).splitlines()
        self.assertIn('has shape 999', json.loads(out[0])['error'])
        self.assertEqual(json.loads(out[1]), {'len': 15625})


# ---------------------------------------------------------------------------------------------- main


if __name__ == '__main__':  # the whole suite: tests/run.py
    unittest.main()
