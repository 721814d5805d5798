"""The exceptions of the nasmap package."""

__all__ = ['NasmapError', 'NasmapFormatError', 'NasmapVersionError', 'NasmapQueryError']


class NasmapError(Exception):
    """Base of the errors this package raises."""


class NasmapFormatError(NasmapError, ValueError):
    """The file is not a valid nasmap file this reader reads. The message names the file."""

    def __init__(self, path, message):
        super().__init__(f'{message} (file: {path})')
        self.path = path


class NasmapVersionError(NasmapFormatError):
    """The file's format version is one this reader does not read: too old or too new (distinct errors)."""

    def __init__(self, path, version, min_version, max_version):
        self.version = version
        self.too_old = version < min_version
        self.too_new = version > max_version
        what = 'too old' if self.too_old else 'too new'
        super().__init__(path, f'format version {what}: {version} (this reader reads {min_version} to {max_version})')


class NasmapQueryError(NasmapError, KeyError, ValueError):
    """A query upstream's API raises on (bad index, dataset, hp, epoch, seed, missing result, ...).
    Both a KeyError and a ValueError, so code written against either of upstream's raises catches it."""

    def __str__(self):
        return str(self.args[0]) if self.args else ''
