#!/bin/sh
# Prints a fresh API key and webhook signing secret for the payment sandbox, as VARIABLE=value
# lines:
#
#   sh deploy/payment-sandbox/secrets.sh >> .env   # docker compose reads .env next to docker-compose.yml
#
# docker-compose.yml gives both to the sandbox (SANDBOX_API_KEY, SANDBOX_WEBHOOK_SECRETS) and to
# the payments service (PAYMENTS_SANDBOX_API_KEY, PAYMENTS_SANDBOX_WEBHOOK_SECRETS), and to no
# other app. `npm start` makes its own, kept in .data/payment-sandbox/credentials.json.
set -eu
for variable in SANDBOX_API_KEY SANDBOX_WEBHOOK_SECRET; do
  printf '%s=s%s\n' "$variable" "$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
done
