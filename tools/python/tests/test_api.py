"""The drop-in as clients use it (nasmap.create / NASBench201API on the real tss and sss samples): every
member issue 9 lists, upstream's draws (where and how many), its errors, and the whole-space columns.
Values are checked against the Java-parity reader (nasmap.open, itself compared with Java and upstream's
recorded answers in test_reader) and against upstream's own rules restated here."""
import contextlib
import copy
import io
import json
import os
import random
import shutil
import sys
import tempfile
import unittest
from pathlib import Path

import numpy as np

from test_reader import JAR, SAMPLES, java_command, run

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import nasmap  # noqa: E402

_WORK = None
_TSS = None
_SSS = None


def setUpModule():
    global _WORK, _TSS, _SSS
    if not JAR.is_file():
        raise RuntimeError(f'{JAR} is missing: build it first (mvn -q -B package -DskipTests)')
    _WORK = Path(tempfile.mkdtemp(prefix='nasmap-py-api-'))
    _TSS = _WORK / 'NATS-tss-v1_0-3ffb9.nasmap'
    _SSS = _WORK / 'NATS-sss-v1_0-50262.nasmap'
    run(java_command('convert', str(SAMPLES['tss-sample']), str(_TSS)))
    run(java_command('convert', str(SAMPLES['sss-sample']), str(_SSS)))


def tearDownModule():
    if _WORK is not None:
        shutil.rmtree(_WORK, ignore_errors=True)


class Cell:
    def __init__(self, s):
        self.s = s

    def tostr(self):
        return self.s


def tss(**kw):
    return nasmap.create(str(_TSS), 'tss', fast_mode=kw.pop('fast_mode', True), verbose=kw.pop('verbose', False))


def quiet(fn, *a, **k):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        r = fn(*a, **k)
    return r, out.getvalue()


