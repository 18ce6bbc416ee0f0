"""The built-in simulated LivePerson account: a deterministic world behind the real HTTP surface."""
