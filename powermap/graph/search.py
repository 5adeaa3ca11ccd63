"""The search box: people, organizations and opportunities by name, e-mail address or title.

The graph holds three full-text (Lucene) indexes, ``search_people``, ``search_organizations``
and ``search_opportunities`` (``create_schema.cypher``), analysed with ``standard-folding``:
lower case, accents folded to ASCII, and Chinese or Japanese ideographs indexed one character
per token. ``lucene_query`` turns what a user typed into a query for them that can never be a
Lucene syntax error: the text is cut into words here, every word is escaped, and the words are
joined with AND.
"""

from __future__ import annotations

import re
import unicodedata

from powermap.graph.store import Graph

#: the most results of one kind a search returns
MAX_LIMIT = 100
#: the longest query text taken (a name, an address or a title is far shorter)
MAX_QUERY = 200

# Ideographs the standard tokenizer indexes one character per token (Han, Hiragana): a run of
# them is searched as a phrase, so 李明 finds 李明 and not every 李 and every 明.
_IDEOGRAPHS = re.compile("([\u3040-\u309f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
                         "\U00020000-\U0003134f]+)")
# A word the way the standard tokenizer keeps it: letters and digits, joined by a dot, an
# apostrophe or an underscore inside the word ("jose.garcia", "o'brien", "acme.com").
_WORD = re.compile(r"[^\W_]+(?:[._'\u2019][^\W_]+)*")
# The English stop words 'standard-folding' leaves out of the index (what
# db.index.fulltext.listAvailableAnalyzers() lists for it). A name or title word among them
# ("An", "IT") is not in the index, so it can never be required; it stays in the query as an
# optional word that only adds to the ranking of words that begin with it.
STOP_WORDS = frozenset("a an and are as at be but by for if in into is it no not of on or "
                       "such that the their then there these they this to was will with".split())
_LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')


# Letters Unicode does not decompose into a base letter and an accent, which the index's ASCII
# folding still maps to plain letters: a prefix ("łuk*") is not analysed, so it is folded here.
_UNDECOMPOSED = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe",
                               "ı": "i", "þ": "th", "ð": "d", "ħ": "h"})


def fold(text: str) -> str:
    """Lower case without accents, as the index stores words.

    >>> fold("José Ångström Łukasz Søren")
    'jose angstrom lukasz soren'
    """
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_UNDECOMPOSED)


def escape(term: str) -> str:
    """A term with every character Lucene's query syntax gives a meaning to escaped.

    >>> escape('a+b (c)')
    'a\\\\+b \\\\(c\\\\)'
    """
    return _LUCENE_SPECIAL.sub(r"\\\1", term)


def lucene_query(text: str) -> str:
    """The Lucene query for what a user typed: every word required (stop words optional), each
    word matching a whole indexed word (ranked higher) or the beginning of one; runs of
    ideographs as phrases. An empty string when the text holds no letter or digit.

    >>> lucene_query("José garcía")
    '+(jose^2 OR jose*) +(garcia^2 OR garcia*)'
    >>> lucene_query("李明")
    '+"李明"'
    >>> lucene_query('x+y (z')
    '+(x^2 OR x*) +(y^2 OR y*) +(z^2 OR z*)'
    >>> lucene_query("An Nguyen")
    '(an^2 OR an*) +(nguyen^2 OR nguyen*)'
    >>> lucene_query("*** ??")
    ''
    """
    clauses = []
    for i, segment in enumerate(_IDEOGRAPHS.split(unicodedata.normalize("NFKC",
                                                                        text[:MAX_QUERY]))):
        if i % 2:  # the split keeps the ideograph runs at the odd places
            clauses.append(f'+"{escape(segment)}"')
            continue
        for word in _WORD.findall(fold(segment)):
            required = "" if word in STOP_WORDS else "+"
            word = escape(word)
            clauses.append(f"{required}({word}^2 OR {word}*)")
    return " ".join(clauses)


def search(graph: Graph, text: str, limit: int = 20) -> dict:
    """People, organizations and opportunities matching ``text``, best first, at most
    ``limit`` of each kind; ``more`` says which kinds had more matches than that.

    Returns ``{"query", "people", "organizations", "opportunities", "more"}``; each person has
    ``id, name, title, email, is_staff, organizations`` (current employers), each organization
    ``id, name, kind, tier``, each opportunity ``id, name, status, stage, customer``.
    """
    query = lucene_query(text)
    found: dict = {"query": text, "people": [], "organizations": [], "opportunities": [],
                   "more": []}
    if not query:
        return found
    rows = graph.read_tx(lambda tx: {
        kind: tx.run(f"find_search_{kind}", query=query, limit=limit + 1)
        for kind in ("people", "organizations", "opportunities")})
    for kind, hits in rows.items():
        found[kind] = [row["hit"] for row in hits[:limit]]
        if len(hits) > limit:
            found["more"].append(kind)
    return found
