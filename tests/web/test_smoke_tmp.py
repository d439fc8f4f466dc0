import httpx
from conftest import web_id


def test_smoke(platform):
    for path in ["/en/", "/nl/signatories", "/en/events", "/en/events?when=past", f"/nl/events/{web_id('Event', platform.events['fair_ict_flanders_2021'])}",
                 f"/nl/events/{web_id('Event', platform.events['conference'])}/register", "/en/awards", "/en/register", "/en/accessibility", "/fr/privacy"]:
        r = httpx.get(platform.web + path)
        print(path, r.status_code, len(r.text))
        if r.status_code != 200:
            print(r.text[:3000])
    import time; print(platform.urls); time.sleep(1)
