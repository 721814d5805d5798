"""A drop-in for `nats_bench` 1.8: `create(...)` returns an object that behaves like upstream's
`NATStopology` / `NATSsize` for what a client can observe, as if every architecture of the file were
loaded, and draws from Python's global `random` module exactly where and how upstream draws.

Above the byte-level layer: every value comes through `NasmapFile` and `_layout.Layout`'s interface."""

import operator
import os
import random
import time

import numpy as np

from ._errors import NasmapQueryError
from ._file import MEAN, SEED, NasmapFile, remap_names as _remap, split_code
from ._names import CIFAR10, CIFAR10_VALID, DATASETS, HPS, METRICS, SPLITS, TRAIN
from ._cells import TSS_OPS, str2lists, str2matrix, unique_str
from ._results import ArchResults

API_VERSION = 'v1.8'
"""The `nats_bench` API version whose behaviour this package follows."""

TSS_NAMES = ('tss', 'topology')
SSS_NAMES = ('sss', 'size')
BASE_NAMES = {'tss': 'NATS-tss-v1_0-3ffb9', 'sss': 'NATS-sss-v1_0-50262'}
FILE_SUFFIX = '.nasmap'
_MEMO_LIMIT = 1 << 16  # cached answers per kind; the cache is emptied when full


def version():
    """The `nats_bench` API version this package answers as (upstream's `nats_bench.version()`)."""
    return API_VERSION


def search_space_info(main_tag, aux_tag):
    """Upstream's `search_space_info`: the candidates of a search space."""
    sss = dict(candidates=[8, 16, 24, 32, 40, 48, 56, 64], num_layers=5)
    tss = dict(op_names=list(TSS_OPS), num_nodes=4)
    if main_tag == 'nats-bench':
        if aux_tag in SSS_NAMES:
            return sss
        if aux_tag in TSS_NAMES:
            return tss
        raise ValueError(f'Unknown auxiliary tag: {aux_tag}')
    if main_tag == 'nas-bench-201':
        if aux_tag is not None:
            raise ValueError('For NAS-Bench-201, the auxiliary tag should be None.')
        return tss
    raise ValueError(f'Unknown main tag: {main_tag}')


def torch_home():
    """Where upstream looks for its files: $TORCH_HOME, else ~/.torch."""
    if 'TORCH_HOME' in os.environ:
        return os.environ['TORCH_HOME']
    if 'HOME' in os.environ:
        return os.path.join(os.environ['HOME'], '.torch')
    raise ValueError('Did not find HOME in os.environ. Please at least setup the path of HOME or TORCH_HOME '
                     'in the environment.')


def _time_string():
    return '[{:}]'.format(time.strftime('%Y-%m-%d %X', time.gmtime(time.time())))


def create(file_path, search_space, fast_mode=False, verbose=True):
    """Upstream's `nats_bench.create`: `file_path` a .nasmap file, or None for
    `$TORCH_HOME/NATS-tss-v1_0-3ffb9.nasmap` (sss: `NATS-sss-v1_0-50262.nasmap`); `search_space` one of
    tss, topology, sss, size. `fast_mode` changes nothing but what `fast_mode` reports (and find_best's
    default): the file is mapped, never loaded."""
    if search_space in TSS_NAMES:
        return NATStopology(file_path, fast_mode, verbose)
    if search_space in SSS_NAMES:
        return NATSsize(file_path, fast_mode, verbose)
    raise ValueError(f'invalid search space : {search_space}')


class NasmapNotHeldError(NasmapQueryError, AssertionError):
    """An architecture of the space that a partial file does not hold (upstream's fast mode raises an
    AssertionError for its missing archive file)."""


class _ArchList:
    """`meta_archs`: the architecture strings as a read-only sequence, read from the file on demand."""

    def __init__(self, api):
        self._api = api

    def __len__(self):
        return self._api.arch_count

    def __getitem__(self, i):
        n = self._api.arch_count
        if isinstance(i, slice):
            return [self._api.layout.arch(j) for j in range(*i.indices(n))]
        i = operator.index(i)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError('list index out of range')
        return self._api.layout.arch(i)

    def __iter__(self):
        arch = self._api.layout.arch
        return (arch(i) for i in range(self._api.arch_count))

    def __contains__(self, s):
        return isinstance(s, str) and self._api._lookup(s) >= 0

    def index(self, s):
        i = self._api._lookup(s) if isinstance(s, str) else -1
        if i < 0:
            raise ValueError(f'{s!r} is not in list')
        return i

    def count(self, s):
        return 1 if s in self else 0

    def __eq__(self, other):
        return list(self) == list(other) if isinstance(other, (list, tuple, _ArchList)) else NotImplemented

    def __deepcopy__(self, memo):
        return list(self)

    def __repr__(self):
        return f'<{self._api.arch_count} architecture strings of {self._api.filename}>'


