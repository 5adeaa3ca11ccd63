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


def url_variants(url: str) -> list[str]:
    """The spellings a stored profile URL may have, for an exact index lookup.

    >>> len(url_variants("linkedin.com/in/zoe")), url_variants("linkedin.com/in/zoe")[0]
    (8, 'https://www.linkedin.com/in/zoe')
    """
    bare = normalize_url(url)
    if not bare:
        return []
    return [f"{scheme}{www}{bare}{slash}" for scheme in ("https://", "http://")
            for www in ("www.", "") for slash in ("", "/")]


class PeopleIndex:
    """People of the graph found by email, profile URL or name, for matching file rows."""

    def __init__(self, graph: Graph, emails=(), urls=(), names=()):
        variants = sorted({v for u in urls for v in url_variants(u)})
        rows = graph.read("find_people_to_match", emails=sorted({e.lower() for e in emails if e}),
                          urls=variants, names=sorted({n for n in names if n}))
        self.by_email: dict[str, list[dict]] = {}
        self.by_url: dict[str, list[dict]] = {}
        self.by_name: dict[str, list[dict]] = {}
        for row in rows:
            if row["key"] == "email":
                self.by_email.setdefault(row["value"], []).append(row)
            elif row["key"] == "url":
                self.by_url.setdefault(normalize_url(row["value"]), []).append(row)
            else:
                self.by_name.setdefault(row["value"], []).append(row)

    def match(self, email: str | None, url: str | None, name: str | None,
              company: str | None) -> tuple[dict | None, str]:
        """(person, how) — by email, then profile URL, then name together with company; or
        (None, why not)."""
        for how, found in (("email", self.by_email.get((email or "").lower())),
                           ("profile URL", self.by_url.get(normalize_url(url)) if url else None)):
            if found:
                return (found[0], how) if len({p["id"] for p in found}) == 1 else \
                    (None, f"{how} matches several people: {', '.join(p['id'] for p in found)}")
        candidates = [p for p in self.by_name.get(name or "", [])
                      if company and any(same_company(company, c) for c in p["companies"])]
        ids = sorted({p["id"] for p in candidates})
        if len(ids) == 1:
            return candidates[0], "name and company"
        if ids:
            return None, f"name and company match several people: {', '.join(ids)}"
        return None, "no person with this email, profile URL, or name at this company"


_LEGAL_FORMS = {"inc", "ltd", "llc", "gmbh", "ag", "sa", "plc", "bv", "co", "corp", "group", "se"}


def same_company(a: str, b: str) -> bool:
    """Whether two company names name the same company, ignoring case, accents and legal form.

    >>> same_company("Acme Rail GmbH", "ACME rail"), same_company("Acme", "Acme Rail")
    (True, False)
    """
    def core(text: str) -> list[str]:
        return [w for w in normalize_name(text).split() if w not in _LEGAL_FORMS]
    return bool(core(a)) and core(a) == core(b)
