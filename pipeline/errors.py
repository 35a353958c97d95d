"""Exceptions: specific inside, one line at the edge (``"<path>: <reason>"``)."""

from __future__ import annotations


class VanbanError(Exception):
    """Base class; ``str()`` is the one-line message shown to users and stored."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class IngestError(VanbanError):
    """The file could not be read as a document."""


class EmptyFile(IngestError):
    pass


class UnsupportedFormat(IngestError):
    pass


class CorruptFile(IngestError):
    pass


class EncodingError(IngestError):
    pass


class NoTextLayer(IngestError):
    pass


class NotADocument(IngestError):
    pass


class TooLarge(IngestError):
    pass


class MissingTool(IngestError):
    """A converter the format needs (LibreOffice for .doc) is not installed."""


class DatabaseError(VanbanError):
    """The database cannot be used: not a vanban database, a newer schema, locked, read-only."""


class StaleRecord(VanbanError):
    """A record whose file no longer holds the content it was extracted from."""
