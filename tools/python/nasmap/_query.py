"""The `query` JSON-lines protocol (QUERY-PROTOCOL.md at the repository's root; shared with the Java
`nasmap query`): a strict parser of one request line, the checks of its fields in the protocol's order
and wording, and the compact writer of the answers.

Rules, in order: the line (too long, empty, nested deeper than 100 levels, not JSON, not an object,
content after the object, a duplicate key at any depth), then `op` (missing, not a string, unknown),
then the first field the op does not take, then `index` with `arch`, then each field in the op's order
(missing when required, or `'field' must be <allowed>, got <the value as JSON>`), then upstream's own
errors. The grammar is strict JSON (RFC 8259): no NaN/Infinity, comments, trailing commas or raw
control characters in strings; whitespace is space, tab, CR and LF.
"""

import math
import random as _random

from ._cells import str2lists, str2matrix, unique_str
from ._errors import NasmapQueryError
from ._file import DEFAULT_RANDOM_SEED, MEAN, RANDOM, SEED, remap_names as _remap
from ._names import CIFAR10, CIFAR10_VALID, DATASETS, HP_EPOCHS, HPS, SPACE_TOPOLOGY, SPLITS

MAX_LINE_BYTES = 1 << 20
MAX_DEPTH = 100
_WS = ' \t\r\n'

OBJECT, ARRAY, STRING, NUMBER, TRUE, FALSE, NULL = range(7)
_KIND_NAMES = ('an object', 'an array', 'a string', 'a number', 'true', 'false', 'null')

# op -> the fields it takes, in the order they are checked
OPS = {
    'arch': ('index',),
    'find_best': ('dataset', 'metric_on_set', 'flop_max', 'param_max', 'hp'),
    'get_cost_info': ('index', 'arch', 'dataset', 'hp'),
    'get_dataset_seeds': ('index', 'arch', 'dataset', 'hp'),
    'get_latency': ('index', 'arch', 'dataset', 'hp'),
    'get_metrics': ('index', 'arch', 'dataset', 'hp', 'setname', 'iepoch', 'is_random'),
    'get_more_info': ('index', 'arch', 'dataset', 'hp', 'iepoch', 'is_random'),
    'get_net_config': ('index', 'arch', 'dataset'),
    'get_unique_str': ('index', 'arch'),
    'len': (),
    'query_index_by_arch': ('arch',),
    'simulate_train_eval': ('index', 'arch', 'dataset', 'hp', 'iepoch', 'seed'),
    'statistics': ('dataset', 'hp'),
    'str2lists': ('index', 'arch'),
    'str2matrix': ('index', 'arch'),
}
SUPPORTED_OPS = tuple(sorted(OPS))
_ALL_OPS = ', '.join(SUPPORTED_OPS)
_INDEX_OR_ARCH = 'an architecture index (a 32-bit integer) or an architecture string'
_DATASETS = 'one of "cifar10-valid", "cifar10", "cifar100", "ImageNet16-120"'
_SETNAMES = 'one of "train", "x-valid", "x-test", "ori-test", "valid"'


class BadLine(Exception):
    """A request the protocol refuses; the message is the answer's error text."""


_INVALID = 'invalid JSON: expected one JSON object per line'


class Node:
    """One parsed JSON value: kind, and a string's value / a number's literal (`text`), an object's members
    (`fields`, in document order) or an array's items."""

    __slots__ = ('kind', 'text', 'fields', 'items')

    def __init__(self, kind, text=None, fields=None, items=None):
        self.kind = kind
        self.text = text
        self.fields = fields
        self.items = items

    def is_integer(self):
        return self.kind == NUMBER and not any(c in self.text for c in '.eE')

    def json(self):
        """The value as compact JSON: strings re-quoted, numbers as written."""
        k = self.kind
        if k == OBJECT:
            return '{' + ','.join(quote(key) + ':' + v.json() for key, v in self.fields.items()) + '}'
        if k == ARRAY:
            return '[' + ','.join(v.json() for v in self.items) + ']'
        if k == STRING:
            return quote(self.text)
        if k == NUMBER:
            return self.text
        return ('true', 'false', 'null')[k - TRUE]