class Members(unittest.TestCase):

    def test_module_level(self):
        self.assertEqual(nasmap.version(), 'v1.8')
        self.assertEqual(nasmap.search_space_info('nats-bench', 'tss')['num_nodes'], 4)
        self.assertEqual(nasmap.search_space_info('nats-bench', 'size')['candidates'], [8, 16, 24, 32, 40, 48, 56, 64])
        self.assertEqual(nasmap.search_space_info('nas-bench-201', None)['op_names'][3], 'nor_conv_3x3')
        for bad in (('nats-bench', 'x'), ('nas-bench-201', 'tss'), ('x', None)):
            with self.assertRaises(ValueError):
                nasmap.search_space_info(*bad)
        with self.assertRaises(ValueError):
            nasmap.create(str(_TSS), 'nope')

    def test_create_finds_the_default_file_under_torch_home_and_names_where_it_looked(self):
        old = os.environ.get('TORCH_HOME')
        try:
            os.environ['TORCH_HOME'] = str(_WORK)
            api = nasmap.create(None, 'topology', fast_mode=True, verbose=False)
            self.assertEqual(api.filename, 'NATS-tss-v1_0-3ffb9.nasmap')
            self.assertEqual(nasmap.create(None, 'size', verbose=False).filename, 'NATS-sss-v1_0-50262.nasmap')
            os.environ['TORCH_HOME'] = str(_WORK / 'empty')
            with self.assertRaises(ValueError) as cm:
                nasmap.create(None, 'tss', verbose=False)
            self.assertIn(str(_WORK / 'empty' / 'NATS-tss-v1_0-3ffb9.nasmap'), str(cm.exception))
        finally:
            if old is None:
                os.environ.pop('TORCH_HOME', None)
            else:
                os.environ['TORCH_HOME'] = old
        with self.assertRaises(ValueError):
            nasmap.create(str(_SSS), 'tss', verbose=False)   # the file holds the other space
        with self.assertRaises(ValueError):
            nasmap.create(str(_WORK / 'missing.nasmap'), 'tss', verbose=False)

    def test_attributes(self):
        api = tss()
        self.assertTrue(api.is_topology)
        self.assertFalse(api.is_size)
        self.assertEqual((api.full_train_epochs, api.full_epochs_in_paper), (200, 200))
        self.assertEqual(api.search_space_name, 'topology')
        self.assertTrue(api.fast_mode)
        self.assertFalse(api.verbose)
        self.assertEqual(api.avaliable_hps, ['12', '200'])
        self.assertEqual(api.evaluated_indexes, {0, 11, 284})
        self.assertEqual(len(api), 15625)
        self.assertEqual(len(api.meta_archs), 15625)
        self.assertEqual(api[11], api.meta_archs[11])
        self.assertEqual(api[-1], api.arch(15624))
        self.assertEqual(api[10:12], [api[10], api[11]])
        self.assertEqual(next(iter(api)), api[0])
        self.assertEqual(sum(1 for _ in api), 15625)
        self.assertEqual(api.archstr2index[api[284]], 284)
        self.assertIn(api[7], api.archstr2index)
        self.assertEqual(copy.deepcopy(api.meta_archs)[:2], [api[0], api[1]])
        self.assertEqual(repr(api), 'NATStopology(3/15625 architectures, fast_mode=True, file=NATS-tss-v1_0-3ffb9.nasmap)')
        s = nasmap.create(str(_SSS), 'sss', verbose=False)
        self.assertTrue(s.is_size)
        self.assertEqual((s.full_train_epochs, s.full_epochs_in_paper, s.search_space_name), (90, 90, 'size'))
        self.assertEqual(s.avaliable_hps, ['01', '12', '90'])
        self.assertEqual(len(s), 32768)

    def test_nothing_to_do_members_say_so_when_verbose(self):
        api = tss()
        api.verbose = True
        for call in (lambda: api.reload(), lambda: api.clear_params(11), lambda: api.reset_fast_mode(False),
                     lambda: api.reset_archive_dir('/x')):
            _, out = quiet(call)
            self.assertIn('nothing to do', out)
        self.assertFalse(api.fast_mode)
        self.assertEqual(api.archive_dir, '/x')
        _, out = quiet(tss(verbose=True).get_cost_info, 11, 'cifar10')
        self.assertIn('Call the get_cost_info function with index=11', out)

    def test_query_index_by_arch(self):
        api = tss()
        s = api[11]
        self.assertEqual(api.query_index_by_arch(s), 11)
        self.assertEqual(api.query_index_by_arch(Cell(s)), 11)
        self.assertEqual(api.query_index_by_arch(Cell('|none~0|')), -1)
        self.assertEqual(api.query_index_by_arch('nope'), -1)
        self.assertEqual(api.query_index_by_arch(5), 5)
        self.assertEqual(api.query_index_by_arch(np.int64(5)), 5)  # upstream: -1 (a deliberate divergence)
        self.assertEqual(api.query_index_by_arch(3.0), -1)
        for bad in (-1, 15625):
            with self.assertRaises(ValueError):
                api.query_index_by_arch(bad)

    def test_tss_only_members(self):
        api = tss()
        s = '|nor_conv_1x1~0|+|none~0|none~1|+|none~0|none~1|skip_connect~2|'
        self.assertEqual(api.str2lists(s), [(('nor_conv_1x1', 0),), (('none', 0), ('none', 1)),
                                            (('none', 0), ('none', 1), ('skip_connect', 2))])
        m = api.str2matrix(s)
        self.assertEqual(m.tolist(), [[0, 0, 0, 0], [2, 0, 0, 0], [0, 0, 0, 0], [0, 0, 1, 0]])
        # upstream's rule: 'none' inputs are '#', so node 2 is '#+#'; node 3 skips node 2 in: '#', '#', '#+#'
        self.assertEqual(api.get_unique_str(s), '#+#+#+#')
        # isomorphic cells share the key: the two inputs of node 2 swapped in order
        a = '|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|none~1|none~2|'
        b = '|nor_conv_3x3~0|+|avg_pool_3x3~1|nor_conv_1x1~0|+|none~2|none~1|skip_connect~0|'
        if api.query_index_by_arch(b) >= 0:
            self.assertEqual(api.get_unique_str(a), api.get_unique_str(b))
        self.assertEqual(api.get_unique_str(a), '#+#+0')


