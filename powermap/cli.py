"""The ``powermap`` command: wires settings, the local server, the graph and the web app."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from powermap.config import Settings, load_settings
from powermap.errors import PowermapError
from powermap.graph import local_server
from powermap.graph.connection import open_graph
from powermap.i18n import LANGUAGES, N_, _, ngettext, normalise, speaking
from powermap.report.words import count_words


class _Group(click.Group):
    """A group whose commands report Powermap errors as one readable line, exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PowermapError as e:
            click.secho(_("Error: %(message)s", message=e), fg="red", err=True)
            ctx.exit(1)


def _settings(ctx: click.Context) -> Settings:
    return ctx.find_root().obj


def _say(message: str) -> None:
    click.echo(message, err=True)


def _language(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--lang``: one of our languages, written as any tag for it (zh-CN, zh_CN, zh …)."""
    if value is None:
        return None
    chosen = normalise(value)
    if chosen is None:
        raise click.BadParameter(_("%(value)r is not a language Powermap speaks; expected one "
                                   "of %(languages)s", value=value,
                                   languages=", ".join(LANGUAGES)))
    return chosen


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="powermap")
@click.option("--lang", "lang", metavar="[" + "|".join(LANGUAGES) + "]", callback=_language,
              help="Language of the output and messages (default POWERMAP_LANG, en).")
@click.pass_context
def main(ctx: click.Context, lang: str | None) -> None:
    """Powermap: power maps, decision-chain gaps and single points of contact for key accounts.

    Without NEO4J_URI every command uses the local Neo4j in POWERMAP_DATA_DIR (default ./var),
    starting it when needed. See docs/cli.md and docs/configuration.md.
    """
    if ctx.obj is None:
        ctx.obj = load_settings()
    # the whole command speaks one language: --lang, else the setting; the context var is
    # reset when click closes the root context, after the command and its error line
    ctx.with_resource(speaking(lang or ctx.obj.language))


# --- neo4j ---------------------------------------------------------------------------------

@main.group(cls=_Group)
def neo4j() -> None:
    """Run the local Neo4j server (not used when NEO4J_URI is set)."""


def _refuse_when_remote(settings: Settings) -> None:
    if settings.neo4j_uri:
        raise PowermapError(_("NEO4J_URI is set (%(uri)s): Powermap uses that server and never "
                              "starts or stops a local one", uri=settings.neo4j_uri))


@neo4j.command("start")
@click.pass_context
def neo4j_start(ctx: click.Context) -> None:
    """Build the launcher if needed, start Neo4j in the background and print its bolt URI."""
    settings = _settings(ctx)
    _refuse_when_remote(settings)
    running = local_server.status(settings)
    state = local_server.start(settings, _say)
    if running is not None:
        _say(_("Neo4j is already running (pid %(pid)s).", pid=state.pid))
    click.echo(state.uri)


@neo4j.command("stop")
@click.pass_context
def neo4j_stop(ctx: click.Context) -> None:
    """Stop the local Neo4j cleanly."""
    settings = _settings(ctx)
    _refuse_when_remote(settings)
    state = local_server.stop(settings)
    click.echo(_("stopped Neo4j (pid %(pid)s)", pid=state.pid) if state
               else _("Neo4j was not running"))


@neo4j.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print the state as JSON.")
@click.pass_context
def neo4j_status(ctx: click.Context, as_json: bool) -> None:
    """Say whether the local Neo4j runs, where, and with which pid (exit 3 when it does not)."""
    settings = _settings(ctx)
    if settings.neo4j_uri:
        click.echo(_("using NEO4J_URI %(uri)s; no local server is managed",
                     uri=settings.neo4j_uri))
        return
    state = local_server.status(settings)
    if as_json:
        click.echo(json.dumps({"running": state is not None,
                               "uri": state.uri if state else None,
                               "pid": state.pid if state else None,
                               "data_dir": str(settings.data_dir)}))
    elif state:
        click.echo(_("running: %(uri)s (pid %(pid)s, data in %(folder)s)", uri=state.uri,
                     pid=state.pid, folder=state.data_dir))
    else:
        click.echo(_("not running (data in %(folder)s)", folder=settings.data_dir))
    if state is None:
        ctx.exit(3)


# --- schema --------------------------------------------------------------------------------

@main.group(cls=_Group)
def schema() -> None:
    """Constraints and indexes."""


@schema.command("init")
@click.pass_context
def schema_init(ctx: click.Context) -> None:
    """Create the uniqueness constraints and indexes that are missing (idempotent)."""
    from powermap.graph.schema import init_schema
    with open_graph(_settings(ctx), say=_say) as graph:
        created = init_schema(graph)
    click.echo(_("created: %(names)s", names=", ".join(created)) if created
               else _("schema is up to date"))


@schema.command("show")
@click.pass_context
def schema_show(ctx: click.Context) -> None:
    """List the indexes and the constraints they back."""
    from powermap.graph.schema import find_schema
    from powermap.viz.text import pad
    with open_graph(_settings(ctx), say=_say) as graph:
        for row in find_schema(graph):
            what = _("constraint") if row["backs_constraint"] else _("index")
            on = f"{','.join(row['labelsOrTypes'] or [])}({','.join(row['properties'] or [])})"
            click.echo(f"{row['name']:<28} {pad(what, 10)} {row['type']:<8} {on}")


# --- demo ----------------------------------------------------------------------------------

@main.group(cls=_Group)
def demo() -> None:
    """The fictional demo portfolio."""


@demo.command("load")
@click.option("--force", is_flag=True,
              help="Load into a graph that is not empty (demo records are upserted by id; "
                   "nothing else is touched).")
@click.option("--if-empty", is_flag=True,
              help="Load only when the graph is empty; otherwise do nothing (used by make run).")
@click.pass_context
def demo_load(ctx: click.Context, force: bool, if_empty: bool) -> None:
    """Load the demo portfolio with twelve months of history: 11 customers (one Chinese), 2
    competitors, a consultancy, our staff, 30 deals (5 open, 25 won or lost)."""
    from powermap.importers.demo import graph_is_empty, load_demo
    with open_graph(_settings(ctx), say=_say) as graph:
        if if_empty and not graph_is_empty(graph):
            click.echo(_("the graph is not empty; demo data not loaded"))
            return
        summary = load_demo(graph, force=force)
    rows = ", ".join(count_words(n, kind) for kind, n in summary.rows.items() if n)
    click.echo(_("loaded the demo portfolio: %(rows)s", rows=rows))


# --- analyses ------------------------------------------------------------------------------

FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "md", "json"]),
                      default="table", show_default=True, help="Output format.")
AS_OF = click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]),
                     help="Read the graph as Powermap had recorded it by the end of this day "
                          "(YYYY-MM-DD, UTC); default: as it is now.")


def _as_of(value):
    """``reading_as_of`` for a --as-of value (a datetime from click, or None)."""
    from powermap.analysis.context import reading_as_of
    return reading_as_of(value.date() if value else None)


def _emit(report: dict, fmt: str, title: str, markdown=None) -> None:
    from powermap.viz import text
    if fmt == "json":
        click.echo(text.to_json(report))
    elif fmt == "md":
        click.echo(markdown(report) if markdown else text.to_markdown(report, title))
    else:
        click.echo(text.to_table(report, title))


def _templates(settings: Settings):
    from powermap.analysis.templates import load_templates
    return load_templates(settings.role_templates_file) if settings.role_templates_file else None


@main.group(cls=_Group)
def report() -> None:
    """Gap reports, single points of contact, competitor footprint."""


@report.command("gaps")
@click.argument("opportunity_id")
@click.option("--stale-days", type=click.IntRange(min=1),
              help="Days without a shared activity before a relationship is stale "
                   "(default POWERMAP_STALE_DAYS, 90).")
@AS_OF
@FORMAT
@click.pass_context
def report_gaps(ctx: click.Context, opportunity_id: str, stale_days: int | None, fmt: str,
                as_of) -> None:
    """The decision-chain gap report of one opportunity, findings by severity."""
    from powermap.analysis.gaps import gap_report
    from powermap.viz.text import gap_report_markdown, gap_report_table
    settings = _settings(ctx)
    with open_graph(settings, say=_say) as graph, _as_of(as_of):
        result = gap_report(graph, opportunity_id, stale_days=stale_days or settings.stale_days,
                            templates=_templates(settings)).as_dict()
    if fmt == "table":   # findings are sentences: wrapped paragraphs read better than columns
        click.echo(gap_report_table(result))
        return
    _emit(result, fmt, _("Gap report %(id)s", id=opportunity_id), gap_report_markdown)


@report.command("spof")
@click.option("--account", "account_id", help="One account (default: every customer account).")
@click.option("--opportunity", "opportunity_id", help="Only this opportunity's decision chain.")
@AS_OF
@FORMAT
@click.pass_context
def report_spof(ctx: click.Context, account_id: str | None, opportunity_id: str | None,
                fmt: str, as_of) -> None:
    """Single points of contact: key people with one thread, and staff whose departure cuts us off."""
    from powermap.analysis.spof import spof_report
    with open_graph(_settings(ctx), say=_say) as graph, _as_of(as_of):
        result = spof_report(graph, account_id, opportunity_id)
    _emit(result, fmt, _("Single points of contact"))


@report.command("competitors")
@click.option("--account", "account_id", help="One account (default: every customer account).")
@click.option("--competitor", "competitor_id", help="Only this competitor.")
@click.option("--opportunity", "opportunity_id", help="One opportunity's decision chain.")
@AS_OF
@FORMAT
@click.pass_context
def report_competitors(ctx: click.Context, account_id: str | None, competitor_id: str | None,
                       opportunity_id: str | None, fmt: str, as_of) -> None:
    """Competitor-held people weighted by power, and each competitor's share."""
    from powermap.analysis.competitors import competitors_report
    with open_graph(_settings(ctx), say=_say) as graph, _as_of(as_of):
        result = competitors_report(graph, account_id, competitor_id, opportunity_id)
    _emit(result, fmt, _("Competitor footprint"))


@report.command("outcomes")
@FORMAT
@click.pass_context
def report_outcomes(ctx: click.Context, fmt: str) -> None:
    """Win rate of the won and lost deals by relationship-KPI band, the KPIs taken at each close."""
    from powermap.history.outcomes import outcomes_report
    from powermap.viz.trend import outcomes_table, render
    settings = _settings(ctx)
    with open_graph(settings, say=_say) as graph:
        result = outcomes_report(graph, templates=_templates(settings))
    if fmt == "json":
        _emit(result, fmt, "")
        return
    overall = result["overall"]
    notes = [ngettext("%(n)s closed deal: %(won)s won, %(lost)s lost.",
                      "%(n)s closed deals: %(won)s won, %(lost)s lost.", overall["deals"],
                      won=overall["won"], lost=overall["lost"])]
    notes += [a["reason"] for a in result["apart"]]
    click.echo(render(*outcomes_table(result), fmt, _("Win rate by relationship KPI"), notes))


@report.command("quadrants")
@click.argument("scope_id", metavar="ID")
@click.option("--svg", "svg_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the chart as an SVG file.")
@click.option("--json", "as_json", is_flag=True, help="Print the chart's data as JSON.")
@AS_OF
@click.pass_context
def report_quadrants(ctx: click.Context, scope_id: str, svg_file: Path | None,
                     as_json: bool, as_of) -> None:
    """The relationship assessment chart (power against support) of an opportunity or account."""
    from powermap.analysis.context import load_opportunity
    from powermap.analysis.gaps import gap_report_of
    from powermap.errors import NotFound
    from powermap.viz import quadrants, text
    settings = _settings(ctx)
    with open_graph(settings, say=_say) as graph, _as_of(as_of):
        def report(opportunity_id: str) -> dict:
            return gap_report_of(graph, load_opportunity(graph, opportunity_id),
                                 settings.stale_days, _templates(settings)).as_dict()
        if graph.read("find_opportunity", opportunity_id=scope_id):
            chart = quadrants.chart_of_report(report(scope_id))
        else:
            head = graph.read("find_account", account_id=scope_id)
            if not head:
                raise NotFound(_("no opportunity and no organization with id %(id)r", id=scope_id))
            chart = quadrants.chart_of_reports(
                head[0]["account"], [report(oid) for oid in head[0]["open_opportunities"]])
    if svg_file:
        svg_file.write_text(quadrants.render_svg(chart), encoding="utf-8")
        _say(ngettext("wrote the chart of %(n)s person to %(file)s",
                      "wrote the chart of %(n)s people to %(file)s", len(chart["people"]),
                      file=svg_file))
    if as_json:
        click.echo(text.to_json(chart))
    elif not svg_file:
        rows = [{"person": p["name"], "power": p["power"], "support": p["support"],
                 "basis": p["basis"], "threads": p["threads"],
                 "held_by": ", ".join(p["held_by"]), "quadrant": p["quadrant"]}
                for p in chart["people"]]
        click.echo(text.to_table({"people": rows},
                                 _("Relationship assessment of %(name)s",
                                   name=chart["scope"]["name"])))


@report.command("pack")
@click.argument("opportunity_id")
@click.option("--pdf", "pdf_file", type=click.Path(dir_okay=False, path_type=Path),
              required=True, help="Write the bid-review pack to this PDF file.")
@click.option("--stale-days", type=click.IntRange(min=1),
              help="Days without a shared activity before a relationship is stale "
                   "(default POWERMAP_STALE_DAYS, 90).")
@click.pass_context
def report_pack(ctx: click.Context, opportunity_id: str, pdf_file: Path,
                stale_days: int | None) -> None:
    """The bid-review pack of an opportunity as a PDF (summary, map, roles, findings, steps)."""
    from powermap.report.pack import pack_of, render_pack_pdf
    settings = _settings(ctx)
    with open_graph(settings, say=_say) as graph:
        pack = pack_of(graph, opportunity_id, stale_days or settings.stale_days,
                       _templates(settings))
    pdf_file.write_bytes(render_pack_pdf(pack))
    _say(_("wrote the bid-review pack of %(name)s to %(file)s",
           name=pack.report["opportunity"]["name"], file=pdf_file))


@report.command("next-step")
@click.argument("opportunity_id")
@click.argument("key", required=False)
@click.option("--owner", "owner_id", help="Id of the staff member who owns the next step.")
@click.option("--due", help="Due date of the next step, YYYY-MM-DD.")
@click.option("--clear", is_flag=True, help="Forget the owner and due date of KEY.")
@click.pass_context
def report_next_step(ctx: click.Context, opportunity_id: str, key: str | None,
                     owner_id: str | None, due: str | None, clear: bool) -> None:
    """Set who owns a finding's next step and by when (KEY from the list without options)."""
    from powermap.report.nextsteps import (delete_next_step, find_next_steps, set_next_step,
                                           steps_of_report)
    from powermap.viz import text
    settings = _settings(ctx)
    with open_graph(settings, say=_say) as graph:
        report = _gap_report_dict(graph, opportunity_id, settings)
        if key and clear:
            delete_next_step(graph, opportunity_id, key)
        elif key:
            set_next_step(graph, report, key, owner_id, due, "command line", "command line")
        steps = steps_of_report(report, find_next_steps(graph, opportunity_id))
    rows = [[s["key"], s["action"], s["owner"] or _("not set"),
             (_("%(date)s (overdue)", date=s["due"].isoformat()) if s["overdue"]
              else s["due"].isoformat()) if s["due"] else _("not set")] for s in steps]
    click.echo(text.render_table([_("key"), _("next step"), _("owner"), _("due")], rows))


def _gap_report_dict(graph, opportunity_id: str, settings: Settings) -> dict:
    from powermap.analysis.context import load_opportunity
    from powermap.analysis.gaps import gap_report_of
    return gap_report_of(graph, load_opportunity(graph, opportunity_id), settings.stale_days,
                         _templates(settings)).as_dict()


@main.command("paths")
@click.argument("person_id")
@click.option("--from", "from_staff", help="Only paths that start at this staff member.")
@click.option("--limit", type=click.IntRange(1, 50), default=5, show_default=True)
@AS_OF
@FORMAT
@click.pass_context
def paths(ctx: click.Context, person_id: str, from_staff: str | None, limit: int,
          fmt: str, as_of) -> None:
    """Who can introduce us to a person: the strongest paths of at most 4 hops."""
    from powermap.analysis.paths import paths_report
    with open_graph(_settings(ctx), say=_say) as graph, _as_of(as_of):
        result = paths_report(graph, person_id, from_staff, limit)
    _emit(result, fmt, _("Paths to %(name)s", name=result["target"]["name"]))


@main.command("whatif")
@click.option("--remove", "person_id", required=True,
              help="The person who leaves: one of our staff or one of theirs.")
@click.option("--opportunity", "opportunity_id", help="Look at this opportunity only.")
@click.option("--account", "account_id", help="Look at this account's open opportunities.")
@AS_OF
@FORMAT
@click.pass_context
def whatif_command(ctx: click.Context, person_id: str, opportunity_id: str | None,
                   account_id: str | None, fmt: str, as_of) -> None:
    """What a departure does to coverage, reachability and the gap reports."""
    from powermap.analysis.whatif import whatif
    with open_graph(_settings(ctx), say=_say) as graph, _as_of(as_of):
        result = whatif(graph, person_id, opportunity_id, account_id)
    _emit(result, fmt, _("What if %(name)s leaves", name=result["removed"]["name"]))


@main.command("diff")
@click.option("--account", "account_id", help="Compare this account (every open opportunity).")
@click.option("--opportunity", "opportunity_id", help="Compare this opportunity.")
@click.option("--from", "since", required=True, type=click.DateTime(["%Y-%m-%d"]),
              help="The earlier day (YYYY-MM-DD): the graph as recorded by its end.")
@click.option("--to", "until", type=click.DateTime(["%Y-%m-%d"]),
              help="The later day (YYYY-MM-DD); default today.")
@click.option("--stale-days", type=click.IntRange(min=1),
              help="Days without a shared activity before a relationship is stale "
                   "(default POWERMAP_STALE_DAYS, 90).")
@FORMAT
@click.pass_context
def diff_command(ctx: click.Context, account_id: str | None, opportunity_id: str | None,
                 since, until, stale_days: int | None, fmt: str) -> None:
    """What changed between two days: people who joined or left, stance moves, threads gained
    and lost, competitor holds, roles filled or vacated, findings opened and resolved, power share."""
    from powermap.history.diff import diff
    settings = _settings(ctx)
    with open_graph(settings, say=_say) as graph:
        result = diff(graph, account_id, opportunity_id, since.date(),
                      until.date() if until else None,
                      stale_days=stale_days or settings.stale_days, templates=_templates(settings))
    scope = result["scope"]
    _emit(result, fmt, _("What changed at %(account)s from %(start)s to %(end)s",
                         account=scope["account"], start=result["from"], end=result["to"]))


@main.command("kpi")
@click.option("--account", "account_id", help="One account's trend.")
@click.option("--opportunity", "opportunity_id", help="One opportunity's trend.")
@click.option("--portfolio", is_flag=True,
              help="Every customer account, the period ending --to against the one before.")
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]),
              help="First day of the trend (YYYY-MM-DD); not needed with --portfolio.")
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]),
              help="Last day (YYYY-MM-DD, default today).")
