"""The build report printed on stdout: counts, entities by type, warnings, corrections."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from . import print_table

MAX_WARNINGS = 40


def print_report(build, console: Console, *, quiet: bool = False, verbose: bool = False) -> None:
    if not quiet:
        console.print(
            f"[bold]talkgraph[/] read {len(build.records)} notes from {build.notes_dir}"
            + (f", skipped {len(build.skipped)}" if build.skipped else "")
            + f": {build.triples} triples in {len(build.records)} note graphs"
            + f" (+{sum(fragment.count for fragment in build.vocabulary)} ontology and vocabulary triples)"
        )
        _print_layout(build, console)
        counts = build.entity_counts()
        if counts:
            table = Table(title="entities by type", show_edge=False, title_justify="left")
            table.add_column("type")
            table.add_column("count", justify="right")
            for name, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
                table.add_row(name, str(count))
            print_table(table, console)
    for line in build.analytics_summary if not quiet else []:
        console.print(line, soft_wrap=True)
    corrections = build.corrections()
    if corrections and not quiet:
        console.print(f"[bold]typo corrections[/] ({len(corrections)}):")
        for path, line, surface, tool in corrections:
            console.print(f"  {path}:{line}: '{surface}' read as {tool}", soft_wrap=True)
    for label, counts in (
        ("tools outside the vocabulary", build.open_tools()),
        ("candidate tools", build.candidates()),
    ):
        if counts and not quiet:
            ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:15]
            shown = ", ".join(f"{name} ({n})" for name, n in ranked)
            console.print(
                f"[bold]{label}[/] ({len(counts)}, review with `talkgraph tools --candidates`): " + shown,
                soft_wrap=True,
            )
    if build.warnings:
        console.print(f"[bold yellow]warnings[/] ({len(build.warnings)}):")
        limit = None if verbose else MAX_WARNINGS
        for warning in build.warnings[:limit]:
            console.print(f"  {warning}", soft_wrap=True, markup=False)
        if limit is not None and len(build.warnings) > limit:
            console.print(f"  … {len(build.warnings) - limit} more (--verbose lists all; report.json has them)")
    if not quiet:
        console.print("[bold]wrote[/] " + ", ".join(str(p) for p in build.outputs), soft_wrap=True)
        if verbose:
            console.print("timings: " + ", ".join(f"{k} {v:.2f}s" for k, v in build.timings.items()))


def print_news(warnings, told: set[str], console: Console) -> None:
    """The warnings a rebuild brought, and how many it cleared, against ``told`` (the last build's, updated).

    A watch rebuilds on every save: repeating every warning of the folder each time would
    bury the one the save just caused.
    """
    now = [str(warning) for warning in warnings]
    current = set(now)
    new = [warning for warning in dict.fromkeys(now) if warning not in told]
    gone = len(told - current)
    if new or gone:
        console.print(f"[bold yellow]warnings[/]: {len(new)} new, {gone} gone, {len(current)} in all", soft_wrap=True)
        for warning in new[:MAX_WARNINGS]:
            console.print(f"  {warning}", soft_wrap=True, markup=False, highlight=False)
        if len(new) > MAX_WARNINGS:
            console.print(f"  … {len(new) - MAX_WARNINGS} more (`talkgraph build` lists them all)")
    told.clear()
    told.update(current)


def _print_layout(build, console: Console) -> None:
    """What kinds of notes were read, which files were not (by kind), and where the permalinks point."""
    kinds = [(sum(1 for r in build.summaries if r.kind == "topic"), "topic note"),
             (sum(1 for r in build.summaries if r.path.lower().endswith(".otl")), "outline")]
    if any(n for n, _ in kinds):
        shown = ", ".join(f"{n} {label}{'s' if n > 1 else ''}" for n, label in kinds if n)
        console.print("notes read include " + shown, soft_wrap=True)
    unread = build.unread_by_kind()
    if unread:
        shown = "; ".join(
            f"{len(files)} {kind} ({', '.join(files[:3])}{', …' if len(files) > 3 else ''})"
            for kind, files in sorted(unread.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        )
        count = sum(map(len, unread.values()))
        console.print(f"not read ({count} file{'s' if count > 1 else ''}, listed in report.json): {shown}",
                      soft_wrap=True, markup=False)
    if build.repository:
        linked = sum(1 for c in build.facts.values() if c.revision is not None)
        console.print(f"permalinks to {build.repository} for {linked} of {len(build.facts)} notes", soft_wrap=True)
