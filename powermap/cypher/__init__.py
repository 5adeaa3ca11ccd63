"""The Cypher queries of Powermap, one file per question, loaded by name.

A file's stem is the name of the function that runs it (``find_accounts.cypher`` →
``find_accounts``). Files are package data, read through ``importlib.resources``.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


def names() -> list[str]:
    """Every query's name, sorted."""
    return sorted(
        entry.name.removesuffix(".cypher")
        for entry in resources.files(__package__).iterdir()
        if entry.name.endswith(".cypher")
    )


@lru_cache(maxsize=None)
def load(name: str) -> str:
    """The text of the query ``name``; ``KeyError`` if there is no such file.

    >>> "RETURN" in load("count_graph")
    True
    """
    if name not in names():
        raise KeyError(f"no Cypher file named {name}.cypher")
    return resources.files(__package__).joinpath(f"{name}.cypher").read_text(encoding="utf-8")


def statements(name: str) -> list[str]:
    """The statements of a file that holds several, separated by ``;`` at the end of a line."""
    parts = [part.strip() for part in load(name).split(";\n")]
    return [p.removesuffix(";").strip() for p in parts if _has_code(p)]


def _has_code(text: str) -> bool:
    return any(line.strip() and not line.strip().startswith("//") for line in text.splitlines())
