"""The downloads written by a child process while the pages are built (background_exports.py)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import REPO

from build_tools.background_exports import BackgroundExports, ExportError
from build_tools.exports import export_names, write_exports
from build_tools.pipeline import check_corpus


def test_the_child_writes_the_files_the_build_process_would(tmp_path: Path) -> None:
    archive = check_corpus(REPO / "corpus", REPO).archive
    inline, background = tmp_path / "inline", tmp_path / "background"
    background.mkdir()
    assert write_exports(archive, inline) == export_names()
    exports = BackgroundExports(archive, background)
    assert exports.names == export_names()  # known at once, before the files are written
    assert exports.wait() == export_names()
    for name in export_names():
        assert (background / name).read_bytes() == (inline / name).read_bytes(), name
    assert sorted(path.name for path in background.iterdir()) == export_names()


def test_a_failure_in_the_child_is_reported_with_its_cause(tmp_path: Path) -> None:
    exports = BackgroundExports(None, tmp_path)  # type: ignore[arg-type]  # not an archive
    with pytest.raises(ExportError, match="could not be written: AttributeError: 'NoneType'"):
        exports.wait()


def test_an_interrupted_build_stops_the_child(tmp_path: Path, monkeypatch) -> None:
    import build_tools.background_exports as background

    def slow(archive: object, folder: Path) -> list[str]:
        time.sleep(60)
        return []

    monkeypatch.setattr(background, "write_exports", slow)
    exports = BackgroundExports(None, tmp_path)  # type: ignore[arg-type]
    process = exports._process
    assert process is not None and process.is_alive()
    started = time.monotonic()
    exports.stop()
    assert not process.is_alive() and time.monotonic() - started < 30
    assert exports.wait() == export_names()  # nothing left to wait for