class Answers(unittest.TestCase):

    def setUp(self):
        self.api = tss()
        self.ref = nasmap.open(_TSS)

    def test_get_more_info_with_comment_and_values_of_the_reader(self):
        api, ref = self.api, self.ref
        for ds in nasmap.DATASETS:
            for hp in ('12', '200', 12, 200):
                for r in [False] + api.get_dataset_seeds(11, ds, hp):
                    got = api.get_more_info(11, ds, hp=hp, is_random=r)
                    want = ref.get_more_info(11, ds, hp=hp, is_random=r)
                    comment = got.pop('comment', None)
                    self.assertEqual(got, want)
                    self.assertEqual(comment is not None, ds in ('cifar10-valid', 'cifar10'))
                    if comment:
                        self.assertIn(f'by {hp} epochs', comment)
        info = api.get_more_info(11, 'cifar10', hp='200', is_random=False)
        self.assertEqual(list(info)[:5], ['train-loss', 'train-accuracy', 'train-per-time', 'train-all-time', 'comment'])
        info['mine'] = 1  # a fresh dict each call
        self.assertNotIn('mine', api.get_more_info(11, 'cifar10', hp='200', is_random=False))

    def test_get_cost_info_latency_net_config_net_param(self):
        api, ref = self.api, self.ref
        self.assertEqual(api.get_cost_info(284, 'cifar100', hp='200'), ref.get_cost_info(284, 'cifar100', hp='200'))
        self.assertEqual(api.get_latency(284, 'cifar100', hp='200'), ref.get_cost_info(284, 'cifar100', '200')['latency'])
        cfg = api.get_net_config(11, 'cifar100')
        self.assertEqual(cfg, {'name': 'infer.tiny', 'C': 16, 'N': 5, 'arch_str': api[11], 'num_classes': 100})
        self.assertEqual(api.get_net_param(11, 'cifar100', None, '200'), {777: None, 888: None, 999: None})
        self.assertIsNone(api.get_net_param(11, 'cifar100', 777, '200'))
        with self.assertRaises(ValueError):
            api.get_net_param(11, 'cifar100', 123, '200')
        s = nasmap.create(str(_SSS), 'sss', verbose=False)
        self.assertEqual(s.get_net_config(11, 'cifar10')['name'], 'infer.shape.tiny')

    def test_result_objects(self):
        api, ref = self.api, self.ref
        info = api.query_meta_info_by_index(11, '200')
        self.assertEqual(info.get_dataset_names(), list(nasmap.DATASETS))
        self.assertEqual(info.get_dataset_seeds('cifar100'), [777, 888, 999])
        self.assertEqual(info.get_metrics('cifar100', 'x-valid'), ref.get_metrics(11, 'cifar100', 'x-valid', hp='200'))
        self.assertEqual(info.get_compute_costs('cifar10'), ref.get_cost_info(11, 'cifar10', hp='200'))
        self.assertEqual(info.get_total_epoch(), 200)
        self.assertGreater(info.get_latency('cifar10'), 0)
        trials = api.query_by_index(11, 'cifar100', '200')
        self.assertEqual(sorted(trials), [777, 888, 999])
        rc = trials[888]
        self.assertEqual(rc.get_train(5), ref.get_metrics(11, 'cifar100', 'train', iepoch=5, hp='200', is_random=888) |
                         {'iepoch': 5})
        self.assertEqual(len(rc.train_acc1es), 200)
        self.assertEqual(rc.train_acc1es[199], rc.get_train()['accuracy'])
        self.assertEqual(rc.get_eval('x-valid')['accuracy'], ref.get_metrics(11, 'cifar100', 'x-valid', hp='200',
                                                                             is_random=888)['accuracy'])
        self.assertEqual(rc.eval_names, ['x-valid', 'x-test', 'ori-test'])
        self.assertEqual(list(rc.eval_acc1es), ['x-valid@199', 'x-test@199'] + [f'ori-test@{e}' for e in range(200)])
        with self.assertRaises(KeyError):
            rc.get_eval('x-valid', 5)  # x-valid only at epoch 199 for cifar100 at hp 200
        with self.assertRaises(ValueError):
            rc.get_train(200)
        self.assertIsNone(rc.get_net_param())
        self.assertEqual(rc.get_config(None)['num_classes'], 100)
        self.assertEqual(set(rc.get_times()), {'T-train@epoch', 'T-train@total', 'T-x-valid@epoch', 'T-x-valid@total',
                                               'T-x-test@epoch', 'T-x-test@total', 'T-ori-test@epoch', 'T-ori-test@total'})
        self.assertIsInstance(api.query_by_index(11), nasmap.ArchResults)
        with self.assertRaises(ValueError):
            api.query_by_index(11, 'imagenet', '200')
        with self.assertRaises(ValueError):
            api.query_meta_info_by_index(11, '90')

    def test_query_info_str_and_show(self):
        api = self.api
        text = api.query_info_str_by_arch(11, '200')
        lines = text.split('\n')
        self.assertEqual(lines[0], api[11])
        self.assertEqual(lines[1], "datasets : ['cifar10-valid', 'cifar10', 'cifar100', 'ImageNet16-120'], "
                                   "extra-info : arch-index=11")
        self.assertRegex(lines[2], r'^cifar10-valid  FLOP=\s*[\d.]+ M, Params=[\d.]+ MB, latency=[\d.]+ ms\.$')
        self.assertRegex(lines[3], r'^cifar10-valid  train : \[loss = [\d.]+ & top1 = [\d.]+%\], valid : \[')
        self.assertEqual(api.query_by_arch(api[11], '200'), text)
        with self.assertRaises(ValueError):
            api.query_info_str_by_arch(11, 200)   # upstream compares the hp key as given
        _, out = quiet(api.show, 11)
        self.assertIn(' 012 epochs ', out)
        self.assertIn(' 200 epochs ', out)
        _, out = quiet(api.show, 5)
        self.assertIn('has not been evaluated', out)
        _, out = quiet(api.show, 99999)
        self.assertIn('out of range', out)
        _, out = quiet(api.show, -1)   # upstream raises a KeyError here (a deliberate divergence)
        self.assertEqual(out.count(' 200 epochs '), 3)

    def test_errors_are_upstreams_classes(self):
        api = self.api
        cases = [
            (lambda: api.get_more_info(11, 'cifar10', hp='90'), KeyError),
            (lambda: api.get_more_info(11, 'imagenet'), KeyError),
            (lambda: api.get_more_info(11, 'cifar10', iepoch=12), ValueError),
            (lambda: api.get_more_info(11, 'cifar10', is_random=123), ValueError),
            (lambda: api.get_more_info(11, 'cifar10', is_random='x'), ValueError),
            (lambda: api.get_more_info('nope', 'cifar10'), ValueError),
            (lambda: api.get_more_info(15625, 'cifar10'), ValueError),
            (lambda: api.simulate_train_eval(11, 'cifar10-valid'), ValueError),
            (lambda: api.simulate_train_eval(11, 'cifar10', hp=90), KeyError),
            (lambda: api.get_cost_info(11, 'cifar10', hp='90'), ValueError),
            (lambda: api.get_cost_info(11, 'nope'), KeyError),
            (lambda: api.get_cost_info(-1, 'cifar10'), ValueError),
            (lambda: api.arch(15625), ValueError),
            (lambda: api.get_net_config(11, 'nope'), KeyError),
            (lambda: api.statistics('nope', '12'), ValueError),
            (lambda: api.find_best('cifar10', 'x-valid', enforce_all=True, hp='200'), KeyError),
            (lambda: tss(fast_mode=False).find_best('cifar10', 'test', enforce_all=True), AssertionError),
            (lambda: api.get_more_info(5, 'cifar10'), AssertionError),   # not held: upstream's missing file
        ]
        for call, cls in cases:
            with self.assertRaises(cls):
                call()

    def test_simulate_train_eval_and_used_time(self):
        api, ref = self.api, self.ref
        api.reset_time()
        self.assertEqual(api.used_time, 0)
        random.seed(3)
        total = 0.0
        for i in (0, 11, 284, 11, 0):
            state = random.getstate()
            acc, lat, cost, used = api.simulate_train_eval(i, 'cifar100', hp='200')
            random.setstate(state)
            seed = random.choice(ref._seeds(i, 'cifar100', '200'))
            info = ref.get_more_info(i, 'cifar100', hp='200', is_random=seed)
            self.assertEqual(acc, info['valid-accuracy'])
            self.assertEqual(cost, info['train-all-time'] + info['valid-per-time'])
            self.assertEqual(lat, ref.get_cost_info(i, 'cifar100', '200')['latency'])
            total += cost
            self.assertEqual(used, total)
        self.assertEqual(api.used_time, total)
        api.simulate_train_eval(11, 'cifar10', account_time=False)
        self.assertEqual(api.used_time, total)


