"""Decree records: the legal instruments, the signatory, the decree, what decree.json holds and its mapping."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace

_SLASH_SPACE = re.compile(r"\s*/\s*")


def normalised_nomor(nomor: str | None) -> str | None:
    """Given a decree number as printed, return it with the spaces around its slashes removed (None stays None)."""
    return _SLASH_SPACE.sub("/", nomor) if nomor is not None else None


@dataclass(frozen=True)
class Instrument:
    """One legal instrument of the Mengingat list."""

    no: int
    jenis: str
    nomor: str
    tahun: int | None
    tentang: str


@dataclass(frozen=True)
class Signatory:
    """The official who signs the decree."""

    jabatan: str
    nama: str


@dataclass(frozen=True)
class Decree:
    """What the body pages of one decree say."""

    nomor: str | None
    tentang: str | None
    mengubah_nomor: str | None
    ditetapkan_di: str | None
    tanggal: str | None
    penandatangan: Signatory | None
    menimbang: tuple[str, ...]
    mengingat: tuple[Instrument, ...]
    diktum: tuple[tuple[str, str], ...]
    memperhatikan: tuple[str, ...] = ()


@dataclass(frozen=True)
class DecreeRecord:
    """What decree.json holds: the parsed decree and the facts of the document it was read from."""

    decree: Decree
    doc_id: str
    source: str
    sha256: str
    pages: int
    lampiran_pages: tuple[int, ...]
    satker: str | None
    provenance: str | None
    notes: tuple[str, ...]
    # The path as given to the run, and every path given that holds the same bytes.
    source_path: str = ""
    sources: tuple[str, ...] = ()
    scheme: str | None = None
    # The fields read but refused by a check that does not gate, published as null (`without_refused`).
    refused: tuple[str, ...] = ()


# The signature block's fields a stamp or signature pressed over it can hide; null when unread.
SIGNATURE_BLOCK_FIELDS = ("tanggal", "penandatangan")
UNREAD_NOTE = (
    "{field} unreadable: not found in the signature block (a stamp or signature over it can hide it); published as null"
)


def unread_fields(decree: Decree) -> tuple[str, ...]:
    """Given a parsed decree, return the signature block's fields it could not read, in SIGNATURE_BLOCK_FIELDS order."""
    return tuple(name for name in SIGNATURE_BLOCK_FIELDS if getattr(decree, name) is None)


# A field read but refused by a check that does not gate (a scanner's layer reads "Sek-Kot!!lI/2021"
# for "Sek-Kot/III/2021"): it is published as null rather than as misread.
REFUSED_NOTE = "{field} unreadable: {value!r} is not of its form (validation); published as null"
REFUSABLE_FIELDS = ("mengubah_nomor", "ditetapkan_di", "tanggal")


def without_refused(record: DecreeRecord, columns: Sequence[str]) -> DecreeRecord:
    """Given a decree record and the decree columns a non-gating check refused, return the record with those of
    its fields null, each with a note saying what was read."""
    fields = [name for name in REFUSABLE_FIELDS if name in columns and getattr(record.decree, name) is not None]
    if not fields:
        return record
    notes = tuple(REFUSED_NOTE.format(field=name, value=getattr(record.decree, name)) for name in fields)
    decree = record.decree
    kept = {name: None if name in fields else getattr(decree, name) for name in REFUSABLE_FIELDS}
    cleared = replace(decree, mengubah_nomor=kept["mengubah_nomor"], ditetapkan_di=kept["ditetapkan_di"],
                      tanggal=kept["tanggal"])  # fmt: skip
    return replace(record, decree=cleared, notes=(*record.notes, *notes), refused=(*record.refused, *fields))


def unread_notes(decree: Decree) -> tuple[str, ...]:
    """Given a parsed decree, return one decree.json note per signature block field it could not read."""
    return tuple(UNREAD_NOTE.format(field=name) for name in unread_fields(decree))


def decree_to_dict(record: DecreeRecord) -> dict[str, object]:
    """Given a DecreeRecord, return decree.json's mapping: the contract's keys in its order, then the added ones."""
    decree = record.decree
    signatory = decree.penandatangan
    return {
        "doc_id": record.doc_id,
        "source": record.source,
        "sha256": record.sha256,
        "pages": record.pages,
        "nomor": decree.nomor,
        "tentang": decree.tentang,
        "mengubah_nomor": decree.mengubah_nomor,
        "ditetapkan_di": decree.ditetapkan_di,
        "tanggal": decree.tanggal,
        "penandatangan": asdict(signatory) if signatory else None,
        "menimbang": list(decree.menimbang),
        "mengingat": [asdict(instrument) for instrument in decree.mengingat],
        "diktum": [{"label": label, "text": text} for label, text in decree.diktum],
        "lampiran_pages": list(record.lampiran_pages),
        "satker": record.satker,
        "provenance": record.provenance,
        "notes": list(record.notes),
        "source_path": record.source_path,
        "sources": list(record.sources),
        "scheme": record.scheme,
        "nomor_normalised": normalised_nomor(decree.nomor),
        "memperhatikan": list(decree.memperhatikan),
    }
