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
"""

import os

import schemathesis

ROLE = os.environ.get("CONTRACT_ACTING_ROLE", "")
USER_ID = os.environ.get("CONTRACT_ACTING_USER_ID", "")

OWN_ACCOUNT_OPERATIONS = {("/api/v1/auth/totp/setup", "post")}


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
