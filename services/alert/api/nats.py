"""/nats/credentials: an owner's NATS credentials, issued again (rotated) on request.

Each request revokes the owner's earlier credentials: nats-server closes their connections
and refuses them from then on. The response is the only place the new credentials appear.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, status
from pydantic import BaseModel, Field, field_validator

from services.alert.api.deps import CurrentOwner
from services.alert.owners import nats_credentials as natscreds
from services.alert.owners.nats_access import NatsAccessError, OwnerAccess
from shared.auth import UNAUTHORIZED
from shared.openapi import problem
from shared.subjects import ALERTS_STREAM

router = APIRouter(prefix="/nats", tags=["nats"], responses=UNAUTHORIZED)


class CredentialsRequest(BaseModel):
    consumers: list[str] = Field(
        default=list(natscreds.DEFAULT_CONSUMERS),
        description="Labels of your durable consumers on POLICY_ALERTS (1-32 lowercase letters and "
        "digits each, at most 8); each becomes a pull consumer named `<owner>-<label>`. "
        "Existing ones keep their position.",
    )

    @field_validator("consumers")
    @classmethod
    def _labels(cls, value: list[str]) -> list[str]:
        return natscreds.check_labels(value)


class CredentialsPublic(BaseModel):
    owner: str
    user: str = Field(description="The NATS user's public key.")
    creds: str = Field(description="The `.creds` file (user JWT and nkey seed). Shown only here.")
    subject: str = Field(description="Subscribe here for your alerts, live.")
    inbox_prefix: str = Field(description="Connect with this inbox prefix: the only inboxes you may read.")
    stream: str
    durables: list[str] = Field(description="Your durable pull consumers on the stream.")


@router.post(
    "/credentials",
    status_code=status.HTTP_201_CREATED,
    summary="Issue new NATS credentials for your alerts; earlier ones stop working",
    responses={503: problem("No NATS issuer is configured, or NATS is unreachable.")},
)
async def rotate_credentials(
    owner: CurrentOwner, request: Request, body: CredentialsRequest | None = None
) -> CredentialsPublic:
    access: OwnerAccess = request.app.state.owner_access
    labels = body.consumers if body is not None else list(natscreds.DEFAULT_CONSUMERS)
    try:
        issued = await access.rotate(owner.id, labels)
    except (NatsAccessError, OSError, TimeoutError) as exc:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE, f"NATS credentials unavailable: {exc}"
        ) from exc
    return CredentialsPublic(
        owner=owner.id,
        user=issued.user,
        creds=issued.creds,
        subject=issued.subject,
        inbox_prefix=issued.inbox_prefix,
        stream=ALERTS_STREAM,
        durables=issued.durables,
    )
