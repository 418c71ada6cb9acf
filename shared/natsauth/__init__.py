"""NATS identities for PolicyWatch: decentralised JWT accounts signed with `nkeys`.

One operator trusts two accounts: `SYS` (the server's system account) and `POLICYWATCH` (every
stream and subject). Each service connects as its own user of `POLICYWATCH` with only the
subjects it needs (`permissions.py`); each owner gets a user that can read only its own alerts.
The alert service holds the account's signing key to issue owner users and the operator's
signing key to re-sign the account with revocations (`issuer.py`). nats-server verifies every
connection on its own: no service of ours sits in the connection path.
"""
