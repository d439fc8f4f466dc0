#!/bin/sh
# Development secrets for compose: the JWT key pair (the private half issues tokens with
# `pactctl token issue --private-key secrets/jwt_private.pem`), the register's Ed25519 signing key and the link secrets.
set -eu
cd "$(dirname "$0")"
mkdir -p secrets
[ -f secrets/jwt_private.pem ] || openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out secrets/jwt_private.pem
openssl pkey -in secrets/jwt_private.pem -pubout -out secrets/jwt_public.pem
[ -f secrets/register_signing_key.pem ] || openssl genpkey -algorithm ed25519 -out secrets/register_signing_key.pem
# The secrets that sign personal links in e-mails (events: cancel, join, calendar, ticket; notifications: unsubscribe).
[ -f secrets/events_link_secret ] || openssl rand -hex 32 > secrets/events_link_secret
[ -f secrets/notifications_link_secret ] || openssl rand -hex 32 > secrets/notifications_link_secret
[ -f secrets/web_secret_key ] || openssl rand -hex 32 > secrets/web_secret_key
[ -f secrets/web_gateway_client_secret ] || openssl rand -hex 32 > secrets/web_gateway_client_secret
echo "secrets written to $(pwd)/secrets"
