"""settings: data found as package data, outputs below the current directory — and the proof:
the package built as a wheel, installed into a fresh environment, run from an empty folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from treaty import settings

ROOT = Path(__file__).resolve().parents[1]
#: what the wheel is built from (pyproject's package data is made of these)
WHEEL_SOURCES = ("pyproject.toml", "README.md", "tools/", "corpus/", "mkdocs.yml", "site_overrides/", "docs/citations.md")


def test_data_is_package_data():
    package = Path(sys.modules["treaty"].__file__).parent
    for path in (settings.CORPUS_PATH, settings.SOURCE_PATH, settings.SCHEMA_PATH, settings.ANNOTATION_SCHEMA_PATH,
                 settings.MKDOCS_CONFIG, settings.CITATIONS_DOC, settings.MKDOCS_CONFIG.parent / "site_overrides"):
        assert path.exists(), path
        assert path.is_relative_to(package), path
    assert sorted(p.name for p in settings.ANNOTATIONS_DIR.glob("*.md"))


def test_outputs_are_relative_to_the_current_directory():
    for path in (settings.BUILD_DIR, settings.SITE_DIR, settings.INDEX_DIR, settings.EXPORTS_DIR, settings.PARSE_OUT):
        assert not path.is_absolute(), path


def test_display_path(tmp_path, monkeypatch):
    assert settings.display_path(settings.SOURCE_PATH) == "corpus/source/" + settings.SOURCE_PATH.name
    assert settings.display_path(settings.ANNOTATIONS_DIR / "x.md") == "corpus/annotations/x.md"
    monkeypatch.chdir(tmp_path)
    assert settings.display_path(tmp_path / "a" / "b.txt") == "a/b.txt"
    assert settings.display_path("/nowhere/c.txt") == "/nowhere/c.txt"


def _sources(dest: Path) -> None:
    """The files of the working tree the wheel is built from (git's tracked and new ones)."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.split("\0")
    for name in listed:
        if not name.startswith(WHEEL_SOURCES) or not (ROOT / name).exists() and not (ROOT / name).is_symlink():
            continue
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target, follow_symlinks=False)


@pytest.fixture(scope="module")
def installed(tmp_path_factory, worker_id):
    """``pip install`` of a wheel (not the checkout, not editable) into a fresh venv; its
    dependencies are the project environment's, reached through a .pth line, offline.  Made once
    per test run (conftest.built_once: the pytest-xdist workers that run these tests share it), run
    by each worker from an empty folder of its own."""
    from conftest import built_once

    env_dir = built_once(tmp_path_factory, worker_id, "installed-wheel", _install) / "venv"
    python = env_dir / "bin" / "python"
    site = _purelib(python)
    empty = tmp_path_factory.mktemp("empty")
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")
    env = {k: v for k, v in os.environ.items() if k in keep} | {"NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(env_dir / "bin" / "treaty"), *args], cwd=empty, env=env, capture_output=True, text=True, timeout=600)

    run.python, run.site, run.cwd, run.env = python, site, empty, env
    return run


def _install(folder: Path) -> None:
    """The wheel built from the working tree into ``folder``/dist and installed into ``folder``/venv."""
    _sources(folder / "src")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input", "-q"]
    subprocess.run(pip + ["wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(folder / "dist"), str(folder / "src")],
                   check=True, capture_output=True)
    wheel, = (folder / "dist").glob("treaty-*.whl")
    env_dir = folder / "venv"
    venv.create(env_dir, with_pip=False)
    (_purelib(env_dir / "bin" / "python") / "project_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run(pip + ["--python", str(env_dir / "bin" / "python"), "install", "--no-deps", "--no-index", str(wheel)], check=True, capture_output=True)


def _purelib(python: Path) -> Path:
    """Where ``python`` installs pure-Python packages."""
    return Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())


def test_the_package_comes_from_the_wheel(installed):
    where = subprocess.run([installed.python, "-c", "import treaty; print(treaty.__file__)"], cwd=installed.cwd,
                           env=installed.env, capture_output=True, text=True, check=True).stdout.strip()
    assert Path(where).is_relative_to(installed.site)
    assert not Path(where).resolve().is_relative_to(ROOT)
    data = Path(where).parent / "data"
    assert (data / "corpus" / "convention.json").is_file() and not (data / "corpus").is_symlink()


def test_show_from_an_empty_folder(installed):
    out = installed("show", "Article 5")
    assert out.returncode == 0, out.stderr
    assert "Article 5" in out.stdout and "articles/5.html" in out.stdout


def test_search_from_an_empty_folder(installed):
    out = installed("search", "extradition")
    assert out.returncode == 0, out.stderr
    assert "Article 37" in out.stdout
    assert (installed.cwd / "build" / "index").is_dir()  # the index is an output: below the current folder


def test_link_from_an_empty_folder(installed):
    (installed.cwd / "memo.txt").write_text("As article 5 of this Convention says, and article 16(2).\n", encoding="utf-8")
    out = installed("link", "memo.txt", "--json")
    assert out.returncode == 0, out.stderr
    assert "articles/5.html" in out.stdout and "articles/16.html#art16-2" in out.stdout


def test_build_from_an_empty_folder(installed):
    out = installed("build")
    assert out.returncode == 0, out.stderr
    site = installed.cwd / "site"
    assert (site / "index.html").is_file() and (site / "articles" / "5.html").is_file()
    assert (site / "how-to-cite.html").is_file() and (site / "cite" / "index.html").is_file()
    assert (site / "assets" / "stylesheets" / "treaty.css").is_file()  # the theme's own files came too
