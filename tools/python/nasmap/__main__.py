"""`python3 -m nasmap query FILE`: the JSON-lines protocol on stdin and stdout."""

import os
import sys

from ._errors import NasmapError
from ._file import DEFAULT_RANDOM_SEED, NasmapFile
from ._query import SUPPORTED_OPS, QueryEngine

def _main(argv=None):
    import argparse
    import io
    p = argparse.ArgumentParser(prog='python3 -m nasmap', description='A Python reader of nasmap files.')
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
