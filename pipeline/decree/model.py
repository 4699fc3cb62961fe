"""Decree records: the legal instruments, the signatory and the decree, and decree.json's mapping."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .satker import satker_of


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


def decree_to_dict(
    decree: Decree, *, doc_id: str, source: str, sha256: str, pages: int, lampiran_pages: list[int]
) -> dict[str, object]:
    """Given a Decree and its document facts, return decree.json's mapping in contract order."""
    signatory = decree.penandatangan
    return {
        "doc_id": doc_id,
        "source": source,
        "sha256": sha256,
        "pages": pages,
        "nomor": decree.nomor,
        "tentang": decree.tentang,
        "mengubah_nomor": decree.mengubah_nomor,
        "ditetapkan_di": decree.ditetapkan_di,
        "tanggal": decree.tanggal,
        "penandatangan": asdict(signatory) if signatory else None,
        "menimbang": list(decree.menimbang),
        "mengingat": [asdict(instrument) for instrument in decree.mengingat],
        "diktum": [{"label": label, "text": text} for label, text in decree.diktum],
        "lampiran_pages": list(lampiran_pages),
        "satker": satker_of(decree),
    }
