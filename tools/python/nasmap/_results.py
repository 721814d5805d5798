"""Light stand-ins for upstream's `ArchResults` (one architecture at one hp) and `ResultsCount` (one trial),
read from the file on demand: what clients use of them, with upstream's answers, errors and draws."""

from ._errors import NasmapQueryError
from ._file import MEAN
from ._names import ACCURACY, DATASETS, LOSS, SPLITS, TIME, TOP5, TRAIN, X_VALID


class ResultsCount:
    """One trial (architecture, hp, dataset, seed): upstream's `ResultsCount` without the weights."""

    def __init__(self, api, arch, hp, dataset, trial):
        self._api = api
        self._lay = api.layout
        self._arch = arch
        self._hp = hp
        self._dataset = dataset
        self._t = trial
        self.name = DATASETS[dataset]
        self.seed = self._lay.trial_seed(trial)
        self.epochs = self._lay.trial_epochs(trial)
        self.flop, self.params = self._lay.trial_costs(trial)
        self.latency = self._lay.trial_latencies(trial)
        self.net_state_dict = None

    def _series(self, split, metric):
        epochs, values = self._lay.trial_series(self._t, split, metric)
        return dict(zip(epochs, values.tolist()))

    @property
    def train_acc1es(self):
        return self._series(TRAIN, ACCURACY)

    @property
    def train_acc5es(self):
        d = self._series(TRAIN, TOP5)
        return d or None

    @property
    def train_losses(self):
        return self._series(TRAIN, LOSS)

    @property
    def train_times(self):
        d = self._series(TRAIN, TIME)
        return d or None

    @property
    def eval_names(self):
        return [SPLITS[s] for s in range(1, len(SPLITS)) if self._lay.trial_evaluates(self._t, s)]

    def _eval(self, metric):
        out = {}
        for s in range(1, len(SPLITS)):
            if self._lay.trial_evaluates(self._t, s):
                for e, v in self._series(s, metric).items():
                    out[f'{SPLITS[s]}@{e}'] = v
        return out

    @property
    def eval_acc1es(self):
        return self._eval(ACCURACY)

    @property
    def eval_losses(self):
        return self._eval(LOSS)

    @property
    def eval_times(self):
        return self._eval(TIME)

    @property
    def arch_config(self):
        c = self._lay.net_config(self._arch, self._dataset)
        if c is None:
            return None
        if c[0] == 'infer.tiny':
            return {'channel': c[1], 'num_cells': c[2], 'arch_str': c[3], 'class_num': c[4]}
        return {'name': c[0], 'channels': c[1], 'genotype': c[2], 'class_num': c[3]}

    def get_latency(self):
        """The mean of the latency list in seconds; -1.0 when there is none (upstream's rule)."""
        if self.latency is None:
            return -1.0
        return sum(self.latency) / len(self.latency)

    def get_total_epoch(self):
        return self.epochs

    def get_eval_set(self):
        return self.eval_names

    def get_times(self):
        info = {}
        for s in range(len(SPLITS)):
            r = self._lay.trial_time_totals(self._t, s)
            if r is None:
                continue
            known, per_epoch, total = r
            info[f'T-{SPLITS[s]}@epoch'] = per_epoch if known else None
            info[f'T-{SPLITS[s]}@total'] = total if known else None
        return info

    def _result(self, split, iepoch, what):
        if iepoch is None:
            ie = -1
        elif isinstance(iepoch, int) and not isinstance(iepoch, bool):
            if iepoch < 0 or iepoch >= self.epochs:
                raise NasmapQueryError(f'invalid iepoch={iepoch} < {self.epochs}')
            ie = iepoch
        else:
            raise NasmapQueryError(f'invalid iepoch={iepoch!r} < {self.epochs}')
        r = self._lay.trial_result(self._t, split, ie)
        if r.__class__ is int:
            raise NasmapQueryError(f'{what} at epoch {iepoch} is not in this trial')
        e, loss, acc, cur, total, known = r
        return {'iepoch': e, 'loss': loss, 'accuracy': acc, 'cur_time': cur if known else None,
                'all_time': total if known else None}

    def get_train(self, iepoch=None):
        return self._result(TRAIN, iepoch, 'train')

    def get_eval(self, name, iepoch=None):
        split = X_VALID if name == 'valid' else SPLITS.index(name) if name in SPLITS[1:] else -1
        if split < 0 or not self._lay.trial_evaluates(self._t, split):
            raise NasmapQueryError(f'{name}@{iepoch} is not among the evaluations of this trial')
        return self._result(split, iepoch, name)

    def get_net_param(self, clone=False):
        """None: nasmap files hold no weights (as upstream's -simple archives)."""
        return None

    def get_config(self, str2structure):
        c = self._lay.net_config(self._arch, self._dataset)
        if c is None:
            raise NasmapQueryError(f'no configuration for architecture {self._arch} on {self.name}')
        if c[0] == 'infer.tiny':
            if str2structure is None:
                return {'name': 'infer.tiny', 'C': c[1], 'N': c[2], 'arch_str': c[3], 'num_classes': c[4]}
            return {'name': 'infer.tiny', 'C': c[1], 'N': c[2], 'genotype': str2structure(c[3]), 'num_classes': c[4]}
        genotype = c[2] if str2structure is None else str2structure(c[2])
        return {'name': 'infer.shape.tiny', 'channels': c[1], 'genotype': genotype, 'num_classes': c[3]}

    def __repr__(self):
        return (f'ResultsCount({self.name}, arch={self._lay.arch(self._arch)}, FLOP={self.flop:.2f}M, '
                f'Param={self.params:.3f}MB, seed={self.seed}, {len(self.eval_names)} eval-sets: '
                f'[{", ".join(self.eval_names)}])')


