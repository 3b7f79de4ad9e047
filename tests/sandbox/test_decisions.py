"""Decision model definitions and variants, and audience sync (batch flows) jobs, as the public
Sitecore CDP Postman collection calls them (no public reference page: the sandbox's choices are in
docs/sandbox.md)."""

from __future__ import annotations

from sandbox_helpers import BASE


def test_decision_model_definitions_and_revisions(rest, client):
    assert client.get("/v2/decisionModelDefinitions").status_code == 401
    assert rest.post("/v2/decisionModelDefinitions", json={"description": "no name"}).status_code == 400
    r = rest.post("/v2/decisionModelDefinitions", json={"name": "Determine Loan Limit", "description": "limit"})
    assert r.status_code == 201
    ref = r.json()["ref"]
    assert r.json()["variants"]["href"] == f"{BASE}/v2/decisionModelDefinitions/{ref}/variants"
    assert rest.put(f"/v2/decisionModelDefinitions/{ref}", json={"name": "Loan limit", "revision": 9}).json()["revision"] == 2
    assert [d["name"] for d in rest.get("/v2/decisionModelDefinitions").json()["items"]] == ["Loan limit"]
    revisions = rest.get(f"/v2/decisionModelDefinitions/{ref}/revisions").json()["items"]
    assert [(d["revision"], d["name"]) for d in revisions] == [(1, "Determine Loan Limit"), (2, "Loan limit")]
    assert rest.get(f"/v2/decisionModelDefinitions/{ref}/revisions/1").json()["name"] == "Determine Loan Limit"
    assert rest.get(f"/v2/decisionModelDefinitions/{ref}/revisions/3").status_code == 404


def test_decision_model_variants(rest):
    definition = rest.post("/v2/decisionModelDefinitions", json={"name": "D"}).json()["ref"]
    r = rest.post(f"/v2/decisionModelDefinitions/{definition}/variants", json={"name": "Seasonal", "definition": "<x/>"})
    assert r.status_code == 201
    variant = r.json()
    assert variant["decisionModelDefinitionRef"] == definition
    assert rest.get(f"/v2/decisionModelVariants/{variant['ref']}").json()["name"] == "Seasonal"
    assert rest.put(f"/v2/decisionModelVariants/{variant['ref']}", json={"name": "Control"}).json()["revision"] == 2
    assert len(rest.get(f"/v2/decisionModelVariants/{variant['ref']}/revisions").json()["items"]) == 2
    assert rest.get(f"/v2/decisionModelVariants/{variant['ref']}/revisions/2").json()["name"] == "Control"
    assert [v["ref"] for v in rest.get(f"/v2/decisionModelDefinitions/{definition}/variants").json()["items"]] == [
        variant["ref"]]
    assert rest.post("/v2/decisionModelDefinitions/unknown/variants", json={"name": "x"}).status_code == 404


def test_batch_flows_jobs(rest, client):
    flow = "9d496538-6079-49ff-8911-9964f0333528"
    assert client.get("/v2/batchFlowsJob", params={"flowRef": flow}).status_code == 401
    [job] = rest.get("/v2/batchFlowsJob", params={"flowRef": flow, "expand": "true"}).json()["items"]
    assert job["flowRef"] == flow and job["status"] == "SUCCESS"
    assert rest.get("/v2/batchFlowsJob", params={"flowRef": flow}).json()["items"] == [{"href": job["href"]}]
    assert rest.get(f"/v2/batchFlowsJob/{job['ref']}").json()["ref"] == job["ref"]
    assert rest.get(f"/v2/batchFlowOutput/{job['ref']}/files").json()["items"] == []
    assert rest.get("/v2/batchFlowsJob/unknown").status_code == 404
