"""`coach stats [--json]`: today, this week's goals and the streaks."""

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
            "weekly_active_minutes": goals.weekly_active_minutes,
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
    lines = [f"Today ({today.day:%a %d %b})"]
    lines.append(f"  active       {today.active_minutes:.0f} min")
    lines.append(
        f"  water        {format_volume(today.water_ml)} of {format_volume(today.water_goal_ml)}"
        f"{tick[today.water_ml >= today.water_goal_ml]}"
    )
    lines.append(f"  breaks       {today.breaks_taken} taken of {today.breaks_offered} offered")
    if today.pain_levels:
        levels = ", ".join(str(level) for level in today.pain_levels)
        lines.append(f"  pain         {levels} (last 7 days: {today.pain_trend})")
    lines.append("")
    lines.append(f"This week ({week.start:%a %d %b} – {week.end:%a %d %b})")
    lines.append(
        f"  active       {week.active_minutes:.0f} of {week.active_goal} min{tick[week.active_met]}"
    )
    lines.append(
        f"  strength     {week.strength_days} of {week.strength_goal} days{tick[week.strength_met]}"
    )
    lines.append(f"  water goal   met on {week.water_days_met} of {week.days_so_far} days so far")
    taken = sum(day.breaks_taken for day in week.days)
    offered = sum(day.breaks_offered for day in week.days)
    lines.append(f"  breaks       {taken} taken of {offered} offered")
    lines.append("")
    streak = f"{streaks.current} day{'s' if streaks.current != 1 else ''}"
    if streaks.current and not streaks.practised_today:
        streak += " (do a routine today to keep it)"
    lines.append(f"Streak         {streak}; best {streaks.best}")
    return "\n".join(lines)