class _ArchIndex:
    """`archstr2index`: architecture string -> index, answered by the file's lookup table."""

    def __init__(self, api):
        self._api = api

    def __getitem__(self, s):
        i = self._api._lookup(s) if isinstance(s, str) else -1
        if i < 0:
            raise KeyError(s)
        return i

    def get(self, s, default=None):
        i = self._api._lookup(s) if isinstance(s, str) else -1
        return default if i < 0 else i

    def __contains__(self, s):
        return isinstance(s, str) and self._api._lookup(s) >= 0

    def __len__(self):
        return self._api.arch_count

    def __iter__(self):
        return iter(self._api.meta_archs)

    def keys(self):
        return iter(self)

    def values(self):
        return iter(range(self._api.arch_count))

    def items(self):
        return zip(self._api.meta_archs, range(self._api.arch_count))


class _NATSBase(NasmapFile):
    """What NATStopology and NATSsize share (upstream's NASBenchMetaAPI)."""

    _space = None
    _space_title = None
    _comment = True  # nats_bench's get_more_info adds a 'comment' for cifar10-valid and cifar10
    _base_name = None

    def __init__(self, file_path=None, fast_mode=False, verbose=True):
        base = self._base_name or BASE_NAMES[self._space]
        if file_path is None:
            path = os.path.join(torch_home(), base + FILE_SUFFIX)
            if verbose:
                print(f'{_time_string()} Try to use the default NATS-Bench ({self._space_title}) path from '
                      f'fast_mode={fast_mode} and path={path}.')
            if not os.path.isfile(path):
                raise ValueError(f'no nasmap file at {path} ($TORCH_HOME, default ~/.torch, then {base}{FILE_SUFFIX}): '
                                 f'convert the NATS-Bench archive with `nasmap convert` and put it there, '
                                 f'or pass its path')
        elif isinstance(file_path, dict):
            raise ValueError('nasmap answers from a .nasmap file: pass its path (a dict of loaded results is '
                             'not supported)')
        else:
            path = os.fspath(file_path)
            if verbose:
                print(f'{_time_string()} Try to create the NATS-Bench ({self._space_title}) api from {path} '
                      f'with fast_mode={fast_mode}')
            if not os.path.isfile(path):
                raise ValueError(f'{path} is neither a file or a dir.' if not os.path.exists(path) else
                                 f'{path} is not a nasmap file (a directory: nasmap reads one .nasmap file, '
                                 f'converted from the archive with `nasmap convert`)')
        super().__init__(path, rng=random)
        del self.random  # upstream's random() method; the draws are the global random module's
        if self.space != self._space:
            raise ValueError(f'{path} holds the {self.space} search space, not {self._space}')
        self._fast_mode = fast_mode
        self.verbose = verbose
        self.filename = os.path.basename(path)
        self._archive_dir = None
        self._used_time = 0
        self._arch_cache = {}
        self._info_memo = {}
        self._cost_memo = {}
        self._args_memo = {}
        self._sim_memo = {}
        self._seed_memo = {}
        self._held = None
        if verbose:
            print(f'{_time_string()} Create NATS-Bench ({self._space_title}) done with '
                  f'{self.held_count}/{self.arch_count} architectures avaliable.')

    # -------------------------------------------------------------------------------------- upstream's draws

    def _draw_index(self, n):
        return random.randint(0, n - 1)

    def _draw_seed(self, first, n):
        seed = self.layout.trial_seed
        return random.choice([seed(first + i) for i in range(n)])

    # -------------------------------------------------------------------------------------- attributes

    @property
    def is_topology(self):
        return self._space == 'tss'

    @property
    def is_size(self):
        return self._space == 'sss'

    @property
    def search_space_name(self):
        return self._space_title

    @property
    def fast_mode(self):
        return self._fast_mode

    @property
    def archive_dir(self):
        return self._archive_dir

    @property
    def used_time(self):
        return self._used_time

    @property
    def avaliable_hps(self):
        """The hps the file holds, sorted (upstream lists a set, in an order that varies run to run)."""
        return sorted(self.hps)

    @property
    def meta_archs(self):
        return _ArchList(self)

    @property
    def archstr2index(self):
        return _ArchIndex(self)

    @property
    def evaluated_indexes(self):
        """The architectures the file holds (all of them for a full file), as a set."""
        if self._held is None:
            self._held = set(int(i) for i in np.flatnonzero(self.layout_held_mask()))
        return self._held

    def layout_held_mask(self):
        bits = self.layout.arch_hps
        return np.fromiter((bits(i) != 0 for i in range(self.arch_count)), dtype=bool, count=self.arch_count)

    def __repr__(self):
        return (f'{type(self).__name__}({self.held_count}/{self.arch_count} architectures, '
                f'fast_mode={self.fast_mode}, file={self.filename})')

    def __getitem__(self, index):
        return self.meta_archs[index]

    def __iter__(self):
        return iter(self.meta_archs)

    def reset_time(self):
        self._used_time = 0

    def reset_fast_mode(self, fast_mode):
        """Records the flag (find_best's default follows it); nothing to load or drop: the file is mapped."""
        if self.verbose:
            print(f'{_time_string()} reset_fast_mode({fast_mode}): nothing to do, nasmap maps the whole file')
        self._fast_mode = fast_mode

    def reset_archive_dir(self, archive_dir):
        """Records the directory; nasmap reads no archive directory."""
        if self.verbose:
            print(f'{_time_string()} reset_archive_dir({archive_dir}): nothing to do, nasmap reads one file')
        self._archive_dir = archive_dir

    def reload(self, archive_root=None, index=None):
        """Nothing to do: every architecture of the file is always available."""
        if self.verbose:
            print(f'{_time_string()} reload(archive_root={archive_root}, index={index}): nothing to do, '
                  f'nasmap maps the whole file')

    def clear_params(self, index, hp=None):
        """Nothing to do: nasmap files hold no weights."""
        if self.verbose:
            print(f'{_time_string()} clear_params(index={index}, hp={hp}): nothing to do, nasmap files hold '
                  f'no weights')

    # -------------------------------------------------------------------------------------- indexes

    def _lookup(self, s):
        i = self._arch_cache.get(s)
        if i is None:
            self._ensure_open()
            i = self.layout.index_of(s)
            if i >= 0:
                self._arch_cache[s] = i
        return i

    def arch(self, index):
        if self.verbose:
            print(f'Call the arch function with index={index}')
        if index < 0 or index >= self.arch_count:
            raise NasmapQueryError(f'invalid index : {index} vs. {self.arch_count}.')
        return self.layout.arch(operator.index(index))

    def query_index_by_arch(self, arch):
        if self.verbose:
            print(f'{_time_string()} Call query_index_by_arch with arch={arch}')
        if isinstance(arch, (int, np.integer)):
            if 0 <= arch < self.arch_count:
                return int(arch)
            raise NasmapQueryError(f'Invalid architecture index {arch} vs [0, {self.arch_count}].')
        if isinstance(arch, str):
            return self._lookup(arch)
        if hasattr(arch, 'tostr'):
            return self._lookup(arch.tostr())
        return -1

    def _held_index(self, index):
        """What upstream's _prepare_info accepts: an index of the space whose results are there."""
        try:
            i = operator.index(index)
        except TypeError:
            if isinstance(index, str):
                i = self._lookup(index)
            else:
                raise NasmapQueryError(f'invalid index of {index!r}') from None
        if not 0 <= i < self.arch_count:
            raise NasmapQueryError(f'invalid index of {index}')
        self._ensure_open()
        if not self.layout.arch_hps(i):
            raise NasmapNotHeldError(f'architecture {i} is not held by {self.filename} ({self.held_count} of '
                                     f'{self.arch_count} architectures are)')
        return i

    def _hp(self, arch, hp, error=NasmapQueryError):
        """str(hp) as upstream's dict key: one of the architecture's hps, else a KeyError (or ValueError)."""
        s = str(hp)
        code = HPS.index(s) if s in HPS else -1
        if code < 0 or not self.layout.arch_hps(arch) >> code & 1:
            raise error(f'The {arch}-th architecture only has hyper-parameters of '
                        f'{[HPS[h] for h in range(len(HPS)) if self.layout.arch_hps(arch) >> h & 1]} '
                        f'instead of {hp}.' if error is not NasmapQueryError else repr(s))
        return code

    def _dataset(self, arch, hp, dataset):
        """The dataset code where upstream's dataset_seed has it, else a KeyError."""
        ds = DATASETS.index(dataset) if isinstance(dataset, str) and dataset in DATASETS else -1
        if ds < 0 or self.layout.group(arch, hp, ds)[0] < 0:
            raise NasmapQueryError(repr(dataset))
        return ds

    def _group_seeds(self, arch, hp, ds):
        key = (arch, hp, ds)
        seeds = self._seed_memo.get(key)
        if seeds is None:
            first, n, _ = self.layout.group(arch, hp, ds)
            seed = self.layout.trial_seed
            seeds = self._seed_memo[key] = [seed(first + i) for i in range(n)]
        return seeds

    @staticmethod
    def _upstream_iepoch(iepoch):
        """iepoch as upstream checks it, after the draw: None = last; a bad one fails in the reading."""
        if iepoch is None:
            return -1
        if isinstance(iepoch, (int, np.integer)) and iepoch >= 0:
            return int(iepoch)
        if isinstance(iepoch, float) and iepoch.is_integer() and iepoch >= 0:
            return int(iepoch)
        return 1 << 30  # no trial has that many epochs: invalid iepoch, as upstream's judge_valid

    @staticmethod
    def _upstream_choice(is_random):
        if isinstance(is_random, bool):
            return (2, 0) if is_random else (MEAN, 0)
        if isinstance(is_random, int):
            return SEED, is_random
        raise NasmapQueryError(f'invalid value for is_random: {is_random}')

    # -------------------------------------------------------------------------------------- get_more_info

    def get_more_info(self, index, dataset, iepoch=None, hp='12', is_random=True):
        if self.verbose:
            print(f'{_time_string()} Call the get_more_info function with index={index}, dataset={dataset}, '
                  f'iepoch={iepoch}, hp={hp}, and is_random={is_random}.')
        # arguments seen before (an index or string, a dataset and hp that were valid): skip the checks
        cls = index.__class__
        known = self._args_memo.get((index, dataset, hp)) if (cls is int or cls is str) and not self.verbose \
            and dataset.__class__ is str and hp.__class__ in (str, int) else None
        if known is not None:
            arch, ds, hpc, seeds = known
            if is_random is True:
                kind, seed = SEED, random.choice(seeds)
            else:
                kind, seed = self._upstream_choice(is_random)
        else:
            arch = self._held_index(self.query_index_by_arch(index))
            hpc = self._hp(arch, hp)
            if is_random is True:
                ds = self._dataset(arch, hpc, dataset)
                seeds = self._group_seeds(arch, hpc, ds)
                kind, seed = SEED, random.choice(seeds)
            else:
                kind, seed = self._upstream_choice(is_random)
                ds = self._dataset(arch, hpc, dataset)
                seeds = self._group_seeds(arch, hpc, ds)
            if (cls is int or cls is str) and dataset.__class__ is str and hp.__class__ in (str, int):
                if len(self._args_memo) >= _MEMO_LIMIT:
                    self._args_memo.clear()
                self._args_memo[(index, dataset, hp)] = (arch, ds, hpc, seeds)
        ie = -1 if iepoch is None else self._upstream_iepoch(iepoch)
        out = self._info_memo.get((arch, ds, hpc, ie, kind, seed))
        if out is None:
            out = self._info(arch, ds, hpc, ie, kind, seed)
        return dict(out)

    def _info(self, arch, ds, hp, ie, kind, seed):
        """get_more_info's dict for a seed or the mean (no draw), with upstream's comment; cached."""
        key = (arch, ds, hp, ie, kind, seed)
        out = self._info_memo.get(key)
        if out is None:
            raw = self._more_info(arch, ds, hp, ie, kind, seed)
            if self._comment and (ds == CIFAR10_VALID or ds == CIFAR10):
                out = {k: raw[k] for k in ('train-loss', 'train-accuracy', 'train-per-time', 'train-all-time')}
                out['comment'] = _COMMENTS[ds].format(HPS[hp])
                for k, v in raw.items():
                    out.setdefault(k, v)
            else:
                out = raw
            if len(self._info_memo) >= _MEMO_LIMIT:
                self._info_memo.clear()
            self._info_memo[key] = out
        return out

    # -------------------------------------------------------------------------------------- simulate_train_eval

    def simulate_train_eval(self, arch, dataset, iepoch=None, hp='12', account_time=True):
        index = self.query_index_by_arch(arch)
        if dataset not in ('cifar10', 'cifar100', 'ImageNet16-120'):
            raise NasmapQueryError(f"Invalid dataset name : {dataset} vs ('cifar10', 'cifar100', 'ImageNet16-120')")
        key = (index, dataset, hp, hp.__class__, iepoch, iepoch.__class__)
        try:
            entry = None if self.verbose else self._sim_memo.get(key)
        except TypeError:  # an unhashable argument: the general path says what upstream says
            entry = key = None
        if entry is not None:
            seeds, per_seed, last_seeds, last_valid_per, latency = entry
            valid_acc, all_time, valid_per = per_seed[random.choice(seeds)]
            if valid_per is None:
                valid_per = last_valid_per[random.choice(last_seeds)]
            time_cost = all_time + valid_per
        else:
            info = self.get_more_info(index, 'cifar10-valid' if dataset == 'cifar10' else dataset, iepoch=iepoch,
                                      hp=hp, is_random=True)
            if 'valid-accuracy' in info:
                valid_acc = info['valid-accuracy']
                time_cost = info['train-all-time'] + info['valid-per-time']
            else:
                valid_acc = info['valtest-accuracy']
                temp = self.get_more_info(index, dataset, iepoch=None, hp=hp, is_random=True)
                time_cost = info['train-all-time'] + temp['valid-per-time']
            latency = self.get_latency(index, dataset, hp=hp)
            if key is not None and not self.verbose:
                self._remember_simulation(key, index, dataset, hp, iepoch, latency)
        if account_time:
            self._used_time += time_cost
        return valid_acc, latency, time_cost, self._used_time

    def _remember_simulation(self, key, index, dataset, hp, iepoch, latency):
        """Every seed's answer of a simulate_train_eval that succeeded, so that the next call with the same
        arguments only draws (the same draws) and looks up. Reads without drawing."""
        ds = CIFAR10_VALID if dataset == 'cifar10' else DATASETS.index(dataset)
        hpc = HPS.index(str(hp))
        ie = self._upstream_iepoch(iepoch)
        seeds = self._group_seeds(index, hpc, ds)
        per_seed = {}
        last_seeds = last_valid = None
        for s in seeds:
            info = self._info(index, ds, hpc, ie, SEED, s)
            if 'valid-accuracy' in info:
                per_seed[s] = (info['valid-accuracy'], info['train-all-time'], info['valid-per-time'])
            else:
                per_seed[s] = (info['valtest-accuracy'], info['train-all-time'], None)
                if last_valid is None:
                    dsl = DATASETS.index(dataset)
                    last_seeds = self._group_seeds(index, hpc, dsl)
                    last_valid = {t: self._info(index, dsl, hpc, -1, SEED, t)['valid-per-time'] for t in last_seeds}
        if len(self._sim_memo) >= _MEMO_LIMIT:
            self._sim_memo.clear()
        self._sim_memo[key] = (seeds, per_seed, last_seeds, last_valid, latency)

    def random(self):
        """A random index of the space: random.randint(0, len(self) - 1), as upstream."""
        return random.randint(0, self.arch_count - 1)

    # -------------------------------------------------------------------------------------- costs

    def get_cost_info(self, index, dataset, hp='12'):
        if self.verbose:
            print(f'{_time_string()} Call the get_cost_info function with index={index}, dataset={dataset}, '
                  f'and hp={hp}.')
        # arguments seen before (an int or str index, valid dataset and hp) skip the checks
        key = (index, dataset, hp) if index.__class__ in (int, str) and hp.__class__ in (int, str) and \
            dataset.__class__ is str else None
        out = None if key is None else self._cost_memo.get(key)
        if out is None:
            arch = self._held_index(index)
            hpc = self._hp(arch, hp, ValueError)
            out = self._get_cost_info(arch, self._dataset(arch, hpc, dataset), hpc)
            if key is not None:
                if len(self._cost_memo) >= _MEMO_LIMIT:
                    self._cost_memo.clear()
                self._cost_memo[key] = out
        return dict(out)

    def get_latency(self, index, dataset, hp='12'):
        if self.verbose:
            print(f'{_time_string()} Call the get_latency function with index={index}, dataset={dataset}, '
                  f'and hp={hp}.')
        return self.get_cost_info(index, dataset, hp)['latency']

    # -------------------------------------------------------------------------------------- result objects

    def query_meta_info_by_index(self, arch_index, hp='12'):
        if self.verbose:
            print(f'Call query_meta_info_by_index with arch_index={arch_index}, hp={hp}')
        arch = self._held_index(arch_index)
        return ArchResults(self, arch, self._hp(arch, hp, ValueError))

    def query_by_index(self, arch_index, dataname=None, hp='12'):
        if self.verbose:
            print(f'{_time_string()} Call query_by_index with arch_index={arch_index}, dataname={dataname}, '
                  f'hp={hp}')
        info = self.query_meta_info_by_index(arch_index, str(hp))
        if dataname is None:
            return info
        if dataname not in info.get_dataset_names():
            raise NasmapQueryError(f'invalid dataset-name : {dataname} vs. {info.get_dataset_names()}')
        return info.query(dataname)

    def get_dataset_seeds(self, index, dataset, hp='12'):
        """nasmap's convenience: `query_meta_info_by_index(index, hp).get_dataset_seeds(dataset)`."""
        arch = self._held_index(self.query_index_by_arch(index))
        hpc = self._hp(arch, hp, ValueError)
        return list(self._group_seeds(arch, hpc, self._dataset(arch, hpc, dataset)))

    def get_metrics(self, index, dataset, setname, iepoch=None, hp='12', is_random=False):
        """nasmap's convenience: `query_meta_info_by_index(index, hp).get_metrics(dataset, setname, iepoch,
        is_random)` with upstream's draws (random.randint after every seed was read)."""
        arch = self._held_index(self.query_index_by_arch(index))
        return ArchResults(self, arch, self._hp(arch, hp, ValueError)).get_metrics(dataset, setname, iepoch,
                                                                                    is_random)

    def _info_strings(self, info, extra):
        strings = [info.arch_str, f'datasets : {info.get_dataset_names()}, extra-info : {extra}']

        def metric2str(m):
            return 'loss = {:.3f} & top1 = {:.2f}%'.format(m['loss'], m['accuracy'])

        for dataset in info.get_dataset_names():
            cost = info.get_compute_costs(dataset)
            latency = cost['latency']
            strings.append('{:14s} FLOP={:6.2f} M, Params={:.3f} MB, latency={:} ms.'.format(
                dataset, cost['flops'], cost['params'],
                '{:.2f}'.format(latency * 1000) if latency is not None and latency > 0 else None))
            train = info.get_metrics(dataset, 'train')
            if dataset == 'cifar10-valid':
                valid = info.get_metrics(dataset, 'x-valid')
                if self.is_size:
                    test = info.get_metrics(dataset, 'ori-test')
                    line = '{:14s} train : [{:}], valid : [{:}], test : [{:}]'.format(
                        dataset, metric2str(train), metric2str(valid), metric2str(test))
                else:
                    line = '{:14s} train : [{:}], valid : [{:}]'.format(dataset, metric2str(train), metric2str(valid))
            elif dataset == 'cifar10':
                test = info.get_metrics(dataset, 'ori-test')
                line = '{:14s} train : [{:}], test  : [{:}]'.format(dataset, metric2str(train), metric2str(test))
            else:
                valid = info.get_metrics(dataset, 'x-valid')
                test = info.get_metrics(dataset, 'x-test')
                line = '{:14s} train : [{:}], valid : [{:}], test : [{:}]'.format(
                    dataset, metric2str(train), metric2str(valid), metric2str(test))
            strings.append(line)
        return strings

    def query_info_str_by_arch(self, arch, hp='12'):
        if self.verbose:
            print(f'{_time_string()} Call query_info_str_by_arch with arch={arch}and hp={hp}')
        index = self._held_index(self.query_index_by_arch(arch))
        bits = self.layout.arch_hps(index)
        if not (isinstance(hp, str) and hp in HPS and bits >> HPS.index(hp) & 1):
            raise NasmapQueryError(f'The {index}-th architecture only has hyper-parameters of '
                                   f'{[HPS[h] for h in range(len(HPS)) if bits >> h & 1]} instead of {hp}.')
        info = ArchResults(self, index, HPS.index(hp))
        return '\n'.join(self._info_strings(info, f'arch-index={index}'))

    def query_by_arch(self, arch, hp):
        return self.query_info_str_by_arch(arch, hp)

    def show(self, index=-1):
        """Prints an architecture's results at each of its hps; a negative index prints every architecture
        the file holds (upstream's show(-1) raises a KeyError instead)."""
        if index < 0:
            print(self)
            held = sorted(self.evaluated_indexes)
            for i, idx in enumerate(held):
                print('\n' + '-' * 10 + ' The ({:5d}/{:5d}) {:06d}-th architecture! '.format(i, len(held), idx)
                      + '-' * 10)
                print('arch : {:}'.format(self.layout.arch(idx)))
                self._show_one(idx)
        elif index < self.arch_count:
            if not self.layout.arch_hps(index):
                print(f'The {index}-th architecture has not been evaluated or not saved.')
            else:
                self._show_one(index)
        else:
            print(f'This index ({index}) is out of range (0~{self.arch_count}).')

    def _show_one(self, index):
        bits = self.layout.arch_hps(index)
        for h in range(len(HPS)):
            if bits >> h & 1:
                info = ArchResults(self, index, h)
                print('>' * 40 + ' {:03d} epochs '.format(info.get_total_epoch()) + '>' * 40)
                print('\n'.join(self._info_strings(info, None)))
        print('<' * 40 + '------------' + '<' * 40)

    # -------------------------------------------------------------------------------------- whole space

    def find_best(self, dataset, metric_on_set, flop_max=None, param_max=None, hp='12', enforce_all=None):
        """The architecture with the highest mean final accuracy under the FLOPs/params limits, over every
        architecture the file holds; (-1, None) when none qualifies. Computed on whole-space columns."""
        if self.verbose:
            print(f'{_time_string()} Call find_best with dataset={dataset}, metric_on_set={metric_on_set}, '
                  f'hp={hp} | with #FLOPs < {flop_max} and #Params < {param_max}')
        dataset, setname = _remap(dataset, metric_on_set)
        if enforce_all is None:
            enforce_all = bool(self.fast_mode)
        if enforce_all and not self.fast_mode:
            raise AssertionError('enforce_all can only be set when fast_mode=True; if you are using '
                                 'non-fast-mode, please set it as False')
        best, accuracy = self._find_best(dataset, setname, flop_max, param_max, hp)
        if best < 0:
            return best, accuracy
        if self.verbose:
            print(f'  the best architecture : [{best}] {self.layout.arch(best)} with accuracy={accuracy:.3f}%')
        return best, accuracy

    def statistics(self, dataset, hp):
        """{seed count: number of architectures} over the architectures the file holds."""
        if self.verbose:
            print(f'Call the statistics function with dataset={dataset} and hp={hp}.')
        return self._statistics(dataset, hp)

    def get_net_config(self, index, dataset):
        if self.verbose:
            print(f'{_time_string()} Call the get_net_config function with index={index}, dataset={dataset}.')
        arch = self._held_index(index)
        ds = DATASETS.index(dataset) if isinstance(dataset, str) and dataset in DATASETS else -1
        c = self.layout.net_config(arch, ds) if ds >= 0 else None
        if c is None:
            raise NasmapQueryError(repr(dataset))
        if c[0] == 'infer.tiny':
            return {'name': 'infer.tiny', 'C': c[1], 'N': c[2], 'arch_str': c[3], 'num_classes': c[4]}
        return {'name': 'infer.shape.tiny', 'channels': c[1], 'genotype': c[2], 'num_classes': c[3]}

    def get_net_param(self, index, dataset, seed, hp='12'):
        """None (or {seed: None}): nasmap files hold no weights, as upstream's -simple archives."""
        if self.verbose:
            print(f'{_time_string()} Call the get_net_param function with index={index}, dataset={dataset}, '
                  f'seed={seed}, hp={hp}')
        return self.query_meta_info_by_index(index, hp).get_net_param(dataset, seed)

    # -------------------------------------------------------------------------------------- numpy columns

    def curve(self, index, dataset, hp, setname, metric='accuracy', seed=None):
        """One architecture's per-epoch series as a float64 array of its epoch count, NaN at epochs
        without a value: the mean over seeds at each epoch (NaN where a seed lacks it), or one seed's."""
        arch = self._held_index(self.query_index_by_arch(index))
        hpc = self._hp(arch, hp)
        ds = self._dataset(arch, hpc, dataset)
        split = split_code(setname)
        if metric not in METRICS:
            raise NasmapQueryError(f"unknown metric '{metric}': one of {', '.join(METRICS)}")
        m = METRICS.index(metric)
        first, n, _ = self.layout.group(arch, hpc, ds)
        seeds = self._group_seeds(arch, hpc, ds)
        if seed is not None:
            if seed not in seeds:
                raise NasmapQueryError(f'can not find random seed ({seed}) from {seeds}')
            picks = [seeds.index(seed)]
        else:
            picks = range(n)
        total = None
        for i in picks:
            t = first + i
            if split != TRAIN and not self.layout.trial_evaluates(t, split):
                raise NasmapQueryError(f'{SPLITS[split]} is not evaluated for architecture {arch} on {dataset}')
            e = self.layout.trial_epochs(t)
            epochs, values = self.layout.trial_series(t, split, m)
            row = np.full(e, np.nan)
            row[np.asarray(epochs, dtype=np.int64)] = values
            total = row if total is None else total + row
        return total / len(picks) if seed is None and len(picks) > 1 else total


