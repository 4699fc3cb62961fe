"""The Jinja2 templates of the pages for people, kept in pipeline/templates/ and rendered with autoescape on."""

from __future__ import annotations

import base64
from functools import cache
from typing import Any

import jinja2

TEMPLATE_PACKAGE = "pipeline"
TEMPLATE_FOLDER = "templates"
PNG_MEDIA_TYPE = "image/png"


def data_uri(content: bytes, media_type: str = PNG_MEDIA_TYPE) -> str:
    """Given file content, return it as a base64 data: URI (pages stay self-contained)."""
    return f"data:{media_type};base64,{base64.b64encode(content).decode('ascii')}"


@cache
def _environment() -> jinja2.Environment:
    """Return the package's template environment (built once per process)."""
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader(TEMPLATE_PACKAGE, TEMPLATE_FOLDER),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["data_uri"] = data_uri
    return environment


def render(name: str, **context: Any) -> str:
    """Given a template name in pipeline/templates/ and its values, return the rendered page."""
    return _environment().get_template(name).render(**context)
