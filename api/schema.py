"""The OpenAPI description: every operation documents the common error body, and the token is
described as a bearer scheme (Swagger UI's "Authorize" button takes it). The description is written
for developers in English, like the code and the field names; the API's answers follow the language
of the request (Indonesian unless the language cookie says otherwise)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema

from .errors import ErrorSerializer

ERRORS = {
    "400": "Invalid parameters (`fields` names them).",
    "401": "No token or session, or an unknown, revoked or expired token.",
    "403": "Your role does not open this data.",
    "404": "Does not exist, or is outside your scope.",
    "406": "The `Accept` header asks for a format other than JSON, the only one the API gives.",
}


class ApiSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, description in ERRORS.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                responses[code]["description"] = description
        return responses


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token from the BKPSDM admin: `Authorization: Bearer bkm_…`",
        }