_COMMENTS = {
    CIFAR10_VALID: 'In this dict, train-loss/accuracy/time is the metric on the train set of CIFAR-10. The '
                   'test-loss/accuracy/time is the performance of the CIFAR-10 test set after training on the '
                   'train set by {:} epochs. The per-time and total-time indicate the per epoch and total time '
                   'costs, respectively.',
    CIFAR10: 'In this dict, train-loss/accuracy/time is the metric on the train+valid sets of CIFAR-10. The '
             'test-loss/accuracy/time is the performance of the CIFAR-10 test set after training on the '
             'train+valid sets by {:} epochs. The per-time and total-time indicate the per epoch and total time '
             'costs, respectively.',
}


class NATStopology(_NATSBase):
    """The topology search space (tss): upstream's NATStopology over a nasmap file."""

    _space = 'tss'
    _space_title = 'topology'
    full_train_epochs = 200
    full_epochs_in_paper = 200

    def get_unique_str(self, arch):
        """The string shared by isomorphic cells (upstream's to_unique_str(consider_zero=True))."""
        index = self.query_index_by_arch(arch)
        if index < 0:
            raise NasmapQueryError(f'{arch} is not an architecture of the space')
        return unique_str(self.layout.arch(index))

    str2lists = staticmethod(str2lists)
    str2matrix = staticmethod(str2matrix)


