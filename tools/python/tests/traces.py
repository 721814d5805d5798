"""Client traces: what the real `nats_bench` 1.8 answered to unchanged search scripts (tests/clients/), and
how to replay them on nasmap's drop-in, call by call, random draws included.

A trace line is one call a client made on upstream's API object, with Python's global random state just
before it (`state`), what came back (`result`, or the exception class in `raises`) and a short hash of the
random state just after (`after`); or an attribute the client read (`get`, `value`). A record may chain
calls on the returned object (`then`: call, args, kwargs each). A call is replayed by restoring the state, making the same call on nasmap's object and comparing: same structure, numbers
within 2e-5 relative (the file keeps float32 values), the same exception class (a subclass counts: clients
catch the base class), and the same random state afterwards (the same numbers were drawn).

Also: the data the traces ran on is the synthetic archive that tools/scripts/mkbench.py makes (seed 1);
`make_partial_archive` regenerates the meta record and only the architectures the traces touch.
"""
import builtins
import gzip
import hashlib
import importlib.util
import json
import math
import os
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CLIENTS = HERE / 'clients'
REPO = HERE.parents[2]
MKBENCH = REPO / 'tools' / 'scripts' / 'mkbench.py'
TEMPLATES = REPO / 'writer' / 'src' / 'test' / 'resources' / 'nats-sample'
RELATIVE = 2e-5


class Cell:
    """Stands for the architecture object a script passed (an xautodl CellStructure): only tostr()."""

    def __init__(self, s):
        self._s = s

    def tostr(self):
        return self._s

    def __repr__(self):
        return f'Cell({self._s})'


def trace_files():
    return sorted(CLIENTS.glob('*.jsonl.gz'))


def read_trace(path):
    with gzip.open(path, 'rt', encoding='utf-8') as f:
        return [json.loads(line) for line in f if line.strip()]


def to_python(v):
    """A recorded argument as the script passed it: {"tostr": S} becomes a Cell."""
    if isinstance(v, dict):
        if list(v) == ['tostr']:
            return Cell(v['tostr'])
        return {k: to_python(x) for k, x in v.items()}
    if isinstance(v, list):
        return [to_python(x) for x in v]
    return v