@click.option("--every", type=click.Choice(["month", "quarter"]), default="month",
              show_default=True, help="One row per month or quarter end.")
@FORMAT
@click.pass_context
def kpi_command(ctx: click.Context, account_id: str | None, opportunity_id: str | None,
                portfolio: bool, start, end, every: str, fmt: str) -> None:
    """Relationship KPIs over time: one row per period end, or the portfolio with arrows."""
    import datetime as dt

    from powermap.history.kpi import kpi_trend, portfolio_kpis
    from powermap.viz.trend import portfolio_table, render, trend_table
    if sum(map(bool, (account_id, opportunity_id, portfolio))) != 1:
        raise click.UsageError(_("give exactly one of --account, --opportunity and --portfolio"))
    settings = _settings(ctx)
    last = end.date() if end else dt.date.today()
    with open_graph(settings, say=_say) as graph:
        if portfolio:
            result = portfolio_kpis(graph, last, every, _templates(settings))
            title = (_("Relationship KPIs of the portfolio, the month to %(end)s against the "
                       "month to %(previous)s", end=last, previous=result["previous"])
                     if every == "month" else
                     _("Relationship KPIs of the portfolio, the quarter to %(end)s against the "
                       "quarter to %(previous)s", end=last, previous=result["previous"]))
            table = portfolio_table(result)
        else:
            if start is None:
                raise click.UsageError(_("--from is needed with --account or --opportunity"))
            result = kpi_trend(graph, start.date(), last, every, account_id=account_id,
                               opportunity_id=opportunity_id, templates=_templates(settings))
            values = {"name": result["subject"]["name"], "start": result["from"],
                      "end": result["to"]}
            title = (_("Relationship KPIs of %(name)s, every month from %(start)s to %(end)s",
                       **values) if every == "month" else
                     _("Relationship KPIs of %(name)s, every quarter from %(start)s to %(end)s",
                       **values))
            table = trend_table(result)
    if fmt == "json":
        _emit(result, fmt, title)
    else:
        click.echo(render(*table, fmt, title))


