"""A planned day for the simulated account's frozen day (2026-11-24, UTC): Billing's early shift
and Sales' late one, some agents late and one leaving early. The snapshot tests and the README's
screenshots show the schedule columns and the shift band with it."""

from __future__ import annotations

from tui.analysis.schedule import Schedule, parse_schedule

DEMO_PLAN = """\
agent_id,date,start,end,breaks
3766655308,2026-11-24,07:30,16:00,12:00-12:30
1327134920,2026-11-24,07:30,16:00,12:00-12:30
3987386904,2026-11-24,06:30,15:00,11:00-11:30
1449215041,2026-11-24,07:30,16:00,12:30-13:00
3063721762,2026-11-24,06:00,14:30,10:30-11:00
2725503686,2026-11-24,06:00,14:30,10:30-11:00
1948620690,2026-11-24,06:00,15:00,10:30-11:00
1174521803,2026-11-24,12:00,20:30,16:00-16:30
2015629155,2026-11-24,11:30,20:00,15:30-16:00
3143303284,2026-11-24,12:00,20:30,16:00-16:30
1376943686,2026-11-24,12:00,20:30,16:00-16:30
2978166173,2026-11-24,12:30,21:00,16:30-17:00
1655851159,2026-11-24,11:30,20:00,15:30-16:00
2544937593,2026-11-24,11:00,19:30,15:00-15:30
"""


def demo_plan_schedule() -> Schedule:
    """:data:`DEMO_PLAN` as a schedule."""
    return parse_schedule(DEMO_PLAN, "plan.csv")
