#!/usr/bin/env python3
"""nasmap: a Python reader of the nasmap file format (version 1, see format/FORMAT.md).

One file, the standard library plus numpy. The file is mapped read-only with numpy.memmap; opening it
validates the header, the version, the file length, the footer, the section table and the small shape
table, and reads no data section (values, strings, trials, ...) into Python objects. Queries read the
mapping in place and answer as the Java reader (org.nasmap.reader.NasBench) does, which follows the
upstream `nats_bench` 1.8 API:

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

As a command, `python3 nasmap.py query FILE [--random-seed N]` speaks the JSON-lines protocol of
`nasmap query` for the operations above plus `len`; other operations answer {"error": "unsupported op ..."}.

Arithmetic follows the Java reader's order exactly (float32 values widened to float64, sums in epoch and
seed order, one division at the end), so answers agree with it to the last bit.
"""

import json
import math
import operator
import os
import random as _random
import struct
import sys
from functools import reduce

import numpy as np

__all__ = [
    'open', 'NasmapFile', 'NasmapError', 'NasmapFormatError', 'NasmapVersionError', 'NasmapQueryError',
    'arch_hash', 'DATASETS', 'HPS', 'SPLITS', 'VERSION', 'MIN_VERSION', 'SUPPORTED_OPS',
]

# ------------------------------------------------------------------------------------------ format constants

VERSION = 1
"""The format version this reader reads (the newest)."""
MIN_VERSION = 1
"""The oldest format version this reader reads."""

MAGIC = b'NASMAP\x00\x1a'
FOOTER_MAGIC = b'PAMSAN\x1a\x00'
HEADER_LENGTH = 64
SECTION_TABLE_OFFSET = 64
SECTION_ENTRY_LENGTH = 32
SECTION_ID_COUNT = 13
ALIGNMENT = 64
MAX_FILE_LENGTH = 2 ** 31 - 1  # version-1 readers map at most 2 GiB - 1 bytes

(STRING_OFFSETS, STRING_BYTES, ARCH_LOOKUP, ARCH_HP, ARCH_ROWS, GROUPS, TRIALS, SHAPES, EPOCH_LISTS,
 VALUES, LATENCIES, FINAL_MEANS, CONFIGS) = range(1, 14)
SECTION_NAMES = {
    STRING_OFFSETS: 'STRING_OFFSETS', STRING_BYTES: 'STRING_BYTES', ARCH_LOOKUP: 'ARCH_LOOKUP',
    ARCH_HP: 'ARCH_HP', ARCH_ROWS: 'ARCH_ROWS', GROUPS: 'GROUPS', TRIALS: 'TRIALS', SHAPES: 'SHAPES',
    EPOCH_LISTS: 'EPOCH_LISTS', VALUES: 'VALUES', LATENCIES: 'LATENCIES', FINAL_MEANS: 'FINAL_MEANS',
    CONFIGS: 'CONFIGS',
}
ELEMENT_SIZES = {
    STRING_OFFSETS: 8, STRING_BYTES: 1, ARCH_LOOKUP: 4, ARCH_HP: 1, ARCH_ROWS: 4, GROUPS: 8, TRIALS: 32,
    SHAPES: 272, EPOCH_LISTS: 4, VALUES: 4, LATENCIES: 8, FINAL_MEANS: 8, CONFIGS: 20,
}

DATASETS = ('cifar10-valid', 'cifar10', 'cifar100', 'ImageNet16-120')
HPS = ('01', '12', '90', '200')
HP_EPOCHS = (1, 12, 90, 200)
SPLITS = ('train', 'x-valid', 'x-test', 'ori-test')
SPACES = ('tss', 'sss')
SOURCE_KINDS = ('unknown', 'nats-archive', 'nats-single', 'nb201-pth')

CIFAR10_VALID, CIFAR10, CIFAR100, IMAGENET16_120 = range(4)
TRAIN, X_VALID, X_TEST, ORI_TEST = range(4)
LOSS, ACCURACY, TOP5, TIME = range(4)
ABSENT, DENSE, CONSTANT, SPARSE = range(4)
SPACE_TOPOLOGY, SPACE_SIZE = range(2)

