"""What the feeds API accepts and answers, as pydantic models, and the OpenAPI description built from them."""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.json_schema import models_json_schema

from bot.config import MAX_BODY_BYTES

MAX_POINTS = 500
GOAL_KEY = r"^G-[0-9]{1,12}$"


class Reason(StrEnum):
    """Why a point was refused; each has a fixed English explanation in `EXPLAINED`."""

    INVALID_POINT = "invalid_point"
    VALUE_NOT_A_NUMBER = "value_not_a_number"
    UNKNOWN_GOAL = "unknown_goal"
    AMBIGUOUS_GOAL = "ambiguous_goal"
    GOAL_NOT_AGREED = "goal_not_agreed"
    NOT_ONE_METRIC = "not_one_metric"
    CYCLE_CLOSED = "cycle_closed"
    TIME_OUTSIDE_CYCLE = "time_outside_cycle"
    OUTSIDE_DEPARTMENT = "outside_department"
    BATCH_REFUSED = "batch_refused"


EXPLAINED = {
    Reason.INVALID_POINT: "the point does not match the MetricPoint schema",
    Reason.VALUE_NOT_A_NUMBER: "value must be a finite JSON number",
    Reason.UNKNOWN_GOAL: "no goal with that key (or owner e-mail and title) in this workspace",
    Reason.AMBIGUOUS_GOAL: "the owner has several goals with that title; use the goal key",
    Reason.GOAL_NOT_AGREED: "the goal is not agreed yet, so its numbers cannot move",
    Reason.NOT_ONE_METRIC: "the goal is not measured by exactly one number (a milestone, or several key results)",
    Reason.CYCLE_CLOSED: "the goal's cycle is closed",
    Reason.TIME_OUTSIDE_CYCLE: "measured_at is outside the goal's cycle",
    Reason.OUTSIDE_DEPARTMENT: "the goal is outside the department this token is limited to",
    Reason.BATCH_REFUSED: "not recorded: the request was atomic and another point was refused",
}


class MetricPoint(BaseModel):
    """One measured value for a goal, named by its key or by its owner's e-mail and its title."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "anyOf": [
                {"required": ["goal"], "properties": {"goal": {"type": "string"}}},
                {
                    "required": ["owner_email", "goal_title"],
                    "properties": {"owner_email": {"type": "string"}, "goal_title": {"type": "string"}},
                },
            ]
        },
    )

    goal: str | None = Field(default=None, pattern=GOAL_KEY, description="The goal's key, e.g. G-142.")
    owner_email: str | None = Field(default=None, min_length=3, max_length=255, description="With goal_title.")
    goal_title: str | None = Field(default=None, min_length=1, max_length=150, description="With owner_email.")
    value: float = Field(strict=True, allow_inf_nan=False, description="The measured value, in the goal's unit.")
    measured_at: AwareDatetime = Field(description="When it was measured (RFC 3339 with a time zone).")
    source_id: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="Your id for this point: the same goal, time and source id is stored once.",
    )

    @model_validator(mode="after")
    def _names_a_goal(self) -> MetricPoint:
        if self.goal is None and (self.owner_email is None or self.goal_title is None):
            raise ValueError("name the goal: `goal`, or `owner_email` and `goal_title`")
        return self

    @field_validator("measured_at", mode="before")
    @classmethod
    def _text_only(cls, value: Any) -> Any:
        if not isinstance(value, str):
            raise ValueError("measured_at must be an RFC 3339 date-time string")
        return value


class MetricsRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    points: list[MetricPoint] = Field(min_length=1, max_length=MAX_POINTS)


class Envelope(BaseModel):
    """What the server reads before looking at each point (the points are checked one by one)."""

    model_config = ConfigDict(extra="forbid")

    points: list[Any] = Field(min_length=1, max_length=MAX_POINTS)


class PointResult(BaseModel):
    index: int = Field(description="The point's position in the request, from 0.")
    status: Literal["recorded", "duplicate", "refused"]
    goal: str | None = Field(default=None, description="The goal's key, when the goal was found.")
    reason: Reason | None = None
    detail: str | None = None


class MetricsResponse(BaseModel):
    recorded: int
    duplicates: int
    refused: int
    atomic: bool
    results: list[PointResult]


class FeedableGoal(BaseModel):
    key: str = Field(description="Use it as `goal` in a point.")
    title: str
    owner_email: str | None
    department: str | None
    cycle: str
    unit: str
    start: float
    target: float
    current: float
    direction: Literal["higher", "lower"]


class GoalsResponse(BaseModel):
    goals: list[FeedableGoal]


class Problem(BaseModel):
    error: str
    detail: str | None = None


def goal_id_of(key: str) -> int:
    return int(key[2:])


def _json(ref: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": ref}}}}


@cache
def openapi() -> dict[str, Any]:
    """The OpenAPI 3.1 description of /api/v1, its schemas generated from the models above (built once)."""
    _, schemas = models_json_schema(
        [
            (MetricsRequest, "validation"),
            (MetricPoint, "validation"),
            (MetricsResponse, "serialization"),
            (GoalsResponse, "serialization"),
            (Problem, "serialization"),
        ],
        ref_template="#/components/schemas/{model}",
    )
    ref = "#/components/schemas/{}".format
    errors = {
        "401": _json(ref("Problem"), "Missing, revoked or unknown token; nothing was recorded."),
        "429": {
            **_json(ref("Problem"), "Too many requests for this token; retry after the given seconds."),
            "headers": {"Retry-After": {"schema": {"type": "integer"}}},
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Perfbot live KPI feeds",
            "version": "1",
            "description": "Push measured KPI values to goals. Authenticate with `Authorization: Bearer <token>` "
            "(HR creates tokens with `/perf api-token new`).",
        },
        "servers": [{"url": "/"}],
        "components": {
            "schemas": schemas["$defs"],
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearer": []}],
        "paths": {
            "/api/v1/metrics": {
                "post": {
                    "summary": "Record measured values (one point, or up to 500 in `points`)",
                    "parameters": [
                        {
                            "name": "atomic",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "boolean", "default": False},
                            "description": "All or nothing: if any point is refused, none is recorded (422).",
                        }
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"oneOf": [{"$ref": ref("MetricsRequest")}, {"$ref": ref("MetricPoint")}]}
                            }
                        },
                    },
                    "responses": {
                        "200": _json(ref("MetricsResponse"), "Each point: recorded, duplicate, or refused with why."),
                        "400": _json(ref("Problem"), "The body is not JSON."),
                        "413": _json(ref("Problem"), f"The body is over {MAX_BODY_BYTES} bytes."),
                        "422": {
                            "description": "The body is not a point or a list of points (a Problem), or the request "
                            "was atomic and a point was refused (a MetricsResponse; nothing was recorded).",
                            "content": {
                                "application/json": {
                                    "schema": {"oneOf": [{"$ref": ref("Problem")}, {"$ref": ref("MetricsResponse")}]}
                                }
                            },
                        },
                        **errors,
                    },
                }
            },
            "/api/v1/goals": {
                "get": {
                    "summary": "The goals this token may feed, with their keys, units, targets and current values",
                    "responses": {"200": _json(ref("GoalsResponse"), "The goals."), **errors},
                }
            },
            "/api/v1/openapi.json": {
                "get": {
                    "summary": "This description",
                    "security": [],
                    "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {}}}},
                }
            },
        },
    }
