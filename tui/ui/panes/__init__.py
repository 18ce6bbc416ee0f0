"""The five panes of the monitor (Teams, Agents, Timeline, Agent, Events) and their base class."""