GROUP_FLAG_FLOPS_DISAGREE = 1
GROUP_FLAG_PARAMS_DISAGREE = 2
SHAPE_FLAG_EVAL_TIMES_EMPTY = 1

_HEADER = struct.Struct('<8s12iq')        # magic .. FILE_LENGTH, 64 bytes
_ENTRY = struct.Struct('<iiqqq')             # id, element size, offset, length, element count
_GROUP = struct.Struct('<iHH')               # first trial, seed count, flags
_TRIAL = struct.Struct('<iHhiidd')           # seed, shape, latency count, values offset, latency index, flops, params
_SHAPE_HEAD = struct.Struct('<iiii')         # epochs, eval mask, flags, value count
_SLOT = struct.Struct('<iiii')               # kind, value offset, value count, epochs index
_I64 = struct.Struct('<q')

assert _HEADER.size == HEADER_LENGTH and _ENTRY.size == SECTION_ENTRY_LENGTH
assert _GROUP.size == 8 and _TRIAL.size == 32 and _SHAPE_HEAD.size + 16 * _SLOT.size == 272

GROUP_DTYPE = np.dtype([('first_trial', '<i4'), ('seed_count', '<u2'), ('flags', '<u2')])
TRIAL_DTYPE = np.dtype([('seed', '<i4'), ('shape', '<u2'), ('latency_count', '<i2'), ('values_offset', '<i4'),
                        ('latency_index', '<i4'), ('flops', '<f8'), ('params', '<f8')])
CONFIG_DTYPE = np.dtype([('kind', '<i4'), ('class_num', '<i4'), ('a', '<i4'), ('b', '<i4'), ('c', '<i4')])

_NAN = float('nan')
_MASK64 = 0xFFFFFFFFFFFFFFFF

# status codes of the per-trial and per-group evaluations (as NasBench's)
_OK = 0
_ERR_EPOCH = 1
_ERR_MISSING = 2
_ERR_TIME = 3
_ERR_SEED = 4
_ERR_EMPTY = 5
_ERR_TIME_TYPE = 6

# seed choices (upstream's is_random)
_MEAN = 0
_SEED = 1
_RANDOM = 2

DEFAULT_RANDOM_SEED = 0x5eed
"""Seed of the generator behind is_random=True when none is given (the Java CLI's default too)."""

# ------------------------------------------------------------------------------------------ errors


class NasmapError(Exception):
    """Base of the errors this module raises."""


class NasmapFormatError(NasmapError, ValueError):
    """The file is not a valid nasmap file this reader reads. The message names the file."""

    def __init__(self, path, message):
        super().__init__(f'{message} (file: {path})')
        self.path = path


class NasmapVersionError(NasmapFormatError):
    """The file's format version is one this reader does not read: too old or too new (distinct errors)."""

    def __init__(self, path, version):
        self.version = version
        self.too_old = version < MIN_VERSION
        self.too_new = version > VERSION
        what = 'too old' if self.too_old else 'too new'
        super().__init__(path, f'format version {what}: {version} (this reader reads {MIN_VERSION} to {VERSION})')


class NasmapQueryError(NasmapError, KeyError, ValueError):
    """A query upstream's API raises on (bad index, dataset, hp, epoch, seed, missing result, ...).
    Both a KeyError and a ValueError, so code written against either of upstream's raises catches it."""

    def __str__(self):
        return str(self.args[0]) if self.args else ''


# ------------------------------------------------------------------------------------------ helpers


def arch_hash(s):
    """64-bit FNV-1a over the UTF-16 code units of `s`, each unit fed as two bytes, low byte first."""
    h = 0xcbf29ce484222325
    for b in s.encode('utf-16-le', 'surrogatepass'):
        h = ((h ^ b) * 0x100000001b3) & _MASK64
    return h


def _lookup_slot(h, capacity):
    return (h ^ (h >> 32)) & (capacity - 1)


def _sum(xs):
    """Sequential float64 sum from 0.0, in order (as Java's `sum += x` loop; not Python's compensated sum)."""
    return reduce(operator.add, xs, 0.0)


