"""The byte-level layer: every read of a nasmap file's bytes (header, section table, footer, typed views,
offsets inside sections) is in this module, and nowhere else in the package.

The rest of the package sees a file only through `Layout`'s interface below, which speaks of
architectures, (architecture, hp, dataset) groups of trials, and per-trial results, never of offsets. A
new format version changes this module only; the interface stays:

    Layout(path)                         maps and validates the file (NasmapFormatError, NasmapVersionError)
    .path .version .file_length          the file
    .space_code .space                   0/'tss' or 1/'sss'
    .source_kind                         'nats-archive', 'nats-single', 'nb201-pth' or 'unknown'
    .arch_count .held_count              architectures of the space; architectures with results
    .hp_codes                            the hp codes (indexes into HPS) the file holds, ascending
    .arch(i) -> str                      architecture string, 0 <= i < arch_count (checked by the caller)
    .index_of(s) -> int                  index of an architecture string, -1 when not in the space
    .arch_hps(i) -> int                  bit h set when architecture i has results at HPS[h]; 0: not held
    .group(i, hp, ds) -> (first, n, flags)
                                         the group's trials are first .. first + n - 1 in upstream's seed
                                         order; first = -1 when the dataset is absent; needs arch_hps bit hp
    .trial_seed(t) -> int
    .trial_costs(t) -> (flops, params)   as the source holds them
    .trial_latencies(t) -> list | None   the latency list (None when the source holds None)
    .trial_epochs(t) -> int              the trial's epoch count
    .trial_evaluates(t, split) -> bool   the split is among the trial's evaluation names (train: True)
    .trial_result(t, split, iepoch)      upstream's ResultsCount.get_train / get_eval(iepoch) (-1 = last):
                                         an ERR_* code of _names, or (epoch, loss, accuracy, cur_time,
                                         all_time, time_known), float32 values widened, all_time summed in
                                         epoch order
    .trial_time_totals(t, split)         for get_compute_costs' times: None when the split is not evaluated,
                                         else (known, per-epoch mean, total)
    .trial_series(t, split, metric)      (epochs, values): the stored epochs (list of int) and a float32
                                         numpy array (a read-only view of the mapping where possible)
    .net_config(i, ds)                   None (upstream raises), ('infer.tiny', C, N, arch_str, classes) or
                                         ('infer.shape.tiny', channels, genotype, classes)
    .final_mean_table(hp, ds, split)     float64 array over all arch_count architectures: the mean over
                                         seeds of the final-epoch accuracy; NaN where absent or unreadable
    .final_mean(i, hp, ds, split) -> float  one entry of it (NaN where absent)
    .views() -> dict                     the raw read-only numpy views of this version's sections

Arrays returned alias the mapping: they stay valid as long as a reference to them (or to the Layout)
is held; nothing in the file changes under them (the file is only ever replaced by a rename).
"""

import os
import struct
import sys

import numpy as np

from ._errors import NasmapError, NasmapFormatError, NasmapVersionError
from ._names import (
    ACCURACY, DATASETS, ERR_EPOCH, ERR_MISSING, ERR_TIME, HPS, LOSS, SOURCE_KINDS, SPACES, SPLITS, TIME, TRAIN,
)

VERSION = 2
"""The format version this reader reads (the newest)."""
MIN_VERSION = 2
"""The oldest format version this reader reads (version-1 files are refused: reconvert them)."""

MAGIC = b'NASMAP\x00\x1a'
FOOTER_MAGIC = b'PAMSAN\x1a\x00'
HEADER_LENGTH = 64
SECTION_TABLE_OFFSET = 64
SECTION_ENTRY_LENGTH = 32
SECTION_ID_COUNT = 17
MIN_SECTION_COUNT = 16  # files written before GROUP_ANSWERS: it reads as empty
ALIGNMENT = 64
MAX_FILE_LENGTH = 2 ** 31 - 1  # version-2 readers map at most 2 GiB - 1 bytes

(STRING_OFFSETS, STRING_BYTES, ARCH_LOOKUP, ARCH_HP, ARCH_ROWS, GROUPS, TRIALS, SHAPES, EPOCH_LISTS,
 VALUES, LATENCIES, FINAL_MEANS, CONFIGS, COSTS, TRIAL_FINALS, ARCH_CODES, GROUP_ANSWERS) = range(1, 18)
