#!/usr/bin/env python3
"""Regenerates the writer module's test fixtures and expected values (run once; the Java tests
do not need Python).

    cd writer/src/test/resources
    NATS_TEMPLATES=$PWD/nats-sample /usr/bin/python3 ../python/make_fixtures.py

/usr/bin/python3 needs numpy and torch (Debian: apt-get install python3-torch); the torch
fixtures are skipped without torch.

Outputs (in the current directory, writer/src/test/resources):
  expected/tss-sample.txt, expected/sss-sample.txt   records of the real NATS samples
  expected/tss-mkbench-single.txt                    records of single/tss-mkbench-single.pickle.pbz2
  single/sss-sample-single.pickle.pbz2               the 3 real sss records as a NATS single file
  single/tss-mkbench-single.pickle.pbz2              mkbench --space tss --format nats-single --archs 3
  torch/tensors-{legacy,zip}.pth                     tensors of several dtypes, strides and offsets
  torch/nb201-tensor-{legacy,zip}.pth                a tiny NB201 file whose records hold tensors
  pickle/cpython-np<N>.txt                           representative() pickled by this CPython at
                                                     protocols 0 to 5, one "protocol base64" line each
                                                     (run once with numpy 1 and once with numpy 2:
                                                     python3 make_fixtures.py --pickles-only)

The expected files render each record exactly as RenderRecords.java does: per architecture,
per hp (source order), per dataset (dataset_seed order), per seed (list order), one T line with
the trial's scalars and one S line per present series (split order train, x-valid, x-test,
ori-test; metric order loss, accuracy, top5, time) giving the epochs count, first and last
epoch and CRC-32s of the epochs (int32 LE) and of the values (float64 LE), sorted by epoch.
Floats are written as the hex of their IEEE bits, so the comparison is exact.
"""
import base64, bz2, os, pickle, struct, subprocess, sys, zlib

import numpy as np

SPLITS = ['train', 'x-valid', 'x-test', 'ori-test']
NB201_HP = {'less': '12', 'full': '200'}


def load(path):
    with bz2.open(path, 'rb') as f:
        return pickle.load(f)


def hexd(x):
    return struct.pack('>d', float(x)).hex()


def series_line(split, metric, d):
    items = sorted(d.items())
    epochs = [k for k, _ in items]
    values = [float(v) for _, v in items]
    ecrc = zlib.crc32(b''.join(struct.pack('<i', e) for e in epochs))
    vcrc = zlib.crc32(b''.join(struct.pack('<d', v) for v in values))
    return 'S %s %s n=%d first=%d last=%d ecrc=%08x vcrc=%08x' % (
        split, metric, len(epochs), epochs[0] if epochs else -1, epochs[-1] if epochs else -1, ecrc, vcrc)


def eval_part(d, split):
    out = {}
    for k, v in d.items():
        name, epoch = k.rsplit('@', 1)
        if name == split:
            out[int(epoch)] = v
    return out


def config(c):
    if c is None:
        return 'none'
    if 'channels' in c or c.get('name') == 'infer.shape.tiny':
        return 'shape classes=%d channels=%s genotype=%s' % (c['class_num'], c['channels'], c['genotype'])
    return 'tiny classes=%d C=%d N=%d arch=%s' % (c['class_num'], c['channel'], c['num_cells'], c['arch_str'])


def render_trial(rc, seed, out):
    names = [s for s in SPLITS[1:] if s in rc['eval_names']]
    lat = rc['latency']
    lat = 'None' if lat is None else ','.join(hexd(x) for x in np.asarray(lat, dtype=np.float64).reshape(-1))
    et = rc['eval_times']
    et_empty = et is None or (isinstance(et, dict) and len(et) == 0)
    out.append('T seed=%d epochs=%d eval=%s flops=%s params=%s latency=%s etimes_empty=%d config=%s' % (
        seed, rc['epochs'], ','.join(names), hexd(rc['flop']), hexd(rc['params']), lat, 1 if et_empty else 0,
        config(rc['arch_config'])))
    for split in SPLITS:
        if split == 'train':
            metrics = [('loss', rc['train_losses']), ('accuracy', rc['train_acc1es']),
                       ('top5', rc['train_acc5es']), ('time', rc['train_times'])]
        else:
            metrics = [('loss', eval_part(rc['eval_losses'], split)), ('accuracy', eval_part(rc['eval_acc1es'], split)),
                       ('top5', None), ('time', None if et_empty else eval_part(et, split))]
        for metric, d in metrics:
            if d is None or (split != 'train' and len(d) == 0):
                continue
            out.append(series_line(split, metric, d))