class _Parser:

    def __init__(self, s):
        self.s = s
        self.n = len(s)
        self.pos = 0
        self.duplicate = None

    def skip_ws(self):
        s, n, i = self.s, self.n, self.pos
        while i < n and s[i] in _WS:
            i += 1
        self.pos = i

    def value(self):
        if self.pos >= self.n:
            raise BadLine(_INVALID)
        c = self.s[self.pos]
        if c == '{':
            return self.object()
        if c == '[':
            return self.array()
        if c == '"':
            return Node(STRING, self.string())
        for word, kind in (('true', TRUE), ('false', FALSE), ('null', NULL)):
            if c == word[0]:
                if self.s.startswith(word, self.pos):
                    self.pos += len(word)
                    return Node(kind)
                raise BadLine(_INVALID)
        if c == '-' or '0' <= c <= '9':
            return self.number()
        raise BadLine(_INVALID)

    def _digit(self, i):
        return i < self.n and '0' <= self.s[i] <= '9'

    def number(self):
        s, start = self.s, self.pos
        i = start + 1 if s[start] == '-' else start
        if not self._digit(i):
            raise BadLine(_INVALID)
        if s[i] == '0':
            i += 1
        else:
            while self._digit(i):
                i += 1
        if i < self.n and s[i] == '.' and self._digit(i + 1):
            i += 2
            while self._digit(i):
                i += 1
        if i < self.n and s[i] in 'eE':
            j = i + 1
            if j < self.n and s[j] in '+-':
                j += 1
            if self._digit(j):
                i = j
                while self._digit(i):
                    i += 1
        self.pos = i
        return Node(NUMBER, s[start:i])

    def string(self):
        s, n = self.s, self.n
        i = self.pos + 1
        out = []
        while True:
            if i >= n:
                raise BadLine(_INVALID)
            c = s[i]
            i += 1
            if c == '"':
                break
            if c < ' ':
                raise BadLine(_INVALID)
            if c != '\\':
                out.append(c)
                continue
            if i >= n:
                raise BadLine(_INVALID)
            e = s[i]
            i += 1
            if e in '"\\/':
                out.append(e)
            elif e in 'bfnrt':
                out.append({'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}[e])
            elif e == 'u':
                h = s[i:i + 4]
                if len(h) < 4 or any(ch not in '0123456789abcdefABCDEF' for ch in h):
                    raise BadLine(_INVALID)
                out.append(chr(int(h, 16)))
                i += 4
            else:
                raise BadLine(_INVALID)
        self.pos = i
        text = ''.join(out)
        if any('\ud800' <= ch <= '\udfff' for ch in text):  # join escaped surrogate pairs, keep lone ones
            text = text.encode('utf-16-le', 'surrogatepass').decode('utf-16-le', 'surrogatepass')
        return text

    def object(self):
        self.pos += 1
        fields = {}
        self.skip_ws()
        if self.pos < self.n and self.s[self.pos] == '}':
            self.pos += 1
            return Node(OBJECT, fields=fields)
        while True:
            if self.pos >= self.n or self.s[self.pos] != '"':
                raise BadLine(_INVALID)
            key = self.string()
            self.skip_ws()
            if self.pos >= self.n or self.s[self.pos] != ':':
                raise BadLine(_INVALID)
            self.pos += 1
            self.skip_ws()
            if key in fields:
                if self.duplicate is None:
                    self.duplicate = key
                self.value()
            else:
                fields[key] = self.value()
            self.skip_ws()
            if self.pos < self.n and self.s[self.pos] == ',':
                self.pos += 1
                self.skip_ws()
                continue
            if self.pos < self.n and self.s[self.pos] == '}':
                self.pos += 1
                return Node(OBJECT, fields=fields)
            raise BadLine(_INVALID)

    def array(self):
        self.pos += 1
        items = []
        self.skip_ws()
        if self.pos < self.n and self.s[self.pos] == ']':
            self.pos += 1
            return Node(ARRAY, items=items)
        while True:
            items.append(self.value())
            self.skip_ws()
            if self.pos < self.n and self.s[self.pos] == ',':
                self.pos += 1
                self.skip_ws()
                continue
            if self.pos < self.n and self.s[self.pos] == ']':
                self.pos += 1
                return Node(ARRAY, items=items)
            raise BadLine(_INVALID)


def _check_depth(s):
    depth = 0
    in_string = False
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if in_string:
            if c == '\\':
                i += 1
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        elif c in '[{':
            depth += 1
            if depth > MAX_DEPTH:
                raise BadLine(f'JSON nested too deeply: more than {MAX_DEPTH} levels')
        elif c in ']}':
            depth -= 1
        i += 1


def parse_request(line):
    """One request line (without its newline) -> its members (dict of Node); BadLine by the protocol's
    rules, in their order."""
    p = _Parser(line)
    p.skip_ws()
    if p.pos == p.n:
        raise BadLine('empty line')
    _check_depth(line)
    value = p.value()
    if value.kind != OBJECT:
        raise BadLine('expected a JSON object, got ' + _KIND_NAMES[value.kind])
    p.skip_ws()
    if p.pos < p.n:
        raise BadLine(f'unexpected content after the JSON object at character {p.pos}')
    if p.duplicate is not None:
        raise BadLine(f"duplicate key '{p.duplicate}'")
    return value.fields


_ESCAPES = {'"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t'}


def quote(text):
    """A JSON string: `"` and `\\` escaped, control characters as \\b \\f \\n \\r \\t or \\u00xx, a lone
    surrogate as \\udxxx; everything else (non-ASCII included) as itself."""
    out = ['"']
    for c in text:
        if c >= ' ' and c != '"' and c != '\\' and not '\ud800' <= c <= '\udfff':
            out.append(c)
        else:
            out.append(_ESCAPES.get(c) or '\\u%04x' % ord(c))
    out.append('"')
    return ''.join(out)


def java_double(v):
    """A float as Java's Double.toString writes it (the shortest repr digits; plain notation for
    1e-3 <= |v| < 1e7, else d.dddE[-]n), so that both implementations write the same bytes."""
    if v == 0.0:
        return '-0.0' if math.copysign(1.0, v) < 0 else '0.0'
    r = repr(v)
    sign = '-' if r[0] == '-' else ''
    if sign:
        r = r[1:]
    mantissa, _, exp = r.partition('e')
    exponent = int(exp) if exp else 0
    if '.' in mantissa:
        whole, frac = mantissa.split('.')
    else:
        whole, frac = mantissa, ''
    digits = (whole + frac).lstrip('0')
    # decimal exponent of the first significant digit
    point = len(whole) + exponent if whole != '0' else exponent - (len(frac) - len(frac.lstrip('0')))
    if whole == '0':
        point = exponent - (len(frac) - len(frac.lstrip('0')))
    digits = digits.rstrip('0') or '0'
    a = abs(v)
    if 1e-3 <= a < 1e7:
        if point <= 0:
            return sign + '0.' + '0' * (-point) + digits
        if point >= len(digits):
            return sign + digits + '0' * (point - len(digits)) + '.0'
        return sign + digits[:point] + '.' + digits[point:]
    frac_digits = digits[1:] or '0'
    return f'{sign}{digits[0]}.{frac_digits}E{point - 1}'


def _number(v, nan_as_string=False):
    if v is None:
        return 'null'
    if v.__class__ is int:
        return str(v)
    if v != v:
        return '"NaN"' if nan_as_string else 'null'
    if v in (math.inf, -math.inf):
        return '"Infinity"' if v > 0 else '"-Infinity"'
    return java_double(float(v))


def _value(v, nan_as_string):
    if isinstance(v, str):
        return quote(v)
    if isinstance(v, bool):
        return 'true' if v else 'false'
    if isinstance(v, dict):
        return '{' + ','.join(quote(str(k)) + ':' + _value(x, nan_as_string) for k, x in v.items()) + '}'
    if isinstance(v, (list, tuple)):
        return '[' + ','.join(_value(x, nan_as_string) for x in v) + ']'
    return _number(v, nan_as_string)


# keys whose NaN is a value ("NaN"); elsewhere NaN stands for upstream's None (null)
_NAN_VALUED = {'loss', 'accuracy', 'flops', 'params', 'valid_accuracy', 'time_cost'}


def encode_answer(answer):
    """One answer dict as one compact JSON line (no newline), as the Java engine writes it."""
    return '{' + ','.join(quote(k) + ':' + _value(v, k in _NAN_VALUED or k.endswith(('-loss', '-accuracy')))
                          for k, v in answer.items()) + '}'


def _is_int32_literal(node):
    if node.is_integer() and len(node.text) <= 11:
        v = int(node.text)
        return -2 ** 31 <= v < 2 ** 31
    return False


class QueryEngine:
    """The `query` protocol over a NasmapFile (or a drop-in object made by nasmap.create)."""

    def __init__(self, api, random_seed=None):
        self.api = api
        own = getattr(api, 'random', None)
        if random_seed is None and isinstance(own, _random.Random):
            self.rng = own  # a NasmapFile's generator (seeded by its random_seed)
        else:
            self.rng = _random.Random(DEFAULT_RANDOM_SEED if random_seed is None else random_seed)
        hps = [HPS[h] for h in api.layout.hp_codes]
        self.hps_allowed = 'one of ' + ', '.join(f'"{h}"' for h in hps) + ' (a string or an integer)'
        self._hp_codes = api.layout.hp_codes

    # -------------------------------------------------------------------------------------- lines

    def answer(self, text):
        """Answers one request line (without its newline): a dict ({'error': ...} where the protocol or
        upstream refuses)."""
        try:
            req = parse_request(text)
            op = self._op(req)
            return self._dispatch(op, req)
        except BadLine as e:
            return {'error': str(e)}
        except Exception as e:  # noqa: BLE001 (every failure becomes an error answer)
            return {'error': str(e) or type(e).__name__}

    def answer_line(self, text):
        """One request line -> one answer line (no newline)."""
        return encode_answer(self.answer(text))

    def run(self, lines, write, flush=None):
        """Answers each line of an iterable of str (newlines stripped here); returns the number answered."""
        n = 0
        for line in lines:
            write(self.answer_line(line[:-1] if line.endswith('\n') else line) + '\n')
            if flush:
                flush()
            n += 1
        return n

    # -------------------------------------------------------------------------------------- fields

    @staticmethod
    def _op(req):
        node = req.get('op')
        if node is None:
            raise BadLine("missing 'op'")
        if node.kind != STRING:
            raise BadLine(f"'op' must be a string, got {node.json()}")
        fields = OPS.get(node.text)
        if fields is None:
            raise BadLine(f"unknown op '{node.text}'; allowed: {_ALL_OPS}")
        for f in req:
            if f != 'op' and f not in fields:
                allowed = ', '.join(sorted(fields + ('op',)))
                raise BadLine(f"unknown field '{f}' for op '{node.text}'; allowed: {allowed}")
        if 'index' in fields and 'arch' in fields and 'index' in req and 'arch' in req:
            raise BadLine("give 'index' or 'arch', not both")
        return node.text

    @staticmethod
    def _required(req, name):
        node = req.get(name)
        if node is None:
            raise BadLine(f"missing '{name}'")
        return node

    @staticmethod
    def _int32(name, node, allowed):
        if _is_int32_literal(node):
            return int(node.text)
        raise BadLine(f"'{name}' must be {allowed}, got {node.json()}")

    def _arch(self, req):
        key = 'index' if 'index' in req else 'arch'
        node = req.get(key)
        if node is None:
            raise BadLine("missing 'index' or 'arch'")
        api = self.api
        if node.kind == STRING:
            i = api._index_of(node.text)
            if i < 0:
                raise NasmapQueryError(f"architecture '{node.text}' is not in the search space")
            return i
        i = self._int32(key, node, _INDEX_OR_ARCH)
        NasmapFileCheck.check(api, i)
        return i

    def _arch_string(self, req):
        node = req.get('arch')
        if node is not None and node.kind == STRING:
            return node.text
        return self.api.layout.arch(self._arch(req))

    def _dataset(self, req):
        node = self._required(req, 'dataset')
        if node.kind == STRING and node.text in DATASETS:
            return DATASETS.index(node.text)
        raise BadLine(f"'dataset' must be {_DATASETS}, got {node.json()}")

    def _hp(self, req):
        node = req.get('hp')
        if node is None or node.kind == NULL:
            return 1
        for h in self._hp_codes:
            if node.kind == STRING:
                if node.text == HPS[h]:
                    return h
            elif node.is_integer() and len(node.text) <= 4 and int(node.text) == HP_EPOCHS[h]:
                return h
        raise BadLine(f"'hp' must be {self.hps_allowed}, got {node.json()}")

    def _iepoch(self, req):
        node = req.get('iepoch')
        if node is None or node.kind == NULL:
            return -1
        e = self._int32('iepoch', node, 'an epoch (a 32-bit integer) or null')
        if e < 0:
            raise NasmapQueryError(f'invalid iepoch={e}')
        return e

    def _choice(self, req, default_random):
        node = req.get('is_random')
        if node is None or node.kind == NULL:
            return (RANDOM, 0) if default_random else (MEAN, 0)
        if node.kind in (TRUE, FALSE):
            return (RANDOM, 0) if node.kind == TRUE else (MEAN, 0)
        return SEED, self._int32('is_random', node, 'true, false, null or a seed (a 32-bit integer)')

    @staticmethod
    def _optional_number(req, name):
        node = req.get(name)
        if node is None or node.kind == NULL:
            return None
        if node.kind != NUMBER:
            raise BadLine(f"'{name}' must be a number or null, got {node.json()}")
        return float(node.text)

    # -------------------------------------------------------------------------------------- ops

    def _draws(self):
        """The generator behind is_random=true: this engine's own (a NasmapFile's draws use it)."""
        api = self.api
        return _EngineDraws(api, self.rng)

    def _dispatch(self, op, req):
        api = self.api
        if op == 'len':
            api._ensure_open()
            return {'len': len(api)}
        if op == 'arch':
            i = self._int32('index', self._required(req, 'index'), 'an architecture index (a 32-bit integer)')
            NasmapFileCheck.check(api, i)
            return {'arch': api.layout.arch(i)}
        if op == 'query_index_by_arch':
            node = self._required(req, 'arch')
            if node.kind == STRING:
                return {'index': api._index_of(node.text)}
            i = self._int32('arch', node, _INDEX_OR_ARCH)
            NasmapFileCheck.check(api, i)
            return {'index': i}
        if op == 'get_more_info':
            arch, ds, hp, ie = self._arch(req), self._dataset(req), self._hp(req), None
            ie = self._iepoch(req)
            kind, seed = self._choice(req, True)
            with self._draws():
                return NasmapFileCheck.more_info(api, arch, ds, hp, ie, kind, seed)
        if op == 'get_metrics':
            arch, ds, hp = self._arch(req), self._dataset(req), self._hp(req)
            node = self._required(req, 'setname')
            if node.kind != STRING or (node.text not in SPLITS and node.text != 'valid'):
                raise BadLine(f"'setname' must be {_SETNAMES}, got {node.json()}")
            split = 1 if node.text == 'valid' else SPLITS.index(node.text)
            ie = self._iepoch(req)
            kind, seed = self._choice(req, False)
            with self._draws():
                r = api._get_metrics(arch, ds, hp, split, ie, kind, seed)
            return r
        if op == 'get_cost_info':
            arch, ds, hp = self._arch(req), self._dataset(req), self._hp(req)
            return api._get_cost_info(arch, ds, hp)
        if op == 'get_latency':
            arch, ds, hp = self._arch(req), self._dataset(req), self._hp(req)
            return {'latency': api._get_cost_info(arch, ds, hp)['latency']}
        if op == 'get_dataset_seeds':
            arch, ds, hp = self._arch(req), self._dataset(req), self._hp(req)
            first, n, _ = api._group(arch, hp, ds)
            return {'seeds': [api.layout.trial_seed(first + i) for i in range(n)]}
        if op == 'get_net_config':
            arch, ds = self._arch(req), self._dataset(req)
            api._held_or_raise(arch)
            c = api.layout.net_config(arch, ds)
            if c is None:
                raise NasmapQueryError(f'dataset {DATASETS[ds]} is not among the results of architecture {arch}')
            if c[0] == 'infer.tiny':
                return {'name': 'infer.tiny', 'C': c[1], 'N': c[2], 'arch_str': c[3], 'num_classes': c[4]}
            return {'name': 'infer.shape.tiny', 'channels': c[1], 'genotype': c[2], 'num_classes': c[3]}
        if op == 'str2lists':
            return {'lists': [[[o, i] for o, i in node] for node in str2lists(self._arch_string(req))]}
        if op == 'str2matrix':
            m = str2matrix(self._arch_string(req))
            return {'matrix': [[int(x) for x in row] for row in m]}
        if op == 'get_unique_str':
            arch = self._arch(req)
            if api.layout.space_code != SPACE_TOPOLOGY:
                raise NasmapQueryError('get_unique_str is defined for the topology space only')
            return {'unique_str': unique_str(api.layout.arch(arch))}
        if op == 'simulate_train_eval':
            arch, ds, hp, ie = self._arch(req), self._dataset(req), self._hp(req), None
            ie = self._iepoch(req)
            node = req.get('seed')
            seed = None if node is None or node.kind == NULL else \
                self._int32('seed', node, 'a seed (a 32-bit integer) or null')
            with self._draws():
                return NasmapFileCheck.simulate(api, arch, ds, hp, ie, seed)
        if op == 'find_best':
            ds = self._dataset(req)
            node = self._required(req, 'metric_on_set')
            if node.kind != STRING:
                raise BadLine(f"'metric_on_set' must be a string, got {node.json()}")
            flop_max = self._optional_number(req, 'flop_max')
            param_max = self._optional_number(req, 'param_max')
            hp = self._hp(req)
            dataset, setname = _remap(DATASETS[ds], node.text)
            best, acc = api._find_best(dataset, setname, flop_max, param_max, HPS[hp])
            return {'index': best, 'accuracy': acc}
        if op == 'statistics':
            ds, hp = self._dataset(req), self._hp(req)
            counts = api._statistics(DATASETS[ds], HPS[hp])
            return {'counts': {str(k): counts[k] for k in sorted(counts) if counts[k]}}
        raise BadLine(f"unknown op '{op}'; allowed: {_ALL_OPS}")


class _EngineDraws:
    """Within the block, the file object's draws come from the engine's generator (a drop-in object made
    by nasmap.create otherwise draws from the global random module, which the protocol leaves alone)."""

    def __init__(self, api, rng):
        self.api = api
        self.rng = rng

    def __enter__(self):
        api, rng = self.api, self.rng
        api.__dict__['_draw_index'] = rng.randrange
        api.__dict__['_draw_seed'] = lambda first, n: api.layout.trial_seed(first + rng.randrange(n))
        return self

    def __exit__(self, *exc):
        self.api.__dict__.pop('_draw_index', None)
        self.api.__dict__.pop('_draw_seed', None)
        return False


class NasmapFileCheck:
    """The Java engine's answers of get_more_info and simulate_train_eval over a NasmapFile."""

    @staticmethod
    def check(api, i):
        api._check_arch(i)

    @staticmethod
    def more_info(api, arch, ds, hp, ie, kind, seed):
        return api._more_info(arch, ds, hp, ie, kind, seed)

    @staticmethod
    def simulate(api, arch, ds, hp, ie, seed):
        """valid accuracy, latency and time cost of one simulated training: upstream's simulate_train_eval
        (cifar10 reads cifar10-valid; where the validation block is absent at that epoch, the accuracy is
        the valtest block's and the validation time that of the last epoch, drawn again when random)."""
        if ds == CIFAR10_VALID:
            raise NasmapQueryError(f"Invalid dataset name : {DATASETS[ds]} vs ('cifar10', 'cifar100', 'ImageNet16-120')")
        read = CIFAR10_VALID if ds == CIFAR10 else ds
        kind = RANDOM if seed is None else SEED
        info = api._more_info(arch, read, hp, ie, kind, seed or 0)
        if 'valid-accuracy' in info:
            acc = info['valid-accuracy']
            cost = info['train-all-time'] + info['valid-per-time']
        else:
            acc = info['valtest-accuracy']
            last = api._more_info(arch, ds, hp, -1, kind, seed or 0)
            cost = info['train-all-time'] + last['valid-per-time']
        latency = api._get_cost_info(arch, ds, hp)['latency']
        return {'valid_accuracy': acc, 'latency': latency, 'time_cost': cost}
