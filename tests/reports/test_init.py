"""`lucli init`: a new evidence repository that works — taxonomy included, CI and pre-commit that pass linters."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lucli.authoring.provenance import installed_spec, spec_from_direct_url
from lucli.authoring.scaffold import install_step
from lucli.records.yamlparse import parse
from tests.readme_runner import run_blocks, shell_blocks

BIN = Path(sys.executable).parent


def _workflow(root: Path) -> dict:
    doc, problems = parse((root / ".github" / "workflows" / "evidence.yml").read_text(encoding="utf-8"), "evidence.yml")
    assert doc is not None and problems == []
    return doc.data


def _runs(root: Path) -> list[str]:
    return [s["run"] for job in _workflow(root)["jobs"].values() for s in job.get("steps", []) if "run" in s]


def test_init_lays_out_a_repository(lucli, tmp_path):
    root = tmp_path / "new"
    result = lucli("init", str(root))
    assert result.exit_code == 0, result.stderr
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    assert files == [".github/workflows/evidence.yml", ".gitignore", ".pre-commit-config.yaml", "README.md",
                     "evidence/organisations.yaml", "evidence/principles.yaml", "evidence/sources/.gitkeep",
                     "lucli.yaml", "schema/organisations.schema.json", "schema/principles.schema.json",
                     "schema/source.schema.json", "templates/README.md"]
    assert result.stderr.splitlines()[0] == f"created {root / '.github/workflows/evidence.yml'}"
    assert result.stderr.splitlines()[-1] == f"next: cd {root} && lucli validate"
    assert (root / ".gitignore").read_text(encoding="utf-8").splitlines()[-2:] == [".lucli/", "site/"]


def test_the_new_repository_has_the_bundled_taxonomy_and_no_example_records(lucli, tmp_path, monkeypatch):
    from tests.conftest import REPO

    root = tmp_path / "new"
    lucli("init", str(root))
    for name in ("organisations", "principles"):
        text = (root / "evidence" / f"{name}.yaml").read_text(encoding="utf-8")
        modeline = f"# yaml-language-server: $schema=../schema/{name}.schema.json\n"
        assert text == modeline + (REPO / "evidence" / f"{name}.yaml").read_text(encoding="utf-8")
    monkeypatch.chdir(root)
    result = lucli("validate")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        "evidence/sources:0:0: warning[no-sources]: no source files yet; add one with `lucli add source`",
        "checked 2 files: 0 sources, 0 findings, 26 principles, 8 organisations; 0 errors, 1 warning"]
    for kind in ("source", "organisations", "principles"):
        assert (root / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8") == lucli("schema", kind).stdout


def test_init_empty_starts_with_no_principles_or_organisations(lucli, tmp_path):
    root = tmp_path / "new"
    assert lucli("init", str(root), "--empty").exit_code == 0
    for name in ("organisations", "principles"):
        assert (root / "evidence" / f"{name}.yaml").read_text(encoding="utf-8").splitlines()[-1] == "[]"
    result = lucli("validate", "--root", str(root))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1].startswith("checked 2 files: 0 sources, 0 findings, 0 principles, "
                                                     "0 organisations; 0 errors")


def test_the_workflow_installs_lucli_as_given_and_its_other_commands_pass(lucli, tmp_path, monkeypatch):
    root = tmp_path / "new"
    spec = "lucli @ git+https://example.org/lucli.git@v1"
    result = lucli("init", str(root), "--install", spec)
    assert f"CI installs lucli with: {spec}" in result.stderr.splitlines()
    commands = _runs(root)
    assert commands == ["python -m pip install 'lucli @ git+https://example.org/lucli.git@v1'",
                        "lucli validate --format github", "lucli digest -o site"]
    assert f"`{spec}`" in (root / "README.md").read_text(encoding="utf-8")
    monkeypatch.chdir(root)  # the workflow runs from the checkout
    for command in commands[1:]:
        args = shlex.split(command)
        result = lucli(*args[1:])
        assert result.exit_code == 0, f"{command}: {result.stderr}"
    assert (root / "site" / "index.html").is_file()


def test_the_workflow_runs_on_every_branch_and_deploys_only_from_the_default_one(lucli, tmp_path):
    root = tmp_path / "new"
    lucli("init", str(root))
    workflow = _workflow(root)
    assert workflow["on"] == {"push": None, "pull_request": None, "workflow_dispatch": None}
    only_default = "github.event_name == 'push' && github.ref_name == github.event.repository.default_branch"
    assert workflow["jobs"]["deploy"]["if"] == only_default
    uses = [s["uses"].split("@")[0] for job in workflow["jobs"].values() for s in job["steps"] if "uses" in s]
    assert uses == ["actions/checkout", "actions/setup-python", "actions/upload-artifact",
                    "actions/upload-pages-artifact", "actions/deploy-pages"]
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


@pytest.mark.parametrize("spec", [None, "lucli @ git+https://example.org/it's/lucli.git", "lucli==0.1.0"])
def test_actionlint_passes_the_generated_workflow(lucli, tmp_path, spec):
    root = tmp_path / "new"
    lucli("init", str(root), *(["--install", spec] if spec else []))
    actionlint = shutil.which("actionlint", path=str(BIN)) or shutil.which("actionlint")
    assert actionlint, "actionlint comes with the test extra (pip install -e '.[test]')"
    done = subprocess.run([actionlint, "-no-color", ".github/workflows/evidence.yml"], cwd=root,
                          capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_pre_commit_accepts_the_generated_configuration_and_its_hook_runs_lucli_validate(lucli, tmp_path):
    root = tmp_path / "new"
    lucli("init", str(root))
    done = subprocess.run([sys.executable, "-m", "pre_commit", "validate-config", ".pre-commit-config.yaml"],
                          cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    doc, _ = parse((root / ".pre-commit-config.yaml").read_text(encoding="utf-8"), "pre-commit")
    [repo] = doc.data["repos"]
    [hook] = repo["hooks"]
    assert (repo["repo"], hook["language"], hook["entry"], hook["pass_filenames"]) == (
        "local", "system", "lucli validate", False)


def test_init_never_overwrites_a_file(lucli, tmp_path):
    root = tmp_path / "existing"
    (root / "evidence").mkdir(parents=True)
    (root / "evidence" / "principles.yaml").write_text("# mine\n", encoding="utf-8")
    result = lucli("init", str(root))
    assert result.exit_code == 0
    assert f"skipped {root / 'evidence' / 'principles.yaml'} (it already exists)" in result.stderr.splitlines()
    assert (root / "evidence" / "principles.yaml").read_text(encoding="utf-8") == "# mine\n"


# --- how CI installs lucli: from lucli's own installation metadata (PEP 610) ---------------------------------

def _no_git(folder: Path) -> None:
    return None


@pytest.mark.parametrize(("record", "requirement"), [
    (None, "lucli==1.2.3"),
    ({"url": "https://github.com/o/lucli.git", "vcs_info": {"vcs": "git", "commit_id": "abc123"}},
     "lucli @ git+https://github.com/o/lucli.git@abc123"),
    ({"url": "https://example.org/lucli-1.2.3.tar.gz", "archive_info": {}},
     "lucli @ https://example.org/lucli-1.2.3.tar.gz"),
])
def test_the_install_requirement_follows_how_lucli_was_installed(record, requirement):
    spec = spec_from_direct_url(record, "1.2.3", _no_git)
    assert (spec.requirement, spec.note) == (requirement, None)


def test_a_local_clone_becomes_its_git_origin_at_the_commit_installed():
    record = {"url": "file:///home/me/lucli", "dir_info": {}}
    spec = spec_from_direct_url(record, "1.2.3", lambda folder: ("https://github.com/o/lucli.git", "f00d")
                                if folder == Path("/home/me/lucli") else None)
    assert (spec.requirement, spec.note) == ("lucli @ git+https://github.com/o/lucli.git@f00d", None)


def test_a_folder_ci_cannot_reach_says_so_and_how_to_choose():
    spec = spec_from_direct_url({"url": "file:///home/me/lucli", "dir_info": {"editable": True}}, "1.2.3", _no_git)
    assert spec.requirement == "lucli @ file:///home/me/lucli"
    assert spec.note == ("lucli was installed from /home/me/lucli, which CI cannot reach; run "
                         "`lucli init --install SPEC` with a requirement it can, e.g. 'lucli @ git+https://…'")


def test_init_reports_the_requirement_it_read_from_this_installation(lucli, tmp_path):
    spec = installed_spec()
    result = lucli("init", str(tmp_path / "new"))
    assert f"CI installs lucli with: {spec.requirement}" in result.stderr.splitlines()
    assert _runs(tmp_path / "new")[0] == install_step(spec.requirement).strip('"').replace('\\"', '"')
    if spec.note:
        assert f"warning: {spec.note}" in result.stderr.splitlines()


# --- the whole story, and the new repository's own README --------------------------------------------------

def test_fresh_init_to_digest_with_a_new_publisher_and_no_hand_edits(tmp_path):
    root = tmp_path / "mine"
    steps = [
        f"lucli init {root}",
        "lucli add organisation --id ippr-north --name 'IPPR North' --kind think-tank",
        "lucli add source --title 'Northern lights' --publisher 'IPPR North' --published 2024-02 --kind report",
        "lucli add finding ippr-north-2024-northern-lights --kind recommendation "
        "--statement 'Give northern councils ten-year budgets.' --principle long-term-funding",
        "lucli validate --strict",
        "lucli compare long-term-funding",
        "lucli brief long-term-funding",
        "lucli digest -o site",
    ]
    from tests.readme_runner import lucli_env

    env = lucli_env(tmp_path)
    for step in steps:
        done = subprocess.run(shlex.split(step), cwd=root if root.exists() else tmp_path, env=env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, f"{step}\n{done.stdout}\n{done.stderr}"
    assert "IPPR North" in (root / "reports" / "brief-long-term-funding.md").read_text(encoding="utf-8")
    assert (root / "site" / "principles" / "long-term-funding.html").is_file()


def test_the_new_repositorys_readme_walkthrough_runs_as_written(lucli, tmp_path):
    root = tmp_path / "mine"
    lucli("init", str(root))
    readme = (root / "README.md").read_text(encoding="utf-8")
    blocks = shell_blocks(readme)
    assert len([b for b in blocks if b.skip is None]) >= 4
    run_blocks(blocks, root, "README.md (lucli init)")
    assert (root / "reports" / "brief-long-term-funding.md").is_file()
    assert (root / "site" / "index.html").is_file()
