"""Tests of the page overlays: every detected cell outlined in its role's colour."""

from __future__ import annotations

import pdfplumber

from pipeline.render.overlay import ROLE_STYLES, overlay_pngs
from pipeline.rows import TableRead
from tests.fixtures.render import LAMPIRAN_PAGES, REPLICA, colour_mask, pixels


def test_overlay_gives_one_png_per_lampiran_page_with_the_roles_coloured(
    replica_table: tuple[TableRead, list[tuple[float, float]]],
) -> None:
    table, sizes = replica_table
    resolution = 50
    with pdfplumber.open(REPLICA) as pdf:
        images = overlay_pngs(pdf, table, resolution=resolution)
    assert list(images) == [f"page-{n:02d}.png" for n in LAMPIRAN_PAGES]
    for page in LAMPIRAN_PAGES:
        image = pixels(images[f"page-{page:02d}.png"])
        width, height = sizes[page - 1]
        assert abs(image.shape[1] - width * resolution / 72) <= 1
        page_height = round(height * resolution / 72)
        assert image.shape[0] > page_height + 5, "a legend strip under the page"
        drawn = image[: page_height - 1]
        roles = {role for cell, role in table.roles.items() if cell.page == page}
        assert {"header", "body", "mark"} <= roles
        for role in roles:
            assert colour_mask(drawn, ROLE_STYLES[role].stroke).sum() > 10, (page, role)
    # Page 3 holds the merged area and kegiatan cells of area 1 and area 2's cells that run on to page 4.
    page_3 = pixels(images["page-03.png"])
    assert colour_mask(page_3, ROLE_STYLES["merged"].stroke).sum() > 50
    assert colour_mask(page_3, ROLE_STYLES["continued"].stroke).sum() > 50
