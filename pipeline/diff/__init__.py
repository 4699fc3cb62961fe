"""What an amendment changed: the rows of two plans paired by content, and that diff for people.

`pair` turns two plans into the diff table (DIFF_SCHEMA); `view` turns the diff table and its
plans into one view of the changes, rendered as diff.md and diff.html.
"""

from .pair import ADDED, MODIFIED, REMOVED, diff_plans, diff_to_arrow, summary_line
from .settings import DiffSettings
from .similarity import text_similarity
from .view import DiffView, diff_view, html_of, markdown_of, month_strip, render_diff_html, render_diff_markdown

__all__ = [
    "ADDED",
    "MODIFIED",
    "REMOVED",
    "DiffSettings",
    "DiffView",
    "diff_plans",
    "diff_to_arrow",
    "diff_view",
    "html_of",
    "markdown_of",
    "month_strip",
    "render_diff_html",
    "render_diff_markdown",
    "summary_line",
    "text_similarity",
]
