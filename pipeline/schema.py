"""The output contract's columns and Arrow types (shared/contract.md); only ever add to them."""

from __future__ import annotations

import pyarrow as pa

PLAN_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("row", pa.int32()),
        ("area_no", pa.int8()),
        ("area", pa.string()),
        ("area_code", pa.string()),
        ("kegiatan_no", pa.string()),
        ("kegiatan", pa.string()),
        ("sub_kegiatan_no", pa.string()),
        ("sub_kegiatan", pa.string()),
        ("indikator_no", pa.string()),
        ("indikator", pa.string()),
        ("ket", pa.string()),
        ("bulan", pa.list_(pa.int8())),
        ("page", pa.int16()),
        ("area_label", pa.string()),
        ("triwulan", pa.list_(pa.int8())),
        ("tahun", pa.list_(pa.int16())),
    ]
)
PLAN_COLUMNS = tuple(PLAN_SCHEMA.names)

DIFF_SCHEMA = pa.schema(
    [
        ("change", pa.string()),
        ("area_no", pa.int8()),
        ("row_old", pa.int32()),
        ("row_new", pa.int32()),
        ("indikator_old", pa.string()),
        ("indikator_new", pa.string()),
        ("fields", pa.list_(pa.string())),
        ("similarity", pa.float32()),
    ]
)
DIFF_COLUMNS = tuple(DIFF_SCHEMA.names)

# Plan columns compared by the diff, in the order they are reported.
COMPARED_FIELDS = (
    "area_no",
    "area",
    "kegiatan_no",
    "kegiatan",
    "sub_kegiatan_no",
    "sub_kegiatan",
    "indikator_no",
    "indikator",
    "ket",
    "bulan",
)
