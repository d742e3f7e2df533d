"""Schemathesis hooks of the API contract test (test/contract/openapi.contract-spec.ts).

They leave out only what would change the acting account or its role's settings, so that
one run cannot lock itself out half-way; everything else in the document is fuzzed with
all checks. The test passes who acts in the environment:

- CONTRACT_ACTING_ROLE: the role of the account whose bearer token the run sends
  (empty: anonymous);
- CONTRACT_ACTING_USER_ID: that account's id.

Left out, for a logged-in run only:
- POST /api/v1/auth/totp/setup: gives the acting account a (pending) TOTP secret;
- POST /api/v1/users/{id}/deactivate with the acting account's own id;
- PUT /api/v1/roles/{role}/two-factor for the acting account's own role.

Logout and TOTP confirmation stay in: without the run's refresh token or TOTP secret,
which schemathesis never sees, they cannot change the account.

A well-formed Idempotency-Key that schemathesis draws is made the request's own (a counter is
appended), as a client names each new command with a new key: drawn keys repeat ("0", "a"),
and the gateway rightly answers the same key with another body 422
PLATFORM.IDEMPOTENCY_KEY_REUSED, which says nothing about the document. Malformed keys are sent
as drawn, so their refusal is still checked; replaying a key is the integration test's
(test/integration/idempotency.int-spec.ts).
"""

import itertools
import os
import re

import schemathesis

ROLE = os.environ.get("CONTRACT_ACTING_ROLE", "")
USER_ID = os.environ.get("CONTRACT_ACTING_USER_ID", "")

OWN_ACCOUNT_OPERATIONS = {("/api/v1/auth/totp/setup", "post")}

IDEMPOTENCY_KEY = "idempotency-key"
# The gateway's rule (apps/gateway/src/idempotency/idempotency.constants.ts).
WELL_FORMED_KEY = re.compile(r"[A-Za-z0-9-]{1,255}")
REQUEST_NUMBERS = itertools.count(1)


@schemathesis.hook
def before_load_schema(context, raw_schema):
    if not ROLE:
        return
    paths = raw_schema.get("paths", {})
    for path, method in OWN_ACCOUNT_OPERATIONS:
        item = paths.get(path)
        if item is None:
            raise AssertionError(f"{method.upper()} {path} is no longer in the document")
        item.pop(method, None)
        if not any(k in item for k in ("get", "put", "post", "delete", "patch", "head", "options", "trace")):
            del paths[path]


@schemathesis.hook
def filter_case(context, case):
    """Applies to every phase, including values the stateful phase takes from links."""
    if not ROLE:
        return True
    parameters = case.path_parameters or {}
    if USER_ID and parameters.get("id") == USER_ID:
        return False
    return parameters.get("role") != ROLE


@schemathesis.hook
def before_call(context, case, kwargs):
    """Each request with a well-formed Idempotency-Key gets a key of its own."""
    for name, value in list((case.headers or {}).items()):
        if name.lower() == IDEMPOTENCY_KEY and isinstance(value, str) and WELL_FORMED_KEY.fullmatch(value):
            suffix = f"-{next(REQUEST_NUMBERS)}"
            case.headers[name] = value[: 255 - len(suffix)] + suffix
            # Still a well-formed key: the case is what it was drawn as (a "missing
            # Authorization" case stays that, not relabelled positive by a re-check of headers).
            case._sync_validated_hashes()
