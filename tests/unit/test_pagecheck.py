"""The shared page check and the test client catch what they promise to catch."""

from __future__ import annotations

import re

import pytest
from litestar import Litestar, MediaType, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Response

from tests.helpers.client import UnexpectedResponse, checked_client
from tests.pagecheck import RouteTable, page_problems

HEADERS = {"content-security-policy": "default-src 'self'", "x-content-type-options": "nosniff", "referrer-policy": "same-origin"}


def page(body: str, title: str = "Your result | Gemeente Utrecht") -> str:
    return f'<!DOCTYPE html><html lang="en"><head><title>{title}</title></head><body>{body}</body></html>'


@get("/{tenant_slug:str}/check/{step:str}", sync_to_thread=False, media_type=MediaType.HTML)
def step(tenant_slug: FromPath[str], step: FromPath[str]) -> str:
    return ""


@post("/{tenant_slug:str}/check/{step:str}", sync_to_thread=False)
def answer(tenant_slug: FromPath[str], step: FromPath[str]) -> Redirect:
    return Redirect(f"/{tenant_slug}/check-result", status_code=303)


@get("/{tenant_slug:str}/zaken/{case_id:uuid}", sync_to_thread=False, media_type=MediaType.HTML)
def case(tenant_slug: FromPath[str], case_id: FromPath[str]) -> str:
    return ""


@get("/{tenant_slug:str}/page", sync_to_thread=False)
def broken_page(tenant_slug: FromPath[str]) -> Response:
    html = page('<h1>Your result</h1><form method="post" action="/utrecht/nowhere"></form>')
    return Response(html, media_type=MediaType.HTML, headers=HEADERS)


APP = Litestar([step, answer, case, broken_page])
ROUTES = RouteTable(APP)
URL = "http://testserver.local/utrecht/check/income"


def problems(body: str, title: str = "Your result | Gemeente Utrecht") -> list[str]:
    return page_problems(page(body, title), HEADERS, "Gemeente Utrecht", routes=ROUTES, url=URL)


def test_a_good_page_has_no_problems():
    form = '<form method="post" action="/utrecht/check/income"></form><form method="get" action="/utrecht/check/x"></form>'
    assert problems("<h1>Your result</h1>" + form) == []


def test_the_title_must_begin_with_the_h1():
    assert problems("<h1>Your result</h1>", "Error: Your result | Gemeente Utrecht") == []
    assert problems("<h1>Your result</h1>", "Result | Gemeente Utrecht") == [
        "<title> 'Result | Gemeente Utrecht' does not begin with the <h1> 'Your result'"
    ]
    assert problems("<h1>Your <bdi>result</bdi> today</h1>", "Your result | Gemeente Utrecht") == [
        "<title> 'Your result | Gemeente Utrecht' does not begin with the <h1> 'Your result today'"
    ]


def test_a_form_must_go_to_a_route_with_its_method():
    found = problems(
        "<h1>Your result</h1>"
        '<form method="post" action="/utrecht/nowhere"></form>'
        '<form method="post"></form>'
        '<form action="/utrecht/check/x"></form>'
        '<form method="post" action="/utrecht/zaken/not-a-uuid"></form>'
        '<form method="post" action="/utrecht/zaken/0b7c1a52-8f1e-4c55-9d5e-3f2a6a1b9c01"></form>'
        '<form method="get" action="https://evil.example/utrecht/check/x"></form>'
        '<div data-hx-post="/utrecht/zaken/0b7c1a52-8f1e-4c55-9d5e-3f2a6a1b9c01"></div>'
    )
    assert found == [
        "<form> POST '/utrecht/nowhere': no route of the app matches /utrecht/nowhere",
        "<form> POST None: no action (say where the form goes)",
        "<form> (no method) '/utrecht/check/x': a form's method must be GET or POST",
        "<form> POST '/utrecht/zaken/not-a-uuid': no route of the app matches /utrecht/zaken/not-a-uuid",
        "<form> POST '/utrecht/zaken/0b7c1a52-8f1e-4c55-9d5e-3f2a6a1b9c01': the route answers only GET",
        "<form> GET 'https://evil.example/utrecht/check/x': leaves the site",
        "data-hx-post POST '/utrecht/zaken/0b7c1a52-8f1e-4c55-9d5e-3f2a6a1b9c01': the route answers only GET",
    ]


def test_a_relative_action_is_resolved_against_the_page():
    assert problems('<h1>Your result</h1><form method="post" action="other"></form>') == []


async def test_the_client_fails_on_another_status_than_expected():
    async with checked_client(APP) as client:
        await client.post("/utrecht/check/income", expect=303, redirect_to="/utrecht/check-result")
        with pytest.raises(UnexpectedResponse, match="expected 200, got 303 to /utrecht/check-result"):
            await client.post("/utrecht/check/income", expect=200)
        with pytest.raises(TypeError, match="expect"):
            await client.get("/utrecht/check/income")


async def test_a_redirect_must_state_its_target():
    async with checked_client(APP) as client:
        with pytest.raises(UnexpectedResponse, match="state it with redirect_to="):
            await client.post("/utrecht/check/income", expect=303)
        with pytest.raises(UnexpectedResponse, match="redirected to /utrecht/check-result, expected '/utrecht/mijn'"):
            await client.post("/utrecht/check/income", expect=303, redirect_to="/utrecht/mijn")
        await client.post("/utrecht/check/income", expect=303, redirect_to=re.compile(r"/utrecht/check-\w+"))


async def test_every_page_the_client_gets_passes_the_page_check():
    async with checked_client(APP) as client:
        with pytest.raises(AssertionError, match="no route of the app matches /utrecht/nowhere"):
            await client.get("/utrecht/page", expect=200)


SUMMARY = ('<div class="error-summary" role="alert"><h2>There is a problem</h2><ul>'
           '<li><a href="#field-a">{0}</a></li><li><a href="#field-b">{1}</a></li></ul></div>')
FIELD_ERROR = '<p class="error-message" id="error-{0}"><span class="visually-hidden">Error:</span> {1}</p>'


def test_two_error_messages_alike_on_one_page_are_a_problem():
    """A summary that lists "Answer this question" twice does not say which questions."""
    same = SUMMARY.format("Answer this question", "Answer this question")
    assert problems("<h1>Your result</h1>" + same) == [
        "the same error message twice in the error summary (name the question): ['Answer this question']"]
    fields = FIELD_ERROR.format("a", "Enter an amount") + FIELD_ERROR.format("b", "Enter an amount")
    assert problems("<h1>Your result</h1>" + fields) == [
        "the same error message twice in the fields (name the question): ['Error: Enter an amount']"]
    named = SUMMARY.format("Enter your income", "Enter your savings")
    named += FIELD_ERROR.format("a", "Enter your income") + FIELD_ERROR.format("b", "Enter your savings")
    assert problems("<h1>Your result</h1>" + named) == []


def test_htmx_attributes_must_be_written_as_data_hx():
    """htmx reads hx-* and data-hx-*; only the data- form is valid HTML (the Nu Html Checker)."""
    assert problems('<h1>Your result</h1><div hx-get="/utrecht/check/x" hx-target="#a"></div>') == [
        "htmx attributes without data- (not valid HTML): <div hx-get>, <div hx-target>"]
    assert problems('<h1>Your result</h1><div data-hx-get="/utrecht/check/x" data-hx-target="#a"></div>') == []
