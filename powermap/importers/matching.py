"""What importers look up in the graph: our own organization, and people to match rows to."""

from __future__ import annotations

import re
import unicodedata

from powermap.graph.store import Graph
from powermap.i18n import N_, _


def own_organization(graph: Graph) -> dict | None:
    """Our organization (kind own) as {id, name}, or None when the graph has none."""
    rows = graph.read("find_own_organization")
    return rows[0] if rows else None


def _wide(ch: str) -> bool:
    """A character of a script written without spaces between names (Chinese, Japanese,
    Korean): East Asian wide after NFKC (full-width Latin has become Latin by then)."""
    return unicodedata.east_asian_width(ch) == "W" and ch.isalnum()


def normalize_name(text: str | None) -> str:
    """A name or company folded for comparison: full-width forms (NFKC), case, accents,
    punctuation and spacing; CJK names lose the space between family and given name.

    >>> normalize_name("  Zoë  ÅNGSTRÖM ") == normalize_name("zoe angstrom")
    True
    >>> normalize_name("Acme Rail, Inc.")
    'acme rail inc'
    >>> normalize_name("李 明") == normalize_name("李明") == normalize_name("李\u3000明")
    True
    >>> normalize_name("ＡＣＭＥ　Ｒａｉｌ"), normalize_name("김 민준")
    ('acme rail', '김민준')
    """
    text = unicodedata.normalize("NFKC", text or "")
    # strip accents, then compose again: Hangul syllables decompose into jamo and must return
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    plain = unicodedata.normalize("NFC", plain).casefold()
    words = re.sub(r"[^\w]+", " ", plain).split()
    out = ""
    for word in words:
        out += ("" if out and _wide(out[-1]) and _wide(word[0]) else " " if out else "") + word
    return out


def normalize_email(email: str | None) -> str:
    """An email address as the graph keeps it: NFKC (full-width ＠ and letters), trimmed,
    lower case.

    >>> normalize_email(" Li.Ming＠ＡＣＭＥ.cn ")
    'li.ming@acme.cn'
    """
    return unicodedata.normalize("NFKC", email or "").strip().lower()


def full_name(first: str | None, last: str | None) -> str:
    """A person's name from its parts, the way its own culture writes it: family name first
    and no space for CJK names, given name first otherwise.

    >>> full_name("明", "李"), full_name("Zoë", "Ångström"), full_name(None, "李")
    ('李明', 'Zoë Ångström', '李')
    """
    first, last = (first or "").strip(), (last or "").strip()
    if first and last and _is_cjk(first + last):
        return last + first
    return " ".join(p for p in (first, last) if p)


def _is_cjk(text: str) -> bool:
    letters = [c for c in unicodedata.normalize("NFKC", text) if c.isalnum()]
    return bool(letters) and all(_wide(c) for c in letters)


def name_spellings(first: str | None, last: str | None) -> list[str]:
    """The full names a row's first and last name may stand for, likeliest first: for CJK
    parts both orders (LinkedIn exports 李明 as first name 明, last name 李; some people type
    them the other way round), otherwise given name first.

    >>> name_spellings("明", "李"), name_spellings("Ann", "Lee")
    (['李明', '明李'], ['Ann Lee'])
    """
    first, last = (first or "").strip(), (last or "").strip()
    spellings = [full_name(first, last)]
    if first and last and _is_cjk(first + last):
        spellings.append(first + last)
    return [s for s in dict.fromkeys(spellings) if s]


