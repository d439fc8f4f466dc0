"""Pact documents: what a publication must carry (plain Python)."""

from datetime import date

import pytest
from membership.domain.documents import DocumentKind, PactDocument
from membership.domain.errors import InvalidDocument
from membership.domain.model import Language


def publish(**overrides):
    fields = dict(kind=DocumentKind.PACT, version="2021-06", language=Language.NL, title="  Circular and Fair ICT Pact ",
                  published_on=date(2021, 6, 1), sha256="AB" * 32, media_type="application/pdf", filename="pact.pdf", size=3,
                  published_by="secretariat-1")
    return PactDocument.publish(**{**fields, **overrides})


def test_publishing_normalises_title_and_digest():
    doc = publish()
    assert doc.title == "Circular and Fair ICT Pact" and doc.sha256 == "ab" * 32
    assert doc.describe() == "the pact version 2021-06 (nl)"


@pytest.mark.parametrize(("overrides", "field"), [({"version": "june 2021"}, "version"), ({"title": " "}, "title"),
                                                  ({"size": 0}, "file"), ({"sha256": "xyz"}, "sha256")])
def test_invalid_publications_name_the_field(overrides, field):
    with pytest.raises(InvalidDocument) as refused:
        publish(**overrides)
    assert refused.value.field == field
