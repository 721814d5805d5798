"""`NasmapFile`: upstream's query semantics (seed choice, means over seeds, the blocks of get_more_info, the
cost rules) over a `Layout`. Nothing here knows a file offset: bytes are read by `_layout` only."""

import operator
import random as _random

import numpy as np

from ._errors import NasmapQueryError
from ._layout import Layout
from ._names import (
    CIFAR10, CIFAR10_VALID, DATASETS, ERR_EMPTY, ERR_EPOCH, ERR_MISSING, ERR_SEED, ERR_TIME, ERR_TIME_TYPE,
    GROUP_FLAG_FLOPS_DISAGREE, GROUP_FLAG_PARAMS_DISAGREE, HP_EPOCHS, HPS, ORI_TEST, SPACE_SIZE, SPLITS, TRAIN,
    X_TEST, X_VALID,
)

_NAN = float('nan')

# seed choices (upstream's is_random)
MEAN = 0
SEED = 1
RANDOM = 2

DEFAULT_RANDOM_SEED = 0x5eed
"""Seed of the generator behind is_random=True when none is given (the Java CLI's default too)."""


def _sum(xs):
    s = 0.0
    for x in xs:
        s += x
    return s


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def dataset_code(name):
    if isinstance(name, str):
        try:
            return DATASETS.index(name)
        except ValueError:
            pass
    raise NasmapQueryError(f"unknown dataset '{name}'")


def hp_code(hp):
    if hp is None:
        return 1
    if is_int(hp):
        if hp in HP_EPOCHS:
            return HP_EPOCHS.index(hp)
    elif isinstance(hp, str) and hp in HPS:
        return HPS.index(hp)
    raise NasmapQueryError(f"unknown hp '{hp}'")


def split_code(name):
    if name == 'valid':
        return X_VALID
    if isinstance(name, str) and name in SPLITS:
        return SPLITS.index(name)
    raise NasmapQueryError(f"unknown setname '{name}'")


def remap_names(dataset, setname):
    """Upstream's remap_dataset_set_names (find_best's names): 'valid' and 'test' of each dataset."""
    if dataset == 'cifar10' and setname == 'valid':
        return 'cifar10-valid', 'x-valid'
    if dataset == 'cifar10' and setname == 'test':
        return 'cifar10', 'ori-test'
    if dataset in ('cifar100', 'ImageNet16-120') and setname in ('valid', 'test'):
        return dataset, 'x-' + setname
    return dataset, setname


def iepoch_code(iepoch):
    if iepoch is None:
        return -1
    if not is_int(iepoch):
        raise NasmapQueryError(f"'iepoch' must be an integer or None, not {iepoch!r}")
    if iepoch < 0:
        raise NasmapQueryError(f'invalid iepoch={iepoch}')
    return iepoch


def choice(is_random, default_random):
    """upstream's is_random -> (kind, seed): True random, False mean, an int that seed, None the default."""
    if is_random is None:
        return (RANDOM, 0) if default_random else (MEAN, 0)
    if isinstance(is_random, bool):
        return (RANDOM, 0) if is_random else (MEAN, 0)
    if is_int(is_random):
        return SEED, is_random
    raise NasmapQueryError(f"'is_random' must be a bool or a seed, not {is_random!r}")


