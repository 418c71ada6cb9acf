"""Cleaning article text: markup, debris, whitespace, quotes; idempotent so offsets stay put."""

from __future__ import annotations

import pytest

from shared.cleaning import clean_text, clean_title, is_debris_line, normalise_quotes, strip_markup


def test_html_paragraphs_become_lines_and_entities_are_decoded() -> None:
    raw = "<p>The council voted 7&ndash;2 to scrap the levy.</p><p>Rates &amp; fees fall in May.</p>"
    assert clean_text(raw) == "The council voted 7–2 to scrap the levy.\n\nRates & fees fall in May."


def test_scripts_styles_and_comments_are_dropped_with_their_content() -> None:
    raw = "<div>Ministers agreed.<script>var x = 1;</script><style>p{}</style><!-- ad slot --></div>"
    assert clean_text(raw) == "Ministers agreed."


def test_double_escaped_html_from_a_feed_is_stripped() -> None:
    assert clean_text("&lt;p&gt;The bank held rates.&lt;/p&gt;") == "The bank held rates."


def test_prose_with_angle_brackets_is_not_taken_for_markup() -> None:
    assert clean_text("Inflation < 2% and growth > 1% were the targets.") == (
        "Inflation < 2% and growth > 1% were the targets."
    )


def test_stray_image_leftover_lines_are_removed() -> None:
    raw = "The minister spoke on Monday.\n.jpg)\nShe announced a new cap.\nphoto-2231.png?w=800)\nEnd."
    assert clean_text(raw) == "The minister spoke on Monday.\nShe announced a new cap.\nEnd."


def test_markdown_images_vanish_and_markdown_links_keep_their_text() -> None:
    raw = "![](https://cdn.example/a.jpg) The [central bank](https://example.org/cb) cut rates."
    assert clean_text(raw) == "The central bank cut rates."


@pytest.mark.parametrize(
    "line",
    [
        "Advertisement",
        "ADVERTISEMENT",
        "Skip Advertisement",
        "Share",
        "Share on Facebook",
        "Tweet",
        "Copy link",
        "Read more",
        "Sign up for our newsletter today",
        "https://example.org/x",
        "* * *",
        "—",
    ],
)
def test_scraping_debris_lines_are_recognised(line: str) -> None:
    assert is_debris_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Share prices fell sharply after the central bank announced a surprise rate increase on Monday.",
        "Email from the ministry confirmed the decision to delay the ban.",
        "Gibraltar",
        "Immigration",
    ],
)
def test_prose_and_subheadings_are_not_debris(line: str) -> None:
    assert not is_debris_line(line)


def test_debris_lines_are_removed_from_the_body() -> None:
    raw = "The government lifted the ban.\nAdvertisement\nShare this article\nExports resume next week."
    assert clean_text(raw) == "The government lifted the ban.\nExports resume next week."


def test_whitespace_is_collapsed_and_paragraph_breaks_kept() -> None:
    raw = "  First\u00a0 line\t here.  \r\n\r\n\r\n\r\nSecond\u200b line.\n\n\n"
    assert clean_text(raw) == "First line here.\n\nSecond line."


def test_curly_quotes_become_straight_one_character_for_one() -> None:
    raw = "\u201cWe\u2019ll act,\u201d she said of the \u2018new\u2019 rule."
    cleaned = normalise_quotes(raw)
    assert cleaned == "\"We'll act,\" she said of the 'new' rule."
    assert len(cleaned) == len(raw)


def test_guillemets_are_left_alone() -> None:
    assert clean_text("Il a dit «non».") == "Il a dit «non»."


def test_cleaning_is_idempotent_so_offsets_into_the_cleaned_text_stay_valid() -> None:
    raw = "<p>The \u201cplan\u201d  is dead.</p>\n.jpg)\nAdvertisement\n&amp;amp; more\n\n\n\nEnd."
    once = clean_text(raw)
    assert clean_text(once) == once
    start = once.index("plan")
    assert once[start : start + 4] == "plan"


def test_title_is_folded_onto_one_line() -> None:
    assert clean_title("  <b>Bank \u2018pauses\u2019</b>\n cuts ") == "Bank 'pauses' cuts"


def test_strip_markup_turns_line_breaks_into_newlines() -> None:
    assert strip_markup("a<br>b<br/>c") == "a\nb\nc"


def test_text_of_only_debris_cleans_to_empty() -> None:
    assert clean_text("<div><img src='x.jpg'></div>\n.jpg)\nAdvertisement") == ""


# Cases the offline `policywatch extract` relies on (it cleans raw corpus text the same way).


def test_offline_stray_image_debris_lines_are_dropped() -> None:
    assert clean_text("The bank cut rates.\n.jpg)\nMarkets rose.") == "The bank cut rates.\nMarkets rose."


def test_offline_runs_of_spaces_and_blank_lines_collapse() -> None:
    assert clean_text("  A  \u00a0 b.\n\n\n\nC.  ") == "A b.\n\nC."


def test_offline_ordinary_text_is_unchanged() -> None:
    text = "Ottawa rescinded the tax on 3.5% of revenue (see photo.jpg for details)."
    assert clean_text(text) == text


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        # tags nested deeper than the passes of strip_markup_fully: Hypothesis found '' != '<p-->'
        ("<p<a<a<script>-->-->-->", "< p-->"),
        ("x <\u200bp> y", "x < p> y"),  # a tag that appears only once the invisible space is gone
        ("&amp;amp;amp;amp;lt;", "& amp;lt;"),  # escaped four times
        ("[[[[a](/1)](/2)](/3)](/4)", "[a] (/4)"),
    ],
)
def test_markup_left_after_cleaning_is_defused_so_cleaning_again_changes_nothing(
    raw: str, cleaned: str
) -> None:
    assert clean_text(raw) == cleaned
    assert clean_text(cleaned) == cleaned
    assert clean_title(raw) == clean_title(clean_title(raw))


def test_defusing_leaves_prose_with_brackets_and_ampersands_alone() -> None:
    text = "AT&T said a < b and c > d [sic] (twice); R&D spending rose."
    assert clean_text(text) == text


def test_control_characters_are_dropped_so_no_nul_reaches_a_database() -> None:
    """PostgreSQL's text holds no U+0000: an article carrying one (a feed can) would be
    refused by every store downstream, alert's shifts included, and dead-lettered there."""
    raw = "Tariffs\x00 rise\x01 to 50 percent.\x7f\nA second\x1b line."
    assert clean_text(raw) == "Tariffs rise to 50 percent.\nA second line."
    assert clean_title("Steel\x00 tariffs\x08") == "Steel tariffs"
    assert clean_text(clean_text(raw)) == clean_text(raw)
