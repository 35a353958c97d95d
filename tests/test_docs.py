"""The README's examples run, and every command is documented there."""

from __future__ import annotations

import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from pipeline.cli import cli

from .conftest import CORPUS, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def examples() -> list[str]:
    lines, inside = [], False
    for line in README.splitlines():
        if line.startswith("```"):
            inside = line.strip() == "```sh" and not inside
            continue
        if inside and line.startswith("vanban "):
            lines.append(line.split("  #")[0].strip())
    return lines


def test_every_command_is_documented() -> None:
    def names(group: click.Group, prefix: str = "vanban") -> list[str]:
        out = []
        for name, cmd in group.commands.items():
            full = f"{prefix} {name}"
            out.extend(names(cmd, full) if isinstance(cmd, click.Group) else [full])
        return out

    missing = [n for n in names(cli) if f"`{n}" not in README and f"| `{n.rsplit(' ', 1)[0]} {n.rsplit(' ', 1)[1]}" not in README
               and not any(n.split()[-1] in row and n.split()[1] in row for row in README.splitlines() if row.startswith("| `vanban"))]
    assert not missing, f"commands not in README.md: {missing}"


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wd = tmp_path_factory.mktemp("readme")
    (wd / "corpus").mkdir()
    for p in CORPUS.glob("*.txt"):
        (wd / "corpus" / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    (wd / "tests").symlink_to(ROOT / "tests")
    return wd


@pytest.mark.parametrize("line", examples())
def test_readme_example_runs(line: str, workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workdir)
    args = shlex.split(line)[1:]
    if args[0] != "extract":
        CliRunner().invoke(cli, ["extract", "corpus", "--workers", "1"])
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 0, f"{line}\n{res.output}"