def lookup_variants(name: str) -> list[str]:
    """The ways a stored name may be written for ``name``: as given, NFKC, and for a CJK
    name with and without a space (half or full width) after a one- or two-character family
    name. The name index matches exactly, so each spelling is looked up (bounded: at most 8).

    >>> lookup_variants("李明")
    ['李明', '李 明', '李\u3000明']
    """
    base = unicodedata.normalize("NFKC", name).strip()
    variants = [name.strip(), base]
    compact = "".join(base.split())
    if _is_cjk(compact) and 2 <= len(compact) <= 5:
        variants.append(compact)
        for cut in (1, 2) if len(compact) >= 3 else (1,):
            variants += [compact[:cut] + " " + compact[cut:], compact[:cut] + "\u3000" + compact[cut:]]
    return [v for v in dict.fromkeys(variants) if v][:8]


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
    """People of the graph found by email, profile URL or name, for matching file rows.

    ``names`` are the full-name spellings the rows may mean (``name_spellings``); every
    variant of each (``lookup_variants``) is looked up through the name index, and people are
    then compared by ``normalize_name``, so 李明, 李 明 and 李　明 are one name."""

    def __init__(self, graph: Graph, emails=(), urls=(), names=()):
        variants = sorted({v for u in urls for v in url_variants(u)})
        spellings = sorted({v for n in names if n for v in lookup_variants(n)})
        rows = graph.read("find_people_to_match",
                          emails=sorted({normalize_email(e) for e in emails if e}),
                          urls=variants, names=spellings)
        self.by_email: dict[str, list[dict]] = {}
        self.by_url: dict[str, list[dict]] = {}
        self.by_name: dict[str, list[dict]] = {}
        for row in rows:
            if row["key"] == "email":
                self.by_email.setdefault(row["value"], []).append(row)
            elif row["key"] == "url":
                self.by_url.setdefault(normalize_url(row["value"]), []).append(row)
            else:
                self.by_name.setdefault(normalize_name(row["name"]), []).append(row)

    def match(self, email: str | None, url: str | None, name: str | list[str] | None,
              company: str | None) -> tuple[dict | None, str]:
        """(person, how) — by email, then profile URL, then name together with company; or
        (None, why not). ``name`` may be a list of spellings, likeliest first: the first that
        names someone at the company decides."""
        for how, found in (("email", self.by_email.get(normalize_email(email))),
                           ("profile URL", self.by_url.get(normalize_url(url)) if url else None)):
            if found:
                return (found[0], how) if len({p["id"] for p in found}) == 1 else \
                    (None, _("%(how)s matches several people: %(ids)s", how=_(MATCH_WORDS[how]),
                             ids=", ".join(sorted({p["id"] for p in found}))))
        spellings = [name] if isinstance(name, str) else list(name or [])
        for key in dict.fromkeys(normalize_name(s) for s in spellings if s):
            people = {p["id"]: p for p in self.by_name.get(key, [])
                      if company and any(same_company(company, c) for c in p["companies"])}
            if len(people) == 1:
                return next(iter(people.values())), "name and company"
            if people:
                return None, _("name and company match several people: %(ids)s",
                               ids=", ".join(sorted(people)))
        return None, _("no person with this email, profile URL, or name at this company")


#: how a row matched, in words (the codes themselves are kept in the imported notes)
MATCH_WORDS = {"email": N_("email"), "profile URL": N_("profile URL")}


_LEGAL_FORMS = {"inc", "incorporated", "ltd", "limited", "llc", "gmbh", "ag", "sa", "plc", "bv",
                "nv", "co", "corp", "corporation", "company", "group", "se", "kk", "pte", "pty",
                "spa", "srl", "oy", "ab"}
#: CJK legal forms, written without a space before (or, in Japan and Korea, after) the name;
#: simplified and traditional forms, longest first so 股份有限公司 goes before 有限公司
_CJK_LEGAL_FORMS = sorted({"股份有限公司", "有限责任公司", "有限責任公司", "集团有限公司",
                           "集團有限公司", "有限公司", "集团公司", "集團公司", "股份公司", "集团",
                           "集團", "公司", "株式会社", "有限会社", "合同会社", "주식회사",
                           "유한회사"}, key=len, reverse=True)


def company_core(text: str) -> list[str]:
    """A company name without case, accents, full-width forms and legal form.

    >>> company_core("Huawei Technologies Co., Ltd."), company_core("华为技术有限公司")
    (['huawei', 'technologies'], ['华为技术'])
    >>> company_core("中国移动通信集团有限公司"), company_core("株式会社日立製作所")
    (['中国移动通信'], ['日立製作所'])
    """
    words = []
    for word in normalize_name(text).split():
        if word in _LEGAL_FORMS:
            continue
        changed = True
        while changed:
            changed = False
            for form in _CJK_LEGAL_FORMS:
                if word.endswith(form) and len(word) > len(form):
                    word, changed = word[: -len(form)], True
                elif word.startswith(form) and len(word) > len(form):
                    word, changed = word[len(form):], True
        if word and word not in _CJK_LEGAL_FORMS:
            words.append(word)
    return words


def same_company(a: str, b: str) -> bool:
    """Whether two company names name the same company, ignoring case, accents, full-width
    forms and the legal form (English, German … and Chinese, Japanese, Korean).

    >>> same_company("Acme Rail GmbH", "ACME rail"), same_company("Acme", "Acme Rail")
    (True, False)
    >>> same_company("北京华为数字技术股份有限公司", "北京华为数字技术"), same_company("ＡＣＭＥ　Ｒａｉｌ", "Acme Rail Ltd")
    (True, True)
    """
    core = company_core(a)
    return bool(core) and core == company_core(b)