def render_arch(index, arch_str, hps, out):
    out.append('A %d %s' % (index, arch_str))
    for hp, ar in hps.items():
        assert ar['arch_index'] == index and ar['arch_str'] == arch_str
        out.append('H %s' % NB201_HP.get(hp, hp))
        for ds, seeds in ar['dataset_seed'].items():
            out.append('D %s' % ds)
            for s in seeds:
                render_trial(ar['all_results'][(ds, s)], s, out)


def write(path, lines):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        f.write('\n'.join(lines) + '\n')


def archive_expected(folder, out_path):
    meta = load(os.path.join(folder, 'meta.pickle.pbz2'))['meta_archs']
    lines = []
    for name in sorted(os.listdir(folder)):
        if name == 'meta.pickle.pbz2':
            continue
        i = int(name.split('.')[0])
        render_arch(i, meta[i], load(os.path.join(folder, name)), lines)
    write(out_path, lines)


def single_expected(path, out_path):
    d = load(path)
    lines = []
    for i, hps in d['arch2infos'].items():
        render_arch(i, d['meta_archs'][i], hps, lines)
    write(out_path, lines)


def representative(protocol):
    """The object PickleCompatibilityTest.java expects (keep the two in step)."""
    import collections
    shared = ['s']
    d = {
        'ints': [0, 1, -1, 255, 256, 65535, 65536, -2 ** 31, 2 ** 31 - 1, 2 ** 31, 2 ** 63 - 1, 2 ** 63, -2 ** 63 - 1,
                 2 ** 100, -2 ** 100],
        'floats': [0.0, -0.0, 1.5, 0.1, 1e300, -2.5e-308, float('inf'), float('-inf')],
        'nan': float('nan'),
        'consts': [True, False, None],
        'strs': ['', 'a', 'h\u00e9llo w\u00f6rld \u2713 \U0001d11e', 'x' * 300, 'line\nbreak\\back'],
        'bytes': [b'\x00\xff', b'y' * 300],
        'tuples': [(), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4), ((1, 2), ('a',))],
        'tuple_keys': {('cifar10-valid', 777): 1, ('cifar10', 888): 2},
        'set': {1, 2, 3},
        'frozenset': frozenset({'a'}),
        'empty_set': set(),
        'od': collections.OrderedDict([('z', 1), ('a', 2)]),
        'nested': [[[]], {}],
        'shared': [shared, shared],
        'np_f8': np.float64(0.1), 'np_f4': np.float32(1.5), 'np_f2': np.float16(-2.5), 'np_i8': np.int64(-3),
        'np_i4': np.int32(7), 'np_u1': np.uint8(200), 'np_u8': np.uint64(2 ** 64 - 1), 'np_b': np.bool_(True),
    }
    if protocol == 4:
        # more than the pickler's batches of 1,000 SETITEMS / APPENDS
        d['int_keys'] = {i: i * 0.5 for i in range(1003)}
        d['long_list'] = list(range(1003))
    if protocol >= 3:
        d['bytes'].append(b'')
    if protocol >= 5:
        d['bytearray'] = bytearray(b'ab')
    return d


def cpython_pickles():
    os.makedirs('pickle', exist_ok=True)
    major = int(np.__version__.split('.')[0])
    with open('pickle/cpython-np%d.txt' % major, 'w') as f:
        f.write('# representative(protocol) of make_fixtures.py pickled by CPython %s, numpy %s\n' % (
            sys.version.split()[0], np.__version__))
        for p in range(6):
            f.write('%d %s\n' % (p, base64.b64encode(pickle.dumps(representative(p), protocol=p)).decode('ascii')))


