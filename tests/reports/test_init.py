"""`lucli init`: a new evidence repository that validates and passes its own CI workflow's commands."""

from __future__ import annotations

import shlex
from pathlib import Path

from lucli.records.yamlparse import parse


def _workflow_commands(root: Path) -> list[str]:
    text = (root / ".github" / "workflows" / "evidence.yml").read_text(encoding="utf-8")
    doc, problems = parse(text, "evidence.yml")
    assert doc is not None and problems == []
    steps = [s for job in doc.data["jobs"].values() for s in job.get("steps", [])]
    return [s["run"] for s in steps if "run" in s]


def test_init_lays_out_a_repository(lucli, tmp_path):
    root = tmp_path / "new"
    result = lucli("init", str(root))
    assert result.exit_code == 0, result.stderr
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    assert files == [".github/workflows/evidence.yml", ".gitignore", "README.md",
                     "evidence/organisations.yaml", "evidence/principles.yaml",
                     "evidence/sources/example-institute-2024-example-report.yaml", "lucli.yaml",
                     "schema/organisations.schema.json", "schema/principles.schema.json", "schema/source.schema.json",
                     "templates/README.md"]
    assert result.stderr.splitlines()[0] == f"created {root / '.github/workflows/evidence.yml'}"
    assert result.stderr.splitlines()[-1] == f"next: cd {root} && lucli validate"
    assert (root / ".gitignore").read_text(encoding="utf-8").splitlines()[-2:] == [".lucli/", "site/"]


def test_the_new_repository_validates_and_its_schemas_match_lucli_schema(lucli, tmp_path):
    root = tmp_path / "new"
    lucli("init", str(root))
    result = lucli("validate", "--root", str(root))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.endswith("0 errors, 0 warnings\n")
    for kind in ("source", "organisations", "principles"):
        assert (root / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8") == lucli("schema", kind).stdout
    modeline = (root / "evidence/sources/example-institute-2024-example-report.yaml").read_text().splitlines()[0]
    assert modeline == "# yaml-language-server: $schema=../../schema/source.schema.json"


def test_the_workflow_commands_pass_locally(lucli, tmp_path, monkeypatch):
    from lucli import __version__

    root = tmp_path / "new"
    lucli("init", str(root))
    commands = _workflow_commands(root)
    assert commands == [f'python -m pip install "lucli=={__version__}"', "lucli validate --format github",
                        "lucli digest -o site"]
    monkeypatch.chdir(root)  # the workflow runs from the checkout
    for command in commands[1:]:
        args = shlex.split(command)
        assert args[0] == "lucli"
        result = lucli(*args[1:])
        assert result.exit_code == 0, f"{command}: {result.stderr}"
    assert (root / "site" / "index.html").is_file()
    assert (root / "site" / "principles" / "devolution.html").is_file()


def test_the_workflow_uploads_the_digest_and_deploys_pages(tmp_path, lucli):
    root = tmp_path / "new"
    lucli("init", str(root))
    doc, _ = parse((root / ".github" / "workflows" / "evidence.yml").read_text(encoding="utf-8"), "evidence.yml")
    uses = [s["uses"].split("@")[0] for job in doc.data["jobs"].values() for s in job["steps"] if "uses" in s]
    assert uses == ["actions/checkout", "actions/setup-python", "actions/upload-artifact",
                    "actions/upload-pages-artifact", "actions/deploy-pages"]
    assert doc.data["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_init_never_overwrites_a_file(lucli, tmp_path):
    root = tmp_path / "existing"
    (root / "evidence").mkdir(parents=True)
    (root / "evidence" / "principles.yaml").write_text("# mine\n", encoding="utf-8")
    result = lucli("init", str(root))
    assert result.exit_code == 0
    assert f"skipped {root / 'evidence' / 'principles.yaml'} (it already exists)" in result.stderr.splitlines()
    assert (root / "evidence" / "principles.yaml").read_text(encoding="utf-8") == "# mine\n"
    again = lucli("init", str(root))
    assert not [line for line in again.stderr.splitlines() if line.startswith("created")]


def test_init_in_the_working_folder(lucli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = lucli("init")
    assert result.exit_code == 0
    assert (tmp_path / "lucli.yaml").is_file()
    assert result.stderr.splitlines()[-1] == "next: lucli validate"


def test_init_refuses_a_file(lucli, tmp_path):
    (tmp_path / "file").write_text("", encoding="utf-8")
    result = lucli("init", str(tmp_path / "file"))
    assert (result.exit_code, result.stderr) == (
        2, f"error: {tmp_path / 'file'} is a file, not a folder\nhint: give a folder for the new evidence repository\n")


def test_this_repository_ships_a_pre_commit_hook():
    from tests.conftest import REPO

    doc, problems = parse((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"), ".pre-commit-hooks.yaml")
    assert problems == [] and doc is not None
    hook = doc.data[0]
    assert (hook["id"], hook["entry"], hook["language"], hook["pass_filenames"]) == (
        "lucli-validate", "lucli validate", "python", False)