SECTION_NAMES = {
    STRING_OFFSETS: 'STRING_OFFSETS', STRING_BYTES: 'STRING_BYTES', ARCH_LOOKUP: 'ARCH_LOOKUP',
    ARCH_HP: 'ARCH_HP', ARCH_ROWS: 'ARCH_ROWS', GROUPS: 'GROUPS', TRIALS: 'TRIALS', SHAPES: 'SHAPES',
    EPOCH_LISTS: 'EPOCH_LISTS', VALUES: 'VALUES', LATENCIES: 'LATENCIES', FINAL_MEANS: 'FINAL_MEANS',
    CONFIGS: 'CONFIGS', COSTS: 'COSTS', TRIAL_FINALS: 'TRIAL_FINALS', ARCH_CODES: 'ARCH_CODES',
    GROUP_ANSWERS: 'GROUP_ANSWERS',
}
ELEMENT_SIZES = {
    STRING_OFFSETS: 8, STRING_BYTES: 1, ARCH_LOOKUP: 4, ARCH_HP: 1, ARCH_ROWS: 4, GROUPS: 64, TRIALS: 32,
    SHAPES: 272, EPOCH_LISTS: 4, VALUES: 4, LATENCIES: 8, FINAL_MEANS: 8, CONFIGS: 20, COSTS: 8,
    TRIAL_FINALS: 64, ARCH_CODES: 4, GROUP_ANSWERS: 192,
}
ANSWERED_HP_BITS = 0b1100  # GROUP_ANSWERS has entries for the hp slots of more than 12 epochs: "90", "200"
COST_COUNT = 3  # COSTS columns per (hp slot, dataset): flops, params, latency
TOPOLOGY_OPS = ('none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3')
CODE_COUNTS = (15625, 32768)  # ARCH_CODES entries of a topology and a size file (or 0)

ABSENT, DENSE, CONSTANT, SPARSE = range(4)
SHAPE_FLAG_EVAL_TIMES_EMPTY = 1

_HEADER = struct.Struct('<8s12iq')        # magic .. FILE_LENGTH, 64 bytes
_ENTRY = struct.Struct('<iiqqq')             # id, element size, offset, length, element count
_GROUP = struct.Struct('<iHH')               # first trial, seed count, flags (then the inline copies)
_TRIAL = struct.Struct('<iHhiidd')           # seed, shape, latency count, values offset, latency index, flops, params
_SHAPE_HEAD = struct.Struct('<iiii')         # epochs, eval mask, flags, value count
_SLOT = struct.Struct('<iiii')               # kind, value offset, value count, epochs index
_CONFIG = struct.Struct('<iiiii')            # kind, class count, a, b, c
_I64 = struct.Struct('<q')

assert _HEADER.size == HEADER_LENGTH and _ENTRY.size == SECTION_ENTRY_LENGTH
assert _TRIAL.size == 32 and _SHAPE_HEAD.size + 16 * _SLOT.size == 272

GROUP_DTYPE = np.dtype([('first_trial', '<i4'), ('seed_count', '<u2'), ('flags', '<u2'), ('seeds', '<i4', 4),
                        ('shapes', '<u2', 4), ('values_offsets', '<i4', 4), ('reserved', 'V16')])
TRIAL_FINAL_DTYPE = np.dtype([('loss', '<f4'), ('accuracy', '<f4'), ('all_time', '<f8')])  # one split of a trial
TRIAL_DTYPE = np.dtype([('seed', '<i4'), ('shape', '<u2'), ('latency_count', '<i2'), ('values_offset', '<i4'),
                        ('latency_index', '<i4'), ('flops', '<f8'), ('params', '<f8')])
CONFIG_DTYPE = np.dtype([('kind', '<i4'), ('class_num', '<i4'), ('a', '<i4'), ('b', '<i4'), ('c', '<i4')])

_NAN = float('nan')
_MASK64 = 0xFFFFFFFFFFFFFFFF


