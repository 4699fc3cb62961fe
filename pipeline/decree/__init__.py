"""Decree stage: the body pages' text -> a Decree (number, title, grounds, dicta, signatory) and decree.json.

Modules by job: `lines` (cleaning), `sections` (headings, dicta, items), `title` (number, title,
amended number), `instruments` (Mengingat's legal instruments), `dates`, `signatory` (closing
block), `satker` (work unit), `model` (records, what decree.json holds and its mapping) and
`parse` (the whole body).
The vocabulary is domain.yaml's `decree` section.
"""

from .dates import parse_tanggal
from .instruments import find_nomor, split_instruments
from .model import Decree, DecreeRecord, Instrument, Signatory, decree_to_dict
from .parse import parse_decree
from .satker import satker_of

__all__ = [
    "Decree",
    "DecreeRecord",
    "Instrument",
    "Signatory",
    "decree_to_dict",
    "find_nomor",
    "parse_decree",
    "parse_tanggal",
    "satker_of",
    "split_instruments",
]