def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def _dataset_code(name):
    if isinstance(name, str):
        try:
            return DATASETS.index(name)
        except ValueError:
            pass
    raise NasmapQueryError(f"unknown dataset '{name}'")


def _hp_code(hp):
    if hp is None:
        return 1
    if _is_int(hp):
        if hp in HP_EPOCHS:
            return HP_EPOCHS.index(hp)
    elif isinstance(hp, str) and hp in HPS:
        return HPS.index(hp)
    raise NasmapQueryError(f"unknown hp '{hp}'")


def _split_code(name):
    if name == 'valid':
        return X_VALID
    if isinstance(name, str) and name in SPLITS:
        return SPLITS.index(name)
    raise NasmapQueryError(f"unknown setname '{name}'")


def _iepoch(iepoch):
    if iepoch is None:
        return -1
    if not _is_int(iepoch):
        raise NasmapQueryError(f"'iepoch' must be an integer or None, not {iepoch!r}")
    if iepoch < 0:
        raise NasmapQueryError(f'invalid iepoch={iepoch}')
    return iepoch


def _choice(is_random, default_random):
    """upstream's is_random -> (kind, seed): True random, False mean, an int that seed, None the default."""
    if is_random is None:
        return (_RANDOM, 0) if default_random else (_MEAN, 0)
    if isinstance(is_random, bool):
        return (_RANDOM, 0) if is_random else (_MEAN, 0)
    if _is_int(is_random):
        return _SEED, is_random
    raise NasmapQueryError(f"'is_random' must be a bool or a seed, not {is_random!r}")


# ------------------------------------------------------------------------------------------ the reader