def arch_hash(s):
    """64-bit FNV-1a over the UTF-16 code units of `s`, each unit fed as two bytes, low byte first."""
    h = 0xcbf29ce484222325
    for b in s.encode('utf-16-le', 'surrogatepass'):
        h = ((h ^ b) * 0x100000001b3) & _MASK64
    return h


def arch_code(space_code, s):
    """The code of an architecture string in its space's grammar (FORMAT.md section 5), or -1."""
    if space_code == 0:
        if not s.startswith('|') or not s.endswith('|'):
            return -1
        nodes = s[1:-1].split('|+|')
        if len(nodes) != 3:
            return -1
        code, weight = 0, 1
        for n, node in enumerate(nodes):
            edges = node.split('|')
            if len(edges) != n + 1:
                return -1
            for k, edge in enumerate(edges):
                op, sep, src = edge.rpartition('~')
                if sep != '~' or src != str(k) or op not in TOPOLOGY_OPS:
                    return -1
                code += TOPOLOGY_OPS.index(op) * weight
                weight *= 5
        return code
    parts = s.split(':')
    if len(parts) != 5:
        return -1
    code, weight = 0, 1
    for p in parts:
        if not p.isascii() or not p.isdigit() or p[0] == '0' or len(p) > 2:
            return -1
        v = int(p)
        if v % 8 or not 8 <= v <= 64:
            return -1
        code += (v // 8 - 1) * weight
        weight *= 8
    return code


def lookup_slot(h, capacity):
    """The first probe of hash `h` in a lookup table of `capacity` slots."""
    return (h ^ (h >> 32)) & (capacity - 1)


def _sum(xs):
    """Sequential float64 sum from 0.0, in order (as Java's `sum += x` loop; not Python's compensated sum)."""
    s = 0.0
    for x in xs:
        s += x
    return s


class Layout:
    """A version-2 nasmap file mapped read-only (see the module documentation for the interface)."""

    def __init__(self, path):
        if sys.byteorder != 'little':
            raise NasmapError('nasmap reads little-endian files with native loads; this platform is big-endian')
        self.path = os.fspath(path)
        size = os.stat(self.path).st_size
        if size > MAX_FILE_LENGTH:
            raise self._corrupt(f'file of {size} bytes: this reader maps at most 2 GiB - 1')
        if size < HEADER_LENGTH:
            raise self._corrupt(f'file is {size} bytes, shorter than the {HEADER_LENGTH}-byte header: '
                                f'not a nasmap file, or truncated?')
        self._mm = np.memmap(self.path, dtype=np.uint8, mode='r')
        buf = self._buf = memoryview(self._mm)
        length = self.file_length = len(buf)
        if length < HEADER_LENGTH:  # the file shrank between stat and map
            raise self._corrupt(f'file is {length} bytes, shorter than the {HEADER_LENGTH}-byte header: '
                                f'not a nasmap file, or truncated?')
        (magic, version, header_length, space, source_kind, arch_count, held_count, hp_mask, dataset_count,
         trial_count, shape_count, section_count, string_count, declared_length) = _HEADER.unpack_from(buf, 0)
        if magic != MAGIC:
            raise self._corrupt(f'bad magic: expected 0x{int.from_bytes(MAGIC, "little"):016x}, '
                                f'actual 0x{int.from_bytes(magic, "little"):016x}: not a nasmap file')
        if version < MIN_VERSION or version > VERSION:
            raise NasmapVersionError(self.path, version, MIN_VERSION, VERSION)
        self.version = version
        self._expect('header length', HEADER_LENGTH, header_length)
        if declared_length != length:
            raise self._corrupt(f'header declares {declared_length} bytes but the file has {length}' +
                                (': file truncated?' if length < declared_length else ': file extended?'))
        if not 0 <= space < len(SPACES):
            raise self._corrupt(f'unknown space code {space}')
        self.space_code = space
        self.space = SPACES[space]
        self.source_kind = SOURCE_KINDS[source_kind] if 0 <= source_kind < len(SOURCE_KINDS) else 'unknown'
        if arch_count < 0 or held_count < 0 or held_count > arch_count:
            raise self._corrupt(f'architecture counts out of range: {arch_count} in the space, {held_count} held')
        self.arch_count = arch_count
        self.held_count = held_count
        if hp_mask == 0 or hp_mask & ~0xF:
            raise self._corrupt(f'hp mask out of range: 0x{hp_mask & 0xFFFFFFFF:x}')
        self.hp_mask = hp_mask
        self._hp_slots = bin(hp_mask).count('1')
        self._hp_slot = tuple(bin(hp_mask & ((1 << h) - 1)).count('1') if hp_mask >> h & 1 else -1
                              for h in range(len(HPS)))
        self.hp_codes = tuple(h for h in range(len(HPS)) if hp_mask >> h & 1)
        self._expect('dataset count', len(DATASETS), dataset_count)
        if trial_count < 0 or shape_count < 0 or string_count < arch_count:
            raise self._corrupt(f'counts out of range: {trial_count} trials, {shape_count} shapes, '
                                f'{string_count} strings for {arch_count} architectures')
        self.trial_count = trial_count
        self.shape_count = shape_count
        self.string_count = string_count
        if not MIN_SECTION_COUNT <= section_count <= SECTION_ID_COUNT:
            raise self._corrupt(f'section count: expected {MIN_SECTION_COUNT} to {SECTION_ID_COUNT}, actual {section_count}')
        head_end = SECTION_TABLE_OFFSET + SECTION_ENTRY_LENGTH * section_count
        footer_start = length - (8 * section_count + 24)
        if footer_start < head_end:
            raise self._corrupt('file too short for its section table and footer: file truncated?')
        footer_magic = bytes(buf[footer_start + 8 * section_count + 16:footer_start + 8 * section_count + 24])
        if footer_magic != FOOTER_MAGIC:
            raise self._corrupt(f'bad footer magic: expected 0x{int.from_bytes(FOOTER_MAGIC, "little"):016x}, '
                                f'actual 0x{int.from_bytes(footer_magic, "little"):016x}: '
                                f'file truncated or extended?')
        (footer_length,) = _I64.unpack_from(buf, footer_start + 8 * section_count + 8)
        if footer_length != length:
            raise self._corrupt(f'footer declares {footer_length} bytes but the file has {length}')

        group_count = held_count * self._hp_slots * len(DATASETS)
        expected = {
            STRING_OFFSETS: string_count + 1, ARCH_HP: arch_count, ARCH_ROWS: arch_count, GROUPS: group_count,
            TRIALS: trial_count, SHAPES: shape_count, FINAL_MEANS: group_count * len(SPLITS),
            CONFIGS: held_count * len(DATASETS), COSTS: group_count * COST_COUNT,
        }
        answer_count = held_count * bin(hp_mask & ANSWERED_HP_BITS).count('1') * len(DATASETS)
        self.section_offset = {sid: 0 for sid in range(section_count + 1, SECTION_ID_COUNT + 1)}
        self.section_length = dict(self.section_offset)
        self.section_count = dict(self.section_offset)
        for i in range(section_count):
            sid, element_size, offset, slen, count = _ENTRY.unpack_from(buf, SECTION_TABLE_OFFSET + i * SECTION_ENTRY_LENGTH)
            if sid != i + 1:
                raise self._corrupt(f'section table entry {i} has id {sid}, expected {i + 1}')
            name = f'section {sid} ({SECTION_NAMES[sid]})'
            if element_size != ELEMENT_SIZES[sid]:
                raise self._corrupt(f'{name} element size: expected {ELEMENT_SIZES[sid]}, actual {element_size}')
            if offset < head_end or offset > footer_start or offset % ALIGNMENT:
                raise self._corrupt(f'{name} offset {offset} is misaligned or outside [{head_end}, {footer_start}]')
            if slen < 0 or slen > footer_start - offset:
                raise self._corrupt(f'{name} [{offset}, +{slen}) runs past the data end {footer_start}')
            if count < 0 or count > slen or count * element_size != slen:
                raise self._corrupt(f'{name} length {slen} is not {count} elements of {element_size}')
            if sid == GROUP_ANSWERS and count not in (0, answer_count):
                raise self._corrupt(f'section {sid} has {count} elements, expected 0 or {answer_count} (GROUP_ANSWERS)')
            if sid in expected and count != expected[sid]:
                raise self._corrupt(f'section {sid} has {count} elements, expected {expected[sid]} ({SECTION_NAMES[sid]})')
            self.section_offset[sid] = offset
            self.section_length[sid] = slen
            self.section_count[sid] = count
        for a in range(1, section_count + 1):
            for b in range(a + 1, section_count + 1):
                if (self.section_offset[a] < self.section_offset[b] + self.section_length[b] and
                        self.section_offset[b] < self.section_offset[a] + self.section_length[a]):
                    raise self._corrupt(f'sections {a} and {b} overlap')

        # typed views of the mapping (memoryviews for the scalar hot path); nothing is copied
        self._soff = self._view(STRING_OFFSETS, 'q')
        self._sbytes = self._view(STRING_BYTES, None)
        self._lookup = self._view(ARCH_LOOKUP, 'i')
        self.lookup_capacity = capacity = self.section_count[ARCH_LOOKUP]
        if capacity <= 0 or capacity & (capacity - 1) or capacity <= arch_count:
            raise self._corrupt(f'architecture lookup capacity {capacity} is not a power of two above {arch_count}')
        self._arch_hp = self._view(ARCH_HP, None)
        self._rows = self._view(ARCH_ROWS, 'i')
        self._groups = self._view(GROUPS, None)
        self._trials = self._view(TRIALS, None)
        self._elist = self._view(EPOCH_LISTS, 'i')
        self._vals = self._view(VALUES, 'f')
        self._lat = self._view(LATENCIES, 'd')
        self._configs = self._view(CONFIGS, None)
        self._final = self._view(FINAL_MEANS, 'd')
        self._codes = self._view(ARCH_CODES, 'i')
        if self.section_count[ARCH_CODES] not in (0, CODE_COUNTS[space]):
            raise self._corrupt(f'architecture code table has {self.section_count[ARCH_CODES]} entries: expected 0 or '
                                f'{CODE_COUNTS[space]} for the {SPACES[space]} space')
        # every architecture held: rows are the indexes (rows follow the index order)
        self._identity_rows = held_count == arch_count
        self.value_count = self.section_count[VALUES]
        self.latency_count = self.section_count[LATENCIES]
        self.epoch_list_count = self.section_count[EPOCH_LISTS]
        if self._soff[0] != 0 or self._soff[string_count] != self.section_length[STRING_BYTES]:
            raise self._corrupt('string offsets do not span the string bytes')
        self._shapes = self._decode_shapes()
        self._final_tables = {}

    # -------------------------------------------------------------------------------------- open helpers

    def _corrupt(self, message):
        return NasmapFormatError(self.path, message)

    def _expect(self, what, expected, actual):
        if expected != actual:
            raise self._corrupt(f'{what}: expected {expected}, actual {actual}')

    def _view(self, sid, fmt):
        off = self.section_offset[sid]
        v = self._buf[off:off + self.section_length[sid]]
        return v.cast(fmt) if fmt else v

    def _array(self, sid, dtype):
        return np.frombuffer(self._buf, dtype=dtype, count=self.section_count[sid], offset=self.section_offset[sid])

    def views(self):
        """The raw read-only numpy views of this format version's sections (no copies)."""
        return {
            'values': self._array(VALUES, '<f4'), 'latencies': self._array(LATENCIES, '<f8'),
            'final_means': self._array(FINAL_MEANS, '<f8'), 'arch_hp': self._array(ARCH_HP, 'u1'),
            'arch_rows': self._array(ARCH_ROWS, '<i4'), 'groups': self._array(GROUPS, GROUP_DTYPE),
            'trials': self._array(TRIALS, TRIAL_DTYPE), 'configs': self._array(CONFIGS, CONFIG_DTYPE),
            'costs': self._array(COSTS, '<f8'), 'arch_codes': self._array(ARCH_CODES, '<i4'),
            'trial_finals': np.frombuffer(self._buf, dtype=TRIAL_FINAL_DTYPE, count=self.section_count[TRIAL_FINALS] * 4,
                                          offset=self.section_offset[TRIAL_FINALS]).reshape(-1, 4),
        }

    def _decode_shapes(self):
        """The shape table (a few hundred bytes) decoded and checked once, as the Java reader does."""
        b = self._view(SHAPES, None)
        out = []
        for s in range(self.shape_count):
            base = s * 272
            epochs, eval_mask, flags, total = _SHAPE_HEAD.unpack_from(b, base)
            if epochs < 0 or total < 0:
                raise self._corrupt(f'shape {s} has {epochs} epochs and {total} values')
            slots = []
            for slot in range(16):
                kind, offset, count, lst = _SLOT.unpack_from(b, base + 16 + slot * 16)
                if not 0 <= kind <= SPARSE:
                    raise self._corrupt(f'shape {s} slot {slot} has unknown kind {kind}')
                expected = (0, epochs, 1, count)[kind]
                if count != expected or count < 0 or offset < 0 or offset + count > total:
                    raise self._corrupt(f'shape {s} slot {slot} ({("ABSENT", "DENSE", "CONSTANT", "SPARSE")[kind]}) '
                                        f'values [{offset}, +{count}) do not fit its {total} values')
                if kind == SPARSE and (lst < 0 or lst + count > self.epoch_list_count):
                    raise self._corrupt(f'shape {s} slot {slot} epoch list [{lst}, +{count}) is outside the '
                                        f'{self.epoch_list_count} listed epochs')
                slots.append((kind, offset, count, lst))
            out.append((epochs, eval_mask, flags, total, tuple(slots)))
        return tuple(out)

    # -------------------------------------------------------------------------------------- architectures

    def _string_span(self, sid):
        if sid < 0 or sid >= self.string_count:
            raise self._corrupt(f'string index {sid} outside the pool of {self.string_count}')
        start = self._soff[sid]
        end = self._soff[sid + 1]
        if start < 0 or end < start or end > len(self._sbytes):
            raise self._corrupt(f'string {sid} spans [{start}, {end}) outside the {len(self._sbytes)} string bytes')
        return start, end

    def _string(self, sid):
        start, end = self._string_span(sid)
        try:
            return bytes(self._sbytes[start:end]).decode('utf-8')
        except UnicodeDecodeError as e:
            raise self._corrupt(f'invalid UTF-8 in the string pool at byte {start + e.start}') from None

    def arch(self, i):
        return self._string(i)

    def index_of(self, arch):
        if len(self._codes):
            code = arch_code(self.space_code, arch)
            if code < 0:
                return -1
            index = self._codes[code]
            if index < -1 or index >= self.arch_count:
                raise self._corrupt(f'architecture code {code} maps to {index}, outside -1..{self.arch_count - 1}')
            return index
        return self._lookup_index(arch)

    def _lookup_index(self, arch):
        try:
            key = arch.encode('utf-8')
        except UnicodeEncodeError:  # a lone surrogate: equal to no valid UTF-8 string
            key = None
        capacity = self.lookup_capacity
        mask = capacity - 1
        slot = lookup_slot(arch_hash(arch), capacity)
        lookup = self._lookup
        n = self.arch_count
        for _ in range(capacity):
            v = lookup[slot]
            if v == 0:
                return -1
            candidate = v - 1
            if candidate < 0 or candidate >= n:
                raise self._corrupt(f'architecture lookup slot {slot} holds {v}, outside 1..{n}')
            start, end = self._string_span(candidate)
            if key is not None and self._sbytes[start:end] == key:
                return candidate
            slot = (slot + 1) & mask
        return -1

    def arch_hps(self, i):
        return self._arch_hp[i] & self.hp_mask

    def _row(self, arch):
        if self._identity_rows:
            return arch
        row = self._rows[arch]
        if row < 0 or row >= self.held_count:
            raise self._corrupt(f'architecture {arch} has row {row}, outside the {self.held_count} held rows')
        return row

    def _group_index(self, arch, hp, dataset):
        return (self._row(arch) * self._hp_slots + self._hp_slot[hp]) * 4 + dataset

    def group(self, arch, hp, dataset):
        g = self._group_index(arch, hp, dataset)
        first, count, flags = _GROUP.unpack_from(self._groups, g * 64)
        if first < -1 or (first >= 0 and first + count > self.trial_count):
            raise self._corrupt(f'group {g} trials [{first}, +{count}) outside the {self.trial_count} trials')
        return first, count, flags

    # -------------------------------------------------------------------------------------- trials

    def _trial(self, t):
        return _TRIAL.unpack_from(self._trials, t * 32)

    def _trial_shape(self, t, rec):
        s = rec[1]
        if s >= self.shape_count:
            raise self._corrupt(f'trial {t} has shape {s}, outside the {self.shape_count} shapes')
        return self._shapes[s]

    def _trial_values(self, t, rec, shape):
        v = rec[3]
        if v < 0 or v + shape[3] > self.value_count:
            raise self._corrupt(f'trial {t} values [{v}, +{shape[3]}) outside the {self.value_count} values')
        return v

    def trial_seed(self, t):
        return _TRIAL.unpack_from(self._trials, t * 32)[0]

    def trial_costs(self, t):
        rec = _TRIAL.unpack_from(self._trials, t * 32)
        return rec[5], rec[6]

    def trial_latencies(self, t):
        rec = self._trial(t)
        length = rec[2]
        if length < 0:
            return None
        at = rec[4]
        if at < 0 or at + length > self.latency_count:
            bad = at if at < 0 else max(at, self.latency_count)
            raise self._corrupt(f'latency index {bad} outside the {self.latency_count} latencies')
        return self._lat[at:at + length].tolist()

    def trial_epochs(self, t):
        return self._trial_shape(t, self._trial(t))[0]

    def trial_evaluates(self, t, split):
        return split == TRAIN or bool(self._trial_shape(t, self._trial(t))[1] >> split & 1)

    def _value_index(self, slot, base, epoch):
        kind = slot[0]
        if kind == DENSE:
            return base + slot[1] + epoch
        if kind == CONSTANT:
            return base + slot[1]
        if kind == SPARSE:
            lst = slot[3]
            elist = self._elist
            for i in range(slot[2]):
                if elist[lst + i] == epoch:
                    return base + slot[1] + i
        return -1

    def _sum_to(self, slot, base, epoch):
        """Sum of a series over epochs 0..epoch in epoch order, or NaN when one of them is missing."""
        kind = slot[0]
        if kind == DENSE:
            start = base + slot[1]
            return _sum(self._vals[start:start + epoch + 1].tolist())
        if kind == CONSTANT:
            return self._vals[base + slot[1]] * (epoch + 1)
        if kind == SPARSE:
            if slot[2] < epoch + 1:
                return _NAN
            lst = slot[3]
            if self._elist[lst:lst + epoch + 1].tolist() != list(range(epoch + 1)):
                return _NAN
            start = base + slot[1]
            return _sum(self._vals[start:start + epoch + 1].tolist())
        return _NAN

    def trial_result(self, t, split, iepoch):
        """ResultsCount.get_train/get_eval(iepoch) of one trial: an error code, or
        (epoch, loss, accuracy, cur_time, all_time, time_known). The DENSE and CONSTANT lookups are
        inlined (the hot path); _value_index and _sum_to hold the general rule."""
        rec = _TRIAL.unpack_from(self._trials, t * 32)
        shape = self._trial_shape(t, rec)
        epochs = shape[0]
        e = epochs - 1 if iepoch < 0 else iepoch
        if e < 0 or e >= epochs:
            return ERR_EPOCH
        base = rec[3]
        if base < 0 or base + shape[3] > self.value_count:
            self._trial_values(t, rec, shape)  # raises
        k = split * 4
        slots = shape[4]
        vals = self._vals
        ts = slots[k + TIME]
        cur = total = _NAN
        known = ts[0] != ABSENT if split == TRAIN else not shape[2] & SHAPE_FLAG_EVAL_TIMES_EMPTY
        if known:
            kind = ts[0]
            if kind == CONSTANT:
                cur = vals[base + ts[1]]
                total = cur * (e + 1)
            else:
                at = base + ts[1] + e if kind == DENSE else self._value_index(ts, base, e)
                if at < 0:
                    return ERR_TIME
                total = self._sum_to(ts, base, e)
                if total != total:
                    return ERR_TIME
                cur = vals[at]
            if total != total:
                return ERR_TIME
        ls = slots[k + LOSS]
        kind = ls[0]
        loss_at = base + ls[1] + e if kind == DENSE else base + ls[1] if kind == CONSTANT else \
            self._value_index(ls, base, e)
        acs = slots[k + ACCURACY]
        kind = acs[0]
        acc_at = base + acs[1] + e if kind == DENSE else base + acs[1] if kind == CONSTANT else \
            self._value_index(acs, base, e)
        if loss_at < 0 or acc_at < 0:
            return ERR_MISSING
        return e, vals[loss_at], vals[acc_at], cur, total, known

    def trial_time_totals(self, t, split):
        rec = self._trial(t)
        shape = self._trial_shape(t, rec)
        if split != TRAIN and not shape[1] >> split & 1:
            return None
        base = self._trial_values(t, rec, shape)
        slot = shape[4][split * 4 + TIME]
        epochs = shape[0]
        epoch_mean = total = _NAN
        if split == TRAIN:
            # mean and sum of train_times.values(), whatever epochs they hold
            known = slot[0] != ABSENT
            if known:
                if slot[0] == CONSTANT:
                    total = self._vals[base + slot[1]] * epochs
                    epoch_mean = _NAN if epochs == 0 else total / epochs
                else:
                    start = base + slot[1]
                    total = _sum(self._vals[start:start + slot[2]].tolist())
                    epoch_mean = total / slot[2] if slot[2] else _NAN
        else:
            total = _NAN if epochs == 0 else self._sum_to(slot, base, epochs - 1)
            known = total == total
            epoch_mean = total / epochs if known else _NAN
        return known, epoch_mean, total

    def trial_series(self, t, split, metric):
        rec = self._trial(t)
        shape = self._trial_shape(t, rec)
        base = self._trial_values(t, rec, shape)
        kind, offset, count, lst = shape[4][split * 4 + metric]
        epochs = shape[0]
        values = self._array(VALUES, '<f4')
        if kind == ABSENT:
            return [], np.empty(0, np.float32)
        if kind == DENSE:
            return list(range(epochs)), values[base + offset:base + offset + count]
        if kind == CONSTANT:
            return list(range(epochs)), np.full(epochs, values[base + offset], np.float32)
        return self._elist[lst:lst + count].tolist(), values[base + offset:base + offset + count]

    # -------------------------------------------------------------------------------------- per architecture

    def net_config(self, arch, dataset):
        kind, classes, a, b, c = _CONFIG.unpack_from(self._configs, (self._row(arch) * 4 + dataset) * 20)
        if kind == 1:
            return 'infer.tiny', a, b, self._string(c), classes
        if kind == 2:
            return 'infer.shape.tiny', self._string(a), self._string(b), classes
        if kind == 0:
            return None
        raise self._corrupt(f'architecture {arch} {DATASETS[dataset]} has configuration kind {kind}')

    def _column(self, hp, dataset, split):
        """Start of the FINAL_MEANS column of (hp, dataset, split): HELD_COUNT values, row by row."""
        return ((self._hp_slot[hp] * 4 + dataset) * 4 + split) * self.held_count

    def final_mean(self, arch, hp, dataset, split):
        if not self.arch_hps(arch) >> hp & 1:
            return _NAN
        return self._final[self._column(hp, dataset, split) + self._row(arch)]

    def final_mean_table(self, hp, dataset, split):
        key = (hp, dataset, split)
        table = self._final_tables.get(key)
        if table is None:
            rows = self._array(ARCH_ROWS, '<i4')
            bits = self._array(ARCH_HP, 'u1')
            held = (rows >= 0) & ((bits >> hp) & 1).astype(bool)
            if np.any(rows[held] >= self.held_count):
                raise self._corrupt(f'an architecture row is outside the {self.held_count} held rows')
            slot = self._hp_slot[hp]
            final = self._array(FINAL_MEANS, '<f8')
            if slot >= 0 and self._identity_rows:
                # the column itself, a read-only view of the mapping: NaN where the hp or dataset is absent
                start = self._column(hp, dataset, split)
                table = final[start:start + self.held_count]
            else:
                table = np.full(self.arch_count, _NAN)
                if slot >= 0:
                    table[held] = final[self._column(hp, dataset, split) + rows[held].astype(np.int64)]
            table.flags.writeable = False
            self._final_tables[key] = table
        return table
