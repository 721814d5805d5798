"""The in-tree PEP 517 build backend of the nasmap Python package: standard library only, so that
`pip install tools/python` needs nothing downloaded (pyproject.toml: requires = [], backend-path = ["_build"]).

It builds a pure-Python wheel (the nasmap/ package, the metadata, a RECORD with sha256 digests) and an
sdist (the package, this backend, pyproject.toml, README.md). Files are added in sorted order with a fixed
timestamp, so two builds of the same tree are byte-identical.
"""
import base64
import hashlib
import io
import os
import re
import tarfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NAME = 'nasmap'
_EPOCH = (1980, 1, 1, 0, 0, 0)


def _version():
    with open(os.path.join(ROOT, NAME, '__init__.py'), encoding='utf-8') as f:
        m = re.search(r"^__version__ = '([^']+)'", f.read(), re.M)
    if not m:
        raise RuntimeError('nasmap/__init__.py defines no __version__')
    return m.group(1)


def _package_files():
    out = []
    for dirpath, dirnames, filenames in os.walk(os.path.join(ROOT, NAME)):
        dirnames[:] = sorted(d for d in dirnames if d != '__pycache__')
        for name in sorted(filenames):
            if name.endswith('.py'):
                full = os.path.join(dirpath, name)
                out.append((os.path.relpath(full, ROOT).replace(os.sep, '/'), full))
    return out


def _metadata():
    with open(os.path.join(ROOT, 'README.md'), encoding='utf-8') as f:
        readme = f.read()
    return (f'Metadata-Version: 2.1\nName: {NAME}\nVersion: {_version()}\n'
            'Summary: NAS-Bench-201 / NATS-Bench answers from one mapped nasmap file; a drop-in for nats_bench\n'
            'Requires-Python: >=3.9\nRequires-Dist: numpy>=1.22\n'
            'Description-Content-Type: text/markdown\n\n' + readme)


def _digest(data):
    return 'sha256=' + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    dist_info = f'{NAME}-{_version()}.dist-info'
    os.makedirs(os.path.join(metadata_directory, dist_info), exist_ok=True)
    with open(os.path.join(metadata_directory, dist_info, 'METADATA'), 'w', encoding='utf-8') as f:
        f.write(_metadata())
    return dist_info


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    version = _version()
    dist_info = f'{NAME}-{version}.dist-info'
    wheel_name = f'{NAME}-{version}-py3-none-any.whl'
    entries = [(arc, open(full, 'rb').read()) for arc, full in _package_files()]
    entries.append((f'{dist_info}/METADATA', _metadata().encode('utf-8')))
    entries.append((f'{dist_info}/WHEEL', b'Wheel-Version: 1.0\nGenerator: nasmap_build\nRoot-Is-Purelib: true\n'
                                           b'Tag: py3-none-any\n'))
    record = ''.join(f'{arc},{_digest(data)},{len(data)}\n' for arc, data in entries) + f'{dist_info}/RECORD,,\n'
    entries.append((f'{dist_info}/RECORD', record.encode('utf-8')))
    os.makedirs(wheel_directory, exist_ok=True)
    final = os.path.join(wheel_directory, wheel_name)
    tmp = final + '.part'
    with zipfile.ZipFile(tmp, 'w', zipfile.ZIP_DEFLATED) as z:
        for arc, data in entries:
            info = zipfile.ZipInfo(arc, _EPOCH)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    os.replace(tmp, final)
    return wheel_name


def build_sdist(sdist_directory, config_settings=None):
    version = _version()
    base = f'{NAME}-{version}'
    files = _package_files() + [(p, os.path.join(ROOT, p)) for p in
                                ('pyproject.toml', 'README.md', '_build/nasmap_build.py')]
    os.makedirs(sdist_directory, exist_ok=True)
    final = os.path.join(sdist_directory, base + '.tar.gz')
    tmp = final + '.part'
    with tarfile.open(tmp, 'w:gz', format=tarfile.PAX_FORMAT) as t:
        members = sorted(files) + [('PKG-INFO', None)]
        for arc, full in members:
            data = _metadata().encode('utf-8') if full is None else open(full, 'rb').read()
            info = tarfile.TarInfo(f'{base}/{arc}')
            info.size = len(data)
            info.mode = 0o644
            info.mtime = 315532800
            t.addfile(info, io.BytesIO(data))
    os.replace(tmp, final)
    return base + '.tar.gz'