@main.group(cls=_Group)
def query() -> None:
    """Questions across customers, for sales ops."""


def _cross(question: str, help_text: str):
    @query.command(question, help=help_text)
    @FORMAT
    @AS_OF
    @click.pass_context
    def command(ctx: click.Context, fmt: str, as_of) -> None:
        from powermap.analysis.crosscustomer import cross_customer
        with open_graph(_settings(ctx), say=_say) as graph, _as_of(as_of):
            result = cross_customer(graph, question)
        _emit(result, fmt, _(QUESTION_TITLES[question]))
    return command


#: the title each cross-customer question's table gets
QUESTION_TITLES = {"movers": N_("Movers"), "spanners": N_("Spanners"),
                   "advisors": N_("Advisors"), "contradictions": N_("Contradictions")}

_cross("movers", "People who moved between tracked organizations (competitor → customer first).")
_cross("spanners", "Our staff whose relationships span several customer accounts.")
_cross("advisors", "Outside advisors who influence people at several customers.")
_cross("contradictions", "People who support us in one deal and oppose us in another.")


@query.command("knows")
@click.argument("org_id")
@FORMAT
@AS_OF
@click.pass_context
def query_knows(ctx: click.Context, org_id: str, fmt: str, as_of) -> None:
    """Who in our company knows anyone at an organization, strongest first."""
    from powermap.analysis.crosscustomer import who_knows
    with open_graph(_settings(ctx), say=_say) as graph, _as_of(as_of):
        result = who_knows(graph, org_id)
    _emit(result, fmt, _("Who knows %(name)s", name=result["organization"]["name"]))