class NasmapFile:
    """A nasmap file mapped read-only, with upstream's query methods.

    Opening validates the file's structure (FORMAT.md section 6) without reading its data sections;
    offsets found inside sections are checked where they are used. Instances are not thread-safe only
    through their random generator (is_random=True); everything else is read-only.
    """

    def __init__(self, path, random_seed=DEFAULT_RANDOM_SEED):
        if sys.byteorder != 'little':
            raise NasmapError('nasmap reads little-endian files with native loads; this platform is big-endian')
        self.path = os.fspath(path)
        self._closed = True
        self.random = _random.Random(random_seed)
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
            raise NasmapVersionError(self.path, version)
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
        self.hps = tuple(HPS[h] for h in range(len(HPS)) if hp_mask >> h & 1)
        self._expect('dataset count', len(DATASETS), dataset_count)
        if trial_count < 0 or shape_count < 0 or string_count < arch_count:
            raise self._corrupt(f'counts out of range: {trial_count} trials, {shape_count} shapes, '
                                f'{string_count} strings for {arch_count} architectures')
        self.trial_count = trial_count
        self.shape_count = shape_count
        self.string_count = string_count
        self._expect('section count', SECTION_ID_COUNT, section_count)
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
            CONFIGS: held_count * len(DATASETS),
        }
        self.section_offset = {}
        self.section_length = {}
        self.section_count = {}
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
            if sid in expected and count != expected[sid]:
                raise self._corrupt(f'{name} has {count} elements, expected {expected[sid]}')
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
        self._lookup_capacity = capacity = self.section_count[ARCH_LOOKUP]
        if capacity <= 0 or capacity & (capacity - 1) or capacity <= arch_count:
            raise self._corrupt(f'architecture lookup capacity {capacity} is not a power of two above {arch_count}')
        self._arch_hp = self._view(ARCH_HP, None)
        self._rows = self._view(ARCH_ROWS, 'i')
        self._groups = self._view(GROUPS, None)
        self._trials = self._view(TRIALS, None)
        self._elist = self._view(EPOCH_LISTS, 'i')
        self._vals = self._view(VALUES, 'f')
        self._lat = self._view(LATENCIES, 'd')
        self.value_count = self.section_count[VALUES]
        self.latency_count = self.section_count[LATENCIES]
        self.epoch_list_count = self.section_count[EPOCH_LISTS]
        if self._soff[0] != 0 or self._soff[string_count] != self.section_length[STRING_BYTES]:
            raise self._corrupt('string offsets do not span the string bytes')
        self._shapes = self._decode_shapes()

        # numpy views for callers (read-only, zero-copy)
        self.values = self._array(VALUES, '<f4')
        self.latencies = self._array(LATENCIES, '<f8')
        self.final_means = self._array(FINAL_MEANS, '<f8')
        self.arch_hp = self._array(ARCH_HP, 'u1')
        self.arch_rows = self._array(ARCH_ROWS, '<i4')
        self.groups = self._array(GROUPS, GROUP_DTYPE)
        self.trials = self._array(TRIALS, TRIAL_DTYPE)
        self.configs = self._array(CONFIGS, CONFIG_DTYPE)
        self._closed = False

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

    def arch(self, index):
        """`api.arch(index)`: the architecture string."""
        return self._string(self._index(index))

    def query_index_by_arch(self, arch):
        """Upstream's `query_index_by_arch`: for a string, its index or -1 when it is not an architecture of
        the space (looked up in the file's hash table); for an integer, the index itself when in range."""
        if isinstance(arch, str):
            return self._index_of(arch)
        return self._index(arch)

    def _index_of(self, arch):
        self._ensure_open()
        try:
            key = arch.encode('utf-8')
        except UnicodeEncodeError:  # a lone surrogate: equal to no valid UTF-8 string
            key = None
        capacity = self._lookup_capacity
        mask = capacity - 1
        slot = _lookup_slot(arch_hash(arch), capacity)
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

    def _row(self, arch):
        row = self._rows[arch]
        if row < 0 or row >= self.held_count:
            raise self._corrupt(f'architecture {arch} has row {row}, outside the {self.held_count} held rows')
        return row

    def _group_or_absent(self, arch, hp, dataset):
        self._check_arch(arch)
        bits = self._arch_hp[arch]
        if bits == 0:
            raise NasmapQueryError(f'architecture {arch} is not held by this file ({self.held_count} of '
                                   f'{self.arch_count} architectures are)')
        if not bits >> hp & 1 or self._hp_slot[hp] < 0:
            raise NasmapQueryError(f'architecture {arch} has no results at hp {HPS[hp]}')
        return (self._row(arch) * self._hp_slots + self._hp_slot[hp]) * 4 + dataset

    def _group_entry(self, g):
        """(first trial, seed count, flags) of a group, the trials checked against the trial count."""
        first, count, flags = _GROUP.unpack_from(self._groups, g * 8)
        if first < -1 or (first >= 0 and first + count > self.trial_count):
            raise self._corrupt(f'group {g} trials [{first}, +{count}) outside the {self.trial_count} trials')
        return first, count, flags

    def _group(self, arch, hp, dataset):
        g = self._group_or_absent(arch, hp, dataset)
        entry = self._group_entry(g)
        if entry[0] < 0:
            raise NasmapQueryError(f'dataset {DATASETS[dataset]} is not among the results of architecture {arch} '
                                   f'at hp {HPS[hp]}')
        return g, entry

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

    def _seeds(self, arch, dataset, hp='12'):
        """The seeds of (arch, dataset, hp) in upstream's order (upstream's get_dataset_seeds)."""
        _, (first, n, _) = self._group(self._index(arch), _hp_code(hp), _dataset_code(dataset))
        return [self._trial(first + i)[0] for i in range(n)]

    # -------------------------------------------------------------------------------------- series

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

    def _eval_trial(self, t, rec, split, iepoch):
        """ResultsCount.get_train/get_eval(iepoch) of one trial: an error code, or
        (epoch, loss, accuracy, cur_time, all_time, time_known). The DENSE and CONSTANT lookups are
        inlined (the hot path); _value_index and _sum_to hold the general rule."""
        shape = self._trial_shape(t, rec)
        epochs = shape[0]
        e = epochs - 1 if iepoch < 0 else iepoch
        if e < 0 or e >= epochs:
            return _ERR_EPOCH
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
                    return _ERR_TIME
                total = self._sum_to(ts, base, e)
                if total != total:
                    return _ERR_TIME
                cur = vals[at]
            if total != total:
                return _ERR_TIME
        ls = slots[k + LOSS]
        kind = ls[0]
        loss_at = base + ls[1] + e if kind == DENSE else base + ls[1] if kind == CONSTANT else \
            self._value_index(ls, base, e)
        acs = slots[k + ACCURACY]
        kind = acs[0]
        acc_at = base + acs[1] + e if kind == DENSE else base + acs[1] if kind == CONSTANT else \
            self._value_index(acs, base, e)
        if loss_at < 0 or acc_at < 0:
            return _ERR_MISSING
        return e, vals[loss_at], vals[acc_at], cur, total, known

    def _metrics(self, first, n, split, iepoch, kind, seed):
        """ArchResults.get_metrics over a group: an error code, or
        (iepoch, loss, accuracy, cur_time, all_time, time_known) with NaN times when not known."""
        if n == 0:
            return _ERR_EMPTY
        # upstream evaluates every trial before choosing, so any failing trial fails the call
        pick = self.random.randrange(n) if kind == _RANDOM else -1
        s_epoch = s_loss = s_acc = s_cur = s_all = 0.0
        first_known = False
        mismatch = False
        chosen = None
        for i in range(n):
            t = first + i
            rec = _TRIAL.unpack_from(self._trials, t * 32)
            r = self._eval_trial(t, rec, split, iepoch)
            if r.__class__ is int:
                return r
            known = r[5]
            if i == 0:
                first_known = known
            elif known != first_known:
                mismatch = True
            if kind == _SEED and rec[0] == seed:
                pick = i
            if i == pick:
                chosen = r
            s_epoch += r[0]
            s_loss += r[1]
            s_acc += r[2]
            s_cur += r[3]
            s_all += r[4]
        if kind == _MEAN:
            if mismatch and first_known:
                return _ERR_TIME_TYPE
            if first_known:
                return s_epoch / n, s_loss / n, s_acc / n, s_cur / n, s_all / n, True
            return s_epoch / n, s_loss / n, s_acc / n, _NAN, _NAN, False
        if pick < 0:
            return _ERR_SEED
        e, loss, acc, cur, total, known = chosen
        return (float(e), loss, acc, cur, total, True) if known else (float(e), loss, acc, _NAN, _NAN, False)

    @staticmethod
    def _error(status, arch, dataset, hp, split, iepoch, seed):
        where = f'architecture {arch}, {DATASETS[dataset]}, hp {HPS[hp]}, {SPLITS[split]}'
        at = '(last)' if iepoch < 0 else iepoch
        message = {
            _ERR_EPOCH: f'invalid iepoch={iepoch} for {where}',
            _ERR_MISSING: f'no {SPLITS[split]} result at epoch {at} for {where}',
            _ERR_TIME: f'no {SPLITS[split]} time at epoch {at} for {where}',
            _ERR_SEED: f'can not find random seed ({seed}) for {where}',
            _ERR_EMPTY: f'no trials for {where}',
            _ERR_TIME_TYPE: f'times are None for some seeds only, for {where}',
        }.get(status, f'query failed ({status}) for {where}')
        return NasmapQueryError(message)

    # -------------------------------------------------------------------------------------- get_metrics

    def get_metrics(self, index, dataset, setname, iepoch=None, hp='12', is_random=False):
        """Upstream's `query_meta_info_by_index(index, hp).get_metrics(dataset, setname, iepoch, is_random)`:
        {'iepoch', 'loss', 'accuracy', 'cur_time', 'all_time'} (times None where upstream has None).
        is_random: False = mean over seeds, True = one seed drawn, an int = that seed."""
        arch = self._index(index)
        ds = _dataset_code(dataset)
        hpc = _hp_code(hp)
        split = _split_code(setname)
        ie = _iepoch(iepoch)
        kind, seed = _choice(is_random, False)
        return self._get_metrics(arch, ds, hpc, split, ie, kind, seed)

    def _get_metrics(self, arch, ds, hp, split, iepoch, kind, seed):
        _, (first, n, _) = self._group(arch, hp, ds)
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
        ds = _dataset_code(dataset)
        hpc = _hp_code(hp)
        ie = _iepoch(iepoch)
        kind, seed = _choice(is_random, True)
        return self._more_info(arch, ds, hpc, ie, kind, seed)

    def _more_info(self, arch, ds, hp, iepoch, kind, seed):
        g0 = self._group_or_absent(arch, hp, ds)
        if kind == _RANDOM:
            first0, n0, _ = self._group_entry(g0)
            if first0 < 0:
                raise self._error(_ERR_EMPTY, arch, ds, hp, TRAIN, iepoch, 0)
            if n0 == 0:
                raise NasmapQueryError(f'Cannot choose from an empty sequence of seeds for architecture {arch}')
            seed = self._trial(first0 + self.random.randrange(n0))[0]
            kind = _SEED
        _, (first, n, _) = self._group(arch, hp, ds)
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
        field = 5 if flops else 6
        if flags & (GROUP_FLAG_FLOPS_DISAGREE if flops else GROUP_FLAG_PARAMS_DISAGREE):
            for i in range(n):
                rec = self._trial(first + i)
                if rec[0] == 888:
                    return rec[field]
            raise NasmapQueryError(f'{"flops" if flops else "params"} of architecture {arch} disagree between '
                                   f"seeds and seed 888 is missing (upstream's legacy rule raises)")
        if n == 0:
            raise NasmapQueryError(f'no trials for architecture {arch}')
        s = 0.0
        for i in range(n):
            s += self._trial(first + i)[field]
        return s / n

    def _latency(self, first, n, arch):
        """Mean of the trials' positive latencies (each the mean of its list); NaN for upstream's None."""
        total = 0.0
        count = 0
        for i in range(n):
            rec = self._trial(first + i)
            length = rec[2]
            if length < 0:
                continue
            if length == 0:
                raise NasmapQueryError(f'architecture {arch} has an empty latency list (upstream divides by zero)')
            at = rec[4]
            if at < 0 or at + length > self.latency_count:
                bad = at if at < 0 else max(at, self.latency_count)
                raise self._corrupt(f'latency index {bad} outside the {self.latency_count} latencies')
            s = _sum(self._lat[at:at + length].tolist()) / length
            if s > 0:
                total += s
                count += 1
        return _NAN if count == 0 else total / count

    def get_cost_info(self, index, dataset, hp='12'):
        """Upstream's `get_cost_info(index, dataset, hp)`: {'flops', 'params', 'latency', 'T-<set>@epoch',
        'T-<set>@total', ...} (latency and times None where upstream has None)."""
        return self._get_cost_info(self._index(index), _dataset_code(dataset), _hp_code(hp))

    def _get_cost_info(self, arch, ds, hp):
        _, (first, n, flags) = self._group(arch, hp, ds)
        out = {'flops': self._cost(first, n, flags, True, arch),
               'params': self._cost(first, n, flags, False, arch)}
        latency = self._latency(first, n, arch)
        out['latency'] = None if latency != latency else latency
        for s in range(len(SPLITS)):
            sum_epoch = 0.0
            sum_total = 0.0
            count = 0
            first_known = False
            for i in range(n):
                t = first + i
                rec = self._trial(t)
                shape = self._trial_shape(t, rec)
                if s != TRAIN and not shape[1] >> s & 1:
                    continue
                base = self._trial_values(t, rec, shape)
                slot = shape[4][s * 4 + TIME]
                epochs = shape[0]
                epoch_mean = total = _NAN
                if s == TRAIN:
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


