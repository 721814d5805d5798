"""The `nasmap query` JSON-lines protocol over a NasmapFile."""

import json
import math

from ._errors import NasmapQueryError
from ._file import MEAN, RANDOM, SEED, is_int, split_code
from ._names import DATASETS, HP_EPOCHS, HPS, SPLITS

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
        return is_int(self.fields.get(name, _NULL))

    def string(self, name):
        v = self.fields.get(name)
        return v if isinstance(v, str) else None

    def required_int(self, name):
        v = self.fields.get(name, _NULL)
        if is_int(v):
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
            split = split_code(setname)
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
            return (RANDOM, 0) if default_random else (MEAN, 0)
        v = r.fields['is_random']
        if isinstance(v, bool):
            return (RANDOM, 0) if v else (MEAN, 0)
        return SEED, r.required_int('is_random')


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