# --- import and export --------------------------------------------------------------------

@main.group("import", cls=_Group)
def import_group() -> None:
    """Import files: the native format, Salesforce exports, LinkedIn connections, calendars.

    Every import checks the whole input first and writes nothing if anything is wrong; then it
    writes everything in one transaction. Importing the same file again changes nothing.
    """


CHECK = click.option("--check", is_flag=True,
                     help="Validate and preview only: what would be created, each update as "
                          "field: before → after, and conflicts; write nothing.")
OVERWRITE = click.option("--overwrite", is_flag=True,
                         help="Write even values the graph changed after the file was "
                              "exported (conflicts); the history keeps what they were.")
SUMMARY_JSON = click.option("--json", "as_json", is_flag=True,
                            help="Print the summary as JSON instead of text.")


def _import(ctx: click.Context, parse, check: bool, as_json: bool, file: Path,
            overwrite: bool = False) -> None:
    """Parse with ``parse(graph)``, then preview or write, with a progress bar on big inputs;
    the writes are recorded as a change set of ``(cli) <os user>`` from ``file``."""
    from powermap.importers.plan import apply_plan, cli_user, preview_lines, preview_plan
    with open_graph(_settings(ctx), say=_say) as graph:
        plan = parse(graph)
        total = plan.total_rows()
        if check:
            preview = preview_plan(graph, plan)
            if as_json:
                click.echo(json.dumps({**preview.as_dict(), "checked_only": True}, indent=2,
                                      ensure_ascii=False, default=str))
            else:
                click.echo("\n".join(preview_lines(preview)))
            return
        label = ngettext("importing %(n)s record", "importing %(n)s records", total)
        with click.progressbar(length=total, label=label, file=sys.stderr,
                               show_pos=True) as bar:
            summary = apply_plan(graph, plan, lambda kind, n: bar.update(n), who=cli_user(),
                                 via="import", file=Path(file).name, overwrite=overwrite)
    if summary.load.changeset:
        _say(_("recorded as change set %(id)s", id=summary.load.changeset))
    if as_json:
        click.echo(json.dumps(summary.as_dict(), indent=2, ensure_ascii=False, default=str))
    else:
        click.echo("\n".join(summary.lines()))


