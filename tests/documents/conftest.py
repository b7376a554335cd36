"""The documents' tests keep attachments' files in a folder of their own."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.settings import Settings


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(database_url=database_url, attachment_dir=str(tmp_path / "files"))
