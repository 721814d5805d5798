"""The package as users get it: `pip install` of tools/python (pyproject.toml, the in-tree backend, no
network) into a temporary target with each interpreter here (the default python3 with numpy 2.x and
Debian's /usr/bin/python3 with python3-numpy 1.24), then the installed copy answers as the tree's does,
bit for bit. Also: the wheel build is reproducible and every module parses as Python 3.9."""
import ast
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

from test_reader import JAR, SAMPLES, java_command, run

PKG_ROOT = Path(__file__).resolve().parent.parent   # tools/python
sys.path.insert(0, str(PKG_ROOT))
import nasmap  # noqa: E402

DEBIAN_PYTHON = '/usr/bin/python3'
_WORK = None
_FILE = None

PROBE = r'''
import json, random, sys
import numpy, nasmap
path, target = sys.argv[1], sys.argv[2]
assert nasmap.__file__.startswith(target), nasmap.__file__
api = nasmap.create(path, 'tss', fast_mode=True, verbose=False)
out = {'numpy': numpy.__version__, 'python': sys.version.split()[0]}
random.seed(7)
out['sim'] = [api.simulate_train_eval(i, d, hp=hp) for i in (0, 11, 284) for d in ('cifar10', 'cifar100', 'ImageNet16-120')
              for hp in ('12', '200')]
out['more'] = [api.get_more_info(i, d, hp='200', is_random=r) for i in (0, 11, 284) for d in nasmap.DATASETS
               for r in (False, 777, True)]
out['cost'] = [api.get_cost_info(i, d, hp='12') for i in (0, 11, 284) for d in nasmap.DATASETS]
out['table'] = [float(x) for x in api.table('cifar100', '200', 'x-valid')[[0, 11, 284]]]
out['curve'] = [float(x) for x in api.curve(11, 'cifar100', '200', 'train', 'loss')[:5]]
out['best'] = api.find_best('cifar10', 'test', hp='200')
engine = nasmap.QueryEngine(nasmap.open(path))
out['protocol'] = [engine.answer_line(l) for l in sys.stdin.read().splitlines()]
out['draws'] = random.random()
print(json.dumps(out))
'''

REQUESTS = ['{"op":"get_more_info","index":11,"dataset":"cifar100","hp":"200","is_random":false}',
            '{"op":"get_cost_info","index":284,"dataset":"cifar10","hp":12}', '{"op":"len"}',
            '{"op":"simulate_train_eval","index":0,"dataset":"cifar100","hp":"200","iepoch":5,"seed":888}',
            '{"op": "get_more_info", "index": 0, "dataset": [1, 2.50]}', 'not json']


def setUpModule():
    global _WORK, _FILE
    if not JAR.is_file():
        raise RuntimeError(f'{JAR} is missing: build it first (mvn -q -B package -DskipTests)')
    _WORK = Path(tempfile.mkdtemp(prefix='nasmap-py-install-'))
    _FILE = _WORK / 'tss.nasmap'
    run(java_command('convert', str(SAMPLES['tss-sample']), str(_FILE)))


def tearDownModule():
    if _WORK is not None:
        shutil.rmtree(_WORK, ignore_errors=True)


def has_numpy(python):
    return subprocess.run([python, '-c', 'import numpy'], capture_output=True).returncode == 0


def reference():
    """The probe run by this process's interpreter on the tree's package."""
    target = str(PKG_ROOT)
    p = subprocess.run([sys.executable, '-c', PROBE, str(_FILE), target], input='\n'.join(REQUESTS),
                       capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=target))
    if p.returncode:
        raise AssertionError(p.stderr[-3000:])
    return json.loads(p.stdout)


class Install(unittest.TestCase):

    def install_and_probe(self, python):
        target = _WORK / ('target-' + hashlib.sha1(python.encode()).hexdigest()[:8])
        p = subprocess.run([python, '-m', 'pip', 'install', '--no-index', '--no-deps', '--disable-pip-version-check',
                            '--target', str(target), str(PKG_ROOT)], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stdout[-2000:] + p.stderr[-3000:])
        self.assertTrue((target / 'nasmap' / '__init__.py').is_file())
        self.assertTrue((target / 'nasmap' / '_layout.py').is_file())
        self.assertTrue(list(target.glob('nasmap-*.dist-info/METADATA')))
        env = {k: v for k, v in os.environ.items() if k != 'PYTHONPATH'}
        env['PYTHONPATH'] = str(target)
        p = subprocess.run([python, '-c', PROBE, str(_FILE), str(target)], input='\n'.join(REQUESTS),
                           capture_output=True, text=True, env=env, cwd=str(_WORK))
        self.assertEqual(p.returncode, 0, p.stderr[-3000:])
        got = json.loads(p.stdout)
        want = reference()
        for k in want:
            if k not in ('numpy', 'python'):
                self.assertEqual(got[k], want[k], f'{python} (numpy {got["numpy"]}): {k} differs')
        p = subprocess.run([python, '-m', 'nasmap', 'query', str(_FILE)], input='{"op":"len"}\n', capture_output=True,
                           text=True, env=env, cwd=str(_WORK))
        self.assertEqual(p.stdout, '{"len":15625}\n', p.stderr)
        print(f'\n    {python}: Python {got["python"]}, numpy {got["numpy"]}: installed, same answers',
              end=' ', file=sys.stderr)
        return got

    def test_default_python3(self):
        got = self.install_and_probe(sys.executable)
        self.assertTrue(got['protocol'][2] == '{"len":15625}')

    def test_debian_python3_with_numpy_1_24(self):
        if not os.path.exists(DEBIAN_PYTHON) or not has_numpy(DEBIAN_PYTHON):
            self.skipTest(f'{DEBIAN_PYTHON} with numpy is not on this machine (apt-get install python3-numpy)')
        got = self.install_and_probe(DEBIAN_PYTHON)
        self.assertTrue(got['numpy'].startswith('1.'), got['numpy'])

    def test_wheel_build_is_reproducible_and_sdist_builds(self):
        sys.path.insert(0, str(PKG_ROOT / '_build'))
        try:
            import nasmap_build
        finally:
            sys.path.pop(0)
        a, b = _WORK / 'wa', _WORK / 'wb'
        name = nasmap_build.build_wheel(str(a))
        self.assertEqual(name, nasmap_build.build_wheel(str(b)))
        self.assertEqual((a / name).read_bytes(), (b / name).read_bytes())
        self.assertEqual(nasmap_build.get_requires_for_build_wheel(), [])
        sdist = nasmap_build.build_sdist(str(_WORK / 'sd'))
        self.assertTrue(sdist.startswith(f'nasmap-{nasmap.__version__}'))

    def test_every_module_is_python_3_9(self):
        for path in sorted((PKG_ROOT / 'nasmap').glob('*.py')) + [PKG_ROOT / '_build' / 'nasmap_build.py']:
            ast.parse(path.read_text(encoding='utf-8'), str(path), feature_version=(3, 9))
