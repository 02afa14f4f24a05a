"""The facilitator view: a walk-through of every step, and a reset that only ever touches demo workspaces."""

from __future__ import annotations

from coach.facilitator import facilitator_pack
from coach.model import Profile, Workspace
from tests.app.helpers import app, demo, keyed, opened, store, texts

PAGE = "coach/ui/facilitator.py"


def test_the_walk_through_links_every_step() -> None:
    at = app().run()
    at.switch_page(PAGE).run()
    assert not at.exception
    pack = facilitator_pack()
    assert f"The walk-through, about {pack.minutes} minutes" in texts(at)
    links = [link.proto.label for link in at.get("page_link")]
    assert links == [f"Open {stop.title}" for stop in pack.stops]
    assert {stop.title for stop in pack.stops} == {"Start", "Request", "Homework", "Questions", "Portfolio", "Skills",
                                                   "After the call", "Brief"}


def test_a_facilitator_starts_a_demo_from_here() -> None:
    at = app().run()
    at.switch_page(PAGE).run()
    at.radio(key="facilitator_persona").set_value("career-changer").run()
    at.button(key="facilitator_start").click().run()
    saved = store().load(at.query_params["ws"])
    assert saved.demo == "career-changer" and saved.profile.name == "Sam Okafor"
    assert "This is a demo workspace" in texts(at)


def test_reset_restores_a_demo_and_leaves_other_workspaces_alone() -> None:
    real = store().create(Workspace(profile=Profile(name="Ana")), "Created")
    at, token = opened(demo(filled=True), PAGE)
    at.switch_page("coach/ui/start.py").run()
    keyed(at.text_input, "profile.name").set_value("Someone in the room").run()
    at.switch_page(PAGE).run()
    at.button(key="reset_demo").click().run()
    at.button(key="reset_yes").click().run()
    assert store().load(token).profile.name == "Maya Chen"
    assert store().revisions(token)[0].summary == "Reset the demo"
    assert store().load(real).profile.name == "Ana" and len(store().revisions(real)) == 1


def test_a_real_workspace_cannot_be_reset() -> None:
    at, token = opened(Workspace(profile=Profile(name="Ana")), PAGE)
    assert not [b for b in at.button if b.key in ("reset_demo", "reset_yes")]
    assert "reset never touches real workspaces" in texts(at)
    assert store().load(token).profile.name == "Ana"