@import_group.command("native")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@CHECK
@OVERWRITE
@SUMMARY_JSON
@click.pass_context
def import_native(ctx: click.Context, path: Path, check: bool, overwrite: bool,
                  as_json: bool) -> None:
    """Import the native format: a folder of CSV files, an .xlsx workbook or a .json file."""
    from powermap.importers.native import parse_native
    _import(ctx, lambda graph: parse_native(path), check, as_json, path, overwrite)


@import_group.command("salesforce")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--role-map", "role_map", type=click.Path(exists=True, dir_okay=False,
                                                        path_type=Path),
              help="A TOML file mapping custom Salesforce contact roles to buying roles.")
@CHECK
@SUMMARY_JSON
@click.pass_context
def import_salesforce(ctx: click.Context, folder: Path, role_map: Path | None, check: bool,
                      as_json: bool) -> None:
    """Import a Salesforce data export folder (Account.csv, Contact.csv, User.csv, …)."""
    from powermap.importers.salesforce import load_role_map, parse_salesforce
    from powermap.importers.matching import own_organization
    roles = load_role_map(role_map) if role_map else None
    _import(ctx, lambda graph: parse_salesforce(folder, own_organization(graph), roles), check,
            as_json, folder)


@import_group.command("linkedin")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--staff", "staff_id", required=True,
              help="The id of our staff member whose connections these are.")
