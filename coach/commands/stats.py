"""`coach stats [--json]`: today, this week's goals, the streaks and the weekly PEG."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    stats = subparsers.add_parser("stats", help="today, this week's goals and your streak")
    stats.add_argument("--json", action="store_true", help="print JSON")
    stats.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import json

    from coach.clock import SystemClock
    from coach.commands._history_support import goals_from, load_config, open_journal
    from coach.history.progress import stats

    config = load_config()
    goals = goals_from(config)
    with open_journal(config) as journal:
        figures = stats(journal, SystemClock().now(), goals)
    if args.json:
        data = figures.to_dict()
        data["goals"] = {
            "weekly_moderate_minutes": goals.weekly_moderate_minutes,
            "weekly_strength_days": goals.weekly_strength_days,
            "water_goal_ml": goals.water_goal_ml,
        }
        print(json.dumps(data, indent=2))
    else:
        print(format_stats(figures))
    return 0


def format_stats(figures: Any) -> str:
    from coach.durations import format_volume

    today, week, streaks = figures.today, figures.week, figures.streaks
    tick = {True: " ✓", False: ""}

    def line(label: str, text: str) -> str:
        return f"  {label:<19}{text}"

    lines = [f"Today ({today.day:%a %d %b})"]
    lines.append(line("sessions", str(today.sessions)))
    lines.append(line("moderate activity", f"{today.moderate_minutes:.0f} min"))
    lines.append(
        line(
            "water",
            f"{format_volume(today.water_ml)} of {format_volume(today.water_goal_ml)}"
            f"{tick[today.water_ml >= today.water_goal_ml]}",
        )
    )
    lines.append(line("breaks", f"{today.breaks_taken} taken of {today.breaks_offered} offered"))
    if today.pain_levels:
        levels = ", ".join(str(level) for level in today.pain_levels)
        trend = "" if today.pain_trend == "none" else f" (last 7 days: {today.pain_trend})"
        lines.append(line("pain", levels + trend))
    lines.append("")
    lines.append(f"This week ({week.start:%a %d %b} – {week.end:%a %d %b})")
    lines.append(
        line(
            "moderate activity",
            f"{week.moderate_minutes:.0f} of {week.moderate_goal} min{tick[week.moderate_met]}",
        )
    )
    lines.append(
        line(
            "strength",
            f"{week.strength_days} of {week.strength_goal} days{tick[week.strength_met]}",
        )
    )
    lines.append(
        line("water goal", f"met on {week.water_days_met} of {week.days_so_far} days so far")
    )
    taken = sum(day.breaks_taken for day in week.days)
    offered = sum(day.breaks_offered for day in week.days)
    lines.append(line("breaks", f"{taken} taken of {offered} offered"))
    lines.append("")
    streak = f"{streaks.current} day{'s' if streaks.current != 1 else ''}"
    if streaks.current and not streaks.practised_today:
        streak += " (do a routine today to keep it)"
    lines.append(f"Streak               {streak}; best {streaks.best}")
    if figures.peg is not None:
        lines.append("")
        lines.extend(peg_lines(figures.peg))
    lines.append("")
    lines.append("Moderate activity: walks and rides logged with `coach log`, and the walking in")
    lines.append("routines; stretching, breathing and cold/heat count as sessions instead.")
    return "\n".join(lines)


def peg_lines(trend: Any) -> list[str]:
    """The weekly PEG: the latest score against the first, its word, and whether it is due."""
    import textwrap

    latest = trend.latest
    if latest is None:
        return ["Weekly PEG           not answered yet: `coach peg` (three questions, once a week)"]
    first = trend.entries[0]
    text = f"{latest.score:.1f} on {latest.day:%d %b}"
    if len(trend.entries) > 1:
        text += f" (first {first.score:.1f} on {first.day:%d %b})"
    lines = [f"Weekly PEG           {text}"]
    if trend.change is not None:
        lines.extend(textwrap.wrap(trend.message, 76, initial_indent="  ", subsequent_indent="  "))
    if trend.due:
        lines.append("  A new week: answer it again with `coach peg` (or p on the home screen).")
    return lines
