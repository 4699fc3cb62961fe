"""The output contract's columns and Arrow types (shared/contract.md); only ever add to them.

A field the contract never leaves empty is non-nullable (a missing text is `""`, no months `[]`).
Every Parquet file carries SCHEMA_METADATA_KEYS in its Arrow schema metadata: the contract version,
the pipeline version and what it was made from, never a time, so a re-run gives the same bytes.
"""

from __future__ import annotations

import pyarrow as pa

# The version of shared/contract.md the files follow; raised when a column or key is added.
CONTRACT_VERSION = "2"
CONTRACT_KEY = "rencana_aksi.contract"
PIPELINE_KEY = "rencana_aksi.pipeline"
SOURCE_KEY = "rencana_aksi.source_sha256"
SCHEMA_METADATA_KEYS = (CONTRACT_KEY, PIPELINE_KEY, SOURCE_KEY)

PLAN_SCHEMA = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("row", pa.int32(), nullable=False),
        pa.field("area_no", pa.int8(), nullable=False),
        pa.field("area", pa.string(), nullable=False),
        # Null only for an area name that matched no canonical area, which validation refuses.
        pa.field("area_code", pa.string()),
        pa.field("kegiatan_no", pa.string(), nullable=False),
        pa.field("kegiatan", pa.string(), nullable=False),
        pa.field("sub_kegiatan_no", pa.string(), nullable=False),
        pa.field("sub_kegiatan", pa.string(), nullable=False),
        pa.field("indikator_no", pa.string(), nullable=False),
        pa.field("indikator", pa.string(), nullable=False),
        pa.field("ket", pa.string(), nullable=False),
        pa.field("bulan", pa.list_(pa.int8()), nullable=False),
        pa.field("page", pa.int16(), nullable=False),
        pa.field("area_label", pa.string(), nullable=False),
        pa.field("triwulan", pa.list_(pa.int8()), nullable=False),
        pa.field("tahun", pa.list_(pa.int16()), nullable=False),
        # The lowest OCR word confidence (0..1) among the row's cells; null when no cell was OCR'd (born-digital).
        pa.field("ocr_confidence", pa.float32()),
    ]
)
PLAN_COLUMNS = tuple(PLAN_SCHEMA.names)
# Nullable columns added after plans were first published: a plan frame made without them (an
# older plan.parquet read back for a diff) has them null.
ADDED_NULLABLE = ("ocr_confidence",)

# One changed field of a modified row: its name and its value on each side, as diff.csv writes
# it (text as printed, numbers as digits, months as "1;2;3").
FIELD_VALUE = pa.struct(
    [
        pa.field("field", pa.string(), nullable=False),
        pa.field("old_value", pa.string(), nullable=False),
        pa.field("new_value", pa.string(), nullable=False),
    ]
)

DIFF_SCHEMA = pa.schema(
    [
        pa.field("change", pa.string(), nullable=False),
        pa.field("area_no", pa.int8(), nullable=False),
        pa.field("row_old", pa.int32()),
        pa.field("row_new", pa.int32()),
        pa.field("indikator_old", pa.string()),
        pa.field("indikator_new", pa.string()),
        pa.field("fields", pa.list_(pa.string()), nullable=False),
        # Null for added and removed rows, which have no partner.
        pa.field("similarity", pa.float32()),
        # Added: per field of `fields`, in its order, the old and new value.
        pa.field("values", pa.list_(FIELD_VALUE), nullable=False),
        # Added: a modified row whose only changes are in the *_no columns.
        pa.field("renumbered", pa.bool_(), nullable=False),
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
