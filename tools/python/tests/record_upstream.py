#!/usr/bin/env python3
"""Records a client trace with the real `nats_bench` (run by hand; needs upstream's source, never a dependency):

    python3 tools/python/tests/record_upstream.py NATS_BENCH_SRC ARCHIVE_DIR OUT.jsonl.gz

NATS_BENCH_SRC is a checkout of D-X-Y/NATS-Bench (the directory holding nats_bench/); ARCHIVE_DIR is the
partial archive the trace test regenerates (tests/traces.py make_partial_archive: meta plus the
architectures the other traces read; the same bytes as tools/scripts/mkbench.py's full archive). The
trace walks what the published scripts' traces miss: whole-space calls (find_best with and without
limits, statistics: upstream answers them over the architectures it has loaded, so the recording first
loads every architecture of the archive, which is what a nasmap file of that archive holds),
ArchResults / ResultsCount objects and their draws, get_net_param, get_unique_str, str2lists/str2matrix,
query_info_str_by_arch at both hps, simulate_train_eval at chosen epochs, and errors. Each record is
written as the clients README describes; `then` chains calls on the returned object.
"""
import gzip
import hashlib
import json
import os
import random
import sys


def plain(v):
    if hasattr(v, 'tostr'):
        return {'tostr': v.tostr()}
    if hasattr(v, 'tolist'):
        return v.tolist()
    if isinstance(v, dict):
        return {str(k): plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    return float(v)


def main():
    src, archive, out = sys.argv[1:4]
    sys.path.insert(0, src)
    import nats_bench
    api = nats_bench.create(archive, 'tss', fast_mode=True, verbose=False)
    held = sorted(int(f[:6]) for f in os.listdir(archive) if f[:6].isdigit())
    records = []

    def call(name, *args, then=(), **kwargs):
        st = random.getstate()
        rec = {'call': name, 'args': list(args), 'kwargs': kwargs, 'state': [st[0], list(st[1]), st[2]]}
        if then:
            rec['then'] = [{'call': c, 'args': list(a), 'kwargs': k} for c, a, k in then]
        try:
            r = getattr(api, name)(*args, **kwargs)
            for c, a, k in then:
                r = getattr(r, c)(*a, **k)
            rec['result'] = plain(r)
        except Exception as e:  # noqa: BLE001 (the exception class is the answer)
            rec['raises'] = type(e).__name__
        rec['after'] = hashlib.sha1(repr(random.getstate()).encode()).hexdigest()[:16]
        records.append(rec)

    random.seed(202)
    api.reset_time()
    datasets = ['cifar10-valid', 'cifar10', 'cifar100', 'ImageNet16-120']
    for i in held:  # load every architecture the archive holds, with upstream's draws
        call('get_more_info', i, random.choice(datasets), hp=random.choice(['12', '200']))
    for hp in ('12', '200'):
        for ds, setname in (('cifar10', 'valid'), ('cifar10', 'test'), ('cifar10-valid', 'x-valid'),
                            ('cifar100', 'valid'), ('cifar100', 'test'), ('cifar100', 'x-test'),
                            ('ImageNet16-120', 'valid'), ('ImageNet16-120', 'ori-test'), ('cifar10', 'train'),
                            ('cifar10', 'x-valid')):
            call('find_best', ds, setname, hp=hp, enforce_all=False)
            call('find_best', ds, setname, flop_max=60.0, hp=hp, enforce_all=False)
            call('find_best', ds, setname, param_max=0.5, hp=hp, enforce_all=False)
            call('find_best', ds, setname, flop_max=20.0, param_max=0.3, hp=hp, enforce_all=False)
        for ds in datasets:
            call('statistics', ds, hp)
    sample = random.sample(held, 40)
    for i in sample:
        hp = random.choice(['12', '200'])
        ds = random.choice(datasets)
        call('query_meta_info_by_index', i, hp, then=[('get_metrics', (ds, 'train'), {'is_random': True})])
        call('query_meta_info_by_index', i, hp, then=[('get_metrics', (ds, 'ori-test' if ds != 'cifar100' else
                                                                       'x-test'), {'iepoch': None})])
        call('query_meta_info_by_index', i, hp, then=[('get_compute_costs', (ds,), {})])
        call('query_meta_info_by_index', i, hp, then=[('get_dataset_seeds', (ds,), {})])
        call('query_by_index', i, ds, hp, then=[('__len__', (), {})])
        call('get_net_param', i, ds, None, hp)
        call('get_unique_str', i)
        call('str2lists', api.arch(i))
        call('str2matrix', api.arch(i))
        call('query_info_str_by_arch', i, hp)
        e = random.randrange(12 if hp == '12' else 200)
        call('simulate_train_eval', i, random.choice(['cifar10', 'cifar100', 'ImageNet16-120']), iepoch=e, hp=hp)
        call('get_more_info', i, ds, iepoch=e, hp=hp, is_random=random.choice([True, False]))
        call('get_latency', i, ds, hp=hp)
    for i in sample[:5]:  # errors
        call('query_meta_info_by_index', i, '90')
        call('query_by_index', i, 'imagenet', '12')
        call('get_net_param', i, 'cifar10', 4242, '12')
        call('query_info_str_by_arch', i, 200)
        call('find_best', 'cifar10', 'test', hp='90', enforce_all=False)
        call('get_more_info', i, 'cifar10', iepoch=-1, hp='12')
        call('query_meta_info_by_index', i, '12', then=[('get_metrics', ('cifar10', 'x-valid'), {'is_random': True})])
    records.append({'get': 'used_time', 'value': api.used_time})
    with gzip.open(out, 'wt', encoding='utf-8') as f:
        for r in records:
            f.write(json.dumps(r) + '\n')
    print(f'{len(records)} records written to {out}')


if __name__ == '__main__':
    main()
