"""The rendering timer renders every page once and sorts it by kind."""

from __future__ import annotations

from pathlib import Path

from build_tools import render_timing
from build_tools.pipeline import check_corpus, plan_site
from build_tools.synthetic import generate_corpus


def test_every_page_is_rendered_once_and_counted_under_its_kind(tmp_path: Path,
                                                                 monkeypatch) -> None:
    generate_corpus(tmp_path / "corpus", articles=12, seed=3)
    site = plan_site(check_corpus(tmp_path / "corpus", tmp_path).archive)
    rendered: list[str] = []
    original = site.renderer.render

    def counting(spec):  # type: ignore[no-untyped-def]
        rendered.append(spec.path)
        return original(spec)

    monkeypatch.setattr(site.renderer, "render", counting)
    timings = render_timing.time_pages(site.renderer, site.pages)
    assert rendered == [spec.path for spec in site.pages]
    assert timings["article"].pages == 12
    assert timings["entity"].pages == sum(spec.template == "entity.html" for spec in site.pages)
    assert sum(t.pages for t in timings.values()) == len(site.pages)
    assert all(t.seconds > 0 for t in timings.values())
    assert "article" in render_timing.table(timings)


def test_the_command_prints_the_table(tmp_path: Path, capsys) -> None:
    generate_corpus(tmp_path / "corpus", articles=6, seed=4)
    assert render_timing.main([str(tmp_path / "corpus"), "--every", "2",
                               "--cache", str(tmp_path / "cache"),
                               "--profile", str(tmp_path / "render.prof")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ["kind", "article", "entity", "list", "all"]
    assert int(lines[1].split()[1]) == 3  # every second of 6 article pages
    assert (tmp_path / "render.prof").stat().st_size > 0
    assert (tmp_path / "cache").is_dir()
