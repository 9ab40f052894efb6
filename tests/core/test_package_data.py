"""What an installed innodock reads beside its code is in the wheel: ``pyproject.toml``'s package-data left out
``*.tsv``, ``*.svg`` and ``*.gz``, so an install from the wheel (docs/deploy.md) lacked GB/T 2260 and the English
names of places (intake/data/*.tsv: the region reader and /decisions' English locations), the GB/T 4754 industries
(kb/data, matcher/data), the ranker's training set and the favicon (found adding intake/data/subdivisions_en.tsv,
2026-11-30). Every file in the packages other than their code and their notes must match a package-data pattern."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOT_SHIPPED = ("*.py", "*.pyc", "*.md")  # code is shipped as packages; a data folder's notes are for its makers


def test_every_data_file_of_the_packages_is_in_the_wheel() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    patterns = config["package-data"]["*"]
    packages = [p.rstrip("*") for p in config["packages"]["find"]["include"]]
    left_out = sorted(str(f.relative_to(ROOT)) for package in packages for f in (ROOT / package).rglob("*")
                      if f.is_file() and "__pycache__" not in f.parts
                      and not any(fnmatch(f.name, p) for p in (*patterns, *NOT_SHIPPED)))
    assert left_out == []
