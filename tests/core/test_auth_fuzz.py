"""Whatever a collection puts in an auth object, applying it either works or raises AuthError (the
request fails with a reason): never another exception, which would end the run."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runner.core import auth
from runner.model.prepared import Prepared
from runner.transport.http import HttpSession

OPTIONS = ["username", "password", "token", "key", "value", "in", "accessToken", "addTokenTo", "headerPrefix",
           "algorithm", "realm", "nonce", "qop", "opaque", "nonceCount", "clientNonce", "disableRetryRequest",
           "consumerKey", "consumerSecret", "tokenSecret", "signatureMethod", "privateKey", "version", "timestamp",
           "callback", "verifier", "includeBodyHash", "addParamsToHeader", "addEmptyParamsToSign",
           "disableHeaderEncoding", "authId", "authKey", "extraData", "app", "delegation", "includePayloadHash",
           "secretKey", "sessionToken", "region", "service", "addAuthDataToQuery", "domain", "workstation",
           "clientToken", "clientSecret", "baseURL", "headersToSign", "maxBodySize", "secret",
           "isSecretBase64Encoded", "payload", "header", "queryParamKey"]
values = st.none() | st.booleans() | st.integers(-5, 10**6) | st.text(max_size=12) | \
    st.sampled_from(["HMAC-SHA1", "RSA-SHA256", "PLAINTEXT", "sha256", "MD5-sess", "HS256", "RS256", "ES256",
                     "queryParam", "queryParams", "query", "-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----",
                     '{"a": 1}', "[1]", "auth-int", "s3", "x-a,,y"]) | \
    st.lists(st.text(max_size=3), max_size=2) | st.dictionaries(st.text(max_size=3), st.integers(), max_size=2)
specs = st.builds(lambda kind, options: {**options, "type": kind}, st.sampled_from(sorted(auth.TYPES)),
                  st.dictionaries(st.sampled_from(OPTIONS), values, max_size=8))
requests = st.builds(
    lambda method, url, content, data: Prepared(method, url, content=content, data=data),
    st.sampled_from(["GET", "POST", "PUT"]),
    st.sampled_from(["http://127.0.0.1:9/p?a=1&b=x+y", "http://[::1]:8080/", "https://h.example/a%20b/../c?",
                     "http://127.0.0.1:9/ü?q=ä"]),
    st.none() | st.binary(max_size=20), st.none() | st.lists(st.tuples(st.text(max_size=4), st.text(max_size=4)),
                                                              max_size=2))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=specs, prepared=requests)
def test_apply_raises_only_auth_error(spec: dict, prepared: Prepared) -> None:
    if spec["type"] == "oauth2":
        spec.pop("accessTokenUrl", None)  # no token call from a fuzz test
    session = HttpSession()
    try:
        auth.apply(spec, prepared, auth.TokenCache(session))
    except auth.AuthError:
        pass
    assert all(isinstance(v, str) for v in auth.secret_values(spec))
