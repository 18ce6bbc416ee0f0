"""The tab bar and the footer at 80 and 120 columns: every pane's tab and every key label fits."""

from __future__ import annotations

import itertools

import pytest
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel

from tests.ui.conftest import AppFactory
from tests.ui.test_app import header_text
from tui.ui.panes.catalogue import pane_classes
from tui.ui.widgets.header import tab_labels

TABS = (
    ("teams", "Teams", "Team"),
    ("agents", "Agents", "Agts"),
    ("timeline", "Timeline", "Time"),
    ("agent", "Agent", "Agt"),
    ("events", "Events", "Evts"),
    ("exceptions", "Exceptions", "Exc"),
    ("week", "Week", "Wk"),
)


def test_tab_labels_use_full_titles_when_they_fit() -> None:
    labels = tab_labels(TABS, "agents", 200)
    assert labels == [
        "1 Teams",
        "[2 Agents]",
        "3 Timeline",
        "4 Agent",
        "5 Events",
        "6 Exceptions",
        "7 Week",
    ]


@pytest.mark.parametrize("active", [pane_id for pane_id, _title, _short in TABS])
def test_seven_tabs_fit_beside_the_demo_context_at_80_columns(active: str) -> None:
    width = 80 - len("demo · Sat 2026-12-05 · Etc/UTC") - 2
    labels = tab_labels(TABS, active, width)
    assert len(labels) == 7
    assert len(" ".join(labels)) <= width
    assert all(label.lstrip("[").split(" ")[1] for label in labels)  # a name, not only a number


def test_tabs_fall_back_to_numbers_but_keep_every_pane() -> None:
    assert tab_labels(TABS, "exceptions", 26) == ["1", "2", "3", "4", "5", "[6 Exceptions]", "7"]
    assert tab_labels(TABS, "exceptions", 25) == ["1", "2", "3", "4", "5", "[6 Exc]", "7"]
    assert tab_labels(TABS, "exceptions", 3) == ["1", "2", "3", "4", "5", "[6 Exc]", "7"]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_every_tab_and_footer_label_fits(make_app: AppFactory, size: tuple[int, int]) -> None:
    app = make_app()
    width = size[0]
    async with app.run_test(size=size) as pilot:
        await app.monitor.wait_for_sync(0)
        for number, pane in enumerate(pane_classes(), start=1):
            await pilot.press(str(number))
            for _ in range(20):  # the footer lays its keys out again for the pane's bindings
                await pilot.pause()
                keys = app.screen.query_one(Footer).query(FooterKey)
                if keys and all(key.region.width > 0 for key in keys):
                    break
            tabs = header_text(app).splitlines()[0]
            assert f"{number}" in tabs
            assert f"[{number} " in tabs  # the active tab is named
            for other in range(1, len(pane_classes()) + 1):
                assert str(other) in tabs
            footer = app.screen.query_one(Footer)
            shown = [*footer.query(FooterKey), *footer.query(FooterLabel)]
            assert shown, pane.pane_id
            right_edges = sorted((widget.region.x, widget.region.right) for widget in shown)
            for (_start, end), (next_start, _end) in itertools.pairwise(right_edges):
                assert end <= next_start, (pane.pane_id, right_edges)  # nothing hidden under
            assert all(
                widget.region.width > 0 and widget.region.right <= width for widget in shown
            ), (
                pane.pane_id,
                [(str(w.render()), w.region) for w in shown],
            )
