"""Reading the served OpenAPI schema in tests: an operation under a study, its answer's
schema, and the components those refer to."""

STUDY_PATH = "/api/v1/studies/{study_slug}/"


def served_schema(client) -> dict:
    return client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()


def operation(schema: dict, path: str, method: str = "get") -> dict:
    """The operation at `path` under a study, e.g. `participants/{id}/events/`."""
    return schema["paths"][STUDY_PATH + path][method]


def answer(schema: dict, path: str, method: str = "get", status: str = "200") -> dict:
    """The JSON schema of one answer of an operation."""
    content = operation(schema, path, method)["responses"][status]["content"]
    return content["application/json"]["schema"]


def component(schema: dict, ref: dict) -> dict:
    return schema["components"]["schemas"][ref["$ref"].rsplit("/", 1)[-1]]
