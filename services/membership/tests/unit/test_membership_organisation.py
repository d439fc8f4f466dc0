"""The organisation aggregate: plain Python, no database."""

import pytest
from membership.domain.errors import InvalidOrganisation
from membership.domain.model import Language, Organisation, OrganisationKind


def register(**overrides):
    fields = dict(name="Rijkswaterstaat (RWS)", kind=OrganisationKind.COORDINATING, country="nl", website="https://www.rijkswaterstaat.nl",
                  languages=[Language.NL, Language.EN])
    return Organisation.register(**{**fields, **overrides})


def test_registering_normalises_name_country_and_languages():
    org = register(name="  Rijkswaterstaat   (RWS) ", languages=[Language.NL, Language.NL, Language.EN])
    assert org.name == "Rijkswaterstaat (RWS)"
    assert org.country == "NL"
    assert org.languages == [Language.NL, Language.EN]
    assert org.registered_at.tzinfo is not None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": "   "}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"country": "XX"}, "country"),
        ({"country": "Belgium"}, "country"),
        ({"website": "not a url"}, "website"),
        ({"website": "ftp://files.example.org"}, "website"),
        ({"languages": []}, "languages"),
    ],
)
def test_invalid_organisations_are_refused_with_the_field_named(overrides, field):
    with pytest.raises(InvalidOrganisation) as refused:
        register(**overrides)
    assert refused.value.field == field


def test_participants_sign_the_pact_and_supporters_a_letter_of_support():
    assert register(kind=OrganisationKind.PROCURING).signs == "pact"
    assert register(kind=OrganisationKind.COORDINATING).signs == "pact"
    assert register(kind=OrganisationKind.SUPPORTING).signs == "letter_of_support"