def to_record(v):
    """An answer in the recording's terms: tuples as lists, numpy numbers as floats, cells as {"tostr"}."""
    if hasattr(v, 'tostr'):
        return {'tostr': v.tostr()}
    if isinstance(v, dict):
        return {str(k): to_record(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [to_record(x) for x in v]
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if hasattr(v, 'tolist'):  # numpy arrays and scalars
        return v.tolist()
    return repr(v)


def agree(want, got, where='result'):
    """None when `got` matches the recorded `want`, else where and how it differs."""
    if isinstance(want, bool) or isinstance(got, bool):
        return None if want is got else f'{where}: {want!r} vs {got!r}'
    if isinstance(want, (int, float)) and isinstance(got, (int, float)):
        if isinstance(want, float) and math.isnan(want):
            return None if isinstance(got, float) and math.isnan(got) else f'{where}: NaN vs {got!r}'
        if want == got or abs(want - got) <= RELATIVE * max(abs(want), abs(got)):
            return None
        return f'{where}: {want!r} vs {got!r}'
    if isinstance(want, list) and isinstance(got, list):
        if len(want) != len(got):
            return f'{where}: {len(want)} items vs {len(got)}'
        for i, (a, b) in enumerate(zip(want, got)):
            why = agree(a, b, f'{where}[{i}]')
            if why:
                return why
        return None
    if isinstance(want, dict) and isinstance(got, dict):
        if list(want) != list(got) and set(want) != set(got):
            return f'{where}: keys {sorted(set(want) ^ set(got))} in one only'
        for k in want:
            why = agree(want[k], got[k], f'{where}[{k!r}]')
            if why:
                return why
        return None
    return None if want == got else f'{where}: {str(want)[:200]!r} vs {str(got)[:200]!r}'


def state_hash():
    return hashlib.sha1(repr(random.getstate()).encode()).hexdigest()[:16]


def set_state(st):
    random.setstate((st[0], tuple(st[1]), st[2]))


def replay(api, records):
    """Replays one trace on `api`; returns (calls that agree, list of (line, call, why) that do not)."""
    ok = 0
    bad = []
    for n, rec in enumerate(records):
        if 'get' in rec:
            why = agree(rec['value'], to_record(getattr(api, rec['get'])), rec['get'])
            if why:
                bad.append((n, 'get ' + rec['get'], why))
            else:
                ok += 1
            continue
        set_state(rec['state'])
        call = getattr(api, rec['call'])
        try:
            value = call(*to_python(rec['args']), **to_python(rec['kwargs']))
            for step in rec.get('then', ()):  # calls on the returned object (an ArchResults, ...)
                value = getattr(value, step['call'])(*to_python(step['args']), **to_python(step['kwargs']))
            got = ('result', to_record(value))
        except Exception as e:  # noqa: BLE001 (every exception is an answer to compare)
            expected = getattr(builtins, rec.get('raises', ''), None)
            same_class = isinstance(expected, type) and isinstance(e, expected)
            got = ('raises', rec['raises'] if same_class else f'{type(e).__name__}: {e}')
        drawn = state_hash()
        want = ('result', rec['result']) if 'result' in rec else ('raises', rec['raises'])
        why = None
        if want[0] != got[0]:
            why = f'expected {want[0]} {str(want[1])[:200]}, got {got[0]} {str(got[1])[:300]}'
        elif want[0] == 'raises':
            why = None if want[1] == got[1] else f'expected {want[1]}, got {got[1]}'
        else:
            why = agree(want[1], got[1])
        if why is None and drawn != rec['after']:
            why = 'the random draws differ from upstream\'s'
        if why:
            bad.append((n, rec['call'], why))
        else:
            ok += 1
    return ok, bad


# ---------------------------------------------------------------------------------------------- the data

def _load_mkbench():
    os.environ['NATS_TEMPLATES'] = str(TEMPLATES)
    spec = importlib.util.spec_from_file_location('mkbench_for_traces', MKBENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.TEMPLATES = str(TEMPLATES)
    return module


def touched_architectures(meta_archs, traces):
    """Indexes of the architectures whose results the traces' calls read."""
    index = {s: i for i, s in enumerate(meta_archs)}
    reads = {'simulate_train_eval', 'get_more_info', 'get_cost_info', 'get_latency', 'get_net_config',
             'query_info_str_by_arch', 'query_by_arch', 'query_meta_info_by_index', 'query_by_index',
             'get_net_param', 'show', 'get_metrics', 'get_dataset_seeds'}
    out = set()
    for records in traces:
        for rec in records:
            if rec.get('call') not in reads or not rec['args']:
                continue
            a = rec['args'][0]
            if isinstance(a, dict) and 'tostr' in a:
                a = a['tostr']
            if isinstance(a, str) and a in index:
                out.add(index[a])
            elif isinstance(a, int) and not isinstance(a, bool) and 0 <= a < len(meta_archs):
                out.add(a)
    return sorted(out)


def make_partial_archive(out_dir, traces, seed=1):
    """Writes a NATS archive (meta.pickle.pbz2 with every architecture string, plus one pickle per
    architecture the traces read) exactly as mkbench.py writes those files; returns the indexes written."""
    mk = _load_mkbench()
    meta = mk.meta('tss')
    archs = meta['meta_archs']
    wanted = touched_architectures(archs, traces)
    out_dir.mkdir(parents=True, exist_ok=True)
    import bz2
    import pickle
    with bz2.BZ2File(out_dir / 'meta.pickle.pbz2', 'wb') as f:
        pickle.dump(meta, f, protocol=4)
    for i in wanted:
        mk._write_one(('tss', str(out_dir), i, archs[i], seed, True))
    return wanted


if __name__ == '__main__':  # replay the traces on a file: python3 traces.py FILE.nasmap
    sys.path.insert(0, str(HERE.parent))
    import nasmap
    failed = 0
    for path in trace_files():
        records = read_trace(path)
        api = nasmap.create(sys.argv[1], 'tss', fast_mode=True, verbose=False)  # one per script, as upstream's
        ok, bad = replay(api, records)
        print(f'{path.name}: {ok}/{len(records)} calls agree')
        for n, call, why in bad[:5]:
            print(f'  line {n} {call}: {why}')
        failed += len(bad)
    sys.exit(1 if failed else 0)
