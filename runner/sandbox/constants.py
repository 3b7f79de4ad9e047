"""Made-up, public constants of the cdp-runner sandbox.

None of these are secrets: they exist so that collections and environments can be run
against the sandbox without a Sitecore tenant.
"""

from __future__ import annotations

#: Host name the in-process transport is mounted on (``.invalid`` never resolves, so a
#: request that escapes the mount fails instead of reaching the internet).
SANDBOX_HOST = "sandbox.cdp-runner.invalid"

#: Stream API client key (query parameter ``client_key``; REST Basic-auth username).
CLIENT_KEY = "sandbox-client-key-0000000000000000"
#: REST API token (Basic-auth password).
API_TOKEN = "sandbox-api-token-not-a-secret"
#: The point of sale configured in the sandbox "tenant".
POS = "sandbox.cdp-runner.test"
#: Sitecore Edge context id naming the sandbox "tenant" on the Cloud SDK's edge proxy paths.
EDGE_CONTEXT_ID = "00000000-0000-4000-8000-00000000c0de"
#: OAuth2 client-credentials pair accepted by ``POST /oauth/token``.
OAUTH_CLIENT_ID = "sandbox-client"
OAUTH_CLIENT_SECRET = "sandbox-secret-not-a-secret"

#: Stream API version string echoed in every Stream API answer.
STREAM_VERSION = "1.2"

#: Guest types accepted by ``POST /v2.1/guests``.
GUEST_TYPES = ("visitor", "customer", "traveller")
#: Data-extension names accepted by the v2.1 extensions API.
EXTENSION_NAMES = ("ext", "ext1", "ext2", "ext3", "ext4", "ext5")
#: Maximum number of key/value pairs in one data extension.
EXTENSION_MAX_KEYS = 100
#: Environment variable naming a JSON file of canned ``/v2/callFlows`` answers per friendlyId.
FLOWS_ENV = "SANDBOX_FLOWS"