def main():
    cpython_pickles()
    if '--pickles-only' in sys.argv:
        return
    tss = 'nats-sample/NATS-tss-v1_0-3ffb9-simple'
    sss = 'nats-sample/NATS-sss-v1_0-50262-simple'
    archive_expected(tss, 'expected/tss-sample.txt')
    archive_expected(sss, 'expected/sss-sample.txt')

    # the 3 real sss records as one single file, pickled together like the NATS single files
    meta = load(os.path.join(sss, 'meta.pickle.pbz2'))
    arch2infos = {i: load(os.path.join(sss, '%06d.pickle.pbz2' % i)) for i in (0, 11, 284)}
    os.makedirs('single', exist_ok=True)
    with bz2.BZ2File('single/sss-sample-single.pickle.pbz2', 'wb') as f:
        pickle.dump({'meta_archs': meta['meta_archs'], 'total_archs': len(meta['meta_archs']),
                     'arch2infos': arch2infos, 'evaluated_indexes': set(arch2infos)}, f, protocol=4)

    mk = os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../../../tools/scripts/mkbench.py')
    subprocess.check_call([sys.executable, mk, '--space', 'tss', '--format', 'nats-single', '--archs', '3', '--seed', '7',
                           'single/tss-mkbench-single.pickle.pbz2'])
    single_expected('single/tss-mkbench-single.pickle.pbz2', 'expected/tss-mkbench-single.txt')

    try:
        import torch
    except ImportError:
        print('no torch: torch fixtures skipped', file=sys.stderr)
        return
    make_torch(torch, meta_tss=load(os.path.join(tss, 'meta.pickle.pbz2'))['meta_archs'])


def make_torch(torch, meta_tss):
    os.makedirs('torch', exist_ok=True)
    base = torch.arange(12, dtype=torch.float32).reshape(3, 4) * 0.5 - 1.25
    tensors = {
        'f32': base,
        'f32_t': base.t(),                        # non-contiguous strides
        'f32_row': base[1],                       # storage offset 4
        'f64_0d': torch.tensor(3.25, dtype=torch.float64),
        'f16': torch.tensor([0.5, -1.0, 65504.0, 6.103515625e-05], dtype=torch.float16),
        'i64': torch.tensor([1, -2, 2 ** 40], dtype=torch.int64),
        'i32': torch.tensor([-7, 8], dtype=torch.int32),
        'i16': torch.tensor([-300, 300], dtype=torch.int16),
        'i8': torch.tensor([-5, 6], dtype=torch.int8),
        'u8': torch.tensor([250, 3], dtype=torch.uint8),
        'bool': torch.tensor([True, False, True]),
        'empty': torch.zeros(0, 3),
    }
    torch.save(tensors, 'torch/tensors-legacy.pth', _use_new_zipfile_serialization=False)
    torch.save(tensors, 'torch/tensors-zip.pth')

    # a tiny NAS-Bench-201 file whose records hold tensors (0-d flop, 1-d float64 latency)
    archs = [meta_tss[0], meta_tss[11], meta_tss[284]]

    def rc(ds, seed, epochs, k):
        ev = ['x-valid', 'ori-test'] if ds == 'cifar10-valid' else ['ori-test']
        return {'name': ds, 'train_acc1es': {e: 10.0 * e + k for e in range(epochs)}, 'train_acc5es': None,
                'train_losses': {e: 2.0 - 0.25 * e for e in range(epochs)},
                'train_times': {e: 1.5 for e in range(epochs)},
                'arch_config': {'channel': 16, 'num_cells': 5, 'arch_str': archs[k], 'class_num': 10},
                'params': np.float64(0.125 * (k + 1)), 'flop': torch.tensor(7.5 * (k + 1), dtype=torch.float64),
                'seed': '%04d' % seed, 'epochs': epochs,
                'latency': torch.tensor([0.01 * (k + 1), 0.02], dtype=torch.float64),
                'eval_names': ev,
                'eval_acc1es': {'%s@%d' % (n, e): 50.0 + e for n in ev for e in range(epochs)},
                'eval_times': {}, 'eval_losses': {'%s@%d' % (n, e): 1.0 / (e + 1) for n in ev for e in range(epochs)},
                'net_state_dict': None}

    def state(k, epochs, seeds):
        return {'arch_index': k, 'arch_str': archs[k], 'clear_net_done': True,
                'dataset_seed': {'cifar10-valid': seeds, 'cifar10': seeds[:1]},
                'all_results': {(ds, s): rc(ds, s, epochs, k) for ds in ('cifar10-valid', 'cifar10') for s in seeds}}

    d = {'meta_archs': archs, 'total_archs': 3,
         'arch2infos': {k: {'less': state(k, 2, [777]), 'full': state(k, 3, [777, 888])} for k in (0, 2)},
         'evaluated_indexes': {0, 2}}
    torch.save(d, 'torch/nb201-tensor-legacy.pth', _use_new_zipfile_serialization=False)
    torch.save(d, 'torch/nb201-tensor-zip.pth')


if __name__ == '__main__':
    main()
