from services.extract.cleaning import clean_text


def test_stray_image_debris_lines_are_dropped() -> None:
    assert clean_text("The bank cut rates.\n.jpg)\nMarkets rose.") == "The bank cut rates.\nMarkets rose."


def test_runs_of_spaces_and_blank_lines_collapse() -> None:
    assert clean_text("  A  \u00a0 b.\n\n\n\nC.  ") == "A b.\n\nC."


def test_ordinary_text_is_unchanged() -> None:
    text = "Ottawa rescinded the tax on 3.5% of revenue (see photo.jpg for details)."
    assert clean_text(text) == text
