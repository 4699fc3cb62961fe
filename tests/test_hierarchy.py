"""Hierarchy stage: area matching and the plan frame built from logical rows."""

from __future__ import annotations

import pytest

from pipeline.hierarchy import match_area, rows_to_plan
from pipeline.rows import LogicalRow
from pipeline.schema import PLAN_COLUMNS


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Penguatan Kelembagaan", "penataan_organisasi"),
        ("Penguatan Sistem Manajemen SDM ASN", "penataan_sdm"),
        ("Penguatan Peraturan Perundang - Undangan/ Deregulasi Kebijakan", "deregulasi_kebijakan"),
        ("Penataan Tata Laksana", "penataan_tatalaksana"),
        ("Pola Pikir dan Budaya Kerja", "manajemen_perubahan"),
        ("Penguatan Sistem Pengawasan", "penguatan_pengawasan"),
        ("Peningkatan Pelayanan Publik", "pelayanan_publik"),
        ("Penguatan Akuntabilitas Kinerja", "penguatan_akuntabilitas"),
        ("Penguatan Akuntabilitas Kinerj", "penguatan_akuntabilitas"),
    ],
)
def test_area_names_resolve_to_their_canonical_area(name, code):
    assert match_area(name, 70.0).code == code


def test_an_unrelated_area_name_stays_unresolved():
    assert match_area("Pengadaan Barang", 70.0).code is None


def _row(page, months=(), **texts):
    return LogicalRow(page, tuple(texts.items()), tuple(months))


def test_rows_to_plan_builds_the_contract_columns_and_extras():
    rows = [
        _row(
            3,
            (1, 2),
            area_no="1",
            area="Penguatan Kelembagaan",
            kegiatan="1. Evaluasi Organisasi",
            sub_kegiatan="",
            indikator="1 Dokumentasi laporan",
            ket="Laporan",
            penanggung_jawab="Kasubbag",
        ),
        _row(
            4,
            (),
            area_no="",
            area="8. Penguatan Pengawasan",
            kegiatan="1",
            sub_kegiatan="2 Penyusunan",
            indikator="",
            ket="",
            penanggung_jawab="",
        ),
    ]
    plan = rows_to_plan(rows, "0123456789abcdef", 70.0)
    assert list(plan.columns) == [*PLAN_COLUMNS, "penanggung_jawab"]
    first, second = plan.to_dict("records")
    assert first == {
        "doc_id": "0123456789abcdef",
        "row": 1,
        "area_no": 1,
        "area": "Penguatan Kelembagaan",
        "area_code": "penataan_organisasi",
        "kegiatan_no": "1",
        "kegiatan": "Evaluasi Organisasi",
        "sub_kegiatan_no": "",
        "sub_kegiatan": "",
        "indikator_no": "1",
        "indikator": "Dokumentasi laporan",
        "ket": "Laporan",
        "bulan": [1, 2],
        "page": 3,
        "area_label": "1",
        "triwulan": [],
        "tahun": [],
        "ocr_confidence": None,
        "penanggung_jawab": "Kasubbag",
    }
    assert (second["area_no"], second["area"], second["area_code"], second["area_label"]) == (
        8,
        "Penguatan Pengawasan",
        "penguatan_pengawasan",
        "8",
    )
    assert (second["kegiatan_no"], second["kegiatan"], second["sub_kegiatan_no"]) == ("1", "", "2")
    assert second["row"] == 2 and second["bulan"] == []


def test_an_area_number_lost_or_misread_takes_the_next_number():
    rows = [
        _row(3, area_no="6", area="Peningkatan Kualitas Pelayanan Publik", kegiatan="1 A", indikator="x"),
        _row(3, area_no="", area="Penguatan Peraturan Perundang-undangan", kegiatan="1 B", indikator="y"),
        _row(4, area_no="", area="Penguatan Peraturan Perundang-undangan", kegiatan="2 C", indikator="z"),
        _row(4, area_no="6", area="Penguatan Pengawasan", kegiatan="1 D", indikator="w"),
    ]
    plan = rows_to_plan(rows, "0123456789abcdef", 70.0)
    assert plan["area_no"].tolist() == [6, 7, 7, 8]


