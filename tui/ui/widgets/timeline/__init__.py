"""The timeline: the :class:`~.agent_timeline.AgentTimeline` scroll view and its pure parts —
time axis and cells (:mod:`.model`), glyphs and strips (:mod:`.render`), cached rows
(:mod:`.lines`), cursor state (:mod:`.cursor`)."""
