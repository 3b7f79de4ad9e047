"""``cdp-runner init`` lays out a project that works as written (sample flow, pytest, CI,
git-ignored .env, editor schema settings) and never overwrites; ``cdp-runner schema``."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from runner.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_ID = "https://cdp-runner.dev/schema/collection.schema.json"
LAYOUT = {"collections/first-flow.json", "environments/.env.example", "environments/.env", "environments/sandbox.env",
          "pytest.ini", ".github/workflows/api-checks.yml", ".gitignore", ".vscode/settings.json"}


def _files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def test_init_lays_out_a_project_whose_sample_flow_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "my-api-checks"
    assert main(["init", str(project)]) == 0
    assert _files(project) >= LAYOUT
    capsys.readouterr()
    assert main(["run", str(project / "collections/first-flow.json"), "-e", str(project / "environments/sandbox.env")]) == 0
    assert "✓ view accepted" in capsys.readouterr().out
    workflow = (project / ".github/workflows/api-checks.yml").read_text()
    assert "pytest collections/ --junitxml=" in workflow
    assert "testpaths = collections" in (project / "pytest.ini").read_text()


def test_init_project_runs_under_pytest_with_no_conftest(tmp_path: Path) -> None:
    assert main(["init", str(tmp_path)]) == 0
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "collections/", "--junitxml=reports/junit.xml",
                           "-p", "no:cacheprovider"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "2 passed" in proc.stdout and (tmp_path / "reports/junit.xml").exists()


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_env_file_is_git_ignored_and_the_rest_is_not(tmp_path: Path) -> None:
    assert main(["init", str(tmp_path)]) == 0
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    ignored = subprocess.run(["git", "check-ignore", "environments/.env", "environments/.env.example",
                              "environments/sandbox.env", "collections/first-flow.json"],
                             cwd=tmp_path, capture_output=True, text=True).stdout.split()
    assert ignored == ["environments/.env"]


def test_editor_settings_map_collections_to_the_schema(tmp_path: Path) -> None:
    assert main(["init", str(tmp_path)]) == 0
    settings = json.loads((tmp_path / ".vscode/settings.json").read_text())
    (entry,) = settings["json.schemas"]
    assert "collections/**/*.json" in entry["fileMatch"]
    schema = json.loads((tmp_path / entry["url"]).read_text())  # a local copy: editors need no network
    assert schema["$id"] == SCHEMA_ID
    assert json.loads((tmp_path / "collections/first-flow.json").read_text())["$schema"] == SCHEMA_ID


def test_init_never_overwrites_and_writes_nothing_then(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".gitignore").write_text("mine\n")
    assert main(["init", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / '.gitignore'}: init: already exists" in err
    assert (tmp_path / ".gitignore").read_text() == "mine\n"
    assert _files(tmp_path) == {".gitignore"}


def test_init_from_postman_imports_collections_and_environments(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    env = tmp_path / "dev.postman_environment.json"
    shutil.copy(ROOT / "environments/sandbox.postman_environment.json", env)
    project = tmp_path / "p"
    assert main(["init", str(project), "--from-postman",
                 str(ROOT / "collections/stream/close-session.postman_collection.json"), str(env)]) == 0
    files = _files(project)
    assert {"collections/close-session.json", "environments/dev.env"} <= files
    assert "collections/first-flow.json" not in files  # the user's own collections instead of the sample
    native = json.loads((project / "collections/close-session.json").read_text())
    assert "info" not in native and len(native["items"]) == 4
    capsys.readouterr()
    assert main(["run", str(project / "collections/close-session.json"), "-e", str(project / "environments/dev.env")]) == 0


def test_init_from_postman_refuses_what_is_not_postman(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "x.json"
    other.write_text("{}")
    assert main(["init", str(tmp_path / "p"), "--from-postman", str(other)]) == 2
    assert f"{other}: not a Postman collection" in capsys.readouterr().err
    assert not (tmp_path / "p").exists()


def test_schema_prints_the_collection_schema_with_its_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$id"] == SCHEMA_ID and schema["title"] == "cdp-runner native collection"
