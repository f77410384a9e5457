"""``python -m build_tools.mkdocs_process build …``: the MkDocs process of a build, which
ends without tearing down its heap (see :func:`build_tools.plugin.run_mkdocs`)."""

import sys

from .plugin import run_mkdocs

run_mkdocs(sys.argv[1:])
