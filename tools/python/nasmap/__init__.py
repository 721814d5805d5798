"""nasmap: NAS-Bench-201 / NATS-Bench answers from one mapped nasmap file (format/FORMAT.md).

The standard library plus numpy. The file is mapped read-only (numpy.memmap); opening it validates the
header, the version, the file length, the footer, the section table and the small shape table, and reads
no data section (values, strings, trials, ...) into Python objects. Queries read the mapping in place and
answer as the Java reader (org.nasmap.reader.NasBench) does, which follows the upstream `nats_bench` 1.8
API:

    import nasmap
    with nasmap.open("tss.nasmap") as api:
        len(api)                                              # architectures of the space
        api.arch(11)                                          # '|nor_conv_3x3~0|+|...'
        api.query_index_by_arch('|nor_conv_3x3~0|+|...')      # 11, or -1
        api.get_more_info(11, 'cifar100', hp='200', is_random=False)
        api.get_metrics(11, 'cifar10-valid', 'x-valid', iepoch=5, hp='200', is_random=777)
        api.get_cost_info(11, 'cifar10', hp='200')

Where upstream raises, these raise NasmapQueryError (a KeyError and a ValueError); a file that is not a
valid nasmap file raises NasmapFormatError (a ValueError; NasmapVersionError for a version this reader
does not read), whose message names the file. Upstream's None is None.

Modules: `_layout` reads the file's bytes (the only module that knows the format's layout), `_file` holds
upstream's query semantics over it, `_query` the JSON-lines protocol (`python3 -m nasmap query FILE`).
"""

__version__ = '0.1.0'

from ._errors import NasmapError, NasmapFormatError, NasmapQueryError, NasmapVersionError
from ._file import DEFAULT_RANDOM_SEED, NasmapFile, open  # noqa: A004
from ._layout import (  # noqa: F401 (format constants, for tools that inspect files)
    ARCH_CODES, ARCH_HP, ARCH_LOOKUP, ARCH_ROWS, CONFIGS, COSTS, EPOCH_LISTS, FINAL_MEANS, GROUPS, LATENCIES,
    MIN_VERSION, SHAPES, STRING_BYTES, STRING_OFFSETS, TRIAL_FINALS, TRIALS, VALUES, VERSION, arch_code, arch_hash,
    lookup_slot,
)
from ._names import (  # noqa: F401
    ACCURACY, CIFAR10, CIFAR10_VALID, CIFAR100, DATASETS, HP_EPOCHS, HPS, IMAGENET16_120, LOSS, ORI_TEST, SPLITS,
    TIME, TOP5, TRAIN, X_TEST, X_VALID,
)
from ._layout import ABSENT, CONSTANT, DENSE, SPARSE  # noqa: F401
from ._query import SUPPORTED_OPS, QueryEngine, encode_answer
from ._api import (  # noqa: F401
    API_VERSION, NASBench201API, NasmapNotHeldError, NATSsize, NATStopology, create, search_space_info, torch_home, version,
)
from ._results import ArchResults, ResultsCount  # noqa: F401

__all__ = [
    'open', 'NasmapFile', 'NasmapError', 'NasmapFormatError', 'NasmapVersionError', 'NasmapQueryError',
    'arch_hash', 'DATASETS', 'HPS', 'SPLITS', 'VERSION', 'MIN_VERSION', 'SUPPORTED_OPS', 'QueryEngine',
    'encode_answer', 'DEFAULT_RANDOM_SEED', 'create', 'version', 'search_space_info', 'NATStopology', 'NATSsize',
    'NasmapNotHeldError', 'ArchResults', 'ResultsCount', 'NASBench201API',
]