class Draws(unittest.TestCase):
    """Where and how upstream draws from the global random module (issue 9's checked facts)."""

    def setUp(self):
        self.api = tss()
        self.ref = nasmap.open(_TSS)

    def after(self, seed, *draws):
        random.seed(seed)
        for d in draws:
            d()
        return random.getstate()

    def test_get_more_info_draws_one_choice_before_reading(self):
        api = self.api
        seeds = api.get_dataset_seeds(11, 'cifar100', '200')
        random.seed(1)
        api.get_more_info(11, 'cifar100', hp='200')
        self.assertEqual(random.getstate(), self.after(1, lambda: random.choice(seeds)))
        random.seed(1)
        with self.assertRaises(ValueError):
            api.get_more_info(11, 'cifar100', iepoch=999, hp='200')   # drawn, then the epoch fails
        self.assertEqual(random.getstate(), self.after(1, lambda: random.choice(seeds)))
        random.seed(1)
        with self.assertRaises(KeyError):
            api.get_more_info(11, 'cifar100', hp='90')                # the hp fails before any draw
        self.assertEqual(random.getstate(), self.after(1))
        random.seed(1)
        api.get_more_info(11, 'cifar100', hp='200', is_random=False)
        api.get_more_info(11, 'cifar100', hp='200', is_random=888)
        self.assertEqual(random.getstate(), self.after(1))

    def test_a_single_seed_is_still_drawn(self):
        api = self.api
        for i in sorted(api.evaluated_indexes):
            for ds in nasmap.DATASETS:
                for hp in api.avaliable_hps:
                    seeds = api.get_dataset_seeds(i, ds, hp)
                    if len(seeds) == 1:
                        random.seed(2)
                        api.get_more_info(i, ds, hp=hp)
                        self.assertEqual(random.getstate(), self.after(2, lambda: random.choice(seeds)))
                        return
        self.skipTest('the sample has no single-seed group')

    def test_simulate_draws_again_where_valid_is_absent_at_that_epoch(self):
        api, ref = self.api, self.ref
        seeds = api.get_dataset_seeds(11, 'cifar100', '200')
        random.seed(4)
        acc, lat, cost, _ = api.simulate_train_eval(11, 'cifar100', iepoch=5, hp='200')
        random.seed(4)
        first, second = random.choice(seeds), random.choice(seeds)
        self.assertEqual(random.getstate(), self.after(4, lambda: random.choice(seeds), lambda: random.choice(seeds)))
        at5 = ref.get_more_info(11, 'cifar100', iepoch=5, hp='200', is_random=first)
        last = ref.get_more_info(11, 'cifar100', hp='200', is_random=second)
        self.assertNotIn('valid-accuracy', at5)
        self.assertEqual(acc, at5['valtest-accuracy'])
        self.assertEqual(cost, at5['train-all-time'] + last['valid-per-time'])
        # the same call again is answered from the cache with the same two draws
        random.seed(4)
        self.assertEqual(api.simulate_train_eval(11, 'cifar100', iepoch=5, hp='200')[:3], (acc, lat, cost))
        self.assertEqual(random.getstate(), self.after(4, lambda: random.choice(seeds), lambda: random.choice(seeds)))

    def test_arch_results_get_metrics_reads_every_seed_then_randint(self):
        api = self.api
        info = api.query_meta_info_by_index(11, '200')
        random.seed(5)
        got = info.get_metrics('cifar100', 'train', iepoch=3, is_random=True)
        random.seed(5)
        pick = random.randint(0, 2)
        self.assertEqual(random.getstate(), self.after(5, lambda: random.randint(0, 2)))
        want = self.ref.get_metrics(11, 'cifar100', 'train', iepoch=3, hp='200', is_random=[777, 888, 999][pick])
        self.assertEqual(got, dict(want, iepoch=3))
        random.seed(5)
        with self.assertRaises(KeyError):
            info.get_metrics('cifar100', 'x-valid', iepoch=3, is_random=True)   # a seed fails: no draw
        self.assertEqual(random.getstate(), self.after(5))

    def test_random_is_randint(self):
        random.seed(6)
        got = [self.api.random() for _ in range(5)]
        random.seed(6)
        self.assertEqual(got, [random.randint(0, 15624) for _ in range(5)])


