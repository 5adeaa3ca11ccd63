"""Cross-customer questions for sales ops: movers, spanners, advisors, contradictions, who knows
an organization. Each is one Cypher file; these functions only check ids and name results.
Inside ``reading_as_of(day)`` they answer for that day instead (``history.portfolio``)."""

from __future__ import annotations

from powermap.analysis.context import AS_OF, native_values
from powermap.errors import NotFound
from powermap.graph.store import Graph
from powermap.i18n import _

QUERIES = {
    "movers": "find_movers",
    "spanners": "find_spanners",
    "advisors": "find_advisors",
    "contradictions": "find_contradictions",
}


def cross_customer(graph: Graph, question: str, min_strength: int = 2) -> dict:
    """Answer one of ``QUERIES`` across the whole portfolio."""
    if AS_OF.get() is not None:
        from powermap.history.portfolio import cross_customer_as_of
        return cross_customer_as_of(graph, question, AS_OF.get(), min_strength)
    params = {"min_strength": min_strength} if question == "spanners" else {}
    return {"question": question, "rows": native_values(graph.read(QUERIES[question], **params))}


def who_knows(graph: Graph, organization_id: str) -> dict:
    """Who in our company knows anyone at ``organization_id``."""
    if AS_OF.get() is not None:
        from powermap.history.portfolio import who_knows_as_of
        return who_knows_as_of(graph, organization_id, AS_OF.get())
    org = graph.read("find_account", account_id=organization_id)
    if not org:
        raise NotFound(_("no organization with id %(id)r", id=organization_id))
    rows = native_values(graph.read("find_who_knows_org", organization_id=organization_id))
    return {"question": "knows", "organization": org[0]["account"], "rows": rows}