def open(path, random_seed=DEFAULT_RANDOM_SEED):  # noqa: A001 (mirrors nasmap.open / NasBench.open)
    """Maps and validates a nasmap file; `random_seed` seeds the generator behind is_random=True."""
    return NasmapFile(path, random_seed)


# ------------------------------------------------------------------------------------------ query protocol

SUPPORTED_OPS = ('len', 'arch', 'query_index_by_arch', 'get_more_info', 'get_metrics', 'get_cost_info')
_NULL = object()


def _reject_constant(name):
    raise ValueError(f'non-standard token {name}')


_DECODER = json.JSONDecoder(parse_constant=_reject_constant)


class _Request:
    """One parsed request, with the Java QueryEngine's notion of field kinds (integers, strings, ...)."""

    def __init__(self, text):
        text = text.lstrip()
        try:
            obj, _ = _DECODER.raw_decode(text)  # like the Java parser, ignore what follows the object
        except ValueError as e:
            raise _BadRequest(f'bad request: {e}') from None
        if not isinstance(obj, dict):
            raise _BadRequest('bad request: a request is a JSON object')
        # nested values are not scalars: the Java engine sees them as the token names
        self.fields = {k: ('START_ARRAY' if isinstance(v, list) else 'START_OBJECT' if isinstance(v, dict) else v)
                       for k, v in obj.items()}

    def has(self, name):
        return name in self.fields

    def is_null(self, name):
        return name in self.fields and self.fields[name] is None

    def is_int(self, name):
        return _is_int(self.fields.get(name, _NULL))

    def string(self, name):
        v = self.fields.get(name)
        return v if isinstance(v, str) else None

    def required_int(self, name):
        v = self.fields.get(name, _NULL)
        if _is_int(v):
            if not -2 ** 31 <= v < 2 ** 31:
                raise NasmapQueryError(f"'{name}' = {v} is out of range")
            return v
        what = 'missing' if v is _NULL else 'null' if v is None else f'{type(v).__name__} {v!r}'
        raise NasmapQueryError(f"'{name}' must be an integer, not {what}")


