"""What ``cdp-runner init`` writes into a new project, file by file (relative path -> text)."""

from __future__ import annotations

import json

from runner.sandbox.constants import API_TOKEN, CLIENT_KEY, POS, SANDBOX_HOST

SCHEMA_ID = "https://cdp-runner.dev/schema/collection.schema.json"
SCHEMA_COPY = ".vscode/cdp-runner-collection.schema.json"  # editors read this local copy; no network
INSTALL = "cdp-runner @ git+https://github.com/cdp-runner/cdp-runner.git"

SAMPLE_FLOW = {
    "$schema": SCHEMA_ID,
    "name": "First flow - a browser and a VIEW event",
    "description": "Create a browser with the Stream API, then send a VIEW event for it. Runs against the "
                   "embedded sandbox as it is; give -e environments/.env for your tenant.",
    "items": [
        {
            "name": "Create browser",
            "request": {
                "method": "GET",
                "url": "https://{{API_ENDPOINT}}/v1.2/browser/create.json",
                "query": {"client_key": "{{CLIENT_KEY}}", "message": "{}"},
            },
            "assert": [{"status": 200}, {"that": "$.ref", "matches": "^[0-9a-f-]{36}$"}],
            "capture": {"BROWSER_ID": "$.ref"},
        },
        {
            "name": "Send VIEW event",
            "prerequest": {"messages": {"message": {
                "channel": "{{CHANNEL}}", "type": "VIEW", "language": "{{LANGUAGE}}", "currency": "{{CURRENCY}}",
                "page": "home page", "pos": "{{POS}}", "browser_id": "{{BROWSER_ID}}"}}},
            "request": {
                "method": "GET",
                "url": "https://{{API_ENDPOINT}}/v1.2/event/create.json",
                "query": {"client_key": "{{CLIENT_KEY}}", "message": "{{message}}"},
            },
            "assert": [{"status": 201}, {"that": "$.status", "equals": "OK", "name": "view accepted"}],
        },
    ],
}

SANDBOX_ENV = f"""\
# The embedded sandbox: made-up keys, no tenant needed. cdp-runner answers this host in-process.
API_ENDPOINT={SANDBOX_HOST}
CLIENT_KEY={CLIENT_KEY}
API_TOKEN={API_TOKEN}
POS={POS}
CHANNEL=WEB
LANGUAGE=EN
CURRENCY=EUR
"""

ENV_EXAMPLE = """\
# Your tenant's values. Copy to environments/.env (git-ignored) and fill in:
#   cdp-runner run collections/ -e environments/.env
#   pytest collections/ --cdp-env environments/.env
# API_ENDPOINT is the host only, as Postman environments hold it.
API_ENDPOINT=api-engage-eu.sitecorecloud.io
CLIENT_KEY=
API_TOKEN=
POS=
CHANNEL=WEB
LANGUAGE=EN
CURRENCY=EUR
"""

PYTEST_INI = """\
[pytest]
# every collection under collections/ runs as pytest tests (the cdp-runner plugin needs no conftest)
testpaths = collections
# With no cdp_env the embedded sandbox answers. For your tenant: fill in environments/.env and
# uncomment (or give --cdp-env environments/.env on the command line).
# cdp_env = environments/.env
"""

WORKFLOW = f"""\
name: API checks
on: [push, pull_request]
jobs:
  api-checks:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pip install "{INSTALL}"
      # Against your tenant instead of the sandbox, add (secrets from the repository settings):
      #   --cdp-env environments/.env.example --cdp-env-var CLIENT_KEY=${{{{ secrets.CDP_CLIENT_KEY }}}}
      #   --cdp-env-var API_TOKEN=${{{{ secrets.CDP_API_TOKEN }}}} --cdp-env-var POS=${{{{ vars.CDP_POS }}}}
      - run: pytest collections/ --junitxml=reports/junit.xml
      - name: Test report
        if: always()
        uses: mikepenz/action-junit-report@v4
        with:
          report_paths: reports/junit.xml
"""

GITIGNORE = """\
# real environments stay local; the example and the sandbox's made-up keys are committed
environments/.env
environments/*.env
!environments/sandbox.env
reports/
newman/
.venv/
__pycache__/
.pytest_cache/
"""


def vscode_settings() -> str:
    return json.dumps({"json.schemas": [{
        "fileMatch": ["collections/**/*.json", "!collections/**/*.postman_collection.json",
                      "!collections/mocks/**"],
        "url": "./" + SCHEMA_COPY,
    }]}, indent=2) + "\n"


def project_files(*, sample: bool, schema_text: str) -> dict[str, str]:
    """Every file of a new project; ``sample``: include the first flow."""
    files = {
        "environments/sandbox.env": SANDBOX_ENV,
        "environments/.env.example": ENV_EXAMPLE,
        "environments/.env": ENV_EXAMPLE,
        "pytest.ini": PYTEST_INI,
        ".github/workflows/api-checks.yml": WORKFLOW,
        ".gitignore": GITIGNORE,
        ".vscode/settings.json": vscode_settings(),
        SCHEMA_COPY: schema_text,
    }
    if sample:
        files["collections/first-flow.json"] = json.dumps(SAMPLE_FLOW, indent=2, ensure_ascii=False) + "\n"
    return files
