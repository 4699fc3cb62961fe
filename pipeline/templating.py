"""The Jinja2 templates of the pages for people, kept in pipeline/templates/.

HTML templates render with autoescape on; Markdown templates (`*.md.j2`) escape with the
`markdown` filter instead.
"""

from __future__ import annotations

import base64
import io
import re
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup

TEMPLATE_PACKAGE = "pipeline"
TEMPLATE_FOLDER = "templates"
PNG_MEDIA_TYPE = "image/png"
MARKDOWN_TEMPLATES = ("md.j2",)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_~|<>\[\]#])")


def data_uri(content: bytes, media_type: str = PNG_MEDIA_TYPE) -> Markup:
    """Given file content, return it as a base64 data: URI (pages stay self-contained)."""
    # Base64 and a media type hold nothing to escape: marked safe, the URI is not copied again by autoescape.
    return Markup(f"data:{media_type};base64,{base64.b64encode(content).decode('ascii')}")


def markdown_escape(text: str) -> str:
    """Given plain text, return it safe inside a Markdown table cell (special characters backslashed)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


@cache
def _environment() -> jinja2.Environment:
    """Return the package's template environment (built once per process)."""
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader(TEMPLATE_PACKAGE, TEMPLATE_FOLDER),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=(), disabled_extensions=MARKDOWN_TEMPLATES, default=True
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["data_uri"] = data_uri
    environment.filters["markdown"] = markdown_escape
    return environment


def render(name: str, **context: Any) -> str:
    """Given a template name in pipeline/templates/ and its values, return the rendered page."""
    return _environment().get_template(name).render(**context)


def render_utf8(name: str, **context: Any) -> bytes:
    """Given a template name in pipeline/templates/ and its values, return the rendered page as UTF-8.

    Encoded piece by piece: a page with embedded images is never held whole as a str, which Python
    stores at two bytes a character once one character is past Latin-1, nor as a list of its pieces
    beside the joined page (`bytes.join` would keep both).
    """
    page = io.BytesIO()
    for chunk in _environment().get_template(name).generate(**context):
        page.write(chunk.encode("utf-8"))
    return page.getvalue()