class WholeSpace(unittest.TestCase):

    def setUp(self):
        self.api = tss()
        self.ref = nasmap.open(_TSS)

    def test_table_is_the_mean_final_accuracy_nan_where_absent(self):
        api = self.api
        t = api.table('cifar100', '200', 'x-valid')
        self.assertEqual(t.shape, (15625,))
        self.assertFalse(t.flags.writeable)
        self.assertEqual(int(np.count_nonzero(~np.isnan(t))), 3)
        for i in (0, 11, 284):
            self.assertAlmostEqual(t[i], api.get_metrics(i, 'cifar100', 'x-valid', hp='200')['accuracy'], places=4)
        self.assertTrue(np.isnan(api.table('cifar10', '200', 'x-valid')[11]))  # cifar10 has no x-valid
        loss = api.table('cifar10', 12, 'ori-test', metric='loss')
        self.assertEqual(loss[284], api.get_metrics(284, 'cifar10', 'ori-test', hp='12')['loss'])

    def test_curve(self):
        api = self.api
        c = api.curve(11, 'cifar100', '200', 'x-valid')
        self.assertEqual(c.shape, (200,))
        self.assertTrue(np.isnan(c[:199]).all())
        self.assertEqual(c[199], api.get_metrics(11, 'cifar100', 'x-valid', hp='200')['accuracy'])
        one = api.curve(11, 'cifar100', '200', 'train', 'loss', seed=888)
        self.assertEqual(one[4], api.get_metrics(11, 'cifar100', 'train', iepoch=4, hp='200', is_random=888)['loss'])

    def test_costs_and_find_best_as_upstreams_loop(self):
        api, ref = self.api, self.ref
        c = api.costs('cifar10', '200')
        for i in (0, 11, 284):
            cost = ref.get_cost_info(i, 'cifar10', '200')
            self.assertEqual((c['flops'][i], c['params'][i], c['latency'][i]),
                             (cost['flops'], cost['params'], cost['latency']))
        for ds, setname in (('cifar10', 'test'), ('cifar10', 'valid'), ('cifar100', 'x-test'), ('ImageNet16-120', 'valid')):
            for flop_max in (None, 20.0, 100.0, 1.0):
                best, acc = api.find_best(ds, setname, flop_max=flop_max, hp='200')
                # upstream's loop, over the evaluated architectures in index order
                rd, rs = {('cifar10', 'valid'): ('cifar10-valid', 'x-valid'), ('cifar10', 'test'): ('cifar10', 'ori-test'),
                          ('ImageNet16-120', 'valid'): ('ImageNet16-120', 'x-valid')}.get((ds, setname), (ds, setname))
                wb, wa = -1, None
                for i in (0, 11, 284):
                    if flop_max is not None and ref.get_cost_info(i, rd, '200')['flops'] > flop_max:
                        continue
                    a = ref.get_metrics(i, rd, rs, hp='200')['accuracy']
                    if wb == -1 or wa < a:
                        wb, wa = i, a
                self.assertEqual(best, wb)
                if wb >= 0:
                    self.assertAlmostEqual(acc, wa, places=4)
        self.assertEqual(api.statistics('cifar100', '200'), {3: 3})
        self.assertEqual(api.statistics('cifar10-valid', 12), api.statistics('cifar10-valid', '12'))


