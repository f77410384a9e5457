"""The files that run a contribution: GitHub workflows, pre-commit hooks, the PR template."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from build_tools.analysis_cache import default_cache_dir

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:  # YAML 1.1 reads the key `on` as a boolean
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_there_are_a_check_and_a_deploy_workflow():
    assert [p.name for p in WORKFLOWS] == ["check.yml", "deploy.yml"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_workflow_is_valid_against_the_vendored_github_schema(path: Path):
    """check-jsonschema ships the GitHub workflow schema: no network needed."""
    completed = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                                "vendor.github-workflows", str(path)],
                               capture_output=True, text=True)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "ok -- validation done" in completed.stdout


def test_the_schema_check_does_fail_on_a_broken_workflow(tmp_path: Path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  build:\n    steps:\n      - run: make build\n",
                      encoding="utf-8")
    completed = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                                "vendor.github-workflows", str(broken)], capture_output=True)
    assert completed.returncode == 1


def test_pull_requests_run_make_check_then_make_test():
    workflow = load(ROOT / ".github/workflows/check.yml")
    assert "pull_request" in workflow["on"]
    commands = [step["run"] for step in steps(workflow) if "run" in step]
    assert [c.split()[:2] for c in commands] == [["make", "check"], ["make", "test"]]
    assert commands[0] == 'make check CHANGED_SINCE="origin/$BASE_REF"'
    checkout = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # the base branch is needed for the diff
    assert workflow["permissions"] == {"contents": "read"}


def test_deploy_builds_exactly_what_make_build_builds():
    workflow = load(ROOT / ".github/workflows/deploy.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    all_steps = steps(workflow)
    assert [s["run"] for s in all_steps if "run" in s] == ["make build"]
    uses = [s["uses"].split("@")[0] for s in all_steps if "uses" in s]
    assert uses == ["actions/checkout", "actions/setup-python", "actions/cache",
                    "actions/configure-pages", "actions/upload-pages-artifact",
                    "actions/deploy-pages"]
    # The check's cache is restored, and it is the folder the build uses.
    cache = next(s for s in all_steps if "actions/cache" in s.get("uses", ""))
    assert cache["with"]["path"] == ".cache"
    assert default_cache_dir(ROOT / "corpus") == ROOT / cache["with"]["path"]
    build = next(s for s in all_steps if s.get("run") == "make build")
    configure = next(s for s in all_steps if "configure-pages" in s.get("uses", ""))
    assert build["env"]["SITE_URL"] == f"${{{{ steps.{configure['id']}.outputs.base_url }}}}"
    upload = next(s for s in all_steps if "upload-pages-artifact" in s.get("uses", ""))
    # what is uploaded is the folder `make build` writes
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^build:.*\n\t(.+)$", makefile, re.MULTILINE)
    assert recipe is not None
    assert f"--site-dir {upload['with']['path']}" in recipe.group(1)
    assert upload["with"]["path"] == "site"
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["jobs"]["deploy"]["needs"] == "build"


def test_pre_commit_hook_checks_the_corpus_files_it_is_given(tmp_path: Path):
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    hook = hooks["corpus-check"]
    assert hook["language"] == "system" and hook["pass_filenames"] is True
    assert re.match(hook["files"], "corpus/people/x.md")
    assert not re.match(hook["files"], "docs/index.md")
    entry = hook["entry"].split()
    assert entry[0] == ".venv/bin/python"
    command = [sys.executable, *entry[1:]]

    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    person = tmp_path / "corpus/people/hamid-al-hayes.md"
    ok = subprocess.run(command + ["corpus/people/hamid-al-hayes.md"], cwd=tmp_path,
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    person.write_text(person.read_text(encoding="utf-8").replace("roles:", "role:"),
                      encoding="utf-8")
    bad = subprocess.run(command + ["corpus/people/hamid-al-hayes.md"], cwd=tmp_path,
                         capture_output=True, text=True)
    assert bad.returncode == 1
    assert "corpus/people/hamid-al-hayes.md:7: error: unknown field 'role'" in bad.stderr

    schemas = hooks["schemas-up-to-date"]["entry"].split()
    assert subprocess.run([sys.executable, *schemas[1:]], cwd=ROOT).returncode == 0


def test_pull_request_template_has_the_contributor_checklist():
    template = (ROOT / ".github/pull_request_template.md").read_text(encoding="utf-8")
    items = re.findall(r"^- \[ \] (.+)$", template, re.MULTILINE)
    assert len(items) >= 5
    assert any("make check" in item for item in items)
    assert any("make new" in item for item in items)
    assert "docs/contributing.md" in template
