"""The `[smtp]` section of `handouts.toml`: where emails go out; the password comes only from the environment."""

from typing import Any, Literal

from email_validator import EmailNotValidError, validate_email
from pydantic import Field, field_validator, model_validator

from handouts.content.models.base import Model, Text

PASSWORD_VARIABLE = "HANDOUTS_SMTP_PASSWORD"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


class SmtpSettings(Model):
    """How to reach the clinic's mail server and who the emails are from."""

    host: Text
    port: int | None = Field(default=None, ge=1, le=65535, description="Default: 587 starttls, 465 ssl, 25 none.")
    security: Literal["starttls", "ssl", "none"] = "starttls"
    username: str | None = None
    from_: Text = Field(alias="from", description="Sender address, e.g. 'Riverside Physio <classes@example.org>'.")
    reply_to: str | None = None
    rate_per_minute: float = Field(default=30, gt=0, description="At most this many messages a minute.")
    timeout: float = Field(default=30, gt=0, description="Seconds to wait for the server.")
    retry_attempts: int = Field(default=5, ge=1, le=20, description="Tries per message on a 4xx or a dropped line.")
    retry_delay: float = Field(default=2, ge=0, description="Seconds before the first retry; doubles each time.")

    @model_validator(mode="before")
    @classmethod
    def _no_password_here(cls, data: Any) -> Any:
        if isinstance(data, dict) and any(str(key).lower() in ("password", "pass", "secret") for key in data):
            raise ValueError(f"never put the SMTP password in handouts.toml; set {PASSWORD_VARIABLE} instead")
        return data

    @model_validator(mode="after")
    def _plaintext_only_locally(self) -> "SmtpSettings":
        if self.security == "none" and self.host.lower() not in LOCAL_HOSTS:
            raise ValueError(
                f"security = \"none\" sends in clear text, so it is allowed only for localhost, not '{self.host}';"
                ' use "starttls" or "ssl"'
            )
        return self

    @field_validator("from_", "reply_to")
    @classmethod
    def _address(cls, value: str | None) -> str | None:
        if value is not None:
            from email.headerregistry import Address
            from email.utils import parseaddr

            name, address = parseaddr(value)
            try:
                normalized = validate_email(address, check_deliverability=False).normalized
            except EmailNotValidError as exc:
                raise ValueError(f"'{value}' is not an email address: {exc}") from None
            return str(Address(display_name=name, addr_spec=normalized)) if name else normalized
        return value

    @property
    def effective_port(self) -> int:
        """The port to connect to: the configured one, else the usual one for the security mode."""
        return self.port or DEFAULT_PORTS[self.security]