@CHECK
@SUMMARY_JSON
@click.pass_context
def import_linkedin(ctx: click.Context, file: Path, staff_id: str, check: bool,
                    as_json: bool) -> None:
    """Import a LinkedIn Connections.csv as relationships of one staff member."""
    from powermap.importers.linkedin import parse_linkedin
    _import(ctx, lambda graph: parse_linkedin(graph, file, staff_id), check, as_json, file)


@import_group.command("ics")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]),
              help="The date strengths are suggested as of (default: today).")
@CHECK
@SUMMARY_JSON
@click.pass_context
def import_ics(ctx: click.Context, file: Path, today, check: bool, as_json: bool) -> None:
    """Import an iCalendar (.ics) file as activities; suggest relationship strengths."""
    from powermap.importers.ics import parse_ics
    day = today.date() if today else None
    _import(ctx, lambda graph: parse_ics(graph, file, day), check, as_json, file)


@main.group("export", cls=_Group)
def export_group() -> None:
    """Export the graph."""


@export_group.command("native")
@click.argument("path", type=click.Path(path_type=Path))
@click.pass_context
def export_native_command(ctx: click.Context, path: Path) -> None:
    """Write the whole graph in the native format: PATH.json, PATH.xlsx, or a folder of CSV."""
    from powermap.importers.native import export_native
    with open_graph(_settings(ctx), say=_say) as graph:
        counts = export_native(graph, path)
    click.echo(_("exported %(n)s rows to %(path)s: %(tables)s", n=sum(counts.values()),
                 path=path, tables=", ".join(count_words(n, name)
                                             for name, n in counts.items() if n)))


