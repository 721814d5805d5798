"""The `query` protocol of `python3 -m nasmap query`: the canonical case list shared with the Java CLI
(tools/src/test/resources/query-protocol/cases.jsonl) answered byte for byte, in process and through the
command, and the command's stream rules (line limit, flushing, closed stdin, broken pipe)."""
import json
import select
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path

from test_reader import CLI, JAR, SAMPLES, java_command, run

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import nasmap  # noqa: E402
from nasmap._query import QueryEngine, java_double, parse_request  # noqa: E402

CASES = Path(__file__).resolve().parents[2] / 'src' / 'test' / 'resources' / 'query-protocol' / 'cases.jsonl'
_FILE = None


def setUpModule():
    global _FILE
    if not JAR.is_file():
        raise RuntimeError(f'{JAR} is missing: build it first (mvn -q -B package -DskipTests)')
    _FILE = Path(tempfile.mkdtemp(prefix='nasmap-py-protocol-')) / 'tss.nasmap'
    run(java_command('convert', str(SAMPLES['tss-sample']), str(_FILE)))


def tearDownModule():
    if _FILE is not None:
        _FILE.unlink()
        _FILE.parent.rmdir()


def cases():
    return [json.loads(line) for line in CASES.read_text(encoding='utf-8').splitlines() if line.strip()]


def encodable(s):
    try:
        s.encode('utf-8')
        return '\n' not in s
    except UnicodeEncodeError:
        return False


class CanonicalCases(unittest.TestCase):

    def test_every_case_byte_for_byte_in_process(self):
        all_cases = cases()
        self.assertGreaterEqual(len(all_cases), 100)
        with nasmap.open(_FILE) as api:
            engine = QueryEngine(api)
            bad = []
            for c in all_cases:
                got = engine.answer_line(c['input'])
                if got != c['line']:
                    bad.append(f'{c["input"][:120]!r}\n    want {c["line"][:200]}\n    got  {got[:200]}')
                self.assertEqual(json.loads(got), c['answer'])
        self.assertFalse(bad, f'{len(bad)} of {len(all_cases)} cases differ:\n' + '\n'.join(bad[:10]))

    def test_every_case_byte_for_byte_through_the_command(self):
        usable = [c for c in cases() if encodable(c['input'])]
        self.assertGreater(len(usable), 100)
        data = b''.join(c['input'].encode('utf-8') + b'\n' for c in usable)
        p = subprocess.run([*CLI, 'query', str(_FILE)], input=data, capture_output=True)
        self.assertEqual(p.returncode, 0, p.stderr.decode()[-2000:])
        lines = p.stdout.decode('utf-8').split('\n')
        self.assertEqual(lines[-1], '')
        self.assertEqual(lines[:-1], [c['line'] for c in usable])


class Stream(unittest.TestCase):

    def command(self, data, *extra):
        return subprocess.run([*CLI, 'query', str(_FILE), *extra], input=data, capture_output=True)

    def test_line_limit(self):
        limit = 1 << 20
        ok = b'{"op": "len", "x": "' + b'a' * (limit - 24) + b'"}'
        ok = b'{"op":"len"}' + b' ' * (limit - 12)
        self.assertEqual(len(ok), limit)
        p = self.command(ok + b'\n' + ok + b' \n' + b'{"op":"len"}' + b'x' * (3 * limit) + b'\n{"op": "len"}')
        self.assertEqual(p.stdout.decode().splitlines(), [
            '{"len":15625}', '{"error":"line too long: more than 1048576 bytes"}',
            '{"error":"line too long: more than 1048576 bytes"}', '{"len":15625}'])

    def test_one_answer_per_line_blank_and_crlf_lines_included(self):
        p = self.command(b'{"op":"len"}\r\n\n   \n{"op":"arch","index":0}')
        self.assertEqual(p.stdout.decode().splitlines(), [
            '{"len":15625}', '{"error":"empty line"}', '{"error":"empty line"}',
            '{"arch":"|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|"}'])

    def test_malformed_utf8_is_replaced_not_fatal(self):
        p = self.command(b'{"op": "x\xff"}\n{"op":"len"}\n')
        out = p.stdout.decode().splitlines()
        self.assertTrue(out[0].startswith('{"error":"unknown op \'x\ufffd\''), out[0])
        self.assertEqual(out[1], '{"len":15625}')

    def test_answers_arrive_while_stdin_stays_open(self):
        p = subprocess.Popen([*CLI, 'query', str(_FILE)], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        try:
            for _ in range(3):
                p.stdin.write(b'{"op":"len"}\n')
                p.stdin.flush()
                ready, _, _ = select.select([p.stdout], [], [], 30)
                self.assertTrue(ready, 'no answer while stdin is open')
                self.assertEqual(p.stdout.readline(), b'{"len":15625}\n')
        finally:
            p.stdin.close()
            p.wait(30)
        self.assertEqual(p.returncode, 0)

    def test_closed_stdin_is_an_error_before_any_answer(self):
        p = subprocess.run(['sh', '-c', '"$@" <&-', 'sh', *CLI, 'query', str(_FILE)], capture_output=True)
        self.assertEqual(p.returncode, 2)
        self.assertEqual(p.stdout, b'')
        self.assertIn(b'standard input is closed', p.stderr)

    def test_broken_pipe_ends_the_process_quietly(self):
        start = time.monotonic()
        p = subprocess.run(['sh', '-c', 'yes \'{"op":"len"}\' | "$@" | head -1', 'sh', *CLI, 'query', str(_FILE)],
                           capture_output=True, timeout=120)
        self.assertEqual(p.stdout, b'{"len":15625}\n')
        self.assertEqual(p.stderr, b'')
        self.assertLess(time.monotonic() - start, 60)

    def test_missing_file(self):
        p = self.command(b'{"op":"len"}\n')
        self.assertEqual(p.returncode, 0)
        p = subprocess.run([*CLI, 'query', str(_FILE) + '.missing'], input=b'', capture_output=True)
        self.assertEqual(p.returncode, 1)
        self.assertIn(b'.missing', p.stderr)


class Parts(unittest.TestCase):

    def test_numbers_as_java_writes_them(self):
        for v, text in [(1.0, '1.0'), (0.1, '0.1'), (1e-3, '0.001'), (1e-4, '1.0E-4'), (1.5e-5, '1.5E-5'),
                        (1e7, '1.0E7'), (9999999.0, '9999999.0'), (12345678.9, '1.23456789E7'),
                        (-0.0, '-0.0'), (0.0, '0.0'), (-2.5, '-2.5'), (93.17666666666666, '93.17666666666666'),
                        (1e300, '1.0E300'), (123.456, '123.456'), (0.00123, '0.00123')]:
            self.assertEqual(java_double(v), text, v)

    def test_parser_keeps_number_literals_and_joins_surrogate_pairs(self):
        req = parse_request('{"a": 1.2e1, "b": "\\ud83d\\ude00", "c": "\\ud800"}')
        self.assertEqual(req['a'].text, '1.2e1')
        self.assertEqual(req['b'].text, '\U0001F600')
        self.assertEqual(req['c'].json(), '"\\ud800"')
