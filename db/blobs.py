"""Attachments' bytes, stored content-addressed: a file is named by the sha256 of its content, so
the same file attached twice is stored once and a stored file can never be changed in place.

**Durability.** `put` returns only once the file and the directory entry naming it are on disk
(written to a temporary file, fsync'd, renamed into place, the directory fsync'd): the caller
inserts the attachment's row after that, in its own transaction, so a committed row always has its
file. A crash in between leaves a file no row names; `sweep` (db/documents.py, `civicgraph
sweep-attachments`) deletes such files once they are older than a grace period, so an upload still
on its way to commit is never swept (`put` refreshes the file's time when it was already there).

**One backend.** `BlobStore` is the interface; `FileSystemStore` the only implementation. In
production the directory is a volume every worker mounts (the service's replicas share it as
they share the database). A second backend (S3-compatible object storage) would bring a client
library, credentials and a second system to back up for what a mounted volume already gives; the
interface is small so that it can be added when a deployment needs one.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Final, Protocol

_SHA256: Final = re.compile(r"^[0-9a-f]{64}$")
_CHUNK: Final = 1024 * 1024


class BlobTooLarge(Exception):
    """The content is over the size allowed; nothing was stored."""


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    byte_size: int


class BlobStore(Protocol):
    def put(self, source: IO[bytes], *, max_bytes: int) -> StoredBlob:
        """Store the content of `source` (from its start); durable when this returns."""
        ...

    def open(self, sha256: str) -> IO[bytes]:
        """The stored content (FileNotFoundError when there is none)."""
        ...

    def exists(self, sha256: str) -> bool: ...

    def stored(self) -> Iterator[tuple[str, float]]:
        """Every stored blob: its sha256 and when it was last stored (seconds since the epoch)."""
        ...

    def delete(self, sha256: str) -> None: ...

    def clean_temporary(self, older_than: float) -> int:
        """Delete what an interrupted `put` left; how many files."""
        ...


def _fsync_directory(path: Path) -> None:
    if os.name != "posix":  # Windows cannot open a directory to fsync it
        return
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class FileSystemStore:
    """Blobs as files `<root>/<first two hex digits>/<sha256>`; `<root>/tmp/` for writes under
    way."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def _path(self, sha256: str) -> Path:
        if not _SHA256.match(sha256):
            raise ValueError(f"not a sha256: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def put(self, source: IO[bytes], *, max_bytes: int) -> StoredBlob:
        temporary_dir = self.root / "tmp"
        temporary_dir.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        source.seek(0)
        descriptor, name = tempfile.mkstemp(dir=temporary_dir, prefix="upload-")
        temporary = Path(name)
        try:
            with os.fdopen(descriptor, "wb") as out:
                while chunk := source.read(_CHUNK):
                    size += len(chunk)
                    if size > max_bytes:
                        raise BlobTooLarge(f"over {max_bytes} bytes")
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha256 = digest.hexdigest()
            final = self._path(sha256)
            final.parent.mkdir(parents=True, exist_ok=True)
            if final.exists():
                temporary.unlink()
                os.utime(final)  # stored again now: not swept while its row is on its way
            else:
                os.replace(temporary, final)
            _fsync_directory(final.parent)
            _fsync_directory(self.root)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
            raise
        return StoredBlob(sha256, size)

    def open(self, sha256: str) -> IO[bytes]:
        return self._path(sha256).open("rb")

    def exists(self, sha256: str) -> bool:
        return self._path(sha256).is_file()

    def stored(self) -> Iterator[tuple[str, float]]:
        if not self.root.is_dir():
            return
        for directory in sorted(self.root.iterdir()):
            if not directory.is_dir() or len(directory.name) != 2:
                continue
            for path in sorted(directory.iterdir()):
                if _SHA256.match(path.name):
                    with contextlib.suppress(FileNotFoundError):
                        yield path.name, path.stat().st_mtime

    def delete(self, sha256: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self._path(sha256).unlink()

    def clean_temporary(self, older_than: float) -> int:
        temporary_dir = self.root / "tmp"
        if not temporary_dir.is_dir():
            return 0
        removed = 0
        for path in temporary_dir.iterdir():
            with contextlib.suppress(FileNotFoundError):
                if path.stat().st_mtime < older_than:
                    path.unlink()
                    removed += 1
        return removed


def open_store(kind: str, path: str) -> BlobStore:
    """The store a deployment's settings name (`attachment_store`, `attachment_dir`)."""
    if kind != "filesystem":
        raise ValueError(f"unknown attachment store {kind!r}")
    return FileSystemStore(path)


def now() -> float:
    return time.time()
