"""What each page draws. The page files in coach/ui/ are only entry points that call these, so
Streamlit's per-run work on a page file (compiling it) stays tiny whatever a page grows to."""
