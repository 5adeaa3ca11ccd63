"""History: every change recorded with who, when, before and after (``changes``), the graph
around an account as it stood on any day (``asof``), what changed between two days
(``diff``), and the relationship KPIs measured over time (``kpi``)."""
