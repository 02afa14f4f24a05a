"""Informational Interview Coach: the logic behind the app, importable without Streamlit."""
