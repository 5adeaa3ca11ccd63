"""What importers look up in the graph: our own organization, and people to match rows to."""

from __future__ import annotations

import re
import unicodedata

from powermap.graph.store import Graph


def own_organization(graph: Graph) -> dict | None:
    """Our organization (kind own) as {id, name}, or None when the graph has none."""
    rows = graph.read("find_own_organization")
    return rows[0] if rows else None


def normalize_name(text: str | None) -> str:
    """A name or company folded for comparison: case, accents, punctuation and spacing.

    >>> normalize_name("  Zoë  ÅNGSTRÖM ") == normalize_name("zoe angstrom")
    True
    >>> normalize_name("Acme Rail, Inc.")
    'acme rail inc'
    """
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", plain).split())


def normalize_url(url: str | None) -> str:
    """A LinkedIn profile URL without scheme, www, query and trailing slash.

    >>> normalize_url("https://www.linkedin.com/in/zoe-angstrom/?trk=x")
    'linkedin.com/in/zoe-angstrom'
    """
    url = (url or "").strip().lower()
    url = re.sub(r"^https?://", "", url)
    url = re.sub(r"^www\.", "", url)
    return url.split("?")[0].split("#")[0].rstrip("/")
