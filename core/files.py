"""What an uploaded file is, decided from its bytes (never from its name or the sender's
Content-Type), and the name it is kept under.

Only kinds a civic office exchanges and a browser never runs are accepted: PDF, PNG, JPEG, Word
(DOCX) and Excel (XLSX) documents, OpenDocument text, and plain UTF-8 text. HTML, SVG, scripts,
executables and archives of anything else are refused, whatever they are called.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO, Final

from core.text import normalize_text, refused_character

DOCX: Final = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT: Final = "application/vnd.oasis.opendocument.text"


@dataclass(frozen=True)
class FileKind:
    media_type: str
    extension: str
    #: the Content-Type a download is served with
    served_as: str


KINDS: Final = {
    "application/pdf": FileKind("application/pdf", "pdf", "application/pdf"),
    "image/png": FileKind("image/png", "png", "image/png"),
    "image/jpeg": FileKind("image/jpeg", "jpg", "image/jpeg"),
    DOCX: FileKind(DOCX, "docx", DOCX),
    XLSX: FileKind(XLSX, "xlsx", XLSX),
    ODT: FileKind(ODT, "odt", ODT),
    "text/plain": FileKind("text/plain", "txt", "text/plain; charset=utf-8"),
}

#: Bytes read to decide a file's kind (a text file is checked whole, up to this).
HEAD_BYTES: Final = 64 * 1024

_TEXT_REFUSED: Final = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MARKUP: Final = re.compile(rb"^\s*(<!doctype|<html|<svg|<\?xml|<script|<head|<body)", re.I)


def _zip_kind(file: IO[bytes]) -> FileKind | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return KINDS[DOCX]
            if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
                return KINDS[XLSX]
            if "mimetype" in names and archive.read("mimetype").strip() == ODT.encode():
                return KINDS[ODT]
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None
    return None


def detect(file: IO[bytes]) -> FileKind | None:
    """The kind of the file's content, or None when it is not one accepted. Leaves the file at
    its start."""
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    kind: FileKind | None = None
    if head.startswith(b"%PDF-"):
        kind = KINDS["application/pdf"]
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = KINDS["image/png"]
    elif head.startswith(b"\xff\xd8\xff"):
        kind = KINDS["image/jpeg"]
    elif head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(file)
    elif head and _is_plain_text(file):
        kind = KINDS["text/plain"]
    file.seek(0)
    return kind


def _is_plain_text(file: IO[bytes]) -> bool:
    file.seek(0)
    data = file.read(HEAD_BYTES * 16 + 1)
    if len(data) > HEAD_BYTES * 16:  # a text attachment of over a megabyte is not a note
        return False
    if _TEXT_REFUSED.search(data) or _MARKUP.match(data):
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


_UNSAFE: Final = re.compile(r'[\\/:*?"<>|\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]')
NAME_MAX: Final = 150


def clean_file_name(name: str | None, kind: FileKind) -> str:
    """The sender's name for the file, made safe to keep and to offer back: no directories, no
    control or bidirectional characters, no characters a file system refuses, Persian letters
    and digits normalised, at most 150 characters, and the extension of what the file is."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFC", base)
    if refused_character(base) is not None or _UNSAFE.search(base):
        base = _UNSAFE.sub(" ", base)
    stem = base.rsplit(".", 1)[0] if "." in base.lstrip(".") else base
    stem = normalize_text(stem).strip(" .") or "attachment"
    if stem.lower().endswith(f".{kind.extension}"):  # «report.pdf.exe» is report.pdf
        stem = stem[: -len(kind.extension) - 1].rstrip(" .") or "attachment"
    stem = stem[: NAME_MAX - len(kind.extension) - 1].rstrip(" .") or "attachment"
    return f"{stem}.{kind.extension}"
