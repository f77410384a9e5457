"""Writing the generated pages without MkDocs: plain HTML files in a folder.

Proof that the core does not depend on MkDocs (and a fallback should the
theme go): every generated page is written in a minimal layout.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from . import urls
from .pipeline import SiteContent


def write_site(site: SiteContent, out_dir: Path, site_name: str = "Corpus archive") -> int:
    """Write every page of ``site`` under ``out_dir``; returns the number of pages."""
    env = Environment(loader=PackageLoader("build_tools", "templates"), autoescape=True,
                      undefined=StrictUndefined)
    layout = env.get_template("standalone_layout.html")
    sections = [spec for spec in site.pages if spec.section]
    for spec in site.pages:
        target = out_dir / urls.output_file(spec.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        nav = [(s.title, urls.relative_url(s.path, spec.path)) for s in sections]
        html = layout.render(title=spec.title, description=spec.description,
                             site_name=site_name, nav=nav,
                             home=urls.relative_url(urls.HOME, spec.path),
                             content=site.renderer.render(spec))
        target.write_text(html, encoding="utf-8")
    return len(site.pages)