class _BadRequest(Exception):
    pass


class QueryEngine:
    """The `nasmap query` protocol over a NasmapFile, for SUPPORTED_OPS."""

    def __init__(self, api):
        self.api = api

    def answer(self, text):
        """Answers one request line: a dict (an {'error': ...} one where upstream raises)."""
        try:
            return self._dispatch(_Request(text))
        except _BadRequest as e:
            return {'error': str(e)}
        except Exception as e:  # noqa: BLE001 (as the Java engine: every failure becomes an error answer)
            return {'error': str(e) or type(e).__name__}

    def run(self, lines, write, flush=None):
        """Answers every non-blank line; returns the number answered."""
        n = 0
        for line in lines:
            if not line.strip():
                continue
            write(encode_answer(self.answer(line)) + '\n')
            if flush:
                flush()
            n += 1
        return n

    def _dispatch(self, r):
        api = self.api
        op = r.string('op')
        if op is None:
            raise NasmapQueryError("missing 'op'")
        if op == 'len':
            api._ensure_open()
            return {'len': len(api)}
        if op == 'arch':
            index = r.required_int('index')
            return {'arch': api.arch(index)}
        if op == 'query_index_by_arch':
            if r.is_int('arch'):
                index = r.required_int('arch')
                api._check_arch(index)
            else:
                arch = r.string('arch')
                if arch is None:
                    raise NasmapQueryError("missing 'arch'")
                index = api._index_of(arch)
            return {'index': index}
        if op == 'get_more_info':
            arch = self._arch(r)
            ds = self._dataset(r)
            hp = self._hp(r)
            ie = self._iepoch(r)
            kind, seed = self._choice(r, True)
            return api._more_info(arch, ds, hp, ie, kind, seed)
        if op == 'get_metrics':
            arch = self._arch(r)
            ds = self._dataset(r)
            hp = self._hp(r)
            setname = r.string('setname')
            if setname is None or (setname != 'valid' and setname not in SPLITS):
                raise NasmapQueryError(f"unknown setname '{setname}'")
            split = _split_code(setname)
            ie = self._iepoch(r)
            kind, seed = self._choice(r, False)
            return api._get_metrics(arch, ds, hp, split, ie, kind, seed)
        if op == 'get_cost_info':
            arch = self._arch(r)
            ds = self._dataset(r)
            hp = self._hp(r)
            return api._get_cost_info(arch, ds, hp)
        raise NasmapQueryError(f"unsupported op '{op}' (the Python reader answers {', '.join(SUPPORTED_OPS)})")

    def _arch(self, r):
        key = 'index' if r.has('index') else 'arch'
        if not r.has(key):
            raise NasmapQueryError("missing 'index' or 'arch'")
        if r.is_int(key):
            index = r.required_int(key)
            self.api._check_arch(index)
            return index
        s = r.string(key)
        if s is None:
            raise NasmapQueryError(f"'{key}' must be an integer or an architecture string")
        index = self.api._index_of(s)
        if index < 0:
            raise NasmapQueryError(f"architecture '{s}' is not in the search space")
        return index

    @staticmethod
    def _dataset(r):
        name = r.string('dataset')
        if name not in DATASETS:
            raise NasmapQueryError(f"unknown dataset '{name}'")
        return DATASETS.index(name)

    @staticmethod
    def _hp(r):
        if not r.has('hp') or r.is_null('hp'):
            return 1
        if r.is_int('hp'):
            v = r.required_int('hp')
            if v in HP_EPOCHS:
                return HP_EPOCHS.index(v)
        else:
            v = r.string('hp')
            if v in HPS:
                return HPS.index(v)
        raise NasmapQueryError(f"unknown hp '{r.fields['hp']}'")

    @staticmethod
    def _iepoch(r):
        if not r.has('iepoch') or r.is_null('iepoch'):
            return -1
        e = r.required_int('iepoch')
        if e < 0:
            raise NasmapQueryError(f'invalid iepoch={e}')
        return e

    @staticmethod
    def _choice(r, default_random):
        if not r.has('is_random') or r.is_null('is_random'):
            return (_RANDOM, 0) if default_random else (_MEAN, 0)
        v = r.fields['is_random']
        if isinstance(v, bool):
            return (_RANDOM, 0) if v else (_MEAN, 0)
        return _SEED, r.required_int('is_random')


