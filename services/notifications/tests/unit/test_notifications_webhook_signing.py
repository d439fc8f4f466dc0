"""Standard Webhooks signatures: our signer against the spec's example and the reference library; our verifier too."""

import json
import time

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError as ReferenceError

from notifications.adapters.webhook_sender import UnsafeUrl, check_url
from notifications.domain.webhooks import WebhookVerificationError, new_secret, sign, signed_headers, verify

# The example of the Standard Webhooks specification (and its reference libraries' tests).
SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY = "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, '{"test": 2432232314}'
SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_the_signature_matches_the_specification_example():
    assert sign(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY) == SPEC_SIGNATURE
    headers = {"webhook-id": SPEC_ID, "webhook-timestamp": str(SPEC_TIMESTAMP), "webhook-signature": f"v1,bm90IGl0 {SPEC_SIGNATURE}"}
    verify(SPEC_SECRET, headers, SPEC_BODY, now=SPEC_TIMESTAMP + 10)  # any one of several signatures may match (key rotation)


def test_the_reference_library_accepts_what_we_sign_and_refuses_tampering_and_old_timestamps():
    secret, body = new_secret(), json.dumps({"type": "membership.signature.verified.v1", "data": {"organisation_id": "o1"}}).encode()
    now = int(time.time())
    headers = signed_headers(secret, "msg_1", now, body)
    assert Webhook(secret).verify(body, headers)["data"]["organisation_id"] == "o1"
    with pytest.raises(ReferenceError):
        Webhook(secret).verify(body.replace(b"o1", b"o2"), headers)
    old = signed_headers(secret, "msg_1", now - 3600, body)
    with pytest.raises(ReferenceError):
        Webhook(secret).verify(body, old)
    with pytest.raises(ReferenceError):
        Webhook(new_secret()).verify(body, headers)


def test_our_verifier_refuses_tampering_old_timestamps_and_other_secrets():
    secret, body, now = new_secret(), b'{"a": 1}', int(time.time())
    headers = signed_headers(secret, "msg_2", now, body)
    verify(secret, headers, body, now=now)
    for bad_body, bad_headers, bad_secret in [
        (b'{"a": 2}', headers, secret),
        (body, signed_headers(secret, "msg_2", now - 301, body), secret),
        (body, signed_headers(secret, "msg_2", now + 301, body), secret),
        (body, headers, new_secret()),
        (body, {**headers, "webhook-id": "msg_3"}, secret),
        (body, {k: v for k, v in headers.items() if k != "webhook-signature"}, secret),
    ]:
        with pytest.raises(WebhookVerificationError):
            verify(bad_secret, bad_headers, bad_body, now=now)


@pytest.mark.parametrize("url", ["http://127.0.0.1/hook", "http://localhost:8080/", "https://10.1.2.3/", "http://169.254.169.254/latest",
                                 "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://192.168.0.10/", "http://0.0.0.0/",
                                 "http://100.64.0.1/", "ftp://93.184.216.34/", "file:///etc/passwd", "http://user:pw@93.184.216.34/"])
async def test_non_public_or_non_http_targets_are_refused(url):
    with pytest.raises(UnsafeUrl):
        await check_url(url, allow_private=False)


async def test_public_addresses_pass_and_development_may_allow_private_ones():
    await check_url("https://93.184.216.34/hooks/pact", allow_private=False)
    await check_url("http://127.0.0.1:9000/hook", allow_private=True)
    with pytest.raises(UnsafeUrl):
        await check_url("gopher://127.0.0.1/", allow_private=True)
