"""The OpenAPI description: every operation documents the common error body, and the token is
described as a bearer scheme (Swagger UI's "Authorize" button takes it)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema

from .errors import ErrorSerializer

ERRORS = {
    "400": "Parameter tidak valid (`fields` menyebut yang mana).",
    "401": "Tanpa token atau sesi, atau token tidak dikenal, dicabut, atau kedaluwarsa.",
    "403": "Peran Anda tidak membuka data ini.",
    "404": "Tidak ada, atau di luar cakupan Anda.",
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
            "description": "Token API dari admin BKPSDM: `Authorization: Bearer bkm_…`",
        }
