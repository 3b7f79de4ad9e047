"""Audience sync (batch flows) jobs and their output files, as the public Sitecore CDP Postman
collection calls them: ``GET /v2/batchFlowsJob?flowRef=&expand=``, ``GET /v2/batchFlowsJob/{ref}``,
``GET /v2/batchFlowOutput/{ref}/files``.

No public reference documents these shapes. The sandbox runs no batch flows: every flow named in
a ``flowRef`` query has one finished job (its ref derived from the flow ref, so it is stable),
and Python code can add others with ``sandbox.add_record("batchFlowsJob", {...})``."""

from __future__ import annotations

import uuid

import httpx

from ..auth import rest_auth
from ..constants import SANDBOX_HOST
from ..responses import JSON, base_url, iso, json_response
from ..router import Routes
from ..state import Record, State

routes = Routes()


def _job_for(sb: State, flow_ref: str) -> Record:
    ref = str(uuid.uuid5(uuid.NAMESPACE_URL, f"https://{SANDBOX_HOST}/batchFlows/{flow_ref}"))
    job = sb.records["batchFlowsJob"].get(ref)
    if job is None:
        job = sb.add_record("batchFlowsJob", {"flowRef": flow_ref, "status": "SUCCESS", "guestCount": 0}, ref=ref)
    return job


def _json(request: httpx.Request, job: Record, expand: bool = True) -> JSON:
    href = f"{base_url(request)}/v2/batchFlowsJob/{job.ref}"
    if not expand:
        return {"href": href}
    return {"href": href, "ref": job.ref, **job.data, "createdAt": iso(job.created_at),
            "modifiedAt": iso(job.modified_at),
            "output": {"href": f"{base_url(request)}/v2/batchFlowOutput/{job.ref}/files"}}


@routes("GET", r"/v2/batchFlowsJob")
def jobs(sb: State, request: httpx.Request) -> httpx.Response:
    rest_auth(sb, request)
    flow_ref = request.url.params.get("flowRef")
    if flow_ref:
        _job_for(sb, flow_ref)
    found = [j for j in sb.records["batchFlowsJob"].values() if not flow_ref or j.data.get("flowRef") == flow_ref]
    expand = request.url.params.get("expand", "").lower() == "true"
    items = [_json(request, j, expand) for j in found]
    return json_response(200, {"href": str(request.url), "offset": 0, "limit": len(items), "total": len(items),
                               "items": items})


@routes("GET", r"/v2/batchFlowsJob/(?P<ref>[^/]+)")
def job(sb: State, request: httpx.Request, ref: str) -> httpx.Response:
    rest_auth(sb, request)
    return json_response(200, _json(request, sb.record("batchFlowsJob", ref, "batch flows job")))


@routes("GET", r"/v2/batchFlowOutput/(?P<ref>[^/]+)/files")
def output_files(sb: State, request: httpx.Request, ref: str) -> httpx.Response:
    rest_auth(sb, request)
    job_record = sb.record("batchFlowsJob", ref, "batch flows job")
    files = list(job_record.data.get("files") or [])
    return json_response(200, {"href": str(request.url), "ref": ref, "items": files, "total": len(files)})