class NasmapFile:
    """A nasmap file mapped read-only, with upstream's query methods.

    Opening validates the file's structure (FORMAT.md section 6) without reading its data sections;
    offsets found inside sections are checked where they are used. Instances are not thread-safe only
    through their random generator (is_random=True); everything else is read-only.
    """

    def __init__(self, path, random_seed=DEFAULT_RANDOM_SEED, rng=None):
        self._closed = True
        self.layout = Layout(path)
        self.path = self.layout.path
        self.random = rng if rng is not None else _random.Random(random_seed)
        lay = self.layout
        self.version = lay.version
        self.space = lay.space
        self.space_code = lay.space_code
        self.source_kind = lay.source_kind
        self.arch_count = lay.arch_count
        self.held_count = lay.held_count
        self.hps = tuple(HPS[h] for h in lay.hp_codes)
        self._tables = {}
        self._closed = False

    def __getattr__(self, name):
        # the raw numpy views of the format's sections (values, latencies, final_means, arch_hp, arch_rows,
        # groups, trials, configs), made on first use
        if name in ('values', 'latencies', 'final_means', 'arch_hp', 'arch_rows', 'groups', 'trials', 'configs'):
            views = self.__dict__['layout'].views()
            self.__dict__.update(views)
            return views[name]
        raise AttributeError(name)

    # -------------------------------------------------------------------------------------- lifecycle

    def close(self):
        """Marks the file closed: later queries raise ValueError. The mapping itself is released when the
        last reference to it (this object, or an array taken from it) goes away."""
        self._closed = True

    @property
    def closed(self):
        return self._closed

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __repr__(self):
        return f'NasmapFile({self.path!r}, {self.space}, {self.held_count}/{self.arch_count} architectures)'

    def _ensure_open(self):
        if self._closed:
            raise ValueError(f'nasmap file is closed: {self.path}')

    # -------------------------------------------------------------------------------------- architectures

    def __len__(self):
        """`len(api)`: the number of architectures of the space."""
        return self.arch_count

    def _check_arch(self, arch):
        self._ensure_open()
        if arch < 0 or arch >= self.arch_count:
            raise NasmapQueryError(f'invalid architecture index {arch}: not in [0, {self.arch_count})')

    def arch(self, index):
        """`api.arch(index)`: the architecture string."""
        return self.layout.arch(self._index(index))

    def query_index_by_arch(self, arch):
        """Upstream's `query_index_by_arch`: for a string, its index or -1 when it is not an architecture of
        the space (looked up in the file's hash table); for an integer, the index itself when in range."""
        if isinstance(arch, str):
            return self._index_of(arch)
        return self._index(arch)

    def _index_of(self, arch):
        self._ensure_open()
        return self.layout.index_of(arch)

    def _index(self, index):
        """An API index argument (an int, or an architecture string as upstream accepts) -> checked index."""
        if isinstance(index, str):
            i = self._index_of(index)
            if i < 0:
                raise NasmapQueryError(f"architecture '{index}' is not in the search space")
            return i
        if isinstance(index, bool):
            raise NasmapQueryError(f'invalid architecture index {index!r}')
        try:
            index = operator.index(index)
        except TypeError:
            raise NasmapQueryError(f'invalid architecture index {index!r}: not an integer or a string') from None
        self._check_arch(index)
        return index

    # -------------------------------------------------------------------------------------- groups and trials

    def _held_group(self, arch, hp, dataset):
        """(first, n, flags) of the group; raises where the architecture or the hp is not held."""
        self._check_arch(arch)
        bits = self.layout.arch_hps(arch)
        if bits == 0:
            raise NasmapQueryError(f'architecture {arch} is not held by this file ({self.held_count} of '
                                   f'{self.arch_count} architectures are)')
        if not bits >> hp & 1:
            raise NasmapQueryError(f'architecture {arch} has no results at hp {HPS[hp]}')
        return self.layout.group(arch, hp, dataset)

    def _held_or_raise(self, arch):
        self._check_arch(arch)
        if not self.layout.arch_hps(arch):
            raise NasmapQueryError(f'architecture {arch} is not held by this file ({self.held_count} of '
                                   f'{self.arch_count} architectures are)')

    def _group(self, arch, hp, dataset):
        entry = self._held_group(arch, hp, dataset)
        if entry[0] < 0:
            raise NasmapQueryError(f'dataset {DATASETS[dataset]} is not among the results of architecture {arch} '
                                   f'at hp {HPS[hp]}')
        return entry

    def _seeds(self, arch, dataset, hp='12'):
        """The seeds of (arch, dataset, hp) in upstream's order (upstream's get_dataset_seeds)."""
        first, n, _ = self._group(self._index(arch), hp_code(hp), dataset_code(dataset))
        seed = self.layout.trial_seed
        return [seed(first + i) for i in range(n)]

    # -------------------------------------------------------------------------------------- series

    def _metrics(self, first, n, split, iepoch, kind, seed):
        """ArchResults.get_metrics over a group: an error code, or
        (iepoch, loss, accuracy, cur_time, all_time, time_known) with NaN times when not known."""
        if n == 0:
            return ERR_EMPTY
        # upstream evaluates every trial before choosing, so any failing trial fails the call (and draws nothing)
        pick = -1
        s_epoch = s_loss = s_acc = s_cur = s_all = 0.0
        first_known = False
        mismatch = False
        chosen = None
        result = self.layout.trial_result
        trial_seed = self.layout.trial_seed
        for i in range(n):
            t = first + i
            r = result(t, split, iepoch)
            if r.__class__ is int:
                return r
            known = r[5]
            if i == 0:
                first_known = known
            elif known != first_known:
                mismatch = True
            if kind == SEED and trial_seed(t) == seed:
                pick = i
            if i == pick:
                chosen = r
            s_epoch += r[0]
            s_loss += r[1]
            s_acc += r[2]
            s_cur += r[3]
            s_all += r[4]
        if kind == RANDOM:
            pick = self._draw_index(n)
            chosen = result(first + pick, split, iepoch)
        if kind == MEAN:
            if mismatch and first_known:
                return ERR_TIME_TYPE
            if first_known:
                return s_epoch / n, s_loss / n, s_acc / n, s_cur / n, s_all / n, True
            return s_epoch / n, s_loss / n, s_acc / n, _NAN, _NAN, False
        if pick < 0:
            return ERR_SEED
        e, loss, acc, cur, total, known = chosen
        return (float(e), loss, acc, cur, total, True) if known else (float(e), loss, acc, _NAN, _NAN, False)

    def _draw_index(self, n):
        """The trial drawn by get_metrics(is_random=True), after every trial was read."""
        return self.random.randrange(n)

    def _draw_seed(self, first, n):
        """The seed drawn by get_more_info(is_random=True), before any value is read."""
        return self.layout.trial_seed(first + self.random.randrange(n))

    @staticmethod
    def _error(status, arch, dataset, hp, split, iepoch, seed):
        where = f'architecture {arch}, {DATASETS[dataset]}, hp {HPS[hp]}, {SPLITS[split]}'
        at = '(last)' if iepoch < 0 else iepoch
        message = {
            ERR_EPOCH: f'invalid iepoch={iepoch} for {where}',
            ERR_MISSING: f'no {SPLITS[split]} result at epoch {at} for {where}',
            ERR_TIME: f'no {SPLITS[split]} time at epoch {at} for {where}',
            ERR_SEED: f'can not find random seed ({seed}) for {where}',
            ERR_EMPTY: f'no trials for {where}',
            ERR_TIME_TYPE: f'times are None for some seeds only, for {where}',
        }.get(status, f'query failed ({status}) for {where}')
        return NasmapQueryError(message)

    # -------------------------------------------------------------------------------------- get_metrics

    def get_metrics(self, index, dataset, setname, iepoch=None, hp='12', is_random=False):
        """Upstream's `query_meta_info_by_index(index, hp).get_metrics(dataset, setname, iepoch, is_random)`:
        {'iepoch', 'loss', 'accuracy', 'cur_time', 'all_time'} (times None where upstream has None).
        is_random: False = mean over seeds, True = one seed drawn, an int = that seed."""
        arch = self._index(index)
        ds = dataset_code(dataset)
        hpc = hp_code(hp)
        split = split_code(setname)
        ie = iepoch_code(iepoch)
        kind, seed = choice(is_random, False)
        return self._get_metrics(arch, ds, hpc, split, ie, kind, seed)

    def _get_metrics(self, arch, ds, hp, split, iepoch, kind, seed):
        first, n, _ = self._group(arch, hp, ds)
        r = self._metrics(first, n, split, iepoch, kind, seed)
        if r.__class__ is int:
            raise self._error(r, arch, ds, hp, split, iepoch, seed)
        return {'iepoch': r[0], 'loss': r[1], 'accuracy': r[2],
                'cur_time': r[3] if r[5] else None, 'all_time': r[4] if r[5] else None}

    # -------------------------------------------------------------------------------------- get_more_info

    def get_more_info(self, index, dataset, iepoch=None, hp='12', is_random=True):
        """Upstream's `get_more_info(index, dataset, iepoch, hp, is_random)`: train-, valid-, test- and
        valtest- {loss, accuracy, per-time, all-time}, each block left out where upstream leaves it out.
        is_random: True = one seed drawn for all blocks, False = mean over seeds, an int = that seed."""
        arch = self._index(index)
        ds = dataset_code(dataset)
        hpc = hp_code(hp)
        ie = iepoch_code(iepoch)
        kind, seed = choice(is_random, True)
        return self._more_info(arch, ds, hpc, ie, kind, seed)

    def _more_info(self, arch, ds, hp, iepoch, kind, seed):
        first, n, _ = self._held_group(arch, hp, ds)
        if kind == RANDOM:
            if first < 0:
                raise self._error(ERR_EMPTY, arch, ds, hp, TRAIN, iepoch, 0)
            if n == 0:
                raise NasmapQueryError(f'Cannot choose from an empty sequence of seeds for architecture {arch}')
            seed = self._draw_seed(first, n)
            kind = SEED
        if first < 0:
            self._group(arch, hp, ds)  # raises
        m = self._metrics(first, n, TRAIN, iepoch, kind, seed)
        if m.__class__ is int:
            raise self._error(m, arch, ds, hp, TRAIN, iepoch, seed)
        total = m[0] + 1
        if not m[5] and self.space_code == SPACE_SIZE:
            raise NasmapQueryError(f'train times are None for architecture {arch} (upstream divides None)')
        blocks = [None, None, None, None]  # train, valid, test, valtest
        blocks[0] = m
        if ds == CIFAR10_VALID:
            m = self._metrics(first, n, X_VALID, iepoch, kind, seed)
            if m.__class__ is int:
                raise self._error(m, arch, ds, hp, X_VALID, iepoch, seed)
            blocks[1] = m
            m = self._metrics(first, n, ORI_TEST, iepoch, kind, seed)
            if m.__class__ is not int:
                blocks[2] = m
        else:
            m = self._metrics(first, n, ORI_TEST if ds == CIFAR10 else X_TEST, iepoch, kind, seed)
            if m.__class__ is not int:
                blocks[2] = m
            m = self._metrics(first, n, X_VALID, iepoch, kind, seed)
            if m.__class__ is not int:
                blocks[1] = m
            if ds != CIFAR10:
                m = self._metrics(first, n, ORI_TEST, iepoch, kind, seed)
                if m.__class__ is not int:
                    blocks[3] = m
        out = {}
        for prefix, m in zip(('train', 'valid', 'test', 'valtest'), blocks):
            if m is not None:
                out[prefix + '-loss'] = m[1]
                out[prefix + '-accuracy'] = m[2]
                out[prefix + '-per-time'] = m[4] / total if m[5] else None
                out[prefix + '-all-time'] = m[4] if m[5] else None
        return out

    # -------------------------------------------------------------------------------------- get_cost_info

    def _cost(self, first, n, flags, flops, arch):
        """get_compute_costs' flops or params: the mean over the group's trials in seed-list order, or seed
        888's value when the trials disagree at 5 decimals (upstream's legacy rule)."""
        field = 0 if flops else 1
        lay = self.layout
        if flags & (GROUP_FLAG_FLOPS_DISAGREE if flops else GROUP_FLAG_PARAMS_DISAGREE):
            for i in range(n):
                if lay.trial_seed(first + i) == 888:
                    return lay.trial_costs(first + i)[field]
            raise NasmapQueryError(f'{"flops" if flops else "params"} of architecture {arch} disagree between '
                                   f"seeds and seed 888 is missing (upstream's legacy rule raises)")
        if n == 0:
            raise NasmapQueryError(f'no trials for architecture {arch}')
        s = 0.0
        for i in range(n):
            s += lay.trial_costs(first + i)[field]
        return s / n

    def _latency(self, first, n, arch):
        """Mean of the trials' positive latencies (each the mean of its list); NaN for upstream's None."""
        total = 0.0
        count = 0
        for i in range(n):
            lat = self.layout.trial_latencies(first + i)
            if lat is None:
                continue
            if not lat:
                raise NasmapQueryError(f'architecture {arch} has an empty latency list (upstream divides by zero)')
            s = _sum(lat) / len(lat)
            if s > 0:
                total += s
                count += 1
        return _NAN if count == 0 else total / count

    def get_cost_info(self, index, dataset, hp='12'):
        """Upstream's `get_cost_info(index, dataset, hp)`: {'flops', 'params', 'latency', 'T-<set>@epoch',
        'T-<set>@total', ...} (latency and times None where upstream has None)."""
        return self._get_cost_info(self._index(index), dataset_code(dataset), hp_code(hp))

    def _get_cost_info(self, arch, ds, hp):
        first, n, flags = self._group(arch, hp, ds)
        out = {'flops': self._cost(first, n, flags, True, arch),
               'params': self._cost(first, n, flags, False, arch)}
        latency = self._latency(first, n, arch)
        out['latency'] = None if latency != latency else latency
        totals = self.layout.trial_time_totals
        for s in range(len(SPLITS)):
            sum_epoch = 0.0
            sum_total = 0.0
            count = 0
            first_known = False
            for i in range(n):
                r = totals(first + i, s)
                if r is None:
                    continue
                known, epoch_mean, total = r
                if count == 0:
                    first_known = known
                elif known != first_known and first_known:
                    raise NasmapQueryError(f'times are None for some seeds only, for architecture {arch}')
                sum_epoch += epoch_mean
                sum_total += total
                count += 1
            if count > 0 or s == TRAIN:
                known = count > 0 and first_known
                out[f'T-{SPLITS[s]}@epoch'] = sum_epoch / count if known else None
                out[f'T-{SPLITS[s]}@total'] = sum_total / count if known else None
        return out

    # -------------------------------------------------------------------------------------- whole space

    def _hp_of_file(self, hp):
        """An hp the file holds ('12', 12, '200', 200, '01', 1, ...) -> its code; else a KeyError."""
        try:
            code = hp_code(hp)
        except NasmapQueryError:
            code = -1
        if code < 0 or code not in self.layout.hp_codes:
            raise NasmapQueryError(repr(str(hp)))
        return code

    def _hp_mask(self, hpc):
        key = ('held', hpc)
        mask = self._tables.get(key)
        if mask is None:
            bits = self.layout.arch_hps
            mask = np.fromiter((bits(i) >> hpc & 1 for i in range(self.arch_count)), dtype=bool,
                               count=self.arch_count)
            mask.flags.writeable = False
            self._tables[key] = mask
        return mask

    def table(self, dataset, hp, setname, metric='accuracy'):
        """Every architecture's final-epoch mean over seeds of one metric as a read-only float64 array of
        len(self), NaN where absent (not held, no such split, or upstream raises). `accuracy` comes from
        the file's precomputed column; `loss` and `time` (the per-epoch time) are computed once and kept."""
        ds = DATASETS.index(dataset) if dataset in DATASETS else -1
        if ds < 0:
            raise NasmapQueryError(f"unknown dataset '{dataset}'")
        hpc = self._hp_of_file(hp)
        split = split_code(setname)
        if metric == 'accuracy':
            return self.layout.final_mean_table(hpc, ds, split)
        if metric not in ('loss', 'time'):
            raise NasmapQueryError(f"unknown metric '{metric}': accuracy, loss or time")
        key = ('table', hpc, ds, split, metric)
        out = self._tables.get(key)
        if out is None:
            out = np.full(self.arch_count, np.nan)
            held = self._hp_mask(hpc)
            for i in np.flatnonzero(held):
                first, n, _ = self.layout.group(int(i), hpc, ds)
                if first < 0:
                    continue
                r = self._metrics(first, n, split, -1, MEAN, 0)
                if r.__class__ is int:
                    continue
                out[i] = r[1] if metric == 'loss' else r[3]
            out.flags.writeable = False
            self._tables[key] = out
        return out

    def costs(self, dataset, hp='12'):
        """Cost columns over the whole space: {'flops', 'params', 'latency'} float64 arrays of len(self),
        get_cost_info's values (NaN where absent or None); computed once and kept."""
        ds = DATASETS.index(dataset) if dataset in DATASETS else -1
        if ds < 0:
            raise NasmapQueryError(f"unknown dataset '{dataset}'")
        hpc = self._hp_of_file(hp)
        key = ('costs', hpc, ds)
        out = self._tables.get(key)
        if out is None:
            flops = np.full(self.arch_count, np.nan)
            params = np.full(self.arch_count, np.nan)
            latency = np.full(self.arch_count, np.nan)
            for i in np.flatnonzero(self._hp_mask(hpc)):
                first, n, flags = self.layout.group(int(i), hpc, ds)
                if first < 0:
                    continue
                try:
                    flops[i] = self._cost(first, n, flags, True, int(i))
                    params[i] = self._cost(first, n, flags, False, int(i))
                except NasmapQueryError:
                    pass
                try:
                    latency[i] = self._latency(first, n, int(i))
                except NasmapQueryError:
                    pass
            for a in (flops, params, latency):
                a.flags.writeable = False
            out = self._tables[key] = {'flops': flops, 'params': params, 'latency': latency}
        return dict(out)

    def _find_best(self, dataset, setname, flop_max, param_max, hp):
        """find_best over every architecture the file holds, on whole-space columns: (index, accuracy), or
        (-1, None) when none qualifies; raises where upstream would (an architecture without the value)."""
        if dataset not in DATASETS:
            raise NasmapQueryError(repr(dataset))
        hpc = self._hp_of_file(hp)
        held = self._hp_mask(hpc)
        if setname not in SPLITS and setname != 'valid':
            if held.any():
                raise NasmapQueryError(f"'{setname}@None'")
            return -1, None
        acc = self.table(dataset, HPS[hpc], setname)
        mask = held.copy()
        if flop_max is not None or param_max is not None:
            costs = self.costs(dataset, HPS[hpc])
            if flop_max is not None:
                mask &= ~(costs['flops'] > flop_max)
            if param_max is not None:
                mask &= ~(costs['params'] > param_max)
        candidates = np.flatnonzero(mask)
        if len(candidates) == 0:
            return -1, None
        values = acc[candidates]
        bad = np.flatnonzero(np.isnan(values))
        if len(bad):
            raise NasmapQueryError(f'architecture {int(candidates[bad[0]])} has no final {setname} accuracy on '
                                   f'{dataset} at hp {HPS[hpc]}')
        j = int(np.argmax(values))
        best, accuracy = int(candidates[j]), float(values[j])
        return best, accuracy

    def _statistics(self, dataset, hp):
        """{seed count: number of architectures} at (dataset, hp) over the architectures the file holds (0
        counts those without the dataset); raises where one of them lacks the hp (as upstream)."""
        if dataset not in DATASETS:
            raise NasmapQueryError(f'{dataset} not in {list(DATASETS)}')
        ds = DATASETS.index(dataset)
        hpc = self._hp_of_file(hp)
        nums = {}
        lay = self.layout
        for index in range(self.arch_count):
            bits = lay.arch_hps(index)
            if not bits:
                continue
            if not bits >> hpc & 1:
                raise NasmapQueryError(repr(str(hp)))
            first, n, _ = lay.group(index, hpc, ds)
            k = 0 if first < 0 else n
            nums[k] = nums.get(k, 0) + 1
        return nums


def open(path, random_seed=DEFAULT_RANDOM_SEED):  # noqa: A001 (mirrors nasmap.open / NasBench.open)
    """Maps and validates a nasmap file; `random_seed` seeds the generator behind is_random=True."""
    return NasmapFile(path, random_seed)


__all__ = ['NasmapFile', 'open', 'DEFAULT_RANDOM_SEED']