@main.command("undo")
@click.argument("changeset")
@click.option("--force", is_flag=True,
              help="Undo even when later change sets touched the same records (their values "
                   "are overwritten; the history keeps them).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def undo_command(ctx: click.Context, changeset: str, force: bool, as_json: bool) -> None:
    """Undo a change set (an import or an edit) as a new change set; see the audit log."""
    from powermap.history.undo import undo_change_set
    from powermap.importers.plan import cli_user
    with open_graph(_settings(ctx), say=_say) as graph:
        result = undo_change_set(graph, changeset, cli_user(), force=force)
    if as_json:
        click.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(result.line())
        for note in result.notes:
            click.echo(f"  {note}")


# --- users --------------------------------------------------------------------------------

@main.group(cls=_Group)
def users() -> None:
    """Users of the web app: create, disable and enable them, issue API tokens."""


@users.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(["viewer", "editor", "admin"]), default="viewer",
              show_default=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="At least 10 characters (asked for when not given; or pipe it in).")
@click.pass_context
def users_create(ctx: click.Context, username: str, role: str, password: str) -> None:
    """Create a user (the first admin, say), or reset one's role and password."""
    from powermap import users as accounts
    from powermap.graph.schema import init_schema
    with open_graph(_settings(ctx), say=_say) as graph:
        init_schema(graph)
        created = accounts.create_user(graph, username, role, password)
        accounts.audit(graph, "(cli)", "create user", f"user {username}", f"role {role}")
    click.echo(_("saved %(user)s (%(role)s)", user=created["username"], role=created["role"]))
    if not created["active"]:
        click.echo(_("%(user)s stays disabled; `powermap users enable %(user)s` enables them.",
                     user=username))


@users.command("token")
@click.argument("username")
@click.pass_context
def users_token(ctx: click.Context, username: str) -> None:
    """Issue a new API token for USERNAME (the old one stops working); printed once."""
    from powermap import users as accounts
    with open_graph(_settings(ctx), say=_say) as graph:
        token = accounts.new_token(graph, username)
        accounts.audit(graph, "(cli)", "issue token", f"user {username}")
    click.echo(token)


