"""Article identity: canonical URLs, content hashes, ids."""

from __future__ import annotations

import pytest

from services.ingest.identity import article_id, canonical_url, content_hash, normalise_for_hash


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("https://example.org/news/a", "https://example.org/news/a"),
        ("HTTP://WWW.Example.org/news/a/", "https://example.org/news/a"),
        ("https://example.org/news/a?utm_source=rss&utm_medium=feed", "https://example.org/news/a"),
        ("https://example.org/news/a?fbclid=xyz#comments", "https://example.org/news/a"),
        ("https://example.org/news/a/amp", "https://example.org/news/a"),
        ("https://example.org/amp/news/a", "https://example.org/news/a"),
        ("https://amp.example.org/news/a", "https://example.org/news/a"),
        ("https://example.org/news/a?amp=1", "https://example.org/news/a"),
        ("https://example.org/news/a.amp", "https://example.org/news/a"),
        ("https://m.example.org/news/a?outputType=amp", "https://example.org/news/a"),
    ],
)
def test_variants_of_one_page_share_one_canonical_url(variant: str, canonical: str) -> None:
    assert canonical_url(variant) == canonical


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("https://example.org:8443/news/a", "https://example.org:8443/news/a"),
        ("http://www.example.org:8080/news/a/", "https://example.org:8080/news/a"),
        ("https://example.org:443/news/a", "https://example.org/news/a"),
        ("http://example.org:80/news/a", "https://example.org/news/a"),
    ],
)
def test_a_non_default_port_is_kept_and_a_default_one_dropped(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


def test_pages_on_different_ports_stay_different_articles() -> None:
    assert canonical_url("https://example.org:8443/a") != canonical_url("https://example.org/a")


def test_meaningful_query_parameters_are_kept_in_a_stable_order() -> None:
    assert canonical_url("https://example.org/story?page=2&id=7&utm_campaign=x") == (
        "https://example.org/story?id=7&page=2"
    )


def test_amp_html_suffix_is_folded() -> None:
    assert canonical_url("https://example.org/story-1.amp.html") == "https://example.org/story-1.html"


def test_non_http_urls_have_no_canonical_form() -> None:
    assert canonical_url("ftp://example.org/a") is None
    assert canonical_url("not a url") is None


def test_content_hash_ignores_case_and_whitespace_but_not_words() -> None:
    base = content_hash("Ban delayed", "The ban is delayed.")
    assert content_hash("Ban  delayed", "the ban is\n delayed.") == base
    assert content_hash("Ban delayed", "The ban is scrapped.") != base
    assert content_hash("Ban scrapped", "The ban is delayed.") != base


@pytest.mark.parametrize(
    ("typographic", "straight"),
    [
        ("The minister\u2019s plan", "The minister's plan"),
        ("\u2018Never\u2019, she said", "'Never', she said"),
        ("\u201cWe will act\u201d", '"We will act"'),
    ],
)
def test_typographic_quotes_are_folded_for_the_hash(typographic: str, straight: str) -> None:
    assert normalise_for_hash(typographic) == normalise_for_hash(straight)
    assert content_hash("t", typographic) == content_hash("t", straight)


def test_id_comes_from_canonical_url_else_source_id_else_content() -> None:
    by_url = article_id(canonical="https://example.org/a", source="x", external_id="7", hash_="h")
    assert by_url == article_id(canonical="https://example.org/a", source="y", external_id=None, hash_="k")
    by_source_id = article_id(canonical=None, source="Wire", external_id="7", hash_="h")
    assert by_source_id == article_id(canonical=None, source="wire", external_id="7", hash_="other")
    by_content = article_id(canonical=None, source="wire", external_id=None, hash_="h")
    assert len({by_url, by_source_id, by_content}) == 3


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("https://Example.ORG./a", "https://example.org/a"),  # the root's trailing dot
        ("https://www.com/a", "https://www.com/a"),  # 'www.' is the name here, not a prefix
        ("https://example.org/wiki/Category:Trade_(2025)", "https://example.org/wiki/Category:Trade_(2025)"),
        ("https://example.org/FAQ/TAX/", "https://example.org/FAQ/TAX"),  # only slashes trimmed
        ("https://example.org", "https://example.org/"),
        ("https://example.org/s?utm_source=x&b=2&fbclid=1&a=1", "https://example.org/s?a=1&b=2"),
        ("https://example.org/s?flag&b=1", "https://example.org/s?b=1&flag="),  # a bare flag stays
        ("https://example.org/s?output=amp", "https://example.org/s"),
        ("https://example.org/s?outputType=html&page=1", "https://example.org/s?outputType=html&page=1"),
    ],
    ids=[
        "trailing-dot",
        "www-is-the-domain",
        "path-punctuation",
        "uppercase-path",
        "empty-path",
        "tracking-before-kept",
        "blank-value",
        "output-amp",
        "not-amp-values",
    ],
)
def test_canonical_url_edge_cases(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


def test_normalised_text_is_folded_collapsed_and_trimmed() -> None:
    assert normalise_for_hash("  The  Ban\n\t is \u2019delayed\u2019 ") == "the ban is 'delayed'"


def test_ids_and_hashes_keep_the_values_already_stored() -> None:
    # Stored in the seen-set and carried on the wire: a change would make every known article new.
    assert content_hash("Ban delayed", "The ban is delayed.") == (
        "10ea105873dfbc13eaab19c31b7d545a418c41491faab44e2c2594d80192edc6"
    )
    assert article_id(canonical="https://example.org/a", source="x", external_id="7", hash_="h") == (
        "ab911b2aa2f546c82877e8f3"
    )
    assert article_id(canonical=None, source="Wire", external_id="7", hash_="h") == "967f52bc1677640119a16845"
    assert (
        article_id(canonical=None, source="Wire", external_id=None, hash_="h") == "8533220778a3d01d86261ef7"
    )
