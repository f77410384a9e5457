"""The open-data downloads, written by a child process while the pages are built.

Making the downloads (:func:`build_tools.exports.write_exports`) is a sixth of the main
process of a 10,000-article build, and it came before the first page: the pages waited
for it. It needs only the checked archive, so :class:`BackgroundExports` forks a child that
inherits the archive and writes the files into a folder, at a lower priority than the
build (the main process, which is the build's critical path, keeps its core; the child
takes the time the render workers leave). The caller registers the files by their names
at once (:func:`build_tools.exports.export_names`) and puts them in place when
:meth:`BackgroundExports.wait` returns. The bytes are those of writing them in the
calling process, which is what happens where processes cannot fork.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from pathlib import Path

from .cores import can_fork, frozen_for_fork
from .exports import export_names, write_exports
from .resolve import Archive

NICENESS = 10
"""How much lower the child's priority is than the build's."""

_ERROR_FILE = ".export-error"
"""Where the child writes what went wrong, in the folder of the downloads."""


class ExportError(Exception):
    """The downloads could not be written."""


class BackgroundExports:
    """The downloads of ``archive``, being written into ``folder``."""

    def __init__(self, archive: Archive, folder: Path) -> None:
        self.folder = folder
        self.names = export_names()
        """The files that will be in :attr:`folder` (sorted)."""
        self._process: multiprocessing.process.BaseProcess | None = None
        if not can_fork():
            write_exports(archive, folder)
            return
        context = multiprocessing.get_context("fork")
        self._process = context.Process(target=_write, args=(archive, folder),
                                        name="corpus-exports", daemon=True)
        with frozen_for_fork():
            self._process.start()

    def wait(self) -> list[str]:
        """The names of the files, once written; raises :class:`ExportError` if they were
        not."""
        process, self._process = self._process, None
        if process is not None:
            process.join()
            if process.exitcode != 0:
                error = self.folder / _ERROR_FILE
                if error.is_file():  # the error first, then where it happened
                    trace = error.read_text(encoding="utf-8").strip()
                    detail = f"{trace.splitlines()[-1]}\n{trace}"
                else:
                    detail = f"the process writing them ended with status {process.exitcode}"
                raise ExportError(f"the data downloads could not be written: {detail}")
        return self.names

    def stop(self) -> None:
        """Stop writing (an interrupted or failed build); the folder is the caller's."""
        process, self._process = self._process, None
        if process is not None and process.is_alive():
            process.terminate()
            process.join()


def _write(archive: Archive, folder: Path) -> None:
    os.nice(NICENESS)
    try:
        written = write_exports(archive, folder)
        assert written == export_names(), (written, export_names())
    except BaseException:
        (folder / _ERROR_FILE).write_text(traceback.format_exc(), encoding="utf-8")
        raise
