"""Themes are data files: shipped ones are complete, broken ones are reported, wheels carry them."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from textual.color import Color

from tests.ui.conftest import AppFactory
from tests.ui.fakes import demo_settings
from tui.core import paths
from tui.ui.app import AgentActivityApp
from tui.ui.themes import (
    DEFAULT_THEME,
    STATE_VARIABLE_DEFAULTS,
    load_theme_file,
    load_themes,
    shipped_themes_dir,
)

SHIPPED = (
    "agent-activity-dark",
    "agent-activity-light",
    "agent-activity-high-contrast",
    "agent-activity-colorblind",
)
REPO_ROOT = Path(__file__).resolve().parents[2]


async def saved(app: AgentActivityApp) -> None:
    """Wait for the workers writing the config (not for the sync worker: it runs until the
    app quits)."""
    for worker in [worker for worker in app.workers if worker.group == "config"]:
        await worker.wait()


def record_notifications(app: AgentActivityApp) -> list[tuple[str, str]]:
    """Replace ``app.notify`` with a recorder of (message, title)."""
    notices: list[tuple[str, str]] = []

    def notify(message: str, *, title: str = "", **_options: object) -> None:
        notices.append((message, title))

    app.notify = notify  # type: ignore[method-assign]
    return notices


def test_shipped_themes_load_and_define_every_state_colour() -> None:
    loaded = load_themes([shipped_themes_dir()])
    assert loaded.failures == ()
    assert set(SHIPPED) <= set(loaded.names)
    for theme in loaded.themes:
        assert set(STATE_VARIABLE_DEFAULTS) <= set(theme.variables), theme.name


def test_colorblind_theme_uses_the_okabe_ito_palette() -> None:
    okabe_ito = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}
    theme = load_theme_file(shipped_themes_dir() / "agent-activity-colorblind.toml")
    states = {theme.variables[f"state-{name}"] for name in ("online", "occupied", "away")}
    assert states <= okabe_ito


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("name = 'x'\nprimary = 'not-a-colour'\n", "'primary' is not a colour"),
        ("name = 'x'\n", "'primary' colour is required"),
        ("name = 'x'\nprimary = '#fff'\nsparkle = 1\n", "unknown field(s) sparkle"),
        ("name = \n", "not valid TOML"),
        ("primary = '#fff'\n[variables]\nstate-online = 3\n", "must be a colour string"),
    ],
)
def test_a_broken_theme_file_is_reported_not_fatal(tmp_path: Path, text: str, reason: str) -> None:
    (tmp_path / "broken.toml").write_text(text)
    (tmp_path / "fine.toml").write_text("name = 'fine'\nprimary = '#336699'\n")
    loaded = load_themes([tmp_path])
    assert loaded.names == ("fine",)
    assert len(loaded.failures) == 1
    assert reason in loaded.failures[0].describe()


async def test_user_theme_is_offered_and_broken_files_give_one_notification(
    make_app: AppFactory,
) -> None:
    user_dir = paths.config_dir() / "themes"
    user_dir.mkdir(parents=True)
    (user_dir / "mine.toml").write_text("name = 'mine'\nprimary = '#336699'\n")
    (user_dir / "bad1.toml").write_text("primary = 'nope'\n")
    (user_dir / "bad2.toml").write_text("[[[\n")
    app = make_app(settings=demo_settings(theme="mine"))
    notices = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.theme == "mine"
        theme_notices = [n for n in notices if n[1] == "Theme files not used"]
        assert len(theme_notices) == 1
        assert "bad1.toml" in theme_notices[0][0] and "bad2.toml" in theme_notices[0][0]


async def test_unknown_theme_name_falls_back_to_the_default(make_app: AppFactory) -> None:
    app = make_app(settings=demo_settings(theme="no-such-theme"))
    notices = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.theme == DEFAULT_THEME
        assert any("no-such-theme" in message for message, _title in notices)


def test_tcss_has_no_hex_colours() -> None:
    tcss = (REPO_ROOT / "tui" / "ui" / "app.tcss").read_text()
    values = [line.split(":", 1)[1] for line in tcss.splitlines() if ":" in line]
    assert not [value for value in values if re.search(r"#[0-9a-fA-F]{3,8}\b", value)]


def test_built_wheel_contains_the_themes(tmp_path: Path) -> None:
    uv = shutil.which("uv")
    if uv is None:
        pytest.skip("uv is not installed")
    subprocess.run(
        [uv, "build", "--wheel", "--out-dir", str(tmp_path), str(REPO_ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for theme in SHIPPED:
        assert f"tui/themes/{theme}.toml" in names
    assert "tui/ui/app.tcss" in names


async def test_a_theme_chosen_in_the_palette_is_saved_in_the_config(
    make_app: AppFactory,
) -> None:
    from tui.config.loading import load_settings
    from tui.config.writing import save_theme

    config = paths.config_file()
    config.parent.mkdir(parents=True)
    config.write_text('# mine\ntimezone = "UTC"\n\n[groups]\n"5" = "Sales"\n', encoding="utf-8")
    app = make_app(save_theme=save_theme)
    notices = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.monitor.wait_for_sync(0)
        await pilot.press("ctrl+p", *"theme: agent-activity-light")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await saved(app)
        await pilot.pause()
        assert app.theme == "agent-activity-light"
    text = config.read_text(encoding="utf-8")
    assert text.startswith('# mine\ntimezone = "UTC"\ntheme = "agent-activity-light"\n')
    assert load_settings(environ={}).group_names == {5: "Sales"}
    assert any("saved in" in message for message, _title in notices)


async def test_a_theme_that_cannot_be_saved_is_still_used_and_says_why(
    make_app: AppFactory,
) -> None:
    from tui.core.errors import ConfigError

    def refuse(name: str) -> None:
        raise ConfigError("config.toml: cannot write: read-only file system")

    app = make_app(save_theme=refuse)
    notices = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.choose_theme("agent-activity-high-contrast")
        await saved(app)
        await pilot.pause()
        assert app.theme == "agent-activity-high-contrast"
        app.choose_theme("no-such-theme")
        assert app.theme == "agent-activity-high-contrast"
    assert any("could not be saved" in m and "read-only" in m for m, _t in notices)
    unknown = [m for m, _t in notices if "no-such-theme" in m]
    assert unknown and all(name in unknown[0] for name in SHIPPED)


@pytest.mark.parametrize("name", ["agent-activity-high-contrast", "agent-activity-light"])
async def test_the_configured_theme_is_the_apps_from_its_first_frame(
    make_app: AppFactory, name: str
) -> None:
    """A dark theme is put in place without Textual's theme watcher (no re-parse queued before
    the first frame), a light one through it: either way the app starts with its colours."""
    app = make_app(settings=demo_settings(theme=name))
    dark = app.current_theme.dark
    assert app.theme == name and f"-theme-{name}" in app.classes
    assert ("-dark-mode" in app.classes, "-light-mode" in app.classes) == (dark, not dark)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        background = app.screen.styles.background
        assert background == Color.parse(app.get_css_variables()["background"])
