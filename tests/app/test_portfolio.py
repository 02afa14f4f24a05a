"""The Portfolio page through AppTest: samples, coaching that follows the fields, the confidential side by side,
the version shared, the story's timing, deletion with confirmation — all saved to the store."""

from __future__ import annotations


from coach.model import Profile, Workspace
from tests.app.helpers import app, demo, keyed, opened, store, texts

PAGE = "coach/ui/portfolio.py"


def _view(at, name: str):  # type: ignore[no-untyped-def]
    at.segmented_control(key="portfolio_view").set_value(name).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _editor_key(at, name: str) -> str:  # type: ignore[no-untyped-def]
    """A table's widget key: the workspace generation prefix, as `shell.key` builds it."""
    return f"{at.session_state['ws_gen'] if 'ws_gen' in at.session_state else 0}:{name}"


def _warnings(at) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(w.value for w in at.warning)


def test_without_a_workspace_the_page_points_to_start() -> None:
    at = app().run()
    at.switch_page(PAGE).run()
    assert "Open or create a workspace on the Start page first." in texts(at)


def test_the_demo_shows_three_samples_with_their_levels() -> None:
    at, _ = opened(demo(), PAGE)
    table = next(m.value for m in at.markdown if m.value.startswith("| # |"))
    assert table.count("\n") == 4  # header, rule, three samples
    assert "Outcome" in table and "Out-take" in table and "🔒 confidential" in table
    assert any(p.proto.text.startswith("Ready to show: 4/5") for p in at.get("progress"))


def test_coaching_changes_as_the_fields_are_filled() -> None:
    at, token = opened(Workspace(profile=Profile(name="Ana")), PAGE)
    assert "No work samples yet" in texts(at)
    at.button(key="add_sample").click().run()
    (sample,) = store().load(token).samples
    sid = sample.id
    assert "Did it work?" in _warnings(at) and "How was success measured?" in _warnings(at)
    assert "No level yet" in texts(at)

    keyed(at.text_input, f"{sid}.title").set_value("Campus flu campaign").run()
    keyed(at.text_area, f"{sid}.result").set_value("Clinic sign-ups grew from 200 to 260 in 6 weeks.").run()
    assert "Did it work?" not in _warnings(at)
    assert any("**Outcome**" in m.value for m in at.markdown)
    keyed(at.text_area, f"{sid}.method").set_value("Compared the clinic's registration records with last year.").run()
    assert "How was success measured?" not in _warnings(at)
    keyed(at.text_area, f"{sid}.what_i_did").set_value("Helped with the posters.").run()
    assert "“helped with” hides what you did" in _warnings(at)
    keyed(at.text_area, f"{sid}.objective").set_value("Raise awareness of the clinic.").run()
    assert "no number" in _warnings(at) and "“Raise awareness” is vague" in _warnings(at)

    saved = store().load(token).sample(sid)
    assert saved.title == "Campus flu campaign" and saved.method.startswith("Compared")
    assert "Campus flu campaign" in next(m.value for m in at.markdown if m.value.startswith("| # |"))


def test_metrics_are_edited_in_a_table_and_saved() -> None:
    at, token = opened(Workspace(profile=Profile(name="Ana")), PAGE)
    at.button(key="add_sample").click().run()
    sid = store().load(token).samples[0].id
    editor_key = _editor_key(at, f"{sid}.metrics")
    at.session_state[editor_key] = {"edited_rows": {}, "deleted_rows": [],
                                    "added_rows": [{"name": "Sign-ups", "baseline": 200, "after": 260}]}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    (metric,) = store().load(token).sample(sid).metrics
    assert (metric.name, metric.baseline, metric.after, metric.period) == ("Sign-ups", 200, 260, "")
    assert "“Sign\\-ups” has no period" in _warnings(at)
    at.session_state[editor_key] = {"edited_rows": {}, "deleted_rows": [],
                                    "added_rows": [{"name": "Sign-ups", "baseline": 200, "after": 260, "period": "6 weeks"}]}
    at.run()
    assert store().load(token).sample(sid).metrics[0].period == "6 weeks"
    assert "no period" not in _warnings(at) and "**Outcome**" in "".join(m.value for m in at.markdown)


def test_the_confidential_version_is_side_by_side_and_the_choice_is_saved() -> None:
    at, token = opened(demo(), PAGE)
    at.selectbox(key="portfolio_pick").set_value("demo-food-pantry").run()
    _view(at, "confidential")
    columns = [m.value for m in at.markdown if m.value.startswith("**Title**")]
    original, hidden = columns
    assert "Riverbend Food Pantry" in original and "Riverbend" not in hidden
    assert "\\$8,000" in original and "a four\\-figure sum" in hidden
    assert "Counted the articles and radio mentions" in hidden  # the method survives
    assert any("Also hidden, found by their shape" in c.value for c in at.caption)

    keyed(at.radio, "demo-food-pantry.share_confidential").set_value("Confidential").run()
    assert store().load(token).sample("demo-food-pantry").share_confidential is True
    keyed(at.checkbox, "demo-food-pantry.confidential").check().run()
    assert store().load(token).sample("demo-food-pantry").confidential is True

    at.button(key="adopt_names.demo-food-pantry").click().run()
    names = store().load(token).sample("demo-food-pantry").descriptors
    assert names == {"Riverbend Food Pantry": "the client", "Riverbend Gazette": "a partner brand"}
    editor_key = _editor_key(at, "demo-food-pantry.names")
    at.session_state[editor_key] = {"edited_rows": {0: {"descriptor": "a community food bank"}}, "deleted_rows": [],
                                    "added_rows": []}
    at.run()
    assert store().load(token).sample("demo-food-pantry").descriptors["Riverbend Food Pantry"] == "a community food bank"
    hidden = [m.value for m in at.markdown if m.value.startswith("**Title**")][1]
    assert "a community food bank" in hidden


def test_the_story_is_timed_at_the_users_pace() -> None:
    at, token = opened(demo(), PAGE)
    _view(at, "story")
    assert any("The challenge\\:" in m.value for m in at.markdown)
    timing = next(m.value for m in at.markdown if " words · about " in m.value)
    assert "at 140 words a minute" in timing
    assert any("the right length" in s.value for s in at.success)  # the flu story is 60-90 seconds
    keyed(at.number_input, "profile.speaking_wpm").set_value(100).run()
    assert store().load(token).profile.speaking_wpm == 100
    assert any("too long" in w.value for w in at.warning)


def test_delete_asks_for_confirmation_first() -> None:
    at, token = opened(demo(), PAGE)
    at.button(key="delete.demo-flu-campaign").click().run()
    assert len(store().load(token).samples) == 3
    assert any("Delete “Flu" in w.value for w in at.warning)
    at.button(key="cancel_delete.demo-flu-campaign").click().run()
    assert len(store().load(token).samples) == 3
    at.button(key="delete.demo-flu-campaign").click().run()
    at.button(key="confirm_delete.demo-flu-campaign").click().run()
    assert [s.id for s in store().load(token).samples] == ["demo-food-pantry", "demo-coffee-audit"]
    assert not at.exception


def test_downloads_are_offered_and_built_only_on_click() -> None:
    at, _ = opened(demo(), PAGE)
    labels = {b.proto.label for b in at.get("download_button")}
    assert labels == {"Markdown", "PDF", "CSV table"}