def _number(v):
    """A JSON number as the Java engine writes it: None -> null; NaN and infinities (outside the fields
    where NaN stands for None) as the quoted names Jackson writes."""
    if v is None:
        return 'null'
    if v.__class__ is int:
        return str(v)
    if v != v:
        return '"NaN"'
    if v in (math.inf, -math.inf):
        return '"Infinity"' if v > 0 else '"-Infinity"'
    return repr(v)


def encode_answer(answer):
    """One answer dict as one compact JSON line (no newline)."""
    parts = []
    for k, v in answer.items():
        if isinstance(v, str):
            value = json.dumps(v, ensure_ascii=False)
        elif isinstance(v, bool):
            value = 'true' if v else 'false'
        else:
            value = _number(v)
        parts.append(json.dumps(k, ensure_ascii=False) + ':' + value)
    return '{' + ','.join(parts) + '}'


# ------------------------------------------------------------------------------------------ command line


def _main(argv=None):
    import argparse
    import io
    p = argparse.ArgumentParser(prog='nasmap.py', description='A Python reader of nasmap files.')
    sub = p.add_subparsers(dest='command', required=True)
    q = sub.add_parser('query', help='answer upstream API queries, one JSON object per line (stdin to stdout); '
                                     'ops: ' + ', '.join(SUPPORTED_OPS))
    q.add_argument('file', help='the .nasmap file')
    q.add_argument('--random-seed', type=int, default=DEFAULT_RANDOM_SEED,
                   help='seed of the generator behind is_random=true (default: fixed)')
    args = p.parse_args(argv)
    try:
        api = NasmapFile(args.file, args.random_seed)
    except (OSError, NasmapError) as e:
        print(f'nasmap query: {e}', file=sys.stderr)
        return 1
    stdin = io.TextIOWrapper(sys.stdin.buffer, encoding='utf-8', errors='replace')
    stdout = io.TextIOWrapper(sys.stdout.buffer, encoding='utf-8', newline='\n', write_through=False)
    try:
        with api:
            QueryEngine(api).run(stdin, stdout.write, stdout.flush)
        stdout.flush()
    except BrokenPipeError:  # the reader of our output went away: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(_main())
