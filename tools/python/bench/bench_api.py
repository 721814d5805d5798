#!/usr/bin/env python3
"""Speed of the nats_bench drop-in (a benchmark script, not a test), optionally side by side with upstream.

    python3 tools/python/bench/bench_api.py FILE.nasmap [--archs 500] [--seconds 2]
        [--upstream SRC --archive DIR]

FILE is a full tss .nasmap file (bench/README.md: the synthetic archive of tools/scripts/mkbench.py,
converted with `tools/nasmap convert`). With --upstream (a checkout of D-X-Y/NATS-Bench's source, the
directory holding nats_bench/) and --archive (the NATS archive FILE was converted from), the same calls
run on upstream's API in fast mode, in the same process, one after the other.

Workload, as upstream's figures in issue 9: the same N architectures (fixed seed), warmed once, then calls
cycled over them for about --seconds each: simulate_train_eval(arch, cifar100, hp='12') (the draws of the
global random module, as upstream), get_more_info(arch, cifar10-valid, hp='12') (is_random=True),
get_cost_info(arch, cifar10, hp='12'), get_more_info(arch, cifar100, hp='200'). Warm calls of the drop-in
are answered from its per-argument caches; the reader of nasmap.open (no caches) shows the computing
path. Also: `import nasmap` and `create(FILE)` (fresh objects; median of
runs), table() over the whole space (first call on a fresh object, then a kept one). Reports calls/s
(median of 5 rounds) and times; measure on a quiet machine, or compare ratios within one run.
"""
import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def rate(fn, args, seconds):
    """Median calls/s of 5 rounds, each cycling fn over args for about seconds / 5."""
    rounds = []
    budget = seconds / 5
    for _ in range(5):
        n = 0
        start = time.perf_counter()
        while True:
            for a in args:
                fn(*a)
            n += len(args)
            elapsed = time.perf_counter() - start
            if elapsed >= budget:
                break
        rounds.append(n / elapsed)
    return statistics.median(rounds)


def workload(api, archs, seconds, label):
    random.seed(1)
    sim = [(a, 'cifar100') for a in archs]
    more = [(a, 'cifar10-valid') for a in archs]
    cost = [(a, 'cifar10') for a in archs]
    # warm: first touch of every architecture (upstream loads its pickle here)
    start = time.perf_counter()
    for a in archs:
        api.simulate_train_eval(a, 'cifar100', hp='12')
        api.get_more_info(a, 'cifar10-valid', hp='12')
        api.get_cost_info(a, 'cifar10', hp='12')
    warm = time.perf_counter() - start
    out = {
        'first touch of each architecture (3 calls), ms': warm / len(archs) * 1e3,
        'simulate_train_eval calls/s': rate(lambda a, d: api.simulate_train_eval(a, d, hp='12'), sim, seconds),
        'get_more_info calls/s': rate(lambda a, d: api.get_more_info(a, d, hp='12'), more, seconds),
        'get_cost_info calls/s': rate(lambda a, d: api.get_cost_info(a, d, hp='12'), cost, seconds),
        'get_more_info(cifar100, hp=200) calls/s': rate(lambda a, d: api.get_more_info(a, d, hp='200'),
                                                        [(x, 'cifar100') for x in archs], seconds),
    }
    print(f'{label}:')
    for k, v in out.items():
        print(f'  {k:48s} {v:12,.1f}')
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('file')
    p.add_argument('--archs', type=int, default=500)
    p.add_argument('--seconds', type=float, default=2.0, help='per measured call kind (5 rounds)')
    p.add_argument('--upstream', help="a checkout of NATS-Bench's source (the directory with nats_bench/)")
    p.add_argument('--archive', help='the NATS archive directory FILE was converted from')
    a = p.parse_args()

    env = dict(os.environ, PYTHONPATH=str(HERE.parent))
    for module in ('numpy', 'nasmap'):
        imports = []
        for _ in range(5):
            r = subprocess.run([sys.executable, '-c', f'import time; t = time.perf_counter(); import {module}; '
                                'print(time.perf_counter() - t)'], capture_output=True, text=True, env=env, check=True)
            imports.append(float(r.stdout))
        print(f'import {module}{" (numpy included)" if module == "nasmap" else ""}, ms: median '
              f'{statistics.median(imports) * 1e3:.1f} of 5 processes')

    import nasmap
    creates = []
    for _ in range(21):
        t = time.perf_counter()
        api = nasmap.create(a.file, 'tss', fast_mode=True, verbose=False)
        creates.append(time.perf_counter() - t)
    print(f'nasmap.create(FILE, "tss"), ms: median {statistics.median(creates) * 1e3:.2f} of 21')

    tables = []
    for _ in range(11):
        fresh = nasmap.create(a.file, 'tss', fast_mode=True, verbose=False)
        t = time.perf_counter()
        col = fresh.table('cifar100', '200', 'x-valid')
        tables.append(time.perf_counter() - t)
    t = time.perf_counter()
    for _ in range(1000):
        api.table('cifar100', '200', 'x-valid')
    kept = (time.perf_counter() - t) / 1000
    print(f'table("cifar100", "200", "x-valid") over {len(col)} architectures, ms: first call median '
          f'{statistics.median(tables) * 1e3:.2f} of 11; later calls {kept * 1e3:.4f}')

    archs = sorted(random.Random(42).sample(sorted(api.evaluated_indexes), min(a.archs, api.held_count)))
    mine = workload(api, archs, a.seconds, f'nasmap ({a.archs} architectures, warm)')
    # the computing path without the drop-in's answer caches: nasmap.open's reader, one seed per call
    reader = nasmap.open(a.file)
    seeded = [(x, 'cifar10-valid', reader._seeds(x, 'cifar10-valid', '12')[0]) for x in archs]
    print('nasmap.open reader, no caches (computed from the mapping on every call):')
    for label, fn, args in (
            ('get_more_info(cifar10-valid, hp=12, one seed) calls/s',
             lambda x, d, s: reader.get_more_info(x, d, hp='12', is_random=s), seeded),
            ('get_more_info(cifar100, hp=200, mean) calls/s',
             lambda x, d: reader.get_more_info(x, d, hp='200', is_random=False), [(x, 'cifar100') for x in archs]),
            ('get_cost_info(cifar10, hp=12) calls/s', lambda x, d: reader.get_cost_info(x, d, hp='12'),
             [(x, 'cifar10') for x in archs])):
        print(f'  {label:48s} {rate(fn, args, a.seconds):12,.1f}')
    if a.upstream:
        sys.path.insert(0, a.upstream)
        import nats_bench
        t = time.perf_counter()
        up = nats_bench.create(a.archive, 'tss', fast_mode=True, verbose=False)
        print(f'upstream nats_bench {nats_bench.version()} create (fast mode), ms: {(time.perf_counter() - t) * 1e3:.1f}')
        theirs = workload(up, archs, a.seconds, f'upstream nats_bench ({a.archs} architectures, warm)')
        print('ratio nasmap / upstream:')
        for k in mine:
            if 'calls/s' in k:
                print(f'  {k:48s} {mine[k] / theirs[k]:12,.1f}x')


if __name__ == '__main__':
    main()