class ArchResults:
    """One architecture at one hp: upstream's `ArchResults`, answering from the file."""

    def __init__(self, api, arch, hp):
        self._api = api
        self._hp = hp
        self.arch_index = arch
        self.arch_str = api.layout.arch(arch)
        self.clear_net_done = True
        seeds = {}
        for ds in range(len(DATASETS)):
            first, n, _ = api.layout.group(arch, hp, ds)
            if first >= 0:
                seeds[DATASETS[ds]] = [api.layout.trial_seed(first + i) for i in range(n)]
        self.dataset_seed = seeds

    def _ds(self, dataset):
        if dataset not in self.dataset_seed:
            raise NasmapQueryError(dataset)
        return DATASETS.index(dataset)

    def get_dataset_names(self):
        return list(self.dataset_seed)

    def get_dataset_seeds(self, dataset):
        self._ds(dataset)
        return list(self.dataset_seed[dataset])

    def get_compute_costs(self, dataset):
        return self._api._get_cost_info(self.arch_index, self._ds(dataset), self._hp)

    def get_metrics(self, dataset, setname, iepoch=None, is_random=False):
        """Upstream's rule: every seed's result is read first; True then draws with random.randint."""
        api = self._api
        ds = self._ds(dataset)
        split = X_VALID if setname == 'valid' else SPLITS.index(setname) if setname in SPLITS else -1
        if split < 0:
            raise NasmapQueryError(f'{setname}@{iepoch}')
        ie = api._upstream_iepoch(iepoch)
        kind, seed = api._upstream_choice(is_random)
        r = api._get_metrics(self.arch_index, ds, self._hp, split, ie, kind, seed)
        if kind != MEAN:
            r['iepoch'] = int(r['iepoch'])
        return r

    def get_latency(self, dataset):
        out = []
        for rc in self.query(dataset).values():
            lat = rc.get_latency()
            if lat <= 0:
                raise NasmapQueryError(f'invalid latency of {dataset} with seed={rc.seed} : {lat}')
            out.append(lat)
        return sum(out) / len(out)

    def get_total_epoch(self, dataset=None):
        names = self.get_dataset_names() if dataset is None else [dataset]
        epochs = [rc.epochs for d in names for rc in self.query(d).values()]
        if len(set(epochs)) > 1:
            raise NasmapQueryError(f'Each trial mush have the same number of training epochs : {epochs}')
        return epochs[-1]

    def query(self, dataset, seed=None):
        ds = self._ds(dataset)
        first, n, _ = self._api.layout.group(self.arch_index, self._hp, ds)
        seeds = self.dataset_seed[dataset]
        if seed is None:
            return {s: ResultsCount(self._api, self.arch_index, self._hp, ds, first + i) for i, s in enumerate(seeds)}
        if seed not in seeds:
            raise NasmapQueryError((dataset, seed))
        return ResultsCount(self._api, self.arch_index, self._hp, ds, first + seeds.index(seed))

    @property
    def all_results(self):
        return {(d, s): rc for d in self.dataset_seed for s, rc in self.query(d).items()}

    def get_net_param(self, dataset, seed=None):
        """None for each trial: nasmap files hold no weights (as upstream's -simple archives)."""
        seeds = self.get_dataset_seeds(dataset)
        if seed is None:
            return {s: None for s in seeds}
        if seed not in seeds:
            raise NasmapQueryError(f'key={(dataset, seed)} not in {list(self.all_results)}')
        return None

    def clear_params(self):
        self.clear_net_done = True

    def __repr__(self):
        n = sum(len(s) for s in self.dataset_seed.values())
        return (f'ArchResults(arch-index={self.arch_index}, arch={self.arch_str}, {n} runs, '
                f'clear={self.clear_net_done})')


__all__ = ['ArchResults', 'ResultsCount']