class NasBench201(unittest.TestCase):

    def test_nas_201_api_signatures(self):
        api = nasmap.NASBench201API(str(_TSS), verbose=False)
        self.assertEqual(repr(api), 'NASBench201API(3/15625 architectures, file=NATS-tss-v1_0-3ffb9.nasmap)')
        self.assertEqual(api.evaluated_indexes, [0, 11, 284])
        self.assertNotIn('comment', api.get_more_info(11, 'cifar10', hp='200'))
        random.seed(8)
        acc, lat, cost, used = api.simulate_train_eval(11, 'cifar100', hp='200')
        random.seed(8)
        seed = random.choice([777, 888, 999])
        ref = nasmap.open(_TSS)
        info = ref.get_more_info(11, 'cifar100', hp='200', is_random=seed)
        self.assertEqual((acc, cost), (info['valid-accuracy'], info['train-all-time'] + info['valid-per-time']))
        self.assertEqual(lat, ref.get_cost_info(11, 'cifar100', '12')['latency'])   # nas_201_api: hp '12' latency
        self.assertEqual(api.find_best('cifar10', 'test', FLOP_max=100, hp='200'),
                         nasmap.create(str(_TSS), 'tss', verbose=False).find_best('cifar10', 'test', flop_max=100,
                                                                                   hp='200'))
        with self.assertRaises(AssertionError):
            api.arch(15625)
        with self.assertRaises(AssertionError):
            api.simulate_train_eval(11, 'cifar10-valid')


class Protocol(unittest.TestCase):

    def test_query_engine_over_a_drop_in_object_leaves_the_global_random_alone(self):
        api = tss()
        engine = nasmap.QueryEngine(api, random_seed=3)
        random.seed(9)
        state = random.getstate()
        a = engine.answer(json.dumps({'op': 'get_more_info', 'index': 11, 'dataset': 'cifar100', 'hp': '200'}))
        self.assertIn('train-loss', a)
        self.assertEqual(random.getstate(), state)
