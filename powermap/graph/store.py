"""The store: one Neo4j driver per process, one session per unit of work.

``Graph`` runs the named ``.cypher`` files of ``powermap.cypher`` in managed read and write
transactions and returns plain dicts. Driver errors become Powermap errors here and nowhere else.
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar
from typing import Any, Callable, Iterator, TypeVar

import neo4j
from neo4j import exceptions as neo4j_errors

from powermap import cypher
from powermap.errors import (DatabaseError, DatabaseUnavailable, Problem, QueryTimeout,
                             ValidationError)
from powermap.i18n import _

T = TypeVar("T")

#: the read transaction this thread (or task) is inside, and its graph: ``Graph.read_tx``
#: joins it rather than opening another (one web request is one thread here)
_READING: ContextVar[tuple["Graph", "Tx"] | None] = ContextVar("reading", default=None)


class Tx:
    """A transaction that runs named queries; handed to functions given to ``Graph.write_tx``."""

    def __init__(self, tx: neo4j.ManagedTransaction):
        self._tx = tx

    @property
    def transaction(self) -> object:
        """The driver's transaction: one per attempt of a retried unit of work."""
        return self._tx

    def run(self, name: str, **params: Any) -> list[dict[str, Any]]:
        return [record.data() for record in self._tx.run(cypher.load(name), params)]

    def run_plain(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """``run`` for queries that return only maps, lists and plain values (no nodes or
        relationships): the rows as the driver decoded them, without ``Record.data()``'s
        walk over every nested value — a third of the time of reading an account's history."""
        result = self._tx.run(cypher.load(name), params)
        keys = None
        rows = []
        for record in result:
            if keys is None:
                keys = record.keys()
            rows.append(dict(zip(keys, record.values())))
        return rows

    def run_with_counters(self, name: str, **params: Any) -> tuple[list[dict[str, Any]],
                                                                    dict[str, int]]:
        """Run a write query: its rows, and what it did (nodes_created, properties_set …),
        non-zero counters only."""
        result = self._tx.run(cypher.load(name), params)
        rows = [record.data() for record in result]
        counters = result.consume().counters
        names = ("nodes_created", "nodes_deleted", "relationships_created",
                 "relationships_deleted", "properties_set", "labels_added", "labels_removed")
        return rows, {n: getattr(counters, n) for n in names if getattr(counters, n)}


class Graph:
    """A Neo4j database seen through Powermap's queries."""

    def __init__(self, driver: neo4j.Driver, database: str, uri: str,
                 query_timeout: float | None = None):
        self.driver = driver
        self.database = database
        self.uri = uri
        #: seconds a read transaction may run before Neo4j stops it (None or 0: no limit)
        self.query_timeout = query_timeout or None

    @classmethod
    def connect(cls, uri: str, auth: tuple[str, str] | None, database: str,
                query_timeout: float | None = None) -> "Graph":
        """Open a driver and check that the server answers. ``query_timeout``: seconds every
        read may run (the setting ``query_timeout``)."""
        with translate_errors(uri):
            # "Unknown label" notices are normal on a graph that is still empty; keep the
            # user's terminal for real warnings (deprecations stay on, the tests catch them).
            driver = neo4j.GraphDatabase.driver(
                uri, auth=auth,
                notifications_disabled_categories=[neo4j.NotificationDisabledCategory.UNRECOGNIZED])
            try:
                driver.verify_connectivity()
            except Exception:
                driver.close()
                raise
        return cls(driver, database, uri, query_timeout)

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> "Graph":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def read(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Run the query ``name`` in a read transaction; rows as dicts."""
        return self.read_tx(lambda tx: tx.run(name, **params))

    def lookup(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Run the one-query read ``name`` as an auto-commit read: one round trip less than
        ``read`` (no BEGIN and COMMIT), and no retry after a transient error. For the lookup
        every web request makes before anything else (its user, by session or API token):
        0.14 ms of Neo4j's CPU and 0.3 ms of the app's less per request, measured with 2,000
        lookups each way. Inside a ``read_tx`` it joins that transaction like ``read``."""
        joined = _READING.get()
        if joined is not None and joined[0] is self:
            return self.read(name, **params)
        query = neo4j.Query(cypher.load(name), timeout=self.query_timeout)
        with translate_errors(self.uri, self.query_timeout), \
                self.driver.session(database=self.database,
                                    default_access_mode=neo4j.READ_ACCESS) as session:
            return [record.data() for record in session.run(query, params)]

    def write(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Run the query ``name`` in a write transaction; rows as dicts."""
        return self.write_tx(lambda tx: tx.run(name, **params))

    def read_tx(self, work: Callable[[Tx], T]) -> T:
        """Run ``work`` in one read transaction, stopped by Neo4j after ``query_timeout``
        seconds (``QueryTimeout``).

        Reads started inside ``work`` (``read``, ``read_tx`` of this graph, however deep in
        the analyses) join this transaction instead of opening a session and a transaction
        of their own: a page that runs several analyses pays for one transaction instead of
        ten (a person page: ten transactions before)."""
        joined = _READING.get()
        if joined is not None and joined[0] is self:
            with translate_errors(self.uri, self.query_timeout):
                return work(joined[1])

        @neo4j.unit_of_work(timeout=self.query_timeout)
        def unit(tx: neo4j.ManagedTransaction) -> T:
            reading = Tx(tx)
            token = _READING.set((self, reading))
            try:
                return work(reading)
            finally:
                _READING.reset(token)
        with translate_errors(self.uri, self.query_timeout), self._session() as session:
            return session.execute_read(unit)

    def write_tx(self, work: Callable[[Tx], T]) -> T:
        """Run ``work`` in one write transaction: all of it is committed, or none."""
        with translate_errors(self.uri), self._session() as session:
            return session.execute_write(lambda tx: work(Tx(tx)))

    def write_once(self, work: Callable[[Tx], T]) -> T:
        """Run ``work`` in one explicit write transaction, never retried: for big imports,
        where a retry would only repeat the same failure (out of memory, say) for minutes."""
        with translate_errors(self.uri), self._session() as session:
            with session.begin_transaction() as tx:
                result = work(Tx(tx))
                tx.commit()
                return result

    def run_auto(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """An auto-commit query: schema changes and ``CALL { … } IN TRANSACTIONS`` need one."""
        with translate_errors(self.uri), self._session() as session:
            return [record.data() for record in session.run(query, params)]

    def _session(self) -> neo4j.Session:
        return self.driver.session(database=self.database)


@contextlib.contextmanager
def translate_errors(uri: str, timeout: float | None = None) -> Iterator[None]:
    """Turn driver errors into Powermap errors that say what to do."""
    try:
        try:
            yield
        except neo4j_errors.Neo4jError as e:
            if "TransactionTimedOut" not in (e.code or ""):
                raise
            limit = (_("the %(seconds)s-second limit (setting query_timeout)",
                       seconds=f"{timeout:g}") if timeout
                     else _("the server's transaction time limit"))
            raise QueryTimeout(_(
                "Neo4j stopped a query that ran longer than %(limit)s. The graph around this "
                "account may be unusually dense; try again in a moment, or ask an "
                "administrator to look at it. Neo4j said: %(said)s", limit=limit,
                said=e.message)) from e
    except neo4j_errors.AuthError as e:
        raise DatabaseUnavailable(_(
            "Neo4j at %(uri)s rejected the credentials (%(said)s); check NEO4J_USER and "
            "NEO4J_PASSWORD", uri=uri, said=e.message)) from e
    except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired, OSError) as e:
        raise DatabaseUnavailable(_(
            "cannot reach Neo4j at %(uri)s: %(error)s. Start the local server with "
            "`powermap neo4j start`, or set NEO4J_URI to a running server.", uri=uri,
            error=e)) from e
    except OverflowError as e:  # the driver packs integers as 64-bit
        raise ValidationError(Problem("", "", _(
            "a number is out of range for Neo4j, whose integers are 64-bit (%(error)s)",
            error=e))) from e
    except neo4j_errors.ConstraintError as e:
        raise ValidationError(Problem("", "id", _("already exists: %(said)s",
                                                  said=e.message))) from e
    except neo4j_errors.TransientError as e:
        if "MemoryPoolOutOfMemoryError" in (e.code or "") or "memory" in (e.message or "").lower():
            raise DatabaseError(_(
                "Neo4j ran out of transaction memory: this import is written in one transaction "
                "(all or nothing), and it is too big for the server's heap. Give Neo4j more heap "
                "(POWERMAP_NEO4J_HEAP=4g, then `powermap neo4j stop` and start it again), or "
                "split the file. Neo4j said: %(said)s", said=e.message)) from e
        raise DatabaseError(_("Neo4j error %(code)s: %(said)s", code=e.code,
                              said=e.message)) from e
    except neo4j_errors.ConfigurationError as e:
        raise DatabaseUnavailable(_("cannot use Neo4j at %(uri)s: %(error)s", uri=uri,
                                    error=e)) from e
    except neo4j_errors.Neo4jError as e:
        raise DatabaseError(_("Neo4j error %(code)s: %(said)s", code=e.code,
                              said=e.message)) from e
    except neo4j_errors.DriverError as e:
        raise DatabaseError(_("Neo4j driver error: %(error)s", error=e)) from e