@users.command("disable")
@click.argument("username")
@click.pass_context
def users_disable(ctx: click.Context, username: str) -> None:
    """Disable USERNAME: no login, sessions end, the API token is deleted."""
    from powermap import users as accounts
    with open_graph(_settings(ctx), say=_say) as graph:
        accounts.set_active(graph, username, False)
        accounts.audit(graph, "(cli)", "disable user", f"user {username}")
    click.echo(_("disabled %(user)s", user=username))


@users.command("enable")
@click.argument("username")
@click.pass_context
def users_enable(ctx: click.Context, username: str) -> None:
    """Enable USERNAME again (with the same password; a new API token is needed)."""
    from powermap import users as accounts
    with open_graph(_settings(ctx), say=_say) as graph:
        accounts.set_active(graph, username, True)
        accounts.audit(graph, "(cli)", "enable user", f"user {username}")
    click.echo(_("enabled %(user)s", user=username))


@users.command("set-lang")
@click.argument("username")
@click.argument("lang", metavar="LANG")
@click.pass_context
def users_set_lang(ctx: click.Context, username: str, lang: str) -> None:
    """Set the language USERNAME reads the web app in: en, zh-CN, or "" to follow the
    browser's Accept-Language again."""
    from powermap import users as accounts
    from powermap.i18n import LANGUAGES
    with open_graph(_settings(ctx), say=_say) as graph:
        stored = accounts.set_lang(graph, username, lang)
    if stored:
        click.echo(_("%(user)s now reads Powermap in %(language)s", user=username,
                     language=LANGUAGES[stored]))
    else:
        click.echo(_("%(user)s now follows the browser's language", user=username))


@users.command("demo-login")
@click.pass_context
def users_demo_login(ctx: click.Context) -> None:
    """Create the demo login (user demo, role admin) unless it exists, and print it (make run)."""
    from powermap import users as accounts
    from powermap.secretfile import read_or_create
    settings = _settings(ctx)
    password_file = settings.data_dir / "demo-password"
    password = read_or_create(password_file, 12)
    with open_graph(settings, say=_say) as graph:
        # never touch an existing demo user: an admin may have disabled it or changed its
        # password, and `make run` must not undo that
        demo = accounts.create_user_if_absent(graph, "demo", "admin", password)
        if demo["created"]:
            accounts.audit(graph, "(cli)", "create user", "user demo", "role admin (demo login)")
    if demo["created"]:
        click.echo(_("Demo login: user demo, password %(password)s (kept in %(file)s).",
                     password=password, file=password_file))
    elif not demo["active"]:
        click.echo(_("The demo user exists and is disabled; it was left as it is."))
    else:
        click.echo(_("Demo login: user demo, password %(password)s as first created (kept in "
                     "%(file)s); if an admin changed it since, the password was left as it is.",
                     password=password, file=password_file))


# --- web -----------------------------------------------------------------------------------

@main.command("serve")
@click.option("--host", help="Address to bind (default POWERMAP_HOST, 127.0.0.1).")
@click.option("--port", type=int, help="Port (default POWERMAP_PORT, 5000).")
@click.option("--workers", type=click.IntRange(min=1),
              help="Worker processes (default POWERMAP_WORKERS).")
@click.option("--threads", type=click.IntRange(min=1),
              help="Threads per worker (default POWERMAP_THREADS).")
@click.option("--dev", is_flag=True,
              help="Flask's development server instead: one process, for working on Powermap.")
@click.option("--reload", is_flag=True, help="With --dev: restart when the code changes.")
@click.option("--debugger", is_flag=True,
              help="With --dev: the interactive debugger on errors (loopback addresses only).")
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None, workers: int | None,
          threads: int | None, dev: bool, reload: bool, debugger: bool) -> None:
    """Serve the web app with the production server (binds to 127.0.0.1 unless told otherwise)."""
    from powermap import serving
    settings = _settings(ctx)
    host = host or settings.web_host
    port = port if port is not None else settings.web_port
    if (reload or debugger) and not dev:
        raise PowermapError(_("--reload and --debugger belong to the development server; "
                              "add --dev"))
    if dev:
        serving.serve_development(settings, host, port, _say, reload=reload, debugger=debugger)
        return
    overrides = {k: v for k, v in (("web_workers", workers), ("web_threads", threads)) if v}
    serving.serve_production(settings.with_overrides(**overrides), host, port, _say)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
