"""`python3 -m nasmap query FILE [--random-seed N]`: the JSON-lines protocol (QUERY-PROTOCOL.md), requests
on stdin, one answer line per request line on stdout, in order.

Lines are read as bytes: a line ends at LF (a CR before it is whitespace to the protocol), the last one
may lack it; bytes are decoded as UTF-8 with malformed sequences replaced. A line longer than 1,048,576
bytes is answered {"error": "line too long: ..."} and skipped to its newline without being kept in
memory. Answers are flushed whenever no further input is already buffered, so an interactive client gets
each answer at once and a bulk stream is written in large blocks. When stdout is closed by its reader
(a broken pipe), the process stops at once, silently, with exit status 141 (as a shell reports a
process killed by SIGPIPE). A closed stdin at start is an error (status 2) before any answer; a file
that cannot be opened: a message on stderr, status 1.
"""

import os
import sys

from ._errors import NasmapError
from ._file import DEFAULT_RANDOM_SEED, NasmapFile
from ._query import MAX_LINE_BYTES, SUPPORTED_OPS, QueryEngine, encode_answer

BROKEN_PIPE_STATUS = 141
_CHUNK = 1 << 16


def serve(engine, fd_in, out):
    """Answers every line read from file descriptor `fd_in` on the binary stream `out`; returns the number
    of lines answered."""
    buf = b''
    skipping = False  # inside a line longer than the limit
    answered = 0
    too_long = encode_answer({'error': f'line too long: more than {MAX_LINE_BYTES} bytes'}).encode() + b'\n'
    while True:
        nl = buf.find(b'\n')
        if nl < 0:
            if skipping:
                buf = b''
            elif len(buf) > MAX_LINE_BYTES:
                skipping = True
                buf = b''
            out.flush()  # nothing complete is buffered: the client may be waiting for its answers
            chunk = os.read(fd_in, _CHUNK)
            if not chunk:
                if skipping:
                    out.write(too_long)
                    answered += 1
                elif buf:
                    out.write(engine.answer_line(buf.decode('utf-8', 'replace')).encode('utf-8') + b'\n')
                    answered += 1
                out.flush()
                return answered
            buf += chunk
            continue
        line, buf = buf[:nl], buf[nl + 1:]
        if skipping or len(line) > MAX_LINE_BYTES:
            skipping = False
            out.write(too_long)
        else:
            out.write(engine.answer_line(line.decode('utf-8', 'replace')).encode('utf-8') + b'\n')
        answered += 1


def _main(argv=None):
    import argparse
    p = argparse.ArgumentParser(prog='python3 -m nasmap', description='Answers NATS-Bench queries from a nasmap file.')
    sub = p.add_subparsers(dest='command', required=True)
    q = sub.add_parser('query', help='answer queries, one JSON object per line (stdin to stdout); ops: ' +
                       ', '.join(SUPPORTED_OPS))
    q.add_argument('file', help='the .nasmap file')
    q.add_argument('--random-seed', type=int, default=DEFAULT_RANDOM_SEED,
                   help='seed of the generator behind is_random=true (default: fixed)')
    args = p.parse_args(argv)
    try:
        os.fstat(0)
    except OSError:
        print('nasmap query: standard input is closed: nothing to answer', file=sys.stderr)
        return 2
    try:
        api = NasmapFile(args.file, args.random_seed)
    except (OSError, NasmapError) as e:
        print(f'nasmap query: {e}', file=sys.stderr)
        return 1
    out = sys.stdout.buffer
    try:
        with api:
            serve(QueryEngine(api), 0, out)
    except BrokenPipeError:  # the reader of our answers went away: stop at once, quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return BROKEN_PIPE_STATUS
    return 0


if __name__ == '__main__':
    sys.exit(_main())
