"""Decree stage: the body pages' text -> the decree's number, title, grounds, dicta and signatory.

The body of a Keputusan reads, in order: letterhead, `KEPUTUSAN <issuer> NOMOR: <nomor>`,
`TENTANG <title>`, the issuer again, Menimbang (items a., b., ...), Mengingat (numbered legal
instruments), MEMUTUSKAN, Menetapkan, the dicta KESATU, KEDUA, ..., and the closing block
`Ditetapkan di <place>` / `pada tanggal <date>` / office / `Ttd.` / name.
"""

from __future__ import annotations

from . import sections, signatory, title
from .instruments import instruments
from .lines import clean_lines, join_lines
from .model import Decree


def parse_decree(body_text: str) -> Decree:
    """Given the body pages' text joined with newlines, return the Decree it prints."""
    lines = sections.unstack_labels(clean_lines(body_text))
    markers = sections.find_markers(lines)
    preamble = join_lines(sections.preamble(lines, markers))
    tentang = title.title(preamble) or title.title(join_lines(sections.section(lines, markers, "menetapkan")))
    diktum = sections.diktum(lines, markers)
    closing = sections.section(lines, markers, sections.CLOSING)
    return Decree(
        nomor=title.decree_nomor(preamble),
        tentang=tentang,
        mengubah_nomor=title.amended_nomor([tentang or "", *(text for _, text in diktum[:1])]),
        ditetapkan_di=signatory.place(closing),
        tanggal=signatory.tanggal(closing),
        penandatangan=signatory.signatory(closing),
        menimbang=tuple(sections.lettered_items(sections.section(lines, markers, "menimbang"))),
        mengingat=instruments(sections.numbered_items(sections.section(lines, markers, "mengingat"))),
        diktum=diktum,
        memperhatikan=tuple(sections.numbered_items(sections.section(lines, markers, "memperhatikan"))),
    )
