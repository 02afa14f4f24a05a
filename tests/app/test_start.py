"""The Start page through AppTest: opening a workspace, autosave, conversations, import, history."""

from __future__ import annotations

import re
from datetime import date

from coach.model import Profile, Workspace
from coach.store import new_token
from coach.transfer import to_yaml
from tests.app.helpers import app, demo, keyed, opened, store, texts


def test_fresh_visit_offers_new_demo_and_import_without_an_error() -> None:
    at = app().run()
    assert not at.exception
    assert at.title[0].value == "Informational Interview Coach"
    assert [t.label for t in at.tabs] == ["New workspace", "Try the demo", "Import a file"]
    assert "ws" not in at.query_params


def test_creating_a_workspace_puts_an_unguessable_token_in_the_url_and_saves_it() -> None:
    at = app().run()
    at.text_input[0].set_value("Ana Ruiz")
    at.button[0].click().run()
    token = at.query_params["ws"]
    assert len(token) >= 32
    saved = store().load(token)
    assert saved is not None and saved.profile.name == "Ana Ruiz"
    assert keyed(at.text_input, "profile.name").value == "Ana Ruiz"
    assert any(token in c.value for c in at.code), "the page shows the private link"


def test_every_profile_edit_is_saved_without_a_save_button() -> None:
    at, token = opened(Workspace(profile=Profile(name="Ana")))
    keyed(at.text_input, "profile.field").set_value("healthcare PR").run()
    keyed(at.selectbox, "profile.situation").set_value("career-changer").run()
    saved = store().load(token)
    assert saved.profile.field_of_interest == "healthcare PR"
    assert saved.profile.situation == "career-changer"
    assert not [b for b in at.button if "save" in b.label.lower()]


def test_an_invalid_link_is_explained_and_not_saved() -> None:
    at, token = opened(Workspace(profile=Profile(name="Ana", resume_url="https://ana.example/cv")))
    keyed(at.text_input, "profile.resume").set_value("my resume").run()
    assert any("web address" in e.value and "last valid value is kept" in e.value for e in at.error)
    assert store().load(token).profile.resume_url == "https://ana.example/cv"
    assert len(store().revisions(token)) == 1


def test_an_unknown_token_opens_a_fresh_start_page() -> None:
    at = app()
    at.query_params["ws"] = new_token()
    at.run()
    assert not at.exception and not at.error
    assert "does not open a workspace" in texts(at)
    assert "ws" not in at.query_params


def test_conversations_are_added_renamed_and_deleted_only_after_confirming() -> None:
    at, token = opened(Workspace(profile=Profile(name="Ana")))
    at.button(key="add_conversation").click().run()
    (conversation,) = store().load(token).conversations
    cid = conversation.id
    keyed(at.text_input, f"{cid}.person.name").set_value("Jo Lee").run()
    keyed(at.text_input, f"{cid}.name").set_value("Call with Jo").run()
    assert store().load(token).conversations[0].label == "Call with Jo"
    assert "- **Call with Jo** · editing below" in texts(at).splitlines()

    at.button(key=f"delete.{cid}").click().run()
    assert "Delete “Call with Jo”" in texts(at)
    at.button(key=f"delete_no.{cid}").click().run()
    assert len(store().load(token).conversations) == 1
    at.button(key=f"delete.{cid}").click().run()
    at.button(key=f"delete_yes.{cid}").click().run()
    assert store().load(token).conversations == []


def test_the_demo_creates_a_new_workspace_for_the_chosen_persona() -> None:
    at = app().run()
    at.radio(key="demo_persona").set_value("career-changer").run()
    at.button(key="try_demo").click().run()
    saved = store().load(at.query_params["ws"])
    assert saved.profile.name == "Sam Okafor" and saved.profile.situation == "career-changer"
    assert re.search(r"^- \*\*Priya Raman · Northlight Communications — call .+\*\* · editing below$", texts(at), re.M)
    (conversation,) = saved.conversations
    assert conversation.homework.research and conversation.homework.notes and conversation.questions.planned
    assert conversation.call_at and conversation.call_at.date() > date.today()
    assert at.sidebar.selectbox[0].value == saved.conversations[0].id


def _open(at, box: str):  # type: ignore[no-untyped-def]
    """Expand one of the Start page's collapsed sections, as a click on it does."""
    at.session_state[box] = True
    return at.run()


def test_import_of_a_good_file_becomes_a_new_workspace_and_leaves_the_old_one() -> None:
    at, old_token = opened(Workspace(profile=Profile(name="Ana")))
    assert not at.get("file_uploader")  # drawn only once the section is opened
    _open(at, "export_open")
    at.file_uploader(key="import_file").set_value(("ws.yaml", to_yaml(demo()).encode(), "application/x-yaml")).run()
    at.button(key="import_go").click().run()
    new_token_ = at.query_params["ws"]
    assert new_token_ != old_token
    assert store().load(new_token_).profile.name == "Maya Chen"
    assert store().load(old_token).profile.name == "Ana"
    assert "Imported as a new workspace" in texts(at)


def test_import_of_a_bad_file_lists_the_problems_and_changes_nothing() -> None:
    at, token = opened(Workspace(profile=Profile(name="Ana")))
    _open(at, "export_open")
    bad = b"schema_version: 1\nprofile:\n  name: Ana\n  situation: pilot\n"
    at.file_uploader(key="import_file").set_value(("bad.yaml", bad, "application/x-yaml")).run()
    at.button(key="import_go").click().run()
    (error,) = at.error
    assert "Nothing was imported" in error.value and "profile.situation (line 4)" in error.value
    assert at.query_params["ws"] == token
    assert len(store().revisions(token)) == 1


def test_history_lists_revisions_and_restore_brings_old_values_back() -> None:
    at, token = opened(Workspace(profile=Profile(name="Ana")))
    keyed(at.text_input, "profile.name").set_value("Ana Maria").run()
    keyed(at.text_input, "profile.name").set_value("Ana Maria Ruiz").run()
    assert not at.dataframe
    _open(at, "history_open")
    table = at.dataframe[0].value
    assert list(table["Revision"]) == [3, 2, 1]
    at.selectbox(key="restore_choice").set_value(1).run()
    at.button(key="restore").click().run()
    assert store().load(token).profile.name == "Ana"
    assert keyed(at.text_input, "profile.name").value == "Ana"
    assert store().revisions(token)[0].summary == "Restored revision 1"


def test_export_offers_the_workspace_as_yaml() -> None:
    at, _ = opened(demo())
    button = _open(at, "export_open").get("download_button")[0]
    assert "Download workspace" in button.proto.label


def test_a_second_tab_sees_edits_made_in_the_first() -> None:
    first, token = opened(Workspace(profile=Profile(name="Ana")))
    second = app()
    second.query_params["ws"] = token
    second.run()
    keyed(first.text_input, "profile.field").set_value("public affairs").run()
    second.run()
    assert keyed(second.text_input, "profile.field").value == "public affairs"
    keyed(second.text_input, "profile.name").set_value("Ana R").run()
    saved = store().load(token).profile
    assert (saved.name, saved.field_of_interest) == ("Ana R", "public affairs")
