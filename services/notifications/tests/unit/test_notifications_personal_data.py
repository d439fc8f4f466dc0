"""Recognising a person by hash in stored JSON, and blanking them without damaging the text around them."""

import json

from contracts.privacy import person_hash

from notifications.adapters.erasures import PersonHashes, blank_people, people_in
from notifications.adapters.personal_data import blank, eraser

ANNE = PersonHashes(frozenset({person_hash("anne.dewit@gent.example", kind="email")}), frozenset({person_hash("Anne De Wit", kind="name")}))


def test_a_person_is_recognised_by_hash_whatever_the_case_and_spacing():
    assert ANNE.email("Anne.DeWit@Gent.example ") and ANNE.name("anne  de wit") and ANNE.either("ANNE.DEWIT@gent.example")
    assert not ANNE.email("anne.dewit@gent.example.org") and not ANNE.name("Anne")
    assert not PersonHashes() and PersonHashes.of({"a@b.example"}).email("A@b.example")


def test_the_name_beside_their_address_goes_with_it_and_nothing_else_does():
    event = {"registrant": {"name": "A. De Wit", "email": "Anne.Dewit@gent.example", "language": "nl"},
             "contacts": [{"name": "Jan Janssens", "email": "jan@gent.example"}], "signatory_name": "anne de wit", "title": "Anne's day"}
    assert people_in(event, ANNE) == {"Anne.Dewit@gent.example", "anne de wit"}
    assert blank_people(event, ANNE) == {
        "registrant": {"name": "[erased]", "email": "[erased]", "language": "nl"},
        "contacts": [{"name": "Jan Janssens", "email": "jan@gent.example"}], "signatory_name": "[erased]", "title": "Anne's day"}
    assert blank_people(event, PersonHashes()) is event


def test_text_is_blanked_as_whole_words_also_escaped_in_json_and_html():
    pattern = eraser({"Renée Dubois", "jan@gent.example"})
    payload = {"text": "Beste Renée Dubois, cc jan@gent.example.", "html": "<p>Beste Ren&#233;e</p><p>RENÉE DUBOIS</p>",
               "body": json.dumps({"name": "Renée Dubois"}), "other": "Renée Duboisson, xjan@gent.example, jan@gent.example.org"}
    assert blank(payload, pattern) == {"text": "Beste [erased], cc [erased].", "html": "<p>Beste Ren&#233;e</p><p>[erased]</p>",
                                       "body": '{"name": "[erased]"}', "other": payload["other"]}
    assert eraser(set()) is None and eraser({""}) is None
