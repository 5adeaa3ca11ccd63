"""Bulk jobs run with Python's cycle collector paused, and leave it as they found it."""

from __future__ import annotations

import gc
import threading

import pytest

from powermap.gc_pause import paused_gc
from powermap.graph.load import load_dataset
from powermap.importers.native import parse_native
from powermap.model import Dataset


@pytest.fixture(autouse=True)
def _collector_running():
    gc.enable()
    yield
    gc.enable()


def test_nested_pauses_resume_the_collector_only_when_the_outer_one_ends():
    with paused_gc():
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_error_inside_still_resumes_the_collector():
    with pytest.raises(KeyError):
        with paused_gc():
            raise KeyError("x")
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off():
    gc.disable()
    with paused_gc():
        pass
    assert not gc.isenabled()


def test_overlapping_pauses_in_two_threads_resume_after_the_last_one():
    first_in, second_done, states = threading.Event(), threading.Event(), []

    def first():
        with paused_gc():
            first_in.set()
            second_done.wait(5)
            states.append(("first, after the second ended", gc.isenabled()))

    def second():
        first_in.wait(5)
        with paused_gc():
            pass
        states.append(("second ended while the first runs", gc.isenabled()))
        second_done.set()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert states == [("second ended while the first runs", False),
                      ("first, after the second ended", False)]
    assert gc.isenabled()


def test_an_import_reads_and_writes_with_the_collector_paused(graph, tmp_path):
    (tmp_path / "organizations.csv").write_text("id,name,kind\no1,Acme,customer\n")
    seen = []
    plan = parse_native(tmp_path)
    assert gc.isenabled()
    d = Dataset()
    for record in plan.dataset.records["organizations"]:
        d.add("organizations", record)
    load_dataset(graph, d, progress=lambda kind, n: seen.append((kind, n, gc.isenabled())))
    assert seen == [("organizations", 1, False)]
    assert gc.isenabled()
    assert graph.run_auto("MATCH (o:Organization {id: 'o1'}) RETURN o.name AS name") == [
        {"name": "Acme"}]
