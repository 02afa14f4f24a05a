"""The committed Streamlit settings that keep a student's data and machine private."""

from __future__ import annotations

import tomllib
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"


def test_the_server_sends_nothing_out_and_shows_no_error_details() -> None:
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
    # Set by hand, so a headless Streamlit does not ask checkip.amazonaws.com for the public address.
    assert config["browser"]["serverAddress"] == "localhost"
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["headless"] is True
    assert 2 <= config["server"]["maxUploadSize"] <= 5  # imports are capped at 2 MB by the app itself
