#!/bin/sh
# Prints a fresh random password for each NATS user of the platform, as VARIABLE=value lines:
#
#   sh deploy/nats/passwords.sh >> .env      # docker compose reads .env next to docker-compose.yml
#
# NATS_ADMIN_PASSWORD is the operator's; <APP>_NATS_PASSWORD is the app's (docker-compose.yml
# gives it to the NATS server and, as NATS_PASSWORD, to the app). Each starts with a letter:
# nats-server reads a value from its environment as configuration, so a password such as
# 1234kb or 10.5 would turn into a number.
set -eu
for variable in NATS_ADMIN_PASSWORD GATEWAY_NATS_PASSWORD PERMITS_NATS_PASSWORD \
  PAYMENTS_NATS_PASSWORD COMPLAINTS_NATS_PASSWORD AUDIT_NATS_PASSWORD WORKER_NATS_PASSWORD \
  INSIGHTS_NATS_PASSWORD; do
  printf '%s=p%s\n' "$variable" "$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
done