@pytest.mark.parametrize(
    ("labels", "printed"),
    [
        (["A.", "B.", "B.", "C."], ["A", "B", "B", "C"]),
        (["I.", "II.", "", "III"], ["I", "II", "II", "III"]),
        (["Area 1 -", "Area 2 -", "", "Area 3 -"], ["Area 1", "Area 2", "Area 2", "Area 3"]),
        (["Pilar 1.", "Pilar 2.", "Pilar 2.", "Pilar 3."], ["Pilar 1", "Pilar 2", "Pilar 2", "Pilar 3"]),
    ],
)
def test_lettered_roman_and_worded_areas_number_1_to_n_and_keep_their_label(labels, printed):
    names = ["Manajemen Perubahan", "Deregulasi Kebijakan", "Deregulasi Kebijakan", "Penataan Organisasi"]
    rows = [
        _row(3, area_no=no, area=name, kegiatan="1 A", indikator="x") for no, name in zip(labels, names, strict=True)
    ]
    plan = rows_to_plan(rows, "0123456789abcdef", 70.0)
    assert plan["area_no"].tolist() == [1, 2, 2, 3]
    assert plan["area_label"].tolist() == printed
    assert plan["area_code"].tolist() == [
        "manajemen_perubahan",
        "deregulasi_kebijakan",
        "deregulasi_kebijakan",
        "penataan_organisasi",
    ]


@pytest.mark.parametrize(
    ("area", "name", "label"),
    [
        ("A. Manajemen Perubahan", "Manajemen Perubahan", "A"),
        ("VIII. Peningkatan Kualitas Pelayanan Publik", "Peningkatan Kualitas Pelayanan Publik", "VIII"),
        ("Area 2 - Deregulasi Kebijakan", "Deregulasi Kebijakan", "Area 2"),
        ("Pilar 3. Penataan Organisasi", "Penataan Organisasi", "Pilar 3"),
        ("Deregulasi Kebijakan", "Deregulasi Kebijakan", ""),
    ],
)
def test_a_label_glued_to_the_area_name_is_split_off(area, name, label):
    plan = rows_to_plan([_row(3, area_no="", area=area, kegiatan="1 A", indikator="x")], "0123456789abcdef", 70.0)
    assert (plan["area"][0], plan["area_label"][0]) == (name, label)


def _scanned(sub, indikator, confidence=0.9):
    area, kegiatan = "Penguatan Akuntabilitas", "1. Penguatan Sistem Akuntabilitas Kinerja"
    row = _row(3, area_no="4", area=area, kegiatan=kegiatan, sub_kegiatan=sub, indikator=indikator)
    return LogicalRow(row.page, row.texts, row.months, confidence)


def test_a_scanned_number_read_with_the_cells_own_number_is_parted_where_its_list_says_so():
    # The decree prints "1 1. Adanya dokumen ...", the scan reads "11. Adanya dokumen ...".
    sub = "3 Penetapan Kinerja"
    rows = [
        _scanned(sub, "11. Adanya dokumen penetapan Kinerja"),
        _scanned(sub, "2 Capaian kinerja"),
        _scanned(sub, "3 Peta strategis"),
    ]
    plan = rows_to_plan(rows, "d", 70.0)
    assert plan["indikator_no"].tolist() == ["1", "2", "3"]
    assert plan["indikator"].iloc[0] == "1. Adanya dokumen penetapan Kinerja"


@pytest.mark.parametrize(
    ("first", "second", "confidence"),
    [
        ("11. Adanya dokumen", "2 Capaian", None),  # born-digital: the PDF says 11
        ("11. Adanya dokumen", "12 Capaian", 0.9),  # the list goes on from 11
        ("1 Adanya dokumen", "22. Capaian", 0.9),  # last of its list: nothing after it says 2
    ],
)
def test_a_doubled_number_stays_where_the_text_layer_or_its_list_vouch_for_it(first, second, confidence):
    sub = "3 Penetapan Kinerja"
    rows = [_scanned(sub, first, confidence), _scanned(sub, second, confidence)]
    plan = rows_to_plan(rows, "d", 70.0)
    assert plan["indikator_no"].tolist() == [first.split()[0].rstrip("."), second.split()[0].rstrip(".")]
