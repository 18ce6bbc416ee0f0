"""agent-activity: a terminal monitor for LivePerson agent activity (lagged reporting data)."""

__version__ = "0.1.0"
