"""The case dossier in Arabic: HarfBuzz-shaped Noto Naskh Arabic, right to left, and text that
extracts in logical (reading) order. The reference rendering `tests/data/arabic/
amanah-word-shaped.png` is the word أمانة as the dossier draws it, checked by eye when it was
made (joined letters, alef-hamza on the right); the same word without shaping is isolated
letters in reverse order, which must not match it."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageChops
from sqlalchemy import Engine

from amanah.db.engine import transaction
from amanah.i18n import current_language
from amanah.reports.dossier import _Dossier, dossier_pdf
from tests.integration.test_storage import actor, case_by_title, load_demo

REFERENCE = Path(__file__).parents[1] / "data" / "arabic" / "amanah-word-shaped.png"
WORD = "أمانة"


def word_image(text: str, *, shaped: bool = True) -> Image.Image:
    """`text` as the Arabic dossier draws it, cropped to its ink (scale 2, 24 pt)."""
    token = current_language.set("ar")
    try:
        pdf = _Dossier("X")
        if not shaped:
            pdf.text_shaping = None
        pdf.add_page()
        pdf.set_font(pdf.family, "", 24)
        pdf.cell(0, 20, text, align="R")
        document = pdfium.PdfDocument(bytes(pdf.output()))
    finally:
        current_language.reset(token)
    image = document[0].render(scale=2).to_pil().convert("L")
    document.close()
    image = image.crop((0, 90, image.width, 220))  # below the running header
    box = ImageChops.invert(image).getbbox()
    assert box is not None, "no ink"
    return image.crop(box)


def difference(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute grey difference (0-255) once both have the reference's size."""
    b = b.resize(a.size)
    histogram = ImageChops.difference(a, b).histogram()
    return sum(i * n for i, n in enumerate(histogram)) / (a.size[0] * a.size[1])


def test_a_known_word_is_drawn_shaped_as_the_reference_rendering() -> None:
    reference = Image.open(REFERENCE).convert("L")
    shaped, unshaped = word_image(WORD), word_image(WORD, shaped=False)
    assert abs(shaped.size[0] - reference.size[0]) <= 2
    assert abs(shaped.size[1] - reference.size[1]) <= 2
    assert difference(reference, shaped) < 8
    # isolated letters are wider, and do not look like the word
    assert unshaped.size[0] > shaped.size[0] and difference(reference, unshaped) > 30


def test_the_arabic_dossier_reads_right_to_left_and_extracts_in_reading_order(
    engine: Engine,
) -> None:
    load_demo(engine)
    case = case_by_title(engine, "Coastal patrol boats")
    with transaction(engine) as session:
        data = dossier_pdf(session, actor(engine, "export"), case.id, language="ar")
    document = pdfium.PdfDocument(data)
    try:
        page = document[0]
        text = page.get_textpage().get_text_range()
        # headings and labels in logical order (as typed), the reference kept whole
        for words in ("نتائج الامتثال", "البنود", "الأطراف", "محظورة", case.reference):
            assert words in text, words
        assert "لاثتمالا" not in text  # not reversed
        # right to left: the headings stand at the right margin
        width = page.get_width()
        textpage = page.get_textpage()
        searcher = textpage.search("البنود")
        found = searcher.get_next()
        assert found is not None
        left, _, right, _ = textpage.get_charbox(found[0])
        assert left > width / 2 and right > width * 0.8
    finally:
        document.close()
    # English stays as it was: left to right
    with transaction(engine) as session:
        english = pdfium.PdfDocument(dossier_pdf(session, actor(engine, "export"), case.id))
    try:
        assert "Compliance findings" in english[0].get_textpage().get_text_range()
    finally:
        english.close()
