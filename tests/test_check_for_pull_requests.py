"""`check` as a pull request runs it: restricted to changed files, with workflow annotations."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from build_tools.cli import main
from build_tools.diagnostics import Diagnostic, error, warning

ROOT = Path(__file__).resolve().parents[1]
ARTICLE_FNA = "corpus/articles/2020/2020-05-05-us-supporting-isil-attacks-in-iraqi-provinces.md"
ARTICLE_SOTT = ("corpus/articles/2020/2020-05-07-iraqi-popular-mobilization-forces-us-saudi-"
                "arabia-trying-to-revive-daesh.md")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org",
                           "-c", "commit.gpgsign=false", *args], cwd=repo, check=True,
                          capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository holding a copy of the corpus, on a branch 'contribution' off 'base'."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    git(tmp_path, "init", "-q", "-b", "base")
    git(tmp_path, "add", "corpus")
    git(tmp_path, "commit", "-q", "-m", "corpus")
    git(tmp_path, "checkout", "-q", "-b", "contribution")
    return tmp_path


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def run_check(repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
              *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(repo)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    code = main(["check", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_changed_since_reports_only_the_files_a_change_touches(repo, monkeypatch, capsys):
    # committed on the branch: a misspelled tag in one article
    replace_in(repo / ARTICLE_FNA, "  - isil-insurgency\n", "  - isil-insurgncy\n")
    git(repo, "commit", "-q", "-am", "typo")
    # uncommitted: an unknown field in a person; untracked: a new event with a bad date
    replace_in(repo / "corpus/people/hamid-al-hayes.md", "roles:", "role:")
    (repo / "corpus/events/2020-06-01-new-event.md").write_text(
        "---\nname: New event\ndate: \"2020-13-01\"\n---\n", encoding="utf-8")
    # and a change that breaks a file it does not touch: an entity the other article names
    (repo / "corpus/people/qais-al-khazali.md").unlink()

    code, out, err = run_check(repo, monkeypatch, capsys, "--changed-since", "base")
    assert code == 1
    report = out + err
    assert f"{ARTICLE_FNA}:" in report and "unknown tag 'isil-insurgncy'" in report
    assert "did you mean 'isil-insurgency'?" in report
    assert "corpus/people/hamid-al-hayes.md:" in report and "unknown field 'role'" in report
    assert "corpus/events/2020-06-01-new-event.md:3: error: 'date' is not a valid date" in report
    assert "qais-al-khazali" not in report.split("also ")[0]  # not in the untouched article...
    assert ("also 3 error(s) and 0 warning(s) in 1 file(s) this change does not touch" in err)
    assert "3 error(s), 0 warning(s)" in report  # ...but it still fails the check

    # without the option, everything
    code, out, err = run_check(repo, monkeypatch, capsys)
    assert code == 1
    assert f"{ARTICLE_SOTT}:" in out + err


def test_paths_restrict_the_report_like_pre_commit_passes_them(repo, monkeypatch, capsys):
    replace_in(repo / ARTICLE_FNA, "  - isil-insurgency\n", "  - isil-insurgncy\n")
    code, out, err = run_check(repo, monkeypatch, capsys, ARTICLE_SOTT)
    assert code == 1
    assert "0 error(s), 0 warning(s)" in out + err
    assert "also 1 error(s)" in err
    code, out, err = run_check(repo, monkeypatch, capsys, ARTICLE_FNA)
    assert "unknown tag 'isil-insurgncy'" in out + err


def test_changed_since_a_clean_branch_passes(repo, monkeypatch, capsys):
    code, out, _ = run_check(repo, monkeypatch, capsys, "--changed-since", "base")
    assert code == 0
    assert "0 error(s), 0 warning(s)" in out


def test_changed_since_an_unknown_revision_is_a_usage_error(repo, monkeypatch, capsys):
    code, _, err = run_check(repo, monkeypatch, capsys, "--changed-since", "no-such-branch")
    assert code == 2
    assert "error: --changed-since no-such-branch:" in err


def test_github_format_prints_annotations_for_the_diff(repo, monkeypatch, capsys):
    replace_in(repo / ARTICLE_FNA, "  - isil-insurgency\n", "  - isil-insurgncy\n")
    monkeypatch.chdir(repo)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")  # the default format under GitHub Actions
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    annotations = [line for line in out.splitlines() if line.startswith("::")]
    assert len(annotations) == 1
    line = (repo / ARTICLE_FNA).read_text(encoding="utf-8").splitlines().index(
        "  - isil-insurgncy") + 1
    assert annotations[0] == (f"::error file={ARTICLE_FNA},line={line},title=unknown-reference::"
                              "unknown tag 'isil-insurgncy'; did you mean 'isil-insurgency'?")
    monkeypatch.delenv("GITHUB_ACTIONS")
    assert main(["check"]) == 1
    assert "::error" not in capsys.readouterr().out
    assert main(["check", "--format", "github"]) == 1
    assert "::error file=" in capsys.readouterr().out


@pytest.mark.parametrize("diagnostic, expected", [
    (warning("corpus/a.md", 0, "shared", "shared-alias"),
     "::warning file=corpus/a.md,title=shared-alias::shared"),
    (error("corpus/odd, name: x.md", 7, "100% wrong\nsecond line\r", "yaml"),
     "::error file=corpus/odd%2C name%3A x.md,line=7,title=yaml::100%25 wrong%0Asecond line%0D"),
])
def test_annotation_escaping(diagnostic: Diagnostic, expected: str) -> None:
    assert diagnostic.github_annotation() == expected