class NATSsize(_NATSBase):
    """The size search space (sss): upstream's NATSsize over a nasmap file."""

    _space = 'sss'
    _space_title = 'size'
    full_train_epochs = 90
    full_epochs_in_paper = 90


__all__ = ['NASBench201API', 'create', 'version', 'search_space_info', 'NATStopology', 'NATSsize', 'NasmapNotHeldError',
           'API_VERSION', 'torch_home']


class NASBench201API(NATStopology):
    """`nas_201_api` 2.1's NASBench201API over a nasmap file of the topology space (converted from a
    NAS-Bench-201 .pth or a NATS-Bench tss archive): its signatures and answers where they differ from
    nats_bench's (no fast mode; simulate_train_eval without iepoch, at the last epoch; find_best with
    FLOP_max/Param_max; get_more_info without 'comment'; arch() asserting its index; evaluated_indexes
    a sorted list)."""

    _comment = False
    _base_name = 'NAS-Bench-201-v1_1-096897'

    def __init__(self, file_path_or_dict=None, verbose=True):
        super().__init__(file_path_or_dict, False, verbose)

    def __repr__(self):
        return f'{type(self).__name__}({self.held_count}/{self.arch_count} architectures, file={self.filename})'

    @property
    def evaluated_indexes(self):
        return sorted(_NATSBase.evaluated_indexes.fget(self))

    def arch(self, index):
        if self.verbose:
            print(f'Call the arch function with index={index}')
        if not 0 <= index < self.arch_count:
            raise AssertionError(f'invalid index : {index} vs. {self.arch_count}.')
        return self.layout.arch(operator.index(index))

    def simulate_train_eval(self, arch, dataset, hp='12', account_time=True):
        index = self.query_index_by_arch(arch)
        names = ('cifar10', 'cifar100', 'ImageNet16-120')
        if dataset not in names:
            raise AssertionError(f'Invalid dataset name : {dataset} vs {names}')
        info = self.get_more_info(index, 'cifar10-valid' if dataset == 'cifar10' else dataset, iepoch=None, hp=hp,
                                  is_random=True)
        valid_acc, time_cost = info['valid-accuracy'], info['train-all-time'] + info['valid-per-time']
        latency = self.get_latency(index, dataset)
        if account_time:
            self._used_time += time_cost
        return valid_acc, latency, time_cost, self._used_time

    def find_best(self, dataset, metric_on_set, FLOP_max=None, Param_max=None, hp='12'):  # noqa: N803 (upstream's names)
        if self.verbose:
            print(f'Call find_best with dataset={dataset}, metric_on_set={metric_on_set}, hp={hp} | with #FLOPs < '
                  f'{FLOP_max} and #Params < {Param_max}')
        dataset, setname = _remap(dataset, metric_on_set)
        best, accuracy = self._find_best(dataset, setname, FLOP_max, Param_max, hp)
        if self.verbose and best >= 0:
            print(f'  the best architecture : [{best}] {self.layout.arch(best)} with accuracy={accuracy:.3f}%')
        return best, accuracy
